"""A SYNTHETIC labour market of Kabupaten Bekasi for demos, examples, tests and benchmarks.

No record describes a real person, vacancy or company. The market is shaped by public facts:
136 companies recruited through the labour office in 2022 and 33% of their hires held a Kabupaten
Bekasi KTP (EXPOSKOTA, 20 Jul 2023); the most demanded competencies were lathes (mesin bubut), measuring tools (alat ukur), injection moulding and electrical work; industrial
estates lie mostly in Cikarang Utara/Selatan/Barat/Pusat, Cibitung, Setu and Serang Baru; BLK
graduates are at level 2. Job seekers live in the 23 kecamatan and the commuter belt, weighted by
district population (the bundled district table); kecamatan populations are not bundled, so each
kecamatan of a district weighs the same. Skills are written as people write them, in Indonesian and
English with the odd typo, and some as taxonomy concept ids, so the demo exercises the normaliser.
Age, gender, religion, marital status and appearance are never generated.
"""

from __future__ import annotations

import csv
import io
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate

import numpy as np

from ..errors import KerjaMatchError
from ..models import Candidate, Course, Evidence, SkillClaim, SkillRequirement, Vacancy
from . import bekasi_regions
from .catalog import blk_catalog
from .demo_vocabulary import (
    CONCEPT_ID_SHARE,
    EDUCATION_SHARES,
    EMPLOYER_WORDS,
    KTP_ORIGINS_OUTSIDE,
    PHRASES,
    ROLES,
    SECTORS,
    SOFT_SKILLS,
)

__all__ = ["INDUSTRIAL_KECAMATAN", "DemoMarket", "bekasi_demo"]

LOCAL_REGION = "32.16"  # Kabupaten Bekasi
#: Kecamatan with the industrial estates (Cikarang Utara, Selatan, Barat, Pusat, Cibitung, Setu, Serang Baru).
INDUSTRIAL_KECAMATAN = ("32.16.09", "32.16.19", "32.16.08", "32.16.20", "32.16.07", "32.16.18", "32.16.21")
INDUSTRIAL_SHARE = 0.85  # of employers; the rest sit elsewhere in the kabupaten
LIVES_IN_KAB_BEKASI = 0.60  # of job seekers registered with the office; the rest commute in
LOCAL_KTP_IF_LIVING_IN = 0.55  # many residents are migrants whose KTP is from their home region
LOCAL_KTP_IF_LIVING_OUT = 0.10  # Kab. Bekasi KTP holders who moved out
KTP_KECAMATAN_SHARE = 0.7  # a KTP known to the kecamatan, else only to the district
MEAN_OPENINGS = 5.0  # ~600 vacancies, ~3,000 openings
BLK_GRADUATE_SHARE = 0.15  # their core skills carry "training" (a quarter "certified")
MAX_CLAIMS = 10
UNIFORM_BLOCK = 4096


@dataclass(frozen=True)
class DemoMarket:
    """A SYNTHETIC market: job seekers, vacancies, the BLK catalogue, and how it was made."""

    candidates: tuple[Candidate, ...]
    vacancies: tuple[Vacancy, ...]
    courses: tuple[Course, ...]
    description: str
    seed: int

    @property
    def employers(self) -> list[str]:
        """Employer names, in order of first vacancy."""
        return list(dict.fromkeys(v.employer for v in self.vacancies))

    def summary(self) -> dict[str, float]:
        """Counts a person checks first: candidates, local KTP share, employers, vacancies, openings."""
        local = sum(c.is_local(LOCAL_REGION) for c in self.candidates)
        return {
            "candidates": len(self.candidates),
            "local_ktp_share": local / max(len(self.candidates), 1),
            "employers": len(self.employers),
            "vacancies": len(self.vacancies),
            "openings": sum(v.openings for v in self.vacancies),
            "courses": len(self.courses),
        }


