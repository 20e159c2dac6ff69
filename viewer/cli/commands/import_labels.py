"""``drugview import PATH...``: file official labels, report as it goes, summarise.

Each skipped file, archive member or record is printed on stdout as it happens, with its
reason; progress goes to stderr at most once a second; the totals come last. The exit status
is 0 when any label was filed (imported or updated), 2 when none could be.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from viewer.catalogue.importer import import_labels
from viewer.cli.catalogue import ensure_managed
from viewer.cli.errors import ExitCode
from viewer.cli.guard import quiet_output
from viewer.cli.progress import ImportProgress, report_skip, say

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    with quiet_output():  # a reader that goes away silences the output, never the import
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    target = args.catalogue if args.catalogue is not None else ensure_managed()
    progress = ImportProgress(sys.stderr, time.monotonic)
    summary = import_labels(args.paths, target, progress, report_skip, on_wait=say(sys.stderr))
    log.info(
        "labels imported into %s: %d imported, %d updated, %d skipped in %.1f s",
        summary.catalogue,
        summary.imported,
        summary.updated,
        summary.skipped_count,
        summary.seconds,
    )
    if summary.replaced:
        print(f"imported {summary.filed} labels into {summary.catalogue}", end="")
        print(f" in {summary.seconds:.1f} s")
    else:
        print(f"nothing imported; {summary.catalogue} is unchanged")
    print(
        f"  imported: {summary.imported}  updated: {summary.updated}"
        f"  skipped: {summary.skipped_count}  new monographs: {summary.created_monographs}"
    )
    return ExitCode.OK if summary.filed else ExitCode.USER
