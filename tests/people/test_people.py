"""People (service/people): a child born or unborn, or an adult. A person has one birth date at a
time, the date of birth or (unborn) the expected one, on create and after any amendment; a refused
change writes nothing."""

from __future__ import annotations

from service.contract.examples import body
from service.models import Person, RecordVersion
from tests.support import assert_problem, case_with_child, count, fresh_upn, move, person, rows_unchanged

BOTH = {"date_of_birth": "2025-11-02", "expected_date_of_birth": "2025-11-20"}


def _versions(api, person_id: str) -> list[int]:
    history = api.get(f"/v1/people/{person_id}/history").json()
    return [version["version"] for version in history["versions"]]


def test_a_new_person_with_both_birth_dates_is_refused_and_not_written(api, db):
    before = count(db, Person)
    problem = assert_problem(api.post("/v1/people", {**body("create_person", "unborn"), **BOTH}), 422)
    assert "not both" in problem["detail"], problem
    assert count(db, Person) == before


def test_an_amendment_that_would_leave_both_birth_dates_is_refused_naming_the_field(api):
    child = person(api, date_of_birth="2018-05-01")
    path = f"/v1/people/{child['id']}"
    response = api.patch(
        path,
        {"expected_date_of_birth": "2018-05-20", "amendment_reason": "Typed into the wrong field."},
        headers={"If-Match": 'W/"1"'},
    )
    problem = assert_problem(response, 422)
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [
        ("/expected_date_of_birth", "one_birth_date")
    ]
    assert _versions(api, child["id"]) == [1]
    assert api.get(path).json()["expected_date_of_birth"] is None


def test_an_unborn_child_is_born_by_one_amendment_that_swaps_the_dates(api):
    unborn = api.created("/v1/people", body("create_person", "unborn"))
    path = f"/v1/people/{unborn['id']}"
    response = api.patch(
        path,
        {
            "date_of_birth": "2025-11-18",
            "expected_date_of_birth": None,
            "amendment_reason": "The baby was born.",
        },
        headers={"If-Match": 'W/"1"'},
    )
    assert response.status_code == 200, response.text
    born = response.json()
    assert (born["date_of_birth"], born["expected_date_of_birth"]) == ("2025-11-18", None)
    assert _versions(api, unborn["id"]) == [1, 2]


def test_setting_the_date_of_birth_without_clearing_the_expected_one_is_refused(api):
    unborn = api.created("/v1/people", body("create_person", "unborn"))
    response = api.patch(
        f"/v1/people/{unborn['id']}",
        {"date_of_birth": "2025-11-18", "amendment_reason": "The baby was born."},
        headers={"If-Match": 'W/"1"'},
    )
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["pointer"] == "/expected_date_of_birth"
    assert _versions(api, unborn["id"]) == [1]


def test_a_disability_listed_twice_or_none_beside_another_is_refused_on_create(api, db):
    before = count(db, Person)
    for disabilities, code in (
        (["LD", "LD"], "duplicate_disability"),
        (["NONE", "HAND"], "no_disability_not_alone"),
    ):
        problem = assert_problem(
            api.post("/v1/people", body("create_person", "child", disabilities=disabilities)), 422
        )
        assert problem["requirement"] == "SOS-CIN-009", problem
        assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("/disabilities", code)]
    assert count(db, Person) == before


def test_an_amendment_keeps_the_disabilities_as_the_census_takes_them(api):
    child = person(api, disabilities=["HAND"])
    path = f"/v1/people/{child['id']}"
    response = api.patch(
        path,
        {"disabilities": ["HAND", "NONE"], "amendment_reason": "Reviewed."},
        headers={"If-Match": 'W/"1"'},
    )
    assert assert_problem(response, 422)["errors"][0]["code"] == "no_disability_not_alone"
    assert (api.get(path).json()["disabilities"], _versions(api, child["id"])) == (["HAND"], [1])
    response = api.patch(
        path, {"disabilities": ["HAND", "LD"], "amendment_reason": "Reviewed."}, headers={"If-Match": 'W/"1"'}
    )
    assert response.status_code == 200, response.text
    assert response.json()["disabilities"] == ["HAND", "LD"]


def test_a_upn_whose_check_letter_disagrees_is_refused_naming_the_rule(api, db):
    before = count(db, Person)
    for upn, why in (("A873024125001", "the check letter is U"), ("U87302412500S", "I, O or S")):
        problem = assert_problem(api.post("/v1/people", body("create_person", "child", upn=upn)), 422)
        assert problem["requirement"] == "SOS-CIN-010", problem
        (error,) = problem["errors"]
        assert (error["pointer"], error["code"]) == ("/upn", "upn_check_letter")
        assert why in error["detail"], error
    assert count(db, Person) == before


