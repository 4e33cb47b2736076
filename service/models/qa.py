"""Tables of quality assurance: allocations, case audits, family and staff feedback."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, RecordMixin


class Allocation(RecordMixin, Base):
    """Which team and worker hold a case from a date: measures are counted per team from these."""

    __tablename__ = "allocations"
    __table_args__ = (Index("ix_allocations_case_id_allocated_on", "case_id", "allocated_on"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"))
    team: Mapped[str] = mapped_column(String(100), index=True)
    worker: Mapped[str] = mapped_column(String(200))
    allocated_on: Mapped[date]
    ended_on: Mapped[date | None]
    worker_id: Mapped[str | None] = mapped_column(String(16))  # SSDA903 SW_ID
    reason: Mapped[str | None] = mapped_column(String(8))  # SSDA903 SW_REASON


class CaseAudit(RecordMixin, Base):
    """A collaborative case audit: each template item rated with a comment, beside the evidence the
    records held when it was made (kept with the audit, so its history shows what the auditor saw)."""

    __tablename__ = "case_audits"
    __table_args__ = (
        CheckConstraint("overall >= 0 AND overall <= 10", name="overall_0_to_10"),
        Index("ix_case_audits_case_id_audited_on", "case_id", "audited_on"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"))
    audited_on: Mapped[date]
    auditor: Mapped[str] = mapped_column(String(200))
    worker: Mapped[str] = mapped_column(String(200))
    template_list: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    # [{"item_code": str, "rating": str, "comment": str | None}] in template order.
    items: Mapped[list[Any]]
    overall: Mapped[int] = mapped_column(Integer)
    learning_actions: Mapped[str | None] = mapped_column(Text)
    # {item_code: {"summary": str, "recorded_by_service": bool, "facts": {...}}} as at creation.
    evidence: Mapped[dict[str, Any]]
    evidence_as_of: Mapped[date]


class FamilyFeedback(RecordMixin, Base):
    """What a parent, carer or child of a case said about the help they get (0 to 10 per question)."""

    __tablename__ = "family_feedback"

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    given_on: Mapped[date]
    respondent_role: Mapped[str] = mapped_column(String(32))
    respondent_person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id"))
    # [{"question_code": str, "value": int, "text": str | None}]
    answers: Mapped[list[Any]]


class StaffFeedback(RecordMixin, Base):
    """What a member of staff said about how the organisation supports the practice. Not tied to a
    case or a child; when anonymous, ``respondent`` is empty and ``created_by`` is "anonymous"."""

    __tablename__ = "staff_feedback"
    __table_args__ = (Index("ix_staff_feedback_team_given_on", "team", "given_on"),)

    given_on: Mapped[date]
    team: Mapped[str] = mapped_column(String(100))
    anonymous: Mapped[bool]
    respondent: Mapped[str | None] = mapped_column(String(200))
    answers: Mapped[list[Any]]
