"""The per-pair path of FitScorer: one candidate against one vacancy, explained row by row.

The block path (:mod:`._scorer`) computes the same numbers for many pairs at once; tests hold the
two equal to each other and to the slow reference in ``tests/reference_scoring.py``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import check_fitted
from ..geo import Gazetteer
from ..models import Candidate, Vacancy, in_region, parse_records
from ..taxonomy import Taxonomy
from ._encoding import (
    EVIDENCE_CODE,
    EVIDENCE_ORDER,
    CandidateBlock,
    EncodedRequirement,
    EncodedVacancy,
    MarketEncoding,
    PhraseResolver,
    commute_factor,
    distances_km,
    encode_candidates,
    level_factor,
)
from ._results import ExplainRow, FitResult, SkillGap
from ._weights import ScoringWeights

#: How many candidates' best fits score() remembers (cleared when full, and at every fit).
BEST_FIT_CACHE = 4096


@dataclass(frozen=True)
class _Claims:
    """A candidate's resolved claims: concept index -> [(level, evidence code, phrase)]."""

    by_concept: dict[int, list[tuple[int, int, str]]]
    unresolved: list[str]
    resolution: float
    held: dict[int, str]  # concept of each distinct hard-skill claim -> its first phrase (focus)


class PairExplainer:
    """The explained score of one pair; mixed into FitScorer, which fits the state it reads."""

    weights_: ScoringWeights
    taxonomy_: Taxonomy
    gazetteer_: Gazetteer
    resolver_: PhraseResolver
    vacancies_: list[Vacancy]
    encoded_: list[EncodedVacancy]
    _evidence: list[float]
    _vacancy_index: dict[str, int]
    _relations_of: Callable[[int], dict[int, tuple[float, str]]]
    _encode_vacancy: Callable[[Vacancy], EncodedVacancy]
    market_: MarketEncoding
    vacancy_ids_: list[str]
    _region_cache: dict[str, int]
    _fit_block: Callable[[CandidateBlock], NDArray[np.float64]]
    _best_fits: dict[Candidate, tuple[float, str]]

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
        the best taken over the fitted vacancies (the block path) and this one."""
        best, best_id = self._best_fit(cand)
        if best <= fit.score + 1e-12:
            best, best_id = fit.score, fit.vacancy_id
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

    def _best_fit(self, cand: Candidate) -> tuple[float, str]:
        """The candidate's highest fit over the fitted vacancies and that vacancy's id (found by the
        block path, its fit recomputed by this one); remembered for the last BEST_FIT_CACHE
        candidates (score() is often called for one candidate and many vacancies)."""
        found = self._best_fits.get(cand)
        if found is None:
            block = encode_candidates(
                [cand], self.resolver_, self.market_, self.gazetteer_, self._region_cache
            )
            fits = self._fit_block(block)[:, 0]
            j = int(np.argmax(fits))
            # the best's fit by this path, exact: the block path rounds the hard part to float32
            exact = self._explain_pair(cand, self.encoded_[j], self._claims(cand)).score
            found = (exact if fits[j] > 0 else 0.0, self.vacancy_ids_[j])
            if len(self._best_fits) >= BEST_FIT_CACHE:
                self._best_fits.clear()
            self._best_fits[cand] = found
        return found

    def _claims(self, cand: Candidate) -> _Claims:
        phrases = [c.skill for c in (*cand.skills, *cand.soft_skills)]
        self.resolver_.resolve(phrases)
        by_concept: dict[int, list[tuple[int, int, str]]] = {}
        unresolved, matches = [], []
        for claim in (*cand.skills, *cand.soft_skills):
            concept, match = self.resolver_.lookup(claim.skill)
            matches.append(match)
            if concept < 0:
                unresolved.append(claim.skill)
            else:
                by_concept.setdefault(concept, []).append(
                    (claim.level, EVIDENCE_CODE[claim.evidence], claim.skill)
                )
        held: dict[int, str] = {}
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
            weight = (w.skills if req.kind == "hard" else w.soft) * req.share * scale
            rows.append(ExplainRow(part, req.phrase, weight, credit, weight * credit, how + _rarity(req)))
            if req.share == 0:  # weight 0: informational, neither gated nor a gap
                continue
            if req.kind == "hard" and req.required and credit < w.required_min_credit:
                unmet.append(req.phrase)
            if held < req.level:
                missing.append(self._gap(req, held, weight))
        if enc.has_hard and w.focus > 0:
            hard = math.fsum(r.contribution for r in rows if r.part == "skills")
            rows.append(self._focus_row(enc, claims, hard, scale))
        local = in_region(cand.ktp_region, enc.local_region)
        rows.append(ExplainRow("ktp", f"KTP in {enc.local_region}", w.ktp * scale, float(local),
                               w.ktp * scale * local, f"KTP {cand.ktp_region or 'unknown'}"))  # fmt: skip
        factor = float(commute_factor(np.array(distance), w.commute_half_km)) if known else 0.0
        detail = f"{distance:.1f} km" if distance is not None else "unknown distance: neutral"
        rows.append(ExplainRow("commute", "commute", w.commute * scale * known, factor,
                               w.commute * scale * factor, detail))  # fmt: skip
        raw = math.fsum(r.contribution for r in rows)
        reasons = [f"required skill {p!r} below credit {w.required_min_credit}" for p in unmet]
        if w.required_policy == "weight":  # an unmet required skill costs its weight, nothing more
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
        components = dict.fromkeys(
            ("skills", "focus", "soft", "ktp", "commute", "penalty", "gate", "relative"), 0.0
        )
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

    def _focus_row(self, enc: EncodedVacancy, claims: _Claims, hard: float, scale: float) -> ExplainRow:
        """What focus changes in the hard part ``hard`` (= skills x scale x coverage): the hard part
        becomes the weighted geometric mean coverage ** (1 / (1 + w)) x focus ** (w / (1 + w)), w
        the ``focus`` weight, focus the share of the candidate's hard skills (by specificity) the
        vacancy uses, each at its best relation credit to one of the vacancy's scored hard
        requirements. The row is the difference, so the rows still sum to the score."""
        use: dict[int, float] = {}
        for concept in {
            r.concept for r in enc.requirements if r.kind == "hard" and r.concept >= 0 and r.share > 0
        }:
            for holder, (credit, _) in self._relations_of(concept).items():
                if holder in claims.held and credit > use.get(holder, 0.0):
                    use[holder] = credit
        mass = self.market_.concept_mass
        total = math.fsum(float(mass[c]) for c in claims.held)
        used = math.fsum(float(mass[c]) * use[c] for c in claims.held if c in use)
        share = used / total if total > 0 else 0.0
        part = self.weights_.skills * scale
        weight = self.weights_.focus
        mean = hard ** (1.0 / (1.0 + weight)) * (part * share) ** (weight / (1.0 + weight))
        coverage = hard / part if part > 0 else 0.0
        unused = [phrase for c, phrase in claims.held.items() if c not in use]
        detail = (
            f"{used:.2f} of {total:.2f} (by specificity); coverage {coverage:.2f} and focus {share:.2f} "
            f"weigh 1:{weight:g}, geometric mean {mean / part if part > 0 else 0.0:.2f}"
        )
        if unused:
            detail += (
                f"; not asked here: {', '.join(map(repr, unused[:3]))}{' ...' if len(unused) > 3 else ''}"
            )
        change = mean - hard
        item = f"focus: {share:.0%} of the candidate's skills used here"
        return ExplainRow("focus", item, change, 1.0, change, detail)

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


def _rarity(req: EncodedRequirement) -> str:
    """The specificity factor of a requirement's weight, in words, when it is not about 1."""
    if abs(req.specificity - 1.0) < 0.05:
        return ""
    return f"; {'rare' if req.specificity > 1 else 'common'} in this market: weight x{req.specificity:.1f}"
