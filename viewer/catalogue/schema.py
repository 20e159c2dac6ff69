"""The catalogue's SQLite schema, version 2, and how a file is recognised as one.

A catalogue is marked twice: ``PRAGMA application_id`` says "this is a drugview catalogue" (so a
foreign SQLite file is told apart from a damaged one), and ``PRAGMA user_version`` plus the
``meta`` table's ``schema_version`` say which layout it has.

Names are the hot path of search: ``name`` holds every brand, ingredient and synonym with its
normalised key (indexed), ``name_word`` the key from each later word on (for word-prefix
matches such as "beta 1a"), and ``name_trigram`` a trigram index for substring matches.
Section text has its own full-text index, ``section_fts``, a second and bounded search tier.

``name_by_monograph`` was added to version 1 after its first release: it changes no table, a
file without it reads the same (only slower), and ``drugview import`` adds it to the new file
it writes (``ensure_indexes``), so the version number stays 1.

Version 2 lists each form's precise ingredients (``form.ingredients``: "metoprolol
succinate", not only "metoprolol"), the products each label names (``label``) and which
product rows its text covers or serves (``label_cover``, see ``viewer.coverage``). A version
1 file is still opened (``legacy_ok``) to carry the labels a user imported into the catalogue
rebuilt from it; it is never read otherwise.
"""

from __future__ import annotations

SCHEMA_VERSION = 2
OLDEST_CARRIED_VERSION = 1  # the oldest schema whose imported labels a rebuild carries
APPLICATION_ID = 0x44525647  # "DRVG"

REQUIRED_TABLES_V1 = (
    "meta",
    "source",
    "monograph",
    "ingredient",
    "monograph_ingredient",
    "name",
    "name_word",
    "name_trigram",
    "form",
    "section",
    "section_fts",
    "review",
    "salt_word",
)
REQUIRED_TABLES = (*REQUIRED_TABLES_V1, "label", "label_cover")

# The pharmacologic classes labels state (see viewer.catalogue.label_classes): a table added
# to version 1 after its first release, like name_by_monograph, so optional when reading.
LABEL_CLASS_TABLE = "label_class"
LABEL_CLASS_DDL = (
    "CREATE TABLE IF NOT EXISTS label_class ("
    " set_id TEXT NOT NULL, monograph_id INTEGER NOT NULL REFERENCES monograph(id),"
    " kind TEXT NOT NULL CHECK (kind IN ('epc', 'moa', 'pe', 'cs')),"
    " name TEXT NOT NULL, norm TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS label_class_by_norm ON label_class(norm)",
    "CREATE INDEX IF NOT EXISTS label_class_by_monograph ON label_class(monograph_id)",
    "CREATE INDEX IF NOT EXISTS label_class_by_set ON label_class(set_id)",
)

# Indexes added to version 1 after its first release; created where a file lacks them.
LATER_INDEXES = (
    "CREATE INDEX IF NOT EXISTS name_by_monograph ON name(monograph_id, norm)",
    *LABEL_CLASS_DDL,
)

DDL = f"""
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {SCHEMA_VERSION};

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE source (
    key       TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    edition   TEXT NOT NULL,
    publisher TEXT NOT NULL DEFAULT '',
    url       TEXT NOT NULL DEFAULT '',
    licence   TEXT NOT NULL DEFAULT '',
    records   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE monograph (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('brand', 'generic')),
    active      INTEGER NOT NULL,      -- 1: some source lists it as prescribable or marketed
    brands      TEXT NOT NULL,         -- JSON list, so result lists need no join
    ingredients TEXT NOT NULL,         -- JSON list
    sources     TEXT NOT NULL          -- JSON list of source keys that describe it
);

CREATE TABLE ingredient (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    unii  TEXT,
    rxcui TEXT
);

CREATE TABLE monograph_ingredient (
    monograph_id  INTEGER NOT NULL REFERENCES monograph(id),
    ingredient_id INTEGER NOT NULL REFERENCES ingredient(id),
    position      INTEGER NOT NULL,
    sources       TEXT NOT NULL,       -- JSON list of the sources that name this ingredient
    PRIMARY KEY (monograph_id, ingredient_id)
) WITHOUT ROWID;
CREATE INDEX monograph_by_ingredient ON monograph_ingredient(ingredient_id);

CREATE TABLE name (
    id           INTEGER PRIMARY KEY,
    monograph_id INTEGER NOT NULL REFERENCES monograph(id),
    kind         TEXT NOT NULL CHECK (kind IN ('brand', 'ingredient', 'synonym', 'title')),
    display      TEXT NOT NULL,
    norm         TEXT NOT NULL
);
CREATE INDEX name_by_norm ON name(norm, kind);  -- kind: brands and titles first, cheaply
CREATE INDEX name_by_monograph ON name(monograph_id, norm);

CREATE TABLE name_word (
    key     TEXT NOT NULL,             -- the name's key from its second, third, ... word on
    name_id INTEGER NOT NULL REFERENCES name(id),
    PRIMARY KEY (key, name_id)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE name_trigram USING fts5(
    norm, content='name', content_rowid='id', tokenize='trigram'
);

CREATE TABLE form (
    id               INTEGER PRIMARY KEY,
    monograph_id     INTEGER NOT NULL REFERENCES monograph(id),
    position         INTEGER NOT NULL,
    source           TEXT NOT NULL REFERENCES source(key),
    product_name     TEXT,
    dose_form        TEXT,
    strength         TEXT,
    route            TEXT,
    package          TEXT,
    ndcs             TEXT NOT NULL,    -- space-separated 11-digit NDCs
    rxcui            TEXT,
    application      TEXT,
    sponsor          TEXT,
    marketing_status TEXT,
    note             TEXT,
    ingredients      TEXT NOT NULL DEFAULT '[]'  -- JSON list of precise ingredients
);
CREATE INDEX form_by_monograph ON form(monograph_id, position);

CREATE TABLE section (
    id             INTEGER PRIMARY KEY,
    monograph_id   INTEGER NOT NULL REFERENCES monograph(id),
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    html           TEXT NOT NULL,      -- safe rich-text subset, never remote resources
    text           TEXT NOT NULL,
    source         TEXT NOT NULL REFERENCES source(key),
    document_id    TEXT,
    document_title TEXT,
    set_id         TEXT,
    version        TEXT,
    effective_date TEXT,               -- ISO date
    url            TEXT
);
CREATE INDEX section_by_monograph ON section(monograph_id, position);
CREATE INDEX section_by_set ON section(set_id);

CREATE VIRTUAL TABLE section_fts USING fts5(
    title, text, content='section', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE review (
    monograph_id INTEGER PRIMARY KEY REFERENCES monograph(id),
    reviewed_by  TEXT,
    credentials  TEXT,
    reviewed_on  TEXT,
    updated_on   TEXT,
    source_name  TEXT,
    source_title TEXT,
    source_url   TEXT
);

CREATE TABLE label (
    set_id   TEXT PRIMARY KEY,
    products TEXT NOT NULL             -- JSON list: the products the label names (NDCs, ...)
) WITHOUT ROWID;

CREATE TABLE label_cover (
    set_id  TEXT NOT NULL,
    form_id INTEGER NOT NULL REFERENCES form(id),
    how     TEXT NOT NULL CHECK (how IN ('covers', 'serves')),
    PRIMARY KEY (set_id, form_id)
) WITHOUT ROWID;

CREATE TABLE salt_word (
    word TEXT PRIMARY KEY              -- "calcium", "hydrochloride": stripped from salt forms
) WITHOUT ROWID;
""" + "".join(f"{statement};\n" for statement in LABEL_CLASS_DDL)
