"""The medication list (order, save/load to a chosen file) and ``drugview interactions``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from viewer.catalogue.store import Catalogue
from viewer.cli import main
from viewer.medication_list import (
    Entry,
    MedicationList,
    MedicationListError,
    entry_for,
    findings,
    recorded_classes,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def entry(n: int) -> Entry:
    return Entry(n, f"slug-{n}", f"Drug {n}")


def test_the_list_keeps_the_users_order_and_each_drug_once() -> None:
    medications = MedicationList([entry(1), entry(2), entry(3)])
    assert not medications.add(entry(2))
    medications.move(2, 0)
    assert [e.monograph_id for e in medications.entries] == [3, 1, 2]
    medications.move(0, 99)
    assert [e.monograph_id for e in medications.entries] == [1, 2, 3]
    assert medications.remove(1) == entry(2)
    assert medications.index_of(3) == 1
    medications.clear()
    assert len(medications) == 0


def test_save_and_load_through_a_file_the_user_chose(
    tmp_path: Path, interactions_catalogue: Path
) -> None:
    with Catalogue.open(interactions_catalogue) as catalogue:
        ids = [catalogue.monograph_id_for_slug(s) for s in ("coumadin", "plavix", "avonex")]
        monographs = [catalogue.monograph(i) for i in ids if i is not None]
        medications = MedicationList(entry_for(m) for m in monographs if m is not None)
        target = tmp_path / "chosen" / "list.json"
        target.parent.mkdir()
        medications.save(target)
        saved = json.loads(target.read_text(encoding="utf-8"))
        assert saved["drugs"] == [
            {"slug": "coumadin", "title": "Coumadin"},
            {"slug": "plavix", "title": "Plavix"},
            {"slug": "avonex", "title": "Avonex"},
        ]
        saved["drugs"].append({"slug": "no-such-drug", "title": "Gone"})
        target.write_text(json.dumps(saved), encoding="utf-8")
        loaded, missing = MedicationList.load(target, catalogue)
    assert loaded.entries == medications.entries
    assert missing == ["Gone"]
    assert [p.name for p in target.parent.iterdir()] == ["list.json"]  # no temporary file left


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a drugview medication list (not JSON)"),
        (b"\xff\xfe", "not a drugview medication list (not JSON)"),
        (b'{"format": "other"}', "is not a drugview medication list"),
        (b'{"format": "drugview medication list", "version": 9}', "version 9"),
        (b'{"format": "drugview medication list", "version": 1, "drugs": [1]}', "damaged"),
    ],
)
def test_a_bad_list_file_gets_one_clear_line(
    tmp_path: Path, small_catalogue: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "list.json"
    path.write_bytes(content)
    with Catalogue.open(small_catalogue) as catalogue, pytest.raises(MedicationListError) as error:
        MedicationList.load(path, catalogue)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert path.read_bytes() == content


def test_saving_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(MedicationListError, match="cannot save the list in"):
        MedicationList([entry(1)]).save(tmp_path / "nowhere" / "list.json")


def test_classes_recorded_for_a_drug_are_searched_in_the_others_labels(
    interactions_catalogue: Path,
) -> None:
    """Mobic's label states the class "Nonsteroidal Anti-inflammatory Drug" (openFDA EPC); the
    Celexa label warns about "nonsteroidal anti-inflammatory drugs (NSAIDS)"."""
    with Catalogue.open(interactions_catalogue) as catalogue:
        mobic = catalogue.monograph(catalogue.monograph_id_for_slug("mobic") or -1)
        celexa = catalogue.monograph(catalogue.monograph_id_for_slug("celexa") or -1)
        assert mobic is not None and celexa is not None
        assert "Nonsteroidal Anti-inflammatory Drug" in recorded_classes(mobic)
        assert all(
            c.kind in ("epc", "moa")
            for c in mobic.pharm_classes
            if c.name in recorded_classes(mobic)
        )
        _, pairs = findings(catalogue, [entry_for(celexa), entry_for(mobic)])
    (pair,) = pairs
    about_mobic = pair.directions[0]
    assert about_mobic.reader.title == "Celexa"
    classes = {s.term.text for p in about_mobic.passages for s in p.names if s.term}
    assert "Nonsteroidal Anti-inflammatory Drug" in classes
    sentence = (
        "Concomitant use of aspirin, nonsteroidal anti-inflammatory drugs (NSAIDS), other"
        " antiplatelet drugs, warfarin, and other anticoagulants may add to this risk."
    )
    assert sentence in [p.text for p in about_mobic.passages]
    without = replace(mobic, pharm_classes=())
    assert recorded_classes(without) == ()


def test_findings_refuse_an_entry_the_catalogue_lacks(small_catalogue: Path) -> None:
    with Catalogue.open(small_catalogue) as catalogue, pytest.raises(MedicationListError):
        findings(catalogue, [Entry(10**9, "gone", "Gone")])


# -- drugview interactions ----------------------------------------------------------------------


def test_cli_quotes_the_labels_with_provenance(capsys, interactions_catalogue: Path) -> None:
    code, out, err = run(
        capsys, "interactions", "plavix", "prilosec", "--catalogue", str(interactions_catalogue)
    )
    assert code == 0, err
    assert "Plavix + Prilosec" in out
    assert "_Avoid_ concomitant use of Plavix with *omeprazole* or esomeprazole" in out
    assert "set id de8b0b67-eb25-4684-83b5-7ad785314227, version 3, effective 2022-09-22" in out


def test_cli_json_has_the_passages_spans_and_labels(capsys, interactions_catalogue: Path) -> None:
    code, out, _ = run(
        capsys,
        "interactions",
        "celexa",
        "zocor",
        "coumadin",
        "--json",
        "--catalogue",
        str(interactions_catalogue),
    )
    assert code == 0
    document = json.loads(out)
    assert [d["title"] for d in document["drugs"]] == ["Celexa", "Zocor", "Coumadin"]
    pairs = document["pairs"]
    assert [p["found"] for p in pairs] == [True, True, False]
    assert pairs[-1]["summary"].startswith("No passage found: neither label names the other")
    passage = pairs[0]["directions"][0]["passages"][0]
    for name in passage["names"]:
        assert passage["text"][name["start"] : name["end"]] == name["text"]
        assert name["term_kind"] in {"brand", "ingredient", "synonym", "class"}
    assert passage["label"]["set_id"] and passage["label"]["effective_date"]
    assert pairs[-1]["directions"][0]["interactions_sections"][0]["title"] == "Drug interactions"


def test_cli_unknown_name_exits_2_with_a_suggestion(capsys, interactions_catalogue: Path) -> None:
    code, out, err = run(
        capsys, "interactions", "plavix", "coumadn", "--catalogue", str(interactions_catalogue)
    )
    assert code == 2
    assert out == ""
    assert err.strip().endswith("did you mean 'Coumadin'?")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("names", "message"),
    [(["plavix"], "name at least two drugs"), (["plavix", "Plavix"], "already listed")],
)
def test_cli_needs_two_different_drugs(
    capsys, interactions_catalogue: Path, names: list[str], message: str
) -> None:
    code, _, err = run(capsys, "interactions", *names, "--catalogue", str(interactions_catalogue))
    assert code == 2
    assert message in err


def test_passage_markup_is_escaped_and_highlights_stay_where_they_were() -> None:
    from viewer.interactions import Passage, Span, SpanKind, Term, TermKind, label_words
    from viewer.interactions_report import passage_html
    from viewer.monograph import Provenance, SectionKind

    text = 'Avoid <script>alert("x")</script> & <img src="http://x/y.png"> with warfarin.'
    start = text.index("warfarin")
    name = Span(start, start + 8, SpanKind.NAME, Term("warfarin", TermKind.INGREDIENT))
    passage = Passage(
        text,
        SectionKind.INTERACTIONS,
        "Drug interactions",
        Provenance("openfda"),
        tuple(sorted([name, *label_words(text)], key=lambda s: s.start)),
    )
    rendered = passage_html(passage)
    assert "<script>" not in rendered and "<img" not in rendered
    assert rendered == (
        "<u>Avoid</u> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img"
        " src=&quot;http://x/y.png&quot;&gt; with <b>warfarin</b>."
    )
