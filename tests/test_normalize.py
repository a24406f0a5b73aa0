"""SkillNormalizer: each pipeline stage pinned with Indonesian and English examples, odd text,
batch contract, and the vectorised helpers checked against plain loops."""

from __future__ import annotations

import copy
import re

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline

from kerja_match.datasets import default_taxonomy
from kerja_match.errors import KerjaMatchError, NotFittedError, ValidationProblems
from kerja_match.normalize._label_index import LabelIndex, RowEntries
from kerja_match.normalize._lexical_ranker import (
    CALIBRATION_COEF,
    CALIBRATION_INTERCEPT,
    FEATURES,
    RERANK_COEF,
    RERANK_INTERCEPT,
    calibrated,
)
from kerja_match.normalize._normalizer import (
    MAX_PHRASE_LENGTH,
    SEMANTIC_CONSULT_BELOW,
    TOO_LONG_ROW,
    SkillMatch,
    SkillNormalizer,
)
from kerja_match.normalize._semantic import _top_columns as top_columns
from kerja_match.normalize._semantic import embed
from kerja_match.taxonomy import Taxonomy
from kerja_match.text import canonical


@pytest.fixture(scope="module")
def bekasi() -> SkillNormalizer:
    return SkillNormalizer().fit(default_taxonomy())


@pytest.fixture(scope="module")
def small() -> SkillNormalizer:
    """A controlled English taxonomy: verbs that replace each other between labels of one concept."""
    concepts = [
        {"id": "weld", "label": "weld metal parts", "alt_labels": ("join metal parts", "welding of metal")},
        {
            "id": "monitor",
            "label": "monitor packaging operations",
            "alt_labels": ("oversee packaging operations",),
        },
        {"id": "pack", "label": "packaging processes", "alt_labels": ("packing processes",)},
        {"id": "lathe", "label": "operate lathe", "alt_labels": ("lathe machining", "turning on a lathe")},
        {"id": "drive", "label": "drive trucks", "alt_labels": ("operate trucks", "truck driving")},
        {"id": "group", "label": "metal working", "group": True},
    ]
    return SkillNormalizer().fit(Taxonomy(concepts, name="small"))


def concept(bekasi: SkillNormalizer, phrase: str) -> str | None:
    return bekasi.match_one(phrase).concept_id


# -- stage 1 and 2: canonical text, ids, exact look-up -----------------------------------------
def test_concept_id_resolves_to_itself(bekasi: SkillNormalizer) -> None:
    some_id = bekasi.concept_ids_[7]
    match = bekasi.match_one(some_id)
    assert (match.concept_id, match.score, match.method) == (some_id, 1.0, "id")


def test_exact_label_in_indonesian_and_english(bekasi: SkillNormalizer) -> None:
    lathe = concept(bekasi, "mesin bubut")
    assert lathe is not None
    assert bekasi.match_one("mesin bubut").method == "exact"
    assert concept(bekasi, "lathe") == lathe
    assert concept(bekasi, "Operator Mesin Bubut!") == lathe  # case, punctuation, filler "operator"


def test_typo_affix_and_abbreviation(bekasi: SkillNormalizer) -> None:
    assert concept(bekasi, "mesin bubud") == concept(bekasi, "mesin bubut")
    welding = concept(bekasi, "las")
    assert welding is not None
    assert concept(bekasi, "pengelasan") == welding
    k3 = bekasi.match_one("K3")
    assert k3.concept_id is not None
    assert k3.concept_id == concept(bekasi, "keselamatan dan kesehatan kerja")
    assert concept(bekasi, "QC") == concept(bekasi, "quality control")


# -- stage 3 and 4: shortlist and re-ranking -----------------------------------------------------
def test_translation_learned_from_labels_of_one_concept(small: SkillNormalizer) -> None:
    # "watch" is in no label; "oversee"/"monitor" replace each other inside concept "monitor"
    match = small.match_one("oversee packaging operation")
    assert match.concept_id == "monitor"
    assert small.match_one("supervise packaging operations").concept_id in {"monitor", None}


