"""JSON read safely: a hostile document costs a clear error or one bad value, never a crash.

``json.loads`` alone raises ``ValueError`` on an integer of 4,301+ digits (Python's int-conversion
limit), ``RecursionError`` on arrays nested 100,000 deep, and keeps the last of two equal keys
silently. :func:`parse_json` instead

- turns an integer literal too long to convert into a :class:`TooLongNumber` value, which every
  number field refuses as one problem on its own row ("a number of 5,000 digits");
- raises :class:`JsonUnreadable` (with line and column) for bad syntax and for nesting deeper than
  the reader allows, so a JSON file is a clear file-level error and a JSON Lines line is one problem;
- keeps every object as a :class:`JsonObject`, a dict that remembers the keys given twice, which
  :func:`duplicate_keys` lists with their paths (``skills.0.level``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

__all__ = ["JsonObject", "JsonUnreadable", "TooLongNumber", "duplicate_keys", "parse_json"]

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
