"""CSV made from records, one way for every such file (the measures and the statutory returns).

A value someone typed can reach a spreadsheet: a cell that begins like a formula (``=HYPERLINK(...``,
``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading apostrophe, so the
spreadsheet shows it as text and runs nothing (OWASP's advice on CSV injection). A statutory return
holding such a value was already wrong (an authority child id begins with a letter or a digit); the
apostrophe keeps it visible, and the DfE's validation names it. The published code lists are our own
text and are written as they are kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as a CSV cell: nothing for None, a date as YYYY-MM-DD, a formula-like text as text."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header line and the rows, each value through :func:`cell`, lines ending in a line feed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()
