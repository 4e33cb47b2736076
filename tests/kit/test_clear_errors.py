"""Errors that say what to do: where malformed JSON breaks, how to write a date, which codes a list
takes, that If-Match must be an entity tag, and a problem ``type`` that resolves to a page saying
what the problem means."""

from __future__ import annotations

import ast
import html
import inspect
import re
from pathlib import Path

import pytest

from service.config import PROJECT_ROOT
from service.kit import errors
from service.kit.problem_types import BY_CODE, BY_SLUG, PROBLEM_TYPES
from service.models import Case, RecordVersion
from tests.support import assert_problem, case, count


def _send(api, text: str):
    return api.client.post(
        "/v1/cases", content=text.encode(), headers=api.headers({"Content-Type": "application/json"})
    )


def test_malformed_json_names_the_line_and_column_of_the_fault(api, db):
    before = count(db, Case)
    text = '{\n  "title": "Moor family",\n  "opened_on": "2025-01-14"\n  "reference": "X"\n}'
    body = assert_problem(_send(api, text), 422, "validation_failed")
    # the missing comma: line 4, column 3, where "reference" starts
    assert body["detail"] == (
        "The request body is not valid JSON: Expecting ',' delimiter at line 4, column 3 (character 59)."
    )
    assert body["errors"] == [
        {
            "location": "body",
            "pointer": "",
            "detail": "Expecting ',' delimiter at line 4, column 3 (character 59)",
            "code": "json_invalid",
        }
    ]
    assert count(db, Case) == before


def test_json_cut_short_is_located_at_its_end(api):
    body = assert_problem(_send(api, '{"title": "Moor'), 422, "validation_failed")
    assert "line 1, column 11" in body["detail"], body


@pytest.mark.parametrize("wrong", ["20x5-01-14", "14/01/2025", "2025-13-01", "2025-02-30", "2025-1-5"])
def test_a_wrong_date_says_use_yyyy_mm_dd(api, wrong: str):
    body = assert_problem(api.post("/v1/cases", {"title": "A", "opened_on": wrong}), 422)
    error = body["errors"][0]
    assert error["pointer"] == "/opened_on"
    assert "YYYY-MM-DD" in error["detail"] and "2025-01-14" in error["detail"], error
    assert "invalid character" not in error["detail"] and not error["detail"].startswith("Value error")


def test_a_wrong_date_in_the_query_says_use_yyyy_mm_dd(api):
    body = assert_problem(api.get("/v1/qa/measures", params={"from": "1/3/2026", "to": "2026-03-31"}), 422)
    assert "YYYY-MM-DD" in body["errors"][0]["detail"], body


def test_a_wrong_instant_says_how_to_write_one(api):
    body = assert_problem(api.get("/v1/cases", params={"updated_since": "yesterday"}), 422)
    assert "RFC 3339" in body["errors"][0]["detail"], body


def test_an_unknown_code_of_a_short_list_gives_every_valid_code(api):
    body = assert_problem(api.post("/v1/people", {"given_name": "A", "family_name": "B", "sex": "7"}), 422)
    detail = body["errors"][0]["detail"]
    assert detail.startswith("'7' is not a code of the list sex: use one of 0 (")
    assert "1 (Male)" in detail and "2 (Female)" in detail and "/v1/reference-data/sex" in detail


def test_an_unknown_code_of_a_long_list_gives_the_first_few_and_the_list(api):
    body = {"given_name": "A", "family_name": "B", "sex": "1", "ethnicity": "XXXX"}
    detail = assert_problem(api.post("/v1/people", body), 422)["errors"][0]["detail"]
    assert re.fullmatch(
        r"'XXXX' is not a code of the list ethnicity: use one of its \d+ current codes "
        r"\(WBRI, (\w+, ){7}\.\.\.\): see /v1/reference-data/ethnicity",
        detail,
    ), detail


