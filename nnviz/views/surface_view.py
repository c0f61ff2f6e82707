"""The loss surface and the descent path, live.

Gradient descent as the learner imagines it — a ball rolling down a landscape
— for the very network on screen, while it trains. The view shows the loss on
a 2-D slice of parameter space (``core.landscape``) as a heat map with a
perceptually uniform colour map (viridis; optionally log₁₀ of the loss) and a
few iso-lines, and on it the path θ has taken (``core.trajectory``): the start
point A, a dot per snapshot, and the current point labelled with its loss,
optionally with the negative gradient as an arrow.

Planes ("directions"):

* **Two weights** — the exact loss over two parameters, every other one held
  at its current value. Pick them in the two combo boxes or click two edges
  (or biases) in the network view (:meth:`SurfaceView.pick_param`).
* **Random (filter-normalised)** — two seeded random directions scaled like
  the network's own weights (Li et al. 2018).
* **PCA of the path** — the plane that keeps most of the path (the explained
  variance is shown, e.g. "PC1 62 %, PC2 21 %").

Never blocking: the grid is computed by :class:`SliceJob` in one worker thread
(``core.landscape.iter_slice`` chunk by chunk, on a *copy* of the network and
the data), which reports partial results at most every 50 ms through queued
signals and stops at the next chunk when cancelled. Why a thread and not a
main-thread timer doing a chunk per tick: a chunk is normally 0.1–5 ms, but on
a busy machine one batched product of a big network was measured taking
0.5–3 s (OpenBLAS threads fighting for the cores); NumPy releases the GIL in
those products, so in a worker they cannot freeze the window, while in a timer
tick they would. The worker touches no widget and no live session object.
Measured (101 × 101, OPENBLAS_NUM_THREADS=1): 2-8-8-1 on 210 training points
~55 ms from request to picture, 2-16-16-1 on 350 ~105 ms, 2-(64×8)-1 ~2.1 s;
the longest pause of the event loop meanwhile ~16 ms.

Live updates: each ``params`` event projects only the new snapshots onto the
plane (``SliceResult.project``) and ``setData``-s the path items (measured:
0.6–0.8 ms a frame with 1 400 snapshots, ~1.1 ms with the gradient arrow);
the surface is recomputed on demand (Recompute), when the plane or grid
changes, and — with "follow training" ticked — when the current point
leaves the middle 60 % of the box, when θ has moved off the plane by more than
a third of the box (the other parameters changed the landscape), or when the
PCA path has grown by half; never more often than every ``AUTO_INTERVAL``
seconds, and never so often that the worker is busy more than half the time
(a big network's slice may take seconds). An automatic recompute keeps the old
picture until the new one is complete; a user's request shows the new surface
growing row by row.

No 3-D view: ``pyqtgraph.opengl`` needs PyOpenGL, which the app does not
depend on; the 2-D view is complete without it.
"""
from __future__ import annotations

import threading
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, QSignalBlocker, Qt, QTimer, Signal, Slot
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

from core import landscape
from core.errors import NNVizError
from core.trajectory import Trajectory
from nnviz import theme
from nnviz.i18n import tr
from nnviz.views.data_view import style_plot, subscribe

DEFAULT_GRID = 101
AUTO_INTERVAL = 2.0          # s between automatic recomputes
PARTIAL_INTERVAL = 0.05      # s between partial results from the worker
MIDDLE = 0.6                 # the current point should stay in this share of the box
OFF_PLANE = 1 / 3            # θ this far off the plane (share of the half box) → stale
PCA_GROWTH = 1.5             # the PCA path grew by this factor → stale
MAX_DOTS = 300               # dots drawn along the path (the line has every point)
N_LEVELS = 9                 # iso-lines
ARROW_SHARE = 0.18           # gradient arrow length as a share of the box
MODES = ("params", "random", "pca")
LOSS_MARKER = theme.VERMILLION


def viridis_lut(n=256) -> np.ndarray:
    """(n, 4) uint8 viridis lookup table (perceptually uniform, colour-blind safe)."""
    return pg.colormap.get("viridis").getLookupTable(0.0, 1.0, n, alpha=True)


VIRIDIS_LUT = viridis_lut()


