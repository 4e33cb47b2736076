"""The bare FastAPI app the benchmark compares against: one route, no middleware, no database.

It runs in the same virtual environment and under the same uvicorn settings as the service, so the
ratio of a scenario's rate to this app's rate is what our own code costs.

    uvicorn bench.bare_app:app
"""

from fastapi import FastAPI

app = FastAPI()


@app.get("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}
