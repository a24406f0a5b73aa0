"""Concept: one skill (or a grouping of skills) of a taxonomy, with labels in Indonesian and English."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ESCO_GROUP_PREFIX = "ESCO skill group "


class Concept(BaseModel):
    """One skill (or a grouping of skills) of a taxonomy.

    ``label`` is the preferred label; ``labels`` holds preferred labels by language (``"id"``,
    ``"en"``); ``alt_labels`` what else people write; ``broader`` the ids of parent concepts;
    ``codes`` external references (``"skkni"``, ``"kbji2014"``, ``"esco"``). A ``group`` concept
    structures the hierarchy but is not itself a skill to match (ESCO skill groups without labels).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=500)
    label: str = Field(min_length=1, max_length=1000)
    alt_labels: tuple[str, ...] = ()
    kind: Literal["hard", "soft"] = "hard"
    broader: tuple[str, ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)
    codes: dict[str, str] = Field(default_factory=dict)
    description: str = ""
    group: bool = False

    def all_labels(self) -> tuple[str, ...]:
        """The preferred label, the per-language labels and the alternative labels, without repeats."""
        seen: dict[str, str] = {}
        for text in (self.label, *self.labels.values(), *self.alt_labels):
            key = label_key(text)
            if key and key not in seen:
                seen[key] = text
        return tuple(seen.values())

    def label_in(self, language: str) -> str:
        """The preferred label in ``language`` ("id" or "en"), falling back to ``label``."""
        return self.labels.get(language, self.label)


def label_key(text: str) -> str:
    """The key exact label lookup uses: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())
