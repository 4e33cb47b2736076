"""Fixtures shared by every check: the configured clients, the contract and the test-data factory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sos_conformance.client import Api
from sos_conformance.contract import Contract
from sos_conformance.data import Factory
from sos_conformance.kinds import kinds_of
from sos_conformance.maker import Maker
from sos_conformance.plugin import ConformancePlugin, Settings, get_plugin


@pytest.fixture(scope="session")
def plugin(pytestconfig: pytest.Config) -> ConformancePlugin:
    return get_plugin(pytestconfig)


@pytest.fixture(scope="session")
def settings(plugin: ConformancePlugin) -> Settings:
    assert plugin.settings is not None
    return plugin.settings


@pytest.fixture(scope="session")
def contract(plugin: ConformancePlugin) -> Contract:
    return plugin.contract


def _client(plugin: ConformancePlugin, token: str | None) -> Api:
    assert plugin.settings is not None
    return Api(
        plugin.settings.base_url, token, plugin.contract, plugin.recorder, timeout=plugin.settings.timeout
    )


@pytest.fixture(scope="session")
def api(plugin: ConformancePlugin, settings: Settings) -> Iterator[Api]:
    """The main client: read, write and audit scopes for one authority."""
    client = _client(plugin, settings.token)
    yield client
    client.close()


@pytest.fixture(scope="session")
def anonymous(plugin: ConformancePlugin) -> Iterator[Api]:
    client = _client(plugin, None)
    yield client
    client.close()


@pytest.fixture(scope="session")
def other_api(plugin: ConformancePlugin, settings: Settings) -> Iterator[Api]:
    """A client of a different local authority."""
    if not settings.other_token:
        pytest.skip("no --other-token (a token of another authority) was given")
    client = _client(plugin, settings.other_token)
    yield client
    client.close()


@pytest.fixture(scope="session")
def reader_api(plugin: ConformancePlugin, settings: Settings) -> Iterator[Api]:
    """A client of the same authority with only the read scope."""
    if not settings.read_only_token:
        pytest.skip("no --read-only-token was given")
    client = _client(plugin, settings.read_only_token)
    yield client
    client.close()


@pytest.fixture(scope="session")
def make(api: Api, settings: Settings) -> Factory:
    return Factory(api, settings.run_id)


@pytest.fixture(scope="session")
def auditor(api: Api) -> Api:
    """The main client, once it is known to hold the audit scope."""
    response = api.get("/v1/audit-events", params={"limit": 1}, validate=False)
    if response.status_code == 403:
        pytest.skip("the --token lacks the audit scope; give a token with read, write and audit")
    return api


@pytest.fixture(scope="session")
def maker(api: Api, make: Factory, contract: Contract) -> Maker:
    """Records of any record type of the contract, made from its examples."""
    return Maker(api, make, kinds_of(contract), contract.unique_in_authority)


@pytest.fixture(scope="session")
def other_maker(other_api: Api, settings: Settings, contract: Contract) -> Maker:
    """The same, for the other authority (its own case, child and records)."""
    return Maker(
        other_api, Factory(other_api, settings.run_id), kinds_of(contract), contract.unique_in_authority
    )
