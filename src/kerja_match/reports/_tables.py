"""Table: the rows a report shows, printed as text, written as CSV or JSON, or turned into a DataFrame."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._writing import atomic_write, write_csv
from ..errors import KerjaMatchError, require_extra

if TYPE_CHECKING:
    import pandas as pd

#: Peraturan Bupati Bekasi 9/2019: companies give at least 30% of hiring to KTP Kab. Bekasi holders
#: (Tempo, 16 Jul 2019; rbg.id 2022).
PERBUP_BEKASI_QUOTA = 0.3


@dataclass(frozen=True)
class Table:
    """A report table: ``rows`` of values in ``columns`` order.

    ``percent`` names the columns, or the rows by their first cell, whose numbers print as 33%.
    """

    name: str  # file stem when written
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    percent: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """One dict per row."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame (needs pandas: ``pip install "kerja-match[pandas]"``)."""

        return require_extra("pandas", "pandas").DataFrame(list(self.rows), columns=list(self.columns))

    def text(self, max_rows: int | None = 20, width: int = 40) -> str:
        """Aligned columns under the title; numbers right-aligned, text cut at ``width`` characters."""
        shown = self.rows if max_rows is None else self.rows[:max_rows]
        cells = [
            [
                self._cell(c in self.percent or row[0] in self.percent, v, width)
                for c, v in zip(self.columns, row, strict=True)
            ]
            for row in shown
        ]
        widths = [max([len(c), *(len(r[k]) for r in cells)]) for k, c in enumerate(self.columns)]
        right = [all(_is_number(row[k]) for row in shown) and bool(shown) for k in range(len(self.columns))]

        def line(values: Sequence[str]) -> str:
            parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True)]
            return "  ".join(parts).rstrip()

        out = [self.title, line(self.columns), line(["-" * w for w in widths])]
        out += [line(r) for r in cells] or ["(none)"]
        if len(shown) < len(self.rows):
            out.append(f"... {len(self.rows) - len(shown):,} more rows")
        return "\n".join(out)

    @staticmethod
    def _cell(percent: bool, value: Any, width: int) -> str:
        if value is None:
            return ""
        if percent and _is_number(value):
            return f"{value:.0%}"
        if isinstance(value, (bool, np.bool_)):
            return "yes" if value else "no"
        if isinstance(value, (int, np.integer)):
            return f"{value:,}"
        if isinstance(value, (float, np.floating)):
            return f"{value:.3f}"
        text = str(value)
        if not text.isprintable():  # a line break or tab in a cell would break the columns
            text = text.encode("unicode_escape").decode("ascii")
        return text if len(text) <= width else text[: width - 1] + "…"

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write as CSV (UTF-8) or JSON (a list of objects), by the suffix; returns the path."""
        target = Path(path)
        suffix = target.suffix.casefold()
        if suffix == ".csv":
            write_csv(target, self.columns, self.rows)  # atomic; formulas neutralised, numbers kept
        elif suffix == ".json":
            text = json.dumps(self.records(), ensure_ascii=False, indent=2, default=_json_default)
            with atomic_write(target) as stream:
                stream.write(text + "\n")
        else:
            raise KerjaMatchError(f"{target}: a table is written as .csv or .json, got suffix {suffix!r}")
        return target


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# -- tables -----------------------------------------------------------------------------------------
