"""Parts of a long skill phrase: enumerations and labels named inside a longer phrase.

A job-ad bullet often names several skills ("Menguasai Ms. Office (Excel, Word)", "komunikasi,
kerja sama dan disiplin") or wraps one label in words that say nothing ("Paham metode FIFO").
Scored as a whole, such a phrase matches no label well and either abstains or lands on a concept
that shares one word. This stage reads the parts:

- :func:`phrase_parts` cuts a phrase at enumeration marks (commas, "dan/serta/atau", "/", "&",
  parentheses, "seperti/such as");
- :func:`contained_labels` finds the longest runs of words of a canonical form that are a whole
  label of the taxonomy (the most specific label wins over a shorter one inside it: "las listrik"
  over "listrik");
- :func:`choose` decides between the whole phrase and its parts: a part that is a whole label,
  first named first (the convention of job ads and of the labelled data: the first skill named is
  the one asked for), else the whole phrase, else the best part.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ._lexical_ranker import Ranked
from ._requirement_rules import FIELD
from ._text import canonical

__all__ = [
    "PARTS_BELOW",
    "PART_DISCOUNT",
    "Candidate",
    "choose",
    "common_one_word_labels",
    "contained_labels",
    "generic_one_word_labels",
    "narrowest_of_overlaps",
    "owner_first",
    "phrase_parts",
    "specific_one_word_labels",
    "with_whole_alternatives",
]

#: A part chosen over its whole phrase scores this share of its own score: the rest of the phrase
#: was not read, so the estimate is less sure (calibrated on the real dev set, docs/normalizer.md).
PART_DISCOUNT = 0.9
#: Parts are read only for a phrase whose whole scores below this: a phrase the ranker already
#: places well is a label-like phrase (ESCO's own labels "apply health and safety standards"
#: hold "and" too), and its parts name other concepts.
PARTS_BELOW = 0.5
#: A whole phrase scored at least this keeps its concept against a one-word label inside it.
SURE = 0.8
#: A part that is not a label decides only from this score up (after the discount): below it,
#: parts matched on one shared word are right about one time in five on the real dev set.
PART_CUTOFF = 0.65
#: Most parts read per phrase (enumerations longer than this are rare and slow nothing down).
MAX_PARTS = 8
#: Longest run of words looked up as a label inside a phrase.
MAX_WINDOW = 5
#: A soft concept's one-word label is a generic word when at least this many concepts carry the
#: word in their labels ("kerja": kerja sama, sikap kerja, keselamatan kerja, ...; "service").
GENERIC_WORD_CONCEPTS = 10

_PART_BREAK = re.compile(
    r"\s*(?:[,;:/&()\[\]+]|\s-\s|\b(?:dan|serta|atau|maupun|ataupun|and|or|seperti|misalnya|termasuk|"
    r"khususnya|terutama|antara\s+lain|such\s+as|including|e\.g\.|like|plus|dll|etc)\b)\s*",
    re.IGNORECASE,
)


def phrase_parts(phrase: str) -> list[str]:
    """The enumerated parts of ``phrase`` in order (at most MAX_PARTS); [] when it has one part."""
    parts = [p.strip(" .-") for p in _PART_BREAK.split(phrase)]
    parts = [p for p in parts if p and any(ch.isalnum() for ch in p)]
    return parts[:MAX_PARTS] if len(parts) > 1 else []


def contained_labels(form: str, exact: Mapping[str, tuple[int, ...]]) -> list[tuple[int, str]]:
    """(first word, label form) of the runs of words of the canonical ``form`` that are a whole
    label, longest first then earliest; a run inside a longer run found is skipped. [] when
    ``form`` itself is a label."""
    words = form.split()
    if form in exact or len(words) < 2:
        return []
    found: list[tuple[int, int]] = []
    for size in range(min(MAX_WINDOW, len(words) - 1), 0, -1):
        for start in range(len(words) - size + 1):
            end = start + size
            if any(s <= start and end <= e for s, e in found):
                continue
            if " ".join(words[start:end]) in exact:
                found.append((start, end))
    found.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
    return [(s, " ".join(words[s:e])) for s, e in found]


def _label_word_carriers(exact: Mapping[str, tuple[int, ...]]) -> dict[str, set[int]]:
    """For each word of any label, the concepts whose labels hold it."""
    carriers: dict[str, set[int]] = {}
    for form, concepts in exact.items():
        for word in set(form.split()):
            carriers.setdefault(word, set()).update(concepts)
    return carriers


def generic_one_word_labels(exact: Mapping[str, tuple[int, ...]], soft: frozenset[int]) -> frozenset[str]:
    """The one-word labels that name no skill alone: labels only of soft concepts whose word is a
    word of many concepts' labels (GENERIC_WORD_CONCEPTS: "kerja" -> personal skills, "service" ->
    customer service). Alone, such a word says that the ad wants work done or a service given,
    not which skill; the concepts keep their longer labels ("kerja keras", "customer service")."""
    carriers = _label_word_carriers(exact)
    return frozenset(
        form
        for form, concepts in exact.items()
        if " " not in form and soft.issuperset(concepts) and len(carriers[form]) >= GENERIC_WORD_CONCEPTS
    )


def common_one_word_labels(exact: Mapping[str, tuple[int, ...]]) -> frozenset[str]:
    """The one-word labels of any concept whose word is a word of many concepts' labels
    (GENERIC_WORD_CONCEPTS: "mesin" is in "mesin bubut", "perawatan mesin", "mesin jahit", ...).
    Alone such a word may name its concept ("mesin" -> machine operator), but inside a longer
    part it is the class the other word narrows ("mesin roll forming") or the object of a verb
    that names the skill ("menyervis mesin"): it decides nothing there."""
    carriers = _label_word_carriers(exact)
    return frozenset(
        form for form in exact if " " not in form and len(carriers[form]) >= GENERIC_WORD_CONCEPTS
    )


def owner_first(form: str, ranked: Ranked, exact: Mapping[str, tuple[int, ...]]) -> Ranked:
    """``ranked`` with the concept whose label ``form`` is first: the re-ranker can put a concept
    with several labels holding the word above the one whose label the form is ("presentasi" is a
    label of communication; PowerPoint has "slide presentasi", "membuat presentasi"). The two
    trade places and keep the scores of their places."""
    owners = exact.get(form)
    if not owners or not ranked.concepts or ranked.concepts[0] in owners:
        return ranked
    at = next((i for i, c in enumerate(ranked.concepts) if c in owners), None)
    if at is None:
        return ranked
    concepts = list(ranked.concepts)
    concepts[0], concepts[at] = concepts[at], concepts[0]
    return Ranked(tuple(concepts), ranked.scores, True)


def specific_one_word_labels(
    exact: Mapping[str, tuple[int, ...]], leaves: frozenset[int], soft: frozenset[int]
) -> frozenset[str]:
    """The one-word labels whose word is in the labels of one concept only, a narrowest hard skill
    ("plts", "fefo", "arduino"): a term that specific names its skill wherever it stands in a part
    ("perawatan berkala sistem PLTS atap"), however many words frame it."""
    carriers = _label_word_carriers(exact)
    return frozenset(
        form
        for form in exact
        if " " not in form
        and len(carriers[form]) == 1
        and leaves.issuperset(carriers[form])
        and not soft.intersection(carriers[form])
    )


@dataclass(frozen=True)
class Candidate:
    """One reading of a phrase: its canonical form, its place in the phrase (0 = the whole phrase,
    then parts in order), whether it is a whole label, its best concepts and their scores."""

    form: str
    order: float
    exact: bool
    concepts: tuple[int, ...]
    scores: tuple[float, ...]
    words: int


def choose(whole: Candidate | None, parts: list[Candidate], cutoff: float) -> Candidate | None:
    """The reading that decides, or None to keep ``whole``.

    1. The whole phrase is a label: it stands.
    2. Else the first part (in phrase order; the longest label within a part) that is a whole
       label, unless the whole phrase scores SURE and the label is one word; its scores are
       discounted by PART_DISCOUNT.
    3. Else the whole phrase when it reaches ``cutoff``.
    4. Else the best-scoring part that reaches ``cutoff`` and PART_CUTOFF (discounted).
    """
    if whole is not None and whole.exact:
        return None
    whole_score = whole.scores[0] if whole is not None and whole.scores else 0.0
    labelled = _labelled(parts, whole_score)
    if labelled:
        best = min(labelled, key=lambda p: (int(p.order), -p.words, p.order))
        return _discounted(best)
    if whole_score >= cutoff:
        return None
    scored = [p for p in parts if p.scores and p.scores[0] * PART_DISCOUNT >= max(cutoff, PART_CUTOFF)]
    if not scored:
        return None
    best = max(scored, key=lambda p: (p.scores[0], -p.order))
    return _discounted(best) if best.scores[0] * PART_DISCOUNT > whole_score else None


def _labelled(parts: list[Candidate], whole_score: float) -> list[Candidate]:
    """The parts that are a whole label and may decide (rule 2 of :func:`choose`)."""
    return [p for p in parts if p.exact and p.concepts and (p.words > 1 or whole_score < SURE)]


def _discounted(part: Candidate) -> Candidate:
    return Candidate(
        part.form,
        part.order,
        part.exact,
        part.concepts,
        tuple(s * PART_DISCOUNT for s in part.scores),
        part.words,
    )


def with_whole_alternatives(pick: Candidate, whole: Ranked, keep: int) -> Ranked:
    """The chosen part's best concept first, then the best others of the part and of the whole
    phrase by score: the whole phrase's own candidates stay among the alternatives."""
    best = {pick.concepts[0]: pick.scores[0]} if pick.concepts else {}
    others: dict[int, float] = {}
    for concept, value in [
        *zip(pick.concepts[1:], pick.scores[1:], strict=True),
        *zip(whole.concepts, whole.scores, strict=True),
    ]:
        if concept not in best and value > others.get(concept, -1.0):
            others[concept] = value
    ranked = sorted(others.items(), key=lambda item: (-item[1], item[0]))[: keep - len(best)]
    merged = [*best.items(), *ranked]
    return Ranked(tuple(c for c, _ in merged), tuple(v for _, v in merged), pick.exact)


