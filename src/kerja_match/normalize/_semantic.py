"""The optional semantic stage of the normaliser: the nearest concept by cosine of embedded labels.

An *embedder* is any callable ``embedder(list_of_texts) -> array-like of shape (n, d)``: a
sentence-transformers model's ``encode``, a fitted scikit-learn pipeline's ``transform``, ... This
module never imports one; the caller brings it, so the core needs no torch.

At ``fit`` (:meth:`SemanticIndex.build`) every canonical label of every concept is embedded (the
first ``max_labels_per_concept`` of each: the preferred label first, then the alternatives in
taxonomy order), L2-normalised and pooled per concept (the mean of its label vectors, normalised
again: on ESCO with all-MiniLM-L6-v2 it is right more often than the best single label on the
phrases the lexical stages abstain on, and one vector per concept is faster to search; see
docs/normalizer.md).

The score of a semantic match is calibrated at fit on the taxonomy itself, whatever the embedder:
for up to ``CALIBRATION_SAMPLE`` concepts with two labels or more, the last label is held out, its
concept's vector is pooled without it, and a logistic model learns P(the nearest concept is the
held-out label's own) from (cosine of the nearest, lead over the runner-up). That is the setting of
the ESCO dev split (alternative labels removed from the taxonomy), made from any taxonomy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..errors import KerjaMatchError
from ._label_index import LabelIndex

__all__ = ["Embedder", "SemanticHits", "SemanticIndex", "embed"]

Embedder = Callable[[list[str]], Any]

#: Held-out labels the score calibration is fitted on (spread evenly over the taxonomy).
CALIBRATION_SAMPLE = 3000
#: Fewest held-out labels (with both outcomes among them) that a calibration is fitted on.
MIN_CALIBRATION = 20
#: Texts handed to the embedder at once, and query rows scored against all concepts at once.
EMBED_BLOCK = 4096


def embed(embedder: Embedder, texts: list[str], what: str) -> np.ndarray:
    """``embedder`` over ``texts`` in blocks: float32 rows of unit length (a zero row stays zero),
    shape (len(texts), d). An answer of another shape, or with NaN/inf, is a KerjaMatchError."""
    blocks = []
    for start in range(0, len(texts), EMBED_BLOCK):
        chunk = texts[start : start + EMBED_BLOCK]
        vectors = np.asarray(_dense(embedder(chunk)), dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(chunk):
            raise KerjaMatchError(
                f"embedder: for {len(chunk)} {what} expected an array of shape ({len(chunk)}, d), "
                f"got shape {vectors.shape}"
            )
        if not np.isfinite(vectors).all():
            raise KerjaMatchError(f"embedder: returned NaN or inf for some of {len(chunk)} {what}")
        blocks.append(vectors)
    vectors = np.vstack(blocks) if blocks else np.zeros((0, 1), dtype=np.float32)
    return _unit_rows(vectors)


@dataclass(frozen=True)
class SemanticHits:
    """For each query: the best ``keep`` concepts by cosine, best first (ties to the lower index),
    their cosines and calibrated scores; arrays of shape (n_queries, keep)."""

    concepts: np.ndarray
    cosines: np.ndarray
    scores: np.ndarray


@dataclass(frozen=True)
class SemanticIndex:
    """Concept vectors of a taxonomy under one embedder, and the calibration of their cosines.

    ``concept_vectors`` has shape (n_concepts, d), float32, unit rows (zero for a concept without
    labels, which is then never nearest); ``calibration`` is (a, b, c) of
    P(right) = sigmoid(a * cosine + b * lead + c).
    """

    concept_vectors: np.ndarray
    calibration: tuple[float, float, float]
    calibration_size: int

    @classmethod
    def build(cls, embedder: Embedder, index: LabelIndex, *, max_labels_per_concept: int) -> SemanticIndex:
        counts = np.minimum(index.label_counts, max_labels_per_concept)
        runs = index.label_starts.tolist()
        rows = [r for start, n in zip(runs, counts.tolist(), strict=True) for r in range(start, start + n)]
        label_vectors = embed(embedder, [index.label_forms[r] for r in rows], "labels")
        owner = np.repeat(np.arange(len(counts)), counts)
        sums = np.zeros((len(counts), label_vectors.shape[1]), dtype=np.float32)
        np.add.at(sums, owner, label_vectors)
        concept_vectors = _unit_rows(sums)
        held, own, own_vectors = _held_out(label_vectors, sums, counts)
        size, calibration = len(held), _calibrate(label_vectors[held], own, own_vectors, concept_vectors)
        return cls(concept_vectors, calibration, size)

    def nearest(self, vectors: np.ndarray, keep: int) -> SemanticHits:
        """The ``keep`` concepts nearest each row of ``vectors`` (unit rows, as :func:`embed` gives)."""
        n, keep = len(vectors), min(keep, len(self.concept_vectors))
        width = min(max(keep, 2), len(self.concept_vectors))  # the runner-up is needed for the lead
        concepts = np.zeros((n, width), dtype=np.int64)
        cosines = np.zeros((n, width), dtype=np.float64)
        for start in range(0, n, EMBED_BLOCK):
            sims = vectors[start : start + EMBED_BLOCK] @ self.concept_vectors.T
            concepts[start : start + EMBED_BLOCK] = _top_columns(sims, width)
            cosines[start : start + EMBED_BLOCK] = np.take_along_axis(
                sims, concepts[start : start + EMBED_BLOCK], axis=1
            )
        # the best leads the runner-up (a lone concept: by its cosine); the others trail the best
        runner_up = cosines[:, 1] if width > 1 else np.zeros(n)
        lead = np.where(np.arange(width) == 0, (cosines[:, 0] - runner_up)[:, None], cosines - cosines[:, :1])
        scores = self.score(cosines, lead)
        return SemanticHits(concepts[:, :keep], cosines[:, :keep], scores[:, :keep])

    def score(self, cosines: np.ndarray, lead: np.ndarray) -> np.ndarray:
        """Calibrated P(right) of a concept with these cosines and leads (arrays of one shape)."""
        a, b, c = self.calibration
        return 1.0 / (1.0 + np.exp(-np.clip(a * cosines + b * lead + c, -50, 50)))


def _held_out(
    label_vectors: np.ndarray, sums: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The last embedded label of up to CALIBRATION_SAMPLE concepts with two or more (spread evenly,
    in taxonomy order): its row, its concept, and that concept's vector pooled without it."""
    eligible = np.flatnonzero(counts >= 2)
    if len(eligible) > CALIBRATION_SAMPLE:
        eligible = eligible[np.linspace(0, len(eligible) - 1, CALIBRATION_SAMPLE).astype(np.int64)]
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    held = starts[eligible] + counts[eligible] - 1
    return held, eligible, _unit_rows(sums[eligible] - label_vectors[held])


