"""place() on a generated job-fair market: optimal and stable beside linear_sum_assignment and `matching`.

    python benchmarks/placement.py --size tiny|small|full [--candidates N] [--vacancies M] [--repeat R]

The full size is the issue's market: 20,000 candidates × 1,000 vacancies, 3 openings each, 136
employers (the office's 2022 count), 40% local KTP holders, fit scores from latent skill profiles
(about half the pairs reach min_score 0.5). Baselines, timed in the same process on the same scores:

* linear_sum_assignment (scipy): the dense (candidates × openings) matrix with each vacancy expanded
  to one column per opening, ineligible pairs weighing 0; its total fit must equal place(optimal)'s;
* matching (daffidwilde/matching): HospitalResident solved resident-optimal on the same preference
  lists; its result must equal place(stable)'s. Its set-up is quadratic in pure Python, so it runs on
  a sub-market (the first candidates and vacancies; the table says which) and place(stable) is timed
  again on that same sub-market for the ratio. It needs ``sys.setrecursionlimit`` raised (its inputs
  are deep-copied player graphs).

Preference lists for `matching` and the expanded matrix for linear_sum_assignment are built outside
the clock; place() is timed end to end (validation, encoding, solving, the Placement).
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from _common import (
    TIMING_HEADER,
    Timing,
    emit_json,
    machine,
    measure,
    print_table,
    repeat_for,
    size_parser,
    timing_rows,
)
from kerja_match.models import Candidate, Vacancy
from kerja_match.placement import Placement, place

SIZES = {  # candidates, vacancies, sub-market for `matching` (candidates, vacancies)
    "tiny": (300, 15, (300, 15)),
    "small": (4_000, 200, (1_000, 50)),
    "full": (20_000, 1_000, (2_000, 100)),
}
OPENINGS = 3
EMPLOYERS = 136
LOCAL_SHARE = 0.4
MIN_SCORE = 0.5
QUOTA = 0.3


@dataclass(frozen=True)
class JobFair:
    candidates: list[Candidate]
    vacancies: list[Vacancy]
    scores: np.ndarray  # float32 (n_candidates, n_vacancies)

    def head(self, n_candidates: int, n_vacancies: int) -> JobFair:
        return JobFair(
            self.candidates[:n_candidates],
            self.vacancies[:n_vacancies],
            np.ascontiguousarray(self.scores[:n_candidates, :n_vacancies]),
        )


def job_fair(n_candidates: int, n_vacancies: int, seed: int = 0) -> JobFair:
    """Scores from 16-dimensional skill profiles: 0.5 + cosine / 2, plus noise, clipped to [0, 1]."""
    rng = np.random.default_rng(seed)
    people = rng.normal(size=(n_candidates, 16))
    jobs = rng.normal(size=(n_vacancies, 16))
    people /= np.linalg.norm(people, axis=1, keepdims=True)
    jobs /= np.linalg.norm(jobs, axis=1, keepdims=True)
    noise = rng.normal(0, 0.05, (n_candidates, n_vacancies))
    scores = np.clip(0.5 + 0.5 * people @ jobs.T + noise, 0, 1).astype(np.float32)
    local = rng.random(n_candidates) < LOCAL_SHARE
    candidates = [
        Candidate(id=f"c{i:06d}", ktp_region="32.16.09" if local[i] else "32.75.01")
        for i in range(n_candidates)
    ]
    vacancies = [
        Vacancy(id=f"v{j:05d}", employer=f"PT {j % EMPLOYERS:03d}", openings=OPENINGS)
        for j in range(n_vacancies)
    ]
    return JobFair(candidates, vacancies, scores)


def lsa_on_slots(weights: np.ndarray, slot_vacancy: np.ndarray) -> dict[int, int]:
    rows, cols = linear_sum_assignment(weights, maximize=True)
    keep = weights[rows, cols] > 0
    return dict(zip(rows[keep].tolist(), slot_vacancy[cols[keep]].tolist(), strict=True))


def time_lsa(fair: JobFair, repeat: int) -> tuple[Timing, float]:
    """linear_sum_assignment on the expanded (candidates × openings) matrix; the matrix is built untimed."""
    slot_vacancy = np.repeat(np.arange(len(fair.vacancies)), [v.openings for v in fair.vacancies])
    weights = np.where(fair.scores >= MIN_SCORE, fair.scores, 0).astype(np.float64)[:, slot_vacancy]
    timing, assigned = measure(lambda: lsa_on_slots(weights, slot_vacancy), repeat=repeat)
    return timing, sum(float(fair.scores[i, j]) for i, j in assigned.items())


def preference_lists(fair: JobFair) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, int]]:
    """Both sides rank acceptable partners by score, ties to the smaller id (ids sort like indices)."""
    ok = fair.scores >= MIN_SCORE
    cids = [c.id for c in fair.candidates]
    vids = [v.id for v in fair.vacancies]
    residents = {}
    for i, cid in enumerate(cids):
        cols = np.flatnonzero(ok[i])
        if cols.size:
            residents[cid] = [vids[j] for j in cols[np.lexsort((cols, -fair.scores[i, cols]))]]
    hospitals = {}
    for j, vid in enumerate(vids):
        rows = np.flatnonzero(ok[:, j])
        if rows.size:
            hospitals[vid] = [cids[i] for i in rows[np.lexsort((rows, -fair.scores[rows, j]))]]
    return residents, hospitals, {vid: v.openings for vid, v in zip(vids, fair.vacancies, strict=True)}


def solve_with_matching(residents: dict, hospitals: dict, capacities: dict) -> dict[str, str]:
    from matching.games import HospitalResident

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
        solved = game.solve(optimal="resident")
    return {r.name: h.name for h, held in solved.items() for r in held}


def by_place(fair: JobFair, method: str, quota: float | None = None) -> Placement:
    return place(
        fair.candidates, fair.vacancies, fair.scores, method=method, min_score=MIN_SCORE, local_quota=quota
    )  # type: ignore[arg-type]


def main() -> None:
    parser = size_parser(__doc__)
    parser.add_argument("--candidates", type=int, default=None)
    parser.add_argument("--vacancies", type=int, default=None)
    args = parser.parse_args()
    n_c, n_v, (sub_c, sub_v) = SIZES[args.size]
    n_c, n_v = args.candidates or n_c, args.vacancies or n_v
    sub_c, sub_v = min(sub_c, n_c), min(sub_v, n_v)
    repeat = repeat_for(args)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))  # `matching` deep-copies player graphs
    fair = job_fair(n_c, n_v)

    t_optimal, optimal = measure(lambda: by_place(fair, "optimal"), repeat=repeat)
    t_stable, stable = measure(lambda: by_place(fair, "stable"), repeat=repeat)
    t_optimal_q, optimal_q = measure(lambda: by_place(fair, "optimal", QUOTA), repeat=repeat)
    t_stable_q, stable_q = measure(lambda: by_place(fair, "stable", QUOTA), repeat=repeat)

    t_lsa, lsa_total = time_lsa(fair, repeat)

    sub = fair.head(sub_c, sub_v)
    prefs = preference_lists(sub)
    t_matching, matched = measure(
        lambda: solve_with_matching(*prefs), repeat=1 if args.size == "full" else repeat
    )
    t_stable_sub, stable_sub = measure(lambda: by_place(sub, "stable"), repeat=repeat)
    same_as_matching = {c: v for c, v, _ in stable_sub.assignments} == matched

    print(f"place(): {n_c:,} candidates × {n_v:,} vacancies × {OPENINGS} openings, min_score {MIN_SCORE}")
    print_table(
        timing_rows(
            [
                ("linear_sum_assignment (dense slots)", t_lsa),
                ("place optimal", t_optimal),
                ("place stable", t_stable),
                (f"place optimal, quota {QUOTA:.0%}", t_optimal_q),
                (f"place stable, quota {QUOTA:.0%}", t_stable_q),
            ],
            t_lsa,
        ),
        TIMING_HEADER,
    )
    print(f"\n`matching` on the first {sub_c:,} candidates × {sub_v:,} vacancies")
    print_table(
        timing_rows([("matching HospitalResident", t_matching), ("place stable", t_stable_sub)], t_matching),
        TIMING_HEADER,
    )
    print(f"\noptimal total fit {optimal.total_score:.4f}, linear_sum_assignment {lsa_total:.4f}")
    print(f"optimal: exact={optimal.exact}; " + "; ".join(optimal.notes))
    print(f"stable equals matching's resident-optimal result: {same_as_matching}")
    for name, plan in (("optimal", optimal_q), ("stable", stable_q)):
        print(f"with quota {QUOTA:.0%}, {name}: " + plan.summary().text().replace("\n", "; "))

    emit_json(
        {
            "size": args.size,
            "candidates": n_c,
            "vacancies": n_v,
            "openings": OPENINGS,
            "repeat": repeat,
            **t_optimal.as_dict("optimal"),
            **t_stable.as_dict("stable"),
            **t_optimal_q.as_dict("optimal_quota"),
            **t_stable_q.as_dict("stable_quota"),
            **t_lsa.as_dict("linear_sum_assignment"),
            "optimal_speedup_over_lsa": t_optimal.speedup_over(t_lsa),
            "optimal_total_fit": optimal.total_score,
            "lsa_total_fit": lsa_total,
            "optimal_exact": optimal.exact,
            "matching_candidates": sub_c,
            "matching_vacancies": sub_v,
            **t_matching.as_dict("matching"),
            **t_stable_sub.as_dict("stable_on_matching_market"),
            "stable_speedup_over_matching": t_stable_sub.speedup_over(t_matching),
            "stable_equals_matching": same_as_matching,
            "stable_placed": len(stable.assignments),
            "machine": machine(),
        }
    )
    if abs(optimal.total_score - lsa_total) > 1e-6 * max(1.0, lsa_total) or not same_as_matching:
        sys.exit("placement benchmark: a result disagrees with its baseline (see above)")


if __name__ == "__main__":
    main()
