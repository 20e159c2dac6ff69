"""``drugview search QUERY``: the search flow (names, spelling, text), as lines or JSON."""

from __future__ import annotations

import argparse
import sys

from viewer import export
from viewer.cleantext import for_terminal
from viewer.cli.catalogue import open_session
from viewer.cli.errors import ExitCode
from viewer.cli.output import name_hit_line, print_json, text_hit_line


def run(args: argparse.Namespace) -> int:
    with open_session(args.catalogue) as session:
        found = session.search(args.query, limit=args.limit)
    if found.more:  # never cut silently, with or without --json (whose array is unchanged)
        print(f"{found.more} more; use --limit", file=sys.stderr)
    if args.json:
        print_json(
            [export.hit_json(h, found.did_you_mean) for h in found.names]
            + [export.text_hit_json(h) for h in found.text]
        )
        return ExitCode.OK
    if found.did_you_mean:
        print(f"did you mean: {found.did_you_mean}?", file=sys.stderr)
    for hit in found.names:
        print(for_terminal(name_hit_line(hit)))
    for text_hit in found.text:
        print(for_terminal(text_hit_line(text_hit)))
    if found.empty:
        print(f"no matches for {args.query!r}", file=sys.stderr)
    return ExitCode.OK
