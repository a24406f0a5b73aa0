"""A real, if plain, normaliser for tests: exact label look-up that records every call's phrases."""

from __future__ import annotations

from dataclasses import dataclass

from kerja_match.taxonomy import Taxonomy


@dataclass(frozen=True)
class Match:
    concept_id: str | None
    score: float


class LabelNormalizer:
    """Resolves a phrase to the concept carrying it as a label (score 0.9), else abstains."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.calls: list[list[str]] = []

    def match(self, phrases: list[str]) -> list[Match]:
        self.calls.append(list(phrases))
        found = [self.taxonomy.by_label(p) for p in phrases]
        return [Match(f[0].id, 0.9) if f else Match(None, 0.0) for f in found]

    def resolve(self, phrase: str) -> str | None:
        """The concept a skill string stands for: itself when it is an id, else its label's owner."""
        if phrase in self.taxonomy:
            return phrase
        found = self.taxonomy.by_label(phrase)
        return found[0].id if found else None
