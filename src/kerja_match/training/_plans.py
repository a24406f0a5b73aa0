"""Trained candidates, the results of CourseRecommender (TrainingPlan, CohortPlan) and the cohort planner.

The cohort planner is CourseRecommender.plan_training's engine, kept here so that each module stays
readable in one sitting; it reads the recommender's catalogue index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from ..errors import KerjaMatchError, require_extra
from ..models import Candidate, Course, Evidence, SkillClaim, Vacancy
from ..taxonomy import Taxonomy
from ._gaps import common_local_region
from ._solvers import CohortOptions, exact_cohort, greedy_cohort, max_placements

if TYPE_CHECKING:
    import pandas as pd

    from ..scoring import FitScorer, SkillGap
    from ._recommender import CourseRecommender


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


def _gap_text(gap: SkillGap) -> str:
    kind = "required" if gap.required else "preferred"
    return f"{gap.label_id} / {gap.label_en} (level {gap.current_level} -> {gap.required_level}, {kind})"


@dataclass(frozen=True)
class TrainingPlan:
    """The courses one candidate should take, in order, and what they change.

    ``courses`` come prerequisites first; ``gaps_closed`` and ``gaps_left`` are the scorer's gaps
    (over all targets, one per concept and level) closed or still open after training;
    ``unreachable`` the gaps no course of the catalogue closes; ``scores_before`` and
    ``scores_after`` the fit per target vacancy; ``eligible_after`` the targets with a projected
    fit at or above ``threshold``.
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

    def explain(self) -> str:
        """The plan in words: courses in order with hours, gaps closed and left, scores before and after."""
        target = self.targets[0] if len(self.targets) == 1 else f"{len(self.targets)} vacancies"
        lines = [f"Training plan for candidate {self.candidate_id!r} towards {target}:"]
        if not self.courses:
            lines.append("  no course needed or possible")
        for step, course in enumerate(self.courses, start=1):
            lines.append(f"  {step}. {course.title} [{course.id}], {course.hours:g} JP, {course.provider}")
        lines.append(f"  total {self.total_hours:g} JP (cost {self.total_cost:g})")
        lines += [f"  closes: {_gap_text(g)}" for g in self.gaps_closed]
        lines += [f"  still missing: {_gap_text(g)}" for g in self.gaps_left if g not in self.unreachable]
        lines += [f"  no course closes: {_gap_text(g)}" for g in self.unreachable]
        if len(self.targets) == 1:
            lines.append(f"  fit score {self.score_before:.3f} -> {self.projected_score:.3f}")
        else:
            lines.append(
                f"  eligible openings (fit >= {self.threshold:g}) {self.openings_before} -> {self.openings_after}"
            )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per course, in order (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        rows = [
            {
                "step": step,
                "course_id": c.id,
                "title": c.title,
                "provider": c.provider,
                "kind": c.kind,
                "hours": c.hours,
                "location": c.location,
                "teaches": ", ".join(f"{t.skill}@{t.level}" for t in c.teaches),
            }
            for step, c in enumerate(self.courses, start=1)
        ]
        columns = ["step", "course_id", "title", "provider", "kind", "hours", "location", "teaches"]
        return pandas.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class CohortPlan:
    """Who takes which course, and the expected placements before and after (see docs/courses.md).

    ``assignments`` rows: (candidate id, course ids taken in order, vacancy id the trainee is
    expected to fill). ``effect`` rows per vacancy group: openings, eligible candidates (all and
    local) before and after training.
    """

    assignments: tuple[tuple[str, tuple[str, ...], str], ...]
    seats: dict[str, int]
    seats_used: dict[str, int]
    placements_before: int
    placements_after: int
    local_placements_before: int
    local_placements_after: int
    trainees_local: int
    effect: tuple[dict[str, Any], ...]
    method: str
    policy: str
    threshold: float
    n_candidates: int
    n_vacancies: int
    openings: int
    notes: tuple[str, ...] = field(default=())

    @property
    def trainees(self) -> int:
        return len(self.assignments)

    def explain(self, n_groups: int = 10) -> str:
        """The plan in words: how many are trained in what, and the expected effect."""
        lines = [
            f"Cohort plan ({self.method}, policy {self.policy}): trains {self.trainees} "
            f"({self.trainees_local} local) of {self.n_candidates} candidates for {self.openings} openings "
            f"in {self.n_vacancies} vacancies.",
            f"Expected placements {self.placements_before} -> {self.placements_after} "
            f"(local {self.local_placements_before} -> {self.local_placements_after}).",
        ]
        for course_id, used in sorted(self.seats_used.items()):
            if used:
                lines.append(f"  {course_id}: {used} of {self.seats[course_id]} seats")
        ranked = sorted(
            self.effect, key=lambda r: (-(r["eligible_local_after"] - r["eligible_local_before"]), r["group"])
        )
        for row in ranked[:n_groups]:
            lines.append(
                f"  {row['group']} ({row['openings']} openings): eligible local candidates "
                f"{row['eligible_local_before']} -> {row['eligible_local_after']}, "
                f"all {row['eligible_before']} -> {row['eligible_after']}"
            )
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per trainee: candidate, courses (in order, joined by ' > '), expected vacancy."""
        pandas = require_extra("pandas", "pandas")
        rows = [
            {"candidate_id": c, "courses": " > ".join(k), "vacancy_id": v} for c, k, v in self.assignments
        ]
        return pandas.DataFrame(rows, columns=["candidate_id", "courses", "vacancy_id"])

    def effect_frame(self) -> pd.DataFrame:
        """One row per vacancy group: openings and eligible candidates before and after (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        return pandas.DataFrame(list(self.effect))


#: "auto" solves the cohort exactly (MILP) up to this many options and (option, vacancy) pairs.
MILP_MAX_OPTIONS, MILP_MAX_PAIRS = 2_000, 20_000


def _holds(claims: dict[str, int], course: Course) -> bool:
    """Whether the candidate already claims everything ``course`` teaches, at its level."""
    return all(claims.get(t.skill, 0) >= t.level for t in course.teaches)


def plan_cohort(
    rec: CourseRecommender,
    people: list[Candidate],
    jobs: list[Vacancy],
    scorer: FitScorer,
    capacity: np.ndarray,
    *,
    policy: str,
    method: str,
    group_by: str | Callable[[Vacancy], str],
) -> CohortPlan:
    n, m = len(people), len(jobs)
    eligible = scorer.score_matrix(people) >= rec.threshold
    openings = np.array([v.openings for v in jobs], dtype=np.int64)
    assigned = max_placements(sparse.csr_matrix(eligible), openings)
    placed = assigned >= 0
    residual = openings - np.bincount(assigned[placed], minlength=m)
    region = common_local_region(jobs)
    local = np.array([c.is_local(region) for c in people], dtype=bool)
    options, unlocks_all = _cohort_options(rec, people, jobs, scorer, eligible, placed, residual)
    n_opt = options.candidate.size
    if method == "auto":
        small = n_opt <= MILP_MAX_OPTIONS and options.unlocks.nnz <= MILP_MAX_PAIRS
        method = "milp" if small else "greedy"
    is_local = local[options.candidate]
    if method == "milp":
        bonus = np.where(is_local & (policy == "local_first"), 1.0 / (2.0 * (n_opt + 1)), 0.0)
        taken, filled = exact_cohort(options, capacity, residual, bonus)
    else:
        hours = np.asarray(options.courses @ rec._hours).ravel()
        first = ~is_local if policy == "local_first" else np.zeros(n_opt, dtype=bool)
        order = np.lexsort((np.arange(n_opt), hours, first))
        taken, filled = greedy_cohort(options, order, capacity, residual)
    after = eligible.copy()
    for o in taken.tolist():
        after[options.candidate[o]] |= unlocks_all[o].toarray().ravel()
    trainee = options.candidate[taken]
    assignments = tuple(
        (
            people[i].id,
            tuple(c.id for c in rec.ordered(options.courses[o].indices.tolist())),
            jobs[v].id,
        )
        for o, i, v in zip(taken.tolist(), trainee.tolist(), filled.tolist(), strict=True)
    )
    used = np.asarray(options.courses[taken].sum(axis=0)).ravel().astype(np.int64)
    return CohortPlan(
        assignments=assignments,
        seats={c.id: int(capacity[j]) for j, c in enumerate(rec.catalog)},
        seats_used={c.id: int(used[j]) for j, c in enumerate(rec.catalog)},
        placements_before=int(placed.sum()),
        placements_after=int(placed.sum()) + int(taken.size),
        local_placements_before=int((placed & local).sum()),
        local_placements_after=int((placed & local).sum()) + int(local[trainee].sum()),
        trainees_local=int(local[trainee].sum()),
        effect=_effect_rows(jobs, eligible, after, local, openings, group_by),
        method=method,
        policy=policy,
        threshold=rec.threshold,
        n_candidates=n,
        n_vacancies=m,
        openings=int(openings.sum()),
    )


def _cohort_options(
    rec: CourseRecommender,
    people: list[Candidate],
    jobs: list[Vacancy],
    scorer: FitScorer,
    eligible: np.ndarray,
    placed: np.ndarray,
    residual: np.ndarray,
) -> tuple[CohortOptions, sparse.csr_matrix]:
    """One option per (unplaced candidate, target course that teaches something a vacancy with
    openings left asks for): the course with the prerequisites the candidate does not already hold."""
    ids = scorer.resolver_.concept_ids
    asked = {
        ids[r.concept]
        for v in np.flatnonzero(residual > 0).tolist()
        for r in scorer.encoded_[v].requirements
        if r.concept >= 0
    }
    targets = [j for j, closes in enumerate(rec._closes) if asked.intersection(closes)]
    open_mask = residual > 0
    cand: list[int] = []
    programmes: list[list[int]] = []
    unlock_blocks: list[sparse.csr_matrix] = []
    unplaced = np.flatnonzero(~placed).tolist()
    claims = {i: {c.skill: c.level for c in (*people[i].skills, *people[i].soft_skills)} for i in unplaced}
    for j in targets:
        rows, copies, progs = [], [], []
        for i in unplaced:
            programme = [p for p in sorted(rec._closure[j]) if not _holds(claims[i], rec.catalog[p])]
            if j not in programme:
                continue
            rows.append(i)
            progs.append(programme)
            courses = [rec.catalog[p] for p in programme]
            copies.append(with_claims(people[i], taught_claims(courses), rec.taxonomy))
        if not rows:
            continue
        newly = (scorer.score_matrix(copies) >= rec.threshold) & ~eligible[rows]
        useful = (newly & open_mask).any(axis=1)
        keep = np.flatnonzero(useful).tolist()
        cand += [rows[k] for k in keep]
        programmes += [progs[k] for k in keep]
        unlock_blocks.append(sparse.csr_matrix(newly[useful]))
    n_courses, m = len(rec.catalog), len(jobs)
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
) -> tuple[dict[str, Any], ...]:
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
        {
            "group": g,
            "openings": int(group_openings[k]),
            "eligible_before": int(counts["before"][k]),
            "eligible_after": int(counts["after"][k]),
            "eligible_local_before": int(counts["before_local"][k]),
            "eligible_local_after": int(counts["after_local"][k]),
        }
        for k, g in enumerate(groups)
    )
