"""``drugview info``: the catalogue's schema, build date, counts and source editions."""

from __future__ import annotations

import argparse
import sys

from viewer import export
from viewer.cli.catalogue import open_session
from viewer.cli.errors import ExitCode
from viewer.cli.output import info_text, print_json


def run(args: argparse.Namespace) -> int:
    with open_session(args.catalogue) as session:
        info = session.catalogue.info()
    if args.json:
        print_json(export.info_json(info))
    else:
        sys.stdout.write(info_text(info))
    return ExitCode.OK
