"""What a child's death ends. No FastAPI here.

- A child's plans end by their death: nothing of a CIN plan, and no child protection plan's end, is
  dated after the child died (SOS-CIN-018; CIN census rules 4008, 4009Q and 8920).
- No move of the child but a close is dated after it (SOS-STAGE-013): a child who has died is not
  stepped up or down, taken into care or made a care leaver; their case is closed.

Checked both ways: on a plan's create and amendment and on a move, against the child's date of
death read under the child's person row lock (:func:`locked_child`, FOR NO KEY UPDATE); and on the
person's amendment that records or moves the death, against the child's plans and moves. That
amendment holds the person row's lock (FOR UPDATE) while it reads them, so neither can pass the other.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import refuse
from service.kit.records import ENTERED_IN_ERROR
from service.models import Person, StageTransition
from service.models.statutory import ChildProtectionPlan, CinPlan

AFTER_DEATH: dict[Any, tuple[tuple[str, str, str], ...]] = {
    CinPlan: (("start_date", "CIN plan's start", "4008"), ("end_date", "CIN plan's end", "4009Q")),
    ChildProtectionPlan: (("end_date", "child protection plan's end", "8920"),),
}
"""The dates of a child's plans that are not after the child's death, with the census rule of each."""


def locked_child(session: Session, child_id: uuid.UUID) -> Person:
    """The child's person row, locked for the rest of the transaction: FOR NO KEY UPDATE on PostgreSQL,
    so records naming the child are still inserted meanwhile, while another write that reads the
    child's records (or the person's amendment) waits. Read afresh under the lock, even when the
    session had loaded the person before (its date of death, say, is then the committed one)."""
    child = session.get(Person, child_id, with_for_update={"key_share": True}, populate_existing=True)
    assert child is not None  # the caller checked the child is a member of the case
    return child


CLOSING = "CLOSED"
"""The one stage a child's move may go to after the child died."""


def check_move_not_after_death(session: Session, child_id: uuid.UUID, to_stage: str, on: date) -> None:
    """SOS-STAGE-013: a move of the child on ``on`` to ``to_stage`` is a close, or not after the child's
    death (read under the child's lock)."""
    if to_stage == CLOSING:
        return
    died = locked_child(session, child_id).date_of_death
    if died is not None and on > died:
        raise refuse(
            "/effective_date",
            f"after the child died ({died})",
            "after_death",
            "SOS-STAGE-013",
            f"The child died on {died}: a move after it can only close (to_stage {CLOSING}).",
        )


def check_not_after_death(child: Person, model: Any, v: dict[str, Any]) -> None:
    """A plan of ``child`` (its person row locked by the caller) with the values ``v`` is not dated
    after the child's death."""
    died = child.date_of_death
    if died is None:
        return
    for name, what, rule in AFTER_DEATH[model]:
        day = v.get(name)
        if day is not None and day > died:
            raise refuse(
                f"/{name}",
                f"after the child died ({died})",
                "after_death",
                "SOS-CIN-018",
                f"A child's plans are not dated after their death on {died}: the {what} (CIN census rule "
                f"{rule}).",
            )


def death_changes(
    session: Session, _caller: Caller, person: Person, changes: dict[str, Any]
) -> dict[str, Any]:
    """A person's amendment recording or moving their death keeps their plans on or before it (the
    amendment holds the person row's lock)."""
    died = changes.get("date_of_death")
    if died is not None:
        _plans_by(session, person, died)
        _moves_by(session, person, died)
    return changes


def _moves_by(session: Session, person: Person, died: date) -> None:
    latest = session.scalar(
        select(func.max(StageTransition.effective_date)).where(
            StageTransition.child_id == person.id,
            StageTransition.status != ENTERED_IN_ERROR,
            StageTransition.to_stage != CLOSING,
        )
    )
    if latest is not None and latest > died:
        raise refuse(
            "/date_of_death",
            f"before the child's move of {latest}",
            "after_death",
            "SOS-STAGE-013",
            f"The child has a move other than a close on {latest}, after this date of death: enter the "
            "move in error first if it did not happen.",
        )


def _plans_by(session: Session, person: Person, died: date) -> None:
    for model, dated in AFTER_DEATH.items():
        for name, what, rule in dated:
            latest = session.scalar(
                select(func.max(getattr(model, name))).where(
                    model.child_id == person.id, model.status != ENTERED_IN_ERROR
                )
            )
            if latest is not None and latest > died:
                raise refuse(
                    "/date_of_death",
                    f"before the {what} of {latest}",
                    "after_death",
                    "SOS-CIN-018",
                    f"A child's plans are not dated after their death: the {what} of {latest} (CIN census "
                    f"rule {rule}).",
                )
