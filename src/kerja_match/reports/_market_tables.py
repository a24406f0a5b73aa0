"""The office's tables, each built from one public result (Placement, MarketGaps, CohortPlan)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._tables import PERBUP_BEKASI_QUOTA, Table

if TYPE_CHECKING:
    from ..geo import Gazetteer
    from ..models import Course
    from ..placement import Placement
    from ..training import CohortPlan, MarketGaps

__all__ = [
    "assignments_table",
    "demand_table",
    "employer_quota_table",
    "kecamatan_table",
    "placement_table",
    "shortage_table",
    "trainees_table",
    "training_table",
]


def placement_table(placement: Placement, *, quota: float = PERBUP_BEKASI_QUOTA) -> Table:
    """The headline: placed, local placed, local share against ``quota``, openings, unplaced by reason."""
    summary = placement.summary(target=quota)
    reasons = Counter(reason for _, reason in summary.unplaced)
    quota_rows = employer_quota_table(placement, quota=quota).records()
    hiring = [r for r in quota_rows if r["filled"]]
    rows = [
        ("placed", summary.placed),
        (f"local placed (KTP {placement.local_region})", summary.local_placed),
        ("local share", summary.local_share),
        ("local-hire quota (Perbup Bekasi 9/2019)", quota),
        ("quota met overall", summary.target_met),
        ("employers hiring", len(hiring)),
        ("employers at or above the quota", sum(bool(r["meets_quota"]) for r in hiring)),
        ("openings", summary.openings),
        ("openings unfilled", summary.unfilled_openings),
        ("openings reserved for locals", summary.reserved_openings),
        ("reserved openings no local took", summary.reserve_shortfall),
        *((f"unplaced: {reason}", count) for reason, count in sorted(reasons.items())),
    ]
    percent = ("local share", rows[3][0])
    return Table("placement_summary", "Placement summary", ("measure", "value"), tuple(rows), percent)


def employer_quota_table(placement: Placement, *, quota: float = PERBUP_BEKASI_QUOTA) -> Table:
    """Per employer: openings, filled, locals hired, local share, whether it meets ``quota``.

    Sorted by local share (lowest first), then employer name; an employer that hired nobody has no
    share and comes last. ``reserve`` and ``shortfall`` are the placement's local reserves.
    """
    rows = []
    for e in placement.summary(target=quota).employers:
        share = e.local / e.filled if e.filled else None
        meets = None if share is None else share >= quota
        rows.append((e.employer, e.openings, e.filled, e.local, share, meets, e.reserve, e.shortfall))
    rows.sort(key=lambda r: (r[4] is None, r[4] if r[4] is not None else 0.0, r[0]))
    columns = (
        "employer",
        "openings",
        "filled",
        "local",
        "local_share",
        "meets_quota",
        "reserve",
        "shortfall",
    )
    return Table(
        "employer_quota",
        f"Local hires per employer (quota {quota:.0%})",
        columns,
        tuple(rows),
        ("local_share",),
    )


def assignments_table(placement: Placement) -> Table:
    """Who goes where: candidate, vacancy, employer, fit score, local to the vacancy's region."""
    employer = {v.id: v.employer for v in placement.vacancies}
    rows = tuple(
        (cid, vid, employer[vid], round(score, 4), (cid, vid) in placement.local_for_vacancy)
        for cid, vid, score in placement.assignments
    )
    columns = ("candidate_id", "vacancy_id", "employer", "score", "local")
    return Table("assignments", "Placements", columns, rows)


