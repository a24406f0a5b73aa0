"""The normaliser on real Indonesian job-ad phrases (../shared/data/real_job_ads/, hand-labelled DEV set).

Scored as in ../shared/eval/eval_real_phrases.py, with a rapidfuzz baseline in the same run
(``process.extractOne`` over every label, ``token_sort_ratio``, cut-off 80):

* strict (gold only) and lenient (gold or ``also_ok``) precision on mapped phrases, recall on
  in-taxonomy phrases, NONSKILL abstained, OUT_OF_TAXONOMY abstained;
* the same with the README's rule for concepts added after labelling: an OUT_OF_TAXONOMY phrase
  mapped to a concept that is not in ``benchmarks/data/taxonomy_ids_2026_11.txt`` (the ids when
  the set was labelled) is left out of precision and counts as handled ("oot_handled");
* decisions by phrase kind, precision by method, and a reliability table: mapped phrases binned by
  score, mean score against the share right (lenient; OUT_OF_TAXONOMY phrases mapped to an added
  concept left out, as in precision), so a score p should be right about p of the time, and its
  expected calibration error.

Dev figures: the held-out twin decides. The data is for measuring only; nothing of it is kept.

    python benchmarks/normalize_real.py [--size tiny|small|full] [--misses]

``tiny`` scores the first 100 phrases once; ``small`` and ``full`` all of them. Skips (exit 0, a
note and a JSON line) when ../shared is absent. Prints tables, then one JSON line.
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from _common import emit_json, machine, measure_rounds, print_table, repeat_for, size_parser
from kerja_match.datasets import default_taxonomy
from kerja_match.normalize import SkillNormalizer
from kerja_match.taxonomy import Taxonomy

HERE = Path(__file__).resolve().parent
DEV = HERE.parents[1] / "shared" / "data" / "real_job_ads" / "lokerid_dev_labelled.tsv"
IDS_AT_LABELLING = HERE / "data" / "taxonomy_ids_2026_11.txt"
NONSKILL, OOT = "NONSKILL", "OUT_OF_TAXONOMY"
BINS = (0.0, 0.25, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)

Prediction = tuple[str | None, float, str]


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["also_ok"] = row.get("also_ok") or ""
    return rows


class FuzzBaseline:
    """rapidfuzz extractOne over every label of every matchable concept (token_sort_ratio >= 80)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.labels = [label for c in taxonomy if not c.group for label in c.all_labels()]
        self.owner = [c.id for c in taxonomy if not c.group for _ in c.all_labels()]

    def match(self, phrases: list[str]) -> list[Prediction]:
        out: list[Prediction] = []
        for phrase in phrases:
            hit = process.extractOne(
                phrase,
                self.labels,
                scorer=fuzz.token_sort_ratio,
                processor=utils.default_process,
                score_cutoff=80,
            )
            out.append((None, 0.0, "none") if hit is None else (self.owner[hit[2]], hit[1] / 100, "fuzzy"))
        return out


def kind_of(row: dict[str, str]) -> str:
    """The phrase kind of a labelled row, for the by-kind table."""
    also = row["also_ok"].split(";")
    if row["gold"] in (NONSKILL, OOT):
        return row["gold"].lower()
    return "experience as X" if NONSKILL in also else "skill"


