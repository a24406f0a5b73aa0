"""Top k per row of a score matrix, streamed over blocks: the selection rule, merging and padding.

Rule: higher score first, then lower index. k is clamped to the number of columns (vacancies or
candidates), so a huge k allocates nothing extra. An entry scoring 0 (no fit, or ineligible) is never
listed: it is padding, index -1 with score nan, like the places beyond a short row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from .._params import Interval, check_params
from ..errors import require_extra

if TYPE_CHECKING:
    import pandas as pd


def check_k(k: int, caller: str = "top_k") -> int:
    """``k`` as an int, or ValidationProblems in the validator's words naming ``caller``."""
    check_params(caller, {"k": [Interval("int", 1)]}, {"k": k})
    return int(k)


@dataclass(frozen=True)
class TopK:
    """The best k per row. ``by="candidate"``: rows are candidates, indices point into
    ``vacancy_ids``; ``by="vacancy"`` (a shortlist): rows are vacancies, indices point into
    ``candidate_ids``. Padding is index -1 with score nan: a pair scoring 0 (no fit, or ineligible)
    is never listed, so a row may have fewer real entries than columns."""

    indices: NDArray[np.int64]  # (n_rows, k)
    scores: NDArray[np.float32]  # (n_rows, k)
    candidate_ids: list[str]
    vacancy_ids: list[str]
    by: Literal["candidate", "vacancy"]

    def ids(self) -> list[list[str]]:
        """Per row, the chosen ids in rank order, without padding."""
        names = self.vacancy_ids if self.by == "candidate" else self.candidate_ids
        return [[names[i] for i in row if i >= 0] for row in self.indices.tolist()]

    @property
    def columns(self) -> tuple[str, str, str, str]:
        """The columns of :meth:`rows` and :meth:`to_frame`: the row's id, rank, the chosen id, score."""
        if self.by == "candidate":
            return ("candidate_id", "rank", "vacancy_id", "score")
        return ("vacancy_id", "rank", "candidate_id", "score")

    def rows(self) -> list[tuple[str, int, str, float]]:
        """One row per entry in rank order (rank from 1), padding left out; see :attr:`columns`."""
        names = self.candidate_ids if self.by == "candidate" else self.vacancy_ids
        chosen = self.vacancy_ids if self.by == "candidate" else self.candidate_ids
        return [
            (names[r], rank, chosen[i], s)
            for r, (row_idx, row_scores) in enumerate(
                zip(self.indices.tolist(), self.scores.tolist(), strict=True)
            )
            for rank, (i, s) in enumerate(zip(row_idx, row_scores, strict=True), start=1)
            if i >= 0
        ]

    def to_frame(self) -> pd.DataFrame:
        """:meth:`rows` as a table with :attr:`columns` (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        return pandas.DataFrame(self.rows(), columns=list(self.columns))

    def pairs(self, min_score: float = 0.0) -> list[tuple[str, str, float]]:
        """(candidate_id, vacancy_id, score) for every entry scoring above ``min_score``, row by row."""
        rows = self.candidate_ids if self.by == "candidate" else self.vacancy_ids
        out = []
        for r, (row_idx, row_scores) in enumerate(
            zip(self.indices.tolist(), self.scores.tolist(), strict=True)
        ):
            for i, s in zip(row_idx, row_scores, strict=True):
                if i >= 0 and s > min_score:
                    c, v = (
                        (rows[r], self.vacancy_ids[i])
                        if self.by == "candidate"
                        else (self.candidate_ids[i], rows[r])
                    )
                    out.append((c, v, s))
        return out


#: Below this share of positive scores, top-k sorts the positive entries instead of partitioning
#: every row: under the gate policy most pairs are ineligible (exactly 0), so this is the usual path.
SPARSE_TOP_K_SHARE = 0.25
_ONE_BITS = int(np.float32(1.0).view(np.int32))


def select_top_k(scores: NDArray[np.float32], k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """The k best columns of each row of ``scores`` (n, m) float32 >= 0, k <= m: higher score
    first, then lower column index. Returns (indices (n, k) int64, scores (n, k) float32)."""
    n, m = scores.shape
    if k == 0 or n == 0:
        return np.zeros((n, k), dtype=np.int64), np.zeros((n, k), dtype=scores.dtype)
    if k >= m:
        order = np.argsort(-scores, axis=1, kind="stable")
        return order.astype(np.int64), np.take_along_axis(scores, order, axis=1)
    positive = scores > 0
    if np.count_nonzero(positive) <= SPARSE_TOP_K_SHARE * n * m:
        return _top_k_positive(scores, k, positive)
    return _top_k_partition(scores, k)


def _top_k_positive(
    scores: NDArray[np.float32], k: int, positive: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Sort only the positive entries by (row, score descending); a stable sort keeps columns
    ascending within a tie. Rows with fewer than k positives are filled with their first zeros."""
    n = scores.shape[0]
    rows, cols = np.nonzero(positive)
    values = scores[rows, cols]
    key = (rows.astype(np.int64) << 32) | (_ONE_BITS - values.view(np.int32)).astype(np.int64)
    order = np.argsort(key, kind="stable")
    counts = np.bincount(rows, minlength=n)
    take = np.minimum(counts, k)
    r = np.repeat(np.arange(n), take)
    j = _rank_within(r)
    source = order[(np.cumsum(counts) - counts)[r] + j]
    idx = np.full((n, k), -1, dtype=np.int64)
    out = np.zeros((n, k), dtype=scores.dtype)
    idx[r, j], out[r, j] = cols[source], values[source]
    short = np.flatnonzero(take < k)
    if short.size:
        zr, zc = _first_equal(scores, np.zeros(n, dtype=scores.dtype), k - take, short)
        idx[zr, take[zr] + _rank_within(zr)] = zc
    return idx, out


