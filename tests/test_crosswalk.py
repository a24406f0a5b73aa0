"""Crosswalk: another taxonomy aligned onto the fitted one, reviewed as CSV, applied by Taxonomy.merge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kerja_match.datasets import default_taxonomy
from kerja_match.errors import ValidationProblems
from kerja_match.normalize import Crosswalk, CrosswalkRow, SkillNormalizer
from kerja_match.normalize._crosswalk import build_crosswalk
from kerja_match.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def normalizer() -> SkillNormalizer:
    return SkillNormalizer().fit(default_taxonomy())


@pytest.fixture(scope="module")
def company() -> Taxonomy:
    """A company's own competency list: some of it in the bundled taxonomy, some not."""
    return Taxonomy(
        [
            {
                "id": "C-01",
                "label": "Operator bubut",
                "alt_labels": ("lathe operator", "membubut benda kerja"),
            },
            {"id": "C-02", "label": "Pengelasan SMAW", "alt_labels": ("las listrik",)},
            {"id": "C-03", "label": "Forklift", "alt_labels": ("mengemudikan forklift",)},
            {"id": "C-04", "label": "Tari Jaipong", "alt_labels": ("jaipong dance",)},
            {"id": "C-00", "label": "Kompetensi teknik", "group": True},
        ],
        name="company",
    )


def test_every_concept_gets_a_row_with_target_or_none(normalizer: SkillNormalizer, company: Taxonomy) -> None:
    walk = normalizer.crosswalk(company)
    assert [r.source_id for r in walk.rows] == ["C-01", "C-02", "C-03", "C-04"]  # groups are not aligned
    mapping = walk.mapping()
    assert mapping["C-01"] == normalizer.match_one("mesin bubut").concept_id
    assert mapping["C-02"] == normalizer.match_one("SMAW").concept_id
    assert mapping["C-03"] == normalizer.match_one("forklift").concept_id
    assert mapping["C-04"] is None
    assert [r.source_id for r in walk.unmatched()] == ["C-04"]
    for row in walk.rows:
        assert 0.0 <= row.confidence <= 1.0
        assert (row.target_id is None) == (row.confidence < normalizer.score_cutoff)
        assert all(cid != row.target_id for cid, _ in row.alternatives)


def test_csv_round_trip_edit_and_merge(
    normalizer: SkillNormalizer, company: Taxonomy, tmp_path: Path
) -> None:
    walk = normalizer.crosswalk(company)
    path = tmp_path / "crosswalk.csv"
    walk.to_csv(path)
    back = Crosswalk.from_csv(path)
    assert back.mapping() == walk.mapping()
    assert [(r.source_id, round(r.confidence, 4)) for r in back.rows] == [
        (r.source_id, round(r.confidence, 4)) for r in walk.rows
    ]
    # a reviewer decides that C-03 is new after all: blank its target and save
    text = path.read_text(encoding="utf-8").splitlines()
    edited = [
        line if not line.startswith("C-03,") else ",".join(["C-03", "Forklift", "", "", "0.0", ""])
        for line in text
    ]
    path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    reviewed = Crosswalk.from_csv(path)
    assert reviewed.mapping()["C-03"] is None

    own = default_taxonomy()
    merged = own.merge(company, reviewed.mapping())
    lathe = merged.get(walk.mapping()["C-01"])
    assert "lathe operator" in lathe.all_labels() or merged.by_label("lathe operator")
    assert "C-04" in merged
    assert "C-03" in merged
    assert len(merged) == len(own) + 3  # C-03, C-04 and the group C-00


def test_from_csv_reports_every_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "source_id,source_label,target_id,target_label,confidence,alternatives\n"
        "a,A,x,X,high,\n"
        ",B,y,Y,0.5,\n"
        "c,C,z,Z,0.5,nonsense\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationProblems, match=r"3 problem\(s\)") as info:
        Crosswalk.from_csv(path)
    assert [p.row for p in info.value.problems] == [2, 3, 4]


def test_crosswalk_validation_and_not_a_taxonomy(normalizer: SkillNormalizer) -> None:
    with pytest.raises(ValidationProblems, match="repeated"):
        Crosswalk([CrosswalkRow("a", "A", None, None, 0.0), CrosswalkRow("a", "A", None, None, 0.0)])
    with pytest.raises(ValidationProblems, match=r"must be in \[0, 1\]"):
        Crosswalk([CrosswalkRow("a", "A", None, None, 1.5)])
    with pytest.raises(
        ValidationProblems,
        match=re.escape("The 'other' parameter of SkillNormalizer.crosswalk must be a Taxonomy."),
    ):
        normalizer.crosswalk({})  # type: ignore[arg-type]
    with pytest.raises(ValidationProblems) as raised:
        build_crosswalk(object(), [], n_alternatives=-1)  # type: ignore[arg-type]
    assert [p.field for p in raised.value.problems] == ["normalizer", "other", "n_alternatives"]
    assert "The 'normalizer' parameter of build_crosswalk must be an object with a match() method." in str(
        raised.value
    )


def test_to_frame(normalizer: SkillNormalizer, company: Taxonomy) -> None:
    frame = normalizer.crosswalk(company).to_frame()
    assert list(frame.columns) == [
        "source_id",
        "source_label",
        "target_id",
        "target_label",
        "confidence",
        "alternatives",
    ]
    assert len(frame) == 4
