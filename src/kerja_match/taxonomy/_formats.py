"""Taxonomy file formats: the plain CSV layout and the ESCO skills CSV, read to concept rows and written.

Readers return plain concept mappings (and notes); :class:`~kerja_match.taxonomy.Taxonomy` validates
them, so every problem of a file is reported at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .._files import PathLike, read_csv_dicts
from .._writing import write_csv
from ..errors import KerjaMatchError
from ._concept import ESCO_GROUP_PREFIX, Concept

#: Columns of the plain CSV layout; lists are separated by " | ".
CSV_COLUMNS = ("id", "label", "label_id", "label_en", "alt_labels", "kind", "broader", "codes", "group")


def write_concepts_csv(concepts: Iterable[Concept], path: PathLike) -> None:
    """Write the plain CSV layout (``CSV_COLUMNS``): one concept a row, lists joined by ' | '."""
    write_csv(path, CSV_COLUMNS, (_concept_row(c) for c in concepts))


def _concept_row(c: Concept) -> list[str]:
    codes = " | ".join(f"{k}={v}" for k, v in c.codes.items())
    row = [c.id, c.label, c.labels.get("id", ""), c.labels.get("en", ""), " | ".join(c.alt_labels)]
    return [*row, c.kind, " | ".join(c.broader), codes, "1" if c.group else ""]


def concepts_from_csv(path: PathLike, *, encoding: str | None = None) -> list[dict[str, Any]]:
    """Concept rows of the plain CSV layout: columns ``id,label`` required, the rest optional."""
    rows = read_csv_dicts(path, required=("id", "label"), encoding=encoding)
    if not rows:
        raise KerjaMatchError(f"{path}: the file holds no concepts, only a header")
    concepts = []
    for row in rows:
        labels = {lang: row[f"label_{lang}"] for lang in ("id", "en") if row.get(f"label_{lang}")}
        codes = dict(part.split("=", 1) for part in _split(row.get("codes")) if "=" in part)
        concepts.append(
            {
                "id": row["id"],
                "label": row["label"],
                "labels": labels,
                "alt_labels": _split(row.get("alt_labels")),
                "kind": row.get("kind") or "hard",
                "broader": _split(row.get("broader")),
                "codes": codes,
                "group": (row.get("group") or "").strip().lower() in ("1", "true", "yes"),
            }
        )
    return concepts


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def esco_concepts(
    skills_csv: PathLike, broader_csv: PathLike | None = None, *, encoding: str | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Concept rows of the ESCO skills CSV (and its broader relations), and notes on what was merged.

    See :meth:`Taxonomy.from_esco_csv` for the layout and what becomes of skill groups.
    """
    rows = read_csv_dicts(skills_csv, required=("conceptUri", "preferredLabel"), encoding=encoding)
    if not rows:
        raise KerjaMatchError(f"{skills_csv}: the file holds no skills, only a header")
    known = {row["conceptUri"] for row in rows}
    broader, groups = _esco_broader(broader_csv, known, encoding) if broader_csv is not None else ({}, {})
    concepts: dict[str, dict[str, Any]] = {}
    repeated = 0
    for row in rows:
        uri = row["conceptUri"]
        alt = [t.strip() for t in (row.get("altLabels") or "").split("\n") if t.strip()]
        if uri in concepts:  # a URI on two rows (joined ESCO versions): keep every label
            repeated += 1
            first = concepts[uri]
            first["alt_labels"] = tuple(dict.fromkeys([*first["alt_labels"], row["preferredLabel"], *alt]))
            continue
        skill_type = (row.get("skillType") or "").strip()
        concepts[uri] = {
            "id": uri,
            "label": row["preferredLabel"],
            "labels": {"en": row["preferredLabel"]},
            "alt_labels": tuple(alt),
            "kind": "soft" if "transversal" in skill_type else "hard",
            "broader": tuple(dict.fromkeys(broader.get(uri, ()))),
            "codes": {"esco": uri},
        }
    notes = [f"{repeated} row(s) repeat a conceptUri; their labels were merged"] if repeated else []
    for uri in groups:
        concepts[uri] = {
            "id": uri,
            "label": ESCO_GROUP_PREFIX + uri,
            "broader": tuple(dict.fromkeys(broader.get(uri, ()))),
            "codes": {"esco": uri},
            "group": True,
        }
    return list(concepts.values()), notes


def _esco_broader(
    path: PathLike, known: set[str], encoding: str | None
) -> tuple[dict[str, list[str]], dict[str, None]]:
    """Broader links among loaded skills and the skill groups they reach (groups carry no labels)."""
    broader: dict[str, list[str]] = defaultdict(list)
    groups: dict[str, None] = {}
    for rel in read_csv_dicts(path, required=("conceptUri", "broaderUri"), encoding=encoding):
        child, parent = rel["conceptUri"], rel["broaderUri"]
        if child in known or child in groups or "SkillGroup" in (rel.get("conceptType") or ""):
            broader[child].append(parent)
            if parent not in known:
                groups[parent] = None
            if child not in known:
                groups[child] = None
    return broader, groups
