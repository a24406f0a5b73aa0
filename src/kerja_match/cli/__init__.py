"""The ``kerja-match`` command: a thin layer over the public API.

Exit codes: 0 success; 2 bad input (a problem report names the file, row, record, field, value and
reason; by default the good rows are still used and the outputs written, then the exit is 2);
1 when an optional extra (matplotlib, pandas) is missing. docs/cli.md describes every command.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..errors import KerjaMatchError, ValidationProblems
from . import _commands as commands
from ._read import add_read_commands
from ._run import Run, StopForProblems, cli_words
from ._terminal import refuse_overwriting_inputs, safe_terminal

COURSES_HELP = "a course catalogue (default: the bundled BLK catalogue)"


def _taxonomy(args: argparse.Namespace, run: Run) -> int:
    from ..datasets import default_taxonomy
    from ..taxonomy import Taxonomy

    if args.esco:
        taxonomy = Taxonomy.from_esco_csv(args.esco, args.esco_broader)
    elif args.path:
        taxonomy = Taxonomy.from_json(args.path)
    else:
        taxonomy = default_taxonomy()
    print(f"{taxonomy.name}")
    for key, value in taxonomy.summary().items():
        print(f"  {key:10s} {value:>8,}")
    for note in taxonomy.notes:
        print(f"  note: {note}")
    return 0


def _parents() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser, argparse.ArgumentParser]:
    """Option groups shared by commands: output, input files, and market input (candidates + vacancies)."""
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    inputs = argparse.ArgumentParser(add_help=False)
    group = inputs.add_argument_group("input files (CSV, JSON or JSON Lines, by suffix; see docs/io.md)")
    group.add_argument("--strict", action="store_true", help="stop at the first file with a bad row (exit 2)")
    group.add_argument(
        "--problems", metavar="FILE", help="also write the problem report (.csv, .json, .jsonl)"
    )
    group.add_argument("--encoding", help="input encoding when not UTF-8, e.g. cp1252 (Excel on Windows)")
    group.add_argument(
        "--delimiter",
        help="CSV cell separator, e.g. ';' (Excel in an Indonesian locale); default: found from the header",
    )
    group.add_argument("--taxonomy", metavar="JSON", help="a taxonomy JSON file (default: the bundled one)")
    market = argparse.ArgumentParser(add_help=False, parents=[inputs])
    market.add_argument("--candidates", required=True, metavar="FILE", help="job seekers")
    market.add_argument("--vacancies", required=True, metavar="FILE", help="vacancies")
    return output, inputs, market


def _office_options(parser: argparse.ArgumentParser, out_help: str) -> None:
    """Options of the office's report (demo, report)."""
    parser.add_argument("--out", metavar="DIR", help=out_help)
    parser.add_argument("--plots", metavar="DIR", help="write the PNG charts (needs kerja-match[plot])")
    parser.add_argument("--top", type=int, default=10, help="rows per printed table (default 10)")
    parser.add_argument("--no-training", action="store_true", help="skip the BLK cohort plan")
    _placement_options(parser)


def _placement_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", choices=("optimal", "stable"), default="optimal", help="placement method")
    parser.add_argument("--min-score", type=float, default=0.5, help="lowest fit score placed (default 0.5)")
    parser.add_argument(
        "--quota", type=float, default=0.3, help="share of each employer's openings reserved for locals (0.3)"
    )