@pytest.mark.parametrize("if_match", ["1", "W/1", '"1', "version 1", "W/'1'"])
def test_if_match_that_is_not_an_entity_tag_is_refused_naming_the_header(api, db, if_match: str):
    made = case(api)
    versions = count(db, RecordVersion)
    response = api.patch(f"/v1/cases/{made['id']}", {"title": "New title"}, headers={"If-Match": if_match})
    body = assert_problem(response, 400, "if_match_invalid")
    assert body["errors"] == [
        {
            "location": "header",
            "pointer": "/If-Match",
            "detail": 'not an entity tag such as W/"3"',
            "code": "etag_invalid",
        }
    ]
    assert 'W/"1"' in body["detail"]
    assert count(db, RecordVersion) == versions
    assert api.get(f"/v1/cases/{made['id']}").json()["title"] == made["title"]


@pytest.mark.parametrize("if_match", ['W/"1"', '"1"', "*", 'W/"7", W/"1"'])
def test_entity_tags_are_still_taken(api, if_match: str):
    made = case(api)
    response = api.patch(f"/v1/cases/{made['id']}", {"title": "New title"}, headers={"If-Match": if_match})
    assert response.status_code == 200, response.text


def test_the_contract_declares_400_where_if_match_is_read(app):
    for _path, item in app.openapi()["paths"].items():
        for op in item.values():
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
            if "If-Match" in names:
                assert "400" in op["responses"], op["operationId"]


def test_problem_type_is_a_path_of_this_service_and_resolves(api, client):
    problem = assert_problem(api.post("/v1/people", {"given_name": "A"}), 422, "validation_failed")
    assert problem["type"] == "/problems/validation-failed"
    page = client.get(problem["type"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "The request is not valid" in page.text and "<script" not in page.text
    as_json = client.get(problem["type"], headers={"Accept": "application/json"})
    assert as_json.json()["code"] == "validation_failed" and as_json.json()["status"] == 422
    assert client.get(problem["type"], params={"format": "json"}).json()["type"] == problem["type"]


def test_every_problem_type_has_a_page(client):
    listed = client.get("/problems", params={"format": "json"}).json()["problem_types"]
    assert [p["code"] for p in listed] == [p.code for p in PROBLEM_TYPES]
    for kind in PROBLEM_TYPES:
        page = client.get(kind.uri)
        assert page.status_code == 200 and html.escape(kind.title) in page.text
    assert_problem(client.get("/problems/no-such-thing"), 404, "not_found")


def _codes_in_source() -> set[str]:
    """Every problem code the service can answer with: its ProblemError kinds, and the codes written
    as literals where a problem is made by hand (the error handlers and the HTTP middleware)."""
    codes = set()
    pending: list[type[errors.ProblemError]] = [errors.ProblemError]
    while pending:
        kind = pending.pop()
        codes.add(kind.code)
        pending.extend(kind.__subclasses__())
    codes.update(errors._HTTP_CODES.values())
    for module in ("service/kit/errors.py", "service/kit/middleware.py"):
        tree = ast.parse(Path(PROJECT_ROOT / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "problem_for",
                "_send_problem",
            ):
                codes.update(a.value for a in node.args if isinstance(a, ast.Constant) and _is_code(a.value))
            if isinstance(node, ast.Tuple):
                values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
                if len(values) >= 2 and isinstance(values[0], int) and _is_code(values[1]):
                    codes.add(values[1])
    return codes


def _is_code(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[a-z]+(_[a-z]+)+|[a-z]+", value) is not None


def test_every_code_the_service_answers_with_is_described():
    found = _codes_in_source()
    assert {"too_many_requests", "method_not_allowed", "service_busy", "if_match_invalid"} <= found
    missing = sorted(found - set(BY_CODE))
    assert not missing, f"describe these in service/kit/problem_types.py: {missing}"
    assert all(kind.slug in BY_SLUG for kind in PROBLEM_TYPES)
    assert "type_uri" in inspect.getsource(errors.problem_for)


def test_root_page_points_to_the_docs_and_is_not_in_the_contract(client, app):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for href in ("/docs", "/redoc", "/guide", "/v1/capabilities", "/openapi.json", "/healthz", "/readyz"):
        assert f'href="{href}"' in page.text, href
        assert client.get(href).status_code == 200, href
    assert "<script" not in page.text and "http://" not in page.text and "https://" not in page.text
    assert "/" not in app.openapi()["paths"] and "/problems/{problem_type}" not in app.openapi()["paths"]
