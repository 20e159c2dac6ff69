"""openFDA drug-label JSON: streamed record by record, sections by field, bad records skipped."""

from __future__ import annotations

import html
import io
import json
from datetime import date
from typing import Any

import pytest

from tests.conftest import FIXTURES, SHARED_DATA, needs_shared
from viewer.sources import openfda
from viewer.sources.records import LabelError, LabelRecord, Skipped

SAMPLE = FIXTURES / "labels" / "openfda" / "labels-sample.json"


def records() -> list[dict[str, Any]]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def read(data: bytes, origin: str = "f.json") -> list[LabelRecord | Skipped]:
    return list(openfda.iter_labels(io.BytesIO(data), origin))


def test_the_real_sample_imports_two_records_and_skips_the_empty_openfda_block() -> None:
    items = read(SAMPLE.read_bytes(), "labels-sample.json")
    assert [type(i).__name__ for i in items] == ["LabelRecord", "Skipped", "LabelRecord"]
    skipped = items[1]
    assert isinstance(skipped, Skipped)
    assert skipped.origin == "labels-sample.json record 2"
    assert "0000076a-fc39-4208-ace8-6c2cb367904f" in skipped.reason
    assert "empty openfda block" in skipped.reason


def test_record_identity_names_and_provenance() -> None:
    betadine = openfda.record_to_label(records()[2], "r3")
    assert betadine.source == "openfda"
    assert betadine.set_id == "00002127-02bc-4c66-b0c3-ca29d8224afc"
    assert betadine.document_id == "b8f5797b-73e1-4201-b824-2cdd50c90497"
    assert (betadine.version, betadine.effective_date) == ("1", date(2025, 1, 2))
    assert betadine.product_names == ("Betadine",)
    assert betadine.generic_names == ("POVIDONE-IODINE",)
    assert [(i.name, i.unii) for i in betadine.ingredients] == [("povidone-iodine", "85H0HZU99M")]
    assert betadine.document_title.startswith("Betadine: human OTC drug label")
    for s in betadine.sections:
        assert (s.source, s.set_id, s.version, s.document_id) == (
            "openfda",
            betadine.set_id,
            "1",
            betadine.document_id,
        )
        assert s.effective_date == date(2025, 1, 2)


def test_sections_by_field_name_in_reading_order() -> None:
    silicea = openfda.record_to_label(records()[0], "r1")
    assert [(s.kind, s.title) for s in silicea.sections] == [
        ("drug_facts", "Active ingredient"),
        ("drug_facts", "Purpose"),
        ("indications", "Indications and usage"),
        ("administration", "Dosage and administration"),
        ("warnings", "Warnings"),
        ("warnings", "Do not use"),
        ("warnings", "Stop use"),
        ("warnings", "Pregnancy or breast-feeding"),
        ("warnings", "Keep out of reach of children"),
        ("storage", "Storage and handling"),
        ("drug_facts", "Inactive ingredients"),
        ("drug_facts", "Questions"),
    ]
    indications = silicea.sections[2]
    assert indications.text == "INDICATIONS Condition listed above or as directed by the physician"
    assert indications.html == (
        "<p>INDICATIONS Condition listed above or as directed by the physician</p>"
    )


def test_prescription_fields_tables_and_unknown_fields() -> None:
    record = dict(records()[2])
    record.update(
        {
            "mechanism_of_action": ["12.1 Mechanism of Action X blocks <Y> & Z."],
            "spl_medguide": ["MEDICATION GUIDE Read this first."],
            "adverse_reactions": ["6 ADVERSE REACTIONS Headache."],
            "adverse_reactions_table": [
                '<table><tr><td onclick="x()">Headache</td><td>2%</td></tr></table>'
                '<img src="http://example.org/t.png">'
            ],
            "clinical_studies": ["14 CLINICAL STUDIES None."],
        }
    )
    label = openfda.record_to_label(record, "r")
    by_title = {s.title: s for s in label.sections}
    mechanism = by_title["Mechanism of action"]
    assert mechanism.kind == "mechanism"
    assert mechanism.html == "<p>12.1 Mechanism of Action X blocks &lt;Y&gt; &amp; Z.</p>"
    assert by_title["Medication Guide"].kind == "medication_guide"
    adverse = by_title["Adverse reactions"]
    assert adverse.html.endswith(
        "<table><tbody><tr><td>Headache</td><td>2%</td></tr></tbody></table>"
    )
    assert adverse.text.endswith("\nHeadache 2%")
    assert by_title["Clinical studies"].kind == "other"
    assert "onclick" not in adverse.html and "example.org" not in adverse.html


