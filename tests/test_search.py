"""Name search over the shipped catalogue: a table of what clinicians type and what they get."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from viewer.catalogue.store import Catalogue
from viewer.model import NameKind
from viewer.search import NameSearch, Tier, WarmUpCancelled
from viewer.text import normalise


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


# -- typos ----------------------------------------------------------------------------------------

# Misspellings of brands and ingredients in the shipped catalogue, one or two edits away (the
# kind in the comment), with the drug that must come back in the top three.
MISSPELT_BRANDS = [
    ("avonx", "Avonex"),  # deletion
    ("avonexx", "Avonex"),  # insertion
    ("vaonex", "Avonex"),  # transposition of the first two letters
    ("humria", "Humira"),  # transposition
    ("humirra", "Humira"),
    ("lipitr", "Lipitor"),
    ("liptor", "Lipitor"),
    ("ilpitor", "Lipitor"),
    ("lippitorr", "Lipitor"),  # two insertions
    ("seroquil", "Seroquel"),  # substitution
    ("semroquel", "Seroquel"),
    ("rebiff", "Rebif"),
    ("acolate", "Accolate"),
    ("zocorr", "Zocor"),
    ("crestr", "Crestor"),
    ("nexiium", "Nexium"),
    ("synthriod", "Synthroid"),
    ("prozak", "Prozac"),
    ("zolofft", "Zoloft"),
    ("nuerontin", "Neurontin"),
    ("coumadn", "Coumadin"),
    ("Avönx", "Avonex"),  # accents folded before correcting
]

MISSPELT_INGREDIENTS = [
    ("intreferon", "interferon"),
    ("adalimumb", "adalimumab"),
    ("atorvastatn", "atorvastatin"),
    ("zafirlukst", "zafirlukast"),
    ("amoxicilin", "amoxicillin"),
    ("ibuprofin", "ibuprofen"),
    ("gabapentn", "gabapentin"),
    ("lisinoprl", "lisinopril"),
    ("omeprazle", "omeprazole"),
    ("simvastatn", "simvastatin"),
    ("warfarn", "warfarin"),
]


@pytest.mark.parametrize(("typo", "title"), MISSPELT_BRANDS)
def test_misspelt_brand_is_in_the_top_three(search: NameSearch, typo: str, title: str) -> None:
    result = search.find(typo)
    assert title in [hit.title for hit in result.hits[:3]]
    assert result.did_you_mean == title


@pytest.mark.parametrize(("typo", "ingredient"), MISSPELT_INGREDIENTS)
def test_misspelt_ingredient_finds_its_products(
    search: NameSearch, typo: str, ingredient: str
) -> None:
    result = search.find(typo)
    assert result.hits
    for hit in result.hits[:3]:
        assert any(ingredient in name.lower() for name in hit.ingredients), hit
    assert result.did_you_mean is not None
    assert result.did_you_mean.lower() == ingredient


def test_typo_hits_say_so(search: NameSearch) -> None:
    hit = search.search("humria")[0]
    assert hit.tier == Tier.FUZZY
    assert (hit.title, hit.matched_name, hit.matched_kind) == ("Humira", "Humira", NameKind.BRAND)


@pytest.mark.parametrize("query", ["avonex", "Lipitor", "interferon beta-1a", "atorvastatin"])
def test_no_did_you_mean_when_the_name_is_spelt_right(search: NameSearch, query: str) -> None:
    result = search.find(query)
    assert result.hits
    assert result.did_you_mean is None
    assert all(hit.tier < Tier.FUZZY for hit in result.hits)


@pytest.mark.parametrize("query", ["zzzzqqqqxx", "xq", "abc", "12345678"])
def test_no_did_you_mean_when_nothing_is_near(search: NameSearch, query: str) -> None:
    result = search.find(query)
    assert result.did_you_mean is None
    assert all(hit.tier < Tier.FUZZY for hit in result.hits)


def test_exact_and_prefix_matches_rank_above_typo_matches(search: NameSearch) -> None:
    # "zcor" is the start of "Zcort 7 Day Taper" and one edit from "Zocor": the prefix wins
    result = search.find("zcor")
    hits = result.hits
    assert hits[0].tier == Tier.PREFIX
    assert "Zocor" not in [h.title for h in hits if h.tier < Tier.FUZZY]
    # the typo still finds Zocor, in the top three, but a name starts with "zcor", so what was
    # typed may be a name still being typed: no "did you mean"
    assert "Zocor" in [h.title for h in hits[:3] if h.tier == Tier.FUZZY]
    assert result.did_you_mean is None
    # and wherever both tiers answer, every exact or prefix hit comes before every typo hit
    for query in ("rebiff", "lipitr", "ambein", "crestr", "nexum", "zcor", "avonx"):
        tiers = [hit.tier for hit in search.search(query)]
        assert tiers == sorted(tiers), query


def test_a_monograph_found_by_name_is_not_repeated_as_a_typo_hit(search: NameSearch) -> None:
    ids = [hit.monograph_id for hit in search.search("crestr", 200)]
    assert len(ids) == len(set(ids))


def test_a_typo_in_one_word_of_several_is_corrected(search: NameSearch) -> None:
    result = search.find("atorvastatn calcium")
    assert result.did_you_mean == "atorvastatin calcium"
    assert {"Lipitor", "Atorvastatin"} <= {hit.title for hit in result.hits[:5]}


def test_warm_up_from_a_worker_thread_loads_the_vocabulary(shipped_catalogue: Path) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        names = NameSearch(catalogue)
        thread = threading.Thread(target=names.warm_up)
        thread.start()
        thread.join()
        assert "interferon" in names.vocabulary()
        assert names.find("avonx").did_you_mean == "Avonex"


def test_a_warm_up_cancelled_before_it_starts_loads_nothing(small_catalogue: Path) -> None:
    with Catalogue.open(small_catalogue) as catalogue:
        names = NameSearch(catalogue)
        names.cancel_warm_up()
        with pytest.raises(WarmUpCancelled):
            names.warm_up()
        # the vocabulary is still read when a search needs it
        assert names.find("avonx").did_you_mean == "Avonex"


def test_cancelling_a_warm_up_interrupts_its_query(
    small_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm-up's own connection is interrupted mid-statement (closing the window need not
    wait for a large catalogue's vocabulary to be read)."""
    started = threading.Event()

    def endless_counts(catalogue: Catalogue) -> dict[str, int]:
        # "started" once SQLite is executing the statement, so the interrupt lands inside it
        catalogue._db.set_progress_handler(lambda: started.set(), 1000)
        endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1e10) "
        catalogue._db.execute(endless + "SELECT count(*) FROM n").fetchone()
        raise AssertionError("the statement was not interrupted")

    monkeypatch.setattr(Catalogue, "name_key_counts", endless_counts)
    outcome: list[BaseException] = []

    def warm_up() -> None:
        try:
            names.warm_up()
        except BaseException as error:
            outcome.append(error)

    with Catalogue.open(small_catalogue) as catalogue:
        names = NameSearch(catalogue)
        thread = threading.Thread(target=warm_up)
        thread.start()
        assert started.wait(60)
        names.cancel_warm_up()
        thread.join(60)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], WarmUpCancelled)


