"""A network member's relationship to each child of the case, beside the single relationship_to_child
(kept): each entry a child member of this case, each child once; refusals name SOS-NET-007 and write
nothing."""

from __future__ import annotations

from service.models.planning import NetworkMember
from tests.support.planning import etag_headers, family, network_member, refused


def test_a_member_is_related_to_each_child_in_their_own_way(api, db):
    fam = family(api)
    per_child = [
        {"child_id": fam["child"]["id"], "relationship": "GRANDPARENT"},
        {"child_id": fam["sibling"]["id"], "relationship": "OTHER"},
    ]
    member = network_member(
        api, fam["case_id"], relationship_to_child="GRANDPARENT", relationship_to_children=per_child
    )
    assert member["relationship_to_child"] == "GRANDPARENT"
    assert member["relationship_to_children"] == per_child
    plain = network_member(api, fam["case_id"])
    assert plain["relationship_to_children"] == []
    path = f"/v1/network-members/{plain['id']}"
    changed = api.patch(
        path,
        {"relationship_to_children": per_child[:1], "effective_on": "2025-05-01"},
        headers=etag_headers(plain),
    )
    assert changed.status_code == 200, changed.text
    assert api.get(path).json()["relationship_to_children"] == per_child[:1]


def test_per_child_relationships_name_children_of_this_case_once_each(api, db):
    fam = family(api)
    other = family(api)
    members = f"/v1/cases/{fam['case_id']}/network/members"
    existing = network_member(api, fam["case_id"])
    body = {
        k: v
        for k, v in api.get(f"/v1/network-members/{existing['id']}").json().items()
        if k in ("relationship_to_child", "roles", "naturally_connected", "joined_on")
    }
    newcomer = network_member(api, other["case_id"])["person_id"]  # a person, free to join this case

    def with_children(*entries):
        return {**body, "person_id": newcomer, "relationship_to_children": list(entries)}

    mine = {"child_id": fam["child"]["id"], "relationship": "GRANDPARENT"}
    cases = (
        ({"child_id": other["child"]["id"], "relationship": "GRANDPARENT"},),  # another case's child
        ({"child_id": fam["mother"]["id"], "relationship": "GRANDPARENT"},),  # an adult of this case
        (mine, {**mine, "relationship": "OTHER"}),  # the same child twice
    )
    for entries in cases:
        problem = refused(api, db, [NetworkMember], members, with_children(*entries), 422, "SOS-NET-007")
        assert problem["errors"][0]["pointer"].startswith("/relationship_to_children/")
    refused(
        api,
        db,
        [NetworkMember],
        members,
        with_children({**mine, "relationship": "NOT_A_CODE"}),
        422,
        "SOS-NET-007",
    )
    refused(
        api,
        db,
        [NetworkMember],
        f"/v1/network-members/{existing['id']}",
        {"relationship_to_children": [cases[0][0]], "effective_on": "2025-05-01"},
        422,
        "SOS-NET-007",
        method="patch",
        headers=etag_headers(existing),
    )
    assert api.created(members, with_children(mine))["relationship_to_children"] == [mine]
