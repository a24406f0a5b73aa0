"""The hypothesis strategies the tests share: records, markets, score matrices, catalogues, cohorts.

Each test module passes its own vocabulary (skills, places, employers); the shapes of the records
and markets live here, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy import sparse

from kerja_match._identifiers import REGION_CODE
from kerja_match.models import (
    Candidate,
    Course,
    Education,
    Evidence,
    SkillClaim,
    SkillRequirement,
    Vacancy,
)
from kerja_match.scoring import ScoringWeights
from kerja_match.training._solvers import CohortOptions

EVIDENCE = [e.value for e in Evidence]
FINITE: dict[str, Any] = {"allow_nan": False, "allow_infinity": False}
REQUIREMENT_WEIGHTS = st.none() | st.sampled_from([0.0, 0.5, 3.0])
LEVELS = st.integers(1, 5)
ONE_OPENING = st.just(1)


# -- records over a small vocabulary ----------------------------------------------------------------
def coords(lat: tuple[float, float] = (-6.6, -6.0), lon: tuple[float, float] = (106.8, 107.4)):
    """None, or a (lat, lon) point in a box (default: around Kabupaten Bekasi)."""
    return st.none() | st.tuples(st.floats(*lat), st.floats(*lon))


def skill_claims(skills: Sequence[str], evidence: Sequence[str] = EVIDENCE, levels=LEVELS):
    return st.builds(
        SkillClaim,
        skill=st.sampled_from(list(skills)),
        level=levels,
        evidence=st.sampled_from(list(evidence)),
    )


def skill_requirements(skills: Sequence[str], weights=REQUIREMENT_WEIGHTS, levels=LEVELS):
    return st.builds(
        SkillRequirement,
        skill=st.sampled_from(list(skills)),
        level=levels,
        required=st.booleans(),
        weight=weights,
    )


@st.composite
def candidates(
    draw: st.DrawFn,
    i: int,
    *,
    claims,
    places: Sequence[str | None],
    max_skills: int = 4,
    max_soft: int = 2,
    where=None,
    id_format: str = "c{i}",
) -> Candidate:
    """Candidate ``i`` (id from ``id_format``) with claims drawn from ``claims``."""
    point = draw(where if where is not None else coords())
    return Candidate(
        id=id_format.format(i=i),
        skills=draw(st.lists(claims, max_size=max_skills)),
        soft_skills=draw(st.lists(claims, max_size=max_soft)),
        ktp_region=draw(st.sampled_from(list(places))),
        domicile=draw(st.sampled_from(list(places))),
        lat=point[0] if point else None,
        lon=point[1] if point else None,
    )


@st.composite
def vacancies(
    draw: st.DrawFn,
    j: int,
    *,
    requirements,
    soft_requirements,
    places: Sequence[str | None],
    local_regions: Sequence[str] = ("32.16", "32.75"),
    employers: Sequence[str] = ("PT",),
    openings=ONE_OPENING,
    max_requirements: int = 4,
    max_soft: int = 2,
    where=None,
    id_format: str = "v{j}",
) -> Vacancy:
    point = draw(where if where is not None else coords())
    return Vacancy(
        id=id_format.format(j=j),
        employer=draw(st.sampled_from(list(employers))),
        openings=draw(openings),
        requirements=draw(st.lists(requirements, max_size=max_requirements)),
        soft_requirements=draw(st.lists(soft_requirements, max_size=max_soft)),
        location=draw(st.sampled_from(list(places))),
        local_region=draw(st.sampled_from(list(local_regions))),
        lat=point[0] if point else None,
        lon=point[1] if point else None,
    )


def scoring_weights(**choices: Sequence[Any]):
    """ScoringWeights with each named option drawn from its listed values."""
    return st.fixed_dictionaries(
        {name: st.sampled_from(list(values)) for name, values in choices.items()}
    ).map(lambda options: ScoringWeights(**options))


@st.composite
def markets(draw: st.DrawFn, candidate, vacancy, *, n_candidates=(1, 12), n_vacancies=(1, 6)):
    """(candidates, vacancies): ``candidate(i)`` and ``vacancy(j)`` build the i-th and j-th record."""
    n_c, n_v = draw(st.integers(*n_candidates)), draw(st.integers(*n_vacancies))
    return [draw(candidate(i)) for i in range(n_c)], [draw(vacancy(j)) for j in range(n_v)]


# -- any record: every character, every field (round trips through files) ------------------------
# Any text, including the cell syntax's own characters, quotes, commas and line breaks.
any_text = st.text(
    st.one_of(st.sampled_from(list(';:\\,"\n\r\t =!')), st.characters(codec="utf-8")), min_size=1, max_size=25
)
non_empty_text = any_text.map(str.strip).filter(bool)
region_codes = st.from_regex(REGION_CODE, fullmatch=True)
record_ids = (
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
    .map(lambda s: f"r-{s}")
)
any_claims = st.lists(
    st.builds(SkillClaim, skill=non_empty_text, level=st.integers(1, 5), evidence=st.sampled_from(Evidence)),
    max_size=4,
)
any_requirements = st.lists(
    st.builds(
        SkillRequirement,
        skill=non_empty_text,
        level=st.integers(1, 5),
        required=st.booleans(),
        weight=st.none() | st.floats(0, 100, **FINITE),
    ),
    max_size=4,
)
any_lat_lon = st.none() | st.tuples(st.floats(-90, 90, **FINITE), st.floats(-180, 180, **FINITE))


@st.composite
def any_candidates(draw: st.DrawFn) -> Candidate:
    where = draw(any_lat_lon)
    return Candidate(
        id=draw(record_ids),
        skills=draw(any_claims),
        soft_skills=draw(any_claims),
        ktp_region=draw(st.none() | region_codes),
        domicile=draw(st.none() | region_codes),
        education=draw(st.none() | st.sampled_from(Education)),
        experience_years=draw(st.none() | st.floats(0, 60, **FINITE)),
        lat=where and where[0],
        lon=where and where[1],
    )


@st.composite
def any_vacancies(draw: st.DrawFn) -> Vacancy:
    where = draw(any_lat_lon)
    return Vacancy(
        id=draw(record_ids),
        employer=draw(non_empty_text),
        title=draw(st.just("") | non_empty_text),
        openings=draw(st.integers(1, 100_000)),
        location=draw(st.none() | region_codes),
        requirements=draw(any_requirements),
        soft_requirements=draw(any_requirements),
        local_region=draw(region_codes),
        # An empty optional text cell reads back as absent, so sector is None or non-empty (docs/io.md).
        sector=draw(st.none() | non_empty_text),
        min_education=draw(st.none() | st.sampled_from(Education)),
        lat=where and where[0],
        lon=where and where[1],
    )


@st.composite
def any_courses(draw: st.DrawFn) -> Course:
    course_id = draw(record_ids)
    return Course(
        id=course_id,
        title=draw(non_empty_text),
        provider=draw(st.just("") | non_empty_text),
        teaches=draw(any_claims.filter(bool)),
        prerequisites=draw(st.lists(record_ids.filter(lambda p: p != course_id), max_size=3)),  # ids: visible
        hours=draw(st.floats(0.5, 10_000, **FINITE)),
        seats=draw(st.integers(1, 10_000)),
        location=draw(st.none() | region_codes),
        kind=draw(st.sampled_from(["pelatihan", "pemagangan"])),
        cost=draw(st.none() | st.floats(0, 1e9, **FINITE)),
        assumed=draw(st.lists(non_empty_text, max_size=2)),
    )


# -- placement: people, openings and a score matrix ------------------------------------------------
LOCAL, OUTSIDE = "32.16.09", "32.75.01"
SCORE_VALUES = [0.0, 0.2, 0.5, 0.5, 0.6, 0.75, 0.75, 0.9, 1.0]  # repeats make ties likely


@dataclass
class ScoredMarket:
    candidates: list[Candidate]
    vacancies: list[Vacancy]
    scores: np.ndarray
    min_score: float
    local_quota: float | None

    def eligible(self) -> np.ndarray:
        return (self.scores > 0) & (self.scores >= self.min_score)

    def local(self) -> np.ndarray:
        """(n_candidates, n_vacancies): candidate local for the vacancy's own region."""
        return np.array([[c.is_local(v.local_region) for v in self.vacancies] for c in self.candidates])


