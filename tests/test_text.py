"""Name folding: the one rule the build and the search must share."""

import json
import unicodedata
from xml.etree import ElementTree

import pytest

from tests.conftest import FIXTURES
from viewer.text import _EXTRA_FOLDS, display_case, fold, normalise, slugify, tidy, word_starts


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Avonex", "avonex"),
        ("  AVONEX  ", "avonex"),
        ("Interferon Beta-1a", "interferon beta 1a"),
        ("intérféron bêta-1a", "interferon beta 1a"),
        ("Straße", "strasse"),
        ("Ærodyne", "aerodyne"),
        ("a\u0301b", "ab"),  # combining accent
        ("!!!", ""),
        ("", ""),
        ("pH-Dose 5%", "ph dose 5"),
        ("\u0627\u0644\u0639\u0631\u0628\u064a\u0629", ""),  # a script we do not index folds away
    ],
)
def test_normalise_folds_case_accents_and_punctuation(raw: str, key: str) -> None:
    assert normalise(raw) == key


def test_word_starts_mark_each_word() -> None:
    assert word_starts("interferon beta 1a") == [0, 11, 16]


def test_display_case_titles_all_caps_names_only() -> None:
    assert display_case("HUMIRA") == "Humira"
    assert display_case("LEVETIRACETAM IN SODIUM CHLORIDE") == "Levetiracetam in Sodium Chloride"
    assert display_case("pH-Dose") == "pH-Dose"


def test_slugify_is_url_safe() -> None:
    assert slugify("Tylenol w/ Codeine No. 3") == "tylenol-w-codeine-no-3"
    assert slugify("***") == "unnamed"


# -- fast paths: each gives exactly what the general rule gives ------------------------------

ALL_SPACES = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


def _tidy_by_rule(text: str) -> str:
    return " ".join(text.split())


def _fold_by_rule(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_EXTRA_FOLDS)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _real_label_strings() -> list[str]:
    """Every string of the openFDA sample records and every text node of two real SPL labels
    (with the line breaks and indentation of their XML)."""
    records = json.loads((FIXTURES / "labels" / "openfda" / "labels-sample.json").read_bytes())
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(records)
    for name in ("humira.xml", "lipitor-orig.xml"):
        tree = ElementTree.parse(FIXTURES / "labels" / "spl" / name)
        found.extend(tree.getroot().itertext())
    return found


def test_the_tidy_fast_path_rests_on_every_other_space_being_unprintable() -> None:
    assert [c for c in ALL_SPACES if c.isprintable()] == [" "]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "one",
        "one two",
        "one  two",
        " one",
        "one ",
        "one\ttwo",
        "one\ntwo",
        "one\u00a0two",  # a no-break space becomes a space, as it always did
        "one\u2028two",
        "one\u3000two",
        "one\x1ctwo",
        "10 mg\u202f/ kg",
        "café olé",
        *(f"a{space}b" for space in ALL_SPACES),
    ],
)
def test_tidy_is_whitespace_collapsed_and_stripped(text: str) -> None:
    assert tidy(text) == _tidy_by_rule(text)


def test_tidy_of_real_label_text_is_the_rule() -> None:
    strings = _real_label_strings()
    assert sum(len(s) for s in strings) > 400_000
    for text in strings:
        assert tidy(text) == _tidy_by_rule(text)


def test_fold_of_ascii_is_the_rule() -> None:
    every_ascii = "".join(map(chr, range(128)))
    assert fold(every_ascii) == _fold_by_rule(every_ascii)
    for text in [*_real_label_strings(), "Straße", "Ærodyne", "ﬁlm", "İbuprofen", "K"]:
        assert fold(text) == _fold_by_rule(text)
