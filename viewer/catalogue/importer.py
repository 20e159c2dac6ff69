"""``drugview import``: file label documents into a catalogue, atomically.

The catalogue is never changed in place. Under the writer lock of ``viewer.catalogue.atomic``
it is copied through SQLite to a temporary file beside it, the labels are filed into the copy
in one transaction, and only a complete copy is renamed over the original, after checking that
the original did not change meanwhile. An import that fails, is interrupted or is killed leaves
the previous catalogue exactly as it was (the temporary file of a killed import is removed by
the next writer). When nothing could be imported, the original is left untouched too.

Labels are read one at a time (see ``viewer.sources.labelfiles``), so memory does not grow with
the size of the files; progress is reported as labels are filed.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from viewer.catalogue.atomic import replacing
from viewer.catalogue.errors import CatalogueError
from viewer.catalogue.labels import LabelWriter, Outcome
from viewer.catalogue.store import Catalogue, check_file
from viewer.catalogue.writer import CatalogueWriter
from viewer.sources.labelfiles import read_labels
from viewer.sources.records import Skipped


@dataclass
class ImportSummary:
    """What an import did. Each thing not filed is counted in ``skipped_count`` and handed to
    the caller's ``on_skip`` as it happens, or, without one, kept in ``skipped``."""

    catalogue: Path
    imported: int = 0
    updated: int = 0
    created_monographs: int = 0
    skipped_count: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    replaced: bool = False

    @property
    def filed(self) -> int:
        return self.imported + self.updated

    @property
    def read(self) -> int:
        return self.imported + self.updated + self.skipped_count


ImportProgress = Callable[[ImportSummary], None]
SkipHandler = Callable[[Skipped], None]


def import_labels(
    paths: Iterable[Path],
    catalogue: Path,
    progress: ImportProgress | None = None,
    on_skip: SkipHandler | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> ImportSummary:
    """File every label under ``paths`` into ``catalogue`` (replaced only when complete).

    ``on_skip`` receives each skipped file, member or record as it happens (so a huge import
    with many skips keeps its memory bounded); without it the skips are kept in the summary.

    Only one writer works on a catalogue at a time (``viewer.catalogue.atomic``): another one
    running makes this wait, calling ``on_wait`` once with a message.

    Raises ``CatalogueError`` when ``catalogue`` is not a usable catalogue and ``BuildError``
    (``CatalogueBusy``, ``CatalogueChanged``) when the new file cannot be written or swapped
    in; in every case nothing has changed.
    """
    started = time.monotonic()
    catalogue = catalogue.expanduser()
    check_file(catalogue)  # a clear error for a missing or foreign file, before any lock
    summary = ImportSummary(catalogue)
    report = progress or (lambda summary: None)
    skip = on_skip or summary.skipped.append
    with replacing(catalogue, from_existing=True, on_wait=on_wait) as new:
        _check_snapshot(new.path, catalogue)
        _file_labels(new.path, paths, summary, report, skip)
        new.keep = summary.filed > 0  # nothing filed: the original stays untouched
    summary.replaced = summary.filed > 0
    summary.seconds = time.monotonic() - started
    return summary


def _check_snapshot(snapshot: Path, catalogue: Path) -> None:
    """Check the copy (made through SQLite, WAL included), naming the user's file on error."""
    try:
        Catalogue.open(snapshot).close()
    except CatalogueError as error:
        raise type(error)(catalogue, error.problem, error.advice) from None


def _file_labels(
    path: Path,
    paths: Iterable[Path],
    summary: ImportSummary,
    report: ImportProgress,
    skip: SkipHandler,
) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # the copy is discarded on any failure
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -65536")
        db.execute("BEGIN")
        rows = CatalogueWriter(db)
        rows.add_later_indexes()  # a file from before these indexes gets them
        settings = rows.index_in_bulk()
        writer = LabelWriter(db, rows)
        for item in read_labels(paths):
            if isinstance(item, Skipped):
                summary.skipped_count += 1
                skip(item)
            else:
                filed = writer.apply(item)
                if filed.outcome is Outcome.IMPORTED:
                    summary.imported += 1
                    summary.created_monographs += filed.created
                elif filed.outcome is Outcome.UPDATED:
                    summary.updated += 1
                else:
                    summary.skipped_count += 1
                    skip(Skipped(item.origin, filed.reason))
            report(summary)
        writer.finish()
        if summary.filed:
            rows.merge_index()
            rows.put_meta({"labels_imported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
        db.execute("COMMIT")
        rows.restore_index_settings(settings)
    finally:
        db.close()
