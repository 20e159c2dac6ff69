"""What each label says about the other drugs on a medication list, quoted as the label says it.

Qt-free and store-agnostic: it takes ``Monograph`` values (and, per monograph, the names of the
pharmacologic classes the catalogue records for it) and finds, for each ordered pair (A, B), the
passages of A's label that name B. Only the sections where a label states what not to combine
are read: Boxed warning, Contraindications, Warnings and precautions, Drug interactions
(``READ_KINDS``), with their subsections and tables.

A passage is a paragraph, list item or table row of the section text; a long paragraph (openFDA
flattens a whole section into one) is cut into its sentences, and each sentence that names B is
a passage. B is named by any of its brand names, ingredient names (also without salt words the
catalogue knows: "warfarin sodium" is named by "warfarin"), synonyms, or a recorded class name
("Proton Pump Inhibitor" names "proton pump inhibitors"). Matching is whole-word and
case-insensitive and never fires inside another word: not in "non-aspirin" or
"aspirin-sensitive", and "trastuzumab" not in "ado-trastuzumab emtansine".

Nothing is graded: passages keep the label's order, pairs keep the list's order (pairs with
passages first), and the label's own words of restriction ("contraindicated", "avoid", ...) are
marked for highlighting as they stand. Where nothing is found the wording says what is not
known, never "no interaction".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from viewer.monograph import Monograph, Provenance, Section, SectionKind

READ_KINDS: tuple[SectionKind, ...] = (
    SectionKind.BOXED_WARNING,
    SectionKind.CONTRAINDICATIONS,
    SectionKind.WARNINGS,
    SectionKind.INTERACTIONS,
)
NO_PASSAGE = (
    "No passage found: neither label names the other or a class recorded for it. Labels may "
    "still warn by class: read their Drug interactions sections"
)
MAY_STILL_WARN = "A label may still warn by class: read its Drug interactions section."
NO_LABEL = "no label: interactions unknown to this catalogue"
LONG_BLOCK = 400  # characters: a longer paragraph is quoted sentence by sentence
LONG_PASSAGE = 600  # characters: a longer run without sentence ends is quoted around its names
CONTEXT = 200  # characters kept either side of the names in such a run
MIN_TERM = 3  # shorter names ("K", "Hb") would fire on abbreviations of other things

# Words with which labels state a restriction; marked where they stand, never turned into a grade.
LABEL_WORDS = re.compile(
    r"(?<![\w-])(?:contraindicated|contraindications?|avoid(?:ed|ing|ance)?|do not|should not"
    r"|must not|not recommended|fatal)(?![\w-])",
    re.IGNORECASE,
)
# A hyphen after a name joins it to another word ("aspirin-sensitive", "trastuzumab-dkst"),
# except these, where the compound still names the drug.
_JOINED_OK = ("containing", "based")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
# Sentence ends that are not: abbreviations labels use before a capital or a digit.
_NOT_AN_END = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|Fig|No|Dr|St|Inc|Co|Ltd|U\.S|ca|cf|al)\.|\b[A-Z]\.)$"
)


class TermKind(StrEnum):
    """What a name is to the drug it names."""

    BRAND = "brand"
    INGREDIENT = "ingredient"
    SYNONYM = "synonym"
    CLASS = "class"


class SpanKind(StrEnum):
    NAME = "name"  # a name of the other drug
    LABEL_WORD = "label_word"  # the label's own word of restriction


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    kind: TermKind


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted stretch of a passage: ``text[start:end]``; for a name, the term it matched."""

    start: int
    end: int
    kind: SpanKind
    term: Term | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """Words of one label, quoted exactly, with what in them names the other drug."""

    text: str
    section_kind: SectionKind
    section_title: str
    provenance: Provenance
    spans: tuple[Span, ...]

    @property
    def names(self) -> tuple[Span, ...]:
        return tuple(s for s in self.spans if s.kind is SpanKind.NAME)

    @property
    def matched_terms(self) -> tuple[Term, ...]:
        return tuple(dict.fromkeys(s.term for s in self.names if s.term is not None))


