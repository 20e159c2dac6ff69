"""``drugview build [--output PATH]``: rebuild a catalogue from the shipped sources."""

from __future__ import annotations

import argparse
import logging
import sys

from viewer.catalogue.build import build_catalogue
from viewer.cli.catalogue import is_catalogue
from viewer.cli.errors import ExitCode
from viewer.cli.progress import build_progress, say
from viewer.paths import data_dir, default_catalogue_path

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    output = (args.output or default_catalogue_path()).expanduser()
    carry = output if is_catalogue(output) else None  # keep the labels imported into it
    summary = build_catalogue(
        data_dir(),
        output,
        build_progress(sys.stderr),
        carry_labels_from=carry,
        on_wait=say(sys.stderr),  # another writer holds the catalogue: say we wait
    )
    log.info("catalogue built: %d monographs in %.1f s", summary.monographs, summary.seconds)
    print(f"built {summary.path} in {summary.seconds:.1f} s")
    if summary.carried_labels:
        print(f"  kept {summary.carried_labels} imported labels from the catalogue it replaced")
    print(
        f"  monographs: {summary.monographs}  forms: {summary.forms}"
        f"  sections: {summary.sections}  names: {summary.names}"
    )
    for key, count in sorted(summary.per_source.items()):
        print(f"  {key}: {count} records")
    return ExitCode.OK
