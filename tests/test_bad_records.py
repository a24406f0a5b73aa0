"""Bad records: each gives an error naming the record, the field and the value; a batch reports all.

Every entry point that takes records as mappings (``parse_records``/``validate_records``, the readers,
``FitScorer.fit``/``score``, ``place``, ``CourseRecommender``) turns pydantic's ValidationError into
``ValidationProblems`` (a KerjaMatchError) with one ``Problem`` per bad field of every bad row.
Building one record directly (``Candidate(...)``) raises pydantic's own ValidationError, which names
the model, the field and the input: see test_direct_construction_raises_pydantic_error_naming_field.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kerja_match.courses import CourseRecommender
from kerja_match.datasets import bekasi_regions
from kerja_match.errors import KerjaMatchError, ValidationProblems, short_repr
from kerja_match.geo import check_regions
from kerja_match.io import read_candidates, read_courses, read_vacancies
from kerja_match.models import (
    PROTECTED_ATTRIBUTES,
    Candidate,
    Course,
    SkillClaim,
    SkillRequirement,
    Vacancy,
    parse_records,
    validate_records,
)
from kerja_match.placement import place
from kerja_match.scoring import FitScorer
from kerja_match.taxonomy import Taxonomy

GAZETTEER = bekasi_regions()
TAXONOMY = Taxonomy(
    [
        {"id": "bubut", "label": "mesin bubut"},
        {"id": "las", "label": "pengelasan"},
        {"id": "disiplin", "label": "disiplin", "kind": "soft"},
    ],
    name="bad-records",
)
CANDIDATE = {
    "id": "c-001",
    "skills": [{"skill": "bubut", "level": 2}],
    "ktp_region": "32.16",
    "domicile": "32.16.09",
}
VACANCY = {
    "id": "v-001",
    "employer": "PT Satu",
    "openings": 2,
    "requirements": [{"skill": "bubut", "level": 2}],
}
COURSE = {"id": "blk-1", "title": "Bubut dasar", "teaches": [{"skill": "bubut", "level": 2}], "hours": 120}
GOOD = {Candidate: CANDIDATE, Vacancy: VACANCY, Course: COURSE}
NAN, INF = math.nan, math.inf

# (model, fields changed on a good record, the field the problem names, what the message says)
BAD: list[tuple[type, dict[str, Any], str, str]] = [
    # levels out of range, and levels that are not whole numbers
    (Candidate, {"skills": [{"skill": "bubut", "level": 0}]}, "skills.0.level", "greater than or equal to 1"),
    (Candidate, {"skills": [{"skill": "bubut", "level": 6}]}, "skills.0.level", "less than or equal to 5"),
    (
        Candidate,
        {"skills": [{"skill": "bubut", "level": -1}]},
        "skills.0.level",
        "greater than or equal to 1",
    ),
    (Candidate, {"skills": [{"skill": "bubut", "level": 2.5}]}, "skills.0.level", "fractional part"),
    (
        Candidate,
        {"soft_skills": [{"skill": "disiplin", "level": 100}]},
        "soft_skills.0.level",
        "less than or equal to 5",
    ),
    (
        Vacancy,
        {"requirements": [{"skill": "bubut", "level": 9}]},
        "requirements.0.level",
        "less than or equal to 5",
    ),
    (Course, {"teaches": [{"skill": "bubut", "level": 0}]}, "teaches.0.level", "greater than or equal to 1"),
    # negative and zero openings, seats, hours
    (Vacancy, {"openings": -3}, "openings", "greater than or equal to 1"),
    (Vacancy, {"openings": 0}, "openings", "greater than or equal to 1"),
    (Vacancy, {"openings": 100_001}, "openings", "less than or equal to 100000"),
    (Course, {"seats": -16}, "seats", "greater than or equal to 1"),
    (Course, {"hours": -40}, "hours", "greater than 0"),
    (Course, {"cost": -1.0}, "cost", "greater than or equal to 0"),
    (Candidate, {"experience_years": -2}, "experience_years", "greater than or equal to 0"),
    # NaN and infinity
    (Candidate, {"experience_years": NAN}, "experience_years", "finite number"),
    (Candidate, {"lat": INF, "lon": 107.1}, "lat", "finite number"),
    (Candidate, {"lat": -6.2, "lon": -INF}, "lon", "finite number"),
    (
        Vacancy,
        {"requirements": [{"skill": "bubut", "weight": NAN}]},
        "requirements.0.weight",
        "finite number",
    ),
    (Vacancy, {"openings": NAN}, "openings", "finite number"),
    (Course, {"hours": INF}, "hours", "finite number"),
    (Course, {"cost": NAN}, "cost", "finite number"),
    (Candidate, {"skills": [{"skill": "bubut", "level": NAN}]}, "skills.0.level", "finite number"),
    # wrong types
    (Candidate, {"id": 12345}, "id", "valid string"),
    (Candidate, {"skills": 42}, "skills", "valid tuple"),
    (Candidate, {"skills": [42]}, "skills.0", "valid dictionary"),
    (Candidate, {"skills": [{"skill": "bubut", "level": "tinggi"}]}, "skills.0.level", "valid integer"),
    (Candidate, {"skills": [{"skill": "bubut", "level": True}]}, "skills.0.level", "not a boolean"),
    (
        Candidate,
        {"skills": [{"skill": "bubut", "evidence": "rumour"}]},
        "skills.0.evidence",
        "Input should be",
    ),
    (Candidate, {"education": "SMK2"}, "education", "Input should be"),
    (Candidate, {"lat": "utara", "lon": 107.0}, "lat", "valid number"),
    (Candidate, {"domicile": 3216}, "domicile", "valid string"),
    (Vacancy, {"openings": "tiga"}, "openings", "valid integer"),
    (Vacancy, {"openings": True}, "openings", "not a boolean"),
    (Vacancy, {"requirements": {"skill": "bubut"}}, "requirements", "not one skill's fields"),
    (
        Vacancy,
        {"requirements": [{"skill": "bubut", "required": "maybe"}]},
        "requirements.0.required",
        "valid boolean",
    ),
    (Course, {"kind": "kursus"}, "kind", "'pelatihan' or 'pemagangan'"),
    (Course, {"prerequisites": 7}, "prerequisites", "valid tuple"),
    (Course, {"teaches": []}, "teaches", "a course teaches at least one skill"),
    (Course, {"hours": True}, "hours", "not a boolean"),
    # malformed region codes (well-formed but unknown ones: see check_regions below)
    (Candidate, {"ktp_region": "Bekasi"}, "ktp_region", "Kemendagri region code"),
    (Candidate, {"domicile": "32.16.9"}, "domicile", "Kemendagri region code"),
    (Vacancy, {"location": "3216"}, "location", "Kemendagri region code"),
    (Course, {"location": "32-16"}, "location", "Kemendagri region code"),
    # unknown fields: typos
    (Candidate, {"skils": []}, "skils", "Extra inputs are not permitted"),
    (Vacancy, {"salary": 5_000_000}, "salary", "Extra inputs are not permitted"),
    (Course, {"duration_days": 16}, "duration_days", "Extra inputs are not permitted"),
    # empty text and privacy
    (Candidate, {"id": "  "}, "id", "at least 1 character"),
    (Vacancy, {"employer": ""}, "employer", "at least 1 character"),
    (Candidate, {"id": "3216091203900001"}, "id", "pseudonymous id"),
    # a record that is not a record
    (Course, {"id": "blk-self", "prerequisites": ["blk-self"]}, "(record)", "lists itself as a prerequisite"),
    (Candidate, {"lat": -6.2}, "(record)", "lat and lon come together"),
]
# protected attributes, however they are written
PROTECTED = ["age", "Usia", "gender", "JENIS_KELAMIN", "jenis kelamin", "agama", "religion", "marital_status",
             "status perkawinan", "tinggi_badan", "foto", "tanggal-lahir"]  # fmt: skip
# required fields left out
MISSING = [(Candidate, "id"), (Vacancy, "id"), (Vacancy, "employer"), (Course, "teaches"), (Course, "hours"),
           (Course, "title")]  # fmt: skip


def bad_row(model: type, change: dict[str, Any], rid: str | None = None) -> dict[str, Any]:
    row = {**GOOD[model], **change}
    if rid is not None and "id" not in change:
        row["id"] = rid
    return row


def kind(model: type) -> str:
    return model.__name__.lower()


@pytest.mark.parametrize(("model", "change", "field", "message"), BAD)
def test_each_bad_record_names_the_record_the_field_and_the_value(
    model: type, change: dict, field: str, message: str
) -> None:
    row = bad_row(model, change)
    with pytest.raises(ValidationProblems) as caught:
        parse_records(model, [row])
    problems = caught.value.problems
    assert [p.field for p in problems] == [field]
    problem = problems[0]
    assert message in problem.message
    assert problem.row == 1
    rid = row["id"]
    if isinstance(rid, str) and rid.strip() and field != "id":
        assert problem.record == f"{kind(model)} {rid!r}"
    if field != "(record)":  # the value that came, in the message and on the problem
        assert "got " in problem.message
        assert problem.message.count(f"got {short_repr(problem.value)}") <= 1  # never "got x; got x"
        came = _lookup(row, field)
        if field == "id" and "pseudonymous" in message:
            assert problem.value == "3216••••••••0001"
            assert "3216091203900001" not in str(caught.value)
        elif isinstance(came, float) and math.isnan(came):
            assert math.isnan(problem.value)
        else:
            assert problem.value == came


def _lookup(row: dict, field: str) -> Any:
    value: Any = row
    for part in field.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


@pytest.mark.parametrize("name", PROTECTED)
@pytest.mark.parametrize("model", [Candidate, Vacancy, Course])
def test_protected_attributes_are_refused_saying_they_are_never_used(model: type, name: str) -> None:
    with pytest.raises(ValidationProblems) as caught:
        parse_records(model, [bad_row(model, {name: "P"})])
    (problem,) = caught.value.problems
    assert problem.field == name
    assert "never used by kerja_match" in problem.message
    assert problem.value is None  # a protected value is personal data: not repeated
    assert "'P'" not in str(caught.value)
    assert name.casefold().replace(" ", "_").replace("-", "_") in PROTECTED_ATTRIBUTES


@pytest.mark.parametrize(("model", "field"), MISSING)
def test_missing_required_fields_are_named(model: type, field: str) -> None:
    row = {k: v for k, v in GOOD[model].items() if k != field}
    with pytest.raises(ValidationProblems) as caught:
        parse_records(model, [row])
    (problem,) = caught.value.problems
    assert problem.field == field
    assert problem.message.startswith("Field required")
    expected = f"{kind(model)} in row 1" if field == "id" else f"{kind(model)} {row['id']!r}"
    assert problem.record == expected


def test_a_batch_reports_every_bad_row_at_once_and_keeps_the_good_ones() -> None:
    for model in (Candidate, Vacancy, Course):
        cases = [(change, field) for m, change, field, _ in BAD if m is model]
        rows: list[dict[str, Any]] = []
        for n, (change, _) in enumerate(cases):
            rows.append(bad_row(model, change, rid=f"bad-{n}"))
            rows.append(bad_row(model, {}, rid=f"good-{n}"))
        rows.append(bad_row(model, {}, rid="good-0"))  # a duplicate id
        good, problems = validate_records(model, rows)
        assert [r.id for r in good] == [f"good-{n}" for n in range(len(cases))]
        reported_rows = sorted({p.row for p in problems})
        assert reported_rows == [2 * n + 1 for n in range(len(cases))] + [len(rows)]
        assert problems[-1].field == "id"
        assert problems[-1].message == "duplicate id, first seen in row 2"
        with pytest.raises(ValidationProblems, match=rf"{len(problems)} problem\(s\)"):
            parse_records(model, rows)


@pytest.mark.parametrize(
    ("reader", "model"), [(read_candidates, Candidate), (read_vacancies, Vacancy), (read_courses, Course)]
)
def test_readers_report_every_bad_record_of_a_file(tmp_path: Path, reader: Any, model: type) -> None:
    """JSON carries every case (CSV cells cannot hold NaN or a dict); a reader keeps the good rows."""
    cases = [
        (change, field)
        for m, change, field, _ in BAD
        if m is model and field not in ("skils", "salary", "duration_days")
    ]
    rows = []
    for n, (change, _) in enumerate(cases):
        rows.append(bad_row(model, change, rid=f"bad-{n}"))
        rows.append(bad_row(model, {}, rid=f"good-{n}"))
    path = tmp_path / "records.json"
    path.write_text(json.dumps(rows, allow_nan=True), encoding="utf-8")
    result = reader(path)
    assert [r.id for r in result.records] == [f"good-{n}" for n in range(len(cases))]
    assert sorted({p.row for p in result.problems}) == [2 * n + 1 for n in range(len(cases))]
    for n, (_, field) in enumerate(cases):
        fields = {p.field for p in result.problems if p.row == 2 * n + 1}
        assert field in fields, (n, field, fields)
    with pytest.raises(ValidationProblems):
        reader(path, strict=True)


# -- entry points that take mappings ----------------------------------------------------------------


def test_scorer_fit_and_score_report_bad_records() -> None:
    vacancies = [bad_row(Vacancy, {"openings": 0}, rid="v-0"), VACANCY, bad_row(Vacancy, {"location": "x"}, rid="v-2"),
                 VACANCY]  # fmt: skip
    scorer = FitScorer(taxonomy=TAXONOMY, gazetteer=GAZETTEER)
    with pytest.raises(ValidationProblems) as caught:
        scorer.fit(vacancies)
    assert [(p.record, p.field, p.row) for p in caught.value.problems] == [
        ("vacancy 'v-0'", "openings", 1),
        ("vacancy 'v-2'", "location", 3),
        ("vacancy 'v-001'", "id", 4),
    ]
    scorer.fit([VACANCY])
    with pytest.raises(ValidationProblems, match=r"candidate 'c-001': skills.0.level: Input should be less"):
        scorer.score(bad_row(Candidate, {"skills": [{"skill": "bubut", "level": 7}]}), VACANCY)
    with pytest.raises(ValidationProblems, match=r"candidate in row 2: \(record\)"):
        scorer.score_matrix([CANDIDATE, "c-002"])


def test_place_reports_duplicate_ids_of_both_sides_at_once() -> None:
    cands = [Candidate(id="c1"), Candidate(id="c2"), Candidate(id="c1")]
    vacs = [Vacancy(id="v1", employer="PT A"), Vacancy(id="v1", employer="PT B")]
    with pytest.raises(ValidationProblems, match="duplicate id, first seen in row 1") as caught:
        place(cands, vacs, np.zeros((3, 2)))
    assert [(p.record, p.row) for p in caught.value.problems] == [("candidate 'c1'", 3)]
    with pytest.raises(ValidationProblems, match="vacancy 'v1'"):
        place(cands[:2], vacs, np.zeros((2, 2)))
    # mappings (a DataFrame's rows) are validated like records, every problem named
    with pytest.raises(ValidationProblems, match=r"candidate 'c9': skills.0.level"):
        place([{"id": "c9", "skills": "bubut:9"}], vacs[:1], np.zeros((1, 1)))
    with pytest.raises(KerjaMatchError, match="expected Candidate records, got int"):
        place([7], vacs[:1], np.zeros((1, 1)))


def test_course_catalogue_reports_every_bad_course_and_cycle() -> None:
    courses = [
        bad_row(Course, {"hours": 0}, rid="blk-a"),
        bad_row(Course, {"prerequisites": ["blk-x"]}, rid="blk-b"),
        bad_row(Course, {}, rid="blk-b"),
        bad_row(Course, {"teaches": [{"skill": "bukan-konsep"}]}, rid="blk-c"),
    ]
    with pytest.raises(ValidationProblems) as caught:
        CourseRecommender(courses, taxonomy=TAXONOMY)
    found = {(p.record, p.field) for p in caught.value.problems}
    assert found == {("course 'blk-a'", "hours"), ("course 'blk-b'", "id"), ("course 'blk-b'", "prerequisites"),
                     ("course 'blk-c'", "teaches")}  # fmt: skip
    cycle = [
        bad_row(Course, {"prerequisites": ["blk-2"]}, rid="blk-1"),
        bad_row(Course, {"prerequisites": ["blk-1"]}, rid="blk-2"),
    ]
    with pytest.raises(ValidationProblems, match=r"cycle: blk-1 -> blk-2 -> blk-1"):
        CourseRecommender(cycle, taxonomy=TAXONOMY)


# -- unknown region codes -----------------------------------------------------------------------


def test_unknown_region_codes_are_named_by_check_regions() -> None:
    records = [
        Candidate(id="c1", domicile="32.16.09", ktp_region="33.01"),  # a Central Java KTP is fine
        Candidate(id="c2", domicile="35.78.01"),  # Surabaya: not in the Bekasi gazetteer
        Vacancy(id="v1", employer="PT A", location="32.16.99"),  # no such kecamatan; its kabupaten is listed
        Vacancy(id="v2", employer="PT A", location="32.16.19", local_region="99"),
        Course(id="k1", title="t", teaches=[SkillClaim(skill="bubut")], hours=10, location="11.01"),
    ]
    problems = check_regions(records, GAZETTEER)
    assert [(p.record, p.field, p.value) for p in problems] == [
        ("candidate 'c2'", "domicile", "35.78.01"),
        ("vacancy 'v2'", "local_region", "99"),
        ("course 'k1'", "location", "11.01"),
    ]
    assert problems[0].message == "region code '35.78.01' is not in the gazetteer (129 regions)"
    exact = check_regions(records, GAZETTEER, exact=True)
    assert ("vacancy 'v1'", "location", "32.16.99") in [(p.record, p.field, p.value) for p in exact]
    assert "only its ancestor '32.16' is" in exact[1].message
    village = Candidate(id="c3", domicile="32.16.09.2001")  # a village within a listed kecamatan
    assert check_regions([village], GAZETTEER, exact=True) == []
    # a KTP from anywhere in Indonesia is valid, so ktp_region is checked only when asked
    ktp = check_regions(records, GAZETTEER, fields=("ktp_region",))
    assert [(p.record, p.field, p.value) for p in ktp] == [("candidate 'c1'", "ktp_region", "33.01")]


def test_scorer_notes_an_unknown_place_and_keeps_the_commute_neutral() -> None:
    scorer = FitScorer(taxonomy=TAXONOMY, gazetteer=GAZETTEER).fit([bad_row(Vacancy, {"location": "35.78"})])
    assert any("'35.78' unknown; commute is neutral" in note for note in scorer.notes_)
    fit = scorer.score(bad_row(Candidate, {"domicile": "35.78.01"}), scorer.vacancies_[0])
    assert any("domicile '35.78.01' is not in the gazetteer" in note for note in fit.notes)
    assert [r.part for r in fit.explain() if r.part == "commute" and r.weight > 0] == []


# -- single records ----------------------------------------------------------------------------


def test_direct_construction_raises_pydantic_error_naming_field() -> None:
    """Decision: ``Candidate(...)`` raises pydantic's ValidationError (a ValueError, not a
    KerjaMatchError): it names the model and the field (not the input, which may be personal data:
    a NIK typed into a region field), and wrapping it would mean
    overriding pydantic's constructor. Every library entry point that takes mappings wraps it."""
    with pytest.raises(ValidationError) as caught:
        Vacancy(id="v17", employer="PT A", openings=0)
    text = str(caught.value)
    assert "1 validation error for Vacancy\nopenings\n  Input should be greater than or equal to 1" in text
    assert "input_value" not in text  # the input may be personal data: hide_input_in_errors
    assert isinstance(caught.value, ValueError)
    assert issubclass(KerjaMatchError, ValueError)  # `except ValueError` catches both
    with pytest.raises(ValidationError, match="skill\n  Field required"):
        SkillRequirement(level=2)  # type: ignore[call-arg]


