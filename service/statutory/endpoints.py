"""The statutory records and relationships: each record type's operations, nothing else."""

from __future__ import annotations

from fastapi import APIRouter

from service.kit.operations import add_operations
from service.statutory.kinds import ALL

router = APIRouter(tags=["statutory"])

for kind in ALL:
    add_operations(router, kind)
