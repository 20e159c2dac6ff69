"""The 363 PharmGKB labels ship with the app: derived reproducibly, filed, text kept exactly."""

from __future__ import annotations

import functools
import gzip
import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED_DATA, needs_shared
from viewer.catalogue.build import LABELS_FILE
from viewer.catalogue.store import Catalogue
from viewer.paths import data_dir
from viewer.search import NameSearch, Tier
from viewer.sources import shipped_labels
from viewer.sources.records import read_json_gz

PHARMGKB = SHARED_DATA / "openfda" / "pharmgkb-labels"


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.cache  # 363 files, read once per process for the tests that compare with them
def raw_records() -> list[dict]:
    records = []
    for path in sorted(PHARMGKB.glob("[ABN]*.json")):
        (record,) = json.loads(path.read_bytes())["results"]
        records.append(record)
    return records


@needs_shared()
def test_the_shipped_labels_are_exactly_what_derive_makes_from_the_shared_data(
    shared_derived_labels: bytes,
) -> None:
    # write_json_gz(derive(../shared/data)), made in the background job that also imports
    # those files, from the same reading of them (tests/background.py)
    assert shared_derived_labels == (data_dir() / LABELS_FILE).read_bytes()


def test_the_shipped_labels_hold_the_fixtures_and_the_pharmgkb_set_with_provenance() -> None:
    committed = read_json_gz(data_dir() / LABELS_FILE)
    by_set = {label["set_id"]: label for label in committed["labels"]}
    for label in shipped_labels.derive(FIXTURES / "labels")["labels"]:
        if label["set_id"] in by_set and by_set[label["set_id"]]["origin"] == label["origin"]:
            assert by_set[label["set_id"]] == label
    pharmgkb = [f for f in committed["files"] if f["path"].startswith("openfda/pharmgkb-labels/")]
    assert len([f for f in pharmgkb if re.search(r"/(NDA|ANDA|BLA)\d+\.json$", f["path"])]) == 363
    assert all(re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) for f in committed["files"])
    origins = {label["origin"] for label in committed["labels"]}
    assert sum(o.startswith("openfda/pharmgkb-labels/") for o in origins) == 363
    refused = {r["origin"] for r in committed["refused"]}
    assert "openfda/pharmgkb-labels/timestamp.json" in refused


def section_rows(path: Path, kind: str) -> dict[str, tuple]:
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "SELECT set_id, text, version, effective_date, monograph_id FROM section"
            " WHERE kind = ? AND source = 'openfda' ORDER BY position",
            (kind,),
        ).fetchall()
    finally:
        db.close()
    found: dict[str, tuple] = {}
    for set_id, text, version, effective, monograph_id in rows:
        found.setdefault(set_id, (text, version, effective, monograph_id))
    return found


@needs_shared()
@pytest.mark.parametrize(
    ("field", "kind", "at_least"),
    [("indications_and_usage", "indications", 360), ("mechanism_of_action", "mechanism", 310)],
)
def test_the_shipped_catalogue_carries_every_labels_text_exactly(
    shipped_catalogue: Path, field: str, kind: str, at_least: int
) -> None:
    filed = section_rows(shipped_catalogue, kind)
    monographs = set()
    for record in raw_records():
        if not record.get(field):
            continue
        text, version, effective, monograph_id = filed[record["set_id"]]
        published = _ws(" ".join(record[field]))
        if record.get(field + "_table"):
            assert _ws(text).startswith(published)  # the tables' text follows
        else:
            assert _ws(text) == published
        assert version == str(record["version"])
        assert effective.replace("-", "") == record["effective_time"]
        monographs.add(monograph_id)
    assert len(monographs) >= at_least


@needs_shared()
def test_a_pharmacologic_class_finds_every_monograph_whose_label_states_it(
    shipped_catalogue: Path,
) -> None:
    stating = {
        r["set_id"]
        for r in raw_records()
        if "beta-Adrenergic Blocker [EPC]" in r["openfda"].get("pharm_class_epc", [])
    }
    assert stating
    epc = section_rows(shipped_catalogue, "indications")
    expected = {epc[s][3] for s in stating}
    with Catalogue.open(shipped_catalogue) as catalogue:
        hits = NameSearch(catalogue).search("beta-adrenergic blocker", 50)
        assert {h.monograph_id for h in hits if h.tier == Tier.PHARM_CLASS} == expected
        for monograph_id in expected:
            monograph = catalogue.monograph(monograph_id)
            assert monograph is not None
            assert ("epc", "beta-Adrenergic Blocker") in {
                (c.kind, c.name) for c in monograph.pharm_classes
            }


def test_classes_are_read_from_the_openfda_block_once_each_without_their_kind() -> None:
    from viewer.sources.openfda import pharm_classes

    block = {
        "pharm_class_epc": ["HMG-CoA Reductase Inhibitor [EPC]", "HMG-CoA Reductase Inhibitor"],
        "pharm_class_moa": ["Hydroxymethylglutaryl-CoA Reductase Inhibitors [MoA]"],
        "pharm_class_cs": [" "],
    }
    assert [(c.kind, c.name) for c in pharm_classes(block)] == [
        ("epc", "HMG-CoA Reductase Inhibitor"),
        ("moa", "Hydroxymethylglutaryl-CoA Reductase Inhibitors"),
    ]


def test_the_derived_file_is_gzip_of_sorted_json() -> None:
    raw = gzip.decompress((data_dir() / LABELS_FILE).read_bytes())
    document = json.loads(raw)
    assert raw == json.dumps(
        document, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


@pytest.mark.parametrize(
    ("brand", "set_id", "moiety"),
    [
        # the openFDA blocks name the salts (CLOPIDOGREL BISULFATE, ESCITALOPRAM OXALATE) that
        # the catalogue's own Drugs@FDA rows file under their moieties
        ("plavix", "de8b0b67-eb25-4684-83b5-7ad785314227", "clopidogrel"),
        ("lexapro", None, "escitalopram"),
    ],
)
def test_a_label_naming_a_salt_joins_the_brand_its_products_are_filed_under(
    shipped_catalogue: Path, brand: str, set_id: str | None, moiety: str
) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        hits = NameSearch(catalogue).find(brand, limit=10).hits
        same_brand = [h for h in hits if h.title.casefold() == brand and h.tier <= Tier.PREFIX]
        assert len(same_brand) == 1, same_brand  # one monograph, not one per source
        monograph = catalogue.monograph(same_brand[0].monograph_id)
    assert monograph is not None
    assert monograph.ingredient_names == (moiety,)
    assert monograph.labels, "the brand's label text is on its monograph"
    label = monograph.labels[0] if set_id is None else monograph.label(set_id)
    assert label is not None and label.covers, "and it covers the brand's product rows"