@dataclass(frozen=True)
class Drug:
    """One entry of a medication list: a monograph, the names it goes by, the classes recorded."""

    monograph: Monograph
    classes: tuple[str, ...] = ()
    salt_words: frozenset[str] = frozenset()
    terms: tuple[Term, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", _terms(self.monograph, self.classes, self.salt_words))

    @property
    def title(self) -> str:
        return self.monograph.title

    @property
    def label_sections(self) -> tuple[Section, ...]:
        """Sections that come from an official label (they carry a set id)."""
        return tuple(s for s in self.monograph.sections if s.provenance.set_id)

    @property
    def has_label(self) -> bool:
        return bool(self.label_sections)

    @property
    def read_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.label_sections if s.kind in READ_KINDS)

    def interaction_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.label_sections if s.kind is SectionKind.INTERACTIONS)


class Status(StrEnum):
    FOUND = "found"  # A's label names B in the passages given
    NOT_NAMED = "not_named"  # A's label was read and names neither B nor a class recorded for it
    NO_SECTIONS = "no_sections"  # A has a label, but none of the sections read here
    NO_LABEL = "no_label"  # A has no label text in this catalogue


@dataclass(frozen=True)
class Direction:
    """What the label(s) of ``reader`` say about ``named``."""

    reader: Drug
    named: Drug
    status: Status
    passages: tuple[Passage, ...] = ()
    shared: tuple[str, ...] = ()  # names both drugs carry, not searched (the label's own drug)

    @property
    def sentence(self) -> str:
        """One line saying what was read and found, in the label's terms, never a grade."""
        reader, named = self.reader.title, self.named.title
        if self.status is Status.FOUND:
            count = len(self.passages)
            return f"{reader}'s label names {named} in {count} passage{'s' if count != 1 else ''}."
        if self.status is Status.NO_LABEL:
            return f"{reader}: {NO_LABEL}."
        if self.status is Status.NO_SECTIONS:
            kinds = ", ".join(k.label for k in READ_KINDS)
            return f"{reader}'s label has none of these sections: {kinds}."
        return f"{reader}'s label does not name {named} or a class recorded for it."


@dataclass(frozen=True)
class PairFindings:
    """Both directions of one pair of the list, in list order (``first`` before ``second``)."""

    first: Drug
    second: Drug
    directions: tuple[Direction, Direction]

    @property
    def found(self) -> bool:
        return any(d.status is Status.FOUND for d in self.directions)

    @property
    def summary(self) -> str:
        if self.found:
            return " ".join(d.sentence for d in self.directions)
        if all(d.status is Status.NOT_NAMED for d in self.directions):
            return NO_PASSAGE + "."
        # One side has no label (or none of the sections read): say so, and never "neither".
        said = " ".join(d.sentence for d in self.directions)
        if any(d.status is Status.NOT_NAMED for d in self.directions):
            said += " " + MAY_STILL_WARN
        return "No passage found: " + said

    @property
    def shared(self) -> tuple[str, ...]:
        return self.directions[0].shared


def check(drugs: Sequence[Drug]) -> list[PairFindings]:
    """Every pair of ``drugs``: pairs with passages first, otherwise in the order of the list."""
    about = {i: _Reader(drug).about(drugs) for i, drug in enumerate(drugs)}
    pairs = [
        PairFindings(first, drugs[j], (about[i][j], about[j][i]))
        for i, first in enumerate(drugs)
        for j in range(i + 1, len(drugs))
    ]
    return sorted(pairs, key=lambda pair: not pair.found)  # stable: list order otherwise


# -- names --------------------------------------------------------------------------------------


def _terms(
    monograph: Monograph, classes: Iterable[str], salt_words: frozenset[str]
) -> tuple[Term, ...]:
    found: dict[str, Term] = {}

    def add(text: str, kind: TermKind) -> None:
        text = " ".join(text.split())
        key = text.casefold()
        if sum(ch.isalnum() for ch in text) >= MIN_TERM and key not in found:
            found[key] = Term(text, kind)

    for brand in monograph.brands:
        add(brand, TermKind.BRAND)
    for name in monograph.ingredient_names:
        add(name, TermKind.INGREDIENT)
        add(without_salts(name, salt_words), TermKind.INGREDIENT)
    for synonym in monograph.synonyms:
        add(synonym, TermKind.SYNONYM)
        add(without_salts(synonym, salt_words), TermKind.SYNONYM)
    for name in classes:
        add(name, TermKind.CLASS)
    return tuple(found.values())


