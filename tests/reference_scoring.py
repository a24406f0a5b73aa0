"""The fit score of one pair, written straight from docs/scoring.md: slow, plain, obviously right.

It shares nothing with the fast path but the records, the taxonomy's hierarchy walks, the
gazetteer's centroids and the great-circle distance of geo.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from kerja_match.geo import Gazetteer, haversine_km
from kerja_match.models import Candidate, Vacancy, in_region
from kerja_match.scoring import ScoringWeights
from kerja_match.taxonomy import Taxonomy

Resolve = Callable[[str], "str | None"]


def relation_credit(taxonomy: Taxonomy, held: str, asked: str, w: ScoringWeights) -> float:
    """Credit for holding concept ``held`` when ``asked`` is required (before level and evidence)."""
    if held == asked:
        return 1.0
    credits = [0.0]
    if held in taxonomy.descendants(asked):
        credits.append(w.narrower_credit)
    if held in taxonomy.ancestors(asked):
        credits.append(w.broader_credit)
    if set(taxonomy.parents(held)) & set(taxonomy.parents(asked)):
        credits.append(w.sibling_credit)
    return max(credits)


def evidence_factor(evidence: str, w: ScoringWeights) -> float:
    return float(getattr(w, f"evidence_{evidence}"))


def specificity_factors(vacancies: Sequence[Vacancy], resolve: Resolve) -> dict[str, float]:
    """ln((1 + n) / (1 + df)) + 1 per concept, divided by its mean over requirement occurrences."""
    n = len(vacancies)
    df: dict[str, int] = {}
    occurrences: list[str] = []
    for vac in vacancies:
        concepts = [resolve(r.skill) for r in (*vac.requirements, *vac.soft_requirements)]
        found = [c for c in concepts if c is not None]
        occurrences += found
        for c in set(found):
            df[c] = df.get(c, 0) + 1
    idf = {c: math.log((1 + n) / (1 + d)) + 1 for c, d in df.items()}
    mean = sum(idf[c] for c in occurrences) / len(occurrences) if occurrences else 1.0
    factors = {c: v / mean for c, v in idf.items()}
    factors["__unseen__"] = (math.log(1 + n) + 1) / mean
    return factors


def place(lat: float | None, lon: float | None, code: str | None, gazetteer: Gazetteer) -> tuple | None:
    if lat is not None and lon is not None:
        return (lat, lon)
    if code is not None and code in gazetteer:
        region = gazetteer.get(code)
        return (region.lat, region.lon)
    return None


def reference_fit(
    cand: Candidate,
    vac: Vacancy,
    *,
    taxonomy: Taxonomy,
    weights: ScoringWeights,
    gazetteer: Gazetteer,
    resolve: Resolve,
    specificity: dict[str, float] | None = None,
) -> float:
    """The fit of one pair before the relative factor, per the formula in docs/scoring.md."""
    w = weights
    claims = []
    for claim in (*cand.skills, *cand.soft_skills):
        concept = resolve(claim.skill)
        if concept is not None:
            claims.append((concept, claim.level, claim.evidence.value))

    def factor(concept: str) -> float:
        return 1.0 if specificity is None else specificity.get(concept, specificity["__unseen__"])

    def credit(asked: str, level: int) -> float:
        best = 0.0
        for held, have, evidence in claims:
            shortfall = max(0, level - have)
            level_part = max(0.0, 1.0 - w.credit_lost_per_level * shortfall)
            value = relation_credit(taxonomy, held, asked, w) * level_part * evidence_factor(evidence, w)
            best = max(best, value)
        return best

    def part(requirements: Sequence) -> tuple[float | None, int, list[str]]:
        """Weighted mean credit of the resolved requirements (None when none), unmet required, and
        the concepts of the scored requirements (weight > 0)."""
        total_weight = weighted = 0.0
        unmet = 0
        scored = []
        for req in requirements:
            concept = resolve(req.skill)
            if concept is None:
                continue
            weight = req.weight
            if weight is None:
                weight = (w.required_factor if req.required else 1.0) * factor(concept)
            c = credit(concept, req.level)
            total_weight += weight
            weighted += weight * c
            if weight > 0:
                scored.append(concept)
                if req.required and c < w.required_min_credit:
                    unmet += 1
        return (weighted / total_weight if total_weight > 0 else None), unmet, scored

    def focus(asked: list[str]) -> float:
        """Share of the candidate's hard-skill concepts (by specificity) that the asked ones use,
        each weighted by its best relation credit to one of them."""
        held = {c for c in (resolve(s.skill) for s in cand.skills) if c is not None}
        mass = sum(factor(c) for c in held)
        used = sum(
            factor(c) * max([relation_credit(taxonomy, c, q, w) for q in asked], default=0.0) for c in held
        )
        return used / mass if mass > 0 else 0.0

    coverage, unmet, asked = part(vac.requirements)
    soft, _, _ = part(vac.soft_requirements)
    here = place(cand.lat, cand.lon, cand.domicile, gazetteer)
    there = place(vac.lat, vac.lon, vac.location, gazetteer)
    distance = None
    if here is not None and there is not None:
        distance = float(haversine_km(np.array([here]), np.array([there]))[0, 0])

    numerator = denominator = 0.0
    if coverage is not None:
        # the weighted geometric mean of coverage (weight 1) and focus (weight w.focus)
        hard = coverage
        if w.focus > 0:
            hard = coverage ** (1 / (1 + w.focus)) * focus(asked) ** (w.focus / (1 + w.focus))
        numerator += w.skills * hard
        denominator += w.skills
    if soft is not None:
        numerator += w.soft * soft
        denominator += w.soft
    numerator += w.ktp * (1.0 if in_region(cand.ktp_region, vac.local_region) else 0.0)
    denominator += w.ktp
    if distance is not None:
        numerator += w.commute * 0.5 ** (distance / w.commute_half_km)
        denominator += w.commute
    score = numerator / denominator if denominator > 0 else 0.0

    if distance is not None and w.max_commute_km is not None and distance > w.max_commute_km:
        return 0.0
    if unmet:
        if w.required_policy == "gate":
            return 0.0
        if w.required_policy == "penalty":
            score *= w.required_penalty**unmet
    return min(1.0, max(0.0, score))


def reference_score(
    cand: Candidate,
    vac: Vacancy,
    *,
    taxonomy: Taxonomy,
    weights: ScoringWeights,
    gazetteer: Gazetteer,
    resolve: Resolve,
    market: Sequence[Vacancy] = (),
) -> float:
    """The score of one pair against the fitted ``market`` (the vacancies the scorer was fitted on):
    its fit times (fit / the candidate's best fit over the market and this vacancy) ** relative_fit."""
    fitted = list(market) or [vac]
    specificity = specificity_factors(fitted, resolve) if weights.specificity else None

    def fit(v: Vacancy) -> float:
        return reference_fit(cand, v, taxonomy=taxonomy, weights=weights, gazetteer=gazetteer,
                             resolve=resolve, specificity=specificity)  # fmt: skip

    own = fit(vac)
    if weights.relative_fit == 0:
        return own
    best = max([own, *(fit(v) for v in fitted)])
    return own * (own / best) ** weights.relative_fit if best > 0 else 0.0
