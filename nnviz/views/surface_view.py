"""The loss surface and the descent path, live — the view of ``core.surface``.

Gradient descent as the learner imagines it — a ball rolling down a landscape
— for the very network on screen, while it trains. The view shows the loss on
a 2-D slice of parameter space as a heat map with a perceptually uniform colour
map (viridis; optionally log₁₀ of the loss) and a few iso-lines (contourpy),
and on it the path θ has taken: the start point A, a dot per snapshot, and the
current point labelled with its loss, optionally with the negative gradient as
an arrow.

Everything but the pixels is in the Qt-free ``session.surface``
(:class:`core.surface.SurfaceModel`): the plane choice (two weights / random
filter-normalised / PCA of the path), when a recompute is due, the projected
path and the gradient in the plane. This view turns widget edits into model
calls and model events (``plane``, ``due``, ``surface``, ``path``) into
drawing; it redraws only what an event says changed.

Never blocking: the grid is computed by ``nnviz.tasks.TaskRunner`` in one
worker thread (``core.landscape.iter_slice`` chunk by chunk, on the model's
private copies of the network and data), with progress, partial results at
most every 50 ms through queued signals, and cancel. Measured (101 × 101,
OPENBLAS_NUM_THREADS=1): 2-8-8-1 on 210 training points ~55 ms from request to
picture, 2-16-16-1 on 350 ~105 ms, 2-(64×8)-1 ~2.1 s; the longest pause of the
event loop meanwhile ~16 ms. An automatic recompute keeps the old picture until
the new one is complete; a user's request shows the new surface growing row by
row. Live path updates cost 0.6–1.1 ms a frame with 1 400 snapshots.

Honesty: under the surface a small plot shows, along the path, the true
loss at each recorded θ beside the loss the plane shows at its projection
(``SurfaceModel.honest_request`` + ``core.surface.honest_losses`` in a second
worker), so a learner sees how much a PCA or random slice bends the truth.
Clicking the surface moves the network to that point (``SurfaceModel.move_to``:
one undoable edit; the decision boundary and the curves then show it).

No 3-D view: ``pyqtgraph.opengl`` needs PyOpenGL, which the app does not
depend on; the 2-D view is complete without it.

Why this module is longer than ~600 lines: building three rows of controls and
eleven plot items is ~190 of them; nothing in it computes (that is
``core.surface``), and splitting the widget would only spread one form over
two files.
"""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import NNVizError
from core.names import engine_of, label_of
from core.surface import DEFAULT_GRID, MODES, SurfaceModel, flat_gradient, honest_losses
from nnviz import theme
from nnviz.i18n import QT_TR_NOOP, tr
from nnviz.tasks import TaskRunner, slice_task
from nnviz.views.common import subscribe
from nnviz.views.plotting import (
    VIRIDIS_LUT,
    contour_segments,
    draw_surface,
    honest_plot,
    label_item,
    log_ticks,
    surface_plot,
)

__all__ = ["SurfaceView", "ref_to_name", "flat_gradient", "contour_segments", "log_ticks",
           "VIRIDIS_LUT"]

HONEST_MS = 1000             # at most this often while training
HONEST_HEIGHT = 110          # px of the true-vs-plane plot
MAX_DOTS = 300               # dots drawn along the path (the line has every point)
N_LEVELS = 9                 # iso-lines
PATH_SECONDS = 1 / 30        # the path's redraw interval while training plays
LOSS_MARKER = theme.VERMILLION
PLANE_TEXT = {"params": QT_TR_NOOP("Two weights"),
              "random": QT_TR_NOOP("Random (filter-normalised)"),
              "pca": QT_TR_NOOP("PCA of the path")}


def ref_to_name(ref) -> str | None:
    """("edge", l, i, j) → "W{l}[i,j]"; ("bias", l, j) → "b{l}[j]"; else None."""
    if not isinstance(ref, (tuple, list)) or not ref:
        return None
    if ref[0] == "edge" and len(ref) == 4:
        return f"W{int(ref[1])}[{int(ref[2])},{int(ref[3])}]"
    if ref[0] == "bias" and len(ref) == 3:
        return f"b{int(ref[1])}[{int(ref[2])}]"
    return None