def test_fuzzy_match_uses_every_label_and_reports_alternatives(small: SkillNormalizer) -> None:
    match = small.match_one("turning on lathes")
    assert match.concept_id == "lathe"
    assert match.method == "fuzzy"
    assert 0.0 <= match.score <= 1.0
    assert all(cid != "lathe" for cid, _ in match.alternatives)
    assert list(match.alternatives) == sorted(match.alternatives, key=lambda a: -a[1])


def test_group_concepts_are_never_targets(small: SkillNormalizer) -> None:
    assert "group" not in small.concept_ids_
    assert small.match_one("metal working").concept_id != "group"


def test_scores_are_a_probability_and_rank_the_alternatives(bekasi: SkillNormalizer) -> None:
    for match in bekasi.match(["las listrik", "forklift", "bahasa inggris", "excel"]):
        assert match.concept_id is not None
        assert all(match.score >= score for _, score in match.alternatives)
        assert all(0.0 <= s <= 1.0 for s in (match.score, *(s for _, s in match.alternatives)))


# -- stage 5: abstention -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "phrase", ["gaji sesuai UMK", "usia maksimal 25 tahun", "asdfgh", "tinggi badan minimal 165 cm", "!!!"]
)
def test_non_skills_abstain(bekasi: SkillNormalizer, phrase: str) -> None:
    match = bekasi.match_one(phrase)
    assert match.concept_id is None
    # pay, age and height are read as non-skill requirements; gibberish finds no concept
    assert match.method == ("none" if phrase in ("asdfgh", "!!!") else "nonskill")
    assert (match.requirement_kind is None) == (match.method == "none")
    assert match.label is None
    assert match.score < bekasi.score_cutoff


def test_cutoff_decides_abstention(bekasi: SkillNormalizer) -> None:
    strict = SkillNormalizer(score_cutoff=1.0).fit(default_taxonomy())
    loose = SkillNormalizer(score_cutoff=0.0).fit(default_taxonomy())
    assert strict.match_one("las busur manual sambungan").concept_id is None
    assert loose.match_one("asdfgh qwerty").concept_id is not None  # the least bad concept
    # pay, age, gender ... are read as no skill at all (text.py), so even cutoff 0 abstains
    assert loose.match_one("gaji sesuai UMK").concept_id is None
    assert strict.match_one(bekasi.concept_ids_[0]).method == "id"  # ids are certain


# -- odd text never raises -----------------------------------------------------------------------
ODD = [
    "",
    "   ",
    "\x00\x01\x02",
    "🙂🙂",
    "مهارة اللحام",
    "a" * 100_000,
    "las " * 30_000,
    "\u202emesin\u202c",
    "\ufeff",
]


@pytest.mark.parametrize("phrase", ODD, ids=[f"odd{i}" for i in range(len(ODD))])
def test_odd_text_abstains_or_matches_without_raising(bekasi: SkillNormalizer, phrase: str) -> None:
    match = bekasi.match_one(phrase)
    assert isinstance(match, SkillMatch)
    assert match.phrase == phrase
    assert (match.concept_id is None) == (match.method in {"none", "too_long"})
    assert (match.method == "too_long") == (len(phrase) > MAX_PHRASE_LENGTH)


def test_phrase_longer_than_the_limit_abstains_unread(bekasi: SkillNormalizer) -> None:
    at_limit = "mesin bubut " + "x" * (MAX_PHRASE_LENGTH - len("mesin bubut "))
    over = at_limit + "x"
    assert len(at_limit) == MAX_PHRASE_LENGTH
    assert bekasi.match_one(at_limit).method != "too_long"  # the limit itself is still read
    matches = bekasi.match(["mesin bubut", over, "las", "mesin bubut " * 200])
    assert [m.method for m in matches] == ["exact", "too_long", matches[2].method, "too_long"]
    assert matches[1] == SkillMatch(over, None, None, 0.0, "too_long")
    assert matches[2].concept_id == concept(bekasi, "las")  # neighbours in the batch are untouched
    report = bekasi.unmapped_report([over, over + "y", "asdfgh"])
    assert [(r.canonical, r.count) for r in report.rows] == [(TOO_LONG_ROW, 2), ("asdfgh", 1)]
    assert all(len(example) <= 81 for example in report.rows[0].examples)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=60), max_size=8))
