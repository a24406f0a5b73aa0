"""Properties that must hold on any market: generated small markets, the real scorer, placer and planner.

Each property is checked on markets hypothesis draws (a handful of concepts, 1-12 candidates and 1-6
vacancies, skills written as concept ids or as text the real SkillNormalizer resolves or abstains on).
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strategies
from kerja_match.courses import CourseRecommender
from kerja_match.datasets import bekasi_regions
from kerja_match.models import Candidate, Course, SkillClaim, SkillRequirement, Vacancy
from kerja_match.normalize import SkillNormalizer
from kerja_match.placement import local_reserves, place
from kerja_match.scoring import FitScorer, ScoringWeights
from kerja_match.taxonomy import Taxonomy

GAZETTEER = bekasi_regions()
TAXONOMY = Taxonomy(
    [
        {"id": "mfg", "label": "manufaktur", "labels": {"en": "manufacturing"}},
        {"id": "mfg.mach", "label": "pemesinan", "labels": {"en": "machining"}, "broader": ["mfg"]},
        {"id": "mfg.mach.bubut", "label": "mesin bubut", "labels": {"en": "lathe"}, "broader": ["mfg.mach"]},
        {
            "id": "mfg.mach.cnc",
            "label": "mesin cnc",
            "labels": {"en": "cnc machining"},
            "broader": ["mfg.mach"],
        },
        {"id": "mfg.weld", "label": "pengelasan", "labels": {"en": "welding"}, "broader": ["mfg"]},
        {"id": "mfg.qc", "label": "alat ukur", "labels": {"en": "measuring tools"}, "broader": ["mfg"]},
        {"id": "office.excel", "label": "microsoft excel"},
        {"id": "soft.disiplin", "label": "disiplin", "labels": {"en": "discipline"}, "kind": "soft"},
        {"id": "soft.komunikasi", "label": "komunikasi", "kind": "soft"},
    ],
    name="properties",
)
HARD = [c.id for c in TAXONOMY if c.kind == "hard"]
SOFT = [c.id for c in TAXONOMY if c.kind == "soft"]
# text the normaliser resolves ("mesin bubut") and text it abstains on ("gaji UMK"): both must behave
PHRASES = ["mesin bubut", "las listrik", "alat ukur", "gaji UMK", "kerja keras"]
PLACES = [None, "32.16", "32.16.09", "32.16.19", "32.75.01", "32.15", "35.78"]
EMPLOYERS = ["PT Satu", "PT Dua", "CV Tiga"]
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def normalizer() -> SkillNormalizer:
    return SkillNormalizer().fit(TAXONOMY)


def make_scorer(vacancies: list[Vacancy], weights: ScoringWeights) -> FitScorer:
    return FitScorer(taxonomy=TAXONOMY, gazetteer=GAZETTEER, weights=weights, normalizer=normalizer()).fit(
        vacancies
    )


levels = st.integers(1, 5)
skills = st.sampled_from(HARD + SOFT) | st.sampled_from(PHRASES)
claims = strategies.skill_claims(HARD + SOFT + PHRASES, evidence=["self_declared", "training", "certified"])
requirements = strategies.skill_requirements(HARD + SOFT + PHRASES)
weights = strategies.scoring_weights(
    required_policy=["weight", "gate", "penalty"],
    specificity=[False, True],
    max_commute_km=[None, 25.0],
    focus=[0.0, 2.0],
    relative_fit=[0.0, 0.5],
)


def candidate(i: int) -> st.SearchStrategy[Candidate]:
    return strategies.candidates(
        i,
        claims=claims,
        places=PLACES,
        where=strategies.coords((-6.5, -6.1), (106.9, 107.3)),
        id_format="c{i:02d}",
    )


def vacancy(j: int) -> st.SearchStrategy[Vacancy]:
    return strategies.vacancies(
        j,
        requirements=requirements,
        soft_requirements=requirements,
        places=PLACES,
        local_regions=["32.16", "32.16", "32.75"],
        employers=EMPLOYERS,
        openings=st.integers(1, 3),
        max_requirements=3,
        max_soft=1,
        where=st.none(),
        id_format="v{j:02d}",
    )


@st.composite
def markets(
    draw: st.DrawFn, max_candidates: int = 12
) -> tuple[list[Candidate], list[Vacancy], ScoringWeights]:
    cands, vacs = draw(strategies.markets(candidate, vacancy, n_candidates=(1, max_candidates)))
    return cands, vacs, draw(weights)


# -- scores ---------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(markets())
def test_every_score_is_in_unit_interval_and_explains_itself(market: tuple) -> None:
    cands, vacs, w = market
    scorer = make_scorer(vacs, w)
    matrix = scorer.score_matrix(cands)
    assert matrix.shape == (len(cands), len(vacs))
    assert np.isfinite(matrix).all()
    assert ((matrix >= 0) & (matrix <= 1)).all()
    for i, cand in enumerate(cands):
        for j, vac in enumerate(vacs):
            fit = scorer.score(cand, vac)
            assert 0.0 <= fit.score <= 1.0
            assert 0.0 <= fit.confidence <= 1.0
            rows = fit.explain()
            assert math.isclose(sum(r.contribution for r in rows), fit.score, abs_tol=1e-9)
            assert math.isclose(sum(fit.components.values()), fit.score, abs_tol=1e-9)
            assert all(0.0 <= r.credit <= 1.0 for r in rows)
            assert math.isclose(float(matrix[i, j]), fit.score, abs_tol=1e-6)
            assert fit.eligible or fit.score == 0.0 or w.required_policy in ("penalty", "weight")


@st.composite
def market_and_pick(draw: st.DrawFn) -> tuple:
    cands, vacs, w = draw(markets(max_candidates=4))
    i = draw(st.integers(0, len(cands) - 1))
    asked = [r for v in vacs for r in (*v.requirements, *v.soft_requirements)]
    added = draw(st.sampled_from(asked)) if asked else SkillRequirement(skill=draw(skills))
    return cands, vacs, w, i, added, draw(levels), draw(st.sampled_from(["self_declared", "certified"]))


@PROPERTY_SETTINGS
@given(market_and_pick())
def test_adding_a_required_skill_never_lowers_any_score(case: tuple) -> None:
    cands, vacs, w, i, asked, level, evidence = case
    # the fit before the relative factor: that factor compares with the candidate's best fit, which
    # a new skill may raise elsewhere; docs/scoring.md says so
    scorer = make_scorer(vacs, w.model_copy(update={"relative_fit": 0.0}))
    before = scorer.score_matrix([cands[i]])[0]
    gained = SkillClaim(skill=asked.skill, level=level, evidence=evidence)
    after_cand = cands[i].model_copy(update={"skills": (*cands[i].skills, gained)})
    after = scorer.score_matrix([after_cand])[0]
    # with focus, a skill a vacancy does not ask for (as a hard requirement) lowers that focus
    asks = [
        w.focus == 0 or any(r.skill == asked.skill and r.weight != 0 for r in v.requirements) for v in vacs
    ]
    assert (after[asks] >= before[asks] - 1e-6).all(), (before, after)
    # holding exactly what a vacancy asks, at its level, never leaves that requirement missing
    exact = SkillClaim(skill=asked.skill, level=asked.level, evidence="certified")
    holder = cands[i].model_copy(update={"skills": (*cands[i].skills, exact)})
    for vac in vacs:
        if asked in (*vac.requirements, *vac.soft_requirements):
            missing = scorer.score(holder, vac).missing
            assert not [g for g in missing if g.phrase == asked.skill and g.required_level <= asked.level]


@PROPERTY_SETTINGS
@given(market_and_pick(), st.integers(1, 4))
def test_raising_a_level_never_lowers_any_score(case: tuple, raise_by: int) -> None:
    cands, vacs, w, i, *_ = case
    cand = cands[i]
    if not cand.skills:
        cand = cand.model_copy(update={"skills": (SkillClaim(skill="mfg.mach.bubut", level=1),)})
    scorer = make_scorer(vacs, w.model_copy(update={"relative_fit": 0.0}))  # the fit, as above
    before = scorer.score_matrix([cand])[0]
    for k, claim in enumerate(cand.skills):
        higher = claim.model_copy(update={"level": min(5, claim.level + raise_by)})
        raised = cand.model_copy(update={"skills": (*cand.skills[:k], higher, *cand.skills[k + 1 :])})
        after = scorer.score_matrix([raised])[0]
        assert (after >= before - 1e-6).all(), (claim, before, after)


@PROPERTY_SETTINGS
@given(markets(), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_record_order(market: tuple, rnd) -> None:
    cands, vacs, w = market
    matrix = make_scorer(vacs, w).score_matrix(cands)
    c_order, v_order = list(range(len(cands))), list(range(len(vacs)))
    rnd.shuffle(c_order)
    rnd.shuffle(v_order)
    shuffled = make_scorer([vacs[j] for j in v_order], w).score_matrix([cands[i] for i in c_order])
    np.testing.assert_array_equal(shuffled, matrix[np.ix_(c_order, v_order)])


@PROPERTY_SETTINGS
@given(markets())
def test_same_input_same_output(market: tuple) -> None:
    cands, vacs, w = market
    first, second = make_scorer(vacs, w), make_scorer(vacs, w)
    np.testing.assert_array_equal(first.score_matrix(cands), second.score_matrix(cands))
    top_a, top_b = first.top_k(cands, k=3), second.top_k(cands, k=3)
    np.testing.assert_array_equal(top_a.indices, top_b.indices)
    assert first.score(cands[0], vacs[0]) == second.score(cands[0], vacs[0])
    kwargs = {"min_score": 0.3, "local_quota": 0.3}
    assert place(cands, vacs, first, **kwargs).assignments == place(cands, vacs, second, **kwargs).assignments


# -- placement ------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    markets(),
    st.sampled_from(["optimal", "stable"]),
    st.sampled_from([0.0, 0.2, 0.5]),
    st.sampled_from([None, 0.3, 1.0]),
    st.randoms(use_true_random=False),
)
def test_placement_respects_openings_min_score_and_reports_every_shortfall(
    market: tuple, method: str, min_score: float, quota: float | None, rnd
) -> None:
    cands, vacs, w = market
    scorer = make_scorer(vacs, w)
    scores = scorer.score_matrix(cands)
    plan = place(cands, vacs, scorer, method=method, min_score=min_score, local_quota=quota)
    by_cand = {c.id: i for i, c in enumerate(cands)}
    by_vac = {v.id: j for j, v in enumerate(vacs)}
    filled = Counter(vid for _, vid, _ in plan.assignments)
    assert all(filled[v.id] <= v.openings for v in vacs)
    placed = [cid for cid, _, _ in plan.assignments]
    assert len(placed) == len(set(placed))
    for cid, vid, score in plan.assignments:
        assert score > 0
        assert score >= min_score
        assert score == float(scores[by_cand[cid], by_vac[vid]])
    # nothing lost: every candidate is placed or listed unplaced with a reason, exactly once
    unplaced = [cid for cid, reason in plan.unplaced if reason]
    assert sorted(placed + unplaced) == sorted(c.id for c in cands)
    # every reserved opening a local did not take is reported, per employer and in total
    reserves = local_reserves(vacs, quota) if quota is not None else {}
    local = Counter(
        vid
        for cid, vid, _ in plan.assignments
        if cands[by_cand[cid]].is_local(vacs[by_vac[vid]].local_region)
    )
    short = Counter()
    for v in vacs:
        short[v.employer] += max(0, reserves.get(v.id, 0) - local[v.id])
    summary = plan.summary()
    assert {e.employer: e.shortfall for e in summary.employers} == {
        e: short[e] for e in {v.employer for v in vacs}
    }
    assert summary.reserve_shortfall == sum(short.values())
    assert summary.unfilled_openings == sum(v.openings for v in vacs) - len(plan.assignments)
    # the same market in another order gives the same placement
    c_order, v_order = list(range(len(cands))), list(range(len(vacs)))
    rnd.shuffle(c_order)
    rnd.shuffle(v_order)
    again = place(
        [cands[i] for i in c_order],
        [vacs[j] for j in v_order],
        scores[np.ix_(c_order, v_order)],
        method=method,
        min_score=min_score,
        local_quota=quota,
    )
    assert sorted(again.assignments) == sorted(plan.assignments)


# -- training plans -------------------------------------------------------------------------------


def catalogue() -> list[Course]:
    def course(cid: str, teaches: list[tuple[str, int]], hours: float, prerequisites: tuple = ()) -> Course:
        return Course(
            id=cid,
            title=cid,
            teaches=[SkillClaim(skill=s, level=lv, evidence="training") for s, lv in teaches],
            hours=hours,
            prerequisites=prerequisites,
        )

    return [
        course("blk-bubut-1", [("mfg.mach.bubut", 2)], 120),
        course("blk-bubut-2", [("mfg.mach.bubut", 4)], 160, ("blk-bubut-1",)),
        course("blk-cnc", [("mfg.mach.cnc", 3)], 200, ("blk-bubut-1",)),
        course("blk-las", [("mfg.weld", 3)], 240),
        course("blk-ukur", [("mfg.qc", 3)], 40),
        course("blk-excel", [("office.excel", 3)], 60),
        course("blk-sikap", [("soft.disiplin", 3), ("soft.komunikasi", 2)], 24),
    ]


CATALOGUE = catalogue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    markets(max_candidates=10),
    st.fixed_dictionaries({c.id: st.integers(0, 3) for c in CATALOGUE}),
    st.sampled_from(["greedy", "milp"]),
    st.sampled_from(["local_first", "none"]),
)
def test_training_plan_never_exceeds_seats_or_openings(
    market: tuple, seats: dict, method: str, policy: str
) -> None:
    cands, vacs, w = market
    # a cohort plan serves one office, so one local region (mixed ones are refused with a clear error)
    vacs = [v.model_copy(update={"local_region": "32.16"}) for v in vacs]
    scorer = make_scorer(vacs, w)
    rec = CourseRecommender(CATALOGUE, taxonomy=TAXONOMY, scorer=scorer, threshold=0.5)
    plan = rec.plan_training(cands, vacs, seats=seats, method=method, policy=policy)
    taken = Counter(course for _, courses, _ in plan.assignments for course in courses)
    for course in CATALOGUE:
        assert plan.seats[course.id] == seats[course.id]
        assert taken[course.id] == plan.seats_used[course.id] <= seats[course.id]
    trainees = [cid for cid, _, _ in plan.assignments]
    assert len(trainees) == len(set(trainees))
    assert plan.placements_before <= plan.placements_after <= sum(v.openings for v in vacs)
    expected = Counter(vid for _, _, vid in plan.assignments)
    openings = {v.id: v.openings for v in vacs}
    assert all(expected[vid] <= openings[vid] for vid in expected)


def test_exact_cohort_plan_with_nobody_to_train_is_empty() -> None:
    """Regression: the MILP planner crashed in scipy (empty problem) when no option existed."""
    vac = Vacancy(id="v1", employer="PT Satu", requirements=[SkillRequirement(skill="mfg.weld", level=3)])
    cand = Candidate(id="c1")
    rec = CourseRecommender(CATALOGUE, taxonomy=TAXONOMY, scorer=make_scorer([vac], ScoringWeights()))
    plan = rec.plan_training([cand], [vac], seats={c.id: 0 for c in CATALOGUE}, method="milp")
    assert plan.assignments == ()
    assert plan.placements_after == plan.placements_before == 0
