"""FitScorer: the formula's rules, the explanations, and the fast paths against the slow reference."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strategies
from kerja_match.datasets import bekasi_regions, default_taxonomy
from kerja_match.errors import KerjaMatchError, NotFittedError, ValidationProblems
from kerja_match.models import Candidate, SkillClaim, SkillRequirement, Vacancy
from kerja_match.normalize import SkillNormalizer
from kerja_match.scoring import FitScorer, ScoringWeights, _blocks
from kerja_match.scoring._topk import _top_k_partition, _top_k_positive, merge_top_k, select_top_k
from kerja_match.taxonomy import Taxonomy
from label_normalizer import LabelNormalizer, Match
from reference_scoring import reference_score

GAZETTEER = bekasi_regions()

TAXONOMY = Taxonomy(
    [
        {"id": "mfg", "label": "manufaktur", "labels": {"en": "manufacturing"}},
        {"id": "mfg.mach", "label": "pemesinan", "labels": {"en": "machining"}, "broader": ["mfg"]},
        {"id": "mfg.mach.bubut", "label": "mesin bubut", "labels": {"en": "lathe"}, "broader": ["mfg.mach"]},
        {
            "id": "mfg.mach.frais",
            "label": "mesin frais",
            "labels": {"en": "milling"},
            "broader": ["mfg.mach"],
        },
        {"id": "mfg.mach.cnc", "label": "cnc", "broader": ["mfg.mach"]},
        {"id": "mfg.weld", "label": "pengelasan", "labels": {"en": "welding"}, "broader": ["mfg"]},
        {"id": "mfg.weld.smaw", "label": "las smaw", "broader": ["mfg.weld"]},
        {"id": "mfg.qc", "label": "alat ukur", "labels": {"en": "measuring tools"}, "broader": ["mfg"]},
        {"id": "office", "label": "perkantoran"},
        {"id": "office.excel", "label": "excel", "broader": ["office"]},
        {"id": "soft.disiplin", "label": "disiplin", "kind": "soft"},
        {"id": "soft.komunikasi", "label": "komunikasi", "kind": "soft"},
    ],
    name="test",
)
HARD = [c.id for c in TAXONOMY if c.kind == "hard"]
SOFT = [c.id for c in TAXONOMY if c.kind == "soft"]


class RefuseNormalizer:
    def match(self, phrases: list[str]) -> list[Match]:
        raise AssertionError(f"normaliser called for {phrases}")


def vacancy(vid: str, *reqs: SkillRequirement, soft: tuple = (), **kw: object) -> Vacancy:
    return Vacancy(id=vid, employer="PT Uji", requirements=reqs, soft_requirements=soft, **kw)


def req(skill: str, level: int = 1, required: bool = True, weight: float | None = None) -> SkillRequirement:
    return SkillRequirement(skill=skill, level=level, required=required, weight=weight)


def claim(skill: str, level: int = 1, evidence: str = "certified") -> SkillClaim:
    return SkillClaim(skill=skill, level=level, evidence=evidence)


#: The first round's rules: the weighted coverage of the requirements with a required-skill gate, no
#: focus, no relative factor, no specificity. The rules of each part are tested under these; the
#: defaults, which add those three, have tests of their own below.
COVERAGE_RULES = {"required_policy": "gate", "specificity": False, "focus": 0.0, "relative_fit": 0.0}


def scorer(vacancies: list[Vacancy], **weights: object) -> FitScorer:
    return FitScorer(
        taxonomy=TAXONOMY, gazetteer=GAZETTEER, weights={**COVERAGE_RULES, **weights},
        normalizer=RefuseNormalizer(),
    ).fit(vacancies)  # fmt: skip


def default_scorer(vacancies: list[Vacancy], **weights: object) -> FitScorer:
    return FitScorer(
        taxonomy=TAXONOMY, gazetteer=GAZETTEER, weights=weights, normalizer=RefuseNormalizer()
    ).fit(vacancies)


# -- ScoringWeights -----------------------------------------------------------------------------
def test_weights_validate_with_messages_naming_the_field() -> None:
    with pytest.raises(
        ValidationProblems,
        match=re.escape(
            "The 'skills' parameter of ScoringWeights must be a number in [0, 100]. Got -1 instead."
        ),
    ):
        ScoringWeights(skills=-1)
    with pytest.raises(ValidationProblems, match=r"evidence_certified must be >= evidence_self_declared"):
        ScoringWeights(evidence_certified=0.5, evidence_self_declared=0.8)
    with pytest.raises(ValidationProblems, match="must be > 0"):
        ScoringWeights(skills=0, soft=0, ktp=0, commute=0)
    with pytest.raises(ValidationProblems, match="required_policy"):
        ScoringWeights(required_policy="strict")
    with pytest.raises(ValidationProblems, match="skils"):
        ScoringWeights(skils=1)
    with pytest.raises(
        ValidationProblems,
        match=re.escape("The 'block_size' parameter of FitScorer must be an int >= 1. Got 0"),
    ):
        FitScorer(taxonomy=TAXONOMY, block_size=0).fit([vacancy("v", req("mfg.qc"))])


def test_use_before_fit_and_bad_k_raise() -> None:
    with pytest.raises(NotFittedError):
        FitScorer(taxonomy=TAXONOMY).score_matrix([])
    s = scorer([vacancy("v", req("mfg.qc"))])
    with pytest.raises(
        ValidationProblems,
        match=re.escape("The 'k' parameter of FitScorer.top_k must be an int >= 1. Got 0 instead."),
    ):
        s.top_k([], k=0)
    with pytest.raises(KerjaMatchError, match="at least one vacancy"):
        FitScorer(taxonomy=TAXONOMY).fit([])


# -- the credit rule ----------------------------------------------------------------------------
def skill_score(held: list[SkillClaim], asked: SkillRequirement) -> float:
    """Score with only the skills part weighted, so it equals the requirement's credit."""
    s = scorer(
        [vacancy("v", asked)],
        skills=1,
        soft=0,
        ktp=0,
        commute=0,
        required_policy="penalty",
        required_penalty=1,
    )
    return s.score(Candidate(id="c", skills=held), s.vacancies_[0]).score


