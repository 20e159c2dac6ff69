"""The app's log: events in a rotating file, never what a user searched or typed."""

from __future__ import annotations

import logging
from pathlib import Path

from viewer.cli import main
from viewer.logs import BACKUPS, MAX_BYTES, log_file, setup_logging

SEARCHED = "zzqueryzz"
PATIENT = "Jane Zzpatient"


def test_the_log_is_a_rotating_file_in_the_users_data_folder(isolated_environment: Path) -> None:
    path = setup_logging()
    assert path == isolated_environment / ".local" / "share" / "drugview" / "logs" / "drugview.log"
    handlers = [h for h in logging.getLogger("viewer").handlers if hasattr(h, "maxBytes")]
    assert len(handlers) == 1
    assert (handlers[0].maxBytes, handlers[0].backupCount) == (MAX_BYTES, BACKUPS)
    setup_logging()  # idempotent: still one handler
    assert len([h for h in logging.getLogger("viewer").handlers if hasattr(h, "maxBytes")]) == 1


def test_commands_log_events_but_never_queries_or_handout_fields(
    capsys, small_catalogue: Path, tmp_path: Path
) -> None:
    catalogue = str(small_catalogue)
    assert main(["search", SEARCHED, "--catalogue", catalogue]) == 0
    assert main(["show", SEARCHED, "--catalogue", catalogue]) == 2  # unknown drug
    assert main(["show", "avonex", "--catalogue", catalogue]) == 0
    pdf = tmp_path / "h.pdf"
    args = ["handout", "avonex", "--output", str(pdf), "--catalogue", catalogue]
    assert main([*args, "--patient", PATIENT, "--notes", "zznotezz"]) == 0
    capsys.readouterr()
    logged = log_file().read_text()
    assert f"catalogue opened: {small_catalogue}" in logged
    assert "show failed: NoSuchDrug" in logged
    for secret in (SEARCHED, PATIENT, "zznotezz", "avonex", "Avonex"):
        assert secret not in logged


def test_verbose_shows_the_events_on_stderr(capsys, small_catalogue: Path) -> None:
    assert main(["info", "--catalogue", str(small_catalogue), "--verbose"]) == 0
    assert "catalogue opened:" in capsys.readouterr().err
    assert main(["info", "--catalogue", str(small_catalogue)]) == 0
    assert "catalogue opened:" not in capsys.readouterr().err
