"""The one option validator: constraint wording, every problem at once, estimator options at fit."""

from __future__ import annotations

import math
import pickle
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kerja_match._params import (
    HasMethods,
    Interval,
    Matches,
    Options,
    ParameterProblem,
    check_estimator_params,
    check_params,
    describe,
    parameter_problems,
)
from kerja_match.errors import KerjaMatchError, ValidationProblems


def test_the_message_shape_of_the_issue():
    with pytest.raises(
        ValidationProblems,
        match=re.escape("The 'k' parameter of FitScorer.top_k must be an int >= 1. Got 0 instead."),
    ):
        check_params("FitScorer.top_k", {"k": [Interval("int", 1)]}, {"k": 0})


def test_every_problem_of_a_call_is_reported_at_once():
    constraints = {
        "k": [Interval("int", 1)],
        "method": [Options(["optimal", "stable"])],
        "min_score": [Interval("real", 0, 1)],
        "cost": [callable, None],
    }
    with pytest.raises(ValidationProblems) as raised:
        check_params("place", constraints, {"k": 2.5, "method": "best", "min_score": 1.5, "cost": 3})
    error = raised.value
    assert isinstance(error, KerjaMatchError)
    assert [p.field for p in error.problems] == ["k", "method", "min_score", "cost"]
    text = str(error)
    assert "must be an int >= 1. Got 2.5 instead." in text
    assert "must be 'optimal' or 'stable'. Got 'best' instead." in text
    assert "must be a number in [0, 1]. Got 1.5 instead." in text
    assert "must be a callable or None. Got 3 instead." in text


def test_valid_values_pass_and_unconstrained_names_are_not_checked():
    check_params("f", {"k": [Interval("int", 1)]}, {"k": np.int64(3), "anything": object()})


@pytest.mark.parametrize(
    ("constraint", "words"),
    [
        (Interval("int", 1), "an int >= 1"),
        (Interval("int", 0, closed="neither"), "an int > 0"),
        (Interval("real", 0, 1), "a number in [0, 1]"),
        (Interval("real", 0, 1, closed="right"), "a number in (0, 1]"),
        (Interval("real", -1, 1, closed="left"), "a number in [-1, 1)"),
        (Interval("real", None, 100), "a number <= 100"),
        (Interval("real", 0.5, 2.5), "a number in [0.5, 2.5]"),
        (Interval("real"), "a number"),
        (Options(["optimal"]), "'optimal'"),
        (Options(["local_first", "none"]), "'local_first' or 'none'"),
        (Options(["auto", "greedy", "milp"]), "one of 'auto', 'greedy', 'milp'"),
        (HasMethods("match"), "an object with a match() method"),
        (HasMethods("fit", "match"), "an object with a fit() and match() methods"),
        (Matches(r"\d\d\.\d\d", "a region code such as '32.16'"), "a region code such as '32.16'"),
        (int, "an int"),
        ((dict, list), "a dict or a list"),
        (callable, "a callable"),
        ("boolean", "a bool (True or False)"),
        (None, "None"),
    ],
)
def test_each_constraint_says_what_it_wants(constraint, words):
    assert describe([constraint]) == words


def test_none_is_named_last_whatever_the_declaration_order():
    assert describe([None, Interval("int", 1)]) == "an int >= 1 or None"


@pytest.mark.parametrize("value", [True, False, 1.0, "3", None, math.nan])
def test_an_int_interval_refuses_bools_floats_text_and_none(value):
    assert not Interval("int", 0).accepts(value)


@pytest.mark.parametrize("value", [True, math.nan, "0.5", None])
def test_a_real_interval_refuses_bools_nan_and_text(value):
    assert not Interval("real").accepts(value)


def test_numpy_scalars_are_numbers():
    assert Interval("int", 1).accepts(np.int32(4))
    assert Interval("real", 0, 1).accepts(np.float32(0.25))
    assert not Interval("real", 0, 1).accepts(np.float64("nan"))


def test_options_do_not_confuse_bools_with_ints():
    assert Options([0, 1]).accepts(1)
    assert not Options([0, 1]).accepts(True)


def test_a_type_constraint_of_int_refuses_a_bool():
    assert parameter_problems("f", {"n": [int]}, {"n": True})


def test_an_object_with_the_default_repr_is_named_by_its_type_and_long_values_are_cut():
    class Thing:
        pass

    problems = parameter_problems("f", {"x": [int], "y": [int]}, {"x": Thing(), "y": "z" * 500})
    assert "Got a Thing instead." in str(problems[0])
    assert len(str(problems[1])) < 160


def test_an_unknown_declaration_is_a_programming_error():
    with pytest.raises(TypeError, match="unknown parameter constraint"):
        check_params("f", {"x": ["array-like"]}, {"x": 1})


def test_the_error_survives_a_process_boundary():
    with pytest.raises(ValidationProblems) as raised:
        check_params("FitScorer.top_k", {"k": [Interval("int", 1)]}, {"k": -3})
    again = pickle.loads(pickle.dumps(raised.value))
    assert str(again) == str(raised.value)
    assert isinstance(again.problems[0], ParameterProblem)


class _Estimator:
    _option_constraints = {  # noqa: RUF012
        "block_size": [Interval("int", 1)],
        "score_cutoff": [Interval("real", 0, 1)],
    }

    def __init__(self, *, block_size=512, score_cutoff=0.5):
        self.block_size = block_size
        self.score_cutoff = score_cutoff


def test_estimator_options_name_the_class_and_come_with_the_callers_own_problems():
    from kerja_match.errors import Problem

    rule = Problem("_Estimator", "score_cutoff", "must be below 0.9 when block_size is 1", 0.95)
    with pytest.raises(ValidationProblems) as raised:
        check_estimator_params(_Estimator(block_size=0, score_cutoff=2), rule)
    lines = str(raised.value).splitlines()
    assert lines[1].endswith("The 'block_size' parameter of _Estimator must be an int >= 1. Got 0 instead.")
    assert lines[2].endswith(
        "The 'score_cutoff' parameter of _Estimator must be a number in [0, 1]. Got 2 instead."
    )
    assert len(raised.value.problems) == 3
    check_estimator_params(_Estimator())


@given(st.integers(-1000, 1000), st.integers(-5, 5), st.integers(0, 5))
def test_an_int_interval_agrees_with_plain_comparisons(value, low, width):
    high = low + width
    for closed in ("both", "left", "right", "neither"):
        lo_ok = value >= low if closed in ("both", "left") else value > low
        hi_ok = value <= high if closed in ("both", "right") else value < high
        assert Interval("int", low, high, closed=closed).accepts(value) == (lo_ok and hi_ok)
