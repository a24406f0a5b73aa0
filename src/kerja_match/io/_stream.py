"""Stream the good records of a file in blocks, for a consumer that streams too.

``FitScorer.top_k`` and ``shortlist`` take an iterable of candidates: fed from
:func:`iter_candidates`, a large file is scored without every record held at once (the figures are
in docs/reliability.md). The blocks hold the same records, and ``problems`` gets the same problems,
as :func:`~kerja_match.io.read_candidates` gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._files import PathLike
from .._params import Interval, check_params
from ..errors import Problem
from ..models import Candidate, Course, Vacancy
from ._cells import CANDIDATE, COURSE, VACANCY, RecordLayout
from ._format import FileFormat, format_of
from ._readers import _records, _rows

__all__ = ["BLOCK_SIZE", "iter_candidates", "iter_courses", "iter_vacancies"]

BLOCK_SIZE = 10_000


def iter_candidates(
    path: PathLike,
    *,
    block_size: int = BLOCK_SIZE,
    problems: list[Problem] | None = None,
    format: FileFormat | None = None,
    encoding: str | None = None,
) -> Iterator[list[Candidate]]:
    """The good candidates of a file in blocks of ``block_size``; every problem is appended to ``problems``.

    A file that cannot be read at all raises when the first block is asked for.
    """
    return _blocks(CANDIDATE, path, format, encoding, block_size, problems)


def iter_vacancies(
    path: PathLike,
    *,
    block_size: int = BLOCK_SIZE,
    problems: list[Problem] | None = None,
    format: FileFormat | None = None,
    encoding: str | None = None,
) -> Iterator[list[Vacancy]]:
    """The good vacancies of a file in blocks (see :func:`iter_candidates`)."""
    return _blocks(VACANCY, path, format, encoding, block_size, problems)


def iter_courses(
    path: PathLike,
    *,
    block_size: int = BLOCK_SIZE,
    problems: list[Problem] | None = None,
    format: FileFormat | None = None,
    encoding: str | None = None,
) -> Iterator[list[Course]]:
    """The good courses of a file in blocks (see :func:`iter_candidates`)."""
    return _blocks(COURSE, path, format, encoding, block_size, problems)


def _blocks(
    layout: RecordLayout,
    path: PathLike,
    format: FileFormat | None,
    encoding: str | None,
    block_size: int,
    problems: list[Problem] | None,
) -> Iterator[list[Any]]:
    caller = f"iter_{layout.plural}"
    check_params(
        caller,
        {"block_size": [Interval("int", 1)], "encoding": [str, None]},
        {"block_size": block_size, "encoding": encoding},
    )
    file_format = format_of(path, format, caller)  # before the first block: a bad suffix raises at once
    found = problems if problems is not None else []

    def blocks() -> Iterator[list[Any]]:
        records = _records(layout, _rows(layout, path, file_format, encoding, found), found)
        block: list[Any] = []
        for record in records:
            block.append(record)
            if len(block) == block_size:
                yield block
                block = []
        if block:
            yield block

    return blocks()
