"""Filing labels: matching, version order, curated text kept, indexes kept, rebuilds keep them."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED_DATA, needs_shared
from viewer.catalogue.build import LABELS_FILE, build_catalogue
from viewer.catalogue.errors import CatalogueError
from viewer.catalogue.importer import ImportSummary, import_labels
from viewer.catalogue.labels import compare_versions
from viewer.catalogue.locate import ensure_catalogue
from viewer.catalogue.store import Catalogue
from viewer.identity import same_substance_name
from viewer.monograph import Monograph, SectionKind
from viewer.paths import data_dir
from viewer.search import NameSearch
from viewer.sources import shipped_labels, spl
from viewer.sources.records import IngredientRef, LabelRecord, read_json_gz, write_json_gz

LABELS = FIXTURES / "labels"
HUMIRA_SET = "608d4f0d-b19f-46d3-749a-7159aa5f933d"


def copy_of(catalogue: Path, folder: Path) -> Path:
    target = folder / "catalogue.sqlite"
    shutil.copyfile(catalogue, target)
    return target


def monograph(path: Path, slug: str) -> Monograph:
    with Catalogue.open(path) as catalogue:
        found = catalogue.monograph(catalogue.monograph_id_for_slug(slug) or -1)
    assert found is not None, slug
    return found


def humira_label(**changes: object) -> LabelRecord:
    label = spl.parse((LABELS / "spl" / "humira.xml").read_bytes(), "humira.xml")
    return replace(label, **changes)  # type: ignore[arg-type]


def write_labels(folder: Path, *labels: LabelRecord) -> Path:
    """Labels in the form a data folder ships them (data/labels/labels.json.gz)."""
    target = folder / "labels.json.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_json_gz(target, {"labels": [label.to_json() for label in labels]})
    return target


def file_labels(path: Path, *labels: LabelRecord) -> list[str]:
    """File labels straight through the writer on a catalogue copy (for synthetic versions)."""
    from viewer.catalogue.labels import LabelWriter

    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        writer = LabelWriter(db)
        outcomes = [writer.apply(label).outcome for label in labels]
        writer.finish()
        db.execute("COMMIT")
    finally:
        db.close()
    return outcomes


def fts_integrity(path: Path) -> None:
    """SQLite's own check that both external-content indexes match their tables."""
    db = sqlite3.connect(path)
    try:
        db.execute("INSERT INTO section_fts(section_fts) VALUES ('integrity-check')")
        db.execute("INSERT INTO name_trigram(name_trigram) VALUES ('integrity-check')")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def sections_matching(path: Path, word: str) -> set[str]:
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "SELECT s.version FROM section_fts JOIN section s ON s.id = section_fts.rowid"
            " WHERE section_fts MATCH ?",
            (word,),
        ).fetchall()
    finally:
        db.close()
    return {row[0] for row in rows}


@pytest.fixture
def imported(tmp_path: Path, small_catalogue: Path) -> tuple[Path, ImportSummary]:
    """The fixture catalogue (no labels) with every real label file imported."""
    target = copy_of(small_catalogue, tmp_path)
    return target, import_labels([LABELS], target)


def test_every_real_label_is_filed(imported: tuple[Path, ImportSummary]) -> None:
    path, summary = imported
    assert (summary.imported, summary.updated) == (6, 0)
    assert summary.created_monographs == 4  # Betadine, haloperidol, Triaminic, silicon dioxide
    reasons = {Path(s.origin.split(" record")[0]).name: s.reason for s in summary.skipped}
    assert set(reasons) == {"METHOXSALEN.xml", "labels-sample.json", "druglabel_schema.json"}
    fts_integrity(path)


def test_humira_label_joins_the_drugsatfda_brand(imported: tuple[Path, ImportSummary]) -> None:
    humira = monograph(imported[0], "humira")
    assert humira.kind == "brand" and humira.brands == ("Humira",)
    assert set(humira.sources) == {"drugsatfda", "spl"}
    assert {f.provenance.source for f in humira.forms} == {"drugsatfda"}  # forms untouched
    (adalimumab,) = humira.ingredients
    assert adalimumab.unii == "FYS6T7F842"  # the label's UNII fills the gap
    assert set(adalimumab.sources) == {"drugsatfda", "spl"}
    guide = humira.section(SectionKind.MEDICATION_GUIDE)
    assert guide is not None
    assert guide.provenance.set_id == HUMIRA_SET
    assert guide.provenance.version == "1560"
    assert guide.provenance.effective_date == date(2013, 9, 30)
    assert guide.provenance.source_title.startswith("DailyMed")
    assert guide.provenance.edition == "labels effective up to 2014-01-13"


