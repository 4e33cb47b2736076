"""A person's fields, declared once (service/kit/fields.py says how the bodies derive from them)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from service.kit.fields import Day, Fields, Flag, Input, amend_schema, optional, required
from service.kit.governed import governed_by
from service.kit.schemas import RecordRead
from service.kit.stored import reading_stored
from service.people import rules
from service.reference_data.registry import CodeFrom

Sex = Annotated[str, CodeFrom("sex", "Sex as the CIN census records it.", "1", max_length=1)]
Ethnicity = Annotated[
    str, CodeFrom("ethnicity", "Ethnicity as the CIN census and SSDA903 record it.", "WBRI", max_length=4)
]
UpnUnknown = Annotated[
    str, CodeFrom("cin_upn_unknown", "Why the child has no UPN (CIN census UPNunknown).", "UN2", max_length=3)
]
Disability = Annotated[
    str, CodeFrom("cin_disability", "A disability of the child (CIN census).", "NONE", max_length=4)
]
Name = Annotated[str, Field(min_length=1, max_length=100)]
UNIQUE_IN_AUTHORITY = "x-unique-in-authority"
"""Marks a field whose value one record of the authority holds (a client sending examples makes its own)."""


def _checked_upn(upn: str, info: ValidationInfo) -> str:
    problem = None if reading_stored(info.context) else rules.upn_problem(upn)
    if problem is not None:
        raise PydanticCustomError("upn_check_letter", "not a UPN: {problem}", {"problem": problem})
    return upn


Upn = Annotated[str, Field(pattern=r"^[A-Z][0-9]{11}[0-9A-Z]$"), AfterValidator(_checked_upn)]


class PersonFields(Fields):
    given_name: Name = required("Given name(s).", "Leo")
    family_name: Name = required("Family name.", "Thornbury")
    date_of_birth: Day | None = optional("Date of birth; leave empty for an unborn child.", "2018-03-09")
    expected_date_of_birth: Day | None = optional(
        "For an unborn child: the expected date of birth.", "2026-02-01"
    )
    date_of_death: Day | None = optional(
        "The date the person died, where they have (CIN census PersonDeathDate); not before the date of "
        "birth. A child's record is then kept for 15 years from it if they were looked after and died "
        "before 18.",
        requirement="SOS-CIN-009",
    )
    sex: Sex
    ethnicity: Ethnicity | None = None
    la_child_id: str | None = optional(
        "The authority's own child id (the CIN census asks for up to 20 letters and digits); held by one "
        "person of the authority (SOS-CIN-019).",
        "EM000123",
        max_length=36,
        json_schema_extra={UNIQUE_IN_AUTHORITY: True},
    )
    upn: Upn | None = optional(
        "Unique pupil number, where the child has one: its check letter agrees with the rest, and it does "
        "not end in I, O or S (CIN census rules 1510 and 1550); held by one person of the authority "
        "(SOS-CIN-019).",
        "U873024125001",
        requirement="SOS-CIN-010",
        json_schema_extra={UNIQUE_IN_AUTHORITY: True},
    )
    upn_unknown_reason: UpnUnknown | None = optional(
        "For a child without a UPN: why it is not given (CIN census UPNunknown)."
    )
    disabilities: list[Disability] = Field(
        default_factory=list,
        max_length=13,
        description="The child's disabilities, each once (CIN census Disabilities): NONE when the child has "
        "none, and empty while not recorded (the census then reports it missing).",
        examples=[["NONE"]],
    )
    restricted: Flag = Field(
        default=False,
        description="Sensitive (an adopted child's new identity, say): a subject access export of anyone "
        "else marks every place this person is referred to, and every record kept for them, RESTRICTED "
        "for a senior review before disclosure (SOS-DP-003). Reads are not otherwise limited.",
        examples=[False],
        **governed_by("SOS-DP-003"),
    )


class PersonCreate(PersonFields, Input):
    """A child or an adult. Use invented names only in test and demo data."""


PersonAmend = amend_schema(PersonFields)


class PersonRead(PersonFields, RecordRead):
    pass
