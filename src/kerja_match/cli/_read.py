"""``read-ads`` and ``read-cvs``: a folder of .txt files or a JSON Lines file of texts -> the
vacancies (or candidates) file that ``score`` and ``place`` read, a mentions table and, for ads, the
flags table (the office's list of ads with protected-attribute requirements).

Every record is read by the public :func:`kerja_match.read_job_ad` / :func:`kerja_match.read_cv`.
A text that cannot be read (not a string, empty, an id the records refuse) is a problem naming the
file and the record; the others are written and the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._identifiers import REGION_CODE
from ..errors import KerjaMatchError, Problem
from ..io import write_candidates, write_vacancies
from ..reports import Table
from ._commands import _taxonomy, _write
from ._run import Run

MENTION_COLUMNS = ("record", "section", "start", "end", "text", "concept_id", "score", "requirement_kind")
FLAG_COLUMNS = ("record", "kind", "text", "start", "end", "rule", "section")
_ID_FIELDS = ("id", "posting_id", "candidate_id", "vacancy_id")
_EMPLOYER_FIELDS = ("employer", "company", "perusahaan")


def _texts(path: str, text_field: str, run: Run) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(record id, text, other fields) of a folder of .txt files (id: the file name without .txt)
    or of a JSON Lines file (id: the ``id``/``posting_id`` field, else ``line-N``)."""
    source = Path(path)
    if source.is_dir():
        files = sorted(source.glob("*.txt"))
        if not files:
            raise KerjaMatchError(f"{path}: a folder of .txt files was expected; it holds none")
        for file in files:
            yield file.stem, file.read_text(encoding=getattr(run.args, "encoding", None) or "utf-8"), {}
        return
    if not source.is_file():
        raise KerjaMatchError(f"{path}: no such file or folder")
    with source.open(encoding=getattr(run.args, "encoding", None) or "utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                run.problems.append(
                    Problem(f"{source.name}: line {number}", "(line)", f"not JSON: {error.msg}", None, number)
                )
                continue
            if not isinstance(row, dict) or not isinstance(row.get(text_field), str):
                message = f"expected an object with a text field {text_field!r}"
                run.problems.append(
                    Problem(f"{source.name}: line {number}", text_field, message, None, number)
                )
                continue
            record_id = next(
                (str(row[f]) for f in _ID_FIELDS if row.get(f) not in (None, "")), f"line-{number}"
            )
            yield record_id, row[text_field], row


def _mention_rows(record: str, mentions: Any) -> list[tuple[Any, ...]]:
    return [
        (record, m.section, m.start, m.end, m.text, m.concept_id, round(m.score, 4), m.requirement_kind)
        for m in mentions
    ]


def _region(value: object) -> str | None:
    return value if isinstance(value, str) and REGION_CODE.match(value) else None


def read_ads(args: argparse.Namespace, run: Run) -> int:
    from ..normalize import SkillExtractor, read_job_ad

    extractor = SkillExtractor().fit(_taxonomy(args))
    vacancies, mentions, flags = [], [], []
    items = list(_texts(args.ads, args.text_field, run))
    for record_id, text, row in run.bar(items, "read-ads"):
        employer = next((str(row[f])[:200] for f in _EMPLOYER_FIELDS if row.get(f)), args.employer)
        location = _region(row.get("location")) or args.location
        try:
            ad = read_job_ad(
                text,
                id=record_id,
                employer=employer,
                location=location,
                title=str(row.get("title", ""))[:200],
                extractor=extractor,
            )
        except KerjaMatchError as error:
            run.problems.append(Problem(f"job ad {record_id!r}", "text", str(error).splitlines()[0], None))
            continue
        vacancies.append(ad.vacancy)
        mentions += _mention_rows(record_id, ad.mentions)
        flags += [(record_id, f.kind, f.text, f.start, f.end, f.rule, f.section) for f in ad.flags]
    write_vacancies(vacancies, args.out)
    print(f"wrote {len(vacancies):,} vacancies to {args.out}")
    _write(Table("mentions", "skill mentions", MENTION_COLUMNS, tuple(mentions)), args.mentions_out)
    flag_table = Table("flags", "protected-attribute requirements", FLAG_COLUMNS, tuple(flags))
    _write(flag_table, args.flags_out)
    flagged = len({row[0] for row in flags})
    print(f"{flagged:,} of {len(vacancies):,} ads ask for a protected attribute ({len(flags):,} flags)")
    run.done()
    return 0


