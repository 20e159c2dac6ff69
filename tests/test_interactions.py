"""What each label says about the other drugs on a list, checked on real openFDA labels.

The catalogue is the shipped one with eleven real openFDA records imported (trimmed copies in
tests/fixtures/interactions; see trim.py there). Every expected passage below was read in
the raw record first; each test also checks that what is quoted is word for word in that record.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import INTERACTION_LABELS as LABELS
from tests.conftest import SHARED_DATA, needs_shared
from viewer.catalogue.store import Catalogue
from viewer.interactions import (
    NO_LABEL,
    NO_PASSAGE,
    Direction,
    Drug,
    PairFindings,
    SpanKind,
    Status,
    Term,
    TermKind,
    check,
    find_names,
    passage_bounds,
)
from viewer.monograph import SectionKind
from viewer.search import NameSearch

READ_FIELDS = (
    "boxed_warning",
    "contraindications",
    "warnings_and_cautions",
    "warnings",
    "precautions",
    "drug_interactions",
    "drug_interactions_table",
)


def record(name: str) -> dict:
    (path,) = LABELS.glob(f"*-{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))["results"][0]


def raw_text(name: str, fields: tuple[str, ...] = READ_FIELDS) -> str:
    """The record's text in the fields read (tables without their tags), spaces collapsed."""
    parts = []
    for field in fields:
        text = " ".join(record(name).get(field, []))
        if field.endswith("_table"):
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        parts.append(text)
    return " ".join(" ".join(parts).split())


def in_raw(name: str, quoted: str) -> bool:
    """Every part of ``quoted`` (between the "…" of an excerpt) is in the raw record, word for
    word; spacing is not compared (table cells are joined as the sanitised markup joins them)."""
    raw = "".join(raw_text(name).split())
    return all("".join(part.split()) in raw for part in quoted.split("…"))


def epc_classes(name: str) -> tuple[str, ...]:
    """The record's own openFDA established classes, without the "[EPC]" suffix."""
    values = record(name)["openfda"].get("pharm_class_epc", [])
    return tuple(v.removesuffix(" [EPC]") for v in values)


@pytest.fixture(scope="session")
def drug(interactions_catalogue: Path) -> Callable[..., Drug]:
    """A list entry by name: the monograph that holds the named fixture record's label."""
    catalogue = Catalogue.open(interactions_catalogue)
    salt_words = catalogue.salt_words()

    def make(query: str, fixture: str | None = None, classes: tuple[str, ...] = ()) -> Drug:
        set_id = record(fixture)["set_id"] if fixture else None
        for hit in NameSearch(catalogue).find(query, limit=20).hits:
            monograph = catalogue.monograph(hit.monograph_id)
            assert monograph is not None
            if set_id is None or any(s.provenance.set_id == set_id for s in monograph.sections):
                return Drug(monograph, classes, salt_words)
        raise AssertionError(f"no monograph for {query!r} holds {fixture}'s label")

    return make


def pair_of(pairs: list[PairFindings], a: Drug, b: Drug) -> PairFindings:
    return next(p for p in pairs if {p.first.title, p.second.title} == {a.title, b.title})


def direction(pairs: list[PairFindings], reader: Drug, named: Drug) -> Direction:
    found = pair_of(pairs, reader, named)
    return next(d for d in found.directions if d.reader is reader)


def quoted(d: Direction) -> list[str]:
    return [p.text for p in d.passages]


def named_words(d: Direction) -> set[str]:
    return {p.text[s.start : s.end].lower() for p in d.passages for s in p.names}


# -- ten real pairs, both directions, by ingredient, brand and class ----------------------------


def test_plavix_and_prilosec_name_each_other_by_ingredient(drug) -> None:
    plavix, prilosec = drug("plavix", "plavix"), drug("prilosec", "prilosec")
    pairs = check([plavix, prilosec])
    about_prilosec = direction(pairs, plavix, prilosec)
    assert about_prilosec.status is Status.FOUND
    sentence = "Avoid concomitant use of Plavix with omeprazole or esomeprazole because both"
    hit = next(p for p in about_prilosec.passages if p.text.startswith(sentence))
    assert hit.section_kind is SectionKind.WARNINGS
    assert [hit.text[s.start : s.end] for s in hit.spans] == ["Avoid", "omeprazole"]
    assert [s.kind for s in hit.spans] == [SpanKind.LABEL_WORD, SpanKind.NAME]
    assert hit.provenance.set_id == record("plavix")["set_id"]
    assert hit.provenance.version == str(record("plavix")["version"])
    about_plavix = direction(pairs, prilosec, plavix)
    assert (
        "5.7 Interaction with Clopidogrel Avoid concomitant use of PRILOSEC with clopidogrel."
        in (quoted(about_plavix))
    )
    assert named_words(about_plavix) == {"clopidogrel"}
    assert all(in_raw("plavix", q) for q in quoted(about_prilosec))
    assert all(in_raw("prilosec", q) for q in quoted(about_plavix))


