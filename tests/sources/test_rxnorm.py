"""RxNorm: flattening the nested prescribable content into products, from real fixture files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED_DATA, needs_shared
from viewer.paths import data_dir
from viewer.sources import rxnorm
from viewer.sources.records import read_json_gz, write_json_gz


@pytest.fixture(scope="module")
def derived() -> dict:
    return rxnorm.derive(FIXTURES / "rxnorm")


def by_name(derived: dict, name: str) -> dict:
    return next(p for p in derived["products"] if p["name"] == name)


def test_branded_drug_gets_brand_dose_form_strength_and_ndcs(derived: dict) -> None:
    product = by_name(derived, "0.5 ML interferon beta-1a 0.06 MG/ML Prefilled Syringe [Avonex]")
    assert product["tty"] == "SBD"
    assert product["brand"] == "Avonex"
    assert product["ingredients"] == ["interferon beta-1a"]
    assert product["dose_form"] == "Prefilled Syringe"
    assert product["strength"] == "0.5 ML, 0.06 MG/ML"
    assert product["ndcs"] == ["59627000206", "59627000207", "59627022205"]


def test_qualifier_before_the_first_component_is_kept_with_the_strength(derived: dict) -> None:
    product = by_name(derived, "NDA019430 0.3 ML epinephrine 0.5 MG/ML Auto-Injector [Epipen]")
    assert product["dose_form"] == "Auto-Injector"
    assert product["strength"] == "NDA019430 0.3 ML, 0.5 MG/ML"
    assert product["ingredients"] == ["epinephrine"]


def test_combination_lists_every_ingredient_even_those_missing_from_the_copy(
    derived: dict,
) -> None:
    # acetaminophen starts with A, whose file the shared copy lacks; the SCD name still names it.
    product = by_name(derived, "acetaminophen 325 MG / butalbital 50 MG Oral Tablet")
    assert product["brand"] is None
    assert product["ingredients"] == ["acetaminophen", "butalbital"]
    assert product["strength"] == "325 MG / 50 MG"
    assert product["dose_form"] == "Oral Tablet"


def test_salt_forms_link_precise_ingredient_to_its_base(derived: dict) -> None:
    assert ["pitavastatin calcium", "pitavastatin"] in derived["salt_forms"]


def test_generic_products_are_clinical_drugs_sold_under_no_brand(derived: dict) -> None:
    generic = {p["name"]: p for p in derived["products"] if p["tty"] == "SCD"}
    # zafirlukast tablets have NDCs of their own: a generic product, alongside Accolate
    assert generic["zafirlukast 10 MG Oral Tablet"]["brand"] is None
    assert len(generic["zafirlukast 10 MG Oral Tablet"]["ndcs"]) == 14
    # interferon beta-1b is sold only as Betaseron and Extavia: no generic product is made up
    assert "interferon beta-1b 0.3 MG Injection" not in generic


def test_every_product_has_a_dose_form_and_ingredients(derived: dict) -> None:
    assert all(p["dose_form"] and p["ingredients"] for p in derived["products"])


@pytest.mark.parametrize(
    ("dose_form", "route"),
    [
        ("Oral Tablet", "oral"),
        ("Extended Release Oral Capsule", "oral"),
        ("Topical Cream", "topical"),
        ("Auto-Injector", "injection"),
        ("Injectable Solution", "injection"),
        ("Prefilled Syringe", None),  # the name states no route: none is guessed
        ("Pack", None),
        (None, None),
    ],
)
def test_route_is_only_what_the_dose_form_name_states(dose_form: str, route: str) -> None:
    assert rxnorm.route_of(dose_form) == route


def test_compact_file_round_trips_into_records(tmp_path: Path, derived: dict) -> None:
    path = tmp_path / "rxnorm.json.gz"
    write_json_gz(path, derived)
    data = rxnorm.load(path)
    avonex = [p for p in data.products if p.brand == "Avonex"]
    assert {p.dose_form for p in avonex} == {"Prefilled Syringe", "Auto-Injector"}
    assert avonex[0].ingredients[0].unii == "XRO4566Q4R"
    assert avonex[0].ingredients[0].rxcui == "75917"
    assert data.source.edition == "2025-10-06"


def test_compact_file_is_byte_identical_for_identical_input(tmp_path: Path, derived: dict) -> None:
    write_json_gz(tmp_path / "a.gz", derived)
    write_json_gz(tmp_path / "b.gz", rxnorm.derive(FIXTURES / "rxnorm"))
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()


@needs_shared()
def test_committed_file_is_what_derive_makes_from_the_shared_release(tmp_path: Path) -> None:
    """data/sources/rxnorm.json.gz is exactly derived from ../shared (provenance holds)."""
    write_json_gz(tmp_path / "rx.gz", rxnorm.derive(SHARED_DATA / "rxnorm-prescribable"))
    committed = data_dir() / "sources" / "rxnorm.json.gz"
    assert gzip.decompress((tmp_path / "rx.gz").read_bytes()) == gzip.decompress(
        committed.read_bytes()
    )
    assert read_json_gz(committed)["source"]["derived_from"][0] == "0-9.json"
