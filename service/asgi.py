"""ASGI entry point for uvicorn: ``uvicorn service.asgi:app``."""

from service.main import create_app
from service.ops.heap import settle

app = create_app()
settle()  # the app's own objects out of the garbage collector's walks (service/ops/heap.py)
