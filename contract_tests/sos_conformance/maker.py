"""Records of any record type, made from the contract's own examples with ids the suite made.

An example names other records by id (``child_id``, ``referral_id``, ``danger_statement_ids``...) and
its create path names its parents (``{case_id}``, ``{scale_id}``). Each id is replaced by a record the
suite made for this run: the case and its child, an adult member of the case for a person, and for any
other ``<thing>_id`` a record of the type whose item path has that parameter (made the same way, first).
A field the contract marks ``x-unique-in-authority`` (a child's authority id, a UPN) gets a value of
its own each time, as one person holds each.
The contract's examples tell one family's story in date order, so parents made from their examples
fit the examples that refer to them. When a create is refused with the shared parents, it is tried once
more with fresh ones (a second member of a case, a second move of a child).
"""

from __future__ import annotations

import contextlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from sos_conformance.client import Api, ConformanceFailure
from sos_conformance.contract import Operation
from sos_conformance.data import Factory, fresh_identifier
from sos_conformance.expect import expect_status, json_body
from sos_conformance.kinds import RecordKind, examples

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CHILD = ("child_id", "children", "audience_children", "children_affected")


class Maker:
    def __init__(
        self, api: Api, make: Factory, kinds: tuple[RecordKind, ...], unique: frozenset[str] = frozenset()
    ) -> None:
        self.api = api
        self.make = make
        self.kinds = {k.param: k for k in kinds}
        self.unique = unique
        """The fields one record of an authority holds a value of: each gets a fresh one."""
        self._shared: dict[str, str] = {}
        self._lock = threading.RLock()
        self.families: dict[str, dict[str, str]] = {}  # record id -> the ids it was made with
        self._kind_family: dict[str, dict[str, str]] = {}  # record type -> parents that fitted last
        self._shared_records: dict[str, tuple[dict[str, Any], httpx.Response]] = {}
        self._kind_locks: dict[str, threading.Lock] = {}
        self._spares: dict[str, list[tuple[dict[str, Any], httpx.Response]]] = {}

    # --- the family every record hangs off ---------------------------------------------------
    def _family(self, fresh: bool) -> dict[str, str]:
        """The shared case, its child and an adult member; ``fresh``: a new case and child, and a
        person who is not yet a member of anything."""
        if fresh:
            case, child = self.make.case_with_child()
            person = self.make.person(family_name="Adult", date_of_birth="1985-02-01", sex="2")
            return {"case_id": case["id"], "child_id": child["id"], "person_id": person["id"]}
        with self._lock:
            if not self._shared:
                case, child = self.make.case_with_child()
                adult = self.make.person(family_name="Adult", date_of_birth="1985-02-01", sex="2")
                self.make.member(case["id"], adult["id"], "ADULT", relationship_to_children="GRANDPARENT")
                self._shared = {"case_id": case["id"], "child_id": child["id"], "person_id": adult["id"]}
            return dict(self._shared)

    # --- ids ----------------------------------------------------------------------------------
    def _kind_for(self, name: str) -> RecordKind | None:
        """The record type an id field names: the same parameter, or the one sharing the longest
        ending (``conference_id`` -> ``cp_conference_id``, ``addresses_statement_ids`` ->
        ``danger_statement_id``) or beginning (``section47_id`` -> ``section47_enquiry_id``); more
        than a bare ``id`` must match."""
        base = (name[:-1] if name.endswith("_ids") else name).split("_")
        best, score = None, 1
        for param, kind in self.kinds.items():
            words = param.split("_")
            shared = next((n for n in range(min(len(words), len(base)), 0, -1) if words[-n:] == base[-n:]), 0)
            if shared < 2 and len(base) > 1 and words[: len(base) - 1] == base[:-1]:
                shared = len(base)  # section47_id -> section47_enquiry_id
            if shared > score or (shared == score and best is not None and len(param) < len(best.param)):
                best, score = kind, shared
        return best

    def _id(self, name: str, family: dict[str, str], depth: int) -> str | None:
        if name in CHILD or name.startswith("child"):
            return family["child_id"]
        if name in family:
            return family[name]
        if name.endswith(("person_id", "person_ids")):
            return family["person_id"]
        kind = self._kind_for(name)
        if kind is None or kind.create is None or depth > 6:
            return None
        if kind.param not in family:  # one parent of each type per record made: they fit together
            family[kind.param] = str(self.record(kind, family, depth + 1)["id"])
        return family[kind.param]

    def _fill(self, value: Any, name: str, family: dict[str, str], depth: int) -> Any:
        if isinstance(value, dict):
            return {k: self._fill(v, k, family, depth) for k, v in value.items()}
        if isinstance(value, list):
            return [self._fill(v, name, family, depth) for v in value]
        if isinstance(value, str) and UUID.match(value):
            return self._id(name, family, depth) or value
        if isinstance(value, str) and name in self.unique:
            return fresh_identifier(value)
        return value

    def body(self, kind: RecordKind, example: dict[str, Any], family: dict[str, str], depth: int = 0) -> Any:
        return self._fill(example, "", family, depth)

    def create_path(self, kind: RecordKind, family: dict[str, str], depth: int = 0) -> str:
        assert kind.create is not None
        path = kind.create.template
        for param in kind.parents:
            found = self._id(param, family, depth)
            path = path.replace("{" + param + "}", found or "00000000-0000-0000-0000-000000000000")
        return path

    # --- records ------------------------------------------------------------------------------
    def attempt(
        self, kind: RecordKind, family: dict[str, str], depth: int = 0, api: Api | None = None
    ) -> httpx.Response:
        """POST each example of the create in turn until one is made; the last answer."""
        assert kind.create is not None
        client = api or self.api
        response: httpx.Response | None = None
        for example in examples(kind.create) or [{}]:
            path = self.create_path(kind, family, depth)
            response = client.post(path, self.body(kind, example, family, depth))
            if response.status_code == 201:
                break
        assert response is not None
        return response

    def created(self, kind: RecordKind) -> httpx.Response:
        """The answer to creating a new record of ``kind`` with its parents: the parents that fitted
        the last record of the type (or the shared family), then fresh ones if those, or a parent made
        with them, are refused (a child has one open referral, one open plan, at a time)."""
        with self._lock:
            family = dict(self._kind_family.get(kind.name) or self._family(False))
        response: httpx.Response | None = None
        with contextlib.suppress(ConformanceFailure):  # a parent refused: a child's second open referral
            response = self.attempt(kind, family)
        if response is None or response.status_code != 201:
            family = self._family(True)
            response = self.attempt(kind, family)
        if response.status_code == 201:
            with self._lock:
                self.families[str(json_body(response)["id"])] = family
                self._kind_family[kind.name] = dict(family)
        return response

    def shared(self, kind: RecordKind) -> tuple[dict[str, Any], httpx.Response]:
        """One record of ``kind`` (and the answer to its create) for the checks that do not change it."""
        with self._lock:
            lock = self._kind_locks.setdefault(kind.name, threading.Lock())
        with lock:
            if kind.name not in self._shared_records:
                response = expect_status(self.created(kind), 201)
                self._shared_records[kind.name] = (dict(json_body(response)), response)
            return self._shared_records[kind.name]

    def fresh(self, kind: RecordKind) -> tuple[dict[str, Any], httpx.Response]:
        """A new record of ``kind`` for a check that changes it: one made ahead (:meth:`prepare`) or now."""
        with self._lock:
            spares = self._spares.get(kind.name) or []
            spare = spares.pop(0) if spares else None
        if spare is not None:
            now = self.api.get(kind.item_path(str(spare[0]["id"])))
            if now.status_code == 200 and json_body(now).get("version") == 1:
                return spare
            # Changed since it was made (a newer record of the case superseded it): a new one.
        response = expect_status(self.created(kind), 201)
        return dict(json_body(response)), response

    def _spare(self, kind: RecordKind) -> None:
        response = self.created(kind)
        if response.status_code == 201:
            with self._lock:
                self._spares.setdefault(kind.name, []).append((dict(json_body(response)), response))

    def prepare(self, kinds: list[RecordKind], spares: dict[str, int], workers: int = 4) -> None:
        """Make the shared record of each type, and ``spares[name]`` new ones for the checks that change
        a record, several at a time (they do not depend on each other). A refusal here is left for the
        check that needs the record to report, with its evidence."""
        tasks = [(self.shared, k) for k in kinds] + [
            (self._spare, k) for k in kinds for _ in range(spares.get(k.name, 0))
        ]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(task, kind) for task, kind in tasks if kind.create]:
                with contextlib.suppress(AssertionError):
                    future.result()

    def record(
        self, kind: RecordKind, family: dict[str, str] | None = None, depth: int = 0
    ) -> dict[str, Any]:
        """A new record of ``kind`` (HTTP 201 expected), with its parents."""
        if family is None:
            response = self.created(kind)
        else:
            response = self.attempt(kind, family, depth)
            if response.status_code in (409, 422) and "person_id" in family:
                # The shared adult may already hold this role (a network member): another person.
                family["person_id"] = self.make.person(family_name="Adult", date_of_birth="1985-02-01")["id"]
                response = self.attempt(kind, family, depth)
        return dict(json_body(expect_status(response, 201)))

    def amendment(self, kind: RecordKind, record_id: str) -> dict[str, Any]:
        """The contract's amend example for ``kind``, its ids filled from the record's own family."""
        assert kind.amend is not None
        return self.request_body(kind.amend, record_id)

    def request_body(self, op: Operation, record_id: str) -> dict[str, Any]:
        """The contract's first example for an operation on a record, its ids filled from the
        record's own family (an amendment, an action such as goal-met)."""
        found = examples(op) or [{"reason": "Conformance.", "amendment_reason": "Conformance."}]
        family = self.families.get(record_id) or self._family(False)
        return dict(self._fill(found[0], "", dict(family), 0))

    def family(self, fresh: bool = False) -> dict[str, str]:
        return self._family(fresh)