def part_readings(
    remainders: Mapping[str, str],
    ranked: Mapping[str, Ranked],
    exact: Mapping[str, tuple[int, ...]],
    leaves: frozenset[int],
    soft: frozenset[int] = frozenset(),
    generic: frozenset[str] = frozenset(),
    common: frozenset[str] = frozenset(),
    specific: frozenset[str] = frozenset(),
    labels_of: Callable[[int], Sequence[str]] | None = None,
) -> dict[str, list[tuple[float, str]]]:
    """(order, canonical form) of the readings of each whole form that scores below PARTS_BELOW:
    its enumerated parts (of its text ``remainders[form]``) and the labels inside each part (a
    one-word label only as :func:`_one_word_names_skill` allows, and never a ``common`` word: see
    :func:`common_one_word_labels`; a ``specific`` one always: :func:`specific_one_word_labels`)."""
    readings: dict[str, list[tuple[float, str]]] = {}
    for form, text in remainders.items():
        whole = ranked[form]
        if whole.scores and whole.scores[0] >= PARTS_BELOW:
            # one phrase, not an enumeration (there the first skill named decides, as below)
            if whole.scores[0] < SURE and labels_of is not None and not phrase_parts(text):
                named = _named_elsewhere(form, whole, exact, leaves, labels_of)
                if named:
                    readings[form] = named
            continue
        texts = phrase_parts(text)
        part_forms = [canonical(t) for t in texts] if texts else [form]
        items: list[tuple[float, str]] = []
        for i, part in enumerate(part_forms, start=1):
            if not part:
                continue
            if texts:
                items.append((i, part))
            # a part that names a field ("di bidang mebel", "pada pabrik kertas", "terkait proyek
            # gedung") says where, not what: its specific words decide nothing there
            anywhere = specific if not FIELD.search(texts[i - 1] if texts else text) else frozenset()
            items += [
                (i + start / 100, label)
                for start, label in narrowest_of_overlaps(contained_labels(part, exact), exact, leaves)
                if " " in label
                or label in anywhere
                or (
                    label not in common
                    and _one_word_names_skill(label, start, part, exact[label], leaves, soft, generic)
                )
            ]
        readings[form] = items
    return readings


