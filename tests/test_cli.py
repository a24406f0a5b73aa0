"""The ``kerja-match`` command end to end: outputs equal the public API's, bad input exits 2.

The demo, ``place``, the bad-input files and ``--help`` run as a subprocess (the real console path);
the other commands run through ``main()`` in this process, to keep the suite fast.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kerja_match.cli import build_parser, main
from kerja_match.io import read_candidates, read_vacancies

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
PROBLEM_HEADER = ("row", "record", "field", "value", "reason")

# A tiny market written with concept ids, so no command needs to fit the normaliser (fast).
CANDIDATES = """\
id,skills,soft_skills,ktp_region,domicile,education
c-01,manufaktur.pemesinan.bubut:2; manufaktur.pengukuran.alat_ukur:2,soft.pribadi.disiplin:2,32.16,32.16.09,SMK
c-02,manufaktur.pemesinan.bubut:3; manufaktur.pengukuran.alat_ukur:1,,32.75,32.75.01,SMK
c-03,manufaktur.plastik.injection:2,soft.pribadi.disiplin:3,32.16.07,32.16.07,SMA
c-04,logistik.gudang.forklift:2,,32.15,32.15.01,SMA
c-05,manufaktur.pengukuran.alat_ukur:1,soft.pribadi.disiplin:1,32.16,32.16.19,SMK
c-06,listrik.instalasi.bangunan:2,,32.16,32.16.08,SMK
"""
VACANCIES = """\
id,employer,title,openings,location,requirements,soft_requirements
v-01,PT Presisi,Operator Bubut,2,32.16.09,manufaktur.pemesinan.bubut:2; manufaktur.pengukuran.alat_ukur:1,soft.pribadi.disiplin:1:preferred
v-02,PT Plastik,Operator Injection,2,32.16.19,manufaktur.plastik.injection:2,soft.pribadi.disiplin:2
v-03,PT Gudang,Operator Forklift,1,32.16.07,logistik.gudang.forklift:2,
"""


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kerja_match.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    """``main(args)`` in this process, with its exit code and output in the shape of ``run_cli``'s."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess([str(a) for a in args], code, out, err)


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("market")
    (folder / "candidates.csv").write_text(CANDIDATES, encoding="utf-8")
    (folder / "vacancies.csv").write_text(VACANCIES, encoding="utf-8")
    return folder / "candidates.csv", folder / "vacancies.csv"


def api_scorer(vacancies_path: Path):  # type: ignore[no-untyped-def]
    from kerja_match.datasets import default_taxonomy
    from kerja_match.scoring import FitScorer

    return FitScorer(taxonomy=default_taxonomy()).fit(read_vacancies(vacancies_path).records)


# -- demo ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    out, plots = tmp_path_factory.mktemp("demo_out"), tmp_path_factory.mktemp("demo_plots")
    extra = ["--plots", plots] if HAS_MATPLOTLIB else []
    size = ["--n-candidates", "400", "--n-vacancies", "50", "--n-employers", "30"]
    return run_cli("demo", "--seed", "7", *size, "--out", out, *extra), out, plots


