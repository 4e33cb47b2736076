"""The ``sos-reference`` command.

Every failure is one line on stderr and exit 1 (2 for a wrong option): a database that cannot be
reached or is not migrated says what to run, never a traceback.
"""

from __future__ import annotations

import logging.config
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from service.config import PACKAGE_VERSION, get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")

app = typer.Typer(
    help="Signs of Safety case-recording reference service.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sos-reference {PACKAGE_VERSION}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Signs of Safety case-recording reference service."""


def main() -> None:
    """The console entry point: the command, with database failures said in one line."""
    try:
        app()
    except SQLAlchemyError as exc:
        url = make_url(get_settings().database_url).render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        typer.echo(
            f"sos-reference: the database {url} cannot be used ({reason}); check DATABASE_URL "
            "and run `sos-reference migrate`.",
            err=True,
        )
        sys.exit(1)


@app.command()
def migrate() -> None:
    """Bring the database schema to the latest version and load the code lists and demo authorities.

    A missing SQLite file is created; a missing PostgreSQL database is created on its server when the
    user may, else the one command to create it is printed."""
    from service.db import get_sessionmaker
    from service.ops import migrate as migrations
    from service.ops.bootstrap import bootstrap

    url = get_settings().database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    else:
        problem = migrations.ensure_database(url)
        if problem is not None:
            typer.echo(f"sos-reference: {problem}", err=True)
            raise typer.Exit(1)
    migrations.upgrade(url)
    with get_sessionmaker()() as session, session.begin():
        codes = bootstrap(session)
    typer.echo(f"Database at head; {codes} reference codes loaded.")


@app.command("load-demo")
def load_demo() -> None:
    """Load the invented demo family (safe to run again: it is loaded once)."""
    from service.fixtures.demo.journey import load_demo_family
    from service.main import create_app

    typer.echo(load_demo_family(create_app()))


@app.command()
def generate(
    children: Annotated[
        int, typer.Option("--children", min=1, metavar="N", help="How many children to invent.")
    ],
    seed: Annotated[
        int, typer.Option("--seed", metavar="S", help="The same seed gives the same families.")
    ] = 1,
    la: Annotated[
        str, typer.Option("--la", metavar="CODE", help="Local authority code (demo: 990, 991).")
    ] = "990",
) -> None:
    """Invent families with whole case journeys and every record type, in bulk (not through the API)."""
    from service.db import get_sessionmaker
    from service.fixtures.generate import generate as generate_families
    from service.models import LocalAuthority

    with get_sessionmaker()() as session, session.begin():
        if session.get(LocalAuthority, la) is None:
            typer.echo(f"No local authority {la}; run `sos-reference migrate` first.", err=True)
            raise typer.Exit(2)
        try:
            summary = generate_families(session, children, seed, la)
        except ValueError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from exc
    typer.echo(
        f"Generated {summary.children} children in {summary.families} families for {la}: "
        f"{summary.total} records in {summary.seconds:.1f} s (digest {summary.digest[:16]})."
    )


returns_app = typer.Typer(
    help="Statutory returns made from the records: CIN census, SSDA903, Annex A; and their validation.",
    no_args_is_help=True,
)
app.add_typer(returns_app, name="returns")

LaOption = Annotated[str, typer.Option("--la", metavar="CODE", help="Local authority code, e.g. 990.")]
YearOption = Annotated[
    str, typer.Option("--year", metavar="YYYY-YY", help="DfE collection year, e.g. 2025-26.")
]


def _year(text: str) -> Any:
    from service.returns.collection_year import CollectionYear

    try:
        return CollectionYear.parse(text)
    except ValueError as exc:
        typer.echo(f"sos-reference: --year: {exc}", err=True)
        raise typer.Exit(2) from exc


def _made(make: Callable[[Session, str, Any], T], la: str, year: Any) -> T:
    """A return of the authority for the collection year, made from the records in one session."""
    from service.db import get_sessionmaker

    with get_sessionmaker()() as session:
        return make(session, la, year)


def _write_files(folder: Path, files: Mapping[str, str]) -> None:
    """Each file (its name and text) written into the folder (made if need be), UTF-8."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@returns_app.command("cin-census")
def returns_cin_census(
    la: LaOption,
    year: YearOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The XML file to write.")],
) -> None:
    """Write the Children in Need census (XML) of an authority for a collection year."""
    from service.returns.cin import cin_census

    census = _made(cin_census, la, _year(year))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(census.xml)
    typer.echo(f"Wrote {output}: {census.children} children, census date {census.year.census_date}.")


@returns_app.command("ssda903")
def returns_ssda903(
    la: LaOption,
    year: YearOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the tables to.")],
) -> None:
    """Write the SSDA903 children looked after return (one CSV file a table) for a collection year."""
    from service.returns.ssda903 import ssda903

    tables = _made(ssda903, la, _year(year))
    _write_files(output, tables.files())
    typer.echo(f"Wrote {len(tables.files())} tables to {output}: {tables.children} children looked after.")


@returns_app.command("annex-a")
def returns_annex_a(
    la: LaOption,
    year: YearOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the lists to.")],
) -> None:
    """Write Ofsted's Annex A lists 2 to 10 (CSV, one file a list) of an authority for a year."""
    from service.returns.annex_a import LISTS, annex_a_list

    def lists(session: Session, la: str, year: Any) -> dict[str, str]:
        return {annex.file_name: annex_a_list(session, la, number, year) for number, annex in LISTS.items()}

    _write_files(output, _made(lists, la, _year(year)))
    typer.echo(f"Wrote Annex A lists {', '.join(map(str, LISTS))} to {output}.")


@returns_app.command("validate")
def returns_validate(la: LaOption, year: YearOption) -> None:
    """Run the DfE rules (the optional extra `returns`) on both returns as they would be sent; print
    each failing rule with the child and the API path of the record to fix. Exit 1 on any issue."""
    from service.returns import returns_made
    from service.returns.validate import ValidatorsMissing

    chosen, found = _year(year), 0
    for name, make, validate in returns_made():
        made = _made(make, la, chosen)
        try:
            issues = validate(made, la)
        except ValidatorsMissing as exc:
            typer.echo(f"sos-reference: {exc}", err=True)
            raise typer.Exit(2) from exc
        for issue in issues:
            typer.echo(issue.line())
        typer.echo(f"{name} {chosen.label} for {la}: {made.children} children, {len(issues)} issue(s).")
        found += len(issues)
    if found:
        raise typer.Exit(1)


@app.command()
def token(
    la: LaOption,
    read_only: Annotated[bool, typer.Option("--read-only", help="Only the read scope.")] = False,
    scope: Annotated[
        list[str] | None, typer.Option("--scope", metavar="SCOPE", help="Exact scopes (repeatable).")
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", metavar="SUB", help="The token's sub claim.")
    ] = None,
) -> None:
    """Print a bearer token for a demo client of an authority (embedded issuer only).

    Mint it against the same DATABASE_URL as the service that will check it: the signing key lives in
    that database."""
    from service.db import get_sessionmaker
    from service.kit.auth import mint_token
    from service.models import LocalAuthority

    scopes = scope or (["read"] if read_only else ["read", "write", "audit"])
    with get_sessionmaker()() as session, session.begin():
        if session.get(LocalAuthority, la) is None:
            typer.echo(
                f"No local authority {la} in this database: `sos-reference migrate` makes the demo "
                "authorities 990 and 991. Mint the token with the DATABASE_URL the server uses.",
                err=True,
            )
            raise typer.Exit(1)
        typer.echo(mint_token(session, la_code=la, scopes=scopes, subject=subject))


@app.command("export-openapi")
def export_openapi(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the contract.")] = Path(
        "openapi/openapi.json"
    ),
) -> None:
    """Write the OpenAPI contract the service serves to a file."""
    from service.main import render_openapi

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_openapi(), encoding="utf-8")
    typer.echo(f"Wrote {output}")


