"""Identifiers as people read them: ids, region codes and NIK-like numbers.

Ids are compared after NFKC normalisation with invisible characters removed (``ｃ-0001`` and
``c-0001`` + a zero-width space are ``c-0001``); region codes in other digits are read as ASCII; a
16-digit national id number (NIK) is recognised so it can be refused or masked.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import short_repr

REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", re.ASCII)
# A NIK (national ID number) is 16 digits; ids must be pseudonymous. Refused: an id whose digits are
# exactly 16 ('3216 0912 3456 7890'), or that holds a run of exactly 16 digits ('c-3216091234567890-2').
NIK_LIKE = re.compile(r"^\D*(\d\D*){16}$")
NIK_RUN = re.compile(r"(?<!\d)\d{16}(?!\d)")
# Invisible in print, so two ids differing only by them look the same: format characters (Cf: zero-width
# space and joiners, soft hyphen, BOM, bidi marks) and the blank fillers outside Cf.
_INVISIBLE_FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")


def identity(value: str) -> str:
    """An id as people read it: NFKC (full-width ``ｃ`` is ``c``), invisible characters removed, trimmed."""
    if value.isascii() and value.isprintable():
        return value.strip()
    normal = unicodedata.normalize("NFKC", value)
    return "".join(
        c for c in normal if unicodedata.category(c) != "Cf" and c not in _INVISIBLE_FILLERS
    ).strip()


def _identity(value: str) -> str:
    normal = identity(value)
    if not normal:
        raise ValueError("an id needs at least one visible character")
    return normal


def mask_nik(text: str) -> str:
    """``text`` with the 5th to 12th digits replaced by '•': the region prefix and the last four stay."""
    total = sum(c.isdigit() for c in text)
    digits = 0
    out = []
    for char in text:
        digits += char.isdigit()
        out.append("•" if char.isdigit() and 4 < digits <= total - 4 else char)
    return "".join(out)


def ascii_region(value: str) -> str:
    """A region code with other digits (full-width, Arabic-Indic ...) and full-width dots as ASCII."""
    if value.isascii():
        return value
    normal = unicodedata.normalize("NFKC", value)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in normal)


def _check_region(value: str | None) -> str | None:
    if value is None:
        return value
    code = ascii_region(value)
    if not REGION_CODE.match(code):
        raise ValueError(
            f"expected a Kemendagri region code such as '32.16' or '32.16.09', got {short_repr(value)}"
        )
    return code