def test_credit_through_levels_evidence_and_the_taxonomy() -> None:
    bubut2 = req("mfg.mach.bubut", 2)
    assert skill_score([claim("mfg.mach.bubut", 2)], bubut2) == 1.0
    assert skill_score([claim("mfg.mach.bubut", 5)], bubut2) == 1.0
    assert skill_score([claim("mfg.mach.bubut", 1)], bubut2) == pytest.approx(0.75)
    assert skill_score([claim("mfg.mach.bubut", 2, "self_declared")], bubut2) == pytest.approx(0.8)
    # narrower than asked: full; broader: half; sibling: 0.3; unrelated: nothing
    assert skill_score([claim("mfg.mach.cnc", 2)], req("mfg.mach", 2)) == 1.0
    assert skill_score([claim("mfg.mach", 2)], bubut2) == pytest.approx(0.5)
    assert skill_score([claim("mfg.mach.frais", 2)], bubut2) == pytest.approx(0.3)
    assert skill_score([claim("office.excel", 5)], bubut2) == 0.0
    # the best claim counts, not the sum
    assert skill_score([claim("mfg.mach.frais", 2), claim("mfg.mach.bubut", 2)], bubut2) == 1.0


def test_required_weighs_more_and_explicit_weights_win() -> None:
    v = vacancy("v", req("mfg.mach.bubut"), req("office.excel", required=False))
    s = scorer([v], skills=1, soft=0, ktp=0, commute=0, required_policy="penalty")
    assert s.score(Candidate(id="c", skills=[claim("mfg.mach.bubut")]), v).score == pytest.approx(2 / 3)
    v2 = vacancy("v", req("mfg.mach.bubut", weight=1), req("office.excel", required=False, weight=3))
    s2 = scorer([v2], skills=1, soft=0, ktp=0, commute=0, required_policy="penalty", required_penalty=1)
    assert s2.score(Candidate(id="c", skills=[claim("office.excel")]), v2).score == pytest.approx(0.75)


