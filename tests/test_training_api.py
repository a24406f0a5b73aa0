"""The training results read the same way as every other result: sensible defaults, rows and prose,
DataFrames, a scikit-learn estimator, one placement behind every placement figure, one plan per market."""

from __future__ import annotations

import math
import random

import pytest
from sklearn.base import clone

from course_world import BUBUT, CATALOG, CNC, DISIPLIN, EKSPOR, K3, LISTRIK, TAXONOMY, UKUR, candidate, course
from course_world import vacancy as job
from kerja_match.courses import CourseRecommender
from kerja_match.datasets.catalog import blk_catalog
from kerja_match.datasets.demo import bekasi_demo
from kerja_match.errors import KerjaMatchError
from kerja_match.gaps import market_gaps
from kerja_match.placement import place
from kerja_match.scoring import FitScorer

APPRENTICESHIP = course("magang", [(BUBUT, 3), (CNC, 3), (UKUR, 3)], 960, ("bubut-dasar",))
WORLD_JOBS = [
    job("v-lathe", [(BUBUT, 2), (UKUR, 2)], openings=6, title="Operator bubut"),
    job("v-lathe-senior", [(BUBUT, 3), (CNC, 3)], openings=2, title="Operator bubut senior"),
    job("v-cnc", [(CNC, 2)], openings=2, title="Operator CNC"),
    job("v-elec", [(LISTRIK, 2)], openings=5, title="Teknisi listrik"),
    job("v-export", [(EKSPOR, 2)], openings=3, title="Staf ekspor"),
    job("v-safety", [(K3, 2)], [(DISIPLIN, 2)], openings=1, title="Petugas K3"),
]


def _recommender(**options: object) -> CourseRecommender:
    scorer = FitScorer(taxonomy=TAXONOMY).fit(WORLD_JOBS)
    return CourseRecommender([*CATALOG, APPRENTICESHIP], taxonomy=TAXONOMY, scorer=scorer, **options)


# -- recommend(candidate): a default a counsellor can hand over -----------------------------------


def test_recommend_without_target_plans_for_the_best_vacancies_within_the_default_budget() -> None:
    rec = _recommender()
    person = candidate("c1", [(BUBUT, 1)])
    plan = rec.recommend(person)
    assert rec.max_hours == 320
    assert rec.n_targets == 5
    assert plan.total_hours <= 320
    assert "magang" not in [c.id for c in plan.courses]  # 960 JP: only when asked for
    assert 0 < len(plan.targets) <= 5
    fits = {v.id: rec.scorer.score(person, v).score for v in WORLD_JOBS}
    # the targets are the best-fitting vacancies the candidate does not reach yet, ties by id
    left_out = [v for v in fits if v not in plan.targets]
    assert all(fits[t] >= fits[v] for t in plan.targets for v in left_out if fits[v] < rec.threshold)
    assert plan.openings_after > plan.openings_before
    text = plan.text()
    assert "best-fitting" in text
    assert "320 JP" in text


def test_an_explicit_budget_or_target_list_is_honoured() -> None:
    rec = _recommender()
    person = candidate("c1", [(BUBUT, 1)])
    unlimited = rec.recommend(person, WORLD_JOBS, max_hours=math.inf)
    assert unlimited.openings_after >= rec.recommend(person, WORLD_JOBS).openings_after
    tight = rec.recommend(person, WORLD_JOBS, max_hours=30)
    assert tight.total_hours <= 30


def test_recommend_says_what_it_needs_when_misused() -> None:
    bare = CourseRecommender(CATALOG, taxonomy=TAXONOMY)  # no scorer: no vacancies to choose from
    with pytest.raises(KerjaMatchError, match="no target given and no fitted scorer"):
        bare.recommend(candidate("c1"))
    with pytest.raises(
        KerjaMatchError,
        match=r"The 'target' parameter of CourseRecommender.recommend .* Got one str 'v-lathe'",
    ):
        bare.recommend(candidate("c1"), target="v-lathe")  # type: ignore[arg-type]
    with pytest.raises(
        KerjaMatchError, match=r"max_hours. parameter of CourseRecommender.recommend must be a number"
    ):
        _recommender().recommend(candidate("c1"), max_hours=-5)


def test_the_levels_of_a_skill_are_one_line_and_cost_shows_only_when_the_catalogue_has_costs() -> None:
    rec = _recommender()
    plan = rec.recommend(candidate("c0"), WORLD_JOBS, max_hours=math.inf)
    text = plan.text()
    closes = [line for line in text.splitlines() if line.strip().startswith("closes:")]
    labels = [line.split("(")[0] for line in closes]
    assert len(labels) == len(set(labels))  # one line per skill, its levels together
    lathe = next(line for line in closes if "Mesin bubut" in line)
    assert "2" in lathe
    assert "3" in lathe
    assert "cost" not in text
    priced = _recommender(cost=lambda c: 10.0 * c.hours)
    assert "cost 2,640" in priced.recommend(candidate("c0"), target=WORLD_JOBS[0]).text()


