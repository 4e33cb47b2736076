"""Tables of the assessment map, danger statements, safety goals, scales and ratings.

A danger statement and its safety goal live in one row: the pair is created, re-worded, met and
withdrawn together, so a statement can never exist without its goal (domain.md 8.5 rule 1) and
neither can be versioned without the other.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, RecordMixin


class AssessmentMap(RecordMixin, Base):
    """One version of a case's map: numbered 1, 2, 3 per case; its typed entries are its content."""

    __tablename__ = "assessment_maps"
    __table_args__ = (UniqueConstraint("case_id", "map_version"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    map_version: Mapped[int] = mapped_column(Integer)
    context: Mapped[list[Any]]
    vocabulary: Mapped[str] = mapped_column(String(16))
    mapped_on: Mapped[date]
    participants: Mapped[list[Any]]
    entries: Mapped[list[Any]]
    # The worker's analysis of the map and where they judge things stand, 0 to 10 (both optional).
    analysis: Mapped[str | None] = mapped_column(Text)
    judgement_rating: Mapped[int | None] = mapped_column(Integer)


class DangerStatement(RecordMixin, Base):
    """A danger (or harm) statement and its safety goal, always as one pair."""

    __tablename__ = "danger_statements"
    __table_args__ = (Index("ix_danger_statements_case_id_status", "case_id", "status"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"))
    children: Mapped[list[Any]]
    statement_kind: Mapped[str] = mapped_column(String(16))
    who_is_worried: Mapped[list[Any]]
    worried_about: Mapped[str] = mapped_column(Text)
    impact_on_child: Mapped[str] = mapped_column(Text)
    if_nothing_changes: Mapped[str] = mapped_column(Text)
    opening_acknowledgement: Mapped[str | None] = mapped_column(Text)
    family_position: Mapped[str] = mapped_column(String(16))
    dispute_text: Mapped[str | None] = mapped_column(Text)
    written_on: Mapped[date]
    goal_parent_actions: Mapped[str] = mapped_column(Text)
    goal_child_experience: Mapped[str] = mapped_column(Text)
    goal_professional_observation: Mapped[str] = mapped_column(Text)
    goal_best_hopes: Mapped[str | None] = mapped_column(Text)
    goal_family_goal_words: Mapped[str | None] = mapped_column(Text)
    goal_sustain_duration: Mapped[str] = mapped_column(String(32))
    goal_sustain_from: Mapped[date | None]
    goal_met_on: Mapped[date | None]
    # The version whose amendment last changed the wording (what a network member is told); amending
    # only dates leaves it as it is, so no one has to be told again.
    worded_in_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Scale(RecordMixin, Base):
    """A scaling question with its two anchors, perhaps tied to one danger statement."""

    __tablename__ = "scales"

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(Text)
    anchor_0: Mapped[str] = mapped_column(Text)
    anchor_10: Mapped[str] = mapped_column(Text)
    danger_statement_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("danger_statements.id"))
    defined_on: Mapped[date]


class ScaleRating(RecordMixin, Base):
    """One person's number on a scale on one date. Never edited: corrections are entered in error."""

    __tablename__ = "scale_ratings"
    __table_args__ = (
        CheckConstraint("value >= 0 AND value <= 10", name="value_0_to_10"),
        Index("ix_scale_ratings_scale_id_rated_on", "scale_id", "rated_on"),
    )

    scale_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("scales.id"))
    scale_version: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"))
    value: Mapped[int] = mapped_column(Integer)
    rater_name: Mapped[str] = mapped_column(String(200))
    rater_role: Mapped[str] = mapped_column(String(32))
    rated_on: Mapped[date]
    context: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    one_point_higher: Mapped[str | None] = mapped_column(Text)
    meeting_ref: Mapped[str | None] = mapped_column(String(200))
    # Where the rating was given, checked to be a record of the same case (list rating_occasion).
    occasion_type: Mapped[str | None] = mapped_column(String(32))
    occasion_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # On a scale about the family, the child the rating is about (a child member of the case).
    child_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id"))
