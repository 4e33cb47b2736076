"""The guide: ``docs/guide.md`` with its generated sections filled in, as Markdown or one HTML page.

The hand-written text lives in ``docs/guide.md``. A line ``<!-- generated:NAME -->`` there is
replaced, each time the guide is served, by a table built from the thing it describes, so the guide
cannot drift from the service:

* ``stages``: the ``stage`` code list and the allowed moves (``service.stages.moves``);
* ``requirements``: the requirements catalogue (``openapi/requirements.json``), by area;
* ``code_lists``: every code list in the registry, with version, owner and counts;
* ``operations``: every operation of ``app.openapi()``, by tag, with its requirement IDs.

The HTML page is self-contained (inline CSS, no scripts, nothing fetched from elsewhere), so it
works on a machine with no internet access.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt

from service.config import PROJECT_ROOT
from service.contract.build import operations, requirements_catalogue
from service.reference_data.registry import code_lists

GUIDE_FILE = PROJECT_ROOT / "docs" / "guide.md"
MARKER = re.compile(r"^<!-- generated:(\w+) -->$", re.MULTILINE)


def _cell(value: Any) -> str:
    text = " ".join(str(value if value is not None else "").split())
    return text.replace("|", "\\|")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def stages_section(_contract: dict[str, Any]) -> str:
    from service.stages.moves import ALLOWED, ENDING_ONE_OF_TWO

    stage = code_lists()["stage"]
    codes = _table(
        ["Code", "Stage", "Meaning"], [[f"`{c.code}`", c.label, c.definition] for c in stage.codes.values()]
    )
    moves = [
        [f"`{source or '(front door)'}`", f"`{to}`", kind.replace("_", " ").lower()]
        for source, targets in ALLOWED.items()
        for to, kind in targets.items()
    ]
    moves += [
        [f"`{a}` (with `{b}` open)", f"`{b}`", f"{kind.replace('_', ' ').lower()}; ends {a}, {b} continues"]
        for (a, b), kind in ENDING_ONE_OF_TWO.items()
    ]
    return codes + "\n\nAllowed moves:\n\n" + _table(["From", "To", "Kind of move"], moves)


def requirements_section(contract: dict[str, Any]) -> str:
    catalogue = requirements_catalogue()
    total = len(operations(contract))
    carried: dict[str, list[str]] = {}
    for _path, _method, op in operations(contract):
        for req in op.get("x-requirements", []):
            carried.setdefault(req, []).append(op["operationId"])
    parts = [
        f"Catalogue version {catalogue['catalogue_version']}, {len(catalogue['requirements'])} requirements."
    ]
    areas: dict[str, list[dict[str, Any]]] = {}
    for req in catalogue["requirements"]:
        areas.setdefault(req["area"], []).append(req)
    for area, reqs in areas.items():
        rows = []
        for req in reqs:
            ops = carried.get(req["id"], [])
            where = _carried_by(ops, total)
            rows.append([f"**{req['id']}**", req["level"], req["text"], where])
        parts.append(
            f"### Requirements: {area}\n\n" + _table(["ID", "Level", "Requirement", "Operations"], rows)
        )
    return "\n\n".join(parts)


def _carried_by(ops: list[str], total: int) -> str:
    if not ops:
        return "(none yet)"
    if len(ops) == total:
        return "every operation"
    if len(ops) > 6:
        return f"{len(ops)} operations, e.g. " + ", ".join(f"`{o}`" for o in ops[:3])
    return ", ".join(f"`{o}`" for o in ops)


def code_lists_section(_contract: dict[str, Any]) -> str:
    rows = []
    for code_list in code_lists().values():
        retired = sum(1 for c in code_list.codes.values() if c.retired())
        rows.append(
            [
                f"`{code_list.id}`",
                code_list.title,
                code_list.version,
                code_list.owner,
                len(code_list.codes),
                retired,
                "yes" if code_list.statutory else "no",
            ]
        )
    return _table(["ID", "Title", "Version", "Owner", "Codes", "Retired", "Statutory"], rows)


def operations_section(contract: dict[str, Any]) -> str:
    tags = [t["name"] for t in contract.get("tags", [])]
    by_tag: dict[str, list[list[Any]]] = {}
    for path, method, op in operations(contract):
        tag = (op.get("tags") or ["other"])[0]
        summary = op.get("summary", "") + (" (deprecated)" if op.get("deprecated") else "")
        by_tag.setdefault(tag, []).append(
            [
                f"`{method.upper()}`",
                f"`{path}`",
                summary,
                f"`{op['operationId']}`",
                _own_requirements(op),
            ]
        )
    parts = [
        f"Contract version {contract['info']['version']}, {sum(len(v) for v in by_tag.values())} operations."
    ]
    descriptions = {t["name"]: t.get("description", "") for t in contract.get("tags", [])}
    for tag in [*tags, *sorted(set(by_tag) - set(tags))]:
        if tag in by_tag:
            parts.append(
                f"### {tag}\n\n{descriptions.get(tag, '')}\n\n"
                + _table(["Method", "Path", "Summary", "operationId", "Requirements"], by_tag[tag])
            )
    return "\n\n".join(parts)


# Requirements every operation of a shape carries are listed once, in the catalogue; the operations
# table shows the ones particular to the operation.
_GENERAL = {
    "SOS-HTTP-001",
    "SOS-HTTP-005",
    "SOS-HTTP-012",
    "SOS-HTTP-013",
    "SOS-AUTH-001",
    "SOS-AUTH-002",
    "SOS-TEN-001",
    "SOS-REC-001",
    "SOS-REC-002",
    "SOS-REC-006",
    "SOS-HTTP-002",
    "SOS-HTTP-004",
}


def _own_requirements(op: dict[str, Any]) -> str:
    return ", ".join(r for r in op.get("x-requirements", []) if r not in _GENERAL)


SECTIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "stages": stages_section,
    "requirements": requirements_section,
    "code_lists": code_lists_section,
    "operations": operations_section,
}


def guide_markdown(contract: dict[str, Any]) -> str:
    """The guide as Markdown, its generated sections built now from their sources."""
    text = GUIDE_FILE.read_text(encoding="utf-8")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in SECTIONS:
            raise KeyError(f"docs/guide.md asks for an unknown generated section '{name}'")
        return SECTIONS[name](contract)

    return MARKER.sub(fill, text)


def _slug(text: str) -> str:
    """A heading's anchor as GitHub makes it, so one link works in both places: apostrophes dropped
    ("child's" reads "childs"), every other run of punctuation and spaces one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['\u2019]", "", text.lower())).strip("-")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

    def heading_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("id", _slug(tokens[idx + 1].content))
        return str(renderer.renderToken(tokens, idx, options, env))

    md.add_render_rule("heading_open", heading_open)
    return md


STYLE = """
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #1d5b79; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); }
main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.25; color: var(--accent); }
h2 { margin-top: 2.5rem; padding-top: 1rem; border-top: 2px solid var(--line); color: var(--accent); }
h3 { margin-top: 1.8rem; }
a { color: var(--accent); }
code { font: 0.88em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f0f4f8;
       padding: 0.05em 0.3em; border-radius: 3px; }
pre { background: #f0f4f8; padding: 1rem; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.92rem; }
th, td { border: 1px solid var(--line); padding: 0.4rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
tr:nth-child(even) td { background: #fafbfc; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 3rem; }
@media print { h2 { break-before: page; } }
"""


def guide_html(contract: dict[str, Any]) -> str:
    """The guide as one self-contained HTML page."""
    body = _markdown().render(guide_markdown(contract))
    title = html.escape(contract["info"]["title"])
    version = html.escape(contract["info"]["version"])
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Guide: {title} {version}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}"
        f"<footer>Contract {version}. Generated sections are built from the running service; the source "
        "of this page is docs/guide.md. Also available as Markdown at /guide.md.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )
