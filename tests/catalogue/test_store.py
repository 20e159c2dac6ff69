"""The store opens catalogues read-only and refuses every kind of bad file with a clear message."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from viewer.catalogue import errors, schema
from viewer.catalogue.store import Catalogue


def copy_of(source: Path, folder: Path, name: str = "catalogue.sqlite") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(source, target)
    return target


def alter(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def make_missing(folder: Path, good: Path) -> Path:
    return folder / "nothing-here.sqlite"


def make_empty(folder: Path, good: Path) -> Path:
    path = folder / "empty.sqlite"
    path.write_bytes(b"")
    return path


def make_random(folder: Path, good: Path) -> Path:
    path = folder / "random.sqlite"
    # noise, the same every run: os.urandom's began with "{" or "[" (a JSON file) now and then
    path.write_bytes(random.Random(8192).randbytes(8192))
    return path


def make_html(folder: Path, good: Path) -> Path:
    path = folder / "download.sqlite"
    path.write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>", encoding="utf-8")
    return path


def make_truncated(folder: Path, good: Path) -> Path:
    path = folder / "truncated.sqlite"
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_foreign(folder: Path, good: Path) -> Path:
    path = folder / "places.sqlite"
    alter(path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    return path


def make_tables_missing(folder: Path, good: Path) -> Path:
    path = copy_of(good, folder, "missing-tables.sqlite")
    alter(path, "DROP TABLE form", "DROP TABLE review")
    return path


def make_newer(folder: Path, good: Path) -> Path:
    path = copy_of(good, folder, "newer.sqlite")
    alter(path, f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    return path


def make_directory(folder: Path, good: Path) -> Path:
    path = folder / "a-folder.sqlite"
    path.mkdir()
    return path


BAD_FILES: list[tuple[str, Callable[[Path, Path], Path], type, str]] = [
    ("missing", make_missing, errors.CatalogueMissing, "no catalogue file here"),
    ("empty", make_empty, errors.NotACatalogue, "is empty"),
    ("random bytes", make_random, errors.NotACatalogue, "not an SQLite database"),
    ("html renamed", make_html, errors.NotACatalogue, "is an HTML page"),
    ("truncated", make_truncated, errors.CatalogueDamaged, "is truncated"),
    ("foreign sqlite", make_foreign, errors.NotACatalogue, "another program"),
    ("tables missing", make_tables_missing, errors.CatalogueDamaged, "lacks tables: form, review"),
    ("newer schema", make_newer, errors.CatalogueTooNew, "newer drugview (schema 3)"),
    ("directory", make_directory, errors.NotACatalogue, "is a folder"),
]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.name: (p.read_bytes() if p.is_file() else None) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("make", "error_type", "words"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_bad_file_gets_a_clear_message_and_is_left_untouched(
    tmp_path: Path, small_catalogue: Path, make: Callable, error_type: type, words: str
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = make(folder, small_catalogue)
    before = snapshot(folder)
    with pytest.raises(error_type) as caught:
        Catalogue.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert words in message
    assert "\n" not in message
    assert "Traceback" not in message
    assert snapshot(folder) == before  # same bytes, and no journal, WAL or SHM file beside it


def test_good_catalogue_is_opened_read_only_and_left_byte_identical(
    tmp_path: Path, small_catalogue: Path
) -> None:
    folder = tmp_path / "files"
    path = copy_of(small_catalogue, folder)
    before = snapshot(folder)
    with Catalogue.open(path) as catalogue:
        assert catalogue.monograph_count() > 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            catalogue._db.execute("DELETE FROM monograph")
    assert snapshot(folder) == before


def test_a_read_only_file_on_disk_opens(tmp_path: Path, small_catalogue: Path) -> None:
    path = copy_of(small_catalogue, tmp_path / "ro")
    path.chmod(0o444)
    (tmp_path / "ro").chmod(0o555)
    try:
        with Catalogue.open(path) as catalogue:
            assert catalogue.info().monographs > 0
    finally:
        (tmp_path / "ro").chmod(0o755)


def test_path_with_uri_special_characters_opens(tmp_path: Path, small_catalogue: Path) -> None:
    path = copy_of(small_catalogue, tmp_path / "odd #?% name", "cat?a#log%ue.sqlite")
    with Catalogue.open(path) as catalogue:
        assert catalogue.monograph_id_for_slug("avonex") is not None


def test_info_counts_and_sources(small_catalogue: Path) -> None:
    with Catalogue.open(small_catalogue) as catalogue:
        info = catalogue.info()
    assert info.monographs >= info.brands > 0
    assert info.forms > info.monographs
    assert {s.key for s in info.sources} == {"rxnorm", "drugsatfda", "curated"}
    assert all(s.edition for s in info.sources)


def test_unknown_monograph_is_none(small_catalogue: Path) -> None:
    with Catalogue.open(small_catalogue) as catalogue:
        assert catalogue.monograph(10**9) is None
        assert catalogue.monograph_id_for_slug("no-such-drug") is None
