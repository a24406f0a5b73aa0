"""English word handling of the lexical ranker: spelling variants, word families, Snowball
collisions, the broad nomination of the shortlist, and the dense runs of the extractor.

Labels are ESCO skill labels (ESCO, European Commission, CC BY 4.0); phrases are our own."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerja_match.normalize import SkillNormalizer
from kerja_match.normalize import _lexical_ranker as lexical_ranker
from kerja_match.normalize._label_index import word_tokens
from kerja_match.normalize._sections import dense_run
from kerja_match.taxonomy import Taxonomy
from kerja_match.text import canonical


def units(phrase: str) -> list[str]:
    return word_tokens(canonical(phrase))


@pytest.mark.parametrize(
    ("american", "british"),
    [
        ("optimize warehouse layouts", "optimise warehouse layouts"),
        ("organizing shift schedules", "organising shift schedules"),
        ("analyzes customer behavior", "analyses customer behaviour"),
        ("color matching", "colour matching"),
        ("defense procurement", "defence procurement"),
    ],
)
def test_american_spelling_reads_as_british(american: str, british: str) -> None:
    assert units(american) == units(british)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("conveyor belt maintenance", "maintain conveyor belts"),
        ("data analysis", "analyse data"),
        ("analytical data", "analysing data"),
        ("measurement accuracy", "accurate measurement"),
    ],
)
def test_derivations_of_one_family_share_a_unit(one: str, other: str) -> None:
    assert sorted(units(one)) == sorted(units(other))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("experiment", "experience"),
        ("excellence", "excel"),
        ("customs", "customer"),
        ("animation", "animal"),
    ],
)
def test_unrelated_words_snowball_would_join_stay_apart(one: str, other: str) -> None:
    assert units(one) != units(other)


def test_size_and_prize_keep_their_spelling() -> None:
    # the -ize rule needs three letters before the ending: "size" is no American "sise"
    assert units("size") == ["size"]
    assert units("prize") == ["prize"]


ESCO_LIKE = [
    {
        "id": "optimise",
        "label": "optimise production processes",
        "alt_labels": ("improve production processes",),
    },
    {"id": "maintain", "label": "maintain conveyor systems", "alt_labels": ("service conveyor systems",)},
    {"id": "analyse", "label": "analyse test data", "alt_labels": ("interpret test data",)},
    {"id": "behaviour", "label": "analyse customer behaviour", "alt_labels": ("study customer behaviour",)},
    {"id": "weld", "label": "weld pipes", "alt_labels": ("pipe welding",)},
    {"id": "drive", "label": "drive forklift", "alt_labels": ("operate a forklift",)},
]


@pytest.fixture(scope="module")
def esco_like() -> SkillNormalizer:
    return SkillNormalizer().fit(Taxonomy(ESCO_LIKE, name="esco-like"))


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("optimizing production processes", "optimise"),
        ("maintenance of conveyor systems", "maintain"),
        ("analysis of test data", "analyse"),
        ("analyzing customer behavior", "behaviour"),
    ],
)
def test_paraphrased_labels_find_their_concept(esco_like: SkillNormalizer, phrase: str, concept: str) -> None:
    assert esco_like.match_one(phrase).concept_id == concept


def broad_taxonomy() -> Taxonomy:
    """Many concepts share "financial" or "services", so neither word nominates alone; one concept
    holds both; a crowd of others share character n-grams with the phrase."""
    concepts = [{"id": "offer", "label": "offer financial services"}]
    concepts += [{"id": f"fin{i}", "label": f"financial topic{i:03d} reporting"} for i in range(70)]
    concepts += [{"id": f"srv{i}", "label": f"topic{i:03d} services desk"} for i in range(70)]
    concepts += [{"id": f"fil{i}", "label": f"finance servicing topic{i:03d}"} for i in range(70)]
    return Taxonomy(concepts, name="broad")


def test_broad_nomination_brings_the_concept_that_holds_every_common_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taxonomy = broad_taxonomy()
    narrow_shortlist = {"shortlist_size": 5, "n_alternatives": 4}

    def found(match) -> set[str]:  # type: ignore[no-untyped-def]
        return {match.concept_id, *(a for a, _ in match.alternatives)}

    monkeypatch.setattr(lexical_ranker, "BROAD_MIN_CONCEPTS", 100)  # the test taxonomy is small
    monkeypatch.setattr(lexical_ranker, "BROAD_SHORTLIST_SIZE", 0)
    without = SkillNormalizer(**narrow_shortlist).fit(taxonomy).match_one("financial services")
    monkeypatch.setattr(lexical_ranker, "BROAD_SHORTLIST_SIZE", 10)
    with_broad = SkillNormalizer(**narrow_shortlist).fit(taxonomy).match_one("financial services")
    assert "offer" not in found(without)
    assert with_broad.concept_id == "offer"


def test_a_small_taxonomy_has_no_broad_nomination() -> None:
    # the first stage's 30 concepts are a large share of a few hundred: widening costs time only
    assert SkillNormalizer().fit(broad_taxonomy()).ranker_.broad_matrix is None


@pytest.mark.parametrize(
    ("run", "readable"),
    [
        ("the animals", False),
        ("a team", False),
        ("interact with", False),
        ("animals", False),
        ("monitoring the animals", True),
        ("SIM A", True),
        ("mesin bubut", True),
    ],
)
def test_dense_runs_never_begin_with_an_article_or_end_with_a_function_word(run: str, readable: bool) -> None:
    assert dense_run(run) is readable


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**6), st.integers(1, 3), st.integers(1, 3))
def test_broad_shortlist_matches_sorting_reference(
    esco_like: SkillNormalizer, seed: int, k: int, k_broad: int
) -> None:
    rng = np.random.default_rng(seed)
    n_concepts = len(esco_like.concept_ids_)
    # few distinct values, so ties at the border are common
    first = rng.choice([0.0, 0.25, 0.5], size=(3, n_concepts)).astype(np.float32)
    broad = rng.choice([0.0, 0.1, 0.2, 0.4], size=(3, n_concepts)).astype(np.float32)
    forms = ["drive forklift", "nothing", "weld pipes"]  # two carry exact labels
    ranker = esco_like.ranker_
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lexical_ranker, "BROAD_SHORTLIST_SIZE", k_broad)
        queries, concepts, values = ranker.shortlist(sp.csr_matrix(first), forms, k, sp.csr_matrix(broad))
    expected = []
    for q, form in enumerate(forms):

        def best(row: np.ndarray, n: int, skip: list[int]) -> list[int]:
            kept = sorted(
                (c for c in range(n_concepts) if row[c] > 0 and c not in skip), key=lambda c: (-row[c], c)
            )
            return kept[:n]

        ranked = best(first[q], k, [])
        ranked += best(broad[q], k_broad, ranked)
        ranked += [c for c in esco_like.index_.exact.get(form, ()) if c not in ranked]
        expected += [(q, c, float(first[q, c])) for c in ranked]
    got = sorted(zip(queries.tolist(), concepts.tolist(), values.tolist(), strict=True))
    assert got == sorted(expected)
