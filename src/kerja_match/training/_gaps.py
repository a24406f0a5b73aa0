"""Skill gaps: what a candidate lacks for a vacancy, and what a district's workforce lacks for its vacancies.

Both are the fit scorer's own view (``FitScorer``): a person's gaps are the ``missing`` of its
``FitResult``; a market's supply of a (concept, level) counts the candidates whose credit for it
reaches the scorer's ``required_min_credit``, taken from the same encoded credit matrix the scores
come from. There is no second gap logic that could disagree with the scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from .._inputs import record_rows
from ..errors import KerjaMatchError, require_extra
from ..models import Candidate, Vacancy, in_region, parse_records
from ..taxonomy import Taxonomy

if TYPE_CHECKING:
    import pandas as pd

    from ..scoring import FitScorer, SkillGap


def fitted_scorer(
    vacancies: Sequence[Vacancy], *, taxonomy: Taxonomy | None = None, scorer: FitScorer | None = None
) -> FitScorer:
    """``scorer`` if given (it must be fitted), else a FitScorer on ``taxonomy`` fitted on ``vacancies``."""
    if scorer is not None:
        from ..errors import check_fitted

        check_fitted(scorer, "vacancy_ids_")
        return scorer
    from ..datasets import default_taxonomy
    from ..scoring import FitScorer

    return FitScorer(taxonomy=taxonomy if taxonomy is not None else default_taxonomy()).fit(list(vacancies))


def skill_gaps(
    candidate: Candidate,
    vacancy: Vacancy,
    *,
    taxonomy: Taxonomy | None = None,
    scorer: FitScorer | None = None,
) -> list[SkillGap]:
    """Each requirement of ``vacancy`` that ``candidate`` misses or holds below the level asked.

    The fit scorer's ``missing`` for the pair: concept, Indonesian and English labels, required and
    current level (0 when absent), required or preferred, weight. With ``scorer`` (fitted on a set of
    vacancies including this one) nothing is refitted; else a FitScorer on ``taxonomy`` (default:
    the bundled taxonomy) is fitted on this vacancy.
    """
    fitted = fitted_scorer([vacancy], taxonomy=taxonomy, scorer=scorer)
    return list(fitted.score(candidate, vacancy).missing)


@dataclass(frozen=True)
class MarketGap:
    """One (concept, level) the vacancies ask for: demand in openings, supply in candidates, shortage.

    ``demand_required``: openings of vacancies that require it (hard, gated); ``demand_preferred``:
    openings that ask for it otherwise; ``supply``: candidates holding it (``supply_local`` with a KTP
    of the local region); ``shortage`` = demand_required - supply, negative when more candidates hold
    it than openings require it (``shortage_local`` the same with local holders only).
    """

    concept_id: str
    label_indonesian: str
    label_english: str
    kind: str
    level: int
    demand_required: int
    demand_preferred: int
    vacancies: int
    supply: int
    supply_local: int
    supply_nonlocal: int
    shortage: int
    shortage_local: int

    def values(self) -> tuple[Any, ...]:
        """The row's values in ``MarketGaps.COLUMNS`` order."""
        return tuple(getattr(self, column) for column in MarketGaps.COLUMNS)

    def text(self) -> str:
        return (
            f"{self.label_indonesian} / {self.label_english} (level {self.level}): "
            f"{self.demand_required} openings require it, {self.demand_preferred} prefer it; "
            f"{self.supply} candidates hold it ({self.supply_local} local); "
            f"shortage {self.shortage} ({self.shortage_local} counting local candidates only)"
        )


