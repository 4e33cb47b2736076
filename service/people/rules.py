"""The rules of a person record (no FastAPI here): checked when the person is recorded and again on
the person as amended (see :class:`service.kit.records.Consistent`)."""

from __future__ import annotations

from datetime import date

from stdnum.gb import upn as stdnum_upn

from service.kit.errors import ValidationFailed, field_error, refuse

BIRTH_DATES = "give date_of_birth or expected_date_of_birth (unborn child), not both"
NO_DISABILITY = "NONE"
SEX_NOT_KNOWN = "0"
UPN_LETTERS_NOT_USED = ("I", "O", "S")


def check_person(
    date_of_birth: date | None,
    expected_date_of_birth: date | None,
    sex: str,
    disabilities: list[str],
    date_of_death: date | None,
) -> None:
    one_birth_date(date_of_birth, expected_date_of_birth)
    unborn_sex_not_known(date_of_birth, expected_date_of_birth, sex)
    disabilities_as_the_census_takes_them(disabilities)
    died_after_birth(date_of_birth, date_of_death)


def died_after_birth(date_of_birth: date | None, date_of_death: date | None) -> None:
    """A date of death is not before the date of birth (SOS-CIN-009; the CIN census validator's query
    8535Q), and a person not yet born has none."""
    if date_of_death is None:
        return
    if date_of_birth is None:
        raise refuse(
            "/date_of_death",
            "needs a date of birth",
            "death_without_birth",
            "SOS-CIN-009",
            "A date of death is recorded with the date of birth.",
        )
    if date_of_death < date_of_birth:
        raise refuse(
            "/date_of_death",
            f"before the date of birth ({date_of_birth})",
            "date_out_of_order",
            "SOS-CIN-009",
            f"A person cannot die before they were born ({date_of_birth}).",
        )


def unborn_sex_not_known(date_of_birth: date | None, expected_date_of_birth: date | None, sex: str) -> None:
    """An unborn child's sex is 0, not known (SOS-CIN-009; the CIN census validator's rule 8750)."""
    if date_of_birth is None and expected_date_of_birth is not None and sex != SEX_NOT_KNOWN:
        raise refuse(
            "/sex",
            f"an unborn child's sex is {SEX_NOT_KNOWN} (not known)",
            "unborn_sex_known",
            "SOS-CIN-009",
            f"An unborn child's sex is recorded as {SEX_NOT_KNOWN} (not known) until the birth.",
        )


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


def upn_problem(upn: str) -> str | None:
    """What is wrong with a unique pupil number of the right shape (a letter, 11 digits, a digit or a
    letter), or None (SOS-CIN-010). The CIN census validator refuses a check letter that does not
    agree with the other twelve characters (rule 1510; the DfE's modulo-23 sum, which python-stdnum
    computes) and I, O or S as the last character (rule 1550). Characters 2 to 4 name the authority
    that issued it (rule 1530): not checked here, as that list is the DfE's and changes."""
    if upn[-1] in UPN_LETTERS_NOT_USED:
        return "its last character is I, O or S, which a UPN never uses"
    expected = stdnum_upn.calc_check_digit(upn[1:])
    if upn[0] != expected:
        return f"the check letter is {expected}, worked out from the other characters, not {upn[0]}"
    return None
