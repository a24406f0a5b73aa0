"""Temporary stand-in for the non-skill stage of issue 13 (requirement_kind, protected_spans).

Deleted once that stage is merged; only the names it will provide are used by the extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROTECTED_KINDS = frozenset(
    {"age", "gender", "marital_status", "religion", "appearance", "ethnicity", "health"}
)

_KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("age", r"\b(?:usia|umur|age[d]?|years old|tahun ke ?bawah)\b"),
    ("gender", r"\b(?:pria|wanita|laki[- ]?laki|perempuan|male|female|cowok|cewek)\b"),
    ("marital_status", r"\b(?:belum menikah|menikah|lajang|single|married|unmarried|janda|duda)\b"),
    ("religion", r"\b(?:agama|muslim|muslimah|kristen|katolik|hindu|buddha|religion|berhijab|hijab)\b"),
    ("appearance", r"\b(?:penampilan|berpenampilan|good looking|menarik|tinggi badan|berat badan|tato|bertato|tindik|appearance|height|weight|tidak berkaca mata|berkacamata)\b"),
    ("ethnicity", r"\b(?:suku|etnis|ethnic|keturunan|chinese|tionghoa|pribumi)\b"),
    ("health", r"\b(?:sehat jasmani|jasmani dan rohani|sehat|healthy|buta warna|cacat|disabilitas)\b"),
    ("education", r"\b(?:pendidikan|lulusan|ijazah|sma|smk|slta|stm|smp|d[1-4]|s[1-3]|sarjana|diploma|jurusan|degree|bachelor|graduate)\b"),
    ("experience", r"\b(?:pengalaman|berpengalaman|experience|fresh ?graduate)\b.*\b(?:tahun|thn|bulan|years?|bidang|sama|serupa|dipersilakan)\b"),
    ("domicile", r"\b(?:domisili|domisil|berdomisili|tinggal di|penempatan|ditempatkan|di tempatkan)\b"),
    ("availability", r"\b(?:bersedia|siap|sanggup|willing|available|lembur|shift|bergabung)\b"),
    ("documents", r"\b(?:skck|ktp|npwp|sim [abc]|kartu|lamaran|cv|portofolio|portfolio)\b"),
    ("pay", r"\b(?:gaji|upah|salary|umk|ump|tunjangan|bpjs|insentif)\b"),
)
_COMPILED = [(kind, re.compile(p, re.I)) for kind, p in _KIND_PATTERNS]


def requirement_kind(phrase: str) -> str | None:
    """The first non-skill kind ``phrase`` names, or None."""
    for kind, pattern in _COMPILED:
        if pattern.search(phrase):
            return kind
    return None


@dataclass(frozen=True)
class ProtectedSpan:
    start: int
    end: int
    text: str
    kind: str
    rule: str


def protected_spans(text: str) -> list[ProtectedSpan]:
    out = []
    for kind, pattern in _COMPILED:
        if kind in PROTECTED_KINDS:
            for m in pattern.finditer(text):
                out.append(ProtectedSpan(m.start(), m.end(), m.group(), kind, f"{kind}: UU 13/2003 Art. 5-6"))
    return sorted(out, key=lambda s: s.start)
