"""CourseRecommender: which BLK courses close which gaps, for a person, for a market, for a cohort.

A course *closes* a gap (concept k, level L) when it teaches k, or a narrower concept of k, at level
L or higher: exactly when the fit scorer would stop listing the gap as missing (``SkillGap``), since
the scorer's held level counts the concept itself and narrower ones. Taking a course adds its
``teaches`` claims to the candidate (evidence "training", level = max(current, taught)); projected
scores are the scorer's scores of that trained copy. See docs/courses.md for the models.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .._inputs import record_rows
from .._params import Interval, Options, check_params
from ..errors import KerjaMatchError, Problem, ValidationProblems
from ..models import Candidate, Course, SkillClaim, Vacancy, parse_records, validate_records
from ..taxonomy import Taxonomy, find_cycles
from ._gaps import fitted_scorer
from ._plans import CohortPlan, TrainingPlan, plan_cohort, taught_claims, with_claims
from ._solvers import max_openings_plan, min_cost_cover, prerequisite_closure, topological_order

if TYPE_CHECKING:
    from ..scoring import FitScorer, SkillGap

CostOption = Literal["hours"] | Callable[[Course], float]


def check_catalog(courses: Sequence[Course], taxonomy: Taxonomy | None = None) -> list[Problem]:
    """Every problem of a catalogue at once: repeated ids, unknown prerequisites, cycles, unknown concepts."""
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for course in courses:
        if course.id in ids:
            problems.append(Problem(f"course {course.id!r}", "id", "duplicate id", course.id))
        ids[course.id] = len(ids)
    for course in courses:
        for needed in course.prerequisites:
            if needed not in ids:
                problems.append(
                    Problem(f"course {course.id!r}", "prerequisites", "not a course of the catalogue", needed)
                )
        if taxonomy is not None:
            for claim in course.teaches:
                if claim.skill not in taxonomy:
                    problems.append(
                        Problem(
                            f"course {course.id!r}",
                            "teaches",
                            f"expected a concept id of taxonomy {taxonomy.name!r}",
                            claim.skill,
                        )
                    )
    if not problems:
        problems += _cycles(courses)
    return problems


def _cycles(courses: Sequence[Course]) -> list[Problem]:
    links = {c.id: c.prerequisites for c in sorted(courses, key=lambda c: c.id)}
    problems = []
    for cycle in find_cycles(links):
        path = " -> ".join([*cycle, cycle[0]])
        problems.append(Problem(f"course {cycle[0]!r}", "prerequisites", f"cycle: {path}", path))
    return problems


RECOMMENDER_OPTIONS: dict[str, list[Any]] = {
    "cost": [Options(["hours"]), callable],
    "threshold": [Interval("real", 0, 1, closed="right")],
}
RECOMMEND_OPTIONS: dict[str, list[Any]] = {
    "max_hours": [Interval("real", 0, float("inf"), closed="left"), None],
    "method": [Options(["auto", "exhaustive", "milp"])],
}
PLAN_TRAINING_OPTIONS: dict[str, list[Any]] = {
    "policy": [Options(["local_first", "none"])],
    "method": [Options(["auto", "greedy", "milp"])],
    "group_by": [Options(["title", "sector"]), callable],
}


class CourseRecommender:
    """Recommends courses from ``catalog`` to close skill gaps found by the fit scorer.

    Parameters
    ----------
    catalog : iterable of Course (e.g. ``blk_catalog()``)
    taxonomy : Taxonomy, default the scorer's or ``default_taxonomy()``; taught concepts must be in it
    scorer : FitScorer, fitted; default a FitScorer on ``taxonomy`` fitted on the vacancies asked about
    cost : "hours" (lesson hours, JP) or a callable Course -> float; what "cheapest" means
    threshold : projected fit score that counts as eligible (market-aware and cohort plans)

    The catalogue is data, not something learned, so there is no ``fit``: the constructor validates
    it (all problems at once) and indexes it. Courses are kept in id order.
    """

    def __init__(
        self,
        catalog: Iterable[Course],
        *,
        taxonomy: Taxonomy | None = None,
        scorer: FitScorer | None = None,
        cost: CostOption = "hours",
        threshold: float = 0.5,
    ) -> None:
        rows = record_rows(catalog, parameter="catalog", where="CourseRecommender", record="Course")
        records, problems = validate_records(Course, list(rows), what="course")
        courses = sorted(records, key=lambda c: c.id)
        if not courses and not problems:
            raise KerjaMatchError("CourseRecommender: expected at least one course, got an empty catalogue")
        check_params("CourseRecommender", RECOMMENDER_OPTIONS, {"cost": cost, "threshold": threshold})
        if taxonomy is None:
            taxonomy = scorer.taxonomy_ if scorer is not None and hasattr(scorer, "taxonomy_") else None
        if taxonomy is None:
            from ..datasets import default_taxonomy

            taxonomy = default_taxonomy()
        problems += check_catalog(courses, taxonomy)
        if problems:
            raise ValidationProblems("invalid course catalogue", problems)
        self.catalog = courses
        self.taxonomy = taxonomy
        self.scorer = scorer
        self.cost = cost
        self.threshold = threshold
        self._index = {c.id: j for j, c in enumerate(courses)}
        self._prerequisites = [[self._index[p] for p in c.prerequisites] for c in courses]
        self._closure = prerequisite_closure(self._prerequisites)
        self._costs = np.array([self._cost_of(c) for c in courses], dtype=np.float64)
        self._hours = np.array([c.hours for c in courses], dtype=np.float64)
        # taught (concept, level) -> the concepts it closes gaps of: itself and every broader concept
        self._closes: list[dict[str, int]] = [self._closes_of(c) for c in courses]
        self._cover_memo: dict[tuple[tuple[str, int], ...], list[int]] = {}
        self._default_scorer: FitScorer | None = None

    def _cost_of(self, course: Course) -> float:
        value = course.hours if isinstance(self.cost, str) else self.cost(course)
        if not isinstance(value, int | float) or not np.isfinite(value) or value < 0:
            raise KerjaMatchError(f"course {course.id!r}: cost must be a finite number >= 0, got {value!r}")
        return float(value)

    def _closes_of(self, course: Course) -> dict[str, int]:
        best: dict[str, int] = {}
        for claim in course.teaches:
            for concept in (claim.skill, *self.taxonomy.ancestors(claim.skill)):
                best[concept] = max(best.get(concept, 0), claim.level)
        return best

    def covers(self, gaps: Sequence[SkillGap]) -> np.ndarray:
        """Boolean (len(gaps), n_courses): which course closes which gap."""
        return np.array(
            [[closes.get(g.concept_id, 0) >= g.required_level for closes in self._closes] for g in gaps],
            dtype=bool,
        ).reshape(len(gaps), len(self.catalog))

    def ordered(self, positions: Sequence[int]) -> list[Course]:
        """Courses at ``positions``, prerequisites first (ties by id)."""
        return [self.catalog[j] for j in topological_order(positions, self._prerequisites)]

    # -- one candidate ----------------------------------------------------------------------
    def recommend(
        self,
        candidate: Candidate,
        target: Vacancy | Sequence[Vacancy],
        *,
        max_hours: float | None = None,
        method: Literal["auto", "exhaustive", "milp"] = "auto",
    ) -> TrainingPlan:
        """The courses ``candidate`` should take for ``target``.

        One vacancy: the cheapest prerequisite-closed set of courses that closes every required gap
        (``max_hours`` is then not allowed: the cheapest plan is the answer, whatever it costs).
        A list of vacancies: the plan within ``max_hours`` (None: no limit) that makes the candidate
        eligible (projected fit >= threshold) for the most openings, then the cheapest such plan.
        """
        options = {"max_hours": max_hours, "method": method}
        check_params("CourseRecommender.recommend", RECOMMEND_OPTIONS, options)
        if isinstance(target, Vacancy):
            if max_hours is not None:
                raise KerjaMatchError("recommend: max_hours applies to a list of vacancies, not to one")
            return self._recommend_one(candidate, target, method)
        rows = record_rows(target, parameter="target", where="CourseRecommender.recommend", record="Vacancy")
        vacancies = parse_records(Vacancy, list(rows), what="vacancy")
        if not vacancies:
            raise KerjaMatchError("recommend: expected a vacancy or a non-empty list of vacancies, got []")
        return self._recommend_many(candidate, vacancies, max_hours)

    def _scorer_for(self, vacancies: Sequence[Vacancy], *, matrix: bool) -> FitScorer:
        """The given scorer when it can score these vacancies; a fresh one (same options) otherwise."""
        given = self.scorer
        if given is not None and (not matrix or list(given.vacancy_ids_) == [v.id for v in vacancies]):
            return fitted_scorer(vacancies, scorer=given)
        if given is not None:
            params = inspect.signature(type(given)).parameters
            fresh: FitScorer = type(given)(**{p: getattr(given, p) for p in params})
            return fresh.fit(vacancies)
        return fitted_scorer(vacancies, taxonomy=self.taxonomy)

    def _recommend_one(self, candidate: Candidate, vacancy: Vacancy, method: str) -> TrainingPlan:
        if self.scorer is None and self._default_scorer is None:
            # score() takes any vacancy, so one default scorer serves every later call
            self._default_scorer = fitted_scorer([vacancy], taxonomy=self.taxonomy)
        scorer = self.scorer if self.scorer is not None else self._default_scorer
        assert scorer is not None
        before = scorer.score(candidate, vacancy)
        needed = [g for g in before.missing if g.required]
        covers = self.covers(needed)
        reachable = covers.any(axis=1)
        key = tuple(
            sorted(
                (needed[r].concept_id, needed[r].required_level) for r in np.flatnonzero(reachable).tolist()
            )
        )
        chosen = self._cover_memo.get(key) if method == "auto" else None
        if chosen is None:
            chosen = min_cost_cover(covers[reachable], self._costs, self._closure, method=method)
            if method == "auto":
                self._cover_memo[key] = chosen
        return self._plan(candidate, [vacancy], chosen, before.missing, scorer, [before])

    def _recommend_many(
        self, candidate: Candidate, vacancies: list[Vacancy], max_hours: float | None
    ) -> TrainingPlan:
        scorer = self._scorer_for(vacancies, matrix=True)
        results = [scorer.score(candidate, v) for v in vacancies]
        gap_rows: dict[tuple[str, int], SkillGap] = {}
        for result in results:
            for gap in result.missing:
                gap_rows.setdefault((gap.concept_id, gap.required_level), gap)
        keys = list(gap_rows)
        where = {k: r for r, k in enumerate(keys)}
        # a vacancy counts when its required gaps are closed and that lifts it to the threshold; else
        # when all its gaps are closed and that does; else it is out of reach (None)
        closed_req = [
            self._close_claims(candidate, [g for g in r.missing if g.required], v)
            for v, r in enumerate(results)
        ]
        closed_all = [self._close_claims(candidate, r.missing, v) for v, r in enumerate(results)]
        reach_req = np.diagonal(scorer.score_matrix(closed_req)) >= self.threshold
        reach_all = np.diagonal(scorer.score_matrix(closed_all)) >= self.threshold
        vacancy_gaps: list[list[int] | None] = []
        for v, result in enumerate(results):
            if result.score >= self.threshold:
                vacancy_gaps.append([])
            elif reach_req[v] or reach_all[v]:
                wanted = [g for g in result.missing if g.required or not reach_req[v]]
                vacancy_gaps.append([where[(g.concept_id, g.required_level)] for g in wanted])
            else:
                vacancy_gaps.append(None)
        covers = self.covers(list(gap_rows.values()))
        budget_cost = self._costs if max_hours is None else self._hours
        plan = max_openings_plan(
            covers, budget_cost, self._closure, vacancy_gaps, [v.openings for v in vacancies], max_hours
        )
        all_missing = list(gap_rows.values())
        return self._plan(candidate, vacancies, plan.courses, all_missing, scorer, results)

    def _close_claims(self, candidate: Candidate, gaps: Sequence[SkillGap], copy: int) -> Candidate:
        """Copy number ``copy`` (ids must differ in a batch), holding each gap's concept at the required
        level: what closing exactly those gaps means."""
        claims = [SkillClaim(skill=g.concept_id, level=g.required_level) for g in gaps]
        return with_claims(candidate, claims, self.taxonomy).model_copy(
            update={"id": f"{candidate.id}#{copy}"}
        )

    def _plan(
        self,
        candidate: Candidate,
        vacancies: list[Vacancy],
        chosen: Sequence[int],
        missing: Sequence[SkillGap],
        scorer: FitScorer,
        before: Sequence[Any],
    ) -> TrainingPlan:
        courses = self.ordered(chosen)
        trained = with_claims(candidate, taught_claims(courses), self.taxonomy)
        seen: dict[tuple[str, int], SkillGap] = {}
        for gap in missing:
            seen.setdefault((gap.concept_id, gap.required_level), gap)
        unique = list(seen.values())
        covers = self.covers(unique)
        closable = set(np.flatnonzero(covers.any(axis=1)).tolist())
        if len(vacancies) == 1:  # the scorer's own word on what is still missing
            result = scorer.score(trained, vacancies[0])
            after = {vacancies[0].id: result.score if result.eligible else 0.0}
            still = {(g.concept_id, g.required_level) for g in result.missing}
        else:  # one vectorised row; what is left follows from `covers`, the scorer's held-level rule
            row = scorer.score_matrix([trained])[0]
            after = {v.id: float(score) for v, score in zip(vacancies, row.tolist(), strict=True)}
            closed = set(np.flatnonzero(covers[:, list(chosen)].any(axis=1)).tolist()) if chosen else set()
            still = {(g.concept_id, g.required_level) for r, g in enumerate(unique) if r not in closed}
        return TrainingPlan(
            candidate_id=candidate.id,
            targets=tuple(v.id for v in vacancies),
            courses=tuple(courses),
            total_hours=float(sum(c.hours for c in courses)),
            total_cost=float(sum(self._costs[self._index[c.id]] for c in courses)),
            gaps_closed=tuple(g for g in unique if (g.concept_id, g.required_level) not in still),
            gaps_left=tuple(g for g in unique if (g.concept_id, g.required_level) in still),
            unreachable=tuple(g for r, g in enumerate(unique) if r not in closable),
            scores_before={r.vacancy_id: r.score for r in before},
            scores_after=after,
            eligible_after=tuple(v for v, score in after.items() if score >= self.threshold),
            openings={v.id: v.openings for v in vacancies},
            threshold=self.threshold,
        )

    # -- a cohort ---------------------------------------------------------------------------
    def plan_training(
        self,
        candidates: Iterable[Candidate],
        vacancies: Iterable[Vacancy],
        *,
        seats: dict[str, int] | None = None,
        policy: Literal["local_first", "none"] = "local_first",
        method: Literal["auto", "greedy", "milp"] = "auto",
        group_by: Literal["title", "sector"] | Callable[[Vacancy], str] = "title",
    ) -> CohortPlan:
        """Who takes which course so that the expected placements after training are most.

        ``seats``: course id -> seats available (default each course's ``seats``). ``policy``
        "local_first" prefers candidates with a KTP of the vacancies' local region among plans with
        as many placements (milp) or considers their options first (greedy). ``method``: "milp"
        (exact), "greedy" (maximal, at least 1/(2 + L) of the optimum, L the longest programme) or
        "auto" (milp while the model is small). See docs/courses.md for the placement model.
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
        scorer = self._scorer_for(jobs, matrix=True)
        return plan_cohort(
            self, people, jobs, scorer, capacity, policy=policy, method=method, group_by=group_by
        )

    def _seat_capacity(self, seats: dict[str, int] | None) -> np.ndarray:
        capacity = np.array([c.seats for c in self.catalog], dtype=np.int64)
        problems = []
        for course_id, value in (seats or {}).items():
            if course_id not in self._index:
                problems.append(Problem("seats", course_id, "not a course of the catalogue", course_id))
            elif isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
                problems.append(Problem("seats", course_id, "expected an int >= 0", value))
            else:
                capacity[self._index[course_id]] = int(value)
        if problems:
            raise ValidationProblems("plan_training: invalid seats", problems)
        return capacity
