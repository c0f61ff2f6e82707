"""Side-by-side runs: each run's decision boundary at the same epoch.

Small multiples: "Now" (the session's network, at the epoch the timeline
shows) and each pinned run (``session.runs``, :mod:`core.runs`) at that same
epoch k — or at its last epoch if it is shorter. Each tile draws the run's
output over its own input plane (pale class colours, the 0.5 contour's edge
visible by colour) with its training points, and is titled with the run's
name, what differs from now, the epoch shown and its training loss.

The maps come from the session (``grid_output``) and the runs model
(``Runs.decision_map``: a private session per pinned run, θ at epoch k from
the run's timeline or its kept snapshots). Redrawn at most ~4 times a second
while training, and only when visible; one-dimensional data draw curves;
data of more dimensions show a note.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.errors import NNVizError
from nnviz import theme
from nnviz.i18n import tr
from nnviz.views.common import subscribe
from nnviz.zoom import ZOOM

__all__ = ["CompareView", "RUN_COLORS", "run_color"]

RESOLUTION = 48
REFRESH_MS = 250
# Pinned runs' colours (curves and tile frames): not the train/test blue and
# vermillion of the live curves.
RUN_COLORS = (theme.PURPLE, theme.GREEN, theme.ORANGE, theme.SKY)


def run_color(i: int):
    return RUN_COLORS[i % len(RUN_COLORS)]


LUT = theme.light_diverging_lut()   # as the data view draws a decision map


class _Tile:
    """One small plot: image, curve (1-D data) and points."""

    def __init__(self, layout: pg.GraphicsLayout):
        self.plot = layout.addPlot()
        pi = self.plot
        pi.hideButtons()
        pi.setMenuEnabled(False)
        pi.setMouseEnabled(False, False)
        for side in ("left", "bottom"):
            pi.hideAxis(side)
        pi.getViewBox().setAspectLocked(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(LUT)
        pi.addItem(self.image)
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(theme.FOREGROUND, width=2))
        pi.addItem(self.curve)
        self.points = pg.ScatterPlotItem(size=4, pxMode=True, pen=pg.mkPen(40, 40, 40, 120))
        pi.addItem(self.points)

    def draw(self, d, title_html):
        pi = self.plot
        pi.setTitle(title_html)
        X, y = d["X"], np.asarray(d["y"])
        if d["kind"] == "plane":
            out = d["out"]
            if out.shape[-1] == 1:
                img = np.ascontiguousarray(np.nan_to_num(out[..., 0]), dtype=np.float32)
                levels = (0.0, 1.0)
                if d["task"] == "regression":      # ±max|y| on the same pale map
                    m = float(np.max(np.abs(y))) if len(y) else 1.0
                    levels = (-m, m) if np.isfinite(m) and m > 0 else (-1.0, 1.0)
                self.image.setLookupTable(LUT)
                self.image.setImage(img, autoLevels=False, levels=levels)
            else:
                rgba = theme.class_blend(np.nan_to_num(out))
                rgba[..., :3] = (255 - (255 - rgba[..., :3].astype(float)) * 0.6).astype(
                    np.ubyte)
                self.image.setLookupTable(None)
                self.image.setImage(np.ascontiguousarray(rgba), autoLevels=False)
            xs, ys = d["xs"], d["ys"]
            dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
            dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
            self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2,
                                      xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy))
            self.image.show()
            self.curve.setData([], [])
            if d["task"] == "classification":
                labels = y.astype(int).ravel()
                brushes = [pg.mkBrush(*theme.CLASS_COLORS[k % len(theme.CLASS_COLORS)])
                           for k in labels]
            else:
                brushes = pg.mkBrush(60, 60, 60)
            self.points.setData(X[:, 0], X[:, 1], brush=brushes)
            pi.setRange(xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0)
        else:
            self.image.hide()
            yv = y if y.ndim == 1 else y[:, 0]
            self.curve.setData(d["xs"], np.nan_to_num(d["out"]))
            self.points.setData(X[:, 0], yv, brush=pg.mkBrush(60, 60, 60))
            pi.enableAutoRange()


class CompareView(QWidget):
    """See the module docstring. ``CompareView(session)``.

    Public: :meth:`refresh`, :meth:`epoch` (the epoch compared),
    :meth:`tile_titles` (plain text of each tile's title), ``pin_button``,
    ``clear_button``, ``note`` (a QLabel), ``tiles``.
    """

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-compare-view")
        self.session = session
        self.runs = session.runs
        self.tiles: list[_Tile] = []
        self._cols = 1
        self._titles: list[str] = []
        self._dirty = True
        self._timer = QTimer(self)
        self._timer.setObjectName("nnviz-compare-refresh")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        row = QHBoxLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setToolTip(tr("Drag the timeline to compare the runs at another epoch"))
        self.note.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        row.addWidget(self.note, 1)
        self.pin_button = QPushButton(tr("Pin"))
        self.pin_button.setToolTip(tr("Pin this run to compare the next one with it (up "
                                      "to 4)"))
        self.pin_button.clicked.connect(self._pin)
        row.addWidget(self.pin_button)
        self.clear_button = QPushButton(tr("Clear"))
        self.clear_button.setToolTip(tr("Forget the pinned runs"))
        self.clear_button.clicked.connect(self.runs.clear)
        row.addWidget(self.clear_button)
        lay.addLayout(row)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.canvas.setMinimumSize(100, 140)
        self.layout_ = self.canvas.ci
        self.layout_.setSpacing(4)
        lay.addWidget(self.canvas, 1)
        subscribe(self, session, {"params": self._on_change, "training": self._on_change,
                                  "data": self._on_change, "network": self._on_change})
        subscribe(self, self.runs, {"runs": self._on_runs})
        ZOOM.changed.connect(self._on_zoom)
        self._on_runs()

    # -- public -----------------------------------------------------------------------
    def epoch(self) -> int:
        s = self.session
        return int(s.viewing if s.viewing is not None else s.timeline.end)

    def tile_titles(self) -> list[str]:
        return list(self._titles)

    def refresh(self):
        """Redraw every tile at the epoch the timeline shows."""
        self._timer.stop()
        self._dirty = False
        k = self.epoch()
        n = 1 + len(self.runs)
        self._ensure_tiles(n)
        self._titles = []
        px = ZOOM.px(11)
        try:
            now = self._now_map(k)
        except NNVizError:
            now = None
        entries = [(None, now)]
        for run in self.runs:
            try:
                entries.append((run, self.runs.decision_map(run, k, RESOLUTION)))
            except NNVizError:
                entries.append((run, None))
        for tile, (run, d) in zip(self.tiles, entries):
            if run is None:
                name, color, diff = tr("Now"), theme.FOREGROUND, ""
            else:
                i = self.runs.pinned.index(run)
                name, color = run.name, run_color(i)
                diff = ", ".join(self.runs.label(run).split(": ", 1)[1:])
                if diff == "same settings":
                    diff = tr("same settings")
            if d is None:
                plain = tr("{name}: no picture (data of more than 2 inputs, or unknown)"
                           ).format(name=name)
                tile.plot.setTitle(f'<span style="font-size:{px}px">{plain}</span>')
                tile.image.hide()
                tile.points.setData([], [])
                tile.curve.setData([], [])
                self._titles.append(plain)
                continue
            loss = d.get("train_loss", float("nan"))
            head = name if d["epoch"] == k else tr("{name} (epoch {k})").format(
                name=name, k=d["epoch"])
            tail = tr("loss {v}").format(v=theme.fmt(loss, 3)) if np.isfinite(loss) else ""
            plain = " · ".join(p for p in (head, diff, tail) if p)
            # the tile names the run and its loss; what differs is in the note
            html = (f'<span style="font-size:{px}px"><b style="color:'
                    f'{theme.hex_color(color)}">{head}</b> {tail}</span>')
            tile.draw(d, html)
            tile.plot.setToolTip(plain)
            self._titles.append(plain)
        self.note.setText(self._note(k))

    # -- helpers ------------------------------------------------------------------------
    def _note(self, k) -> str:
        if not len(self.runs):
            return tr("Pin this run, change a setting, press Reset and train again: the "
                      "runs show here side by side")
        parts = [tr("Epoch {k}").format(k=k)]
        for i, run in enumerate(self.runs):
            diff = self.runs.label(run).split(": ", 1)[1]
            if diff == "same settings":
                diff = tr("same settings")
            parts.append(f'<b style="color:{theme.hex_color(run_color(i))}">{run.name}</b>'
                         f": {diff}")
        return " · ".join(parts)

    def _now_map(self, k):
        s = self.session
        ds = s.dataset
        base = {"epoch": k, "X": ds.X[ds.train_idx], "y": ds.y[ds.train_idx],
                "task": ds.task, "train_loss": s.current_metrics()["train_loss"]}
        if ds.n_inputs >= 2:
            xs, ys, out = s.grid_output(RESOLUTION)
            return {**base, "kind": "plane", "xs": xs, "ys": ys, "out": out}
        xs, y = s.curve(2 * RESOLUTION)
        return {**base, "kind": "curve", "xs": xs, "ys": None, "out": y}

    def _ensure_tiles(self, n):
        if len(self.tiles) == n:
            return
        self.layout_.clear()
        self.tiles = []
        cols = self._cols = self._columns(n)
        for i in range(n):
            if i and i % cols == 0:
                self.layout_.nextRow()
            tile = _Tile(self.layout_)
            tile.plot.setMinimumWidth(40)
            tile.plot.setPreferredWidth(60)
            self.tiles.append(tile)
        for c in range(cols):                   # equal columns whatever the titles
            self.layout_.layout.setColumnStretchFactor(c, 1)

    def _columns(self, n):
        w, h = max(self.canvas.width(), 1), max(self.canvas.height(), 1)
        best, best_side = 1, 0.0
        for cols in range(1, n + 1):
            rows = -(-n // cols)
            side = min(w / cols, h / rows)
            if side > best_side:
                best, best_side = cols, side
        return best

    def _pin(self):
        try:
            self.runs.pin()
        except NNVizError as e:
            self.note.setText(str(e))

    def _on_runs(self, _ev=None):
        self.clear_button.setEnabled(len(self.runs) > 0)
        self.tiles = []
        self.layout_.clear()
        self._schedule(0)

    def _on_change(self, _ev=None):
        self._schedule(REFRESH_MS)

    def _on_zoom(self):
        self._schedule(0)

    def _schedule(self, ms):
        self._dirty = True
        if self.isVisible() and not self._timer.isActive():
            self._timer.start(ms)

    def showEvent(self, ev):
        super().showEvent(ev)
        if self._dirty:
            self._timer.start(0)

    def hideEvent(self, ev):
        self._timer.stop()
        super().hideEvent(ev)

    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        if self.tiles and self._columns(len(self.tiles)) != self._cols:
            self.tiles = []
            self._schedule(0)
