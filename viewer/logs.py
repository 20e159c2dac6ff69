"""The app's log: its own events, in a rotating file in the user's data folder (Qt-free).

What is logged: catalogue opened, built, updated, imported (with counts and timings), and what
failed and why. What is never logged: search text, monographs viewed, medication lists or
handout fields, which can identify a patient; callers log events, not user input.

``setup_logging`` is called once by the entry point (CLI or window); it is idempotent, so tests
may call ``main`` many times. ``--verbose`` also shows the events on stderr.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from viewer.paths import user_data_dir

LOG_FILE_NAME = "drugview.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_OURS = "_drugview_handler"  # marks the handlers installed here


def log_dir() -> Path:
    """Where the log files are: ``<user data folder>/logs``."""
    return user_data_dir() / "logs"


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


def setup_logging(verbose: bool = False) -> Path | None:
    """Log the app's events to the rotating file (and to stderr when ``verbose``).

    Returns the log file, or None when it cannot be written (the app runs on without it; a
    read-only home must not stop a clinician reading a monograph).
    """
    import logging.handlers  # (sockets, pickling: loaded once the window is on screen)

    logger = logging.getLogger("viewer")
    for handler in [h for h in logger.handlers if getattr(h, _OURS, False)]:
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.INFO)
    path: Path | None = log_file()
    handlers: list[logging.Handler] = []
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
            )
        )
    except OSError:
        path = None
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        setattr(handler, _OURS, True)
        logger.addHandler(handler)
    return path
