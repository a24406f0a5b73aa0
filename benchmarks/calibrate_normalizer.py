"""Re-derive the re-ranker coefficients of kerja_match.normalize (RERANK_COEF, RERANK_INTERCEPT).

The normaliser scores each (phrase, concept) pair of its shortlist with a logistic model over a few
features (normalize.FEATURES). This script fits that model on the ESCO dev split: each query is an
alternative label removed from the taxonomy, so the pair with its own concept is the positive and
the other shortlisted concepts the negatives. It reports two-fold cross-validated top-1 accuracy and
a reliability table (is a score of 0.7 right 70% of the time?) and prints the coefficients to paste
into normalize.py. Only coefficients are kept; no phrase or pair is stored.

    python benchmarks/calibrate_normalizer.py \\
        --esco-taxonomy ../shared/data/esco/skills_taxonomy.csv \\
        --esco-queries ../shared/data/esco/altlabel_dev.tsv [--limit 4000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random

import numpy as np
from sklearn.linear_model import LogisticRegression

from kerja_match.normalize import FEATURES, SkillNormalizer
from kerja_match.taxonomy import Taxonomy
from kerja_match.text import canonical


def pair_table(
    normalizer: SkillNormalizer, phrases: list[str], gold: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, 0/1 labels and query numbers of every shortlisted pair of every phrase."""
    forms = [canonical(p) for p in phrases]
    target = np.array([normalizer.id_lookup_.get(g, -1) for g in gold])
    blocks_x, blocks_y, blocks_q = [], [], []
    for start in range(0, len(forms), normalizer.block_size):
        pairs = normalizer._pair_features(forms[start : start + normalizer.block_size])
        query = pairs.queries + start
        blocks_x.append(pairs.features)
        blocks_y.append(pairs.concepts == target[query])
        blocks_q.append(query)
    return np.vstack(blocks_x), np.concatenate(blocks_y), np.concatenate(blocks_q)


def reliability(best: np.ndarray, right: np.ndarray) -> list[tuple[str, int, float, float]]:
    rows = []
    for lo in np.arange(0, 1, 0.1):
        inside = (best >= lo) & (best < lo + 0.1 + (lo >= 0.9))
        if inside.any():
            rows.append(
                (
                    f"{lo:.1f}-{lo + 0.1:.1f}",
                    int(inside.sum()),
                    float(best[inside].mean()),
                    float(right[inside].mean()),
                )
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--esco-taxonomy", required=True)
    ap.add_argument("--esco-queries", required=True)
    ap.add_argument("--limit", type=int, default=None, help="random sample of queries (default: all)")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation of the logistic model")
    args = ap.parse_args()
    with open(args.esco_queries, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    random.Random(7).shuffle(rows)
    rows = rows[: args.limit] if args.limit else rows
    normalizer = SkillNormalizer().fit(Taxonomy.from_esco_csv(args.esco_taxonomy))
    x, y, q = pair_table(normalizer, [r["phrase"] for r in rows], [r["conceptUri"] for r in rows])
    n = len(rows)
    print(f"{n} queries, {len(y)} pairs, gold concept shortlisted for {len(set(q[y])) / n:.4f}")

    # stage 1, the re-ranker: logits of each pair, out of fold (fold = query number mod 2)
    fold = q % 2
    logits = np.zeros(len(y))
    for held in (0, 1):
        model = LogisticRegression(C=args.C, max_iter=5000).fit(x[fold != held], y[fold != held])
        logits[fold == held] = model.decision_function(x[fold == held])
    rerank = LogisticRegression(C=args.C, max_iter=5000).fit(x, y)
    # stage 2, calibration of the best pair of each query: (logit, lead over the runner-up) -> right?
    best_logit, margin, right = best_and_margin(logits, y, q, float(rerank.intercept_[0]))
    calibration = LogisticRegression(max_iter=5000).fit(np.c_[best_logit, margin], right)
    score = calibration.predict_proba(np.c_[best_logit, margin])[:, 1]
    print(f"two-fold top-1 accuracy without abstention: {right.sum() / n:.4f}")
    print("reliability of the calibrated best score: bin, n, mean score, share right")
    for row in reliability(score, right):
        print(f"  {row[0]:8s} {row[1]:6d}  {row[2]:.3f}  {row[3]:.3f}")
    for cutoff in (0.1, 0.2, 0.25, 0.3, 0.4, 0.5):
        kept = score >= cutoff
        print(f"  cutoff {cutoff:.2f}: top-1 {np.sum(right & kept) / n:.4f}, abstained {1 - kept.mean():.4f}")
    coef = ", ".join(f"{c:.4g}" for c in rerank.coef_[0])
    print("\n# features:", ", ".join(FEATURES))
    print(f"RERANK_COEF = np.array([{coef}])")
    print(f"RERANK_INTERCEPT = {rerank.intercept_[0]:.4g}")
    print(f"CALIBRATION_COEF = np.array([{calibration.coef_[0][0]:.4g}, {calibration.coef_[0][1]:.4g}])")
    print(f"CALIBRATION_INTERCEPT = {calibration.intercept_[0]:.4g}")
    summary = {
        "cv_top1": right.sum() / n,
        "rerank_coef": rerank.coef_[0].tolist(),
        "rerank_intercept": float(rerank.intercept_[0]),
        "calibration_coef": calibration.coef_[0].tolist(),
        "calibration_intercept": float(calibration.intercept_[0]),
    }
    print(json.dumps(summary))


def best_and_margin(
    logits: np.ndarray, y: np.ndarray, q: np.ndarray, floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per query with pairs: best logit, its lead over the runner-up (or over ``floor``), right?"""
    order = np.lexsort((-logits, q))
    sorted_q, sorted_logits = q[order], logits[order]
    first = np.r_[True, sorted_q[1:] != sorted_q[:-1]]
    has_second = np.r_[~first[1:], False] & first
    runner_up = np.full(len(order), floor)
    runner_up[has_second] = np.maximum(sorted_logits[np.flatnonzero(has_second) + 1], floor)
    return sorted_logits[first], (sorted_logits - runner_up)[first], y[order][first]


if __name__ == "__main__":
    main()
