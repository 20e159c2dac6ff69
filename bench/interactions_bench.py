"""Measure the medication-list check: ten drugs, every pair, on real label text.

    python3 bench/generate.py                      # once: bench/out/scale.sqlite (150,000)
    python3 -m bench.interactions_bench [--runs 30] [--scale bench/out/scale.sqlite]

Two catalogues: the shipped one (built from ``data/``) with the 363 real openFDA labels of
``../shared/data/openfda/pharmgkb-labels`` imported (written to ``bench/out/``), and the
150,000-monograph benchmark catalogue of ``bench/generate.py``, where generated monographs carry
one real label's sections. On the shipped catalogue the list is ten everyday drugs with long
labels (Coumadin, Plavix, Prilosec, Celexa, Mobic, Zocor, Tegretol, Synthroid, Xarelto,
Brilinta), resolved by name; at scale, the ten of a seeded sample of 300 monographs with the
most restriction-section text.

``check`` is what the window's Ctrl+I and ``drugview interactions`` do: read the ten monographs
from the catalogue, gather each drug's names, cut each label's restriction sections into
passages and find every other drug's names in them (45 pairs, both directions). Baselines in the
same run: ``baseline-read`` only reads the ten monographs (the floor any check pays), and
``baseline-scan`` reads them and then looks for each other drug's names with ``str.find`` in
lower-cased section text: no word boundaries, no passages, no highlights (the cheapest scan that
could answer "does A's label mention B"). The first run is reported apart (cold caches).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.stats import print_rows, summary_ms  # noqa: E402
from viewer.catalogue.build import build_catalogue  # noqa: E402
from viewer.catalogue.importer import import_labels  # noqa: E402
from viewer.catalogue.store import Catalogue  # noqa: E402
from viewer.interactions import READ_KINDS, Drug, check  # noqa: E402
from viewer.medication_list import Entry, drugs_for, entry_for, findings  # noqa: E402
from viewer.monograph import Monograph  # noqa: E402
from viewer.paths import data_dir  # noqa: E402
from viewer.search import NameSearch, Tier  # noqa: E402

OUT = REPO / "bench" / "out"
SHARED_LABELS = REPO.parent / "shared" / "data" / "openfda" / "pharmgkb-labels"
DRUGS = (
    "coumadin", "plavix", "prilosec", "celexa", "mobic",
    "zocor", "tegretol", "synthroid", "xarelto", "brilinta",
)  # fmt: skip
GOALS_MS = {"shipped": 200.0, "scale": 500.0}


def shipped_with_labels() -> Path:
    path = OUT / "shipped-labels.sqlite"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        build_catalogue(data_dir(), path)
        summary = import_labels([SHARED_LABELS], path)
        print(f"built {path}: {summary.imported} labels imported", file=sys.stderr)
    return path


def resolve(catalogue: Catalogue) -> list[Entry]:
    search = NameSearch(catalogue)
    entries = []
    for name in DRUGS:
        hits = [h for h in search.find(name, limit=1).hits if h.tier < Tier.FUZZY]
        monograph = catalogue.monograph(hits[0].monograph_id) if hits else None
        if monograph is None:
            raise SystemExit(f"{catalogue.path}: no drug named {name!r}")
        entries.append(entry_for(monograph))
    return entries


def heaviest(catalogue: Catalogue, count: int = 10, sample: int = 300) -> list[Entry]:
    """``count`` monographs, of a seeded random ``sample``, with the most restriction text.

    The generated catalogue keeps the shipped names but gives its label text to generated
    monographs, so the ten everyday names carry little text there; the heaviest labels are the
    hard case for the check."""
    rng = random.Random(11)
    weighed: list[tuple[int, Monograph]] = []
    for monograph_id in rng.sample(range(1, catalogue.monograph_count() + 1), sample):
        monograph = catalogue.monograph(monograph_id)
        if monograph is not None:
            size = sum(len(s.text) for s in monograph.sections if s.kind in READ_KINDS)
            weighed.append((size, monograph))
    weighed.sort(key=lambda item: -item[0])
    return [entry_for(m) for _, m in weighed[:count]]


def as_labelled(monograph: Monograph) -> Monograph:
    """The generated sections carry no set id (they are not a real label); give them a stand-in
    one so the check reads them as label text, as it would read a real label's."""
    sections = tuple(
        replace(s, provenance=replace(s.provenance, set_id=f"bench-{monograph.id}"))
        for s in monograph.sections
    )
    return replace(monograph, sections=sections)


