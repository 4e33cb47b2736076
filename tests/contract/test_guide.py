"""The guide renders as one self-contained page, and its generated tables match their sources."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from service.reference_data.registry import code_lists
from tests.contract.support import catalogue, operations


@pytest.fixture(scope="module")
def page(client: Any) -> str:
    response = client.get("/guide")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return html.unescape(response.text)


def test_guide_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert not re.search(r"<script\b", page, re.IGNORECASE)
    assert not re.search(r"<link\b[^>]*href=[\"']?(https?:)?//", page, re.IGNORECASE)
    assert not re.search(
        r"<(img|iframe|source|video|audio)\b[^>]*src=[\"']?(https?:)?//", page, re.IGNORECASE
    )
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", page, re.IGNORECASE)
    assert "<!-- generated:" not in page


def test_every_link_within_the_guide_reaches_a_heading(page: str) -> None:
    anchors = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert anchors, "the guide's contents link to its sections"
    assert anchors <= ids, sorted(anchors - ids)


def test_guide_covers_every_stage_and_the_conformance_suite(page: str) -> None:
    for heading in (
        "What to record at each stage",
        "The records and their rules",
        "Code lists",
        "Operations",
        "Running the conformance suite",
    ):
        assert heading in page
    for code in code_lists()["stage"].codes:
        assert f"<code>{code}</code>" in page
    for option in (
        "sos-conformance",
        "--base-url",
        "--token",
        "--other-token",
        "--read-only-token",
        "--report-dir",
    ):
        assert option in page


def test_every_requirement_appears(page: str) -> None:
    missing = [r["id"] for r in catalogue()["requirements"] if r["id"] not in page]
    assert not missing, missing


def test_every_code_list_appears_with_version_and_count(page: str) -> None:
    for code_list in code_lists().values():
        row = re.search(rf"<tr>\s*<td><code>{re.escape(code_list.id)}</code></td>(.*?)</tr>", page, re.DOTALL)
        assert row, code_list.id
        cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.DOTALL)
        assert cells[0] == code_list.title and cells[1] == code_list.version, (code_list.id, cells)
        assert cells[2] == code_list.owner and cells[3] == str(len(code_list.codes)), (code_list.id, cells)


def test_every_operation_appears(page: str) -> None:
    for path, _method, op in operations():
        assert f"<code>{op['operationId']}</code>" in page, op["operationId"]
        assert f"<code>{path}</code>" in page, path
        assert op["summary"] in page, op["summary"]


def test_markdown_version_matches(client: Any) -> None:
    response = client.get("/guide.md")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert "<!-- generated:" not in response.text
    assert "SOS-REC-001" in response.text


def test_guide_is_not_in_the_contract() -> None:
    from tests.contract.support import contract

    assert not [p for p in contract()["paths"] if p.startswith("/guide")]
