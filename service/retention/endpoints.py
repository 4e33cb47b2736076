"""How long each child's record is kept (domain.md 6.3 and 8.5 rule 12)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Path, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.config import get_settings
from service.kit.auth import Reader
from service.kit.operations import about, reading
from service.kit.records import ENTERED_IN_ERROR
from service.kit.responses import json_response
from service.kit.routing import area_router
from service.models.care import LookedAfterEpisode
from service.people.kinds import PERSON
from service.retention.rules import findings, kept_until
from service.retention.schemas import Retention, RetentionRule
from service.stages.chronology import case_ids_of, child_versions

router = area_router(tags=["retention"])
ChildId = Annotated[uuid.UUID, Path(description="The child's person id.")]


@reading(router, "/v1/children/{child_id}/retention", Retention, "SOS-DP-001")
async def get_child_retention(child_id: ChildId, request: Request, caller: Reader) -> Response:
    """How long the child's records are kept.

    Worked out from the records on every read, never typed: 100 years from an adoption order; for a
    child ever looked after, to the 75th anniversary of the birth (15 years from a death before 18);
    and for every child the authority's own policy (until 18 and some years with no change). The
    records are kept until the latest date of the rules that apply; each rule says whether it applies
    and why. Audited as one read of the child.
    """
    inactive_years = get_settings().retention_inactive_years

    def work(session: Session, child: Any) -> Retention:
        episodes = session.scalars(
            select(LookedAfterEpisode).where(
                LookedAfterEpisode.la_code == caller.la_code,
                LookedAfterEpisode.child_id == child_id,
                LookedAfterEpisode.status != ENTERED_IN_ERROR,
            )
        ).all()
        versions = child_versions(session, caller.la_code, child_id, case_ids_of(session, child_id))
        last_change_on = max((v.effective_on for v in versions), default=None)
        found = findings(child, episodes, last_change_on, inactive_years)
        retain_until, rule = kept_until(found)
        return Retention(
            child_id=child_id,
            retain_until=retain_until,
            rule=rule,
            rules=[RetentionRule(**vars(f)) for f in found],
            last_change_on=last_change_on,
            inactive_years=inactive_years,
        )

    return json_response(await about(request, caller, PERSON, child_id, "read_retention", work))
