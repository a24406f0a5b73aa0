"""The course catalogue, validated and indexed once: what every planner of the training package reads.

``CatalogueIndex`` holds the courses in id order with their prerequisite closure, costs, hours and
what each closes. ``CourseRecommender`` (one candidate) and the cohort planner both read it, so
neither reads the other's internals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..errors import KerjaMatchError, Problem, ValidationProblems
from ..models import Course, validate_records
from ..taxonomy import Taxonomy, find_cycles
from ._solvers import prerequisite_closure, topological_order

if TYPE_CHECKING:
    from ..scoring import SkillGap

CostOption = Literal["hours"] | Callable[[Course], float]


def check_catalog(courses: Sequence[Course], taxonomy: Taxonomy | None = None) -> list[Problem]:
    """Every problem of a catalogue at once: repeated ids, unknown prerequisites, cycles, unknown concepts."""
    problems: list[Problem] = []
    ids: set[str] = set()
    for course in courses:
        if course.id in ids:
            problems.append(Problem(f"course {course.id!r}", "id", "duplicate id", course.id))
        ids.add(course.id)
    for course in courses:
        for needed in course.prerequisites:
            if needed not in ids:
                problems.append(
                    Problem(f"course {course.id!r}", "prerequisites", "not a course of the catalogue", needed)
                )
        if taxonomy is not None:
            problems += [
                Problem(
                    f"course {course.id!r}",
                    "teaches",
                    f"expected a concept id of taxonomy {taxonomy.name!r}",
                    claim.skill,
                )
                for claim in course.teaches
                if claim.skill not in taxonomy
            ]
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


class CatalogueIndex:
    """A validated catalogue, indexed: ``courses`` in id order and, per course position,

    ``prerequisites`` (positions), ``closure`` (itself and everything it needs first, transitively),
    ``hours``, ``costs`` (``cost`` per course: "hours" or a callable) and ``closes`` (concept ->
    level: the gaps it closes, i.e. each taught concept and every broader one, at the taught level).
    ``has_costs`` is False when cost means hours (then a cost is never printed beside the hours).
    """

    def __init__(self, catalog: Iterable[Course], taxonomy: Taxonomy, cost: CostOption = "hours") -> None:
        records, problems = validate_records(Course, list(catalog), what="course")
        courses = sorted(records, key=lambda c: c.id)
        if not courses and not problems:
            raise KerjaMatchError("CourseRecommender: expected at least one course, got an empty catalogue")
        problems += check_catalog(courses, taxonomy)
        if problems:
            raise ValidationProblems("invalid course catalogue", problems)
        self.courses: tuple[Course, ...] = tuple(courses)
        self.taxonomy = taxonomy
        self.has_costs = cost != "hours"
        self.position = {c.id: j for j, c in enumerate(courses)}
        self.prerequisites = [[self.position[p] for p in c.prerequisites] for c in courses]
        self.closure = prerequisite_closure(self.prerequisites)
        self.hours = np.array([c.hours for c in courses], dtype=np.float64)
        self.costs = np.array([_cost_of(c, cost) for c in courses], dtype=np.float64)
        self.closes: list[dict[str, int]] = [self._closes_of(c) for c in courses]

    def __len__(self) -> int:
        return len(self.courses)

    def _closes_of(self, course: Course) -> dict[str, int]:
        best: dict[str, int] = {}
        for claim in course.teaches:
            for concept in (claim.skill, *self.taxonomy.ancestors(claim.skill)):
                best[concept] = max(best.get(concept, 0), claim.level)
        return best

    def course(self, course_id: str) -> Course:
        return self.courses[self.position[course_id]]

    def covers(self, gaps: Sequence[SkillGap]) -> np.ndarray:
        """Boolean (len(gaps), n_courses): which course closes which gap."""
        return np.array(
            [[closes.get(g.concept_id, 0) >= g.required_level for closes in self.closes] for g in gaps],
            dtype=bool,
        ).reshape(len(gaps), len(self.courses))

    def ordered(self, positions: Iterable[int]) -> list[Course]:
        """Courses at ``positions``, prerequisites first (ties by id)."""
        return [self.courses[j] for j in topological_order(list(positions), self.prerequisites)]


def _cost_of(course: Course, cost: CostOption) -> float:
    value = course.hours if isinstance(cost, str) else cost(course)
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value) or value < 0:
        raise KerjaMatchError(f"course {course.id!r}: cost must be a finite number >= 0, got {value!r}")
    return float(value)
