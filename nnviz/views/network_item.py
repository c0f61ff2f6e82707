"""The one ``GraphicsObject`` that paints the whole network view.

Speed (DESIGN.md, "Drawing fast with pyqtgraph"): edges come sorted into 16
colour/width buckets (:func:`nnviz.views.network_layout.bucket_edges`) and each
bucket is a single ``QPainter.drawLines`` call on a NumPy array of segments
(no Python object per edge). The item holds no model data: it asks its
:class:`~nnviz.views.network_view.NetworkView` for the current frame (which
recomputes lazily, once per paint, whatever events marked stale) and draws it.
"""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui
from PySide6.QtCore import QPointF, QRectF, Qt
from shiboken6 import wrapInstance

from nnviz.theme import DIVERGING_LUT, FOREGROUND, GREY, HIGHLIGHT, NEUTRAL, qcolor
from nnviz.zoom import ZOOM

from .network_layout import LEVELS

LABEL_PT = 10
HEADER_PT = 9


def edge_pens(wmax=6.0):
    """Pens for bucket ``level * 2 + positive``: weak = thin and pale,
    widths 0.5 … ``wmax`` px (cosmetic)."""
    pens = []
    for k in range(LEVELS):
        frac = k / (LEVELS - 1)
        width = 0.5 + (wmax - 0.5) * frac
        t = 0.3 + 0.7 * frac
        for sign in (-1, 1):
            i = int(round((sign * t + 1) * 0.5 * (len(DIVERGING_LUT) - 1)))
            pen = QtGui.QPen(qcolor(DIVERGING_LUT[i][:3]))
            pen.setWidthF(width)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.FlatCap)
            pens.append(pen)
    return pens


def _draw_lines(painter, segs, start, count):
    """Draw ``count`` segments of the C-contiguous float64 (n, 4) array
    ``segs`` from row ``start`` in one call, without a Python QLineF each."""
    if count <= 0:
        return
    painter.drawLines(wrapInstance(segs.ctypes.data + start * 32, QtCore.QLineF), int(count))


