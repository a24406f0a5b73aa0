"""FitScorer.top_k on a generated market: speed against the per-pair reference and the bare floor,
peak memory when a million candidates stream through, and the effect of the specificity option.

    python benchmarks/scoring.py --size tiny|small|full [--candidates N] [--vacancies M]
                                 [--memory-candidates N] [--repeat R]

The market uses the bundled taxonomy (a generated one of the same shape while it is not bundled,
said in the output): about 8 skill claims per candidate, 6 requirements per vacancy. Baselines,
timed in the same process on the same blocks:

* reference: tests/reference_scoring.py, one pair at a time; a sample of pairs is timed and the
  full count extrapolated (the output says how many pairs were timed);
* floor: the sparse product of the bare candidate x concept and concept x vacancy 0/1 matrices,
  densified, plus ``argpartition`` for the top k, block by block: the least any top-k must do.
  The bare matrices are built before the clock starts, so the floor pays nothing for reading records.
  top_k and the floor run in turn (top_k, floor, top_k, ...) and are reported by wall and CPU time.

Peak memory is the maximum resident set size of a child process that streams a generator of
candidates through top_k (resource.getrusage), the interpreter and libraries included.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from _common import Timing, emit_json, machine, measure, print_table, repeat_for, size_parser
from kerja_match.datasets import bekasi_regions
from kerja_match.models import Candidate, SkillClaim, SkillRequirement, Vacancy
from kerja_match.scoring import FitScorer, ScoringWeights, TopK
from kerja_match.taxonomy import Taxonomy

HERE = Path(__file__).resolve().parent
SIZES = {  # candidates, vacancies, candidates for the memory run, reference pairs timed
    "tiny": (1_000, 200, 5_000, 200),
    "small": (20_000, 2_000, 200_000, 1_000),
    "full": (100_000, 2_000, 1_000_000, 3_000),
}
EVIDENCE = ["self_declared", "training", "experience", "certified", "assessed"]
K = 10


def load_taxonomy() -> tuple[Taxonomy, str]:
    try:
        from kerja_match.datasets import default_taxonomy

        return default_taxonomy(), "bundled"
    except (FileNotFoundError, ImportError):
        return generated_taxonomy(), "generated (bundled taxonomy not available)"


def generated_taxonomy() -> Taxonomy:
    """8 sectors x 3 fields x 8 skills, and 10 soft skills: the bundled taxonomy's shape."""
    concepts: list[dict[str, object]] = []
    for s in range(8):
        concepts.append({"id": f"s{s}", "label": f"sector {s}"})
        for f in range(3):
            concepts.append({"id": f"s{s}.f{f}", "label": f"field {s}.{f}", "broader": [f"s{s}"]})
            for k in range(8):
                concepts.append(
                    {"id": f"s{s}.f{f}.k{k}", "label": f"skill {s}.{f}.{k}", "broader": [f"s{s}.f{f}"]}
                )
    concepts += [{"id": f"soft{i}", "label": f"soft {i}", "kind": "soft"} for i in range(10)]
    return Taxonomy(concepts, name="generated")


