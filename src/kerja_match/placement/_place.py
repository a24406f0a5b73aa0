"""Placement: who goes where after a job fair, with local-hire reserves (Perbup Bekasi 9/2019).

``place()`` fills each vacancy's openings with candidates whose fit score is at least ``min_score``,
each candidate at most once, either *optimally* (reserved openings met by locals first, then total fit)
or *stably* (candidate-proposing deferred acceptance). A ``local_quota`` becomes reserves: each
employer reserves ``ceil(local_quota × its openings)`` openings for local KTP holders, shared over its
vacancies by largest remainder. docs/placement.md states what each method guarantees.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._identifiers import REGION_CODE
from .._inputs import record_rows
from .._params import Interval, Matches, Options, check_params, parameter_problems
from ..errors import KerjaMatchError, NotFittedError, Problem, ValidationProblems, require_extra
from ..models import Candidate, Vacancy, validate_records
from ._solvers import deferred_acceptance, encode_market, optimal_assignment
from ._summary import NO_QUALIFYING_VACANCY, OUTRANKED, EmployerSummary, PlacementSummary

if TYPE_CHECKING:
    import pandas as pd

METHODS = ("optimal", "stable")
SCORE_BLOCK_ROWS = 4096


def local_reserves(vacancies: Sequence[Vacancy], local_quota: float) -> dict[str, int]:
    """Openings reserved for locals, per vacancy id.

    An employer with ``openings_e`` openings in all reserves ``ceil(local_quota × openings_e)``, shared
    over its vacancies in proportion to their openings: each gets the floor of its share, and the
    openings left go to the largest remainders, ties to the smaller vacancy id. ``local_quota`` is read
    as the decimal it prints as, so 0.3 × 10 openings reserves 3, not 4.
    """
    check_params(
        "local_reserves", {"local_quota": PLACE_OPTIONS["local_quota"][:1]}, {"local_quota": local_quota}
    )
    quota = float(local_quota)
    exact_quota = Fraction(str(float(quota)))
    by_employer: dict[str, list[Vacancy]] = {}
    for vacancy in vacancies:
        by_employer.setdefault(vacancy.employer, []).append(vacancy)
    reserves: dict[str, int] = {}
    for group in by_employer.values():
        total = sum(v.openings for v in group)
        reserve = math.ceil(exact_quota * total)
        shares = {v.id: Fraction(reserve * v.openings, total) for v in group}
        floors = {vid: math.floor(share) for vid, share in shares.items()}
        left = reserve - sum(floors.values())
        by_remainder = sorted(shares, key=lambda vid: (-(shares[vid] - floors[vid]), vid))
        for vid in by_remainder[:left]:
            floors[vid] += 1
        reserves.update(floors)
    return reserves


def place(
    candidates: Sequence[Candidate],
    vacancies: Sequence[Vacancy],
    scorer_or_scores: Any,
    *,
    method: Literal["optimal", "stable"] = "optimal",
    min_score: float = 0.5,
    local_quota: float | None = None,
    local_region: str = "32.16",
    max_pairs_per_candidate: int | None = None,
    max_pairs_per_vacancy: int | None = None,
) -> Placement:
    """Place candidates into vacancies: each candidate at most once, each vacancy at most ``openings``.

    ``scorer_or_scores`` is an ndarray of fit scores in [0, 1], shape (n_candidates, n_vacancies) in the
    order given, or a scorer fitted on these vacancies (anything with ``score_matrix(candidates)`` and
    ``vacancy_ids_``, such as ``FitScorer``). A pair scoring <= 0 or below ``min_score`` is never assigned.

    ``method="optimal"`` meets as many reserved openings with locals as possible, then maximises total
    fit (HiGHS on a flow LP). ``method="stable"`` runs candidate-proposing deferred acceptance; both sides
    rank by score, ties to the smaller id; a vacancy fills its reserve from its best local applicants.
    ``local_region`` is the office's region for the headline local count; a vacancy's reserve is for
    candidates local to its own ``Vacancy.local_region``. ``max_pairs_per_candidate`` and
    ``max_pairs_per_vacancy`` (optimal only) sparsify the LP; by default it is sparsified only beyond
    200,000 eligible pairs, and ``Placement.exact`` / ``Placement.notes`` say what was proved.
    """
    _check_options(
        method=method,
        min_score=min_score,
        local_quota=local_quota,
        local_region=local_region,
        max_pairs_per_candidate=max_pairs_per_candidate,
        max_pairs_per_vacancy=max_pairs_per_vacancy,
    )
    candidates = _checked_records(Candidate, candidates, "candidates")
    vacancies = _checked_records(Vacancy, vacancies, "vacancies")
    scores = _score_matrix(candidates, vacancies, scorer_or_scores)
    reserves = local_reserves(vacancies, local_quota) if local_quota is not None else {}

    cand_order = np.array(sorted(range(len(candidates)), key=lambda i: candidates[i].id), dtype=np.intp)
    vac_order = np.array(sorted(range(len(vacancies)), key=lambda j: vacancies[j].id), dtype=np.intp)
    market = encode_market(candidates, vacancies, scores, reserves, min_score, cand_order, vac_order)
    if method == "stable":
        solution = deferred_acceptance(market)
    else:
        solution = optimal_assignment(
            market, pairs_per_candidate=max_pairs_per_candidate, pairs_per_vacancy=max_pairs_per_vacancy
        )

    # back to the caller's order
    assigned = np.full(len(candidates), -1, dtype=np.intp)
    placed = solution.assigned >= 0
    assigned[cand_order[placed]] = vac_order[solution.assigned[placed]]
    qualified = np.zeros(len(candidates), dtype=bool)
    qualified[cand_order] = (market.scores > 0).any(axis=1)
    return Placement(
        assignments=[
            (candidates[i].id, vacancies[j].id, float(scores[i, j])) for i, j in enumerate(assigned) if j >= 0
        ],
        unplaced=[
            (c.id, OUTRANKED if qualified[i] else NO_QUALIFYING_VACANCY)
            for i, c in enumerate(candidates)
            if assigned[i] < 0
        ],
        method=method,
        min_score=min_score,
        local_quota=local_quota,
        local_region=local_region,
        exact=solution.exact,
        notes=solution.notes,
        reserves={v.id: reserves.get(v.id, 0) for v in vacancies},
        vacancies=tuple(vacancies),
        local_candidates=frozenset(c.id for c in candidates if c.is_local(local_region)),
        local_for_vacancy=frozenset(
            (candidates[i].id, vacancies[j].id)
            for i, j in enumerate(assigned)
            if j >= 0 and candidates[i].is_local(vacancies[j].local_region)
        ),
    )


@dataclass(frozen=True)
class Placement:
    """Who goes where. ``assignments`` are (candidate id, vacancy id, score), in the candidates' order.

    ``exact`` is True when the result is what ``method`` promises over every eligible pair (for
    ``optimal`` after sparsification, proved by an LP dual certificate); ``notes`` say how.
    """

    assignments: list[tuple[str, str, float]]
    unplaced: list[tuple[str, str]]
    method: str
    min_score: float
    local_quota: float | None
    local_region: str
    exact: bool
    notes: tuple[str, ...]
    reserves: dict[str, int]
    vacancies: tuple[Vacancy, ...] = field(repr=False)
    local_candidates: frozenset[str] = field(repr=False)
    local_for_vacancy: frozenset[tuple[str, str]] = field(repr=False)

    @property
    def total_score(self) -> float:
        return float(sum(score for _, _, score in self.assignments))

    def summary(self, target: float | None = None) -> PlacementSummary:
        """Totals, per-employer lines, unfilled openings and unplaced candidates with reasons.

        ``target`` is the local-hire target: an int is a count (12000), a float in [0, 1] a share
        (0.3). By default the target is ``local_quota`` as a share, or none.
        """
        target_share, target_count = _check_target(target, self.local_quota)
        quota = target_share if target_count is None else self.local_quota  # what each employer is held to
        filled: Counter[str] = Counter(vid for _, vid, _ in self.assignments)
        local: Counter[str] = Counter(
            vid for cid, vid, _ in self.assignments if (cid, vid) in self.local_for_vacancy
        )
        employers: dict[str, list[int]] = {}
        for v in self.vacancies:
            line = employers.setdefault(v.employer, [0, 0, 0, 0, 0])
            line[0] += v.openings
            line[1] += filled[v.id]
            line[2] += local[v.id]
            line[3] += self.reserves[v.id]
            line[4] += max(0, self.reserves[v.id] - local[v.id])
        return PlacementSummary(
            placed=len(self.assignments),
            local_placed=sum(cid in self.local_candidates for cid, _, _ in self.assignments),
            target_share=target_share,
            target_count=target_count,
            openings=sum(v.openings for v in self.vacancies),
            reserved_openings=sum(self.reserves.values()),
            reserve_shortfall=sum(line[4] for line in employers.values()),
            employers=tuple(
                EmployerSummary(name, openings, hired, local_hires, reserve, short, quota=quota)
                for name, (openings, hired, local_hires, reserve, short) in sorted(employers.items())
            ),
            unfilled=tuple(
                (v.id, v.openings - filled[v.id]) for v in self.vacancies if filled[v.id] < v.openings
            ),
            unplaced=tuple(self.unplaced),
        )

    #: Columns of :meth:`assignment_rows`. ``local``: the candidate's KTP lies in the vacancy's own
    #: ``local_region``, so the hire counts for that employer's local-hire quota (Perbup Bekasi 9/2019
    #: binds employers in Kabupaten Bekasi to KTP Kab. Bekasi holders; a vacancy in Kota Bekasi, local
    #: region 32.75, counts KTP 32.75 holders). The headline ``local_placed`` counts the office's own
    #: region (``local_region``) instead, wherever the vacancy is.
    ASSIGNMENT_COLUMNS = ("candidate_id", "vacancy_id", "employer", "score", "local")

    def assignment_rows(self) -> list[tuple[str, str, str, float, bool]]:
        """One row per assignment, in ``ASSIGNMENT_COLUMNS`` order: the one definition of the table
        that ``to_frame`` and the office report's assignments table both show."""
        employer = {v.id: v.employer for v in self.vacancies}
        return [
            (cid, vid, employer[vid], score, (cid, vid) in self.local_for_vacancy)
            for cid, vid, score in self.assignments
        ]

    def to_frame(self) -> pd.DataFrame:
        """Assignments as a table, ``ASSIGNMENT_COLUMNS`` (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        return pandas.DataFrame(self.assignment_rows(), columns=list(self.ASSIGNMENT_COLUMNS))


# --------------------------------------------------------------------------------------------------
# input checks and encoding
# --------------------------------------------------------------------------------------------------


PLACE_OPTIONS: dict[str, list[Any]] = {
    "method": [Options(METHODS)],
    "min_score": [Interval("real", 0, 1)],
    "local_quota": [Interval("real", 0, 1), None],
    "local_region": [Matches(REGION_CODE.pattern, "a region code such as '32.16'")],
    "max_pairs_per_candidate": [Interval("int", 1), None],
    "max_pairs_per_vacancy": [Interval("int", 1), None],
}


def _check_options(**options: Any) -> None:
    """Every bad option of a place() call at once, rules between options included."""
    problems = parameter_problems("place", PLACE_OPTIONS, options)
    for name in ("max_pairs_per_candidate", "max_pairs_per_vacancy"):
        value = options[name]
        if value is not None and options["method"] == "stable":
            reason = (
                "applies to method='optimal' only (deferred acceptance needs whole preference lists), "
                f"got {name}={value!r} with method='stable'"
            )
            problems.append(Problem("place", name, reason, value))
    if problems:
        raise ValidationProblems("invalid parameters of place", problems)


def _check_target(target: object, local_quota: float | None) -> tuple[float | None, int | None]:
    if target is None:
        return local_quota, None
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        if target < 0:
            raise KerjaMatchError(f"summary: target count must be >= 0, got {target!r}")
        return None, int(target)
    if isinstance(target, (float, np.floating)) and 0.0 <= target <= 1.0:
        return float(target), None
    raise KerjaMatchError(
        f"summary: target must be a count (int, e.g. 12000) or a share (float in [0, 1], e.g. 0.3), got {target!r}"
    )


def _checked_records(model: type[Any], given: object, parameter: str) -> list[Any]:
    """Every record of the right type (a DataFrame's rows: records) with a unique id, or one error
    listing every problem."""
    what = model.__name__.lower()
    records = list(record_rows(given, parameter=parameter, where="place", record=model.__name__))
    wrong = [i for i, r in enumerate(records, start=1) if not isinstance(r, (model, Mapping))]
    if wrong:
        raise KerjaMatchError(
            f"place: expected {model.__name__} records, got {type(records[wrong[0] - 1]).__name__} "
            f"in row(s) {wrong[:10]}"
        )
    good, problems = validate_records(model, records, what=what)
    if problems:
        raise ValidationProblems(f"place: invalid {what} records", problems)
    return good


def _score_matrix(
    candidates: Sequence[Candidate], vacancies: Sequence[Vacancy], source: Any
) -> NDArray[np.floating]:
    """Fit scores (n_candidates, n_vacancies) in the given orders, checked to be finite and in [0, 1]."""
    if isinstance(source, np.ndarray):
        scores = source
    elif callable(getattr(source, "score_matrix", None)):
        scores = _scores_from_scorer(candidates, vacancies, source)
    else:
        raise KerjaMatchError(
            "place: scorer_or_scores must be an ndarray of shape (n_candidates, n_vacancies) or a fitted "
            f"scorer with score_matrix(candidates), got {type(source).__name__}"
        )
    expected = (len(candidates), len(vacancies))
    if scores.shape != expected:
        raise KerjaMatchError(
            f"place: scores must have shape {expected} (candidates × vacancies), got {scores.shape}"
        )
    if not np.issubdtype(scores.dtype, np.floating):
        if not np.issubdtype(scores.dtype, np.number) or np.issubdtype(scores.dtype, np.complexfloating):
            raise KerjaMatchError(f"place: scores must be real numbers, got dtype {scores.dtype}")
        scores = scores.astype(np.float64)
    bad = ~(np.isfinite(scores) & (scores >= 0) & (scores <= 1))
    if bad.any():
        rows, cols = np.nonzero(bad)
        shown = ", ".join(
            f"candidate {candidates[i].id!r} × vacancy {vacancies[j].id!r} = {float(scores[i, j])!r}"
            for i, j in zip(rows[:5], cols[:5], strict=True)
        )
        raise KerjaMatchError(f"place: scores must be finite and in [0, 1]; {len(rows)} are not: {shown}")
    return scores


def _scores_from_scorer(
    candidates: Sequence[Candidate], vacancies: Sequence[Vacancy], scorer: Any
) -> NDArray[np.floating]:
    name = type(scorer).__name__
    fitted_ids = getattr(scorer, "vacancy_ids_", None)
    if fitted_ids is None:
        raise NotFittedError(
            f"place: this {name} is not fitted: call {name}.fit(vacancies) with these vacancies first"
        )
    position = {vid: k for k, vid in enumerate(fitted_ids)}
    unknown = [v.id for v in vacancies if v.id not in position]
    if unknown:
        raise KerjaMatchError(
            f"place: the {name} was fitted on other vacancies: {len(unknown)} of these are unknown to it "
            f"(e.g. {unknown[:5]}); call {name}.fit(vacancies) with these vacancies"
        )
    columns = np.array([position[v.id] for v in vacancies], dtype=np.intp)
    blocks = [
        np.asarray(scorer.score_matrix(list(candidates[start : start + SCORE_BLOCK_ROWS])))[:, columns]
        for start in range(0, len(candidates), SCORE_BLOCK_ROWS)
    ]
    return np.concatenate(blocks) if blocks else np.zeros((0, len(vacancies)), dtype=np.float32)