def test_each_paragraph_is_escaped_tidied_and_wrapped_on_its_own() -> None:
    paragraphs = [
        "  5.1 Bleeding \n Risk:  INR <2 & >4\t",
        "",
        "\u00a0\u2028 ",
        "Second\r\nparagraph\u2029with   breaks",
        "Third, already tidy: a < b",
    ]
    label = openfda.record_to_label(dict(records()[2], boxed_warning=paragraphs), "r")
    (boxed,) = [s for s in label.sections if s.kind == "boxed_warning"]
    tidied = [" ".join(p.split()) for p in paragraphs if p.split()]
    assert boxed.text == "\n".join(tidied)
    assert boxed.html == "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in tidied)
    assert boxed.html.count("<p>") == 3


def test_the_openfda_file_shape_and_a_bare_list_read_the_same() -> None:
    bare = read(SAMPLE.read_bytes())
    wrapped = json.dumps({"meta": {"last_updated": "2025-01-02"}, "results": records()})
    assert [getattr(i, "set_id", None) for i in read(wrapped.encode())] == [
        getattr(i, "set_id", None) for i in bare
    ]
    assert read(b"\xef\xbb\xbf  \n" + SAMPLE.read_bytes())[0] == bare[0]  # BOM, blank lines


def test_broken_json_keeps_the_records_before_the_break() -> None:
    data = json.dumps({"meta": {}, "results": records()}).encode()
    cut = data.index(b'"set_id": "0000076a')  # inside the second record
    items = read(data[:cut], "part.json")
    assert isinstance(items[0], LabelRecord)
    assert isinstance(items[-1], Skipped)
    assert items[-1].origin == "part.json"
    assert items[-1].reason.startswith("is broken JSON after 1 record (")
    assert read(b'{"results": [}', "x.json")[-1].reason.startswith("is broken JSON after 0")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"hello", "is not JSON"),
        (b"", "is not JSON"),
        (b'{"meta": {}, "results": []}', "holds no openFDA label records"),
        (b'[{"name": "x"}, {"name": "y"}]', "is not an openFDA drug-label file"),
    ],
)
def test_files_that_are_not_label_files_are_one_skip(data: bytes, reason: str) -> None:
    items = read(data, "x.json")
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert items[0].reason.startswith(reason)


def test_the_schema_file_is_not_a_label_file() -> None:
    schema = FIXTURES / "labels" / "openfda" / "druglabel_schema.json"
    (item,) = read(schema.read_bytes(), "druglabel_schema.json")
    assert isinstance(item, Skipped) and "holds no openFDA label records" in item.reason


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"set_id": None}, "has no set_id"),
        ({"version": ""}, "has no version"),
        (
            {"openfda": {}, "spl_product_data_elements": None},
            "has an empty openfda block, and its label text names no product",
        ),
        ({"openfda": {"route": ["TOPICAL"]}}, "names no product or ingredient"),
        (
            {k: None for k in records()[2] if k not in ("set_id", "id", "version", "openfda")},
            "has no label text",
        ),
    ],
)
def test_records_that_cannot_be_filed(change: dict[str, Any], reason: str) -> None:
    record = {**records()[2], **change}
    with pytest.raises(LabelError, match=reason):
        openfda.record_to_label(record, "r")


class CountingStream(io.RawIOBase):
    """Serves a file's bytes in small chunks and remembers how far it has been read."""

    def __init__(self, data: bytes) -> None:
        self.data, self.position = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data[self.position : self.position + min(len(buffer), 4096)]
        buffer[: len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)


def test_records_are_streamed_not_loaded_whole() -> None:
    many = [records()[2]] * 2000
    data = json.dumps({"meta": {}, "results": many}).encode()
    stream = CountingStream(data)
    labels = openfda.iter_labels(stream, "big.json")  # type: ignore[arg-type]
    first = next(labels)
    assert isinstance(first, LabelRecord)
    assert stream.position < len(data) / 10  # the first label came from the first part only


@needs_shared()
def test_fixtures_are_the_real_shared_files() -> None:
    for name in ("labels-sample.json", "druglabel_schema.json"):
        real = (SHARED_DATA / "openfda" / name).read_bytes()
        assert (FIXTURES / "labels" / "openfda" / name).read_bytes() == real
