"""The skill-cell syntax, pure text: ``mesin bubut:2; las smaw:3:certified`` into item fields.

The lowest layer of the records: it imports nothing of kerja_match but the errors, so both the
records (:mod:`kerja_match.models`, which accept a cell where a list of claims is meant) and the file
readers (``kerja_match.io``) use the one definition.

A cell holds items separated by ``;``. An item is a skill (a concept id or any text) followed by
``:``-separated attributes in any order:

- skill claims (``skills``, ``soft_skills``, ``teaches``): a level ``1``–``5`` and an evidence
  keyword (``self_declared``, ``training``, ``experience``, ``certified``, ``assessed``), e.g.
  ``las smaw:3:certified``;
- skill requirements (``requirements``, ``soft_requirements``): a level, ``required`` or
  ``preferred`` (also ``wajib`` / ``diutamakan``), and ``weight=NUMBER``, e.g. ``k3:1:preferred``.

An attribute left out takes the model's default (level 1, self_declared, required, weight from the
scorer). A backslash escapes the next character, so a skill whose text holds ``;``, ``:`` or ``\\``
is written ``C++\\: advanced``. Whitespace around items and attributes is ignored; empty items
(``a:1;;b:2;``) are ignored. Plain lists (``prerequisites``, ``assumed``) use ``;`` and the same escapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .errors import KerjaMatchError, short_repr

ITEM_SEPARATOR = ";"
ATTRIBUTE_SEPARATOR = ":"
ESCAPE = "\\"
_SPECIAL = re.compile(r"([\\;:])")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
#: The values of models.Evidence (a test holds them equal; this layer cannot import the models).
EVIDENCE_WORDS = ("self_declared", "training", "experience", "certified", "assessed")
_REQUIRED = {"required": True, "wajib": True, "preferred": False, "diutamakan": False}
# What pydantic's str_strip_whitespace removes (Unicode White_Space). str.strip() also removes the
# separators \x1c-\x1f, so a cell trimmed with it would read differently from the same JSON value.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\x1c\x1d\x1e\x1f")
CLAIM_EXAMPLE = "mesin bubut:2; las smaw:3:certified"
REQUIREMENT_EXAMPLE = "bubut:2; k3:1:preferred; alat ukur:2:weight=1.5"
LIST_EXAMPLE = "blk-bubut-dasar; blk-k3-dasar"


class CellSyntaxError(KerjaMatchError):
    """An item of a cell that does not follow the syntax; names the item and what is wrong."""

    def __init__(self, fragment: str, reason: str) -> None:
        self.fragment = fragment
        self.reason = reason
        super().__init__(f"item {short_repr(fragment)}: {reason}")


def _split(text: str, separator: str) -> list[str]:
    """Split on ``separator`` where it is not escaped; escapes are kept for the next step."""
    if ESCAPE not in text:  # the usual cell: nothing escaped
        return text.split(separator)
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == ESCAPE:
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def unescape(text: str, fragment: str) -> str:
    """``text`` with its backslash escapes undone; a lone trailing backslash is an error in ``fragment``."""
    if ESCAPE not in text:
        return text
    if text.endswith(ESCAPE) and (len(text) - len(text.rstrip(ESCAPE))) % 2 == 1:
        raise CellSyntaxError(fragment, "ends with a lone '\\' (write '\\\\' for a backslash)")
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def escape(text: str) -> str:
    """``text`` with ``;``, ``:`` and ``\\`` escaped, so it reads back as one skill."""
    return _SPECIAL.sub(r"\\\1", text)


def split_items(cell: str) -> list[str]:
    """The non-empty items of a cell, as written (escapes kept, whitespace around them removed)."""
    return [item.strip(WHITESPACE) for item in _split(cell, ITEM_SEPARATOR) if item.strip(WHITESPACE)]


def _skill_and_attributes(fragment: str) -> tuple[str, list[str]]:
    skill, *attributes = (part.strip(WHITESPACE) for part in _split(fragment, ATTRIBUTE_SEPARATOR))
    if not skill:
        raise CellSyntaxError(fragment, "no skill before ':'")
    return unescape(skill, fragment), [a for a in attributes if a]


def _level(token: str, fragment: str) -> int:
    digits = token.lstrip("+-")
    if not digits.isdigit():
        raise CellSyntaxError(fragment, f"level must be a whole number 1–5, got {short_repr(token)}")
    if len(digits) > 6:  # int() refuses 4,301+ digits with a ValueError; no level is this long anyway
        raise CellSyntaxError(
            fragment, f"level must be a whole number 1–5, got a number of {len(digits):,} digits"
        )
    return int(token)


def _set_once(item: dict[str, Any], key: str, value: object, fragment: str) -> None:
    if key in item:
        raise CellSyntaxError(fragment, f"{key} given twice")
    item[key] = value


def parse_claim(fragment: str) -> dict[str, Any]:
    """One claim item as SkillClaim fields: ``'las smaw:3:certified'`` -> skill, level, evidence."""
    skill, attributes = _skill_and_attributes(fragment)
    item: dict[str, Any] = {"skill": skill}
    for token in attributes:
        key = token.casefold()
        if _NUMBER.match(token):
            _set_once(item, "level", _level(token, fragment), fragment)
        elif key in EVIDENCE_WORDS:
            _set_once(item, "evidence", key, fragment)
        else:
            raise CellSyntaxError(
                fragment,
                f"unknown attribute {short_repr(token)}: expected a level 1–5 or evidence "
                f"({', '.join(EVIDENCE_WORDS)}); write '\\:' for a ':' inside a skill",
            )
    return item


def parse_requirement(fragment: str) -> dict[str, Any]:
    """One requirement item as SkillRequirement fields: ``'k3:1:preferred'`` -> skill, level, required."""
    skill, attributes = _skill_and_attributes(fragment)
    item: dict[str, Any] = {"skill": skill}
    for token in attributes:
        key = token.casefold()
        name, _, number = key.partition("=")
        if _NUMBER.match(token):
            _set_once(item, "level", _level(token, fragment), fragment)
        elif key in _REQUIRED:
            _set_once(item, "required", _REQUIRED[key], fragment)
        elif name.strip() == "weight":
            if not _NUMBER.match(number.strip()):
                raise CellSyntaxError(fragment, f"weight must be a number, got {short_repr(token)}")
            _set_once(item, "weight", float(number), fragment)
        else:
            raise CellSyntaxError(
                fragment,
                f"unknown attribute {short_repr(token)}: expected a level 1–5, 'required' or 'preferred', "
                "or 'weight=NUMBER'; write '\\:' for a ':' inside a skill",
            )
    return item


def parse_list_item(item: str) -> str:
    """One item of a plain list, unescaped."""
    return unescape(item, item)


def parse_list(cell: str) -> list[str]:
    """A plain ``;``-separated list (course prerequisites, assumed fields), unescaped."""
    return [parse_list_item(item) for item in split_items(cell)]


# -- skill lists written by hand (the records accept them where a list of claims is meant) ---------


def claim_items(value: Any) -> Any:
    """A list of claims as written by hand, as item fields: ``'bubut:2; las:3'``, strings, a mapping."""
    return _skill_items(value, parse_claim)


def requirement_items(value: Any) -> Any:
    """A list of requirements as written by hand, as item fields (see :func:`claim_items`)."""
    return _skill_items(value, parse_requirement)


def list_items(value: Any) -> Any:
    """A plain list written as one cell (``'blk-a; blk-b'``), as a list."""
    return parse_list(value) if isinstance(value, str) else value


def _skill_items(value: Any, parse: Callable[[str], dict[str, Any]]) -> Any:
    if isinstance(value, str):  # one cell: 'mesin bubut:2; las smaw:3:certified'
        return [parse(item) for item in split_items(value)]
    if isinstance(value, Mapping) and "skill" in value:
        raise ValueError("expected a list of skills, not one skill's fields: wrap it in a list ([{...}])")
    if isinstance(value, Mapping):  # {'mesin bubut': 2, 'k3': '1:preferred'}
        return [_mapping_item(skill, attributes, parse) for skill, attributes in value.items()]
    if isinstance(value, Iterable) and not isinstance(value, bytes) and not hasattr(value, "model_fields"):
        return [parse(item) if isinstance(item, str) else item for item in value]
    return value  # pydantic names what came (a record's fields are not a list of skills)


def _mapping_item(skill: object, attributes: object, parse: Callable[[str], dict[str, Any]]) -> Any:
    if not isinstance(skill, str):
        return {"skill": skill}
    if isinstance(attributes, Mapping):
        return {"skill": skill, **attributes}
    if isinstance(attributes, str):  # {'las smaw': '3:certified'}: the attributes of a cell item
        return parse(f"{escape(skill)}:{attributes}")
    return {"skill": skill, "level": attributes}
