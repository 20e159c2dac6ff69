"""Medication-list findings as JSON (the CLI's contract), plain text and escaped HTML.

Qt-free. The HTML is what the window's findings view shows and what is printed for the
clinician's record: every word of a label and every name is escaped, names of the other drug are
set in bold, the label's own words of restriction are underlined as they stand, and nothing
remote is named. Links use the ``drugview:`` scheme, which only the findings view acts on (it
opens the monograph at its Drug interactions section).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

from viewer.export import provenance_json
from viewer.interactions import (
    READ_KINDS,
    Direction,
    Drug,
    PairFindings,
    Passage,
    SpanKind,
)
from viewer.model import CatalogueInfo
from viewer.monograph import Provenance

NOT_A_GRADE = (
    "Quoted from the labels' Boxed warning, Contraindications, Warnings and precautions and Drug"
    " interactions sections. Names of the other drug are in {name} and the labels' own words of"
    " restriction are {word}; drugview adds no grade of its own."
)
LINK_SCHEME = "drugview"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def cite(provenance: Provenance) -> str:
    """The label a passage comes from: title, set id, version, effective date."""
    parts = [provenance.document_title or provenance.source_title or provenance.source]
    if provenance.set_id:
        parts.append(f"set id {provenance.set_id}")
    if provenance.version:
        parts.append(f"version {provenance.version}")
    if provenance.effective_date:
        parts.append(f"effective {provenance.effective_date.isoformat()}")
    return ", ".join(parts)


def interactions_link(drug: Drug) -> str:
    return f"{LINK_SCHEME}:monograph/{drug.monograph.id}/interactions"


# -- JSON -----------------------------------------------------------------------------------------


def passage_json(passage: Passage) -> dict[str, Any]:
    return {
        "section": passage.section_kind.value,
        "section_title": passage.section_title,
        "text": passage.text,
        "names": [
            {
                "start": s.start,
                "end": s.end,
                "text": passage.text[s.start : s.end],
                "term": s.term.text if s.term else None,
                "term_kind": s.term.kind.value if s.term else None,
            }
            for s in passage.names
        ],
        "label_words": [
            {"start": s.start, "end": s.end, "text": passage.text[s.start : s.end]}
            for s in passage.spans
            if s.kind is SpanKind.LABEL_WORD
        ],
        "label": provenance_json(passage.provenance),
    }


def _drug_ref(drug: Drug) -> dict[str, Any]:
    return {"id": drug.monograph.id, "slug": drug.monograph.slug, "title": drug.title}


def direction_json(direction: Direction) -> dict[str, Any]:
    return {
        "label_of": _drug_ref(direction.reader),
        "about": _drug_ref(direction.named),
        "status": direction.status.value,
        "sentence": direction.sentence,
        "passages": [passage_json(p) for p in direction.passages],
        "interactions_sections": [
            {"title": s.title, "label": provenance_json(s.provenance)}
            for s in direction.reader.interaction_sections()
        ],
    }


def findings_json(drugs: Sequence[Drug], pairs: Sequence[PairFindings]) -> dict[str, Any]:
    return {
        "sections_read": [k.label for k in READ_KINDS],
        "drugs": [
            {
                **_drug_ref(d),
                "brands": list(d.monograph.brands),
                "ingredients": list(d.monograph.ingredient_names),
                "classes": list(d.classes),
                "has_label": d.has_label,
                "labels": [provenance_json(p) for p in _labels(d)],
            }
            for d in drugs
        ],
        "pairs": [
            {
                "drugs": [_drug_ref(pair.first), _drug_ref(pair.second)],
                "found": pair.found,
                "summary": pair.summary,
                "shared_names": list(pair.shared),
                "directions": [direction_json(d) for d in pair.directions],
            }
            for pair in pairs
        ],
    }


def _labels(drug: Drug) -> list[Provenance]:
    seen: dict[str | None, Provenance] = {}
    for section in drug.label_sections:
        seen.setdefault(section.provenance.set_id, section.provenance)
    return list(seen.values())


# -- plain text (a terminal) ------------------------------------------------------------------


def marked(passage: Passage, name: tuple[str, str], word: tuple[str, str]) -> str:
    """The passage with names and label words between the given marks (text left as is)."""
    out, last = [], 0
    for span in passage.spans:
        if span.start < last:
            continue  # a label word inside a name, or the reverse: the first one wins
        opening, closing = name if span.kind is SpanKind.NAME else word
        out += [passage.text[last : span.start], opening, passage.text[span.start : span.end]]
        out.append(closing)
        last = span.end
    return "".join([*out, passage.text[last:]])


def findings_text(drugs: Sequence[Drug], pairs: Sequence[PairFindings]) -> str:
    lines = ["Medication list: " + ", ".join(d.title for d in drugs), ""]
    for pair in pairs:
        heading = f"{pair.first.title} + {pair.second.title}"
        lines += [heading, "-" * len(heading), pair.summary]
        if pair.shared:
            lines.append(_shared_sentence(pair))
        for direction in pair.directions:
            if not direction.passages:
                continue
            lines.append(f"  {direction.reader.title}'s label about {direction.named.title}:")
            for passage in direction.passages:
                lines.append(f'    "{marked(passage, ("*", "*"), ("_", "_"))}"')
                lines.append(f"      [{passage.section_title}; {cite(passage.provenance)}]")
        lines.append("")
    lines.append(NOT_A_GRADE.format(name="*asterisks*", word="_underscored_"))
    return "\n".join(lines) + "\n"


def _shared_sentence(pair: PairFindings) -> str:
    return (
        f"Both list {', '.join(pair.shared)}; each label names its own drug throughout, so those"
        " names are not searched."
    )


# -- HTML (the findings view and the printed record) ----------------------------------------------


def passage_html(passage: Passage) -> str:
    out, last = [], 0
    for span in passage.spans:
        if span.start < last:
            continue
        out.append(esc(passage.text[last : span.start]))
        words = esc(passage.text[span.start : span.end])
        out.append(f"<b>{words}</b>" if span.kind is SpanKind.NAME else f"<u>{words}</u>")
        last = span.end
    out.append(esc(passage.text[last:]))
    return "".join(out)


def _direction_html(direction: Direction) -> list[str]:
    parts = [f"<p>{esc(direction.sentence)}</p>"]
    if direction.passages:
        parts.append(
            f"<h3>{esc(direction.reader.title)}&#8217;s label about"
            f" {esc(direction.named.title)}</h3>"
        )
    source = None
    for passage in direction.passages:
        where = f"{passage.section_title} · {cite(passage.provenance)}"
        if where != source:  # said once before each run of passages from one section
            parts.append(f"<p><small>{esc(where)}</small></p>")
            source = where
        parts.append(f"<blockquote>&#8220;{passage_html(passage)}&#8221;</blockquote>")
    return parts


def findings_html(
    drugs: Sequence[Drug],
    pairs: Sequence[PairFindings],
    info: CatalogueInfo | None = None,
    printed_on: date | None = None,
    links: bool = True,
) -> str:
    """The findings as a document: the list, then each pair (found first), then the sources."""
    parts = ["<h1>Medication list: what the labels say</h1>"]
    if printed_on is not None:
        parts.append(f"<p>For the clinician&#8217;s record. Printed {printed_on.isoformat()}.</p>")
    parts.append("<h2>Drugs on the list</h2><ol>")
    for drug in drugs:
        ingredients = ", ".join(drug.monograph.ingredient_names) or "ingredients not stated"
        label = (
            "; ".join(cite(p) for p in _labels(drug))
            if drug.has_label
            else "no label: interactions unknown to this catalogue"
        )
        classes = f" Classes recorded: {esc(', '.join(drug.classes))}." if drug.classes else ""
        parts.append(
            f"<li><b>{esc(drug.title)}</b> ({esc(ingredients)}).{classes}"
            f" <small>Label: {esc(label)}</small></li>"
        )
    parts.append("</ol>")
    if len(drugs) < 2:
        parts.append("<p>Add at least two drugs to see what their labels say about each other.</p>")
    for pair in pairs:
        parts.append(f"<h2>{esc(pair.first.title)} + {esc(pair.second.title)}</h2>")
        if pair.shared:
            parts.append(f"<p>{esc(_shared_sentence(pair))}</p>")
        if pair.found:
            for direction in pair.directions:
                parts += _direction_html(direction)
        else:
            parts.append(f"<p>{esc(pair.summary)}</p>")
        if not pair.found or any(not d.passages for d in pair.directions):
            sections = [
                f'<a href="{esc(interactions_link(d))}">{esc(d.title)}: Drug interactions</a>'
                if links
                else f"{esc(d.title)}: Drug interactions"
                for d in (pair.first, pair.second)
                if d.interaction_sections()
            ]
            if sections:
                parts.append(f"<p>Read: {' &#183; '.join(sections)}</p>")
    legend = NOT_A_GRADE.format(name="bold", word="underlined")
    parts.append(f"<p><small>{esc(legend)}</small></p>")
    if info is not None:
        editions = "; ".join(f"{s.title}: {s.edition}" for s in info.sources)
        parts.append(
            f"<p><small>Catalogue {esc(info.path)}, built {esc(info.build_date)} by drugview"
            f" {esc(info.app_version)}. Sources: {esc(editions)}.</small></p>"
        )
    return "\n".join(parts)