@st.composite
def scored_markets(
    draw: st.DrawFn, max_candidates: int = 9, max_vacancies: int = 4, quota: bool = True
) -> ScoredMarket:
    n_c = draw(st.integers(1, max_candidates))
    n_v = draw(st.integers(1, max_vacancies))
    # ids whose string order differs from the input order ("c10" < "c2")
    cand_ids = draw(st.permutations([f"c{k}" for k in range(n_c)]))
    vac_ids = draw(st.permutations([f"v{k}" for k in range(n_v)]))
    people = [Candidate(id=cid, ktp_region=draw(st.sampled_from([LOCAL, OUTSIDE]))) for cid in cand_ids]
    openings = [
        Vacancy(id=vid, employer=draw(st.sampled_from(["PT A", "PT B"])), openings=draw(st.integers(1, 3)))
        for vid in vac_ids
    ]
    scores = np.array(draw(st.lists(st.sampled_from(SCORE_VALUES), min_size=n_c * n_v, max_size=n_c * n_v)))
    min_score = draw(st.sampled_from([0.0, 0.5, 0.7]))
    local_quota = draw(st.sampled_from([None, 0.3, 0.5, 1.0])) if quota else None
    return ScoredMarket(people, openings, scores.reshape(n_c, n_v), min_score, local_quota)