def without_salts(name: str, salt_words: frozenset[str]) -> str:
    """``name`` without trailing salt words ("warfarin sodium" -> "warfarin"), never to nothing."""
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in salt_words:
        words.pop()
    return " ".join(words)


_TOKEN = re.compile(r"\w+")
_JOINED = "|".join(_JOINED_OK)
_BEFORE = r"(?<![\w-])"  # not inside a word, nor the tail of a hyphenated one ("non-aspirin")
_AFTER = r"(?!\w)(?!-(?!(?:" + _JOINED + r")\b)\w)"  # nor its head ("aspirin-sensitive")


def term_pattern(term: Term) -> re.Pattern[str]:
    """A case-insensitive, whole-word pattern for one name (a class name also in the plural)."""
    body = r"\s+".join(re.escape(word) for word in term.text.split())
    plural = "(?:e?s)?" if term.kind is TermKind.CLASS and term.text[-1:].isalpha() else ""
    return re.compile(_BEFORE + body + plural + _AFTER, re.IGNORECASE)


class NameMatcher:
    """Finds the names of several drugs in one pass over a text.

    Each name is filed under its first word; the text's words are looked up in that index and
    only there is a name's full pattern tried, so a text is read once whatever the number of
    names. At any place the longest name of each drug wins ("ado-trastuzumab emtansine" over
    "ado"), and one drug's names do not overlap each other.
    """

    def __init__(self, terms: Iterable[tuple[Term, int]]) -> None:
        index: dict[str, list[tuple[int, re.Pattern[str], Term, int]]] = {}
        for term, owner in terms:
            first = _TOKEN.search(term.text)
            if first is None:
                continue
            keys = {first.group().lower()}
            if term.kind is TermKind.CLASS and len(term.text.split()) == 1:
                keys |= {first.group().lower() + "s", first.group().lower() + "es"}
            for key in keys:
                index.setdefault(key, []).append((len(term.text), term_pattern(term), term, owner))
        for candidates in index.values():
            candidates.sort(key=lambda c: -c[0])  # longest first
        self._index = index

    def find(self, text: str) -> list[tuple[int, Span]]:
        """(owner, name span) for every name found in ``text``, in text order."""
        lowered = text.lower()
        if len(lowered) == len(text):  # offsets agree: look each first word up with str.find
            places = []
            for key, candidates in self._index.items():
                at = lowered.find(key)
                while at >= 0:
                    places.append((at, candidates))
                    at = lowered.find(key, at + 1)
            places.sort(key=lambda place: place[0])
        else:  # a letter whose lower case is longer: go word by word
            places = [
                (t.start(), self._index[t.group().lower()])
                for t in _TOKEN.finditer(text)
                if t.group().lower() in self._index
            ]
        found: list[tuple[int, Span]] = []
        ends: dict[int, int] = {}
        for start, candidates in places:
            for _, pattern, term, owner in candidates:
                if ends.get(owner, 0) > start:
                    continue  # inside a longer name of the same drug found just before
                match = pattern.match(text, start)
                if match:
                    found.append((owner, Span(start, match.end(), SpanKind.NAME, term)))
                    ends[owner] = match.end()
        return found


def find_names(text: str, terms: Sequence[Term]) -> list[Span]:
    """Every whole-word occurrence of ``terms`` in ``text``, as name spans in text order."""
    return [span for _, span in NameMatcher((t, 0) for t in terms).find(text)]


def label_words(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), SpanKind.LABEL_WORD) for m in LABEL_WORDS.finditer(text)]


# -- passages -----------------------------------------------------------------------------------


def passage_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each passage of a section's text: its lines, long ones by sentence."""
    bounds = []
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        if not line.strip():
            continue
        if len(line) <= LONG_BLOCK:
            bounds.append((start, end))
            continue
        cut = start
        for match in _SENTENCE_END.finditer(line):
            if _NOT_AN_END.search(line, max(0, match.start() - 12), match.start()):
                continue
            if start + match.start() - cut > 0:
                bounds.append((cut, start + match.start()))
            cut = start + match.end()
        if end > cut:
            bounds.append((cut, end))
    return bounds


