"""The layout of a job ad or CV: section headings, bullets and numbering, enumerations.

:func:`read_units` cuts a text into units (a bullet, a numbered item, a line or a sentence), each
with its character span and the section it stands under; :func:`split_pieces` cuts one unit into
the pieces a skill can sit in: clauses, the items of a list ("Word, Excel dan PowerPoint", "bubut/
CNC"), an enumeration in parentheses or after "seperti / such as / e.g.", and the phrases of a long
sentence between linking words ("untuk", "sehingga", "in order to"). Every piece keeps its offsets
into the original text, so a mention can always be shown where it stands.

Headings are recognised by their words in Indonesian and English (``HEADINGS``), written alone on a
line, with or without a colon, or opening a line ("Requirements: 3+ years ..."). Text before the
first heading of an ad that has headings is the ad's opening (``company``); an ad without any
heading is read as one requirements section.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ._text import lexicon_words

#: English function words ("of", "the", "with"): no end of a run of words read densely.
EN_FUNCTION_WORDS = lexicon_words("en_stop_words")

__all__ = ["HEADINGS", "Piece", "Unit", "dense_run", "read_units", "split_pieces"]

#: Heading words (lower case, punctuation removed) -> section. A heading line starts with one of
#: these and has at most ``MAX_HEADING_WORDS`` words. Ads: requirements, preferred (requirements
#: that are a plus), duties, benefits, company, other; CVs: skills, experience, education,
#: training, certificates, personal.
_HEADING_CLEAN = re.compile(r"[^\w\s]+")
_HEADING_LISTS = {
    "requirements": """kualifikasi, persyaratan, syarat, syarat-syarat, kriteria, keahlian, keterampilan,
        ketrampilan, kemampuan, kompetensi, requirements, requirement, qualifications, qualification,
        skills, skill, competencies, profil kandidat, kandidat ideal, yang kami cari, who you are,
        what we are looking for, what we're looking for, what you need, what you bring, must have,
        job requirements, job qualifications, minimum qualifications, basic qualifications, key skills,
        required skills, technical skills, hard skills, soft skills, spesifikasi""",
    "preferred": """nilai tambah, nilai plus, diutamakan, lebih disukai, preferred, preferred qualifications,
        preferred skills, nice to have, nice to haves, bonus points, plus points, a plus, desirable""",
    "duties": """tanggung jawab, tanggungjawab, tugas, deskripsi pekerjaan, deskripsi tugas, uraian tugas,
        uraian pekerjaan, rincian pekerjaan, job description, job desc, jobdesc, jobdesk, job desk,
        responsibilities, responsibility, duties, key responsibilities, main responsibilities,
        your responsibilities, what you will do, what you'll do, the role, your role, role, tugas utama""",
    "benefits": """benefit, benefits, fasilitas, tunjangan, kompensasi, gaji, salary, what we offer, we offer,
        perks, yang kamu dapatkan, yang anda dapatkan, keuntungan, kesejahteraan, compensation""",
    "company": """tentang perusahaan, tentang kami, about us, about the company, company profile,
        profil perusahaan, deskripsi perusahaan, who we are""",
    "other": """waktu bekerja, waktu kerja, jam kerja, working hours, hari kerja, lokasi, lokasi kerja,
        penempatan, location, work location, cara melamar, how to apply, informasi tambahan, catatan,
        note, notes, dokumen, kirim lamaran, periode lowongan, tipe pekerjaan, jenis pekerjaan""",
    "experience": """pengalaman kerja, pengalaman pekerjaan, riwayat pekerjaan, riwayat kerja, pengalaman,
        work experience, experience, employment history, professional experience, pengalaman organisasi""",
    "education": """pendidikan, pendidikan formal, riwayat pendidikan, education, educational background,
        academic background""",
    "training": """pelatihan, kursus, pelatihan dan kursus, pendidikan non formal, training, trainings,
        courses, training and courses""",
    "certificates": """sertifikat, sertifikasi, sertifikat keahlian, lisensi, certificates, certifications,
        certification, licenses, licences""",
    "personal": """data pribadi, data diri, biodata, identitas diri, personal data, personal details,
        personal information, informasi pribadi, kontak, contact, profil diri""",
}
#: Heading words (lower case, punctuation removed) -> section. A heading line starts with one of
#: these and has at most ``MAX_HEADING_WORDS`` words. Ads: requirements, preferred (requirements
#: that are a plus), duties, benefits, company, other; CVs: experience, education, training,
#: certificates, personal (and requirements for a skills list).
HEADINGS: dict[str, str] = {
    " ".join(_HEADING_CLEAN.sub(" ", key).split()): section
    for section, keys in _HEADING_LISTS.items()
    for key in keys.split(",")
}
MAX_HEADING_WORDS = 6
_HEADING_WORDS_MAX = max(len(k.split()) for k in HEADINGS)

