"""A subject access export as a page to review and print: each entry's record field by field, the
places to review highlighted with their category, and who everyone referred to by id is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from typing import Any

from service.data_protection.schemas import ExportEntry, SubjectAccessExport

_STYLE = """
body { font-family: Georgia, serif; margin: 2em; color: #111; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
h2 { font-size: 1.05em; margin: 1.4em 0 0.2em; }
p.note, p.source { margin-top: 0; color: #333; }
p.source { font-family: monospace; font-size: 0.8em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #888; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.field { font-family: monospace; font-size: 0.85em; width: 22%; word-break: break-all; }
tr.marked td { background: #fff3c4; }
td.mark { font-size: 0.8em; width: 22%; }
section.in-error h2 { text-decoration: line-through; color: #555; }
@media print { body { margin: 0; } section { page-break-inside: avoid; } th { background: none; } }
"""


def export_html(export: SubjectAccessExport) -> str:
    """The page: who it is about, then every entry with its record's fields, then the people."""
    title = f"Subject access export: {escape(export.about)}"
    sections = "\n".join(_section(entry) for entry in export.entries)
    people = "\n".join(
        f'<tr><td class="field">{p.id}</td><td>{escape(p.name)}</td><td>{escape(p.known_as)}'
        f'{" (restricted)" if p.restricted else ""}</td></tr>'
        for p in export.people
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head>
<body>
<h1>{title}</h1>
<p class="note">Every version of every record about {escape(export.about)}, in the order of their chronology
({len(export.entries)} entries). Highlighted rows are places to review before disclosure, with the
reason; nothing has been withheld. A struck-through heading's record was later marked entered in
error.</p>
{sections}
<h2>People referred to by id</h2>
<table>
<thead><tr><th>Id</th><th>Name</th><th>What the id is</th></tr></thead>
<tbody>
{people}
</tbody>
</table>
</body>
</html>
"""


def _section(entry: ExportEntry) -> str:
    marks: dict[str, list[str]] = {}
    for redaction in entry.redactions:
        marks.setdefault(redaction.pointer, []).append(f"{redaction.category}: {redaction.note}")
    head = [("/who", entry.who), ("/reason", entry.reason or "")]
    rows = [*head, *((f"/record{pointer}", value) for pointer, value in _leaves(entry.record, ""))]
    body = "\n".join(
        _row(pointer, value, _marks_on(pointer, marks)) for pointer, value in rows if value != ""
    )
    whole = " ".join(escape(m) for m in marks.get("", []))
    return f"""<section class="{"in-error" if entry.record_entered_in_error else ""}">
<h2>{entry.date.isoformat()}: {escape(entry.what_happened)}</h2>
<p class="source">{escape(entry.record_type)} {entry.record_id} version {entry.version}, recorded
{entry.recorded_at.isoformat()}. {whole}</p>
<table><tbody>
{body}
</tbody></table>
</section>"""


def _row(pointer: str, value: Any, marked: list[str]) -> str:
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return (
        f'<tr class="{"marked" if marked else ""}"><td class="field">{escape(pointer)}</td>'
        f'<td>{escape(shown)}</td><td class="mark">{escape("; ".join(marked))}</td></tr>'
    )


def _marks_on(pointer: str, marks: dict[str, list[str]]) -> list[str]:
    """The marks of ``pointer`` and of every place that holds it (``/record/attendees`` holds
    ``/record/attendees/0/name``), the whole entry's aside."""
    return [
        m
        for at, said in marks.items()
        if at and (pointer == at or pointer.startswith(at + "/"))
        for m in said
    ]


def _leaves(data: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """Every value of ``data`` that is not an object or a list, with its JSON pointer; an empty
    object or list is a value."""
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from _leaves(value, f"{pointer}/{key}")
    elif isinstance(data, list) and data:
        for i, value in enumerate(data):
            yield from _leaves(value, f"{pointer}/{i}")
    elif data is not None:
        yield pointer, data
