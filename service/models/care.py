"""Tables of the looked-after and care-leaver records (domain.md 5.3 and 8.2): the SSDA903 return's
building blocks, kept as case records like every other.

Every record is about one child of one case (``case_id``, ``child_id``). Column names say what the
value is; the SSDA903 field each one feeds is given beside it, so a return is a plain projection:

* ``lac_episodes``: Episodes (DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC,
  REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN).
* ``lac_reviews``: Reviews (REVIEW, REVIEW_CODE).
* ``missing_episodes``: Missing (MISSING, MIS_START, MIS_END).
* ``permanence_decisions``: AD1 (DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR,
  LS_ADOPTR), PlacedAdoption (DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED) and PrevPerm
  (PREV_PERM, LA_PERM, DATE_PERM) where the decision records them.
* ``care_leaver_contacts``: OC3 (IN_TOUCH, ACTIV, ACCOM), dated.
* ``uasc_statuses``: UASC (DUC, the date the child ceased to be an unaccompanied asylum seeker).
* ``pathway_plans``: no 903 table of its own (a care leaver's plan and personal adviser).
* ``health_outcomes``: OC2 (the year's health, offending and substance misuse outcomes of a child
  looked after for twelve months at 31 March: SDQ_SCORE, SDQ_REASON, CONVICTED, HEALTH_CHECK,
  IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED,
  INTERVENTION_OFFERED), one per child and year.
* ``mother_statuses``: the Header's MOTHER and MC_DOB: whether a looked-after young woman is a
  mother, and her child's date of birth, as recorded on a date.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, RecordMixin


class _ChildRecord:
    """The case and the child a looked-after record is about."""

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"), index=True)


class LookedAfterEpisode(_ChildRecord, RecordMixin, Base):
    """One SSDA903 episode: a stretch of care with one legal status and one placement. A new episode
    starts whenever the legal status or the placement changes; a period of care is a run of episodes
    that join without gaps, the first starting it (reason for new episode S)."""

    __tablename__ = "lac_episodes"
    __table_args__ = (Index("ix_lac_episodes_child_id_start_date", "child_id", "start_date"),)

    start_date: Mapped[date]  # DECOM
    reason_new_episode: Mapped[str] = mapped_column(String(8))  # RNE
    legal_status: Mapped[str] = mapped_column(String(8))  # LS
    category_of_need: Mapped[str] = mapped_column(String(8))  # CIN (N1..N8)
    placement_type: Mapped[str] = mapped_column(String(8))  # PLACE
    placement_provider: Mapped[str | None] = mapped_column(String(8))  # PLACE_PROVIDER
    end_date: Mapped[date | None]  # DEC
    reason_ceased: Mapped[str | None] = mapped_column(String(8))  # REC
    reason_place_change: Mapped[str | None] = mapped_column(String(8))  # REASON_PLACE_CHANGE
    home_postcode: Mapped[str | None] = mapped_column(String(8))  # HOME_POST
    placement_postcode: Mapped[str | None] = mapped_column(String(8))  # PL_POST
    urn: Mapped[str | None] = mapped_column(String(8))  # URN (Ofsted unique reference number)


class LookedAfterReview(_ChildRecord, RecordMixin, Base):
    """A looked-after review chaired by an independent reviewing officer: when, how the child took
    part, what was decided and the ratings given there."""

    __tablename__ = "lac_reviews"
    __table_args__ = (Index("ix_lac_reviews_child_id_review_date", "child_id", "review_date"),)

    review_date: Mapped[date]  # REVIEW
    participation: Mapped[str] = mapped_column(String(8))  # REVIEW_CODE
    chair: Mapped[str] = mapped_column(String(200))
    decisions: Mapped[str | None] = mapped_column(Text)
    rating_ids: Mapped[list[Any]]


class MissingEpisode(_ChildRecord, RecordMixin, Base):
    """A time a looked-after child was missing (whereabouts unknown) or away without authorisation."""

    __tablename__ = "missing_episodes"

    missing_type: Mapped[str] = mapped_column(String(8))  # MISSING (M or A)
    start_date: Mapped[date]  # MIS_START
    end_date: Mapped[date | None]  # MIS_END
    return_interview_offered: Mapped[bool | None]
    return_interview_accepted: Mapped[bool | None]


class PermanenceDecision(_ChildRecord, RecordMixin, Base):
    """A decision on how the child will find a permanent home, with the adoption milestones and the
    child's previous permanence where the decision records them."""

    __tablename__ = "permanence_decisions"

    plan: Mapped[str] = mapped_column(String(32))
    decided_on: Mapped[date]
    decided_by: Mapped[str] = mapped_column(String(200))
    adoption_best_interests_on: Mapped[date | None]  # AD1 DATE_INT
    adoption_matched_on: Mapped[date | None]  # AD1 DATE_MATCH
    adopted_by_foster_carers: Mapped[bool | None]  # AD1 FOSTER_CARE
    adopter_count: Mapped[int | None]  # AD1 NB_ADOPTR
    adopter_sexes: Mapped[str | None] = mapped_column(String(8))  # AD1 SEX_ADOPTR
    adopter_legal_status: Mapped[str | None] = mapped_column(String(8))  # AD1 LS_ADOPTR
    placed_for_adoption_on: Mapped[date | None]  # PlacedAdoption DATE_PLACED
    placed_for_adoption_ceased_on: Mapped[date | None]  # PlacedAdoption DATE_PLACED_CEASED
    placed_for_adoption_ceased_reason: Mapped[str | None] = mapped_column(String(8))  # REASON_PLACED_CEASED
    previous_permanence: Mapped[str | None] = mapped_column(String(8))  # PrevPerm PREV_PERM
    previous_permanence_la: Mapped[str | None] = mapped_column(String(8))  # PrevPerm LA_PERM
    previous_permanence_on: Mapped[date | None]  # PrevPerm DATE_PERM


