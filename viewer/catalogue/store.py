"""Open a catalogue read-only, check it is one, and answer the search tiers from it.

Opening never writes: the file is opened with ``mode=ro&immutable=1``, so SQLite takes no lock,
creates no journal or WAL beside it and never "recovers" a foreign file. Before any query the
file is checked cheaply (exists, is a file, SQLite header, not truncated, our application id,
a schema version we read, every table present) and each failure gets its own clear message.

Queries hand out typed rows (the ``NamedTuple``s ``NameRow``, ``MonographSummary``,
``RankedSection`` and ``Snippet``: cheaper to define and to build than frozen dataclasses,
and this module loads before the window's first search), decoded here once: JSON lists become
tuples, kinds become enums, flags become booleans. Callers read fields by name, never by
position. A whole monograph and the labels filed in the catalogue are read by
``viewer.catalogue.monographs``, loaded on first use, so that searching does not wait for the
types they are built from.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from viewer.catalogue import schema
from viewer.catalogue.errors import (
    CatalogueDamaged,
    CatalogueError,
    CatalogueMissing,
    CataloguePendingWal,
    CatalogueTooNew,
    NotACatalogue,
)
from viewer.model import LABEL_SOURCE_KEYS, CatalogueInfo, NameKind, SourceEdition

if TYPE_CHECKING:
    from viewer.catalogue.section_counts import Coverage
    from viewer.monograph import Monograph, PharmClass
    from viewer.sources.records import LabelRecord

# -- typed rows --------------------------------------------------------------------------------


class NameRow(NamedTuple):
    """One searchable name and a summary of its monograph: what every name tier reads.

    A ``NamedTuple`` rather than a frozen dataclass: name search builds up to several
    hundred of these per keystroke (800 for "sodium chloride"), and a frozen
    slotted dataclass, whose ``__init__`` sets each field through ``object.__setattr__``,
    costs about four times as much to build: 400 decoded rows took 0.68 ms as dataclasses,
    0.25 ms as ``NameRow(...)`` and 0.17 ms through ``tuple.__new__`` (``_name_rows``), best
    of 150 runs on this 2-core machine. Fields are read by name all the same.
    """

    norm: str  # the name's search key (``viewer.text.normalise``)
    kind: NameKind
    display: str
    monograph_id: int
    title: str
    monograph_kind: str  # "brand" or "generic"
    brands: tuple[str, ...]
    ingredients: tuple[str, ...]  # the monograph's active moieties, in header order
    active: bool  # some source lists the monograph as prescribable or marketed


class MonographSummary(NamedTuple):
    """What a result list shows of a monograph."""

    title: str
    kind: str  # "brand" or "generic"
    brands: tuple[str, ...]
    ingredients: tuple[str, ...]
    active: bool


class RankedSection(NamedTuple):
    """A section matching a text query, with its bm25 rank (lower is better)."""

    section_id: int
    rank: float


class Snippet(NamedTuple):
    """A section's kind and title and a snippet of it, the matches between the marks given."""

    section_kind: str
    section_title: str
    marked: str


_NAME_KINDS = {kind.value: kind for kind in NameKind}  # a dict lookup, cheaper than NameKind()

Lists = tuple[tuple[str, ...], tuple[str, ...]]  # a monograph's brands and ingredients
# JSON's own C scanner (``scan_once``, which typeshed does not declare), called directly:
# json.loads wraps it in three Python calls, which made decoding the lists of monographs met
# for the first time (800 at once for "sodium chloride") two and a half times as slow. The
# catalogue writes these lists with json.dumps: no surrounding whitespace to skip.
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
LISTS_KEPT = 20_000  # monographs whose decoded lists a catalogue keeps (then it starts over)

_make_tuple = tuple.__new__
# _name_rows builds a NameRow by position, in this order (and the SQL selects in this order).
assert NameRow._fields == (
    "norm",
    "kind",
    "display",
    "monograph_id",
    "title",
    "monograph_kind",
    "brands",
    "ingredients",
    "active",
)


def _decode_lists(
    lists: dict[int, Lists], monograph_id: int, brands: str, ingredients: str
) -> Lists:
    """The monograph's brand and ingredient lists (JSON in the file) as tuples, kept in
    ``lists`` by monograph id: the same monographs come back keystroke after keystroke, and
    decoding their JSON again (or looking it up by its text) cost name search a tenth of its
    time."""
    if len(lists) >= LISTS_KEPT:
        lists.clear()  # bounded, whatever the catalogue's size
    decoded = lists[monograph_id] = (tuple(_scan(brands, 0)[0]), tuple(_scan(ingredients, 0)[0]))
    return decoded


