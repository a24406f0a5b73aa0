"""A job fair in Kabupaten Bekasi, from spreadsheets to the labour office's report.

The story, step by step, on the SYNTHETIC demo market (no real person, vacancy or company):

1. the office receives job seekers and vacancies as CSV files, some rows with mistakes;
2. skill phrases, written as people write them, are mapped to the taxonomy;
3. every candidate is scored against every vacancy, and one score explains itself;
4. each employer gets a shortlist; people are placed with 30% of openings reserved for KTP holders
   of Kabupaten Bekasi (Peraturan Bupati Bekasi 9/2019);
5. what the workforce lacks, and a BLK training plan for one person and for a cohort;
6. the office's report: tables (CSV, JSON) and charts (PNG, with matplotlib); ``office_report()``
   runs steps 3-5 in one call.

    python examples/bekasi_job_fair.py [--small] [--out DIR]

``--small`` (or the environment variable KERJA_MATCH_EXAMPLE_SMALL=1) uses a smaller market, as CI does.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import tempfile
from pathlib import Path

from kerja_match.courses import CourseRecommender
from kerja_match.datasets import default_taxonomy
from kerja_match.datasets.demo import bekasi_demo
from kerja_match.gaps import market_gaps
from kerja_match.io import read_candidates, read_vacancies, write_candidates, write_vacancies
from kerja_match.normalize import SkillNormalizer
from kerja_match.placement import place
from kerja_match.reports import OfficeReport
from kerja_match.scoring import FitScorer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a smaller market (fast)")
    parser.add_argument(
        "--out", type=Path, help="folder for files, tables and charts (default: a temp folder)"
    )
    args = parser.parse_args()
    small = args.small or os.environ.get("KERJA_MATCH_EXAMPLE_SMALL") == "1"
    out = args.out or Path(tempfile.mkdtemp(prefix="bekasi_job_fair_"))
    out.mkdir(parents=True, exist_ok=True)

    # 1. Files in: the demo market as the office would receive it, plus a row with a mistake.
    sizes = {"n_candidates": 400, "n_employers": 30, "n_vacancies": 50} if small else {}
    market = bekasi_demo(seed=2023, **sizes)
    print(market.description, "\n")
    write_candidates(market.candidates, out / "pencari_kerja.csv")
    write_vacancies(market.vacancies, out / "lowongan.csv")
    with (out / "pencari_kerja.csv").open("a", encoding="utf-8") as stream:
        stream.write("c-99999,mesin bubut:7,,32.16,32.16.09,SMK,,,\n")  # level 7: there are five levels
    read = read_candidates(out / "pencari_kerja.csv")
    candidates = read.records
    vacancies = read_vacancies(out / "lowongan.csv", strict=True).records
    print(f"read {len(candidates):,} candidates and {len(vacancies):,} vacancies; problems:")
    for problem in read.problems:
        print(f"  {problem}")

    # 2. Skill phrases -> taxonomy concepts (or an honest abstention).
    taxonomy = default_taxonomy()
    normalizer = SkillNormalizer().fit(taxonomy)
    for match in normalizer.match(["operator mesin bubut", "jangka sorong", "las listrik", "gaji UMK"]):
        print(f"  {match.phrase!r:24} -> {match.concept_id} ({match.score:.2f}, {match.method})")

    # 3. Scores, and one of them explained row by row (the rows add up to the score).
    scorer = FitScorer(taxonomy=taxonomy, normalizer=normalizer).fit(vacancies)
    scores = scorer.score_matrix(candidates)
    best = divmod(int(scores.argmax()), scores.shape[1])
    fit = scorer.score(candidates[best[0]], vacancies[best[1]])
    print(f"\nbest pair {fit.candidate_id} x {fit.vacancy_id}: {fit.score:.3f}")
    for row in fit.explain():
        print(f"  {row.part:8} {row.item[:36]:36} {row.contribution:+.3f}  {row.detail[:50]}")

    # 4. The employer's shortlist, then placement with the local quota.
    shortlist = scorer.shortlist(candidates, k=5)
    print(f"\nshortlist for {shortlist.vacancy_ids[0]}: {shortlist.ids()[0]}")
    placement = place(candidates, vacancies, scores, min_score=0.5, local_quota=0.3)
    print(placement.summary(target=0.3))

    # 5. What the workforce lacks, and training: one unplaced person, then a BLK cohort.
    gaps = market_gaps(candidates, vacancies, scorer=scorer)
    print("\n" + gaps.text(5))
    recommender = CourseRecommender(market.courses, taxonomy=taxonomy, scorer=scorer)
    unplaced = {cid for cid, _ in placement.unplaced}
    person = next(c for c in candidates if c.id in unplaced)
    plan = recommender.recommend(person)  # its 5 best-fitting vacancies that courses can open, 320 JP
    print("\n" + plan.text())
    cohort = recommender.plan_training(candidates, vacancies, placement=placement)  # placed once

    # 6. The office's report from these results: tables and charts written.
    report = OfficeReport(placement, gaps, cohort, market.courses, quota=0.3)
    print("\n" + report.text(n=5))
    written = report.write_tables(out / "tables")
    print(f"\nwrote {len(written)} table files to {out / 'tables'}")
    if importlib.util.find_spec("matplotlib") is not None:
        charts = report.plot(out / "charts")
        print(f"wrote {len(charts)} charts to {out / 'charts'}")
    else:
        print('charts skipped: pip install "kerja-match[plot]"')


if __name__ == "__main__":
    main()
