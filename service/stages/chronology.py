"""A chronology: every change to the records about a child (or a case), on the day it happened, said in
plain words, each with its source record and version. Read by courts, inspectors and the young person
asking for their file, so it is ordered by practice date (``effective_on``), never by when a change was
typed, and a child's chronology leaves out what is about their siblings only.

:func:`child_versions` is also the journey's selection (one rule of what concerns a child).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.cases.named import CHILDREN_LISTS
from service.kit.records import ENTERED_IN_ERROR
from service.models import CaseMember, RecordVersion
from service.reference_data.registry import code_lists
from service.stages.schemas import Chronology, ChronologyEntry

"""The fields by which a case record names the children it is about (a danger statement's
``children``, the audience of words and pictures). A record naming none is about the whole case."""

CHANGES = {
    "create": "recorded",
    "amend": "amended",
    ENTERED_IN_ERROR: "marked as entered in error (recorded by mistake; kept, not relied on)",
    "withdrawn": "withdrawn: the worry no longer applies",
    "goal_met": "safety goal marked met",
    "informed": "told of a danger statement",
    "superseded": "superseded by a newer version",
}
"""A change in plain words; any other named step is said by its name."""


def case_ids_of(session: Session, child_id: uuid.UUID) -> list[uuid.UUID]:
    """Every case the child is a child member of."""
    return list(
        session.scalars(
            select(CaseMember.case_id)
            .where(CaseMember.person_id == child_id, CaseMember.role == "CHILD")
            .distinct()
        )
    )


def about_child(version: RecordVersion, child_id: uuid.UUID) -> bool:
    """Whether a version of a case record concerns the child: its own records, and the case's records
    unless they name only other children (a sibling's danger statement)."""
    if version.child_id is not None:
        return version.child_id == child_id
    named = [str(c) for name in CHILDREN_LISTS for c in (version.data or {}).get(name) or []]
    return not named or str(child_id) in named


def child_versions(
    session: Session, la_code: str, child_id: uuid.UUID, case_ids: Sequence[uuid.UUID]
) -> list[RecordVersion]:
    """Every version about the child, in practice-date order (then the order it was recorded)."""
    versions = session.scalars(
        select(RecordVersion).where(
            RecordVersion.la_code == la_code,
            or_(
                RecordVersion.child_id == child_id,
                RecordVersion.case_id.in_(case_ids) & RecordVersion.child_id.is_(None),
            ),
        )
    ).all()
    return in_order([v for v in versions if about_child(v, child_id)])


def case_versions(session: Session, la_code: str, case_id: uuid.UUID) -> list[RecordVersion]:
    """Every version of the case's records (each child's too), in practice-date order."""
    query = select(RecordVersion).where(RecordVersion.la_code == la_code, RecordVersion.case_id == case_id)
    return in_order(session.scalars(query).all())


def in_order(versions: Sequence[RecordVersion]) -> list[RecordVersion]:
    return sorted(versions, key=lambda v: (v.effective_on, v.recorded_at, v.version))


def chronology(
    about: str, versions: Sequence[RecordVersion], child_id: uuid.UUID | None, case_ids: list[uuid.UUID]
) -> Chronology:
    """The chronology of ``versions`` (already in order) for ``about`` (the child or the case, in words)."""
    in_error = {v.record_id for v in versions if v.change == ENTERED_IN_ERROR}
    return Chronology(
        about=about,
        child_id=child_id,
        case_ids=case_ids,
        entries=[_entry(v, v.record_id in in_error) for v in versions],
    )


_AS_KEPT = ("record_type", "record_id", "version", "change", "recorded_at", "child_id")
"""The fields a chronology entry takes from the history version as they are, by the same name."""


def _kind_of_amendment(code: str | None) -> str | None:
    """What an amendment said it was, as its code's label reads ("correction"); None when it did not
    say (a code retired since reads as the code)."""
    if code is None:
        return None
    entry = code_lists()["amendment_reason"].codes.get(code)
    return entry.label.lower() if entry else code


def _entry(version: RecordVersion, in_error: bool) -> ChronologyEntry:
    label = version.record_type.replace("_", " ")
    said = CHANGES.get(version.change, version.change.replace("_", " "))
    what = f"{label[:1].upper()}{label[1:]} {said}: {version.summary}"
    kind = _kind_of_amendment(version.reason_code)
    if version.reason and version.change != "create":
        what += f" ({kind or 'reason given'}: {version.reason})"
    elif kind:
        what += f" ({kind})"
    return ChronologyEntry(
        date=version.effective_on,
        what_happened=what,
        who=version.recorded_by,
        record_entered_in_error=in_error,
        **{name: getattr(version, name) for name in _AS_KEPT},
    )


def person_name(person: Any) -> str:
    return f"{person.given_name} {person.family_name}"