def score(rows: list[dict[str, str]], preds: list[Prediction], old_ids: set[str]) -> dict[str, Any]:
    """Strict, lenient and added-concept-aware figures of one system."""
    c: Counter[str] = Counter()
    for row, (cid, _score, _method) in zip(rows, preds, strict=True):
        gold, also = row["gold"], {a for a in row["also_ok"].split(";") if a}
        in_tax = gold not in (NONSKILL, OOT)
        c["in_tax" if in_tax else gold] += 1
        new_concept = cid is not None and cid not in old_ids
        if gold == OOT and (cid is None or new_concept):
            c["oot_handled"] += 1
        if cid is None:
            c[f"{gold}_abstained"] += not in_tax
            continue
        c["mapped"] += 1
        c["mapped_adj"] += not (gold == OOT and new_concept)
        c["strict"] += cid == gold
        c["lenient"] += cid in {gold, *also}
        c["recall_strict"] += in_tax and cid == gold
        c["recall_lenient"] += in_tax and cid in {gold, *also}

    def div(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    return {
        "mapped": c["mapped"],
        "precision_strict": div(c["strict"], c["mapped"]),
        "precision_lenient": div(c["lenient"], c["mapped"]),
        "precision_lenient_added": div(c["lenient"], c["mapped_adj"]),
        "recall_strict": div(c["recall_strict"], c["in_tax"]),
        "recall_lenient": div(c["recall_lenient"], c["in_tax"]),
        "nonskill_abstain": div(c[f"{NONSKILL}_abstained"], c[NONSKILL]),
        "oot_abstain": div(c[f"{OOT}_abstained"], c[OOT]),
        "oot_handled": div(c["oot_handled"], c[OOT]),
    }


def right(row: dict[str, str], cid: str | None) -> bool:
    """A lenient decision: an accepted concept, or an abstention where abstaining is accepted."""
    also = {a for a in row["also_ok"].split(";") if a}
    if cid is None:
        return row["gold"] in (NONSKILL, OOT) or bool(also & {NONSKILL, OOT})
    return cid in {row["gold"], *also}


def reliability(
    rows: list[dict[str, str]], preds: list[Prediction], old_ids: set[str]
) -> tuple[list[list[object]], float]:
    """Rows of (score bin, mapped, mean score, share right) over mapped phrases, and the expected
    calibration error (the bins' gaps |mean score - share right|, weighted by their size).

    As in precision_lenient_added, an OUT_OF_TAXONOMY phrase mapped to a concept added after
    labelling is left out: the labels cannot say whether that concept is right."""
    out: list[list[object]] = []
    gap, total = 0.0, 0
    for lo, hi in itertools.pairwise(BINS):
        inside = [
            (s, right(r, cid))
            for r, (cid, s, _m) in zip(rows, preds, strict=True)
            if cid and lo <= s < hi and not (r["gold"] == OOT and cid not in old_ids)
        ]
        if inside:
            mean = sum(s for s, _ in inside) / len(inside)
            share = sum(ok for _, ok in inside) / len(inside)
            out.append([f"{lo:.2f}-{min(hi, 1.0):.2f}", len(inside), round(mean, 3), round(share, 3)])
            gap, total = gap + len(inside) * abs(mean - share), total + len(inside)
    return out, round(gap / total, 4) if total else 0.0


def main() -> None:
    parser = size_parser(__doc__)
    parser.add_argument("--misses", action="store_true", help="print every wrong decision (lenient)")
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    if not args.dev.exists():
        note = f"no {args.dev}: real-phrase figures skipped"
        print(f"({note})")
        emit_json({"benchmark": "normalize_real", "skipped": note, "machine": machine()})
        return
    rows = read_rows(args.dev)
    if args.size == "tiny":
        rows = rows[:100]
    phrases = [r["phrase"] for r in rows]
    taxonomy = default_taxonomy()
    old_ids = set(IDS_AT_LABELLING.read_text(encoding="utf-8").split())
    normalizer = SkillNormalizer().fit(taxonomy)
    baseline = FuzzBaseline(taxonomy)
    ours = [(m.concept_id, m.score, m.method) for m in normalizer.match(phrases)]
    theirs = baseline.match(phrases)
    repeat = 1 if args.size == "tiny" else repeat_for(args)
    timings = measure_rounds(
        {"kerja_match": lambda: normalizer.match(phrases), "rapidfuzz": lambda: baseline.match(phrases)},
        repeat=repeat,
    )
    figures = {"kerja_match": score(rows, ours, old_ids), "rapidfuzz": score(rows, theirs, old_ids)}
    metrics = list(figures["kerja_match"])
    print(f"{len(rows)} phrases (DEV figures; the held-out twin decides)")
    print_table(
        [[m, figures["kerja_match"][m], figures["rapidfuzz"][m]] for m in metrics],
        ["metric", "kerja_match", "rapidfuzz"],
    )
    speed = {name: round(len(phrases) / t.median_s, 1) for name, t in timings.items()}
    print(
        f"phrases/s (median of {repeat}): kerja_match {speed['kerja_match']}, rapidfuzz {speed['rapidfuzz']}, "
        f"ratio {speed['kerja_match'] / speed['rapidfuzz']:.2f}"
    )
    kinds: dict[str, list[int]] = {}
    for row, (cid, _s, _m) in zip(rows, ours, strict=True):
        kinds.setdefault(kind_of(row), [0, 0])[0] += 1
        kinds[kind_of(row)][1] += right(row, cid)
    print("\ndecisions right (lenient) by phrase kind")
    print_table(
        [[k, n, round(ok / n, 4)] for k, (n, ok) in sorted(kinds.items())], ["kind", "phrases", "right"]
    )
    methods: dict[str, list[int]] = {}
    for row, (cid, _s, method) in zip(rows, ours, strict=True):
        methods.setdefault(method, [0, 0])[0] += 1
        methods[method][1] += right(row, cid)
    print("\ndecisions right (lenient) by method")
    print_table(
        [[m, n, round(ok / n, 4)] for m, (n, ok) in sorted(methods.items())], ["method", "phrases", "right"]
    )
    table, ece = reliability(rows, ours, old_ids)
    print("\nreliability of mapped phrases (is a score p right about p of the time?)")
    print_table(table, ["score", "mapped", "mean score", "right"])
    print(f"expected calibration error {ece:.3f}")
    if args.misses:
        for row, (cid, s, method) in zip(rows, ours, strict=True):
            if not right(row, cid):
                print(f"  {row['phrase'][:70]!r} gold={row['gold']} got={cid} {s:.2f} {method}")
    emit_json(
        {
            "benchmark": "normalize_real",
            "size": args.size,
            "phrases": len(rows),
            **{f"km_{k}": v for k, v in figures["kerja_match"].items()},
            **{f"rapidfuzz_{k}": v for k, v in figures["rapidfuzz"].items()},
            "km_phrases_per_s": speed["kerja_match"],
            "rapidfuzz_phrases_per_s": speed["rapidfuzz"],
            "by_kind": {k: round(ok / n, 4) for k, (n, ok) in kinds.items()},
            "reliability": table,
            "expected_calibration_error": ece,
            "machine": machine(),
        }
    )


if __name__ == "__main__":
    main()
