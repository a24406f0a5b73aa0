"""Reading whole job ads: read_job_ad against the line-split baseline, in one run.

* speed: ads read one by one after fit (the extractor's memory of phrases emptied before every
  run, so each run is cold), beside the baseline that cuts each ad into lines and normalises every
  line (one ``SkillNormalizer.match`` per ad); alternating rounds, medians; ads/s by wall clock and
  by process CPU time (what one core does, whatever else the machine runs);
* quality on ../shared/data/real_job_ads/lokerid_dev_postings.jsonl (110 real ads, DEV figures):
  micro precision, recall and F1 of the concepts of the vacancy's requirements and soft
  requirements against ``gold_concepts_all``, for both; the protected-attribute flags found;
* English sentences (``--size small`` and ``full``): RP@5 of ``SkillExtractor.extract`` on the
  TECH and HOUSE validation sentences of Decorte et al. (2022) over the shared ESCO taxonomy,
  beside the whole sentence taken as one phrase (as ../shared/eval/eval_english_skills.py ranks).

    python benchmarks/extract.py [--size tiny|small|full] [--repeat N]

tiny: the first 10 ads, one run, no English. Without ../shared the script says so and exits 0.
Prints tables, then one JSON line.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Any

import kerja_match as km
from _common import emit_json, machine, measure_rounds, print_table, repeat_for, size_parser
from kerja_match.normalize import SkillExtractor, SkillNormalizer, read_job_ad

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ADS = SHARED / "real_job_ads" / "lokerid_dev_postings.jsonl"
ESCO = SHARED / "esco" / "skills_taxonomy.csv"
SENTENCES = {
    "tech": SHARED / "skill_extraction_dev" / "tech_validation_annotations.csv",
    "house": SHARED / "skill_extraction_dev" / "house_validation_annotations.csv",
}
ADS_BY_SIZE = {"tiny": 10, "small": 110, "full": 110}
BULLETS = " -\u2022*\t\u25cf\u27a2\u2713"


def read_postings(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def line_split(normalizer: SkillNormalizer, text: str) -> set[str]:
    """The baseline: every non-blank line, bullets stripped, normalised; the concepts found."""
    lines = [line.strip(BULLETS) for line in text.splitlines() if line.strip(BULLETS)]
    return {m.concept_id for m in normalizer.match(lines) if m.concept_id}


def read_ad(extractor: SkillExtractor, text: str, number: int) -> set[str]:
    vacancy = read_job_ad(text, id=f"v{number}", employer="benchmark", extractor=extractor).vacancy
    return {r.skill for r in (*vacancy.requirements, *vacancy.soft_requirements)}


def scores(found: list[set[str]], gold: list[set[str]]) -> dict[str, float]:
    tp = sum(len(f & g) for f, g in zip(found, gold, strict=True))
    fp = sum(len(f - g) for f, g in zip(found, gold, strict=True))
    fn = sum(len(g - f) for f, g in zip(found, gold, strict=True))
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def cpu_rate(fn: Any, n: int) -> float:
    start = time.process_time()
    fn()
    return n / max(time.process_time() - start, 1e-9)


def english(result: dict[str, Any]) -> None:
    """RP@5 on the TECH and HOUSE sentences, extractor against the whole sentence as one phrase."""
    rows = csv_rows(ESCO)
    uri = {r["preferredLabel"]: r["conceptUri"] for r in rows}
    started = time.perf_counter()
    extractor = SkillExtractor().fit(km.Taxonomy.from_esco_csv(ESCO))
    result["esco_fit_s"] = round(time.perf_counter() - started, 1)
    table = []
    for split, path in SENTENCES.items():
        gold: dict[str, set[str]] = {}
        for r in csv_rows(path):
            if r["label"] in uri:
                gold.setdefault(r["sentence"], set()).add(uri[r["label"]])
        sentences = sorted(gold)
        whole = extractor.normalizer_.match(sentences)
        # ranked as the eval ranks a sentence's mentions: each one's alternatives by score
        base = [
            _rp5([m.concept_id, *(a for a, _ in sorted(m.alternatives, key=lambda a: -a[1]))], gold[s])
            for s, m in zip(sentences, whole, strict=True)
        ]
        ours = []
        for sentence in sentences:
            found = sorted(extractor.extract(sentence), key=lambda m: -m.score)
            ranked = [m.concept_id for m in found]
            ranked += [a for m in found for a, _ in sorted(m.alternatives, key=lambda a: -a[1])]
            ours.append(_rp5(ranked, gold[sentence]))
        result[f"{split}_rp5"] = round(sum(ours) / len(ours), 4)
        result[f"{split}_rp5_whole_sentence"] = round(sum(base) / len(base), 4)
        table.append([split, len(sentences), result[f"{split}_rp5"], result[f"{split}_rp5_whole_sentence"]])
    print("\nEnglish sentences, RP@5 (ESCO, no embedder)")
    print_table(table, ("split", "sentences", "extractor", "whole sentence"))


def _rp5(ranked: list[str | None], gold: set[str]) -> float:
    top: list[str] = []
    for concept in ranked:
        if concept and concept not in top:
            top.append(concept)
    return len(set(top[:5]) & gold) / min(5, len(gold))


def main() -> None:
    args = size_parser(__doc__).parse_args()
    result: dict[str, Any] = {"size": args.size, **machine()}
    if not ADS.exists():
        print(f"(no {ADS}: the shared data is absent; nothing measured)")
        emit_json({**result, "skipped": "no shared data"})
        return
    postings = read_postings(ADS)[: ADS_BY_SIZE[args.size]]
    texts = [p["text"] for p in postings]
    gold = [set(p.get("gold_concepts_all") or p["gold_concepts"]) for p in postings]
    taxonomy = km.default_taxonomy()
    started = time.perf_counter()
    extractor = SkillExtractor().fit(taxonomy)
    result["fit_s"] = round(time.perf_counter() - started, 2)
    normalizer = extractor.normalizer_
    read_ad(extractor, texts[0], 0)  # warm the code paths, then forget the phrases
    line_split(normalizer, texts[0])

    def ours() -> list[set[str]]:
        extractor.cache_.clear()
        return [read_ad(extractor, t, i) for i, t in enumerate(texts)]

    def baseline() -> list[set[str]]:
        return [line_split(normalizer, t) for t in texts]

    timings = measure_rounds({"read_job_ad": ours, "line split": baseline}, repeat=repeat_for(args))
    n = len(texts)
    result["ads"] = n
    result["ads_per_s"] = round(n / timings["read_job_ad"].median_s, 1)
    result["baseline_ads_per_s"] = round(n / timings["line split"].median_s, 1)
    result["speedup_over_baseline"] = round(timings["read_job_ad"].speedup_over(timings["line split"]), 3)
    result["ads_per_cpu_s"] = round(cpu_rate(ours, n), 1)
    result["baseline_ads_per_cpu_s"] = round(cpu_rate(baseline, n), 1)
    print(f"speed, {n} ads, {len(timings['read_job_ad'].runs)} run(s) each, cold phrase memory")
    print_table(
        [
            ["read_job_ad", timings["read_job_ad"].median_s, result["ads_per_s"], result["ads_per_cpu_s"]],
            [
                "line split",
                timings["line split"].median_s,
                result["baseline_ads_per_s"],
                result["baseline_ads_per_cpu_s"],
            ],
        ],
        ("what", "median s", "ads/s (wall)", "ads/s (CPU)"),
    )
    quality = {"read_job_ad": scores(ours(), gold), "line split": scores(baseline(), gold)}
    result.update({f"{k}": v for k, v in quality["read_job_ad"].items()})
    result.update({f"baseline_{k}": v for k, v in quality["line split"].items()})
    print(f"\nDEV quality, concepts of the requirements against gold_concepts_all ({n} ads)")
    print_table(
        [[name, q["precision"], q["recall"], q["f1"]] for name, q in quality.items()],
        ("what", "P", "R", "F1"),
    )
    flags = [
        read_job_ad(t, id=f"f{i}", employer="benchmark", extractor=extractor).flags
        for i, t in enumerate(texts)
    ]
    result["flags"] = sum(len(f) for f in flags)
    result["flagged_ads"] = sum(bool(f) for f in flags)
    print(f"\nprotected-attribute flags: {result['flags']} in {result['flagged_ads']} of {n} ads")
    if args.size != "tiny" and ESCO.exists():
        english(result)
    emit_json(result)


if __name__ == "__main__":
    main()