def test_lipitor_joins_by_ingredient_name_and_its_salt_name_is_searchable(
    imported: tuple[Path, ImportSummary],
) -> None:
    path = imported[0]
    lipitor = monograph(path, "lipitor")
    assert lipitor.section(SectionKind.PATIENT_PACKAGE_INSERT) is not None
    assert lipitor.section(SectionKind.MECHANISM) is not None
    assert lipitor.ingredients[0].unii == "A0JWA85V8F"
    with Catalogue.open(path) as catalogue:
        hits = NameSearch(catalogue).search("atorvastatin calcium trihydrate", limit=3)
    assert hits[0].title == "Lipitor"


def test_labels_with_no_monograph_create_one_from_their_product_data(
    imported: tuple[Path, ImportSummary],
) -> None:
    path = imported[0]
    with Catalogue.open(path) as catalogue:
        search = NameSearch(catalogue)
        triaminic = search.search("triaminic childrens", limit=1)[0]
        silicea = search.search("silicea", limit=1)[0]
        haloperidol = search.search("haloperidol", limit=1)[0]
    assert (triaminic.title, triaminic.kind) == (
        "TRIAMINIC Childrens Night Time Cold and Cough",
        "brand",
    )
    assert triaminic.matched_kind.value == "brand"
    assert set(triaminic.ingredients) == {"diphenhydramine", "phenylephrine"}
    # A label whose product name only repeats its generic name is a generic monograph.
    assert (silicea.title, silicea.kind, silicea.ingredients) == (
        "Silicon dioxide",
        "generic",
        ("silicon dioxide",),
    )
    assert (haloperidol.title, haloperidol.kind) == ("Haloperidol", "generic")
    drug_facts = monograph(path, slug_of(path, triaminic.monograph_id))
    assert len(drug_facts.sections_of(SectionKind.DRUG_FACTS)) == 4


def slug_of(path: Path, monograph_id: int) -> str:
    with Catalogue.open(path) as catalogue:
        found = catalogue.monograph(monograph_id)
    assert found is not None
    return found.slug


def test_generic_label_joins_the_generic_monograph_of_its_ingredients(
    shipped_catalogue: Path,
) -> None:
    haloperidol = monograph(shipped_catalogue, "haloperidol")
    assert haloperidol.kind == "generic"
    assert {"rxnorm", "drugsatfda", "spl"} <= set(haloperidol.sources)
    boxed = haloperidol.section(SectionKind.BOXED_WARNING)
    assert boxed is not None and boxed.provenance.set_id == "0027b8a3-73bf-4005-a7e3-b035f451a861"


def test_shipped_betadine_label_joins_its_brand(shipped_catalogue: Path) -> None:
    betadine = monograph(shipped_catalogue, "betadine")
    assert "openfda" in betadine.sources
    uses = betadine.section(SectionKind.INDICATIONS)
    assert uses is not None and uses.provenance.source == "openfda"
    assert uses.provenance.version == "1"


def test_a_brand_name_alone_does_not_join_a_different_drug(
    tmp_path: Path, small_catalogue: Path
) -> None:
    path = copy_of(small_catalogue, tmp_path)
    other = humira_label(
        set_id="00000000-0000-0000-0000-000000000001",
        ingredients=(IngredientRef("aspirin"),),
    )
    assert file_labels(path, other) == ["imported"]
    assert monograph(path, "humira").sections == ()  # not joined: no ingredient in common
    twin = monograph(path, "humira-2")
    assert twin.ingredient_names == ("aspirin",)
    assert {s.provenance.set_id for s in twin.sections} == {other.set_id}


