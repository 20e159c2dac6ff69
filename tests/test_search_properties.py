"""Property-based robustness: whatever text is typed, search answers with a list, never an error.

Hypothesis feeds the name tier, the text tier and ``drugview search --json`` arbitrary text mixed
with the pieces most likely to break a query: FTS5 syntax (quotes, AND/OR/NOT, NEAR, ``*``, ``-``,
``^``, parentheses, column filters), SQL, NUL and control characters, emoji, right-to-left scripts,
combining accents, and very long strings.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.catalogue.store import Catalogue
from viewer.cli import main
from viewer.model import SearchHit, TextHit
from viewer.search import NameSearch, SearchResult
from viewer.textsearch import TextSearch

AWKWARD = [
    '"',
    "'",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(",
    "*",
    "-",
    "+",
    "^",
    "(",
    ")",
    ":",
    "title:",
    "text:",
    "{title text}:",
    "\x00",
    "\x1b[2J",
    "\n",
    "\t",
    "%",
    "_",
    "\\",
    "'; DROP TABLE name; --",
    "😀",
    "💊",
    "👩‍⚕️",
    "مرحبا",  # Arabic, right to left
    "שלום",  # Hebrew, right to left
    "\u202e",  # right-to-left override
    "e\u0301",  # combining acute accent
    "\u0301\u0301\u0301",  # combining marks with nothing to combine with
    "ﬁ",  # ligature that NFKC unfolds
    "ß",
    "İ",
    "avonex",
    "interferon",
    "multiple sclerosis",
    "lipitr",
    "x" * 300,
]

pieces = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=20))
typed = st.one_of(
    st.lists(pieces, max_size=12).map(" ".join),
    st.lists(pieces, max_size=12).map("".join),
    st.text(max_size=60),
    st.text(min_size=1000, max_size=5000),
)


@pytest.fixture(scope="module")
def catalogue(shipped_catalogue: Path) -> Iterator[Catalogue]:
    with Catalogue.open(shipped_catalogue) as opened:
        yield opened


@pytest.fixture(scope="module")
def names(catalogue: Catalogue) -> NameSearch:
    """One name search for all examples, as the window keeps one: its spelling vocabulary
    loads once, not once per example (which took most of this test's time)."""
    return NameSearch(catalogue)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=typed)
def test_name_search_always_answers_with_a_list(names: NameSearch, query: str) -> None:
    result = names.find(query, 20)
    assert isinstance(result, SearchResult)
    assert isinstance(result.hits, list)
    assert all(isinstance(hit, SearchHit) for hit in result.hits)
    assert len(result.hits) <= 20
    assert result.did_you_mean is None or isinstance(result.did_you_mean, str)
    tiers = [hit.tier for hit in result.hits]
    assert tiers == sorted(tiers)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=typed)
def test_text_search_always_answers_with_a_list(catalogue: Catalogue, query: str) -> None:
    hits = TextSearch(catalogue).search(query, 10)
    assert isinstance(hits, list)
    assert all(isinstance(hit, TextHit) for hit in hits)
    assert len(hits) <= 10
    for hit in hits:
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.snippet)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=typed)
def test_cli_search_json_always_prints_a_list(shipped_catalogue: Path, query: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        # "--" so that a query starting with "-" is a query, as a shell user would write it
        code = main(["search", "--catalogue", str(shipped_catalogue), "--json", "--", query])
    assert code == 0, err.getvalue()
    document = json.loads(out.getvalue())
    assert isinstance(document, list)
    assert all(hit["matched"] in ("name", "text") for hit in document)
