"""Hand-written SVG pictures: a case's practice whiteboard and a scale's trajectory per rater.

No plotting library: the pictures are small and their text matters more than their shapes. Every
piece of text is escaped; state is shown by colour *and* by a word, so a picture reads without colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

SVG_MEDIA_TYPE = "image/svg+xml"
SVG_NS = "http://www.w3.org/2000/svg"

CURRENT, PRESENT, MISSING = "current", "present", "missing"
STATE_FILL = {CURRENT: "#d8f0d2", PRESENT: "#fbe7b5", MISSING: "#f6cccc"}
STATE_STROKE = {CURRENT: "#2e7d32", PRESENT: "#a86d00", MISSING: "#b3261e"}
STATE_WORD = {CURRENT: "CURRENT", PRESENT: "PRESENT", MISSING: "MISSING"}


def _text(x: float, y: float, content: str, **attrs: Any) -> str:
    extra = "".join(f" {k.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(content)}</text>'


@dataclass(frozen=True)
class BoardRow:
    key: str
    title: str
    state: str
    fact: str


def _n(count: Any, word: str) -> str:
    return f"{count} {word}" if int(count) == 1 else f"{count} {word}s"


Evidence = dict[str, dict[str, Any]]


def _facts(evidence: Evidence, code: str) -> dict[str, Any]:
    return dict(evidence.get(code, {}).get("facts", {}))


def _map_row(evidence: Evidence) -> BoardRow:
    a1 = _facts(evidence, "A1")
    if a1.get("map_version") is None:
        return BoardRow("map", "Map", MISSING, "No map recorded.")
    state = CURRENT if a1.get("within_3_months") else PRESENT
    return BoardRow("map", "Map", state, f"Version {a1['map_version']}, mapped {a1['mapped_on']}.")


def _statements_row(evidence: Evidence) -> BoardRow:
    a3, a5 = _facts(evidence, "A3"), _facts(evidence, "A5")
    title = "Danger statements & goals"
    active = int(a3.get("active_statements", 0))
    met = int(a3.get("goal_met", 0))
    if not active and met:
        return BoardRow("statements", title, PRESENT, f"No active statement; {_n(met, 'goal')} met.")
    if not active:
        return BoardRow("statements", title, MISSING, "No active statement.")
    whole = (
        a3.get("with_all_structured_fields") == active and a5.get("with_goal_and_sustain_duration") == active
    )
    return BoardRow(
        "statements",
        title,
        CURRENT if whole else PRESENT,
        f"{active} active, {a5.get('with_goal_and_sustain_duration', 0)} with a goal and duration.",
    )


def _scaling_row(evidence: Evidence) -> BoardRow:
    a6, a14 = _facts(evidence, "A6"), _facts(evidence, "A14")
    if not a14.get("series"):
        return BoardRow("scaling", "Scaling", MISSING, "No rating recorded.")
    recent = int(a6.get("ratings_in_period", 0))
    return BoardRow(
        "scaling",
        "Scaling",
        CURRENT if recent else PRESENT,
        f"{_n(recent, 'rating')} in 3 months from {_n(a6.get('distinct_rater_roles', 0), 'rater role')}.",
    )


def _voice_row(evidence: Evidence) -> BoardRow:
    children = _facts(evidence, "A7").get("children", [])
    if not any(c.get("latest_recorded_on") for c in children):
        return BoardRow("voice", "Child's voice", MISSING, "No child's voice record.")
    recent_all = all(c.get("within_6_months") for c in children)
    return BoardRow(
        "voice",
        "Child's voice",
        CURRENT if recent_all else PRESENT,
        "; ".join(f"{c['given_name']}: {c['latest_recorded_on'] or 'never'}" for c in children),
    )


def _network_row(evidence: Evidence) -> BoardRow:
    a9 = _facts(evidence, "A9")
    size = int(a9.get("network_size", 0))
    if not size:
        return BoardRow("network", "Network", MISSING, "No current network member.")
    good = a9.get("naturally_connected", 0) and a9.get("informed_of_all_current_statements") == size
    return BoardRow(
        "network",
        "Network",
        CURRENT if good else PRESENT,
        f"{_n(size, 'member')}, {a9.get('naturally_connected', 0)} naturally connected, "
        f"{a9.get('informed_of_all_current_statements', 0)} fully informed, "
        f"{_n(a9.get('meetings', 0), 'meeting')}.",
    )


def _plan_row(evidence: Evidence) -> BoardRow:
    a10 = _facts(evidence, "A10")
    if a10.get("plan_status") is None:
        return BoardRow("plan", "Safety plan", MISSING, "No current safety plan.")
    return BoardRow(
        "plan",
        "Safety plan",
        CURRENT if a10["plan_status"] in ("AGREED", "ACTIVE") else PRESENT,
        f"Version {a10['plan_version']} {a10['plan_status']}, {_n(a10['rules'], 'rule')}, "
        f"{_n(a10['bottom_lines'], 'bottom line')}"
        + (", child-friendly version." if a10.get("child_friendly_version") else "."),
    )


def _words_row(evidence: Evidence) -> BoardRow:
    a8 = _facts(evidence, "A8")
    if not a8.get("explanations"):
        return BoardRow("words", "Words & pictures", MISSING, "No explanation for the children.")
    return BoardRow(
        "words",
        "Words & pictures",
        CURRENT if a8.get("shared") else PRESENT,
        f"{a8['explanations']} written, {a8.get('shared', 0)} shared.",
    )


def _trajectory_row(evidence: Evidence) -> BoardRow:
    a11 = _facts(evidence, "A11")
    if not sum(int(a11.get(k, 0)) for k in ("done", "planned", "slipped")):
        return BoardRow("trajectory", "Trajectory", MISSING, "No milestones.")
    behind = int(a11.get("slipped", 0)) + int(a11.get("planned_past_due", 0))
    summary = str(evidence.get("A11", {}).get("summary", ""))
    return BoardRow("trajectory", "Trajectory", PRESENT if behind else CURRENT, summary)


ROWS = (
    _map_row,
    _statements_row,
    _scaling_row,
    _voice_row,
    _network_row,
    _plan_row,
    _words_row,
    _trajectory_row,
)


def whiteboard_rows(evidence: Evidence, as_of: date) -> list[BoardRow]:
    """The whiteboard's eight rows, worked out from the audit evidence of the case."""
    return [row(evidence) for row in ROWS]


