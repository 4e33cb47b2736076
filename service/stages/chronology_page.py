"""A chronology as a printable HTML page: a plain table, one change a row, readable on paper."""

from __future__ import annotations

from html import escape

from service.stages.schemas import Chronology

_STYLE = """
body { font-family: Georgia, serif; margin: 2em; color: #111; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
p.note { margin-top: 0; color: #333; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #888; padding: 0.35em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
tr.in-error td { color: #555; text-decoration: line-through; }
td.source { font-family: monospace; font-size: 0.8em; word-break: break-all; }
@media print { body { margin: 0; } tr { page-break-inside: avoid; } th { background: none; } }
"""


def chronology_html(chronology: Chronology) -> str:
    """The page: who it is about, what it covers, then every entry as a row."""
    rows = "\n".join(
        f'<tr class="{"in-error" if e.record_entered_in_error else ""}">'
        f"<td>{e.date.isoformat()}</td><td>{escape(e.what_happened)}</td><td>{escape(e.who)}</td>"
        f'<td class="source">{escape(e.record_type)} {e.record_id} version {e.version}'
        f"{' (later marked entered in error)' if e.record_entered_in_error else ''}</td></tr>"
        for e in chronology.entries
    )
    title = f"Chronology: {escape(chronology.about)}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head>
<body>
<h1>{title}</h1>
<p class="note">Every change to the records, on the day it happened (not the day it was typed), oldest
first. Each row names its source record and version; a struck-through row's record was later marked
entered in error. {len(chronology.entries)} entries.</p>
<table>
<thead>
<tr><th>Date</th><th>What happened</th><th>Recorded by</th><th>Source record and version</th></tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""
