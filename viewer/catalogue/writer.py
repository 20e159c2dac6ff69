"""The SQL that writes catalogue rows, once, for the build and for filing labels.

``drugview build`` (monographs from the shipped sources, then the shipped labels) and
``drugview import`` (labels a user brings, via ``viewer.catalogue.labels.LabelWriter``) both
write through a ``CatalogueWriter``, so a row is written one way whichever path writes it:
monographs, ingredients and their links, names with their word keys, forms, sections, review
metadata, the products and classes a label names and the product rows its text covers. No
other module writes these tables (``tests/test_boundaries.py`` checks it).

The two full-text indexes (``name_trigram`` over names, ``section_fts`` over section text) are
external-content FTS5 tables. A new catalogue is written unindexed and indexed once at the end
of the bulk write (``index``, much faster than row by row); a writer on an indexed catalogue
(``indexed=True``, the default) adds each new name and section to its index as it writes them.

The writer works on an open connection inside the caller's transaction; it never commits.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from viewer.catalogue import schema
from viewer.coverage import How
from viewer.model import NameKind
from viewer.monograph import PharmClass
from viewer.sources.records import (
    IngredientRef,
    LabelProduct,
    ProductRecord,
    ReviewRecord,
    SectionRecord,
    SourceInfo,
)
from viewer.text import normalise, slugify, word_starts

# How the text index is written during an import (FTS5's own settings, kept in the file):
# its in-memory part is written out in 8 MB pieces instead of 1 MB, and segments are merged
# only when 16 pile up on a level (FTS5's "crisis merge") instead of a little after every
# piece; at the end one bounded merge (at most FINAL_MERGE_PAGES pages written) folds
# together the small segments an import of new versions leaves (each label replaced writes
# one out). Queries see the same rows and ranks either way. For the 363 real labels the
# index is written in about half the time and ends with 10 segments (8 after newer versions
# of them all are imported on top), where merging as it goes left 11 (10). The settings the
# file had are put back afterwards.
BULK_INDEX_SETTINGS = {"automerge": 0, "hashsize": 8 * 1024 * 1024}
FTS5_DEFAULTS = {"automerge": 4, "hashsize": 1024 * 1024}
FINAL_MERGE_PAGES = 2000  # about 8 MB of index pages; 0.1 s for 363 replaced labels
_INDEX = "section_fts"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class CatalogueWriter:
    """Writes rows into the catalogue open on ``db``, inside the caller's transaction.

    ``indexed``: the full-text indexes are up to date, so every name and section written is
    added to them too. A new catalogue starts unindexed (``CatalogueWriter.create``) until
    ``index`` builds both indexes over everything written so far.
    """

    def __init__(self, db: sqlite3.Connection, *, indexed: bool = True) -> None:
        self.db = db
        self.indexed = indexed

    # -- the file -----------------------------------------------------------------------------

    @classmethod
    def create(cls, db: sqlite3.Connection) -> CatalogueWriter:
        """Lay the schema out on the empty database ``db``; a writer for its bulk write."""
        db.executescript(schema.DDL)
        return cls(db, indexed=False)

    def add_later_indexes(self) -> None:
        """Give a catalogue from before ``schema.LATER_INDEXES`` the indexes it lacks."""
        for statement in schema.LATER_INDEXES:
            self.db.execute(statement)

    def index(self) -> None:
        """Build both full-text indexes over every row written so far; from now on each new
        name and section is indexed as it is written."""
        self.db.execute("INSERT INTO name_trigram(name_trigram) VALUES ('rebuild')")
        self.db.execute("INSERT INTO section_fts(section_fts) VALUES ('rebuild')")
        self.indexed = True

    def put_meta(self, items: Mapping[str, str]) -> None:
        """Set ``meta`` keys (sorted, so the same items always give the same file)."""
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(items.items()))

    def put_source(self, info: SourceInfo, records: int) -> None:
        """Record (or re-record) a source's edition and how many records it contributed."""
        self.db.execute(
            "INSERT OR REPLACE INTO source VALUES (?, ?, ?, ?, ?, ?, ?)",
            (info.key, info.title, info.edition, info.publisher, info.url, info.licence, records),
        )

    def add_salt_words(self, words: Iterable[str]) -> None:
        self.db.executemany("INSERT INTO salt_word VALUES (?)", [(w,) for w in words])

    # -- monographs ---------------------------------------------------------------------------

    def add_monograph(
        self,
        slug: str,
        title: str,
        kind: str,
        *,
        active: bool = True,
        brands: Sequence[str] = (),
        ingredients: Sequence[str] = (),
        sources: Sequence[str] = (),
        monograph_id: int | None = None,
    ) -> int:
        """Add a monograph row (``monograph_id`` None: the next free id); its id."""
        cursor = self.db.execute(
            "INSERT INTO monograph (id, slug, title, kind, active, brands, ingredients, sources)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                monograph_id,
                slug,
                title,
                kind,
                int(active),
                json.dumps(list(brands)),
                json.dumps(list(ingredients)),
                json.dumps(list(sources)),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def free_slug(self, title: str) -> str:
        """A slug for ``title`` that no monograph has yet ("lipitor", else "lipitor-2", ...)."""
        base = slugify(title)
        slug, n = base, 2
        while self.db.execute("SELECT 1 FROM monograph WHERE slug = ?", (slug,)).fetchone():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def set_monograph_lists(
        self,
        monograph_id: int,
        *,
        brands: Sequence[str] | None = None,
        ingredients: Sequence[str] | None = None,
        sources: Sequence[str] | None = None,
    ) -> None:
        """Replace the monograph's header lists given (brands, ingredient names, source keys)."""
        columns = {"brands": brands, "ingredients": ingredients, "sources": sources}
        given = {column: json.dumps(list(v)) for column, v in columns.items() if v is not None}
        if not given:
            return
        assignments = ", ".join(f"{column} = ?" for column in given)  # fixed column names
        self.db.execute(
            f"UPDATE monograph SET {assignments} WHERE id = ?", (*given.values(), monograph_id)
        )

    # -- ingredients --------------------------------------------------------------------------

    def add_ingredient(self, ref: IngredientRef) -> int:
        cursor = self.db.execute(
            "INSERT INTO ingredient (name, unii, rxcui) VALUES (?, ?, ?)",
            (ref.name, ref.unii, ref.rxcui),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def set_ingredient_unii(self, ingredient_id: int, unii: str) -> None:
        self.db.execute("UPDATE ingredient SET unii = ? WHERE id = ?", (unii, ingredient_id))

    def link_ingredient(
        self, monograph_id: int, ingredient_id: int, position: int, sources: Sequence[str]
    ) -> None:
        """Name ``ingredient_id`` as the monograph's ingredient at ``position``, by ``sources``."""
        self.db.execute(
            "INSERT INTO monograph_ingredient VALUES (?, ?, ?, ?)",
            (monograph_id, ingredient_id, position, json.dumps(list(sources))),
        )

    def set_link_sources(
        self, monograph_id: int, ingredient_id: int, sources: Sequence[str]
    ) -> None:
        self.db.execute(
            "UPDATE monograph_ingredient SET sources = ? WHERE monograph_id = ?"
            " AND ingredient_id = ?",
            (json.dumps(list(sources)), monograph_id, ingredient_id),
        )

    # -- names --------------------------------------------------------------------------------

    def add_name(
        self, monograph_id: int, kind: NameKind, display: str, norm: str | None = None
    ) -> int:
        """Add a searchable name with its word keys (and trigram entry, when indexed)."""
        if norm is None:
            norm = normalise(display)
        cursor = self.db.execute(
            "INSERT INTO name (monograph_id, kind, display, norm) VALUES (?, ?, ?, ?)",
            (monograph_id, kind.value, display, norm),
        )
        name_id = cursor.lastrowid
        assert name_id is not None
        self.db.executemany(
            "INSERT OR IGNORE INTO name_word VALUES (?, ?)",
            [(norm[start:], name_id) for start in word_starts(norm)[1:]],
        )
        if self.indexed:
            self.db.execute("INSERT INTO name_trigram (rowid, norm) VALUES (?, ?)", (name_id, norm))
        return name_id

    # -- forms, sections, review --------------------------------------------------------------

    def add_form(self, monograph_id: int, position: int, form: ProductRecord) -> None:
        self.db.execute(
            "INSERT INTO form (monograph_id, position, source, product_name, dose_form, strength,"
            " route, package, ndcs, rxcui, application, sponsor, marketing_status, note,"
            " ingredients) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                monograph_id,
                position,
                form.source,
                form.product_name,
                form.dose_form,
                form.strength,
                form.route,
                form.package,
                " ".join(form.ndcs),
                form.rxcui,
                form.application,
                form.sponsor,
                form.marketing_status,
                form.note,
                json.dumps(list(form.precise_names or (i.name for i in form.ingredients))),
            ),
        )

    def next_section_position(self, monograph_id: int) -> int:
        return self.db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM section WHERE monograph_id = ?",
            (monograph_id,),
        ).fetchone()[0]

    def add_sections(
        self, monograph_id: int, sections: Sequence[SectionRecord], first_position: int = 0
    ) -> None:
        """Add sections at ``first_position`` on, each with its provenance (and their
        full-text entries, when indexed): one statement for the rows, one for the index."""
        self.db.executemany(
            "INSERT INTO section (monograph_id, position, kind, title, html, text, source,"
            " document_id, document_title, set_id, version, effective_date, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    monograph_id,
                    first_position + offset,
                    section.kind,
                    section.title,
                    section.html,
                    section.text,
                    section.source,
                    section.document_id,
                    section.document_title,
                    section.set_id,
                    section.version,
                    _iso(section.effective_date),
                    section.url,
                )
                for offset, section in enumerate(sections)
            ],
        )
        if self.indexed and sections:
            # The index gets the strings in hand: reading them back from the rows walks each
            # row's overflow pages through its HTML first (a fifth of the indexing time).
            ids = self.db.execute(
                "SELECT id FROM section WHERE monograph_id = ? AND position >= ? ORDER BY position",
                (monograph_id, first_position),
            ).fetchall()
            self.db.executemany(
                "INSERT INTO section_fts (rowid, title, text) VALUES (?, ?, ?)",
                [
                    (section_id, section.title, section.text)
                    for (section_id,), section in zip(ids, sections, strict=True)
                ],
            )

    def add_review(self, monograph_id: int, review: ReviewRecord) -> None:
        self.db.execute(
            "INSERT INTO review VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                monograph_id,
                review.reviewed_by,
                review.credentials,
                _iso(review.reviewed_on),
                _iso(review.updated_on),
                review.source_name,
                review.source_title,
                review.source_url,
            ),
        )

    # -- labels -------------------------------------------------------------------------------

    def put_label(
        self,
        set_id: str,
        products: Sequence[LabelProduct],
        covered: Mapping[int, How],
    ) -> None:
        """Record the products a label names and the form rows its text covers or serves."""
        self.db.execute(
            "INSERT OR REPLACE INTO label VALUES (?, ?)",
            (set_id, json.dumps([p.to_json() for p in products])),
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO label_cover VALUES (?, ?, ?)",
            [(set_id, form_id, how.value) for form_id, how in covered.items()],
        )

    def add_label_classes(
        self, set_id: str, monograph_id: int, classes: Iterable[PharmClass]
    ) -> None:
        """Record the pharmacologic classes a label states, under its set id and monograph."""
        self.db.executemany(
            "INSERT INTO label_class (set_id, monograph_id, kind, name, norm)"
            " VALUES (?, ?, ?, ?, ?)",
            [(set_id, monograph_id, c.kind, c.name, normalise(c.name)) for c in classes],
        )

    def remove_label(self, set_id: str) -> None:
        """Remove every row of the label ``set_id``: its sections (and their index entries),
        products, coverage and classes."""
        self.db.execute("DELETE FROM label WHERE set_id = ?", (set_id,))
        self.db.execute("DELETE FROM label_cover WHERE set_id = ?", (set_id,))
        rows = self.db.execute(
            "SELECT id, title, text FROM section WHERE set_id = ?", (set_id,)
        ).fetchall()
        if self.indexed:
            self.db.executemany(
                "INSERT INTO section_fts (section_fts, rowid, title, text)"
                " VALUES ('delete', ?, ?, ?)",
                rows,
            )
        self.db.execute("DELETE FROM section WHERE set_id = ?", (set_id,))
        self.db.execute("DELETE FROM label_class WHERE set_id = ?", (set_id,))

    # -- the text index during an import (see BULK_INDEX_SETTINGS) -----------------------------

    def index_in_bulk(self) -> dict[str, object]:
        """Set ``BULK_INDEX_SETTINGS``; returns the values the file had (absent: not there)."""
        keys = tuple(BULK_INDEX_SETTINGS)
        had = dict(
            self.db.execute(
                f"SELECT k, v FROM {_INDEX}_config WHERE k IN ({', '.join('?' * len(keys))})",
                keys,
            ).fetchall()
        )
        for key, value in BULK_INDEX_SETTINGS.items():
            self.db.execute(f"INSERT INTO {_INDEX}({_INDEX}, rank) VALUES (?, ?)", (key, value))
        return had

    def merge_index(self) -> None:
        """Write out the index's in-memory part and merge levels that hold 4 or more
        segments, writing at most ``FINAL_MERGE_PAGES`` pages (FTS5's "merge" command)."""
        self.db.execute(
            f"INSERT INTO {_INDEX}({_INDEX}, rank) VALUES ('merge', ?)", (FINAL_MERGE_PAGES,)
        )

    def restore_index_settings(self, had: dict[str, object]) -> None:
        """Put back what ``index_in_bulk`` changed, after the import's commit. A setting the
        file did not have is removed from FTS5's own settings table, so the file keeps
        FTS5's defaults exactly as before."""
        for key in BULK_INDEX_SETTINGS:
            if key in had:
                self.db.execute(
                    f"INSERT INTO {_INDEX}({_INDEX}, rank) VALUES (?, ?)", (key, had[key])
                )
            else:
                try:
                    self.db.execute(f"DELETE FROM {_INDEX}_config WHERE k = ?", (key,))
                except sqlite3.DatabaseError:  # a SQLite in defensive mode: FTS5's default
                    default = FTS5_DEFAULTS[key]
                    self.db.execute(
                        f"INSERT INTO {_INDEX}({_INDEX}, rank) VALUES (?, ?)", (key, default)
                    )
