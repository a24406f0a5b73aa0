"""Exact and greedy optimisation behind CourseRecommender, on plain arrays (no records, no scorer).

Courses are indexed 0..n-1 in the catalogue's id order; ``closure[j]`` is the set of courses that must
be taken with course ``j`` (its prerequisites, transitively, and ``j`` itself). A gap is a row of a
boolean ``covers`` matrix (gaps × courses): ``covers[g, j]`` when course ``j`` closes gap ``g``.

Ties are broken by one stated rule everywhere: lowest cost, then fewest courses, then the smallest
sum of catalogue positions (courses earlier in id order are preferred); the exhaustive search breaks
any tie left by the lexicographically smallest set of positions.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import maximum_flow

from ..errors import KerjaMatchError

#: Largest number of relevant courses searched exhaustively (2**n subsets); beyond it, a MILP.
EXHAUSTIVE_LIMIT = 14
_TOL = 1e-9

BoolMatrix = NDArray[np.bool_]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def prerequisite_closure(prerequisites: Sequence[Sequence[int]]) -> list[frozenset[int]]:
    """For each course, itself and every course it needs first (transitively); the graph is acyclic."""
    memo: dict[int, frozenset[int]] = {}
    for start in range(len(prerequisites)):
        stack = [start]
        while stack:
            node = stack[-1]
            waiting = [p for p in prerequisites[node] if p not in memo]
            if waiting:
                stack.extend(waiting)
                continue
            memo[node] = frozenset({node}).union(*(memo[p] for p in prerequisites[node]))
            stack.pop()
    return [memo[j] for j in range(len(prerequisites))]


def topological_order(selected: Sequence[int], prerequisites: Sequence[Sequence[int]]) -> list[int]:
    """``selected`` ordered so that prerequisites come first; ties by catalogue position (Kahn)."""
    chosen = set(selected)
    waiting = {j: {p for p in prerequisites[j] if p in chosen} for j in chosen}
    ready = [j for j, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        j = heapq.heappop(ready)
        order.append(j)
        for k, needs in waiting.items():
            if j in needs:
                needs.discard(j)
                if not needs:
                    heapq.heappush(ready, k)
    return order


def _relevant(covers: BoolMatrix, closure: Sequence[frozenset[int]]) -> list[int]:
    """Courses that close some gap, with everything they need first."""
    direct = np.flatnonzero(covers.any(axis=0)).tolist()
    return sorted(set().union(*(closure[j] for j in direct))) if direct else []


def _tie_weights(positions: Sequence[int], n_courses: int) -> FloatArray:
    """count·n² + position: minimising it prefers fewer courses, then smaller position sums."""
    return np.asarray(positions, dtype=np.float64) + float(n_courses * n_courses)


def _precedence_rows(
    columns: Sequence[int], closure: Sequence[frozenset[int]], n_vars: int
) -> sparse.csr_matrix:
    """Rows x_p - x_c >= 0 for every course c among ``columns`` and each p it needs first."""
    where = {j: k for k, j in enumerate(columns)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for k, j in enumerate(columns):
        for p in sorted(closure[j] - {j}):
            r = len(rows) // 2
            rows += [r, r]
            cols += [where[p], k]
            vals += [1.0, -1.0]
    n_rows = len(rows) // 2
    return sparse.csr_matrix((vals, (rows, cols)), shape=(n_rows, n_vars))


def _solve(c: FloatArray, rows: list[tuple[sparse.spmatrix, float, float]], n_vars: int) -> FloatArray:
    """A 0/1 MILP (HiGHS); every variable binary."""
    constraints = [LinearConstraint(a, lb, ub) for a, lb, ub in rows if a.shape[0]]
    result = milp(c, integrality=np.ones(n_vars), bounds=Bounds(0, 1), constraints=constraints)
    if result.x is None:  # pragma: no cover - the models here are always feasible
        raise KerjaMatchError(f"course optimisation failed: {result.message}")
    return np.round(result.x)


def min_cost_cover(
    covers: BoolMatrix,
    cost: FloatArray,
    closure: Sequence[frozenset[int]],
    *,
    method: str = "auto",
) -> list[int]:
    """The cheapest prerequisite-closed set of courses that closes every gap (row) of ``covers``.

    Every row must be closable by some course (split off unreachable gaps first). Returns course
    positions, sorted. ``method``: "exhaustive" (all subsets of the relevant courses), "milp"
    (scipy.optimize.milp / HiGHS) or "auto" (exhaustive up to EXHAUSTIVE_LIMIT relevant courses).
    """
    if method not in ("auto", "exhaustive", "milp"):
        raise KerjaMatchError(f"method must be 'auto', 'exhaustive' or 'milp', got {method!r}")
    if covers.shape[0] and not covers.any(axis=1).all():
        raise KerjaMatchError("min_cost_cover: every gap must be closable by some course")
    relevant = _relevant(covers, closure)
    if not relevant:
        return []
    if method == "exhaustive" or (method == "auto" and len(relevant) <= EXHAUSTIVE_LIMIT):
        return _cover_exhaustive(covers, cost, closure, relevant)
    return _cover_milp(covers, cost, closure, relevant)


def _subset_masks(relevant: Sequence[int], closure: Sequence[frozenset[int]]) -> tuple[IntArray, BoolMatrix]:
    """All prerequisite-closed subsets of ``relevant`` as bit masks and as a (subsets × courses) table."""
    n = len(relevant)
    where = {j: k for k, j in enumerate(relevant)}
    masks = np.arange(1 << n, dtype=np.int64)
    member = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    closed = np.ones(masks.size, dtype=bool)
    for k, j in enumerate(relevant):
        need = sum(1 << where[p] for p in closure[j])
        closed &= ~member[:, k] | ((masks & need) == need)
    return masks[closed], member[closed]


def _cover_exhaustive(
    covers: BoolMatrix, cost: FloatArray, closure: Sequence[frozenset[int]], relevant: list[int]
) -> list[int]:
    _, member = _subset_masks(relevant, closure)
    sub = covers[:, relevant]
    closes_all = ((member.astype(np.int64) @ sub.T.astype(np.int64)) > 0).all(axis=1)
    return _best_subset(member[closes_all], cost[relevant], relevant)


def _best_subset(member: BoolMatrix, cost: FloatArray, relevant: list[int]) -> list[int]:
    """The subset row that wins under the tie rule (cost, count, position sum, lexicographic)."""
    totals = member @ cost
    best = totals.min()
    keep = member[totals <= best + _TOL * max(1.0, abs(best))]
    counts = keep.sum(axis=1)
    keep = keep[counts == counts.min()]
    sums = keep @ np.asarray(relevant, dtype=np.int64)
    keep = keep[sums == sums.min()]
    chosen = min(tuple(np.asarray(relevant)[row].tolist()) for row in keep)
    return list(chosen)


def _cover_milp(
    covers: BoolMatrix, cost: FloatArray, closure: Sequence[frozenset[int]], relevant: list[int]
) -> list[int]:
    n = len(relevant)
    sub = sparse.csr_matrix(covers[:, relevant].astype(np.float64))
    rows = [(sub, 1.0, np.inf), (_precedence_rows(relevant, closure, n), 0.0, np.inf)]
    x = _solve(cost[relevant], rows, n)
    best = float(cost[relevant] @ x)
    bound = best + _TOL * max(1.0, abs(best))
    cost_row = sparse.csr_matrix(cost[relevant][None, :])
    x = _solve(_tie_weights(relevant, covers.shape[1]), [*rows, (cost_row, -np.inf, bound)], n)
    return [j for j, on in zip(relevant, x, strict=True) if on]


@dataclass(frozen=True)
class ReachPlan:
    """Result of ``max_openings_plan``: the courses and the vacancies they make reachable."""

    courses: list[int]
    reached: list[int]
    openings: int


def max_openings_plan(
    covers: BoolMatrix,
    cost: FloatArray,
    closure: Sequence[frozenset[int]],
    vacancy_gaps: Sequence[Sequence[int] | None],
    openings: Sequence[int],
    budget: float | None,
) -> ReachPlan:
    """Courses within ``budget`` that reach the most openings: a MILP over courses × vacancies.

    ``vacancy_gaps[v]`` are the gap rows that must all be closed for vacancy ``v`` to count (empty:
    reached already; None: out of reach whatever is taken). Maximises reached openings, then
    minimises cost, then applies the module's tie rule. Constraints: y_v <= sum of x_c over courses
    closing each of its gaps; x_p >= x_c for prerequisites; sum of cost·x <= budget.
    """
    n_courses = covers.shape[1]
    usable = [v for v, gaps in enumerate(vacancy_gaps) if gaps is not None]
    wanted = sorted({g for v in usable for g in vacancy_gaps[v] or ()})
    relevant = _relevant(covers[wanted], closure) if wanted else []
    n, m = len(relevant), len(usable)
    n_vars = n + m
    where = {j: k for k, j in enumerate(relevant)}
    rows_i: list[int] = []
    cols_i: list[int] = []
    vals: list[float] = []
    # one row per (vacancy, gap): y_v - sum_{c closes g} x_c <= 0
    row = 0
    for y, v in enumerate(usable):
        for g in vacancy_gaps[v] or ():
            closers = [where[j] for j in np.flatnonzero(covers[g]).tolist() if j in where]
            rows_i += [row] * (len(closers) + 1)
            cols_i += [*closers, n + y]
            vals += [-1.0] * len(closers) + [1.0]
            row += 1
    link = sparse.csr_matrix((vals, (rows_i, cols_i)), shape=(row, n_vars))
    precedence = _precedence_rows(relevant, closure, n_vars)
    cost_row = sparse.csr_matrix(np.concatenate([cost[relevant], np.zeros(m)])[None, :])
    rows = [(link, -np.inf, 0.0), (precedence, 0.0, np.inf)]
    if budget is not None:
        rows.append((cost_row, -np.inf, float(budget) + _TOL * max(1.0, abs(float(budget)))))
    weight = np.concatenate([np.zeros(n), np.asarray([openings[v] for v in usable], dtype=np.float64)])
    if n_vars == 0:
        return ReachPlan([], [], 0)
    x = _solve(-weight, rows, n_vars)
    reached_openings = round(float(weight @ x))
    rows.append((sparse.csr_matrix(weight[None, :]), reached_openings - 0.5, np.inf))
    x = _solve(cost_row.toarray().ravel(), rows, n_vars)
    best = float((cost_row @ x)[0])
    rows.append((cost_row, -np.inf, best + _TOL * max(1.0, abs(best))))
    tie = np.concatenate([_tie_weights(relevant, n_courses), np.zeros(m)])
    x = _solve(tie, rows, n_vars)
    courses = [j for k, j in enumerate(relevant) if x[k]]
    # A vacancy counts when its gaps are closed by the chosen courses (y may be 0 by indifference).
    taken = np.zeros(n_courses, dtype=bool)
    taken[courses] = True
    reached = [v for v in usable if all(covers[g, taken].any() for g in vacancy_gaps[v] or ())]
    return ReachPlan(courses, reached, int(sum(openings[v] for v in reached)))


def max_placements(eligible: sparse.csr_matrix, openings: IntArray) -> IntArray:
    """A maximum placement: each candidate at most one vacancy, each vacancy at most its openings.

    ``eligible`` is a boolean sparse matrix (n_candidates, n_vacancies). Returns, per candidate, the
    vacancy index or -1. Solved exactly as a maximum flow (scipy.sparse.csgraph.maximum_flow).
    """
    n, m = eligible.shape
    pairs = sparse.coo_matrix(eligible)
    source, sink = n + m, n + m + 1
    heads = np.concatenate([np.full(n, source), pairs.row, n + np.arange(m)])
    tails = np.concatenate([np.arange(n), n + pairs.col, np.full(m, sink)])
    caps = np.concatenate([np.ones(n + pairs.nnz), np.asarray(openings)]).astype(np.int32)
    graph = sparse.csr_matrix((caps, (heads, tails)), shape=(n + m + 2, n + m + 2))
    flow = maximum_flow(graph, source, sink).flow
    assigned = np.full(n, -1, dtype=np.int64)
    used = sparse.coo_matrix(flow[:n, n : n + m])
    positive = used.data > 0
    assigned[used.row[positive]] = used.col[positive]
    return assigned


@dataclass(frozen=True)
class CohortOptions:
    """What each (candidate, programme) option would do: the raw material of a cohort plan.

    ``candidate[o]`` is the candidate of option ``o``; ``courses`` (options × courses, boolean) the
    courses it takes (a target course and its missing prerequisites), each using one seat;
    ``unlocks`` (options × vacancies, boolean) the vacancies with openings left that the trained
    candidate would be eligible for.
    """

    candidate: IntArray
    courses: sparse.csr_matrix
    unlocks: sparse.csr_matrix


def greedy_cohort(
    options: CohortOptions, order: IntArray, seats: IntArray, residual: IntArray
) -> tuple[IntArray, IntArray]:
    """Take options in ``order`` while the candidate is free, seats remain and an opening waits.

    Each taken option fills one opening: among those it unlocks, the one with the most openings
    left per option that could fill it (scarce openings for the few who can fill them), ties by
    index. The result is maximal (no option can be added), hence at least 1/(2 + L) of the optimum,
    L the longest programme: each taken option uses one candidate, one opening and at most L seats,
    and each optimal option left out was blocked by one such resource that the plan used up.
    Returns the taken options and the vacancy each fills.
    """
    seats_left = np.asarray(seats, dtype=np.int64).copy()
    open_left = np.asarray(residual, dtype=np.int64).copy()
    pressure = np.maximum(np.asarray(options.unlocks.sum(axis=0)).ravel(), 1).astype(np.float64)
    busy = np.zeros(int(options.candidate.max(initial=-1)) + 1, dtype=bool)
    courses, unlocks = options.courses, options.unlocks
    taken: list[int] = []
    filled: list[int] = []
    for o in order.tolist():
        person = options.candidate[o]
        if busy[person]:
            continue
        programme = courses.indices[courses.indptr[o] : courses.indptr[o + 1]]
        if (seats_left[programme] < 1).any():
            continue
        reachable = unlocks.indices[unlocks.indptr[o] : unlocks.indptr[o + 1]]
        reachable = reachable[open_left[reachable] > 0]
        if reachable.size == 0:
            continue
        ratio = open_left[reachable] / pressure[reachable]
        best = reachable[ratio == ratio.max()].min()
        busy[person] = True
        seats_left[programme] -= 1
        open_left[best] -= 1
        taken.append(o)
        filled.append(int(best))
    return np.asarray(taken, dtype=np.int64), np.asarray(filled, dtype=np.int64)


def exact_cohort(
    options: CohortOptions, seats: IntArray, residual: IntArray, bonus: FloatArray
) -> tuple[IntArray, IntArray]:
    """The cohort plan with the most placements (MILP, exact); among those the largest ``bonus`` sum.

    Variables: t_o (take option o) and y_ov (o fills an opening of v, for v it unlocks). Constraints:
    one option per candidate, seats per course, sum_v y_ov <= t_o, sum_o y_ov <= residual_v.
    ``bonus`` (each < 1 / (2 · n_options)) breaks ties, e.g. towards local candidates; a tiny cost per
    trainee keeps people out of courses that place no one.
    """
    n_opt = options.candidate.size
    pairs = sparse.coo_matrix(options.unlocks)
    n_pairs = pairs.nnz
    if n_opt == 0:  # nobody to train: scipy's milp refuses an empty problem
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    n_vars = n_opt + n_pairs
    n_people = int(options.candidate.max(initial=-1)) + 1
    pair_ids = np.arange(n_pairs)
    one_each = sparse.csr_matrix(
        (np.ones(n_opt), (options.candidate, np.arange(n_opt))), shape=(n_people, n_vars)
    )
    seat_rows = sparse.hstack(
        [options.courses.T.astype(np.float64), sparse.csr_matrix((options.courses.shape[1], n_pairs))]
    )
    fill = sparse.csr_matrix(
        (
            np.concatenate([-np.ones(n_opt), np.ones(n_pairs)]),
            (
                np.concatenate([np.arange(n_opt), pairs.row]),
                np.concatenate([np.arange(n_opt), n_opt + pair_ids]),
            ),
        ),
        shape=(n_opt, n_vars),
    )
    per_vacancy = sparse.csr_matrix(
        (np.ones(n_pairs), (pairs.col, n_opt + pair_ids)), shape=(options.unlocks.shape[1], n_vars)
    )
    rows = [
        (one_each, -np.inf, 1.0),
        (sparse.csr_matrix(seat_rows), -np.inf, np.asarray(seats, dtype=np.float64)),
        (fill, -np.inf, 0.0),
        (per_vacancy, -np.inf, np.asarray(residual, dtype=np.float64)),
    ]
    penalty = 1.0 / (4.0 * (n_opt + 1))
    gain = np.concatenate([np.full(n_opt, -penalty), 1.0 + bonus[pairs.row]])
    constraints = [LinearConstraint(a, lb, ub) for a, lb, ub in rows if a.shape[0]]
    result = milp(-gain, integrality=np.ones(n_vars), bounds=Bounds(0, 1), constraints=constraints)
    if result.x is None:  # pragma: no cover - always feasible (all zeros)
        raise KerjaMatchError(f"cohort optimisation failed: {result.message}")
    x = np.round(result.x)
    used = x[n_opt:] > 0
    taken = pairs.row[used].astype(np.int64)
    order = np.argsort(taken, kind="stable")
    return taken[order], pairs.col[used].astype(np.int64)[order]
