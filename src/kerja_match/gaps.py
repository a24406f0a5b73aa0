"""Compatibility path: skill gaps live in :mod:`kerja_match.training`."""

from .training import MarketGaps, market_gaps, skill_gaps

__all__ = ["MarketGaps", "market_gaps", "skill_gaps"]
