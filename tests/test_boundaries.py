"""Architecture rules checked by tools, not hope: Qt stays in viewer/ui, the code stays clean."""

from __future__ import annotations

import ast
import re
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


# -- layer order and the import graph ----------------------------------------------------------

# Lower layers never import higher ones: sources -> catalogue -> search/handout -> ui/cli.
LAYERS: dict[str, int] = {
    # the base: data types, names, paths, wording and markup rules, logging
    "viewer": 0,
    "viewer.model": 0,
    "viewer.monograph": 0,
    "viewer.text": 0,
    "viewer.paths": 0,
    "viewer.logs": 0,
    "viewer.sanitize": 0,
    "viewer.routes": 0,
    "viewer.panels": 0,
    "viewer.provenance": 0,
    "viewer.sources": 1,
    "viewer.identity": 1,  # ingredient identity rules, over the sources' records
    "viewer.coverage": 1,  # which products a label's text is for, over the same records
    "viewer.catalogue": 2,
    "viewer.catalogue.writer": 2,  # the one module that writes catalogue rows (see below)
    "viewer.search": 3,
    "viewer.fuzzy": 3,
    "viewer.textsearch": 3,
    "viewer.handout": 3,
    "viewer.export": 3,
    "viewer.audit": 3,
    "viewer.interactions": 3,
    "viewer.interactions_report": 3,
    "viewer.medication_list": 3,
    "viewer.side_by_side": 3,
    "viewer.session": 3,
    "viewer.workspace": 3,
    "viewer.ui": 4,
    "viewer.cli": 4,
    "viewer.__main__": 5,
}
# The CLI's window and handout commands are where it hands over to Qt, on purpose.
CLI_MAY_USE_UI = {"viewer.cli.commands.window", "viewer.cli.commands.handout"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> int:
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LAYERS[prefix]
    raise AssertionError(f"{module} has no layer: add it to LAYERS")


def internal_imports(path: Path) -> set[str]:
    """The viewer modules ``path`` imports anywhere in it (lazy imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "viewer")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "viewer":
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (REPO / Path(*sub.split("."))).with_suffix(".py").is_file() or (
                    REPO / Path(*sub.split("."))
                ).is_dir()
                found.add(sub if is_module else node.module)
    return found


def import_graph() -> dict[str, set[str]]:
    return {module_name(p): internal_imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_no_module_imports_a_higher_layer() -> None:
    upward = []
    for module, imports in import_graph().items():
        for target in imports:
            if layer(target) <= layer(module) or target in ("viewer",):
                continue
            upward.append(f"{module} -> {target}")
    assert upward == []


def test_ui_and_cli_stay_apart() -> None:
    crossing = []
    for module, imports in import_graph().items():
        for target in imports:
            ui_to_cli = module.startswith("viewer.ui") and target.startswith("viewer.cli")
            cli_to_ui = module.startswith("viewer.cli") and target.startswith("viewer.ui")
            if ui_to_cli or (cli_to_ui and module not in CLI_MAY_USE_UI):
                crossing.append(f"{module} -> {target}")
    assert crossing == []


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target == "viewer" or target not in graph:
                continue  # the package's __init__ holds only the version
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_sql_in_the_ui() -> None:
    """A widget never runs SQL: viewer/ui imports no database module and holds no query."""
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b|\bexecute\(")
    offenders = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        modules = imported_modules(path)
        db = [m for m in modules if m in {"sqlite3", "PySide6.QtSql"}]
        lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if sql.search(line)]
        if db or lines:
            offenders.append(f"{path.relative_to(REPO)}: {db} {lines}")
    assert offenders == []


# -- one catalogue writer ----------------------------------------------------------------------

WRITER = PACKAGE / "catalogue" / "writer.py"
_WRITE = re.compile(
    r"\b(?:INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)"
)


def catalogue_tables() -> set[str]:
    """Every table the catalogue schema creates (virtual full-text tables included)."""
    from viewer.catalogue import schema

    ddl = schema.DDL + ";".join(schema.LATER_INDEXES)
    return set(re.findall(r"CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", ddl))


def table_writes(path: Path) -> set[str]:
    return {m.group(1) for m in _WRITE.finditer(path.read_text(encoding="utf-8"))}


def test_only_the_catalogue_writer_writes_catalogue_rows() -> None:
    """Build and import share one writer: no other module of viewer/ inserts, updates or
    deletes catalogue rows (names, sections, ingredients, monographs, forms, labels, ...)."""
    tables = catalogue_tables()
    assert {"monograph", "ingredient", "name", "name_word", "section", "form", "label"} <= tables
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == WRITER:
            continue
        written = table_writes(path) & tables
        if written:
            offenders.append(f"{path.relative_to(REPO)}: {sorted(written)}")
    assert offenders == []
    assert table_writes(WRITER) == tables  # the check sees the writes where they are


# -- source keys are an enum -------------------------------------------------------------------

# Strings spelled like a source key that are not one: folder and file names of the shipped and
# raw data, and the openFDA record's own "openfda" field.
NOT_SOURCE_KEYS = {
    ("viewer/catalogue/build.py", "curated"),  # data/curated/
    ("viewer/sources/derive.py", "rxnorm"),  # data/sources/rxnorm.json.gz
    ("viewer/sources/derive.py", "drugsatfda"),  # ../shared/data/drugsatfda/, its .json.gz
    ("viewer/sources/shipped_labels.py", "spl"),  # ../shared/data/spl/
    ("viewer/sources/shipped_labels.py", "openfda"),  # ../shared/data/openfda/
    ("viewer/sources/openfda.py", "openfda"),  # the record's "openfda" block
}


def test_source_keys_are_written_as_the_enum() -> None:
    """``viewer.model.SourceKey`` names every source; no module spells a key as a string
    literal, in Python or in SQL text (a key goes into SQL as a bound parameter)."""
    from viewer.model import SourceKey

    keys = {key.value for key in SourceKey}
    literals = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        if relative == "viewer/model.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if node.value in keys and (relative, node.value) not in NOT_SOURCE_KEYS:
                literals.append(f"{relative}:{node.lineno}: {node.value!r}")
            literals += [
                f"{relative}:{node.lineno}: '{key}' in SQL"
                for key in keys
                if f"'{key}'" in node.value
            ]
    assert literals == []
