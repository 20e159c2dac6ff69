"""Start drugview from a source checkout: `python main.py [COMMAND ...]` (see viewer.cli)."""

from viewer.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
