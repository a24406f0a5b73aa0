"""How well the fit score ranks a real market: the ESCO market of ../shared/data/esco_market/.

    python benchmarks/scoring_quality.py --size tiny|small|full [--market DIR] [--hierarchy] [--redraw SEED]

Vacancies are 1,034 real ESCO occupations (essential skills required, optional skills preferred);
candidates are 3,000 synthetic profiles drawn from 300 of them, written as raw text (see the
market's README). Two views, both with the market's tie rule (ties broken at random, the expected
value reported, as its ``baselines.py`` does):

  employer P@10   for each of the 300 target vacancies, the share of its 10 best-ranked candidates
                  (of all candidates) drawn from that occupation
  candidate hit@1 for each candidate, is its own occupation its best of the 1,034 vacancies

Each is measured with candidates from raw text (resolved by ``SkillNormalizer`` fitted on the ESCO
taxonomy) and from their gold concepts, for ``FitScorer`` with default options and with each option
changed, beside the market's baselines (coverage, Jaccard, TF-IDF cosine; definitions in its
``baselines.py``) computed in the same run on the same concepts. ``tiny`` (CI) takes the gold
concepts of 20 target occupations' candidates and the default only; ``small`` adds raw text and the
main variants; ``full`` every variant. ``--hierarchy`` loads ESCO's broader relations too (narrower,
broader and sibling credit). ``--redraw SEED`` replaces the candidates with new ones (gold concepts)
of 300 occupations that were not targets, drawn by the market's recipe: a check against tuning to
the 300 targets (the held-out market of other occupations decides). Exits 0 with a note when the market data is absent.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

import kerja_match as km
from _common import emit_json, machine, print_table, size_parser

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
#: Target occupations whose candidates are scored, by size (None: all 300).
TARGETS_BY_SIZE: dict[str, int | None] = {"tiny": 20, "small": None, "full": None}
#: The options measured beside the default: (name, ScoringWeights fields, run at size small too).
FIRST_ROUND = {"required_policy": "gate", "specificity": False, "focus": 0.0, "relative_fit": 0.0}
VARIANTS: tuple[tuple[str, dict[str, Any], bool], ...] = (
    ("default", {}, True),
    ("first round's defaults (gate, no specificity/focus/relative)", FIRST_ROUND, True),
    (
        "plain coverage (weight policy, no specificity/focus/relative)",
        {**FIRST_ROUND, "required_policy": "weight"},
        True,
    ),
    ("required_policy=gate", {"required_policy": "gate"}, True),
    ("required_policy=penalty", {"required_policy": "penalty"}, False),
    ("specificity=False", {"specificity": False}, True),
    ("focus=0 (extra skills never count)", {"focus": 0.0}, True),
    ("focus=0.5", {"focus": 0.5}, False),
    ("focus=1 (plain geometric mean)", {"focus": 1.0}, True),
    ("focus=1.5", {"focus": 1.5}, False),
    ("focus=3", {"focus": 3.0}, False),
    ("relative_fit=0 (off)", {"relative_fit": 0.0}, True),
    ("relative_fit=0.25", {"relative_fit": 0.25}, False),
    ("relative_fit=1", {"relative_fit": 1.0}, True),
    ("relative_fit=2", {"relative_fit": 2.0}, False),
    ("focus=0, relative_fit=0", {"focus": 0.0, "relative_fit": 0.0}, False),
    ("focus=1, relative_fit=1", {"focus": 1.0, "relative_fit": 1.0}, False),
    ("required_factor=1 (preferred = required)", {"required_factor": 1.0}, False),
    ("required_factor=4", {"required_factor": 4.0}, False),
)


@dataclass(frozen=True)
class Market:
    """The market as the scorer sees it, and as the baselines see it."""

    vacancies: list[km.Vacancy]
    essential: list[list[str]]
    optional: list[list[str]]
    is_target: NDArray[np.bool_]
    candidate_ids: list[str]
    phrases: list[list[str]]
    gold: list[list[str]]  # gold concepts of the skill phrases (fillers left out)
    source: NDArray[np.int64]  # each candidate's occupation, as a vacancy index
    phrase_gold: dict[str, str | None]  # each phrase's gold concept (None: names no skill)


def load_market(folder: Path, n_targets: int | None) -> Market:
    vacancies, essential, optional, target = [], [], [], []
    with open(folder / "occupations.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ess = [s for s in row["essential_skills"].split(";") if s]
            opt = [s for s in row["optional_skills"].split(";") if s]
            requirements = [km.SkillRequirement(skill=s) for s in ess]
            requirements += [km.SkillRequirement(skill=s, required=False) for s in opt]
            vacancies.append(
                km.Vacancy(
                    id=row["occupation_id"], employer="ESCO", title=row["title"], requirements=requirements
                )
            )
            essential.append(ess)
            optional.append(opt)
            target.append(row["is_target"] == "1")
    index = {v.id: i for i, v in enumerate(vacancies)}
    keep = {v.id for v, t in zip(vacancies, target, strict=True) if t}
    if n_targets is not None:
        keep = set(sorted(keep)[:n_targets])
    ids, phrases, gold, source = [], [], [], []
    phrase_gold: dict[str, str | None] = {}
    with open(folder / "candidates.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["occupation"] not in keep:
                continue
            ids.append(record["id"])
            phrases.append(record["skills"])
            gold.append([g for g in record["gold"] if g])
            phrase_gold.update(zip(record["skills"], record["gold"], strict=True))
            source.append(index[record["occupation"]])
    is_target = np.array([v.id in keep for v in vacancies])
    return Market(
        vacancies, essential, optional, is_target, ids, phrases, gold, np.array(source), phrase_gold
    )


def redraw_market(market: Market, seed: int) -> Market:
    """The same vacancies with new candidates, as gold concepts, for 300 occupations that were NOT
    targets (fewer when the market has fewer), drawn by the market's recipe (its README): per
    occupation 10 candidates holding a uniform 40-70% of its essential skills (at least one), 0-30%
    of its optional ones, and 2-4 skills of other occupations. A check that a choice made on the
    market's own candidates is not tuned to its 300 target occupations."""
    rng = random.Random(seed)
    pool = sorted({s for row in (*market.essential, *market.optional) for s in row})
    others = [i for i, target in enumerate(market.is_target) if not target]
    targets = sorted(rng.sample(others, min(300, len(others))))
    ids, gold, source = [], [], []
    for t in targets:
        essential, optional = sorted(market.essential[t]), sorted(market.optional[t])
        own = set(essential) | set(optional)
        for _ in range(10):
            held = rng.sample(essential, max(1, round(rng.uniform(0.4, 0.7) * len(essential))))
            held += rng.sample(optional, round(rng.uniform(0.0, 0.3) * len(optional)))
            noise = rng.randint(2, 4)
            while noise:
                skill = rng.choice(pool)
                if skill not in own and skill not in held:
                    held.append(skill)
                    noise -= 1
            ids.append(f"redrawn-{len(ids) + 1:05d}")
            gold.append(held)
            source.append(t)
    is_target = np.zeros(len(market.vacancies), dtype=bool)
    is_target[targets] = True
    return Market(market.vacancies, market.essential, market.optional, is_target, ids, gold, gold,
                  np.array(source), {})  # fmt: skip


