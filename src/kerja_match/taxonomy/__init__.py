"""Taxonomies: concepts with labels in Indonesian and English, a hierarchy, file formats (JSON, CSV, ESCO)."""

from ._concept import ESCO_GROUP_PREFIX, Concept, label_key
from ._graph import find_cycles
from ._taxonomy import Taxonomy

__all__ = ["ESCO_GROUP_PREFIX", "Concept", "Taxonomy", "find_cycles", "label_key"]