def test_gate_makes_the_pair_ineligible_with_the_reason_and_zero_everywhere() -> None:
    v = vacancy("v", req("mfg.mach.bubut", 3), req("office.excel", required=False), location="32.16.19")
    s = scorer([v])
    c = Candidate(id="c", skills=[claim("office.excel", 3)], ktp_region="32.16", domicile="32.16.19")
    fit = s.score(c, v)
    assert (fit.score, fit.eligible) == (0.0, False)
    assert "'mfg.mach.bubut'" in fit.reasons[0]
    assert math.fsum(r.contribution for r in fit.explain()) == pytest.approx(0.0, abs=1e-12)
    assert fit.components["gate"] < 0  # the would-be score stays visible
    assert s.score_matrix([c])[0, 0] == 0.0
    penalised = scorer([v], required_policy="penalty", required_penalty=0.25).score(c, v)
    assert penalised.eligible
    kept = math.fsum(r.contribution for r in penalised.rows if r.part != "penalty")
    assert penalised.score == pytest.approx(kept * 0.25)


def test_soft_part_without_soft_requirements_spreads_its_weight() -> None:
    v = vacancy("v", req("mfg.qc"), location="32.16.19")
    c = Candidate(id="c", skills=[claim("mfg.qc")], ktp_region="32.16", domicile="32.16.05")
    with_soft = scorer([v]).score(c, v)
    without = scorer([v], soft=0.0).score(c, v)
    assert with_soft.score == pytest.approx(without.score)
    assert 0 < with_soft.score < 1
    vs = vacancy("w", req("mfg.qc"), soft=(req("soft.disiplin"),), location="32.16.19")
    assert scorer([vs]).score(c, vs).score < with_soft.score  # soft asked and not held: lower


def test_unknown_domicile_is_neutral_and_lowers_confidence() -> None:
    v = vacancy("v", req("mfg.qc", 2), location="32.16.19")
    known = Candidate(id="c", skills=[claim("mfg.qc", 1)], ktp_region="32.16", domicile="32.16.19")
    unknown = known.model_copy(update={"domicile": None})
    fit = scorer([v]).score(unknown, v)
    assert fit.score == pytest.approx(scorer([v], commute=0.0).score(known, v).score)
    assert fit.confidence < scorer([v]).score(known, v).confidence
    assert fit.components["commute"] == 0.0


def test_commute_decays_and_the_hard_limit_gates() -> None:
    v = vacancy("v", req("mfg.qc"), location="32.16.19")  # Cikarang Pusat
    near = Candidate(id="near", skills=[claim("mfg.qc")], domicile="32.16.19")
    far = Candidate(id="far", skills=[claim("mfg.qc")], domicile="31.75")  # Jakarta Timur
    s = scorer([v])
    assert s.score(near, v).score > s.score(far, v).score
    limited = scorer([v], max_commute_km=20)
    fit = limited.score(far, v)
    assert not fit.eligible
    assert "max_commute_km" in fit.reasons[0]
    assert limited.score_matrix([near, far])[:, 0].tolist()[1] == 0.0


def test_ktp_bonus_follows_the_vacancy_local_region() -> None:
    v = vacancy("v", req("mfg.qc"))
    local = Candidate(id="a", skills=[claim("mfg.qc")], ktp_region="32.16.09")
    other = Candidate(id="b", skills=[claim("mfg.qc")], ktp_region="32.75")
    s = scorer([v])
    assert s.score(local, v).components["ktp"] > 0 == s.score(other, v).components["ktp"]


