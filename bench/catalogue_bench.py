"""Catalogue benchmark: open time, build time and name-search latency, beside raw SQLite.

    python -m bench.catalogue_bench [--queries 2000] [--builds 3]

Each figure is printed beside a baseline measured in the same run on the same machine:
- open: ``Catalogue.open`` (checks header, app id, schema, tables) vs a bare read-only
  ``sqlite3.connect`` that reads one row;
- build: ``build_catalogue`` from data/ vs inserting the same number of form rows into a bare
  table (the floor of writing that much data);
- name search: ``NameSearch.search`` (all tiers, ranking, one hit per monograph) vs one raw
  indexed prefix query on the ``name`` table, over queries drawn from the catalogue's own names
  as typed (every prefix of sampled names).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.stats import print_rows, summary_ms
from viewer.catalogue.build import build_catalogue
from viewer.catalogue.store import Catalogue
from viewer.paths import data_dir
from viewer.search import NameSearch
from viewer.text import normalise


def typed_queries(catalogue_path: Path, count: int, seed: int = 7) -> list[str]:
    db = sqlite3.connect(f"file:{catalogue_path}?mode=ro", uri=True)
    names = [row[0] for row in db.execute("SELECT display FROM name ORDER BY id")]
    db.close()
    rng = random.Random(seed)
    queries: list[str] = []
    while len(queries) < count:
        name = rng.choice(names)
        queries.extend(name[:n] for n in range(1, len(name) + 1))
    return queries[:count]


def time_each(function, items) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for item in items:
        start = time.perf_counter()
        function(item)
        samples.append(time.perf_counter() - start)
    return samples


def bench_open(path: Path, repeats: int) -> list[tuple[str, dict[str, float]]]:
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"

    def ours(_: int) -> None:
        Catalogue.open(path).close()

    def raw(_: int) -> None:
        db = sqlite3.connect(uri, uri=True)
        db.execute("SELECT id FROM monograph LIMIT 1").fetchall()
        db.close()

    ours_samples = time_each(ours, range(repeats))
    raw_samples = time_each(raw, range(repeats))
    return [
        ("Catalogue.open", summary_ms(ours_samples)),
        ("baseline: sqlite3.connect + 1 row", summary_ms(raw_samples)),
    ]


def bench_build(builds: int, folder: Path) -> list[tuple[str, dict[str, float]]]:
    ours = []
    for n in range(builds):
        start = time.perf_counter()
        build_catalogue(data_dir(), folder / f"build-{n}.sqlite")
        ours.append(time.perf_counter() - start)
    with Catalogue.open(folder / "build-0.sqlite") as catalogue:
        forms = catalogue.info().forms
    raw = []
    for n in range(builds):
        start = time.perf_counter()
        db = sqlite3.connect(folder / f"raw-{n}.sqlite", isolation_level=None)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("CREATE TABLE form (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT)")
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO form (a, b, c) VALUES (?, ?, ?)",
            (("tablet", "10 MG", "oral") for _ in range(forms)),
        )
        db.execute("COMMIT")
        db.close()
        raw.append(time.perf_counter() - start)
    return [
        ("build_catalogue (data/)", summary_ms(ours)),
        (f"baseline: insert {forms} bare rows", summary_ms(raw)),
    ]


def bench_search(path: Path, queries: list[str]) -> list[tuple[str, dict[str, float]]]:
    catalogue = Catalogue.open(path)
    search = NameSearch(catalogue)
    db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    for q in queries[:200]:  # warm both paths equally
        search.search(q)
        key = normalise(q)
        db.execute(
            "SELECT monograph_id FROM name WHERE norm >= ? AND norm < ? LIMIT 50", (key, key + "{")
        ).fetchall()

    def raw(query: str) -> None:
        key = normalise(query)
        db.execute(
            "SELECT monograph_id FROM name WHERE norm >= ? AND norm < ? LIMIT 50", (key, key + "{")
        ).fetchall()

    ours = time_each(lambda q: search.search(q), queries)
    base = time_each(raw, queries)
    catalogue.close()
    db.close()
    return [
        ("NameSearch.search (limit 50)", summary_ms(ours)),
        ("baseline: raw indexed prefix query", summary_ms(base)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--builds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_rows = bench_build(args.builds, folder)
        path = folder / "build-0.sqlite"
        print(f"catalogue: {path.stat().st_size / 1e6:.1f} MB")
        print_rows(f"build ({args.builds} runs)", build_rows)
        print_rows("open (200 runs)", bench_open(path, 200))
        queries = typed_queries(path, args.queries)
        rows = bench_search(path, queries)
        print_rows(f"name search ({len(queries)} typed prefixes of catalogue names)", rows)
        ratio = rows[0][1]["p99"] / rows[1][1]["p99"]
        print(f"\n  search p99 ratio to baseline: {ratio:.1f}x; goal: p99 under 5 ms")


if __name__ == "__main__":
    main()
