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

    def reorder(self, forms: list[str], ranked: list[Ranked]) -> list[Ranked]:
        """``ranked[i]`` (the best concepts of ``forms[i]``) with its alternatives in this order
        (see :func:`ordered`)."""
        queries = np.repeat(np.arange(len(ranked)), [len(r.concepts) for r in ranked])
        concepts = np.array([c for r in ranked for c in r.concepts], dtype=np.int64)
        unsaid = self.unsaid(forms, queries, concepts)
        out, start = [], 0
        for r in ranked:
            n = len(r.concepts)
            out.append(ordered(r, unsaid[start : start + n]))
            start += n
        return out

    def unsaid(self, forms: list[str], queries: np.ndarray, concepts: np.ndarray) -> np.ndarray:
        """For each (form ``forms[queries[i]]``, concept ``concepts[i]``) pair: the least idf mass
        of a label of the concept in words the form does not hold (0.0 for a concept without a
        label)."""
        counts = self.index.label_counts[concepts]
        if not len(concepts) or not counts.sum():
            return np.zeros(len(concepts))
        runs, label_rows = self.index.labels_of(concepts)
        rows = self.label_weights[label_rows]
        per_row = np.diff(rows.indptr)
        entry_query = np.repeat(np.repeat(queries, counts), per_row)
        # a form word as one integer key (form, vocabulary column): membership by a sorted search
        said = np.unique(self._form_keys(forms))
        keys = entry_query * len(self.vocabulary) + rows.indices
        found = np.minimum(np.searchsorted(said, keys), max(len(said) - 1, 0))
        held = said[found] == keys if len(said) else np.zeros(len(keys), dtype=bool)
        segments = np.repeat(np.arange(len(label_rows)), per_row)
        covered = np.bincount(segments, weights=rows.data * held, minlength=len(label_rows))
        unsaid = self.label_mass[label_rows] - covered
        # reduceat needs a non-empty run per pair: concepts without a label read 0.0
        best = np.zeros(len(concepts))
        has = counts > 0
        best[has] = np.minimum.reduceat(unsaid, runs[has])
        return best

    def _form_keys(self, forms: list[str]) -> np.ndarray:
        size = len(self.vocabulary)
        keys = [
            q * size + self.vocabulary[w]
            for q, form in enumerate(forms)
            for w in set(word_tokens(form))
            if w in self.vocabulary
        ]
        return np.array(keys, dtype=np.int64)


def ordered(ranked: Ranked, unsaid: np.ndarray) -> Ranked:
    """The best concept first as it came, then the others by ``log(score) - UNSAID_WORD_WEIGHT *
    unsaid`` (ties in their incoming order); each concept keeps its own score."""
    if len(ranked.concepts) < 3:
        return ranked
    scores = np.maximum(np.asarray(ranked.scores[1:], dtype=np.float64), 1e-12)
    order = [0, *(np.argsort(UNSAID_WORD_WEIGHT * unsaid[1:] - np.log(scores), kind="stable") + 1).tolist()]
    return Ranked(
        tuple(ranked.concepts[i] for i in order), tuple(ranked.scores[i] for i in order), ranked.exact
    )
