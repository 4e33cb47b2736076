"""People, cases and the stage transitions of each child on the continuum of service."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, Uuid, false, text
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, RecordMixin


def _one_holder(column: str) -> Index:
    """At most one person of an authority, not entered in error, holds a value of ``column`` (a child
    recorded twice splits their story: see service/people/identifiers.py)."""
    where = text(f"{column} IS NOT NULL AND status <> 'entered_in_error'")
    return Index(
        f"uq_people_{column}", "la_code", column, unique=True, sqlite_where=where, postgresql_where=where
    )


class Person(RecordMixin, Base):
    """A child or an adult around a child. Identifiers are the authority's own, each held by one
    person of the authority (SOS-CIN-019)."""

    __tablename__ = "people"
    __table_args__ = (_one_holder("la_child_id"), _one_holder("upn"))

    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None]
    expected_date_of_birth: Mapped[date | None]
    date_of_death: Mapped[date | None]  # CIN census PersonDeathDate; sets how long the record is kept
    sex: Mapped[str] = mapped_column(String(1))
    ethnicity: Mapped[str | None] = mapped_column(String(4))
    la_child_id: Mapped[str | None] = mapped_column(String(36))
    upn: Mapped[str | None] = mapped_column(String(13))
    # Why a child has no UPN (CIN census UPNunknown) and the child's disabilities (CIN census
    # Disabilities; NONE when the child has none, empty when not recorded).
    upn_unknown_reason: Mapped[str | None] = mapped_column(String(3))
    disabilities: Mapped[list[Any]] = mapped_column(server_default=text("'[]'"))
    # Sensitive (an adopted child's new identity, say): a subject access export of anyone else marks
    # every place this person is referred to (service/data_protection/redaction.py).
    restricted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())


class Case(RecordMixin, Base):
    """A family's working file: one case, one plan, whichever stage each child is at."""

    __tablename__ = "cases"

    reference: Mapped[str | None] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(200))
    opened_on: Mapped[date]


class CaseMember(RecordMixin, Base):
    """A child or adult belonging to a case, from a date and perhaps until a date."""

    __tablename__ = "case_members"
    __table_args__ = (Index("ix_case_members_case_id_person_id", "case_id", "person_id"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    relationship_to_children: Mapped[str | None] = mapped_column(String(32))
    joined_on: Mapped[date]
    left_on: Mapped[date | None]


class StageTransition(RecordMixin, Base):
    """A child moving on the continuum. The child's current stages are replayed from these."""

    __tablename__ = "stage_transitions"
    __table_args__ = (Index("ix_stage_transitions_child_id_effective_date", "child_id", "effective_date"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"))
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    from_stage_continues: Mapped[bool] = mapped_column(default=False)
    effective_date: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200))
    carried_forward: Mapped[dict[str, Any]]
    override_reason: Mapped[str | None] = mapped_column(Text)
    # The statutory event the move rests on (service/statutory/rules.py), e.g. {"referral_id": "..."}.
    grounds: Mapped[dict[str, Any] | None]