class SurfaceView(QWidget):
    """Loss surface with the live descent path; see the module docstring.

    ``SurfaceView(session, trajectory=None, parent=None)`` draws
    ``session.surface``. (A ``trajectory`` other than ``session.trajectory``
    gets a private :class:`SurfaceModel` over it — the old wiring.)

    Public API: :attr:`model`, :attr:`trajectory`, :attr:`result` (the
    SliceResult on screen), :attr:`busy`, :meth:`mode`, :meth:`set_mode`,
    :meth:`names`, :meth:`set_params`, :meth:`pick_param` (slot for
    ``NetworkView.elementClicked``), :meth:`recompute`, :meth:`cancel`,
    :meth:`shutdown`, :meth:`path_points`, :meth:`image_data`, widgets
    ``mode_combo``, ``name_combos``, ``grid_spin``, ``span_spin``, ``seed_spin``,
    ``log_check``, ``grad_check``, ``follow_check``, ``status``, ``pca_label``.
    Signal ``surfaceReady(object)`` when a surface is complete (or cancelled).
    """

    surfaceReady = Signal(object)

    def __init__(self, session, trajectory=None, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-surface-view")
        self.session = session
        shared = getattr(session, "surface", None) if trajectory is None or \
            trajectory is getattr(session, "trajectory", None) else None
        self._own_model = shared is None
        self.model = shared if shared is not None else SurfaceModel(session, trajectory)
        self._job_auto = False           # is the running job an automatic refresh?
        self._next_slot = 0              # pick_param fills slot 1, then slot 2
        self._path_dirty = True          # a path event came while hidden
        self._path_time = 0.0            # when the path was last drawn
        self.frame_times: list[float] = []      # seconds per path update (bench)
        self.job = TaskRunner(self, name="nnviz-surface")
        self.job.partial.connect(self._on_partial)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        self.job.progress.connect(self._on_progress)
        self.honest_job = TaskRunner(self, name="nnviz-honest")
        self.honest_job.finished.connect(self._on_honest)
        self.honest_result = None
        self._honest_timer = QTimer(self)
        self._honest_timer.setObjectName("nnviz-surface-honest")
        self._honest_timer.setSingleShot(True)
        self._honest_timer.timeout.connect(self.update_honest)
        self._auto_timer = QTimer(self)
        self._auto_timer.setObjectName("nnviz-surface-auto")
        self._auto_timer.setSingleShot(True)
        self._auto_timer.timeout.connect(self._schedule_auto)
        self._build_ui()
        self._fill_names()
        self._sync_widgets()
        subscribe(self, self.model, {"plane": self._on_plane, "due": self._on_due,
                                     "surface": self._on_surface, "path": self._on_path})
        subscribe(self, self.session, {"training": self._on_play_state})
        if self.model.result is not None:
            self._on_surface()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def trajectory(self):
        return self.model.trajectory

    @property
    def result(self):
        return self.model.result

    # -- building ----------------------------------------------------------------
    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 4, 2, 4)
        lay.setSpacing(4)

        row1 = QHBoxLayout()
        row1.setSpacing(4)
        self.mode_combo = QComboBox()
        for mode in MODES:
            self.mode_combo.addItem(tr(PLANE_TEXT[mode]), mode)
        self.mode_combo.setToolTip(tr("Which plane through parameter space to show"))
        self.mode_combo.currentIndexChanged.connect(
            lambda _i: self._edit(mode=self.mode_combo.currentData()))
        row1.addWidget(self.mode_combo)

        self.options = QStackedWidget()
        self.options.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        # params: two editable name combos
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(4)
        self.name_combos = []
        for k in range(2):
            c = QComboBox()
            c.setEditable(True)
            c.setInsertPolicy(QComboBox.NoInsert)
            c.setMinimumContentsLength(6)
            c.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            c.setToolTip(tr("Parameter on the {axis} axis: type a name such as w1[1→2] "
                            "or b2[1], or click an edge in the network view")
                         .format(axis=tr("horizontal") if k == 0 else tr("vertical")))
            c.activated.connect(lambda _i, k=k: self._name_edited(k))
            c.lineEdit().editingFinished.connect(lambda k=k: self._name_edited(k))
            h.addWidget(QLabel(tr("x:") if k == 0 else tr("y:")))
            h.addWidget(c, 1)
            self.name_combos.append(c)
        self.options.addWidget(w)
        # random: seed
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 9999)
        self.seed_spin.setPrefix(tr("seed "))
        self.seed_spin.setToolTip(tr("Another seed gives another pair of random directions"))
        self.seed_spin.valueChanged.connect(lambda v: self._edit(seed=v))
        h.addWidget(self.seed_spin)
        h.addStretch(1)
        self.options.addWidget(w)
        # pca: explained variance
        self.pca_label = QLabel("")
        self.pca_label.setToolTip(tr("Share of the path's squared distance from the "
                                     "current point that each axis keeps"))
        self.options.addWidget(self.pca_label)
        row1.addWidget(self.options, 1)
        lay.addLayout(row1)

        row2 = QHBoxLayout()
        row2.setSpacing(6)
        self.grid_spin = QSpinBox()
        self.grid_spin.setRange(21, 201)
        self.grid_spin.setKeyboardTracking(False)
        self.grid_spin.setSingleStep(10)
        self.grid_spin.setValue(DEFAULT_GRID)
        self.grid_spin.setPrefix(tr("grid "))
        self.grid_spin.setToolTip(tr("Points per axis (more is finer and slower)"))
        self.grid_spin.valueChanged.connect(lambda v: self._edit(grid=v))
        row2.addWidget(self.grid_spin)
        self.span_spin = QDoubleSpinBox()
        self.span_spin.setRange(0.0, 1000.0)
        self.span_spin.setDecimals(2)
        self.span_spin.setSingleStep(0.5)
        self.span_spin.setSpecialValueText(tr("range auto"))
        self.span_spin.setPrefix(tr("range ±"))
        self.span_spin.setValue(0.0)
        self.span_spin.setKeyboardTracking(False)
        self.span_spin.setToolTip(tr("Half-width of the box around the current point "
                                     "(auto: big enough for the whole path)"))
        self.span_spin.valueChanged.connect(lambda v: self._edit(span=v))
        row2.addWidget(self.span_spin)
        row2.addStretch(1)
        self.recompute_button = QPushButton(tr("Recompute"))
        self.recompute_button.setToolTip(tr("Compute the surface around the current point"))
        self.recompute_button.clicked.connect(lambda: self.recompute())
        row2.addWidget(self.recompute_button)
        lay.addLayout(row2)

        row3a = QHBoxLayout()
        row3a.setSpacing(12)
        self.log_check = QCheckBox(tr("log colours"))
        self.log_check.setChecked(True)
        self.log_check.setToolTip(tr("Colour by log₁₀ of the loss (shows the valley floor)"))
        self.log_check.toggled.connect(lambda _on: self._on_surface())
        row3a.addWidget(self.log_check)
        self.grad_check = QCheckBox(tr("−gradient arrow"))
        self.grad_check.setToolTip(tr("Arrow: the negative gradient at the current point, "
                                      "projected into the plane (direction only)"))
        self.grad_check.toggled.connect(lambda _on: self._update_path())
        row3a.addWidget(self.grad_check)
        self.follow_check = QCheckBox(tr("follow training"))
        self.follow_check.setChecked(self.model.follow)
        self.follow_check.toggled.connect(self._follow_toggled)
        self.follow_check.setToolTip(tr("Recompute the surface when training has moved "
                                        "far from it (at most every 2 s)"))
        row3a.addWidget(self.follow_check)
        self.honest_check = QCheckBox(tr("true vs plane"))
        self.honest_check.setChecked(True)
        self.honest_check.setToolTip(tr("Below the surface: the true loss along the path "
                                        "beside the loss this plane shows there"))
        self.honest_check.toggled.connect(self._honest_toggled)
        row3a.addWidget(self.honest_check)
        row3a.addStretch(1)
        lay.addLayout(row3a)

        self.plot, self.image, self.contours = surface_plot(
            "nnviz-surface-plot", VIRIDIS_LUT, (235, 235, 235))
        self.plot.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        pi = self.plot_item = self.plot.getPlotItem()
        self.vb = pi.getViewBox()
        self.vb.sigResized.connect(self._on_resized)
        self.plot.scene().sigMouseClicked.connect(self._scene_clicked)
        self.plot.setToolTip(tr("Click a point of the surface to move the network there "
                                "(Ctrl+Z undoes)"))
        lay.addWidget(self.plot, 1)
        self.honest_plot, self.honest_items, self.honest_label = honest_plot(
            LOSS_MARKER, HONEST_HEIGHT)
        lay.addWidget(self.honest_plot)
        self.colorbar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), width=14,
                                        interactive=False, label="")
        self.colorbar.setImageItem(self.image, insert_in=pi)
        cb_font = QFont()
        cb_font.setPointSize(9)
        self.colorbar.axis.setTickFont(cb_font)
        self.colorbar.axis.setTextPen(theme.qcolor(theme.FOREGROUND))
        self.colorbar.axis.enableAutoSIPrefix(False)
        self.path_shadow = pg.PlotCurveItem(pen=pg.mkPen((20, 20, 20), width=4),
                                            antialias=False)
        self.path_line = pg.PlotCurveItem(pen=pg.mkPen((255, 255, 255), width=2),
                                          antialias=False)
        self.path_dots = pg.ScatterPlotItem(size=4, pxMode=True, brush=pg.mkBrush("w"),
                                            pen=pg.mkPen((20, 20, 20), width=1))
        self.start_item = pg.ScatterPlotItem(size=12, pxMode=True, symbol="o",
                                             brush=pg.mkBrush("w"),
                                             pen=pg.mkPen((20, 20, 20), width=2))
        self.current_item = pg.ScatterPlotItem(size=17, pxMode=True, symbol="o",
                                               brush=pg.mkBrush(LOSS_MARKER),
                                               pen=pg.mkPen("w", width=2.5))
        self.grad_shadow = pg.PlotCurveItem(pen=pg.mkPen((20, 20, 20), width=5),
                                            antialias=True)
        self.grad_line = pg.PlotCurveItem(pen=pg.mkPen((255, 255, 255), width=3),
                                          antialias=True)
        self.grad_head = pg.ArrowItem(headLen=14, tipAngle=40, pen=pg.mkPen((20, 20, 20)),
                                      brush=pg.mkBrush("w"), pxMode=True)
        self.start_label = label_item(tr("A"), (1.15, 1.1))
        self.current_label = label_item("", (-0.12, 1.1))
        for z, item in enumerate((self.path_shadow, self.path_line, self.path_dots,
                                  self.grad_shadow, self.grad_line, self.grad_head, self.start_item,
                                  self.current_item, self.start_label, self.current_label)):
            item.setZValue(z + 1)
            pi.addItem(item, ignoreBounds=True)
        self._show_arrow(False)
        self.message = label_item("", (0.5, 0.5), alpha=0)
        self.message.setZValue(50)
        pi.addItem(self.message, ignoreBounds=True)

        row3 = QHBoxLayout()
        row3.setSpacing(6)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        row3.addWidget(self.status, 1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(True)
        self.progress.setFormat(tr("%p %"))
        self.progress.hide()
        row3.addWidget(self.progress)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Stop computing the surface"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        row3.addWidget(self.cancel_button)
        lay.addLayout(row3)

    # -- public ---------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.job.busy

    @property
    def settling(self) -> bool:
        """Work still on its way to the screen: a surface being computed or
        due, or the true-vs-plane losses (a picture waits for these)."""
        return (self.job.busy or self.honest_job.busy or self._auto_timer.isActive()
                or self._honest_timer.isActive())

    def mode(self) -> str:
        return self.model.plane.mode

    def set_mode(self, mode: str):
        """"params" (two weights), "random" or "pca"; recomputes."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self._edit(mode=mode)

    def names(self) -> tuple:
        """The two parameter names in the combo boxes (as typed)."""
        # shown 1-based like everywhere (w1[1→2]); the model takes the engine's names
        return tuple(engine_of(c.currentText()) for c in self.name_combos)

    def set_params(self, first: str, second: str):
        """Slice along two parameters by name (switches to "Two weights")."""
        for c, name in zip(self.name_combos, (first, second)):
            with QSignalBlocker(c):
                c.setEditText(label_of(name))
        self._edit(mode="params", names=(engine_of(first), engine_of(second)))

    @Slot(object)
    def pick_param(self, ref):
        """Slot for ``NetworkView.elementClicked``: an ("edge", l, i, j) or
        ("bias", l, j) fills slot 1, the next one slot 2, and so on. Returns
        the parameter name, or None for other refs (neurons, layers)."""
        name = ref_to_name(ref)
        if name is None:
            return None
        try:
            self.session.net.param_index(name)
        except NNVizError:
            return None
        c = self.name_combos[self._next_slot]
        with QSignalBlocker(c):
            c.setEditText(label_of(name))
        self._next_slot = 1 - self._next_slot
        self._edit(mode="params", names=self.names())
        return name

    def recompute(self, auto=False):
        """Compute the surface around the current point (cancels a running job).
        Returns False (with a message) if the plane cannot be made."""
        self._auto_timer.stop()
        try:
            req = self.model.begin(auto=auto)
        except NNVizError as e:
            self._fail(str(e))
            return False
        self._job_auto = req.auto
        self.job.start(slice_task, req.net, req.X, req.Y, **req.kwargs)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self._set_status(tr("Computing the surface…"))
        return True

    @Slot()
    def cancel(self):
        """Stop the computation; what is done stays on screen (complete False)."""
        if self.job.busy:
            self.job.cancel()

    def shutdown(self):
        """Stop the worker and timers (call before the app quits)."""
        self._auto_timer.stop()
        self._honest_timer.stop()
        self.job.shutdown()
        self.honest_job.shutdown()
        if self._own_model:
            self.model.close()

    def path_points(self) -> np.ndarray:
        """(T, 2) the path as drawn (plane coordinates), empty without a surface."""
        x, y = self.path_line.getData()
        if x is None:
            return np.zeros((0, 2))
        return np.column_stack([x, y])

    def image_data(self) -> np.ndarray | None:
        return self.image.image

    # -- widgets → model ------------------------------------------------------------
    def _edit(self, **change):
        """A widget changed the plane: tell the model (it says what is wrong)."""
        try:
            self.model.set_plane(**change)
        except NNVizError as e:
            self._set_status(str(e), error=True)
            self._sync_widgets()

    def _name_edited(self, k):
        self._next_slot = 1 - k
        if self.mode() == "params":
            self._edit(names=self.names())
        else:
            self._edit(mode="params", names=self.names())

    def _follow_toggled(self, on):
        self.model.set_follow(on)

    # -- model → widgets --------------------------------------------------------------
    def _sync_widgets(self):
        p = self.model.plane
        with QSignalBlocker(self.mode_combo):
            self.mode_combo.setCurrentIndex(MODES.index(p.mode))
        for w, v in ((self.seed_spin, p.seed), (self.grid_spin, p.grid),
                     (self.span_spin, p.span)):
            with QSignalBlocker(w):
                w.setValue(v)
        for c, n in zip(self.name_combos, p.names):
            with QSignalBlocker(c):
                c.setEditText(label_of(n))
        self.options.setCurrentIndex(MODES.index(p.mode))
        self.options.setToolTip(tr("Click two edges or biases in the network view, or "
                                   "type their names") if p.mode == "params" else "")
        r = self.model.result
        if p.mode != "pca":
            self.pca_label.setText("")
        elif r is None or r.mode != "pca":
            self.pca_label.setText(tr("explained variance: compute to see"))

    def _fill_names(self):
        names = self.model.all_names()
        for c in self.name_combos:
            with QSignalBlocker(c):
                c.clear()
                c.addItems([label_of(n) for n in names])

    def _on_plane(self, ev):
        if "network" in ev.changed:
            self.job.shutdown(timeout=0)
            self._fill_names()
            self._clear_items()
        self._sync_widgets()
        if self.isVisible() and not ev.changed <= {"network"}:
            self.recompute()                 # the user's choice: at once
        elif self.isVisible():
            self._schedule_auto()

    def _on_due(self, _ev=None):
        self._schedule_auto()

    def _fail(self, text):
        self._set_status(text, error=True)
        if self.model.result is None:
            self.message.setText(text)
            self._place_message()

    def _set_status(self, text, error=False):
        self.status.setText(text)
        self.status.setStyleSheet("color: #b03020;" if error else "")

    # -- automatic recompute ----------------------------------------------------------
    def _schedule_auto(self):
        if not self.isVisible() or self.job.busy or not self.model.due:
            return
        if self.model.result is None:
            self.recompute()
            return
        wait = self.model.auto_wait()
        if wait <= 0:
            self.recompute(auto=True)
        elif not self._auto_timer.isActive():
            self._auto_timer.start(int(wait * 1000) + 1)

    def showEvent(self, ev):
        super().showEvent(ev)
        QTimer.singleShot(0, self._on_shown)

    def _on_shown(self):
        if not self.isVisible():
            return
        if self._path_dirty:
            self._update_path()
        if not self.job.busy and (self.model.result is None or self.model.due):
            self.recompute(auto=self.model.result is not None)

    def closeEvent(self, ev):
        self.shutdown()
        super().closeEvent(ev)

    def hideEvent(self, ev):
        self._auto_timer.stop()
        super().hideEvent(ev)

    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        self._place_message()

    # -- results -------------------------------------------------------------------
    @Slot(float)
    def _on_progress(self, frac):
        self.progress.setValue(int(round(100 * frac)))

    @Slot(object)
    def _on_partial(self, res):
        if not self._job_auto:           # an automatic refresh keeps the old picture
            self.model.accept(res, final=False)

    @Slot(object)
    def _on_finished(self, res):
        self.progress.hide()
        self.cancel_button.hide()
        self.model.accept(res)
        if res.complete:
            self._set_status(self._describe(res))
        else:
            self._set_status(tr("Cancelled: {p} % of the surface computed").format(
                p=int(100 * res.fraction)))
        self.surfaceReady.emit(res)
        self._schedule_auto()
        self.update_honest()

    @Slot(str)
    def _on_failed(self, text):
        self.progress.hide()
        self.cancel_button.hide()
        self._fail(text)

    def _describe(self, r) -> str:
        where = r.argmin()
        return tr("Lowest loss on this slice {lo} at ({a}, {b}); {n}×{n} grid").format(
            lo=theme.fmt(r.finite_min), a=theme.fmt(where[0], 3), b=theme.fmt(where[1], 3),
            n=len(r.a))

    def _on_surface(self, _ev=None):
        r = self.model.result
        if r is None:
            self._clear_items()
            return
        log = self.log_check.isChecked()
        levels = draw_surface(self.image, self.contours, r, log=log, n_levels=N_LEVELS)
        if levels is None:
            return                       # nothing worth drawing yet
        self.message.setText("")
        if r.mode == "pca" and r.explained_variance:
            e1, e2 = (f"{100 * v:.0f}" for v in r.explained_variance)
            self.pca_label.setText(tr("PC1 {a} %, PC2 {b} %").format(a=e1, b=e2))
            xl, yl = tr("PC1 ({a} %)").format(a=e1), tr("PC2 ({b} %)").format(b=e2)
        elif r.mode == "params":
            xl, yl = (label_of(n) for n in r.names)
        else:
            xl, yl = tr("direction 1"), tr("direction 2")
        self.plot_item.setLabel("bottom", xl, **{"font-size": "10pt"})
        self.plot_item.setLabel("left", yl, **{"font-size": "10pt"})
        self.colorbar.setLevels(levels)
        self.colorbar.axis.setTicks(log_ticks(*levels) if log else None)
        self.colorbar.axis.setLabel(tr("loss (log scale)") if log else tr("loss"),
                                    **{"font-size": "9pt"})
        x, y, w, h = r.rect()
        self.vb.setRange(xRange=(x, x + w), yRange=(y, y + h), padding=0)
        self._update_path()

    def _clear_items(self):
        for item in (self.path_line, self.path_shadow, self.contours, self.path_dots,
                     self.start_item, self.current_item):
            item.setData([], [])
        self.image.clear()
        self.start_label.setText("")
        self.current_label.setText("")
        self._show_arrow(False)

    # -- the path, each frame -------------------------------------------------------
    def _on_path(self, _ev=None):
        if not self.isVisible():
            self._path_dirty = True
            return
        # While training plays, the path moves a little every frame: ~30 times
        # a second is smooth, and the frame keeps its time for training. The
        # last position is drawn when training pauses.
        if self.session.playing and time.perf_counter() - self._path_time < PATH_SECONDS:
            self._path_dirty = True
            return
        self._update_path()

    def _on_play_state(self, ev=None):
        if ev is not None and "playing" in ev.changed and self._path_dirty \
                and self.isVisible():
            self._update_path()

    def _update_path(self):
        r = self.model.result
        self._path_dirty = False
        self._path_time = time.perf_counter()
        if r is None:
            return
        t0 = time.perf_counter()
        pts = self.model.clipped_path()
        if not len(pts):
            return
        x, y = pts[:, 0], pts[:, 1]
        self.path_shadow.setData(x, y)
        self.path_line.setData(x, y)
        step = max(1, len(pts) // MAX_DOTS)
        self.path_dots.setData(x[::step], y[::step])
        self.start_item.setData(x[:1], y[:1])
        self.start_label.setPos(float(x[0]), float(y[0]))
        self.start_label.setText(tr("A"))
        self.current_item.setData(x[-1:], y[-1:])
        self.current_label.setPos(float(x[-1]), float(y[-1]))
        right = r.a[0] + 0.7 * (r.a[-1] - r.a[0])
        self.current_label.setAnchor((1.12, 1.1) if x[-1] > right else (-0.12, 1.1))
        self.start_label.setAnchor((-0.3, 1.1) if x[0] < r.a[0] + 0.08 * (r.a[-1] - r.a[0])
                                   else (1.15, 1.1))
        loss = self.model.trajectory.current_loss
        self.current_label.setText(tr("loss {v}").format(v=theme.fmt(loss, 3))
                                   if np.isfinite(loss) else tr("now"))
        v = self._update_arrow()
        if v is not None:               # keep the label off the arrow
            wa, wb = r.a[-1] - r.a[0], r.b[-1] - r.b[0]
            self.current_label.setAnchor((1.12 if v[0] / wa > -0.02 else -0.12,
                                          -0.1 if v[1] / wb > 0.02 else 1.1))
        self.frame_times.append(time.perf_counter() - t0)
        del self.frame_times[:-500]
        if self.honest_check.isChecked() and not self._honest_timer.isActive():
            self._honest_timer.start(HONEST_MS)

    def _update_arrow(self):
        arrow = self.model.arrow() if self.grad_check.isChecked() else None
        if arrow is None:
            self._show_arrow(False)
            return None
        p, v, g = arrow
        tip = p + v
        self.grad_line.setData([p[0], tip[0]], [p[1], tip[1]])
        self.grad_shadow.setData([p[0], tip[0]], [p[1], tip[1]])
        self.grad_head.setPos(float(tip[0]), float(tip[1]))
        # the arrow's angle is in screen space (0 points left, y down)
        s0 = self.vb.mapViewToScene(pg.Point(float(p[0]), float(p[1])))
        s1 = self.vb.mapViewToScene(pg.Point(float(tip[0]), float(tip[1])))
        dx, dy = s1.x() - s0.x(), s1.y() - s0.y()
        self.grad_head.setStyle(angle=float(np.degrees(np.arctan2(-dy, -dx))))
        self._show_arrow(True)
        self.grad_line.setToolTip(tr("−∇L in the plane: ({a}, {b})").format(
            a=theme.fmt(-g[0], 3), b=theme.fmt(-g[1], 3)))
        return v

    def _show_arrow(self, on):
        for item in (self.grad_shadow, self.grad_line, self.grad_head):
            item.setVisible(on)

    def _on_resized(self, *_):
        if self.grad_check.isChecked() and self.model.result is not None:
            self._update_path()

    def _place_message(self):
        if not hasattr(self, "message"):
            return
        (x0, x1), (y0, y1) = self.vb.viewRange()
        self.message.setPos((x0 + x1) / 2, (y0 + y1) / 2)

    # -- honesty: the true loss along the path; clicking moves the network ----------------
    def update_honest(self):
        """Recompute the true-vs-plane losses along the path (in a worker)."""
        self._honest_timer.stop()
        if not self.honest_check.isChecked() or self.model.result is None or \
                not self.model.result.complete:
            return
        req = self.model.honest_request()
        if req is not None:
            self.honest_job.start(_honest_task, req)

    def _honest_toggled(self, on):
        self.honest_plot.setVisible(on)
        if on:
            self.update_honest()

    @Slot(object)
    def _on_honest(self, hp):
        self.honest_result = hp
        if hp is None or self.model.result is None:
            return
        true_item, plane_item = self.honest_items
        x = np.asarray(hp.steps, float)
        for item, y in ((true_item, hp.true_loss), (plane_item, hp.plane_loss)):
            ok = np.isfinite(y)
            item.setData(x[ok], y[ok])
        gap = hp.max_gap
        w = hp.worst
        text = tr("plane vs true loss: largest gap {gap} ({pct} %) at step {step}").format(
            gap=theme.fmt(gap, 3), pct=f"{100 * hp.max_rel_gap:.1f}",
            step=int(hp.steps[w])) if w is not None else ""
        self.honest_label.setText(text)

    def _scene_clicked(self, ev):
        r = self.model.result
        if r is None or ev.button() != Qt.LeftButton or ev.double():
            return
        pos = ev.scenePos()
        if not self.vb.sceneBoundingRect().contains(pos):
            return
        p = self.vb.mapSceneToView(pos)
        a, b = float(p.x()), float(p.y())
        x, y, w, h = r.rect()
        if not (x <= a <= x + w and y <= b <= y + h):
            return
        self.move_to(a, b)

    def move_to(self, a: float, b: float) -> bool:
        """Move the network to the point (a, b) of the plane (undoable)."""
        text = tr("Move to ({a}, {b}) on the loss surface").format(
            a=theme.fmt(a, 3), b=theme.fmt(b, 3))
        try:
            moved = self.model.move_to(a, b, text)
        except NNVizError as e:
            self._set_status(str(e), error=True)
            return False
        if moved:
            self._set_status(tr("Moved the network to ({a}, {b}); Ctrl+Z goes back").format(
                a=theme.fmt(a, 3), b=theme.fmt(b, 3)))
        return moved


def _honest_task(state, req):
    """TaskRunner function: ``core.surface.honest_losses`` with cancel."""
    return honest_losses(**req, cancel=state.is_interruption_requested)

