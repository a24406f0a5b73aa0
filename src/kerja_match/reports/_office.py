"""The labour office's reports: placements against the local-hire quota, demand, shortages, training.

``office_report(candidates, vacancies, courses)`` runs the pipeline (score, place, market gaps, BLK
cohort plan) and returns an :class:`OfficeReport`, whose tables print as text, write as CSV or JSON
and turn into DataFrames (pandas, optional); its charts need matplotlib (optional). Every number
comes from the public results (``Placement``, ``MarketGaps``, ``CohortPlan``): nothing is recomputed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from .._writing import atomic_write_bytes
from ..errors import KerjaMatchError

if TYPE_CHECKING:  # imported where used, so that reading or printing a Table stays light
    from ..geo import Gazetteer
    from ..models import Candidate, Course, RecordT, Vacancy
    from ..placement import Placement
    from ..scoring import FitScorer
    from ..taxonomy import Taxonomy
    from ..training import CohortPlan, MarketGaps

from ._market_tables import (
    assignments_table,
    demand_table,
    employer_quota_table,
    flags_table,
    kecamatan_table,
    placement_table,
    shortage_table,
    trainees_table,
    training_table,
)
from ._tables import PERBUP_BEKASI_QUOTA, Table

__all__ = ["OfficeReport", "office_report"]


# -- the office's report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeReport:
    """What the labour office reads after a job fair: placements and quota, demand, shortages, training.

    Build it with :func:`office_report`, or from results you already have:
    ``OfficeReport(placement, market_gaps(...), recommender.plan_training(..., placement=placement), courses)``
    (pass the placement so that the cohort plan counts placements as the headline does).
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
            flags_table(self.placement.vacancies),
        ]
        if self.training is not None:
            tables += [
                training_table(self.training, self.courses, local),
                trainees_table(self.training, local),
            ]
        return {t.name: t for t in tables}

    def text(self, n: int = 10) -> str:
        """The office's view: headline numbers, the ``n`` most demanded competencies and top shortages,
        the training plan, and the vacancies that ask for a protected attribute."""
        tables = self.tables()
        parts = [
            tables["placement_summary"].text(max_rows=None, width=60),
            _select(tables["demand"], "label_indonesian", "label_english", "openings_required", "holders",
                    "holders_local").text(n),
            _select(tables["shortages"], "label_indonesian", "level", "openings_required", "holders_local",
                    "shortage_local", "holders").text(n),
            _select(tables["kecamatan"], "name", "openings", "filled_local", "filled_other", "unfilled").text(n),
        ]  # fmt: skip
        if self.training is not None:
            parts.append(
                f"{self.training.text(n_groups=0, seats=False)}\n\n{tables['training'].text(max_rows=None)}"
            )
        parts.append(_select(tables["flags"], "vacancy", "employer", "kind", "text").text(n))
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
            with atomic_write_bytes(folder / name) as stream:
                figure.savefig(stream, dpi=dpi, format="png")
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

    Each vacancy's protected requirements are listed in its ``flags`` (``normalize.flag_vacancy``)
    and in the ``flags`` table; they are never scored.
    ``scorer``: a FitScorer fitted on ``vacancies`` (default: one on ``taxonomy``). ``progress``
    shows tqdm bars on stderr. Each step is the public function of its module (``place``,
    ``market_gaps``, ``CourseRecommender.plan_training``).
    """
    from tqdm.auto import tqdm

    from ..datasets.catalog import blk_catalog
    from ..models import Candidate, Course, Vacancy
    from ..normalize import flag_vacancy
    from ..placement import place
    from ..training import CourseRecommender
    from ..training._gaps import fitted_scorer, market_gaps

    candidates = _records(Candidate, candidates, "candidates")
    vacancies = [flag_vacancy(v) for v in _records(Vacancy, vacancies, "vacancies")]
    catalogue = tuple(blk_catalog() if courses is None else _records(Course, courses, "courses"))
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
            training = recommender.plan_training(candidates, vacancies, placement=placement, seats=seats)
            bar.update()
    return OfficeReport(placement, gaps, training, catalogue, quota, gazetteer)


def _records(model: type[RecordT], given: object, parameter: str) -> list[RecordT]:
    """What office_report was given as records: checked (a list, not one record), a DataFrame's rows read."""
    from .._inputs import record_rows
    from ..models import parse_records

    return parse_records(
        model, record_rows(given, parameter=parameter, where="office_report", record=model.__name__)
    )


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
