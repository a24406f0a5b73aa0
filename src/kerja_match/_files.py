"""The one file reader: every text file the library reads (records, taxonomies, crosswalks) comes here.

It checks that the path is a readable file, decodes it (UTF-8 with or without BOM, or the given
``encoding``) and reads CSV with one dialect, so a bad byte, a missing file or a broken quote gives
the same message whichever reader met it. Errors are :class:`ValidationProblems` naming the file.

Hostile content costs a clear error, never a crash. A CSV cell that a writer guarded against
spreadsheet formulas (``'=...``, see :mod:`._writing`) reads back as written. JSON is parsed by
:func:`parse_json`: ``json.loads`` alone raises ``ValueError`` on an integer of 4,301+ digits,
``RecursionError`` on arrays nested 100,000 deep, and keeps the last of two equal keys silently.
Here an integer too long to convert is a :class:`TooLongNumber` value (a number field refuses it as
one problem, on its own row), bad syntax and too-deep nesting raise :class:`JsonUnreadable` (line and
column), and every object is a :class:`JsonObject` that remembers the keys given twice
(:func:`duplicate_keys` lists them with their paths, ``skills.0.level``).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ._writing import spreadsheet_text
from .errors import KerjaMatchError, Problem, ValidationProblems

PathLike = str | os.PathLike[str]

#: What to do about a file that is not UTF-8: Excel in an Indonesian or English locale saves
#: Windows-1252 unless told to save "CSV UTF-8".
ENCODING_HINT = (
    "the file is not UTF-8 (Excel often saves Windows-1252/latin-1): save it as 'CSV UTF-8' "
    "or pass encoding='cp1252'"
)


#: Cell separators a CSV header may use: ',' (the default), ';' (Excel where the comma is the decimal
#: mark, as in an Indonesian locale) and TAB.
DELIMITERS = (",", ";", "\t")


def csv_delimiter(text: str, delimiter: str | None = None) -> str:
    """The cell separator of CSV ``text``: ``delimiter`` when given, else the one of ``DELIMITERS``
    its header line holds most of (a column name never holds one), ',' when it holds none."""
    if delimiter is not None:
        if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
            raise KerjaMatchError(f"delimiter must be one character such as ',' or ';', got {delimiter!r}")
        return delimiter
    header = text.split("\n", 1)[0]
    best = max(DELIMITERS, key=header.count)  # the first, ',', on a tie
    return best if header.count(best) else ","


def delimiter_hint(header: list[str], used: str) -> str:
    """Advice when the header was split with the wrong delimiter: its names hold another one."""
    others = [d for d in DELIMITERS if d != used and any(d in name for name in header)]
    if not others:
        return ""
    return f"; the header holds {others[0]!r}: pass delimiter={others[0]!r}"


def cannot_read(path: PathLike, problems: Iterable[Problem]) -> ValidationProblems:
    """The error for a file (or DataFrame) no row of which can be kept, with every problem found."""
    return ValidationProblems(f"cannot read {os.fspath(path)}", problems)


def file_error(
    path: PathLike, field: str, message: str, value: object = None, line: int | None = None
) -> ValidationProblems:
    """The error for a file that cannot be read at all: one problem naming the file."""
    name = os.fspath(path)
    return cannot_read(path, [Problem(f"file {name!r}", field, message, value, line)])


def check_file(path: PathLike) -> None:
    """Raise the file's error now when ``path`` is a folder or does not exist (before its suffix is read)."""
    target = Path(path)
    if target.is_dir():
        raise file_error(path, "(path)", "is a folder, expected a file")
    if not target.exists():
        raise file_error(path, "(path)", "no such file")


