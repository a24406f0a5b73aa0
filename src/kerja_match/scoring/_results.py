"""What a score is made of: FitResult, its explain rows and the skill gaps it names."""

from __future__ import annotations

from dataclasses import astuple, dataclass, field, fields
from typing import TYPE_CHECKING, Literal

from ..errors import require_extra

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class SkillGap:
    """A requirement the candidate does not hold at the required level (ignoring evidence)."""

    concept_id: str
    label_id: str
    label_en: str
    required_level: int
    current_level: int  # level of the concept itself or a narrower one; 0 when absent
    required: bool
    weight: float  # the most this requirement adds to the score (its explain row's weight)
    kind: Literal["hard", "soft"]
    phrase: str


@dataclass(frozen=True)
class ExplainRow:
    """One line of the waterfall: ``contribution`` rows add up to the score."""

    part: str  # skills | focus | soft | ktp | commute | penalty | gate | relative
    item: str  # the requirement's text, the KTP rule, the commute
    weight: float  # the most this row can add
    credit: float  # 0..1 (1 for penalty and gate rows)
    contribution: float
    detail: str = ""


@dataclass(frozen=True)
class FitResult:
    """The fit of one candidate for one vacancy, with what makes it up."""

    candidate_id: str
    vacancy_id: str
    score: float
    components: dict[str, float]
    rows: tuple[ExplainRow, ...]
    missing: list[SkillGap]
    unresolved: list[str]  # candidate skill phrases the normaliser could not map
    unresolved_requirements: list[str]
    confidence: float
    eligible: bool
    reasons: list[str]
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """:meth:`explain` as a table: part, item, weight, credit, contribution, detail (needs pandas)."""
        pandas = require_extra("pandas", "pandas")
        columns = [f.name for f in fields(ExplainRow)]
        return pandas.DataFrame([astuple(row) for row in self.rows], columns=columns)

    def explain(self) -> list[ExplainRow]:
        """Rows that add up to ``score``: one per requirement, KTP, commute, then penalty or gate."""
        return list(self.rows)
