"""The learning-rate lab: the same start, several learning rates and optimisers.

On the line fit y = w·x + b (one identity unit, mean squared error: its two
parameters *are* the whole landscape, an elongated bowl) — or on any two
parameters of the session's network — the lab runs gradient descent from one
start point with several learning rates and optimisers
(``core.landscape.descend_2d``) and draws the paths in different colours on
one surface, with their loss curves (log scale) and a legend. A run that blows
up is flagged ("diverged at step 9"): dashed, with an ✕ where it leaves the
box. Click the surface to choose the start point; the paths are recomputed at
once (each is a few hundred small gradient evaluations: milliseconds).

The default learning rates are chosen from the curvature: λmax, the largest
eigenvalue of the 2 × 2 Hessian at the start (``core.trajectory.plane_hessian``;
exact for the line fit's quadratic loss). Plain gradient descent converges only
for lr < 2/λmax; the defaults are "too small" 0.01/λmax, "good" 0.3/λmax,
"oscillating" at 0.97 × 2/λmax and "divergent" 1.25 × 2/λmax (for the line
fit λmax ≈ 1: 0.01, 0.3, 1.9, 2.5).

Nothing non-finite reaches the plots: ``descend_2d`` stops before the first
non-finite value, and points far outside the box are clamped to it (plus one
box size) before drawing.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import Network, landscape
from core.data import make_dataset
from core.errors import NNVizError
from core.trajectory import plane_hessian
from nnviz import theme
from nnviz.i18n import tr
from nnviz.views.data_view import _hex, style_plot, subscribe
from nnviz.views.surface_view import VIRIDIS_LUT, SliceJob, contour_segments

LINE_SPEC = [{"input_dim": 1, "output_dim": 1, "activation": "identity"}]
LINE_NAMES = ("W1[0,0]", "b1[0]")
LINE_BOX = (3.0, 2.0)            # half-widths (w, b) around the best line
LINE_START = (-2.0, 1.5)         # offset from the best line: top left of the bowl
LINE_SAMPLES = 100
GRID = 101
NETWORK_GRID = 81
DEFAULT_STEPS = 50
MAX_STEPS = 300
MAX_RATES = 8
BLOWUP = 1e3                     # loss × start loss that counts as divergence
OPTIMIZERS = (("sgd", "SGD"), ("momentum", "Momentum"), ("nesterov", "Nesterov"),
              ("adam", "Adam"))
# a pale viridis: the surface is the backdrop, the coloured paths the content
PALE_LUT = np.concatenate([255 - (255 - VIRIDIS_LUT[:, :3].astype(float)) * 0.55,
                           VIRIDIS_LUT[:, 3:]], 1).round().astype(np.ubyte)
PATH_COLORS = [theme.VERMILLION, theme.BLUE, theme.GREEN, (0, 0, 0), theme.PURPLE,
               theme.ORANGE, theme.SKY, (150, 80, 30)]
MARK_DIVERGED = "✕"
# colour = learning rate, dot shape = optimiser
OPT_SYMBOLS = {"sgd": ("o", "●"), "momentum": ("s", "■"), "nesterov": ("t1", "▲"),
               "adam": ("d", "◆")}


def _nice(x, digits=1, mode="round"):
    """``x`` to ``digits`` significant digits (mode "round", "down" or "up")."""
    if not (np.isfinite(x) and x > 0):
        return x
    e = math.floor(math.log10(x)) - digits + 1
    f = {"round": round, "down": math.floor, "up": math.ceil}[mode]
    return float(f"{int(f(x / 10 ** e))}e{e}")         # no 0.30000000000000004


def default_rates(lam_max: float) -> list[float]:
    """Too small, good, oscillating (just below 2/λmax), divergent (above)."""
    if not (np.isfinite(lam_max) and lam_max > 0):
        return [0.01, 0.1, 0.3, 1.0]
    limit = 2.0 / lam_max
    return [_nice(0.01 / lam_max), _nice(0.3 / lam_max),
            _nice(0.97 * limit, 2, "down"), _nice(1.25 * limit, 2, "up")]


def parse_rates(text: str) -> list[float]:
    """"0.01, 0.3 1.9" → [0.01, 0.3, 1.9]; raises ValueError with a message."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    if not parts:
        raise ValueError(tr("Give at least one learning rate"))
    out = []
    for p in parts:
        try:
            v = float(p.replace("−", "-"))
        except ValueError:
            raise ValueError(tr("{p!r} is not a number").format(p=p)) from None
        if not (np.isfinite(v) and 0 < v <= 1e4):
            raise ValueError(tr("Learning rates must be positive numbers"))
        out.append(v)
    if len(out) > MAX_RATES:
        raise ValueError(tr("At most {n} learning rates").format(n=MAX_RATES))
    return out


