"""DailyMed Structured Product Labeling (HL7 SPL XML): one label document -> a ``LabelRecord``.

A label's sections are found by their LOINC code and typed (indications, mechanism, medication
guide, ...); the narrative markup (paragraphs, lists, tables, emphasis, footnotes) becomes the
safe rich-text subset of ``viewer.sanitize``. Subsections stay inside their section, under their
own headings, except the mechanism of action, which labels nest inside clinical pharmacology
and which the viewer shows as a section of its own. Not imported as text: the product data
elements (read as product data instead), the Highlights excerpts (they repeat the full text)
and the package label panels (pictures of cartons). Images are not in the XML; where a label
shows one, the text says that an image is not included, with its caption.

SPL documents that are not product labels (an indexing file such as a pharmacologic class
index has no product data) are refused with a one-line reason, as are malformed or truncated
files. Documents with a DOCTYPE are refused too, wherever it stands in the prolog: no SPL has
one, and refusing it rules out entity tricks. A document past the size or nesting limits of
``viewer.sources.limits`` is refused with the limit, before any recursive walk of it.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.parsers import expat

from viewer.model import SourceKey
from viewer.monograph import SectionKind
from viewer.sanitize import html_to_text, sanitise_html
from viewer.sources.limits import MAX_XML_BYTES, MAX_XML_DEPTH, LimitExceeded, size
from viewer.sources.records import (
    IngredientRef,
    LabelError,
    LabelProduct,
    LabelRecord,
    SectionRecord,
    SourceInfo,
    label_url,
)
from viewer.text import normalise, tidy

SOURCE_KEY = SourceKey.SPL
SOURCE = SourceInfo(
    key=SOURCE_KEY,
    title="DailyMed Structured Product Labeling (SPL) documents",
    edition="",  # filled in as labels are filed: the newest label's effective date
    publisher="U.S. Food and Drug Administration, via the National Library of Medicine's DailyMed",
    url="https://dailymed.nlm.nih.gov/dailymed/spl-resources.cfm",
    licence="Public domain (U.S. government work)",
)

NS = "{urn:hl7-org:v3}"
UNII_SYSTEM = "2.16.840.1.113883.4.9"

# Section LOINC codes -> section kinds. Codes not listed become OTHER, under their own title.
SECTION_KINDS: dict[str, SectionKind] = {
    "34066-1": SectionKind.BOXED_WARNING,
    "34067-9": SectionKind.INDICATIONS,
    "34068-7": SectionKind.ADMINISTRATION,
    "43678-2": SectionKind.DOSAGE_FORMS,
    "34070-3": SectionKind.CONTRAINDICATIONS,
    "43685-7": SectionKind.WARNINGS,  # warnings and precautions
    "34071-1": SectionKind.WARNINGS,
    "42232-9": SectionKind.WARNINGS,  # precautions
    "34072-9": SectionKind.WARNINGS,  # general precautions
    "50741-8": SectionKind.WARNINGS,  # safe handling warning
    "34084-4": SectionKind.ADVERSE_REACTIONS,
    "34073-7": SectionKind.INTERACTIONS,
    "34074-5": SectionKind.INTERACTIONS,  # drug and/or laboratory test interactions
    "43684-0": SectionKind.SPECIFIC_POPULATIONS,
    "42228-7": SectionKind.SPECIFIC_POPULATIONS,  # pregnancy
    "34079-4": SectionKind.SPECIFIC_POPULATIONS,  # labor and delivery
    "34080-2": SectionKind.SPECIFIC_POPULATIONS,  # nursing mothers
    "77290-5": SectionKind.SPECIFIC_POPULATIONS,  # lactation
    "34081-0": SectionKind.SPECIFIC_POPULATIONS,  # pediatric use
    "34082-8": SectionKind.SPECIFIC_POPULATIONS,  # geriatric use
    "34088-5": SectionKind.OVERDOSAGE,
    "34089-3": SectionKind.DESCRIPTION,
    "34090-1": SectionKind.CLINICAL_PHARMACOLOGY,
    "43681-6": SectionKind.CLINICAL_PHARMACOLOGY,  # pharmacodynamics
    "43682-4": SectionKind.CLINICAL_PHARMACOLOGY,  # pharmacokinetics
    "43679-0": SectionKind.MECHANISM,
    "34069-5": SectionKind.STORAGE,  # how supplied / storage and handling
    "44425-7": SectionKind.STORAGE,
    "34076-0": SectionKind.PATIENT_INFORMATION,  # patient counseling information
    "42231-1": SectionKind.MEDICATION_GUIDE,
    "42230-3": SectionKind.PATIENT_PACKAGE_INSERT,
    # OTC "Drug Facts" panels
    "55106-9": SectionKind.DRUG_FACTS,  # active ingredient
    "55105-1": SectionKind.DRUG_FACTS,  # purpose
    "51727-6": SectionKind.DRUG_FACTS,  # inactive ingredients
    "53413-1": SectionKind.DRUG_FACTS,  # questions
    "50570-1": SectionKind.WARNINGS,  # do not use
    "50569-3": SectionKind.WARNINGS,  # ask doctor
    "50568-5": SectionKind.WARNINGS,  # ask doctor or pharmacist
    "50567-7": SectionKind.WARNINGS,  # when using
    "50566-9": SectionKind.WARNINGS,  # stop use
    "50565-1": SectionKind.WARNINGS,  # keep out of reach of children
    "53414-9": SectionKind.WARNINGS,  # pregnancy or breast feeding
}
# Titles for sections that carry none of their own (otherwise the label's title is used).
UNTITLED: dict[str, str] = {
    "43683-2": "Recent major changes",
    "42229-5": "Other label text",
    "34092-7": "Clinical studies",
    "34093-5": "References",
    "43680-8": "Nonclinical toxicology",
    "59845-8": "Instructions for use",
}
# Nested sections that become sections of their own (their kind differs from the parent's).
PROMOTED = frozenset({"43679-0"})
# Sections that are not label text: product data (read below), indexing, carton panels.
NOT_TEXT = frozenset({"48780-1", "48779-3", "51945-4"})
PRODUCT_DATA = "48780-1"
ACTIVE_CLASSES = frozenset({"ACTIB", "ACTIM", "ACTIR"})

_BLOCK_PARENTS = frozenset({"text", "section", "item", "td", "th"})


def parse(data: bytes, origin: str) -> LabelRecord:
    """The label in ``data`` (an SPL XML document); ``LabelError`` says why it is not one."""
    if len(data) > MAX_XML_BYTES:
        raise LimitExceeded(f"is larger than the limit of {size(MAX_XML_BYTES)} for one document")
    _refuse_doctype(data)
    root = _parse_bounded(data)
    if root.tag != NS + "document":
        local = root.tag.rsplit("}", 1)[-1]
        raise LabelError(f"is not an SPL document (its root element is <{local}>)")
    return _Document(root, origin).label()


class _RootReached(Exception):
    pass


def _refuse_doctype(data: bytes) -> None:
    """Refuse a DOCTYPE or entity declaration wherever it stands before the root element.

    Expat reads only the prolog here (it stops at the first element), however long the
    comments or processing instructions before it; XML allows a DOCTYPE nowhere else.
    """

    def refuse(*args: object) -> None:
        raise LabelError("has a DOCTYPE or entity declaration, which no SPL document has")

    def root_reached(*args: object) -> None:
        raise _RootReached

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = root_reached
    try:
        parser.Parse(data, True)
    except _RootReached:
        return
    except expat.ExpatError:
        return  # reported by the real parse, with its position


def _parse_bounded(data: bytes) -> ET.Element:
    """Parse ``data`` as a stream, refusing it as soon as it nests past ``MAX_XML_DEPTH``, so
    the recursive rendering below never meets a document deep enough to exhaust the stack."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    root: ET.Element | None = None
    try:
        for at in range(0, len(data), 1 << 16):
            parser.feed(data[at : at + (1 << 16)])
            for event, element in parser.read_events():  # type: ignore[misc]
                if event == "start":
                    depth += 1
                    if depth > MAX_XML_DEPTH:
                        raise LimitExceeded(
                            f"nests elements deeper than the limit of {MAX_XML_DEPTH} levels"
                        )
                else:
                    depth -= 1
                    if isinstance(element, ET.Element):
                        root = element
        parser.close()
    except ET.ParseError as error:
        raise LabelError(f"is not well-formed XML, perhaps truncated ({error})") from None
    if root is None:
        raise LabelError("is not well-formed XML, perhaps truncated (no root element)")
    return root


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _text(element: ET.Element | None) -> str:
    return tidy("".join(element.itertext())) if element is not None else ""