def test_explain_returns_rows_and_text_returns_prose() -> None:
    rec = _recommender()
    plan = rec.recommend(candidate("c0"), target=WORLD_JOBS[0])
    rows = plan.explain()
    assert isinstance(rows, list)
    assert rows
    assert {row.status for row in rows} <= {"closed", "left", "unreachable"}
    assert {row.concept_id for row in rows if row.status == "closed"} == {BUBUT, UKUR}
    assert isinstance(plan.text(), str)
    assert str(plan) == plan.text()
    frame = plan.to_frame()
    assert list(frame["course_id"]) == [c.id for c in plan.courses]
    cohort = rec.plan_training([candidate(f"c{i}", [(BUBUT, 1)]) for i in range(6)], WORLD_JOBS)
    assert all(hasattr(row, "eligible_local_after") for row in cohort.explain())
    assert cohort.explain() == sorted(cohort.explain(), key=lambda r: (-r.lift_local, r.group))
    assert "Cohort plan" in cohort.text()
    assert len(cohort.to_frame()) == cohort.trainees
    assert list(cohort.effect_frame()["group"]) == [row.group for row in cohort.effect]
    gaps = market_gaps([candidate("c0")], WORLD_JOBS, scorer=FitScorer(taxonomy=TAXONOMY).fit(WORLD_JOBS))
    assert gaps.explain(3) == list(gaps.rows[:3])
    assert "Kompetensi yang paling dibutuhkan" in gaps.text(3)
    assert list(gaps.to_frame().columns) == list(gaps.COLUMNS)


# -- a scikit-learn estimator ---------------------------------------------------------------------


def test_course_recommender_is_a_scikit_learn_estimator() -> None:
    rec = CourseRecommender(CATALOG, taxonomy=TAXONOMY, threshold=0.6)
    params = rec.get_params()
    assert params["threshold"] == 0.6
    assert params["taxonomy"] is TAXONOMY
    assert params["catalog"] is CATALOG
    twin = clone(rec)
    assert twin is not rec
    assert twin.get_params()["threshold"] == 0.6
    target = job("v-ukur", [(UKUR, 2)])
    assert [c.id for c in twin.recommend(candidate("c"), target=target).courses] == ["alat-ukur"]
    rec.set_params(cost=lambda c: 1000.0 if c.id == "alat-ukur" else 1.0)
    assert [c.id for c in rec.recommend(candidate("c"), target=target).courses] == ["k3", "bubut-dasar"]
    with pytest.raises(KerjaMatchError, match="threshold"):
        rec.set_params(threshold=2.0)


def test_a_cloned_recommender_refits_its_scorer_on_the_vacancies_asked_about() -> None:
    twin = clone(_recommender())
    plan = twin.plan_training([candidate("c1", [(BUBUT, 1)])], WORLD_JOBS[:2])
    assert plan.n_vacancies == 2


# -- one market, one placement, one plan ---------------------------------------------------------


@pytest.fixture(scope="module")
def demo_market():
    return bekasi_demo(seed=5, n_candidates=400, n_employers=15, n_vacancies=40)


def test_the_cohort_plan_starts_from_the_placement_given(demo_market) -> None:
    scorer = FitScorer().fit(demo_market.vacancies)
    placement = place(demo_market.candidates, demo_market.vacancies, scorer, local_quota=0.3)
    summary = placement.summary()
    rec = CourseRecommender(blk_catalog(), scorer=scorer)
    plan = rec.plan_training(demo_market.candidates, demo_market.vacancies, placement=placement)
    assert plan.placements_before == summary.placed
    assert plan.local_placements_before == summary.local_placed
    assert plan.placements_after == summary.placed + plan.trainees
    placed = {c for c, _, _ in placement.assignments}
    assert not placed & {t.candidate_id for t in plan.assignments}  # training goes to the unplaced
    assert f"{summary.placed:,}" in plan.text()
    own = rec.plan_training(demo_market.candidates, demo_market.vacancies)  # no placement given
    assert own.placements_before >= len(
        place(demo_market.candidates, demo_market.vacancies, scorer).assignments
    )
    assert "maximum placement" in own.text().splitlines()[1]  # said on the line with the figures
    with pytest.raises(KerjaMatchError, match="min_score"):
        rec.plan_training(
            demo_market.candidates,
            demo_market.vacancies,
            placement=place(demo_market.candidates, demo_market.vacancies, scorer, min_score=0.7),
        )


def test_the_office_report_counts_placements_once(demo_market) -> None:
    from kerja_match.reports import office_report

    report = office_report(demo_market.candidates, demo_market.vacancies, quota=0.3)
    summary = report.placement.summary()
    assert report.training is not None
    assert report.training.placements_before == summary.placed
    assert report.training.local_placements_before == summary.local_placed
    assert "own maximum-placement model" not in report.text()


@pytest.mark.parametrize("method", ["greedy", "milp"])
def test_the_cohort_plan_does_not_depend_on_row_order(demo_market, method: str) -> None:
    rec = CourseRecommender(blk_catalog())
    first = rec.plan_training(demo_market.candidates, demo_market.vacancies, method=method)
    assert first.trainees > 0
    for seed in range(2):
        shuffle = random.Random(seed)
        people, jobs = list(demo_market.candidates), list(demo_market.vacancies)
        shuffle.shuffle(people)
        shuffle.shuffle(jobs)
        again = rec.plan_training(people, jobs, method=method)
        assert again.assignments == first.assignments
        assert again.effect == first.effect
        assert (again.placements_before, again.local_placements_before) == (
            first.placements_before,
            first.local_placements_before,
        )
