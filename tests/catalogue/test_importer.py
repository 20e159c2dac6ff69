"""An import indexes label text in bulk, yet leaves the text index as a full rebuild would."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from viewer.catalogue import writer
from viewer.catalogue.importer import import_labels
from viewer.catalogue.writer import CatalogueWriter

LABELS = FIXTURES / "labels"


@pytest.fixture
def catalogue(tmp_path: Path, small_catalogue: Path) -> Path:
    target = tmp_path / "catalogue.sqlite"
    shutil.copyfile(small_catalogue, target)
    return target


def settings(path: Path) -> list[tuple[str, object]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT k, v FROM section_fts_config ORDER BY k").fetchall()
    finally:
        db.close()


def index_entries(path: Path) -> list[tuple[str, int, str, int]]:
    """Every (term, row, column, offset) of the text index."""
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE VIRTUAL TABLE temp.entries USING fts5vocab(main, section_fts, instance)")
        return db.execute("SELECT * FROM temp.entries ORDER BY 1, 2, 3, 4").fetchall()
    finally:
        db.close()


def rebuilt_index(catalogue: Path, copy: Path) -> Path:
    """A copy of ``catalogue`` whose text index FTS5 has checked and rebuilt from the text."""
    shutil.copyfile(catalogue, copy)
    db = sqlite3.connect(copy)
    db.execute("INSERT INTO section_fts(section_fts, rank) VALUES ('integrity-check', 1)")
    db.execute("INSERT INTO section_fts(section_fts) VALUES ('rebuild')")
    db.commit()
    db.close()
    return copy


def test_the_imported_index_is_the_index_of_the_stored_text(
    tmp_path: Path, catalogue: Path
) -> None:
    before = settings(catalogue)
    summary = import_labels([LABELS], catalogue, on_skip=lambda skipped: None)
    assert summary.imported == 6
    assert settings(catalogue) == before  # FTS5's defaults again, as the file had them
    rebuilt = rebuilt_index(catalogue, tmp_path / "rebuilt.sqlite")
    entries = index_entries(catalogue)
    assert len({row for _, row, _, _ in entries}) > 50
    assert entries == index_entries(rebuilt)


def test_index_settings_the_file_had_are_kept(catalogue: Path) -> None:
    db = sqlite3.connect(catalogue)
    db.execute("INSERT INTO section_fts(section_fts, rank) VALUES ('automerge', 2)")
    db.commit()
    db.close()
    import_labels([LABELS / "spl"], catalogue, on_skip=lambda skipped: None)
    assert ("automerge", 2) in settings(catalogue)
    assert "hashsize" not in dict(settings(catalogue))


class _Defensive:
    """A connection whose FTS5 shadow tables cannot be written (SQLite's defensive mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        if sql.startswith("DELETE FROM section_fts_config"):
            raise sqlite3.DatabaseError("table section_fts_config may not be modified")
        return self.db.execute(sql, parameters)


def test_without_write_access_to_its_settings_the_index_gets_fts5_defaults(
    catalogue: Path,
) -> None:
    db = sqlite3.connect(catalogue, isolation_level=None)
    had = CatalogueWriter(db).index_in_bulk()
    assert had == {}
    CatalogueWriter(_Defensive(db)).restore_index_settings(had)  # type: ignore[arg-type]
    db.close()
    assert dict(settings(catalogue)) == {"version": 4, **writer.FTS5_DEFAULTS}


def test_newer_versions_replace_the_old_ones_in_the_index(tmp_path: Path, catalogue: Path) -> None:
    """Replacing labels deletes their rows from the index while it is written in bulk."""
    import_labels([LABELS / "spl"], catalogue, on_skip=lambda skipped: None)
    newer = tmp_path / "newer"
    newer.mkdir()
    for source in sorted((LABELS / "spl").glob("*.xml")):
        xml = source.read_text(encoding="utf-8")
        start = xml.index('<versionNumber value="') + len('<versionNumber value="')
        version = int(xml[start : xml.index('"', start)])
        xml = xml[:start] + str(version + 1) + xml[xml.index('"', start) :]
        (newer / source.name).write_text(xml.replace("adalimumab", "adalimumab-newer"), "utf-8")
    summary = import_labels([newer], catalogue, on_skip=lambda skipped: None)
    assert summary.updated == 4
    rebuilt = rebuilt_index(catalogue, tmp_path / "rebuilt.sqlite")
    entries = index_entries(catalogue)
    assert any(term == "newer" for term, *_ in entries)
    assert entries == index_entries(rebuilt)
