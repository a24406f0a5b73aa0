"""Taxonomy: a validated, immutable collection of Concepts with a hierarchy, read and written as files.

Validation reports every problem at once: duplicate ids, labels shared by two concepts (unless
allowed, as ESCO needs), unknown broader ids, cycles and empty labels. File formats are in
:mod:`._formats`; the concept record in :mod:`._concept`.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import ValidationError

from .._files import JsonUnreadable, PathLike, parse_json, read_text
from .._params import Options, check_params
from .._writing import atomic_write
from ..errors import KerjaMatchError, Problem, ValidationProblems
from ..models import problems_from_error
from ._concept import Concept, label_key
from ._formats import CSV_COLUMNS, concepts_from_csv, esco_concepts, write_concepts_csv
from ._graph import find_cycles


class Taxonomy:
    """A validated, sized iterable of Concepts with a hierarchy.

    Parameters
    ----------
    concepts : iterable of Concept or mappings with Concept's fields
    name : str
        A name to show in summaries.
    shared_labels : {"error", "allow"}
        Whether one label may name two concepts. Curated taxonomies say "error"; ESCO itself has
        about 700 shared labels, so ``from_esco_csv`` allows them and ``by_label`` returns all owners.
    """

    def __init__(
        self,
        concepts: Iterable[Concept | Mapping[str, Any]],
        *,
        name: str = "taxonomy",
        shared_labels: Literal["error", "allow"] = "error",
    ) -> None:
        options = {"name": name, "shared_labels": shared_labels}
        check_params("Taxonomy", {"name": [str], "shared_labels": [Options(["error", "allow"])]}, options)
        self.name = name
        self.shared_labels = shared_labels
        #: What a loader changed on the way in (e.g. repeated rows merged), so nothing is lost silently.
        self.notes: list[str] = []
        problems: list[Problem] = []
        items: list[Concept] = []
        for position, item in enumerate(concepts, start=1):
            if isinstance(item, Concept):
                items.append(item)
                continue
            try:
                items.append(Concept.model_validate(item))
            except ValidationError as error:
                raw_id = item.get("id") if isinstance(item, Mapping) else None
                problems.extend(problems_from_error(error, f"concept {raw_id or f'#{position}'!r}", position))
        self._concepts: dict[str, Concept] = {}
        for concept in items:
            if concept.id in self._concepts:
                problems.append(Problem(f"concept {concept.id!r}", "id", "duplicate id", concept.id))
            else:
                self._concepts[concept.id] = concept
        self._by_label: dict[str, list[str]] = defaultdict(list)
        problems += self._index_labels()
        problems += self._check_broader()
        if problems:
            raise ValidationProblems(f"invalid taxonomy {name!r}", problems)
        self._depth_memo: dict[str, int] = {}
        self._children: dict[str, list[str]] = defaultdict(list)
        for concept in self._concepts.values():
            for parent in concept.broader:
                self._children[parent].append(concept.id)

    # -- validation -------------------------------------------------------------------------
    def _index_labels(self) -> list[Problem]:
        problems = []
        for concept in self._concepts.values():
            for text in (concept.label, *concept.labels.values(), *concept.alt_labels):
                if not label_key(text):
                    problems.append(Problem(f"concept {concept.id!r}", "labels", "empty label", text))
            for text in concept.all_labels():
                owners = self._by_label[label_key(text)]
                if owners and self.shared_labels == "error":
                    problems.append(
                        Problem(
                            f"concept {concept.id!r}",
                            "labels",
                            f"label {text!r} already names concept {owners[0]!r}",
                            text,
                        )
                    )
                owners.append(concept.id)
        return problems

    def _check_broader(self) -> list[Problem]:
        problems = []
        for concept in self._concepts.values():
            for parent in concept.broader:
                if parent not in self._concepts:
                    problems.append(
                        Problem(f"concept {concept.id!r}", "broader", "unknown broader concept id", parent)
                    )
                elif parent == concept.id:
                    problems.append(
                        Problem(f"concept {concept.id!r}", "broader", "is its own broader", parent)
                    )
        if problems:
            return problems
        for cycle in find_cycles({c.id: c.broader for c in self._concepts.values()}):
            path = " -> ".join([*cycle, cycle[0]])
            problems.append(Problem(f"concept {cycle[0]!r}", "broader", f"cycle: {path}", cycle))
        return problems

    # -- the collection ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self._concepts.values())

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._concepts

    def __repr__(self) -> str:
        return f"Taxonomy(name={self.name!r}, concepts={len(self)})"

    @property
    def ids(self) -> list[str]:
        """Concept ids in taxonomy order."""
        return list(self._concepts)

    def get(self, concept_id: str) -> Concept:
        """The concept with this id; a KerjaMatchError naming the id when there is none."""
        try:
            return self._concepts[concept_id]
        except KeyError:
            raise KerjaMatchError(f"taxonomy {self.name!r}: no concept with id {concept_id!r}") from None

    def by_label(self, label: str) -> list[Concept]:
        """Concepts that carry ``label`` exactly (ignoring case and spacing)."""
        return [self._concepts[i] for i in self._by_label.get(label_key(label), ())]

    def parents(self, concept_id: str) -> list[str]:
        """Ids of the direct broader concepts."""
        return list(self.get(concept_id).broader)

    def children(self, concept_id: str) -> list[str]:
        """Ids of the direct narrower concepts."""
        self.get(concept_id)
        return list(self._children.get(concept_id, ()))

    def ancestors(self, concept_id: str) -> list[str]:
        """Ids of every broader concept, nearest first (breadth-first), without repeats."""
        return self._walk(concept_id, lambda c: self._concepts[c].broader)

    def descendants(self, concept_id: str) -> list[str]:
        """Ids of every narrower concept, nearest first (breadth-first), without repeats."""
        return self._walk(concept_id, lambda c: self._children.get(c, ()))

    def _walk(self, concept_id: str, step: Any) -> list[str]:
        self.get(concept_id)
        seen: dict[str, None] = {}
        frontier = [concept_id]
        while frontier:
            following = []
            for node in frontier:
                for nxt in step(node):
                    if nxt not in seen and nxt != concept_id:
                        seen[nxt] = None
                        following.append(nxt)
            frontier = following
        return list(seen)

    def roots(self) -> list[str]:
        """Ids of concepts with no broader concept."""
        return [c.id for c in self if not c.broader]

    def summary(self) -> dict[str, int]:
        """Counts a person checks first: concepts, hard, soft, groups, labels, roots, depth."""
        return {
            "concepts": len(self),
            "hard": sum(c.kind == "hard" and not c.group for c in self),
            "soft": sum(c.kind == "soft" for c in self),
            "groups": sum(c.group for c in self),
            "labels": sum(len(c.all_labels()) for c in self),
            "roots": len(self.roots()),
            "max_depth": max((self.depth(c.id) for c in self), default=0),
        }

    def depth(self, concept_id: str) -> int:
        """Levels on the longest path up to a root: a root is 1, its child 2, and so on."""
        memo = self._depth_memo
        if concept_id not in memo:
            pending = [concept_id]
            while pending:  # iterative, since ESCO chains are deep; the hierarchy is acyclic
                node = pending[-1]
                waiting = [p for p in self.get(node).broader if p not in memo]
                if waiting:
                    pending.extend(waiting)
                    continue
                memo[node] = 1 + max((memo[p] for p in self._concepts[node].broader), default=0)
                pending.pop()
        return memo[concept_id]

    # -- combining --------------------------------------------------------------------------
    def extend(self, other: Taxonomy | Iterable[Concept], *, name: str | None = None) -> Taxonomy:
        """A new taxonomy with the concepts of both; an id in both must be the same concept.

        To fold a foreign taxonomy's concepts into existing ones (merging labels), align them first
        with ``SkillNormalizer.crosswalk`` and apply the crosswalk with ``merge``.
        """
        combined = dict(self._concepts)
        problems = []
        for concept in other:
            if concept.id in combined and combined[concept.id] != concept:
                problems.append(
                    Problem(
                        f"concept {concept.id!r}", "id", "exists in both taxonomies with other content", None
                    )
                )
            combined[concept.id] = concept
        if problems:
            raise ValidationProblems(f"cannot extend taxonomy {self.name!r}", problems)
        return Taxonomy(combined.values(), name=name or self.name, shared_labels=self.shared_labels)

    def merge(
        self, other: Taxonomy, mapping: Mapping[str, str | None], *, name: str | None = None
    ) -> Taxonomy:
        """Fold ``other`` into this taxonomy following ``mapping`` (other id -> own id, or None).

        A mapped concept gives its labels to the own concept as alternative labels (and its codes
        where the own concept has none); an unmapped one (None or absent) is added as a new concept,
        with broader links translated through the mapping. Labels that would then name two
        concepts are kept on the first owner only.
        """
        problems = [
            Problem(f"crosswalk row {other_id!r}", "target", "not a concept of this taxonomy", target)
            for other_id, target in mapping.items()
            if target is not None and target not in self._concepts
        ]
        problems += [
            Problem(f"crosswalk row {other_id!r}", "source", "not a concept of the other taxonomy", other_id)
            for other_id in mapping
            if other_id not in other
        ]
        if problems:
            raise ValidationProblems("cannot merge taxonomies", problems)
        taken = {label_key(t) for c in self for t in c.all_labels()}
        extra_labels: dict[str, list[str]] = defaultdict(list)
        extra_codes: dict[str, dict[str, str]] = defaultdict(dict)
        added: list[Concept] = []
        for concept in other:
            target = mapping.get(concept.id)
            fresh = [t for t in concept.all_labels() if label_key(t) not in taken]
            taken.update(label_key(t) for t in fresh)
            if target is not None:
                extra_labels[target] += fresh
                extra_codes[target].update(concept.codes)
                continue
            broader = tuple(dict.fromkeys(mapping.get(p) or p for p in concept.broader))
            if not fresh:
                fresh = [f"{concept.label} ({concept.id})"]
            added.append(
                concept.model_copy(
                    update={
                        "label": fresh[0],
                        "alt_labels": tuple(fresh[1:]),
                        "labels": {},
                        "broader": broader,
                    }
                )
            )
        merged = [
            c.model_copy(
                update={
                    "alt_labels": (*c.alt_labels, *extra_labels[c.id]),
                    "codes": {**extra_codes[c.id], **c.codes},
                }
            )
            if c.id in extra_labels
            else c
            for c in self
        ]
        return Taxonomy([*merged, *added], name=name or self.name, shared_labels=self.shared_labels)

    # -- files ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"name", "concepts": [...]}``; ``from_dict`` reads it back."""
        return {
            "name": self.name,
            "shared_labels": self.shared_labels,
            "concepts": [c.model_dump(exclude_defaults=True) for c in self],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "dict") -> Taxonomy:
        """Build from the layout of ``to_dict`` (extra top-level keys such as "source" are kept out)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("concepts"), list):
            got = type(data).__name__ if not isinstance(data, Mapping) else sorted(data)
            raise KerjaMatchError(f"{source}: expected an object with a 'concepts' list, got {got}")
        return cls(
            data["concepts"],
            name=str(data.get("name", source)),
            shared_labels=data.get("shared_labels", "error"),
        )

    def to_json(self, path: PathLike | IO[str] | None = None) -> str:
        """Write JSON to ``path`` (a path or text file) and return the text."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
        if path is not None:
            if hasattr(path, "write"):
                path.write(text)
            else:
                with atomic_write(path) as stream:
                    stream.write(text)
        return text

    @classmethod
    def from_json(cls, path: PathLike | IO[str], *, encoding: str | None = None) -> Taxonomy:
        """Read a taxonomy written by ``to_json``; a broken file gives an error naming it."""
        # a path names itself in full; an open file by its name (Path.name would be the bare file name)
        source = (
            os.fspath(path)
            if isinstance(path, (str, os.PathLike))
            else getattr(path, "name", None) or "stream"
        )
        try:
            text = path.read() if hasattr(path, "read") else read_text(path, encoding=encoding)
            data = parse_json(text)  # too deep or too-long numbers: a clear error, not a crash
        except JsonUnreadable as error:
            raise KerjaMatchError(
                f"{source}: {error.reason} (line {error.line}, column {error.column})"
            ) from None
        if isinstance(data, Mapping) and data.get("concepts") == []:
            raise KerjaMatchError(f"{source}: the file holds no concepts")
        return cls.from_dict(data, source=source)

    CSV_COLUMNS = CSV_COLUMNS

    def to_csv(self, path: PathLike) -> None:
        """Write the plain CSV layout (``CSV_COLUMNS``): one concept a row, lists joined by ' | '."""
        write_concepts_csv(self, path)

    @classmethod
    def from_csv(cls, path: PathLike, *, name: str | None = None, encoding: str | None = None) -> Taxonomy:
        """Read the plain CSV layout: columns ``id,label`` required, the rest of ``CSV_COLUMNS`` optional."""
        return cls(concepts_from_csv(path, encoding=encoding), name=name or Path(path).stem)

    @classmethod
    def from_esco_csv(
        cls,
        skills_csv: PathLike,
        broader_csv: PathLike | None = None,
        *,
        name: str = "ESCO skills",
        encoding: str | None = None,
    ) -> Taxonomy:
        """Read the ESCO skills CSV layout, and optionally its broader-relations file.

        ``skills_csv`` has columns conceptUri, preferredLabel, altLabels (newline-separated) and
        skillType ("knowledge" is kept as a hard skill; a transversal skill as soft only when ESCO
        says so in skillType). With ``broader_csv`` (conceptUri, broaderUri, ...), relations between
        loaded concepts become ``broader`` links, and ESCO skill groups they point to are added as
        ``group`` concepts; the files carry no labels for groups, so a group is labelled by its URI.
        """
        concepts, notes = esco_concepts(skills_csv, broader_csv, encoding=encoding)
        taxonomy = cls(concepts, name=name, shared_labels="allow")
        taxonomy.notes = notes
        return taxonomy
