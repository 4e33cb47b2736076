"""The rules of a record that something was shared with the family: what was shared (a map version, a
danger statement or a safety plan version of this case, at a version it has had) and with whom (the
case's members and its safety network by person id, anyone else by name)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import RuleViolation, field_error, refuse
from service.kit.records import ENTERED_IN_ERROR
from service.models import Case
from service.models.assessment import AssessmentMap, DangerStatement
from service.models.base import RecordMixin
from service.models.planning import SafetyPlan
from service.planning.rules import carers_and_network, named_outside, refuse_entries

SHAREABLE: dict[str, type[RecordMixin]] = {
    "map_id": AssessmentMap,
    "danger_statement_id": DangerStatement,
    "safety_plan_id": SafetyPlan,
}
"""Each kind of record that can be shared with the family, by the field naming it."""


def what_was_shared(record: Any) -> str:
    """``map``, ``danger statement`` or ``safety plan``: the kind of record a sharing names."""
    field = next((name for name in SHAREABLE if getattr(record, name, None) is not None), "record_id")
    return field.removesuffix("_id").replace("_", " ")


def _refused(pointer: str, detail: str, message: str) -> RuleViolation:
    return refuse(pointer, detail, "reference_not_found", "SOS-FAM-001", message)


def shared_version(session: Session, case_id: uuid.UUID, data: dict[str, Any]) -> int:
    """The version of the shared record (the current one when not given), refusing anything but exactly
    one record of this case, not entered in error, at a version it has had. The record is locked so
    that it cannot be marked entered in error while this is written."""
    named = [name for name in SHAREABLE if data.get(name) is not None]
    if len(named) != 1:
        raise RuleViolation(
            "Name exactly one record shared: a map_id, a danger_statement_id or a safety_plan_id.",
            errors=[
                field_error(f"/{n}", "give exactly one of these", "one_of_three") for n in named or SHAREABLE
            ],
            requirement="SOS-FAM-001",
        )
    field = named[0]
    item = session.get(SHAREABLE[field], data[field], with_for_update=True)
    if item is None or getattr(item, "case_id", None) != case_id or item.status == ENTERED_IN_ERROR:
        kind = field.removesuffix("_id").replace("_", " ")
        raise _refused(
            f"/{field}", f"not a {kind} of this case", "What was shared must be a record of this case."
        )
    version = data.get("item_version")
    if version is not None and version > item.version:
        raise _refused(
            "/item_version",
            "a version the record has not had",
            f"That record has no version {version} yet (its current version is {item.version}).",
        )
    return int(version or item.version)


def check_recipients(session: Session, case_id: uuid.UUID, shared_with: Sequence[dict[str, Any]]) -> None:
    """Everyone named by person id is a current member of the case or of its safety network."""
    allowed = {str(p) for p in carers_and_network(session, case_id)}
    wrong = named_outside(
        shared_with, "shared_with", "person_id", allowed, "not a member of this case or its network"
    )
    refuse_entries(
        wrong,
        "Someone it was shared with is named by id but is not a member of this case or its network.",
        "SOS-FAM-002",
    )


def new_sharing(session: Session, _caller: Caller, case: Case, body: Any) -> dict[str, Any]:
    data = body.model_dump()
    check_recipients(session, case.id, data["shared_with"])
    version = shared_version(session, case.id, data)
    return {**data, "item_version": version, "case_id": case.id}