def test_a_label_describing_none_of_a_brands_products_is_not_shown_for_them(
    tmp_path: Path, small_catalogue: Path
) -> None:
    """Humira's product data (its NDCs, BLA 125057) under the name AVONEX: the label matches
    Avonex by name and ingredient but covers none of its products, so it gets a monograph of
    its own and Avonex's page shows none of its text."""
    path = copy_of(small_catalogue, tmp_path)
    before = monograph(path, "avonex")
    label = humira_label(
        set_id="00000000-0000-0000-0000-0000000000a2",
        product_names=("AVONEX",),
        generic_names=("interferon beta-1a",),
        ingredients=(IngredientRef("interferon beta-1a", "XRO4566Q4R"),),
    )
    assert label.products and all(p.application == "BLA125057" for p in label.products)
    assert file_labels(path, label) == ["imported"]
    assert monograph(path, "avonex").sections == before.sections
    own = monograph(path, "avonex-2")
    assert {s.provenance.set_id for s in own.sections} == {label.set_id}
    assert own.forms == () and own.label(label.set_id) is not None


def test_a_label_is_linked_to_the_product_rows_it_covers(shipped_catalogue: Path) -> None:
    """Humira's Drugs@FDA rows (BLA 125057): the shipped Humira label covers them by
    application number, and says which products it names."""
    humira = monograph(shipped_catalogue, "humira")
    (coverage,) = humira.labels
    assert coverage.products == ("Humira",)
    assert coverage.covers and not coverage.serves
    assert all("125057" in (humira.forms[i].application or "") for i in coverage.covers)


def test_curated_sections_stay_and_label_sections_come_beside_them(
    tmp_path: Path, small_catalogue: Path
) -> None:
    path = copy_of(small_catalogue, tmp_path)
    before = monograph(path, "avonex")
    label = humira_label(
        set_id="00000000-0000-0000-0000-0000000000a1",
        product_names=("AVONEX",),
        generic_names=("interferon beta-1a",),
        ingredients=(IngredientRef("interferon beta-1a", "XRO4566Q4R"),),
        products=(),  # Humira's own product data would not describe Avonex (next test)
    )
    assert file_labels(path, label) == ["imported"]
    after = monograph(path, "avonex")
    assert after.sections[: len(before.sections)] == before.sections
    assert {s.provenance.source for s in after.sections[len(before.sections) :]} == {"spl"}
    assert after.review == before.review
    assert after.forms == before.forms
    assert after.title == "Avonex" and after.brands == ("Avonex",)
    assert after.section(SectionKind.MECHANISM) == before.section(SectionKind.MECHANISM)


def newer_humira(version: str, word: str) -> LabelRecord:
    label = humira_label(version=version)
    sections = tuple(
        replace(s, version=version, text=s.text + f" {word}", html=s.html + f"<p>{word}</p>")
        if s.kind == "mechanism"
        else replace(s, version=version)
        for s in label.sections
    )
    return replace(label, sections=sections)


def test_a_newer_version_replaces_the_older_and_an_older_never_replaces_a_newer(
    tmp_path: Path, small_catalogue: Path
) -> None:
    path = copy_of(small_catalogue, tmp_path)
    v1560, v1561 = humira_label(), newer_humira("1561", "zanzibarword")
    assert file_labels(path, v1560) == ["imported"]
    assert file_labels(path, v1561) == ["updated"]
    humira = monograph(path, "humira")
    assert {s.provenance.version for s in humira.sections} == {"1561"}
    assert len(humira.sections) == len(v1561.sections)  # replaced, not added to
    assert sections_matching(path, "zanzibarword") == {"1561"}
    assert file_labels(path, v1560, v1561) == ["skipped", "skipped"]
    assert {s.provenance.version for s in monograph(path, "humira").sections} == {"1561"}
    fts_integrity(path)


def test_version_order_is_numeric() -> None:
    assert compare_versions("11", "9") == 1
    assert compare_versions("9", "11") == -1
    assert compare_versions("1560", "1560") == 0


def test_skip_reasons_name_the_versions(tmp_path: Path, small_catalogue: Path) -> None:
    path = copy_of(small_catalogue, tmp_path)
    file_labels(path, newer_humira("1561", "x"))
    summary = import_labels([LABELS / "spl" / "humira.xml"], path)
    (skipped,) = summary.skipped
    assert skipped.reason == (
        f"version 1560 is older than version 1561 of set id {HUMIRA_SET}, "
        "which is already in the catalogue"
    )


def derived() -> dict:
    return shipped_labels.derive(LABELS)


