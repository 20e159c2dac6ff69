"""``drugview audit``: check drug identity over every monograph (``viewer.audit``).

Exit status 3 when any check finds a violation, so a script or CI can gate on it.
"""

from __future__ import annotations

import argparse
import sys

from viewer import audit
from viewer.cli.catalogue import open_session
from viewer.cli.errors import ExitCode
from viewer.cli.output import print_json


def run(args: argparse.Namespace) -> int:
    with open_session(args.catalogue) as session:
        report = audit.audit(session.catalogue)
    if args.json:
        print_json(audit.report_json(report))
    else:
        sys.stdout.write(audit.render_text(report))
    return ExitCode.VIOLATIONS if report.violations else ExitCode.OK
