"""The network view: neurons by layer, every weight an edge.

Inputs, hidden layers and the output run left to right. An edge's colour is
the sign of its weight (orange < 0 < blue, :data:`nnviz.theme.DIVERGING_LUT`)
and its width |w| relative to the largest |w| in the network; a toolbar toggle
shows ∂L/∂w instead. A small square on each neuron's lower-left corner is its
bias. With 2-D inputs every neuron shows a thumbnail of its own output over the
input plane (one forward pass over a coarse grid gives them all); with 1-D
inputs a little curve; otherwise, or when nodes are too small to read, a
filled circle coloured by its activation for the selected sample.

Speed (DESIGN.md, "Drawing fast with pyqtgraph"): everything is drawn by ONE
``GraphicsObject``. Edges are sorted into 16 colour/width buckets and each
bucket is a single ``QPainter.drawLines`` call on a NumPy array of segments
(no Python object per edge); large nets draw only the strongest connections
per layer pair and say so. Work is lazy: events only mark what is stale, and
the next paint recomputes it once, so a burst of training frames costs one
redraw.

Coordinates: the layout is made in the view's own pixels when it is fitted
(``fit()``), so at the fitted zoom one scene unit is one pixel. Public methods
that take a position (``ref_at``, ``tooltip_at``) use these *network
coordinates* — the item's coordinates, e.g. ``view.node_position(ref)``.
"""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from shiboken6 import isValid, wrapInstance

from core.activations import ACTIVATIONS
from core.errors import NNVizError
from nnviz.i18n import tr
from nnviz.theme import (
    CLASS_COLORS,
    DIVERGING_LUT,
    FOREGROUND,
    GREY,
    HIGHLIGHT,
    NEUTRAL,
    fmt,
    qcolor,
)

MAX_EDGES = 3000        # above this many connections, draw only the strongest …
SHOWN_EDGES = 1500      # … about this many of them …
MIN_PER_PAIR = 64       # … but at least this many per layer pair
LEVELS = 8              # width/colour levels per sign → 16 edge buckets
THUMB_MIN_PX = 16       # smaller nodes are drawn as plain circles
THUMB_PLAYING_INTERVAL = 0.08   # seconds between neuron-map refreshes while playing
THUMB_RES_SMALL = 32    # thumbnail grid for nets with ≤ 64 neurons
THUMB_RES_LARGE = 24
CURVE_RES = 64
HOVER_TOL_PX = 5.0
LABEL_PT = 10
HEADER_PT = 9


# -- colours -------------------------------------------------------------------
def _edge_pens(wmax=6.0):
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


def _softmax_luts(k):
    """(k, 256, 4): white → class colour, for softmax outputs."""
    t = np.linspace(0.0, 1.0, 256)[None, :, None]
    cols = np.array([CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(k)], float)[:, None, :]
    mid = np.array(NEUTRAL, float)
    rgb = mid + (cols - mid) * t
    a = np.full(rgb.shape[:2] + (1,), 255.0)
    return np.concatenate([rgb, a], -1).astype(np.ubyte)


def _signed_unit(act, A, axis):
    """Map activations to [−1, 1] for the diverging map: tanh as is, sigmoid
    and softmax 0..1 → −1..1, anything unbounded by its largest |a| over
    ``axis`` (per neuron for a map, per layer for one sample)."""
    if act == "tanh":
        return A
    if act in ("sigmoid", "softmax", "step"):
        return 2.0 * A - 1.0
    m = np.abs(A).max(axis=axis, keepdims=True)
    return A / np.where(m > 0, m, 1.0)


def _lut_index(t):
    idx = (np.nan_to_num(t, nan=0.0) + 1.0) * 127.5 + 0.5
    return np.clip(idx, 0, 255).astype(np.intp)


def _colorize(act, A, axis):
    """RGBA uint8 for activations A (…, units)."""
    if act == "softmax":
        luts = _softmax_luts(A.shape[-1])
        idx = np.clip(np.nan_to_num(A) * 255 + 0.5, 0, 255).astype(np.intp)
        return luts[np.arange(A.shape[-1]), idx]
    return DIVERGING_LUT[_lut_index(_signed_unit(act, A, axis))]


def _draw_lines(painter, segs, start, count):
    """Draw ``count`` segments of the C-contiguous float64 (n, 4) array
    ``segs`` from row ``start`` in one call, without a Python QLineF each."""
    if count <= 0:
        return
    painter.drawLines(wrapInstance(segs.ctypes.data + start * 32, QtCore.QLineF), int(count))