@app.command("check-contract")
def check_contract(
    releases_dir: Annotated[Path, typer.Option("--releases", help="The frozen releases.")] = Path(
        "openapi/releases"
    ),
) -> None:
    """Compare the current contract with every released one; exit 1 on a break without a new major version."""
    import json

    from service.contract.diff import check_against_release, releases
    from service.main import render_openapi

    current = json.loads(render_openapi())
    failed = False
    for path in releases(releases_dir):
        breaks = check_against_release(json.loads(path.read_text(encoding="utf-8")), current)
        typer.echo(f"{path.name}: {'compatible' if not breaks else f'{len(breaks)} breaking change(s)'}")
        for item in breaks:
            typer.echo(f"  {item}")
        failed = failed or bool(breaks)
    if failed:
        raise typer.Exit(1)


@app.command("release-contract")
def release_contract(
    releases_dir: Annotated[Path, typer.Option("--releases", help="Where releases are frozen.")] = Path(
        "openapi/releases"
    ),
) -> None:
    """Freeze the current contract as openapi/releases/<info.version>.json.

    Refuses a development version (``1.1.0-dev``: set the release's number first), a version already
    frozen with other content (bump CONTRACT_VERSION in service/config.py and add a CHANGELOG entry
    first), and a contract that breaks an earlier release without a new major version.
    """
    import json

    from service.contract.diff import check_against_release, releases
    from service.main import render_openapi

    text = render_openapi()
    current = json.loads(text)
    version = current["info"]["version"]
    if "-" in version:
        typer.echo(
            f"{version} is a development version: set CONTRACT_VERSION to the release's number "
            f"({version.split('-')[0]}) and give it a CHANGELOG section first.",
            err=True,
        )
        raise typer.Exit(1)
    target = releases_dir / f"{version}.json"
    if target.exists():
        if target.read_text(encoding="utf-8") == text:
            typer.echo(f"{target} is already this contract.")
            return
        typer.echo(f"{target} exists with other content: bump CONTRACT_VERSION for a new release.", err=True)
        raise typer.Exit(1)
    for path in releases(releases_dir):
        breaks = check_against_release(json.loads(path.read_text(encoding="utf-8")), current)
        if breaks:
            typer.echo(f"The contract breaks release {path.stem}:", err=True)
            for item in breaks:
                typer.echo(f"  {item}", err=True)
            raise typer.Exit(1)
    releases_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    typer.echo(f"Froze contract {version} at {target}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", metavar="PORT", help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(metavar="N", help="Worker processes.")] = 1,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="One JSON line per request on stdout.")
    ] = True,
) -> None:
    """Serve the API (interactive docs at /docs)."""
    import uvicorn

    uvicorn.run(
        "service.asgi:app",
        host=host,
        port=port,
        workers=workers,
        http="service.ops.http_protocol:NoDelayH11Protocol",  # no 40 ms stalls under --workers
        server_header=False,
        log_config=_logging(access_log),
        access_log=False,  # the service writes its own access log (service/kit/accesslog.py)
    )


def _logging(access_log: bool) -> dict[str, object]:
    """uvicorn's own logs as usual, and the service's JSON access log, one line per request, on stdout."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, object] = {**LOGGING_CONFIG}
    config["formatters"] = {**LOGGING_CONFIG["formatters"], "line": {"format": "%(message)s"}}
    config["handlers"] = {
        **LOGGING_CONFIG["handlers"],
        "access_lines": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stdout"},
    }
    config["loggers"] = {
        **LOGGING_CONFIG["loggers"],
        "sos.access": {
            "handlers": ["access_lines"],
            "level": "INFO" if access_log else "WARNING",
            "propagate": False,
        },
        "sos.errors": {"handlers": ["default"], "level": "INFO", "propagate": False},
    }
    logging.config.dictConfig(config)
    return config


if __name__ == "__main__":
    main()