def contour_segments(Z, xs, ys, levels) -> np.ndarray:
    """Iso-lines of a grid ``Z`` (len(ys), len(xs)) by marching squares,
    vectorised: an (2k, 2) array of segment end points for
    ``PlotCurveItem(connect="pairs")``. Non-finite cells are skipped."""
    Z = np.asarray(Z, dtype=np.float64)
    out = []
    if Z.shape[0] < 2 or Z.shape[1] < 2:
        return np.zeros((0, 2))
    v00, v10 = Z[:-1, :-1], Z[:-1, 1:]          # bottom-left, bottom-right
    v01, v11 = Z[1:, :-1], Z[1:, 1:]            # top-left, top-right
    X0, X1 = xs[:-1][None, :], xs[1:][None, :]
    Y0, Y1 = ys[:-1][:, None], ys[1:][:, None]
    ok = np.isfinite(v00) & np.isfinite(v10) & np.isfinite(v01) & np.isfinite(v11)
    shape = v00.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        for lv in levels:
            # crossing points on the four edges: bottom, right, top, left
            edges = []
            for (p, q, xa, ya, xb, yb) in (
                    (v00, v10, X0, Y0, X1, Y0), (v10, v11, X1, Y0, X1, Y1),
                    (v01, v11, X0, Y1, X1, Y1), (v00, v01, X0, Y0, X0, Y1)):
                hit = ok & ((p < lv) != (q < lv))
                t = np.where(hit, (lv - p) / np.where(q != p, q - p, 1.0), 0.0)
                x = np.broadcast_to(xa + t * (xb - xa), shape)
                y = np.broadcast_to(ya + t * (yb - ya), shape)
                edges.append((hit, x, y))
            hits = np.stack([e[0] for e in edges])           # (4, r, c)
            xsx = np.stack([e[1] for e in edges])
            ysy = np.stack([e[2] for e in edges])
            count = hits.sum(axis=0)
            two = count == 2
            if two.any():
                h = hits[:, two]                              # (4, m)
                first = np.argmax(h, axis=0)
                second = 3 - np.argmax(h[::-1], axis=0)
                cols = np.arange(h.shape[1])
                xx, yy = xsx[:, two], ysy[:, two]
                seg = np.empty((h.shape[1], 2, 2))
                seg[:, 0, 0], seg[:, 0, 1] = xx[first, cols], yy[first, cols]
                seg[:, 1, 0], seg[:, 1, 1] = xx[second, cols], yy[second, cols]
                out.append(seg.reshape(-1, 2))
            four = count == 4                                 # saddle: two segments
            if four.any():
                xx, yy = xsx[:, four], ysy[:, four]
                for a, b in ((0, 3), (1, 2)):
                    seg = np.stack([np.stack([xx[a], yy[a]], 1),
                                    np.stack([xx[b], yy[b]], 1)], 1)
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


def ref_to_name(ref) -> str | None:
    """("edge", l, i, j) → "W{l}[i,j]"; ("bias", l, j) → "b{l}[j]"; else None."""
    if not isinstance(ref, (tuple, list)) or not ref:
        return None
    if ref[0] == "edge" and len(ref) == 4:
        return f"W{int(ref[1])}[{int(ref[2])},{int(ref[3])}]"
    if ref[0] == "bias" and len(ref) == 3:
        return f"b{int(ref[1])}[{int(ref[2])}]"
    return None


def flat_gradient(net, grads: dict) -> np.ndarray:
    """``session.gradients()`` (a dict like ``net.params``) as one vector in
    ``theta`` order."""
    flat = np.zeros(net.theta.size)
    views = net.unflatten(flat)
    for k, v in views.items():
        if k in grads:
            v[...] = grads[k]
    return flat


