"""`drugview handout`: a PDF from the command line, with the other subcommands' exit codes.

In-process runs use pytest-qt's ``qapp`` so the command finds a QApplication, as the window
would give it: were it to start its own QGuiApplication, later widget tests could not start.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.pdfread import PAPER_POINTS, median_size, page_sizes, pdf_text
from tests.test_cli import run, run_process


def test_handout_writes_a_pdf_with_the_fields(
    qapp, capsys, small_catalogue: Path, tmp_path
) -> None:
    output = tmp_path / "avonex.pdf"
    code, out, err = run(
        capsys,
        "handout",
        "avonex",
        "--catalogue",
        str(small_catalogue),
        "--output",
        str(output),
        "--clinic",
        "North <Clinic>",
        "--patient",
        "Sam & Lee",
        "--notes",
        "<b>not bold</b>",
        "--date",
        "2026-03-04",
        "--paper",
        "letter",
    )
    assert (code, err) == (0, "")
    assert out.startswith(f"saved {output} (")
    text = pdf_text(output)
    for expected in ("North <Clinic>", "Sam & Lee", "<b>not bold</b>", "4 March 2026"):
        assert expected in text
    assert "an injection into a muscle (intramuscular)" in text
    assert page_sizes(output)[0] == pytest.approx(PAPER_POINTS["letter"], abs=1)


def test_large_print_option(qapp, capsys, small_catalogue: Path, tmp_path) -> None:
    for name, extra in (("normal.pdf", []), ("large.pdf", ["--large-print"])):
        code, _, _ = run(
            capsys,
            "handout",
            "avonex",
            "--catalogue",
            str(small_catalogue),
            "--output",
            str(tmp_path / name),
            "--paper",
            "a4",
            *extra,
        )
        assert code == 0
    assert median_size(tmp_path / "large.pdf") >= 1.4 * median_size(tmp_path / "normal.pdf")
    assert page_sizes(tmp_path / "large.pdf")[0] == pytest.approx(PAPER_POINTS["a4"], abs=1)


@pytest.mark.parametrize(
    ("name", "output", "message"),
    [
        ("no-such-drug-xyz", "out.pdf", "no drug matches 'no-such-drug-xyz'"),
        ("avonex", "missing/out.pdf", "no such folder"),
        ("avonex", ".", "it is a folder"),
    ],
)
def test_user_errors_exit_2_with_one_line(
    qapp, capsys, small_catalogue: Path, tmp_path, name: str, output: str, message: str
) -> None:
    code, out, err = run(
        capsys,
        "handout",
        name,
        "--catalogue",
        str(small_catalogue),
        "--output",
        str(tmp_path / output),
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("drugview: ") and message in err
    assert not (tmp_path / "out.pdf").exists()


def test_bad_option_values_are_usage_errors(qapp, capsys, small_catalogue: Path, tmp_path) -> None:
    for bad in (["--paper", "a3"], ["--date", "2026-13-01"]):
        with pytest.raises(SystemExit) as exit_info:
            run(capsys, "handout", "avonex", "--output", str(tmp_path / "x.pdf"), *bad)
        assert exit_info.value.code == 2


def test_handout_runs_without_a_display(small_catalogue: Path, tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "DISPLAY"}}
    output = tmp_path / "headless.pdf"
    result = run_process(
        "handout", "avonex", "--catalogue", str(small_catalogue), "--output", str(output), env=env
    )
    assert result.returncode == 0, result.stderr
    assert "Avonex" in pdf_text(output)


def test_the_readme_sample_is_the_avonex_handout() -> None:
    sample = REPO / "docs" / "avonex-handout.pdf"
    text = pdf_text(sample)
    assert text.startswith("Example Neurology Clinic (sample header) Avonex")
    assert "Avonex is given as an injection into a muscle (intramuscular)." in text
    assert "Carmen Pope, BPharm" in text
    assert "[docs/avonex-handout.pdf](docs/avonex-handout.pdf)" in (REPO / "README.md").read_text(
        encoding="utf-8"
    )
