"""Candidate–vacancy fit: weighted skills with levels and evidence, soft skills, locality; explainable.

``FitScorer.fit(vacancies)`` encodes the market once; ``score`` explains one pair; ``score_matrix``,
``top_k`` and ``shortlist`` stream candidates block by block, one matrix product per block. The
exact formula, every constant and the tie rule are in docs/scoring.md.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .encoding import (
    EVIDENCE_CODE,
    EVIDENCE_ORDER,
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
    level_factor,
    relation_credits,
    vacancy_position,
)
from .errors import KerjaMatchError, ValidationProblems, check_fitted
from .geo import Gazetteer
from .models import Candidate, Vacancy, in_region, parse_records, problems_from_error
from .taxonomy import Taxonomy
from .topk import TopK, check_k, merge_top_k, pad_top_k, select_top_k

__all__ = ["ExplainRow", "FitResult", "FitScorer", "ScoringWeights", "SkillGap", "TopK"]

Unit = Field(ge=0.0, le=1.0)
#: The largest dense credit block (columns x candidates) the scorer builds; wider markets (ESCO-sized)
#: multiply sparse matrices instead.
DENSE_CREDIT_CELLS = 8_000_000


class ScoringWeights(BaseModel):
    """Every weight and constant of the fit score; see docs/scoring.md for where each one enters.

    Part weights (``skills``, ``soft``, ``ktp``, ``commute``) are relative: a pair's score divides
    by the sum of the parts that apply to it, so a part that does not apply spreads its weight over
    the others.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    skills: float = Field(0.6, ge=0.0, le=100.0, description="weight of the hard-skill part")
    soft: float = Field(0.15, ge=0.0, le=100.0, description="weight of the soft-skill part")
    ktp: float = Field(0.1, ge=0.0, le=100.0, description="bonus for a KTP of the vacancy's local region")
    commute: float = Field(0.15, ge=0.0, le=100.0, description="weight of the commute factor")
    required_factor: float = Field(2.0, ge=1.0, le=100.0, description="required / preferred weight")
    credit_lost_per_level: float = Field(0.25, ge=0.0, le=1.0)
    narrower_credit: float = Field(1.0, ge=0.0, le=1.0, description="holds a narrower concept")
    broader_credit: float = Field(0.5, ge=0.0, le=1.0, description="holds a broader concept")
    sibling_credit: float = Field(0.3, ge=0.0, le=1.0, description="holds a sibling concept")
    evidence_self_declared: float = Unit
    evidence_training: float = Unit
    evidence_experience: float = Unit
    evidence_certified: float = Unit
    evidence_assessed: float = Unit
    required_policy: Literal["weight", "gate", "penalty"] = "weight"
    required_min_credit: float = Field(0.5, gt=0.0, le=1.0, description="credit that meets a required skill")
    required_penalty: float = Field(0.5, ge=0.0, le=1.0, description="factor per unmet required skill")
    commute_half_km: float = Field(15.0, gt=0.0, le=1000.0)
    max_commute_km: float | None = Field(None, gt=0.0, le=20000.0)
    specificity: bool = True
    focus: float = Field(0.5, ge=0.0, le=1.0, description="share of the hard-skill part for focus")
    relative_fit: float = Field(1.0, ge=0.0, le=10.0, description="exponent of fit / the candidate's best fit")
    confidence_unknown_domicile: float = Field(0.7, ge=0.0, le=1.0)
    confidence_unknown_ktp: float = Field(0.85, ge=0.0, le=1.0)

    def __init__(self, **data: Any) -> None:
        defaults = {"evidence_self_declared": 0.8, "evidence_training": 0.9, "evidence_experience": 0.9}
        data = {**defaults, "evidence_certified": 1.0, "evidence_assessed": 1.0, **data}
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise ValidationProblems(
                "invalid ScoringWeights", problems_from_error(error, "ScoringWeights")
            ) from None

    @model_validator(mode="after")
    def _consistent(self) -> ScoringWeights:
        if self.skills + self.soft + self.ktp + self.commute <= 0:
            raise ValueError("skills + soft + ktp + commute must be > 0, got all zero")
        for name in ("evidence_certified", "evidence_assessed"):
            if getattr(self, name) < self.evidence_self_declared:
                raise ValueError(
                    f"{name} must be >= evidence_self_declared ({self.evidence_self_declared}), "
                    f"got {getattr(self, name)}"
                )
        return self

    def evidence_factors(self) -> NDArray[np.float64]:
        """Multiplier per Evidence member, in ``Evidence`` order."""
        return np.array([getattr(self, f"evidence_{e.value}") for e in EVIDENCE_ORDER], dtype=np.float64)


