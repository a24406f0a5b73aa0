"""One-word labels that name no skill alone, and soft-skill words that only describe another word.

Every phrase here was written for these tests; none is taken from the evaluation data.
"""

from __future__ import annotations

import pytest

import kerja_match as km
from kerja_match.normalize import SkillNormalizer
from kerja_match.normalize._parts import GENERIC_WORD_CONCEPTS, generic_one_word_labels
from kerja_match.normalize._text import canonical


@pytest.fixture(scope="module")
def normalizer() -> SkillNormalizer:
    return SkillNormalizer().fit(km.default_taxonomy())


def test_a_generic_word_is_one_many_concepts_share() -> None:
    # "kerja" is a label of the personal-skills parent and a word of many other labels
    taxonomy = km.default_taxonomy()
    carriers = {
        c.id
        for c in taxonomy
        if any("kerja" in canonical(label).split() for label in (c.label, *c.alt_labels, *c.labels.values()))
    }
    assert len(carriers) >= GENERIC_WORD_CONCEPTS
    assert "kerja" in SkillNormalizer().fit(taxonomy).generic_words_


def test_generic_labels_are_soft_one_word_labels_only() -> None:
    exact = {"kerja": (0,), "kerja keras": (1,), "kerja las": (2,), "las": (2,), "teliti": (1,)}
    assert generic_one_word_labels(exact, frozenset({0, 1})) == frozenset()  # 3 carriers < 10
    many = {**exact, **{f"kerja x{i}": (10 + i,) for i in range(10)}}
    soft = frozenset({0, 1, *range(10, 20)})
    assert generic_one_word_labels(many, soft) == frozenset({"kerja"})


@pytest.mark.parametrize("phrase", ["Bekerja", "Mampu bekerja", "Service"])
def test_a_generic_word_alone_abstains(normalizer: SkillNormalizer, phrase: str) -> None:
    match = normalizer.match_one(phrase)
    assert match.concept_id is None
    assert match.method == "none"
    assert match.alternatives  # the nearest concepts are still listed for the unmapped report


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("Kerja keras", "soft.pribadi"),
        ("Mampu bekerja sama dalam tim", "soft.sosial.kerja_sama"),
        ("Customer service", "kantor.penjualan.cs"),
        ("Teliti", "soft.pribadi.cermat_teliti"),
        ("Disiplin tinggi", "soft.pribadi.disiplin"),
        ("Bisa bekerja dengan cepat", "soft.pribadi.produktivitas"),
        ("Operator forklift", "logistik.gudang.forklift"),
    ],
)
def test_labels_that_name_a_skill_still_map(normalizer: SkillNormalizer, phrase: str, concept: str) -> None:
    match = normalizer.match_one(phrase)
    assert match.concept_id is not None
    assert match.concept_id == concept or match.concept_id.startswith(concept + ".")


@pytest.mark.parametrize("phrase", ["Biasa memakai software Accurate", "Mampu menghitung cepat"])
def test_a_soft_word_after_another_head_does_not_decide(normalizer: SkillNormalizer, phrase: str) -> None:
    match = normalizer.match_one(phrase)
    assert match.concept_id is None or not match.concept_id.startswith("soft.")
