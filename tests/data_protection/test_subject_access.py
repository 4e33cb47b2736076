"""A subject access export of an invented person (GET /v1/people/{id}/subject-access-export): for a
child, every version of every record about the child, in chronology order, as the API showed it, with
the places to review before disclosure marked from the contract's schemas, a sibling's own records
left out; for an adult, their own records, the family's records of their cases and the records naming
them, one kept for a child marked as a whole; the admin or audit scope; audited as one read of the
person."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from service.contract.examples import body
from service.models import AuditEvent
from tests.support import Api, assert_problem, person
from tests.support.planning import danger_statement, etag_headers, family, network_member


def _export(api: Api, person_id: str) -> dict[str, Any]:
    response = api.get(f"/v1/people/{person_id}/subject-access-export")
    assert response.status_code == 200, response.text
    return dict(response.json())


def _marks(entry: dict[str, Any]) -> dict[str, str]:
    return {r["pointer"]: r["category"] for r in entry["redactions"]}


def _resolved(entry: dict[str, Any], pointer: str) -> Any:
    value: Any = entry
    for part in pointer.strip("/").split("/") if pointer else []:
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_every_version_about_the_child_is_exported_in_chronology_order(api: Api) -> None:
    fam = family(api)
    child = fam["child"]["id"]
    danger_statement(api, fam["case_id"], [fam["sibling"]["id"]])  # the sibling's own: left out
    export = _export(api, child)
    chronology = api.get(f"/v1/children/{child}/chronology").json()["entries"]
    assert [(e["record_id"], e["version"]) for e in export["entries"]] == [
        (e["record_id"], e["version"]) for e in chronology
    ]
    statement = next(e for e in export["entries"] if e["record_id"] == fam["statement"]["id"])
    assert statement["record"]["worried_about"] == fam["statement"]["worried_about"]
    marks = _marks(statement)
    assert marks["/who"] == "STAFF"
    assert marks["/record/worried_about"] == "FREE_TEXT"
    assert marks["/record/who_is_worried"] == "THIRD_PARTY"
    for entry in export["entries"]:
        for redaction in entry["redactions"]:
            assert _resolved(entry, redaction["pointer"]) not in (None, "", []), (entry, redaction)


def test_other_people_referred_to_by_id_are_marked_and_named(api: Api) -> None:
    fam = family(api)
    member = network_member(api, fam["case_id"], person_id=fam["mother"]["id"], joined_on="2025-03-25")
    export = _export(api, fam["child"]["id"])
    people = {p["id"]: p for p in export["people"]}
    assert export["people"][0]["person_id"] == fam["child"]["id"]
    assert people[fam["mother"]["id"]]["name"] == "Jo " + fam["mother"]["family_name"]
    joined = next(e for e in export["entries"] if e["record_id"] == member["id"])
    assert _marks(joined)["/record/person_id"] == "THIRD_PARTY"
    assert "Jo" in next(r["note"] for r in joined["redactions"] if r["pointer"] == "/record/person_id")
    own = [
        e
        for e in export["entries"]
        if e["record_id"] == fam["child"]["id"] or e["record"].get("person_id") == fam["child"]["id"]
    ]  # the child's person record and their membership of the case: the child is not another person
    assert {e["record_type"] for e in own} == {"person", "case_member"}
    assert all(c != "THIRD_PARTY" for e in own for c in _marks(e).values()), [_marks(e) for e in own]


def test_an_adults_export_holds_their_familys_records_and_those_naming_them(api: Api) -> None:
    fam = family(api)
    mother, child = fam["mother"]["id"], fam["child"]["id"]
    siblings = danger_statement(api, fam["case_id"], [fam["sibling"]["id"]])
    relationship = api.created(
        f"/v1/cases/{fam['case_id']}/relationships",
        body("create_relationship", person_id=mother, child_id=child),
    )
    export = _export(api, mother)
    assert (export["person_id"], export["case_ids"]) == (mother, [fam["case_id"]])
    assert export["people"][0]["person_id"] == mother
    entries = {e["record_id"]: e for e in export["entries"]}
    # Her own record; the family's records of her case, the one naming only the sibling too.
    assert {mother, fam["case_id"], fam["statement"]["id"], siblings["id"]} <= set(entries)
    assert child not in entries  # the child's own person record does not name her
    kept_for_the_child = _marks(entries[relationship["id"]])
    assert kept_for_the_child[""] == "THIRD_PARTY", kept_for_the_child
    note = next(r["note"] for r in entries[relationship["id"]]["redactions"] if r["pointer"] == "")
    assert fam["child"]["family_name"] in note, note
    assert _marks(entries[fam["statement"]["id"]])["/record/children/0"] == "THIRD_PARTY"
    assert siblings["id"] not in {e["record_id"] for e in _export(api, child)["entries"]}


def _categories(entry: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["pointer"], r["category"]) for r in entry["redactions"]}


def test_a_restricted_person_is_marked_in_anyone_elses_export_not_their_own(api: Api) -> None:
    """SOS-DP-003: the child marked restricted (adopted, say), the mother's export marks every place
    referring to the child by id and the record kept for the child RESTRICTED, and names the child
    as restricted; the child's own export carries no RESTRICTED marker."""
    fam = family(api)
    mother, child = fam["mother"]["id"], fam["child"]["id"]
    relationship = api.created(
        f"/v1/cases/{fam['case_id']}/relationships",
        body("create_relationship", person_id=mother, child_id=child),
    )
    change = {"restricted": True, "amendment_reason": "Adopted: a new identity to protect."}
    amended = api.patch(f"/v1/people/{child}", change, headers=etag_headers(fam["child"]))
    assert amended.status_code == 200 and amended.json()["restricted"] is True, amended.text
    export = _export(api, mother)
    ids = {p["id"] for p in export["people"] if p["person_id"] == child}
    people = export["people"]
    assert ids and all(p["restricted"] == (p["person_id"] == child) for p in people), people
    entries = {e["record_id"]: e for e in export["entries"]}
    assert ("/record/children/0", "RESTRICTED") in _categories(entries[fam["statement"]["id"]])
    assert {("", "THIRD_PARTY"), ("", "RESTRICTED")} <= _categories(entries[relationship["id"]])
    for entry in export["entries"]:
        marked = {pointer for pointer, category in _categories(entry) if category == "RESTRICTED"}
        naming = {pointer for pointer, _ in _categories(entry) if str(_resolved(entry, pointer)) in ids}
        assert naming <= marked, (entry["record_type"], naming, marked)
    own = _export(api, child)
    assert not [c for e in own["entries"] for c in _categories(e) if c[1] == "RESTRICTED"]
    page = api.get(f"/v1/people/{mother}/subject-access-export", params={"format": "html"})
    assert page.status_code == 200 and "(restricted)" in page.text


