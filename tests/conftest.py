"""Shared test setup: offscreen Qt, an isolated environment per test, and built catalogues.

Every test gets its own HOME, XDG folders and DRUGVIEW_CATALOGUE, so nothing a test does can
touch the developer's files or another test's. Two catalogues are built once per session: the
shipped one (from data/) and a small one from the fixtures under tests/fixtures/ (so the suite
does not need ../shared).
"""

from __future__ import annotations

import os
import shutil
import socket
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


@pytest.fixture(scope="session")
def shipped_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue built from the committed data/ folder, as a user would get it."""
    path = tmp_path_factory.mktemp("shipped") / "catalogue.sqlite"
    build_catalogue(data_dir(), path)
    return path


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
