"""Arithmetic on a block of candidates: the right-hand matrix, the product, the relative factor.

Both work on (n_vacancies, n_block) float64 arrays, vacancies by rows, as ``FitScorer`` builds them.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray


class _Market(Protocol):
    """The requirement matrices of a fitted market (``MarketEncoding`` has them)."""

    R_num: sp.csr_matrix
    R_hard: sp.csr_matrix
    R_soft: sp.csr_matrix
    R_req: sp.csr_matrix


#: The largest dense left operand (columns x candidates) a product builds; wider markets (ESCO-sized)
#: multiply sparse matrices instead.
DENSE_CREDIT_CELLS = 8_000_000


def product(right_t: sp.csr_matrix, parts: tuple[sp.csr_matrix, ...], n: int) -> NDArray[np.float64]:
    """``right_t @ hstack(parts).T`` as a dense (rows of right_t, n) array.

    With the parts densified this costs O(nnz(right_t) x n) and writes the (nearly full) result
    directly, where parts @ right would build a sparse result that is nearly full. Parts too wide
    for ``DENSE_CREDIT_CELLS`` are multiplied sparse by sparse instead."""
    width = sum(p.shape[1] for p in parts)
    if width * n <= DENSE_CREDIT_CELLS:
        left_t = np.zeros((width, n))
        offset = 0
        for part in parts:
            coo = part.tocoo()
            left_t[coo.col + offset, coo.row] = coo.data
            offset += part.shape[1]
        return np.asarray(right_t @ left_t)
    left = sp.hstack(parts, format="csr")
    return np.ascontiguousarray((left @ right_t.T.tocsc()).toarray().T)


def right_matrix(market: _Market, focus: bool, policy: str, big: float) -> sp.csr_matrix:
    """What a block's [credits | met] multiply: rows are requirement columns (then met-required
    columns under gate or penalty), columns are blocks of n_vacancies outputs: the additive terms
    (the soft part, or every part without focus; minus ``big`` per met required skill under the
    gate, offset at fit), the hard part apart when focus scales it, and the met count under the
    penalty. The "weight" policy needs no met columns."""
    zero = sp.csr_matrix(market.R_req.shape)
    credit_row = [market.R_soft, market.R_hard] if focus else [market.R_num]
    met_row = [big * market.R_req if policy == "gate" else zero] + [zero] * (len(credit_row) - 1)
    if policy == "penalty":
        credit_row, met_row = [*credit_row, zero], [*met_row, market.R_req]
    return sp.bmat([credit_row] if policy == "weight" else [credit_row, met_row], format="csr")


def weighted_geometric_mean(
    hard: NDArray[np.float64], used: NDArray[np.float64], focus: float
) -> NDArray[np.float32]:
    """``hard ** (1 / (1 + focus)) x used ** (focus / (1 + focus))``, elementwise: coverage and
    focus (both scaled by the part weight) weighing 1 and ``focus``.

    In float32 (the scores are float32; float64 roots cost ten times more): a square or cube root
    of the product for the weights 1 and 2, otherwise through logarithms, which neither underflow
    nor overflow for a large weight."""
    h, u = hard.astype(np.float32), used.astype(np.float32)
    if focus == 1:
        h *= u
        return np.sqrt(h, out=h)
    if focus == 2:
        h *= u
        h *= u
        return np.cbrt(h, out=h)
    with np.errstate(divide="ignore"):  # log(0) = -inf, and exp(-inf) = 0: a zero share gives 0
        np.log(h, out=h)
        np.log(u, out=u)
    u *= np.float32(focus)
    h += u
    h *= np.float32(1.0 / (1.0 + focus))
    return np.exp(h, out=h)


def relative_to_best(fits: NDArray[np.float64], power: float) -> NDArray[np.float64]:
    """``fit x (fit / best) ** power`` in place, best = each candidate's (column's) highest fit;
    0 where the best is 0. ``power`` 0 leaves the fits as they are."""
    if power == 0 or fits.size == 0:
        return fits
    best = fits.max(axis=0)
    factor = np.divide(fits, best[None, :], out=np.zeros_like(fits), where=best[None, :] > 0)
    if power != 1:
        np.power(factor, power, out=factor)
    fits *= factor
    return fits
