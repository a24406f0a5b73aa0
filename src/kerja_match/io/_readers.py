"""Read candidates, vacancies and courses from CSV, JSON and JSON Lines files, or a pandas DataFrame.

Readers keep every good record and report every bad one (row, record, field, value, reason);
``strict=True`` raises :class:`~kerja_match.errors.ValidationProblems` once with all of them. A file
that cannot be read at all (not UTF-8, not JSON, no header, a missing required column) raises at
once, since no row of it can be kept. Writers produce what the readers read back exactly.
The formats are described in docs/io.md; the skill-cell syntax in :mod:`kerja_match.io._cells`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Generic, Literal, get_args

from pydantic import ValidationError

from .._files import PathLike, csv_delimiter, delimiter_hint, read_text
from .._inputs import frame_columns, frame_rows, is_data_frame, parameter_error
from .._params import Options, check_params
from ..errors import Problem, ValidationProblems
from ..models import Candidate, Course, RecordT, Vacancy, problems_from_error, record_name, short_repr
from ._cells import CANDIDATE, COURSE, VACANCY, WHITESPACE, RecordLayout, example_cell, row_fields
from ._format import FileFormat, format_of
from ._header import FRAME, check_header, file_error, header_problem, nothing_to_score, unknown_field_message

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ReadResult", "read_candidates", "read_courses", "read_vacancies"]


@dataclass(frozen=True)
class ReadResult(Generic[RecordT]):
    """The good records of a file and a problem for every bad row, column or value in it.

    ``problems[i].row`` is the physical line for CSV (the header is line 1) and JSON Lines, and the
    position counting from 1 for JSON and a DataFrame (``frame.iloc[row - 1]``).
    """

    records: list[RecordT]
    problems: list[Problem]
    path: str
    format: FileFormat | Literal["dataframe"]
    #: Nothing wrong with any row, but nothing in the file can score: no rows, or no skills column.
    #: Not problems (``strict`` does not raise for them); the command line reports them as problems.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file had no problem at all."""
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise ValidationProblems with every problem, if there are any."""
        if self.problems:
            raise ValidationProblems(f"{self.path}: {len(self.records)} record(s) read", self.problems)


@dataclass
class _Row:
    """One record as read from the file, before validation."""

    row: int
    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    items: dict[str, list[str]] = field(default_factory=dict)  # cell column -> its items as written


# -- public readers and writers -------------------------------------------------------------------


def read_candidates(
    path: PathLike | pd.DataFrame,
    *,
    format: FileFormat | None = None,
    strict: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> ReadResult[Candidate]:
    """Read candidates from a CSV, JSON or JSON Lines file (by suffix unless ``format`` is given), or
    from a pandas DataFrame with the CSV columns (a missing value is an empty cell).

    ``encoding``: of a file that is not UTF-8 (Excel on Windows: ``'cp1252'``). ``delimiter``: the
    CSV cell separator; by default the one of ``,``, ``;`` or TAB that the header line holds.
    ``strict=True`` raises ValidationProblems with every problem instead of returning them.
    """
    return _read(CANDIDATE, path, format, strict, encoding, delimiter)


def read_vacancies(
    path: PathLike | pd.DataFrame,
    *,
    format: FileFormat | None = None,
    strict: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> ReadResult[Vacancy]:
    """Read vacancies from a CSV, JSON or JSON Lines file (by suffix unless ``format`` is given), or
    from a pandas DataFrame with the CSV columns. See :func:`read_candidates` for the options."""
    return _read(VACANCY, path, format, strict, encoding, delimiter)


def read_courses(
    path: PathLike | pd.DataFrame,
    *,
    format: FileFormat | None = None,
    strict: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> ReadResult[Course]:
    """Read courses from a CSV, JSON or JSON Lines file (by suffix unless ``format`` is given), or
    from a pandas DataFrame with the CSV columns. See :func:`read_candidates` for the options."""
    return _read(COURSE, path, format, strict, encoding, delimiter)


# -- reading --------------------------------------------------------------------------------------

READ_OPTIONS: dict[str, list[Any]] = {
    "strict": ["boolean"],
    "encoding": [str, None],
    "delimiter": [str, None],
    "format": [Options(get_args(FileFormat)), None],
}


def _read(
    layout: RecordLayout,
    path: PathLike | pd.DataFrame,
    format: FileFormat | None,
    strict: bool,
    encoding: str | None,
    delimiter: str | None,
) -> ReadResult[Any]:
    caller = f"read_{layout.plural}"
    options = {"strict": strict, "encoding": encoding, "delimiter": delimiter, "format": format}
    check_params(caller, READ_OPTIONS, options)
    file_format: FileFormat | Literal["dataframe"]
    present: set[str] = set()  # the columns of the header, or the fields any JSON record has
    if is_data_frame(path):
        problems, rows = _frame_rows(layout, path)
        where, file_format, present = FRAME, "dataframe", set(frame_columns(path))
    elif isinstance(path, (str, os.PathLike)):
        where, text = str(path), read_text(path, encoding=encoding)  # a missing file before its suffix
        file_format = format_of(path, format, caller)
        if file_format == "csv":
            problems, rows, present = _csv_rows(layout, text, where, delimiter)
        elif file_format == "jsonl":
            problems, rows = _json_rows(layout, _jsonl_values(text), [], line_rows=True)
        else:
            problems, values = _json_values(layout, text, where)
            problems, rows = _json_rows(layout, values, problems, line_rows=False)
        present = present or {column for row in rows for column in row.data}  # JSON: the fields given
    else:
        expected, got = "a file path or a pandas DataFrame", f"a {type(path).__name__}"
        raise parameter_error("path", f"read_{layout.plural}", expected, got)
    useless = nothing_to_score(
        layout, rows, problems, present, where, tabular=file_format in ("csv", "dataframe")
    )
    records = _validate(layout, rows, problems)
    problems.sort(key=lambda p: p.row or 0)  # stable: header first, then rows in file order
    result = ReadResult(records, problems, where, file_format, useless)
    if strict:
        result.raise_for_problems()
    return result


def _csv_rows(
    layout: RecordLayout, text: str, path: str, delimiter: str | None
) -> tuple[list[Problem], list[_Row], set[str]]:
    """The rows of CSV ``text`` read with its delimiter, the problems found, and the header's columns."""
    used = csv_delimiter(text, delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=used, strict=True)
    try:
        header = [name.strip().casefold() for name in next(reader)]
    except StopIteration:
        raise file_error(path, header_problem(path, "header", "the file is empty", None)) from None
    except csv.Error as error:
        raise file_error(path, header_problem(path, "header", f"broken header: {error}", None)) from None
    problems = check_header(layout, header, path, delimiter_hint(header, used))
    rows: list[_Row] = []
    last_line = reader.line_num
    while True:
        first_line = last_line + 1
        try:
            cells_ = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            span = f"lines {first_line}–{reader.line_num}" if reader.line_num > first_line else "the line"
            reason = f"broken CSV quoting ({error}); {span} could not be read"
            if str(error) == "unexpected end of data":
                reason = (
                    f"a quote opened here is never closed; {span} (to the end of the file) could not be read"
                )
            problems.append(Problem(f"{layout.name} in row {first_line}", "(row)", reason, None, first_line))
            last_line = reader.line_num
            continue
        last_line = reader.line_num
        if not any(c.strip(WHITESPACE) for c in cells_):
            continue  # a blank line or a row of empty cells holds no record
        if len(cells_) != len(header):
            rid = cells_[0].strip(WHITESPACE) if header and header[0] == "id" else ""
            name = record_name(layout.name, rid, first_line)
            reason = f"the row has {len(cells_)} cells, the header has {len(header)}; check the quoting"
            problems.append(Problem(name, "(row)", reason, len(cells_), first_line))
            continue
        rows.append(_csv_row(layout, dict(zip(header, cells_, strict=True)), first_line))
    return problems, rows, set(header)


