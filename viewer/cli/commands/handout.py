"""``drugview handout NAME --output FILE.pdf``: a patient handout as PDF (Qt offscreen).

The patient's name, date and notes go on the sheet only; they are never logged.
"""

from __future__ import annotations

import argparse
from datetime import date

from viewer.cli.catalogue import open_session
from viewer.cli.errors import ExitCode, UserError
from viewer.handout import HandoutOptions, build_handout


def run(args: argparse.Namespace) -> int:
    options = HandoutOptions(
        clinic=args.clinic,
        patient=args.patient,
        handout_date=args.date or date.today(),
        notes=args.notes,
        large_print=args.large_print,
    )
    with open_session(args.catalogue) as session:
        monograph = session.resolve(args.name)
        info = session.catalogue.info()
    handout = build_handout(monograph, info, options, date.today())
    from viewer.ui import printing  # Qt is imported only when a handout is rendered

    try:
        paper = printing.Paper(args.paper) if args.paper else printing.paper_for_locale()
        pages = printing.save_pdf(handout, args.output, paper)
    except printing.PrintError as error:
        raise UserError(str(error)) from error
    print(f"saved {args.output} ({pages} {'page' if pages == 1 else 'pages'}, {paper.label})")
    return ExitCode.OK
