"""Every option of the package is checked by the one validator: one message shape, all problems at once.

The 'k' parameter of FitScorer.top_k must be an int >= 1. Got 0 instead.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from kerja_match.errors import KerjaMatchError, ValidationProblems
from kerja_match.models import Candidate, SkillClaim, SkillRequirement, Vacancy
from kerja_match.normalize import SkillNormalizer
from kerja_match.placement import place
from kerja_match.scoring import FitScorer, ScoringWeights
from kerja_match.taxonomy import Taxonomy

TAXONOMY = Taxonomy(
    [
        {"id": "mfg.bubut", "label": "mesin bubut", "labels": {"en": "lathe"}},
        {"id": "mfg.las", "label": "pengelasan", "labels": {"en": "welding"}},
    ],
    name="options",
)
VACANCIES = [Vacancy(id="v1", employer="PT Uji", requirements=[SkillRequirement(skill="mfg.bubut")])]
CANDIDATES = [Candidate(id="c1", skills=[SkillClaim(skill="mfg.bubut")])]


def sentence(text: str) -> str:
    return re.escape(text)


@pytest.fixture(scope="module")
def scorer() -> FitScorer:
    return FitScorer(taxonomy=TAXONOMY).fit(VACANCIES)


# -- ScoringWeights: defaults in its fields, errors as ValidationProblems ---------------------------
def test_the_json_schema_shows_every_default():
    properties = ScoringWeights.model_json_schema()["properties"]
    assert {name: properties[name].get("default", "MISSING") for name in properties} == {
        name: field.default for name, field in ScoringWeights.model_fields.items()
    }
    assert properties["evidence_self_declared"]["default"] == 0.8
    assert properties["evidence_assessed"]["default"] == 1.0
    assert ScoringWeights() == ScoringWeights.model_validate({})


@pytest.mark.parametrize("build", [ScoringWeights.model_validate, lambda d: ScoringWeights(**d)])
def test_bad_weights_arrive_as_validation_problems_naming_every_field(build):
    with pytest.raises(ValidationProblems) as raised:
        build({"skills": -1, "required_policy": "hard", "max_commute_km": 0, "skils": 0.5})
    text = str(raised.value)
    assert "The 'skills' parameter of ScoringWeights must be a number in [0, 100]. Got -1 instead." in text
    assert (
        "The 'required_policy' parameter of ScoringWeights must be one of 'weight', 'gate', 'penalty'. Got 'hard'"
        in text
    )
    assert "The 'max_commute_km' parameter of ScoringWeights must be a number in (0, 20000] or None" in text
    assert (
        "The 'skils' parameter of ScoringWeights is not an option of ScoringWeights (did you mean 'skills'?)"
        in text
    )
    assert len(raised.value.problems) == 4


def test_json_weights_and_rules_between_fields_arrive_the_same_way():
    with pytest.raises(ValidationProblems, match=r"specificity.* must be a bool"):
        ScoringWeights.model_validate_json(json.dumps({"specificity": "maybe"}))
    with pytest.raises(ValidationProblems, match=r"skills \+ soft \+ ktp \+ commute must be > 0"):
        ScoringWeights.model_validate({"skills": 0, "soft": 0, "ktp": 0, "commute": 0})


# -- FitScorer -------------------------------------------------------------------------------------
def test_scorer_options_are_checked_at_fit_all_at_once():
    with pytest.raises(ValidationProblems) as raised:
        FitScorer(taxonomy=TAXONOMY, block_size=0, weights=[1], normalizer=3).fit(VACANCIES)
    text = str(raised.value)
    assert "The 'block_size' parameter of FitScorer must be an int >= 1. Got 0 instead." in text
    assert "The 'weights' parameter of FitScorer must be a ScoringWeights, a Mapping or None. Got [1]" in text
    assert "The 'normalizer' parameter of FitScorer must be an object with a match() method or None" in text


def test_weights_given_as_a_mapping_join_the_same_error():
    with pytest.raises(ValidationProblems) as raised:
        FitScorer(taxonomy=TAXONOMY, block_size=0, weights={"soft": -2}).fit(VACANCIES)
    assert [p.field for p in raised.value.problems] == ["block_size", "soft"]


@pytest.mark.parametrize("method", ["top_k", "shortlist"])
@pytest.mark.parametrize("k", [0, -1, 2.0, True, "3"])
def test_k_of_top_k_and_shortlist(scorer, method, k):
    expected = f"The 'k' parameter of FitScorer.{method} must be an int >= 1. Got {k!r} instead."
    with pytest.raises(ValidationProblems, match=sentence(expected)):
        getattr(scorer, method)(CANDIDATES, k=k)


# -- SkillNormalizer --------------------------------------------------------------------------------
def test_normalizer_options_are_checked_at_fit_all_at_once():
    bad = SkillNormalizer(score_cutoff=1.5, shortlist_size=0, workers=0, embedder="minilm")
    with pytest.raises(ValidationProblems) as raised:
        bad.fit(TAXONOMY)
    text = str(raised.value)
    assert (
        "The 'score_cutoff' parameter of SkillNormalizer must be a number in [0, 1]. Got 1.5 instead." in text
    )
    assert "The 'shortlist_size' parameter of SkillNormalizer must be an int >= 1. Got 0 instead." in text
    assert "The 'workers' parameter of SkillNormalizer must be an int >= 1 or -1. Got 0 instead." in text
    assert "The 'embedder' parameter of SkillNormalizer must be a callable or None. Got 'minilm'" in text
    assert len(raised.value.problems) == 4


# -- place ----------------------------------------------------------------------------------------
def test_place_names_every_bad_option():
    scores = np.array([[0.9]])
    with pytest.raises(ValidationProblems) as raised:
        place(CANDIDATES, VACANCIES, scores, method="best", min_score=1.5, local_region="bekasi")
    text = str(raised.value)
    assert "The 'method' parameter of place must be 'optimal' or 'stable'. Got 'best' instead." in text
    assert "The 'min_score' parameter of place must be a number in [0, 1]. Got 1.5 instead." in text
    assert "The 'local_region' parameter of place must be a region code such as '32.16'. Got 'bekasi'" in text


def test_place_rules_between_options_come_in_the_same_error():
    with pytest.raises(ValidationProblems) as raised:
        place(CANDIDATES, VACANCIES, np.array([[0.9]]), method="stable", max_pairs_per_candidate=0)
    text = str(raised.value)
    assert "The 'max_pairs_per_candidate' parameter of place must be an int >= 1 or None. Got 0" in text


def test_every_option_error_is_a_kerja_match_error():
    with pytest.raises(KerjaMatchError):
        place(CANDIDATES, VACANCIES, np.array([[0.9]]), local_quota=2.0)
