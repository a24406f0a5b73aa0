"""kerja_match.distributed on a LocalCluster: the same TopK as FitScorer in one process, bad rows named."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import dask
import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distributed import Client, LocalCluster
from kerja_match.datasets import bekasi_regions
from kerja_match.errors import KerjaMatchError, NotFittedError, ValidationProblems
from kerja_match.io import read_candidates, write_candidates
from kerja_match.models import Candidate, Evidence, SkillClaim, SkillRequirement, Vacancy
from kerja_match.scoring import FitScorer, TopK
from kerja_match.scoring import distributed as kd
from kerja_match.taxonomy import Taxonomy
from label_normalizer import LabelNormalizer

GAZETTEER = bekasi_regions()
KECAMATAN = [r.code for r in GAZETTEER if r.code.count(".") == 2]


def small_taxonomy() -> Taxonomy:
    """2 sectors x 3 fields x 4 skills and 4 soft skills: siblings, broader and narrower credit all occur."""
    concepts: list[dict[str, object]] = []
    for s in range(2):
        concepts.append({"id": f"s{s}", "label": f"sektor {s}"})
        for f in range(3):
            concepts.append({"id": f"s{s}.f{f}", "label": f"bidang {s} {f}", "broader": [f"s{s}"]})
            concepts += [
                {"id": f"s{s}.f{f}.k{k}", "label": f"keahlian {s} {f} {k}", "broader": [f"s{s}.f{f}"]}
                for k in range(4)
            ]
    concepts += [{"id": f"soft{i}", "label": f"sikap {i}", "kind": "soft"} for i in range(4)]
    return Taxonomy(concepts, name="test")


TAXONOMY = small_taxonomy()
HARD = [c.id for c in TAXONOMY if c.kind == "hard"]
SOFT = [c.id for c in TAXONOMY if c.kind == "soft"]


def skill(rng: np.random.Generator, concept: str) -> str:
    """A concept id, its label (text for the normaliser), or a phrase nobody knows."""
    roll = rng.random()
    if roll < 0.15:
        return f"entah {rng.integers(5)}"
    return TAXONOMY.get(concept).label if roll < 0.5 else concept


def market(n_candidates: int, n_vacancies: int, seed: int = 0) -> tuple[list[Candidate], list[Vacancy]]:
    rng = np.random.default_rng(seed)
    evidence = list(Evidence)
    vacancies = [
        Vacancy(
            id=f"v{j}",
            employer=f"PT {j % 7}",
            location=str(rng.choice(KECAMATAN)),
            requirements=[
                SkillRequirement(
                    skill=skill(rng, c), level=int(rng.integers(1, 4)), required=bool(rng.random() < 0.5)
                )
                for c in rng.choice(HARD, size=int(rng.integers(1, 5)), replace=False)
            ],
            soft_requirements=[
                SkillRequirement(skill=str(c)) for c in rng.choice(SOFT, size=int(rng.integers(0, 2)))
            ],
        )
        for j in range(n_vacancies)
    ]
    candidates = []
    for i in range(n_candidates):
        claims = [
            SkillClaim(skill=skill(rng, c), level=int(rng.integers(1, 6)), evidence=evidence[rng.integers(5)])
            for c in rng.choice(HARD, size=int(rng.integers(0, 6)), replace=False)
        ]
        place = rng.random()
        candidates.append(
            Candidate(
                id=f"c{i}",
                skills=claims,
                soft_skills=[
                    SkillClaim(skill=str(c), level=2) for c in rng.choice(SOFT, size=int(rng.integers(0, 3)))
                ],
                ktp_region=None if rng.random() < 0.1 else str(rng.choice(["32.16", "32.75", *KECAMATAN])),
                domicile=str(rng.choice(KECAMATAN)) if place < 0.8 else None,
                lat=-6.3 + rng.random() / 10 if place >= 0.9 else None,
                lon=107.1 + rng.random() / 10 if place >= 0.9 else None,
            )
        )
    return candidates, vacancies


CANDIDATES, VACANCIES = market(240, 30)


def fitted(normalizer: LabelNormalizer | None = None) -> FitScorer:
    normalizer = normalizer or LabelNormalizer(TAXONOMY)
    return FitScorer(taxonomy=TAXONOMY, gazetteer=GAZETTEER, normalizer=normalizer, block_size=64).fit(
        VACANCIES
    )


SCORER = fitted()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def assert_same(got: TopK, expected: TopK) -> None:
    assert got.by == expected.by
    assert got.candidate_ids == expected.candidate_ids
    assert got.vacancy_ids == expected.vacancy_ids
    np.testing.assert_array_equal(got.indices, expected.indices)
    np.testing.assert_array_equal(got.scores, expected.scores)  # bit for bit, nan padding included
    assert got.indices.dtype == expected.indices.dtype
    assert got.scores.dtype == expected.scores.dtype


# -- the same results as in process -------------------------------------------------------------


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(npartitions=st.integers(1, 9), k=st.sampled_from([1, 3, 10, 45]), split_every=st.integers(2, 5))
def test_bag_of_candidates_gives_the_in_process_top_k_and_shortlist(
    client: Client, npartitions: int, k: int, split_every: int
) -> None:
    bag = db.from_sequence(CANDIDATES, npartitions=npartitions)
    assert_same(kd.top_k(SCORER, bag, k=k), SCORER.top_k(CANDIDATES, k=k))
    assert_same(kd.shortlist(SCORER, bag, k=k, split_every=split_every), SCORER.shortlist(CANDIDATES, k=k))


def test_csv_dataframe_gives_what_read_candidates_and_the_scorer_give(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "candidates.csv"
    write_candidates(CANDIDATES, path)
    frame = dd.read_csv(path, dtype=str, keep_default_na=False, blocksize=4_000)
    assert frame.npartitions > 2
    in_process = read_candidates(path, strict=True).records
    assert_same(kd.top_k(SCORER, frame, k=5), SCORER.top_k(in_process, k=5))
    assert_same(kd.shortlist(SCORER, frame, k=5), SCORER.shortlist(in_process, k=5))
    with_missing = dd.read_csv(path, dtype=str, blocksize=4_000)  # empty cells read as missing values
    assert_same(kd.top_k(SCORER, with_missing, k=5), SCORER.top_k(in_process, k=5))


def test_without_a_client_the_threaded_scheduler_gives_the_same() -> None:
    bag = db.from_sequence(CANDIDATES, npartitions=4)
    with dask.config.set(scheduler=None):  # as if no Client had been started
        assert kd._ship(SCORER)[1] == "threads"
        assert_same(kd.top_k(SCORER, bag, k=4), SCORER.top_k(CANDIDATES, k=4))
        assert_same(kd.shortlist(SCORER, bag, k=4), SCORER.shortlist(CANDIDATES, k=4))


def test_empty_partitions_and_fewer_candidates_than_k(client: Client) -> None:
    few = CANDIDATES[:7]
    bag = db.from_sequence(few, npartitions=3).filter(lambda c: c.id != "c3")  # some partitions thin out
    kept = [c for c in few if c.id != "c3"]
    sparse = db.from_sequence(few, npartitions=3).filter(
        lambda c: c.id in {"c0", "c6"}
    )  # a middle one empties
    assert_same(kd.top_k(SCORER, bag, k=3), SCORER.top_k(kept, k=3))
    assert_same(kd.shortlist(SCORER, bag, k=10), SCORER.shortlist(kept, k=10))
    pair = [c for c in few if c.id in {"c0", "c6"}]
    assert_same(kd.top_k(SCORER, sparse, k=3), SCORER.top_k(pair, k=3))
    assert_same(kd.shortlist(SCORER, sparse, k=3), SCORER.shortlist(pair, k=3))


# -- shipping the scorer and the normaliser -----------------------------------------------------


def test_the_scorer_is_scattered_to_every_worker_once(client: Client) -> None:
    shipped, scheduler = kd._ship(SCORER)
    assert scheduler is None  # the client's own scheduler
    holders = client.who_has([shipped])[shipped.key]
    assert set(holders) == set(client.scheduler_info()["workers"])


def test_each_partition_resolves_its_distinct_phrases_in_one_normaliser_call() -> None:
    normalizer = LabelNormalizer(TAXONOMY)
    scorer = fitted(normalizer)
    normalizer.calls.clear()  # the vacancies' phrases were resolved by fit
    texts = {c.skill for cand in CANDIDATES for c in cand.skills} - set(HARD) - set(scorer.resolver_.cache)
    with dask.config.set(scheduler="sync"):  # one partition after another: calls can be counted
        kd.top_k(scorer, db.from_sequence(CANDIDATES, npartitions=5), k=3)
    assert 1 <= len(normalizer.calls) <= 5
    asked = [phrase for call in normalizer.calls for phrase in call]
    assert len(asked) == len(set(asked))  # a phrase goes to the normaliser once, ever
    assert set(asked) == texts


# -- bad input ----------------------------------------------------------------------------------


def test_bad_rows_of_every_partition_are_reported_at_once_with_their_rows(client: Client) -> None:
    rows = pd.DataFrame(
        {
            "id": [f"c{i}" for i in range(12)],
            "skills": ["s0.f0.k0:2"] * 12,
            "ktp_region": ["32.16"] * 12,
        }
    )
    rows.loc[1, "skills"] = "s0.f0.k1:7"  # level out of range, partition 1
    rows.loc[10, "ktp_region"] = "Bekasi"  # not a region code, partition 3
    rows.loc[11, "id"] = "c2"  # repeats an id of partition 1
    frame = dd.from_pandas(rows.astype("string"), npartitions=3, sort=False)
    with pytest.raises(ValidationProblems) as caught:
        kd.top_k(SCORER, frame, k=2)
    problems = {(p.row, p.field) for p in caught.value.problems}
    assert (2, "skills.0.level") in problems
    assert (11, "ktp_region") in problems
    assert any(p.field == "id" and p.value == "c2" for p in caught.value.problems)
    with pytest.raises(ValidationProblems, match=r"candidate 'c9'.*ktp_region"):
        kd.shortlist(SCORER, frame.assign(id=frame.id.where(frame.id != "c10", "c9")), k=2)


def test_bad_records_in_a_bag_are_named() -> None:
    bag = db.from_sequence(
        [CANDIDATES[0], {"id": "x1", "skills": [{"skill": "s0", "level": 9}]}], npartitions=2
    )
    with pytest.raises(ValidationProblems, match=r"row 2: candidate 'x1': skills.0.level"):
        kd.top_k(SCORER, bag, k=2)


def test_a_dataframe_must_hold_text_and_known_columns() -> None:
    numbers = dd.from_pandas(pd.DataFrame({"id": ["c1"], "ktp_region": [32.10]}), npartitions=1)
    with pytest.raises(ValidationProblems, match=r"ktp_region.*dtype=str"):
        kd.top_k(SCORER, numbers)
    protected = dd.from_pandas(pd.DataFrame({"id": ["c1"], "gender": ["f"]}, dtype="string"), npartitions=1)
    with pytest.raises(ValidationProblems, match=r"gender.*never used"):
        kd.top_k(SCORER, protected)
    no_id = dd.from_pandas(pd.DataFrame({"skills": ["s0:1"]}, dtype="string"), npartitions=1)
    with pytest.raises(ValidationProblems, match=r"id: required column missing"):
        kd.top_k(SCORER, no_id)


def test_misuse_raises_clear_errors() -> None:
    bag = db.from_sequence(CANDIDATES[:3], npartitions=1)
    with pytest.raises(NotFittedError, match="FitScorer is not fitted"):
        kd.top_k(FitScorer(taxonomy=TAXONOMY), bag)
    with pytest.raises(KerjaMatchError, match=r"candidates must be a dask.bag.Bag .* got builtins.list"):
        kd.top_k(SCORER, CANDIDATES)  # type: ignore[arg-type]
    with pytest.raises(ValidationProblems) as raised:
        kd.shortlist(SCORER, bag, k=0, split_every=1)
    assert str(raised.value).splitlines()[1:] == [
        "  - The 'k' parameter of distributed.shortlist must be an int >= 1. Got 0 instead.",
        "  - The 'split_every' parameter of distributed.shortlist must be an int >= 2 or None. Got 1 instead.",
    ]
    with pytest.raises(ValidationProblems, match=re.escape("The 'k' parameter of distributed.top_k must be")):
        kd.top_k(SCORER, bag, k=2.5)  # type: ignore[arg-type]


def test_without_dask_the_import_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "kerja_match.scoring.distributed")
    monkeypatch.delitem(sys.modules, "kerja_match.distributed", raising=False)
    for name in [m for m in sys.modules if m == "dask" or m.startswith("dask.")]:
        monkeypatch.setitem(sys.modules, name, None)  # None in sys.modules makes the import fail
    with pytest.raises(ImportError, match=r'pip install "kerja-match\[dask\]"'):
        importlib.import_module("kerja_match.distributed")  # the documented path, through the facade
