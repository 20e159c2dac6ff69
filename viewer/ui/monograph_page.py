"""The monograph as one HTML page of panels, for the window's text view. Qt-free.

In reading order: the header (names, ingredients, the established pharmacologic class its
labels state, an age notice); the curated monograph's panels when there is one (overview, how
it works, what it is used for); then one label at a time (``label``: the reader switches; the
brand's label first, see ``viewer.label_layout``): a line naming the label, its boxed warning
first and unmistakable, its sections under the headings clinicians look for, one line naming
the headings it has no text for, and the rest of its text; then how it is given and in which
forms (every product row); then review and sources. ``contents()`` lists the panels' anchors
for the window's section list. Every panel says where its text came from. Label HTML is
sanitised again here, whatever the catalogue holds, and every other string is escaped, so no
text in a catalogue can add markup, a link target or a remote resource.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

from viewer import panels
from viewer.coverage import label_note as coverage_note
from viewer.coverage import row_name
from viewer.label_layout import CLINICAL_HEADINGS, LabelDoc, labels_of
from viewer.model import SourceEdition, SourceKey
from viewer.monograph import Form, Monograph, Provenance, Section, SectionKind
from viewer.provenance import cite_parts
from viewer.sanitize import sanitise_html
from viewer.ui.theme import Theme

MAX_NDCS_SHOWN = 3

_SHORT_SOURCE_NAMES: dict[str, str] = {
    SourceKey.RXNORM: "RxNorm",
    SourceKey.DRUGSATFDA: "Drugs@FDA",
}

# The curated monograph's own panels (text written from a named, reviewed source).
MAIN_PANELS = (
    (SectionKind.MECHANISM, "How it works"),
    (SectionKind.INDICATIONS, "What it is used for"),
)
CLASS_KINDS = {"epc": "Established pharmacologic class", "moa": "Mechanism of action class"}


def _cite(provenance: Provenance, editions: dict[str, SourceEdition]) -> str:
    """Where a section came from, on one line (``viewer.provenance.cite``). A label is named by
    its kind and ids here; its (cleaned) title heads its part of the page and its line under
    Review and sources."""
    parts = cite_parts(provenance, editions.get(provenance.source), short=True)
    return " · ".join(escape(p) for p in parts)


class MonographPage:
    """Builds the HTML for one monograph, showing label number ``label`` of its labels."""

    def __init__(
        self,
        monograph: Monograph,
        editions: dict[str, SourceEdition],
        today: date,
        theme: Theme | None = None,
        label: int = 0,
    ) -> None:
        self.monograph = monograph
        self.editions = editions
        self.today = today
        self.theme = theme or Theme()
        self.labels: list[LabelDoc] = labels_of(monograph)
        self.label_index = min(max(label, 0), max(len(self.labels) - 1, 0))
        self.own_sections = tuple(s for s in monograph.sections if not s.provenance.set_id)
        self._contents: list[tuple[str, str]] = []

    @property
    def label(self) -> LabelDoc | None:
        return self.labels[self.label_index] if self.labels else None

    # -- building blocks ----------------------------------------------------------------------

    def _panel(self, title: str, body: str, anchor: str) -> str:
        t = self.theme
        self._contents.append((anchor, title))
        return (
            f'<a name="{anchor}"></a>'
            f'<table width="100%" cellspacing="0" cellpadding="10" '
            f'style="margin-top:10px; border:1px solid {t.border}; background-color:{t.panel};">'
            f'<tr><td><h2 style="margin:0 0 6px 0;">{escape(title)}</h2>{body}</td></tr></table>'
        )

    def _source_line(self, section: Section) -> str:
        return (
            f'<p style="color:{self.theme.muted}; font-size:small; margin-top:4px;">'
            f"Source: {_cite(section.provenance, self.editions)}</p>"
        )

    def _sections_body(self, sections: tuple[Section, ...], show_titles: bool = False) -> str:
        parts = []
        for section in sections:
            if show_titles:
                parts.append(f"<h3>{escape(section.title)}</h3>")
            parts.append(sanitise_html(section.html))
            parts.append(self._source_line(section))
        return "".join(parts)

    def _muted(self, text: str) -> str:
        return f'<p style="color:{self.theme.muted};"><i>{escape(text)}</i></p>'

    def _banner(self, text: str, background: str, colour: str) -> str:
        return (
            f'<table width="100%" cellspacing="0" cellpadding="8" '
            f'style="background-color:{background}; border:1px solid {colour};">'
            f'<tr><td style="color:{colour};"><b>{escape(text)}</b></td></tr></table>'
        )

    # -- header -------------------------------------------------------------------------------

    def header(self) -> str:
        m = self.monograph
        lines = [f"<h1>{escape(m.title)}</h1>"]
        facts = []
        if m.brands:
            facts.append("Brand: " + escape(", ".join(m.brands)))
        elif m.kind == "generic":
            facts.append("Generic product (no brand)")
        ingredient_bits = []
        for ingredient in m.ingredients:
            codes = [
                c
                for c in (
                    ingredient.unii and f"UNII {ingredient.unii}",
                    ingredient.rxcui and f"RxCUI {ingredient.rxcui}",
                )
                if c
            ]
            bit = f"<b>{escape(ingredient.name)}</b>"
            if codes:
                bit += (
                    f' <span style="color:{self.theme.muted};">({escape(", ".join(codes))})</span>'
                )
            ingredient_bits.append(bit)
        facts.append("Active ingredient: " + (", ".join(ingredient_bits) or "not stated"))
        for kind, heading in CLASS_KINDS.items():
            names = [c.name for c in m.pharm_classes if c.kind == kind]
            if names:
                facts.append(
                    f"{heading}: <b>{escape(', '.join(names))}</b>"
                    f' <span style="color:{self.theme.muted};">(as its label states)</span>'
                )
        lines.append("<p>" + "<br>".join(facts) + "</p>")
        notice = panels.staleness_notice(m, self.today)
        if notice:
            lines.append(self._banner(notice, self.theme.notice_background, self.theme.notice_text))
        return "".join(lines)

    # -- the curated monograph ----------------------------------------------------------------

    def overview(self) -> str:
        sections = tuple(s for s in self.own_sections if s.kind == SectionKind.OVERVIEW)
        if not sections:
            return ""
        return self._panel(
            sections[0].title or "Overview", self._sections_body(sections), "overview"
        )

    def own_panels(self) -> str:
        """The curated text's panels; absent when the monograph has none of its own."""
        parts = []
        for kind, title in MAIN_PANELS:
            sections = tuple(s for s in self.own_sections if s.kind == kind)
            if sections:
                parts.append(self._panel(title, self._sections_body(sections), kind.value))
        return "".join(parts)

    # -- one label ----------------------------------------------------------------------------

    def label_line(self) -> str:
        label = self.label
        if label is None:
            return ""
        count = len(self.labels)
        which = f"Label {self.label_index + 1} of {count}" if count > 1 else "Label"
        t = self.theme
        self._contents.append(("label", f"{which}: {label.title}"))
        return (
            f'<a name="label"></a><h2 style="margin-top:16px;">{escape(which)}:'
            f" {escape(label.title)}</h2>"
            f'<p style="color:{t.muted};">{_cite(label.provenance, self.editions)}'
            + (" · the others are listed under Review and sources" if count > 1 else "")
            + "</p>"
            + self.label_note(label)
        )

    def label_note(self, label: LabelDoc) -> str:
        """Which of the monograph's products this label's text is for, and which it is not
        (``viewer.coverage``); nothing for text that is no label's."""
        coverage = self.monograph.label(label.provenance.set_id)
        if coverage is None:
            return ""
        note = escape(coverage_note(self.monograph, coverage))
        return f'<p style="color:{self.theme.muted};">{note}</p>'

    def boxed_warning(self) -> str:
        label = self.label
        sections = label.sections_of((SectionKind.BOXED_WARNING,)) if label else ()
        if not sections:
            return ""
        t = self.theme
        self._contents.append(("boxed_warning", "Boxed warning"))
        return (
            '<a name="boxed_warning"></a>'
            f'<table width="100%" cellspacing="0" cellpadding="10" style="margin-top:10px; '
            f'border:3px solid {t.warning_text}; background-color:{t.warning_background};">'
            f'<tr><td><h2 style="color:{t.warning_text}; margin:0;">&#9888; Boxed warning</h2>'
            f"{self._sections_body(sections)}</td></tr></table>"
        )

    def label_panels(self) -> str:
        label = self.label
        if label is None:
            return ""
        parts = []
        for number, (heading, kinds) in enumerate(CLINICAL_HEADINGS):
            sections = label.sections_of(kinds)
            if sections:
                show_titles = len({s.kind for s in sections}) > 1 or len(sections) > 1
                body = self._sections_body(sections, show_titles)
                parts.append(self._panel(heading, body, f"h{number}"))
        missing = label.missing()
        if missing:
            parts.append(
                self._muted(
                    "No text in this label for: " + ", ".join(m.lower() for m in missing) + "."
                )
            )
        others = label.others()
        if others:
            parts.append(
                self._panel("More from the label", self._sections_body(others, True), "more")
            )
        return "".join(parts)

    def no_text(self) -> str:
        """One line for a monograph with neither curated nor label text."""
        if self.labels or self.own_sections:
            return ""
        headings = ", ".join(h.lower() for h, _ in CLINICAL_HEADINGS)
        return self._muted(
            f"This catalogue has no label or reviewed text for {self.monograph.title}"
            f" (no {headings}); only the product data below."
        )

    # -- forms, review ------------------------------------------------------------------------

    def administration(self) -> str:
        own = tuple(s for s in self.own_sections if s.kind == SectionKind.ADMINISTRATION)
        forms_text = tuple(s for s in self.own_sections if s.kind == SectionKind.DOSAGE_FORMS)
        body = self._sections_body(own) if own else ""
        if forms_text:
            body += "<h3>Dosage forms and strengths</h3>" + self._sections_body(forms_text)
        body += "<h3>Forms</h3>" + self.forms_table()
        return self._panel("How it is given, and in which forms", body, "administration")

    def forms_table(self) -> str:
        forms = self.monograph.forms
        if not forms:
            return f"<p><i>{escape(panels.no_forms_sentence(self.monograph.title))}</i></p>"
        t = self.theme
        head = "".join(
            f'<th align="left" style="border-bottom:1px solid {t.border};">{h}</th>'
            for h in ("Product", "Dose form", "Strength", "Route", "Package / NDC", "Source")
        )
        rows = "".join(self._form_row(form) for form in forms)
        return f'<table width="100%" cellspacing="0" cellpadding="3"><tr>{head}</tr>{rows}</table>'

    def _form_row(self, form: Form) -> str:
        muted = self.theme.muted
        not_stated = f'<span style="color:{muted};">not stated</span>'

        def cell(value: str | None) -> str:
            return f"<td>{escape(value) if value else not_stated}</td>"

        package = []
        if form.package:
            package.append(escape(form.package))
        if form.ndcs:
            shown = ", ".join(form.ndcs[:MAX_NDCS_SHOWN])
            extra = len(form.ndcs) - MAX_NDCS_SHOWN
            package.append("NDC " + escape(shown) + (f" +{extra} more" if extra > 0 else ""))
        source = [self._source_name(form.provenance.source)]
        for value in (form.application, form.marketing_status, form.sponsor):
            if value:
                source.append(value)
        note = f'<br><span style="color:{muted};">{escape(form.note)}</span>' if form.note else ""
        return (
            "<tr>"
            + cell(row_name(replace(form, dose_form=None, strength=None)))  # with its salt
            + cell(form.dose_form)
            + cell(form.strength)
            + cell(form.route)
            + f"<td>{'<br>'.join(package) or not_stated}</td>"
            + f'<td style="color:{muted};">{escape(" · ".join(source))}{note}</td>'
            + "</tr>"
        )

    def _source_name(self, key: str) -> str:
        edition = self.editions.get(key)
        if key == SourceKey.CURATED:
            return "Curated monograph"
        if edition:
            short = _SHORT_SOURCE_NAMES.get(key, edition.title)
            return f"{short} {edition.edition.split(' ')[0]}"
        return key

    def review(self) -> str:
        m = self.monograph
        rows = []

        def row(label: str, value: str | None) -> None:
            shown = (
                escape(value)
                if value
                else f'<span style="color:{self.theme.muted};">not stated</span>'
            )
            rows.append(f'<tr><td valign="top"><b>{escape(label)}</b></td><td>{shown}</td></tr>')

        if m.review:
            r = m.review
            row("Reviewed by", r.reviewed_by)
            row("Credentials", r.credentials)
            row("Reviewed on", r.reviewed_on.isoformat() if r.reviewed_on else None)
            row("Last updated", r.updated_on.isoformat() if r.updated_on else None)
            row("Source", r.source_name)
            row("Source document", r.source_title)
            body = f'<table cellspacing="0" cellpadding="3">{"".join(rows)}</table>'
        else:
            body = f"<p><i>{escape(panels.no_review_sentence(m.title))}</i></p>"
        if self.labels:
            items = "".join(
                f"<li>{'<b>On screen:</b> ' if n == self.label_index else ''}"
                f"{escape(doc.title)}<br>{_cite(doc.provenance, self.editions)}</li>"
                for n, doc in enumerate(self.labels)
            )
            body += f"<h3>Labels</h3><ul>{items}</ul>"
        sources = "".join(f"<li>{escape(self._describe_source(key))}</li>" for key in m.sources)
        body += f"<h3>Data sources for this monograph</h3><ul>{sources}</ul>"
        return self._panel("Review and sources", body, "review")

    def _describe_source(self, key: str) -> str:
        edition = self.editions.get(key)
        if not edition:
            return key
        text = f"{edition.title}, edition {edition.edition}"
        if edition.publisher:
            text += f" ({edition.publisher})"
        return text

    # -- the page -----------------------------------------------------------------------------

    def html(self) -> str:
        self._contents = []
        parts = [
            self.header(),
            self.overview(),
            self.own_panels(),
            self.label_line(),
            self.boxed_warning(),
            self.label_panels(),
            self.no_text(),
            self.administration(),
            self.review(),
        ]
        return f'<html><body style="color:{self.theme.text};">' + "".join(parts) + "</body></html>"

    def contents(self) -> list[tuple[str, str]]:
        """(anchor, heading) of each panel of the page last made by ``html()``, in order."""
        return list(self._contents)
