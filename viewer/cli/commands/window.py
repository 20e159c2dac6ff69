"""``drugview`` with no command: open the window (Qt is imported only here)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from viewer.ui.app import run as run_window

    return run_window(args.catalogue, verbose=args.verbose)
