"""The columns of a record file or DataFrame: checked once, with one message for each kind of problem.

Duplicated and missing required columns stop the file (no row of it can be kept); unknown columns
are reported and ignored; a file that reads but cannot place anyone (no rows, no skills column)
is reported rather than giving "0 placed" in silence.
"""

from __future__ import annotations

from pydantic import ValidationError

from .._files import cannot_read
from ..errors import Problem
from ._cells import RecordLayout, example_cell

FRAME = "the DataFrame"  # how problems name a DataFrame given in place of a file


def source_name(path: str) -> str:
    """How a problem names where the records came from: ``file 'x.csv'``, or a DataFrame as such."""
    return path if path.startswith("the ") and path.endswith("DataFrame") else f"file {path!r}"


def header_problem(path: str, column: str, message: str, value: object) -> Problem:
    return Problem(source_name(path), column, message, value, 1)


def check_header(layout: RecordLayout, header: list[str], path: str, hint: str = "") -> list[Problem]:
    """Problems with the columns: duplicates and missing required ones raise, unknown ones are reported."""
    fatal = [
        header_problem(path, c, "column given twice", c)
        for c in sorted({c for c in header if header.count(c) > 1})
    ]
    columns = ", ".join(header) or "nothing"
    columns = columns if len(columns) <= 200 else columns[:197] + "..."  # a header of one huge cell
    fatal += [
        header_problem(path, c, f"required column missing; the header has {columns}{hint}", None)
        for c in layout.required_columns
        if c not in header
    ]
    if fatal:
        raise cannot_read(path, fatal)
    return [
        Problem("header", column, unknown_field_message(layout, column, "column"), column, 1)
        for column in header
        if column not in layout.columns
    ]


def unknown_field_message(layout: RecordLayout, name: str, what: str) -> str:
    try:  # the model's own words for a protected attribute ("never used by kerja_match ...")
        layout.model.model_validate({name: None})
    except ValidationError as error:
        for item in error.errors():
            if item["loc"] == ():
                message = item["msg"].removeprefix("Value error, ").removeprefix(f"{name}: ")
                return f"{message}; the {what} is ignored"
    return f"unknown {what}, ignored; {layout.name} {what}s are {', '.join(layout.columns)}"


def nothing_to_score(
    layout: RecordLayout,
    n_rows: int,
    problems: list[Problem],
    present: set[str],
    where: str,
    *,
    tabular: bool,
) -> list[Problem]:
    """A file that reads but cannot place anyone: no records at all, or no skills column.

    ``n_rows``: the rows read (good or bad); ``present``: the header's columns (``tabular``: CSV or a
    DataFrame), else the fields any record has.
    """
    source = source_name(where)
    if not n_rows and not any(p.row not in (None, 1) for p in problems):
        holds = "a header but no rows" if tabular else "no records"
        return [Problem(source, "(file)", f"no records: it holds {holds}; nothing to score", None, None)]
    column = layout.skills_column
    if column is None or not n_rows or column in present:
        return []
    what = "column" if tabular else "field"
    reason = (
        f"no {column} {what}: no {layout.name} has any, so none can score on skills; add a {column!r} "
        f"{what} (cells like {example_cell(layout, column)!r})"
    )
    return [Problem("header" if tabular else source, column, reason, None, 1 if tabular else None)]
