"""Compatibility path: course recommendation lives in :mod:`kerja_match.training`."""

from .training import CohortPlan, CourseRecommender, TrainingPlan, check_catalog

__all__ = ["CohortPlan", "CourseRecommender", "TrainingPlan", "check_catalog"]
