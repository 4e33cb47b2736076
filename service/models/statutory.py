"""Tables of the statutory records, from the front door to child protection (domain.md 8.2), and the
relationships of each adult to each child of a case (domain.md 8.1).

Every record is about one child of one case (``case_id``, ``child_id``); the records that hang off a
referral (CIN census CINdetails) name it. Practice records of other areas (map versions, danger
statements, ratings, safety plans) are named by id only, as the planning tables do.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, RecordMixin


class _ChildRecord:
    """The case and the child a statutory record is about."""

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"), index=True)


class EarlyHelpEpisode(_ChildRecord, RecordMixin, Base):
    """An early help assessment and what came of it, with consent to share information."""

    __tablename__ = "early_help_episodes"

    assessment_started_on: Mapped[date]
    assessment_completed_on: Mapped[date | None]
    completing_organisation: Mapped[str] = mapped_column(String(200))
    lead_professional: Mapped[str | None] = mapped_column(String(200))
    consent_to_share: Mapped[bool | None]
    consent_given_on: Mapped[date | None]
    consent_given_by_person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id"))
    ended_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(32))


class Referral(_ChildRecord, RecordMixin, Base):
    """A referral to children's social care: the CIN census CINdetails of one episode of need."""

    __tablename__ = "referrals"

    referral_date: Mapped[date]
    source: Mapped[str] = mapped_column(String(8))
    primary_need: Mapped[str | None] = mapped_column(String(8))
    no_further_action: Mapped[bool] = mapped_column(default=False)
    closure_date: Mapped[date | None]
    closure_reason: Mapped[str | None] = mapped_column(String(8))


class SingleAssessment(_ChildRecord, RecordMixin, Base):
    """A child and family (single) assessment on a referral, with the factors it found."""

    __tablename__ = "single_assessments"

    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"), index=True)
    started_on: Mapped[date]
    internal_review_on: Mapped[date | None]
    authorised_on: Mapped[date | None]
    factors: Mapped[list[Any]]


class CinPlan(_ChildRecord, RecordMixin, Base):
    """A child in need plan on a referral."""

    __tablename__ = "cin_plans"

    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date | None]


class StrategyDiscussion(_ChildRecord, RecordMixin, Base):
    """A strategy discussion (or meeting) on a referral: who took part and what was decided."""

    __tablename__ = "strategy_discussions"

    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"), index=True)
    held_on: Mapped[date]
    agencies: Mapped[list[Any]]
    decision: Mapped[str] = mapped_column(String(32))


class Section47Enquiry(_ChildRecord, RecordMixin, Base):
    """A section 47 enquiry started by a strategy discussion. Its initial conference target date is
    worked out on every read (the discussion's date plus 15 working days), never stored."""

    __tablename__ = "section47_enquiries"

    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"), index=True)
    strategy_discussion_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("strategy_discussions.id"))
    started_on: Mapped[date]
    conference_not_required: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str | None] = mapped_column(String(32))


class ChildProtectionConference(_ChildRecord, RecordMixin, Base):
    """An initial, review or transfer-in child protection conference for one child."""

    __tablename__ = "cp_conferences"

    conference_type: Mapped[str] = mapped_column(String(16))
    section47_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("section47_enquiries.id"))
    cp_plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    held_on: Mapped[date]
    chair: Mapped[str] = mapped_column(String(200))
    attendees: Mapped[list[Any]]
    outcome: Mapped[str] = mapped_column(String(32))
    map_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    danger_statement_ids: Mapped[list[Any]]
    rating_ids: Mapped[list[Any]]
    safety_plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    override_reason: Mapped[str | None] = mapped_column(Text)


class ChildProtectionPlan(_ChildRecord, RecordMixin, Base):
    """A child protection plan started at a conference; the safety plan is at its core."""

    __tablename__ = "cp_plans"
    __table_args__ = (Index("ix_cp_plans_child_id_start_date", "child_id", "start_date"),)

    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"), index=True)
    conference_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cp_conferences.id"))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    initial_category: Mapped[str] = mapped_column(String(8))
    latest_category: Mapped[str] = mapped_column(String(8))
    safety_plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class ChildProtectionPlanReview(_ChildRecord, RecordMixin, Base):
    """A review of a child protection plan (the CIN census CPPreviewDate)."""

    __tablename__ = "cp_plan_reviews"

    cp_plan_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cp_plans.id"), index=True)
    review_date: Mapped[date]
    conference_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("cp_conferences.id"))


class PersonRelationship(_ChildRecord, RecordMixin, Base):
    """How one adult of a case is related to one child of it, and whether they hold parental
    responsibility for that child, from a date and perhaps until a date."""

    __tablename__ = "person_relationships"
    __table_args__ = (Index("ix_person_relationships_person_id_child_id", "person_id", "child_id"),)

    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"))
    relationship_type: Mapped[str] = mapped_column(String(32))
    parental_responsibility: Mapped[bool]
    from_date: Mapped[date]
    to_date: Mapped[date | None]
