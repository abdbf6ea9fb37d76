"""Small server-side charts as inline SVG: a bar chart and a line chart of one daily series.

Drawn here rather than by a script library so the admin needs no JavaScript, no CDN and no
change to the Content-Security-Policy: SVG elements and their presentation attributes
(`fill`, `stroke`) are markup, not scripts or style attributes. Every text is escaped.
"""
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 36
MAX_X_LABELS = 8
COLOUR, GRID, INK = "#417690", "#dddddd", "#333333"


@dataclass(frozen=True)
class Point:
    label: str  # the x axis' text, e.g. a date
    value: float


def _scale(values):
    top = max(values, default=0) or 1
    return top


def _frame(title, top, format_value):
    """The chart's outline: its accessible title, the y axis' grid and labels."""
    plot_height = HEIGHT - TOP - BOTTOM
    parts = [f'<title>{escape(title)}</title>']
    for share in (0, 0.5, 1):
        y = TOP + plot_height * (1 - share)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">'
                     f'{escape(format_value(top * share))}</text>')
    return parts


def _x_labels(points, x_of):
    step = max(1, -(-len(points) // MAX_X_LABELS))
    return [f'<text x="{x_of(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
            f'fill="{INK}">{escape(point.label)}</text>'
            for i, point in enumerate(points) if i % step == 0]


def _svg(kind, title, parts):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
            f'aria-label={quoteattr(title)} viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">'
            + "".join(parts) + "</svg>")


def bar_chart(points: list[Point], *, title: str, format_value=lambda v: f"{v:.0f}") -> str:
    """One bar per point, each with its own tooltip (`<title>`) naming the label and value."""
    top = _scale([p.value for p in points])
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(points), 1)

    def x_of(i):
        return LEFT + slot * (i + 0.5)

    parts = _frame(title, top, format_value)
    for i, point in enumerate(points):
        height = plot_height * point.value / top
        parts.append(f'<rect class="bar" x="{LEFT + slot * i + slot * 0.1:.1f}" y="{TOP + plot_height - height:.1f}" '
                     f'width="{slot * 0.8:.1f}" height="{height:.1f}" fill="{COLOUR}">'
                     f'<title>{escape(point.label)}: {escape(format_value(point.value))}</title></rect>')
    return _svg("bar", title, parts + _x_labels(points, x_of))


def line_chart(points: list[Point], *, title: str, format_value=lambda v: f"{v:.0f}", top: float | None = None) -> str:
    """A polyline through the points, with a dot (and tooltip) on each; `top` fixes the y axis' end."""
    top = top or _scale([p.value for p in points])
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(points), 1)

    def x_of(i):
        return LEFT + slot * (i + 0.5)

    def y_of(value):
        return TOP + plot_height * (1 - min(value, top) / top)

    parts = _frame(title, top, format_value)
    coordinates = " ".join(f"{x_of(i):.1f},{y_of(p.value):.1f}" for i, p in enumerate(points))
    parts.append(f'<polyline class="line" points="{coordinates}" fill="none" stroke="{COLOUR}" stroke-width="2"/>')
    for i, point in enumerate(points):
        parts.append(f'<circle class="dot" cx="{x_of(i):.1f}" cy="{y_of(point.value):.1f}" r="3" fill="{COLOUR}">'
                     f'<title>{escape(point.label)}: {escape(format_value(point.value))}</title></circle>')
    return _svg("line", title, parts + _x_labels(points, x_of))
