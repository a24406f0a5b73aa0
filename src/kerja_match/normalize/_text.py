"""Canonical text form of a skill phrase, Indonesian and English.

Taxonomy labels and query phrases go through the same :func:`canonical`, so every rule here is
symmetric: a rewrite can only merge two phrases, never make a label unreachable. The stages:

1. characters: Unicode NFKC, case folding, control and zero-width characters dropped, text past
   :data:`MAX_PHRASE_LENGTH` cut off;
2. tokens: runs of letters and digits (so ``co2``, ``k3``, ``5s`` stay whole), plus ``c++``, ``c#``,
   ``.net``; reduplication (``prinsip-prinsip``) collapses to one word; ``&`` reads ``and``;
3. spelling: misspellings, abbreviations and British/American forms people write in job ads and CVs
   (``exel`` → ``excel``, ``ms ofice`` → ``microsoft office``, ``moulding`` → ``molding``);
4. affixes: Indonesian meN-, peN-, ber-, ter-, di-, ke-, per-, se- with -kan, -an, -i and the
   Jakarta ``nge-``/``ny-`` forms are removed only where the result is a known root (a domain
   vocabulary), so ``pengelasan`` is ``las`` (weld), not ``kelas`` (class) as a generic stemmer says;
   unknown words lose a prefix+suffix pair only (``ke-…-an``), which English words rarely carry;
   English words are left alone (plural trimming and stop-word removal lowered ESCO top-1);
5. fillers: words that wrap a skill without naming it (``mampu``, ``berpengalaman``, ``tukang``,
   ``mengoperasikan``, ``benda kerja``) are dropped anywhere while other words remain; English
   framing (``good``, ``ability to``, ``knowledge of``; ``skills``, ``operator``) only at the start
   or end, as inside ESCO labels such words carry meaning. So ``mampu mengoperasikan mesin bubut``
   reads ``mesin bubut`` and ``baik`` alone stays ``baik``;
6. repeated words keep their last occurrence (``mengukur dengan alat ukur`` → ``alat ukur``).

Everything is a pure function of its argument; word-level helpers are cached.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

from .._privacy import strip_personal

__all__ = ["MAX_PHRASE_LENGTH", "canonical", "lexicon_section", "lexicon_words", "tokens"]

#: Characters of a phrase that are read; the rest is cut off (a skill is never this long).
MAX_PHRASE_LENGTH = 1000


def _load_lexicon() -> dict[str, Any]:
    """The word lists (``lexicon.json`` beside this module; each section says what its words do)."""
    text = resources.files(__package__).joinpath("lexicon.json").read_text(encoding="utf-8")
    lexicon: dict[str, Any] = json.loads(text)
    return lexicon


_LEXICON = _load_lexicon()


def lexicon_section(name: str) -> dict[str, Any]:
    """One section of ``lexicon.json`` (for the word-level rules of other modules)."""
    section: dict[str, Any] = _LEXICON[name]
    return section


def lexicon_words(section: str) -> frozenset[str]:
    """The word list of one section of ``lexicon.json``."""
    return frozenset(_LEXICON[section]["words"])


def _pairs(section: str) -> frozenset[tuple[str, str]]:
    return frozenset((first, second) for first, second in (p.split() for p in _LEXICON[section]["pairs"]))


# Format characters (zero-width space/joiners, bidi marks, BOM, soft hyphen) vanish; control
# characters (NUL, tabs, newlines, C1) separate words.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Reduplication with a hyphen: "prinsip-prinsip" -> "prinsip" (plural/variety, same skill).
_REDUPLICATION = re.compile(r"\b([^\W\d_]{2,})-\1\b")
# Tokens: programming names that need their symbol, then runs of letters/digits.
_TOKEN = re.compile(r"c\+\+|[cf]#|\.net\b|[^\W_]+")

# --- stage 3: spelling, abbreviations, variants -------------------------------------------------
_SPELLING: dict[str, str] = _LEXICON["spelling"]["map"]
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(k.split()): tuple(v.split()) for k, v in _LEXICON["phrases"]["map"].items()
}
_MAX_PHRASE_KEY = max(len(k) for k in _PHRASES)
_PHRASE_STARTS = frozenset(k[0] for k in _PHRASES)
_AFTER_MS = lexicon_words("after_ms")

# --- stage 5: fillers ---------------------------------------------------------------------------
_FILLERS = lexicon_words("fillers")
_DURATIONS = lexicon_words("durations")
_EN_LEADING = lexicon_words("en_leading")
_EN_TRAILING = lexicon_words("en_trailing")
_FILLER_ROOTS = lexicon_words("filler_roots")
_FILLER_PAIRS = _pairs("filler_pairs")
_ANY_FILLER = (
    _FILLERS | _FILLER_ROOTS | _EN_LEADING | _EN_TRAILING | {w for pair in _FILLER_PAIRS for w in pair}
)

# --- stage 0: not a skill -----------------------------------------------------------------------
_NON_SKILL_WORDS = lexicon_words("non_skill_words")
_NON_SKILL_PAIRS = _pairs("non_skill_pairs")
_NON_SKILL_PAIR_STARTS = frozenset(first for first, _ in _NON_SKILL_PAIRS)


def _is_non_skill(words: list[str]) -> bool:
    """Whether the (respelled, not yet reduced) words hold a non-skill marker word or pair."""
    if not _NON_SKILL_WORDS.isdisjoint(words):
        return True
    if _NON_SKILL_PAIR_STARTS.isdisjoint(words):
        return False
    return any(
        (words[i], words[i + 1]) in _NON_SKILL_PAIRS
        for i in range(len(words) - 1)
        if words[i] in _NON_SKILL_PAIR_STARTS
    )


# --- stage 4: Indonesian affixes ----------------------------------------------------------------
_ROOTS = lexicon_words("roots")
_IRREGULAR: dict[str, str] = _LEXICON["irregular"]["map"]
_FIXED = _ROOTS | frozenset(_IRREGULAR.values())
_SUFFIXES = tuple(_LEXICON["suffixes"]["words"])
_PARTICLES = tuple(_LEXICON["particles"]["words"])


def _prefix_candidates(word: str) -> list[str]:
    """Words left after removing one Indonesian prefix, with the initial sound meN-/peN- swallowed."""
    out: list[str] = []
    for p in ("me", "pe", "nge", "ng", "ny"):
        if not word.startswith(p):
            continue
        rest = word[len(p) :]
        if p in ("me", "pe"):
            if rest.startswith("nge"):
                out.append(rest[3:])  # menge-/penge- before one-syllable roots: pengelasan -> las
            if rest.startswith("ng"):
                r = rest[2:]
                out += [r, "k" + r] if r[:1] in "aiueo" else [r]
            if rest.startswith("ny"):
                out.append("s" + rest[2:])
            if rest.startswith("m"):
                r = rest[1:]
                out += [r, "p" + r, rest] if r[:1] in "aiueor" else [r, rest]
            if rest.startswith("n"):
                r = rest[1:]
                out += [r, "t" + r, rest] if r[:1] in "aiueo" else [r, rest]
            if rest.startswith("r"):
                out.append(rest[1:])  # per-: perawatan -> rawat (pe + rawat) and per + kantor
            out.append(rest)  # me/pe before l, r, w, y, m, n
        elif p == "nge":
            out.append(rest)
        elif p == "ng":
            out += [rest, "k" + rest] if rest[:1] in "aiueo" else [rest]
        else:
            out.append("s" + rest)
    for p in ("ber", "be", "ter", "te", "di", "ke", "se"):
        if word.startswith(p):
            out.append(word[len(p) :])
    return [c for c in out if len(c) >= 2]


def _root_lookup(word: str) -> str | None:
    """A root of ``word`` from _ROOTS, peeling suffix and up to two prefixes; None if none is known."""
    bases = [word]
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 3:
            bases.append(word[: -len(particle)])
    for base in bases:
        for suffix in _SUFFIXES:
            if suffix and not (base.endswith(suffix) and len(base) - len(suffix) >= 3):
                continue
            stem = base[: len(base) - len(suffix)] if suffix else base
            if suffix and stem in _ROOTS:
                return stem
            for first in _prefix_candidates(stem):
                if first in _ROOTS:
                    return first
                for second in _prefix_candidates(first):
                    if second in _ROOTS:
                        return second
    return None


_CONFIX = re.compile(r"^(?:meng|meny|peng|peny|mem|men|pem|pen|per|ber|ke)(?P<root>[a-z]{4,}?)(?:kan|an)$")


@lru_cache(maxsize=65536)
def _word_form(word: str) -> str:
    """One word's canonical form: irregular map, known root, Indonesian confix.

    English plurals are left alone: trimming them lowered ESCO top-1 by a point in our checks.

    Idempotent: every path ends in a word that maps to itself.
    """
    if word in _FIXED or not word.isalpha() or not word.isascii():
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    root = _root_lookup(word)
    if root is not None:
        return root
    match = _CONFIX.match(word)
    if match:  # an unknown word wearing a prefix and a suffix: strip the pair (never English-like)
        return _word_form(match.group("root"))
    return word


@lru_cache(maxsize=65536)
def _spelled(word: str) -> tuple[str, ...]:
    return tuple(_SPELLING.get(word, word).split())


def _respelled(words: list[str]) -> list[str]:
    """Single-word spellings, then multi-word forms (longest first), then "ms" before an Office name."""
    spelled = [w for word in words for w in _spelled(word)]
    out: list[str] = []
    i = 0
    while i < len(spelled):
        if spelled[i] not in _PHRASE_STARTS:
            word = spelled[i]
            if word == "ms" and i + 1 < len(spelled) and spelled[i + 1] in _AFTER_MS:
                word = "microsoft"
            out.append(word)
            i += 1
            continue
        for n in range(min(_MAX_PHRASE_KEY, len(spelled) - i), 0, -1):
            key = tuple(spelled[i : i + n])
            if key in _PHRASES:
                out += _PHRASES[key]
                i += n
                break
        else:
            out.append(spelled[i])
            i += 1
    return out


def _clean(phrase: str) -> str:
    text = strip_personal(phrase[:MAX_PHRASE_LENGTH])  # a NIK, phone or e-mail is never a skill
    if text.isascii():  # fast path: NFKC and case folding of ASCII are lower()
        text = text.lower()
        if not text.isprintable():
            text = _CONTROL.sub(" ", text)
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    if "&" in text:
        text = text.replace("&", " and ")
    return _REDUPLICATION.sub(r"\1", text) if "-" in text else text


def _canonical_once(text: str) -> tuple[str, bool]:
    """One pass over cleaned text: the canonical form, and whether a word was dropped or rewritten."""
    raw = _TOKEN.findall(text)
    words = _respelled(raw)
    if not words or _is_non_skill(words):
        return "", False
    forms = [_word_form(w) for w in words]
    changed = words != raw or forms != words
    if not (_ANY_FILLER.isdisjoint(words) and _ANY_FILLER.isdisjoint(forms)):
        filler = [
            w in _FILLERS or f in _FILLERS or f in _FILLER_ROOTS for w, f in zip(words, forms, strict=True)
        ]
        for i in range(len(forms) - 1):
            if (forms[i], forms[i + 1]) in _FILLER_PAIRS:
                filler[i] = filler[i + 1] = True
        for i, form in enumerate(forms):  # "2 tahun", "1 3 tahun": the numbers of a duration
            j = i - 1
            while form in _DURATIONS and j >= 0 and forms[j].isdigit():
                filler[j] = True
                j -= 1
        for i, form in enumerate(forms):  # English framing at the start ...
            if not (filler[i] or form in _EN_LEADING):
                break
            filler[i] = True
        for i in range(len(forms) - 1, -1, -1):  # ... and at the end
            if not (filler[i] or forms[i] in _EN_TRAILING):
                break
            filler[i] = True
        if any(filler) and not all(filler):
            forms = [f for f, is_filler in zip(forms, filler, strict=True) if not is_filler]
            changed = True
    if len(set(forms)) < len(forms):  # repeated words keep their last occurrence: "ukur alat ukur"
        last = {f: i for i, f in enumerate(forms)}
        forms = [f for i, f in enumerate(forms) if last[f] == i]
        changed = True
    return " ".join(forms), changed


def canonical(phrase: str) -> str:
    """The canonical form of a skill phrase; "" when it has no word characters.

    Never raises on odd text (NUL bytes, emoji, right-to-left scripts, very long input: only the
    first MAX_PHRASE_LENGTH characters are read). ``canonical(canonical(x)) == canonical(x)``:
    when a pass dropped or rewrote a word, passes repeat until nothing changes, since e.g. dropping
    a filler can bring together two words that a spelling rule joins.
    """
    if not isinstance(phrase, str):
        phrase = str(phrase)
    result, changed = _canonical_once(_clean(phrase))
    for _ in range(3):
        if not changed:
            break
        again, changed = _canonical_once(result)
        if again == result:
            break
        result = again
    return result


def tokens(phrase: str) -> list[str]:
    """The words of ``canonical(phrase)``."""
    return canonical(phrase).split()
