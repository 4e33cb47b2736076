"""Validation before export: the DfE rules, as the Data to Insight validators implement them
(``csc-validator-be-cin``, module ``cin_validator``; ``csc-validator-be-903``, module
``lac_validator``; the optional extra ``returns``), run on the return exactly as it would be sent.

Each failing rule becomes an :class:`Issue` naming the rule's DfE code, its message, the child, the
table and fields, and the API path of the record to fix (or of the return, for a rule about the
whole return). Nothing is changed to make a rule pass: a return is never silently fixed.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from service.returns.cin import CinCensus
from service.returns.ssda903 import Ssda903

INSTALL = "the DfE rules need the optional extra: pip install 'sos-reference[returns]'"
_RULE_FAILED = re.compile(r"Error with rule (\S+): (.*)")
SSDA903_NOT_RUN = {
    "231": "reads a column UASC_STATUS that no SSDA903 table has (the CSV header carries no UASC flag)",
    "233": "reads a column DATE_EPISODE_CEASED; the episodes table's column is DEC",
    "SW12STG2": "fails valid returns: see _social_worker_cover, which checks what it asks instead",
    "1007": "raises on a care leaver born on 29 February (it moves the birthday to the census year)",
}
"""Rules of the 2025-26 SSDA903 ruleset (csc-validator-be-903) that cannot pass a valid return in the
DfE's CSV layout. 231 and 233 fail inside the validator, valid input or not: each reads a column name
of the XML layout that the validator's own table definitions (``lac_validator.config.column_names``)
do not have, so it raises before checking anything. 1007 raises whenever a care leaver in OC3 was
born on 29 February (valid data); what it checks, no OC3 row for a 17- or 18-year-old looked after
on their birthday, the return never sends (``ssda903._birthday_contact``). SW12STG2 runs but flags
valid returns (see :func:`_social_worker_cover`, which checks what it asks in its place). They are
left out of the ruleset, by name and with the reason, rather than reported as issues no record could
ever clear.
What 231 and 233 check goes unchecked until the validator reads the CSV names: 231, an
unaccompanied asylum-seeking child under 11; 233, a reason for a placement change on an episode
that has not ended."""


class ValidatorsMissing(RuntimeError):
    """The validators are an optional extra and are not installed."""


@dataclass(frozen=True)
class Issue:
    """One failing rule at one place: what to fix and where."""

    collection: str
    rule: str
    message: str
    path: str
    child: str | None = None
    table: str | None = None
    fields: str | None = None

    def line(self) -> str:
        where = f" {self.table}.{self.fields}" if self.table else ""
        child = f" child {self.child}" if self.child else ""
        return f"{self.collection} rule {self.rule}{child}{where}: {self.message} -> {self.path}"


@contextlib.contextmanager
def _quiet_import() -> Iterator[None]:
    """The validators set up logging when imported; the service's own set-up is put back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name in ("lac_validator", "cin_validator"):
            logging.getLogger(name).setLevel(logging.CRITICAL)  # a rule that cannot run is an Issue


def _module(name: str) -> Any:
    try:
        with _quiet_import():
            return importlib.import_module(name)
    except ImportError as exc:
        raise ValidatorsMissing(INSTALL) from exc


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # NaN: no value
        return None
    text = str(value)
    return None if text in ("", "nan", "<NA>", "None") else text


def validate_cin(census: CinCensus) -> list[Issue]:
    """The CIN census rules of the census's collection year, on the document as sent."""
    engine = _module("cin_validator.cin_validator")
    ruleset = _module(f"cin_validator.rules.cin{census.year.start.year}_{census.year.ends_in % 100:02d}")
    tables = engine.process_data(engine.convert_data(ET.fromstring(census.xml)))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' notices about the validators' own code
        validator = engine.CinValidator(tables, ruleset.registry)
    whole = census.rows["Header"][0]
    found: dict[tuple[str, str, str], Issue] = {}
    for row in validator.full_issue_df.to_dict("records"):
        table, number = _text(row.get("tables_affected")), _text(row.get("row_id"))
        paths = census.rows.get(table or "", [])
        path = paths[int(float(number))] if number is not None and int(float(number)) < len(paths) else whole
        key = (str(row["rule_code"]), path, table or "")
        known = found.get(key)
        fields = _text(row.get("columns_affected"))
        if known is not None and fields and known.fields and fields not in known.fields:
            fields = f"{known.fields}, {fields}"
        found[key] = Issue(
            "CIN",
            str(row["rule_code"]),
            str(row["rule_description"]).strip(),
            path,
            _text(row.get("child_id")),
            table,
            fields,
        )
    issues = list(found.values())
    for row in validator.multichild_issues.to_dict("records"):
        issues.append(Issue("CIN", str(row["rule_code"]), str(row["rule_description"]).strip(), whole))
    for line in printed.getvalue().splitlines():
        failed = _RULE_FAILED.match(line)
        if failed is not None:
            issues.append(Issue("CIN", failed.group(1), f"the rule could not run: {failed.group(2)}", whole))
    return _unique(issues)


