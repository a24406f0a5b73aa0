"""The office's report tables agree with the results they come from; tables write, print and chart."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerja_match._writing import spreadsheet_text
from kerja_match.datasets.demo import bekasi_demo
from kerja_match.errors import KerjaMatchError
from kerja_match.reports import OfficeReport, Table, office_report

QUOTA = 0.3


@pytest.fixture(scope="module")
def report() -> OfficeReport:
    market = bekasi_demo(seed=11, n_candidates=300, n_employers=25, n_vacancies=40)
    return office_report(market.candidates, market.vacancies, market.courses, quota=QUOTA)


def test_headline_is_the_placement_summary(report: OfficeReport) -> None:
    summary = report.placement.summary(target=QUOTA)
    values = {r["measure"]: r["value"] for r in report.tables()["placement_summary"].records()}
    assert values["placed"] == summary.placed == len(report.placement.assignments)
    assert values["local placed (KTP 32.16)"] == summary.local_placed
    assert values["local share"] == pytest.approx(summary.local_placed / summary.placed)
    assert values["quota met overall"] == (summary.local_share >= QUOTA)
    assert values["openings unfilled"] == summary.unfilled_openings
    reasons = Counter(reason for _, reason in report.placement.unplaced)
    assert sum(v for k, v in values.items() if k.startswith("unplaced: ")) == sum(reasons.values())


def test_employer_quota_table_counts_each_employers_hires(report: OfficeReport) -> None:
    employer = {v.id: v.employer for v in report.placement.vacancies}
    filled = Counter(employer[v] for _, v, _ in report.placement.assignments)
    local = Counter(employer[v] for c, v in report.placement.local_for_vacancy)
    rows = report.tables()["employer_quota"].records()
    assert {r["employer"] for r in rows} == set(employer.values())
    for row in rows:
        assert row["filled"] == filled[row["employer"]]
        assert row["local_hires"] == local[row["employer"]]
        if row["filled"]:
            assert row["local_share_of_hires"] == pytest.approx(row["local_hires"] / row["filled"])
            assert row["meets_quota"] == (row["local_hires"] / row["filled"] >= QUOTA - 1e-9)
            # quota and shortfall say the same thing: short exactly when the quota is not met
            assert (row["local_hires_short"] == 0) == row["meets_quota"]
            needed = row["local_hires"] + row["local_hires_short"]
            assert (
                needed / row["filled"] >= QUOTA - 1e-9 > (needed - 1) / row["filled"]
                or not row["local_hires_short"]
            )
        else:
            assert row["local_share_of_hires"] is None
            assert row["meets_quota"] is None
            assert row["local_hires_short"] is None
    shares = [r["local_share_of_hires"] for r in rows if r["local_share_of_hires"] is not None]
    assert shares == sorted(shares)  # lowest share first: the employers to call


def test_report_tables_are_the_results_own_tables(report: OfficeReport) -> None:
    """One definition per table: the report shows what Placement and PlacementSummary build."""
    tables = report.tables()
    assignments = tables["assignments"]
    frame = report.placement.to_frame()
    assert assignments.columns == tuple(frame.columns)
    assert [tuple(r) for r in frame.itertuples(index=False)] == list(assignments.rows)
    summary = report.placement.summary(target=QUOTA)
    employers = tables["employer_quota"]
    by_employer = summary.to_frame().set_index("employer")
    assert employers.columns == summary.EMPLOYER_COLUMNS
    assert sorted(employers.rows, key=lambda r: r[0]) == summary.employer_rows()
    for row in employers.records():
        assert by_employer.loc[row["employer"], "local_hires"] == row["local_hires"]


def test_local_means_the_vacancys_own_local_region_everywhere() -> None:
    """A Kab. Bekasi KTP holder placed in a Kota Bekasi vacancy (local region 32.75) is not a local
    hire for that employer's quota, in the frame, the assignments table and the employer table alike;
    the headline still counts the holder as local to the office's region (32.16)."""
    from kerja_match.models import Candidate, SkillClaim, SkillRequirement, Vacancy
    from kerja_match.placement import place
    from kerja_match.reports import assignments_table, employer_quota_table

    person = Candidate(id="c-kab", skills=[SkillClaim(skill="manufaktur.pemesinan.bubut", level=2)],
                       ktp_region="32.16.09")  # fmt: skip
    kota = Vacancy(id="v-kota", employer="PT Kota", openings=1, local_region="32.75", location="32.75.04",
                   requirements=[SkillRequirement(skill="manufaktur.pemesinan.bubut", level=2)])  # fmt: skip
    placement = place([person], [kota], np.array([[0.9]]), local_quota=QUOTA)
    assert placement.to_frame()["local"].tolist() == [False]
    assert assignments_table(placement).records()[0]["local"] is False
    assert employer_quota_table(placement, quota=QUOTA).records()[0]["local_hires"] == 0
    assert placement.summary().local_placed == 1


