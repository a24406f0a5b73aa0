"""Compatibility path: the text rules live in :mod:`kerja_match.normalize` (``canonical``, ``tokens``)."""

from .normalize._text import MAX_PHRASE_LENGTH, canonical, tokens

__all__ = ["MAX_PHRASE_LENGTH", "canonical", "tokens"]
