"""Stages 3 to 5 of the normaliser on the lexical side: the shortlist, the re-ranking features of
each (phrase, concept) pair and the calibrated score (docs/normalizer.md explains each feature).

:class:`LexicalRanker` holds what ``SkillNormalizer.fit`` learns from a :class:`LabelIndex`: word
TF-IDF (stemmed words, widened by the translation table) and character n-gram TF-IDF, both as
label rows summed into concept rows. ``pair_features`` shortlists a block of canonical forms with
one sparse product and computes the features of every shortlisted pair at once, never a Python
loop over pairs. The coefficients below turn them into a logit and then into P(correct).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from ._label_index import LabelIndex, RowEntries, binary, pretokenised, word_tokens

__all__ = ["FEATURES", "LexicalRanker", "PairFeatures", "Ranked", "calibrated"]

#: Names of the re-ranking features, in the order of RERANK_COEF.
FEATURES = ("word_label", "word_doc", "expanded_doc", "expanded_label", "char_doc", "ratio_label",
            "coverage", "exact", "log_labels", "expanded_label_mean")  # fmt: skip
# Logistic re-ranker: P(concept is right | features). Fitted by benchmarks/calibrate_normalizer.py
# on the ESCO dev split (altlabel_dev.tsv against skills_taxonomy.csv); no phrase is stored.
RERANK_COEF = np.array([-1.344, 0.7927, 3.795, 10.71, 3.234, 7.945, 2.286, 0.6016, -0.7602, -3.668])
RERANK_INTERCEPT = -15.49
# Calibration of the best pair: P(top-1 right) from (logit, lead over the runner-up), fitted on
# held-out logits of the same dev split (two folds), by the same script.
CALIBRATION_COEF = np.array([0.2951, 0.8451])
CALIBRATION_INTERCEPT = -0.1283
#: Replacement words kept per word in the translation table (more widen recall and cost time).
TRANSLATIONS_PER_WORD = 10
#: Weight of the translated words against the words of the phrase itself.
TRANSLATION_WEIGHT = 1.0
#: Words in more than this share of concepts do not nominate shortlist candidates.
SHORTLIST_MAX_DF = 0.02
#: Concepts per phrase added to the shortlist by every word of the phrase (not widened by the
#: translation table), common ones included, weighted by idf (so "financial services" also brings "offer financial services", whose words
#: are each too common to nominate alone): recall for the alternatives at little cost.
BROAD_SHORTLIST_SIZE = 10
#: Smallest taxonomy (in concepts) on which the broad nomination runs.
BROAD_MIN_CONCEPTS = 1000


class LexicalRanker:
    """The word and character TF-IDF matrices of a :class:`LabelIndex`, built once at fit.

    Attributes: ``word_vectorizer`` / ``char_vectorizer`` (scikit-learn), ``label_words`` (label
    rows, L2), ``concept_words`` (concept word profiles), ``nominating`` (1 for a word that
    nominates shortlist candidates), ``shortlist_words`` (concept profiles without the words too
    common to nominate), ``shortlist_matrix`` (words + n-grams by concepts), ``translation`` (word
    by word), ``idf`` and ``unseen_idf``.
    """

    def __init__(self, index: LabelIndex) -> None:
        self.index = index
        self.word_vectorizer = TfidfVectorizer(
            analyzer=pretokenised, sublinear_tf=True, norm=None, dtype=np.float32
        )
        self.char_vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 4),
            sublinear_tf=True,
            dtype=np.float32,
            # n-grams in many labels say little and make the product slow on big taxonomies
            max_df=max(0.02, min(1.0, 50 / max(1, len(index.label_forms)))),
        )
        self.label_words = normalize(self.word_vectorizer.fit_transform(index.label_tokens)).tocsr()
        # idf of a word no label carries (scikit-learn's smooth idf with df = 0)
        self.unseen_idf = float(np.log(1 + len(index.label_forms)) + 1)
        label_chars = self.char_vectorizer.fit_transform(index.label_forms)
        self.idf = self.word_vectorizer.idf_.astype(np.float32)
        owner = index.label_to_concept()
        label_share = sp.diags(1 / np.maximum(index.label_counts, 1).astype(np.float32))
        # a concept's word profile: share of its labels carrying each word, times the word's idf
        self.concept_words = normalize(
            label_share @ owner @ binary(self.label_words) @ sp.diags(self.idf)
        ).tocsr()
        # words that name many concepts ("manage", "use") nominate no shortlist candidates: they
        # would nominate thousands and decide nothing; the re-ranker still sees them
        concept_df = np.bincount(self.concept_words.indices, minlength=self.concept_words.shape[1])
        nominating = concept_df <= max(SHORTLIST_MAX_DF * len(index.concept_ids), 50)
        self.nominating = nominating.astype(np.float32)
        self.shortlist_words = (self.concept_words @ sp.diags(self.nominating)).tocsr()
        self.shortlist_words.eliminate_zeros()
        concept_chars = normalize(owner @ label_chars)
        # (n_words + n_char_ngrams, n_concepts): one product gives word + character evidence
        self.shortlist_matrix = sp.vstack([self.shortlist_words.T, concept_chars.T], format="csr")
        # (n_words, n_concepts): every word, weighted by idf, for the broad nomination; None on a
        # taxonomy of fewer than BROAD_MIN_CONCEPTS concepts, whose shortlist of 30 is a large
        # share of it already (a seventh of the bundled one; ESCO's 13,900 need the widening)
        wide = len(index.concept_ids) >= BROAD_MIN_CONCEPTS and not nominating.all()
        self.broad_matrix = self.concept_words.T.tocsr() if wide else None
        self.translation = index.substitutions(self.word_vectorizer.vocabulary_, keep=TRANSLATIONS_PER_WORD)

    def pair_features(self, forms: list[str], *, shortlist_size: int, workers: int = 1) -> PairFeatures:
        """Shortlist each form and compute the re-ranking features of its (form, concept) pairs.

        Returns arrays over pairs: ``queries`` (position in ``forms``), ``concepts`` (concept
        index) and ``features`` of shape (n_pairs, len(FEATURES)), float64.
        """
        index = self.index
        n_concepts = len(index.concept_ids)
        words, expanded, unseen = self.word_vectors(forms)
        # stage 3, shortlist: one sparse product of [words widened | char n-grams] with the
        # concept rows of both, (n_forms, n_concepts)
        chars = self.char_vectorizer.transform(forms)
        first_stage = sp.hstack([expanded, chars], format="csr") @ self.shortlist_matrix
        # the broad nomination: the phrase's own words (not widened: the translations nominate
        # above already, and widened rows would make this product three times denser)
        broad = None if self.broad_matrix is None else (words @ self.broad_matrix).tocsr()
        queries, concepts, first_values = self.shortlist(first_stage.tocsr(), forms, shortlist_size, broad)
        if not len(queries):  # nothing shares a word or n-gram with any label
            return PairFeatures(queries, concepts, np.zeros((0, len(FEATURES))))
        # stage 4, concept-level and label-level evidence for each pair
        words_dense, expanded_dense = words.toarray(), expanded.toarray()
        runs, label_rows = index.labels_of(concepts)
        label_queries = np.repeat(queries, index.label_counts[concepts])
        ratio = _label_ratios(forms, label_queries, index.label_form_array[label_rows], workers)
        # each gather is laid out once and serves the plain and the widened words alike
        on_labels = RowEntries(label_queries, self.label_words[label_rows])
        word_label, expanded_label = on_labels.dot(words_dense), on_labels.dot(expanded_dense)
        on_concepts = RowEntries(queries, self.concept_words[concepts])
        held = on_concepts.gather(words_dense)  # the phrase's weight of each concept word
        expanded_products = on_concepts.values * on_concepts.gather(expanded_dense)
        # the share of the phrase's idf mass that the concept's words cover
        mass = np.maximum(binary(words) @ self.idf + unseen * self.unseen_idf, 1e-9)
        covered = on_concepts.sums(self.idf[on_concepts.columns] * (held != 0))
        exact_pairs = [q * n_concepts + c for q, f in enumerate(forms) for c in index.exact.get(f, ())]
        exact = np.isin(queries * n_concepts + concepts, exact_pairs)
        counts = index.label_counts[concepts]
        features = np.column_stack(
            [
                np.maximum.reduceat(word_label, runs),
                on_concepts.sums(on_concepts.values * held),
                on_concepts.sums(expanded_products),
                np.maximum.reduceat(expanded_label, runs),
                # the n-gram part of the first stage: all of it less its words' part
                first_values - on_concepts.sums(expanded_products * self.nominating[on_concepts.columns]),
                np.maximum.reduceat(ratio, runs) / 100.0,
                covered / mass[queries],
                exact,
                np.log(np.maximum(counts, 1)),
                np.add.reduceat(expanded_label, runs) / np.maximum(counts, 1),
            ]
        ).astype(np.float64)
        return PairFeatures(queries, concepts, features)

    def word_vectors(self, forms: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
        """Word TF-IDF rows of ``forms``, the same widened by the translation table, and the count
        of words no label carries. Such words keep their share of each row's norm (at the idf of an
        unseen word), so "lokasi kerja cikarang" is not a perfect match for a label "kerja"."""
        tokens = [word_tokens(f) for f in forms]
        vocabulary = self.word_vectorizer.vocabulary_
        unseen = np.array([len({t for t in ts if t not in vocabulary}) for ts in tokens], dtype=np.float64)
        raw = self.word_vectorizer.transform(tokens).astype(np.float64)
        known_sq = np.asarray(raw.multiply(raw).sum(axis=1)).ravel()
        unseen_sq = unseen * self.unseen_idf**2
        total = np.sqrt(known_sq + unseen_sq)
        total[total == 0] = 1.0
        words = sp.diags(1 / total) @ raw
        widened = sp.diags(TRANSLATION_WEIGHT * np.sqrt(known_sq) / total) @ normalize(
            words @ self.translation
        )
        expanded = words + widened
        expanded_sq = np.asarray(expanded.multiply(expanded).sum(axis=1)).ravel() + unseen_sq / total**2
        expanded = sp.diags(1 / np.sqrt(np.where(expanded_sq > 0, expanded_sq, 1.0))) @ expanded
        return words.astype(np.float32).tocsr(), expanded.astype(np.float32).tocsr(), unseen

    def shortlist(
        self,
        first_stage: sp.csr_matrix,
        forms: list[str],
        shortlist_size: int,
        broad: sp.csr_matrix | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(query, concept, first-stage value) of the pairs to re-rank, sorted by query: the
        ``shortlist_size`` concepts with the most evidence (> 0) in each row of ``first_stage``,
        ties at the border to the lower concept index, the BROAD_SHORTLIST_SIZE best of each row
        of ``broad`` (all words) not among them, and the owners of an exact label."""
        queries, concepts, values = [], [], []
        for q, f in enumerate(forms):  # one small partition per phrase, never a loop over pairs
            lo, hi = first_stage.indptr[q], first_stage.indptr[q + 1]
            all_values, all_columns = first_stage.data[lo:hi], first_stage.indices[lo:hi]
            row_values, columns = _best(all_values, all_columns, shortlist_size)
            chosen = set(columns.tolist())
            extra: list[int] = []
            if broad is not None:  # the best of the broad row that the first stage left out
                b_lo, b_hi = broad.indptr[q], broad.indptr[q + 1]
                wide = _best(
                    broad.data[b_lo:b_hi], broad.indices[b_lo:b_hi], BROAD_SHORTLIST_SIZE + len(chosen)
                )[1]
                extra = [c for c in wide.tolist() if c not in chosen][:BROAD_SHORTLIST_SIZE]
            extra += [c for c in self.index.exact.get(f, ()) if c not in chosen and c not in extra]
            if extra:  # concepts added here keep their own first-stage value (0 when they have none)
                found = np.isin(all_columns, extra)
                value_of = dict(zip(all_columns[found].tolist(), all_values[found].tolist(), strict=True))
                extra_values = np.array([value_of.get(c, 0.0) for c in extra])
                columns = np.concatenate([columns, np.array(extra, dtype=columns.dtype)])
                row_values = np.concatenate([row_values, extra_values.astype(row_values.dtype)])
            queries.append(np.full(len(columns), q))
            concepts.append(columns)
            values.append(row_values)
        return (
            np.concatenate(queries).astype(np.int64),
            np.concatenate(concepts).astype(np.int64),
            np.concatenate(values).astype(np.float64),
        )