# -- the drug first (issue 9) -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["metformin", "amlodipine", "acetaminophen", "insulin glargine"])
def test_an_ingredient_query_opens_its_plain_generic_family(
    shipped_catalogue: Path, query: str
) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        hits = NameSearch(catalogue).search(query, limit=30)
    first = hits[0]
    assert first.kind == "generic" and [normalise(i) for i in first.ingredients] == [
        normalise(query)
    ]
    # then single-ingredient brands, then combinations
    exact = [h for h in hits if h.tier <= Tier.EXACT_SYNONYM]
    sizes = [len(h.ingredients) for h in exact]
    assert sizes == sorted(sizes)
    assert any(h.kind == "brand" and len(h.ingredients) == 1 for h in exact)


@pytest.mark.parametrize(
    "query",
    [
        "losartan / hydrochlorothiazide",
        "hydrochlorothiazide/losartan",
        "losartan + hydrochlorothiazide",
        "losartan, hydrochlorothiazide",
        "losartan and hydrochlorothiazide",
        "losartan with hydrochlorothiazide",
        "losartan & hydrochlorothiazide",
        "losartan-hydrochlorothiazide",
        "losartan potassium / hydrochlorothiazide",
    ],
)
def test_a_combination_is_found_in_any_order_and_spelling(
    shipped_catalogue: Path, query: str
) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        hits = NameSearch(catalogue).search(query, limit=10)
    assert hits, query
    assert hits[0].kind == "generic"
    assert set(hits[0].ingredients) == {"losartan", "hydrochlorothiazide"}
    assert "Hyzaar" in [h.title for h in hits]


@pytest.mark.parametrize(
    "query",
    ["oxycodone and acetaminophen", "acetaminophen / oxycodone", "acetaminophen w/ oxycodone"],
)
def test_oxycodone_and_acetaminophen(shipped_catalogue: Path, query: str) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        hits = NameSearch(catalogue).search(query, limit=10)
    assert set(hits[0].ingredients) == {"oxycodone", "acetaminophen"}
    assert "Percocet" in [h.title for h in hits]


@pytest.mark.parametrize("query", ["fam-trastuzumab", "interferon beta-1a", "pH-Dose"])
def test_a_hyphen_inside_a_name_never_splits_it(shipped_catalogue: Path, query: str) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        assert NameSearch(catalogue).combination_parts(query) == []


def test_a_query_naming_a_salt_ranks_that_salts_products_first(shipped_catalogue: Path) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        hits = NameSearch(catalogue).search("metoprolol tartrate", limit=20)
        first = catalogue.monograph(hits[0].monograph_id)
        toprol = [h for h in hits if h.title.startswith("Toprol")]
    assert first is not None
    assert "metoprolol tartrate" in {p for f in first.forms for p in f.ingredients}
    salt = [h for h in hits if h.matched_name == "metoprolol tartrate"]
    assert toprol and all(hits.index(h) > hits.index(salt[-1]) for h in toprol)


def test_search_counts_what_its_limit_left_out(shipped_catalogue: Path) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        search = NameSearch(catalogue)
        everything = search.find("hydrochlorothiazide", limit=500)
        cut = search.find("hydrochlorothiazide", limit=10)
    assert everything.more == 0 and len(everything.hits) > 10
    assert cut.more == len(everything.hits) - 10
    assert [h.monograph_id for h in cut.hits] == [h.monograph_id for h in everything.hits[:10]]
