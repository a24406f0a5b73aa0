"""The labour office's reports: placements against the local-hire quota, demand, shortages, training.

``office_report(candidates, vacancies, courses)`` runs the pipeline (score, place, market gaps, BLK
cohort plan) and returns an :class:`OfficeReport`, whose tables print as text, write as CSV or JSON
and turn into DataFrames (pandas, optional); its charts need matplotlib (optional). Every number
comes from the public results (``Placement``, ``MarketGaps``, ``CohortPlan``): nothing is recomputed.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .errors import KerjaMatchError, require_extra

if TYPE_CHECKING:  # imported where used, so that reading or printing a Table stays light
    import pandas as pd

    from .gaps import MarketGaps
    from .geo import Gazetteer
    from .models import Candidate, Course, Vacancy
    from .placement import Placement
    from .scoring import FitScorer
    from .taxonomy import Taxonomy
    from .training_plans import CohortPlan

__all__ = [
    "PERBUP_BEKASI_QUOTA",
    "OfficeReport",
    "Table",
    "assignments_table",
    "demand_table",
    "employer_quota_table",
    "kecamatan_table",
    "office_report",
    "placement_table",
    "shortage_table",
    "trainees_table",
    "training_table",
]

#: Peraturan Bupati Bekasi 9/2019: companies give at least 30% of hiring to KTP Kab. Bekasi holders
#: (Tempo, 16 Jul 2019; rbg.id 2022).
PERBUP_BEKASI_QUOTA = 0.3


@dataclass(frozen=True)
class Table:
    """A report table: ``rows`` of values in ``columns`` order.

    ``percent`` names the columns, or the rows by their first cell, whose numbers print as 33%.
    """

    name: str  # file stem when written
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    percent: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """One dict per row."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame (needs pandas: ``pip install "kerja-match[pandas]"``)."""

        return require_extra("pandas", "pandas").DataFrame(list(self.rows), columns=list(self.columns))

    def text(self, max_rows: int | None = 20, width: int = 40) -> str:
        """Aligned columns under the title; numbers right-aligned, text cut at ``width`` characters."""
        shown = self.rows if max_rows is None else self.rows[:max_rows]
        cells = [
            [
                self._cell(c in self.percent or row[0] in self.percent, v, width)
                for c, v in zip(self.columns, row, strict=True)
            ]
            for row in shown
        ]
        widths = [max([len(c), *(len(r[k]) for r in cells)]) for k, c in enumerate(self.columns)]
        right = [all(_is_number(row[k]) for row in shown) and bool(shown) for k in range(len(self.columns))]

        def line(values: Sequence[str]) -> str:
            parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True)]
            return "  ".join(parts).rstrip()

        out = [self.title, line(self.columns), line(["-" * w for w in widths])]
        out += [line(r) for r in cells] or ["(none)"]
        if len(shown) < len(self.rows):
            out.append(f"... {len(self.rows) - len(shown):,} more rows")
        return "\n".join(out)

    @staticmethod
    def _cell(percent: bool, value: Any, width: int) -> str:
        if value is None:
            return ""
        if percent and _is_number(value):
            return f"{value:.0%}"
        if isinstance(value, (bool, np.bool_)):
            return "yes" if value else "no"
        if isinstance(value, (int, np.integer)):
            return f"{value:,}"
        if isinstance(value, (float, np.floating)):
            return f"{value:.3f}"
        text = str(value)
        if not text.isprintable():  # a line break or tab in a cell would break the columns
            text = text.encode("unicode_escape").decode("ascii")
        return text if len(text) <= width else text[: width - 1] + "…"

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write as CSV (UTF-8) or JSON (a list of objects), by the suffix; returns the path."""
        target = Path(path)
        suffix = target.suffix.casefold()
        if suffix == ".csv":
            with target.open("w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(self.columns)
                writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        elif suffix == ".json":
            text = json.dumps(self.records(), ensure_ascii=False, indent=2, default=_json_default)
            target.write_text(text + "\n", encoding="utf-8")
        else:
            raise KerjaMatchError(f"{target}: a table is written as .csv or .json, got suffix {suffix!r}")
        return target


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# -- tables -----------------------------------------------------------------------------------------


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
        from .datasets import bekasi_regions

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


# -- the office's report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeReport:
    """What the labour office reads after a job fair: placements and quota, demand, shortages, training.

    Build it with :func:`office_report`, or from results you already have:
    ``OfficeReport(placement, market_gaps(...), recommender.plan_training(...), courses)``.
    """

    placement: Placement
    gaps: MarketGaps
    training: CohortPlan | None = None
    courses: Sequence[Course] = ()  # for course titles in the training table
    quota: float = PERBUP_BEKASI_QUOTA
    gazetteer: Gazetteer | None = None  # kecamatan names; default the bundled Bekasi gazetteer

    def tables(self) -> dict[str, Table]:
        """Every table by name (the names are the file stems of :meth:`write_tables`)."""
        local = self.placement.local_candidates
        tables = [
            placement_table(self.placement, quota=self.quota),
            employer_quota_table(self.placement, quota=self.quota),
            assignments_table(self.placement),
            demand_table(self.gaps),
            shortage_table(self.gaps),
            kecamatan_table(self.placement, self.gazetteer),
        ]
        if self.training is not None:
            tables += [
                training_table(self.training, self.courses, local),
                trainees_table(self.training, local),
            ]
        return {t.name: t for t in tables}

    def text(self, n: int = 10) -> str:
        """The office's view: headline numbers, the ``n`` most demanded competencies and top shortages,
        and the training plan."""
        tables = self.tables()
        parts = [
            tables["placement_summary"].text(max_rows=None, width=60),
            _select(tables["demand"], "label_id", "label_en", "openings_required", "supply", "supply_local").text(n),
            _select(tables["shortages"], "label_id", "level", "demand_required", "supply", "shortage", "supply_local",
                    "shortage_local").text(n),
            _select(tables["kecamatan"], "name", "openings", "filled_local", "filled_other", "unfilled").text(n),
        ]  # fmt: skip
        if self.training is not None:
            model = (
                "(placements counted by the cohort planner's own maximum-placement model, docs/courses.md)"
            )
            parts.append(
                f"{self.training.explain(n_groups=0)}\n{model}\n\n{tables['training'].text(max_rows=None)}"
            )
        return "\n\n".join(parts)

    def write_tables(
        self, directory: str | os.PathLike[str], formats: Sequence[Literal["csv", "json"]] = ("csv", "json")
    ) -> list[Path]:
        """Write every table as ``<name>.csv`` and ``<name>.json`` into ``directory`` (created)."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        return [
            table.write(folder / f"{name}.{fmt}") for name, table in self.tables().items() for fmt in formats
        ]

    def plot(self, directory: str | os.PathLike[str], *, dpi: int = 120) -> list[Path]:
        """Write the three charts as PNG into ``directory`` (needs matplotlib: ``kerja-match[plot]``)."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        from .plots import plot_kecamatan_shortage, plot_local_share, plot_top_demand

        tables = self.tables()
        figures = {
            "local_share_by_employer.png": plot_local_share(tables["employer_quota"], quota=self.quota),
            "top_demanded_competencies.png": plot_top_demand(tables["demand"]),
            "shortage_by_kecamatan.png": plot_kecamatan_shortage(tables["kecamatan"]),
        }
        paths = []
        for name, figure in figures.items():
            figure.savefig(folder / name, dpi=dpi)
            paths.append(folder / name)
        return paths


def _select(table: Table, *columns: str) -> Table:
    """The same table with only ``columns``, for a narrow print."""
    keep = [table.columns.index(c) for c in columns]
    rows = tuple(tuple(row[k] for k in keep) for row in table.rows)
    return Table(table.name, table.title, columns, rows, tuple(c for c in table.percent if c in columns))


def office_report(
    candidates: Sequence[Candidate],
    vacancies: Sequence[Vacancy],
    courses: Sequence[Course] | None = None,
    *,
    scorer: FitScorer | None = None,
    taxonomy: Taxonomy | None = None,
    quota: float = PERBUP_BEKASI_QUOTA,
    min_score: float = 0.5,
    method: Literal["optimal", "stable"] = "optimal",
    train: bool = True,
    seats: dict[str, int] | None = None,
    gazetteer: Gazetteer | None = None,
    progress: bool = False,
) -> OfficeReport:
    """Score, place (with ``quota`` of each employer's openings reserved for locals), find the market's
    gaps and plan a BLK cohort (``courses``, default the bundled catalogue, ``seats`` per course).

    ``scorer``: a FitScorer fitted on ``vacancies`` (default: one on ``taxonomy``). ``progress``
    shows tqdm bars on stderr. Each step is the public function of its module (``place``,
    ``market_gaps``, ``CourseRecommender.plan_training``).
    """
    from tqdm.auto import tqdm

    from .courses import CourseRecommender
    from .datasets.catalog import blk_catalog
    from .gaps import fitted_scorer, market_gaps
    from .placement import place

    candidates, vacancies = list(candidates), list(vacancies)
    catalogue = tuple(blk_catalog() if courses is None else courses)
    steps = ["score", "place", "gaps", *(["training"] if train else [])]
    with tqdm(total=len(steps), desc="office report", unit="step", disable=not progress) as bar:
        bar.set_postfix_str("fit")
        fitted = fitted_scorer(vacancies, taxonomy=taxonomy, scorer=scorer)
        if list(fitted.vacancy_ids_) != [v.id for v in vacancies]:
            raise KerjaMatchError("office_report: scorer was fitted on other vacancies than those given")
        scores = _score_matrix(fitted, candidates, progress)
        bar.update()
        bar.set_postfix_str("place")
        placement = place(
            candidates, vacancies, scores, method=method, min_score=min_score, local_quota=quota
        )
        bar.update()
        bar.set_postfix_str("gaps")
        gaps = market_gaps(candidates, vacancies, scorer=fitted)
        bar.update()
        training = None
        if train:
            bar.set_postfix_str("training")
            recommender = CourseRecommender(
                catalogue, taxonomy=fitted.taxonomy_, scorer=fitted, threshold=min_score
            )
            training = recommender.plan_training(candidates, vacancies, seats=seats)
            bar.update()
    return OfficeReport(placement, gaps, training, catalogue, quota, gazetteer)


def _score_matrix(scorer: FitScorer, candidates: list[Candidate], progress: bool) -> np.ndarray:
    """``scorer.score_matrix(candidates)``, block by block under a progress bar."""
    from tqdm.auto import tqdm

    blocks = []
    with tqdm(
        total=len(candidates), desc="scoring", unit="candidate", leave=False, disable=not progress
    ) as bar:
        for ids, block in scorer.score_blocks(candidates):
            blocks.append(block)
            bar.update(len(ids))
    return np.vstack(blocks) if blocks else np.zeros((0, len(scorer.vacancy_ids_)), dtype=np.float32)
