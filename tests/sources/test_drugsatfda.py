"""Drugs@FDA: FDA's tab-separated export, quirks included, from real fixture rows."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED_DATA, needs_shared
from viewer.paths import data_dir
from viewer.sources import drugsatfda
from viewer.sources.records import IngredientRef, write_json_gz


@pytest.fixture(scope="module")
def derived() -> dict:
    return drugsatfda.derive(FIXTURES / "drugsatfda")


@pytest.fixture(scope="module")
def namer() -> drugsatfda.IngredientNamer:
    known = [IngredientRef("pitavastatin", "M5681Q5F9P", "861634"), IngredientRef("levetiracetam")]
    return drugsatfda.IngredientNamer(known, [("pitavastatin calcium", "pitavastatin")])


def rows(derived: dict, appl: str) -> list[dict]:
    return [p for p in derived["products"] if p["appl"] == appl]


def test_rows_with_a_stray_tab_are_repaired_not_dropped(derived: dict) -> None:
    pitavastatin = rows(derived, "206029")  # trailing extra tab
    assert [p["strength"] for p in pitavastatin] == ["EQ 1MG BASE", "EQ 2MG BASE", "EQ 4MG BASE"]
    levetiracetam = rows(derived, "208619")  # extra tab after the strength
    assert levetiracetam[1]["name"] == "LEVETIRACETAM IN SODIUM CHLORIDE"
    assert levetiracetam[1]["ingredients"] == ["LEVETIRACETAM"]
    assert derived["skipped_rows"] == 0


def test_application_sponsor_and_marketing_status_are_joined(derived: dict) -> None:
    humira = rows(derived, "125057")
    assert {p["type"] for p in humira} == {"BLA"}
    assert {p["sponsor"] for p in humira} == {"ABBVIE INC"}
    assert {p["status"] for p in humira} == {"Prescription"}


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("TABLET;ORAL", ("TABLET", "ORAL", None)),
        ("TABLET;BUCCAL, SUBLINGUAL", ("TABLET", "BUCCAL, SUBLINGUAL", None)),
        ("VIAL", (None, None, "VIAL")),  # a container where FORM;ROUTE belongs
        ("TABLET, FILM COATED", ("TABLET, FILM COATED", None, None)),
        ("UNKNOWN", (None, None, None)),
    ],
)
def test_split_form(form: str, expected: tuple) -> None:
    assert drugsatfda.split_form(form) == expected


def test_federal_register_note_is_split_from_the_strength() -> None:
    strength, note = drugsatfda.split_strength(
        "15MG **Federal Register determination that product was not discontinued or withdrawn"
        " for safety or effectiveness reasons**"
    )
    assert strength == "15MG"
    assert note is not None and note.startswith("Federal Register determination")


def test_brand_and_generic_names_are_told_apart(namer: drugsatfda.IngredientNamer) -> None:
    assert namer.is_generic_name("PITAVASTATIN CALCIUM", ["PITAVASTATIN CALCIUM"])
    assert namer.is_generic_name("LEVETIRACETAM IN SODIUM CHLORIDE", ["LEVETIRACETAM"]) is False
    assert not namer.is_generic_name("LIVALO", ["PITAVASTATIN CALCIUM"])


def test_salt_form_maps_to_the_known_base_ingredient(namer: drugsatfda.IngredientNamer) -> None:
    ref = namer.base("PITAVASTATIN CALCIUM")
    assert ref.name == "pitavastatin"
    assert ref.rxcui == "861634"
    # unknown to RxNorm: salt words learnt from RxNorm ("calcium") are stripped
    assert namer.base("ATORVASTATIN CALCIUM").name == "atorvastatin"
    assert namer.base("ADALIMUMAB").name == "adalimumab"


def test_records_keep_application_container_and_note(
    tmp_path: Path, derived: dict, namer: drugsatfda.IngredientNamer
) -> None:
    write_json_gz(tmp_path / "fda.gz", derived)
    products = drugsatfda.load(tmp_path / "fda.gz", namer).products
    avonex = next(p for p in products if p.product_name == "Avonex")
    assert avonex.brand == "Avonex"
    assert avonex.application == "BLA 103628"
    assert avonex.dose_form is None and avonex.package == "vial"
    assert "container" in (avonex.note or "")
    generic = next(p for p in products if p.application == "ANDA 076477")
    assert generic.brand is None
    assert [i.name for i in generic.ingredients] == ["atorvastatin"]
    assert generic.precise_names == ("atorvastatin calcium",)


def test_missing_table_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(drugsatfda.DrugsAtFdaError, match=r"Applications\.txt"):
        drugsatfda.derive(tmp_path)


@needs_shared()
def test_committed_file_is_what_derive_makes_from_the_shared_export(tmp_path: Path) -> None:
    write_json_gz(tmp_path / "fda.gz", drugsatfda.derive(SHARED_DATA / "drugsatfda"))
    committed = data_dir() / "sources" / "drugsatfda.json.gz"
    assert gzip.decompress((tmp_path / "fda.gz").read_bytes()) == gzip.decompress(
        committed.read_bytes()
    )
