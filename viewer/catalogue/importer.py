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

from viewer.catalogue import schema
from viewer.catalogue.atomic import replacing
from viewer.catalogue.errors import CatalogueError
from viewer.catalogue.labels import LabelWriter, Outcome
from viewer.catalogue.store import Catalogue, check_file
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
        for statement in schema.LATER_INDEXES:  # a file from before these indexes gets them
            db.execute(statement)
        settings = _index_in_bulk(db)
        writer = LabelWriter(db)
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
            _merge_index(db)
            db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('labels_imported_at', ?)",
                (datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),),
            )
        db.execute("COMMIT")
        _restore_index_settings(db, settings)
    finally:
        db.close()


# How the text index is written during an import (FTS5's own settings, kept in the file):
# its in-memory part is written out in 8 MB pieces instead of 1 MB, and segments are merged
# only when 16 pile up on a level (FTS5's "crisis merge") instead of a little after every
# piece; at the end one bounded merge (at most FINAL_MERGE_PAGES pages written) folds
# together the small segments an import of new versions leaves (each label replaced writes
# one out). Queries see the same rows and ranks either way. For the 363 real labels the
# index is written in about half the time and ends with 10 segments (8 after newer versions
# of them all are imported on top), where merging as it goes left 11 (10). The settings the
# file had are put back afterwards.
BULK_INDEX_SETTINGS = {"automerge": 0, "hashsize": 8 * 1024 * 1024}
FTS5_DEFAULTS = {"automerge": 4, "hashsize": 1024 * 1024}
FINAL_MERGE_PAGES = 2000  # about 8 MB of index pages; 0.1 s for 363 replaced labels
_INDEX = "section_fts"


def _merge_index(db: sqlite3.Connection) -> None:
    """Write out the index's in-memory part and merge levels that hold 4 or more segments,
    writing at most ``FINAL_MERGE_PAGES`` pages (FTS5's "merge" command)."""
    db.execute(f"INSERT INTO {_INDEX}({_INDEX}, rank) VALUES ('merge', ?)", (FINAL_MERGE_PAGES,))


def _index_in_bulk(db: sqlite3.Connection) -> dict[str, object]:
    """Set ``BULK_INDEX_SETTINGS``; returns the values the file had (absent: not there)."""
    keys = tuple(BULK_INDEX_SETTINGS)
    had = dict(
        db.execute(
            f"SELECT k, v FROM {_INDEX}_config WHERE k IN ({', '.join('?' * len(keys))})", keys
        ).fetchall()
    )
    for key, value in BULK_INDEX_SETTINGS.items():
        db.execute(f"INSERT INTO {_INDEX}({_INDEX}, rank) VALUES (?, ?)", (key, value))
    return had


def _restore_index_settings(db: sqlite3.Connection, had: dict[str, object]) -> None:
    """Put back what ``_index_in_bulk`` changed, after the import's commit. A setting the
    file did not have is removed from FTS5's own settings table, so the file keeps FTS5's
    defaults exactly as before."""
    for key in BULK_INDEX_SETTINGS:
        if key in had:
            db.execute(f"INSERT INTO {_INDEX}({_INDEX}, rank) VALUES (?, ?)", (key, had[key]))
        else:
            try:
                db.execute(f"DELETE FROM {_INDEX}_config WHERE k = ?", (key,))
            except sqlite3.DatabaseError:  # a SQLite in defensive mode: FTS5's default, then
                default = FTS5_DEFAULTS[key]
                db.execute(f"INSERT INTO {_INDEX}({_INDEX}, rank) VALUES (?, ?)", (key, default))