# -- hypothesis: any single bad field of a good record ------------------------------------------

BAD_VALUES: dict[str, list[Any]] = {
    "level": [0, 6, -5, 2.5, NAN, INF, "dua", None, True, [], {}],
    "openings": [0, -1, 100_001, 1.5, NAN, -INF, "3 orang", None, False, [1]],
    "experience_years": [-1, 61, NAN, INF, "lama", True, []],
    "ktp_region": ["", "3216", "Bekasi", "32.16.", "32.16.9", 32.16, []],
    "id": ["", " ", 7, None, "3216091203900001", "a" * 1001, ["c1"]],
}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(BAD_VALUES)).flatmap(lambda f: st.tuples(st.just(f), st.sampled_from(BAD_VALUES[f]))),
       st.integers(0, 4), st.integers(1, 4))  # fmt: skip
def test_fuzz_any_bad_field_in_a_batch_is_reported_where_it_is(
    case: tuple, position: int, n_good: int
) -> None:
    field, value = case
    goods: list[dict[str, Any]] = [
        {"id": f"c-{n}", "skills": [{"skill": "bubut", "level": 2}]} for n in range(n_good)
    ]
    if field == "level":
        model, bad = Candidate, {"id": "c-bad", "skills": [{"skill": "bubut", "level": value}]}
        goods = [{"id": f"c-{n}", "skills": [{"skill": "bubut", "level": 2}]} for n in range(n_good)]
    elif field == "openings":
        model, bad = Vacancy, {"id": "c-bad", "employer": "PT A", "openings": value}
        goods = [{"id": f"c-{n}", "employer": "PT A"} for n in range(n_good)]
    else:
        model, bad = Candidate, {"id": "c-bad", field: value}
    rows = [*goods[:position], bad, *goods[position:]]
    good, problems = validate_records(model, rows)
    assert len(good) == n_good  # nothing lost: every good row kept
    assert problems
    row = min(position, n_good) + 1
    assert {p.row for p in problems} == {row}
    assert all(p.field.split(".")[0] in (field, "skills") for p in problems)
    assert all(p.message for p in problems)
