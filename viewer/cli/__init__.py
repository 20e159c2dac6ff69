"""The single entry point: no subcommand opens the window; subcommands run headless.

    drugview                      open the window
    drugview search QUERY         ranked name hits, then text hits (--json for a JSON array)
    drugview show ID_OR_NAME      one monograph (--json for an object)
    drugview build                rebuild the catalogue from the shipped sources
    drugview import PATH...       file official labels (SPL XML, openFDA JSON, zips, folders)
    drugview info                 schema version, build date, counts, source editions
    drugview audit                check drug identity over every monograph (exit 3 on failures)
    drugview handout NAME --output FILE.pdf   a patient handout as PDF (Qt offscreen)
    drugview interactions NAME NAME...        what each label says about the others

The package, in import order (nothing imports upward, so there is no cycle):

    errors.py     exit codes (once) and ``UserError``
    guard.py      odd arguments refused in one line; output that survives a closed pipe
    output.py     how results are written: JSON, text lines, a monograph as text
    progress.py   build and import progress on stderr
    catalogue.py  opening the catalogue a command reads (building the app's own if needed)
    commands/     one module per command, each with ``run(args) -> int``
    parser.py     the argument parser; names each command's module, imports none of them
    main.py       parse, set up logging, run the command, map errors to exit codes

Exit status: 0 on success (no hits is success), 2 on a user error (unknown drug, unusable
catalogue), with one line on stderr naming the file or query and the problem. Never a traceback
unless DRUGVIEW_DEBUG is set.
"""

from __future__ import annotations

from viewer.cli.main import main

__all__ = ["main"]
