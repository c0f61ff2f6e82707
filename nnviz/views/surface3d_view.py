"""The loss surface in 3-D: a bowl to rotate, with the descent path on it.

Beginners read a bowl more easily than a contour map (issue #15). This view
draws, with pyqtgraph's OpenGL items, the surface one of two Qt-free models
holds and the path on it:

* ``"landscape"`` — ``session.surface`` (:class:`core.surface.SurfaceModel`):
  its result grid and the path θ has taken, projected on the plane. The
  projected path has no loss of its own on the plane, so each point is placed
  on the drawn surface (bilinear in the grid: where the 2-D view would put
  the dot), with A at the start and a bigger dot at the current point.
* ``"lab"`` — ``session.lr_lab`` (:class:`core.lr_lab.LabModel`): the line
  fit's bowl (E7) or two weights of the network, and every run from the start
  A in its learning-rate colour at its exact (a, b, loss).

Heights are the model's loss grid (``SliceResult.display_loss``), optionally
log₁₀ like the 2-D view's colours; the box is scaled to a unit cube so any
loss range reads as a bowl. Nothing here computes model maths.

OpenGL is optional (``pip install nnviz[3d]`` for PyOpenGL). :func:`gl_problem`
says why 3-D cannot be drawn — PyOpenGL missing, or no OpenGL context (the
offscreen test platform has none) — and then :class:`Surface3DView` is only
that one-line note: never a crash. Drag to rotate, wheel to zoom.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz import theme
from nnviz.i18n import tr
from nnviz.views.common import subscribe
from nnviz.views.lr_lab import PATH_COLORS
from nnviz.views.plotting import VIRIDIS_LUT
from nnviz.zoom import ZOOM

__all__ = ["Surface3DView", "gl_problem", "SOURCES"]

SOURCES = ("landscape", "lab")
Z_SPAN = 1.1                 # the surface's height in the unit box
LIFT = 0.02                  # the path floats this far above the surface
PATH_COLOR = theme.VERMILLION
BACKGROUND = (255, 255, 255)
_problem: str | None = None


def gl_problem(refresh: bool = False) -> str:
    """"" when 3-D can be drawn here, else one line saying why not (cached)."""
    global _problem
    if _problem is not None and not refresh:
        return _problem
    try:
        import OpenGL.GL  # noqa: F401
        import pyqtgraph.opengl  # noqa: F401
    except Exception as e:               # ImportError, or a broken libGL
        _problem = tr("3-D view unavailable: PyOpenGL is not installed "
                      "(pip install nnviz[3d]); {0}").format(type(e).__name__)
        return _problem
    from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext
    ctx, surface = QOpenGLContext(), QOffscreenSurface()
    surface.create()
    ok = ctx.create() and surface.isValid() and ctx.makeCurrent(surface)
    if ok:
        fmt = ctx.format()
        ok = (fmt.majorVersion(), fmt.minorVersion()) >= (2, 0)
        ctx.doneCurrent()
    surface.destroy()
    _problem = "" if ok else tr("3-D view unavailable: no OpenGL context on the "
                                "'{0}' display").format(QGuiApplication.platformName())
    return _problem


_compiled_for = None          # the GL share group pyqtgraph's shader caches belong to


def _gl_view_class():
    """``GLViewWidget`` that keeps pyqtgraph's shader programs valid.

    pyqtgraph 0.14 compiles each item type's shader program once per process
    and keeps its id at class level — valid only in the context that made it.
    A second 3-D view (another window, a test) has its own context unless the
    app shares contexts (Qt.AA_ShareOpenGLContexts before QApplication). So,
    on painting in another share group, the caches are dropped and the
    programs compiled again there."""
    import pyqtgraph.opengl as gl
    import shiboken6
    from pyqtgraph.opengl import shaders
    from pyqtgraph.opengl.items import GLImageItem, GLScatterPlotItem, GLVolumeItem
    from PySide6.QtGui import QOpenGLContext

    cached = [gl.GLLinePlotItem, GLScatterPlotItem.GLScatterPlotItem,
              GLImageItem.GLImageItem, GLVolumeItem.GLVolumeItem]

    class View(gl.GLViewWidget):
        def paintGL(self, *args, **kw):
            global _compiled_for
            ctx = QOpenGLContext.currentContext()
            group = shiboken6.getCppPointer(ctx.shareGroup())[0] if ctx else None
            if group != _compiled_for:
                for cls in cached:
                    if hasattr(cls, "_shaderProgram"):
                        cls._shaderProgram = None
                for program in shaders.ShaderProgram.names.values():
                    program.prog = None
                _compiled_for = group
            super().paintGL(*args, **kw)

    return View


def _unit(v, lo, hi):
    return (np.asarray(v, dtype=float) - lo) / ((hi - lo) or 1.0) * 2.0 - 1.0


def _bilinear(Z, xs, ys, px, py):
    """Z (len(ys), len(xs)) at the points (px, py) — to place a dot on the
    drawn surface (the grid is regular)."""
    fx = np.clip((px - xs[0]) / ((xs[-1] - xs[0]) or 1) * (len(xs) - 1), 0, len(xs) - 1)
    fy = np.clip((py - ys[0]) / ((ys[-1] - ys[0]) or 1) * (len(ys) - 1), 0, len(ys) - 1)
    i0 = np.minimum(fx.astype(int), len(xs) - 2)
    j0 = np.minimum(fy.astype(int), len(ys) - 2)
    tx, ty = fx - i0, fy - j0
    return ((1 - tx) * (1 - ty) * Z[j0, i0] + tx * (1 - ty) * Z[j0, i0 + 1]
            + (1 - tx) * ty * Z[j0 + 1, i0] + tx * ty * Z[j0 + 1, i0 + 1])


class Surface3DView(QWidget):
    """See the module docstring. ``Surface3DView(session, source="landscape")``.

    Public: :attr:`note` ("" when drawing in 3-D), :attr:`gl` (the
    ``GLViewWidget`` or None), :attr:`log_check`, :meth:`set_source`,
    :meth:`redraw`, :meth:`reset_camera`, :attr:`drawn_paths` ((k, 3) arrays
    in box units, one per path drawn), :meth:`render_image` (an RGBA array)."""

    def __init__(self, session, source="landscape", parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-surface3d")
        self.session = session
        self.source = source if source in SOURCES else "landscape"
        self.note = gl_problem()
        self.gl = None
        self.drawn_paths: list[np.ndarray] = []
        self._dirty = True
        self._subscribed: set[str] = set()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        if self.note:
            self.caption.setText(self.note)
            lay.addWidget(self.caption)
            lay.addStretch(1)
            return
        self._build()
        ZOOM.changed.connect(self._on_zoom)
        self.set_source(self.source, force=True)

    # -- building -----------------------------------------------------------------------
    def _build(self):
        import pyqtgraph.opengl as gl
        lay = self.layout()
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        self.log_check = QCheckBox(tr("log height"))
        self.log_check.setChecked(False)      # the bowl first; log shows the floor
        self.log_check.setToolTip(tr("Height is log₁₀ of the loss (shows the valley floor)"))
        self.log_check.toggled.connect(lambda _on: self.redraw())
        row.addWidget(self.log_check)
        reset = QPushButton(tr("Reset view"))
        reset.setToolTip(tr("Look at the bowl from the default angle (drag to rotate, "
                            "wheel to zoom)"))
        reset.clicked.connect(self.reset_camera)
        row.addWidget(reset)
        lay.addLayout(row)
        self.gl = _gl_view_class()()
        self.gl.setBackgroundColor(BACKGROUND)
        self.gl.setMinimumSize(160, 140)
        lay.addWidget(self.gl, 1)
        self.surface_item = gl.GLSurfacePlotItem(shader=None, smooth=False,
                                                 computeNormals=False, glOptions="opaque")
        self.grid_item = gl.GLLinePlotItem(mode="lines", color=(0.25, 0.25, 0.25, 0.35),
                                           width=1, antialias=True, glOptions="translucent")
        self.base_item = gl.GLLinePlotItem(mode="lines", color=(0.2, 0.2, 0.2, 1), width=1.5,
                                           antialias=True)
        for item in (self.surface_item, self.grid_item, self.base_item):
            self.gl.addItem(item)
        self.labels = [gl.GLTextItem(color=(30, 30, 30, 255)) for _ in range(3)]
        for item in self.labels:
            self.gl.addItem(item)
        self._path_items: list = []
        self._on_zoom()
        self.reset_camera()

    def _distance(self) -> float:
        # pyqtgraph's field of view is horizontal: a tall, narrow pane
        # (the Landscape's side column) shows the box closer
        w, h = max(self.width(), 1), max(self.height(), 1)
        return 3.6 if w < 0.9 * h else 4.6

    def reset_camera(self):
        if self.gl is not None:
            self.gl.setCameraPosition(distance=self._distance(), elevation=28, azimuth=-58)
            from pyqtgraph import Vector
            self.gl.opts["center"] = Vector(0, 0, Z_SPAN / 3)
            self.gl.update()

    def _on_zoom(self):
        from PySide6.QtGui import QFont
        font = QFont()
        font.setPixelSize(ZOOM.px(13))
        for item in getattr(self, "labels", ()):
            item.setData(font=font)

    # -- the model ----------------------------------------------------------------------
    def model(self):
        return self.session.surface if self.source == "landscape" else self.session.lr_lab

    def set_source(self, source: str, force=False):
        """Draw the Landscape's surface ("landscape") or the lab's ("lab")."""
        if source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}")
        if source == self.source and not force:
            return
        self.source = source
        if self.note:
            return
        if source not in self._subscribed:
            self._subscribed.add(source)
            events = ("surface", "path", "plane") if source == "landscape" else \
                ("problem", "surface", "runs")
            m = self.model()
            subscribe(self, m, {e: self._on_model_for(source) for e in events})
        self.redraw()

    def _on_model_for(self, source):
        # one bound method per source, so that subscribe() can hold it weakly
        return self._on_landscape if source == "landscape" else self._on_lab

    def _on_landscape(self, _ev=None):
        if self.source == "landscape":
            self._changed()

    def _on_lab(self, _ev=None):
        if self.source == "lab":
            self._changed()

    def _changed(self):
        if self.isVisible():
            self.redraw()
        else:
            self._dirty = True           # drawn when shown: nobody looks now

    def showEvent(self, ev):
        super().showEvent(ev)
        if self._dirty and not self.note:
            self.redraw()

    # -- drawing ------------------------------------------------------------------------
    def _surface(self):
        m = self.model()
        return m.result if self.source == "landscape" else m.surface

    def _paths(self, r):
        """[(points (k, 2), losses (k,) or None, colour)] for the current source."""
        m = self.model()
        if self.source == "landscape":
            pts = m.clipped_path()
            return [(pts, None, PATH_COLOR)] if len(pts) else []
        return [(run.path.points, run.path.losses, PATH_COLORS[run.rate_index % len(PATH_COLORS)])
                for run in m.runs if len(run.path.points)]

    def _describe(self, r) -> str:
        if self.source == "lab":
            m = self.model()
            if m.task == "line":
                return tr("Lab: the line fit y = w·x + b; loss over (w, b), every run from A")
            return tr("Lab: loss over {0} and {1}, every run from A").format(*m.problem.names)
        if r is None:
            return tr("Landscape: no surface yet — compute it in the 2-D view")
        names = r.names if r.mode == "params" and r.names else (tr("direction 1"),
                                                               tr("direction 2"))
        return tr("Landscape: loss over {0} and {1}, the path θ has taken").format(*names)

    def redraw(self):
        if self.note:
            return
        self._dirty = False
        r = self._surface()
        self.caption.setText(self._describe(r))
        for item in self._path_items:
            self.gl.removeItem(item)
        self._path_items = []
        self.drawn_paths = []
        if r is None or not np.isfinite(r.loss).any():
            for item in (self.surface_item, self.grid_item, self.base_item):
                item.setVisible(False)
            for item in self.labels:
                item.setData(text="")
            return
        log = self.log_check.isChecked()
        Z = r.display_loss(log=log).astype(float)           # (len(b), len(a))
        lo, hi = float(Z.min()), float(Z.max())
        zn = (Z - lo) / ((hi - lo) or 1.0) * Z_SPAN
        a, b = np.asarray(r.a, float), np.asarray(r.b, float)
        x, y = _unit(a, a[0], a[-1]), _unit(b, b[0], b[-1])
        lut = VIRIDIS_LUT.astype(np.float32) / 255.0
        colors = lut[np.clip((zn / Z_SPAN * 255).astype(int), 0, 255)]   # (len(b), len(a), 4)
        # vertex colours flat, in the item's (x, y) vertex order: pyqtgraph 0.14
        # indexes them by vertex number, not by the (w, h, 4) its docs describe
        self.surface_item.setData(x=x, y=y, z=zn.T, colors=np.ascontiguousarray(
            colors.transpose(1, 0, 2)).reshape(-1, 4))
        self._draw_frame(x, y, zn, a, b, log, lo, hi, r)
        for item in (self.surface_item, self.grid_item, self.base_item):
            item.setVisible(True)
        floor = self._floor(r)
        for pts, losses, col in self._paths(r):
            pts = np.asarray(pts, float)
            out = (pts[:, 0] < a[0]) | (pts[:, 0] > a[-1]) | (pts[:, 1] < b[0]) | \
                (pts[:, 1] > b[-1])
            # a run that leaves the box (diverges) is drawn up to the edge
            keep = int(np.argmax(out)) if out.any() else len(pts)
            if keep < 1:
                continue
            inside, losses = pts[:keep], None if losses is None else losses[:keep]
            if losses is None:
                h = _bilinear(Z, a, b, inside[:, 0], inside[:, 1])
            else:
                L = np.asarray(losses, float)[:len(pts)]
                h = np.log10(np.maximum(L, floor)) if log else L
            hz = np.clip((h - lo) / ((hi - lo) or 1.0) * Z_SPAN, 0, Z_SPAN * 1.05) + LIFT
            P = np.column_stack([_unit(inside[:, 0], a[0], a[-1]),
                                 _unit(inside[:, 1], b[0], b[-1]), hz]).astype(np.float32)
            self._add_path(P, col)
        self.gl.update()

    @staticmethod
    def _floor(r) -> float:
        """The smallest positive finite loss: log heights floor there (as
        ``display_loss`` does), so a zero loss is not −∞."""
        v = np.asarray(r.loss, float)
        v = v[np.isfinite(v) & (v > 0)]
        return float(v.min()) if v.size else 1e-12

    def _add_path(self, P, col):
        import pyqtgraph.opengl as gl
        rgba = tuple(c / 255 for c in col) + (1.0,)
        line = gl.GLLinePlotItem(pos=P, color=rgba, width=3 * ZOOM.scale, antialias=True,
                                 glOptions="opaque")
        dots = gl.GLScatterPlotItem(pos=P, color=rgba, size=6 * ZOOM.scale, pxMode=True,
                                    glOptions="opaque")
        ends = gl.GLScatterPlotItem(pos=P[[0, -1]], color=rgba, size=13 * ZOOM.scale,
                                    pxMode=True, glOptions="opaque")
        for item in (line, dots, ends):
            self.gl.addItem(item)
            self._path_items.append(item)
        self.drawn_paths.append(P)

    def _draw_frame(self, x, y, zn, a, b, log, lo, hi, r):
        """A coarse wire grid on the surface (reads as a bowl even in grey
        print) and the box's base edges with the axis names."""
        step_i, step_j = max(1, len(x) // 10), max(1, len(y) // 10)
        segs = []
        for j in range(0, len(y), step_j):
            row = np.column_stack([x, np.full_like(x, y[j]), zn[j] + 0.004])
            segs.append(np.repeat(row, 2, axis=0)[1:-1])
        for i in range(0, len(x), step_i):
            col = np.column_stack([np.full_like(y, x[i]), y, zn[:, i] + 0.004])
            segs.append(np.repeat(col, 2, axis=0)[1:-1])
        self.grid_item.setData(pos=np.vstack(segs).astype(np.float32))
        base = np.array([[-1, -1, 0], [1, -1, 0], [1, -1, 0], [1, 1, 0], [1, 1, 0],
                         [-1, 1, 0], [-1, 1, 0], [-1, -1, 0],
                         [-1, -1, 0], [-1, -1, Z_SPAN]], dtype=np.float32)
        self.base_item.setData(pos=base)
        if self.source == "lab" and self.model().task == "line":
            na, nb = "w", "b"
        elif r.mode == "params" and r.names:
            na, nb = r.names
        else:
            na, nb = tr("direction 1"), tr("direction 2")
        top = 10 ** hi if log else hi
        texts = (f"{na}  {a[0]:.3g} … {a[-1]:.3g}", f"{nb}  {b[0]:.3g} … {b[-1]:.3g}",
                 tr("loss (up to {0})").format(f"{top:.3g}"))
        spots = ((-0.3, -1.3, 0), (1.15, 0.0, 0), (-1.05, -1.05, Z_SPAN * 1.12))
        for item, text, at in zip(self.labels, texts, spots):
            item.setData(pos=at, text=text)

    # -- pictures -----------------------------------------------------------------------
    def render_image(self, size=None) -> np.ndarray | None:
        """The 3-D picture as an (h, w, 4) uint8 RGBA array (None without GL)."""
        if self.gl is None:
            return None
        from PySide6.QtGui import QImage
        img = self.gl.grabFramebuffer().convertToFormat(QImage.Format_RGBA8888)
        ptr = img.constBits()
        arr = np.frombuffer(ptr, np.uint8, img.sizeInBytes()).reshape(
            img.height(), img.bytesPerLine() // 4, 4)[:, :img.width()]
        return arr.copy()

    def sizeHint(self):
        from PySide6.QtCore import QSize
        return QSize(360, 300)