# -- the worker ------------------------------------------------------------------
class SliceJob(QObject):
    """Computes a loss surface in one worker thread; see the module docstring.

    ``start(net, X, Y, **slice_kwargs)`` (copies net, X, Y and any path), then
    signals ``partial(result)`` (at most every ``PARTIAL_INTERVAL`` s),
    ``finished(result)`` (complete, or ``complete=False`` after :meth:`cancel`)
    or ``failed(message)``. Starting again supersedes the running job: its
    results are dropped. ``busy`` tells whether a job runs."""

    partial = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    progress = Signal(float)
    _report = Signal(int, str, object)          # (token, kind, payload), queued

    def __init__(self, parent=None):
        super().__init__(parent)
        self._token = 0
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.busy = False
        self.started_at = 0.0
        self._report.connect(self._on_report, Qt.QueuedConnection)

    def start(self, net, X, Y, **kw):
        self._cancel.set()                       # the old job stops at its next chunk
        self._token += 1
        self._cancel = threading.Event()
        if kw.get("path") is not None:
            kw["path"] = np.array(kw["path"], dtype=np.float64)
        args = (self._token, self._cancel, net.copy(), np.array(X), np.array(Y), kw)
        self.busy = True
        self.started_at = time.perf_counter()
        self._thread = threading.Thread(target=self._run, args=args, daemon=True,
                                        name="nnviz-surface")
        self._thread.start()

    def cancel(self):
        """Stop at the next chunk; ``finished`` then brings the partial result."""
        self._cancel.set()

    def shutdown(self, timeout=2.0):
        """Cancel, drop all further results and wait (a little) for the thread."""
        self._cancel.set()
        self._token += 1
        self.busy = False
        th = self._thread
        if th is not None and th.is_alive():
            th.join(timeout)

    # worker thread: no widget, no session — only the copies it was given
    def _run(self, token, cancel, net, X, Y, kw):
        try:
            it = landscape.iter_slice(net, X, Y, cancel=cancel.is_set, **kw)
            last, res = 0.0, None
            for frac, res in it:
                now = time.perf_counter()
                if frac < 1.0 and now - last >= PARTIAL_INTERVAL:
                    last = now
                    self._emit(token, "partial", res)
            self._emit(token, "finished", res)
        except NNVizError as e:
            self._emit(token, "failed", str(e))
        except Exception as e:                         # shown to the user, never raised
            self._emit(token, "failed", f"{type(e).__name__}: {e}")

    def _emit(self, token, kind, payload):
        try:
            self._report.emit(token, kind, payload)
        except RuntimeError:                           # the view is gone
            pass

    @Slot(int, str, object)
    def _on_report(self, token, kind, payload):
        if token != self._token:
            return                                     # a superseded job
        if kind == "partial":
            self.progress.emit(payload.fraction)
            self.partial.emit(payload)
            return
        self.busy = False
        if kind == "finished":
            self.progress.emit(payload.fraction)
            self.finished.emit(payload)
        else:
            self.failed.emit(payload)


