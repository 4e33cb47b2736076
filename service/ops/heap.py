"""The serving process's heap, settled once the app is built.

Building the app creates a few hundred thousand long-lived objects (routes, schemas, validators, ORM
mappers) that the cyclic garbage collector would otherwise walk on every full collection: about
100 ms each on the development machine, under load several times a minute, a pause every request in
flight waits for. :func:`settle` moves them out of the collector's reach with ``gc.freeze()`` (they
are never freed anyway), so a full collection walks only what requests create; the Python
documentation recommends the same before forking workers.

It also lets the youngest generation grow to 20,000 objects before a collection (the default is
700). A request's garbage is freed by reference counting as it ends: over 1,500 list pages (50 cases
each) the collector found not one object to free, and its collections, about one per page, were
some 4% of a page's time.
"""

from __future__ import annotations

import gc

from sqlalchemy.orm import configure_mappers

YOUNGEST = 20_000
"""How many new container objects the collector lets accumulate before it looks at them."""


def settle() -> int:
    """Finish every lazy set-up that can be done before the first request, then freeze what exists.
    Returns how many objects were frozen."""
    configure_mappers()
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST, older, oldest)
    return gc.get_freeze_count()
