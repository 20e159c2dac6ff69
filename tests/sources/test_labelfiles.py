"""Finding labels in what a user names: files by content, folders, zips in zips, bad files."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from tests.conftest import FIXTURES
from viewer.sources.labelfiles import read_labels
from viewer.sources.records import LabelRecord, Skipped

LABELS = FIXTURES / "labels"


def outcomes(*paths: Path) -> list[tuple[str, str]]:
    """(origin, set id or skip reason) for everything read."""
    return [
        (i.origin, i.set_id if isinstance(i, LabelRecord) else "SKIP " + i.reason)
        for i in read_labels(paths)
    ]


def dailymed_zip(target: Path, names: list[str]) -> Path:
    """A release zip holding one zip per label (each with its XML and an image), as DailyMed."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as release:
        for name in names:
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as label:
                label.write(LABELS / "spl" / name, name)
                label.writestr(name.replace(".xml", "-01.jpg"), b"\xff\xd8\xff not shown")
            release.writestr(f"prescription/2024_{name.replace('.xml', '.zip')}", inner.getvalue())
    return target


def test_a_folder_of_real_files_imports_every_label_and_refuses_the_rest() -> None:
    found = outcomes(LABELS)
    labels = [(o, v) for o, v in found if not v.startswith("SKIP")]
    assert [Path(o.split(" record")[0]).name for o, _ in labels] == [
        "labels-sample.json",
        "labels-sample.json",
        "cough.xml",
        "humira.xml",
        "lipitor-orig.xml",
        "no-title.xml",
    ]
    skipped = {Path(o.split(" record")[0]).name: v for o, v in found if v.startswith("SKIP")}
    assert set(skipped) == {"druglabel_schema.json", "labels-sample.json", "METHOXSALEN.xml"}


def test_dailymed_zip_inside_zip(tmp_path: Path) -> None:
    release = dailymed_zip(tmp_path / "dm_spl_release.zip", ["humira.xml", "METHOXSALEN.xml"])
    found = outcomes(release)
    assert found[0] == (
        f"{release}!prescription/2024_humira.zip!humira.xml",
        "608d4f0d-b19f-46d3-749a-7159aa5f933d",
    )
    origin, reason = found[1]
    assert origin.endswith("2024_METHOXSALEN.zip!METHOXSALEN.xml")
    assert reason.startswith("SKIP is not a product label")
    assert len(found) == 2  # the images are not label files and are passed over


def test_openfda_json_zip_is_streamed_from_the_archive(tmp_path: Path) -> None:
    archive = tmp_path / "drug-label-0001-of-0001.json.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(LABELS / "openfda" / "labels-sample.json", "drug-label-0001-of-0001.json")
    found = outcomes(archive)
    assert [v[:8] for _, v in found] == ["0000025c", "SKIP (se", "00002127"]
    assert found[0][0] == f"{archive}!drug-label-0001-of-0001.json record 1"


def test_files_are_recognised_by_content_not_name(tmp_path: Path) -> None:
    renamed = tmp_path / "download.bin"
    shutil.copy(LABELS / "spl" / "cough.xml", renamed)
    assert outcomes(renamed) == [(str(renamed), "00f66f25-3469-4c16-9baf-fba21e9628bd")]


def test_bad_files_are_each_skipped_with_their_reason(tmp_path: Path) -> None:
    unreadable_zip = tmp_path / "broken.zip"
    unreadable_zip.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes((LABELS / "spl" / "lipitor-orig.xml").read_bytes()[:50_000])
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    image = tmp_path / "carton.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    corrupt_member = tmp_path / "corrupt-member.zip"
    with zipfile.ZipFile(corrupt_member, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(LABELS / "spl" / "cough.xml", "cough.xml")
    data = bytearray(corrupt_member.read_bytes())
    data[200:260] = bytes(60)  # damage the compressed XML
    corrupt_member.write_bytes(bytes(data))
    missing = tmp_path / "nothing-here.xml"
    found = dict(outcomes(unreadable_zip, truncated, empty, image, corrupt_member, missing))
    assert found[str(unreadable_zip)].startswith("SKIP is not a readable zip archive")
    assert found[str(truncated)].startswith("SKIP is not well-formed XML, perhaps truncated")
    assert found[str(empty)] == "SKIP is empty"
    assert found[str(image)].startswith("SKIP is not an SPL XML file, an openFDA JSON file")
    assert found[f"{corrupt_member}!cough.xml"].startswith("SKIP ")
    assert found[str(missing)] == "SKIP no such file or folder"
    assert all("\n" not in reason for reason in found.values())


def test_good_files_after_bad_ones_still_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"results": [{"set_id": "x", "openfda": {}', encoding="utf-8")
    found = outcomes(bad, LABELS / "spl" / "no-title.xml")
    assert found[-1] == (
        str(LABELS / "spl" / "no-title.xml"),
        "0027b8a3-73bf-4005-a7e3-b035f451a861",
    )
    assert all(v.startswith("SKIP") for _, v in found[:-1])


def test_an_empty_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no labels here", encoding="utf-8")
    assert outcomes(tmp_path) == [(str(tmp_path), "SKIP holds no .xml, .json or .zip files")]


def test_skipped_reads_as_one_line() -> None:
    assert str(Skipped("a.xml", "is empty")) == "a.xml: is empty"
