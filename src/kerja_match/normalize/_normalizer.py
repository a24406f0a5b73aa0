"""SkillNormalizer: free text in Indonesian and English to taxonomy concepts, or an abstention.

The pipeline, stage by stage (docs/normalizer.md has the figures). This module decides; the label
index lives in :mod:`._label_index` and stages 3 and 4 in :mod:`._lexical_ranker`.

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
5. abstention: the best concept's score below ``score_cutoff`` gives ``concept_id=None``; the
   concepts behind the best are ordered by :mod:`._alternatives` (their scores unchanged);
6. optional, with an ``embedder``: a phrase whose lexical score is below 0.9 is embedded and its
   nearest concept by cosine (:mod:`._semantic`) wins when its calibrated score is higher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from sklearn.base import BaseEstimator

from .._inputs import phrase_list
from .._params import Interval, Options, check_estimator_params, check_params
from .._privacy import mask_personal
from ..errors import KerjaMatchError, check_fitted
from ..taxonomy import Taxonomy
from ._alternatives import AlternativeOrder
from ._label_index import LabelIndex
from ._lexical_ranker import (
    FEATURES,
    RERANK_COEF,
    RERANK_INTERCEPT,
    LexicalRanker,
    PairFeatures,
    Ranked,
    calibrated,
)
from ._parts import (
    common_one_word_labels,
    decide,
    generic_one_word_labels,
    label_decided,
    owner_first,
    part_readings,
    specific_one_word_labels,
)
from ._requirements import RequirementSplit, skill_remainder
from ._semantic import Embedder, SemanticIndex, embed
from ._text import MAX_PHRASE_LENGTH, canonical
from ._unmapped import UnmappedReport, UnmappedRow

if TYPE_CHECKING:
    from ._crosswalk import Crosswalk

__all__ = ["MAX_PHRASE_LENGTH", "SkillMatch", "SkillNormalizer", "UnmappedReport", "UnmappedRow"]

Method = Literal["id", "exact", "part", "fuzzy", "semantic", "none", "too_long", "nonskill"]

DEFAULT_SCORE_CUTOFF = 0.25
DEFAULT_SEMANTIC_CUTOFF = 0.6
#: The cutoff of a fuzzy match for a wordy phrase (see ``SkillNormalizer._cutoff_for``).
WORDY_CUTOFF = 0.45
_WORDS = re.compile(r"[^\W_]+")
DEFAULT_SEMANTIC_MAX_LABELS = 8
#: With an embedder, phrases whose lexical score is below this are embedded and may go semantic;
#: above it the lexical answer stands (on ESCO dev with all-MiniLM-L6-v2: 28% of the phrases
#: embedded for all but 0.03 points of the top-1 gained by embedding every phrase).
SEMANTIC_CONSULT_BELOW = 0.9
#: The ``canonical`` of the unmapped-report row that gathers phrases too long to read.
TOO_LONG_ROW = f"(longer than {MAX_PHRASE_LENGTH} characters)"


@dataclass(frozen=True)
class SkillMatch:
    """Where one phrase landed.

    ``concept_id`` is None when the normaliser abstains; ``score`` estimates the probability that
    ``concept_id`` is right (for an abstention: that the nearest concept would have been);
    ``method`` says which stage decided: "id", "exact", "fuzzy", "semantic", or for an abstention
    "none" (no concept scored ``score_cutoff``), "too_long" (the phrase is longer than
    ``MAX_PHRASE_LENGTH`` characters and is not read: score 0.0, no alternatives) or "nonskill"
    (the phrase names only a non-skill requirement: education, experience, a protected attribute,
    ...; score 0.0, no alternatives); ``alternatives`` are the next best (concept id, score),
    each with its own score, in the order of :mod:`._alternatives` (not always by score);
    ``requirement_kind`` is the kind of a "nonskill" phrase (:mod:`kerja_match.normalize._requirements`),
    None otherwise.
    """

    phrase: str
    concept_id: str | None
    label: str | None
    score: float
    method: Method
    alternatives: tuple[tuple[str, float], ...] = ()
    requirement_kind: str | None = None


class SkillNormalizer(BaseEstimator):
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
        Adds a semantic stage (:mod:`._semantic`): ``embedder(list_of_texts)`` returns
        an array-like of shape (n, d), e.g. a sentence-transformers model's ``encode``. The
        canonical form of a phrase whose lexical score is below ``SEMANTIC_CONSULT_BELOW`` (0.9)
        is embedded, each distinct form once; its nearest concept by cosine, with a score
        calibrated at fit on held-out labels of the taxonomy, replaces the lexical answer (method
        "semantic") when that score is higher than the lexical one and at least ``score_cutoff``
        and the cosine is at least ``semantic_cutoff``. The core never imports torch.
    semantic_cutoff : float in [-1, 1]
        Smallest cosine the semantic stage accepts: keeps text that names no skill from landing on
        its least bad concept. Its scale depends on the embedder; 0.6 was measured for
        all-MiniLM-L6-v2 (docs/normalizer.md).
    semantic_max_labels : int
        Labels per concept that are embedded at fit (preferred label first): bounds fit time.
    block_size : int
        Phrases scored together; bounds memory (a few dense arrays of block_size x vocabulary).
    workers : int
        Threads for rapidfuzz (as in ``rapidfuzz.process.cdist``); -1 uses every core.
    """

    _option_constraints: ClassVar[dict[str, list[Any]]] = {
        "score_cutoff": [Interval("real", 0, 1)],
        "shortlist_size": [Interval("int", 1)],
        "n_alternatives": [Interval("int", 0)],
        "embedder": [callable, None],
        "semantic_cutoff": [Interval("real", -1, 1)],
        "semantic_max_labels": [Interval("int", 1)],
        "block_size": [Interval("int", 1)],
        "workers": [Interval("int", 1), Options([-1])],
    }

    def __init__(
        self,
        *,
        score_cutoff: float = DEFAULT_SCORE_CUTOFF,
        shortlist_size: int = 30,
        n_alternatives: int = 3,
        embedder: Embedder | None = None,
        semantic_cutoff: float = DEFAULT_SEMANTIC_CUTOFF,
        semantic_max_labels: int = DEFAULT_SEMANTIC_MAX_LABELS,
        block_size: int = 512,
        workers: int = 1,
    ) -> None:
        self.score_cutoff = score_cutoff
        self.shortlist_size = shortlist_size
        self.n_alternatives = n_alternatives
        self.embedder = embedder
        self.semantic_cutoff = semantic_cutoff
        self.semantic_max_labels = semantic_max_labels
        self.block_size = block_size
        self.workers = workers

    # -- fit -----------------------------------------------------------------------------------
    def fit(self, taxonomy: Taxonomy) -> SkillNormalizer:
        """Index every label of every non-group concept of ``taxonomy``; returns self."""
        check_estimator_params(self)
        check_params("SkillNormalizer.fit", {"taxonomy": [Taxonomy]}, {"taxonomy": taxonomy})
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
        # concepts with no narrower concept: a one-word label inside a two-word part names one of
        # these specifically ("sistem FEFO"); a parent's one word ("listrik", "desain") says too
        # little, and so does one word in a longer part ("paham mesin cetak offset": not "mesin")
        self.leaves_ = frozenset(i for i, cid in enumerate(index.concept_ids) if not taxonomy.children(cid))
        self.soft_ = frozenset(
            i for i, cid in enumerate(index.concept_ids) if taxonomy.get(cid).kind == "soft"
        )
        # a one-word soft label that names no skill alone ("kerja", "service"): never a whole match
        self.generic_words_ = generic_one_word_labels(index.exact, self.soft_)
        # a one-word label of a word many labels hold ("mesin"): inside a part it decides nothing
        self.common_words_ = common_one_word_labels(index.exact)
        # ... and one of a word only one narrowest hard skill holds ("plts") names it anywhere
        self.specific_words_ = specific_one_word_labels(index.exact, self.leaves_, self.soft_)
        self.ranker_ = LexicalRanker(index)
        self.alternative_order_ = AlternativeOrder(self.ranker_)
        self.semantic_ = (
            SemanticIndex.build(self.embedder, index, max_labels_per_concept=self.semantic_max_labels)
            if self.embedder is not None
            else None
        )
        return self

    # -- match ---------------------------------------------------------------------------------
    def match(self, phrases: Iterable[str]) -> list[SkillMatch]:
        """One SkillMatch per phrase, in order; each distinct canonical form is scored once.

        Never raises on odd text: a phrase with no letters or digits abstains (method "none"), and
        one longer than ``MAX_PHRASE_LENGTH`` (1,000) characters abstains unread (method
        "too_long", score 0.0), since no skill is that long and a cut-off reading would be a guess.
        Only a non-str item is an error (all of them named at once).
        """
        check_fitted(self, "index_")
        phrases = phrase_list(phrases, parameter="phrases", where="SkillNormalizer.match")
        bad = [f"#{i} is {type(p).__name__}" for i, p in enumerate(phrases) if not isinstance(p, str)]
        if bad:
            raise KerjaMatchError(f"SkillNormalizer.match: phrases must be str; {', '.join(bad[:20])}")
        splits = [
            None if len(p) > MAX_PHRASE_LENGTH or p.strip() in self.id_lookup_ else skill_remainder(p)
            for p in phrases
        ]
        forms = [canonical(s.remainder) if s is not None and s.kind is None else "" for s in splits]
        distinct = sorted(set(forms) - {""})
        ranked = dict(zip(distinct, self._rank(distinct), strict=False))
        semantic = self._semantic(distinct, ranked)
        chosen = self._parts(forms, splits, ranked)
        return [
            SkillMatch(p, None, None, 0.0, "nonskill", requirement_kind=s.kind)
            if s is not None and s.kind is not None
            else self._decide(p, f, ranked.get(f), semantic.get(f), chosen.get(f))
            for p, f, s in zip(phrases, forms, splits, strict=True)
        ]

    def _parts(
        self, forms: list[str], splits: list[RequirementSplit | None], ranked: dict[str, Ranked]
    ) -> dict[str, Ranked]:
        """The parts stage (:mod:`._parts`) for the forms that are not a label and score below
        PARTS_BELOW: the labels inside their parts are ranked first, then the other parts of the
        forms no label decides, and :func:`._parts.decide` may pick one reading to decide."""
        remainders = {
            f: s.remainder
            for f, s in zip(forms, splits, strict=True)
            if f and s is not None and f in ranked and not ranked[f].exact
        }
        readings = part_readings(
            remainders,
            ranked,
            self.index_.exact,
            self.leaves_,
            self.soft_,
            self.generic_words_,
            self.common_words_,
            self.specific_words_,
            self.index_.forms_of,
        )
        exact = self.index_.exact
        self._rank_into(ranked, {f for items in readings.values() for _, f in items if f in exact})
        decided = label_decided(readings, ranked)  # their other readings need no ranking
        self._rank_into(ranked, {f for form in readings.keys() - decided for _, f in readings[form]})
        return decide(readings, ranked, self.score_cutoff, 1 + self.n_alternatives)

    def _rank_into(self, ranked: dict[str, Ranked], forms: set[str]) -> None:
        """Rank the ``forms`` not in ``ranked`` yet and add them."""
        extra = sorted(forms - ranked.keys())
        ranked.update(zip(extra, self._rank(extra), strict=True))

    def match_one(self, phrase: str) -> SkillMatch:
        """``match([phrase])[0]``."""
        return self.match([phrase])[0]

    def _semantic(self, forms: list[str], ranked: dict[str, Ranked]) -> dict[str, Ranked]:
        """The semantic stage: the forms whose lexical score is below SEMANTIC_CONSULT_BELOW are
        embedded, and the nearest concept by cosine wins where its calibrated score is higher than
        the lexical one, at least score_cutoff, with a cosine of at least semantic_cutoff."""
        if self.semantic_ is None or self.embedder is None:
            return {}
        lexical = {f: ranked[f].scores[0] if ranked[f].scores else 0.0 for f in forms}
        undecided = [f for f in forms if lexical[f] < SEMANTIC_CONSULT_BELOW]
        if not undecided:
            return {}
        hits = self.semantic_.nearest(embed(self.embedder, undecided, "phrases"), 1 + self.n_alternatives)
        best = hits.scores[:, 0]
        taken = (
            (hits.cosines[:, 0] >= self.semantic_cutoff)
            & (best >= self.score_cutoff)
            & (best > np.array([lexical[f] for f in undecided]))
        )
        return {
            form: Ranked(tuple(hits.concepts[i].tolist()), tuple(hits.scores[i].tolist()), exact=False)
            for i, form in enumerate(undecided)
            if taken[i]
        }

    def _decide(
        self, phrase: str, form: str, ranked: Ranked | None, semantic: Ranked | None, part: Ranked | None
    ) -> SkillMatch:
        if len(phrase) > MAX_PHRASE_LENGTH:
            return SkillMatch(phrase, None, None, 0.0, "too_long")
        concept_index = self.id_lookup_.get(phrase.strip())
        if concept_index is not None:
            return SkillMatch(phrase, self.concept_ids_[concept_index], self._label(concept_index), 1.0, "id")
        if part is not None and (semantic is None or part.exact):
            ranked, semantic = part, None
        if semantic is not None:
            ranked = semantic
        if ranked is None or not ranked.concepts:
            return SkillMatch(phrase, None, None, 0.0, "none")
        ids = [self.concept_ids_[c] for c in ranked.concepts]
        scores = [round(float(s), 6) for s in ranked.scores]
        alternatives = tuple(zip(ids[1:], scores[1:], strict=False))
        generic = part is None and semantic is None and form in self.generic_words_
        if generic or scores[0] < self._cutoff_for(
            phrase, form, ranked, part is not None or semantic is not None
        ):
            return SkillMatch(phrase, None, None, scores[0], "none", tuple(zip(ids, scores, strict=False)))
        best = ranked.concepts[0]
        method: Method = (
            "semantic"
            if semantic is not None
            else "part"
            if part is not None
            else "exact"
            if ranked.exact
            else "fuzzy"
        )
        return SkillMatch(phrase, ids[0], self._label(best), scores[0], method, alternatives)

    def _cutoff_for(self, phrase: str, form: str, ranked: Ranked, decided_elsewhere: bool) -> float:
        """``score_cutoff``, raised to WORDY_CUTOFF for a fuzzy match of a wordy phrase: one whose
        canonical form dropped two or more of its written words (fillers and frames: "memiliki
        kemampuan ... yang baik").
        On real job-ad phrasing such matches hang on one shared word; a label-like phrase keeps
        its words and its cutoff."""
        if decided_elsewhere or ranked.exact:
            return self.score_cutoff
        kept = len(form.split())
        written = len(_WORDS.findall(phrase))
        return max(self.score_cutoff, WORDY_CUTOFF) if written >= kept + 2 else self.score_cutoff

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
            best: list[Ranked] = []
            for q in range(len(block)):
                top = slice(bounds[q], min(bounds[q + 1], bounds[q] + keep))
                concepts = tuple(int(c) for c in pairs.concepts[order[top]])
                exact = bounds[q] < bounds[q + 1] and bool(pairs.features[order[bounds[q]], exact_column])
                ranked = Ranked(concepts, tuple(float(s) for s in scores[top]), exact)
                best.append(owner_first(block[q], ranked, self.index_.exact))
            out += self.alternative_order_.reorder(block, best)  # the alternatives' order
        return out

    def _pair_features(self, forms: list[str]) -> PairFeatures:
        """Stages 3 and 4 for one block of canonical forms (see ``LexicalRanker.pair_features``)."""
        return self.ranker_.pair_features(forms, shortlist_size=self.shortlist_size, workers=self.workers)

    # -- reports -------------------------------------------------------------------------------
    def unmapped_report(self, phrases: Iterable[str]) -> UnmappedReport:
        """What abstained in ``phrases``, grouped by canonical form, most frequent first.

        Phrases too long to read share one row, ``TOO_LONG_ROW``, with their first 80 characters
        as examples."""
        phrases = phrase_list(phrases, parameter="phrases", where="SkillNormalizer.unmapped_report")
        matches = self.match(phrases)
        groups: dict[str, list[SkillMatch]] = {}
        for match in matches:
            if match.method == "too_long":
                groups.setdefault(TOO_LONG_ROW, []).append(match)
            elif match.concept_id is None and match.method != "nonskill":  # not a taxonomy gap
                groups.setdefault(canonical(match.phrase), []).append(match)
        rows = []
        for form, group in groups.items():
            nearest = tuple(
                (cid, self._label(self.id_lookup_[cid]), score) for cid, score in group[0].alternatives
            )
            shown = (
                mask_personal(m.phrase[:80] + "…" if m.method == "too_long" else m.phrase) for m in group
            )
            examples = tuple(dict.fromkeys(shown))[:5]
            rows.append(UnmappedRow(form, len(group), examples, nearest))
        rows.sort(key=lambda r: (-r.count, r.canonical))
        nonskill = sum(m.method == "nonskill" for m in matches)
        return UnmappedReport(len(matches), sum(r.count for r in rows), tuple(rows), nonskill)

    def crosswalk(self, other: Taxonomy) -> Crosswalk:
        """Align every concept of ``other`` onto the fitted taxonomy (see :mod:`._crosswalk`)."""
        from ._crosswalk import build_crosswalk

        check_fitted(self, "index_")
        check_params("SkillNormalizer.crosswalk", {"other": [Taxonomy]}, {"other": other})
        return build_crosswalk(self, other)
