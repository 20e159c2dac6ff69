"""Small timing helpers shared by the benchmarks: percentiles and a table printer."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(samples: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) by nearest rank."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    """p50, p99, mean and max of samples given in seconds, in milliseconds."""
    return {
        "p50": percentile(samples, 50) * 1000,
        "p99": percentile(samples, 99) * 1000,
        "mean": statistics.fmean(samples) * 1000,
        "max": max(samples) * 1000,
    }


def print_rows(title: str, rows: list[tuple[str, dict[str, float]]]) -> None:
    print(f"\n{title}")
    print(f"  {'':44} {'p50 ms':>9} {'p99 ms':>9} {'mean ms':>9} {'max ms':>9}")
    for name, s in rows:
        print(f"  {name:44} {s['p50']:9.3f} {s['p99']:9.3f} {s['mean']:9.3f} {s['max']:9.3f}")
