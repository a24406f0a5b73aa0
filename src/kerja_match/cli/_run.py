"""One command's run: progress bars, the problems of every input, the problem report and the exit code."""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TypeVar

from ..errors import Problem, ValidationProblems
from ..io import ReadResult, write_problems
from ..models import RecordT
from ..reports import Table

T = TypeVar("T")
PROBLEM_COLUMNS = ("row", "record", "field", "value", "reason")
MAX_PROBLEMS_SHOWN = 50
REASON_WIDTH = 1000  # reasons are a sentence or two; a path or an id never comes near
MATCH_BLOCK = 500


class StopForProblems(Exception):
    """``--strict`` and a file had a bad row: the report is printed, nothing is computed."""


class Run:
    """One command's run: progress bars, and every input problem for the report and the exit code."""

    def __init__(self, args: argparse.Namespace, progress_stream: IO[str] | None = None) -> None:
        self.args = args
        self.problems: list[Problem] = []
        self.started = time.perf_counter()
        self.progress_stream = progress_stream  # tqdm draws with "\r": the raw stderr, not the escaped one
        self.outputs_checked = False  # no output option names an input: --problems may be written

    @property
    def progress(self) -> bool:
        """Progress bars go to stderr, only on a terminal and without ``--quiet``."""
        return not getattr(self.args, "quiet", False) and sys.stderr.isatty()

    def bar(self, items: Iterable[T], desc: str) -> Iterable[T]:
        """``items`` under a tqdm bar (the library consumes them block by block, so the bar moves)."""
        from tqdm.auto import tqdm

        stream = self.progress_stream or sys.stderr
        return tqdm(items, desc=desc, unit="row", leave=False, disable=not self.progress, file=stream)

    def read(self, reader: Callable[..., ReadResult[RecordT]], path: str) -> list[RecordT]:
        """The good records of ``path``; its problems are reported on stderr and kept for the exit code."""
        options = {
            "encoding": getattr(self.args, "encoding", None),
            "delimiter": getattr(self.args, "delimiter", None),
        }
        result = reader(path, **options)
        found = result.warnings + result.problems  # a file that cannot place anyone counts as bad input
        if found:
            title = f"{path}: {len(found)} problem(s); {len(result.records)} good record(s) kept"
            self._report(path, title, found)
            if getattr(self.args, "strict", False):
                raise StopForProblems(path)
        return result.records

    def stream(self, blocks: Callable[..., Iterator[list[RecordT]]], path: str) -> Iterator[RecordT]:
        """The good records of ``path`` one block at a time; its problems are reported once it is read."""
        problems: list[Problem] = []
        kept = 0
        for block in blocks(path, problems=problems, encoding=getattr(self.args, "encoding", None)):
            kept += len(block)
            yield from block
        if problems:
            problems.sort(key=lambda p: p.row or 0)
            self._report(path, f"{path}: {len(problems)} problem(s); {kept} good record(s) kept", problems)

    def fatal(self, error: ValidationProblems) -> None:
        """A file no row of which could be read (or a batch the library refused): report every problem."""
        self._report("", str(error).splitlines()[0], error.problems)

    def _report(self, path: str, title: str, problems: Sequence[Problem]) -> None:
        problems = [replace(p, message=cli_words(p.message)) for p in problems]
        # the value cut short, the reason whole: its end says what to do ("pass --encoding cp1252")
        rows = tuple((p.row, p.record, p.field, _shown(p.value)[:60], p.message) for p in problems)
        table = Table("problems", f"kerja-match: {title}", PROBLEM_COLUMNS, rows)
        print(table.text(max_rows=MAX_PROBLEMS_SHOWN, width=REASON_WIDTH), file=sys.stderr)
        where = f"{Path(path).name}: " if path else ""
        self.problems += [replace(p, record=f"{where}{p.record}") for p in problems]

    def finish(self, code: int) -> int:
        """Write the problem report if asked, on every run (empty when clean, so no stale report survives);
        exit 2 when any input row was bad, even after outputs."""
        target = getattr(self.args, "problems", None)
        if target and self.outputs_checked:
            write_problems(self.problems, target)
        if code == 0 and self.problems:
            print(
                f"kerja-match: {len(self.problems)} input problem(s) (reported above); the good rows were "
                "used and the outputs written; exit status 2",
                file=sys.stderr,
            )
            return 2
        return code

    def done(self) -> None:
        if not getattr(self.args, "quiet", False):
            print(f"kerja-match: done in {time.perf_counter() - self.started:.1f} s", file=sys.stderr)


#: Options the library's messages name as keyword arguments and the command takes as flags.
_FLAG_OPTIONS = re.compile(r"\b(encoding|delimiter|format)=('[^']*'|\"[^\"]*\")")


def cli_words(message: str) -> str:
    """A library message in the command line's words: ``encoding='cp1252'`` becomes ``--encoding cp1252``."""

    def flag(match: re.Match[str]) -> str:
        name, value = match.group(1), match.group(2)[1:-1]
        shown = value if value.isalnum() or "-" in value else repr(value)
        return f"--{name} {shown}"

    return _FLAG_OPTIONS.sub(flag, message)


def _shown(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else repr(value)
