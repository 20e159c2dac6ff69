"""The headless commands behind ``drugview search|show|build|info|handout``.

Kept apart from ``viewer.cli`` (the argument parser) so that starting the window does not
import the search, export and build machinery it does not need.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from viewer import export, panels
from viewer.catalogue.build import build_catalogue
from viewer.catalogue.errors import CatalogueError
from viewer.catalogue.locate import ensure_catalogue
from viewer.catalogue.store import Catalogue
from viewer.cli import EXIT_OK, UserError
from viewer.coverage import label_note
from viewer.handout import HandoutOptions, build_handout
from viewer.model import Monograph, SectionKind, TextHit
from viewer.paths import data_dir, default_catalogue_path
from viewer.search import NameSearch, Tier
from viewer.textsearch import TextSearch

# -- helpers --------------------------------------------------------------------------------------


def _progress_printer(stream: TextIO) -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        if stage == "done":
            return
        suffix = f" {done}/{total}" if total > 1 else ""
        print(f"building catalogue: {stage}{suffix}", file=stream, flush=True)

    return report


def open_catalogue(explicit: Path | None) -> Catalogue:
    """Open the named catalogue as it is, or the app's own (built first if needed)."""
    if explicit is not None:
        return Catalogue.open(explicit)
    path = default_catalogue_path()
    summary = ensure_catalogue(path, data_dir(), _progress_printer(sys.stderr))
    if summary:
        print(
            f"built {path} ({summary.monographs} monographs) in {summary.seconds:.1f} s",
            file=sys.stderr,
        )
    return Catalogue.open(path)


def resolve_monograph(catalogue: Catalogue, id_or_name: str) -> Monograph:
    """A monograph by numeric id, by slug, or as the best search hit for a name."""
    text = id_or_name.strip()
    monograph_id: int | None = None
    if text.isdigit():
        monograph_id = int(text)
    if monograph_id is None or catalogue.monograph(monograph_id) is None:
        monograph_id = catalogue.monograph_id_for_slug(text.lower())
    suggestion = None
    if monograph_id is None:
        # a spelling correction is offered, never shown in place of what was asked for
        result = NameSearch(catalogue).find(text, limit=1)
        hits = [hit for hit in result.hits if hit.tier < Tier.FUZZY]
        monograph_id = hits[0].monograph_id if hits else None
        suggestion = result.did_you_mean
    monograph = catalogue.monograph(monograph_id) if monograph_id is not None else None
    if monograph is None:
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        raise UserError(f"no drug matches {id_or_name!r} in {catalogue.path}{hint}")
    return monograph


def _print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- text rendering of a monograph ------------------------------------------------------------


def monograph_text(monograph: Monograph, today: date) -> str:
    lines = [monograph.title, "=" * len(monograph.title)]
    if monograph.brands:
        lines.append("Brands: " + ", ".join(monograph.brands))
    lines.append("Ingredients: " + (", ".join(monograph.ingredient_names) or "not stated"))
    notice = panels.staleness_notice(monograph, today)
    if notice:
        lines += ["", "NOTICE: " + notice]
    for kind in (SectionKind.MECHANISM, SectionKind.INDICATIONS, SectionKind.ADMINISTRATION):
        lines += ["", kind.label.upper()]
        found = monograph.sections_of(kind)
        for section in found:
            lines += [section.text, f"  [source: {_cite(section.provenance)}]"]
        if not found:
            lines.append(panels.missing_sentence(kind, monograph.title))
    for coverage in monograph.labels:  # whose text the label sections are, and for what
        lines += ["", f"LABEL {coverage.document_title} (set id {coverage.set_id})"]
        lines.append(label_note(monograph, coverage))
    lines += ["", "FORMS"]
    for form in monograph.forms:
        parts = [
            form.dose_form or "dose form not stated",
            form.strength or "",
            form.route or "",
            form.package or "",
        ]
        lines.append(
            "- "
            + ", ".join(p for p in parts if p)
            + f"  [{form.provenance.source}"
            + (f" {form.application}" if form.application else "")
            + (f", {form.marketing_status}" if form.marketing_status else "")
            + "]"
        )
    if not monograph.forms:
        lines.append(panels.no_forms_sentence(monograph.title))
    lines += ["", "REVIEW AND SOURCES"]
    review = monograph.review
    if review:
        who = ", ".join(p for p in (review.reviewed_by, review.credentials) if p)
        lines.append(f"Reviewed by: {who or 'not stated'}")
        lines.append(f"Reviewed on: {review.reviewed_on or 'not stated'}")
        lines.append(f"Last updated: {review.updated_on or 'not stated'}")
        lines.append(
            f"Source: {review.source_name or 'not stated'}"
            + (f', "{review.source_title}"' if review.source_title else "")
        )
    else:
        lines.append(panels.no_review_sentence(monograph.title))
    lines.append("Sources: " + ", ".join(monograph.sources))
    return "\n".join(lines) + "\n"


def _cite(provenance: Any) -> str:
    parts = [provenance.document_title or provenance.source_title or provenance.source]
    if provenance.set_id:
        parts.append(f"set id {provenance.set_id}")
    if provenance.version:
        parts.append(f"version {provenance.version}")
    if provenance.effective_date:
        parts.append(f"effective {provenance.effective_date.isoformat()}")
    return ", ".join(parts)