def _date(value: str | None) -> date | None:
    if not value or len(value) < 8 or not value[:8].isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


@dataclass
class _Products:
    names: dict[str, str] = field(default_factory=dict)
    generics: dict[str, str] = field(default_factory=dict)
    ingredients: dict[str, IngredientRef] = field(default_factory=dict)
    precise: dict[str, str] = field(default_factory=dict)
    count: int = 0


class _Document:
    def __init__(self, root: ET.Element, origin: str) -> None:
        self.root = root
        self.origin = origin
        self.media = {
            media.get("ID", ""): _text(media.find(NS + "text"))
            for media in root.iter(NS + "observationMedia")
        }

    def _required(self, tag: str, attribute: str) -> str:
        element = self.root.find(NS + tag)
        value = element.get(attribute) if element is not None else None
        if not value:
            raise LabelError(f"has no <{tag}> {attribute}, so it cannot be identified")
        return value.strip()

    def label(self) -> LabelRecord:
        code = self.root.find(NS + "code")
        doc_type = tidy(code.get("displayName", "")) if code is not None else ""
        type_code = code.get("code", "") if code is not None else ""
        body = self.root.find(f"{NS}component/{NS}structuredBody")
        top = (
            [] if body is None else [c.find(NS + "section") for c in body.findall(NS + "component")]
        )
        top_sections = [s for s in top if s is not None]
        products = _Products()
        for section in top_sections:
            if _code(section) == PRODUCT_DATA:
                _read_products(section, products)
        if doc_type.lower().startswith("indexing") or not products.count:
            described = f"an SPL {doc_type!r} document" if doc_type else "an SPL document"
            raise LabelError(
                f"is not a product label: {described} (LOINC {type_code or 'unknown'}) "
                "with no product data"
            )
        set_id = self._required("setId", "root")
        document_id = self._required("id", "root")
        version = self._required("versionNumber", "value")
        when = self.root.find(NS + "effectiveTime")
        effective = _date(when.get("value") if when is not None else None)
        names = list(products.names.values())
        title = _text(self.root.find(NS + "title"))
        if not title:
            named = ", ".join(names) or "unnamed product"
            title = f"{named}: {doc_type.lower() or 'label'} (the document has no title)"
        provenance: dict[str, Any] = {
            "source": SOURCE_KEY,
            "document_id": document_id,
            "document_title": title,
            "set_id": set_id,
            "version": version,
            "effective_date": effective,
            "url": label_url(set_id),
        }
        sections = []
        for section in top_sections:
            for kind, section_title, markup in self._sections(section):
                safe = sanitise_html(markup)
                text = html_to_text(safe)
                if text:
                    sections.append(SectionRecord(kind, section_title, safe, text, **provenance))
        if not sections:
            raise LabelError("has no label text in any section")
        return LabelRecord(
            source=SOURCE_KEY,
            set_id=set_id,
            document_id=document_id,
            version=version,
            effective_date=effective,
            document_title=title,
            product_names=tuple(names),
            generic_names=tuple(products.generics.values()),
            ingredients=tuple(products.ingredients.values()),
            precise_names=tuple(products.precise.values()),
            sections=tuple(sections),
            origin=self.origin,
            products=label_products(self.root),
        )

    # -- sections -------------------------------------------------------------------------

    def _sections(self, section: ET.Element) -> list[tuple[str, str, str]]:
        """(kind, title, markup) for a top-level section and any section promoted out of it."""
        code = _code(section)
        if code in NOT_TEXT:
            return []
        kind = SECTION_KINDS.get(code, SectionKind.OTHER)
        title = _text(section.find(NS + "title"))
        if not title:
            title = UNTITLED.get(code) or kind.label
        out: list[str] = []
        promoted: list[tuple[str, str, str]] = []
        self._body(section, kind, 0, out, promoted)
        return [(kind.value, title, "".join(out)), *promoted]

    def _body(
        self,
        section: ET.Element,
        kind: SectionKind,
        depth: int,
        out: list[str],
        promoted: list[tuple[str, str, str]],
    ) -> None:
        text = section.find(NS + "text")
        if text is not None:
            out.append(_Narrative(self.media).render(text))
        for component in section.findall(NS + "component"):
            child = component.find(NS + "section")
            if child is None:
                continue
            code = _code(child)
            if code in NOT_TEXT:
                continue
            child_kind = SECTION_KINDS.get(code, SectionKind.OTHER)
            if code in PROMOTED and child_kind != kind:
                promoted.extend(self._sections(child))
                continue
            heading = _text(child.find(NS + "title"))
            if heading:
                level = min(depth + 3, 6)
                out.append(f"<h{level}>{html.escape(heading)}</h{level}>")
            self._body(child, kind, depth + 1, out, promoted)


