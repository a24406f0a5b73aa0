"""Shared helpers for the benchmark scripts: sizes, timing, tables and the closing JSON line.

Every figure is the median of several runs with its spread (max − min) beside it, and every speed
claim is a ratio against a baseline timed in the same process, so that a busy, shared machine
shifts both alike. A script ends by printing one JSON line, which ``run_all.py`` collects.

    from _common import Timing, measure, size_parser, print_table, emit_json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

#: The sizes every benchmark script accepts: ``tiny`` runs in seconds (CI), ``small`` in about a
#: minute, ``full`` is the measurement quoted in docs/performance.md.
SIZES = ("tiny", "small", "full")
#: Runs per figure at each size (the median of these is reported).
DEFAULT_REPEAT = {"tiny": 1, "small": 3, "full": 5}

T = TypeVar("T")


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of several runs of one thing."""

    runs: tuple[float, ...]

    @property
    def median_s(self) -> float:
        return statistics.median(self.runs)

    @property
    def spread_s(self) -> float:
        """max − min of the runs: how far apart they were, not a confidence interval."""
        return max(self.runs) - min(self.runs)

    def speedup_over(self, baseline: Timing) -> float:
        """How many times faster than ``baseline`` (> 1 is faster), by medians."""
        return baseline.median_s / self.median_s

    def as_dict(self, prefix: str) -> dict[str, float]:
        """``{prefix}_s`` and ``{prefix}_spread_s`` for the JSON line."""
        return {f"{prefix}_s": self.median_s, f"{prefix}_spread_s": self.spread_s}


def measure(fn: Callable[[], T], *, repeat: int, warmup: int = 0) -> tuple[Timing, T]:
    """Time ``fn`` ``repeat`` times after ``warmup`` untimed calls; the last result comes back too."""
    if repeat < 1:
        raise ValueError(f"repeat must be >= 1, got {repeat}")
    result = None
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return Timing(tuple(runs)), result  # type: ignore[return-value]


def measure_rounds(fns: Mapping[str, Callable[[], object]], *, repeat: int) -> dict[str, Timing]:
    """Time several things in alternating rounds (a, b, c, a, b, c, ...): when the load of a shared
    machine drifts during the run, every contender meets the drift alike."""
    if repeat < 1:
        raise ValueError(f"repeat must be >= 1, got {repeat}")
    runs: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            runs[name].append(time.perf_counter() - start)
    return {name: Timing(tuple(times)) for name, times in runs.items()}


def size_parser(description: str | None) -> argparse.ArgumentParser:
    """An argument parser with ``--size {tiny,small,full}`` and ``--repeat N`` (default by size)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="small", help="input size (default: small)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default: by size)")
    return parser


def repeat_for(args: argparse.Namespace) -> int:
    """``--repeat`` if given, else the default for ``--size``."""
    return args.repeat if args.repeat is not None else DEFAULT_REPEAT[args.size]


def machine() -> dict[str, Any]:
    """What the figures came from: cores and the load average when they were taken."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {"cpu_count": os.cpu_count(), "load_1min": round(load[0], 2), "load_5min": round(load[1], 2)}


def print_table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> None:
    """A plain, aligned text table; floats with 4 significant digits."""
    shown = [[_cell(value) for value in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in shown) for i in range(len(header))]
    for row in shown:
        cells = [
            text.ljust(w) if i == 0 else text.rjust(w)
            for i, (text, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


def timing_rows(timings: Sequence[tuple[str, Timing]], baseline: Timing) -> list[list[object]]:
    """Rows of (what, median s, spread s, runs, speed-up over ``baseline``) for ``print_table``."""
    return [[name, t.median_s, t.spread_s, len(t.runs), t.speedup_over(baseline)] for name, t in timings]


TIMING_HEADER = ("what", "median s", "spread s", "runs", "x baseline")


def emit_json(result: dict[str, Any]) -> None:
    """Print the script's result as its last line (one JSON object), for run_all.py."""
    print(json.dumps(result, sort_keys=False, default=str), flush=True)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