def test_any_text_gives_one_match_per_phrase(bekasi: SkillNormalizer, phrases: list[str]) -> None:
    matches = bekasi.match(phrases)
    assert [m.phrase for m in matches] == phrases
    for m in matches:
        assert 0.0 <= m.score <= 1.0
        assert m.method in {"id", "exact", "part", "fuzzy", "semantic", "none", "too_long", "nonskill"}


# -- batch contract ------------------------------------------------------------------------------
def test_order_length_and_duplicates(bekasi: SkillNormalizer) -> None:
    phrases = ["forklift", "gaji UMK", "Forklift", "mesin bubut", "forklift", ""]
    matches = bekasi.match(phrases)
    assert [m.phrase for m in matches] == phrases
    assert matches[0] == SkillMatch(**{**matches[0].__dict__})
    assert matches[0].concept_id == matches[2].concept_id == matches[4].concept_id
    assert matches == [bekasi.match_one(p) for p in phrases]  # a batch changes nothing


def test_distinct_canonical_forms_are_scored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    normalizer = SkillNormalizer().fit(default_taxonomy())
    seen: list[list[str]] = []
    original = normalizer._pair_features
    monkeypatch.setattr(normalizer, "_pair_features", lambda forms: seen.append(forms) or original(forms))
    normalizer.match(
        ["Mesin Bubut", "mesin bubut", "mesin  bubut!", "las", "las", normalizer.concept_ids_[0]]
    )
    assert seen == [["las", "mesin bubut"]]


def test_not_fitted_and_bad_options() -> None:
    with pytest.raises(NotFittedError, match="not fitted"):
        SkillNormalizer().match(["las"])
    with pytest.raises(
        ValidationProblems,
        match=re.escape(
            "The 'score_cutoff' parameter of SkillNormalizer must be a number in [0, 1]. Got 1.5 instead."
        ),
    ):
        SkillNormalizer(score_cutoff=1.5).fit(default_taxonomy())
    with pytest.raises(
        ValidationProblems,
        match=re.escape(
            "The 'shortlist_size' parameter of SkillNormalizer must be an int >= 1. Got 0 instead."
        ),
    ):
        SkillNormalizer(shortlist_size=0).fit(default_taxonomy())
    with pytest.raises(
        ValidationProblems,
        match=re.escape("The 'taxonomy' parameter of SkillNormalizer.fit must be a Taxonomy."),
    ):
        SkillNormalizer().fit([])  # type: ignore[arg-type]


def test_non_text_phrases_are_reported_together(bekasi: SkillNormalizer) -> None:
    with pytest.raises(KerjaMatchError, match="#1 is NoneType, #3 is int"):
        bekasi.match(["las", None, "forklift", 3])  # type: ignore[list-item]


# -- unmapped report -----------------------------------------------------------------------------
def test_unmapped_report_counts(bekasi: SkillNormalizer) -> None:
    # a non-skill requirement ("gaji sesuai UMK") is no gap of the taxonomy: left out of the report
    phrases = ["qwzx vbnm", "Qwzx  vbnm!", "mesin bubut", "asdfgh", "qwzx  VBNM", "gaji sesuai UMK"]
    report = bekasi.unmapped_report(phrases)
    assert (report.total, report.abstained, report.nonskill) == (6, 4, 1)
    assert report.abstained_share == pytest.approx(4 / 6)
    assert all("gaji" not in row.canonical for row in report.rows)
    first = report.rows[0]
    assert first.count == 3
    assert len(first.examples) == 3
    assert all(0 <= score < bekasi.score_cutoff for _, _, score in first.nearest)
    frame = report.to_frame()
    assert list(frame["count"]) == [3, 1]


