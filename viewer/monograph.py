"""Frozen value types a monograph is made of (Qt- and SQLite-free).

The plain facts of a monograph, each carrying enough provenance to say where it came from and
how old it is. What a search returns (hits, source editions) is in ``viewer.model``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SectionKind(StrEnum):
    """The typed sections a monograph may carry, in the order a clinician reads them."""

    OVERVIEW = "overview"
    BOXED_WARNING = "boxed_warning"
    MECHANISM = "mechanism"
    INDICATIONS = "indications"
    ADMINISTRATION = "administration"
    DOSAGE_FORMS = "dosage_forms"
    CONTRAINDICATIONS = "contraindications"
    WARNINGS = "warnings"
    ADVERSE_REACTIONS = "adverse_reactions"
    INTERACTIONS = "interactions"
    SPECIFIC_POPULATIONS = "specific_populations"
    OVERDOSAGE = "overdosage"
    DESCRIPTION = "description"
    CLINICAL_PHARMACOLOGY = "clinical_pharmacology"
    STORAGE = "storage"
    PATIENT_INFORMATION = "patient_information"
    MEDICATION_GUIDE = "medication_guide"
    PATIENT_PACKAGE_INSERT = "patient_package_insert"
    DRUG_FACTS = "drug_facts"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SECTION_LABELS[self]


SECTION_LABELS: dict[SectionKind, str] = {
    SectionKind.OVERVIEW: "Overview",
    SectionKind.BOXED_WARNING: "Boxed warning",
    SectionKind.MECHANISM: "Mechanism of action",
    SectionKind.INDICATIONS: "Indications",
    SectionKind.ADMINISTRATION: "Administration",
    SectionKind.DOSAGE_FORMS: "Dosage forms and strengths",
    SectionKind.CONTRAINDICATIONS: "Contraindications",
    SectionKind.WARNINGS: "Warnings and precautions",
    SectionKind.ADVERSE_REACTIONS: "Adverse reactions",
    SectionKind.INTERACTIONS: "Drug interactions",
    SectionKind.SPECIFIC_POPULATIONS: "Use in specific populations",
    SectionKind.OVERDOSAGE: "Overdosage",
    SectionKind.DESCRIPTION: "Description",
    SectionKind.CLINICAL_PHARMACOLOGY: "Clinical pharmacology",
    SectionKind.STORAGE: "Storage and handling",
    SectionKind.PATIENT_INFORMATION: "Information for patients",
    SectionKind.MEDICATION_GUIDE: "Medication Guide",
    SectionKind.PATIENT_PACKAGE_INSERT: "Patient package insert",
    SectionKind.DRUG_FACTS: "Drug Facts",
    SectionKind.OTHER: "Other label text",
}


@dataclass(frozen=True, slots=True)
class PharmClass:
    """A pharmacologic class a label states (openFDA ``pharm_class_*``), kept as published.

    ``kind`` is "epc" (established pharmacologic class), "moa" (mechanism of action), "pe"
    (physiologic effect) or "cs" (chemical structure); ``name`` is the class without its
    bracketed suffix ("HMG-CoA Reductase Inhibitor").
    """

    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact came from: a named source, and for labels the document that said it."""

    source: str  # the key of a catalogue source (a ``SourceKey`` value)
    source_title: str = ""
    edition: str = ""  # the source's edition (release date) as recorded in the catalogue
    document_id: str | None = None
    document_title: str | None = None
    set_id: str | None = None
    version: str | None = None
    effective_date: date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Ingredient:
    name: str
    unii: str | None = None
    rxcui: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    kind: SectionKind
    title: str
    html: str  # a safe rich-text subset: headings, paragraphs, lists, tables; nothing remote
    text: str  # the same content as plain text
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Form:
    """One structured product row: dose form, strength, route, package/NDC, and who said so."""

    dose_form: str | None
    strength: str | None
    route: str | None
    provenance: Provenance
    package: str | None = None
    ndcs: tuple[str, ...] = ()
    product_name: str | None = None
    rxcui: str | None = None
    application: str | None = None  # e.g. "BLA103628"
    sponsor: str | None = None
    marketing_status: str | None = None
    note: str | None = None
    ingredients: tuple[str, ...] = ()  # precise: "metoprolol succinate", "haloperidol decanoate"


@dataclass(frozen=True, slots=True)
class Review:
    """Review metadata exactly as the source recorded it; absent fields stay None."""

    reviewed_by: str | None
    credentials: str | None
    reviewed_on: date | None
    updated_on: date | None
    source_name: str | None
    source_title: str | None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class LabelCoverage:
    """One label filed in a monograph, and the monograph's product rows its text is for.

    ``covers`` and ``serves`` are indexes into ``Monograph.forms``; ``products`` the names of
    the products the label itself lists. A label without product data has ``known`` False.
    """

    set_id: str
    document_title: str
    products: tuple[str, ...]
    covers: tuple[int, ...]
    serves: tuple[int, ...]
    known: bool = True


@dataclass(frozen=True, slots=True)
class Monograph:
    id: int
    slug: str
    title: str
    kind: str  # "brand" or "generic"
    brands: tuple[str, ...]
    ingredients: tuple[Ingredient, ...]
    sections: tuple[Section, ...]
    forms: tuple[Form, ...]
    review: Review | None
    sources: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    pharm_classes: tuple[PharmClass, ...] = ()  # as its labels state them, EPC first
    labels: tuple[LabelCoverage, ...] = ()

    def label(self, set_id: str | None) -> LabelCoverage | None:
        """The coverage of the label with ``set_id`` (None for text that is no label's)."""
        return next((c for c in self.labels if c.set_id == set_id), None)

    def section(self, kind: SectionKind) -> Section | None:
        """The first section of this kind, or None when the catalogue has none."""
        return next((s for s in self.sections if s.kind == kind), None)

    def sections_of(self, kind: SectionKind) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == kind)

    @property
    def ingredient_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.ingredients)
