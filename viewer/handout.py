"""A monograph -> a plain-language patient handout: its content, and escaped HTML to print.

Qt-free. Everything clinical on the sheet is text the catalogue holds, with its source: what the
medicine is used for (indications), optionally how it works (mechanism), how it is given (the
route terms of its product forms in plain words, and the forms), and what the patient should
know (the label's patient sections: Medication Guide, patient package insert, information for
patients, Drug Facts). Where the catalogue lacks a part, the sheet says so in one plain sentence;
nothing is filled in. Every field typed in the dialog and every piece of label text is escaped,
so a note written ``<script>`` prints as those characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from viewer import panels
from viewer.cleantext import clean_record
from viewer.model import CatalogueInfo, SourceKey
from viewer.monograph import Form, Monograph, Provenance, Section, SectionKind
from viewer.provenance import cite as provenance_cite
from viewer.routes import plain_routes
from viewer.sanitize import html_to_text, sanitise_html

# The label sections written for patients, in the order the sheet shows them.
PATIENT_KINDS: tuple[SectionKind, ...] = (
    SectionKind.MEDICATION_GUIDE,
    SectionKind.PATIENT_PACKAGE_INSERT,
    SectionKind.PATIENT_INFORMATION,
    SectionKind.DRUG_FACTS,
)

# Which source's product forms a patient sees first: written monographs and labels describe
# forms in words; the structured sources list every package.
FORM_SOURCE_PREFERENCE = (
    SourceKey.CURATED,
    SourceKey.SPL,
    SourceKey.OPENFDA,
    SourceKey.RXNORM,
    SourceKey.DRUGSATFDA,
)
MAX_FORMS = 10

CARE_TEAM_LINE = (
    "This sheet does not replace advice from your care team (your doctor, nurse or "
    "pharmacist). Ask them if you have any questions about your medicine."
)

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


class Part(StrEnum):
    """The parts of a handout a clinician can choose."""

    USED_FOR = "used_for"
    HOW_IT_WORKS = "how_it_works"
    HOW_GIVEN = "how_given"
    PATIENT_INFO = "patient_info"

    @property
    def label(self) -> str:
        return PART_LABELS[self]


PART_LABELS: dict[Part, str] = {
    Part.USED_FOR: "What it is used for",
    Part.HOW_IT_WORKS: "How it works",
    Part.HOW_GIVEN: "How it is given",
    Part.PATIENT_INFO: "What you should know",
}
DEFAULT_PARTS: frozenset[Part] = frozenset({Part.USED_FOR, Part.HOW_GIVEN, Part.PATIENT_INFO})


@dataclass(frozen=True, slots=True)
class TypeSizes:
    """Point sizes of the sheet's type; large print scales every one of them."""

    body: float
    title: float
    heading: float
    small: float


NORMAL_TYPE = TypeSizes(body=12, title=24, heading=17, small=10)
LARGE_TYPE = TypeSizes(body=18, title=32, heading=24, small=16)


def type_sizes(large_print: bool) -> TypeSizes:
    return LARGE_TYPE if large_print else NORMAL_TYPE


@dataclass(frozen=True, slots=True)
class HandoutOptions:
    """What the clinician adds or chooses; all optional."""

    clinic: str = ""
    patient: str = ""
    handout_date: date | None = None
    notes: str = ""
    parts: frozenset[Part] = DEFAULT_PARTS
    large_print: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One part of the sheet: a heading, its body as safe markup and as plain text."""

    heading: str
    html: str
    text: str
    part: Part | None = None  # None for the clinician's notes


@dataclass(frozen=True, slots=True)
class Handout:
    """The content of one handout, ready to render."""

    title: str
    names: tuple[tuple[str, str], ...]  # ("Brand name", "Avonex"), ("Medicine", "...")
    clinic: str
    patient: str
    date_text: str
    blocks: tuple[Block, ...]
    sources: tuple[str, ...]  # where every part came from
    dates: tuple[str, ...]  # information date, catalogue edition, printing date
    care_line: str = CARE_TEAM_LINE
    large_print: bool = False
    warnings: tuple[str, ...] = field(default=())  # for the clinician, not printed

    @property
    def running_footer(self) -> str:
        """The short line printed at the foot of every page."""
        if self.patient:
            return f"{self.title} · for {self.patient}"
        return f"{self.title} · information for patients"


# -- small helpers ----------------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape text for HTML, quotes included."""
    return html.escape(text, quote=True)


