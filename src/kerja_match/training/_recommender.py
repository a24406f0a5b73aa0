"""CourseRecommender: which BLK courses close which gaps, for a person, for a market, for a cohort.

A course *closes* a gap (concept k, level L) when it teaches k, or a narrower concept of k, at level
L or higher: exactly when the fit scorer would stop listing the gap as missing (``SkillGap``), since
the scorer's held level counts the concept itself and narrower ones. Taking a course adds its
``teaches`` claims to the candidate (evidence "training", level = max(current, taught)); projected
scores are the scorer's scores of that trained copy. See docs/courses.md for the models.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from sklearn.base import BaseEstimator, clone

from .._inputs import is_data_frame, is_one_record, record_rows
from .._params import Interval, Options, check_estimator_params, check_params
from ..errors import KerjaMatchError, Problem, ValidationProblems
from ..models import Candidate, Course, SkillClaim, Vacancy, parse_records
from ..taxonomy import Taxonomy
from ._catalogue import CatalogueIndex, CostOption
from ._cohort import PlacementLike, build_cohort_plan
from ._gaps import fitted_scorer
from ._plans import CohortPlan, TrainingPlan, taught_claims, with_claims
from ._solvers import max_openings_plan, min_cost_cover

if TYPE_CHECKING:
    from ..scoring import FitResult, FitScorer, SkillGap

#: Default lesson-hour budget of ``recommend`` over several vacancies: the longest basic course with
#: its prerequisites (operator bubut dasar 240 JP + K3 24 + gambar teknik 40 = 304 JP) fits, a 960-JP
#: pemagangan does not unless asked for. About two months at 8 JP a day.
DEFAULT_MAX_HOURS = 320.0
#: Default number of target vacancies when ``recommend`` is given none.
DEFAULT_N_TARGETS = 5

RECOMMEND_OPTIONS: dict[str, list[Any]] = {
    "max_hours": [Interval("real", 0, float("inf"), closed="both"), None],
    "method": [Options(["auto", "exhaustive", "milp"])],
}
PLAN_TRAINING_OPTIONS: dict[str, list[Any]] = {
    "policy": [Options(["local_first", "none"])],
    "method": [Options(["auto", "greedy", "milp"])],
    "group_by": [Options(["title", "sector"]), callable],
}


class CourseRecommender(BaseEstimator):
    """Recommends courses from ``catalog`` to close skill gaps found by the fit scorer.

    Parameters
    ----------
    catalog : iterable of Course (e.g. ``blk_catalog()``)
    taxonomy : Taxonomy, default the scorer's or ``default_taxonomy()``; taught concepts must be in it
    scorer : FitScorer; default a FitScorer on ``taxonomy`` fitted on the vacancies asked about. A
        fitted scorer is used as it is where it knows the vacancies; otherwise a clone is fitted.
    cost : "hours" (lesson hours, JP) or a callable Course -> float; what "cheapest" means
    threshold : projected fit score that counts as eligible (market-aware and cohort plans)
    max_hours : lesson-hour budget of a plan over several vacancies (``math.inf``: no limit)
    n_targets : how many best-fitting vacancies ``recommend(candidate)`` aims at when given no target

    The catalogue is data, not something learned, so there is no ``fit``: the constructor (and
    ``set_params``) validates it, all problems at once, and indexes it (``catalogue_index``).
    A scikit-learn estimator: ``get_params``, ``set_params`` and ``sklearn.base.clone`` work.
    """

    _option_constraints: ClassVar[dict[str, list[Any]]] = {
        "cost": [Options(["hours"]), callable],
        "threshold": [Interval("real", 0, 1, closed="right")],
        "max_hours": [Interval("real", 0, float("inf"), closed="both")],
        "n_targets": [Interval("int", 1, None)],
    }

    def __init__(
        self,
        catalog: Iterable[Course],
        *,
        taxonomy: Taxonomy | None = None,
        scorer: FitScorer | None = None,
        cost: CostOption = "hours",
        threshold: float = 0.5,
        max_hours: float = DEFAULT_MAX_HOURS,
        n_targets: int = DEFAULT_N_TARGETS,
    ) -> None:
        # a generator is kept as a tuple (the catalogue is indexed again on set_params); one record, a
        # string or a DataFrame is kept as given, for _index_catalogue to refuse or read
        keep = isinstance(catalog, Sequence) or is_data_frame(catalog) or is_one_record(catalog)
        self.catalog = catalog if keep else tuple(catalog)
        self.taxonomy = taxonomy
        self.scorer = scorer
        self.cost = cost
        self.threshold = threshold
        self.max_hours = max_hours
        self.n_targets = n_targets
        self._index_catalogue()

    def set_params(self, **params: Any) -> CourseRecommender:
        super().set_params(**params)
        self._index_catalogue()
        return self

    def _index_catalogue(self) -> None:
        """Check the options (every problem at once, the one validator) and index the catalogue;
        forget memoised plans."""
        check_estimator_params(self)
        taxonomy = self.taxonomy
        if taxonomy is None and self.scorer is not None:
            taxonomy = getattr(self.scorer, "taxonomy_", None) or getattr(self.scorer, "taxonomy", None)
        if taxonomy is None:
            from ..datasets import default_taxonomy

            taxonomy = default_taxonomy()
        courses = record_rows(self.catalog, parameter="catalog", where="CourseRecommender", record="Course")
        self.catalogue_index = CatalogueIndex(courses, taxonomy, self.cost)
        self._cover_memo: dict[tuple[tuple[str, int], ...], list[int]] = {}
        self._default_scorer: FitScorer | None = None

    @property
    def courses(self) -> tuple[Course, ...]:
        """The catalogue's courses in id order."""
        return self.catalogue_index.courses

    # -- one candidate ----------------------------------------------------------------------
    def recommend(
        self,
        candidate: Candidate,
        target: Vacancy | Sequence[Vacancy] | None = None,
        *,
        max_hours: float | None = None,
        method: Literal["auto", "exhaustive", "milp"] = "auto",
    ) -> TrainingPlan:
        """The courses ``candidate`` should take.

        ``target`` one vacancy: the cheapest prerequisite-closed set of courses that closes every
        required gap (``max_hours`` is then not allowed: the cheapest plan is the answer).
        A list of vacancies: the plan within ``max_hours`` (default the recommender's ``max_hours``,
        320 JP; ``math.inf`` for no limit) that makes the candidate eligible (projected fit >=
        threshold) for the most openings, then the cheapest such plan. None: the same, towards the
        candidate's ``n_targets`` best-fitting vacancies among the scorer's that courses can open.
        """
        check_params(
            "CourseRecommender.recommend", RECOMMEND_OPTIONS, {"max_hours": max_hours, "method": method}
        )
        if isinstance(target, Vacancy):
            if max_hours is not None:
                raise KerjaMatchError("recommend: max_hours applies to a list of vacancies, not to one")
            return self._recommend_one(candidate, target, method)
        budget = self.max_hours if max_hours is None else max_hours
        if target is None:
            return self._recommend_best(candidate, budget)
        rows = record_rows(target, parameter="target", where="CourseRecommender.recommend", record="Vacancy")
        vacancies = parse_records(Vacancy, list(rows), what="vacancy")
        if not vacancies:
            raise KerjaMatchError("recommend: expected a vacancy or a non-empty list of vacancies, got []")
        return self._recommend_many(candidate, vacancies, budget, f"{len(vacancies)} vacancies")

    def _scorer_for(self, vacancies: Sequence[Vacancy]) -> FitScorer:
        """The given scorer when it is fitted on these vacancies (any order, or more of them: callers
        pick their columns by id); a fitted clone of it, or a default scorer, otherwise."""
        given = self.scorer
        if given is not None and {v.id for v in vacancies} <= set(getattr(given, "vacancy_ids_", ())):
            return given
        if given is not None:
            fresh: FitScorer = clone(given, safe=False)
            return fresh.fit(list(vacancies))
        return fitted_scorer(vacancies, taxonomy=self.catalogue_index.taxonomy)

    def _recommend_one(self, candidate: Candidate, vacancy: Vacancy, method: str) -> TrainingPlan:
        scorer = self.scorer if self.scorer is not None and hasattr(self.scorer, "vacancy_ids_") else None
        if scorer is None:  # score() takes any vacancy, so one default scorer serves every later call
            if self._default_scorer is None:
                self._default_scorer = self._scorer_for([vacancy])
            scorer = self._default_scorer
        before = scorer.score(candidate, vacancy)
        needed = [g for g in before.missing if g.required]
        covers = self.catalogue_index.covers(needed)
        reachable = covers.any(axis=1)
        key = tuple(
            sorted((needed[r].concept_id, needed[r].required_level) for r in np.flatnonzero(reachable))
        )
        chosen = self._cover_memo.get(key) if method == "auto" else None
        if chosen is None:
            index = self.catalogue_index
            chosen = min_cost_cover(covers[reachable], index.costs, index.closure, method=method)
            if method == "auto":
                self._cover_memo[key] = chosen
        return self._plan(candidate, [vacancy], chosen, before.missing, scorer, [before], None, vacancy.id)

    def _recommend_best(self, candidate: Candidate, budget: float) -> TrainingPlan:
        scorer = self.scorer
        pool: list[Vacancy] = list(getattr(scorer, "vacancies_", None) or [])
        if not pool:
            raise KerjaMatchError(
                "recommend: no target given and no fitted scorer to take vacancies from; pass target= "
                "(a vacancy or a list) or scorer=FitScorer().fit(vacancies)"
            )
        assert scorer is not None
        fits = scorer.score_matrix([candidate])[0]
        eligible = fits >= self.threshold
        order = sorted(np.flatnonzero(~eligible).tolist(), key=lambda j: (-float(fits[j]), pool[j].id))
        targets: list[Vacancy] = []
        for j in order:
            if self._courses_can_open(candidate, pool[j], scorer.score(candidate, pool[j]), scorer):
                targets.append(pool[j])
                if len(targets) == self.n_targets:
                    break
        held = int(sum(v.openings for v, ok in zip(pool, eligible.tolist(), strict=True) if ok))
        now = f"it qualifies now for {int(eligible.sum())} vacancies, {held} openings"
        if not targets:
            selection = (
                f"no vacancy: courses open none of the {len(order)} it does not qualify for yet ({now})"
            )
            return self._plan(candidate, [], [], [], scorer, [], budget, selection)
        selection = f"its {len(targets)} best-fitting vacancies that courses can open, of {len(pool)} ({now})"
        return self._recommend_many(candidate, targets, budget, selection)

    def _courses_can_open(
        self, candidate: Candidate, vacancy: Vacancy, result: FitResult, scorer: FitScorer
    ) -> bool:
        """Whether courses close every gap of ``vacancy`` they would need to and that lifts the fit."""
        gaps = list(result.missing)
        if not gaps or not self.catalogue_index.covers(gaps).any(axis=1).all():
            return False
        trained = self._close_claims(candidate, gaps, 0)
        return scorer.score(trained, vacancy).score >= self.threshold

    def _recommend_many(
        self, candidate: Candidate, vacancies: list[Vacancy], budget: float, selection: str
    ) -> TrainingPlan:
        scorer = self._scorer_for(vacancies)
        column = {vid: k for k, vid in enumerate(scorer.vacancy_ids_)}
        columns = np.array([column[v.id] for v in vacancies], dtype=np.intp)
        results = [scorer.score(candidate, v) for v in vacancies]
        gap_rows: dict[tuple[str, int], SkillGap] = {}
        for result in results:
            for gap in result.missing:
                gap_rows.setdefault((gap.concept_id, gap.required_level), gap)
        where = {k: r for r, k in enumerate(gap_rows)}
        # a vacancy counts when its required gaps are closed and that lifts it to the threshold; else
        # when all its gaps are closed and that does; else it is out of reach (None)
        rows = np.arange(len(vacancies))
        closed_req = [
            self._close_claims(candidate, [g for g in r.missing if g.required], v)
            for v, r in enumerate(results)
        ]
        closed_all = [self._close_claims(candidate, r.missing, v) for v, r in enumerate(results)]
        reach_req = scorer.score_matrix(closed_req)[rows, columns] >= self.threshold
        reach_all = scorer.score_matrix(closed_all)[rows, columns] >= self.threshold
        vacancy_gaps: list[list[int] | None] = []
        for v, result in enumerate(results):
            if result.score >= self.threshold:
                vacancy_gaps.append([])
            elif reach_req[v] or reach_all[v]:
                wanted = [g for g in result.missing if g.required or not reach_req[v]]
                vacancy_gaps.append([where[(g.concept_id, g.required_level)] for g in wanted])
            else:
                vacancy_gaps.append(None)
        index = self.catalogue_index
        covers = index.covers(list(gap_rows.values()))
        limit = None if math.isinf(budget) else budget
        cost = index.costs if limit is None else index.hours
        plan = max_openings_plan(
            covers, cost, index.closure, vacancy_gaps, [v.openings for v in vacancies], limit
        )
        missing = list(gap_rows.values())
        return self._plan(candidate, vacancies, plan.courses, missing, scorer, results, budget, selection)

    def _close_claims(self, candidate: Candidate, gaps: Sequence[SkillGap], copy: int) -> Candidate:
        """Copy number ``copy`` (ids must differ in a batch), holding each gap's concept at the required
        level: what closing exactly those gaps means."""
        claims = [SkillClaim(skill=g.concept_id, level=g.required_level) for g in gaps]
        trained = with_claims(candidate, claims, self.catalogue_index.taxonomy)
        return trained.model_copy(update={"id": f"{candidate.id}#{copy}"})

    def _plan(
        self,
        candidate: Candidate,
        vacancies: list[Vacancy],
        chosen: Sequence[int],
        missing: Sequence[SkillGap],
        scorer: FitScorer,
        before: Sequence[FitResult],
        budget: float | None,
        selection: str,
    ) -> TrainingPlan:
        index = self.catalogue_index
        courses = index.ordered(chosen)
        trained = with_claims(candidate, taught_claims(courses), index.taxonomy)
        seen: dict[tuple[str, int], SkillGap] = {}
        for gap in missing:
            seen.setdefault((gap.concept_id, gap.required_level), gap)
        unique = list(seen.values())
        covers = index.covers(unique)
        closable = set(np.flatnonzero(covers.any(axis=1)).tolist())
        if len(vacancies) == 1:  # the scorer's own word on what is still missing
            result = scorer.score(trained, vacancies[0])
            after = {vacancies[0].id: result.score if result.eligible else 0.0}
            still = {(g.concept_id, g.required_level) for g in result.missing}
        else:  # one vectorised row; what is left follows from `covers`, the scorer's held-level rule
            row = scorer.score_matrix([trained])[0] if vacancies else np.zeros(0)
            column = {vid: k for k, vid in enumerate(scorer.vacancy_ids_)}
            after = {v.id: float(row[column[v.id]]) for v in vacancies}
            closed = set(np.flatnonzero(covers[:, list(chosen)].any(axis=1)).tolist()) if chosen else set()
            still = {(g.concept_id, g.required_level) for r, g in enumerate(unique) if r not in closed}
        return TrainingPlan(
            candidate_id=candidate.id,
            targets=tuple(v.id for v in vacancies),
            courses=tuple(courses),
            total_hours=float(sum(c.hours for c in courses)),
            total_cost=float(sum(index.costs[index.position[c.id]] for c in courses)),
            gaps_closed=tuple(g for g in unique if (g.concept_id, g.required_level) not in still),
            gaps_left=tuple(g for g in unique if (g.concept_id, g.required_level) in still),
            unreachable=tuple(g for r, g in enumerate(unique) if r not in closable),
            scores_before={r.vacancy_id: r.score for r in before},
            scores_after=after,
            eligible_after=tuple(v for v, score in after.items() if score >= self.threshold),
            openings={v.id: v.openings for v in vacancies},
            threshold=self.threshold,
            has_costs=index.has_costs,
            max_hours=budget,
            selection=selection,
        )

    # -- a cohort ---------------------------------------------------------------------------
    def plan_training(
        self,
        candidates: Iterable[Candidate],
        vacancies: Iterable[Vacancy],
        *,
        placement: PlacementLike | None = None,
        seats: dict[str, int] | None = None,
        policy: Literal["local_first", "none"] = "local_first",
        method: Literal["auto", "greedy", "milp"] = "auto",
        group_by: Literal["title", "sector"] | Callable[[Vacancy], str] = "title",
    ) -> CohortPlan:
        """Who takes which course so that the expected placements after training are most.

        ``placement``: who is placed before training, ``place()``'s result on these candidates and
        vacancies made with ``min_score`` equal to ``threshold`` (what ``office_report`` passes, so
        that the report counts placements once); default a maximum placement of the eligible pairs
        (no local quota), which the plan's text names. Training goes to the people it left out, for
        the openings it left. ``seats``:
        course id -> seats available (default each course's ``seats``). ``policy`` "local_first"
        prefers candidates with a KTP of the local region among plans with as many placements (milp)
        or considers their options first (greedy). ``method``: "milp" (exact), "greedy" (maximal,
        at least 1/(2 + L) of the optimum, L the longest programme) or "auto" (milp while the model
        is small). The plan depends on the ids, never on the order of the rows (ties by id).
        See docs/courses.md for the placement model.
        """
        options = {"policy": policy, "method": method, "group_by": group_by}
        check_params("CourseRecommender.plan_training", PLAN_TRAINING_OPTIONS, options)
        where = "CourseRecommender.plan_training"
        people = parse_records(
            Candidate,
            list(record_rows(candidates, parameter="candidates", where=where, record="Candidate")),
            what="candidate",
        )
        jobs = parse_records(
            Vacancy,
            list(record_rows(vacancies, parameter="vacancies", where=where, record="Vacancy")),
            what="vacancy",
        )
        if not jobs:
            raise KerjaMatchError("plan_training: expected at least one vacancy, got none")
        capacity = self._seat_capacity(seats)
        scorer = self._scorer_for(jobs)
        return build_cohort_plan(
            self.catalogue_index, people, jobs, scorer, capacity, threshold=self.threshold,
            placement=placement, policy=policy, method=method, group_by=group_by,
        )  # fmt: skip

    def _seat_capacity(self, seats: dict[str, int] | None) -> np.ndarray:
        index = self.catalogue_index
        capacity = np.array([c.seats for c in index.courses], dtype=np.int64)
        problems = []
        for course_id, value in (seats or {}).items():
            if course_id not in index.position:
                problems.append(Problem("seats", course_id, "not a course of the catalogue", course_id))
            elif isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
                problems.append(Problem("seats", course_id, "expected an int >= 0", value))
            else:
                capacity[index.position[course_id]] = int(value)
        if problems:
            raise ValidationProblems("plan_training: invalid seats", problems)
        return capacity
