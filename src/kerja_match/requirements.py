"""Non-skill requirements: what a job-ad phrase asks for when it names no skill, in Indonesian and English.

A requirement line of a job ad often names no skill at all: an education level, years of experience,
a sector, an age limit, a gender, a place to live, a document, a willingness to work shifts. Such a
phrase must never become a concept: it would gate candidates on something that is not a skill, and
for the *protected* kinds it would make a score discriminate. This module reads those phrases with
rules over the words (negations included: "tidak berkacamata", "belum menikah", "non-smoker"):

- :func:`requirement_kind` says which kind a phrase names when it names nothing else;
- :func:`skill_remainder` splits a phrase into its non-skill parts and the text left for the skill
  normaliser ("Pria, mampu mengelas" keeps "mampu mengelas");
- :func:`protected_spans` finds every protected requirement in running text, with its character
  span and the law or rule it touches, so an office can list the ads that discriminate.

Kinds (:data:`RequirementKind`); the protected ones (:data:`PROTECTED_KINDS`) are those of UU 13/2003
Art. 5-6 (equal opportunity and treatment without discrimination), ILO Convention C111 Art. 1 as
ratified by UU 21/1999 (sex, religion, race, colour, national extraction, social origin), UU 40/2008
(race and ethnicity), UU 8/2016 Art. 11 and 53 (persons with disabilities) and the project's fairness
rule (age, marital status, appearance, health not tied to the work are never inputs to a score):

==============  ==========================================================================  =========
kind            what the phrase names                                                       protected
==============  ==========================================================================  =========
age             an age limit ("usia maks. 30 tahun", "under 35 years old")                  yes
gender          a sex ("pria", "wanita", "male only")                                       yes
marital_status  marriage or pregnancy ("belum menikah", "single", "tidak hamil")            yes
religion        a religion or religious practice ("muslim", "berhijab", "taat beribadah")   yes
ethnicity       ethnicity, race or origin ("suku Jawa", "keturunan", "putra daerah")        yes
appearance      looks or body measurements ("berpenampilan menarik", "TB min 165 cm")       yes
health          health, eyesight, disability not tied to a stated task ("sehat jasmani",    yes
                "tidak buta warna", "tidak berkacamata")
physical        a physical demand tied to the work ("kuat mengangkat 25 kg", "tahan         no
                berdiri lama", "karena banyak berdiri")
education       a school level, degree, major or grade ("min. SMK", "S1 Teknik Mesin")       no
experience      a duration or generic experience ("pengalaman min. 2 tahun", "fresh grad")  no
field           experience in a sector ("di bidang yang sama", "di industri manufaktur")    no
domicile        where a candidate lives or is placed ("berdomisili di Cikarang")            no
documents       papers to hold or send ("SKCK", "NPWP", "portofolio", "CV")                 no
assets          things to own ("memiliki kendaraan sendiri", "own laptop")                  no
availability    willingness or availability ("bersedia kerja shift", "siap lembur")         no
conduct         conduct rules ("tidak merokok", "non-smoker", "bebas narkoba")              no
pay             pay and benefits ("gaji UMK", "BPJS", "salary")                              no
placeholder     a form's empty answer ("tidak ada", "n/a", "-")                             no
==============  ==========================================================================  =========

"Health" is a decision: a health or eyesight condition is protected (flagged, never scored) unless
the phrase itself ties it to a task of the job ("kuat mengangkat beban", "karena banyak berdiri"):
then it is a "physical" demand, still not a skill, not flagged. Colour vision stays "health" even in
electrical ads: whether it is an inherent requirement (ILO C111 Art. 1(2)) is for the office to
judge from the flag, not for a regex. "Non-smoker" and "bebas narkoba" are conduct rules (not a
personal attribute of the law's lists), so they are not protected, but never a skill either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .models import RequirementFlag, Vacancy

__all__ = [
    "NONSKILL_KINDS",
    "PROTECTED_KINDS",
    "PROTECTED_RULES",
    "ProtectedSpan",
    "RequirementKind",
    "RequirementSplit",
    "flag_vacancy",
    "protected_spans",
    "requirement_flags",
    "requirement_kind",
    "skill_remainder",
]

RequirementKind = Literal[
    "age",
    "gender",
    "marital_status",
    "religion",
    "ethnicity",
    "appearance",
    "health",
    "physical",
    "education",
    "experience",
    "field",
    "domicile",
    "documents",
    "assets",
    "availability",
    "conduct",
    "pay",
    "placeholder",
]

#: The kinds a score must never use (flagged on a vacancy when an ad asks for them).
PROTECTED_KINDS: frozenset[str] = frozenset(
    {"age", "gender", "marital_status", "religion", "ethnicity", "appearance", "health"}
)
#: Every kind: none of them is a skill, so a phrase of one of these kinds always abstains.
NONSKILL_KINDS: frozenset[str] = frozenset(RequirementKind.__args__)  # type: ignore[attr-defined]

_EQUAL = "UU 13/2003 Art. 5-6 (equal opportunity and treatment)"
_C111 = "ILO C111 Art. 1 (ratified by UU 21/1999)"
#: The law or rule each protected kind touches (quoted on every flag).
PROTECTED_RULES: dict[str, str] = {
    "age": f"{_EQUAL}; project fairness rule: age is never scored",
    "gender": f"{_EQUAL}: sex; {_C111}: sex",
    "marital_status": f"{_EQUAL}; UU 13/2003 Art. 153(1)(d-e): marriage, pregnancy; project fairness rule",
    "religion": f"{_EQUAL}: religion; {_C111}: religion",
    "ethnicity": f"{_EQUAL}: ethnicity, race; {_C111}: race, colour, national extraction; UU 40/2008",
    "appearance": f"{_EQUAL}; project fairness rule: appearance and body measurements are never scored",
    "health": (
        "UU 8/2016 Art. 11, 53 (persons with disabilities); UU 13/2003 Art. 5, 67; "
        "ILO C111 Art. 1(2): only an inherent requirement of the job may count"
    ),
}

# A negation before a word keeps the word's kind: "tidak berkacamata" is still about eyesight.
_NEG = r"(?:(?:tidak|tdk|belum|bukan|non|no|not|tanpa|bebas|free\s+of)[\s-]*)?"
_NUM = r"\d{1,3}(?:[.,]\d+)?"


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# Kind -> pattern. Protected words are matched as spans; their phrase keeps any skill around them.
# Words that are also parts of skills are bound to a context ("berpenampilan menarik", not
# "menarik"; "kacamata" only worn or refused, not "kacamata las"); English words that ESCO labels
# use ("health", "education", "drugs", "piercing") only in the forms job ads use for a condition.
_PROTECTED_PATTERNS: dict[str, str] = {
    "age": _words(
        r"usia", r"umur", r"berusia", r"berumur", r"age[ds]?", r"years?\s+old", r"y\.?o\.?",
        r"(?:thn|tahun)\s+ke\s+bawah", r"usia\s+muda", r"young(?:er)?\s+(?:candidates?|applicants?|people)",
        r"(?:max|maks|maksimal|maximal|maximum)\.?\s*" + _NUM + r"\s*(?:th|thn|tahun|years?|yrs?)"
        + r"(?!\s*(?:pengalaman|experience|di\b|bekerja|of|in\b|sebagai))",
        r"(?:under|below|over|above)\s+" + _NUM + r"\s*(?:years?|yrs?|y\.?o\.?)",
    ),
    "gender": _words(
        r"pria", r"wanita", r"laki(?:\s*-?\s*laki)?", r"perempuan", r"cowok", r"cewek", r"cewe", r"cowo",
        r"male", r"female", r"males", r"females", r"(?:men|women|man|woman)\s+only", r"gender",
        r"jenis\s+kelamin", r"lelaki", r"ibu[\s-]+ibu", r"bapak[\s-]+bapak", r"gadis",
    ),
    "marital_status": _NEG
    + _words(
        r"menikah", r"nikah", r"lajang", r"single\s+status", r"status\s+single", r"masih\s+single",
        r"married", r"unmarried", r"janda", r"duda", r"hamil", r"pregnant", r"pregnancy", r"kehamilan",
        r"status\s+(?:pernikahan|perkawinan)", r"kawin", r"berkeluarga", r"marital\s+status",
        r"(?:punya|memiliki|mempunyai)\s+anak", r"have\s+children",
    ),
    "religion": _words(
        r"agama", r"beragama", r"muslim", r"muslimah", r"islam", r"kristen", r"katolik", r"katholik",
        r"hindu", r"buddha", r"budha", r"konghucu", r"protestan", r"christian", r"catholic", r"religion",
        r"religious", r"berhijab", r"hijab", r"jilbab", r"berjilbab", r"berkerudung", r"kerudung",
        r"sholat", r"shalat", r"salat", r"taat\s+(?:beribadah|agama|menjalankan\s+\w+)", r"beribadah", r"ibadah", r"mengaji", r"ngaji", r"taat\s+agama",
        r"non[\s-]*muslim", r"syar['i]?i", r"bercadar", r"cadar", r"church[\s-]?goer", r"practicing\s+\w+",
    ),
    "ethnicity": _words(
        r"(?:suku|etnis|etnik)(?:\s+(?!dan\b|atau\b)\w+)?", r"ras", r"race", r"ethnic(?:ity)?", r"pribumi", r"non[\s-]*pribumi",
        r"keturunan", r"tionghoa", r"chinese\s+(?:descent|ethnic|only)", r"(?:warga|orang|penduduk|putra|putri)\s+asli",
        r"putra\s+daerah", r"putri\s+daerah", r"native[\s-]+(?:of|born)", r"nationality",
        r"kewarganegaraan", r"berdarah\s+\w+", r"(?:orang|suku)\s+(?:jawa|sunda|batak|betawi|minang|padang|bugis|madura|cina|china|ambon|papua|flores|timor)",
        r"skin\s+colou?r", r"warna\s+kulit", r"kulit\s+(?:putih|cerah|terang|gelap)",
    ),
    "appearance": _NEG
    + _words(
        r"(?:ber)?penampilan(?:\s+(?:menarik|rapi|baik|bersih|good))?", r"good[\s-]looking", r"attractive",
        r"(?:good|pleasant|neat)\s+appearance", r"presentable", r"well[\s-]groomed", r"cantik", r"ganteng",
        r"tampan", r"good\s+looks?", r"(?:wajah|paras)\s+(?:menarik|cantik|ganteng|good)", r"berwajah\s+\w+",
        r"tinggi\s+badan", r"tinggi\s+(?:min(?:imal|imum)?\.?\s*)?" + _NUM + r"\s*cm",
        r"berat\s+badan(?:\s+(?:ideal|proporsional|seimbang))?", r"tb\s*/\s*bb", r"(?:tb|bb)\s*(?:min|max|maks)?\.?\s*:?\s*" + _NUM,
        r"height\s*(?::|min(?:imum)?\.?|of|at\s+least)?\s*" + _NUM + r"\s*cm", r"weight\s*(?::|max(?:imum)?\.?)\s*" + _NUM,
        r"(?:min(?:imal|imum)?\.?|>=?|≥)\s*" + _NUM + r"\s*cm", r"proporsional", r"(?:tubuh|badan|postur)\s+(?:ideal|tegap|proporsional|langsing|atletis)",
        r"postur(?:\s+tubuh)?", r"langsing", r"gemuk", r"kurus", r"(?:ber)?tato", r"bertatto",
        r"(?:visible\s+)?tattoos?\s*(?:free)?", r"tattooed", r"tindik", r"bertindik", r"rambut\s+(?:pendek|panjang|gondrong)",
        r"gondrong", r"body\s+measurements?", r"ukuran\s+(?:badan|tubuh)", r"(?:ber)?kumis", r"(?:ber)?jenggot",
    ),
    "health": _NEG
    + _words(
        r"sehat(?:\s+(?:jasmani|rohani|fisik|mental|dan|&|jasmani\s+(?:dan|&)\s+rohani))*", r"kesehatan\s+(?:baik|prima|fisik|mata)",
        r"healthy", r"(?:in\s+)?good\s+health", r"health\s+certificate", r"jasmani", r"rohani",
        r"buta\s+warna(?:\s+(?:parsial|total))?", r"colou?r[\s-]*blind(?:ness)?", r"minus", r"silinder",
        r"mata\s+(?:normal|sehat|minus|plus|silinder)", r"penglihatan(?:\s+(?:normal|baik|jelas))?",
        r"(?:good|normal|perfect)\s+(?:eyesight|vision|hearing)", r"eyesight", r"soft\s*lens", r"softlens",
        r"soflens", r"(?:ber)kaca\s*mata", r"(?:memakai|pakai|menggunakan|wears?|wearing)\s+kaca\s*mata\s+(?:minus|plus|baca)",
        r"kaca\s*mata\s+(?:minus|plus|baca)", r"(?:no|wears?|wearing)\s+glasses", r"cacat(?:\s+fisik)?",
        r"disabilitas\s+fisik", r"(?:not|no|non|without)\s+(?:a\s+)?disabilit(?:y|ies)", r"not\s+disabled",
        r"penyakit(?:\s+(?:menular|kronis|berat|bawaan))?", r"(?:chronic|contagious|infectious)\s+(?:disease|illness)",
        r"medical\s+condition", r"kondisi\s+fisik(?:\s+(?:baik|prima|sehat|kuat))?", r"fisik\s+(?:yang\s+)?(?:kuat|prima|sehat|baik|bagus)",
        r"physically\s+(?:fit|strong|healthy)", r"fit\s+to\s+work", r"hiv", r"hepatitis", r"tbc", r"epilepsi",
        r"asma", r"pendengaran(?:\s+(?:normal|baik))?", r"tuli", r"bisu", r"(?:good\s+)?mental\s+health",
        r"stamina(?:\s+(?:kuat|baik|prima))?", r"salmonella", r"tifus", r"typhoid",
        r"mata\b[^,;]{0,30}\b(?:minus|silinder|plus|normal|sehat|rabun|buta)",
    ),
}

# Spans that look protected but name a skill or another requirement (masked before matching).
_PROTECTED_UNLESS = re.compile(
    r"\b(?:nilai|menjadi|a)\s+plus\b|\bplus\s+(?:point|poin|nilai)\b|\bbahasa\s+\w+|\bpenyakit\s+tanaman\b|"
    r"\bhealth\s+and\s+safety\b|\b(?:kesehatan\s+dan\s+)?keselamatan\s+(?:dan\s+)?(?:kesehatan\s+)?kerja\b|"
    r"\bk3\b|\bhse\b|\bhsse\b|\bohs\b|\bpenanganan\s+penyakit\b|\bmale\s+(?:connector|plug|thread)\b|"
    r"\bfemale\s+(?:connector|plug|thread)\b|\bminus\s+(?:one|1)\b|\b(?:plus|minus)\s+minus\b",
    re.IGNORECASE,
)

# A physical demand tied to the work: body words in such a phrase are not an attribute of the person.
_WORK_TIED = re.compile(
    r"\b(?:karena|sebab|untuk|agar|because|for|to)\b.{0,40}\b(?:berdiri|mengangkat|angkat|beban|berjalan|"
    r"lift(?:ing)?|stand(?:ing)?|carry(?:ing)?|ketinggian)\b|"
    r"\b(?:kuat|mampu|sanggup|able\s+to|capable\s+of)\s+(?:mengangkat|angkat|lift(?:ing)?|carry(?:ing)?|"
    r"berdiri|stand(?:ing)?)\b|\b(?:tahan|terbiasa)\s+(?:berdiri|bekerja\s+berdiri|panas|dingin)\b|"
    r"\bangkat\s+beban\b",
    re.IGNORECASE,
)
_PHYSIQUE = re.compile(r"\b(?:fisik|physical(?:ly)?|stamina|tenaga|kuat|sehat|strong|fit)\b", re.IGNORECASE)

# Kinds whose anchor word claims its whole clause: what follows "lulusan", "domisili", "bersedia"
# is the major, the place, the condition, never a skill of the candidate.
_CLAUSE_PATTERNS: dict[str, str] = {
    "placeholder": r"^\s*(?:-+|n\s*/?\s*a|none|nil|null|tidak\s+ada|tdk\s+ada|tidak\s+punya|belum\s+ada|"
    r"belum\s+punya|kosong|tba|tbd|nihil|tidak|no|ya|yes|ok|dll|etc\.?)\s*[.!]?\s*$",
    "education": _words(
        r"pendidikan", r"pend\.?\s+min\w*", r"lulusan", r"tamatan", r"ijazah", r"jurusan", r"sma", r"smk",
        r"slta", r"stm", r"smp", r"sltp", r"sma\s*/\s*smk", r"sederajat", r"d1", r"d2", r"d3", r"d4", r"s1",
        r"s2", r"s3", r"diploma(?:\s+(?:in|degree|iii|3|iv|4))?", r"sarjana", r"magister",
        r"bachelor(?:'s)?(?:\s+degree)?", r"master'?s\s+degree", r"(?:a|an|the)\s+degree\s+in", r"degree\s+in",
        r"graduate[sd]?\s+(?:of|from|in)", r"ipk", r"gpa", r"universitas", r"politeknik", r"akademi",
        r"vocational\s+(?:school|high\s+school)\s+(?:graduate|diploma)", r"high\s+school\s+(?:graduate|diploma)",
        r"major(?:ing)?\s+in", r"educational\s+background", r"minimum\s+education", r"education\s*:",
        r"latar\s+belakang(?:\s+pendidikan)?", r"background\s+(?:teknik|pendidikan|engineering)", r"fakultas",
        r"gelar", r"berijazah", r"smu", r"lulus\s+(?:kuliah|sekolah)", r"program\s+studi", r"prodi", r"paket\s+[abc]",
    ),
    # a bare major ("Teknik Industri", "Teknik Mesin / Elektro") names a school subject, not a skill
    "education_major": r"^\W*(?:teknik|tehnik|jurusan)\s+(?:(?:mesin|elektro|industri|sipil|kimia|mekatronika|"
    r"informatika|lingkungan|fisika|arsitektur|metalurgi|material|perminyakan|pertambangan|geologi|"
    r"elektronika|komputer|manufaktur|otomotif|mekanik|perancangan)\b[\s/,&]*(?:dan|atau|and|or)?\s*)+\W*$",
    "domicile": _words(
        r"domisili", r"berdomisili", r"domicile", r"tinggal\s+di", r"bertempat\s+tinggal", r"penempatan",
        r"ditempatkan", r"di\s+tempatkan", r"lokasi\s+(?:kerja|kantor|penempatan)", r"lives?\s+in",
        r"living\s+in", r"based\s+in", r"reside", r"residing", r"dan\s+sekitarnya", r"kota\s+asal",
        r"(?:dekat|near)\s+(?:dengan\s+)?(?:lokasi|kantor|pabrik|the\s+office)",
        r"(?:diutamakan|preferably|utamakan)\s+(?:yang\s+)?(?:dari\s+|tinggal\s+)?(?:daerah|wilayah|area|warga|sekitar)",
    ),
    "documents": _words(
        r"skck", r"ktp", r"e-?ktp", r"npwp", r"kartu\s+keluarga", r"ak\s*-?\s*1", r"kartu\s+kuning",
        r"cv", r"curriculum\s+vitae", r"surat\s+lamaran", r"lamaran(?:\s+kerja)?", r"pas\s+foto",
        r"foto\s+(?:terbaru|diri|full\s+body|close\s+up|berwarna)", r"portofolio", r"portfolio",
        r"paklaring", r"surat\s+referensi", r"surat\s+keterangan(?:\s+\w+)?", r"surat\s+sehat",
        r"sertifikat\s+vaksin", r"vaksin(?:asi)?(?:\s+(?:lengkap|booster|covid))?", r"fully\s+vaccinated",
        r"bpjs(?:\s+\w+)?", r"rekening(?:\s+bank)?", r"transkrip(?:\s+nilai)?", r"transcript",
        r"dokumen\s+(?:lengkap|pendukung)", r"berkas(?:\s+lamaran)?", r"kirim(?:kan)?\s+(?:cv|lamaran|berkas)",
        r"send\s+your\s+(?:cv|resume|application)", r"melamar", r"lamar",
    ),
    "assets": r"\b(?:memiliki|mempunyai|punya|mempunya|own(?:s|ing)?|have\s+(?:a|an|your\s+own)|has\s+(?:a|an))\s+"
    r"(?:(?:kendaraan|sepeda)\s+)?(?:kendaraan|motor|mobil|laptop|notebook|hp|handphone|smartphone|android|"
    r"vehicle|car|motorcycle|motorbike|transport(?:ation)?)\b(?!\s+(?:listrik|diesel|bensin|engine|repair))|"
    r"\b(?:kendaraan|motor|mobil|laptop|vehicle|car|transport(?:ation)?)\s+(?:sendiri|pribadi|own|of\s+your\s+own)\b|"
    r"\bown\s+(?:vehicle|car|motorcycle|laptop|transport(?:ation)?)\b",
    "availability": r"\b(?:bersedia|sedia|siap|sanggup|mau|willing(?:ness)?|available|availability|ready|"
    r"able\s+to\s+(?:start|join)|can\s+(?:start|join))\b[^,;]{0,50}\b(?:shift|lembur|overtime|ditempatkan|"
    r"penempatan|dinas|travel(?:ling)?|traveling|mobile|mobilitas|bergabung|join|start|mulai|segera|"
    r"immediately|weekend|akhir\s+pekan|hari\s+libur|libur|tanggal\s+merah|relokasi|relocate|luar\s+kota|"
    r"ketinggian|kontrak|outsourc\w*|magang|dikontrak|lapangan|remote|wfo|onsite|on[\s-]site|malam|night|"
    r"hari\s+minggu|sabtu|minggu|perjalanan|keliling|full\s*time|part\s*time|ditugaskan|mutasi|nights?)\b|"
    r"\b(?:kerja\s+shift|sistem\s+shift|shifting|\d\s*shift|non[\s-]*shift|jam\s+kerja|hari\s+kerja|"
    r"working\s+hours|full[\s-]?time|part[\s-]?time|freelance|kontrak\s+\d|join\s+(?:asap|immediately)|"
    r"(?:dapat|bisa)\s+segera\s+bergabung|fresh\s*grad(?:uate)?s?\s+(?:are\s+)?welcome|"
    r"fresh\s*grad(?:uate)?s?\s+(?:dipersilakan|dipersilahkan|boleh|silahkan|silakan)|"
    r"(?:dipersilakan|dipersilahkan|silahkan|silakan)\s+(?:melamar|apply|mendaftar)|"
    r"(?:tidak|non)\s+(?:perlu\s+)?(?:berpengalaman|pengalaman)\s+(?:dipersilahkan|dipersilakan|silahkan|silakan|boleh|welcome)|"
    r"(?:bisa|dapat|langsung|segera)\s+(?:langsung\s+|segera\s+)?(?:bergabung|join|mulai\s+bekerja)|"
    r"lembur|overtime|shift(?!\s+(?:leader|supervisor|head|foreman|manager))|"
    r"(?:siap|bersedia|sanggup)\s+bekerja\s+di\s+(?:daerah|wilayah|area|luar|mana)\b)\b",
    "conduct": _NEG
    + _words(
        r"merokok", r"perokok", r"smoker", r"non[\s-]*smok\w*", r"(?:no|not)\s+smoking", r"narkoba",
        r"napza", r"drug[\s-]free", r"drug\s+test", r"no\s+drugs", r"miras", r"minuman\s+keras",
        r"criminal\s+record", r"berkelakuan\s+baik", r"catatan\s+kriminal", r"tersangkut\s+\w+", r"judi",
    ),
    "pay": _words(
        r"gaji", r"upah", r"umk", r"ump", r"umr", r"salary", r"wages?", r"insentif", r"tunjangan", r"thr",
        r"jamsostek", r"uang\s+makan", r"uang\s+transport", r"komisi", r"take\s+home\s+pay",
        r"expected\s+salary", r"fasilitas\s+(?:mess|makan|transport)", r"mess\s+karyawan",
    ),
}

# Experience: the phrase names a duration, "experience", a training or a certificate, and nothing a
# skill could be read from once its frame words are gone; or names a sector after "di bidang".
_EXPERIENCE = re.compile(
    r"\b(?:pengalaman|pengalamn|pengalama|pengealaman|berpengalaman|experienced?|experiences|exp|"
    r"fresh\s*-?\s*grad(?:uate)?s?|freshgrad(?:uate)?s?|lulusan\s+baru|pernah\s+(?:be)?kerja|track\s+record|"
    r"years?\s+of|tahun\s+di|thn\s+di|min(?:imal|imum)?\.?\s*\d+\s*(?:th|thn|tahun|years?|yrs?)\b|"
    r"pelatihan|training|kursus|sertifikat|sertifikasi|certificate|certification)",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"\b(?:di\s*bidang(?:nya)?|dibidang(?:nya)?|bidang(?:nya)?|di\s+industri|industri|di\s+perusahaan|perusahaan|"
    r"sektor|in\s+the\s+field|industry|company|sector|environment|di\s*posisi|posisi|position|"
    r"yang\s+sama|serupa|sejenis|similar|relevan[t]?|terkait|related)\b",
    re.IGNORECASE,
)
# Words that frame experience or a field without naming a skill (after the anchor is gone).
_FRAME_WORDS = frozenset(
    """
    memiliki mempunyai punya mempunya mmepunyai pengalaman pengalamn pengalama pengealaman berpengalaman
    minimal min minimum maksimal maks max setidaknya sekurang kurangnya sekurangnya paling sedikit lebih
    dari tahun thn th tahunan bulan bln years year yrs yr months month di dalam pada sebagai dibidang
    bidang bidangnya dibidangnya yang sama serupa sejenis relevan terkait posisi diposisi jabatan pekerjaan
    kerja bekerja industri perusahaan company sektor sector diutamakan utamakan disukai nilai tambah plus
    menjadi an a the in of as at for with experience experienced experiences exp work working field
    industry similar related relevant role position preferred preferably is are be will required must
    have has desirable advantage least fresh freshgrad freshgraduate graduate graduates grad welcome
    boleh dipersilahkan dipersilakan silahkan silakan melamar lamar dilamar apply non tidak belum dan
    atau and or juga also dengan engineer engineering staff staf karyawan pegawai pekerja worker employee
    sebelumnya previous prior pernah track record proven total selama to s d sampai hingga apapun any
    jenis bagi teknik technical teknisi proyek project environment lingkungan sertifikat sertifikasi
    certificate certification keahlian kemampuan pelatihan training kursus mengikuti ikut otoritas
    resmi terakhir sudah only saja hanya diutamakan
    """.split()
)
# Sectors: experience "di bidang manufaktur" names where, not what; a bare sector is a field too.
_SECTOR_WORDS = frozenset(
    """
    manufaktur manufacturing pabrik factory retail ritel fmcg e commerce ecommerce perbankan banking
    konstruksi construction furniture mebel advertising periklanan distribusi distribution otomotif
    automotive garment garmen tekstil textile kimia chemical petrokimia petrochemical farmasi
    pharmaceutical makanan minuman food beverage properti property logistik logistics hotel hospitality
    tambang pertambangan mining oil gas minyak migas energi energy elektronik electronics plastik
    plastic percetakan printing ekspedisi trading perdagangan jasa services startup multinasional
    multinational mnc bumn ooh media teknologi technology kesehatan healthcare rumah sakit hospital
    manajemen management bisnis business sipil kontraktor contractor
    """.split()
)
_NUMBER = re.compile(r"^\d+(?:th|thn|tahun|yrs?|bln|bulan)?$")
_WORD = re.compile(r"[^\W_]+")
# Clause boundaries outside parentheses: ; newline bullet, a comma, a sentence end (not "min." or
# "2.5"), a spaced dash or slash, and "dan/serta" before a verb that frames a skill.
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[;\n•]|,(?!\d)|(?<![^\W\d_]{4})(?<=[^\W\d_]{4})\.(?=\s|$)|(?<=[a-z0-9)])\.(?=\s+(?-i:[A-Z]))|"
    r"\s[-–]\s|\s/\s|\s(?:dan|serta|and)\s+(?=(?:menguasai|mampu|memahami|mengerti|bisa|dapat|mahir|"
    r"terbiasa|able\s+to|proficient)\b))\s*",
    re.IGNORECASE,
)
# A clause that starts like this names a skill of its own, so it ends a run of education or domicile.
_SKILL_START = re.compile(
    r"^\W*(?:mampu|menguasai|memahami|mengerti|bisa|dapat|mahir|terbiasa|memiliki|mempunyai|punya|"
    r"berpengalaman|pengalaman|pernah|sertifikat|sertifikasi|sim\b|able|proficient|knowledge|experience|"
    r"familiar|skilled|good|strong|excellent|mengoperasikan|menggunakan|membaca|cekatan|teliti|jujur)",
    re.IGNORECASE,
)
# A clause that gives a reason or a condition continues the clause before it.
_CONTINUES = re.compile(r"^\W*(?:karena|karna|karen|sebab|because|as\s+you|agar|supaya)\b", re.IGNORECASE)
#: Clause kinds whose run continues into following clauses that name no skill of their own
#: ("Lulusan SMK, Teknik Mesin / Elektro": the majors are still education).
_RUNNING_KINDS = frozenset({"education", "domicile", "availability", "documents", "pay", "placeholder"})
_KIND_NAMES = {"education_major": "education"}

_PROTECTED = {kind: re.compile(p, re.IGNORECASE) for kind, p in _PROTECTED_PATTERNS.items()}
_CLAUSE = {kind: re.compile(p, re.IGNORECASE) for kind, p in _CLAUSE_PATTERNS.items()}


@dataclass(frozen=True)
class ProtectedSpan:
    """A protected requirement in a text: characters ``start:end`` (``text``), its kind and the rule it touches."""

    start: int
    end: int
    text: str
    kind: str
    rule: str


@dataclass(frozen=True)
class RequirementSplit:
    """A phrase read for non-skills: ``kind`` when the phrase names only non-skill requirements,
    ``remainder`` (the text left for the skill normaliser: the phrase itself when nothing was
    found, "" when nothing is left) and the ``kinds`` of every non-skill part found, in order."""

    kind: str | None
    remainder: str
    kinds: tuple[str, ...]


def _clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of ``text``; separators inside parentheses do not split."""
    depth, opened = 0, []
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        opened.append(depth)
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.end() == m.start() or opened[m.start()]:
            continue
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _protected_in(text: str, *, work_tied: bool = False) -> list[ProtectedSpan]:
    """Protected spans of one clause, offsets relative to ``text``; later kinds never overlap earlier.

    Health words are left out when ``work_tied`` (the sentence ties them to a task of the job)."""
    masked = _PROTECTED_UNLESS.sub(lambda m: " " * len(m.group()), text)
    out: list[ProtectedSpan] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PROTECTED.items():
        if kind == "health" and work_tied:
            continue
        for m in pattern.finditer(masked):
            if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(ProtectedSpan(m.start(), m.end(), text[m.start() : m.end()], kind, PROTECTED_RULES[kind]))
    return sorted(out, key=lambda s: s.start)


