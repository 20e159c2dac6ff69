"""SPL plain text keeps the meaning of superscripts and footnote marks (real fixture labels)."""

from __future__ import annotations

from tests.conftest import FIXTURES
from viewer.sources import spl

SPL = FIXTURES / "labels" / "spl"


def text_of(name: str) -> str:
    label = spl.parse((SPL / name).read_bytes(), name)
    return "\n".join(section.text for section in label.sections)


def test_humira_keeps_its_exponents_and_footnote_marks() -> None:
    text = text_of("humira.xml")
    assert "24 mg/m² up to" in text and "24 mg/m2 up" not in text
    assert "and race).¹ Rates of lymphoma" in text  # a footnote mark, not "race).1 Rates"
    assert "HUMIRA® (Hu-MARE-ah)" in text


def test_lipitor_keeps_ordinal_superscripts_apart_from_the_number() -> None:
    text = text_of("lipitor-orig.xml")
    assert "(25ᵗʰ and 75ᵗʰ percentile)" in text
