"""A bare string where a list is meant, or one record where an iterable is meant: an error naming the
parameter, never a result computed letter by letter or field by field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kerja_match as km
from kerja_match.io import write_candidates

CANDIDATE = km.Candidate(id="c-1", skills="operator mesin bubut:3; las smaw:2", ktp_region="32.16")
VACANCY = km.Vacancy(id="v-las", employer="PT Baja", requirements="las smaw:2", location="32.16.19")


@pytest.fixture(scope="module")
def normalizer() -> km.SkillNormalizer:
    return km.SkillNormalizer().fit(km.default_taxonomy())


@pytest.fixture(scope="module")
def scorer() -> km.FitScorer:
    return km.FitScorer().fit([VACANCY])


@pytest.fixture(scope="module")
def recommender(scorer: km.FitScorer) -> km.CourseRecommender:
    return km.CourseRecommender(km.blk_catalog(), scorer=scorer)


def test_match_refuses_one_string(normalizer: km.SkillNormalizer) -> None:
    with pytest.raises(
        km.KerjaMatchError,
        match=r"The 'phrases' parameter of SkillNormalizer.match must be a list of strings",
    ) as caught:
        normalizer.match("las CO2")
    assert "['las CO2']" in str(caught.value)  # the fix, spelled out
    with pytest.raises(km.KerjaMatchError, match=r"'phrases' parameter of SkillNormalizer.unmapped_report"):
        normalizer.unmapped_report("las CO2")
    assert [m.phrase for m in normalizer.match(["las CO2"])] == ["las CO2"]


SCORER_CALLS: list[tuple[str, Callable[[km.FitScorer, Any], object]]] = [
    ("top_k", lambda s, x: s.top_k(x)),
    ("score_matrix", lambda s, x: s.score_matrix(x)),
    ("shortlist", lambda s, x: s.shortlist(x)),
]


@pytest.mark.parametrize(("name", "call"), SCORER_CALLS)
@pytest.mark.parametrize("one", [CANDIDATE, CANDIDATE.model_dump(), "c-1"])
def test_scorer_refuses_one_candidate(scorer: km.FitScorer, name: str, call: Callable, one: object) -> None:
    with pytest.raises(
        km.KerjaMatchError, match=rf"The 'candidates' parameter of FitScorer.{name} must be an"
    ):
        call(scorer, one)


@pytest.mark.parametrize("one", [VACANCY, "v-las", VACANCY.model_dump()])
def test_fit_refuses_one_vacancy(one: object) -> None:
    with pytest.raises(km.KerjaMatchError, match=r"The 'vacancies' parameter of FitScorer.fit must be an"):
        km.FitScorer().fit(one)  # type: ignore[arg-type]


def test_place_refuses_one_record(scorer: km.FitScorer) -> None:
    with pytest.raises(km.KerjaMatchError, match=r"The 'candidates' parameter of place must be"):
        km.place(CANDIDATE, [VACANCY], scorer)  # type: ignore[arg-type]
    with pytest.raises(km.KerjaMatchError, match=r"The 'vacancies' parameter of place must be"):
        km.place([CANDIDATE], VACANCY, scorer)  # type: ignore[arg-type]


def test_recommend_refuses_a_vacancy_id(recommender: km.CourseRecommender) -> None:
    with pytest.raises(
        km.KerjaMatchError, match=r"The 'target' parameter of CourseRecommender.recommend"
    ) as caught:
        recommender.recommend(CANDIDATE, target="v-las")  # type: ignore[arg-type]
    assert len(caught.value.problems) == 1  # one error, not one problem per letter


def test_gaps_and_catalogue_refuse_one_record(scorer: km.FitScorer) -> None:
    with pytest.raises(km.KerjaMatchError, match=r"The 'candidates' parameter of market_gaps"):
        km.market_gaps(CANDIDATE, [VACANCY], scorer=scorer)  # type: ignore[arg-type]
    with pytest.raises(km.KerjaMatchError, match=r"The 'catalog' parameter of CourseRecommender"):
        km.CourseRecommender(km.blk_catalog()[0])  # type: ignore[arg-type]


def test_writers_refuse_one_record(tmp_path: Path) -> None:
    with pytest.raises(km.KerjaMatchError, match=r"The 'records' parameter of write_candidates"):
        write_candidates(CANDIDATE, tmp_path / "c.csv")  # type: ignore[arg-type]


def test_crosswalk_refuses_a_path_string(normalizer: km.SkillNormalizer) -> None:
    with pytest.raises(
        km.KerjaMatchError, match=r"The 'other' parameter of SkillNormalizer.crosswalk must be a Taxonomy"
    ):
        normalizer.crosswalk("esco_skills.csv")  # type: ignore[arg-type]


def test_a_generator_still_streams(scorer: km.FitScorer) -> None:
    top = scorer.top_k(c for c in [CANDIDATE, CANDIDATE.model_copy(update={"id": "c-2"})])
    assert top.candidate_ids == ["c-1", "c-2"]
