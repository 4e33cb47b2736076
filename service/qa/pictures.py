"""Hand-written SVG pictures: a case's practice whiteboard and a scale's trajectory per rater.

No plotting library: the pictures are small and their text matters more than their shapes. Every
piece of text is escaped; state is shown by colour *and* by a word, so a picture reads without colour.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from service.qa.evidence import milestones_in_words

SVG_MEDIA_TYPE = "image/svg+xml"
SVG_NS = "http://www.w3.org/2000/svg"

CURRENT, PRESENT, MISSING, AT_CLOSE = "current", "present", "missing", "at_close"
STATE_FILL = {CURRENT: "#d8f0d2", PRESENT: "#fbe7b5", MISSING: "#f6cccc", AT_CLOSE: "#e8eaed"}
STATE_STROKE = {CURRENT: "#2e7d32", PRESENT: "#a86d00", MISSING: "#b3261e", AT_CLOSE: "#4a5058"}
STATE_WORD = {CURRENT: "CURRENT", PRESENT: "PRESENT", MISSING: "MISSING", AT_CLOSE: "AT CLOSE"}


def _text(x: float, y: float, content: str, **attrs: Any) -> str:
    extra = "".join(f" {k.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(content)}</text>'


FACT_LINE = 78
"""Characters of a row's fact on one line; a longer fact takes two lines (and is cut after that)."""


def _fact(x: float, y: float, fact: str) -> str:
    """A row's fact, on one line or wrapped onto two at a space."""
    if len(fact) <= FACT_LINE:
        return _text(x, y + 29, fact, font_size=13, class_="row-fact")
    cut = fact.rfind(" ", 0, FACT_LINE)
    first, rest = fact[: cut if cut > 0 else FACT_LINE], fact[cut + 1 if cut > 0 else FACT_LINE :]
    if len(rest) > FACT_LINE:
        rest = rest[: FACT_LINE - 1].rstrip() + "…"
    return (
        f'<text x="{x:g}" y="{y + 21:g}" font-size="13" class="row-fact">'
        f'<tspan x="{x:g}">{escape(first)}</tspan><tspan x="{x:g}" dy="16">{escape(rest)}</tspan></text>'
    )


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
    return BoardRow("trajectory", "Trajectory", PRESENT if behind else CURRENT, milestones_in_words(a11))


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


def whiteboard_rows(evidence: Evidence, as_of: date, closed_on: date | None = None) -> list[BoardRow]:
    """The whiteboard's eight rows, worked out from the audit evidence of the case. A closed case has
    nothing current: its evidence is taken as at the day it closed, and what was current then is
    shown AT CLOSE."""
    rows = [row(evidence) for row in ROWS]
    if closed_on is not None:
        rows = [BoardRow(r.key, r.title, AT_CLOSE, r.fact) if r.state == CURRENT else r for r in rows]
    return rows


def whiteboard_svg(
    title: str, reference: str | None, as_of: date, rows: list[BoardRow], closed_on: date | None = None
) -> str:
    width, row_height, top = 980, 56, 78
    height = top + row_height * len(rows) + 40
    heading = f"Practice whiteboard: {title}" + (f" ({reference})" if reference else "")
    if closed_on is None:
        key = f"As at {as_of.isoformat()}. Key: CURRENT, PRESENT (not current), MISSING."
        board_desc = (
            f"Each part of the practice as recorded on {as_of.isoformat()}: "
            "current, present but not current, or missing."
        )
    else:
        key = (
            f"Case closed on {closed_on.isoformat()}; as it stood then. Key: AT CLOSE (current when it "
            "closed), PRESENT (not current then), MISSING."
        )
        board_desc = (
            f"Each part of the practice of a case closed on {closed_on.isoformat()}, as it stood then: "
            "current when it closed, present but not current, or missing."
        )
    parts = [
        f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-labelledby="title desc" font-family="sans-serif">',
        f'<title id="title">{escape(heading)}</title>',
        f'<desc id="desc">{escape(board_desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        _text(20, 32, heading, font_size=20, font_weight="bold", class_="heading"),
        _text(20, 56, key, font_size=13, class_="key"),
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
        parts.append(_fact(400, y, row.fact))
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


@dataclass(frozen=True)
class ChartSeries:
    rater_name: str
    rater_role: str
    """The rater's role in words (the label of its code in the list ``rater_role``)."""
    points: list[tuple[date, int]]


@dataclass(frozen=True)
class ChartMark:
    """A day marked across the chart: a child's move between stages (into care, home, ...)."""

    day: date
    label: str


# Twelve raters each get their own colour, dash pattern and point shape, so no two look alike even
# without colour (colours: a palette told apart with the common colour-vision deficiencies).
COLOURS = [
    "#1f4e79", "#b3261e", "#2e7d32", "#6a1b9a", "#a86d00", "#00838f",
    "#c2185b", "#37474f", "#827717", "#0277bd", "#e65100", "#4e342e",
]  # fmt: skip
DASHES = [
    "", "8 4", "2 4", "12 4 2 4", "4 4", "1 3",
    "16 4", "6 2 2 2", "10 3 2 3 2 3", "3 6", "20 4 4 4", "12 2",
]  # fmt: skip
SHAPES = ["circle", "square", "triangle", "diamond"]
SAME_POINT_STEP = 9.0
"""Pixels between raters' points that would fall on the same spot (same day, same value)."""


def rater_style(i: int) -> tuple[str, str, str]:
    """The colour, dash pattern and point shape of the i-th rater: distinct for the first twelve."""
    return COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)], SHAPES[i % len(SHAPES)]


