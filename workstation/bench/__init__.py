"""Benchmarks (``workstation bench NAME``): our code next to a baseline measured in the same run.

Convention for every benchmark: each result pairs ``ours_s`` with ``baseline_s`` (medians
of several runs, in seconds) and says what the baseline is. ``--json`` prints
``{"bench": NAME, "results": [...]}``; otherwise a table with the ratio of each pair.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class BenchResult:
    name: str
    ours_s: float
    baseline: str
    baseline_s: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def skipped(self) -> bool:
        """No baseline was measured (``baseline_s`` is NaN: its runtime is not installed)."""
        return not math.isfinite(self.baseline_s)

    @property
    def ratio(self) -> float:
        """ours / baseline: below 1 means ours is faster."""
        return self.ours_s / self.baseline_s if self.baseline_s > 0 else float("inf")

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.skipped:
            # Strict JSON has no NaN: a skipped baseline is null, and said so.
            data.update(baseline_s=None, ratio=None, skipped=True)
        else:
            data["ratio"] = round(self.ratio, 3)
        if not self.extra:
            data.pop("extra")
        return data


def median_time(fn: Callable[[], object], repeats: int = 3,
                setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn`` in seconds over ``repeats`` runs (``setup`` is not timed)."""
    times: list[float] = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def format_table(bench: str, results: list[BenchResult]) -> str:
    rows = [("case", "ours (s)", "baseline (s)", "ours/baseline", "baseline is")]
    for r in results:
        if r.skipped:
            rows.append((r.name, f"{r.ours_s:.4f}", "skipped", "skipped", r.baseline))
            continue
        rows.append((r.name, f"{r.ours_s:.4f}", f"{r.baseline_s:.4f}", f"{r.ratio:.2f}x", r.baseline))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"bench {bench}"]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
