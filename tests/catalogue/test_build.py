"""Building the catalogue: deterministic, atomic, and merging sources without losing any."""

from __future__ import annotations

import filecmp
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.background import HASH_SEEDS
from viewer.catalogue import schema
from viewer.catalogue.build import build_catalogue
from viewer.catalogue.errors import BuildError
from viewer.catalogue.fingerprint import sources_fingerprint
from viewer.catalogue.locate import ensure_catalogue, rebuild_reason
from viewer.catalogue.store import Catalogue


def content(path: Path) -> list[str]:
    """Every row of every table, as SQL, with the one field that must differ (build date) out."""
    db = sqlite3.connect(path)
    try:
        return [line for line in db.iterdump() if "'build_date'" not in line]
    finally:
        db.close()


def test_two_builds_of_the_same_sources_have_the_same_content(
    tmp_path: Path, fixture_data_dir: Path
) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_catalogue(fixture_data_dir, first)
    build_catalogue(fixture_data_dir, second)
    assert content(first) == content(second)
    assert len(content(first)) > 100


def test_fixed_build_date_gives_a_byte_identical_file(
    tmp_path: Path, fixture_data_dir: Path
) -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    build_catalogue(fixture_data_dir, tmp_path / "a.sqlite", build_date=when)
    build_catalogue(fixture_data_dir, tmp_path / "b.sqlite", build_date=when)
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()


def tables(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        db.close()


def test_a_build_of_real_data_is_the_same_file_whatever_the_hash_seed(
    hash_seed_builds: dict[int, Path], shipped_catalogue: Path
) -> None:
    """Builds of the same real sources, each in a process of its own with its own
    PYTHONHASHSEED (three different ones, new each run), with one build date: the same file,
    byte for byte. So no row, id, order or index depends on the iteration order of a set or
    dict of strings, which changes with the hash seed from one process to the next.

    The sources are a slice of data/ (``tests.background.shipped_slice``): a tenth of its
    drugs, with every source's rows of each, and the drugs that reach the build's rarer
    branches, so that the slice's build takes every branch the build of all of data/ takes
    (but the progress report made every 2,000 monographs). Every table the build of data/
    fills, the slice's build fills too."""
    (seed, first), *others = hash_seed_builds.items()
    assert len(set(hash_seed_builds)) == len(set(hash_seed_builds.values())) == HASH_SEEDS
    for other_seed, other in others:
        if not filecmp.cmp(first, other, shallow=False):
            rows = zip(content(first), content(other), strict=False)
            differ = next(((a, b) for a, b in rows if a != b), "the same rows, in other pages")
            pytest.fail(f"PYTHONHASHSEED={seed} and {other_seed} give different builds: {differ}")
    full, sliced = tables(shipped_catalogue), tables(first)
    assert {n for n, count in full.items() if count} <= {n for n, count in sliced.items() if count}
    assert sliced["monograph"] > 1000 and sliced["label"] > 30, sliced


def test_build_records_metadata_and_source_editions(small_catalogue: Path) -> None:
    with Catalogue.open(small_catalogue) as catalogue:
        info = catalogue.info()
        meta = catalogue.meta()
    assert info.schema_version == schema.SCHEMA_VERSION
    assert datetime.strptime(info.build_date, "%Y-%m-%dT%H:%M:%SZ")
    editions = {s.key: s.edition for s in info.sources}
    assert editions["rxnorm"] == "2025-10-06"
    assert editions["drugsatfda"].startswith("2023-02")
    assert "2024-05-08" in editions["curated"]
    assert len(meta["sources_fingerprint"]) == 64


def test_progress_is_reported(tmp_path: Path, fixture_data_dir: Path) -> None:
    stages: list[str] = []
    build_catalogue(fixture_data_dir, tmp_path / "c.sqlite", lambda s, d, t: stages.append(s))
    assert stages[0] == "reading RxNorm"
    assert "writing monographs" in stages
    assert stages[-1] == "done"


def test_failed_build_leaves_the_previous_catalogue_untouched(
    tmp_path: Path, fixture_data_dir: Path, small_catalogue: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "catalogue.sqlite"
    target.write_bytes(small_catalogue.read_bytes())
    before = target.read_bytes()
    broken = tmp_path / "broken-data"
    (broken / "sources").mkdir(parents=True)
    (broken / "sources" / "rxnorm.json.gz").write_bytes(b"not gzip at all")
    with pytest.raises(BuildError, match="cannot read the sources"):
        build_catalogue(broken, target)
    assert target.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["catalogue.sqlite"]


def test_a_build_interrupted_while_writing_leaves_no_temporary_file(
    tmp_path: Path, fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    target = folder / "catalogue.sqlite"

    def fail(stage: str, done: int, total: int) -> None:
        if stage == "indexing":
            raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(BuildError, match="cannot write"):
        build_catalogue(fixture_data_dir, target, fail)
    assert list(folder.iterdir()) == []


def test_managed_catalogue_is_built_when_missing_and_rebuilt_when_sources_change(
    tmp_path: Path, fixture_data_dir: Path
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data)
    target = tmp_path / "managed.sqlite"
    assert rebuild_reason(target, data) == "no catalogue yet"
    assert ensure_catalogue(target, data) is not None
    assert rebuild_reason(target, data) is None
    assert ensure_catalogue(target, data) is None  # current: not rebuilt

    curated = data / "curated" / "avonex.toml"
    curated.write_text(curated.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rebuild_reason(target, data) == "the shipped sources have changed since it was built"
    fingerprint = sources_fingerprint(data)
    ensure_catalogue(target, data)
    with Catalogue.open(target) as catalogue:
        assert catalogue.meta()["sources_fingerprint"] == fingerprint


def test_managed_catalogue_that_is_damaged_is_rebuilt(
    tmp_path: Path, fixture_data_dir: Path
) -> None:
    target = tmp_path / "managed.sqlite"
    target.write_bytes(b"garbage")
    assert rebuild_reason(target, fixture_data_dir).startswith("the catalogue cannot be used")
    ensure_catalogue(target, fixture_data_dir)
    with Catalogue.open(target) as catalogue:
        assert catalogue.monograph_count() > 0
