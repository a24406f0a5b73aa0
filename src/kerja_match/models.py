"""Records: candidates, vacancies, courses and the skill claims and requirements inside them.

Every record is a frozen pydantic model that forbids unknown fields, so a typo is an error rather than
a silent default. Protected attributes (age, gender, religion, marital status, appearance) have no
field here and are refused with a message saying that they are never used.

Built by hand, a list of skills takes the records themselves, the CSV cell syntax of
:mod:`kerja_match._cell_syntax` (``skills="mesin bubut:2; las smaw:3:certified"`` or one item per
string, ``skills=["mesin bubut:2"]``) or a phrase-to-level mapping (``skills={"mesin bubut": 2}``).

Personal data is not kept where it does not belong: a NIK, phone number or e-mail address typed into
free text (a skill phrase, a title, an employer) is masked as the record is made (``3216••••••••0001``),
and no validation error repeats the input whole. Ids are compared as people read them: NFKC-normalised
with invisible characters removed, so ``ｃ-0001`` and ``c-0001`` + a zero-width space are ``c-0001``.
Region codes written in other digits (full-width ``３２．１６``, Arabic-Indic ``٣٢.١٦``) are read as
ASCII ``32.16``, so a KTP holder keeps the local bonus and the quota.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
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
from ._field_docs import FIELD_DOCS, fields_doc
from ._identifiers import (
    NIK_LIKE,
    NIK_RUN,
    _check_region,
    _identity,
    mask_nik,
)
from ._privacy import mask_personal
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
PROTECTED_ATTRIBUTES = frozenset({
    "age", "usia", "umur", "birth_date", "date_of_birth", "tanggal_lahir", "gender", "sex",
    "jenis_kelamin", "religion", "agama", "marital_status", "status_perkawinan", "married", "appearance",
    "penampilan", "height", "tinggi_badan", "weight", "berat_badan", "photo", "foto", "ethnicity",
    "suku",
})  # fmt: skip

MAX_TEXT_LENGTH = 1000
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


#: An id: compared after :func:`identity`, so look-alikes are one id.
Id = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_LENGTH), AfterValidator(_identity)]
#: Free text kept in outputs: a NIK, phone number or e-mail address in it is masked.
MaskedText = Annotated[str, Field(max_length=MAX_TEXT_LENGTH), AfterValidator(mask_personal)]
NonEmptyMaskedText = Annotated[
    str, Field(min_length=1, max_length=MAX_TEXT_LENGTH), AfterValidator(mask_personal)
]


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

    # hide_input_in_errors: pydantic's own message would repeat the input whole (a NIK in a region field)
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False, hide_input_in_errors=True
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # what each field holds, in words: help(km.Candidate) and the JSON schema say it
        for name, text in FIELD_DOCS.get(cls.__name__, {}).items():
            cls.model_fields[name].description = text
        cls.model_rebuild(force=True)
        own = cls.__dict__.get("__doc__") or ""
        cls.__doc__ = f"{own.rstrip()}\n\n{fields_doc(cls.__name__, cls.model_fields)}"

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


def protected_keys(data: Mapping[Any, Any]) -> list[str]:
    """Keys of ``data`` naming a protected attribute, however written ('AGE', 'Jenis Kelamin', 'tanggal-lahir')."""
    return sorted(
        k
        for k in data
        if isinstance(k, str) and re.sub(r"[\s\-]+", "_", k.strip().casefold()) in PROTECTED_ATTRIBUTES
    )


def record_name(kind: str, raw_id: object, row: int) -> str:
    """How a problem names a record: ``candidate 'c-001'``, or ``candidate in row 7`` without an id.

    A NIK-like id (of any type: a JSON number too) is masked, so an error message never carries a
    national ID number.
    """
    if raw_id in (None, ""):
        return f"{kind} in row {row}"
    if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        text = str(raw_id) if isinstance(raw_id, str) or raw_id.bit_length() < 4000 else ""
        if NIK_LIKE.match(text) or NIK_RUN.search(text):
            return f"{kind} {short_repr(mask_nik(text))}"
    return f"{kind} {short_repr(raw_id)}"


class SkillClaim(Record):
    """A skill a candidate has (or a course teaches): a concept id or free text, at a level."""

    skill: NonEmptyMaskedText
    level: Level = 1
    evidence: Evidence = Evidence.SELF_DECLARED


class SkillRequirement(Record):
    """A skill a vacancy asks for. ``weight=None`` takes the scorer's default for required/preferred."""

    skill: NonEmptyMaskedText
    level: Level = 1
    required: bool = True
    weight: Annotated[float, NotBool, Field(ge=0, le=100)] | None = None


