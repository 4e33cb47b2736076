from __future__ import annotations

from fastapi import APIRouter

from service.kit.operations import add_operations
from service.people.kinds import PERSON

router = APIRouter(tags=["people"])
add_operations(router, PERSON)
