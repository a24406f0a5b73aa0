"""Data files and privacy: loading never runs code; broken files give clear errors; no personal data leaks.

- no pickle (or marshal, shelve, joblib, eval ...) anywhere in the library source, checked on its AST;
- a pickle payload handed to every loader is refused as text, and its code never runs;
- taxonomy and catalogue files cut short, in the wrong encoding, or with a cycle: a KerjaMatchError;
- a NIK-like candidate id is refused on every path, and the NIK never appears in an error or report;
- the library never logs or prints (the CLI modules aside), so it cannot log a record.
"""

from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path

import pytest

import kerja_match
from kerja_match.courses import CourseRecommender
from kerja_match.datasets import default_taxonomy
from kerja_match.datasets.catalog import blk_catalog
from kerja_match.errors import KerjaMatchError, ValidationProblems
from kerja_match.io import read_candidates, read_courses, write_courses, write_problems
from kerja_match.models import Candidate, Course, SkillClaim, parse_records
from kerja_match.scoring import FitScorer
from kerja_match.taxonomy import Taxonomy

SOURCE = Path(kerja_match.__file__).parent
MODULES = sorted(SOURCE.rglob("*.py"))
CLI_PACKAGE = SOURCE / "cli"  # talks to a person on a terminal; see test_cli_prints_only_problems
UNSAFE_MODULES = {
    "pickle",
    "cPickle",
    "_pickle",
    "marshal",
    "shelve",
    "dill",
    "joblib",
    "cloudpickle",
    "yaml",
}
UNSAFE_BUILTINS = {"eval", "exec", "compile", "__import__"}
UNSAFE_METHODS = {"read_pickle", "load_pickle", "unsafe_load", "full_load"}
NIK = "3216091203900001"


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# -- loading never executes code -----------------------------------------------------------------


def test_library_source_has_no_pickle_or_code_loading() -> None:
    assert len(MODULES) > 20
    found = []
    for path in MODULES:
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Import):
                found += [(path.name, a.name) for a in node.names if a.name.split(".")[0] in UNSAFE_MODULES]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in UNSAFE_MODULES:
                found.append((path.name, node.module))
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name) and node.func.id in UNSAFE_BUILTINS:
                    found.append((path.name, node.func.id))
                name = getattr(node.func, "attr", "")
                if name in UNSAFE_METHODS:
                    found.append((path.name, name))
                if name == "load" and any(k.arg == "allow_pickle" for k in node.keywords):
                    found.append((path.name, "np.load(allow_pickle=...)"))
    assert found == []


def test_bundled_data_are_plain_text_files() -> None:
    data = [p for p in (SOURCE / "datasets").iterdir() if p.is_file() and p.suffix != ".py"]
    assert {p.suffix for p in data} <= {".json", ".csv", ".md"}
    for path in data:
        path.read_text(encoding="utf-8")  # text, nothing binary


