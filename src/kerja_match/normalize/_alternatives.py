"""The order of a match's alternatives: score, less the words a concept's label adds to the phrase.

The best concept and every score come from the re-ranker (:mod:`._lexical_ranker`); this module only
orders the alternatives behind the best. A phrase often shares one or two words with a family of
sibling concepts that differ by a word the phrase never says ("work in a <domain> team", "advise on
<x> management"), while the plain concept the phrase names, with no word the phrase lacks, scores a
little lower and falls off the first few alternatives. Each alternative is therefore ranked by

    log(score) - UNSAID_WORD_WEIGHT * unsaid

where ``unsaid`` is the least idf mass, over the concept's labels, of the label's content words the
phrase does not hold (English function words weigh nothing): a label word the phrase lacks makes
the concept less likely to be what it names, the rarer the word the more. ``score`` stays each
concept's own, so the alternatives need not be sorted by score. The weight was chosen on ESCO's
held-out alternative labels (``altlabel_dev.tsv``: hit@5 of the alternatives rises from 0.9535 to
0.9547 on 4,000 of them between 0.1 and 0.2 and falls past 0.3) and kept at the small end.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ._label_index import LabelIndex, binary, word_tokens
from ._lexical_ranker import LexicalRanker, Ranked
from ._text import lexicon_words

__all__ = ["UNSAID_WORD_WEIGHT", "AlternativeOrder"]

#: Log-score an alternative loses per unit of idf of a label word the phrase does not hold (a word
#: of idf 7, a rare one in ESCO, halves its weight against its neighbours).
UNSAID_WORD_WEIGHT = 0.1


class AlternativeOrder:
    """Label words of every concept weighted by idf, built once at fit from the ranker's matrices.

    ``label_weights`` has one row per label (columns: the ranker's word vocabulary), each content
    word of the label at its idf; ``label_mass`` is each row's sum.
    """

    def __init__(self, ranker: LexicalRanker) -> None:
        vocabulary: dict[str, int] = ranker.word_vectorizer.vocabulary_
        weights = ranker.idf.astype(np.float64).copy()
        for word in lexicon_words("en_stop_words"):
            for stem in word_tokens(word):
                if stem in vocabulary:
                    weights[vocabulary[stem]] = 0.0
        self.index: LabelIndex = ranker.index
        self.vocabulary = vocabulary
        self.label_weights = (binary(ranker.label_words).astype(np.float64) @ sp.diags(weights)).tocsr()
        self.label_weights.sort_indices()
        self.label_mass = np.asarray(self.label_weights.sum(axis=1)).ravel()
        # the label row of each stored entry
        self.entry_rows = np.repeat(
            np.arange(self.label_weights.shape[0]), np.diff(self.label_weights.indptr)
        )

    def reorder(self, forms: list[str], ranked: list[Ranked]) -> list[Ranked]:
        """``ranked[i]`` (the best concepts of ``forms[i]``) in the order of :func:`ordered`; the
        words are weighed only for the concepts that can move (behind the best of three or more)."""
        laid = _Laid(ranked)
        movable = (laid.position > 0) & (laid.counts[laid.queries] > 2)
        unsaid = np.zeros(len(laid.concepts))
        if movable.any():
            read = [f if n > 2 else "" for f, n in zip(forms, laid.counts.tolist(), strict=True)]
            unsaid[movable] = self.unsaid(read, laid.queries[movable], laid.concepts[movable])
        return laid.ordered(ranked, unsaid)

    def unsaid(self, forms: list[str], queries: np.ndarray, concepts: np.ndarray) -> np.ndarray:
        """For each (form ``forms[queries[i]]``, concept ``concepts[i]``) pair: the least idf mass
        of a label of the concept in words the form does not hold. A label of function words only
        ("IT" reads as "it") is left out, and a concept with no other label reads 0.0. ``forms``
        is one block: a (forms, vocabulary) table of booleans is made for it."""
        weights = self.label_weights
        first_label = self.index.label_starts[concepts]
        # a concept's labels are consecutive rows, so their stored entries are one run of the CSR
        low = weights.indptr[first_label]
        per_pair = weights.indptr[first_label + self.index.label_counts[concepts]] - low
        best = np.zeros(len(concepts))
        total = int(per_pair.sum())
        if not total:
            return best
        pair_start = np.cumsum(per_pair) - per_pair
        entries = np.repeat(low - pair_start, per_pair) + np.arange(total)
        # which words each form holds: one gather answers every entry
        said = np.zeros((len(forms), len(self.vocabulary)), dtype=bool)
        said[self._form_words(forms)] = True
        held = said[np.repeat(queries, per_pair), weights.indices[entries]]
        # a label's entries are a run that starts where the row changes or a pair starts
        rows = self.entry_rows[entries]
        starts_label = np.ones(total, dtype=bool)
        starts_label[1:] = rows[1:] != rows[:-1]
        has = per_pair > 0
        starts_label[pair_start[has]] = True
        label_at = np.flatnonzero(starts_label)
        unsaid = self.label_mass[rows[label_at]] - np.add.reduceat(weights.data[entries] * held, label_at)
        best[has] = np.minimum.reduceat(unsaid, np.searchsorted(label_at, pair_start[has]))
        return best

    def _form_words(self, forms: list[str]) -> tuple[list[int], list[int]]:
        """(form, vocabulary column) of each label word each form holds."""
        rows: list[int] = []
        columns: list[int] = []
        for q, form in enumerate(forms):
            for word in word_tokens(form):
                column = self.vocabulary.get(word)
                if column is not None:
                    rows.append(q)
                    columns.append(column)
        return rows, columns


def ordered(ranked: list[Ranked], unsaid: np.ndarray) -> list[Ranked]:
    """Each of ``ranked`` with its best first as it came, then the others by ``log(score) -
    UNSAID_WORD_WEIGHT * unsaid`` (``unsaid``: one value per concept, laid end to end; ties in
    their incoming order), each concept with its own score."""
    return _Laid(ranked).ordered(ranked, unsaid)


class _Laid:
    """The concepts and scores of a list of :class:`Ranked` laid end to end, with each one's list
    (``queries``) and place in it (``position``): the whole block is ordered in one pass."""

    def __init__(self, ranked: list[Ranked]) -> None:
        self.counts = np.array([len(r.concepts) for r in ranked], dtype=np.int64)
        total = int(self.counts.sum())
        self.concepts = np.fromiter((c for r in ranked for c in r.concepts), dtype=np.int64, count=total)
        self.scores = np.fromiter((v for r in ranked for v in r.scores), dtype=np.float64, count=total)
        self.queries = np.repeat(np.arange(len(ranked)), self.counts)
        self.starts = np.cumsum(self.counts) - self.counts
        self.position = np.arange(total) - self.starts[self.queries]

    def ordered(self, ranked: list[Ranked], unsaid: np.ndarray) -> list[Ranked]:
        cost = UNSAID_WORD_WEIGHT * unsaid - np.log(np.maximum(self.scores, 1e-12))
        cost[self.position == 0] = -np.inf  # the best stays first
        order = np.lexsort((self.position, cost, self.queries))
        moved = order != np.arange(len(order))
        out = list(ranked)
        if not moved.any():
            return out
        concepts, scores = self.concepts[order].tolist(), self.scores[order].tolist()
        for q in np.unique(self.queries[moved]).tolist():  # only the lists whose order changed
            a, n = int(self.starts[q]), int(self.counts[q])
            out[q] = Ranked(tuple(concepts[a : a + n]), tuple(scores[a : a + n]), ranked[q].exact)
        return out
