"""The non-skill requirement stage: kinds, protected attributes, negations, flags on vacancies.

Every phrase here was written for these tests (real-looking job-ad wording, Indonesian and English);
none is taken from the evaluation data.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerja_match as km
from kerja_match.normalize import (
    NONSKILL_KINDS,
    PROTECTED_KINDS,
    PROTECTED_RULES,
    SkillNormalizer,
    flag_vacancy,
    protected_spans,
    requirement_kind,
    skill_remainder,
)
from kerja_match.normalize._requirement_rules import ANCHOR_KINDS, CLAUSE, PROTECTED, anchored_kinds


@pytest.fixture(scope="module")
def normalizer() -> SkillNormalizer:
    return SkillNormalizer().fit(km.default_taxonomy())


# -- protected attributes: never a concept, in both languages, negations included --------------------
PROTECTED_PHRASES = {
    "age": [
        "Usia maksimal 30 tahun",
        "usia max. 35 thn",
        "Umur 18 - 25 tahun",
        "Berusia antara 20 sampai 28 tahun",
        "Maks. 27 tahun",
        "usia tidak lebih dari 32 tahun",
        "Age max 30 years",
        "Aged 21-35",
        "under 30 years old",
        "Maximum age: 40",
        "usia muda",
        "Umur di bawah 30",
        "Berumur minimal 19 tahun",
        "maksimal 30 thn",
    ],
    "gender": [
        "Pria",
        "Wanita",
        "Laki-laki",
        "laki laki",
        "Perempuan",
        "Diutamakan pria",
        "Pria / Wanita",
        "Male only",
        "Female",
        "Gender: male",
        "Jenis kelamin perempuan",
        "cowok",
        "Lebih disukai wanita",
        "Men only",
    ],
    "marital_status": [
        "Belum menikah",
        "Status lajang",
        "Single status",
        "Tidak sedang hamil",
        "Not married",
        "Unmarried",
        "Status belum kawin",
        "Sudah menikah diutamakan",
        "Tidak hamil",
        "Not pregnant",
        "Status pernikahan: lajang",
    ],
    "religion": [
        "Beragama Islam",
        "Muslim",
        "Muslimah berhijab",
        "Taat beribadah",
        "Wanita berjilbab",
        "Kristen diutamakan",
        "Non muslim",
        "Agama Katolik",
        "Bersedia tidak berhijab",
        "Menjalankan sholat 5 waktu",
        "Practicing Muslim",
        "Religion: Christian",
    ],
    "ethnicity": [
        "Suku Jawa",
        "Diutamakan suku Sunda",
        "Keturunan Tionghoa",
        "Warga asli Bekasi",
        "Putra daerah",
        "Pribumi",
        "Non pribumi",
        "Chinese descent",
        "Etnis Batak",
        "Orang Betawi diutamakan",
        "Kulit putih",
    ],
    "appearance": [
        "Berpenampilan menarik",
        "Penampilan menarik dan rapi",
        "Good looking",
        "Tinggi badan minimal 165 cm",
        "TB min 160 cm",
        "TB/BB proporsional",
        "Berat badan ideal",
        "Tidak bertato",
        "Tidak bertato dan tidak bertindik",
        "Good appearance",
        "Height min 170 cm",
        "Postur tubuh tegap",
        "Berbadan proporsional",
        "Rambut pendek dan rapi",
        "Tidak gondrong",
        "Cantik",
    ],
    "health": [
        "Sehat jasmani dan rohani",
        "Sehat jasmani & rohani",
        "Tidak buta warna",
        "Tidak buta warna parsial",
        "Tidak berkacamata",
        "Tidak berkaca mata",
        "Mata normal",
        "Mata tidak minus",
        "Tidak minus",
        "Tidak memakai kacamata minus",
        "Bebas narkoba dan sehat jasmani",
        "Tidak cacat fisik",
        "Not color blind",
        "In good health",
        "Physically fit",
        "Good eyesight",
        "Tidak memiliki penyakit menular",
        "Bebas HIV",
        "Kondisi fisik prima",
        "Fisik yang kuat",
        "Sehat",
        "Memiliki surat sehat",
    ],
}
PROTECTED_CASES = [(kind, phrase) for kind, phrases in PROTECTED_PHRASES.items() for phrase in phrases]


def test_the_protected_test_set_is_large() -> None:
    assert len(PROTECTED_CASES) >= 100


@pytest.mark.parametrize(("kind", "phrase"), PROTECTED_CASES)
def test_a_protected_phrase_is_never_a_concept(normalizer: SkillNormalizer, kind: str, phrase: str) -> None:
    match = normalizer.match_one(phrase)
    assert match.concept_id is None
    assert match.method == "nonskill"
    assert match.requirement_kind is not None
    if phrase != "Memiliki surat sehat":  # a health certificate is a document the ad asks for
        assert match.requirement_kind in PROTECTED_KINDS
    assert match.score == 0.0
    assert match.alternatives == ()


@pytest.mark.parametrize(("kind", "phrase"), PROTECTED_CASES)
def test_protected_spans_name_the_kind_and_the_law(kind: str, phrase: str) -> None:
    if phrase == "Memiliki surat sehat":
        return
    spans = protected_spans(phrase)
    assert spans, phrase
    assert {s.kind for s in spans} <= PROTECTED_KINDS
    for span in spans:
        assert phrase[span.start : span.end] == span.text
        assert span.rule == PROTECTED_RULES[span.kind]
    assert kind in {s.kind for s in spans} or requirement_kind(phrase) in PROTECTED_KINDS


def test_the_rules_cite_the_laws() -> None:
    assert set(PROTECTED_RULES) == PROTECTED_KINDS
    assert "UU 13/2003" in PROTECTED_RULES["gender"]
    assert "UU 21/1999" in PROTECTED_RULES["religion"]
    assert "UU 8/2016" in PROTECTED_RULES["health"]
    assert PROTECTED_KINDS < NONSKILL_KINDS


def test_a_negation_stays_inside_the_span() -> None:
    text = "Tidak berkacamata, tidak buta warna"
    kinds_and_texts = [(s.kind, s.text) for s in protected_spans(text)]
    assert kinds_and_texts == [("health", "Tidak berkacamata"), ("health", "tidak buta warna")]


# -- protected words that are part of a skill stay a skill --------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("Instalasi listrik tegangan tinggi", None),
        ("Menggunakan kacamata las saat mengelas", None),
        ("Perawatan wajah dan tata rias", None),
        ("Mengganti mata bor mesin CNC", None),
        ("Bahasa Jawa", None),
        ("Keselamatan dan kesehatan kerja (K3)", "manufaktur.k3.k3_umum"),
        ("Shift leader produksi", None),
        ("Memperbaiki mobil listrik", None),
        ("Apply health and safety standards", None),
    ],
)
def test_a_skill_with_a_look_alike_word_is_read_as_a_skill(
    normalizer: SkillNormalizer, phrase: str, concept: str | None
) -> None:
    assert requirement_kind(phrase) is None
    assert protected_spans(phrase) == []
    match = normalizer.match_one(phrase)
    assert match.method != "nonskill"
    if concept is not None:
        assert match.concept_id == concept


def test_a_protected_word_inside_a_skill_phrase_is_its_topic_not_a_requirement() -> None:
    # the attribute names what the work is about, not who may do it
    assert protected_spans("handle male animals for breeding") == []
    assert protected_spans("teach religious studies") == []


# -- the other non-skill kinds --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("Pendidikan minimal SMK", "education"),
        ("Lulusan D3 Teknik Mesin", "education"),
        ("Min. S1 Teknik Industri / bidang terkait", "education"),
        ("Teknik Sipil", "education"),
        ("Bachelor's degree in Mechanical Engineering", "education"),
        ("IPK minimal 3.00", "education"),
        ("Pengalaman minimal 2 tahun", "experience"),
        ("Berpengalaman 1-3 thn", "experience"),
        ("Fresh graduate", "experience"),
        ("At least 3 years of experience", "experience"),
        ("Pengalaman di bidang yang sama minimal 2 tahun", "field"),
        ("Berpengalaman di industri otomotif", "field"),
        ("Pengalaman pada posisi serupa lebih disukai", "field"),
        ("Tekstil", "field"),
        ("Berdomisili di Cikarang dan sekitarnya", "domicile"),
        ("Bersedia ditempatkan di Karawang", "domicile"),
        ("Memiliki SKCK yang masih berlaku", "documents"),
        ("Melampirkan CV dan pas foto", "documents"),
        ("Memiliki kendaraan pribadi", "assets"),
        ("Memiliki laptop sendiri", "assets"),
        ("Own vehicle", "assets"),
        ("Bersedia bekerja shift", "availability"),
        ("Siap lembur", "availability"),
        ("Dapat segera bergabung", "availability"),
        ("Willing to travel", "availability"),
        ("Non-smoker", "conduct"),
        ("Tidak merokok", "conduct"),
        ("Gaji sesuai UMK", "pay"),
        ("Tidak ada", "placeholder"),
        ("n/a", "placeholder"),
        ("-", "placeholder"),
        ("Kuat mengangkat beban 25 kg karena pekerjaan fisik", "physical"),
    ],
)
def test_a_non_skill_phrase_has_its_kind_and_abstains(
    normalizer: SkillNormalizer, phrase: str, kind: str
) -> None:
    assert requirement_kind(phrase) == kind
    match = normalizer.match_one(phrase)
    assert (match.concept_id, match.method, match.requirement_kind) == (None, "nonskill", kind)


def test_non_smoking_and_physical_demands_are_not_protected() -> None:
    assert "conduct" not in PROTECTED_KINDS
    assert "physical" not in PROTECTED_KINDS
    assert protected_spans("Non-smoker") == []
    # a body condition tied to a task of the job is a demand of the work, not flagged
    assert protected_spans("Fisik kuat karena harus mengangkat karung 50 kg") == []
    assert [s.kind for s in protected_spans("Fisik kuat")] == ["health"]


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("Pengalaman sebagai operator mesin bubut", "manufaktur.pemesinan.bubut"),
        ("Berpengalaman sebagai welder SMAW min. 2 tahun", "logam.las.smaw"),
        ("Pengalaman minimal 1 tahun sebagai operator forklift", "logistik.gudang.forklift"),
    ],
)
def test_experience_as_a_skill_names_the_skill(
    normalizer: SkillNormalizer, phrase: str, concept: str
) -> None:
    assert requirement_kind(phrase) is None
    assert normalizer.match_one(phrase).concept_id == concept


# -- a skill mixed with a protected word keeps the skill, and the vacancy says what was dropped ---------
def test_a_mixed_phrase_keeps_the_skill(normalizer: SkillNormalizer) -> None:
    split = skill_remainder("Pria, usia maks. 35 tahun, mampu mengelas SMAW")
    assert split.kind is None
    assert "gender" in split.kinds
    assert "age" in split.kinds
    assert "pria" not in split.remainder.lower()
    match = normalizer.match_one("Pria, usia maks. 35 tahun, mampu mengelas SMAW")
    assert match.concept_id == "logam.las.smaw"
    assert match.requirement_kind is None


def test_flag_vacancy_lists_every_protected_requirement() -> None:
    vacancy = km.Vacancy(
        id="v-7",
        employer="PT Contoh Logam",
        title="Operator Las (Pria)",
        requirements=[
            km.SkillRequirement(skill="Wanita, berpenampilan menarik, mahir Microsoft Excel"),
            km.SkillRequirement(skill="logam.las.smaw"),
        ],
        soft_requirements=[km.SkillRequirement(skill="Disiplin, usia max 30 tahun")],
    )
    flagged = flag_vacancy(vacancy)
    found = [(f.field, f.kind) for f in flagged.flags]
    assert found == [
        ("title", "gender"),
        ("requirements[0].skill", "gender"),
        ("requirements[0].skill", "appearance"),
        ("soft_requirements[0].skill", "age"),
    ]
    assert all(f.rule for f in flagged.flags)
    assert flag_vacancy(flagged) == flagged  # flags are not added twice
    assert flagged.requirements == vacancy.requirements  # the skill text stays; the normaliser cuts


def test_a_vacancy_with_no_protected_words_has_no_flags() -> None:
    vacancy = km.Vacancy(
        id="v-8",
        employer="PT Contoh",
        requirements=[km.SkillRequirement(skill="Mampu membaca gambar teknik")],
    )
    assert flag_vacancy(vacancy).flags == ()


def test_requirement_flag_is_a_strict_record() -> None:
    flag = km.RequirementFlag(kind="gender", text="pria", rule="UU 13/2003", field="title")
    with pytest.raises(ValueError, match="extra"):
        km.RequirementFlag(kind="gender", text="pria", reason="x")  # type: ignore[call-arg]
    assert km.Vacancy(id="v", employer="e", flags=[flag]).flags == (flag,)


def test_running_text_spans_index_the_text() -> None:
    text = "Kualifikasi:\n- Pria, usia maks. 30 tahun\n- Mampu membaca gambar teknik\n- Tidak buta warna"
    spans = protected_spans(text)
    assert [(s.kind, s.text) for s in spans] == [
        ("gender", "Pria"),
        ("age", "usia maks. 30 tahun"),
        ("health", "Tidak buta warna"),
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


# -- the word gate before the rules: it may only skip a rule that cannot match -----------------------
_AFFIXED = r"\b(?:ber|ter|be|di|se|ke|men|mem|meng|non-?)?(?:{words})(?:s|es|nya|kan|an|i)?\b"  # the gate as one regex


def _kinds_by_regex(text: str) -> frozenset[str]:
    """The kinds one regex search per kind finds: the plain reading of the gate."""
    by_kind: dict[str, list[str]] = {}
    for word, kinds in ANCHOR_KINDS.items():
        for kind in kinds:
            by_kind.setdefault(kind, []).append(word)
    low = text.lower()
    return frozenset(
        kind
        for kind, words in by_kind.items()
        if re.search(_AFFIXED.format(words="|".join(sorted(words, key=len, reverse=True))), low)
    )


_GATE_WORDS = [*sorted(ANCHOR_KINDS)[::7], "mesin", "bubut", "operator", "gudang", "manage", "care", "x"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "ber", "di", "meng", "non-", "non", "se", "un"]),
            st.sampled_from(_GATE_WORDS),
            st.sampled_from(["", "s", "nya", "kan", "an", "ly", "_1"]),
            st.sampled_from([" ", ", ", "/", "-", " (", ""]),
        ),
        max_size=6,
    )
)
def test_the_word_gate_finds_what_one_search_per_kind_finds(pieces: list[tuple[str, str, str, str]]) -> None:
    text = "".join(prefix + word + suffix + gap for prefix, word, suffix, gap in pieces)
    assert anchored_kinds(text) == _kinds_by_regex(text)
    text = text.title()  # capitalised as an ad writes it
    assert anchored_kinds(text) == _kinds_by_regex(text)


@pytest.mark.parametrize("phrase", [p for _, p in PROTECTED_CASES] + ["Pria, mampu mengelas", "Tidak ada"])
def test_the_word_gate_never_skips_a_rule_that_matches(phrase: str) -> None:
    matching = {k for k, p in {**PROTECTED, **CLAUSE}.items() if k != "placeholder" and p.search(phrase)}
    assert matching <= anchored_kinds(phrase)
