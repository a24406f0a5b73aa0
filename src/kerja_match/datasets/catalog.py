"""The bundled BLK course catalogue (``blk_catalog.json`` beside this file).

Each row is a :class:`~kerja_match.models.Course` (its ``source`` cites where the programme, its
duration or its class size comes from) plus a ``note`` kept out of the record. Fields whose values
are assumptions rather than published facts are named in the course's ``assumed``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from ..errors import KerjaMatchError, ValidationProblems
from ..models import Course, validate_records

CATALOG_FILE = "blk_catalog.json"
#: Keys of a catalogue row that document it and are not Course fields.
DOCUMENTATION_KEYS = ("note", "title_names")


def _catalog_rows() -> list[dict[str, Any]]:
    text = resources.files(__package__).joinpath(CATALOG_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, Mapping) or not isinstance(data.get("courses"), list):
        raise KerjaMatchError(f"{CATALOG_FILE}: expected an object with a 'courses' list")
    return [dict(row) for row in data["courses"]]


def courses_from_rows(rows: Sequence[Mapping[str, Any]], *, source: str = "catalogue") -> list[Course]:
    """Validate catalogue rows into Courses, documentation keys aside; every bad row reported at once."""
    records = [{k: v for k, v in row.items() if k not in DOCUMENTATION_KEYS} for row in rows]
    courses, problems = validate_records(Course, records, what="course")
    if problems:
        raise ValidationProblems(f"invalid course catalogue {source!r}", problems)
    return courses


def blk_catalog() -> list[Course]:
    """Courses modelled on BLK Kabupaten Bekasi and BBPVP Bekasi programmes, in id order.

    Technical courses (lathe, welding, electrical, PLC, injection moulding, forklift ...), soft-skill
    modules (disiplin, sikap kerja) and pemagangan (apprenticeship) placements in factories, linked
    by prerequisites from basic to advanced. Hours are lesson hours (JP); ``assumed`` names the
    fields that are assumptions. See :func:`blk_catalog_sources` for each course's sources.
    """
    courses = courses_from_rows(_catalog_rows(), source=CATALOG_FILE)
    return sorted(courses, key=lambda course: course.id)


def blk_catalog_sources() -> dict[str, str]:
    """Course id -> the sources its programme, duration and class size are modelled on."""
    return {course.id: course.source for course in blk_catalog()}
