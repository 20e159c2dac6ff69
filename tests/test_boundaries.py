"""Architecture rules checked by tools, not hope: Qt stays in viewer/ui, the code stays clean."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "viewer"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_viewer_ui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        qt = [m for m in imported_modules(path) if m.split(".")[0] in {"PySide6", "shiboken6"}]
        if qt:
            offenders.append(f"{path.relative_to(REPO)}: {qt}")
    assert offenders == []


def test_headless_commands_do_not_load_qt() -> None:
    code = (
        "import sys, viewer.cli, viewer.search, viewer.catalogue.build;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "False"


def test_every_module_has_a_docstring() -> None:
    missing = [
        str(path.relative_to(REPO))
        for path in sorted(PACKAGE.rglob("*.py"))
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


def _tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a checker installed beside the running interpreter (the venv's), not one on PATH."""
    return subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=REPO
    )


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_is_clean(command: list[str]) -> None:
    targets = [p for p in ("viewer", "tests", "bench", "main.py") if (REPO / p).exists()]
    result = _tool("ruff", *command, *targets)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    """mypy, configured in pyproject.toml ([tool.mypy]), finds no error in viewer/."""
    result = _tool("mypy", "--no-error-summary", "--cache-dir", str(REPO / ".mypy_cache"))
    assert result.returncode == 0, result.stdout + result.stderr
