"""The whiteboard and the scale chart: SVG that parses, with the elements the records call for."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date

from sqlalchemy import select

from service.models import AuditEvent
from service.qa.evidence import milestones_in_words
from service.qa.pictures import ChartSeries, chart_svg, rater_style
from tests.support import case, case_with_child, move
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
    # roles in words (the labels of the list rater_role), never as raw codes
    assert [g.get("data-rater") for g in raters] == ["Alex Moor (Social worker)", "Jo <Mum> & Nan (Parent)"]
    lines = [g.find("svg:polyline", NS) for g in raters]
    assert [len(line.get("points").split()) for line in lines] == [3, 2]
    texts = _texts(root)
    assert any(t.startswith("Alex Moor (Social worker): 3 ratings, latest 6") for t in texts)
    assert any(t.startswith("Jo <Mum> & Nan (Parent)") for t in texts)
    assert not any("SOCIAL_WORKER" in t or "PARENT" in t for t in texts)
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


def test_a_safety_scale_is_titled_by_its_kind_whatever_the_case_is_called_now(api):
    """In early help the case speaks of wellbeing, but a SAFETY scale is still a safety scale."""
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "EARLY_HELP", on="2025-01-20").status_code == 201
    the_scale = scale(api, the_case["id"])
    assert api.get(f"/v1/cases/{the_case['id']}/vocabulary").json()["vocabulary"] == "WELLBEING"
    root = _svg(api.get(f"/v1/scales/{the_scale['id']}/chart.svg"))
    assert root.find("svg:title", NS).text == "Safety scale: How safe is Kit at home at night?"


def test_the_move_into_care_is_marked_on_the_chart(api):
    the_case, child = case_with_child(api)
    for stage, on in (("CIN", "2025-01-20"), ("LAC", "2025-03-01")):
        assert move(api, the_case["id"], child["id"], stage, on=on).status_code == 201
    the_scale = scale(api, the_case["id"])
    rate(api, the_scale["id"], 2, "2025-02-01", "Alex Moor", "SOCIAL_WORKER")
    rate(api, the_scale["id"], 5, "2025-04-01", "Alex Moor", "SOCIAL_WORKER")
    root = _svg(api.get(f"/v1/scales/{the_scale['id']}/chart.svg"))
    marks = {g.get("data-day"): _texts(g) for g in root.findall(".//svg:g[@class='mark']", NS)}
    # the move into care falls between the ratings; the arrival at CIN (before them) is not drawn
    assert marks == {"2025-03-01": ["Into care: Test"]}


def test_single_ratings_of_one_day_do_not_hide_each_other():
    day = date(2025, 3, 1)
    series = [ChartSeries(f"Rater {i}", "Parent", [(day, 4)]) for i in range(3)]
    root = ET.fromstring(chart_svg("Safety scale: q", "0", "10", series))
    spots = set()
    for g in root.findall(".//svg:g[@class='rater']", NS):
        marker = next(e for e in g if e.tag.split("}")[1] in ("circle", "rect", "polygon"))
        spots.add(marker.get("cx") or marker.get("x") or marker.get("points"))
    assert len(spots) == 3
    points = [g.find("svg:polyline", NS).get("points") for g in root.findall(".//svg:g[@class='rater']", NS)]
    assert len(set(points)) == 3  # each rater's one point at its own x


def test_twelve_raters_each_look_different():
    styles = [rater_style(i) for i in range(12)]
    assert len({colour for colour, _, _ in styles}) == 12
    assert len({dash for _, dash, _ in styles}) == 12
    series = [ChartSeries(f"Rater {i}", "Parent", [(date(2025, 1, 1), i % 11)]) for i in range(12)]
    root = ET.fromstring(chart_svg("Safety scale: q", "0", "10", series))
    lines = [g.find("svg:polyline", NS) for g in root.findall(".//svg:g[@class='rater']", NS)]
    assert len({(line.get("stroke"), line.get("stroke-dasharray")) for line in lines}) == 12


def test_milestones_are_said_so_that_each_number_means_one_thing():
    facts = {"done": 0, "planned": 3, "slipped": 0, "dropped": 0, "planned_past_due": 3}
    said = milestones_in_words(facts)
    assert said == "0 of 3 milestones done; 3 past the planned date, not yet marked done or slipped."
    assert "0 slipped" not in said
    facts = {"done": 1, "planned": 2, "slipped": 1, "dropped": 1, "planned_past_due": 1}
    assert milestones_in_words(facts) == (
        "1 of 4 milestones done; 1 still ahead; 1 past the planned date, not yet marked done or slipped; "
        "1 slipped (late, still intended); 1 dropped."
    )


def test_whiteboard_of_a_closed_case_shows_nothing_as_current(api):
    fam = arranged_case(api)
    before = _svg(api.get(f"/v1/cases/{fam['case_id']}/whiteboard.svg"))
    assert {g.get("data-row"): g.get("data-state") for g in before.findall(".//svg:g", NS)}[
        "plan"
    ] == "current"
    closed = move(api, fam["case_id"], fam["child"]["id"], "CLOSED", on="2025-06-30")
    assert closed.status_code == 201, closed.text
    root = _svg(api.get(f"/v1/cases/{fam['case_id']}/whiteboard.svg"))
    rows = {g.get("data-row"): g for g in root.findall(".//svg:g[@class='row']", NS)}
    states = {key: g.get("data-state") for key, g in rows.items()}
    assert "current" not in states.values()
    assert states["plan"] == "at_close"  # current before it closed
    assert states["network"] in ("at_close", "present")
    assert _texts(rows["plan"])[1] == "AT CLOSE"
    assert any(t.startswith("Case closed on 2025-06-30") for t in _texts(root))
