"""Guards for the command line: odd arguments get one clear line, a closed output is no crash.

Arguments arrive as the shell gives them. Text that is not UTF-8 (Python hands it over with
lone surrogates) and a ``--limit`` past any useful size are refused with a one-line
``BadArgument`` (exit 2) instead of failing deep inside; an id past what SQLite can hold is
refused by ``SearchSession.resolve``. Control characters are text like any other (a search for
them finds nothing); messages show them escaped. File paths are exempt from the UTF-8 rule: a
file name on Linux may be any bytes, and such a file is still opened by its name.

``QuietOutput`` wraps the output an import writes as it goes: when the reader goes away
(``drugview import ... | head -1``), further output is dropped and the import carries on to
the end, so its exit status still tells whether the labels were filed. Text the stream cannot
encode (a file name that is not UTF-8) is written with backslash escapes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

MAX_LIMIT = 100_000
_PATH_ARGUMENTS = frozenset({"catalogue", "output", "paths"})
_CONTROLS = {n: f"\\x{n:02x}" for n in [*range(32), 127]}


class BadArgument(ValueError):
    """An argument no command can use; ``str(error)`` is the one-line message."""


def check_arguments(args: argparse.Namespace) -> None:
    """Raise ``BadArgument`` for the first text argument that is not clean UTF-8 text."""
    limit = getattr(args, "limit", None)
    if isinstance(limit, int) and limit > MAX_LIMIT:
        raise BadArgument(f"--limit {limit} is too large (at most {MAX_LIMIT})")
    for name, value in sorted(vars(args).items()):
        if name in _PATH_ARGUMENTS or not isinstance(value, str):
            continue
        problem = text_problem(value)
        if problem:
            raw = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            shown = raw.encode("ascii", "backslashreplace").decode("ascii").translate(_CONTROLS)
            raise BadArgument(f"the {_label(name)} '{shown}' {problem}")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be an argument's text, or None when it can."""
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        return "is not valid UTF-8 text"
    return None  # anything else typed is text: searched as it is, escaped when printed


def _label(name: str) -> str:
    return {"id_or_name": "drug", "name": "drug", "query": "query"}.get(
        name, "--" + name.replace("_", "-")
    )


def _escaped(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class QuietOutput:
    """A text stream that falls silent, instead of raising, once its reader has gone away."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.closed_by_reader = False

    def write(self, text: str) -> int:
        if self.closed_by_reader:
            return len(text)
        try:
            try:
                written = self.stream.write(text)
            except UnicodeEncodeError:  # a file name that is not UTF-8, say
                written = self.stream.write(_escaped(text))
            self.stream.flush()
        except BrokenPipeError:
            self._silence()
            return len(text)
        return written

    def flush(self) -> None:
        if not self.closed_by_reader:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._silence()

    def _silence(self) -> None:
        self.closed_by_reader = True
        try:  # the interpreter flushes the stream again at exit: point it at nothing
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass


@contextlib.contextmanager
def quiet_output() -> Iterator[None]:
    """Within the block, ``sys.stdout`` and ``sys.stderr`` fall silent on a closed pipe."""
    quiet_out, quiet_err = QuietOutput(sys.stdout), QuietOutput(sys.stderr)
    with contextlib.redirect_stdout(quiet_out), contextlib.redirect_stderr(quiet_err):
        yield
