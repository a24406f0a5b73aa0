"""The one file reader: every text file the library reads (records, taxonomies, crosswalks) comes here.

It checks that the path is a readable file, decodes it (UTF-8 with or without BOM, or the given
``encoding``) and reads CSV with one dialect, so a bad byte, a missing file or a broken quote gives
the same message whichever reader met it. Errors are :class:`ValidationProblems` naming the file.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

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


def file_error(
    path: PathLike, field: str, message: str, value: object = None, line: int | None = None
) -> ValidationProblems:
    """The error for a file that cannot be read at all: one problem naming the file."""
    name = os.fspath(path)
    return ValidationProblems(f"cannot read {name}", [Problem(f"file {name!r}", field, message, value, line)])


def read_text(path: PathLike, *, encoding: str | None = None) -> str:
    """The text of a file, BOM removed; an error names the file, the line and byte of a bad byte."""
    target = Path(path)
    if target.is_dir():
        raise file_error(path, "(path)", "is a folder, expected a file")
    try:
        data = target.read_bytes()
    except FileNotFoundError:
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
            rows.append({k: (v if v is not None else "") for k, v in row.items()})
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
