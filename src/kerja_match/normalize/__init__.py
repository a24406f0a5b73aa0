"""Normalisation: free text in Indonesian and English to taxonomy concepts, or an honest abstention.

Layers, bottom up: text rules (:mod:`._text`, word lists in ``lexicon.json``), the label index,
the lexical ranker, the optional semantic stage, :class:`SkillNormalizer`, and the crosswalk between
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
from ._text import canonical, tokens

__all__ = [
    "DEFAULT_SCORE_CUTOFF",
    "FEATURES",
    "MAX_PHRASE_LENGTH",
    "Crosswalk",
    "CrosswalkRow",
    "SkillMatch",
    "SkillNormalizer",
    "UnmappedReport",
    "UnmappedRow",
    "canonical",
    "tokens",
]
