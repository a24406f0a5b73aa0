"""Course recommendation on the SYNTHETIC Bekasi demo market: per-person plans and a cohort plan.

    python benchmarks/courses.py --size tiny|small|full [--repeat N]

Times (medians) ``CourseRecommender.recommend`` for every candidate against the vacancy that fits
them best (their top-1), with ``FitScorer.score`` over the same pairs as the baseline (the gap
lookup every plan starts from); a market-aware plan (``target=[vacancies]``, ``max_hours``) and the default plan
(``recommend(candidate)``: its best-fitting vacancies, 320 JP) for a few candidates; and ``plan_training`` for all candidates × all vacancies × the bundled catalogue,
with ``FitScorer.score_matrix`` as the baseline (the scoring it starts from).
"""

from __future__ import annotations

from _common import (
    TIMING_HEADER,
    emit_json,
    machine,
    measure,
    print_table,
    repeat_for,
    size_parser,
    timing_rows,
)
from kerja_match.courses import CourseRecommender
from kerja_match.datasets import default_taxonomy
from kerja_match.datasets.catalog import blk_catalog
from kerja_match.datasets.demo import bekasi_demo
from kerja_match.scoring import FitScorer

#: (candidates, employers, vacancies, candidates given a market-aware plan) per size
SIZES = {"tiny": (300, 12, 40, 3), "small": (1500, 60, 200, 10), "full": (5000, 136, 600, 20)}
MAX_HOURS = 400  # market-aware plans: about 2 months of BLK lessons
#: The cohort plan covers a year: BLK Kab. Bekasi ran 6 cohorts a year (radarbekasi.id, 17 Feb 2021).
CLASSES_PER_YEAR = 6


def main() -> None:
    args = size_parser(__doc__).parse_args()
    repeat = repeat_for(args)
    n_candidates, n_employers, n_vacancies, n_market = SIZES[args.size]
    market = bekasi_demo(n_candidates=n_candidates, n_employers=n_employers, n_vacancies=n_vacancies)
    people, jobs = list(market.candidates), list(market.vacancies)
    taxonomy = default_taxonomy()
    catalog = blk_catalog()
    scorer = FitScorer(taxonomy=taxonomy).fit(jobs)
    targets = scorer.top_k(people, k=1).indices[:, 0]
    pairs = [(person, jobs[int(v)]) for person, v in zip(people, targets, strict=True)]

    t_score, _ = measure(lambda: [scorer.score(p, v) for p, v in pairs], repeat=repeat)

    def recommend_all() -> list:
        rec = CourseRecommender(catalog, taxonomy=taxonomy, scorer=scorer)  # fresh: no warm memo
        return [rec.recommend(p, target=v) for p, v in pairs]

    t_recommend, plans = measure(recommend_all, repeat=repeat)
    rec = CourseRecommender(catalog, taxonomy=taxonomy, scorer=scorer)
    t_market, market_plans = measure(
        lambda: [rec.recommend(p, target=jobs, max_hours=MAX_HOURS) for p in people[:n_market]], repeat=repeat
    )
    t_default, default_plans = measure(lambda: [rec.recommend(p) for p in people[:n_market]], repeat=repeat)
    t_matrix, _ = measure(lambda: scorer.score_matrix(people), repeat=repeat)
    year = {c.id: c.seats * (CLASSES_PER_YEAR if c.kind == "pelatihan" else 1) for c in catalog}
    t_cohort, cohort = measure(lambda: rec.plan_training(people, jobs, seats=year), repeat=repeat)

    print(f"{len(people)} candidates x {len(jobs)} vacancies x {len(catalog)} courses ({args.size})")
    print_table(
        timing_rows(
            [
                (f"score {len(pairs)} pairs (baseline)", t_score),
                (f"recommend {len(pairs)} (one target each)", t_recommend),
                (f"score_matrix {len(people)}x{len(jobs)} (baseline)", t_matrix),
                (f"plan_training (a year: {CLASSES_PER_YEAR} classes a course)", t_cohort),
                (f"recommend {n_market} (all vacancies, <= {MAX_HOURS} JP)", t_market),
                (f"recommend {n_market} (default: 5 best-fitting, <= 320 JP)", t_default),
            ],
            t_score,
        ),
        TIMING_HEADER,
    )
    with_courses = sum(1 for p in plans if p.courses)
    print(
        f"plans with courses: {with_courses}/{len(plans)}; mean hours of those: "
        f"{sum(p.total_hours for p in plans) / max(with_courses, 1):.0f} JP"
    )
    print(cohort.text(n_groups=5))
    default_hours = [p.total_hours for p in default_plans]
    print(
        f"default plans: at most {max(default_hours, default=0):g} JP, {max((len(p.courses) for p in default_plans), default=0)} courses"
    )
    emit_json(
        {
            "benchmark": "courses",
            "size": args.size,
            "n_candidates": len(people),
            "n_vacancies": len(jobs),
            "n_courses": len(catalog),
            **t_score.as_dict("score_pairs"),
            **t_recommend.as_dict("recommend_one_target"),
            "recommend_per_candidate_ms": 1000 * t_recommend.median_s / len(pairs),
            **t_market.as_dict("recommend_market_aware"),
            **t_default.as_dict("recommend_default"),
            "default_max_courses": max((len(p.courses) for p in default_plans), default=0),
            **t_matrix.as_dict("score_matrix"),
            **t_cohort.as_dict("plan_training"),
            "cohort_method": cohort.method,
            "trainees": cohort.trainees,
            "placements_before": cohort.placements_before,
            "placements_after": cohort.placements_after,
            "local_placements_before": cohort.local_placements_before,
            "local_placements_after": cohort.local_placements_after,
            "market_aware_openings_after": sum(p.openings_after for p in market_plans),
            "machine": machine(),
        }
    )


if __name__ == "__main__":
    main()
