"""Skill gaps of a person and of a market, against the scorer pair by pair."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_world import BUBUT, CNC, CONCEPTS, DISIPLIN, EKSPOR, K3, TAXONOMY, UKUR, candidate, vacancy
from kerja_match.errors import KerjaMatchError
from kerja_match.gaps import market_gaps, skill_gaps
from kerja_match.models import SkillRequirement, Vacancy
from kerja_match.scoring import FitScorer


def test_skill_gaps_are_the_scorers_missing_with_both_labels():
    job = vacancy("v1", [(BUBUT, 2), (K3, 2)], [(CNC, 2)])
    person = candidate("c1", [(BUBUT, 1)])
    gaps = skill_gaps(person, job, taxonomy=TAXONOMY)
    scorer = FitScorer(taxonomy=TAXONOMY).fit([job])
    assert gaps == scorer.score(person, job).missing
    assert gaps == skill_gaps(person, job, scorer=scorer)
    by_concept = {g.concept_id: g for g in gaps}
    assert (by_concept[BUBUT].current_level, by_concept[BUBUT].required_level) == (1, 2)
    assert by_concept[K3].current_level == 0
    assert by_concept[K3].label_en == "Basic occupational safety"
    assert by_concept[CNC].required is False
    assert skill_gaps(candidate("c2", [(BUBUT, 3), (K3, 2), (CNC, 2)]), job, taxonomy=TAXONOMY) == []


def reference_market(people, jobs, scorer):
    """Pair by pair through FitScorer.score: who meets each (concept, level) column's credit."""
    floor = scorer.weights_.required_min_credit
    demand_req, demand_any, holders = {}, {}, {}
    for job in jobs:
        for req in (*job.requirements, *job.soft_requirements):
            key = (req.skill, req.level)
            demand_any[key] = demand_any.get(key, 0) + job.openings
            hard = req in job.requirements
            if req.required and hard:
                demand_req[key] = demand_req.get(key, 0) + job.openings
            for person in people:
                rows = [
                    r
                    for r in scorer.score(person, job).rows
                    if r.item == req.skill and r.part in ("skills", "soft")
                ]
                if rows and rows[0].credit >= floor:
                    holders.setdefault(key, set()).add(person.id)
    return demand_req, demand_any, holders


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_market_gaps_match_the_pairwise_reference(data):
    levels = st.integers(1, 3)
    people = [
        candidate(
            f"c{i}",
            data.draw(
                st.lists(
                    st.tuples(st.sampled_from(CONCEPTS[:-1]), levels), max_size=3, unique_by=lambda t: t[0]
                )
            ),
            local=data.draw(st.booleans()),
            soft=data.draw(st.lists(st.tuples(st.just(DISIPLIN), levels), max_size=1)),
        )
        for i in range(data.draw(st.integers(0, 6)))
    ]
    jobs = []
    for k in range(data.draw(st.integers(1, 4))):
        reqs = data.draw(
            st.lists(
                st.tuples(st.sampled_from([*CONCEPTS[:-1], EKSPOR]), levels, st.booleans()),
                min_size=1,
                max_size=3,
                unique_by=lambda t: t[0],
            )
        )
        soft = data.draw(st.lists(st.tuples(st.just(DISIPLIN), levels), max_size=1))
        jobs.append(
            Vacancy(
                id=f"v{k}",
                employer="PT",
                openings=data.draw(st.integers(1, 9)),
                location="32.16.19",
                requirements=tuple(SkillRequirement(skill=s, level=lv, required=r) for s, lv, r in reqs),
                soft_requirements=tuple(SkillRequirement(skill=s, level=lv) for s, lv in soft),
            )
        )
    scorer = FitScorer(taxonomy=TAXONOMY).fit(jobs)
    result = market_gaps(people, jobs, scorer=scorer)
    demand_req, demand_any, holders = reference_market(people, jobs, scorer)
    assert {(r.concept_id, r.level) for r in result.rows} == set(demand_any)
    local = {p.id for p in people if p.is_local("32.16")}
    for row in result.rows:
        key = (row.concept_id, row.level)
        assert row.demand_required == demand_req.get(key, 0)
        assert row.demand_required + row.demand_preferred == demand_any[key]
        assert row.supply == len(holders.get(key, ()))
        assert row.supply_local == len(holders.get(key, set()) & local)
        assert row.shortage == row.demand_required - row.supply
    keys = [
        (-r.shortage, -r.demand_required, -r.demand_preferred, r.concept_id, r.level) for r in result.rows
    ]
    assert keys == sorted(keys)


def test_market_gaps_table_and_errors():
    jobs = [vacancy("v1", [(BUBUT, 2), (UKUR, 2)], openings=4), vacancy("v2", [(BUBUT, 2)], openings=2)]
    people = [candidate("c1", [(BUBUT, 2)]), candidate("c2", [(BUBUT, 3)], local=False), candidate("c3")]
    table = market_gaps(people, jobs, taxonomy=TAXONOMY)
    frame = table.to_frame()
    assert list(frame.columns) == list(table.COLUMNS)
    # equal shortage (4): the larger required demand first
    summary = [(r.concept_id, r.demand_required, r.supply, r.shortage) for r in table.rows]
    assert summary == [(BUBUT, 6, 2, 4), (UKUR, 4, 0, 4)]
    lathe = next(r for r in table.rows if r.concept_id == BUBUT)
    assert (lathe.demand_required, lathe.supply_local, lathe.supply_nonlocal) == (6, 1, 1)
    assert "Kompetensi yang paling dibutuhkan" in table.text()
    assert "Alat ukur / Measuring tools (level 2): 4 openings require it" in table.text()
    other = [jobs[0].model_copy(update={"local_region": "32.75"}), jobs[1]]
    with pytest.raises(KerjaMatchError, match="different local_region values"):
        market_gaps(people, other, taxonomy=TAXONOMY)
    scorer = FitScorer(taxonomy=TAXONOMY).fit(jobs[:1])
    with pytest.raises(KerjaMatchError, match="scorer was fitted on other vacancies"):
        market_gaps(people, jobs, scorer=scorer)
