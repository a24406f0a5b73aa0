"""kerja_match.distributed on local Dask clusters: the same top-k as in process, and how it scales.

    python benchmarks/distributed.py --size tiny|small|full [--repeat R]

A generated market (the bundled taxonomy when present, else a generated one of its shape; skills
written as concept ids) is written to a candidates CSV. Then, in this order:

1. identity: ``top_k`` and ``shortlist`` over ``dd.read_csv(...)`` on a LocalCluster of 2 worker
   processes must equal ``FitScorer.top_k`` / ``shortlist`` over ``read_candidates(...)`` bit for
   bit (the script exits 1 if not);
2. scaling: read + parse + top_k of every candidate, timed as the median of R runs on a
   LocalCluster of 1 worker process and on one of 2 (one thread each; cluster start-up not timed,
   a small warm-up run first). The baseline is the same work in this process (``read_candidates``
   then ``FitScorer.top_k``). The three alternate, round by round, so a drift in the shared
   machine's load meets all three alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _common import (
    TIMING_HEADER,
    Timing,
    emit_json,
    machine,
    measure,
    measure_rounds,
    print_table,
    repeat_for,
    size_parser,
    timing_rows,
)

# This file is named like the `distributed` package: keep its folder behind site-packages.
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]

import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402

import dask.dataframe as dd  # noqa: E402
import numpy as np  # noqa: E402
import psutil  # noqa: E402

from distributed import Client, LocalCluster  # noqa: E402
from kerja_match import distributed as kd  # noqa: E402
from kerja_match.datasets import bekasi_regions  # noqa: E402
from kerja_match.io import read_candidates, write_candidates  # noqa: E402
from kerja_match.models import Candidate, Evidence, SkillClaim, SkillRequirement, Vacancy  # noqa: E402
from kerja_match.scoring import FitScorer, TopK  # noqa: E402
from kerja_match.taxonomy import Taxonomy  # noqa: E402

#: (candidates for the identity check, candidates for scaling, vacancies, partitions)
SIZES = {
    "tiny": (1_000, 2_000, 100, 4),
    "small": (50_000, 50_000, 500, 8),
    "full": (50_000, 200_000, 2_000, 16),
}
K = 10


def load_taxonomy() -> tuple[Taxonomy, str]:
    try:
        from kerja_match.datasets import default_taxonomy

        return default_taxonomy(), "bundled"
    except (FileNotFoundError, ImportError):
        concepts: list[dict[str, object]] = []
        for s in range(8):  # 8 sectors x 3 fields x 8 skills and 10 soft skills
            concepts.append({"id": f"s{s}", "label": f"sector {s}"})
            for f in range(3):
                concepts.append({"id": f"s{s}.f{f}", "label": f"field {s}.{f}", "broader": [f"s{s}"]})
                concepts += [
                    {"id": f"s{s}.f{f}.k{k}", "label": f"skill {s}.{f}.{k}", "broader": [f"s{s}.f{f}"]}
                    for k in range(8)
                ]
        concepts += [{"id": f"soft{i}", "label": f"soft {i}", "kind": "soft"} for i in range(10)]
        return Taxonomy(concepts, name="generated"), "generated (bundled taxonomy not available)"


def market(
    taxonomy: Taxonomy, n_candidates: int, n_vacancies: int, seed: int = 0
) -> tuple[list[Candidate], list[Vacancy]]:
    """Vacancies asking 2–6 skills of one sector; candidates holding 2–8 skills, mostly of one sector."""
    rng = np.random.default_rng(seed)
    hard = [c.id for c in taxonomy if c.kind == "hard" and not c.group and not taxonomy.children(c.id)]
    soft = [c.id for c in taxonomy if c.kind == "soft"] or hard[:1]
    sectors = np.array_split(np.array(hard), 8)
    places = [r.code for r in bekasi_regions() if r.code.count(".") == 2]
    local = [p for p in places if p.startswith("32.16.")]
    evidence = list(Evidence)
    vacancies = []
    for j in range(n_vacancies):
        sector = sectors[rng.integers(len(sectors))]
        asked = rng.choice(sector, size=min(len(sector), int(rng.integers(2, 7))), replace=False)
        vacancies.append(
            Vacancy(
                id=f"v{j}", employer=f"PT {j % 136}", location=str(rng.choice(local)),
                requirements=[SkillRequirement(skill=str(s), level=int(rng.integers(1, 4)),
                                               required=bool(rng.random() < 0.5)) for s in asked],
                soft_requirements=[SkillRequirement(skill=str(rng.choice(soft)), required=False)],
            )
        )  # fmt: skip
    candidates = []
    for i in range(n_candidates):
        sector = sectors[rng.integers(len(sectors))]
        held = {
            str(s) for s in rng.choice(sector, size=min(len(sector), int(rng.integers(1, 6))), replace=False)
        }
        held |= {str(s) for s in rng.choice(hard, size=int(rng.integers(0, 3)), replace=False)}
        candidates.append(
            Candidate(
                id=f"c{i}",
                skills=[SkillClaim(skill=s, level=int(rng.integers(1, 5)), evidence=evidence[rng.integers(5)])
                        for s in sorted(held)],
                soft_skills=[SkillClaim(skill=str(rng.choice(soft)), level=2)],
                ktp_region="32.16" if rng.random() < 0.4 else str(rng.choice(places)),
                domicile=None if rng.random() < 0.05 else str(rng.choice(places)),
            )
        )  # fmt: skip
    return candidates, vacancies


def same(a: TopK, b: TopK) -> bool:
    return (
        a.candidate_ids == b.candidate_ids
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.scores, b.scores, equal_nan=True)
    )


def frame(path: Path, partitions: int) -> dd.DataFrame:
    blocksize = max(1, path.stat().st_size // partitions + 1)
    return dd.read_csv(path, dtype=str, keep_default_na=False, blocksize=blocksize)


def cluster(workers: int, processes: bool) -> LocalCluster:
    return LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=":0", silence_logs=50
    )


def identity(scorer: FitScorer, path: Path, partitions: int, processes: bool) -> dict[str, bool]:
    records = read_candidates(path, strict=True).records
    with cluster(2, processes) as local, Client(local):
        got_top, got_short = (
            kd.top_k(scorer, frame(path, partitions), k=K),
            kd.shortlist(scorer, frame(path, partitions), k=K),
        )
    return {
        "identical_top_k": same(got_top, scorer.top_k(records, k=K)),
        "identical_shortlist": same(got_short, scorer.shortlist(records, k=K)),
    }


def baseline_split(scorer: FitScorer, path: Path) -> tuple[Timing, Timing]:
    """Reading and scoring in process, timed once each: they explain the baseline, not compared."""
    read, records = measure(lambda: read_candidates(path).records, repeat=1)
    score, _ = measure(lambda: scorer.top_k(records, k=K), repeat=1)
    return read, score


def worker_rss_mb(client: Client) -> float:
    sizes = client.run(lambda: psutil.Process().memory_info().rss)
    return max(sizes.values()) / 2**20


def main() -> int:
    args = size_parser(__doc__).parse_args()
    repeat = repeat_for(args)
    n_identity, n_scaling, n_vacancies, partitions = SIZES[args.size]
    processes = args.size != "tiny"  # tiny (CI) checks the code path on in-process workers: fast to start
    taxonomy, taxonomy_kind = load_taxonomy()
    candidates, vacancies = market(taxonomy, max(n_identity, n_scaling), n_vacancies)
    scorer = FitScorer(taxonomy=taxonomy).fit(vacancies)
    before = machine()
    with tempfile.TemporaryDirectory() as folder:
        small_csv, big_csv = Path(folder) / "identity.csv", Path(folder) / "scaling.csv"
        write_candidates(candidates[:n_identity], small_csv)
        write_candidates(candidates[:n_scaling], big_csv)
        checks = identity(scorer, small_csv, partitions, processes)

        read, score = baseline_split(scorer, big_csv)
        with (
            cluster(1, processes) as one,
            Client(one) as client_1,
            cluster(2, processes) as two,
            Client(two) as client_2,
        ):
            for client in (client_1, client_2):  # warm-up: imports on the workers
                with client.as_current():
                    kd.top_k(scorer, frame(small_csv, partitions), k=K)

            def on(client: Client) -> Callable[[], object]:
                def run() -> object:
                    with client.as_current():
                        return kd.top_k(scorer, frame(big_csv, partitions), k=K)

                return run

            timed = measure_rounds(
                {
                    "in_process": lambda: scorer.top_k(read_candidates(big_csv).records, k=K),
                    "dask_1_worker": on(client_1),
                    "dask_2_workers": on(client_2),
                },
                repeat=repeat,
            )
            rss = {1: worker_rss_mb(client_1), 2: worker_rss_mb(client_2)}
    baseline, timings = timed["in_process"], {1: timed["dask_1_worker"], 2: timed["dask_2_workers"]}

    pairs = n_scaling * n_vacancies
    kind = "process" if processes else "in-process thread"
    rows = [
        ("in process: read + top_k (baseline)", baseline),
        ("  of which read_candidates", read),
        ("  of which FitScorer.top_k", score),
        (f"dask, 1 worker ({kind})", timings[1]),
        (f"dask, 2 workers ({kind} each)", timings[2]),
    ]
    print(
        f"{n_scaling} candidates x {n_vacancies} vacancies, k={K}, {partitions} partitions; taxonomy {taxonomy_kind}"
    )
    print(f"identity on {n_identity} candidates: {checks}")
    print_table(timing_rows(rows, baseline), TIMING_HEADER)
    print(f"2 workers vs 1: {timings[2].speedup_over(timings[1]):.2f}x")
    result = {
        "size": args.size,
        "taxonomy": taxonomy_kind,
        "candidates": n_scaling,
        "vacancies": n_vacancies,
        "partitions": partitions,
        "worker_processes": processes,
        "identity_candidates": n_identity,
        **checks,
        **baseline.as_dict("in_process"),
        **read.as_dict("in_process_read"),
        **score.as_dict("in_process_top_k"),
        **timings[1].as_dict("dask_1_worker"),
        **timings[2].as_dict("dask_2_workers"),
        "runs": repeat,
        "speedup_2_vs_1_workers": timings[2].speedup_over(timings[1]),
        "speedup_2_workers_vs_in_process": timings[2].speedup_over(baseline),
        "pairs_per_s_in_process": pairs / baseline.median_s,
        "pairs_per_s_top_k_only": pairs / score.median_s,
        "candidates_per_s_read": n_scaling / read.median_s,
        "pairs_per_s_2_workers": pairs / timings[2].median_s,
        "worker_rss_mb_1_worker": rss[1],
        "worker_rss_mb_2_workers": rss[2],
        "machine_before": before,
        "machine_after": machine(),
    }
    emit_json(result)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
