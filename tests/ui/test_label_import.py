"""Importing labels from the window: menu, drag and drop, progress, cancel, summary, reload."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from tests.conftest import FIXTURES
from viewer.ui.label_import import ImportOutcome, ImportState, LabelImporter

LABELS = FIXTURES / "labels"
SAMPLE = LABELS / "openfda" / "labels-sample.json"
HUMIRA_SET = "608d4f0d-b19f-46d3-749a-7159aa5f933d"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def catalogue(tmp_path: Path, small_catalogue: Path) -> Path:
    path = tmp_path / "catalogue" / "catalogue.sqlite"
    path.parent.mkdir()
    shutil.copyfile(small_catalogue, path)
    return path


@pytest.fixture(scope="module")
def many_labels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 copies of the real Humira SPL (1 MB each), each under a fresh set id, so none is
    filed yet and the import takes long enough to cancel and to watch the event loop."""
    folder = tmp_path_factory.mktemp("many")
    text = (LABELS / "spl" / "humira.xml").read_text(encoding="utf-8")
    for n in range(60):
        fresh = text.replace(HUMIRA_SET, str(uuid.UUID(int=n + 1)))
        (folder / f"label-{n:03}.xml").write_text(fresh, encoding="utf-8")
    return folder


def run_import(qtbot, importer: LabelImporter, start) -> ImportOutcome:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(importer.importFinished, timeout=120_000) as finished:
        start()
    return finished.args[0]


def test_import_from_the_menu_files_the_good_skips_the_bad_and_reloads_in_place(
    qtbot, make_window, catalogue: Path, tmp_path: Path
) -> None:
    window = make_window(catalogue)
    importer: LabelImporter = window.label_importer
    summaries: list[tuple[str, str]] = []
    importer.show_summary = lambda title, text: summaries.append((title, text))
    broken = tmp_path / "broken.json"
    broken.write_text('{"meta": {}, "results": [{"set_id": "a", ', encoding="utf-8")
    importer.ask_files = lambda: [str(LABELS / "spl" / "humira.xml"), str(broken)]
    window.search_field.setText("humira")
    window.run_search()
    window.open_current()
    assert "Boxed warning" not in window.monograph_view.plain_text()  # no label yet
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "&Import labels…")
    outcome = run_import(qtbot, importer, action.trigger)
    assert outcome.state is ImportState.DONE and outcome.summary is not None
    assert (outcome.summary.imported, outcome.summary.skipped_count) == (1, 1)
    ((title, text),) = summaries
    assert title == "Labels imported"
    assert text.startswith("Imported 1 labels, updated 0, skipped 1")
    assert "broken.json: is broken JSON after 0 records" in text
    assert f"Every skipped file and the reason: {catalogue.parent / 'last-import.log'}" in text
    # The open monograph and the search reloaded in place, on the new catalogue.
    page = window.monograph_view.plain_text()
    assert page.startswith("Humira") and "Boxed warning" in page and HUMIRA_SET in page
    assert window.results_model.rowCount() >= 1
    assert window.catalogue.path == catalogue


def test_cancel_leaves_the_catalogue_exactly_as_it_was(
    qtbot, make_window, catalogue: Path, many_labels: Path
) -> None:
    window = make_window(catalogue)
    importer: LabelImporter = window.label_importer
    summaries: list[tuple[str, str]] = []
    importer.show_summary = lambda title, text: summaries.append((title, text))
    before = digest(catalogue)
    importer.ask_folder = lambda: str(many_labels)
    with qtbot.waitSignal(importer.importFinished, timeout=120_000) as finished:
        importer.import_folder()
        assert importer.running
        qtbot.waitSignal(importer.progressed, timeout=60_000).wait()
        cancel = importer.dialog.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Cancel"
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    outcome: ImportOutcome = finished.args[0]
    assert outcome.state is ImportState.CANCELLED
    assert summaries == [
        ("Import cancelled", "The import was cancelled. The catalogue is exactly as it was.")
    ]
    assert digest(catalogue) == before
    assert sorted(p.name for p in catalogue.parent.iterdir()) == [
        "catalogue.sqlite",
        "last-import.log",
    ]


def test_the_event_loop_keeps_turning_during_a_long_import(
    qtbot, make_window, catalogue: Path, many_labels: Path
) -> None:
    window = make_window(catalogue)
    importer: LabelImporter = window.label_importer
    importer.show_summary = lambda title, text: None
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1) if importer.running else None)
    timer.start()
    twelve = sorted(many_labels.iterdir())[:12]  # long enough for many 5 ms ticks
    outcome = run_import(qtbot, importer, lambda: importer.start(twelve))
    timer.stop()
    assert outcome.state is ImportState.DONE and outcome.summary.imported == 12
    assert len(ticks) >= 5  # the window's own timers ran while the labels were filed


def test_dropping_files_on_the_window_imports_them(qtbot, make_window, catalogue: Path) -> None:
    window = make_window(catalogue)
    importer: LabelImporter = window.label_importer
    importer.show_summary = lambda title, text: None
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(LABELS / "spl" / "lipitor-orig.xml"))])
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert QApplication.sendEvent(window, enter) and enter.isAccepted()  # files are welcome
    outcome = run_import(qtbot, importer, lambda: QApplication.sendEvent(window, drop))
    assert outcome.state is ImportState.DONE and outcome.summary.imported == 1
    assert drop.isAccepted()


def test_a_file_of_nothing_importable_changes_nothing_and_says_so(
    qtbot, make_window, catalogue: Path
) -> None:
    window = make_window(catalogue)
    importer: LabelImporter = window.label_importer
    summaries: list[tuple[str, str]] = []
    importer.show_summary = lambda title, text: summaries.append((title, text))
    before = digest(catalogue)
    outcome = run_import(
        qtbot, importer, lambda: importer.start([LABELS / "spl" / "METHOXSALEN.xml"])
    )
    assert outcome.state is ImportState.DONE and not outcome.summary.replaced
    assert summaries[0][1].startswith("Nothing was imported; the catalogue is unchanged.")
    assert "METHOXSALEN.xml: is not a product label" in summaries[0][1]
    assert digest(catalogue) == before


def test_the_file_menu_offers_import_between_handout_and_quit(make_window, catalogue: Path) -> None:
    window = make_window(catalogue)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() or "|" for a in file_menu.actions()]
    assert texts[texts.index("Patient &handout…") :] == [
        "Patient &handout…",
        "|",
        "&Import labels…",
        "Import a &folder of labels…",
        "|",
        "&Quit",
    ]
