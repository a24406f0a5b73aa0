"""The labels of a taxonomy in canonical form, grouped by concept, and the sparse helpers the
normaliser computes its features with.

:class:`LabelIndex` is what :class:`kerja_match.normalize.SkillNormalizer` indexes at ``fit``: every
label of every matchable (non-group) concept through :func:`kerja_match.text.canonical`, laid end to
end so that the labels of concept ``i`` are one run of rows, the exact-label look-up, and the
translation table (words that replace each other between labels of one concept).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import snowballstemmer

from ..taxonomy import Taxonomy
from ._text import canonical, lexicon_section

__all__ = [
    "LabelIndex",
    "RowEntries",
    "binary",
    "pretokenised",
    "strongest_per_row",
    "word_tokens",
]

_STEMMER = snowballstemmer.stemmer("english")
_BRITISH = lexicon_section("en_british")
_BRITISH_SUFFIXES: tuple[tuple[str, str], ...] = tuple(
    sorted(_BRITISH["suffixes"].items(), key=lambda pair: -len(pair[0]))
)
_BRITISH_WORDS: dict[str, str] = _BRITISH["map"]
_OWN_STEM: dict[str, str] = lexicon_section("en_stem_words")["map"]
_FAMILY: dict[str, str] = lexicon_section("en_stem_families")["map"]
_CLIPPED: dict[str, str] = lexicon_section("en_clipped")["map"]


def _british(word: str) -> str:
    """The British spelling ESCO writes ("optimize" -> "optimise", "color" -> "colour")."""
    if word in _BRITISH_WORDS:
        return _BRITISH_WORDS[word]
    for american, british in _BRITISH_SUFFIXES:
        if word.endswith(american) and len(word) - len(american) >= 3:
            return word[: -len(american)] + british
    return word


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """One word's unit at word level: its own unit for a word Snowball would join to an unrelated
    family ("experiment" / "experience"), else the Snowball stem of its British spelling, mapped
    to its family's stem where Snowball leaves a derivation apart ("maintenance" -> "maintain").
    A clipped word ("info", "stats") is read as its full word first."""
    word = _CLIPPED.get(word, word)
    if word in _OWN_STEM:
        return _OWN_STEM[word]
    stem = str(_STEMMER.stemWord(_british(word)))
    return _FAMILY.get(stem, stem)


def word_tokens(form: str) -> list[str]:
    """Stemmed words of a canonical form: the units of the word-level features. English function
    words stay: left out, they cost the Indonesian dev phrases more than they gained in English."""
    return [_stem(w) for w in form.split()]


def pretokenised(tokens: list[str]) -> list[str]:
    """The analyzer of a TfidfVectorizer fed token lists (from :func:`word_tokens`)."""
    return tokens


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

    def forms_of(self, concept_index: int) -> list[str]:
        """The canonical label forms of one concept."""
        start = int(self.label_starts[concept_index])
        return self.label_forms[start : start + int(self.label_counts[concept_index])]

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
        return strongest_per_row(table, keep)


class RowEntries:
    """The stored entries of a CSR ``matrix`` whose row i pairs with row ``row_of[i]`` of dense
    arrays: the gather is laid out once and serves every dense array of the same rows (the plain
    and the widened words of the phrases), and every weighting of the same entries."""

    def __init__(self, row_of: np.ndarray, matrix: sp.csr_matrix) -> None:
        per_row = np.diff(matrix.indptr)
        self.n_rows = len(per_row)
        self.segments = np.repeat(np.arange(self.n_rows), per_row)  # the matrix row of each entry
        self.columns = matrix.indices
        self.values = matrix.data
        # flat positions in a C-ordered dense array of matrix.shape[1] columns: one take per array
        self.flat = np.asarray(row_of)[self.segments] * matrix.shape[1] + self.columns

    def gather(self, dense: np.ndarray) -> np.ndarray:
        """The entry of ``dense`` (one row per pair row, the matrix's columns) each stored entry meets."""
        return np.ascontiguousarray(dense).reshape(-1).take(self.flat)

    def sums(self, per_entry: np.ndarray) -> np.ndarray:
        """Row sums of a value per stored entry, float64."""
        return np.bincount(self.segments, weights=per_entry, minlength=self.n_rows)

    def dot(self, dense: np.ndarray) -> np.ndarray:
        """``dense[row_of[i]] . matrix[i]`` for every row i of ``matrix``: shape (n_rows,), float64.
        Touches only the stored entries of ``matrix``, so a few-words label costs a few products."""
        return self.sums(self.values * self.gather(dense))


def strongest_per_row(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
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


def binary(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """A copy of ``matrix`` with every stored entry set to 1."""
    out = matrix.copy()
    out.data[:] = 1
    return out