def _marker(shape: str, x: float, y: float, colour: str, title: str = "") -> str:
    inner = f"<title>{escape(title)}</title>" if title else ""
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}">{inner}</rect>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}">{inner}</polygon>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5.5:.1f} {x + 5.5:.1f},{y:.1f} {x:.1f},{y + 5.5:.1f} {x - 5.5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}">{inner}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}">{inner}</circle>'


MARK_ROW = 14
"""Pixels between the rows of stage-move labels above the plot."""
CHAR_WIDTH = 6.3
"""The width of a character of an 11px label, near enough, to keep labels from running into each other."""


def _place_labels(labels: list[tuple[float, str]], flip_at: float) -> list[tuple[float, int, str]]:
    """For each label at x (in x order), the row above the plot it goes on and its text anchor: each
    on the lowest row where it clears the label before it, reading rightwards (leftwards past
    ``flip_at``, so a label near the right edge stays inside the picture)."""
    ends: list[float] = []  # per row, where its rightmost label ends
    placed = []
    for x, text in labels:
        anchor = "end" if x > flip_at else "start"
        width = CHAR_WIDTH * len(text) + 8
        start, end = (x - width, x) if anchor == "end" else (x, x + width)
        row = next((r for r, taken in enumerate(ends) if taken + 4 < start), len(ends))
        if row == len(ends):
            ends.append(end)
        else:
            ends[row] = end
        placed.append((x, row, anchor))
    return placed


@dataclass(frozen=True)
class _Plot:
    """Where things go on a chart: the plot's box, x for a day, y for a value, and a rater's point
    spread sideways from the others that share its day and value."""

    top: float
    dates: list[date]
    sharing: dict[tuple[date, int], list[int]]
    left: int = 60
    plot_w: int = 700
    plot_h: int = 300
    inset: int = 24

    @property
    def span(self) -> int:
        return max((self.dates[-1] - self.dates[0]).days, 0) if self.dates else 0

    def x_of(self, day: date) -> float:
        if self.span == 0:
            return self.left + self.plot_w / 2
        first = self.dates[0]
        return self.left + self.inset + (self.plot_w - 2 * self.inset) * (day - first).days / self.span

    def y_of(self, value: int) -> float:
        return self.top + self.plot_h * (10 - value) / 10

    def point_x(self, i: int, d: date, v: int) -> float:
        raters = self.sharing[(d, v)]
        return self.x_of(d) + SAME_POINT_STEP * (raters.index(i) - (len(raters) - 1) / 2)


def chart_svg(
    title: str, anchor_0: str, anchor_10: str, series: list[ChartSeries], marks: list[ChartMark] | None = None
) -> str:
    """One line per rater, x the date, y 0 to 10 with the anchors as axis labels. Raters whose ratings
    fall on the same day and value are drawn side by side, not on top of each other; the days a child
    moved between stages (``marks``) are drawn across the chart."""
    dates = sorted({d for s in series for d, _ in s.points})
    first, last = (dates[0], dates[-1]) if dates else (date.today(), date.today())
    shown_marks = sorted((m for m in marks or [] if first <= m.day <= last), key=lambda m: m.day)
    # Points several raters share (same day, same value) are spread sideways around the spot.
    sharing: dict[tuple[date, int], list[int]] = {}
    for i, s in enumerate(series):
        for d, v in dict.fromkeys(s.points):
            sharing.setdefault((d, v), []).append(i)
    sizing = _Plot(0, dates, sharing)  # x does not depend on the top, which waits for the labels' rows
    placed = _place_labels(
        [(sizing.x_of(m.day), m.label[:60]) for m in shown_marks], sizing.left + sizing.plot_w * 0.7
    )
    label_rows = max((row for _, row, _ in placed), default=-1) + 1
    plot = replace(sizing, top=100 + MARK_ROW * max(label_rows, 1))
    chart_desc = f"Ratings from 0 ({anchor_0}) to 10 ({anchor_10}), one line per rater."
    if shown_marks:
        chart_desc += " Vertical lines mark moves between stages."
    parts = _frame(plot, title, chart_desc, anchor_0, anchor_10, len(series))
    parts += _stage_marks(plot, shown_marks, placed)
    parts += _date_labels(plot)
    if not series:
        parts.append(
            _text(plot.left + 20, plot.top + plot.plot_h / 2, "No ratings yet.", font_size=14, class_="empty")
        )
    for i, s in enumerate(series):
        parts += _rater_line(plot, i, s)
    parts.append("</svg>")
    return "\n".join(parts)


