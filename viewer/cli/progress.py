"""Progress on stderr for the long commands: catalogue builds and label imports."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from viewer.catalogue.importer import ImportSummary
    from viewer.sources.records import Skipped


def build_progress(stream: TextIO) -> Callable[[str, int, int], None]:
    """A build's stages, one line each: "building catalogue: STAGE [DONE/TOTAL]"."""

    def report(stage: str, done: int, total: int) -> None:
        if stage == "done":
            return
        suffix = f" {done}/{total}" if total > 1 else ""
        print(f"building catalogue: {stage}{suffix}", file=stream, flush=True)

    return report


def say(stream: TextIO) -> Callable[[str], None]:
    """A callback that prints a one-line message (such as "waiting for another import")."""
    return lambda message: print(message, file=stream, flush=True)


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
    """One line per skip on stdout, as it happens, so memory does not grow with the skips."""
    print(f"skipped {skipped.origin}: {skipped.reason}", flush=True)
