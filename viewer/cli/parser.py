"""The ``drugview`` argument parser. Each command names the module that runs it (in
``viewer.cli.commands``); none is imported here, so ``--help`` and the window stay light."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer import __version__

if TYPE_CHECKING:
    from datetime import date

DEFAULT_LIMIT = 50
VERBOSE_HELP = "also show the app's events (catalogue opened, built, timings) on stderr"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _iso_date(text: str) -> date:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-05-08") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drugview", description="Offline drug information for clinicians."
    )
    parser.add_argument("--version", action="version", version=f"drugview {__version__}")
    parser.add_argument(
        "--catalogue", type=Path, default=None, help="open this catalogue file (read-only)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help=VERBOSE_HELP)
    parser.set_defaults(command="window")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, module: str, help_text: str) -> Any:
        """A subcommand run by ``viewer.cli.commands.<module>.run``."""
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(command=module)
        command.add_argument(
            "--verbose", "-v", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
        )
        return command

    def with_catalogue(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--catalogue",
            type=Path,
            default=argparse.SUPPRESS,
            help="catalogue file to read (default: the app's own, built when needed)",
        )

    search = add(
        "search",
        "search",
        "find drugs by brand or ingredient name, then by words in their text",
    )
    search.add_argument("query")
    with_catalogue(search)
    search.add_argument(
        "--limit",
        type=_positive,
        default=DEFAULT_LIMIT,  # same as viewer.search.DEFAULT_LIMIT (tests check)
        help="most hits in all: name hits first, text hits fill the rest",
    )
    search.add_argument("--json", action="store_true", help="print a JSON array")

    audit = add(
        "audit",
        "audit",
        "check drug identity over every monograph (exit status 3 when anything fails)",
    )
    with_catalogue(audit)
    audit.add_argument("--json", action="store_true", help="print a JSON object")

    show = add("show", "show", "show one monograph by id, slug or name")
    show.add_argument("id_or_name")
    with_catalogue(show)
    show.add_argument("--json", action="store_true", help="print a JSON object")

    build = add("build", "build", "rebuild the catalogue from the shipped sources")
    build.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the catalogue (labels imported into it are kept)",
    )

    import_ = add(
        "import",
        "import_labels",
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

    info = add("info", "info", "show the catalogue's schema, build date, counts and sources")
    with_catalogue(info)
    info.add_argument("--json", action="store_true")

    handout = add("handout", "handout", "save a plain-language patient handout as PDF")
    handout.add_argument("name", help="drug id, slug or name")
    handout.add_argument("--output", type=Path, required=True, help="the PDF file to write")
    with_catalogue(handout)
    handout.add_argument("--clinic", default="", help="clinic name or header line")
    handout.add_argument("--patient", default="", help="patient name")
    handout.add_argument("--date", type=_iso_date, default=None, help="YYYY-MM-DD (today)")
    handout.add_argument("--notes", default="", help="notes from the care team")
    handout.add_argument("--large-print", action="store_true", help="larger type")
    handout.add_argument(
        "--paper", choices=["a4", "letter"], default=None, help="paper size (from the locale)"
    )
    interactions = add(
        "interactions",
        "interactions",
        "quote what each drug's label says about the others (a medication list)",
    )
    interactions.add_argument("names", nargs="+", metavar="NAME", help="two or more drugs")
    with_catalogue(interactions)
    interactions.add_argument("--json", action="store_true", help="print a JSON object")
    return parser
