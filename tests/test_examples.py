"""The examples run as shipped: the job-fair script end to end (small market), the notebook is valid."""

from __future__ import annotations

import ast
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_job_fair_script_runs(tmp_path: Path) -> None:
    env = {**os.environ, "KERJA_MATCH_EXAMPLE_SMALL": "1", "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "bekasi_job_fair.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "SYNTHETIC demo market" in result.stdout
    assert "400 job seekers" in result.stdout  # the small market
    assert "row 402: candidate 'c-99999': skills.0.level" in result.stdout  # the bad row is reported
    assert "Placement summary" in result.stdout
    with (tmp_path / "tables" / "assignments.csv").open(encoding="utf-8", newline="") as stream:
        placed = list(csv.DictReader(stream))
    assert placed
    assert "c-99999" not in {row["candidate_id"] for row in placed}
    if "charts skipped" not in result.stdout:
        assert len(list((tmp_path / "charts").glob("*.png"))) == 3


def test_notebook_is_valid_and_its_code_parses() -> None:
    path = EXAMPLES / "bekasi_job_fair.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    nbformat = pytest.importorskip("nbformat")
    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code
    for cell in code:
        ast.parse("".join(cell["source"]))
        assert not cell.get("outputs"), "commit the notebook with outputs stripped"
    text = "".join("".join(cell["source"]) for cell in notebook["cells"])
    assert "SYNTHETIC" in text
    assert "report.plot(" in text
