"""The library's error family: every error names the record, the field, what was expected and what came.

No error and no problem carries personal data whole: a NIK, phone number or e-mail address in a
message, a record name or a value is masked when the error or the problem is made (:mod:`._privacy`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ._privacy import describe, mask_personal, mask_value


class KerjaMatchError(ValueError):
    """Base of every error this library raises on bad input or misuse."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(mask_personal(a) if isinstance(a, str) else a for a in args))


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

    def __post_init__(self) -> None:
        # Masked once, here, so every report (message, CLI, --problems file) gets the masked form.
        for name in ("record", "field", "message", "value"):
            object.__setattr__(self, name, mask_value(getattr(self, name)))

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
    """A short, masked ``repr(value)``: a 100,000-character cell, a 5,000-digit number or a list nested
    100,000 deep never floods (or crashes) a message, and personal data is masked."""
    return describe(value, limit)


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
