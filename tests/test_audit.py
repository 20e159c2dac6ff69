"""``drugview audit``: the shipped catalogue passes every identity check, and each check fails
on a catalogue damaged in exactly the way it guards against."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from viewer.audit import CHECK_TEXT, Check, check_monograph
from viewer.catalogue.store import Catalogue
from viewer.cli import main
from viewer.cli.errors import ExitCode


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_shipped_catalogue_passes_every_check(capsys, shipped_catalogue: Path) -> None:
    code, out, _ = run(capsys, "audit", "--catalogue", str(shipped_catalogue), "--json")
    report = json.loads(out)
    assert code == 0
    assert report["violations"] == 0
    assert report["monographs"] > 10_000
    checks = report["checks"]
    assert set(checks) == {c.value for c in Check}
    assert all(checks[c.value]["checked"] > 0 for c in Check)  # every check ran


def test_the_text_report_says_how_many_were_checked_and_violated(
    capsys, small_catalogue: Path
) -> None:
    code, text, _ = run(capsys, "audit", "--catalogue", str(small_catalogue))
    lines = text.splitlines()
    assert code == 0 and lines[0].endswith(" monographs, 0 violations")
    assert len(lines) == 1 + len(Check)  # a line per check
    assert all(f"({CHECK_TEXT[c]})" in text for c in Check)


def damaged(shipped: Path, tmp_path: Path, *statements: str) -> Path:
    path = tmp_path / "damaged.sqlite"
    shutil.copyfile(shipped, path)
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path


def monograph_id(path: Path, slug: str) -> int:
    with Catalogue.open(path) as catalogue:
        found = catalogue.monograph_id_for_slug(slug)
    assert found is not None
    return found


def test_a_header_ingredient_no_product_has_is_found(
    capsys, small_catalogue: Path, tmp_path: Path
) -> None:
    # the small catalogue: the command's exit code and report are what is checked here; the
    # whole shipped catalogue passes (above)
    lipitor = monograph_id(small_catalogue, "lipitor")
    path = damaged(
        small_catalogue,
        tmp_path,
        "INSERT INTO ingredient (name) VALUES ('sodium chloride'), ('potassium')",
        "INSERT INTO monograph_ingredient SELECT "
        f"{lipitor}, id, 9, '[]' FROM ingredient WHERE name = 'sodium chloride'",
        "INSERT INTO monograph_ingredient SELECT "
        f"{lipitor}, id, 10, '[]' FROM ingredient WHERE name = 'potassium'",
    )
    code, out, _ = run(capsys, "audit", "--catalogue", str(path), "--json")
    assert code == ExitCode.VIOLATIONS
    checks = json.loads(out)["checks"]
    assert checks["header-union"]["violations"] == 1
    assert "sodium chloride" in checks["header-union"]["examples"][0]["detail"]
    assert checks["counter-ion"]["examples"][0]["title"] == "Lipitor"


def test_an_ingredient_named_twice_is_found(shipped_catalogue: Path, tmp_path: Path) -> None:
    lantus = monograph_id(shipped_catalogue, "lantus")
    path = damaged(
        shipped_catalogue,
        tmp_path,
        "INSERT INTO ingredient (name) VALUES ('Insulin Glargine')",
        f"INSERT INTO monograph_ingredient SELECT {lantus}, max(id), 5, '[]' FROM ingredient",
    )
    with Catalogue.open(path) as catalogue:  # the damaged monograph: the whole run is above
        damaged_lantus = catalogue.monograph(lantus)
    assert damaged_lantus is not None
    (detail,) = [d for c, d in check_monograph(damaged_lantus) if c is Check.NAMED_TWICE and d]
    assert damaged_lantus.title == "Lantus" and "insulin glargine" in detail


def test_label_text_moved_to_another_brand_is_found(
    shipped_catalogue: Path, tmp_path: Path
) -> None:
    """Lipitor's label filed under Caduet (amlodipine with atorvastatin) describes none of
    Caduet's products."""
    caduet = monograph_id(shipped_catalogue, "caduet")
    lipitor = monograph_id(shipped_catalogue, "lipitor")
    path = damaged(
        shipped_catalogue,
        tmp_path,
        f"UPDATE section SET monograph_id = {caduet} WHERE monograph_id = {lipitor}"
        " AND set_id IS NOT NULL",
    )
    with Catalogue.open(path) as catalogue:  # the damaged monograph: the whole run is above
        damaged_caduet = catalogue.monograph(caduet)
    assert damaged_caduet is not None and damaged_caduet.title == "Caduet"
    assert [c for c, d in check_monograph(damaged_caduet) if d] == [Check.LABEL_PRODUCTS]


def test_a_handout_speaking_of_every_form_is_caught(
    shipped_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The haloperidol tablet label covers tablets; the generic family also holds decanoate
    and lactate injections. A handout that spoke of every form (as before issue 9) would say
    "injection" on the strength of a tablet label: the audit reports it."""
    from viewer import audit as audit_module
    from viewer import handout

    with Catalogue.open(shipped_catalogue) as catalogue:
        haloperidol = catalogue.monograph(monograph_id(shipped_catalogue, "haloperidol"))
        assert haloperidol is not None and any(c.covers for c in haloperidol.labels)
        assert not list_route_violations(haloperidol)
        monkeypatch.setattr(audit_module, "given_forms", handout.chosen_forms)
        (violation,) = list_route_violations(haloperidol)
    assert "injection" in violation


def list_route_violations(monograph) -> list[str]:  # type: ignore[no-untyped-def]
    from viewer.audit import check_monograph

    return [d for c, d in check_monograph(monograph) if c is Check.HANDOUT_ROUTE and d]