class Market:
    """A reproducible market: vacancies by sector with a few skills every vacancy asks for, and
    candidates aimed at a source vacancy (some of its skills, levels near its own) plus noise."""

    def __init__(self, taxonomy: Taxonomy, n_vacancies: int, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.taxonomy = taxonomy
        leaves = [c for c in taxonomy if c.kind == "hard" and not taxonomy.children(c.id) and not c.group]
        self.soft = [c.id for c in taxonomy if c.kind == "soft"]
        self.hard = [c.id for c in leaves]
        by_root: dict[str, list[str]] = {}
        for c in leaves:
            root = (taxonomy.ancestors(c.id) or [c.id])[-1]
            by_root.setdefault(root, []).append(c.id)
        self.sectors = [v for v in by_root.values() if len(v) >= 6]
        self.common = list(rng.choice(self.hard, size=3, replace=False))  # asked by every vacancy
        gaz = bekasi_regions()
        self.kecamatan = [r.code for r in gaz if r.code.startswith("32.16.")]
        self.belt = [r.code for r in gaz if r.code.count(".") == 2 and not r.code.startswith("32.16.")]
        self.vacancies = [self._vacancy(i, rng) for i in range(n_vacancies)]

    def _vacancy(self, i: int, rng: np.random.Generator) -> Vacancy:
        sector = self.sectors[rng.integers(len(self.sectors))]
        popularity = 1.0 / np.arange(1, len(sector) + 1)  # Zipf: a few skills are asked everywhere
        own = rng.choice(sector, size=3, replace=False, p=popularity / popularity.sum())
        skills = [*own, *rng.choice(self.common, size=2, replace=False)]
        reqs = [
            SkillRequirement(skill=s, level=int(rng.integers(1, 4)), required=bool(rng.random() < 0.5))
            for s in skills
        ]
        soft = [SkillRequirement(skill=str(rng.choice(self.soft)), required=False)]
        return Vacancy(
            id=f"v{i}", employer=f"PT {i % 97}", requirements=reqs, soft_requirements=soft,
            location=str(rng.choice(self.kecamatan)),
        )  # fmt: skip

    def candidates(self, n: int, seed: int = 1, sources: list[int] | None = None) -> Iterator[Candidate]:
        """A generator: candidates are made as they are consumed, so memory stays flat. The index
        of each one's source vacancy is appended to ``sources`` when given."""
        rng = random.Random(seed)  # scalar draws: the stdlib generator is the quick one here
        places = self.kecamatan + self.belt
        for i in range(n):
            j = rng.randrange(len(self.vacancies))
            if sources is not None:
                sources.append(j)
            claims = [
                SkillClaim(skill=r.skill, level=min(5, max(1, r.level + rng.randint(-1, 1))), evidence=rng.choice(EVIDENCE))
                for r in self.vacancies[j].requirements if rng.random() < 0.7
            ]  # fmt: skip
            taken = {c.skill for c in claims}
            noise = [s for s in rng.sample(self.hard, 12) if s not in taken][: 8 - len(claims)]
            claims += [SkillClaim(skill=s, level=rng.randint(1, 3)) for s in noise]
            yield Candidate(
                id=f"c{i}",
                skills=claims,
                soft_skills=[SkillClaim(skill=rng.choice(self.soft), level=2)],
                ktp_region="32.16" if rng.random() < 0.6 else rng.choice(self.belt),
                domicile=None if rng.random() < 0.05 else rng.choice(places),
            )


def bare_matrices(
    scorer: FitScorer, candidates: list[Candidate], vacancies: list[Vacancy]
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """0/1 candidate x concept and concept x vacancy matrices: what the floor multiplies."""
    index = scorer.resolver_.index
    rows = [i for i, c in enumerate(candidates) for _ in (*c.skills, *c.soft_skills)]
    cols = [index[x.skill] for c in candidates for x in (*c.skills, *c.soft_skills)]
    bare = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(candidates), len(index)))
    rows = [index[r.skill] for v in vacancies for r in (*v.requirements, *v.soft_requirements)]
    cols = [j for j, v in enumerate(vacancies) for _ in (*v.requirements, *v.soft_requirements)]
    return bare, sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(index), len(vacancies)))


def floor_top_k(bare: sp.csr_matrix, vac: sp.csr_matrix, block: int) -> None:
    """The bare floor: sparse product, densify, argpartition, block by block."""
    n_vac = vac.shape[1]
    for start in range(0, bare.shape[0], block):
        dense = (bare[start : start + block] @ vac).toarray()
        np.argpartition(dense, n_vac - K, axis=1)[:, n_vac - K :]


def interleaved(
    first: Callable[[], TopK], second: Callable[[], object], repeat: int
) -> tuple[tuple[Timing, Timing], tuple[Timing, Timing], TopK]:
    """Wall and CPU timings of two things run in turn (first, second, first, ...) after one warm-up
    each, so that a load that comes and goes on a shared machine falls on both alike."""
    runs: dict[str, list[float]] = {"a": [], "a_cpu": [], "b": [], "b_cpu": []}
    result = first()
    second()
    for _ in range(repeat):
        for name, fn in (("a", first), ("b", second)):
            wall, cpu = time.perf_counter(), time.process_time()
            out = fn()
            runs[name].append(time.perf_counter() - wall)
            runs[name + "_cpu"].append(time.process_time() - cpu)
            if isinstance(out, TopK):
                result = out
    timings = {name: Timing(tuple(values)) for name, values in runs.items()}
    return (timings["a"], timings["a_cpu"]), (timings["b"], timings["b_cpu"]), result


