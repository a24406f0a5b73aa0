"""Reading whole job ads and CVs: sections, enumerations, cues, flags, CVs and the CLI.

Every ad and CV here was written for these tests in the way Indonesian and English job ads are
written (no text from the dev sets). The default taxonomy is real; nothing is mocked.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import kerja_match as km
from kerja_match.cli import main
from kerja_match.io import read_candidates, read_vacancies
from kerja_match.normalize import SkillExtractor, read_cv, read_job_ad
from kerja_match.normalize._sections import read_units, split_pieces

AD_CNC = """PT Sinar Presisi Mandiri adalah perusahaan komponen otomotif di Cikarang.

Deskripsi Pekerjaan:
1. Mengoperasikan mesin CNC dan mesin bubut sesuai gambar kerja
2. Melakukan pengelasan SMAW untuk perbaikan jig

Kualifikasi :
- Pria, usia maks. 30 tahun, belum menikah
- Pendidikan min. SMK Teknik Mesin
- Pengalaman min. 2 tahun sebagai operator bubut/CNC
- Mampu membaca gambar teknik dan menggunakan alat ukur seperti jangka sorong, mikrometer
- Menguasai Microsoft Office (Word, Excel, PowerPoint), diutamakan memiliki sertifikat K3
- Memiliki SIM B1
- Berpenampilan menarik

Benefit:
- BPJS Kesehatan, makan siang, transport
"""

AD_WAREHOUSE = """Requirements:
* Minimum 1 year experience as forklift operator
* Basic knowledge of stock control and Microsoft Excel
* Good communication skills; English is a plus
Responsibilities:
* Load and unload trucks, keep the warehouse clean
"""

CV_TEXT = """DEWI LESTARI
Data Pribadi
Tempat/Tgl Lahir: Bekasi, 3 Maret 1999
Agama: Islam
Status: Belum menikah
No. HP: 0813-2222-4444
Email: dewi.lestari@contoh.id

Pendidikan
SMK Negeri 2 Cikarang Utara, Teknik Pemesinan (2014 - 2017)

Pengalaman Kerja
PT Cahaya Logam Abadi (2017 - 2021)
- Operator mesin bubut dan CNC, membaca gambar teknik
PT Plastindo Jaya (2021 - sekarang)
- Setting mold mesin injection

Pelatihan
- Pelatihan las SMAW, BLK Kabupaten Bekasi

Sertifikat
- SIO Forklift

