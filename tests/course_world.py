"""A small labour market for the gap and course tests: taxonomy, catalogue, candidates, vacancies."""

from __future__ import annotations

from kerja_match.models import Candidate, Course, SkillClaim, SkillRequirement, Vacancy
from kerja_match.taxonomy import Taxonomy


def concept(cid: str, id_label: str, en_label: str, broader: str | None = None, kind: str = "hard") -> dict:
    return {
        "id": cid,
        "label": id_label,
        "labels": {"id": id_label, "en": en_label},
        "broader": [broader] if broader else [],
        "kind": kind,
    }


TAXONOMY = Taxonomy(
    [
        concept("manufaktur", "Manufaktur", "Manufacturing"),
        concept("manufaktur.pemesinan", "Pemesinan", "Machining", "manufaktur"),
        concept("manufaktur.pemesinan.bubut", "Mesin bubut", "Lathe operation", "manufaktur.pemesinan"),
        concept("manufaktur.pemesinan.cnc", "Mesin CNC", "CNC machining", "manufaktur.pemesinan"),
        concept("manufaktur.pengukuran", "Pengukuran", "Measuring", "manufaktur"),
        concept("manufaktur.pengukuran.alat_ukur", "Alat ukur", "Measuring tools", "manufaktur.pengukuran"),
        concept("manufaktur.k3", "K3", "Occupational safety", "manufaktur"),
        concept("manufaktur.k3.k3_dasar", "K3 dasar", "Basic occupational safety", "manufaktur.k3"),
        concept("listrik", "Listrik", "Electrical"),
        concept("listrik.instalasi", "Instalasi listrik", "Electrical installation", "listrik"),
        concept("logistik", "Logistik", "Logistics"),
        concept("logistik.ekspor", "Dokumen ekspor", "Export documents", "logistik"),
        concept("soft", "Soft skill", "Soft skills", kind="soft"),
        concept("soft.disiplin", "Disiplin", "Discipline", "soft", kind="soft"),
    ],
    name="test",
)

BUBUT, CNC, UKUR, K3 = (
    "manufaktur.pemesinan.bubut",
    "manufaktur.pemesinan.cnc",
    "manufaktur.pengukuran.alat_ukur",
    "manufaktur.k3.k3_dasar",
)
LISTRIK, EKSPOR, DISIPLIN = "listrik.instalasi", "logistik.ekspor", "soft.disiplin"
CONCEPTS = [BUBUT, CNC, UKUR, K3, LISTRIK, DISIPLIN]


def course(
    cid: str,
    teaches: list[tuple[str, int]],
    hours: float,
    prerequisites: tuple[str, ...] = (),
    seats: int = 16,
) -> Course:
    return Course(
        id=cid,
        title=cid.replace("-", " ").title(),
        provider="BLK Kab. Bekasi",
        teaches=tuple(SkillClaim(skill=s, level=level, evidence="training") for s, level in teaches),
        prerequisites=prerequisites,
        hours=hours,
        seats=seats,
        location="32.16.05",
    )


CATALOG = [
    course("k3", [(K3, 2)], 24),
    course("alat-ukur", [(UKUR, 2)], 40),
    course("bubut-dasar", [(BUBUT, 2), (UKUR, 2)], 240, ("k3",)),
    course("cnc", [(CNC, 2), (BUBUT, 3)], 240, ("bubut-dasar",)),
    course("listrik", [(LISTRIK, 2)], 128, ("k3",)),
    course("sikap-kerja", [(DISIPLIN, 2)], 16),
]


def candidate(
    cid: str, skills: list[tuple[str, int]] = (), *, local: bool = True, soft: list[tuple[str, int]] = ()
) -> Candidate:
    return Candidate(
        id=cid,
        skills=tuple(SkillClaim(skill=s, level=level) for s, level in skills),
        soft_skills=tuple(SkillClaim(skill=s, level=level) for s, level in soft),
        ktp_region="32.16" if local else "32.75",
        domicile="32.16.09" if local else "32.75.04",
    )


def vacancy(
    vid: str,
    required: list[tuple[str, int]],
    preferred: list[tuple[str, int]] = (),
    *,
    openings: int = 1,
    title: str = "",
) -> Vacancy:
    reqs = [SkillRequirement(skill=s, level=level, required=True) for s, level in required]
    reqs += [SkillRequirement(skill=s, level=level, required=False) for s, level in preferred]
    return Vacancy(
        id=vid,
        employer="PT Contoh",
        title=title or vid,
        openings=openings,
        location="32.16.19",
        requirements=tuple(reqs),
    )
