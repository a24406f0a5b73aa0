"""Gazetteer: bundled regions, fallback to ancestors, distances against a known value."""

from __future__ import annotations

import numpy as np
import pytest

from kerja_match.datasets import bekasi_regions
from kerja_match.errors import KerjaMatchError, ValidationProblems
from kerja_match.geo import Gazetteer, Region, haversine_km


def test_bundled_regions() -> None:
    gaz = bekasi_regions()
    kab = [r for r in gaz if r.parent == "32.16"]
    assert len(kab) == 23
    assert len(gaz) == 23 + 98 + 8
    assert gaz.get("32.16.01").name == "Tarumajaya"
    assert "MIT" in gaz.attribution


def test_finer_codes_fall_back_to_their_kecamatan() -> None:
    gaz = bekasi_regions()
    assert gaz.resolve("32.16.09.2001") == "32.16.09"
    assert "32.16.09.2001" in gaz
    assert gaz.resolve("99.99") is None
    with pytest.raises(KerjaMatchError, match=r"region code '99.99' is not in the gazetteer"):
        gaz.get("99.99")
    assert gaz.index(["32.16.01", None, "99.99"]).tolist()[1:] == [-1, -1]


def test_distances() -> None:
    # One degree of latitude is about 111.2 km on the mean-radius sphere.
    assert haversine_km(np.array([[0.0, 0.0]]), np.array([[1.0, 0.0]]))[0, 0] == pytest.approx(
        111.19, abs=0.01
    )
    gaz = bekasi_regions()
    assert gaz.distance_km("32.16.01", "32.16.01") == 0.0
    d = gaz.distance_km("32.16.01", "32.16.23")  # Tarumajaya (north) to Bojongmangu (south)
    assert 30 < d < 50
    assert d == pytest.approx(gaz.distance_km("32.16.23", "32.16.01"))


def test_bad_gazetteer_reports_all() -> None:
    with pytest.raises(ValidationProblems, match=r"2 problem"):
        Gazetteer([Region("1", "a", 0, 0), Region("1", "b", 0, 0), Region("2", "c", 100, 0)])
