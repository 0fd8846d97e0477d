"""Charts as inline SVG drawn on the server: no script, no external service or font. Every chart has a
title, labels in Japanese and its numbers printed on it; pages show the same numbers as a table beside it."""
from django.utils.html import format_html, format_html_join

FONT = 'font-family="sans-serif" font-size="14"'
AXIS = "#555"
BAR = "#2f6db5"
BAR_OWN = "#d9822b"
TARGET = "#b3261e"
LINE_COLOURS = ["#2f6db5", "#d9822b", "#2e8540", "#8e44ad", "#b3261e"]


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    """The chart: `body` holds its parts, each built by format_html (every value escaped)."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'class="chart-fluid" role="img" aria-label="{t}" ' + FONT + '><title>{t}</title>'
        '<text x="0" y="18" font-size="16" font-weight="bold">{t}</text>{body}</svg>',
        w=width, h=height, t=title, body=format_html_join("", "{}", ((part,) for part in body)))


def _at(coordinate: float) -> str:
    """A coordinate to one decimal (format_html escapes its arguments to text before formatting them)."""
    return f"{coordinate:.1f}"


def _fmt(value: float) -> str:
    return f"{value:,.1f}" if value != int(value) else f"{int(value):,}"


def hbar(title: str, items: list[tuple[str, float]], *, target: float | None = None, highlight: str | None = None,
         unit: str = "", axis: str = "") -> str:
    """Horizontal bars, one per label, its value at the end; a dashed line at the target (目安値) when given.

    The scale follows the bars, so small figures stay readable: it reaches the target only when the target is
    within twice the largest bar; a target further out is written at the right edge as off the scale (→)."""
    label_w, bar_w, row_h, top = 170, 420, 26, 40
    largest = max([v for _, v in items] + [0])
    on_scale = target is not None and (largest == 0 or target <= 2 * largest)
    peak = max([largest * 1.1, target if on_scale else 0, 1e-9])
    bottom = top + row_h * len(items)
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = bar_w * value / peak
        colour = BAR_OWN if label == highlight else BAR
        body.append(format_html(
            '<text x="{}" y="{}" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}">{}{}</text>',
            label_w - 6, y + 18, label, label_w, y + 4, _at(w), row_h - 8, colour, _at(label_w + w + 4), y + 18,
            _fmt(value), unit))
    body.append(format_html('<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="{c}"/>'
                            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{c}"/>'
                            '<text x="{l}" y="{below}" text-anchor="middle">0</text>'
                            '<text x="{r}" y="{below}" text-anchor="end">{peak}</text>'
                            '<text x="{mid}" y="{label_y}" text-anchor="middle">{axis}</text>',
                            l=label_w, t=top, b=bottom, r=label_w + bar_w, c=AXIS, below=bottom + 18,
                            peak=_fmt(round(peak, 1)), mid=label_w + bar_w // 2, label_y=bottom + 18, axis=axis))
    if target is not None and on_scale:
        x = label_w + bar_w * target / peak
        body.append(format_html(
            '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{colour}" '
            'stroke-dasharray="6 4" stroke-width="2"/>'
            '<text x="{x}" y="{above}" text-anchor="middle" fill="{colour}">目安値 {target}</text>',
            x=_at(x), top=top - 4, bottom=bottom, above=top - 8, colour=TARGET, target=_fmt(target)))
    elif target is not None:
        body.append(format_html(
            '<text x="{x}" y="{above}" text-anchor="end" fill="{colour}">目安値 {target} →（この目盛りの外）</text>',
            x=label_w + bar_w + 60, above=top - 8, colour=TARGET, target=_fmt(target)))
    return _svg(label_w + bar_w + 70, bottom + 30, title, body)


def lines(title: str, labels: list[str], series: list[tuple[str, list[int]]], *, partial_last: bool = False,
          axis: str = "件") -> str:
    """A line per series over the months, with a legend; on long ranges only every n-th month is labelled
    and the values are left to the table beside it. With `partial_last` the last month is still being
    recorded: its segment is dashed and its label says 集計中, so it does not read as a drop."""
    left, top, plot_w, plot_h = 56, 60, max(160, min(84 * len(labels), 1100)), 200
    every = -(-len(labels) // 20) if labels else 1  # at most 20 month labels
    with_values = len(labels) <= 24
    peak = max([v for _, values in series for v in values] + [1])
    step = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0
    x_of = lambda i: left + (i * step if len(labels) > 1 else plot_w / 2)  # noqa: E731
    y_of = lambda v: top + plot_h - plot_h * v / peak  # noqa: E731
    body = [format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                        left, top + plot_h, left + plot_w, top + plot_h, AXIS),
            format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>', left, top, left, top + plot_h, AXIS),
            format_html('<text x="{}" y="{}" text-anchor="end">0</text>', left - 6, top + plot_h + 5),
            format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', left - 6, top + 5, f"{peak:,}"),
            format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', left - 6, top - 12, axis)]
    for i, label in enumerate(labels):
        last = i == len(labels) - 1
        if i % every and not last:
            continue
        body.append(format_html('<text x="{}" y="{}" text-anchor="middle" font-size="13">{}</text>',
                                _at(x_of(i)), top + plot_h + 20, label))
        if last and partial_last:
            body.append(format_html('<text x="{}" y="{}" text-anchor="middle" font-size="13">（集計中）</text>',
                                    _at(x_of(i)), top + plot_h + 36))
    solid = len(labels) - 1 if partial_last and len(labels) > 1 else len(labels)
    for k, (name, values) in enumerate(series):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        points = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values[:solid]))
        body.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>', points, colour))
        if solid < len(values):
            tail = " ".join(f"{x_of(i):.1f},{y_of(values[i]):.1f}" for i in (solid - 1, solid))
            body.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
                                    'stroke-dasharray="5 4"/>', tail, colour))
        for i, v in enumerate(values if with_values else []):
            body.append(format_html(
                '<circle cx="{x}" cy="{y}" r="3.5" fill="{fill}" stroke="{colour}"/>'
                '<text x="{x}" y="{above}" text-anchor="middle" font-size="12" fill="{colour}">{v}</text>',
                x=_at(x_of(i)), y=_at(y_of(v)), above=_at(y_of(v) - 7), colour=colour, v=f"{v:,}",
                fill="#fff" if i >= solid else colour))
        body.append(format_html('<rect x="{}" y="30" width="14" height="14" fill="{}"/><text x="{}" y="42">{}</text>',
                                left + 170 * k, colour, left + 170 * k + 18, name))
    return _svg(left + plot_w + 50, top + plot_h + 44, title, body)


def funnel(title: str, stages: list[tuple[str, int]], *, note: str = "") -> str:
    """The support process as centred bars, one per stage, each with its count and the share of the first
    stage. Each bar counts the cases that reached the stage, so a later stage can exceed an earlier one
    (`note` says why, under the bars)."""
    label_w, bar_w, row_h, top = 170, 380, 34, 36
    first = stages[0][1] if stages else 0
    peak = max([n for _, n in stages] + [1])
    body = []
    for i, (label, n) in enumerate(stages):
        y = top + i * row_h
        w = max(bar_w * n / peak, 1)
        x = label_w + (bar_w - w) / 2
        share = f"（新規相談の{n * 100 / first:.1f}%）" if first and i else ""
        body.append(format_html(
            '<text x="{}" y="{}" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}">{}{}</text>',
            label_w - 6, y + 22, label, _at(x), y + 4, _at(w), row_h - 8, BAR, label_w + bar_w + 6, y + 22, f"{n:,}",
            share))
    height = top + row_h * len(stages) + 6
    for sentence in (part + "。" for part in note.split("。") if part):
        body.append(format_html('<text x="0" y="{}" font-size="13">{}</text>', height + 12, sentence))
        height += 20
    return _svg(label_w + bar_w + 200, height, title, body)