def _add(
    commands_: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help_: str,
    example: str,
    parents: Sequence[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    return commands_.add_parser(
        name,
        help=help_,
        description=help_,
        epilog=f"example:\n  {example}",
        parents=list(parents),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kerja-match",
        description="Match job seekers to vacancies: normalise skills, score fit, place, train.",
        epilog="example:\n  kerja-match demo --out hasil --plots grafik\n\nEach command has --help with an example.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    output, inputs, market = _parents()

    demo = _add(sub, "demo", "run the whole pipeline on the SYNTHETIC Bekasi demo market and print the "
                "office's view", "kerja-match demo --seed 2023 --out hasil --plots grafik", [output])  # fmt: skip
    demo.add_argument("--seed", type=int, default=2023, help="seed of the demo market (default 2023)")
    demo.add_argument("--n-candidates", type=int, default=5000, help="job seekers (default 5000)")
    demo.add_argument("--n-vacancies", type=int, default=600, help="vacancies (default 600)")
    demo.add_argument("--n-employers", type=int, default=136, help="employers (default 136)")
    _office_options(demo, "write every table (CSV and JSON) and the market files")
    demo.set_defaults(handler=commands.demo)

    norm = _add(sub, "normalize", "map skill phrases (given, or in candidate/vacancy files) to taxonomy "
                "concepts", 'kerja-match normalize "operator mesin bubut" "jangka sorong" --candidates pencari.csv '
                "--out peta.csv", [output, inputs])  # fmt: skip
    norm.add_argument("phrases", nargs="*", help="skill phrases")
    norm.add_argument("--candidates", metavar="FILE", help="take the skill phrases of these job seekers")
    norm.add_argument("--vacancies", metavar="FILE", help="take the skill phrases of these vacancies")
    norm.add_argument("--score-cutoff", type=float, default=None, help="abstain below this score")
    norm.add_argument("--out", metavar="FILE", help="write phrase -> concept (.csv or .json)")
    norm.add_argument(
        "--unmapped-out", metavar="FILE", help="write the phrases it abstained on (.csv or .json)"
    )
    norm.set_defaults(handler=commands.normalize)

    score = _add(sub, "score", "shortlists: the best candidates per vacancy, or the best vacancies per "
                 "candidate", "kerja-match score --candidates pencari.csv --vacancies lowongan.csv -k 5 "
                 "--out shortlist.csv", [output, market])  # fmt: skip
    score.add_argument(
        "--by", choices=("vacancy", "candidate"), default="vacancy", help="rows per (default vacancy)"
    )
    score.add_argument("-k", type=int, default=10, help="entries per shortlist (default 10)")
    score.add_argument(
        "--explain", nargs=2, metavar=("CANDIDATE", "VACANCY"), help="explain one pair's score"
    )
    score.add_argument("--top", type=int, default=5, help="shortlists printed (default 5)")
    score.add_argument("--out", metavar="FILE", help="write every shortlist (.csv or .json)")
    score.set_defaults(handler=commands.score)

    place_ = _add(sub, "place", "place candidates into openings, reserving a share for local KTP holders",
                  "kerja-match place --candidates pencari.csv --vacancies lowongan.csv --quota 0.3 "
                  "--out penempatan.csv", [output, market])  # fmt: skip
    _placement_options(place_)
    place_.add_argument("--out", metavar="FILE", help="write the assignments (.csv or .json)")
    place_.add_argument("--employers-out", metavar="FILE", help="write the per-employer quota table")
    place_.add_argument("--top", type=int, default=10, help="employers printed (default 10)")
    place_.set_defaults(handler=commands.place_command)

    gaps = _add(sub, "gaps", "what the workforce lacks for the vacancies, or one candidate for one vacancy",
                "kerja-match gaps --candidates pencari.csv --vacancies lowongan.csv --out kekurangan.csv",
                [output, market])  # fmt: skip
    gaps.add_argument("--candidate", metavar="ID", help="one candidate's gaps (with --vacancy)")
    gaps.add_argument("--vacancy", metavar="ID", help="the vacancy for --candidate")
    gaps.add_argument("--top", type=int, default=10, help="rows printed (default 10)")
    gaps.add_argument("--out", metavar="FILE", help="write the gaps (.csv or .json)")
    gaps.set_defaults(handler=commands.gaps)

    rec = _add(sub, "recommend", "BLK courses: a plan for one candidate, or a cohort plan with the seats "
               "there are", "kerja-match recommend --candidates pencari.csv --vacancies lowongan.csv "
               "--candidate c-00042 --max-hours 400", [output, market])  # fmt: skip
    rec.add_argument("--courses", metavar="FILE", help=COURSES_HELP)
    rec.add_argument("--candidate", metavar="ID", help="plan for this candidate")
    rec.add_argument(
        "--vacancy",
        metavar="ID",
        help="towards this vacancy (default: the candidate's 5 "
        "best-fitting vacancies that courses can open, most openings)",
    )
    rec.add_argument(
        "--max-hours",
        type=float,
        help="lesson hours (JP) budget without --vacancy (default 320; inf: no limit)",
    )
    rec.add_argument("--cohort", action="store_true", help="who takes which course, for everyone")
    rec.add_argument("--seats", nargs="+", default=[], metavar="COURSE=N", help="seats per course (cohort)")
    rec.add_argument("--threshold", type=float, default=0.5, help="fit that counts as eligible (0.5)")
    rec.add_argument("--out", metavar="FILE", help="write the plan (.csv or .json)")
    rec.set_defaults(handler=commands.recommend)

    report = _add(sub, "report", "the office's report: placements vs the local quota, demand, shortages, "
                  "training", "kerja-match report --candidates pencari.csv --vacancies lowongan.csv --out "
                  "laporan --plots grafik", [output, market])  # fmt: skip
    report.add_argument("--courses", metavar="FILE", help=COURSES_HELP)
    _office_options(report, "write every table (CSV and JSON)")
    report.set_defaults(handler=commands.report)

    tax = _add(sub, "taxonomy", "summarise a taxonomy (default: the bundled vocational taxonomy)",
               "kerja-match taxonomy --esco skills_en.csv --esco-broader broaderRelationsSkillPillar_en.csv",
               [output])  # fmt: skip
    tax.add_argument("path", nargs="?", help="a taxonomy JSON file written by Taxonomy.to_json")
    tax.add_argument("--esco", help="an ESCO skills CSV instead")
    tax.add_argument("--esco-broader", help="the ESCO broader-relations CSV, with --esco")
    tax.set_defaults(handler=_taxonomy)

    add_read_commands(sub, _add, output)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with safe_terminal() as raw_stderr:  # nothing printed can drive the terminal or show personal data
        args = build_parser().parse_args(argv)
        return _run(args, Run(args, progress_stream=raw_stderr))


def _run(args: argparse.Namespace, run: Run) -> int:
    try:
        refuse_overwriting_inputs(args)  # before anything is read, and before --problems is written
        run.outputs_checked = True
        code = int(args.handler(args, run))
    except StopForProblems:
        code = 2
    except ValidationProblems as error:
        run.fatal(error)
        code = 2
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KerjaMatchError as error:
        print(f"kerja-match: error: {cli_words(str(error))}", file=sys.stderr)
        code = 2
    except OSError as error:  # the reason and the path, not "[Errno 2] ..."
        where = f": {error.filename}" if error.filename else ""
        print(f"kerja-match: error: {(error.strerror or str(error)).lower()}{where}", file=sys.stderr)
        code = 2
    except ImportError as error:  # an optional extra is missing; the message names it
        print(f"kerja-match: {error}", file=sys.stderr)
        code = 1
    return run.finish(code)
