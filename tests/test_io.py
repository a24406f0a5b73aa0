"""Readers and writers: exact round trips, the skill-cell syntax, and a report for every bad row."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerja_match.errors import KerjaMatchError, ValidationProblems
from kerja_match.io import (
    CANDIDATE_COLUMNS,
    COURSE_COLUMNS,
    VACANCY_COLUMNS,
    ReadResult,
    read_candidates,
    read_courses,
    read_vacancies,
    write_candidates,
    write_courses,
    write_problems,
    write_vacancies,
)
from kerja_match.io._cells import (
    CellSyntaxError,
    format_claims,
    format_list,
    format_requirements,
    parse_claim,
    parse_list,
    parse_requirement,
    split_items,
)
from kerja_match.models import (
    Candidate,
    Course,
    SkillClaim,
    SkillRequirement,
    Vacancy,
)
from strategies import (
    any_candidates,
    any_claims,
    any_courses,
    any_requirements,
    any_vacancies,
    non_empty_text,
)

FORMATS = ("csv", "json", "jsonl")


def write_text(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


ROUND_TRIP = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def unique(records: list[Any]) -> list[Any]:
    return list({r.id: r for r in records}.values())


@ROUND_TRIP
@given(records=st.lists(any_candidates(), max_size=5).map(unique), file_format=st.sampled_from(FORMATS))
def test_candidates_round_trip_exactly(tmp_path: Path, records: list[Candidate], file_format: str) -> None:
    path = tmp_path / f"candidates.{file_format}"
    write_candidates(records, path)
    result = read_candidates(path, strict=True)
    assert result.records == records
    assert result.problems == []


@ROUND_TRIP
@given(records=st.lists(any_vacancies(), max_size=5).map(unique), file_format=st.sampled_from(FORMATS))
def test_vacancies_round_trip_exactly(tmp_path: Path, records: list[Vacancy], file_format: str) -> None:
    path = tmp_path / f"vacancies.{file_format}"
    write_vacancies(records, path)
    assert read_vacancies(path, strict=True).records == records


@ROUND_TRIP
@given(records=st.lists(any_courses(), max_size=5).map(unique), file_format=st.sampled_from(FORMATS))
def test_courses_round_trip_exactly(tmp_path: Path, records: list[Course], file_format: str) -> None:
    path = tmp_path / f"courses.{file_format}"
    write_courses(records, path)
    assert read_courses(path, strict=True).records == records


@settings(max_examples=60, deadline=None)
@given(claims=any_claims, requirements=any_requirements, values=st.lists(non_empty_text, max_size=4))
def test_cells_round_trip_exactly(
    claims: list[SkillClaim], requirements: list[SkillRequirement], values: list[str]
) -> None:
    assert [SkillClaim(**parse_claim(i)) for i in split_items(format_claims(claims))] == claims
    requirement_items = split_items(format_requirements(requirements))
    assert [SkillRequirement(**parse_requirement(i)) for i in requirement_items] == requirements
    assert parse_list(format_list(values)) == values


# -- the cell syntax, by hand ---------------------------------------------------------------------


def test_claim_cell_reads_as_documented() -> None:
    items = split_items("mesin bubut:2; alat ukur:1 ;las smaw:3:certified; disiplin; ;")
    assert [parse_claim(i) for i in items] == [
        {"skill": "mesin bubut", "level": 2},
        {"skill": "alat ukur", "level": 1},
        {"skill": "las smaw", "level": 3, "evidence": "certified"},
        {"skill": "disiplin"},
    ]
    assert parse_claim(r"C++\: advanced\; expert:4:Training") == {
        "skill": "C++: advanced; expert",
        "level": 4,
        "evidence": "training",
    }


def test_requirement_cell_reads_as_documented() -> None:
    items = split_items("bubut:2; k3:1:preferred; alat ukur:weight=1.5:2; las:diutamakan; listrik:wajib:3")
    assert [parse_requirement(i) for i in items] == [
        {"skill": "bubut", "level": 2},
        {"skill": "k3", "level": 1, "required": False},
        {"skill": "alat ukur", "level": 2, "weight": 1.5},
        {"skill": "las", "required": False},
        {"skill": "listrik", "level": 3, "required": True},
    ]


def test_writers_leave_defaults_out_of_cells() -> None:
    claims = [
        SkillClaim(skill="bubut", level=2),
        SkillClaim(skill="las: smaw", level=3, evidence="certified"),
    ]
    assert format_claims(claims) == r"bubut:2; las\: smaw:3:certified"
    reqs = [
        SkillRequirement(skill="k3", required=False),
        SkillRequirement(skill="bubut", level=2, weight=2.0),
    ]
    assert format_requirements(reqs) == "k3:1:preferred; bubut:2:weight=2"


@pytest.mark.parametrize(
    ("fragment", "reason"),
    [
        (":2", "no skill before ':'"),
        ("bubut:2.5", "level must be a whole number 1–5, got '2.5'"),
        ("bubut:x", "unknown attribute 'x'"),
        ("bubut:2:3", "level given twice"),
        ("bubut:certified:training", "evidence given twice"),
        ("bubut\\", "ends with a lone"),
    ],
)
def test_bad_claim_items_name_the_item(fragment: str, reason: str) -> None:
    with pytest.raises(CellSyntaxError, match=reason) as caught:
        parse_claim(fragment)
    assert caught.value.fragment == fragment


@pytest.mark.parametrize(
    ("fragment", "reason"),
    [
        ("k3:weight=lots", "weight must be a number, got 'weight=lots'"),
        ("k3:required:preferred", "required given twice"),
        ("k3:certified", "unknown attribute 'certified'"),
    ],
)
def test_bad_requirement_items_name_the_item(fragment: str, reason: str) -> None:
    with pytest.raises(CellSyntaxError, match=reason):
        parse_requirement(fragment)


# -- reading real-looking files -------------------------------------------------------------------


def test_csv_reads_into_the_records_written_by_hand(tmp_path: Path) -> None:
    path = write_text(
        tmp_path,
        "c.csv",
        "id,skills,soft_skills,ktp_region,domicile,education,experience_years,lat,lon\n"
        'c1,"mesin bubut:2; alat ukur:1",disiplin:3,32.16,32.16.09,SMK,2.5,-6.27,107.15\n'
        "c2,las smaw:3:certified,,32.75,,,,,\n",
    )
    result = read_candidates(path)
    assert result.ok
    assert result.format == "csv"
    assert result.records == [
        Candidate(
            id="c1",
            skills=[SkillClaim(skill="mesin bubut", level=2), SkillClaim(skill="alat ukur", level=1)],
            soft_skills=[SkillClaim(skill="disiplin", level=3)],
            ktp_region="32.16",
            domicile="32.16.09",
            education="SMK",
            experience_years=2.5,
            lat=-6.27,
            lon=107.15,
        ),
        Candidate(
            id="c2", skills=[SkillClaim(skill="las smaw", level=3, evidence="certified")], ktp_region="32.75"
        ),
    ]


def test_columns_are_the_model_fields() -> None:
    assert set(CANDIDATE_COLUMNS) == set(Candidate.model_fields)
    # flags are derived from the texts (normalize.flag_vacancy), never a column
    assert set(VACANCY_COLUMNS) == set(Vacancy.model_fields) - {"flags"}
    assert set(COURSE_COLUMNS) == set(Course.model_fields)


def test_header_is_case_and_space_insensitive_and_columns_may_be_few(tmp_path: Path) -> None:
    path = write_text(tmp_path, "v.csv", " ID , Employer ,Requirements\nv1,PT A,bubut:2; k3:1:preferred\n")
    (vacancy,) = read_vacancies(path, strict=True).records
    assert vacancy.requirements == (
        SkillRequirement(skill="bubut", level=2),
        SkillRequirement(skill="k3", level=1, required=False),
    )
    assert vacancy.openings == 1  # empty or absent cell: the model's default


BAD_CSV = (
    "id,skills,age,education,experience_years,skils\n"  # line 1
    'c1,"mesin bubut:2; alat ukur:1",30,SMK,2,x\n'  # 2: good (unknown cells ignored, reported once)
    'c2,"las smaw:3:certified; bubut:7",,SMA,,\n'  # 3: level out of range
    'c3,"a"b,,,,\n'  # 4: broken quoting
    "c1,bubut:2,,,,\n"  # 5: duplicate id
    'c4,"bubut:x; las:2:foo",,PhD,-1,\n'  # 6: two bad items, bad education, negative years
    "c5,too,few\n"  # 7: wrong number of cells
    "\n"  # 8: blank line, no record
    ",,,,,\n"  # 9: empty cells, no record
    "c6,k3:1,,,,\n"  # 10: good
)


def test_bad_rows_are_all_reported_and_good_rows_kept(tmp_path: Path) -> None:
    result = read_candidates(write_text(tmp_path, "c.csv", BAD_CSV))
    assert [r.id for r in result.records] == ["c1", "c6"]
    found = [(p.row, p.record, p.field) for p in result.problems]
    assert found == [
        (1, "header", "age"),
        (1, "header", "skils"),
        (3, "candidate 'c2'", "skills.1.level"),
        (4, "candidate in row 4", "(row)"),
        (5, "candidate 'c1'", "id"),
        (6, "candidate 'c4'", "skills"),
        (6, "candidate 'c4'", "skills"),
        (6, "candidate 'c4'", "education"),
        (6, "candidate 'c4'", "experience_years"),
        (7, "candidate 'c5'", "(row)"),
    ]
    by_row = {(p.row, p.field): p for p in result.problems}
    assert "never used by kerja_match" in by_row[1, "age"].message
    assert "unknown column" in by_row[1, "skils"].message
    assert "item 'bubut:7'" in by_row[3, "skills.1.level"].message
    assert "broken CSV quoting" in by_row[4, "(row)"].message
    assert by_row[5, "id"].message.startswith("duplicate id, first seen in row 2")
    bad_items = [p.message for p in result.problems if p.row == 6 and p.field == "skills"]
    assert "item 'bubut:x'" in bad_items[0]
    assert "item 'las:2:foo'" in bad_items[1]
    assert by_row[6, "skills"].value == "bubut:x; las:2:foo"  # the cell as written
    assert "3 cells, the header has 6" in by_row[7, "(row)"].message


def test_strict_raises_once_with_every_problem(tmp_path: Path) -> None:
    path = write_text(tmp_path, "c.csv", BAD_CSV)
    with pytest.raises(ValidationProblems, match=r"10 problem\(s\)") as caught:
        read_candidates(path, strict=True)
    assert len(caught.value.problems) == 10


def test_a_quote_never_closed_is_reported_with_its_lines(tmp_path: Path) -> None:
    path = write_text(tmp_path, "c.csv", 'id,skills\nc1,bubut:1\nc2,"las:2\nc3,k3:1\n')
    result = read_candidates(path)
    assert [r.id for r in result.records] == ["c1"]
    (problem,) = result.problems
    assert problem.row == 3
    assert "never closed; lines 3–4 (to the end of the file)" in problem.message


def test_course_with_an_unreadable_required_cell_names_the_cell_only(tmp_path: Path) -> None:
    path = write_text(tmp_path, "k.csv", "id,title,teaches,hours\nk1,Bubut,bubut:x,240\nk2,Las,las:2,160\n")
    result = read_courses(path)
    assert [r.id for r in result.records] == ["k2"]
    assert [(p.row, p.field) for p in result.problems] == [(2, "teaches")]  # not also "field required"


def test_a_list_cell_with_a_lone_backslash_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    text = (
        "id,title,teaches,hours,prerequisites\nk1,Bubut,bubut:2,240,blk-a\\\nk2,Las,las:2,160,blk-a; blk-b\n"
    )
    result = read_courses(write_text(tmp_path, "k.csv", text))
    assert [(r.id, r.prerequisites) for r in result.records] == [("k2", ("blk-a", "blk-b"))]
    (problem,) = result.problems
    assert (problem.row, problem.field, problem.value) == (2, "prerequisites", "blk-a\\")
    assert "ends with a lone" in problem.message


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("skills,domicile", "id: required column missing"),
        ("id,skills,id", "id: column given twice"),
    ],
)
def test_a_broken_header_raises_at_once(tmp_path: Path, header: str, reason: str) -> None:
    path = write_text(tmp_path, "c.csv", f"{header}\nx,y,z\n")
    with pytest.raises(ValidationProblems, match=reason):
        read_candidates(path)


def test_empty_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ValidationProblems, match="the file is empty"):
        read_candidates(write_text(tmp_path, "c.csv", ""))


# -- encodings ------------------------------------------------------------------------------------


def test_utf8_with_bom_reads(tmp_path: Path) -> None:
    path = write_text(tmp_path, "c.csv", "id,skills\nc1,pengelasan:2\n", encoding="utf-8-sig")
    assert read_candidates(path, strict=True).records[0].id == "c1"
    assert read_candidates(path, strict=True, encoding="utf-8").records[0].id == "c1"


def test_latin1_bytes_name_the_file_line_and_byte(tmp_path: Path) -> None:
    path = write_text(tmp_path, "c.csv", "id,skills\nc1,bubut:2\nc2,caf\xe9:1\n", encoding="latin-1")
    with pytest.raises(ValidationProblems, match=r"c\.csv") as caught:
        read_candidates(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.field, problem.value) == (3, "encoding", "e9")
    assert "line 3, byte 7 (offset 27) is 0xe9, not valid utf-8" in problem.message
    assert "encoding='cp1252'" in problem.message
    records = read_candidates(path, encoding="latin-1", strict=True).records
    assert records[1].skills[0].skill == "café"


def test_unknown_encoding_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KerjaMatchError, match="unknown encoding 'klingon'"):
        read_candidates(write_text(tmp_path, "c.csv", "id\nc1\n"), encoding="klingon")


# -- JSON and JSON Lines --------------------------------------------------------------------------


def test_json_accepts_a_list_or_an_object_keyed_by_kind(tmp_path: Path) -> None:
    market = {
        "candidates": [{"id": "c1", "skills": [{"skill": "bubut", "level": 2}]}],
        "vacancies": [{"id": "v1", "employer": "PT A"}],
        "extra": 1,
    }
    path = write_text(tmp_path, "market.json", json.dumps(market))
    candidates = read_candidates(path)
    assert candidates.records == [Candidate(id="c1", skills=[SkillClaim(skill="bubut", level=2)])]
    assert [(p.field, p.message) for p in candidates.problems] == [
        ("extra", "unknown top-level key, ignored")
    ]
    assert [v.id for v in read_vacancies(path).records] == ["v1"]
    listed = write_text(tmp_path, "list.json", json.dumps(market["vacancies"]))
    assert read_vacancies(listed, strict=True).records == [Vacancy(id="v1", employer="PT A")]


def test_json_problems_are_numbered_by_position_from_one(tmp_path: Path) -> None:
    rows = [
        {"id": "c1", "gender": "x", "skils": []},
        {"id": "c2", "skills": [{"skill": "bubut", "level": 9}]},
        ["not", "an", "object"],
        {"id": "c1"},
        {"id": "c3", "skils": []},
    ]
    result = read_candidates(write_text(tmp_path, "c.json", json.dumps(rows)))
    assert [r.id for r in result.records] == ["c1", "c3"]
    found = [(p.row, p.record, p.field) for p in result.problems]
    assert found == [
        (1, "candidate 'c1'", "gender"),
        (1, "candidate 'c1'", "skils"),  # reported once, though c3 has it too
        (2, "candidate 'c2'", "skills.0.level"),
        (3, "candidate in position 3", "(record)"),
        (4, "candidate 'c1'", "id"),
    ]
    assert "never used by kerja_match" in result.problems[0].message


def test_jsonl_reports_bad_lines_by_line_number(tmp_path: Path) -> None:
    text = '{"id": "c1"}\n\n{"id": "c2", oops}\n{"id": ""}\n{"id": "c3"}\n'
    result = read_candidates(write_text(tmp_path, "c.jsonl", text))
    assert [r.id for r in result.records] == ["c1", "c3"]
    assert [(p.row, p.field) for p in result.problems] == [(3, "(json)"), (4, "id")]
    assert "not valid JSON" in result.problems[0].message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('[{"id": "c1"}', "not valid JSON"),
        ('{"vacancies": []}', "expected a list of candidates or {'candidates': \\[...\\]}, got an object"),
        ("42", "got int"),
    ],
)
def test_unreadable_json_raises_at_once(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ValidationProblems, match=reason):
        read_candidates(write_text(tmp_path, "c.json", text))


# -- formats, writers and the report --------------------------------------------------------------


def test_format_comes_from_the_suffix_or_the_argument(tmp_path: Path) -> None:
    records = [Candidate(id="c1", skills=[SkillClaim(skill="bubut", level=2)])]
    path = tmp_path / "candidates.txt"
    with pytest.raises(KerjaMatchError, match=r"cannot tell the format from the suffix '\.txt'"):
        write_candidates(records, path)
    write_candidates(records, path, format="jsonl")
    assert read_candidates(path, format="jsonl").records == records
    with pytest.raises(
        ValidationProblems,
        match=re.escape(
            "The 'format' parameter of read_candidates must be one of 'csv', 'json', 'jsonl' or None. Got 'xlsx' instead."
        ),
    ):
        read_candidates(path, format="xlsx")  # type: ignore[arg-type]
    with pytest.raises(ValidationProblems) as raised:
        read_candidates(path, format="jsonl", strict="yes", encoding=1)  # type: ignore[arg-type]
    assert [p.field for p in raised.value.problems] == ["strict", "encoding"]
    with pytest.raises(ValidationProblems, match=re.escape("The 'format' parameter of write_vacancies")):
        write_vacancies([], path, format="xls")  # type: ignore[arg-type]


def test_csv_writer_output_is_what_a_person_would_write(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    vacancy = Vacancy(
        id="v1",
        employer="PT Maju, Tbk",
        openings=3,
        location="32.16.19",
        requirements=[SkillRequirement(skill="bubut", level=2), SkillRequirement(skill="k3", required=False)],
    )
    write_vacancies([vacancy], path)
    assert path.read_text(encoding="utf-8").splitlines() == [
        ",".join(VACANCY_COLUMNS),
        'v1,"PT Maju, Tbk",,3,32.16.19,bubut:2; k3:1:preferred,,32.16,,,,',
    ]


def test_writers_refuse_other_objects(tmp_path: Path) -> None:
    with pytest.raises(KerjaMatchError, match="item 1 must be a Vacancy, got Candidate"):
        write_vacancies([Candidate(id="c1")], tmp_path / "v.csv")  # type: ignore[list-item]


@pytest.mark.parametrize("file_format", FORMATS)
def test_problem_report_is_written(tmp_path: Path, file_format: str) -> None:
    problems = read_candidates(write_text(tmp_path, "c.csv", BAD_CSV)).problems
    path = tmp_path / f"problems.{file_format}"
    write_problems(problems, path)
    text = path.read_text(encoding="utf-8")
    if file_format == "csv":
        assert text.splitlines()[0] == "row,record,field,value,reason"
        assert text.count("candidate 'c4'") == 4
    elif file_format == "json":
        rows = json.loads(text)
        assert rows[0] == {
            "row": 1,
            "record": "header",
            "field": "age",
            "value": "age",
            "reason": problems[0].message,
        }
        assert len(rows) == 10
    else:
        assert len(text.splitlines()) == 10


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.text(st.sampled_from(list('ab1:;\\"\n\r, =.-')) | st.characters(codec="utf-8"), max_size=80),
    file_format=st.sampled_from(FORMATS),
)
def test_any_text_is_read_or_reported_never_crashes(tmp_path: Path, body: str, file_format: str) -> None:
    header = "id,skills,education\n" if file_format == "csv" else ""
    path = write_text(tmp_path, f"fuzz.{file_format}", header + body)
    outcome: ReadResult[Candidate] | ValidationProblems
    try:
        outcome = read_candidates(path)
    except ValidationProblems as error:  # the whole file is unreadable: said so, with a reason
        outcome = error
    assert all(p.message and p.field for p in outcome.problems)
    if isinstance(outcome, ValidationProblems):
        assert outcome.problems
    else:
        assert len({r.id for r in outcome.records}) == len(outcome.records)
