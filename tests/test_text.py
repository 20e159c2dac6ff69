"""Name folding: the one rule the build and the search must share."""

import pytest

from viewer.text import display_case, normalise, slugify, word_starts


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
