"""One writer at a time, no lost updates: real processes importing into one catalogue.

Each test runs ``drugview import`` (or a foreign SQLite writer) in its own process, as a busy
pharmacy would, and then reads the catalogue back: every import that reported success is in
it, a refused one says why in one line, and nothing but the catalogue is left beside it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import test_import_cli
from tests.conftest import FIXTURES, REPO
from tests.test_import_cli import openfda_file
from viewer.catalogue.atomic import (
    CatalogueChanged,
    lock_path,
    replacing,
    sweep,
    writer_lock,
)
from viewer.catalogue.errors import CataloguePendingWal
from viewer.catalogue.store import Catalogue
from viewer.cli import main
from viewer.cli.commands import build as build_command

SAMPLE = FIXTURES / "labels" / "openfda" / "labels-sample.json"
catalogue = test_import_cli.catalogue  # the fixture: a copy of the small catalogue


def drugview(*argv: str | Path, **options: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), *map(str, argv)],
        stdout=subprocess.PIPE,
        text=True,
        **{"stderr": subprocess.PIPE, **options},  # type: ignore[arg-type]
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


def set_ids(path: Path) -> set[str]:
    with Catalogue.open(path) as opened:
        return {label.set_id for label in opened.stored_labels()}


def execute(path: Path, sql: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute(sql)
    finally:
        db.close()


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def wait_for(predicate: object, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def release_when_read(fifo: Path, seconds: float = 120) -> None:
    """Let the reader blocked on opening ``fifo`` go on: open it for writing (once the reader
    is there) and close it, so that it reads an empty file."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            return
        except OSError:  # ENXIO: nobody is reading it yet
            assert time.monotonic() < deadline, f"timed out waiting for a reader of {fifo}"
            time.sleep(0.01)


def test_two_imports_at_once_both_end_up_in_the_catalogue(tmp_path: Path, catalogue: Path) -> None:
    # The first import holds the lock while it waits on a named pipe that the test opens only
    # once the second import has said it is waiting: the overlap is certain, not a race.
    held = tmp_path / "held.json"
    os.mkfifo(held)
    first = openfda_file(tmp_path / "first.json", 30)
    second = openfda_file(tmp_path / "second.json", 30, start=5000)
    one = drugview("import", held, first, "--catalogue", catalogue)
    wait_for(lock_path(catalogue).exists, "the first import to take the lock")
    two_err = tmp_path / "two.err"
    with open(two_err, "w", encoding="utf-8") as err_file:
        two = drugview("import", second, "--catalogue", catalogue, stderr=err_file)
        waiting = f"waiting: another import or build is running on {catalogue}"
        wait_for(lambda: waiting in two_err.read_text(encoding="utf-8"), "the second to wait")
        release_when_read(held)
        code_one, _, err_one = finish(one)
        code_two = two.wait(timeout=600)
    err_two = two_err.read_text(encoding="utf-8")
    assert (code_one, code_two) == (0, 0), err_one + err_two
    filed = set_ids(catalogue)
    assert "bench-set-00000000" in filed and "bench-set-00000029" in filed  # the first's
    assert "bench-set-00005000" in filed and "bench-set-00005028" in filed  # the second's
    assert beside(catalogue) == ["catalogue.sqlite"]


def test_an_import_against_a_foreign_write_lock_is_refused_and_loses_nothing(
    catalogue: Path,
) -> None:
    foreign = sqlite3.connect(catalogue, isolation_level=None)
    foreign.execute("BEGIN IMMEDIATE")
    foreign.execute("INSERT INTO meta VALUES ('pharmacy_note', 'written by another program')")
    code, _, err = finish(drugview("import", SAMPLE, "--catalogue", catalogue))
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"another program is writing to the catalogue {catalogue}" in err
    foreign.execute("COMMIT")  # the foreign program's commit is not lost
    foreign.close()
    with Catalogue.open(catalogue) as opened:
        assert opened.meta()["pharmacy_note"] == "written by another program"
    code, _, err = finish(drugview("import", SAMPLE, "--catalogue", catalogue))
    assert code == 0, err  # once it has finished, the import goes ahead and keeps its change
    with Catalogue.open(catalogue) as opened:
        assert opened.meta()["pharmacy_note"] == "written by another program"
        assert len(list(opened.stored_labels())) == 2


