"""Compatibility path: Dask-partitioned scoring lives in :mod:`kerja_match.scoring.distributed`."""

from .scoring.distributed import shortlist, top_k

__all__ = ["shortlist", "top_k"]