def test_explain_rows_and_components_add_up_and_missing_names_the_gaps() -> None:
    v = vacancy(
        "v", req("mfg.mach.bubut", 3), req("mfg.qc", 2, required=False), soft=(req("soft.disiplin"),),
        location="32.16.19",
    )  # fmt: skip
    c = Candidate(id="c", skills=[claim("mfg.mach.bubut", 2)], ktp_region="32.16", domicile="32.16.09")
    fit = scorer([v]).score(c, v)
    assert math.fsum(r.contribution for r in fit.explain()) == pytest.approx(fit.score, abs=1e-12)
    assert math.fsum(fit.components.values()) == pytest.approx(fit.score, abs=1e-12)
    assert [(g.concept_id, g.current_level, g.required_level, g.required) for g in fit.missing] == [
        ("mfg.mach.bubut", 2, 3, True),
        ("soft.disiplin", 0, 1, True),
        ("mfg.qc", 0, 2, False),
    ]
    gap = fit.missing[0]
    assert (gap.label_id, gap.label_en, gap.kind, gap.phrase) == (
        "mesin bubut",
        "lathe",
        "hard",
        "mfg.mach.bubut",
    )


def test_text_skills_resolve_once_and_unresolved_are_reported_not_counted() -> None:
    norm = LabelNormalizer(TAXONOMY)
    v = vacancy("v", req("mesin bubut"), req("gaji UMK", required=False))
    s = FitScorer(taxonomy=TAXONOMY, gazetteer=GAZETTEER, normalizer=norm, block_size=2).fit([v])
    assert s.unresolved_requirements_ == {"v": ["gaji UMK"]}
    people = [Candidate(id=f"c{i}", skills=[claim("mesin bubut"), claim("tukang sulap")]) for i in range(5)]
    before = len(norm.calls)
    s.score_matrix(people)
    asked = [p for call in norm.calls[before:] for p in call]
    assert sorted(asked) == ["tukang sulap"]  # "mesin bubut" was resolved at fit; each phrase once
    fit = s.score(people[0], v)
    assert fit.unresolved == ["tukang sulap"]
    assert fit.unresolved_requirements == ["gaji UMK"]
    assert fit.eligible
    assert fit.confidence < 1
    ghost = Candidate(id="g", skills=[claim("tukang sulap", 5)])
    ghost_fit = s.score(ghost, v)
    assert ghost_fit.score == 0.0  # unresolved is never counted as present
    assert [g.phrase for g in ghost_fit.missing] == ["mesin bubut"]


def test_concept_ids_never_need_the_normaliser_and_any_vacancy_scores() -> None:
    s = scorer([vacancy("v", req("mfg.qc"))])
    other = vacancy("w", req("mfg.weld.smaw", 2))  # not fitted
    fit = s.score(Candidate(id="c", skills=[claim("mfg.weld.smaw", 2)]), other)
    assert fit.vacancy_id == "w"
    assert fit.eligible
    assert fit.components["skills"] > 0


def test_specificity_favours_rare_requirements() -> None:
    common = [vacancy(f"v{i}", req("mfg.qc"), req("mfg.mach.bubut")) for i in range(5)]
    rare = vacancy("r", req("mfg.qc"), req("mfg.weld.smaw"))
    weights = dict(skills=1, soft=0, ktp=0, commute=0, required_policy="penalty", required_penalty=1)
    plain = scorer([*common, rare], **weights)
    idf = scorer([*common, rare], **weights, specificity=True)
    holds_rare = Candidate(id="a", skills=[claim("mfg.weld.smaw")])
    assert plain.score(holds_rare, rare).score == pytest.approx(0.5)
    assert idf.score(holds_rare, rare).score > 0.5
    explicit = vacancy("x", req("mfg.qc", weight=1), req("mfg.weld.smaw", weight=1))
    assert idf.score(holds_rare, explicit).score == pytest.approx(0.5)  # employer weights stay


# -- the defaults: no flattening gate, focus, specificity, relative fit -------------------------------
WELDING = vacancy(
    "weld", req("mfg.weld.smaw", 2), req("mfg.qc"), req("mfg.mach.bubut"), req("office.excel", required=False)
)
TURNING = vacancy("turn", req("mfg.mach.bubut", 2), req("mfg.mach.frais"), req("mfg.qc"))


