"""Records with an empty openfda block are identified from their own text, or refused with why.

The PharmGKB records carry a filled openfda block, which is the truth to check against: each
is read again with its block emptied, and whatever is identified must agree with the block.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED_DATA, needs_shared
from viewer.sources import openfda
from viewer.sources.openfda_identify import Unidentified, identify
from viewer.sources.records import LabelProduct, Skipped

PHARMGKB = SHARED_DATA / "openfda" / "pharmgkb-labels"
SAMPLE = FIXTURES / "labels" / "openfda" / "labels-sample.json"


def record(name: str) -> dict:
    (raw,) = json.loads((PHARMGKB / name).read_bytes())["results"]
    return raw


def emptied(raw: dict) -> dict:
    return {**raw, "openfda": {}}


@needs_shared()
@pytest.mark.parametrize(
    ("name", "brand", "generic", "form", "route"),
    [
        ("NDA020496.json", "AMARYL", "glimepiride", "tablet", "oral"),
        ("NDA020989.json", "Evoxac", "cevimeline hydrochloride", "capsule", "oral"),
        ("NDA016988.json", "Fluoroplex", "fluorouracil", "cream", "topical"),
        ("NDA020648.json", "Diazepam", "diazepam", "gel", "rectal"),
        ("NDA022056.json", "Prilosec", "omeprazole magnesium", "oral suspension", "oral"),
    ],
)
def test_a_record_is_identified_as_its_openfda_block_says(
    name: str, brand: str, generic: str, form: str, route: str
) -> None:
    raw = record(name)
    product = identify(emptied(raw))
    assert isinstance(product, LabelProduct), product
    assert (product.name, product.precise_names, product.dose_form, product.route) == (
        brand,
        (generic,),
        form,
        route,
    )
    assert brand in raw["openfda"]["brand_name"]
    assert generic.upper() in raw["openfda"]["generic_name"]
    assert route.upper() in raw["openfda"]["route"]


@needs_shared()
def test_no_record_is_identified_as_anything_its_openfda_block_contradicts() -> None:
    identified = refused = 0
    for path in sorted(PHARMGKB.glob("[ABN]*.json")):
        (raw,) = json.loads(path.read_bytes())["results"]
        found = identify(emptied(raw))
        if isinstance(found, Unidentified):
            refused += 1
            assert found.reason.startswith(("names no product", "could be ")), found.reason
            continue
        identified += 1
        block = raw["openfda"]
        assert found.name.casefold() in {b.casefold() for b in block["brand_name"]}, path.name
        assert found.precise_names[0].upper() in block["generic_name"], path.name
        if found.route and block.get("route"):
            assert set(found.route.upper().split(", ")) <= set(block["route"]), path.name
    assert identified >= 150 and identified + refused == 363


@needs_shared()
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("NDA020977.json", "could be oral solution or tablet (ZIAGEN)"),  # two forms, one product
        ("NDA021323.json", "could be oral solution or tablet (Lexapro)"),
        ("NDA017377.json", "could be several products: 'Bactrim DS sulfamethoxazole and"),
    ],
)
def test_an_ambiguous_record_says_what_it_could_be(name: str, reason: str) -> None:
    found = identify(emptied(record(name)))
    assert isinstance(found, Unidentified) and found.reason.startswith(reason), found


def test_the_sample_record_with_an_empty_block_names_no_product_and_is_skipped() -> None:
    (_, skipped, _) = openfda.iter_labels(io.BytesIO(SAMPLE.read_bytes()), "labels-sample.json")
    assert isinstance(skipped, Skipped)
    assert skipped.reason.endswith(
        "has an empty openfda block, and its label text names no product that can be read"
        " (its product data elements give no generic name followed by its substance in"
        " capitals)"
    )


def test_no_product_data_at_all_names_no_product() -> None:
    found = identify({"openfda": {}, "package_label_principal_display_panel": ["Tablets"]})
    assert found == Unidentified("names no product (it has no product data elements)")


@needs_shared()
def test_an_identified_record_is_filed_under_its_brand(tmp_path: Path) -> None:
    raw = emptied(record("NDA020496.json"))
    label = openfda.record_to_label(raw, "amaryl.json")
    assert label.product_names == ("AMARYL",) and label.generic_names == ("glimepiride",)
    assert label.products[0].dose_form == "tablet"
    from tests.catalogue.test_labels import file_labels
    from tests.conftest import make_fixture_data_dir
    from viewer.catalogue.build import build_catalogue
    from viewer.catalogue.store import Catalogue
    from viewer.paths import data_dir  # noqa: F401  (the shipped data is not needed here)
    from viewer.search import NameSearch

    data = make_fixture_data_dir(tmp_path / "data")
    path = tmp_path / "c.sqlite"
    build_catalogue(data, path)
    assert file_labels(path, label) == ["imported"]
    with Catalogue.open(path) as catalogue:
        (hit, *_) = NameSearch(catalogue).search("amaryl")
        monograph = catalogue.monograph(hit.monograph_id)
    assert monograph is not None and "glimepiride" in monograph.ingredient_names
    assert any(s.provenance.set_id == raw["set_id"] for s in monograph.sections)
