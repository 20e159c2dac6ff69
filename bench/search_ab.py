"""Name search of this checkout against an earlier revision's, interleaved, on one catalogue.

    python3 bench/search_ab.py CATALOGUE [--baseline REV]   (default REV: merge-base with main)

Both ``viewer/search.py`` versions run in one process on the same open catalogue, over the same
keystrokes (the first 120 brand and ingredient names of the catalogue, typed letter by letter),
query by query in turn, so machine load hits both alike. Prints p50 and p99 of each and their
ratio. The baseline revision's search must read the same store API: typed ``NameRow``s since
issue 9, item 6 (a revision before it unpacked bare tuples and cannot be compared this way).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from viewer import search as current  # noqa: E402
from viewer.catalogue.store import Catalogue  # noqa: E402


def baseline_module(revision: str):  # type: ignore[no-untyped-def]
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{revision}:viewer/search.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "baseline_search.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("baseline_search", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_search"] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue", type=Path)
    parser.add_argument("--baseline", default="")
    args = parser.parse_args()
    revision = (
        args.baseline
        or subprocess.run(
            ["git", "-C", str(REPO), "merge-base", "main", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    with Catalogue.open(args.catalogue) as catalogue:
        names = [
            row.display
            for row in catalogue.names_prefix("", 100_000)
            if row.kind in ("brand", "ingredient")
        ][::97][:120]
        queries = [n[:i] for n in names for i in range(1, len(n) + 1)]
        searches = {
            "baseline": baseline_module(revision).NameSearch(catalogue),
            "current": current.NameSearch(catalogue),
        }
        times: dict[str, list[float]] = {k: [] for k in searches}
        for search in searches.values():
            search.vocabulary()
        for query in queries:
            for label, search in searches.items():
                started = time.perf_counter()
                search.find(query)
                times[label].append((time.perf_counter() - started) * 1000)
    print(f"{len(queries)} keystrokes, baseline {revision[:10]}")
    p99 = {}
    for label, values in times.items():
        values.sort()
        p99[label] = values[int(len(values) * 0.99)]
        print(f"{label:>8}: p50 {values[len(values) // 2]:.3f} ms  p99 {p99[label]:.3f} ms")
    print(f"p99 ratio current/baseline: {p99['current'] / p99['baseline']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