# -- course solvers: which course closes which gap, at what cost, after which prerequisites --------
@st.composite
def catalogues(draw: st.DrawFn, max_courses: int = 6, max_gaps: int = 4):
    """(covers (n_gaps, n_courses) bool, cost (n_courses,), prerequisites per course, earlier only)."""
    n = draw(st.integers(1, max_courses))
    prerequisites = [sorted(draw(st.sets(st.integers(0, j - 1), max_size=2))) if j else [] for j in range(n)]
    n_gaps = draw(st.integers(1, max_gaps))
    covers = np.array([[draw(st.booleans()) for _ in range(n)] for _ in range(n_gaps)], dtype=bool).reshape(
        n_gaps, n
    )
    cost = np.array([draw(st.sampled_from([8.0, 16.0, 24.0, 40.0, 128.0, 240.0])) for _ in range(n)])
    return covers, cost, prerequisites


@st.composite
def cohorts(draw: st.DrawFn):
    """(CohortOptions, seats per course, residual openings per vacancy) of a tiny cohort."""
    n_people = draw(st.integers(1, 4))
    n_courses = draw(st.integers(1, 3))
    n_vac = draw(st.integers(1, 3))
    candidate, programmes, unlocks = [], [], []
    for person in range(n_people):
        for _ in range(draw(st.integers(0, 2))):
            candidate.append(person)
            programmes.append([draw(st.booleans()) for _ in range(n_courses)])
            unlocks.append([draw(st.booleans()) for _ in range(n_vac)])
    if not candidate:
        candidate, programmes, unlocks = [0], [[True] * n_courses], [[True] * n_vac]
    options = CohortOptions(
        np.asarray(candidate, dtype=np.int64),
        sparse.csr_matrix(np.asarray(programmes, dtype=bool)),
        sparse.csr_matrix(np.asarray(unlocks, dtype=bool)),
    )
    seats = np.asarray([draw(st.integers(0, 3)) for _ in range(n_courses)])
    residual = np.asarray([draw(st.integers(0, 2)) for _ in range(n_vac)])
    return options, seats, residual
