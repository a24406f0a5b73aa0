"""Write candidates, vacancies, courses and problem reports as CSV, JSON or JSON Lines.

Writers produce exactly what the readers (:mod:`._readers`) read back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._files import PathLike
from .._inputs import record_rows
from .._writing import atomic_write, write_csv
from ..errors import KerjaMatchError, Problem
from ..models import Candidate, Course, Vacancy, short_repr
from ._cells import CANDIDATE, COURSE, VACANCY, RecordLayout, record_cells
from ._format import FileFormat, format_of

__all__ = ["PROBLEM_COLUMNS", "write_candidates", "write_courses", "write_problems", "write_vacancies"]

PROBLEM_COLUMNS = ("row", "record", "field", "value", "reason")


def write_candidates(
    records: Iterable[Candidate], path: PathLike, *, format: FileFormat | None = None, encoding: str = "utf-8"
) -> None:
    """Write candidates so that ``read_candidates`` gives them back exactly."""
    _write(CANDIDATE, records, path, format, encoding)


def write_vacancies(
    records: Iterable[Vacancy], path: PathLike, *, format: FileFormat | None = None, encoding: str = "utf-8"
) -> None:
    """Write vacancies so that ``read_vacancies`` gives them back exactly."""
    _write(VACANCY, records, path, format, encoding)


def write_courses(
    records: Iterable[Course], path: PathLike, *, format: FileFormat | None = None, encoding: str = "utf-8"
) -> None:
    """Write courses so that ``read_courses`` gives them back exactly."""
    _write(COURSE, records, path, format, encoding)


def write_problems(problems: Iterable[Problem], path: PathLike, *, format: FileFormat | None = None) -> None:
    """Write a problem report with columns row, record, field, value, reason (CSV, JSON or JSONL)."""
    rows = [
        {"row": p.row, "record": p.record, "field": p.field, "value": _shown(p.value), "reason": p.message}
        for p in problems
    ]
    _write_rows(rows, PROBLEM_COLUMNS, Path(path), format_of(path, format, "write_problems"), "utf-8")


#: Fields computed from a record's own texts, not written (``Vacancy.flags``: ``flag_vacancy``
#: finds them again; a reader of the file never has to trust them).
DERIVED_FIELDS = {"flags"}


def _write(
    layout: RecordLayout, records: Iterable[Any], path: PathLike, format: FileFormat | None, encoding: str
) -> None:
    file_format = format_of(path, format, f"write_{layout.plural}")
    records = record_rows(
        records, parameter="records", where=f"write_{layout.plural}", record=layout.model.__name__
    )
    rows = []
    for position, record in enumerate(records, start=1):
        if not isinstance(record, layout.model):
            raise KerjaMatchError(
                f"write_{layout.plural}: item {position} must be a {layout.model.__name__}, got {type(record).__name__}"
            )
        rows.append(
            record_cells(layout, record)
            if file_format == "csv"
            else record.model_dump(mode="json", exclude_none=True, exclude=DERIVED_FIELDS)
        )
    _write_rows(rows, layout.columns, Path(path), file_format, encoding)


def _write_rows(
    rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path, file_format: FileFormat, encoding: str
) -> None:
    if file_format == "csv":  # atomic, formulas neutralised (the readers undo it exactly)
        write_csv(path, columns, ([row.get(c) for c in columns] for row in rows), encoding=encoding)
        return
    with atomic_write(path, encoding=encoding, newline="") as stream:
        if file_format == "jsonl":
            stream.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        else:
            json.dump(rows, stream, ensure_ascii=False, indent=2)
            stream.write("\n")


def _shown(value: object) -> str | None:
    """A problem's value as text; a container shortly (a deep one would not even serialise)."""
    if value is None or isinstance(value, str):
        return value
    return short_repr(value, 200) if isinstance(value, (list, tuple, dict)) else str(value)
