"""SSDA903 consistency of a child's looked-after episodes (domain.md 8.5 rule 11), and the periods of
care they make.

An episode is checked on its own (SOS-903-003, SOS-903-005) and against its neighbours, the child's
episode just before and just after it by start date (SOS-903-001, SOS-903-002, SOS-903-004):

* the first episode of a period of care has reason for new episode S, and only the first: an episode
  follows one that ended with X1 (a new episode the same day) and does not have S; after an episode
  that ended any other way, the next one starts a new period with S;
* consecutive episodes join without gaps or overlaps: an episode is ended before a later one starts,
  and one that ended with X1 is followed by an episode starting that same day;
* the reason for a new episode agrees with what changed: L (legal status only) keeps the placement
  type and changes the legal status, P and T keep the legal status, B and U change it;
* combinations the return rejects are refused: placed with parents (P1) under a single period of
  accommodation under section 20 (V2), validator rule 378; placed for adoption with the current
  foster carers (A3, A5) other than by S, T or U; a period of care starting in a temporary placement;
* the end date and the reason ceased go together, the end not before the start; adopted (E11, E12)
  only from a placement for adoption (A3 to A6); a reason for placement change only on an episode
  that ended, and not on a temporary placement.

The checks read the child's other episodes, so every write of an episode first locks the child's row
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite units hold the one write lock already).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.kit.dates import not_before
from service.kit.errors import Conflict, refuse
from service.kit.records import live
from service.models import Person
from service.models.care import LookedAfterEpisode

STARTS_PERIOD = "S"
SAME_DAY = "X1"
ADOPTED = frozenset({"E11", "E12"})
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
WITH_CURRENT_CARERS = frozenset({"A3", "A5"})
TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
KEEPS_LEGAL_STATUS = frozenset({"P", "T"})
CHANGES_LEGAL_STATUS = frozenset({"L", "B", "U"})


def lock_child(session: Session, child_id: uuid.UUID) -> None:
    """Hold the child's row until the unit ends: a rule over the child's records reads them next."""
    session.get(Person, child_id, with_for_update=True)


def live_episodes(session: Session, child_id: uuid.UUID) -> list[LookedAfterEpisode]:
    return live(
        session,
        LookedAfterEpisode.child_id,
        child_id,
        LookedAfterEpisode.start_date,
        LookedAfterEpisode.created_at,
    )


# --- one episode on its own ---------------------------------------------------------------------


def check_own(v: dict[str, Any]) -> None:
    """SOS-903-003 and SOS-903-005: what one episode's own fields must agree on."""
    if v["placement_type"] == "P1" and v["legal_status"] == "V2":
        raise refuse(
            "/placement_type",
            "P1 (placed with parents) cannot go with legal status V2",
            "placement_legal_status_rejected",
            "SOS-903-003",
            "A child placed with parents (P1) cannot be accommodated under a single section 20 period "
            "(V2); the return rejects it (validator rule 378).",
        )
    if v["placement_type"] in WITH_CURRENT_CARERS and v["reason_new_episode"] not in ("S", "T", "U"):
        raise refuse(
            "/reason_new_episode",
            "placed for adoption with the current foster carers: S, T or U",
            "placement_reason_rejected",
            "SOS-903-003",
            "A child placed for adoption with their current foster carers (A3, A5) has reason for new "
            "episode S, T or U.",
        )
    end, reason = v.get("end_date"), v.get("reason_ceased")
    if (end is None) != (reason is None):
        raise refuse(
            "/reason_ceased" if reason is None else "/end_date",
            "end_date and reason_ceased go together",
            "ceased_incomplete",
            "SOS-903-005",
            "An episode ends with both its end date and the reason it ceased.",
        )
    not_before(end, v["start_date"], "/end_date", "the episode's start", "SOS-903-005")
    if reason in ADOPTED and v["placement_type"] not in PLACED_FOR_ADOPTION:
        raise refuse(
            "/reason_ceased",
            "adopted only from a placement for adoption (A3 to A6)",
            "reason_ceased_rejected",
            "SOS-903-005",
            "An episode ends with adoption (E11, E12) only when the child was placed for adoption "
            "(placement type A3, A4, A5 or A6).",
        )
    if v.get("reason_place_change") is not None and (end is None or v["placement_type"] in TEMPORARY):
        raise refuse(
            "/reason_place_change",
            "only on an episode that ended, not on a temporary placement",
            "place_change_not_expected",
            "SOS-903-005",
            "A reason for placement change is given on an episode that ended, and not for a temporary "
            "placement (T0 to T4).",
        )


# --- an episode between its neighbours ----------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """Which of two consecutive episodes is the one being written: pointers go to its fields."""

    ours_is_later: bool

    def pointer(self, later_field: str, earlier_field: str) -> str:
        return f"/{later_field}" if self.ours_is_later else f"/{earlier_field}"


def _get(e: Any, name: str) -> Any:
    return e[name] if isinstance(e, dict) else getattr(e, name)


