"""The library's error family: every error names the record, the field, what was expected and what came."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class KerjaMatchError(ValueError):
    """Base of every error this library raises on bad input or misuse."""


class NotFittedError(KerjaMatchError, AttributeError):
    """A fitted component was used before ``fit``."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record: where it is, what was expected and what came."""

    record: str
    field: str
    message: str
    value: object = None
    row: int | None = None

    def __str__(self) -> str:
        where = f"row {self.row}: " if self.row is not None else ""
        return f"{where}{self.record}: {self.field}: {self.message}"


class ValidationProblems(KerjaMatchError):
    """Many problems found in one pass over a batch, raised once with all of them."""

    def __init__(self, what: str, problems: Iterable[Problem]) -> None:
        self.what = what
        self.problems: list[Problem] = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{what}: {len(self.problems)} problem(s)\n{shown}{more}")

    def __reduce__(self) -> tuple[type[ValidationProblems], tuple[str, list[Problem]]]:
        # Rebuilt from its parts when it crosses a process boundary (a Dask worker, multiprocessing).
        return type(self), (self.what, self.problems)


def short_repr(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, so a 100,000-character cell does not flood a message."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def require_extra(module: str, extra: str) -> Any:
    """Import an optional dependency, or raise ImportError naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f'{module} is not installed: pip install "kerja-match[{extra}]"') from error


def check_fitted(estimator: object, attribute: str) -> None:
    """Raise NotFittedError unless ``fit`` has set ``attribute`` on ``estimator``."""
    if not hasattr(estimator, attribute):
        name = type(estimator).__name__
        raise NotFittedError(f"this {name} is not fitted yet: call {name}.fit(...) before using it")
