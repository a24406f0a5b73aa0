"""The ``kerja-match`` command: a thin layer over the public API.

Exit codes: 0 success, 2 bad input (with a message naming the file, record and field).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import KerjaMatchError


def _taxonomy(args: argparse.Namespace) -> int:
    from .datasets import default_taxonomy
    from .taxonomy import Taxonomy

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kerja-match",
        description="Match job seekers to vacancies: normalise skills, score fit, place, train.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    tax = commands.add_parser(
        "taxonomy",
        help="summarise a taxonomy (default: the bundled vocational taxonomy)",
        epilog="example: kerja-match taxonomy --esco skills_en.csv --esco-broader broaderRelationsSkillPillar_en.csv",
    )
    tax.add_argument("path", nargs="?", help="a taxonomy JSON file written by Taxonomy.to_json")
    tax.add_argument("--esco", help="an ESCO skills CSV instead")
    tax.add_argument("--esco-broader", help="the ESCO broader-relations CSV, with --esco")
    tax.set_defaults(handler=_taxonomy)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KerjaMatchError as error:
        print(f"kerja-match: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
