"""One wording for where a piece of text came from, used by the window, the CLI and the handout.

``cite(provenance)`` names the document (its title, else its source's), its set id and version,
and its date: "effective" for a label (the date the label took effect), "updated" for a curated
page (the date its publisher last updated it). Where a source row has no date of its own, the
source's edition stands in. The renderers differ only in separator, date style and whether
label ids are shown (a patient needs the document and date, not its set id); the words are
the same everywhere. Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from viewer.model import SourceEdition, SourceKey
from viewer.monograph import Provenance

LABEL_SOURCES: dict[str, str] = {
    SourceKey.SPL: "FDA label (SPL)",
    SourceKey.OPENFDA: "FDA label (openFDA)",
}


def date_word(provenance: Provenance) -> str:
    """What a section's date means: a label's is when it took effect, a page's its update."""
    return "updated" if provenance.source == SourceKey.CURATED else "effective"


def cite_parts(
    provenance: Provenance,
    edition: SourceEdition | None = None,
    *,
    short: bool = False,
    ids: bool = True,
    when: Callable[[date], str] = date.isoformat,
) -> list[str]:
    """The parts of a citation, in order. ``short`` names a label by its kind (label titles
    are their long Highlights); ``ids`` adds set id and version; ``when`` formats the date."""
    name = provenance.document_title or provenance.source_title or provenance.source
    if short and provenance.source in LABEL_SOURCES:
        name = LABEL_SOURCES[provenance.source]
    parts = [name]
    if ids and provenance.set_id:
        parts.append(f"set id {provenance.set_id}")
    if provenance.version:
        parts.append(f"version {provenance.version}")
    if provenance.effective_date:
        parts.append(f"{date_word(provenance)} {when(provenance.effective_date)}")
    elif edition is not None and provenance.source != SourceKey.CURATED:
        parts.append(f"edition {edition.edition}")
    return parts


def cite(
    provenance: Provenance,
    edition: SourceEdition | None = None,
    *,
    short: bool = False,
    ids: bool = True,
    when: Callable[[date], str] = date.isoformat,
    separator: str = ", ",
) -> str:
    """A citation on one line: ``cite_parts`` joined by ``separator``."""
    parts = cite_parts(provenance, edition, short=short, ids=ids, when=when)
    return separator.join(parts)
