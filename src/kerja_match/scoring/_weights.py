"""ScoringWeights: every weight and constant of the fit score, validated in one place."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ValidationProblems
from ..models import problems_from_error
from ._encoding import EVIDENCE_ORDER

Unit = Field(ge=0.0, le=1.0)


class ScoringWeights(BaseModel):
    """Every weight and constant of the fit score; see docs/scoring.md for where each one enters.

    Part weights (``skills``, ``soft``, ``ktp``, ``commute``) are relative: a pair's score divides
    by the sum of the parts that apply to it, so a part that does not apply spreads its weight over
    the others.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    skills: float = Field(0.6, ge=0.0, le=100.0, description="weight of the hard-skill part")
    soft: float = Field(0.15, ge=0.0, le=100.0, description="weight of the soft-skill part")
    ktp: float = Field(0.1, ge=0.0, le=100.0, description="bonus for a KTP of the vacancy's local region")
    commute: float = Field(0.15, ge=0.0, le=100.0, description="weight of the commute factor")
    required_factor: float = Field(2.0, ge=1.0, le=100.0, description="required / preferred weight")
    credit_lost_per_level: float = Field(0.25, ge=0.0, le=1.0)
    narrower_credit: float = Field(1.0, ge=0.0, le=1.0, description="holds a narrower concept")
    broader_credit: float = Field(0.5, ge=0.0, le=1.0, description="holds a broader concept")
    sibling_credit: float = Field(0.3, ge=0.0, le=1.0, description="holds a sibling concept")
    evidence_self_declared: float = Unit
    evidence_training: float = Unit
    evidence_experience: float = Unit
    evidence_certified: float = Unit
    evidence_assessed: float = Unit
    required_policy: Literal["gate", "penalty"] = "gate"
    required_min_credit: float = Field(0.5, gt=0.0, le=1.0, description="credit that meets a required skill")
    required_penalty: float = Field(0.5, ge=0.0, le=1.0, description="factor per unmet required skill")
    commute_half_km: float = Field(15.0, gt=0.0, le=1000.0)
    max_commute_km: float | None = Field(None, gt=0.0, le=20000.0)
    specificity: bool = False
    confidence_unknown_domicile: float = Field(0.7, ge=0.0, le=1.0)
    confidence_unknown_ktp: float = Field(0.85, ge=0.0, le=1.0)

    def __init__(self, **data: Any) -> None:
        defaults = {"evidence_self_declared": 0.8, "evidence_training": 0.9, "evidence_experience": 0.9}
        data = {**defaults, "evidence_certified": 1.0, "evidence_assessed": 1.0, **data}
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise ValidationProblems(
                "invalid ScoringWeights", problems_from_error(error, "ScoringWeights")
            ) from None

    @model_validator(mode="after")
    def _consistent(self) -> ScoringWeights:
        if self.skills + self.soft + self.ktp + self.commute <= 0:
            raise ValueError("skills + soft + ktp + commute must be > 0, got all zero")
        for name in ("evidence_certified", "evidence_assessed"):
            if getattr(self, name) < self.evidence_self_declared:
                raise ValueError(
                    f"{name} must be >= evidence_self_declared ({self.evidence_self_declared}), "
                    f"got {getattr(self, name)}"
                )
        return self

    def evidence_factors(self) -> NDArray[np.float64]:
        """Multiplier per Evidence member, in ``Evidence`` order."""
        return np.array([getattr(self, f"evidence_{e.value}") for e in EVIDENCE_ORDER], dtype=np.float64)
