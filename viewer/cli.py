"""The single entry point: no subcommand opens the window; subcommands run headless.

    drugview                      open the window
    drugview search QUERY         ranked hits (--json for a JSON array)
    drugview show ID_OR_NAME      one monograph (--json for an object)
    drugview build                rebuild the catalogue from the shipped sources
    drugview import PATH...       file official labels (SPL XML, openFDA JSON, zips, folders)
    drugview info                 schema version, build date, counts, source editions

Exit status: 0 on success (no hits is success), 2 on a user error (unknown drug, unusable
catalogue), with one line on stderr naming the file or query and the problem. Never a traceback
unless DRUGVIEW_DEBUG is set.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from viewer import __version__, export, panels
from viewer.catalogue.build import build_catalogue
from viewer.catalogue.errors import BuildError, CatalogueError
from viewer.catalogue.locate import ensure_catalogue
from viewer.catalogue.store import Catalogue
from viewer.model import Monograph, SectionKind
from viewer.paths import data_dir, default_catalogue_path
from viewer.search import DEFAULT_LIMIT, NameSearch

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USER = 2


class UserError(Exception):
    """A problem the user can fix; its message is printed on one line."""


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
    if monograph_id is None:
        hits = NameSearch(catalogue).search(text, limit=1)
        monograph_id = hits[0].monograph_id if hits else None
    monograph = catalogue.monograph(monograph_id) if monograph_id is not None else None
    if monograph is None:
        raise UserError(f"no drug matches {id_or_name!r} in {catalogue.path}")
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
        hits = NameSearch(catalogue).search(args.query, limit=args.limit)
    if args.json:
        _print_json([export.hit_json(h) for h in hits])
        return EXIT_OK
    for hit in hits:
        ingredients = ", ".join(hit.ingredients)
        print(
            f"{hit.monograph_id:>6}  {hit.title}  ({ingredients})  [{hit.matched_kind.value}:"
            f" {hit.matched_name}]"
        )
    if not hits:
        print(f"no matches for {args.query!r}", file=sys.stderr)
    return EXIT_OK


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
        Catalogue.open(path).close()
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


def cmd_window(args: argparse.Namespace) -> int:
    from viewer.ui.app import run  # Qt is imported only when the window is wanted

    return run(args.catalogue)


# -- parser -----------------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drugview", description="Offline drug information for clinicians."
    )
    parser.add_argument("--version", action="version", version=f"drugview {__version__}")
    parser.add_argument(
        "--catalogue", type=Path, default=None, help="open this catalogue file (read-only)"
    )
    parser.set_defaults(handler=cmd_window)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> Any:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    def with_catalogue(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--catalogue",
            type=Path,
            default=argparse.SUPPRESS,
            help="catalogue file to read (default: the app's own, built when needed)",
        )

    search = add("search", cmd_search, "find drugs by brand or ingredient name")
    search.add_argument("query")
    with_catalogue(search)
    search.add_argument("--limit", type=_positive, default=DEFAULT_LIMIT)
    search.add_argument("--json", action="store_true", help="print a JSON array")

    show = add("show", cmd_show, "show one monograph by id, slug or name")
    show.add_argument("id_or_name")
    with_catalogue(show)
    show.add_argument("--json", action="store_true", help="print a JSON object")

    build = add("build", cmd_build, "rebuild the catalogue from the shipped sources")
    build.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the catalogue (labels imported into it are kept)",
    )

    import_ = add(
        "import",
        cmd_import,
        "file official labels into the catalogue: DailyMed SPL XML, openFDA JSON (.json or"
        " .json.zip), DailyMed zip archives, or folders of these",
    )
    import_.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    import_.add_argument(
        "--catalogue",
        type=Path,
        default=argparse.SUPPRESS,
        help="catalogue to import into (default: the app's own); a new file replaces it",
    )

    info = add("info", cmd_info, "show the catalogue's schema, build date, counts and sources")
    with_catalogue(info)
    info.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (UserError, CatalogueError, BuildError) as error:
        print(f"drugview: {error}", file=sys.stderr)
        return EXIT_USER
    except sqlite3.DatabaseError as error:
        path = getattr(args, "catalogue", None) or default_catalogue_path()
        print(f"drugview: {path}: the catalogue is damaged ({error}).", file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error worth a message
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("DRUGVIEW_DEBUG"):
            raise
        print(
            f"drugview: internal error: {type(error).__name__}: {error}"
            " (set DRUGVIEW_DEBUG=1 to see details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