def _frame_rows(layout: RecordLayout, frame: Any) -> tuple[list[Problem], list[_Row]]:
    """A DataFrame's rows read as the CSV rows they would be (rows counted from 1, frame order)."""
    problems = check_header(layout, frame_columns(frame), FRAME)
    rows = []
    for number, cells in enumerate(frame_rows(frame), start=1):
        text = {column: value for column, value in cells.items() if isinstance(value, str)}
        if not any(value.strip(WHITESPACE) for value in text.values()) and len(text) == len(cells):
            continue  # a row of missing values holds no record, as a row of empty cells does not
        row = _csv_row(layout, text, number)
        row.data.update({c: v for c, v in cells.items() if c not in text and c in layout.columns})
        rows.append(row)
    return problems, rows


def _csv_row(layout: RecordLayout, row: dict[str, str], line: int) -> _Row:
    """A row's cells as model fields; each unreadable skill item is a problem naming the cell."""
    parsed = row_fields(layout, row)
    name = _name(layout, parsed.fields, line)
    problems = [
        Problem(
            name,
            column,
            f"cannot read {error} (a cell reads like {example_cell(layout, column)!r})",
            raw,
            line,
        )
        for column, raw, error in parsed.errors
    ]
    return _Row(line, parsed.fields, problems, parsed.items)


