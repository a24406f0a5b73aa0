"""What a public entry point was given, checked once: a list where a list is meant, a DataFrame as rows.

Python iterates a string letter by letter and a pydantic record field by field, so
``match("las CO2")`` or ``top_k(candidate)`` would run on nonsense. Every public function that
takes a list of phrases or of records calls :func:`phrase_list` or :func:`record_rows` first, which
refuse a bare string, a single record or a single mapping with the option validator's error
(:mod:`kerja_match._params`) naming the parameter, and turn a pandas DataFrame into its rows
(missing values left out, as empty CSV cells). It sits below the records: only the validator and
the errors are imported.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

from ._params import ParameterProblem
from .errors import ValidationProblems, short_repr


def parameter_error(parameter: str, where: str, expected: str, got: str, fix: str = "") -> ValidationProblems:
    """The option validator's error for a parameter given the wrong kind of thing, in its one sentence:
    "The 'candidates' parameter of FitScorer.top_k must be ... Got one Candidate instead." """
    message = f"must be {expected}. Got {got} instead.{f' {fix}' if fix else ''}"
    return ValidationProblems(f"invalid parameters of {where}", [ParameterProblem(where, parameter, message)])


def is_data_frame(value: object) -> bool:
    """True for a pandas DataFrame (pandas is not imported for the check: a frame means it already is)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(value, pandas.DataFrame)


def phrase_list(value: object, *, parameter: str, where: str) -> list[str]:
    """``value`` as a list of phrases; a bare string (walked letter by letter otherwise) is an error."""
    expected = "a list of strings"
    if isinstance(value, (str, bytes)):
        fix = f"Wrap one phrase in a list: [{short_repr(value)}]."
        raise parameter_error(
            parameter, where, expected, f"one {type(value).__name__} {short_repr(value)}", fix
        )
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise parameter_error(parameter, where, expected, f"a {type(value).__name__}")
    return list(value)


def record_rows(value: object, *, parameter: str, where: str, record: str) -> Iterable[Any]:
    """``value`` as an iterable of records or mappings; a DataFrame becomes its rows.

    A bare string, a single record (a pydantic model iterates its fields) or a single mapping (it
    iterates its keys) is an error naming ``parameter`` of ``where``. Any other iterable is returned
    as it is, so a generator still streams.
    """
    expected = f"an iterable of {record} records or mappings (or a pandas DataFrame)"
    if is_data_frame(value):
        return frame_rows(value)
    if isinstance(value, (str, bytes)):
        raise parameter_error(parameter, where, expected, f"one {type(value).__name__} {short_repr(value)}")
    if isinstance(value, Mapping) or _is_record(value):
        kind = type(value).__name__
        raise parameter_error(
            parameter, where, expected, f"one {kind}", "Wrap one record in a list: [record]."
        )
    if not isinstance(value, Iterable):
        raise parameter_error(parameter, where, expected, f"a {type(value).__name__}")
    return value


def is_one_record(value: object) -> bool:
    """True for what is one item where many are meant: a string, a mapping or a pydantic record."""
    return isinstance(value, (str, bytes, Mapping)) or _is_record(value)


def _is_record(value: object) -> bool:
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(value, pydantic.BaseModel)


def frame_columns(frame: Any) -> list[str]:
    """A DataFrame's column names as a CSV header is read: trimmed and case-folded."""
    return [str(column).strip().casefold() for column in frame.columns]


def frame_rows(frame: Any) -> list[dict[str, Any]]:
    """The rows of a pandas DataFrame as the cells of a CSV row, so a frame reads as its CSV would:
    missing values (NaN, None, NA, NaT) left out (an empty cell), numbers and booleans as the text
    a CSV holds (``2.0`` as ``'2'``: a column with a gap is float in pandas), a list of cell items
    joined with ``'; '``; records and other objects are left as they are."""
    pandas = sys.modules["pandas"]
    columns = frame_columns(frame)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        row = {
            column: cell_text(value)
            for column, value in zip(columns, values, strict=True)
            if not _is_missing(pandas, value)
        }
        rows.append(row)
    return rows


def cell_text(value: Any) -> Any:
    """``value`` as the text of a CSV cell, when it is a number, a boolean or a list of strings."""
    if hasattr(value, "dtype") and hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return "; ".join(value)
    return value


def _is_missing(pandas: Any, value: object) -> bool:
    # a list or an array in a cell is a value, not missing (isna would answer for each item)
    return value is None or (pandas.api.types.is_scalar(value) and bool(pandas.isna(value)))
