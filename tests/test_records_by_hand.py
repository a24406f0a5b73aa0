"""Records built by hand: the cell syntax and a phrase-to-level mapping where a list of skills is meant."""

from __future__ import annotations

import pydoc

import pytest
from pydantic import ValidationError

import kerja_match as km
from kerja_match import _cell_syntax
from kerja_match.models import validate_records


def test_a_claim_list_takes_cell_items_as_strings() -> None:
    by_hand = km.Candidate(id="c1", skills=["operator mesin bubut:3", "las smaw:2:certified"])
    spelled_out = km.Candidate(
        id="c1",
        skills=[
            km.SkillClaim(skill="operator mesin bubut", level=3),
            km.SkillClaim(skill="las smaw", level=2, evidence="certified"),
        ],
    )
    assert by_hand == spelled_out


def test_a_claim_list_takes_one_cell_and_a_mapping() -> None:
    one_cell = km.Candidate(id="c1", skills="operator mesin bubut:3; jangka sorong", soft_skills="disiplin:4")
    mapping = km.Candidate(
        id="c1", skills={"operator mesin bubut": 3, "jangka sorong": 1}, soft_skills={"disiplin": 4}
    )
    assert one_cell == mapping
    assert [(c.skill, c.level) for c in mapping.skills] == [("operator mesin bubut", 3), ("jangka sorong", 1)]
    # a mapping's value may carry the other attributes as a cell does
    certified = km.Candidate(id="c2", skills={"las smaw": "3:certified"})
    assert certified.skills[0].evidence is km.Evidence.CERTIFIED


def test_requirements_and_course_lists_take_the_cell_syntax() -> None:
    vacancy = km.Vacancy(id="v1", employer="PT Contoh", requirements={"bubut": 2, "k3": "1:preferred"})
    assert vacancy == km.Vacancy(id="v1", employer="PT Contoh", requirements="bubut:2; k3:1:preferred")
    assert [(r.skill, r.level, r.required) for r in vacancy.requirements] == [
        ("bubut", 2, True),
        ("k3", 1, False),
    ]
    course = km.Course(id="blk-x", title="Bubut", teaches=["bubut:2"], prerequisites="blk-a; blk-b", hours=80)
    assert course.prerequisites == ("blk-a", "blk-b")
    assert course.teaches == (km.SkillClaim(skill="bubut", level=2),)


def test_a_bad_item_by_hand_is_named() -> None:
    with pytest.raises(ValidationError, match=r"item 'bubut:x': unknown attribute 'x'"):
        km.Candidate(id="c1", skills=["bubut:x"])
    with pytest.raises(ValidationError, match="less than or equal to 5"):
        km.Candidate(id="c1", skills={"bubut": 9})


def test_a_bad_value_is_not_repeated_in_the_problem() -> None:
    _, problems = validate_records(km.Candidate, [{"id": "c1", "ktp_region": "Bekasi"}])
    (problem,) = problems
    assert problem.message.count("'Bekasi'") == 1, problem.message
    # a value the message does not show is still appended once
    _, problems = validate_records(km.Candidate, [{"id": "c2", "experience_years": 99}])
    assert problems[0].message.endswith("; got 99")


def test_help_says_what_each_field_is() -> None:
    text = pydoc.render_doc(km.Candidate, renderer=pydoc.plaintext)
    for field in km.Candidate.model_fields:
        assert f"{field} (" in text
    assert "where the ID card (KTP) was issued" in text
    assert "mesin bubut:2" in text
    assert "places to fill" in pydoc.render_doc(km.Vacancy, renderer=pydoc.plaintext)
    assert "lesson hours" in pydoc.render_doc(km.Course, renderer=pydoc.plaintext)
    schema = km.Candidate.model_json_schema()
    assert "never a NIK" in schema["properties"]["id"]["description"]


def test_the_cell_layer_knows_every_evidence_word() -> None:
    assert tuple(e.value for e in km.Evidence) == _cell_syntax.EVIDENCE_WORDS


@pytest.mark.parametrize("model", [km.Candidate, km.Vacancy, km.Course, km.SkillClaim, km.SkillRequirement])
def test_every_field_is_described(model: type) -> None:
    undescribed = [name for name, info in model.model_fields.items() if not info.description]
    assert undescribed == []