def plain_date(value: date) -> str:
    """A date every reader parses the same way: "8 May 2024"."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _escaped_paragraphs(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{esc(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


_HEADING_OPEN = re.compile(r"<h[1-6]>")
_HEADING_CLOSE = re.compile(r"</h[1-6]>")


def _section_markup(section: Section) -> str:
    """A label section as safe markup: sanitised again here, its headings set below ours.

    Qt scales ``<h1>``..``<h6>`` on top of any CSS size, so headings become styled paragraphs.
    """
    if section.html.strip():
        markup = sanitise_html(section.html)
    else:
        markup = _escaped_paragraphs(section.text)
    markup = _HEADING_OPEN.sub('<p class="subheading">', markup)
    return _HEADING_CLOSE.sub("</p>", markup)


def _starts_with_heading(markup: str, title: str) -> bool:
    """Whether a label section opens with its own heading saying ``title`` (in any case)."""
    match = re.match(r'\s*<p class="subheading">(.*?)</p>', markup, flags=re.DOTALL)
    if not match:
        return False
    heading = html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
    return " ".join(heading.split()).casefold() == " ".join(title.split()).casefold()


def cite(provenance: Provenance) -> str:
    """One line naming a section's source document, its version and date, in plain words
    (``viewer.provenance.cite`` without the label's set id, the date spelt out)."""
    return provenance_cite(provenance, ids=False, when=plain_date)


def _from_line(sections: tuple[Section, ...]) -> str:
    cited: list[str] = []
    for section in sections:
        line = cite(section.provenance)
        if line not in cited:
            cited.append(line)
    return "From: " + "; ".join(cited) + "."


def _sections_block(part: Part, sections: tuple[Section, ...], missing: str) -> Block:
    if not sections:
        return Block(part.label, f'<p class="missing">{esc(missing)}</p>', missing, part)
    bodies, texts = [], []
    for section in sections:
        markup = _section_markup(section)
        title = section.title.strip()
        show_title = len(sections) > 1 or part is Part.PATIENT_INFO
        if show_title and title and not _starts_with_heading(markup, title):
            bodies.append(f'<p class="subheading">{esc(title)}</p>')
            texts.append(title)
        bodies.append(markup)
        texts.append(html_to_text(markup))
    source = _from_line(sections)
    bodies.append(f'<p class="from">{esc(source)}</p>')
    texts.append(source)
    return Block(part.label, "".join(bodies), "\n".join(texts), part)


# -- how it is given --------------------------------------------------------------------------


def chosen_forms(monograph: Monograph) -> tuple[Form, ...]:
    """The forms of the most descriptive source that has any (all forms if none is ranked)."""
    for source in FORM_SOURCE_PREFERENCE:
        forms = tuple(f for f in monograph.forms if f.provenance.source == source)
        if forms:
            return forms
    return monograph.forms


def given_forms(monograph: Monograph) -> tuple[Form, ...]:
    """The forms "how it is given" speaks of: those the monograph's labels cover or serve
    (when a label says), marketed ones before discontinued ones, else ``chosen_forms``."""
    labelled = sorted({i for c in monograph.labels for i in (*c.covers, *c.serves)})
    pool = tuple(monograph.forms[i] for i in labelled) or chosen_forms(monograph)
    marketed = tuple(f for f in pool if (f.marketing_status or "").lower() != "discontinued")
    return marketed or pool


def form_line(form: Form) -> str:
    parts = [p for p in (form.dose_form, form.strength) if p]
    line = ", ".join(parts) or form.product_name or "Form not stated"
    if form.note:
        line += f" ({form.note})"
    return line[0].upper() + line[1:]


def _how_given_block(monograph: Monograph) -> Block:
    title = monograph.title
    forms = given_forms(monograph)
    routes = plain_routes([f.route for f in forms])
    if not routes and not any(c.covers or c.serves for c in monograph.labels):
        routes = plain_routes([f.route for f in monograph.forms])
    bodies: list[str] = []
    texts: list[str] = []
    if len(routes) == 1:
        sentence = f"{title} is {routes[0].sentence_part()}."
        bodies.append(f"<p>{esc(sentence)}</p>")
        texts.append(sentence)
    elif routes:
        sentence = f"{title} comes in forms that are used in different ways. It can be:"
        items = [r.sentence_part() for r in routes]
        bodies.append(f"<p>{esc(sentence)}</p><ul>")
        bodies += [f"<li>{esc(item)}</li>" for item in items]
        bodies.append("</ul>")
        texts += [sentence, *items]
    else:
        sentence = f"This catalogue does not say how {title} is given."
        bodies.append(f'<p class="missing">{esc(sentence)}</p>')
        texts.append(sentence)

    lines: list[str] = []
    for form in forms:
        line = form_line(form)
        if line not in lines:
            lines.append(line)
    if lines:
        intro = f"{title} comes as:"
        shown = lines[:MAX_FORMS]
        bodies.append(f"<p>{esc(intro)}</p><ul>")
        bodies += [f"<li>{esc(line)}</li>" for line in shown]
        if len(lines) > len(shown):
            more = f"and {len(lines) - len(shown)} more forms listed in the catalogue"
            bodies.append(f"<li>{esc(more)}</li>")
            shown = [*shown, more]
        bodies.append("</ul>")
        texts += [intro, *shown]
    else:
        sentence = panels.no_forms_sentence(title)
        bodies.append(f'<p class="missing">{esc(sentence)}</p>')
        texts.append(sentence)
    return Block(Part.HOW_GIVEN.label, "".join(bodies), "\n".join(texts), Part.HOW_GIVEN)


# -- the handout ------------------------------------------------------------------------------


def _missing_patient_sentence(title: str) -> str:
    return (
        f"This catalogue has no patient information (such as a Medication Guide) for {title}. "
        "Ask your pharmacist for the leaflet that comes with the medicine."
    )


def _patient_sections(monograph: Monograph) -> tuple[Section, ...]:
    return tuple(s for kind in PATIENT_KINDS for s in monograph.sections_of(kind))


def _build_date(catalogue: CatalogueInfo) -> str:
    try:
        return plain_date(date.fromisoformat(catalogue.build_date[:10]))
    except ValueError:
        return catalogue.build_date or "date not recorded"


def _source_lines(
    monograph: Monograph,
    used: tuple[Section, ...],
    forms_used: bool,
    catalogue: CatalogueInfo | None,
) -> tuple[str, ...]:
    lines: list[str] = []
    review = monograph.review
    forms = chosen_forms(monograph) if forms_used else ()
    curated = [s for s in used if s.provenance.source == SourceKey.CURATED]
    if review and (curated or any(f.provenance.source == SourceKey.CURATED for f in forms)):
        origin = review.source_name or "a source not named"
        if review.source_title:
            origin += f", “{review.source_title}”"
        line = f"Written from {origin}."
        who = ", ".join(p for p in (review.reviewed_by, review.credentials) if p)
        if who:
            line += f" Reviewed by {who}"
            line += f" on {plain_date(review.reviewed_on)}." if review.reviewed_on else "."
        if review.updated_on:
            line += f" Last updated {plain_date(review.updated_on)}."
        lines.append(line)
    cited: dict[str, list[str]] = {}  # one line per document, naming the parts it gave
    for section in used:
        if section.provenance.source == SourceKey.CURATED and review:
            continue
        parts = cited.setdefault(cite(section.provenance), [])
        title = section.title or section.kind.label
        if title not in parts:
            parts.append(title)
    lines += [f"{document} ({'; '.join(parts)})." for document, parts in cited.items()]
    form_sources: dict[str, Provenance] = {}
    for form in forms:
        if form.provenance.source == SourceKey.CURATED and review:
            continue  # the same written source as the line above
        form_sources.setdefault(form.provenance.source, form.provenance)
    editions = {s.key: s for s in catalogue.sources} if catalogue else {}
    for key, provenance in form_sources.items():
        title = provenance.source_title or (editions[key].title if key in editions else key)
        when = provenance.edition or (editions[key].edition if key in editions else "")
        lines.append(f"Product forms: {title}" + (f", edition {when}." if when else "."))
    return tuple(lines)


def build_handout(
    monograph: Monograph,
    catalogue: CatalogueInfo | None = None,
    options: HandoutOptions | None = None,
    today: date | None = None,
) -> Handout:
    """The handout for ``monograph``: only text the catalogue holds, each part with its source.

    The catalogue's text is cleaned of control characters and bidirectional overrides first:
    imports remove them, but a catalogue made elsewhere may still hold them, and on paper a
    right-to-left override turns "evil" into "live". What the user types is printed as typed.
    """
    monograph = clean_record(monograph)
    options = options or HandoutOptions()
    today = today or date.today()
    title = monograph.title
    blocks: list[Block] = []
    used: list[Section] = []

    def add_sections(part: Part, sections: tuple[Section, ...], missing: str) -> None:
        if part in options.parts:
            blocks.append(_sections_block(part, sections, missing))
            used.extend(sections)

    add_sections(
        Part.USED_FOR,
        monograph.sections_of(SectionKind.INDICATIONS),
        panels.missing_sentence(SectionKind.INDICATIONS, title),
    )
    add_sections(
        Part.HOW_IT_WORKS,
        monograph.sections_of(SectionKind.MECHANISM),
        panels.missing_sentence(SectionKind.MECHANISM, title),
    )
    if Part.HOW_GIVEN in options.parts:
        blocks.append(_how_given_block(monograph))
    add_sections(Part.PATIENT_INFO, _patient_sections(monograph), _missing_patient_sentence(title))
    notes = options.notes.strip()
    if notes:
        blocks.append(
            Block("Notes from your care team", _escaped_paragraphs(notes), notes, part=None)
        )

    names: list[tuple[str, str]] = []
    if monograph.brands:
        label = "Brand name" if len(monograph.brands) == 1 else "Brand names"
        names.append((label, ", ".join(monograph.brands)))
    ingredients = monograph.ingredient_names
    if ingredients:
        label = "Medicine in it" if len(ingredients) == 1 else "Medicines in it"
        names.append((label, ", ".join(ingredients)))

    dates: list[str] = []
    newest = panels.content_date(monograph)
    if newest:
        dates.append(f"Information last reviewed or updated: {plain_date(newest)}.")
    else:
        dates.append("Information date: not recorded in this catalogue.")
    if catalogue:
        dates.append(
            f"Catalogue edition: built {_build_date(catalogue)} by drugview "
            f"{catalogue.app_version or 'unknown version'}."
        )
    else:
        dates.append("Catalogue edition: not known.")
    dates.append(f"Printed {plain_date(today)}.")

    notice = panels.staleness_notice(monograph, today)
    return Handout(
        title=title,
        names=tuple(names),
        clinic=options.clinic.strip(),
        patient=options.patient.strip(),
        date_text=plain_date(options.handout_date) if options.handout_date else "",
        blocks=tuple(blocks),
        sources=_source_lines(monograph, tuple(used), Part.HOW_GIVEN in options.parts, catalogue),
        dates=tuple(dates),
        large_print=options.large_print,
        warnings=(notice,) if notice else (),
    )


# -- rendering --------------------------------------------------------------------------------


def stylesheet(large_print: bool) -> str:
    """The sheet's CSS, in the subset Qt's rich text understands."""
    size = type_sizes(large_print)
    return (
        f"body {{ font-size: {size.body}pt; color: #000000; }}"
        f"p, li {{ font-size: {size.body}pt; }}"
        "p { margin-top: 0; margin-bottom: 0.5em; }"
        "li { margin-bottom: 0.25em; }"
        f".title {{ font-size: {size.title}pt; font-weight: bold; margin-bottom: 0.1em; }}"
        f".heading {{ font-size: {size.heading}pt; font-weight: bold; margin-top: 0.5em;"
        " margin-bottom: 0.25em; }"
        f".subheading {{ font-size: {size.body}pt; font-weight: bold; margin-top: 0.4em;"
        " margin-bottom: 0.2em; }"
        f".clinic {{ font-size: {size.small}pt; color: #333333; margin-bottom: 0.4em; }}"
        f".names {{ font-size: {size.body}pt; margin-bottom: 0.6em; }}"
        f".patient {{ font-size: {size.body}pt; }}"
        ".missing { font-style: italic; }"
        f".from {{ font-size: {size.small}pt; color: #333333; }}"
        f".footer {{ font-size: {size.small}pt; margin-bottom: 0.2em; }}"
        f".care {{ font-size: {size.body}pt; font-weight: bold; margin-top: 0.8em;"
        " margin-bottom: 0.6em; }"
        f".sources {{ font-size: {size.small}pt; font-weight: bold; margin-top: 0.4em;"
        " margin-bottom: 0.2em; }"
        "td, th { vertical-align: top; }"
    )


def handout_html(handout: Handout) -> str:
    """The handout as one self-contained HTML document; every piece of text escaped."""
    out = [
        '<!DOCTYPE html><html><head><meta charset="utf-8">',
        f"<title>{esc(handout.title)}</title>",
        f"<style>{stylesheet(handout.large_print)}</style></head><body>",
    ]
    if handout.clinic:
        out.append(f'<p class="clinic">{esc(handout.clinic)}</p><hr>')
    out.append(f'<p class="title">{esc(handout.title)}</p>')
    out.append('<p class="names">' + "<br>".join(
        f"{esc(label)}: <b>{esc(value)}</b>" for label, value in handout.names
    ) + "</p>")  # fmt: skip
    who = []
    if handout.patient:
        who.append(f"For: <b>{esc(handout.patient)}</b>")
    if handout.date_text:
        who.append(f"Date: <b>{esc(handout.date_text)}</b>")
    if who:
        out.append(
            '<table class="patient" width="100%" border="1" cellspacing="0" cellpadding="6"'
            ' style="border-collapse: collapse"><tr><td>'
            + "&nbsp;&nbsp;&nbsp;&nbsp;".join(who)
            + "</td></tr></table>"
        )
    for block in handout.blocks:
        if block.part is None:  # the clinician's notes stand out in a box
            out.append(f'<p class="heading">{esc(block.heading)}</p>')
            out.append(
                '<table width="100%" border="1" cellspacing="0" cellpadding="8"'
                ' style="border-collapse: collapse"><tr><td>' + block.html + "</td></tr></table>"
            )
            continue
        out.append(f'<p class="heading">{esc(block.heading)}</p>{block.html}')
    out.append(f'<p class="care">{esc(handout.care_line)}</p>')
    out.append('<hr><p class="sources">Where this information comes from</p>')
    out += [f'<p class="footer">{esc(line)}</p>' for line in handout.sources]
    out.append(f'<p class="footer">{esc(" ".join(handout.dates))}</p>')
    out.append("</body></html>")
    return "".join(out)


def handout_text(handout: Handout) -> str:
    """The handout as plain text, in reading order (what a printed page should say)."""
    lines = [handout.clinic] if handout.clinic else []
    lines.append(handout.title)
    lines += [f"{label}: {value}" for label, value in handout.names]
    if handout.patient:
        lines.append(f"For: {handout.patient}")
    if handout.date_text:
        lines.append(f"Date: {handout.date_text}")
    for block in handout.blocks:
        lines += ["", block.heading, block.text]
    lines += ["", handout.care_line, "", "Where this information comes from", *handout.sources]
    lines.append(" ".join(handout.dates))
    return "\n".join(lines) + "\n"
