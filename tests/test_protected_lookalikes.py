"""Protected words inside domain terms, company names and food/product words are not requirements.

"Suku" (ethnic group) is also half of "suku cadang" (spare parts); "cacat" (disability) also names a
product defect; "cantik"/"sehat" are also words of a company's name or of a food. Every phrase here
was written for these tests; none is taken from the evaluation data.
"""

from __future__ import annotations

import pytest

import kerja_match as km
from kerja_match.normalize import SkillNormalizer, protected_spans, skill_remainder


@pytest.fixture(scope="module")
def normalizer() -> SkillNormalizer:
    return SkillNormalizer().fit(km.default_taxonomy())


WORK_TERMS = [
    "suku cadang",
    "Suku cadang alat berat",
    "Menyusun daftar suku cadang forklift",
    "cacat produk",
    "Mampu mendeteksi cacat",
    "Memilah barang cacat sebelum packing",
    "Mengenali jenis cacat las dan cara perbaikannya",
    "Menjaga produksi bebas cacat produk",
    "Instalasi tegangan tinggi",
    "Teknisi jaringan tinggi tegangan",
    "Staff admin PT Tampil Cantik",
    "Kasir di Klinik Sehat Medika",
    "Bekerja untuk Maju Sehat Tbk",
    "Memasak makanan sehat untuk karyawan",
    "Prepare healthy food for the canteen",
    "Merawat kucing ras di pet shop",
]


@pytest.mark.parametrize("phrase", WORK_TERMS)
def test_a_protected_word_inside_a_work_term_is_not_flagged(phrase: str) -> None:
    assert protected_spans(phrase) == []
    split = skill_remainder(phrase)
    assert split.kinds == ()
    assert split.remainder == phrase


STILL_PROTECTED = [
    ("Suku Jawa", "ethnicity"),
    ("suku Batak diutamakan", "ethnicity"),
    ("tidak cacat", "health"),
    ("Tidak cacat fisik", "health"),
    ("berpenampilan menarik", "appearance"),
    ("Wanita cantik", "appearance"),
    ("sehat jasmani", "health"),
    ("Sehat jasmani dan rohani", "health"),
    ("Kirim CV Pria", "gender"),
]


@pytest.mark.parametrize(("phrase", "kind"), STILL_PROTECTED)
def test_the_protected_requirement_itself_is_still_flagged(phrase: str, kind: str) -> None:
    assert kind in {span.kind for span in protected_spans(phrase)}


def test_a_company_name_does_not_hide_a_protected_word_after_it() -> None:
    kinds = [span.kind for span in protected_spans("PT Maju Jaya: wanita, usia max 25 tahun")]
    assert kinds == ["gender", "age"]


def test_spare_parts_in_a_requirement_stay_in_the_skill_text() -> None:
    split = skill_remainder("Mengelola stok suku cadang, pria")
    assert split.kinds == ("gender",)
    assert split.remainder == "Mengelola stok suku cadang"


def test_spare_parts_are_never_an_ethnicity_requirement(normalizer: SkillNormalizer) -> None:
    match = normalizer.match_one("suku cadang")
    assert match.requirement_kind is None
    assert match.method != "nonskill"


def test_an_ad_from_a_company_with_a_protected_word_in_its_name_is_flagged_only_for_its_bullets() -> None:
    text = (
        "Lowongan Admin Gudang - PT Tampil Cantik Sejahtera\n"
        "Kualifikasi:\n"
        "- Wanita, berpenampilan menarik\n"
        "- Mampu mengelola stok suku cadang\n"
        "- Teliti memeriksa cacat produk\n"
    )
    ad = km.read_job_ad(text, id="v1", employer="PT Tampil Cantik", location="32.16.09")
    flagged = sorted((flag.kind, flag.text) for flag in ad.vacancy.flags)
    assert flagged == [("appearance", "berpenampilan menarik"), ("gender", "Wanita")]
    assert "logistik.gudang.stok" in {r.skill for r in ad.vacancy.requirements}
