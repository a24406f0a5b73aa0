"""Crosswalk: align the concepts of another taxonomy onto the fitted one, as a table people can edit.

Every label of every concept of the other taxonomy goes through the normaliser; a concept's
evidence for a target is the best score any of its labels gives that target, and the targets that
several of its labels agree on rank first among equals. A concept whose best evidence is below the
normaliser's ``score_cutoff`` is listed as unmatched (target None), so ``Taxonomy.merge`` adds it
as a new concept. Save with ``to_csv``, review and edit the ``target_id`` column, read back with
``from_csv`` and apply with ``Taxonomy.merge(other, crosswalk.mapping())``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .._files import read_csv_dicts
from .._params import HasMethods, Interval, check_params
from .._writing import write_csv
from ..errors import Problem, ValidationProblems, require_extra
from ..taxonomy import Taxonomy

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Crosswalk", "CrosswalkRow"]

PathLike = str | os.PathLike[str]
CSV_COLUMNS = ("source_id", "source_label", "target_id", "target_label", "confidence", "alternatives")


@dataclass(frozen=True)
class CrosswalkRow:
    """One concept of the other taxonomy and where it lands (``target_id`` None: unmatched)."""

    source_id: str
    source_label: str
    target_id: str | None
    target_label: str | None
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()


class Crosswalk:
    """A reviewable table from the concepts of one taxonomy to those of another.

    ``rows`` has one CrosswalkRow per concept of the other taxonomy, in its order.
    """

    def __init__(self, rows: list[CrosswalkRow]) -> None:
        seen: set[str] = set()
        problems = []
        for position, row in enumerate(rows, start=1):
            if row.source_id in seen:
                problems.append(
                    Problem(
                        f"crosswalk row {row.source_id!r}", "source_id", "repeated", row.source_id, position
                    )
                )
            seen.add(row.source_id)
            if not 0.0 <= row.confidence <= 1.0:
                problems.append(
                    Problem(
                        f"crosswalk row {row.source_id!r}",
                        "confidence",
                        "must be in [0, 1]",
                        row.confidence,
                        position,
                    )
                )
        if problems:
            raise ValidationProblems("invalid crosswalk", problems)
        self.rows: tuple[CrosswalkRow, ...] = tuple(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"Crosswalk(rows={len(self)}, matched={len(self.rows) - len(self.unmatched())})"

    def mapping(self) -> dict[str, str | None]:
        """Other concept id -> own concept id (None: unmatched), the argument of ``Taxonomy.merge``."""
        return {row.source_id: row.target_id for row in self.rows}

    def unmatched(self) -> list[CrosswalkRow]:
        """Rows without a target: concepts the fitted taxonomy lacks."""
        return [row for row in self.rows if row.target_id is None]

    def to_csv(self, path: PathLike) -> None:
        """Write the table (CSV_COLUMNS; alternatives as ``id=score | id=score``) for review."""
        rows = (
            (
                row.source_id,
                row.source_label,
                row.target_id or "",
                row.target_label or "",
                f"{row.confidence:.4f}",
                " | ".join(f"{cid}={score:.4f}" for cid, score in row.alternatives),
            )
            for row in self.rows
        )
        write_csv(path, CSV_COLUMNS, rows)

    @classmethod
    def from_csv(cls, path: PathLike, *, encoding: str | None = None) -> Crosswalk:
        """Read a table written by ``to_csv`` and perhaps edited; an empty target_id is unmatched.

        Every bad row is reported at once, with its line number.
        """
        rows, problems = [], []
        table = read_csv_dicts(path, required=("source_id", "target_id"), encoding=encoding)
        for line, record in enumerate(table, start=2):
            source = record["source_id"].strip()
            where = f"crosswalk row {source or f'line {line}'!r}"
            try:
                confidence = float(record.get("confidence") or 0.0)
                alternatives = tuple(
                    _parse_alternative(part)
                    for part in (record.get("alternatives") or "").split("|")
                    if part.strip()
                )
            except ValueError as error:
                problems.append(Problem(where, "confidence/alternatives", str(error), None, line))
                continue
            if not source:
                problems.append(Problem(where, "source_id", "must not be empty", source, line))
                continue
            target = record["target_id"].strip() or None
            rows.append(
                CrosswalkRow(
                    source,
                    record.get("source_label", ""),
                    target,
                    record.get("target_label") or None,
                    confidence,
                    alternatives,
                )
            )
        if problems:
            raise ValidationProblems(f"cannot read crosswalk {path}", problems)
        return cls(rows)

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame (needs pandas: ``pip install "kerja-match[pandas]"``)."""
        pd = require_extra("pandas", "pandas")
        records: list[dict[str, Any]] = [
            {
                "source_id": r.source_id,
                "source_label": r.source_label,
                "target_id": r.target_id,
                "target_label": r.target_label,
                "confidence": r.confidence,
                "alternatives": " | ".join(f"{cid}={score:.4f}" for cid, score in r.alternatives),
            }
            for r in self.rows
        ]
        return pd.DataFrame(records, columns=list(CSV_COLUMNS))


def _parse_alternative(text: str) -> tuple[str, float]:
    concept_id, sep, score = text.strip().rpartition("=")
    if not sep or not concept_id:
        raise ValueError(f"expected 'id=score' in alternatives, got {text.strip()!r}")
    return concept_id, float(score)


class FittedNormalizer(Protocol):
    """What a crosswalk needs of a normaliser: a fitted one, its cutoff and taxonomy."""

    score_cutoff: float
    taxonomy_: Taxonomy

    def match(self, phrases: list[str]) -> list[Any]: ...


CROSSWALK_OPTIONS: dict[str, list[Any]] = {
    "normalizer": [HasMethods("match")],
    "other": [Taxonomy],
    "n_alternatives": [Interval("int", 0)],
}


def build_crosswalk(normalizer: FittedNormalizer, other: Taxonomy, *, n_alternatives: int = 3) -> Crosswalk:
    """Match every label of every non-group concept of ``other`` with ``normalizer`` (fitted) and
    keep, per concept, the target with the best label score; ties go to the target more of its
    labels point at, then to the lower concept id."""
    options = {"normalizer": normalizer, "other": other, "n_alternatives": n_alternatives}
    check_params("build_crosswalk", CROSSWALK_OPTIONS, options)
    concepts = [c for c in other if not c.group]
    labels = [(c.id, text) for c in concepts for text in c.all_labels()]
    matches = normalizer.match([text for _, text in labels])
    best: dict[str, dict[str, float]] = defaultdict(dict)
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (source, _), match in zip(labels, matches, strict=False):
        if match.concept_id is None and not match.alternatives:
            continue
        candidates = [(match.concept_id, match.score)] if match.concept_id else []
        for candidate, score in (*candidates, *match.alternatives):
            if candidate is None:
                continue
            best[source][candidate] = max(best[source].get(candidate, 0.0), score)
        if match.concept_id:
            votes[source][match.concept_id] += 1
    rows = []
    for concept in concepts:
        ranked = sorted(best[concept.id].items(), key=lambda kv: (-kv[1], -votes[concept.id][kv[0]], kv[0]))
        top_id, top_score = ranked[0] if ranked else ("", 0.0)
        target = top_id if ranked and top_score >= normalizer.score_cutoff else None
        alternatives = tuple(
            (cid, round(score, 6)) for cid, score in ranked[1 if target else 0 :][:n_alternatives]
        )
        target_label = normalizer.taxonomy_.get(target).label if target else None
        rows.append(
            CrosswalkRow(concept.id, concept.label, target, target_label, round(top_score, 6), alternatives)
        )
    return Crosswalk(rows)