def test_coumadin_table_names_citalopram_and_celexa_names_warfarin_without_its_salt(drug) -> None:
    coumadin, celexa = drug("coumadin", "coumadin"), drug("celexa", "celexa")
    assert "warfarin sodium" in {t.text for t in coumadin.terms} or "warfarin" in {
        t.text for t in coumadin.terms
    }
    pairs = check([coumadin, celexa])
    about_celexa = direction(pairs, coumadin, celexa)
    row = next(q for q in quoted(about_celexa) if q.startswith("Serotonin Reuptake Inhibitors"))
    assert row.startswith("Serotonin Reuptake Inhibitors citalopram, desvenlafaxine, duloxetine")
    assert named_words(about_celexa) == {"citalopram"}  # "escitalopram" in the row does not fire
    about_coumadin = direction(pairs, celexa, coumadin)
    assert (
        "For patients taking warfarin, carefully monitor the international normalized ratio"
        " [ see Drug Interactions ( 7 )] ."
    ) in quoted(about_coumadin)
    assert {p.section_kind for p in about_coumadin.passages} == {
        SectionKind.WARNINGS,
        SectionKind.INTERACTIONS,
    }
    assert all(in_raw("coumadin", q) for q in quoted(about_celexa))
    assert all(in_raw("celexa", q) for q in quoted(about_coumadin))


def test_prilosec_limits_citalopram_and_celexa_does_not_name_omeprazole(drug) -> None:
    prilosec, celexa = drug("prilosec", "prilosec"), drug("celexa", "celexa")
    pairs = check([prilosec, celexa])
    about_celexa = direction(pairs, prilosec, celexa)
    assert "Intervention: Limit the dose of citalopram to a maximum of 20 mg per day." in quoted(
        about_celexa
    )
    assert direction(pairs, celexa, prilosec).status is Status.NOT_NAMED
    assert not re.search(r"(?i)\b(omeprazole|prilosec)\b", raw_text("celexa"))
    summary = pair_of(pairs, prilosec, celexa).summary
    assert summary.startswith("Prilosec's label names Celexa in")
    assert "Celexa's label does not name Prilosec or a class recorded for it." in summary


def test_mobic_and_zocor_name_warfarin_and_coumadin_names_neither(drug) -> None:
    coumadin, mobic, zocor = (drug(n, n) for n in ("coumadin", "mobic", "zocor"))
    pairs = check([coumadin, mobic, zocor])
    about_warfarin = direction(pairs, mobic, coumadin)
    sentence = (
        "Clinical Impact: Meloxicam and anticoagulants such as warfarin have a synergistic effect"
        " on bleeding."
    )
    assert any(sentence in q for q in quoted(about_warfarin))
    from_zocor = direction(pairs, zocor, coumadin)
    assert quoted(from_zocor) == [
        "There are postmarketing reports of clinically evident bleeding and/or increased INR in"
        " patients taking concomitant statins and warfarin."
    ]  # the label says it twice (highlights and full text): quoted once
    assert direction(pairs, coumadin, zocor).status is Status.NOT_NAMED
    assert not re.search(r"(?i)\b(simvastatin|zocor)\b", raw_text("coumadin"))


def test_coumadin_and_plavix_by_table_row_and_by_section(drug) -> None:
    coumadin, plavix = drug("coumadin", "coumadin"), drug("plavix", "plavix")
    pairs = check([coumadin, plavix])
    assert (
        "Antiplatelet Agents aspirin, cilostazol, clopidogrel, dipyridamole, prasugrel, ticlopidine"
        in quoted(direction(pairs, coumadin, plavix))
    )
    about_coumadin = direction(pairs, plavix, coumadin)
    assert any(q.startswith("7.5 Warfarin (CYP2C9 Substrates)") for q in quoted(about_coumadin))
    # "S-warfarin" (a hyphenated compound) is not counted as naming warfarin on its own
    for passage in about_coumadin.passages:
        for span in passage.names:
            assert passage.text[span.start - 2 : span.start] != "S-"


