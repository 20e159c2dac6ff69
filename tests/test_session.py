"""The one search flow (viewer.session) that the window and the CLI both drive, Qt-free."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from viewer.session import NoSuchDrug, SearchSession
from viewer.textsearch import SearchCancelled


@pytest.fixture
def session(small_catalogue: Path):  # type: ignore[no-untyped-def]
    with SearchSession.open(small_catalogue) as opened:
        yield opened


def test_names_come_first_then_text_fills_the_room(session: SearchSession) -> None:
    found = session.search("multiple sclerosis", limit=20)
    named = {hit.monograph_id for hit in found.names}
    assert found.text, "the text tier found the words in monograph text"
    assert "Avonex" in [hit.title for hit in found.text]
    assert not named & {hit.monograph_id for hit in found.text}  # never listed twice
    assert len(found.names) + len(found.text) <= 20


def test_the_limit_bounds_both_tiers_together(session: SearchSession) -> None:
    full = session.search("interferon", limit=50)
    assert len(full.names) >= 2
    one = session.search("interferon", limit=1)
    assert one.names == full.names[:1] and one.text == ()


def test_a_typo_is_offered_never_substituted(session: SearchSession) -> None:
    session.warm_up()
    found = session.find_names("avonx")
    assert found.did_you_mean and found.did_you_mean.lower() == "avonex"
    with pytest.raises(NoSuchDrug, match="did you mean 'Avonex'"):
        session.resolve("avonx")


def test_resolve_by_id_slug_and_name_agree(session: SearchSession) -> None:
    by_name = session.resolve("Avonex")
    assert session.resolve(str(by_name.id)).id == by_name.id
    assert session.resolve(by_name.slug).id == by_name.id


def test_an_empty_query_finds_nothing_and_is_not_an_error(session: SearchSession) -> None:
    assert session.search("   ").empty
    assert session.find_text("") == ()


def test_cancel_text_stops_a_running_text_search(session: SearchSession, monkeypatch) -> None:
    """cancel_text from another thread makes the running text search raise SearchCancelled."""
    from viewer.catalogue.store import Catalogue

    started, cancelled = threading.Event(), threading.Event()
    real = Catalogue.section_owners

    def slow_owners(self, sections):  # type: ignore[no-untyped-def]
        started.set()
        cancelled.wait(10)
        return real(self, sections)

    monkeypatch.setattr(Catalogue, "section_owners", slow_owners)
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(session.find_text("sclerosis"))
        except SearchCancelled as error:
            outcome.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    assert started.wait(10)
    session.cancel_text()
    cancelled.set()
    worker.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], SearchCancelled)


def test_after_close_no_text_search_runs(small_catalogue: Path) -> None:
    session = SearchSession.open(small_catalogue)
    session.close()
    assert session.find_text("sclerosis") == ()
