"""`python -m viewer` is the same entry point as `drugview` and `python main.py`."""

from viewer.cli import main

raise SystemExit(main())
