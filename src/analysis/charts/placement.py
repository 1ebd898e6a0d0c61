"""Point labels that do not overlap each other, the points or the axes' edges."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

# Candidate offsets in points, nearest first: (dx, dy, horizontal, vertical alignment).
_DIRECTIONS = ((1, 0, "left", "center"), (-1, 0, "right", "center"),
               (0, 1, "center", "bottom"), (0, -1, "center", "top"),
               (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"),
               (1, -1, "left", "top"), (-1, -1, "right", "top"))
_RINGS = (5, 12, 20, 30)
_POINT_RADIUS_PX = 4


def _overlap(a: Bbox, b: Bbox) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def _outside(box: Bbox, frame: Bbox) -> float:
    inside = _overlap(box, frame)
    return box.width * box.height - inside


def _text_box(width: float, height: float, x: float, y: float, ha: str, va: str) -> Bbox:
    """The box of a ``width`` x ``height`` text aligned at (x, y), in display units."""
    x0 = x - {"left": 0.0, "center": width / 2, "right": width}[ha]
    y0 = y - {"bottom": 0.0, "center": height / 2, "top": height}[va]
    return Bbox.from_bounds(x0, y0, width, height)


def place_labels(ax: Axes, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str],
                 fontsize: float = 7) -> list:
    """Annotate each point with its text at the nearest free spot; far labels get a leader.

    The figure's layout is fixed first, so call this after everything else is drawn on ``ax``.
    Each text is measured once; its box at every candidate spot follows from the offset and
    the alignment.
    """
    fig = ax.figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    centres = ax.transData.transform(list(zip(xs, ys, strict=True)))
    occupied = [Bbox.from_extents(cx - _POINT_RADIUS_PX, cy - _POINT_RADIUS_PX,
                                  cx + _POINT_RADIUS_PX, cy + _POINT_RADIUS_PX)
                for cx, cy in centres]
    scale = fig.dpi / 72
    placed = []
    for (cx, cy), x, y, text in zip(centres, xs, ys, texts, strict=True):
        probe = ax.annotate(text, (x, y), fontsize=fontsize)
        size = probe.get_window_extent(renderer)
        probe.remove()
        best = None
        for ring in _RINGS:
            for dx, dy, ha, va in _DIRECTIONS:
                box = _text_box(size.width, size.height, cx + dx * ring * scale,
                                cy + dy * ring * scale, ha, va).padded(1.5 * scale)
                cost = sum(_overlap(box, other) for other in occupied) \
                    + 4 * _outside(box, frame)
                if best is None or cost < best[0]:
                    best = (cost, ring, dx, dy, ha, va, box)
            if best[0] == 0:
                break
        cost, ring, dx, dy, ha, va, box = best
        arrow = dict(arrowstyle="-", color="#888888", lw=0.5, shrinkA=0, shrinkB=3) \
            if ring > _RINGS[0] else None
        note = ax.annotate(text, (x, y), xytext=(dx * ring, dy * ring),
                           textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                           arrowprops=arrow)
        note.set_in_layout(False)
        occupied.append(box)
        placed.append(note)
    return placed