def test_a_upn_is_checked_on_amend_and_a_temporary_one_is_taken(api):
    temporary, permanent = fresh_upn("T"), fresh_upn()  # temporary: a letter last, in the check letter
    child = person(api, upn=temporary)
    path = f"/v1/people/{child['id']}"
    wrong = ("A" if permanent[0] != "A" else "B") + permanent[1:]
    refused = api.patch(
        path, {"upn": wrong, "amendment_reason": "Permanent UPN."}, headers={"If-Match": 'W/"1"'}
    )
    assert assert_problem(refused, 422)["errors"][0]["code"] == "upn_check_letter"
    taken = api.patch(
        path, {"upn": permanent, "amendment_reason": "Permanent UPN."}, headers={"If-Match": 'W/"1"'}
    )
    assert taken.status_code == 200, taken.text
    assert taken.json()["upn"] == permanent


def test_an_unborn_childs_sex_is_not_known_until_the_birth(api):
    problem = assert_problem(api.post("/v1/people", body("create_person", "unborn", sex="2")), 422)
    assert (problem["requirement"], problem["errors"][0]["pointer"]) == ("SOS-CIN-009", "/sex")
    unborn = api.created("/v1/people", body("create_person", "unborn"))
    path = f"/v1/people/{unborn['id']}"
    early = api.patch(path, {"sex": "2", "amendment_reason": "Scan."}, headers={"If-Match": 'W/"1"'})
    assert assert_problem(early, 422)["errors"][0]["code"] == "unborn_sex_known"
    born = {
        "date_of_birth": "2026-01-30",
        "expected_date_of_birth": None,
        "sex": "2",
        "amendment_reason": "Born.",
    }
    assert api.patch(path, born, headers={"If-Match": 'W/"1"'}).status_code == 200


def test_a_date_of_death_before_the_birth_or_without_one_is_refused_and_not_written(api, db):
    before = count(db, Person)
    for example, sent, error_code in (
        ("child", {"date_of_birth": "2018-05-01", "date_of_death": "2018-04-30"}, "date_out_of_order"),
        ("unborn", {"date_of_death": "2025-04-30"}, "death_without_birth"),
    ):
        problem = assert_problem(api.post("/v1/people", {**body("create_person", example), **sent}), 422)
        assert problem["requirement"] == "SOS-CIN-009", problem
        assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("/date_of_death", error_code)]
    assert count(db, Person) == before
    child = person(api, date_of_birth="2018-05-01")
    response = api.patch(
        f"/v1/people/{child['id']}",
        {"date_of_death": "2017-01-01", "amendment_reason": "Typed the wrong year."},
        headers={"If-Match": 'W/"1"'},
    )
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/date_of_death"
    assert _versions(api, child["id"]) == [1]


def test_a_person_named_by_records_that_stand_is_not_entered_in_error(api, db):
    """SOS-REC-009: a child who is a case member with a move is not marked entered in error (409 naming
    the requirement and what names them), and stays active; once those records are entered in error
    (a person recorded twice), the person can be."""
    the_case, child = case_with_child(api)
    path = f"/v1/people/{child['id']}"
    assert move(api, the_case["id"], child["id"], "EARLY_HELP", "2025-03-02").status_code == 201
    marked = {"reason": "Recorded twice"}
    with rows_unchanged(db, [Person, RecordVersion]):
        sent = api.post(f"{path}/entered-in-error", marked, headers={"If-Match": 'W/"1"'})
        problem = assert_problem(sent, 409, "conflict")
    assert problem["requirement"] == "SOS-REC-009", problem
    assert "case members (1)" in problem["detail"] and "stage transitions (1)" in problem["detail"], problem
    assert api.get(path).json()["status"] == "active"

    transition = api.get(f"/v1/cases/{the_case['id']}/transitions").json()["items"][0]
    member = api.get(f"/v1/cases/{the_case['id']}/members").json()["items"][0]
    for record in (f"/v1/stage-transitions/{transition['id']}", f"/v1/case-members/{member['id']}"):
        done = api.post(f"{record}/entered-in-error", marked, headers={"If-Match": 'W/"1"'})
        assert done.status_code == 200, done.text
    marked_now = api.post(f"{path}/entered-in-error", marked, headers={"If-Match": 'W/"1"'})
    assert marked_now.status_code == 200 and marked_now.json()["status"] == "entered_in_error", (
        marked_now.text
    )
