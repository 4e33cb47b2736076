"""What a move into or out of care rests on (domain.md 8.5 rule 9), registered with the statutory
area's grounds check (``MORE_GROUNDS``): each of these moves names a looked-after episode of the child
in ``grounds.lac_episode_id``.

* Into care (CIN or CP to LAC), SOS-STAGE-008: an episode with reason for new episode S (it starts a
  period of care), begun on or before the move and not ended before it.
* Out of care home (LAC to CIN, or LAC ending while CP carries on), SOS-STAGE-009: the episode that
  ended the period of care, on or before the move, with a reason ceased that returns the child to
  family (E4A, E4B, E13, E41, or a special guardianship or residence order E43 to E48).
* Leaving care to care-leaver status, SOS-STAGE-010: the episode that ended the period of care on or
  before the move (not X1), and the young person eligible: aged 16 or more on the move, looked after
  for at least 13 weeks (91 days) since their 14th birthday, some of it on or after their 16th
  (short-break care, legal status V3 or V4, does not count).

Child protection and care may still run at the same time, as the stage moves allow.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.care.episodes import SAME_DAY, STARTS_PERIOD, live_episodes
from service.kit.dates import birthday
from service.kit.errors import refuse
from service.kit.records import ENTERED_IN_ERROR
from service.models import Case, Person
from service.models.care import LookedAfterEpisode
from service.stages.moves import Move
from service.statutory.rules import MORE_GROUNDS, MoreGrounds

RETURNS_HOME = frozenset({"E4A", "E4B", "E13", "E41", "E43", "E44", "E45", "E46", "E47", "E48"})
SHORT_BREAKS = frozenset({"V3", "V4"})
CARE_LEAVER_DAYS = 91  # 13 weeks


def grounds_needed(move: Move) -> str | None:
    if move.to_stage == "LAC" and move.kind == "INTO_CARE":
        return "SOS-STAGE-008"
    if move.from_stage == "LAC" and move.kind == "RETURN_HOME":
        return "SOS-STAGE-009"
    if move.from_stage == "LAC" and move.kind == "LEAVING_CARE":
        return "SOS-STAGE-010"
    return None


def _refused(requirement: str, detail: str, message: str) -> Any:
    return refuse("/grounds/lac_episode_id", detail, "grounds_not_met", requirement, message)


def check_grounds(session: Session, case: Case, body: Any, move: Move, requirement: str, given: Any) -> None:
    episode = session.get(LookedAfterEpisode, uuid.UUID(str(given)))
    on = body.effective_date
    if (
        episode is None
        or episode.la_code != case.la_code
        or episode.status == ENTERED_IN_ERROR
        or episode.case_id != case.id
        or episode.child_id != body.child_id
    ):
        raise _refused(
            requirement,
            "not a looked-after episode of this child in this case",
            "The move names no looked-after episode of this child in this case.",
        )
    if requirement == "SOS-STAGE-008":
        if (
            episode.reason_new_episode != STARTS_PERIOD
            or episode.start_date > on
            or (episode.end_date is not None and episode.end_date < on)
        ):
            raise _refused(
                requirement,
                "not an episode starting a period of care (S) in force on the move's date",
                "A move into care rests on the child's episode that started a period of care (reason for "
                "new episode S), begun on or before the move and not ended before it.",
            )
        return
    if episode.end_date is None or episode.end_date > on or episode.reason_ceased == SAME_DAY:
        raise _refused(
            requirement,
            "not an episode that ended the period of care on or before the move",
            "A move out of care rests on the child's episode that ended the period of care (a reason "
            "ceased other than X1) on or before the move.",
        )
    if requirement == "SOS-STAGE-009" and episode.reason_ceased not in RETURNS_HOME:
        raise _refused(
            requirement,
            f"reason ceased {episode.reason_ceased} does not return the child home",
            "A return home from care rests on an episode that ceased with the child returning to family "
            "(E4A, E4B, E13, E41, E43 to E48).",
        )
    if requirement == "SOS-STAGE-010":
        _check_eligible(session, body.child_id, on)


def _check_eligible(session: Session, child_id: uuid.UUID, on: date) -> None:
    child = session.get(Person, child_id)
    born = child.date_of_birth if child is not None else None
    if born is None or birthday(born, 16) > on:
        raise _refused(
            "SOS-STAGE-010",
            "the young person is not yet 16 on the move's date",
            "A young person becomes a care leaver at 16 or over: their date of birth must show it.",
        )
    fourteen, sixteen = birthday(born, 14), birthday(born, 16)
    days, after_sixteen = 0, False
    for e in live_episodes(session, child_id):
        if e.legal_status in SHORT_BREAKS:
            continue
        first, last = max(e.start_date, fourteen), min(e.end_date or on, on)
        if last >= first:
            days += (last - first).days + 1
        after_sixteen = after_sixteen or last >= sixteen
    if days < CARE_LEAVER_DAYS or not after_sixteen:
        raise _refused(
            "SOS-STAGE-010",
            f"looked after {days} day(s) since the 14th birthday; 91 needed, some after the 16th",
            "A care leaver was looked after for at least 13 weeks (91 days) since their 14th birthday, "
            "some of it on or after their 16th (short breaks do not count).",
        )


if not any(g.name == "lac_episode_id" for g in MORE_GROUNDS):
    MORE_GROUNDS.append(MoreGrounds("lac_episode_id", grounds_needed, check_grounds))
