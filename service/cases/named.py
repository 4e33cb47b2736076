"""SOS-CASE-003: a case membership whose person records standing in the case name is not entered in
error. No FastAPI here.

A membership entered in error says the person was never of the case. Records of the case that name
them would then name someone outside it (SOS-CASE-002), and a child's chronology, journey and subject
access export, which find a child's records by these names, would go on showing this family's records
in the file of a child who is not of it. Which records name a person in a case is read from the
schema: a column of a case's record table with a foreign key to ``people.id`` (a record kept for a
child, a relationship, a consent, a feedback's respondent; the memberships themselves apart), and
the lists of children (:data:`CHILDREN_LISTS`).

The kit holds the membership (``SELECT ... FOR UPDATE``) while this counts; a record about to name a
member holds the memberships it checked against (``members_of(..., held=True)``, ``FOR SHARE``), so
the count and a new naming cannot cross (PostgreSQL; SQLite has one writer at a time).
"""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

from sqlalchemy import Column, select
from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import Conflict
from service.kit.records import ENTERED_IN_ERROR
from service.models import Base, CaseMember
from service.models.planning import NetworkMember
from service.people.named import named_by, person_columns

CHILDREN_LISTS = ("children", "audience_children")
"""The columns (and API fields) that name a case's children as a list of person ids: a danger
statement's children and a words and pictures explanation's audience. The chronology finds a child's
records by them too."""


@cache
def _naming() -> tuple[tuple[Column[Any], ...], tuple[Column[Any], ...]]:
    """The person columns and the children lists of the record tables of a case (read once)."""
    memberships = {CaseMember.__table__, NetworkMember.__table__}
    in_a_case = [t for t in Base.metadata.sorted_tables if "case_id" in t.c and t not in memberships]
    tables = set(in_a_case)
    columns = tuple(c for c in person_columns() if c.table in tables)
    lists = tuple(t.c[name] for t in in_a_case if "status" in t.c for name in CHILDREN_LISTS if name in t.c)
    return columns, lists


def named_in_case(session: Session, case_id: uuid.UUID, person_id: uuid.UUID) -> dict[str, int]:
    """How many records standing in the case name the person, by table (only those that do)."""
    columns, lists = _naming()
    counts = named_by(session, person_id, columns, case_id)
    key = str(person_id)
    for column in lists:
        table = column.table
        rows = session.scalars(
            select(column).where(table.c.case_id == case_id, table.c.status != ENTERED_IN_ERROR)
        )
        if found := sum(1 for named in rows if key in {str(i) for i in named or []}):
            counts[table.name] = counts.get(table.name, 0) + found
    return counts


def member_not_named(session: Session, _caller: Caller, member: CaseMember) -> None:
    """Refuse (409) to mark a membership entered in error while records standing in its case name its
    person, unless another membership of theirs in the case stands (the records rest on that one)."""
    other = select(CaseMember.id).where(
        CaseMember.case_id == member.case_id,
        CaseMember.person_id == member.person_id,
        CaseMember.id != member.id,
        CaseMember.status != ENTERED_IN_ERROR,
    )
    if session.scalar(other.limit(1)) is not None:
        return
    counts = named_in_case(session, member.case_id, member.person_id)
    if counts:
        named = ", ".join(f"{table.replace('_', ' ')} ({n})" for table, n in sorted(counts.items()))
        raise Conflict(
            f"Records that stand in this case name this member: {named}. Enter them in error (or amend "
            "them) first, so that no record of the case names someone who was never of it.",
            requirement="SOS-CASE-003",
        )
