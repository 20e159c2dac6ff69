"""Full-text search: what clinicians type about a drug's use, and the text that answers it."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from viewer import textsearch
from viewer.catalogue import schema
from viewer.catalogue.store import Catalogue
from viewer.textsearch import (
    MAX_WORD_CHARS,
    MAX_WORDS,
    SearchCancelled,
    TextSearch,
    fts_query,
    query_words,
    split_snippet,
)


@pytest.fixture(scope="module")
def shipped(shipped_catalogue: Path) -> Iterator[TextSearch]:
    text = TextSearch.open(shipped_catalogue)
    yield text
    text.close()


def titles(text: TextSearch, query: str, limit: int = 10) -> list[str]:
    return [hit.title for hit in text.search(query, limit)]


# -- the table over the shipped catalogue --------------------------------------------------------

FULL_TEXT = [
    ("multiple sclerosis", "Avonex"),
    ("MULTIPLE SCLEROSIS", "Avonex"),
    ("Sclérosis", "Avonex"),  # accents folded by the index
    ("MS flare-ups", "Avonex"),
    ("intramuscular injection", "Avonex"),
    ("relapsing-remitting", "Avonex"),
    ("186 amino acids", "Avonex"),
    ("glycoprotein", "Avonex"),
    ("clinically isolated syndrome", "Avonex"),
    ("viral replication", "Avonex"),
    # FTS syntax typed by a user is searched as the words it contains
    ('"multiple sclerosis', "Avonex"),
    ("multiple AND sclerosis", "Avonex"),
    ("(multiple sclerosis)", "Avonex"),
    ("sclerosis*", "Avonex"),
    ("-sclerosis", "Avonex"),
    ("^sclerosis", "Avonex"),
]


@pytest.mark.parametrize(("query", "title"), FULL_TEXT)
def test_words_in_the_text_find_the_drug(shipped: TextSearch, query: str, title: str) -> None:
    assert title in titles(shipped, query)


def _sections(path: Path) -> list[tuple[int, str, str]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(
            "SELECT s.monograph_id, m.title, s.text FROM section s"
            " JOIN monograph m ON m.id = s.monograph_id ORDER BY s.id"
        ).fetchall()
    finally:
        db.close()


def test_every_section_is_found_by_a_run_of_its_own_words(
    shipped: TextSearch, shipped_catalogue: Path
) -> None:
    sections = _sections(shipped_catalogue)
    assert sections, "the shipped catalogue has section text"
    folded = [(m, t.casefold()) for m, _, t in sections]  # once, not once per sample
    step = max(1, len(sections) // 200)  # an even sample, should labels make them many
    for monograph_id, title, text in sections[::step]:
        words = re.findall(r"[A-Za-z]{5,}", text)
        if len(words) < 3:
            continue  # too short to have a run of three words
        middle = len(words) // 2
        run = words[middle : middle + 3]
        query = " ".join(run)
        # Label boilerplate ("freeze shake protect") recurs across the shipped labels, so the
        # section is looked for among as many monographs as hold those three words.
        if monograph_id in [hit.monograph_id for hit in shipped.search(query, 10)]:
            continue  # in the first ten: within as many as hold the words, however many
        keys = [w.casefold() for w in run]
        holders = {m for m, t in folded if all(k in t for k in keys)}
        ids = [hit.monograph_id for hit in shipped.search(query, max(10, len(holders)))]
        assert monograph_id in ids, (title, query)


def test_snippet_is_plain_text_with_the_matches_marked(shipped: TextSearch) -> None:
    hit = next(h for h in shipped.search("multiple sclerosis") if h.title == "Avonex")
    assert hit.highlights
    assert "\ue000" not in hit.snippet and "\ue001" not in hit.snippet
    for start, end in hit.highlights:
        assert set(hit.snippet[start:end].casefold().split()) <= {"multiple", "sclerosis"}
    assert len(hit.snippet) < 300
    assert hit.section_kind in {"overview", "mechanism", "indications", "administration"}
    assert hit.ingredients == ("interferon beta-1a",)
    assert hit.score < 0  # bm25: lower is better


def test_each_monograph_appears_once_under_its_best_section(shipped: TextSearch) -> None:
    hits = shipped.search("avonex")  # in every Avonex section
    assert [h.title for h in hits].count("Avonex") == 1


def test_exclude_leaves_out_monographs_already_listed(shipped: TextSearch) -> None:
    avonex = shipped.search("multiple sclerosis")[0].monograph_id
    others = shipped.search("multiple sclerosis", 10, {avonex})
    assert avonex not in [h.monograph_id for h in others]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "\x00", "😀", "zzzqqqxxx", "-", '""'])
def test_nothing_to_find_is_an_empty_list(shipped: TextSearch, query: str) -> None:
    assert shipped.search(query) == []


def test_limit_zero_is_empty(shipped: TextSearch) -> None:
    assert shipped.search("multiple sclerosis", 0) == []


# -- turning typed text into a safe query ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("multiple sclerosis", ["multiple", "sclerosis"]),
        ('"multiple sclerosis"', ["multiple", "sclerosis"]),
        ("a AND b OR NOT c", ["a", "and", "b", "or", "not", "c"]),
        ("NEAR(x y, 3)", ["near", "x", "y", "3"]),
        ("title:liver*", ["title", "liver"]),
        ("-liver +kidney ^heart", ["liver", "kidney", "heart"]),
        ("liver liver LIVER", ["liver"]),
        ("snake_case", ["snake", "case"]),
        ("e\u0301tat", ["état"]),  # combining accent composed
        ("\x00liver\x00", ["liver"]),
        ("داء السكري", ["داء", "السكري"]),
    ],
)
def test_query_words_keep_only_words(typed: str, words: list[str]) -> None:
    assert query_words(typed) == words


def test_query_words_are_bounded() -> None:
    words = query_words(" ".join(f"w{i}" for i in range(100)))
    assert len(words) == MAX_WORDS
    assert len(query_words("x" * 10_000)[0]) == MAX_WORD_CHARS


def test_fts_query_quotes_every_word_and_adds_the_phrase() -> None:
    assert fts_query("Liver") == '"liver"'
    assert fts_query("grapefruit juice") == '"grapefruit juice" OR ("grapefruit" AND "juice")'
    assert fts_query("?!") is None


def test_split_snippet_returns_text_and_offsets() -> None:
    text, spans = split_snippet("…in \ue000multiple sclerosis\ue001 (\ue000MS\ue001)")
    assert text == "…in multiple sclerosis (MS)"
    assert [text[a:b] for a, b in spans] == ["multiple sclerosis", "MS"]
    assert split_snippet("no marks") == ("no marks", ())


# -- bounds at scale, on a small catalogue where "the" is in every section ------------------------


def make_text_catalogue(path: Path, texts: list[str]) -> Path:
    """A valid catalogue with one monograph per text (one section each)."""
    db = sqlite3.connect(path)
    db.executescript(schema.DDL)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("schema_version", str(schema.SCHEMA_VERSION)), ("build_date", "2025-01-01T00:00:00Z")],
    )
    db.execute("INSERT INTO source VALUES ('curated', 'test', '1', '', '', '', 0)")
    for number, text in enumerate(texts, start=1):
        db.execute(
            "INSERT INTO monograph VALUES (?, ?, ?, 'brand', 1, ?, '[]', '[\"curated\"]')",
            (number, f"drug-{number}", f"Drug {number}", json.dumps([f"Drug {number}"])),
        )
        db.execute(
            "INSERT INTO section (monograph_id, position, kind, title, html, text, source)"
            " VALUES (?, 0, 'indications', '', '', ?, 'curated')",
            (number, text),
        )
    db.execute("INSERT INTO section_fts(section_fts) VALUES ('rebuild')")
    db.commit()
    db.close()
    return path


@pytest.fixture
def common_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TextSearch]:
    texts = [f"the dose of the tablet number {n}" for n in range(1, 101)]
    for n in (40, 70, 90):
        texts[n - 1] += " watch the liver enzymes; the liver may suffer"
    texts[69] += " liver liver liver"  # Drug 70 says it most
    monkeypatch.setattr(textsearch, "COMMON_PROBE", 10)
    monkeypatch.setattr(textsearch, "COMMON_FRACTION", 0.5)
    text = TextSearch.open(make_text_catalogue(tmp_path / "c.sqlite", texts))
    yield text
    text.close()


def test_a_common_word_filters_but_does_not_rank(common_words: TextSearch) -> None:
    assert common_words.is_common("the")
    assert not common_words.is_common("liver")
    hits = common_words.search("the liver", 10)
    assert hits[0].title == "Drug 70"
    assert {h.title for h in hits} == {"Drug 40", "Drug 70", "Drug 90"}


def test_only_common_words_list_the_first_matches_unranked(common_words: TextSearch) -> None:
    hits = common_words.search("the", 5)
    assert [h.title for h in hits] == [f"Drug {n}" for n in range(1, 6)]
    assert all(h.score == 0.0 for h in hits)
    assert all(h.highlights for h in hits)


def test_cancel_stops_a_running_search(
    common_words: TextSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue: Catalogue = common_words._catalogue
    real = catalogue.text_nth_match

    def cancel_midway(*args: object) -> int | None:
        common_words.cancel()  # as the window would, from another thread
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue, "text_nth_match", cancel_midway)
    with pytest.raises(SearchCancelled):
        common_words.search("liver")
    monkeypatch.setattr(catalogue, "text_nth_match", real)
    assert common_words.search("liver")  # the next search runs normally


def test_snippet_markers_become_plain_text_and_offsets() -> None:
    # The window draws the snippet as plain text (never markup) and bolds these spans.
    text, spans = split_snippet("dose <5 mg & \ue000liver\ue001 <script>")
    assert text == "dose <5 mg & liver <script>"
    assert [text[a:b] for a, b in spans] == ["liver"]
    assert split_snippet("plain") == ("plain", ())
