"""Placement: optimal and stable against slow, obviously right references; reserves; summary; errors.

References kept here: linear_sum_assignment on openings expanded to slots, a two-stage MILP of the
lexicographic objective, the `matching` package's resident-optimal HospitalResident, and a textbook
round-by-round deferred acceptance with Hafalir–Yenmez–Yildirim choice functions.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

from kerja_match.errors import KerjaMatchError, NotFittedError, ValidationProblems
from kerja_match.models import Candidate, Vacancy
from kerja_match.placement import (
    NO_QUALIFYING_VACANCY,
    OUTRANKED,
    Placement,
    PlacementSummary,
    local_reserves,
    place,
)
from kerja_match.placement import _solvers as placement_solvers
from strategies import LOCAL, OUTSIDE
from strategies import ScoredMarket as Market
from strategies import scored_markets as markets


def solve(market: Market, method: str, **options: object) -> Placement:
    return place(
        market.candidates,
        market.vacancies,
        market.scores,
        method=method,  # type: ignore[arg-type]
        min_score=market.min_score,
        local_quota=market.local_quota,
        **options,  # type: ignore[arg-type]
    )


def as_matrix(market: Market, plan: Placement) -> np.ndarray:
    """(n_candidates, n_vacancies) 0/1 matrix of the placement."""
    row = {c.id: i for i, c in enumerate(market.candidates)}
    col = {v.id: j for j, v in enumerate(market.vacancies)}
    x = np.zeros(market.scores.shape, dtype=int)
    for cid, vid, _ in plan.assignments:
        x[row[cid], col[vid]] += 1
    return x


def reserved_met(market: Market, plan: Placement) -> int:
    locals_at = (as_matrix(market, plan) * market.local()).sum(axis=0)
    reserve = np.array([plan.reserves[v.id] for v in market.vacancies])
    return int(np.minimum(locals_at, reserve).sum())


# ---------------------------------------------------------------- references


def lsa_total(market: Market) -> float:
    """linear_sum_assignment on openings expanded to slots; ineligible pairs weigh 0."""
    weights = np.where(market.eligible(), market.scores, 0.0)
    slots = np.repeat(np.arange(len(market.vacancies)), [v.openings for v in market.vacancies])
    rows, cols = linear_sum_assignment(weights[:, slots], maximize=True)
    return float(weights[rows, slots[cols]].sum())


def lexicographic_milp(market: Market, reserves: Sequence[int]) -> tuple[int, float]:
    """Two-stage MILP: max Σ_j min(reserve_j, locals at j); then, holding that, max total fit."""
    n_c, n_v = market.scores.shape
    pairs = np.argwhere(market.eligible())
    local = market.local()[pairs[:, 0], pairs[:, 1]]
    n_z = len(pairs)
    # variables: z_p (binary, pair p assigned), then r_j (integer, reserved openings of j met)
    a_cand = np.zeros((n_c, n_z + n_v))
    a_vac = np.zeros((n_v, n_z + n_v))
    a_met = np.zeros((n_v, n_z + n_v))  # r_j - Σ_{local p at j} z_p <= 0
    for p, (i, j) in enumerate(pairs):
        a_cand[i, p] = a_vac[j, p] = 1
        a_met[j, p] = -1.0 if local[p] else 0.0
    a_met[np.arange(n_v), n_z + np.arange(n_v)] = 1
    constraints = [
        LinearConstraint(a_cand, -np.inf, 1),
        LinearConstraint(a_vac, -np.inf, [v.openings for v in market.vacancies]),
        LinearConstraint(a_met, -np.inf, 0),
    ]
    bounds = Bounds(np.zeros(n_z + n_v), np.concatenate([np.ones(n_z), reserves]))
    integrality = np.ones(n_z + n_v)
    stage1 = milp(np.concatenate([np.zeros(n_z), -np.ones(n_v)]), constraints=constraints, bounds=bounds,
                  integrality=integrality)  # fmt: skip
    met = round(-stage1.fun)
    hold = LinearConstraint(np.concatenate([np.zeros(n_z), np.ones(n_v)])[None, :], met, np.inf)
    fit = market.scores[pairs[:, 0], pairs[:, 1]]
    stage2 = milp(np.concatenate([-fit, np.zeros(n_v)]), constraints=[*constraints, hold], bounds=bounds,
                  integrality=integrality)  # fmt: skip
    return met, float(-stage2.fun)


def candidate_prefs(market: Market, i: int) -> list[int]:
    """Vacancies candidate i finds acceptable, best first: score desc, then vacancy id."""
    ok = [j for j in range(len(market.vacancies)) if market.eligible()[i, j]]
    return sorted(ok, key=lambda j: (-market.scores[i, j], market.vacancies[j].id))


def vacancy_key(market: Market, j: int) -> Callable[[int], tuple[float, str]]:
    return lambda i: (-market.scores[i, j], market.candidates[i].id)


def hyy_choice(market: Market, j: int, applicants: set[int], reserve: int) -> set[int]:
    """Reserved openings to the best local applicants, the rest to the best of the others."""
    ranked = sorted(applicants, key=vacancy_key(market, j))
    local = market.local()
    chosen = [i for i in ranked if local[i, j]][:reserve]
    rest = [i for i in ranked if i not in chosen]
    return set(chosen) | set(rest[: market.vacancies[j].openings - len(chosen)])


def textbook_deferred_acceptance(market: Market, reserves: Sequence[int]) -> dict[str, str]:
    """Round by round: every free candidate proposes to its next choice; vacancies choose from scratch."""
    prefs = [candidate_prefs(market, i) for i in range(len(market.candidates))]
    next_choice = [0] * len(prefs)
    held: list[set[int]] = [set() for _ in market.vacancies]
    while True:
        held_anywhere = set().union(*held)
        proposers = [
            i for i in range(len(prefs)) if i not in held_anywhere and next_choice[i] < len(prefs[i])
        ]
        if not proposers:
            break
        for i in proposers:
            held[prefs[i][next_choice[i]]].add(i)
            next_choice[i] += 1
        held = [hyy_choice(market, j, h, reserves[j]) for j, h in enumerate(held)]
    return {market.candidates[i].id: market.vacancies[j].id for j, h in enumerate(held) for i in h}


def resident_optimal_matching(market: Market) -> dict[str, str]:
    """`matching`'s HospitalResident solved resident-optimal on the same preferences."""
    from matching.games import HospitalResident

    resident_prefs = {
        c.id: [market.vacancies[j].id for j in candidate_prefs(market, i)]
        for i, c in enumerate(market.candidates)
    }
    resident_prefs = {cid: p for cid, p in resident_prefs.items() if p}  # it needs non-empty lists
    hospital_prefs = {}
    for j, v in enumerate(market.vacancies):
        ok = [i for i in range(len(market.candidates)) if market.eligible()[i, j]]
        if ok:
            hospital_prefs[v.id] = [market.candidates[i].id for i in sorted(ok, key=vacancy_key(market, j))]
    if not resident_prefs:
        return {}
    capacities = {v.id: v.openings for v in market.vacancies if v.id in hospital_prefs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        result = game.solve(optimal="resident")
    return {r.name: h.name for h, residents in result.items() for r in residents}


# ---------------------------------------------------------------- optimal


@settings(max_examples=60, deadline=None)
@given(markets(quota=False))
def test_optimal_equals_linear_sum_assignment_on_slots(market: Market) -> None:
    plan = solve(market, "optimal")
    assert plan.exact
    assert plan.total_score == pytest.approx(lsa_total(market), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(markets())
def test_optimal_with_reserves_equals_lexicographic_milp(market: Market) -> None:
    plan = solve(market, "optimal")
    reserves = [plan.reserves[v.id] for v in market.vacancies]
    met, fit = lexicographic_milp(market, reserves)
    assert reserved_met(market, plan) == met
    assert plan.total_score == pytest.approx(fit, abs=1e-9)


def random_market(seed: int, n_c: int, n_v: int, local_quota: float | None) -> Market:
    rng = np.random.default_rng(seed)
    candidates = [
        Candidate(id=f"c{i}", ktp_region=LOCAL if rng.random() < 0.4 else OUTSIDE) for i in range(n_c)
    ]
    vacancies = [
        Vacancy(id=f"v{j}", employer=f"PT {j % 7}", openings=int(rng.integers(1, 4))) for j in range(n_v)
    ]
    scores = np.round(rng.random((n_c, n_v)), 3)
    return Market(candidates, vacancies, scores, 0.5, local_quota)


@pytest.mark.parametrize("local_quota", [None, 0.3])
def test_sparsified_optimal_is_certified_and_equals_the_full_lp(local_quota: float | None) -> None:
    market = random_market(7, 300, 40, local_quota)
    full = solve(market, "optimal")
    sparse = solve(market, "optimal", max_pairs_per_candidate=2, max_pairs_per_vacancy=2)
    assert "sparsified" in sparse.notes[0]
    assert sparse.exact, sparse.notes
    assert "certify" in sparse.notes[1]
    assert sparse.total_score == pytest.approx(full.total_score, abs=1e-6)
    assert reserved_met(market, sparse) == reserved_met(market, full)


def test_uncertified_sparse_result_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(placement_solvers, "MAX_CERTIFICATE_ROUNDS", 1)
    market = random_market(3, 300, 40, None)
    sparse = solve(market, "optimal", max_pairs_per_candidate=1, max_pairs_per_vacancy=1)
    assert not sparse.exact
    assert "not certified" in sparse.notes[1]
    assert sparse.total_score <= solve(market, "optimal").total_score + 1e-9


# ---------------------------------------------------------------- stable


@settings(max_examples=60, deadline=None)
@given(markets(quota=False))
def test_stable_equals_matching_resident_optimal(market: Market) -> None:
    plan = solve(market, "stable")
    assert {cid: vid for cid, vid, _ in plan.assignments} == resident_optimal_matching(market)


@settings(max_examples=60, deadline=None)
@given(markets())
def test_stable_with_reserves_equals_textbook_deferred_acceptance(market: Market) -> None:
    plan = solve(market, "stable")
    reserves = [plan.reserves[v.id] for v in market.vacancies]
    assert {cid: vid for cid, vid, _ in plan.assignments} == textbook_deferred_acceptance(market, reserves)
    # stable for the reserve-adjusted choice functions: no vacancy would take a candidate who prefers it
    x = as_matrix(market, plan)
    for i in range(len(market.candidates)):
        current = np.flatnonzero(x[i])
        for j in candidate_prefs(market, i):
            if current.size and j == current[0]:
                break
            assert i not in hyy_choice(market, j, set(np.flatnonzero(x[:, j])) | {i}, reserves[j])


def test_stable_runs_a_mid_sized_market_in_vectorised_steps() -> None:
    market = random_market(11, 3000, 150, 0.3)
    plan = solve(market, "stable")
    assert len(plan.assignments) == min(3000, sum(v.openings for v in market.vacancies))


# ---------------------------------------------------------------- both methods


@pytest.mark.parametrize("method", ["optimal", "stable"])
@settings(max_examples=40, deadline=None)
@given(market=markets())
def test_assignments_respect_openings_min_score_and_reserves(method: str, market: Market) -> None:
    plan = solve(market, method)
    x = as_matrix(market, plan)
    assert (x.sum(axis=1) <= 1).all()
    assert (x.sum(axis=0) <= [v.openings for v in market.vacancies]).all()
    assert (market.eligible()[x == 1]).all()
    score = {
        (c.id, v.id): market.scores[i, j]
        for i, c in enumerate(market.candidates)
        for j, v in enumerate(market.vacancies)
    }
    assert all(s == score[cid, vid] for cid, vid, s in plan.assignments)
    # no reserved opening stays unmet while a local who qualifies for that vacancy is unplaced
    unplaced = x.sum(axis=1) == 0
    locals_at = (x * market.local()).sum(axis=0)
    for j, v in enumerate(market.vacancies):
        if locals_at[j] < plan.reserves[v.id]:
            assert not (unplaced & market.local()[:, j] & market.eligible()[:, j]).any()
    # nobody qualified is left out while an acceptable vacancy has room
    room = x.sum(axis=0) < [v.openings for v in market.vacancies]
    assert not (unplaced[:, None] & market.eligible() & room[None, :]).any()


@pytest.mark.parametrize("method", ["optimal", "stable"])
@settings(max_examples=30, deadline=None)
@given(market=markets(), data=st.data())
def test_same_market_in_another_order_gives_the_same_placement(
    method: str, market: Market, data: st.DataObject
) -> None:
    rows = data.draw(st.permutations(range(len(market.candidates))))
    cols = data.draw(st.permutations(range(len(market.vacancies))))
    shuffled = Market(
        [market.candidates[i] for i in rows],
        [market.vacancies[j] for j in cols],
        market.scores[np.ix_(rows, cols)],
        market.min_score,
        market.local_quota,
    )
    assert sorted(solve(market, method).assignments) == sorted(solve(shuffled, method).assignments)


@pytest.mark.parametrize("method", ["optimal", "stable"])
@settings(max_examples=40, deadline=None)
@given(market=markets())
def test_summary_reconciles(method: str, market: Market) -> None:
    plan = solve(market, method)
    summary = plan.summary()
    n_openings = sum(v.openings for v in market.vacancies)
    assert summary.placed == len(plan.assignments)
    assert summary.placed + len(summary.unplaced) == len(market.candidates)
    assert sum(e.filled for e in summary.employers) == summary.placed
    assert sum(e.openings for e in summary.employers) == summary.openings == n_openings
    assert summary.unfilled_openings == n_openings - summary.placed
    assert (
        sum(e.reserve for e in summary.employers) == summary.reserved_openings == sum(plan.reserves.values())
    )
    assert summary.reserve_shortfall == summary.reserved_openings - reserved_met(market, plan)
    office_local = {c.id for c in market.candidates if c.is_local("32.16")}
    assert summary.local_placed == sum(cid in office_local for cid, _, _ in plan.assignments)
    qualified = {c.id for c, row in zip(market.candidates, market.eligible(), strict=True) if row.any()}
    for cid, reason in summary.unplaced:
        assert reason == (OUTRANKED if cid in qualified else NO_QUALIFYING_VACANCY)
    assert summary.target_share == market.local_quota


# ---------------------------------------------------------------- reserves


def vacancies(*spec: tuple[str, str, int]) -> list[Vacancy]:
    return [Vacancy(id=vid, employer=employer, openings=n) for vid, employer, n in spec]


def test_reserves_share_by_largest_remainder() -> None:
    # PT A: 10 openings, reserve ceil(0.3 × 10) = 3 (not 4: 0.3 is read as 3/10)
    # shares 1.5, 0.9, 0.6 → floors 1, 0, 0; two left for the largest remainders .9 and .6
    spec = vacancies(("a1", "PT A", 5), ("a2", "PT A", 3), ("a3", "PT A", 2), ("b1", "PT B", 7))
    assert local_reserves(spec, 0.3) == {"a1": 1, "a2": 1, "a3": 1, "b1": 3}


def test_reserve_ties_go_to_the_smaller_vacancy_id() -> None:
    spec = vacancies(("x2", "PT A", 1), ("x1", "PT A", 1), ("x3", "PT A", 1))
    assert local_reserves(spec, 0.5) == {"x1": 1, "x2": 1, "x3": 0}  # ceil(1.5) = 2


def test_one_vacancy_holds_the_whole_reserve_and_zero_quota_reserves_nothing() -> None:
    assert local_reserves(vacancies(("v", "PT A", 7)), 0.3) == {"v": 3}
    assert local_reserves(vacancies(("v", "PT A", 7)), 0.0) == {"v": 0}
    assert local_reserves(vacancies(("v", "PT A", 7)), 1.0) == {"v": 7}


def test_unmet_reserve_is_released_and_reported_as_shortfall() -> None:
    candidates = [Candidate(id=f"c{i}", ktp_region=OUTSIDE) for i in range(3)] + [
        Candidate(id="local", ktp_region=LOCAL)
    ]
    vacs = vacancies(("v1", "PT A", 3))
    scores = np.array([[0.9], [0.8], [0.7], [0.4]])  # the local does not qualify
    for method in ("optimal", "stable"):
        plan = place(candidates, vacs, scores, method=method, local_quota=0.6)  # type: ignore[arg-type]
        assert len(plan.assignments) == 3  # openings are never left empty to meet the quota
        (employer,) = plan.summary().employers
        assert (employer.reserve, employer.local, employer.shortfall) == (2, 0, 2)


def test_reserve_lets_a_weaker_local_in() -> None:
    candidates = [Candidate(id="a", ktp_region=OUTSIDE), Candidate(id="b", ktp_region=OUTSIDE),
                  Candidate(id="z", ktp_region=LOCAL)]  # fmt: skip
    scores = np.array([[0.9], [0.8], [0.6]])
    vacs = vacancies(("v1", "PT A", 2))
    for method in ("optimal", "stable"):
        without = place(candidates, vacs, scores, method=method)  # type: ignore[arg-type]
        with_ = place(candidates, vacs, scores, method=method, local_quota=0.3)  # type: ignore[arg-type]
        assert {c for c, _, _ in without.assignments} == {"a", "b"}
        assert {c for c, _, _ in with_.assignments} == {"a", "z"}


# ---------------------------------------------------------------- summary text and tables


def test_summary_reads_like_the_office_statement() -> None:
    summary = PlacementSummary(placed=50_637, local_placed=16_838, target_count=12_000)
    assert str(summary).splitlines()[0] == "50,637 placed, 16,838 local (33%), target 12,000"
    assert summary.target_met
    assert (
        PlacementSummary(placed=10, local_placed=2, target_share=0.3)
        .text()
        .startswith("10 placed, 2 local (20%), target 30%")
    )


def test_summary_target_as_count_or_share() -> None:
    market = random_market(5, 40, 6, 0.3)
    plan = solve(market, "optimal")
    assert plan.summary(target=12_000).target_count == 12_000
    assert plan.summary(target=0.6).target_share == 0.6
    assert plan.summary().target_share == 0.3
    with pytest.raises(KerjaMatchError, match=r"target must be a count .* got 1\.5"):
        plan.summary(target=1.5)


def test_tables_need_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    market = random_market(5, 40, 6, 0.3)
    plan = solve(market, "stable")
    frame = plan.to_frame()
    assert list(frame.columns) == ["candidate_id", "vacancy_id", "employer", "score", "local"]
    assert len(frame) == len(plan.assignments)
    assert plan.summary().to_frame()["filled"].sum() == len(plan.assignments)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r'pip install "kerja-match\[pandas\]"'):
        plan.to_frame()


# ---------------------------------------------------------------- scorers


class LookupScorer:
    """A duck-typed scorer: scores from a table, fitted on a list of vacancies."""

    def __init__(self, table: dict[tuple[str, str], float]) -> None:
        self.table = table

    def fit(self, vacancies: Sequence[Vacancy]) -> LookupScorer:
        self.vacancy_ids_ = [v.id for v in vacancies]
        return self

    def score_matrix(self, candidates: Sequence[Candidate]) -> np.ndarray:
        return np.array(
            [[self.table.get((c.id, vid), 0.0) for vid in self.vacancy_ids_] for c in candidates],
            dtype=np.float32,
        ).reshape(len(candidates), len(self.vacancy_ids_))


def test_scorer_is_used_in_its_own_vacancy_order() -> None:
    market = random_market(9, 30, 5, 0.3)
    table = {
        (c.id, v.id): market.scores[i, j]
        for i, c in enumerate(market.candidates)
        for j, v in enumerate(market.vacancies)
    }
    extra = Vacancy(id="elsewhere", employer="PT X")
    scorer = LookupScorer(table).fit([extra, *reversed(market.vacancies)])
    by_scorer = place(market.candidates, market.vacancies, scorer, local_quota=0.3)
    by_array = place(market.candidates, market.vacancies, market.scores.astype(np.float32), local_quota=0.3)
    assert by_scorer.assignments == by_array.assignments


def test_unfitted_or_foreign_scorer_is_refused() -> None:
    market = random_market(9, 5, 2, None)
    with pytest.raises(
        NotFittedError, match=r"LookupScorer is not fitted: call LookupScorer\.fit\(vacancies\)"
    ):
        place(market.candidates, market.vacancies, LookupScorer({}))
    foreign = LookupScorer({}).fit([Vacancy(id="v0", employer="PT X")])
    with pytest.raises(
        KerjaMatchError, match=r"fitted on other vacancies: 1 of these are unknown to it \(e\.g\. \['v1'\]\)"
    ):
        place(market.candidates, market.vacancies, foreign)


# ---------------------------------------------------------------- errors


def test_bad_options_are_named() -> None:
    market = random_market(1, 4, 2, None)
    args = (market.candidates, market.vacancies, market.scores)
    cases = [
        (
            {"method": "greedy"},
            "The 'method' parameter of place must be 'optimal' or 'stable'. Got 'greedy' instead.",
        ),
        (
            {"min_score": 1.5},
            "The 'min_score' parameter of place must be a number in [0, 1]. Got 1.5 instead.",
        ),
        (
            {"local_quota": -0.1},
            "The 'local_quota' parameter of place must be a number in [0, 1] or None. Got -0.1 instead.",
        ),
        (
            {"local_region": "bekasi"},
            "The 'local_region' parameter of place must be a region code such as '32.16'. Got 'bekasi' instead.",
        ),
        (
            {"max_pairs_per_candidate": 0},
            "The 'max_pairs_per_candidate' parameter of place must be an int >= 1 or None. Got 0 instead.",
        ),
        (
            {"method": "stable", "max_pairs_per_candidate": 5},
            "max_pairs_per_candidate: applies to method='optimal' only",
        ),
    ]
    for options, message in cases:
        with pytest.raises(ValidationProblems, match=re.escape(message)):
            place(*args, **options)  # type: ignore[arg-type]
    with pytest.raises(ValidationProblems) as raised:
        place(*args, method="greedy", min_score=2, local_region="x")  # type: ignore[arg-type]
    assert [p.field for p in raised.value.problems] == ["method", "min_score", "local_region"]
    with pytest.raises(ValidationProblems, match=re.escape("The 'local_quota' parameter of local_reserves")):
        local_reserves(market.vacancies, 1.5)


def test_bad_scores_are_named() -> None:
    market = random_market(1, 3, 2, None)
    with pytest.raises(
        KerjaMatchError, match=r"scores must have shape \(3, 2\) \(candidates × vacancies\), got \(2, 3\)"
    ):
        place(market.candidates, market.vacancies, market.scores.T)
    bad = market.scores.copy()
    bad[1, 0], bad[2, 1] = np.nan, 1.2
    with pytest.raises(
        KerjaMatchError,
        match=r"2 are not: candidate 'c1' × vacancy 'v0' = nan, candidate 'c2' × vacancy 'v1' = 1\.2",
    ):
        place(market.candidates, market.vacancies, bad)
    with pytest.raises(KerjaMatchError, match=r"must be an ndarray .* got list"):
        place(market.candidates, market.vacancies, market.scores.tolist())


def test_duplicate_ids_are_reported_all_at_once() -> None:
    candidates = [Candidate(id="c1"), Candidate(id="c1"), Candidate(id="c2"), Candidate(id="c2")]
    with pytest.raises(ValidationProblems, match=r"2 problem\(s\)[\s\S]*duplicate id"):
        place(candidates, vacancies(("v", "PT A", 1)), np.zeros((4, 1)))


def test_empty_market() -> None:
    plan = place([], vacancies(("v", "PT A", 2)), np.zeros((0, 1)))
    assert plan.assignments == []
    assert plan.summary().unfilled == (("v", 2),)


def test_real_fit_scorer_gives_what_its_score_matrix_gives() -> None:
    from kerja_match.datasets import default_taxonomy
    from kerja_match.models import SkillClaim, SkillRequirement
    from kerja_match.scoring import FitScorer

    skills = ["mesin bubut", "alat ukur", "las smaw", "instalasi listrik"]
    candidates = [
        Candidate(
            id=f"c{i}",
            skills=[SkillClaim(skill=skills[i % 4], level=1 + i % 3)],
            ktp_region=LOCAL if i % 3 == 0 else OUTSIDE,
            domicile="32.16.09",
        )
        for i in range(14)
    ]
    vacs = [
        Vacancy(id=f"v{j}", employer=f"PT {j % 2}", openings=2, location="32.16.05",
                requirements=[SkillRequirement(skill=skills[j], level=2)])
        for j in range(4)
    ]  # fmt: skip
    scorer = FitScorer(taxonomy=default_taxonomy(), weights={"required_policy": "gate"}).fit(vacs)
    scores = scorer.score_matrix(candidates)
    assert (scores == 0).any()  # some pairs fail the scorer's gate
    for method in ("optimal", "stable"):
        by_scorer = place(candidates, vacs, scorer, method=method, min_score=0.3, local_quota=0.3)  # type: ignore[arg-type]
        by_array = place(candidates, vacs, scores, method=method, min_score=0.3, local_quota=0.3)  # type: ignore[arg-type]
        assert by_scorer.assignments == by_array.assignments
        assert by_scorer.assignments  # the market is not empty
        assert all(score > 0 for _, _, score in by_scorer.assignments)


@pytest.mark.parametrize("method", ["optimal", "stable"])
def test_no_vacancies_leaves_everyone_unplaced_with_a_reason(method: str) -> None:
    candidates = [Candidate(id="c1"), Candidate(id="c2")]
    plan = place(candidates, [], np.zeros((2, 0)), method=method)  # type: ignore[arg-type]
    assert plan.assignments == []
    assert plan.summary().unplaced == (("c1", NO_QUALIFYING_VACANCY), ("c2", NO_QUALIFYING_VACANCY))
