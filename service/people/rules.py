"""The rules of a person record (no FastAPI here): checked when the person is recorded and again on
the person as amended (see :class:`service.kit.records.Consistent`)."""

from __future__ import annotations

from datetime import date

from service.kit.errors import ValidationFailed, field_error, refuse

BIRTH_DATES = "give date_of_birth or expected_date_of_birth (unborn child), not both"
NO_DISABILITY = "NONE"


def check_person(
    date_of_birth: date | None, expected_date_of_birth: date | None, disabilities: list[str]
) -> None:
    one_birth_date(date_of_birth, expected_date_of_birth)
    disabilities_as_the_census_takes_them(disabilities)


def one_birth_date(date_of_birth: date | None, expected_date_of_birth: date | None) -> None:
    """A person has one birth date at a time: born, the date of birth; unborn, the expected one (a
    birth is one amendment that sets ``date_of_birth`` and clears ``expected_date_of_birth``)."""
    if date_of_birth is not None and expected_date_of_birth is not None:
        raise ValidationFailed(
            f"A person has one birth date: {BIRTH_DATES}.",
            errors=[field_error("/expected_date_of_birth", BIRTH_DATES, "one_birth_date")],
        )


def disabilities_as_the_census_takes_them(disabilities: list[str]) -> None:
    """Each disability once, and NONE on its own (SOS-CIN-009): the CIN census validator refuses a
    child with the same code twice (rule 8794) or NONE beside another code (rule 8790), so a record
    that breaks either could only reach the return by being typed again."""
    if len(set(disabilities)) != len(disabilities):
        raise refuse(
            "/disabilities",
            "a disability is listed twice",
            "duplicate_disability",
            "SOS-CIN-009",
            "Each disability is listed once.",
        )
    if NO_DISABILITY in disabilities and len(disabilities) > 1:
        raise refuse(
            "/disabilities",
            "NONE (no disability) stands alone",
            "no_disability_not_alone",
            "SOS-CIN-009",
            "NONE (no disability) cannot be listed with a disability.",
        )
