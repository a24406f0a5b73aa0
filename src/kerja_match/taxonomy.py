"""Concepts and taxonomies: labels in Indonesian and English, a hierarchy, loaders and writers.

A Taxonomy is an immutable, validated collection of Concepts. Validation reports every problem at
once: duplicate ids, labels shared by two concepts (unless allowed, as ESCO needs), unknown broader
ids, cycles and empty labels.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import KerjaMatchError, Problem, ValidationProblems
from .models import problems_from_error

PathLike = str | os.PathLike[str]
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
        if shared_labels not in ("error", "allow"):
            raise KerjaMatchError(f"shared_labels must be 'error' or 'allow', got {shared_labels!r}")
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

    # -- JSON -------------------------------------------------------------------------------
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
                Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_json(cls, path: PathLike | IO[str]) -> Taxonomy:
        """Read a taxonomy written by ``to_json``; a broken file gives an error naming it."""
        # a path names itself in full; an open file by its name (Path.name would be the bare file name)
        source = (
            os.fspath(path)
            if isinstance(path, (str, os.PathLike))
            else getattr(path, "name", None) or "stream"
        )
        try:
            text = path.read() if hasattr(path, "read") else _read_text(Path(path))
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise KerjaMatchError(f"{source}: not valid JSON ({error.msg} at line {error.lineno})") from None
        if isinstance(data, Mapping) and data.get("concepts") == []:
            raise KerjaMatchError(f"{source}: the file holds no concepts")
        return cls.from_dict(data, source=source)

    # -- CSV --------------------------------------------------------------------------------
    #: Columns of the plain CSV layout; lists are separated by " | ".
    CSV_COLUMNS = ("id", "label", "label_id", "label_en", "alt_labels", "kind", "broader", "codes", "group")

    def to_csv(self, path: PathLike) -> None:
        """Write the plain CSV layout (``CSV_COLUMNS``): one concept a row, lists joined by ' | '."""
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(self.CSV_COLUMNS)
            for c in self:
                codes = " | ".join(f"{k}={v}" for k, v in c.codes.items())
                row = [
                    c.id,
                    c.label,
                    c.labels.get("id", ""),
                    c.labels.get("en", ""),
                    " | ".join(c.alt_labels),
                ]
                writer.writerow([*row, c.kind, " | ".join(c.broader), codes, "1" if c.group else ""])

    @classmethod
    def from_csv(cls, path: PathLike, *, name: str | None = None) -> Taxonomy:
        """Read the plain CSV layout: columns ``id,label`` required, the rest of ``CSV_COLUMNS`` optional."""
        rows = _read_csv(Path(path), required=("id", "label"))
        if not rows:
            raise KerjaMatchError(f"{path}: the file holds no concepts, only a header")

        def split(cell: str | None) -> tuple[str, ...]:
            return tuple(part.strip() for part in (cell or "").split("|") if part.strip())

        concepts = []
        for row in rows:
            labels = {lang: row[f"label_{lang}"] for lang in ("id", "en") if row.get(f"label_{lang}")}
            codes = dict(part.split("=", 1) for part in split(row.get("codes")) if "=" in part)
            concepts.append(
                {
                    "id": row["id"],
                    "label": row["label"],
                    "labels": labels,
                    "alt_labels": split(row.get("alt_labels")),
                    "kind": row.get("kind") or "hard",
                    "broader": split(row.get("broader")),
                    "codes": codes,
                    "group": (row.get("group") or "").strip().lower() in ("1", "true", "yes"),
                }
            )
        return cls(concepts, name=name or Path(path).stem)

    @classmethod
    def from_esco_csv(
        cls, skills_csv: PathLike, broader_csv: PathLike | None = None, *, name: str = "ESCO skills"
    ) -> Taxonomy:
        """Read the ESCO skills CSV layout, and optionally its broader-relations file.

        ``skills_csv`` has columns conceptUri, preferredLabel, altLabels (newline-separated) and
        skillType ("knowledge" is kept as a hard skill; a transversal skill as soft only when ESCO
        says so in skillType). With ``broader_csv`` (conceptUri, broaderUri, ...), relations between
        loaded concepts become ``broader`` links, and ESCO skill groups they point to are added as
        ``group`` concepts; the files carry no labels for groups, so a group is labelled by its URI.
        """
        rows = _read_csv(Path(skills_csv), required=("conceptUri", "preferredLabel"))
        if not rows:
            raise KerjaMatchError(f"{skills_csv}: the file holds no skills, only a header")
        broader: dict[str, list[str]] = defaultdict(list)
        groups: dict[str, None] = {}
        if broader_csv is not None:
            known = {row["conceptUri"] for row in rows}
            for rel in _read_csv(Path(broader_csv), required=("conceptUri", "broaderUri")):
                child, parent = rel["conceptUri"], rel["broaderUri"]
                if child in known or child in groups or "SkillGroup" in (rel.get("conceptType") or ""):
                    broader[child].append(parent)
                    if parent not in known:
                        groups[parent] = None
                    if child not in known:
                        groups[child] = None
        concepts: dict[str, dict[str, Any]] = {}
        repeated = 0
        for row in rows:
            uri = row["conceptUri"]
            alt = [t.strip() for t in (row.get("altLabels") or "").split("\n") if t.strip()]
            if uri in concepts:  # a URI on two rows (joined ESCO versions): keep every label
                repeated += 1
                first = concepts[uri]
                first["alt_labels"] = tuple(
                    dict.fromkeys([*first["alt_labels"], row["preferredLabel"], *alt])
                )
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
        taxonomy = cls(concepts.values(), name=name, shared_labels="allow")
        taxonomy.notes = notes
        return taxonomy


def find_cycles(links: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Cycles of a directed graph given as node -> linked nodes, one per back edge found.

    An iterative depth-first search in the mapping's order (deep hierarchies such as ESCO's would
    overflow recursion); a cycle is listed from the node it closes on. Links to unknown nodes are
    ignored: callers report those separately.
    """
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    cycles: list[list[str]] = []
    for start in links:
        if start in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(links[start]))]
        state[start] = 1
        while stack:
            node, rest = stack[-1]
            nxt = next(rest, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                path = [n for n, _ in stack]
                cycles.append(path[path.index(nxt) :])
            elif nxt not in state and nxt in links:
                state[nxt] = 1
                stack.append((nxt, iter(links[nxt])))
    return cycles


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise KerjaMatchError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise KerjaMatchError(
            f"{path}: expected UTF-8 text, got byte 0x{error.object[error.start]:02x} at offset {error.start}"
        ) from None


def _read_csv(path: Path, *, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV (BOM allowed) as dicts; an error names the file and the missing columns.

    A quote never closed, or a last line shorter than the header without a line break after it,
    is what a file cut short looks like: both are errors rather than a silently shorter taxonomy.
    """
    text = _read_text(path)
    # newline="": only \r and \n end a row (str.splitlines would also split at U+2028, U+0085 ...)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            raise KerjaMatchError(
                f"{path}: expected columns {list(required)}, missing {missing}; got {reader.fieldnames}"
            )
        rows, short = [], False
        for row in reader:
            if None in row:
                raise KerjaMatchError(f"{path}: line {reader.line_num} has more cells than the header")
            rows.append({k: (v if v is not None else "") for k, v in row.items()})
            short = any(v is None for v in row.values())
    except csv.Error as error:
        raise KerjaMatchError(
            f"{path}: line {reader.line_num}: broken CSV quoting ({error}); the file may be truncated"
        ) from None
    if rows and short and not text.endswith(("\n", "\r")):
        raise KerjaMatchError(
            f"{path}: the last line ({reader.line_num}) has fewer cells than the header and no line break "
            "after it: the file looks truncated"
        )
    return rows
