"""Tests that read data kept outside the repository (``../shared`` beside the checkout).

A fresh clone has nothing beside it, and ``python -m pytest`` must still pass there: such a test is
marked ``@pytest.mark.needs_shared("data/esco")`` (or takes the ``shared_data`` fixture) and skips
with a reason naming the missing path. In CI the data is beside the checkout and the test runs; set
``KERJA_MATCH_REQUIRE_SHARED=1`` to make a missing path fail instead of skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: ``../shared`` beside the checkout: data and evaluation scripts the repository does not carry.
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "needs_shared(path): reads ../shared/<path>; skipped with a reason when it is not beside the checkout",
    )


def require_shared(relative: str = "") -> Path:
    """``../shared/<relative>``, or skip the test (fail with KERJA_MATCH_REQUIRE_SHARED=1) when absent."""
    path = SHARED / relative if relative else SHARED
    if not path.exists():
        reason = f"needs {path} beside the checkout (CI has it; a fresh clone does not)"
        if os.environ.get("KERJA_MATCH_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("needs_shared"):
        require_shared(*marker.args)


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; the test skips with a reason when it is not beside the checkout."""
    return require_shared("data")
