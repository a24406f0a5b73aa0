"""ScoringWeights: every weight and constant of the fit score, validated in one place."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import Field, model_validator

from .._options import OptionsModel
from ._encoding import EVIDENCE_ORDER


class ScoringWeights(OptionsModel):
    """Every weight and constant of the fit score; see docs/scoring.md for where each one enters.

    Part weights (``skills``, ``soft``, ``ktp``, ``commute``) are relative: a pair's score divides
    by the sum of the parts that apply to it, so a part that does not apply spreads its weight over
    the others. Every default is declared on its field (``ScoringWeights.model_json_schema()`` shows
    them); a bad value, from the constructor or ``model_validate``, raises ``ValidationProblems``.
    """

    skills: float = Field(0.6, ge=0.0, le=100.0, description="weight of the hard-skill part")
    soft: float = Field(0.15, ge=0.0, le=100.0, description="weight of the soft-skill part")
    ktp: float = Field(0.1, ge=0.0, le=100.0, description="bonus for a KTP of the vacancy's local region")
    commute: float = Field(0.15, ge=0.0, le=100.0, description="weight of the commute factor")
    required_factor: float = Field(2.0, ge=1.0, le=100.0, description="required / preferred weight")
    credit_lost_per_level: float = Field(0.25, ge=0.0, le=1.0)
    narrower_credit: float = Field(1.0, ge=0.0, le=1.0, description="holds a narrower concept")
    broader_credit: float = Field(0.5, ge=0.0, le=1.0, description="holds a broader concept")
    sibling_credit: float = Field(0.3, ge=0.0, le=1.0, description="holds a sibling concept")
    evidence_self_declared: float = Field(0.8, ge=0.0, le=1.0, description="factor of a self-declared claim")
    evidence_training: float = Field(0.9, ge=0.0, le=1.0, description="factor of a claim backed by training")
    evidence_experience: float = Field(0.9, ge=0.0, le=1.0, description="factor of a claim backed by work")
    evidence_certified: float = Field(1.0, ge=0.0, le=1.0, description="factor of a certified claim")
    evidence_assessed: float = Field(1.0, ge=0.0, le=1.0, description="factor of an assessed claim")
    required_policy: Literal["weight", "gate", "penalty"] = "weight"
    required_min_credit: float = Field(0.5, gt=0.0, le=1.0, description="credit that meets a required skill")
    required_penalty: float = Field(0.5, ge=0.0, le=1.0, description="factor per unmet required skill")
    commute_half_km: float = Field(15.0, gt=0.0, le=1000.0)
    max_commute_km: float | None = Field(None, gt=0.0, le=20000.0)
    specificity: bool = True
    focus: float = Field(2.0, ge=0.0, le=100.0, description="weight of focus beside coverage's 1 (hard part)")
    relative_fit: float = Field(
        0.5, ge=0.0, le=10.0, description="exponent of fit / the candidate's best fit"
    )
    confidence_unknown_domicile: float = Field(0.7, ge=0.0, le=1.0)
    confidence_unknown_ktp: float = Field(0.85, ge=0.0, le=1.0)

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