def time_reference(
    scorer: FitScorer, candidates: list[Candidate], vacancies: list[Vacancy], pairs: int
) -> Timing:
    """Seconds for ``pairs`` random pairs through the per-pair reference of tests/: the fit of each
    pair against the fitted market's specificity. The relative factor needs each candidate's fit
    for every vacancy, which the reference computes once per pair too, so the per-pair fit time
    extrapolates to the whole matrix."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from reference_scoring import reference_fit, specificity_factors

    rng = np.random.default_rng(2)
    picks = [
        (candidates[rng.integers(len(candidates))], vacancies[rng.integers(len(vacancies))])
        for _ in range(pairs)
    ]
    tax, w, gaz = scorer.taxonomy_, scorer.weights_, scorer.gazetteer_
    spec = specificity_factors(vacancies, lambda s: s) if w.specificity else None

    def run() -> None:
        for c, v in picks:
            reference_fit(c, v, taxonomy=tax, weights=w, gazetteer=gaz, resolve=lambda s: s, specificity=spec)

    return measure(run, repeat=1)[0]


def specificity_effect(market: Market, taxonomy: Taxonomy, n: int) -> dict[str, float]:
    """How often each candidate's source vacancy is in its top 10 (and first) under the first
    round's rules ("plain": coverage with the gate) and with specificity added (focus and the relative
    factor off), and how much the two top-10 lists share. The defaults are measured on a real
    market in benchmarks/scoring_quality.py."""
    sources: list[int] = []
    candidates = list(market.candidates(n, seed=11, sources=sources))
    truth = np.array(sources)
    out: dict[str, float] = {}
    tops = {}
    first_round = {"required_policy": "gate", "focus": 0.0, "relative_fit": 0.0}
    for name, flag in (("plain", False), ("specificity", True)):
        weights = ScoringWeights(**first_round, specificity=flag)
        scorer = FitScorer(taxonomy=taxonomy, weights=weights).fit(market.vacancies)
        top = scorer.top_k(candidates, k=K).indices
        tops[name] = top
        out[f"recall_at_10_{name}"] = float(np.mean((top == truth[:, None]).any(axis=1)))
        out[f"recall_at_1_{name}"] = float(np.mean(top[:, 0] == truth))
    shared = [
        len(set(a) & set(b)) / K
        for a, b in zip(tops["plain"].tolist(), tops["specificity"].tolist(), strict=True)
    ]
    out["top10_overlap"] = float(np.mean(shared))
    return out


def memory_child(n_candidates: int, n_vacancies: int) -> None:
    """Stream ``n_candidates`` generated candidates through top_k; print peak RSS and time as JSON."""
    taxonomy, _ = load_taxonomy()
    market = Market(taxonomy, n_vacancies)
    scorer = FitScorer(taxonomy=taxonomy).fit(market.vacancies)
    start = time.perf_counter()
    top = scorer.top_k(market.candidates(n_candidates), k=K)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"rows": int(top.indices.shape[0]), "peak_rss_mb": peak_kib / 1024, "seconds": seconds}))


def peak_memory(n_candidates: int, n_vacancies: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--memory-child", str(n_candidates), "--vacancies", str(n_vacancies)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=HERE)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = size_parser(__doc__)
    parser.add_argument("--candidates", type=int, default=None)
    parser.add_argument("--vacancies", type=int, default=None)
    parser.add_argument("--memory-candidates", type=int, default=None)
    parser.add_argument("--reference-pairs", type=int, default=None)
    parser.add_argument("--block-size", type=int, default=2048)
    parser.add_argument("--memory-child", type=int, default=None, help=argparse_hidden())
    args = parser.parse_args()
    n_cand, n_vac, n_mem, n_ref = SIZES[args.size]
    n_cand, n_vac = args.candidates or n_cand, args.vacancies or n_vac
    if args.memory_child is not None:
        memory_child(args.memory_child, n_vac)
        return
    n_mem, n_ref = args.memory_candidates or n_mem, args.reference_pairs or n_ref
    repeat = repeat_for(args)

    taxonomy, taxonomy_source = load_taxonomy()
    market = Market(taxonomy, n_vac)
    candidates = list(market.candidates(n_cand))
    scorer = FitScorer(taxonomy=taxonomy, block_size=args.block_size).fit(market.vacancies)
    bare, vac = bare_matrices(scorer, candidates, market.vacancies)
    pairs = n_cand * n_vac

    (fast, fast_cpu), (floor, floor_cpu), top = interleaved(
        lambda: scorer.top_k(candidates, k=K), lambda: floor_top_k(bare, vac, args.block_size), repeat
    )
    reference = time_reference(scorer, candidates, market.vacancies, n_ref)
    reference_total_s = reference.median_s / n_ref * pairs  # extrapolated from the timed sample
    sample = candidates[:200]
    single, _ = measure(
        lambda: [scorer.score(c, v) for c in sample[:20] for v in market.vacancies[:20]], repeat=1
    )
    single_pair_s = single.median_s / 400
    effect = specificity_effect(market, taxonomy, min(n_cand, 5_000))  # candidates aimed at a source
    memory = peak_memory(n_mem, n_vac)

    rows = [
        ["top_k, wall", fast.median_s, fast.spread_s, len(fast.runs), pairs / fast.median_s],
        ["top_k, CPU", fast_cpu.median_s, fast_cpu.spread_s, len(fast.runs), pairs / fast_cpu.median_s],
        [
            "floor: product + argpartition, wall",
            floor.median_s,
            floor.spread_s,
            len(floor.runs),
            pairs / floor.median_s,
        ],
        ["floor, CPU", floor_cpu.median_s, floor_cpu.spread_s, len(floor.runs), pairs / floor_cpu.median_s],
        [
            f"reference, {n_ref} pairs extrapolated",
            reference_total_s,
            float("nan"),
            1,
            pairs / reference_total_s,
        ],
        ["score() per pair, extrapolated", single_pair_s * pairs, float("nan"), 1, 1 / single_pair_s],
    ]
    print(f"market: {n_cand} candidates x {n_vac} vacancies, taxonomy {taxonomy_source}, k={K}")
    print_table(rows, ("what", "median s", "spread s", "runs", "pairs/s"))
    speedup = reference_total_s / fast.median_s
    print(f"top_k is {speedup:.0f}x the per-pair reference (target at full size: >= 300) and "
          f"{fast.median_s / floor.median_s:.2f}x the floor by wall time, "
          f"{fast_cpu.median_s / floor_cpu.median_s:.2f}x by CPU time (target at full size: <= 3)")  # fmt: skip
    print(f"peak RSS, {n_mem} candidates x {n_vac} vacancies top-{K} streamed: {memory['peak_rss_mb']:.0f} MB "
          f"in {memory['seconds']:.1f} s")  # fmt: skip
    print(
        "specificity effect (5,000 aimed candidates): " + ", ".join(f"{k}={v:.3f}" for k, v in effect.items())
    )
    emit_json(
        {
            "size": args.size,
            "candidates": n_cand,
            "vacancies": n_vac,
            "taxonomy": taxonomy_source,
            "top_k_pairs_per_s": pairs / fast.median_s,
            **fast.as_dict("top_k"),
            **floor.as_dict("floor"),
            **fast_cpu.as_dict("top_k_cpu"),
            **floor_cpu.as_dict("floor_cpu"),
            "ratio_to_floor_cpu": fast_cpu.median_s / floor_cpu.median_s,
            "reference_pairs_timed": n_ref,
            "reference_extrapolated_s": reference_total_s,
            "speedup_over_reference": speedup,
            "ratio_to_floor": fast.median_s / floor.median_s,
            "score_single_pair_s": single_pair_s,
            "memory_candidates": n_mem,
            "memory_peak_rss_mb": memory["peak_rss_mb"],
            "memory_run_s": memory["seconds"],
            "eligible_share_top1": float(np.mean(top.scores[:, 0] > 0)),
            **effect,
            "machine": machine(),
        }
    )


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
