"""The one way the library writes a file: atomically, spreadsheet-safe, and terminal-safe when printed.

- :func:`atomic_write` writes to a temporary file in the target's folder and renames it over the
  target (``os.replace``) only once everything is written: an interrupted run leaves the old file,
  never a truncated one that looks complete, and no temporary file behind.
- :func:`spreadsheet_safe` neutralises a text cell that a spreadsheet would run as a formula (it
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: the OWASP "CSV injection"
  rule) by prefixing a single quote; numbers, and text that reads as a plain number (``-6.3``),
  stay as they are. :func:`spreadsheet_text` undoes it, so the readers give back exactly what the
  writers were given. :func:`write_csv` is the CSV writer every table and record file goes through.
- :func:`terminal_safe` escapes control characters (ESC, OSC, BEL, bidi overrides ...) so that text
  from a file cannot drive the terminal it is printed on.
"""

from __future__ import annotations

import csv
import os
import re
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

__all__ = [
    "atomic_write",
    "atomic_write_bytes",
    "spreadsheet_safe",
    "spreadsheet_text",
    "terminal_safe",
    "write_csv",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# C0 and C1 controls except newline and tab, DEL, and the bidi embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """A text stream onto a temporary file beside ``path``, renamed over ``path`` when the block ends well."""
    with _atomic(Path(path)) as temporary, temporary.open("x", encoding=encoding, newline=newline) as stream:
        yield stream


@contextmanager
def atomic_write_bytes(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """:func:`atomic_write` for binary files (charts)."""
    with _atomic(Path(path)) as temporary, temporary.open("xb") as stream:
        yield stream


@contextmanager
def _atomic(target: Path) -> Iterator[Path]:
    # Created with open(..., "x"), so the file gets the usual permissions (mkstemp would give 0600).
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise


def _needs_guard(text: str) -> bool:
    quotes = len(text) - len(text.lstrip(GUARD))  # a written guard is guarded again: reading is exact
    rest = text[quotes:]
    return rest.startswith(FORMULA_START) and not _NUMBER.match(rest)


def spreadsheet_safe(value: Any) -> Any:
    """``value``, or ``"'" + value`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value and _needs_guard(value):
        return GUARD + value
    return value


def spreadsheet_text(cell: str) -> str:
    """A CSV cell as it was before :func:`spreadsheet_safe` (the readers' side)."""
    if cell.startswith(GUARD) and _needs_guard(cell[1:]):
        return cell[1:]
    return cell


def write_csv(
    path: str | os.PathLike[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    encoding: str = "utf-8",
) -> None:
    """Write a header and rows as CSV, atomically; None is an empty cell, formulas are neutralised.

    The csv module's "\\r\\n" line ending (RFC 4180) makes it quote a cell holding "\\r" or "\\n".
    """
    with atomic_write(path, encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([spreadsheet_safe(c) for c in columns])
        writer.writerows(["" if v is None else spreadsheet_safe(v) for v in row] for row in rows)


def terminal_safe(text: str) -> str:
    """``text`` with control characters other than newline and tab shown as escapes (``\\x1b``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
