"""The serving entry point freezes the app's start-up objects out of the garbage collector's walks."""

import subprocess
import sys

PROBE = """
import gc
import service.asgi
frozen = gc.get_freeze_count()
tracked = len(gc.get_objects())
print(frozen, tracked, gc.get_threshold()[0])
"""


def test_the_served_app_leaves_only_request_garbage_to_the_collector() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    frozen, tracked, youngest = (int(n) for n in done.stdout.split())
    assert frozen > 10 * tracked, (frozen, tracked)
    assert youngest == 20_000
