"""Build a catalogue at the scale of all FDA labels (150,000 monographs) from the real data.

Run on demand, not in the test suite:

    python3 bench/generate.py --monographs 150000 --output bench/out/scale.sqlite

What goes in, and why it is realistic:

* **Names.** Every monograph of the shipped catalogue (built from ``data/``) is kept with its real
  names, so "avonex", "humira" or "lipitor" are still there at scale. The rest are new brands made
  by joining the start of one real brand name to the end of another ("Lipi" + "mira"), each with
  the real ingredient and synonym names of a real monograph: ingredient names repeat across
  monographs as they do in DailyMed, where many labellers sell one ingredient.
* **Text.** Every monograph carries one real label's sections, from the public-domain SPL
  documents and openFDA records in ``../shared/data``: about a third prescription labels (Humira,
  Lipitor, a haloperidol label; 30 to 145 KB of text each) and two thirds OTC "Drug Facts" labels
  (1 to 3 KB), roughly the mix of DailyMed. The label's own product and ingredient names are
  replaced by the monograph's, and one section in ten is dropped at random, so text searches for a
  name are selective and no two monographs have quite the same sections.

The synthetic rows are for measuring speed only: the file is written to ``bench/out/`` (ignored
by git) and is never shipped or shown to a clinician.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from viewer.catalogue import schema  # noqa: E402
from viewer.catalogue.build import build_catalogue  # noqa: E402
from viewer.paths import data_dir  # noqa: E402
from viewer.text import normalise, word_starts  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")
HL7 = "{urn:hl7-org:v3}"

# LOINC section codes -> our section kinds (anything else is "other").
LOINC_KIND = {
    "34066-1": "boxed_warning",
    "34067-9": "indications",
    "34068-7": "administration",
    "43678-2": "dosage_forms",
    "34070-3": "contraindications",
    "43685-7": "warnings",
    "34071-1": "warnings",
    "42232-9": "warnings",
    "34084-4": "adverse_reactions",
    "34073-7": "interactions",
    "43684-0": "specific_populations",
    "34088-5": "overdosage",
    "34089-3": "description",
    "34090-1": "clinical_pharmacology",
    "43679-0": "mechanism",
    "34069-5": "storage",
    "44425-7": "storage",
    "34076-0": "patient_information",
    "42231-1": "medication_guide",
    "42230-3": "patient_package_insert",
}

# openFDA label fields -> section kinds.
OPENFDA_KIND = {
    "indications_and_usage": "indications",
    "dosage_and_administration": "administration",
    "warnings": "warnings",
    "do_not_use": "warnings",
    "stop_use": "warnings",
    "ask_doctor": "warnings",
    "when_using": "warnings",
    "pregnancy_or_breast_feeding": "warnings",
    "keep_out_of_reach_of_children": "warnings",
    "purpose": "drug_facts",
    "active_ingredient": "drug_facts",
    "inactive_ingredient": "drug_facts",
    "storage_and_handling": "storage",
    "questions": "other",
    "package_label_principal_display_panel": "other",
}


@dataclass(frozen=True)
class Label:
    """One real label: its sections and the names to replace by each monograph's own."""

    name: str
    weight: float
    sections: tuple[tuple[str, str, str], ...]  # (kind, title, text)
    brand_words: tuple[str, ...]
    ingredient_words: tuple[str, ...]


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def spl_label(
    file: str, weight: float, brands: tuple[str, ...], ingredients: tuple[str, ...]
) -> Label:
    root = ET.parse(SHARED / "spl" / file).getroot()
    body = root.find(f"{HL7}component/{HL7}structuredBody")
    sections = []
    for section in body.findall(f"{HL7}component/{HL7}section") if body is not None else []:
        code = section.find(f"{HL7}code")
        title = section.find(f"{HL7}title")
        kind = LOINC_KIND.get(code.get("code", "") if code is not None else "", "other")
        text = _text(section)
        if text:
            sections.append((kind, _text(title) if title is not None else "", text))
    return Label(file, weight, tuple(sections), brands, ingredients)


def openfda_labels(weight: float) -> list[Label]:
    records = json.loads((SHARED / "openfda" / "labels-sample.json").read_text())
    labels = []
    for number, record in enumerate(records):
        sections = tuple(
            (kind, field.replace("_", " ").capitalize(), " ".join(" ".join(record[field]).split()))
            for field, kind in OPENFDA_KIND.items()
            if record.get(field)
        )
        openfda = record.get("openfda") or {}
        labels.append(
            Label(
                f"openfda-{number}",
                weight,
                sections,
                tuple(openfda.get("brand_name", [])),
                tuple(openfda.get("generic_name", [])),
            )
        )
    return labels


