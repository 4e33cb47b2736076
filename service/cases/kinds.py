"""The case and case member record types."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path

from service.cases import named, rules, schemas
from service.kit.records import Consistent, Creating, Listing, Parent, RecordType, Subject
from service.models import Case, CaseMember

CASE = RecordType(
    name="case",
    model=Case,
    schemas=schemas,
    subject=lambda c: Subject(case_id=c.id),
    effective_date=lambda c: c.opened_on,
    summary=lambda c: f"Case opened: {c.title}",
    creating=Creating(
        summary="Open a case",
        description=(
            "Opens a family's working file. Add its children and adults with create_case_member, then bring "
            "each child to the front door with record_stage_transition."
        ),
        requirements=("SOS-REC-001",),
    ),
    listing=Listing(
        description=(
            "The authority's cases, oldest change first, a page at a time; `updated_since` for syncing."
        ),
    ),
)

CASE_MEMBER = RecordType(
    name="case_member",
    model=CaseMember,
    schemas=schemas,
    parent=Parent(CASE, segment="members"),
    subject=lambda m: Subject(case_id=m.case_id, child_id=m.person_id if m.role == "CHILD" else None),
    effective_date=lambda m: m.joined_on,
    summary=lambda m: f"{m.role.title()} joined the case",
    creating=Creating(
        summary="Add a member to a case",
        description="Adds a child or an adult (a person of the same authority) to the case.",
        build=rules.new_member,
        requirements=("SOS-CASE-001",),
    ),
    listing=Listing(
        summary="List a case's members",
        description="The children and adults of one case, a page at a time.",
    ),
    consistent=Consistent(rules.check_member, ("role", "relationship_to_children", "joined_on", "left_on")),
    derive=rules.member_reads,
    before_entered_in_error=named.member_not_named,
    requirements={"entered_in_error": ["SOS-CASE-003"]},
)

CaseId = Annotated[uuid.UUID, Path(description="The case's id.")]
"""The case in a path, for an area's own operations under ``/v1/cases/{case_id}/...``."""