def leave_pending_wal(path: Path) -> None:
    """Commit a change in WAL mode and die before SQLite folds it into the file."""
    script = (
        "import os, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA journal_mode = WAL')\n"
        "db.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "db.execute(\"INSERT INTO meta VALUES ('pharmacy_note', 'only in the WAL')\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, timeout=60)
    assert path.with_name(path.name + "-wal").stat().st_size > 0


def test_a_pending_wal_is_refused_by_readers_and_kept_by_an_import(catalogue: Path) -> None:
    leave_pending_wal(catalogue)
    with pytest.raises(CataloguePendingWal, match=r"catalogue\.sqlite-wal"):
        Catalogue.open(catalogue)
    code, _, err = finish(drugview("info", "--catalogue", catalogue))
    assert code == 2 and err.count("\n") == 1
    assert "changes that are not yet in the file" in err
    code, _, err = finish(drugview("import", SAMPLE, "--catalogue", catalogue))
    assert code == 0, err
    assert beside(catalogue) == ["catalogue.sqlite"]  # no stale -wal beside the new file
    with Catalogue.open(catalogue) as opened:
        assert opened.meta()["pharmacy_note"] == "only in the WAL"
        assert len(list(opened.stored_labels())) == 2


def test_a_build_over_a_pending_wal_carries_it_over(
    tmp_path: Path,
    catalogue: Path,
    fixture_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    labels = openfda_file(tmp_path / "labels.json", 3, start=7002)  # 7003 is skipped
    code, _, err = finish(drugview("import", labels, "--catalogue", catalogue))
    assert code == 0, err
    leave_pending_wal(catalogue)
    # `drugview build` as the command runs it, from the small sources the catalogue was made of
    monkeypatch.setattr(build_command, "data_dir", lambda: fixture_data_dir)
    monkeypatch.setenv("DRUGVIEW_CATALOGUE", str(catalogue))
    code = main(["build", "--output", str(catalogue)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "kept 2 imported labels" in out  # read through SQLite from the file and its WAL
    assert beside(catalogue) == ["catalogue.sqlite"]
    assert {"bench-set-00007002", "bench-set-00007004"} <= set_ids(catalogue)


def test_a_wal_mode_catalogue_with_nothing_pending_is_copied_whole(catalogue: Path) -> None:
    """No changes wait in a WAL: the snapshot is a copy of the file, and the new catalogue
    holds everything the old one did, in rollback-journal mode, with nothing left beside it."""
    db = sqlite3.connect(catalogue, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("INSERT INTO meta VALUES ('pharmacy_note', 'checkpointed on close')")
    db.close()  # the last connection folds the WAL into the file and removes it
    assert beside(catalogue) == ["catalogue.sqlite"]
    with replacing(catalogue, from_existing=True) as new:
        copied = sqlite3.connect(new.path)
        assert copied.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copied.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copied.close()
        new.keep = False
    code, _, err = finish(drugview("import", SAMPLE, "--catalogue", catalogue))
    assert code == 0, err
    assert beside(catalogue) == ["catalogue.sqlite"]
    with Catalogue.open(catalogue) as opened:
        assert opened.meta()["pharmacy_note"] == "checkpointed on close"
        assert len(list(opened.stored_labels())) == 2


def test_an_import_through_a_symlink_updates_its_target(tmp_path: Path, catalogue: Path) -> None:
    links = tmp_path / "links"
    links.mkdir()
    link = links / "current.sqlite"
    link.symlink_to(catalogue)
    code, _, err = finish(drugview("import", SAMPLE, "--catalogue", link))
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == catalogue.resolve()
    assert len(set_ids(catalogue)) == 2
    assert beside(catalogue) == ["catalogue.sqlite"] and beside(link) == ["current.sqlite"]


def test_a_catalogue_replaced_during_the_write_is_not_overwritten(
    tmp_path: Path, catalogue: Path
) -> None:
    other = tmp_path / "other.sqlite"
    shutil.copyfile(catalogue, other)
    execute(other, "INSERT INTO meta VALUES ('pharmacy_note', 'put in place meanwhile')")
    changed = pytest.raises(CatalogueChanged, match="changed by another program")
    with changed, replacing(catalogue, from_existing=True) as new:
        execute(new.path, "INSERT INTO meta VALUES ('ours', 'lost if swapped')")
        os.replace(other, catalogue)  # a program that ignores the lock
    with Catalogue.open(catalogue) as opened:
        assert opened.meta()["pharmacy_note"] == "put in place meanwhile"
        assert "ours" not in opened.meta()
    assert beside(catalogue) == ["catalogue.sqlite"]


def test_nothing_kept_leaves_the_catalogue_byte_identical(catalogue: Path) -> None:
    before = catalogue.read_bytes()
    with replacing(catalogue, from_existing=True) as new:
        execute(new.path, "INSERT INTO meta VALUES ('ours', 'discarded')")
        new.keep = False
    assert catalogue.read_bytes() == before
    assert beside(catalogue) == ["catalogue.sqlite"]


def test_an_error_while_writing_removes_the_temporary_files(catalogue: Path) -> None:
    before = catalogue.read_bytes()
    with pytest.raises(KeyboardInterrupt), replacing(catalogue, from_existing=True) as new:
        new.snapshot()
        assert len(beside(catalogue)) == 4  # catalogue, lock, temporary, snapshot
        raise KeyboardInterrupt
    assert catalogue.read_bytes() == before
    assert beside(catalogue) == ["catalogue.sqlite"]


def test_sweep_removes_what_a_killed_writer_left_but_never_a_live_writers_files(
    catalogue: Path,
) -> None:
    stale = catalogue.with_name(".catalogue.sqlite.k1ll3d.tmp")
    stale.write_bytes(b"half a catalogue")
    lock_path(catalogue).touch()  # a killed writer's lock file, no longer locked
    unrelated = catalogue.with_name(".other.sqlite.abc.tmp")
    unrelated.write_bytes(b"not ours")
    with writer_lock(catalogue):  # a live writer (flock: another open file description)
        live = catalogue.with_name(".catalogue.sqlite.l1ve.tmp")
        live.write_bytes(b"being written")
        assert sweep(catalogue) == 0
        assert live.exists()
    live.unlink()
    assert sweep(catalogue) == 0  # the live writer removed the stale file when it took the lock
    assert beside(catalogue) == [".other.sqlite.abc.tmp", "catalogue.sqlite"]
    stale.write_bytes(b"half a catalogue")
    assert sweep(catalogue) == 1
    assert not stale.exists()
