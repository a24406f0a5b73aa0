"""kerja_match: match job seekers to vacancies for labour offices and job portals.

Normalises skill phrases (Indonesian and English) to taxonomy concepts, scores candidate–vacancy fit
with explanations, recommends BLK training courses and places people honouring local-hire quotas.

    import kerja_match as km
    tax = km.default_taxonomy()

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
    "Problem": "errors",
    "Candidate": "models",
    "Vacancy": "models",
    "Course": "models",
    "SkillClaim": "models",
    "SkillRequirement": "models",
    "Evidence": "models",
    "Education": "models",
    "LEVEL_DESCRIPTORS": "models",
    "Concept": "taxonomy",
    "Taxonomy": "taxonomy",
    "Gazetteer": "geo",
    "Region": "geo",
    "default_taxonomy": "datasets",
    "bekasi_regions": "datasets",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from .datasets import bekasi_regions, default_taxonomy
    from .errors import KerjaMatchError, NotFittedError, Problem, ValidationProblems
    from .geo import Gazetteer, Region
    from .models import (
        LEVEL_DESCRIPTORS,
        Candidate,
        Course,
        Education,
        Evidence,
        SkillClaim,
        SkillRequirement,
        Vacancy,
    )
    from .taxonomy import Concept, Taxonomy


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kerja_match' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