# -- geometry ------------------------------------------------------------------
class _Layout:
    """Node and edge positions for layer sizes in a ``width × height`` box.

    Nodes are numbered layer by layer (inputs first); edges layer pair by
    layer pair in the order of ``W.ravel()`` (source-major), so the values of
    ``W{l}`` line up with ``edge_slice(l)`` directly. A column with few units
    (the inputs and output of a wide net) gets more room and bigger nodes, so
    its labels and maps stay readable."""

    def __init__(self, sizes, width, height, left, right, top, bottom):
        self.sizes = list(sizes)
        self.width, self.height = float(width), float(height)
        self.top = top
        cols = len(sizes)
        avail_w = max(width - left - right, 40.0)
        avail_h = max(height - top - bottom, 40.0)
        dy = min(avail_h / max(sizes), 110.0)
        gap = avail_w / max(cols - 1, 1)
        self.dy_min = dy
        col_dy = np.array([max(dy, min(avail_h / n, 40.0)) for n in sizes])
        self.col_R = np.maximum(1.5, np.minimum(np.minimum(0.4 * col_dy, 0.2 * gap), 30.0))
        r_first, r_last = self.col_R[0], self.col_R[-1]
        span = min(avail_w - r_first - r_last, 340.0 * (cols - 1))
        x_first = left + r_first + (avail_w - r_first - r_last - span) / 2
        self.col_x = np.array([x_first + (span * c / (cols - 1) if cols > 1 else span / 2)
                               for c in range(cols)])
        mid = top + avail_h / 2
        self.col_y = [mid + (np.arange(n) - (n - 1) / 2) * col_dy[c]
                      for c, n in enumerate(sizes)]
        self.node_x = np.concatenate([np.full(n, self.col_x[c]) for c, n in enumerate(sizes)])
        self.node_y = np.concatenate(self.col_y)
        self.node_R = np.concatenate([np.full(n, self.col_R[c]) for c, n in enumerate(sizes)])
        self.node_layer = np.concatenate([np.full(n, c) for c, n in enumerate(sizes)])
        self.node_unit = np.concatenate([np.arange(n) for n in sizes])
        self.node_start = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self.col_top = np.array([ys[0] - r for ys, r in zip(self.col_y, self.col_R)])
        self.nodes_top = float(self.col_top.min())
        self.col_bottom = np.array([ys[-1] + r for ys, r in zip(self.col_y, self.col_R)])
        segs, el, ei, ej = [], [], [], []
        for layer in range(1, cols):
            n_in, n_out = sizes[layer - 1], sizes[layer]
            ii, jj = np.meshgrid(np.arange(n_in), np.arange(n_out), indexing="ij")
            ii, jj = ii.ravel(), jj.ravel()
            s = np.empty((ii.size, 4))
            s[:, 0] = self.col_x[layer - 1] + self.col_R[layer - 1]
            s[:, 1] = self.col_y[layer - 1][ii]
            s[:, 2] = self.col_x[layer] - self.col_R[layer]
            s[:, 3] = self.col_y[layer][jj]
            segs.append(s)
            el.append(np.full(ii.size, layer))
            ei.append(ii)
            ej.append(jj)
        self.segs = np.ascontiguousarray(np.concatenate(segs)) if segs else np.zeros((0, 4))
        self.edge_layer = np.concatenate(el) if el else np.zeros(0, int)
        self.edge_i = np.concatenate(ei) if ei else np.zeros(0, int)
        self.edge_j = np.concatenate(ej) if ej else np.zeros(0, int)
        counts = [sizes[k - 1] * sizes[k] for k in range(1, cols)]
        self.edge_start = np.concatenate([[0], np.cumsum(counts)]).astype(int)

    @property
    def n_nodes(self):
        return int(self.node_start[-1])

    @property
    def n_edges(self):
        return int(self.edge_start[-1])

    def node_index(self, layer, unit):
        return int(self.node_start[layer] + unit)

    def edge_index(self, layer, i, j):
        return int(self.edge_start[layer - 1] + i * self.sizes[layer] + j)

    def edge_slice(self, layer):
        return slice(self.edge_start[layer - 1], self.edge_start[layer])

    def node_rect(self, k, pad=0.0):
        r = self.node_R[k] + pad
        return QRectF(self.node_x[k] - r, self.node_y[k] - r, 2 * r, 2 * r)

    def bias_half(self, scale):
        """Half-size of the bias markers (nodes 1..) at ``scale`` px per unit:
        about a third of the node, 2.5–7 px on screen."""
        k0 = self.node_start[1]
        return np.clip(0.3 * self.node_R[k0:] * scale, 2.5, 7.0) / scale

    def bias_centers(self, square):
        """(x, y) arrays of the bias markers of nodes 1.. (all but the inputs);
        ``square[k]``: node k is drawn as a square (else a circle: sit on its rim)."""
        k0 = self.node_start[1]
        R = self.node_R[k0:]
        off = np.where(square[k0:], 0.0, R * (1 - 0.7071))
        return self.node_x[k0:] - R + off, self.node_y[k0:] + R - off

    def valid(self, ref):
        """True if ``ref`` names an element of this layout."""
        try:
            kind, layer = ref[0], int(ref[1])
            last = len(self.sizes) - 1
            if kind == "neuron":
                return len(ref) == 3 and 0 <= layer <= last and 0 <= ref[2] < self.sizes[layer]
            if kind == "bias":
                return len(ref) == 3 and 1 <= layer <= last and 0 <= ref[2] < self.sizes[layer]
            if kind == "edge":
                return (len(ref) == 4 and 1 <= layer <= last
                        and 0 <= ref[2] < self.sizes[layer - 1] and 0 <= ref[3] < self.sizes[layer])
            if kind == "layer":
                return len(ref) == 2 and 0 <= layer <= last
        except (TypeError, ValueError, IndexError):
            return False
        return False


