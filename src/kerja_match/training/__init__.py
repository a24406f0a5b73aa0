"""Training: skill gaps per person and per market, BLK course plans and cohort plans."""

from ._gaps import MarketGaps, market_gaps, skill_gaps
from ._plans import CohortPlan, TrainingPlan
from ._recommender import CourseRecommender, check_catalog

__all__ = [
    "CohortPlan",
    "CourseRecommender",
    "MarketGaps",
    "TrainingPlan",
    "check_catalog",
    "market_gaps",
    "skill_gaps",
]
