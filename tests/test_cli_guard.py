"""Odd arguments to every command, and an import whose reader goes away, end cleanly."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_import_cli import openfda_file
from viewer.catalogue.store import Catalogue
from viewer.cli import main
from viewer.cli.guard import text_problem


@pytest.fixture
def catalogue(tmp_path: Path, small_catalogue: Path) -> Path:
    target = tmp_path / "catalogue.sqlite"
    shutil.copyfile(small_catalogue, target)
    return target


def drugview(*argv: str | bytes | Path, **options: object) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        str(REPO / "main.py"),
        *(a if isinstance(a, bytes) else str(a) for a in argv),
    ]
    return subprocess.run(
        command,  # type: ignore[arg-type]
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=300,
        **options,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("command", ["show", "handout"])
@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("9223372036854775808", "the id 9223372036854775808 is out of range"),
        ("1" * 40, "is out of range (ids go up to 9223372036854775807)"),
        ("0" * 30 + "9223372036854775808", "is out of range (ids go up to 9223372036854775807)"),
    ],
)
def test_odd_ids_and_names_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], catalogue: Path, command: str, argument: str, message: str
) -> None:
    extra = ["--output", str(catalogue.with_name("out.pdf"))] if command == "handout" else []
    code = main([command, argument, "--catalogue", str(catalogue), *extra])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"drugview: {message}\n" or (err.startswith("drugview: ") and message in err)
    assert err.count("\n") == 1 and out == ""


def test_the_largest_id_sqlite_holds_is_looked_up_not_refused(
    capsys: pytest.CaptureFixture[str], catalogue: Path
) -> None:
    code = main(["show", str(2**63 - 1), "--catalogue", str(catalogue)])
    assert code == 2
    assert "no drug matches '9223372036854775807'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["show", b"\xff\xfeavonex"],
        ["search", b"avo\xffnex"],
        ["handout", b"\xffavonex", "--output", "x.pdf"],
        ["handout", "avonex", "--output", "x.pdf", "--clinic", b"Clinic \xff"],
        ["handout", "avonex", "--output", "x.pdf", "--notes", b"\xc3\x28"],
    ],
)
def test_non_utf8_text_arguments_are_refused_in_one_line(
    tmp_path: Path, catalogue: Path, argv: list[str | bytes]
) -> None:
    done = drugview(*argv, "--catalogue", catalogue, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("drugview: the ") and done.stderr.endswith(
        " is not valid UTF-8 text\n"
    )
    assert "\\x" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_non_utf8_file_name_is_still_a_file_name(tmp_path: Path, catalogue: Path) -> None:
    odd = openfda_file(tmp_path / "label.json", 3)
    name = bytes(tmp_path) + b"/\xff-labels.json"
    Path(name.decode("utf-8", "surrogateescape")).write_bytes(odd.read_bytes())
    done = drugview("import", name, "--catalogue", catalogue)
    assert done.returncode == 0, done.stderr
    assert "\\xff-labels.json record 2: " in done.stdout  # the skip names the file, escaped
    assert "Traceback" not in done.stderr


def test_search_limit_past_any_use_is_refused(
    capsys: pytest.CaptureFixture[str], catalogue: Path
) -> None:
    code = main(["search", "ab", "--limit", str(2**63), "--catalogue", str(catalogue)])
    assert code == 2
    assert (
        capsys.readouterr().err
        == "drugview: --limit 9223372036854775808 is too large (at most 100000)\n"
    )


def test_any_text_is_an_argument_but_text_that_is_not_utf8() -> None:
    assert text_problem("Zyrtec-D 12 hour\tβ\x1b") is None
    assert text_problem("caf\udce9") == "is not valid UTF-8 text"


def test_an_import_whose_reader_goes_away_finishes_and_tells_the_truth(
    tmp_path: Path, catalogue: Path
) -> None:
    # 1000 records the import skips, each a line: more than a pipe holds; then two it files
    labels = openfda_file(tmp_path / "labels.json", 1002, pick=lambda n: 1 if n < 1000 else 0)
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "main.py"),
            "import",
            str(labels),
            "--catalogue",
            str(catalogue),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith("skipped ")  # like `| head -1`
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=600) == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err
    with Catalogue.open(catalogue) as opened:
        assert len(list(opened.stored_labels())) == 2


def test_control_characters_in_a_catalogue_from_elsewhere_are_escaped_on_the_terminal(
    capsys: pytest.CaptureFixture[str], catalogue: Path
) -> None:
    db = sqlite3.connect(catalogue)
    with db:
        db.execute(
            "UPDATE section SET text = text || ' \x1b[2J\u202eevil', html = html || ' \x1b[2J'"
        )
    db.close()
    assert main(["show", "avonex", "--catalogue", str(catalogue)]) == 0
    out = capsys.readouterr().out
    assert "\\u001b[2J\\u202eevil" in out
    assert "\x1b" not in out and "\u202e" not in out
