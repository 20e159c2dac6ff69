"""The CLI's exit codes, defined once, and the error a user can fix."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # success; no hits is success
    INTERNAL = 1  # a bug: one line on stderr, details with DRUGVIEW_DEBUG=1
    USER = 2  # something the user can fix: unknown drug, unusable catalogue, nothing imported
    VIOLATIONS = 3  # `drugview audit` found identity violations in the catalogue
    INTERRUPTED = 130  # Ctrl+C


class UserError(Exception):
    """A problem the user can fix; its message is printed on one line."""