def test_shipped_labels_include_those_derived_from_the_fixture_files() -> None:
    # The shipped file is derived from all of ../shared/data (tests/catalogue/
    # test_shipped_labels.py checks it byte for byte); the fixtures are copies of part of it.
    committed = read_json_gz(data_dir() / LABELS_FILE)
    shipped = {(label["set_id"], label["origin"]): label for label in committed["labels"]}
    for label in derived()["labels"]:
        assert shipped[(label["set_id"], label["origin"])] == label
    assert {label["set_id"] for label in committed["labels"]} >= {HUMIRA_SET}


def label_rows(path: Path) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(
            "SELECT m.slug, s.kind, s.title, s.html, s.set_id, s.version, s.effective_date,"
            " s.source FROM section s JOIN monograph m ON m.id = s.monograph_id"
            " WHERE s.set_id IS NOT NULL ORDER BY s.set_id, s.position"
        ).fetchall()
    finally:
        db.close()


def test_building_with_labels_files_them_as_importing_them_does(
    tmp_path: Path, fixture_data_dir: Path, imported: tuple[Path, ImportSummary]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data)
    write_labels(data / "labels", *(LabelRecord.from_json(raw) for raw in derived()["labels"]))
    built = tmp_path / "built.sqlite"
    build_catalogue(data, built)
    assert label_rows(built) == label_rows(imported[0])
    fts_integrity(built)


def test_labels_read_back_from_a_catalogue_are_the_labels_filed(
    tmp_path: Path, small_catalogue: Path, imported: tuple[Path, ImportSummary]
) -> None:
    with Catalogue.open(imported[0]) as catalogue:
        stored = list(catalogue.stored_labels())
    assert len(stored) == 6
    again = copy_of(small_catalogue, tmp_path)
    assert file_labels(again, *stored) == ["imported"] * 6
    assert label_rows(again) == label_rows(imported[0])


