"""A person's fields, declared once (service/kit/fields.py says how the bodies derive from them)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from service.kit.fields import Day, Fields, Input, amend_schema, optional, required
from service.kit.schemas import RecordRead
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
Upn = Annotated[str, Field(pattern=r"^[A-Z][0-9]{11}[0-9A-Z]$")]


class PersonFields(Fields):
    given_name: Name = required("Given name(s).", "Leo")
    family_name: Name = required("Family name.", "Thornbury")
    date_of_birth: Day | None = optional("Date of birth; leave empty for an unborn child.", "2018-03-09")
    expected_date_of_birth: Day | None = optional(
        "For an unborn child: the expected date of birth.", "2026-02-01"
    )
    sex: Sex
    ethnicity: Ethnicity | None = None
    la_child_id: str | None = optional(
        "The authority's own child id (the CIN census asks for up to 20 letters and digits).",
        "EM000123",
        max_length=36,
    )
    upn: Upn | None = optional("Unique pupil number, where the child has one.", "A123456789012")
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


class PersonCreate(PersonFields, Input):
    """A child or an adult. Use invented names only in test and demo data."""


PersonAmend = amend_schema(PersonFields)


class PersonRead(PersonFields, RecordRead):
    pass
