"""Options as a pydantic model whose every validation error arrives as ``ValidationProblems``.

``ScoringWeights`` and any other options model subclass ``OptionsModel``: constructing it, or
``model_validate`` / ``model_validate_json``, raises one ``ValidationProblems`` with every bad field,
each in the validator's sentence ("The 'skills' parameter of ScoringWeights must be a number in
[0, 100]. Got -1 instead."), read from the field's declared type and bounds, so the JSON schema and
the error say the same thing.
"""

from __future__ import annotations

import difflib
import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.fields import FieldInfo
from typing_extensions import Self

from ._params import Interval, Options, ParameterProblem, describe
from .errors import Problem, ValidationProblems

__all__ = ["OptionsModel", "option_problems"]

Closed = Literal["both", "left", "right", "neither"]
_CLOSED: dict[tuple[bool, bool], Closed] = {
    (True, True): "both",
    (True, False): "left",
    (False, True): "right",
    (False, False): "neither",
}


class OptionsModel(BaseModel):
    """Frozen options, unknown names refused, errors as ValidationProblems."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise option_problems(type(self), error) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as error:
            raise option_problems(cls, error) from None

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as error:
            raise option_problems(cls, error) from None


def option_problems(model: type[BaseModel], error: ValidationError) -> ValidationProblems:
    """The pydantic error as one ValidationProblems, one problem per bad field."""
    items = error.errors()
    inner = items[0].get("ctx", {}).get("error") if len(items) == 1 else None
    if isinstance(inner, ValidationProblems):  # raised by __init__ inside model_validate
        return inner
    name = model.__name__
    return ValidationProblems(f"invalid {name}", [_problem(model, item) for item in items])


def _problem(model: type[BaseModel], item: Any) -> Problem:
    name, loc, value = model.__name__, item["loc"], item.get("input")
    field = str(loc[0]) if loc else ""
    if item["type"] == "extra_forbidden":
        close = difflib.get_close_matches(field, list(model.model_fields), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return ParameterProblem(name, field, f"is not an option of {name}{hint}", value)
    info = model.model_fields.get(field)
    if info is None or len(loc) != 1:  # a rule between fields (a model validator)
        message = item["msg"].removeprefix("Value error, ")
        return Problem(name, ".".join(map(str, loc)) or "(options)", message, value)
    shown = repr(value)
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return ParameterProblem(
        name, field, f"must be {describe(_constraints(info))}. Got {shown} instead.", value
    )


def _constraints(info: FieldInfo) -> list[Any]:
    """The field's type and bounds as the validator's constraints."""
    annotation = info.annotation
    kinds = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,)
    bounds = {
        key: getattr(m, key) for m in info.metadata for key in ("ge", "gt", "le", "lt") if hasattr(m, key)
    }
    constraints: list[Any] = []
    for kind in kinds:
        if kind is type(None):
            constraints.append(None)
        elif get_origin(kind) is Literal:
            constraints.append(Options(get_args(kind)))
        elif kind is bool:
            constraints.append("boolean")
        elif kind in (int, float):
            low, high = bounds.get("ge", bounds.get("gt")), bounds.get("le", bounds.get("lt"))
            closed: Closed = _CLOSED[("gt" not in bounds, "lt" not in bounds)]
            constraints.append(Interval("int" if kind is int else "real", low, high, closed=closed))
        else:
            constraints.append(kind)
    return constraints
