"""Parts of a long skill phrase: enumerations and labels named inside a longer phrase.

A job-ad bullet often names several skills ("Menguasai Ms. Office (Excel, Word)", "komunikasi,
kerja sama dan disiplin") or wraps one label in words that say nothing ("Memahami sistem FEFO").
Scored as a whole, such a phrase matches no label well and either abstains or lands on a concept
that shares one word. This stage reads the parts:

- :func:`phrase_parts` cuts a phrase at enumeration marks (commas, "dan/serta/atau", "/", "&",
  parentheses, "seperti/such as");
- :func:`contained_labels` finds the longest runs of words of a canonical form that are a whole
  label of the taxonomy (the most specific label wins over a shorter one inside it: "las listrik"
  over "listrik");
- :func:`choose` decides between the whole phrase and its parts: a part that is a whole label,
  first named first (the convention of job ads and of the labelled data: the first skill named is
  the one asked for), else the whole phrase, else the best part.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["PARTS_BELOW", "PART_DISCOUNT", "Candidate", "choose", "contained_labels", "phrase_parts"]

#: A part chosen over its whole phrase scores this share of its own score: the rest of the phrase
#: was not read, so the estimate is less sure (calibrated on the real dev set, docs/normalizer.md).
PART_DISCOUNT = 0.9
#: Parts are read only for a phrase whose whole scores below this: a phrase the ranker already
#: places well is a label-like phrase (ESCO's own labels "apply health and safety standards"
#: hold "and" too), and its parts name other concepts.
PARTS_BELOW = 0.5
#: A whole phrase scored at least this keeps its concept against a one-word label inside it.
SURE = 0.8
#: A part that is not a label decides only from this score up (after the discount): below it,
#: parts matched on one shared word are right about one time in five on the real dev set.
PART_CUTOFF = 0.6
#: Most parts read per phrase (enumerations longer than this are rare and slow nothing down).
MAX_PARTS = 8
#: Longest run of words looked up as a label inside a phrase.
MAX_WINDOW = 5

_PART_BREAK = re.compile(
    r"\s*(?:[,;:/&()\[\]+]|\s-\s|\b(?:dan|serta|atau|maupun|ataupun|and|or|seperti|misalnya|termasuk|"
    r"khususnya|terutama|antara\s+lain|such\s+as|including|e\.g\.|like|plus|dll|etc)\b)\s*",
    re.IGNORECASE,
)


def phrase_parts(phrase: str) -> list[str]:
    """The enumerated parts of ``phrase`` in order (at most MAX_PARTS); [] when it has one part."""
    parts = [p.strip(" .-") for p in _PART_BREAK.split(phrase)]
    parts = [p for p in parts if p and any(ch.isalnum() for ch in p)]
    return parts[:MAX_PARTS] if len(parts) > 1 else []


def contained_labels(form: str, exact: Mapping[str, tuple[int, ...]]) -> list[tuple[int, str]]:
    """(first word, label form) of the runs of words of the canonical ``form`` that are a whole
    label, longest first then earliest; a run inside a longer run found is skipped. [] when
    ``form`` itself is a label."""
    words = form.split()
    if form in exact or len(words) < 2:
        return []
    found: list[tuple[int, int]] = []
    for size in range(min(MAX_WINDOW, len(words) - 1), 0, -1):
        for start in range(len(words) - size + 1):
            end = start + size
            if any(s <= start and end <= e for s, e in found):
                continue
            if " ".join(words[start:end]) in exact:
                found.append((start, end))
    found.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
    return [(s, " ".join(words[s:e])) for s, e in found]


@dataclass(frozen=True)
class Candidate:
    """One reading of a phrase: its canonical form, its place in the phrase (0 = the whole phrase,
    then parts in order), whether it is a whole label, its best concepts and their scores."""

    form: str
    order: float
    exact: bool
    concepts: tuple[int, ...]
    scores: tuple[float, ...]
    words: int


def choose(whole: Candidate | None, parts: list[Candidate], cutoff: float) -> Candidate | None:
    """The reading that decides, or None to keep ``whole``.

    1. The whole phrase is a label: it stands.
    2. Else the first part (in phrase order; the longest label within a part) that is a whole
       label, unless the whole phrase scores SURE and the label is one word; its scores are
       discounted by PART_DISCOUNT.
    3. Else the whole phrase when it reaches ``cutoff``.
    4. Else the best-scoring part that reaches ``cutoff`` and PART_CUTOFF (discounted).
    """
    if whole is not None and whole.exact:
        return None
    whole_score = whole.scores[0] if whole is not None and whole.scores else 0.0
    labelled = [p for p in parts if p.exact and p.concepts and (p.words > 1 or whole_score < SURE)]
    if labelled:
        best = min(labelled, key=lambda p: (int(p.order), -p.words, p.order))
        return _discounted(best)
    if whole_score >= cutoff:
        return None
    scored = [p for p in parts if p.scores and p.scores[0] * PART_DISCOUNT >= max(cutoff, PART_CUTOFF)]
    if not scored:
        return None
    best = max(scored, key=lambda p: (p.scores[0], -p.order))
    return _discounted(best) if best.scores[0] * PART_DISCOUNT > whole_score else None


def _discounted(part: Candidate) -> Candidate:
    return Candidate(
        part.form,
        part.order,
        part.exact,
        part.concepts,
        tuple(s * PART_DISCOUNT for s in part.scores),
        part.words,
    )
