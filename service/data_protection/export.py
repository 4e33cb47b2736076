"""A subject access export of a person's records: every version of every record about them, in the
order of their chronology, each as the API showed it, with the reason given for the change and the
markers of what an officer reviews before disclosure (redaction.py). No FastAPI here.

Which records are about a person (a child or an adult, one rule for both):

* their own person record, and every record kept for them (a child's referrals, plans, voice...);
* the records kept for the family, not for one child (the case, its maps, danger statements, safety
  plans...), of the cases they are a child of, or a parent of the children in (mother, father,
  step-parent, a parent's partner: the adults whose care the family's records are about), but for a
  child not those naming only other children (a sibling's danger statement);
* any record of their cases, or of a case whose safety network they are in, that refers to them by
  id: their person id, a case membership or a network membership of theirs (a relationship, a
  consent they gave, an agreement to a plan). Such a record kept for someone else (another child) is
  marked as a whole: it is about another person, and the subject is named in it.

Anyone else around the family (a grandparent, a friend, a foster carer) has the records that name
them, not the family's file. Memberships entered in error do not make anyone a member.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.data_protection.redaction import about_someone_else, entry_markers, ids_in
from service.data_protection.schemas import ExportEntry, NamedPerson, Redaction, SubjectAccessExport
from service.kit.records import ENTERED_IN_ERROR
from service.models import CaseMember, Person, RecordVersion
from service.models.planning import NetworkMember
from service.stages.chronology import about_child, chronology, in_order, person_name

PARENTS = frozenset({"MOTHER", "FATHER", "STEP_PARENT", "PARENT_PARTNER"})
"""The relationships to the children (code list ``relationship_type``) of the adult members whose
care of the children the family's records are about."""


def versions_about(
    session: Session, la_code: str, person: Person
) -> tuple[list[RecordVersion], set[uuid.UUID]]:
    """Every version of every record about the person (the module's rule), in chronology order, and
    the cases they are a member of."""
    memberships = _memberships(session, person.id)
    as_child = {case_id for case_id, role, _ in memberships if role == "CHILD"}
    family_of = as_child | {case_id for case_id, _, related in memberships if related in PARENTS}
    member_of = {case_id for case_id, _, _ in memberships}
    networks = set(
        session.scalars(
            select(NetworkMember.case_id).where(
                NetworkMember.person_id == person.id, NetworkMember.status != ENTERED_IN_ERROR
            )
        )
    )
    ids = {person.id, *_member_ids(session, person.id)}
    versions = [
        v
        for v in _versions(session, la_code, person.id, member_of | networks)
        if _about(v, person.id, ids, family_of, as_child)
    ]
    return versions, member_of


def subject_access_export(session: Session, la_code: str, person: Person) -> SubjectAccessExport:
    versions, member_of = versions_about(session, la_code, person)
    story = chronology(person_name(person), versions, person.id, sorted(member_of, key=str))
    people = _people(session, la_code, versions)
    others = {key: f"{p.name} ({p.known_as})" for key, p in people.items() if p.person_id != person.id}
    restricted = frozenset(key for key, p in people.items() if p.restricted and p.person_id != person.id)
    entries = []
    for entry, version in zip(story.entries, versions, strict=True):
        markers = entry_markers(version, entry.record_entered_in_error, story.about, others, restricted)
        if version.child_id is not None and version.child_id != person.id:
            named = people.get(str(version.child_id))
            kept_for = about_someone_else(
                named.name if named else "another child", str(version.child_id) in restricted
            )
            markers[:0] = kept_for
        entries.append(
            ExportEntry(
                **entry.model_dump(),
                reason=version.reason,
                reason_code=version.reason_code,
                record=version.data or {},
                redactions=[Redaction(pointer=m.pointer, category=m.category, note=m.note) for m in markers],
            )
        )
    return SubjectAccessExport(
        about=story.about,
        person_id=person.id,
        case_ids=story.case_ids,
        entries=entries,
        people=sorted(people.values(), key=lambda p: (p.person_id != person.id, p.name, str(p.id))),
    )


def _memberships(session: Session, person_id: uuid.UUID) -> list[tuple[uuid.UUID, str, str | None]]:
    """(case, role, relationship to the children) of each membership of the person not entered in
    error."""
    rows = session.execute(
        select(CaseMember.case_id, CaseMember.role, CaseMember.relationship_to_children).where(
            CaseMember.person_id == person_id, CaseMember.status != ENTERED_IN_ERROR
        )
    )
    return [(case_id, role, related) for case_id, role, related in rows]


def _member_ids(session: Session, person_id: uuid.UUID) -> set[uuid.UUID]:
    """The ids of the person's case and network memberships (any status: a record naming one names
    them)."""
    found: set[uuid.UUID] = set()
    for model in (CaseMember, NetworkMember):
        found |= set(session.scalars(select(model.id).where(model.person_id == person_id)))
    return found


def _versions(
    session: Session, la_code: str, person_id: uuid.UUID, case_ids: set[uuid.UUID]
) -> list[RecordVersion]:
    """Every version that may be about the person: theirs, kept for them, or of the cases named."""
    query = select(RecordVersion).where(
        RecordVersion.la_code == la_code,
        or_(
            RecordVersion.record_id == person_id,
            RecordVersion.child_id == person_id,
            RecordVersion.case_id.in_(case_ids),
        ),
    )
    return in_order(session.scalars(query).all())


def _about(
    version: RecordVersion,
    person_id: uuid.UUID,
    ids: set[uuid.UUID],
    family_of: set[uuid.UUID],
    as_child: set[uuid.UUID],
) -> bool:
    """Whether a version is about the person (see the module's rule): ``family_of`` the cases whose
    family records are theirs, ``as_child`` those of them they are a child of."""
    if version.record_id == person_id or version.child_id == person_id:
        return True
    kept_for_the_family = version.child_id is None and version.case_id in family_of
    if kept_for_the_family and (version.case_id not in as_child or about_child(version, person_id)):
        return True
    return bool(ids & ids_in(version.data))


def _people(session: Session, la_code: str, versions: Sequence[RecordVersion]) -> dict[str, NamedPerson]:
    """Every person the versions refer to by id (a person's own id, a case member's or a network
    member's), each with their name and what the id is, by the id as it appears."""
    ids: set[uuid.UUID] = set()
    for version in versions:
        ids |= ids_in(version.data)
    found: dict[str, NamedPerson] = {}
    for person in session.scalars(select(Person).where(Person.la_code == la_code, Person.id.in_(ids))):
        found[str(person.id)] = NamedPerson(
            id=person.id,
            person_id=person.id,
            name=person_name(person),
            known_as="a person",
            restricted=person.restricted,
        )
    for model, known_as in (
        (CaseMember, "a member of a case"),
        (NetworkMember, "a member of a safety network"),
    ):
        rows = session.execute(
            select(model.id, Person)
            .join(Person, Person.id == model.person_id)
            .where(model.la_code == la_code, model.id.in_(ids))
        )
        for member_id, person in rows:
            found[str(member_id)] = NamedPerson(
                id=member_id,
                person_id=person.id,
                name=person_name(person),
                known_as=known_as,
                restricted=person.restricted,
            )
    return found
