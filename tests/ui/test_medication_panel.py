"""The medication list, its findings window, the printed record and side by side, driven as a
clinician would drive them: keys first, on the shipped catalogue with real labels imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from tests.pdfread import page_sizes, pdf_text
from viewer.ui.main_window import MainWindow
from viewer.ui.medication_panel import FindingsWindow, MedicationListFeature, SideBySideWindow


@pytest.fixture
def med_window(make_window, interactions_catalogue: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(interactions_catalogue)


def feature(window: MainWindow) -> MedicationListFeature:
    return window.medication_list


def open_drug(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    window.focus_search()
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, name)
    qtbot.waitUntil(lambda: not window.search_timer.isActive())
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.monograph_view.monograph is not None
    assert window.monograph_view.monograph.title.lower() == name


def listed(window: MainWindow) -> list[str]:
    panel = feature(window).panel
    return [panel.list_view.item(i).text() for i in range(panel.list_view.count())]


def add_by_name(qtbot, window: MainWindow, *names: str) -> None:  # type: ignore[no-untyped-def]
    panel = feature(window).panel
    for name in names:
        qtbot.keyClick(
            window,
            Qt.Key.Key_M,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert QApplication.focusWidget() is panel.name_field
        qtbot.keyClicks(panel.name_field, name)
        qtbot.keyClick(panel.name_field, Qt.Key.Key_Return)


def test_ctrl_m_adds_the_drug_on_screen_once(qtbot, med_window: MainWindow) -> None:
    open_drug(qtbot, med_window, "plavix")
    qtbot.keyClick(med_window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(med_window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert listed(med_window) == ["1. Plavix"]
    assert feature(med_window).panel.message.text() == "Plavix is already listed."
    open_drug(qtbot, med_window, "coumadin")
    qtbot.mouseClick(feature(med_window).panel.buttons["add"], Qt.MouseButton.LeftButton)
    assert listed(med_window) == ["1. Plavix", "2. Coumadin"]


def test_add_by_name_remove_reorder_and_clear_by_keyboard(qtbot, med_window: MainWindow) -> None:
    add_by_name(qtbot, med_window, "celexa", "zocor", "coumadin", "coumadn")
    panel = feature(med_window).panel
    assert listed(med_window) == ["1. Celexa", "2. Zocor", "3. Coumadin"]
    assert "Did you mean Coumadin?" in panel.message.text()  # offered, not taken
    panel.list_view.setFocus()
    panel.list_view.setCurrentRow(2)
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert listed(med_window) == ["1. Celexa", "2. Coumadin", "3. Zocor"]
    assert panel.list_view.currentRow() == 1
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Delete)
    assert listed(med_window) == ["1. Celexa", "2. Zocor"]
    qtbot.mouseClick(panel.buttons["clear"], Qt.MouseButton.LeftButton)
    assert listed(med_window) == []
    assert not panel.buttons["check"].isEnabled()


def test_the_list_is_saved_only_to_the_file_chosen(
    qtbot, med_window: MainWindow, tmp_path: Path
) -> None:
    add_by_name(qtbot, med_window, "plavix", "prilosec")
    panel = feature(med_window).panel
    target = tmp_path / "chosen.json"
    panel.ask_save_path = lambda: str(target)
    qtbot.mouseClick(panel.buttons["save"], Qt.MouseButton.LeftButton)
    assert [d["title"] for d in json.loads(target.read_text())["drugs"]] == ["Plavix", "Prilosec"]
    qtbot.mouseClick(panel.buttons["clear"], Qt.MouseButton.LeftButton)
    panel.ask_open_path = lambda: str(target)
    qtbot.mouseClick(panel.buttons["open"], Qt.MouseButton.LeftButton)
    assert listed(med_window) == ["1. Plavix", "2. Prilosec"]
    errors: list[tuple[str, str]] = []
    panel.show_error = lambda title, message: errors.append((title, message))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    panel.ask_open_path = lambda: str(broken)
    qtbot.mouseClick(panel.buttons["open"], Qt.MouseButton.LeftButton)
    assert errors == [
        ("Cannot open the list", f"{broken}: is not a drugview medication list (not JSON)")
    ]
    assert listed(med_window) == ["1. Plavix", "2. Prilosec"]  # the list in use is kept


def test_findings_quote_the_labels_with_highlights_and_provenance(
    qtbot, med_window: MainWindow
) -> None:
    add_by_name(qtbot, med_window, "zocor", "plavix", "prilosec")
    qtbot.keyClick(med_window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    findings = feature(med_window).windows[-1]
    assert isinstance(findings, FindingsWindow)
    qtbot.addWidget(findings)
    text = findings.browser.toPlainText()
    assert "Plavix + Prilosec" in text
    assert "Avoid concomitant use of Plavix with omeprazole or esomeprazole" in text
    assert "set id de8b0b67-eb25-4684-83b5-7ad785314227, version 3, effective 2022-09-22" in text
    # pairs with passages first; then the list order; no pair called safe
    assert (
        text.index("Plavix + Prilosec")
        < text.index("Zocor + Plavix")
        < text.index("Zocor + Prilosec")
    )
    assert "No passage found: neither label names the other" in text
    assert "no interaction" not in text.lower()
    markup = findings.browser.toHtml()
    assert (
        'font-weight:700;">omeprazole</span>' in markup
        or 'font-weight:600;">omeprazole</span>' in markup
    )
    assert 'underline;">Avoid</span>' in markup
    assert findings.browser.refused_resources == []


def test_a_findings_link_opens_that_drugs_interactions(qtbot, med_window: MainWindow) -> None:
    add_by_name(qtbot, med_window, "zocor", "celexa")
    findings = feature(med_window).check()
    assert findings is not None
    qtbot.addWidget(findings)
    zocor_id = findings.drugs[0].monograph.id
    findings.browser.anchorClicked.emit(QUrl(f"drugview:monograph/{zocor_id}/interactions"))
    assert med_window.monograph_view.monograph is not None
    assert med_window.monograph_view.monograph.id == zocor_id
    findings.browser.anchorClicked.emit(QUrl("https://example.org/monograph/1"))
    assert med_window.monograph_view.monograph.id == zocor_id


def test_label_text_is_escaped_in_the_findings(qtbot, med_window: MainWindow) -> None:
    """Synthroid's label lists "Furosemide (> 80 mg IV)" beside carbamazepine (Tegretol)."""
    add_by_name(qtbot, med_window, "synthroid", "tegretol")
    findings = feature(med_window).check()
    assert findings is not None
    qtbot.addWidget(findings)
    quoted = [p.text for d in findings.pairs[0].directions for p in d.passages]
    assert any("Carbamazepine Furosemide (> 80 mg IV) Heparin" in q for q in quoted)
    assert "Carbamazepine Furosemide (> 80 mg IV) Heparin" in findings.browser.toPlainText()
    assert "(&gt; 80 mg IV)" in findings.browser.toHtml()


