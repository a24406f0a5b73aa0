"""Run every benchmark script at one size; print one table and write one JSON file.

    python benchmarks/run_all.py --size tiny|small|full [--only scoring distributed] [--out DIR]

Every ``benchmarks/*.py`` except helpers (``_*.py``), tools listed in ``NOT_BENCHMARKS`` and this
runner is run in turn (never in
parallel: the figures would disturb each other), as ``python SCRIPT --size SIZE``. Each script
prints its own table and ends with one JSON line; the runner collects those lines into a table and
into ``benchmarks/results/<timestamp>.json`` (or ``--out``), with the machine and its load.

A script that exits non-zero, times out or does not end with a JSON object fails the run: the
runner says which, shows the end of its stderr and exits 1. CI runs ``--size tiny``, which must
take under two minutes in all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _common import SIZES, machine, print_table

HERE = Path(__file__).resolve().parent
#: Scripts that do not take ``--size`` yet: the flags that stand for each size.
SIZE_FLAGS: dict[str, dict[str, list[str]]] = {
    "load_esco.py": {"tiny": ["--repeat", "1"], "small": ["--repeat", "3"], "full": ["--repeat", "5"]},
}
#: Scripts in benchmarks/ that are tools, not benchmarks: never run, said so in the output.
NOT_BENCHMARKS: dict[str, str] = {
    "calibrate_normalizer.py": "re-derives the normaliser's coefficients from ESCO; a development tool",
}
TIMEOUT_S = {"tiny": 120, "small": 900, "full": 3600}


@dataclass
class ScriptRun:
    """What one script did: ok or not, how long it took, the JSON it printed or why it failed."""

    script: str
    command: list[str]
    ok: bool = False
    wall_s: float = 0.0
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def benchmark_scripts(only: list[str] | None = None) -> list[Path]:
    """The scripts to run, by name; ``only`` names them with or without ``.py``."""
    scripts = sorted(
        p
        for p in HERE.glob("*.py")
        if not p.name.startswith("_") and p.name != "run_all.py" and p.name not in NOT_BENCHMARKS
    )
    if only:
        wanted = {name.removesuffix(".py") for name in only}
        unknown = wanted - {p.stem for p in scripts}
        if unknown:
            known = ", ".join(p.stem for p in scripts)
            raise SystemExit(f"unknown benchmark(s) {', '.join(sorted(unknown))}; there are: {known}")
        scripts = [p for p in scripts if p.stem in wanted]
    return scripts


def run_script(script: Path, size: str) -> ScriptRun:
    """Run one script at ``size``; its table goes to our stdout, its last line is parsed as JSON."""
    flags = SIZE_FLAGS.get(script.name, {}).get(size, ["--size", size])
    command = [sys.executable, str(script), *flags]
    run = ScriptRun(script.name, command)
    print(f"\n== {script.name} {' '.join(flags)}", flush=True)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S[size], cwd=HERE.parent
        )
    except subprocess.TimeoutExpired:
        run.wall_s = time.perf_counter() - start
        run.error = f"timed out after {TIMEOUT_S[size]} s"
        return run
    run.wall_s = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    print("\n".join(lines[:-1]), flush=True)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        run.error = f"exit status {done.returncode}\n{tail}"
        return run
    try:
        result = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        result = None
    if not isinstance(result, dict):
        shown = lines[-1][:200] if lines else "(no output)"
        run.error = f"the last line printed is not a JSON object: {shown!r}"
        return run
    run.ok, run.result = True, result
    return run


def summary_rows(runs: list[ScriptRun]) -> list[list[object]]:
    """One row per figure a script reported (numbers only), plus one per failed script."""
    rows: list[list[object]] = []
    for run in runs:
        if not run.ok:
            rows.append([run.script, "FAILED", run.error.splitlines()[0]])
            continue
        rows.append([run.script, "wall_s (whole script)", run.wall_s])
        rows.extend(
            [run.script, key, value]
            for key, value in run.result.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)
        )
    return rows


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=HERE, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these scripts")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for the JSON file")
    parser.add_argument(
        "--budget", type=float, default=None, help="fail if all scripts together take longer (seconds)"
    )
    args = parser.parse_args(argv)

    for name, why in NOT_BENCHMARKS.items():
        if (HERE / name).exists():
            print(f"not run: {name} ({why})")
    started = dt.datetime.now(dt.timezone.utc)
    before = machine()
    runs = [run_script(script, args.size) for script in benchmark_scripts(args.only)]
    total_s = sum(run.wall_s for run in runs)

    print(f"\n== all benchmarks at size {args.size}: {total_s:.1f} s")
    print_table(summary_rows(runs), ("script", "figure", "value"))
    report = {
        "size": args.size,
        "started_utc": started.isoformat(timespec="seconds"),
        "total_s": total_s,
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine_before": before,
        "machine_after": machine(),
        "scripts": {run.script: asdict(run) for run in runs},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{started.strftime('%Y%m%dT%H%M%SZ')}-{args.size}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {path}")

    failed = [run for run in runs if not run.ok]
    for run in failed:
        print(f"\nFAILED {run.script} ({' '.join(run.command[1:])}): {run.error}", file=sys.stderr)
    if args.budget is not None and total_s > args.budget:
        print(
            f"\nFAILED: the benchmarks took {total_s:.1f} s, over the budget of {args.budget} s",
            file=sys.stderr,
        )
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
