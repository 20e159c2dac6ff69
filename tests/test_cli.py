"""The headless CLI contract: subcommands, JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from viewer.catalogue.store import Catalogue
from viewer.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_search_json_is_an_array_of_hits(capsys, shipped_catalogue: Path) -> None:
    code, out, _ = run(
        capsys, "search", "interferon beta-1a", "--catalogue", str(shipped_catalogue), "--json"
    )
    assert code == 0
    hits = json.loads(out)
    assert isinstance(hits, list)
    assert {"Avonex", "Rebif"} <= {h["title"] for h in hits}
    for hit in hits:
        assert isinstance(hit["id"], int)
        assert isinstance(hit["brands"], list)
        assert isinstance(hit["ingredients"], list)
        assert hit["matched"] == "name"


def test_search_respects_limit(capsys, shipped_catalogue: Path) -> None:
    _, out, _ = run(
        capsys, "search", "a", "--catalogue", str(shipped_catalogue), "--limit", "3", "--json"
    )
    assert len(json.loads(out)) == 3


@pytest.mark.parametrize("as_json", [True, False])
def test_search_says_how_many_its_limit_left_out(
    capsys, shipped_catalogue: Path, as_json: bool
) -> None:
    where = ("--catalogue", str(shipped_catalogue))
    _, everything, _ = run(
        capsys, "search", "hydrochlorothiazide", *where, "--limit", "500", "--json"
    )
    names = [h for h in json.loads(everything) if h["matched"] == "name"]
    assert len(names) > 24
    flags = ("--json",) if as_json else ()
    _, out, err = run(capsys, "search", "hydrochlorothiazide", *where, "--limit", "24", *flags)
    assert err == f"{len(names) - 24} more; use --limit\n"
    if as_json:
        assert json.loads(out) == json.loads(everything)[:24]  # the array itself is unchanged
    else:
        assert len(out.splitlines()) == 24


@pytest.mark.parametrize("query", ["humira", "lipitor"])
def test_search_finds_drugsatfda_brands(capsys, shipped_catalogue: Path, query: str) -> None:
    _, out, _ = run(capsys, "search", query, "--catalogue", str(shipped_catalogue), "--json")
    assert json.loads(out)[0]["title"].lower() == query


def test_no_hits_is_success_with_an_empty_array(capsys, shipped_catalogue: Path) -> None:
    code, out, _ = run(
        capsys, "search", "qqqqzzzzxxxx", "--catalogue", str(shipped_catalogue), "--json"
    )
    assert code == 0
    assert json.loads(out) == []


def test_search_json_lists_text_hits_below_name_hits(capsys, shipped_catalogue: Path) -> None:
    code, out, _ = run(
        capsys, "search", "multiple sclerosis", "--catalogue", str(shipped_catalogue), "--json"
    )
    assert code == 0
    hits = json.loads(out)
    matched = [hit["matched"] for hit in hits]
    assert matched == sorted(matched)  # "name" hits, then "text" hits
    avonex = next(h for h in hits if h["title"] == "Avonex")
    assert avonex["matched"] == "text"
    assert avonex["ingredients"] == ["interferon beta-1a"]
    spans = [avonex["snippet"][a:b].lower() for a, b in avonex["highlights"]]
    assert spans and set(" ".join(spans).split()) <= {"multiple", "sclerosis"}


def test_search_json_does_not_repeat_a_name_hit_as_a_text_hit(
    capsys, shipped_catalogue: Path
) -> None:
    _, out, _ = run(capsys, "search", "avonex", "--catalogue", str(shipped_catalogue), "--json")
    hits = json.loads(out)
    assert [h["title"] for h in hits].count("Avonex") == 1
    assert hits[0]["matched"] == "name"


def test_search_offers_did_you_mean_for_a_typo(capsys, shipped_catalogue: Path) -> None:
    _, out, _ = run(capsys, "search", "avonx", "--catalogue", str(shipped_catalogue), "--json")
    first = json.loads(out)[0]
    assert (first["title"], first["did_you_mean"]) == ("Avonex", "Avonex")
    code, out, err = run(capsys, "search", "avonx", "--catalogue", str(shipped_catalogue))
    assert code == 0
    assert "did you mean: Avonex?" in err
    assert "Avonex" in out


def test_search_text_output_marks_the_matched_words(capsys, shipped_catalogue: Path) -> None:
    _, out, _ = run(
        capsys, "search", "glycoprotein", "--catalogue", str(shipped_catalogue), "--limit", "5"
    )
    assert "[text:" in out
    assert "*glycoprotein*" in out


def test_show_avonex_json_carries_every_fact_of_the_seed(capsys, shipped_catalogue: Path) -> None:
    code, out, _ = run(capsys, "show", "avonex", "--catalogue", str(shipped_catalogue), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["title"] == "Avonex"
    assert doc["brands"] == ["Avonex"]
    assert doc["ingredients"] == ["interferon beta-1a"]
    everything = json.dumps(doc).lower()
    overview = next(s for s in doc["sections"] if s["kind"] == "overview")["text"].lower()
    for fact in (
        "interferon",
        "cytokines",
        "communicate",
        "immune system",
        "viral replication",
        "186 amino acids",
        "glycoprotein",
        "man-made",
        "same basic components",
    ):
        assert fact in overview, fact
    mechanism = doc["mechanism"].lower()
    for fact in ("not know exactly", "inflammation", "flare-ups", "immune system"):
        assert fact in mechanism, fact
    indications = doc["indications"].lower()
    for fact in (
        "relapsing forms of multiple sclerosis",
        "adults",
        "clinically isolated syndrome",
        "relapsing-remitting disease",
        "active secondary progressive disease",
        "slow the progression of the physical disability",
    ):
        assert fact in indications, fact
    assert "intramuscular" in doc["administration"].lower()
    curated_forms = [f for f in doc["forms"] if f["source"] == "curated"]
    assert [(f["dose_form"], f["strength"], f["route"]) for f in curated_forms] == [
        ("Powder (requires reconstitution)", None, "intramuscular"),
        ("Prefilled syringe, single-use", "30 micrograms", "intramuscular"),
        ("Autoinjector, single-use", "30 micrograms", "intramuscular"),
        ("Avostart Grip titration kit", None, "intramuscular"),
    ]
    assert "prefilled syringes" in curated_forms[3]["note"]
    assert doc["review"] == {
        "reviewed_by": "Carmen Pope",
        "credentials": "BPharm",
        "reviewed_on": None,
        "updated_on": "2024-05-08",
        "source": "Drugs.com",
        "source_title": "How does Avonex work for Multiple Sclerosis (MS)?",
        "source_url": None,
    }
    for section in doc["sections"]:
        assert section["provenance"]["source"] == "curated"
        assert section["provenance"]["effective_date"] == "2024-05-08"
    assert "avostart grip" in everything


def test_show_accepts_id_slug_or_name(capsys, shipped_catalogue: Path) -> None:
    _, out, _ = run(capsys, "show", "Avonex", "--catalogue", str(shipped_catalogue), "--json")
    by_name = json.loads(out)
    _, out, _ = run(
        capsys, "show", str(by_name["id"]), "--catalogue", str(shipped_catalogue), "--json"
    )
    assert json.loads(out)["slug"] == "avonex"
    _, out, _ = run(capsys, "show", "rebif", "--catalogue", str(shipped_catalogue), "--json")
    assert json.loads(out)["title"] == "Rebif"  # a name resolves to the best hit
    _, out, _ = run(
        capsys, "show", "interferon beta-1a", "--catalogue", str(shipped_catalogue), "--json"
    )
    # an ingredient's name opens its plain generic family, not one brand of it
    assert json.loads(out)["title"] == "Interferon beta-1a"


def test_show_text_says_plainly_what_is_missing(capsys, shipped_catalogue: Path) -> None:
    code, out, _ = run(capsys, "show", "rebif", "--catalogue", str(shipped_catalogue))
    assert code == 0
    assert "This catalogue has no text on how Rebif works." in out
    assert "BLA 103780" in out


def test_show_json_of_a_form_only_monograph_has_nulls(capsys, shipped_catalogue: Path) -> None:
    _, out, _ = run(capsys, "show", "rebif", "--catalogue", str(shipped_catalogue), "--json")
    doc = json.loads(out)
    assert doc["mechanism"] is None and doc["indications"] is None
    assert doc["administration"] is None and doc["review"] is None
    assert doc["sections"] == []
    assert all({"dose_form", "strength", "route"} <= set(f) for f in doc["forms"])


def test_unknown_drug_is_a_user_error(capsys, shipped_catalogue: Path) -> None:
    code, out, err = run(capsys, "show", "qqqqzzzz", "--catalogue", str(shipped_catalogue))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "qqqqzzzz" in err and str(shipped_catalogue) in err


def test_show_never_swaps_a_typo_for_another_drug(capsys, shipped_catalogue: Path) -> None:
    code, out, err = run(capsys, "show", "avonx", "--catalogue", str(shipped_catalogue))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "'avonx'" in err and "did you mean 'Avonex'?" in err


def test_info_reports_schema_build_counts_and_editions(capsys, shipped_catalogue: Path) -> None:
    code, out, _ = run(capsys, "info", "--catalogue", str(shipped_catalogue), "--json")
    assert code == 0
    info = json.loads(out)
    assert info["schema_version"] == 2
    assert info["build_date"]
    assert info["counts"]["monographs"] > 10_000
    editions = {s["key"]: s["edition"] for s in info["sources"]}
    assert editions["rxnorm"] == "2025-10-06"
    code, out, _ = run(capsys, "info", "--catalogue", str(shipped_catalogue))
    assert "schema version: 2" in out and "rxnorm" in out


def test_build_writes_the_named_file_with_a_summary(
    capsys, tmp_path: Path, fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command on the small fixture sources: what it writes and says is the same for the
    # shipped ones (built once per run by the shipped_catalogue fixture; a slice of them is
    # built under several hash seeds by tests/catalogue/test_build.py to check that the build
    # is deterministic).
    from viewer.cli.commands import build

    monkeypatch.setattr(build, "data_dir", lambda: fixture_data_dir)
    target = tmp_path / "out" / "built.sqlite"
    code, out, err = run(capsys, "build", "--output", str(target))
    assert code == 0
    assert target.is_file()
    with Catalogue.open(target) as catalogue:
        info = catalogue.info()
    records = {source.key: source.records for source in info.sources}
    assert f"rxnorm: {records['rxnorm']} records" in out and records["rxnorm"] > 0
    assert f"monographs: {info.monographs}" in out
    assert "building catalogue: writing monographs" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "is empty"), (b"<html><body>hi</body></html>", "HTML page"), (None, "no catalogue")],
)
def test_unusable_catalogue_is_one_line_and_exit_2(
    capsys, tmp_path: Path, content: bytes | None, words: str
) -> None:
    path = tmp_path / "bad.sqlite"
    if content is not None:
        path.write_bytes(content)
    for argv in (["search", "x"], ["show", "x"], ["info"]):
        code, out, err = run(capsys, *argv, "--catalogue", str(path))
        assert code == 2
        assert out == ""
        assert err.startswith("drugview: ") and err.count("\n") == 1
        assert str(path) in err and words in err


def test_bad_arguments_exit_2_with_usage(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["search", "x", "--limit", "zero"])
    assert caught.value.code == 2
    assert "not a whole number" in capsys.readouterr().err


def test_real_process_answers_from_a_current_catalogue_without_rebuilding(
    tmp_path: Path, shipped_catalogue: Path
) -> None:
    """`python main.py` as a user runs it, with the app's catalogue already current."""
    import os
    import shutil

    managed = tmp_path / "first" / "catalogue.sqlite"
    managed.parent.mkdir()
    shutil.copyfile(shipped_catalogue, managed)
    env = dict(os.environ, DRUGVIEW_CATALOGUE=str(managed))
    first = run_process("search", "avon", "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert "building catalogue" not in first.stderr  # current: not rebuilt
    assert json.loads(first.stdout)[0]["title"] == "Avonex"


def test_first_start_builds_the_apps_catalogue_with_progress_then_answers(
    capsys, fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No catalogue yet: the command builds the app's own (here from the small sources)."""
    from viewer.cli import catalogue

    monkeypatch.setattr(catalogue, "data_dir", lambda: fixture_data_dir)
    code, out, err = run(capsys, "search", "avon", "--json")
    assert code == 0, err
    assert "building catalogue" in err and "built " in err
    assert json.loads(out)[0]["title"] == "Avonex"
    code, out, err = run(capsys, "show", "avonex", "--json")
    assert code == 0
    assert "building catalogue" not in err  # current: not rebuilt
    assert json.loads(out)["review"]["reviewed_by"] == "Carmen Pope"


def test_real_process_never_prints_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\x00" * 4096)
    result = run_process("show", "avonex", "--catalogue", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_installed_command_finds_its_shipped_sources(
    tmp_path: Path, shipped_catalogue: Path
) -> None:
    """`pip install .` gives a `drugview` whose package carries the shipped sources."""
    import os
    import shutil

    script = Path(sys.executable).with_name("drugview")
    if not script.exists():
        script = Path(shutil.which("drugview") or "")
    if not script.is_file():
        pytest.skip("no installed drugview command beside this Python (not a pip install)")
    env = dict(os.environ, DRUGVIEW_CATALOGUE=str(tmp_path / "installed.sqlite"))
    env.pop("PYTHONPATH", None)

    def drugview(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(script), *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,  # away from the checkout: only the installed package is importable
            timeout=300,
        )

    # Seeded with the catalogue built from the checkout's data/: the installed command must
    # find identical sources inside its package, or it would rebuild (or fail to).
    shutil.copyfile(shipped_catalogue, tmp_path / "installed.sqlite")
    first = drugview("show", "avonex", "--json")
    assert first.returncode == 0, first.stderr
    assert "building catalogue" not in first.stderr
    assert json.loads(first.stdout)["review"]["reviewed_by"] == "Carmen Pope"
    second = drugview("search", "avon", "--json")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)[0]["title"] == "Avonex"


def test_cli_default_limit_matches_the_search_layer() -> None:
    import viewer.cli.parser
    import viewer.search

    assert viewer.cli.parser.DEFAULT_LIMIT == viewer.search.DEFAULT_LIMIT