def read_text(path: PathLike, *, encoding: str | None = None) -> str:
    """The text of a file, BOM removed; an error names the file, the line and byte of a bad byte."""
    check_file(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:  # removed between the check and the read
        raise file_error(path, "(path)", "no such file") from None
    except OSError as error:
        raise file_error(path, "(path)", f"cannot be read ({error.strerror})") from None
    return decode(data, path, encoding)


def decode(data: bytes, path: PathLike, encoding: str | None = None) -> str:
    """``data`` decoded as UTF-8 (BOM allowed) or ``encoding``; bad bytes named by line and byte."""
    try:
        return data.decode(encoding or "utf-8-sig").removeprefix("\ufeff")
    except LookupError:
        raise KerjaMatchError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        bad = data[error.start : error.end].hex(" ")
        hint = "" if encoding else f"; {ENCODING_HINT}"
        message = (
            f"line {line}, byte {column} (offset {error.start}) is 0x{bad}, not valid {error.encoding}{hint}"
        )
        raise file_error(path, "encoding", message, bad, line) from None


def read_csv_dicts(
    path: PathLike, *, required: tuple[str, ...], encoding: str | None = None, delimiter: str | None = None
) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts; an error names the file and what is wrong with it.

    A quote never closed, or a last line shorter than the header without a line break after it,
    is what a file cut short looks like: both are errors rather than silently fewer rows.
    """
    text = read_text(path, encoding=encoding)
    # newline="": only \r and \n end a row (str.splitlines would also split at U+2028, U+0085 ...)
    used = csv_delimiter(text, delimiter)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=used, strict=True)
    try:
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            hint = delimiter_hint(list(reader.fieldnames or ()), used)
            message = f"expected columns {list(required)}, missing {missing}; got {reader.fieldnames}{hint}"
            raise file_error(path, "header", message, None, 1)
        rows, short = [], False
        for row in reader:
            if None in row:
                raise file_error(path, "(row)", "has more cells than the header", None, reader.line_num)
            rows.append({k: (spreadsheet_text(v) if v is not None else "") for k, v in row.items()})
            short = any(v is None for v in row.values())
    except csv.Error as error:
        message = f"broken CSV quoting ({error}); the file may be truncated"
        raise file_error(path, "(row)", message, None, reader.line_num) from None
    if rows and short and not text.endswith(("\n", "\r")):
        message = (
            f"the last line ({reader.line_num}) has fewer cells than the header and no line break "
            "after it: the file looks truncated"
        )
        raise file_error(path, "(row)", message, None, reader.line_num)
    return rows


# -- JSON ------------------------------------------------------------------------------------------

MAX_NUMBER_DIGITS = 4300  # sys.int_info.default_max_str_digits: int() refuses longer text


class TooLongNumber:
    """A JSON number too long to be a number here; its repr says how long, never the digits."""

    __slots__ = ("digits",)

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))

    def __repr__(self) -> str:
        return f"<a number of {self.digits:,} digits>"


class JsonObject(dict[str, Any]):
    """A JSON object that remembers which keys were given more than once (the last value is kept)."""

    duplicates: tuple[str, ...] = ()


class JsonUnreadable(ValueError):
    """The text is not JSON this reader can take: bad syntax, or nested too deep."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        self.reason, self.line, self.column = reason, line, column
        super().__init__(f"{reason} (line {line}, column {column})")


def _number(text: str) -> int | TooLongNumber:
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else TooLongNumber(text)


def _object(pairs: list[tuple[str, Any]]) -> JsonObject:
    value = JsonObject(pairs)
    if len(value) < len(pairs):
        seen: set[str] = set()
        twice: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                twice[key] = None
            seen.add(key)
        value.duplicates = tuple(twice)
    return value


def parse_json(text: str) -> Any:
    """The JSON value of ``text`` (see the module docstring); raises :class:`JsonUnreadable`."""
    try:
        return json.loads(text, parse_int=_number, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise JsonUnreadable(f"not valid JSON: {error.msg}", error.lineno, error.colno) from None
    except RecursionError:
        line, column = _deepest(text)
        raise JsonUnreadable("nested deeper than the JSON reader allows", line, column) from None


def _deepest(text: str, limit: int = 500) -> tuple[int, int]:
    """Where the nesting first passes ``limit`` levels (the reader's limit is near 1,000)."""
    depth = 0
    for position, char in enumerate(text):
        depth += char in "[{"
        depth -= char in "]}"
        if depth > limit:
            line = text.count("\n", 0, position) + 1
            return line, position - (text.rfind("\n", 0, position) + 1) + 1
    return 1, 1


def duplicate_keys(value: object, *, max_depth: int = 6) -> list[str]:
    """Paths of the keys given twice in ``value`` and the objects inside it (``skills.0.level``)."""
    return list(_duplicates(value, "", max_depth))


def _duplicates(value: object, path: str, depth: int) -> Iterator[str]:
    if depth < 0:
        return
    if isinstance(value, JsonObject):
        yield from (f"{path}{key}" for key in value.duplicates)
        for key, item in value.items():
            yield from _duplicates(item, f"{path}{key}.", depth - 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicates(item, f"{path}{index}.", depth - 1)
