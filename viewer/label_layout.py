"""How a monograph's label text is laid out for a clinician, Qt-free.

A monograph may hold several labels (a brand's, a generic's, an older SPL beside an openFDA
record). Each is shown on its own, the brand's label first, then the newest; within a label
the sections come under the headings clinicians look for, in the order they look for them,
the boxed warning first. Headings the label has no text for are named together in one line.
Label titles are cleaned of the Highlights boilerplate SPL documents begin with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from viewer.monograph import Monograph, Provenance, Section, SectionKind

# (heading, the section kinds it gathers), in reading order after the boxed warning.
CLINICAL_HEADINGS: tuple[tuple[str, tuple[SectionKind, ...]], ...] = (
    ("Indications", (SectionKind.INDICATIONS,)),
    ("Dosage and administration", (SectionKind.ADMINISTRATION,)),
    ("Dosage forms and strengths", (SectionKind.DOSAGE_FORMS,)),
    ("Contraindications", (SectionKind.CONTRAINDICATIONS,)),
    ("Warnings and precautions", (SectionKind.WARNINGS,)),
    ("Adverse reactions", (SectionKind.ADVERSE_REACTIONS,)),
    ("Drug interactions", (SectionKind.INTERACTIONS,)),
    ("Use in specific populations", (SectionKind.SPECIFIC_POPULATIONS,)),
    ("Mechanism of action", (SectionKind.MECHANISM,)),
    (
        "Patient information / Medication Guide",
        (
            SectionKind.MEDICATION_GUIDE,
            SectionKind.PATIENT_PACKAGE_INSERT,
            SectionKind.PATIENT_INFORMATION,
            SectionKind.DRUG_FACTS,
        ),
    ),
)
HEADED = frozenset(kind for _, kinds in CLINICAL_HEADINGS for kind in kinds)


@dataclass(frozen=True, slots=True)
class LabelDoc:
    """One label of a monograph: its provenance and its sections, in catalogue order."""

    provenance: Provenance
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return clean_label_title(self.provenance.document_title or "")

    def sections_of(self, kinds: tuple[SectionKind, ...]) -> tuple[Section, ...]:
        order = {kind: n for n, kind in enumerate(kinds)}
        chosen = [s for s in self.sections if s.kind in order]
        return tuple(sorted(chosen, key=lambda s: order[s.kind]))  # stable within a kind

    def missing(self) -> list[str]:
        """The clinical headings this label has no text for."""
        present = {s.kind for s in self.sections}
        return [h for h, kinds in CLINICAL_HEADINGS if not present.intersection(kinds)]

    def others(self) -> tuple[Section, ...]:
        return tuple(
            s for s in self.sections if s.kind not in HEADED and s.kind != SectionKind.BOXED_WARNING
        )


def labels_of(monograph: Monograph) -> list[LabelDoc]:
    """The monograph's labels, the brand's label first, then the newest, then by set id."""
    grouped: dict[tuple[str, str | None], list[Section]] = {}
    for section in monograph.sections:
        p = section.provenance
        if p.set_id:
            grouped.setdefault((p.source, p.set_id), []).append(section)
    docs = [LabelDoc(sections[0].provenance, tuple(sections)) for sections in grouped.values()]
    brands = [b.casefold() for b in monograph.brands]

    def names_brand(doc: LabelDoc) -> bool:
        title = (doc.provenance.document_title or "").casefold()
        return any(re.search(rf"(?<!\w){re.escape(b)}(?!\w)", title) for b in brands)

    def key(doc: LabelDoc) -> tuple[bool, int, str]:
        effective = doc.provenance.effective_date or date.min
        return (not names_brand(doc), -effective.toordinal(), doc.provenance.set_id or "")

    return sorted(docs, key=key)


_HIGHLIGHTS = re.compile(
    r"^\s*these highlights do not include all the information needed to use .*?"
    r"see full prescribing information for .*?\.\s*",
    re.IGNORECASE | re.DOTALL,
)
_APPROVAL = re.compile(r"\s*Initial U\.?\s*S\.? Approval:?\s*(\d{4})?\s*$", re.IGNORECASE)
_OPENFDA_NOTE = re.compile(r"\s*\(openFDA record, which gives no document title\)\s*$")


def clean_label_title(title: str) -> str:
    """A label's title without the Highlights boilerplate, its run-together approval line
    spelled out ("... for subcutaneous use (initial U.S. approval 2002)")."""
    cleaned = _HIGHLIGHTS.sub("", title)
    cleaned = _OPENFDA_NOTE.sub("", cleaned)
    approval = _APPROVAL.search(cleaned)
    if approval:
        cleaned = cleaned[: approval.start()]
        if approval.group(1):
            cleaned += f" (initial U.S. approval {approval.group(1)})"
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    return cleaned or title.strip()
