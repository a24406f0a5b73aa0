"""Fit scoring: weighted skills with levels and evidence, soft skills, locality; explainable, vectorised.

:class:`FitScorer` encodes the vacancies once (:mod:`._encoding`); ``score`` explains one pair
(:mod:`._pair`); ``score_matrix``, ``top_k`` and ``shortlist`` score candidates block by block
(:mod:`._topk` keeps the best). Scaling out on Dask: :mod:`kerja_match.scoring.distributed`.
"""

from ._results import ExplainRow, FitResult, SkillGap
from ._scorer import FitScorer
from ._topk import TopK
from ._weights import ScoringWeights

__all__ = ["ExplainRow", "FitResult", "FitScorer", "ScoringWeights", "SkillGap", "TopK"]
