"""The one option validator: declared constraints, one message shape, every problem of a call at once.

Learned from scikit-learn's ``utils/_param_validation.py`` and kept small. A parameter is valid when
it satisfies ANY of its declared constraints; a call's problems are raised together as one
``ValidationProblems`` whose lines read

    The 'k' parameter of FitScorer.top_k must be an int >= 1. Got 0 instead.

Constraints are ``Interval``, ``Options``, ``Matches``, ``HasMethods``, a type (an instance of it),
``callable`` (any callable), ``None`` (None itself) and ``"boolean"`` (a bool). Use
``check_params`` inside a function or method, ``check_estimator_params`` at the start of ``fit``
(estimator options are checked at fit, as in scikit-learn, so ``set_params`` stays cheap).
"""

from __future__ import annotations

import math
import operator
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any, Literal

from .errors import Problem, ValidationProblems

__all__ = ["HasMethods", "Interval", "Matches", "Options", "ParameterProblem", "check_estimator_params"]
__all__ += ["check_params", "describe", "parameter_problems"]

Constraints = Mapping[str, Sequence[Any]]


class Constraint(ABC):
    """One acceptable kind of value; ``str(constraint)`` completes "must be ..."."""

    @abstractmethod
    def accepts(self, value: object) -> bool:
        """Whether ``value`` satisfies this constraint."""


@dataclass(frozen=True)
class Interval(Constraint):
    """An int (``kind="int"``, bools refused) or a real number (``kind="real"``, NaN refused) in a range.

    ``low``/``high`` of None leave that side open-ended; ``closed`` says which ends belong to it.
    """

    kind: Literal["int", "real"]
    low: float | None = None
    high: float | None = None
    closed: Literal["both", "left", "right", "neither"] = "both"

    def accepts(self, value: object) -> bool:
        wanted = Integral if self.kind == "int" else Real
        if isinstance(value, bool) or not isinstance(value, wanted):
            return False
        number = float(value)
        low_op = operator.ge if self.closed in ("both", "left") else operator.gt
        high_op = operator.le if self.closed in ("both", "right") else operator.lt
        in_low = self.low is None or low_op(number, self.low)
        return not math.isnan(number) and in_low and (self.high is None or high_op(number, self.high))

    def __str__(self) -> str:
        noun = "an int" if self.kind == "int" else "a number"
        low, high = _number(self.low), _number(self.high)
        if self.low is None and self.high is None:
            return noun
        if self.high is None:
            return f"{noun} {'>=' if self.closed in ('both', 'left') else '>'} {low}"
        if self.low is None:
            return f"{noun} {'<=' if self.closed in ('both', 'right') else '<'} {high}"
        left = "[" if self.closed in ("both", "left") else "("
        right = "]" if self.closed in ("both", "right") else ")"
        return f"{noun} in {left}{low}, {high}{right}"


@dataclass(frozen=True, init=False)
class Options(Constraint):
    """One of a fixed set of values, compared by equality (bools never stand in for 0 and 1)."""

    values: tuple[object, ...]

    def __init__(self, values: Iterable[object]) -> None:
        object.__setattr__(self, "values", tuple(values))

    def accepts(self, value: object) -> bool:
        try:
            return any(isinstance(value, bool) == isinstance(v, bool) and value == v for v in self.values)
        except Exception:  # an odd __eq__ is not one of the options
            return False

    def __str__(self) -> str:
        shown = [repr(v) for v in self.values]
        if len(shown) <= 2:
            return " or ".join(shown)
        return f"one of {', '.join(shown)}"


@dataclass(frozen=True)
class Matches(Constraint):
    """A str that fully matches ``pattern``; ``description`` says it in words ("a region code such as '32.16'")."""

    pattern: str
    description: str

    def accepts(self, value: object) -> bool:
        return isinstance(value, str) and re.fullmatch(self.pattern, value) is not None

    def __str__(self) -> str:
        return self.description


