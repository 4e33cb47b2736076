"""Practice dates and the chronology: every change on the day it happened, not the day it was sent."""

from __future__ import annotations

from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory
from sos_conformance.expect import check, expect_status, json_body
from sos_conformance.plugin import area, requirement

pytestmark = area("stages", "core")


def _chronology(api: Api, path: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json_body(expect_status(api.get(path), 200))["entries"]
    return entries


@requirement("SOS-CHRON-001")
@pytest.mark.check("SOS-CHK-CHRON-001")
def test_changes_are_dated_by_the_practice_date_they_were_given(api: Api, make: Factory) -> None:
    """An amendment and an entered-in-error sent with practice dates appear on those dates in the
    record's history and in the child's and the case's chronology, in date order, whatever day they
    were sent; the chronology is also a printable page."""
    the_case, child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}"
    expect_status(
        api.patch(path, {"title": make.label("re-titled")}, headers={"If-Match": 'W/"1"'}, on="2025-02-03"),
        200,
    )
    expect_status(
        api.post(
            f"{path}/entered-in-error",
            {"reason": "Conformance: opened twice.", "effective_on": "2025-02-05"},
            headers={"If-Match": 'W/"2"'},
        ),
        200,
    )
    history = json_body(expect_status(api.get(f"{path}/history"), 200))["versions"]
    dates = [v.get("effective_on") for v in history]
    check(
        dates[1:] == ["2025-02-03", "2025-02-05"],
        "versions 2 and 3 on 2025-02-03 and 2025-02-05",
        repr(dates),
    )
    for about in (f"/v1/children/{child['id']}/chronology", f"{path}/chronology"):
        entries = _chronology(api, about)
        mine = [(e["version"], e["date"]) for e in entries if e["record_id"] == the_case["id"]]
        check(
            mine[1:] == [(2, "2025-02-03"), (3, "2025-02-05")],
            f"{about} lists the amendment and the error on their practice dates",
            repr(mine),
        )
        days = [e["date"] for e in entries]
        check(days == sorted(days), f"{about} in practice-date order", repr(days))
    page = expect_status(
        api.get(f"/v1/children/{child['id']}/chronology", headers={"Accept": "text/html"}), 200
    )
    check(
        page.headers.get("content-type", "").startswith("text/html") and "2025-02-05" in page.text,
        "a printable HTML page listing the dates",
        page.headers.get("content-type", ""),
        page,
    )