class NetworkItem(pg.GraphicsObject):
    """Draws the whole network for a :class:`NetworkView`; holds no model data."""

    def __init__(self, view):
        super().__init__()
        self._view = view
        self.layout = None
        self._pens = {}
        self.label_font = QtGui.QFont()
        self.header_font = QtGui.QFont()
        self.apply_zoom()
        self.setAcceptHoverEvents(True)
        self.last_scale = 1.0

    def apply_zoom(self):
        """Labels follow the one zoom (≥ 14 px when presenting)."""
        self.label_font.setPixelSize(ZOOM.px(LABEL_PT * 4 / 3))
        self.header_font.setPixelSize(ZOOM.px(HEADER_PT * 4 / 3))
        self._pens.clear()
        self.update()

    def set_layout(self, layout):
        self.prepareGeometryChange()
        self.layout = layout
        self.update()

    def boundingRect(self):
        lay = self.layout
        if lay is None:
            return QRectF()
        # Labels are drawn at a fixed pixel size and may stick out when zoomed out.
        m = max(lay.width, lay.height)
        return QRectF(-m, -m, lay.width + 2 * m, lay.height + 2 * m)

    def pens(self, scale=None):
        """The 16 bucket pens; the widest is 6 px unless units sit closer than
        ~13 px on screen, then narrower so strong edges don't merge."""
        scale = self.last_scale if scale is None else scale
        spacing = self.layout.dy_min * scale if self.layout is not None else 100.0
        top = 6.0 * max(1.0, ZOOM.scale)          # bolder on a projector
        wmax = float(np.clip(round(spacing * 0.45 * 2) / 2, 2.0, top))
        if wmax not in self._pens:
            self._pens[wmax] = edge_pens(wmax)
        return self._pens[wmax]

    # pyqtgraph's scene delivers these
    def hoverEvent(self, ev):
        if ev.isExit():
            self._view._hover_at(None, None)
            return
        self._view._hover_at(ev.pos(), ev.screenPos())

    def mouseClickEvent(self, ev):
        if ev.button() != Qt.LeftButton:
            return
        ev.accept()
        if ev.double():
            self._view._double_click_at(ev.pos())
        else:
            self._view.click_at(ev.pos())

    def paint(self, p, option, widget=None):
        view = self._view
        t0 = time.perf_counter()
        lay = self.layout
        if lay is None:
            return
        T = p.transform()
        scale = float(np.hypot(T.m11(), T.m12())) or 1.0
        self.last_scale = scale
        fr = view._ensure()
        p.setRenderHint(QtGui.QPainter.Antialiasing, view._antialias_now())
        sel = view._session.selection
        sel = tuple(sel) if sel and lay.valid(sel) else None

        if sel and sel[0] == "layer":          # a soft band behind the column
            c, pad = sel[1], 8 / scale
            p.setPen(Qt.NoPen)
            p.setBrush(QtGui.QColor(0, 0, 0, 24))
            r = lay.col_R[c] + pad
            p.drawRoundedRect(QRectF(lay.col_x[c] - r, lay.col_top[c] - pad, 2 * r,
                                     lay.col_bottom[c] - lay.col_top[c] + 2 * pad), 6, 6)

        # edges, weak first so the strong ones stay on top
        pens = self.pens(scale)
        segs = fr["segs"]
        for bucket, start, count in fr["buckets"]:
            p.setPen(pens[bucket])
            _draw_lines(p, segs, start, count)
        self._paint_edge_marks(p, view, lay, fr, sel, pens)

        # nodes: thumbnails where big enough, else circles
        square = view._square_mask(scale)
        onscreen = self._onscreen(lay)          # zoomed in: skip what is off screen
        kind = view._thumb_kind()
        if (square & onscreen).any():
            view._ensure_thumbs(set(lay.node_layer[square & onscreen].tolist()))
            if not view.thumbs.fresh:
                square[:] = False
        border = _pen(GREY, 1.0)
        thumbs = np.flatnonzero(square & onscreen)
        if thumbs.size and kind == "image":
            atlas, res = view.thumbs.image
            p.setRenderHint(QtGui.QPainter.SmoothPixmapTransform, True)
            for k in thumbs:
                p.drawImage(_box(lay, k), atlas, QRectF(0, k * res, res, res))
            p.setPen(border)
            p.setBrush(Qt.NoBrush)
            p.drawRects([_box(lay, k) for k in thumbs])
        elif thumbs.size and kind == "curve":
            self._paint_curves(p, view, lay, border, thumbs)
        elif kind == "weights":
            self._paint_weights(p, view, lay, border, thumbs[lay.node_layer[thumbs] == 1])
        p.setPen(border)
        rgb = fr["node_rgb"]
        circles = ~square & onscreen
        if lay.image_box is not None:           # image inputs: one picture, no circles
            circles[:lay.node_start[1]] = False
            self._paint_image_input(p, lay, rgb[:lay.node_start[1]], border)
        for k in np.flatnonzero(circles):
            c = rgb[k]
            p.setBrush(QtGui.QColor(int(c[0]), int(c[1]), int(c[2])))
            R = lay.node_R[k]
            p.drawEllipse(QPointF(lay.node_x[k], lay.node_y[k]), R, R)

        # bias markers (skipped while their nodes are only a few pixels wide)
        k0 = lay.node_start[1]
        bx, by = lay.bias_centers(square)
        h = lay.bias_half(scale)
        visible = lay.node_R[k0:] * scale >= 4
        p.setPen(_pen(FOREGROUND, 1.0))
        brgb = fr["bias_rgb"]
        for m in np.flatnonzero(visible & onscreen[k0:]):
            c = brgb[m]
            p.setBrush(QtGui.QColor(int(c[0]), int(c[1]), int(c[2])))
            p.drawRect(QRectF(bx[m] - h[m], by[m] - h[m], 2 * h[m], 2 * h[m]))
        self._paint_node_marks(p, view, lay, sel, square, scale)
        self._paint_labels(p, T, lay, scale)
        view._after_paint(square, bool(visible.all()), (time.perf_counter() - t0) * 1e3)

    def _onscreen(self, lay):
        """Nodes whose box meets the visible part of the view."""
        try:
            r = self.viewRect()
        except Exception:       # not in a view (e.g. rendered on its own)
            r = None
        if r is None or r.isEmpty():
            return np.ones(lay.n_nodes, bool)
        R = lay.node_R * 1.5
        return ((lay.node_x + R >= r.left()) & (lay.node_x - R <= r.right())
                & (lay.node_y + R >= r.top()) & (lay.node_y - R <= r.bottom()))

    def _paint_edge_marks(self, p, view, lay, fr, sel, pens):
        """Selected, hovered and step-through-highlighted edges on top."""
        marks = [(ref, HIGHLIGHT, 7.0) for ref in view._highlight if ref[0] == "edge"]
        if sel and sel[0] == "edge":
            marks.append((sel, FOREGROUND, 3.5))
        if view._hover and view._hover[0] == "edge":
            marks.append((view._hover, GREY, 3.0))
        for ref, color, extra in marks:
            if not lay.valid(ref):
                continue
            e = lay.edge_index(*ref[1:])
            pen = pens[int(fr["bucket_all"][e])]
            wide = _pen(color, pen.widthF() + extra)
            wide.setCapStyle(Qt.RoundCap)
            line = QtCore.QLineF(*lay.segs[e])
            p.setPen(wide)
            p.drawLine(line)
            p.setPen(pen)
            p.drawLine(line)

    def _paint_node_marks(self, p, view, lay, sel, square, scale):
        pad = 3.0 / scale
        bx, by = lay.bias_centers(square)
        k0 = lay.node_start[1]
        half = lay.bias_half(scale)

        def outline(ref, color, width):
            p.setPen(_pen(color, width))
            p.setBrush(Qt.NoBrush)
            k = lay.node_index(ref[1], ref[2])
            if ref[0] == "bias":
                h = half[k - k0] + pad
                p.drawRect(QRectF(bx[k - k0] - h, by[k - k0] - h, 2 * h, 2 * h))
            elif square[k]:
                p.drawRect(_box(lay, k, pad))
            else:
                r = lay.node_R[k] + pad
                p.drawEllipse(QPointF(lay.node_x[k], lay.node_y[k]), r, r)

        dead, saturated = view._health_marks       # training health (issue #14)
        for ref in saturated:                      # saturated: a thick orange ring
            if lay.valid(ref):
                outline(ref, (230, 120, 0), 4.0)
        for ref in dead:                           # dead: greyed and crossed out
            if lay.valid(ref):
                k = lay.node_index(ref[1], ref[2])
                x, y, r = lay.node_x[k], lay.node_y[k], lay.node_R[k]
                p.setPen(Qt.NoPen)
                p.setBrush(QtGui.QColor(255, 255, 255, 150))
                p.drawEllipse(QPointF(x, y), r, r)
                p.setPen(_pen(FOREGROUND, 2.5))
                r *= 0.7
                p.drawLines([QtCore.QLineF(x - r, y - r, x + r, y + r),
                             QtCore.QLineF(x - r, y + r, x + r, y - r)])
        for ref in view._highlight:
            if ref[0] in ("neuron", "bias") and lay.valid(ref):
                outline(ref, HIGHLIGHT, 5.0)
        if sel and sel[0] in ("neuron", "bias"):
            outline(sel, FOREGROUND, 2.5)
        hov = view._hover
        if hov and hov[0] in ("neuron", "bias") and lay.valid(hov):
            outline(hov, GREY, 1.5)

    def _paint_image_input(self, p, lay, rgb, border):
        """The input pixels of the selected sample as one image."""
        rows, cols = lay.image_shape
        buf = np.ascontiguousarray(rgb.reshape(rows, cols, 3).astype(np.uint8))
        img = QtGui.QImage(buf.data, cols, rows, cols * 3, QtGui.QImage.Format_RGB888)
        p.setRenderHint(QtGui.QPainter.SmoothPixmapTransform, False)
        box = QRectF(*lay.image_box)
        p.drawImage(box, img)
        p.setPen(border)
        p.setBrush(Qt.NoBrush)
        p.drawRect(box)

    def _paint_weights(self, p, view, lay, border, nodes):
        """First-layer neurons as images of their incoming weights."""
        if not nodes.size or view.thumbs.image is None:
            return
        atlas, (rows, cols) = view.thumbs.image
        p.setRenderHint(QtGui.QPainter.SmoothPixmapTransform, False)
        for k in nodes:
            p.drawImage(_box(lay, k), atlas, QRectF(0, k * rows, cols, rows))
        p.setPen(border)
        p.setBrush(Qt.NoBrush)
        p.drawRects([_box(lay, k) for k in nodes])

    def _paint_curves(self, p, view, lay, border, nodes):
        p.setPen(border)
        p.setBrush(QtGui.QColor(*NEUTRAL))
        p.drawRects([_box(lay, k) for k in nodes])
        p.setPen(_pen((200, 200, 200), 1.0))
        p.drawLines([QtCore.QLineF(lay.node_x[k] - lay.node_R[k], lay.node_y[k],
                                   lay.node_x[k] + lay.node_R[k], lay.node_y[k])
                     for k in nodes])
        p.setPen(_pen(FOREGROUND, 1.5))
        t = view.thumbs.curves                       # (n_nodes, CURVE_RES) in [−1, 1]
        u = np.linspace(-0.85, 0.85, t.shape[1])
        for k in nodes:
            R = lay.node_R[k]
            xs = lay.node_x[k] + u * R
            ys = lay.node_y[k] - t[k] * 0.8 * R
            p.drawPolyline(QtGui.QPolygonF([QPointF(a, b) for a, b in zip(xs, ys)]))

    def _paint_labels(self, p, T, lay, scale):
        """Headers and input/output names at a fixed, readable point size."""
        view = self._view
        p.save()
        p.resetTransform()
        p.setRenderHint(QtGui.QPainter.TextAntialiasing, True)
        p.setPen(qcolor(FOREGROUND))
        p.setFont(self.header_font)
        fm = QtGui.QFontMetricsF(self.header_font)
        gap_px = (lay.col_x[1] - lay.col_x[0]) * scale if len(lay.col_x) > 1 else 200
        compact = gap_px < 78
        for c in range(len(lay.sizes)):
            text = view._header_text(c, compact)
            pt = T.map(QPointF(lay.col_x[c], lay.nodes_top))
            w = max(gap_px, 60)
            hgt = fm.lineSpacing() * (text.count("\n") + 1)
            p.drawText(QRectF(pt.x() - w / 2, pt.y() - hgt - 6, w, hgt),
                       int(Qt.AlignHCenter | Qt.AlignBottom), text)
        p.setFont(self.label_font)
        fm = QtGui.QFontMetricsF(self.label_font)
        hgt = fm.height()
        for j, text in enumerate(view._input_labels()):
            k = lay.node_index(0, j)
            pt = T.map(QPointF(lay.node_x[k] - lay.node_R[k], lay.node_y[k]))
            w = fm.horizontalAdvance(text) + 2
            p.drawText(QRectF(pt.x() - 8 - w, pt.y() - hgt / 2, w, hgt),
                       int(Qt.AlignRight | Qt.AlignVCenter), text)
        last = len(lay.sizes) - 1
        for j, text in enumerate(view._output_labels()):
            k = lay.node_index(last, j)
            pt = T.map(QPointF(lay.node_x[k] + lay.node_R[k], lay.node_y[k]))
            w = fm.horizontalAdvance(text) + 2
            p.drawText(QRectF(pt.x() + 8, pt.y() - hgt / 2, w, hgt),
                       int(Qt.AlignLeft | Qt.AlignVCenter), text)
        p.restore()


def _pen(rgb, width):
    pen = QtGui.QPen(qcolor(rgb))
    pen.setCosmetic(True)
    pen.setWidthF(width)
    return pen


def _box(lay, k, pad=0.0):
    return QRectF(*lay.node_box(k, pad))


__all__ = ["NetworkItem", "edge_pens"]
