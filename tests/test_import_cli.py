"""`drugview import`: the CLI contract, every kind of bad input, and a killed import."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO
from viewer.catalogue.importer import ImportSummary
from viewer.catalogue.store import Catalogue
from viewer.cli import main
from viewer.cli.progress import ImportProgress
from viewer.search import NameSearch

LABELS = FIXTURES / "labels"
SAMPLE = LABELS / "openfda" / "labels-sample.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def catalogue(tmp_path: Path, small_catalogue: Path) -> Path:
    target = tmp_path / "place" / "catalogue.sqlite"
    target.parent.mkdir()
    shutil.copyfile(small_catalogue, target)
    return target


def openfda_file(
    path: Path, count: int, start: int = 0, pick: Callable[[int], int] | None = None
) -> Path:
    """``count`` real sample records in turn (or record ``pick(n)`` as the n-th), each with its
    own set id, in openFDA's shape. Record 1 of the sample is one an import skips."""
    records = json.loads(SAMPLE.read_text(encoding="utf-8"))
    with open(path, "w", encoding="utf-8") as out:
        out.write(f'{{"meta": {{"results": {{"total": {count}}}}}, "results": [')
        for n in range(start, start + count):
            index = pick(n) if pick else n % len(records)
            record = dict(records[index], set_id=f"bench-set-{n:08d}", id=f"doc-{n}")
            out.write(("," if n > start else "") + json.dumps(record))
        out.write("]}")
    return path


def test_import_reports_counts_and_every_skip_with_file_and_reason(
    capsys: pytest.CaptureFixture[str], catalogue: Path
) -> None:
    code, out, _ = run(capsys, "import", str(LABELS), "--catalogue", str(catalogue))
    assert code == 0
    lines = out.splitlines()  # each skip as it happens, then the totals
    assert lines[-2].startswith(f"imported 6 labels into {catalogue} in ")
    assert lines[-1] == "  imported: 6  updated: 0  skipped: 3  new monographs: 4"
    skips = lines[:-2]
    assert len(skips) == 3
    schema = LABELS / "openfda" / "druglabel_schema.json"
    assert f"skipped {schema}: holds no openFDA label records" in "\n".join(skips)
    assert any(line.startswith(f"skipped {SAMPLE} record 2: (set id 0000076a") for line in skips)
    assert f"skipped {LABELS / 'spl' / 'METHOXSALEN.xml'}: is not a product label" in out


def test_importing_the_same_labels_again_changes_nothing_and_exits_2(
    capsys: pytest.CaptureFixture[str], catalogue: Path
) -> None:
    run(capsys, "import", str(LABELS / "spl"), "--catalogue", str(catalogue))
    before = catalogue.read_bytes()
    code, out, _ = run(capsys, "import", str(LABELS / "spl"), "--catalogue", str(catalogue))
    assert code == 2
    assert out.splitlines()[-2] == f"nothing imported; {catalogue} is unchanged"
    assert "version 1560 of set id 608d4f0d-b19f-46d3-749a-7159aa5f933d is already" in out
    assert catalogue.read_bytes() == before


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "bad"
    folder.mkdir()
    truncated = folder / "truncated.xml"
    truncated.write_bytes((LABELS / "spl" / "humira.xml").read_bytes()[:100_000])
    not_a_label = folder / "METHOXSALEN.xml"
    shutil.copy(LABELS / "spl" / "METHOXSALEN.xml", not_a_label)
    empty_block = folder / "empty-openfda.json"
    records = json.loads(SAMPLE.read_text(encoding="utf-8"))
    empty_block.write_text(json.dumps([records[1]]), encoding="utf-8")
    broken = folder / "broken.json"
    broken.write_text('{"meta": {}, "results": [{"set_id": "a", ', encoding="utf-8")
    bad_zip = folder / "labels.zip"
    bad_zip.write_bytes(b"PK\x03\x04" + os.urandom(64))
    return {
        "is not well-formed XML, perhaps truncated": truncated,
        "is not a product label": not_a_label,
        "has an empty openfda block": empty_block,
        "is broken JSON after 0 records": broken,
        "is not a readable zip archive": bad_zip,
    }


