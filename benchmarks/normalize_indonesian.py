"""How the normaliser generalises on Indonesian/English skill phrases, beyond the dev file.

Three sets, each scored like ../shared/eval/eval_normalizer.py (B-cubed precision/recall/F1 of
"mapped to the same concept" against the clusters, an abstention being a cluster of its own;
coverage = share of skill phrases mapped at all; non-skills abstained = share of ``__none__`` rows
that got no concept):

* ``dev``: ../shared/data/indonesian_skill_clusters_dev.tsv against ``default_taxonomy()``. Most of
  its phrases are labels of the bundled taxonomy, so this figure is close to 1 by construction;
* ``ablation``: the same phrases against the taxonomy with every label whose ``canonical()`` equals
  the ``canonical()`` of a dev phrase removed (a concept whose every label goes keeps its id as its
  label, with the dots read as spaces). A fair proxy of the held-out twin with other phrasings,
  and a harsh one: the more phrasings ``canonical()`` merges, the more labels go with each dev
  phrase (``bertanggung jawab``, ``rasa tanggung jawab`` and ``tanggungjawab`` all go with
  ``tanggung jawab``);
* ``ablation_literal``: the same, removing only labels equal to a dev phrase up to case and
  spaces (``taxonomy.label_key``): the labels that were copied from the dev file, no more;
* ``probe``: benchmarks/data/indonesian_probe.tsv, phrasings of the same clusters as people write
  them in job ads and CVs (abbreviations, slang, typos, fillers, mixed languages) and non-skills
  (pay, age, gender, marital status, documents, benefits), written before the normaliser was run
  on them and not tuned phrase by phrase.

    python benchmarks/normalize_indonesian.py [--size tiny|small|full] [--misses]

Every size runs the same small sets (a few seconds); ``--size`` is accepted for run_all.py.
Prints a table (``--misses``: every wrong row too), then one JSON line.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import emit_json, machine, print_table, size_parser
from kerja_match.datasets import default_taxonomy
from kerja_match.normalize import SkillNormalizer
from kerja_match.taxonomy import Concept, Taxonomy, label_key
from kerja_match.text import canonical
from normalize import bcubed

HERE = Path(__file__).resolve().parent
DEV = HERE.parents[1] / "shared" / "data" / "indonesian_skill_clusters_dev.tsv"
PROBE = HERE / "data" / "indonesian_probe.tsv"
NONE = "__none__"


def read_clusters(path: Path) -> list[tuple[str, str]]:
    """(cluster, phrase) rows of a TSV with columns ``cluster`` and ``phrase``."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [(row["cluster"], row["phrase"]) for row in csv.DictReader(handle, delimiter="\t")]


def ablated(
    taxonomy: Taxonomy, phrases: list[str], key: Callable[[str], str] = canonical
) -> tuple[Taxonomy, int]:
    """``taxonomy`` without any label whose ``key`` is that of one of ``phrases``; and how many
    labels went. The preferred label is replaced by the first surviving label."""
    banned = {key(p) for p in phrases} - {""}
    removed = 0
    concepts: list[Concept] = []
    for concept in taxonomy:
        kept = [text for text in concept.all_labels() if key(text) not in banned]
        removed += len(concept.all_labels()) - len(kept)
        label = kept[0] if kept else concept.id.replace(".", " ")
        languages = {lang: text for lang, text in concept.labels.items() if key(text) not in banned}
        concepts.append(
            concept.model_copy(update={"label": label, "labels": languages, "alt_labels": tuple(kept[1:])})
        )
    return Taxonomy(concepts, name=f"{taxonomy.name} (ablated)", shared_labels="allow"), removed