def test_an_unmet_required_skill_lowers_the_score_by_its_weight_and_keeps_the_order() -> None:
    s = default_scorer([WELDING, TURNING])
    most = Candidate(id="most", skills=[claim("mfg.weld.smaw", 2), claim("mfg.qc")])
    some = Candidate(id="some", skills=[claim("mfg.qc")])
    fits = [s.score(c, WELDING) for c in (most, some)]
    assert all(f.eligible and not f.reasons and f.score > 0 for f in fits)
    assert fits[0].score > fits[1].score
    assert [g.phrase for g in fits[0].missing] == ["mfg.mach.bubut", "office.excel"]  # required first
    assert s.score_matrix([most, some])[:, 0].tolist() == pytest.approx([f.score for f in fits], abs=1e-6)
    gated = scorer([WELDING, TURNING], required_policy="gate")
    assert gated.score(most, WELDING).score == 0.0  # the first round's gate, still an option


def test_focus_counts_the_share_of_the_candidates_skills_the_vacancy_uses() -> None:
    welding = vacancy("weld", req("mfg.weld.smaw", 2), req("mfg.qc"), req("office.excel", required=False))
    s = default_scorer([welding, TURNING], relative_fit=0.0)
    welder = Candidate(id="w", skills=[claim("mfg.weld.smaw", 2), claim("mfg.qc")])
    also_types = welder.model_copy(
        update={"skills": (*welder.skills, claim("office.excel"), claim("mfg.mach.cnc"))}
    )
    plain, extra = s.score(welder, welding), s.score(also_types, welding)
    focus = [r for r in extra.explain() if r.part == "focus"]
    assert len(focus) == 1
    assert "not asked here: 'mfg.mach.cnc'" in focus[0].detail
    # excel is asked (preferred): the coverage rises; cnc is not asked: the focus falls below 1
    assert extra.components["skills"] > plain.components["skills"]
    used, _, held = focus[0].detail.split(" (")[0].split(" ")  # "3.78 of 5.03 (by specificity) ..."
    share = float(used) / float(held)
    assert 0 < share < 1
    # the hard part is the geometric mean of coverage and focus, weighing 1 and 2 (the default)
    part = 0.6 / (0.6 + 0.1)  # skills over the parts that apply (no soft part, no known distance)
    for fit, focus_share in ((plain, 1.0), (extra, share)):
        coverage = fit.components["skills"] / part
        hard = part * coverage ** (1 / 3) * focus_share ** (2 / 3)
        assert fit.components["skills"] + fit.components["focus"] == pytest.approx(hard, abs=1e-2)
    # all of the welder's skills are used and it covers less than all: focus lifts the hard part
    assert plain.components["focus"] > 0
    assert "weigh 1:2" in focus[0].detail
    # one matching skill and nothing else covers less, and so scores less, than the welder
    only_qc = Candidate(id="q", skills=[claim("mfg.qc")])
    assert s.score(only_qc, welding).score < s.score(welder, welding).score
    # a skill the vacancy does not use lowers the fit, however much else it covers
    unused = welder.model_copy(update={"skills": (*welder.skills, claim("mfg.mach.cnc"))})
    assert s.score(unused, welding).score < s.score(welder, welding).score
    no_focus = default_scorer([welding, TURNING], relative_fit=0.0, focus=0.0)
    assert no_focus.score(also_types, welding).score > no_focus.score(welder, welding).score
    assert "focus" not in [r.part for r in no_focus.score(welder, welding).explain()]


def test_specificity_is_on_and_said_in_the_requirement_row() -> None:
    market = [vacancy(f"v{i}", req("mfg.qc"), req("mfg.mach.bubut")) for i in range(5)]
    market.append(vacancy("rare", req("mfg.qc"), req("mfg.weld.smaw")))
    s = default_scorer(market)
    fit = s.score(Candidate(id="c", skills=[claim("mfg.weld.smaw")]), market[-1])
    rows = {r.item: r for r in fit.explain()}
    assert "rare in this market: weight x" in rows["mfg.weld.smaw"].detail
    assert "common in this market: weight x" in rows["mfg.qc"].detail
    assert rows["mfg.weld.smaw"].weight > rows["mfg.qc"].weight


