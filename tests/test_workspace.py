"""The window's Qt-free controller: catalogue open and build, recent searches, the app's log."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.catalogue.errors import CatalogueError
from viewer.logs import log_file, setup_logging
from viewer.workspace import RecentSearches, Workspace


def test_recent_searches_are_newest_first_without_repeats_and_bounded() -> None:
    recent = RecentSearches(["b", "a", "b", " "], limit=3)
    assert recent.items == ["b", "a"]
    assert recent.remember("a") and recent.items == ["a", "b"]
    assert not recent.remember("   ")
    for query in ("c", "d"):
        recent.remember(query)
    assert recent.items == ["d", "c", "a"]
    recent.clear()
    assert recent.items == []


def test_open_adopts_and_an_unusable_file_keeps_the_open_one(
    small_catalogue: Path, tmp_path: Path
) -> None:
    workspace = Workspace()
    workspace.open(small_catalogue)
    assert workspace.catalogue is not None and workspace.session is not None
    assert "monographs" in workspace.status_text and "curated" in workspace.editions
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a catalogue")
    with pytest.raises(CatalogueError):
        workspace.open(bad)
    assert workspace.catalogue.path == small_catalogue  # still open and usable
    assert workspace.session.find_names("avonex").names[0].title == "Avonex"
    workspace.close()


def test_a_build_is_logged_with_its_timing(fixture_data_dir: Path, tmp_path: Path) -> None:
    setup_logging()
    workspace = Workspace(managed=tmp_path / "own.sqlite", sources=fixture_data_dir)
    stages: list[str] = []
    result = workspace.build(lambda stage, done, total: stages.append(stage))
    assert result.path == tmp_path / "own.sqlite" and result.monographs > 0 and stages
    assert workspace.update_reason() is None  # just built from these sources
    logged = log_file().read_text()
    assert f"catalogue built: {result.monographs} monographs in" in logged
