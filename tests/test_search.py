"""Name search over the shipped catalogue: a table of what clinicians type and what they get."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from viewer.catalogue.store import Catalogue
from viewer.model import NameKind
from viewer.search import NameSearch, Tier


@pytest.fixture(scope="module")
def search(shipped_catalogue: Path) -> Iterator[NameSearch]:
    catalogue = Catalogue.open(shipped_catalogue)
    yield NameSearch(catalogue)
    catalogue.close()


def titles(search: NameSearch, query: str, limit: int = 50) -> list[str]:
    return [hit.title for hit in search.search(query, limit)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("avonex", "Avonex"),
        ("AVONEX", "Avonex"),
        ("Avönex", "Avonex"),  # accents folded
        ("  avonex  ", "Avonex"),
        ("avon", "Avonex"),  # prefix
        ("humira", "Humira"),  # Drugs@FDA only
        ("lipitor", "Lipitor"),  # Drugs@FDA only
        ("Lipit", "Lipitor"),
        ("rebif", "Rebif"),
        ("accolate", "Accolate"),
        ("adalimumab", "Humira"),  # ingredient -> the brand that has it (alone)
    ],
)
def test_best_hit_comes_first(search: NameSearch, query: str, first: str) -> None:
    assert titles(search, query)[0] == first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("interferon beta-1a", {"Avonex", "Rebif"}),
        ("Interferon Beta 1A", {"Avonex", "Rebif"}),
        ("interf", {"Avonex", "Rebif", "Betaseron", "Extavia"}),  # prefix of the ingredient
        ("beta-1a", {"Avonex", "Rebif"}),  # word prefix inside the ingredient name
        ("1a", {"Avonex", "Rebif"}),
        ("atorvastatin", {"Lipitor", "Atorvastatin", "Caduet"}),
        ("atorvastatin calcium", {"Lipitor", "Atorvastatin"}),  # salt form finds the base
        ("ATORVASTATIN CALCIUM", {"Lipitor", "Atorvastatin"}),
        ("zafirlukast", {"Accolate", "Zafirlukast"}),
        ("pitavastatin calcium", {"Livalo"}),
    ],
)
def test_ingredient_lists_every_monograph_that_contains_it(
    search: NameSearch, query: str, expected: set[str]
) -> None:
    assert expected <= set(titles(search, query))


def test_exact_brand_beats_exact_ingredient_beats_prefix(search: NameSearch) -> None:
    hits = search.search("interferon beta-1a")
    tiers = [hit.tier for hit in hits]
    assert tiers == sorted(tiers)
    exact = [h for h in hits if h.tier == Tier.EXACT_INGREDIENT]
    assert {"Avonex", "Rebif"} <= {h.title for h in exact}
    # "peginterferon beta-1a" contains the query but is a different ingredient: ranked after
    later = [h.title for h in hits if h.tier > Tier.EXACT_INGREDIENT]
    assert "Plegridy" in later

    brand = search.search("avonex")[0]
    assert (brand.tier, brand.matched_kind) == (Tier.EXACT_BRAND, NameKind.BRAND)


def test_hit_says_what_it_matched_on(search: NameSearch) -> None:
    avonex = next(h for h in search.search("interferon beta-1a") if h.title == "Avonex")
    assert avonex.matched_kind is NameKind.INGREDIENT
    assert avonex.matched_name == "interferon beta-1a"
    assert avonex.brands == ("Avonex",)
    assert avonex.ingredients == ("interferon beta-1a",)
    salt = next(h for h in search.search("atorvastatin calcium") if h.title == "Atorvastatin")
    assert salt.matched_kind in (NameKind.SYNONYM, NameKind.INGREDIENT, NameKind.TITLE)


def test_marketed_products_rank_above_discontinued_ones_in_a_tier(search: NameSearch) -> None:
    hits = [h for h in search.search("tylenol") if h.tier == Tier.PREFIX]
    actives = [h.active for h in hits]
    assert actives == sorted(actives, reverse=True)


def test_each_monograph_appears_once(search: NameSearch) -> None:
    ids = [h.monograph_id for h in search.search("interferon", 200)]
    assert len(ids) == len(set(ids))


def test_limit_is_respected(search: NameSearch) -> None:
    assert len(search.search("a", 7)) == 7
    assert search.search("avonex", 0) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "'; DROP TABLE name; --",
        '"unbalanced',
        "NEAR(a b)",
        "a* OR b",
        "\x00",
        "x" * 10_000,
        "😀💊",
        "دواء",
        "zzzzzzzzqqqq",
    ],
)
def test_odd_text_gives_a_list_never_an_error(search: NameSearch, query: str) -> None:
    hits = search.search(query)
    assert isinstance(hits, list)


def test_sql_text_is_searched_as_text(search: NameSearch, shipped_catalogue: Path) -> None:
    search.search("'; DROP TABLE name; --")
    with Catalogue.open(shipped_catalogue) as catalogue:
        assert catalogue.monograph_id_for_slug("avonex") is not None


def test_substring_finds_names_from_the_middle(search: NameSearch) -> None:
    hits = search.search("vastatin")
    assert {"Lipitor", "Livalo"} <= {h.title for h in hits}
    assert all(h.tier >= Tier.WORD_PREFIX for h in hits)
