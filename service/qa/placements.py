"""M13 (placement stability) and the looked-after counts beside it, from the SSDA903 episodes.

A placement is a run of a child's episodes in one place: every episode starts a new placement except
one whose reason for new episode is L (legal status changed, placement the same). A child's
placements in the period are the placements any part of which falls in it: each episode overlapping
the period that is not L, and one more if the first such episode is L (its placement began earlier).
Temporary placements (T0 to T4) are not counted as placements, as the return's stability figures do
not count them. A child counts as looked after in the period when one of their episodes overlaps it.

One query for the authority's live episodes (test data and entered-in-error rows left out, only the
cases in scope), grouped by child in Python.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from service.care.episodes import SAME_DAY, STARTS_PERIOD, TEMPORARY
from service.models.care import LookedAfterEpisode

if TYPE_CHECKING:
    from service.qa.measures import MeasureContext, MeasureResult

UNSTABLE_PLACEMENTS = 3
SAME_PLACEMENT = "L"


def _episodes(ctx: MeasureContext) -> dict[Any, list[Any]]:
    e = LookedAfterEpisode
    rows = ctx.db.execute(
        select(e.child_id, e.start_date, e.end_date, e.reason_new_episode, e.reason_ceased, e.placement_type)
        .where(ctx.live(e), e.start_date <= ctx.period.end)
        .order_by(e.child_id, e.start_date)
    )
    by_child: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        by_child[row.child_id].append(row)
    return by_child


def placements_in_period(ctx: MeasureContext, episodes: list[Any]) -> int:
    """How many placements of one child's episodes (in start order) fall in the period."""
    overlapping = [
        x
        for x in episodes
        if x.placement_type not in TEMPORARY and (x.end_date is None or x.end_date >= ctx.period.start)
    ]
    if not overlapping:
        return 0
    count = sum(1 for x in overlapping if x.reason_new_episode != SAME_PLACEMENT)
    return count + (overlapping[0].reason_new_episode == SAME_PLACEMENT)


def m13(ctx: MeasureContext, r: MeasureResult) -> None:
    children = unstable = placements = started = ceased = 0
    for episodes in _episodes(ctx).values():
        if not any(x.end_date is None or x.end_date >= ctx.period.start for x in episodes):
            continue
        children += 1
        count = placements_in_period(ctx, episodes)
        placements += count
        unstable += count >= UNSTABLE_PLACEMENTS
        started += any(x.reason_new_episode == STARTS_PERIOD and x.start_date in ctx.period for x in episodes)
        ceased += any(
            x.end_date is not None and x.end_date in ctx.period and x.reason_ceased != SAME_DAY
            for x in episodes
        )
    r.denominator, r.numerator = children, unstable
    r.details["placements_in_period"] = placements
    r.details["placements_per_child"] = round(placements / children, 4) if children else None
    r.details["children_starting_care_in_period"] = started
    r.details["children_ceasing_care_in_period"] = ceased
