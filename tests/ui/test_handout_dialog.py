"""The handout dialog, driven offscreen with its dialogs patched: fields in, PDF out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog

from tests.handout_samples import fictional_monograph
from tests.pdfread import PAPER_POINTS, median_size, page_count, page_sizes, pdf_text
from viewer.catalogue.store import Catalogue
from viewer.handout import Part
from viewer.model import CatalogueInfo
from viewer.monograph import Monograph
from viewer.ui import handout_dialog
from viewer.ui.handout_dialog import HandoutDialog, open_handout_dialog
from viewer.ui.printing import Paper

TODAY = date(2026, 1, 15)
NOTE = "<script>alert('x')</script> Inject on Mondays & Thursdays"


@pytest.fixture(scope="module")
def avonex(small_catalogue: Path) -> Iterator[tuple[Monograph, CatalogueInfo]]:
    with Catalogue.open(small_catalogue) as catalogue:
        yield catalogue.monograph(catalogue.monograph_id_for_slug("avonex")), catalogue.info()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error boxes the dialog would show, collected instead of shown."""
    shown: list[str] = []
    monkeypatch.setattr(handout_dialog, "show_error", lambda _p, _t, message: shown.append(message))
    return shown


@pytest.fixture
def dialog(qtbot, avonex, errors) -> HandoutDialog:
    monograph, info = avonex
    widget = HandoutDialog(monograph, info, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def fill(qtbot, dialog: HandoutDialog) -> None:
    qtbot.keyClicks(dialog.clinic_edit, "Riverside <Clinic>")
    qtbot.keyClicks(dialog.patient_edit, "Jane <Doe>")
    dialog.date_edit.setDate(QDate(2026, 2, 3))
    dialog.notes_edit.setPlainText(NOTE)


def save_to(monkeypatch, path: Path | str) -> list[str]:
    suggested: list[str] = []

    def choose(_parent, suggestion: str) -> str:
        suggested.append(suggestion)
        return str(path)

    monkeypatch.setattr(handout_dialog, "choose_save_path", choose)
    return suggested


def test_save_as_pdf_prints_every_field_as_typed(qtbot, dialog, monkeypatch, tmp_path) -> None:
    fill(qtbot, dialog)
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("letter"))
    suggested = save_to(monkeypatch, tmp_path / "avonex.pdf")
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    text = pdf_text(tmp_path / "avonex.pdf")
    for expected in ("Riverside <Clinic>", "Jane <Doe>", "3 February 2026", NOTE):
        assert expected in text
    assert "Avonex is given as an injection into a muscle (intramuscular)." in text
    assert page_sizes(tmp_path / "avonex.pdf")[0] == pytest.approx(PAPER_POINTS["letter"], abs=1)
    assert suggested[0].endswith("avonex-handout-jane-doe.pdf")
    assert "Saved" in dialog.status_label.text()


def test_a_name_without_suffix_gets_pdf(qtbot, dialog, monkeypatch, tmp_path) -> None:
    save_to(monkeypatch, tmp_path / "handout")
    assert dialog.save_pdf() == tmp_path / "handout.pdf"
    assert page_count(tmp_path / "handout.pdf") >= 1


def test_large_print_and_section_choice_reach_the_pdf(qtbot, dialog, monkeypatch, tmp_path):
    save_to(monkeypatch, tmp_path / "normal.pdf")
    dialog.save_pdf()
    dialog.large_print_check.setChecked(True)
    dialog.part_checks[Part.USED_FOR].setChecked(False)
    dialog.part_checks[Part.HOW_IT_WORKS].setChecked(True)
    save_to(monkeypatch, tmp_path / "large.pdf")
    dialog.save_pdf()
    assert median_size(tmp_path / "large.pdf") >= 1.4 * median_size(tmp_path / "normal.pdf")
    normal, large = pdf_text(tmp_path / "normal.pdf"), pdf_text(tmp_path / "large.pdf")
    assert "What it is used for" in normal and "What it is used for" not in large
    assert "Experts do not know exactly how Avonex works" in large
    assert "Experts do not know" not in normal


def test_clinic_and_paper_are_remembered_patient_fields_are_not(qtbot, avonex, errors) -> None:
    monograph, info = avonex
    first = HandoutDialog(monograph, info, today=TODAY)
    qtbot.addWidget(first)
    fill(qtbot, first)
    first.paper_combo.setCurrentIndex(first.paper_combo.findData("letter"))
    first.reject()
    second = HandoutDialog(monograph, info, today=TODAY)
    qtbot.addWidget(second)
    assert second.clinic_edit.text() == "Riverside <Clinic>"
    assert second.paper() is Paper.LETTER
    assert second.patient_edit.text() == "" and second.notes_edit.toPlainText() == ""
    assert second.date_edit.date() == QDate(2026, 1, 15)
    stored = QSettings("drugview", "drugview")
    assert "Jane" not in " ".join(str(stored.value(k)) for k in stored.allKeys())


def test_settings_are_isolated_per_test(avonex, qtbot, errors) -> None:
    monograph, info = avonex
    fresh = HandoutDialog(monograph, info, today=TODAY)
    qtbot.addWidget(fresh)
    assert fresh.clinic_edit.text() == ""  # the test above stored a clinic in its own folder


