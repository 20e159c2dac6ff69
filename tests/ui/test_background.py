"""The window's one background pattern: answers come back on the GUI thread, stale ones are
dropped, and a failing task (a damaged text index, a failed build) is shown and logged."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

from viewer.logs import log_file, setup_logging
from viewer.ui.tasks import TaskRunner

from .test_main_window import type_query


def damaged_text_index(source: Path, target: Path) -> Path:
    """A copy of a catalogue whose full-text index blocks are overwritten with noise."""
    shutil.copyfile(source, target)
    with sqlite3.connect(target) as db:
        db.execute("UPDATE section_fts_data SET block = randomblob(length(block)) WHERE id > 10")
    db.close()
    return target


def test_results_and_progress_arrive_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner("test")
    seen: dict[str, object] = {}

    def work(report):  # type: ignore[no-untyped-def]
        seen["worker"] = threading.current_thread() is threading.main_thread()
        report("half", 1, 2)
        return 42

    def progressed(stage: str, done: int, total: int) -> None:
        seen["progress"] = (stage, done, total, threading.current_thread().name)

    runner.submit(
        work, on_done=lambda value: seen.setdefault("done", value), on_progress=progressed
    )
    qtbot.waitUntil(lambda: "done" in seen)
    assert seen["worker"] is False  # the work ran off the GUI thread
    assert seen["done"] == 42
    assert seen["progress"] == ("half", 1, 2, threading.main_thread().name)
    runner.shutdown()


def test_a_newer_task_of_the_same_key_drops_the_older_answer(qtbot) -> None:
    runner = TaskRunner("test")
    release = threading.Event()
    answers: list[str] = []
    stopped: list[str] = []

    def slow(_report):  # type: ignore[no-untyped-def]
        release.wait(10)
        return "old"

    runner.submit(slow, answers.append, key="k", cancel=lambda: stopped.append("old"))
    runner.submit(lambda _report: "new", answers.append, key="k")
    release.set()
    runner.wait()
    qtbot.waitUntil(lambda: answers == ["new"])
    qtbot.wait(50)  # the old answer, had it been kept, would be delivered by now
    assert answers == ["new"]
    assert stopped == ["old"]  # the older task was told to stop
    runner.shutdown()


def test_a_failing_task_reports_its_error_and_logs_it(qtbot) -> None:
    log = setup_logging()
    runner = TaskRunner("sample task")
    errors: list[str] = []

    def fail(_report):  # type: ignore[no-untyped-def]
        raise ValueError("the sources folder is empty")

    runner.submit(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == ["the sources folder is empty"]
    assert log is not None
    assert "sample task failed: ValueError: the sources folder is empty" in log.read_text()
    runner.shutdown()


def test_a_damaged_text_index_is_shown_and_logged_and_names_still_work(
    qtbot, make_window, small_catalogue: Path, tmp_path: Path
) -> None:
    setup_logging()
    window = make_window(damaged_text_index(small_catalogue, tmp_path / "damaged.sqlite"))
    type_query(qtbot, window, "avonex")
    qtbot.waitUntil(
        lambda: "Text search is unavailable" in window.result_count.text(), timeout=20_000
    )
    assert [hit.title for hit in window.results_model.name_hits()][:1] == ["Avonex"]
    logged = log_file().read_text()
    assert "search failed: DatabaseError: SQLITE_CORRUPT_VTAB" in logged
    assert "avonex" not in logged.lower()  # never what was searched


def test_a_failed_build_is_shown_and_logged(qtbot, make_window, tmp_path: Path) -> None:
    setup_logging()
    window = make_window()
    errors: list[tuple[str, str]] = []
    window.show_error = lambda title, message: errors.append((title, message))
    empty = tmp_path / "no-data"
    empty.mkdir()
    window.start_build(empty, tmp_path / "out.sqlite")
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert errors[0][0] == "Cannot prepare the catalogue"
    assert "cannot read the sources" in errors[0][1]
    assert not window.building and not window.progress.isVisible()
    failures = [line for line in log_file().read_text().splitlines() if " ERROR " in line]
    assert len(failures) == 1 and "catalogue build failed: BuildError:" in failures[0]


def test_help_show_log_folder_opens_the_log_folder(window) -> None:
    opened: list[Path] = []
    window.open_folder = opened.append
    window.log_folder_action.trigger()
    assert opened == [log_file().parent]
    assert opened[0].is_dir()


def test_newer_shipped_sources_are_built_in_the_background_and_swapped_in(
    qtbot, settings, monkeypatch, fixture_data_dir: Path, tmp_path: Path
) -> None:
    from viewer import workspace
    from viewer.catalogue.build import build_catalogue
    from viewer.ui import app as app_module

    data = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data)
    managed = tmp_path / "managed.sqlite"
    build_catalogue(data, managed)
    (data / "curated" / "note.txt").write_text("a newer release\n", encoding="utf-8")
    monkeypatch.setattr(workspace, "data_dir", lambda: data)
    monkeypatch.setenv("DRUGVIEW_CATALOGUE", str(managed))
    setup_logging()
    window = app_module.open_window(None, settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.building, timeout=20_000)  # checked off the GUI thread
    assert window.catalogue is not None  # the old one stays searchable meanwhile
    type_query(qtbot, window, "avon")
    assert window.results_model.name_hits()[0].title == "Avonex"
    qtbot.waitUntil(lambda: not window.building, timeout=60_000)
    assert window.workspace.update_reason() is None  # the new one is current
    assert "catalogue update needed: the shipped sources have changed" in log_file().read_text()


def test_closing_the_window_stops_the_spelling_vocabulary_loading(
    qtbot, make_window, small_catalogue: Path, monkeypatch
) -> None:
    """Opening a catalogue starts loading the vocabulary in the background; closing the
    window then cancels it instead of waiting for it (a large catalogue takes a while)."""
    from viewer.search import NameSearch, WarmUpCancelled

    loading = threading.Event()
    cancelled = threading.Event()

    def slow_warm_up(_names: NameSearch) -> None:
        loading.set()
        if not cancelled.wait(60):
            raise AssertionError("the window closed without cancelling the warm-up")
        raise WarmUpCancelled

    monkeypatch.setattr(NameSearch, "warm_up", slow_warm_up)
    monkeypatch.setattr(NameSearch, "cancel_warm_up", lambda _names: cancelled.set())
    window = make_window(small_catalogue)
    type_query(qtbot, window, "avo")
    assert loading.wait(60)
    window.close()  # shuts the background runners down, waiting for their threads
    assert cancelled.is_set()
    assert not window.search_tasks.busy
