"""The record types of the contract, found from the contract alone.

A record type is every path ``/v1/<things>/{<thing>_id}`` with a ``/history`` sibling. Its create is the
POST whose 201 answers the same schema as its GET; its list is the GET on the create's path; its amend
is the PATCH of the item path; its actions are the other POSTs under the item path. A record type a new
version of the contract adds is found here with no new test code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sos_conformance.contract import Contract, Operation

PARAM = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class RecordKind:
    name: str  # the item path's collection segment, e.g. "cp-plans"
    item: str  # "/v1/cp-plans/{cp_plan_id}"
    param: str  # "cp_plan_id"
    schema: str  # the component schema a read answers, e.g. "CpPlanRead"
    module: str  # the capability module its operations belong to
    read: Operation
    history: Operation
    create: Operation | None = None
    list: Operation | None = None
    amend: Operation | None = None
    entered_in_error: Operation | None = None
    actions: tuple[Operation, ...] = field(default_factory=tuple)

    @property
    def parents(self) -> list[str]:
        """The path parameters of the create (``case_id``, ``scale_id``...): the records it needs first."""
        return PARAM.findall(self.create.template) if self.create else []

    def item_path(self, record_id: str) -> str:
        return self.item.replace("{" + self.param + "}", record_id)

    @property
    def writes(self) -> list[Operation]:
        found = [self.create, self.amend, self.entered_in_error, *self.actions]
        return [op for op in found if op is not None]

    def __str__(self) -> str:
        return self.name


def _ref(op: Operation, status: str) -> str | None:
    content = op.spec.get("responses", {}).get(status, {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _page_item(contract: Contract, page: str | None) -> str | None:
    if page is None:
        return None
    items = contract.document["components"]["schemas"].get(page, {}).get("properties", {}).get("items", {})
    ref = items.get("items", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _makes_another(op: Operation, template: str, ops: list[Operation]) -> bool:
    """A POST under the item path that answers another record type is that type's create."""
    made = _ref(op, "201")
    return made is not None and any(
        other.method == "GET" and other.template != template and _ref(other, "200") == made
        for other in ops
        if other.template.endswith("}")
    )


def module_of(op: Operation, modules: set[str]) -> str:
    tags = [str(t) for t in op.spec.get("tags", [])]
    return next((t for t in tags if t in modules), "core")


MODULES = {"core", "assessment", "planning", "statutory", "qa"}


def find_kinds(contract: Contract) -> list[RecordKind]:
    ops = contract.operations
    by = {(op.method, op.template): op for op in ops}
    kinds = []
    for (method, template), read in sorted(by.items(), key=lambda kv: kv[0][1]):
        history = by.get(("GET", template + "/history"))
        params = PARAM.findall(template)
        if method != "GET" or history is None or not params:
            continue
        schema = _ref(read, "200")
        if schema is None:
            continue
        create = next(
            (
                op
                for op in ops
                if op.method == "POST" and _ref(op, "201") == schema and op.template != template
            ),
            None,
        )
        listing = by.get(("GET", create.template)) if create else None
        if listing is not None and _page_item(contract, _ref(listing, "200")) != schema:
            listing = None
        actions = tuple(
            op
            for op in ops
            if op.method == "POST"
            and op.template.startswith(template + "/")
            and op.template.count("/") == template.count("/") + 1
            and not op.template.endswith("/entered-in-error")
            and not _makes_another(op, template, ops)
        )
        kinds.append(
            RecordKind(
                name=template.split("/")[2],
                item=template,
                param=params[-1],
                schema=schema,
                module=module_of(create or read, MODULES),
                read=read,
                history=history,
                create=create,
                list=listing,
                amend=by.get(("PATCH", template)),
                entered_in_error=by.get(("POST", template + "/entered-in-error")),
                actions=actions,
            )
        )
    return kinds


@lru_cache(maxsize=4)
def kinds_of(contract: Contract) -> tuple[RecordKind, ...]:
    return tuple(find_kinds(contract))


def examples(op: Operation) -> list[dict[str, Any]]:
    """The request examples of an operation, in the contract's order."""
    content = op.spec.get("requestBody", {}).get("content", {}).get("application/json", {})
    found = [e.get("value") for e in (content.get("examples") or {}).values()]
    if "example" in content:
        found.append(content["example"])
    return [dict(e) for e in found if isinstance(e, dict)]