def test_a_failed_save_says_what_failed_and_keeps_every_field(
    qtbot, dialog, monkeypatch, tmp_path, errors
) -> None:
    fill(qtbot, dialog)
    save_to(monkeypatch, tmp_path / "no-such-folder" / "x.pdf")
    assert dialog.save_pdf() is None
    assert len(errors) == 1 and "no-such-folder" in errors[0] and "no such folder" in errors[0]
    assert "Nothing you typed has been lost" in dialog.status_label.text()
    assert dialog.patient_edit.text() == "Jane <Doe>"
    assert dialog.notes_edit.toPlainText() == NOTE
    assert dialog.isVisible()


def test_cancelling_the_file_dialog_writes_nothing(qtbot, dialog, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(handout_dialog, "choose_save_path", lambda _p, _s: "")
    assert dialog.save_pdf() is None
    assert dialog.status_label.text() == "Saving cancelled."


def accept_print_dialog_to_file(monkeypatch, path: Path) -> list[QDialog]:
    """Stand in for the user: pick 'print to file' in the print dialog and press Print."""
    opened: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        opened.append(dialog)
        assert isinstance(dialog, QPrintDialog)
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(path))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(handout_dialog, "exec_dialog", run)
    return opened


def test_print_goes_through_the_print_dialog(qtbot, dialog, monkeypatch, tmp_path) -> None:
    fill(qtbot, dialog)
    opened = accept_print_dialog_to_file(monkeypatch, tmp_path / "printed.pdf")
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    text = pdf_text(tmp_path / "printed.pdf")
    assert "Jane <Doe>" in text and NOTE in text and "injection into a muscle" in text
    assert dialog.status_label.text().startswith("Sent ")


def test_cancelled_print_prints_nothing(qtbot, dialog, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(handout_dialog, "exec_dialog", lambda d: QDialog.DialogCode.Rejected)
    assert dialog.print_handout() is False
    assert dialog.status_label.text() == "Printing cancelled."
    assert list(tmp_path.glob("*.pdf")) == []


# Qt warns when a printer cannot open; that failure is what this test is about.
@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")
def test_a_failed_print_says_what_failed_and_keeps_every_field(
    qtbot, dialog, monkeypatch, tmp_path, errors
) -> None:
    fill(qtbot, dialog)
    accept_print_dialog_to_file(monkeypatch, tmp_path / "missing" / "printed.pdf")
    assert dialog.print_handout() is False
    assert len(errors) == 1 and errors[0].startswith("Printing failed: could not print on")
    assert dialog.patient_edit.text() == "Jane <Doe>"
    assert dialog.clinic_edit.text() == "Riverside <Clinic>"
    assert dialog.notes_edit.toPlainText() == NOTE


def test_print_preview_draws_the_handout(qtbot, dialog, monkeypatch, tmp_path) -> None:
    fill(qtbot, dialog)
    seen: dict[str, int] = {}

    def run(preview: QDialog) -> int:
        assert isinstance(preview, QPrintPreviewDialog)
        widget = preview.findChild(QPrintPreviewWidget)
        preview.show()
        qtbot.waitUntil(lambda: widget.pageCount() > 0)
        seen["pages"] = widget.pageCount()
        seen["fit_width"] = widget.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
        seen["zoom"] = round(widget.zoomFactor() * 100)
        preview.close()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(handout_dialog, "exec_dialog", run)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    save_to(monkeypatch, tmp_path / "same.pdf")
    dialog.save_pdf()
    assert seen["pages"] == page_count(tmp_path / "same.pdf")
    # it opens with the page as wide as the window, not Qt's whole-page view (39%)
    assert seen["fit_width"]
    assert seen["zoom"] > 39, seen


def test_patient_sections_are_named_in_the_dialog(qtbot, errors) -> None:
    with_guide = HandoutDialog(fictional_monograph(), None, today=TODAY)
    without = HandoutDialog(fictional_monograph(with_patient_sections=False), None, today=TODAY)
    qtbot.addWidget(with_guide)
    qtbot.addWidget(without)
    label = with_guide.part_checks[Part.PATIENT_INFO].text()
    assert "Medication Guide" in label and "information for patients" in label
    assert "none in this catalogue" in without.part_checks[Part.PATIENT_INFO].text()


def test_stale_monograph_warns_in_the_dialog(qtbot, avonex, errors) -> None:
    monograph, info = avonex
    stale = HandoutDialog(monograph, info, today=date(2027, 1, 1))
    fresh = HandoutDialog(monograph, info, today=date(2024, 6, 1))
    qtbot.addWidget(stale)
    qtbot.addWidget(fresh)
    assert not stale.warning_label.isHidden() and "2024-05-08" in stale.warning_label.text()
    assert fresh.warning_label.isHidden()


def test_open_handout_dialog_shows_a_window_modal_dialog(qtbot, avonex, tmp_path) -> None:
    monograph, info = avonex
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("handout/clinic", "From the window's settings")
    opened = open_handout_dialog(monograph, info, settings=settings, today=date(2026, 5, 6))
    qtbot.addWidget(opened)
    assert opened.isVisible()
    assert opened.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert opened.windowTitle() == "Patient handout: Avonex"
    assert opened.clinic_edit.text() == "From the window's settings"
    assert opened.date_edit.date() == QDate(2026, 5, 6)
