"""Focus: which held concepts a vacancy uses, and a block's held concepts at their specificity.

``relevance_matrix`` is built once per fitted market; ``held_matrix`` once per block of candidates.
The scorer multiplies them: (held @ relevance) / held mass is each pair's focus share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray


class _Requirement(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def concept(self) -> int: ...
    @property
    def share(self) -> float: ...


class _Vacancy(Protocol):
    """What focus reads of an encoded vacancy (``EncodedVacancy`` has it)."""

    @property
    def requirements(self) -> Sequence[_Requirement]: ...


def relevance_matrix(
    vacancies: Sequence[_Vacancy],
    relations: Callable[[int], dict[int, tuple[float, str]]],
    n_concepts: int,
) -> sp.csr_matrix:
    """(n_concepts, n_vacancies): how much a held concept is of use to a vacancy, the best relation
    credit (level aside) it earns for one of the vacancy's scored hard requirements; 0 when none."""
    best: dict[tuple[int, int], float] = {}
    for v, vac in enumerate(vacancies):
        for concept in {
            r.concept for r in vac.requirements if r.kind == "hard" and r.concept >= 0 and r.share > 0
        }:
            for holder, (credit, _) in relations(concept).items():
                if credit > best.get((holder, v), 0.0):
                    best[(holder, v)] = credit
    rows = np.fromiter((h for h, _ in best), dtype=np.int64, count=len(best))
    cols = np.fromiter((v for _, v in best), dtype=np.int64, count=len(best))
    values = np.fromiter(best.values(), dtype=np.float64, count=len(best))
    return sp.csr_matrix((values, (rows, cols)), shape=(n_concepts, len(vacancies)))


def held_matrix(
    rows: NDArray[np.int64], concepts: NDArray[np.int64], mass: NDArray[np.float64], n_rows: int
) -> sp.csr_matrix:
    """(n_rows, n_concepts): each distinct concept a row holds, valued at its specificity mass."""
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, concepts)), shape=(n_rows, len(mass)))
    matrix.data[:] = mass[matrix.indices]  # duplicates were summed: set each cell to its mass once
    return matrix
