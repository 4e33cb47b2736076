from __future__ import annotations

from service.cases.kinds import CASE, CASE_MEMBER
from service.kit.operations import add_operations
from service.kit.routing import area_router

router = area_router(tags=["cases"])
add_operations(router, CASE)
add_operations(router, CASE_MEMBER)