def _code(section: ET.Element) -> str:
    code = section.find(NS + "code")
    return (code.get("code") or "").strip() if code is not None else ""


# -- product data ---------------------------------------------------------------------------


def _read_products(section: ET.Element, products: _Products) -> None:
    for subject in section.findall(NS + "subject"):
        for outer in subject.findall(NS + "manufacturedProduct"):
            for inner in list(outer):
                if _local(inner) in ("manufacturedProduct", "manufacturedMedicine"):
                    products.count += 1
                    _read_product(inner, products, top=True)


def _product_name(product: ET.Element) -> str:
    name = product.find(NS + "name")
    if name is None:
        return ""
    suffix = _text(name.find(NS + "suffix"))
    base = tidy(name.text or "")
    return tidy(f"{base} {suffix}") if suffix else base


def _read_product(product: ET.Element, products: _Products, top: bool) -> None:
    name = _product_name(product)
    if top and name:
        products.names.setdefault(normalise(name), name)
    generics = product.iterfind(f"{NS}asEntityWithGeneric/{NS}genericMedicine/{NS}name")
    for generic in generics if top else ():  # a kit's parts (an alcohol swab) name no product
        value = _text(generic)
        if value:
            products.generics.setdefault(normalise(value), value)
    for ingredient in product.findall(NS + "ingredient"):
        if ingredient.get("classCode") in ACTIVE_CLASSES:
            _read_ingredient(ingredient.find(NS + "ingredientSubstance"), products)
    for ingredient in product.findall(NS + "activeIngredient"):  # SPL before 2009
        _read_ingredient(ingredient.find(NS + "activeIngredientSubstance"), products)
    for part in product.iterfind(f"{NS}part/{NS}partProduct"):
        _read_product(part, products, top=False)


