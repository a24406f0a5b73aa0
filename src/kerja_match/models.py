"""Records: candidates, vacancies, courses and the skill claims and requirements inside them.

Every record is a frozen pydantic model that forbids unknown fields, so a typo is an error rather than
a silent default. Protected attributes (age, gender, religion, marital status, appearance) have no
field here and are refused with a message saying that they are never used.

Built by hand, a list of skills takes the records themselves, the CSV cell syntax of
:mod:`kerja_match._cell_syntax` (``skills="mesin bubut:2; las smaw:3:certified"`` or one item per
string, ``skills=["mesin bubut:2"]``) or a phrase-to-level mapping (``skills={"mesin bubut": 2}``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._cell_syntax import claim_items, list_items, requirement_items
from .errors import Problem, ValidationProblems, short_repr

#: Proficiency levels 1–5 and what each means; a BLK graduate is typically at level 2.
LEVEL_DESCRIPTORS: dict[int, str] = {
    1: "aware: knows what it is and has seen it done",
    2: "trained: has done it under guidance, e.g. a BLK graduate or SMK practical",
    3: "independent: does routine work alone to the required quality",
    4: "advanced: handles non-routine work, sets up machines, guides others",
    5: "expert: teaches, troubleshoots anything, certified at the top level",
}
MIN_LEVEL, MAX_LEVEL = 1, 5

#: Fields refused on every record: they must never be inputs to a score.
PROTECTED_ATTRIBUTES = frozenset(
    {
        "age",
        "usia",
        "umur",
        "birth_date",
        "date_of_birth",
        "tanggal_lahir",
        "gender",
        "sex",
        "jenis_kelamin",
        "religion",
        "agama",
        "marital_status",
        "status_perkawinan",
        "married",
        "appearance",
        "penampilan",
        "height",
        "tinggi_badan",
        "weight",
        "berat_badan",
        "photo",
        "foto",
        "ethnicity",
        "suku",
    }
)

MAX_TEXT_LENGTH = 1000
REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
# A NIK (national ID number) is 16 digits; ids must be pseudonymous. Refused: an id whose digits are
# exactly 16 ('3216 0912 3456 7890'), or that holds a run of exactly 16 digits ('c-3216091234567890-2').
NIK_LIKE = re.compile(r"^\D*(\d\D*){16}$")
NIK_RUN = re.compile(r"(?<!\d)\d{16}(?!\d)")
PROTECTED_REASON = (
    "protected attribute: never used by kerja_match (age, gender, religion, marital status and "
    "appearance are not skills); remove it"
)


def _not_bool(value: Any) -> Any:
    # pydantic's lax mode reads True as 1; in a hand-typed file a boolean where a number belongs is a mistake
    if isinstance(value, bool):
        raise ValueError("expected a number, not a boolean")
    return value


NotBool = BeforeValidator(_not_bool)
Level = Annotated[
    int, NotBool, Field(ge=MIN_LEVEL, le=MAX_LEVEL, description="proficiency 1 (aware) to 5 (expert)")
]
NonEmptyText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_LENGTH)]
# Where a list of claims (requirements, strings) is meant, the cell syntax and a mapping are accepted too.
Claims = Annotated[tuple["SkillClaim", ...], BeforeValidator(claim_items)]
Requirements = Annotated[tuple["SkillRequirement", ...], BeforeValidator(requirement_items)]
TextList = Annotated[tuple[str, ...], BeforeValidator(list_items)]


class Evidence(str, Enum):
    """How a skill claim is backed, from weakest to strongest."""

    SELF_DECLARED = "self_declared"
    TRAINING = "training"
    EXPERIENCE = "experience"
    CERTIFIED = "certified"  # e.g. a BNSP competency certificate
    ASSESSED = "assessed"  # tested by the office or the employer


class Education(str, Enum):
    """Highest completed education, in Indonesian school levels (ordered)."""

    SD = "SD"
    SMP = "SMP"
    SMA = "SMA"
    SMK = "SMK"
    D1 = "D1"
    D2 = "D2"
    D3 = "D3"
    D4 = "D4"
    S1 = "S1"
    S2 = "S2"
    S3 = "S3"

    @property
    def rank(self) -> int:
        """Order for comparisons; SMA and SMK are the same level."""
        order = ["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S2", "S3"]
        value = "SMA" if self.value == "SMK" else "D4" if self.value == "S1" else self.value
        return order.index(value)


class Record(BaseModel):
    """Base of every record: frozen, unknown fields forbidden, protected attributes refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # help(km.Candidate) lists the fields in words, from the same descriptions as the JSON schema
        own = cls.__dict__.get("__doc__") or ""
        cls.__doc__ = f"{own.rstrip()}\n\n{fields_doc(cls)}"

    @model_validator(mode="before")
    @classmethod
    def _refuse_protected(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            protected = [k for k in protected_keys(data) if k not in cls.model_fields]
            if protected:
                raise PydanticCustomError(
                    "protected_attribute",
                    "{fields}: protected attribute(s) are never used by kerja_match "
                    "(age, gender, religion, marital status and appearance are not skills); remove them",
                    {"fields": ", ".join(protected)},
                )
        return data


def fields_doc(model: type[BaseModel]) -> str:
    """The fields of ``model`` in words: name, default (or required) and description."""
    lines = ["Fields (keyword arguments; also the CSV columns and JSON keys):"]
    for name, info in model.model_fields.items():
        default = (
            "required" if info.is_required() else f"default {info.get_default(call_default_factory=True)!r}"
        )
        lines.append(f"    {name} ({default}): {info.description or ''}".rstrip(": "))
    return "\n".join(lines)


def protected_keys(data: Mapping[Any, Any]) -> list[str]:
    """Keys of ``data`` naming a protected attribute, however written ('AGE', 'Jenis Kelamin', 'tanggal-lahir')."""
    return sorted(
        k
        for k in data
        if isinstance(k, str) and re.sub(r"[\s\-]+", "_", k.strip().casefold()) in PROTECTED_ATTRIBUTES
    )


def record_name(kind: str, raw_id: object, row: int) -> str:
    """How a problem names a record: ``candidate 'c-001'``, or ``candidate in row 7`` without an id.

    A NIK-like id is masked, so an error message never carries a national ID number.
    """
    if raw_id in (None, ""):
        return f"{kind} in row {row}"
    if isinstance(raw_id, str) and (NIK_LIKE.match(raw_id) or NIK_RUN.search(raw_id)):
        raw_id = mask_nik(raw_id)
    return f"{kind} {short_repr(raw_id)}"


def mask_nik(text: str) -> str:
    """``text`` with every digit after the fourth replaced by '*': the region prefix stays, the person goes."""
    digits = 0
    out = []
    for char in text:
        digits += char.isdigit()
        out.append("*" if char.isdigit() and digits > 4 else char)
    return "".join(out)


def _check_region(value: str | None) -> str | None:
    if value is not None and not REGION_CODE.match(value):
        raise ValueError(f"expected a Kemendagri region code such as '32.16' or '32.16.09', got {value!r}")
    return value


SKILL_TEXT = "a concept id of the taxonomy or any text, resolved by the normaliser (e.g. 'mesin bubut')"
CLAIMS_TEXT = "SkillClaim records, cell text ('{0}') or a mapping ({{'{1}': 2}})"
CLAIMS = CLAIMS_TEXT.replace("SkillClaim", "SkillRequirement")


class SkillClaim(Record):
    """A skill a candidate has (or a course teaches): a concept id or free text, at a level."""

    skill: NonEmptyText = Field(description=SKILL_TEXT)
    level: Level = 1
    evidence: Evidence = Field(Evidence.SELF_DECLARED, description="self_declared, training, experience, ...")


class SkillRequirement(Record):
    """A skill a vacancy asks for. ``weight=None`` takes the scorer's default for required/preferred."""

    skill: NonEmptyText = Field(description=SKILL_TEXT)
    level: Level = Field(1, description="the level that earns full credit, 1 (aware) to 5 (expert)")
    required: bool = Field(True, description="True: a must (wajib); False: preferred (diutamakan)")
    weight: Annotated[float, NotBool, Field(ge=0, le=100)] | None = Field(
        None, description="None: the default"
    )


class _Located(Record):
    """A record with an optional place: a region code and/or coordinates."""

    lat: Annotated[float, NotBool, Field(ge=-90, le=90)] | None = Field(
        None, description="latitude, with lon"
    )
    lon: Annotated[float, NotBool, Field(ge=-180, le=180)] | None = Field(None, description="longitude")

    @model_validator(mode="after")
    def _lat_lon_together(self) -> _Located:
        if (self.lat is None) != (self.lon is None):
            raise ValueError(f"lat and lon come together, got lat={self.lat!r} lon={self.lon!r}")
        return self


class Candidate(_Located):
    """A job seeker. ``ktp_region`` is where the ID card (KTP) was issued; ``domicile`` where one lives."""

    id: NonEmptyText = Field(description="a pseudonymous id such as 'c-000123', never a NIK")
    skills: Claims = Field(
        (), description="hard skills: " + CLAIMS_TEXT.format("mesin bubut:2; las:3", "las")
    )
    soft_skills: Claims = Field((), description="soft skills, written as skills are ('disiplin:3')")
    ktp_region: str | None = Field(None, description="region code of the KTP, e.g. '32.16': who is local")
    domicile: str | None = Field(None, description="region code where one lives, e.g. '32.16.09'")
    education: Education | None = Field(
        None, description="highest completed: SD, SMP, SMA, SMK, D1-D4, S1-S3"
    )
    experience_years: Annotated[float, NotBool, Field(ge=0, le=60)] | None = Field(
        None, description="0 to 60"
    )

    _regions = field_validator("ktp_region", "domicile")(_check_region)

    @field_validator("id")
    @classmethod
    def _pseudonymous_id(cls, value: str) -> str:
        if NIK_LIKE.match(value) or NIK_RUN.search(value):
            raise PydanticCustomError(
                "nik_like",
                "looks like a 16-digit NIK (national ID number); use a pseudonymous id such as 'c-000123'",
            )
        return value

    def is_local(self, local_region: str) -> bool:
        """True when the KTP was issued in ``local_region`` (a prefix such as '32.16')."""
        return in_region(self.ktp_region, local_region)


class Vacancy(_Located):
    """A job opening with ``openings`` places, at ``location`` (a region code), for ``employer``."""

    id: NonEmptyText = Field(description="the vacancy's id, e.g. 'v-0001'")
    employer: NonEmptyText = Field(description="the employer (company) offering it")
    title: Annotated[str, Field(max_length=MAX_TEXT_LENGTH)] = Field("", description="the job title")
    openings: Annotated[int, NotBool, Field(ge=1, le=100_000)] = Field(1, description="places to fill")
    location: str | None = Field(None, description="region code of the workplace, e.g. '32.16.19'")
    requirements: Requirements = Field((), description="hard skills: " + CLAIMS.format("bubut:2; k3:1", "k3"))
    soft_requirements: Requirements = Field((), description="soft skills asked ('disiplin:2')")
    local_region: str = Field("32.16", description="whose KTP holders are local for the quota (Kab. Bekasi)")
    sector: Annotated[str, Field(max_length=200)] | None = Field(None, description="the employer's sector")
    min_education: Education | None = Field(None, description="lowest education accepted")

    _regions = field_validator("location", "local_region")(_check_region)


class Course(Record):
    """A training course (pelatihan) or apprenticeship (pemagangan) that teaches skills up to a level.

    ``hours`` are lesson hours (JP, 40–45 minutes each); ``prerequisites`` are ids of courses to take
    first; ``assumed`` names the fields whose values are assumptions rather than published facts;
    ``source`` cites where the programme, its duration or its class size comes from.
    """

    id: NonEmptyText = Field(description="the course's id, e.g. 'blk-bubut-dasar'")
    title: NonEmptyText = Field(description="the course title")
    provider: str = Field("", description="who runs it, e.g. 'BLK Kab. Bekasi'")
    teaches: Claims = Field(description="skills at the level reached: " + CLAIMS_TEXT.format("bubut:2", "k3"))
    prerequisites: TextList = Field((), description="ids of courses to take first ('a; b' or a list)")
    hours: Annotated[float, NotBool, Field(gt=0, le=10_000)] = Field(description="lesson hours (JP)")
    seats: Annotated[int, NotBool, Field(ge=1, le=10_000)] = Field(16, description="places per class")
    location: str | None = Field(None, description="region code where it is held")
    kind: Literal["pelatihan", "pemagangan"] = Field("pelatihan", description="training or apprenticeship")
    cost: Annotated[float, NotBool, Field(ge=0)] | None = Field(
        None, description="per trainee (Rp), if known"
    )
    assumed: TextList = Field((), description="fields whose values are assumptions, not published facts")
    source: Annotated[str, Field(max_length=MAX_TEXT_LENGTH)] = Field("", description="where facts come from")

    _regions = field_validator("location")(_check_region)

    @field_validator("teaches")
    @classmethod
    def _teaches_something(cls, value: tuple[SkillClaim, ...]) -> tuple[SkillClaim, ...]:
        # not Field(min_length=1): that would also fire, misleadingly, when an item is invalid
        if not value:
            raise ValueError("a course teaches at least one skill")
        return value

    @model_validator(mode="after")
    def _not_own_prerequisite(self) -> Course:
        if self.id in self.prerequisites:
            raise ValueError(f"course {self.id!r} lists itself as a prerequisite")
        return self


def in_region(code: str | None, region: str) -> bool:
    """True when region code ``code`` lies in ``region`` ('32.16.09' lies in '32.16')."""
    return code is not None and (code == region or code.startswith(region + "."))


RecordT = TypeVar("RecordT", bound=Record)


def problems_from_error(error: ValidationError, record: str, row: int | None = None) -> list[Problem]:
    """Turn a pydantic error into problems that name the record, the field and the value.

    Personal data is not repeated: a NIK-like id is masked (``'3216************'``), and the value of a
    protected attribute is left out (each such attribute is its own problem, naming the field).
    """
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(record)"
        value = item.get("input")
        if item["type"] == "protected_attribute" and isinstance(value, Mapping):
            problems += [
                Problem(record, key, f"{PROTECTED_REASON}; its value is not repeated here", None, row)
                for key in protected_keys(value)
            ]
            continue
        if item["type"] == "nik_like" and isinstance(value, str):
            value = mask_nik(value)
        message = item["msg"].removeprefix("Value error, ")
        problems.append(Problem(record, field, _with_value(message, value), value, row))
    return problems


def _with_value(message: str, value: object) -> str:
    """``message; got VALUE`` unless the message already shows the value."""
    shown = short_repr(value) if not isinstance(value, Mapping) else "(record)"
    if not isinstance(value, Mapping) and shown in message:
        return message
    return f"{message}; got {shown}"


def validate_records(
    model: type[RecordT],
    rows: Iterable[Mapping[str, Any] | RecordT],
    *,
    what: str | None = None,
    first_row: int = 1,
) -> tuple[list[RecordT], list[Problem]]:
    """Validate every row; return the good records and every problem, including duplicate ids.

    Rows are numbered from ``first_row`` (1; a later block of a stream continues the count). A row
    whose id repeats an earlier one is a problem, and is not kept.
    """
    kind = what or model.__name__.lower()
    good: list[RecordT] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(rows, start=first_row):
        raw_id = row.get("id") if isinstance(row, Mapping) else getattr(row, "id", None)
        name = record_name(kind, raw_id, row_number)
        try:
            record = row if isinstance(row, model) else model.model_validate(row)
        except ValidationError as error:
            problems.extend(problems_from_error(error, name, row_number))
            continue
        record_id = getattr(record, "id", None)
        if isinstance(record_id, str):
            if record_id in seen:
                problems.append(
                    Problem(
                        name,
                        "id",
                        f"duplicate id, first seen in row {seen[record_id]}",
                        record_id,
                        row_number,
                    )
                )
                continue
            seen[record_id] = row_number
        good.append(record)
    return good, problems


def parse_records(
    model: type[RecordT],
    rows: Iterable[Mapping[str, Any] | RecordT],
    *,
    what: str | None = None,
    first_row: int = 1,
) -> list[RecordT]:
    """Validate every row and raise once with all problems, or return the records."""
    good, problems = validate_records(model, rows, what=what, first_row=first_row)
    if problems:
        raise ValidationProblems(f"invalid {(what or model.__name__.lower())} records", problems)
    return good
