"""Plotting helpers shared by the loss surface and the learning-rate lab.

Colour maps as 256-entry lookup tables (DESIGN.md: ``ImageItem`` with a LUT
and explicit levels), iso-lines by contourpy, log-scale colour-bar ticks, and
:func:`draw_surface`, which puts a ``landscape.SliceResult`` (complete or
partial) into an ``ImageItem`` and its iso-lines into a
``PlotCurveItem(connect="pairs")``.

Iso-lines: contourpy (the library Matplotlib uses) replaced a hand-written
vectorised marching squares. Measured on the app's grids, side by side in
one run (tests/bench/bench_landscape.py, 9 levels of a 2-16-16-1 net's log
loss, best of 7, two runs on a shared 2-core machine): 101 × 101 — hand-written
9.2–14.3 ms, contourpy 0.9–1.3 ms; 81 × 81 — 12.7–13.2 ms vs 0.75–0.81 ms
(7–17× faster, the same segment counts). It also resolves saddles by the
cell's centre value (the hand-written one joined a saddle's edges in a fixed
order) and follows masked (non-finite) cells exactly, with corner masking.
"""
from __future__ import annotations

import contourpy
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from .. import theme


def viridis_lut(n=256) -> np.ndarray:
    """(n, 4) uint8 viridis lookup table (perceptually uniform, colour-blind safe)."""
    return pg.colormap.get("viridis").getLookupTable(0.0, 1.0, n, alpha=True)


def pale(lut: np.ndarray, share=0.55) -> np.ndarray:
    """``lut`` mixed with white (``share`` of the colour kept): a backdrop."""
    rgb = 255 - (255 - lut[:, :3].astype(float)) * share
    return np.concatenate([rgb, lut[:, 3:]], 1).round().astype(np.ubyte)


VIRIDIS_LUT = viridis_lut()
PALE_LUT = pale(VIRIDIS_LUT)


def contour_segments(Z, xs, ys, levels) -> np.ndarray:
    """Iso-lines of a grid ``Z`` (len(ys), len(xs)) at ``levels``, as an
    (2k, 2) array of segment end points for ``PlotCurveItem(connect="pairs")``.
    Non-finite cells are masked (no line enters them)."""
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[0] < 2 or Z.shape[1] < 2:
        return np.zeros((0, 2))
    bad = ~np.isfinite(Z)
    z = np.ma.array(Z, mask=bad) if bad.any() else Z
    gen = contourpy.contour_generator(np.asarray(xs, dtype=np.float64),
                                      np.asarray(ys, dtype=np.float64), z,
                                      name="serial", corner_mask=True,
                                      line_type=contourpy.LineType.ChunkCombinedOffset)
    out = []
    for lv in levels:
        points, offsets = gen.lines(float(lv))
        for pts, off in zip(points, offsets):
            if pts is None or len(pts) < 2:
                continue
            keep = np.ones(len(pts) - 1, dtype=bool)
            keep[off[1:-1] - 1] = False          # no segment from one line to the next
            seg = np.empty((int(keep.sum()), 2, 2))
            seg[:, 0] = pts[:-1][keep]
            seg[:, 1] = pts[1:][keep]
            out.append(seg.reshape(-1, 2))
    return np.concatenate(out) if out else np.zeros((0, 2))