def demand_table(gaps: MarketGaps) -> Table:
    """Per competency (levels together): openings that require it, prefer it, and who holds it.

    ``supply`` counts candidates holding it at the lowest level any vacancy asks (the most holders).
    Sorted by openings requiring it, then preferring it, then concept id.
    """
    by_concept: dict[str, dict[str, Any]] = {}
    for row in gaps.rows:
        line = by_concept.setdefault(
            row["concept_id"],
            {"label_id": row["label_id"], "label_en": row["label_en"], "kind": row["kind"], "required": 0,
             "preferred": 0, "vacancies": 0, "supply": 0, "supply_local": 0},
        )  # fmt: skip
        line["required"] += row["demand_required"]
        line["preferred"] += row["demand_preferred"]
        line["vacancies"] += row["vacancies"]
        line["supply"] = max(line["supply"], row["supply"])
        line["supply_local"] = max(line["supply_local"], row["supply_local"])
    order = sorted(by_concept, key=lambda c: (-by_concept[c]["required"], -by_concept[c]["preferred"], c))
    rows = tuple((c, *by_concept[c].values()) for c in order)
    columns = ("concept_id", "label_id", "label_en", "kind", "openings_required", "openings_preferred",
               "vacancies", "supply", "supply_local")  # fmt: skip
    return Table("demand", "Most demanded competencies (openings requiring them)", columns, rows)


def shortage_table(gaps: MarketGaps) -> Table:
    """Per (competency, level) short among local candidates: required openings minus holders.

    In ``MarketGaps`` order (largest shortage first); ``shortage_local`` counts local holders only.
    """
    columns = ("concept_id", "label_id", "label_en", "level", "demand_required", "supply", "supply_local",
               "shortage", "shortage_local")  # fmt: skip
    rows = tuple(tuple(r[c] for c in columns) for r in gaps.rows if r["shortage_local"] > 0)
    return Table(
        "shortages", "Top shortages (openings requiring it minus candidates holding it)", columns, rows
    )


def kecamatan_table(placement: Placement, gazetteer: Gazetteer | None = None) -> Table:
    """Per kecamatan of the vacancies: openings, filled by locals and others, and left unfilled.

    "Shortage" here is the openings no candidate was placed in. Sorted by unfilled, most first.
    """
    if gazetteer is None:
        from ..datasets import bekasi_regions

        gazetteer = bekasi_regions()
    filled = Counter(vid for _, vid, _ in placement.assignments)
    local = Counter(vid for _, vid in placement.local_for_vacancy)
    lines: dict[str, list[int]] = {}
    for v in placement.vacancies:
        code = (gazetteer.resolve(v.location) if v.location else None) or "(unknown)"
        line = lines.setdefault(code, [0, 0, 0])
        line[0] += v.openings
        line[1] += local[v.id]
        line[2] += filled[v.id] - local[v.id]
    rows = []
    for code, (openings, by_local, by_other) in lines.items():
        name = gazetteer.get(code).name if code in gazetteer else code
        rows.append((code, name, openings, by_local, by_other, openings - by_local - by_other))
    rows.sort(key=lambda r: (-r[5], r[0]))
    columns = ("kecamatan", "name", "openings", "filled_local", "filled_other", "unfilled")
    return Table("kecamatan", "Openings left unfilled by kecamatan", columns, tuple(rows))


def training_table(
    training: CohortPlan, courses: Sequence[Course] = (), local: frozenset[str] = frozenset()
) -> Table:
    """Per course the cohort plan uses: seats, seats used, and trainees in ``local`` (candidate ids)."""
    titles = {c.id: c.title for c in courses}
    local_by_course: Counter[str] = Counter()
    for cid, taken, _ in training.assignments:
        for course_id in taken:
            local_by_course[course_id] += cid in local
    rows = tuple(
        (course_id, titles.get(course_id, ""), training.seats[course_id], used, local_by_course[course_id])
        for course_id, used in sorted(training.seats_used.items())
        if used
    )
    columns = ("course_id", "title", "seats", "seats_used", "local_trainees")
    return Table("training", "BLK training plan (seats used per course)", columns, rows)


def trainees_table(training: CohortPlan, local: frozenset[str] = frozenset()) -> Table:
    """Per trainee: the courses in order (joined by ' > '), the vacancy expected, local or not."""
    rows = tuple((cid, " > ".join(taken), vid, cid in local) for cid, taken, vid in training.assignments)
    return Table("trainees", "Trainees", ("candidate_id", "courses", "vacancy_id", "local"), rows)
