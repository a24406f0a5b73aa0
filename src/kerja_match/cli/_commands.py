"""What each ``kerja-match`` command does: read the files, call the public API, print and write tables.

Nothing here computes what the library does not: every number comes from a public function
(``FitScorer``, ``place``, ``market_gaps``, ``skill_gaps``, ``CourseRecommender``, ``office_report``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._identifiers import identity
from .._privacy import mask_personal
from ..errors import KerjaMatchError
from ..io import iter_candidates, read_candidates, read_courses, read_vacancies
from ..reports import Table, flags_table
from ._run import MATCH_BLOCK, MAX_PROBLEMS_SHOWN, Run, T
from ._terminal import refuse_overwriting_inputs

if TYPE_CHECKING:
    from ..models import Candidate, Course, Vacancy
    from ..reports import OfficeReport
    from ..scoring import FitScorer
    from ..taxonomy import Taxonomy

# -- shared steps -----------------------------------------------------------------------------------


def _taxonomy(args: argparse.Namespace) -> Taxonomy:
    from ..datasets import default_taxonomy
    from ..taxonomy import Taxonomy

    return Taxonomy.from_json(args.taxonomy) if getattr(args, "taxonomy", None) else default_taxonomy()


def _market(args: argparse.Namespace, run: Run) -> tuple[list[Candidate], list[Vacancy]]:
    return run.read(read_candidates, args.candidates), _flagged(run.read(read_vacancies, args.vacancies))


def _flagged(vacancies: list[Vacancy]) -> list[Vacancy]:
    """The vacancies with their protected requirements in ``flags``, listed on stderr: an ad asking
    for "pria" or "usia maks. 30" is a finding for the labour office, never an input to a score."""
    from ..normalize import flag_vacancy

    flagged = [flag_vacancy(v) for v in vacancies]
    table = flags_table(flagged)
    if table.rows:
        print(f"kerja-match: {table.text(max_rows=MAX_PROBLEMS_SHOWN, width=120)}", file=sys.stderr)
    return flagged


def _scorer(args: argparse.Namespace, vacancies: list[Vacancy]) -> FitScorer:
    from ..scoring import FitScorer

    return FitScorer(taxonomy=_taxonomy(args)).fit(vacancies)


def _courses(args: argparse.Namespace, run: Run) -> list[Course]:
    from ..datasets.catalog import blk_catalog

    return run.read(read_courses, args.courses) if args.courses else blk_catalog()


def _by_id(records: Sequence[T], wanted: str, kind: str, path: str) -> T:
    wanted = identity(wanted)  # as the records' ids are
    for record in records:
        if getattr(record, "id", None) == wanted:
            return record
    raise KerjaMatchError(f"{kind} {wanted!r} is not among the {len(records)} good {kind} records of {path}")


def _write(table: Table, path: str | None) -> None:
    if path:
        table.write(path)
        print(f"wrote {len(table):,} rows to {path}")


def _print_office(report: OfficeReport, args: argparse.Namespace) -> None:
    print(report.text(n=args.top))
    if args.out:
        tables = [
            Path(args.out) / f"{name}.{suffix}" for name in report.tables() for suffix in ("csv", "json")
        ]
        refuse_overwriting_inputs(args, [("out", path) for path in tables])
        paths = report.write_tables(args.out)
        print(f"\nwrote {len(paths)} table files to {args.out}")
    if args.plots:
        paths = report.plot(args.plots)
        print(f"wrote {len(paths)} charts to {args.plots}: {', '.join(p.name for p in paths)}")


def _office(
    args: argparse.Namespace,
    run: Run,
    candidates: Sequence[Candidate],
    vacancies: Sequence[Vacancy],
    courses: Sequence[Course],
) -> OfficeReport:
    from ..reports import office_report

    scorer = _scorer(args, list(vacancies))
    return office_report(
        candidates,
        vacancies,
        courses,
        scorer=scorer,
        quota=args.quota,
        min_score=args.min_score,
        method=args.method,
        train=not args.no_training,
        progress=run.progress,
    )


# -- commands ---------------------------------------------------------------------------------------


def demo(args: argparse.Namespace, run: Run) -> int:
    from ..datasets.demo import bekasi_demo
    from ..io import write_candidates, write_courses, write_vacancies

    market = bekasi_demo(
        seed=args.seed,
        n_candidates=args.n_candidates,
        n_employers=args.n_employers,
        n_vacancies=args.n_vacancies,
    )
    print(market.description + "\n")
    report = _office(args, run, market.candidates, market.vacancies, market.courses)
    _print_office(report, args)
    if args.out:
        folder = Path(args.out) / "market"
        folder.mkdir(parents=True, exist_ok=True)
        write_candidates(market.candidates, folder / "candidates.csv")
        write_vacancies(market.vacancies, folder / "vacancies.csv")
        write_courses(market.courses, folder / "courses.csv")
        print(f"wrote the demo market to {folder} (candidates.csv, vacancies.csv, courses.csv)")
    run.done()
    return 0


def report(args: argparse.Namespace, run: Run) -> int:
    candidates, vacancies = _market(args, run)
    courses = _courses(args, run)
    _print_office(_office(args, run, candidates, vacancies, courses), args)
    run.done()
    return 0


def normalize(args: argparse.Namespace, run: Run) -> int:
    from ..normalize import DEFAULT_SCORE_CUTOFF, SkillNormalizer

    phrases = [mask_personal(p) for p in args.phrases]  # as every record's phrases are
    if args.candidates:
        people = run.read(read_candidates, args.candidates)
        phrases += [c.skill for p in people for c in (*p.skills, *p.soft_skills)]
    if args.vacancies:
        jobs = run.read(read_vacancies, args.vacancies)
        phrases += [r.skill for v in jobs for r in (*v.requirements, *v.soft_requirements)]
    if not phrases:
        raise KerjaMatchError(
            "normalize: give skill phrases, or --candidates / --vacancies files holding some"
        )
    cutoff = DEFAULT_SCORE_CUTOFF if args.score_cutoff is None else args.score_cutoff
    normalizer = SkillNormalizer(score_cutoff=cutoff).fit(_taxonomy(args))
    counts = Counter(phrases)
    distinct = sorted(counts, key=lambda p: (-counts[p], p))
    # match() takes a whole list; blocks of distinct phrases let the bar move (each phrase is matched alone)
    blocks = [distinct[i : i + MATCH_BLOCK] for i in range(0, len(distinct), MATCH_BLOCK)]
    matches = [m for block in run.bar(blocks, "normalising") for m in normalizer.match(block)]
    rows = tuple(
        (m.phrase, counts[m.phrase], m.concept_id, m.label, round(m.score, 4), m.method) for m in matches
    )
    mapping = Table("mapping", "Skill phrases and their concepts", ("phrase", "count", "concept_id", "label",
                    "score", "method"), rows)  # fmt: skip
    unmapped = normalizer.unmapped_report(phrases)
    print(mapping.text(max_rows=30))
    print(
        f"\n{unmapped.abstained:,} of {unmapped.total:,} phrases ({unmapped.abstained_share:.1%}) abstained; "
        f"{unmapped.nonskill:,} more name a non-skill requirement (education, age, pay, ...)"
    )
    unmapped_rows = tuple(
        (
            r.canonical,
            r.count,
            " | ".join(r.examples),
            " | ".join(f"{cid} {s:.2f}" for cid, _, s in r.nearest),
        )
        for r in unmapped.rows
    )
    abstained = Table("unmapped", "Abstained (most frequent first)", ("canonical", "count", "examples",
                      "nearest"), unmapped_rows)  # fmt: skip
    if unmapped_rows:
        print(abstained.text(max_rows=15))
    _write(mapping, args.out)
    _write(abstained, args.unmapped_out)
    return 0


def score(args: argparse.Namespace, run: Run) -> int:
    candidates: Iterable[Candidate]
    if args.explain or args.strict:  # one pair looked up, or no scoring before the whole file is checked
        candidates, vacancies = _market(args, run)
    else:  # the scorer takes candidates block by block: a large file is never held whole
        vacancies = _flagged(run.read(read_vacancies, args.vacancies))
        candidates = run.stream(iter_candidates, args.candidates)
    scorer = _scorer(args, vacancies)
    if args.explain:  # one pair asked about: its explanation alone, not every shortlist after it
        _explain(scorer, list(candidates), vacancies, args)
        return 0
    if args.by == "vacancy":
        top = scorer.shortlist(run.bar(candidates, "scoring"), k=args.k)
        names = top.vacancy_ids
    else:
        top = scorer.top_k(run.bar(candidates, "scoring"), k=args.k)
        names = top.candidate_ids
    columns = top.columns
    rows = tuple((row, rank, other, round(s, 4)) for row, rank, other, s in top.rows() if s > 0)
    table = Table(
        "shortlists", f"Shortlists per {args.by} (k={args.k}; score 0 is not eligible)", columns, rows
    )
    shown = names[: args.top]
    print(
        Table(table.name, table.title, columns, tuple(r for r in rows if r[0] in shown)).text(max_rows=None)
    )
    if len(names) > len(shown):
        print(f"... and {len(names) - len(shown):,} more shortlists (--top, --out)")
    _write(table, args.out)
    return 0


def _explain(scorer: FitScorer, candidates: list[Candidate], vacancies: list[Vacancy], args: Any) -> None:
    candidate = _by_id(candidates, args.explain[0], "candidate", args.candidates)
    vacancy = _by_id(vacancies, args.explain[1], "vacancy", args.vacancies)
    fit = scorer.score(candidate, vacancy)
    rows = tuple(
        (r.part, r.item, round(r.weight, 4), round(r.credit, 4), round(r.contribution, 4), r.detail)
        for r in fit.explain()
    )
    title = f"Fit of {candidate.id} for {vacancy.id}: {fit.score:.3f} (confidence {fit.confidence:.2f})"
    columns = ("part", "item", "weight", "credit", "contribution", "detail")
    widest = max((len(str(cell)) for row in rows for cell in row), default=0)
    print(
        Table("explain", title, columns, rows).text(None, width=widest)
    )  # nothing cut: one pair, read in full
    for reason in fit.reasons:
        print(f"  {reason}")


def place_command(args: argparse.Namespace, run: Run) -> int:
    from ..placement import place
    from ..reports import assignments_table, employer_quota_table

    candidates, vacancies = _market(args, run)
    scores = _scorer(args, vacancies).score_matrix(run.bar(candidates, "scoring"))
    placement = place(
        candidates, vacancies, scores, method=args.method, min_score=args.min_score, local_quota=args.quota
    )
    print(placement.summary(target=args.quota).text() + "\n")
    employers = employer_quota_table(placement, quota=args.quota)
    print(employers.text(max_rows=args.top))
    _write(assignments_table(placement), args.out)
    _write(employers, args.employers_out)
    return 0


def gaps(args: argparse.Namespace, run: Run) -> int:
    from ..training import market_gaps, skill_gaps

    candidates, vacancies = _market(args, run)
    scorer = _scorer(args, vacancies)
    if args.candidate or args.vacancy:
        if not (args.candidate and args.vacancy):
            raise KerjaMatchError("gaps: --candidate and --vacancy come together")
        candidate = _by_id(candidates, args.candidate, "candidate", args.candidates)
        vacancy = _by_id(vacancies, args.vacancy, "vacancy", args.vacancies)
        found = skill_gaps(candidate, vacancy, scorer=scorer)
        columns = ("concept_id", "label_id", "label_en", "kind", "required_level", "current_level", "required",
                   "weight", "phrase")  # fmt: skip
        rows = tuple(tuple(getattr(g, c) for c in columns) for g in found)
        table = Table("skill_gaps", f"What {candidate.id} lacks for {vacancy.id}", columns, rows)
    else:
        market = market_gaps(candidates, vacancies, scorer=scorer)
        rows = tuple(r.values() for r in market.rows)
        table = Table("market_gaps", market.text(0), market.COLUMNS, rows)
    hidden = ("concept_id", "label_en", "label_english", "kind", "phrase", "weight")
    narrow = [c for c in table.columns if c not in hidden]
    keep = [table.columns.index(c) for c in narrow]
    print(
        Table(table.name, table.title, tuple(narrow), tuple(tuple(r[k] for k in keep) for r in rows)).text(
            args.top
        )
    )
    _write(table, args.out)
    return 0


def recommend(args: argparse.Namespace, run: Run) -> int:
    from ..reports import trainees_table, training_table
    from ..training import CourseRecommender
    from ..training._gaps import common_local_region

    candidates, vacancies = _market(args, run)
    scorer = _scorer(args, vacancies)
    recommender = CourseRecommender(
        _courses(args, run), taxonomy=scorer.taxonomy_, scorer=scorer, threshold=args.threshold
    )
    if args.cohort:
        plan = recommender.plan_training(candidates, vacancies, seats=_seats(args.seats))
        local = frozenset(c.id for c in candidates if c.is_local(common_local_region(vacancies)))
        print(plan.text() + "\n")
        print(training_table(plan, recommender.courses, local).text(max_rows=None))
        _write(trainees_table(plan, local), args.out)
        return 0
    if not args.candidate:
        raise KerjaMatchError("recommend: give --candidate ID (a plan for one person) or --cohort")
    candidate = _by_id(candidates, args.candidate, "candidate", args.candidates)
    # no --vacancy: the candidate's best-fitting vacancies that courses can open, within the budget
    target = _by_id(vacancies, args.vacancy, "vacancy", args.vacancies) if args.vacancy else None
    one = recommender.recommend(candidate, target, max_hours=args.max_hours)
    print(one.text())
    columns = ("step", "course_id", "title", "provider", "kind", "hours")
    rows = tuple((k, c.id, c.title, c.provider, c.kind, c.hours) for k, c in enumerate(one.courses, start=1))
    _write(Table("plan", f"Training plan for {candidate.id}", columns, rows), args.out)
    return 0


def _seats(items: Sequence[str]) -> dict[str, int] | None:
    seats: dict[str, int] = {}
    for item in items:
        course, _, number = item.partition("=")
        if not course or not number.strip().isdigit():
            raise KerjaMatchError(f"--seats: expected COURSE=N such as blk-bubut-dasar=48, got {item!r}")
        seats[course.strip()] = int(number)
    return seats or None
