"""The normaliser on job-ad phrasing, family by family: labels inside longer phrases, enumerations,
typos, the specific concept over its parent, out-of-taxonomy abstention, the concepts added for
real factory ads, and stable concept ids.

Every phrase was written for these tests (the evaluation data is for measuring only).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

import kerja_match as km
from kerja_match.normalize import SkillNormalizer
from kerja_match.normalize._parts import contained_labels, phrase_parts


@pytest.fixture(scope="module")
def normalizer() -> SkillNormalizer:
    return SkillNormalizer().fit(km.default_taxonomy())


def concept_of(normalizer: SkillNormalizer, phrase: str) -> str | None:
    return normalizer.match_one(phrase).concept_id


@pytest.mark.parametrize(
    ("phrase", "accepted"),
    [
        # a known label inside a longer phrase
        ("Paham sistem FIFO", {"logistik.gudang.stok"}),
        ("Menguasai metode FIFO dan LIFO di gudang", {"logistik.gudang.stok"}),
        ("Menguasai soldering dan hot air gun", {"listrik.elektronika.reparasi"}),
        ("Memprogram arduino", {"listrik.elektronika.mikrokontroler"}),
        # enumerations: the first skill named decides, the others are alternatives
        ("Menguasai Microsoft Office (Word, Excel, PowerPoint)", {"kantor.aplikasi.ms_office"}),
        ("Mahir Ms Office seperti Excel dan Word", {"kantor.aplikasi.ms_office"}),
        ("Komunikasi yang baik, disiplin dan jujur", {"soft.sosial.komunikasi"}),
        (
            "Bisa mengoperasikan aplikasi desain seperti AutoCAD atau SolidWorks",
            {"manufaktur.gambar.autocad", "manufaktur.gambar.solidworks"},
        ),
        # the specific concept over its parent: welding with electricity is SMAW, not "listrik"
        ("Mampu mengelas dengan las listrik", {"logam.las.smaw"}),
        ("Menguasai las listrik (SMAW) dan las argon", {"logam.las.smaw"}),
        # one-word typos a person reads at once
        ("mesin bubud", {"manufaktur.pemesinan.bubut"}),
        ("mengoprasikan forklif", {"logistik.gudang.forklift"}),
        # experience in a named skill area
        ("pengalaman di bagian gudang", {"logistik.gudang.operasi"}),
        ("Bisa bahasa inggris aktif", {"bahasa.asing.inggris"}),
    ],
)
def test_job_ad_phrasing_lands_on_the_skill(
    normalizer: SkillNormalizer, phrase: str, accepted: set[str]
) -> None:
    assert concept_of(normalizer, phrase) in accepted


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("Teknisi CCTV", "tik.infrastruktur.cctv"),
        ("Berpengalaman sebagai operator boiler", "manufaktur.perawatan.boiler"),
        ("Mampu membuat RAB dan BOQ", "konstruksi.gedung.estimasi"),
        ("Menguasai SAP atau ERP", "kantor.aplikasi.erp"),
        ("Desain interior rumah tinggal", "konstruksi.gedung.desain_interior"),
        ("Perakitan battery pack lithium", "listrik.elektronika.baterai"),
        ("Perawatan panel surya", "listrik.instalasi.plts"),
        ("Gear hobbing", "manufaktur.pemesinan.hobbing"),
        ("Analisis data penjualan dengan Power BI", "kantor.administrasi.analisis_data"),
        ("Uji laboratorium kimia", "manufaktur.mutu.laboratorium"),
    ],
)
def test_concepts_added_for_real_factory_ads(normalizer: SkillNormalizer, phrase: str, concept: str) -> None:
    assert concept_of(normalizer, phrase) == concept


@pytest.mark.parametrize(
    "phrase",
    ["Mampu bermain piano", "Menguasai ilmu astronomi", "Paham tarian tradisional", "Hobi memancing"],
)
def test_a_skill_the_taxonomy_lacks_abstains(normalizer: SkillNormalizer, phrase: str) -> None:
    match = normalizer.match_one(phrase)
    assert match.concept_id is None
    assert match.method == "none"
    assert match.requirement_kind is None


def test_a_chosen_part_keeps_the_whole_phrase_candidates(normalizer: SkillNormalizer) -> None:
    match = normalizer.match_one("Menguasai Microsoft Office (Word, Excel, PowerPoint)")
    assert match.method == "part"
    scores = [match.score, *(s for _, s in match.alternatives)]
    assert scores == sorted(scores, reverse=True)
    assert match.concept_id not in {c for c, _ in match.alternatives}


def test_phrase_parts_cut_enumerations() -> None:
    assert phrase_parts("Menguasai Ms Office (Word, Excel) dan AutoCAD") == [
        "Menguasai Ms Office",
        "Word",
        "Excel",
        "AutoCAD",
    ]
    assert phrase_parts("mesin bubut") == []


def test_contained_labels_prefer_the_longest_then_the_earliest() -> None:
    exact = {"las": (0,), "las listrik": (1,), "listrik": (2,), "mesin": (3,)}
    assert contained_labels("teknik las listrik mesin", exact) == [(1, "las listrik"), (3, "mesin")]
    assert contained_labels("las listrik", exact) == []  # the whole form is a label itself


def test_concept_ids_are_stable() -> None:
    """Labelled data refers to concept ids: every id of the 2026.11 taxonomy is still there."""
    listed = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "taxonomy_ids_2026_11.txt"
    before = set(listed.read_text(encoding="utf-8").split())
    now = set(km.default_taxonomy().ids)
    assert len(before) == 183
    assert before <= now


def test_added_concepts_have_labels_in_both_languages() -> None:
    text = resources.files("kerja_match.datasets").joinpath("vocational_taxonomy.json").read_text("utf-8")
    concepts = {c["id"]: c for c in json.loads(text)["concepts"]}
    added = [
        "konstruksi.gedung.mep",
        "kantor.aplikasi.erp",
        "garmen.tekstil.mesin",
        "listrik.industri.instrumentasi",
    ]
    for cid in added:
        labels = concepts[cid]["labels"]
        assert labels["id"]
        assert labels["en"]
    esco = concepts["manufaktur.perawatan.boiler"]["codes"]["esco"]
    assert esco.startswith("http://data.europa.eu/esco/skill/")
