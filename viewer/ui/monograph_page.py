"""The monograph as one HTML page of panels, for the window's text view. Qt-free.

Panels, in reading order: boxed warning (when a label has one), overview, how it works, what it
is used for, how it is given and in which forms, other label sections, review and sources.
Every panel says where its text came from; a missing panel says so in one plain sentence.
Label HTML is sanitised again here, whatever the catalogue holds, and every other string is
escaped, so no text in a catalogue can add markup, a link target or a remote resource.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

from viewer import panels
from viewer.coverage import label_note, row_name
from viewer.model import Form, Monograph, Provenance, Section, SectionKind, SourceEdition
from viewer.sanitize import sanitise_html
from viewer.ui.theme import Theme

MAX_NDCS_SHOWN = 3

MAIN_PANELS = (
    (SectionKind.MECHANISM, "How it works"),
    (SectionKind.INDICATIONS, "What it is used for"),
)
SHOWN_ELSEWHERE = frozenset(
    {
        SectionKind.BOXED_WARNING,
        SectionKind.OVERVIEW,
        SectionKind.MECHANISM,
        SectionKind.INDICATIONS,
        SectionKind.ADMINISTRATION,
        SectionKind.DOSAGE_FORMS,
    }
)


LABEL_SOURCES = {"spl": "FDA label (SPL)", "openfda": "FDA label (openFDA)"}


def _cite(provenance: Provenance, editions: dict[str, SourceEdition], full: bool = False) -> str:
    """Where a section came from, on one line. Label titles are long (their Highlights), so
    under each section a label is named by its kind and ids; ``full`` adds its title."""
    name = provenance.document_title or provenance.source_title or provenance.source
    if provenance.source in LABEL_SOURCES and not full:
        name = LABEL_SOURCES[provenance.source]
    parts = [name]
    if provenance.set_id:
        parts.append(f"set id {provenance.set_id}")
    if provenance.version:
        parts.append(f"version {provenance.version}")
    if provenance.effective_date:
        label = "updated" if provenance.source == "curated" else "effective"
        parts.append(f"{label} {provenance.effective_date.isoformat()}")
    edition = editions.get(provenance.source)
    if edition and provenance.source != "curated" and not provenance.effective_date:
        parts.append(f"edition {edition.edition}")
    return " · ".join(escape(p) for p in parts)


class MonographPage:
    """Builds the HTML for one monograph."""

    def __init__(
        self,
        monograph: Monograph,
        editions: dict[str, SourceEdition],
        today: date,
        theme: Theme | None = None,
    ) -> None:
        self.monograph = monograph
        self.editions = editions
        self.today = today
        self.theme = theme or Theme()

    # -- building blocks ----------------------------------------------------------------------

    def _panel(self, title: str, body: str, anchor: str) -> str:
        t = self.theme
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
        for set_id in dict.fromkeys(s.provenance.set_id for s in sections if s.provenance.set_id):
            coverage = self.monograph.label(set_id)  # which products this label's text is for
            if coverage is not None:
                note = escape(label_note(self.monograph, coverage))
                parts.append(f'<p style="color:{self.theme.muted}; font-size:small;">{note}</p>')
        return "".join(parts)

    def _missing(self, kind: SectionKind) -> str:
        sentence = panels.missing_sentence(kind, self.monograph.title)
        return f'<p style="color:{self.theme.muted};"><i>{escape(sentence)}</i></p>'

    def _banner(self, text: str, background: str, colour: str) -> str:
        return (
            f'<table width="100%" cellspacing="0" cellpadding="8" '
            f'style="background-color:{background}; border:1px solid {colour};">'
            f'<tr><td style="color:{colour};"><b>{escape(text)}</b></td></tr></table>'
        )

    # -- panels -------------------------------------------------------------------------------

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
        lines.append("<p>" + "<br>".join(facts) + "</p>")
        notice = panels.staleness_notice(m, self.today)
        if notice:
            lines.append(self._banner(notice, self.theme.notice_background, self.theme.notice_text))
        return "".join(lines)

    def boxed_warning(self) -> str:
        sections = self.monograph.sections_of(SectionKind.BOXED_WARNING)
        if not sections:
            return ""
        t = self.theme
        return (
            f'<table width="100%" cellspacing="0" cellpadding="10" style="margin-top:10px; '
            f'border:2px solid {t.warning_text}; background-color:{t.warning_background};">'
            f'<tr><td><h2 style="color:{t.warning_text}; margin:0;">Boxed warning</h2>'
            f"{self._sections_body(sections)}</td></tr></table>"
        )

    def overview(self) -> str:
        sections = self.monograph.sections_of(SectionKind.OVERVIEW)
        if not sections:
            return ""
        return self._panel(
            sections[0].title or "Overview", self._sections_body(sections), "overview"
        )

    def main_panel(self, kind: SectionKind, title: str) -> str:
        sections = self.monograph.sections_of(kind)
        body = self._sections_body(sections) if sections else self._missing(kind)
        return self._panel(title, body, kind.value)

    def administration(self) -> str:
        m = self.monograph
        sections = m.sections_of(SectionKind.ADMINISTRATION)
        body = (
            self._sections_body(sections) if sections else self._missing(SectionKind.ADMINISTRATION)
        )
        forms_text = m.sections_of(SectionKind.DOSAGE_FORMS)
        if forms_text:
            body += "<h3>Dosage forms and strengths (label)</h3>" + self._sections_body(forms_text)
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
        if key == "curated":
            return "Curated monograph"
        if edition:
            short = {"rxnorm": "RxNorm", "drugsatfda": "Drugs@FDA"}.get(key, edition.title)
            return f"{short} {edition.edition.split(' ')[0]}"
        return key

    def other_sections(self) -> str:
        others = [s for s in self.monograph.sections if s.kind not in SHOWN_ELSEWHERE]
        if not others:
            return ""
        return self._panel("More from the label", self._sections_body(tuple(others), True), "more")

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
        labels = [s for s in m.sections if s.provenance.set_id]
        if labels:
            seen: dict[tuple, Provenance] = {}
            for section in labels:
                p = section.provenance
                seen.setdefault((p.source, p.set_id, p.version), p)
            items = "".join(f"<li>{_cite(p, self.editions, full=True)}</li>" for p in seen.values())
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
        parts = [
            self.header(),
            self.boxed_warning(),
            self.overview(),
            *(self.main_panel(kind, title) for kind, title in MAIN_PANELS),
            self.administration(),
            self.other_sections(),
            self.review(),
        ]
        return f'<html><body style="color:{self.theme.text};">' + "".join(parts) + "</body></html>"
