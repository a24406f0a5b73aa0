"""The two placement solvers on an encoded market: deferred acceptance (stable) and a flow LP (optimal).

``encode_market`` builds a :class:`Market` with candidates and vacancies sorted by id (string order),
so a lower index is a smaller id and "ties by id" is "ties by index". ``place()`` in ``placement.py``
turns the results back into ids; docs/placement.md states what each solver guarantees.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import linprog

from ..errors import KerjaMatchError
from ..models import Candidate, Vacancy

#: Score written over pairs that may never be assigned (score <= 0 or below min_score).
INELIGIBLE = -1.0
#: Reduced-cost tolerance of the optimality certificate (scores are in [0, 1], float32 resolution ~6e-8).
CERTIFICATE_TOLERANCE = 1e-6
#: Up to this many eligible pairs the LP takes every pair; beyond it, the market is sparsified first.
DENSE_PAIR_LIMIT = 200_000
DEFAULT_PAIRS_PER_CANDIDATE = 5
DEFAULT_PAIRS_PER_OPENING = 4
#: Rounds of adding back pairs that the certificate flags, before giving up on a certificate.
MAX_CERTIFICATE_ROUNDS = 5
BLOCK_ROWS = 2048

IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class Market:
    """Scores and capacities, candidates and vacancies each in id order.

    ``scores`` is (n_candidates, n_vacancies) with :data:`INELIGIBLE` where a pair may not be assigned.
    Candidate ``i`` is local for vacancy ``j`` when ``local_by_group[i, vacancy_group[j]]``.
    """

    scores: NDArray[np.floating]
    openings: NDArray[np.int64]
    reserves: NDArray[np.int64]
    local_by_group: NDArray[np.bool_]
    vacancy_group: IntArray

    @property
    def shape(self) -> tuple[int, int]:
        return self.scores.shape[0], self.scores.shape[1]

    def local_block(self, rows: slice) -> NDArray[np.bool_]:
        """(rows, n_vacancies) bool: which candidates are local for which vacancies."""
        return self.local_by_group[rows][:, self.vacancy_group]


@dataclass(frozen=True)
class Solution:
    """Vacancy index per candidate (-1: unplaced), and what the solver can vouch for."""

    assigned: IntArray
    exact: bool = True
    notes: tuple[str, ...] = field(default=())


def encode_market(
    candidates: Sequence[Candidate],
    vacancies: Sequence[Vacancy],
    scores: NDArray[np.floating],
    reserves: dict[str, int],
    min_score: float,
    cand_order: NDArray[np.intp],
    vac_order: NDArray[np.intp],
) -> Market:
    """Scores and capacities with both sides in id order; ineligible pairs marked INELIGIBLE."""
    # a copy in id order: the caller's array is never changed
    ordered = scores.take(cand_order, axis=0)
    if (vac_order != np.arange(len(vac_order))).any():
        ordered = ordered.take(vac_order, axis=1)
    np.copyto(ordered, INELIGIBLE, where=ordered < _smallest_eligible(min_score, ordered.dtype))
    sorted_vacancies = [vacancies[j] for j in vac_order]
    regions = sorted({v.local_region for v in sorted_vacancies})
    local_by_group = np.array(
        [[candidates[i].is_local(region) for region in regions] for i in cand_order], dtype=bool
    ).reshape(len(cand_order), len(regions))
    return Market(
        scores=ordered,
        openings=np.array([v.openings for v in sorted_vacancies], dtype=np.int64),
        reserves=np.array([reserves.get(v.id, 0) for v in sorted_vacancies], dtype=np.int64),
        local_by_group=local_by_group,
        vacancy_group=np.array([regions.index(v.local_region) for v in sorted_vacancies], dtype=np.intp),
    )


def _smallest_eligible(min_score: float, dtype: np.dtype[Any]) -> np.floating[Any]:
    """The least value of ``dtype`` that is > 0 and >= min_score (exactly, not after rounding)."""
    floor = dtype.type(min_score)
    if float(floor) < min_score:
        floor = np.nextafter(floor, dtype.type(np.inf))
    return floor if floor > 0 else np.nextafter(dtype.type(0), dtype.type(1))


# --------------------------------------------------------------------------------------------------
# stable: candidate-proposing deferred acceptance with Hafalir–Yenmez–Yildirim reserves
# --------------------------------------------------------------------------------------------------

_ACCEPT_ALL = -0.5  # threshold of a vacancy with room: every eligible score (> 0) beats it
_ACCEPT_NONE = 2.0  # threshold no score in [0, 1] beats


class _Vacancies:
    """Who each vacancy holds, and the key an applicant must beat to be kept.

    A held applicant is ``(score, -index)``: the heap top is the vacancy's worst. ``reserved`` holds at
    most ``reserves[j]`` locals (the best locals who applied); ``open_`` holds everyone else it keeps.
    """

    def __init__(self, openings: NDArray[np.int64], reserves: NDArray[np.int64]) -> None:
        n = len(openings)
        self.openings = openings.tolist()
        self.reserves = reserves.tolist()
        self.reserved: list[list[tuple[float, int]]] = [[] for _ in range(n)]
        self.open_: list[list[tuple[float, int]]] = [[] for _ in range(n)]
        # an applicant (s, -i) is kept iff (s, -i) > (threshold_score, threshold_key)
        self.any_score = np.full(n, _ACCEPT_ALL)
        self.any_key = np.zeros(n, dtype=np.int64)
        self.local_score = np.full(n, _ACCEPT_ALL)
        self.local_key = np.zeros(n, dtype=np.int64)

    def admit(self, j: int, entry: tuple[float, int], local: bool) -> int | None:
        """Apply vacancy j's choice function to its holdings plus ``entry``; return whom it rejects."""
        reserved, open_ = self.reserved[j], self.open_[j]
        to_open: tuple[float, int] | None = entry
        if local and self.reserves[j] > 0:
            if len(reserved) < self.reserves[j]:
                heapq.heappush(reserved, entry)
                to_open = None
            elif entry > reserved[0]:
                to_open = heapq.heapreplace(reserved, entry)  # the displaced local competes for an open seat
        if to_open is not None:
            heapq.heappush(open_, to_open)
        rejected = heapq.heappop(open_)[1] if len(reserved) + len(open_) > self.openings[j] else None
        self._update_thresholds(j)
        return None if rejected is None else -rejected

    def _update_thresholds(self, j: int) -> None:
        reserved, open_ = self.reserved[j], self.open_[j]
        if len(reserved) + len(open_) < self.openings[j]:
            return  # still room: both thresholds stay at "accept all"
        worst_open = open_[0] if open_ else (_ACCEPT_NONE, 0)
        self.any_score[j], self.any_key[j] = worst_open
        if self.reserves[j] == 0:
            self.local_score[j], self.local_key[j] = worst_open
        elif len(reserved) == self.reserves[j]:
            # a local is kept if it beats the worst reserved local or the worst open seat
            self.local_score[j], self.local_key[j] = min(reserved[0], worst_open)


