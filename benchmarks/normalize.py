"""Benchmark SkillNormalizer on ESCO held-out labels and the Indonesian/English clusters.

The same figures as ../shared/eval/eval_normalizer.py at any size: top-1 accuracy, abstention,
fit time and distinct phrases per second (median of ``--repeats`` runs), next to two lexical
baselines run in the same process on the same labels and queries (rapidfuzz token_sort_ratio over
all labels; TF-IDF char 2-4 grams), so the ratios hold on a busy machine. Prints a table, then one
JSON line.

    python benchmarks/normalize.py --size tiny    # 200 queries, 1,500 concepts: seconds (CI)
    python benchmarks/normalize.py --size small   # 3,000 queries, the whole taxonomy
    python benchmarks/normalize.py --size full    # every dev query (12,562), the whole taxonomy
    python benchmarks/normalize.py --queries 500 --concepts 4000   # any other size

The ESCO slice keeps the concepts of the sampled queries and fills up with other concepts at random.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils
from sklearn.feature_extraction.text import TfidfVectorizer

from _common import emit_json, machine, measure, print_table, repeat_for, size_parser
from kerja_match.datasets import default_taxonomy
from kerja_match.normalize import SkillNormalizer
from kerja_match.taxonomy import Taxonomy

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


#: (ESCO dev queries, ESCO concepts) per size; 0 means all of them.
SIZES = {"tiny": (200, 1500), "small": (3000, 0), "full": (0, 0)}


def esco_slice(
    taxonomy_csv: Path, queries_tsv: Path, size: int, concepts: int, seed: int
) -> tuple[Taxonomy, list[str], list[str]]:
    with open(queries_tsv, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    rng = random.Random(seed)
    rng.shuffle(rows)
    rows = rows[:size] if size else rows
    full = Taxonomy.from_esco_csv(taxonomy_csv)
    keep = {r["conceptUri"] for r in rows}
    others = [c.id for c in full if c.id not in keep]
    rng.shuffle(others)
    keep.update(others[: max(0, concepts - len(keep))] if concepts else others)
    taxonomy = Taxonomy([c for c in full if c.id in keep], name="ESCO slice", shared_labels="allow")
    return taxonomy, [r["phrase"] for r in rows], [r["conceptUri"] for r in rows]


def esco_figures(taxonomy: Taxonomy, phrases: list[str], gold: list[str], repeats: int) -> dict[str, float]:
    distinct = len(set(phrases))
    fit, normalizer = measure(lambda: SkillNormalizer().fit(taxonomy), repeat=repeats)
    match, matches = measure(lambda: normalizer.match(phrases), repeat=repeats)
    predicted = [m.concept_id for m in matches]
    labels = [(text, c.id) for c in taxonomy if not c.group for text in c.all_labels()]
    owner = np.array([cid for _, cid in labels])
    gold_arr = np.array(gold)

    def rapidfuzz_top1() -> np.ndarray:
        scores = process.cdist(
            [utils.default_process(p) for p in phrases],
            [utils.default_process(t) for t, _ in labels],
            scorer=fuzz.token_sort_ratio,
            dtype=np.uint8,
        )
        return owner[scores.argmax(axis=1)]

    def tfidf_top1() -> np.ndarray:
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32
        )
        matrix = vectorizer.fit_transform([t for t, _ in labels])
        return owner[np.asarray((vectorizer.transform(phrases) @ matrix.T).argmax(axis=1)).ravel()]

    rapidfuzz, rf_pred = measure(rapidfuzz_top1, repeat=repeats)
    tfidf, tf_pred = measure(tfidf_top1, repeat=repeats)
    return {
        "esco_queries": len(phrases),
        "esco_concepts": len(taxonomy),
        "esco_top1": float(np.mean([p == g for p, g in zip(predicted, gold, strict=False)])),
        "esco_abstained": float(np.mean([p is None for p in predicted])),
        "esco_fit_s": fit.median_s,
        "esco_match_per_s": distinct / match.median_s,
        "baseline_rapidfuzz_token_sort_top1": float(np.mean(rf_pred == gold_arr)),
        "baseline_rapidfuzz_per_s": len(phrases) / rapidfuzz.median_s,
        "baseline_tfidf_char_top1": float(np.mean(tf_pred == gold_arr)),
        "baseline_tfidf_per_s_incl_fit": len(phrases) / tfidf.median_s,
        "speed_vs_rapidfuzz": match.speedup_over(rapidfuzz),
        "speed_vs_tfidf_incl_fit": match.speedup_over(tfidf),
    }


def bcubed(gold: list[str], predicted: list[str | None]) -> tuple[float, float]:
    """B-cubed precision and recall; an abstention is a cluster of its own."""
    pred = [p if p is not None else f"__abstain_{i}" for i, p in enumerate(predicted)]
    by_pred: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, (g, p) in enumerate(zip(gold, pred, strict=False)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    precision = sum(
        sum(gold[j] == g for j in by_pred[p]) / len(by_pred[p]) for g, p in zip(gold, pred, strict=False)
    )
    recall = sum(
        sum(gold[j] == g for j in by_pred[p]) / len(by_gold[g]) for g, p in zip(gold, pred, strict=False)
    )
    return precision / len(gold), recall / len(gold)


def indonesian_figures(path: Path, normalizer: SkillNormalizer | None = None) -> dict[str, float]:
    """B-cubed F1, coverage and non-skills abstained on the clusters, with ``normalizer`` (fitted on
    ``default_taxonomy()``; default: the lexical normaliser)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    normalizer = normalizer or SkillNormalizer().fit(default_taxonomy())
    matches = normalizer.match([r["phrase"] for r in rows])
    skills = [
        (r["cluster"], m.concept_id)
        for r, m in zip(rows, matches, strict=False)
        if r["cluster"] != "__none__"
    ]
    nonskills = [m.concept_id for r, m in zip(rows, matches, strict=False) if r["cluster"] == "__none__"]
    p, r = bcubed([g for g, _ in skills], [c for _, c in skills])
    return {
        "id_phrases": len(skills),
        "id_bcubed_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "id_coverage": sum(c is not None for _, c in skills) / len(skills),
        "id_nonskill_abstained": sum(c is None for c in nonskills) / max(1, len(nonskills)),
    }