def _read_ingredient(substance: ET.Element | None, products: _Products) -> None:
    if substance is None:
        return
    name = _text(substance.find(NS + "name"))
    unii = _unii(substance)
    moiety = substance.find(f"{NS}activeMoiety/{NS}activeMoiety")
    base_name, base_unii = (name, unii)
    if moiety is not None and _text(moiety.find(NS + "name")):
        base_name, base_unii = _text(moiety.find(NS + "name")), _unii(moiety)
    if not base_name:
        return
    key = normalise(base_name)
    if key not in products.ingredients:
        products.ingredients[key] = IngredientRef(base_name.lower(), base_unii)
    if name and normalise(name) != key:
        products.precise.setdefault(normalise(name), name.lower())


def _unii(substance: ET.Element) -> str | None:
    code = substance.find(NS + "code")
    if code is None or code.get("codeSystem") != UNII_SYSTEM:
        return None
    return (code.get("code") or "").strip() or None


# -- narrative markup -----------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")


def _escape(text: str) -> str:
    """Narrative text as HTML: whitespace (line breaks included) is one space, as in HTML."""
    return html.escape(_WHITESPACE.sub(" ", text), quote=False)


_STYLE_TAGS = {"bold": "b", "italics": "i", "underline": "u", "emphasis": "em"}