# -- vectorised helpers against plain loops -------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(1, 8), st.integers(1, 9), st.integers(0, 10**6))
def test_row_entries_dot_matches_dense_loop(n_dense: int, n_rows: int, width: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    dense = rng.normal(size=(n_dense, width))
    matrix = sp.random(n_rows, width, density=0.4, random_state=seed, format="csr")
    row_of = rng.integers(0, n_dense, n_rows)
    expected = [float(dense[row_of[i]] @ matrix[i].toarray().ravel()) for i in range(n_rows)]
    np.testing.assert_allclose(RowEntries(row_of, matrix).dot(dense), expected, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.floats(-20, 20), min_size=1, max_size=5), min_size=1, max_size=5))
def test_calibrated_margin_matches_loop(groups: list[list[float]]) -> None:
    logits = np.array([v for g in groups for v in sorted(g, reverse=True)])
    queries = np.array([q for q, g in enumerate(groups) for _ in g])
    expected = []
    for g in groups:
        g = sorted(g, reverse=True)
        for i, value in enumerate(g):
            others = [max(v, RERANK_INTERCEPT) for j, v in enumerate(g) if j != i] or [RERANK_INTERCEPT]
            lead = value - max(others) if i == 0 else value - g[0]
            z = CALIBRATION_COEF[0] * value + CALIBRATION_COEF[1] * lead + CALIBRATION_INTERCEPT
            expected.append(1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(calibrated(logits, queries), expected, rtol=1e-9)


def test_labels_of_matches_loop() -> None:
    index = LabelIndex.build(default_taxonomy())
    concepts = np.array([5, 0, 5, len(index.concept_ids) - 1])
    runs, rows = index.labels_of(concepts)
    expected = [
        r
        for c in concepts
        for r in range(index.label_starts[c], index.label_starts[c] + index.label_counts[c])
    ]
    assert rows.tolist() == expected
    assert runs.tolist() == np.r_[0, np.cumsum(index.label_counts[concepts])[:-1]].tolist()


def test_feature_names_match_coefficients() -> None:
    assert len(FEATURES) == len(RERANK_COEF)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**6), st.integers(1, 6))
