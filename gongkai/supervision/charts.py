"""Monthly trend charts as SVG markup, drawn on the server (no script; the CSP forbids inline
style, so colours come from classes in supervision.css). Pure: no Django."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 46


def bar_chart(title: str, labels: list[str], series: list[tuple[str, str, list[float]]]) -> str:
    """Grouped bars: `series` is [(legend, css class, values)], one value per label."""
    count = max(len(labels), 1)
    peak = max([v for _, _, values in series for v in values] + [1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / count
    bar = max(slot * 0.8 / max(len(series), 1), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{_n(peak)}</text>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(labels):
        x0 = LEFT + i * slot + slot * 0.1
        for j, (legend, css, values) in enumerate(series):
            value = values[i]
            h = plot_h * value / peak
            x = x0 + j * bar
            parts.append(
                f'<rect class="{css}" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}"><title>{escape(label)} {escape(legend)}：'
                f"{_n(value)}</title></rect>"
            )
        if count <= 12 or i % 2 == 0:
            parts.append(
                f'<text class="tick" x="{LEFT + i * slot + slot / 2:.1f}" '
                f'y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{escape(label)}</text>'
            )
    x = LEFT
    for legend, css, _ in series:
        parts.append(
            f'<rect class="{css}" x="{x}" y="{HEIGHT - 14}" width="10" height="10"/>'
            f'<text class="legend" x="{x + 14}" y="{HEIGHT - 5}">{escape(legend)}</text>'
        )
        x += 14 + 15 * len(legend) + 16
    parts.append("</svg>")
    return "".join(parts)


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
