"""SkillNormalizer: free text in Indonesian and English to taxonomy concepts, or an abstention.

The pipeline, stage by stage (docs/normalizer.md has the figures):

1. canonical text: :func:`kerja_match.text.canonical` for labels and queries alike, then English
   stemming (Snowball) of the words for the word-level features;
2. concept ids and exact look-up: a phrase that is a concept id resolves to it (method "id"); a
   canonical form that equals a canonical label is flagged as exact evidence (method "exact");
3. shortlist: word TF-IDF (query words widened by a translation table learned from the taxonomy:
   words that replace each other between labels of one concept, "monitor"~"oversee",
   "bubut"~"lathe") and character n-gram TF-IDF, both as sparse label matrices summed into
   concept rows; one sparse product per block of queries; the ``shortlist_size`` best concepts;
4. re-ranking: features of each (phrase, concept) pair that use every label of the concept (best
   label by word cosine and by rapidfuzz ratio, share of the phrase's word weight the concept
   covers, ...) combined by a logistic model (``RERANK_COEF``), then calibrated from the logit and
   its lead over the runner-up (``CALIBRATION_COEF``) into an estimate of P(correct); both fitted
   at development time by ``benchmarks/calibrate_normalizer.py``;
5. abstention: the best concept's score below ``score_cutoff`` gives ``concept_id=None``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .errors import KerjaMatchError, check_fitted
from .taxonomy import Taxonomy
from .text import MAX_PHRASE_LENGTH, canonical

if TYPE_CHECKING:
    import pandas as pd

    from .crosswalk import Crosswalk

__all__ = ["MAX_PHRASE_LENGTH", "SkillMatch", "SkillNormalizer", "UnmappedReport", "UnmappedRow"]

Method = Literal["id", "exact", "fuzzy", "semantic", "none"]
Embedder = Callable[[list[str]], np.ndarray]

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
DEFAULT_SCORE_CUTOFF = 0.25
#: Replacement words kept per word in the translation table (more widen recall and cost time).
TRANSLATIONS_PER_WORD = 10
#: Weight of the translated words against the words of the phrase itself.
TRANSLATION_WEIGHT = 1.0
#: Words in more than this share of concepts do not nominate shortlist candidates.
SHORTLIST_MAX_DF = 0.02


@dataclass(frozen=True)
class SkillMatch:
    """Where one phrase landed.

    ``concept_id`` is None when the normaliser abstains; ``score`` estimates the probability that
    ``concept_id`` is right (for an abstention: that the nearest concept would have been);
    ``method`` says which stage decided; ``alternatives`` are the next best (concept id, score).
    """

    phrase: str
    concept_id: str | None
    label: str | None
    score: float
    method: Method
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class UnmappedRow:
    """One canonical phrase the normaliser abstained on, how often it came and what was nearest."""

    canonical: str
    count: int
    examples: tuple[str, ...]
    nearest: tuple[tuple[str, str, float], ...]  # (concept id, label, score)


@dataclass(frozen=True)
class UnmappedReport:
    """What abstained in a batch, most frequent first, so a curator can grow the taxonomy."""

    total: int
    abstained: int
    rows: tuple[UnmappedRow, ...]

    @property
    def abstained_share(self) -> float:
        return self.abstained / self.total if self.total else 0.0

    def to_frame(self) -> pd.DataFrame:
        """One row per canonical phrase (needs pandas: ``pip install "kerja-match[pandas]"``)."""
        pd = _pandas()
        return pd.DataFrame(
            [
                {
                    "canonical": r.canonical,
                    "count": r.count,
                    "examples": " | ".join(r.examples),
                    "nearest": " | ".join(f"{label} ({cid}) {score:.2f}" for cid, label, score in r.nearest),
                }
                for r in self.rows
            ],
            columns=["canonical", "count", "examples", "nearest"],
        )


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('to_frame() needs pandas: pip install "kerja-match[pandas]"') from None
    return pd


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def word_tokens(form: str) -> list[str]:
    """Stemmed words of a canonical form: the units of the word-level features."""
    return [_stem(w) for w in form.split()]


def _pretokenised(tokens: list[str]) -> list[str]:
    return tokens


class SkillNormalizer:
    """Map skill phrases to concepts of a taxonomy, or abstain.

    Parameters
    ----------
    score_cutoff : float in [0, 1]
        Below this score (an estimate of P(correct)) the normaliser abstains.
    shortlist_size : int
        Concepts per phrase that reach the re-ranker.
    n_alternatives : int
        Next best concepts reported on each match.
    embedder : callable, optional
        Reserved for a semantic stage (``embedder(list_of_texts) -> ndarray (n, d)``). Its
        re-ranking coefficients are not derived yet, so ``fit`` refuses an embedder rather than
        ignore it; the lexical core never needs one.
    block_size : int
        Phrases scored together; bounds memory (a few dense arrays of block_size x vocabulary).
    workers : int
        Threads for rapidfuzz (as in ``rapidfuzz.process.cdist``); -1 uses every core.
    """

    def __init__(
        self,
        *,
        score_cutoff: float = DEFAULT_SCORE_CUTOFF,
        shortlist_size: int = 30,
        n_alternatives: int = 3,
        embedder: Embedder | None = None,
        block_size: int = 512,
        workers: int = 1,
    ) -> None:
        self.score_cutoff = score_cutoff
        self.shortlist_size = shortlist_size
        self.n_alternatives = n_alternatives
        self.embedder = embedder
        self.block_size = block_size
        self.workers = workers

    # -- fit -----------------------------------------------------------------------------------
    def _check_options(self) -> None:
        problems = []
        cutoff = self.score_cutoff
        if not isinstance(cutoff, (int, float)) or isinstance(cutoff, bool) or not 0 <= cutoff <= 1:
            problems.append(f"score_cutoff must be a number in [0, 1], got {cutoff!r}")
        for name, low in (("shortlist_size", 1), ("n_alternatives", 0), ("block_size", 1)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                problems.append(f"{name} must be an int >= {low}, got {value!r}")
        if (
            not isinstance(self.workers, int)
            or isinstance(self.workers, bool)
            or self.workers == 0
            or self.workers < -1
        ):
            problems.append(f"workers must be a positive int or -1, got {self.workers!r}")
        if self.embedder is not None:
            problems.append(
                "embedder: the semantic stage is not available in this version (its re-ranking "
                f"coefficients are not derived); pass embedder=None, got {type(self.embedder).__name__}"
            )
        if problems:
            raise KerjaMatchError("SkillNormalizer: " + "; ".join(problems))

    def fit(self, taxonomy: Taxonomy) -> SkillNormalizer:
        """Index every label of every non-group concept of ``taxonomy``; returns self."""
        self._check_options()
        if not isinstance(taxonomy, Taxonomy):
            raise KerjaMatchError(f"SkillNormalizer.fit: expected a Taxonomy, got {type(taxonomy).__name__}")
        index = LabelIndex.build(taxonomy)
        if not index.label_forms:
            raise KerjaMatchError(
                f"SkillNormalizer.fit: taxonomy {taxonomy.name!r} has no non-group concept with a label "
                "that has letters or digits"
            )
        self.taxonomy_ = taxonomy
        self.index_ = index
        self.concept_ids_ = index.concept_ids
        self.id_lookup_ = {cid: i for i, cid in enumerate(index.concept_ids)}
        self.word_vectorizer_ = TfidfVectorizer(
            analyzer=_pretokenised, sublinear_tf=True, norm=None, dtype=np.float32
        )
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 4),
            sublinear_tf=True,
            dtype=np.float32,
            # n-grams in many labels say little and make the product slow on big taxonomies
            max_df=max(0.02, min(1.0, 50 / max(1, len(index.label_forms)))),
        )
        self.label_words_ = normalize(self.word_vectorizer_.fit_transform(index.label_tokens)).tocsr()
        # idf of a word no label carries (scikit-learn's smooth idf with df = 0)
        self.unseen_idf_ = float(np.log(1 + len(index.label_forms)) + 1)
        label_chars = self.char_vectorizer_.fit_transform(index.label_forms)
        self.idf_ = self.word_vectorizer_.idf_.astype(np.float32)
        owner = index.label_to_concept()
        label_share = sp.diags(1 / np.maximum(index.label_counts, 1).astype(np.float32))
        # a concept's word profile: share of its labels carrying each word, times the word's idf
        self.concept_words_ = normalize(
            label_share @ owner @ _binary(self.label_words_) @ sp.diags(self.idf_)
        ).tocsr()
        self.concept_vocabulary_ = _binary(owner @ self.label_words_).tocsr()
        # words that name many concepts ("manage", "use") nominate no shortlist candidates: they
        # would nominate thousands and decide nothing; the re-ranker still sees them
        concept_df = np.asarray(self.concept_vocabulary_.sum(axis=0)).ravel()
        nominating = concept_df <= max(SHORTLIST_MAX_DF * len(index.concept_ids), 50)
        self.shortlist_words_ = (self.concept_words_ @ sp.diags(nominating.astype(np.float32))).tocsr()
        self.shortlist_words_.eliminate_zeros()
        concept_chars = normalize(owner @ label_chars)
        # (n_words + n_char_ngrams, n_concepts): one product gives word + character evidence
        self.shortlist_matrix_ = sp.vstack([self.shortlist_words_.T, concept_chars.T], format="csr")
        self.translation_ = index.substitutions(self.word_vectorizer_.vocabulary_, keep=TRANSLATIONS_PER_WORD)
        return self

    # -- match ---------------------------------------------------------------------------------
    def match(self, phrases: Iterable[str]) -> list[SkillMatch]:
        """One SkillMatch per phrase, in order; each distinct canonical form is scored once."""
        check_fitted(self, "index_")
        phrases = list(phrases)
        bad = [f"#{i} is {type(p).__name__}" for i, p in enumerate(phrases) if not isinstance(p, str)]
        if bad:
            raise KerjaMatchError(f"SkillNormalizer.match: phrases must be str; {', '.join(bad[:20])}")
        forms = [canonical(p) for p in phrases]
        distinct = sorted(
            {f for p, f in zip(phrases, forms, strict=False) if f and p.strip() not in self.id_lookup_}
        )
        ranked = dict(zip(distinct, self._rank(distinct), strict=False))
        return [self._decide(p, f, ranked.get(f)) for p, f in zip(phrases, forms, strict=False)]

    def match_one(self, phrase: str) -> SkillMatch:
        """``match([phrase])[0]``."""
        return self.match([phrase])[0]

    def _decide(self, phrase: str, form: str, ranked: Ranked | None) -> SkillMatch:
        concept_index = self.id_lookup_.get(phrase.strip())
        if concept_index is not None:
            return SkillMatch(phrase, self.concept_ids_[concept_index], self._label(concept_index), 1.0, "id")
        if ranked is None or not ranked.concepts:
            return SkillMatch(phrase, None, None, 0.0, "none")
        ids = [self.concept_ids_[c] for c in ranked.concepts]
        scores = [round(float(s), 6) for s in ranked.scores]
        alternatives = tuple(zip(ids[1:], scores[1:], strict=False))
        if scores[0] < self.score_cutoff:
            return SkillMatch(phrase, None, None, scores[0], "none", tuple(zip(ids, scores, strict=False)))
        best = ranked.concepts[0]
        method: Method = "exact" if ranked.exact else "fuzzy"
        return SkillMatch(phrase, ids[0], self._label(best), scores[0], method, alternatives)

    def _label(self, concept_index: int) -> str:
        return self.index_.preferred_labels[concept_index]

    def _rank(self, forms: list[str]) -> list[Ranked]:
        """Best concepts with calibrated scores for each canonical form, block by block."""
        out: list[Ranked] = []
        keep = 1 + self.n_alternatives
        exact_column = FEATURES.index("exact")
        for start in range(0, len(forms), self.block_size):
            block = forms[start : start + self.block_size]
            pairs = self._pair_features(block)
            logits = pairs.features @ RERANK_COEF + RERANK_INTERCEPT
            order = np.lexsort((pairs.concepts, -logits, pairs.queries))
            scores = calibrated(logits[order], pairs.queries[order])
            bounds = np.searchsorted(pairs.queries[order], np.arange(len(block) + 1))
            for q in range(len(block)):
                top = slice(bounds[q], min(bounds[q + 1], bounds[q] + keep))
                concepts = tuple(int(c) for c in pairs.concepts[order[top]])
                exact = bounds[q] < bounds[q + 1] and bool(pairs.features[order[bounds[q]], exact_column])
                out.append(Ranked(concepts, tuple(float(s) for s in scores[top]), exact))
        return out

    def _pair_features(self, forms: list[str]) -> PairFeatures:
        """Shortlist each form and compute the re-ranking features of its (form, concept) pairs.

        Returns arrays over pairs: ``queries`` (position in ``forms``), ``concepts`` (concept
        index) and ``features`` of shape (n_pairs, len(FEATURES)), float64.
        """
        index = self.index_
        n_concepts = len(index.concept_ids)
        words, expanded, unseen = self._word_vectors(forms)
        # stage 3, shortlist: one sparse product of [words widened | char n-grams] with the
        # concept rows of both, (n_forms, n_concepts)
        chars = self.char_vectorizer_.transform(forms)
        first_stage = sp.hstack([expanded, chars], format="csr") @ self.shortlist_matrix_
        queries, concepts, first_values = self._shortlist(first_stage.tocsr(), forms)
        if not len(queries):  # nothing shares a word or n-gram with any label
            return PairFeatures(queries, concepts, np.zeros((0, len(FEATURES))))
        # stage 4, concept-level and label-level evidence for each pair
        words_dense, expanded_dense = words.toarray(), expanded.toarray()
        concept_words = self.concept_words_[concepts]
        runs, label_rows = index.labels_of(concepts)
        label_queries = np.repeat(queries, index.label_counts[concepts])
        label_words = self.label_words_[label_rows]
        ratio = process.cpdist(
            np.array(forms, dtype=object)[label_queries],
            index.label_form_array[label_rows],
            scorer=fuzz.ratio,
            dtype=np.float32,
            workers=self.workers,
        )
        # share of the phrase's idf mass that the concept's words cover
        weight = (_binary(words) @ sp.diags(self.idf_)).toarray()
        mass = np.maximum(weight.sum(axis=1) + unseen * self.unseen_idf_, 1e-9)
        coverage = _dot_rows(weight, queries, self.concept_vocabulary_[concepts]) / mass[queries]
        exact_pairs = [q * n_concepts + c for q, f in enumerate(forms) for c in index.exact.get(f, ())]
        exact = np.isin(queries * n_concepts + concepts, exact_pairs)
        expanded_label = _dot_rows(expanded_dense, label_queries, label_words)
        counts = index.label_counts[concepts]
        features = np.column_stack(
            [
                np.maximum.reduceat(_dot_rows(words_dense, label_queries, label_words), runs),
                _dot_rows(words_dense, queries, concept_words),
                _dot_rows(expanded_dense, queries, concept_words),
                np.maximum.reduceat(expanded_label, runs),
                first_values - _dot_rows(expanded_dense, queries, self.shortlist_words_[concepts]),
                np.maximum.reduceat(ratio, runs) / 100.0,
                coverage,
                exact,
                np.log(np.maximum(counts, 1)),
                np.add.reduceat(expanded_label, runs) / np.maximum(counts, 1),
            ]
        ).astype(np.float64)
        return PairFeatures(queries, concepts, features)

    def _word_vectors(self, forms: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
        """Word TF-IDF rows of ``forms``, the same widened by the translation table, and the count
        of words no label carries. Such words keep their share of each row's norm (at the idf of an
        unseen word), so "lokasi kerja cikarang" is not a perfect match for a label "kerja"."""
        tokens = [word_tokens(f) for f in forms]
        vocabulary = self.word_vectorizer_.vocabulary_
        unseen = np.array([len({t for t in ts if t not in vocabulary}) for ts in tokens], dtype=np.float64)
        raw = self.word_vectorizer_.transform(tokens).astype(np.float64)
        known_sq = np.asarray(raw.multiply(raw).sum(axis=1)).ravel()
        unseen_sq = unseen * self.unseen_idf_**2
        total = np.sqrt(known_sq + unseen_sq)
        total[total == 0] = 1.0
        words = sp.diags(1 / total) @ raw
        widened = sp.diags(TRANSLATION_WEIGHT * np.sqrt(known_sq) / total) @ normalize(
            words @ self.translation_
        )
        expanded = words + widened
        expanded_sq = np.asarray(expanded.multiply(expanded).sum(axis=1)).ravel() + unseen_sq / total**2
        expanded = sp.diags(1 / np.sqrt(np.where(expanded_sq > 0, expanded_sq, 1.0))) @ expanded
        return words.astype(np.float32).tocsr(), expanded.astype(np.float32).tocsr(), unseen

    def _shortlist(
        self, first_stage: sp.csr_matrix, forms: list[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(query, concept, first-stage value) of the pairs to re-rank, sorted by query: the
        ``shortlist_size`` concepts with the most evidence (> 0) in each row, ties at the border to
        the lower concept index, plus the owners of an exact label."""
        k = self.shortlist_size
        queries, concepts, values = [], [], []
        for q, f in enumerate(forms):  # one small partition per phrase, never a loop over pairs
            lo, hi = first_stage.indptr[q], first_stage.indptr[q + 1]
            row_values, columns = first_stage.data[lo:hi], first_stage.indices[lo:hi]
            all_values, all_columns = row_values, columns
            if hi - lo > k:
                border = np.partition(row_values, hi - lo - k)[hi - lo - k]
                near = np.flatnonzero(row_values >= border)
                near = near[np.lexsort((columns[near], -row_values[near]))[:k]]
                row_values, columns = row_values[near], columns[near]
            extra = [c for c in self.index_.exact.get(f, ()) if c not in columns]
            if extra:  # owners of an exact label left out above keep their own first-stage value
                extra_values = [all_values[all_columns == c].sum() for c in extra]
                columns = np.concatenate([columns, extra])
                row_values = np.concatenate([row_values, np.array(extra_values, dtype=row_values.dtype)])
            queries.append(np.full(len(columns), q))
            concepts.append(columns)
            values.append(row_values)
        return (
            np.concatenate(queries).astype(np.int64),
            np.concatenate(concepts).astype(np.int64),
            np.concatenate(values).astype(np.float64),
        )

    # -- reports -------------------------------------------------------------------------------
    def unmapped_report(self, phrases: Iterable[str]) -> UnmappedReport:
        """What abstained in ``phrases``, grouped by canonical form, most frequent first."""
        phrases = list(phrases)
        matches = self.match(phrases)
        groups: dict[str, list[SkillMatch]] = {}
        for match in matches:
            if match.concept_id is None:
                groups.setdefault(canonical(match.phrase), []).append(match)
        rows = []
        for form, group in groups.items():
            nearest = tuple(
                (cid, self._label(self.id_lookup_[cid]), score) for cid, score in group[0].alternatives
            )
            examples = tuple(dict.fromkeys(m.phrase for m in group))[:5]
            rows.append(UnmappedRow(form, len(group), examples, nearest))
        rows.sort(key=lambda r: (-r.count, r.canonical))
        return UnmappedReport(len(matches), sum(r.count for r in rows), tuple(rows))

    def crosswalk(self, other: Taxonomy) -> Crosswalk:
        """Align every concept of ``other`` onto the fitted taxonomy (see :mod:`kerja_match.crosswalk`)."""
        from .crosswalk import build_crosswalk

        check_fitted(self, "index_")
        return build_crosswalk(self, other)


