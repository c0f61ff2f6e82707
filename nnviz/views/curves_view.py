"""The curves view: train and test loss, and accuracy or R², against epoch or step.

Two stacked plots share the x axis: the loss above (optionally on a log
scale), the metric below. Hovering shows a vertical line in both and a label
with the values at the nearest epoch.

Speed: a history may hold a million epochs, but no more than ~2 000 points per
curve ever reach ``setData``. Each column keeps min/max over fixed blocks of
64 records, extended incrementally as the history grows; a frame combines
those blocks into ≤ 1 000 buckets (min and max of each — the spikes survive)
over the visible x range. Ranges change only when the data leaves the view
(DESIGN.md), and with head-room, so the axes are not re-laid out each frame.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nnviz import theme
from nnviz.i18n import tr
from nnviz.theme import hex_color as _hex
from nnviz.views.common import style_plot, subscribe

PLAYING_SECONDS = 1 / 30     # curve redraw interval while training plays
MAX_BUCKETS = 1000          # → at most ~2 000 points per curve (plus ≤ 126 raw edge points)
BLOCK = 64                  # records per cached min/max block
GROW = 1.25                 # x head-room when the data leaves the view
SERIES = ("train_loss", "test_loss", "train_metric", "test_metric")
# Cosmetic pens wider than 1 px take Qt's slow stroking path (~4 ms a frame for
# four 2 000-point curves, measured): thin while training, thicker at rest.
WIDTH_IDLE = 2
WIDTH_PLAYING = 1
TRAIN_COLOR = theme.BLUE
TEST_COLOR = theme.VERMILLION


class _BlockPeaks:
    """Min and max of each full block of ``BLOCK`` records of one column,
    extended as the column grows (non-finite values ignored)."""

    def __init__(self):
        self.mins = np.empty(0)
        self.maxs = np.empty(0)

    def update(self, col):
        nb = len(col) // BLOCK
        have = len(self.mins)
        if nb < have:
            self.mins, self.maxs = self.mins[:nb], self.maxs[:nb]
        elif nb > have:
            lo, hi = _block_peaks(col[have * BLOCK:nb * BLOCK], BLOCK)
            self.mins = np.concatenate([self.mins, lo])
            self.maxs = np.concatenate([self.maxs, hi])


def _group_peaks(mins, maxs, k):
    """Combine consecutive groups of ``k`` blocks (the last may be short)."""
    n = len(mins)
    g = -(-n // k)
    pad = g * k - n
    if pad:
        mins = np.concatenate([mins, np.full(pad, np.nan)])
        maxs = np.concatenate([maxs, np.full(pad, np.nan)])
    return (np.fmin.reduce(mins.reshape(g, k), axis=1),
            np.fmax.reduce(maxs.reshape(g, k), axis=1))


def _block_peaks(col, b):
    """Min and max of each of the len(col) // b blocks of ``b`` records,
    ignoring non-finite values (NaN where a block has none)."""
    n = len(col) // b
    seg = np.asarray(col[:n * b]).reshape(n, b)
    finite = np.isfinite(seg)
    if finite.all():                 # the usual case: plain min/max, no copy
        return seg.min(axis=1), seg.max(axis=1)
    seg = np.where(finite, seg, np.nan)
    with np.errstate(invalid="ignore"):
        return np.fmin.reduce(seg, axis=1), np.fmax.reduce(seg, axis=1)


def decimate(x, cols, i0, i1, caches=None, max_buckets=MAX_BUCKETS):
    """Peak-decimate ``cols`` (dict name → column) over records [i0, i1).

    Returns (x values, {name: y values}) with at most ~2·max_buckets points:
    raw records when there are few, else per bucket (x at its first record,
    min) and (x at its last record, max). ``caches`` (name → _BlockPeaks,
    already updated) make long ranges cost O(blocks), not O(records).
    """
    m = i1 - i0
    if m <= 2 * max_buckets:
        return x[i0:i1], {k: c[i0:i1] for k, c in cols.items()}
    b = -(-m // max_buckets)
    if caches is not None and b >= BLOCK:
        k = -(-b // BLOCK)
        j0, j1 = -(-i0 // BLOCK), i1 // BLOCK
        starts = (j0 + np.arange(0, j1 - j0, k)) * BLOCK
        ends = np.minimum(starts + k * BLOCK, j1 * BLOCK) - 1
        head, tail = np.arange(i0, j0 * BLOCK), np.arange(j1 * BLOCK, i1)
        xs = np.concatenate([x[head], np.column_stack([x[starts], x[ends]]).ravel(), x[tail]])
        ys = {}
        for name, c in cols.items():
            lo, hi = _group_peaks(caches[name].mins[j0:j1], caches[name].maxs[j0:j1], k)
            ys[name] = np.concatenate([c[head], np.column_stack([lo, hi]).ravel(), c[tail]])
        return xs, ys
    n = m // b
    starts = i0 + np.arange(n) * b
    ends = starts + b - 1
    tail = np.arange(i0 + n * b, i1)
    xs = np.concatenate([np.column_stack([x[starts], x[ends]]).ravel(), x[tail]])
    ys = {}
    for name, c in cols.items():
        lo, hi = _block_peaks(c[i0:i0 + n * b], b)
        ys[name] = np.concatenate([np.column_stack([lo, hi]).ravel(), c[tail]])
    return xs, ys


class CurvesView(QWidget):
    """Loss and metric curves of the session's history.

    Public API: :meth:`plot_widget` (the loss plot), :meth:`plots`,
    :meth:`refresh`, :meth:`fit`, :meth:`hover_at` (returns the label text),
    ``log_action`` (checkable), ``x_combo`` ("epoch" / "step"), ``items``
    (name → PlotDataItem for train_loss, test_loss, train_metric, test_metric).
    """

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("nnviz-curves-view")
        self._history = None
        self._drawn_at = 0.0              # when the curves last redrew (throttle)
        self._n = -1
        self._caches = {}
        self._follow = True
        self._setting_range = False
        self._dirty = True
        self._x_max = None            # current followed x maximum
        self._y_range = None          # current followed loss y range
        self._m_range = None          # current followed metric y range
        self._hover_x = None
        self._fit_loss_y = False
        self._pen_width = WIDTH_IDLE
        self._overlays = []           # pinned runs: (name, rgb, history columns)
        self._overlay_items = []
        self._build_ui()
        subscribe(self, session, {"training": self._on_training})
        self.refresh()

    # -- building ------------------------------------------------------------------
    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        bar = self.toolbar = QToolBar(tr("Curve tools"), self)
        bar.setObjectName("nnviz-curves-toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.log_action = QAction(tr("Log scale"), self)
        self.log_action.setCheckable(True)
        self.log_action.setToolTip(tr("Show the loss on a logarithmic scale"))
        self.log_action.toggled.connect(self._log_toggled)
        bar.addAction(self.log_action)
        bar.addWidget(QLabel(" " + tr("x axis:") + " "))
        self.x_combo = QComboBox()
        self.x_combo.addItem(tr("epoch"), "epoch")
        self.x_combo.addItem(tr("step"), "step")
        self.x_combo.setToolTip(tr("Plot against epochs (passes over the training set) "
                                   "or steps (parameter updates)"))
        self.x_combo.currentIndexChanged.connect(lambda _i: self._x_changed())
        bar.addWidget(self.x_combo)
        self.fit_action = QAction(tr("Fit"), self)
        self.fit_action.setToolTip(tr("Show all the data and follow it as it grows"))
        self.fit_action.triggered.connect(self.fit)
        bar.addAction(self.fit_action)
        lay.addWidget(bar)

        self.loss_plot = pg.PlotWidget(background="w")
        self.metric_plot = pg.PlotWidget(background="w")
        self.loss_plot.setObjectName("nnviz-loss-plot")
        self.metric_plot.setObjectName("nnviz-metric-plot")
        self.items = {}
        for plot in (self.loss_plot, self.metric_plot):
            style_plot(plot)
            pi = plot.getPlotItem()
            pi.setMenuEnabled(False)
            # No grid: its translucent lines cost ~5 ms a frame here; the hover reads values.
            vb = pi.getViewBox()
            vb.disableAutoRange()
            vb.sigRangeChangedManually.connect(self._manual_range)
            pi.getAxis("left").setWidth(58)       # both plots' y axes line up
            for side in ("left", "bottom"):
                pi.getAxis(side).enableAutoSIPrefix(False)
        self.metric_plot.setXLink(self.loss_plot)
        # Linked: panning either plot changes the loss plot's x range.
        self.loss_plot.getPlotItem().getViewBox().sigXRangeChanged.connect(
            self._x_range_changed)
        label_style = {"color": _hex(theme.FOREGROUND), "font-size": "10pt"}
        self.loss_plot.setLabel("left", tr("loss"), **label_style)
        self.loss_plot.getAxis("bottom").setStyle(showValues=False)
        self.metric_plot.setLabel("bottom", tr("epoch"), **label_style)
        self._label_style = label_style

        # The legend is a label in the tool bar, never over the curves.
        self.legend = QLabel()
        self.legend.setObjectName("nnviz-curves-legend")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self.legend)
        for name, plot, color in (("train_loss", self.loss_plot, TRAIN_COLOR),
                                  ("test_loss", self.loss_plot, TEST_COLOR),
                                  ("train_metric", self.metric_plot, TRAIN_COLOR),
                                  ("test_metric", self.metric_plot, TEST_COLOR)):
            item = pg.PlotDataItem(pen=pg.mkPen(color, width=WIDTH_IDLE), antialias=False,
                                   skipFiniteCheck=True)
            plot.getPlotItem().addItem(item)
            self.items[name] = item
        self._legend_has_test = None
        self._set_legend_test(True)

        # The epoch looked back at on the timeline: a solid cursor in both plots.
        self._viewing_lines = []
        for plot in (self.loss_plot, self.metric_plot):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   pen=pg.mkPen(theme.qcolor(theme.FOREGROUND), width=2))
            line.hide()
            plot.getPlotItem().addItem(line, ignoreBounds=True)
            self._viewing_lines.append(line)

        # Hover: a vertical line in both plots and a label in the loss plot.
        self._vlines = []
        for plot in (self.loss_plot, self.metric_plot):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   pen=pg.mkPen((90, 90, 90), width=1, style=Qt.DashLine))
            line.hide()
            plot.getPlotItem().addItem(line, ignoreBounds=True)
            self._vlines.append(line)
            plot.scene().sigMouseMoved.connect(
                lambda pos, p=plot: self._mouse_moved(p, pos))
        vb = self.loss_plot.getPlotItem().getViewBox()
        self.hover_label = pg.TextItem(anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 235),
                                       border=pg.mkPen(170, 170, 170))
        self.hover_label.setParentItem(vb)
        self.hover_label.setZValue(50)
        self.hover_label.hide()
        self.placeholder = pg.TextItem(anchor=(0.5, 0.5), color=theme.qcolor(theme.GREY))
        self.placeholder.setHtml('<div style="font-size:11pt; text-align:center">'
                                 + tr("Train the network to see its loss here") + "</div>")
        self.placeholder.setParentItem(vb)
        vb.sigResized.connect(self._place_placeholder)

        lay.addWidget(self.loss_plot, 3)
        lay.addSpacing(6)
        lay.addWidget(self.metric_plot, 2)

    # -- public API ------------------------------------------------------------------
    def plot_widget(self) -> pg.PlotWidget:
        """The loss plot (the main window may export it)."""
        return self.loss_plot

    def plots(self):
        return self.loss_plot, self.metric_plot

    def x_field(self) -> str:
        return self.x_combo.currentData()

    def fit(self):
        """Show all the data and follow it as it grows."""
        self._follow = True
        self._x_max = self._y_range = self._m_range = None
        self.refresh()

    def refresh(self):
        """Redraw from the session's history now."""
        self._update(force=True)

    def set_overlays(self, runs):
        """Overlay pinned runs: ``[(name, rgb, history)]`` where history maps
        the History fields to arrays; dashed train loss and metric in ``rgb``."""
        for plot, item in self._overlay_items:
            plot.getPlotItem().removeItem(item)
        self._overlays, self._overlay_items = list(runs), []
        for _name, rgb, _h in self._overlays:
            for plot in (self.loss_plot, self.metric_plot):
                item = pg.PlotDataItem(pen=pg.mkPen(rgb, width=2, style=Qt.DashLine),
                                       antialias=False, skipFiniteCheck=True)
                item.setZValue(-1)
                plot.getPlotItem().addItem(item)
                self._overlay_items.append((plot, item))
        self._legend_has_test = None
        self.fit()

    def _draw_overlays(self, log, regression):
        """Draw the pinned runs; returns (largest x, their losses) for the ranges."""
        x_max, losses = [], []
        for k, (_name, _rgb, h) in enumerate(self._overlays):
            x = np.asarray(h[self.x_field()], float)
            xs, ys = decimate(x, {"l": np.asarray(h["train_loss"], float),
                                  "m": np.asarray(h["train_metric"], float)}, 0, len(x))
            m = ys["m"] if regression else ys["m"] * 100.0
            for (_plot, item), y in zip(self._overlay_items[2 * k:2 * k + 2], (ys["l"], m)):
                ok = np.isfinite(y) & np.isfinite(xs) & ((y > 0) if log and y is ys["l"]
                                                          else True)
                item.setData(xs[ok], y[ok])
            if len(xs):
                x_max.append(float(xs[-1]))
                losses.append(ys["l"])
        return x_max, losses

    # -- events ------------------------------------------------------------------------
    def _on_training(self, _ev=None):
        self._show_viewing()
        if not self.isVisible():
            self._dirty = True
            return
        # Play/pause changes the pen width even when no record was added.
        playing_changed = (WIDTH_PLAYING if self.session.playing else WIDTH_IDLE) \
            != self._pen_width
        # While training plays, ~30 redraws a second read as smooth and leave
        # the frame's time to training; pausing draws the last records at once.
        now = time.perf_counter()
        if self.session.playing and not playing_changed \
                and now - self._drawn_at < PLAYING_SECONDS:
            return
        self._drawn_at = now
        self._update(force=playing_changed)

    def set_best_epoch(self, epoch, overfitting=False):
        """Mark the epoch of the lowest test loss (training health, issue #14):
        a dashed green line in the loss plot, labelled when the run overfits;
        ``None`` hides it."""
        from nnviz.zoom import ZOOM
        line = getattr(self, "best_line", None)
        if line is None:
            line = self.best_line = pg.InfiniteLine(
                angle=90, movable=False, label="",
                labelOpts={"position": 0.92, "color": theme.qcolor(theme.GREEN),
                           "anchors": [(0, 0), (0, 0)]})
            self.loss_plot.getPlotItem().addItem(line, ignoreBounds=True)
        self._best = (epoch, overfitting)
        if epoch is None:
            line.hide()
            return
        h = self.session.history
        x = float(h["step"][epoch - 1]) if self.x_field() == "step" and \
            0 < epoch <= len(h) else float(epoch)
        line.setPen(pg.mkPen(theme.qcolor(theme.GREEN), width=2 if overfitting else 1,
                             style=Qt.DashLine))
        font = self.font()
        font.setPixelSize(ZOOM.px(12))
        line.label.textItem.setFont(font)
        line.label.setFormat(tr("best test: epoch {e}").format(e=epoch) if overfitting else "")
        line.setValue(x)
        line.show()

    def viewing_cursor(self):
        """The epoch (or step) the cursor marks, or None at the present."""
        line = self._viewing_lines[0]
        return line.value() if line.isVisible() else None

    def _show_viewing(self):
        s = self.session
        k = getattr(s, "viewing", None)
        x = None
        if k is not None:
            x = float(k)
            if self.x_combo.currentData() == "step" and k > 0 and k <= len(s.history):
                x = float(s.history["step"][k - 1])
        for line in self._viewing_lines:
            line.setVisible(x is not None)
            if x is not None:
                line.setValue(x)

    def showEvent(self, ev):
        super().showEvent(ev)
        if self._dirty:
            self._update(force=True)

    def leaveEvent(self, ev):
        super().leaveEvent(ev)
        self._hide_hover()

    def _log_toggled(self, on):
        self.loss_plot.getPlotItem().setLogMode(y=on)
        self._y_range = None
        self._fit_loss_y = True     # the y units changed: fit y even if the user zoomed
        self.refresh()

    def _x_changed(self):
        self.metric_plot.setLabel("bottom", self.x_combo.currentText(), **self._label_style)
        self.fit()
        if getattr(self, "_best", None):
            self.set_best_epoch(*self._best)

    def _manual_range(self, *_):
        if not self._setting_range:
            self._follow = False

    def _x_range_changed(self, *_):
        if not self._setting_range and not self._follow:
            self._update(force=True)      # new visible range: decimate again

    # -- drawing ------------------------------------------------------------------------
    def _update(self, force=False):
        h = self.session.history
        n = len(h)
        if h is not self._history:
            self._history = h
            self._caches = {name: _BlockPeaks() for name in SERIES}
            force = True
            if n < self._n or self._n < 0:
                self._x_max = self._y_range = self._m_range = None
        elif n < self._n:
            self._caches = {name: _BlockPeaks() for name in SERIES}
            self._x_max = self._y_range = self._m_range = None
        if n == self._n and not force:
            return
        self._n = n
        self._dirty = False
        x = h[self.x_field()]
        cols = {name: h[name] for name in SERIES}
        for name in SERIES:
            self._caches[name].update(cols[name])       # incremental: new full blocks only
        i0, i1 = self._visible_indices(x, n)
        xs, ys = decimate(x, cols, i0, i1, caches=self._caches)
        regression = self.session.task == "regression"
        if not regression:       # accuracy as a percentage (the axis says so)
            ys["train_metric"] = ys["train_metric"] * 100.0
            ys["test_metric"] = ys["test_metric"] * 100.0
        has_test = self.session.trainer.X_test is not None
        self._set_legend_test(has_test)
        has_test = has_test and bool(np.isfinite(ys["test_loss"]).any())
        width = WIDTH_PLAYING if self.session.playing else WIDTH_IDLE
        if width != self._pen_width:
            self._pen_width = width
            for name, item in self.items.items():
                color = TRAIN_COLOR if name.startswith("train") else TEST_COLOR
                item.setPen(pg.mkPen(color, width=width))
        log = self.log_action.isChecked()
        for name in SERIES:
            y = ys[name]
            ok = np.isfinite(y) & np.isfinite(xs)
            xv, yv = xs[ok], y[ok]
            if log and name.endswith("loss") and len(yv):
                pos = yv[yv > 0]
                floor = float(pos.min()) if len(pos) else 1e-12
                yv = np.maximum(yv, floor)
            visible = not name.startswith("test") or has_test
            self.items[name].setVisible(visible)
            self.items[name].setData(xv if visible else [], yv if visible else [])
        self._set_metric_label(regression)
        self.placeholder.setVisible(n == 0 and not self._overlays)
        ov_x, ov_losses = self._draw_overlays(log, regression)
        if self._follow or self._fit_loss_y:
            self._follow_data(xs, ys, has_test, regression, x_too=self._follow,
                              extra=(ov_x, ov_losses))
            self._fit_loss_y = False
        if self._hover_x is not None:
            self._show_hover(self._hover_x)

    def _visible_indices(self, x, n):
        if self._follow or n == 0:
            return 0, n
        lo, hi = self.loss_plot.getPlotItem().getViewBox().viewRange()[0]
        # One record beyond each edge so the lines reach the borders.
        i0 = max(int(np.searchsorted(x, lo, "left")) - 1, 0)
        i1 = min(int(np.searchsorted(x, hi, "right")) + 1, n)
        return i0, max(i1, i0)

    def _set_legend_test(self, has_test):
        if has_test == self._legend_has_test:
            return
        self._legend_has_test = has_test
        entries = [(TRAIN_COLOR, tr("train"))] + ([(TEST_COLOR, tr("test"))] if has_test else [])
        runs = "".join(f'&nbsp;&nbsp;<span style="color:{_hex(c)}"><b>╌</b></span>&nbsp;{n}'
                       for n, c, _h in self._overlays)
        self.legend.setText("&nbsp;&nbsp;".join(
            f'<span style="color:{_hex(c)}"><b>━</b></span>&nbsp;{t}' for c, t in entries)
            + runs)

    def legend_texts(self) -> list[str]:
        """The legend's entries as plain text (["train", "test"])."""
        return [t for _, t in ((TRAIN_COLOR, tr("train")), (TEST_COLOR, tr("test")))][
            :2 if self._legend_has_test else 1]

    def _set_metric_label(self, regression):
        text = tr("R²") if regression else tr("accuracy (%)")
        if getattr(self, "_metric_label", None) != text:
            self._metric_label = text
            self.metric_plot.setLabel("left", text, **self._label_style)

    def _follow_data(self, xs, ys, has_test, regression, x_too=True, extra=((), ())):
        """Change ranges only when the data leaves them (with head-room);
        ``extra``: (x ends, loss arrays) of overlaid pinned runs."""
        self._setting_range = True
        try:
            lvb = self.loss_plot.getPlotItem().getViewBox()
            mvb = self.metric_plot.getPlotItem().getViewBox()
            x_last = max([float(xs[-1]) if len(xs) else 0.0, *extra[0]])
            x_left = self._x_max is None or x_last > self._x_max or \
                x_last < self._x_max / (2 * GROW)
            if x_too and x_left:
                self._x_max = max(10.0, x_last * GROW)
                lvb.setXRange(0, self._x_max, padding=0)
            losses = [ys["train_loss"]] + ([ys["test_loss"]] if has_test else []) + \
                list(extra[1])
            y = np.concatenate(losses) if losses else np.empty(0)
            y = y[np.isfinite(y)]
            log = self.log_action.isChecked()
            if log:
                y = y[y > 0]
            if len(y):
                lo, hi = float(y.min()), float(y.max())
                if log:
                    lo, hi = math.log10(lo), math.log10(hi)
                    want = (lo - 0.15, hi + 0.15)
                else:
                    top = hi * 1.08 if hi > 0 else 1.0
                    want = (-0.03 * top, top)      # a sliver below 0: a flat curve clears the axis
                cur = self._y_range
                if cur is None or want[0] < cur[0] or want[1] > cur[1] or \
                        (want[1] - want[0]) < 0.5 * (cur[1] - cur[0]):
                    self._y_range = want
                    lvb.setYRange(*want, padding=0)
            elif self._y_range is None:
                self._y_range = (-1.0, 1.0) if log else (0.0, 1.0)
                lvb.setYRange(*self._y_range, padding=0)
            if regression:
                m = np.concatenate([ys["train_metric"], ys["test_metric"]])
                m = m[np.isfinite(m)]
                low = max(float(m.min()), -1.0) if len(m) else 0.0
                want = (min(low, 0.0) - 0.05, 1.05)
            else:
                want = (-3.0, 110.0)
            if self._m_range is None or abs(want[0] - self._m_range[0]) > 0.05:
                self._m_range = want
                mvb.setYRange(*want, padding=0)
        finally:
            self._setting_range = False

    # -- hover ---------------------------------------------------------------------------
    def _mouse_moved(self, plot, pos):
        vb = plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(pos) or not len(self.session.history):
            self._hide_hover()
            return
        self.hover_at(vb.mapSceneToView(pos).x())

    def hover_at(self, xpos: float) -> str:
        """Show the crosshair at the record nearest ``xpos``; returns the label text."""
        self._hover_x = xpos
        return self._show_hover(xpos)

    def _show_hover(self, xpos):
        h = self.session.history
        n = len(h)
        if not n:
            self._hide_hover()
            return ""
        x = h[self.x_field()]
        i = int(np.clip(np.searchsorted(x, xpos), 0, n - 1))
        if i > 0 and abs(x[i - 1] - xpos) <= abs(x[i] - xpos):
            i -= 1
        xv = float(x[i])
        regression = self.session.task == "regression"
        metric = tr("R²") if regression else tr("accuracy")

        def m(v):
            if not np.isfinite(v):
                return "–"
            return theme.fmt(v, 4) if regression else f"{100 * v:.1f} %"

        def lo(v):
            return theme.fmt(v, 4) if np.isfinite(v) else "–"

        has_test = self.session.trainer.X_test is not None
        lines = [tr("epoch {e} · step {s}").format(e=int(h["epoch"][i]), s=int(h["step"][i]))]
        train_line = tr("train: loss {loss} · {metric} {value}").format(
            loss=lo(h["train_loss"][i]), metric=metric, value=m(h["train_metric"][i]))
        lines.append(f'<span style="color:{_hex(TRAIN_COLOR)}">{train_line}</span>')
        if has_test:
            test_line = tr("test: loss {loss} · {metric} {value}").format(
                loss=lo(h["test_loss"][i]), metric=metric, value=m(h["test_metric"][i]))
            lines.append(f'<span style="color:{_hex(TEST_COLOR)}">{test_line}</span>')
        html = (f'<div style="font-size:10pt; color:{_hex(theme.FOREGROUND)}">'
                + "<br>".join(lines) + "</div>")
        self.hover_label.setHtml(html)
        for line in self._vlines:
            line.setPos(xv)
            line.show()
        vb = self.loss_plot.getPlotItem().getViewBox()
        px = vb.mapFromView(pg.Point(xv, 0)).x()
        if px > vb.width() / 2:
            self.hover_label.setAnchor((1, 0))
            self.hover_label.setPos(px - 8, 4)
        else:
            self.hover_label.setAnchor((0, 0))
            self.hover_label.setPos(px + 8, 4)
        self.hover_label.show()
        return self.hover_label.textItem.toPlainText()

    def _hide_hover(self):
        self._hover_x = None
        self.hover_label.hide()
        for line in self._vlines:
            line.hide()

    def _place_placeholder(self, *_):
        # wrap to the plot's width: a narrow pane must not cut the words off
        self.placeholder.textItem.setTextWidth(max(60.0, self.loss_plot.getPlotItem()
                                                   .getViewBox().width() - 12))
        vb = self.loss_plot.getPlotItem().getViewBox()
        self.placeholder.setPos(vb.width() / 2, vb.height() / 2)


__all__ = ["CurvesView", "decimate"]
