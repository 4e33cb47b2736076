"""Where a record type may hold what a subject access export marks, found from its read schema
(service/data_protection/redaction.py): staff and naming fields by name, free text by its declared
length, nested shapes and lists followed; codes, dates and short text never marked."""

from __future__ import annotations

from types import SimpleNamespace

import service.main  # noqa: F401  (imports every area, so every record type is declared)
from service.data_protection.redaction import entry_markers, field_markers


def _marked(record_type: str) -> dict[tuple[str, ...], str]:
    return dict(field_markers(record_type))


def test_free_text_and_names_are_found_in_the_schema_not_listed_per_type() -> None:
    statement = _marked("danger_statement")
    assert statement[("worried_about",)] == "FREE_TEXT"
    assert statement[("who_is_worried",)] == "THIRD_PARTY"
    assert statement[("created_by",)] == "STAFF"
    assert ("family_position",) not in statement  # a code
    assert ("written_on",) not in statement  # a date
    meeting = _marked("network_meeting")
    assert meeting[("attendees", "*", "name")] == "THIRD_PARTY"
    assert _marked("cp_conference")[("chair",)] == "STAFF"
    assert _marked("no_such_record") == {}


def test_an_entry_marks_what_it_holds_and_another_persons_id() -> None:
    version = SimpleNamespace(
        change="amend",
        reason="Reworded.",
        record_type="network_meeting",
        data={"attendees": [{"name": "Aunt Sal"}, {"network_member_id": "m-1", "name": None}], "purpose": ""},
    )
    others = {"m-1": "Sal (a member)"}
    marks = {(m.pointer, m.category) for m in entry_markers(version, True, "Leo", others, frozenset())}
    assert {
        ("/who", "STAFF"),
        ("", "CORRECTED"),
        ("/reason", "CORRECTED"),
        ("/record/attendees/0/name", "THIRD_PARTY"),
        ("/record/attendees/1/network_member_id", "THIRD_PARTY"),
    } == marks
    named_leo = SimpleNamespace(
        change="create", reason=None, record_type="network_meeting", data={"attendees": [{"name": "Leo"}]}
    )
    assert {m.pointer for m in entry_markers(named_leo, False, "Leo", {}, frozenset())} == {"/who"}
    restricted = entry_markers(version, False, "Leo", others, frozenset({"m-1"}))
    pointer = "/record/attendees/1/network_member_id"
    assert (pointer, "RESTRICTED") in {(m.pointer, m.category) for m in restricted}
