"""File formats of record files: CSV, JSON and JSON Lines, told by suffix unless given."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, get_args

from .._files import PathLike
from .._params import Options, check_params
from ..errors import KerjaMatchError

FileFormat = Literal["csv", "json", "jsonl"]
SUFFIX_FORMATS: dict[str, FileFormat] = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def format_of(path: PathLike, format: str | None, caller: str = "format_of") -> FileFormat:
    """The format given, or the one the suffix of ``path`` says."""
    check_params(caller, {"format": [Options(get_args(FileFormat)), None]}, {"format": format})
    if format is not None:
        return format  # type: ignore[return-value]
    suffix = Path(path).suffix.casefold()
    if suffix not in SUFFIX_FORMATS:
        raise KerjaMatchError(
            f"{os.fspath(path)}: cannot tell the format from the suffix {suffix!r}; use one of "
            f"{', '.join(SUFFIX_FORMATS)} or pass format='csv', 'json' or 'jsonl'"
        )
    return SUFFIX_FORMATS[suffix]
