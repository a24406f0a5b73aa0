"""The canonical form of skill phrases: each stage pinned with Indonesian and English examples."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerja_match.text import MAX_PHRASE_LENGTH, canonical, tokens


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("  Mesin   BUBUT ", "mesin bubut"),
        ("Ｍｅｓｉｎ　Ｂｕｂｕｔ", "mesin bubut"),  # full-width forms (NFKC)
        ("mesin\u200bbubut", "mesinbubut"),  # zero-width space vanishes
        ("mesin\x00bubut", "mesin bubut"),  # control characters separate words
        ("las MIG/MAG", "las mig mag"),
        ("R&D", "r and d"),
    ],
)
def test_characters_case_and_spacing(phrase: str, expected: str) -> None:
    assert canonical(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("C++ programming", "c++ programming"),
        ("C#", "c#"),
        ("las CO2", "las co2"),
        ("las CO 2", "las co2"),
        ("K3", "k3"),
        ("K-3", "k3"),
        ("5S", "5s"),
        ("5R", "5s"),  # the Indonesian name of 5S (ringkas, rapi, resik, rawat, rajin)
        ("prinsip-prinsip K3", "prinsip k3"),  # reduplication is one word
    ],
)
def test_tokens_that_need_their_symbols(phrase: str, expected: str) -> None:
    assert canonical(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("ms ofice", "microsoft office"),
        ("MS Office", "microsoft office"),
        ("exel", "excel"),
        ("autokad", "autocad"),
        ("auto cad", "autocad"),
        ("mesin bubud", "mesin bubut"),
        ("mesin fris", "mesin frais"),
        ("bhs inggris", "bahasa inggris"),
        ("b. inggris", "bahasa inggris"),
        ("tanggungjawab", "tanggung jawab"),
        ("supir", "sopir"),
        ("injection moulding", "injection molding"),
        ("injection molding", "injection molding"),
        ("fork lift", "forklift"),
        ("roda 2", "sepeda motor"),
        # job-ad and CV shorthand
        ("opr bubut", "bubut"),
        ("mtc mesin", "maintenance mesin"),
        ("exp 2 thn sbg welder", "welder"),
        ("bikin website", "buat website"),
        ("montir mobil", "mekanik mobil"),
        ("displin", "disiplin"),
        ("bertanggungjawab", "tanggung jawab"),
        ("tehnisi listrik", "teknisi listrik"),
    ],
)
def test_spellings_and_abbreviations(phrase: str, expected: str) -> None:
    assert canonical(phrase) == expected


def test_ms_is_microsoft_only_before_an_office_name() -> None:
    assert canonical("ms word") == "microsoft word"
    assert canonical("ms") == "ms"


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("pengelasan", "las"),  # weld, not "kelas" (class) as a generic stemmer says
        ("mengelas", "las"),
        ("ngelas", "las"),  # Jakarta nge- prefix
        ("pembubutan", "bubut"),
        ("membubut", "bubut"),
        ("penjahit", "jahit"),
        ("menjahit", "jahit"),
        ("pengukuran", "ukur"),
        ("mengukur", "ukur"),
        ("pengemudi", "kemudi"),
        ("mengemudikan", "kemudi"),
        ("kepemimpinan", "pimpin"),  # two prefixes and a suffix
        ("ketelitian", "teliti"),
        ("berdisiplin", "disiplin"),
        ("pemrograman", "program"),
        ("perawatan", "rawat"),
        ("pemeliharaan", "pelihara"),
        ("menyelesaikan", "selesai"),
        ("kelistrikan", "listrik"),
    ],
)
def test_indonesian_affixes_reduce_to_domain_roots(word: str, root: str) -> None:
    assert canonical(word) == root


@pytest.mark.parametrize("word", ["kelas", "teknik", "kemudi", "kerja", "teliti", "pelat", "mesin"])
def test_roots_that_look_affixed_stay_whole(word: str) -> None:
    assert canonical(word) == word


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("mampu mengoperasikan mesin bubut", "mesin bubut"),
        ("berpengalaman di bidang pengelasan", "las"),
        ("pernah kerja di bagian gudang", "gudang"),
        ("menguasai Microsoft Excel", "microsoft excel"),
        ("disiplin tinggi", "disiplin"),
        ("berkomunikasi dengan baik", "komunikasi"),
        ("tukang bubut", "bubut"),
        ("operator jahit", "jahit"),
        ("membubut benda kerja", "bubut"),
        ("good communication skills", "communication"),
        ("ability to read technical drawings", "read technical drawings"),
        ("knowledge of welding", "welding"),
        ("experience in forklift operation", "forklift operation"),
        ("lathe operator", "lathe"),
        ("dibutuhkan operator bubut berpengalaman", "bubut"),
        ("dicari helper gudang", "gudang"),
        ("pengalaman min. 1-2 tahun di bagian QC", "qc"),
        ("las CO2 min 1 thn", "las co2"),
        ("mampu membagi waktu", "bagi waktu"),
        ("tanggung jawab terhadap pekerjaan", "tanggung jawab kerja"),
    ],
)
def test_fillers_are_dropped(phrase: str, expected: str) -> None:
    assert canonical(phrase) == expected


@pytest.mark.parametrize("phrase", ["baik", "mampu", "operator", "skills", "good", "dan"])
def test_a_filler_alone_is_kept(phrase: str) -> None:
    assert canonical(phrase) == phrase


def test_a_duration_without_a_skill_stays() -> None:
    assert canonical("2 tahun") == "2 tahun"  # every word is filler: kept whole
    assert canonical("sepeda motor 2 tak") == "sepeda motor 2 tak"  # a number alone is not a duration


@pytest.mark.parametrize(
    "phrase",
    [
        "gaji pokok + lembur",
        "usia maks. 30 thn",
        "pria/wanita",
        "laki-laki",
        "belum menikah",
        "agama islam",
        "tinggi badan min 165 cm",
        "tidak bertato",
        "berpenampilan menarik",
        "sehat jasmani dan rohani",
        "pendidikan min SMA/SMK",
        "lulusan D3",
        "domisili Bekasi",
        "penempatan Cikarang",
        "bersedia kerja shift",
        "senin - jumat",
        "jam kerja 8 jam",
        "BPJS kesehatan",
        "uang makan + transport",
        "SKCK",
        "fotokopi KTP",
        "pas foto 3x4",
        "kirim CV dan surat lamaran",
    ],
)
def test_conditions_and_documents_of_a_job_ad_are_not_skills(phrase: str) -> None:
    # pay, age, gender, marital status, religion, appearance, health, education, place and time
    # of work, documents: the canonical form is empty, so the normaliser abstains
    assert canonical(phrase) == ""


@pytest.mark.parametrize(
    "phrase",
    [
        "pajak penghasilan",  # income tax is a skill
        "hijab styling",  # a beauty skill
        "kerja shift",  # "shift" is in ESCO labels ("work in shifts")
        "tinggi",
        "foto produk",
        "surat menyurat",
    ],
)
def test_non_skill_markers_are_narrow(phrase: str) -> None:
    assert canonical(phrase) != ""


def test_english_words_inside_a_label_are_kept() -> None:
    # ESCO tells these apart; dropping "good"/"use"/"of" inside a label would merge them
    assert canonical("apply good manufacturing practices") == "apply good manufacturing practices"
    assert canonical("use of force") == "use of force"
    assert canonical("use welding equipment") != canonical("operate welding equipment")
    assert canonical("user experience") == "user experience"


def test_repeated_words_keep_the_last_occurrence() -> None:
    assert canonical("mengukur dengan alat ukur") == "alat ukur"


@pytest.mark.parametrize(
    "phrase",
    ["", "   ", "!!!", "\x00\x00", "😀🔧", "\u200b\u200f", "---", "\ufeff"],
)
def test_text_without_words_is_empty(phrase: str) -> None:
    assert canonical(phrase) == ""
    assert tokens(phrase) == []


@pytest.mark.parametrize(
    "phrase",
    ["مهارات اللحام", "溶接 welding", "las\u202eSMAW", "ñandú façade", "İstanbul", "ß", "a" * 100_000],
)
def test_odd_text_never_raises(phrase: str) -> None:
    form = canonical(phrase)
    assert isinstance(form, str)
    assert len(form) <= MAX_PHRASE_LENGTH
    assert canonical(form) == form


def test_long_text_is_cut_at_the_limit() -> None:
    assert canonical("las " * 100_000) == "las"
    assert canonical("x" * (MAX_PHRASE_LENGTH + 50)) == "x" * MAX_PHRASE_LENGTH


def test_tokens_are_the_words_of_the_canonical_form() -> None:
    assert tokens("Mampu membaca gambar teknik") == ["baca", "gambar", "teknik"]


def test_non_string_input_is_read_as_text() -> None:
    assert canonical(123) == "123"  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_canonical_never_raises_and_is_idempotent(phrase: str) -> None:
    form = canonical(phrase)
    assert canonical(form) == form


_WORDS = st.sampled_from(
    "mampu bisa menguasai pengelasan las mig mag ms ofice office excel auto cad k 3 co 2 5 s a c "
    "berpengalaman pernah kerja di bagian gudang benda operator tukang good skills ability to of "
    "opr thn min 2 tahun bulan 1 gaji usia tinggi badan dibutuhkan helper exp bertanggungjawab "
    "membubut mengukur dengan alat ukur prinsip-prinsip tanggungjawab roda 2 baik tinggi".split()
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=8).map(" ".join))
def test_idempotent_on_domain_words(phrase: str) -> None:
    form = canonical(phrase)
    assert canonical(form) == form


def test_every_bundled_label_is_a_fixed_point() -> None:
    data = json.loads(
        resources.files("kerja_match.datasets")
        .joinpath("vocational_taxonomy.json")
        .read_text(encoding="utf-8")
    )
    labels = [
        text
        for concept in data["concepts"]
        for text in (concept["label"], *concept["labels"].values(), *concept["alt_labels"])
    ]
    assert all(canonical(canonical(text)) == canonical(text) for text in labels)
    assert all(canonical(text) for text in labels)
