"""The looked-after and care-leaver records: each record type's operations, nothing else."""

from __future__ import annotations

from service.care.kinds import ALL
from service.kit.operations import add_operations
from service.kit.routing import area_router

router = area_router(tags=["care"])

for kind in ALL:
    add_operations(router, kind)