class _Narrative:
    """Renders an SPL ``<text>`` element as HTML (later reduced by the sanitiser)."""

    def __init__(self, media: dict[str, str]) -> None:
        self.media = media
        self.footnotes: list[str] = []
        self.footnote_ids: dict[str, int] = {}
        self.emitted = 0  # footnotes already written out (after a table)

    def render(self, text: ET.Element) -> str:
        out: list[str] = []
        self._children(text, out)
        self._flush_footnotes(out)
        return "".join(out)

    def _children(self, element: ET.Element, out: list[str]) -> None:
        self._children_except(element, out, "")

    def _element(self, element: ET.Element, parent: ET.Element, out: list[str]) -> None:
        tag = _local(element)
        if tag == "paragraph":
            out.append("<p>")
            caption = element.find(NS + "caption")
            if caption is not None and _text(caption):
                out.append(f"<b>{html.escape(_text(caption))}</b> ")
            self._children_except(element, out, "caption")
            out.append("</p>")
        elif tag == "list":
            name = "ol" if element.get("listType") == "ordered" else "ul"
            out.append(f"<{name}>")
            for item in element.findall(NS + "item"):
                out.append("<li>")
                caption = item.find(NS + "caption")
                if caption is not None and _text(caption):
                    out.append(html.escape(_text(caption)) + " ")
                self._children_except(item, out, "caption")
                out.append("</li>")
            out.append(f"</{name}>")
        elif tag == "table":
            self._table(element, out)
        elif tag in ("content", "linkHtml"):
            self._inline(element, tag, out)
        elif tag in ("sub", "sup"):
            out.append(f"<{tag}>")
            self._children(element, out)
            out.append(f"</{tag}>")
        elif tag == "br":
            out.append("<br>")
        elif tag == "renderMultiMedia":
            self._image(element, parent, out)
        elif tag == "footnote":
            self.footnotes.append(self._markup_of(element))
            number = len(self.footnotes)
            if element.get("ID"):
                self.footnote_ids[element.get("ID", "")] = number
            out.append(f"<sup>{number}</sup>")
        elif tag == "footnoteRef":
            ref = self.footnote_ids.get(element.get("IDREF", ""))
            if ref:
                out.append(f"<sup>{ref}</sup>")
        elif tag in ("caption", "col", "colgroup"):
            return  # captions are written by their parent; column widths are layout only
        else:
            self._children(element, out)

    def _children_except(self, element: ET.Element, out: list[str], skip: str) -> None:
        if element.text:
            out.append(_escape(element.text))
        for child in element:
            if _local(child) != skip:
                self._element(child, element, out)
            if child.tail:
                out.append(_escape(child.tail))

    def _inline(self, element: ET.Element, tag: str, out: list[str]) -> None:
        if tag == "linkHtml":
            href = (element.get("href") or "").strip()
            out.append(f'<a href="{html.escape(href)}">')
            self._children(element, out)
            out.append("</a>")
            return
        styles = [
            _STYLE_TAGS[s.lower()]
            for s in (element.get("styleCode") or "").split()
            if s.lower() in _STYLE_TAGS
        ]
        out.extend(f"<{s}>" for s in styles)
        self._children(element, out)
        out.extend(f"</{s}>" for s in reversed(styles))

    def _table(self, table: ET.Element, out: list[str]) -> None:
        start = len(self.footnotes)
        out.append("<table>")
        caption = table.find(NS + "caption")
        if caption is not None and _text(caption):
            out.append("<caption>")
            self._children(caption, out)
            out.append("</caption>")
        for part in table:
            name = _local(part)
            if name in ("thead", "tbody", "tfoot"):
                out.append(f"<{name}>")
                for row in part.findall(NS + "tr"):
                    self._row(row, out)
                out.append(f"</{name}>")
            elif name == "tr":
                self._row(part, out)
        out.append("</table>")
        if len(self.footnotes) > start:
            self._flush_footnotes(out)

    def _row(self, row: ET.Element, out: list[str]) -> None:
        out.append("<tr>")
        for cell in row:
            name = _local(cell)
            if name not in ("td", "th"):
                continue
            spans = "".join(
                f' {attr}="{cell.get(attr)}"'
                for attr in ("colspan", "rowspan")
                if (cell.get(attr) or "").isdigit()
            )
            out.append(f"<{name}{spans}>")
            self._children(cell, out)
            out.append(f"</{name}>")
        out.append("</tr>")

    def _image(self, element: ET.Element, parent: ET.Element, out: list[str]) -> None:
        caption = _text(element.find(NS + "caption")) or self.media.get(
            element.get("referencedObject", ""), ""
        )
        note = "[Image not included" + (f": {caption}]" if caption else "]")
        block = _local(parent) in _BLOCK_PARENTS
        out.append(
            f"<p><i>{html.escape(note)}</i></p>" if block else f" <i>{html.escape(note)}</i> "
        )

    def _markup_of(self, element: ET.Element) -> str:
        inner: list[str] = []
        self._children(element, inner)
        return "".join(inner)

    def _flush_footnotes(self, out: list[str]) -> None:
        for number in range(self.emitted + 1, len(self.footnotes) + 1):
            out.append(f"<p><sup>{number}</sup> {self.footnotes[number - 1]}</p>")
        self.emitted = len(self.footnotes)