@dataclass(frozen=True)
class SkillGap:
    """A requirement the candidate does not hold at the required level (ignoring evidence)."""

    concept_id: str
    label_id: str
    label_en: str
    required_level: int
    current_level: int  # level of the concept itself or a narrower one; 0 when absent
    required: bool
    weight: float  # the most this requirement adds to the score (its explain row's weight)
    kind: Literal["hard", "soft"]
    phrase: str


@dataclass(frozen=True)
class ExplainRow:
    """One line of the waterfall: ``contribution`` rows add up to the score."""

    part: str  # skills | soft | ktp | commute | penalty | gate
    item: str  # the requirement's text, the KTP rule, the commute
    weight: float  # the most this row can add
    credit: float  # 0..1 (1 for penalty and gate rows)
    contribution: float
    detail: str = ""


@dataclass(frozen=True)
class FitResult:
    """The fit of one candidate for one vacancy, with what makes it up."""

    candidate_id: str
    vacancy_id: str
    score: float
    components: dict[str, float]
    rows: tuple[ExplainRow, ...]
    missing: list[SkillGap]
    unresolved: list[str]  # candidate skill phrases the normaliser could not map
    unresolved_requirements: list[str]
    confidence: float
    eligible: bool
    reasons: list[str]
    notes: list[str] = field(default_factory=list)

    def explain(self) -> list[ExplainRow]:
        """Rows that add up to ``score``: one per requirement, KTP, commute, then penalty or gate."""
        return list(self.rows)


@dataclass(frozen=True)
class _Claims:
    """A candidate's resolved claims: concept index -> [(level, evidence code, phrase)]."""

    by_concept: dict[int, list[tuple[int, int, str]]]
    unresolved: list[str]
    resolution: float
    held: dict[int, str]  # concept of each distinct hard-skill claim -> its first phrase (focus)


