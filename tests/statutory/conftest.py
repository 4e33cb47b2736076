"""The statutory tests' fixture: a fresh family (a case, its child and the mother) for each test."""

from __future__ import annotations

import pytest

from tests.support import Api
from tests.support.statutory import Family


@pytest.fixture()
def fam(api: Api) -> Family:
    return Family(api)
