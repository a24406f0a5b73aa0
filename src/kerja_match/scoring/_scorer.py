"""FitScorer: fit encodes the market once; score_matrix, top_k and shortlist score candidates in blocks.

One matrix product per block of candidates; the explained per-pair path is in :mod:`._pair`. The
exact formula, every constant and the tie rule are in docs/scoring.md.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator

from .._inputs import record_rows
from .._params import HasMethods, Interval, check_estimator_params
from ..errors import KerjaMatchError, ValidationProblems, check_fitted
from ..geo import Gazetteer
from ..models import Candidate, Vacancy, parse_records
from ..taxonomy import Taxonomy
from ._blocks import product, relative_to_best, right_matrix, weighted_geometric_mean
from ._encoding import (
    CandidateBlock,
    EncodedRequirement,
    EncodedVacancy,
    MarketEncoding,
    Normalizer,
    PhraseResolver,
    commute_factor,
    distances_km,
    encode_candidates,
    ktp_profiles,
    relation_credits,
    vacancy_position,
)
from ._pair import PairExplainer
from ._topk import TopK, check_k, drop_unscored, merge_top_k, select_top_k
from ._weights import ScoringWeights

__all__ = ["FitScorer"]


class FitScorer(PairExplainer, BaseEstimator):
    """Scores candidates against a fitted set of vacancies.

    Parameters
    ----------
    taxonomy : Taxonomy, default ``default_taxonomy()``
    weights : ScoringWeights or mapping of its fields, default ``ScoringWeights()``
    normalizer : object with ``match(list[str])`` returning objects with ``.concept_id`` and
        ``.score``; default ``SkillNormalizer().fit(taxonomy)``, built only when a skill is text
        rather than a concept id.
    gazetteer : Gazetteer, default ``bekasi_regions()``
    block_size : int, candidates scored per block; memory is O(block_size x n_vacancies).

    A scikit-learn estimator: ``get_params``, ``set_params`` and ``sklearn.base.clone`` work; the
    options are checked at ``fit``.
    """

    _option_constraints: ClassVar[dict[str, list[Any]]] = {
        "taxonomy": [Taxonomy, None],
        "weights": [ScoringWeights, Mapping, None],
        "normalizer": [HasMethods("match"), None],
        "gazetteer": [Gazetteer, None],
        "block_size": [Interval("int", 1)],
    }

    def __init__(
        self,
        *,
        taxonomy: Taxonomy | None = None,
        weights: ScoringWeights | Mapping[str, Any] | None = None,
        normalizer: Normalizer | None = None,
        gazetteer: Gazetteer | None = None,
        block_size: int = 2048,
    ) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.normalizer = normalizer
        self.gazetteer = gazetteer
        self.block_size = block_size

    # -- fitting ----------------------------------------------------------------------------
    def fit(self, vacancies: Iterable[Vacancy | Mapping[str, Any]]) -> FitScorer:
        """Validate and encode the vacancies once; returns self.

        ``vacancies``: Vacancy records, mappings of their fields, or a pandas DataFrame in the CSV
        layout (docs/io.md)."""
        self._check_options()
        rows = record_rows(vacancies, parameter="vacancies", where="FitScorer.fit", record="Vacancy")
        records = parse_records(Vacancy, rows)
        if not records:
            raise KerjaMatchError("FitScorer.fit: expected at least one vacancy, got none")
        taxonomy = self.taxonomy if self.taxonomy is not None else _default_taxonomy()
        self.taxonomy_ = taxonomy
        self.gazetteer_ = self.gazetteer if self.gazetteer is not None else _default_gazetteer()
        w = self.weights_
        self._evidence = [float(x) for x in w.evidence_factors()]
        # a partial, not a lambda: a fitted scorer pickles plainly when shipped to Dask workers
        self.resolver_ = PhraseResolver(
            taxonomy, self.normalizer or functools.partial(_default_normalizer, taxonomy)
        )
        self.resolver_.resolve(r.skill for v in records for r in (*v.requirements, *v.soft_requirements))
        self._relations: dict[int, dict[int, tuple[float, str]]] = {}
        self.specificity_ = self._specificity(records)
        self.vacancies_ = records
        self.vacancy_ids_ = [v.id for v in records]
        self._vacancy_index = {v: i for i, v in enumerate(self.vacancy_ids_)}
        self.encoded_ = [self._encode_vacancy(v) for v in records]
        self.unresolved_requirements_ = {e.id: e.unresolved for e in self.encoded_ if e.unresolved}
        self.notes_ = [note for e in self.encoded_ for note in e.notes]
        self._best_fits: dict[Candidate, tuple[float, str]] = {}
        self.market_ = MarketEncoding(
            self.encoded_,
            self._relations_of,
            len(taxonomy),
            lost_per_level=w.credit_lost_per_level,
            evidence=w.evidence_factors(),
            part_skills=w.skills,
            part_soft=w.soft,
            min_credit=w.required_min_credit,
            concept_mass=self._concept_mass(len(taxonomy)),
        )
        self._fit_locality()
        return self

    def _check_options(self) -> None:
        """Every bad option at once, the weights' own problems included (checked at fit, as in
        scikit-learn, so set_params stays cheap)."""
        weights, weight_problems = self.weights, []
        if isinstance(weights, Mapping):
            try:
                weights = ScoringWeights.model_validate(dict(weights))
            except ValidationProblems as error:
                weight_problems = error.problems
        check_estimator_params(self, *weight_problems)
        self.weights_ = weights if isinstance(weights, ScoringWeights) else ScoringWeights()

    def _relations_of(self, concept: int) -> dict[int, tuple[float, str]]:
        """Holders of credit for a requirement of concept index ``concept`` (cached)."""
        found = self._relations.get(concept)
        if found is None:
            w, index = self.weights_, self.resolver_.index
            by_id = relation_credits(
                self.taxonomy_,
                self.resolver_.concept_ids[concept],
                narrower=w.narrower_credit,
                broader=w.broader_credit,
                sibling=w.sibling_credit,
            )
            found = {index[cid]: value for cid, value in by_id.items()}
            self._relations[concept] = found
        return found

    def _concept_mass(self, n_concepts: int) -> NDArray[np.float64]:
        """What each held concept weighs in a candidate's skill set (focus): its specificity factor."""
        if not self.weights_.specificity:
            return np.ones(n_concepts)
        mass = np.full(n_concepts, self._idf_unseen / self._idf_mean)
        for concept, factor in self.specificity_.items():
            mass[concept] = factor
        return mass

    def _specificity(self, records: list[Vacancy]) -> dict[int, float]:
        """IDF-like factor per concept: ln((1 + n) / (1 + df)) + 1, divided by its market mean."""
        if not self.weights_.specificity:
            return {}
        df: dict[int, int] = {}
        occurrences: list[int] = []
        for vac in records:
            concepts = [
                self.resolver_.lookup(r.skill)[0] for r in (*vac.requirements, *vac.soft_requirements)
            ]
            for c in {c for c in concepts if c >= 0}:
                df[c] = df.get(c, 0) + 1
            occurrences += [c for c in concepts if c >= 0]
        n = len(records)
        self._idf_unseen = math.log(1 + n) + 1
        idf = {c: math.log((1 + n) / (1 + d)) + 1 for c, d in df.items()}
        self._idf_mean = float(np.mean([idf[c] for c in occurrences])) if occurrences else 1.0
        return {c: value / self._idf_mean for c, value in idf.items()}

    def _encode_vacancy(self, vac: Vacancy) -> EncodedVacancy:
        w = self.weights_
        self.resolver_.resolve(r.skill for r in (*vac.requirements, *vac.soft_requirements))
        draft: list[tuple[str, int, float, Any, Literal["hard", "soft"], float, float]] = []
        for kind, reqs in (("hard", vac.requirements), ("soft", vac.soft_requirements)):
            for req in reqs:
                concept, match = self.resolver_.lookup(req.skill)
                weight, factor = req.weight, 1.0
                if weight is None:
                    weight = w.required_factor if req.required else 1.0
                    if w.specificity and concept >= 0:
                        factor = self.specificity_.get(concept, self._idf_unseen / self._idf_mean)
                        weight *= factor
                draft.append((req.skill, concept, match, req, kind, weight if concept >= 0 else 0.0, factor))  # type: ignore[arg-type]
        totals = {k: sum(d[5] for d in draft if d[4] == k) for k in ("hard", "soft")}
        encoded = tuple(
            EncodedRequirement(
                phrase, concept, match, req.level, req.required, kind, weight,
                weight / totals[kind] if totals[kind] > 0 else 0.0, factor,
            )
            for phrase, concept, match, req, kind, weight, factor in draft
        )  # fmt: skip
        position = vacancy_position(vac.lat, vac.lon, vac.location, self.gazetteer_)
        notes = [f"vacancy {vac.id!r}: requirement {p!r} did not resolve to a concept; it is not scored"
                 for p, c, *_ in draft if c < 0]  # fmt: skip
        if position is None:
            notes.append(f"vacancy {vac.id!r}: location {vac.location!r} unknown; commute is neutral")
        return EncodedVacancy(
            id=vac.id,
            requirements=encoded,
            has_hard=totals["hard"] > 0,
            has_soft=totals["soft"] > 0,
            n_required=sum(r.kind == "hard" and r.required and r.share > 0 for r in encoded),
            position=position,
            local_region=vac.local_region,
            notes=tuple(notes),
        )

    def _fit_locality(self) -> None:
        w, enc, gaz = self.weights_, self.encoded_, self.gazetteer_
        self.local_regions_ = sorted({e.local_region for e in enc})
        self._group = np.array([self.local_regions_.index(e.local_region) for e in enc], dtype=np.int64)
        region_coords = np.array([[r.lat, r.lon] for r in gaz], dtype=np.float64).reshape(-1, 2)
        self._positions = [e.position for e in enc]
        region_km = distances_km(region_coords, self._positions)  # (n_regions, n_vacancies)
        unknown = np.full((1, len(enc)), np.nan)
        self._region_cache: dict[str, int] = {}
        has_hard = np.array([e.has_hard for e in enc])
        has_soft = np.array([e.has_soft for e in enc])
        self._base = w.skills * has_hard + w.soft * has_soft + w.ktp
        self._n_required = np.array([e.n_required for e in enc], dtype=np.float64)
        # gating is additive: BIG exceeds any attainable numerator, so one unmet requirement makes it < 0
        self._big = 2.0 * (w.skills + w.soft + w.ktp + w.commute) + 1.0
        self._place_add, self._place_known = self._place_terms(np.vstack([region_km, unknown]))
        self._right_t = right_matrix(self.market_, w.focus > 0, w.required_policy, self._big).T.tocsr()
        self._relevance_t = self.market_.relevance.T.tocsr()

    # -- blocks -----------------------------------------------------------------------------
    def score_blocks(
        self, candidates: Iterable[Candidate | Mapping[str, Any]]
    ) -> Iterator[tuple[list[str], NDArray[np.float32]]]:
        """Yield (candidate ids, scores of shape (block, n_vacancies) float32), block by block."""
        for block in self._blocks(_candidates(candidates, "score_blocks")):
            yield block.ids, np.ascontiguousarray(self._score_block(block).T)

    def _blocks(self, candidates: Iterable[Candidate | Mapping[str, Any]]) -> Iterator[CandidateBlock]:
        check_fitted(self, "market_")
        iterator, first_row = iter(candidates), 1
        while chunk := list(itertools.islice(iterator, self.block_size)):
            records = parse_records(Candidate, chunk, first_row=first_row)  # rows counted over the stream
            first_row += len(chunk)
            yield encode_candidates(
                records, self.resolver_, self.market_, self.gazetteer_, self._region_cache
            )

    def _score_block(self, block: CandidateBlock) -> NDArray[np.float32]:
        """Scores of a block as (n_vacancies, n_block) float32, vacancies by rows."""
        return relative_to_best(self._fit_block(block), self.weights_.relative_fit).astype(np.float32)

    def _fit_block(self, block: CandidateBlock) -> NDArray[np.float64]:
        """Fits of a block before the relative factor, (n_vacancies, n_block) float64: one product
        with the requirement weights (and the met-required counts under gate or penalty), one with
        the concepts' relevance for the focus, then the locality terms per (KTP, place)."""
        w, n_vac, n = self.weights_, len(self.vacancy_ids_), len(block.ids)
        parts = (block.credits,) if w.required_policy == "weight" else (block.credits, block.met)
        out = product(self._right_t, parts, n)
        scores, at = out[:n_vac], n_vac
        if w.focus > 0:  # the hard part: a weighted geometric mean of coverage and focus
            mass = np.asarray(block.held.sum(axis=1)).ravel()
            used = product(self._relevance_t, (block.held,), n)
            scale = np.divide(w.skills, mass, out=np.zeros_like(mass), where=mass > 0)
            used *= scale[None, :]  # skills x the share of held skills used
            scores += weighted_geometric_mean(out[at : at + n_vac], used, w.focus)
            at += n_vac
        met = out[at : at + n_vac] if w.required_policy == "penalty" else None
        const = -self._big * self._n_required if w.required_policy == "gate" else 0.0
        num, inv, inverse = self._locality_terms(block, const)
        scores += np.take(num.T, inverse, axis=1)
        scores *= np.take(inv.T, inverse, axis=1)
        if met is not None:
            scores *= np.power(w.required_penalty, self._n_required[:, None] - met)
        np.clip(scores, 0.0, 1.0, out=scores)
        return scores

    def _locality_terms(
        self, block: CandidateBlock, const: NDArray[np.float64] | float
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.intp]]:
        """Per distinct (KTP profile, place) of the block: the additive numerator and 1 / denominator.

        Places are gazetteer rows, 'unknown', or one row per candidate with its own coordinates.
        Returns (numerators, inverse denominators, row of each candidate) with (n_distinct, n_vac)."""
        w = self.weights_
        profile, flags = ktp_profiles(block.ktp, self.local_regions_)
        n_listed = len(self._place_add)  # gazetteer rows and the 'unknown' row
        has_coords = ~np.isnan(block.coords[:, 0])
        place = np.where(block.region >= 0, block.region, n_listed - 1)
        place[has_coords] = n_listed + np.arange(int(has_coords.sum()))
        n_places = n_listed + int(has_coords.sum())
        keys, inverse = np.unique(profile * n_places + place, return_inverse=True)
        key_profile, key_place = keys // n_places, keys % n_places
        add, known = self._place_add, self._place_known
        if has_coords.any():
            own_add, own_known = self._place_terms(distances_km(block.coords[has_coords], self._positions))
            add, known = np.vstack([add, own_add]), np.vstack([known, own_known])
        num = const + w.ktp * flags[key_profile][:, self._group] + add[key_place]
        denom = self._base + w.commute * known[key_place]
        inv = np.divide(1.0, denom, out=np.zeros_like(denom), where=denom > 0)
        return num, inv, inverse.reshape(-1)

    def _place_terms(self, km: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """From distances (nan = unknown): the commute numerator (minus BIG beyond the hard limit)
        and whether the commute is known."""
        w = self.weights_
        known = ~np.isnan(km)
        distance = np.nan_to_num(km)
        add = np.where(known, w.commute * commute_factor(distance, w.commute_half_km), 0.0)
        if w.max_commute_km is not None:
            add -= self._big * (known & (distance > w.max_commute_km))
        return add, known

    # -- the encoded market, for gap analysis ---------------------------------------------------
    def requirement_columns(self) -> list[tuple[str, int]]:
        """The (concept id, level) pairs the fitted vacancies ask for, in column order."""
        check_fitted(self, "market_")
        return [(self.resolver_.concept_ids[c], level) for c, level in self.market_.columns]

    def requirement_credits(
        self, candidates: Iterable[Candidate | Mapping[str, Any]], *, min_credit: float | None = None
    ) -> tuple[list[tuple[str, int]], sp.csr_matrix]:
        """(columns, credits): the best credit of each candidate for each requirement column, a
        csr_matrix (n_candidates, n_columns) float64; credits below ``min_credit`` (default
        ``required_min_credit``) are left out, so a stored entry means "holds it well enough"."""
        floor = self.weights_.required_min_credit if min_credit is None else min_credit
        parts = []
        for chunk in self._blocks(_candidates(candidates, "requirement_credits")):
            credits = chunk.credits.copy()
            credits.data[credits.data < floor] = 0.0
            credits.eliminate_zeros()
            parts.append(credits)
        empty = sp.csr_matrix((0, self.market_.n_columns))
        return self.requirement_columns(), sp.vstack(parts, format="csr") if parts else empty

    def requirement_matrices(self) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """(required, any): csr_matrix (n_columns, n_vacancies) counting each vacancy's required hard
        requirements per column, and all of its scored requirements (hard or soft, any flag)."""
        check_fitted(self, "market_")
        return self.market_.R_req.copy(), self.market_.R_any.copy()

    # -- many pairs -------------------------------------------------------------------------
    def score_matrix(self, candidates: Iterable[Candidate | Mapping[str, Any]]) -> NDArray[np.float32]:
        """Scores of every candidate for every fitted vacancy: ndarray (n_candidates, n_vacancies) float32.

        Ineligible pairs (gate policy, commute limit) score exactly 0.0."""
        candidates = _candidates(candidates, "score_matrix")
        blocks = [scores for _, scores in self.score_blocks(candidates)]
        if not blocks:
            return np.zeros((0, len(self.vacancy_ids_)), dtype=np.float32)
        return np.vstack(blocks)

    def top_k(self, candidates: Iterable[Candidate | Mapping[str, Any]], k: int = 10) -> TopK:
        """The k best vacancies per candidate: indices (n_candidates, min(k, n_vacancies)) into
        ``vacancy_ids_``.

        Order: higher score first, then lower vacancy index. A vacancy scoring 0 for the candidate
        (no fit, or ineligible) is never listed: its place is padding, index -1 and score nan.
        Candidates stream through in blocks."""
        candidates = _candidates(candidates, "top_k")
        k = min(check_k(k, caller="FitScorer.top_k"), len(self.vacancy_ids_))
        ids: list[str] = []
        parts: list[tuple[NDArray[np.int64], NDArray[np.float32]]] = []
        for block_ids, scores in self.score_blocks(candidates):
            ids += block_ids
            parts.append(drop_unscored(*select_top_k(scores, k)))
        indices = np.vstack([p[0] for p in parts]) if parts else np.zeros((0, k), dtype=np.int64)
        values = np.vstack([p[1] for p in parts]) if parts else np.zeros((0, k), dtype=np.float32)
        return TopK(indices, values, ids, list(self.vacancy_ids_), by="candidate")

    def shortlist(self, candidates: Iterable[Candidate | Mapping[str, Any]], k: int = 10) -> TopK:
        """The employer's view: the k best candidates per vacancy, indices (n_vacancies, min(k,
        n_candidates)) into the candidates in the order given. Higher score first, then lower
        candidate index; a candidate scoring 0 for the vacancy is never listed (padding: -1 / nan).
        Streams with a running merge per block, so memory never grows with k beyond the candidates."""
        candidates = _candidates(candidates, "shortlist")
        k = check_k(k, caller="FitScorer.shortlist")
        n_vac = len(self.vacancy_ids_)
        ids: list[str] = []
        best_idx = np.zeros((n_vac, 0), dtype=np.int64)
        best = np.zeros((n_vac, 0), dtype=np.float32)
        for block in self._blocks(candidates):
            local_idx, local = select_top_k(self._score_block(block), min(k, len(block.ids)))
            best_idx, best = merge_top_k(best_idx, best, local_idx + len(ids), local, k)
            ids += block.ids
        best_idx, best = drop_unscored(best_idx, best)
        return TopK(best_idx, best, ids, list(self.vacancy_ids_), by="vacancy")


def _default_taxonomy() -> Taxonomy:
    from ..datasets import default_taxonomy

    return default_taxonomy()


def _default_gazetteer() -> Gazetteer:
    from ..datasets import bekasi_regions

    return bekasi_regions()


def _default_normalizer(taxonomy: Taxonomy) -> Normalizer:
    from ..normalize import SkillNormalizer

    normalizer: Normalizer = SkillNormalizer().fit(taxonomy)
    return normalizer


def _candidates(candidates: object, method: str) -> Iterable[Candidate | Mapping[str, Any]]:
    """The candidates a method was given, checked (not one record, not a string; a DataFrame's rows)."""
    return record_rows(candidates, parameter="candidates", where=f"FitScorer.{method}", record="Candidate")
