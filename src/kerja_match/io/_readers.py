"""Read candidates, vacancies and courses from CSV, JSON and JSON Lines files, or a pandas DataFrame.

Readers keep every good record and report every bad one (row, record, field, value, reason);
``strict=True`` raises :class:`~kerja_match.errors.ValidationProblems` once with all of them. A file
that cannot be read at all (not UTF-8, not JSON, no header, a missing required column) raises at
once, since no row of it can be kept. Writers produce what the readers read back exactly.
The formats are described in docs/io.md; the skill-cell syntax in :mod:`kerja_match.io._cells`.
Ids are compared as people read them (:func:`kerja_match.models.identity`), so a look-alike of an
earlier id is a duplicate, and the problem says how it was written.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, get_args

from .._files import (
    JsonObject,
    JsonUnreadable,
    PathLike,
    cannot_read,
    check_file,
    csv_delimiter,
    delimiter_hint,
    duplicate_keys,
    parse_json,
    read_text,
)
from .._inputs import frame_columns, frame_rows, is_data_frame, parameter_error
from .._params import Options, check_params
from .._writing import spreadsheet_text
from ..errors import Problem, ValidationProblems
from ..models import Candidate, Course, RecordT, Vacancy, record_name
from ._cells import CANDIDATE, COURSE, VACANCY, WHITESPACE, RecordLayout, example_cell, row_fields
from ._format import FileFormat, format_of
from ._header import FRAME, check_header, header_problem, nothing_to_score, unknown_field_message
from ._validate import Row as _Row
from ._validate import record_label as _name
from ._validate import validated_records as _records

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


@dataclass
class _Seen:
    """What went by while rows streamed: how many, and the columns (header) or fields (JSON) given."""

    rows: int = 0
    columns: set[str] = field(default_factory=set)


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
    problems: list[Problem] = []
    seen = _Seen()
    file_format: FileFormat | Literal["dataframe"]
    if is_data_frame(path):
        where, file_format = FRAME, "dataframe"
        rows = _frame_rows(layout, path, problems, seen)
    elif isinstance(path, (str, os.PathLike)):
        check_file(path)  # a missing file or a folder says so, before its suffix is read
        where, file_format = str(path), format_of(path, format, caller)
        rows = _rows(layout, path, file_format, encoding, problems, delimiter, seen)
    else:
        expected, got = "a file path or a pandas DataFrame", f"a {type(path).__name__}"
        raise parameter_error("path", caller, expected, got)
    records = list(_records(layout, _counted(rows, seen), problems))
    tabular = file_format in ("csv", "dataframe")
    useless = nothing_to_score(layout, seen.rows, problems, seen.columns, where, tabular=tabular)
    problems.sort(key=lambda p: p.row or 0)  # stable: header first, then rows in file order
    result = ReadResult(records, problems, where, file_format, useless)
    if strict:
        result.raise_for_problems()
    return result


def _counted(rows: Iterator[_Row], seen: _Seen) -> Iterator[_Row]:
    for row in rows:
        seen.rows += 1
        yield row


def _rows(
    layout: RecordLayout,
    path: PathLike,
    file_format: FileFormat,
    encoding: str | None,
    problems: list[Problem],
    delimiter: str | None = None,
    seen: _Seen | None = None,
) -> Iterator[_Row]:
    """Each record of the file as read, before validation; problems of the file appended as met.

    ``seen.columns`` gets the header's columns (CSV), or every field a record gives (JSON)."""
    seen = seen if seen is not None else _Seen()
    text = read_text(path, encoding=encoding)
    if file_format == "csv":
        yield from _csv_rows(layout, text, str(path), problems, delimiter, seen.columns)
        return
    rows = (
        _json_rows(layout, _jsonl_values(text), problems, line_rows=True)
        if file_format == "jsonl"
        else _json_rows(layout, _json_values(layout, text, str(path), problems), problems, line_rows=False)
    )
    del text  # the parsed document holds the records now
    for row in rows:
        seen.columns.update(row.data)
        yield row


