"""Taxonomy: every validation rule with a pinned message, hierarchy walks, loaders round-trip."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from kerja_match.errors import KerjaMatchError, ValidationProblems
from kerja_match.taxonomy import Concept, Taxonomy

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "esco"


def small() -> Taxonomy:
    return Taxonomy(
        [
            Concept(id="mfg", label="Manufaktur", labels={"id": "Manufaktur", "en": "Manufacturing"}),
            Concept(id="mfg.machining", label="Pemesinan", broader=("mfg",)),
            Concept(
                id="mfg.machining.lathe",
                label="Membubut",
                labels={"id": "Membubut", "en": "Lathe operation"},
                alt_labels=("mesin bubut", "lathe"),
                broader=("mfg.machining",),
                codes={"skkni": "C.28LOG07.005.2"},
            ),
            Concept(
                id="mfg.machining.milling", label="Frais", alt_labels=("milling",), broader=("mfg.machining",)
            ),
            Concept(id="soft.discipline", label="Disiplin", kind="soft"),
        ],
        name="small",
    )


def test_sized_iterable_and_lookup() -> None:
    tax = small()
    assert len(tax) == 5
    assert next(c.id for c in tax) == "mfg"
    assert "mfg.machining.lathe" in tax
    assert tax.get("mfg.machining.lathe").label_in("en") == "Lathe operation"
    assert tax.get("mfg.machining").label_in("en") == "Pemesinan"  # falls back to label
    assert [c.id for c in tax.by_label("  MESIN   Bubut ")] == ["mfg.machining.lathe"]
    assert tax.by_label("nothing") == []
    with pytest.raises(KerjaMatchError, match="taxonomy 'small': no concept with id 'nope'"):
        tax.get("nope")


def test_hierarchy_walks() -> None:
    tax = small()
    assert tax.ancestors("mfg.machining.lathe") == ["mfg.machining", "mfg"]
    assert tax.descendants("mfg") == ["mfg.machining", "mfg.machining.lathe", "mfg.machining.milling"]
    assert tax.children("mfg.machining") == ["mfg.machining.lathe", "mfg.machining.milling"]
    assert tax.parents("mfg.machining.lathe") == ["mfg.machining"]
    assert tax.roots() == ["mfg", "soft.discipline"]
    assert tax.depth("mfg.machining.lathe") == 3
    assert tax.summary() == {
        "concepts": 5,
        "hard": 4,
        "soft": 1,
        "groups": 0,
        "labels": 10,
        "roots": 2,
        "max_depth": 3,
    }


def test_all_problems_reported_at_once() -> None:
    concepts = [
        {"id": "a", "label": "Las"},
        {"id": "a", "label": "Las lagi"},
        {"id": "b", "label": "las"},
        {"id": "c", "label": "C", "broader": ["zzz"]},
        {"id": "d", "label": "D", "alt_labels": ["  "]},
        {"id": "e", "label": ""},
    ]
    with pytest.raises(ValidationProblems) as info:
        Taxonomy(concepts, name="bad")
    text = str(info.value)
    assert "invalid taxonomy 'bad'" in text
    assert "concept 'e': label: String should have at least 1 character" in text
    assert "concept 'a': id: duplicate id" in text
    assert "concept 'b': labels: label 'las' already names concept 'a'" in text
    assert "concept 'c': broader: unknown broader concept id" in text
    assert "concept 'd': labels: empty label" in text
    assert len(info.value.problems) == 5


def test_cycles_are_reported() -> None:
    concepts = [
        {"id": "a", "label": "A", "broader": ["c"]},
        {"id": "b", "label": "B", "broader": ["a"]},
        {"id": "c", "label": "C", "broader": ["b"]},
        {"id": "d", "label": "D", "broader": ["d"]},
    ]
    with pytest.raises(ValidationProblems) as info:
        Taxonomy(concepts)
    text = str(info.value)
    assert "concept 'd': broader: is its own broader" in text
    concepts.pop()
    with pytest.raises(ValidationProblems, match=r"broader: cycle: a -> c -> b -> a"):
        Taxonomy(concepts)


def test_shared_labels_allowed_when_asked() -> None:
    tax = Taxonomy([{"id": "a", "label": "x"}, {"id": "b", "label": "X"}], shared_labels="allow")
    assert [c.id for c in tax.by_label("x")] == ["a", "b"]
    with pytest.raises(
        KerjaMatchError,
        match=re.escape(
            "The 'shared_labels' parameter of Taxonomy must be 'error' or 'allow'. Got 'maybe' instead."
        ),
    ):
        Taxonomy([], shared_labels="maybe")  # type: ignore[arg-type]


def test_json_round_trip(tmp_path: Path) -> None:
    tax = small()
    path = tmp_path / "t.json"
    tax.to_json(path)
    again = Taxonomy.from_json(path)
    assert list(again) == list(tax)
    assert again.name == "small"
    buffer = io.StringIO()
    tax.to_json(buffer)
    assert list(Taxonomy.from_json(io.StringIO(buffer.getvalue()))) == list(tax)


def test_csv_round_trip(tmp_path: Path) -> None:
    tax = small()
    path = tmp_path / "t.csv"
    tax.to_csv(path)
    assert list(Taxonomy.from_csv(path)) == list(tax)


def test_broken_files_give_clear_errors(tmp_path: Path) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"concepts": [', encoding="utf-8")
    with pytest.raises(KerjaMatchError, match=r"bad.json: not valid JSON"):
        Taxonomy.from_json(bad_json)
    wrong_shape = tmp_path / "list.json"
    wrong_shape.write_text("[]", encoding="utf-8")
    with pytest.raises(KerjaMatchError, match=r"expected an object with a 'concepts' list, got list"):
        Taxonomy.from_json(wrong_shape)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,label\na,Peng\xe9lasan\n".encode("latin-1"))
    with pytest.raises(KerjaMatchError, match=r"line 2, byte 7 \(offset 15\) is 0xe9, not valid utf-8"):
        Taxonomy.from_csv(latin)
    no_label = tmp_path / "nolabel.csv"
    no_label.write_text("id,name\na,b\n", encoding="utf-8")
    with pytest.raises(KerjaMatchError, match=r"missing \['label'\]"):
        Taxonomy.from_csv(no_label)
    with pytest.raises(KerjaMatchError, match="no such file"):
        Taxonomy.from_json(tmp_path / "absent.json")


def test_extend_and_merge() -> None:
    tax = small()
    other = Taxonomy(
        [
            Concept(id="x.turning", label="turning", alt_labels=("bubut",), codes={"esco": "uri:1"}),
            Concept(id="x.grinding", label="grinding", broader=("x.turning",)),
        ]
    )
    extended = tax.extend(Taxonomy([Concept(id="new", label="Baru")]))
    assert len(extended) == 6
    assert "new" in extended
    with pytest.raises(ValidationProblems, match="exists in both taxonomies with other content"):
        tax.extend([Concept(id="mfg", label="Other")])
    merged = tax.merge(other, {"x.turning": "mfg.machining.lathe", "x.grinding": None})
    lathe = merged.get("mfg.machining.lathe")
    assert "turning" in lathe.alt_labels
    assert "bubut" in lathe.alt_labels
    assert lathe.codes == {"esco": "uri:1", "skkni": "C.28LOG07.005.2"}
    assert merged.get("x.grinding").broader == ("mfg.machining.lathe",)
    with pytest.raises(ValidationProblems, match="not a concept of this taxonomy"):
        tax.merge(other, {"x.turning": "nope"})


@pytest.mark.needs_shared("data/esco/skills_taxonomy.csv")
def test_esco_loader_reads_every_concept_and_hierarchy() -> None:
    flat = Taxonomy.from_esco_csv(SHARED / "skills_taxonomy.csv")
    # 13,865 rows; 3 URIs appear on two rows each and are merged (and said so in notes).
    assert len(flat) == 13_862
    assert flat.notes == ["3 row(s) repeat a conceptUri; their labels were merged"]
    tree = Taxonomy.from_esco_csv(
        SHARED / "skills_taxonomy.csv", SHARED / "broaderRelationsSkillPillar_en.csv"
    )
    skills = [c for c in tree if not c.group]
    assert len(skills) == 13_862
    assert sum(c.group for c in tree) > 500
    assert sum(bool(c.broader) for c in skills) > 13_000
    assert tree.summary()["max_depth"] >= 4
