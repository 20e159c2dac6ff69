"""Handout content and HTML, Qt-free: faithful to the monograph, plain, dated and escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.handout_samples import fictional_monograph
from viewer.catalogue.store import Catalogue
from viewer.handout import (
    CARE_TEAM_LINE,
    LARGE_TYPE,
    NORMAL_TYPE,
    HandoutOptions,
    Part,
    build_handout,
    handout_html,
    handout_text,
    plain_date,
)
from viewer.model import CatalogueInfo
from viewer.monograph import Monograph

TODAY = date(2026, 1, 15)
HOSTILE = '<script>alert("x")</script> & <b>bold</b> "quoted"'


@pytest.fixture(scope="module")
def avonex_and_info(small_catalogue: Path) -> Iterator[tuple[Monograph, CatalogueInfo]]:
    with Catalogue.open(small_catalogue) as catalogue:
        monograph = catalogue.monograph(catalogue.monograph_id_for_slug("avonex"))
        yield monograph, catalogue.info()


class Elements(HTMLParser):
    """The element names and text of an HTML document."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_avonex_handout_names_use_route_and_source(avonex_and_info) -> None:
    monograph, info = avonex_and_info
    handout = build_handout(monograph, info, HandoutOptions(), TODAY)
    text = handout_text(handout)
    assert handout.title == "Avonex"
    assert ("Brand name", "Avonex") in handout.names
    assert ("Medicine in it", "interferon beta-1a") in handout.names
    assert "relapsing forms of multiple sclerosis" in text  # the indications, verbatim
    assert "Avonex is given as an injection into a muscle (intramuscular)." in text
    assert "Prefilled syringe, single-use, 30 micrograms" in text
    assert "Drugs.com" in text and "Carmen Pope, BPharm" in text
    assert "Last updated 8 May 2024." in text
    assert f"Catalogue edition: built {plain_date(date.fromisoformat(info.build_date[:10]))}" in (
        text
    )
    assert handout.care_line == CARE_TEAM_LINE and f"\n{CARE_TEAM_LINE}\n" in text


def test_no_patient_sections_is_said_plainly_and_nothing_is_invented(avonex_and_info) -> None:
    monograph, info = avonex_and_info
    handout = build_handout(monograph, info, today=TODAY)
    (block,) = [b for b in handout.blocks if b.part is Part.PATIENT_INFO]
    assert block.text.startswith("This catalogue has no patient information")
    # Every sentence of the clinical parts is in the monograph or is one of our fixed sentences.
    sources = " ".join(s.text for s in monograph.sections)
    used_for = next(b for b in handout.blocks if b.part is Part.USED_FOR)
    for line in used_for.text.splitlines()[:-1]:  # the last line names the source
        assert line.lstrip("• ") in sources


def test_missing_indications_say_so(avonex_and_info) -> None:
    _, info = avonex_and_info
    handout = build_handout(fictional_monograph(with_indications=False), info, today=TODAY)
    used_for = next(b for b in handout.blocks if b.part is Part.USED_FOR)
    assert used_for.text == "This catalogue has no text on what Testamab is used for."


def test_patient_sections_come_from_the_label_with_their_source() -> None:
    handout = build_handout(fictional_monograph(), None, today=TODAY)
    block = next(b for b in handout.blocks if b.part is Part.PATIENT_INFO)
    assert "What is the most important information I should know about TESTAMAB?" in block.text
    assert "TEST DATA counseling line two." in block.text
    assert "From: TESTAMAB TEST DATA label, version 7, effective 1 March 2024." in block.text
    assert any("TESTAMAB TEST DATA label, version 7" in line for line in handout.sources)
    assert "Catalogue edition: not known." in handout.dates


def test_a_label_heading_is_not_repeated_and_sources_are_grouped() -> None:
    handout = build_handout(fictional_monograph(), None, today=TODAY)
    text = handout_text(handout)
    assert text.casefold().count("medication guide") == 2  # the label's heading, the source
    (label,) = [line for line in handout.sources if "TEST DATA label" in line]
    assert label == (
        "TESTAMAB TEST DATA label, version 7, effective 1 March 2024 "
        "(Indications and usage; Medication Guide; Patient counseling information)."
    )
    assert "Product forms: TEST DATA forms, edition 2099-02-02." in handout.sources


def test_label_markup_cannot_script_or_fetch() -> None:
    markup = handout_html(build_handout(fictional_monograph(), None, today=TODAY))
    parsed = Elements(markup)
    assert not {"script", "img", "a", "iframe", "link"} & set(parsed.tags)
    assert "alert('label')" not in markup
    assert "example.org" not in markup
    assert "Keep <tag> text as text." in "".join(parsed.text)


