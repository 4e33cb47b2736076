"""Stage transitions, and each child's stages and whole journey."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Path, Request, Response
from sqlalchemy.orm import Session

from service.cases.kinds import CASE, CaseId
from service.kit.auth import Reader
from service.kit.operations import READ_ERRORS, about, add_operations, answered_as, reading
from service.kit.responses import PageFormat, json_or_page, json_response
from service.kit.routing import area_router
from service.people.kinds import PERSON
from service.stages.chronology import case_ids_of, case_versions, child_versions, chronology, person_name
from service.stages.chronology_page import chronology_html
from service.stages.kinds import TRANSITION
from service.stages.moves import allowed_moves, replay
from service.stages.rules import facts, open_stages, transitions_of
from service.stages.schemas import ChildStages, Chronology, Journey, JourneyEntry

router = area_router(tags=["stages"])
ChildId = Annotated[uuid.UUID, Path(description="The child's person id.")]

add_operations(router, TRANSITION)


@reading(router, "/v1/children/{child_id}/stages", ChildStages, "SOS-STAGE-002")
async def get_child_stages(child_id: ChildId, request: Request, caller: Reader) -> Response:
    """A child's open stages.

    Where the child is on the continuum now, and which moves the rules allow next.
    """

    def stages_of(session: Session, child: Any) -> ChildStages:
        stages = open_stages(session, child.id)
        return ChildStages(child_id=child.id, stages=sorted(stages), allowed_next=allowed_moves(stages))

    return json_response(await about(request, caller, PERSON, child_id, "read_stages", stages_of))


@reading(router, "/v1/children/{child_id}/journey", Journey, "SOS-JOURNEY-001", "SOS-CHRON-002")
async def get_child_journey(child_id: ChildId, request: Request, caller: Reader) -> Response:
    """A child's whole journey.

    Every record about the child and their case, and every change to it, in time order from the
    front door on, each with the stages the child was at on that date.
    """

    def journey(session: Session, child: Any) -> Journey:
        case_ids = case_ids_of(session, child_id)
        ordered = child_versions(session, caller.la_code, child_id, case_ids)
        moves = facts(transitions_of(session, child_id))
        return Journey(
            child_id=child_id,
            case_ids=case_ids,
            current_stages=sorted(replay(moves)),
            entries=[
                JourneyEntry(
                    **{name: getattr(v, name) for name in JourneyEntry.model_fields if name != "stages"},
                    stages=sorted(replay(moves, v.effective_on)),
                )
                for v in ordered
            ],
        )

    return json_response(await about(request, caller, PERSON, child_id, "read_journey", journey))


CHRONOLOGY_ANSWERS = {
    **READ_ERRORS,
    **answered_as(
        "text/html",
        "The chronology, as JSON or (with `format=html` or `Accept: text/html`) a printable page.",
    ),
}


def _chronology_reading(path: str, *requirements: str) -> Any:
    """The decorator of a chronology read: JSON or a printable page, carrying the chronology's
    requirements after its own."""
    return reading(
        router,
        path,
        Chronology,
        *requirements,
        "SOS-CHRON-001",
        "SOS-CHRON-002",
        responses=CHRONOLOGY_ANSWERS,
    )


@_chronology_reading("/v1/children/{child_id}/chronology", "SOS-JOURNEY-001")
async def get_child_chronology(
    child_id: ChildId, request: Request, caller: Reader, format: PageFormat = None
) -> Response:
    """A child's chronology.

    Every change to the records about the child and their cases, on the day it happened (the
    practice date each change was given, not the day it was typed), oldest first, in plain words:
    the date, what happened, who recorded it, and the source record and version. Records about the
    child's siblings only are left out. JSON, or a printable page with `format=html` or
    `Accept: text/html`. Audited as one read of the child.
    """

    def work(session: Session, child: Any) -> Chronology:
        case_ids = case_ids_of(session, child_id)
        versions = child_versions(session, caller.la_code, child_id, case_ids)
        return chronology(person_name(child), versions, child_id, case_ids)

    told = await about(request, caller, PERSON, child_id, "read_chronology", work)
    return json_or_page(request, told, chronology_html, format)


@_chronology_reading("/v1/cases/{case_id}/chronology")
async def get_case_chronology(
    case_id: CaseId, request: Request, caller: Reader, format: PageFormat = None
) -> Response:
    """A case's chronology.

    Every change to the case's records, each child's included, on the day it happened, oldest
    first, in plain words with the source record and version. JSON, or a printable page with
    `format=html` or `Accept: text/html`. Audited as one read of the case.
    """

    def work(session: Session, case: Any) -> Chronology:
        return chronology(case.title, case_versions(session, caller.la_code, case_id), None, [case_id])

    told = await about(request, caller, CASE, case_id, "read_chronology", work)
    return json_or_page(request, told, chronology_html, format)