class _Reader:
    """One drug's label sections, read once for the names of all the other drugs."""

    def __init__(self, drug: Drug) -> None:
        self.drug = drug

    def searched_terms(self, other: Drug) -> tuple[tuple[Term, ...], tuple[str, ...]]:
        """The names of ``other`` looked for in this drug's label, and those left out.

        Names both drugs carry (the same ingredient, a shared brand) are left out: a label names
        its own drug throughout, which says nothing about the other. Class names stay.
        """
        own = {t.text.casefold() for t in self.drug.terms if t.kind is not TermKind.CLASS}
        terms = tuple(
            t for t in other.terms if t.kind is TermKind.CLASS or t.text.casefold() not in own
        )
        shared = tuple(
            t.text for t in other.terms if t.kind is not TermKind.CLASS and t not in terms
        )
        return terms, shared

    def about(self, drugs: Sequence[Drug]) -> dict[int, Direction]:
        """What this drug's label says about each of ``drugs`` (by position; itself left out)."""
        others = {j: d for j, d in enumerate(drugs) if d is not self.drug}
        searched = {j: self.searched_terms(d) for j, d in others.items()}
        if not self.drug.has_label or not self.drug.read_sections:
            status = Status.NO_LABEL if not self.drug.has_label else Status.NO_SECTIONS
            return {
                j: Direction(self.drug, d, status, shared=searched[j][1]) for j, d in others.items()
            }
        matcher = NameMatcher((t, j) for j, (terms, _) in searched.items() for t in terms)
        # a label repeats itself (highlights, full text, a table and its flattened text): the
        # same words of the same label are quoted once, where first read
        quoted: dict[int, dict[tuple[str | None, str], Passage]] = {j: {} for j in others}
        for section in self.drug.read_sections:
            for owner, passage in _passages(section, matcher.find(section.text)):
                quoted[owner].setdefault((passage.provenance.set_id, passage.text), passage)
        return {
            j: Direction(
                self.drug,
                d,
                Status.FOUND if quoted[j] else Status.NOT_NAMED,
                tuple(quoted[j].values()),
                searched[j][1],
            )
            for j, d in others.items()
        }


def _passages(section: Section, found: list[tuple[int, Span]]) -> Iterator[tuple[int, Passage]]:
    """Each passage of ``section`` that holds names, once per drug named, in text order."""
    if not found:
        return
    text = section.text
    bounds = passage_bounds(text)
    starts = [b[0] for b in bounds]
    by_passage: dict[tuple[int, int], list[Span]] = {}
    for owner, span in found:
        at = bisect.bisect_right(starts, span.start) - 1
        if at < 0 or span.end > bounds[at][1]:
            continue  # a name across a passage boundary (a line break inside a name)
        by_passage.setdefault((at, owner), []).append(span)
    for at, owner in sorted(by_passage):
        start, end = bounds[at]
        names = [
            Span(s.start - start, s.end - start, s.kind, s.term) for s in by_passage[at, owner]
        ]
        text_of, names = excerpt(text[start:end], names)
        spans = sorted(names + label_words(text_of), key=lambda s: (s.start, s.end))
        yield owner, Passage(text_of, section.kind, section.title, section.provenance, tuple(spans))


def excerpt(text: str, names: list[Span]) -> tuple[str, list[Span]]:
    """``text`` stripped, and when longer than ``LONG_PASSAGE`` (a table or list flattened into
    one run, with no sentence end to cut at), only the stretch around its names, from word to
    word, with "…" where words were left out; the name spans moved to match."""
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    names = [Span(s.start - lead, s.end - lead, s.kind, s.term) for s in names]
    if len(text) <= LONG_PASSAGE or not names:
        return text, names
    start = max(0, min(s.start for s in names) - CONTEXT)
    end = min(len(text), max(s.end for s in names) + CONTEXT)
    if start > 0:
        space = text.find(" ", start, min(s.start for s in names))
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", max(s.end for s in names), end)
        end = space if space >= 0 else end
    head = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    shift = len(head) - start
    moved = [Span(s.start + shift, s.end + shift, s.kind, s.term) for s in names]
    return head + text[start:end].strip() + tail, moved
