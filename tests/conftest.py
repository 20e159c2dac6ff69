"""Shared test setup: offscreen Qt, an isolated environment per test, and built catalogues.

Every test gets its own HOME, XDG folders and DRUGVIEW_CATALOGUE, so nothing a test does can
touch the developer's files or another test's. Two catalogues are built once per session: the
shipped one (from data/, in a background process, see below) and a small one from the fixtures
under tests/fixtures/ (so the suite does not need ../shared).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from viewer.catalogue.build import build_catalogue
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


# -- the shipped catalogue, built once per run, in the background -------------------------------
#
# Building the catalogue from data/ is the slowest single step of the suite. It is built once
# per run, in a process of its own started as soon as the collected tests are known to need it,
# so it runs on the second core while the tests that do not need it run on the first. A second
# build, for the test that checks builds are deterministic, starts the same way.

BUILD_SCRIPT = (
    "import sys, pathlib;"
    "from viewer.catalogue.build import build_catalogue;"
    "from viewer.paths import data_dir;"
    "build_catalogue(data_dir(), pathlib.Path(sys.argv[1]))"
)
BACKGROUND_BUILDS = {"shipped_catalogue": "shipped", "shipped_rebuild": "rebuild"}
_builds: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
_build_root: list[Path] = []


def _needs_build(item: pytest.Item) -> bool:
    return bool(BACKGROUND_BUILDS.keys() & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The tests that do not need a background build run first, while it builds (a stable
    # sort: each group keeps its order; no test depends on another's having run).
    items.sort(key=_needs_build)
    wanted = set().union(*(set(getattr(item, "fixturenames", ())) for item in items))
    for fixture, name in BACKGROUND_BUILDS.items():
        if fixture in wanted and name not in _builds:
            if not _build_root:
                _build_root.append(Path(tempfile.mkdtemp(prefix="drugview-tests-")))
            out = _build_root[0] / name / "catalogue.sqlite"
            out.parent.mkdir()
            process = subprocess.Popen(
                [sys.executable, "-c", BUILD_SCRIPT, str(out)],
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            _builds[name] = (process, out)


def pytest_sessionfinish(session: pytest.Session) -> None:
    for process, _out in _builds.values():
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()
    for root in _build_root:
        shutil.rmtree(root, ignore_errors=True)


def built_in_background(name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue the background build ``name`` made (waiting for it), or one built here
    when none was started (a test run by a path the collection hook did not see)."""
    if name not in _builds:
        path = tmp_path_factory.mktemp(name) / "catalogue.sqlite"
        build_catalogue(data_dir(), path)
        return path
    process, out = _builds[name]
    _, errors = process.communicate()
    if process.returncode != 0:
        pytest.fail(f"building the shipped catalogue failed:\n{errors.decode(errors='replace')}")
    return out


@pytest.fixture(scope="session")
def shipped_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue built from the committed data/ folder, as a user would get it."""
    return built_in_background("shipped", tmp_path_factory)


@pytest.fixture(scope="session")
def shipped_rebuild(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second, independent build of data/ (to check that builds are deterministic)."""
    return built_in_background("rebuild", tmp_path_factory)


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


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not SHARED_DATA.is_dir(), reason="../shared/data is not present on this machine"
    )
