"""The results of CourseRecommender: TrainingPlan (one candidate) and CohortPlan (a cohort), with
their typed rows, and the trained copy of a candidate both are scored on.

Every result reads the same way: ``explain()`` returns rows (typed, one per item), ``text()`` the
prose an analyst reads (also ``str()``), ``to_frame()`` a DataFrame (pandas, optional).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..errors import require_extra
from ..models import Candidate, Course, Evidence, SkillClaim
from ..taxonomy import Taxonomy

if TYPE_CHECKING:
    import pandas as pd

    from ..scoring import SkillGap

GapStatus = Literal["closed", "left", "unreachable"]
_STATUS_WORDS = {"closed": "closes", "left": "still missing", "unreachable": "no course closes"}


def with_claims(candidate: Candidate, claims: Iterable[SkillClaim], taxonomy: Taxonomy) -> Candidate:
    """``candidate`` after training: each claim added with evidence "training", or raised to its level
    where the candidate claims that skill lower (level = max(current, taught)). Soft concepts of
    ``taxonomy`` go to ``soft_skills``."""
    hard = {c.skill: c for c in candidate.skills}
    soft = {c.skill: c for c in candidate.soft_skills}
    for claim in claims:
        is_soft = claim.skill in taxonomy and taxonomy.get(claim.skill).kind == "soft"
        held = hard.get(claim.skill) or soft.get(claim.skill)
        if held is None or held.level < claim.level:
            hard.pop(claim.skill, None)
            soft.pop(claim.skill, None)
            (soft if is_soft else hard)[claim.skill] = SkillClaim(
                skill=claim.skill, level=claim.level, evidence=Evidence.TRAINING
            )
    return candidate.model_copy(update={"skills": tuple(hard.values()), "soft_skills": tuple(soft.values())})


def taught_claims(courses: Iterable[Course]) -> list[SkillClaim]:
    """Every claim the courses teach, in course order."""
    return [claim for course in courses for claim in course.teaches]


@dataclass(frozen=True)
class PlanGap:
    """One skill of a training plan, its levels together: closed by the plan, left open, or out of
    reach of every course (``unreachable``). ``levels`` are the levels the targets ask for."""

    status: GapStatus
    concept_id: str
    label_indonesian: str
    label_english: str
    current_level: int
    levels: tuple[int, ...]
    required: bool

    def text(self) -> str:
        kind = "required" if self.required else "preferred"
        name = self.label_indonesian
        if self.label_english and self.label_english != name:
            name += f" / {self.label_english}"
        levels = ", ".join(str(level) for level in self.levels)
        return f"{_STATUS_WORDS[self.status]}: {name} (level {self.current_level} -> {levels}; {kind})"


def _group_gaps(status: GapStatus, gaps: Iterable[SkillGap]) -> list[PlanGap]:
    by_concept: dict[str, list[SkillGap]] = {}
    for gap in gaps:
        by_concept.setdefault(gap.concept_id, []).append(gap)
    rows = [
        PlanGap(
            status=status,
            concept_id=concept_id,
            label_indonesian=same[0].label_id,
            label_english=same[0].label_en,
            current_level=min(g.current_level for g in same),
            levels=tuple(sorted({g.required_level for g in same})),
            required=any(g.required for g in same),
        )
        for concept_id, same in by_concept.items()
    ]
    return sorted(rows, key=lambda r: (not r.required, r.label_indonesian.casefold(), r.concept_id))


@dataclass(frozen=True)
class TrainingPlan:
    """The courses one candidate should take, in order, and what they change.

    ``courses`` come prerequisites first; ``gaps_closed`` and ``gaps_left`` are the scorer's gaps
    (over all targets, one per concept and level) closed or still open after training;
    ``unreachable`` the gaps no course of the catalogue closes; ``scores_before`` and
    ``scores_after`` the fit per target vacancy; ``eligible_after`` the targets with a projected
    fit at or above ``threshold``; ``max_hours`` the budget (None for one target: the cheapest
    plan); ``selection`` how the targets were chosen; ``has_costs`` whether the catalogue's cost
    is something else than its hours.
    """

    candidate_id: str
    targets: tuple[str, ...]
    courses: tuple[Course, ...]
    total_hours: float
    total_cost: float
    gaps_closed: tuple[SkillGap, ...]
    gaps_left: tuple[SkillGap, ...]
    unreachable: tuple[SkillGap, ...]
    scores_before: dict[str, float]
    scores_after: dict[str, float]
    eligible_after: tuple[str, ...]
    openings: dict[str, int]
    threshold: float
    has_costs: bool = False
    max_hours: float | None = None
    selection: str = ""

    @property
    def projected_score(self) -> float:
        """Fit after training: for one target its score; for several, the best over them."""
        return max(self.scores_after.values(), default=0.0)

    @property
    def score_before(self) -> float:
        return max(self.scores_before.values(), default=0.0)

    @property
    def openings_before(self) -> int:
        """Openings of targets the candidate is eligible for now (fit >= threshold)."""
        return sum(self.openings[v] for v, s in self.scores_before.items() if s >= self.threshold)

    @property
    def openings_after(self) -> int:
        """Openings of targets the candidate is eligible for after training."""
        return sum(self.openings[v] for v in self.eligible_after)

    def explain(self) -> list[PlanGap]:
        """One row per skill and outcome (closed, left, unreachable), the levels of a skill together."""
        unreachable = set(self.unreachable)
        return [
            *_group_gaps("closed", self.gaps_closed),
            *_group_gaps("left", (g for g in self.gaps_left if g not in unreachable)),
            *_group_gaps("unreachable", self.unreachable),
        ]

    def text(self) -> str:
        """The plan in words: courses in order with hours, skills closed and left, the fit or the
        eligible openings before and after."""
        if len(self.targets) == 1 and self.max_hours is None:
            towards = f"vacancy {self.targets[0]!r}"
        else:
            towards = self.selection or f"{len(self.targets)} vacancies"
            if self.max_hours is not None and self.max_hours != float("inf"):
                towards += f", within {self.max_hours:,g} JP"
        lines = [f"Training plan for candidate {self.candidate_id!r} towards {towards}:"]
        if not self.courses:
            lines.append("  no course needed or possible")
        for step, course in enumerate(self.courses, start=1):
            lines.append(f"  {step}. {course.title} [{course.id}], {course.hours:,g} JP, {course.provider}")
        total = f"  total {self.total_hours:,g} JP"
        lines.append(total + (f" (cost {self.total_cost:,g})" if self.has_costs else ""))
        lines += [f"  {row.text()}" for row in self.explain()]
        if len(self.targets) == 1:
            lines.append(f"  fit score {self.score_before:.3f} -> {self.projected_score:.3f}")
        else:
            lines.append(
                f"  eligible openings (fit >= {self.threshold:g}) {self.openings_before} -> {self.openings_after}"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def to_frame(self) -> pd.DataFrame:
        """One row per course, in order (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        columns = ["step", "course_id", "title", "provider", "kind", "hours", "location", "teaches"]
        rows = [
            (step, c.id, c.title, c.provider, c.kind, c.hours, c.location,
             ", ".join(f"{t.skill}@{t.level}" for t in c.teaches))
            for step, c in enumerate(self.courses, start=1)
        ]  # fmt: skip
        return pandas.DataFrame(rows, columns=columns)


class Trainee(NamedTuple):
    """One trainee of a cohort plan: the courses taken, in order, and the vacancy expected to fill."""

    candidate_id: str
    course_ids: tuple[str, ...]
    vacancy_id: str


@dataclass(frozen=True)
class GroupEffect:
    """Per vacancy group (title, sector, ...): openings, and candidates eligible for at least one of
    its vacancies (fit >= threshold), all and local, before and after training."""

    group: str
    openings: int
    eligible_before: int
    eligible_after: int
    eligible_local_before: int
    eligible_local_after: int

    @property
    def lift(self) -> int:
        return self.eligible_after - self.eligible_before

    @property
    def lift_local(self) -> int:
        return self.eligible_local_after - self.eligible_local_before


@dataclass(frozen=True)
class CohortPlan:
    """Who takes which course, and the placements before and after (see docs/courses.md).

    ``placements_before`` and ``local_placements_before`` are the placement's (``baseline`` says
    which); ``placements_after`` adds the trainees, each expected to fill one opening that placement
    left. ``assignments`` are :class:`Trainee` rows in candidate id order; ``effect`` one
    :class:`GroupEffect` per vacancy group, in group order.
    """

    assignments: tuple[Trainee, ...]
    seats: dict[str, int]
    seats_used: dict[str, int]
    placements_before: int
    placements_after: int
    local_placements_before: int
    local_placements_after: int
    trainees_local: int
    effect: tuple[GroupEffect, ...]
    method: str
    policy: str
    threshold: float
    n_candidates: int
    n_vacancies: int
    openings: int
    openings_left: int = 0
    baseline: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def trainees(self) -> int:
        return len(self.assignments)

    def explain(self, n_groups: int | None = None) -> list[GroupEffect]:
        """The vacancy groups whose eligible local candidates training lifts most (then by name)."""
        ranked = sorted(self.effect, key=lambda r: (-r.lift_local, r.group))
        return ranked if n_groups is None else ranked[:n_groups]

    def text(self, n_groups: int = 10, *, seats: bool = True) -> str:
        """The plan in words: whom it trains in what (with ``seats``, the seats used per course), the
        placements before and after, and the ``n_groups`` vacancy groups training helps most."""
        lines = [
            f"Cohort plan ({self.method}, policy {self.policy}): trains {self.trainees:,} "
            f"({self.trainees_local:,} local) of {self.n_candidates:,} candidates for the "
            f"{self.openings_left:,} openings left unfilled (of {self.openings:,} in {self.n_vacancies:,} vacancies).",
            f"Placements {self.placements_before:,} -> {self.placements_after:,} (local "
            f"{self.local_placements_before:,} -> {self.local_placements_after:,}): before = {self.baseline}; "
            f"after = before + trainees placed in openings it left.",
        ]
        for course_id, used in sorted(self.seats_used.items()):
            if used and seats:
                lines.append(f"  {course_id}: {used} of {self.seats[course_id]} seats")
        for row in self.explain(n_groups):
            lines.append(
                f"  {row.group} ({row.openings} openings): eligible local candidates "
                f"{row.eligible_local_before} -> {row.eligible_local_after}, "
                f"all {row.eligible_before} -> {row.eligible_after}"
            )
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def to_frame(self) -> pd.DataFrame:
        """One row per trainee: candidate, courses (in order, joined by ' > '), expected vacancy."""
        pandas = require_extra("pandas", "pandas")
        rows = [(t.candidate_id, " > ".join(t.course_ids), t.vacancy_id) for t in self.assignments]
        return pandas.DataFrame(rows, columns=["candidate_id", "courses", "vacancy_id"])

    def effect_frame(self) -> pd.DataFrame:
        """One row per vacancy group: openings and eligible candidates before and after (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        columns = ["group", "openings", "eligible_before", "eligible_after", "eligible_local_before",
                   "eligible_local_after"]  # fmt: skip
        return pandas.DataFrame([[getattr(r, c) for c in columns] for r in self.effect], columns=columns)