def deferred_acceptance(market: Market) -> Solution:
    """Candidate-proposing deferred acceptance; vacancies choose by HYY reserves, then by score.

    Each free candidate proposes to its favourite vacancy among those that would keep it now. Thresholds
    only rise, so a vacancy that would reject a candidate now rejects it for ever: skipping it in one
    vectorised step is the same as proposing and being rejected. Cost: one pass over a score row per
    proposal that is held, no Python loop over pairs.
    """
    scores = market.scores
    n_candidates = scores.shape[0]
    state = _Vacancies(market.openings, market.reserves)
    with_reserves = bool(market.reserves.any())
    one_region = market.local_by_group.shape[1] == 1
    assigned = np.full(n_candidates, -1, dtype=np.intp)
    free = list(range(n_candidates - 1, -1, -1)) if scores.shape[1] else []
    while free:
        i = free.pop()
        row = scores[i]
        if with_reserves and one_region:
            is_local = market.local_by_group[i, 0]
            bar_score = state.local_score if is_local else state.any_score
            bar_key = state.local_key if is_local else state.any_key
        elif with_reserves:
            local_row = market.local_by_group[i, market.vacancy_group]
            bar_score = np.where(local_row, state.local_score, state.any_score)
            bar_key = np.where(local_row, state.local_key, state.any_key)
        else:
            bar_score, bar_key = state.any_score, state.any_key
        kept = row > bar_score
        tied = row == bar_score
        if tied.any():
            kept |= tied & (-i > bar_key)
        # favourite: highest score, ties to the lowest vacancy index (smallest id)
        j = int(np.argmax(np.where(kept, row, INELIGIBLE)))
        if not kept[j]:
            continue  # every acceptable vacancy holds people it prefers: i stays unplaced
        local = bool(market.local_by_group[i, market.vacancy_group[j]])
        rejected = state.admit(j, (float(row[j]), -i), local)
        if rejected == i:  # the threshold said "kept": a disagreement would loop for ever
            raise RuntimeError(f"deferred acceptance: vacancy {j} rejected candidate {i} it should keep")
        assigned[i] = j
        if rejected is not None:
            assigned[rejected] = -1
            free.append(rejected)
    rule = " with local reserves (Hafalir–Yenmez–Yildirim)" if with_reserves else ""
    return Solution(assigned, notes=(f"candidate-proposing deferred acceptance{rule}",))


