"""Server-chosen ids: UUID version 7, time-ordered, and never repeated, even across a fork."""

from __future__ import annotations

import os

from service.models.base import new_id, new_ids


def _random_part(value) -> int:
    return value.int & ((1 << 62) - 1) | ((value.int >> 64) & 0xFFF) << 62


def test_ids_are_version_7_and_ordered_by_time():
    ids = [new_id() for _ in range(2_000)]
    assert {i.version for i in ids} == {7}
    assert {i.variant for i in ids} == {"specified in RFC 4122"}
    stamps = [i.int >> 80 for i in ids]
    assert stamps == sorted(stamps)
    assert len(set(ids)) == len(ids)


def test_a_forked_child_does_not_repeat_its_parents_random_bits():
    new_id()  # the parent has random bytes in hand
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        os.write(write_end, "\n".join(str(_random_part(new_id())) for _ in range(50)).encode())
        os._exit(0)
    os.close(write_end)
    parent = {_random_part(new_id()) for _ in range(50)}
    with os.fdopen(read_end) as pipe:
        from_child = {int(line) for line in pipe.read().split()}
    os.waitpid(child, 0)
    assert len(from_child) == 50
    assert parent.isdisjoint(from_child)


def test_ids_made_together_are_as_good_as_ids_made_one_by_one():
    together = new_ids(500)
    assert {i.version for i in together} == {7}
    assert {i.variant for i in together} == {"specified in RFC 4122"}
    assert len(set(together) | {new_id() for _ in range(500)}) == 1_000
