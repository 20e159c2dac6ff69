"""Cleaning label text of controls and bidi overrides: the fast path changes nothing."""

from __future__ import annotations

import dataclasses

from tests.conftest import FIXTURES
from viewer.cleantext import _UNWANTED, clean, clean_record
from viewer.sources import spl
from viewer.sources.labelfiles import read_file
from viewer.sources.records import LabelRecord

SAMPLE = FIXTURES / "labels" / "openfda" / "labels-sample.json"


def test_every_unwanted_character_is_unprintable() -> None:
    """What lets a printable string skip the pattern."""
    unwanted = _UNWANTED.findall("".join(map(chr, range(0x110000))))
    assert len(unwanted) == 29 + 33 + 5 + 4
    assert not any(c.isprintable() for c in unwanted)


def real_labels() -> list[LabelRecord]:
    labels = [item for item in read_file(SAMPLE) if isinstance(item, LabelRecord)]
    humira = FIXTURES / "labels" / "spl" / "humira.xml"
    return [*labels, spl.parse(humira.read_bytes(), str(humira))]


def test_a_clean_real_label_is_returned_as_it_is() -> None:
    for label in real_labels():
        assert clean_record(label) is label


def test_controls_in_real_label_text_are_removed_wherever_they_are() -> None:
    hostile = "\x1b[2J\u202eevil\x00\x85\u2066"
    for label in real_labels():
        section = label.sections[-1]
        changed = dataclasses.replace(
            label,
            document_title=label.document_title + hostile,
            sections=(
                *label.sections[:-1],
                dataclasses.replace(
                    section,
                    text=f"{section.text}\n{hostile}\nmore\ttext",
                    html=section.html + hostile,
                ),
            ),
        )
        cleaned = clean_record(changed)
        assert cleaned.document_title == label.document_title + "[2Jevil"
        assert cleaned.sections[-1].text == f"{section.text}\n[2Jevil\nmore\ttext"
        assert cleaned.sections[-1].html == clean(section.html + hostile)
        assert cleaned.sections[:-1] == label.sections[:-1]
