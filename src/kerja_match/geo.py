"""Regions (kecamatan and kabupaten/kota), their centroids and great-circle distances.

Distances are between region centroids (or given coordinates): a commuting proxy, not road
distance. The bundled gazetteer covers Kabupaten Bekasi and its commuter belt; see
``kerja_match.bekasi_regions``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import KerjaMatchError, Problem, ValidationProblems

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Region:
    """A region with a Kemendagri code ('32.16' a kabupaten, '32.16.09' a kecamatan) and a centroid."""

    code: str
    name: str
    lat: float
    lon: float
    parent: str | None = None


class Gazetteer:
    """Regions by code, with centroid lookup and vectorised distances.

    A code that is not listed falls back to its nearest listed ancestor ('32.16.09.2001' to
    '32.16.09', a village to its kecamatan), so a finer code than the gazetteer knows still has a place.
    """

    def __init__(self, regions: Iterable[Region], *, attribution: str = "") -> None:
        self._regions: dict[str, Region] = {}
        problems = []
        for region in regions:
            if region.code in self._regions:
                problems.append(Problem(f"region {region.code!r}", "code", "duplicate code", region.code))
            elif not (-90 <= region.lat <= 90 and -180 <= region.lon <= 180):
                problems.append(
                    Problem(
                        f"region {region.code!r}", "lat/lon", "outside the globe", (region.lat, region.lon)
                    )
                )
            else:
                self._regions[region.code] = region
        if problems:
            raise ValidationProblems("invalid gazetteer", problems)
        self.attribution = attribution
        self.codes_ = list(self._regions)
        self._index = {code: i for i, code in enumerate(self.codes_)}
        self.coords_ = np.radians(
            np.array([[r.lat, r.lon] for r in self._regions.values()], dtype=np.float64).reshape(-1, 2)
        )

    def __len__(self) -> int:
        return len(self._regions)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.resolve(code) is not None

    def resolve(self, code: str) -> str | None:
        """The listed code for ``code``: itself, or its nearest listed ancestor; None if none."""
        parts = code.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self._regions:
                return candidate
        return None

    def get(self, code: str) -> Region:
        """The region for ``code`` (or its nearest listed ancestor); an error naming the code if none."""
        resolved = self.resolve(code)
        if resolved is None:
            raise KerjaMatchError(f"region code {code!r} is not in the gazetteer ({len(self)} regions)")
        return self._regions[resolved]

    def index(self, codes: Sequence[str | None]) -> NDArray[np.int64]:
        """Row index of each code in ``coords_``, -1 for None or an unknown code; shape (len(codes),)."""
        out = np.full(len(codes), -1, dtype=np.int64)
        for i, code in enumerate(codes):
            resolved = self.resolve(code) if code else None
            if resolved is not None:
                out[i] = self._index[resolved]
        return out

    def distance_km(self, a: str, b: str) -> float:
        """Great-circle distance in km between the centroids of two regions."""
        ra, rb = self.get(a), self.get(b)
        return float(haversine_km(np.array([[ra.lat, ra.lon]]), np.array([[rb.lat, rb.lon]]))[0, 0])


def haversine_km(a: NDArray[np.floating], b: NDArray[np.floating]) -> NDArray[np.float64]:
    """Great-circle distances in km between points in degrees; a (n, 2), b (m, 2) -> (n, m) float64."""
    lat1, lon1 = np.radians(a[:, :1]), np.radians(a[:, 1:2])
    lat2, lon2 = np.radians(b[:, 0])[None, :], np.radians(b[:, 1])[None, :]
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64)


#: Region fields that place a record on the map (distances, reports), checked by ``check_regions``.
#: ``ktp_region`` is not among them: a KTP from anywhere in Indonesia is valid (migrant workers in
#: Cikarang hold KTPs from Central Java), and it is only compared by prefix with a local region.
PLACE_FIELDS = ("domicile", "location", "local_region")


def check_regions(
    records: Iterable[object],
    gazetteer: Gazetteer,
    *,
    fields: Sequence[str] = PLACE_FIELDS,
    exact: bool = False,
) -> list[Problem]:
    """A problem for each region code of ``records`` that ``gazetteer`` cannot place, naming the
    record, the field and the code; an empty list when every code is known.

    Codes are already well-formed (the models check the Kemendagri pattern); this checks they exist.
    By default a code is known when it or an ancestor is listed, as the scorer resolves it (a village
    '32.16.09.2001' lies in its kecamatan). With ``exact=True`` the code itself must be listed, so a
    mistyped kecamatan '32.16.99' is caught although its kabupaten '32.16' is known. The scorer
    treats an unknown place as an unknown commute (neutral, noted); call this at intake to refuse it.
    """
    problems = []
    for position, record in enumerate(records, start=1):
        kind = type(record).__name__.lower()
        record_id = getattr(record, "id", None)
        name = f"{kind} {record_id!r}" if record_id else f"{kind} #{position}"
        for field in fields:
            code = getattr(record, field, None)
            if not isinstance(code, str) or not code:
                continue
            resolved = gazetteer.resolve(code)
            if resolved is None:
                reason = f"region code {code!r} is not in the gazetteer ({len(gazetteer)} regions)"
            elif exact and resolved != code and code.count(".") < 3:
                reason = f"region code {code!r} is not in the gazetteer (only its ancestor {resolved!r} is)"
            else:
                continue
            problems.append(Problem(name, field, reason, code, position))
    return problems