def _name_rows(lists: dict[int, Lists], rows: Iterable[tuple[Any, ...]]) -> list[NameRow]:
    """The rows of ``Catalogue._NAME_COLUMNS``, decoded (``lists``: see ``_decode_lists``).

    Built with ``tuple.__new__`` (what ``NameRow._make`` does), skipping the generated
    Python ``__new__``: a third of the cost of a row, on the search's hot path."""
    out = []
    for norm, kind, display, m_id, title, m_kind, brands, ingredients, active in rows:
        decoded = lists.get(m_id) or _decode_lists(lists, m_id, brands, ingredients)
        out.append(
            _make_tuple(
                NameRow,
                (
                    norm,
                    _NAME_KINDS[kind],
                    display,
                    m_id,
                    title,
                    m_kind,
                    decoded[0],
                    decoded[1],
                    active != 0,
                ),
            )
        )
    return out


SQLITE_HEADER = b"SQLite format 3\x00"
REBUILD = "Rebuild it with `drugview build`, or open another catalogue."


def _describe_foreign(head: bytes) -> str:
    sample = head.lstrip()[:64].lower()
    if sample.startswith((b"<!doctype html", b"<html")) or b"<html" in sample:
        return "is an HTML page, not a catalogue"
    if sample.startswith(b"pk\x03\x04"):
        return "is a zip archive, not a catalogue"
    if sample.startswith((b"{", b"[")):
        return "is a JSON file, not a catalogue"
    if sample.startswith(b"<?xml"):
        return "is an XML file, not a catalogue"
    return "is not a catalogue (not an SQLite database)"


def pending_wal(catalogue: Path) -> Path | None:
    """The ``-wal`` file beside ``catalogue`` when it holds changes not yet in the file."""
    wal = catalogue.with_name(catalogue.name + "-wal")
    try:
        return wal if wal.stat().st_size > 0 else None
    except OSError:
        return None