def test_each_bad_input_is_reported_and_the_good_ones_import(
    capsys: pytest.CaptureFixture[str], catalogue: Path, bad_inputs: dict[str, Path]
) -> None:
    good = LABELS / "spl" / "cough.xml"
    paths = [str(p) for p in bad_inputs.values()]
    code, out, err = run(capsys, "import", *paths, str(good), "--catalogue", str(catalogue))
    assert code == 0
    assert "imported: 1  updated: 0  skipped: 5" in out
    for reason, path in bad_inputs.items():
        assert any(
            line.startswith(f"skipped {path}") and reason in line for line in out.splitlines()
        ), reason
    assert "Traceback" not in err
    with Catalogue.open(catalogue) as opened:
        assert NameSearch(opened).search("triaminic childrens", limit=1)


def test_nothing_importable_exits_2_and_leaves_the_catalogue_alone(
    capsys: pytest.CaptureFixture[str], catalogue: Path, bad_inputs: dict[str, Path]
) -> None:
    before = catalogue.read_bytes()
    code, out, _ = run(
        capsys, "import", *map(str, bad_inputs.values()), "--catalogue", str(catalogue)
    )
    assert code == 2
    assert "imported: 0  updated: 0  skipped: 5" in out
    assert catalogue.read_bytes() == before
    assert [p.name for p in catalogue.parent.iterdir()] == ["catalogue.sqlite"]  # no temp left


@pytest.mark.parametrize("problem", ["missing", "foreign"])
def test_an_unusable_catalogue_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, problem: str
) -> None:
    target = tmp_path / "place" / "catalogue.sqlite"
    target.parent.mkdir()
    if problem == "foreign":
        target.write_text("<html>not a catalogue</html>", encoding="utf-8")
    code, out, err = run(capsys, "import", str(SAMPLE), "--catalogue", str(target))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and str(target) in err
    assert sorted(p.name for p in target.parent.iterdir()) == (
        ["catalogue.sqlite"] if problem == "foreign" else []
    )


def test_import_into_the_managed_catalogue(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shipped_catalogue: Path
) -> None:
    managed = Path(os.environ["DRUGVIEW_CATALOGUE"])
    shutil.copyfile(shipped_catalogue, managed)  # current, so it is not rebuilt first
    new = openfda_file(tmp_path / "new.json", 3, start=2)  # Betadine, Silicea, (empty block)
    code, out, _ = run(capsys, "import", str(new))
    assert code == 0
    assert "imported: 2  updated: 0  skipped: 1" in out
    code, out, _ = run(capsys, "show", "betadine", "--json")
    sets = {s["provenance"]["set_id"] for s in json.loads(out)["sections"]}
    assert {"00002127-02bc-4c66-b0c3-ca29d8224afc", "bench-set-00000002"} <= sets


