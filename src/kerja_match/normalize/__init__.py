"""Normalisation: free text in Indonesian and English to taxonomy concepts, or an honest abstention.

Layers, bottom up: text rules (:mod:`._text`, word lists in ``lexicon.json``), the non-skill
requirement stage (:mod:`._requirements`), the label index, the lexical ranker, the parts stage
(:mod:`._parts`), the optional semantic stage, :class:`SkillNormalizer`, and the crosswalk between
two taxonomies built on it.
"""

from ._crosswalk import Crosswalk, CrosswalkRow
from ._lexical_ranker import FEATURES
from ._normalizer import (
    DEFAULT_SCORE_CUTOFF,
    MAX_PHRASE_LENGTH,
    SkillMatch,
    SkillNormalizer,
    UnmappedReport,
    UnmappedRow,
)
from ._requirements import (
    NONSKILL_KINDS,
    PROTECTED_KINDS,
    PROTECTED_RULES,
    ProtectedSpan,
    RequirementKind,
    RequirementSplit,
    flag_vacancy,
    protected_spans,
    requirement_flags,
    requirement_kind,
    skill_remainder,
)
from ._text import canonical, tokens

__all__ = [
    "DEFAULT_SCORE_CUTOFF",
    "FEATURES",
    "MAX_PHRASE_LENGTH",
    "NONSKILL_KINDS",
    "PROTECTED_KINDS",
    "PROTECTED_RULES",
    "Crosswalk",
    "CrosswalkRow",
    "ProtectedSpan",
    "RequirementKind",
    "RequirementSplit",
    "SkillMatch",
    "SkillNormalizer",
    "UnmappedReport",
    "UnmappedRow",
    "canonical",
    "flag_vacancy",
    "protected_spans",
    "requirement_flags",
    "requirement_kind",
    "skill_remainder",
    "tokens",
]
