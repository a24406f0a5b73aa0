"""The encoded market: requirement columns, taxonomy relation credits, candidate credit matrices, places.

Built once by ``FitScorer.fit`` and reused for every block of candidates. The central object is the
candidate credit matrix ``A`` of shape (n_candidates, n_columns): a column is one (concept, level)
pair that some fitted vacancy asks for, and ``A[i, j]`` is the best credit candidate ``i`` earns for
it over all of its claims (relation credit x level factor x evidence factor). The score is then one
sparse product ``A @ R`` plus per-vacancy terms; see docs/scoring.md for the formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..geo import Gazetteer, haversine_km
from ..models import MAX_LEVEL, Candidate, Evidence, in_region
from ..taxonomy import Taxonomy
from ._focus import held_matrix, relevance_matrix

N_LEVELS = MAX_LEVEL
EVIDENCE_ORDER: tuple[Evidence, ...] = tuple(Evidence)
EVIDENCE_CODE = {e: i for i, e in enumerate(EVIDENCE_ORDER)}


class _Match(Protocol):
    concept_id: str | None
    score: float


class Normalizer(Protocol):
    """Anything with ``match(phrases) -> [obj with .concept_id, .score]`` (e.g. SkillNormalizer)."""

    def match(self, phrases: list[str], /) -> Sequence[Any]: ...


def level_factor(have: int, need: int, lost_per_level: float) -> float:
    """Share of credit kept when a claim at level ``have`` meets a requirement at level ``need``."""
    return max(0.0, 1.0 - lost_per_level * max(0, need - have))


def relation_credits(
    taxonomy: Taxonomy, concept_id: str, *, narrower: float, broader: float, sibling: float
) -> dict[str, tuple[float, str]]:
    """Concepts whose holder earns credit for a requirement of ``concept_id``: id -> (credit, relation).

    exact: the concept itself (1.0); narrower: a descendant, the candidate is more specific than
    asked; broader: an ancestor, the candidate is vaguer than asked; sibling: shares a direct parent.
    A concept related in two ways keeps its best credit. Zero credits are left out.
    """
    found: dict[str, tuple[float, str]] = {}

    def offer(other: str, credit: float, relation: str) -> None:
        if credit > 0 and credit > found.get(other, (0.0, ""))[0]:
            found[other] = (credit, relation)

    offer(concept_id, 1.0, "exact")
    for other in taxonomy.descendants(concept_id):
        offer(other, narrower, "narrower")
    for other in taxonomy.ancestors(concept_id):
        offer(other, broader, "broader")
    for parent in taxonomy.parents(concept_id):
        for other in taxonomy.children(parent):
            if other != concept_id:
                offer(other, sibling, "sibling")
    return found


class PhraseResolver:
    """Skill strings to concept indices: concept ids directly, text once per phrase via the normaliser."""

    def __init__(self, taxonomy: Taxonomy, normalizer: Normalizer | Callable[[], Normalizer]) -> None:
        self.concept_ids = taxonomy.ids
        self.index = {cid: i for i, cid in enumerate(self.concept_ids)}
        # phrase -> (concept index or -1, match score); concept ids resolve to themselves at 1.0
        self.cache: dict[str, tuple[int, float]] = {cid: (i, 1.0) for cid, i in self.index.items()}
        self._normalizer = normalizer
        self.calls = 0

    def resolve(self, phrases: Iterable[str]) -> None:
        """Resolve every phrase not seen before in one call to the normaliser."""
        new = list(dict.fromkeys(p for p in phrases if p not in self.cache))
        if not new:
            return
        if not hasattr(self._normalizer, "match"):  # a factory: build the normaliser on first need
            self._normalizer = self._normalizer()
        matches = self._normalizer.match(new)
        self.calls += 1
        for phrase, found in zip(new, matches, strict=True):
            concept = getattr(found, "concept_id", None)
            index = self.index.get(concept, -1) if concept is not None else -1
            score = float(getattr(found, "score", 1.0)) if index >= 0 else 0.0
            self.cache[phrase] = (index, min(1.0, max(0.0, score)))

    def lookup(self, phrase: str) -> tuple[int, float]:
        return self.cache[phrase]


@dataclass(frozen=True)
class EncodedRequirement:
    """One requirement of a vacancy after resolution and weighting."""

    phrase: str
    concept: int  # index into the taxonomy's ids, -1 when unresolved
    match_score: float
    level: int
    required: bool
    kind: Literal["hard", "soft"]
    weight: float  # after the required factor and specificity; 0 share when unresolved
    share: float  # weight / total weight of its part (hard or soft)
    specificity: float = 1.0  # the specificity factor in ``weight`` (1 when off or weight explicit)


@dataclass(frozen=True)
class EncodedVacancy:
    id: str
    requirements: tuple[EncodedRequirement, ...]
    has_hard: bool
    has_soft: bool
    n_required: int  # resolved required hard requirements: the ones the gate checks
    position: tuple[float, float] | None  # lat, lon of the workplace
    local_region: str
    notes: tuple[str, ...]

    @property
    def unresolved(self) -> list[str]:
        return [r.phrase for r in self.requirements if r.concept < 0]


@dataclass
class CandidateBlock:
    """A block of candidates encoded for the fast path."""

    ids: list[str]
    credits: sp.csr_matrix  # (n, n_columns) best credit per requirement column
    met: sp.csr_matrix  # (n, n_columns) 1.0 where the credit reaches required_min_credit
    held: sp.csr_matrix  # (n, n_concepts) specificity mass of each distinct hard-skill concept held
    ktp: list[str | None]
    region: NDArray[np.int64]  # gazetteer row of the domicile, -1 unknown
    coords: NDArray[np.float64]  # (n, 2) lat/lon when given on the record, else nan


def vacancy_position(
    vacancy_lat: float | None, vacancy_lon: float | None, code: str | None, gazetteer: Gazetteer
) -> tuple[float, float] | None:
    """Coordinates when given, else the centroid of the region code, else None (unknown)."""
    if vacancy_lat is not None and vacancy_lon is not None:
        return (vacancy_lat, vacancy_lon)
    if code is not None and code in gazetteer:
        region = gazetteer.get(code)
        return (region.lat, region.lon)
    return None


class MarketEncoding:
    """Requirement columns, the claim expansion table and the per-vacancy matrices of a fitted market.

    ``expand`` has one row per (concept, claim level) and one column per requirement column; its
    data are 1 + codes into ``base_values`` (relation credit x level factor). ``rank`` maps (base code,
    evidence code) to the rank of the final credit in ``credit_values`` (sorted ascending), which
    lets a block take the best credit per (candidate, column) with one integer sort.
    """

    def __init__(
        self,
        vacancies: Sequence[EncodedVacancy],
        relations: Callable[[int], dict[int, tuple[float, str]]],
        n_concepts: int,
        *,
        lost_per_level: float,
        evidence: NDArray[np.float64],
        part_skills: float,
        part_soft: float,
        min_credit: float,
        concept_mass: NDArray[np.float64] | None = None,
    ) -> None:
        columns: dict[tuple[int, int], int] = {}
        num_rows, num_cols, num_vals, req_rows, req_cols = [], [], [], [], []
        num_hard: list[bool] = []
        for v, vac in enumerate(vacancies):
            for req in vac.requirements:
                if req.concept < 0 or req.share == 0:
                    continue
                col = columns.setdefault((req.concept, req.level), len(columns))
                part = part_skills if req.kind == "hard" else part_soft
                num_rows.append(col)
                num_cols.append(v)
                num_vals.append(part * req.share)
                num_hard.append(req.kind == "hard")
                if req.kind == "hard" and req.required:
                    req_rows.append(col)
                    req_cols.append(v)
        self.columns = list(columns)
        n_cols, n_vac = len(columns), len(vacancies)
        self.R_num = sp.csr_matrix((num_vals, (num_rows, num_cols)), shape=(n_cols, n_vac), dtype=np.float64)
        # the hard and soft parts apart, for focus, which enters the hard part only
        hard = np.array(num_hard, dtype=bool)
        self.R_hard, self.R_soft = (
            sp.csr_matrix((np.where(keep, num_vals, 0.0), (num_rows, num_cols)), shape=(n_cols, n_vac))
            for keep in (hard, ~hard)
        )
        self.R_any = sp.csr_matrix(
            (np.ones(len(num_rows)), (num_rows, num_cols)), shape=(n_cols, n_vac), dtype=np.float64
        )
        self.R_req = sp.csr_matrix(
            (np.ones(len(req_rows)), (req_rows, req_cols)), shape=(n_cols, n_vac), dtype=np.float64
        )
        self.column_required = np.zeros(n_cols, dtype=bool)
        self.column_required[req_rows] = True
        self.min_credit = min_credit
        self.concept_mass = np.ones(n_concepts) if concept_mass is None else concept_mass
        self.relevance = relevance_matrix(vacancies, relations, n_concepts)
        self._build_expand(relations, n_concepts, lost_per_level, evidence)

    def _build_expand(
        self,
        relations: Callable[[int], dict[int, tuple[float, str]]],
        n_concepts: int,
        lost_per_level: float,
        evidence: NDArray[np.float64],
    ) -> None:
        base_code: dict[float, int] = {}
        rows, cols, codes = [], [], []
        for col, (concept, need) in enumerate(self.columns):
            for holder, (credit, _) in relations(concept).items():
                for have in range(1, N_LEVELS + 1):
                    value = credit * level_factor(have, need, lost_per_level)
                    if value > 0:
                        rows.append(holder * N_LEVELS + have - 1)
                        cols.append(col)
                        codes.append(base_code.setdefault(value, len(base_code)))
        self.base_values = np.array(list(base_code), dtype=np.float64)
        finals = self.base_values[:, None] * evidence[None, :]  # same product order as score()
        self.credit_values, rank = np.unique(finals, return_inverse=True)
        self.rank = rank.reshape(finals.shape).astype(np.int64)
        shape = (n_concepts * N_LEVELS, len(self.columns))
        # codes are stored + 1 so that no stored entry is a zero that scipy could drop
        expand = sp.csr_matrix((np.array(codes, dtype=np.int64) + 1, (rows, cols)), shape=shape)
        expand.sort_indices()
        self.expand = expand

    @property
    def n_columns(self) -> int:
        return len(self.columns)

    def credit_matrix(
        self,
        rows: NDArray[np.int64],
        concepts: NDArray[np.int64],
        levels: NDArray[np.int64],
        evidence_codes: NDArray[np.int64],
        n_rows: int,
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Best credit per (candidate row, column) over the given claims, and the met indicator.

        Claims are parallel arrays. Each claim expands to the columns it earns credit for; the best
        one per (row, column) is found by sorting keys that pack (row, column, rank of the credit).
        """
        n_cols, n_ranks = max(self.n_columns, 1), len(self.credit_values)
        expand_rows = concepts * N_LEVELS + levels - 1
        starts = self.expand.indptr[expand_rows]
        counts = self.expand.indptr[expand_rows + 1] - starts
        total = int(counts.sum())
        if total == 0:
            empty = sp.csr_matrix((n_rows, self.n_columns), dtype=np.float64)
            return empty, empty.copy()
        owner = np.repeat(np.arange(len(rows)), counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        positions = starts[owner] + offsets
        cols = self.expand.indices[positions].astype(np.int64)
        ranks = self.rank[self.expand.data[positions] - 1, evidence_codes[owner]]
        keys = (rows[owner] * n_cols + cols) * n_ranks + ranks
        keys.sort()
        cell = keys // n_ranks
        last = np.ones(len(keys), dtype=bool)
        last[:-1] = cell[1:] != cell[:-1]  # the last key of a cell carries its highest rank
        cell, best = cell[last], keys[last] % n_ranks
        cand, col = cell // n_cols, cell % n_cols
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(cand, minlength=n_rows), out=indptr[1:])
        values = self.credit_values[best]
        credits = sp.csr_matrix((values, col, indptr), shape=(n_rows, self.n_columns))
        met = (values >= self.min_credit) & self.column_required[col]
        met_matrix = sp.csr_matrix((met.astype(np.float64), col, indptr), shape=(n_rows, self.n_columns))
        met_matrix.eliminate_zeros()
        return credits, met_matrix