def test_demo_prints_the_office_view(demo_run: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    result, _, _ = demo_run
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "SYNTHETIC demo market" in text
    for heading in ("Placement summary", "Most demanded competencies", "Top shortages", "Cohort plan",
                    "BLK training plan", "Openings left unfilled by kecamatan"):  # fmt: skip
        assert heading in text
    assert "local-hire quota (Perbup Bekasi 9/2019)           30%" in text


def test_demo_out_writes_every_table_and_the_market(
    demo_run: tuple[subprocess.CompletedProcess[str], Path, Path],
) -> None:
    result, out, _ = demo_run
    assert result.returncode == 0, result.stderr
    names = ("placement_summary", "employer_quota", "assignments", "demand", "shortages", "kecamatan",
             "training", "trainees")  # fmt: skip
    for name in names:
        rows = csv_rows(out / f"{name}.csv")
        records = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert len(rows) == len(records)
        assert [list(r) for r in rows[:1]] == [list(r) for r in records[:1]]
    summary = {r["measure"]: r["value"] for r in csv_rows(out / "placement_summary.csv")}
    assignments = csv_rows(out / "assignments.csv")
    assert (
        int(summary["placed"])
        == len(assignments)
        == sum(int(r["filled"]) for r in csv_rows(out / "employer_quota.csv"))
    )
    assert len({r["candidate_id"] for r in assignments}) == len(assignments)
    assert len(read_candidates(out / "market" / "candidates.csv", strict=True).records) == 400
    assert len(read_vacancies(out / "market" / "vacancies.csv", strict=True).records) == 50


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed (kerja-match[plot])")
def test_demo_plots_are_png(demo_run: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    result, _, plots = demo_run
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in plots.iterdir())
    assert names == [
        "local_share_by_employer.png",
        "shortage_by_kecamatan.png",
        "top_demanded_competencies.png",
    ]
    for path in plots.iterdir():
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_lists_and_writes_the_vacancies_that_ask_for_a_protected_attribute(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    cands, _ = market
    gendered = VACANCIES.replace("Operator Bubut,", "Operator Bubut (Pria),")
    (tmp_path / "v.csv").write_text(gendered, encoding="utf-8")
    result = run_main(capsys, "report", "--candidates", cands, "--vacancies", tmp_path / "v.csv",
                      "--no-training", "--out", tmp_path / "out")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 in 1 of 3 vacancies" in result.stderr  # listed as the market is read
    rows = csv_rows(tmp_path / "out" / "flags.csv")
    assert [(r["vacancy"], r["field"], r["kind"], r["text"]) for r in rows] == [
        ("v-01", "title", "gender", "Pria")
    ]
    assert "UU 13/2003" in rows[0]["rule"]


# -- each command equals the API -----------------------------------------------------------------------


def test_place_writes_what_place_returns(market: tuple[Path, Path], tmp_path: Path) -> None:
    from kerja_match.placement import place

    cands, vacs = market
    result = run_cli("place", "--candidates", cands, "--vacancies", vacs, "--out", tmp_path / "a.csv",
                     "--employers-out", tmp_path / "e.json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected = place(
        read_candidates(cands).records, read_vacancies(vacs).records, api_scorer(vacs), local_quota=0.3
    )
    rows = csv_rows(tmp_path / "a.csv")
    assert [(r["candidate_id"], r["vacancy_id"]) for r in rows] == [
        (c, v) for c, v, _ in expected.assignments
    ]
    assert expected.summary(target=0.3).text().splitlines()[0] in result.stdout
    employers = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert sum(e["filled"] for e in employers) == len(rows)


def test_score_shortlists_per_vacancy_and_per_candidate(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    cands, vacs = market
    scorer = api_scorer(vacs)
    people = read_candidates(cands).records
    for by, expected in (
        ("vacancy", scorer.shortlist(people, k=2)),
        ("candidate", scorer.top_k(people, k=2)),
    ):
        out = tmp_path / f"{by}.csv"
        result = run_main(
            capsys, "score", "--candidates", cands, "--vacancies", vacs, "--by", by, "-k", "2", "--out", out
        )
        assert result.returncode == 0, result.stderr
        got = [(r["candidate_id"], r["vacancy_id"], float(r["score"])) for r in csv_rows(out)]
        want = [(c, v, round(s, 4)) for c, v, s in expected.pairs()]
        assert sorted(got) == sorted(want)


def test_score_explains_a_pair(capsys: pytest.CaptureFixture[str], market: tuple[Path, Path]) -> None:
    cands, vacs = market
    result = run_main(
        capsys, "score", "--candidates", cands, "--vacancies", vacs, "--explain", "c-01", "v-01"
    )
    assert result.returncode == 0, result.stderr
    fit = api_scorer(vacs).score(read_candidates(cands).records[0], read_vacancies(vacs).records[0])
    assert f"Fit of c-01 for v-01: {fit.score:.3f}" in result.stdout
    missing = run_main(
        capsys, "score", "--candidates", cands, "--vacancies", vacs, "--explain", "c-99", "v-01"
    )
    assert missing.returncode == 2
    assert "candidate 'c-99' is not among" in missing.stderr


def test_gaps_market_and_person(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    from kerja_match.gaps import market_gaps

    cands, vacs = market
    result = run_main(
        capsys, "gaps", "--candidates", cands, "--vacancies", vacs, "--out", tmp_path / "g.json"
    )
    assert result.returncode == 0, result.stderr
    expected = market_gaps(
        read_candidates(cands).records, read_vacancies(vacs).records, scorer=api_scorer(vacs)
    )
    written = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert written == [dict(zip(expected.COLUMNS, row.values(), strict=True)) for row in expected.rows]
    person = run_main(
        capsys, "gaps", "--candidates", cands, "--vacancies", vacs, "--candidate", "c-05", "--vacancy", "v-01"
    )
    assert person.returncode == 0, person.stderr
    assert "What c-05 lacks for v-01" in person.stdout
    assert "Membubut" in person.stdout
    half = run_main(capsys, "gaps", "--candidates", cands, "--vacancies", vacs, "--candidate", "c-05")
    assert half.returncode == 2
    assert "--candidate and --vacancy come together" in half.stderr


def test_recommend_one_candidate_and_a_cohort(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    from kerja_match.courses import CourseRecommender
    from kerja_match.datasets.catalog import blk_catalog

    cands, vacs = market
    result = run_main(capsys, "recommend", "--candidates", cands, "--vacancies", vacs, "--candidate", "c-05",
                     "--vacancy", "v-01", "--out", tmp_path / "plan.csv")  # fmt: skip
    assert result.returncode == 0, result.stderr
    scorer = api_scorer(vacs)
    plan = CourseRecommender(blk_catalog(), scorer=scorer).recommend(
        read_candidates(cands).records[4], read_vacancies(vacs).records[0]
    )
    assert [r["course_id"] for r in csv_rows(tmp_path / "plan.csv")] == [c.id for c in plan.courses]
    assert plan.text() in result.stdout
    best = run_main(capsys, "recommend", "--candidates", cands, "--vacancies", vacs, "--candidate", "c-05")
    assert best.returncode == 0, best.stderr
    assert "best-fitting vacancies that courses can open" in best.stdout
    assert "within 320 JP" in best.stdout
    cohort = run_main(capsys, "recommend", "--candidates", cands, "--vacancies", vacs, "--cohort", "--seats",
                     "blk-bubut-dasar=1", "--out", tmp_path / "trainees.csv")  # fmt: skip
    assert cohort.returncode == 0, cohort.stderr
    assert "Cohort plan" in cohort.stdout
    assert sum("blk-bubut-dasar" in r["courses"] for r in csv_rows(tmp_path / "trainees.csv")) <= 1
    bad = run_main(
        capsys, "recommend", "--candidates", cands, "--vacancies", vacs, "--cohort", "--seats", "bubut"
    )
    assert bad.returncode == 2
    assert "COURSE=N" in bad.stderr


def test_normalize_maps_and_reports_abstentions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from kerja_match.datasets import default_taxonomy
    from kerja_match.normalize import SkillNormalizer

    phrases = ["operator mesin bubut", "jangka sorong", "gaji UMK"]
    result = run_main(
        capsys, "normalize", *phrases, "--out", tmp_path / "map.csv", "--unmapped-out", tmp_path / "u.csv"
    )
    assert result.returncode == 0, result.stderr
    expected = SkillNormalizer().fit(default_taxonomy()).match(phrases)
    got = {r["phrase"]: r["concept_id"] for r in csv_rows(tmp_path / "map.csv")}
    assert got == {m.phrase: m.concept_id or "" for m in expected}
    abstained = [m.phrase for m in expected if m.concept_id is None and m.method != "nonskill"]
    nonskill = [m.phrase for m in expected if m.method == "nonskill"]
    assert nonskill == ["gaji UMK"]
    assert f"{len(abstained)} of 3 phrases" in result.stdout
    assert f"{len(nonskill)} more name a non-skill requirement" in result.stdout
    assert [r["examples"] for r in csv_rows(tmp_path / "u.csv")] == abstained
    nothing = run_main(capsys, "normalize")
    assert nothing.returncode == 2
    assert "give skill phrases" in nothing.stderr


# -- bad input -----------------------------------------------------------------------------------------

GOOD_ROW = "c-01,manufaktur.pemesinan.bubut:2,,32.16,32.16.09,SMK\n"
HEADER = "id,skills,soft_skills,ktp_region,domicile,education\n"

# name -> (file bytes, text the report must hold, whether good rows are still used)
BAD_FILES = {
    "wrong column": ((HEADER.replace("skills,", "skils,", 1) + GOOD_ROW).encode(), "skils", True),
    "unknown skill level": ((HEADER + GOOD_ROW + "c-02,manufaktur.pemesinan.bubut:9,,32.16,,\n").encode(),
                            "skills.0.level", True),
    "duplicate id": ((HEADER + GOOD_ROW + GOOD_ROW).encode(), "duplicate id, first seen in row 2", True),
    "broken quoting": ((HEADER + GOOD_ROW + 'c-03,"manufaktur.pemesinan.bubut:2,,32.16,,\n').encode(),
                       "never closed", True),
    "latin-1 bytes": ((HEADER + GOOD_ROW + "c-04,,,32.16,,\n").encode() + "c-05-é,,,,,\n".encode("latin-1"),
                      "not UTF-8", False),
    "missing required column": (b"ident,skills\nc-01,\n", "required column missing", False),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_input_is_reported_and_exits_2(case: str, market: tuple[Path, Path], tmp_path: Path) -> None:
    data, expected, keeps_good_rows = BAD_FILES[case]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(data)
    out, report = tmp_path / "a.csv", tmp_path / "problems.csv"
    result = run_cli(
        "place", "--candidates", bad, "--vacancies", market[1], "--out", out, "--problems", report
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert all(word in result.stderr for word in PROBLEM_HEADER)
    rows = csv_rows(report)
    assert rows
    assert tuple(rows[0]) == PROBLEM_HEADER
    assert any(expected in " ".join(r.values()) for r in rows)
    # good rows are used and the outputs written; a file that cannot be read at all writes nothing
    assert out.exists() == keeps_good_rows
    if keeps_good_rows:
        assert "the good rows were used" in result.stderr
        assert "1 good record(s) kept" in result.stderr or "2 good record(s) kept" in result.stderr


def test_latin1_file_reads_with_encoding(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_FILES["latin-1 bytes"][0])
    result = run_main(capsys, "place", "--candidates", bad, "--vacancies", market[1], "--encoding", "latin-1")
    assert result.returncode == 0, result.stderr
    assert "line 4, byte 6" in run_main(capsys, "place", "--candidates", bad, "--vacancies", market[1]).stderr


def test_strict_stops_before_any_output(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_FILES["duplicate id"][0])
    out = tmp_path / "a.csv"
    result = run_main(
        capsys, "place", "--strict", "--candidates", bad, "--vacancies", market[1], "--out", out
    )
    assert result.returncode == 2
    assert "duplicate id" in result.stderr
    assert not out.exists()


def test_missing_file_and_bad_option_exit_2(
    capsys: pytest.CaptureFixture[str], market: tuple[Path, Path], tmp_path: Path
) -> None:
    result = run_main(capsys, "place", "--candidates", tmp_path / "nope.csv", "--vacancies", market[1])
    assert result.returncode == 2
    assert "nope.csv" in result.stderr
    quota = run_main(capsys, "place", "--candidates", market[0], "--vacancies", market[1], "--quota", "1.5")
    assert quota.returncode == 2
    assert "local_quota" in quota.stderr
    assert "must be a number in [0, 1] or None. Got 1.5 instead." in quota.stderr


# -- help ----------------------------------------------------------------------------------------------

COMMANDS = ("demo", "normalize", "score", "place", "gaps", "recommend", "report", "taxonomy")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args([command, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert f"example:\n  kerja-match {command}" in text


def test_console_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert all(command in result.stdout for command in COMMANDS)