def test_relative_fit_scales_by_the_candidates_best_fit_in_the_market() -> None:
    s = default_scorer([WELDING, TURNING])
    turner = Candidate(id="t", skills=[claim("mfg.mach.bubut", 2), claim("mfg.mach.frais"), claim("mfg.qc")])
    best, other = s.score(turner, TURNING), s.score(turner, WELDING)
    assert "relative" not in [r.part for r in best.explain()]  # its best fit keeps its score
    row = next(r for r in other.explain() if r.part == "relative")
    fit = other.score - row.contribution
    assert other.score == pytest.approx(fit * (fit / best.score) ** 0.5, abs=1e-12)  # relative_fit 0.5
    assert "'turn'" in row.detail
    assert math.fsum(r.contribution for r in other.explain()) == pytest.approx(other.score, abs=1e-12)
    assert s.score_matrix([turner])[0].tolist() == pytest.approx([other.score, best.score], abs=1e-6)
    off = default_scorer([WELDING, TURNING], relative_fit=0.0)
    assert off.score(turner, WELDING).score == pytest.approx(fit, abs=1e-12)


def test_protected_and_unused_fields_do_not_change_scores() -> None:
    v = vacancy("v", req("mfg.qc"), min_education="SMK")
    base = Candidate(id="c", skills=[claim("mfg.qc")])
    more = base.model_copy(update={"education": "SD", "experience_years": 20})
    s = scorer([v])
    assert s.score(base, v).score == s.score(more, v).score


def test_requirement_credits_and_matrices_for_market_gaps() -> None:
    vs = [vacancy("a", req("mfg.mach.bubut", 2), soft=(req("soft.disiplin"),)), vacancy("b", req("mfg.qc"))]
    s = scorer(vs)
    columns, holds = s.requirement_credits([Candidate(id="c", skills=[claim("mfg.mach.bubut", 2)])])
    assert holds.shape == (1, len(columns))
    held = {columns[j] for j in holds.indices}
    assert held == {("mfg.mach.bubut", 2)}
    required, any_ = s.requirement_matrices()
    assert required.shape == any_.shape == (len(columns), 2)
    assert required.sum() == 2
    assert any_.sum() == 3


# -- fast paths against the reference -------------------------------------------------------------
PHRASES = ["mesin bubut", "pengelasan", "excel", "disiplin", "tukang sulap", "gaji UMK"]
PLACES = ["32.16", "32.16.09", "32.16.19", "32.75.01", "31.75", "32.99.77", None]

claims = strategies.skill_claims(HARD + SOFT + PHRASES)
requirements = strategies.skill_requirements(HARD + PHRASES[:4] + ["gaji UMK"])
soft_requirements = strategies.skill_requirements(SOFT, weights=st.none())


def candidates(i: int) -> st.SearchStrategy[Candidate]:
    return strategies.candidates(i, claims=claims, places=PLACES, max_skills=5)


def vacancies(j: int) -> st.SearchStrategy[Vacancy]:
    return strategies.vacancies(
        j, requirements=requirements, soft_requirements=soft_requirements, places=PLACES
    )


@st.composite
def markets(draw: st.DrawFn) -> tuple[list[Candidate], list[Vacancy], ScoringWeights, int, bool]:
    cands, vacs = draw(strategies.markets(candidates, vacancies, n_candidates=(0, 7), n_vacancies=(1, 5)))
    weights = draw(
        strategies.scoring_weights(
            required_policy=["weight", "gate", "penalty"],
            specificity=[False, True],
            max_commute_km=[None, 12.0],
            sibling_credit=[0.0, 0.3, 0.6],
            soft=[0.0, 0.15],
            focus=[0.0, 0.5, 1.0, 2.0],
            relative_fit=[0.0, 0.5, 1.0, 2.5],
        )
    )
    return cands, vacs, weights, draw(st.integers(1, 4)), draw(st.booleans())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(market=markets())
