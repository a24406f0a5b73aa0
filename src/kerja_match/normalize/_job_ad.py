"""read_job_ad: a job ad as an employer posts it -> a Vacancy, its mentions, its other
requirements (education, experience, licences, languages) and its flags (protected attributes).

Only mentions in the requirement sections (Kualifikasi, Persyaratan, Keahlian, Requirements,
Skills, ... and "nilai tambah / preferred" sub-sections) become requirements; skills named only
under duties stay mentions. docs/extraction.md states the cues for required/preferred and levels.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from ..errors import KerjaMatchError
from ..models import Education, RequirementFlag, SkillRequirement, Vacancy
from ..taxonomy import Taxonomy
from . import _cues as cues
from ._extract import Mention, SkillExtractor, is_protected, protected_in_unit
from ._sections import Unit, read_units

__all__ = ["AdFlag", "JobAd", "OtherRequirement", "default_extractor", "read_job_ad"]

#: Sections whose skills become requirements of the vacancy.
REQUIREMENT_SECTIONS = frozenset(
    {"requirements", "preferred", "experience", "education", "training", "certificates"}
)
#: Lowest score of a mention that becomes a requirement: a requirement gates candidates, so it
#: asks more than a mention (a requirement scored 0.5 is right about half the time).
REQUIREMENT_CUTOFF = 0.5
#: Sections read for mentions: the requirements and the duties (not the company's blurb, benefits, hours).
READ_SECTIONS = REQUIREMENT_SECTIONS | {"duties"}


@dataclass(frozen=True)
class OtherRequirement:
    """A requirement that is not a skill: ``kind`` is "education", "experience", "licence",
    "language", or another non-skill kind; ``value`` the parsed value ("SMK", "2", "SIM B1")."""

    kind: str
    text: str
    start: int
    end: int
    value: str | None = None
    required: bool = True


@dataclass(frozen=True)
class AdFlag:
    """A protected-attribute requirement: the office's finding that an ad discriminates."""

    kind: str
    text: str
    start: int
    end: int
    rule: str
    section: str


@dataclass(frozen=True)
class JobAd:
    """What :func:`read_job_ad` read: the vacancy and the evidence behind it."""

    text: str
    vacancy: Vacancy
    mentions: tuple[Mention, ...]
    requirements_other: tuple[OtherRequirement, ...]
    flags: tuple[AdFlag, ...]


@lru_cache(maxsize=4)
def default_extractor(taxonomy: Taxonomy | None = None) -> SkillExtractor:
    """A SkillExtractor fitted on ``taxonomy`` (default: the bundled one), built once and reused."""
    if taxonomy is None:
        from ..datasets import default_taxonomy

        taxonomy = default_taxonomy()
    return SkillExtractor().fit(taxonomy)


def read_job_ad(
    text: str,
    *,
    id: str,
    employer: str,
    location: str | None = None,
    openings: int = 1,
    title: str = "",
    extractor: SkillExtractor | None = None,
    **vacancy_fields: object,
) -> JobAd:
    """Read one job ad. ``extractor`` defaults to :func:`default_extractor` (bundled taxonomy);
    ``vacancy_fields`` go to the :class:`Vacancy` as they are (``local_region``, ``sector``, ...)."""
    if not isinstance(text, str):
        raise KerjaMatchError(f"read_job_ad: job ad {id!r}: text must be str, got {type(text).__name__}")
    extractor = extractor if extractor is not None else default_extractor()
    units = read_units(text)
    mentions = extractor.extract_units(text, units, READ_SECTIONS)
    flags = _flags(units)
    others = _other_requirements(text, units, mentions)
    requirements, soft = _requirements(extractor, units, mentions)
    educations = [Education(o.value) for o in others if o.kind == "education" and o.value and o.required]
    vacancy = Vacancy.model_validate(
        {
            "id": id,
            "employer": employer,
            "title": title,
            "openings": openings,
            "location": location,
            "requirements": requirements,
            "soft_requirements": soft,
            "min_education": min(educations, key=lambda e: e.rank) if educations else None,
            "flags": [
                RequirementFlag(
                    kind=f.kind, text=f.text[:1000], rule=f.rule[:1000], field=f"text[{f.start}:{f.end}]"
                )
                for f in flags
            ],
            **vacancy_fields,
        }
    )
    return JobAd(text, vacancy, tuple(mentions), tuple(others), tuple(flags))


def _unit_of(units: list[Unit], mention: Mention) -> Unit:
    for unit in units:
        if unit.start == mention.unit_start and unit.end == mention.unit_end:
            return unit
    raise KerjaMatchError(f"mention {mention.text!r} stands in no unit")  # a bug, never user input


def _requirements(
    extractor: SkillExtractor, units: list[Unit], mentions: list[Mention]
) -> tuple[list[SkillRequirement], list[SkillRequirement]]:
    """One requirement per concept named in a requirement section: the highest level asked, and
    required when any of its mentions is."""
    found: dict[str, tuple[int, bool]] = {}
    for mention in requirement_mentions(units, mentions, extractor.taxonomy_):
        if mention.concept_id is None:
            continue  # never: requirement_mentions keeps skills only (narrows the type)
        unit = _unit_of(units, mention)
        clause = cues.clause_of(unit.text, mention.start - unit.start)
        level = cues.level_of(clause)
        required = not cues.is_preferred(clause, unit.section)
        old_level, old_required = found.get(mention.concept_id, (0, False))
        found[mention.concept_id] = (max(level, old_level), required or old_required)
    hard: list[SkillRequirement] = []
    soft: list[SkillRequirement] = []
    for concept_id, (level, required) in found.items():
        requirement = SkillRequirement(skill=concept_id, level=level, required=required)
        kind = extractor.taxonomy_.get(concept_id).kind if concept_id in extractor.taxonomy_ else "hard"
        (soft if kind == "soft" else hard).append(requirement)
    return hard, soft