def _json_values(
    layout: RecordLayout, text: str, path: str
) -> tuple[list[Problem], Iterator[tuple[int, object]]]:
    """(position from 1, value) for each record of a JSON list or of ``{"candidates": [...]}``.

    The object form may also hold the other record types (one file for a whole market); any other key is
    reported.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem(
            f"file {path!r}",
            "(json)",
            f"not valid JSON: {error.msg} (column {error.colno})",
            None,
            error.lineno,
        )
        raise file_error(path, problem) from None
    problems = []
    if isinstance(document, Mapping) and layout.plural in document:
        for key in sorted(set(document) - {k.plural for k in (CANDIDATE, VACANCY, COURSE)}):
            problems.append(Problem(f"file {path!r}", key, "unknown top-level key, ignored", key, None))
        document = document[layout.plural]
    if not isinstance(document, list):
        got = (
            f"an object with keys {', '.join(map(str, document))}"
            if isinstance(document, Mapping)
            else type(document).__name__
        )
        message = f"expected a list of {layout.plural} or {{{layout.plural!r}: [...]}}, got {got}"
        raise file_error(path, Problem(f"file {path!r}", "(json)", message, None, 1))
    return problems, enumerate(document, start=1)


def _jsonl_values(text: str) -> Iterator[tuple[int, object]]:
    """(line, value) per non-blank line; a line that is not JSON gives a JSONDecodeError value."""
    # Only "\n" ends a line: str.splitlines would also split inside strings at U+0085, U+2028 ...
    for line, content in enumerate(text.split("\n"), start=1):
        if content.strip():
            try:
                yield line, json.loads(content)
            except json.JSONDecodeError as error:
                yield line, error


def _json_rows(
    layout: RecordLayout, values: Iterable[tuple[int, object]], problems: list[Problem], *, line_rows: bool
) -> tuple[list[Problem], list[_Row]]:
    rows: list[_Row] = []
    unknown: set[str] = set()
    where = "line" if line_rows else "position"
    for row_number, value in values:
        if isinstance(value, json.JSONDecodeError):
            reason = f"not valid JSON: {value.msg} (column {value.colno})"
            problems.append(
                Problem(f"{layout.name} in {where} {row_number}", "(json)", reason, None, row_number)
            )
            continue
        if not isinstance(value, dict):
            reason = f"expected an object with {layout.name} fields, got {type(value).__name__}"
            problems.append(
                Problem(f"{layout.name} in {where} {row_number}", "(record)", reason, value, row_number)
            )
            continue
        for key in sorted(set(value) - set(layout.columns) - unknown):
            unknown.add(key)  # reported once, where it first appears; ignored in every record
            problems.append(
                Problem(
                    _name(layout, value, row_number),
                    key,
                    unknown_field_message(layout, key, "field"),
                    key,
                    row_number,
                )
            )
        rows.append(_Row(row_number, {k: v for k, v in value.items() if k in layout.columns}))
    return problems, rows


# -- validation -----------------------------------------------------------------------------------


def _name(layout: RecordLayout, data: Mapping[str, Any], row: int) -> str:
    return record_name(layout.name, data.get("id"), row)


def _validate(layout: RecordLayout, rows: list[_Row], problems: list[Problem]) -> list[Any]:
    """Validate every row; good records in file order, every problem appended to ``problems``."""
    records: list[Any] = []
    first_row: dict[str, int] = {}
    for row in rows:
        name = _name(layout, row.data, row.row)
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
            reason = f"duplicate id, first seen in row {first_row[record.id]}; this row is not kept"
            problems.append(Problem(name, "id", reason, record.id, row.row))
        else:
            first_row[record.id] = row.row
            records.append(record)
    return records


def _with_item(problem: Problem, row: _Row) -> Problem:
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
