"""Charts as inline SVG drawn on the server: no script, no external service or font. Every chart has a
title, labels in Japanese and its numbers printed on it; pages show the same numbers as a table beside it."""
from django.utils.html import format_html, format_html_join

FONT = 'font-family="sans-serif" font-size="12"'
BAR = "#2f6db5"
BAR_OWN = "#d9822b"
TARGET = "#b3261e"
LINE_COLOURS = ["#2f6db5", "#d9822b", "#2e8540", "#8e44ad", "#b3261e"]


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    """The chart: `body` holds its parts, each built by format_html (every value escaped)."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'class="chart-fluid" role="img" aria-label="{t}" ' + FONT + '><title>{t}</title>'
        '<text x="0" y="16" font-size="14" font-weight="bold">{t}</text>{body}</svg>',
        w=width, h=height, t=title, body=format_html_join("", "{}", ((part,) for part in body)))


def _at(coordinate: float) -> str:
    """A coordinate to one decimal (format_html escapes its arguments to text before formatting them)."""
    return f"{coordinate:.1f}"


def _fmt(value: float) -> str:
    return f"{value:,.1f}" if value != int(value) else f"{int(value):,}"


def hbar(title: str, items: list[tuple[str, float]], *, target: float | None = None, highlight: str | None = None,
         unit: str = "") -> str:
    """Horizontal bars, one per label, its value at the end; a dashed line at the target (目安値) when given."""
    label_w, bar_w, row_h, top = 150, 380, 20, 30
    peak = max([v for _, v in items] + [target or 0, 1e-9])
    height = top + row_h * len(items) + (28 if target is not None else 8)
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = bar_w * value / peak
        colour = BAR_OWN if label == highlight else BAR
        body.append(format_html(
            '<text x="{}" y="{}" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}">{}{}</text>',
            label_w - 6, y + 14, label, label_w, y + 3, _at(w), row_h - 6, colour, _at(label_w + w + 4), y + 14,
            _fmt(value), unit))
    if target is not None:
        x = label_w + bar_w * target / peak
        bottom = top + row_h * len(items)
        body.append(format_html(
            '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{colour}" '
            'stroke-dasharray="4 3" stroke-width="2"/>'
            '<text x="{x}" y="{below}" text-anchor="middle" fill="{colour}">目安値 {target}</text>',
            x=_at(x), top=top, bottom=bottom, below=bottom + 16, colour=TARGET, target=_fmt(target)))
    return _svg(label_w + bar_w + 70, height, title, body)


def lines(title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> str:
    """A line per series over the months, with a legend; on long ranges only every n-th month is labelled
    and the values are left to the table beside it."""
    left, top, plot_w, plot_h = 40, 50, max(60, min(46 * len(labels), 1100)), 180
    every = -(-len(labels) // 24) if labels else 1  # at most 24 month labels
    with_values = len(labels) <= 24
    peak = max([v for _, values in series for v in values] + [1])
    step = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0
    x_of = lambda i: left + (i * step if len(labels) > 1 else plot_w / 2)  # noqa: E731
    y_of = lambda v: top + plot_h - plot_h * v / peak  # noqa: E731
    body = [format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#888"/>',
                        left, top + plot_h, left + plot_w, top + plot_h),
            format_html('<text x="{}" y="{}" text-anchor="end">0</text>', left - 6, top + plot_h + 4),
            format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', left - 6, top + 4, f"{peak:,}")]
    for i, label in enumerate(labels):
        if i % every:
            continue
        body.append(format_html('<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
                                _at(x_of(i)), top + plot_h + 18, label))
    for k, (name, values) in enumerate(series):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        points = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values))
        body.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>', points, colour))
        for i, v in enumerate(values if with_values else []):
            body.append(format_html(
                '<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>'
                '<text x="{x}" y="{above}" text-anchor="middle" font-size="10" fill="{colour}">{v}</text>',
                x=_at(x_of(i)), y=_at(y_of(v)), above=_at(y_of(v) - 6), colour=colour, v=f"{v:,}"))
        body.append(format_html('<rect x="{}" y="26" width="12" height="12" fill="{}"/><text x="{}" y="36">{}</text>',
                                left + 150 * k, colour, left + 150 * k + 16, name))
    return _svg(left + plot_w + 30, top + plot_h + 30, title, body)


def funnel(title: str, stages: list[tuple[str, int]]) -> str:
    """The support process as centred bars narrowing stage by stage, each with its count and the share of
    the first stage."""
    label_w, bar_w, row_h, top = 130, 360, 30, 30
    first = stages[0][1] if stages else 0
    peak = max([n for _, n in stages] + [1])
    body = []
    for i, (label, n) in enumerate(stages):
        y = top + i * row_h
        w = max(bar_w * n / peak, 1)
        x = label_w + (bar_w - w) / 2
        share = f"（{n * 100 / first:.1f}%）" if first and i else ""
        body.append(format_html(
            '<text x="{}" y="{}" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}">{}{}</text>',
            label_w - 6, y + 19, label, _at(x), y + 4, _at(w), row_h - 8, BAR, label_w + bar_w + 6, y + 19, f"{n:,}",
            share))
    return _svg(label_w + bar_w + 110, top + row_h * len(stages) + 6, title, body)