# -- the one item that draws everything ---------------------------------------
class NetworkItem(pg.GraphicsObject):
    """Draws the whole network for a :class:`NetworkView`; holds no model data."""

    def __init__(self, view):
        super().__init__()
        self._view = view
        self.layout: _Layout | None = None
        self._pens = {}
        self.label_font = QtGui.QFont()
        self.label_font.setPointSizeF(LABEL_PT)
        self.header_font = QtGui.QFont()
        self.header_font.setPointSizeF(HEADER_PT)
        self.setAcceptHoverEvents(True)
        self.last_scale = 1.0

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
        wmax = float(np.clip(round(spacing * 0.45 * 2) / 2, 2.0, 6.0))
        if wmax not in self._pens:
            self._pens[wmax] = _edge_pens(wmax)
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
        view._ensure()
        fr = view._frame
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
            if view._thumbs is None and view._curves is None:
                square[:] = False
        border = _pen(GREY, 1.0)
        thumbs = np.flatnonzero(square & onscreen)
        if thumbs.size and kind == "image":
            atlas, res = view._thumbs
            p.setRenderHint(QtGui.QPainter.SmoothPixmapTransform, True)
            for k in thumbs:
                p.drawImage(lay.node_rect(k), atlas, QRectF(0, k * res, res, res))
            p.setPen(border)
            p.setBrush(Qt.NoBrush)
            p.drawRects([lay.node_rect(k) for k in thumbs])
        elif thumbs.size and kind == "curve":
            self._paint_curves(p, view, lay, border, thumbs)
        p.setPen(border)
        rgb = fr["node_rgb"]
        for k in np.flatnonzero(~square & onscreen):
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
                p.drawRect(lay.node_rect(k, pad))
            else:
                r = lay.node_R[k] + pad
                p.drawEllipse(QPointF(lay.node_x[k], lay.node_y[k]), r, r)

        for ref in view._highlight:
            if ref[0] in ("neuron", "bias") and lay.valid(ref):
                outline(ref, HIGHLIGHT, 5.0)
        if sel and sel[0] in ("neuron", "bias"):
            outline(sel, FOREGROUND, 2.5)
        hov = view._hover
        if hov and hov[0] in ("neuron", "bias") and lay.valid(hov):
            outline(hov, GREY, 1.5)

    def _paint_curves(self, p, view, lay, border, nodes):
        p.setPen(border)
        p.setBrush(QtGui.QColor(*NEUTRAL))
        p.drawRects([lay.node_rect(k) for k in nodes])
        p.setPen(_pen((200, 200, 200), 1.0))
        p.drawLines([QtCore.QLineF(lay.node_x[k] - lay.node_R[k], lay.node_y[k],
                                   lay.node_x[k] + lay.node_R[k], lay.node_y[k])
                     for k in nodes])
        p.setPen(_pen(FOREGROUND, 1.5))
        t = view._curves                       # (n_nodes, CURVE_RES) in [−1, 1]
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


class _ElidedLabel(QtWidgets.QLabel):
    """A caption that never forces the dock wider: elided, full text as tooltip."""

    def minimumSizeHint(self):
        return QtCore.QSize(20, super().minimumSizeHint().height())

    def sizeHint(self):
        return QtCore.QSize(min(super().sizeHint().width(), 420), super().sizeHint().height())

    def setText(self, text):
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, ev):
        p = QtGui.QPainter(self)
        p.setPen(self.palette().color(QtGui.QPalette.WindowText))
        text = self.fontMetrics().elidedText(self.text(), Qt.ElideRight, self.width())
        p.drawText(self.rect(), int(Qt.AlignRight | Qt.AlignVCenter), text)


class _ValueEditor(QtWidgets.QLineEdit):
    """The little inline editor for one weight or bias: Enter commits,
    Escape or clicking elsewhere cancels."""

    def __init__(self, view, parent):
        super().__init__(parent)
        self._view = view
        self.setObjectName("nnviz-network-value-editor")
        self.setFixedWidth(110)
        self.returnPressed.connect(view.commit_edit)
        self.hide()

    def keyPressEvent(self, ev):
        if ev.key() == Qt.Key_Escape:
            self._view.cancel_edit()
            return
        super().keyPressEvent(ev)

    def focusOutEvent(self, ev):
        super().focusOutEvent(ev)
        if self.isVisible() and ev.reason() != Qt.PopupFocusReason:
            self._view.cancel_edit()