def test_print_the_list_with_findings_to_pdf(qtbot, med_window: MainWindow, tmp_path: Path) -> None:
    add_by_name(qtbot, med_window, "plavix", "prilosec", "avonex")
    findings = feature(med_window).check()
    assert findings is not None
    qtbot.addWidget(findings)
    target = tmp_path / "record.pdf"
    findings.ask_pdf_path = lambda: str(target)
    errors: list[str] = []
    findings.show_error = lambda title, message: errors.append(message)
    qtbot.waitUntil(findings.isActiveWindow)  # it took the keys when it opened
    qtbot.keyClick(findings.browser, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    text = pdf_text(target)
    assert "Medication list: what the labels say" in text
    assert "Printed 2026-11-27" in text
    assert "Avoid concomitant use of Plavix with omeprazole or esomeprazole" in text
    assert "set id de8b0b67-eb25-4684-83b5-7ad785314227" in text
    assert "Avonex: no label: interactions unknown to this catalogue" in text
    build_date = findings.catalogue_info.build_date
    assert f"built {build_date}" in text and "openFDA" in text  # catalogue edition and date
    assert "Page 1 of" in text
    assert page_sizes(target)[0] in {(595.0, 842.0), (612.0, 792.0)}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_side_by_side_aligns_sections_and_jumps_by_keyboard(qtbot, med_window: MainWindow) -> None:
    add_by_name(qtbot, med_window, "coumadin", "avonex", "plavix")
    panel = feature(med_window).panel
    panel.list_view.setFocus()
    panel.list_view.setCurrentRow(0)
    qtbot.keyClick(panel.list_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert panel.selected_rows() == [0, 1]
    qtbot.keyClick(
        med_window,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    side = feature(med_window).windows[-1]
    assert isinstance(side, SideBySideWindow)
    qtbot.addWidget(side)
    kinds = [side.sections.item(i).text() for i in range(side.sections.count())]
    assert kinds[:2] == ["Overview", "Boxed warning"]
    assert "Indications" in kinds and "Drug interactions" in kinds
    text = side.browser.toPlainText()
    assert "Avonex: no Boxed warning text in this catalogue." in text
    assert "Coumadin: no Overview text in this catalogue." in text
    indications = kinds.index("Indications")
    side.sections.setFocus()
    side.sections.setCurrentRow(0)
    positions = [side.browser.verticalScrollBar().value()]
    for _ in range(indications):
        qtbot.keyClick(side.sections, Qt.Key.Key_Down)
        positions.append(side.browser.verticalScrollBar().value())
    assert side.sections.currentItem().text() == "Indications"
    assert positions == sorted(positions) and positions[-1] > positions[1] > 0
    document = side.browser.document()
    block = document.begin()
    while block.isValid() and block.text() != "Indications":
        block = block.next()
    assert block.isValid()
    heading_y = document.documentLayout().blockBoundingRect(block).top()
    assert abs(positions[-1] - heading_y) < 3 * block.layout().lineAt(0).height()
    assert side.browser.refused_resources == []


def test_side_by_side_from_the_results_list(qtbot, med_window: MainWindow) -> None:
    open_drug(qtbot, med_window, "zocor")
    med_window.search_field.clear()
    qtbot.keyClicks(med_window.search_field, "coumadin")
    qtbot.waitUntil(lambda: not med_window.search_timer.isActive())
    side = feature(med_window).side_by_side()
    assert side is not None
    qtbot.addWidget(side)
    assert side.windowTitle().startswith("Zocor | Coumadin")