def _label_ratios(
    forms: list[str], label_queries: np.ndarray, labels: np.ndarray, workers: int
) -> np.ndarray:
    """``fuzz.ratio`` of each form with each of its labels (``label_queries`` sorted): one
    ``cdist`` per form, which prepares the form once for all its labels (a pairwise ``cpdist``
    prepares it again for each pair and takes three times as long)."""
    out = np.zeros(len(labels), dtype=np.float32)
    bounds = np.searchsorted(label_queries, np.arange(len(forms) + 1)).tolist()
    for q, form in enumerate(forms):  # one call per phrase, never per pair
        lo, hi = bounds[q], bounds[q + 1]
        if hi > lo:
            out[lo:hi] = process.cdist(
                [form], labels[lo:hi], scorer=fuzz.ratio, dtype=np.float32, workers=workers
            )[0]
    return out


def _best(values: np.ndarray, columns: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest ``values`` with their ``columns``, best first, ties to the lower column."""
    if k <= 0:
        return values[:0], columns[:0]
    near = np.arange(len(values))
    if len(values) > k:
        border = np.partition(values, len(values) - k)[len(values) - k]
        near = np.flatnonzero(values >= border)
    near = near[np.lexsort((columns[near], -values[near]))[:k]]
    return values[near], columns[near]


@dataclass(frozen=True)
class Ranked:
    """The best concept indices of one canonical form with their scores, best first."""

    concepts: tuple[int, ...]
    scores: tuple[float, ...]
    exact: bool


@dataclass(frozen=True)
class PairFeatures:
    """Re-ranking features of (form, concept) pairs, sorted by form: see ``_pair_features``."""

    queries: np.ndarray
    concepts: np.ndarray
    features: np.ndarray


def calibrated(logits: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """P(right) of each pair from its re-ranker logit and its lead over the best other concept of
    the same query (the runner-up for the best, the best for the others).

    ``logits`` must be sorted by query, best first within a query.
    """
    if not len(logits):
        return np.zeros(0)
    first = np.r_[True, queries[1:] != queries[:-1]]
    second = np.r_[False, ~first[1:] & first[:-1]]  # the runner-up of a query with 2+ pairs
    best = np.maximum.accumulate(np.where(first, np.arange(len(logits)), 0))
    # a concept left off the shortlist has no evidence: its logit is the intercept
    runner_up = np.full(len(logits), RERANK_INTERCEPT)
    runner_up[second] = np.maximum(logits[second], RERANK_INTERCEPT)
    margin = np.where(first, logits - np.r_[runner_up[1:], RERANK_INTERCEPT], logits - logits[best])
    return _sigmoid(CALIBRATION_COEF[0] * logits + CALIBRATION_COEF[1] * margin + CALIBRATION_INTERCEPT)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))
