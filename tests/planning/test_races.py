"""A map version (SOS-NET-004) or a network member (SOS-NET-008) marked entered in error while
network meetings are recorded citing it, 20 clients against two service processes on the run's
database (SQLite, or PostgreSQL with SOS_TEST_POSTGRES_URL). A meeting's check reads the map under
its row lock, so the marking waits for the meetings already checking it: every meeting saved citing
the map was saved before the map was marked; every later one is refused naming map_id. A request
that keeps losing lock races to the others (units run in batches, so two batches can take the case
and the map in opposite orders; the database breaks the deadlock and the unit runs again, five times
at most) is answered 503 with Retry-After, nothing of it saved; no other 5xx."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from service.contract.examples import body
from service.models.assessment import AssessmentMap
from service.models.planning import NetworkMeeting, NetworkMember
from tests.support import Api
from tests.support.assessment import map_body
from tests.support.planning import family, network_member
from tests.support.races import busy_ones_say_when, marking_while_naming, never_both, race, statuses

ROUNDS = 3


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_meeting_cites_a_map_after_it_was_marked_in_error(
    api: Api, tokens: dict[str, str], two_processes: str, db: Any, round_: int
) -> None:
    fam = family(api)
    made = api.created(f"/v1/cases/{fam['case_id']}/maps", map_body(fam["child"]["id"]))
    meeting = body("create_network_meeting", attendees=[{"name": "Racer"}], map_id=made["id"])

    def send(http: httpx.Client, i: int) -> httpx.Response:
        if i == 0:
            marking = {"reason": "Mapped on the wrong case."}
            path = f"/v1/maps/{made['id']}/entered-in-error"
            return http.post(path, json=marking, headers={"If-Match": 'W/"1"'})
        return http.post(f"/v1/cases/{fam['case_id']}/network/meetings", json=meeting)

    responses = race(two_processes, tokens["writer"], send)
    counts = statuses(responses[1:])
    assert responses[0].status_code in (200, 503) and set(counts) <= {201, 422, 503}, counts
    busy_ones_say_when(responses)
    for refused in (r for r in responses[1:] if r.status_code == 422):
        assert [e["pointer"] for e in refused.json()["errors"]] == ["/map_id"], refused.text
    map_id = uuid.UUID(made["id"])
    status, marked_at = db.execute(
        select(AssessmentMap.status, AssessmentMap.updated_at).where(AssessmentMap.id == map_id)
    ).one()
    saved_at = list(db.scalars(select(NetworkMeeting.created_at).where(NetworkMeeting.map_id == map_id)))
    db.rollback()
    assert len(saved_at) == counts[201]
    assert (status == "entered_in_error") == (responses[0].status_code == 200)
    if status == "entered_in_error":
        assert all(at < marked_at for at in saved_at), (marked_at, saved_at)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_meeting_names_a_member_after_it_was_marked_in_error(
    api: Api, tokens: dict[str, str], two_processes: str, db: Any, round_: int
) -> None:
    """SOS-NET-008: half the clients mark a network member entered in error while the others record
    meetings naming it. The meetings hold the member (FOR SHARE) and the marking holds it (FOR UPDATE):
    either no marking is saved (each refused 409 because a meeting names the member, or 412 as the
    member changed), or the member is marked and no meeting names it (each refused 422, or saved before
    the marking and so refusing it)."""
    fam = family(api)
    nana = network_member(api, fam["case_id"])
    meeting = body("create_network_meeting", attendees=[{"network_member_id": nana["id"]}])
    meetings = f"/v1/cases/{fam['case_id']}/network/meetings"
    marking = (f"/v1/network-members/{nana['id']}", 'W/"1"')
    markings, saved = marking_while_naming(two_processes, tokens["writer"], marking, (meetings, meeting))
    never_both(db, (NetworkMember, nana["id"]), (NetworkMeeting, fam["case_id"]), markings, saved)
