"""Data every installation needs: the demo authorities, the signing key and the code lists.

Safe to run again on the same database: each step only adds or updates what differs.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.kit.auth import ensure_signing_key
from service.models import Code, CodeList, LocalAuthority
from service.reference_data.registry import code_lists

DEMO_AUTHORITIES = {"990": "Eastmoor (invented demo authority)", "991": "Westfold (invented demo authority)"}


def ensure_authorities(session: Session) -> None:
    for code, name in DEMO_AUTHORITIES.items():
        existing = session.get(LocalAuthority, code)
        if existing is None:
            session.add(LocalAuthority(code=code, name=name))
        else:
            existing.name = name


def load_reference_data(session: Session) -> int:
    """Mirror the shipped code lists into the database; returns the number of codes."""
    total = 0
    for code_list in code_lists().values():
        row = session.get(CodeList, code_list.id) or CodeList(id=code_list.id)
        row.version, row.title, row.owner = code_list.version, code_list.title, code_list.owner
        row.source_url, row.licence, row.statutory = (
            code_list.source_url,
            code_list.licence,
            code_list.statutory,
        )
        session.merge(row)
        session.flush()
        stored = {c.code: c for c in session.scalars(select(Code).where(Code.list_id == code_list.id))}
        for entry in code_list.codes.values():
            code = stored.pop(entry.code, None) or Code(list_id=code_list.id, code=entry.code)
            code.label, code.definition = entry.label, entry.definition
            code.valid_from, code.valid_to = entry.valid_from, entry.valid_to
            session.merge(code)
            total += 1
        if stored:  # codes removed from a file: the file is the source; old records keep their values
            session.execute(delete(Code).where(Code.list_id == code_list.id, Code.code.in_(list(stored))))
    return total


def bootstrap(session: Session) -> int:
    ensure_authorities(session)
    ensure_signing_key(session)
    return load_reference_data(session)
