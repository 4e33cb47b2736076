"""The kinds of problem the service answers with, each described where its ``type`` URI points.

Every problem+json body carries ``type: /problems/<code, dashed>``: a URI reference relative to the
server that answered (RFC 9457 section 3.1.1 allows one, with a full path as here), so it resolves
on every deployment, behind any proxy, without naming a host. ``GET /problems/<type>`` answers with a
page saying what the problem means and what to do (HTML, or JSON when asked for); ``GET /problems``
lists them all. A client keys on ``code`` (the same word with underscores); ``type`` is for people.
"""

from __future__ import annotations

from dataclasses import dataclass

PROBLEM_TYPE_BASE = "/problems/"


@dataclass(frozen=True)
class ProblemType:
    code: str
    status: int
    title: str
    means: str
    what_to_do: str

    @property
    def slug(self) -> str:
        return self.code.replace("_", "-")

    @property
    def uri(self) -> str:
        return PROBLEM_TYPE_BASE + self.slug


def type_uri(code: str) -> str:
    """The ``type`` of a problem with this ``code``."""
    return PROBLEM_TYPE_BASE + code.replace("_", "-")


PROBLEM_TYPES: tuple[ProblemType, ...] = (
    ProblemType(
        "if_match_invalid",
        400,
        "If-Match is not an entity tag",
        "The If-Match header is not an entity tag list: an ETag is quoted, as the service sends it "
        '(`W/"3"`), or `*`. A bare `3` is not an entity tag, so it is refused rather than guessed at.',
        "Send the ETag header of your last read back unchanged in If-Match.",
    ),
    ProblemType(
        "bad_request",
        400,
        "Bad request",
        "The request could not be understood.",
        "Read `detail`; correct the request and send it again.",
    ),
    ProblemType(
        "unauthenticated",
        401,
        "Authentication required",
        "The request has no bearer token, or its token is not valid here: expired, signed by another "
        "issuer or key, for another audience, or for an authority this service does not know.",
        "Send `Authorization: Bearer <token>` with a current token from the issuer this service trusts. "
        "On the reference service, mint one with `sos-reference token --la 990` run with the server's "
        "DATABASE_URL (the signing key lives in its database).",
    ),
    ProblemType(
        "insufficient_scope",
        403,
        "Not permitted",
        "The token is good but lacks the scope the operation needs (`read`, `write`, `audit` or `admin`).",
        "Ask for a token with the scope named in `detail`.",
    ),
    ProblemType(
        "not_found",
        404,
        "Not found",
        "There is no such resource, or the record belongs to another authority: the two are answered "
        "alike, so another authority's records cannot even be detected.",
        "Check the path and the id, and that the token is for the authority that holds the record.",
    ),
    ProblemType(
        "method_not_allowed",
        405,
        "Method not allowed",
        "The path exists but does not answer this method; the `Allow` header lists those it does. "
        "Records are never deleted.",
        "Use a method from `Allow`. To withdraw a record made by mistake, mark it entered in error: "
        "`POST <record path>/entered-in-error` with a reason; it stays readable with its history.",
    ),
    ProblemType(
        "not_acceptable",
        406,
        "Not acceptable",
        "The `Accept` header asks only for media types this service does not produce.",
        "Accept `application/json` (and `application/problem+json` for errors), or leave `Accept` out.",
    ),
    ProblemType(
        "conflict",
        409,
        "Conflict with the record's current state",
        "The request is well formed but clashes with what is recorded: a record already entered in "
        "error, a duplicate, an Idempotency-Key still in use, or another change saved at the same moment.",
        "Read the record again, then decide; `detail` (and `requirement`, when a rule says so) names "
        "the clash.",
    ),
    ProblemType(
        "version_mismatch",
        412,
        "The record has changed since you read it",
        "If-Match names a version that is no longer the record's current one: someone saved a change "
        "after you read it. `current_version` says which version it is at now.",
        "Read the record again, apply your change to what it says now, and send it with the new ETag.",
    ),
    ProblemType(
        "body_too_large",
        413,
        "Request body too large",
        "The body is longer than the service accepts (SOS_MAX_BODY_BYTES, 256 KiB by default).",
        "Send less: split long text across records or attach it in your own system.",
    ),
    ProblemType(
        "unsupported_media_type",
        415,
        "Unsupported media type",
        "The body is not sent as JSON.",
        "Send the body with `Content-Type: application/json`.",
    ),
    ProblemType(
        "validation_failed",
        422,
        "The request is not valid",
        "The body, a parameter or a header breaks the contract: a field missing, unknown, of the wrong "
        "type or form, or a code not in its list. Each fault is in `errors[]`, with a JSON Pointer to the "
        "field (`pointer`), what is wrong (`detail`) and, for a coded field, the list (`code_list`).",
        "Correct each field named in `errors[]`. Dates are written YYYY-MM-DD; a coded field takes a "
        "current code of its list (`GET /v1/reference-data/{list}`); malformed JSON is located by line "
        "and column.",
    ),
    ProblemType(
        "rule_violated",
        422,
        "A recording rule refuses this",
        "The request is well formed but a recording rule refuses it; `requirement` names the rule in "
        "the requirements catalogue (`GET /v1/requirements`) and `errors[]` the fields involved.",
        "Read the requirement, record what it needs first (the guide says what to record at each "
        "stage), then send the request again.",
    ),
    ProblemType(
        "if_match_required",
        428,
        "If-Match is required",
        "An amendment must say which version it amends, so that no one else's change is overwritten.",
        "Read the record, then send its `ETag` in `If-Match`.",
    ),
    ProblemType(
        "too_many_requests",
        429,
        "Too many requests",
        "This client sent more requests than its limit (per token, or per address without one).",
        "Wait the number of seconds in `Retry-After`, then carry on at a slower pace.",
    ),
    ProblemType(
        "internal_error",
        500,
        "Internal error",
        "The service failed while answering. Nothing was saved: a request is all or nothing.",
        "Try again later; if it persists, give the service's operators the `request_id`.",
    ),
    ProblemType(
        "service_busy",
        503,
        "The service is busy",
        "More requests are waiting for the database than this process admits, or one waited too long, "
        "or it met others changing the same records at the same moment and could not finish after "
        "several tries, or a database statement of it ran past the service's limit and was stopped. "
        "Nothing was done.",
        "Wait the number of seconds in `Retry-After` and send the same request again.",
    ),
    ProblemType(
        "http_error",
        400,
        "HTTP error",
        "A protocol-level refusal with no more specific kind; its `status` is the HTTP status.",
        "Read `detail`; correct the request and send it again.",
    ),
)

BY_SLUG = {t.slug: t for t in PROBLEM_TYPES}
BY_CODE = {t.code: t for t in PROBLEM_TYPES}
