"""Measure search at scale: name search per keystroke, typos, full text, open time, memory.

    python3 bench/generate.py                      # once: bench/out/scale.sqlite (150,000)
    python3 bench/search_bench.py [--catalogue bench/out/scale.sqlite]

One run measures the app's search layer and, beside it, raw SQLite answering the same queries
(the cheapest SQL that could answer each), each in its own fresh process so that each peak
memory figure is its own. The queries are drawn once, with a fixed seed, from the catalogue:

* keystrokes: real and generated names typed letter by letter ("l", "li", "lip", ...);
* typos: names with one or two random edits (insert, delete, substitute, swap neighbours), and
  whether the intended monograph came back in the top three;
* text: single words and two-word phrases drawn from the label text, plus a fixed set of
  clinical phrases and a few of the commonest words (the worst case for ranking).

Figures are written as JSON to ``bench/out/search.json`` and as a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from viewer.text import normalise  # noqa: E402

DEFAULT_CATALOGUE = REPO / "bench" / "out" / "scale.sqlite"
GOALS = {"name_p99_ms": 16.0, "text_p99_ms": 100.0, "open_ms": 50.0, "peak_mb": 250.0}
FIXED_TEXT = [
    "multiple sclerosis",
    "rheumatoid arthritis",
    "grapefruit juice",
    "tardive dyskinesia",
    "hepatitis b virus reactivation",
    "skeletal muscle",
    "keep out of reach of children",
    "neuroleptic malignant syndrome",
    "sore throat",
    "pregnancy",
    "liver",
    "interferon",
    "patients",
    "the",
    "and of the",
    '"unbalanced quote',
    "NEAR(liver disease)",
    "title: warnings",
    "a* OR b -c",
]

# Where a known drug should still come at scale (position in the results, 1 = first).
TEXT_CHECKS = [("multiple sclerosis", "Avonex"), ("intramuscular injection", "Avonex")]
NAME_CHECKS = [
    ("avonx", "Avonex"),
    ("humria", "Humira"),
    ("lipitr", "Lipitor"),
    ("seroquil", "Seroquel"),
    ("intreferon beta", "Avonex"),
]


# -- the workload ---------------------------------------------------------------------------


def _edit(word: str, rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    i = rng.randrange(1, len(word) - 1)  # clinicians rarely get the first letter wrong
    kind = rng.choice(("insert", "delete", "substitute", "swap"))
    if kind == "insert":
        return word[:i] + rng.choice(letters) + word[i:]
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "substitute":
        return word[:i] + rng.choice(letters.replace(word[i], "")) + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def workload(catalogue: Path, seed: int) -> dict:
    rng = random.Random(seed)
    db = sqlite3.connect(catalogue.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    count = db.execute("SELECT max(id) FROM name").fetchone()[0]
    names: list[str] = []
    while len(names) < 160:
        row = db.execute(
            "SELECT display FROM name WHERE id = ? AND kind IN ('brand', 'ingredient')",
            (rng.randint(1, count),),
        ).fetchone()
        if row and len(normalise(row[0])) >= 4:
            names.append(row[0])
    keystrokes = [name[:i] for name in names for i in range(1, len(name) + 1)]

    typos: list[tuple[str, str, int]] = []
    while len(typos) < 300:
        row = db.execute(
            "SELECT display, norm, monograph_id FROM name WHERE id = ? AND kind = 'brand'",
            (rng.randint(1, count),),
        ).fetchone()
        if not row or " " in row[1] or not 6 <= len(row[1]) <= 14 or row[1].isdigit():
            continue
        edits = rng.choice((1, 1, 2))
        typo = row[1]
        for _ in range(edits):
            typo = _edit(typo, rng)
        if db.execute("SELECT 1 FROM name WHERE norm = ?", (typo,)).fetchone():
            continue  # the "typo" is another real name
        typos.append((typo, row[0], row[2]))

    max_section = db.execute("SELECT max(id) FROM section").fetchone()[0]
    text: list[str] = list(FIXED_TEXT)
    while len(text) < 200:
        row = db.execute("SELECT text FROM section WHERE id = ?", (rng.randint(1, max_section),))
        found = row.fetchone()
        words = re.findall(r"[a-z]{4,}", found[0].lower()) if found else []
        if len(words) < 2:
            continue
        i = rng.randrange(len(words) - 1)
        text.append(words[i] if len(text) % 2 else f"{words[i]} {words[i + 1]}")
    db.close()
    return {"keystrokes": keystrokes, "typos": typos, "text": text}


# -- timing helpers ----------------------------------------------------------------------------


def _time(fn, queries: list) -> list[float]:
    fn(queries[0])  # warm the page cache and any lazy state outside the figures
    out = []
    for query in queries:
        started = time.perf_counter()
        fn(query)
        out.append((time.perf_counter() - started) * 1000)
    return out


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {
        "n": len(samples),
        "p50": round(pct(50), 3),
        "p99": round(pct(99), 3),
        "max": round(ordered[-1], 3),
        "mean": round(statistics.fmean(samples), 3),
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the two sides -----------------------------------------------------------------------------


def run_app(catalogue: Path, load: dict) -> dict:
    from viewer.catalogue.store import Catalogue
    from viewer.search import NameSearch
    from viewer.textsearch import TextSearch

    opens = []
    for _ in range(30):
        started = time.perf_counter()
        opened = Catalogue.open(catalogue)
        opens.append((time.perf_counter() - started) * 1000)
        opened.close()
    with Catalogue.open(catalogue) as cat:
        started = time.perf_counter()
        names = NameSearch(cat)
        construct_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        vocabulary = names.vocabulary()
        vocabulary_ms = (time.perf_counter() - started) * 1000
        keystrokes = _time(lambda q: names.find(q), load["keystrokes"])
        typo_ms = _time(lambda t: names.find(t[0]), load["typos"])
        top3 = 0
        suggested = 0
        for typo, _display, monograph_id in load["typos"]:
            result = names.find(typo)
            top3 += monograph_id in {h.monograph_id for h in result.hits[:3]}
            suggested += result.did_you_mean is not None
        text = TextSearch(cat)
        text_ms = _time(lambda q: text.search(q), load["text"])
        found_at = {}
        for query, title in TEXT_CHECKS:
            titles = [hit.title for hit in text.search(query)]
            found_at[query] = titles.index(title) + 1 if title in titles else None
        names_at = {}
        for query, title in NAME_CHECKS:
            titles = [hit.title for hit in names.find(query).hits]
            names_at[query] = titles.index(title) + 1 if title in titles else None
        per_query = {q: round(ms, 1) for q, ms in zip(load["text"], text_ms, strict=True)}
    return {
        "open_ms": _summary(opens),
        "name_search_setup_ms": round(construct_ms, 2),
        "vocabulary_load_ms": round(vocabulary_ms, 1),
        "vocabulary_words": len(vocabulary),
        "keystroke_ms": _summary(keystrokes),
        "typo_ms": _summary(typo_ms),
        "typo_top3": top3 / len(load["typos"]),
        "typo_suggested": suggested / len(load["typos"]),
        "text_ms": _summary(text_ms),
        "text_slowest": sorted(per_query.items(), key=lambda kv: -kv[1])[:5],
        "text_found_at": found_at,
        "names_found_at": names_at,
        "peak_mb": round(_peak_mb(), 1),
    }


_RAW_PREFIX = (
    "SELECT n.display, m.id, m.title, m.brands, m.ingredients FROM name n"
    " JOIN monograph m ON m.id = n.monograph_id WHERE n.norm >= ? AND n.norm < ?"
    " ORDER BY n.norm LIMIT 50"
)
_RAW_TRIGRAM = "SELECT rowid FROM name_trigram WHERE name_trigram MATCH ? LIMIT 50"
_RAW_TEXT = (
    "SELECT rowid, snippet(section_fts, -1, '[', ']', '…', 16) FROM section_fts"
    " WHERE section_fts MATCH ? ORDER BY rank LIMIT 20"
)


def _raw_fts(query: str) -> str:
    words = re.findall(r"[^\W_]+", query)
    return " ".join('"' + w + '"' for w in words) or '""'


def run_raw(catalogue: Path, load: dict) -> dict:
    uri = catalogue.resolve().as_uri() + "?mode=ro&immutable=1"
    opens = []
    for _ in range(30):
        started = time.perf_counter()
        db = sqlite3.connect(uri, uri=True)
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        opens.append((time.perf_counter() - started) * 1000)
        db.close()
    db = sqlite3.connect(uri, uri=True)

    def prefix(query: str) -> None:
        key = normalise(query)
        db.execute(_RAW_PREFIX, (key, key + "{")).fetchall()

    def trigram(typo: tuple) -> None:
        db.execute(_RAW_TRIGRAM, ('"' + typo[0] + '"',)).fetchall()

    def text(query: str) -> None:
        db.execute(_RAW_TEXT, (_raw_fts(query),)).fetchall()

    keystrokes = _time(prefix, load["keystrokes"])
    typo_ms = _time(trigram, load["typos"])
    text_ms = _time(text, load["text"])
    per_query = {q: round(ms, 1) for q, ms in zip(load["text"], text_ms, strict=True)}
    return {
        "open_ms": _summary(opens),
        "keystroke_ms": _summary(keystrokes),
        "typo_ms": _summary(typo_ms),
        "text_ms": _summary(text_ms),
        "text_slowest": sorted(per_query.items(), key=lambda kv: -kv[1])[:5],
        "peak_mb": round(_peak_mb(), 1),
    }


# -- driver --------------------------------------------------------------------------------------


def _child(role: str, catalogue: Path, load_file: Path) -> dict:
    command = [sys.executable, __file__, "--role", role, "--catalogue", str(catalogue)]
    completed = subprocess.run(
        [*command, "--load", str(load_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    python = sys.version.split()[0]
    return f"{os.cpu_count()} cores, {cpu}, SQLite {sqlite3.sqlite_version}, Python {python}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--role", choices=("app", "raw"), help=argparse.SUPPRESS)
    parser.add_argument("--load", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "out" / "search.json")
    args = parser.parse_args()
    if args.role:
        load = json.loads(args.load.read_text())
        result = (
            run_app(args.catalogue, load) if args.role == "app" else run_raw(args.catalogue, load)
        )
        print(json.dumps(result))
        return 0

    load = workload(args.catalogue, args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    load_file = args.output.with_suffix(".load.json")
    load_file.write_text(json.dumps(load))
    db = sqlite3.connect(args.catalogue.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    sizes = {
        "monographs": db.execute("SELECT count(*) FROM monograph").fetchone()[0],
        "names": db.execute("SELECT count(*) FROM name").fetchone()[0],
        "sections": db.execute("SELECT count(*) FROM section").fetchone()[0],
        "file_gb": round(args.catalogue.stat().st_size / 1e9, 2),
    }
    db.close()
    app = _child("app", args.catalogue, load_file)
    raw = _child("raw", args.catalogue, load_file)
    report = {
        "machine": _machine(),
        "catalogue": sizes,
        "queries": {k: len(v) for k, v in load.items()},
        "app": app,
        "raw": raw,
    }
    args.output.write_text(json.dumps(report, indent=2))
    print(render(report))
    return 0


def render(report: dict) -> str:
    app, raw = report["app"], report["raw"]

    def row(label: str, a: float, r: float, goal: str) -> str:
        ratio = f"{a / r:.1f}x" if r else "-"
        return f"| {label} | {a:g} | {r:g} | {ratio} | {goal} |"

    lines = [
        f"Machine: {report['machine']}",
        f"Catalogue: {report['catalogue']}",
        f"Queries: {report['queries']}",
        "",
        "| measure | drugview | raw SQLite | ratio | goal |",
        "| --- | --- | --- | --- | --- |",
        row(
            "name search per keystroke p50 (ms)",
            app["keystroke_ms"]["p50"],
            raw["keystroke_ms"]["p50"],
            "",
        ),
        row(
            "name search per keystroke p99 (ms)",
            app["keystroke_ms"]["p99"],
            raw["keystroke_ms"]["p99"],
            "< 16",
        ),
        row("typo query p50 (ms)", app["typo_ms"]["p50"], raw["typo_ms"]["p50"], ""),
        row("typo query p99 (ms)", app["typo_ms"]["p99"], raw["typo_ms"]["p99"], "< 16"),
        row("full text p50 (ms)", app["text_ms"]["p50"], raw["text_ms"]["p50"], ""),
        row("full text p99 (ms)", app["text_ms"]["p99"], raw["text_ms"]["p99"], "< 100"),
        row("catalogue open p50 (ms)", app["open_ms"]["p50"], raw["open_ms"]["p50"], ""),
        row("catalogue open p99 (ms)", app["open_ms"]["p99"], raw["open_ms"]["p99"], "< 50"),
        row("peak memory (MB)", app["peak_mb"], raw["peak_mb"], "< 250"),
        "",
        f"Typos with the intended drug in the top three: {app['typo_top3']:.1%};"
        f" with a did-you-mean: {app['typo_suggested']:.1%}.",
        f"Spelling vocabulary: {app['vocabulary_words']} words, loaded in"
        f" {app['vocabulary_load_ms']} ms on the first typo.",
        f"Known drugs at scale, position by name: {app['names_found_at']};"
        f" by text: {app['text_found_at']}.",
        f"Slowest text queries (drugview): {app['text_slowest']}",
        f"Slowest text queries (raw SQLite): {raw['text_slowest']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