_BULLET_MARK = (
    r"(?:[-\u2010-\u2015\u2022\u2023\u2043\u2219\u25aa-\u25ff\u2605\u2606\u2713-\u2714\u2794-\u27bf"
    r"\u00b7*>+~]+|\(?\d{1,2}\s?[.)](?!\d)|\(?[a-hA-H][.)](?=\s)|[\U0001f300-\U0001faff\u2600-\u27bf]+\ufe0f?)"
)
_BULLET = re.compile(rf"^\s*(?:{_BULLET_MARK}\s*)+")
_INLINE_BULLET = re.compile(r"\s[\u2022\u25cf\u25aa\u27a2\u2713\u2714]\s")
_SENTENCE_END = re.compile(r"(?<=[a-z\d)%][.!?])\s+(?=[A-Z\d(])")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:min|maks|max|ms|dll|dsb|pt|cv|st|no|jl|dr|ir|e\.g|i\.e|approx|etc)|\b\w)\.$", re.I
)


@dataclass(frozen=True)
class Unit:
    """One bullet, numbered item, line or sentence of a text, with the section it stands in."""

    start: int
    end: int
    text: str
    section: str
    heading: str | None


@dataclass(frozen=True)
class Piece:
    """A span of a unit where a skill may stand; ``group`` numbers the list the piece belongs to
    (pieces of one group may be joined back: "perawatan dan perbaikan mesin"); ``head`` is True for
    the words an enumeration details ("Microsoft Office" before "(Word, Excel)")."""

    start: int
    end: int
    text: str
    group: int
    head: bool = False


def heading_section(line: str) -> tuple[str, str] | None:
    """(section, heading words) when ``line`` is a heading: known heading words, alone or followed
    by one more word ("Kualifikasi Khusus"), or by a colon ending the line; else None."""
    colon = line.find(":")
    if colon >= 0 and any(ch.isalnum() for ch in line[colon + 1 :]):
        return None  # "Persyaratan: menguasai AutoCAD" opens a section and says something (_heading_prefix)
    words = _HEADING_CLEAN.sub(" ", line.casefold()).split()
    if not words or len(words) > MAX_HEADING_WORDS:
        return None
    for n in range(min(_HEADING_WORDS_MAX, len(words)), 0, -1):
        key = " ".join(words[:n])
        if key in HEADINGS and (len(words) - n <= 1 or line.rstrip().endswith(":")):
            return HEADINGS[key], " ".join(words)
    return None


def _heading_prefix(line: str) -> tuple[str, str, int] | None:
    """A heading that opens a line with content after a colon: (section, heading, content offset)."""
    colon = line.find(":")
    if colon <= 0 or colon > 60 or not line[colon + 1 :].strip():
        return None
    found = heading_section(line[:colon].rstrip() + ":")
    if found is None:
        return None
    rest = colon + 1
    rest += len(line[rest:]) - len(line[rest:].lstrip())
    return found[0], found[1], rest


