"""Training: skill gaps per person and per market, BLK course plans and cohort plans."""

from ._catalogue import CatalogueIndex, check_catalog
from ._gaps import MarketGap, MarketGaps, market_gaps, skill_gaps
from ._plans import CohortPlan, GroupEffect, PlanGap, Trainee, TrainingPlan
from ._recommender import DEFAULT_MAX_HOURS, DEFAULT_N_TARGETS, CourseRecommender

__all__ = [
    "DEFAULT_MAX_HOURS",
    "DEFAULT_N_TARGETS",
    "CatalogueIndex",
    "CohortPlan",
    "CourseRecommender",
    "GroupEffect",
    "MarketGap",
    "MarketGaps",
    "PlanGap",
    "Trainee",
    "TrainingPlan",
    "check_catalog",
    "market_gaps",
    "skill_gaps",
]
