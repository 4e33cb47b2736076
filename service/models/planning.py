"""Tables of the safety network, safety plans, child voice, words and pictures and trajectory.

All of them belong to a case (and the child's voice to one child of it), never to a stage, so a
stage transition carries them forward untouched (domain.md 3.4).

Danger statements are referred to by id only (``danger_statements`` is another area's table and
its rows are versioned in place): which version a network member was told is kept with the id.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, RecordMixin


class NetworkMember(RecordMixin, Base):
    """A person in the case's safety network, and every danger-statement version they were told."""

    __tablename__ = "network_members"
    __table_args__ = (Index("ix_network_members_case_id_person_id", "case_id", "person_id"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"))
    relationship_to_child: Mapped[str] = mapped_column(String(32))
    # [{"child_id": str, "relationship": code}]: how the member is related to each child, where it differs.
    relationship_to_children: Mapped[list[Any]] = mapped_column(server_default="[]")
    roles: Mapped[list[Any]]
    naturally_connected: Mapped[bool]
    joined_on: Mapped[date]
    left_on: Mapped[date | None]
    # [{"danger_statement_id": str, "version": int, "informed_on": "YYYY-MM-DD"}], oldest first.
    informed: Mapped[list[Any]]


class NetworkMeeting(RecordMixin, Base):
    """A meeting of the safety network: who came, what for, what was decided, and the case's map
    version it worked from."""

    __tablename__ = "network_meetings"

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    held_on: Mapped[date]
    attendees: Mapped[list[Any]]
    purpose: Mapped[str] = mapped_column(Text)
    decisions: Mapped[str] = mapped_column(Text)
    map_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("assessment_maps.id"))


class SafetyPlan(RecordMixin, Base):
    """One version of a case's safety plan (1, 2, 3 per case); a new version supersedes the last."""

    __tablename__ = "safety_plans"
    __table_args__ = (UniqueConstraint("case_id", "plan_version"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    plan_version: Mapped[int] = mapped_column(Integer)
    plan_status: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(200))
    rules: Mapped[list[Any]]
    bottom_lines: Mapped[list[Any]]
    review_by: Mapped[date]
    agreed_on: Mapped[date | None]
    child_friendly_version: Mapped[dict[str, Any] | None]
    # [{"network_member_id": str, "agreed_on": day | None, "declined_on": day | None,
    #   "declined_reason": str | None}]: each network member's answer to this version.
    network_agreement: Mapped[list[Any]] = mapped_column(server_default="[]")
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("safety_plans.id"))


class SafetyPlanReview(RecordMixin, Base):
    """A review of one safety plan version: whether each of its rules held."""

    __tablename__ = "safety_plan_reviews"

    safety_plan_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("safety_plans.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    reviewed_on: Mapped[date]
    rule_results: Mapped[list[Any]]
    summary: Mapped[str | None] = mapped_column(Text)


class ChildVoiceRecord(RecordMixin, Base):
    """A child's own words (and drawings) from one session with one tool."""

    __tablename__ = "child_voice_records"
    __table_args__ = (
        CheckConstraint(
            "safety_path_position IS NULL OR (safety_path_position >= 0 AND safety_path_position <= 10)",
            name="safety_path_0_to_10",
        ),
        Index("ix_child_voice_records_child_id_recorded_on", "child_id", "recorded_on"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"))
    tool: Mapped[str] = mapped_column(String(16))
    recorded_on: Mapped[date]
    worker: Mapped[str] = mapped_column(String(200))
    items: Mapped[list[Any]]
    # What the worker saw of a child too young for words, kept apart from the child's own words.
    observations: Mapped[list[Any]] = mapped_column(server_default="[]")
    read_back_to_child: Mapped[bool]
    safety_path_position: Mapped[int | None] = mapped_column(Integer)
    child_agreed_sharing_with: Mapped[list[Any]]


class WordsAndPictures(RecordMixin, Base):
    """A words-and-pictures explanation for the case's children, written with their parents."""

    __tablename__ = "words_and_pictures"

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    audience_children: Mapped[list[Any]]
    co_authors: Mapped[list[Any]]
    document_status: Mapped[str] = mapped_column(String(16))
    shared_on: Mapped[date | None]
    document_ref: Mapped[str | None] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)


class Milestone(RecordMixin, Base):
    """One planned step of the case's trajectory, with when it was planned and when it happened."""

    __tablename__ = "milestones"
    __table_args__ = (Index("ix_milestones_case_id_planned_date", "case_id", "planned_date"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"))
    description: Mapped[str] = mapped_column(Text)
    planned_date: Mapped[date]
    actual_date: Mapped[date | None]
    milestone_status: Mapped[str] = mapped_column(String(16))


class FamilySharing(RecordMixin, Base):
    """That a map version, a danger statement or a safety plan version was shared with the family."""

    __tablename__ = "family_sharings"

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    # Exactly one of the three: what was shared, and its version then.
    map_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    danger_statement_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    safety_plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    item_version: Mapped[int] = mapped_column(Integer)
    shared_on: Mapped[date]
    shared_with: Mapped[list[Any]]
    share_form: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