def whiteboard_svg(title: str, reference: str | None, as_of: date, rows: list[BoardRow]) -> str:
    width, row_height, top = 980, 56, 78
    height = top + row_height * len(rows) + 40
    heading = f"Practice whiteboard: {title}" + (f" ({reference})" if reference else "")
    board_desc = (
        f"Each part of the practice as recorded on {as_of.isoformat()}: "
        "current, present but not current, or missing."
    )
    parts = [
        f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-labelledby="title desc" font-family="sans-serif">',
        f'<title id="title">{escape(heading)}</title>',
        f'<desc id="desc">{escape(board_desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        _text(20, 32, heading, font_size=20, font_weight="bold", class_="heading"),
        _text(
            20, 56, f"As at {as_of.isoformat()}. Key: CURRENT, PRESENT (not current), MISSING.", font_size=13
        ),
    ]
    for i, row in enumerate(rows):
        y = top + i * row_height
        parts.append(f'<g class="row" data-row={quoteattr(row.key)} data-state={quoteattr(row.state)}>')
        parts.append(
            f'<rect x="20" y="{y}" width="{width - 40}" height="{row_height - 8}" rx="6" '
            f'fill="{STATE_FILL[row.state]}" stroke="{STATE_STROKE[row.state]}" stroke-width="2"/>'
        )
        parts.append(_text(34, y + 29, row.title, font_size=15, font_weight="bold", class_="row-title"))
        parts.append(
            _text(
                300,
                y + 29,
                STATE_WORD[row.state],
                font_size=14,
                font_weight="bold",
                class_="row-state",
                fill=STATE_STROKE[row.state],
            )
        )
        parts.append(_text(400, y + 29, row.fact[:110], font_size=13, class_="row-fact"))
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


