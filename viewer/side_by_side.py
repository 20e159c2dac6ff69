"""Two monographs side by side, their sections aligned: indications with indications, and so on.

Qt-free. Rows follow ``SectionKind`` order (the order a clinician reads a monograph); a row is
shown when either monograph has text of that kind, and the side without says so plainly. The
sections' HTML is the catalogue's safe subset; titles and provenance are escaped here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from viewer.monograph import Monograph, Section, SectionKind


@dataclass(frozen=True)
class Row:
    kind: SectionKind
    left: tuple[Section, ...]
    right: tuple[Section, ...]

    @property
    def anchor(self) -> str:
        return f"kind-{self.kind.value}"


def aligned_rows(left: Monograph, right: Monograph) -> list[Row]:
    rows = []
    for kind in SectionKind:
        a, b = left.sections_of(kind), right.sections_of(kind)
        if a or b:
            rows.append(Row(kind, a, b))
    return rows


def _cell(monograph: Monograph, sections: tuple[Section, ...], kind: SectionKind) -> str:
    if not sections:
        missing = f"{monograph.title}: no {kind.label} text in this catalogue."
        return f"<p><i>{html.escape(missing)}</i></p>"
    parts = []
    for section in sections:
        source = section.provenance
        cited = ", ".join(
            p
            for p in (
                source.document_title or source.source_title or source.source,
                f"version {source.version}" if source.version else "",
                f"effective {source.effective_date.isoformat()}" if source.effective_date else "",
            )
            if p
        )
        heading = f"{monograph.title}: {section.title}"  # the column's drug, when scrolled
        parts.append(f"<p><b>{html.escape(heading)}</b></p>{section.html}")
        parts.append(f"<p><small>{html.escape(cited)}</small></p>")
    return "".join(parts)


def side_by_side_html(left: Monograph, right: Monograph) -> str:
    head = (
        '<table width="100%" cellspacing="0" cellpadding="6" border="1">'
        f"<tr><th width='50%'>{html.escape(left.title)}</th>"
        f"<th width='50%'>{html.escape(right.title)}</th></tr>"
    )
    body = []
    for row in aligned_rows(left, right):
        body.append(
            f'<tr><td colspan="2"><a name="{row.anchor}"></a><h3>{html.escape(row.kind.label)}</h3>'
            "</td></tr>"
            f'<tr><td valign="top">{_cell(left, row.left, row.kind)}</td>'
            f'<td valign="top">{_cell(right, row.right, row.kind)}</td></tr>'
        )
    return head + "".join(body) + "</table>"
