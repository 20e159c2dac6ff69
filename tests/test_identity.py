"""Drug identity, case by case, each case checked against the raw rows it comes from.

Every Drugs@FDA case names a row of ``Products.txt`` (copied verbatim into
``tests/fixtures/identity/Products.txt``; ``test_fixture_rows_are_the_raw_rows`` checks them
against ``../shared`` when it is present): the test first finds that row with exactly the
ingredient string the case quotes, then checks what the shipped catalogue made of it: the
monograph it sits in (title and header ingredients) and the precise ingredients of its row in
the forms table. RxNorm cases do the same with branded drugs of the raw RxNorm files.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED_DATA, needs_shared
from viewer.catalogue.store import Catalogue
from viewer.identity import COUNTER_IONS, IngredientIdentity, brand_family_name, split_ingredients
from viewer.search import NameSearch, Tier
from viewer.sources.drugsatfda import repair_product_row
from viewer.sources.records import IngredientRef
from viewer.text import display_case, normalise

RAW_PRODUCTS = FIXTURES / "identity" / "Products.txt"
RAW_RXNORM = FIXTURES / "identity" / "rxnorm_sbds.json"


@dataclass(frozen=True)
class Case:
    name: str  # DrugName, exactly as in Products.txt
    appl: str  # ApplNo
    raw: str  # ActiveIngredient, exactly as in Products.txt
    title: str  # the monograph the row sits in
    header: frozenset[str]  # that monograph's ingredients (active moieties)
    precise: tuple[str, ...]  # the row's precise ingredients in the forms table


def case(name: str, appl: str, raw: str, title: str, header: str, precise: str) -> Case:
    return Case(name, appl, raw, title, frozenset(header.split("|")), tuple(precise.split("|")))


CASES = [
    # the issue's own examples
    case(
        "NEOSPORIN",
        "050176",
        "NEOMYCIN SULFATE; POLYMYXIN B SULFATE",
        "Neosporin",
        "neomycin|polymyxin B",
        "neomycin sulfate|polymyxin B sulfate",
    ),
    case(
        "NEOSPORIN",
        "060582",
        "GRAMICIDIN; NEOMYCIN SULFATE; POLYMYXIN B SULFATE",
        "Neosporin",
        "gramicidin|neomycin|polymyxin B",
        "gramicidin|neomycin sulfate|polymyxin B sulfate",
    ),
    case(
        "BICILLIN C-R",
        "050138",
        "PENICILLIN G BENZATHINE; PENICILLIN G PROCAINE",
        "Bicillin C-R",
        "penicillin G benzathine|penicillin G procaine",
        "penicillin G benzathine|penicillin G procaine",
    ),
    case(
        "BICILLIN C-R 900/300",
        "050138",
        "PENICILLIN G BENZATHINE; PENICILLIN G PROCAINE",
        "Bicillin C-R",
        "penicillin G benzathine|penicillin G procaine",
        "penicillin G benzathine|penicillin G procaine",
    ),
    case(
        "ENHERTU",
        "761139",
        "FAM-TRASTUZUMAB DERUXTECAN-NXKI",
        "Enhertu",
        "fam-trastuzumab deruxtecan-nxki",
        "fam-trastuzumab deruxtecan-nxki",
    ),
    case(
        "LANTUS",
        "021081",
        "INSULIN GLARGINE RECOMBINANT",
        "Lantus",
        "insulin glargine",
        "insulin glargine recombinant",
    ),
    case(
        "LANTUS SOLOSTAR",
        "021081",
        "INSULIN GLARGINE RECOMBINANT",
        "Lantus",
        "insulin glargine",
        "insulin glargine recombinant",
    ),
    case(
        "XIGDUO XR",
        "205649",
        "DAPAGLIFLOZIN; METFORMIN HYDROCHLORIDE",
        "Xigduo XR",
        "dapagliflozin|metformin",
        "dapagliflozin|metformin hydrochloride",
    ),
    case(
        "COMPLERA",
        "202123",
        "EMTRICITABINE; RILPIVIRINE HYDROCHLORIDE; TENOFOVIR DISOPROXIL FUMARATE",
        "Complera",
        "emtricitabine|rilpivirine|tenofovir disoproxil",
        "emtricitabine|rilpivirine hydrochloride|tenofovir disoproxil fumarate",
    ),
    case("ROGAINE (FOR MEN)", "019501", "MINOXIDIL", "Rogaine", "minoxidil", "minoxidil"),
    case("ROGAINE (FOR WOMEN)", "019501", "MINOXIDIL", "Rogaine", "minoxidil", "minoxidil"),
    case(
        "ROGAINE EXTRA STRENGTH (FOR MEN)",
        "020834",
        "MINOXIDIL",
        "Rogaine",
        "minoxidil",
        "minoxidil",
    ),
    case(
        "TRAVASOL 10% IN PLASTIC CONTAINER",
        "018931",
        "AMINO ACIDS",
        "Travasol",
        "amino acids",
        "amino acids",
    ),
    case(
        "TRAVASOL 5.5% IN PLASTIC CONTAINER",
        "018931",
        "AMINO ACIDS",
        "Travasol",
        "amino acids",
        "amino acids",
    ),
    case(
        "ESCITALOPRAM OXALATE",
        "076765",
        "ESCITALOPRAM OXALATE",
        "Escitalopram",
        "escitalopram",
        "escitalopram oxalate",
    ),
    case(
        "HALOPERIDOL DECANOATE",
        "074811",
        "HALOPERIDOL DECANOATE",
        "Haloperidol",
        "haloperidol",
        "haloperidol decanoate",
    ),
    # depot esters and salts: the moiety in the header, the ester or salt on the row
    case("HALDOL", "015921", "HALOPERIDOL", "Haldol", "haloperidol", "haloperidol"),
    case("HALDOL", "015922", "HALOPERIDOL LACTATE", "Haldol", "haloperidol", "haloperidol lactate"),
    case(
        "HALDOL",
        "018701",
        "HALOPERIDOL DECANOATE",
        "Haldol",
        "haloperidol",
        "haloperidol decanoate",
    ),
    case(
        "INVEGA SUSTENNA",
        "022264",
        "PALIPERIDONE PALMITATE",
        "Invega Sustenna",
        "paliperidone",
        "paliperidone palmitate",
    ),
    case(
        "DEPO-PROVERA",
        "012541",
        "MEDROXYPROGESTERONE ACETATE",
        "Depo-Provera",
        "medroxyprogesterone",
        "medroxyprogesterone acetate",
    ),
    case(
        "DELESTROGEN",
        "009402",
        "ESTRADIOL VALERATE",
        "Delestrogen",
        "estradiol",
        "estradiol valerate",
    ),
    case(
        "LOPRESSOR",
        "017963",
        "METOPROLOL TARTRATE",
        "Lopressor",
        "metoprolol",
        "metoprolol tartrate",
    ),
    case(
        "TOPROL-XL",
        "019962",
        "METOPROLOL SUCCINATE",
        "Toprol-XL",
        "metoprolol",
        "metoprolol succinate",
    ),
    case(
        "LEXAPRO",
        "021323",
        "ESCITALOPRAM OXALATE",
        "Lexapro",
        "escitalopram",
        "escitalopram oxalate",
    ),
    # multi-salt products: every salt named once, never one moiety twice
    case(
        "ADDERALL 10",
        "011522",
        "AMPHETAMINE ASPARTATE; AMPHETAMINE SULFATE; DEXTROAMPHETAMINE SACCHARATE;"
        " DEXTROAMPHETAMINE SULFATE",
        "Adderall",
        "amphetamine aspartate|amphetamine sulfate|dextroamphetamine saccharate"
        "|dextroamphetamine sulfate",
        "amphetamine aspartate|amphetamine sulfate|dextroamphetamine saccharate"
        "|dextroamphetamine sulfate",
    ),
    case(
        "SUPREP BOWEL PREP KIT",
        "022372",
        "MAGNESIUM SULFATE; POTASSIUM SULFATE; SODIUM SULFATE",
        "Suprep Bowel Prep",
        "magnesium sulfate|potassium sulfate|sodium sulfate",
        "magnesium sulfate|potassium sulfate|sodium sulfate",
    ),
    # never a bare counter-ion
    case(
        "AMMONIUM LACTATE",
        "075570",
        "AMMONIUM LACTATE",
        "Ammonium lactate",
        "ammonium lactate",
        "ammonium lactate",
    ),
    case(
        "LAC-HYDRIN",
        "019155",
        "AMMONIUM LACTATE",
        "Lac-Hydrin",
        "ammonium lactate",
        "ammonium lactate",
    ),
    # antibody-drug conjugates and pegylated forms are drugs of their own
    case(
        "KADCYLA",
        "125427",
        "ADO-TRASTUZUMAB EMTANSINE",
        "KADCYLA",
        "ado-trastuzumab emtansine",
        "ado-trastuzumab emtansine",
    ),
    case(
        "ADCETRIS",
        "125388",
        "BRENTUXIMAB VEDOTIN",
        "Adcetris",
        "brentuximab vedotin",
        "brentuximab vedotin",
    ),
    case(
        "PADCEV",
        "761137",
        "ENFORTUMAB VEDOTIN-EJFV",
        "Padcev",
        "enfortumab vedotin-ejfv",
        "enfortumab vedotin-ejfv",
    ),
    case(
        "POLIVY",
        "761121",
        "POLATUZUMAB VEDOTIN-PIIQ",
        "Polivy",
        "polatuzumab vedotin-piiq",
        "polatuzumab vedotin-piiq",
    ),
    case(
        "TRODELVY",
        "761115",
        "SACITUZUMAB GOVITECAN-HZIY",
        "Trodelvy",
        "sacituzumab govitecan-hziy",
        "sacituzumab govitecan-hziy",
    ),
    case(
        "BESPONSA",
        "761040",
        "INOTUZUMAB OZOGAMICIN",
        "Besponsa",
        "inotuzumab ozogamicin",
        "inotuzumab ozogamicin",
    ),
    case(
        "MYLOTARG",
        "761060",
        "GEMTUZUMAB OZOGAMICIN",
        "Mylotarg",
        "gemtuzumab ozogamicin",
        "gemtuzumab ozogamicin",
    ),
    case(
        "BLENREP",
        "761158",
        "BELANTAMAB MAFODOTIN-BLMF",
        "Blenrep",
        "belantamab mafodotin-blmf",
        "belantamab mafodotin-blmf",
    ),
    case(
        "ZYNLONTA",
        "761196",
        "LONCASTUXIMAB TESIRINE-LPYL",
        "Zynlonta",
        "loncastuximab tesirine-lpyl",
        "loncastuximab tesirine-lpyl",
    ),
    case(
        "CIMZIA",
        "125160",
        "CERTOLIZUMAB PEGOL",
        "Cimzia",
        "certolizumab pegol",
        "certolizumab pegol",
    ),
    case("NEULASTA", "125031", "PEGFILGRASTIM", "Neulasta", "pegfilgrastim", "pegfilgrastim"),
    case(
        "PEGASYS",
        "103964",
        "PEGINTERFERON ALFA-2A",
        "Pegasys",
        "peginterferon alfa-2a",
        "peginterferon alfa-2a",
    ),
    # insulins: biosimilar suffixes keep their hyphen; each brand its own family
    case(
        "SEMGLEE",
        "761201",
        "INSULIN GLARGINE-YFGN",
        "Semglee",
        "insulin glargine-yfgn",
        "insulin glargine-yfgn",
    ),
    case(
        "REZVOGLAR",
        "761215",
        "INSULIN GLARGINE-AGLR",
        "Rezvoglar",
        "insulin glargine-aglr",
        "insulin glargine-aglr",
    ),
    case(
        "TOUJEO SOLOSTAR",
        "206538",
        "INSULIN GLARGINE RECOMBINANT",
        "Toujeo",
        "insulin glargine",
        "insulin glargine recombinant",
    ),
    case(
        "TOUJEO MAX SOLOSTAR",
        "206538",
        "INSULIN GLARGINE RECOMBINANT",
        "Toujeo",
        "insulin glargine",
        "insulin glargine recombinant",
    ),
    case(
        "HUMALOG",
        "020563",
        "INSULIN LISPRO RECOMBINANT",
        "Humalog",
        "insulin lispro",
        "insulin lispro recombinant",
    ),
    case(
        "NOVOLOG",
        "020986",
        "INSULIN ASPART RECOMBINANT",
        "Novolog",
        "insulin aspart",
        "insulin aspart recombinant",
    ),
    # ingredients starting with A: RxNorm's A.json is missing, Drugs@FDA alone decides
    case(
        "NORVASC", "019787", "AMLODIPINE BESYLATE", "Norvasc", "amlodipine", "amlodipine besylate"
    ),
    case(
        "LIPITOR",
        "020702",
        "ATORVASTATIN CALCIUM",
        "Lipitor",
        "atorvastatin",
        "atorvastatin calcium",
    ),
    case("HUMIRA", "125057", "ADALIMUMAB", "Humira", "adalimumab", "adalimumab"),
    case("PROVENTIL", "017853", "ALBUTEROL SULFATE", "Proventil", "albuterol", "albuterol sulfate"),
    case(
        "ARISTADA",
        "207533",
        "ARIPIPRAZOLE LAUROXIL",
        "Aristada",
        "aripiprazole lauroxil",
        "aripiprazole lauroxil",
    ),
    # combinations, with packaging and strength words in the name
    case(
        "CADUET",
        "021540",
        "AMLODIPINE BESYLATE; ATORVASTATIN CALCIUM",
        "Caduet",
        "amlodipine|atorvastatin",
        "amlodipine besylate|atorvastatin calcium",
    ),
    case(
        "LOTREL",
        "020364",
        "AMLODIPINE BESYLATE; BENAZEPRIL HYDROCHLORIDE",
        "Lotrel",
        "amlodipine|benazepril",
        "amlodipine besylate|benazepril hydrochloride",
    ),
    case(
        "HYZAAR",
        "020387",
        "HYDROCHLOROTHIAZIDE; LOSARTAN POTASSIUM",
        "Hyzaar",
        "hydrochlorothiazide|losartan",
        "hydrochlorothiazide|losartan potassium",
    ),
    case(
        "OXYCODONE AND ACETAMINOPHEN",
        "040105",
        "ACETAMINOPHEN; OXYCODONE HYDROCHLORIDE",
        "Acetaminophen / Oxycodone",
        "acetaminophen|oxycodone",
        "acetaminophen|oxycodone hydrochloride",
    ),
    case(
        "AUGMENTIN '250'",
        "050564",
        "AMOXICILLIN; CLAVULANATE POTASSIUM",
        "Augmentin",
        "amoxicillin|clavulanate",
        "amoxicillin|clavulanate potassium",
    ),
    case(
        "AUGMENTIN '875'",
        "050720",
        "AMOXICILLIN; CLAVULANATE POTASSIUM",
        "Augmentin",
        "amoxicillin|clavulanate",
        "amoxicillin|clavulanate potassium",
    ),
    case(
        "STRIBILD",
        "203100",
        "COBICISTAT; ELVITEGRAVIR; EMTRICITABINE; TENOFOVIR DISOPROXIL FUMARATE",
        "Stribild",
        "cobicistat|elvitegravir|emtricitabine|tenofovir disoproxil",
        "cobicistat|elvitegravir|emtricitabine|tenofovir disoproxil fumarate",
    ),
]

# Rows that must share one monograph (one brand family), and rows that must not.
SAME_FAMILY = [
    [("LANTUS", "021081"), ("LANTUS SOLOSTAR", "021081")],
    [("ROGAINE (FOR MEN)", "019501"), ("ROGAINE EXTRA STRENGTH (FOR MEN)", "020834")],
    [("BICILLIN C-R", "050138"), ("BICILLIN C-R 900/300", "050138")],
    [("AUGMENTIN '250'", "050564"), ("AUGMENTIN '875'", "050720")],
    [("HALDOL", "015921"), ("HALDOL", "018701")],
    [("TOUJEO SOLOSTAR", "206538"), ("TOUJEO MAX SOLOSTAR", "206538")],
]
OTHER_FAMILY = [
    [("NEOSPORIN", "050176"), ("NEOSPORIN", "060582")],  # cream without gramicidin, drops with
    [("LANTUS", "021081"), ("TOUJEO SOLOSTAR", "206538")],  # Lantus's label is not Toujeo's
    [("BICILLIN C-R", "050138"), ("BICILLIN L-A", "050131")],
    [("SEMGLEE", "210605"), ("SEMGLEE", "761201")],  # insulin glargine vs glargine-yfgn
    [("LEXAPRO", "021323"), ("ESCITALOPRAM OXALATE", "076765")],  # brand vs generic family
]


def raw_rows(path: Path = RAW_PRODUCTS) -> Iterator[list[str]]:
    for line in path.read_text(encoding="latin-1").splitlines()[1:]:
        fields = repair_product_row(line.split("\t"))
        if fields is not None:
            yield fields


def rows_of(name: str, appl: str) -> list[list[str]]:
    return [f for f in raw_rows() if f[5].strip() == name and f[0] == appl]


@pytest.fixture(scope="module")
def db(shipped_catalogue: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(shipped_catalogue.as_uri() + "?mode=ro", uri=True)
    yield connection
    connection.close()


def placed(db: sqlite3.Connection, name: str, appl: str) -> list[tuple[int, str, str, str]]:
    """(monograph id, title, header JSON, row's precise JSON) of a Drugs@FDA row's forms."""
    return db.execute(
        "SELECT DISTINCT m.id, m.title, m.ingredients, f.ingredients FROM form f"
        " JOIN monograph m ON m.id = f.monograph_id WHERE f.source = 'drugsatfda'"
        " AND f.application LIKE ? AND f.product_name = ?",
        ("% " + appl, display_case(name)),
    ).fetchall()


def test_there_are_at_least_thirty_cases_beyond_the_issue() -> None:
    assert len(CASES) - 16 >= 30
    assert len({(c.name, c.appl, c.raw) for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}-{c.appl}")
def test_case_quotes_a_raw_row(case: Case) -> None:
    assert case.raw in {f[6].strip() for f in rows_of(case.name, case.appl)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}-{c.appl}")
def test_identity_in_the_shipped_catalogue(db: sqlite3.Connection, case: Case) -> None:
    found = placed(db, case.name, case.appl)
    assert found, f"{case.name} ({case.appl}) has no form in the catalogue"
    monographs = {(m, title, header) for m, title, header, _ in found}
    assert len(monographs) == 1, f"{case.name} ({case.appl}) is spread over {monographs}"
    ((_, title, header),) = monographs
    assert title == case.title
    names = json.loads(header)
    assert len(names) == len({normalise(n) for n in names}), f"an ingredient named twice: {names}"
    assert set(names) == case.header
    assert {tuple(json.loads(p)) for *_, p in found} == {case.precise}


@pytest.mark.parametrize("group", SAME_FAMILY, ids=lambda g: g[0][0])
def test_one_brand_family_whatever_the_packaging_words(
    db: sqlite3.Connection, group: list[tuple[str, str]]
) -> None:
    ids = {m for name, appl in group for m, *_ in placed(db, name, appl)}
    assert len(ids) == 1


@pytest.mark.parametrize("group", OTHER_FAMILY, ids=lambda g: g[0][0])
def test_different_ingredient_sets_or_brands_are_different_monographs(
    db: sqlite3.Connection, group: list[tuple[str, str]]
) -> None:
    assert all(rows_of(name, appl) for name, appl in group)
    placements = [{m for m, *_ in placed(db, name, appl)} for name, appl in group]
    assert all(len(p) == 1 for p in placements)
    assert len(set().union(*placements)) == len(group)


def rxnorm_branded(brand: str) -> dict[str, set[str]]:
    """SBD name -> the raw RxNorm ingredient entries (IN, PIN, MIN) it is listed under."""
    out: dict[str, set[str]] = {}
    for _letter, ingredient, _tty, sbd, bn in json.loads(RAW_RXNORM.read_text()):
        if bn == brand:
            out.setdefault(sbd, set()).add(ingredient)
    return out


RXNORM_CASES = [
    # (brand, raw ingredient entry every SBD is listed under, header of its monograph)
    ("Doxil", "doxorubicin hydrochloride liposome", {"doxorubicin hydrochloride liposome"}),
    ("Bicillin", "penicillin G benzathine / penicillin G procaine", None),
    ("Haldol", "haloperidol decanoate", {"haloperidol"}),
    ("KADCYLA", "trastuzumab", {"ado-trastuzumab emtansine"}),
]


@pytest.mark.parametrize("brand,entry,header", RXNORM_CASES, ids=lambda v: str(v))
def test_rxnorm_branded_drugs(
    db: sqlite3.Connection, brand: str, entry: str, header: set[str] | None
) -> None:
    products = rxnorm_branded(brand)
    assert products and all(entry in listed for listed in products.values())
    for sbd in products:
        rows = db.execute(
            "SELECT m.ingredients, f.ingredients FROM form f JOIN monograph m"
            " ON m.id = f.monograph_id WHERE f.source = 'rxnorm' AND f.product_name = ?",
            (sbd,),
        ).fetchall()
        assert len(rows) == 1, sbd
        names, precise = (set(json.loads(value)) for value in rows[0])
        if header is None:  # a multiple-ingredient entry: each of its ingredients, once
            header = set(entry.split(" / "))
        assert names == header
        assert precise <= {*header, *entry.split(" / ")}


def test_the_lactate_rxnorm_lists_is_never_a_drug_on_its_own(db: sqlite3.Connection) -> None:
    products = rxnorm_branded("Lac-Hydrin")
    assert all("lactate" in listed for listed in products.values())  # RxNorm's own IN
    for sbd in products:
        ((names,),) = db.execute(
            "SELECT m.ingredients FROM form f JOIN monograph m ON m.id = f.monograph_id"
            " WHERE f.source = 'rxnorm' AND f.product_name = ?",
            (sbd,),
        ).fetchall()
        assert "lactate" not in json.loads(names)


def test_no_name_is_reduced_to_a_bare_counter_ion(shipped_catalogue: Path) -> None:
    """A counter-ion heads a monograph only where its source names it so itself (RxNorm's
    "potassium 80 MG Oral Tablet"), never as what is left of a salt's name."""
    db = sqlite3.connect(shipped_catalogue.as_uri() + "?mode=ro", uri=True)
    headed = [  # the monographs with a counter-ion's name in their header or title
        monograph_id
        for monograph_id, title, header in db.execute(
            "SELECT id, title, ingredients FROM monograph"
        )
        if {normalise(n) for n in [title, *json.loads(header)]} & COUNTER_IONS
    ]
    db.close()
    assert headed  # RxNorm's potassium tablets, among others
    with Catalogue.open(shipped_catalogue) as catalogue:
        for monograph_id in headed:
            monograph = catalogue.monograph(monograph_id)
            assert monograph is not None
            for name in monograph.ingredient_names:
                if normalise(name) in COUNTER_IONS:
                    rows = [f for f in monograph.forms if f.provenance.source != "curated"]
                    assert all(name in f.ingredients for f in rows), (monograph.title, name)


def test_trastuzumab_is_not_its_conjugates(shipped_catalogue: Path) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        hits = NameSearch(catalogue).search("trastuzumab", limit=20)
    exact = [h for h in hits if h.tier <= Tier.EXACT_SYNONYM]
    assert exact and all("trastuzumab" in h.ingredients for h in exact)
    assert not any("Enhertu" in h.title or "KADCYLA" in h.title for h in exact)


@needs_shared()
def test_fixture_rows_are_the_raw_rows() -> None:
    shared = set(
        (SHARED_DATA / "drugsatfda" / "Products.txt").read_text(encoding="latin-1").splitlines()
    )
    fixture = RAW_PRODUCTS.read_text(encoding="latin-1").splitlines()
    assert fixture[0] in shared
    assert [line for line in fixture if line not in shared] == []
    raw = {}
    for path in (SHARED_DATA / "rxnorm-prescribable").glob("*.json"):
        if path.name != "manifest.json":
            for entry in json.loads(path.read_text(encoding="utf-8")):
                for scdc in entry["SCDCs"]:
                    for scd in scdc["SCDs"]:
                        for sbd in scd.get("SBDs", []):
                            raw.setdefault(sbd["Name"], set()).add(entry["Name"])
    for _letter, ingredient, _tty, sbd, _bn in json.loads(RAW_RXNORM.read_text()):
        assert ingredient in raw[sbd]


# -- the rules on their own ----------------------------------------------------------------------


def test_combination_strings_split_with_or_without_spaces() -> None:
    assert split_ingredients("DAPAGLIFLOZIN;METFORMIN HYDROCHLORIDE") == [
        "DAPAGLIFLOZIN",
        "METFORMIN HYDROCHLORIDE",
    ]
    assert split_ingredients("EMTRICITABINE;RILPIVIRINE; TENOFOVIR DISOPROXIL FUMARATE") == [
        "EMTRICITABINE",
        "RILPIVIRINE",
        "TENOFOVIR DISOPROXIL FUMARATE",
    ]


@pytest.mark.parametrize(
    "name,family",
    [
        ("LANTUS SOLOSTAR", "LANTUS"),
        ("TRAVASOL 10% IN PLASTIC CONTAINER", "TRAVASOL"),
        ("AUGMENTIN '250'", "AUGMENTIN"),
        ("ROGAINE EXTRA STRENGTH (FOR MEN)", "ROGAINE"),
        ("BICILLIN C-R 900/300", "BICILLIN C-R"),
        ("Aristada Initio", "Aristada Initio"),
        ("5-FU", "5-FU"),
    ],
)
def test_brand_family_names(name: str, family: str) -> None:
    assert brand_family_name(name) == family


def test_identity_rules_without_rxnorm_knowing_the_name() -> None:
    identity = IngredientIdentity(
        [IngredientRef("metoprolol", rxcui="6918"), IngredientRef("lactate", rxcui="114202")],
        [("metoprolol succinate", "metoprolol"), ("sodium lactate", "lactate")],
        moieties=["amlodipine"],
    )
    assert identity.resolve("AMLODIPINE BESYLATE").moiety.name == "amlodipine"
    assert identity.resolve("METOPROLOL SUCCINATE").moiety.rxcui == "6918"
    assert identity.resolve("SODIUM LACTATE").moiety.name == "sodium lactate"
    assert identity.resolve("AMMONIUM SUCCINATE").moiety.name == "ammonium succinate"
    assert identity.resolve("ADALIMUMAB-AFZB").moiety.name == "adalimumab-afzb"
    two = identity.resolve_all(["METOPROLOL SUCCINATE", "METOPROLOL TARTRATE"])
    assert [r.moiety.name for r in two] == ["metoprolol succinate", "metoprolol tartrate"]


# Brands whose label states a route as SPL spells it ("intravenous", "respiratory
# (inhalation)") while the brand's Drugs@FDA rows spell it otherwise ("injection",
# "inhalation", "iv (infusion)"): the label joins the brand, never a second monograph of it.
ROUTE_SPELLINGS = [
    "Aloprim", "Arcapta Neohaler", "Arikayce", "Bavencio", "Brovana", "Lartruvo", "Lumizyme",
    "Spiriva Respimat", "Tecentriq", "Trisenox",
]  # fmt: skip


@pytest.mark.parametrize("brand", ROUTE_SPELLINGS)
def test_a_label_joins_its_brand_whatever_the_route_spelling(
    db: sqlite3.Connection, brand: str
) -> None:
    found = db.execute(
        "SELECT m.id, (SELECT count(*) FROM form f WHERE f.monograph_id = m.id),"
        " (SELECT count(*) FROM section s WHERE s.monograph_id = m.id AND s.set_id IS NOT NULL)"
        " FROM monograph m WHERE m.kind = 'brand' AND lower(m.title) = lower(?)",
        (brand,),
    ).fetchall()
    assert len(found) == 1, f"{brand} is spread over {found}"
    ((_, forms, label_sections),) = found
    assert forms > 0 and label_sections > 0


def test_a_packs_placebo_tablets_are_no_active_ingredient(db: sqlite3.Connection) -> None:
    """RxNorm's Yaz pack holds "7 (inert ingredients 1 MG Oral Tablet)": the row keeps that
    name, but Yaz is drospirenone and ethinyl estradiol, one monograph with Drugs@FDA's Yaz."""
    found = db.execute(
        "SELECT m.id, m.ingredients, f.source, f.ingredients FROM monograph m"
        " JOIN form f ON f.monograph_id = m.id WHERE m.kind = 'brand' AND m.title = 'Yaz'"
    ).fetchall()
    assert len({m for m, *_ in found}) == 1, found
    assert {header for _, header, *_ in found} == {'["drospirenone", "ethinyl estradiol"]'}
    pack_rows = [json.loads(p) for _, _, source, p in found if source == "rxnorm"]
    assert pack_rows and all("inert ingredients" in p for p in pack_rows)
    assert {source for _, _, source, _ in found} == {"rxnorm", "drugsatfda"}
    headers = db.execute("SELECT count(*) FROM monograph WHERE ingredients LIKE '%inert%'")
    assert headers.fetchone()[0] == 0


# Brands whose label names the ingredient otherwise than the brand's product rows: without the
# biologic's suffix or prefix ("crizanlizumab" for "crizanlizumab-tmca", "trastuzumab
# deruxtecan" for "fam-trastuzumab deruxtecan-nxki"), as the salt ("pemetrexed disodium
# heptahydrate") or the moiety ("divalproex"). The label covers the brand's products (NDC,
# RxCUI or application), so it joins the brand; the header keeps the rows' ingredient and the
# label's name becomes a synonym.
OTHER_NAMES = [
    ("Adakveo", "crizanlizumab-tmca", "crizanlizumab"),
    ("Enhertu", "fam-trastuzumab deruxtecan-nxki", "trastuzumab deruxtecan"),
    ("Kadcyla", "ado-trastuzumab emtansine", "trastuzumab emtansine"),
    ("Libtayo", "cemiplimab-rwlc", "cemiplimab"),
    ("Alimta", "pemetrexed", "pemetrexed disodium heptahydrate"),
    ("Depakote ER", "divalproex sodium", "divalproex"),
]


@pytest.mark.parametrize(("brand", "header", "label_name"), OTHER_NAMES)
def test_a_label_naming_the_ingredient_otherwise_joins_the_brand_it_covers(
    db: sqlite3.Connection, brand: str, header: str, label_name: str
) -> None:
    found = db.execute(
        "SELECT m.id, m.ingredients FROM monograph m"
        " WHERE m.kind = 'brand' AND lower(m.title) = lower(?)",
        (brand,),
    ).fetchall()
    assert len(found) == 1, f"{brand} is spread over {found}"
    ((monograph_id, ingredients),) = found
    assert json.loads(ingredients) == [header]
    covered = db.execute(
        "SELECT count(*) FROM label_cover c JOIN form f ON f.id = c.form_id"
        " WHERE f.monograph_id = ? AND c.how = 'covers'",
        (monograph_id,),
    ).fetchone()[0]
    assert covered > 0
    synonyms = {
        n
        for (n,) in db.execute(
            "SELECT display FROM name WHERE monograph_id = ? AND kind = 'synonym'", (monograph_id,)
        )
    }
    assert label_name in synonyms