def _is_work_tied(text: str) -> bool:
    return bool(_PHYSIQUE.search(text) and _WORK_TIED.search(text))


_SENTENCE = re.compile(r"[^\n;•]+")


def protected_spans(text: str) -> list[ProtectedSpan]:
    """Every protected requirement in ``text`` (a phrase or a whole ad), in order of position.

    Reads clause by clause (commas, semicolons, sentence ends, bullets); a health word in a line
    that ties it to a task ("karena banyak mengangkat barang") is a physical demand, not flagged.
    Offsets index ``text`` itself.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    out: list[ProtectedSpan] = []
    for line in _SENTENCE.finditer(text):
        work_tied = _is_work_tied(line.group())
        for start, end in _clause_spans(line.group()):
            offset = line.start() + start
            for span in _protected_in(line.group()[start:end], work_tied=work_tied):
                out.append(
                    ProtectedSpan(span.start + offset, span.end + offset, span.text, span.kind, span.rule)
                )
    return out


def _content_words(text: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return [w for w in words if w not in _FRAME_WORDS and not _NUMBER.match(w)]


def _experience_only(clause: str) -> str | None:
    """'experience' or 'field' when the clause names experience (or a sector) and no skill."""
    left = _content_words(clause)
    if left and all(w in _SECTOR_WORDS for w in left):
        return "field" if (_EXPERIENCE.search(clause) or _FIELD.search(clause) or len(left) <= 2) else None
    if left or not _EXPERIENCE.search(clause):
        return None
    return "field" if _FIELD.search(clause) else "experience"


def _clause_kind(clause: str, *, work_tied: bool) -> tuple[str | None, str]:
    """(kind, remainder) for one clause.

    A protected word is cut out and what is left may still be a skill ("Pria, mampu mengelas"); a
    clause kind (education, domicile, availability, ...) claims the whole clause; experience claims
    it when no content word is left once its frame words are gone. The kind reported is the first
    protected one found, else the clause kind.
    """
    spans = _protected_in(clause, work_tied=work_tied)
    first_protected = spans[0].kind if spans else None
    for kind, pattern in _CLAUSE.items():
        if pattern.search(clause):
            return first_protected or _KIND_NAMES.get(kind, kind), ""
    remainder = clause
    for span in reversed(spans):
        remainder = remainder[: span.start] + " " + remainder[span.end :]
    if spans and not _content_words(remainder):
        return first_protected, ""
    if work_tied and not spans and _PHYSIQUE.search(clause):
        return "physical", ""
    experience = _experience_only(remainder)
    if experience:
        return first_protected or experience, ""
    return None, remainder


def skill_remainder(phrase: str) -> RequirementSplit:
    """Read ``phrase`` clause by clause: the non-skill kinds it names and the text left for a skill.

    ``kind`` is the first non-skill kind when no clause has a skill left (then ``remainder`` is "");
    else None, with ``remainder`` the phrase itself when nothing was found, or its skill clauses
    joined by ", " with protected words cut out. A clause after an education, domicile or
    availability clause that does not start like a skill ("mampu ...", "menguasai ...") continues
    it, as does a clause giving a reason ("karena ...").
    """
    if not isinstance(phrase, str):
        return RequirementSplit(None, "", ())
    work_tied = _is_work_tied(phrase)
    kinds: list[str] = []
    kept: list[str] = []
    previous: str | None = None
    for start, end in _clause_spans(phrase):
        clause = phrase[start:end]
        kind, remainder = _clause_kind(clause, work_tied=work_tied)
        if kind is None and previous and (
            _CONTINUES.match(clause) or (previous in _RUNNING_KINDS and not _SKILL_START.match(clause))
        ):
            kind, remainder = previous, ""
        previous = kind
        if kind is not None:
            kinds.append(kind)
            continue
        if remainder != clause:  # protected words were cut out of a clause that keeps a skill
            kinds.extend(span.kind for span in _protected_in(clause, work_tied=work_tied))
        if _content_words(remainder):  # a clause of frame words only ("Min.") names nothing
            kept.append(" ".join(remainder.split()))
    if not kinds:
        return RequirementSplit(None, phrase, ())
    if kept:
        return RequirementSplit(None, ", ".join(kept), tuple(kinds))
    return RequirementSplit(kinds[0], "", tuple(kinds))


def requirement_kind(phrase: str) -> RequirementKind | None:
    """The non-skill kind ``phrase`` names when it names no skill, else None.

    >>> requirement_kind("Pengalaman min. 2 tahun di bidang yang sama")
    'field'
    >>> requirement_kind("Tidak berkacamata"), requirement_kind("mampu mengoperasikan mesin bubut")
    ('health', None)
    """
    if not isinstance(phrase, str):
        return None
    split = skill_remainder(phrase)
    return split.kind  # type: ignore[return-value]


def requirement_flags(vacancy: Vacancy) -> tuple[RequirementFlag, ...]:
    """A flag for every protected requirement in the texts of ``vacancy`` (title and the ``skill``
    text of each requirement and soft requirement), in field order. Concept ids name no attribute,
    so they never raise a flag."""
    texts = [("title", vacancy.title)]
    for name in ("requirements", "soft_requirements"):
        texts += [(f"{name}[{i}].skill", r.skill) for i, r in enumerate(getattr(vacancy, name))]
    return tuple(
        RequirementFlag(kind=span.kind, text=span.text, rule=span.rule, field=field)
        for field, text in texts
        for span in protected_spans(text)
    )


def flag_vacancy(vacancy: Vacancy) -> Vacancy:
    """``vacancy`` with its protected requirements listed in ``flags`` (flags already there are
    kept, none twice). The skill part of each requirement is untouched: the normaliser reads it
    without the protected words (:func:`skill_remainder`)."""
    flags = tuple(dict.fromkeys((*vacancy.flags, *requirement_flags(vacancy))))
    return vacancy if flags == vacancy.flags else vacancy.model_copy(update={"flags": flags})
