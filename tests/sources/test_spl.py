"""DailyMed SPL XML: real labels become typed, provenanced, safe sections; others are refused."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED_DATA, needs_shared
from viewer.monograph import SectionKind
from viewer.sanitize import sanitise_html
from viewer.sources import spl
from viewer.sources.records import LabelError, LabelRecord

SPL = FIXTURES / "labels" / "spl"


def parse(name: str) -> LabelRecord:
    return spl.parse((SPL / name).read_bytes(), name)


def kinds(label: LabelRecord) -> list[str]:
    return [s.kind for s in label.sections]


def section(label: LabelRecord, kind: SectionKind) -> str:
    (found,) = [s for s in label.sections if s.kind == kind.value]
    return found.text


def test_humira_identity_provenance_and_product_data() -> None:
    humira = parse("humira.xml")
    assert humira.source == "spl"
    assert humira.set_id == "608d4f0d-b19f-46d3-749a-7159aa5f933d"
    assert humira.version == "1560"
    assert humira.effective_date == date(2013, 9, 30)
    assert humira.document_title.startswith("These highlights do not include all the information")
    assert humira.product_names == ("Humira",)
    assert humira.generic_names == ("Adalimumab",)  # the kit's alcohol swab names no product
    assert [(i.name, i.unii) for i in humira.ingredients] == [("adalimumab", "FYS6T7F842")]
    for s in humira.sections:
        assert (s.source, s.set_id, s.version, s.effective_date) == (
            "spl",
            humira.set_id,
            "1560",
            date(2013, 9, 30),
        )
        assert s.document_id == humira.document_id
        assert s.url and humira.set_id in s.url


def test_humira_sections_by_loinc_code_in_label_order() -> None:
    humira = parse("humira.xml")
    assert kinds(humira) == [
        "boxed_warning",
        "indications",
        "administration",
        "dosage_forms",
        "contraindications",
        "warnings",
        "adverse_reactions",
        "interactions",
        "specific_populations",
        "overdosage",
        "description",
        "clinical_pharmacology",
        "mechanism",  # 12.1, promoted out of clinical pharmacology
        "other",
        "other",
        "other",
        "storage",
        "patient_information",
        "medication_guide",
    ]
    mechanism = section(humira, SectionKind.MECHANISM)
    assert mechanism.startswith("Adalimumab binds specifically to TNF-alpha")
    # The promoted text is not repeated inside clinical pharmacology.
    assert "binds specifically to TNF-alpha" not in section(
        humira, SectionKind.CLINICAL_PHARMACOLOGY
    )
    assert "Rheumatoid Arthritis" in section(humira, SectionKind.INDICATIONS)
    guide = next(s for s in humira.sections if s.kind == "medication_guide")
    assert guide.title == "Medication Guide"  # the label's guide has no title of its own
    assert "What is the most important information I should know about HUMIRA?" in guide.text


def test_highlights_excerpts_are_not_imported_twice() -> None:
    humira = parse("humira.xml")
    boxed = section(humira, SectionKind.BOXED_WARNING)
    assert "See full prescribing information for complete boxed warning" not in boxed


def test_lipitor_orig_has_its_patient_insert_mechanism_and_salt_name() -> None:
    lipitor = parse("lipitor-orig.xml")
    assert (lipitor.set_id, lipitor.version) == ("c6e131fe-e7df-4876-83f7-9156fc4e8228", "11")
    assert lipitor.effective_date == date(2014, 1, 13)
    assert lipitor.product_names == ("Lipitor",)
    assert [(i.name, i.unii) for i in lipitor.ingredients] == [("atorvastatin", "A0JWA85V8F")]
    assert lipitor.precise_names == ("atorvastatin calcium trihydrate",)
    insert = section(lipitor, SectionKind.PATIENT_PACKAGE_INSERT)
    assert "Read the Patient Information that comes with LIPITOR" in insert
    assert "HMG-CoA reductase" in section(lipitor, SectionKind.MECHANISM)


def test_otc_drug_facts_label_gets_its_panels() -> None:
    cough = parse("cough.xml")
    titled = [(s.kind, s.title) for s in cough.sections]
    assert titled == [
        ("drug_facts", "Active ingredient"),
        ("drug_facts", "Purpose"),
        ("indications", "Uses"),
        ("warnings", "Warnings"),
        ("administration", "Directions"),
        ("other", "Other informaton"),  # the label's own spelling
        ("drug_facts", "Inactive ingredients"),
        ("drug_facts", "Questions or comments?"),
        ("other", "Additional information listed"),
    ]
    assert cough.product_names == ("TRIAMINIC Childrens Night Time Cold and Cough",)
    assert {i.name for i in cough.ingredients} == {"diphenhydramine", "phenylephrine"}
    warnings = section(cough, SectionKind.WARNINGS)
    # The OTC warning panels (do not use, ask a doctor, ...) stay under the Warnings heading.
    assert "Do not use" in warnings and "Keep out of reach of children" in warnings


def test_label_without_a_title_is_named_honestly() -> None:
    label = parse("no-title.xml")
    assert label.document_title == (
        "Haloperidol: human prescription drug label (the document has no title)"
    )
    assert label.product_names == ("Haloperidol",)
    assert kinds(label)[0] == "boxed_warning"
    assert "Increased Mortality in Elderly Patients" in section(label, SectionKind.BOXED_WARNING)


def test_markup_keeps_tables_lists_and_footnotes_and_drops_links_and_images() -> None:
    lipitor = parse("lipitor-orig.xml")
    warnings = next(s for s in lipitor.sections if s.kind == "warnings")
    assert "<table><caption>Table 1. Drug Interactions Associated" in warnings.html
    assert "saquinavir plus ritonavir<sup>1</sup>" in warnings.html
    assert "<p><sup>1</sup> Use with caution and with the lowest dose necessary" in warnings.html
    assert 'colspan="' in "".join(s.html for s in lipitor.sections)
    everything = "".join(s.html for s in (*lipitor.sections, *parse("humira.xml").sections))
    assert "<ul>" in everything and "<li>" in everything
    assert "href" not in everything and "<img" not in everything and "src=" not in everything
    assert "[Image not included: Study RA-III ACR 20 Responses over 52 Weeks.]" in everything
    for s in lipitor.sections:
        assert sanitise_html(s.html) == s.html  # already the safe subset


def test_external_links_are_shown_as_text_not_followed() -> None:
    cough = parse("cough.xml")
    extra = next(s for s in cough.sections if s.title == "Additional information listed")
    assert "www.triaminic.com [http://www.triaminic.com/]" in extra.text
    assert "<a" not in extra.html


def test_text_has_one_line_per_block() -> None:
    cough = parse("cough.xml")
    other = next(s for s in cough.sections if s.title == "Other informaton").text
    assert other.splitlines() == [
        "• each teaspoonful contains: sodium 6 mg",
        "• store at controlled room temperature 20-25°C (68-77°F)",
    ]
    uses = section(cough, SectionKind.INDICATIONS).splitlines()
    assert uses[:2] == [  # a paragraph inside a list item starts its own line
        "• temporarily relieves",
        "• sneezing • itchy nose or throat • runny nose",  # the label's own bullets, as printed
    ]


def test_an_indexing_document_is_refused_cleanly() -> None:
    with pytest.raises(LabelError) as error:
        parse("METHOXSALEN.xml")
    message = str(error.value)
    assert message.startswith("is not a product label")
    assert "Indexing - Pharmacologic Class" in message and "\n" not in message


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.99])
def test_a_truncated_label_is_refused(keep: float) -> None:
    data = (SPL / "humira.xml").read_bytes()
    with pytest.raises(LabelError, match=r"^is not well-formed XML, perhaps truncated"):
        spl.parse(data[: int(len(data) * keep)], "humira.xml")


def test_other_xml_and_entity_tricks_are_refused() -> None:
    with pytest.raises(LabelError, match="root element is <html>"):
        spl.parse(b"<html><body>hi</body></html>", "page.xml")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE document [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<document xmlns="urn:hl7-org:v3"><title>&b;</title></document>'
    )
    with pytest.raises(LabelError, match="DOCTYPE"):
        spl.parse(bomb, "bomb.xml")


def test_a_label_without_a_set_id_cannot_be_identified() -> None:
    data = (SPL / "cough.xml").read_bytes()
    broken = re.sub(rb"<setId [^>]*/>", b"", data, count=1)
    with pytest.raises(LabelError, match="no <setId> root"):
        spl.parse(broken, "cough.xml")


@needs_shared()
@pytest.mark.parametrize("name", sorted(p.name for p in SPL.glob("*.xml")))
def test_fixtures_are_the_real_shared_files(name: str) -> None:
    assert (SPL / name).read_bytes() == (SHARED_DATA / "spl" / name).read_bytes()


def test_every_real_spl_file_imports_or_is_refused_with_a_reason() -> None:
    outcomes = {}
    for path in sorted(Path(SPL).glob("*.xml")):
        try:
            outcomes[path.name] = len(spl.parse(path.read_bytes(), path.name).sections)
        except LabelError as error:
            outcomes[path.name] = str(error)
    assert isinstance(outcomes.pop("METHOXSALEN.xml"), str)
    assert all(isinstance(n, int) and n > 5 for n in outcomes.values()), outcomes
