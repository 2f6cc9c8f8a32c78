"""Server-rendered SVG charts: a line over weeks, horizontal bars, and a neighbourhood map.

Plain SVG with ``viewBox`` (scales to a phone, prints in black and white), a ``<title>`` on every
mark, ``role="img"`` and an ``aria-label``; each chart sits next to a table in the template.
The drawings are about as wide as a phone (360 px), so their text stays at ``FONT`` size there
instead of shrinking with a wide drawing.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

from geo import canonical_neighbourhood
from geo import map_areas as areas

INK = "#1f3b57"
FONT = 14  # user units: at least 12 px on a 360 px phone, where a chart is ~330 px wide
SHADES = ["#f1f5f9", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


def _shown_labels(n: int, most: int) -> set[int]:
    """Which x labels fit: evenly spaced, always the last (the latest week), none crowding it."""
    step = max(1, -(-n // most))
    shown = {i for i in range(n) if i % step == 0}
    if n:
        shown = {i for i in shown if n - 1 - i >= step} | {n - 1}
    return shown


def line_chart(points: list[tuple[str, int]], *, label: str, width=360, height=200) -> str:
    """points: (x label, value) in order."""
    pad_l, pad_r, pad_t, pad_b = 34, 8, 12, 34
    top = max([v for _x, v in points] + [1])
    n = len(points)
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b

    def xy(i, v):
        x = pad_l + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        y = pad_t + inner_h - inner_h * v / top
        return x, y

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line x1="{pad_l}" y1="{pad_t + inner_h}" x2="{width - pad_r}" y2="{pad_t + inner_h}" stroke="#888"/>',
        f'<text x="{pad_l - 4}" y="{pad_t + 10}" text-anchor="end" font-size="{FONT}">{top}</text>',
        f'<text x="{pad_l - 4}" y="{pad_t + inner_h}" text-anchor="end" font-size="{FONT}">0</text>',
    ]
    if points:
        path = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, (_x, v) in enumerate(points))
        )
        parts.append(f'<polyline points="{path}" fill="none" stroke="{INK}" stroke-width="2"/>')
        shown = _shown_labels(n, most=4)
        for i, (xl, v) in enumerate(points):
            x, y = xy(i, v)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{INK}"><title>{escape(xl)}: {v}</title></circle>'
            )
            if i in shown:
                # The ends are anchored inward so their labels stay inside the drawing.
                anchor = "middle" if n == 1 else {0: "start", n - 1: "end"}.get(i, "middle")
                parts.append(
                    f'<text x="{x:.1f}" y="{height - 10}" text-anchor="{anchor}" font-size="{FONT}">{escape(xl)}</text>'
                )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))


def bar_chart(items: list[tuple[str, int]], *, label: str, width=360) -> str:
    """Horizontal bars, one per (category label, value), each with its label above it: long
    labels ("Resolved on scene") get the whole width instead of squeezing the bars."""
    row, bar, gap, value_w = 34, 12, 4, 40
    height = max(row * len(items), row) + 4
    top = max([v for _l, v in items] + [1])
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for i, (name, v) in enumerate(items):
        y = i * row + 2
        w = (width - value_w) * v / top
        parts.append(
            f'<text x="2" y="{y + FONT}" font-size="{FONT}">{escape(name)}</text>'
            f'<rect x="0" y="{y + FONT + gap}" width="{w:.1f}" height="{bar}" fill="{INK}">'
            f"<title>{escape(name)}: {v}</title></rect>"
            f'<text x="{w + 4:.1f}" y="{y + FONT + gap + bar}" font-size="{FONT}">{v}</text>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))


def neighbourhood_counts(rows: list[dict]) -> tuple[dict[str, int], int]:
    """Recorded names folded onto the 17 official ones; the rest counted as "elsewhere"."""
    counts, other = {a["name"]: 0 for a in areas()}, 0
    for r in rows:
        name = canonical_neighbourhood(r["name"])
        if name:
            counts[name] += r["count"]
        else:
            other += r["count"]
    return counts, other


def choropleth(counts: dict[str, int], *, label: str, width=360) -> str:
    shapes = areas()
    xs = [p[0] for a in shapes for ring in a["rings"] for p in ring]
    ys = [p[1] for a in shapes for ring in a["rings"] for p in ring]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    # Degrees of longitude are shorter than degrees of latitude at 41.8° N.
    aspect = (max_y - min_y) / ((max_x - min_x) * 0.745)
    height = round(width * aspect)
    sx, sy = width / (max_x - min_x), height / (max_y - min_y)
    top = max(list(counts.values()) + [1])
    parts = [
        f'<svg class="chart map" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        '<g translate="no">',  # neighbourhood names are place names
    ]
    for a in shapes:
        v = counts.get(a["name"], 0)
        shade = (
            SHADES[0]
            if v == 0
            else SHADES[min(len(SHADES) - 1, 1 + int((len(SHADES) - 2) * v / top))]
        )
        d = " ".join(
            "M"
            + " L".join(f"{(x - min_x) * sx:.1f},{(max_y - y) * sy:.1f}" for x, y in ring)
            + " Z"
            for ring in a["rings"]
        )
        parts.append(
            f'<path d="{d}" fill="{shade}" stroke="#333" stroke-width="0.8">'
            f"<title>{escape(a['name'])}: {v}</title></path>"
        )
    for a in shapes:
        cx, cy = a["centroid"]
        v = counts.get(a["name"], 0)
        if v:
            parts.append(
                f'<text x="{(cx - min_x) * sx:.1f}" y="{(max_y - cy) * sy:.1f}" text-anchor="middle" '
                f'font-size="{FONT}" font-weight="bold" aria-hidden="true">{v}</text>'
            )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))