class FitScorer:
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
    """

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
        """Validate and encode the vacancies once; returns self."""
        self._check_options()
        records = parse_records(Vacancy, vacancies)
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
        self.market_ = MarketEncoding(
            self.encoded_,
            self._relations_of,
            len(taxonomy),
            lost_per_level=w.credit_lost_per_level,
            evidence=w.evidence_factors(),
            part_skills=w.skills,
            part_soft=w.soft,
            min_credit=w.required_min_credit,
            focus=w.focus,
            concept_mass=self._concept_mass(len(taxonomy)),
        )
        self._fit_locality()
        return self

    def _check_options(self) -> None:
        if isinstance(self.weights, ScoringWeights):
            self.weights_ = self.weights
        elif self.weights is None or isinstance(self.weights, Mapping):
            self.weights_ = ScoringWeights(**dict(self.weights or {}))
        else:
            raise KerjaMatchError(
                f"FitScorer: weights must be a ScoringWeights or a mapping, got {type(self.weights).__name__}"
            )
        if isinstance(self.block_size, bool) or not isinstance(self.block_size, int) or self.block_size < 1:
            raise KerjaMatchError(f"FitScorer: block_size must be an int >= 1, got {self.block_size!r}")
        if self.normalizer is not None and not callable(getattr(self.normalizer, "match", None)):
            raise KerjaMatchError("FitScorer: normalizer must have a match(list[str]) method")

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
        m = self.market_
        if w.required_policy == "gate":
            self._right = sp.vstack([m.R_num, self._big * m.R_req], format="csr")
        elif w.required_policy == "penalty":
            self._right = sp.bmat([[m.R_num, None], [None, m.R_req]], format="csr")
        else:  # "weight": an unmet required skill costs its weight in the coverage, nothing more
            self._right = m.R_num.tocsr()
        self._right_t = self._right.T.tocsr()
        self._relevance_t = m.relevance.T.tocsr()

    # -- one pair ---------------------------------------------------------------------------
    def score(
        self, candidate: Candidate | Mapping[str, Any], vacancy: Vacancy | Mapping[str, Any]
    ) -> FitResult:
        """The explained fit of one pair. ``vacancy`` may be a fitted one or any other Vacancy: an
        unfitted one is encoded on the fly against the fitted market (its specificity and relations)."""
        check_fitted(self, "market_")
        cand = parse_records(Candidate, [candidate])[0]
        vac = parse_records(Vacancy, [vacancy])[0]
        enc = self._encoded_for(vac)
        claims = self._claims(cand)
        fit = self._explain_pair(cand, enc, claims)
        if self.weights_.relative_fit == 0 or fit.score == 0:
            return fit
        return self._relative_to_best(fit, cand)

    def _relative_to_best(self, fit: FitResult, cand: Candidate) -> FitResult:
        """Add the relative row: the fit times (fit / the candidate's best fit) ** relative_fit,
        the best taken over the fitted vacancies (fast path, float64) and this one."""
        block = encode_candidates([cand], self.resolver_, self.market_, self.gazetteer_, self._region_cache)
        fits = self._fit_block(block)[:, 0]
        j = int(np.argmax(fits))
        best, best_id = (float(fits[j]), self.vacancy_ids_[j]) if fits[j] > fit.score + 1e-12 else (fit.score, fit.vacancy_id)
        factor = (fit.score / best) ** self.weights_.relative_fit
        if factor >= 1.0:
            return fit
        cut = -fit.score * (1.0 - factor)
        detail = f"best fit {best:.3f} at {best_id!r}; this one {fit.score:.3f}: x{factor:.2f}"
        row = ExplainRow("relative", "relative to the candidate's best fit", cut, 1.0, cut, detail)
        components = {**fit.components, "relative": cut}
        score = min(1.0, max(0.0, math.fsum(components.values())))
        return dataclasses.replace(fit, score=score, components=components, rows=(*fit.rows, row))

    def _encoded_for(self, vac: Vacancy) -> EncodedVacancy:
        i = self._vacancy_index.get(vac.id)
        if i is not None and self.vacancies_[i] == vac:
            return self.encoded_[i]
        return self._encode_vacancy(vac)

    def _claims(self, cand: Candidate) -> _Claims:
        phrases = [c.skill for c in (*cand.skills, *cand.soft_skills)]
        self.resolver_.resolve(phrases)
        by_concept: dict[int, list[tuple[int, int, str]]] = {}
        unresolved, matches = [], []
        held: dict[int, str] = {}
        for claim in (*cand.skills, *cand.soft_skills):
            concept, match = self.resolver_.lookup(claim.skill)
            matches.append(match)
            if concept < 0:
                unresolved.append(claim.skill)
            else:
                by_concept.setdefault(concept, []).append(
                    (claim.level, EVIDENCE_CODE[claim.evidence], claim.skill)
                )
        for claim in cand.skills:
            concept = self.resolver_.lookup(claim.skill)[0]
            if concept >= 0:
                held.setdefault(concept, claim.skill)
        resolution = float(np.mean(matches)) if matches else 1.0
        return _Claims(by_concept, list(dict.fromkeys(unresolved)), resolution, held)

    def _credit(self, req: EncodedRequirement, claims: _Claims) -> tuple[float, str, int]:
        """Best credit for a requirement over the claims, how it came, and the held level."""
        w, ev = self.weights_, self._evidence
        best, how, held = 0.0, "not held", 0
        for holder, (relation_credit, relation) in self._relations_of(req.concept).items():
            for level, evidence, phrase in claims.by_concept.get(holder, ()):
                if relation in ("exact", "narrower"):
                    held = max(held, level)
                value = (
                    relation_credit * level_factor(level, req.level, w.credit_lost_per_level) * ev[evidence]
                )
                if value > best:
                    best = value
                    how = (
                        f"{relation}: {phrase!r} level {level}/{req.level}, {EVIDENCE_ORDER[evidence].value}"
                    )
        return best, how, held

    def _explain_pair(self, cand: Candidate, enc: EncodedVacancy, claims: _Claims) -> FitResult:
        w = self.weights_
        distance = self._distance_km(cand, enc)
        known = distance is not None
        denom = w.skills * enc.has_hard + w.soft * enc.has_soft + w.ktp + w.commute * known
        scale = 1.0 / denom if denom > 0 else 0.0
        rows: list[ExplainRow] = []
        missing: list[SkillGap] = []
        unmet: list[str] = []
        for req in enc.requirements:
            part = "skills" if req.kind == "hard" else "soft"
            if req.concept < 0:
                rows.append(ExplainRow(part, req.phrase, 0.0, 0.0, 0.0, "unresolved: not scored"))
                continue
            credit, how, held = self._credit(req, claims)
            weight = (w.skills * (1.0 - w.focus) if req.kind == "hard" else w.soft) * req.share * scale
            rows.append(ExplainRow(part, req.phrase, weight, credit, weight * credit, how + _rarity(req)))
            if req.share == 0:  # weight 0: informational, neither gated nor a gap
                continue
            if req.kind == "hard" and req.required and credit < w.required_min_credit:
                unmet.append(req.phrase)
            if held < req.level:
                missing.append(self._gap(req, held, weight))
        if enc.has_hard and w.focus > 0:
            rows.append(self._focus_row(enc, claims, w.skills * w.focus * scale))
        local = in_region(cand.ktp_region, enc.local_region)
        rows.append(ExplainRow("ktp", f"KTP in {enc.local_region}", w.ktp * scale, float(local),
                               w.ktp * scale * local, f"KTP {cand.ktp_region or 'unknown'}"))  # fmt: skip
        factor = float(commute_factor(np.array(distance), w.commute_half_km)) if known else 0.0
        detail = f"{distance:.1f} km" if distance is not None else "unknown distance: neutral"
        rows.append(ExplainRow("commute", "commute", w.commute * scale * known, factor,
                               w.commute * scale * factor, detail))  # fmt: skip
        raw = math.fsum(r.contribution for r in rows)
        reasons = [f"required skill {p!r} below credit {w.required_min_credit}" for p in unmet]
        if w.required_policy == "weight":
            reasons = []
        if w.required_policy == "penalty" and unmet:
            kept = w.required_penalty ** len(unmet)
            rows.append(ExplainRow("penalty", f"{len(unmet)} required skill(s) unmet", -raw * (1 - kept), 1.0,
                                   -raw * (1 - kept), ", ".join(unmet)))  # fmt: skip
            reasons = []
        if distance is not None and w.max_commute_km is not None and distance > w.max_commute_km:
            reasons.append(f"commute {distance:.1f} km exceeds max_commute_km={w.max_commute_km}")
        subtotal = math.fsum(r.contribution for r in rows)
        if reasons:
            rows.append(ExplainRow("gate", "ineligible", -subtotal, 1.0, -subtotal, "; ".join(reasons)))
        components = {p: 0.0 for p in ("skills", "focus", "soft", "ktp", "commute", "penalty", "gate", "relative")}
        for row in rows:
            components[row.part] += row.contribution
        score = 0.0 if reasons else min(1.0, max(0.0, math.fsum(components.values())))
        confidence = claims.resolution * float(np.mean([r.match_score for r in enc.requirements] or [1.0]))
        confidence *= (1.0 if known else w.confidence_unknown_domicile) * (
            1.0 if cand.ktp_region else w.confidence_unknown_ktp
        )
        missing.sort(key=lambda g: (not g.required, -g.weight, g.phrase))
        notes = list(enc.notes)
        if cand.domicile and cand.lat is None and cand.domicile not in self.gazetteer_:
            notes.append(f"candidate {cand.id!r}: domicile {cand.domicile!r} is not in the gazetteer")
        return FitResult(
            candidate_id=cand.id,
            vacancy_id=enc.id,
            score=score,
            components=components,
            rows=tuple(rows),
            missing=missing,
            unresolved=claims.unresolved,
            unresolved_requirements=enc.unresolved,
            confidence=min(1.0, max(0.0, confidence)),
            eligible=not reasons,
            reasons=reasons,
            notes=notes,
        )

    def _focus_row(self, enc: EncodedVacancy, claims: _Claims, weight: float) -> ExplainRow:
        """The focus row: the share of the candidate's hard skills (by specificity) the vacancy uses,
        each at its best relation credit to one of the vacancy's scored hard requirements."""
        use: dict[int, float] = {}
        for concept in {r.concept for r in enc.requirements if r.kind == "hard" and r.concept >= 0 and r.share > 0}:
            for holder, (credit, _) in self._relations_of(concept).items():
                if holder in claims.held and credit > use.get(holder, 0.0):
                    use[holder] = credit
        mass = self.market_.concept_mass
        total = math.fsum(float(mass[c]) for c in claims.held)
        used = math.fsum(float(mass[c]) * use[c] for c in claims.held if c in use)
        share = used / total if total > 0 else 0.0
        unused = [phrase for c, phrase in claims.held.items() if c not in use]
        detail = f"{used:.2f} of {total:.2f} (by specificity)" + (
            f"; not asked here: {', '.join(map(repr, unused[:3]))}{' ...' if len(unused) > 3 else ''}"
            if unused else ""
        )  # fmt: skip
        return ExplainRow("focus", "share of the candidate's skills this vacancy uses", weight, share,
                          weight * share, detail)  # fmt: skip

    def _gap(self, req: EncodedRequirement, held: int, weight: float) -> SkillGap:
        concept = self.taxonomy_.get(self.resolver_.concept_ids[req.concept])
        return SkillGap(
            concept.id, concept.label_in("id"), concept.label_in("en"), req.level, held,
            req.required, weight, req.kind, req.phrase,
        )  # fmt: skip

    def _distance_km(self, cand: Candidate, enc: EncodedVacancy) -> float | None:
        if enc.position is None:
            return None
        if cand.lat is not None and cand.lon is not None:
            origin = np.array([[cand.lat, cand.lon]])
        elif cand.domicile is not None and cand.domicile in self.gazetteer_:
            region = self.gazetteer_.get(cand.domicile)
            origin = np.array([[region.lat, region.lon]])
        else:
            return None
        return float(distances_km(origin, [enc.position])[0, 0])

    # -- blocks -----------------------------------------------------------------------------
    def score_blocks(
        self, candidates: Iterable[Candidate | Mapping[str, Any]]
    ) -> Iterator[tuple[list[str], NDArray[np.float32]]]:
        """Yield (candidate ids, scores of shape (block, n_vacancies) float32), block by block."""
        for block in self._blocks(candidates):
            yield block.ids, np.ascontiguousarray(self._score_block(block).T)

    def _blocks(self, candidates: Iterable[Candidate | Mapping[str, Any]]) -> Iterator[CandidateBlock]:
        check_fitted(self, "market_")
        iterator = iter(candidates)
        while chunk := list(itertools.islice(iterator, self.block_size)):
            records = parse_records(Candidate, chunk)
            yield encode_candidates(
                records, self.resolver_, self.market_, self.gazetteer_, self._region_cache
            )

    def _score_block(self, block: CandidateBlock) -> NDArray[np.float32]:
        """Scores of a block as (n_vacancies, n_block) float32, vacancies by rows."""
        return self._relative(self._fit_block(block)).astype(np.float32)

    def _fit_block(self, block: CandidateBlock) -> NDArray[np.float64]:
        """Fits of a block before the relative factor, (n_vacancies, n_block) float64.

        The product runs as R^T @ A^T with A dense: R^T has a handful of entries per vacancy, so
        this costs O(nnz(R) x block) and writes the dense result directly, where A @ R would build a
        sparse result that is nearly full. A market too wide for a dense A takes the sparse route."""
        w, n_vac, n = self.weights_, len(self.vacancy_ids_), len(block.ids)
        parts = (block.credits,) if w.required_policy == "weight" else (block.credits, block.met)
        scores = _product(self._right_t, parts, n)
        met = scores[n_vac:] if w.required_policy == "penalty" else None
        scores = scores[:n_vac]
        if w.focus > 0:
            mass = np.asarray(block.held.sum(axis=1)).ravel()
            scale = np.divide(w.skills * w.focus, mass, out=np.zeros(n), where=mass > 0)
            scores += _product(self._relevance_t, (block.held,), n) * scale[None, :]
        const = -self._big * self._n_required if w.required_policy == "gate" else 0.0
        num, inv, inverse = self._locality_terms(block, const)
        scores += np.take(num.T, inverse, axis=1)
        scores *= np.take(inv.T, inverse, axis=1)
        if met is not None:
            scores *= np.power(w.required_penalty, self._n_required[:, None] - met)
        np.clip(scores, 0.0, 1.0, out=scores)
        return scores

    def _relative(self, fits: NDArray[np.float64]) -> NDArray[np.float64]:
        """fit x (fit / the candidate's best fit over the fitted vacancies) ** relative_fit."""
        power = self.weights_.relative_fit
        if power == 0 or fits.size == 0:
            return fits
        best = fits.max(axis=0)
        factor = np.divide(fits, best[None, :], out=np.zeros_like(fits), where=best[None, :] > 0)
        if power != 1:
            np.power(factor, power, out=factor)
        fits *= factor
        return fits

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
        for chunk in self._blocks(candidates):
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
        blocks = [scores for _, scores in self.score_blocks(candidates)]
        if not blocks:
            return np.zeros((0, len(self.vacancy_ids_)), dtype=np.float32)
        return np.vstack(blocks)

    def top_k(self, candidates: Iterable[Candidate | Mapping[str, Any]], k: int = 10) -> TopK:
        """The k best vacancies per candidate: indices (n_candidates, k) into ``vacancy_ids_``.

        Order: higher score first, then lower vacancy index. With fewer than k vacancies the rows
        are padded with index -1 and score nan. Candidates stream through in blocks."""
        k = check_k(k)
        ids: list[str] = []
        parts: list[tuple[NDArray[np.int64], NDArray[np.float32]]] = []
        for block_ids, scores in self.score_blocks(candidates):
            ids += block_ids
            parts.append(select_top_k(scores, min(k, scores.shape[1])))
        indices = np.vstack([p[0] for p in parts]) if parts else np.zeros((0, 0), dtype=np.int64)
        values = np.vstack([p[1] for p in parts]) if parts else np.zeros((0, 0), dtype=np.float32)
        indices, values = pad_top_k(indices, values, k)
        return TopK(indices, values, ids, list(self.vacancy_ids_), by="candidate")

    def shortlist(self, candidates: Iterable[Candidate | Mapping[str, Any]], k: int = 10) -> TopK:
        """The employer's view: the k best candidates per vacancy, indices (n_vacancies, k) into the
        candidates in the order given. Higher score first, then lower candidate index; padded with
        -1 / nan when fewer than k candidates came. Streams with a running merge per block."""
        k = check_k(k)
        n_vac = len(self.vacancy_ids_)
        ids: list[str] = []
        best_idx = np.zeros((n_vac, 0), dtype=np.int64)
        best = np.zeros((n_vac, 0), dtype=np.float32)
        for block in self._blocks(candidates):
            local_idx, local = select_top_k(self._score_block(block), min(k, len(block.ids)))
            best_idx, best = merge_top_k(best_idx, best, local_idx + len(ids), local, k)
            ids += block.ids
        best_idx, best = pad_top_k(best_idx, best, k)
        return TopK(best_idx, best, ids, list(self.vacancy_ids_), by="vacancy")


def _rarity(req: EncodedRequirement) -> str:
    """The specificity factor of a requirement's weight, said in words when it is not 1."""
    if abs(req.specificity - 1.0) < 0.05:
        return ""
    return f"; {'rare' if req.specificity > 1 else 'common'} in this market: weight x{req.specificity:.1f}"


def _product(right_t: sp.csr_matrix, parts: tuple[sp.csr_matrix, ...], n: int) -> NDArray[np.float64]:
    """right_t @ hstack(parts).T as a dense (rows of right_t, n) array: densify the parts when they
    fit in DENSE_CREDIT_CELLS, else multiply sparse by sparse."""
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
    return np.ascontiguousarray((left @ right_t.T).toarray().T)


def _default_taxonomy() -> Taxonomy:
    from .datasets import default_taxonomy

    return default_taxonomy()


def _default_gazetteer() -> Gazetteer:
    from .datasets import bekasi_regions

    return bekasi_regions()


def _default_normalizer(taxonomy: Taxonomy) -> Normalizer:
    from .normalize import SkillNormalizer

    normalizer: Normalizer = SkillNormalizer().fit(taxonomy)
    return normalizer
