"""Cues around a mention: required or preferred, the level asked or claimed, years of experience,
education, licences and the evidence a CV gives. The rules are documented in docs/extraction.md.

Every cue is read in the *clause* the mention stands in (a unit cut at ";", ".", " - " and before
a cue word after a comma), so in "Menguasai Ms Office, diutamakan memiliki sertifikat K3" only the
certificate is preferred.
"""

from __future__ import annotations

import re

from ..models import Education, Evidence
from ._sections import PERIOD

__all__ = [
    "clause_of",
    "clause_spans",
    "education_levels",
    "evidence_of",
    "experience_years",
    "is_preferred",
    "level_of",
    "licences",
]

_PREFERRED = re.compile(
    r"\b(?:diutamakan|lebih disukai|lebih diutamakan|nilai tambah|nilai plus|menjadi nilai|poin plus|"
    r"point plus|preferred|preferably|preferable|a plus|is a plus|an advantage|advantageous|nice to have|"
    r"bonus|desirable|ideally|would be great)\b",
    re.I,
)
# Level cues, strongest first: the first that matches decides (before years of experience).
_LEVEL_CUES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        4,
        re.compile(
            r"\b(?:ahli|expert|expertise|advanced|sangat mahir|sangat menguasai|in[- ]depth|mastery|senior)\b",
            re.I,
        ),
    ),
    (
        3,
        re.compile(
            r"\b(?:mahir|menguasai|dikuasai|terampil|trampil|handal|andal|fasih|lancar|proficient|"
            r"proficiency|skilled|strong|excellent|fluent|berpengalaman|experienced|solid)\b",
            re.I,
        ),
    ),
    (
        2,
        re.compile(
            r"\b(?:mampu|bisa|dapat|terbiasa|sanggup|able to|ability to|can|capable|experience (?:with|in)|"
            r"pengalaman|hands[- ]on|good|baik|working knowledge)\b",
            re.I,
        ),
    ),
    (
        1,
        re.compile(
            r"\b(?:dasar|basic|mengenal|memahami|paham|mengerti|mengetahui|pengetahuan|familiar|"
            r"familiarity|understanding|knowledge|awareness|pernah belajar)\b",
            re.I,
        ),
    ),
)
#: Level when no cue is found: a job ad that names a skill asks for working use of it.
DEFAULT_LEVEL = 2
_YEARS = re.compile(
    r"(\d{1,2}(?:[.,]\d)?)\s*(?:\+|\s*-\s*\d{1,2})?\s*(?:tahun|thn|th|tahunan|years?|yrs?)\b", re.I
)
_YEAR_RANGE = re.compile(
    r"\b((?:19|20)\d{2})\s*(?:-|\u2013|\u2014|s\.?d\.?|sampai|to|until)\s*((?:19|20)\d{2}|sekarang|saat ini|present|now|current)\b",
    re.I,
)
_CLAUSE_CUT = re.compile(
    rf"[;!?](?=\s)|{PERIOD}(?=\s)|"
    r"\s[-\u2013\u2014]\s|,\s*(?=(?:diutamakan|lebih|nilai|wajib|harus|preferably|preferred|"
    r"minimal|minimum|min\b|ideally|bonus))",
    re.I,
)
_EDUCATION = re.compile(
    r"\b(SD|SMP|SLTP|SMA|SMU|SMK|STM|SLTA|MA|D-?I{1,3}V?|D-?[1-4]|S-?[1-3]|Diploma|Sarjana|Magister|Bachelor|"
    r"Master|PhD|High School|Vocational School)\b"
)
_EDUCATION_NAMES: dict[str, Education] = {
    "SD": Education.SD, "SMP": Education.SMP, "SLTP": Education.SMP, "SMA": Education.SMA,
    "SMU": Education.SMA, "SLTA": Education.SMA, "MA": Education.SMA, "HIGH SCHOOL": Education.SMA,
    "SMK": Education.SMK, "STM": Education.SMK, "VOCATIONAL SCHOOL": Education.SMK,
    "D1": Education.D1, "DI": Education.D1, "D2": Education.D2, "DII": Education.D2,
    "D3": Education.D3, "DIII": Education.D3, "DIPLOMA": Education.D3, "D4": Education.D4,
    "DIV": Education.D4, "S1": Education.S1, "SARJANA": Education.S1, "BACHELOR": Education.S1,
    "S2": Education.S2, "MAGISTER": Education.S2, "MASTER": Education.S2, "S3": Education.S3,
    "PHD": Education.S3,
}  # fmt: skip
_LICENCE = re.compile(r"\b(SIM\s*(?:A|B\s*[12]|B1|B2|C|D)(?:\s*umum)?|SIO(?:\s+\w+)?|SKCK)\b", re.I)
_CERTIFIED = re.compile(
    r"\b(?:sertifikat|sertifikasi|bersertifikat|bnsp|sio|lisensi|certified|certificate|licen[cs]ed?)\b", re.I
)
_TRAINED = re.compile(
    r"\b(?:pelatihan|kursus|blk|diklat|training|course|bootcamp|magang|apprentice\w*)\b", re.I
)
_EXPERIENCED = re.compile(
    r"\b(?:pengalaman|berpengalaman|pernah bekerja|bekerja sebagai|bekerja di|experience|worked|working as)\b",
    re.I,
)


