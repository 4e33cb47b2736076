"""The statutory records and relationships: each record type's operations, nothing else."""

from __future__ import annotations

from service.kit.operations import add_operations
from service.kit.routing import area_router
from service.statutory.kinds import ALL

router = area_router(tags=["statutory"])

for kind in ALL:
    add_operations(router, kind)
