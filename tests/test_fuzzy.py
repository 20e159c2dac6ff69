"""Spelling correction of name words: edit limits, every kind of edit, and candidate order."""

from __future__ import annotations

import pytest

from viewer.fuzzy import Vocabulary, max_edits

KEYS = {
    "lipitor": 3,
    "crest": 5,
    "crestor": 1,
    "interferon beta 1a": 2,
    "interferon alfa 2b": 1,
    "seroquel": 1,
    "seroquel xr": 1,
}


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(KEYS)


@pytest.mark.parametrize(
    ("length", "edits"), [(1, 0), (3, 0), (4, 1), (5, 1), (6, 2), (12, 2), (200, 2)]
)
def test_edits_allowed_grow_with_length(length: int, edits: int) -> None:
    assert max_edits(length) == edits


def test_vocabulary_holds_every_word_with_its_uses(vocabulary: Vocabulary) -> None:
    assert "interferon" in vocabulary
    assert vocabulary.uses("interferon") == 3
    assert vocabulary.uses("seroquel") == 2
    assert "interferon beta 1a" not in vocabulary  # words, not whole keys
    assert vocabulary.starts_a_word("seroq")
    assert not vocabulary.starts_a_word("seroqx")


@pytest.mark.parametrize(
    ("typo", "word", "edits"),
    [
        ("lipitr", "lipitor", 1),  # deletion
        ("lipittor", "lipitor", 1),  # insertion
        ("lipiter", "lipitor", 1),  # substitution
        ("lpiitor", "lipitor", 1),  # transposition counts as one edit
        ("ilpitor", "lipitor", 1),  # ... even of the first two letters
        ("bipitor", "lipitor", 1),  # first letter wrong
        ("ipitor", "lipitor", 1),  # first letter left out
        ("xlipitor", "lipitor", 1),  # a letter added in front
        ("lpitorr", "lipitor", 2),  # two edits in a word of six or more letters
        ("intreferon", "interferon", 1),
        ("seroquil", "seroquel", 1),
    ],
)
def test_each_kind_of_edit_is_corrected(
    vocabulary: Vocabulary, typo: str, word: str, edits: int
) -> None:
    best = vocabulary.corrections(typo)[0]
    assert (best.word, best.edits) == (word, edits)


@pytest.mark.parametrize("typo", ["lipi", "crestorxxx", "sero", "abc", "123456", "lipitor"])
def test_no_correction_beyond_the_limit_or_for_known_words(
    vocabulary: Vocabulary, typo: str
) -> None:
    assert vocabulary.corrections(typo) == []


def test_nearest_then_not_a_mere_stem_then_commonest(vocabulary: Vocabulary) -> None:
    # "crestr" is one edit from both; the user typed past "crest", so Crestor comes first
    assert [c.word for c in vocabulary.corrections("crestr")][:2] == ["crestor", "crest"]
    # "crestx": one edit from crest, two from crestor
    assert [c.word for c in vocabulary.corrections("crestx")] == ["crest", "crestor"]


def test_limit_bounds_the_candidates(vocabulary: Vocabulary) -> None:
    assert len(vocabulary.corrections("crestr", limit=1)) == 1