def check_join(earlier: Any, later: Any, side: Side) -> None:
    """Two consecutive episodes of the child (by start date) join as the return expects."""
    end, reason, start = _get(earlier, "end_date"), _get(earlier, "reason_ceased"), _get(later, "start_date")
    if end is None or end > start:
        raise refuse(
            side.pointer("start_date", "end_date"),
            "overlaps the child's episode " + ("before it" if side.ours_is_later else "after it"),
            "episodes_overlap",
            "SOS-903-002",
            "A child's episodes do not overlap: an episode ends (X1 if a new one begins that day) on or "
            f"before the next one starts ({start}).",
        )
    rne = _get(later, "reason_new_episode")
    if reason == SAME_DAY:
        if end != start:
            raise refuse(
                side.pointer("start_date", "end_date"),
                f"after X1 the next episode starts the same day ({end})",
                "episodes_gap",
                "SOS-903-002",
                "An episode that ended with X1 is followed, the same day, by the next episode of the "
                "period of care: consecutive episodes join without gaps.",
            )
        if rne == STARTS_PERIOD:
            raise refuse(
                side.pointer("reason_new_episode", "reason_ceased"),
                "continues a period of care: not S",
                "period_continues",
                "SOS-903-001",
                "Only the first episode of a period of care has reason for new episode S; an episode "
                "following one that ended with X1 continues the period.",
            )
        _check_change(earlier, later, side)
    elif rne != STARTS_PERIOD:
        raise refuse(
            side.pointer("reason_new_episode", "reason_ceased"),
            "starts a period of care: S",
            "period_starts_with_s",
            "SOS-903-001",
            "The first episode of a period of care has reason for new episode S (the previous episode "
            "ended without X1, so this one starts a new period).",
        )


def _check_change(earlier: Any, later: Any, side: Side) -> None:
    rne = _get(later, "reason_new_episode")
    same_status = _get(earlier, "legal_status") == _get(later, "legal_status")
    same_place = _get(earlier, "placement_type") == _get(later, "placement_type")
    wrong = (
        (rne in CHANGES_LEGAL_STATUS and same_status)
        or (rne in KEEPS_LEGAL_STATUS and not same_status)
        or (rne == "L" and not same_place)
    )
    if wrong:
        raise refuse(
            side.pointer("reason_new_episode", "legal_status"),
            f"reason {rne} does not match what changed from the episode before",
            "reason_new_episode_mismatch",
            "SOS-903-004",
            "The reason for a new episode says what changed: L the legal status only (same placement "
            "type), P and T the placement only (same legal status), B and U both.",
        )


def check_sequence(session: Session, child_id: uuid.UUID, v: dict[str, Any], own: uuid.UUID | None) -> None:
    """The episode ``v`` (``own``: its id when amended) between the child's other episodes."""
    others = [e for e in live_episodes(session, child_id) if e.id != own]
    start = v["start_date"]
    if any(e.start_date == start for e in others):
        raise refuse(
            "/start_date",
            "another episode of the child starts that day",
            "episodes_overlap",
            "SOS-903-002",
            f"Another episode of the child starts on {start}: episodes do not overlap.",
        )
    before = [e for e in others if e.start_date < start]
    after = [e for e in others if e.start_date > start]
    if before:
        check_join(before[-1], v, Side(ours_is_later=True))
    else:
        if v["reason_new_episode"] != STARTS_PERIOD:
            raise refuse(
                "/reason_new_episode",
                "the child's first episode: S",
                "period_starts_with_s",
                "SOS-903-001",
                "The child's first episode starts a period of care: reason for new episode S.",
            )
    if after:
        check_join(v, after[0], Side(ours_is_later=False))
    continues = bool(before) and before[-1].reason_ceased == SAME_DAY
    if not continues and v["placement_type"] in TEMPORARY:
        raise refuse(
            "/placement_type",
            "a period of care does not start in a temporary placement",
            "placement_reason_rejected",
            "SOS-903-003",
            "A period of care cannot start with a temporary placement (T0 to T4).",
        )


def only_the_last(session: Session, _caller: Any, episode: LookedAfterEpisode) -> None:
    """Only the child's latest episode can be marked entered in error: an earlier one has a later
    episode joined to it, which would be left after a gap (correct that one by amending it)."""
    lock_child(session, episode.child_id)
    if any(e.start_date > episode.start_date for e in live_episodes(session, episode.child_id)):
        raise Conflict(
            "Only a child's latest looked-after episode can be marked entered in error: later episodes "
            "join to this one. Amend it instead, or mark the later ones entered in error first.",
            requirement="SOS-903-002",
        )


# --- periods of care ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A period of care: a run of episodes that join, the first with S."""

    start: date
    end: date | None
    episodes: tuple[Any, ...]

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def periods(episodes: Iterable[Any]) -> list[Period]:
    """The periods of care of one child's episodes (in start-date order)."""
    found: list[list[Any]] = []
    for e in sorted(episodes, key=lambda e: e.start_date):
        if not found or e.reason_new_episode == STARTS_PERIOD:
            found.append([e])
        else:
            found[-1].append(e)
    return [Period(run[0].start_date, run[-1].end_date, tuple(run)) for run in found]


def period_starts(session: Session, records: Sequence[Any]) -> list[dict[str, Any]]:
    """Derived on read: the start of each episode's period of care."""
    out = []
    for record in records:
        mine = [p for p in periods(live_episodes(session, record.child_id)) if p.start <= record.start_date]
        out.append({"period_of_care_start": mine[-1].start if mine else record.start_date})
    return out