def clause_spans(unit_text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of a unit, in order (see the module docstring)."""
    cuts = [(m.start(), m.end()) for m in _CLAUSE_CUT.finditer(unit_text)]
    starts = [0, *[b for _, b in cuts]]
    ends = [*[a for a, _ in cuts], len(unit_text)]
    return [(a, b) for a, b in zip(starts, ends, strict=True) if b > a]


def clause_of(unit_text: str, position: int) -> str:
    """The clause of ``unit_text`` that holds character ``position`` (relative to the unit)."""
    start, end = 0, len(unit_text)
    for match in _CLAUSE_CUT.finditer(unit_text):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return unit_text[start:end]


def is_preferred(clause: str, section: str) -> bool:
    """A requirement is preferred under a "nilai tambah / preferred" heading or with a preferred cue
    in its clause ("diutamakan", "lebih disukai", "nilai tambah", "a plus", ...); else required."""
    return section == "preferred" or bool(_PREFERRED.search(clause))


def level_of(clause: str, default: int = DEFAULT_LEVEL) -> int:
    """Level 1-5 from the cue words of a clause, raised by years of experience (1+ years: 3,
    4+ years: 4)."""
    level = default
    for value, pattern in _LEVEL_CUES:
        if pattern.search(clause):
            level = value
            break
    years = experience_years(clause)
    if years is not None:
        level = max(level, 4 if years >= 4 else 3 if years >= 1 else level)
    return level


def experience_years(text: str) -> float | None:
    """The largest number of years stated in ``text`` ("min. 2 tahun", "3+ years", "1-3 thn"), or None."""
    found = [float(m.group(1).replace(",", ".")) for m in _YEARS.finditer(text)]
    found = [y for y in found if y <= 40]
    return max(found) if found else None


def year_ranges(text: str, this_year: int) -> float:
    """Years covered by "2019 - 2022" / "2021 - sekarang" ranges in a CV's text (summed)."""
    total = 0.0
    for match in _YEAR_RANGE.finditer(text):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2).isdigit() else this_year
        if first <= last <= this_year + 1:
            total += last - first
    return total


def education_levels(text: str) -> list[Education]:
    """Education levels named in ``text`` ("SMA/SMK", "D3", "S1"), in order."""
    out = []
    for match in _EDUCATION.finditer(text):
        key = match.group(1).upper().replace("-", "")
        if key in _EDUCATION_NAMES:
            out.append(_EDUCATION_NAMES[key])
    return out


def licences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of driving licences (SIM A/B1/B2/C), operator licences (SIO) and SKCK."""
    return [(m.start(), m.end(), m.group()) for m in _LICENCE.finditer(text)]


def evidence_of(clause: str, section: str) -> Evidence:
    """How a CV backs a skill: certified (sertifikat, BNSP, SIO) > experience (pengalaman, pernah
    bekerja, the experience section) > training (pelatihan, kursus, BLK) > self-declared."""
    if section == "certificates" or _CERTIFIED.search(clause):
        return Evidence.CERTIFIED
    if section == "experience" or _EXPERIENCED.search(clause):
        return Evidence.EXPERIENCE
    if section == "training" or _TRAINED.search(clause):
        return Evidence.TRAINING
    return Evidence.SELF_DECLARED