def test_build_keeps_the_labels_imported_into_the_catalogue_it_replaces(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    small_catalogue: Path,
    fixture_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from viewer.cli.commands import build

    monkeypatch.setattr(build, "data_dir", lambda: fixture_data_dir)  # the small sources
    target = tmp_path / "catalogue.sqlite"
    shutil.copyfile(small_catalogue, target)
    run(capsys, "import", str(openfda_file(tmp_path / "new.json", 1)), "--catalogue", str(target))
    code, out, _ = run(capsys, "build", "--output", str(target))
    assert code == 0
    assert "kept 1 imported labels from the catalogue it replaced" in out
    with Catalogue.open(target) as catalogue:
        hit = NameSearch(catalogue).search("silicea", limit=1)[0]
        silicea = catalogue.monograph(hit.monograph_id)
    assert silicea is not None
    assert "bench-set-00000000" in {s.provenance.set_id for s in silicea.sections}


def test_show_humira_json_carries_the_label_with_its_provenance(
    capsys: pytest.CaptureFixture[str], shipped_catalogue: Path
) -> None:
    code, out, _ = run(capsys, "show", "humira", "--catalogue", str(shipped_catalogue), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["mechanism"].startswith("Adalimumab binds specifically to TNF-alpha")
    assert "Rheumatoid Arthritis" in doc["indications"]
    by_kind = {s["kind"]: s for s in doc["sections"]}
    for kind in ("mechanism", "indications", "medication_guide"):
        provenance = by_kind[kind]["provenance"]
        assert provenance["source"] == "spl"
        assert provenance["set_id"] == "608d4f0d-b19f-46d3-749a-7159aa5f933d"
        assert provenance["version"] == "1560"
        assert provenance["effective_date"] == "2013-09-30"
    assert "drugsatfda" in doc["sources"] and "spl" in doc["sources"]


def test_show_lipitor_text_cites_the_label(
    capsys: pytest.CaptureFixture[str], shipped_catalogue: Path
) -> None:
    code, out, _ = run(capsys, "show", "lipitor", "--catalogue", str(shipped_catalogue))
    assert code == 0
    assert "HMG-CoA reductase" in out
    # The PharmGKB openFDA record of Lipitor's set id (version 38) is newer than
    # lipitor-orig.xml (version 11), so it replaced it.
    assert "set id c6e131fe-e7df-4876-83f7-9156fc4e8228, version 38, effective 2022-12-01" in out


def test_info_lists_the_label_sources(
    capsys: pytest.CaptureFixture[str], shipped_catalogue: Path
) -> None:
    _, out, _ = run(capsys, "info", "--catalogue", str(shipped_catalogue), "--json")
    sources = {s["key"]: s for s in json.loads(out)["sources"]}
    assert sources["spl"]["records"] == 3  # Lipitor's SPL was replaced by a newer openFDA one
    assert sources["spl"]["edition"] == "labels effective up to 2013-09-30"
    assert sources["openfda"]["records"] == 2 + 363
    assert sources["openfda"]["edition"] == "labels effective up to 2025-01-02"


def test_progress_is_printed_at_most_once_a_second() -> None:
    now = [100.0]
    stream = io.StringIO()
    progress = ImportProgress(stream, lambda: now[0])
    summary = ImportSummary(Path("c.sqlite"), imported=10)
    for step in (0.2, 0.5, 1.1, 1.5, 2.2):
        now[0] = 100.0 + step
        progress(summary)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("importing: 10 labels read, 10 imported, 0 updated, 0 skipped (")


def test_an_import_killed_half_way_leaves_the_previous_catalogue_intact(
    tmp_path: Path, catalogue: Path
) -> None:
    # many seconds of work past the first progress line, which comes after one second
    big = openfda_file(tmp_path / "drug-label-0001-of-0001.json", 4_000)
    before = catalogue.read_bytes()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "import", str(big), "--catalogue", str(catalogue)],
        stdout=subprocess.DEVNULL,  # a skip line per empty openfda block: not read here
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()  # the first progress line: the import is under way
    assert line.startswith("importing: "), line
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert catalogue.read_bytes() == before
    with Catalogue.open(catalogue) as opened:
        assert NameSearch(opened).search("humira", limit=1)[0].title == "Humira"
        assert opened.info().sections == 4  # the fixture catalogue's curated sections only
    leftovers = [p.name for p in catalogue.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].startswith(".catalogue.sqlite.")
    # The next import is not disturbed by what the killed one left behind.
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            "import",
            str(SAMPLE),
            "--catalogue",
            str(catalogue),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    # ... and it removed the temporary file and lock file the killed one left.
    assert sorted(p.name for p in catalogue.parent.iterdir()) == ["catalogue.sqlite"]
