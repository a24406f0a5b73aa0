"""The bundled vocational taxonomy: size, bilingual labels, hierarchy, seed competencies, codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import kerja_match as km
from kerja_match.normalize import SkillNormalizer
from kerja_match.text import canonical

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "domain"
# Codes verified in ../shared/data/domain (SKKNI rows not marked UNVERIFIED; KBJI 2014 targets),
# copied here so the test also runs where shared/ is absent.
VERIFIED_SKKNI = {
    "C.28LOG20.003.2", "C.28LOG15.002.2", "C.28LOG12.008.2", "C.28LOG09.002.2", "C.28LOG18.001.2",
    "C.28LOG07.005.2", "C.28LOG12.002.2", "D.35.142.00.002.1", "D.35.144.00.002.1", "D.35.142.03.028.1",
    "D.35.144.03.028.1", "D.35.142.03.030.1", "C.25LAS01.001.1", "C.25LAS01.026.1", "C.25LAS01.029.1",
    "LOG.OO02.005.01",
}  # fmt: skip
VERIFIED_KBJI = {
    "722303", "722302", "722305", "814204", "741299", "741101", "311301", "754301", "721201",
    "932902", "821901", "312204", "834400", "815301", "723302", "325701",
}  # fmt: skip


@pytest.fixture(scope="module")
def tax() -> km.Taxonomy:
    return km.default_taxonomy()


@pytest.fixture(scope="module")
def normalizer(tax: km.Taxonomy) -> SkillNormalizer:
    return SkillNormalizer().fit(tax)


def test_size_and_kinds(tax: km.Taxonomy) -> None:
    assert len(tax) >= 150
    soft = [c for c in tax if c.kind == "soft"]
    assert len(soft) >= 12
    assert all(c.id == "soft" or c.id.startswith("soft.") for c in soft)
    assert all(c.kind == "hard" for c in tax if not c.id.startswith("soft"))


def test_every_concept_is_bilingual_with_a_plain_id(tax: km.Taxonomy) -> None:
    for concept in tax:
        assert set(concept.labels) == {"id", "en"}, concept.id
        assert concept.labels["id"].strip(), concept.id
        assert concept.labels["en"].strip(), concept.id
        assert concept.label == concept.labels["id"], concept.id
        assert concept.id.replace(".", "").replace("_", "").isalnum(), concept.id
        assert concept.id == concept.id.lower(), concept.id
        assert concept.id.isascii(), concept.id


def test_hierarchy_is_sector_field_skill(tax: km.Taxonomy) -> None:
    for concept in tax:
        parts = concept.id.split(".")
        if len(parts) == 1:
            assert concept.broader == ()
        else:
            assert concept.broader == (".".join(parts[:-1]),), concept.id
    depth = {c.id: len(c.id.split(".")) for c in tax}
    assert max(depth.values()) <= 4
    # every field has skills under it, and every sector has fields
    for concept in tax:
        if depth[concept.id] < 3:
            assert tax.children(concept.id), concept.id


def test_leaf_concepts_have_enough_alternative_labels(tax: km.Taxonomy) -> None:
    leaves = [c for c in tax if not tax.children(c.id)]
    assert len(leaves) >= 120
    thin = [c.id for c in leaves if len(c.alt_labels) < 5]
    assert not thin


@pytest.mark.parametrize(
    ("phrase", "concept_id"),
    [
        ("mesin bubut", "manufaktur.pemesinan.bubut"),
        ("alat ukur", "manufaktur.pengukuran.alat_ukur"),
        ("jangka sorong", "manufaktur.pengukuran.alat_ukur.jangka_sorong"),
        ("vernier caliper", "manufaktur.pengukuran.alat_ukur.jangka_sorong"),
        ("mikrometer", "manufaktur.pengukuran.alat_ukur.mikrometer"),
        ("dial indicator", "manufaktur.pengukuran.alat_ukur.dial_indicator"),
        ("injection moulding", "manufaktur.plastik.injection"),
        ("blow moulding", "manufaktur.plastik.blow"),
        ("extrusion", "manufaktur.plastik.extrusion"),
        ("kelistrikan", "listrik"),
        ("SMAW", "logam.las.smaw"),
        ("las CO2", "logam.las.gmaw"),
        ("las argon", "logam.las.gtaw"),
        ("FCAW", "logam.las.fcaw"),
        ("PLC", "listrik.industri.plc"),
        ("forklift", "logistik.gudang.forklift"),
        ("K3", "manufaktur.k3.k3_umum"),
        ("disiplin", "soft.pribadi.disiplin"),
        ("sikap kerja", "soft.pribadi.sikap_kerja"),
    ],
)
def test_seed_competencies_are_labels(tax: km.Taxonomy, phrase: str, concept_id: str) -> None:
    assert [c.id for c in tax.by_label(phrase)] == [concept_id]


def test_measuring_tools_are_narrower_than_alat_ukur(tax: km.Taxonomy) -> None:
    tools = set(tax.children("manufaktur.pengukuran.alat_ukur"))
    assert {
        "manufaktur.pengukuran.alat_ukur.jangka_sorong",
        "manufaktur.pengukuran.alat_ukur.mikrometer",
        "manufaktur.pengukuran.alat_ukur.dial_indicator",
    } <= tools


@pytest.mark.parametrize(
    "field",
    [
        "manufaktur.pemesinan.frais", "manufaktur.pemesinan.cnc", "logam.las.oxy", "listrik.instalasi.bangunan",
        "listrik.industri.motor_control", "otomotif.mobil.mekanik", "otomotif.mobil.rem", "otomotif.motor.servis",
        "otomotif.motor.kelistrikan", "listrik.pendingin.ac", "garmen.produksi.jahit",
        "kantor.administrasi.perkantoran", "tik.pemrograman.web", "tik.pemrograman.mobile",
        "tik.pemrograman.database", "jasa.boga.masak", "jasa.boga.bakery", "jasa.kecantikan.rias",
        "jasa.kecantikan.rambut",
    ],
)  # fmt: skip
def test_blk_programme_fields_exist(tax: km.Taxonomy, field: str) -> None:
    assert field in tax


def test_no_two_concepts_share_a_canonical_label(tax: km.Taxonomy) -> None:
    # the loader rejects shared labels after case folding; the normaliser compares canonical
    # forms, so two concepts must not meet there either
    owner: dict[str, str] = {}
    clashes = []
    for concept in tax:
        for text in concept.all_labels():
            form = canonical(text)
            if owner.setdefault(form, concept.id) != concept.id:
                clashes.append((text, owner[form], concept.id))
    assert not clashes


def test_codes_are_only_verified_ones(tax: km.Taxonomy) -> None:
    for concept in tax:
        assert set(concept.codes) <= {"skkni", "kbji2014", "esco"}, concept.id
        if "skkni" in concept.codes:
            assert concept.codes["skkni"] in VERIFIED_SKKNI, concept.id
        if "kbji2014" in concept.codes:
            assert concept.codes["kbji2014"] in VERIFIED_KBJI, concept.id
        if "esco" in concept.codes:
            assert concept.codes["esco"].startswith("http://data.europa.eu/esco/skill/"), concept.id
    assert tax.get("manufaktur.pemesinan.bubut").codes == {
        "skkni": "C.28LOG07.005.2",
        "kbji2014": "722303",
        "esco": "http://data.europa.eu/esco/skill/e4a9ec84-4eb3-494b-8a70-0fcf0d687f03",
    }


@pytest.mark.needs_shared("data/domain")
def test_verified_code_lists_match_shared_data() -> None:
    with open(SHARED / "skkni_units.csv", encoding="utf-8") as f:
        skkni = {r["unit_code"] for r in csv.DictReader(f) if "UNVERIFIED" not in r["verification"]}
    with open(SHARED / "kbji2014_target_occupations.csv", encoding="utf-8") as f:
        kbji = {r["kbji2014_code"] for r in csv.DictReader(f)}
    assert skkni == VERIFIED_SKKNI
    assert kbji == VERIFIED_KBJI


def test_non_skill_words_are_not_labels(tax: km.Taxonomy) -> None:
    # salary, age, height, location, education level, working days: never skills
    banned = {
        "gaji",
        "umk",
        "usia",
        "umur",
        "tinggi badan",
        "lokasi",
        "cikarang",
        "smk",
        "sma",
        "lulusan",
        "senin",
    }
    for concept in tax:
        for text in concept.all_labels():
            words = set(text.casefold().split())
            assert not (words & banned), (concept.id, text)


def test_conditions_of_work_are_not_skill_labels(tax: km.Taxonomy) -> None:
    # willingness to work shifts or be placed anywhere is a condition of the job, not adaptability
    adaptasi = {label.casefold() for label in tax.get("soft.pribadi.adaptasi").all_labels()}
    assert not {"bersedia kerja shift", "bersedia ditempatkan", "kerja shift", "shift work"} & adaptasi


@pytest.mark.parametrize(
    ("field", "skill", "word"),
    [
        ("manufaktur.perawatan", "manufaktur.perawatan.mesin", "maintenance"),
        ("manufaktur.mutu", "manufaktur.mutu.qc", "quality"),
        ("manufaktur.k3", "manufaktur.k3.k3_umum", "hse"),
        ("kantor.keuangan", "kantor.keuangan.akuntansi", "akuntansi"),
        ("logistik.gudang", "logistik.gudang.operasi", "warehousing"),
    ],
)
def test_fields_leave_bare_skill_words_to_their_skills(
    tax: km.Taxonomy, field: str, skill: str, word: str
) -> None:
    # a field labelled with the bare word people use for one of its skills wins it from the skill
    assert all(canonical(text) != word for text in tax.get(field).all_labels())
    assert any(canonical(text) == word for text in tax.get(skill).all_labels())


@pytest.mark.parametrize(
    ("phrase", "concept_id"),
    [
        ("akuntansi", "kantor.keuangan.akuntansi"),
        ("quality control", "manufaktur.mutu.qc"),
        ("teknisi maintenance", "manufaktur.perawatan.mesin"),
        ("HSE", "manufaktur.k3.k3_umum"),
        ("pengalaman 2 thn sbg opr mesin bubut", "manufaktur.pemesinan.bubut"),
        ("dibutuhkan welder CO2 berpengalaman min 1 thn", "logam.las.gmaw"),
        ("bisa nyetir mobil", "logistik.mengemudi.mobil"),
        ("maintenance sepeda motor", "otomotif.motor.servis"),
    ],
)
def test_job_ad_phrasings_land_on_the_skill(
    normalizer: SkillNormalizer, phrase: str, concept_id: str
) -> None:
    assert normalizer.match_one(phrase).concept_id == concept_id


def test_conditions_of_a_job_ad_abstain(normalizer: SkillNormalizer) -> None:
    phrases = ["usia maks 30 thn", "pria", "belum menikah", "bersedia kerja shift", "uang makan", "SKCK"]
    assert [m.concept_id for m in normalizer.match(phrases)] == [None] * len(phrases)