def real_labels() -> list[Label]:
    """About one third prescription labels, two thirds OTC, as in DailyMed."""
    labels = [
        spl_label("humira.xml", 1 / 12, ("Humira",), ("adalimumab",)),
        spl_label(
            "lipitor-orig.xml", 1 / 12, ("Lipitor",), ("atorvastatin calcium", "atorvastatin")
        ),
        spl_label("no-title.xml", 2 / 12, (), ("haloperidol",)),
        spl_label(
            "cough.xml",
            2 / 12,
            ("Triaminic",),
            ("diphenhydramine hydrochloride", "phenylephrine hydrochloride", "diphenhydramine"),
        ),
    ]
    labels += openfda_labels((2 / 12) / 1)
    return labels


class Namer:
    """New brand names joined from the halves of real ones, each used once."""

    def __init__(self, brands: list[str], taken: set[str], rng: random.Random) -> None:
        self._heads = sorted({_head(b) for b in brands if len(_head(b)) >= 2})
        self._tails = sorted({_tail(b) for b in brands if len(_tail(b)) >= 2})
        self._taken = taken
        self._rng = rng

    def next(self) -> str:
        while True:
            name = self._rng.choice(self._heads) + self._rng.choice(self._tails)
            if 4 <= len(name) <= 16 and name not in self._taken:
                self._taken.add(name)
                return name.capitalize()


_VOWELS = "aeiouy"


def _head(brand: str) -> str:
    """The first syllable or two of a one-word brand key ("lipitor" -> "lipi")."""
    word = normalise(brand).split(" ")[0]
    cut = next((i + 1 for i in range(2, len(word)) if word[i] in _VOWELS), len(word))
    return word[:cut]


def _tail(brand: str) -> str:
    word = normalise(brand).split(" ")[0]
    cut = next((i for i in range(2, len(word)) if word[i] not in _VOWELS), len(word))
    return word[cut:]


