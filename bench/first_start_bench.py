"""First start: building the catalogue from data/ (with its shipped labels), as a ratio to
only reading the same sources, both measured in the same run.

    python -m bench.first_start_bench [--runs 3]

- ``read sources``: decompress and parse every shipped source (RxNorm, Drugs@FDA, curated,
  the shipped labels) into records, as the build does first; nothing is written.
- ``build``: ``build_catalogue`` from data/ to a fresh file: read, merge, write, index, file the
  shipped labels, ANALYZE, fsync, rename.

The issue's goal is a build at most 5x the reading alone. Medians of ``--runs`` are printed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from viewer.catalogue.build import (
    CURATED_DIR,
    DRUGSATFDA_FILE,
    LABELS_FILE,
    RXNORM_FILE,
    build_catalogue,
)
from viewer.paths import data_dir
from viewer.sources import curated, drugsatfda, rxnorm, shipped_labels


def read_sources(data: Path) -> int:
    rx = rxnorm.load(data / RXNORM_FILE)
    namer = drugsatfda.IngredientNamer(rx.ingredients.values(), rx.salt_forms)
    fda = drugsatfda.load(data / DRUGSATFDA_FILE, namer)
    monographs = curated.load_dir(data / CURATED_DIR)
    labels = shipped_labels.load(data / LABELS_FILE)
    return len(rx.products) + len(fda.products) + len(monographs) + len(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = data_dir()
    reads, builds = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.runs):
            started = time.perf_counter()
            read_sources(data)
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            build_catalogue(data, Path(folder) / f"build-{n}.sqlite")
            builds.append(time.perf_counter() - started)
    read, build = statistics.median(reads), statistics.median(builds)
    print(f"read sources: median {read:.2f} s over {args.runs} runs")
    print(f"build:        median {build:.2f} s over {args.runs} runs")
    print(f"ratio build / read: {build / read:.1f}x (goal: at most 5x)")


if __name__ == "__main__":
    main()