def encode_candidates(
    candidates: Sequence[Candidate],
    resolver: PhraseResolver,
    market: MarketEncoding,
    gazetteer: Gazetteer,
    region_cache: dict[str, int],
) -> CandidateBlock:
    """Encode a block: claims through the resolver (new phrases in one normaliser call), places."""
    rows: list[int] = []
    skills: list[str] = []
    levels: list[int] = []
    evidence: list[int] = []
    n = len(candidates)
    coords = np.full((n, 2), np.nan)
    region = np.full(n, -1, dtype=np.int64)
    hard: list[bool] = []
    for i, cand in enumerate(candidates):
        for kind, claims in ((True, cand.skills), (False, cand.soft_skills)):
            for claim in claims:
                rows.append(i)
                skills.append(claim.skill)
                levels.append(claim.level)
                evidence.append(EVIDENCE_CODE[claim.evidence])
                hard.append(kind)
        if cand.lat is not None and cand.lon is not None:
            coords[i] = (cand.lat, cand.lon)
        elif cand.domicile is not None:
            region[i] = region_index(cand.domicile, gazetteer, region_cache)
    resolver.resolve(skills)
    cache = resolver.cache
    concepts = np.fromiter((cache[s][0] for s in skills), dtype=np.int64, count=len(skills))
    known = concepts >= 0
    row_array = np.asarray(rows, dtype=np.int64)
    held_claims = known & np.asarray(hard, dtype=bool)
    held = held_matrix(row_array[held_claims], concepts[held_claims], market.concept_mass, n)
    credits, met = market.credit_matrix(
        row_array[known],
        concepts[known],
        np.asarray(levels, dtype=np.int64)[known],
        np.asarray(evidence, dtype=np.int64)[known],
        n,
    )
    return CandidateBlock(
        ids=[c.id for c in candidates],
        credits=credits,
        met=met,
        held=held,
        ktp=[c.ktp_region for c in candidates],
        region=region,
        coords=coords,
    )