def _calibrate(
    queries: np.ndarray, own: np.ndarray, own_vectors: np.ndarray, concept_vectors: np.ndarray
) -> tuple[float, float, float]:
    """Fit (a, b, c) of P(nearest is right) = sigmoid(a * cosine + b * lead + c) on held-out labels."""
    if len(queries) < MIN_CALIBRATION:
        raise KerjaMatchError(
            f"embedder: the semantic score is calibrated on held-out labels of concepts with two "
            f"labels or more; the taxonomy has {len(queries)}, at least {MIN_CALIBRATION} are needed"
        )
    features, right = [], []
    for start in range(0, len(queries), EMBED_BLOCK):
        block = slice(start, start + EMBED_BLOCK)
        sims = queries[block] @ concept_vectors.T
        rows = np.arange(sims.shape[0])
        sims[rows, own[block]] = np.sum(queries[block] * own_vectors[block], axis=1)
        top = _top_columns(sims, 2)
        best, second = sims[rows, top[:, 0]], sims[rows, top[:, 1]]
        features.append(np.c_[best, best - second])
        right.append(top[:, 0] == own[block])
    x, y = np.vstack(features).astype(np.float64), np.concatenate(right)
    if y.all() or not y.any():
        raise KerjaMatchError(
            f"embedder: on {len(y)} held-out labels the nearest concept was "
            f"{'always' if y.all() else 'never'} right, so its cosine cannot be calibrated"
        )
    model = LogisticRegression(max_iter=1000).fit(x, y)
    a, b = model.coef_[0]
    return float(a), float(b), float(model.intercept_[0])


def _top_columns(sims: np.ndarray, keep: int) -> np.ndarray:
    """Column indices of the ``keep`` largest entries of each row, best first, ties to the lower
    column; shape (n_rows, keep) with 1 <= keep <= n_columns."""
    n_rows = sims.shape[0]
    part = np.argpartition(-sims, keep - 1, axis=1)[:, :keep]
    border = np.take_along_axis(sims, part, axis=1).min(axis=1, keepdims=True)
    above = sims > border
    # of the columns equal to the border, the lowest-numbered ones fill the places left
    need = keep - above.sum(axis=1, keepdims=True)
    at_border = sims == border
    chosen = above | (at_border & (np.cumsum(at_border, axis=1) <= need))
    cols = np.nonzero(chosen)[1].reshape(n_rows, keep)  # ascending within each row
    values = np.take_along_axis(sims, cols, axis=1)
    order = np.lexsort((cols, -values), axis=1) if n_rows else np.zeros((0, keep), dtype=np.int64)
    return np.take_along_axis(cols, order, axis=1)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _dense(vectors: Any) -> Any:
    """A scipy sparse answer (e.g. a TF-IDF transform) as a dense array; anything else as it is."""
    return vectors.toarray() if hasattr(vectors, "toarray") else vectors
