"""``drugview interactions NAME NAME [NAME...]``: what each label says about the others.

Each name is resolved as ``drugview show`` resolves one (id, slug, or best name hit); an unknown
name is a user error (exit 2) with a spelling suggestion when one is near.
"""

from __future__ import annotations

import argparse
import sys

from viewer.cli.catalogue import open_session
from viewer.cli.errors import ExitCode, UserError
from viewer.cli.output import print_json
from viewer.interactions_report import findings_json, findings_text
from viewer.medication_list import MedicationList, entry_for, findings


def run(args: argparse.Namespace) -> int:
    if len(args.names) < 2:
        raise UserError("name at least two drugs to compare their labels")
    with open_session(args.catalogue) as session:
        medications = MedicationList()
        for name in args.names:
            monograph = session.resolve(name)
            if not medications.add(entry_for(monograph)):
                raise UserError(f"{name!r} names {monograph.title}, which is already listed")
        drugs, pairs = findings(session.catalogue, medications.entries)
    if args.json:
        print_json(findings_json(drugs, pairs))
    else:
        sys.stdout.write(findings_text(drugs, pairs))
    return ExitCode.OK