# -- the widget ----------------------------------------------------------------
class NetworkView(QtWidgets.QWidget):
    """Dock widget showing the network: ``NetworkView(session, parent=None)``.

    Signal ``elementClicked(object)``: the ref clicked — ("neuron", l, j),
    ("edge", l, i, j), ("bias", l, j), or ("layer", l) for a column header;
    ``session.select`` is called with it too. Layer l is the session's: 0 =
    inputs, 1.. = the layer receiving the connection (``W{l}[i, j]``).

    Step-through API: :meth:`highlight` (thick yellow outline), :meth:`clear_highlight`.
    Editing: :meth:`begin_edit`, :meth:`commit_edit`, :meth:`cancel_edit`,
    :meth:`set_value` (undoable, via ``session.set_param``).
    Inspection: :meth:`ref_at`, :meth:`tooltip_at`, :meth:`tooltip_for`,
    :meth:`node_position`, :meth:`node_positions`, :meth:`edges`,
    :meth:`drawn_edges`, :meth:`thumbnails_shown`, :meth:`render_time_ms`.
    Display: :meth:`set_show_gradients`, :meth:`set_antialias`, :meth:`fit`,
    :meth:`refresh`.
    """

    elementClicked = Signal(object)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-network-view")
        self._session = session
        self._highlight: list = []
        self._hover = None
        self._show_gradients = False
        self._antialias = None          # None: automatic
        self._auto_fit = True
        self._version = 0               # bumps on every params change
        self._dirty = True
        self._thumb_dirty = True
        self._grad_cache = (-1, None)
        self._thumbs = None             # (QImage atlas, res) with its array kept alive
        self._thumb_array = None
        self._thumb_columns = set()
        self._thumb_time = 0.0
        self._curves = None
        self._frame: dict = {}
        self._paint_ms = 0.0
        self._showing_thumbs = False
        self._edit_ref = None
        self._feat_scale = None
        self._hints = []

        self._build_ui()
        self._subs = [("network", self._on_network), ("data", self._on_data),
                      ("params", self._on_params), ("selection", self._on_selection),
                      ("training", self._on_training)]
        for name, fn in self._subs:
            session.events.connect(name, fn)
        subs, events = list(self._subs), session.events
        self.destroyed.connect(lambda *_: [events.disconnect(n, f) for n, f in subs])
        self._relayout()

    # -- ui ------------------------------------------------------------------
    def _build_ui(self):
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        bar = QtWidgets.QHBoxLayout()
        bar.setContentsMargins(6, 3, 6, 3)
        bar.setSpacing(8)
        self.grad_button = QtWidgets.QToolButton()
        self.grad_button.setText(tr("∂L/∂w"))
        self.grad_button.setCheckable(True)
        self.grad_button.setAutoRaise(True)
        self.grad_button.setToolTip(tr("Colour the connections by the gradient of the loss "
                                       "(∂L/∂w over the training set) instead of the weights"))
        self.grad_button.toggled.connect(self.set_show_gradients)
        self.fit_button = QtWidgets.QToolButton()
        self.fit_button.setText(tr("Fit"))
        self.fit_button.setAutoRaise(True)
        self.fit_button.setToolTip(tr("Fit the whole network into the view "
                                      "(wheel zooms, drag pans)"))
        self.fit_button.clicked.connect(self.fit)
        self.legend = QtWidgets.QLabel()
        self.caption = _ElidedLabel()
        self.caption.setStyleSheet("color: #555;")
        self.caption.setSizePolicy(QtWidgets.QSizePolicy.Ignored,
                                   QtWidgets.QSizePolicy.Preferred)
        self.status = QtWidgets.QLabel()
        self.status.setStyleSheet("color: #b00;")
        bar.addWidget(self.grad_button)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.legend)
        bar.addWidget(self.status)
        bar.addWidget(self.caption, 1)
        lay.addLayout(bar)

        self.graphics = pg.GraphicsView(background="w")
        self.graphics.setFrameShape(QtWidgets.QFrame.NoFrame)
        self.viewbox = pg.ViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.viewbox.setMouseEnabled(True, True)
        self.viewbox.disableAutoRange()
        self.graphics.setCentralItem(self.viewbox)
        self.item = NetworkItem(self)
        self.viewbox.addItem(self.item)
        self.viewbox.sigResized.connect(self._on_resized)
        self.viewbox.sigRangeChangedManually.connect(self._on_manual_range)
        lay.addWidget(self.graphics, 1)
        self.editor = _ValueEditor(self, self.graphics.viewport())
        self._update_legend()

    def _update_legend(self):
        what = tr("∂L/∂w") if self._show_gradients else tr("weights")
        neg = qcolor(DIVERGING_LUT[12][:3]).name()
        pos = qcolor(DIVERGING_LUT[-12][:3]).name()
        self.legend.setText(
            f"{what}: <span style='color:{neg}'>■</span> {tr('negative')} "
            f"<span style='color:{pos}'>■</span> {tr('positive')}")

    # -- public API ----------------------------------------------------------
    @property
    def session(self):
        return self._session

    def highlight(self, refs):
        """Emphasise elements (thick yellow outline): a list of ("neuron", l, j),
        ("edge", l, i, j) and ("bias", l, j). Replaces the previous highlight."""
        self._highlight = [tuple(r) for r in (refs or ()) if r]
        self.item.update()

    def clear_highlight(self):
        self._highlight = []
        self.item.update()

    def highlighted(self):
        return list(self._highlight)

    def set_show_gradients(self, on):
        """Colour edges (and biases) by ∂L/∂θ instead of θ."""
        on = bool(on)
        if on != self._show_gradients:
            self._show_gradients = on
            self._dirty = True
            self.grad_button.setChecked(on)
            self._update_legend()
            self.item.update()

    def show_gradients(self):
        return self._show_gradients

    def set_antialias(self, on):
        """True/False, or None for automatic (on unless playing or very many edges)."""
        self._antialias = on
        self.item.update()

    def refresh(self):
        """Recompute everything now (normally lazy, at the next paint)."""
        self._dirty = True
        self._thumb_dirty = True
        self._ensure()
        self.item.update()

    def render_time_ms(self):
        """Time of the last paint of the network item, including recomputation."""
        return self._paint_ms

    def fit(self):
        """Lay the network out for the current size and show all of it."""
        self._auto_fit = True
        self._relayout()

    def node_count(self):
        return self.item.layout.n_nodes

    def edge_count(self):
        return self.item.layout.n_edges

    def node_position(self, ref):
        """Centre of a neuron ("neuron", l, j) or bias marker ("bias", l, j), or the
        midpoint of an edge, in network coordinates."""
        lay = self.item.layout
        if not lay.valid(ref):
            raise KeyError(ref)
        if ref[0] == "edge":
            x0, y0, x1, y1 = lay.segs[lay.edge_index(*ref[1:])]
            return QPointF((x0 + x1) / 2, (y0 + y1) / 2)
        k = lay.node_index(ref[1], ref[2])
        if ref[0] == "bias":
            bx, by = lay.bias_centers(self._square_mask())
            k0 = lay.node_start[1]
            return QPointF(float(bx[k - k0]), float(by[k - k0]))
        return QPointF(lay.node_x[k], lay.node_y[k])

    def node_positions(self):
        """{("neuron", l, j): (x, y)} for every node."""
        lay = self.item.layout
        return {("neuron", int(lay.node_layer[k]), int(lay.node_unit[k])):
                (float(lay.node_x[k]), float(lay.node_y[k])) for k in range(lay.n_nodes)}

    def edges(self):
        """Every connection as ("edge", l, i, j), in drawing-array order."""
        lay = self.item.layout
        return [("edge", int(a), int(b), int(c))
                for a, b, c in zip(lay.edge_layer, lay.edge_i, lay.edge_j)]

    def drawn_edges(self):
        """What the last update draws: a list of (ref, value, (r, g, b), width)
        for the connections shown (all of them unless the net is large)."""
        self._ensure()
        lay, fr = self.item.layout, self._frame
        out = []
        for pos, e in enumerate(fr["order"]):
            bucket = fr["bucket_sorted"][pos]
            pen = self.item.pens()[bucket]
            c = pen.color()
            out.append((("edge", int(lay.edge_layer[e]), int(lay.edge_i[e]), int(lay.edge_j[e])),
                        float(fr["values"][e]), (c.red(), c.green(), c.blue()), pen.widthF()))
        return out

    def thumbnails_shown(self):
        """True if the last paint drew neuron thumbnails."""
        return self._showing_thumbs

    def ref_at(self, pos):
        """The element under ``pos`` (network coordinates), or None. Bias
        markers win over neurons, neurons over edges."""
        self._ensure()
        lay = self.item.layout
        if lay is None:
            return None
        x, y = _xy(pos)
        scale = max(self.item.last_scale, 1e-6)
        tol = HOVER_TOL_PX / scale
        k0 = lay.node_start[1]
        if lay.n_nodes > k0:
            bx, by = lay.bias_centers(self._square_mask())
            h = lay.bias_half(scale) + 0.5 * tol
            hit = np.flatnonzero((np.abs(bx - x) <= h) & (np.abs(by - y) <= h)
                                 & (lay.node_R[k0:] * scale >= 4))
            if hit.size:
                k = k0 + hit[np.argmin(np.hypot(bx[hit] - x, by[hit] - y))]
                return ("bias", int(lay.node_layer[k]), int(lay.node_unit[k]))
        d = np.maximum(np.abs(lay.node_x - x), np.abs(lay.node_y - y)) - lay.node_R
        k = int(np.argmin(d))
        if d[k] <= 0.5 * tol:
            return ("neuron", int(lay.node_layer[k]), int(lay.node_unit[k]))
        # a column's header selects the whole layer
        head = (2 * QtGui.QFontMetricsF(self.item.header_font).lineSpacing() + 10) / scale
        if lay.nodes_top - head <= y < lay.nodes_top:
            c = int(np.argmin(np.abs(lay.col_x - x)))
            gap = (lay.col_x[1] - lay.col_x[0]) if len(lay.col_x) > 1 else 100.0
            if abs(lay.col_x[c] - x) <= max(gap / 2, 30 / scale):
                return ("layer", c)
        # edges: point-segment distance over the drawn ones, vectorised
        idx = self._frame["order"]
        extra = [lay.edge_index(*r[1:]) for r in self._highlight
                 if r[0] == "edge" and lay.valid(r)]
        if extra:
            idx = np.concatenate([idx, extra])
        if len(idx):
            s = lay.segs[idx]
            ax, ay = s[:, 0], s[:, 1]
            dx, dy = s[:, 2] - ax, s[:, 3] - ay
            L2 = dx * dx + dy * dy
            t = np.clip(((x - ax) * dx + (y - ay) * dy) / np.where(L2 > 0, L2, 1), 0, 1)
            dist = np.hypot(ax + t * dx - x, ay + t * dy - y)
            # prefer the visibly wider edge among near-equals
            widths = np.array([p.widthF() for p in self.item.pens()])
            dist = dist - widths[self._frame["bucket_all"][idx]] / 2 / scale
            m = int(np.argmin(dist))
            if dist[m] <= tol:
                e = int(idx[m])
                return ("edge", int(lay.edge_layer[e]), int(lay.edge_i[e]), int(lay.edge_j[e]))
        return None

    def tooltip_at(self, pos):
        """Tooltip text for the element at ``pos`` (network coordinates), or ""."""
        ref = self.ref_at(pos)
        return self.tooltip_for(ref) if ref else ""

    def tooltip_for(self, ref):
        """Tooltip text for ("neuron", l, j), ("edge", l, i, j) or ("bias", l, j)."""
        self._ensure()
        if not self.item.layout.valid(ref):
            return ""
        s = self._session
        net = s.net
        g = self._gradients()
        kind, l = ref[0], int(ref[1])
        if kind == "layer":
            return self._layer_tooltip(l)
        if kind == "edge":
            i, j = int(ref[2]), int(ref[3])
            w = net.params[f"W{l}"][i, j]
            lines = [tr("w = {w}   (from {a} to {b})").format(
                w=fmt(w), a=self._unit_name(l - 1, i), b=self._unit_name(l, j)),
                tr("∂L/∂w = {g}").format(g=fmt(g[f"W{l}"][i, j])),
                tr("W{l}[{i}, {j}] — double-click to edit").format(l=l, i=i, j=j)]
            return "\n".join(lines)
        j = int(ref[2])
        if kind == "bias":
            lines = [tr("b = {b}   (bias of {n})").format(b=fmt(net.params[f"b{l}"][j]),
                                                         n=self._unit_name(l, j)),
                     tr("∂L/∂b = {g}").format(g=fmt(g[f"b{l}"][j])),
                     tr("b{l}[{j}] — double-click to edit").format(l=l, j=j)]
            return "\n".join(lines)
        A, Z = self._frame["sample_A"], self._frame["sample_Z"]
        name = self._unit_name(l, j)
        sample = s.sample_index + 1
        if l == 0:
            return "\n".join([
                tr("{n} — input {j}").format(n=name, j=j + 1),
                tr("value for the selected sample (#{k}): {v}").format(k=sample,
                                                                       v=fmt(A[0][j]))])
        ls = net.layers[l - 1]
        act = ACTIVATIONS[ls.activation]
        last = l == len(net.layers)
        where = (tr("output neuron {j}").format(j=j + 1) if last
                 else tr("hidden layer {l}, neuron {j}").format(l=l, j=j + 1))
        head = f"{name} — {where}"
        if last:
            head += f"   ({self._output_labels()[j]})"
        W = net.params[f"W{l}"][:, j]
        b = net.params[f"b{l}"][j]
        if ls.input_dim <= 4:
            zf = "z = " + _linear_text([(w, self._unit_name(l - 1, k)) for k, w in enumerate(W)]
                                       + [(b, "")])
        else:
            zf = tr("z = Σ wᵢ·xᵢ + b   (over {n} inputs)").format(n=ls.input_dim)
        return "\n".join([
            head,
            f"{ls.activation}: {act.formula}",
            zf,
            tr("b = {b}    ∂L/∂b = {g}").format(b=fmt(b), g=fmt(g[f"b{l}"][j])),
            tr("selected sample (#{k}): z = {z}, a = {a}").format(
                k=sample, z=fmt(Z[l - 1][j]), a=fmt(A[l][j]))])

    def _layer_tooltip(self, l):
        net = self._session.net
        if l == 0:
            return tr("Inputs: {names}").format(names=", ".join(self._input_labels()))
        ls = net.layers[l - 1]
        what = (tr("Output layer") if l == len(net.layers)
                else tr("Hidden layer {l}").format(l=l))
        return "\n".join([
            tr("{what}: {n} neurons, {fi} inputs each").format(what=what, n=ls.output_dim,
                                                              fi=ls.input_dim),
            f"{ls.activation}: {ACTIVATIONS[ls.activation].formula}",
            tr("{p} parameters (weights W{l} and biases b{l})").format(
                p=(ls.input_dim + 1) * ls.output_dim, l=l)])

    def click_at(self, pos):
        """What a left click at ``pos`` (network coordinates) does: select the
        element (or nothing) and emit ``elementClicked``. Returns the ref."""
        ref = self.ref_at(pos)
        self._session.select(ref)
        if ref is not None:
            self.elementClicked.emit(ref)
        return ref

    def begin_edit(self, ref, at=None):
        """Open the inline editor for an edge's weight or a bias.
        ``at``: where (network coordinates); default next to the element."""
        if ref is None or ref[0] not in ("edge", "bias") or not self.item.layout.valid(ref):
            return False
        self._edit_ref = tuple(ref)
        value = self._param_value(ref)
        pos = at if at is not None else self.node_position(ref)
        vp = self.graphics.mapFromScene(self.item.mapToScene(pos))
        ed = self.editor
        ed.setText(f"{value:.6g}".replace("-", "−"))
        ed.setToolTip(tr("Type a number, Enter to set it, Esc to cancel"))
        x = int(np.clip(vp.x() + 8, 0, max(0, self.graphics.viewport().width() - ed.width())))
        y = int(np.clip(vp.y() - ed.sizeHint().height() - 4, 0,
                        max(0, self.graphics.viewport().height() - ed.sizeHint().height())))
        ed.move(x, y)
        ed.show()
        ed.raise_()
        ed.setFocus(Qt.OtherFocusReason)
        ed.selectAll()
        self.status.clear()
        return True

    def commit_edit(self, text=None):
        """Apply the editor's text (or ``text``) to the element being edited.
        Returns True if the value was set; on bad input shows why, changes nothing."""
        if self._edit_ref is None:
            return False
        ok = self.set_value(self._edit_ref, self.editor.text() if text is None else text)
        if ok:
            self.cancel_edit()
        return ok

    def cancel_edit(self):
        self._edit_ref = None
        if self.editor.isVisible():
            self.editor.hide()

    def set_value(self, ref, text):
        """Set the weight ("edge", l, i, j) or bias ("bias", l, j) from text, as an
        undoable edit. Bad text: a message in the toolbar and a tooltip; False."""
        try:
            value = _parse_number(text)
            if ref[0] == "edge":
                self._session.set_param(f"W{ref[1]}", (ref[2], ref[3]), value)
            elif ref[0] == "bias":
                self._session.set_param(f"b{ref[1]}", (ref[2],), value)
            else:
                return False
        except (ValueError, NNVizError) as err:
            msg = str(err) if isinstance(err, NNVizError) else \
                tr("“{t}” is not a number").format(t=str(text).strip())
            self.status.setText(msg)
            if self.editor.isVisible():
                QtWidgets.QToolTip.showText(self.editor.mapToGlobal(
                    QtCore.QPoint(0, self.editor.height())), msg, self.editor)
            return False
        self.status.clear()
        return True

    # -- session events ----------------------------------------------------------
    def _on_network(self, ev=None):
        if not isValid(self):
            return
        self.cancel_edit()
        self._hover = None          # (highlighted refs that no longer exist are skipped)
        self._auto_fit = True
        self._feat_scale = None
        self._version += 1
        self._relayout()

    def _on_data(self, ev=None):
        if not isValid(self):
            return
        self._feat_scale = None
        self._version += 1
        if self._auto_fit:
            self._relayout()        # label widths may have changed
        else:
            self._mark_dirty()

    def _on_params(self, ev=None):
        if isValid(self):
            self._version += 1
            self._mark_dirty()

    def _on_selection(self, ev=None):
        if not isValid(self):
            return
        if ev is not None and "sample" in ev.info:
            self._dirty = True
        self.item.update()

    def _on_training(self, ev=None):
        if isValid(self) and ev is not None and "playing" in ev.info:
            self.item.update()     # antialiasing follows the play state

    def _mark_dirty(self):
        self._dirty = True
        self._thumb_dirty = True
        self.item.update()

    def _on_resized(self):
        if self._auto_fit:
            self._relayout()

    def _on_manual_range(self, *args):
        self._auto_fit = False

    # -- layout ----------------------------------------------------------------
    def _relayout(self):
        s = self._session
        sizes = list(s.net.sizes)
        w, h = self.viewbox.width(), self.viewbox.height()
        if w < 60 or h < 60:
            w, h = 520.0, 420.0
        fm = QtGui.QFontMetricsF(self.item.label_font)
        hf = QtGui.QFontMetricsF(self.item.header_font)
        left = max([fm.horizontalAdvance(t) for t in self._input_labels()] + [10]) + 16
        right = max([fm.horizontalAdvance(t) for t in self._output_labels()] + [10]) + 16
        top = 2 * hf.lineSpacing() + 12
        lay = _Layout(sizes, w, h, left, right, top, 14.0)
        self.item.set_layout(lay)
        self.viewbox.setRange(QRectF(0, 0, w, h), padding=0, disableAutoRange=True)
        self._frame = {}
        self._thumbs = self._curves = None
        self._mark_dirty()
        self._update_caption()

    def _update_caption(self):
        lay = self.item.layout
        n = lay.n_edges
        shown = len(self._frame.get("order", ())) if self._frame else min(n, MAX_EDGES)
        if n > MAX_EDGES:
            text = tr("showing the {k:,} strongest of {n:,} connections").format(k=shown, n=n)
        else:
            text = tr("{n:,} connections").format(n=n)
        text = " · ".join([text] + self._hints)
        if text != self.caption.text():
            self.caption.setText(text)

    # -- labels ------------------------------------------------------------------
    def _input_labels(self):
        return [str(t) for t in self._session.input_labels]

    def _output_labels(self):
        s = self._session
        n = s.net.n_outputs
        ds = s.dataset
        names = list(ds.class_names) or [f"class {k}" for k in range(max(ds.n_classes, n))]
        if s.task == "classification":
            if n == 1:
                return [tr("P({c})").format(c=names[1] if len(names) > 1 else "class 1")]
            return [names[k] if k < len(names) else tr("class {k}").format(k=k)
                    for k in range(n)]
        return ["ŷ"] if n == 1 else [f"ŷ{_sub(k + 1)}" for k in range(n)]

    def _unit_name(self, layer, j):
        last = len(self._session.net.layers)
        if layer == 0:
            return self._input_labels()[j]
        if layer == last:
            return "ŷ" if self._session.net.n_outputs == 1 else f"ŷ{_sub(j + 1)}"
        return f"h{layer},{j + 1}"

    def _header_text(self, c, compact):
        net = self._session.net
        last = len(net.layers)
        if c == 0:
            return tr("In") if compact else tr("Input")
        act = net.layers[c - 1].activation
        if c == last:
            return tr("Out") + "\n" + act if compact else tr("Output") + "\n" + act
        n = net.layers[c - 1].output_dim
        if compact:
            return f"H{c}\n{n}"
        return tr("Hidden {l}").format(l=c) + "\n" + f"{n} × {act}"

    # -- computing what to draw -----------------------------------------------------
    def _antialias_now(self):
        if self._antialias is not None:
            return bool(self._antialias)
        return not self._session.playing and len(self._frame.get("order", ())) <= 1500

    def _param_value(self, ref):
        p = self._session.net.params
        if ref[0] == "edge":
            return float(p[f"W{ref[1]}"][ref[2], ref[3]])
        return float(p[f"b{ref[1]}"][ref[2]])

    def _gradients(self):
        v, g = self._grad_cache
        if v != self._version or g is None:
            g = self._session.gradients()
            self._grad_cache = (self._version, g)
        return g

    def _square_mask(self, scale=None):
        """Which nodes are drawn as thumbnails (squares) at this zoom."""
        lay = self.item.layout
        scale = self.item.last_scale if scale is None else scale
        if self._thumb_kind() is None:
            return np.zeros(lay.n_nodes, bool)
        return 2 * lay.node_R * scale >= THUMB_MIN_PX

    def _after_paint(self, square, all_biases, ms):
        self._paint_ms = ms
        self._showing_thumbs = bool(square.any())
        hints = []
        if self._thumb_kind() is None:
            hints.append(tr("colour: activation for sample #{k}")
                         .format(k=self._session.sample_index + 1))
        elif not square.all() or not all_biases:
            hints.append(tr("zoom in for neuron maps and biases"))
        self._hints = hints
        self._update_caption()

    def _ensure(self):
        """Recompute edge buckets, node colours and sample values if stale."""
        if not self._dirty and self._frame:
            return
        s = self._session
        net = s.net
        lay = self.item.layout
        if lay is None or list(net.sizes) != lay.sizes:
            self._relayout()
            lay = self.item.layout
        L = len(net.layers)
        src = self._gradients() if self._show_gradients else net.params
        values = np.concatenate([np.asarray(src[f"W{l}"], float).ravel()
                                 for l in range(1, L + 1)])
        biases = np.concatenate([np.asarray(src[f"b{l}"], float).ravel()
                                 for l in range(1, L + 1)])
        values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
        biases = np.nan_to_num(biases, nan=0.0, posinf=0.0, neginf=0.0)
        absv = np.abs(values)
        scale = float(absv.max()) if absv.size else 0.0
        mag = absv / scale if scale > 0 else np.zeros_like(absv)
        level = np.minimum((mag * LEVELS).astype(np.intp), LEVELS - 1)
        bucket_all = level * 2 + (values >= 0)
        # thin out large nets: the strongest edges of every layer pair
        n = values.size
        if n > MAX_EDGES:
            keep = []
            for l in range(1, L + 1):
                sl = lay.edge_slice(l)
                cnt = sl.stop - sl.start
                k = min(cnt, max(int(SHOWN_EDGES * cnt / n), MIN_PER_PAIR))
                if k >= cnt:
                    keep.append(np.arange(sl.start, sl.stop))
                else:
                    part = np.argpartition(absv[sl], cnt - k)[cnt - k:]
                    keep.append(sl.start + part)
            chosen = np.concatenate(keep)
        else:
            chosen = np.arange(n)
        order = chosen[np.argsort(bucket_all[chosen], kind="stable")]
        bsorted = bucket_all[order]
        segs = np.ascontiguousarray(lay.segs[order])
        edges_b = np.searchsorted(bsorted, np.arange(2 * LEVELS + 1))
        buckets = [(b, int(edges_b[b]), int(edges_b[b + 1] - edges_b[b]))
                   for b in range(2 * LEVELS) if edges_b[b + 1] > edges_b[b]]
        # bias colours on the same scale as the weights (or gradients)
        # biases on their own scale (they are often much smaller than weights)
        bscale = max(float(np.abs(biases).max()) if biases.size else 0.0, 0.05 * scale)
        bias_rgb = DIVERGING_LUT[_lut_index(biases / bscale if bscale > 0 else biases * 0)]
        # the selected sample: activations for circles and tooltips
        with np.errstate(all="ignore"):
            cache = s.forward_sample()
        A = [np.nan_to_num(np.asarray(a, float)[0].copy()) for a in cache.A]
        Z = [np.nan_to_num(np.asarray(z, float)[0].copy()) for z in cache.Z]
        if self._feat_scale is None:
            self._feat_scale = np.abs(s.features()).max(axis=0)
        fs = self._feat_scale
        rgb = [DIVERGING_LUT[_lut_index(A[0] / np.where(fs > 0, fs, 1.0))]]
        for l in range(1, L + 1):
            rgb.append(_colorize(net.layers[l - 1].activation, A[l][None, :], axis=-1)[0])
        self._frame = {
            "values": values, "order": order, "bucket_sorted": bsorted, "segs": segs,
            "buckets": buckets, "bucket_all": bucket_all, "bias_rgb": bias_rgb[:, :3],
            "node_rgb": np.concatenate(rgb)[:, :3], "sample_A": A, "sample_Z": Z,
            "scale": scale,
        }
        self._dirty = False
        self._update_caption()

    def _thumb_kind(self):
        ds = self._session.dataset
        if ds.n_inputs == 2:
            return "image"
        if ds.n_inputs == 1:
            return "curve"
        return None     # e.g. iris: a 2-D slice through 4-D inputs would mislead

    def _ensure_thumbs(self, columns=None):
        """Neuron maps for the layers in ``columns`` (default all): only those
        drawn as thumbnails at this zoom are coloured."""
        lay = self.item.layout
        columns = set(range(len(lay.sizes))) if columns is None else set(columns)
        have = self._thumb_columns
        fresh = self._thumbs is not None or self._curves is not None
        if not self._thumb_dirty and columns <= have and fresh:
            return
        # While training plays, maps refresh ~12 times a second: they change
        # smoothly, and the edges (redrawn every frame) carry the motion.
        now = time.perf_counter()
        if fresh and columns <= have and self._session.playing and \
                now - self._thumb_time < THUMB_PLAYING_INTERVAL:
            self.item.update()       # come back on a later frame
            return
        self._thumb_time = now
        self._thumbs = self._curves = self._thumb_array = None
        self._thumb_dirty = False
        try:
            self._make_thumbs(columns)
            self._thumb_columns = columns
        except NNVizError:          # e.g. the plane needs 2-D inputs: draw circles
            self._thumbs = self._curves = self._thumb_array = None
            self._thumb_columns = set()

    def _make_thumbs(self, columns):
        s = self._session
        net = s.net
        lay = self.item.layout
        kind = self._thumb_kind()
        if kind == "image":
            res = THUMB_RES_SMALL if lay.n_nodes <= 64 else THUMB_RES_LARGE
            xs, ys, outs = s.grid_outputs(res)
            _, _, P = s.grid(res)
            F = np.asarray(s.features(P), np.float32).reshape(res, res, -1)
            arr = np.zeros((lay.n_nodes, res, res, 4), np.ubyte)
            for c, A in enumerate([np.nan_to_num(F)] + list(outs)):
                if c not in columns:
                    continue
                act = "identity" if c == 0 else net.layers[c - 1].activation
                rgba = _colorize(act, A, axis=(0, 1))
                # (res, res, units, 4) → (units, res, res, 4); flip rows so +y is up
                arr[lay.node_start[c]:lay.node_start[c + 1]] = \
                    np.transpose(rgba, (2, 0, 1, 3))[:, ::-1]
            arr = arr.reshape(-1, res, 4)
            img = QtGui.QImage(arr.data, res, arr.shape[0], res * 4,
                               QtGui.QImage.Format_RGBA8888)
            self._thumb_array = arr
            self._thumbs = (img, res)
        elif kind == "curve":
            (x0,), (x1,) = [(b[0],) for b in s.plane_bounds()]
            xs = np.linspace(x0, x1, CURVE_RES)
            F = np.asarray(s.features(xs[:, None]), float)
            with np.errstate(all="ignore"):
                net.forward(F)
            A = [F] + [np.nan_to_num(np.asarray(a, float).copy()) for a in net.cache.A[1:]]
            rows = [_signed_unit("identity", A[0], axis=0).T]
            for l in range(1, len(A)):
                rows.append(_signed_unit(net.layers[l - 1].activation, A[l], axis=0).T)
            self._curves = np.clip(np.concatenate(rows), -1, 1)

    # -- mouse -------------------------------------------------------------------
    def _hover_at(self, pos, screen_pos):
        ref = self.ref_at(pos) if pos is not None else None
        if ref != self._hover:
            self._hover = ref
            self.item.update()
            if ref is None:
                QtWidgets.QToolTip.hideText()
        if ref is not None and screen_pos is not None:
            QtWidgets.QToolTip.showText(QtCore.QPoint(int(screen_pos.x()), int(screen_pos.y())),
                                        self.tooltip_for(ref), self.graphics)

    def _double_click_at(self, pos):
        ref = self.ref_at(pos)
        if ref is not None and ref[0] in ("edge", "bias"):
            self.begin_edit(ref, at=pos)

    def closeEvent(self, ev):
        self.cancel_edit()
        super().closeEvent(ev)


def _xy(pos):
    """(x, y) from a QPointF or any (x, y) pair."""
    if hasattr(pos, "x"):
        return float(pos.x()), float(pos.y())
    return float(pos[0]), float(pos[1])


def _sub(n):
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _linear_text(terms):
    """"0.5·x₁ − 1.2·x₂ + 0.3" from [(0.5, "x₁"), (−1.2, "x₂"), (0.3, "")]."""
    out = ""
    for n, (w, name) in enumerate(terms):
        mag = fmt(abs(w), 3) + (f"·{name}" if name else "")
        if n == 0:
            out = ("−" if w < 0 else "") + mag
        else:
            out += (" − " if w < 0 else " + ") + mag
    return out


def _parse_number(text):
    """Float from what people type: a real minus sign or a decimal comma is fine."""
    t = str(text).strip().replace("−", "-").replace("–", "-")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    return float(t)


__all__ = ["NetworkView", "NetworkItem", "MAX_EDGES"]
