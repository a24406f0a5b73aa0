"""Records: validation rules with pinned messages, protected attributes, batch validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kerja_match.errors import ValidationProblems
from kerja_match.models import (
    LEVEL_DESCRIPTORS,
    Candidate,
    Course,
    Education,
    Evidence,
    SkillClaim,
    SkillRequirement,
    Vacancy,
    in_region,
    parse_records,
    validate_records,
)


def test_contract_example_builds() -> None:
    cand = Candidate(
        id="c1",
        skills=[SkillClaim(skill="mesin bubut", level=2)],
        soft_skills=[SkillClaim(skill="disiplin", level=3)],
        ktp_region="32.16",
        domicile="32.16.09",
    )
    vac = Vacancy(
        id="v1",
        employer="PT Contoh",
        openings=3,
        location="32.16.19",
        requirements=[SkillRequirement(skill="bubut", level=2, required=True)],
        soft_requirements=[SkillRequirement(skill="disiplin")],
    )
    assert cand.skills[0].evidence is Evidence.SELF_DECLARED
    assert cand.is_local("32.16")
    assert vac.local_region == "32.16"
    assert vac.soft_requirements[0].level == 1
    assert vac.soft_requirements[0].required


def test_levels_have_descriptors() -> None:
    assert sorted(LEVEL_DESCRIPTORS) == [1, 2, 3, 4, 5]
    assert "BLK" in LEVEL_DESCRIPTORS[2]


@pytest.mark.parametrize("level", [0, 6, -1])
def test_level_out_of_range(level: int) -> None:
    with pytest.raises(ValidationError, match="level"):
        SkillClaim(skill="bubut", level=level)


def test_records_are_frozen_and_forbid_unknown_fields() -> None:
    claim = SkillClaim(skill="bubut")
    with pytest.raises(ValidationError, match="frozen"):
        claim.level = 3  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Candidate(id="c1", skils=[])  # type: ignore[call-arg]


@pytest.mark.parametrize("field", ["age", "gender", "religion", "marital_status", "appearance", "agama"])
def test_protected_attributes_refused(field: str) -> None:
    with pytest.raises(ValidationError, match=f"{field}: protected attribute"):
        Candidate.model_validate({"id": "c1", field: "x"})
    with pytest.raises(ValidationError, match="never used"):
        Vacancy.model_validate({"id": "v1", "employer": "PT A", field: "x"})


def test_nik_like_id_refused() -> None:
    with pytest.raises(ValidationError, match="16-digit NIK"):
        Candidate(id="3216091234567890")
    Candidate(id="c-3216")  # short digit runs are fine


def test_region_codes_validated() -> None:
    with pytest.raises(ValidationError, match=r"expected a Kemendagri region code .* got 'Cikarang'"):
        Candidate(id="c1", domicile="Cikarang")
    Candidate(id="c1", domicile="32.16.09.2001")


def test_openings_must_be_positive() -> None:
    with pytest.raises(ValidationError, match="openings"):
        Vacancy(id="v1", employer="PT A", openings=0)


def test_lat_lon_come_together_and_are_finite() -> None:
    with pytest.raises(ValidationError, match="lat and lon come together"):
        Candidate(id="c1", lat=-6.2)
    with pytest.raises(ValidationError):
        Candidate(id="c1", lat=float("nan"), lon=107.0)
    with pytest.raises(ValidationError, match="finite number"):
        SkillRequirement(skill="bubut", weight=float("inf"))


def test_course_rules() -> None:
    with pytest.raises(ValidationError, match="lists itself as a prerequisite"):
        Course(id="a", title="A", teaches=[SkillClaim(skill="x")], prerequisites=["a"], hours=10)
    with pytest.raises(ValidationError, match="kind"):
        Course(id="a", title="A", teaches=[SkillClaim(skill="x")], hours=10, kind="kursus")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="teaches"):
        Course(id="a", title="A", teaches=[], hours=10)


def test_education_rank_orders_school_levels() -> None:
    assert Education.SMK.rank == Education.SMA.rank
    assert Education.SD.rank < Education.SMP.rank < Education.SMA.rank < Education.D3.rank < Education.S1.rank


def test_in_region() -> None:
    assert in_region("32.16.09", "32.16")
    assert in_region("32.16", "32.16")
    assert not in_region("32.160", "32.16")
    assert not in_region(None, "32.16")


def test_batch_keeps_good_rows_and_reports_every_bad_one() -> None:
    rows = [
        {"id": "c1"},
        {"id": "c2", "skills": [{"skill": "bubut", "level": 9}]},
        {"id": "c1"},
        {"id": "c4", "gender": "F"},
        {"skills": []},
    ]
    good, problems = validate_records(Candidate, rows)
    assert [c.id for c in good] == ["c1"]
    text = [str(p) for p in problems]
    assert any(t.startswith("row 2: candidate 'c2': skills.0.level:") and "got 9" in t for t in text)
    assert any(t.startswith("row 3: candidate 'c1': id: duplicate id, first seen in row 1") for t in text)
    assert any("row 4: candidate 'c4'" in t and "protected attribute" in t for t in text)
    assert any(t.startswith("row 5: candidate in row 5: id: Field required") for t in text)
    with pytest.raises(ValidationProblems, match=r"invalid candidate records: 4 problem\(s\)"):
        parse_records(Candidate, rows)


def test_batch_error_survives_pickling() -> None:
    # Errors raised in a Dask worker or a subprocess cross a process boundary by pickle.
    import pickle

    with pytest.raises(ValidationProblems) as info:
        parse_records(Candidate, [{"id": "c1", "skills": [{"skill": "bubut", "level": 9}]}])
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert again.problems == info.value.problems
