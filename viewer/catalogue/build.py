"""Build the catalogue file from the shipped sources in ``data/``, atomically.

The new catalogue is written to a temporary file beside the target and renamed over it only
once complete (``viewer.catalogue.atomic``, under the catalogue's writer lock), so a reader (or
a crash) never sees half a catalogue, and a failed build leaves the previous file
untouched. The same sources always give the same content.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from viewer import __version__
from viewer.catalogue import schema
from viewer.catalogue.assemble import Assembler, Draft
from viewer.catalogue.atomic import real_path, replacing
from viewer.catalogue.errors import BuildError, CatalogueError
from viewer.catalogue.fingerprint import sources_fingerprint
from viewer.catalogue.labels import LabelWriter, Outcome
from viewer.catalogue.store import Catalogue
from viewer.catalogue.writer import CatalogueWriter
from viewer.identity import resolve_product
from viewer.model import SourceKey
from viewer.sources import curated, drugsatfda, rxnorm, shipped_labels
from viewer.sources.records import LabelRecord, SourceInfo

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as the build goes; total 0 when unknown."""

RXNORM_FILE = "sources/rxnorm.json.gz"
DRUGSATFDA_FILE = "sources/drugsatfda.json.gz"
CURATED_DIR = "curated"
LABELS_FILE = "labels/labels.json.gz"


@dataclass(frozen=True, slots=True)
class BuildSummary:
    path: Path
    monographs: int
    forms: int
    sections: int
    names: int
    per_source: dict[str, int]  # source key -> records it contributed
    seconds: float
    carried_labels: int = 0  # labels carried over from the catalogue this build replaced


