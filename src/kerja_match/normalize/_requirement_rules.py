"""The rules of the non-skill requirement stage: kinds, the laws they touch, and the patterns that
find them (Indonesian and English, negations included). :mod:`._requirements` applies them; the
table of kinds and the decisions behind them are in its docstring and in docs/normalizer.md.
Each pattern is a list of alternatives, one family of wording per line (kept as written: fmt off).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

# fmt: off
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

EQUAL = "UU 13/2003 Art. 5-6 (equal opportunity and treatment)"
C111 = "ILO C111 Art. 1 (ratified by UU 21/1999)"
#: The law or rule each protected kind touches (quoted on every flag).
PROTECTED_RULES: dict[str, str] = {
    "age": f"{EQUAL}; project fairness rule: age is never scored",
    "gender": f"{EQUAL}: sex; {C111}: sex",
    "marital_status": f"{EQUAL}; UU 13/2003 Art. 153(1)(d-e): marriage, pregnancy; project fairness rule",
    "religion": f"{EQUAL}: religion; {C111}: religion",
    "ethnicity": f"{EQUAL}: ethnicity, race; {C111}: race, colour, national extraction; UU 40/2008",
    "appearance": f"{EQUAL}; project fairness rule: appearance and body measurements are never scored",
    "health": (
        "UU 8/2016 Art. 11, 53 (persons with disabilities); UU 13/2003 Art. 5, 67; "
        "ILO C111 Art. 1(2): only an inherent requirement of the job may count"
    ),
}

# A negation before a word keeps the word's kind: "tidak berkacamata" is still about eyesight.
NEG = r"(?:(?:tidak|tdk|belum|bukan|non|no|not|tanpa|bebas|free\s+of)[\s-]*)?"
NUM = r"\d{1,3}(?:[.,]\d+)?"


def words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# Kind -> pattern. Protected words are matched as spans; their phrase keeps any skill around them.
# Words that are also parts of skills are bound to a context ("berpenampilan menarik", not
# "menarik"; "kacamata" only worn or refused, not "kacamata las"); English words that ESCO labels
# use ("health", "education", "drugs", "piercing") only in the forms job ads use for a condition.
PROTECTED_PATTERNS: dict[str, str] = {
    "age": words(
        r"(?:usia|umur|berusia|berumur)(?:\s+(?:antara|maks\w*|max\w*|min\w*|di\s+bawah|di\s+atas|tidak\s+lebih\s+dari|"
        r"kurang\s+dari|lebih\s+dari|sekitar|mulai))*\.?\s*:?\s*\d{1,2}(?:\s*(?:-|–|s/?d|sampai|hingga|to)\s*\d{1,2})?"
        r"(?:\s*(?:tahun|thn|th|years?))?", r"usia\s+muda",
        r"usia", r"umur", r"berusia", r"berumur", r"(?:max(?:imum)?\s+|min(?:imum)?\s+)?ages?\s*(?::\s*\d+|max\w*|min\w*|limit|between|under|below|of\s+\d+|\d+)",
        r"aged\s+\d+", r"years?\s+old", r"y\.?o\.?",
        r"(?:thn|tahun)\s+ke\s+bawah", r"usia\s+muda", r"young(?:er)?\s+(?:candidates?|applicants?)",
        r"(?:max|maks|maksimal|maximal|maximum)\.?\s*" + NUM + r"\s*(?:th|thn|tahun|years?|yrs?)"
        + r"(?!\s*(?:pengalaman|experience|di\b|bekerja|of|in\b|sebagai))",
        r"(?:under|below|over|above)\s+" + NUM + r"\s*(?:years?|yrs?|y\.?o\.?)(?:\s+old)?",
    ),
    "gender": words(
        r"pria", r"wanita", r"laki(?:\s*-?\s*laki)?", r"perempuan", r"cowok", r"cewek", r"cewe", r"cowo",
        r"male", r"female", r"males", r"females", r"(?:men|women|man|woman)\s+only", r"gender",
        r"jenis\s+kelamin", r"lelaki", r"ibu[\s-]+ibu", r"bapak[\s-]+bapak", r"gadis",
    ),
    "marital_status": NEG
    + words(
        r"menikah", r"nikah", r"lajang", r"single\s+status", r"status\s+single", r"masih\s+single",
        r"married", r"unmarried", r"janda", r"duda", r"(?:tidak|belum|bukan)\s+(?:sedang\s+)?hamil",
        r"(?:not|non)[\s-]*pregnant", r"(?:sedang\s+)?hamil\s+(?:tidak|dilarang)",
        r"status\s+(?:pernikahan|perkawinan)", r"kawin", r"berkeluarga", r"marital\s+status",
        r"(?:punya|memiliki|mempunyai)\s+anak", r"have\s+children",
    ),
    "religion": words(
        r"agama", r"beragama", r"muslim", r"muslimah", r"islam", r"kristen", r"katolik", r"katholik",
        r"hindu", r"buddha", r"budha", r"konghucu", r"protestan", r"christian", r"catholic", r"religion",
        r"religious", r"berhijab", r"hijab", r"jilbab", r"berjilbab", r"berkerudung", r"kerudung",
        r"(?:menjalankan\s+)?(?:sholat|shalat|salat)(?:\s+(?:\d|lima)\s+waktu)?", r"taat\s+(?:beribadah|agama|menjalankan\s+\w+)", r"beribadah", r"ibadah", r"mengaji", r"ngaji", r"taat\s+agama",
        r"non[\s-]*muslim", r"syar['i]?i", r"bercadar", r"cadar", r"church[\s-]?goer", r"practicing\s+(?:muslim|christian|catholic|hindu|buddhist)",
    ),
    "ethnicity": words(
        r"(?:suku|etnis|etnik)(?:\s+(?!dan\b|atau\b)\w+)?", r"ras", r"race", r"ethnic(?:ity)?", r"pribumi", r"non[\s-]*pribumi",
        r"keturunan", r"tionghoa", r"chinese\s+(?:descent|ethnic|only)", r"(?:warga|orang|penduduk|putra|putri)\s+asli(?:\s+(?!dan\b)\w+)?",
        r"putra\s+daerah", r"putri\s+daerah", r"native[\s-]+(?:of|born)", r"nationality",
        r"kewarganegaraan", r"berdarah\s+\w+", r"(?:orang|suku)\s+(?:jawa|sunda|batak|betawi|minang|padang|bugis|madura|cina|china|ambon|papua|flores|timor)",
        r"skin\s+colou?r", r"warna\s+kulit", r"kulit\s+(?:putih|cerah|terang|gelap)",
    ),
    "appearance": NEG
    + words(
        r"(?:ber)?penampilan(?:\s+(?:yang\s+)?(?:menarik|rapi|baik|bersih|sopan|good))?(?:\s+(?:dan|&)\s+(?:menarik|rapi|bersih|sopan))?", r"good[\s-]looking", r"(?:physically\s+)?attractive\s+(?:appearance|looks?|face|person)", r"physically\s+attractive",
        r"(?:good|pleasant|neat)\s+appearance", r"presentable", r"well[\s-]groomed", r"cantik", r"ganteng",
        r"tampan", r"good\s+looks?", r"(?:wajah|paras)\s+(?:menarik|cantik|ganteng|good)", r"berwajah\s+\w+",
        r"tinggi\s+badan", r"tinggi\s+(?:min(?:imal|imum)?\.?\s*)?" + NUM + r"\s*cm",
        r"berat\s+badan(?:\s+(?:ideal|proporsional|seimbang))?", r"tb\s*/\s*bb", r"(?:tb|bb)\s*(?:min|max|maks)?\.?\s*:?\s*" + NUM + r"(?:\s*(?:cm|kg))?",
        r"height\s*(?::|min(?:imum)?\.?|of|at\s+least)?\s*" + NUM + r"\s*cm", r"weight\s*(?::|max(?:imum)?\.?)\s*" + NUM,
        r"(?:min(?:imal|imum)?\.?|>=?|≥)\s*" + NUM + r"\s*cm", r"proporsional", r"(?:tubuh|badan|postur)\s+(?:ideal|tegap|proporsional|langsing|atletis)",
        r"postur(?:\s+tubuh)?(?:\s+(?:ideal|tegap|proporsional|atletis|tinggi))?", r"(?:ber)?badan\s+(?:tegap|proporsional|ideal|sehat|tinggi|atletis)", r"langsing", r"gemuk", r"kurus", r"(?:ber)?tato", r"bertatto",
        r"(?:visible\s+)?tattoos?\s*(?:free)?", r"tattooed", r"tindik", r"bertindik", r"rambut\s+(?:pendek|panjang|gondrong)",
        r"gondrong", r"body\s+measurements?", r"ukuran\s+(?:badan|tubuh)", r"(?:ber)?kumis", r"(?:ber)?jenggot",
    ),
    "health": NEG
    + words(
        r"sehat(?:\s+(?:jasmani|rohani|fisik|mental|dan|&|jasmani\s+(?:dan|&)\s+rohani))*", r"kesehatan\s+(?:baik|prima|fisik|mata)",
        r"(?:healthy\s+and\s+fit|fit\s+and\s+healthy)", r"(?:in\s+)?good\s+(?:physical\s+)?health", r"health\s+certificate", r"jasmani", r"rohani",
        r"buta\s+warna(?:\s+(?:parsial|total))?", r"colou?r[\s-]*blind(?:ness)?", r"minus", r"silinder",
        r"mata\s+(?:normal|sehat|minus|plus|silinder)", r"penglihatan(?:\s+(?:normal|baik|jelas))?",
        r"(?:good|normal|perfect)\s+(?:eyesight|vision|hearing)", r"soft\s*lens", r"softlens",
        r"soflens", r"(?:ber)kaca\s*mata", r"(?:memakai|pakai|menggunakan|wears?|wearing)\s+kaca\s*mata\s+(?:minus|plus|baca)",
        r"kaca\s*mata\s+(?:minus|plus|baca)", r"(?:no|wears?|wearing)\s+glasses", r"cacat(?:\s+fisik)?",
        r"disabilitas\s+fisik", r"(?:not|no|non|without)\s+(?:a\s+)?disabilit(?:y|ies)", r"not\s+disabled",
        r"penyakit(?:\s+(?:menular|kronis|berat|bawaan))?", r"(?:no|free\s+(?:of|from))\s+(?:chronic|contagious|infectious)\s+(?:diseases?|illness)",
        r"medical\s+condition", r"kondisi\s+fisik(?:\s+(?:baik|prima|sehat|kuat))?", r"fisik\s+(?:yang\s+)?(?:kuat|prima|sehat|baik|bagus)",
        r"physically\s+(?:fit|strong|healthy)", r"fit\s+to\s+work",
        r"(?:tidak|bebas|free\s+(?:of|from)|no)\s+(?:penyakit\s+)?(?:hiv|hepatitis|tbc|tb|epilepsi|asma|ayan)",
        r"asma", r"pendengaran(?:\s+(?:normal|baik))?", r"tuli", r"bisu", r"(?:good|sound)\s+mental\s+health", r"sehat\s+mental",
        r"stamina(?:\s+(?:kuat|baik|prima))?", r"salmonella", r"tifus", r"typhoid",
        r"mata\b[^,;]{0,30}\b(?:minus|silinder|plus|normal|sehat|rabun|buta)",
    ),
}

# Spans that look protected but name a skill or another requirement (masked before matching).
PROTECTED_UNLESS = re.compile(
    r"\b(?:nilai|menjadi|a)\s+plus\b|\bplus\s+(?:point|poin|nilai)\b|\bbahasa\s+\w+|\bpenyakit\s+tanaman\b|"
    r"\bhealth\s+and\s+safety\b|\b(?:kesehatan\s+dan\s+)?keselamatan\s+(?:dan\s+)?(?:kesehatan\s+)?kerja\b|"
    r"\bk3\b|\bhse\b|\bhsse\b|\bohs\b|\bpenanganan\s+penyakit\b|\bmale\s+(?:connector|plug|thread)\b|"
    r"\bfemale\s+(?:connector|plug|thread)\b|\bminus\s+(?:one|1)\b|\b(?:plus|minus)\s+minus\b",
    re.IGNORECASE,
)

# Domain terms whose head or modifier is a protected word but which name a thing of the work, not
# a person: compounds ("suku cadang" spare parts, "cacat produk"/"produk cacat"/"mendeteksi cacat"
# defects, "tegangan tinggi"), food and product words ("makanan sehat", "healthy food"), animals'
# breeds ("kucing ras"), subjects ("pendidikan agama"), a display ("penampilan produk").
_DEFECT_OF = (
    r"produk|produksi|barang|las|lasan|pengelasan|material|bahan|kain|jahitan|jahit|cat|pengecatan|"
    r"coran|casting|cetak|cetakan|print|visual|permukaan|part|parts|komponen|kemasan|packaging|"
    r"proses|kualitas|mutu|dimensi|fungsi|unit|item|hasil|benang|kayu|plat|pipa|welding"
)
DOMAIN_COMPOUNDS = re.compile(
    r"\bsuku\s+(?:cadang|cadangan|bunga|kata)\b|"
    rf"\bcacat\s+(?:{_DEFECT_OF})\b|\b(?:{_DEFECT_OF})\s+(?:yang\s+)?cacat\b|"
    r"\b(?:deteksi|mendeteksi|identifikasi|mengidentifikasi|inspeksi|menginspeksi|analisa|analisis|"
    r"menganalisa|menganalisis|cek|mengecek|pengecekan|sortir|menyortir|memilah|jenis|jenis-jenis|"
    r"klasifikasi|mengklasifikasi|perbaikan|memperbaiki|mencegah|pencegahan|tingkat|rasio|data)\s+cacat\b|"
    r"\b(?:tegangan|voltage)\s+tinggi\b|\btinggi\s+tegangan\b|"
    r"\b(?:makanan|minuman|menu|masakan|hidangan|food|foods|snacks?|drinks?|meals?|catering|katering|"
    r"jamu|resep|recipes?|camilan|cemilan|pola\s+makan|gaya\s+hidup|lifestyle)\s+(?:yang\s+)?"
    r"(?:sehat|bergizi|healthy)\b|"
    r"\bhealthy\s+(?:food|foods|snacks?|meals?|menus?|drinks?|cooking|recipes?|lifestyle|eating|diet|"
    r"products?|options?|choices?)\b|"
    r"\b(?:kucing|anjing|ayam|hewan|sapi|kambing|ikan|burung)\s+ras\b|"
    r"\b(?:pendidikan|pelajaran|guru|studi|ilmu|mata\s+pelajaran)\s+agama(?:\s+(?:islam|kristen|katolik|"
    r"hindu|buddha|budha|konghucu))?\b|"
    r"\bpenampilan\s+(?:produk|toko|etalase|display|visual|website|web|aplikasi|halaman|panggung|menu)\b|"
    r"\bpenyakit\s+(?:hewan|ikan|ternak|unggas)\b",
    re.IGNORECASE,
)
# Names of companies and places of business ("PT Tampil Cantik", "Klinik Sehat Medika", "Maju
# Sehat Tbk"): the words of a name describe no candidate. A name is capitalised words after a legal
# form or a kind of business, or before "Tbk"; a gender or age word after the form still counts.
_NAME_WORD = r"(?!(?i:pria|wanita|laki|perempuan|male|female|usia|umur|max|maks|min)\b)[A-Z][\w&'.-]*"
COMPANY_NAMES = re.compile(
    r"\b(?i:pt|cv|ud|pd|fa|toko|klinik|salon|apotek|apotik|rs|rsu|rsia|restoran|resto|rumah\s+makan|"
    r"yayasan|koperasi|hotel|cafe|kafe|butik|studio|spa)\.?(?:\s+" + _NAME_WORD + r")+|"
    r"(?:\b" + _NAME_WORD + r"\s+){1,5}(?:Tbk|Group|Grup|Corp|Ltd|Inc)\b"
)

# A physical demand tied to the work: body words in such a phrase are not an attribute of the person.
WORK_TIED = re.compile(
    r"\b(?:karena|sebab|untuk|agar|because|for|to)\b.{0,40}\b(?:berdiri|mengangkat|angkat|beban|berjalan|"
    r"lift(?:ing)?|stand(?:ing)?|carry(?:ing)?|ketinggian)\b|"
    r"\b(?:kuat|mampu|sanggup|able\s+to|capable\s+of)\s+(?:mengangkat|angkat|lift(?:ing)?|carry(?:ing)?|"
    r"berdiri|stand(?:ing)?)\b|\b(?:tahan|terbiasa)\s+(?:berdiri|bekerja\s+berdiri|panas|dingin)\b|"
    r"\bangkat\s+beban\b",
    re.IGNORECASE,
)
PHYSIQUE = re.compile(r"\b(?:fisik|physical(?:ly)?|stamina|tenaga|kuat|sehat|strong|fit)\b", re.IGNORECASE)

# Kinds whose anchor word claims its whole clause: what follows "lulusan", "domisili", "bersedia"
# is the major, the place, the condition, never a skill of the candidate.
CLAUSE_PATTERNS: dict[str, str] = {
    "placeholder": r"^\s*(?:-+|n\s*/?\s*a|none|nil|null|tidak\s+ada|tdk\s+ada|tidak\s+punya|belum\s+ada|"
    r"belum\s+punya|kosong|tba|tbd|nihil|tidak|no|ya|yes|ok|dll|etc\.?)\s*[.!]?\s*$",
    "education": words(
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
    # basic literacy ("bisa baca tulis", "mampu membaca dan menulis", "can read and write") is the
    # floor of schooling, not a skill: only when nothing is read or written after the verbs (an
    # object makes it a skill: "membaca gambar teknik", "menulis laporan"; a parenthesis may say why)
    # (up to three words may come first, "bisa", "lancar", "able to": not spelled out, so that
    # they do not become anchors that send every "mampu ..." clause through these rules)
    # An English gerund alone is a skill with its object before it ("report writing", "technical
    # reading"): only the pair "reading and writing" is literacy.
    "education_literacy": r"^\W*(?:[^\W\d_]+\s+){0,3}?(?:(?:membaca|baca|read)(?:\s*(?:,|dan|&|/|and)?\s*"
    r"(?:menulis|tulis|write))?|reading\s*(?:,|&|/|and)?\s*writing|menulis|tulis|write)(?:\s*(?:,|dan|&|/|and)?\s*"
    r"(?:berhitung|hitung|menghitung|count(?:ing)?|arithmetic))?\s*(?:\([^)]*\)?)?\W*$|"
    r"\b(?:calistung|baca\s*tulis(?:\s*hitung)?|melek\s+huruf|buta\s+huruf|buta\s+aksara|literate|illiterate)\b",
    # a bare major ("Teknik Industri", "Teknik Mesin / Elektro") names a school subject, not a skill
    "education_major": r"^\W*(?:teknik|tehnik|jurusan)\s+(?:(?:mesin|elektro|industri|sipil|kimia|mekatronika|"
    r"informatika|lingkungan|fisika|arsitektur|metalurgi|material|perminyakan|pertambangan|geologi|"
    r"elektronika|komputer|manufaktur|otomotif|mekanik|perancangan)\b[\s/,&]*(?:dan|atau|and|or)?\s*)+\W*$",
    "domicile": words(
        r"domisili", r"berdomisili", r"domicile", r"tinggal\s+di", r"bertempat\s+tinggal", r"penempatan",
        r"ditempatkan", r"di\s+tempatkan", r"lokasi\s+(?:kerja|kantor|penempatan)", r"lives?\s+in",
        r"living\s+in", r"based\s+in", r"reside", r"residing", r"dan\s+sekitarnya", r"kota\s+asal",
        r"(?:dekat|near)\s+(?:dengan\s+)?(?:lokasi|kantor|pabrik|the\s+office)",
        r"(?:diutamakan|preferably|utamakan)\s+(?:yang\s+)?(?:dari\s+|tinggal\s+)?(?:daerah|wilayah|area|warga|sekitar)",
    ),
    "documents": words(
        r"skck", r"ktp", r"e-?ktp", r"npwp", r"kartu\s+keluarga", r"ak\s*-?\s*1", r"kartu\s+kuning",
        r"cv", r"curriculum\s+vitae", r"surat\s+lamaran", r"lamaran(?:\s+kerja)?", r"pas\s+foto",
        r"foto\s+(?:terbaru|diri|full\s+body|close\s+up|berwarna)", r"portofolio", r"(?:send|attach|include|with|submit)\s+(?:a\s+|your\s+)?portfolio",
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
    r"able\s+to\s+(?:start|join)|can\s+(?:start|join))\b[^,;]{0,50}\b(?:shift(?:ing)?|lembur|overtime|ditempatkan|"
    r"penempatan|dinas|travel(?:ling)?|traveling|mobile|mobilitas|bergabung|join|start|mulai|segera|"
    r"immediately|weekend|akhir\s+pekan|hari\s+libur|libur|tanggal\s+merah|relokasi|relocate|luar\s+kota|"
    r"ketinggian|kontrak|outsourc\w*|magang|dikontrak|lapangan|remote|wfo|onsite|on[\s-]site|malam|night|"
    r"hari\s+minggu|sabtu|minggu|perjalanan|keliling|full\s*time|part\s*time|ditugaskan|mutasi|nights?)\b|"
    r"\b(?:(?:fleksibel|flexible|flexibel)\s+(?:[^\W\d_]+\s+)?(?:waktu|jam\s+kerja|"
    r"jam|jadwal|hours|working\s+hours|schedules?|time)|kerja\s+shift|sistem\s+shift|\d\s*shift|non[\s-]*shift|jam\s+kerja|hari\s+kerja|"
    r"working\s+hours|full[\s-]?time|part[\s-]?time|freelance|kontrak\s+\d|join\s+(?:asap|immediately)|"
    r"(?:dapat|bisa)\s+segera\s+bergabung|fresh\s*grad(?:uate)?s?\s+(?:are\s+)?welcome|"
    r"fresh\s*grad(?:uate)?s?\s+(?:dipersilakan|dipersilahkan|boleh|silahkan|silakan)|"
    r"(?:dipersilakan|dipersilahkan|silahkan|silakan)\s+(?:melamar|apply|mendaftar)|"
    r"(?:tidak|non)\s+(?:perlu\s+)?(?:berpengalaman|pengalaman)\s+(?:dipersilahkan|dipersilakan|silahkan|silakan|boleh|welcome)|"
    r"(?:bisa|dapat|langsung|segera)\s+(?:langsung\s+|segera\s+)?(?:bergabung|join|mulai\s+bekerja)|"
    r"lembur|overtime|shift\s+(?:kerja|malam|pagi|siang)|(?:kerja|sistem|jadwal)\s+shift|rotating\s+shifts?|"
    r"work(?:ing)?\s+(?:in\s+)?shifts|night\s+shifts?|"
    r"(?:siap|bersedia|sanggup)\s+bekerja\s+di\s+(?:daerah|wilayah|area|luar|mana)\b)\b",
    "conduct": NEG
    + words(
        r"merokok", r"perokok", r"smoker", r"non[\s-]*smok\w*", r"(?:no|not)\s+smoking", r"narkoba",
        r"napza", r"drug[\s-]free", r"drug\s+test", r"no\s+drugs", r"miras", r"minuman\s+keras",
        r"criminal\s+record", r"berkelakuan\s+baik", r"catatan\s+kriminal", r"tersangkut\s+\w+", r"judi",
    ),
    "pay": words(
        r"gaji", r"upah", r"umk", r"ump", r"umr", r"(?:expected|competitive|attractive|basic)\s+salary", r"salary\s+(?:negotiable|nego|range\s*:)", r"insentif", r"tunjangan", r"thr",
        r"jamsostek", r"uang\s+makan", r"uang\s+transport", r"komisi", r"take\s+home\s+pay",
        r"expected\s+salary", r"fasilitas\s+(?:mess|makan|transport)", r"mess\s+karyawan",
    ),
}

# Experience: the phrase names a duration, "experience", a training or a certificate, and nothing a
# skill could be read from once its frame words are gone; or names a sector after "di bidang".
EXPERIENCE = re.compile(
    r"\b(?:pengalaman|pengalamn|pengalama|pengealaman|berpengalaman|experienced?|experiences|exp|"
    r"fresh\s*-?\s*grad(?:uate)?s?|freshgrad(?:uate)?s?|lulusan\s+baru|pernah\s+(?:be)?kerja|track\s+record|"
    r"years?\s+of|tahun\s+di|thn\s+di|min(?:imal|imum)?\.?\s*\d+\s*(?:th|thn|tahun|years?|yrs?)\b|"
    r"pelatihan|training|kursus|sertifikat|sertifikasi|certificate|certification)",
    re.IGNORECASE,
)
FIELD = re.compile(
    r"\b(?:di\s*bidang(?:nya)?|dibidang(?:nya)?|bidang(?:nya)?|di\s+industri|industri|di\s+perusahaan|perusahaan|"
    r"sektor|in\s+the\s+field|industry|company|sector|environment|di\s*posisi|posisi|position|"
    r"yang\s+sama|serupa|sejenis|similar|relevan[t]?|terkait|related)\b",
    re.IGNORECASE,
)
# Words that frame experience or a field without naming a skill (after the anchor is gone).
FRAME_WORDS = frozenset(
    """
    maximum status bersedia sedia siap mau willing antara sampai bawah atas kurang
    rapi bersih sopan tegap old
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
SECTOR_WORDS = frozenset(
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
NUMBER = re.compile(r"^\d+(?:th|thn|tahun|yrs?|bln|bulan)?$")
WORD = re.compile(r"[^\W_]+")
# Clause boundaries outside parentheses: ; newline bullet, a comma, a sentence end (not "min." or
# "2.5"), a spaced dash or slash, and "dan/serta" before a verb that frames a skill.
CLAUSE_BREAK = re.compile(
    r"\s*(?:[;\n•]|,(?!\d)|(?<![^\W\d_]{4})(?<=[^\W\d_]{4})\.(?=\s|$)|(?<=[a-z0-9)])\.(?=\s+(?-i:[A-Z]))|"
    r"\s[-–]\s|\s/\s|\s(?:dan|serta|and)\s+(?=(?:menguasai|mampu|memahami|mengerti|bisa|dapat|mahir|"
    r"terbiasa|able\s+to|proficient)\b))\s*",
    re.IGNORECASE,
)
# A clause that starts like this names a skill of its own, so it ends a run of education or domicile.
SKILL_START = re.compile(
    r"^\W*(?:mampu|menguasai|memahami|mengerti|bisa|dapat|mahir|terbiasa|memiliki|mempunyai|punya|"
    r"berpengalaman|pengalaman|pernah|sertifikat|sertifikasi|sim\b|able|proficient|knowledge|experience|"
    r"familiar|skilled|good|strong|excellent|mengoperasikan|menggunakan|membaca|cekatan|teliti|jujur)",
    re.IGNORECASE,
)
# A clause that gives a reason or a condition continues the clause before it.
CONTINUES = re.compile(r"^\W*(?:karena|karna|karen|sebab|because|as\s+you|agar|supaya)\b", re.IGNORECASE)
#: Clause kinds whose run continues into following clauses that name no skill of their own
#: ("Lulusan SMK, Teknik Mesin / Elektro": the majors are still education).
RUNNING_KINDS = frozenset({"education", "domicile", "availability", "documents", "pay", "placeholder"})
KIND_NAMES = {"education_major": "education", "education_literacy": "education"}

PROTECTED = {kind: re.compile(p, re.IGNORECASE) for kind, p in PROTECTED_PATTERNS.items()}
CLAUSE = {kind: re.compile(p, re.IGNORECASE) for kind, p in CLAUSE_PATTERNS.items()}
# fmt: on


# Optional or common pieces of the patterns that never decide a match alone.
_NOT_ANCHORS = frozenset(
    "ber ter tidak tdk belum bukan non not tanpa bebas free yang dan atau and the for with of to in dengan di".split()
)


# Words under four letters that are whole requirement words (shorter pieces are mostly suffixes).
_SHORT_ANCHORS = frozenset(
    "s1 s2 s3 d1 d2 d3 d4 tb bb cv kk ak ktp sma smk smp smu stm ipk gpa umk ump umr thr hiv tbc cm kg "
    "max min exp thn th yrs old own car pay ras wfo mnc ooh oil gas age sim hp dll etc nil tba tbd ya ok no".split()
)


def _anchors(sources: list[str]) -> tuple[str, ...]:
    """The literal words of the patterns (escapes removed), for a quick test before the rules run."""
    words = set()
    for source in sources:
        words.update(re.findall(r"[a-z0-9]{2,}", re.sub(r"\\[a-zA-Z]|\[[^\]]*\]|\{[^}]*\}", " ", source)))
        # words a pattern lets run together ("kaca\s*mata", "soft\s*lens") are anchors joined too
        words.update(a + b for a, b in re.findall(r"([a-z]{2,})\\s\*([a-z]{2,})", source))
    return tuple(sorted(w for w in words - _NOT_ANCHORS if len(w) >= 4 or w in _SHORT_ANCHORS))


# The affixes a rule word may carry in the text: "berpenampilan" holds "penampilan"; "manage"
# does not hold "age", nor "care" "car" (a word is matched whole, less these affixes).
_PREFIXES = ("", "ber", "ter", "be", "di", "se", "ke", "men", "mem", "meng", "non")
_SUFFIXES = ("", "s", "es", "nya", "kan", "an", "i")


def _anchor_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for kind, pattern in {**PROTECTED_PATTERNS, **CLAUSE_PATTERNS}.items():
        for word in _anchors([pattern]):
            table.setdefault(word, set()).add(kind)
    return {word: frozenset(kinds) for word, kinds in table.items()}


#: Each literal word of the rules and the kinds whose patterns hold it: a clause holding no word
#: of a kind cannot match that kind's pattern, so the pattern is not run (most skill phrases hold
#: no requirement word). Protected and clause kinds have distinct names.
ANCHOR_KINDS = _anchor_table()
_TOKEN = re.compile(r"\w+")


@lru_cache(maxsize=1 << 16)
def _token_kinds(token: str) -> frozenset[str]:
    kinds: set[str] = set()
    for prefix in _PREFIXES:
        if token.startswith(prefix):
            rest = token[len(prefix) :]
            for suffix in _SUFFIXES:
                if rest.endswith(suffix):
                    kinds.update(ANCHOR_KINDS.get(rest[: len(rest) - len(suffix)], ()))
    return frozenset(kinds)


def anchored_kinds(text: str) -> frozenset[str]:
    """The kinds (protected and clause) whose rule words ``text`` holds, word by word, in one pass."""
    kinds: frozenset[str] = frozenset()
    for token in _TOKEN.findall(text.lower()):
        kinds |= _token_kinds(token)
    return kinds