def _named_elsewhere(
    form: str,
    whole: Ranked,
    exact: Mapping[str, tuple[int, ...]],
    leaves: frozenset[int],
    labels_of: Callable[[int], Sequence[str]],
) -> list[tuple[float, str]]:
    """The labels of two or more words written out inside ``form`` when the concept the whole
    form ranks first rests on scattered words: one of its labels has all its words in ``form``
    but not side by side, and none is written out. Such a fuzzy match short of SURE loses to a
    label the phrase spells out ("teknik pengelasan listrik" spells "las listrik", SMAW welding;
    "teknik listrik" is in it only word by word). Of two labels that overlap, a narrowest
    concept's wins ("las listrik" over "teknik las")."""
    inside = [(start, label) for start, label in contained_labels(form, exact) if " " in label]
    if not inside or any(whole.concepts[0] in exact[label] for _, label in inside):
        return []
    words, padded = set(form.split()), f" {form} "
    if not any(
        " " in label and words.issuperset(label.split()) and f" {label} " not in padded
        for label in labels_of(whole.concepts[0])
    ):
        return []
    return [(1 + start / 100, label) for start, label in narrowest_of_overlaps(inside, exact, leaves)]


def narrowest_of_overlaps(
    found: list[tuple[int, str]], exact: Mapping[str, tuple[int, ...]], leaves: frozenset[int]
) -> list[tuple[int, str]]:
    """(first word, label) of :func:`contained_labels` without a label that overlaps a label of a
    narrowest concept while naming a wider one: "teknik las" (welding) and "las listrik" (SMAW)
    share "las"; the phrase names the narrower skill."""
    spans = [(start, start + label.count(" ") + 1, leaves.issuperset(exact[label])) for start, label in found]
    return [
        item
        for item, (a, b, leaf) in zip(found, spans, strict=True)
        if leaf or not any(x < b and a < y and other for x, y, other in spans)
    ]


