"""Benchmark ``drugview import`` on large openFDA files: throughput and peak memory.

    python bench/import_bench.py [--sizes 100000 200000] [--distinct-names]

For each size it writes (once) an openFDA-format file of real records with distinct ids
(bench/make_openfda.py), then runs, each in a fresh process pinned to one CPU core:

- ``ijson``: the streaming parse alone (every record built, nothing done with it): the floor
  for any streaming importer, measured in the same run;
- ``json.load``: the whole file loaded at once, the memory a non-streaming importer would need;
- ``import``: ``viewer.catalogue.importer.import_labels`` into a copy of the shipped catalogue
  (copy, parse, sanitise, match, write, index, fsync, rename).

With ``--real [COPIES]`` it measures the 363 real PharmGKB prescription labels from
``../shared/data/openfda/pharmgkb-labels`` (143 KB each on average, HTML tables included), each
given a fresh set id so that none is already in the shipped catalogue, written as one openFDA
file (``COPIES`` times over, each copy with its own ids, for a larger run), and reports
labels/s, MB/s, peak memory and the ratio of the import to the ijson parse of the same file:
``--runs`` (default 3) of each, alternately, and the ratio of their medians (a 0.2-0.5 s
parse on a shared machine is noisy).
``--phases`` adds ``--runs`` more imports of the same file with each stage timed (wall and
CPU seconds, each stage without the stages it calls; medians), to show where the time goes;
their total is a little above the plain import's (the timing itself).

With ``--spl N`` it measures DailyMed SPL instead: a release zip of N per-label zips (the four
real SPL labels in turn, each copy with its own set id), against ``ElementTree`` parsing alone.

Peak memory is the process's peak resident set size (``VmHWM``). Results are printed as a
Markdown table and saved to bench/out/results.json. Generated files stay in bench/out/
(ignored by git).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"


def child(kind: str, path: Path, catalogue: Path | None) -> dict[str, Any]:
    """Run one measurement in this (fresh) process and return its figures."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sys.path.insert(0, str(REPO))
    started = time.perf_counter()
    labels = filed = 0
    if kind == "ijson":
        import ijson

        with open(path, "rb") as handle:
            for _ in ijson.items(handle, "results.item", use_float=True):
                labels += 1
    elif kind == "json.load":
        with open(path, "rb") as handle:
            labels = len(json.load(handle)["results"])
    elif kind == "etree":
        import xml.etree.ElementTree as ET
        import zipfile

        with zipfile.ZipFile(path) as release:
            for member in release.namelist():
                with zipfile.ZipFile(io.BytesIO(release.read(member))) as label:
                    for name in label.namelist():
                        if name.endswith(".xml"):
                            ET.fromstring(label.read(name))
                            labels += 1
    elif kind in ("import", "import-phases"):
        phases = Phases() if kind == "import-phases" else None
        from viewer.catalogue.importer import import_labels

        if phases:
            phases.install()
        assert catalogue is not None
        summary = import_labels([path], catalogue, on_skip=lambda skipped: None)  # as the CLI
        labels, filed = summary.read, summary.filed
        if phases:
            seconds = time.perf_counter() - started
            return {"labels": labels, "filed": filed, "seconds": seconds, **phases.report()}
    seconds = time.perf_counter() - started
    return {"labels": labels, "filed": filed, "seconds": seconds, "peak_mb": peak_rss_mb()}