def read_units(text: str) -> list[Unit]:
    """The units of ``text`` in order, each in its section (see the module docstring)."""
    lines = _lines(text)
    has_heading = any(heading_section(line) or _heading_prefix(line) for _, line in lines)
    section, heading = ("company" if has_heading else "requirements"), None
    units: list[Unit] = []
    last_bullet = False
    for start, line in lines:
        found = heading_section(line)
        if found is not None:
            section, heading = found
            last_bullet = False
            continue
        prefix = _heading_prefix(line)
        if prefix is not None:
            section, heading, offset = prefix
            start, line = start + offset, line[offset:]
        marker = _BULLET.match(line)
        is_bullet = bool(marker and marker.end() < len(line))
        body_start = start + (marker.end() if is_bullet and marker else 0)
        body = text[body_start : start + len(line)]
        if not body.strip():
            continue
        continues = (
            units
            and not is_bullet
            and prefix is None
            and (body[:1].islower() or units[-1].text.rstrip().endswith((",", "(", "/", "dan", "and")))
            and units[-1].section == section
        )
        if continues:
            previous = units.pop()
            units.append(
                Unit(
                    previous.start,
                    body_start + len(body),
                    text[previous.start : body_start + len(body)],
                    section,
                    heading,
                )
            )
            continue
        units += _sentences(
            text, body_start, body_start + len(body), section, heading, last_bullet or is_bullet
        )
        last_bullet = is_bullet
    return units


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every non-blank line, with inline bullets ("a • b • c") cut apart."""
    out: list[tuple[int, str]] = []
    for match in re.finditer(r"[^\n\r]+", text):
        line, offset = match.group(), match.start()
        cuts = [0, *[m.start() + 1 for m in _INLINE_BULLET.finditer(line)], len(line)]
        for a, b in itertools.pairwise(cuts):
            part = line[a:b]
            lead = len(part) - len(part.lstrip())
            if any(ch.isalnum() for ch in part):
                out.append((offset + a + lead, part.strip()))
    return out


def _sentences(
    text: str, start: int, end: int, section: str, heading: str | None, bullet: bool
) -> list[Unit]:
    """A line cut into its sentences ("Kami mencari ... . Pengalaman min. 2 tahun.")."""
    body = text[start:end]
    cuts = [0]
    for match in _SENTENCE_END.finditer(body):
        if not _ABBREVIATION_END.search(body[: match.start()]):
            cuts.append(match.end())
    cuts.append(len(body))
    units = []
    for a, b in itertools.pairwise(cuts):
        piece = body[a:b].rstrip()
        if piece.strip():
            units.append(Unit(start + a, start + a + len(piece), piece, section, heading))
    return units


# --- pieces --------------------------------------------------------------------------------------
# Words that open an enumeration of what the words before them name.
_LIST_INTRO = re.compile(
    r"(?:\b(?:seperti|misalnya|misal|contoh(?:nya)?|antara lain|meliputi|termasuk|khususnya|terutama|"
    r"yaitu|yakni|such as|including|includes|like|especially|particularly|e\.g\.?|eg|i\.e\.?|incl\.?)\b"
    r"|:)\s*",
    re.I,
)
# Words and marks that join the items of a list.
_LIST_JOIN = re.compile(r"\s*(?:,|/|\+|&|;|\s(?:dan|serta|atau|maupun|and|or|as well as)\s)\s*", re.I)
# Words that end one phrase of a long sentence and start the next.
_PHRASE_BREAK = re.compile(
    r"(?<!\S)(?:untuk|agar|supaya|sehingga|guna|karena|sesuai|yang|dengan|di|pada|dalam|terhadap|juga|akan|"
    r"jika|bila|apabila|ketika|saat|"
    r"to|for|in order to|so that|which|that|who|while|within|with|in|on|at|by|of|from|but|because|if|"
    r"when|where|whether|you|we|they|our|your|their|is|are|was|were|be|been|have|has|had|will|would|"
    r"can|could|should|must|may|might|also|than|then|etc)(?!\S)",
    re.I,
)
#: A full stop that ends a clause: not the one of an abbreviation ("min.", "maks.", "Ms.", "dll.").
PERIOD = r"(?<!\bmin)(?<!\bMin)(?<!\bMIN)(?<!\bmaks)(?<!\bMaks)(?<!\bmax)(?<!\bMax)(?<!\bMs)(?<!\bms)(?<!\bMS)(?<!\bdll)(?<!\bdsb)(?<!\bNo)(?<!\bno)(?<!\bPT)(?<!\bSt)(?<!\b[A-Za-z])\."
_CLAUSE_END = re.compile(
    rf"\s*(?:[;!?]\s+|{PERIOD}\s+|\s[-\u2013\u2014]\s|,\s(?=(?:diutamakan|lebih|nilai|wajib|harus|preferably|"
    r"preferred|minimal|min\.?|minimum|maks|usia|umur|pria|wanita)\b))",
    re.I,
)


def split_pieces(text: str, offset: int = 0) -> list[Piece]:
    """Pieces of one unit (see :class:`Piece`), in order; ``offset`` is the unit's start in its text."""
    pieces: list[Piece] = []
    group = 0
    for c_start, c_end in _spans(text, 0, len(text), _CLAUSE_END, keep_end="#+)"):
        for start, end, head in _enumeration(text, c_start, c_end):
            group += 1
            for i_start, i_end in _spans(text, start, end, _LIST_JOIN):
                pieces.append(Piece(offset + i_start, offset + i_end, text[i_start:i_end], group, head))
    return pieces