@dataclass(frozen=True)
class MarketGaps:
    """Per (concept, level) that vacancies ask for: demand in openings, supply in candidates, shortage.

    ``rows`` (:class:`MarketGap`) are sorted by required shortage (openings asking for it as required
    minus candidates holding it), then by required demand, then by concept id and level: the
    competencies most needed come first ("kompetensi yang paling dibutuhkan").
    """

    rows: tuple[MarketGap, ...]
    local_region: str
    n_candidates: int
    n_local: int
    n_vacancies: int
    openings: int

    COLUMNS = (
        "concept_id",
        "label_indonesian",
        "label_english",
        "kind",
        "level",
        "demand_required",
        "demand_preferred",
        "vacancies",
        "supply",
        "supply_local",
        "supply_nonlocal",
        "shortage",
        "shortage_local",
    )

    def __len__(self) -> int:
        return len(self.rows)

    def top(self, n: int = 10) -> list[MarketGap]:
        """The ``n`` most needed competencies."""
        return list(self.rows[:n])

    def explain(self, n: int | None = None) -> list[MarketGap]:
        """The rows, most needed first (the first ``n``; all when None)."""
        return list(self.rows if n is None else self.rows[:n])

    def text(self, n: int = 10) -> str:
        """A short text a TKP3D meeting can read: the most needed competencies and who holds them."""
        lines = [
            f"Kompetensi yang paling dibutuhkan (most needed competencies): {self.n_vacancies} vacancies, "
            f"{self.openings} openings; {self.n_candidates} candidates, {self.n_local} with a KTP of "
            f"{self.local_region}",
        ]
        lines += [f"{rank:>2}. {row.text()}" for rank, row in enumerate(self.rows[:n], start=1)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def to_frame(self) -> pd.DataFrame:
        """One row per (concept, level), in ``COLUMNS`` order (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        return pandas.DataFrame([row.values() for row in self.rows], columns=list(self.COLUMNS))


def market_gaps(
    candidates: Iterable[Candidate],
    vacancies: Iterable[Vacancy],
    *,
    taxonomy: Taxonomy | None = None,
    scorer: FitScorer | None = None,
    local_region: str | None = None,
) -> MarketGaps:
    """What the workforce lacks for the open vacancies, per (concept, level) asked for.

    demand: openings of the vacancies that ask for it, as required (hard, gated) or preferred
    (optional or soft); supply: candidates whose credit for it reaches the scorer's minimum, split
    by KTP (``local_region``, default the vacancies' own ``local_region``); shortage: required
    demand minus supply. Vectorised: one sparse credit matrix for all candidates, no pair loop.
    """
    vacancies = parse_records(
        Vacancy, record_rows(vacancies, parameter="vacancies", where="market_gaps", record="Vacancy")
    )
    candidates = list(
        record_rows(candidates, parameter="candidates", where="market_gaps", record="Candidate")
    )
    if not vacancies:
        raise KerjaMatchError("market_gaps: expected at least one vacancy, got none")
    region = local_region if local_region is not None else common_local_region(vacancies)
    fitted = fitted_scorer(vacancies, taxonomy=taxonomy, scorer=scorer)
    if list(fitted.vacancy_ids_) != [v.id for v in vacancies]:
        raise KerjaMatchError("market_gaps: scorer was fitted on other vacancies than those given")
    columns, holds = fitted.requirement_credits(candidates)
    req_matrix, any_matrix = fitted.requirement_matrices()
    openings = np.array([v.openings for v in vacancies], dtype=np.int64)
    demand_required = np.asarray(req_matrix @ openings).ravel().astype(np.int64)
    demand_any = np.asarray(any_matrix @ openings).ravel().astype(np.int64)
    n_vacancies_asking = np.asarray((any_matrix > 0).sum(axis=1)).ravel()
    local = np.array([in_region(c.ktp_region, region) for c in candidates], dtype=bool)
    supply_local = _column_counts(holds[local] if local.any() else None, len(columns))
    supply_all = _column_counts(holds, len(columns))
    tax = fitted.taxonomy_
    rows: list[MarketGap] = []
    for j, (concept_id, level) in enumerate(columns):
        concept = tax.get(concept_id)
        supply = int(supply_all[j])
        rows.append(
            MarketGap(
                concept_id=concept_id,
                label_indonesian=concept.label_in("id"),
                label_english=concept.label_in("en"),
                kind=concept.kind,
                level=int(level),
                demand_required=int(demand_required[j]),
                demand_preferred=int(demand_any[j] - demand_required[j]),
                vacancies=int(n_vacancies_asking[j]),
                supply=supply,
                supply_local=int(supply_local[j]),
                supply_nonlocal=supply - int(supply_local[j]),
                shortage=int(demand_required[j]) - supply,
                shortage_local=int(demand_required[j]) - int(supply_local[j]),
            )
        )
    rows.sort(key=_most_needed_first)
    return MarketGaps(
        tuple(rows), region, len(candidates), int(local.sum()), len(vacancies), int(openings.sum())
    )


def _most_needed_first(row: MarketGap) -> tuple[int, int, int, str, int]:
    return (-row.shortage, -row.demand_required, -row.demand_preferred, row.concept_id, row.level)


def _column_counts(holds: sparse.csr_matrix | None, n_columns: int) -> np.ndarray:
    if holds is None or holds.shape[0] == 0:
        return np.zeros(n_columns, dtype=np.int64)
    return np.asarray((holds > 0).sum(axis=0)).ravel().astype(np.int64)


def common_local_region(vacancies: Sequence[Vacancy]) -> str:
    """The one ``local_region`` the vacancies share; an error naming them when they differ."""
    regions = sorted({v.local_region for v in vacancies})
    if len(regions) > 1:
        raise KerjaMatchError(
            f"vacancies have different local_region values {regions}; expected one local region"
        )
    return regions[0]
