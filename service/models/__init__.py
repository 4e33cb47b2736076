"""All table models, so Alembic and the app see one metadata."""

from service.models import assessment, care, planning, qa, statutory  # noqa: F401  (their tables join the metadata)
from service.models.base import Base, index_pages
from service.models.core import Case, CaseMember, Person, StageTransition
from service.models.system import (
    AuditEvent,
    Code,
    CodeList,
    IdempotencyKey,
    LocalAuthority,
    RecordVersion,
    SigningKey,
)

index_pages(Base)

__all__ = [
    "AuditEvent",
    "Base",
    "Case",
    "CaseMember",
    "Code",
    "CodeList",
    "IdempotencyKey",
    "LocalAuthority",
    "Person",
    "RecordVersion",
    "SigningKey",
    "StageTransition",
]
