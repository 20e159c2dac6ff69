"""Spelling correction of drug-name words: the typo tier of name search. Qt-free.

The vocabulary is every word of every name key in the catalogue (brands, ingredients, synonyms),
with how many names use it. A query word that is not in it is corrected to the words within a
few edits (insertions, deletions, substitutions and transpositions of neighbours: the
optimal-string-alignment distance, computed by RapidFuzz), nearest first, then commonest.

How many edits a word may carry grows with its length, as in Elasticsearch's "AUTO" fuzziness:
none under four letters (too many short names lie one edit apart), one for four or five letters,
two from six. Candidates are only the words that share the query's first or second letter in
either of the first two places: that is every word within the edit limit unless two edits both
fall on the first two letters, and it cuts the words scored per keystroke by about a factor of
four, which keeps a catalogue of all FDA labels under a few milliseconds (see bench/README.md).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import NamedTuple

MIN_WORD = 4  # shorter words are never corrected
MAX_CANDIDATES = 5


def max_edits(length: int) -> int:
    """Edits allowed in a word of ``length`` characters."""
    if length < MIN_WORD:
        return 0
    return 1 if length <= 5 else 2


class Correction(NamedTuple):
    word: str
    edits: int
    uses: int  # how many names carry the word


class Vocabulary:
    """The words of a catalogue's names, indexed for spelling correction."""

    def __init__(self, key_counts: Mapping[str, int]) -> None:
        """``key_counts``: each name key -> how many names carry it."""
        uses: Counter[str] = Counter()
        for key, count in key_counts.items():
            for word in key.split(" "):
                if word:
                    uses[word] += count
        self._uses = uses
        self._sorted = sorted(uses)
        by_first: dict[str, list[str]] = defaultdict(list)
        by_second: dict[str, list[str]] = defaultdict(list)
        for word in self._sorted:
            # corrections are words of four letters or more: a shorter one, matched as a prefix
            # afterwards, would bring in half the catalogue ("zcor" -> "cor")
            if len(word) >= MIN_WORD and not word.isdigit():
                by_first[word[0]].append(word)
                by_second[word[1]].append(word)
        self._by_first = dict(by_first)
        self._by_second = dict(by_second)

    def __len__(self) -> int:
        return len(self._sorted)

    def __contains__(self, word: object) -> bool:
        return word in self._uses

    def uses(self, word: str) -> int:
        return self._uses.get(word, 0)

    def starts_a_word(self, prefix: str) -> bool:
        """True when some word of the vocabulary starts with ``prefix``."""
        index = bisect.bisect_left(self._sorted, prefix)
        return index < len(self._sorted) and self._sorted[index].startswith(prefix)

    def corrections(self, word: str, limit: int = MAX_CANDIDATES) -> list[Correction]:
        """Vocabulary words within the edit limit of ``word``, nearest and commonest first.

        Empty when ``word`` is short, numeric, or already a word of the vocabulary.
        """
        import rapidfuzz.distance  # imported on first use, not when the app starts
        import rapidfuzz.process

        edits = max_edits(len(word))
        if edits == 0 or word.isdigit() or word in self._uses:
            return []
        found: dict[str, int] = {}
        for bucket in self._buckets(word):
            for candidate, distance, _ in rapidfuzz.process.extract(
                word, bucket, scorer=rapidfuzz.distance.OSA.distance, score_cutoff=edits, limit=None
            ):
                found[candidate] = distance
        # Nearest first; then a word the query does not merely extend ("crestr" is more likely
        # Crestor than Crest: the user typed past "crest"); then the commonest.
        ranked = sorted(
            found.items(),
            key=lambda item: (
                item[1],
                word.startswith(item[0]),
                -self._uses[item[0]],
                item[0],
            ),
        )
        return [Correction(w, d, self._uses[w]) for w, d in ranked[:limit]]

    def _buckets(self, word: str) -> list[list[str]]:
        """Words sharing a first-two-letter position with ``word``, as up to four lists."""
        first, second = word[0], word[1]
        buckets = [
            self._by_first.get(first),  # the first letter is right
            self._by_second.get(first),  # the first letter was left out
            self._by_first.get(second),  # a letter was added in front, or the two swapped
            self._by_second.get(second),  # the first letter is wrong
        ]
        unique: list[list[str]] = []
        for bucket in buckets:
            if bucket and all(bucket is not seen for seen in unique):
                unique.append(bucket)
        return unique
