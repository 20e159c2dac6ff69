"""Run one ``drugview`` command: parse, set up logging, run, and map errors to exit codes.

Errors are logged by kind; a user error's message is printed but not logged, since it may
quote what was searched (a query can identify a patient).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from viewer.catalogue.errors import BuildError, CatalogueError
from viewer.cli.errors import ExitCode, UserError
from viewer.cli.guard import BadArgument, check_arguments
from viewer.cli.parser import build_parser
from viewer.logs import setup_logging
from viewer.paths import default_catalogue_path

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "window":  # the window sets its log up once it is on screen
        setup_logging(verbose=getattr(args, "verbose", False))
    try:
        check_arguments(args)
        run = importlib.import_module(f"viewer.cli.commands.{args.command}").run
        return int(run(args))
    except BadArgument as error:  # names the argument, never logged (it may be a query)
        return _user_error(str(error))
    except (CatalogueError, BuildError) as error:
        log.warning("%s failed: %s", args.command, error)
        return _user_error(str(error))
    except _user_errors() as error:  # evaluated only when something was raised
        log.warning("%s failed: %s", args.command, type(error).__name__)
        return _user_error(str(error))
    except _database_errors() as error:
        path = getattr(args, "catalogue", None) or default_catalogue_path()
        log.warning("%s failed: %s: the catalogue is damaged", args.command, path)
        return _user_error(f"{path}: the catalogue is damaged ({error}).")
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error worth a message
        return ExitCode.OK
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Exception as error:
        if os.environ.get("DRUGVIEW_DEBUG"):
            raise
        # where it failed, without the message (which may hold what the user typed)
        where = "".join(traceback.format_tb(error.__traceback__))
        log.error("%s: internal error %s\n%s", args.command, type(error).__name__, where)
        print(
            f"drugview: internal error: {type(error).__name__}: {error}"
            " (set DRUGVIEW_DEBUG=1 to see details)",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL


def _database_errors() -> tuple[type[Exception], ...]:
    import sqlite3  # only when something went wrong: a command imports it anyway

    return (sqlite3.DatabaseError,)


def _user_errors() -> tuple[type[Exception], ...]:
    from viewer.session import NoSuchDrug  # the search machinery loads only with a command

    return (UserError, NoSuchDrug)


def _user_error(message: str) -> int:
    print(f"drugview: {message}", file=sys.stderr)
    return ExitCode.USER
