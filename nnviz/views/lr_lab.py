"""The learning-rate lab: the same start, several learning rates and optimisers.

The view of ``core.lr_lab.LabModel`` (``session.lr_lab``): on the line fit
y = w·x + b — or on any two parameters of the session's network — the model
runs gradient descent from one start point with several learning rates and
optimisers (every optimiser of ``core.optim``: SGD, momentum, Nesterov,
AdaGrad, RMSProp, Adam), and this view draws the paths in different colours on
one surface, with their loss curves and a legend. A run that blows up is
flagged ("diverged at step 9"): dashed, with an ✕ where it leaves the box.
Click the surface to choose the start point; the runs are recomputed at once
(each is a few hundred small gradient evaluations: milliseconds).

The model picks the default learning rates from λmax, the largest curvature
at the start (for the line fit λmax ≈ 1: 0.01, 0.3, 1.9, 2.5); the caption
explains the 2/λmax limit. The network task's surface is computed in a worker
(``nnviz.tasks``); the line fit's takes milliseconds and is the model's own.

Nothing non-finite reaches the plots: the model's runs stop before the first
non-finite value, and points far outside the box are clamped to it (plus one
box size) before drawing.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
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

from core.errors import NNVizError
from core.lr_lab import (
    MAX_RATES,
    MAX_STEPS,
    MIN_STEPS,
    LabModel,
    default_rates,
    diverged_step,
    parse_rates,
)
from core.optim import FORMULAS
from nnviz import theme
from nnviz.i18n import tr
from nnviz.i18n_messages import translate_message
from nnviz.tasks import TaskRunner, slice_task
from nnviz.views.common import style_plot, subscribe
from nnviz.views.data_view import _hex
from nnviz.views.plotting import PALE_LUT, draw_surface, label_item, surface_plot

__all__ = ["LearningRateLab", "default_rates", "parse_rates", "diverged_step"]

OPTIMIZER_TEXT = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov",
                  "adagrad": "AdaGrad", "rmsprop": "RMSProp", "adam": "Adam"}
PATH_COLORS = [theme.VERMILLION, theme.BLUE, theme.GREEN, (0, 0, 0), theme.PURPLE,
               theme.ORANGE, theme.SKY, (150, 80, 30)]
MARK_DIVERGED = "✕"
# colour = learning rate, dot shape = optimiser
OPT_SYMBOLS = {"sgd": ("o", "●"), "momentum": ("s", "■"), "nesterov": ("t1", "▲"),
               "adagrad": ("p", "⬟"), "rmsprop": ("h", "⬢"), "adam": ("d", "◆")}


class LearningRateLab(QWidget):
    """See the module docstring. ``LearningRateLab(session=None, parent=None)``
    draws ``session.lr_lab`` (without a session: a standalone line-fit model).

    Public API: :attr:`model`, :meth:`set_task` ("line" | "network"),
    :meth:`set_rates`, :meth:`set_optimizers`, :meth:`set_steps`,
    :meth:`set_start`, :meth:`click_at` (what a click on the surface does),
    :attr:`runs` (``core.lr_lab.Run``), :attr:`start`, :attr:`lam_max`,
    :attr:`result` (the surface), :meth:`legend_texts`, :meth:`drawn_paths`,
    :meth:`drawn_losses`, :meth:`drawn_styles` (what the plot items hold),
    :meth:`shutdown`. Signal ``runsChanged()`` after the runs are redrawn.
    """

    runsChanged = Signal()

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-lr-lab")
        self.session = session
        model = getattr(session, "lr_lab", None) if session is not None else None
        self._own_model = model is None
        self.model = model if model is not None else LabModel(session)
        self._items: list[tuple] = []          # (shadow, line, dots, mark, loss_curve)
        self._legend: list[str] = []
        self.job = TaskRunner(self, name="nnviz-lr-lab-surface")
        self.job.finished.connect(self._surface_computed)
        self.job.partial.connect(self._surface_computed)
        self.job.failed.connect(lambda text: self._set_status(text, error=True))
        self._build_ui()
        subscribe(self, self.model, {"problem": self._on_problem,
                                     "surface": self._on_surface, "runs": self._on_runs})
        self._on_problem()
        self._on_surface()
        self._on_runs()

    # -- what the model holds ------------------------------------------------------
    @property
    def runs(self):
        return self.model.runs

    @property
    def start(self):
        return self.model.start

    @property
    def lam_max(self):
        return self.model.lam_max

    @property
    def result(self):
        return self.model.surface

    @property
    def task(self):
        return self.model.task

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
        self.steps_slider.setRange(MIN_STEPS, MAX_STEPS)
        self.steps_slider.setValue(self.model.steps)
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
        for key, text in OPTIMIZER_TEXT.items():
            cb = QCheckBox(tr(text))
            cb.setChecked(key in self.model.optimizers)
            cb.setToolTip(FORMULAS[key])
            cb.toggled.connect(lambda _on: self._optimizers_ticked())
            row.addWidget(cb)
            self.opt_checks[key] = cb
        row.addStretch(1)
        self.status = QLabel("")
        row.addWidget(self.status)
        lay.addLayout(row)

        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        self.plot, self.image, self.contours = surface_plot(
            "nnviz-lr-lab-surface", PALE_LUT, (150, 150, 150), (260, 240))
        pi = self.plot_item = self.plot.getPlotItem()
        self.vb = pi.getViewBox()
        self.start_item = pg.ScatterPlotItem(size=13, pxMode=True, brush=pg.mkBrush("w"),
                                             pen=pg.mkPen((20, 20, 20), width=2.5))
        self.start_item.setZValue(40)
        pi.addItem(self.start_item, ignoreBounds=True)
        self.start_label = label_item(tr("start"), (-0.15, 1.15), alpha=210)
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
        self.steps_label.setText(tr("{n} steps").format(n=self.model.steps))

    # -- widgets → model -------------------------------------------------------------
    def set_task(self, task: str):
        """"line" (the line fit) or "network" (two parameters of the session's net)."""
        try:
            self.model.set_task(task)
        except NNVizError as e:
            raise ValueError(str(e)) from None

    def _names_changed(self):
        if self.model.task != "network":
            return
        names = tuple(c.currentText().strip() for c in self.name_combos)
        try:
            self.model.set_names(*names)
        except NNVizError as e:
            self._set_status(str(e), error=True)

    def set_rates(self, rates):
        self.model.set_rates(rates)

    def set_optimizers(self, names):
        for key, cb in self.opt_checks.items():
            with QSignalBlocker(cb):
                cb.setChecked(key in names)
        self.model.set_optimizers(names)

    def _optimizers_ticked(self):
        self.model.set_optimizers([k for k, cb in self.opt_checks.items() if cb.isChecked()])

    def set_steps(self, n):
        self.steps_slider.setValue(int(n))

    def _steps_changed(self, n):
        self.steps_label.setText(tr("{n} steps").format(n=int(n)))
        self.model.set_steps(n)

    def set_start(self, a, b):
        """Start every run at (a, b) (plane coordinates) and re-run them."""
        self.model.set_start(a, b)

    def click_at(self, a, b) -> bool:
        """A click on the surface at plane coordinates (a, b): inside the box it
        sets the start point. Returns whether it did."""
        return self.model.set_start(a, b)

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
            self._set_status(translate_message(str(e)), error=True)
            return
        self._set_status("")
        self.model.set_rates(rates)

    def _set_status(self, text, error=False):
        self.status.setText(text)
        self.status.setStyleSheet("color: #b03020;" if error else "")

    # -- model → widgets ---------------------------------------------------------------
    def _on_problem(self, ev=None):
        m = self.model
        changed = ev.changed if ev is not None else frozenset({"task", "rates"})
        if changed & {"task", "names", "network"}:
            p = m.problem
            with QSignalBlocker(self.task_combo):
                self.task_combo.setCurrentIndex(0 if m.task == "line" else 1)
            self.names_box.setVisible(m.task == "network")
            if m.task == "network":
                names = m.all_names()
                for c, n in zip(self.name_combos, p.names):
                    with QSignalBlocker(c):
                        if [c.itemText(i) for i in range(c.count())] != names:
                            c.clear()
                            c.addItems(names)
                        c.setEditText(n)
            line = m.task == "line"
            self.plot_item.setLabel("bottom", tr("w") if line else p.names[0],
                                    **{"font-size": "10pt"})
            self.plot_item.setLabel("left", tr("b") if line else p.names[1],
                                    **{"font-size": "10pt"})
            self.vb.setRange(xRange=m.box[0], yRange=m.box[1], padding=0)
            self._set_status("")
        if "rates" in changed:
            self.rates_edit.setText(", ".join(f"{r:g}" for r in m.rates))
        (a0, a1), _ = m.box
        self.start_item.setData([m.start[0]], [m.start[1]])
        self.start_label.setPos(*m.start)
        right = a0 + 0.65 * (a1 - a0)
        self.start_label.setAnchor((1.15, 1.15) if m.start[0] > right else (-0.15, 1.15))
        self._update_caption()

    def _on_surface(self, _ev=None):
        res = self.model.surface
        if res is None:
            self.image.clear()
            self.contours.setData([], [])
            if self.model.task == "network":
                net, X, Y, kw = self.model.surface_request()
                self.job.start(slice_task, net, X, Y, **kw)
                self._set_status(tr("Computing the surface…"))
            return
        if res.complete and self.status.text() == tr("Computing the surface…"):
            self._set_status("")
        draw_surface(self.image, self.contours, res, log=True, n_levels=10)
        x, y, w, h = res.rect()
        self.vb.setRange(xRange=(x, x + w), yRange=(y, y + h), padding=0)

    def _surface_computed(self, res):
        if res is not None:
            self.model.accept_surface(res)

    def _on_runs(self, _ev=None):
        self._draw_runs()
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
        """Far-away points clamped to the box plus one box size (all finite)."""
        (a0, a1), (b0, b1) = self.model.box
        wa, wb = a1 - a0, b1 - b0
        pts = np.where(np.isfinite(pts), pts, 0.0)
        return np.clip(pts, [a0 - wa, b0 - wb], [a1 + wa, b1 + wb])

    def _draw_runs(self):
        (a0, a1), (b0, b1) = self.model.box
        lines = []
        self._legend = []
        for k, run in enumerate(self.runs):
            shadow, line, dots, mark, curve = self._items_for(k)
            col = PATH_COLORS[run.rate_index % len(PATH_COLORS)]
            div = run.diverged_at is not None
            style = Qt.DashLine if div else Qt.SolidLine
            pts = self._clip(np.asarray(run.path.points))
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
                         symbol=OPT_SYMBOLS[run.optimizer][0])
            L = np.asarray(run.path.losses, dtype=float)
            L = np.clip(np.where(np.isfinite(L), L, 1e30), 1e-12, 1e30)
            curve.setData(np.arange(len(L)), L,
                          pen=pg.mkPen(col, width=2.5, style=style))
            for item in (shadow, line, dots, mark, curve):
                item.show()
            text = tr("lr {lr} · {opt}").format(lr=f"{run.lr:g}",
                                                 opt=tr(OPTIMIZER_TEXT[run.optimizer]))
            if div:
                text += " — " + tr("diverged at step {k}").format(k=run.diverged_at)
                sample = f"╌ {OPT_SYMBOLS[run.optimizer][1]} ╌ {MARK_DIVERGED}"
            else:
                sample = f"━ {OPT_SYMBOLS[run.optimizer][1]} ━"
            lines.append(f"<span style='color:{_hex(col)}; font-weight:bold'>{sample}"
                         f"</span>&nbsp;{text}")
            self._legend.append(text)
        for items in self._items[len(self.runs):]:
            for item in items:
                item.hide()
        several = len({r.optimizer for r in self.runs}) > 1
        head = tr("<span style='color:#555'>colour = learning rate, dot shape = "
                  "optimiser</span><br>") if several else ""
        self.legend.setText(head + "<br>".join(lines) if lines else
                            tr("Tick an optimiser to see the runs."))
        lp = self.loss_plot.getPlotItem()
        finite = [np.asarray(r.path.losses) for r in self.runs]
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
        (a0, a1), (b0, b1) = self.model.box
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
        lam = self.model.lam_max
        where = tr("the line fit's loss (it is a quadratic bowl: the same everywhere)") \
            if self.model.task == "line" else tr("the loss at the start point")
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
        return list(self._legend)

    def drawn_paths(self) -> list[tuple]:
        """(x, y) arrays the path lines hold, one per run."""
        return [tuple(np.asarray(v) for v in self._items[k][1].getData())
                for k in range(len(self.runs))]

    def drawn_losses(self) -> list[tuple]:
        return [tuple(np.asarray(v) for v in self._items[k][4].getData())
                for k in range(len(self.runs))]

    def drawn_styles(self) -> list[tuple]:
        """(dashed, has ✕ mark) for each run's drawn line."""
        return [(self._items[k][1].opts["pen"].style() == Qt.DashLine,
                 len(self._items[k][3].data) > 0) for k in range(len(self.runs))]

    def drawn_image(self):
        return self.image.image

    def shutdown(self):
        self.job.shutdown()
        if self._own_model:
            self.model.close()

    def closeEvent(self, ev):
        self.shutdown()
        super().closeEvent(ev)
