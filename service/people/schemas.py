from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from service.kit.schemas import AMENDMENT_REASON, Input, RecordRead
from service.reference_data.registry import coded

Sex = coded("sex", "Sex as the CIN census records it.", "1", max_length=1)
Ethnicity = coded("ethnicity", "Ethnicity as the CIN census and SSDA903 record it.", "WBRI", max_length=4)
Name = Annotated[str, Field(min_length=1, max_length=100)]
Upn = Annotated[str, Field(pattern=r"^[A-Z][0-9]{11}[0-9A-Z]$", description="Unique pupil number.",
                           examples=["A123456789012"])]


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

    given_name: Name = Field(examples=["Leo"])
    family_name: Name = Field(examples=["Thornbury"])
    date_of_birth: date | None = Field(default=None, examples=["2018-03-09"])
    expected_date_of_birth: date | None = Field(default=None, description="For an unborn child.")
    sex: Sex
    ethnicity: Ethnicity | None = None
    la_child_id: str | None = Field(default=None, max_length=36, description="The authority's own child id.",
                                    examples=["EM-000123"])
    upn: Upn | None = None


class PersonAmend(Input, _Dates):
    given_name: Name | None = None
    family_name: Name | None = None
    sex: Sex | None = None
    ethnicity: Ethnicity | None = None
    la_child_id: str | None = Field(default=None, max_length=36)
    upn: Upn | None = None
    amendment_reason: str | None = AMENDMENT_REASON


class PersonRead(RecordRead):
    given_name: str
    family_name: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    sex: str
    ethnicity: str | None
    la_child_id: str | None
    upn: str | None
