"""Non-skill requirements: what a job-ad phrase asks for when it names no skill, in Indonesian and English.

A requirement line of a job ad often names no skill at all: an education level, years of experience,
a sector, an age limit, a gender, a place to live, a document, a willingness to work shifts. Such a
phrase must never become a concept: it would gate candidates on something that is not a skill, and
for the *protected* kinds it would make a score discriminate. This module reads those phrases with
rules over the words (negations included: "tidak berkacamata", "belum menikah", "non-smoker"):

- :func:`requirement_kind` says which kind a phrase names when it names nothing else;
- :func:`skill_remainder` splits a phrase into its non-skill parts and the text left for the skill
  normaliser ("Pria, mampu mengelas" keeps "mampu mengelas");
- :func:`protected_spans` finds every protected requirement in running text, with its character
  span and the law or rule it touches, so an office can list the ads that discriminate.

Kinds (:data:`RequirementKind`); the protected ones (:data:`PROTECTED_KINDS`) are those of UU 13/2003
Art. 5-6 (equal opportunity and treatment without discrimination), ILO Convention C111 Art. 1 as
ratified by UU 21/1999 (sex, religion, race, colour, national extraction, social origin), UU 40/2008
(race and ethnicity), UU 8/2016 Art. 11 and 53 (persons with disabilities) and the project's fairness
rule (age, marital status, appearance, health not tied to the work are never inputs to a score):

==============  ==========================================================================  =========
kind            what the phrase names                                                       protected
==============  ==========================================================================  =========
age             an age limit ("usia maks. 30 tahun", "under 35 years old")                  yes
gender          a sex ("pria", "wanita", "male only")                                       yes
marital_status  marriage or pregnancy ("belum menikah", "single", "tidak hamil")            yes
religion        a religion or religious practice ("muslim", "berhijab", "taat beribadah")   yes
ethnicity       ethnicity, race or origin ("suku Jawa", "keturunan", "putra daerah")        yes
appearance      looks or body measurements ("berpenampilan menarik", "TB min 165 cm")       yes
health          health, eyesight, disability not tied to a stated task ("sehat jasmani",    yes
                "tidak buta warna", "tidak berkacamata")
physical        a physical demand tied to the work ("kuat mengangkat 25 kg", "tahan         no
                berdiri lama", "karena banyak berdiri")
education       a school level, degree, major or grade ("min. SMK", "S1 Teknik Mesin")       no
experience      a duration or generic experience ("pengalaman min. 2 tahun", "fresh grad")  no
field           experience in a sector ("di bidang yang sama", "di industri manufaktur")    no
domicile        where a candidate lives or is placed ("berdomisili di Cikarang")            no
documents       papers to hold or send ("SKCK", "NPWP", "portofolio", "CV")                 no
assets          things to own ("memiliki kendaraan sendiri", "own laptop")                  no
availability    willingness or availability ("bersedia kerja shift", "siap lembur")         no
conduct         conduct rules ("tidak merokok", "non-smoker", "bebas narkoba")              no
pay             pay and benefits ("gaji UMK", "BPJS", "salary")                              no
placeholder     a form's empty answer ("tidak ada", "n/a", "-")                             no
==============  ==========================================================================  =========

"Health" is a decision: a health or eyesight condition is protected (flagged, never scored) unless
the phrase itself ties it to a task of the job ("kuat mengangkat beban", "karena banyak berdiri"):
then it is a "physical" demand, still not a skill, not flagged. Colour vision stays "health" even in
electrical ads: whether it is an inherent requirement (ILO C111 Art. 1(2)) is for the office to
judge from the flag, not for a regex. "Non-smoker" and "bebas narkoba" are conduct rules (not a
personal attribute of the law's lists), so they are not protected, but never a skill either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import RequirementFlag, Vacancy
from ._requirement_rules import (
    CLAUSE,
    CLAUSE_BREAK,
    COMPANY_NAMES,
    CONTINUES,
    DOMAIN_COMPOUNDS,
    EXPERIENCE,
    FIELD,
    FRAME_WORDS,
    KIND_NAMES,
    NONSKILL_KINDS,
    NUMBER,
    PHYSIQUE,
    PROTECTED,
    PROTECTED_KINDS,
    PROTECTED_RULES,
    PROTECTED_UNLESS,
    RUNNING_KINDS,
    SECTOR_WORDS,
    SKILL_START,
    WORD,
    WORK_TIED,
    RequirementKind,
    anchored_kinds,
)

__all__ = [
    "NONSKILL_KINDS",
    "PROTECTED_KINDS",
    "PROTECTED_RULES",
    "ProtectedSpan",
    "RequirementKind",
    "RequirementSplit",
    "flag_vacancy",
    "protected_spans",
    "requirement_flags",
    "requirement_kind",
    "skill_remainder",
]


@dataclass(frozen=True)
class ProtectedSpan:
    """A protected requirement in a text: characters ``start:end`` (``text``), its kind and the rule it touches."""

    start: int
    end: int
    text: str
    kind: str
    rule: str


@dataclass(frozen=True)
class RequirementSplit:
    """A phrase read for non-skills: ``kind`` when the phrase names only non-skill requirements,
    ``remainder`` (the text left for the skill normaliser: the phrase itself when nothing was
    found, "" when nothing is left) and the ``kinds`` of every non-skill part found, in order."""

    kind: str | None
    remainder: str
    kinds: tuple[str, ...]


def _depths(text: str) -> list[int]:
    """How many brackets are open at each character of ``text``."""
    depth, opened = 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        opened.append(depth)
    return opened


def _clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of ``text``; separators inside parentheses do not split."""
    opened = _depths(text) if "(" in text or "[" in text else None
    spans, start = [], 0
    for m in CLAUSE_BREAK.finditer(text):
        if m.end() == m.start() or (opened is not None and opened[m.start()]):
            continue
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _protected_in(
    text: str, *, work_tied: bool = False, anchored: frozenset[str] | None = None
) -> list[ProtectedSpan]:
    """Protected spans of one clause, offsets relative to ``text``; later kinds never overlap earlier.

    Health words are left out when ``work_tied`` (the sentence ties them to a task of the job).
    Only the kinds in ``anchored`` (default: :func:`anchored_kinds` of ``text``) are looked for."""
    anchored = anchored_kinds(text) if anchored is None else anchored
    if not anchored & PROTECTED.keys():
        return []
    masked = text
    for unless in (PROTECTED_UNLESS, DOMAIN_COMPOUNDS, COMPANY_NAMES):
        masked = unless.sub(lambda m: " " * len(m.group()), masked)
    out: list[ProtectedSpan] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PROTECTED.items():
        if kind not in anchored:
            continue
        if kind == "health" and work_tied:
            continue
        for m in pattern.finditer(masked):
            if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(
                ProtectedSpan(m.start(), m.end(), text[m.start() : m.end()], kind, PROTECTED_RULES[kind])
            )
    return sorted(out, key=lambda s: s.start)


