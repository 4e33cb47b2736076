"""A subject access export of a child's records: every version of every record about the child, in
the order of their chronology, each as the API showed it, with the reason given for the change and
the markers of what an officer reviews before disclosure (redaction.py). No FastAPI here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.data_protection.redaction import entry_markers, ids_in
from service.data_protection.schemas import ExportEntry, NamedPerson, Redaction, SubjectAccessExport
from service.models import CaseMember, Person, RecordVersion
from service.models.planning import NetworkMember
from service.stages.chronology import case_ids_of, child_versions, chronology, person_name


def subject_access_export(session: Session, la_code: str, child: Person) -> SubjectAccessExport:
    case_ids = case_ids_of(session, child.id)
    versions = child_versions(session, la_code, child.id, case_ids)
    story = chronology(person_name(child), versions, child.id, case_ids)
    people = _people(session, la_code, versions)
    others = {key: f"{p.name} ({p.known_as})" for key, p in people.items() if p.person_id != child.id}
    entries = []
    for entry, version in zip(story.entries, versions, strict=True):
        markers = entry_markers(version, entry.record_entered_in_error, story.about, others)
        entries.append(
            ExportEntry(
                **entry.model_dump(),
                reason=version.reason,
                record=version.data or {},
                redactions=[Redaction(pointer=m.pointer, category=m.category, note=m.note) for m in markers],
            )
        )
    return SubjectAccessExport(
        about=story.about,
        child_id=child.id,
        case_ids=case_ids,
        entries=entries,
        people=sorted(people.values(), key=lambda p: (p.person_id != child.id, p.name, str(p.id))),
    )


def _people(session: Session, la_code: str, versions: Sequence[RecordVersion]) -> dict[str, NamedPerson]:
    """Every person the versions refer to by id (a person's own id, a case member's or a network
    member's), each with their name and what the id is, by the id as it appears."""
    ids: set[uuid.UUID] = set()
    for version in versions:
        ids |= ids_in(version.data)
    found: dict[str, NamedPerson] = {}
    for person in session.scalars(select(Person).where(Person.la_code == la_code, Person.id.in_(ids))):
        found[str(person.id)] = NamedPerson(
            id=person.id, person_id=person.id, name=person_name(person), known_as="a person"
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
                id=member_id, person_id=person.id, name=person_name(person), known_as=known_as
            )
    return found
