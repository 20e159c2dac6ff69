"""``drugview show ID_OR_NAME``: one monograph as text or JSON."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from viewer import export
from viewer.cleantext import for_terminal
from viewer.cli.catalogue import open_session
from viewer.cli.errors import ExitCode
from viewer.cli.output import monograph_text, print_json


def run(args: argparse.Namespace) -> int:
    with open_session(args.catalogue) as session:
        monograph = session.resolve(args.id_or_name)
    if args.json:
        print_json(export.monograph_json(monograph))
    else:
        sys.stdout.write(for_terminal(monograph_text(monograph, date.today())))
    return ExitCode.OK
