"""Fit scoring on a Dask cluster: top-k per candidate and the employer's shortlist, partition by partition.

Candidates come as a Dask Bag (of ``Candidate`` records or mappings with their fields) or a Dask
DataFrame in the CSV layout of :mod:`kerja_match.io` (``id``, ``skills`` as ``"mesin bubut:2; alat
ukur:1"``, ``soft_skills``, ``ktp_region``, ``domicile``, ...; read it with ``dtype=str``). The fitted
scorer is shipped once per worker (``client.scatter(..., broadcast=True)`` under a distributed
client, else one shared graph key); each partition resolves its distinct skill phrases in one
normaliser call (cached on the worker's copy of the scorer) and is scored block by block in process.

- :func:`top_k` gives the k best vacancies per candidate, rows in candidate order;
- :func:`shortlist` gives the k best candidates per vacancy by a tree reduction of partial top-k.

Both give exactly what ``FitScorer.top_k`` / ``FitScorer.shortlist`` give on the same candidates in
one process: a pair's score does not depend on its block, and ties break by the same total order
(higher score, then lower index). Every bad row of any partition is reported at once
(:class:`~kerja_match.errors.ValidationProblems`, rows counted from 1 in candidate order).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

try:
    import dask
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
except ImportError as error:
    raise ImportError('kerja_match.distributed needs Dask: pip install "kerja-match[dask]"') from error

import numpy as np
from numpy.typing import NDArray

from .._params import Interval, check_params
from ..errors import KerjaMatchError, Problem, ValidationProblems, check_fitted
from ..io import _cells as cells
from ..io import _readers as io
from ..io._header import check_header
from ..models import Candidate, validate_records
from ._scorer import FitScorer
from ._topk import TopK, check_k, merge_top_k, pad_top_k

__all__ = ["shortlist", "top_k"]


@dataclass(frozen=True)
class _Partial:
    """What one partition (or a merged run of neighbouring partitions) gives back.

    ``indices``/``scores`` have rows per candidate (top_k) or per vacancy (shortlist, indices into
    ``candidate_ids`` of this run, no padding). ``n_rows`` counts bad rows too, for row numbers.
    """

    indices: NDArray[np.int64]
    scores: NDArray[np.float32]
    candidate_ids: list[str]
    n_rows: int
    problems: list[Problem]


# -- public -------------------------------------------------------------------------------------


def top_k(scorer: FitScorer, candidates: db.Bag | dd.DataFrame, k: int = 10) -> TopK:
    """The k best vacancies per candidate, as ``scorer.top_k(candidates, k)`` gives in one process.

    Returns a ``TopK`` with ``by="candidate"``: indices (n_candidates, min(k, n_vacancies)) int64 into
    ``scorer.vacancy_ids_`` and scores (n_candidates, k) float32, rows in candidate order.
    Runs on the active ``distributed.Client`` if there is one (e.g. on a ``LocalCluster``), else on
    the scheduler set with ``dask.config.set(scheduler=...)``, else on Dask's threaded scheduler.
    """
    k = check_k(k, caller="distributed.top_k")
    bag, csv_layout = _as_bag(scorer, candidates)
    shipped, scheduler = _ship(scorer)
    parts = bag.map_partitions(_partition_top_k, shipped, k=k, csv_layout=csv_layout)
    partials: list[_Partial] = parts.compute(scheduler=scheduler)
    merged = _concatenate(partials, k=min(k, len(scorer.vacancy_ids_)))
    return TopK(merged.indices, merged.scores, merged.candidate_ids, list(scorer.vacancy_ids_), "candidate")


def shortlist(
    scorer: FitScorer, candidates: db.Bag | dd.DataFrame, k: int = 10, *, split_every: int | None = None
) -> TopK:
    """The employer's view: the k best candidates per vacancy, as ``scorer.shortlist`` gives.

    Each partition keeps its own best k per vacancy; neighbouring partials are merged in a tree
    (``split_every`` at a time, Dask's default 8), so no worker ever holds more than
    ``split_every`` partials of shape (n_vacancies, k). Returns a ``TopK`` with ``by="vacancy"``:
    indices (n_vacancies, min(k, n_candidates)) into ``candidate_ids`` (candidate order); a
    candidate scoring 0 is never listed (padding: -1 / nan), as in one process.
    """
    limits: dict[str, list[Any]] = {"k": [Interval("int", 1)], "split_every": [Interval("int", 2), None]}
    check_params("distributed.shortlist", limits, {"k": k, "split_every": split_every})
    k = int(k)
    bag, csv_layout = _as_bag(scorer, candidates)
    shipped, scheduler = _ship(scorer)
    parts = bag.map_partitions(_partition_shortlist, shipped, k=k, csv_layout=csv_layout)
    tree = parts.reduction(_only, partial(_merge_shortlists, k=k), split_every=split_every)
    merged: _Partial = tree.compute(scheduler=scheduler)
    _raise_problems(merged)
    # k clamped to the candidates: short rows (a run shorter than k) are padded to that width
    indices, scores = pad_top_k(merged.indices, merged.scores, min(k, len(merged.candidate_ids)))
    return TopK(indices, scores, merged.candidate_ids, list(scorer.vacancy_ids_), "vacancy")


# -- inputs -------------------------------------------------------------------------------------


def _as_bag(scorer: FitScorer, candidates: object) -> tuple[db.Bag, bool]:
    """The candidates as a Bag, and whether its items are CSV-layout rows (from a DataFrame)."""
    check_fitted(scorer, "market_")
    if isinstance(candidates, db.Bag):
        return candidates, False
    if isinstance(candidates, dd.DataFrame):
        _check_frame(candidates)
        return candidates.to_bag(index=False, format="dict"), True
    raise KerjaMatchError(
        "candidates must be a dask.bag.Bag of Candidate records or a dask.dataframe.DataFrame in the "
        f"CSV layout, got {type(candidates).__module__}.{type(candidates).__name__}"
    )


def _check_frame(frame: dd.DataFrame) -> None:
    """Columns as io.read_candidates expects them, all read as text (a region code is not a float)."""
    columns = [str(c).strip().casefold() for c in frame.columns]
    problems = check_header(cells.CANDIDATE, columns, "the candidates DataFrame")
    not_text = [str(name) for name, dtype in frame.dtypes.items() if not pd.api.types.is_string_dtype(dtype)]
    if not_text:
        problems.append(
            Problem(
                "the candidates DataFrame",
                ", ".join(not_text),
                "expected text columns (a region code such as '32.10' read as a number loses its zero); "
                f"got dtypes {', '.join(str(frame.dtypes[c]) for c in not_text)}: read the CSV with "
                "dd.read_csv(path, dtype=str, keep_default_na=False)",
            )
        )
    if problems:
        raise ValidationProblems("cannot score the candidates DataFrame", problems)


def _ship(scorer: FitScorer) -> tuple[Any, str | None]:
    """The fitted scorer as a task input that reaches each worker once, and the scheduler to use.

    Under a distributed client (the scheduler a ``Client`` sets as default): a future scattered
    to every worker. Otherwise a single graph key, on the scheduler set in ``dask.config`` or
    else the threaded one, whose threads share the scorer (a Bag would otherwise default to the
    multiprocessing scheduler, which pickles the scorer for every task).
    """
    configured = dask.config.get("scheduler", None)
    if configured == "dask.distributed":
        from distributed import default_client

        return default_client().scatter(scorer, broadcast=True, hash=False), None
    key = dask.delayed(scorer, name=f"fit-scorer-{uuid.uuid4().hex}", traverse=False)
    return key, None if configured else "threads"


def _records(part: Sequence[Any], csv_layout: bool) -> tuple[list[Candidate], list[Problem]]:
    """A partition's items as Candidates, with a problem for every bad row (rows from 1)."""
    if not csv_layout:
        return validate_records(Candidate, part)
    rows = [io._csv_row(cells.CANDIDATE, _cells(row), number) for number, row in enumerate(part, start=1)]
    problems: list[Problem] = []
    good = list(io._records(cells.CANDIDATE, rows, problems))
    return good, problems


def _cells(row: Mapping[str, Any]) -> dict[str, str]:
    """A DataFrame row as CSV cells: missing values are empty cells."""
    return {
        str(column).strip().casefold(): ("" if pd.isna(value) else str(value))
        for column, value in row.items()
    }


def _prepared(scorer: FitScorer, part: Iterable[Any], csv_layout: bool) -> tuple[list[Candidate], _Partial]:
    """Parse a partition and resolve its distinct skill phrases in one normaliser call."""
    items = list(part)
    good, problems = _records(items, csv_layout)
    scorer.resolver_.resolve(claim.skill for cand in good for claim in (*cand.skills, *cand.soft_skills))
    empty = _Partial(_EMPTY_INDICES, _EMPTY_SCORES, [c.id for c in good], len(items), problems)
    return good, empty


_EMPTY_INDICES = np.zeros((0, 0), dtype=np.int64)
_EMPTY_SCORES = np.zeros((0, 0), dtype=np.float32)


# -- per partition ------------------------------------------------------------------------------


def _partition_top_k(part: Iterable[Any], scorer: FitScorer, *, k: int, csv_layout: bool) -> list[_Partial]:
    good, partial_ = _prepared(scorer, part, csv_layout)
    if partial_.problems:  # the run will fail; scoring this partition would be wasted
        return [partial_]
    found = scorer.top_k(good, k=k)
    return [replace(partial_, indices=found.indices, scores=found.scores)]


def _partition_shortlist(
    part: Iterable[Any], scorer: FitScorer, *, k: int, csv_layout: bool
) -> list[_Partial]:
    good, partial_ = _prepared(scorer, part, csv_layout)
    n_vacancies = len(scorer.vacancy_ids_)
    if partial_.problems or not good:
        shape = (n_vacancies, 0)
        return [replace(partial_, indices=np.zeros(shape, np.int64), scores=np.zeros(shape, np.float32))]
    found = scorer.shortlist(good, k=k)
    kept = min(k, len(good))  # drop the padding: merged runs are padded once, at the end
    return [replace(partial_, indices=found.indices[:, :kept], scores=found.scores[:, :kept])]


# -- merging ------------------------------------------------------------------------------------


def _only(partials: Iterable[_Partial]) -> _Partial:
    """A mapped partition holds exactly one partial."""
    (single,) = partials
    return single


def _merge_shortlists(partials: Iterable[_Partial], *, k: int) -> _Partial:
    """Merge partials of consecutive candidate runs, in order: the right run's indices shift by the
    left run's length; ties keep the lower (earlier) candidate, as in one process."""
    merged: _Partial | None = None
    for right in partials:
        if merged is None:
            merged = right
            continue
        problems = merged.problems + [_shifted(p, merged.n_rows) for p in right.problems]
        shift = len(merged.candidate_ids)
        shifted = np.where(right.indices >= 0, right.indices + shift, -1)  # padding stays -1
        indices, scores = merge_top_k(merged.indices, merged.scores, shifted, right.scores, k)
        merged = _Partial(
            indices,
            scores,
            merged.candidate_ids + right.candidate_ids,
            merged.n_rows + right.n_rows,
            problems,
        )
    if merged is None:
        raise KerjaMatchError("shortlist: the candidates have no partitions")
    return merged


def _concatenate(partials: Sequence[_Partial], *, k: int) -> _Partial:
    """Stack per-candidate partials in order, after checking every partition for problems."""
    offset, problems = 0, []
    for part in partials:
        problems += [_shifted(p, offset) for p in part.problems]
        offset += part.n_rows
    ids = [cid for part in partials for cid in part.candidate_ids]
    merged = _Partial(_EMPTY_INDICES, _EMPTY_SCORES, ids, offset, problems)
    _raise_problems(merged)
    indices = [p.indices for p in partials]
    scores = [p.scores for p in partials]
    return replace(
        merged,
        indices=np.vstack(indices) if indices else np.zeros((0, k), np.int64),
        scores=np.vstack(scores) if scores else np.zeros((0, k), np.float32),
    )


def _shifted(problem: Problem, offset: int) -> Problem:
    """A partition's problem renumbered to the row in the whole candidate set."""
    if problem.row is None or offset == 0:
        return problem
    row = problem.row + offset
    record = problem.record.replace(f"in row {problem.row}", f"in row {row}")
    return replace(problem, row=row, record=record)


def _raise_problems(merged: _Partial) -> None:
    """Raise once with every bad row, including ids repeated across partitions."""
    problems = list(merged.problems)
    seen: set[str] = set()
    for cid in merged.candidate_ids:
        if cid in seen:  # repeats inside one partition are already problems; these span partitions
            problems.append(
                Problem(f"candidate {cid!r}", "id", "duplicate id, given to an earlier candidate", cid)
            )
        seen.add(cid)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise ValidationProblems(f"invalid candidates ({merged.n_rows} rows)", problems)
