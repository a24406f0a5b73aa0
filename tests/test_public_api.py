"""The public face: every exported name resolves, and importing the package stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kerja_match as km


def test_every_public_name_resolves() -> None:
    for name in km.__all__:
        assert getattr(km, name) is not None, name
    assert sorted(dir(km)) == sorted(km.__all__)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        km.nothing_here  # noqa: B018


def test_import_is_light() -> None:
    code = "import sys, kerja_match; print(sorted(m for m in ('numpy', 'scipy', 'sklearn', 'pandas', 'dask') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_import_changes_no_global_state() -> None:
    # numpy and scipy add warning filters of their own at import; load them first so that only
    # what kerja_match itself does is compared.
    code = (
        "import logging, warnings, numpy, scipy.optimize, scipy.sparse, sklearn.feature_extraction.text;"
        "before = (list(warnings.filters), logging.root.level, list(logging.root.handlers));"
        "import kerja_match as km; km.FitScorer; km.SkillNormalizer; km.place; km.CourseRecommender;"
        "print(before == (list(warnings.filters), logging.root.level, list(logging.root.handlers)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_a_missing_optional_dependency_names_its_extra() -> None:
    from kerja_match.errors import require_extra

    assert require_extra("json", "none").dumps([]) == "[]"
    with pytest.raises(
        ImportError, match=r'no_such_module_km is not installed: pip install "kerja-match\[plot\]"'
    ):
        require_extra("no_such_module_km", "plot")