def test_shortlist_matches_sorting_reference(small: SkillNormalizer, seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    n_concepts = len(small.concept_ids_)
    # few distinct values, so ties at the border are common
    dense = rng.choice([0.0, 0.25, 0.5, 1.0], size=(4, n_concepts)).astype(np.float32)
    forms = ["operate lathe", "nothing", "drive trucks", "x"]  # two carry exact labels
    queries, concepts, values = small.ranker_.shortlist(sp.csr_matrix(dense), forms, k)
    expected = []
    for q, form in enumerate(forms):
        ranked = sorted((c for c in range(n_concepts) if dense[q, c] > 0), key=lambda c: (-dense[q, c], c))[
            :k
        ]
        ranked += [c for c in small.index_.exact.get(form, ()) if c not in ranked]
        expected += [(q, c, float(dense[q, c])) for c in ranked]
    got = sorted(zip(queries.tolist(), concepts.tolist(), values.tolist(), strict=True))
    assert got == sorted(expected)


def test_workers_option_is_checked() -> None:
    with pytest.raises(
        KerjaMatchError,
        match=re.escape(
            "The 'workers' parameter of SkillNormalizer must be an int >= 1 or -1. Got 0 instead."
        ),
    ):
        SkillNormalizer(workers=0).fit(default_taxonomy())


# -- the semantic stage with a real, light embedder (character TF-IDF + SVD, no torch) -------------
JUNK = ["asdfgh", "xqzv", "asdfgh qwerty", "zzzz xxxx yyyy", "gaji sesuai UMK", "usia maksimal 25 tahun"]


class RecordingEmbedder:
    """Character 2-4-gram TF-IDF + 64-dimensional SVD fitted on the taxonomy's labels; records
    every batch of texts it is asked to embed."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        labels = sorted({canonical(label) for c in taxonomy for label in c.all_labels()} - {""})
        self.pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)), TruncatedSVD(64, random_state=0)
        ).fit(labels)
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.pipeline.transform(texts)


@pytest.fixture(scope="module")
def semantic() -> tuple[SkillNormalizer, RecordingEmbedder]:
    embedder = RecordingEmbedder(default_taxonomy())
    return SkillNormalizer(embedder=embedder, semantic_cutoff=0.8).fit(default_taxonomy()), embedder


def test_semantic_stage_rescues_what_the_lexical_stages_abstain_on(
    bekasi: SkillNormalizer, semantic: tuple[SkillNormalizer, RecordingEmbedder]
) -> None:
    normalizer, _ = semantic
    # typos too heavy for the lexical stages; the character embedding still finds the concept
    rescued = {"offie 65": "kantor.aplikasi.ms_office", "edia sosia": "tik.pemasaran_digital.media_sosial"}
    for phrase, expected in rescued.items():
        assert bekasi.match_one(phrase).method == "none"
        match = normalizer.match_one(phrase)
        assert (match.concept_id, match.method) == (expected, "semantic")
        assert normalizer.score_cutoff <= match.score <= 1.0
        assert match.label == normalizer.taxonomy_.get(expected).label
        assert all(cid != expected and score <= match.score for cid, score in match.alternatives)


@pytest.mark.parametrize("phrase", JUNK)
def test_semantic_stage_still_abstains_on_junk(
    semantic: tuple[SkillNormalizer, RecordingEmbedder], phrase: str
) -> None:
    match = semantic[0].match_one(phrase)
    assert match.concept_id is None
    assert match.method in ("none", "nonskill")


def test_semantic_stage_keeps_order_changes_no_lexical_match_and_embeds_each_form_once(
    bekasi: SkillNormalizer, semantic: tuple[SkillNormalizer, RecordingEmbedder]
) -> None:
    normalizer, embedder = semantic
    phrases = ["offie 65", "mesin bubut", "asdfgh", "Offie 65!", "las", "offie 65", "", "x" * 1001]
    embedder.calls.clear()
    matches = normalizer.match(phrases)
    assert [m.phrase for m in matches] == phrases
    assert [m.method for m in matches] == [
        "semantic", "exact", "none", "semantic", matches[4].method, "semantic", "none", "too_long"
    ]  # fmt: skip
    lexical = bekasi.match(phrases)
    for m, plain in zip(matches, lexical, strict=True):
        if m.method != "semantic":
            assert m == plain
    # only the forms the lexical stages abstained on, each once, in one call
    assert embedder.calls == [["asdfgh", "offie 65"]]
    embedder.calls.clear()
    normalizer.match(["mesin bubut", "las"])
    assert embedder.calls == []  # nothing undecided: the embedder is not called


def test_semantic_cutoff_gates_the_cosine(semantic: tuple[SkillNormalizer, RecordingEmbedder]) -> None:
    strict = copy.copy(semantic[0])
    strict.semantic_cutoff = 1.0  # read at match time: no refit needed
    assert strict.match_one("offie 65").method == "none"
    with pytest.raises(
        KerjaMatchError,
        match=re.escape(
            "The 'semantic_cutoff' parameter of SkillNormalizer must be a number in [-1, 1]. Got 2"
        ),
    ):
        SkillNormalizer(embedder=semantic[1], semantic_cutoff=2).fit(default_taxonomy())


def test_bad_embedders_are_refused_with_what_came(small: SkillNormalizer) -> None:
    taxonomy = small.taxonomy_
    with pytest.raises(
        KerjaMatchError,
        match=re.escape(
            "The 'embedder' parameter of SkillNormalizer must be a callable or None. Got 'minilm'"
        ),
    ):
        SkillNormalizer(embedder="minilm").fit(taxonomy)  # type: ignore[arg-type]
    with pytest.raises(
        KerjaMatchError, match=r"for 13 labels expected an array of shape \(13, d\), got shape \(3,\)"
    ):
        SkillNormalizer(embedder=lambda texts: np.zeros(3)).fit(taxonomy)
    with pytest.raises(KerjaMatchError, match="returned NaN or inf"):
        SkillNormalizer(embedder=lambda texts: np.full((len(texts), 2), np.nan)).fit(taxonomy)


def test_semantic_calibration_needs_concepts_with_two_labels(small: SkillNormalizer) -> None:
    one_label = Taxonomy([{"id": f"c{i}", "label": f"skill number {i}"} for i in range(30)], name="flat")
    with pytest.raises(KerjaMatchError, match="the taxonomy has 0, at least 20 are needed"):
        SkillNormalizer(embedder=lambda texts: np.ones((len(texts), 2))).fit(one_label)


def test_semantic_score_rises_with_cosine(semantic: tuple[SkillNormalizer, RecordingEmbedder]) -> None:
    index = semantic[0].semantic_
    assert index.calibration_size == len(semantic[0].concept_ids_)  # every concept has 2+ labels
    cosines = np.linspace(-1, 1, 21)
    scores = index.score(cosines, np.full_like(cosines, 0.1))
    assert np.all(np.diff(scores) > 0)
    assert np.all((scores >= 0) & (scores <= 1))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 9), st.integers(0, 10**6))
def test_top_columns_matches_sorting_reference(n_rows: int, n_columns: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    sims = rng.choice([-0.5, 0.0, 0.5, 1.0], size=(n_rows, n_columns))  # ties are common
    keep = int(rng.integers(1, n_columns + 1))
    expected = [sorted(range(n_columns), key=lambda c: (-sims[r, c], c))[:keep] for r in range(n_rows)]
    assert top_columns(sims, keep).tolist() == expected


def test_nearest_matches_a_plain_loop(semantic: tuple[SkillNormalizer, RecordingEmbedder]) -> None:
    normalizer, embedder = semantic
    index = normalizer.semantic_
    forms = ["offie 65", "las", "mesin bubut", "asdfgh"]
    vectors = embed(embedder, forms, "phrases")
    hits = index.nearest(vectors, 3)
    for row, vector in enumerate(vectors):
        cosines = [float(vector @ concept) for concept in index.concept_vectors]
        ranked = sorted(range(len(cosines)), key=lambda c: (-cosines[c], c))[:3]
        assert hits.concepts[row].tolist() == ranked
        np.testing.assert_allclose(hits.cosines[row], [cosines[c] for c in ranked], rtol=1e-5)
        lead = [
            cosines[ranked[0]] - cosines[ranked[1]],
            *(cosines[c] - cosines[ranked[0]] for c in ranked[1:]),
        ]
        np.testing.assert_allclose(
            hits.scores[row], index.score(hits.cosines[row], np.array(lead)), rtol=1e-5
        )
    alone = index.nearest(vectors, 1)  # one concept kept: its lead is still over the runner-up
    assert alone.concepts.tolist() == hits.concepts[:, :1].tolist()
    np.testing.assert_allclose(alone.scores, hits.scores[:, :1])


def test_semantic_rule_against_the_lexical_answer(
    bekasi: SkillNormalizer, semantic: tuple[SkillNormalizer, RecordingEmbedder]
) -> None:
    """Each phrase: the lexical answer stands unless its score is below SEMANTIC_CONSULT_BELOW and
    the nearest concept by cosine scores higher (and >= score_cutoff, cosine >= semantic_cutoff)."""
    normalizer, embedder = semantic
    # labels of the taxonomy with two letters dropped: some weak lexical answers, some abstentions
    phrases = [label[:2] + label[3:5] + label[6:] for c in default_taxonomy() for label in c.all_labels()[:3]]
    got, lexical = normalizer.match(phrases), bekasi.match(phrases)
    vectors = embed(embedder, [canonical(p) for p in phrases], "phrases")
    kinds = set()
    for match, plain, vector in zip(got, lexical, vectors, strict=True):
        if match.method != "semantic":
            assert match == plain
            continue
        kinds.add("rescued" if plain.concept_id is None else "replaced")
        assert plain.score < SEMANTIC_CONSULT_BELOW
        assert match.score > plain.score
        assert match.score >= normalizer.score_cutoff
        best = normalizer.semantic_.concept_vectors[normalizer.id_lookup_[match.concept_id]]
        assert float(vector @ best) >= normalizer.semantic_cutoff - 1e-6
    assert kinds == {"rescued", "replaced"}  # both branches are exercised
