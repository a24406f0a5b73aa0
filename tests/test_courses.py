"""Course recommendation: the optimisers against brute force, and CourseRecommender end to end."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from course_world import (
    BUBUT,
    CATALOG,
    CNC,
    CONCEPTS,
    EKSPOR,
    K3,
    LISTRIK,
    TAXONOMY,
    UKUR,
    candidate,
    course,
    vacancy,
)
from kerja_match.courses import CourseRecommender, check_catalog
from kerja_match.errors import KerjaMatchError, ValidationProblems
from kerja_match.scoring import FitScorer
from kerja_match.training._plans import taught_claims, with_claims
from kerja_match.training._solvers import (
    CohortOptions,
    exact_cohort,
    greedy_cohort,
    max_openings_plan,
    max_placements,
    min_cost_cover,
    prerequisite_closure,
    topological_order,
)
from strategies import catalogues, cohorts

# -- reference implementations: plain enumeration, obviously right -----------------------------


def closed_subsets(n: int, closure: list[frozenset[int]]) -> list[frozenset[int]]:
    """Every set of courses that contains the prerequisites of each of its members."""
    subsets = []
    for size in range(n + 1):
        for combo in itertools.combinations(range(n), size):
            chosen = frozenset(combo)
            if all(closure[j] <= chosen for j in chosen):
                subsets.append(chosen)
    return subsets


def brute_cover_cost(covers: np.ndarray, cost: np.ndarray, closure: list[frozenset[int]]) -> float:
    best = np.inf
    for chosen in closed_subsets(covers.shape[1], closure):
        if all(any(covers[g, j] for j in chosen) for g in range(covers.shape[0])):
            best = min(best, sum(cost[j] for j in chosen))
    return float(best)


def brute_reach(covers, cost, closure, vacancy_gaps, openings, budget) -> int:
    best = 0
    for chosen in closed_subsets(covers.shape[1], closure):
        if budget is not None and sum(cost[j] for j in chosen) > budget + 1e-9:
            continue
        reached = sum(
            openings[v]
            for v, gaps in enumerate(vacancy_gaps)
            if gaps is not None and all(any(covers[g, j] for j in chosen) for g in gaps)
        )
        best = max(best, reached)
    return best


def brute_cohort(options: CohortOptions, seats, residual) -> int:
    """Most placements over every choice of at most one option per candidate (then a matching)."""
    people = sorted(set(options.candidate.tolist()))
    by_person = {p: [o for o in range(options.candidate.size) if options.candidate[o] == p] for p in people}
    courses = options.courses.toarray()
    best = 0
    for pick in itertools.product(*[[None, *by_person[p]] for p in people]):
        chosen = [o for o in pick if o is not None]
        if (courses[chosen].sum(axis=0) > seats).any():
            continue
        unlocks = sparse.csr_matrix(options.unlocks[chosen]) if chosen else None
        if unlocks is None:
            continue
        best = max(best, int((max_placements(unlocks, residual) >= 0).sum()))
    return best


# -- the optimisers ---------------------------------------------------------------------------


def test_closure_and_topological_order():
    prerequisites = [[], [0], [1], [0]]
    closure = prerequisite_closure(prerequisites)
    assert closure[2] == {0, 1, 2}
    assert topological_order([3, 2, 1, 0], prerequisites) == [0, 1, 2, 3]


@settings(max_examples=60, deadline=None)
@given(catalogues(), st.sampled_from(["exhaustive", "milp"]))
def test_min_cost_cover_matches_brute_force(data, method):
    covers, cost, prerequisites = data
    closure = prerequisite_closure(prerequisites)
    covers = covers[covers.any(axis=1)]
    chosen = min_cost_cover(covers, cost, closure, method=method)
    assert all(closure[j] <= set(chosen) for j in chosen), "prerequisites are taken too"
    assert all(covers[g, chosen].any() for g in range(covers.shape[0])), "every gap is closed"
    assert sum(cost[chosen]) == pytest.approx(brute_cover_cost(covers, cost, closure))


@settings(max_examples=40, deadline=None)
@given(catalogues(), st.sampled_from(["exhaustive", "milp"]))
def test_cover_ties_follow_the_stated_rule(data, method):
    """Equal cost: fewer courses, then smaller position sum; both methods agree on those."""
    covers, _, prerequisites = data
    cost = np.full(covers.shape[1], 16.0)
    closure = prerequisite_closure(prerequisites)
    covers = covers[covers.any(axis=1)]
    chosen = min_cost_cover(covers, cost, closure, method=method)
    other = min_cost_cover(covers, cost, closure, method="exhaustive")
    assert (len(chosen), sum(chosen)) == (len(other), sum(other))


@settings(max_examples=50, deadline=None)
@given(catalogues(max_courses=5), st.data())
def test_max_openings_plan_matches_brute_force(data, draw):
    covers, cost, prerequisites = data
    closure = prerequisite_closure(prerequisites)
    n_gaps = covers.shape[0]
    n_vac = draw.draw(st.integers(1, 5))
    vacancy_gaps = [
        draw.draw(st.one_of(st.none(), st.lists(st.integers(0, n_gaps - 1), max_size=3, unique=True)))
        for _ in range(n_vac)
    ]
    openings = [draw.draw(st.integers(1, 5)) for _ in range(n_vac)]
    budget = draw.draw(st.one_of(st.none(), st.sampled_from([0.0, 16.0, 40.0, 150.0, 300.0])))
    plan = max_openings_plan(covers, cost, closure, vacancy_gaps, openings, budget)
    assert plan.openings == brute_reach(covers, cost, closure, vacancy_gaps, openings, budget)
    assert all(closure[j] <= set(plan.courses) for j in plan.courses)
    if budget is not None:
        assert sum(cost[plan.courses]) <= budget + 1e-9


def _seats_used(options: CohortOptions, taken: np.ndarray) -> np.ndarray:
    return np.asarray(options.courses[taken].sum(axis=0)).ravel()


@settings(max_examples=60, deadline=None)
@given(cohorts())
def test_cohort_solvers_against_brute_force(data):
    options, seats, residual = data
    optimum = brute_cohort(options, seats, residual)
    taken, filled = exact_cohort(options, seats, residual, np.zeros(options.candidate.size))
    assert taken.size == optimum
    greedy_taken, greedy_filled = greedy_cohort(options, np.arange(options.candidate.size), seats, residual)
    longest = int(np.asarray(options.courses.sum(axis=1)).max())
    assert greedy_taken.size * (2 + longest) >= optimum
    for chosen, fills in ((taken, filled), (greedy_taken, greedy_filled)):
        assert (_seats_used(options, chosen) <= seats).all(), "seats are never exceeded"
        assert len(set(options.candidate[chosen].tolist())) == chosen.size, "one option per person"
        assert (np.bincount(fills, minlength=residual.size) <= residual).all()
        assert all(options.unlocks[o, v] for o, v in zip(chosen, fills, strict=True))


def test_max_placements_is_a_maximum_b_matching():
    eligible = sparse.csr_matrix(np.array([[1, 1], [1, 0], [1, 0]], dtype=bool))
    assigned = max_placements(eligible, np.array([1, 2]))
    assert sorted(assigned.tolist()) == [-1, 0, 1]
    assert assigned[0] == 1


# -- CourseRecommender end to end, on the small market of course_world ----------------------------


LATHE = vacancy("v-lathe", [(BUBUT, 2), (UKUR, 2), (K3, 2)], [(CNC, 2)], title="Operator bubut", openings=3)


def test_recommend_closes_required_gaps_prerequisites_first():
    rec = CourseRecommender(CATALOG, taxonomy=TAXONOMY)
    plan = rec.recommend(candidate("c1", [(BUBUT, 1)]), target=LATHE)
    assert [c.id for c in plan.courses] == ["k3", "bubut-dasar"]  # bubut-dasar teaches alat ukur too
    assert plan.total_hours == 264
    assert {g.concept_id for g in plan.gaps_closed} == {BUBUT, UKUR, K3}
    assert [g.concept_id for g in plan.gaps_left] == [CNC]  # preferred: not targeted
    assert plan.unreachable == ()
    assert plan.score_before < plan.projected_score  # required skills missing lower the fit, not to 0
    assert "1. K3 [k3]" in plan.text()
    frame = plan.to_frame()
    assert list(frame["course_id"]) == ["k3", "bubut-dasar"]


def test_unreachable_gaps_are_reported():
    rec = CourseRecommender(CATALOG, taxonomy=TAXONOMY)
    plan = rec.recommend(candidate("c1"), target=vacancy("v-export", [(EKSPOR, 2), (K3, 2)]))
    assert [c.id for c in plan.courses] == ["k3"]
    assert [g.concept_id for g in plan.unreachable] == [EKSPOR]
    assert [g.concept_id for g in plan.gaps_left] == [EKSPOR]
    assert "no course closes: Dokumen ekspor" in plan.text()


def test_cost_option_changes_the_cheapest_plan():
    by_count = CourseRecommender(CATALOG, taxonomy=TAXONOMY, cost=lambda c: 1.0)
    target = vacancy("v-ukur", [(UKUR, 2)])
    assert [c.id for c in by_count.recommend(candidate("c1"), target=target).courses] == ["alat-ukur"]
    expensive_short = [course("alat-ukur", [(UKUR, 2)], 40), course("bubut", [(BUBUT, 2), (UKUR, 2)], 240)]
    rec = CourseRecommender(
        expensive_short, taxonomy=TAXONOMY, cost=lambda c: 1000.0 if c.id == "alat-ukur" else 1.0
    )
    assert [c.id for c in rec.recommend(candidate("c1"), target=target).courses] == ["bubut"]


def test_bad_options_and_catalogues_raise_with_every_problem():
    with pytest.raises(
        ValidationProblems,
        match=re.escape(
            "The 'cost' parameter of CourseRecommender must be 'hours' or a callable. Got 'jp' instead."
        ),
    ):
        CourseRecommender(CATALOG, taxonomy=TAXONOMY, cost="jp")  # type: ignore[arg-type]
    with pytest.raises(ValidationProblems) as raised:
        CourseRecommender(CATALOG, taxonomy=TAXONOMY, cost=None, threshold=0)  # type: ignore[arg-type]
    assert [p.field for p in raised.value.problems] == ["cost", "threshold"]
    assert "The 'threshold' parameter of CourseRecommender must be a number in (0, 1]. Got 0 instead." in str(
        raised.value
    )
    recommender = CourseRecommender(CATALOG, taxonomy=TAXONOMY)
    with pytest.raises(ValidationProblems) as raised:
        recommender.recommend(candidate("c"), target=[LATHE], max_hours=float("nan"), method="fast")  # type: ignore[arg-type]
    assert (
        "The 'max_hours' parameter of CourseRecommender.recommend must be a number in [0, inf] or None"
        in str(raised.value)
    )
    assert (
        "The 'method' parameter of CourseRecommender.recommend must be one of 'auto', 'exhaustive', 'milp'"
        in str(raised.value)
    )
    with pytest.raises(KerjaMatchError, match="max_hours applies to a list of vacancies"):
        CourseRecommender(CATALOG, taxonomy=TAXONOMY).recommend(candidate("c"), target=LATHE, max_hours=10)
    bad = [
        course("a", [(K3, 2)], 10, ("b",)),
        course("b", [(K3, 2)], 10, ("a",)),
        course("c", [("no.such.concept", 2)], 10, ("zzz",)),
        course("c", [(K3, 2)], 10),
    ]
    problems = check_catalog(bad, TAXONOMY)
    text = "\n".join(map(str, problems))
    assert "duplicate id" in text
    assert "course 'c': prerequisites: not a course of the catalogue" in text
    assert "expected a concept id of taxonomy 'test'" in text
    with pytest.raises(ValidationProblems, match="invalid course catalogue: 3 problem") as raised:
        CourseRecommender(bad, taxonomy=TAXONOMY)  # the repeated id, the unknown prerequisite and concept
    assert "duplicate id" in str(raised.value)
    cyclic = check_catalog(bad[:2], TAXONOMY)
    assert any("cycle: a -> b -> a" in p.message for p in cyclic)


def _random_world(draw):
    n = draw(st.integers(1, 5))
    courses = []
    for j in range(n):
        teaches = draw(
            st.lists(
                st.tuples(st.sampled_from(CONCEPTS), st.integers(1, 3)),
                min_size=1,
                max_size=2,
                unique_by=lambda t: t[0],
            )
        )
        pre = tuple(f"c{p}" for p in sorted(draw(st.sets(st.integers(0, j - 1), max_size=1)))) if j else ()
        courses.append(course(f"c{j}", teaches, draw(st.sampled_from([16, 24, 40, 128, 240])), pre))
    required = draw(
        st.lists(
            st.tuples(st.sampled_from([*CONCEPTS, EKSPOR]), st.integers(1, 3)),
            min_size=1,
            max_size=3,
            unique_by=lambda t: t[0],
        )
    )
    held = draw(
        st.lists(
            st.tuples(st.sampled_from(CONCEPTS), st.integers(1, 3)), max_size=2, unique_by=lambda t: t[0]
        )
    )
    return courses, required, held


def _closed_sets(courses):
    index = {c.id: j for j, c in enumerate(courses)}
    closure = prerequisite_closure([[index[p] for p in c.prerequisites] for c in courses])
    return [[courses[j] for j in sorted(s)] for s in closed_subsets(len(courses), closure)]


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_recommend_one_is_the_cheapest_plan_by_brute_force_with_the_scorer(data):
    courses, required, held = _random_world(data.draw)
    target = vacancy("v", required)
    person = candidate("c", held)
    scorer = FitScorer(taxonomy=TAXONOMY).fit([target])
    rec = CourseRecommender(courses, taxonomy=TAXONOMY, scorer=scorer)
    plan = rec.recommend(person, target=target)

    def open_required(taken):
        trained = with_claims(person, taught_claims(taken), TAXONOMY)
        return {(g.concept_id, g.required_level) for g in scorer.score(trained, target).missing if g.required}

    unreachable = open_required(courses)
    best = min(sum(c.hours for c in s) for s in _closed_sets(courses) if open_required(s) <= unreachable)
    assert plan.total_hours == best
    assert {(g.concept_id, g.required_level) for g in plan.unreachable if g.required} == unreachable
    position = {c.id: k for k, c in enumerate(plan.courses)}
    assert all(position[p] < position[c.id] for c in plan.courses for p in c.prerequisites)


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_recommend_many_reaches_the_most_openings_within_budget(data):
    courses, _, held = _random_world(data.draw)
    targets = [
        vacancy(
            f"v{k}",
            data.draw(
                st.lists(
                    st.tuples(st.sampled_from(CONCEPTS), st.integers(1, 3)),
                    min_size=1,
                    max_size=2,
                    unique_by=lambda t: t[0],
                )
            ),
            openings=data.draw(st.integers(1, 4)),
        )
        for k in range(data.draw(st.integers(1, 3)))
    ]
    budget = data.draw(st.sampled_from([0, 40, 150, 400]))
    person = candidate("c", held)
    # the plan counts each target's reach on its own; that holds while gaining a skill never lowers a
    # score, which the relative factor and focus (a course's other skills are skills the vacancy does
    # not use) break (docs/scoring.md): checked without them
    scorer = FitScorer(taxonomy=TAXONOMY, weights={"relative_fit": 0.0, "focus": 0.0}).fit(targets)
    rec = CourseRecommender(courses, taxonomy=TAXONOMY, scorer=scorer)
    plan = rec.recommend(person, target=targets, max_hours=budget)
    assert plan.total_hours <= budget

    def open_gaps(taken, v, only_required):
        trained = with_claims(person, taught_claims(taken), TAXONOMY)
        return {
            (g.concept_id, g.required_level)
            for g in scorer.score(trained, v).missing
            if g.required or not only_required
        }

    def lifted(v, only_required):  # closing exactly these gaps reaches the threshold
        closing = [course("x", [k], 1) for k in open_gaps([], v, only_required)]
        trained = with_claims(person, taught_claims(closing), TAXONOMY)
        return bool(closing) and scorer.score(trained, v).score >= rec.threshold

    def model_reach(taken):
        total = 0
        for v in targets:
            counted = (
                scorer.score(person, v).score >= rec.threshold
                or (lifted(v, True) and not open_gaps(taken, v, True))
                or (not lifted(v, True) and lifted(v, False) and not open_gaps(taken, v, False))
            )
            total += v.openings if counted else 0
        return total

    feasible = [s for s in _closed_sets(courses) if sum(c.hours for c in s) <= budget]
    assert model_reach(list(plan.courses)) == max(model_reach(s) for s in feasible)
    actual = sum(
        v.openings
        for v in targets
        if scorer.score(with_claims(person, taught_claims(plan.courses), TAXONOMY), v).score >= rec.threshold
    )
    assert plan.openings_after == actual >= model_reach(list(plan.courses))
    still = {key for v in targets for key in open_gaps(list(plan.courses), v, False)}
    assert {(g.concept_id, g.required_level) for g in plan.gaps_left} == still


# -- cohort plans -------------------------------------------------------------------------------


def _market(n_people: int, seed: int):
    rng = np.random.default_rng(seed)
    people = [
        candidate(
            f"c{i:03d}",
            [(BUBUT, int(rng.integers(1, 3)))] if rng.random() < 0.4 else [],
            local=bool(rng.random() < 0.6),
        )
        for i in range(n_people)
    ]
    jobs = [
        vacancy("v-lathe", [(BUBUT, 2), (UKUR, 2)], openings=6, title="Operator bubut"),
        vacancy("v-cnc", [(CNC, 2)], openings=2, title="Operator CNC"),
        vacancy("v-elec", [(LISTRIK, 2)], openings=5, title="Teknisi listrik"),
        vacancy("v-export", [(EKSPOR, 2)], openings=3, title="Staf ekspor"),
    ]
    return people, jobs


@settings(max_examples=12, deadline=None)
@given(
    st.integers(0, 10_000),
    st.dictionaries(st.sampled_from(["k3", "bubut-dasar", "listrik", "cnc"]), st.integers(0, 3)),
    st.sampled_from(["greedy", "milp"]),
)
def test_cohort_plan_never_exceeds_seats_and_every_trainee_fits_the_vacancy(seed, seats, method):
    people, jobs = _market(14, seed)
    rec = CourseRecommender(CATALOG, taxonomy=TAXONOMY)
    plan = rec.plan_training(people, jobs, seats=seats, method=method)
    capacity = {c.id: seats.get(c.id, c.seats) for c in CATALOG}
    assert all(plan.seats_used[k] <= capacity[k] for k in capacity)
    assert plan.seats == capacity
    by_id = {p.id: p for p in people}
    jobs_by_id = {v.id: v for v in jobs}
    scorer = FitScorer(taxonomy=TAXONOMY).fit(jobs)
    taken = {}
    for person_id, course_ids, vacancy_id in plan.assignments:
        assert person_id not in taken
        taken[person_id] = course_ids
        trained = with_claims(
            by_id[person_id], taught_claims(rec.catalogue_index.course(c) for c in course_ids), TAXONOMY
        )
        assert scorer.score(trained, jobs_by_id[vacancy_id]).score >= rec.threshold
        position = {c: k for k, c in enumerate(course_ids)}
        assert all(
            position.get(p, -1) < position[c]
            for c in course_ids
            for p in rec.catalogue_index.course(c).prerequisites
            if p in position
        )
    fills = {}
    for _, _, vacancy_id in plan.assignments:
        fills[vacancy_id] = fills.get(vacancy_id, 0) + 1
    assert plan.placements_after == plan.placements_before + plan.trainees
    assert plan.placements_after <= sum(v.openings for v in jobs)
    assert not any(v == "v-export" for _, _, v in plan.assignments)  # no course teaches it


def test_cohort_milp_is_at_least_greedy_and_local_first_prefers_locals():
    people, jobs = _market(30, 7)
    rec = CourseRecommender(CATALOG, taxonomy=TAXONOMY)
    exact = rec.plan_training(people, jobs, method="milp")
    greedy = rec.plan_training(people, jobs, method="greedy")
    assert exact.placements_after >= greedy.placements_after >= exact.placements_before
    one_seat = {"listrik": 1, "bubut-dasar": 0, "cnc": 0, "alat-ukur": 0}
    pair = [candidate("c-far", local=False), candidate("c-near", local=True)]
    for method in ("milp", "greedy"):
        plan = rec.plan_training(pair, jobs, seats=one_seat, method=method)
        assert [a[0] for a in plan.assignments] == ["c-near"]
        neutral = rec.plan_training(pair, jobs, seats=one_seat, method=method, policy="none")
        assert neutral.trainees == 1
    text = exact.text()
    assert f"trains {exact.trainees}" in text
    assert "Teknisi listrik" in text
    frame = exact.to_frame()
    assert len(frame) == exact.trainees
    effect = {row.group: row for row in exact.effect}
    assert effect["Teknisi listrik"].eligible_local_after >= effect["Teknisi listrik"].eligible_local_before


def test_plan_training_rejects_unknown_options():
    people, jobs = _market(3, 1)
    rec = CourseRecommender(CATALOG, taxonomy=TAXONOMY)
    with pytest.raises(ValidationProblems) as raised:
        rec.plan_training(people, jobs, policy="kabupaten", method="lp", group_by=3)  # type: ignore[arg-type]
    text = str(raised.value)
    assert (
        "The 'policy' parameter of CourseRecommender.plan_training must be 'local_first' or 'none'." in text
    )
    assert (
        "The 'method' parameter of CourseRecommender.plan_training must be one of 'auto', 'greedy', 'milp'."
        in text
    )
    assert (
        "The 'group_by' parameter of CourseRecommender.plan_training must be 'title' or 'sector' or a callable"
        in text
    )
    with pytest.raises(ValidationProblems, match="seats: nope: not a course of the catalogue"):
        rec.plan_training(people, jobs, seats={"nope": 3})


# -- the bundled catalogue ------------------------------------------------------------------------


def test_blk_catalog_is_valid_against_the_default_taxonomy_and_documented():
    from kerja_match.datasets import bekasi_regions, default_taxonomy
    from kerja_match.datasets.catalog import blk_catalog, blk_catalog_sources
    from kerja_match.models import Course

    catalog = blk_catalog()
    assert check_catalog(catalog, default_taxonomy()) == []
    assert [c.id for c in catalog] == sorted(c.id for c in catalog)
    sources = blk_catalog_sources()
    regions = bekasi_regions()
    for c in catalog:
        assert sources[c.id], f"{c.id} cites no source"
        assert set(c.assumed) <= set(Course.model_fields), c.id
        assert c.location in regions, c.id
        if c.kind == "pelatihan":
            assert 16 <= c.seats <= 20, c.id  # BLK classes of 16-20 (DOMAIN.md)
        else:
            assert c.hours <= 2000, c.id  # pemagangan: at most one year (Permenaker 6/2020)
    kinds = {c.kind for c in catalog}
    assert kinds == {"pelatihan", "pemagangan"}
    assert "32.16.05" in {c.location for c in catalog}  # BLK Kab. Bekasi, Tambun Utara


def test_catalog_rows_are_validated_all_at_once():
    from kerja_match.datasets.catalog import courses_from_rows

    rows = [
        {"id": "a", "title": "A", "teaches": [], "hours": 10, "source": "x"},
        {"id": "b", "title": "B", "teaches": [{"skill": K3}], "hours": 0, "seats": 0},
    ]
    with pytest.raises(ValidationProblems, match="3 problem") as raised:
        courses_from_rows(rows, source="test")
    text = str(raised.value)
    assert "course 'a': teaches" in text
    assert "course 'b': hours" in text
