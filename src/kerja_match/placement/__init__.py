"""Placement: who goes where, optimal (HiGHS) or stable (deferred acceptance), with local-hire reserves."""

from ._place import (
    METHODS,
    NO_QUALIFYING_VACANCY,
    OUTRANKED,
    EmployerSummary,
    Placement,
    PlacementSummary,
    local_reserves,
    place,
)

__all__ = [
    "METHODS",
    "NO_QUALIFYING_VACANCY",
    "OUTRANKED",
    "EmployerSummary",
    "Placement",
    "PlacementSummary",
    "local_reserves",
    "place",
]
