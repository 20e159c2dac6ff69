"""openFDA drug-label JSON: stream records -> ``LabelRecord`` values, one at a time.

openFDA publishes its labels as ``drug-label-NNNN-of-NNNN.json.zip`` files of up to about 1 GB,
each ``{"meta": ..., "results": [record, ...]}``; a bare list of records is read too. The file
is parsed as a stream (ijson), so memory holds one record at a time whatever the file's size,
and through ``viewer.sources.limits.JsonGuard``, so a record nested too deep, holding too long
a string or too large is skipped with the limit it broke before it is parsed.

A record's text fields are plain text (openFDA strips the label's markup), one list of strings
per section, named by field (``indications_and_usage``, ``mechanism_of_action``, ...); tables
come separately as HTML in ``<field>_table`` and are reduced to the safe subset. The product's
names and ingredients come from the record's ``openfda`` block; a record whose block is empty
is identified from its own product data and carton text (``openfda_identify``), and skipped
with the reason when that reading is not unambiguous.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

import ijson

from viewer.model import SourceKey
from viewer.monograph import SectionKind
from viewer.sanitize import html_to_text, sanitise_html
from viewer.sources import openfda_identify
from viewer.sources.limits import PARSER_READ_BYTES, JsonGuard, LimitExceeded
from viewer.sources.records import (
    IngredientRef,
    LabelError,
    LabelProduct,
    LabelRecord,
    PharmClass,
    SectionRecord,
    Skipped,
    SourceInfo,
    label_url,
)
from viewer.text import display_case, tidy

SOURCE_KEY = SourceKey.OPENFDA
SOURCE = SourceInfo(
    key=SOURCE_KEY,
    title="openFDA drug labels (structured product labels as published by openFDA)",
    edition="",  # filled in as labels are filed: the newest label's effective date
    publisher="U.S. Food and Drug Administration (openFDA)",
    url="https://open.fda.gov/apis/drug/label/",
    licence="Public domain (U.S. government work); openFDA terms of service",
)

# Field -> (kind, title), in the order sections are filed. Fields not listed (and not in
# NOT_TEXT) are filed as OTHER under a title made from the field name.
FIELDS: dict[str, tuple[SectionKind, str]] = {
    "boxed_warning": (SectionKind.BOXED_WARNING, "Boxed warning"),
    "recent_major_changes": (SectionKind.OTHER, "Recent major changes"),
    "active_ingredient": (SectionKind.DRUG_FACTS, "Active ingredient"),
    "purpose": (SectionKind.DRUG_FACTS, "Purpose"),
    "indications_and_usage": (SectionKind.INDICATIONS, "Indications and usage"),
    "dosage_and_administration": (SectionKind.ADMINISTRATION, "Dosage and administration"),
    "dosage_forms_and_strengths": (SectionKind.DOSAGE_FORMS, "Dosage forms and strengths"),
    "contraindications": (SectionKind.CONTRAINDICATIONS, "Contraindications"),
    "warnings_and_cautions": (SectionKind.WARNINGS, "Warnings and precautions"),
    "warnings": (SectionKind.WARNINGS, "Warnings"),
    "precautions": (SectionKind.WARNINGS, "Precautions"),
    "general_precautions": (SectionKind.WARNINGS, "General precautions"),
    "do_not_use": (SectionKind.WARNINGS, "Do not use"),
    "ask_doctor": (SectionKind.WARNINGS, "Ask a doctor"),
    "ask_doctor_or_pharmacist": (SectionKind.WARNINGS, "Ask a doctor or pharmacist"),
    "when_using": (SectionKind.WARNINGS, "When using this product"),
    "stop_use": (SectionKind.WARNINGS, "Stop use"),
    "pregnancy_or_breast_feeding": (SectionKind.WARNINGS, "Pregnancy or breast-feeding"),
    "keep_out_of_reach_of_children": (SectionKind.WARNINGS, "Keep out of reach of children"),
    "user_safety_warnings": (SectionKind.WARNINGS, "User safety warnings"),
    "safe_handling_warning": (SectionKind.WARNINGS, "Safe handling warning"),
    "adverse_reactions": (SectionKind.ADVERSE_REACTIONS, "Adverse reactions"),
    "drug_interactions": (SectionKind.INTERACTIONS, "Drug interactions"),
    "drug_and_or_laboratory_test_interactions": (
        SectionKind.INTERACTIONS,
        "Drug and laboratory test interactions",
    ),
    "use_in_specific_populations": (
        SectionKind.SPECIFIC_POPULATIONS,
        "Use in specific populations",
    ),
    "pregnancy": (SectionKind.SPECIFIC_POPULATIONS, "Pregnancy"),
    "teratogenic_effects": (SectionKind.SPECIFIC_POPULATIONS, "Teratogenic effects"),
    "nonteratogenic_effects": (SectionKind.SPECIFIC_POPULATIONS, "Nonteratogenic effects"),
    "labor_and_delivery": (SectionKind.SPECIFIC_POPULATIONS, "Labor and delivery"),
    "nursing_mothers": (SectionKind.SPECIFIC_POPULATIONS, "Nursing mothers"),
    "pediatric_use": (SectionKind.SPECIFIC_POPULATIONS, "Pediatric use"),
    "geriatric_use": (SectionKind.SPECIFIC_POPULATIONS, "Geriatric use"),
    "overdosage": (SectionKind.OVERDOSAGE, "Overdosage"),
    "description": (SectionKind.DESCRIPTION, "Description"),
    "clinical_pharmacology": (SectionKind.CLINICAL_PHARMACOLOGY, "Clinical pharmacology"),
    "mechanism_of_action": (SectionKind.MECHANISM, "Mechanism of action"),
    "pharmacodynamics": (SectionKind.CLINICAL_PHARMACOLOGY, "Pharmacodynamics"),
    "pharmacokinetics": (SectionKind.CLINICAL_PHARMACOLOGY, "Pharmacokinetics"),
    "pharmacogenomics": (SectionKind.CLINICAL_PHARMACOLOGY, "Pharmacogenomics"),
    "how_supplied": (SectionKind.STORAGE, "How supplied"),
    "storage_and_handling": (SectionKind.STORAGE, "Storage and handling"),
    "information_for_patients": (SectionKind.PATIENT_INFORMATION, "Information for patients"),
    "patient_medication_information": (
        SectionKind.PATIENT_INFORMATION,
        "Patient medication information",
    ),
    "spl_medguide": (SectionKind.MEDICATION_GUIDE, "Medication Guide"),
    "spl_patient_package_insert": (SectionKind.PATIENT_PACKAGE_INSERT, "Patient package insert"),
    "inactive_ingredient": (SectionKind.DRUG_FACTS, "Inactive ingredients"),
    "questions": (SectionKind.DRUG_FACTS, "Questions"),
}
# Fields that are identity, product data or pictures of cartons, not label text.
NOT_TEXT = frozenset(
    {
        "id", "set_id", "version", "effective_time", "openfda", "spl_product_data_elements",
        "spl_indexing_data_elements", "package_label_principal_display_panel",
    }
)  # fmt: skip
_ORDER = {name: n for n, name in enumerate(FIELDS)}


def iter_labels(stream: IO[bytes], origin: str) -> Iterator[LabelRecord | Skipped]:
    """Every record of an openFDA file as a label, or as a ``Skipped`` with its reason.

    A file that breaks off (truncated or malformed JSON) yields the records read before the
    break, then one ``Skipped`` for the rest of the file.
    """
    head = _Replay(stream)
    first = head.first_byte()
    if first == b"[":
        prefix = "item"
    elif first == b"{":
        prefix = "results.item"
    else:
        yield Skipped(origin, "is not JSON (it does not start with '{' or '[')")
        return
    number = 0
    guard = JsonGuard(head, record_depth=prefix.count(".") + 1)
    try:
        for raw in ijson.items(guard, prefix, use_float=True, buf_size=PARSER_READ_BYTES):
            number += 1
            broken = guard.reasons.pop(number, None) if raw is None else None
            if broken:  # past a limit: never parsed, and the records after it still are
                yield Skipped(f"{origin} record {number}", broken)
                continue
            if number == 1 and not _looks_like_label(raw):
                yield Skipped(
                    origin,
                    "is not an openFDA drug-label file (its first record has no set_id, id,"
                    " effective_time or openfda field)",
                )
                return
            where = f"{origin} record {number}"
            try:
                yield record_to_label(raw, where)
            except LabelError as error:
                yield Skipped(where, _describe(raw) + str(error))
    except ijson.JSONError as error:
        read = f"{number} record" + ("" if number == 1 else "s")
        yield Skipped(origin, f"is broken JSON after {read} ({_first_line(error)})")
        return
    except LimitExceeded as error:  # outside any record: the file's frame itself
        yield Skipped(origin, f"{error}; read no further after {number} records")
        return
    if number == 0:
        yield Skipped(
            origin,
            'holds no openFDA label records (expected {"meta": ..., "results": [...]} '
            "or a list of records)",
        )


def record_to_label(raw: Any, origin: str) -> LabelRecord:
    """One openFDA record as a label; ``LabelError`` says why it cannot be filed."""
    if not isinstance(raw, dict):
        raise LabelError("is not a JSON object")
    set_id, document_id, version = (_scalar(raw, key) for key in ("set_id", "id", "version"))
    for key, value in (("set_id", set_id), ("id", document_id), ("version", version)):
        if not value:
            raise LabelError(f"has no {key}, so it cannot be identified")
    block = raw.get("openfda")
    identified: LabelProduct | None = None
    if not isinstance(block, dict) or not block:  # read the product from the label itself
        found = openfda_identify.identify(raw)
        if isinstance(found, openfda_identify.Unidentified):
            raise LabelError(f"has an empty openfda block, and its label text {found}")
        identified = found
        block = openfda_identify.as_openfda_block(found)
    brands = _strings(block.get("brand_name"))
    generics = _strings(block.get("generic_name"))
    substances = _strings(block.get("substance_name"))
    if not (brands or generics or substances):
        raise LabelError("has an openfda block that names no product or ingredient")
    uniis = _strings(block.get("unii"))
    single_unii = uniis[0] if len(uniis) == 1 and len(substances) == 1 else None
    ingredients = tuple(IngredientRef(name.lower(), single_unii) for name in substances)
    effective = _date(_scalar(raw, "effective_time"))
    product_type = (_strings(block.get("product_type")) or ["drug"])[0].lower()
    product_type = product_type.replace("otc", "OTC")
    named = ", ".join(display_case(n) for n in (brands or generics or substances))
    title = f"{named}: {product_type} label (openFDA record, which gives no document title)"
    provenance: dict[str, Any] = {
        "source": SOURCE_KEY,
        "document_id": document_id,
        "document_title": title,
        "set_id": set_id,
        "version": version,
        "effective_date": effective,
        "url": label_url(set_id),
    }
    sections = [
        SectionRecord(kind.value, heading, markup, text, **provenance)
        for kind, heading, markup, text in _sections(raw)
    ]
    if not sections:
        raise LabelError("has no label text in any field")
    return LabelRecord(
        source=SOURCE_KEY,
        set_id=set_id,
        document_id=document_id,
        version=version,
        effective_date=effective,
        document_title=title,
        product_names=tuple(dict.fromkeys(tidy(b) for b in brands)),
        generic_names=tuple(dict.fromkeys(tidy(g) for g in generics)),
        ingredients=ingredients,
        sections=tuple(sections),
        origin=origin,
        pharm_classes=pharm_classes(block),
        # a record with an empty openfda block names its product in its own text
        products=(identified,) if identified else label_products(raw),
    )


PHARM_CLASS_FIELDS = ("epc", "moa", "pe", "cs")  # openFDA's pharm_class_<kind>, in this order


def pharm_classes(block: dict[str, Any]) -> tuple[PharmClass, ...]:
    """The pharmacologic classes an openFDA block states, each once, kept as published but for
    the bracketed kind ("HMG-CoA Reductase Inhibitor [EPC]" -> "HMG-CoA Reductase Inhibitor")."""
    found: dict[tuple[str, str], PharmClass] = {}
    for kind in PHARM_CLASS_FIELDS:
        for value in _strings(block.get(f"pharm_class_{kind}")):
            name = tidy(value)
            suffix = f"[{kind}]"
            if name.casefold().endswith(suffix):  # "[EPC]", "[MoA]", "[PE]", "[CS]"
                name = name[: -len(suffix)].rstrip()
            if name:
                found.setdefault((kind, name.casefold()), PharmClass(kind, name))
    return tuple(found.values())


def _sections(raw: dict[str, Any]) -> list[tuple[SectionKind, str, str, str]]:
    fields = [key for key in raw if key not in NOT_TEXT and not key.endswith("_table") and raw[key]]
    fields.sort(key=lambda key: _ORDER.get(key, len(_ORDER)))  # stable: unknown keep file order
    out = []
    for key in fields:
        kind, heading = FIELDS[key] if key in FIELDS else (SectionKind.OTHER, _title(key))
        paragraphs = [tidy(p) for p in _strings(raw[key])]
        text = "\n".join(p for p in paragraphs if p)
        # Each paragraph as <p>, escaped: a tidied paragraph holds no line break, so the
        # breaks of the text are exactly the boundaries between paragraphs (escaped at once).
        markup = f"<p>{html.escape(text, quote=False)}</p>".replace("\n", "</p><p>") if text else ""
        tables = [sanitise_html(t) for t in _strings(raw.get(key + "_table"))]
        if tables:
            markup += "".join(tables)
            text = "\n".join(filter(None, [text, *(html_to_text(t) for t in tables)]))
        if text:
            out.append((kind, heading, markup, text))
    return out


def _title(field: str) -> str:
    words = field.replace("spl_", "").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _scalar(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if isinstance(value, str | int) else ""


def _date(value: str) -> date | None:
    if len(value) < 8 or not value[:8].isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def _looks_like_label(raw: Any) -> bool:
    return isinstance(raw, dict) and bool(
        raw.keys() & {"set_id", "id", "effective_time", "openfda"}
    )


def _describe(raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("set_id"), str):
        return f"(set id {raw['set_id']}) "
    return ""


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


class _Replay:
    """A binary stream whose first non-blank byte can be looked at before it is parsed."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._head = b""

    def first_byte(self) -> bytes:
        while True:
            stripped = self._head.lstrip()
            if stripped.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark
                self._head = stripped[3:]
                continue
            if stripped:
                return stripped[:1]
            chunk = self._stream.read(65536)
            if not chunk:
                return b""
            self._head += chunk

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._stream.read(size)
        if size < 0:
            head, self._head = self._head, b""
            return head + self._stream.read()
        head, self._head = self._head[:size], self._head[size:]
        return head  # a short read is allowed; the parser asks again