def sub_phrases(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of the phrases of ``text`` between linking words (for pieces too long to be one skill)."""
    return [(offset + a, offset + b) for a, b in _spans(text, 0, len(text), _PHRASE_BREAK)]


def dense_run(run: str) -> bool:
    """Whether a run of words read densely may be a skill: two words or more, neither end an
    English function word nor the first an article ("the animals", "a team", "interact with" are
    no phrase of their own; "SIM A" ends in a licence class)."""
    words = run.lower().split()
    return (
        len(words) > 1
        and words[0] not in EN_FUNCTION_WORDS
        and words[0] != "a"
        and words[-1] not in EN_FUNCTION_WORDS
    )


def word_windows(text: str, offset: int, max_words: int) -> list[tuple[int, int]]:
    """Spans of every run of 1 to ``max_words`` words of ``text`` (a word: letters, digits and the
    marks inside names such as "C#", "CI/CD", "Node.js")."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    return [
        (offset + words[i][0], offset + words[j][1])
        for i in range(len(words))
        for j in range(i, min(i + max_words, len(words)))
    ]


_WORD = re.compile(r"[\w][\w#+.\-/]*[\w#+]|[\w]")


def _enumeration(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """A clause cut into (start, end, is_head): the words before an enumeration are its head; the
    enumeration is what stands in parentheses or after a list intro ("seperti", "such as", ":")."""
    out: list[tuple[int, int, bool]] = []
    cursor = start
    for match in re.finditer(r"\(([^()]*)\)", text[start:end]):
        a, b = start + match.start(), start + match.end()
        out += _after_intro(text, cursor, a)
        out.append((a + 1, b - 1, False))
        cursor = b
    out += _after_intro(text, cursor, end)
    marked = []
    for i, (a, b, head) in enumerate(out):
        follows = i + 1 < len(out) and not out[i + 1][2] and out[i + 1][0] > a
        marked.append((a, b, head or (follows and text[b : out[i + 1][0]].strip() in ("(", ""))))
    return [(a, b, h) for a, b, h in marked if text[a:b].strip()]


def _after_intro(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    match = _LIST_INTRO.search(text, start, end)
    if match is None or match.start() == start:
        return [(start, end, False)]
    return [(start, match.start(), True), (match.end(), end, False)]


def _spans(
    text: str, start: int, end: int, separator: re.Pattern[str], keep_end: str = "#+"
) -> list[tuple[int, int]]:
    """The stretches of text[start:end] between matches of ``separator``, stripped of spaces and
    stray punctuation, empty ones left out."""
    out = []
    cursor = start
    for match in separator.finditer(text, start, end):
        out.append((cursor, match.start()))
        cursor = match.end()
    out.append((cursor, end))
    stripped = []
    for a, b in out:
        while a < b and not (text[a].isalnum() or text[a] in "#+."):
            a += 1
        while b > a and not (text[b - 1].isalnum() or text[b - 1] in keep_end):
            b -= 1
        if a < b:
            stripped.append((a, b))
    return stripped
