"""The assessment map, danger statements with their safety goals, and scales with their ratings."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.assessment import service as rules
from service.assessment.schemas import (
    CaseVocabulary,
    DangerStatementAmend,
    DangerStatementCreate,
    DangerStatementRead,
    GoalMet,
    Labels,
    MapAmend,
    MapCreate,
    MapEntryRead,
    MapRead,
    RaterSeries,
    RatingCreate,
    RatingRead,
    SafetyGoalRead,
    ScaleAmend,
    ScaleCreate,
    ScaleRead,
    ScaleSeries,
    SeriesPoint,
    Withdrawal,
)
from service.cases.kinds import CASE, CaseId
from service.db import SessionDep
from service.kit.auth import Caller, Reader, Writer
from service.kit.errors import Conflict, ValidationFailed, field_error
from service.kit.legacy_idempotency import Idempotency, created
from service.kit.legacy_records import (
    ENTERED_IN_ERROR,
    RecordKind,
    Subject,
    audit,
    audit_event,
    check_if_match,
    etag,
)
from service.kit.legacy_routes import AMEND_ERRORS, READ_ERRORS, WRITE_ERRORS, IfMatch, add_record_routes
from service.kit.pagination import Page, Paging, fetch_page
from service.kit.schemas import read_fields
from service.models.assessment import AssessmentMap, DangerStatement, Scale, ScaleRating
from service.reference_data.registry import code_lists

router = APIRouter(tags=["assessment"])
StatementId = Annotated[uuid.UUID, Path(description="The danger statement's id.")]
ScaleId = Annotated[uuid.UUID, Path(description="The scale's id.")]

# --- the map ------------------------------------------------------------------------------------


def map_to_read(_session: Session, m: AssessmentMap) -> MapRead:
    return MapRead(
        **read_fields(m),
        case_id=m.case_id,
        map_version=m.map_version,
        context=list(m.context),
        vocabulary=m.vocabulary,
        labels=Labels(**rules.labels_for(m.vocabulary)),
        mapped_on=m.mapped_on,
        participants=list(m.participants),
        entries=[MapEntryRead(**e) for e in m.entries],
    )


MAP = RecordKind(
    record_type="assessment_map",
    label="map",
    model=AssessmentMap,
    to_read=map_to_read,
    subject=lambda m: Subject(case_id=m.case_id),
    effective_date=lambda m: m.mapped_on,
    summary=lambda m: f"Map version {m.map_version} ({m.vocabulary.lower()}), {len(m.entries)} entries",
)


@router.post(
    "/v1/cases/{case_id}/maps",
    response_model=MapRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra={"x-requirements": ["SOS-MAP-001", "SOS-MAP-002", "SOS-VOCAB-001", "SOS-HTTP-010"]},
)
def create_map(
    case_id: CaseId,
    body: MapCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> MapRead:
    """Make a new version of the case's map.

    Each call makes the next version (1, 2, 3 ... per case) with its typed entries; earlier versions
    stay as they were. Without `vocabulary`, the case's vocabulary on `mapped_on` is used.
    """
    CASE.get(session, caller, case_id)
    entries = rules.map_entries_json(session, case_id, list(body.entries))
    vocabulary = body.vocabulary or rules.case_vocabulary(session, case_id, body.mapped_on)
    the_map = AssessmentMap(
        case_id=case_id,
        map_version=rules.next_map_version(session, case_id),
        context=list(body.context),
        vocabulary=vocabulary,
        mapped_on=body.mapped_on,
        participants=list(body.participants),
        entries=entries,
    )
    read = MAP.create(session, caller, the_map)
    created(session, guard, response, read, version=the_map.version, location=f"/v1/maps/{the_map.id}")
    return read


@router.get(
    "/v1/cases/{case_id}/maps",
    response_model=Page[MapRead],
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-MAP-001", "SOS-LIST-001"]},
)
def list_maps(
    case_id: CaseId, session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[MapRead]:
    """List a case's map versions.

    Every version of the case's map, entered-in-error ones included, a page at a time.
    """
    CASE.get(session, caller, case_id)
    rows, cursor = fetch_page(
        session,
        select(AssessmentMap).where(AssessmentMap.case_id == case_id),
        AssessmentMap,
        paging,
        request,
        response,
    )
    return Page[MapRead](items=MAP.read_many(session, caller, rows), next_cursor=cursor)


def _map_changes(
    session: Session, _caller: Caller, the_map: AssessmentMap, data: dict[str, object]
) -> dict[str, object]:
    for name in ("context", "vocabulary", "mapped_on", "participants", "entries"):
        if name in data and data[name] is None:
            raise ValidationFailed(
                f"{name} cannot be emptied.", errors=[field_error(f"/{name}", "cannot be null", "required")]
            )
    if "entries" in data:
        data["entries"] = rules.map_entries_json(session, the_map.case_id, list(data["entries"]))  # type: ignore[call-overload]
    return data


add_record_routes(
    router,
    MAP,
    path="/v1/maps",
    name="map",
    read_schema=MapRead,
    amend_schema=MapAmend,
    on_amend=_map_changes,
    requirements={
        "get": ["SOS-MAP-001"],
        "amend": ["SOS-MAP-002"],
        "entered_in_error": ["SOS-REC-004"],
        "history": ["SOS-REC-005"],
    },
)

# --- danger statements and their safety goals ---------------------------------------------------


def statement_to_read(session: Session, s: DangerStatement) -> DangerStatementRead:
    vocabulary = rules.case_vocabulary(session, s.case_id)
    return DangerStatementRead(
        **read_fields(s),
        case_id=s.case_id,
        children=[uuid.UUID(str(c)) for c in s.children],
        statement_kind=s.statement_kind,
        who_is_worried=list(s.who_is_worried),
        worried_about=s.worried_about,
        impact_on_child=s.impact_on_child,
        if_nothing_changes=s.if_nothing_changes,
        opening_acknowledgement=s.opening_acknowledgement,
        family_position=s.family_position,
        dispute_text=s.dispute_text,
        written_on=s.written_on,
        goal=SafetyGoalRead(
            parent_actions=s.goal_parent_actions,
            child_experience=s.goal_child_experience,
            professional_observation=s.goal_professional_observation,
            best_hopes=s.goal_best_hopes,
            sustain_duration=s.goal_sustain_duration,
            sustain_from=s.goal_sustain_from,
            met_on=s.goal_met_on,
        ),
        vocabulary=vocabulary,
        labels=Labels(**rules.labels_for(vocabulary, s.statement_kind)),
    )


STATEMENT = RecordKind(
    record_type="danger_statement",
    label="danger statement",
    model=DangerStatement,
    to_read=statement_to_read,
    subject=lambda s: Subject(case_id=s.case_id),
    effective_date=lambda s: s.goal_met_on if s.status == "goal_met" else s.written_on,
    summary=lambda s: f"Statement ({s.family_position.lower()}): {s.worried_about}",
)


@router.post(
    "/v1/cases/{case_id}/danger-statements",
    response_model=DangerStatementRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra={
        "x-requirements": [
            "SOS-DS-001",
            "SOS-DS-002",
            "SOS-DS-003",
            "SOS-DS-004",
            "SOS-GOAL-001",
            "SOS-VOCAB-002",
            "SOS-HTTP-010",
        ]
    },
)
def record_danger_statement(
    case_id: CaseId,
    body: DangerStatementCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> DangerStatementRead:
    """Record a danger statement with its safety goal.

    The statement and its goal come in one body and are kept as one pair, so a statement never
    exists without its goal. More than three active statements on the case adds a warning.
    """
    CASE.get(session, caller, case_id)
    data = rules.flatten_goal(body.model_dump())
    rules.check_statement(session, case_id, data)
    data["children"] = [str(c) for c in data["children"]]
    statement = DangerStatement(case_id=case_id, **data)
    read = STATEMENT.create(session, caller, statement)
    read.warnings = rules.statement_warnings(session, case_id)
    created(
        session,
        guard,
        response,
        read,
        version=statement.version,
        location=f"/v1/danger-statements/{statement.id}",
    )
    return read


@router.get(
    "/v1/cases/{case_id}/danger-statements",
    response_model=Page[DangerStatementRead],
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-VOCAB-002", "SOS-LIST-001"]},
)
def list_danger_statements(
    case_id: CaseId,
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
    status: Annotated[
        str | None,
        Query(
            max_length=32,
            description="Only statements with this status: active, goal_met, withdrawn or entered_in_error.",
        ),
    ] = None,
) -> Page[DangerStatementRead]:
    """List a case's danger statements.

    The case's statements with their goals, each labelled in the case's current vocabulary.
    """
    CASE.get(session, caller, case_id)
    query = select(DangerStatement).where(DangerStatement.case_id == case_id)
    if status is not None:
        query = query.where(DangerStatement.status == status)
    rows, cursor = fetch_page(session, query, DangerStatement, paging, request, response)
    return Page[DangerStatementRead](items=STATEMENT.read_many(session, caller, rows), next_cursor=cursor)


def _statement_changes(
    session: Session, _caller: Caller, statement: DangerStatement, data: dict[str, object]
) -> dict[str, object]:
    return rules.statement_changes(session, statement, dict(data))


add_record_routes(
    router,
    STATEMENT,
    path="/v1/danger-statements",
    name="danger_statement",
    read_schema=DangerStatementRead,
    amend_schema=DangerStatementAmend,
    on_amend=_statement_changes,
    requirements={
        "get": ["SOS-VOCAB-002"],
        "amend": ["SOS-DS-002", "SOS-DS-003", "SOS-DS-005", "SOS-GOAL-001"],
        "entered_in_error": ["SOS-REC-004"],
        "history": ["SOS-DS-005", "SOS-REC-005"],
    },
)


def _active_statement(
    session: Session, caller: Caller, statement_id: uuid.UUID, if_match: str | None, doing: str
) -> DangerStatement:
    statement = STATEMENT.get(session, caller, statement_id)
    check_if_match(statement, if_match)
    if statement.status != rules.ACTIVE:
        raise Conflict(
            f"Only an active statement can be {doing}; this one is {statement.status}.",
            requirement="SOS-DS-005",
        )
    return statement


@router.post(
    "/v1/danger-statements/{danger_statement_id}/goal-met",
    response_model=DangerStatementRead,
    responses=AMEND_ERRORS,
    openapi_extra={"x-requirements": ["SOS-GOAL-002"]},
)
def mark_safety_goal_met(
    danger_statement_id: StatementId,
    body: GoalMet,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> DangerStatementRead:
    """Mark a safety goal met.

    Allowed only once the change has lasted: sustain_from plus sustain_duration must fall on or
    before met_on. Sets the pair's status to goal_met as a new version. Needs If-Match.
    """
    statement = _active_statement(session, caller, danger_statement_id, if_match, "marked met")
    rules.check_goal_met(statement, body.met_on)
    read = STATEMENT.amend(
        session,
        caller,
        statement,
        {"status": rules.GOAL_MET, "goal_met_on": body.met_on},
        if_match,
        change="goal_met",
    )
    response.headers["ETag"] = etag(statement.version)
    return read


@router.post(
    "/v1/danger-statements/{danger_statement_id}/withdraw",
    response_model=DangerStatementRead,
    responses=AMEND_ERRORS,
    openapi_extra={"x-requirements": ["SOS-DS-005"]},
)
def withdraw_danger_statement(
    danger_statement_id: StatementId,
    body: Withdrawal,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> DangerStatementRead:
    """Withdraw a danger statement.

    For a worry that no longer applies (not one recorded in error): the pair stays readable with
    status withdrawn and your reason, and no longer counts as active. Needs If-Match.
    """
    statement = _active_statement(session, caller, danger_statement_id, if_match, "withdrawn")
    read = STATEMENT.amend(
        session,
        caller,
        statement,
        {"status": rules.WITHDRAWN, "status_reason": body.reason},
        if_match,
        reason=body.reason,
        change="withdrawn",
    )
    response.headers["ETag"] = etag(statement.version)
    return read


# --- scales and ratings -------------------------------------------------------------------------


def scale_to_read(session: Session, s: Scale) -> ScaleRead:
    vocabulary = rules.case_vocabulary(session, s.case_id)
    return ScaleRead(
        **read_fields(s),
        case_id=s.case_id,
        kind=s.kind,
        defined_on=s.defined_on,
        question=s.question,
        anchor_0=s.anchor_0,
        anchor_10=s.anchor_10,
        danger_statement_id=s.danger_statement_id,
        vocabulary=vocabulary,
        scale_label=rules.scale_label(vocabulary, s.kind),
    )


SCALE = RecordKind(
    record_type="scale",
    label="scale",
    model=Scale,
    to_read=scale_to_read,
    subject=lambda s: Subject(case_id=s.case_id),
    effective_date=lambda s: s.defined_on,
    summary=lambda s: f"{s.kind.title()} scale: {s.question}",
)


@router.post(
    "/v1/cases/{case_id}/scales",
    response_model=ScaleRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra={"x-requirements": ["SOS-SCALE-001", "SOS-VOCAB-002", "SOS-HTTP-010"]},
)
def create_scale(
    case_id: CaseId,
    body: ScaleCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> ScaleRead:
    """Set up a scale.

    A scaling question with what 0 and 10 mean, perhaps tied to one danger statement of the case.
    """
    CASE.get(session, caller, case_id)
    rules.check_linked_statement(session, caller.la_code, case_id, body.danger_statement_id)
    scale = Scale(case_id=case_id, **body.model_dump())
    read = SCALE.create(session, caller, scale)
    created(session, guard, response, read, version=scale.version, location=f"/v1/scales/{scale.id}")
    return read


@router.get(
    "/v1/cases/{case_id}/scales",
    response_model=Page[ScaleRead],
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-LIST-001"]},
)
def list_scales(
    case_id: CaseId, session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[ScaleRead]:
    """List a case's scales.

    The case's scales with their anchors, labelled in the case's current vocabulary.
    """
    CASE.get(session, caller, case_id)
    rows, cursor = fetch_page(
        session, select(Scale).where(Scale.case_id == case_id), Scale, paging, request, response
    )
    return Page[ScaleRead](items=SCALE.read_many(session, caller, rows), next_cursor=cursor)


def _scale_changes(
    session: Session, caller: Caller, scale: Scale, data: dict[str, object]
) -> dict[str, object]:
    for name in ("question", "anchor_0", "anchor_10"):
        if name in data and data[name] is None:
            raise ValidationFailed(
                f"{name} cannot be emptied.", errors=[field_error(f"/{name}", "cannot be null", "required")]
            )
    if data.get("danger_statement_id") is not None:
        rules.check_linked_statement(session, caller.la_code, scale.case_id, data["danger_statement_id"])  # type: ignore[arg-type]
    return data


add_record_routes(
    router,
    SCALE,
    path="/v1/scales",
    name="scale",
    read_schema=ScaleRead,
    amend_schema=ScaleAmend,
    on_amend=_scale_changes,
    requirements={
        "get": ["SOS-VOCAB-002"],
        "amend": ["SOS-SCALE-001"],
        "entered_in_error": ["SOS-REC-004"],
        "history": ["SOS-REC-005"],
    },
)


def rating_to_read(_session: Session, r: ScaleRating) -> RatingRead:
    return RatingRead(
        **read_fields(r),
        scale_id=r.scale_id,
        scale_version=r.scale_version,
        case_id=r.case_id,
        value=r.value,
        rater_name=r.rater_name,
        rater_role=r.rater_role,
        rated_on=r.rated_on,
        context=r.context,
        reason=r.reason,
        one_point_higher=r.one_point_higher,
        meeting_ref=r.meeting_ref,
    )


RATING = RecordKind(
    record_type="scale_rating",
    label="rating",
    model=ScaleRating,
    to_read=rating_to_read,
    subject=lambda r: Subject(case_id=r.case_id),
    effective_date=lambda r: r.rated_on,
    summary=lambda r: f"Rating {r.value}/10 by {r.rater_name} ({r.rater_role.lower()})",
)


@router.post(
    "/v1/scales/{scale_id}/ratings",
    response_model=RatingRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra={"x-requirements": ["SOS-SCALE-002", "SOS-SCALE-003", "SOS-HTTP-010"]},
)
def record_scale_rating(
    scale_id: ScaleId,
    body: RatingCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> RatingRead:
    """Record a rating on a scale.

    One person's number from 0 to 10 with their reason. Ratings are kept as given: there is no
    amendment; a wrong one is marked entered in error and a new one recorded.
    """
    scale = SCALE.get(session, caller, scale_id)
    if scale.status == ENTERED_IN_ERROR:
        raise Conflict(
            "This scale was entered in error; rate on the case's current scale.", requirement="SOS-SCALE-002"
        )
    rules.check_rating(body.value, body.reason)
    rating = ScaleRating(
        scale_id=scale.id, scale_version=scale.version, case_id=scale.case_id, **body.model_dump()
    )
    read = RATING.create(session, caller, rating)
    created(session, guard, response, read, version=rating.version, location=f"/v1/ratings/{rating.id}")
    return read


@router.get(
    "/v1/scales/{scale_id}/ratings",
    response_model=Page[RatingRead],
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-LIST-001"]},
)
def list_scale_ratings(
    scale_id: ScaleId,
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
) -> Page[RatingRead]:
    """List a scale's ratings.

    Every rating on the scale, entered-in-error ones included, a page at a time.
    """
    SCALE.get(session, caller, scale_id)
    rows, cursor = fetch_page(
        session,
        select(ScaleRating).where(ScaleRating.scale_id == scale_id),
        ScaleRating,
        paging,
        request,
        response,
    )
    return Page[RatingRead](items=RATING.read_many(session, caller, rows), next_cursor=cursor)


add_record_routes(
    router,
    RATING,
    path="/v1/ratings",
    name="scale_rating",
    read_schema=RatingRead,
    amend_schema=None,
    requirements={
        "get": ["SOS-SCALE-002"],
        "entered_in_error": ["SOS-SCALE-003"],
        "history": ["SOS-REC-005"],
    },
)


@router.get(
    "/v1/scales/{scale_id}/series",
    response_model=ScaleSeries,
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-SCALE-004"]},
)
def get_scale_series(
    scale_id: ScaleId,
    session: SessionDep,
    caller: Reader,
    rater_role: Annotated[
        str | None, Query(max_length=32, description="Only raters with this role (list rater_role).")
    ] = None,
) -> ScaleSeries:
    """A scale's ratings per rater over time.

    Each rater's ratings in date order, side by side. Nothing is averaged: the spread between
    people and the movement over time are the evidence. Entered-in-error ratings are left out.
    """
    scale = SCALE.get(session, caller, scale_id)
    if rater_role is not None and rater_role not in code_lists()["rater_role"].codes:
        raise ValidationFailed(
            f"'{rater_role}' is not a code of the list rater_role.",
            errors=[
                field_error(
                    "/rater_role", "unknown code", "code_unknown", location="query", code_list="rater_role"
                )
            ],
        )
    query = select(ScaleRating).where(
        ScaleRating.scale_id == scale.id, ScaleRating.status != ENTERED_IN_ERROR
    )
    if rater_role is not None:
        query = query.where(ScaleRating.rater_role == rater_role)
    ratings = list(
        session.scalars(query.order_by(ScaleRating.rated_on, ScaleRating.created_at, ScaleRating.id))
    )
    audit(session, caller, "read", RATING, ratings)
    series: dict[tuple[str, str], RaterSeries] = {}
    for r in ratings:
        key = (r.rater_name, r.rater_role)
        if key not in series:
            series[key] = RaterSeries(rater_name=r.rater_name, rater_role=r.rater_role, points=[])
        series[key].points.append(
            SeriesPoint(
                rating_id=r.id, rated_on=r.rated_on, value=r.value, context=r.context, reason=r.reason
            )
        )
    vocabulary = rules.case_vocabulary(session, scale.case_id)
    return ScaleSeries(
        scale_id=scale.id,
        scale_label=rules.scale_label(vocabulary, scale.kind),
        anchor_0=scale.anchor_0,
        anchor_10=scale.anchor_10,
        raters=list(series.values()),
    )


@router.get(
    "/v1/cases/{case_id}/vocabulary",
    response_model=CaseVocabulary,
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-VOCAB-001"]},
)
def get_case_vocabulary(case_id: CaseId, session: SessionDep, caller: Reader) -> CaseVocabulary:
    """The case's vocabulary now.

    Which words the case's statements, goals and scales are shown in, worked out from its
    children's open stages, with each child's stages.
    """
    case = CASE.get(session, caller, case_id)
    audit_event(session, caller, "read_vocabulary", "case", case.id, case.version, case_id=case.id)
    vocabulary = rules.case_vocabulary(session, case_id)
    return CaseVocabulary(
        case_id=case_id,
        vocabulary=vocabulary,
        labels=Labels(**rules.labels_for(vocabulary)),
        child_stages={str(k): sorted(v) for k, v in rules.child_stages(session, case_id).items()},
    )
