"""Benchmark reading hostile label files: time and peak memory must stay linear (issue 13).

    python -m bench.hostile_bench [--quick]

Each measurement runs in a fresh process (peak memory is that process's ``VmHWM``) that
reads one file through ``viewer.sources.labelfiles.read_labels``, the path every import takes.
Each hostile file is a real openFDA record (the first PharmGKB label of ../shared/data, or the
fixture sample) followed by one hostile record of growing size:

- nesting: ``[[[...]]]`` of depth 10^4 ... 10^6 inside the record;
- length: one brand name string of 1 ... 256 MB (past the 4 MB string limit from 16 MB), of
  plain letters and of escaped quotes (ijson's slowest case).

The baseline, measured in the same run, is the same real record alone. Linear means the time
above the baseline grows in proportion to the input (the "per MB" column stays flat), and peak
memory stays flat. A last table compares reading the 363 real PharmGKB labels with ijson alone
and through the guard, the cost the limits add to real data.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "hostile"
SHARED = REPO.parent / "shared" / "data" / "openfda"
MB = 1024 * 1024

CHILD = """
import sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from viewer.sources.labelfiles import read_labels
started = time.perf_counter()
items = [type(item).__name__ for item in read_labels([Path({path!r})])]
seconds = time.perf_counter() - started
peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(seconds, peak, ",".join(sorted(set(items))))
"""

CHILD_REAL = """
import io, sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
import ijson
from viewer.sources.limits import JsonGuard
files = sorted(Path({folder!r}).glob("*.json"))
data = [f.read_bytes() for f in files]
started = time.perf_counter()
for blob in data:
    if {guarded}:
        list(ijson.items(JsonGuard(io.BytesIO(blob), 2), "results.item"))
    else:
        list(ijson.items(io.BytesIO(blob), "results.item"))
peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(time.perf_counter() - started, peak, "")
"""


def real_record() -> dict[str, object]:
    labels = sorted((SHARED / "pharmgkb-labels").glob("*.json"))
    if labels:
        return json.loads(labels[0].read_bytes())["results"][0]  # type: ignore[no-any-return]
    sample = REPO / "tests" / "fixtures" / "labels" / "openfda" / "labels-sample.json"
    return json.loads(sample.read_bytes())[0]  # type: ignore[no-any-return]


def write(path: Path, first: dict[str, object], hostile: bytes | None) -> Path:
    with open(path, "wb") as out:
        out.write(b'{"meta": {}, "results": [' + json.dumps(first).encode())
        if hostile is not None:
            out.write(b", " + hostile)
        out.write(b"]}")
    return path


def nested(depth: int) -> bytes:
    return b'{"set_id": "deep", "x": ' + b"[" * depth + b"]" * depth + b"}"


def long_name(length: int, unit: bytes = b"A") -> bytes:
    text = unit * (length // len(unit))
    return b'{"set_id": "long", "openfda": {"brand_name": ["' + text + b'"]}}'


def measure(script: str) -> tuple[float, float, str]:
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=3600
    )
    seconds, peak_kb, items = done.stdout.split(" ", 2)
    return float(seconds), int(peak_kb) / 1024, items.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    record = real_record()
    base_file = write(OUT / "baseline.json", record, None)
    base_s, base_mb, _ = measure(CHILD.format(repo=str(REPO), path=str(base_file)))
    print(f"baseline (one real record): {base_s * 1000:.1f} ms, peak {base_mb:.0f} MB\n")
    depths = [10_000, 100_000, 1_000_000] if args.quick else [10_000, 100_000, 1_000_000, 4_000_000]
    lengths = [1, 4, 16, 64] if args.quick else [1, 4, 16, 64, 256]
    rows = []
    for label, sizes, make in (
        ("nesting depth", depths, nested),
        ("name length (MB)", lengths, lambda n: long_name(n * MB)),
        ('name of escapes \\" (MB)', lengths, lambda n: long_name(n * MB, b'\\"')),
    ):
        for n in sizes:
            path = write(OUT / "hostile.json", record, make(n))
            megabytes = path.stat().st_size / MB
            seconds, peak, items = measure(CHILD.format(repo=str(REPO), path=str(path)))
            extra = max(seconds - base_s, 1e-9)
            rows.append(
                f"| {label} | {n:,} | {megabytes:.1f} | {seconds * 1000:.0f} ms"
                f" | {extra * 1000 / max(megabytes, 1e-9):.0f} ms | {seconds / base_s:.1f}x"
                f" | {peak:.0f} MB ({peak / base_mb:.2f}x) | {items} |"
            )
    print(
        "| input | size | file MB | time | time per MB above baseline | time / baseline"
        " | peak memory (/ baseline) | read as |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    folder = SHARED / "pharmgkb-labels"
    if folder.is_dir():
        plain = measure(CHILD_REAL.format(repo=str(REPO), folder=str(folder), guarded=False))
        guarded = measure(CHILD_REAL.format(repo=str(REPO), folder=str(folder), guarded=True))
        print("\n| 363 real PharmGKB labels | time | peak memory |")
        print("| --- | --- | --- |")
        print(f"| ijson alone (baseline) | {plain[0] * 1000:.0f} ms | {plain[1]:.0f} MB |")
        print(
            f"| ijson through JsonGuard | {guarded[0] * 1000:.0f} ms ({guarded[0] / plain[0]:.2f}x)"
            f" | {guarded[1]:.0f} MB |"
        )
    (OUT / "hostile.json").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
