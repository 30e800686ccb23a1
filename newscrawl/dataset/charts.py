"""Inline SVG charts for the dataset report: column charts and labelled bar charts.

No script and no external resource. Every chart is ``<svg data-chart="NAME">`` and every drawn
value one ``<rect class="bar" data-label=… data-value=…>`` with a ``<title>`` tooltip, which is
also what the tests look for. Lengths are SVG user units (CSS pixels at 100% zoom).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

WIDTH = 1100
"""Width of every chart."""

COLUMN_PLOT_HEIGHT = 220
ROW_HEIGHT = 24
MARGIN = 8
AXIS_WIDTH = 56  # room for the value labels left of a column chart
TICK_HEIGHT = 28  # room for the labels under a column chart
TICK_CHAR_WIDTH = 7  # a digit of the 11px tick labels is ~6.5 wide


def column_chart(
    chart: str, points: Sequence[tuple[str, int]], *, ticks: Sequence[int], title: str
) -> str:
    """Vertical bars for ``(label, value)`` points, left to right; ``ticks`` are indexes labelled.

    A point with value 0 keeps its slot but draws no bar, so gaps stay visible.
    """
    height = MARGIN + COLUMN_PLOT_HEIGHT + TICK_HEIGHT
    plot_width = WIDTH - AXIS_WIDTH - MARGIN
    step = plot_width / max(len(points), 1)
    bar_width = max(step * 0.8 if step >= 4 else step, 1.0)  # hairlines still show on long ranges
    top = max((value for _, value in points), default=0) or 1
    baseline = MARGIN + COLUMN_PLOT_HEIGHT
    parts = [_svg_open(chart, height, title), *_value_axis(top, baseline)]
    for index, (label, value) in enumerate(points):
        if value:
            bar_height = COLUMN_PLOT_HEIGHT * value / top
            x = AXIS_WIDTH + index * step
            parts.append(_bar(x, baseline - bar_height, bar_width, bar_height, label, value))
    for index in ticks:
        x, label = AXIS_WIDTH + (index + 0.5) * step, points[index][0]
        if x + TICK_CHAR_WIDTH * len(label) / 2 > WIDTH:
            continue  # a label that would run off the chart is left out
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{baseline + 18}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def bar_chart(
    chart: str,
    rows: Sequence[tuple[str, float, str]],
    *,
    title: str,
    maximum: float | None = None,
    rtl: bool = False,
    label_width: int = 200,
) -> str:
    """Horizontal bars, one per ``(label, value, value text)`` row, longest ``maximum`` wide.

    With ``rtl`` the labels sit on the right and bars grow leftwards, as a Persian reader expects;
    labels are then ``direction="rtl"`` text.
    """
    height = 2 * MARGIN + ROW_HEIGHT * max(len(rows), 1)
    track = WIDTH - label_width - 2 * MARGIN - 90  # 90: room for the value text beyond a bar
    top = maximum or max((value for _, value, _ in rows), default=0) or 1
    parts = [_svg_open(chart, height, title)]
    for index, (label, value, text) in enumerate(rows):
        parts += _bar_row(index, label, value, text, track * value / top, rtl, label_width)
    parts.append("</svg>")
    return "\n".join(parts)


def _bar_row(
    index: int, label: str, value: float, text: str, length: float, rtl: bool, label_width: int
) -> list[str]:
    """Label, bar and value text of one row of a :func:`bar_chart`."""
    y = MARGIN + index * ROW_HEIGHT
    middle = y + ROW_HEIGHT / 2 + 5  # the baseline that centres 13px text on the row
    if rtl:
        edge = WIDTH - MARGIN - label_width
        bar_x, label_x, value_x = edge - length, WIDTH - MARGIN, edge - length - 6
        label_anchor, value_anchor = 'direction="rtl" text-anchor="start"', "end"
    else:
        edge = MARGIN + label_width
        bar_x, label_x, value_x = edge, edge - 8, edge + length + 6
        label_anchor, value_anchor = 'text-anchor="end"', "start"
    return [
        f'<text class="label" x="{label_x:.1f}" y="{middle:.1f}" {label_anchor}>'
        f"{escape(label)}</text>",
        _bar(bar_x, y + 4, length, ROW_HEIGHT - 8, label, value),
        # numbers read left to right even inside a right-to-left figure
        f'<text class="value" x="{value_x:.1f}" y="{middle:.1f}" direction="ltr" '
        f'text-anchor="{value_anchor}">{escape(text)}</text>',
    ]


def _svg_open(chart: str, height: int, title: str) -> str:
    return (
        f'<svg data-chart="{escape(chart)}" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
    )


def _value_axis(top: int, baseline: float) -> list[str]:
    """Grid lines with their values at 0, half and the top of a column chart."""
    lines = []
    for value in sorted({0, top // 2, top}):
        y = baseline - COLUMN_PLOT_HEIGHT * value / top
        lines.append(
            f'<line class="grid" x1="{AXIS_WIDTH}" x2="{WIDTH - MARGIN}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{AXIS_WIDTH - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{value:,}</text>"
        )
    return lines


def _bar(x: float, y: float, width: float, height: float, label: str, value: float) -> str:
    shown = f"{value:,}" if isinstance(value, int) else f"{value:.3f}"
    return (
        f'<rect class="bar" x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}" '
        f'data-label="{escape(label)}" data-value="{shown}">'
        f"<title>{escape(label)}: {shown}</title></rect>"
    )
