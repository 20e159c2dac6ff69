"""The reading tools above the monograph: label switcher, section list, find in page."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.catalogue.test_labels import file_labels, humira_label
from viewer.catalogue.store import Catalogue
from viewer.monograph import Monograph
from viewer.ui.monograph_pane import MonographPane

TODAY = date(2026, 11, 27)


def open_in_pane(qtbot, catalogue_path: Path, slug: str) -> tuple[MonographPane, Monograph]:  # type: ignore[no-untyped-def]
    with Catalogue.open(catalogue_path) as catalogue:
        monograph = catalogue.monograph(catalogue.monograph_id_for_slug(slug) or 0)
        editions = {s.key: s for s in catalogue.sources()}
    assert monograph is not None
    pane = MonographPane()
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.view.show_monograph(monograph, editions, TODAY)
    return pane, monograph


@pytest.fixture
def two_labels(tmp_path: Path, small_catalogue: Path) -> Path:
    """Humira with its SPL label and a second, older label of another set id."""
    path = tmp_path / "catalogue.sqlite"
    shutil.copyfile(small_catalogue, path)
    original = humira_label()
    older = replace(
        original,
        set_id="11111111-2222-3333-4444-555555555555",
        document_id="66666666-7777-8888-9999-000000000000",
        effective_date=date(2010, 1, 1),
        document_title="HUMIRA (adalimumab) kit, an earlier label",
        sections=tuple(
            replace(s, set_id="11111111-2222-3333-4444-555555555555", effective_date=None)
            for s in original.sections[:2]
        ),
    )
    assert file_labels(path, original, older) == ["imported", "imported"]
    return path


def test_the_switcher_lists_the_labels_newest_brand_first_and_switches(
    qtbot, two_labels: Path
) -> None:
    pane, _ = open_in_pane(qtbot, two_labels, "humira")
    assert pane.label_box.isVisible() and pane.label_box.count() == 2
    assert pane.label_box.itemText(0).startswith("1. HUMIRA (adalimumab) injection")
    assert pane.label_box.itemText(1) == "2. HUMIRA (adalimumab) kit, an earlier label"
    first = pane.view.plain_text()
    assert "Label 1 of 2: HUMIRA (adalimumab) injection" in first
    assert "set id 608d4f0d-b19f-46d3-749a-7159aa5f933d" in first.split("Boxed warning")[0]
    pane.label_box.setFocus()
    qtbot.keyClick(pane.label_box, Qt.Key.Key_Down)  # keyboard: the next label
    qtbot.waitUntil(lambda: pane.view.label_index == 1)
    second = pane.view.plain_text()
    assert "Label 2 of 2: HUMIRA (adalimumab) kit, an earlier label" in second
    assert "On screen: HUMIRA (adalimumab) kit" in second  # the review panel says which
    assert "set id 11111111-2222-3333-4444-555555555555" in second


def test_one_label_needs_no_switcher(qtbot, shipped_catalogue: Path) -> None:
    pane, _ = open_in_pane(qtbot, shipped_catalogue, "coumadin")
    assert not pane.label_box.isVisible()
    assert "Label: Coumadin" in pane.view.plain_text()


def test_the_section_list_jumps_by_keyboard(qtbot, shipped_catalogue: Path) -> None:
    pane, _ = open_in_pane(qtbot, shipped_catalogue, "coumadin")
    headings = [pane.section_box.itemText(i) for i in range(pane.section_box.count())]
    assert headings[1:4] == ["Boxed warning", "Indications", "Dosage and administration"]
    assert headings[-2:] == ["How it is given, and in which forms", "Review and sources"]
    assert pane.view.verticalScrollBar().value() == 0
    pane.section_box.setFocus()
    qtbot.keyClick(pane.section_box, Qt.Key.Key_End)  # the last section: Review and sources
    qtbot.waitUntil(lambda: pane.view.verticalScrollBar().value() > 0)
    viewport = pane.view.viewport().rect()
    shown = pane.view.cursorForPosition(viewport.topLeft()).block().text()
    assert "Review and sources" in shown or pane.view.verticalScrollBar().value() == (
        pane.view.verticalScrollBar().maximum()
    )


def test_find_in_page_highlights_every_match_and_steps_through_them(
    qtbot, shipped_catalogue: Path
) -> None:
    pane, _ = open_in_pane(qtbot, shipped_catalogue, "coumadin")
    text = pane.view.plain_text()
    expected = text.casefold().count("inr")
    assert expected > 3
    pane.activateWindow()
    pane.view.setFocus()
    qtbot.waitUntil(lambda: pane.view.hasFocus())
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(pane.view, Qt.Key.Key_F, control_shift)
    qtbot.waitUntil(lambda: pane.find_field.hasFocus())
    qtbot.keyClicks(pane.find_field, "INR")
    assert len(pane.matches) == expected
    assert len(pane.view.extraSelections()) == expected
    assert pane.match_label.text() == f"1 of {expected}"
    first = pane.view.textCursor().selectionStart()
    qtbot.keyClick(pane.find_field, Qt.Key.Key_Return)
    assert pane.match_label.text() == f"2 of {expected}"
    assert pane.view.textCursor().selectionStart() > first
    assert pane.current_match_text().casefold() == "inr"
    qtbot.keyClick(pane.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(pane.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.match_label.text() == f"{expected} of {expected}"  # wraps to the last
    qtbot.keyClick(pane.find_field, Qt.Key.Key_Escape)
    assert pane.view.extraSelections() == [] and pane.find_field.text() == ""
    qtbot.keyClicks(pane.find_field, "zzqqxx")
    assert pane.match_label.text() == "no match"
