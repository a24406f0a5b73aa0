"""The labour office's reports: placements against the local-hire quota, demand, shortages, training.

Tables (:class:`Table`) print as text, write as CSV or JSON and turn into DataFrames; charts are in
:mod:`kerja_match.reports.plots` (matplotlib, optional).
"""

from ._market_tables import (
    assignments_table,
    demand_table,
    employer_quota_table,
    flags_table,
    kecamatan_table,
    placement_table,
    shortage_table,
    trainees_table,
    training_table,
)
from ._office import OfficeReport, office_report
from ._tables import PERBUP_BEKASI_QUOTA, Table

__all__ = [
    "PERBUP_BEKASI_QUOTA",
    "OfficeReport",
    "Table",
    "assignments_table",
    "demand_table",
    "employer_quota_table",
    "flags_table",
    "kecamatan_table",
    "office_report",
    "placement_table",
    "shortage_table",
    "trainees_table",
    "training_table",
]
