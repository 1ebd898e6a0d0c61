"""Label placement: the arithmetic text boxes are the boxes matplotlib draws."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.charts.placement import _DIRECTIONS, _RINGS, _text_box
from analysis.charts.style import new_figure


@pytest.mark.parametrize("text", ["Tebo", "Tanjab Barat", "Sungai Penuh"])
def test_a_candidate_box_is_the_extent_of_the_annotation_there(text):
    fig, ax = new_figure("wide")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    scale = fig.dpi / 72
    probe = ax.annotate(text, (0.4, 0.6), fontsize=7)
    size = probe.get_window_extent(renderer)
    cx, cy = ax.transData.transform((0.4, 0.6))
    for ring in _RINGS:
        for dx, dy, ha, va in _DIRECTIONS:
            note = ax.annotate(text, (0.4, 0.6), xytext=(dx * ring, dy * ring),
                               textcoords="offset points", ha=ha, va=va, fontsize=7)
            drawn = note.get_window_extent(renderer)
            box = _text_box(size.width, size.height, cx + dx * ring * scale,
                            cy + dy * ring * scale, ha, va)
            np.testing.assert_allclose(box.extents, drawn.extents, atol=1e-6,
                                       err_msg=f"{ring=} {dx=} {dy=} {ha=} {va=}")
