"""One catalogue writer: a label shipped with the build and the same label imported afterwards
give the same rows, the same index entries and the same search results."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.catalogue.test_labels import LABELS, fts_integrity, write_labels
from viewer.catalogue.build import build_catalogue
from viewer.catalogue.importer import import_labels
from viewer.sources import spl
from viewer.sources.records import LabelRecord


def rows(path: Path, sql: str, *params: object) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute(sql, params).fetchall(), key=repr)
    finally:
        db.close()


def content(path: Path, slug: str) -> dict[str, list[tuple]]:
    """Every row the label wrote or touched, keyed by what identifies it rather than row ids."""
    monograph = "(SELECT id FROM monograph WHERE slug = ?)"
    return {
        "monograph": rows(
            path,
            "SELECT slug, title, kind, active, brands, ingredients, sources FROM monograph",
        ),
        "ingredient": rows(path, "SELECT name, unii, rxcui FROM ingredient"),
        "monograph_ingredient": rows(
            path,
            "SELECT m.slug, i.name, mi.position, mi.sources FROM monograph_ingredient mi"
            " JOIN monograph m ON m.id = mi.monograph_id JOIN ingredient i"
            " ON i.id = mi.ingredient_id",
        ),
        "name": rows(
            path,
            "SELECT m.slug, n.kind, n.display, n.norm FROM name n"
            " JOIN monograph m ON m.id = n.monograph_id",
        ),
        "name_word": rows(
            path,
            "SELECT w.key, m.slug, n.norm FROM name_word w JOIN name n ON n.id = w.name_id"
            " JOIN monograph m ON m.id = n.monograph_id",
        ),
        "section": rows(
            path,
            "SELECT m.slug, s.position, s.kind, s.title, s.html, s.text, s.source,"
            " s.document_id, s.document_title, s.set_id, s.version, s.effective_date, s.url"
            " FROM section s JOIN monograph m ON m.id = s.monograph_id",
        ),
        "label": rows(path, "SELECT set_id, products FROM label"),
        "label_cover": rows(
            path,
            "SELECT c.set_id, m.slug, f.position, c.how FROM label_cover c"
            " JOIN form f ON f.id = c.form_id JOIN monograph m ON m.id = f.monograph_id",
        ),
        "label_class": rows(
            path,
            "SELECT c.set_id, m.slug, c.kind, c.name, c.norm FROM label_class c"
            " JOIN monograph m ON m.id = c.monograph_id",
        ),
        "source": rows(path, "SELECT * FROM source"),
        # the trigram index finds each of the monograph's names by a middle part of it
        "trigram": [
            (norm, *found)
            for (norm,) in rows(
                path, f"SELECT norm FROM name WHERE monograph_id = {monograph}", slug
            )
            if len(norm) >= 5
            for found in rows(
                path,
                "SELECT m.slug, n.display FROM name_trigram t JOIN name n ON n.id = t.rowid"
                " JOIN monograph m ON m.id = n.monograph_id WHERE name_trigram MATCH ?",
                '"' + norm[1:-1] + '"',
            )
        ],
    }


def text_matches(path: Path, words: list[str]) -> list[tuple]:
    return [
        (word, *found)
        for word in words
        for found in rows(
            path,
            "SELECT m.slug, s.set_id, s.title FROM section_fts JOIN section s"
            " ON s.id = section_fts.rowid JOIN monograph m ON m.id = s.monograph_id"
            " WHERE section_fts MATCH ?",
            f'"{word}"',
        )
    ]


@pytest.mark.parametrize(
    ("file_name", "slug"),
    [
        ("humira.xml", "humira"),  # joins the Drugs@FDA brand, covers its product rows
        ("cough.xml", "triaminic-childrens-night-time-cold-and-cough"),  # makes a monograph
    ],
)
def test_a_label_built_in_and_the_same_label_imported_give_the_same_rows(
    tmp_path: Path, fixture_data_dir: Path, small_catalogue: Path, file_name: str, slug: str
) -> None:
    source = LABELS / "spl" / file_name
    label: LabelRecord = spl.parse(source.read_bytes(), str(source))
    data = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data)
    write_labels(data / "labels", label)
    built = tmp_path / "built.sqlite"
    build_catalogue(data, built)

    imported = tmp_path / "imported.sqlite"
    shutil.copyfile(small_catalogue, imported)
    summary = import_labels([source], imported)
    assert (summary.imported, summary.skipped_count) == (1, 0)

    expected, actual = content(built, slug), content(imported, slug)
    for table in expected:
        assert actual[table] == expected[table], table
    assert any(row[0] == slug for row in expected["section"])
    assert expected["trigram"], "the label's monograph has names the trigram index finds"
    words = sorted({w for s in label.sections for w in s.text.split() if w.isalpha()})[:40]
    assert text_matches(built, words) == text_matches(imported, words) != []
    fts_integrity(built)
    fts_integrity(imported)
