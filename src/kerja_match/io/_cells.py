"""The CSV cell layer: skill lists in one cell (``mesin bubut:2; alat ukur:1``), a record as one row.

The syntax of a cell (items separated by ``;``, attributes by ``:``, backslash escapes) is parsed in
:mod:`kerja_match._cell_syntax`, below the records, so that a record built by hand takes the same
cells; it is re-exported here. ``format_*`` writes what ``parse_*`` reads back exactly (see
docs/io.md). :func:`row_fields` and :func:`record_cells` turn a CSV row into model fields and back,
by the :class:`RecordLayout` of each record type; :mod:`kerja_match.io` reads and writes the files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .._cell_syntax import (
    CLAIM_EXAMPLE,
    LIST_EXAMPLE,
    REQUIREMENT_EXAMPLE,
    WHITESPACE,
    CellSyntaxError,
    escape,
    parse_claim,
    parse_list,
    parse_list_item,
    parse_requirement,
    split_items,
)
from ..models import Candidate, Course, Evidence, SkillClaim, SkillRequirement, Vacancy

__all__ = [
    "CANDIDATE",
    "CANDIDATE_COLUMNS",
    "COURSE",
    "COURSE_COLUMNS",
    "VACANCY",
    "VACANCY_COLUMNS",
    "WHITESPACE",
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


def format_claims(claims: Iterable[SkillClaim]) -> str:
    """``skill:level`` items joined by ``'; '``, with the evidence unless it is self_declared."""
    items = []
    for claim in claims:
        evidence = "" if claim.evidence is Evidence.SELF_DECLARED else f":{claim.evidence.value}"
        items.append(f"{escape(claim.skill)}:{claim.level}{evidence}")
    return "; ".join(items)


def format_requirements(requirements: Iterable[SkillRequirement]) -> str:
    """``skill:level`` items with ``:preferred`` and ``:weight=x`` where they differ from the default."""
    items = []
    for requirement in requirements:
        text = f"{escape(requirement.skill)}:{requirement.level}"
        if not requirement.required:
            text += ":preferred"
        if requirement.weight is not None:
            text += f":weight={_format_number(requirement.weight)}"
        items.append(text)
    return "; ".join(items)


def format_list(values: Iterable[str]) -> str:
    """Values joined by ``'; '`` with ``;``, ``:`` and ``\\`` escaped."""
    return "; ".join(escape(value) for value in values)


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
    #: The column matching rests on: a file without it reads, but none of its records can score.
    skills_column: str | None = None

    @property
    def plural(self) -> str:
        return f"{self.name[:-1]}ies" if self.name.endswith("y") else f"{self.name}s"

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if self.model.model_fields[c].is_required())


CANDIDATE = RecordLayout(
    Candidate, "candidate", CANDIDATE_COLUMNS, claim_columns=("skills", "soft_skills"), skills_column="skills"
)
VACANCY = RecordLayout(
    Vacancy,
    "vacancy",
    VACANCY_COLUMNS,
    requirement_columns=("requirements", "soft_requirements"),
    skills_column="requirements",
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
            parse_list_item
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
