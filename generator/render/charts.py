"""Charts drawn at build time as standalone SVG files: no JavaScript, no CDN, print-friendly.

Every chart has a <title> and <desc> for screen readers; pages show it as <img alt=…> next to
the table it was drawn from, which is its full text alternative. Output is deterministic.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif\""
PALETTE = ("#3f51b5", "#009688", "#ff9800", "#9c27b0", "#795548", "#607d8b")


def _number(value: float) -> str:
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t d">'
            f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>'
            f'<rect width="{width}" height="{height}" fill="#fff"/>'
            f'<text x="12" y="24" font-size="15" font-weight="700" {FONT}>{escape(title)}</text>'
            + "".join(body) + "</svg>\n")


def bar_chart(title: str, rows: list[tuple[str, float]], unit: str = "", width: int = 720) -> str:
    """Horizontal bars, one per (label, value), in the given order."""
    label_width, bar_left, row_height, top = 260, 272, 26, 44
    height = top + row_height * len(rows) + 16
    top_value = max([v for _, v in rows] + [0]) or 1
    span = width - bar_left - 80
    body = []
    for index, (label, value) in enumerate(rows):
        y = top + index * row_height
        bar = 0 if value <= 0 else max(1, round(span * value / top_value))
        short = label if len(label) <= 38 else label[:37] + "…"
        body.append(f'<text x="{label_width}" y="{y + 17}" font-size="13" text-anchor="end" {FONT}>'
                    f'{escape(short)}</text>')
        body.append(f'<rect x="{bar_left}" y="{y + 4}" width="{bar}" height="{row_height - 8}" '
                    f'fill="{PALETTE[0]}"/>')
        body.append(f'<text x="{bar_left + bar + 6}" y="{y + 17}" font-size="13" {FONT}>'
                    f'{_number(value)}{escape(unit)}</text>')
    desc = "; ".join(f"{label}: {_number(value)}{unit}" for label, value in rows)
    return _svg(width, height, title, desc, body)


def grouped_bar_chart(title: str, categories: list[str], series: list[tuple[str, list[float | None]]],
                      unit: str = "", width: int = 720, height: int = 300) -> str:
    """Vertical bars: for each category (e.g. a year) one bar per series (e.g. target, actual).

    A missing value (None) draws no bar, so «no data» never looks like zero.
    """
    left, right, top, bottom = 56, 16, 60, 40
    values = [v for _, data in series for v in data if v is not None]
    top_value = max(values + [0]) or 1
    plot_w, plot_h = width - left - right, height - top - bottom
    group_w = plot_w / max(1, len(categories))
    bar_w = min(36, group_w * 0.8 / max(1, len(series)))
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#666"/>']
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" {FONT}>'
                    f'{_number(value)}</text>')
    for s_index, (name, _) in enumerate(series):  # legend
        x = left + s_index * 160
        body.append(f'<rect x="{x}" y="34" width="12" height="12" fill="{PALETTE[s_index % len(PALETTE)]}"/>')
        body.append(f'<text x="{x + 18}" y="45" font-size="12" {FONT}>{escape(name)}</text>')
    for c_index, category in enumerate(categories):
        x0 = left + c_index * group_w + (group_w - bar_w * len(series)) / 2
        for s_index, (_, data) in enumerate(series):
            value = data[c_index]
            if value is None:
                continue
            h = plot_h * max(value, 0) / top_value
            x = x0 + s_index * bar_w
            body.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
                        f'height="{h:.1f}" fill="{PALETTE[s_index % len(PALETTE)]}"/>')
            body.append(f'<text x="{x + bar_w / 2 - 1:.1f}" y="{top + plot_h - h - 4:.1f}" font-size="11" '
                        f'text-anchor="middle" {FONT}>{_number(value)}</text>')
        body.append(f'<text x="{left + c_index * group_w + group_w / 2:.1f}" y="{height - bottom + 18}" '
                    f'font-size="12" text-anchor="middle" {FONT}>{escape(str(category))}</text>')
    parts = []
    for name, data in series:
        shown = ", ".join(f"{c}: {_number(v)}{unit}" for c, v in zip(categories, data) if v is not None)
        parts.append(f"{name} — {shown or 'нет данных'}")
    return _svg(width, height, title, "; ".join(parts), body)
