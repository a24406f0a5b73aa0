"""Indonesian job-ad phrasing, family by family (issues 13 and 14): basic literacy and time
flexibility are not skills, a word many labels share decides nothing inside a phrase while a word
only one skill holds decides anywhere, a phrase that is a label lands on that label's concept, a
soft quality after a head word is no skill of its own, and a soft category named first yields to the
narrower soft skill it introduces.

Every phrase was written for these tests (the evaluation data is for measuring only).
"""

from __future__ import annotations

import pytest

import kerja_match as km
from kerja_match.normalize import SkillExtractor, SkillNormalizer, read_job_ad
from kerja_match.normalize._lexical_ranker import Ranked
from kerja_match.normalize._parts import (
    GENERIC_WORD_CONCEPTS,
    common_one_word_labels,
    narrowest_of_overlaps,
    part_readings,
    specific_one_word_labels,
)
from kerja_match.normalize._requirements import requirement_kind


@pytest.fixture(scope="module")
def normalizer() -> SkillNormalizer:
    return SkillNormalizer().fit(km.default_taxonomy())


@pytest.fixture(scope="module")
def extractor(normalizer: SkillNormalizer) -> SkillExtractor:
    return SkillExtractor(normalizer).fit(normalizer.taxonomy_)


# -- basic literacy is the floor of schooling --------------------------------------------------------
@pytest.mark.parametrize(
    "phrase",
    [
        "Lancar membaca dan menulis",
        "Mampu baca tulis",
        "Bisa membaca, menulis dan berhitung",
        "Dapat membaca & menulis (untuk mengisi checklist harian)",
        "Tidak buta huruf",
        "Can read and write",
        "Calistung",
    ],
)
def test_basic_literacy_is_education_not_a_skill(normalizer: SkillNormalizer, phrase: str) -> None:
    assert requirement_kind(phrase) == "education"
    match = normalizer.match_one(phrase)
    assert match.concept_id is None
    assert match.requirement_kind == "education"


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("Sanggup membaca gambar kerja las", "manufaktur.gambar.baca_gambar"),
        ("Bisa membaca dan memahami gambar teknik", "manufaktur.gambar.baca_gambar"),
    ],
)
def test_reading_with_an_object_stays_a_skill(normalizer: SkillNormalizer, phrase: str, concept: str) -> None:
    assert requirement_kind(phrase) is None
    assert normalizer.match_one(phrase).concept_id == concept


def test_writing_with_an_object_is_no_literacy_rule() -> None:
    assert requirement_kind("Menulis laporan shift dengan rapi") is None
    assert requirement_kind("Membaca dan menulis dokumen berbahasa Jepang") is None


@pytest.mark.parametrize("phrase", ["Report writing", "technical writing", "proposal writing", "Writing"])
def test_an_english_gerund_with_its_object_before_it_is_a_skill(phrase: str) -> None:
    # English puts the object first ("report writing"): only "reading and writing" is literacy
    assert requirement_kind(phrase) is None
    assert requirement_kind("Basic reading and writing") == "education"


# -- time flexibility is availability ----------------------------------------------------------------
@pytest.mark.parametrize(
    "phrase", ["Fleksibel soal jam kerja", "fleksibel dengan jadwal", "Flexible working hours"]
)
def test_flexible_hours_are_availability(phrase: str) -> None:
    assert requirement_kind(phrase) == "availability"


def test_flexibility_alone_stays_a_quality() -> None:
    assert requirement_kind("Fleksibel dan mudah beradaptasi") is None


# -- common and specific one-word labels inside a part -------------------------------------------------
def _exact_with_common_word() -> dict[str, tuple[int, ...]]:
    # "mesin" alone is a label of concept 0 and a word of the labels of GENERIC_WORD_CONCEPTS others
    exact: dict[str, tuple[int, ...]] = {"mesin": (0,), "plts": (50,), "panel surya": (50,)}
    exact.update({f"mesin x{i}": (1 + i,) for i in range(GENERIC_WORD_CONCEPTS)})
    return exact


def test_common_and_specific_one_word_labels() -> None:
    exact = _exact_with_common_word()
    leaves = frozenset(range(60))
    assert common_one_word_labels(exact) == frozenset({"mesin"})
    assert specific_one_word_labels(exact, leaves, frozenset()) == frozenset({"plts"})
    assert specific_one_word_labels(exact, leaves, frozenset({50})) == frozenset()  # soft: never
    assert specific_one_word_labels(exact, leaves - {50}, frozenset()) == frozenset()  # not a leaf


def test_a_common_word_decides_nothing_inside_a_part() -> None:
    exact = _exact_with_common_word()
    leaves = frozenset(range(60))
    weak = Ranked((3,), (0.1,), False)
    readings = part_readings(
        {"servis mesin": "servis mesin"},
        {"servis mesin": weak},
        exact,
        leaves,
        common=common_one_word_labels(exact),
    )
    assert readings["servis mesin"] == []
    without_rule = part_readings({"servis mesin": "servis mesin"}, {"servis mesin": weak}, exact, leaves)
    assert (1.01, "mesin") in without_rule["servis mesin"]