class _Located(Record):
    """A record with an optional place: a region code and/or coordinates."""

    lat: Annotated[float, NotBool, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, NotBool, Field(ge=-180, le=180)] | None = None

    @model_validator(mode="after")
    def _lat_lon_together(self) -> _Located:
        if (self.lat is None) != (self.lon is None):
            raise ValueError(f"lat and lon come together, got lat={self.lat!r} lon={self.lon!r}")
        return self


class Candidate(_Located):
    """A job seeker. ``ktp_region`` is where the ID card (KTP) was issued; ``domicile`` where one lives."""

    id: Id
    skills: Claims = ()
    soft_skills: Claims = ()
    ktp_region: str | None = None
    domicile: str | None = None
    education: Education | None = None
    experience_years: Annotated[float, NotBool, Field(ge=0, le=60)] | None = None

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


class RequirementFlag(Record):
    """A protected requirement in a vacancy's text ("pria", "usia maks. 30"): listed for the labour
    office, never scored. ``kind`` (``normalize.PROTECTED_KINDS``), ``text`` the words found,
    ``rule`` the law they touch, ``field`` where ("requirements[2].skill", "title", "text")."""

    kind: NonEmptyText
    text: NonEmptyText
    rule: Annotated[str, Field(max_length=MAX_TEXT_LENGTH)] = ""
    field: Annotated[str, Field(max_length=200)] = ""


class Vacancy(_Located):
    """A job opening with ``openings`` places, at ``location`` (a region code), for ``employer``.

    ``flags`` lists the protected requirements found in its text (filled by
    ``kerja_match.normalize.flag_vacancy`` and by ``read_job_ad``); they are never scored.
    """

    id: Id
    employer: NonEmptyMaskedText
    title: MaskedText = ""
    openings: Annotated[int, NotBool, Field(ge=1, le=100_000)] = 1
    location: str | None = None
    requirements: Requirements = ()
    soft_requirements: Requirements = ()
    local_region: str = "32.16"
    sector: Annotated[str, Field(max_length=200), AfterValidator(mask_personal)] | None = None
    min_education: Education | None = None
    flags: tuple[RequirementFlag, ...] = ()

    _regions = field_validator("location", "local_region")(_check_region)


class Course(Record):
    """A training course (pelatihan) or apprenticeship (pemagangan) that teaches skills up to a level.

    ``hours`` are lesson hours (JP, 40–45 minutes each); ``prerequisites`` are ids of courses to take
    first; ``assumed`` names the fields whose values are assumptions rather than published facts;
    ``source`` cites where the programme, its duration or its class size comes from.
    """

    id: Id
    title: NonEmptyMaskedText
    provider: MaskedText = ""
    teaches: Claims
    prerequisites: Annotated[tuple[Id, ...], BeforeValidator(list_items)] = ()
    hours: Annotated[float, NotBool, Field(gt=0, le=10_000)]
    seats: Annotated[int, NotBool, Field(ge=1, le=10_000)] = 16
    location: str | None = None
    kind: Literal["pelatihan", "pemagangan"] = "pelatihan"
    cost: Annotated[float, NotBool, Field(ge=0)] | None = None
    assumed: TextList = ()
    source: MaskedText = ""

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

    Personal data is not repeated: a NIK-like id is masked (``'3216••••••••0001'``), and the value of a
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
                written = "" if raw_id == record_id else f" (written {raw_id!a}: the same id once normalised)"
                reason = f"duplicate id, first seen in row {seen[record_id]}{written}"
                problems.append(Problem(name, "id", reason, record_id, row_number))
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
