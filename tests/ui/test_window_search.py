"""The window's typo and full-text tiers: "Did you mean", text hits below name hits, off-thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from viewer.model import SearchHit, TextHit
from viewer.ui.main_window import MainWindow
from viewer.ui.results_model import DETAIL_ROLE, HIGHLIGHTS_ROLE

from .test_main_window import type_query


def wait_for_text_hits(qtbot, window: MainWindow) -> list[TextHit]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: bool(window.results_model.text_hits()), timeout=10_000)
    return window.results_model.text_hits()


def test_misspelt_brand_offers_did_you_mean_and_finds_it(qtbot, window) -> None:
    type_query(qtbot, window, "avonx")  # searched again once the spelling vocabulary is loaded
    qtbot.waitUntil(lambda: "Avonex" in [h.title for h in window.results_model.name_hits()][:3])
    assert window.suggestion.isVisible()
    assert "Did you mean" in window.suggestion.text() and "Avonex" in window.suggestion.text()
    window.accept_suggestion()
    assert window.search_field.text().lower() == "avonex"
    assert window.results_model.name_hits()[0].title == "Avonex"
    assert not window.suggestion.isVisible()


def test_a_name_still_being_typed_is_not_corrected(qtbot, window) -> None:
    type_query(qtbot, window, "lipit")
    assert window.results_model.name_hits()[0].title == "Lipitor"
    assert not window.suggestion.isVisible()


def test_words_in_the_text_find_a_drug_below_the_name_hits(qtbot, window) -> None:
    type_query(qtbot, window, "multiple sclerosis")
    hits = wait_for_text_hits(qtbot, window)
    assert "Avonex" in [hit.title for hit in hits][:10]
    model = window.results_model
    rows = model.hits()
    first_text = len(model.name_hits())
    assert all(isinstance(h, SearchHit) for h in rows[:first_text])
    assert all(isinstance(h, TextHit) for h in rows[first_text:])
    avonex_row = next(
        r for r, h in enumerate(rows) if isinstance(h, TextHit) and h.title == "Avonex"
    )
    index = model.index(avonex_row, 0)
    detail = index.data(DETAIL_ROLE)
    assert detail.startswith("in text, ")
    marked = [detail[start:end].lower() for start, end in index.data(HIGHLIGHTS_ROLE)]
    assert any("sclerosis" in words for words in marked)
    assert "in text" in window.result_count.text()


def test_opening_a_text_hit_shows_its_monograph(qtbot, window) -> None:
    type_query(qtbot, window, "multiple sclerosis")
    hits = wait_for_text_hits(qtbot, window)
    row = len(window.results_model.name_hits()) + [h.title for h in hits].index("Avonex")
    window.results_view.setCurrentIndex(window.results_model.index(row, 0))
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.monograph_view.plain_text().startswith("Avonex")


def test_typing_on_cancels_the_previous_text_search(qtbot, window) -> None:
    type_query(qtbot, window, "multiple sclerosis")
    wait_for_text_hits(qtbot, window)
    type_query(qtbot, window, "qqqqzzzz")
    qtbot.wait(400)  # longer than the text debounce: a stale answer would have landed by now
    assert window.results_model.text_hits() == []


def test_text_search_runs_off_the_ui_thread(qtbot, window, monkeypatch) -> None:
    from viewer.textsearch import TextSearch

    threads: list[str] = []
    real = TextSearch.search

    def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(TextSearch, "search", spy)
    type_query(qtbot, window, "multiple sclerosis")
    wait_for_text_hits(qtbot, window)
    assert threads and threading.main_thread().name not in threads


def test_fts_syntax_typed_in_the_window_is_just_text(qtbot, window) -> None:
    for query in ('"multiple', "sclerosis AND", "NEAR(", "title:*", "-(x"):
        type_query(qtbot, window, query)
        qtbot.wait(300)
    assert window.isVisible()