def _at_edges(text: str, spans: list[ProtectedSpan]) -> list[ProtectedSpan]:
    """The spans with no content word of ``text`` on one side of them.

    A requirement names the person at the edge of its clause ("Pria, ...", "... diutamakan
    wanita", "Wanita berpenampilan menarik, ..."); a protected word inside a noun phrase is the
    topic of a skill ("handle male animals", "religious studies teaching") and stays in it."""
    if not spans:
        return spans
    content = [
        m.start()
        for m in WORD.finditer(text)
        if m.group().lower() not in FRAME_WORDS
        and not NUMBER.match(m.group())
        and not any(s.start <= m.start() < s.end for s in spans)
    ]
    if not content:
        return spans
    first, last = min(content), max(content)
    return [s for s in spans if s.end <= first or s.start > last]


def _is_work_tied(text: str) -> bool:
    return bool(PHYSIQUE.search(text) and WORK_TIED.search(text))


_SENTENCE = re.compile(r"[^\n;•]+")


def protected_spans(text: str) -> list[ProtectedSpan]:
    """Every protected requirement in ``text`` (a phrase or a whole ad), in order of position.

    Reads clause by clause (commas, semicolons, sentence ends, bullets); a protected word counts
    where it names the person, at the edge of its clause (see ``_at_edges``); a health word in a
    line that ties it to a task ("karena banyak mengangkat barang") is a physical demand, not flagged.
    Offsets index ``text`` itself.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    out: list[ProtectedSpan] = []
    for line in _SENTENCE.finditer(text):
        work_tied = _is_work_tied(line.group())
        for start, end in _clause_spans(line.group()):
            offset = line.start() + start
            clause = line.group()[start:end]
            for span in _at_edges(clause, _protected_in(clause, work_tied=work_tied)):
                out.append(
                    ProtectedSpan(span.start + offset, span.end + offset, span.text, span.kind, span.rule)
                )
    return out


def _content_words(text: str) -> list[str]:
    words = [w.lower() for w in WORD.findall(text)]
    return [w for w in words if w not in FRAME_WORDS and not NUMBER.match(w)]


def _experience_only(clause: str) -> str | None:
    """'experience' or 'field' when the clause names experience (or a sector) and no skill."""
    left = _content_words(clause)
    if left and all(w in SECTOR_WORDS for w in left):  # a sector alone ("Tekstil") or after "di bidang"
        bare = len(WORD.findall(clause)) == 1
        return "field" if (EXPERIENCE.search(clause) or FIELD.search(clause) or bare) else None
    if left or not EXPERIENCE.search(clause):
        return None
    return "field" if FIELD.search(clause) else "experience"


def _clause_kind(clause: str, *, work_tied: bool) -> tuple[str | None, str, list[str]]:
    """(kind, remainder, kinds of the protected words cut out) for one clause.

    A protected word is cut out and what is left may still be a skill ("Pria, mampu mengelas"); a
    clause kind (education, domicile, availability, ...) claims the whole clause; experience claims
    it when no content word is left once its frame words are gone. The kind reported is the first
    protected one found, else the clause kind.
    """
    anchored = anchored_kinds(clause)  # most skill clauses hold no requirement word at all
    every = _protected_in(clause, work_tied=work_tied, anchored=anchored)
    first_protected = every[0].kind if every else None
    for kind, pattern in CLAUSE.items():
        if kind != "placeholder" and kind not in anchored:
            continue
        if pattern.search(clause):
            return first_protected or KIND_NAMES.get(kind, kind), "", []
    spans = _at_edges(clause, every)
    remainder = clause
    for span in reversed(spans):
        remainder = remainder[: span.start] + " " + remainder[span.end :]
    if spans and not _content_words(remainder):
        return first_protected, "", []
    if work_tied and not every and PHYSIQUE.search(clause):
        return "physical", "", []
    experience = _experience_only(remainder)
    if experience:
        return first_protected or experience, "", []
    return None, remainder, [span.kind for span in spans]


def skill_remainder(phrase: str) -> RequirementSplit:
    """Read ``phrase`` clause by clause: the non-skill kinds it names and the text left for a skill.

    ``kind`` is the first non-skill kind when no clause has a skill left (then ``remainder`` is "");
    else None, with ``remainder`` the phrase itself when nothing was found, or its skill clauses
    joined by ", " with protected words cut out. A clause after an education, domicile or
    availability clause that does not start like a skill ("mampu ...", "menguasai ...") continues
    it, as does a clause giving a reason ("karena ...").
    """
    if not isinstance(phrase, str):
        return RequirementSplit(None, "", ())
    work_tied = _is_work_tied(phrase)
    kinds: list[str] = []
    kept: list[str] = []
    previous: str | None = None
    for start, end in _clause_spans(phrase):
        clause = phrase[start:end]
        kind, remainder, cut = _clause_kind(clause, work_tied=work_tied)
        if (
            kind is None
            and previous
            and (CONTINUES.match(clause) or (previous in RUNNING_KINDS and not SKILL_START.match(clause)))
        ):
            kind, remainder = previous, ""
        previous = kind
        if kind is not None:
            kinds.append(kind)
            continue
        kinds.extend(cut)  # protected words cut out of a clause that keeps a skill
        if _content_words(remainder):  # a clause of frame words only ("Min.") names nothing
            kept.append(" ".join(remainder.split()))
    if not kinds:
        return RequirementSplit(None, phrase, ())
    if kept:
        return RequirementSplit(None, ", ".join(kept), tuple(kinds))
    return RequirementSplit(kinds[0], "", tuple(kinds))


def requirement_kind(phrase: str) -> RequirementKind | None:
    """The non-skill kind ``phrase`` names when it names no skill, else None.

    >>> requirement_kind("Pengalaman min. 2 tahun di bidang yang sama")
    'field'
    >>> requirement_kind("Tidak berkacamata"), requirement_kind("mampu mengoperasikan mesin bubut")
    ('health', None)
    """
    if not isinstance(phrase, str):
        return None
    split = skill_remainder(phrase)
    return split.kind  # type: ignore[return-value]


def requirement_flags(vacancy: Vacancy) -> tuple[RequirementFlag, ...]:
    """A flag for every protected requirement in the texts of ``vacancy`` (title and the ``skill``
    text of each requirement and soft requirement), in field order. Concept ids name no attribute,
    so they never raise a flag."""
    texts = [("title", vacancy.title)]
    for name in ("requirements", "soft_requirements"):
        texts += [(f"{name}[{i}].skill", r.skill) for i, r in enumerate(getattr(vacancy, name))]
    return tuple(
        RequirementFlag(kind=span.kind, text=span.text, rule=span.rule, field=field)
        for field, text in texts
        for span in protected_spans(text)
    )


def flag_vacancy(vacancy: Vacancy) -> Vacancy:
    """``vacancy`` with its protected requirements listed in ``flags`` (flags already there are
    kept, none twice). The skill part of each requirement is untouched: the normaliser reads it
    without the protected words (:func:`skill_remainder`)."""
    flags = tuple(dict.fromkeys((*vacancy.flags, *requirement_flags(vacancy))))
    return vacancy if flags == vacancy.flags else vacancy.model_copy(update={"flags": flags})