def region_index(code: str, gazetteer: Gazetteer, cache: dict[str, int]) -> int:
    """Gazetteer row of a region code (or its nearest listed ancestor), -1 when unknown; cached."""
    found = cache.get(code)
    if found is None:
        found = int(gazetteer.index([code])[0])
        cache[code] = found
    return found


def commute_factor(distance_km: NDArray[np.float64], half_km: float) -> NDArray[np.float64]:
    """Exponential decay: 1 at the door, 0.5 at ``half_km``, 0.25 at twice that."""
    return np.asarray(np.exp2(-distance_km / half_km), dtype=np.float64)


def distances_km(
    origins: NDArray[np.float64], positions: Sequence[tuple[float, float] | None]
) -> NDArray[np.float64]:
    """Great-circle km from each origin (n, 2) to each position; nan where a position is unknown."""
    known = np.array([p is not None for p in positions], dtype=bool)
    out = np.full((len(origins), len(positions)), np.nan)
    if known.any() and len(origins):
        targets = np.array([p for p in positions if p is not None], dtype=np.float64)
        out[:, known] = haversine_km(origins, targets)
    return out


def ktp_profiles(
    ktp: Sequence[str | None], regions: Sequence[str]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Per candidate a profile index, and per profile whether the KTP lies in each local region."""
    cache: dict[str | None, int] = {}
    flags: list[tuple[bool, ...]] = []
    seen: dict[tuple[bool, ...], int] = {}
    out = np.empty(len(ktp), dtype=np.int64)
    for i, code in enumerate(ktp):
        found = cache.get(code)
        if found is None:
            row = tuple(in_region(code, r) for r in regions)
            found = seen.setdefault(row, len(seen))
            if found == len(flags):
                flags.append(row)
            cache[code] = found
        out[i] = found
    return out, np.array(flags, dtype=bool).reshape(len(flags), len(regions))
