"""Hostile label files, generated here, imported under a memory ceiling beside a good file.

Each case writes one hostile file (deep JSON and XML, long strings, bombs, nested zips, a
DOCTYPE anywhere in the prolog, control characters) and imports it together with a good
openFDA file in a separate process whose address space is capped with ``resource.setrlimit``.
The import must report the hostile file (or record) with the limit it broke, skip it, import
the good labels, stay under the ceiling and print no traceback. The same limits must never
touch real labels: every real file in the fixtures (and in ../shared/data when present)
reads without meeting one.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, SHARED_DATA, needs_shared
from tests.test_import_cli import openfda_file
from viewer.catalogue.importer import ImportSummary
from viewer.catalogue.store import Catalogue
from viewer.sources import limits
from viewer.sources.labelfiles import read_labels
from viewer.sources.records import LabelRecord, Skipped

CEILING = 1024 * 1024 * 1024  # address space of the importing process: 1 GB
SAMPLE = FIXTURES / "labels" / "openfda" / "labels-sample.json"
COUGH = FIXTURES / "labels" / "spl" / "cough.xml"
MB = 1024 * 1024


def record(n: int, **changes: object) -> dict[str, object]:
    """The first real sample record, with its own set id, changed as asked."""
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))[0]
    return {**base, "set_id": f"hostile-set-{n}", "id": f"hostile-doc-{n}", **changes}


def write_results(path: Path, records: list[object]) -> Path:
    path.write_text(json.dumps({"meta": {}, "results": records}), encoding="utf-8")
    return path


def deep_json(folder: Path) -> Path:
    """100,000 nested brackets in the middle record (json.dumps could not write them)."""
    path = write_results(folder / "deep.json", [record(1), {"set_id": "deep"}, record(2)])
    text = path.read_text(encoding="utf-8")
    deep = '"set_id": "deep", "x": ' + "[" * 100_000 + "]" * 100_000
    path.write_text(text.replace('"set_id": "deep"', deep), encoding="utf-8")
    return path


def long_string_in_zip(folder: Path) -> Path:
    brand = base64.b64encode(os.urandom(6 * MB)).decode()  # 8 MB: twice the string limit
    bad = record(3, openfda={**record(3)["openfda"], "brand_name": [brand]})  # type: ignore[dict-item]
    path = folder / "long.json.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("drug-label.json", json.dumps({"results": [bad, record(4)]}))
    return path


def long_brand_name(folder: Path) -> Path:
    block = dict(record(5)["openfda"])  # type: ignore[call-overload]
    block["brand_name"] = ["Evil" * 2500]
    return write_results(folder / "long-name.json", [record(5, openfda=block), record(6)])


def zip_bomb(folder: Path) -> Path:
    path = folder / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("label.json", b"[" + b" " * (40 * MB) + b"]")  # 40 MB from ~40 kB
    return path


def big_xml(folder: Path) -> Path:
    path = folder / "big.xml"
    with open(path, "wb") as out:
        out.write(b"<?xml version='1.0'?><document xmlns='urn:hl7-org:v3'><!-- ")
        for _ in range(70):
            out.write(b"padding " * (MB // 8))
        out.write(b" --></document>")
    return path


def nested_zips(folder: Path) -> Path:
    data = COUGH.read_bytes()
    name = "cough.xml"
    for level in range(400):
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr(name, data)
        data, name = inner.getvalue(), f"level{level}.zip"
    path = folder / "nested.zip"
    path.write_bytes(data)
    return path


def deep_xml(folder: Path) -> Path:
    text = COUGH.read_text(encoding="utf-8")
    deep = "<content>" * 300 + "deep" + "</content>" * 300
    old = "<paragraph>Diphenhydramine HCl 6.25 mg</paragraph>"
    text = text.replace(old, f"<paragraph>{deep}</paragraph>", 1)
    path = folder / "deep.xml"
    path.write_text(text, encoding="utf-8")
    return path


def doctype_after_comment(folder: Path) -> Path:
    text = COUGH.read_text(encoding="utf-8")
    declaration, rest = text.split("?>", 1)
    laughs = '<!DOCTYPE document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    comment = "<!--" + " " * 5000 + "-->"
    text = declaration + "?>" + comment + laughs + rest.replace("Drug Facts", "&lol2;", 1)
    path = folder / "doctype.xml"
    path.write_text(text, encoding="utf-8")
    return path


def control_characters(folder: Path) -> Path:
    block = dict(record(7)["openfda"])  # type: ignore[call-overload]
    block["brand_name"] = ["Evil\u202eTest"]
    text = ["Use \x1b[31mred\x1b[0m\x00 \u202elive"]
    hostile = record(7, openfda=block, indications_and_usage=text)
    return write_results(folder / "control.json", [hostile])


CASES: dict[str, tuple[Callable[[Path], Path], str, int]] = {
    # name: (make the file, what its skip line says, labels the hostile file itself holds)
    "deep JSON": (deep_json, r"deep\.json record 2: record nests deeper than the limit of 32", 2),
    "long string in a zip": (
        long_string_in_zip,
        r"long\.json\.zip!drug-label\.json record 1: record holds a string longer than the"
        r" limit of 4 MB",
        1,
    ),
    "long brand name": (
        long_brand_name,
        r"long-name\.json record 1: names a product or ingredient 10,000 characters long",
        1,
    ),
    "zip bomb": (
        zip_bomb,
        r"bomb\.zip!label\.json: expands [\d,]+-fold .* past the limit of 200-fold",
        0,
    ),
    "big XML": (big_xml, r"big\.xml: is larger than the limit of 64 MB for one SPL document", 0),
    "nested zips": (
        nested_zips,
        r"nested\.zip(!level\d+\.zip){4}: is a zip archive nested deeper than the limit of 4",
        0,
    ),
    "deep XML": (deep_xml, r"deep\.xml: nests elements deeper than the limit of 100 levels", 0),
    "DOCTYPE after a comment": (
        doctype_after_comment,
        r"doctype\.xml: has a DOCTYPE or entity declaration",
        0,
    ),
    "control characters": (control_characters, r"^$", 1),
}

RUN_CAPPED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({ceiling}, {ceiling}))
from viewer.cli import main
code = main(sys.argv[1:])
print("peak KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def import_capped(catalogue: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            RUN_CAPPED.format(ceiling=CEILING),
            "import",
            *map(str, paths),
            "--catalogue",
            str(catalogue),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_reported_and_skipped_and_the_rest_imports(
    tmp_path: Path, small_catalogue: Path, case: str
) -> None:
    make, reported, own_labels = CASES[case]
    catalogue = tmp_path / "catalogue.sqlite"
    shutil.copyfile(small_catalogue, catalogue)
    hostile = make(tmp_path)
    good = openfda_file(tmp_path / "good.json", 3, start=9000)  # two labels, one skipped record
    done = import_capped(catalogue, hostile, good)
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    skips = [line for line in done.stdout.splitlines() if line.startswith("skipped ")]
    hostile_skips = [line for line in skips if str(hostile) in line]
    if reported == r"^$":
        assert hostile_skips == []
    else:
        assert len(hostile_skips) == 1, skips
        assert re.search(reported, hostile_skips[0]), hostile_skips[0]
    assert f"imported: {2 + own_labels} " in done.stdout, done.stdout
    with Catalogue.open(catalogue) as opened:
        filed = {label.set_id for label in opened.stored_labels()}
    assert {"bench-set-00009000", "bench-set-00009002"} <= filed


def test_control_characters_and_bidi_overrides_never_reach_the_catalogue(
    tmp_path: Path, small_catalogue: Path
) -> None:
    catalogue = tmp_path / "catalogue.sqlite"
    shutil.copyfile(small_catalogue, catalogue)
    done = import_capped(catalogue, control_characters(tmp_path))
    assert done.returncode == 0, done.stderr
    with Catalogue.open(catalogue) as opened:
        (label,) = [x for x in opened.stored_labels() if x.set_id == "hostile-set-7"]
    texts = [s.text for s in label.sections] + [s.html for s in label.sections]
    texts += [*label.product_names, label.document_title]
    assert any("Use [31mred[0m live" in text for text in texts), texts
    assert "EvilTest" in " ".join(label.product_names) or any("EvilTest" in t for t in texts)
    for text in texts:
        assert not re.search(
            "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text
        )


def limit_skips(paths: list[Path]) -> tuple[int, list[str]]:
    labels, hit = 0, []
    for item in read_labels(paths):
        if isinstance(item, LabelRecord):
            labels += 1
        elif isinstance(item, Skipped) and ("limit" in item.reason):
            hit.append(str(item))
    return labels, hit


def test_the_fixture_labels_never_meet_a_limit() -> None:
    labels, hit = limit_skips([FIXTURES / "labels"])
    assert labels == 6 and hit == []


@needs_shared()
def test_the_real_labels_never_meet_a_limit(shared_import: ImportSummary) -> None:
    """All 363 PharmGKB openFDA labels and the SPL files (read by the import of ../shared that
    runs in the background, tests/background.py): nowhere near any limit."""
    assert shared_import.filed >= 363 + 4
    assert [str(s) for s in shared_import.skipped if "limit" in s.reason] == []
    largest = max(
        len(value.encode())
        for path in (SHARED_DATA / "openfda" / "pharmgkb-labels").glob("*.json")
        for result in json.loads(path.read_bytes()).get("results", [])
        for values in result.values()
        if isinstance(values, list)
        for value in values
        if isinstance(value, str)
    )
    assert largest * 8 < limits.MAX_STRING_BYTES  # the largest real field, eight times over