def test_a_rebuild_after_the_shipped_sources_change_keeps_imported_labels(
    tmp_path: Path, fixture_data_dir: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data)
    managed = tmp_path / "managed.sqlite"
    ensure_catalogue(managed, data)
    summary = import_labels([LABELS], managed)
    assert summary.imported == 6
    before = label_rows(managed)
    curated = data / "curated" / "avonex.toml"
    curated.write_text(curated.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    rebuilt = ensure_catalogue(managed, data)
    assert rebuilt is not None and rebuilt.carried_labels == 6
    assert label_rows(managed) == before
    with Catalogue.open(managed) as catalogue:
        records = {s.key: s.records for s in catalogue.sources()}
    assert (records["spl"], records["openfda"]) == (4, 2)
    fts_integrity(managed)


def test_a_rebuild_keeps_the_newer_of_a_shipped_and_an_imported_version(
    tmp_path: Path, fixture_data_dir: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data)
    write_labels(data / "labels", humira_label())  # ships version 1560
    managed = tmp_path / "managed.sqlite"
    ensure_catalogue(managed, data)
    assert file_labels(managed, newer_humira("1561", "x")) == ["updated"]  # the user's newer
    (data / "curated" / "note.txt").write_text("a changed source\n", encoding="utf-8")
    ensure_catalogue(managed, data)
    assert {s.provenance.version for s in monograph(managed, "humira").sections} == {"1561"}

    write_labels(data / "labels", newer_humira("1562", "y"))  # a release ships a newer one
    ensure_catalogue(managed, data)
    assert {s.provenance.version for s in monograph(managed, "humira").sections} == {"1562"}


def test_a_damaged_managed_catalogue_is_rebuilt_without_carrying_anything(
    tmp_path: Path, fixture_data_dir: Path
) -> None:
    managed = tmp_path / "managed.sqlite"
    managed.write_bytes(b"garbage")
    summary = ensure_catalogue(managed, fixture_data_dir)
    assert summary is not None and summary.carried_labels == 0


def test_a_catalogue_from_before_the_name_index_opens_and_gains_it_on_import(
    tmp_path: Path, small_catalogue: Path
) -> None:
    path = copy_of(small_catalogue, tmp_path)
    db = sqlite3.connect(path)
    db.execute("DROP INDEX name_by_monograph")
    db.commit()
    db.close()
    with Catalogue.open(path) as catalogue:  # still schema 1, still readable
        assert catalogue.monograph_id_for_slug("humira") is not None
    assert import_labels([LABELS / "spl" / "humira.xml"], path).imported == 1
    db = sqlite3.connect(path)
    try:
        indexes = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    finally:
        db.close()
    assert "name_by_monograph" in indexes


def test_a_read_only_catalogue_is_replaced_by_a_read_only_catalogue(
    tmp_path: Path, small_catalogue: Path
) -> None:
    path = copy_of(small_catalogue, tmp_path)
    path.chmod(0o444)
    assert import_labels([LABELS / "spl" / "cough.xml"], path).replaced
    assert path.stat().st_mode & 0o777 == 0o444


@needs_shared()
def test_every_real_file_in_the_shared_data_imports_or_is_refused(
    shared_import: ImportSummary,
) -> None:
    # the import runs in a process of its own from the start of the run (tests/background.py)
    summary = shared_import
    labels = sorted((SHARED_DATA / "openfda" / "pharmgkb-labels").glob("[ABN]*.json"))
    # 4 SPL labels, 2 sample records with an openfda block, and the PharmGKB records; the
    # PharmGKB Lipitor record is a newer version of lipitor-orig.xml's set id, so it updates.
    assert summary.imported + summary.updated == 4 + 2 + len(labels)
    assert summary.updated == 1
    refused = sorted(Path(s.origin).name for s in summary.skipped)
    assert refused == [
        "METHOXSALEN.xml",  # a pharmacologic-class indexing file, not a label
        "druglabel_schema.json",  # openFDA's schema, not records
        "labels-sample.json record 2",  # an empty openfda block
        "timestamp.json",  # the PharmGKB repository's bookkeeping
    ]


def test_a_catalogue_of_the_previous_schema_is_rebuilt_keeping_its_imported_labels(
    tmp_path: Path, fixture_data_dir: Path
) -> None:
    """A schema-1 catalogue (no per-form precise ingredients) is not refused at start: it is
    rebuilt from the shipped sources, and the labels the user imported into it are kept."""
    managed = tmp_path / "managed.sqlite"
    ensure_catalogue(managed, fixture_data_dir)
    assert import_labels([LABELS], managed).imported == 6
    before = label_rows(managed)
    db = sqlite3.connect(managed)
    db.execute("ALTER TABLE form DROP COLUMN ingredients")
    db.execute("PRAGMA user_version = 1")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.execute("UPDATE meta SET value = 'schema-1 digest' WHERE key = 'sources_fingerprint'")
    db.commit()
    db.close()
    with pytest.raises(CatalogueError, match="unknown schema version 1"):
        Catalogue.open(managed)  # read as a catalogue it is not usable
    rebuilt = ensure_catalogue(managed, fixture_data_dir)
    assert rebuilt is not None and rebuilt.carried_labels == 6
    assert label_rows(managed) == before
    with Catalogue.open(managed) as catalogue:
        assert catalogue.info().schema_version == 2


@pytest.mark.parametrize(
    ("label_name", "row_name", "same"),
    [
        ("crizanlizumab", "crizanlizumab-tmca", True),  # Adakveo: FDA's suffix set aside
        ("trastuzumab deruxtecan", "fam-trastuzumab deruxtecan-nxki", True),  # Enhertu
        ("trastuzumab emtansine", "ado-trastuzumab emtansine", True),  # Kadcyla
        ("pemetrexed disodium heptahydrate", "pemetrexed", True),  # Alimta: salt and hydrate
        ("divalproex", "divalproex sodium", True),  # Depakote ER
        ("aspirin", "adalimumab", False),
        ("insulin lispro", "insulin glargine", False),
        ("trastuzumab", "trastuzumab deruxtecan", False),  # a conjugate is its own drug
        ("interferon beta-1a", "interferon beta-1b", False),  # "-1a" is no biologic suffix
        ("", "aspirin", False),
    ],
)
def test_names_of_one_substance(label_name: str, row_name: str, same: bool) -> None:
    salts = frozenset({"disodium", "sodium"})  # as the catalogue's RxNorm data shows them
    assert same_substance_name(label_name, row_name, salts) is same
    assert same_substance_name(row_name, label_name, salts) is same
