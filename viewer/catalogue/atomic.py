"""The one way a catalogue file is replaced: locked, from a consistent snapshot, atomically.

Every writer (``drugview build``, ``drugview import``, the window's background update) goes
through ``replacing``:

1. It takes an exclusive lock on ``.<name>.lock`` beside the catalogue (``flock``; the kernel
   drops it when the process dies, so a killed writer never leaves a stale lock), held for the
   whole write and removed after. A second writer waits for it (saying so) or is refused with
   a clear message; it never reports success for work that is not in the catalogue.
2. Holding the lock, it removes the temporary files a killed writer left (``.<name>.*.tmp``
   beside the catalogue: no live writer can own them, since each holds the lock).
3. When the new file builds on the old one, it takes SQLite's own write lock on the old one
   (``BEGIN IMMEDIATE``), so a foreign program writing to it is refused up front and cannot
   commit while the new file is made, and copies it through SQLite's backup API, so changes
   still in its ``-wal`` file are kept.
4. The caller writes the temporary file. Before the swap, the old file is checked to be the one
   the snapshot came from (same inode, size, modification time, SQLite ``data_version``); if
   anything changed it, nothing is replaced and the error says so.
5. The temporary file is synced, given the old file's permissions and renamed over the
   catalogue, and a leftover ``-wal``/``-shm`` of the old file is removed (it would otherwise be
   read as part of the new one). A catalogue path that is a symbolic link updates the file it
   points to; the link stays.

The temporary file is removed on every exit path, including exceptions and KeyboardInterrupt.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from viewer.catalogue.errors import BuildError
from viewer.catalogue.store import pending_wal

TEMP_SUFFIX = ".tmp"
LOCK_SUFFIX = ".lock"
WAIT_SECONDS = 600.0  # how long a second writer waits for the first by default
POLL_SECONDS = 0.1
FOREIGN_WAIT_MS = 2000  # how long to wait for a foreign SQLite writer to finish


class CatalogueBusy(BuildError):
    """Another writer holds the catalogue (our lock, or a foreign SQLite write transaction)."""


class CatalogueChanged(BuildError):
    """The catalogue changed while a new file was being made from it; nothing was replaced."""


def real_path(path: Path) -> Path:
    """The file a catalogue path names: a symbolic link (or a chain of them) is followed."""
    return Path(os.path.realpath(path.expanduser()))


def lock_path(catalogue: Path) -> Path:
    return catalogue.with_name(f".{catalogue.name}{LOCK_SUFFIX}")


def temp_files(catalogue: Path) -> list[Path]:
    """Temporary files of writers to ``catalogue`` (live or killed), by their recognisable name."""
    prefix = f".{catalogue.name}."
    try:
        names = os.listdir(catalogue.parent)
    except OSError:
        return []
    return [
        catalogue.parent / name
        for name in names
        if name.startswith(prefix) and name.endswith(TEMP_SUFFIX)
    ]


@contextlib.contextmanager
def writer_lock(
    catalogue: Path,
    wait: float = WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[int]:
    """Hold the exclusive writer lock of ``catalogue`` (a real path), then clear stale temps
    (the number removed is what the block receives).

    The lock file exists only while a writer holds it: the holder removes it before letting
    go, and a writer that locked a file since removed (or replaced) tries again.
    """
    lock = lock_path(catalogue)
    busy = f"another import or build is running on {catalogue}"
    deadline = time.monotonic() + wait
    told = False
    while True:
        handle = _try_lock(lock, catalogue)
        if handle is not None:
            break
        if time.monotonic() >= deadline:
            raise CatalogueBusy(
                f"{busy} and did not finish within {wait:.0f} s; nothing was changed."
                if told
                else f"{busy}; nothing was changed. Try again when it has finished."
            )
        if not told and on_wait is not None:
            on_wait(f"waiting: {busy}")
        told = True
        time.sleep(POLL_SECONDS)
    try:
        yield remove_stale_temps(catalogue)
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()
        os.close(handle)


def _try_lock(lock: Path, catalogue: Path) -> int | None:
    """A descriptor holding the lock on the file now at ``lock``, or None when it is held."""
    try:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise BuildError(
            f"cannot lock the catalogue {catalogue} ({lock}: {error.strerror or error})"
        ) from error
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.fstat(handle).st_ino == os.stat(lock).st_ino:
            return handle
    except (BlockingIOError, FileNotFoundError):
        pass  # held by another writer, or removed by it as it let go: try again
    os.close(handle)
    return None


def sweep(catalogue: Path) -> int:
    """At start: remove what killed writers left beside ``catalogue`` (temporary files, the
    lock file), unless a writer is running now. Never raises; returns the files removed."""
    real = real_path(catalogue)
    if not temp_files(real) and not lock_path(real).exists():
        return 0
    try:
        with writer_lock(real, wait=0) as removed:
            return removed
    except BuildError:
        return 0


def remove_stale_temps(catalogue: Path) -> int:
    """Remove temporary files a killed writer left beside ``catalogue``; call with the lock."""
    removed = 0
    for temp in temp_files(catalogue):
        with contextlib.suppress(OSError):
            temp.unlink()
            removed += 1
    return removed


def new_temp(catalogue: Path) -> Path:
    """A fresh, empty temporary file beside ``catalogue`` with the recognisable name."""
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{catalogue.name}.", suffix=TEMP_SUFFIX, dir=catalogue.parent
        )
    except OSError as error:
        raise BuildError(
            f"cannot write a new catalogue beside {catalogue}: {error.strerror or error}"
        ) from error
    os.close(handle)
    return Path(name)


@dataclass(frozen=True)
class _Stamp:
    inode: int
    size: int
    mtime_ns: int
    data_version: int


class _Source:
    """The catalogue a new file is made from, write-locked by SQLite while it is in use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock: sqlite3.Connection | None = None

    def open(self, must_be_sqlite: bool) -> None:
        """Take SQLite's write lock on the file. A file that is no SQLite database is only
        refused when ``must_be_sqlite`` (a build may replace a damaged catalogue)."""
        try:
            self._lock = sqlite3.connect(
                self.path, isolation_level=None, timeout=FOREIGN_WAIT_MS / 1000
            )
            self._lock.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            self.close()
            if "locked" in str(error) or "busy" in str(error):
                raise CatalogueBusy(
                    f"another program is writing to the catalogue {self.path} (it holds"
                    " SQLite's write lock); nothing was changed. Try again when it has finished."
                ) from error
            raise BuildError(f"cannot open the catalogue {self.path}: {error}") from error
        except sqlite3.DatabaseError as error:
            self.close()
            if must_be_sqlite:
                raise BuildError(f"cannot open the catalogue {self.path}: {error}") from error

    def stamp(self) -> _Stamp:
        info = os.stat(self.path)
        version = -1
        if self._lock is not None:
            version = self._lock.execute("PRAGMA data_version").fetchone()[0]
        return _Stamp(info.st_ino, info.st_size, info.st_mtime_ns, version)

    def snapshot_to(self, target: Path) -> None:
        """Copy the catalogue (with anything in its WAL) into ``target``.

        While this holds SQLite's write lock on the file (``open``: a crashed writer's hot
        journal has been rolled back, and no one can write until it lets go) and no WAL holds
        changes, the file alone is the whole database and cannot change: it is copied as a
        file, by the kernel, about six times faster than page by page (0.1 s against 0.7 s
        for the shipped catalogue). Otherwise SQLite's backup API reads file and WAL.
        """
        if self._lock is not None and pending_wal(self.path) is None:
            shutil.copyfile(self.path, target)
        else:
            uri = self.path.as_uri() + "?mode=ro"
            reader = sqlite3.connect(uri, uri=True, isolation_level=None)
            try:
                copy = sqlite3.connect(target, isolation_level=None)
                try:
                    reader.backup(copy)
                finally:
                    copy.close()
            finally:
                reader.close()
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            copy.execute("PRAGMA journal_mode = DELETE")  # the copy is not in WAL mode
        finally:
            copy.close()

    def close(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(sqlite3.Error):
                self._lock.execute("ROLLBACK")
            self._lock.close()
            self._lock = None


class Replacement:
    """The temporary file a writer fills; ``replacing`` swaps it in unless ``keep`` is False."""

    def __init__(self, catalogue: Path, temp: Path, source: _Source | None) -> None:
        self.catalogue = catalogue
        self.path = temp
        self.keep = True
        self._source = source
        self._snapshots: list[Path] = []

    def snapshot(self) -> Path:
        """A consistent copy of the current catalogue in a second temporary file (read it,
        do not write it): for a writer that reads the old catalogue but writes a fresh file."""
        if self._source is None:
            raise BuildError(f"{self.catalogue}: no catalogue to read")
        copy = new_temp(self.catalogue)
        self._snapshots.append(copy)
        self._source.snapshot_to(copy)
        return copy


@contextlib.contextmanager
def replacing(
    catalogue: Path,
    *,
    from_existing: bool,
    mode: int | None = None,
    wait: float = WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[Replacement]:
    """Replace ``catalogue`` with the file the caller writes at ``Replacement.path``.

    With ``from_existing``, the temporary file starts as a snapshot of the current catalogue
    and the current catalogue must exist; otherwise it starts empty and the old file (if any)
    is still locked against foreign writers and checked unchanged when the block ends. ``mode``
    is the new file's permission bits (default: the old file's, else 0o644).

    Raises ``CatalogueBusy``, ``CatalogueChanged`` or ``BuildError``; in every case the
    catalogue is as it was and no temporary file is left.
    """
    real = real_path(catalogue)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot create the folder {real.parent}: {error.strerror}") from error
    with writer_lock(real, wait, on_wait):
        source = _Source(real) if real.exists() else None
        temp = new_temp(real)
        replacement = Replacement(real, temp, source)
        try:
            before = None
            if source is not None:
                source.open(must_be_sqlite=from_existing)
                before = source.stamp()
                if from_existing:
                    source.snapshot_to(temp)
            elif from_existing:
                raise BuildError(f"{catalogue}: no catalogue file here.")
            yield replacement
            if replacement.keep:
                if source is not None and before is not None and source.stamp() != before:
                    raise CatalogueChanged(
                        f"{catalogue} was changed by another program while the new catalogue"
                        " was being made; nothing was replaced. Run the command again."
                    )
                _swap(temp, real, mode)
        except (OSError, sqlite3.Error) as error:
            raise BuildError(f"cannot write the catalogue {catalogue}: {error}") from error
        finally:
            if source is not None:
                source.close()
            for leftover in (temp, *replacement._snapshots):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def _swap(temp: Path, real: Path, mode: int | None) -> None:
    if mode is None:
        try:
            mode = real.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
    with open(temp, "rb") as written:
        os.fsync(written.fileno())
    os.chmod(temp, mode)
    os.replace(temp, real)
    for suffix in ("-wal", "-shm", "-journal"):  # of the old file; they would taint the new
        with contextlib.suppress(FileNotFoundError):
            os.unlink(real.with_name(real.name + suffix))
    with contextlib.suppress(OSError):
        directory = os.open(real.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
