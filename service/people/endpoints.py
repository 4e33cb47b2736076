from __future__ import annotations

from service.kit.operations import add_operations
from service.kit.routing import area_router
from service.people.kinds import PERSON

router = area_router(tags=["people"])
add_operations(router, PERSON)