# --------------------------------------------------------------------------------------------------
# optimal: lexicographic max-weight b-matching as a flow LP (HiGHS), with a dual certificate
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pairs:
    """Candidate–vacancy pairs given to the LP; ``reserved`` marks the local pairs at a reserve."""

    rows: IntArray
    cols: IntArray

    def merged(self, rows: IntArray, cols: IntArray, n_vacancies: int) -> _Pairs:
        keys = np.union1d(self.rows * n_vacancies + self.cols, rows * n_vacancies + cols)
        return _Pairs(keys // n_vacancies, keys % n_vacancies)


def lexicographic_weight(market: Market) -> float:
    """Bonus per reserved opening met by a local: above any possible difference in total fit."""
    n_qualified = int((market.scores > 0).any(axis=1).sum())
    return float(min(n_qualified, int(market.openings.sum())) + 1)


def optimal_assignment(
    market: Market, *, pairs_per_candidate: int | None, pairs_per_vacancy: int | None
) -> Solution:
    """Maximise reserved openings met by locals, then total fit, over every eligible pair.

    With few eligible pairs (or no limits given) the LP takes them all. Otherwise it starts from each
    candidate's and each vacancy's best pairs, then checks the LP duals against every eligible pair; pairs
    that could improve the objective are added and the LP solved again, up to a few rounds.
    """
    n_candidates, n_vacancies = market.shape
    n_eligible = int(np.count_nonzero(market.scores > 0))
    bonus = lexicographic_weight(market)
    if n_eligible == 0:
        return Solution(np.full(n_candidates, -1, dtype=np.intp), notes=("no eligible pairs",))
    if pairs_per_candidate is None and pairs_per_vacancy is None and n_eligible <= DENSE_PAIR_LIMIT:
        rows, cols = np.nonzero(market.scores > 0)
        assigned, _ = _solve_lp(market, _Pairs(rows, cols), bonus)
        return Solution(assigned, notes=(f"LP over all {n_eligible:,} eligible pairs",))

    k = pairs_per_candidate or DEFAULT_PAIRS_PER_CANDIDATE
    per_vacancy = (
        np.full(n_vacancies, pairs_per_vacancy, dtype=np.int64)
        if pairs_per_vacancy is not None
        else DEFAULT_PAIRS_PER_OPENING * market.openings
    )
    pairs = _best_pairs(market.scores, k, per_vacancy)
    start = len(pairs.rows)
    for round_ in range(1, MAX_CERTIFICATE_ROUNDS + 1):
        assigned, duals = _solve_lp(market, pairs, bonus)
        bad_rows, bad_cols, excess = _violations(market, duals, bonus)
        if len(bad_rows) == 0:
            return Solution(
                assigned,
                exact=True,
                notes=(
                    f"sparsified: LP over {len(pairs.rows):,} of {n_eligible:,} eligible pairs "
                    f"(each candidate's top {k}, each vacancy's top {_describe(pairs_per_vacancy)}; "
                    f"{len(pairs.rows) - start:,} added back in {round_ - 1} round(s))",
                    "exact: LP duals certify the placement optimal over all eligible pairs",
                ),
            )
        if round_ < MAX_CERTIFICATE_ROUNDS:
            keep = np.argsort(-excess, kind="stable")[: n_candidates * k]
            pairs = pairs.merged(bad_rows[keep], bad_cols[keep], n_vacancies)
    # raising each candidate's dual by its largest excess makes the duals feasible: a bound on the gap
    gap = np.zeros(n_candidates)
    np.maximum.at(gap, bad_rows, excess)
    return Solution(
        assigned,
        exact=False,
        notes=(
            f"sparsified: LP over {len(pairs.rows):,} of {n_eligible:,} eligible pairs",
            f"not certified: {len(bad_rows):,} left-out pairs could still improve the objective; optimal "
            f"over the kept pairs only, within {gap.sum():.4g} of the optimum (weighted objective)",
        ),
    )


def _describe(pairs_per_vacancy: int | None) -> str:
    return (
        f"{pairs_per_vacancy}" if pairs_per_vacancy is not None else f"{DEFAULT_PAIRS_PER_OPENING}×openings"
    )


def _best_pairs(scores: NDArray[np.floating], k: int, per_vacancy: NDArray[np.int64]) -> _Pairs:
    """Each candidate's k best eligible vacancies ∪ each vacancy's per_vacancy[j] best candidates."""
    n_candidates, n_vacancies = scores.shape
    k = min(k, n_vacancies)
    rows_list, cols_list = [], []
    for start in range(0, n_candidates, BLOCK_ROWS):
        block = scores[start : start + BLOCK_ROWS]
        top = np.argpartition(-block, k - 1, axis=1)[:, :k] if k < n_vacancies else None
        cols = top if top is not None else np.broadcast_to(np.arange(n_vacancies), block.shape)
        rows = np.broadcast_to(np.arange(start, start + len(block))[:, None], cols.shape)
        rows_list.append(rows.ravel())
        cols_list.append(np.asarray(cols).ravel())
    m = int(min(n_candidates, per_vacancy.max()))
    if m < n_candidates:  # partitioning the transpose's rows is faster than strided columns
        top_rows = np.argpartition(-scores.T, m - 1, axis=1)[:, :m].T
    else:
        top_rows = np.broadcast_to(np.arange(n_candidates)[:, None], scores.shape)
    # within each column's m best, keep its own per_vacancy[j] best
    order = np.argsort(-np.take_along_axis(scores, top_rows, axis=0), axis=0, kind="stable")
    ranked = np.take_along_axis(top_rows, order, axis=0)
    within = np.arange(m)[:, None] < per_vacancy[None, :]
    rows_list.append(ranked[within])
    cols_list.append(np.broadcast_to(np.arange(n_vacancies), ranked.shape)[within])
    rows_all = np.concatenate(rows_list).astype(np.intp)
    cols_all = np.concatenate(cols_list).astype(np.intp)
    eligible = scores[rows_all, cols_all] > 0
    keys = np.unique(rows_all[eligible] * n_vacancies + cols_all[eligible])
    return _Pairs(keys // n_vacancies, keys % n_vacancies)


@dataclass(frozen=True)
class _Duals:
    candidate: NDArray[np.float64]
    vacancy: NDArray[np.float64]
    reserve: NDArray[np.float64]


def _solve_lp(market: Market, pairs: _Pairs, bonus: float) -> tuple[IntArray, _Duals]:
    """Solve the flow LP on ``pairs``; return the (integral) assignment and the LP duals.

    Variables: x_p (pair p in an ordinary opening) and y_p (local pair p in a reserved opening).
    Rows: each candidate sum ≤ 1; each vacancy x + y ≤ openings; each vacancy y ≤ reserve.
    The rows are two laminar families (candidates; vacancy ⊃ its reserve), so the matrix is totally
    unimodular and every vertex the simplex returns is integral (docs/placement.md).
    """
    n_candidates, n_vacancies = market.shape
    rows, cols = pairs.rows, pairs.cols
    score = market.scores[rows, cols].astype(np.float64)
    reserved = market.local_by_group[rows, market.vacancy_group[cols]] & (market.reserves[cols] > 0)
    r_rows, r_cols = rows[reserved], cols[reserved]
    n_x, n_y = len(rows), len(r_rows)
    var = np.arange(n_x + n_y)
    var_rows = np.concatenate([rows, r_rows])
    var_cols = np.concatenate([cols, r_cols])
    ones = np.ones(n_x + n_y)
    a_candidate = sp.csr_matrix((ones, (var_rows, var)), shape=(n_candidates, n_x + n_y))
    a_vacancy = sp.csr_matrix((ones, (var_cols, var)), shape=(n_vacancies, n_x + n_y))
    a_reserve = sp.csr_matrix((np.ones(n_y), (r_cols, var[n_x:])), shape=(n_vacancies, n_x + n_y))
    a_ub = sp.vstack([a_candidate, a_vacancy, a_reserve], format="csr")
    b_ub = np.concatenate([np.ones(n_candidates), market.openings, market.reserves]).astype(np.float64)
    objective = -np.concatenate([score, score[reserved] + bonus])
    result = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs-ds")
    if result.status != 0:
        raise KerjaMatchError(f"placement LP: HiGHS did not solve it ({result.message})")
    x = np.asarray(result.x)
    if np.abs(x - np.round(x)).max(initial=0.0) > 1e-6:
        raise KerjaMatchError("placement LP: HiGHS returned a fractional vertex; please report this market")
    chosen = np.round(x).astype(bool)
    assigned = np.full(n_candidates, -1, dtype=np.intp)
    assigned[var_rows[chosen]] = var_cols[chosen]
    marginals = -np.asarray(result.ineqlin.marginals)
    duals = _Duals(
        marginals[:n_candidates],
        marginals[n_candidates : n_candidates + n_vacancies],
        marginals[n_candidates + n_vacancies :],
    )
    return assigned, duals


def _violations(
    market: Market, duals: _Duals, bonus: float
) -> tuple[IntArray, IntArray, NDArray[np.float64]]:
    """Eligible pairs whose LP reduced cost is positive: (rows, cols, by how much).

    None means the duals are feasible for the LP over all pairs, so the solution is optimal over all.
    """
    n_candidates, _ = market.shape
    has_reserve = market.reserves > 0
    found_rows, found_cols, found_excess = [], [], []
    for start in range(0, n_candidates, BLOCK_ROWS):
        rows = slice(start, min(start + BLOCK_ROWS, n_candidates))
        block = market.scores[rows].astype(np.float64)
        base = duals.candidate[rows, None] + duals.vacancy[None, :]
        excess = block - base
        reserved = market.local_block(rows) & has_reserve[None, :]
        if reserved.any():
            excess = np.maximum(excess, np.where(reserved, block + bonus - base - duals.reserve, -np.inf))
        excess[block <= 0] = -np.inf
        r, c = np.nonzero(excess > CERTIFICATE_TOLERANCE)
        found_rows.append(r + start)
        found_cols.append(c)
        found_excess.append(excess[r, c])
    return (
        np.concatenate(found_rows).astype(np.intp),
        np.concatenate(found_cols).astype(np.intp),
        np.concatenate(found_excess),
    )