# -- the products a label covers (issue 9) ----------------------------------------------------

NDC_SYSTEM = "2.16.840.1.113883.6.69"


def label_products(root: ET.Element) -> tuple[LabelProduct, ...]:
    """The products an SPL document's product data sections describe, each with its NDCs
    (product and package), dose form, route, strength, application number and ingredients
    (the active moieties, and the precise substances exactly as the label names them)."""
    body = root.find(f"{NS}component/{NS}structuredBody")
    if body is None:
        return ()
    found: list[LabelProduct] = []
    for component in body.findall(NS + "component"):
        section = component.find(NS + "section")
        if section is None or _code(section) != PRODUCT_DATA:
            continue
        for subject in section.findall(NS + "subject"):
            for outer in subject.findall(NS + "manufacturedProduct"):
                for inner in list(outer):
                    if _local(inner) in ("manufacturedProduct", "manufacturedMedicine"):
                        found.append(_label_product(outer, inner))
    return tuple(dict.fromkeys(found))


def _label_product(outer: ET.Element, product: ET.Element) -> LabelProduct:
    ndcs = [_ndc(product.find(NS + "code"))]
    ndcs += [_ndc(c) for c in product.iterfind(f".//{NS}containerPackagedProduct/{NS}code")]
    form = product.find(NS + "formCode")
    route = outer.find(f"{NS}consumedIn/{NS}substanceAdministration/{NS}routeCode")
    approval = outer.find(f"{NS}subjectOf/{NS}approval/{NS}id")
    moieties: dict[str, IngredientRef] = {}
    precise: dict[str, str] = {}
    strengths: list[str] = []
    if route is None:  # a kit states its route on its parts
        route = next(outer.iter(NS + "routeCode"), None)
    for ingredient in product.iter(NS + "ingredient"):  # a kit's actives are in its parts
        substance = ingredient.find(NS + "ingredientSubstance")
        if ingredient.get("classCode") not in ACTIVE_CLASSES or substance is None:
            continue
        name = _text(substance.find(NS + "name"))
        moiety = substance.find(f"{NS}activeMoiety/{NS}activeMoiety")
        base = _text(moiety.find(NS + "name")) if moiety is not None else ""
        base_unii = _unii(moiety) if moiety is not None and base else _unii(substance)
        base = base or name
        if not base:
            continue
        moieties.setdefault(normalise(base), IngredientRef(base.lower(), base_unii))
        if name:
            precise.setdefault(normalise(name), name.lower())
        numerator = ingredient.find(f"{NS}quantity/{NS}numerator")
        if numerator is not None and numerator.get("value"):
            strengths.append(f"{numerator.get('value')} {numerator.get('unit', '')}".strip())
    return LabelProduct(
        name=_product_name(product),
        ingredients=tuple(moieties.values()),
        precise_names=tuple(precise.values()),
        dose_form=(form.get("displayName") or "").lower() or None if form is not None else None,
        route=(route.get("displayName") or "").lower() or None if route is not None else None,
        strength=" / ".join(strengths) or None,
        ndcs=tuple(dict.fromkeys(n for n in ndcs if n)),
        application=(approval.get("extension") or "").strip() or None
        if approval is not None
        else None,
    )


def _ndc(code: ET.Element | None) -> str:
    if code is None or code.get("codeSystem") != NDC_SYSTEM:
        return ""
    return (code.get("code") or "").strip()