def requirement_mentions(
    units: list[Unit], mentions: list[Mention], taxonomy: Taxonomy | None = None
) -> list[Mention]:
    """The skill mentions that are requirements: in a requirement section, the first skill named
    in each requirement item (:func:`requirement_items`); the other skills an item names stay
    mentions ("Menguasai Ms Excel serta Word": Excel; "Microsoft Office (Word, Excel)": Microsoft
    Office, whose enumeration only details it). With ``taxonomy``, when the first skill is a soft
    skill's category, a later skill of the item inside that category is the requirement instead
    ("punya kemampuan analisa serta pemecahan masalah": problem solving, the ability the broad
    trait introduces). A hard skill named first stays (a bullet that asks for welding and then
    names one welding tool asks for welding)."""
    by_start = {unit.start: unit for unit in units}
    out: list[Mention] = []
    seen: dict[tuple[int, int], int] = {}
    heads = {(m.unit_start, m.group) for m in mentions if m.head and m.concept_id is not None}
    for mention in mentions:
        if mention.concept_id is None or mention.score < REQUIREMENT_CUTOFF:
            continue
        if mention.section not in REQUIREMENT_SECTIONS:
            continue
        unit = by_start[mention.unit_start]
        items = requirement_items(unit.text)
        offset = mention.start - unit.start
        item = next((i for i, (a, b) in enumerate(items) if a <= offset < b), -1)
        key = (unit.start, item)
        if key in seen:
            first = out[seen[key]]
            if taxonomy is not None and _narrower(taxonomy, mention.concept_id, first.concept_id):
                out[seen[key]] = mention
            continue
        if not mention.head and (mention.unit_start, mention.group - 1) in heads:
            continue
        seen[key] = len(out)
        out.append(mention)
    return out


def _narrower(taxonomy: Taxonomy, concept_id: str, than: str | None) -> bool:
    """Whether ``concept_id`` is a descendant of ``than``, a soft concept with narrower ones."""
    if than is None or concept_id not in taxonomy or than not in taxonomy:
        return False
    return taxonomy.get(than).kind == "soft" and than in taxonomy.ancestors(concept_id)


#: Items of a requirement list longer than this (in words) make the whole bullet one requirement.
MAX_ITEM_WORDS = 4


def requirement_items(text: str) -> list[tuple[int, int]]:
    """The requirement items of one bullet, clause by clause (a clause ends at ";", "." or before a
    cue such as ", diutamakan ..."): a clause's comma-separated items (outside parentheses) when
    every one is short ("Teliti, jujur, disiplin", "AutoCAD, SolidWorks"), else the whole clause,
    which is then one requirement however many skills its sentence names."""
    items: list[tuple[int, int]] = []
    for start, end in cues.clause_spans(text):
        depth, cuts = 0, [start]
        for i in range(start, end):
            ch = text[i]
            if ch in "([":
                depth += 1
            elif ch in ")]" and depth:
                depth -= 1
            elif ch in ",;" and depth == 0:
                cuts.append(i + 1)
        cuts.append(end + 1)
        parts = [(a, b - 1) for a, b in itertools.pairwise(cuts)]
        if len(parts) > 1 and all(len(text[a:b].split()) <= MAX_ITEM_WORDS for a, b in parts):
            items += parts
        else:
            items.append((start, end))
    return items


def _other_requirements(text: str, units: list[Unit], mentions: list[Mention]) -> list[OtherRequirement]:
    """Education, experience, licences, languages and the other non-skill requirements."""
    out: list[OtherRequirement] = []
    for unit in units:
        if unit.section not in REQUIREMENT_SECTIONS:
            continue
        preferred = cues.is_preferred(unit.text, unit.section)
        for start, end, found in cues.licences(unit.text):
            out.append(
                OtherRequirement(
                    "licence", found, unit.start + start, unit.start + end, found.upper(), not preferred
                )
            )
        levels = cues.education_levels(unit.text)
        if levels and any(m.requirement_kind == "education" for m in mentions if m.unit_start == unit.start):
            lowest = min(levels, key=lambda e: e.rank)
            out.append(
                OtherRequirement("education", unit.text, unit.start, unit.end, lowest.value, not preferred)
            )
    for mention in mentions:
        if mention.section not in REQUIREMENT_SECTIONS:
            continue
        if mention.concept_id is not None and mention.concept_id.startswith("bahasa."):
            out.append(
                OtherRequirement("language", mention.text, mention.start, mention.end, mention.concept_id)
            )
        elif mention.requirement_kind not in (None, "education") and not is_protected(
            mention.requirement_kind
        ):
            years = cues.experience_years(mention.text) if mention.requirement_kind == "experience" else None
            value = f"{years:g}" if years is not None else None
            out.append(
                OtherRequirement(
                    mention.requirement_kind or "other", mention.text, mention.start, mention.end, value
                )
            )
    return sorted(out, key=lambda o: (o.start, o.kind))


def _flags(units: list[Unit]) -> list[AdFlag]:
    """Every protected-attribute requirement, with its span and the rule it touches: what the
    requirement sections ask (an ad without headings is all requirements)."""
    flags = []
    for unit in units:
        if unit.section not in REQUIREMENT_SECTIONS:
            continue  # duties ("cacat produk"), the company's blurb and benefits ask nothing of a candidate
        for span in protected_in_unit(unit.text):
            flags.append(
                AdFlag(
                    span.kind,
                    span.text,
                    unit.start + span.start,
                    unit.start + span.end,
                    span.rule,
                    unit.section,
                )
            )
    return flags
