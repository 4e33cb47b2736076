"""The rules of a person record (no FastAPI here)."""

from __future__ import annotations

from datetime import date

from service.kit.errors import ValidationFailed, field_error

BIRTH_DATES = "give date_of_birth or expected_date_of_birth (unborn child), not both"


def one_birth_date(date_of_birth: date | None, expected_date_of_birth: date | None) -> None:
    """A person has one birth date at a time: born, the date of birth; unborn, the expected one.
    Checked when the person is recorded and on the person as amended (a birth is one amendment that
    sets ``date_of_birth`` and clears ``expected_date_of_birth``)."""
    if date_of_birth is not None and expected_date_of_birth is not None:
        raise ValidationFailed(
            f"A person has one birth date: {BIRTH_DATES}.",
            errors=[field_error("/expected_date_of_birth", BIRTH_DATES, "one_birth_date")],
        )
