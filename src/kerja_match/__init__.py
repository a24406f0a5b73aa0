"""kerja_match: match job seekers to vacancies for labour offices and job portals.

Normalises skill phrases (Indonesian and English) to taxonomy concepts, scores candidate–vacancy fit
with explanations, recommends BLK training courses and places people honouring local-hire quotas.

    import kerja_match as km
    tax = km.default_taxonomy()

The names below are the public API; more specialised ones live in their modules
(``kerja_match.io`` writers, ``kerja_match.geo.Gazetteer``, ``kerja_match.training.MarketGaps`` ...);
docs/architecture.md shows the subpackages and which way they import.
Public names are imported on first use, so ``import kerja_match`` stays light (no scipy or
scikit-learn until a component that needs them is touched).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "KerjaMatchError": "errors",
    "NotFittedError": "errors",
    "ValidationProblems": "errors",
    "Candidate": "models",
    "Vacancy": "models",
    "RequirementFlag": "models",
    "Course": "models",
    "SkillClaim": "models",
    "SkillRequirement": "models",
    "Evidence": "models",
    "Education": "models",
    "Concept": "taxonomy",
    "Taxonomy": "taxonomy",
    "default_taxonomy": "datasets",
    "bekasi_regions": "datasets",
    "blk_catalog": "datasets.catalog",
    "bekasi_demo": "datasets.demo",
    "SkillNormalizer": "normalize",
    "SkillMatch": "normalize",
    "ScoringWeights": "scoring",
    "FitScorer": "scoring",
    "FitResult": "scoring",
    "TopK": "scoring",
    "place": "placement",
    "Placement": "placement",
    "skill_gaps": "training",
    "market_gaps": "training",
    "CourseRecommender": "training",
    "TrainingPlan": "training",
    "read_candidates": "io",
    "read_vacancies": "io",
    "read_courses": "io",
    "office_report": "reports",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from .datasets import bekasi_regions, default_taxonomy
    from .datasets.catalog import blk_catalog
    from .datasets.demo import bekasi_demo
    from .errors import KerjaMatchError, NotFittedError, ValidationProblems
    from .io import read_candidates, read_courses, read_vacancies
    from .models import (
        Candidate,
        Course,
        Education,
        Evidence,
        RequirementFlag,
        SkillClaim,
        SkillRequirement,
        Vacancy,
    )
    from .normalize import SkillMatch, SkillNormalizer
    from .placement import Placement, place
    from .reports import office_report
    from .scoring import FitResult, FitScorer, ScoringWeights, TopK
    from .taxonomy import Concept, Taxonomy
    from .training import CourseRecommender, TrainingPlan, market_gaps, skill_gaps


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kerja_match' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