def test_someone_else_around_the_family_has_only_the_records_naming_them(api: Api) -> None:
    """A grandmother, a member of the case but not a parent: her own records and those naming her,
    not the family's danger statement."""
    fam = family(api)
    grandmother = person(api, given_name="Nan", sex="2", date_of_birth="1960-03-01")
    member = api.created(
        f"/v1/cases/{fam['case_id']}/members",
        body(
            "create_case_member",
            "grandparent",
            person_id=grandmother["id"],
            relationship_to_children="GRANDPARENT",
            joined_on="2025-01-14",
        ),
    )
    entries = {e["record_id"] for e in _export(api, grandmother["id"])["entries"]}
    assert {grandmother["id"], member["id"]} <= entries
    assert not {fam["case_id"], fam["statement"]["id"]} & entries, entries


def _family_with_the_statement_amended(api: Api, change: dict[str, str]) -> dict[str, Any]:
    """The family of tests.support.planning with its danger statement amended once by ``change``."""
    fam = family(api)
    path = f"/v1/danger-statements/{fam['statement']['id']}"
    changed = api.patch(path, change, headers=etag_headers(fam["statement"]))
    assert changed.status_code == 200, changed.text
    return fam


def test_a_correction_is_marked_with_its_reason(api: Api) -> None:
    fam = _family_with_the_statement_amended(
        api, {"impact_on_child": "He falls behind.", "amendment_reason": "Reworded with the family."}
    )
    entries = [
        e for e in _export(api, fam["child"]["id"])["entries"] if e["record_id"] == fam["statement"]["id"]
    ]
    amended = next(e for e in entries if e["version"] == 2)
    assert (amended["reason"], _marks(amended)["/reason"]) == ("Reworded with the family.", "CORRECTED")
    assert "/reason" not in _marks(next(e for e in entries if e["version"] == 1))


def test_the_export_needs_the_admin_or_audit_scope_and_is_audited(
    api: Api, reader_api: Api, other_api: Api, db: Any
) -> None:
    fam = family(api)
    child = fam["child"]["id"]

    def exports() -> int:
        db.expire_all()
        query = select(func.count()).where(AuditEvent.action == "export_subject_access")
        return int(db.scalar(query.where(AuditEvent.record_id == uuid.UUID(child))))

    before = exports()
    _export(api, child)
    assert exports() == before + 1
    assert_problem(reader_api.get(f"/v1/people/{child}/subject-access-export"), 403)
    assert_problem(other_api.get(f"/v1/people/{child}/subject-access-export"), 404)
    assert exports() == before + 1


def test_the_export_is_also_a_page_to_review_with_the_marked_places_highlighted(api: Api) -> None:
    fam = _family_with_the_statement_amended(
        api, {"worried_about": "Mum said <b>no</b> to the visit.", "amendment_reason": "Her words."}
    )
    page = api.get(f"/v1/people/{fam['child']['id']}/subject-access-export", params={"format": "html"})
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "Mum said &lt;b&gt;no&lt;/b&gt; to the visit." in text and "<b>no</b>" not in text
    cell = '<td class="field">/record/worried_about</td><td>Mum said &lt;b&gt;'
    row = text[text.rindex("<tr", 0, text.index(cell)) : text.index(cell)]
    assert row == '<tr class="marked">', row
    assert "FREE_TEXT: Free text" in text and "CORRECTED: Why it was changed" in text
    assert fam["mother"]["id"] in text  # the people referred to by id, at the end
    by_accept = api.get(
        f"/v1/people/{fam['child']['id']}/subject-access-export", headers={"Accept": "text/html"}
    )
    assert by_accept.headers["content-type"].startswith("text/html")
