"""The single entry point: no subcommand opens the window; subcommands run headless.

    drugview                      open the window
    drugview search QUERY         ranked name hits, then text hits (--json for a JSON array)
    drugview show ID_OR_NAME      one monograph (--json for an object)
    drugview build                rebuild the catalogue from the shipped sources
    drugview import PATH...       file official labels (SPL XML, openFDA JSON, zips, folders)
    drugview info                 schema version, build date, counts, source editions
    drugview audit                check drug identity over every monograph (exit 3 on failures)
    drugview handout NAME --output FILE.pdf   a patient handout as PDF (Qt offscreen)

Exit status: 0 on success (no hits is success), 2 on a user error (unknown drug, unusable
catalogue), with one line on stderr naming the file or query and the problem. Never a traceback
unless DRUGVIEW_DEBUG is set.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from viewer import __version__
from viewer.catalogue.errors import BuildError, CatalogueError
from viewer.paths import default_catalogue_path

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USER = 2


DEFAULT_LIMIT = 50


class UserError(Exception):
    """A problem the user can fix; its message is printed on one line."""


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """A handler that imports the headless commands only when one is run."""

    def handler(args: argparse.Namespace) -> int:
        from viewer import commands

        return getattr(commands, name)(args)

    return handler


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


def _iso_date(text: str) -> date:
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

    search = add(
        "search",
        _command("cmd_search"),
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
        _command("cmd_audit"),
        "check drug identity over every monograph (exit status 3 when anything fails)",
    )
    with_catalogue(audit)
    audit.add_argument("--json", action="store_true", help="print a JSON object")

    show = add("show", _command("cmd_show"), "show one monograph by id, slug or name")
    show.add_argument("id_or_name")
    with_catalogue(show)
    show.add_argument("--json", action="store_true", help="print a JSON object")

    build = add("build", _command("cmd_build"), "rebuild the catalogue from the shipped sources")
    build.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the catalogue (labels imported into it are kept)",
    )

    import_ = add(
        "import",
        _command("cmd_import"),
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

    info = add(
        "info", _command("cmd_info"), "show the catalogue's schema, build date, counts and sources"
    )
    with_catalogue(info)
    info.add_argument("--json", action="store_true")

    handout = add(
        "handout", _command("cmd_handout"), "save a plain-language patient handout as PDF"
    )
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
