"""The CSV cell layer: skill lists in one cell (``mesin bubut:2; alat ukur:1``), a record as one row.

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

``format_*`` writes what ``parse_*`` reads back exactly (see docs/io.md). :func:`row_fields` and
:func:`record_cells` turn a CSV row into model fields and back, by the :class:`RecordLayout` of each
record type; :mod:`kerja_match.io` reads and writes the files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..errors import KerjaMatchError
from ..models import Candidate, Course, Evidence, SkillClaim, SkillRequirement, Vacancy, short_repr

__all__ = [
    "CANDIDATE",
    "CANDIDATE_COLUMNS",
    "COURSE",
    "COURSE_COLUMNS",
    "VACANCY",
    "VACANCY_COLUMNS",
    "CellSyntaxError",
    "RecordLayout",
    "RowFields",
    "example_cell",
    "format_claims",
    "format_list",
    "format_requirements",
    "parse_claim",
    "parse_list",
    "parse_requirement",
    "record_cells",
    "row_fields",
    "split_items",
]

ITEM_SEPARATOR = ";"
ATTRIBUTE_SEPARATOR = ":"
ESCAPE = "\\"
_SPECIAL = re.compile(r"([\\;:])")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_EVIDENCE = {e.value: e.value for e in Evidence}
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


def _unescape(text: str, fragment: str) -> str:
    if ESCAPE not in text:
        return text
    if text.endswith(ESCAPE) and (len(text) - len(text.rstrip(ESCAPE))) % 2 == 1:
        raise CellSyntaxError(fragment, "ends with a lone '\\' (write '\\\\' for a backslash)")
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def split_items(cell: str) -> list[str]:
    """The non-empty items of a cell, as written (escapes kept, whitespace around them removed)."""
    return [item.strip(WHITESPACE) for item in _split(cell, ITEM_SEPARATOR) if item.strip(WHITESPACE)]


def _skill_and_attributes(fragment: str) -> tuple[str, list[str]]:
    skill, *attributes = (part.strip(WHITESPACE) for part in _split(fragment, ATTRIBUTE_SEPARATOR))
    if not skill:
        raise CellSyntaxError(fragment, "no skill before ':'")
    return _unescape(skill, fragment), [a for a in attributes if a]


def _level(token: str, fragment: str) -> int:
    if not token.lstrip("+-").isdigit():
        raise CellSyntaxError(fragment, f"level must be a whole number 1–5, got {short_repr(token)}")
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
        elif key in _EVIDENCE:
            _set_once(item, "evidence", _EVIDENCE[key], fragment)
        else:
            raise CellSyntaxError(
                fragment,
                f"unknown attribute {short_repr(token)}: expected a level 1–5 or evidence "
                f"({', '.join(_EVIDENCE)}); write '\\:' for a ':' inside a skill",
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


def parse_list(cell: str) -> list[str]:
    """A plain ``;``-separated list (course prerequisites, assumed fields), unescaped."""
    return [_parse_list_item(item) for item in split_items(cell)]


def _parse_list_item(item: str) -> str:
    return _unescape(item, item)


def format_claims(claims: Iterable[SkillClaim]) -> str:
    """``skill:level`` items joined by ``'; '``, with the evidence unless it is self_declared."""
    items = []
    for claim in claims:
        evidence = "" if claim.evidence is Evidence.SELF_DECLARED else f":{claim.evidence.value}"
        items.append(f"{_escape(claim.skill)}:{claim.level}{evidence}")
    return "; ".join(items)


def format_requirements(requirements: Iterable[SkillRequirement]) -> str:
    """``skill:level`` items with ``:preferred`` and ``:weight=x`` where they differ from the default."""
    items = []
    for requirement in requirements:
        text = f"{_escape(requirement.skill)}:{requirement.level}"
        if not requirement.required:
            text += ":preferred"
        if requirement.weight is not None:
            text += f":weight={_format_number(requirement.weight)}"
        items.append(text)
    return "; ".join(items)


def format_list(values: Iterable[str]) -> str:
    """Values joined by ``'; '`` with ``;``, ``:`` and ``\\`` escaped."""
    return "; ".join(_escape(value) for value in values)


def _format_number(value: float) -> str:
    """The shortest text that reads back as the same float (``repr``), ints without ``.0``."""
    if math.isfinite(value) and value == int(value) and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


# -- a record as one CSV row ----------------------------------------------------------------------

CANDIDATE_COLUMNS = (
    "id", "skills", "soft_skills", "ktp_region", "domicile", "education", "experience_years", "lat", "lon",
)  # fmt: skip
VACANCY_COLUMNS = (
    "id", "employer", "title", "openings", "location", "requirements", "soft_requirements",
    "local_region", "sector", "min_education", "lat", "lon",
)  # fmt: skip
COURSE_COLUMNS = (
    "id", "title", "provider", "teaches", "prerequisites", "hours", "seats", "location", "kind", "cost",
    "assumed", "source",
)  # fmt: skip


@dataclass(frozen=True)
class RecordLayout:
    """The CSV layout of one record type: its columns, and which hold skill cells or lists."""

    model: type[Any]
    name: str  # "candidate"
    columns: tuple[str, ...]
    claim_columns: tuple[str, ...] = ()
    requirement_columns: tuple[str, ...] = ()
    list_columns: tuple[str, ...] = ()

    @property
    def plural(self) -> str:
        return f"{self.name[:-1]}ies" if self.name.endswith("y") else f"{self.name}s"

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if self.model.model_fields[c].is_required())


CANDIDATE = RecordLayout(Candidate, "candidate", CANDIDATE_COLUMNS, claim_columns=("skills", "soft_skills"))
VACANCY = RecordLayout(
    Vacancy, "vacancy", VACANCY_COLUMNS, requirement_columns=("requirements", "soft_requirements")
)
COURSE = RecordLayout(
    Course, "course", COURSE_COLUMNS, claim_columns=("teaches",), list_columns=("prerequisites", "assumed")
)


@dataclass
class RowFields:
    """One CSV row read as model fields, the items of each skill cell as written, and bad items."""

    fields: dict[str, Any] = field(default_factory=dict)
    items: dict[str, list[str]] = field(default_factory=dict)  # skill column -> its items as written
    errors: list[tuple[str, str, CellSyntaxError]] = field(default_factory=list)  # (column, cell, error)


def row_fields(layout: RecordLayout, row: Mapping[str, str]) -> RowFields:
    """A row's cells (column -> text) as model fields: empty cells left out, skill cells and lists parsed.

    Columns not in the layout are skipped (the reader reports them once, from the header).
    """
    out = RowFields()
    for column, raw in row.items():
        value = raw.strip(WHITESPACE)
        if column not in layout.columns or not value:
            continue
        if column not in layout.list_columns + layout.claim_columns + layout.requirement_columns:
            out.fields[column] = value
            continue
        parse: Callable[[str], Any] = (
            _parse_list_item
            if column in layout.list_columns
            else parse_claim
            if column in layout.claim_columns
            else parse_requirement
        )
        out.items[column] = split_items(value)
        out.fields[column] = []
        for item in out.items[column]:
            try:
                out.fields[column].append(parse(item))
            except CellSyntaxError as error:
                out.errors.append((column, raw, error))
    return out


def record_cells(layout: RecordLayout, record: BaseModel) -> dict[str, str]:
    """One record as CSV cells (column -> text); an absent (None) field is an empty cell."""
    out = {}
    for column in layout.columns:
        value = getattr(record, column)
        if column in layout.claim_columns:
            out[column] = format_claims(value)
        elif column in layout.requirement_columns:
            out[column] = format_requirements(value)
        elif column in layout.list_columns:
            out[column] = format_list(value)
        elif value is None:
            out[column] = ""
        elif isinstance(value, Enum):
            out[column] = str(value.value)
        else:  # repr of a float is the shortest text that reads back as the same float
            out[column] = repr(value) if isinstance(value, float) else str(value)
    return out


def example_cell(layout: RecordLayout, column: str) -> str:
    """A well-formed cell for ``column``, to show next to a bad one."""
    if column in layout.list_columns:
        return LIST_EXAMPLE
    return CLAIM_EXAMPLE if column in layout.claim_columns else REQUIREMENT_EXAMPLE
