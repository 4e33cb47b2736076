"""The whiteboard and the scale chart: SVG that parses, with the elements the records call for."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from sqlalchemy import select

from service.models import AuditEvent
from tests.support import case
from tests.support.qa import arranged_case, rate, scale

NS = {"svg": "http://www.w3.org/2000/svg"}


def _svg(response) -> ET.Element:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter("{http://www.w3.org/2000/svg}text")]


def test_chart_has_a_line_per_rater_and_a_point_per_rating(api, db):
    case_id = case(api)["id"]
    the_scale = scale(api, case_id)
    rate(api, the_scale["id"], 2, "2025-01-10", "Alex Moor", "SOCIAL_WORKER")
    rate(api, the_scale["id"], 4, "2025-02-10", "Alex Moor", "SOCIAL_WORKER")
    rate(api, the_scale["id"], 6, "2025-03-10", "Alex Moor", "SOCIAL_WORKER")
    rate(api, the_scale["id"], 5, "2025-02-10", "Jo <Mum> & Nan", "PARENT")
    wrong = rate(api, the_scale["id"], 9, "2025-03-10", "Jo <Mum> & Nan", "PARENT")
    api.post(
        f"/v1/ratings/{wrong['id']}/entered-in-error",
        {"reason": "Wrong scale."},
        headers={"If-Match": 'W/"1"'},
    )
    rate(api, the_scale["id"], 7, "2025-03-10", "Jo <Mum> & Nan", "PARENT")
    root = _svg(api.get(f"/v1/scales/{the_scale['id']}/chart.svg"))
    raters = root.findall(".//svg:g[@class='rater']", NS)
    assert [g.get("data-rater") for g in raters] == ["Alex Moor (SOCIAL_WORKER)", "Jo <Mum> & Nan (PARENT)"]
    lines = [g.find("svg:polyline", NS) for g in raters]
    assert [len(line.get("points").split()) for line in lines] == [3, 2]
    texts = _texts(root)
    assert any(t.startswith("Alex Moor (SOCIAL_WORKER)") for t in texts)
    assert any(t.startswith("Jo <Mum> & Nan (PARENT)") for t in texts)
    assert any("Kit will be hurt" in t for t in texts) and any(
        "Everyone knows Kit is safe" in t for t in texts
    )
    assert {t for t in texts if t.isdigit()} >= {str(n) for n in range(11)}
    # higher ratings are drawn higher: Alex's points go up the page
    ys = [float(p.split(",")[1]) for p in lines[0].get("points").split()]
    assert ys[0] > ys[1] > ys[2]
    db.expire_all()
    read = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.record_id == uuid.UUID(the_scale["id"]), AuditEvent.action == "read"
        )
    ).all()
    assert read


def test_chart_of_a_scale_without_ratings(api):
    the_scale = scale(api, case(api)["id"])
    root = _svg(api.get(f"/v1/scales/{the_scale['id']}/chart.svg"))
    assert root.findall(".//svg:polyline", NS) == []
    assert "No ratings yet." in _texts(root)


def test_whiteboard_of_an_arranged_case(api, db):
    fam = arranged_case(api)
    root = _svg(api.get(f"/v1/cases/{fam['case_id']}/whiteboard.svg"))
    rows = {g.get("data-row"): g for g in root.findall(".//svg:g[@class='row']", NS)}
    assert list(rows) == ["map", "statements", "scaling", "voice", "network", "plan", "words", "trajectory"]
    states = {key: g.get("data-state") for key, g in rows.items()}
    # Today is long after the arranged 2025 dates: the map and ratings are on record but not current.
    assert states["map"] == "present" and states["scaling"] == "present"
    assert states["statements"] == "current" and states["plan"] == "current" and states["words"] == "current"
    assert states["trajectory"] == "present"  # one milestone slipped
    for key, g in rows.items():
        words = _texts(g)
        assert words[1] == states[key].upper()  # the state in words, not only in colour
        assert words[2]
    assert "3 members, 2 naturally connected" in _texts(rows["network"])[2]
    db.expire_all()
    actions = set(
        db.scalars(select(AuditEvent.action).where(AuditEvent.case_id == uuid.UUID(fam["case_id"])))
    )
    assert "read_whiteboard" in actions


def test_whiteboard_of_an_empty_case_is_all_missing(api):
    the_case = case(api, title="The <Example> & family")
    root = _svg(api.get(f"/v1/cases/{the_case['id']}/whiteboard.svg"))
    rows = root.findall(".//svg:g[@class='row']", NS)
    assert len(rows) == 8 and {g.get("data-state") for g in rows} == {"missing"}
    assert any("The <Example> & family" in t for t in _texts(root))


def test_pictures_of_another_authority_are_not_found(api, other_api):
    case_id = case(api)["id"]
    the_scale = scale(api, case_id)
    assert other_api.get(f"/v1/cases/{case_id}/whiteboard.svg").status_code == 404
    assert other_api.get(f"/v1/scales/{the_scale['id']}/chart.svg").status_code == 404


def test_pictures_need_a_token(client):
    assert client.get(f"/v1/cases/{uuid.uuid4()}/whiteboard.svg").status_code == 401


def test_contract_declares_svg(app):
    paths = app.openapi()["paths"]
    for path in ("/v1/cases/{case_id}/whiteboard.svg", "/v1/scales/{scale_id}/chart.svg"):
        assert list(paths[path]["get"]["responses"]["200"]["content"]) == ["image/svg+xml"]