def build_catalogue(
    data_dir: Path,
    output: Path,
    progress: Progress | None = None,
    build_date: datetime | None = None,
    carry_labels_from: Path | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Build ``output`` from ``data_dir``; raise ``BuildError`` and leave ``output`` as it was.

    With ``carry_labels_from`` (the catalogue being replaced), every label filed in that
    catalogue is filed again in the new one, so labels a user imported survive a rebuild from
    newer shipped sources; where the shipped sources now hold the same or a newer version of a
    label, that version stays.

    The file is written and swapped in by ``viewer.catalogue.atomic.replacing``: one writer at
    a time (``on_wait`` hears once when this one waits for another), and labels carried over
    from ``output`` itself are read from a snapshot taken under the writer lock.
    """
    started = datetime.now(UTC)
    report = progress or (lambda stage, done, total: None)
    try:
        assembler, sources, counts, salt_words = _load_sources(data_dir, report)
        labels = shipped_labels.load(data_dir / LABELS_FILE)
    except (OSError, ValueError, KeyError) as error:
        raise BuildError(f"cannot read the sources in {data_dir}: {error}") from error
    drafts = assembler.drafts()
    # Only the catalogue being replaced may be carried over under the writer lock; any other
    # catalogue is read as it is (read-only, refused with a pending WAL).
    carry_self = carry_labels_from is not None and _same_file(carry_labels_from, output)
    with replacing(output, from_existing=False, mode=0o644, on_wait=on_wait) as new:
        previous = _open_previous(
            new.snapshot() if carry_self else carry_labels_from,
            carry_labels_from,
        )
        try:
            totals = _write(
                new.path,
                drafts,
                sources,
                counts,
                salt_words,
                labels=labels,
                previous=previous,
                fingerprint=sources_fingerprint(data_dir),
                build_date=(build_date or started).strftime("%Y-%m-%dT%H:%M:%SZ"),
                report=report,
            )
        finally:
            if previous is not None:
                previous.close()
    seconds = (datetime.now(UTC) - started).total_seconds()
    report("done", 1, 1)
    return BuildSummary(
        output,
        totals["monographs"],
        totals["forms"],
        totals["sections"],
        totals["names"],
        {**counts, **totals["labels"]},
        seconds,
        carried_labels=totals["carried"],
    )


def _same_file(a: Path, b: Path) -> bool:
    return real_path(a) == real_path(b)


def _open_previous(path: Path | None, named: Path | None) -> Catalogue | None:
    if path is None or named is None:
        return None
    try:
        return Catalogue.open(path, legacy_ok=True)  # an older schema's labels are carried too
    except CatalogueError as error:
        raise BuildError(f"cannot carry the labels of {named} over: {error.problem}") from error


def _load_sources(
    data_dir: Path, report: Progress
) -> tuple[Assembler, list[SourceInfo], dict[str, int], list[str]]:
    report("reading RxNorm", 0, 3)
    rx = rxnorm.load(data_dir / RXNORM_FILE)
    namer = drugsatfda.IngredientNamer(
        rx.ingredients.values(),
        rx.salt_forms,
        moieties={ref.name for product in rx.products for ref in product.ingredients},
    )
    report("reading Drugs@FDA", 1, 3)
    fda = drugsatfda.load(data_dir / DRUGSATFDA_FILE, namer)
    report("reading curated monographs", 2, 3)
    curated_monographs = curated.load_dir(data_dir / CURATED_DIR)

    assembler = Assembler(rx.ingredients)
    for product in rx.products:
        assembler.add_product(resolve_product(product, namer))
    for product in fda.products:
        assembler.add_product(product)
    for monograph in curated_monographs:
        assembler.add_curated(monograph)

    sources = [rx.source, fda.source]
    counts = {rx.source.key: len(rx.products), fda.source.key: len(fda.products)}
    if curated_monographs:
        newest = max(m.source.edition for m in curated_monographs)
        sources.append(
            SourceInfo(
                key=SourceKey.CURATED,
                title="Curated monographs (data/curated), written from named sources",
                edition=f"newest source update {newest}",
                publisher="; ".join(sorted({m.source.publisher for m in curated_monographs})),
            )
        )
        counts[SourceKey.CURATED] = len(curated_monographs)
    report("sources read", 3, 3)
    return assembler, sources, counts, sorted(namer.strippable)


def _write(
    path: Path,
    drafts: list[Draft],
    sources: list[SourceInfo],
    counts: dict[str, int],
    salt_words: list[str],
    *,
    labels: list[LabelRecord],
    previous: Catalogue | None,
    fingerprint: str,
    build_date: str,
    report: Progress,
) -> dict[str, Any]:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        writer = CatalogueWriter.create(db)
        db.execute("BEGIN")
        for info in sources:
            writer.put_source(info, counts.get(info.key, 0))
        writer.add_salt_words(salt_words)
        totals: dict[str, Any] = {"forms": 0, "sections": 0, "names": 0}
        ingredient_ids: dict[str, int] = {}
        for number, draft in enumerate(drafts, start=1):
            _write_draft(writer, number, draft, ingredient_ids, totals)
            if number % 2000 == 0:
                report("writing monographs", number, len(drafts))
        report("writing monographs", len(drafts), len(drafts))
        report("indexing", 0, 1)
        writer.index()
        report("indexing", 1, 1)
        labels_writer = LabelWriter(db, writer)
        for number, label in enumerate(labels, start=1):
            labels_writer.apply(label)
            report("filing shipped labels", number, len(labels))
        carried = 0
        if previous is not None:
            for number, label in enumerate(previous.stored_labels(), start=1):
                carried += labels_writer.apply(label).outcome is not Outcome.SKIPPED
                if number % 1000 == 0:
                    report("carrying over imported labels", number, 0)
        totals["labels"] = labels_writer.finish()
        totals["carried"] = carried
        totals["monographs"] = db.execute("SELECT count(*) FROM monograph").fetchone()[0]
        totals["sections"] = db.execute("SELECT count(*) FROM section").fetchone()[0]
        totals["names"] = db.execute("SELECT count(*) FROM name").fetchone()[0]
        writer.put_meta(
            {
                "schema_version": str(schema.SCHEMA_VERSION),
                "build_date": build_date,
                "app_version": __version__,
                "sources_fingerprint": fingerprint,
            }
        )
        db.execute("COMMIT")
        db.execute("ANALYZE")
        return totals
    finally:
        db.close()


def _write_draft(
    writer: CatalogueWriter,
    monograph_id: int,
    draft: Draft,
    ingredient_ids: dict[str, int],
    totals: dict[str, int],
) -> None:
    ingredients = [ref for ref, _ in draft.ingredients.values()]
    writer.add_monograph(
        draft.slug,
        draft.title,
        draft.kind,
        active=draft.active,
        brands=list(draft.brands.values()),
        ingredients=[ref.name for ref in ingredients],
        sources=sorted(draft.sources),
        monograph_id=monograph_id,
    )
    for position, (key, (ref, ref_sources)) in enumerate(draft.ingredients.items()):
        if key not in ingredient_ids:
            ingredient_ids[key] = writer.add_ingredient(ref)
        writer.link_ingredient(monograph_id, ingredient_ids[key], position, sorted(ref_sources))
    for kind, display in draft.names():
        writer.add_name(monograph_id, kind, display)
        totals["names"] += 1
    for position, form in enumerate(draft.forms):
        writer.add_form(monograph_id, position, form)
    totals["forms"] += len(draft.forms)
    writer.add_sections(monograph_id, draft.sections)
    totals["sections"] += len(draft.sections)
    if draft.review:
        writer.add_review(monograph_id, draft.review)
