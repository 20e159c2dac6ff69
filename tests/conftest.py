"""Shared test setup: offscreen Qt, an isolated environment per test, and built catalogues.

Every test gets its own HOME, XDG folders and DRUGVIEW_CATALOGUE, so nothing a test does can
touch the developer's files or another test's. Two catalogues are built once per session: the
shipped one (from data/, in a background process: tests/background.py) and a small one from
the fixtures under tests/fixtures/ (so the suite does not need ../shared).
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from viewer.catalogue.build import build_catalogue
from viewer.catalogue.importer import ImportSummary
from viewer.paths import data_dir
from viewer.sources import drugsatfda, rxnorm
from viewer.sources.records import write_json_gz

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = Path(os.environ.get("DRUGVIEW_SHARED", REPO.parent / "shared")) / "data"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("DRUGVIEW_CATALOGUE", str(home / "catalogue.sqlite"))
    monkeypatch.delenv("DRUGVIEW_DEBUG", raising=False)
    yield home


class NetworkAccessError(AssertionError):
    """Raised when code under test tries to reach the network."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any test that opens a network connection or resolves a host name.

    Local (AF_UNIX) sockets stay allowed: Qt and D-Bus use them on the desktop, and the CUPS
    printing test talks to the local scheduler through one.
    """
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(real):  # type: ignore[no-untyped-def]
        def connect(self: socket.socket, address: object) -> object:
            if self.family == socket.AF_UNIX:
                return real(self, address)
            attempts.append(repr(address))
            raise NetworkAccessError(f"network access attempted: {address!r}")

        return connect

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise NetworkAccessError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == [], f"the test tried to reach the network: {attempts}"


# -- the slowest steps, once per run, in the background (see tests/background.py) ---------------
#
# The suite runs in several pytest-xdist workers. Each job is started once per run, by the
# first worker that collects a test needing it, in a folder every worker can see (made by the
# controlling process, which alone removes it, and stops any job still running, at the end).

# fixture -> (job, output file name); a job starts only when a collected test needs its fixture
BACKGROUND = {
    "shipped_catalogue": ("shipped", "catalogue.sqlite"),
    "hash_seed_builds": ("seeds", "builds.json"),
    "shared_import": ("shared", "shared.pickle"),
    "shared_derived_labels": ("shared", "shared.pickle"),
}
JOBS_ENV = "DRUGVIEW_TEST_JOBS"
JOB_TIMEOUT = 1200  # seconds: a job that has not finished by then has hung
_started: list[subprocess.Popen[bytes]] = []  # kept so they are not collected while running


def _is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    if _is_controller(config):  # before any worker starts, so that every worker inherits it
        os.environ[JOBS_ENV] = tempfile.mkdtemp(prefix="drugview-tests-")


def pytest_unconfigure(config: pytest.Config) -> None:
    root = os.environ.get(JOBS_ENV)
    if not _is_controller(config) or not root:
        return
    for pid_file in Path(root).glob("*/pid"):
        with contextlib.suppress(OSError, ValueError):  # finished already
            # each job leads a process group of its own (with the builds it starts)
            os.killpg(int(pid_file.read_text()), signal.SIGKILL)
    shutil.rmtree(root, ignore_errors=True)


def _needs_background(item: pytest.Item) -> bool:
    return bool(BACKGROUND.keys() & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The tests that need no background job run first, while the jobs run (a stable sort:
    # each group keeps its order; no test depends on another's having run).
    items.sort(key=_needs_background)
    wanted = set().union(*(set(getattr(item, "fixturenames", ())) for item in items))
    for fixture, (job, file_name) in BACKGROUND.items():
        if fixture in wanted and not (job == "shared" and not SHARED_DATA.is_dir()):
            _start_once(job, file_name)


def _start_once(job: str, file_name: str) -> None:
    folder = Path(os.environ[JOBS_ENV]) / job
    try:
        folder.mkdir()  # atomic: only one worker gets to start the job
    except FileExistsError:
        return
    with open(folder / "stderr.txt", "wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.background", job, str(folder / file_name)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
    (folder / "pid").write_text(str(process.pid))
    _started.append(process)


def background_result(job: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of the background ``job`` (waiting for it), or made here when it was not
    started (a test run in a way the collection hook did not see)."""
    folder = Path(os.environ.get(JOBS_ENV, "")) / job
    if not os.environ.get(JOBS_ENV) or not folder.is_dir():
        from tests import background

        out = tmp_path_factory.mktemp(job) / BACKGROUND_FILES[job]
        background.JOBS[job](out)
        return out
    out = folder / BACKGROUND_FILES[job]
    deadline = time.monotonic() + JOB_TIMEOUT
    while not out.exists():  # the job renames its output into place when it is complete
        failed = folder / "failed"
        if failed.exists() or time.monotonic() > deadline:
            errors = (folder / "stderr.txt").read_text(errors="replace")
            pytest.fail(f"background job {job!r} failed or hung:\n{errors}")
        time.sleep(0.05)
    return out