def _legend_top(plot: _Plot) -> float:
    return plot.top + plot.plot_h + 60


def _frame(plot: _Plot, title: str, chart_desc: str, anchor_0: str, anchor_10: str, raters: int) -> list[str]:
    """The picture's opening, its title and description, the axes, the value lines and the anchors."""
    left, top, plot_w, plot_h = plot.left, plot.top, plot.plot_w, plot.plot_h
    width = left + plot_w + 40
    height = _legend_top(plot) + 24 * max(raters, 1) + 20
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
        y = plot.y_of(value)
        parts.append(f'<line x1="{left - 5}" y1="{y:g}" x2="{left + plot_w}" y2="{y:g}" stroke="#e0e0e0"/>')
        parts.append(_text(left - 10, y + 4, str(value), font_size=11, text_anchor="end", class_="tick"))
    # The anchors in full, under the title: what 10 and 0 mean on this scale.
    parts.append(_text(20, 56, f"10 = {anchor_10}"[:140], font_size=12, class_="anchor anchor-10"))
    parts.append(_text(20, 76, f"0 = {anchor_0}"[:140], font_size=12, class_="anchor anchor-0"))
    return parts


def _stage_marks(
    plot: _Plot, shown_marks: list[ChartMark], placed: list[tuple[float, int, str]]
) -> list[str]:
    """The lines first, then every label over them on a white halo, so no line runs through a word."""
    top = plot.top
    parts = [
        f'<line class="mark-line" x1="{x:.1f}" y1="{top - 4 - MARK_ROW * row}" x2="{x:.1f}" '
        f'y2="{top + plot.plot_h}" stroke="#6b7280" stroke-width="1.5" stroke-dasharray="3 3"/>'
        for x, row, _anchor in placed
    ]
    for mark, (x, row, anchor) in zip(shown_marks, placed, strict=True):
        parts.append(f'<g class="mark" data-day="{mark.day.isoformat()}">')
        parts.append(f"<title>{escape(f'{mark.label} on {mark.day.isoformat()}')}</title>")
        parts.append(
            _text(
                x + (-4 if anchor == "end" else 4),
                top - 8 - MARK_ROW * row,
                mark.label[:60],
                font_size=11,
                text_anchor=anchor,
                fill="#374151",
                stroke="#ffffff",
                stroke_width=4,
                paint_order="stroke",
                class_="mark-label",
            )
        )
        parts.append("</g>")
    return parts


def _date_labels(plot: _Plot) -> list[str]:
    parts = []
    last_label_x = float("-inf")
    for day in plot.dates:
        x = plot.x_of(day)
        if x - last_label_x < 90:  # leave out a date that would overlap the one before
            continue
        last_label_x = x
        parts.append(
            _text(
                x,
                plot.top + plot.plot_h + 20,
                day.isoformat(),
                font_size=11,
                text_anchor="middle",
                class_="date",
            )
        )
    return parts


def _rater_line(plot: _Plot, i: int, s: ChartSeries) -> list[str]:
    """A rater's line and points, and its entry in the legend saying what it shows."""
    colour, dash, shape = rater_style(i)
    label = f"{s.rater_name} ({s.rater_role})"
    points = " ".join(f"{plot.point_x(i, d, v):.1f},{plot.y_of(v):.1f}" for d, v in s.points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [
        f'<g class="rater" data-rater={quoteattr(label)}>',
        f"<title>{escape(label)}</title>",
        f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>',
    ]
    for d, v in s.points:
        parts.append(
            _marker(shape, plot.point_x(i, d, v), plot.y_of(v), colour, f"{label}: {v} on {d.isoformat()}")
        )
    left, ly = plot.left, _legend_top(plot) + 24 * i
    parts.append(
        f'<line x1="{left}" y1="{ly - 4}" x2="{left + 40}" y2="{ly - 4}" stroke="{colour}" '
        f'stroke-width="2.5"{dash_attr}/>'
    )
    parts.append(_marker(shape, left + 20, ly - 4, colour))
    if len(s.points) == 1:
        ((d, v),) = s.points
        said = f"{label}: one rating, {v} on {d.isoformat()}"
    else:
        said = f"{label}: {len(s.points)} ratings, latest {s.points[-1][1]} on {s.points[-1][0].isoformat()}"
    parts.append(_text(left + 50, ly, said, font_size=12, class_="legend"))
    parts.append("</g>")
    return parts
