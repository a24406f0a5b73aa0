"""Canonical text form of a skill phrase, Indonesian and English.

Taxonomy labels and query phrases go through the same :func:`canonical`, so every rule here is
symmetric: a rewrite can only merge two phrases, never make a label unreachable. The stages:

1. characters: Unicode NFKC, case folding, control and zero-width characters dropped, text past
   :data:`MAX_PHRASE_LENGTH` cut off;
2. tokens: runs of letters and digits (so ``co2``, ``k3``, ``5s`` stay whole), plus ``c++``, ``c#``,
   ``.net``; reduplication (``prinsip-prinsip``) collapses to one word; ``&`` reads ``and``;
3. spelling: misspellings, abbreviations and British/American forms people write in job ads and CVs
   (``exel`` → ``excel``, ``ms ofice`` → ``microsoft office``, ``moulding`` → ``molding``);
4. affixes: Indonesian meN-, peN-, ber-, ter-, di-, ke-, per-, se- with -kan, -an, -i and the
   Jakarta ``nge-``/``ny-`` forms are removed only where the result is a known root (a domain
   vocabulary), so ``pengelasan`` is ``las`` (weld), not ``kelas`` (class) as a generic stemmer says;
   unknown words lose a prefix+suffix pair only (``ke-…-an``), which English words rarely carry;
   English words are left alone (plural trimming and stop-word removal lowered ESCO top-1);
5. fillers: words that wrap a skill without naming it (``mampu``, ``berpengalaman``, ``tukang``,
   ``mengoperasikan``, ``benda kerja``) are dropped anywhere while other words remain; English
   framing (``good``, ``ability to``, ``knowledge of``; ``skills``, ``operator``) only at the start
   or end, as inside ESCO labels such words carry meaning. So ``mampu mengoperasikan mesin bubut``
   reads ``mesin bubut`` and ``baik`` alone stays ``baik``;
6. repeated words keep their last occurrence (``mengukur dengan alat ukur`` → ``alat ukur``).

Everything is a pure function of its argument; word-level helpers are cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["MAX_PHRASE_LENGTH", "canonical", "tokens"]

#: Characters of a phrase that are read; the rest is cut off (a skill is never this long).
MAX_PHRASE_LENGTH = 1000

# Format characters (zero-width space/joiners, bidi marks, BOM, soft hyphen) vanish; control
# characters (NUL, tabs, newlines, C1) separate words.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Reduplication with a hyphen: "prinsip-prinsip" -> "prinsip" (plural/variety, same skill).
_REDUPLICATION = re.compile(r"\b([^\W\d_]{2,})-\1\b")
# Tokens: programming names that need their symbol, then runs of letters/digits.
_TOKEN = re.compile(r"c\+\+|[cf]#|\.net\b|[^\W_]+")

# --- stage 3: spelling, abbreviations, variants -------------------------------------------------
# One word -> its canonical spelling (possibly several words). Values are fixed points.
_SPELLING: dict[str, str] = {
    # office software
    "ofice": "office",
    "offfice": "office",
    "offis": "office",
    "ofis": "office",
    "officce": "office",
    "exel": "excel",
    "excell": "excel",
    "exsel": "excel",
    "eksel": "excel",
    "xls": "excel",
    "xlsx": "excel",
    "wrd": "word",
    "pawerpoin": "powerpoint",
    "ppt": "powerpoint",
    "autokad": "autocad",
    "autocat": "autocad",
    "autocard": "autocad",
    "solidwork": "solidworks",
    # Indonesian informal abbreviations seen in ads and CVs
    "bhs": "bahasa",
    "bhsa": "bahasa",
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "dlm": "dalam",
    "sbg": "sebagai",
    "tdk": "tidak",
    "krj": "kerja",
    "pengalamn": "pengalaman",
    "exp": "pengalaman",
    "thn": "tahun",
    "bln": "bulan",
    "min": "minimal",
    "maks": "maksimal",
    "opr": "operator",
    "oprator": "operator",
    "operater": "operator",
    "mtc": "maintenance",
    "mtn": "maintenance",
    "maint": "maintenance",
    "bikin": "buat",
    "montir": "mekanik",
    "tehnik": "teknik",
    "tehnisi": "teknisi",
    "adm": "administrasi",
    "admin": "administrasi",
    "administrator": "administrasi",
    "spv": "supervisor",
    "cs": "customer service",
    "hp": "handphone",
    "sosmed": "media sosial",
    "medsos": "media sosial",
    "olshop": "online shop",
    "spd": "sepeda",
    "sepmor": "sepeda motor",
    "r2": "sepeda motor",
    "r4": "mobil",
    "kend": "kendaraan",
    # joined or split compounds
    "tanggungjawab": "tanggung jawab",
    "kerjasama": "kerja sama",
    "bekerjasama": "kerja sama",
    "makeup": "make up",
    "forklif": "forklift",
    "forklit": "forklift",
    "porklift": "forklift",
    "sigmat": "jangka sorong",
    "sketmat": "jangka sorong",
    # misspellings of domain words
    "bubud": "bubut",
    "bubutan": "bubut",
    "fris": "frais",
    "freis": "frais",
    "frays": "frais",
    "grinda": "gerinda",
    "gurinda": "gerinda",
    "grenda": "gerinda",
    "gerenda": "gerinda",
    "akutansi": "akuntansi",
    "akuntasi": "akuntansi",
    "akontansi": "akuntansi",
    "akunting": "akuntansi",
    "elektronik": "elektronika",
    "elektrik": "listrik",
    "elektrikal": "listrik",
    "lisrik": "listrik",
    "supir": "sopir",
    "nyupir": "sopir",
    "nyopir": "sopir",
    "nyetir": "setir",
    "stir": "setir",
    "ingris": "inggris",
    "inggeris": "inggris",
    "englsh": "english",
    "jepun": "jepang",
    "komputerisasi": "komputer",
    "kompter": "komputer",
    "injek": "injection",
    "injeksi": "injection",
    "inject": "injection",
    "ekstrusi": "extrusion",
    "extruder": "extrusion",
    "ekstruder": "extrusion",
    "disain": "desain",
    "disainer": "desainer",
    "programer": "programmer",
    "mekanikal": "mekanik",
    "maintanance": "maintenance",
    "maintenence": "maintenance",
    "mentenance": "maintenance",
    "maintance": "maintenance",
    "displin": "disiplin",
    "disipilin": "disiplin",
    "dsiplin": "disiplin",
    "bertanggungjawab": "bertanggung jawab",
    # British/American: one spelling for both (ESCO uses British, job ads use both)
    "moulding": "molding",
    "mould": "mold",
    "moulds": "molds",
    "moulded": "molded",
    "moulder": "molder",
    "colour": "color",
    "colours": "colors",
    "centre": "center",
    "programme": "program",
    "programmes": "programs",
    "labour": "labor",
    "behaviour": "behavior",
    "analyse": "analyze",
    "licence": "license",
    "defence": "defense",
    "aluminium": "aluminum",
    "metre": "meter",
    "metres": "meters",
    "tyre": "tire",
    "tyres": "tires",
    "catalogue": "catalog",
    "fibre": "fiber",
}
# Several words -> one form. Keys are tuples of tokens after _SPELLING; values are fixed points.
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("power", "point"): ("powerpoint",),
    ("auto", "cad"): ("autocad",),
    ("solid", "works"): ("solidworks",),
    ("solid", "work"): ("solidworks",),
    ("fork", "lift"): ("forklift",),
    ("e", "mail"): ("email",),
    ("k", "3"): ("k3",),
    ("5", "s"): ("5s",),
    ("5", "r"): ("5s",),
    ("5r",): ("5s",),
    ("co", "2"): ("co2",),
    ("a", "c"): ("ac",),
    ("b", "inggris"): ("bahasa", "inggris"),
    ("b", "jepang"): ("bahasa", "jepang"),
    ("b", "mandarin"): ("bahasa", "mandarin"),
    ("roda", "2"): ("sepeda", "motor"),
    ("roda", "dua"): ("sepeda", "motor"),
    ("roda", "4"): ("mobil",),
    ("roda", "empat"): ("mobil",),
    ("sim", "b", "1"): ("sim", "b1"),
    ("sim", "b", "2"): ("sim", "b2"),
    ("tune", "up"): ("tuneup",),
    ("tune", "upp"): ("tuneup",),
    ("mikro", "meter"): ("mikrometer",),
    ("micro", "meter"): ("micrometer",),
    ("set", "up"): ("setup",),
    ("trouble", "shooting"): ("troubleshooting",),
    ("on", "line"): ("online",),
    ("ol", "shop"): ("online", "shop"),
    ("data", "base"): ("database",),
    ("word", "press"): ("wordpress",),
    ("corel", "draw"): ("coreldraw",),
    ("photo", "shop"): ("photoshop",),
    ("note", "book"): ("notebook",),
    ("hand", "phone"): ("handphone",),
    ("smart", "phone"): ("smartphone",),
    ("air", "con"): ("ac",),
    ("team", "work"): ("teamwork",),
    ("house", "keeping"): ("housekeeping",),
}
_MAX_PHRASE_KEY = max(len(k) for k in _PHRASES)
_PHRASE_STARTS = frozenset(k[0] for k in _PHRASES)
_AFTER_MS = frozenset({"office", "word", "excel", "powerpoint", "access", "outlook"})

# --- stage 5: fillers ---------------------------------------------------------------------------
# Words that frame a skill without naming it, and function words, in both languages.
_FILLERS = frozenset(
    """
    mampu bisa dapat sanggup memiliki mempunyai punya kemampuan keahlian keterampilan ketrampilan
    terampil trampil menguasai dikuasai menguasa memahami paham pemahaman mengerti pengetahuan
    berpengalaman pengalaman pernah biasa terbiasa bagian divisi bidang baik tinggi sangat cukup lancar
    fasih mahir handal andal diutamakan disukai khususnya terutama minimal diperlukan wajib harus
    sesuai umum dasar lanjut lanjutan menengah aktif lisan tulisan rasa jiwa
    dan atau yang dengan di ke dari untuk dalam pada serta secara sebagai oleh para seperti terhadap
    operator tukang juru petugas staf karyawan pekerja kru pandai pintar cakap helper
    sertifikat sertifikasi bersertifikat bersertifikasi tersertifikasi berlisensi
    dibutuhkan dicari membutuhkan butuh lowongan loker maksimal tahun bulan
    """.split()
)
# Units of an amount of experience: the number before one is filler too ("min. 2 thn", "1-3 tahun").
_DURATIONS = frozenset({"tahun", "bulan"})
# English framing, only at the ends of a phrase: inside ESCO labels such words carry meaning
# ("good manufacturing practice", "use of"), and dropping them there lowers top-1 on ESCO.
_EN_LEADING = frozenset(
    """
    good strong excellent solid great proven sound demonstrated basic advanced
    ability abilities able capable knowledge experience experienced expertise skilled proficient
    proficiency familiar familiarity understanding hands on to of in with
    """.split()
)
_EN_TRAILING = frozenset({"skill", "skills", "ability", "abilities", "operator"})
# Roots (after affix removal) that frame a skill: "pengoperasian"/"mengoperasikan" -> "operasi",
# "penggunaan"/"menggunakan" -> "guna". English verbs are kept: ESCO tells "use" and "operate" apart.
_FILLER_ROOTS = frozenset({"operasi", "operasional", "guna", "pakai", "kuasa", "mampu", "ahli"})
# Word pairs (after affix removal) that frame a skill: "pernah (be)kerja di bagian gudang" -> gudang.
# "benda kerja" (workpiece) follows a machining verb without naming another skill.
_FILLER_PAIRS = frozenset(
    {
        ("pernah", "kerja"),
        ("work", "experience"),
        ("hands", "on"),
        ("benda", "kerja"),
        ("dalam", "kerja"),
        ("saat", "kerja"),
    }
)
_ANY_FILLER = (
    _FILLERS | _FILLER_ROOTS | _EN_LEADING | _EN_TRAILING | {w for pair in _FILLER_PAIRS for w in pair}
)

# --- stage 0: not a skill -----------------------------------------------------------------------
# Words that mark a phrase of a job ad or CV as a condition of the job or a document, never a skill:
# pay and benefits, age, gender, marital status, religion, appearance and health, education level,
# place and time of work, documents to send. A phrase holding one reads as "" (so the normaliser
# abstains): age, gender, religion, marital status and appearance must never become skills. None of
# these words occurs in an ESCO label or a label of the bundled taxonomy (tests check the latter).
_NON_SKILL_WORDS = frozenset(
    """
    gaji upah umk ump insentif tunjangan thr bpjs jamsostek
    usia umur pria wanita laki perempuan cowok cewek menikah lajang janda duda
    agama muslim muslimah kristen katolik
    tato bertato tindik penampilan berpenampilan jasmani rohani
    lulusan ijazah sma smk slta stm smp sederajat d1 d2 d3 d4 s1 s2
    domisili penempatan ditempatkan bersedia bergabung disediakan
    senin selasa rabu kamis jumat sabtu
    skck ktp lamaran pelamar cv
    """.split()
)
_NON_SKILL_PAIRS = frozenset(
    {
        ("tinggi", "badan"),
        ("berat", "badan"),
        ("buta", "warna"),
        ("uang", "makan"),
        ("uang", "transport"),
        ("pas", "foto"),
        ("riwayat", "hidup"),
        ("jam", "kerja"),
        ("hari", "kerja"),
        ("surat", "sehat"),
    }
)
_NON_SKILL_PAIR_STARTS = frozenset(first for first, _ in _NON_SKILL_PAIRS)


def _is_non_skill(words: list[str]) -> bool:
    """Whether the (respelled, not yet reduced) words hold a non-skill marker word or pair."""
    if not _NON_SKILL_WORDS.isdisjoint(words):
        return True
    if _NON_SKILL_PAIR_STARTS.isdisjoint(words):
        return False
    return any(
        (words[i], words[i + 1]) in _NON_SKILL_PAIRS
        for i in range(len(words) - 1)
        if words[i] in _NON_SKILL_PAIR_STARTS
    )


# --- stage 4: Indonesian affixes ----------------------------------------------------------------
# Roots of the domain and of everyday job-ad Indonesian. A word found here is left as it is; an
# affixed word is reduced only to a root found here (the dictionary check of Nazief & Adriani
# stemmers). Non-affixed words that look affixed (kelas, teknik, pelat, kemudi) are listed so
# they stay whole.
_ROOTS = frozenset(
    """
    las bubut jahit ukur kemudi frais rakit cetak potong gerinda bor cat cor tempa tekuk pasang rawat
    pelihara operasi guna pakai program kelola olah masak saji layan jual beli kirim terima simpan
    susun hitung catat ketik arsip kemas bungkus periksa uji cek kontrol awas pimpin selesai pecah
    atur kerja sama disiplin jujur teliti cermat tanggung jawab komunikasi adaptasi sesuai inisiatif
    tekan produksi rias cukur cuci setrika bersih rapi desain gambar baca tulis bicara ajar latih
    bimbing ramah sabar santun percaya instal rangkai sambung solder servis isi antar angkut muat
    bongkar timbang tata hias dandan sanggul gunting warna keriting poles rajut bordir obras pola
    rancang kembang bangun buat jalan pantau rekam input entri data foto edit sunting promosi iklan
    pasar tawar negosiasi sambut tamu kasir bayar tagih pajak buku akuntansi audit lapor listrik
    kantor gudang dingin terang kendara kendaraan langgan pikir putus rencana kumpul ikut tunjuk
    tangan kaki mesin alat las teknik teknisi teknis kelas kertas keras kerja kemas ketik kelola
    kembang kemeja keramik ketua pelat pelajar pena peta meja meter mekanik motor mobil sepeda
    otomotif rem oli ban aki busi mesin injection molding extrusion plastik logam besi baja
    karet kayu kaca kain benang pakaian busana garmen kulit sepatu roti kue kopi teh minum makan
    hidang dapur masakan resep boga rambut wajah kuku kulit salon spa pijat urut bidan rawat sehat
    selamat aman bahaya api padam kebakaran p3k obat darurat evakuasi
    kerja tim sikap etika moral tanggung integritas lead pimpin kreatif kreativitas inovasi inovatif
    produktif produktivitas efisien efektif motivasi semangat tekun ulet gigih loyal fleksibel
    mandiri proaktif cepat tepat waktu jadwal prioritas target hasil mutu kualitas standar prosedur
    gambar skema diagram grafik grafis visual konten media sosial online digital internet web
    aplikasi sistem jaringan server komputer laptop printer mesin fotokopi scan pindai
    sopir setir supir angkut kirim antar rute jalan raya lalu lintas truk bus angkot
    tarik dorong angkat pindah tumpuk susun rak stok persediaan inventaris barang bahan material
    pesan order faktur nota kuitansi kwitansi surat dokumen berkas arsip agenda rapat notulen
    telepon jawab sapa tamu keluh solusi masalah konflik damai
    paham erti mengerti kenal tahu dengar lihat rasa tahan
    bahasa inggris jepang mandarin arab korea jerman
    proses kursus tugas khusus otomatis praktis analisis status fokus bagus jelas ikhlas lepas panas
    emas gas kelas bebas dinamis sistematis kritis logis kritik
    pegang tanda tangan tempat lokasi wilayah daerah desa kota
    baik perbaiki reparasi ganti bongkar pasang setel stel kalibrasi ukur takar timbang
    bagi ajar diri sendiri hadap hadir tampil rupa bentuk lipat gulung tenun cetak sablon jilid
    tanam panen ternak pupuk semprot siram didik
    cari temu tawar kenal promosi untung rugi modal usaha dagang niaga
    tegang arus daya beban kabel saklar stop kontak panel motor generator trafo inverter
    pompa pipa katup kompresor hidrolik pneumatik
    """.split()
)
# Words a rule would get wrong, mapped to the root used instead.
_IRREGULAR: dict[str, str] = {
    "perbaikan": "perbaiki",
    "memperbaiki": "perbaiki",
    "diperbaiki": "perbaiki",
    "perbaiki": "perbaiki",
    "penanganan": "tangani",
    "menangani": "tangani",
    "ditangani": "tangani",
    "pengalaman": "pengalaman",
    "berpengalaman": "berpengalaman",
    "pengetahuan": "pengetahuan",
    "kemampuan": "kemampuan",
    "keahlian": "keahlian",
    "keterampilan": "keterampilan",
    "memperhatikan": "perhati",
    "perhatian": "perhati",
    "pekerjaan": "kerja",
    "bekerja": "kerja",
    "pemrograman": "program",
    "memprogram": "program",
    "diprogram": "program",
    "pemrogram": "program",
    "pengaturan": "atur",
    "teratur": "atur",
    "keteraturan": "atur",
    "belajar": "ajar",
    "pelajaran": "ajar",
    "berkomunikasi": "komunikasi",
    "pengemudi": "kemudi",
    "mengemudi": "kemudi",
    "mengemudikan": "kemudi",
    "kendaraan": "kendaraan",
    "perusahaan": "usaha",
    "pengusaha": "usaha",
    "pelanggan": "langgan",
    "pemesinan": "pemesinan",
    "permesinan": "pemesinan",
    "pelayan": "pelayan",
}
_FIXED = _ROOTS | frozenset(_IRREGULAR.values())
_SUFFIXES = ("kan", "an", "i", "")
_PARTICLES = ("nya", "lah", "kah", "pun", "ku", "mu")


def _prefix_candidates(word: str) -> list[str]:
    """Words left after removing one Indonesian prefix, with the initial sound meN-/peN- swallowed."""
    out: list[str] = []
    for p in ("me", "pe", "nge", "ng", "ny"):
        if not word.startswith(p):
            continue
        rest = word[len(p) :]
        if p in ("me", "pe"):
            if rest.startswith("nge"):
                out.append(rest[3:])  # menge-/penge- before one-syllable roots: pengelasan -> las
            if rest.startswith("ng"):
                r = rest[2:]
                out += [r, "k" + r] if r[:1] in "aiueo" else [r]
            if rest.startswith("ny"):
                out.append("s" + rest[2:])
            if rest.startswith("m"):
                r = rest[1:]
                out += [r, "p" + r, rest] if r[:1] in "aiueor" else [r, rest]
            if rest.startswith("n"):
                r = rest[1:]
                out += [r, "t" + r, rest] if r[:1] in "aiueo" else [r, rest]
            if rest.startswith("r"):
                out.append(rest[1:])  # per-: perawatan -> rawat (pe + rawat) and per + kantor
            out.append(rest)  # me/pe before l, r, w, y, m, n
        elif p == "nge":
            out.append(rest)
        elif p == "ng":
            out += [rest, "k" + rest] if rest[:1] in "aiueo" else [rest]
        else:
            out.append("s" + rest)
    for p in ("ber", "be", "ter", "te", "di", "ke", "se"):
        if word.startswith(p):
            out.append(word[len(p) :])
    return [c for c in out if len(c) >= 2]


def _root_lookup(word: str) -> str | None:
    """A root of ``word`` from _ROOTS, peeling suffix and up to two prefixes; None if none is known."""
    bases = [word]
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 3:
            bases.append(word[: -len(particle)])
    for base in bases:
        for suffix in _SUFFIXES:
            if suffix and not (base.endswith(suffix) and len(base) - len(suffix) >= 3):
                continue
            stem = base[: len(base) - len(suffix)] if suffix else base
            if suffix and stem in _ROOTS:
                return stem
            for first in _prefix_candidates(stem):
                if first in _ROOTS:
                    return first
                for second in _prefix_candidates(first):
                    if second in _ROOTS:
                        return second
    return None


_CONFIX = re.compile(r"^(?:meng|meny|peng|peny|mem|men|pem|pen|per|ber|ke)(?P<root>[a-z]{4,}?)(?:kan|an)$")


@lru_cache(maxsize=65536)
def _word_form(word: str) -> str:
    """One word's canonical form: irregular map, known root, Indonesian confix.

    English plurals are left alone: trimming them lowered ESCO top-1 by a point in our checks.

    Idempotent: every path ends in a word that maps to itself.
    """
    if word in _FIXED or not word.isalpha() or not word.isascii():
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    root = _root_lookup(word)
    if root is not None:
        return root
    match = _CONFIX.match(word)
    if match:  # an unknown word wearing a prefix and a suffix: strip the pair (never English-like)
        return _word_form(match.group("root"))
    return word


@lru_cache(maxsize=65536)
def _spelled(word: str) -> tuple[str, ...]:
    return tuple(_SPELLING.get(word, word).split())


def _respelled(words: list[str]) -> list[str]:
    """Single-word spellings, then multi-word forms (longest first), then "ms" before an Office name."""
    spelled = [w for word in words for w in _spelled(word)]
    out: list[str] = []
    i = 0
    while i < len(spelled):
        if spelled[i] not in _PHRASE_STARTS:
            word = spelled[i]
            if word == "ms" and i + 1 < len(spelled) and spelled[i + 1] in _AFTER_MS:
                word = "microsoft"
            out.append(word)
            i += 1
            continue
        for n in range(min(_MAX_PHRASE_KEY, len(spelled) - i), 0, -1):
            key = tuple(spelled[i : i + n])
            if key in _PHRASES:
                out += _PHRASES[key]
                i += n
                break
        else:
            out.append(spelled[i])
            i += 1
    return out


def _clean(phrase: str) -> str:
    text = phrase[:MAX_PHRASE_LENGTH]
    if text.isascii():  # fast path: NFKC and case folding of ASCII are lower()
        text = text.lower()
        if not text.isprintable():
            text = _CONTROL.sub(" ", text)
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    if "&" in text:
        text = text.replace("&", " and ")
    return _REDUPLICATION.sub(r"\1", text) if "-" in text else text


def _canonical_once(text: str) -> tuple[str, bool]:
    """One pass over cleaned text: the canonical form, and whether a word was dropped or rewritten."""
    raw = _TOKEN.findall(text)
    words = _respelled(raw)
    if not words or _is_non_skill(words):
        return "", False
    forms = [_word_form(w) for w in words]
    changed = words != raw or forms != words
    if not (_ANY_FILLER.isdisjoint(words) and _ANY_FILLER.isdisjoint(forms)):
        filler = [
            w in _FILLERS or f in _FILLERS or f in _FILLER_ROOTS for w, f in zip(words, forms, strict=True)
        ]
        for i in range(len(forms) - 1):
            if (forms[i], forms[i + 1]) in _FILLER_PAIRS:
                filler[i] = filler[i + 1] = True
        for i, form in enumerate(forms):  # "2 tahun", "1 3 tahun": the numbers of a duration
            j = i - 1
            while form in _DURATIONS and j >= 0 and forms[j].isdigit():
                filler[j] = True
                j -= 1
        for i, form in enumerate(forms):  # English framing at the start ...
            if not (filler[i] or form in _EN_LEADING):
                break
            filler[i] = True
        for i in range(len(forms) - 1, -1, -1):  # ... and at the end
            if not (filler[i] or forms[i] in _EN_TRAILING):
                break
            filler[i] = True
        if any(filler) and not all(filler):
            forms = [f for f, is_filler in zip(forms, filler, strict=True) if not is_filler]
            changed = True
    if len(set(forms)) < len(forms):  # repeated words keep their last occurrence: "ukur alat ukur"
        last = {f: i for i, f in enumerate(forms)}
        forms = [f for i, f in enumerate(forms) if last[f] == i]
        changed = True
    return " ".join(forms), changed


def canonical(phrase: str) -> str:
    """The canonical form of a skill phrase; "" when it has no word characters.

    Never raises on odd text (NUL bytes, emoji, right-to-left scripts, very long input: only the
    first MAX_PHRASE_LENGTH characters are read). ``canonical(canonical(x)) == canonical(x)``:
    when a pass dropped or rewrote a word, passes repeat until nothing changes, since e.g. dropping
    a filler can bring together two words that a spelling rule joins.
    """
    if not isinstance(phrase, str):
        phrase = str(phrase)
    result, changed = _canonical_once(_clean(phrase))
    for _ in range(3):
        if not changed:
            break
        again, changed = _canonical_once(result)
        if again == result:
            break
        result = again
    return result


def tokens(phrase: str) -> list[str]:
    """The words of ``canonical(phrase)``."""
    return canonical(phrase).split()
