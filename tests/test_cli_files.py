"""What a labour-office analyst meets first on the command line: Excel's files, a wrong path, an
empty file, one pair explained. Each message says what to do, in the words of the place it is read."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from kerja_match.cli import main
from kerja_match.errors import KerjaMatchError, ValidationProblems
from kerja_match.io import read_candidates

HEADER = "id,skills,soft_skills,ktp_region,domicile,education\n"
ROWS = (
    "c-01,manufaktur.pemesinan.bubut:2; manufaktur.pengukuran.alat_ukur:2,soft.pribadi.disiplin:2,32.16,32.16.09,SMK\n"
    "c-02,manufaktur.pemesinan.bubut:3,,32.75,32.75.01,SMK\n"
)
VACANCIES = (
    "id,employer,title,openings,location,requirements,soft_requirements\n"
    "v-01,PT Presisi,Operator Bubut,2,32.16.09,manufaktur.pemesinan.bubut:2; manufaktur.pengukuran.alat_ukur:1,"
    "soft.pribadi.disiplin:1:preferred\n"
)
# What Excel writes in an Indonesian locale: ';' between cells, so a cell holding ';' is quoted.
SEMICOLON = (
    "id;skills;soft_skills;ktp_region;domicile;education\r\n"
    'c-01;"manufaktur.pemesinan.bubut:2; manufaktur.pengukuran.alat_ukur:2";soft.pribadi.disiplin:2;32.16;32.16.09;SMK\r\n'
    "c-02;manufaktur.pemesinan.bubut:3;;32.75;32.75.01;SMK\r\n"
)


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess([str(a) for a in args], code, out, err)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "candidates": tmp_path / "pencari.csv",
        "vacancies": tmp_path / "lowongan.csv",
        "semicolon": tmp_path / "pencari_excel.csv",
    }
    paths["candidates"].write_text(HEADER + ROWS, encoding="utf-8")
    paths["vacancies"].write_text(VACANCIES, encoding="utf-8")
    paths["semicolon"].write_text(SEMICOLON, encoding="utf-8")
    return paths


def test_explain_prints_only_the_explanation_uncut(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    result = run_main(
        capsys,
        "score",
        "--candidates",
        files["candidates"],
        "--vacancies",
        files["vacancies"],
        "--explain",
        "c-01",
        "v-01",
    )
    assert result.returncode == 0, result.stderr
    assert "Fit of c-01 for v-01" in result.stdout
    assert "Shortlists" not in result.stdout  # the pair only, not every shortlist after it
    assert "…" not in result.stdout  # the detail column is not cut
    assert "self_declared" in result.stdout


def test_a_semicolon_csv_reads_like_its_comma_twin(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    excel = read_candidates(files["semicolon"])
    assert excel.ok, excel.problems
    assert excel.records == read_candidates(files["candidates"]).records
    assert read_candidates(files["semicolon"], delimiter=";").records == excel.records
    sniffed = run_main(capsys, "place", "--candidates", files["semicolon"], "--vacancies", files["vacancies"])
    assert sniffed.returncode == 0, sniffed.stderr
    excel_vacancies = files["vacancies"].with_name("lowongan_excel.csv")  # every file of an office alike
    rows = list(csv.reader(io.StringIO(VACANCIES)))
    with excel_vacancies.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)
    said = run_main(
        capsys,
        "place",
        "--candidates",
        files["semicolon"],
        "--vacancies",
        excel_vacancies,
        "--delimiter",
        ";",
    )
    assert said.returncode == 0, said.stderr
    assert said.stdout == sniffed.stdout


def test_a_wrong_delimiter_says_which_to_use(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    with pytest.raises(ValidationProblems, match=r"delimiter=';'"):
        read_candidates(files["semicolon"], delimiter=",")
    result = run_main(
        capsys,
        "place",
        "--candidates",
        files["semicolon"],
        "--vacancies",
        files["vacancies"],
        "--delimiter",
        ",",
    )
    assert result.returncode == 2
    assert "--delimiter ';'" in result.stderr


def test_the_encoding_hint_speaks_the_callers_language(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        (HEADER + ROWS).encode() + "c-03,,,32.16,,SMA,\n".replace("c-03", "c-03é").encode("latin-1")
    )
    with pytest.raises(ValidationProblems, match=r"encoding='cp1252'"):
        read_candidates(latin)
    result = run_main(capsys, "place", "--candidates", latin, "--vacancies", files["vacancies"])
    assert result.returncode == 2
    assert "--encoding cp1252" in result.stderr
    assert "encoding='cp1252'" not in result.stderr


def test_a_missing_file_and_a_directory_say_so_plainly(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(KerjaMatchError, match=r"nope\.csv(.|\n)*no such file"):
        read_candidates(tmp_path / "nope.csv")
    with pytest.raises(KerjaMatchError, match=r"is a folder, expected a file"):
        read_candidates(tmp_path)
    for path, expected in ((tmp_path / "nope.csv", "no such file"), (tmp_path, "is a folder")):
        result = run_main(capsys, "place", "--candidates", path, "--vacancies", files["vacancies"])
        assert result.returncode == 2
        assert expected in result.stderr
        assert "Errno" not in result.stderr
        assert "suffix ''" not in result.stderr


def test_a_header_only_file_warns(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    empty = tmp_path / "kosong.csv"
    empty.write_text(HEADER, encoding="utf-8")
    result = read_candidates(empty)
    assert result.records == []
    assert result.problems == []  # nothing is wrong with any row: there is none
    assert [p.field for p in result.warnings] == ["(file)"]
    assert "no records" in result.warnings[0].message
    cli = run_main(capsys, "place", "--candidates", empty, "--vacancies", files["vacancies"])
    assert cli.returncode == 2
    assert "no records" in cli.stderr


def test_candidates_without_skills_warn(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    no_skills = tmp_path / "tanpa_keahlian.csv"
    no_skills.write_text("id,ktp_region\nc-01,32.16\nc-02,32.75\n", encoding="utf-8")
    result = read_candidates(no_skills)
    assert len(result.records) == 2  # the rows are good; the file is what is wrong
    (problem,) = result.warnings
    assert problem.field == "skills"
    assert "no skills column" in problem.message
    cli = run_main(capsys, "place", "--candidates", no_skills, "--vacancies", files["vacancies"])
    assert cli.returncode == 2
    assert "no skills column" in cli.stderr


def test_one_bad_cell_is_quoted_once(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "c-09,manufaktur.pemesinan.bubut:2,,Bekasi,,SMK\n", encoding="utf-8")
    (problem,) = read_candidates(bad).problems
    assert problem.message.count("'Bekasi'") == 1, problem.message
    cli = run_main(capsys, "place", "--candidates", bad, "--vacancies", files["vacancies"])
    reason_line = next(line for line in cli.stderr.splitlines() if "ktp_region" in line)
    assert reason_line.count("Bekasi") <= 2  # the value column and the reason, not the reason twice