class Exploit:
    """Unpickling this would create ``marker``: the proof a loader ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("suffix", [".json", ".csv", ".jsonl"])
def test_a_pickle_handed_to_any_loader_is_refused_and_never_run(tmp_path: Path, suffix: str) -> None:
    marker = tmp_path / "ran"
    payload = pickle.dumps(Exploit(marker), protocol=0)  # protocol 0 is mostly ASCII: it gets past decoding
    path = tmp_path / f"data{suffix}"
    path.write_bytes(payload)
    loaders = [read_candidates, read_courses]
    loaders += [Taxonomy.from_json] if suffix == ".json" else [Taxonomy.from_csv] if suffix == ".csv" else []
    for load in loaders:
        try:
            outcome = load(path)
        except KerjaMatchError as error:
            outcome = error
        if isinstance(outcome, KerjaMatchError):
            assert str(outcome)
        else:  # a reader keeps going past bad rows: it must report them and keep nothing
            assert outcome.records == []
            assert outcome.problems
    binary = tmp_path / "data.json"
    binary.write_bytes(pickle.dumps(Exploit(marker)))  # the default protocol: binary
    with pytest.raises(KerjaMatchError, match=r"not valid utf-8|not valid JSON"):
        Taxonomy.from_json(binary)
    with pytest.raises(ValidationProblems, match="not valid utf-8"):
        read_courses(binary)
    assert not marker.exists()


def test_text_that_looks_like_code_stays_text(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    tax = Taxonomy([{"id": "k1", "label": code, "alt_labels": ["{{7*7}}", "${jndi:ldap://x}"]}], name="code")
    path = tmp_path / "tax.json"
    tax.to_json(path)
    loaded = Taxonomy.from_json(path)
    assert loaded.get("k1").label == code
    assert loaded.get("k1").alt_labels == ("{{7*7}}", "${jndi:ldap://x}")
    assert not marker.exists()


# -- taxonomy files: truncated, wrong encoding, cycles ---------------------------------------------


def small_taxonomy() -> Taxonomy:
    return Taxonomy(
        [
            {"id": "mfg", "label": "Manufaktur", "labels": {"en": "Manufacturing"}},
            {"id": "mfg.bubut", "label": "Mesin bubut — dasar", "broader": ["mfg"], "alt_labels": ["tornería", "旋盤"]},
            {"id": "mfg.ukur", "label": "Alat ukur", "broader": ["mfg"], "codes": {"skkni": "C.28LOG12.008.2"}},
        ],
        name="small",
    )  # fmt: skip


def test_a_truncated_json_taxonomy_is_a_clear_error_wherever_it_is_cut(tmp_path: Path) -> None:
    data = small_taxonomy().to_json().encode("utf-8")
    path = tmp_path / "tax.json"
    cuts = sorted(set(range(0, len(data), 7)) | {len(data) - 1})
    for cut in cuts:
        path.write_bytes(data[:cut])
        with pytest.raises(
            KerjaMatchError, match=rf"{path}: not valid JSON|cannot read {path}(?s:.*)not valid utf-8"
        ):
            Taxonomy.from_json(path)
    path.write_bytes(data)
    assert Taxonomy.from_json(path).to_dict() == small_taxonomy().to_dict()


def test_a_truncated_csv_taxonomy_is_an_error_unless_cut_at_a_row_end(tmp_path: Path) -> None:
    """CSV carries no row count: a file cut exactly after a row reads as a shorter taxonomy
    (JSON, the bundled format, always detects a cut). Every other cut is an error."""
    whole = tmp_path / "whole.csv"
    small_taxonomy().to_csv(whole)
    text = whole.read_text(encoding="utf-8")
    row_ends = {i + 1 for i, char in enumerate(text) if char == "\n"}
    path = tmp_path / "tax.csv"
    errors = 0
    for cut in range(1, len(text)):
        path.write_text(text[:cut], encoding="utf-8", newline="")
        try:
            loaded: Taxonomy | KerjaMatchError = Taxonomy.from_csv(path)
        except KerjaMatchError as error:
            loaded = error
        if isinstance(loaded, KerjaMatchError):
            assert str(path) in str(loaded)
            errors += 1
        else:  # only whole rows: a prefix of the concepts, each exactly as written
            assert cut in row_ends or text[cut] in "\r\n" or text[cut:].strip() in ("", "1")
            original = {c.id: c for c in small_taxonomy()}
            assert all(c.id in original for c in loaded)
            if cut in row_ends:
                assert all(c == original[c.id] for c in loaded)
    assert errors > len(text) * 0.8


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "latin-1"])
def test_a_taxonomy_in_another_encoding_is_named(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "tax.json"
    path.write_bytes(small_taxonomy().to_json().encode(encoding, errors="replace"))
    with pytest.raises(
        KerjaMatchError,
        match=rf"cannot read {path}(?s:.*)line \d+, byte \d+ \(offset \d+\) is 0x[0-9a-f]{{2}}, not valid utf-8",
    ):
        Taxonomy.from_json(path)
    csv_path = tmp_path / "tax.csv"
    small_taxonomy().to_csv(csv_path)
    csv_path.write_bytes(csv_path.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    with pytest.raises(KerjaMatchError, match="not valid utf-8; the file is not UTF-8"):
        Taxonomy.from_csv(csv_path)


def test_a_taxonomy_with_a_cycle_names_it(tmp_path: Path) -> None:
    data = small_taxonomy().to_dict()
    data["concepts"][0]["broader"] = ["mfg.bubut"]  # mfg -> mfg.bubut -> mfg
    data["concepts"].append({"id": "self", "label": "self", "broader": ["self"]})
    path = tmp_path / "tax.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationProblems) as caught:
        Taxonomy.from_json(path)
    messages = [str(p) for p in caught.value.problems]
    assert "concept 'self': broader: is its own broader" in messages
    data["concepts"].pop()
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationProblems, match=r"concept 'mfg': broader: cycle: mfg -> mfg.bubut -> mfg"):
        Taxonomy.from_json(path)


@pytest.mark.parametrize("text", ["", "{}", "[]", '{"concepts": []}', '{"concepts": {}}', "null", '"tax"'])
def test_a_taxonomy_file_without_concepts_is_an_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "tax.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KerjaMatchError, match=str(path)):
        Taxonomy.from_json(path)


# -- catalogue files ------------------------------------------------------------------------------


def test_the_bundled_catalogue_and_taxonomy_load_cleanly() -> None:
    tax = default_taxonomy()
    assert tax.notes == []
    catalogue = blk_catalog()
    CourseRecommender(catalogue, taxonomy=tax)  # validates ids, prerequisites, cycles, concepts


def test_a_truncated_catalogue_is_reported(tmp_path: Path) -> None:
    courses = blk_catalog()[:4]
    whole = tmp_path / "courses.json"
    write_courses(courses, whole)
    data = whole.read_bytes()
    cut_json = tmp_path / "cut.json"
    for cut in range(0, len(data) - 2, 97):  # cut anywhere: the document does not parse
        cut_json.write_bytes(data[:cut])
        with pytest.raises(ValidationProblems, match=r"not valid JSON|the file is empty|not valid utf-8"):
            read_courses(cut_json)
    lines = tmp_path / "courses.jsonl"
    write_courses(courses, lines)
    text = lines.read_text(encoding="utf-8")
    cut_lines = tmp_path / "cut.jsonl"
    cut_lines.write_text(text[: len(text) // 2], encoding="utf-8")
    result = read_courses(cut_lines)
    assert [p.field for p in result.problems] == ["(json)"]  # the cut line, named by its number
    assert len(result.records) == result.problems[0].row - 1
    table = tmp_path / "courses.csv"
    write_courses(courses, table)
    text = table.read_text(encoding="utf-8")
    cut_table = tmp_path / "cut.csv"
    cut_table.write_text(text[: text.index("\n", len(text) // 2) - 30], encoding="utf-8")
    result = read_courses(cut_table)
    assert result.problems
    assert all(p.row is not None and p.row > 1 for p in result.problems)


def test_a_catalogue_in_another_encoding_or_with_a_cycle_is_named(tmp_path: Path) -> None:
    courses = [
        Course(id="blk-a", title="Pengukuran dengan jangka sorong — dasar", teaches=[SkillClaim(skill="x")], hours=40,
               prerequisites=("blk-b",)),
        Course(id="blk-b", title="Bubut", teaches=[SkillClaim(skill="y")], hours=40, prerequisites=("blk-a",)),
    ]  # fmt: skip
    path = tmp_path / "courses.csv"
    write_courses(courses, path, encoding="cp1252")
    with pytest.raises(ValidationProblems, match=r"line 2, byte \d+ .* not valid utf-8.*encoding='cp1252'"):
        read_courses(path)
    read = read_courses(path, encoding="cp1252", strict=True).records
    assert read == courses
    tax = Taxonomy([{"id": "x", "label": "x"}, {"id": "y", "label": "y"}], name="xy")
    with pytest.raises(
        ValidationProblems, match=r"course 'blk-a': prerequisites: cycle: blk-a -> blk-b -> blk-a"
    ):
        CourseRecommender(read, taxonomy=tax)


# -- privacy --------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl"])
@pytest.mark.parametrize("written", [NIK, "3216 0912 0390 0001", "32.16.09.120390.0001", f"pencaker-{NIK}"])
def test_a_nik_id_is_refused_on_every_read_path_and_never_repeated(
    tmp_path: Path, suffix: str, written: str
) -> None:
    path = tmp_path / f"candidates{suffix}"
    if suffix == ".csv":
        path.write_text(f"id,skills\n{written},bubut:2\nc-1,bubut:2\n", encoding="utf-8")
    elif suffix == ".json":
        path.write_text(json.dumps([{"id": written}, {"id": "c-1"}]), encoding="utf-8")
    else:
        path.write_text(
            json.dumps({"id": written}) + "\n" + json.dumps({"id": "c-1"}) + "\n", encoding="utf-8"
        )
    result = read_candidates(path)
    assert [c.id for c in result.records] == ["c-1"]
    (problem,) = result.problems
    assert problem.field == "id"
    assert "use a pseudonymous id such as 'c-000123'" in problem.message
    report = tmp_path / "problems.csv"
    write_problems(result.problems, report)
    digits = "".join(ch for ch in written if ch.isdigit())
    for text in (str(problem), repr(problem), report.read_text(encoding="utf-8")):
        assert digits not in "".join(ch for ch in text if ch.isdigit() or ch == "\n")
    with pytest.raises(ValidationProblems) as caught:
        read_candidates(path, strict=True)
    assert digits not in "".join(ch for ch in str(caught.value) if ch.isdigit())


def test_a_nik_id_is_refused_by_every_entry_point_without_repeating_it() -> None:
    record = {"id": NIK, "skills": [{"skill": "bubut"}]}
    for call in (
        lambda: parse_records(Candidate, [record]),
        lambda: FitScorer(taxonomy=Taxonomy([{"id": "bubut", "label": "bubut"}])).fit([{"id": "v", "employer": "e"}]).score(record, {"id": "v", "employer": "e"}),
    ):  # fmt: skip
        with pytest.raises(ValidationProblems, match="pseudonymous") as caught:
            call()
        assert NIK not in str(caught.value)
        assert NIK not in repr(caught.value.problems)
    for fine in ("c-000123", "c-3216", "321609120390000", "32160912039000012"):  # not 16 digits
        assert Candidate(id=fine).id == fine


def test_library_never_logs_or_prints() -> None:
    """Only the CLI talks to a terminal; library modules return values and raise errors."""
    found = []
    for path in MODULES:
        if path.is_relative_to(CLI_PACKAGE):
            continue
        for node in ast.walk(parsed(path)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                found += [
                    (path.name, n) for n in names if n.split(".")[0] in ("logging", "loguru", "structlog")
                ]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                found.append((path.name, "print"))
            elif isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr"):
                found.append((path.name, f"sys.{node.attr}"))
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "warn":
                found.append((path.name, "warnings.warn"))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "tqdm":
                desc = [k.value for k in node.keywords if k.arg == "desc"]
                if desc and not isinstance(desc[0], ast.Constant):  # a bar's label must not carry a record
                    found.append((path.name, "tqdm(desc=<not a constant>)"))
    assert found == []