class PathwayPlan(_ChildRecord, RecordMixin, Base):
    """A care leaver's pathway plan: when it started, when it is reviewed and who is the personal
    adviser."""

    __tablename__ = "pathway_plans"

    start_date: Mapped[date]
    review_dates: Mapped[list[Any]]
    personal_adviser: Mapped[str] = mapped_column(String(200))
    end_date: Mapped[date | None]


class CareLeaverContact(_ChildRecord, RecordMixin, Base):
    """A contact with a care leaver around a birthday: in touch or not, what they are doing and
    where they live (SSDA903 OC3)."""

    __tablename__ = "care_leaver_contacts"
    __table_args__ = (Index("ix_care_leaver_contacts_child_id_contact_date", "child_id", "contact_date"),)

    contact_date: Mapped[date]
    in_touch: Mapped[str] = mapped_column(String(8))  # IN_TOUCH
    activity: Mapped[str | None] = mapped_column(String(8))  # ACTIV
    accommodation: Mapped[str | None] = mapped_column(String(8))  # ACCOM


class UascStatus(_ChildRecord, RecordMixin, Base):
    """That a child is an unaccompanied asylum-seeking child, from when, and when that ceased."""

    __tablename__ = "uasc_statuses"

    start_date: Mapped[date]
    ceased_on: Mapped[date | None]  # UASC DUC


class HealthOutcome(_ChildRecord, RecordMixin, Base):
    """A looked-after child's outcomes over the year to a 31 March (SSDA903 OC2): health checks,
    immunisations, dental check, the strengths and difficulties questionnaire, convictions and
    substance misuse. Recorded for a child looked after for twelve months or more at that date."""

    __tablename__ = "health_outcomes"

    year_ending: Mapped[date]  # the 31 March the outcomes are for
    sdq_score: Mapped[int | None]  # SDQ_SCORE (0 to 40)
    sdq_reason: Mapped[str | None] = mapped_column(String(8))  # SDQ_REASON (no score)
    convicted: Mapped[bool | None]  # CONVICTED (aged 10 or over)
    health_check: Mapped[bool | None]  # HEALTH_CHECK (development checks, under 5)
    immunisations: Mapped[bool | None]  # IMMUNISATIONS
    teeth_check: Mapped[bool | None]  # TEETH_CHECK
    health_assessment: Mapped[bool | None]  # HEALTH_ASSESSMENT
    substance_misuse: Mapped[bool | None]  # SUBSTANCE_MISUSE
    intervention_received: Mapped[bool | None]  # INTERVENTION_RECEIVED
    intervention_offered: Mapped[bool | None]  # INTERVENTION_OFFERED


class MotherStatus(_ChildRecord, RecordMixin, Base):
    """Whether a looked-after young woman is a mother, as recorded on a date (SSDA903 MOTHER), and
    her child's date of birth (MC_DOB)."""

    __tablename__ = "mother_statuses"

    recorded_on: Mapped[date]
    is_mother: Mapped[bool]  # MOTHER
    child_born_on: Mapped[date | None]  # MC_DOB
