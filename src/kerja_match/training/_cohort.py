"""The cohort planner behind ``CourseRecommender.plan_training``: who takes which course.

It starts from one placement (``place()``'s when given, else a maximum placement made here) and
plans training for the people that placement left out, towards the openings it left. Everything is laid out in id order (people
and vacancies sorted by id, the scorer's columns permuted to match), so ties fall by id and the plan
never depends on the order of the input rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np
from scipy import sparse

from ..errors import KerjaMatchError
from ..models import Candidate, Course, Vacancy
from ._catalogue import CatalogueIndex
from ._gaps import common_local_region
from ._plans import CohortPlan, GroupEffect, Trainee, taught_claims, with_claims
from ._solvers import CohortOptions, exact_cohort, greedy_cohort, max_placements

if TYPE_CHECKING:
    from ..scoring import FitScorer

#: "auto" solves the cohort exactly (MILP) up to this many options and (option, vacancy) pairs.
MILP_MAX_OPTIONS, MILP_MAX_PAIRS = 2_000, 20_000


def _holds(claims: dict[str, int], course: Course) -> bool:
    """Whether the candidate already claims everything ``course`` teaches, at its level."""
    return all(claims.get(t.skill, 0) >= t.level for t in course.teaches)


class _Market:
    """People and vacancies in id order, scored by ``scorer`` with its columns permuted to match."""

    def __init__(self, people: list[Candidate], jobs: list[Vacancy], scorer: FitScorer) -> None:
        self.people = sorted(people, key=lambda c: c.id)
        self.jobs = sorted(jobs, key=lambda v: v.id)
        column = {vid: k for k, vid in enumerate(scorer.vacancy_ids_)}
        self.columns = np.array([column[v.id] for v in self.jobs], dtype=np.intp)
        self.scorer = scorer
        concept_ids = scorer.resolver_.concept_ids
        self.asked = [
            {concept_ids[r.concept] for r in scorer.encoded_[k].requirements if r.concept >= 0}
            for k in self.columns.tolist()
        ]

    def scores(self, people: list[Candidate]) -> np.ndarray:
        return np.asarray(self.scorer.score_matrix(people))[:, self.columns]


class PlacementLike(Protocol):
    """What the cohort planner reads of a placement (``kerja_match.placement.Placement``)."""

    @property
    def assignments(self) -> Sequence[tuple[str, str, float]]: ...
    @property
    def vacancies(self) -> Sequence[Vacancy]: ...
    @property
    def method(self) -> str: ...
    @property
    def min_score(self) -> float: ...
    @property
    def local_quota(self) -> float | None: ...
    @property
    def local_region(self) -> str: ...


class _Baseline(NamedTuple):
    """Who is placed before training: candidate id -> vacancy id, the local region, and in words."""

    placed: dict[str, str]
    local_region: str
    described: str


def _baseline(
    market: _Market, eligible: np.ndarray, placement: PlacementLike | None, threshold: float
) -> _Baseline:
    """The placement training starts from: the one given (checked against the market), or a maximum
    placement of the eligible pairs (exact, a maximum flow; no local quota)."""
    if placement is None:
        openings = np.array([v.openings for v in market.jobs], dtype=np.int64)
        assigned = max_placements(sparse.csr_matrix(eligible), openings)
        placed = {market.people[i].id: market.jobs[j].id for i, j in enumerate(assigned.tolist()) if j >= 0}
        described = "a maximum placement of the eligible pairs, no local quota (pass placement= to start from place()'s)"
        return _Baseline(placed, common_local_region(market.jobs), described)
    if {v.id for v in placement.vacancies} != {v.id for v in market.jobs}:
        raise KerjaMatchError(
            "plan_training: the placement given was made for other vacancies than those given"
        )
    people = {c.id for c in market.people}
    strangers = sorted({cid for cid, _, _ in placement.assignments} - people)
    if strangers:
        raise KerjaMatchError(
            f"plan_training: the placement places {strangers[0]!r}, not one of the candidates given"
        )
    if abs(placement.min_score - threshold) > 1e-12:
        raise KerjaMatchError(
            f"plan_training: the placement was made with min_score {placement.min_score:g} but the recommender's "
            f"threshold is {threshold:g}; one market needs one eligibility rule"
        )
    quota = "" if placement.local_quota is None else f", local quota {placement.local_quota:.0%}"
    described = f"the placement given ({placement.method}, min score {placement.min_score:g}{quota})"
    return _Baseline({cid: vid for cid, vid, _ in placement.assignments}, placement.local_region, described)


def build_cohort_plan(
    index: CatalogueIndex,
    people: list[Candidate],
    jobs: list[Vacancy],
    scorer: FitScorer,
    capacity: np.ndarray,
    *,
    threshold: float,
    placement: PlacementLike | None,
    policy: str,
    method: str,
    group_by: str | Callable[[Vacancy], str],
) -> CohortPlan:
    market = _Market(people, jobs, scorer)
    people, jobs = market.people, market.jobs
    n, m = len(people), len(jobs)
    eligible = market.scores(people) >= threshold
    baseline = _baseline(market, eligible, placement, threshold)
    placed = np.array([c.id in baseline.placed for c in people], dtype=bool)
    filled = Counter(baseline.placed.values())
    openings = np.array([v.openings for v in jobs], dtype=np.int64)
    residual = np.maximum(openings - np.array([filled[v.id] for v in jobs], dtype=np.int64), 0)
    local = np.array([c.is_local(baseline.local_region) for c in people], dtype=bool)
    options, unlocks_all = _cohort_options(index, market, eligible, placed, residual, threshold)
    n_opt = options.candidate.size
    if method == "auto":
        small = n_opt <= MILP_MAX_OPTIONS and options.unlocks.nnz <= MILP_MAX_PAIRS
        method = "milp" if small else "greedy"
    is_local = local[options.candidate]
    if method == "milp":
        bonus = np.where(is_local & (policy == "local_first"), 1.0 / (2.0 * (n_opt + 1)), 0.0)
        taken, fills = exact_cohort(options, capacity, residual, bonus)
    else:
        hours = np.asarray(options.courses @ index.hours).ravel()
        first = ~is_local if policy == "local_first" else np.zeros(n_opt, dtype=bool)
        order = np.lexsort((np.arange(n_opt), hours, first))  # options are in candidate id order
        taken, fills = greedy_cohort(options, order, capacity, residual)
    after = eligible.copy()
    for o in taken.tolist():
        after[options.candidate[o]] |= unlocks_all[o].toarray().ravel()
    trainee = options.candidate[taken]
    assignments = sorted(
        Trainee(
            people[i].id, tuple(c.id for c in index.ordered(options.courses[o].indices.tolist())), jobs[v].id
        )
        for o, i, v in zip(taken.tolist(), trainee.tolist(), fills.tolist(), strict=True)
    )
    used = np.asarray(options.courses[taken].sum(axis=0)).ravel().astype(np.int64)
    before, local_before = len(baseline.placed), int((placed & local).sum())
    return CohortPlan(
        assignments=tuple(assignments),
        seats={c.id: int(capacity[j]) for j, c in enumerate(index.courses)},
        seats_used={c.id: int(used[j]) for j, c in enumerate(index.courses)},
        placements_before=before,
        placements_after=before + int(taken.size),
        local_placements_before=local_before,
        local_placements_after=local_before + int(local[trainee].sum()),
        trainees_local=int(local[trainee].sum()),
        effect=_effect_rows(jobs, eligible, after, local, openings, group_by),
        method=method,
        policy=policy,
        threshold=threshold,
        n_candidates=n,
        n_vacancies=m,
        openings=int(openings.sum()),
        openings_left=int(residual.sum()),
        baseline=baseline.described,
    )


def _cohort_options(
    index: CatalogueIndex,
    market: _Market,
    eligible: np.ndarray,
    placed: np.ndarray,
    residual: np.ndarray,
    threshold: float,
) -> tuple[CohortOptions, sparse.csr_matrix]:
    """One option per (unplaced candidate, target course that teaches something a vacancy with
    openings left asks for): the course with the prerequisites the candidate does not already hold."""
    people = market.people
    open_mask = residual > 0
    asked = set().union(*(market.asked[v] for v in np.flatnonzero(open_mask).tolist()))
    targets = [j for j, closes in enumerate(index.closes) if asked.intersection(closes)]
    cand: list[int] = []
    programmes: list[list[int]] = []
    unlock_blocks: list[sparse.csr_matrix] = []
    unplaced = np.flatnonzero(~placed).tolist()
    claims = {i: {c.skill: c.level for c in (*people[i].skills, *people[i].soft_skills)} for i in unplaced}
    for j in targets:
        rows, copies, progs = [], [], []
        for i in unplaced:
            programme = [p for p in sorted(index.closure[j]) if not _holds(claims[i], index.courses[p])]
            if j not in programme:
                continue
            rows.append(i)
            progs.append(programme)
            courses = [index.courses[p] for p in programme]
            copies.append(with_claims(people[i], taught_claims(courses), index.taxonomy))
        if not rows:
            continue
        newly = (market.scores(copies) >= threshold) & ~eligible[rows]
        useful = (newly & open_mask).any(axis=1)
        keep = np.flatnonzero(useful).tolist()
        cand += [rows[k] for k in keep]
        programmes += [progs[k] for k in keep]
        unlock_blocks.append(sparse.csr_matrix(newly[useful]))
    n_courses, m = len(index), len(market.jobs)
    unlocks_all = (
        sparse.vstack(unlock_blocks, format="csr") if unlock_blocks else sparse.csr_matrix((0, m), dtype=bool)
    )
    member = sparse.csr_matrix(
        (np.ones(sum(map(len, programmes)), dtype=bool),
         (np.repeat(np.arange(len(programmes)), [len(p) for p in programmes]), [j for p in programmes for j in p])),
        shape=(len(programmes), n_courses),
    )  # fmt: skip
    unlocks = sparse.csr_matrix(unlocks_all.multiply(open_mask[None, :]), dtype=bool)
    order = np.lexsort((np.arange(len(cand)), np.asarray(cand, dtype=np.int64)))  # by candidate, stable
    options = CohortOptions(np.asarray(cand, dtype=np.int64)[order], member[order], unlocks[order])
    return options, unlocks_all[order]


def _effect_rows(
    jobs: list[Vacancy],
    before: np.ndarray,
    after: np.ndarray,
    local: np.ndarray,
    openings: np.ndarray,
    group_by: str | Callable[[Vacancy], str],
) -> tuple[GroupEffect, ...]:
    """Per vacancy group: openings and candidates eligible for at least one of its vacancies."""
    if group_by == "title":
        names = [v.title or v.id for v in jobs]
    elif group_by == "sector":
        names = [v.sector or "(no sector)" for v in jobs]
    elif callable(group_by):
        names = [str(group_by(v)) for v in jobs]
    else:
        raise KerjaMatchError(f"group_by must be 'title', 'sector' or a callable, got {group_by!r}")
    groups = sorted(set(names))
    column = {g: k for k, g in enumerate(groups)}
    member = sparse.csr_matrix(
        (np.ones(len(jobs)), (np.arange(len(jobs)), [column[g] for g in names])),
        shape=(len(jobs), len(groups)),
    )
    counts = {}
    for name, matrix in (("before", before), ("after", after)):
        reach = (sparse.csr_matrix(matrix, dtype=np.float64) @ member) > 0
        counts[name] = np.asarray(reach.sum(axis=0)).ravel()
        counts[name + "_local"] = np.asarray(reach[local].sum(axis=0)).ravel()
    group_openings = np.asarray(member.T @ openings).ravel()
    return tuple(
        GroupEffect(
            group=g,
            openings=int(group_openings[k]),
            eligible_before=int(counts["before"][k]),
            eligible_after=int(counts["after"][k]),
            eligible_local_before=int(counts["before_local"][k]),
            eligible_local_after=int(counts["after_local"][k]),
        )
        for k, g in enumerate(groups)
    )