def _replacer(label: Label) -> re.Pattern[str] | None:
    words = sorted({*label.brand_words, *label.ingredient_words}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def generate(output: Path, monographs: int, seed: int = 6) -> dict[str, float]:
    rng = random.Random(seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temp:
        shipped_path = Path(temp) / "shipped.sqlite"
        build_catalogue(data_dir(), shipped_path)
        shipped = sqlite3.connect(shipped_path)
        real = shipped.execute(
            "SELECT id, slug, title, kind, active, brands, ingredients, sources FROM monograph"
            " ORDER BY id"
        ).fetchall()
        names_of: dict[int, list[tuple[str, str]]] = {}
        for monograph_id, kind, display in shipped.execute(
            "SELECT monograph_id, kind, display FROM name ORDER BY id"
        ):
            names_of.setdefault(monograph_id, []).append((kind, display))
        curated_sections = shipped.execute(
            "SELECT monograph_id, kind, title, html, text, source FROM section ORDER BY id"
        ).fetchall()
        ingredient_rows = shipped.execute("SELECT id, name, unii, rxcui FROM ingredient").fetchall()
        links = shipped.execute(
            "SELECT monograph_id, ingredient_id, position, sources FROM monograph_ingredient"
        ).fetchall()
        salt_words = [r[0] for r in shipped.execute("SELECT word FROM salt_word")]
        sources = shipped.execute("SELECT * FROM source").fetchall()
        shipped.close()

    labels = real_labels()
    weights = [label.weight for label in labels]
    patterns = {label.name: _replacer(label) for label in labels}
    links_of: dict[int, list[tuple[int, int, str]]] = {}
    for monograph_id, ingredient_id, position, link_sources in links:
        links_of.setdefault(monograph_id, []).append((ingredient_id, position, link_sources))
    brands = [d for names in names_of.values() for k, d in names if k == "brand"]
    taken = {normalise(d) for names in names_of.values() for _, d in names}
    namer = Namer(brands, taken, rng)

    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    db = sqlite3.connect(output, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -200000")
    db.executescript(schema.DDL)
    db.execute("BEGIN")
    db.executemany("INSERT INTO source VALUES (?, ?, ?, ?, ?, ?, ?)", sources)
    db.execute(
        "INSERT INTO source VALUES ('bench', 'Synthetic scale catalogue (bench/generate.py)',"
        " ?, '', '', '', ?)",
        (time.strftime("%Y-%m-%d"), monographs),
    )
    db.executemany("INSERT INTO salt_word VALUES (?)", [(w,) for w in salt_words])
    db.executemany("INSERT INTO ingredient VALUES (?, ?, ?, ?)", ingredient_rows)
    curated_of: dict[int, list[tuple]] = {}
    for row in curated_sections:
        curated_of.setdefault(row[0], []).append(row[1:])

    name_rows: list[tuple] = []
    word_rows: list[tuple] = []
    section_rows: list[tuple] = []
    name_id = 0
    section_chars = 0

    def flush() -> None:
        db.executemany("INSERT INTO name VALUES (?, ?, ?, ?, ?)", name_rows)
        db.executemany("INSERT OR IGNORE INTO name_word VALUES (?, ?)", word_rows)
        db.executemany(
            "INSERT INTO section (monograph_id, position, kind, title, html, text, source,"
            " document_id, document_title, set_id, version, effective_date, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            section_rows,
        )
        name_rows.clear()
        word_rows.clear()
        section_rows.clear()

    for number in range(1, monographs + 1):
        if number <= len(real):
            source_row = real[number - 1]
            monograph_id, slug, title, kind, active, brands_json, ingredients_json, srcs = (
                source_row
            )
            template_id = monograph_id
            names = names_of.get(template_id, [])
        else:
            template = real[rng.randrange(len(real))]
            template_id = template[0]
            brand = namer.next()
            slug, title, kind, active = normalise(brand).replace(" ", "-"), brand, "brand", 1
            ingredients_json = template[6]
            brands_json = json.dumps([brand])
            srcs = json.dumps(["bench"])
            names = [("brand", brand)] + [
                (k, d) for k, d in names_of.get(template_id, []) if k in ("ingredient", "synonym")
            ]
        db.execute(
            "INSERT INTO monograph VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (number, slug, title, kind, active, brands_json, ingredients_json, srcs),
        )
        db.executemany(
            "INSERT INTO monograph_ingredient VALUES (?, ?, ?, ?)",
            [(number, i, p, s) for i, p, s in links_of.get(template_id, [])],
        )
        for name_kind, display in names:
            name_id += 1
            norm = normalise(display)
            name_rows.append((name_id, number, name_kind, display, norm))
            word_rows += [(norm[s:], name_id) for s in word_starts(norm)[1:]]
        position = 0
        for kind_, sec_title, sec_html, text, source in curated_of.get(template_id, []):
            section_rows.append(
                (number, position, kind_, sec_title, sec_html, text, source) + (None,) * 6
            )
            position += 1
        label = rng.choices(labels, weights)[0]
        pattern = patterns[label.name]
        replacement = title
        own_name = (json.loads(ingredients_json) or [title])[0]
        for kind_, sec_title, text in label.sections:
            if position > 0 and rng.random() < 0.1:
                continue
            if pattern is not None:
                text = pattern.sub(
                    lambda m, r=replacement, o=own_name: r if m[0][0].isupper() else o, text
                )
            section_chars += len(text)
            section_rows.append(
                (
                    number,
                    position,
                    kind_,
                    sec_title,
                    "<p>" + html.escape(text) + "</p>",
                    text,
                    "bench",
                    label.name,
                    f"{label.name} (names replaced)",
                    None,
                    None,
                    None,
                    None,
                )
            )
            position += 1
        if number % 2000 == 0:
            flush()
            print(f"  {number}/{monographs} monographs", file=sys.stderr, flush=True)
    flush()
    written = time.perf_counter()
    print("  indexing names", file=sys.stderr, flush=True)
    db.execute("INSERT INTO name_trigram(name_trigram) VALUES ('rebuild')")
    print("  indexing section text", file=sys.stderr, flush=True)
    db.execute("INSERT INTO section_fts(section_fts) VALUES ('rebuild')")
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("schema_version", str(schema.SCHEMA_VERSION)),
            ("build_date", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
            ("app_version", "bench"),
            ("sources_fingerprint", "bench"),
        ],
    )
    db.execute("COMMIT")
    print("  optimising", file=sys.stderr, flush=True)
    db.execute("INSERT INTO section_fts(section_fts) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.close()
    return {
        "monographs": monographs,
        "names": name_id,
        "section_mb": section_chars / 1e6,
        "write_s": written - started,
        "total_s": time.perf_counter() - started,
        "file_mb": output.stat().st_size / 1e6,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--monographs", type=int, default=150_000)
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "out" / "scale.sqlite")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    figures = generate(args.output, args.monographs, args.seed)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
