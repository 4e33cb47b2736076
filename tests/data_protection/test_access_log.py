"""A person's access log (GET /v1/people/{id}/access-log, SOS-DP-004): every audit event of a record
about the person, by the subject access export's rule, so the reads of the family's records (the map,
the danger statements, the safety plan: kept for the case, not one child) are there beside those of
the child's own; a sibling's own records are not; oldest first, a page at a time; the audit scope;
each page itself a read of the person."""

from __future__ import annotations

from typing import Any

from tests.support import Api, assert_problem, person
from tests.support.planning import danger_statement, family


def _log(api: Api, person_id: str, **params: Any) -> list[dict[str, Any]]:
    """Every event of the person's access log, page after page."""
    events: list[dict[str, Any]] = []
    cursor = None
    while True:
        response = api.get(
            f"/v1/people/{person_id}/access-log", params={**params, **({"cursor": cursor} if cursor else {})}
        )
        assert response.status_code == 200, response.text
        page = response.json()
        events += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return events


def test_the_reads_of_the_familys_records_are_in_the_childs_log_and_a_siblings_own_are_not(
    api: Api, reader_api: Api
) -> None:
    fam = family(api)
    child, sibling = fam["child"]["id"], fam["sibling"]["id"]
    theirs = danger_statement(api, fam["case_id"], [sibling])  # the sibling's own statement
    reader_api.get(f"/v1/danger-statements/{fam['statement']['id']}")  # kept for the case, about the child
    reader_api.get(f"/v1/danger-statements/{theirs['id']}")
    reader_api.get(f"/v1/people/{child}")

    def reads(events: list[dict[str, Any]]) -> set[tuple[str, str]]:
        return {(e["record_id"], e["actor"]) for e in events if e["action"] == "read"}

    log = _log(api, child)
    assert (fam["statement"]["id"], "test-reader-990") in reads(log)
    assert (child, "test-reader-990") in reads(log)
    assert theirs["id"] not in {e["record_id"] for e in log}
    # The same family record is in the sibling's log only where it is theirs.
    assert (theirs["id"], "test-reader-990") in reads(_log(api, sibling))
    # The old way (events naming the child) misses the family's records.
    by_child = api.get("/v1/audit-events", params={"child_id": child, "limit": 100}).json()["items"]
    assert fam["statement"]["id"] not in {e["record_id"] for e in by_child}


def test_the_log_is_oldest_first_a_page_at_a_time_and_each_page_is_a_read_of_the_person(api: Api) -> None:
    fam = family(api)
    child = fam["child"]["id"]
    path = f"/v1/people/{child}/access-log"
    whole = _log(api, child)
    assert len(whole) > 4 and whole[-1]["action"] == "read_access_log"  # the read of this page, last
    pages, cursor, paged = 0, None, []
    while pages == 0 or cursor:
        page = api.get(path, params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        pages, cursor, paged = pages + 1, page["next_cursor"], paged + page["items"]
    assert [e["id"] for e in paged[: len(whole)]] == [e["id"] for e in whole]
    assert [(e["occurred_at"], e["id"]) for e in paged] == sorted((e["occurred_at"], e["id"]) for e in paged)
    last = api.get(path, params={"limit": 100}).json()["items"]
    assert [e["action"] for e in last].count("read_access_log") == 1 + pages + 1


def test_the_log_needs_the_audit_scope_and_another_authoritys_person_is_not_found(
    api: Api, reader_api: Api, other_api: Api
) -> None:
    someone = person(api)["id"]
    assert_problem(reader_api.get(f"/v1/people/{someone}/access-log"), 403)
    assert_problem(other_api.get(f"/v1/people/{someone}/access-log"), 404)
    assert [e["action"] for e in _log(api, someone)] == ["create", "read_access_log"]  # nothing refused
