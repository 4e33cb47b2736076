"""Reference data as a product: every list loads and is served with its version as JSON and CSV,
and a retired code is refused for a new record with a problem naming the list.

No ``from __future__ import annotations`` here: the test route's body model is local to a test,
and FastAPI must see the class itself, not its name."""

import csv
import io
import json
from typing import Annotated, Any

import pytest
from fastapi.testclient import TestClient
from pydantic_core import PydanticCustomError

from service.config import PROJECT_ROOT
from service.reference_data.registry import CSV_HEADER, CodeFrom, check_code, code_lists
from tests.support import assert_problem

DATA = PROJECT_ROOT / "reference_data"
MANIFEST = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
LIST_IDS = [entry["id"] for entry in MANIFEST["lists"]]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _retired() -> tuple[str, str]:
    for list_id, code_list in code_lists().items():
        for entry in code_list.codes.values():
            if entry.retired():
                return list_id, entry.code
    raise AssertionError("no code list has a retired code to test with")


def test_manifest_and_files_agree() -> None:
    assert sorted(LIST_IDS) == sorted(code_lists())
    assert sorted(p.name for p in DATA.glob("*.csv")) == sorted(e["file"] for e in MANIFEST["lists"])
    for entry in MANIFEST["lists"]:
        assert entry["file"] == f"{entry['id']}.csv"
        rows = _rows((DATA / entry["file"]).read_text(encoding="utf-8"))
        assert rows[0] == CSV_HEADER, entry["id"]
        codes = [r[0] for r in rows[1:]]
        assert codes and len(codes) == len(set(codes)), entry["id"]
        assert all(c == c.strip() and c for c in codes), entry["id"]


@pytest.mark.parametrize("list_id", LIST_IDS)
def test_list_is_served_as_json_and_csv_with_its_version(client: Any, list_id: str) -> None:
    entry = next(e for e in MANIFEST["lists"] if e["id"] == list_id)
    as_json = client.get(f"/v1/reference-data/{list_id}")
    assert as_json.status_code == 200
    assert as_json.headers["X-Code-List-Version"] == entry["version"]
    body = as_json.json()
    assert (body["id"], body["version"], body["owner"]) == (list_id, entry["version"], entry["owner"])
    file_rows = _rows((DATA / entry["file"]).read_text(encoding="utf-8"))
    assert [
        [c["code"], c["label"], c["definition"], c["valid_from"] or "", c["valid_to"] or ""]
        for c in body["codes"]
    ] == file_rows[1:]

    for as_csv in (
        client.get(f"/v1/reference-data/{list_id}?format=csv"),
        client.get(f"/v1/reference-data/{list_id}", headers={"Accept": "text/csv"}),
    ):
        assert as_csv.status_code == 200
        assert as_csv.headers["content-type"].startswith("text/csv")
        assert as_csv.headers["X-Code-List-Version"] == entry["version"]
        assert _rows(as_csv.text) == file_rows
        assert as_csv.text == (DATA / entry["file"]).read_text(encoding="utf-8"), "CSV not byte-identical"


def test_list_of_lists_names_every_list(client: Any) -> None:
    listed = client.get("/v1/reference-data").json()
    assert [item["id"] for item in listed] == LIST_IDS
    assert all(item["version"] for item in listed)


def test_unknown_list_is_404(client: Any) -> None:
    body = assert_problem(client.get("/v1/reference-data/no_such_list"), 404, "not_found")
    assert "no_such_list" in body["detail"]


def test_registry_refuses_retired_and_unknown_codes_naming_the_list() -> None:
    list_id, code = _retired()
    with pytest.raises(PydanticCustomError) as retired:
        check_code(list_id, code)
    assert retired.value.type == "code_retired"
    assert retired.value.context and retired.value.context["code_list"] == list_id
    assert list_id in str(retired.value)
    with pytest.raises(PydanticCustomError) as unknown:
        check_code(list_id, "NO-SUCH-CODE")
    assert unknown.value.type == "code_unknown"
    current = next(c.code for c in code_lists()[list_id].codes.values() if not c.retired())
    assert check_code(list_id, current) == current


def test_api_refuses_a_retired_code_for_a_new_record(migrated: str) -> None:
    """No core field uses a list with retired codes yet, so a test route with one coded field shows
    what any coded field of the API does: 422, a field error with code_retired and the list's name."""
    from pydantic import BaseModel

    from service.kit.schemas import Input
    from service.main import create_app

    list_id, code = _retired()
    Factor = Annotated[str, CodeFrom(list_id, "A coded test field.", code)]

    class Body(Input):
        factor: Factor

    class Ok(BaseModel):
        factor: str

    app = create_app()

    @app.post("/v1/test-coded", response_model=Ok)
    def record_coded(body: Body) -> Ok:
        return Ok(factor=body.factor)

    with TestClient(app) as client:
        refused = client.post("/v1/test-coded", json={"factor": code})
        current = next(c.code for c in code_lists()[list_id].codes.values() if not c.retired())
        accepted = client.post("/v1/test-coded", json={"factor": current})
    body = assert_problem(refused, 422, "validation_failed")
    error = body["errors"][0]
    assert (error["pointer"], error["code"], error["code_list"]) == ("/factor", "code_retired", list_id)
    assert list_id in error["detail"]
    assert accepted.status_code == 200, accepted.text