Keahlian
- Mahir Microsoft Excel
- Teliti dan disiplin
"""


@pytest.fixture(scope="module")
def taxonomy() -> km.Taxonomy:
    return km.default_taxonomy()


@pytest.fixture(scope="module")
def extractor(taxonomy: km.Taxonomy) -> SkillExtractor:
    return SkillExtractor().fit(taxonomy)


@pytest.fixture(scope="module")
def cnc_ad(extractor: SkillExtractor) -> km.JobAd:
    return read_job_ad(
        AD_CNC, id="v-cnc", employer="PT Sinar Presisi Mandiri", location="32.16.09", extractor=extractor
    )


def _mention(ad_or_cv: km.JobAd | km.CV, text: str) -> km.Mention:
    found = [m for m in ad_or_cv.mentions if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in ad_or_cv.mentions]}"
    return found[0]


# -- layout ---------------------------------------------------------------------------------------


def test_headings_in_both_languages_open_their_sections() -> None:
    units = read_units(AD_CNC + "\n" + AD_WAREHOUSE)
    sections = {u.text: u.section for u in units}
    assert sections["Mengoperasikan mesin CNC dan mesin bubut sesuai gambar kerja"] == "duties"
    assert sections["Memiliki SIM B1"] == "requirements"
    assert sections["BPJS Kesehatan, makan siang, transport"] == "benefits"
    assert sections["Basic knowledge of stock control and Microsoft Excel"] == "requirements"
    assert sections["Load and unload trucks, keep the warehouse clean"] == "duties"
    assert units[0].section == "company"  # the opening before the first heading


def test_bullets_and_numbering_are_stripped_and_spans_index_the_text() -> None:
    text = "Kualifikasi:\n1. Teliti\n2) Jujur\n- Disiplin\n• Rapi\na. Sopan"
    units = read_units(text)
    assert [u.text for u in units] == ["Teliti", "Jujur", "Disiplin", "Rapi", "Sopan"]
    assert all(text[u.start : u.end] == u.text for u in units)


def test_a_heading_that_opens_a_line_keeps_the_rest_as_content() -> None:
    units = read_units("Persyaratan: menguasai AutoCAD\nTanggung jawab: membuat gambar kerja")
    assert [(u.section, u.text) for u in units] == [
        ("requirements", "menguasai AutoCAD"),
        ("duties", "membuat gambar kerja"),
    ]


def test_an_ad_without_headings_is_all_requirements() -> None:
    assert {u.section for u in read_units("Dicari tukang las.\nMampu las argon.")} == {"requirements"}


def test_pieces_split_enumerations_and_joins() -> None:
    text = "Menguasai Microsoft Office (Word, Excel) dan AutoCAD/SolidWorks"
    pieces = split_pieces(text)
    assert [p.text for p in pieces] == [
        "Menguasai Microsoft Office",
        "Word",
        "Excel",
        "AutoCAD",
        "SolidWorks",
    ]
    assert pieces[0].head
    assert not pieces[1].head


# -- mentions -------------------------------------------------------------------------------------


def test_mentions_never_overlap_and_quote_the_text(cnc_ad: km.JobAd) -> None:
    spans = sorted((m.start, m.end) for m in cnc_ad.mentions)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    assert all(AD_CNC[m.start : m.end] == m.text for m in cnc_ad.mentions)


def test_an_enumeration_in_parentheses_is_one_mention_per_item(cnc_ad: km.JobAd) -> None:
    assert _mention(cnc_ad, "Word").concept_id == "kantor.aplikasi.word"
    assert _mention(cnc_ad, "Excel").concept_id == "kantor.aplikasi.excel"
    assert _mention(cnc_ad, "PowerPoint").concept_id == "kantor.aplikasi.powerpoint"


def test_an_enumeration_after_seperti_names_the_instruments(cnc_ad: km.JobAd) -> None:
    assert _mention(cnc_ad, "jangka sorong").concept_id == "manufaktur.pengukuran.alat_ukur.jangka_sorong"
    assert _mention(cnc_ad, "mikrometer").concept_id == "manufaktur.pengukuran.alat_ukur.mikrometer"


def test_a_slash_joins_two_skills(cnc_ad: km.JobAd) -> None:
    concepts = {m.concept_id for m in cnc_ad.mentions if m.section == "requirements"}
    assert {"manufaktur.pemesinan.bubut", "manufaktur.pemesinan.cnc"} <= concepts


def test_a_skill_inside_a_long_sentence_is_found(extractor: SkillExtractor) -> None:
    text = "Kami mencari kandidat yang mampu melakukan perawatan mesin produksi secara rutin agar lini tidak berhenti"
    assert "manufaktur.perawatan.mesin" in {m.concept_id for m in extractor.extract(text)}


def test_dense_reading_finds_skills_in_prose_and_quotes_them(extractor: SkillExtractor) -> None:
    text = "Kandidat yang kami cari sudah terbiasa merakit panel listrik untuk mesin produksi di pabrik"
    mentions = extractor.extract(text)  # dense by default
    assert "listrik.instalasi.panel" in {m.concept_id for m in mentions}
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_mixed_indonesian_and_english(extractor: SkillExtractor) -> None:
    found = {
        m.concept_id
        for m in extractor.extract("Familiar dengan PLC Omron dan bisa baca wiring diagram panel")
    }
    assert "listrik.industri.plc" in found


def test_protected_words_are_never_skills(cnc_ad: km.JobAd) -> None:
    for mention in cnc_ad.mentions:
        if mention.text.lower().startswith(("pria", "usia", "belum menikah", "berpenampilan")):
            assert mention.concept_id is None


def test_non_skill_pieces_carry_their_kind(cnc_ad: km.JobAd) -> None:
    kinds = {m.requirement_kind for m in cnc_ad.mentions if m.concept_id is None}
    assert {"gender", "education"} <= kinds


def test_extract_before_fit_and_bad_text_are_errors(extractor: SkillExtractor) -> None:
    with pytest.raises(km.NotFittedError):
        SkillExtractor().extract("Menguasai Excel")
    with pytest.raises(km.KerjaMatchError, match="text must be str, got int"):
        extractor.extract(42)  # type: ignore[arg-type]
    with pytest.raises(km.ValidationProblems) as error:
        SkillExtractor(dense="yes", score_cutoff=2).fit(km.default_taxonomy())  # type: ignore[arg-type]
    assert "The 'dense' parameter of SkillExtractor" in str(error.value)
    assert "The 'score_cutoff' parameter of SkillExtractor" in str(error.value)


# -- job ads --------------------------------------------------------------------------------------


def test_requirements_come_from_the_requirement_sections_only(cnc_ad: km.JobAd) -> None:
    required = {r.skill for r in cnc_ad.vacancy.requirements}
    assert "logam.las.smaw" not in required  # named only under duties
    assert "logam.las.smaw" in {m.concept_id for m in cnc_ad.mentions if m.section == "duties"}
    assert {
        "manufaktur.pemesinan.bubut",
        "manufaktur.gambar.baca_gambar",
        "kantor.aplikasi.ms_office",
    } <= required


def test_an_enumeration_details_its_head_requirement(cnc_ad: km.JobAd) -> None:
    required = {r.skill for r in cnc_ad.vacancy.requirements}
    assert "kantor.aplikasi.ms_office" in required
    assert not {"kantor.aplikasi.word", "kantor.aplikasi.powerpoint"} & required


def test_required_and_preferred_cues(cnc_ad: km.JobAd) -> None:
    by_skill = {r.skill: r for r in cnc_ad.vacancy.requirements}
    assert by_skill["kantor.aplikasi.ms_office"].required
    assert not by_skill["manufaktur.k3.k3_umum"].required  # "diutamakan memiliki sertifikat K3"


def test_levels_from_cues_and_years(cnc_ad: km.JobAd, extractor: SkillExtractor) -> None:
    by_skill = {r.skill: r for r in cnc_ad.vacancy.requirements}
    assert by_skill["kantor.aplikasi.ms_office"].level == 3  # "menguasai"
    assert by_skill["manufaktur.pemesinan.bubut"].level == 3  # 2 years
    ad = read_job_ad("Kualifikasi:\n- Pengetahuan dasar Excel\n- Ahli las argon, pengalaman 5 tahun",
                     id="v2", employer="PT Contoh", extractor=extractor)  # fmt: skip
    levels = {r.skill: r.level for r in ad.vacancy.requirements}
    assert levels["kantor.aplikasi.excel"] == 1
    assert levels["logam.las.gtaw"] == 4


def test_other_requirements_are_typed_rows(cnc_ad: km.JobAd) -> None:
    kinds = {(o.kind, o.value) for o in cnc_ad.requirements_other}
    assert ("education", "SMK") in kinds
    assert ("licence", "SIM B1") in kinds
    assert cnc_ad.vacancy.min_education == km.Education.SMK


def test_every_protected_requirement_is_flagged_with_span_and_rule(cnc_ad: km.JobAd) -> None:
    kinds = {f.kind for f in cnc_ad.flags}
    assert {"gender", "age", "marital_status", "appearance"} <= kinds
    for flag in cnc_ad.flags:
        assert AD_CNC[flag.start : flag.end] == flag.text
        assert flag.rule
        assert flag.section == "requirements"
    assert {f.kind for f in cnc_ad.vacancy.flags} == kinds
    assert not any("BPJS" in f.text for f in cnc_ad.flags)  # benefits ask nothing of a candidate


def test_the_vacancies_file_leaves_the_derived_flags_out(cnc_ad: km.JobAd, tmp_path: Path) -> None:
    from kerja_match.io import write_vacancies

    write_vacancies([cnc_ad.vacancy], tmp_path / "v.csv")  # flags are listed in the flags table instead
    assert read_vacancies(tmp_path / "v.csv").records == [cnc_ad.vacancy.model_copy(update={"flags": ()})]


def test_skill_bullets_are_not_flagged(extractor: SkillExtractor) -> None:
    ad = read_job_ad(
        "Kualifikasi:\n- Menguasai Microsoft Excel\n- Memahami suku cadang sepeda motor\n- Teliti dan rapi",
        id="v3", employer="PT Contoh", extractor=extractor,
    )  # fmt: skip
    assert [f.text for f in ad.flags if f.kind != "ethnicity"] == []


def test_english_ad(extractor: SkillExtractor) -> None:
    ad = read_job_ad(AD_WAREHOUSE, id="v-wh", employer="CV Gudang Maju", extractor=extractor)
    required = {r.skill: r for r in ad.vacancy.requirements}
    assert "logistik.gudang.forklift" in required
    soft = {r.skill: r for r in ad.vacancy.soft_requirements}
    assert "soft.sosial.komunikasi" in soft
    english = [
        r
        for r in (*ad.vacancy.requirements, *ad.vacancy.soft_requirements)
        if r.skill == "bahasa.asing.inggris"
    ]
    assert english
    assert not english[0].required


def test_read_job_ad_names_the_record_on_bad_text() -> None:
    with pytest.raises(km.KerjaMatchError, match="job ad 'v9': text must be str"):
        read_job_ad(None, id="v9", employer="PT Contoh")  # type: ignore[arg-type]


def test_public_names() -> None:
    for name in ("SkillExtractor", "read_job_ad", "read_cv", "JobAd", "CV", "Mention"):
        assert name in km.__all__
        assert getattr(km, name) is not None


# -- CVs ------------------------------------------------------------------------------------------


def test_cv_skills_carry_evidence_and_levels(extractor: SkillExtractor) -> None:
    cv = read_cv(CV_TEXT, id="c-1", ktp_region="32.16", extractor=extractor)
    claims = {c.skill: c for c in (*cv.candidate.skills, *cv.candidate.soft_skills)}
    assert claims["logistik.gudang.forklift"].evidence == km.Evidence.CERTIFIED
    assert claims["logam.las.smaw"].evidence == km.Evidence.TRAINING
    assert claims["manufaktur.pemesinan.bubut"].evidence == km.Evidence.EXPERIENCE
    assert claims["kantor.aplikasi.excel"].level == 3  # "mahir"
    assert cv.candidate.education == km.Education.SMK


def test_cv_experience_years_from_ranges(extractor: SkillExtractor) -> None:
    import datetime as dt

    cv = read_cv(CV_TEXT, id="c-1", extractor=extractor, today=dt.date(2026, 12, 3))
    assert cv.candidate.experience_years == 9.0  # 2017-2021 and 2021-now, not the school years


def test_cv_personal_data_is_never_read(extractor: SkillExtractor) -> None:
    cv = read_cv(CV_TEXT, id="c-1", extractor=extractor)
    shown = " ".join(m.text for m in cv.mentions)
    for private in ("0813", "dewi.lestari@", "Islam", "Belum menikah"):
        assert private not in shown


# -- CLI ------------------------------------------------------------------------------------------


def test_cli_reads_a_folder_of_ads_into_files_score_reads(tmp_path: Path) -> None:
    folder = tmp_path / "iklan"
    folder.mkdir()
    (folder / "cnc-01.txt").write_text(AD_CNC, encoding="utf-8")
    (folder / "gudang-02.txt").write_text(AD_WAREHOUSE, encoding="utf-8")
    out, mentions, flags = tmp_path / "lowongan.csv", tmp_path / "sebutan.csv", tmp_path / "temuan.csv"
    code = main(["read-ads", str(folder), "--out", str(out), "--mentions-out", str(mentions),
                 "--flags-out", str(flags), "--location", "32.16.09", "-q"])  # fmt: skip
    assert code == 0
    vacancies = read_vacancies(out).records
    assert [v.id for v in vacancies] == ["cnc-01", "gudang-02"]
    assert "gender" in flags.read_text(encoding="utf-8")
    assert "jangka sorong" in mentions.read_text(encoding="utf-8")


def test_cli_reads_json_lines_of_cvs_and_reports_bad_lines(tmp_path: Path) -> None:
    source = tmp_path / "cv.jsonl"
    rows = [json.dumps({"id": "c-1", "text": CV_TEXT}), "{not json", json.dumps({"id": "c-2", "body": "x"})]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "pencari.csv"
    code = main(["read-cvs", str(source), "--out", str(out), "--ktp-region", "32.16", "-q"])
    assert code == 2  # two bad lines reported, the good CV written
    candidates = read_candidates(out).records
    assert [c.id for c in candidates] == ["c-1"]
    assert candidates[0].skills
