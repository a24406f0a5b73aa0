"""pandas DataFrames wherever a file or a list of records is accepted, and results back as frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import kerja_match as km
from kerja_match.io import read_candidates, read_courses, read_vacancies, write_candidates, write_vacancies

pd = pytest.importorskip("pandas")  # an optional extra of the project, not one of its own modules

CANDIDATES = pd.DataFrame(
    {
        "id": ["c-1", "c-2", "c-3"],
        "skills": ["operator mesin bubut:3; jangka sorong:2", "las smaw:2:certified", np.nan],
        "soft_skills": [np.nan, "disiplin:3", None],
        "ktp_region": ["32.16", None, "32.75"],
        "experience_years": [4.0, np.nan, 1.5],
        "lat": [np.nan, -6.3, np.nan],
        "lon": [np.nan, 107.1, np.nan],
    }
)
VACANCIES = pd.DataFrame(
    {
        "id": ["v-1", "v-2"],
        "employer": ["PT Presisi", "PT Baja"],
        "openings": [2, 1],
        "location": ["32.16.19", "32.16.05"],
        "requirements": ["bubut:2; jangka sorong:1:preferred", "las smaw:2"],
    }
)


@pytest.fixture(scope="module")
def market() -> km.bekasi_demo:  # type: ignore[valid-type]
    return km.bekasi_demo(n_candidates=40, n_employers=5, n_vacancies=8, seed=7)


def test_read_candidates_takes_a_frame_like_its_csv(tmp_path: Path) -> None:
    from_frame = read_candidates(CANDIDATES)
    path = tmp_path / "candidates.csv"
    CANDIDATES.to_csv(path, index=False)  # NaN written as an empty cell
    assert from_frame.records == read_candidates(path).records
    assert from_frame.ok
    assert from_frame.records[2].skills == ()  # NaN is an empty cell
    assert from_frame.records[0].experience_years == 4.0
    assert from_frame.format == "dataframe"


def test_a_frame_reports_bad_rows_as_its_csv_does(tmp_path: Path) -> None:
    bad = CANDIDATES.assign(ktp_region=["32.16", "Bekasi", "32.75"], skills=["bubut:x", "las:2", np.nan])
    from_frame = read_candidates(bad)
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    from_csv = read_candidates(path)
    assert [r.id for r in from_frame.records] == [r.id for r in from_csv.records] == ["c-3"]
    shape = [(p.record, p.field, p.message, p.value) for p in from_frame.problems]
    assert shape == [(p.record, p.field, p.message, p.value) for p in from_csv.problems]
    # rows count from 1 in frame order (a CSV counts its header as line 1)
    assert [p.row for p in from_frame.problems] == [p.row - 1 for p in from_csv.problems] == [1, 2]
    with pytest.raises(km.ValidationProblems, match="2 problem"):
        read_candidates(bad, strict=True)


def test_a_frame_without_a_required_column_is_named_as_a_frame() -> None:
    with pytest.raises(
        km.ValidationProblems, match=r"the DataFrame: employer: required column missing"
    ) as caught:
        read_vacancies(VACANCIES.drop(columns=["employer"]))
    assert "file '" not in str(caught.value)


def test_vacancies_and_courses_read_from_frames(market) -> None:  # type: ignore[no-untyped-def]
    vacancies = read_vacancies(VACANCIES)
    assert vacancies.ok
    assert [r.skill for r in vacancies.records[0].requirements] == ["bubut", "jangka sorong"]
    courses = pd.DataFrame({"id": ["blk-x"], "title": ["Bubut"], "teaches": ["bubut:2"], "hours": [240]})
    assert read_courses(courses).records[0].hours == 240.0


def test_a_frame_round_trips_through_the_writers(tmp_path: Path, market) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "candidates.csv"
    write_candidates(market.candidates, path)
    frame = pd.read_csv(path, dtype=str)  # region codes stay text
    assert read_candidates(frame).records == list(market.candidates)


def test_the_scorer_takes_frames(tmp_path: Path, market) -> None:  # type: ignore[no-untyped-def]
    write_vacancies(market.vacancies, tmp_path / "v.csv")
    write_candidates(market.candidates, tmp_path / "c.csv")
    vacancy_frame = pd.read_csv(tmp_path / "v.csv", dtype=str)
    candidate_frame = pd.read_csv(tmp_path / "c.csv", dtype=str)
    by_records = km.FitScorer().fit(market.vacancies)
    by_frame = km.FitScorer().fit(vacancy_frame)
    assert by_frame.vacancy_ids_ == by_records.vacancy_ids_
    expected = by_records.score_matrix(market.candidates)
    np.testing.assert_array_equal(by_frame.score_matrix(candidate_frame), expected)
    np.testing.assert_array_equal(
        by_records.top_k(candidate_frame, k=3).indices, by_records.top_k(market.candidates, k=3).indices
    )
    plan = km.place(candidate_frame, vacancy_frame, by_frame, local_quota=0.3)
    assert (
        plan.assignments
        == km.place(market.candidates, market.vacancies, by_records, local_quota=0.3).assignments
    )


def test_a_bad_frame_row_is_named_by_row(market) -> None:  # type: ignore[no-untyped-def]
    scorer = km.FitScorer().fit(VACANCIES)
    bad = CANDIDATES.assign(experience_years=[4.0, 99.0, 1.0])
    with pytest.raises(km.ValidationProblems, match=r"row 2: candidate 'c-2': experience_years"):
        scorer.top_k(bad)
    # a later block of the stream goes on counting: row 3 of the frame, in the second block of 2
    small = km.FitScorer(block_size=2).fit(VACANCIES)
    with pytest.raises(km.ValidationProblems, match=r"row 3: candidate 'c-3': experience_years"):
        small.top_k(CANDIDATES.assign(experience_years=[4.0, 1.0, 99.0]))


def test_top_k_and_fit_results_as_frames(market) -> None:  # type: ignore[no-untyped-def]
    scorer = km.FitScorer().fit(market.vacancies)
    top = scorer.top_k(market.candidates[:5], k=3)
    frame = top.to_frame()
    assert list(frame.columns) == ["candidate_id", "rank", "vacancy_id", "score"]
    assert len(frame) == int((top.indices >= 0).sum())
    first = frame[frame.candidate_id == market.candidates[0].id]
    assert list(first.vacancy_id) == top.ids()[0]
    shortlist = scorer.shortlist(market.candidates, k=2).to_frame()
    assert list(shortlist.columns) == ["vacancy_id", "rank", "candidate_id", "score"]

    fit = scorer.score(market.candidates[0], market.vacancies[0])
    table = fit.to_frame()
    assert list(table.columns) == ["part", "item", "weight", "credit", "contribution", "detail"]
    assert table.contribution.sum() == pytest.approx(fit.score, abs=1e-6)