def test_matrix_top_k_and_score_agree_with_the_reference(
    market: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    cands, vacs, weights, block, sparse_route = market
    if sparse_route:  # the route for markets too wide for a dense credit block
        monkeypatch.setattr(_blocks, "DENSE_CREDIT_CELLS", 0)
    norm = LabelNormalizer(TAXONOMY)
    s = FitScorer(taxonomy=TAXONOMY, gazetteer=GAZETTEER, weights=weights, normalizer=norm, block_size=block)
    s.fit(vacs)
    expected = np.array(
        [
            [
                reference_score(c, v, taxonomy=TAXONOMY, weights=weights, gazetteer=GAZETTEER,
                                resolve=norm.resolve, market=vacs)
                for v in vacs
            ]
            for c in cands
        ],
        dtype=np.float64,
    ).reshape(len(cands), len(vacs))  # fmt: skip
    matrix = s.score_matrix(iter(cands))
    assert matrix.dtype == np.float32
    assert matrix.shape == expected.shape
    # float32 through powers of up to 3 (focus roots, relative fit): a few ulps each, 16 ulps at 1.0 in all
    np.testing.assert_allclose(matrix, expected, rtol=0, atol=1e-6)
    single = np.array([[s.score(c, v).score for v in vacs] for c in cands]).reshape(expected.shape)
    np.testing.assert_allclose(single, expected, rtol=0, atol=1e-12)
    assert ((expected == 0) == (matrix == 0)).all()  # ineligible is exactly 0 on both paths
    k = 3
    top = s.top_k(iter(cands), k=k)
    assert top.indices.shape == (len(cands), min(k, len(vacs)))  # k clamped to the vacancies
    for r in range(len(cands)):
        order = [
            j for j in sorted(range(len(vacs)), key=lambda j: (-matrix[r, j], j))[:k] if matrix[r, j] > 0
        ]
        assert top.indices[r, : len(order)].tolist() == order
        assert top.scores[r, : len(order)].tolist() == matrix[r, order].tolist()
        assert (top.indices[r, len(order) :] == -1).all()  # no fit: padding, never a vacancy
        assert np.isnan(top.scores[r, len(order) :]).all()
    short = s.shortlist(iter(cands), k=2)
    assert short.indices.shape == (len(vacs), min(2, len(cands)))
    for j in range(len(vacs)):
        order = [
            i for i in sorted(range(len(cands)), key=lambda i: (-matrix[i, j], i))[:2] if matrix[i, j] > 0
        ]
        assert short.indices[j, : len(order)].tolist() == order
        assert (short.indices[j, len(order) :] == -1).all()


# -- top-k selection ------------------------------------------------------------------------------
@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 6),
    st.integers(1, 300),
    st.integers(1, 12),
    st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.5, 1.0, 0.125]), min_size=1, max_size=50),
    st.randoms(use_true_random=False),
)
def test_select_top_k_is_stable_sort_by_score_then_index(n: int, m: int, k: int, pool: list, rnd) -> None:
    scores = np.array([[rnd.choice(pool) for _ in range(m)] for _ in range(n)], dtype=np.float32)
    k = min(k, m)
    expected = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    for way in (select_top_k, _top_k_partition, lambda s, k: _top_k_positive(s, k, s > 0)):
        idx, vals = way(scores, k)
        np.testing.assert_array_equal(idx, expected)
        np.testing.assert_array_equal(vals, np.take_along_axis(scores, expected, axis=1))


def test_no_fit_is_padding_and_a_huge_k_is_clamped() -> None:
    vs = [vacancy("a", req("mfg.qc")), vacancy("b", req("mfg.weld.smaw")), vacancy("c", req("office.excel"))]
    s = default_scorer(vs)
    people = [
        Candidate(id="q", skills=[claim("mfg.qc")]),
        Candidate(id="none", skills=[claim("soft.disiplin")]),
    ]
    top = s.top_k(people, k=10**9)
    assert top.indices.shape == (2, 3)  # clamped to the vacancies, nothing of size 10**9 allocated
    assert top.indices[0].tolist() == [0, -1, -1]  # only the vacancy it fits; never 1, 2 at score 0
    assert top.indices[1].tolist() == [-1, -1, -1]
    assert np.isnan(top.scores[1]).all()
    assert top.ids() == [["a"], []]
    short = s.shortlist(people, k=10**9)
    assert short.indices.shape == (3, 2)  # clamped to the candidates
    assert short.indices.tolist() == [[0, -1], [-1, -1], [-1, -1]]
    assert short.pairs() == [("q", "a", pytest.approx(float(short.scores[0, 0])))]


