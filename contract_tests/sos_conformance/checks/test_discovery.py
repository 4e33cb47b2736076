"""Discovery: what the system says it implements (needs no module and no token)."""

from __future__ import annotations

import re

import pytest

from sos_conformance.client import Api
from sos_conformance.expect import check, expect_status, json_body
from sos_conformance.plugin import area, requirement

pytestmark = area("discovery")


@pytest.mark.check("SOS-CHK-DISC-001")
@requirement("SOS-CAP-001")
def test_capabilities_without_a_token(anonymous: Api) -> None:
    """GET /v1/capabilities answers without a token with the contract version and the modules."""
    response = expect_status(anonymous.get("/v1/capabilities"), 200)
    body = json_body(response)
    version = str(body.get("contract_version", ""))
    check(
        bool(re.fullmatch(r"\d+\.\d+\.\d+([-+].*)?", version)),
        "a semantic contract_version",
        repr(version),
        response,
    )
    ids = [m.get("id") for m in body.get("modules", [])]
    check("core" in ids, "the core module among modules[].id", repr(ids), response)
