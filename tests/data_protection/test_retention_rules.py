"""How long a record is kept (service/data_protection/retention.py), rule by rule, from invented people: the
latest date of the rules that apply, and no date while one of them cannot be worked out."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from service.data_protection.retention import findings, kept_until


def _child(born: str | None = "2018-03-09", died: str | None = None, expected: str | None = None) -> Any:
    return SimpleNamespace(
        date_of_birth=born and date.fromisoformat(born),
        date_of_death=died and date.fromisoformat(died),
        expected_date_of_birth=expected and date.fromisoformat(expected),
    )


def _episode(end: str | None = None, reason: str | None = None) -> Any:
    return SimpleNamespace(end_date=end and date.fromisoformat(end), reason_ceased=reason)


def _kept(person: Any, episodes: list[Any], last: str | None = "2025-10-01", years: int = 3) -> Any:
    found = findings(person, episodes, last and date.fromisoformat(last), years)
    return kept_until(found), {f.rule: (f.applies, f.until) for f in found}


def test_a_child_never_looked_after_is_kept_by_the_local_policy_until_18_or_years_after_the_last_change():
    (until, rule), by_rule = _kept(_child(), [], last="2035-01-01")
    assert (until, rule) == (date(2038, 1, 1), "LOCAL_POLICY")
    assert by_rule["LOOKED_AFTER"] == (False, None) and by_rule["ADOPTED"] == (False, None)
    (until, rule), _ = _kept(_child(), [], last="2025-10-01")
    assert (until, rule) == (date(2036, 3, 9), "LOCAL_POLICY")  # the 18th birthday is later
    (until, _rule), _ = _kept(_child(), [], last="2035-01-01", years=6)
    assert until == date(2041, 1, 1)


def test_a_child_ever_looked_after_is_kept_to_the_75th_anniversary_of_the_birth():
    (until, rule), by_rule = _kept(_child(), [_episode()])
    assert (until, rule) == (date(2093, 3, 9), "LOOKED_AFTER")
    assert by_rule["LOCAL_POLICY"] == (True, date(2036, 3, 9))


def test_a_looked_after_child_who_died_before_18_is_kept_15_years_from_the_death():
    (until, rule), _ = _kept(_child(died="2025-06-01"), [_episode()], last="2025-06-01")
    assert (until, rule) == (date(2040, 6, 1), "LOOKED_AFTER")


def test_a_death_on_or_after_the_18th_birthday_keeps_the_75th_anniversary():
    (until, _rule), _ = _kept(_child(died="2036-03-09"), [_episode()])
    assert until == date(2093, 3, 9)
    (until, _rule), _ = _kept(_child(died="2036-03-08"), [_episode()])
    assert until == date(2051, 3, 8)


def test_an_adoption_order_keeps_the_record_100_years_from_it():
    (until, rule), by_rule = _kept(_child(), [_episode("2020-07-01", "X1"), _episode("2021-02-03", "E12")])
    assert (until, rule) == (date(2121, 2, 3), "ADOPTED")
    assert by_rule["LOOKED_AFTER"] == (True, date(2093, 3, 9))
    (_until, _rule), by_rule = _kept(_child(), [_episode("2021-02-03", "E4A")])
    assert by_rule["ADOPTED"] == (False, None)


def test_a_looked_after_child_with_no_date_of_birth_is_kept_with_no_date_yet():
    (until, rule), by_rule = _kept(_child(born=None), [_episode()])
    assert (until, rule) == (None, None)
    assert by_rule["LOOKED_AFTER"] == (True, None)


def test_an_unborn_child_is_kept_by_the_expected_birth_and_29_february_counts_from_1_march():
    (until, _rule), _ = _kept(_child(born=None, expected="2026-02-01"), [], last="2025-12-01")
    assert until == date(2044, 2, 1)
    (until, _rule), _ = _kept(_child(born="2016-02-29"), [_episode()])
    assert until == date(2091, 3, 1)
    (until, rule), _ = _kept(_child(born=None), [], last=None)
    assert (until, rule) == (None, None)
