"""Files in and out: candidates, vacancies and courses as CSV, JSON and JSON Lines, with row-level problems.

Readers keep every good record and report every bad one; writers produce what the readers read back.
The skill-cell syntax of CSV files (``"las listrik:3 (sertifikat)"``) is in :mod:`._cells`.
"""

from ._cells import (
    CANDIDATE_COLUMNS,
    COURSE_COLUMNS,
    VACANCY_COLUMNS,
    CellSyntaxError,
    format_claims,
    format_requirements,
    parse_claim,
    parse_requirement,
)
from ._format import FileFormat
from ._readers import ReadResult, read_candidates, read_courses, read_vacancies
from ._stream import iter_candidates, iter_courses, iter_vacancies
from ._writers import PROBLEM_COLUMNS, write_candidates, write_courses, write_problems, write_vacancies

__all__ = [
    "CANDIDATE_COLUMNS",
    "COURSE_COLUMNS",
    "PROBLEM_COLUMNS",
    "VACANCY_COLUMNS",
    "CellSyntaxError",
    "FileFormat",
    "ReadResult",
    "format_claims",
    "format_requirements",
    "iter_candidates",
    "iter_courses",
    "iter_vacancies",
    "parse_claim",
    "parse_requirement",
    "read_candidates",
    "read_courses",
    "read_vacancies",
    "write_candidates",
    "write_courses",
    "write_problems",
    "write_vacancies",
]