@dataclass(frozen=True, init=False)
class HasMethods(Constraint):
    """Any object with these methods (duck typing, as a Protocol would say)."""

    methods: tuple[str, ...]

    def __init__(self, *methods: str) -> None:
        object.__setattr__(self, "methods", methods)

    def accepts(self, value: object) -> bool:
        return all(callable(getattr(value, name, None)) for name in self.methods)

    def __str__(self) -> str:
        names = " and ".join(f"{name}()" for name in self.methods)
        return f"an object with a {names} method" + ("s" if len(self.methods) > 1 else "")


@dataclass(frozen=True)
class _InstanceOf(Constraint):
    kind: type | tuple[type, ...]

    def accepts(self, value: object) -> bool:
        if isinstance(value, bool) and self.kind in (int, float):
            return False  # True is not a count or a weight
        return isinstance(value, self.kind)

    def __str__(self) -> str:
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        return " or ".join(_article(k.__name__) for k in kinds)


@dataclass(frozen=True)
class _Simple(Constraint):
    test: Callable[[object], bool]
    description: str

    def accepts(self, value: object) -> bool:
        return self.test(value)

    def __str__(self) -> str:
        return self.description


_NONE = _Simple(lambda value: value is None, "None")
_CALLABLE = _Simple(callable, "a callable")
_BOOLEAN = _Simple(lambda value: isinstance(value, bool), "a bool (True or False)")


def make_constraint(declared: object) -> Constraint:
    """The Constraint a declaration stands for; an unknown declaration is a programming error."""
    if isinstance(declared, Constraint):
        return declared
    if declared is None:
        return _NONE
    if declared is callable:
        return _CALLABLE
    if declared == "boolean":
        return _BOOLEAN
    if isinstance(declared, type) or (
        isinstance(declared, tuple) and all(isinstance(k, type) for k in declared)
    ):
        return _InstanceOf(declared)
    raise TypeError(f"unknown parameter constraint {declared!r}")


@dataclass(frozen=True)
class ParameterProblem(Problem):
    """A Problem that reads as one sentence: "The 'k' parameter of FitScorer.top_k must be ..."."""

    def __str__(self) -> str:
        return f"The {self.field!r} parameter of {self.record} {self.message}"


def describe(constraints: Sequence[Any]) -> str:
    """ "an int >= 1 or None": the constraints in words, None last (as a reader expects)."""
    made = [make_constraint(c) for c in constraints]
    made.sort(key=lambda c: c is _NONE)
    words = [str(c) for c in made]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def parameter_problems(caller: str, constraints: Constraints, values: Mapping[str, Any]) -> list[Problem]:
    """One ParameterProblem per value that satisfies none of its constraints (others: unchecked)."""
    problems: list[Problem] = []
    for name, value in values.items():
        declared = constraints.get(name)
        if declared is None or any(make_constraint(c).accepts(value) for c in declared):
            continue
        message = f"must be {describe(declared)}. Got {_shown(value)} instead."
        problems.append(ParameterProblem(caller, name, message, value))
    return problems


def check_params(caller: str, constraints: Constraints, values: Mapping[str, Any]) -> None:
    """Raise one ValidationProblems naming every value of ``values`` that breaks its constraints."""
    problems = parameter_problems(caller, constraints, values)
    if problems:
        raise ValidationProblems(f"invalid parameters of {caller}", problems)


def check_estimator_params(estimator: object, *extra: Problem) -> None:
    """Check an estimator's ``__init__`` options against its class's ``_option_constraints``.

    ``extra`` problems (rules between options, found by the caller) are raised in the same error.
    """
    cls = type(estimator)
    constraints: Constraints = getattr(cls, "_option_constraints", {})
    values = {name: getattr(estimator, name) for name in constraints}
    problems = [*parameter_problems(cls.__name__, constraints, values), *extra]
    if problems:
        raise ValidationProblems(f"invalid parameters of {cls.__name__}", problems)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if value in (math.inf, -math.inf):
        return "inf" if value > 0 else "-inf"
    return str(int(value)) if float(value).is_integer() else repr(value)


def _article(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _shown(value: object, limit: int = 80) -> str:
    """repr(value) cut to ``limit``; an object with the default repr is named by its type."""
    shown = repr(value)
    if shown.startswith("<") and " object at 0x" in shown:
        return _article(type(value).__name__)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."
