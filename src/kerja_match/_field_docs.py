"""What each field of a record holds, in words: for ``help(km.Candidate)`` and the JSON schema.

Kept beside the records rather than inside their declarations so that ``models.py`` stays one screen
of types and rules; :class:`kerja_match.models.Record` attaches these to its fields when each record
class is made. A test holds every field described.
"""

from __future__ import annotations

from typing import Any

_SKILL = "a concept id of the taxonomy or any text, resolved by the normaliser (e.g. 'mesin bubut')"
_CLAIMS = "SkillClaim records, cell text ('{0}') or a mapping ({{'{1}': 2}})"
_REQUIREMENTS = _CLAIMS.replace("SkillClaim", "SkillRequirement")
_REGION = "a Kemendagri region code"

FIELD_DOCS: dict[str, dict[str, str]] = {
    "SkillClaim": {
        "skill": _SKILL,
        "level": "proficiency 1 (aware) to 5 (expert); 2 is a BLK graduate",
        "evidence": "how it is backed: self_declared, training, experience, certified or assessed",
    },
    "SkillRequirement": {
        "skill": _SKILL,
        "level": "the level that earns full credit, 1 (aware) to 5 (expert)",
        "required": "True: a must (wajib); False: preferred (diutamakan)",
        "weight": "relative weight, 0 to 100; None takes the scorer's default for required/preferred",
    },
    "_Located": {
        "lat": "latitude of the place, given together with lon",
        "lon": "longitude of the place, given together with lat",
    },
    "Candidate": {
        "id": "a pseudonymous id such as 'c-000123', never a NIK",
        "skills": "hard skills: " + _CLAIMS.format("mesin bubut:2; las smaw:3:certified", "mesin bubut"),
        "soft_skills": "soft skills, written as skills are ('disiplin:3; kerja tim:2')",
        "ktp_region": f"{_REGION} where the ID card (KTP) was issued, e.g. '32.16'; decides who is local",
        "domicile": f"{_REGION} where one lives, e.g. '32.16.09'; for the commute",
        "education": "highest completed education: SD, SMP, SMA, SMK, D1-D4, S1-S3",
        "experience_years": "years of work experience, 0 to 60",
    },
    "Vacancy": {
        "id": "the vacancy's id, e.g. 'v-0001'",
        "employer": "the employer (company) offering it",
        "title": "the job title",
        "openings": "places to fill, 1 to 100,000",
        "location": f"{_REGION} of the workplace, e.g. '32.16.19'",
        "requirements": "hard skills asked: " + _REQUIREMENTS.format("bubut:2; k3:1:preferred", "bubut"),
        "soft_requirements": "soft skills asked, written as requirements are ('disiplin:2')",
        "local_region": "the region whose KTP holders count as local for the quota ('32.16': Kab. Bekasi)",
        "sector": "the employer's sector",
        "min_education": "the lowest education accepted",
        "flags": "protected requirements found in its text (age, gender, ...): listed for the office, never scored",
    },
    "Course": {
        "id": "the course's id, e.g. 'blk-bubut-dasar'",
        "title": "the course title",
        "provider": "who runs it, e.g. 'BLK Kab. Bekasi'",
        "teaches": "skills at the level reached: " + _CLAIMS.format("bubut:2; k3:1", "bubut"),
        "prerequisites": "ids of courses to take first ('blk-a; blk-b' or a list)",
        "hours": "lesson hours (JP, 40-45 minutes each)",
        "seats": "places per class",
        "location": f"{_REGION} where it is held",
        "kind": "'pelatihan' (training) or 'pemagangan' (apprenticeship)",
        "cost": "cost per trainee (Rp), when known",
        "assumed": "the fields whose values are assumptions rather than published facts",
        "source": "where the programme, its duration or its class size comes from",
    },
}


def fields_doc(name: str, fields: dict[str, Any]) -> str:
    """The fields of a record in words (``fields``: pydantic's ``model_fields``): name, default, what."""
    lines = ["Fields (keyword arguments; also the CSV columns and JSON keys):"]
    for field, info in fields.items():
        default = (
            "required" if info.is_required() else f"default {info.get_default(call_default_factory=True)!r}"
        )
        lines.append(f"    {field} ({default}): {info.description or ''}".rstrip(": "))
    return "\n".join(lines)