def test_demand_table_adds_up_the_levels_of_each_competency(report: OfficeReport) -> None:
    rows = report.tables()["demand"].records()
    assert len({r["concept_id"] for r in rows}) == len(rows)
    assert sum(r["openings_required"] for r in rows) == sum(g.demand_required for g in report.gaps.rows)
    for row in rows:
        levels = [g for g in report.gaps.rows if g.concept_id == row["concept_id"]]
        assert row["openings_required"] == sum(g.demand_required for g in levels)
        assert row["holders"] == max(g.supply for g in levels)
        assert row["label_indonesian"] == levels[0].label_indonesian
    keys = [(-r["openings_required"], -r["openings_preferred"], r["concept_id"]) for r in rows]
    assert keys == sorted(keys)


def test_shortage_table_shows_the_local_shortage_its_title_promises(report: OfficeReport) -> None:
    table = report.tables()["shortages"]
    assert "local" in table.title
    rows = table.records()
    expected = {(g.concept_id, g.level) for g in report.gaps.rows if g.shortage_local > 0}
    assert {(r["concept_id"], r["level"]) for r in rows} == expected
    assert all(r["shortage_local"] == r["openings_required"] - r["holders_local"] > 0 for r in rows)
    assert [r["shortage_local"] for r in rows] == sorted((r["shortage_local"] for r in rows), reverse=True)


def test_kecamatan_table_accounts_for_every_opening(report: OfficeReport) -> None:
    rows = report.tables()["kecamatan"].records()
    summary = report.placement.summary(target=QUOTA)
    assert sum(r["openings"] for r in rows) == summary.openings
    assert sum(r["filled_local"] + r["filled_other"] for r in rows) == summary.placed
    assert sum(r["unfilled"] for r in rows) == summary.unfilled_openings
    assert all(r["unfilled"] == r["openings"] - r["filled_local"] - r["filled_other"] >= 0 for r in rows)
    by_place = Counter(v.location for v in report.placement.vacancies for _ in range(v.openings))
    assert {r["kecamatan"]: r["openings"] for r in rows} == dict(by_place)


def test_training_tables_follow_the_cohort_plan(report: OfficeReport) -> None:
    assert report.training is not None
    tables = report.tables()
    used = {r["course_id"]: r["seats_used"] for r in tables["training"].records()}
    assert used == {k: v for k, v in report.training.seats_used.items() if v}
    assert all(r["seats_used"] <= r["seats"] for r in tables["training"].records())
    trainees = tables["trainees"].records()
    assert len(trainees) == report.training.trainees
    local = {r["candidate_id"] for r in trainees if r["local"]}
    assert len(local) == report.training.trainees_local


def test_text_shows_the_office_view(report: OfficeReport) -> None:
    text = report.text(n=5)
    assert "local share" in text
    assert "30%" in text
    assert "Most demanded competencies" in text
    assert "Top shortages" in text
    assert "Cohort plan" in text


