from tests.support import case_with_child, move


def test_round_trip(api, client):
    assert client.get("/v1/cases").status_code == 401
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "EARLY_HELP").status_code == 201
    assert move(api, the_case["id"], child["id"], "CIN", "2025-03-01").status_code == 201
    r = api.get(f"/v1/children/{child['id']}/journey")
    assert r.status_code == 200, r.text
    print(r.json())