class Phases:
    """Wall and CPU seconds of each stage of an import, each without the stages it calls."""

    STAGES = (  # (module, owner or None, function, stage)
        ("viewer.sources.limits", "JsonGuard", "read", "JSON guard (limits)"),
        ("viewer.sources.openfda", None, "sanitise_html", "sanitising HTML tables (nh3)"),
        ("viewer.sources.openfda", None, "html_to_text", "tables to plain text"),
        ("viewer.sources.openfda", None, "tidy", "collapsing whitespace (tidy)"),
        ("viewer.sources.openfda", None, "record_to_label", "rest of building label records"),
        ("viewer.sources.labelfiles", None, "clean_record", "cleaning controls/bidi"),
        ("viewer.catalogue.labels", "LabelWriter", "_add_sections", "section rows + FTS5"),
        ("viewer.catalogue.labels", "LabelWriter", "apply", "rest of filing (match, names)"),
        ("viewer.catalogue.labels", "LabelWriter", "__init__", "label writer set-up"),
        ("viewer.catalogue.importer", None, "_merge_index", "last index flush + merge"),
        ("viewer.catalogue.atomic", "_Source", "snapshot_to", "copying the catalogue"),
        ("viewer.catalogue.atomic", None, "_swap", "fsync and rename"),
    )

    def __init__(self) -> None:
        self.started = (time.perf_counter(), time.process_time())
        self.spent: dict[str, list[float]] = {stage: [0.0, 0.0] for *_, stage in self.STAGES}
        self._stack: list[list[float]] = []

    def install(self) -> None:
        import importlib

        for module_name, owner_name, name, stage in self.STAGES:
            module = importlib.import_module(module_name)
            owner = getattr(module, owner_name) if owner_name else module
            if hasattr(owner, name):  # older code may lack a stage
                setattr(owner, name, self._timed(getattr(owner, name), stage))

    def _timed(self, function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        import functools

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            self._stack.append([0.0, 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                inner = self._stack.pop()
                self.spent[stage][0] += wall - inner[0]
                self.spent[stage][1] += cpu - inner[1]
                if self._stack:
                    self._stack[-1][0] += wall
                    self._stack[-1][1] += cpu

        return timed

    def report(self) -> dict[str, object]:
        wall = time.perf_counter() - self.started[0]
        cpu = time.process_time() - self.started[1]
        known = [sum(spent[i] for spent in self.spent.values()) for i in (0, 1)]
        rest = [wall - known[0], cpu - known[1]]
        return {
            "cpu_seconds": cpu,
            "phases": {
                **self.spent,
                "rest: ijson parse, module imports, commit, bookkeeping": rest,
            },
        }


def peak_rss_mb() -> float:
    """This process's peak resident set size. ``VmHWM`` belongs to the process's own memory map,
    unlike ``ru_maxrss``, which Linux carries over from the parent across fork and exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, path: Path, catalogue: Path | None = None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, str(path)]
    if catalogue:
        command.append(str(catalogue))
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def spl_release(count: int) -> Path:
    """A DailyMed-style release zip: one zip per label, each with its XML and an image."""
    import zipfile

    target = OUT / f"spl-release-{count}.zip"
    if target.exists():
        return target
    sources = sorted((REPO / "tests" / "fixtures" / "labels" / "spl").glob("*.xml"))
    labels = [p.read_bytes() for p in sources if p.name != "METHOXSALEN.xml"]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as release:
        for number in range(count):
            data = labels[number % len(labels)]
            start = data.index(b"<setId root=") + len(b'<setId root="')
            end = data.index(b'"', start)
            set_id = f"00000000-0000-4000-8000-{number:012d}".encode()
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as label:
                label.writestr(f"{number}.xml", data[:start] + set_id + data[end:])
                label.writestr(f"{number}-01.jpg", b"\xff\xd8\xff")
            release.writestr(f"prescription/{number}.zip", inner.getvalue())
    return target


def real_labels(copies: int) -> Path:
    """The real PharmGKB records, ``copies`` times, every record under fresh ids."""
    import uuid

    target = OUT / f"pharmgkb-x{copies}.json"
    if target.exists():
        return target
    shared = REPO.parent / "shared" / "data" / "openfda" / "pharmgkb-labels"
    records = [
        json.loads(path.read_bytes())["results"][0] for path in sorted(shared.glob("[ABN]*.json"))
    ]
    with open(target, "w", encoding="utf-8") as out:
        out.write('{"meta": {}, "results": [')
        number = 0
        for _ in range(copies):
            for record in records:
                number += 1
                fresh = {
                    **record,
                    "set_id": str(uuid.UUID(int=number, version=4)),
                    "id": str(uuid.UUID(int=10**9 + number, version=4)),
                }
                out.write(("," if number > 1 else "") + json.dumps(fresh))
        out.write("]}")
    return target


def base_catalogue() -> Path:
    """The shipped catalogue, built once; each import works on a fresh copy of it."""
    base = OUT / "base.sqlite"
    if not base.exists():
        sys.path.insert(0, str(REPO))
        from viewer.catalogue.build import build_catalogue
        from viewer.paths import data_dir

        build_catalogue(data_dir(), base)
    return base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000])
    parser.add_argument("--distinct-names", action="store_true")
    parser.add_argument("--spl", type=int, default=0, help="measure N DailyMed SPL labels")
    parser.add_argument(
        "--real", type=int, nargs="?", const=1, default=0, help="the 363 real labels, COPIES times"
    )
    parser.add_argument("--phases", action="store_true", help="time each stage of the import")
    parser.add_argument("--runs", type=int, default=3, help="--real: runs of parse and import")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, path, *rest = args.child
        print(json.dumps(child(kind, Path(path), Path(rest[0]) if rest else None)))
        return 0
    OUT.mkdir(exist_ok=True)
    base = base_catalogue()
    suffix = "-distinct" if args.distinct_names else ""
    rows = []
    if args.real:
        data = real_labels(args.real)
        copy = OUT / "import-real.sqlite"
        mb = data.stat().st_size / 1e6
        runs: dict[str, list[float]] = {"ijson": [], "import": []}
        for _ in range(args.runs):  # alternately, so both see the same load
            for kind in runs:
                if kind == "import":
                    shutil.copyfile(base, copy)
                figures = measure(kind, data, copy if kind == "import" else None)
                rows.append({"size": 363 * args.real, "mb": mb, "kind": kind, **figures})
                runs[kind].append(figures["seconds"])
                print(json.dumps(rows[-1]), file=sys.stderr)
            copy.unlink()
        parse, filed = statistics.median(runs["ijson"]), statistics.median(runs["import"])
        pairs = zip(runs["ijson"], runs["import"], strict=True)
        each = ", ".join(f"{imported / parsed:.1f}x" for parsed, imported in pairs)
        print(
            f"real labels: import {filed:.1f} s = {filed / parse:.1f}x the ijson parse"
            f" ({parse:.2f} s), medians of {args.runs} runs (each run: {each});"
            f" {rows[-1]['labels'] / filed:.0f} labels/s, {mb / filed:.1f} MB/s,"
            f" peak {rows[-1]['peak_mb']:.0f} MB (goal: at most 10x the parse)"
        )
        if args.phases:
            timings = []
            for _ in range(args.runs):
                shutil.copyfile(base, copy)
                timings.append(measure("import-phases", data, copy))
                copy.unlink()
            stages = {
                stage: [statistics.median(t["phases"][stage][i] for t in timings) for i in (0, 1)]
                for stage in timings[0]["phases"]
            }
            print(
                f"\nstages of a timed import, medians of {args.runs}:"
                f" {statistics.median(t['seconds'] for t in timings):.1f} s wall,"
                f" {statistics.median(t['cpu_seconds'] for t in timings):.1f} s CPU"
                " (x parse: times the median ijson parse)"
            )
            print("| stage | wall s | CPU s | x parse (wall) |\n| --- | ---: | ---: | ---: |")
            for stage, (wall, cpu) in sorted(stages.items(), key=lambda kv: -kv[1][0]):
                print(f"| {stage} | {wall:.2f} | {cpu:.2f} | {wall / parse:.1f} |")
            (OUT / "phases-real.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
        args.sizes, suffix = [], "-real"
    if args.spl:
        release = spl_release(args.spl)
        copy = OUT / "import-spl.sqlite"
        shutil.copyfile(base, copy)
        for kind in ("etree", "import"):
            figures = measure(kind, release, copy if kind == "import" else None)
            mb = release.stat().st_size / 1e6
            rows.append({"size": args.spl, "mb": mb, "kind": kind, **figures})
        copy.unlink()
        args.sizes, suffix = [], "-spl"
    for size in args.sizes:
        data = OUT / f"labels-{size}{suffix}.json"
        if not data.exists():
            extra = ["--distinct-names"] if args.distinct_names else []
            subprocess.run(
                [
                    sys.executable,
                    str(BENCH / "make_openfda.py"),
                    "--labels",
                    str(size),
                    "--output",
                    str(data),
                    *extra,
                ],
                check=True,
            )
        copy = OUT / f"import-{size}{suffix}.sqlite"
        shutil.copyfile(base, copy)
        for kind in ("ijson", "json.load", "import"):
            figures = measure(kind, data, copy if kind == "import" else None)
            rows.append({"size": size, "mb": data.stat().st_size / 1e6, "kind": kind, **figures})
            print(json.dumps(rows[-1]), file=sys.stderr)
        copy.unlink()
    (OUT / f"results{suffix}.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print("| labels in file | file MB | run | seconds | labels/s | MB/s | filed | peak RSS MB |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        rate = row["labels"] / row["seconds"]
        print(
            f"| {row['size']:,} | {row['mb']:.0f} | {row['kind']} | {row['seconds']:.1f}"
            f" | {rate:,.0f} | {row['mb'] / row['seconds']:.1f} | {int(row['filed']):,}"
            f" | {row['peak_mb']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