def read_cvs(args: argparse.Namespace, run: Run) -> int:
    from ..normalize import SkillExtractor, read_cv

    extractor = SkillExtractor().fit(_taxonomy(args))
    candidates, mentions = [], []
    items = list(_texts(args.cvs, args.text_field, run))
    for record_id, text, row in run.bar(items, "read-cvs"):
        try:
            cv = read_cv(
                text, id=record_id, ktp_region=_region(row.get("ktp_region")) or args.ktp_region,
                domicile=_region(row.get("domicile")), extractor=extractor,
            )  # fmt: skip
        except KerjaMatchError as error:
            run.problems.append(Problem(f"candidate {record_id!r}", "text", str(error).splitlines()[0], None))
            continue
        candidates.append(cv.candidate)
        mentions += _mention_rows(record_id, cv.mentions)
    write_candidates(candidates, args.out)
    print(f"wrote {len(candidates):,} candidates to {args.out}")
    _write(Table("mentions", "skill mentions", MENTION_COLUMNS, tuple(mentions)), args.mentions_out)
    run.done()
    return 0


def add_read_commands(sub: Any, add: Any, output: argparse.ArgumentParser) -> None:
    """Register ``read-ads`` and ``read-cvs`` (``add`` is the CLI's own sub-command helper)."""
    ads = add(sub, "read-ads", "read job ads as posted (a folder of .txt or a JSON Lines file with a text "
              "field) into the vacancies file, a mentions table and a flags table",
              "kerja-match read-ads iklan/ --out lowongan.csv --mentions-out sebutan.csv --flags-out "
              "temuan.csv", [output])  # fmt: skip
    ads.add_argument("ads", help="a folder of .txt files (one ad each) or a .jsonl file")
    ads.add_argument("--employer", default="(tidak disebut)", help="employer when the record names none")
    ads.add_argument("--location", help="region code when the record gives none, e.g. 32.16.09")
    _common(ads, "the vacancies file (.csv, .json or .jsonl)")
    ads.add_argument(
        "--flags-out", metavar="FILE", help="write the protected-attribute flags (.csv or .json)"
    )
    ads.set_defaults(handler=read_ads)
    cvs = add(sub, "read-cvs", "read CVs as written (a folder of .txt or a JSON Lines file with a text field) "
              "into the candidates file and a mentions table",
              "kerja-match read-cvs cv/ --out pencari.csv --ktp-region 32.16", [output])  # fmt: skip
    cvs.add_argument("cvs", help="a folder of .txt files (one CV each) or a .jsonl file")
    cvs.add_argument("--ktp-region", help="KTP region code when the record gives none, e.g. 32.16")
    _common(cvs, "the candidates file (.csv, .json or .jsonl)")
    cvs.set_defaults(handler=read_cvs)


def _common(parser: argparse.ArgumentParser, out_help: str) -> None:
    parser.add_argument("--out", required=True, metavar="FILE", help=out_help)
    parser.add_argument("--mentions-out", metavar="FILE", help="write every mention (.csv or .json)")
    parser.add_argument("--text-field", default="text", help="the text field of a JSON Lines file (text)")
    parser.add_argument("--encoding", help="input encoding when not UTF-8")
    parser.add_argument("--taxonomy", metavar="JSON", help="a taxonomy JSON file (default: the bundled one)")
    parser.add_argument(
        "--problems", metavar="FILE", help="also write the problem report (.csv, .json, .jsonl)"
    )
