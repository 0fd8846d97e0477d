"""Charts as inline SVG drawn on the server: no script, no external service or font. Every chart has a
title, labels in Japanese and its numbers printed on it; pages show the same numbers as a table beside it."""
from django.utils.html import escape
from django.utils.safestring import mark_safe

FONT = 'font-family="sans-serif" font-size="12"'
BAR = "#2f6db5"
BAR_OWN = "#d9822b"
TARGET = "#b3261e"
LINE_COLOURS = ["#2f6db5", "#d9822b", "#2e8540", "#8e44ad", "#b3261e"]


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    t = escape(title)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'class="chart-fluid" role="img" aria-label="{t}" {FONT}><title>{t}</title>'
        f'<text x="0" y="16" font-size="14" font-weight="bold">{t}</text>{"".join(body)}</svg>'
    )


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
        body.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
                    f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}"/>'
                    f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{_fmt(value)}{escape(unit)}</text>')
    if target is not None:
        x = label_w + bar_w * target / peak
        bottom = top + row_h * len(items)
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{TARGET}" '
                    f'stroke-dasharray="4 3" stroke-width="2"/>'
                    f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="{TARGET}">'
                    f'目安値 {_fmt(target)}</text>')
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
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#888"/>',
            f'<text x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end">0</text>',
            f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak:,}</text>']
    for i, label in enumerate(labels):
        if i % every:
            continue
        body.append(f'<text x="{x_of(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="11">'
                    f'{escape(label)}</text>')
    for k, (name, values) in enumerate(series):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        points = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, v in enumerate(values if with_values else []):
            body.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="3" fill="{colour}"/>'
                        f'<text x="{x_of(i):.1f}" y="{y_of(v) - 6:.1f}" text-anchor="middle" font-size="10" '
                        f'fill="{colour}">{v:,}</text>')
        body.append(f'<rect x="{left + 150 * k}" y="26" width="12" height="12" fill="{colour}"/>'
                    f'<text x="{left + 150 * k + 16}" y="36">{escape(name)}</text>')
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
        body.append(f'<text x="{label_w - 6}" y="{y + 19}" text-anchor="end">{escape(label)}</text>'
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{BAR}"/>'
                    f'<text x="{label_w + bar_w + 6}" y="{y + 19}">{n:,}{share}</text>')
    return _svg(label_w + bar_w + 110, top + row_h * len(stages) + 6, title, body)