def log_ticks(lo, hi, max_major=7):
    """Colour-bar ticks for log₁₀ values in [lo, hi], labelled as losses:
    decades (0.01, 0.1, 1 …) over a wide range, 1-2-5 steps over a narrow one."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return [[], []]
    d0, d1 = int(np.floor(lo)), int(np.ceil(hi))
    decades = range(d0 - 1, d1 + 1)
    if hi - lo < 0.6:
        steps = range(1, 10)
    elif hi - lo < 3.5:
        steps = (1, 2, 5)
    else:
        every = max(1, -(-(d1 - d0 + 1) // max_major))
        decades = [d for d in decades if d % every == 0]
        steps = (1,)
    vals = [m * 10.0 ** d for d in decades for m in steps]
    minor = [m * 10.0 ** d for d in range(d0 - 1, d1 + 1) for m in range(1, 10)]
    major = [(float(np.log10(v)), theme.fmt(v, 3)) for v in vals
             if lo <= np.log10(v) <= hi]
    minor = [(float(np.log10(v)), "") for v in minor if lo <= np.log10(v) <= hi]
    return [major, minor]


def rows_ready(res) -> int:
    """Rows of a (possibly partial) SliceResult that are computed."""
    return res.loss.shape[0] if res.complete else res.done // len(res.a)


def draw_surface(image: pg.ImageItem, contours: pg.PlotCurveItem, res, log=True,
                 n_levels=9):
    """Draw ``res`` (its computed rows) into ``image`` and, when complete, its
    iso-lines into ``contours``. Returns the colour levels (lo, hi), or None
    if fewer than two rows are ready (nothing drawn)."""
    rows = rows_ready(res)
    if rows < 2:
        return None
    Z = res.display_loss(log=log)[:rows]
    finite = np.isfinite(res.loss[:rows])
    lo, hi = (float(Z[finite].min()), float(Z[finite].max())) if finite.any() else (0.0, 1.0)
    if not hi > lo:
        hi = lo + 1e-9
    x, y, w, h = res.rect()
    image.setImage(np.ascontiguousarray(Z), autoLevels=False, levels=(lo, hi))
    image.setRect(QRectF(x, y, w, h / len(res.b) * rows))
    seg = np.zeros((0, 2))
    if res.complete:
        levels = np.linspace(lo, hi, n_levels + 2)[1:-1]
        seg = contour_segments(Z, np.asarray(res.a), np.asarray(res.b), levels)
    contours.setData(seg[:, 0], seg[:, 1])
    return lo, hi


def surface_plot(name: str, lut: np.ndarray, contour_rgb, min_size=(220, 200)):
    """A fixed (no mouse, no auto-range) white plot holding a row-major
    ``ImageItem`` with ``lut`` and an iso-line ``PlotCurveItem(connect="pairs")``
    (opaque pen, segmented mode: the fast path). Returns (plot, image, contours)."""
    from .common import style_plot
    plot = pg.PlotWidget(background="w")
    plot.setObjectName(name)
    plot.setMinimumSize(*min_size)
    style_plot(plot)
    pi = plot.getPlotItem()
    pi.setMenuEnabled(False)
    vb = pi.getViewBox()
    vb.disableAutoRange()
    vb.setMouseEnabled(False, False)
    image = pg.ImageItem(axisOrder="row-major")
    image.setLookupTable(lut)
    image.setZValue(-10)
    pi.addItem(image)
    contours = pg.PlotCurveItem(connect="pairs", antialias=False,
                                pen=pg.mkPen(contour_rgb, width=1))
    contours.setSegmentedLineMode("on")
    contours.setZValue(-5)
    pi.addItem(contours)
    return plot, image, contours


def label_item(text, anchor, point_size=10, alpha=220) -> pg.TextItem:
    """A bold text label on a translucent white box, for markers on a plot."""
    from PySide6.QtGui import QFont
    item = pg.TextItem(text, color=theme.FOREGROUND, anchor=anchor,
                       fill=pg.mkBrush(255, 255, 255, alpha))
    font = QFont()
    font.setPointSize(point_size)
    font.setBold(True)
    item.setFont(font)
    return item

class _TitleText:
    """``setText`` for a plot's title row: the legend, then a sentence."""

    def __init__(self, plot_item, legend_html):
        from ..zoom import ZOOM
        self._pi = plot_item
        self._legend = legend_html
        self._text = None
        self.setText("")
        ZOOM.changed.connect(self._rezoom)

    def _rezoom(self):
        import shiboken6
        if shiboken6.isValid(self._pi):
            self.setText(self._text or "", force=True)

    def setText(self, text, force=False):
        from ..zoom import ZOOM
        if text == self._text and not force:
            return
        self._text = text
        html = self._legend + ("&nbsp;&nbsp;&nbsp;" + text if text else "")
        self._pi.setTitle(html, color=theme.hex_color(theme.FOREGROUND),
                          size=f"{ZOOM.px(11)}px")

    def toPlainText(self):
        return self._text or ""


def honest_plot(plane_color, height=110):
    """The small "true vs plane" plot under the surface: (widget, (true, plane)
    items, label item)."""
    from PySide6.QtCore import Qt

    from ..i18n import tr
    from .common import style_plot
    w = pg.PlotWidget(background="w")
    w.setObjectName("nnviz-honest-plot")
    style_plot(w, point_size=8)
    w.setFixedHeight(height)
    pi = w.getPlotItem()
    pi.setMenuEnabled(False)
    pi.setMouseEnabled(False, False)
    pi.getAxis("left").setWidth(46)
    true_item = pg.PlotDataItem(pen=pg.mkPen(theme.FOREGROUND, width=2), name="true")
    plane_item = pg.PlotDataItem(pen=pg.mkPen(plane_color, width=2, style=Qt.DashLine))
    pi.addItem(true_item)
    pi.addItem(plane_item)
    # the legend and the gap sit in the title row, above the data: inside the
    # plot they covered the very lines they name
    legend = (f'<span style="color:{theme.hex_color(theme.FOREGROUND)}">━ '
              + tr("true loss") + f'</span>&nbsp;&nbsp;<span style="color:'
              f'{theme.hex_color(plane_color)}">╌ ' + tr("the plane's loss") + "</span>")
    label = _TitleText(pi, legend)
    w.setFixedHeight(height + 22)
    return w, (true_item, plane_item), label