def bekasi_demo(
    *, seed: int = 2023, n_candidates: int = 5000, n_employers: int = 136, n_vacancies: int = 600
) -> DemoMarket:
    """A SYNTHETIC Bekasi job market, the same for the same arguments (numpy ``default_rng(seed)``).

    Parameters
    ----------
    seed : int
        Seed of the random generator.
    n_candidates : int
        Job seekers (ids ``c-00001`` ...), spread over Kab. Bekasi and its commuter belt.
    n_employers : int
        Companies (136 recruited through the office in 2022), mostly in the industrial kecamatan.
    n_vacancies : int
        Vacancies (ids ``v-0001`` ...), at least one per employer; about five openings each.
    """
    for name, value, least in (
        ("n_candidates", n_candidates, 0),
        ("n_employers", n_employers, 1),
        ("n_vacancies", n_vacancies, n_employers),
        ("seed", seed, 0),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise KerjaMatchError(f"bekasi_demo: {name} must be an integer >= {least}, got {value!r}")
    draw = _Draw(np.random.default_rng(seed))
    employers = _employers(draw.rng, n_employers)
    vacancies = _vacancies(draw, employers, n_vacancies)
    candidates = _candidates(draw, _Places.load(), n_candidates)
    description = (
        f"SYNTHETIC demo market of Kabupaten Bekasi (seed {seed}): {len(candidates):,} job seekers, "
        f"{n_employers} employers, {len(vacancies):,} vacancies with {sum(v.openings for v in vacancies):,} "
        "openings, and the bundled BLK catalogue. Generated, not real data: no record describes a real "
        "person, vacancy or company."
    )
    return DemoMarket(tuple(candidates), tuple(vacancies), tuple(blk_catalog()), description, int(seed))


# -- places ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Places:
    """Where job seekers live: kecamatan codes with sampling weights, and their district codes."""

    codes: tuple[str, ...]
    weights: np.ndarray
    district: tuple[str, ...]

    @classmethod
    def load(cls) -> _Places:
        # Kecamatan only (a region with a parent district); districts themselves are not homes.
        kecamatan = [(r.code, r.parent) for r in bekasi_regions() if r.parent is not None]
        population = _district_population()
        per_district = Counter(district for _, district in kecamatan)
        totals = Counter({d: 0 for d in ("local", "belt")})
        for district in per_district:
            totals["local" if district == LOCAL_REGION else "belt"] += population[district]
        weights = []
        for _, district in kecamatan:
            side, share = (
                ("local", LIVES_IN_KAB_BEKASI)
                if district == LOCAL_REGION
                else ("belt", 1 - LIVES_IN_KAB_BEKASI)
            )
            weights.append(share * population[district] / totals[side] / per_district[district])
        return cls(tuple(c for c, _ in kecamatan), _shares(weights), tuple(d for _, d in kecamatan))


def _district_population() -> dict[str, int]:
    """District code -> population, from the bundled table (see ATTRIBUTION.md)."""
    text = resources.files(__package__).joinpath("kabkota_bekasi_and_neighbours.csv").read_text("utf-8-sig")
    return {row["kode"]: int(row["penduduk_total"]) for row in csv.DictReader(io.StringIO(text))}


# -- employers and vacancies ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Employer:
    name: str
    sector: str
    location: str
    size: float  # relative number of vacancies


def _employers(rng: np.random.Generator, n: int) -> list[_Employer]:
    sectors = list(SECTORS)
    chosen = rng.choice(len(sectors), size=n, p=_shares([SECTORS[s].share for s in sectors]))
    industrial = rng.random(n) < INDUSTRIAL_SHARE
    elsewhere = [
        f"{LOCAL_REGION}.{i:02d}"
        for i in range(1, 24)
        if f"{LOCAL_REGION}.{i:02d}" not in INDUSTRIAL_KECAMATAN
    ]
    places = np.where(
        industrial,
        rng.choice(np.array(INDUSTRIAL_KECAMATAN), size=n),
        rng.choice(np.array(elsewhere), size=n),
    )
    sizes = rng.lognormal(0.0, 0.8, size=n)
    words = rng.choice(len(EMPLOYER_WORDS), size=n)
    return [
        _Employer(
            f"PT Contoh {SECTORS[sectors[s]].name_word} {EMPLOYER_WORDS[w]} {i + 1:03d}",
            sectors[s],
            str(place),
            float(size),
        )
        for i, (s, place, size, w) in enumerate(zip(chosen, places, sizes, words, strict=True))
    ]


def _vacancies(draw: _Draw, employers: list[_Employer], n: int) -> list[Vacancy]:
    # Every employer reports at least one vacancy; the rest go to employers by size.
    rng = draw.rng
    sizes = np.array([e.size for e in employers])
    extra_owners = rng.choice(len(employers), size=n - len(employers), p=sizes / sizes.sum())
    owners = np.sort(np.concatenate([np.arange(len(employers)), extra_owners]), kind="stable")
    openings = np.minimum(1 + rng.negative_binomial(2, 2 / (2 + MEAN_OPENINGS - 1), size=n), 60)
    vacancies = []
    for number, (owner, count) in enumerate(zip(owners, openings, strict=True), start=1):
        employer = employers[owner]
        sector = SECTORS[employer.sector]
        role = ROLES[sector.roles[draw.index([w for _, w in sector.roles])][0]]
        requirements = [draw.requirement(c, (0.3, 0.5, 0.2), required=True) for c in role.core]
        requirements += [
            draw.requirement(c, (0.6, 0.4), required=draw.chance(0.3))
            for c in draw.some(role.extras, draw.integer(0, 2), ranked=True)
        ]
        soft = [
            draw.requirement(c, (0.2, 0.6, 0.2), required=draw.chance(0.5))
            for c in draw.some(SOFT_SKILLS, draw.integer(1, 4))
        ]
        record = {
            "id": f"v-{number:04d}",
            "employer": employer.name,
            "title": role.title,
            "openings": int(count),
            "location": employer.location,
            "requirements": requirements,
            "soft_requirements": soft,
            "sector": sector.label,
            "min_education": role.min_education if draw.chance(0.7) else None,
        }
        vacancies.append(Vacancy.model_validate(record))
    return vacancies


# -- candidates -----------------------------------------------------------------------------------


def _candidates(draw: _Draw, places: _Places, n: int) -> list[Candidate]:
    rng = draw.rng
    roles = list(ROLES.values())
    backgrounds = rng.choice(len(roles), size=n, p=_shares([r.supply for r in roles]))
    homes = rng.choice(len(places.codes), size=n, p=places.weights)
    educations = rng.choice(list(EDUCATION_SHARES), size=n, p=_shares(list(EDUCATION_SHARES.values())))
    experience = np.where(rng.random(n) < 0.35, 0.0, np.minimum(np.round(rng.gamma(1.6, 2.0, size=n), 1), 40))
    blk_graduate = rng.random(n) < BLK_GRADUATE_SHARE
    candidates = []
    for i in range(n):
        role = roles[backgrounds[i]]
        hard = list(role.core) + draw.some(role.extras, draw.integer(1, 4), ranked=True)
        soft = draw.some(SOFT_SKILLS, draw.integer(1, 5))
        hard = hard[: MAX_CLAIMS - len(soft)]
        experienced = experience[i] >= 1
        record = {
            "id": f"c-{i + 1:05d}",
            "skills": [
                draw.claim(c, (0.2, 0.4, 0.3, 0.1), c in role.core, bool(blk_graduate[i]), experienced)
                for c in hard
            ],
            "soft_skills": [draw.claim(c, (0.1, 0.4, 0.4, 0.1), False, False, experienced) for c in soft],
            "ktp_region": _ktp(draw, places, int(homes[i])),
            "domicile": places.codes[homes[i]],
            "education": str(educations[i]),
            "experience_years": float(experience[i]),
        }
        candidates.append(Candidate.model_validate(record))
    return candidates


def _ktp(draw: _Draw, places: _Places, home: int) -> str:
    """Mostly where one lives; some residents hold a KTP from elsewhere, and some leavers a local one."""
    lives_here = places.district[home] == LOCAL_REGION
    local = draw.chance(LOCAL_KTP_IF_LIVING_IN if lives_here else LOCAL_KTP_IF_LIVING_OUT)
    if lives_here and not local:
        return KTP_ORIGINS_OUTSIDE[draw.index([1.0] * len(KTP_ORIGINS_OUTSIDE))]
    if not lives_here and local:
        return LOCAL_REGION
    return places.codes[home] if draw.chance(KTP_KECAMATAN_SHARE) else places.district[home]


# -- drawing --------------------------------------------------------------------------------------


class _Draw:
    """Scalar draws from one generator, and skill records shared between people who write the same.

    Scalar draws come from blocks of uniforms (one numpy call per block, not per draw). Claims and
    requirements are frozen, so one validated SkillClaim can stand in for every candidate who writes
    the same phrase at the same level with the same evidence. Both keep the default market fast.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._uniforms: list[float] = []
        self._next = 0
        self._claims: dict[tuple[str, int, str], SkillClaim] = {}
        self._requirements: dict[tuple[str, int, bool], SkillRequirement] = {}

    def uniform(self) -> float:
        """The next uniform number in [0, 1)."""
        if self._next == len(self._uniforms):
            self._uniforms, self._next = self.rng.random(UNIFORM_BLOCK).tolist(), 0
        self._next += 1
        return self._uniforms[self._next - 1]

    def integer(self, low: int, high: int) -> int:
        """An integer in [low, high)."""
        return low + int(self.uniform() * (high - low))

    def chance(self, p: float) -> bool:
        return self.uniform() < p

    def index(self, weights: Sequence[float]) -> int:
        """An index drawn with probability proportional to ``weights``."""
        cumulative = list(accumulate(weights))
        return min(bisect_right(cumulative, self.uniform() * cumulative[-1]), len(cumulative) - 1)

    def level(self, shares: tuple[float, ...]) -> int:
        """A level 1..len(shares) drawn with the given shares."""
        return self.index(shares) + 1

    def some(self, items: Sequence[str], k: int, *, ranked: bool = False) -> list[str]:
        """``k`` distinct items (all if fewer); with ``ranked``, earlier items are likelier (1, 1/2, 1/3 ...)."""
        # weighted sampling without replacement: the k smallest of Exp(1) / weight (uniform: any order)
        keys = [-math.log(1 - self.uniform()) * (i + 1 if ranked else 1) for i in range(len(items))]
        return [items[i] for i in sorted(range(len(items)), key=keys.__getitem__)[:k]]

    def written(self, concept: str, id_share: float) -> str:
        """How a person writes a skill: one of its phrases, or now and then the concept id itself."""
        if self.chance(id_share):
            return concept
        phrases = PHRASES[concept]
        return phrases[self.integer(0, len(phrases))]

    def claim(
        self, concept: str, levels: tuple[float, ...], core: bool, blk_graduate: bool, experienced: bool
    ) -> SkillClaim:
        roll = self.uniform()
        evidence = "self_declared"
        if core and blk_graduate:
            evidence = "certified" if roll < 0.25 else "training"
        elif core and roll < 0.08:
            evidence = "certified"
        elif experienced and roll < 0.5:
            evidence = "experience"
        key = (self.written(concept, CONCEPT_ID_SHARE["candidate"]), self.level(levels), evidence)
        if key not in self._claims:
            self._claims[key] = SkillClaim(skill=key[0], level=key[1], evidence=Evidence(key[2]))
        return self._claims[key]

    def requirement(self, concept: str, levels: tuple[float, ...], *, required: bool) -> SkillRequirement:
        key = (self.written(concept, CONCEPT_ID_SHARE["vacancy"]), self.level(levels), required)
        if key not in self._requirements:
            self._requirements[key] = SkillRequirement(skill=key[0], level=key[1], required=key[2])
        return self._requirements[key]


def _shares(weights: Sequence[float]) -> np.ndarray:
    array = np.asarray(weights, dtype=np.float64)
    return array / array.sum()