# -- the products a label covers (issue 9) ----------------------------------------------------


def label_products(raw: dict[str, Any]) -> tuple[LabelProduct, ...]:
    """The products an openFDA record's ``openfda`` block names: one per brand (or generic)
    name and application number, each with the record's NDCs, RxCUIs and route. The block
    does not say which NDC belongs to which name, nor the dose form, so neither is guessed."""
    block = raw.get("openfda")
    if not isinstance(block, dict) or not block:
        return ()
    substances = _strings(block.get("substance_name"))
    uniis = _strings(block.get("unii"))
    single = uniis[0] if len(uniis) == 1 and len(substances) == 1 else None
    ingredients = tuple(IngredientRef(name.lower(), single) for name in substances)
    routes = _strings(block.get("route"))
    applications: list[str | None] = [*_strings(block.get("application_number"))]
    names = _strings(block.get("brand_name")) or _strings(block.get("generic_name"))
    return tuple(
        LabelProduct(
            name=tidy(name),
            ingredients=ingredients,
            precise_names=tuple(s.lower() for s in substances),
            route="; ".join(r.lower() for r in routes) or None,
            ndcs=tuple(
                dict.fromkeys(
                    [*_strings(block.get("product_ndc")), *_strings(block.get("package_ndc"))]
                )
            ),
            rxcuis=tuple(_strings(block.get("rxcui"))),
            application=application,
        )
        for name in dict.fromkeys(names)
        for application in (applications or [None])
    )
