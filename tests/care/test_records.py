"""Every looked-after and care-leaver record: create, read, list (one child's), amend, entered in
error and history, from the operation's registered examples."""

from __future__ import annotations

from typing import Any

import pytest

from service.care.kinds import ALL
from service.examples import examples_for
from tests.support import Api
from tests.support.care import Child


def _segment(kind: Any) -> str:
    return str(kind.parent.segment)


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.name)
def test_the_record_lives_its_whole_life(api: Api, kind: Any) -> None:
    child = Child(api)
    made = child.made(_segment(kind), f"create_{kind.name}")
    path = f"{kind.path}/{made['id']}"
    assert made["version"] == 1 and made["case_id"] == child.case and made["child_id"] == child.child
    assert api.get(path).json()["id"] == made["id"]

    other = Child(api)
    listed = api.get(f"/v1/cases/{child.case}/{_segment(kind)}", params={"child_id": child.child}).json()
    assert [r["id"] for r in listed["items"]] == [made["id"]]
    assert (
        api.get(f"/v1/cases/{child.case}/{_segment(kind)}", params={"child_id": other.child}).json()["items"]
        == []
    )

    amend = examples_for(f"amend_{kind.name}")
    assert amend is not None
    change = dict(next(iter(amend.valid.values())).value)
    amended = api.patch(path, change, headers={"If-Match": 'W/"1"'})
    assert amended.status_code == 200, amended.text
    field = next(name for name in change if name != "amendment_reason")
    assert amended.json()[field] == change[field] and amended.json()["version"] == 2

    gone = api.post(
        f"{path}/entered-in-error", {"reason": "Recorded on the wrong child"}, headers={"If-Match": 'W/"2"'}
    )
    assert gone.status_code == 200, gone.text
    assert api.get(path).json()["status"] == "entered_in_error"

    history = api.get(f"{path}/history").json()["versions"]
    assert [v["version"] for v in history] == [1, 2, 3]
