"""``drugview interactions NAME NAME [NAME...]``: what each label says about the others.

Kept apart from ``viewer.cli`` (which only registers the command) so that the catalogue and the
label reading load only when the command runs. Each name is resolved as ``drugview show`` resolves
one (id, slug, or best name hit); an unknown name is a user error (exit 2) with a spelling
suggestion when one is near.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

HELP = "quote what each drug's label says about the others (a medication list)"


def add_command(
    add: Callable[[str, Callable[[argparse.Namespace], int], str], Any],
    with_catalogue: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Register the subcommand on the CLI's parser (``add`` and ``with_catalogue`` are its own)."""
    command = add("interactions", run, HELP)
    command.add_argument("names", nargs="+", metavar="NAME", help="two or more drugs")
    with_catalogue(command)
    command.add_argument("--json", action="store_true", help="print a JSON object")


def run(args: argparse.Namespace) -> int:
    from viewer.cli import EXIT_OK, UserError
    from viewer.commands import open_catalogue, resolve_monograph
    from viewer.interactions_report import findings_json, findings_text
    from viewer.medication_list import MedicationList, entry_for, findings

    if len(args.names) < 2:
        raise UserError("name at least two drugs to compare their labels")
    with open_catalogue(getattr(args, "catalogue", None)) as catalogue:
        medications = MedicationList()
        for name in args.names:
            monograph = resolve_monograph(catalogue, name)
            if not medications.add(entry_for(monograph)):
                raise UserError(f"{name!r} names {monograph.title}, which is already listed")
        drugs, pairs = findings(catalogue, medications.entries)
    if args.json:
        json.dump(findings_json(drugs, pairs), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(findings_text(drugs, pairs))
    return EXIT_OK
