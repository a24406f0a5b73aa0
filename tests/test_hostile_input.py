"""Hostile text: the normaliser, the records, the scorer and the readers never crash on odd text.

They return an abstention, a record, or a problem/error that says what is wrong; nothing is lost.
HOSTILE is a fixed list of the classic troublemakers; the fuzz tests add hypothesis-generated text
(any Unicode code point except lone surrogates, which cannot be written to a file) on a bounded budget.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kerja_match._identifiers import identity
from kerja_match.datasets import bekasi_regions, default_taxonomy
from kerja_match.errors import KerjaMatchError, ValidationProblems
from kerja_match.io import ReadResult, format_claims, read_candidates, read_vacancies
from kerja_match.models import MAX_TEXT_LENGTH, Candidate, SkillClaim, SkillRequirement, Vacancy
from kerja_match.normalize import SkillNormalizer
from kerja_match.scoring import FitScorer
from kerja_match.taxonomy import Taxonomy
from kerja_match.text import MAX_PHRASE_LENGTH, canonical

HOSTILE: list[str] = [
    # empty and whitespace of every kind
    "",
    " ",
    "\t\n\r ",
    "\u3000\u00a0\u2007",
    # very long
    "a" * 100_000,
    "mesin bubut " * 9_000,
    "las" * 40_000,
    "x" * (MAX_TEXT_LENGTH + 1),
    # control characters and NUL bytes
    "\x00",
    "\x00" * 50,
    "bubut\x00las",
    "\x01\x02\x1b[31mred\x1b[0m",
    "\x7f\x85\x9f",
    "line\u2028separator\u2029paragraph",
    "\r\n\r\n",
    # emoji, with joiners, modifiers and flags
    "🔧🔩",
    "👷🏽‍♀️ las listrik",
    "🏳️‍🌈",
    "las 🔥🔥🔥 smaw",
    # right-to-left text and bidi controls
    "مهارة اللحام",
    "עברית",
    "\u202eturbub nisem\u202c",
    "\u200f\u200e\u061c",
    # mixed scripts, homoglyphs, full-width, combining marks
    "mesin bubut 旋盤 токарный",
    "мesin bubut",  # Cyrillic м
    "ｍｅｓｉｎ ｂｕｂｕｔ",
    "e\u0301" * 500,
    "z\u0336\u0337\u0338" * 100,
    # byte-order marks, replacement and private-use characters, the last code point
    "\ufeffmesin bubut",
    "\ufffd\ufffd",
    "\ue000\U0010ffff",
    # things that look like code or data
    "<script>alert(1)</script>",
    "'; DROP TABLE skills; --",
    "%s%n{0}{}",
    "NaN",
    "1e309",
    "null",
    "[]",
    "{}",
    "__import__('os')",
]
# What pydantic's str_strip_whitespace strips (Unicode White_Space); str.strip() also strips \x1c-\x1f.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\x1c\x1d\x1e\x1f")


def stripped(text: str) -> str:
    return text.strip(WHITESPACE)


# text that is written to files too: everything but lone surrogates
fuzz_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60) | st.sampled_from(HOSTILE[:-8])


@cache
def normalizer() -> SkillNormalizer:
    return SkillNormalizer().fit(default_taxonomy())


def check_match(match: object, phrase: str) -> None:
    assert match.phrase == phrase
    assert match.concept_id is None or match.concept_id in normalizer().taxonomy_
    assert math.isfinite(match.score)
    assert 0.0 <= match.score <= 1.0
    assert match.method in ("id", "exact", "part", "fuzzy", "semantic", "none", "too_long", "nonskill")
    assert (match.concept_id is None) == (match.method in ("none", "too_long", "nonskill"))
    if len(phrase) > MAX_PHRASE_LENGTH:
        assert match.method == "too_long"


# -- the normaliser and canonical text ------------------------------------------------------------


def test_normaliser_answers_every_hostile_phrase_in_order() -> None:
    matches = normalizer().match(HOSTILE)
    assert len(matches) == len(HOSTILE)
    for match, phrase in zip(matches, HOSTILE, strict=True):
        check_match(match, phrase)


@pytest.mark.parametrize(
    "phrase", ["", " ", "\t\n\r ", "\x00", "\x00" * 50, "🔧🔩", "\u200f\u200e\u061c", "\ufffd"]
)
def test_text_without_words_abstains(phrase: str) -> None:
    match = normalizer().match_one(phrase)
    assert match.concept_id is None
    assert match.method == "none"


def test_lone_surrogates_and_long_text_are_read_not_crashed() -> None:
    phrases = ["\ud800", "bubut\udfff", "\ud83d" * 10, "mesin bubut" + "\x00" * 100_000]
    for match, phrase in zip(normalizer().match(phrases), phrases, strict=True):
        check_match(match, phrase)


def test_full_width_and_bom_spell_the_same_skill_as_plain_text() -> None:
    plain = normalizer().match_one("mesin bubut").concept_id
    assert plain is not None
    assert normalizer().match_one("ｍｅｓｉｎ ｂｕｂｕｔ").concept_id == plain
    assert normalizer().match_one("\ufeffmesin bubut").concept_id == plain


def test_phrases_longer_than_the_documented_limit_abstain_unread() -> None:
    """The normaliser abstains on a phrase past MAX_PHRASE_LENGTH (method "too_long") rather than
    matching a truncated part; records refuse such text outright (test_records_refuse_text_past_the_limit)."""
    head = "mesin bubut "
    long_phrase = head + "z" * (10 * MAX_PHRASE_LENGTH)
    assert canonical(long_phrase) == canonical(long_phrase[:MAX_PHRASE_LENGTH])
    match = normalizer().match_one(long_phrase)
    check_match(match, long_phrase)
    assert match.method == "too_long"
    assert normalizer().match_one(head + "z" * (MAX_PHRASE_LENGTH - len(head))).method != "too_long"


def test_non_text_phrases_are_a_clear_error() -> None:
    with pytest.raises(KerjaMatchError, match=r"phrases must be str; #1 is NoneType, #2 is bytes"):
        normalizer().match(["bubut", None, b"las"])  # type: ignore[list-item]


@pytest.mark.parametrize("phrase", HOSTILE)
def test_canonical_is_clean_and_idempotent(phrase: str) -> None:
    form = canonical(phrase)
    assert isinstance(form, str)
    assert form == canonical(form)
    assert form.isprintable()
    assert form == stripped(form)
    assert "  " not in form


@settings(max_examples=120, deadline=None)
@given(st.lists(st.text(max_size=80) | st.sampled_from(HOSTILE), min_size=1, max_size=8))
def test_fuzz_normaliser_never_crashes(phrases: list[str]) -> None:
    matches = normalizer().match(phrases)
    assert len(matches) == len(phrases)
    for match, phrase in zip(matches, phrases, strict=True):
        check_match(match, phrase)
    # the same phrase alone gets the same answer as in a batch (no cross-talk between phrases)
    assert normalizer().match_one(phrases[0]) == matches[0]


# -- records --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_records_take_or_refuse_hostile_text_with_a_named_field(text: str) -> None:
    for build, field in (
        (lambda t: Candidate(id=t), "id"),
        (lambda t: SkillClaim(skill=t), "skill"),
        (lambda t: Vacancy(id="v1", employer=t), "employer"),
        (lambda t: Vacancy(id="v1", employer="PT A", title=t), "title"),
        (lambda t: SkillRequirement(skill=t), "skill"),
    ):
        try:
            outcome: object = build(text)
        except ValidationError as error:
            outcome = error
        # an id is kept as people read it (NFKC, invisible characters removed): look-alikes are one id
        expected = identity(text) if field == "id" else stripped(text)
        if isinstance(outcome, ValidationError):
            assert [e["loc"] for e in outcome.errors()] == [(field,)]
            assert len(expected) == 0 or len(stripped(text)) > MAX_TEXT_LENGTH
        else:
            assert getattr(outcome, field) == expected


@pytest.mark.parametrize("field", ["id", "skill", "employer", "title"])
def test_records_refuse_text_past_the_limit(field: str) -> None:
    long = "a" * (MAX_TEXT_LENGTH + 1)
    build = {
        "id": lambda: Candidate(id=long),
        "skill": lambda: SkillClaim(skill=long),
        "employer": lambda: Vacancy(id="v1", employer=long),
        "title": lambda: Vacancy(id="v1", employer="PT A", title=long),
    }[field]
    with pytest.raises(
        ValidationError, match=rf"{field}\n  String should have at most {MAX_TEXT_LENGTH} characters"
    ):
        build()
    ok = "a" * MAX_TEXT_LENGTH
    assert SkillClaim(skill=ok).skill == ok


def test_scorer_reports_every_hostile_skill_it_cannot_resolve() -> None:
    """Nothing is dropped silently: each candidate phrase is resolved or listed as unresolved."""
    tax = normalizer().taxonomy_
    bubut = normalizer().match_one("mesin bubut").concept_id
    vac = Vacancy(id="v1", employer="PT A", requirements=[SkillRequirement(skill=bubut, level=1)])
    scorer = FitScorer(taxonomy=tax, normalizer=normalizer(), gazetteer=bekasi_regions()).fit([vac])
    usable = [stripped(t) for t in HOSTILE if 0 < len(stripped(t)) <= MAX_TEXT_LENGTH]
    cand = Candidate(id="c1", skills=[SkillClaim(skill=t, level=2) for t in usable])
    fit = scorer.score(cand, vac)
    assert 0.0 <= fit.score <= 1.0
    resolved = {m.phrase for m in normalizer().match(usable) if m.concept_id is not None}
    assert set(fit.unresolved) == set(usable) - resolved
    matrix = scorer.score_matrix([cand])
    assert math.isclose(float(matrix[0, 0]), fit.score, abs_tol=1e-6)


def test_taxonomy_with_hostile_labels_is_built_or_refused_clearly() -> None:
    concepts = [{"id": f"k{i}", "label": text} for i, text in enumerate(HOSTILE)]
    with pytest.raises(ValidationProblems) as caught:
        Taxonomy(concepts, name="hostile")
    fields = {(p.record, p.field) for p in caught.value.problems}
    # empty and whitespace-only labels are named, concept by concept
    for i, text in enumerate(HOSTILE):
        if not stripped(text):
            assert (f"concept 'k{i}'", "label") in fields
    only_symbols = Taxonomy([{"id": "k1", "label": "🔧🔩"}, {"id": "k2", "label": "\u200f"}], name="symbols")
    with pytest.raises(KerjaMatchError, match="no non-group concept with a label that has letters or digits"):
        SkillNormalizer().fit(only_symbols)


# -- readers --------------------------------------------------------------------------------------


def write_candidates_file(path: Path, rows: list[dict], file_format: str) -> None:
    """What a hand-made file would hold: CSV cells via the csv module, JSON via json."""
    if file_format == "csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "skills", "domicile"])
            for row in rows:
                writer.writerow([row["id"], row["skills_cell"], row["domicile"]])
    elif file_format == "json":
        path.write_text(json.dumps([_json_row(r) for r in rows], ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text("\n".join(json.dumps(_json_row(r)) for r in rows) + "\n", encoding="utf-8")


def _json_row(row: dict) -> dict:
    return {"id": row["id"], "skills": [{"skill": row["skill"], "level": 2}], "domicile": row["domicile"]}


def check_nothing_lost(path: Path, rows: list[dict], line_of: list[int]) -> None:
    """Each row is a record (with its id) or has a problem at its row number; no record is invented."""
    result = read_or_refuse(path)
    if isinstance(result, ValidationProblems):  # the whole file refused: it must say why
        assert result.problems
        assert all(p.message for p in result.problems)
        return
    kept = {r.id for r in result.records}
    assert len(kept) == len(result.records)
    assert kept <= {identity(r["id"]) for r in rows}  # ids as people read them (NFKC, no invisibles)
    problem_rows = {p.row for p in result.problems}
    for row, line in zip(rows, line_of, strict=True):
        assert identity(row["id"]) in kept or line in problem_rows, (row, line, result.problems)
    assert all(p.message and p.field and p.record for p in result.problems)


@pytest.mark.parametrize("file_format", ["csv", "json", "jsonl"])
def test_readers_keep_or_report_every_hostile_row(tmp_path: Path, file_format: str) -> None:
    texts = [t for t in HOSTILE if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
    rows = [
        {"id": f"c{i}", "skill": text, "skills_cell": f"{text}:2", "domicile": "32.16.09"}
        for i, text in enumerate(texts)
    ]
    rows += [{"id": text, "skill": "bubut", "skills_cell": "bubut:2", "domicile": "32.16"} for text in texts]
    rows += [
        {"id": f"d{i}", "skill": "bubut", "skills_cell": "bubut", "domicile": text}
        for i, text in enumerate(texts)
    ]
    path = tmp_path / f"hostile.{file_format}"
    write_candidates_file(path, rows, file_format)
    line_of = csv_lines(rows) if file_format == "csv" else list(range(1, len(rows) + 1))
    check_nothing_lost(path, rows, line_of)
    result = read_candidates(path)
    # the 100,000-character skill is refused by name, its value shortened in the message
    long_row = HOSTILE.index("a" * 100_000)
    long_problems = [p for p in result.problems if p.record == f"candidate 'c{long_row}'"]
    assert long_problems
    assert "at most 1000 characters" in long_problems[0].message
    assert len(long_problems[0].message) < 300


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(fuzz_text, fuzz_text), min_size=1, max_size=5),
    st.sampled_from(["csv", "json", "jsonl"]),
)
def test_fuzz_readers_keep_or_report_every_row(
    tmp_path: Path, texts: list[tuple[str, str]], file_format: str
) -> None:
    rows = [
        {
            "id": f"c{i}-{a[:20]}",
            "skill": b,
            "skills_cell": format_claims([SkillClaim(skill=stripped(b) or "x", level=2)])
            if stripped(b) and len(stripped(b)) <= MAX_TEXT_LENGTH
            else b,
            "domicile": "32.16",
        }
        for i, (a, b) in enumerate(texts)
    ]
    path = tmp_path / f"fuzz.{file_format}"
    write_candidates_file(path, rows, file_format)
    check_nothing_lost(path, rows, csv_lines(rows) if file_format == "csv" else list(range(1, len(rows) + 1)))


def read_or_refuse(path: Path) -> ReadResult[Candidate] | ValidationProblems:
    try:
        return read_candidates(path)
    except ValidationProblems as error:
        return error


def csv_lines(rows: list[dict]) -> list[int]:
    """The line each row starts on: a quoted cell may span lines ('\\r', '\\n' or '\\r\\n')."""
    line_of, line = [], 2
    for row in rows:
        line_of.append(line)
        for key in ("id", "skills_cell", "domicile"):
            cell = str(row[key])
            line += cell.count("\n") + cell.count("\r") - cell.count("\r\n")
        line += 1
    return line_of


@pytest.mark.parametrize("file_format", ["csv", "json", "jsonl"])
def test_vacancy_reader_with_hostile_employers(tmp_path: Path, file_format: str) -> None:
    texts = [t for t in HOSTILE if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
    records = [{"id": f"v{i}", "employer": text, "openings": 1} for i, text in enumerate(texts)]
    path = tmp_path / f"vacancies.{file_format}"
    if file_format == "csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "employer", "openings"])
            writer.writeheader()
            writer.writerows(records)
    elif file_format == "json":
        path.write_text(json.dumps(records), encoding="utf-8")
    else:
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = read_vacancies(path)
    kept = {v.id for v in result.records}
    bad = {p.record for p in result.problems}
    for i, text in enumerate(texts):
        assert (f"v{i}" in kept) != (f"vacancy 'v{i}'" in bad)
        if f"v{i}" not in kept:
            assert not stripped(text) or len(stripped(text)) > MAX_TEXT_LENGTH
