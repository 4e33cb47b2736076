"""The serving process's heap, settled once the app is built.

Building the app creates a few hundred thousand long-lived objects (routes, schemas, validators, ORM
mappers) that the cyclic garbage collector would otherwise walk on every full collection: about
100 ms each on the development machine, under load several times a minute, a pause every request in
flight waits for. :func:`settle` moves them out of the collector's reach with ``gc.freeze()`` (they
are never freed anyway), so a full collection walks only what requests create; the Python
documentation recommends the same before forking workers.
"""

from __future__ import annotations

import gc

from sqlalchemy.orm import configure_mappers


def settle() -> int:
    """Finish every lazy set-up that can be done before the first request, then freeze what exists.
    Returns how many objects were frozen."""
    configure_mappers()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
