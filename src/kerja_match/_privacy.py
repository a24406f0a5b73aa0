"""Personal data in text: find a NIK, an Indonesian phone number or an e-mail address, and mask it.

The lowest layer of the package: errors, records, readers, the normaliser, reports and the CLI import
it; it imports nothing of the project. A mask keeps enough to find the row again and no more:

- a NIK (16 digits, written whole or in groups) keeps its first four digits (the region of issue)
  and its last four: ``3216••••••••0001``;
- a phone number (``08…``, ``+62…``, ``62…``, with spaces, dashes or dots between groups) keeps its
  first four digits and its last three: ``0812•••••890``;
- an e-mail address keeps the first character and the domain: ``b•••@contoh.co.id``.

A mask holds no run of digits a pattern would find again, so masking is idempotent: masked text
written and read back stays as it is. ``strip_personal`` removes personal data (whole or masked) and
the word that labels it ("NIK", "hp", "email"), so it never becomes a skill phrase. ``describe`` is
a safe, short ``repr``: a 5,000-digit integer or a list nested 100,000 deep never crash it.
"""

from __future__ import annotations

import math
import re
import reprlib
from typing import Any

__all__ = ["BULLET", "contains_personal", "describe", "mask_personal", "mask_value", "strip_personal"]

BULLET = "•"
_NIK = r"(?<!\d)\d(?:[ .\-]?\d){15}(?!\d)"
# Mobile numbers: 0 8xx / +62 8xx / 62 8xx, then 8-11 more digits in groups. A dot is allowed after
# "+62" and between later groups, never right after the leading 0 or 62 (that would be a decimal).
_PHONE = r"(?<![\d+])(?:\+62[ .\-]?|62[ \-]?|0[ \-]?)8(?:[ .\-]?\d){8,11}(?!\d)"
_EMAIL = r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}"
_PERSONAL = re.compile(f"(?P<nik>{_NIK})|(?P<phone>{_PHONE})|(?P<email>{_EMAIL})")
_MASKED = rf"\+?\d*{BULLET}+[\d{BULLET}]*(?:@[\w\-]+(?:\.[\w\-]+)+)?|\w{BULLET}+@[\w\-]+(?:\.[\w\-]+)+"
# The word a form or an ad puts before the datum: "NIK:", "No. HP", "WA", "e-mail", "hubungi" ...
_LABEL = (
    r"(?:(?:no\.?|nomor|nomer)\s*)?(?:nik|ktp|hp|handphone|telp\.?|telepon|tlp|phone|wa|whatsapp|"
    r"e-?mail|surel|kontak|hubungi|contact)"
)
_STRIP = re.compile(rf"(?:\b{_LABEL}\s*[:.=]?\s*)?(?:{_NIK}|{_PHONE}|{_EMAIL}|{_MASKED})", re.IGNORECASE)
_MAYBE_PERSONAL = re.compile(rf"\d{{4}}|@|{BULLET}")  # every datum and mask has one: a cheap first look
_MAX_INT_DIGITS = 4300  # Python refuses to turn a longer integer into text (sys.int_info)


def _mask_digits(text: str, keep_head: int, keep_tail: int) -> str:
    digits = [c for c in text if c.isdigit()]
    hidden = len(digits) - keep_head - keep_tail
    return "".join(digits[:keep_head]) + BULLET * hidden + "".join(digits[len(digits) - keep_tail :])


def _mask_match(match: re.Match[str]) -> str:
    text = match.group()
    if match.lastgroup == "nik":
        return _mask_digits(text, 4, 4)
    if match.lastgroup == "phone":
        return ("+" if text.startswith("+") else "") + _mask_digits(text, 4, 3)
    local, _, domain = text.rpartition("@")
    return f"{local[0]}{BULLET * 3}@{domain}"


def mask_personal(text: str) -> str:
    """``text`` with every NIK, phone number and e-mail address masked (see the module docstring)."""
    return _PERSONAL.sub(_mask_match, text)


def contains_personal(text: str) -> bool:
    """True when ``text`` holds a whole NIK, phone number or e-mail address."""
    return _PERSONAL.search(text) is not None


def strip_personal(text: str) -> str:
    """``text`` without personal data, whole or masked, nor the label before it ("NIK", "hp", "email")."""
    return _STRIP.sub(" ", text) if _MAYBE_PERSONAL.search(text) else text


class _SafeRepr(reprlib.Repr):
    """reprlib with integers too long to print described by their size, and short strings."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxlist, self.maxdict, self.maxtuple = 3, 8, 8, 8
        self.maxstring, self.maxother, self.maxlong = 60, 60, 40

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > _MAX_INT_DIGITS * 3:  # about 900+ digits: do not print it at all
            return f"<an integer of about {int(x.bit_length() * math.log10(2)) + 1:,} digits>"
        return super().repr_int(x, level)


_SAFE_REPR = _SafeRepr()


def describe(value: object, limit: int = 80) -> str:
    """A short, masked ``repr`` of any value; never raises on huge integers or deep nesting."""
    try:
        shown = _SAFE_REPR.repr(value)
    except (RecursionError, ValueError):
        shown = f"<{type(value).__name__}>"
    shown = mask_personal(shown)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def mask_value(value: Any) -> Any:
    """``value`` safe to keep in a problem report: masked text, or its short masked description.

    Text is masked; a number stays a number unless its digits hold personal data (then it becomes
    masked text) or it is too long to print (then a description); None, booleans and clean containers
    stay as they are; a container holding personal data or too deep to check becomes a description.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return mask_personal(value)
    if isinstance(value, int):
        if value.bit_length() > _MAX_INT_DIGITS * 3:
            return describe(value)
        text = str(value)
        return mask_personal(text) if contains_personal(text) else value
    if isinstance(value, float):
        return mask_personal(repr(value)) if contains_personal(repr(value)) else value
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return value if _clean(value) else describe(value)
    return value


def _clean(value: object, budget: int = 2_000, depth: int = 20) -> bool:
    """True when a container is small and shallow enough to check and holds no personal data."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        budget -= 1
        if budget < 0 or level > depth:
            return False
        if isinstance(item, dict):
            stack += [(x, level + 1) for pair in item.items() for x in pair]
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack += [(x, level + 1) for x in item]
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, (str, int, float)) and not _clean_scalar(item):
            return False
    return True


def _clean_scalar(item: str | int | float) -> bool:
    if isinstance(item, int) and item.bit_length() > _MAX_INT_DIGITS * 3:
        return False
    return not contains_personal(str(item))
