"""Safe with real people's data: issue 17's attacks, each pinned on the public API and the CLI.

Personal data (a NIK, an Indonesian phone number, an e-mail address) never appears whole in an error,
a problem report, a terminal line or an output file; no CSV the library writes holds a live formula;
a small hostile file costs its bad rows, never the good ones; look-alike ids are one id; outputs are
written atomically and never over an input. The phrases below are made up for these tests.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import kerja_match as km
from kerja_match.cli import main
from kerja_match.errors import KerjaMatchError, Problem, ValidationProblems
from kerja_match.io import (
    read_candidates,
    read_courses,
    read_vacancies,
    write_candidates,
    write_courses,
    write_problems,
    write_vacancies,
)
from kerja_match.models import Candidate, Course, SkillClaim, SkillRequirement, Vacancy
from kerja_match.placement import place
from kerja_match.reports import assignments_table, employer_quota_table, placement_table
from kerja_match.scoring import FitScorer
from kerja_match.taxonomy import Taxonomy

NIK = "3216091203900001"
PHONES = ("081234567890", "0812-3456-7890", "0812 3456 7890", "+62 812-3456-7890", "6281234567890",
          "+62.812.3456.7890")  # fmt: skip
EMAIL = "budi.santoso@contoh.co.id"
# A personal datum is "whole" in a text when its digits (or the e-mail) can be read back from it.
WHOLE = re.compile(
    r"3216\D{0,3}0912\D{0,3}0390\D{0,3}0001|(?:0|62)\D{0,3}812\D{0,3}3456\D{0,3}7890|budi\.santoso@"
)
FORMULA = ("=", "+", "-", "@", "\t", "\r")

# A tiny market of concept ids (no normaliser fit needed for scoring), as in test_cli.
CANDIDATES = """\
id,skills,ktp_region,domicile
c-01,manufaktur.pemesinan.bubut:2; manufaktur.pengukuran.alat_ukur:2,32.16,32.16.09
c-02,manufaktur.pemesinan.bubut:3,32.75,32.75.01
c-03,manufaktur.plastik.injection:2,32.16.07,32.16.07
"""
VACANCIES = """\
id,employer,title,openings,location,requirements
v-01,PT Presisi,Operator Bubut,2,32.16.09,manufaktur.pemesinan.bubut:2
v-02,PT Plastik,Operator Injection,1,32.16.19,manufaktur.plastik.injection:2
"""


def leaks(text: str) -> list[str]:
    return WHOLE.findall(text)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [cell for row in csv.reader(stream) for cell in row]


def live_formulas(path: Path) -> list[str]:
    """Cells a spreadsheet would read as a formula: text starting with = + - @ tab or CR (numbers aside)."""
    number = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
    return [c for c in csv_cells(path) if c.startswith(FORMULA) and not number.match(c)]


# -- privacy ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["ktp_region", "domicile"])
def test_a_nik_in_a_region_field_is_masked_in_message_problem_and_report(tmp_path: Path, field: str) -> None:
    path = write(tmp_path / "c.csv", f"id,skills,{field}\nc-1,bubut:2,{NIK}\nc-2,las:1,32.16\n")
    result = read_candidates(path)
    assert [c.id for c in result.records] == ["c-2"]
    (problem,) = result.problems
    assert "3216" in str(problem)
    assert "0001" in str(problem)
    assert not leaks(str(problem))
    assert not leaks(repr(problem.value))
    with pytest.raises(ValidationProblems) as raised:
        read_candidates(path, strict=True)
    assert not leaks(str(raised.value))
    for suffix in (".csv", ".json", ".jsonl"):
        report = tmp_path / f"problems{suffix}"
        write_problems(result.problems, report)
        assert not leaks(report.read_text(encoding="utf-8"))


def test_the_mask_keeps_the_first_and_last_four_digits_of_a_nik(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", f"id,skills,ktp_region\nc-1,bubut:2,{NIK}\n")
    (problem,) = read_candidates(path).problems
    assert "3216••••••••0001" in str(problem)


@pytest.mark.parametrize(
    "document",
    [
        f'[{{"id": {NIK}}}]',  # a numeric id
        f'[{{"id": "c-1", "lat": {NIK}, "lon": 1}}]',
        f'[{{"id": "c-1", "skills": [{{"skill": "bubut", "level": {NIK}}}]}}]',
        f'[{{"id": "c-1", "{NIK}": 1}}]',  # an unknown key
        f"[{NIK}]",  # a bare number as a record
        f'[{{"id": "c-1", "skills": "bubut:{NIK}"}}]',  # a bad skill cell
        f'[{{"id": "c-1", "ktp_region": "hp {PHONES[0]}"}}]',
        f'[{{"id": "c-1", "domicile": "{EMAIL}"}}]',
    ],
)
def test_personal_data_anywhere_in_a_bad_json_record_is_masked(tmp_path: Path, document: str) -> None:
    result = read_candidates(write(tmp_path / "c.json", document))
    assert result.problems
    for problem in result.problems:
        assert not leaks(str(problem)), str(problem)
        assert not leaks(str(problem.value)), problem
        assert not leaks(problem.record), problem


def test_an_error_raised_by_a_record_never_carries_personal_data() -> None:
    with pytest.raises(ValueError, match="region code") as raised:  # pydantic's own error
        Candidate(id="c-1", ktp_region=NIK)
    assert not leaks(str(raised.value))
    with pytest.raises(ValueError, match="region code") as raised:
        Vacancy(id="v-1", employer="PT A", location=f"hp {PHONES[1]}")
    assert not leaks(str(raised.value))


def test_problem_and_error_text_mask_personal_data_wherever_they_come_from() -> None:
    problem = Problem(f"candidate {NIK}", EMAIL, f"got {PHONES[3]}", int(NIK), 3)
    assert not leaks(str(problem))
    assert not leaks(str(problem.value))
    assert not leaks(str(KerjaMatchError(f"vacancy 'v-1': got {NIK}")))


@pytest.mark.parametrize("phone", PHONES)
def test_free_text_personal_data_never_reaches_a_skill_phrase_or_an_output(phone: str) -> None:
    phrase = f"operator bubut NIK {NIK} hp {phone} {EMAIL}"
    claim = SkillClaim(skill=phrase)
    assert not leaks(claim.skill)
    assert "operator bubut" in claim.skill
    requirement = SkillRequirement(skill=f"las listrik, kirim CV ke {EMAIL}")
    assert not leaks(requirement.skill)


def test_unresolved_phrases_and_the_unmapped_report_carry_no_personal_data() -> None:
    taxonomy = km.default_taxonomy()
    vacancy = Vacancy(id="v-1", employer="PT A", requirements=[SkillRequirement(skill="bubut")])
    candidate = Candidate(
        id="c-1", skills=[SkillClaim(skill=f"NIK {NIK}"), SkillClaim(skill=f"hp {PHONES[0]}")]
    )
    fit = FitScorer(taxonomy=taxonomy).fit([vacancy]).score(candidate, vacancy)
    assert not leaks(" ".join(fit.unresolved))
    normalizer = km.SkillNormalizer().fit(taxonomy)
    report = normalizer.unmapped_report([f"NIK {NIK}", f"hubungi {PHONES[2]}", f"email {EMAIL}"])
    assert not leaks(repr(report.rows))
    # the normaliser never reads a personal datum as a skill: it abstains on what is left
    for match in normalizer.match([f"NIK {NIK}", f"hp {PHONES[0]}", f"{EMAIL}"]):
        assert match.concept_id is None, match


def test_normalize_command_writes_no_personal_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = write(
        tmp_path / "c.csv", f'id,skills\nc-1,"NIK {NIK}:1; hp {PHONES[0]}:1; {EMAIL}:1; bubut:2"\n'
    )
    out, unmapped = tmp_path / "map.csv", tmp_path / "unmapped.csv"
    code, stdout, stderr = run(
        capsys, "normalize", "--candidates", people, "--out", out, "--unmapped-out", unmapped, "-q"
    )
    assert code == 0
    for text in (stdout, stderr, out.read_text(encoding="utf-8"), unmapped.read_text(encoding="utf-8")):
        assert not leaks(text)


def test_cli_stderr_and_problems_file_mask_a_nik(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = write(tmp_path / "c.csv", CANDIDATES + f"c-09,bubut:1,{NIK},32.16\n")
    jobs = write(tmp_path / "v.csv", VACANCIES)
    problems = tmp_path / "problems.csv"
    code, stdout, stderr = run(
        capsys, "place", "--candidates", people, "--vacancies", jobs, "--problems", problems, "-q"
    )
    assert code == 2
    assert "3216" in stderr
    assert not leaks(stderr)
    assert not leaks(stdout)
    assert not leaks(problems.read_text(encoding="utf-8"))


# -- spreadsheet safety ---------------------------------------------------------------------------------

EVIL = '=HYPERLINK("http://x","klik")'


def _evil_market() -> tuple[list[Candidate], list[Vacancy]]:
    candidates = [
        Candidate(
            id=f"{lead}c-{k}",
            skills=[SkillClaim(skill="manufaktur.pemesinan.bubut", level=2)],
            ktp_region="32.16",
        )
        for k, lead in enumerate(["=", "+", "-", "@"])
    ]
    vacancies = [
        Vacancy(id="=v-1", employer=EVIL, title="@SUM(A1:A9)", openings=2, location="32.16.09",
                requirements=[SkillRequirement(skill="manufaktur.pemesinan.bubut", level=1)]),
        Vacancy(id="-v-2", employer="+PT Dua", title="-2+3+cmd|' /C calc'!A0", openings=2, location="32.16.09",
                requirements=[SkillRequirement(skill="manufaktur.pemesinan.bubut", level=1)]),
    ]  # fmt: skip
    return candidates, vacancies


def test_every_record_writer_neutralises_formulas_and_reads_back_exactly(tmp_path: Path) -> None:
    candidates, vacancies = _evil_market()
    candidates.append(Candidate(id="c-9", skills=[SkillClaim(skill=EVIL, level=2)], lat=-6.3, lon=107.1))
    course = Course(
        id="@k-1", title=EVIL, provider="-BLK", teaches=[SkillClaim(skill="+las", level=1)], hours=40
    )
    for records, writer, reader, name in (
        (candidates, write_candidates, read_candidates, "c.csv"),
        (vacancies, write_vacancies, read_vacancies, "v.csv"),
        ([course], write_courses, read_courses, "k.csv"),
    ):
        path = tmp_path / name
        writer(records, path)
        assert live_formulas(path) == [], name
        assert reader(path, strict=True).records == records
    assert "-6.3" in csv_cells(tmp_path / "c.csv")  # a number stays a number


def test_every_table_and_report_writer_neutralises_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    candidates, vacancies = _evil_market()
    taxonomy = km.default_taxonomy()
    scorer = FitScorer(taxonomy=taxonomy).fit(vacancies)
    placement = place(candidates, vacancies, scorer.score_matrix(candidates), min_score=0.1)
    assert placement.assignments
    for table in (assignments_table(placement), employer_quota_table(placement), placement_table(placement)):
        path = table.write(tmp_path / f"{table.name}.csv")
        assert live_formulas(path) == [], table.name
    report = km.office_report(candidates, vacancies, km.blk_catalog(), scorer=scorer, min_score=0.1)
    for path in report.write_tables(tmp_path / "office"):
        if path.suffix == ".csv":
            assert live_formulas(path) == [], path.name
    write_problems([Problem("=c-1", "@field", "-reason", "+value", 2)], tmp_path / "p.csv")
    assert live_formulas(tmp_path / "p.csv") == []
    evil = Taxonomy([{"id": "@k-1", "label": "=las listrik"}, {"id": "-k-2", "label": "+bubut"}], name="evil")
    evil.to_csv(tmp_path / "t.csv")
    assert live_formulas(tmp_path / "t.csv") == []
    assert Taxonomy.from_csv(tmp_path / "t.csv").to_dict()["concepts"] == evil.to_dict()["concepts"]
    crosswalk = km.SkillNormalizer().fit(taxonomy).crosswalk(evil)
    crosswalk.to_csv(tmp_path / "x.csv")
    assert live_formulas(tmp_path / "x.csv") == []
    back = type(crosswalk).from_csv(tmp_path / "x.csv")
    assert [(r.source_id, r.source_label) for r in back.rows] == [
        (r.source_id, r.source_label) for r in crosswalk.rows
    ]


def test_every_cli_csv_output_is_spreadsheet_safe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    candidates, vacancies = _evil_market()
    people, jobs = tmp_path / "c.csv", tmp_path / "v.csv"
    write_candidates(candidates, people)
    write_vacancies(vacancies, jobs)
    outputs = []
    for by in ("vacancy", "candidate"):
        outputs.append(tmp_path / f"score-{by}.csv")
        run(
            capsys,
            "score",
            "--candidates",
            people,
            "--vacancies",
            jobs,
            "--by",
            by,
            "--out",
            outputs[-1],
            "-q",
        )
    outputs += [tmp_path / "place.csv", tmp_path / "employers.csv"]
    run(capsys, "place", "--candidates", people, "--vacancies", jobs, "--min-score", "0.1", "--out", outputs[-2],
        "--employers-out", outputs[-1], "-q")  # fmt: skip
    evil_people = write(tmp_path / "e.csv", 'id,skills\nc-1,"=1+1:1; @cmd:2; -x:1"\n')
    outputs += [tmp_path / "map.csv", tmp_path / "unmapped.csv", tmp_path / "problems.csv"]
    run(
        capsys,
        "normalize",
        "--candidates",
        evil_people,
        "--out",
        outputs[-3],
        "--unmapped-out",
        outputs[-2],
        "-q",
    )
    bad = write(tmp_path / "bad.csv", 'id,skills,ktp_region\n=c-2,bubut:1,"=HYPERLINK(1)"\n')
    run(capsys, "normalize", "--candidates", bad, "--problems", outputs[-1], "-q")
    for path in outputs:
        assert path.exists(), path.name
        assert len(csv_cells(path)) > 4, path.name
        assert live_formulas(path) == [], path.name


# -- crashes --------------------------------------------------------------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("c.csv", f"id,skills\nc-1,bubut:{HUGE}\nc-2,las:1\n"),
        ("c.csv", f"id,skills,experience_years\nc-1,bubut:1,{HUGE}\nc-2,las:1,2\n"),
        ("c.json", f'[{{"id": "c-1", "skills": [{{"skill": "bubut", "level": {HUGE}}}]}}, {{"id": "c-2"}}]'),
        ("c.json", f'[{{"id": "c-1", "lat": {HUGE}, "lon": 1}}, {{"id": "c-2"}}]'),
        ("c.jsonl", f'{{"id": "c-1", "experience_years": {HUGE}}}\n{{"id": "c-2"}}\n'),
        ("c.jsonl", "[" * 100_000 + "]" * 100_000 + '\n{"id": "c-2"}\n'),
        ("c.jsonl", '{"id": "c-1", "skills": ' + "[" * 100_000 + "]" * 100_000 + '}\n{"id": "c-2"}\n'),
    ],
)
def test_a_huge_number_or_deep_nesting_costs_one_row(tmp_path: Path, name: str, text: str) -> None:
    result = read_candidates(write(tmp_path / name, text))
    assert [c.id for c in result.records] == ["c-2"]
    assert len(result.problems) == 1
    assert len(str(result.problems[0])) < 600


def test_a_json_file_nested_too_deep_is_a_clear_file_error(tmp_path: Path) -> None:
    path = write(tmp_path / "c.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValidationProblems, match="nested"):
        read_candidates(path)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"name": "t", "concepts": [{"id": "a", "label": "las", "weight": ' + HUGE + "}]}",
    ],
)
def test_taxonomy_from_json_refuses_hostile_json_clearly(tmp_path: Path, text: str) -> None:
    with pytest.raises(KerjaMatchError):
        Taxonomy.from_json(write(tmp_path / "t.json", text))


@pytest.mark.parametrize(
    "text",
    [f'[{{"id": "c-1", "lat": {HUGE}, "lon": 1}}]', "[" * 100_000 + "]" * 100_000],
)
def test_the_cli_exits_2_without_a_traceback_on_hostile_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    people = write(tmp_path / "c.json", text)
    jobs = write(tmp_path / "v.csv", VACANCIES)
    code, _, stderr = run(capsys, "place", "--candidates", people, "--vacancies", jobs, "-q")
    assert code == 2
    assert "Traceback" not in stderr
    assert len(stderr) < 5000


def test_the_cli_taxonomy_command_exits_2_on_a_deep_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "t.json", "[" * 100_000 + "]" * 100_000)
    code, _, stderr = run(capsys, "taxonomy", path)
    assert code == 2
    assert "Traceback" not in stderr


# -- identity ---------------------------------------------------------------------------------------------


def test_look_alike_ids_are_one_id_and_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.csv",
        "id,skills\nc-0001,bubut:1\nc-0001\u200b,bubut:2\n\uff43-0001,bubut:3\nc-0002,las:1\n",
    )
    result = read_candidates(path)
    assert [c.id for c in result.records] == ["c-0001", "c-0002"]
    assert len(result.problems) == 2
    assert all("first seen in row 2" in p.message for p in result.problems)
    assert any("\\u200b" in p.message or "invisible" in p.message for p in result.problems)


def test_look_alike_ids_are_one_person_to_placement() -> None:
    skill = [SkillClaim(skill="manufaktur.pemesinan.bubut", level=2)]
    same = [
        Candidate(id=i, skills=skill, ktp_region="32.16") for i in ("c-0001", "c-0001\u200b", "\uff43-0001")
    ]
    assert {c.id for c in same} == {"c-0001"}
    vacancy = Vacancy(
        id="v-1",
        employer="PT A",
        openings=3,
        requirements=[SkillRequirement(skill="manufaktur.pemesinan.bubut")],
    )
    scorer = FitScorer(taxonomy=km.default_taxonomy()).fit([vacancy])
    with pytest.raises(KerjaMatchError, match="c-0001") as raised:
        place(same, [vacancy], scorer.score_matrix(same))
    assert "duplicate id" in str(raised.value)


@pytest.mark.parametrize(
    "code", ["\uff13\uff12.\uff11\uff16", "\u0663\u0662.\u0661\u0666", "\uff13\uff12\uff0e\uff11\uff16"]
)
def test_region_codes_in_other_digits_are_read_as_ascii_and_count_as_local(code: str) -> None:
    candidate = Candidate(id="c-1", ktp_region=code)
    assert candidate.ktp_region == "32.16"
    assert candidate.is_local("32.16")


def test_json_duplicate_keys_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "c.json", '[{"id": "c-1", "id": "c-9", "skills": "bubut:1"}, {"id": "c-2"}]')
    result = read_candidates(path)
    assert any(p.field == "id" and "given twice" in p.message for p in result.problems)
    jsonl = write(tmp_path / "c.jsonl", '{"id": "c-1", "skills": [{"skill": "a", "skill": "b"}]}\n')
    assert any("given twice" in p.message for p in read_candidates(jsonl).problems)


# -- the CLI and files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--out", "--employers-out", "--problems"])
def test_an_output_naming_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    people = write(tmp_path / "c.csv", CANDIDATES)
    jobs = write(tmp_path / "v.csv", VACANCIES)
    before = people.read_bytes(), jobs.read_bytes()
    target = str(jobs) if option != "--out" else str(tmp_path / "." / "c.csv")
    code, _, stderr = run(capsys, "place", "--candidates", people, "--vacancies", jobs, option, target, "-q")
    assert code == 2
    assert "input" in stderr
    assert (people.read_bytes(), jobs.read_bytes()) == before


def test_report_tables_never_overwrite_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "laporan"
    folder.mkdir()
    people = write(folder / "assignments.csv", CANDIDATES)  # the name of a report table
    jobs = write(tmp_path / "v.csv", VACANCIES)
    code, _, stderr = run(
        capsys, "report", "--candidates", people, "--vacancies", jobs, "--out", folder, "--no-training", "-q"
    )
    assert code == 2
    assert "input" in stderr
    assert people.read_text(encoding="utf-8") == CANDIDATES


def test_problems_file_is_written_on_every_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = write(tmp_path / "c.csv", CANDIDATES)
    jobs = write(tmp_path / "v.csv", VACANCIES)
    problems = write(tmp_path / "problems.csv", "row,record,field,value,reason\n3,stale,x,y,z\n")
    code, _, _ = run(
        capsys, "place", "--candidates", people, "--vacancies", jobs, "--problems", problems, "-q"
    )
    assert code == 0
    assert csv_cells(problems) == ["row", "record", "field", "value", "reason"]


class Interrupted:
    """A cell whose text is asked for mid-write and that stops the run, as Ctrl-C would."""

    def __str__(self) -> str:
        raise KeyboardInterrupt


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_writers_replace_files_atomically(tmp_path: Path, suffix: str) -> None:
    from kerja_match.reports import Table

    target = write(tmp_path / f"t{suffix}", "old content\n")
    rows = (*tuple((k, f"row {k}") for k in range(5000)), (5000, Interrupted()))
    with pytest.raises((KeyboardInterrupt, TypeError)):  # JSON refuses the value before writing
        Table("t", "t", ("k", "text"), rows).write(target)
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


def test_control_characters_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = "c-1\x1b]0;pwned\x07\x1b[2J"
    people = write(
        tmp_path / "c.json",
        json.dumps([{"id": evil, "skills": [{"skill": "manufaktur.pemesinan.bubut", "level": 2}]}]),
    )
    jobs = write(tmp_path / "v.csv", VACANCIES)
    code, stdout, stderr = run(
        capsys, "score", "--candidates", people, "--vacancies", jobs, "--explain", evil, "v-01", "-q"
    )
    assert code == 0
    assert "\x1b" not in stdout + stderr
    assert "\x07" not in stdout + stderr
    bad = write(tmp_path / "b.csv", 'id,skills,ktp_region\n"c-2\x1b[31m",bubut:1,"\x1b]8;;http://x\x07"\n')
    code, stdout, stderr = run(capsys, "place", "--candidates", bad, "--vacancies", jobs, "-q")
    assert "\x1b" not in stdout + stderr
    assert "\x07" not in stdout + stderr


# -- memory ---------------------------------------------------------------------------------------------------


def test_iter_candidates_streams_records_in_blocks(tmp_path: Path) -> None:
    from kerja_match.io import iter_candidates

    lines = "".join(f"c-{k},manufaktur.pemesinan.bubut:{1 + k % 5},32.16\n" for k in range(2500))
    path = write(tmp_path / "c.csv", "id,skills,ktp_region\n" + lines + "c-1,bad:9,32.16\n")
    problems: list[Problem] = []
    blocks = list(iter_candidates(path, block_size=1000, problems=problems))
    assert [len(b) for b in blocks] == [1000, 1000, 500]
    assert [c.id for b in blocks for c in b] == [c.id for c in read_candidates(path).records]
    assert [str(p) for p in problems] == [str(p) for p in read_candidates(path).problems]
    assert len(problems) == 1