def _one_word_names_skill(
    label: str,
    start: int,
    part: str,
    concepts: tuple[int, ...],
    leaves: frozenset[int],
    soft: frozenset[int],
    generic: frozenset[str],
) -> bool:
    """Whether a one-word label inside ``part`` names the skill: its concepts are leaves, its part
    has at most two words and it is not a generic word. A soft skill's word (a quality: "cepat",
    "rapi", "accurate") names the skill as the head (the first word) or after a generic head ("kerja
    rapi"); after any other head it says how or which ("berhitung cepat" is arithmetic done fast,
    "aplikasi Accurate" an application's name)."""
    if part.count(" ") >= 2 or label in generic or not leaves.issuperset(concepts):
        return False
    return start == 0 or not soft.intersection(concepts) or part.split()[0] in generic


def decide(
    readings: Mapping[str, list[tuple[float, str]]], ranked: Mapping[str, Ranked], cutoff: float, keep: int
) -> dict[str, Ranked]:
    """The ranking that decides each whole form whose parts win (see :func:`choose`). A reading
    not in ``ranked`` is left out: only those of a form :func:`label_decided` may be missing."""
    out: dict[str, Ranked] = {}
    for form, items in readings.items():
        whole = ranked[form]
        pick = choose(
            Candidate(form, 0, whole.exact, whole.concepts, whole.scores, len(form.split())),
            _candidates(items, ranked),
            cutoff,
        )
        if pick is not None:
            out[form] = with_whole_alternatives(pick, whole, keep)
    return out


def label_decided(readings: Mapping[str, list[tuple[float, str]]], ranked: Mapping[str, Ranked]) -> set[str]:
    """The whole forms that a ranked label reading decides whatever their other readings score
    (rule 2 of :func:`choose`): those other readings need no ranking."""
    return {
        form
        for form, items in readings.items()
        if _labelled(_candidates(items, ranked), ranked[form].scores[0] if ranked[form].scores else 0.0)
    }


def _candidates(items: list[tuple[float, str]], ranked: Mapping[str, Ranked]) -> list[Candidate]:
    return [
        Candidate(f, order, ranked[f].exact, ranked[f].concepts, ranked[f].scores, len(f.split()))
        for order, f in items
        if f in ranked
    ]