def _csv_rows(
    layout: RecordLayout,
    text: str,
    path: str,
    problems: list[Problem],
    delimiter: str | None = None,
    columns: set[str] | None = None,
) -> Iterator[_Row]:
    """The rows of CSV ``text``, read with its delimiter; the header's names go into ``columns``."""
    used = csv_delimiter(text, delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=used, strict=True)
    try:
        header = [name.strip().casefold() for name in next(reader)]
    except StopIteration:
        raise cannot_read(path, [header_problem(path, "header", "the file is empty", None)]) from None
    except csv.Error as error:
        raise cannot_read(path, [header_problem(path, "header", f"broken header: {error}", None)]) from None
    problems += check_header(layout, header, path, delimiter_hint(header, used))
    if columns is not None:
        columns.update(header)
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
        yield _csv_row(layout, dict(zip(header, map(spreadsheet_text, cells_), strict=True)), first_line)


def _frame_rows(layout: RecordLayout, frame: Any, problems: list[Problem], seen: _Seen) -> Iterator[_Row]:
    """A DataFrame's rows read as the CSV rows they would be (rows counted from 1, frame order)."""
    columns = frame_columns(frame)
    problems += check_header(layout, columns, FRAME)
    seen.columns.update(columns)
    for number, cells in enumerate(frame_rows(frame), start=1):
        text = {column: value for column, value in cells.items() if isinstance(value, str)}
        if not any(value.strip(WHITESPACE) for value in text.values()) and len(text) == len(cells):
            continue  # a row of missing values holds no record, as a row of empty cells does not
        row = _csv_row(layout, {c: spreadsheet_text(v) for c, v in text.items()}, number)
        row.data.update({c: v for c, v in cells.items() if c not in text and c in layout.columns})
        yield row


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
    layout: RecordLayout, text: str, path: str, problems: list[Problem]
) -> Iterator[tuple[int, object]]:
    """(position from 1, value) for each record of a JSON list or of ``{"candidates": [...]}``.

    The object form may also hold the other record types (one file for a whole market); any other key is
    reported, and a key given twice is refused (which of the two lists is meant?).
    """
    try:
        document = parse_json(text)
    except JsonUnreadable as error:
        problem = Problem(
            f"file {path!r}", "(json)", f"{error.reason} (column {error.column})", None, error.line
        )
        raise cannot_read(path, [problem]) from None
    if isinstance(document, JsonObject) and document.duplicates:
        message = "top-level key given twice; only one list of each record type is read"
        raise ValidationProblems(
            f"cannot read {path}",
            [Problem(f"file {path!r}", key, message, key, 1) for key in document.duplicates],
        )
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
        raise cannot_read(path, [Problem(f"file {path!r}", "(json)", message, None, 1)])
    return enumerate(document, start=1)


def _jsonl_values(text: str) -> Iterator[tuple[int, object]]:
    """(line, value) per non-blank line; a line that is not JSON (or too deep) gives a JsonUnreadable."""
    # Only "\n" ends a line: str.splitlines would also split inside strings at U+0085, U+2028 ...
    start, line = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        content = text[start:end]  # one line at a time: no list of every line of a large file
        if content.strip():
            try:
                yield line, parse_json(content)
            except JsonUnreadable as error:
                yield line, error
        start, line = end + 1, line + 1


def _json_rows(
    layout: RecordLayout, values: Iterable[tuple[int, object]], problems: list[Problem], *, line_rows: bool
) -> Iterator[_Row]:
    unknown: set[str] = set()
    where = "line" if line_rows else "position"
    for row_number, value in values:
        if isinstance(value, JsonUnreadable):
            reason = f"{value.reason} (column {value.column})"
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
        twice = [
            Problem(_name(layout, value, row_number), key, TWICE, None, row_number)
            for key in duplicate_keys(value)
        ]
        yield _Row(row_number, {k: v for k, v in value.items() if k in layout.columns}, twice)


TWICE = "key given twice in one object; the row is not kept (which value is meant?)"
