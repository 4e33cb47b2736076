"""Data protection. How long a child's records are kept: worked out from the records on every read,
never typed. Ever looked after, to the 75th anniversary of the birth (15 years from a death before 18);
adopted, 100 years from the order; the latest date of the rules that apply. And a subject access
export of a child or an adult: every version of every record about them, marking what to review
before disclosure."""

from __future__ import annotations

from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items, amended, moment, refused_amendment
from sos_conformance.expect import check, etag_of, expect_status, json_body
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import statement

pytestmark = area("data-protection", "data-protection")

BORN = "2018-05-01"


def _kept(api: Api, child_id: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    retention = json_body(expect_status(api.get(f"/v1/children/{child_id}/retention"), 200))
    return retention, {r.get("rule", ""): r for r in retention.get("rules", [])}


def _years_on(day: str, years: int) -> str:
    return f"{int(day[:4]) + years}{day[4:]}"


def _child_in_care(make: Factory, **episode: Any) -> tuple[str, dict[str, Any]]:
    the_case, child = make.case_with_child()
    made = make.created(
        f"/v1/cases/{the_case['id']}/lac-episodes", make.episode_body(child["id"], "2025-05-30", **episode)
    )
    return child["id"], made


def _latest_of_the_rules_that_apply(retention: dict[str, Any], rules: dict[str, dict[str, Any]]) -> None:
    untils = [r.get("until") for r in rules.values() if r.get("applies")]
    check(
        bool(untils) and None not in untils and retention.get("retain_until") == max(untils),
        f"retain_until the latest of the rules that apply ({untils})",
        repr(retention.get("retain_until")),
    )


@requirement("SOS-DP-001", "SOS-CIN-009")
@pytest.mark.check("SOS-CHK-DP-001")
@pytest.mark.modules("data-protection", "care")
def test_a_looked_after_child_is_kept_to_75_or_15_years_from_a_death_before_18(
    api: Api, make: Factory
) -> None:
    """A child never looked after is kept by the authority's policy, at least to 18; a looked-after
    episode keeps the record to the 75th anniversary of the birth, and a death before 18 to 15 years
    from the death; a death before the birth is refused."""
    the_case, child = make.case_with_child()
    retention, rules = _kept(api, child["id"])
    check(
        not rules.get("LOOKED_AFTER", {}).get("applies", True)
        and rules.get("LOCAL_POLICY", {}).get("applies"),
        "never looked after: LOOKED_AFTER does not apply, LOCAL_POLICY does",
        repr(retention),
    )
    check(
        (retention.get("retain_until") or "") >= _years_on(BORN, 18),
        f"kept at least to the 18th birthday ({_years_on(BORN, 18)})",
        repr(retention.get("retain_until")),
    )
    _latest_of_the_rules_that_apply(retention, rules)
    make.created(f"/v1/cases/{the_case['id']}/lac-episodes", make.episode_body(child["id"], "2025-05-30"))
    retention, rules = _kept(api, child["id"])
    looked_after = rules.get("LOOKED_AFTER", {})
    check(
        looked_after.get("applies") and looked_after.get("until") == _years_on(BORN, 75),
        f"looked after: kept to {_years_on(BORN, 75)}, the 75th anniversary of the birth",
        repr(looked_after),
    )
    _latest_of_the_rules_that_apply(retention, rules)
    person = f"/v1/people/{child['id']}"
    refused_amendment(api, person, {"date_of_death": "2018-04-30"}, "SOS-CIN-009", "/date_of_death")
    amended(api, person, {"date_of_death": "2025-08-14", "amendment_reason": "Conformance: the child died."})
    retention, rules = _kept(api, child["id"])
    check(
        rules.get("LOOKED_AFTER", {}).get("until") == "2040-08-14",
        "died before 18: kept to 2040-08-14, 15 years from the death",
        repr(rules.get("LOOKED_AFTER")),
    )
    _latest_of_the_rules_that_apply(retention, rules)


@requirement("SOS-DP-001")
@pytest.mark.check("SOS-CHK-DP-002")
@pytest.mark.modules("data-protection", "care")
def test_an_adoption_order_keeps_the_record_100_years_from_it(api: Api, make: Factory) -> None:
    """An episode ended by an adoption order (E11) keeps the record 100 years from the order, later
    than any other rule; an episode entered in error counts for nothing."""
    child_id, episode = _child_in_care(make, placement_type="A3", legal_status="E1")
    amended(api, f"/v1/lac-episodes/{episode['id']}", {"end_date": "2026-01-20", "reason_ceased": "E11"})
    retention, rules = _kept(api, child_id)
    check(
        (retention.get("retain_until"), retention.get("rule")) == ("2126-01-20", "ADOPTED"),
        "retain_until 2126-01-20 by ADOPTED",
        repr((retention.get("retain_until"), retention.get("rule"))),
    )
    _latest_of_the_rules_that_apply(retention, rules)
    etag = etag_of(expect_status(api.get(f"/v1/lac-episodes/{episode['id']}"), 200))
    expect_status(
        api.post(
            f"/v1/lac-episodes/{episode['id']}/entered-in-error",
            {"reason": "Conformance: recorded on the wrong child."},
            headers={"If-Match": etag},
        ),
        200,
    )
    retention, rules = _kept(api, child_id)
    check(
        not rules.get("ADOPTED", {}).get("applies", True)
        and not rules.get("LOOKED_AFTER", {}).get("applies", True),
        "the episode entered in error: neither ADOPTED nor LOOKED_AFTER applies",
        repr(retention),
    )


def _marked(entry: dict[str, Any], pointer: str) -> set[str]:
    """The categories ``entry`` marks at ``pointer`` (a place may be marked for more than one reason)."""
    return {r.get("category", "") for r in entry.get("redactions", []) if r.get("pointer", "") == pointer}


def _export(auditor: Api, person_id: str) -> dict[str, Any]:
    return dict(json_body(expect_status(auditor.get(f"/v1/people/{person_id}/subject-access-export"), 200)))


@requirement("SOS-DP-002")
@pytest.mark.check("SOS-CHK-DP-003")
@pytest.mark.modules("data-protection", "assessment")
def test_a_subject_access_export_gives_every_version_and_marks_what_to_review(
    auditor: Api, make: Factory
) -> None:
    """The export of a child holds every version of the child's chronology, in its order, each record
    as the API showed it; marks who recorded each change (STAFF), another person named by id, with
    their name in `people` (THIRD_PARTY), a danger statement's free text (FREE_TEXT) and an
    amendment's reason (CORRECTED); and leaves out a sibling's own statement."""
    the_case, child = make.case_with_child()
    mother = make.person(given_name="Mother", date_of_birth="1990-01-01", sex="2")
    member = make.member(the_case["id"], mother["id"], role="ADULT")
    sibling = make.person(date_of_birth="2020-02-02")
    make.member(the_case["id"], sibling["id"])
    worry = statement(make, the_case["id"], child["id"])
    theirs = statement(make, the_case["id"], sibling["id"])
    reason = "Conformance: reworded with the family."
    amended(
        auditor,
        f"/v1/danger-statements/{worry['id']}",
        {"impact_on_child": "Reworded.", "amendment_reason": reason},
    )
    export = _export(auditor, child["id"])
    chronology = json_body(expect_status(auditor.get(f"/v1/children/{child['id']}/chronology"), 200))
    entries = export.get("entries", [])
    listed = [(e.get("record_id"), e.get("version")) for e in entries]
    expected = [(e.get("record_id"), e.get("version")) for e in chronology.get("entries", [])]
    check(listed == expected, "every version of the child's chronology, in its order", repr(listed))
    check(theirs["id"] not in {r for r, _ in listed}, "the sibling's own statement left out", repr(listed))
    check(all("STAFF" in _marked(e, "/who") for e in entries), "/who marked STAFF on every entry", "")
    versions = {e.get("version"): e for e in entries if e.get("record_id") == worry["id"]}
    first, second = versions.get(1, {}), versions.get(2, {})
    check(
        first.get("record", {}).get("worried_about") == worry["worried_about"]
        and "FREE_TEXT" in _marked(first, "/record/worried_about"),
        "the statement as recorded, its worried_about marked FREE_TEXT",
        repr(first),
    )
    check(
        second.get("reason") == reason and "CORRECTED" in _marked(second, "/reason"),
        "the amendment with its reason, marked CORRECTED",
        repr(second),
    )
    joined = next((e for e in entries if e.get("record_id") == member["id"]), {})
    named = {p.get("id"): p.get("name") for p in export.get("people", [])}
    check(
        "THIRD_PARTY" in _marked(joined, "/record/person_id") and "Mother" in str(named.get(mother["id"])),
        "the mother's membership: person_id marked THIRD_PARTY, and she is named in people",
        repr((joined.get("redactions"), named.get(mother["id"]))),
    )


def _child_and_mother(make: Factory) -> tuple[dict[str, Any], ...]:
    """A case, its child, the child's mother (an adult member as MOTHER), her membership and her
    relationship to the child (kept for the child, naming her)."""
    the_case, child = make.case_with_child()
    mother = make.person(given_name="Mother", date_of_birth="1990-01-01", sex="2")
    member = make.member(the_case["id"], mother["id"], role="ADULT", relationship_to_children="MOTHER")
    relationship = make.created(
        f"/v1/cases/{the_case['id']}/relationships",
        {
            "person_id": mother["id"],
            "child_id": child["id"],
            "relationship_type": "MOTHER",
            "parental_responsibility": True,
            "from_date": "2018-05-01",
        },
    )
    return the_case, child, mother, member, relationship


@requirement("SOS-DP-002")
@pytest.mark.check("SOS-CHK-DP-004")
@pytest.mark.modules("data-protection", "assessment")
def test_an_adults_export_gives_the_familys_records_and_those_naming_them(
    auditor: Api, make: Factory
) -> None:
    """The export of a mother, an adult member of her child's case as the mother, holds her own person
    record, her membership, the case and its danger statement about the child (kept for the family);
    not the child's own person record, which does not name her; and a relationship to her child, kept
    for the child and naming her, marked as a whole THIRD_PARTY, the child's id in the statement
    marked THIRD_PARTY too."""
    the_case, child, mother, member, relationship = _child_and_mother(make)
    worry = statement(make, the_case["id"], child["id"])
    export = _export(auditor, mother["id"])
    entries = {e.get("record_id"): e for e in export.get("entries", [])}
    for what, record_id in (
        ("her person record", mother["id"]),
        ("her membership of the case", member["id"]),
        ("the case", the_case["id"]),
        ("the danger statement about her child", worry["id"]),
        ("the relationship naming her", relationship["id"]),
    ):
        check(record_id in entries, f"{what} ({record_id}) in her export", "left out")
    check(
        child["id"] not in entries, "the child's own person record left out (it does not name her)", "in it"
    )
    whole = _marked(entries.get(relationship["id"], {}), "")
    check(
        "THIRD_PARTY" in whole,
        "the relationship, kept for the child, marked as a whole THIRD_PARTY",
        repr(whole),
    )
    named = _marked(entries.get(worry["id"], {}), "/record/children/0")
    check("THIRD_PARTY" in named, "the child's id in the statement marked THIRD_PARTY", repr(named))


@requirement("SOS-DP-003")
@pytest.mark.check("SOS-CHK-DP-005")
@pytest.mark.modules("data-protection", "assessment")
def test_a_restricted_person_is_marked_in_anyone_elses_export(auditor: Api, make: Factory) -> None:
    """A child marked restricted (adopted, say): their mother's export marks the child's id in a
    danger statement and the relationship kept for the child RESTRICTED (as well as THIRD_PARTY) and
    names the child as restricted in `people`; the child's own export carries no RESTRICTED marker."""
    the_case, child, mother, _member, relationship = _child_and_mother(make)
    worry = statement(make, the_case["id"], child["id"])
    restricted = amended(
        auditor,
        f"/v1/people/{child['id']}",
        {"restricted": True, "amendment_reason": "Conformance: adopted, a new identity to protect."},
    )
    flag = restricted.get("restricted")
    check(flag is True, "the child marked restricted", repr(flag))
    export = _export(auditor, mother["id"])
    entries = {e.get("record_id"): e for e in export.get("entries", [])}
    named = _marked(entries.get(worry["id"], {}), "/record/children/0")
    check({"THIRD_PARTY", "RESTRICTED"} <= named, "the child's id in the statement RESTRICTED", repr(named))
    whole = _marked(entries.get(relationship["id"], {}), "")
    check("RESTRICTED" in whole, "the relationship kept for the child marked RESTRICTED", repr(whole))
    shown = {p.get("id"): p.get("restricted") for p in export.get("people", [])}.get(child["id"])
    check(shown is True, "the child named in people as restricted", repr(shown))
    own = [r for e in _export(auditor, child["id"]).get("entries", []) for r in e.get("redactions", [])]
    marked = [r for r in own if r.get("category") == "RESTRICTED"]
    check(not marked, "no RESTRICTED marker in the child's own export", repr(marked[:3]))


@requirement("SOS-DP-004")
@pytest.mark.check("SOS-CHK-DP-006")
@pytest.mark.modules("data-protection", "assessment")
def test_a_childs_access_log_holds_the_reads_of_the_familys_records(auditor: Api, make: Factory) -> None:
    """A child's access log holds the reads of a danger statement about the child (kept for the case,
    not for one child, so not found by the child's id on the event) and of the child's own person
    record, oldest first, each saying who, when and what was done; not the reads of a sibling's own
    statement."""
    the_case, child = make.case_with_child()
    sibling = make.person(date_of_birth="2020-02-02")
    make.member(the_case["id"], sibling["id"])
    worry = statement(make, the_case["id"], child["id"])
    theirs = statement(make, the_case["id"], sibling["id"])
    for record in (f"/v1/danger-statements/{worry['id']}", f"/v1/danger-statements/{theirs['id']}"):
        expect_status(auditor.get(record), 200)
    log = all_items(auditor, f"/v1/people/{child['id']}/access-log")
    reads = {e.get("record_id") for e in log if e.get("action") == "read"}
    check(worry["id"] in reads, "the read of the danger statement about the child", repr(sorted(reads)))
    logged = {e.get("record_id") for e in log}
    check(child["id"] in logged, "the child's own person record", repr(sorted(logged)))
    check(theirs["id"] not in logged, "nothing of the sibling's own statement", "its events are listed")
    when = [moment(e["occurred_at"]) for e in log if e.get("occurred_at")]
    check(when == sorted(when), "oldest first", repr([str(w) for w in when[:5]]))
    blank = [e for e in log if not (e.get("actor") and e.get("occurred_at") and e.get("action"))]
    check(not blank, "who, when and what on every event", repr(blank[:2]))