def test_every_typed_field_is_escaped() -> None:
    options = HandoutOptions(
        clinic=HOSTILE, patient=HOSTILE, notes=HOSTILE + "\nsecond line", handout_date=TODAY
    )
    markup = handout_html(build_handout(fictional_monograph(), None, options, TODAY))
    parsed = Elements(markup)
    assert "script" not in parsed.tags
    assert parsed.tags.count("b") == markup.count("<b>")  # only our own bold survives
    assert "".join(parsed.text).count(HOSTILE) == 3  # clinic, patient, notes: as typed
    assert "second line" in "".join(parsed.text)


TYPED = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)


@settings(max_examples=150, deadline=None)
@given(value=TYPED.filter(lambda v: v.strip()))
def test_any_typed_text_prints_as_typed_and_adds_no_markup(value: str) -> None:
    def parse(typed: str) -> Elements:
        options = HandoutOptions(clinic=typed, patient=typed, notes=typed, handout_date=TODAY)
        return Elements(handout_html(build_handout(fictional_monograph(), None, options, TODAY)))

    parsed, plain = parse(value), parse("x")
    assert parsed.tags == plain.tags
    text = "".join(parsed.text)
    assert text.count(value.strip()) >= 2  # clinic and patient, exactly as typed
    for word in value.split():
        assert word in text


def test_bidi_overrides_and_controls_from_a_catalogue_never_reach_the_page() -> None:
    sneaky = "Test\u202eevil\u202c\x1b[2Jamab"  # a right-to-left override shows "live"
    monograph = replace(fictional_monograph(), title=sneaky, brands=(sneaky,))
    markup = handout_html(build_handout(monograph, None, today=TODAY))
    assert "\u202e" not in markup and "\x1b" not in markup
    assert "Testevil[2Jamab" in markup  # the words themselves are kept, in reading order


def test_hostile_monograph_names_are_escaped() -> None:
    monograph = replace(fictional_monograph(), title="Test<img src=x>amab", brands=("A&B<i>",))
    markup = handout_html(build_handout(monograph, None, today=TODAY))
    assert "img" not in Elements(markup).tags
    assert "Test&lt;img src=x&gt;amab" in markup and "A&amp;B&lt;i&gt;" in markup


def test_parts_can_be_left_out_and_notes_added(avonex_and_info) -> None:
    monograph, info = avonex_and_info
    options = HandoutOptions(parts=frozenset({Part.HOW_IT_WORKS}), notes="Next visit in June.")
    handout = build_handout(monograph, info, options, TODAY)
    assert [b.heading for b in handout.blocks] == ["How it works", "Notes from your care team"]
    assert "Experts do not know exactly how Avonex works" in handout.blocks[0].text
    assert handout.blocks[1].text == "Next visit in June."


def test_patient_and_date_are_printed_only_when_given(avonex_and_info) -> None:
    monograph, info = avonex_and_info
    plain = handout_text(build_handout(monograph, info, today=TODAY))
    assert "For:" not in plain and "Date:" not in plain
    options = HandoutOptions(patient="Sam Lee", handout_date=date(2026, 2, 1))
    text = handout_text(build_handout(monograph, info, options, TODAY))
    assert "For: Sam Lee" in text and "Date: 1 February 2026" in text


def test_large_print_sets_larger_type(avonex_and_info) -> None:
    monograph, info = avonex_and_info

    def sizes(large: bool) -> list[float]:
        markup = handout_html(
            build_handout(monograph, info, HandoutOptions(large_print=large), TODAY)
        )
        return [float(n) for n in re.findall(r"font-size: ([\d.]+)pt", markup)]

    normal, large = sizes(False), sizes(True)
    assert len(normal) == len(large)
    assert all(b > a for a, b in zip(normal, large, strict=True))
    assert min(large) >= 16 and LARGE_TYPE.body >= 1.4 * NORMAL_TYPE.body


def test_unknown_route_is_shown_as_written_and_many_routes_listed() -> None:
    handout = build_handout(
        fictional_monograph(routes=("intracavernosal", "oral")), None, today=TODAY
    )
    given = next(b for b in handout.blocks if b.part is Part.HOW_GIVEN).text
    assert "used by the route the label calls “intracavernosal”" in given
    assert "taken by mouth (oral)" in given


def test_no_forms_says_so() -> None:
    handout = build_handout(fictional_monograph(routes=()), None, today=TODAY)
    given = next(b for b in handout.blocks if b.part is Part.HOW_GIVEN).text
    assert "This catalogue does not say how Testamab is given." in given
    assert "This catalogue lists no product forms for Testamab." in given


def test_stale_text_warns_the_clinician_not_the_patient(avonex_and_info) -> None:
    monograph, info = avonex_and_info
    stale = build_handout(monograph, info, today=date(2027, 1, 1))
    assert stale.warnings and "2024-05-08" in stale.warnings[0]
    assert stale.warnings[0] not in handout_text(stale)
    assert build_handout(monograph, info, today=date(2024, 6, 1)).warnings == ()


def test_plain_date_is_unambiguous() -> None:
    assert plain_date(date(2024, 5, 8)) == "8 May 2024"