def diverged_step(path) -> int | None:
    """The step at which a run blew up, or None if it did not."""
    if path.diverged:
        m = re.search(r"step (\d+)", path.reason)
        return int(m.group(1)) if m else path.steps + 1
    L = path.losses
    if len(L) > 2 and L[-1] > 10 * max(L[0], 1e-12) and L[-1] > L[-2]:
        return path.steps            # still climbing when the steps ran out
    return None


class LearningRateLab(QWidget):
    """See the module docstring. ``LearningRateLab(session=None, parent=None)``.

    Public API: :meth:`set_task` ("line" | "network"), :meth:`set_rates`,
    :meth:`set_optimizers`, :meth:`set_steps`, :meth:`set_start` (what a click
    on the surface does), :meth:`click_at`, :attr:`runs` (list of dicts: lr,
    optimizer, path (DescentPath), diverged_at, label, color), :attr:`start`,
    :attr:`lam_max`, :attr:`result` (the surface), :meth:`legend_texts`,
    :meth:`drawn_paths` (what the plot items hold), :meth:`shutdown`.
    Signal ``runsChanged()`` after the paths are recomputed.
    """

    runsChanged = Signal()

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-lr-lab")
        self.session = session
        self.task = "line"
        self.runs: list[dict] = []
        self.result = None
        self.start = (0.0, 0.0)
        self.lam_max = float("nan")
        self._rates = [0.01, 0.3, 1.9, 2.5]
        self._items: list[tuple] = []          # (shadow, line, dots, mark, loss_curve)
        self.job = SliceJob(self)
        self.job.finished.connect(self._surface_done)
        self.job.partial.connect(self._surface_done)
        self.job.failed.connect(lambda text: self._set_status(text, error=True))
        self._build_ui()
        self._line_problem()
        if session is not None:
            subscribe(self, session, {"network": self._on_network})
        self.set_task("line")

    # -- building --------------------------------------------------------------------
    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.task_combo = QComboBox()
        self.task_combo.addItem(tr("Line fit y = wx + b"), "line")
        self.task_combo.addItem(tr("Current network: two weights"), "network")
        self.task_combo.setToolTip(tr("Which loss surface to descend"))
        if self.session is None:
            self.task_combo.model().item(1).setEnabled(False)
        self.task_combo.currentIndexChanged.connect(
            lambda _i: self.set_task(self.task_combo.currentData()))
        row.addWidget(self.task_combo)
        self.name_combos = []
        self.names_box = QWidget()
        h = QHBoxLayout(self.names_box)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(4)
        for k in range(2):
            c = QComboBox()
            c.setEditable(True)
            c.setInsertPolicy(QComboBox.NoInsert)
            c.setMinimumContentsLength(7)
            c.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            c.setToolTip(tr("A parameter of the network, e.g. W1[0,1] or b2[0]"))
            c.activated.connect(lambda _i: self._names_changed())
            c.lineEdit().editingFinished.connect(self._names_changed)
            h.addWidget(QLabel(tr("x:") if k == 0 else tr("y:")))
            h.addWidget(c)
            self.name_combos.append(c)
        row.addWidget(self.names_box)
        row.addStretch(1)
        row.addSpacing(8)
        self.steps_label = QLabel()
        self.steps_label.setMinimumWidth(70)
        row.addWidget(self.steps_label)
        self.steps_slider = QSlider(Qt.Horizontal)
        self.steps_slider.setRange(5, MAX_STEPS)
        self.steps_slider.setValue(DEFAULT_STEPS)
        self.steps_slider.setMinimumWidth(120)
        self.steps_slider.setToolTip(tr("Gradient steps per run"))
        self.steps_slider.valueChanged.connect(self._steps_changed)
        row.addWidget(self.steps_slider)
        lay.addLayout(row)

        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(QLabel(tr("Learning rates:")))
        self.rates_edit = QLineEdit()
        self.rates_edit.setToolTip(tr("Comma-separated learning rates (at most {n})")
                                   .format(n=MAX_RATES))
        self.rates_edit.setMinimumWidth(130)
        self.rates_edit.editingFinished.connect(self._rates_edited)
        row.addWidget(self.rates_edit)
        row.addSpacing(12)
        row.addWidget(QLabel(tr("Optimisers:")))
        self.opt_checks = {}
        for key, text in OPTIMIZERS:
            cb = QCheckBox(tr(text))
            cb.setChecked(key == "sgd")
            cb.toggled.connect(lambda _on: self.run())
            row.addWidget(cb)
            self.opt_checks[key] = cb
        row.addStretch(1)
        self.status = QLabel("")
        row.addWidget(self.status)
        lay.addLayout(row)

        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("nnviz-lr-lab-surface")
        self.plot.setMinimumSize(260, 240)
        style_plot(self.plot)
        pi = self.plot_item = self.plot.getPlotItem()
        pi.setMenuEnabled(False)
        self.vb = pi.getViewBox()
        self.vb.disableAutoRange()
        self.vb.setMouseEnabled(False, False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(PALE_LUT)
        self.image.setZValue(-10)
        pi.addItem(self.image)
        self.contours = pg.PlotCurveItem(connect="pairs", antialias=False,
                                         pen=pg.mkPen((150, 150, 150), width=1))
        self.contours.setSegmentedLineMode("on")
        self.contours.setZValue(-5)
        pi.addItem(self.contours)
        self.start_item = pg.ScatterPlotItem(size=13, pxMode=True, brush=pg.mkBrush("w"),
                                             pen=pg.mkPen((20, 20, 20), width=2.5))
        self.start_item.setZValue(40)
        pi.addItem(self.start_item, ignoreBounds=True)
        self.start_label = pg.TextItem(tr("start"), color=theme.FOREGROUND,
                                       anchor=(-0.15, 1.15), fill=pg.mkBrush(255, 255, 255, 210))
        font = self.font()
        font.setPointSize(10)
        font.setBold(True)
        self.start_label.setFont(font)
        self.start_label.setZValue(41)
        pi.addItem(self.start_label, ignoreBounds=True)
        self.plot.scene().sigMouseClicked.connect(self._scene_clicked)
        self.plot.setToolTip(tr("Click to start the runs from another point"))
        split.addWidget(self.plot)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(4)
        self.loss_plot = pg.PlotWidget(background="w")
        self.loss_plot.setObjectName("nnviz-lr-lab-losses")
        self.loss_plot.setMinimumSize(220, 160)
        style_plot(self.loss_plot)
        lp = self.loss_plot.getPlotItem()
        lp.setMenuEnabled(False)
        lp.setLabel("bottom", tr("step"), **{"font-size": "10pt"})
        lp.getAxis("left").enableAutoSIPrefix(False)
        lp.showGrid(x=False, y=True, alpha=0.25)
        lp.getViewBox().setMouseEnabled(False, False)
        rl.addWidget(self.loss_plot, 3)
        self.legend = QLabel("")
        self.legend.setTextFormat(Qt.RichText)
        self.legend.setWordWrap(True)
        self.legend.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.legend.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        rl.addWidget(self.legend, 2)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)

        self.caption = QLabel("")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.RichText)
        lay.addWidget(self.caption)
        self._steps_changed(self.steps_slider.value(), run=False)

    # -- the problem ------------------------------------------------------------------
    def _line_problem(self):
        ds = make_dataset("line", LINE_SAMPLES, 0.1, 0, 0.0)
        self._line = dict(net=Network(LINE_SPEC, seed=0), X=ds.X, Y=ds.targets(),
                          loss="mse", l1=0.0, l2=0.0, names=LINE_NAMES)

    def _problem(self):
        if self.task == "line":
            return self._line
        return self._net_problem

    def set_task(self, task: str):
        """"line" (the line fit) or "network" (two parameters of the session's net)."""
        if task not in ("line", "network"):
            raise ValueError(f"unknown task {task!r}")
        if task == "network" and self.session is None:
            raise ValueError("the network task needs a session")
        self.task = task
        with QSignalBlocker(self.task_combo):
            self.task_combo.setCurrentIndex(0 if task == "line" else 1)
        self.names_box.setVisible(task == "network")
        self.job.shutdown(timeout=0)
        if task == "network":
            self._take_network()
        self._setup_problem()

    def _take_network(self, names=None):
        s = self.session
        t = s.trainer
        net = s.net.copy()
        all_names = [net.param_name(i) for i in range(net.theta.size)]
        if names is None:
            old = tuple(c.currentText().strip() for c in self.name_combos)
            sel = s.selection
            if sel and sel[0] == "edge":
                first = f"W{sel[1]}[{sel[2]},{sel[3]}]"
                names = (first, f"b{sel[1]}[{sel[3]}]")
            elif all(n in all_names for n in old) and old[0] != old[1]:
                names = old
            else:
                names = (all_names[0], next(n for n in all_names if n.startswith("b")))
        for c, n in zip(self.name_combos, names):
            with QSignalBlocker(c):
                if c.count() != len(all_names):
                    c.clear()
                    c.addItems(all_names)
                c.setEditText(n)
        self._net_problem = dict(net=net, X=np.array(t.X), Y=np.array(t.Y), loss=t.loss,
                                 l1=t.l1, l2=t.l2, names=tuple(names))

    def _names_changed(self):
        if self.task != "network":
            return
        names = tuple(c.currentText().strip() for c in self.name_combos)
        if names == self._net_problem["names"]:
            return
        try:
            i, j = (self._net_problem["net"].param_index(n) for n in names)
        except NNVizError as e:
            self._set_status(str(e), error=True)
            return
        if i == j:
            self._set_status(tr("Choose two different parameters"), error=True)
            return
        self._net_problem["names"] = names
        self._setup_problem()

    def _on_network(self, _ev=None):
        if self.task == "network":
            self._take_network(names=None)
            self._setup_problem()

    def _setup_problem(self):
        """New surface, start point, λmax and default learning rates."""
        p = self._problem()
        net, names = p["net"], p["names"]
        self._set_status("")
        if self.task == "line":
            # The best line, once, from the slice itself (no model maths here).
            coarse = landscape.slice(net, p["X"], p["Y"], "mse", names, grid=41,
                                     span=((-5.0, 5.0), (-5.0, 5.0)))
            w0, b0 = coarse.argmin()
            fine = landscape.slice(net, p["X"], p["Y"], "mse", names, grid=41,
                                   span=((w0 - 0.25, w0 + 0.25), (b0 - 0.25, b0 + 0.25)))
            w0, b0 = fine.argmin()
            self._box = ((w0 - LINE_BOX[0], w0 + LINE_BOX[0]),
                         (b0 - LINE_BOX[1], b0 + LINE_BOX[1]))
            self.start = (w0 + LINE_START[0], b0 + LINE_START[1])
            res = landscape.slice(net, p["X"], p["Y"], "mse", names, grid=GRID,
                                  span=self._box)
            self._show_surface(res)
        else:
            i, j = (net.param_index(n) for n in names)
            self.start = (float(net.theta[i]), float(net.theta[j]))
            s = [max(1.0, 2.0 * abs(v)) for v in self.start]
            self._box = ((self.start[0] - s[0], self.start[0] + s[0]),
                         (self.start[1] - s[1], self.start[1] + s[1]))
            self.result = None
            self.image.clear()
            self.contours.setData([], [])
            self.vb.setRange(xRange=self._box[0], yRange=self._box[1], padding=0)
            self.job.start(net, p["X"], p["Y"], loss=p["loss"], directions=names,
                           grid=NETWORK_GRID, span=self._box, l1=p["l1"], l2=p["l2"])
            self._set_status(tr("Computing the surface…"))
        self.plot_item.setLabel("bottom", tr("w") if self.task == "line" else names[0],
                                **{"font-size": "10pt"})
        self.plot_item.setLabel("left", tr("b") if self.task == "line" else names[1],
                                **{"font-size": "10pt"})
        self.lam_max = self._curvature()
        self._rates = default_rates(self.lam_max)
        self.rates_edit.setText(", ".join(f"{r:g}" for r in self._rates))
        self.run()

    def _curvature(self) -> float:
        p = self._problem()
        try:
            with np.errstate(all="ignore"):
                H = plane_hessian(p["net"], p["X"], p["Y"], p["names"], point=self.start,
                                  loss=p["loss"], l1=p["l1"], l2=p["l2"])
            lam = float(np.linalg.eigvalsh(H).max())
        except (NNVizError, np.linalg.LinAlgError):
            return float("nan")
        return lam if np.isfinite(lam) else float("nan")

    # -- the surface ------------------------------------------------------------------
    def _surface_done(self, res):
        if self.task != "network":
            return
        self._show_surface(res)
        if res.complete:
            self._set_status("")

    def _show_surface(self, res):
        rows = res.loss.shape[0] if res.complete else res.done // len(res.a)
        if rows < 2:
            return
        self.result = res
        Z = res.display_loss(log=True)[:rows]
        ok = np.isfinite(res.loss[:rows])
        lo, hi = (float(Z[ok].min()), float(Z[ok].max())) if ok.any() else (0.0, 1.0)
        hi = hi if hi > lo else lo + 1e-9
        x, y, w, h = res.rect()
        self.image.setImage(np.ascontiguousarray(Z), autoLevels=False, levels=(lo, hi))
        self.image.setRect(QRectF(x, y, w, h / len(res.b) * rows))
        if res.complete:
            seg = contour_segments(Z, np.asarray(res.a), np.asarray(res.b),
                                   np.linspace(lo, hi, 12)[1:-1])
            self.contours.setData(seg[:, 0], seg[:, 1]) if len(seg) else \
                self.contours.setData([], [])
        self.vb.setRange(xRange=(x, x + w), yRange=(y, y + h), padding=0)

    # -- the runs ------------------------------------------------------------------------
    def set_rates(self, rates):
        self._rates = [float(r) for r in rates]
        self.rates_edit.setText(", ".join(f"{r:g}" for r in self._rates))
        self.run()

    def set_optimizers(self, names):
        for key, cb in self.opt_checks.items():
            with QSignalBlocker(cb):
                cb.setChecked(key in names)
        self.run()

    def set_steps(self, n):
        self.steps_slider.setValue(int(n))

    def set_start(self, a, b):
        """Start every run at (a, b) (plane coordinates) and re-run them."""
        self.start = (float(a), float(b))
        self.run()

    def click_at(self, a, b) -> bool:
        """A click on the surface at plane coordinates (a, b): inside the box it
        sets the start point. Returns whether it did."""
        (a0, a1), (b0, b1) = self._box
        if not (a0 <= a <= a1 and b0 <= b <= b1):
            return False
        self.set_start(a, b)
        return True

    def _scene_clicked(self, ev):
        if ev.button() != Qt.LeftButton:
            return
        if not self.vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = self.vb.mapSceneToView(ev.scenePos())
        if self.click_at(p.x(), p.y()):
            ev.accept()

    def _rates_edited(self):
        try:
            rates = parse_rates(self.rates_edit.text())
        except ValueError as e:
            self._set_status(str(e), error=True)
            return
        if rates != self._rates:
            self._rates = rates
            self.run()
        else:
            self._set_status("")

    def _steps_changed(self, n, run=True):
        self.steps_label.setText(tr("{n} steps").format(n=int(n)))
        if run:
            self.run()

    def _set_status(self, text, error=False):
        self.status.setText(text)
        self.status.setStyleSheet("color: #b03020;" if error else "")

    def run(self):
        """Recompute every (learning rate, optimiser) run from the start point."""
        if not hasattr(self, "_box"):
            return
        p = self._problem()
        steps = int(self.steps_slider.value())
        opts = [k for k, _ in OPTIMIZERS if self.opt_checks[k].isChecked()]
        runs = []
        for opt in opts:
            for li, lr in enumerate(self._rates):
                with np.errstate(all="ignore"):
                    path = landscape.descend_2d(
                        p["net"], p["X"], p["Y"], p["names"], start=self.start, lr=lr,
                        optimizer=opt, steps=steps, loss=p["loss"], l1=p["l1"],
                        l2=p["l2"], blowup=BLOWUP)
                label = tr("lr {lr} · {opt}").format(lr=f"{lr:g}",
                                                      opt=tr(dict(OPTIMIZERS)[opt]))
                runs.append(dict(lr=lr, optimizer=opt, path=path,
                                 diverged_at=diverged_step(path), label=label,
                                 color=PATH_COLORS[li % len(PATH_COLORS)]))
        self.runs = runs
        if not self.status.styleSheet():
            self._set_status("")
        self._draw_runs()
        self._update_caption()
        self.runsChanged.emit()

    # -- drawing ---------------------------------------------------------------------------
    def _items_for(self, k):
        while len(self._items) <= k:
            pi, lp = self.plot_item, self.loss_plot.getPlotItem()
            shadow = pg.PlotCurveItem(antialias=True)
            line = pg.PlotCurveItem(antialias=True)
            dots = pg.ScatterPlotItem(size=6, pxMode=True)
            mark = pg.ScatterPlotItem(size=16, pxMode=True, symbol="x")
            curve = pg.PlotDataItem(antialias=True)
            for z, item in ((10, shadow), (11, line), (12, dots), (30, mark)):
                item.setZValue(z + len(self._items) * 0.01)
                pi.addItem(item, ignoreBounds=True)
            lp.addItem(curve)
            self._items.append((shadow, line, dots, mark, curve))
        return self._items[k]

    def _clip(self, pts):
        (a0, a1), (b0, b1) = self._box
        wa, wb = a1 - a0, b1 - b0
        pts = np.where(np.isfinite(pts), pts, 0.0)
        return np.clip(pts, [a0 - wa, b0 - wb], [a1 + wa, b1 + wb])

    def _draw_runs(self):
        (a0, a1), (b0, b1) = self._box
        self.start_item.setData([self.start[0]], [self.start[1]])
        self.start_label.setPos(*self.start)
        right = a0 + 0.65 * (a1 - a0)
        self.start_label.setAnchor((1.15, 1.15) if self.start[0] > right else (-0.15, 1.15))
        lines = []
        for k, run in enumerate(self.runs):
            shadow, line, dots, mark, curve = self._items_for(k)
            col = run["color"]
            div = run["diverged_at"] is not None
            style = Qt.DashLine if div else Qt.SolidLine
            pts = self._clip(np.asarray(run["path"].points))
            x, y = pts[:, 0], pts[:, 1]
            if div:
                # draw it up to where it leaves the box, and put the ✕ there
                inside = (x >= a0) & (x <= a1) & (y >= b0) & (y <= b1)
                out = np.flatnonzero(~inside)
                if out.size and out[0] > 0:
                    k0 = int(out[0])
                    ex, ey = self._exit_point(x[k0 - 1], y[k0 - 1], x[k0], y[k0], 0.97)
                    x = np.append(x[:k0], ex)
                    y = np.append(y[:k0], ey)
                mark.setData([x[-1]], [y[-1]], brush=pg.mkBrush(col),
                             pen=pg.mkPen((20, 20, 20), width=1))
            else:
                mark.setData([], [])
            shadow.setData(x, y, pen=pg.mkPen((255, 255, 255), width=5))
            line.setData(x, y, pen=pg.mkPen(col, width=2.5, style=style))
            dots.setData(x, y, brush=pg.mkBrush(col), pen=pg.mkPen("w", width=1),
                         symbol=OPT_SYMBOLS[run["optimizer"]][0])
            L = np.asarray(run["path"].losses, dtype=float)
            L = np.clip(np.where(np.isfinite(L), L, 1e30), 1e-12, 1e30)
            curve.setData(np.arange(len(L)), L,
                          pen=pg.mkPen(col, width=2.5, style=style))
            for item in (shadow, line, dots, mark, curve):
                item.show()
            text = run["label"]
            if div:
                text += " — " + tr("diverged at step {k}").format(k=run["diverged_at"])
                sample = f"╌ {OPT_SYMBOLS[run['optimizer']][1]} ╌ {MARK_DIVERGED}"
            else:
                sample = f"━ {OPT_SYMBOLS[run['optimizer']][1]} ━"
            lines.append(f"<span style='color:{_hex(col)}; font-weight:bold'>{sample}"
                         f"</span>&nbsp;{text}")
            run["legend"] = text
        for items in self._items[len(self.runs):]:
            for item in items:
                item.hide()
        several = len({r["optimizer"] for r in self.runs}) > 1
        head = tr("<span style='color:#555'>colour = learning rate, dot shape = "
                  "optimiser</span><br>") if several else ""
        self.legend.setText(head + "<br>".join(lines) if lines else
                            tr("Tick an optimiser to see the runs."))
        lp = self.loss_plot.getPlotItem()
        finite = [np.asarray(r["path"].losses) for r in self.runs]
        allL = np.concatenate(finite) if finite else np.ones(1)
        allL = allL[np.isfinite(allL) & (allL > 0)]
        wide = allL.size and allL.max() > 20 * allL.min()
        lp.setLogMode(y=bool(wide))         # a flat family of curves reads better linear
        lp.setLabel("left", tr("loss (log scale)") if wide else tr("loss"),
                    **{"font-size": "10pt"})
        lp.enableAutoRange()

    def _exit_point(self, x0, y0, x1, y1, share=1.0):
        """Where the segment (x0, y0) → (x1, y1) leaves the box (``share`` < 1:
        that share of the way there, so a marker stays inside)."""
        (a0, a1), (b0, b1) = self._box
        t = 1.0
        dx, dy = x1 - x0, y1 - y0
        for lo, hi, p, d in ((a0, a1, x0, dx), (b0, b1, y0, dy)):
            if d > 0:
                t = min(t, (hi - p) / d)
            elif d < 0:
                t = min(t, (lo - p) / d)
        t = max(0.0, t) * share
        return x0 + t * dx, y0 + t * dy

    def _update_caption(self):
        lam = self.lam_max
        where = tr("the line fit's loss (it is a quadratic bowl: the same everywhere)") \
            if self.task == "line" else tr("the loss at the start point")
        if np.isfinite(lam) and lam > 0:
            text = tr("Largest curvature λ<sub>max</sub> = {lam} of {where}. Plain gradient "
                      "descent (SGD) converges only for lr &lt; 2/λ<sub>max</sub> = {lim}: "
                      "close below it the path zig-zags across the valley, above it the "
                      "path flies off.").format(lam=theme.fmt(lam, 3), where=where,
                                                lim=theme.fmt(2 / lam, 3))
        else:
            text = tr("The curvature at the start point is not positive: no learning "
                      "rate limit can be read off it here.")
        self.caption.setText(text + " " + tr("<i>Click the surface to start elsewhere.</i>"))

    # -- for tests and integration ---------------------------------------------------------
    def legend_texts(self) -> list[str]:
        return [r.get("legend", r["label"]) for r in self.runs]

    def drawn_paths(self) -> list[tuple]:
        """(x, y) arrays the path lines hold, one per run."""
        out = []
        for k in range(len(self.runs)):
            x, y = self._items[k][1].getData()
            out.append((np.asarray(x), np.asarray(y)))
        return out

    def drawn_losses(self) -> list[tuple]:
        out = []
        for k in range(len(self.runs)):
            x, y = self._items[k][4].getData()
            out.append((np.asarray(x), np.asarray(y)))
        return out

    def shutdown(self):
        self.job.shutdown()

    def closeEvent(self, ev):
        self.shutdown()
        super().closeEvent(ev)
