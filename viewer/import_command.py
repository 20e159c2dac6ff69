"""``drugview import PATH...``: file official labels, report as it goes, summarise, exit 0 or 2.

Kept apart from ``viewer.cli`` so that the importers (and their parsers) load only when a user
imports. Each skipped file, archive member or record is printed on stdout as it happens, with
its reason; progress goes to stderr at most once a second; the totals come last. The exit
status is 0 when any label was filed (imported or updated), 2 when none could be.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TextIO

from viewer.catalogue.importer import ImportSummary, import_labels
from viewer.catalogue.locate import ensure_catalogue
from viewer.cli_guard import quiet_output
from viewer.paths import data_dir, default_catalogue_path
from viewer.sources.records import Skipped

EXIT_OK = 0
EXIT_NOTHING_IMPORTED = 2


class ImportProgress:
    """Prints a progress line on ``stream`` at most once a second (``clock`` is injectable)."""

    def __init__(self, stream: TextIO, clock: Callable[[], float], every: float = 1.0) -> None:
        self.stream, self.clock, self.every = stream, clock, every
        self.started = self.last = clock()

    def __call__(self, summary: ImportSummary) -> None:
        now = self.clock()
        if now - self.last < self.every:
            return
        self.last = now
        rate = summary.read / max(now - self.started, 1e-9)
        print(
            f"importing: {summary.read} labels read, {summary.imported} imported,"
            f" {summary.updated} updated, {summary.skipped_count} skipped ({rate:.0f} labels/s)",
            file=self.stream,
            flush=True,
        )


def report_skip(skipped: Skipped) -> None:
    """One line per skip, as it happens, so memory does not grow with the number of skips."""
    print(f"skipped {skipped.origin}: {skipped.reason}", flush=True)


def run_import(args: argparse.Namespace) -> int:
    with quiet_output():  # a reader that goes away silences the output, never the import
        return _run_import(args)


def _run_import(args: argparse.Namespace) -> int:
    from viewer.commands import _progress_printer, _say

    if args.catalogue is not None:
        target = args.catalogue
    else:
        target = default_catalogue_path()
        ensure_catalogue(target, data_dir(), _progress_printer(sys.stderr))
    progress = ImportProgress(sys.stderr, time.monotonic)
    summary = import_labels(args.paths, target, progress, report_skip, on_wait=_say(sys.stderr))
    if summary.replaced:
        print(f"imported {summary.filed} labels into {summary.catalogue}", end="")
        print(f" in {summary.seconds:.1f} s")
    else:
        print(f"nothing imported; {summary.catalogue} is unchanged")
    print(
        f"  imported: {summary.imported}  updated: {summary.updated}"
        f"  skipped: {summary.skipped_count}  new monographs: {summary.created_monographs}"
    )
    return EXIT_OK if summary.filed else EXIT_NOTHING_IMPORTED
