"""Help > About the catalogue: what the open catalogue holds, in the words ``drugview info`` uses.

The figures come from ``viewer.catalogue.section_counts`` (Qt-free, shared with the CLI); this
module only escapes them into the small HTML a message box shows.
"""

from __future__ import annotations

from html import escape

from viewer.catalogue import section_counts
from viewer.model import CatalogueInfo

TITLE = "About the catalogue"


def about_catalogue_html(
    info: CatalogueInfo | None, coverage: section_counts.Coverage | None
) -> str:
    """The About-the-catalogue text, or a plain sentence when no catalogue is open."""
    if info is None or coverage is None:
        return "<p>No catalogue is open.</p>"
    head = section_counts.lines(coverage)[0]
    rows = "".join(
        f"<tr><td>{escape(what)}</td><td align='right'>{count:,}</td></tr>"
        for what, count in coverage.by_kind
    )
    sources = "".join(
        f"<li>{escape(s.title)}: edition {escape(s.edition)} ({s.records:,} records)</li>"
        for s in info.sources
    )
    return (
        f"<p><b>{escape(info.path)}</b><br>Built {escape(info.build_date)}, schema"
        f" {info.schema_version}: {info.monographs:,} monographs, {info.forms:,} product forms,"
        f" {info.sections:,} sections.</p>"
        f"<p>{escape(head)}</p>"
        f"<p>Monographs with:</p><table cellpadding='2'>{rows}</table>"
        f"<p>Sources:</p><ul>{sources}</ul>"
    )
