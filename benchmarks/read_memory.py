"""Memory per CSV row: read_candidates (every record held) vs iter_candidates feeding FitScorer.top_k.

    python benchmarks/read_memory.py --size tiny|small|full [--rows N] [--repeat R]

A candidates CSV of ``--rows`` rows is written from the synthetic demo market (ids made unique).
Peak traced memory (tracemalloc, Python allocations: records, rows, text) is taken for

* the floor: ``csv.reader`` over the same file, every row kept as a list of str (the baseline);
* ``read_candidates``: every validated record held in one list (what a caller of the reader gets);
* ``iter_candidates`` + ``top_k``: blocks of 10,000 records streamed into the scorer (k=10), which
  keeps only the top-k rows, so the peak no longer grows with the file.

Each figure is bytes per row and a ratio to the file's size and to the floor, from one traced run
(tracemalloc is deterministic enough; it slows the run). Wall times are medians of ``--repeat``
untraced runs. No data outside the repository is needed.
"""

from __future__ import annotations

import csv
import gc
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from _common import (
    TIMING_HEADER,
    emit_json,
    machine,
    measure,
    print_table,
    repeat_for,
    size_parser,
    timing_rows,
)
from kerja_match.datasets.demo import bekasi_demo
from kerja_match.io import iter_candidates, read_candidates, write_candidates
from kerja_match.scoring import FitScorer

ROWS = {"tiny": 1_000, "small": 20_000, "full": 100_000}


def market_file(folder: Path, rows: int) -> tuple[Path, FitScorer]:
    market = bekasi_demo(seed=7, n_candidates=min(rows, 5_000), n_employers=20, n_vacancies=40)
    base = market.candidates
    records = (base[k % len(base)].model_copy(update={"id": f"c-{k:07d}"}) for k in range(rows))
    path = folder / "candidates.csv"
    write_candidates(records, path)
    return path, FitScorer().fit(market.vacancies)


def peak_bytes(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def csv_floor(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def main() -> None:
    parser = size_parser(__doc__)
    parser.add_argument("--rows", type=int, default=None, help="rows of the CSV (default by size)")
    args = parser.parse_args()
    rows = args.rows or ROWS[args.size]
    with tempfile.TemporaryDirectory() as folder:
        path, scorer = market_file(Path(folder), rows)
        size = path.stat().st_size
        contenders: dict[str, Callable[[], object]] = {
            "csv.reader floor (baseline)": lambda: csv_floor(path),
            "read_candidates (all held)": lambda: read_candidates(path),
            "iter_candidates -> top_k": lambda: scorer.top_k(
                (c for block in iter_candidates(path) for c in block), k=10
            ),
        }
        scorer.top_k(read_candidates(path).records[:100], k=10)  # warm the normaliser cache outside
        peaks = {name: peak_bytes(fn) for name, fn in contenders.items()}
        timings = {name: measure(fn, repeat=repeat_for(args))[0] for name, fn in contenders.items()}
    floor = peaks["csv.reader floor (baseline)"]
    print(f"{rows:,} rows, file {size / 1e6:.2f} MB ({size / rows:.0f} B/row)\n")
    print_table(
        [[name, peak / rows, peak / size, peak / floor] for name, peak in peaks.items()],
        ("what", "peak B/row", "x file", "x floor"),
    )
    print()
    print_table(timing_rows(list(timings.items()), timings["csv.reader floor (baseline)"]), TIMING_HEADER)
    emit_json(
        {
            "benchmark": "read_memory",
            "size": args.size,
            "rows": rows,
            "file_bytes": size,
            "peak_bytes_per_row": {name: round(peak / rows) for name, peak in peaks.items()},
            "peak_x_file": {name: round(peak / size, 2) for name, peak in peaks.items()},
            "median_s": {name: round(t.median_s, 4) for name, t in timings.items()},
            "machine": machine(),
        }
    )


if __name__ == "__main__":
    main()
