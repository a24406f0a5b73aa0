"""The fitted components follow scikit-learn's estimator contract: get_params, set_params, clone.

Options are stored by ``__init__`` untouched and checked at ``fit`` (as scikit-learn does), so
``set_params`` with a bad value is caught by the next ``fit``, with every bad option at once.
"""

from __future__ import annotations

import pickle
import re

import pytest
from sklearn.base import BaseEstimator, clone

from kerja_match import normalize
from kerja_match.errors import ValidationProblems
from kerja_match.models import Candidate, SkillClaim, SkillRequirement, Vacancy
from kerja_match.normalize import SkillNormalizer
from kerja_match.scoring import FitScorer, ScoringWeights
from kerja_match.taxonomy import Taxonomy

TAXONOMY = Taxonomy(
    [
        {"id": "mfg.bubut", "label": "mesin bubut", "labels": {"en": "lathe"}},
        {"id": "mfg.las", "label": "pengelasan", "labels": {"en": "welding"}},
        {"id": "soft.disiplin", "label": "disiplin", "kind": "soft"},
    ],
    name="estimators",
)
VACANCIES = [
    Vacancy(id="v1", employer="PT Uji", requirements=[SkillRequirement(skill="mfg.bubut", level=2)]),
    Vacancy(id="v2", employer="PT Uji", requirements=[SkillRequirement(skill="pengelasan")]),
]
CANDIDATE = Candidate(id="c1", skills=[SkillClaim(skill="mfg.bubut", level=2)])

# every fitted component and how to fit it; the text extractor joins when its module has it
FITTED = {
    "FitScorer": (lambda: FitScorer(taxonomy=TAXONOMY), lambda est: est.fit(VACANCIES), "block_size", 16),
    "SkillNormalizer": (SkillNormalizer, lambda est: est.fit(TAXONOMY), "score_cutoff", 0.7),
}
if hasattr(normalize, "SkillExtractor"):
    FITTED["SkillExtractor"] = (normalize.SkillExtractor, lambda est: est.fit(TAXONOMY), None, None)


@pytest.mark.parametrize("name", sorted(FITTED))
def test_a_fitted_component_is_a_scikit_learn_estimator(name):
    make, fit, _, _ = FITTED[name]
    estimator = make()
    assert isinstance(estimator, BaseEstimator)
    params = estimator.get_params(deep=False)
    assert params == {key: getattr(estimator, key) for key in params}
    assert fit(estimator) is estimator


@pytest.mark.parametrize("name", sorted(FITTED))
def test_clone_gives_the_same_options_and_no_fitted_state(name):
    make, fit, option, value = FITTED[name]
    estimator = make()
    if option is not None:
        estimator.set_params(**{option: value})
    fit(estimator)
    copy = clone(estimator)
    assert type(copy) is type(estimator)
    assert copy.get_params(deep=False).keys() == estimator.get_params(deep=False).keys()
    if option is not None:
        assert copy.get_params()[option] == value
    fitted = [key for key in vars(estimator) if key.endswith("_") and not key.startswith("__")]
    assert fitted, "fit sets learned attributes ending in _"
    assert not any(hasattr(copy, key) for key in fitted)
    assert fit(copy) is copy


def test_set_params_returns_self_and_refuses_an_unknown_option():
    scorer = FitScorer(taxonomy=TAXONOMY)
    assert scorer.set_params(block_size=8) is scorer
    assert scorer.block_size == 8
    with pytest.raises(ValueError, match="block_sise"):
        scorer.set_params(block_sise=8)


def test_nested_options_are_reached_through_the_double_underscore():
    scorer = FitScorer(taxonomy=TAXONOMY, normalizer=SkillNormalizer(score_cutoff=0.6))
    assert scorer.get_params(deep=True)["normalizer__score_cutoff"] == 0.6
    scorer.set_params(normalizer__score_cutoff=0.8)
    assert scorer.normalizer.score_cutoff == 0.8
    copy = clone(scorer)
    assert copy.normalizer is not scorer.normalizer
    assert copy.normalizer.score_cutoff == 0.8


def test_the_repr_shows_the_options_that_differ_from_the_defaults():
    assert repr(SkillNormalizer(shortlist_size=12)) == "SkillNormalizer(shortlist_size=12)"
    assert repr(FitScorer(block_size=64)) == "FitScorer(block_size=64)"


def test_a_bad_option_set_after_construction_is_caught_at_fit_with_every_problem():
    scorer = FitScorer(taxonomy=TAXONOMY).set_params(block_size=0, normalizer="lexical")
    with pytest.raises(ValidationProblems) as raised:
        scorer.fit(VACANCIES)
    text = str(raised.value)
    assert len(raised.value.problems) == 2
    assert "The 'block_size' parameter of FitScorer must be an int >= 1. Got 0 instead." in text
    assert re.search(
        r"The 'normalizer' parameter of FitScorer must be an object with a match\(\) method", text
    )


def test_a_clone_of_a_fitted_scorer_scores_like_the_original():
    scorer = FitScorer(taxonomy=TAXONOMY, weights=ScoringWeights(soft=0.0)).fit(VACANCIES)
    copy = clone(scorer).fit(VACANCIES)
    assert copy.score(CANDIDATE, VACANCIES[0]).score == scorer.score(CANDIDATE, VACANCIES[0]).score
    again = pickle.loads(pickle.dumps(scorer))
    assert again.score_matrix([CANDIDATE]).tolist() == scorer.score_matrix([CANDIDATE]).tolist()
