"""The office's tables, each built from one public result (Placement, MarketGaps, CohortPlan)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._tables import PERBUP_BEKASI_QUOTA, Table

if TYPE_CHECKING:
    from ..geo import Gazetteer
    from ..models import Course, Vacancy
    from ..placement import Placement
    from ..training import CohortPlan, MarketGaps

__all__ = [
    "assignments_table",
    "demand_table",
    "employer_quota_table",
    "flags_table",
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
        ("employers meeting the quota (share of hires)", sum(bool(r["meets_quota"]) for r in hiring)),
        ("openings", summary.openings),
        ("openings unfilled", summary.unfilled_openings),
        ("openings reserved for locals", summary.reserved_openings),
        ("reserved openings no local took", summary.reserve_shortfall),
        *((f"unplaced: {reason}", count) for reason, count in sorted(reasons.items())),
    ]
    percent = ("local share", rows[3][0])
    return Table("placement_summary", "Placement summary", ("measure", "value"), tuple(rows), percent)


def employer_quota_table(placement: Placement, *, quota: float = PERBUP_BEKASI_QUOTA) -> Table:
    """Per employer: ``PlacementSummary.employer_rows`` (one definition, see placement/_summary.py).

    ``meets_quota``: at least ``quota`` of its hires are local; ``local_hires_short``: how many more
    of those hires would have to be local (0 exactly when it meets the quota). The reserve columns
    are ``place()``'s: openings set aside for locals and how many of them no local took. Sorted by
    local share of hires (lowest first), then employer; an employer that hired nobody comes last.
    """
    summary = placement.summary(target=quota)
    columns = summary.EMPLOYER_COLUMNS
    share = columns.index("local_share_of_hires")
    rows = sorted(summary.employer_rows(), key=lambda r: (r[share] is None, r[share] or 0.0, r[0]))
    title = f"Local hires per employer (quota: {quota:.0%} of hires local)"
    return Table("employer_quota", title, columns, tuple(rows), ("local_share_of_hires",))


def assignments_table(placement: Placement) -> Table:
    """Who goes where: ``Placement.assignment_rows`` (``local``: counts for the vacancy's quota)."""
    return Table(
        "assignments", "Placements", placement.ASSIGNMENT_COLUMNS, tuple(placement.assignment_rows())
    )


def demand_table(gaps: MarketGaps) -> Table:
    """Per competency (levels together): openings that require it, prefer it, and who holds it.

    ``holders`` counts candidates holding it at the lowest level any vacancy asks (the most holders).
    Sorted by openings requiring it, then preferring it, then concept id.
    """
    by_concept: dict[str, dict[str, Any]] = {}
    for row in gaps.rows:
        line = by_concept.setdefault(
            row.concept_id,
            {"label_indonesian": row.label_indonesian, "label_english": row.label_english, "kind": row.kind,
             "required": 0, "preferred": 0, "vacancies": 0, "holders": 0, "holders_local": 0},
        )  # fmt: skip
        line["required"] += row.demand_required
        line["preferred"] += row.demand_preferred
        line["vacancies"] += row.vacancies
        line["holders"] = max(line["holders"], row.supply)
        line["holders_local"] = max(line["holders_local"], row.supply_local)
    order = sorted(by_concept, key=lambda c: (-by_concept[c]["required"], -by_concept[c]["preferred"], c))
    rows = tuple((c, *by_concept[c].values()) for c in order)
    columns = ("concept_id", "label_indonesian", "label_english", "kind", "openings_required",
               "openings_preferred", "vacancies", "holders", "holders_local")  # fmt: skip
    return Table("demand", "Most demanded competencies (openings requiring them)", columns, rows)


def shortage_table(gaps: MarketGaps) -> Table:
    """Per (competency, level) that local candidates cannot cover: openings requiring it minus local
    candidates holding it, largest first (then more openings, then concept id and level); only rows
    where that shortage is positive. ``shortage_all_candidates`` counts every holder (negative: more
    holders than openings, the gap is local only).
    """
    columns = ("concept_id", "label_indonesian", "label_english", "level", "openings_required",
               "holders_local", "shortage_local", "holders", "shortage_all_candidates")  # fmt: skip
    short = [r for r in gaps.rows if r.shortage_local > 0]
    short.sort(key=lambda r: (-r.shortage_local, -r.demand_required, r.concept_id, r.level))
    rows = tuple(
        (r.concept_id, r.label_indonesian, r.label_english, r.level, r.demand_required, r.supply_local,
         r.shortage_local, r.supply, r.shortage)
        for r in short
    )  # fmt: skip
    title = "Top shortages among local candidates (openings requiring it minus local candidates holding it)"
    return Table("shortages", title, columns, rows)


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
    for trainee in training.assignments:
        for course_id in trainee.course_ids:
            local_by_course[course_id] += trainee.candidate_id in local
    rows = tuple(
        (course_id, titles.get(course_id, ""), training.seats[course_id], used, local_by_course[course_id])
        for course_id, used in sorted(training.seats_used.items())
        if used
    )
    columns = ("course_id", "title", "seats", "seats_used", "local_trainees")
    return Table("training", "BLK training plan (seats used per course)", columns, rows)


def trainees_table(training: CohortPlan, local: frozenset[str] = frozenset()) -> Table:
    """Per trainee: the courses in order (joined by ' > '), the vacancy expected, local or not."""
    rows = tuple(
        (t.candidate_id, " > ".join(t.course_ids), t.vacancy_id, t.candidate_id in local)
        for t in training.assignments
    )
    return Table("trainees", "Trainees", ("candidate_id", "courses", "vacancy_id", "local"), rows)


FLAG_COLUMNS = ("vacancy", "employer", "field", "kind", "text", "rule")


def flags_table(vacancies: Sequence[Vacancy]) -> Table:
    """Every protected requirement the vacancies carry in ``flags`` (``normalize.flag_vacancy``,
    ``read_job_ad``): an ad asking for "pria" or "usia maks. 30" is a finding for the labour office,
    never an input to a score. One row per flag, in the vacancies' order."""
    rows = tuple((v.id, v.employer, f.field, f.kind, f.text, f.rule) for v in vacancies for f in v.flags)
    ads = len({row[0] for row in rows})
    title = (
        f"Protected-attribute requirements: {len(rows)} in {ads} of {len(vacancies)} vacancies (not scored)"
    )
    return Table("flags", title, FLAG_COLUMNS, rows)
