"""Lists: cursor pagination walked page by page, limits, and updated_since."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, moment, pages, since
from sos_conformance.expect import check, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement

pytestmark = area("lists", "core")


def _walk(api: Api, path: str, params: dict[str, object]) -> list[tuple[str, str]]:
    """Every item of every page, as (id, updated_at): a record changed by someone else during the walk
    rightly comes back later at its new updated_at; the same version twice is a paging fault."""
    seen: list[tuple[str, str]] = []
    for response, items in pages(api, path, params):
        body = json_body(response)
        link = response.headers.get("Link", "")
        if body.get("next_cursor"):
            check(
                'rel="next"' in link,
                'a Link: <...>; rel="next" header on a page with next_cursor',
                f"Link: {link or '(none)'}",
                response,
            )
        check(
            len(items) <= int(str(params.get("limit", 50))),
            f"at most {params.get('limit', 50)} items",
            f"{len(items)} items",
            response,
        )
        seen.extend((str(i["id"]), str(i.get("updated_at"))) for i in items)
    return seen


@pytest.mark.check("SOS-CHK-LIST-001")
@requirement("SOS-LIST-001")
def test_walking_a_nested_list_returns_each_record_once(api: Api, make: Factory) -> None:
    """A case with three members walked with limit=1: three pages, each member once."""
    the_case = make.case()
    ids = {make.member(the_case["id"], make.person()["id"])["id"] for _ in range(3)}
    seen = [record_id for record_id, _ in _walk(api, f"/v1/cases/{the_case['id']}/members", {"limit": 1})]
    check(sorted(seen) == sorted(ids), "each of the 3 members exactly once", f"{len(seen)} items: {seen}")


@pytest.mark.check("SOS-CHK-LIST-002")
@requirement("SOS-LIST-001")
def test_walking_a_busy_list_returns_each_record_once(api: Api, make: Factory) -> None:
    """The top-level case list walked with limit=2, while others may be writing: each of our new cases
    once, and no version of any case twice (a case another writer changes during the walk comes back
    at its new updated_at, which keyset paging on (updated_at, id) rightly does)."""
    mine = [make.case() for _ in range(3)]
    versions = _walk(api, "/v1/cases", {"limit": 2, "updated_since": since(mine[0])})
    duplicates = sorted({v for v in versions if versions.count(v) > 1})
    check(not duplicates, "no record twice across pages (at the same updated_at)", f"duplicates {duplicates}")
    seen = [record_id for record_id, _ in versions]
    for record in mine:
        check(seen.count(record["id"]) == 1, f"case {record['id']} once", f"{seen.count(record['id'])} times")


@pytest.mark.check("SOS-CHK-LIST-003")
@requirement("SOS-LIST-001")
def test_limit_bounds(api: Api, make: Factory) -> None:
    """limit 1 to 100 is accepted; 0 and 101 are 422; the default page holds at most 50."""
    make.case()
    expect_status(api.get("/v1/cases", params={"limit": 100}), 200)
    expect_problem(api.get("/v1/cases", params={"limit": 101}), 422)
    expect_problem(api.get("/v1/cases", params={"limit": 0}), 422)
    response = expect_status(api.get("/v1/cases"), 200)
    check(
        len(json_body(response)["items"]) <= 50,
        "at most 50 items by default",
        f"{len(json_body(response)['items'])} items",
        response,
    )


@pytest.mark.check("SOS-CHK-LIST-004")
@requirement("SOS-LIST-002")
def test_updated_since_filters_in_a_stable_order(api: Api, make: Factory) -> None:
    """updated_since returns records changed at or after it, oldest change first."""
    first = make.case()
    later = make.case()
    items = [
        i
        for _, page in pages(api, "/v1/cases", {"updated_since": later["updated_at"], "limit": 100})
        for i in page
    ]
    ids = [i["id"] for i in items]
    check(later["id"] in ids, "the case changed at updated_since", "missing")
    check(
        first["id"] not in ids or moment(first["updated_at"]) >= moment(later["updated_at"]),
        "no case changed before updated_since",
        "an older case was listed",
    )
    moments = [moment(i["updated_at"]) for i in items]
    check(moments == sorted(moments), "items in updated_at order", "out of order")
    future = moment(later["updated_at"]) + timedelta(days=1)
    none = json_body(expect_status(api.get("/v1/cases", params={"updated_since": future.isoformat()}), 200))
    check(none["items"] == [], "no cases changed after tomorrow", f"{len(none['items'])} items")
