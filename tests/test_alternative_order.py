"""The order of a match's alternatives (``_alternatives.py``) and English clipped words.

The best concept and every score come from the re-ranker; behind the best, a concept whose label
adds words the phrase never says gives way to one that adds fewer. Labels are ESCO-style skill
labels written for these tests; phrases are our own."""

from __future__ import annotations

import numpy as np
import pytest

from kerja_match.normalize import SkillMatch, SkillNormalizer
from kerja_match.normalize import _alternatives as alternatives
from kerja_match.normalize._alternatives import ordered
from kerja_match.normalize._label_index import word_tokens
from kerja_match.normalize._lexical_ranker import Ranked
from kerja_match.taxonomy import Taxonomy
from kerja_match.text import canonical

DOMAINS = ("construction", "logistics", "hospitality", "forestry", "landscape", "catering", "mining")


def team_taxonomy() -> Taxonomy:
    """Sibling concepts that differ only by a domain word, the plain concept with none, and enough
    unrelated concepts that a domain word is rare (a real idf, as in ESCO)."""
    concepts = [{"id": f"team-{d}", "label": f"work in a {d} team"} for d in DOMAINS]
    concepts.append({"id": "teams", "label": "work in teams", "alt_labels": ("teamwork",)})
    concepts += [
        {"id": f"chem-{x}", "label": f"{x} chemistry"} for x in ("organic", "polymer", "textile", "food")
    ]
    concepts.append({"id": "chem-safety", "label": "handle chemical products safely"})
    concepts += [
        {"id": f"filler{i}", "label": f"operate {kind} machine {i:03d}"}
        for i, kind in enumerate(["press", "lathe", "packing", "sewing"] * 60)
    ]
    return Taxonomy(concepts, name="siblings")


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return team_taxonomy()


def ranked_list(match: SkillMatch) -> list[str]:
    """The decision, then the alternatives (an abstention's nearest concept leads them)."""
    alternatives = [c for c, _ in match.alternatives]
    return [match.concept_id, *alternatives] if match.concept_id else alternatives


def test_the_plain_concept_comes_before_siblings_that_add_a_word_the_phrase_lacks(
    taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    phrase = "work in a remote team"  # "remote" is in no label: no sibling is meant
    order = SkillNormalizer(n_alternatives=8).fit(taxonomy).match_one(phrase)
    monkeypatch.setattr(alternatives, "UNSAID_WORD_WEIGHT", 0.0)
    by_score = SkillNormalizer(n_alternatives=8).fit(taxonomy).match_one(phrase)
    # the rule only moves the alternatives: the decision, its score and the set are the same
    assert (order.concept_id, order.score, order.method) == (
        by_score.concept_id,
        by_score.score,
        by_score.method,
    )
    assert sorted(order.alternatives) == sorted(by_score.alternatives)
    plain_now, plain_before = ranked_list(order).index("teams"), ranked_list(by_score).index("teams")
    assert plain_before > 2  # by score alone the domain teams crowd it out
    assert plain_now <= 1


def test_siblings_the_phrase_names_part_of_stay_ahead_of_concepts_it_names_less_of(
    taxonomy: Taxonomy,
) -> None:
    match = SkillNormalizer(n_alternatives=6).fit(taxonomy).match_one("applied chemistry")
    found = ranked_list(match)
    chemistry = [i for i, c in enumerate(found) if c.startswith("chem-") and c != "chem-safety"]
    assert len(chemistry) == 4
    if "chem-safety" in found:
        assert max(chemistry) < found.index("chem-safety")


def test_each_alternative_keeps_its_own_score(taxonomy: Taxonomy) -> None:
    norm = SkillNormalizer(n_alternatives=8).fit(taxonomy)
    match = norm.match_one("work in a remote team")
    scores = dict(match.alternatives)
    form = canonical("work in a remote team")
    ranked = norm._rank([form])[0]
    own = {norm.concept_ids_[c]: round(s, 6) for c, s in zip(ranked.concepts, ranked.scores, strict=True)}
    assert all(own[c] == s for c, s in scores.items())


def test_ordered_keeps_the_best_first_and_moves_concepts_with_their_scores() -> None:
    first = Ranked((10, 11, 12, 13), (0.9, 0.30, 0.25, 0.05), exact=False)
    second = Ranked((20, 21), (0.4, 0.3), exact=True)
    # 11 adds a rare word the phrase lacks, 12 none; the best (10) adds one too and stays first
    unsaid = np.array([8.0, 8.0, 0.0, 0.0, 0.0, 9.0])
    got = ordered([first, second], unsaid)
    assert got[0].concepts == (10, 12, 11, 13)
    assert got[0].scores == (0.9, 0.25, 0.30, 0.05)
    assert got[0].exact is False
    assert got[1] == second


def test_ordered_leaves_a_far_weaker_concept_behind_even_with_nothing_unsaid() -> None:
    # the word penalty trades against score: 0.01 against 0.30 is thirty times less likely
    ranked = Ranked((1, 2, 3), (0.8, 0.30, 0.01), exact=True)
    assert ordered([ranked], np.array([0.0, 6.0, 0.0]))[0].concepts == (1, 2, 3)


def test_ordered_keeps_the_incoming_order_on_ties() -> None:
    ranked = Ranked((5, 4, 3, 2), (0.5, 0.2, 0.2, 0.2), exact=False)
    assert ordered([ranked], np.zeros(4))[0] == ranked
    assert ordered([], np.zeros(0)) == []


@pytest.mark.parametrize(
    ("clipped", "full"),
    [
        ("update product info", "update product information"),
        ("run sales stats", "run sales statistics"),
        ("test mobile apps", "test mobile applications"),
        ("write api docs", "write api documentation"),
        ("bio lab assistant", "biology laboratory assistant"),
        ("cloud infra ops", "cloud infrastructure operations"),
    ],
)
def test_clipped_english_words_read_as_their_full_words(clipped: str, full: str) -> None:
    assert word_tokens(canonical(clipped)) == word_tokens(canonical(full))


def clipped_taxonomy() -> Taxonomy:
    """Each full word beside a look-alike its clipped form shares more letters with."""
    return Taxonomy(
        [
            {"id": "stats", "label": "apply statistics"},
            {"id": "status", "label": "report stock status"},
            {"id": "apps", "label": "test software applications"},
            {"id": "appliances", "label": "test appliances"},
            {"id": "docs", "label": "write technical documentation"},
            {"id": "dock", "label": "operate dock equipment"},
        ],
        name="clipped",
    )


@pytest.mark.parametrize(
    ("phrase", "concept"), [("sales stats", "stats"), ("test mobile apps", "apps"), ("write docs", "docs")]
)
def test_a_clipped_word_finds_the_label_written_in_full(phrase: str, concept: str) -> None:
    assert SkillNormalizer().fit(clipped_taxonomy()).match_one(phrase).concept_id == concept


def test_a_phrase_with_no_label_word_still_gets_its_alternatives() -> None:
    # only character n-grams nominate: no word of the phrase is a label word
    match = SkillNormalizer().fit(clipped_taxonomy()).match_one("statistix")
    assert match.concept_id == "stats" or [c for c, _ in match.alternatives][:1] == ["stats"]
