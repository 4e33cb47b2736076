from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from service.kit.schemas import AMENDMENT_REASON, Input, RecordRead
from service.reference_data.registry import CodeFrom

Sex = Annotated[str, CodeFrom("sex", "Sex as the CIN census records it.", "1", max_length=1)]
Ethnicity = Annotated[
    str, CodeFrom("ethnicity", "Ethnicity as the CIN census and SSDA903 record it.", "WBRI", max_length=4)
]
SEX = "Sex as the CIN census records it; code from the list `sex`."
ETHNICITY = "Ethnicity as the CIN census and SSDA903 record it; code from the list `ethnicity`."
DOB = "Date of birth; leave empty for an unborn child."
EDD = "For an unborn child: the expected date of birth."
UPN = "Unique pupil number, where the child has one."
Name = Annotated[str, Field(min_length=1, max_length=100)]
Upn = Annotated[
    str,
    Field(
        pattern=r"^[A-Z][0-9]{11}[0-9A-Z]$", description="Unique pupil number.", examples=["A123456789012"]
    ),
]


class _Dates(BaseModel):
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None

    @model_validator(mode="after")
    def _one_birth_date(self) -> _Dates:
        if self.date_of_birth is not None and self.expected_date_of_birth is not None:
            raise ValueError("give date_of_birth or expected_date_of_birth (unborn child), not both")
        return self


class PersonCreate(Input, _Dates):
    """A child or an adult. Use invented names only in test and demo data."""

    given_name: Name = Field(description="Given name(s).", examples=["Leo"])
    family_name: Name = Field(description="Family name.", examples=["Thornbury"])
    date_of_birth: date | None = Field(default=None, description=DOB, examples=["2018-03-09"])
    expected_date_of_birth: date | None = Field(default=None, description=EDD)
    sex: Sex
    ethnicity: Ethnicity | None = Field(default=None, description=ETHNICITY)
    la_child_id: str | None = Field(
        default=None, max_length=36, description="The authority's own child id.", examples=["EM-000123"]
    )
    upn: Upn | None = Field(default=None, description=UPN)


class PersonAmend(Input, _Dates):
    """Send only the fields that change."""

    given_name: Name | None = Field(default=None, description="Given name(s).")
    family_name: Name | None = Field(default=None, description="Family name.")
    date_of_birth: date | None = Field(default=None, description=DOB)
    expected_date_of_birth: date | None = Field(default=None, description=EDD)
    sex: Sex | None = Field(default=None, description=SEX)
    ethnicity: Ethnicity | None = Field(default=None, description=ETHNICITY)
    la_child_id: str | None = Field(default=None, max_length=36, description="The authority's own child id.")
    upn: Upn | None = Field(default=None, description=UPN)
    amendment_reason: str | None = AMENDMENT_REASON


class PersonRead(RecordRead):
    given_name: str = Field(description="Given name(s).")
    family_name: str = Field(description="Family name.")
    date_of_birth: date | None = Field(description=DOB)
    expected_date_of_birth: date | None = Field(description=EDD)
    sex: str = Field(description=SEX)
    ethnicity: str | None = Field(description=ETHNICITY)
    la_child_id: str | None = Field(description="The authority's own child id.")
    upn: str | None = Field(description=UPN)
