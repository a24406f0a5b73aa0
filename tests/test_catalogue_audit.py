"""The bundled BLK catalogue teaches what its titles name, and the taxonomy's concept ids stay stable.

A course titled "Pengukuran dengan Alat Ukur (Jangka Sorong, Mikrometer)" that teaches only the
parent concept leaves every Jangka sorong gap open: plans then print "no course closes: Jangka
sorong" although the office runs that very course. Two checks, one by hand and one by machine:

- ``title_names`` (a documentation key of each catalogue row, reviewed by hand) lists the concepts
  the title names; each must be taught, itself or through a narrower concept;
- the title cut at parentheses, commas and slashes, each part read by the normaliser: a part it
  resolves confidently names a concept the course must teach the same way (so a renamed title
  cannot drift from what the course teaches unnoticed).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import kerja_match as km
from kerja_match.courses import CourseRecommender
from kerja_match.datasets.catalog import blk_catalog
from kerja_match.normalize import SkillNormalizer

#: A title part the normaliser resolves at least this confidently names a concept.
CONFIDENT = 0.9
CONCEPT_IDS = Path(__file__).parent / "data" / "taxonomy_concept_ids.txt"


@pytest.fixture(scope="module")
def tax() -> km.Taxonomy:
    return km.default_taxonomy()


def _rows() -> list[dict[str, Any]]:
    text = resources.files("kerja_match.datasets").joinpath("blk_catalog.json").read_text(encoding="utf-8")
    rows: list[dict[str, Any]] = json.loads(text)["courses"]
    return rows


def _taught_under(course: km.Course, concept_id: str, tax: km.Taxonomy) -> bool:
    """Whether ``course`` teaches ``concept_id`` itself or a narrower concept of it."""
    return any(t.skill == concept_id or concept_id in tax.ancestors(t.skill) for t in course.teaches)


def title_parts(title: str) -> list[str]:
    """'A (B, C) D' -> ['A', 'D', 'B', 'C']: what a title names, one phrase each."""
    inner = re.findall(r"\(([^)]*)\)", title)
    outer = re.sub(r"\([^)]*\)", ",", title)
    return [part.strip() for chunk in (outer, *inner) for part in re.split(r"[,/]", chunk) if part.strip()]


def test_title_parts_split_at_brackets_commas_and_slashes() -> None:
    assert title_parts("Pengukuran dengan Alat Ukur (Jangka Sorong, Mikrometer)") == [
        "Pengukuran dengan Alat Ukur",
        "Jangka Sorong",
        "Mikrometer",
    ]
    assert title_parts("Pengelasan GMAW / CO2") == ["Pengelasan GMAW", "CO2"]


def test_every_course_lists_the_concepts_its_title_names(tax: km.Taxonomy) -> None:
    rows = _rows()
    assert len(rows) == len(blk_catalog())
    for row in rows:
        assert row.get("title_names"), f"{row['id']}: no title_names"
        for concept_id in row["title_names"]:
            assert concept_id in tax, f"{row['id']}: title_names {concept_id!r} is not a concept"


def test_every_concept_a_title_names_is_taught(tax: km.Taxonomy) -> None:
    by_id = {c.id: c for c in blk_catalog()}
    untaught = [
        (row["id"], concept_id)
        for row in _rows()
        for concept_id in row["title_names"]
        if not _taught_under(by_id[row["id"]], concept_id, tax)
    ]
    assert untaught == []


def test_what_the_normaliser_reads_in_a_title_is_taught(tax: km.Taxonomy) -> None:
    normalizer = SkillNormalizer().fit(tax)
    untaught = []
    for course in blk_catalog():
        parts = title_parts(course.title)
        for part, match in zip(parts, normalizer.match(parts), strict=True):
            named = match.concept_id is not None and match.score >= CONFIDENT
            if named and not _taught_under(course, str(match.concept_id), tax):
                untaught.append((course.id, part, match.concept_id))
    assert untaught == []


def test_the_measuring_tools_course_closes_a_jangka_sorong_gap(tax: km.Taxonomy) -> None:
    rec = CourseRecommender(blk_catalog(), taxonomy=tax)
    candidate = km.Candidate(id="c-ukur", skills=[km.SkillClaim(skill="manufaktur.pemesinan.bubut", level=2)])
    vacancy = km.Vacancy(
        id="v-qc-ukur",
        employer="PT Presisi Contoh",
        openings=2,
        requirements=[km.SkillRequirement(skill="manufaktur.pengukuran.alat_ukur.jangka_sorong", level=2)],
    )
    plan = rec.recommend(candidate, target=vacancy)
    assert "blk-alat-ukur" in [c.id for c in plan.courses]
    assert plan.unreachable == ()
    assert plan.gaps_left == ()


def test_concept_ids_are_never_renamed_or_removed(tax: km.Taxonomy) -> None:
    published = [
        line.strip()
        for line in CONCEPT_IDS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(published) >= 150
    missing = [concept_id for concept_id in published if concept_id not in tax]
    assert missing == [], f"concept ids removed or renamed: {missing}"
