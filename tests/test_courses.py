"""Course recommendation: the optimisers against brute force, and CourseRecommender end to end."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from kerja_match.course_solvers import (
    CohortOptions,
    exact_cohort,
    greedy_cohort,
    max_openings_plan,
    max_placements,
    min_cost_cover,
    prerequisite_closure,
    topological_order,
)

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


# -- strategies ---------------------------------------------------------------------------------


@st.composite
def catalogues(draw, max_courses: int = 6, max_gaps: int = 4):
    n = draw(st.integers(1, max_courses))
    prerequisites = [sorted(draw(st.sets(st.integers(0, j - 1), max_size=2))) if j else [] for j in range(n)]
    n_gaps = draw(st.integers(1, max_gaps))
    covers = np.array([[draw(st.booleans()) for _ in range(n)] for _ in range(n_gaps)], dtype=bool).reshape(
        n_gaps, n
    )
    cost = np.array([draw(st.sampled_from([8.0, 16.0, 24.0, 40.0, 128.0, 240.0])) for _ in range(n)])
    return covers, cost, prerequisites


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


@st.composite
def cohorts(draw):
    n_people = draw(st.integers(1, 4))
    n_courses = draw(st.integers(1, 3))
    n_vac = draw(st.integers(1, 3))
    candidate, programmes, unlocks = [], [], []
    for person in range(n_people):
        for _ in range(draw(st.integers(0, 2))):
            candidate.append(person)
            programmes.append([draw(st.booleans()) for _ in range(n_courses)])
            unlocks.append([draw(st.booleans()) for _ in range(n_vac)])
    if not candidate:
        candidate, programmes, unlocks = [0], [[True] * n_courses], [[True] * n_vac]
    options = CohortOptions(
        np.asarray(candidate, dtype=np.int64),
        sparse.csr_matrix(np.asarray(programmes, dtype=bool)),
        sparse.csr_matrix(np.asarray(unlocks, dtype=bool)),
    )
    seats = np.asarray([draw(st.integers(0, 3)) for _ in range(n_courses)])
    residual = np.asarray([draw(st.integers(0, 2)) for _ in range(n_vac)])
    return options, seats, residual


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
