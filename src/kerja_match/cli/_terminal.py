"""What the command may print and where it may write: never a control sequence, never over an input.

- :func:`safe_terminal` wraps stdout and stderr for the run: every control character other than
  newline and tab is shown as an escape (an id holding ``ESC ]0;...BEL`` cannot retitle or clear the
  terminal), and personal data is masked, whatever printed it.
- :func:`refuse_overwriting_inputs` stops a run whose output option (``--out``, ``--employers-out``,
  ``--problems``, ``--unmapped-out``) names one of its input files, before anything is read.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .._privacy import mask_personal
from .._writing import terminal_safe
from ..errors import KerjaMatchError

#: argparse destinations that name files the command reads, and those naming files it writes.
INPUT_OPTIONS = ("candidates", "vacancies", "courses", "taxonomy", "path", "esco", "esco_broader")
OUTPUT_OPTIONS = ("out", "employers_out", "problems", "unmapped_out")


class SafeStream:
    """A text stream that escapes control characters and masks personal data in what is written."""

    def __init__(self, raw: IO[str]) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(terminal_safe(mask_personal(text)))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding ... of the raw stream
        return getattr(self.raw, name)


@contextmanager
def safe_terminal() -> Iterator[IO[str]]:
    """Wrap ``sys.stdout`` and ``sys.stderr`` for the block; yields the raw stderr for progress bars."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        yield err
    finally:
        sys.stdout, sys.stderr = out, err


def _option(dest: str) -> str:
    return "the taxonomy file" if dest == "path" else "--" + dest.replace("_", "-")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # hard links, symlinks, "./x" and "x" alike
    except OSError:  # one does not exist yet
        return a.resolve() == b.resolve()


def refuse_overwriting_inputs(
    args: argparse.Namespace, outputs: Iterable[tuple[str, str | Path]] = ()
) -> None:
    """Raise when an output (an option's file, or ``outputs``: (option, path)) is one of the inputs."""
    inputs = [(dest, Path(v)) for dest in INPUT_OPTIONS if isinstance(v := getattr(args, dest, None), str)]
    targets = [(dest, v) for dest in OUTPUT_OPTIONS if isinstance(v := getattr(args, dest, None), str)]
    for dest, target in [*targets, *outputs]:
        for source, path in inputs:
            if _same_file(Path(target), path):
                raise KerjaMatchError(
                    f"{_option(dest)} {os.fspath(target)!r} is the input file of {_option(source)}; "
                    "writing it would destroy the input: choose another output file"
                )
