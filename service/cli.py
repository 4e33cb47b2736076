"""The ``sos-reference`` command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service.config import get_settings

app = typer.Typer(help="Signs of Safety case-recording reference service.", no_args_is_help=True,
                  add_completion=False)


@app.command()
def migrate() -> None:
    """Bring the database schema to the latest version and load the code lists and demo authorities."""
    from service import migrate as migrations
    from service.bootstrap import bootstrap
    from service.db import get_sessionmaker

    url = get_settings().database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(url)
    with get_sessionmaker()() as session, session.begin():
        codes = bootstrap(session)
    typer.echo(f"Database at head; {codes} reference codes loaded.")


@app.command("load-demo")
def load_demo() -> None:
    """Load the invented demo family (safe to run again: it is loaded once)."""
    from service.demo import load_demo_family

    typer.echo(load_demo_family())


@app.command()
def token(
    la: Annotated[str, typer.Option("--la", help="Local authority code, e.g. 990.")],
    read_only: Annotated[bool, typer.Option("--read-only", help="Only the read scope.")] = False,
    scope: Annotated[list[str] | None, typer.Option("--scope", help="Exact scopes (repeatable).")] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="The token's sub claim.")] = None,
) -> None:
    """Print a bearer token for a demo client of an authority (embedded issuer only)."""
    from service.db import get_sessionmaker
    from service.kit.auth import mint_token
    from service.models import LocalAuthority

    scopes = scope or (["read"] if read_only else ["read", "write", "audit"])
    with get_sessionmaker()() as session, session.begin():
        if session.get(LocalAuthority, la) is None:
            typer.echo(f"No local authority {la}; run `sos-reference migrate` first (demo: 990, 991).", err=True)
            raise typer.Exit(2)
        typer.echo(mint_token(session, la_code=la, scopes=scopes, subject=subject))


@app.command("export-openapi")
def export_openapi(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the contract.")] = Path(
        "openapi/openapi.json"
    ),
) -> None:
    """Write the OpenAPI contract the service serves to a file."""
    from service.contract import render_openapi

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_openapi(), encoding="utf-8")
    typer.echo(f"Wrote {output}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the API (interactive docs at /docs)."""
    import uvicorn

    uvicorn.run("service.asgi:app", host=host, port=port, workers=workers, server_header=False,
                log_level="info", access_log=False)


if __name__ == "__main__":
    app()
