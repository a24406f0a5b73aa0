"""What a batch of phrases left unmapped: the rows of ``SkillNormalizer.unmapped_report``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import require_extra

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["UnmappedReport", "UnmappedRow"]


@dataclass(frozen=True)
class UnmappedRow:
    """One canonical phrase the normaliser abstained on, how often it came and what was nearest."""

    canonical: str
    count: int
    examples: tuple[str, ...]
    nearest: tuple[tuple[str, str, float], ...]  # (concept id, label, score)


@dataclass(frozen=True)
class UnmappedReport:
    """What abstained in a batch, most frequent first, so a curator can grow the taxonomy.

    ``nonskill`` counts the phrases read as non-skill requirements (education, age, pay, ...):
    they abstain too but are no gap of the taxonomy, so they are neither rows nor ``abstained``."""

    total: int
    abstained: int
    rows: tuple[UnmappedRow, ...]
    nonskill: int = 0

    @property
    def abstained_share(self) -> float:
        return self.abstained / self.total if self.total else 0.0

    def to_frame(self) -> pd.DataFrame:
        """One row per canonical phrase (needs pandas: ``pip install "kerja-match[pandas]"``)."""
        pd = require_extra("pandas", "pandas")
        return pd.DataFrame(
            [
                {
                    "canonical": r.canonical,
                    "count": r.count,
                    "examples": " | ".join(r.examples),
                    "nearest": " | ".join(f"{label} ({cid}) {score:.2f}" for cid, label, score in r.nearest),
                }
                for r in self.rows
            ],
            columns=["canonical", "count", "examples", "nearest"],
        )