@dataclass(frozen=True)
class LabelIndex:
    """The labels of a taxonomy's matchable concepts in canonical form, grouped by concept.

    Labels of concept ``i`` are rows ``label_starts[i] : label_starts[i] + label_counts[i]`` of
    ``label_forms``; a concept whose labels are all empty after canonicalisation has none (it is
    still reachable by its id).
    """

    concept_ids: list[str]
    preferred_labels: list[str]
    label_forms: list[str]
    label_tokens: list[list[str]]
    label_starts: np.ndarray
    label_counts: np.ndarray
    exact: dict[str, tuple[int, ...]]
    label_form_array: np.ndarray  # label_forms as an object array, for fancy indexing

    @classmethod
    def build(cls, taxonomy: Taxonomy) -> LabelIndex:
        ids: list[str] = []
        preferred: list[str] = []
        forms: list[str] = []
        counts: list[int] = []
        exact: dict[str, list[int]] = {}
        for concept in taxonomy:
            if concept.group:
                continue  # groups structure the hierarchy; they are never a match
            own = list(dict.fromkeys(f for f in map(canonical, concept.all_labels()) if f))
            for form in own:
                exact.setdefault(form, []).append(len(ids))
            ids.append(concept.id)
            preferred.append(concept.label)
            forms += own
            counts.append(len(own))
        label_counts = np.array(counts, dtype=np.int64)
        return cls(
            concept_ids=ids,
            preferred_labels=preferred,
            label_forms=forms,
            label_tokens=[word_tokens(f) for f in forms],
            label_starts=np.r_[0, np.cumsum(label_counts)[:-1]].astype(np.int64),
            label_counts=label_counts,
            exact={form: tuple(owners) for form, owners in exact.items()},
            label_form_array=np.array(forms, dtype=object),
        )

    def label_to_concept(self) -> sp.csr_matrix:
        """0/1 matrix of shape (n_concepts, n_labels): which concept owns which label."""
        owners = np.repeat(np.arange(len(self.concept_ids)), self.label_counts)
        ones = np.ones(len(owners), dtype=np.float32)
        return sp.csr_matrix(
            (ones, (owners, np.arange(len(owners)))), shape=(len(self.concept_ids), len(owners))
        )

    def labels_of(self, concepts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Label rows of each concept in ``concepts`` laid end to end, and where each one's run starts."""
        counts = self.label_counts[concepts]
        run_starts = (np.cumsum(counts) - counts).astype(np.int64)
        offsets = np.arange(counts.sum()) - np.repeat(run_starts, counts)
        return run_starts, np.repeat(self.label_starts[concepts], counts) + offsets

    def substitutions(self, vocabulary: dict[str, int], keep: int) -> sp.csr_matrix:
        """Word-by-word counts of how often one word replaces another between two labels of one
        concept ("monitor packaging operations" / "oversee packaging operations"): the taxonomy's
        own synonym evidence, in both directions. Pairs of labels differing by at most two words
        on each side count. Each word keeps its ``keep`` most frequent replacements."""
        counts: Counter[tuple[int, int]] = Counter()
        for start, n in zip(self.label_starts.tolist(), self.label_counts.tolist(), strict=False):
            bags = [frozenset(self.label_tokens[r]) for r in range(start, start + n)]
            for a, b in itertools.combinations(bags, 2):
                only_a, only_b = a - b, b - a
                if 0 < len(only_a) <= 2 and 0 < len(only_b) <= 2:
                    for x in only_a:
                        for y in only_b:
                            counts[vocabulary[x], vocabulary[y]] += 1
        size = len(vocabulary)
        if not counts:
            return sp.csr_matrix((size, size), dtype=np.float32)
        rows, cols = np.array(list(counts), dtype=np.int64).T
        values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        table = (
            sp.csr_matrix((values, (rows, cols)), shape=(size, size))
            + sp.csr_matrix((values, (cols, rows)), shape=(size, size))
        ).tocsr()
        return _strongest_per_row(table, keep)


def rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Dot product of row i of ``a`` with row i of ``b`` for every i: shape (n_rows,), float64."""
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def _dot_rows(dense: np.ndarray, row_of: np.ndarray, matrix: sp.csr_matrix) -> np.ndarray:
    """``dense[row_of[i]] . matrix[i]`` for every row i of ``matrix``: shape (n_rows,), float64.

    Touches only the stored entries of ``matrix``, so a few-words label costs a few products."""
    per_row = np.diff(matrix.indptr)
    products = matrix.data * dense[np.repeat(row_of, per_row), matrix.indices]
    return np.bincount(np.repeat(np.arange(len(per_row)), per_row), weights=products, minlength=len(per_row))


def _strongest_per_row(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """The ``keep`` largest entries of each row (ties to the lower column), the rest dropped."""
    rows, cols, values = [], [], []
    for r in range(matrix.shape[0]):
        lo, hi = matrix.indptr[r], matrix.indptr[r + 1]
        order = np.lexsort((matrix.indices[lo:hi], -matrix.data[lo:hi]))[:keep]
        rows.append(np.full(len(order), r))
        cols.append(matrix.indices[lo:hi][order])
        values.append(matrix.data[lo:hi][order])
    return sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
        shape=matrix.shape,
        dtype=np.float32,
    )


def _binary(matrix: sp.csr_matrix) -> sp.csr_matrix:
    out = matrix.copy()
    out.data[:] = 1
    return out


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