def load_baselines_module(folder: Path) -> ModuleType:
    """The market's own baselines.py, for its tie-aware metric functions."""
    spec = importlib.util.spec_from_file_location("esco_market_baselines", folder / "baselines.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {folder / 'baselines.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CachedNormalizer:
    """One SkillNormalizer shared by every scorer of the run: each distinct phrase is matched once."""

    def __init__(self, normalizer: km.SkillNormalizer) -> None:
        self.normalizer = normalizer
        self.cache: dict[str, Any] = {}

    def match(self, phrases: list[str]) -> list[Any]:
        new = [p for p in dict.fromkeys(phrases) if p not in self.cache]
        if new:
            self.cache.update(zip(new, self.normalizer.match(new), strict=True))
        return [self.cache[p] for p in phrases]


def views(scores: NDArray[np.floating], market: Market, metrics: ModuleType) -> dict[str, float]:
    """Employer P@10 over the target vacancies and candidate hit@1 over all vacancies (and targets)."""
    s = np.asarray(scores, dtype=np.float64)
    targets = np.flatnonzero(market.is_target)
    relevant = market.source[None, :] == targets[:, None]
    k = min(10, len(market.candidate_ids))
    p10 = metrics.expected_topk(s[:, targets].T, relevant, k=k) / k
    hit_all = metrics.expected_hit(s, market.source, k=1)
    position = {t: j for j, t in enumerate(targets)}
    hit_targets = metrics.expected_hit(s[:, targets], np.array([position[i] for i in market.source]), k=1)
    return {
        "employer_P@10": float(p10.mean()),
        "candidate_hit@1": float(hit_all.mean()),
        "candidate_hit@1_targets": float(hit_targets.mean()),
    }


def baseline_scores(concepts: Sequence[Sequence[str]], market: Market) -> dict[str, NDArray[np.float64]]:
    """Coverage, Jaccard and TF-IDF cosine exactly as the market's baselines.py defines them."""
    vocab = sorted({s for row in (*market.essential, *market.optional, *concepts) for s in row})
    col = {s: i for i, s in enumerate(vocab)}

    def matrix(rows: Sequence[Sequence[str]]) -> sp.csr_matrix:
        pairs = {(i, col[s]) for i, row in enumerate(rows) for s in row}
        i, j = zip(*pairs, strict=True) if pairs else ((), ())
        return sp.csr_matrix((np.ones(len(i)), (i, j)), shape=(len(rows), len(vocab)))

    cand, ess, opt = matrix(concepts), matrix(market.essential), matrix(market.optional)
    both = ((ess + opt) > 0).astype(np.float64)
    idf = np.log((1 + len(market.vacancies)) / (1 + np.asarray(both.sum(0)).ravel())) + 1.0
    overlap_e = (cand @ ess.T).toarray()
    overlap = (cand @ both.T).toarray()
    n_cand = np.asarray(cand.sum(1)).ravel()[:, None]
    n_both = np.asarray(both.sum(1)).ravel()[None, :]
    cw = cand @ sp.diags(idf)
    vw = (ess + 0.5 * opt) @ sp.diags(idf)
    cn = np.sqrt(np.asarray(cw.multiply(cw).sum(1)).ravel())
    vn = np.sqrt(np.asarray(vw.multiply(vw).sum(1)).ravel())
    return {
        "coverage": overlap_e / np.asarray(ess.sum(1)).ravel()[None, :],
        "jaccard": overlap / np.maximum(n_cand + n_both - overlap, 1),
        "tfidf": (cw @ vw.T).toarray() / np.maximum(cn[:, None] * vn[None, :], 1e-12),
    }


def known_variants(size: str) -> list[tuple[str, dict[str, Any]]]:
    """The variants of this size whose options this version of ScoringWeights has."""
    fields = set(km.ScoringWeights.model_fields)
    kept = []
    for name, options, small in VARIANTS:
        if (size == "tiny" and name != "default") or (size == "small" and not small):
            continue
        try:
            if set(options) <= fields:
                km.ScoringWeights(**options)
                kept.append((name, options))
        except km.KerjaMatchError:
            pass
    return kept


def run(args: Any) -> dict[str, Any]:
    folder: Path = args.market
    market = load_market(folder, TARGETS_BY_SIZE[args.size])
    if args.redraw is not None:
        market = redraw_market(market, args.redraw)
        print(f"redrawn: {len(market.candidate_ids)} candidates of {int(market.is_target.sum())} "
              f"other occupations (seed {args.redraw}), gold concepts only")  # fmt: skip
    metrics = load_baselines_module(folder)
    broader = SHARED / "esco" / "broaderRelationsSkillPillar_en.csv" if args.hierarchy else None
    start = time.perf_counter()
    taxonomy = km.Taxonomy.from_esco_csv(SHARED / "esco" / "skills_taxonomy.csv", broader)
    print(f"taxonomy: {len(taxonomy)} concepts ({time.perf_counter() - start:.1f} s)"
          f"{', with the ESCO hierarchy' if broader else ''}")  # fmt: skip
    inputs: dict[str, tuple[list[list[str]], Any]] = {"gold": (market.gold, None)}
    if args.size != "tiny" and args.redraw is None:
        start = time.perf_counter()
        normalizer = CachedNormalizer(km.SkillNormalizer().fit(taxonomy))
        resolved = normalizer.match([p for row in market.phrases for p in row])
        found, at = [], 0
        for row in market.phrases:
            found.append([m.concept_id for m in resolved[at : at + len(row)] if m.concept_id])
            at += len(row)
        correct = np.mean([m.concept_id == market.phrase_gold[p] for p, m in normalizer.cache.items()])
        print(f"normaliser: {len(normalizer.cache)} distinct phrases, {correct:.3f} resolved to their gold "
              f"concept ({time.perf_counter() - start:.1f} s)")  # fmt: skip
        inputs = {"raw text": (found, normalizer), **inputs}
    variants = known_variants(args.size)
    rows, result = [], {"size": args.size, "candidates": len(market.candidate_ids),
                        "vacancies": len(market.vacancies), **machine()}  # fmt: skip
    for source, (concepts, normalizer) in inputs.items():
        for name, scores in baseline_scores(concepts, market).items():
            rows.append(_row(f"baseline {name}", source, views(scores, market, metrics), 0.0))
        for name, options in variants:
            scorer = km.FitScorer(taxonomy=taxonomy, weights=options, normalizer=normalizer)
            start = time.perf_counter()
            scorer.fit(market.vacancies)
            records = _candidates(market, source)
            scores = scorer.score_matrix(records)
            seconds = time.perf_counter() - start
            figures = views(scores, market, metrics)
            rows.append(_row(f"FitScorer {name}", source, figures, seconds))
            if name == "default":
                for key, value in figures.items():
                    result[f"{source.replace(' ', '_')}_{key}"] = round(value, 4)
    print_table(rows, ("scorer", "from", "employer P@10", "cand hit@1 /all", "cand hit@1 /targets", "s"))
    return result


def _candidates(market: Market, source: str) -> list[km.Candidate]:
    skills = market.phrases if source == "raw text" else market.gold
    return [
        km.Candidate(id=cid, skills=[km.SkillClaim(skill=s) for s in dict.fromkeys(row)])
        for cid, row in zip(market.candidate_ids, skills, strict=True)
    ]


def _row(name: str, source: str, figures: dict[str, float], seconds: float) -> list[object]:
    return [name, source, figures["employer_P@10"], figures["candidate_hit@1"],
            figures["candidate_hit@1_targets"], round(seconds, 1)]  # fmt: skip


def main() -> None:
    ap = size_parser(__doc__)
    ap.add_argument("--market", type=Path, default=SHARED / "esco_market", help="the market's folder")
    ap.add_argument("--hierarchy", action="store_true", help="load ESCO's broader relations too")
    ap.add_argument("--redraw", type=int, metavar="SEED", help="new gold candidates of other occupations")
    args = ap.parse_args()
    if (
        not (args.market / "occupations.csv").exists()
        or not (SHARED / "esco" / "skills_taxonomy.csv").exists()
    ):
        print(f"(no ESCO market at {args.market}: scoring quality skipped)")
        emit_json({"size": args.size, "skipped": "no ESCO market data"})
        return
    emit_json(run(args))


if __name__ == "__main__":
    sys.exit(main())
