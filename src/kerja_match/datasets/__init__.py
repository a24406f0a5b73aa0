"""Bundled data: the vocational taxonomy and the Bekasi gazetteer (see ATTRIBUTION.md beside this file).

Loaders read plain JSON and CSV shipped with the package (never pickle) and build a fresh object on
each call, so callers may not share mutable state by accident.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

from ..geo import Gazetteer, Region
from ..taxonomy import Taxonomy

_REGION_FILES = ("kabkota_bekasi_and_neighbours.csv", "kecamatan_kab_bekasi.csv", "kecamatan_neighbours.csv")
REGIONS_ATTRIBUTION = (
    "Region codes and centroids: cahyadsn/wilayah_boundaries and cahyadsn/wilayah (MIT, (c) 2024 Cahya DSN), "
    "codes per Kepmendagri 300.2.2-2430/2025; centroids of simplified polygons."
)


def _data_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8-sig")


def default_taxonomy() -> Taxonomy:
    """The bundled bilingual (Indonesian/English) vocational taxonomy: sector → field → skill."""
    return Taxonomy.from_json(io.StringIO(_data_text("vocational_taxonomy.json")))


def bekasi_regions() -> Gazetteer:
    """The 23 kecamatan of Kabupaten Bekasi, 98 of the commuter belt, and the 8 districts themselves.

    Kabupaten/kota rows (e.g. '32.16') carry the district centroid, so a KTP or domicile known only
    to the district still has a place.
    """
    regions = []
    for name in _REGION_FILES:
        for row in csv.DictReader(io.StringIO(_data_text(name))):
            parent = row.get("kabkota_kode") or None
            regions.append(Region(row["kode"], row["nama"], float(row["lat"]), float(row["lon"]), parent))
    return Gazetteer(regions, attribution=REGIONS_ATTRIBUTION)