# -- subcommands ------------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace) -> int:
    with open_catalogue(args.catalogue) as catalogue:
        result = NameSearch(catalogue).find(args.query, limit=args.limit)
        room = args.limit - len(result.hits)
        shown = {hit.monograph_id for hit in result.hits}
        text_hits = TextSearch(catalogue).search(args.query, room, exclude=shown) if room else []
    if result.more:  # never cut silently, with or without --json (whose array is unchanged)
        print(f"{result.more} more; use --limit", file=sys.stderr)
    if args.json:
        _print_json(
            [export.hit_json(h, result.did_you_mean) for h in result.hits]
            + [export.text_hit_json(h) for h in text_hits]
        )
        return EXIT_OK
    if result.did_you_mean:
        print(f"did you mean: {result.did_you_mean}?", file=sys.stderr)
    for hit in result.hits:
        ingredients = ", ".join(hit.ingredients)
        print(
            f"{hit.monograph_id:>6}  {hit.title}  ({ingredients})  [{hit.matched_kind.value}:"
            f" {hit.matched_name}]"
        )
    for text_hit in text_hits:
        where = text_hit.section_title or text_hit.section_kind
        print(f"{text_hit.monograph_id:>6}  {text_hit.title}  [text: {where}]  {_marked(text_hit)}")
    if not result.hits and not text_hits:
        print(f"no matches for {args.query!r}", file=sys.stderr)
    return EXIT_OK


def _marked(hit: TextHit) -> str:
    """The snippet with its matched words between asterisks, for a terminal."""
    out, last = [], 0
    for start, end in hit.highlights:
        out += [hit.snippet[last:start], "*", hit.snippet[start:end], "*"]
        last = end
    return "".join([*out, hit.snippet[last:]])


EXIT_VIOLATIONS = 3


def cmd_audit(args: argparse.Namespace) -> int:
    from viewer import audit  # the handout and coverage rules load only for an audit

    with open_catalogue(args.catalogue) as catalogue:
        report = audit.audit(catalogue)
    if args.json:
        _print_json(audit.report_json(report))
    else:
        sys.stdout.write(audit.render_text(report))
    return EXIT_VIOLATIONS if report.violations else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_catalogue(args.catalogue) as catalogue:
        monograph = resolve_monograph(catalogue, args.id_or_name)
    if args.json:
        _print_json(export.monograph_json(monograph))
    else:
        sys.stdout.write(monograph_text(monograph, date.today()))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    output = (args.output or default_catalogue_path()).expanduser()
    carry = output if _is_catalogue(output) else None  # keep the labels imported into it
    summary = build_catalogue(
        data_dir(), output, _progress_printer(sys.stderr), carry_labels_from=carry
    )
    print(f"built {summary.path} in {summary.seconds:.1f} s")
    if summary.carried_labels:
        print(f"  kept {summary.carried_labels} imported labels from the catalogue it replaced")
    print(
        f"  monographs: {summary.monographs}  forms: {summary.forms}"
        f"  sections: {summary.sections}  names: {summary.names}"
    )
    for key, count in sorted(summary.per_source.items()):
        print(f"  {key}: {count} records")
    return EXIT_OK


def _is_catalogue(path: Path) -> bool:
    try:
        Catalogue.open(path, legacy_ok=True).close()  # an older schema's labels are kept too
    except CatalogueError:
        return False
    return True


def cmd_import(args: argparse.Namespace) -> int:
    from viewer.import_command import run_import  # the importers load only when importing

    return run_import(args)


def cmd_info(args: argparse.Namespace) -> int:
    with open_catalogue(args.catalogue) as catalogue:
        info = catalogue.info()
    if args.json:
        _print_json(export.info_json(info))
        return EXIT_OK
    print(f"catalogue:      {info.path}")
    print(f"schema version: {info.schema_version}")
    print(f"build date:     {info.build_date}")
    print(f"built by:       drugview {info.app_version}")
    print(f"monographs:     {info.monographs} ({info.brands} brands)")
    print(f"ingredients:    {info.ingredients}")
    print(f"forms:          {info.forms}")
    print(f"sections:       {info.sections}")
    print("sources:")
    for source in info.sources:
        print(
            f"  {source.key}: {source.title}, edition {source.edition} ({source.records} records)"
        )
    return EXIT_OK


def cmd_handout(args: argparse.Namespace) -> int:
    options = HandoutOptions(
        clinic=args.clinic,
        patient=args.patient,
        handout_date=args.date or date.today(),
        notes=args.notes,
        large_print=args.large_print,
    )
    with open_catalogue(args.catalogue) as catalogue:
        monograph = resolve_monograph(catalogue, args.name)
        info = catalogue.info()
    handout = build_handout(monograph, info, options, date.today())
    from viewer.ui import printing  # Qt is imported only when a handout is rendered

    try:
        paper = printing.Paper(args.paper) if args.paper else printing.paper_for_locale()
        pages = printing.save_pdf(handout, args.output, paper)
    except printing.PrintError as error:
        raise UserError(str(error)) from error
    print(f"saved {args.output} ({pages} {'page' if pages == 1 else 'pages'}, {paper.label})")
    return EXIT_OK
