"""Sources describing the same brand merge into one monograph; every fact keeps its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.catalogue.store import Catalogue
from viewer.monograph import Monograph, SectionKind


def monograph(catalogue_path: Path, slug: str) -> Monograph:
    with Catalogue.open(catalogue_path) as catalogue:
        monograph_id = catalogue.monograph_id_for_slug(slug)
        assert monograph_id is not None, slug
        found = catalogue.monograph(monograph_id)
    assert found is not None
    return found


@pytest.fixture(params=["small_catalogue", "shipped_catalogue"])
def catalogue_path(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


def test_avonex_merges_curated_text_rxnorm_and_drugsatfda_forms(catalogue_path: Path) -> None:
    avonex = monograph(catalogue_path, "avonex")
    assert avonex.title == "Avonex"
    assert avonex.kind == "brand"
    assert set(avonex.sources) == {"curated", "rxnorm", "drugsatfda"}
    by_source: dict[str, list] = {}
    for form in avonex.forms:
        by_source.setdefault(form.provenance.source, []).append(form)
    assert {f.dose_form for f in by_source["curated"]} == {
        "Powder (requires reconstitution)",
        "Prefilled syringe, single-use",
        "Autoinjector, single-use",
        "Avostart Grip titration kit",
    }
    assert {f.dose_form for f in by_source["rxnorm"]} == {"Prefilled Syringe", "Auto-Injector"}
    # Where sources disagree (30 micrograms per syringe vs Drugs@FDA's vial of 30UG/ML), both stay.
    assert [f.strength for f in by_source["drugsatfda"]] == ["30UG/ML"]
    assert by_source["drugsatfda"][0].application == "BLA 103628"
    assert by_source["drugsatfda"][0].sponsor == "BIOGEN"
    assert by_source["rxnorm"][0].provenance.edition == "2025-10-06"


def test_ingredient_keeps_unii_rxcui_and_every_naming_source(catalogue_path: Path) -> None:
    avonex = monograph(catalogue_path, "avonex")
    (ingredient,) = avonex.ingredients
    assert ingredient.name == "interferon beta-1a"
    assert ingredient.unii == "XRO4566Q4R"
    assert ingredient.rxcui == "75917"
    assert set(ingredient.sources) == {"curated", "rxnorm", "drugsatfda"}


def test_curated_sections_and_review_are_kept_exactly(catalogue_path: Path) -> None:
    avonex = monograph(catalogue_path, "avonex")
    assert [s.kind for s in avonex.sections] == [
        SectionKind.OVERVIEW,
        SectionKind.MECHANISM,
        SectionKind.INDICATIONS,
        SectionKind.ADMINISTRATION,
    ]
    review = avonex.review
    assert review is not None
    assert (review.reviewed_by, review.credentials) == ("Carmen Pope", "BPharm")
    assert review.reviewed_on is None  # the source states no separate review date
    assert review.updated_on is not None and review.updated_on.isoformat() == "2024-05-08"
    assert review.source_name == "Drugs.com"
    assert review.source_title == "How does Avonex work for Multiple Sclerosis (MS)?"
    mechanism = avonex.section(SectionKind.MECHANISM)
    assert mechanism is not None
    assert mechanism.provenance.source == "curated"
    assert mechanism.provenance.document_title == (
        "Drugs.com: How does Avonex work for Multiple Sclerosis (MS)?"
    )


def test_brand_only_in_drugsatfda_becomes_a_monograph_with_text_only_from_labels(
    catalogue_path: Path,
) -> None:
    humira = monograph(catalogue_path, "humira")
    # The fixture catalogue has no labels; the shipped one files Humira's SPL label beside it.
    assert set(humira.sources) - {"spl"} == {"drugsatfda"}
    assert {s.provenance.source for s in humira.sections} <= {"spl"}
    assert humira.review is None
    assert {f.package for f in humira.forms} == {"syringe", "vial"}
    assert humira.ingredient_names == ("adalimumab",)


def test_generic_products_form_their_own_monograph(catalogue_path: Path) -> None:
    generic = monograph(catalogue_path, "atorvastatin")
    assert generic.kind == "generic"
    assert generic.ingredient_names == ("atorvastatin",)
    assert "atorvastatin calcium" in generic.synonyms
    assert all(f.application and f.application.startswith("ANDA") for f in generic.forms)


def test_rebif_shares_the_ingredient_but_not_the_monograph(catalogue_path: Path) -> None:
    rebif = monograph(catalogue_path, "rebif")
    assert rebif.ingredient_names == ("interferon beta-1a",)
    assert rebif.review is None
    assert rebif.sections == ()  # no source gives text for it: absent, not filled in
    assert {"rxnorm", "drugsatfda"} <= set(rebif.sources)
