"""Charts drawn on the server as inline SVG: no script, no outside request, readable on a phone.

A bar chart is enough for the office's questions (how many, per day or month or topic). The
SVG scales to the screen's width (``viewBox``); labels are escaped, values are numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

__all__ = ["bar_chart", "row_chart"]

_WIDTH, _HEIGHT, _LEFT, _BOTTOM, _TOP = 440, 250, 40, 72, 12


def _nice_top(biggest: int) -> int:
    """A round number at least as big as ``biggest`` for the axis (1, 2, 5, 10, 20, 50…)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= biggest:
                return step * factor
        step *= 10


def bar_chart(points: Sequence[tuple[str, int]], title: str, *, every: int = 1) -> Markup:
    """Vertical bars for (label, value) pairs; ``every`` labels only every n-th bar."""
    if not points:
        return Markup("")
    top = _nice_top(max(1, *(v for _, v in points)))
    inner_w = _WIDTH - _LEFT - 8
    inner_h = _HEIGHT - _BOTTOM - _TOP
    slot = inner_w / len(points)
    bar = max(2.0, slot * 0.7)
    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for fraction in (0, 0.5, 1) if top % 2 == 0 else (0, 1):
        y = _TOP + inner_h * (1 - fraction)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_WIDTH - 8}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" class="axis">'
            f"{top * fraction:g}</text>"
        )
    for i, (label, value) in enumerate(points):
        height = inner_h * value / top
        x = _LEFT + i * slot + (slot - bar) / 2
        y = _TOP + inner_h - height
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" class="bar">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{_HEIGHT - _BOTTOM + 14}" text-anchor="end" '
                f'transform="rotate(-40 {x + bar / 2:.1f} {_HEIGHT - _BOTTOM + 14})" '
                f'class="axis">{escape(label[:16])}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def row_chart(points: Sequence[tuple[str, int]], title: str) -> Markup:
    """Horizontal bars, each under its label, with the number at its end: for long labels (a
    resident's situation, a topic) that would not fit under a vertical bar."""
    if not points:
        return Markup("")
    row_h, width = 40, _WIDTH
    biggest = max(1, *(v for _, v in points))
    inner = width - 48
    height = row_h * len(points) + 4
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(points):
        y = i * row_h
        length = max(1.0, inner * value / biggest) if value else 0.0
        parts.append(
            f'<text x="0" y="{y + 14}" class="axis">{escape(label[:60])}</text>'
            f'<rect x="0" y="{y + 19}" width="{length:.1f}" height="16" class="bar">'
            f"<title>{escape(label)}: {value}</title></rect>"
            f'<text x="{length + 6:.1f}" y="{y + 32}" class="axis">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