# -- the view ----------------------------------------------------------------------
class SurfaceView(QWidget):
    """Loss surface with the live descent path; see the module docstring.

    ``SurfaceView(session, trajectory=None, parent=None)`` — without a
    trajectory the view records its own (``core.trajectory.Trajectory``).

    Public API: :meth:`pick_param` (slot for ``NetworkView.elementClicked``),
    :meth:`set_mode` ("params" | "random" | "pca"), :meth:`set_params`,
    :meth:`recompute`, :meth:`cancel`, :meth:`shutdown`, :attr:`result` (the
    SliceResult on screen), :attr:`busy`, :meth:`path_points`, :attr:`trajectory`,
    widgets ``grid_spin``, ``span_spin``, ``seed_spin``, ``log_check``,
    ``grad_check``, ``follow_check``. Signal ``surfaceReady(object)`` when a
    surface is complete (or cancelled).
    """

    surfaceReady = Signal(object)

    def __init__(self, session, trajectory: Trajectory | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-surface-view")
        self.session = session
        self._own_trajectory = trajectory is None
        self.trajectory = trajectory if trajectory is not None else Trajectory(session)
        self.result = None               # the SliceResult drawn
        self._job_auto = False           # is the running job an automatic refresh?
        self._last_start = -1e9          # perf_counter of the last job start
        self._last_end = -1e9            # ... and end
        self._last_cost = 0.0            # seconds the last job took
        self._stale = True               # surface needs a recompute when shown
        self._pca_count = 0              # path length the PCA plane was made from
        self._next_slot = 0              # pick_param fills slot 1, then slot 2
        self._proj = np.zeros((0, 2))    # projected kept snapshots
        self._proj_key = None            # (result id, generation)
        self._levels = (0.0, 1.0)
        self._drawn_key = None
        self._error = ""
        self.frame_times: list[float] = []      # seconds per path update (bench)
        self.job = SliceJob(self)
        self.job.partial.connect(self._on_partial)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        self.job.progress.connect(self._on_progress)
        self._auto_timer = QTimer(self)
        self._auto_timer.setObjectName("nnviz-surface-auto")
        self._auto_timer.setSingleShot(True)
        self._auto_timer.timeout.connect(self._auto_check)
        self._build_ui()
        self._fill_names()
        subscribe(self, session, {"params": self._on_params, "training": self._on_params,
                                  "network": self._on_network, "data": self._on_data,
                                  "settings": self._on_settings})
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- building ----------------------------------------------------------------
    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 4, 2, 4)
        lay.setSpacing(4)

        row1 = QHBoxLayout()
        row1.setSpacing(4)
        self.mode_combo = QComboBox()
        for text, mode in ((tr("Two weights"), "params"),
                           (tr("Random (filter-normalised)"), "random"),
                           (tr("PCA of the path"), "pca")):
            self.mode_combo.addItem(text, mode)
        self.mode_combo.setToolTip(tr("Which plane through parameter space to show"))
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
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
            c.setToolTip(tr("Parameter on the {axis} axis: type a name such as W1[0,1] "
                            "or b2[0], or click an edge in the network view")
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
        self.seed_spin.valueChanged.connect(lambda _v: self._user_changed())
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
        self.grid_spin.setSingleStep(10)
        self.grid_spin.setValue(DEFAULT_GRID)
        self.grid_spin.setPrefix(tr("grid "))
        self.grid_spin.setToolTip(tr("Points per axis (more is finer and slower)"))
        self.grid_spin.valueChanged.connect(lambda _v: self._user_changed())
        row2.addWidget(self.grid_spin)
        self.span_spin = QDoubleSpinBox()
        self.span_spin.setRange(0.0, 1000.0)
        self.span_spin.setDecimals(2)
        self.span_spin.setSingleStep(0.5)
        self.span_spin.setSpecialValueText(tr("range auto"))
        self.span_spin.setPrefix(tr("range ±"))
        self.span_spin.setValue(0.0)
        self.span_spin.setToolTip(tr("Half-width of the box around the current point "
                                     "(auto: big enough for the whole path)"))
        self.span_spin.valueChanged.connect(lambda _v: self._user_changed())
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
        self.log_check.toggled.connect(lambda _on: self._redraw_surface())
        row3a.addWidget(self.log_check)
        self.grad_check = QCheckBox(tr("−gradient arrow"))
        self.grad_check.setToolTip(tr("Arrow: the negative gradient at the current point, "
                                      "projected into the plane (direction only)"))
        self.grad_check.toggled.connect(lambda _on: self._update_path())
        row3a.addWidget(self.grad_check)
        self.follow_check = QCheckBox(tr("follow training"))
        self.follow_check.setChecked(True)
        self.follow_check.setToolTip(tr("Recompute the surface when training has moved "
                                        "far from it (at most every 2 s)"))
        row3a.addWidget(self.follow_check)
        row3a.addStretch(1)
        lay.addLayout(row3a)

        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("nnviz-surface-plot")
        self.plot.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.plot.setMinimumSize(220, 200)
        style_plot(self.plot)
        pi = self.plot_item = self.plot.getPlotItem()
        pi.setMenuEnabled(False)
        self.vb = pi.getViewBox()
        self.vb.disableAutoRange()
        self.vb.setMouseEnabled(False, False)
        self.vb.sigResized.connect(self._on_resized)
        lay.addWidget(self.plot, 1)

        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(VIRIDIS_LUT)
        self.image.setZValue(-10)
        pi.addItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), width=14,
                                        interactive=False, label="")
        self.colorbar.setImageItem(self.image, insert_in=pi)
        cb_font = QFont()
        cb_font.setPointSize(9)
        self.colorbar.axis.setTickFont(cb_font)
        self.colorbar.axis.setTextPen(theme.qcolor(theme.FOREGROUND))
        self.colorbar.axis.enableAutoSIPrefix(False)
        self.contours = pg.PlotCurveItem(connect="pairs", antialias=False,
                                         pen=pg.mkPen((235, 235, 235), width=1))
        self.contours.setSegmentedLineMode("on")
        self.contours.setZValue(-5)
        pi.addItem(self.contours)
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
        label_font = QFont()
        label_font.setPointSize(10)
        label_font.setBold(True)
        self.start_label = pg.TextItem(tr("A"), color=theme.FOREGROUND, anchor=(1.15, 1.1),
                                       fill=pg.mkBrush(255, 255, 255, 220))
        self.start_label.setFont(label_font)
        self.current_label = pg.TextItem("", color=theme.FOREGROUND, anchor=(-0.12, 1.1),
                                         fill=pg.mkBrush(255, 255, 255, 220))
        self.current_label.setFont(label_font)
        for z, item in enumerate((self.path_shadow, self.path_line, self.path_dots,
                                  self.grad_shadow, self.grad_line, self.grad_head, self.start_item,
                                  self.current_item, self.start_label, self.current_label)):
            item.setZValue(z + 1)
            pi.addItem(item, ignoreBounds=True)
        self._show_arrow(False)
        self.message = pg.TextItem("", color=theme.FOREGROUND, anchor=(0.5, 0.5))
        self.message.setFont(label_font)
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
        self._mode_changed()

    # -- public ---------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.job.busy

    def mode(self) -> str:
        return self.mode_combo.currentData()

    def set_mode(self, mode: str):
        """"params" (two weights), "random" or "pca"; recomputes."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.mode_combo.setCurrentIndex(MODES.index(mode))

    def names(self) -> tuple:
        return tuple(c.currentText().strip() for c in self.name_combos)

    def set_params(self, first: str, second: str):
        """Slice along two parameters by name (switches to "Two weights")."""
        for c, name in zip(self.name_combos, (first, second)):
            with QSignalBlocker(c):
                c.setEditText(name)
        self._switch_to_params_and_go()

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
            c.setEditText(name)
        self._next_slot = 1 - self._next_slot
        self._switch_to_params_and_go()
        return name

    def recompute(self, auto=False):
        """Compute the surface around the current point (cancels a running job).
        Returns False (with a message) if the plane cannot be made."""
        self._auto_timer.stop()
        kw = self._slice_kwargs()
        if kw is None:
            return False
        s = self.session
        t = s.trainer
        self._error = ""
        self._job_auto = bool(auto and self.result is not None)
        self._last_start = time.perf_counter()
        self._stale = False
        self.job.start(s.net, t.X, t.Y, **kw)
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
        self.job.shutdown()
        if self._own_trajectory:
            self.trajectory.close()

    def path_points(self) -> np.ndarray:
        """(T, 2) the path as drawn (plane coordinates), empty without a surface."""
        x, y = self.path_line.getData()
        if x is None:
            return np.zeros((0, 2))
        return np.column_stack([x, y])

    def image_data(self) -> np.ndarray | None:
        return self.image.image

    # -- the plane -------------------------------------------------------------------
    def _slice_kwargs(self):
        s = self.session
        t = s.trainer
        mode = self.mode()
        self.trajectory.sync()
        path = self.trajectory.thetas
        kw = dict(loss=t.loss, grid=int(self.grid_spin.value()), l1=t.l1, l2=t.l2,
                  center=np.array(s.net.theta))
        span = float(self.span_spin.value())
        if mode == "params":
            names = self.names()
            try:
                i, j = (s.net.param_index(n) for n in names)
            except NNVizError as e:
                self._fail(str(e))
                return None
            if i == j:
                self._fail(tr("Choose two different parameters"))
                return None
            kw["directions"] = names
            kw["path"] = path
            kw["span"] = span if span > 0 else None
        elif mode == "random":
            kw["directions"] = "random"
            kw["seed"] = int(self.seed_spin.value())
            kw["path"] = path
            kw["span"] = span if span > 0 else None
        else:
            if len(path) < 2 or not np.any(path != path[-1]):
                self._fail(tr("Train a few steps first: the PCA plane is made from "
                              "the path"))
                return None
            kw["directions"] = "pca"
            kw["path"] = path
            kw["span"] = span if span > 0 else None
            self._pca_count = self.trajectory.current_step
        return kw

    def _fail(self, text):
        self._error = text
        self._set_status(text, error=True)
        if self.result is None:
            self.message.setText(text)
            self._place_message()

    def _set_status(self, text, error=False):
        self.status.setText(text)
        self.status.setStyleSheet("color: #b03020;" if error else "")

    # -- reacting -------------------------------------------------------------------
    def _mode_changed(self, _i=None):
        mode = self.mode()
        self.options.setCurrentIndex(MODES.index(mode))
        self.options.setToolTip({"params": tr("Click two edges or biases in the network "
                                              "view, or type their names"),
                                 "random": "", "pca": ""}[mode])
        self.pca_label.setText(tr("explained variance: compute to see") if mode == "pca"
                               else "")
        self._user_changed()

    def _switch_to_params_and_go(self):
        if self.mode() != "params":
            self.mode_combo.setCurrentIndex(0)          # recomputes
        else:
            self._user_changed()

    def _name_edited(self, k):
        c = self.name_combos[k]
        name = c.currentText().strip()
        try:
            self.session.net.param_index(name)
        except NNVizError as e:
            self._set_status(str(e), error=True)
            return
        self._next_slot = 1 - k
        if self.result is None or self.result.names != self.names():
            self._user_changed()

    def _user_changed(self):
        """The plane, grid or box changed: the old picture is not it any more."""
        self._stale = True
        if not hasattr(self, "plot"):
            return
        if self.isVisible():
            self.recompute()

    def _fill_names(self):
        net = self.session.net
        names = [net.param_name(i) for i in range(net.theta.size)]
        old = self.names() if self.name_combos[0].count() else ()
        defaults = (names[0], next((n for n in names if n.startswith("b")), names[1]))
        for k, c in enumerate(self.name_combos):
            with QSignalBlocker(c):
                c.clear()
                c.addItems(names)
                keep = old[k] if len(old) == 2 and old[k] in names else defaults[k]
                c.setEditText(keep)
        if self.names()[0] == self.names()[1]:
            with QSignalBlocker(self.name_combos[1]):
                self.name_combos[1].setEditText(defaults[1] if defaults[1] != self.names()[0]
                                                else names[1])

    def _on_network(self, _ev=None):
        self.job.shutdown(timeout=0)
        self.result = None
        self._proj_key = None
        self._fill_names()
        self._clear_items()
        self._user_changed()

    def _on_data(self, _ev=None):
        self._stale = True
        self._schedule_auto(force=True)

    def _on_settings(self, _ev=None):
        r, t = self.result, self.session.trainer
        if r is not None and (r.loss_name != t.loss or r.l1 != t.l1 or r.l2 != t.l2):
            self._stale = True
            self._schedule_auto(force=True)

    def _on_params(self, _ev=None):
        if not self.isVisible():
            self._stale = True if self.follow_check.isChecked() else self._stale
            return
        self.trajectory.sync()
        tj = self.trajectory
        key = (id(self.result), tj.generation, len(tj), tj.current_step)
        if key != self._drawn_key:           # "training" follows "params": draw once
            self._update_path()
        self._schedule_auto()

    def showEvent(self, ev):
        super().showEvent(ev)
        if self.result is None or self._stale:
            QTimer.singleShot(0, self._show_refresh)

    def _show_refresh(self):
        if self.isVisible() and not self.job.busy and (self.result is None or self._stale):
            self.recompute(auto=self.result is not None)

    def closeEvent(self, ev):
        self.shutdown()
        super().closeEvent(ev)

    def hideEvent(self, ev):
        self._auto_timer.stop()
        super().hideEvent(ev)

    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        self._place_message()

    # -- automatic recompute ---------------------------------------------------------
    def _needs_refresh(self) -> bool:
        r = self.result
        if r is None or self._stale:
            return True
        cur = self.trajectory.current
        ab = r.project(cur)
        (a0, a1), (b0, b1) = (r.a[0], r.a[-1]), (r.b[0], r.b[-1])
        ma, mb = (1 - MIDDLE) / 2 * (a1 - a0), (1 - MIDDLE) / 2 * (b1 - b0)
        if not (a0 + ma <= ab[0] <= a1 - ma and b0 + mb <= ab[1] <= b1 - mb):
            return True
        off = np.linalg.norm(r.theta_at(*ab) - cur)
        half = min((a1 - a0) * np.linalg.norm(r.d1), (b1 - b0) * np.linalg.norm(r.d2)) / 2
        if off > OFF_PLANE * half:
            return True
        if r.mode == "pca":
            grown = self.trajectory.current_step
            if grown > PCA_GROWTH * max(self._pca_count, 1) and grown - self._pca_count > 5:
                return True
        return False

    def _schedule_auto(self, force=False):
        if not self.isVisible() or not (self.follow_check.isChecked() or force):
            return
        if self.job.busy:
            return
        if not self._needs_refresh():
            return
        now = time.perf_counter()
        # at most every AUTO_INTERVAL s, and the worker busy at most half the time
        wait = max(self._last_start + AUTO_INTERVAL, self._last_end + self._last_cost) - now
        if wait <= 0:
            self.recompute(auto=True)
        elif not self._auto_timer.isActive():
            self._auto_timer.start(int(wait * 1000) + 1)

    def _auto_check(self):
        if self.isVisible() and not self.job.busy and self._needs_refresh():
            self.recompute(auto=True)

    # -- results ---------------------------------------------------------------------
    @Slot(float)
    def _on_progress(self, frac):
        self.progress.setValue(int(round(100 * frac)))

    @Slot(object)
    def _on_partial(self, res):
        if self._job_auto:
            return                       # keep the old picture until the new one is done
        self._show_result(res)

    @Slot(object)
    def _on_finished(self, res):
        self._last_end = time.perf_counter()
        self._last_cost = self._last_end - self._last_start
        self.progress.hide()
        self.cancel_button.hide()
        self._show_result(res)
        if res.complete:
            self._set_status(self._describe(res))
        else:
            self._set_status(tr("Cancelled: {p} % of the surface computed").format(
                p=int(100 * res.fraction)))
        self.surfaceReady.emit(res)
        self._schedule_auto()

    @Slot(str)
    def _on_failed(self, text):
        self.progress.hide()
        self.cancel_button.hide()
        self._fail(text)

    def _describe(self, r) -> str:
        lo = r.finite_min
        where = r.argmin()
        return tr("Lowest loss on this slice {lo} at ({a}, {b}); {n}×{n} grid").format(
            lo=theme.fmt(lo), a=theme.fmt(where[0], 3), b=theme.fmt(where[1], 3),
            n=len(r.a))

    def _show_result(self, res):
        rows = res.done // len(res.a)
        if rows < 2 and not res.complete:
            return                       # nothing worth drawing yet
        self.result = res
        self._proj_key = None
        self.message.setText("")
        r = res
        if r.mode == "pca" and r.explained_variance:
            e1, e2 = (f"{100 * v:.0f}" for v in r.explained_variance)
            self.pca_label.setText(tr("PC1 {a} %, PC2 {b} %").format(a=e1, b=e2))
            xl, yl = tr("PC1 ({a} %)").format(a=e1), tr("PC2 ({b} %)").format(b=e2)
        elif r.mode == "params":
            xl, yl = r.names
        else:
            xl, yl = tr("direction 1"), tr("direction 2")
        self.plot_item.setLabel("bottom", xl, **{"font-size": "10pt"})
        self.plot_item.setLabel("left", yl, **{"font-size": "10pt"})
        self._redraw_surface()
        self._update_path()

    def _redraw_surface(self):
        r = self.result
        if r is None:
            return
        log = self.log_check.isChecked()
        rows = r.loss.shape[0] if r.complete else r.done // len(r.a)
        rows = max(rows, 0)
        if rows < 2:
            return
        Z = r.display_loss(log=log)[:rows]
        finite = np.isfinite(r.loss[:rows])
        if finite.any():
            vals = Z[finite]
            lo, hi = float(vals.min()), float(vals.max())
        else:
            lo, hi = 0.0, 1.0
        if not hi > lo:
            hi = lo + 1e-9
        self._levels = (lo, hi)
        x, y, w, h = r.rect()
        db = h / len(r.b)
        self.image.setImage(np.ascontiguousarray(Z), autoLevels=False, levels=(lo, hi))
        self.image.setRect(QRectF(x, y, w, db * rows))
        self.colorbar.setLevels((lo, hi))
        self.colorbar.axis.setTicks(log_ticks(lo, hi) if log else None)
        self.colorbar.axis.setLabel(tr("loss (log scale)") if log else tr("loss"),
                                    **{"font-size": "9pt"})
        if r.complete:
            levels = np.linspace(lo, hi, N_LEVELS + 2)[1:-1]
            seg = contour_segments(Z, np.asarray(r.a), np.asarray(r.b), levels)
            self.contours.setData(seg[:, 0], seg[:, 1]) if len(seg) else \
                self.contours.setData([], [])
        else:
            self.contours.setData([], [])
        self.vb.setRange(xRange=(x, x + w), yRange=(y, y + h), padding=0)

    def _clear_items(self):
        for item in (self.path_line, self.path_shadow, self.contours):
            item.setData([], [])
        for item in (self.path_dots, self.start_item, self.current_item):
            item.setData([], [])
        self.image.clear()
        self.start_label.setText("")
        self.current_label.setText("")
        self._show_arrow(False)

    # -- the path, each frame ----------------------------------------------------------
    def _projected_path(self, r) -> np.ndarray:
        tj = self.trajectory
        key = (id(r), tj.generation)
        if key != self._proj_key:
            self._proj = r.project(tj.kept())
            self._proj_key = key
        elif len(self._proj) < tj.count:
            self._proj = np.vstack([self._proj, r.project(tj.kept(len(self._proj)))])
        pts = self._proj
        if len(tj) > tj.count:                        # the newest θ, not kept
            pts = np.vstack([pts, r.project(tj.current)[None, :]])
        return pts

    def _update_path(self):
        r = self.result
        if r is None:
            return
        t0 = time.perf_counter()
        tj = self.trajectory
        self._drawn_key = (id(r), tj.generation, len(tj), tj.current_step)
        pts = self._projected_path(r)
        pts = self._clip(pts, r)
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
        loss = self.trajectory.current_loss
        self.current_label.setText(tr("loss {v}").format(v=theme.fmt(loss, 3))
                                   if np.isfinite(loss) else tr("now"))
        v = self._update_arrow(r, pts[-1])
        if v is not None:               # keep the label off the arrow
            wa, wb = r.a[-1] - r.a[0], r.b[-1] - r.b[0]
            self.current_label.setAnchor((1.12 if v[0] / wa > -0.02 else -0.12,
                                          -0.1 if v[1] / wb > 0.02 else 1.1))
        self.frame_times.append(time.perf_counter() - t0)
        del self.frame_times[:-500]

    @staticmethod
    def _clip(pts, r):
        """Keep far-away points drawable: clamp to the box plus one box size."""
        wa, wb = r.a[-1] - r.a[0], r.b[-1] - r.b[0]
        lo = np.array([r.a[0] - wa, r.b[0] - wb])
        hi = np.array([r.a[-1] + wa, r.b[-1] + wb])
        pts = np.where(np.isfinite(pts), pts, 0.0)
        return np.clip(pts, lo, hi)

    def _update_arrow(self, r, p):
        if not self.grad_check.isChecked():
            self._show_arrow(False)
            return None
        net = self.session.net
        g = self.session.gradients()
        flat = flat_gradient(net, g)
        if r.mode == "params":
            ga, gb = flat[list(r.indices)]
        else:
            ga, gb = float(flat @ r.d1), float(flat @ r.d2)
        wa, wb = r.a[-1] - r.a[0], r.b[-1] - r.b[0]
        norm = np.hypot(ga / wa, gb / wb)
        if not (np.isfinite(norm) and norm > 0):
            self._show_arrow(False)
            return None
        v = -np.array([ga, gb]) / norm * ARROW_SHARE
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
            a=theme.fmt(-ga, 3), b=theme.fmt(-gb, 3)))
        return v

    def _show_arrow(self, on):
        for item in (self.grad_shadow, self.grad_line, self.grad_head):
            item.setVisible(on)

    def _on_resized(self, *_):
        if self.grad_check.isChecked() and self.result is not None:
            self._update_path()

    def _place_message(self):
        if not hasattr(self, "message"):
            return
        (x0, x1), (y0, y1) = self.vb.viewRange()
        self.message.setPos((x0 + x1) / 2, (y0 + y1) / 2)