def test_a_specific_word_decides_in_a_longer_part_but_not_after_a_field() -> None:
    exact = _exact_with_common_word()
    leaves = frozenset(range(60))
    specific = specific_one_word_labels(exact, leaves, frozenset())
    weak = Ranked((3,), (0.1,), False)
    forms = {
        "rawat rutin sistem plts": "perawatan rutin sistem PLTS",
        "usaha jual panel plts": "di perusahaan penjual panel PLTS",
    }
    ranked = dict.fromkeys(forms, weak)
    readings = part_readings(forms, ranked, exact, leaves, specific=specific)
    assert any(label == "plts" for _, label in readings["rawat rutin sistem plts"])
    assert readings["usaha jual panel plts"] == []  # a field phrase says where, not what


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("Perawatan berkala sistem PLTS atap", "listrik.instalasi.plts"),
        ("Pemrograman mikro kontroler", "listrik.elektronika.mikrokontroler"),
        ("Paham micro controller", "listrik.elektronika.mikrokontroler"),
    ],
)
def test_a_specific_term_is_found_inside_a_phrase(
    normalizer: SkillNormalizer, phrase: str, concept: str
) -> None:
    assert normalizer.match_one(phrase).concept_id == concept


def test_a_specific_term_after_a_field_word_is_no_skill(normalizer: SkillNormalizer) -> None:
    match = normalizer.match_one("Pernah bekerja di perusahaan furniture")
    assert match.concept_id is None


# -- a phrase that is a label lands on that label's concept ---------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "concept"),
    [("Presentasi", "soft.sosial.komunikasi"), ("productive", "soft.pribadi.produktivitas")],
)
def test_the_owner_of_an_exact_label_ranks_first(
    normalizer: SkillNormalizer, phrase: str, concept: str
) -> None:
    match = normalizer.match_one(phrase)
    assert match.concept_id == concept
    assert match.method == "exact"


def test_bahasa_indonesia_is_communication_not_another_language(normalizer: SkillNormalizer) -> None:
    match = normalizer.match_one("Menguasai Bahasa Indonesia dengan baik")
    assert match.concept_id == "soft.sosial.komunikasi"


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("Bisa membawa mobil box", "logistik.mengemudi.mobil"),
        ("Terbiasa bawa truk engkel", "logistik.mengemudi.truk"),
    ],
)
def test_membawa_a_vehicle_is_driving_it(normalizer: SkillNormalizer, phrase: str, concept: str) -> None:
    assert normalizer.match_one(phrase).concept_id == concept


# -- whole ads ------------------------------------------------------------------------------------------
def _skills(ad: km.JobAd) -> set[str]:
    return {r.skill for r in (*ad.vacancy.requirements, *ad.vacancy.soft_requirements)}


def test_a_soft_word_after_a_head_word_is_no_mention(extractor: SkillExtractor) -> None:
    text = "Persyaratan:\n- Terbiasa memakai program Accurate\n- Bekerja dengan teliti"
    mentions = extractor.extract(text)
    quality = [m for m in mentions if m.concept_id == "soft.pribadi.cermat_teliti"]
    assert [m.text for m in quality] == ["teliti"]  # after "dengan" (a filler) the quality is asked for


def test_a_soft_category_named_first_yields_to_its_narrower_skill(extractor: SkillExtractor) -> None:
    ad = read_job_ad(
        "Kualifikasi:\n- Punya kemampuan analisa serta pemecahan masalah yang cepat\n",
        id="v-soft",
        employer="PT Contoh Presisi",
        extractor=extractor,
    )
    assert "soft.berpikir.masalah" in _skills(ad)
    assert "soft.berpikir" not in _skills(ad)


def test_literacy_and_flexible_hours_in_an_ad_are_no_requirements(extractor: SkillExtractor) -> None:
    ad = read_job_ad(
        "Kualifikasi:\n- Bisa baca tulis\n- Fleksibel soal jam kerja\n- Mampu mengoperasikan forklift\n",
        id="v-lit",
        employer="CV Contoh Gudang",
        extractor=extractor,
    )
    assert _skills(ad) == {"logistik.gudang.forklift"}
    kinds = {m.requirement_kind for m in ad.mentions if m.concept_id is None}
    assert {"education", "availability"} <= kinds


# -- a label the phrase spells out beats a fuzzy match on scattered words ---------------------------------
def test_of_overlapping_labels_the_narrowest_concept_wins() -> None:
    exact = {"teknik las": (1,), "las listrik": (2,), "las": (1,)}
    found = [(0, "teknik las"), (1, "las listrik")]
    assert narrowest_of_overlaps(found, exact, leaves=frozenset({2})) == [(1, "las listrik")]
    assert narrowest_of_overlaps(found, exact, leaves=frozenset()) == found  # no narrowest: both stay


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("Paham teknik pengelasan listrik pada pipa", "logam.las.smaw"),
        ("Memahami sistem listrik gedung", "listrik"),
        ("Mengerti sistem kelistrikan panel", "listrik"),
    ],
)
def test_the_spelled_out_label_decides(normalizer: SkillNormalizer, phrase: str, concept: str) -> None:
    assert normalizer.match_one(phrase).concept_id == concept


def test_a_word_after_another_skill_names_what_it_works_on(extractor: SkillExtractor) -> None:
    ad = read_job_ad(
        "Kualifikasi:\n- Berpengalaman sebagai mekanik truk minimal 2 tahun\n- Menguasai sistem kerja forklift\n",
        id="v-obj",
        employer="CV Contoh Armada",
        extractor=extractor,
    )
    skills = _skills(ad)
    assert "logistik.mengemudi.truk" not in skills  # a truck mechanic drives nothing
    assert "logistik.gudang.forklift" in skills  # after a generic word ("kerja") the label stands