def main() -> None:
    ap = size_parser(__doc__)
    ap.add_argument("--queries", type=int, default=None, help="ESCO dev queries (0: all; default: by size)")
    ap.add_argument("--concepts", type=int, default=None, help="ESCO concepts (0: all; default: by size)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--esco-taxonomy", type=Path, default=SHARED / "esco" / "skills_taxonomy.csv")
    ap.add_argument("--esco-queries", type=Path, default=SHARED / "esco" / "altlabel_dev.tsv")
    ap.add_argument("--indonesian", type=Path, default=SHARED / "indonesian_skill_clusters_dev.tsv")
    args = ap.parse_args()
    queries, concepts = SIZES[args.size]
    queries = queries if args.queries is None else args.queries
    concepts = concepts if args.concepts is None else args.concepts
    result: dict[str, object] = {"size": args.size, **machine()}
    if args.esco_taxonomy.exists() and args.esco_queries.exists():
        taxonomy, phrases, gold = esco_slice(
            args.esco_taxonomy, args.esco_queries, queries, concepts, args.seed
        )
        result.update(esco_figures(taxonomy, phrases, gold, repeat_for(args)))
    else:
        print(f"(no ESCO files at {args.esco_taxonomy.parent}: ESCO figures skipped)")
    if args.indonesian.exists():
        result.update(indonesian_figures(args.indonesian))
    else:
        print(f"(no {args.indonesian}: Indonesian figures skipped)")
    print_table([[key, value] for key, value in result.items()], ("figure", "value"))
    emit_json(result)


if __name__ == "__main__":
    main()