def _top_k_partition(scores: NDArray[np.float32], k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """A partition finds each row's k-th largest value t; every entry above t is in, and the rest
    are the lowest-index entries equal to t."""
    n, m = scores.shape
    kth = np.partition(scores, m - k, axis=1)[:, m - k]
    rows_gt, cols_gt = np.nonzero(scores > kth[:, None])
    need = k - np.bincount(rows_gt, minlength=n)
    rows_eq, cols_eq = _first_equal(scores, kth, need, np.arange(n))
    rows = np.concatenate([rows_gt, rows_eq])
    cols = np.concatenate([cols_gt, cols_eq])
    values = scores[rows, cols]
    order = np.lexsort((cols, -values, rows))
    return cols[order].reshape(n, k).astype(np.int64), values[order].reshape(n, k)


def _rank_within(groups: NDArray[np.intp]) -> NDArray[np.intp]:
    """0, 1, 2 ... within each run of equal values of a sorted array."""
    if groups.size == 0:
        return np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    return np.arange(groups.size) - np.repeat(starts, np.diff(np.r_[starts, groups.size]))


def _first_equal(
    scores: NDArray[np.float32], kth: NDArray[np.float32], need: NDArray[np.int64], rows: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """For each of ``rows``, the ``need[row]`` lowest column indices whose score equals ``kth[row]``,
    sorted by (row, column). The search looks at a prefix of the row, widening only when needed."""
    m = scores.shape[1]
    found_rows, found_cols = [], []
    pending = rows
    width = min(m, 4 * int(need[rows].max()) + 32)
    while pending.size:
        part = scores[:, :width] if pending.size == scores.shape[0] else scores[pending, :width]
        equal = part == kth[pending, None]
        rank = np.cumsum(equal, axis=1, dtype=np.int32)
        done = rank[:, -1] >= need[pending]
        r, c = np.nonzero(equal[done] & (rank[done] <= need[pending][done, None]))
        found_rows.append(pending[done][r])
        found_cols.append(c)
        pending = pending[~done]
        width = min(m, width * 8)
    all_rows, all_cols = np.concatenate(found_rows), np.concatenate(found_cols)
    order = np.lexsort((all_cols, all_rows))
    return all_rows[order], all_cols[order]


def merge_top_k(
    idx_a: NDArray[np.int64], scores_a: NDArray[np.float32], idx_b: NDArray[np.int64],
    scores_b: NDArray[np.float32], k: int,
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:  # fmt: skip
    """Merge two per-row top lists into the best k per row, by the same rule as ``select_top_k``."""
    idx = np.concatenate([idx_a, idx_b], axis=1)
    scores = np.concatenate([scores_a, scores_b], axis=1)
    order = np.lexsort((idx, -scores), axis=-1)[:, :k]
    return np.take_along_axis(idx, order, axis=1), np.take_along_axis(scores, order, axis=1)


def drop_unscored(
    idx: NDArray[np.int64], scores: NDArray[np.float32]
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Entries scoring 0 (or nan) become padding, index -1 and score nan (they sort last already)."""
    unscored = ~(scores > 0)
    return np.where(unscored, -1, idx), np.where(unscored, np.float32(np.nan), scores).astype(np.float32)


def pad_top_k(
    idx: NDArray[np.int64], scores: NDArray[np.float32], k: int
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Pad rows to k columns with index -1 and score nan."""
    missing = k - idx.shape[1]
    if missing <= 0:
        return idx, scores
    n = idx.shape[0]
    return (
        np.hstack([idx, np.full((n, missing), -1, dtype=np.int64)]),
        np.hstack([scores.astype(np.float32), np.full((n, missing), np.nan, dtype=np.float32)]),
    )
