"""Rows of a record file checked into records: every problem kept, good records in file order.

A row whose id repeats an earlier one (as people read ids: a full-width or zero-width look-alike is
the same id) is a problem and is not kept; a problem inside a skill cell points at the item as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from ..errors import Problem
from ..models import problems_from_error, record_name, short_repr
from ._cells import RecordLayout


@dataclass
class Row:
    """One record as read from the file, before validation."""

    row: int
    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    items: dict[str, list[str]] = field(default_factory=dict)  # cell column -> its items as written


def record_label(layout: RecordLayout, data: Mapping[str, Any], row: int) -> str:
    return record_name(layout.name, data.get("id"), row)


def validated_records(layout: RecordLayout, rows: Iterable[Row], problems: list[Problem]) -> Iterator[Any]:
    """Validate every row; good records in file order, every problem appended to ``problems``."""
    first_row: dict[str, tuple[int, object]] = {}  # id -> (row, the id as written)
    for row in rows:
        name = record_label(layout, row.data, row.row)
        bad_cells = {p.field for p in row.problems}
        try:
            record = layout.model.model_validate({k: v for k, v in row.data.items() if k not in bad_cells})
        except ValidationError as error:
            found = [
                p for p in problems_from_error(error, name, row.row) if p.field.split(".")[0] not in bad_cells
            ]
            problems.extend(
                sorted(row.problems + [_with_item(p, row) for p in found], key=_column_order(layout))
            )
            continue
        if row.problems:
            problems.extend(row.problems)
        elif record.id in first_row:
            problems.append(_duplicate(name, record.id, row, first_row[record.id]))
        else:
            first_row[record.id] = (row.row, row.data.get("id"))
            yield record


def _duplicate(name: str, record_id: str, row: Row, first: tuple[int, object]) -> Problem:
    """A repeated id; a look-alike (full-width, zero-width characters) says how each was written."""
    reason = f"duplicate id, first seen in row {first[0]}"
    written = row.data.get("id")
    if written != first[1]:
        reason += (
            f" as {short_repr(first[1])}; written here {written!a}, the same id once full-width "
            "forms and invisible characters are normalised"
        )
    return Problem(name, "id", f"{reason}; this row is not kept", record_id, row.row)


def _with_item(problem: Problem, row: Row) -> Problem:
    """Point a problem in ``skills.2.level`` at the item of the cell as written (``'bubut:7'``)."""
    column, _, rest = problem.field.partition(".")
    index = rest.split(".")[0]
    if column in row.items and index.isdigit() and int(index) < len(row.items[column]):
        return replace(
            problem, message=f"{problem.message} (item {short_repr(row.items[column][int(index)])})"
        )
    return problem


def _column_order(layout: RecordLayout) -> Any:
    def key(problem: Problem) -> int:
        column = problem.field.split(".")[0]
        return layout.columns.index(column) if column in layout.columns else -1

    return key
