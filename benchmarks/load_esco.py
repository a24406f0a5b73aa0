"""Time loading the ESCO skills taxonomy (and its hierarchy) with Taxonomy.from_esco_csv.

    python benchmarks/load_esco.py [--repeat 3] [--skills PATH] [--broader PATH]

Prints a table and one JSON line. The baseline is the bare csv.DictReader pass over the same
file in the same process, so the ratio holds on a noisy machine. Without the ESCO files (a fresh
clone has no ``../shared`` beside it) it says so and exits 0 with ``{"skipped": ...}``.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from pathlib import Path

from kerja_match.taxonomy import Taxonomy

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "esco"


def timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times) - min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skills", default=str(SHARED / "skills_taxonomy.csv"))
    parser.add_argument("--broader", default=str(SHARED / "broaderRelationsSkillPillar_en.csv"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    csv.field_size_limit(10**8)
    if not Path(args.skills).is_file():
        note = f"no ESCO skills file at {args.skills}: nothing to time (it lives in ../shared)"
        print(f"({note})")
        print(json.dumps({"skipped": note}))
        return

    def bare_csv() -> int:
        with open(args.skills, newline="", encoding="utf-8") as handle:
            return sum(1 for _ in csv.DictReader(handle))

    base, base_spread, rows = timed(bare_csv, args.repeat)
    flat, flat_spread, tax = timed(lambda: Taxonomy.from_esco_csv(args.skills), args.repeat)
    tree, tree_spread, tax_tree = timed(
        lambda: Taxonomy.from_esco_csv(args.skills, args.broader), args.repeat
    )
    result = {
        "rows": rows,
        "concepts": len(tax),  # type: ignore[arg-type]
        "concepts_with_groups": len(tax_tree),  # type: ignore[arg-type]
        "baseline_csv_s": base,
        "load_s": flat,
        "load_spread_s": flat_spread,
        "load_with_hierarchy_s": tree,
        "load_with_hierarchy_spread_s": tree_spread,
        "load_vs_bare_csv": flat / base,
    }
    print(f"{'what':32s} {'median s':>10s} {'spread s':>10s}")
    print(f"{'bare csv.DictReader':32s} {base:10.3f} {base_spread:10.3f}")
    print(f"{'Taxonomy.from_esco_csv':32s} {flat:10.3f} {flat_spread:10.3f}")
    print(f"{'  + broader relations':32s} {tree:10.3f} {tree_spread:10.3f}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
