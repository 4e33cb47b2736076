"""Tables that belong to the service rather than to a family's record."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, new_id, utcnow


class LocalAuthority(Base):
    __tablename__ = "local_authorities"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class SigningKey(Base):
    """Keys of the embedded token issuer. Kept in the database so every process shares them."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(16))
    private_pem: Mapped[str] = mapped_column(Text)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CodeList(Base):
    __tablename__ = "code_lists"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(String(500))
    licence: Mapped[str] = mapped_column(String(200))
    statutory: Mapped[bool] = mapped_column(Boolean)


class Code(Base):
    __tablename__ = "codes"

    list_id: Mapped[str] = mapped_column(String(64), ForeignKey("code_lists.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[str | None] = mapped_column(String(7))
    valid_to: Mapped[str | None] = mapped_column(String(7))


class AuditEvent(Base):
    """Append-only: the API offers no way to change or delete one, and the database refuses to."""

    __tablename__ = "audit_events"
    # Written on every read, so indexed sparingly: by time (rows arrive in time order, ids are
    # time-ordered), by child (the events of records kept for one child) and by the client's
    # X-Request-ID where it sent one (what a supplier's test looks up; migration 0019). A look-up by the
    # service's own request id reads the time its id carries (service/audit/endpoints.py). Lookups by
    # record or case, and a person's access log (the records about them, worked out first), scan the
    # authority's events in time order; give them updated_since to bound the scan.
    __table_args__ = (
        Index("ix_audit_events_la_code_occurred_at", "la_code", "occurred_at"),
        Index("ix_audit_events_child_id", "child_id"),
        Index(
            "ix_audit_events_la_code_correlation_id",
            "la_code",
            "correlation_id",
            sqlite_where=text("correlation_id IS NOT NULL"),
            postgresql_where=text("correlation_id IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    la_code: Mapped[str] = mapped_column(String(3))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    record_version: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    child_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    request_id: Mapped[str] = mapped_column(String(100))
    correlation_id: Mapped[str | None] = mapped_column(String(100))


class RecordVersion(Base):
    """Every version of every case record, as the API showed it, with who made it and why."""

    __tablename__ = "record_versions"
    __table_args__ = (
        UniqueConstraint("record_id", "version"),
        Index("ix_record_versions_case_id_effective_date", "case_id", "effective_date"),
        Index("ix_record_versions_child_id", "child_id"),
        Index("ix_record_versions_case_id_effective_on", "case_id", "effective_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    la_code: Mapped[str] = mapped_column(String(3))
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(2000))
    reason_code: Mapped[str | None] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    child_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    effective_date: Mapped[date | None]
    # The practice date this version is about (the day the change happened, not the day it was typed):
    # the journey and the chronology are in this order.
    effective_on: Mapped[date]
    summary: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict[str, Any]]


class IdempotencyKey(Base):
    """The first response to a POST with an ``Idempotency-Key``, kept so a retry replays it."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("la_code", "actor", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    la_code: Mapped[str] = mapped_column(String(3))
    actor: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[dict[str, Any] | None]
    response_body: Mapped[str | None] = mapped_column(Text)
