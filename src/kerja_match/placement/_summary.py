"""What a placement adds up to: the office's headline numbers and one line per employer.

The per-employer table is defined here once (``PlacementSummary.EMPLOYER_COLUMNS`` and
``employer_rows``); ``to_frame`` and the office report's employer table both show it.

The local-hire quota of Peraturan Bupati Bekasi 9/2019 is read on hires: an employer meets it when
at least ``quota`` of the people it hired are local (the office's own figure: 16,838 of 50,637
hires in 2022, 33%). ``local_hires_short`` is how many more of its hires would have to be local for
that, so ``meets_quota`` is exactly ``local_hires_short == 0``. The reserve columns are something
else: the openings ``place()`` set aside for locals, and how many of those no local took.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import require_extra

if TYPE_CHECKING:
    import pandas as pd

NO_QUALIFYING_VACANCY = "no vacancy at or above min_score"
OUTRANKED = "outranked by better-fitting candidates"
_SLACK = 1e-9  # 0.3 × 10 is 3.0000000000000004 in floating point: still 3 hires


@dataclass(frozen=True)
class EmployerSummary:
    """One employer's line: openings, filled, locals hired, reserved openings and reserve shortfall.

    ``local`` counts hires local to the vacancy's own ``local_region``; ``reserve`` the openings
    reserved for locals; ``shortfall`` the reserved openings that no local took (released to
    anyone or left empty); ``quota`` the local share of hires it is held to (None: none).
    """

    employer: str
    openings: int
    filled: int
    local: int
    reserve: int
    shortfall: int
    quota: float | None = None

    @property
    def unfilled(self) -> int:
        return self.openings - self.filled

    @property
    def local_share(self) -> float | None:
        """Local hires over hires; None when it hired nobody."""
        return self.local / self.filled if self.filled else None

    @property
    def local_hires_short(self) -> int | None:
        """More local hires (among the same hires) it would need to meet ``quota``; None without
        a quota or without hires."""
        if self.quota is None or not self.filled:
            return None
        return max(0, math.ceil(self.quota * self.filled - _SLACK) - self.local)

    @property
    def meets_quota(self) -> bool | None:
        """At least ``quota`` of its hires are local; None without a quota or without hires."""
        short = self.local_hires_short
        return None if short is None else short == 0


@dataclass(frozen=True)
class PlacementSummary:
    """The numbers the labour office reports; ``str()`` reads like its own statement."""

    placed: int
    local_placed: int
    target_share: float | None = None
    target_count: int | None = None
    openings: int = 0
    reserved_openings: int = 0
    reserve_shortfall: int = 0
    employers: tuple[EmployerSummary, ...] = ()
    unfilled: tuple[tuple[str, int], ...] = ()  # (vacancy id, openings left empty)
    unplaced: tuple[tuple[str, str], ...] = ()  # (candidate id, reason)

    #: Columns of :meth:`employer_rows`, named for what they hold.
    EMPLOYER_COLUMNS = (
        "employer",
        "openings",
        "filled",
        "unfilled",
        "local_hires",
        "local_share_of_hires",
        "meets_quota",
        "local_hires_short",
        "reserved_for_locals",
        "reserved_not_taken_by_locals",
    )

    @property
    def local_share(self) -> float:
        return self.local_placed / self.placed if self.placed else 0.0

    @property
    def unfilled_openings(self) -> int:
        return sum(n for _, n in self.unfilled)

    @property
    def target_met(self) -> bool | None:
        if self.target_count is not None:
            return self.local_placed >= self.target_count
        if self.target_share is not None:
            return self.local_share >= self.target_share
        return None

    def text(self) -> str:
        """'50,637 placed, 16,838 local (33%), target 12,000', then openings and unplaced people."""
        headline = f"{self.placed:,} placed, {self.local_placed:,} local ({self.local_share:.0%})"
        if self.target_count is not None:
            headline += f", target {self.target_count:,}"
        elif self.target_share is not None:
            headline += f", target {self.target_share:.0%}"
        reasons = Counter(reason for _, reason in self.unplaced)
        lines = [
            headline,
            f"{self.openings:,} openings, {self.unfilled_openings:,} unfilled; "
            f"{self.reserved_openings:,} reserved for locals, {self.reserve_shortfall:,} not taken by a local",
            f"{len(self.unplaced):,} unplaced: {reasons[NO_QUALIFYING_VACANCY]:,} {NO_QUALIFYING_VACANCY}, "
            f"{reasons[OUTRANKED]:,} {OUTRANKED}",
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def employer_rows(self) -> list[tuple[Any, ...]]:
        """One row per employer (by name), in ``EMPLOYER_COLUMNS`` order."""
        return [
            (e.employer, e.openings, e.filled, e.unfilled, e.local, e.local_share, e.meets_quota,
             e.local_hires_short, e.reserve, e.shortfall)
            for e in self.employers
        ]  # fmt: skip

    def to_frame(self) -> pd.DataFrame:
        """Per-employer table, ``EMPLOYER_COLUMNS`` (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        return pandas.DataFrame(self.employer_rows(), columns=list(self.EMPLOYER_COLUMNS))