def _unique(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))


SW12 = (
    "If a child is looked after on 31 March then all social worker episodes for the full previous "
    "year should be reported, even those whilst they were not looked after"
)


def _social_worker_cover(tables: Ssda903) -> list[Issue]:
    """What rule SW12STG2 asks, checked here: a child looked after on 31 March (not on short breaks,
    V3/V4) has social worker episodes from the start of the year, or from the start of their first
    episode in the return if later. The validator's own version (2025-26 ruleset) pairs every
    episode with every social worker episode and fails any child whose open episode is not the one
    starting their care (P or L: a placement or legal status change), and any child with a social
    worker before coming into care, so it cannot pass a valid return; it is left out of the ruleset
    (:data:`SSDA903_NOT_RUN`) and this check, under its code, reports the episodes a child lacks."""
    year = tables.year
    covered: dict[str, date] = {}
    for row in tables.tables.get("SWEpisodes", []):
        began = _date(row["SW_DECOM"])
        if began is not None and (row["CHILD"] not in covered or began < covered[row["CHILD"]]):
            covered[row["CHILD"]] = began
    first: dict[str, date] = {}
    for row in tables.tables.get("Episodes", []):
        began = _date(row["DECOM"])
        if began is not None and (row["CHILD"] not in first or began < first[row["CHILD"]]):
            first[row["CHILD"]] = began
    issues = []
    for row, path in zip(tables.tables.get("Episodes", []), tables.rows.get("Episodes", []), strict=True):
        child = row["CHILD"]
        if row["DEC"] or row["LS"] in ("V3", "V4"):
            continue
        due = max(year.start, first[child])
        if child not in covered or covered[child] > due:
            issues.append(Issue("SSDA903", "SW12STG2", SW12, path, child, "Episodes", "SW_DECOM"))
    return issues


def _date(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _runnable(registry: Any) -> Any:
    """The ruleset without the rules that cannot run on CSV input (:data:`SSDA903_NOT_RUN`)."""
    return {code: rule for code, rule in registry.items() if code not in SSDA903_NOT_RUN}


def validate_ssda903(tables: Ssda903, la_code: str) -> list[Issue]:
    """The SSDA903 rules of the return's collection year, on its CSV tables as sent. The Ofsted
    provider lists (URN checks) and last year's return are not given, so the rules that need them
    do not run, as in the validator's own tool."""
    engine = _module("lac_validator.lac_validator")
    year = tables.year
    ruleset = _module(f"lac_validator.rules.lac{year.start.year}_{year.ends_in % 100:02d}")
    files = [
        {"name": name, "file_content": text.encode(), "description": "This year"}
        for name, text in tables.files().items()
    ]
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):  # the rules print frames
        warnings.simplefilter("ignore")
        validator = engine.LacValidator(
            metadata={"collectionYear": str(year.ends_in), "localAuthority": la_code},
            files=files,
            registry=_runnable(ruleset.registry),
        )
    whole = f"/v1/returns/ssda903?year={year.label}"
    issues = []
    for table, frame in validator.ds_results.items():
        if table == "metadata":
            continue
        paths = tables.rows.get(table, [])
        for column in (c for c in frame.columns if str(c).startswith("ERR_")):
            code = column[4:]
            rule = ruleset.registry[code]
            for row in frame.index[frame[column].fillna(False).astype(bool)]:
                path = paths[row] if row < len(paths) else whole
                fields = ", ".join(sorted(rule.affected_fields)) or None
                child = _text(frame.at[row, "CHILD"]) if "CHILD" in frame.columns else None
                issues.append(Issue("SSDA903", code, str(rule.message).strip(), path, child, table, fields))
    for code in validator.fails:
        issues.append(Issue("SSDA903", str(code), "the rule could not run on this return", whole))
    issues.extend(_social_worker_cover(tables))
    return _unique(issues)
