"""``drugview info``: the catalogue's schema, build date, counts, source editions and coverage
(how many monographs have each kind of section)."""

from __future__ import annotations

import argparse
import sys

from viewer import export
from viewer.catalogue import section_counts
from viewer.cli.catalogue import open_session
from viewer.cli.errors import ExitCode
from viewer.cli.output import info_text, print_json


def run(args: argparse.Namespace) -> int:
    with open_session(args.catalogue) as session:
        info = session.catalogue.info()
        coverage = session.catalogue.section_coverage()
    if args.json:
        print_json({**export.info_json(info), "coverage": coverage.to_json()})
    else:
        sys.stdout.write(info_text(info))
        sys.stdout.write("coverage:\n")
        sys.stdout.writelines(f"  {line}\n" for line in section_counts.lines(coverage))
    return ExitCode.OK
