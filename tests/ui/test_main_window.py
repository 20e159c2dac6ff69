"""The real window, driven offscreen through its widgets and keyboard, as a clinician would."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from viewer.ui.main_window import RESULTS_WIDTH, MainWindow


def type_query(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, text)
    qtbot.waitUntil(lambda: not window.search_timer.isActive())


def result_titles(window: MainWindow) -> list[str]:
    return [hit.title for hit in window.results_model.hits()]


def test_search_field_has_focus_at_start(window: MainWindow) -> None:
    assert QApplication.focusWidget() is window.search_field


def test_typing_four_letters_puts_avonex_first_and_enter_opens_it(qtbot, window) -> None:
    type_query(qtbot, window, "avon")
    assert result_titles(window)[0] == "Avonex"
    assert window.results_view.currentIndex().row() == 0
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    text = window.monograph_view.plain_text()
    assert text.startswith("Avonex")
    for fact in (
        "interferon beta-1a",
        "Interferons are cytokines",
        "186 amino acids",
        "man-made",
        "Experts do not know exactly how Avonex works",
        "clinically isolated syndrome",
        "relapsing-remitting disease",
        "active secondary progressive disease",
        "intramuscular",
        "Avostart Grip titration kit",
        "30 micrograms",
        "Carmen Pope",
        "BPharm",
        "2024-05-08",
        "Drugs.com",
    ):
        assert fact in text, fact
    for panel in (
        "How it works",
        "What it is used for",
        "How it is given, and in which forms",
        "Review and sources",
    ):
        assert panel in text
    assert window.windowTitle().startswith("Avonex")


def test_each_result_shows_title_ingredients_and_what_matched(qtbot, window) -> None:
    from viewer.ui.results_model import DETAIL_ROLE

    type_query(qtbot, window, "interferon beta-1a")
    model = window.results_model
    rows = {
        model.index(r, 0).data(): model.index(r, 0).data(DETAIL_ROLE)
        for r in range(model.rowCount())
    }
    assert "interferon beta-1a" in rows["Avonex"]
    assert "matched ingredient: interferon beta-1a" in rows["Avonex"]
    type_query(qtbot, window, "avonex")
    assert "matched brand name: Avonex" in model.index(0, 0).data(DETAIL_ROLE)


def test_ingredient_search_lists_every_brand(qtbot, window) -> None:
    type_query(qtbot, window, "interferon beta-1a")
    assert {"Avonex", "Rebif"} <= set(result_titles(window))


def test_keyboard_moves_opens_clears_and_returns(qtbot, window) -> None:
    type_query(qtbot, window, "interferon beta-1a")
    titles = result_titles(window)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.results_view.currentIndex().row() == 2
    qtbot.keyClick(window.search_field, Qt.Key.Key_Up)
    assert window.results_view.currentIndex().row() == 1
    qtbot.keyClick(window.search_field, Qt.Key.Key_Enter)
    assert window.monograph_view.plain_text().startswith(titles[1])

    window.monograph_view.setFocus()
    qtbot.waitUntil(lambda: window.monograph_view.hasFocus())
    qtbot.keyClick(window.monograph_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    assert window.search_field.selectedText() == "interferon beta-1a"

    window.results_view.setFocus()
    qtbot.keyClick(window.results_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()

    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == ""
    assert window.results_model.rowCount() == 0


def test_up_and_down_stop_at_the_ends(qtbot, window) -> None:
    type_query(qtbot, window, "avonex")
    for _ in range(3):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.results_view.currentIndex().row() == window.results_model.rowCount() - 1
    for _ in range(5):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Up)
    assert window.results_view.currentIndex().row() == 0


def test_clicking_a_result_opens_it(qtbot, window) -> None:
    type_query(qtbot, window, "rebif")
    rect = window.results_view.visualRect(window.results_model.index(0, 0))
    qtbot.mouseClick(window.results_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.monograph_view.plain_text().startswith("Rebif")


def test_missing_sections_say_so_plainly(qtbot, window) -> None:
    type_query(qtbot, window, "rebif")
    window.open_current()
    text = window.monograph_view.plain_text()
    # Named together in one line, not one empty panel each.
    (line,) = [t for t in text.splitlines() if "no label or reviewed text" in t]
    assert line.startswith("This catalogue has no label or reviewed text for Rebif (no indications")
    assert "mechanism of action" in line and "drug interactions" in line
    assert "How it works" not in text and "What it is used for" not in text
    assert "No one has reviewed a written monograph for Rebif" in text
    assert "BLA 103780" in text


def test_no_match_says_so(qtbot, window) -> None:
    type_query(qtbot, window, "qqqqzzzz")
    assert window.results_model.rowCount() == 0
    assert "No drug matches" in window.result_count.text()


def test_stale_monograph_carries_a_visible_notice(qtbot, make_window, shipped_catalogue) -> None:
    old = make_window(shipped_catalogue)
    type_query(qtbot, old, "avonex")
    old.open_current()
    assert "more than 2 years ago" in old.monograph_view.plain_text()

    fresh = MainWindow(old.settings, today=lambda: date(2024, 6, 1))
    qtbot.addWidget(fresh)
    from viewer.catalogue.store import Catalogue

    fresh.set_catalogue(Catalogue.open(shipped_catalogue))
    type_query(qtbot, fresh, "avonex")
    fresh.open_current()
    assert "years ago" not in fresh.monograph_view.plain_text()


def test_text_is_selectable_and_copyable(qtbot, window) -> None:
    type_query(qtbot, window, "avonex")
    window.open_current()
    flags = window.monograph_view.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    window.monograph_view.selectAll()
    window.monograph_view.copy()
    assert "Carmen Pope" in QApplication.clipboard().text()


def test_status_bar_shows_the_edition_and_count(window) -> None:
    text = window.edition_label.text()
    assert "RxNorm 2025-10-06" in text
    assert "Drugs@FDA 2023-02" in text
    assert "monographs" in text
    assert text == window.status_text
    assert f"{window.catalogue.monograph_count():,} monographs" in text


def test_about_lists_versions_and_source_editions(window) -> None:
    shown: list[tuple[str, str]] = []
    window.show_about = lambda title, html: shown.append((title, html))
    about = next(a for a in window.menuBar().actions() if a.text() == "&Help").menu()
    about.actions()[0].trigger()
    ((_title, html),) = shown
    assert "drugview 0.1.0" in html
    assert "Qt 6." in html and "PySide6" in html and "SQLite" in html
    assert "RxNorm Current Prescribable Content" in html and "2025-10-06" in html
    assert "Drugs@FDA" in html


def test_opening_a_broken_catalogue_shows_why_and_keeps_the_open_one(
    qtbot, window, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_text("<html>not a catalogue</html>", encoding="utf-8")
    errors: list[tuple[str, str]] = []
    window.show_error = lambda title, message: errors.append((title, message))
    window.ask_open_path = lambda: str(broken)
    before = window.catalogue
    window.open_action.trigger()
    assert errors and str(broken) in errors[0][1] and "HTML page" in errors[0][1]
    assert window.catalogue is before
    type_query(qtbot, window, "avon")
    assert result_titles(window)[0] == "Avonex"


def test_opening_another_good_catalogue_switches_to_it(
    qtbot, window, small_catalogue: Path
) -> None:
    window.ask_open_path = lambda: str(small_catalogue)
    window.open_action.trigger()
    assert window.catalogue is not None and window.catalogue.path == small_catalogue
    type_query(qtbot, window, "avon")
    assert result_titles(window)[0] == "Avonex"


def test_zoom_shortcuts_change_the_text_size(qtbot, window) -> None:
    start = window.monograph_view.point_size()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.monograph_view.point_size() == start + 1
    qtbot.keyClick(window.search_field, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.monograph_view.point_size() == start - 1
    qtbot.keyClick(window.search_field, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.monograph_view.point_size() == window.monograph_view.base_point_size


def test_settings_persist_across_two_windows(
    qtbot, make_window, shipped_catalogue, settings_file: Path
) -> None:
    first = make_window(
        shipped_catalogue, QSettings(str(settings_file), QSettings.Format.IniFormat)
    )
    first.resize(700, 500)  # within the offscreen screen (800x600)
    first.splitter.setSizes([250, 450])
    first.monograph_view.zoom_by(3)
    type_query(qtbot, first, "avon")
    first.open_current()
    type_query(qtbot, first, "rebif")
    first.open_current()
    sizes = first.splitter.sizes()
    zoom = first.monograph_view.point_size()
    first.close()

    second = make_window(
        shipped_catalogue, QSettings(str(settings_file), QSettings.Format.IniFormat)
    )
    assert (second.width(), second.height()) == (700, 500)
    assert second.splitter.sizes() == sizes
    assert second.monograph_view.point_size() == zoom
    assert second.recent_searches[:2] == ["rebif", "avon"]
    history = [a.text() for a in second.history_menu.actions()]
    assert history[:2] == ["rebif", "avon"]


def test_history_menu_repeats_a_search(qtbot, window) -> None:
    type_query(qtbot, window, "rebif")
    window.open_current()
    window.clear_search()
    window.history_menu.actions()[0].trigger()
    assert window.search_field.text() == "rebif"
    assert result_titles(window)[0] == "Rebif"
    window.clear_history()
    assert window.recent_searches == []


def test_controls_have_accessible_names(window) -> None:
    assert window.search_field.accessibleName() == "Search"
    assert window.results_view.accessibleName() == "Results"
    assert window.monograph_view.accessibleName() == "Monograph"
    assert window.edition_label.accessibleName()


def test_results_model_passes_the_model_tester(qtbot, qtmodeltester, window) -> None:
    type_query(qtbot, window, "interferon")
    assert window.results_model.rowCount() > 3
    qtmodeltester.check(window.results_model)


def test_first_start_builds_with_progress_then_search_works(
    qtbot, make_window, fixture_data_dir: Path, tmp_path: Path
) -> None:
    window = make_window()
    target = tmp_path / "managed" / "catalogue.sqlite"
    window.start_build(fixture_data_dir, target)
    assert not window.search_field.isEnabled()
    assert window.progress.isVisible()
    assert "Preparing" in window.edition_label.text()
    qtbot.waitUntil(lambda: window.catalogue is not None, timeout=30_000)
    assert window.search_field.isEnabled()
    assert not window.progress.isVisible()
    type_query(qtbot, window, "avon")
    assert result_titles(window)[0] == "Avonex"


# A failed first build: tests/ui/test_background.py (shown to the user, and logged).


def test_open_window_on_an_unusable_named_catalogue_still_opens(qtbot, tmp_path, settings) -> None:
    from viewer.ui import app as app_module

    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"")
    shown: list[str] = []
    window = app_module.open_window(bad, settings)
    qtbot.addWidget(window)
    window.show_error = lambda title, message: shown.append(message)
    assert window.isVisible()  # on screen before the content and the catalogue load
    qtbot.waitUntil(lambda: bool(shown))
    assert "is empty" in shown[0]
    assert window.content_ready and window.catalogue is None


@pytest.mark.usefixtures("shipped_catalogue")
def test_open_window_uses_the_managed_catalogue(
    qtbot, shipped_catalogue, settings, monkeypatch, tmp_path
) -> None:
    from viewer.ui import app as app_module

    managed = tmp_path / "managed.sqlite"
    shutil.copyfile(shipped_catalogue, managed)
    left = tmp_path / ".managed.sqlite.killed.tmp"  # what a killed import left beside it
    left.write_bytes(b"half a catalogue")
    monkeypatch.setenv("DRUGVIEW_CATALOGUE", str(managed))
    window = app_module.open_window(None, settings)
    qtbot.addWidget(window)
    assert window.isVisible() and window.catalogue is None  # shell first
    qtbot.waitUntil(lambda: window.catalogue is not None)
    assert window.catalogue.path == managed
    type_query(qtbot, window, "avon")
    assert result_titles(window)[0] == "Avonex"
    qtbot.waitUntil(lambda: not left.exists())  # removed in the background, once searchable
    qtbot.waitUntil(lambda: not window.build_tasks.busy)  # the staleness check is done
    assert not window.building  # the copy is as new as the shipped sources


def test_typing_before_the_content_is_ready_is_kept_and_searched(
    qtbot, shipped_catalogue, settings
) -> None:
    from viewer.ui import app as app_module

    window = app_module.open_window(shipped_catalogue, settings)
    qtbot.addWidget(window)
    window.search_field.setText("avon")  # typed at once, before the catalogue is loaded
    qtbot.waitUntil(lambda: window.catalogue is not None)
    qtbot.waitUntil(lambda: bool(window.results_model and window.results_model.rowCount()))
    assert result_titles(window)[0] == "Avonex"


def test_ctrl_p_opens_the_handout_for_the_monograph_on_screen_and_saves_a_pdf(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    from tests.pdfread import pdf_text
    from viewer.ui import handout_dialog

    assert not window.handout_action.isEnabled()  # nothing on screen yet
    type_query(qtbot, window, "avonex")
    window.open_current()
    assert window.handout_action.isEnabled()
    target = tmp_path / "avonex-handout.pdf"
    monkeypatch.setattr(handout_dialog, "choose_save_path", lambda _parent, _name: str(target))
    qtbot.keyClick(window.search_field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, handout_dialog.HandoutDialog) and w.isVisible()
    )
    assert dialog.windowTitle() == "Patient handout: Avonex"
    qtbot.keyClicks(dialog.patient_edit, "Jane Doe")
    dialog.save_pdf()
    text = pdf_text(target)
    assert "Avonex" in text and "interferon beta-1a" in text
    assert "Jane Doe" in text
    assert "an injection into a muscle" in text
    dialog.close()


def test_label_sections_show_with_set_id_version_and_date(qtbot, window) -> None:
    type_query(qtbot, window, "humira")
    window.open_current()
    text = window.monograph_view.plain_text()
    assert "Boxed warning" in text and "SERIOUS INFECTIONS" in text
    assert "Mechanism of action" in text and "TNF" in text  # the label's mechanism of action
    assert "Medication Guide" in text
    cite = "FDA label (SPL) · set id 608d4f0d-b19f-46d3-749a-7159aa5f933d · version 1560"
    assert cite in text and "effective 2013-09-30" in text
    assert "more than 13 years ago" in text  # the label's date drives the age notice


def _mnemonic(text: str) -> str | None:
    """The letter after a single '&' in a menu text ('&&' is a literal ampersand)."""
    cleaned = text.replace("&&", "")
    at = cleaned.find("&")
    return cleaned[at + 1].lower() if 0 <= at < len(cleaned) - 1 else None


def test_menu_mnemonics_are_distinct(window) -> None:
    """Alt+letter opens one menu, and within a menu one letter picks one item."""
    menus = [action.menu() for action in window.menuBar().actions() if action.menu()]
    titles = [_mnemonic(menu.title()) for menu in menus]
    assert None not in titles
    assert len(set(titles)) == len(titles), titles
    assert "h" in titles and _mnemonic(window.help_menu.title()) == "h"  # Alt+H opens Help
    assert menus[-1] is window.help_menu  # Help comes last, as in every desktop app
    for menu in menus:
        letters = [_mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
        letters = [letter for letter in letters if letter]
        assert len(set(letters)) == len(letters), (menu.title(), letters)


def test_about_the_catalogue_shows_the_coverage_figures(window) -> None:
    shown: list[tuple[str, str]] = []
    window.show_about = lambda title, html: shown.append((title, html))
    help_menu = next(a for a in window.menuBar().actions() if a.text() == "&Help").menu()
    next(a for a in help_menu.actions() if a.text() == "About the &catalogue").trigger()
    ((title, html),) = shown
    coverage = window.catalogue.section_coverage()
    assert title == "About the catalogue"
    for what, count in coverage.by_kind:
        assert f"<td>{what}</td><td align='right'>{count:,}</td>" in html
    assert coverage.last_label.isoformat() in html


def test_the_results_list_stays_readable_beside_the_docked_medication_list(
    qtbot, make_window, small_catalogue
) -> None:
    """On a first start (no saved layout) the docked list must not squeeze the results."""
    window = make_window(small_catalogue)
    window.ensure_monograph_view()
    readable = RESULTS_WIDTH - 12  # less the layout's margin
    qtbot.waitUntil(lambda: window.results_view.width() >= readable)
    assert window.search_field.width() >= readable
    assert window.splitter.sizes()[1] > window.splitter.sizes()[0]  # the monograph is wider