def test_merge_keeps_the_same_rule() -> None:
    a_idx, a = np.array([[0, 2]]), np.array([[0.5, 0.5]], dtype=np.float32)
    b_idx, b = np.array([[1, 3]]), np.array([[0.5, 0.9]], dtype=np.float32)
    idx, vals = merge_top_k(a_idx, a, b_idx, b, 3)
    assert idx.tolist() == [[3, 0, 1]]
    assert vals.tolist() == [[pytest.approx(0.9), 0.5, 0.5]]


def test_generators_stream_block_by_block() -> None:
    s = FitScorer(taxonomy=TAXONOMY, gazetteer=GAZETTEER, block_size=4).fit([vacancy("v", req("mfg.qc"))])
    pulled = 0

    def people():
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield Candidate(id=f"c{i}", skills=[claim("mfg.qc", 1 + i % 5)])

    blocks = s.score_blocks(itertools.islice(people(), 10))
    ids, _first = next(blocks)
    assert len(ids) == 4
    assert pulled <= 5
    top = s.top_k(itertools.islice(people(), 10), k=1)
    assert top.indices.shape == (10, 1)
    assert len(top.pairs()) == 10
    assert top.ids()[0] == ["v"]


def test_default_normaliser_resolves_text_consistently_with_itself() -> None:
    tax = default_taxonomy()
    norm = SkillNormalizer().fit(tax)
    phrases = ["mesin bubut", "alat ukur", "gaji UMK", "disiplin"]
    found = {p: m.concept_id for p, m in zip(phrases, norm.match(phrases), strict=True)}
    asked = next(cid for cid in found.values() if cid is not None)
    s = FitScorer(taxonomy=tax, gazetteer=GAZETTEER).fit([vacancy("v", req(asked))])
    fit = s.score(Candidate(id="c", skills=[claim(p) for p in phrases]), s.vacancies_[0])
    assert fit.unresolved == [p for p in phrases if found[p] is None]
    assert fit.eligible  # the phrase that resolved to the asked concept counts


def test_coordinates_and_the_commute_limit_on_both_paths() -> None:
    v = vacancy("v", req("mfg.qc"), lat=-6.30, lon=107.15)
    near = Candidate(id="near", skills=[claim("mfg.qc")], lat=-6.31, lon=107.16)
    far = Candidate(id="far", skills=[claim("mfg.qc")], lat=-6.20, lon=106.85)  # ~35 km
    s = scorer([v], max_commute_km=25)
    matrix = s.score_matrix([near, far])[:, 0]
    assert matrix[0] == pytest.approx(s.score(near, v).score, abs=1e-7)
    assert matrix[1] == 0.0
    assert s.score(far, v).reasons == [
        f"commute {s.score(far, v).rows[-2].detail.split()[0]} km exceeds max_commute_km=25.0"
    ]
    top = s.top_k([near, far], k=1)
    assert top.pairs() == [("near", "v", pytest.approx(float(matrix[0])))]  # the 0.0 pair is left out


def test_bad_vacancies_are_reported_all_at_once() -> None:
    rows = [
        {"id": "a", "employer": "PT", "openings": 0},
        {"id": "b", "employer": "PT", "requirements": [{"skill": "mfg.qc", "level": 9}]},
    ]
    with pytest.raises(ValidationProblems, match=r"2 problem\(s\)") as caught:
        FitScorer(taxonomy=TAXONOMY).fit(rows)
    assert {p.record for p in caught.value.problems} == {"vacancy 'a'", "vacancy 'b'"}
