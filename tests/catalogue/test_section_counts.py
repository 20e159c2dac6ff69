"""Coverage counts: monographs per kind of section and the labels' dates, as info shows them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from viewer.catalogue import section_counts
from viewer.catalogue.store import Catalogue
from viewer.cli import main


def counted_by_hand(path: Path, kinds: tuple[str, ...]) -> int:
    db = sqlite3.connect(path)
    try:
        holders = set()
        for kind in kinds:
            holders |= {
                row[0]
                for row in db.execute("SELECT monograph_id FROM section WHERE kind = ?", (kind,))
            }
        return len(holders)
    finally:
        db.close()


def test_each_count_is_the_monographs_holding_that_kind(shipped_catalogue: Path) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        coverage = catalogue.section_coverage()
    assert [what for what, _ in coverage.by_kind] == [what for what, _ in section_counts.KINDS]
    for (what, count), (_, kinds) in zip(coverage.by_kind, section_counts.KINDS, strict=True):
        assert count == counted_by_hand(shipped_catalogue, kinds), what
    assert dict(coverage.by_kind)["indications"] >= 360
    assert dict(coverage.by_kind)["mechanism of action"] >= 310
    assert coverage.first_label is not None and coverage.last_label is not None
    assert coverage.first_label <= coverage.last_label


def test_a_catalogue_without_labels_counts_zero_and_has_no_dates(small_catalogue: Path) -> None:
    with Catalogue.open(small_catalogue) as catalogue:
        coverage = catalogue.section_coverage()
    assert coverage.labels == 0 and coverage.first_label is None
    assert "effective" not in section_counts.lines(coverage)[0]


def test_info_prints_the_coverage(
    capsys: pytest.CaptureFixture[str], shipped_catalogue: Path
) -> None:
    assert main(["info", "--catalogue", str(shipped_catalogue)]) == 0
    out = capsys.readouterr().out
    with Catalogue.open(shipped_catalogue) as catalogue:
        coverage = catalogue.section_coverage()
    assert "coverage:" in out
    for line in section_counts.lines(coverage):
        assert line in out
    assert main(["info", "--catalogue", str(shipped_catalogue), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["coverage"] == coverage.to_json()
    assert document["coverage"]["label_dates"]["first"] == coverage.first_label.isoformat()