def test_nefazodone_names_tegretol_by_brand(drug) -> None:
    nefazodone, tegretol = drug("nefazodone", "nefazodone"), drug("tegretol", "tegretol")
    pairs = check([nefazodone, tegretol])
    about = direction(pairs, nefazodone, tegretol)
    by_brand = [
        (p, s)
        for p in about.passages
        for s in p.names
        if s.term is not None and s.term.kind is TermKind.BRAND
    ]
    assert by_brand, "the nefazodone label names TEGRETOL ® (carbamazepine)"
    passage, span = by_brand[0]
    assert passage.text[span.start : span.end] == "TEGRETOL"
    assert "TEGRETOL ® (carbamazepine) is contraindicated" in passage.text
    assert "contraindicated" in [
        passage.text[s.start : s.end] for s in passage.spans if s.kind is SpanKind.LABEL_WORD
    ]
    assert all(in_raw("nefazodone", q) for q in quoted(about))
    assert direction(pairs, tegretol, nefazodone).status in (Status.FOUND, Status.NOT_NAMED)


def test_a_class_recorded_for_mobic_is_found_in_celexa_and_plavix(drug) -> None:
    classes = epc_classes("mobic")
    assert classes == ("Nonsteroidal Anti-inflammatory Drug",)
    mobic = drug("mobic", "mobic", classes)
    celexa, plavix = drug("celexa", "celexa"), drug("plavix", "plavix")
    pairs = check([mobic, celexa, plavix])
    from_celexa = direction(pairs, celexa, mobic)
    assert (
        "Concomitant use of aspirin, nonsteroidal anti-inflammatory drugs (NSAIDS), other"
        " antiplatelet drugs, warfarin, and other anticoagulants may add to this risk."
    ) in quoted(from_celexa)
    terms = {s.term for p in from_celexa.passages for s in p.names}
    assert terms == {Term("Nonsteroidal Anti-inflammatory Drug", TermKind.CLASS)}
    from_plavix = direction(pairs, plavix, mobic)
    assert any(
        "Nonsteroidal anti-inflammatory drugs (NSAIDs), warfarin" in q for q in quoted(from_plavix)
    )
    without_class = check([drug("mobic", "mobic"), celexa])
    assert direction(without_class, celexa, without_class[0].first).status is Status.NOT_NAMED


# -- what is not known --------------------------------------------------------------------------


def test_a_pair_no_label_names_reads_the_exact_sentence(drug) -> None:
    celexa, zocor = drug("celexa", "celexa"), drug("zocor", "zocor")
    assert not re.search(r"(?i)\b(simvastatin|zocor)\b", raw_text("celexa"))
    assert not re.search(r"(?i)\b(citalopram|celexa)\b", raw_text("zocor"))
    (pair,) = check([celexa, zocor])
    assert not pair.found
    assert pair.summary == (
        "No passage found: neither label names the other or a class recorded for it. Labels may"
        " still warn by class: read their Drug interactions sections."
    )
    assert pair.summary == NO_PASSAGE + "."
    assert "no interaction" not in pair.summary.lower()


def test_a_drug_without_a_label_is_named_as_such(drug) -> None:
    avonex, coumadin = drug("avonex"), drug("coumadin", "coumadin")
    assert avonex.monograph.sections and not avonex.has_label  # curated text only
    (pair,) = check([avonex, coumadin])
    from_avonex = direction([pair], avonex, coumadin)
    assert from_avonex.status is Status.NO_LABEL
    assert from_avonex.sentence == f"Avonex: {NO_LABEL}."
    assert NO_LABEL == "no label: interactions unknown to this catalogue"
    assert "neither" not in pair.summary
    assert pair.summary.startswith("No passage found: ")


def test_pairs_with_passages_come_first_otherwise_list_order(drug) -> None:
    celexa, zocor, coumadin = (
        drug("celexa", "celexa"),
        drug("zocor", "zocor"),
        drug("coumadin", "coumadin"),
    )
    pairs = check([celexa, zocor, coumadin])
    titles = [(p.first.title, p.second.title, p.found) for p in pairs]
    assert titles == [
        ("Celexa", "Coumadin", True),
        ("Zocor", "Coumadin", True),
        ("Celexa", "Zocor", False),
    ]


