"""read_cv: a CV as a job seeker writes it -> a Candidate with skills, levels and evidence.

Sections of a CV (Keahlian/Skills, Pengalaman Kerja/Work Experience, Pendidikan/Education,
Pelatihan/Training, Sertifikat/Certificates) are read for skills; the personal-data section
(name, birth date, religion, marital status, address, phone) is never read, so nothing protected
or private reaches the record. docs/extraction.md states the evidence and level cues.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import KerjaMatchError
from ..models import Candidate, Education, Evidence, SkillClaim
from . import _cues as cues
from ._extract import Mention, SkillExtractor
from ._job_ad import default_extractor
from ._sections import Unit, read_units

__all__ = ["CV", "read_cv"]

_EVIDENCE_ORDER = list(Evidence)
#: Lowest level each kind of evidence stands for: a course or a job means the skill was practised.
EVIDENCE_LEVEL = {
    Evidence.SELF_DECLARED: 1,
    Evidence.TRAINING: 2,
    Evidence.EXPERIENCE: 2,
    Evidence.CERTIFIED: 3,
    Evidence.ASSESSED: 3,
}


@dataclass(frozen=True)
class CV:
    """What :func:`read_cv` read: the candidate and the mentions behind each claim."""

    text: str
    candidate: Candidate
    mentions: tuple[Mention, ...]


def read_cv(
    text: str,
    *,
    id: str,
    ktp_region: str | None = None,
    domicile: str | None = None,
    extractor: SkillExtractor | None = None,
    today: dt.date | None = None,
) -> CV:
    """Read one CV. A skill named several times keeps its highest level and strongest evidence;
    ``education`` is the highest level named under education; ``experience_years`` adds up the
    year ranges ("2019 - 2022", "2021 - sekarang") of the experience section, or else takes the
    largest "N tahun / N years" stated there. ``today`` fixes "sekarang/present" (default: today)."""
    if not isinstance(text, str):
        raise KerjaMatchError(f"read_cv: candidate {id!r}: text must be str, got {type(text).__name__}")
    extractor = extractor if extractor is not None else default_extractor()
    units = read_units(text)
    mentions = extractor.extract_units(text, units)
    hard, soft = _claims(extractor, units, mentions)
    candidate = Candidate.model_validate(
        {
            "id": id,
            "skills": hard,
            "soft_skills": soft,
            "ktp_region": ktp_region,
            "domicile": domicile,
            "education": _education(units),
            "experience_years": _experience_years(units, (today or dt.date.today()).year),
        }
    )
    return CV(text, candidate, tuple(mentions))


def _claims(
    extractor: SkillExtractor, units: list[Unit], mentions: list[Mention]
) -> tuple[list[SkillClaim], list[SkillClaim]]:
    by_start = {unit.start: unit for unit in units}
    found: dict[str, tuple[int, Evidence]] = {}
    for mention in mentions:
        if mention.concept_id is None:
            continue
        unit = by_start[mention.unit_start]
        clause = cues.clause_of(unit.text, mention.start - unit.start)
        evidence = cues.evidence_of(clause, unit.section)
        level = max(cues.level_of(clause, default=1), EVIDENCE_LEVEL[evidence])
        old_level, old_evidence = found.get(mention.concept_id, (0, Evidence.SELF_DECLARED))
        strongest = max(evidence, old_evidence, key=_EVIDENCE_ORDER.index)
        found[mention.concept_id] = (max(level, old_level), strongest)
    hard: list[SkillClaim] = []
    soft: list[SkillClaim] = []
    taxonomy = extractor.taxonomy_
    for concept_id, (level, evidence) in found.items():
        claim = SkillClaim(skill=concept_id, level=level, evidence=evidence)
        kind = taxonomy.get(concept_id).kind if concept_id in taxonomy else "hard"
        (soft if kind == "soft" else hard).append(claim)
    return hard, soft


def _education(units: list[Unit]) -> Education | None:
    """The highest level named under an education heading (or, without one, anywhere)."""
    named = [unit for unit in units if unit.section == "education"] or units
    levels = [level for unit in named for level in cues.education_levels(unit.text)]
    return max(levels, key=lambda e: (e.rank, e.value)) if levels else None


def _experience_years(units: list[Unit], this_year: int) -> float | None:
    text = "\n".join(unit.text for unit in units if unit.section == "experience")
    if not text:
        return None
    ranged = cues.year_ranges(text, this_year)
    if ranged:
        return min(ranged, 60.0)
    stated = cues.experience_years(text)
    return min(stated, 60.0) if stated is not None else None