def check_file(path: Path) -> None:
    """Raise a ``CatalogueError`` for anything that is plainly not a usable catalogue file."""
    if not path.exists():
        raise CatalogueMissing(path, "no catalogue file here.", REBUILD)
    if path.is_dir():
        raise NotACatalogue(path, "is a folder, not a catalogue file.", "Choose the .sqlite file.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
            size = handle.seek(0, 2)
    except PermissionError as error:
        raise NotACatalogue(path, "cannot be read (permission denied).") from error
    except OSError as error:
        raise NotACatalogue(path, f"cannot be read ({error.strerror}).") from error
    if size == 0:
        raise NotACatalogue(path, "is empty (0 bytes), not a catalogue.", REBUILD)
    if not head.startswith(SQLITE_HEADER):
        raise NotACatalogue(path, _describe_foreign(head) + ".", "Choose a drugview catalogue.")
    if len(head) < 100:
        raise CatalogueDamaged(path, "is truncated (shorter than an SQLite header).", REBUILD)
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(head[28:32], "big")
    if page_count and size < page_size * page_count:
        raise CatalogueDamaged(
            path,
            f"is truncated ({size} bytes of an expected {page_size * page_count}).",
            REBUILD,
        )
    application_id = int.from_bytes(head[68:72], "big")
    if application_id != schema.APPLICATION_ID:
        raise NotACatalogue(
            path,
            "is an SQLite database of another program, not a drugview catalogue.",
            "Choose a drugview catalogue.",
        )


class Catalogue:
    """A read-only catalogue. Create with ``Catalogue.open(path)``; close when done."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        self._has_classes: bool | None = None  # label_class is optional (see label_classes)
        self._lists: dict[int, Lists] = {}  # decoded once per monograph (see _decode_lists)

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, legacy_ok: bool = False) -> Catalogue:
        """Open ``path`` read-only, or raise a ``CatalogueError`` saying why not.

        With ``legacy_ok``, a catalogue of an older schema (back to
        ``schema.OLDEST_CARRIED_VERSION``) opens too: only to carry its labels into a rebuild.
        """
        path = Path(path).expanduser()
        check_file(path)
        wal = pending_wal(path.resolve())
        if wal is not None:
            raise CataloguePendingWal(
                path,
                f"has changes that are not yet in the file (they are still in {wal.name}),"
                " so it would show stale data.",
                "Close the program writing to it (SQLite then folds them in) and try again.",
            )
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error as error:
            raise NotACatalogue(path, f"cannot be opened ({error}).", REBUILD) from error
        catalogue = cls(path, connection)
        try:
            catalogue._check_schema(legacy_ok)
        except sqlite3.DatabaseError as error:
            connection.close()
            raise CatalogueDamaged(path, f"is damaged ({error}).", REBUILD) from error
        except CatalogueError:
            connection.close()
            raise
        return catalogue

    def _check_schema(self, legacy_ok: bool = False) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.SCHEMA_VERSION:
            raise CatalogueTooNew(
                self.path,
                f"was made by a newer drugview (schema {version}); this version reads schema "
                f"{schema.SCHEMA_VERSION}.",
                "Update drugview, or rebuild the catalogue with this version.",
            )
        tables = {
            row[0]
            for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        required = (
            schema.REQUIRED_TABLES_V1 if version < schema.SCHEMA_VERSION else schema.REQUIRED_TABLES
        )
        missing = [t for t in required if t not in tables]
        if missing:
            raise CatalogueDamaged(self.path, f"lacks tables: {', '.join(missing)}.", REBUILD)
        older = schema.OLDEST_CARRIED_VERSION <= version < schema.SCHEMA_VERSION
        if legacy_ok and older and self.meta().get("schema_version") == str(version):
            return
        if version < schema.SCHEMA_VERSION:
            raise CatalogueDamaged(self.path, f"has an unknown schema version {version}.", REBUILD)
        recorded = self.meta().get("schema_version")
        if recorded != str(schema.SCHEMA_VERSION):
            raise CatalogueDamaged(
                self.path,
                f"records schema version {recorded!r}, not {schema.SCHEMA_VERSION}.",
                REBUILD,
            )
        # Touch every table once, so a damaged table root fails here rather than mid-search.
        for table in required:
            self._db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- metadata -----------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def sources(self) -> tuple[SourceEdition, ...]:
        rows = self._db.execute(
            "SELECT key, title, edition, publisher, url, licence, records FROM source ORDER BY key"
        )
        return tuple(SourceEdition(*row) for row in rows)

    def info(self) -> CatalogueInfo:
        meta = self.meta()

        def count(sql: str) -> int:
            return self._db.execute(sql).fetchone()[0]

        return CatalogueInfo(
            path=str(self.path),
            schema_version=int(meta.get("schema_version", 0)),
            build_date=meta.get("build_date", ""),
            app_version=meta.get("app_version", ""),
            monographs=count("SELECT count(*) FROM monograph"),
            brands=count("SELECT count(*) FROM monograph WHERE kind = 'brand'"),
            ingredients=count("SELECT count(*) FROM ingredient"),
            forms=count("SELECT count(*) FROM form"),
            sections=count("SELECT count(*) FROM section"),
            sources=self.sources(),
        )

    def section_coverage(self) -> Coverage:
        """Monographs per kind of section, and the labels' dates (``drugview info``)."""
        from viewer.catalogue import section_counts

        return section_counts.read(self._db)

    def salt_words(self) -> frozenset[str]:
        return frozenset(row[0] for row in self._db.execute("SELECT word FROM salt_word"))

    # -- names (the search hot path) ---------------------------------------------------------

    _NAME_COLUMNS = (
        "SELECT n.norm, n.kind, n.display, m.id, m.title, m.kind, m.brands, m.ingredients,"
        " m.active FROM name n JOIN monograph m ON m.id = n.monograph_id"
    )

    def names_exact(self, key: str, limit: int = 1000) -> list[NameRow]:
        """Names equal to ``key``: every brand and title, then up to ``limit`` others.

        A common ingredient ("sodium chloride") is in thousands of monographs at the scale of
        all labels; its brands and titles are always read, its other names only up to the limit.
        """
        rows = self._db.execute(
            self._NAME_COLUMNS + " WHERE n.norm = ? AND n.kind IN ('brand', 'title') LIMIT ?",
            (key, limit),
        ).fetchall()
        rows += self._db.execute(
            self._NAME_COLUMNS + " WHERE n.norm = ? AND n.kind IN ('ingredient', 'synonym')"
            " LIMIT ?",
            (key, limit),
        ).fetchall()
        return _name_rows(self._lists, rows)

    def names_prefix(self, key: str, limit: int) -> list[NameRow]:
        """Names starting with ``key`` (keys are [0-9a-z ], so '{' sorts after all of them)."""
        return _name_rows(
            self._lists,
            self._db.execute(
                self._NAME_COLUMNS + " WHERE n.norm > ? AND n.norm < ? ORDER BY n.norm LIMIT ?",
                (key, key + "{", limit),
            ),
        )

    def names_word_prefix(self, key: str, limit: int) -> list[NameRow]:
        """Names with a later word starting with ``key`` ("beta 1a" in "interferon beta 1a")."""
        return _name_rows(
            self._lists,
            self._db.execute(
                self._NAME_COLUMNS
                + " JOIN (SELECT name_id FROM name_word WHERE key >= ? AND key < ?"
                " ORDER BY key LIMIT ?) w ON w.name_id = n.id",
                (key, key + "{", limit),
            ),
        )

    SUBSTRING_PROBE = 24  # characters of a long key looked up in the trigram index

    def names_substring(self, key: str, limit: int) -> list[NameRow]:
        """Names containing ``key`` anywhere (trigram index; needs at least three characters).

        A trigram phrase costs more the longer it is (a pasted 60-letter vaccine name took
        10 ms at scale), so only the key's first ``SUBSTRING_PROBE`` characters are looked up
        and the whole key is then checked on each name found.
        """
        if len(key) < 3:
            return []
        probe = key[: self.SUBSTRING_PROBE]
        phrase = '"' + probe.replace('"', '""') + '"'
        rows = _name_rows(
            self._lists,
            self._db.execute(
                self._NAME_COLUMNS
                + " JOIN (SELECT rowid FROM name_trigram WHERE name_trigram MATCH ?"
                " LIMIT ?) t ON t.rowid = n.id",
                (phrase, limit),
            ),
        )
        return rows if probe == key else [row for row in rows if key in row.norm]

    def name_key_counts(self) -> dict[str, int]:
        """Every distinct name key -> how many names carry it (the spelling vocabulary)."""
        return dict(self._db.execute("SELECT norm, count(*) FROM name GROUP BY norm"))

    # -- section text (the bounded full-text tier) ---------------------------------------------

    def section_id_bound(self) -> int:
        """The largest section id (ids are dense from 1), 0 when there are no sections."""
        return self._db.execute("SELECT coalesce(max(id), 0) FROM section").fetchone()[0]

    def text_nth_match(self, fts_query: str, n: int) -> int | None:
        """The section id of the ``n``-th match in id order, or None when there are fewer.

        Matches come out of the index lazily in id order, so this costs about ``n`` matches
        however common the words are.
        """
        row = self._db.execute(
            "SELECT rowid FROM section_fts WHERE section_fts MATCH ? ORDER BY rowid"
            " LIMIT 1 OFFSET ?",
            (fts_query, n - 1),
        ).fetchone()
        return row[0] if row else None

    def text_ranked(self, fts_query: str, cutoff: int | None, limit: int) -> list[RankedSection]:
        """The best sections (among those up to ``cutoff``) with their bm25 rank, best first."""
        if cutoff is None:
            rows = self._db.execute(
                "SELECT rowid, rank FROM section_fts WHERE section_fts MATCH ?"
                " ORDER BY rank LIMIT ?",
                (fts_query, limit),
            )
        else:
            rows = self._db.execute(
                "SELECT rowid, rank FROM section_fts WHERE section_fts MATCH ? AND rowid <= ?"
                " ORDER BY rank LIMIT ?",
                (fts_query, cutoff, limit),
            )
        return [RankedSection(section_id, rank) for section_id, rank in rows]

    def text_scan(self, fts_query: str, limit: int) -> list[int]:
        """Ids of the first sections that match, in id order (no ranking: cheap for any words)."""
        rows = self._db.execute(
            "SELECT rowid FROM section_fts WHERE section_fts MATCH ? LIMIT ?", (fts_query, limit)
        )
        return [row[0] for row in rows]

    def text_filter(self, fts_query: str, section_ids: list[int]) -> set[int]:
        """Those of ``section_ids`` that match ``fts_query``.

        Only for queries without a bare phrase: FTS5 answers ``rowid = ?`` for a phrase by
        scanning on to the phrase's next match, which for a rare phrase is the whole index.
        """
        if not section_ids:
            return set()
        rows = self._db.execute(
            "SELECT rowid FROM section_fts WHERE section_fts MATCH ? AND rowid IN"
            f" ({', '.join('?' * len(section_ids))})",
            [fts_query, *section_ids],
        )
        return {row[0] for row in rows}

    def section_owners(self, section_ids: list[int]) -> dict[int, int]:
        """section id -> monograph id."""
        if not section_ids:
            return {}
        return dict(
            self._db.execute(
                "SELECT id, monograph_id FROM section WHERE id IN"
                f" ({', '.join('?' * len(section_ids))})",
                section_ids,
            ).fetchall()
        )

    def text_snippet(
        self, fts_query: str, section_id: int, open_mark: str, close_mark: str, tokens: int
    ) -> Snippet | None:
        """The section's kind and title, and a snippet with the matches between the marks.

        ``fts_query`` must match the section (see ``text_filter`` on bare phrases). No rank
        here: bm25 on a single row still counts every row holding each word.
        """
        row = self._db.execute(
            "SELECT s.kind, s.title, snippet(section_fts, -1, ?, ?, '…', ?)"
            " FROM section_fts JOIN section s ON s.id = section_fts.rowid"
            " WHERE section_fts MATCH ? AND section_fts.rowid = ?",
            (open_mark, close_mark, tokens, fts_query, section_id),
        ).fetchone()
        if row is None:
            return None
        kind, title, marked = row
        return Snippet(kind, title, marked or "")

    def monograph_summaries(self, ids: list[int]) -> dict[int, MonographSummary]:
        """id -> what a result list shows of the monograph, for many ids in one query."""
        if not ids:
            return {}
        rows = self._db.execute(
            "SELECT id, title, kind, brands, ingredients, active FROM monograph WHERE id IN"
            f" ({', '.join('?' * len(ids))})",
            ids,
        )
        summaries = {}
        for monograph_id, title, kind, brands, ingredients, active in rows:
            decoded = self._lists.get(monograph_id) or _decode_lists(
                self._lists, monograph_id, brands, ingredients
            )
            summaries[monograph_id] = MonographSummary(
                title, kind, decoded[0], decoded[1], active != 0
            )
        return summaries

    def interrupt(self) -> None:
        """Abort the statement running on this connection (safe to call from another thread)."""
        self._db.interrupt()

    # -- monographs ---------------------------------------------------------------------------

    def monograph_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM monograph").fetchone()[0]

    def monograph_id_for_slug(self, slug: str) -> int | None:
        row = self._db.execute("SELECT id FROM monograph WHERE slug = ?", (slug,)).fetchone()
        return row[0] if row else None

    def monograph(self, monograph_id: int) -> Monograph | None:
        """The monograph ``monograph_id`` with its sections, forms, review and labels."""
        from viewer.catalogue.monographs import read_monograph  # not needed to search

        editions = {s.key: s for s in self.sources()}
        return read_monograph(self._db, monograph_id, editions, self.pharm_classes(monograph_id))

    # -- pharmacologic classes (see viewer.catalogue.label_classes) ----------------------------

    def has_pharm_classes(self) -> bool:
        if self._has_classes is None:
            from viewer.catalogue import label_classes

            self._has_classes = label_classes.present(self._db)
        return self._has_classes

    def pharm_classes(self, monograph_id: int) -> tuple[PharmClass, ...]:
        if not self.has_pharm_classes():
            return ()
        from viewer.catalogue import label_classes

        return label_classes.of_monograph(self._db, monograph_id)

    def names_pharm_class(self, key: str, limit: int) -> list[NameRow]:
        """Name rows (of kind ``NameKind.PHARM_CLASS``, the class as the name) for monographs
        whose labels state a class named (or, from four characters, starting with) ``key``."""
        if not self.has_pharm_classes():
            return []
        from viewer.catalogue import label_classes

        found = label_classes.matching(self._db, key, limit)
        summaries = self.monograph_summaries(sorted({match.monograph_id for match in found}))
        rows = []
        for match in found:
            summary = summaries[match.monograph_id]
            rows.append(
                NameRow(
                    norm=match.norm,
                    kind=NameKind.PHARM_CLASS,
                    display=match.name,
                    monograph_id=match.monograph_id,
                    title=summary.title,
                    monograph_kind=summary.kind,
                    brands=summary.brands,
                    ingredients=summary.ingredients,
                    active=summary.active,
                )
            )
        return rows

    # -- labels -------------------------------------------------------------------------------

    def stored_labels(self, sources: tuple[str, ...] = LABEL_SOURCE_KEYS) -> Iterator[LabelRecord]:
        """Every label filed in this catalogue (see ``monographs.stored_labels``)."""
        from viewer.catalogue import monographs

        return monographs.stored_labels(self._db, str(self.path), sources, self.has_pharm_classes())