def test_the_same_ingredient_on_both_drugs_is_not_searched(drug) -> None:
    coumadin, jantoven = drug("coumadin", "coumadin"), drug("jantoven")
    (pair,) = check([coumadin, jantoven])
    assert "warfarin" in pair.shared
    assert not any("warfarin" in named_words(d) for d in pair.directions)


# -- matching that must not fire inside other words ---------------------------------------------


def test_trastuzumab_does_not_fire_inside_the_conjugates_names() -> None:
    text = raw_text("enhertu", ("dosage_and_administration",))
    sentence = next(
        s for s in re.split(r"(?<=\.) ", text) if "fam-trastuzumab deruxtecan-nxki) and not" in s
    )
    spans = find_names(sentence, [Term("trastuzumab", TermKind.INGREDIENT)])
    assert [sentence[s.start - 4 : s.end] for s in spans] == ["not trastuzumab"]
    kadcyla = find_names(sentence, [Term("ado-trastuzumab emtansine", TermKind.INGREDIENT)])
    assert [sentence[s.start : s.end] for s in kadcyla] == ["ado-trastuzumab emtansine"]
    herceptin = raw_text("herceptin", ("dosage_and_administration",))
    for span in find_names(herceptin, [Term("trastuzumab", TermKind.INGREDIENT)]):
        assert herceptin[span.start - 1] != "-"


def test_aspirin_does_not_fire_in_aspirin_sensitive(drug) -> None:
    mobic, aspirin = drug("mobic", "mobic"), drug("aspirin")
    pairs = check([mobic, aspirin])
    about = direction(pairs, mobic, aspirin)
    assert about.status is Status.FOUND
    assert "aspirin-sensitive" in raw_text("mobic")
    for passage in about.passages:
        for span in passage.names:
            assert passage.text[span.end : span.end + 1] != "-", passage.text
        standalone = re.findall(r"(?i)(?<![\w-])aspirin(?![\w-])", passage.text)
        assert len(passage.names) == len(standalone)
    assert "MOBIC is contraindicated in patients with aspirin-sensitive asthma." not in quoted(
        about
    )


def test_whole_words_only_and_longest_name_first() -> None:
    terms = [Term("aspirin", TermKind.INGREDIENT), Term("Proton Pump Inhibitor", TermKind.CLASS)]
    text = "Aspirin and PROTON PUMP INHIBITORS; aspirins, aspirin-containing products, non-aspirin"
    found = [text[s.start : s.end] for s in find_names(text, terms)]
    assert found == ["Aspirin", "PROTON PUMP INHIBITORS", "aspirin"]


@needs_shared()
def test_non_aspirin_in_a_real_label_does_not_fire() -> None:
    raw = json.loads((SHARED_DATA / "openfda" / "pharmgkb-labels" / "NDA022406.json").read_text())
    text = " ".join(raw["results"][0]["clinical_studies"])
    assert "non-aspirin antiplatelet" in text
    for span in find_names(text, [Term("aspirin", TermKind.INGREDIENT)]):
        assert text[span.start - 4 : span.start] != "non-"


# -- passages -----------------------------------------------------------------------------------


def test_passages_are_lines_and_sentences_of_long_lines() -> None:
    text = raw_text("zocor", ("drug_interactions",))
    bounds = passage_bounds(text)
    assert len(bounds) > 10
    pieces = [text[a:b] for a, b in bounds]
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert all(len(p) < 2000 for p in pieces)
    short = "Table row one\nAvoid X. Do not use Y."
    assert [short[a:b] for a, b in passage_bounds(short)] == [
        "Table row one",
        "Avoid X. Do not use Y.",
    ]


def test_the_whole_library_reads_without_error(shipped_catalogue: Path) -> None:
    """The 363 real labels ship in the catalogue: Xarelto's label names warfarin (Coumadin)."""
    with Catalogue.open(shipped_catalogue) as catalogue:
        salt_words = catalogue.salt_words()

        def by_name(name: str) -> Drug:
            hit = NameSearch(catalogue).find(name, limit=1).hits[0]
            monograph = catalogue.monograph(hit.monograph_id)
            assert monograph is not None
            return Drug(monograph, (), salt_words)

        brilinta, xarelto, coumadin = by_name("brilinta"), by_name("xarelto"), by_name("coumadin")
        pairs = check([brilinta, xarelto, coumadin])
    assert any(
        "warfarin" in named_words(d) for p in pairs for d in p.directions if d.reader is xarelto
    )
    assert all(p.summary for p in pairs)
