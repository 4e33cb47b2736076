"""Capabilities, reference data, offline docs and response headers
(SOS-CAP-001, SOS-REF-001, SOS-HTTP-005)."""

from __future__ import annotations

import re

from service.reference_data.registry import code_lists


def test_capabilities_need_no_token(client):
    body = client.get("/v1/capabilities").json()
    assert body["contract_version"] and {m["id"] for m in body["modules"]} >= {
        "core",
        "audit",
        "reference-data",
    }


def test_code_list_as_json_and_csv(client):
    listed = client.get("/v1/reference-data").json()
    assert {entry["id"] for entry in listed} == set(code_lists())
    response = client.get("/v1/reference-data/cin_category_of_abuse")
    assert response.headers["x-code-list-version"] == response.json()["version"]
    assert {c["code"] for c in response.json()["codes"]} == {"NEG", "PHY", "SAB", "EMO", "MUL"}
    as_csv = client.get("/v1/reference-data/cin_category_of_abuse", headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text.splitlines()[0] == "code,label,definition,valid_from,valid_to"
    assert client.get("/v1/reference-data/nope").status_code == 404


def test_docs_work_without_internet(client):
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not url.startswith(("http://", "https://", "//")), url
            if url.startswith("/"):
                assert client.get(url).status_code == 200, url


def test_security_headers_and_request_id(api):
    response = api.get("/v1/cases", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert "server" not in response.headers
    generated = api.get("/v1/cases", headers={"X-Request-ID": "bad id with spaces"}).headers["x-request-id"]
    assert generated != "bad id with spaces" and len(generated) == 36
