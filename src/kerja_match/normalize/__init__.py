"""Normalisation: free text in Indonesian and English to taxonomy concepts, or an honest abstention.

Layers, bottom up: text rules (:mod:`._text`, word lists in ``lexicon.json``), the label index,
the lexical ranker, the optional semantic stage, :class:`SkillNormalizer`, and the crosswalk between
two taxonomies built on it; on top, reading running text: sections and pieces (:mod:`._sections`),
the :class:`SkillExtractor` (:mod:`._extract`), cues (:mod:`._cues`), :func:`read_job_ad` and
:func:`read_cv`.
"""

from ._crosswalk import Crosswalk, CrosswalkRow
from ._cv import CV, read_cv
from ._extract import Mention, SkillExtractor
from ._job_ad import AdFlag, JobAd, OtherRequirement, read_job_ad
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
    "CV",
    "AdFlag",
    "Crosswalk",
    "CrosswalkRow",
    "JobAd",
    "Mention",
    "OtherRequirement",
    "SkillExtractor",
    "SkillMatch",
    "SkillNormalizer",
    "UnmappedReport",
    "UnmappedRow",
    "canonical",
    "read_cv",
    "read_job_ad",
    "tokens",
]