def test_write_tables_as_csv_and_json(report: OfficeReport, tmp_path: Path) -> None:
    paths = report.write_tables(tmp_path)
    assert {p.name for p in paths} == {f"{n}.{f}" for n in report.tables() for f in ("csv", "json")}
    table = report.tables()["employer_quota"]
    with (tmp_path / "employer_quota.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == table.columns
    assert len(rows) == len(table) + 1
    assert json.loads((tmp_path / "employer_quota.json").read_text(encoding="utf-8")) == table.records()


def test_report_lists_the_vacancies_that_ask_for_a_protected_attribute() -> None:
    market = bekasi_demo(seed=5, n_candidates=120, n_employers=8, n_vacancies=12)
    first, second, *rest = market.vacancies
    gendered = first.model_copy(update={"title": "Operator Produksi (Pria)"})
    skill = second.requirements[0]
    aged = second.model_copy(
        update={"requirements": (skill.model_copy(update={"skill": f"{skill.skill}, usia maks. 30 tahun"}), *second.requirements[1:])}
    )  # fmt: skip
    report = office_report(market.candidates, [gendered, aged, *rest], market.courses, train=False)
    rows = report.tables()["flags"].records()
    assert [(r["vacancy"], r["field"], r["kind"]) for r in rows] == [
        (first.id, "title", "gender"),
        (second.id, "requirements[0].skill", "age"),
    ]
    assert all(r["employer"] and r["rule"] for r in rows)
    assert "2 in 2 of 12 vacancies" in report.tables()["flags"].title
    assert "pria" in report.text(n=5).lower()
    # flagged, not dropped: the skill of the mixed requirement still decides who fits
    plain = office_report(market.candidates, market.vacancies, market.courses, train=False)
    assert report.placement.assignments == plain.placement.assignments


def test_a_report_with_no_protected_requirements_has_an_empty_flags_table(report: OfficeReport) -> None:
    assert report.tables()["flags"].rows == ()
    assert "0 in 0 of 40 vacancies" in report.tables()["flags"].title


def test_office_report_refuses_a_scorer_fitted_elsewhere(report: OfficeReport) -> None:
    from kerja_match.scoring import FitScorer

    market = bekasi_demo(seed=3, n_candidates=20, n_employers=3, n_vacancies=4)
    other = FitScorer().fit(market.vacancies[:3])
    with pytest.raises(KerjaMatchError, match="fitted on other vacancies"):
        office_report(market.candidates, market.vacancies, scorer=other, train=False)


# -- Table -----------------------------------------------------------------------------------------

cells = st.one_of(st.none(), st.booleans(), st.integers(-(10**9), 10**9), st.text(max_size=30),
                  st.floats(allow_nan=False, allow_infinity=False, width=32))  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cells, cells, cells), max_size=6))
def test_table_writes_what_it_holds(tmp_path: Path, rows: list[tuple[object, ...]]) -> None:
    table = Table("t", "T", ("a", "b", "c"), tuple(rows))
    assert json.loads(table.write(tmp_path / "t.json").read_text(encoding="utf-8")) == table.records()
    with table.write(tmp_path / "t.csv").open(encoding="utf-8", newline="") as stream:
        read = list(csv.reader(stream))
    # a text cell that Excel would run as a formula ('=') is written guarded; the readers undo it
    assert [[spreadsheet_text(c) for c in row] for row in read[1:]] == [
        ["" if v is None else str(v) for v in row] for row in rows
    ]
    text = table.text(max_rows=None)
    assert text.splitlines()[0] == "T"
    assert len(text.split("\n")) == 3 + max(len(rows), 1)


def test_table_text_formats_and_cuts() -> None:
    table = Table("t", "T", ("name", "n", "share"), (("a" * 50, 12345, 0.333), ("b", 2, None)), ("share",))
    lines = table.text(max_rows=1, width=10).splitlines()
    assert lines[1].split() == ["name", "n", "share"]
    assert lines[3].split() == ["a" * 9 + "…", "12,345", "33%"]
    assert lines[4] == "... 1 more rows"
    with pytest.raises(KerjaMatchError, match=r"\.csv or \.json"):
        table.write("t.xlsx")


def test_to_frame(report: OfficeReport) -> None:
    pandas = pytest.importorskip("pandas")
    frame = report.tables()["demand"].to_frame()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(report.tables()["demand"].columns)
    assert len(frame) == len(report.tables()["demand"])


def test_missing_extras_name_what_to_install(report: OfficeReport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ImportError, match=r"kerja-match\[pandas\]"):
        report.tables()["demand"].to_frame()
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"kerja-match\[plot\]"):
        report.plot("unused")


# -- charts ----------------------------------------------------------------------------------------


def test_charts_are_written_without_touching_global_state(report: OfficeReport, tmp_path: Path) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    backend = matplotlib.get_backend()
    pyplot_loaded = "matplotlib.pyplot" in sys.modules
    paths = report.plot(tmp_path)
    assert [p.name for p in paths] == [
        "local_share_by_employer.png",
        "top_demanded_competencies.png",
        "shortage_by_kecamatan.png",
    ]
    for path in paths:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) > 10_000  # a drawn chart, not an empty canvas
    assert matplotlib.get_backend() == backend
    assert ("matplotlib.pyplot" in sys.modules) == pyplot_loaded


def test_local_share_chart_draws_one_bar_per_hiring_employer(report: OfficeReport) -> None:
    pytest.importorskip("matplotlib")
    from kerja_match.reports.plots import plot_local_share

    table = report.tables()["employer_quota"]
    figure = plot_local_share(table, quota=QUOTA)
    bars = [patch for container in figure.axes[0].containers for patch in container]
    hiring = [r for r in table.records() if r["local_share_of_hires"] is not None]
    assert len(bars) == len(hiring)
    assert sorted(round(b.get_height(), 6) for b in bars) == sorted(
        round(r["local_share_of_hires"] * 100, 6) for r in hiring
    )
