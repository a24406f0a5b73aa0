"""The benchmarks cannot rot: the runner runs every script at the tiny size, and fails loudly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
TINY_BUDGET_S = 120  # CI runs every benchmark at the tiny size; together they must stay this fast


def load_runner() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))  # run_all imports its sibling _common, as when run as a script
    try:
        import run_all
    finally:
        sys.path.remove(str(BENCHMARKS))
    return run_all


@pytest.mark.slow
def test_every_benchmark_runs_at_tiny_size(tmp_path: Path) -> None:
    command = [sys.executable, str(BENCHMARKS / "run_all.py"), "--size", "tiny", "--out", str(tmp_path)]
    command += ["--budget", str(TINY_BUDGET_S)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=2 * TINY_BUDGET_S)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    (written,) = tmp_path.glob("*-tiny.json")
    report = json.loads(written.read_text(encoding="utf-8"))
    tools = set(load_runner().NOT_BENCHMARKS)
    expected = (
        {p.name for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_")} - {"run_all.py"} - tools
    )
    assert set(report["scripts"]) == expected
    for name, run in report["scripts"].items():
        assert run["ok"], name
        assert run["result"], f"{name} printed an empty JSON object"
    assert report["machine_before"]["cpu_count"] >= 1
    assert "all benchmarks at size tiny" in done.stdout


def test_a_failing_script_is_named_and_fails_the_run(tmp_path: Path) -> None:
    run_all = load_runner()
    broken = tmp_path / "broken.py"
    broken.write_text("import sys\nprint('half a table')\nsys.exit('no data here')\n", encoding="utf-8")
    no_json = tmp_path / "no_json.py"
    no_json.write_text("print('a table but no JSON line')\n", encoding="utf-8")
    fine = tmp_path / "fine.py"
    fine.write_text("import json, sys\nprint(json.dumps({'size': sys.argv[2], 'x_s': 0.5}))\n")

    runs = [run_all.run_script(script, "tiny") for script in (broken, no_json, fine)]

    assert [run.ok for run in runs] == [False, False, True]
    assert "exit status 1" in runs[0].error
    assert "no data here" in runs[0].error
    assert "not a JSON object" in runs[1].error
    assert runs[2].result == {"size": "tiny", "x_s": 0.5}
    rows = run_all.summary_rows(runs)
    assert ["broken.py", "FAILED", "exit status 1"] in rows
    assert ["fine.py", "x_s", 0.5] in rows


def test_timing_reports_median_spread_and_ratio() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from _common import Timing, measure
    finally:
        sys.path.remove(str(BENCHMARKS))
    timing = Timing((3.0, 1.0, 2.0))
    assert timing.median_s == 2.0
    assert timing.spread_s == 2.0
    assert timing.speedup_over(Timing((4.0,))) == 2.0
    counted, result = measure(lambda: 7, repeat=3, warmup=1)
    assert len(counted.runs) == 3
    assert result == 7
    with pytest.raises(ValueError, match="repeat must be >= 1, got 0"):
        measure(lambda: 7, repeat=0)


@pytest.mark.parametrize(
    ("script", "flags"),
    [
        ("load_esco.py", ["--repeat", "1", "--skills"]),
        ("normalize.py", ["--size", "tiny", "--esco-taxonomy"]),
    ],
)
def test_a_benchmark_without_its_outside_data_skips_cleanly(
    script: str, flags: list[str], tmp_path: Path
) -> None:
    # a fresh clone has no ../shared beside it: the script says so, exits 0 and still ends with JSON
    missing = tmp_path / "absent" / "skills_taxonomy.csv"
    command = [sys.executable, str(BENCHMARKS / script), *flags, str(missing)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TINY_BUDGET_S)
    assert done.returncode == 0, done.stderr[-2000:]
    assert str(missing.parent) in done.stdout
    assert isinstance(json.loads(done.stdout.strip().splitlines()[-1]), dict)