@dataclass(frozen=True)
class ChartSeries:
    rater_name: str
    rater_role: str
    points: list[tuple[date, int]]


DASHES = ["", "8 4", "2 4", "12 4 2 4", "4 4", "1 3"]
COLOURS = ["#1f4e79", "#b3261e", "#2e7d32", "#6a1b9a", "#a86d00", "#00695c"]


def chart_svg(title: str, anchor_0: str, anchor_10: str, series: list[ChartSeries]) -> str:
    """One polyline per rater, x the date, y 0 to 10 with the anchors as axis labels."""
    left, right, top, plot_h, plot_w = 60, 40, 100, 300, 700
    legend_top = top + plot_h + 60
    width = left + plot_w + right
    height = legend_top + 24 * max(len(series), 1) + 20
    dates = sorted({d for s in series for d, _ in s.points})
    first, last = (dates[0], dates[-1]) if dates else (date.today(), date.today())
    span = max((last - first).days, 0)
    chart_desc = f"Ratings from 0 ({anchor_0}) to 10 ({anchor_10}), one line per rater."

    def x_of(day: date) -> float:
        if span == 0:
            return left + plot_w / 2
        return left + plot_w * (day - first).days / span

    def y_of(value: int) -> float:
        return top + plot_h * (10 - value) / 10

    parts = [
        f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-labelledby="title desc" font-family="sans-serif">',
        f'<title id="title">{escape(title)}</title>',
        f'<desc id="desc">{escape(chart_desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        _text(20, 30, title[:100], font_size=17, font_weight="bold", class_="heading"),
        '<g class="axes" stroke="#444444">',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>',
        "</g>",
    ]
    for value in range(0, 11):
        y = y_of(value)
        parts.append(f'<line x1="{left - 5}" y1="{y:g}" x2="{left + plot_w}" y2="{y:g}" stroke="#e0e0e0"/>')
        parts.append(_text(left - 10, y + 4, str(value), font_size=11, text_anchor="end", class_="tick"))
    # The anchors in full, under the title: what 10 and 0 mean on this scale.
    parts.append(_text(20, 56, f"10 = {anchor_10}"[:140], font_size=12, class_="anchor anchor-10"))
    parts.append(_text(20, 76, f"0 = {anchor_0}"[:140], font_size=12, class_="anchor anchor-0"))
    last_label_x = float("-inf")
    for day in dates:
        x = x_of(day)
        if x - last_label_x < 90:  # leave out a date that would overlap the one before
            continue
        last_label_x = x
        parts.append(
            _text(x, top + plot_h + 20, day.isoformat(), font_size=11, text_anchor="middle", class_="date")
        )
    if not series:
        parts.append(_text(left + 20, top + plot_h / 2, "No ratings yet.", font_size=14, class_="empty"))
    for i, s in enumerate(series):
        # Colour and dash vary together so no two of the first 36 raters look alike.
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[(i + i // len(COLOURS)) % len(DASHES)]
        label = f"{s.rater_name} ({s.rater_role})"
        points = " ".join(f"{x_of(d):.1f},{y_of(v):.1f}" for d, v in s.points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g class="rater" data-rater={quoteattr(label)}>')
        parts.append(f"<title>{escape(label)}</title>")
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        for d, v in s.points:
            parts.append(
                f'<circle cx="{x_of(d):.1f}" cy="{y_of(v):.1f}" r="4" fill="{colour}">'
                f"<title>{escape(f'{label}: {v} on {d.isoformat()}')}</title></circle>"
            )
        ly = legend_top + 24 * i
        parts.append(
            f'<line x1="{left}" y1="{ly - 4}" x2="{left + 40}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        latest = s.points[-1][1] if s.points else ""
        parts.append(_text(left + 50, ly, f"{label}: latest {latest}", font_size=12, class_="legend"))
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