def scores(
    rows: list[tuple[str, str]], normalizer: SkillNormalizer, concept_of: dict[str, str | None]
) -> tuple[dict[str, Any], list[list[object]]]:
    """The figures of one set, and its wrong rows as (cluster, phrase, concept got, concept wanted).

    ``concept_of`` maps a cluster to the concept its dev phrases land on with the full taxonomy
    (B-cubed cannot see a cluster landing whole on a wrong concept; ``on_dev_concept`` can), or
    None for a cluster the dev file does not have; ``__none__`` wants None.
    """
    matches = normalizer.match([phrase for _, phrase in rows])
    predicted = [m.concept_id for m in matches]
    skills = [(g, p) for (g, _), p in zip(rows, predicted, strict=True) if g != NONE]
    nonskills = [p for (g, _), p in zip(rows, predicted, strict=True) if g == NONE]
    precision, recall = bcubed([g for g, _ in skills], [p for _, p in skills])
    misses: list[list[object]] = [
        [g, phrase, p, concept_of.get(g)]
        for (g, phrase), p in zip(rows, predicted, strict=True)
        if p != concept_of.get(g)
    ]
    figures = {
        "phrases": len(skills),
        "nonskills": len(nonskills),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "coverage": sum(p is not None for _, p in skills) / max(1, len(skills)),
        "nonskill_abstained": sum(p is None for p in nonskills) / max(1, len(nonskills)),
        "on_dev_concept": sum(p == concept_of.get(g) for g, p in skills) / max(1, len(skills)),
    }
    return figures, misses


def dev_concepts(rows: list[tuple[str, str]], normalizer: SkillNormalizer) -> dict[str, str | None]:
    """Each cluster's concept: where most of its phrases land (ties: the smallest id); __none__: None."""
    landed: dict[str, list[str]] = {}
    for (cluster, _), match in zip(rows, normalizer.match([p for _, p in rows]), strict=True):
        if cluster != NONE and match.concept_id is not None:
            landed.setdefault(cluster, []).append(match.concept_id)
    return {cluster: max(sorted(set(ids)), key=ids.count) for cluster, ids in landed.items()} | {NONE: None}


def main() -> None:
    parser = size_parser(__doc__)
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--probe", type=Path, default=PROBE)
    parser.add_argument("--misses", action="store_true", help="print every wrong row")
    args = parser.parse_args()
    sets: dict[str, tuple[list[tuple[str, str]], Taxonomy]] = {}
    taxonomy = default_taxonomy()
    result: dict[str, Any] = {"size": args.size, **machine()}
    if args.dev.exists():
        dev = read_clusters(args.dev)
        sets["dev"] = (dev, taxonomy)
        ablated_taxonomy, removed = ablated(taxonomy, [phrase for _, phrase in dev])
        sets["ablation"] = (dev, ablated_taxonomy)
        result["ablation_labels_removed"] = removed
        literal_taxonomy, removed = ablated(taxonomy, [phrase for _, phrase in dev], key=label_key)
        sets["ablation_literal"] = (dev, literal_taxonomy)
        result["ablation_literal_labels_removed"] = removed
    else:
        print(f"(no {args.dev}: dev and ablation sets skipped)")
    sets["probe"] = (read_clusters(args.probe), taxonomy)

    header = (
        "set",
        "phrases",
        "non-skills",
        "precision",
        "recall",
        "B3 F1",
        "coverage",
        "non-skills abst.",
        "on dev concept",
    )
    concept_of = dev_concepts(sets["dev"][0], SkillNormalizer().fit(taxonomy)) if "dev" in sets else {}
    table: list[list[object]] = []
    for name, (rows, tax) in sets.items():
        figures, misses = scores(rows, SkillNormalizer().fit(tax), concept_of)
        table.append([name, *figures.values()])
        result.update({f"{name}_{key}": value for key, value in figures.items()})
        result[f"{name}_misses"] = len(misses)
        if args.misses:
            print(f"\n{name}: {len(misses)} rows off the dev concept (cluster, phrase, got, wanted)")
            print_table(misses, ("cluster", "phrase", "got", "wanted"))
    print()
    print_table(table, header)
    emit_json(result)


if __name__ == "__main__":
    main()
