"""The one path by which a case record is created, read, amended or marked entered in error.

Each path writes the record, its history version and its audit event in the request's single
transaction, so they commit together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from fastapi import Response
from pydantic import BaseModel
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import Conflict, NotFound, PreconditionFailed, PreconditionRequired, field_error
from service.kit.records import RecordType
from service.models import AuditEvent, RecordVersion
from service.models.base import RecordMixin, utcnow

M = TypeVar("M", bound=RecordMixin)
S = TypeVar("S", bound=BaseModel)

ENTERED_IN_ERROR = "entered_in_error"


@dataclass(frozen=True)
class Subject:
    """Whose record this is: the case it sits in and, if it is about one child, that child."""

    case_id: uuid.UUID | None
    child_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RecordKind(Generic[M, S]):
    """How the shared paths treat one type of record."""

    record_type: str
    label: str
    model: type[M]
    to_read: Callable[[Session, M], S]
    subject: Callable[[M], Subject]
    effective_date: Callable[[M], date | None]
    summary: Callable[[M], str]

    def get(self, session: Session, caller: Caller, record_id: uuid.UUID) -> M:
        """Load a record of the caller's authority; anyone else's is exactly as absent as none."""
        record = session.get(self.model, record_id)
        if record is None or record.la_code != caller.la_code:
            raise NotFound(f"There is no {self.label} with id {record_id}.")
        return record

    def read(self, session: Session, caller: Caller, record: M, response: Response | None = None) -> S:
        audit(session, caller, "read", self, [record])
        if response is not None:
            response.headers["ETag"] = etag(record.version)
        return self.to_read(session, record)

    def read_many(self, session: Session, caller: Caller, records: list[M]) -> list[S]:
        audit(session, caller, "read", self, records)
        return [self.to_read(session, r) for r in records]

    def create(self, session: Session, caller: Caller, record: M) -> S:
        now = utcnow()
        record.la_code = caller.la_code
        record.created_at = record.updated_at = now
        record.created_by = record.updated_by = caller.subject
        session.add(record)
        session.flush()
        return self._after_write(session, caller, record, "create", None)

    def amend(
        self,
        session: Session,
        caller: Caller,
        record: M,
        changes: Mapping[str, Any],
        if_match: str | None,
        reason: str | None = None,
        change: str = "amend",
    ) -> S:
        check_if_match(record, if_match)
        if record.status == ENTERED_IN_ERROR:
            raise Conflict(f"This {self.label} was entered in error and can no longer be amended.")
        for name, value in changes.items():
            setattr(record, name, value)
        return self._touch(session, caller, record, change, reason)

    def mark_entered_in_error(
        self, session: Session, caller: Caller, record: M, reason: str, if_match: str | None
    ) -> S:
        check_if_match(record, if_match)
        if record.status == ENTERED_IN_ERROR:
            raise Conflict(f"This {self.label} is already marked entered in error.")
        record.status = ENTERED_IN_ERROR
        record.status_reason = reason
        return self._touch(session, caller, record, ENTERED_IN_ERROR, reason)

    def _touch(self, session: Session, caller: Caller, record: M, change: str, reason: str | None) -> S:
        record.updated_at = utcnow()
        record.updated_by = caller.subject
        session.flush()
        return self._after_write(session, caller, record, change, reason)

    def _after_write(self, session: Session, caller: Caller, record: M, change: str, reason: str | None) -> S:
        snapshot = self.to_read(session, record)
        subject = self.subject(record)
        session.add(
            RecordVersion(
                la_code=record.la_code,
                record_type=self.record_type,
                record_id=record.id,
                version=record.version,
                change=change,
                reason=reason,
                recorded_at=record.updated_at,
                recorded_by=caller.subject,
                case_id=subject.case_id,
                child_id=subject.child_id,
                effective_date=self.effective_date(record),
                summary=self.summary(record)[:300],
                data=snapshot.model_dump(mode="json"),
            )
        )
        audit(session, caller, change, self, [record])
        return snapshot

    def history(self, session: Session, caller: Caller, record: M) -> list[RecordVersion]:
        audit(session, caller, "read_history", self, [record])
        return list(
            session.scalars(
                select(RecordVersion)
                .where(RecordVersion.record_id == record.id)
                .order_by(RecordVersion.version)
            )
        )


def audit(
    session: Session,
    caller: Caller,
    action: str,
    kind: RecordKind[Any, Any] | RecordType[Any],
    records: Iterable[Any],
) -> None:
    """Append one audit event per record touched. Written with the change, in the same transaction.
    (A converted area's :class:`RecordType` is accepted too, for legacy reads of its records.)"""
    rows = []
    now = utcnow()
    for record in records:
        subject = kind.subject(record)
        rows.append(
            {
                "id": uuid.uuid4(),
                "occurred_at": now,
                "la_code": caller.la_code,
                "actor": caller.subject,
                "action": action,
                "record_type": kind.record_type,
                "record_id": record.id,
                "record_version": record.version,
                "case_id": subject.case_id,
                "child_id": subject.child_id,
                "request_id": caller.request_id,
                "correlation_id": caller.correlation_id,
            }
        )
    if rows:
        session.execute(insert(AuditEvent), rows)


def audit_event(
    session: Session,
    caller: Caller,
    action: str,
    record_type: str,
    record_id: uuid.UUID,
    version: int,
    *,
    case_id: uuid.UUID | None = None,
    child_id: uuid.UUID | None = None,
) -> None:
    """Append one audit event for a read that is not of a single record (a journey, a summary)."""
    session.add(
        AuditEvent(
            occurred_at=utcnow(),
            la_code=caller.la_code,
            actor=caller.subject,
            action=action,
            record_type=record_type,
            record_id=record_id,
            record_version=version,
            case_id=case_id,
            child_id=child_id,
            request_id=caller.request_id,
            correlation_id=caller.correlation_id,
        )
    )


def etag(version: int) -> str:
    return f'W/"{version}"'


def check_if_match(record: RecordMixin, if_match: str | None) -> None:
    if if_match is None:
        raise PreconditionRequired(
            "Send If-Match with the ETag you read, so no one else's change is overwritten.",
            errors=[field_error("/If-Match", "missing", "required", location="header")],
            current_version=record.version,
        )
    wanted = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    if "*" not in wanted and str(record.version) not in wanted:
        raise PreconditionFailed(
            f"You sent If-Match {if_match} but the record is at version {record.version}.",
            current_version=record.version,
        )