def scale_findings(catalogue: Catalogue, entries: list[Entry]) -> tuple[list[Drug], list]:
    """``findings`` as the app runs it, with the generated text read as label text."""
    monographs = [catalogue.monograph(e.monograph_id) for e in entries]
    drugs = drugs_for(catalogue, [as_labelled(m) for m in monographs if m is not None])
    return drugs, check(drugs)


def baseline_read(catalogue: Catalogue, entries: list[Entry]) -> int:
    return sum(len(m.sections) for e in entries if (m := catalogue.monograph(e.monograph_id)))


def baseline_scan(catalogue: Catalogue, entries: list[Entry]) -> int:
    monographs = [catalogue.monograph(e.monograph_id) for e in entries]
    texts = [
        [s.text.lower() for s in m.sections if s.kind in READ_KINDS] if m else []
        for m in monographs
    ]
    names = [
        [n.lower() for n in (*m.brands, *m.ingredient_names, *m.synonyms)] if m else []
        for m in monographs
    ]
    mentions = 0
    for a, sections in enumerate(texts):
        for b, others in enumerate(names):
            if a != b:
                mentions += sum(t.find(n) >= 0 for t in sections for n in others)
    return mentions


def time_runs(action: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    started = time.perf_counter()
    action()
    first = time.perf_counter() - started
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return first, samples


def measure(label: str, path: Path, runs: int) -> dict[str, object]:
    with Catalogue.open(path) as catalogue:
        shipped = label == "shipped"
        entries = resolve(catalogue) if shipped else heaviest(catalogue)
        run_check = findings if shipped else scale_findings
        drugs, pairs = run_check(catalogue, entries)
        passages = sum(len(d.passages) for p in pairs for d in p.directions)
        read_chars = sum(len(s.text) for d in drugs for s in d.read_sections)
        results: dict[str, object] = {
            "catalogue": str(path),
            "monographs": catalogue.monograph_count(),
            "drugs": [e.title for e in entries],
            "pairs": len(pairs),
            "pairs_with_passages": sum(p.found for p in pairs),
            "passages": passages,
            "restriction_text_chars": read_chars,
        }
        rows = []
        for name, action in (
            ("check (10 drugs, 45 pairs)", lambda: run_check(catalogue, entries)),
            ("baseline-read (the 10 monographs)", lambda: baseline_read(catalogue, entries)),
            ("baseline-scan (read + str.find)", lambda: baseline_scan(catalogue, entries)),
        ):
            first, samples = time_runs(action, runs)
            summary = summary_ms(samples)
            summary["first"] = first * 1000
            results[name] = summary
            rows.append((name, summary))
    print_rows(f"{label}: {path} ({results['monographs']:,} monographs)", rows)
    check = results["check (10 drugs, 45 pairs)"]
    assert isinstance(check, dict)
    print(
        f"  first run (cold): {check['first']:.1f} ms; {results['pairs_with_passages']} of 45"
        f" pairs with passages, {passages} passages from {read_chars:,} characters of label text;"
        f" goal p99 under {GOALS_MS[label]:.0f} ms"
    )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--scale", type=Path, default=OUT / "scale.sqlite")
    args = parser.parse_args()
    results = {"shipped": measure("shipped", shipped_with_labels(), args.runs)}
    if args.scale.exists():
        results["scale"] = measure("scale", args.scale, args.runs)
    else:
        print(f"\n{args.scale} is missing: run python3 bench/generate.py first", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "interactions.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
