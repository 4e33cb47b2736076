from __future__ import annotations

from fastapi import APIRouter

from service.cases.kinds import CASE, CASE_MEMBER
from service.kit.operations import add_operations

router = APIRouter(tags=["cases"])
add_operations(router, CASE)
add_operations(router, CASE_MEMBER)
