"""SkillExtractor: every skill mention in running text (job ads, CVs, sentences), with its span.

How a text is read (docs/extraction.md has the details and the figures):

1. layout (:mod:`._sections`): units (bullets, numbered items, lines, sentences), each in the
   section its heading opens; a unit is cut into pieces at clause ends, list joins (",", "/",
   "dan", "and", "&") and enumerations (in parentheses, after "seperti", "such as", "e.g.", ":");
2. candidates: every piece, every run of up to ``MAX_RUN`` neighbouring pieces of one list (so
   "perawatan dan perbaikan mesin" can stay whole), and for a piece of more than
   ``LONG_PIECE_WORDS`` words the phrases between its linking words ("untuk", "yang", "with", ...);
3. each distinct canonical form is matched once by the :class:`SkillNormalizer` (and remembered,
   up to ``cache_size`` forms, since ads repeat their phrases); a candidate that overlaps a
   protected-attribute span is never a skill;
4. the best one wins: candidates with a concept and a score of at least ``score_cutoff`` are taken
   by score (longer first on ties) unless they overlap one already taken, so mentions never
   overlap; a piece left without a skill that names a non-skill (education, experience, age, ...)
   becomes a mention with ``concept_id=None`` and its ``requirement_kind``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from sklearn.base import BaseEstimator

from .._params import Interval, check_estimator_params, check_params
from ..errors import KerjaMatchError, check_fitted
from ..taxonomy import Taxonomy
from ._normalizer import SkillNormalizer
from ._requirements import PROTECTED_KINDS, ProtectedSpan, protected_spans, requirement_kind
from ._sections import Piece, Unit, dense_run, read_units, split_pieces, sub_phrases, word_windows
from ._text import canonical

__all__ = ["Mention", "SkillExtractor"]

#: Lowest score of a skill mention: the normaliser's own cutoff. ``read_job_ad`` asks more of a
#: requirement (``REQUIREMENT_CUTOFF``); a ranked list of mentions (English sentences) gains from more.
DEFAULT_MENTION_CUTOFF = 0.25
#: Neighbouring pieces of one list that may be read as one skill ("membaca serta menggambar gambar kerja").
MAX_RUN = 3
#: A piece longer than this (in words) is also read phrase by phrase.
LONG_PIECE_WORDS = 5
#: Longest run of words ranked inside a phrase when reading densely.
DENSE_WORDS = 3
#: Runs of up to this many words inside a piece are mentions when they equal a label exactly
#: ("Java Python React" names Java and Python; "mesin bubut dan gambar teknik" both).
MAX_WINDOW_WORDS = 4
#: A one-word candidate is a mention only when it is a label and few concepts have that word in
#: their labels ("forklift", "plc"), not a word of many ("mesin", "listrik", "kerja").
MAX_WORD_CONCEPTS = 3
#: Sections whose text is never read for skills (a CV's personal data).
SKIPPED_SECTIONS = frozenset({"personal"})
#: Sections read piece by piece only, not phrase by phrase inside long pieces (duties are long
#: sentences whose skills are mentions, never requirements: this halves the phrases matched).
SHALLOW_SECTIONS = frozenset({"duties"})
_ROLE_WORD = re.compile(r"\b(?:sebagai|as an?|as|di bagian|bagian|posisi|position)\s+", re.I)
# A word written as a name: "SQL", "PLC", "AutoCAD", "JavaScript", "C#", "S7-1200" (not "Mesin").
_NAME_LIKE = re.compile(r"[A-Z0-9][A-Z0-9#+.\-]+|[A-Za-z]+[a-z][A-Z][\w#+]*|\w*\d\w*|[A-Za-z]+[#+]+")
_NAME = re.compile(r"(?:PT|CV|UD|Tbk|Koperasi)\b\.?\s", re.I)
# The word right before a position, on the same line with only spaces between.
_WORD_BEFORE = re.compile(r"([^\W_]+)[ \t]+$")
# An e-mail address or a run of 8+ digits (phone, NIK): never part of a mention, so never in output.
_PRIVATE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|(?:\d[\s.-]?){8,}")


@dataclass(frozen=True)
class Mention:
    """One mention in a text: ``text == source[start:end]``.

    ``concept_id`` is None when the extractor abstains; ``requirement_kind`` names what a non-skill
    mention asks for ("education", "experience", "age", ...), None for skills; ``score`` and
    ``alternatives`` are as in :class:`SkillMatch`; ``section`` is the section the mention stands in
    (ads: requirements, preferred, duties, benefits, company, other; CVs also experience,
    education, training, certificates); ``unit_start``/``unit_end`` span the bullet or sentence;
    ``group`` numbers the list of the unit the mention starts in and ``head`` says whether that
    list is the head of an enumeration ("Microsoft Office" in "Microsoft Office (Word, Excel)").
    """

    start: int
    end: int
    text: str
    section: str
    concept_id: str | None
    score: float
    alternatives: tuple[tuple[str, float], ...] = ()
    requirement_kind: str | None = None
    unit_start: int = 0
    unit_end: int = 0
    group: int = 0
    head: bool = False


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    form: str
    window: bool = False  # a run of words inside a piece: a mention only when it is a label


def _word_before(text: str, start: int) -> str | None:
    """The word right before ``start`` on the same line (only spaces between), if any."""
    found = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return None if found is None else found.group(1)


@lru_cache(maxsize=65536)
def _canonical(text: str) -> str:
    return canonical(text)


@lru_cache(maxsize=65536)
def _kind(text: str) -> str | None:
    return requirement_kind(text)


@lru_cache(maxsize=16384)
def protected_in_unit(text: str) -> tuple[ProtectedSpan, ...]:
    """``protected_spans(text)``, remembered (a unit is read for skills and for flags)."""
    return tuple(protected_spans(text))


def _key(text: str) -> str:
    """What a candidate is matched and remembered by: its text with runs of spaces made one (the
    normaliser reads the raw words: its non-skill stage needs the commas and the negations)."""
    return " ".join(text.split())


class SkillExtractor(BaseEstimator):
    """Find skill mentions in running text and map each to a concept of a taxonomy.

    Parameters
    ----------
    normalizer : SkillNormalizer, optional
        Maps each candidate phrase; default ``SkillNormalizer(n_alternatives=5)``. One that is
        already fitted on the taxonomy given to :meth:`fit` is used as it is.
    score_cutoff : float in [0, 1]
        A candidate whose best concept scores below this is not a skill mention.
    dense : bool
        :meth:`extract` also ranks every run of 2-3 words inside the phrases of a long piece
        (skills hidden in prose: "you enjoy working independently"); ``read_job_ad`` and
        ``read_cv`` never do (see :meth:`extract_units`).
    cache_size : int
        Canonical forms whose matches are remembered between calls (0 turns the memory off).
    """

    _option_constraints: ClassVar[dict[str, list[Any]]] = {
        "normalizer": [SkillNormalizer, None],
        "score_cutoff": [Interval("real", 0, 1)],
        "dense": ["boolean"],
        "cache_size": [Interval("int", 0)],
    }

    def __init__(
        self,
        normalizer: SkillNormalizer | None = None,
        *,
        score_cutoff: float = DEFAULT_MENTION_CUTOFF,
        dense: bool = True,
        cache_size: int = 50_000,
    ) -> None:
        self.normalizer = normalizer
        self.score_cutoff = score_cutoff
        self.dense = dense
        self.cache_size = cache_size

    def fit(self, taxonomy: Taxonomy) -> SkillExtractor:
        """Fit (or reuse) the normaliser on ``taxonomy``; returns self."""
        check_estimator_params(self)
        check_params("SkillExtractor.fit", {"taxonomy": [Taxonomy]}, {"taxonomy": taxonomy})
        normalizer = self.normalizer if self.normalizer is not None else SkillNormalizer(n_alternatives=5)
        if getattr(normalizer, "taxonomy_", None) is not taxonomy:
            normalizer.fit(taxonomy)
        self.normalizer_ = normalizer
        self.taxonomy_ = taxonomy
        self.word_concepts_ = _word_concepts(normalizer)
        self.label_words_ = frozenset(w for form in normalizer.index_.label_forms for w in form.split()) | {
            form for form in normalizer.index_.exact
        }
        self.cache_: dict[str, tuple[str | None, float, tuple[tuple[str, float], ...]]] = {}
        return self

    # -- public --------------------------------------------------------------------------------
    def extract(self, text: str) -> list[Mention]:
        """Every mention in ``text`` in order of position; never overlapping."""
        check_fitted(self, "normalizer_")
        if not isinstance(text, str):
            raise KerjaMatchError(f"SkillExtractor.extract: text must be str, got {type(text).__name__}")
        return self.extract_units(text, read_units(text), dense=self.dense)

    def extract_units(
        self, text: str, units: Iterable[Unit], sections: Iterable[str] | None = None, *, dense: bool = False
    ) -> list[Mention]:
        """Mentions of the given units of ``text`` (from :func:`read_units`), only of ``sections``
        when given (``read_job_ad`` reads requirements and duties, not the company's blurb).
        ``dense`` also ranks every run of 2-3 words inside the phrases of a long piece: more
        mentions from prose (what a ranked list of a sentence's skills needs), less precision
        (``read_job_ad`` and ``read_cv`` read lists and leave it off)."""
        check_fitted(self, "normalizer_")
        wanted = None if sections is None else frozenset(sections)
        plans = [
            (unit, *self._candidates(text, unit, dense))
            for unit in units
            if unit.section not in SKIPPED_SECTIONS and (wanted is None or unit.section in wanted)
        ]
        self._match_forms({c.form for _, _, candidates in plans for c in candidates})
        mentions: list[Mention] = []
        for unit, pieces, candidates in plans:
            mentions += self._choose(text, unit, pieces, candidates)
        if not self.cache_size:
            self.cache_.clear()
        return mentions

    # -- candidates ----------------------------------------------------------------------------
    def _candidates(self, text: str, unit: Unit, dense: bool) -> tuple[list[Piece], list[_Candidate]]:
        pieces = split_pieces(unit.text, unit.start)
        if unit.section in SHALLOW_SECTIONS:
            runs = {w for piece in pieces for w in word_windows(piece.text, piece.start, MAX_WINDOW_WORDS)}
            return pieces, self._label_windows(text, runs, set(), [])
        if _kind(unit.text) is not None:
            # the non-skill stage finds no skill left in the unit: "Pendidikan min. SMK Teknik
            # Mesin / Elektro" names majors, "Sehat, kuat mengangkat barang" a physical demand
            return pieces, []
        kinds = [_kind(p.text) for p in pieces]
        spans: set[tuple[int, int]] = set()
        windows: set[tuple[int, int]] = set()
        for i, piece in enumerate(pieces):
            if _NAME.match(piece.text):
                continue  # "PT Sinar Logam Presisi": a company's name, not its trade
            if kinds[i] is not None:
                spans |= _after_role_word(piece)  # "pengalaman 2 tahun sebagai operator bubut"
                continue
            for j in range(i, min(i + MAX_RUN, len(pieces))):
                if pieces[j].group != piece.group or kinds[j] is not None:
                    break
                spans.add((piece.start, pieces[j].end))
            if len(piece.text.split()) > LONG_PIECE_WORDS:
                phrases = sub_phrases(piece.text, piece.start)
                for k, (a, b) in enumerate(phrases):
                    spans.add((a, b))
                    if k + 1 < len(phrases):
                        spans.add((a, phrases[k + 1][1]))
            if dense and len(piece.text.split()) > 2:  # every run of 2-3 words of each phrase too
                for a, b in sub_phrases(piece.text, piece.start):
                    spans |= {
                        w for w in word_windows(text[a:b], a, DENSE_WORDS) if dense_run(text[w[0] : w[1]])
                    }
            windows |= set(word_windows(piece.text, piece.start, MAX_WINDOW_WORDS))
        blocked = [(s.start + unit.start, s.end + unit.start) for s in protected_in_unit(unit.text)]
        whole = {(p.start, p.end) for p in pieces}
        candidates = []
        for a, b in sorted(spans):
            if any(a < y and x < b for x, y in blocked) or _PRIVATE.search(text, a, b):
                continue
            form = _canonical(text[a:b])
            if not form or (
                " " not in form
                and form not in self.normalizer_.index_.exact
                and self.word_concepts_.get(form, 0) > MAX_WORD_CONCEPTS
            ):
                continue  # one common word of labels alone ("bekerja") names no skill
            if (a, b) not in whole and _kind(text[a:b]) is not None:
                continue  # a phrase of a long piece that names experience, a field, ...
            candidates.append(_Candidate(a, b, _key(text[a:b])))
        return pieces, candidates + self._label_windows(text, windows, spans, blocked)

    def _label_windows(
        self,
        text: str,
        windows: set[tuple[int, int]],
        spans: set[tuple[int, int]],
        blocked: list[tuple[int, int]],
    ) -> list[_Candidate]:
        """The runs of words that equal a label of the taxonomy (a one-word label only when few labels
        hold that word), other than the spans already read. A run is canonicalised only when each
        of its words, read alone, is a filler or a word of some label (most runs are not)."""
        exact = self.normalizer_.index_.exact
        out = []
        for a, b in sorted(windows - spans):
            words = [_canonical(w) for w in text[a:b].split()]
            if not any(words) or not all(not w or w in self.label_words_ for w in words):
                continue
            form = _canonical(text[a:b])
            if form not in exact or (
                " " not in form
                and self.word_concepts_.get(form, 0) > MAX_WORD_CONCEPTS
                and not _NAME_LIKE.fullmatch(text[a:b])
            ):
                continue
            if " " not in form and (
                self._quality_after_head(text, a, b, exact[form])
                or self._object_of_skill(text, a, exact[form])
            ):
                continue
            if not any(a < y and x < b for x, y in blocked):
                out.append(_Candidate(a, b, _key(text[a:b]), window=True))
        return out

    def _object_of_skill(self, text: str, start: int, concepts: tuple[int, ...]) -> bool:
        """Whether a one-word label at ``start`` follows a one-word label of another concept: the
        word before is the skill and this one says what it works on ("mekanik truk" is a truck
        mechanic, not truck driving). A generic word before ("kerja", "service") is no skill."""
        before = _word_before(text, start)
        if before is None:
            return False
        word = _canonical(before)
        head = self.normalizer_.index_.exact.get(word, ())
        return bool(head) and word not in self.normalizer_.generic_words_ and not set(head) & set(concepts)

    def _quality_after_head(self, text: str, start: int, end: int, concepts: tuple[int, ...]) -> bool:
        """Whether a one-word soft label at ``start`` follows a head word that it only qualifies or
        names (the normaliser's parts rule): "aplikasi Accurate" is an application's name,
        "berhitung cepat" arithmetic done fast; after a filler ("dengan teliti") or a generic head
        ("kerja rapi") the word is the quality asked for."""
        normalizer = self.normalizer_
        if not normalizer.soft_.issuperset(concepts):
            return False
        before = _word_before(text, start)
        if before is None:
            return False
        # the word before counts when it stays a word beside this one (a filler such as "bisa",
        # "dengan", "secara" drops out) and is not a generic head
        pair = _canonical(f"{before} {text[start:end]}").split()
        return len(pair) > 1 and pair[0] not in normalizer.generic_words_

    def _match_forms(self, keys: set[str]) -> None:
        """Match the candidates not yet remembered, in one batch.

        The extractor reads non-skills (per piece, with the non-skill stage) and the parts of a
        phrase (pieces, label windows) itself, over the whole text; so the canonical forms go
        straight to the normaliser's ranker, one batch per text. With an embedder the normaliser's
        full ``match`` is used instead, so that its semantic stage is honoured."""
        missing = sorted(k for k in keys if k not in self.cache_)
        if not missing:
            return
        if self.cache_size and len(self.cache_) + len(missing) > self.cache_size:
            self.cache_.clear()  # simple and bounded; a full cache is rare (ads repeat phrases)
        normalizer = self.normalizer_
        if normalizer.embedder is not None:
            for key, match in zip(missing, normalizer.match([_canonical(k) for k in missing]), strict=True):
                self.cache_[key] = (match.concept_id, match.score, match.alternatives)
            return
        forms = [_canonical(k) for k in missing]
        distinct = sorted(set(forms))
        ranked = dict(zip(distinct, normalizer._rank(distinct), strict=True))
        ids = normalizer.concept_ids_
        for key, form in zip(missing, forms, strict=True):
            best = ranked[form]
            pairs = tuple(
                (ids[c], round(float(s), 6)) for c, s in zip(best.concepts, best.scores, strict=True)
            )
            # a generic one-word label ("kerja", "service") names no skill alone (the normaliser's rule)
            if not pairs or pairs[0][1] < normalizer.score_cutoff or form in normalizer.generic_words_:
                self.cache_[key] = (None, pairs[0][1] if pairs else 0.0, pairs)
            else:
                self.cache_[key] = (pairs[0][0], pairs[0][1], pairs[1:])

    # -- choice --------------------------------------------------------------------------------
    def _choose(
        self, text: str, unit: Unit, pieces: list[Piece], candidates: list[_Candidate]
    ) -> list[Mention]:
        scored = []
        for c in candidates:
            concept_id, score, alternatives = self.cache_[c.form]
            if concept_id is not None and score >= self.score_cutoff:
                scored.append((score, c.end - c.start, c, concept_id, alternatives))
        # best first; scores within a rounding of each other go to the longer span
        # (a run of several pieces loses a tie to a single piece: "bubut/CNC" names two skills)
        scored.sort(key=lambda s: (-round(s[0], 2), _pieces_in(pieces, s[2]), -s[1], s[2].start))
        taken: list[Mention] = []
        for score, _, c, concept_id, alternatives in scored:
            if any(c.start < m.end and m.start < c.end for m in taken):
                continue
            piece = next((p for p in pieces if p.end > c.start), pieces[-1])
            taken.append(
                Mention(
                    c.start,
                    c.end,
                    text[c.start : c.end],
                    unit.section,
                    concept_id,
                    score,
                    alternatives,
                    None,
                    unit.start,
                    unit.end,
                    piece.group,
                    piece.head,
                )
            )
        for piece in pieces:
            if any(piece.start < m.end and m.start < piece.end for m in taken):
                continue
            if unit.section in SHALLOW_SECTIONS or _PRIVATE.search(piece.text):
                continue
            kind = _kind(piece.text)
            if kind is None and not _canonical(piece.text):
                continue
            _, score, alternatives = self.cache_.get(_key(piece.text), (None, 0.0, ()))
            taken.append(
                Mention(
                    piece.start,
                    piece.end,
                    piece.text,
                    unit.section,
                    None,
                    score if kind is None else 0.0,
                    alternatives if kind is None else (),
                    kind,
                    unit.start,
                    unit.end,
                    piece.group,
                    piece.head,
                )
            )
        return sorted(taken, key=lambda m: m.start)


def _pieces_in(pieces: list[Piece], candidate: _Candidate) -> int:
    """How many pieces a candidate spans (1 for a piece or a part of one)."""
    return max(1, sum(candidate.start <= p.start and p.end <= candidate.end for p in pieces))


def _word_concepts(normalizer: SkillNormalizer) -> Counter[str]:
    """How many concepts have each word in one of their labels (canonical forms)."""
    index = normalizer.index_
    counts: Counter[str] = Counter()
    for start, n in zip(index.label_starts.tolist(), index.label_counts.tolist(), strict=True):
        counts.update({w for form in index.label_forms[start : start + n] for w in form.split()})
    return counts


def _after_role_word(piece: Piece) -> set[tuple[int, int]]:
    """The span after "sebagai / as / di bagian" in a non-skill piece: the role it names."""
    match = _ROLE_WORD.search(piece.text)
    if match is None or match.end() >= len(piece.text):
        return set()
    return {(piece.start + match.end(), piece.end)}


def is_protected(kind: str | None) -> bool:
    """Whether a requirement kind is a protected attribute (never a skill, always a flag)."""
    return kind in PROTECTED_KINDS
