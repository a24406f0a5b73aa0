"""The ESCO loader on the small fixture in tests/data/esco: runs on a clone with nothing beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

import kerja_match as km
from kerja_match.errors import KerjaMatchError

ESCO = Path(__file__).resolve().parent / "data" / "esco"
SKILLS, BROADER = ESCO / "skills.csv", ESCO / "broader_relations.csv"
URI = "http://data.europa.eu/esco/skill/"
FORKLIFT = URI + "28cb374e-6261-4133-8371-f9a5470145da"
EB_WELDING = URI + "03305638-bd08-410a-a960-f963ad89cce6"
WELDING_EQUIPMENT = URI + "2fcd95a4-1f9a-41cf-95a9-4701bde476b4"
USE_WELDING_EQUIPMENT = URI + "2ee57de4-bffd-4194-b009-0060edec77cc"
WASTE_ROCK = URI + "8ddd7e74-d187-48a1-9009-ff06b268f6cc"
NOT_IN_SKILLS = URI + "0005c151-5b5a-4a66-8aac-60e734beb1ab"


def test_skills_alone_one_concept_per_uri_with_every_label_of_a_repeated_uri():
    tax = km.Taxonomy.from_esco_csv(SKILLS)
    assert len(tax) == 9
    assert tax.notes == ["1 row(s) repeat a conceptUri; their labels were merged"]
    waste = tax.get(WASTE_ROCK)
    assert waste.label == "manage waste rock"
    assert {"handle waste rock", "waste rock management", "manage waste"} <= set(waste.alt_labels)
    assert all(not c.group and not c.broader for c in tax)


def test_alt_labels_are_split_on_newlines_and_uris_kept_as_codes():
    forklift = km.Taxonomy.from_esco_csv(SKILLS).get(FORKLIFT)
    assert forklift.label == "operate forklift"
    assert forklift.alt_labels == ("drive forklift", "drive a forklift", "operate a forklift")
    assert forklift.codes == {"esco": FORKLIFT}
    assert forklift.kind == "hard"


def test_broader_relations_build_the_hierarchy_up_to_the_pillar():
    tax = km.Taxonomy.from_esco_csv(SKILLS, BROADER)
    skills = [c for c in tax if not c.group]
    groups = [c for c in tax if c.group]
    assert len(skills) == 9
    assert len(groups) == 24  # every SkillGroup on a path up from a loaded skill, no other
    assert NOT_IN_SKILLS not in {c.id for c in tax}
    assert tax.get(EB_WELDING).broader[-1] == WELDING_EQUIPMENT  # a skill under a skill
    assert tax.get(USE_WELDING_EQUIPMENT).broader == ()  # no relation: stays a root
    assert len(tax.ancestors(FORKLIFT)) == 4
    assert tax.summary()["max_depth"] == 6
    assert all(g.label.endswith(g.id) for g in groups)  # groups carry no label in the files


def test_a_normalizer_fitted_on_the_fixture_finds_esco_concepts():
    tax = km.Taxonomy.from_esco_csv(SKILLS, BROADER)
    norm = km.SkillNormalizer().fit(tax)
    found = norm.match(["Drive a Forklift", "welding skills", "tanam padi di sawah"])
    assert [m.concept_id for m in found[:2]] == [FORKLIFT, URI + "530cb489-d900-46ab-9350-4d50ccd49eea"]
    assert found[2].concept_id is None


def test_a_skills_file_without_its_columns_is_refused(tmp_path):
    bad = tmp_path / "skills.csv"
    bad.write_text("uri,label\nx,y\n", encoding="utf-8")
    with pytest.raises(KerjaMatchError, match="conceptUri"):
        km.Taxonomy.from_esco_csv(bad)