BACKGROUND_FILES = {job: file_name for job, file_name in BACKGROUND.values()}


@pytest.fixture(scope="session")
def shipped_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue built from the committed data/ folder, as a user would get it."""
    return background_result("shipped", tmp_path_factory)


@pytest.fixture(scope="session")
def hash_seed_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Builds of a slice of data/ (tests/background.py), each in a process of its own with
    its own PYTHONHASHSEED: {seed: catalogue}."""
    builds = json.loads(background_result("seeds", tmp_path_factory).read_text())
    return {int(seed): Path(path) for seed, path in builds.items()}


@pytest.fixture(scope="session")
def shared_job(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return pickle.loads(background_result("shared", tmp_path_factory).read_bytes())


@pytest.fixture(scope="session")
def shared_import(shared_job: dict[str, Any]) -> ImportSummary:
    """What importing every real file of ../shared/data into the small catalogue did."""
    return shared_job["summary"]


@pytest.fixture(scope="session")
def shared_derived_labels(shared_job: dict[str, Any]) -> bytes:
    """The shipped labels file as ``python -m viewer.sources.derive`` writes it from
    ../shared/data (derived in the same background job as the import)."""
    return shared_job["derived"]


def make_fixture_data_dir(target: Path) -> Path:
    """A small data/ folder: derived from the raw fixtures, plus the curated monographs."""
    (target / "sources").mkdir(parents=True)
    write_json_gz(target / "sources" / "rxnorm.json.gz", rxnorm.derive(FIXTURES / "rxnorm"))
    write_json_gz(
        target / "sources" / "drugsatfda.json.gz", drugsatfda.derive(FIXTURES / "drugsatfda")
    )
    shutil.copytree(data_dir() / "curated", target / "curated")
    return target


@pytest.fixture(scope="session")
def fixture_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fixture_data_dir(tmp_path_factory.mktemp("fixture-data") / "data")


@pytest.fixture(scope="session")
def small_catalogue(tmp_path_factory: pytest.TempPathFactory, fixture_data_dir: Path) -> Path:
    """A catalogue built from the fixtures only: quick, and independent of ../shared."""
    path = tmp_path_factory.mktemp("small") / "catalogue.sqlite"
    build_catalogue(fixture_data_dir, path)
    return path


INTERACTION_LABELS = FIXTURES / "interactions"


@pytest.fixture(scope="session")
def interactions_catalogue(
    tmp_path_factory: pytest.TempPathFactory, shipped_catalogue: Path
) -> Path:
    """The shipped catalogue holding the eleven real openFDA labels the medication tests read."""
    from viewer.catalogue.importer import import_labels

    path = tmp_path_factory.mktemp("interactions") / "catalogue.sqlite"
    shutil.copyfile(shipped_catalogue, path)
    summary = import_labels([INTERACTION_LABELS], path)
    # the shipped labels may already hold them (the same versions): nothing else is skipped
    assert all("is already in the catalogue" in s.reason for s in summary.skipped), summary.skipped
    assert summary.read == 11
    return path


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not SHARED_DATA.is_dir(), reason="../shared/data is not present on this machine"
    )
