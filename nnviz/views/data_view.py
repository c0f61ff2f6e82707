"""The data view: training and test points over the network's output.

2-D inputs (or more — inputs 1 and 2 span the plane, the others are held at
their mean by the session): a heat map of the output layer over the plane —
one sigmoid output on an orange → white → blue map, K softmax outputs as a
blend of the class colours, a regression output on the diverging map — under
the points. 1-D inputs: the points and the fitted curve on x/y axes.

A small tool bar chooses what a click does: select a training sample (the
step-through follows it), add a point of a class (or a regression target),
erase the points under the cursor. "Clear" and "Import CSV…" replace the data.

Speed: every item is created once and updated with ``setData``/``setImage``.
The heat map is redrawn synchronously when the session reports new
parameters (~2 ms for a 2-8-8-1 net on 100×100); while the network trains and
the forward pass over the plane is slow (a big net), frames are dropped — the
heat map takes at most about a quarter of the time — and the grid is halved.
Nothing is queued, so no timer is needed; a pause redraws at full resolution.

Why it is longer than ~600 lines: the plane and the 1-D curve, painting and
erasing, CSV import and the caption share one plot and its click modes.
"""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGraphicsEllipseItem,
    QGraphicsRectItem,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.data import FEATURES
from core.errors import NNVizError
from nnviz import theme
from nnviz.i18n import tr
from nnviz.i18n_messages import class_label, translate_message
from nnviz.theme import hex_color as _hex
from nnviz.views.common import style_plot, subscribe
from nnviz.zoom import ZOOM

RESOLUTION = 100            # heat-map grid while idle (and while training, if fast)
PLAYING_RESOLUTION = 50     # while training, when a 100×100 forward pass is slow
SLOW_GRID_SECONDS = 0.012   # a full-resolution heat map slower than this is "slow"
DRAW_SHARE = 0.25           # while training, the heat map may use this share of the time
SELECT_PIXELS = 25          # a click this close to a training point selects it
ERASE_FRACTION = 0.06       # eraser radius as a share of the plane's larger side
POINT_SIZE = 8
TEST_POINT_SIZE = 8
CURVE_RESOLUTION = 200
CAPTION_SECONDS = 0.25      # while training, refresh the caption's numbers at most this often


# Share of a colour's distance from white kept in the background (Playground-like
# pale regions; the points on top keep their full colour).
LIGHTEN = 0.45


def _lighten(rgb, keep=LIGHTEN):
    return 255 - (255 - np.asarray(rgb, float)) * keep


BINARY_LUT = theme.light_diverging_lut(lighten=LIGHTEN)
DIVERGING_LIGHT_LUT = BINARY_LUT      # regression: same map, levels ±max|y|


def _axis_name(name: str) -> str:
    """'x1' → 'x₁' (the generated sets); other names as they are."""
    return FEATURES[name][0] if name in FEATURES else str(name)


def _class_icon(rgb, size=12) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.Antialiasing)
    p.setPen(QPen(QColor(40, 40, 40), 1))
    p.setBrush(theme.qcolor(rgb))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pm)


class DataView(QWidget):
    """Points and decision boundary (or fitted curve); see the module docstring.

    Public API: :meth:`plot_widget`, :meth:`set_mode` / :meth:`mode`,
    :meth:`click_at` (what a click at data coordinates does), :meth:`import_csv`
    (returns an error message or None), :meth:`refresh` (redraw now),
    ``show_test`` / ``discretize`` (checkable QActions).
    """

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("nnviz-data-view")
        self._kind = None              # "plane" | "line"
        self._mode = "select"
        self._image_kind = None        # "scalar" | "rgba"
        self._dirty = True
        self._last_draw_end = 0.0
        self._last_cost = 0.0          # seconds of the last heat-map redraw
        self._full_cost = 0.0          # ... estimated at full resolution (smoothed)
        self._drawn_res = 0
        self._caption_key = None
        self._caption_time = 0.0
        self._train_xy = np.zeros((0, 2))
        # Injectable for tests: ask for a file name / show a warning.
        self.ask_csv_path = self._ask_csv_path
        self.show_warning = lambda title, text: QMessageBox.warning(
            self, title, translate_message(text))
        self._build_ui()
        ZOOM.changed.connect(self._on_zoom)
        subscribe(self, session, {"data": self._on_data, "network": self._on_params,
                                  "params": self._on_params, "training": self._on_training,
                                  "selection": self._on_selection})
        self.rebuild()

    # -- building --------------------------------------------------------------
    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)

        bar = self.toolbar = QToolBar(tr("Data tools"), self)
        bar.setObjectName("nnviz-data-toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.mode_combo = QComboBox()
        self.mode_combo.setToolTip(tr("What a click on the plot does"))
        self.mode_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        bar.addWidget(self.mode_combo)
        self.target_spin = QDoubleSpinBox()
        self.target_spin.setRange(-1e6, 1e6)
        self.target_spin.setDecimals(2)
        self.target_spin.setValue(1.0)
        self.target_spin.setPrefix(tr("y = "))
        self.target_spin.setToolTip(tr("Target value of the points you add"))
        self.target_action = bar.addWidget(self.target_spin)
        bar.addSeparator()
        self.show_test = QAction(tr("Test points"), self)
        self.show_test.setCheckable(True)
        self.show_test.setChecked(True)
        self.show_test.setToolTip(tr("Show the test points (white with a coloured ring)"))
        self.show_test.toggled.connect(self._test_toggled)
        bar.addAction(self.show_test)
        self.discretize = QAction(tr("Discretize"), self)
        self.discretize.setCheckable(True)
        self.discretize.setToolTip(tr("Colour the plane by the predicted class only "
                                      "(threshold 0.5, or the largest output)"))
        self.discretize.toggled.connect(lambda _on: self.refresh())
        bar.addAction(self.discretize)
        bar.addSeparator()
        self.clear_action = QAction(tr("Clear"), self)
        self.clear_action.setToolTip(tr("Remove all points but two per class"))
        self.clear_action.triggered.connect(self._clear)
        bar.addAction(self.clear_action)
        self.import_action = QAction(tr("Import CSV…"), self)
        self.import_action.setToolTip(tr("Load points from a CSV file: input columns, "
                                         "then the class or target"))
        self.import_action.triggered.connect(self._import_clicked)
        bar.addAction(self.import_action)
        lay.addWidget(bar)

        # image data (the digits): a plane cannot show 64-D points; the
        # Digits pane (gallery, confusion matrix) takes this one's place
        self.images_note = QLabel()
        self.images_note.setObjectName("nnviz-data-images-note")
        self.images_note.setWordWrap(True)
        self.images_note.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.images_note.setContentsMargins(8, 8, 8, 8)
        self.images_note.hide()
        lay.addWidget(self.images_note)

        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("nnviz-data-plot")
        self.plot.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.plot.setMinimumSize(160, 140)
        style_plot(self.plot)
        pi = self.plot.getPlotItem()
        pi.setMenuEnabled(False)
        self.vb = pi.getViewBox()
        self.vb.disableAutoRange()
        lay.addWidget(self.plot, 1)

        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        pi.addItem(self.image)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(theme.BLUE, width=3),
                                     antialias=True)
        self.curve.setZValue(5)
        pi.addItem(self.curve)
        self.train_item = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True)
        self.train_item.setZValue(10)
        pi.addItem(self.train_item)
        self.test_item = pg.ScatterPlotItem(size=TEST_POINT_SIZE, pxMode=True)
        self.test_item.setZValue(11)
        pi.addItem(self.test_item)
        self.selected_item = pg.ScatterPlotItem(
            size=18, pxMode=True, symbol="o", brush=None,
            pen=pg.mkPen(theme.FOREGROUND, width=2.5))
        self.selected_item.setZValue(12)
        pi.addItem(self.selected_item)

        pen = pg.mkPen((60, 60, 60), width=1.5, style=Qt.DashLine)
        self.eraser = QGraphicsEllipseItem()
        self.eraser.setPen(pen)
        self.eraser.setBrush(QBrush(QColor(255, 255, 255, 60)))
        self.eraser.setZValue(20)
        self.eraser.hide()
        pi.addItem(self.eraser, ignoreBounds=True)
        self.eraser_band = QGraphicsRectItem()      # 1-D: removes by x only
        self.eraser_band.setPen(pen)
        self.eraser_band.setBrush(QBrush(QColor(255, 255, 255, 60)))
        self.eraser_band.setZValue(20)
        self.eraser_band.hide()
        pi.addItem(self.eraser_band, ignoreBounds=True)

        scene = self.plot.scene()
        scene.sigMouseClicked.connect(self._scene_clicked)
        scene.sigMouseMoved.connect(self._scene_moved)

    # -- public API ---------------------------------------------------------------
    def plot_widget(self) -> pg.PlotWidget:
        """The main plot (the main window exports it)."""
        return self.plot

    def mode(self) -> str:
        """'select', 'erase', 'add' (regression) or 'add0', 'add1', … (a class)."""
        return self._mode

    def set_mode(self, mode: str):
        i = self.mode_combo.findData(mode)
        if i < 0:
            raise ValueError(f"no click mode {mode!r} for this data set")
        self.mode_combo.setCurrentIndex(i)

    def refresh(self):
        """Redraw the heat map or curve now (at full resolution)."""
        self._redraw_output(RESOLUTION)

    def rebuild(self):
        """Everything: layout for the data set, points, output, caption."""
        ds = self.session.dataset
        images = ds.image_shape is not None
        self.images_note.setVisible(images)
        self.plot.setVisible(not images)
        self.toolbar.setVisible(not images)
        if images:
            self._kind = "images"
            r, c = ds.image_shape
            self.images_note.setText(tr(
                "Each sample is an {r}×{c} image: its {n} pixels are the inputs, too many "
                "to draw as points on a plane. The Digits pane shows the images with what "
                "the network predicts.").format(r=r, c=c, n=ds.n_inputs))
            return
        self._kind = "plane" if ds.n_inputs >= 2 else "line"
        self._fill_modes()
        pi = self.plot.getPlotItem()
        names = ds.input_names
        label_style = {"color": _hex(theme.FOREGROUND), "font-size": "11pt"}
        if self._kind == "plane":
            pi.setLabel("bottom", _axis_name(names[0]), **label_style)
            pi.setLabel("left", _axis_name(names[1]), **label_style)
        else:
            pi.setLabel("bottom", _axis_name(names[0]), **label_style)
            ylab = tr("class") if ds.task == "classification" else tr("y")
            pi.setLabel("left", ylab, **label_style)
        self.image.setVisible(self._kind == "plane")
        self.curve.setVisible(self._kind == "line")
        # a round spiral stays round in a narrow pane: same scale on both axes
        # when the inputs have comparable ranges
        (x0, y0), (x1, y1) = self.session.plane_bounds() if self._kind == "plane" \
            else ((0, 0), (1, 1))
        ratio = (x1 - x0) / max(y1 - y0, 1e-12)
        pi.getViewBox().setAspectLocked(self._kind == "plane" and 1 / 3 < ratio < 3)
        self.discretize.setEnabled(ds.task == "classification" and self._kind == "plane")
        self._update_points()
        self._set_view_range()
        self._redraw_output(RESOLUTION)
        self._update_caption(force=True)

    def click_at(self, x: float, y: float):
        """Do what the current mode does with a click at data coordinates (x, y).
        Returns False when nothing happened; user errors become a warning."""
        try:
            return self._click(x, y)
        except NNVizError as e:
            self.show_warning(tr("Points"), str(e))
            return False

    def import_csv(self, path) -> str | None:
        """Replace the data by a CSV file; returns the error message or None."""
        try:
            self.session.import_csv(path)
        except NNVizError as e:
            return str(e)
        except (OSError, ValueError) as e:
            return str(e)
        return None

    # -- modes -----------------------------------------------------------------------
    def _fill_modes(self):
        ds = self.session.dataset
        # With more than two inputs a painted point holds the others at their
        # training mean, as the plane view does.
        paintable = ds.n_inputs >= 1
        items = [(tr("Select"), "select", None)]
        if paintable:
            if ds.task == "classification":
                for k in range(ds.n_classes):
                    name = class_label(ds.class_names[k]) if k < len(ds.class_names) \
                        else str(k)
                    items.append((tr("Add {name}").format(name=name), f"add{k}",
                                  _class_icon(theme.CLASS_COLORS[k % len(theme.CLASS_COLORS)])))
            else:
                items.append((tr("Add point"), "add", None))
            items.append((tr("Erase"), "erase", None))
        keep = self._mode
        self.mode_combo.blockSignals(True)
        self.mode_combo.clear()
        for text, data, icon in items:
            if icon is None:
                self.mode_combo.addItem(text, data)
            else:
                self.mode_combo.addItem(icon, text, data)
        i = self.mode_combo.findData(keep)
        self.mode_combo.setCurrentIndex(max(i, 0))
        self.mode_combo.blockSignals(False)
        self._mode = self.mode_combo.currentData()
        tip = "" if paintable else tr("Painting points needs data with one or two inputs")
        self.mode_combo.setToolTip(tip or tr("What a click on the plot does"))
        self.target_action.setVisible(ds.task == "regression" and ds.n_inputs == 2)
        self.clear_action.setEnabled(True)
        self._update_eraser(None)

    def _mode_changed(self, _index):
        self._mode = self.mode_combo.currentData() or "select"
        self._update_eraser(None)

    # -- points ------------------------------------------------------------------------
    def _point_xy(self, idx):
        ds = self.session.dataset
        X = ds.X[idx]
        if self._kind == "plane":
            return X[:, 0], X[:, 1]
        y = np.asarray(ds.y, float)[idx]
        if y.ndim > 1:
            y = y[:, 0]
        return X[:, 0], y

    def _point_colors(self, idx):
        """One RGB tuple per point: class colour, or value on the diverging map."""
        ds = self.session.dataset
        if ds.task == "classification":
            cols = theme.CLASS_COLORS
            return [cols[int(c) % len(cols)] for c in ds.y[idx]]
        if self._kind == "line":
            return [theme.FOREGROUND] * len(idx)
        y = np.asarray(ds.y, float)
        y = y if y.ndim == 1 else y[:, 0]
        scale = float(np.max(np.abs(y))) if len(y) else 1.0
        return [theme.signed_color(v, scale) for v in y[idx]]

    def _update_points(self):
        ds = self.session.dataset
        outline = pg.mkPen(theme.FOREGROUND, width=1)
        brushes, pens = {}, {}

        def brush(rgb):
            if rgb not in brushes:
                brushes[rgb] = pg.mkBrush(*rgb)
            return brushes[rgb]

        def ring(rgb):
            if rgb not in pens:
                pens[rgb] = pg.mkPen(*rgb, width=2.5)
            return pens[rgb]

        tx, ty = self._point_xy(ds.train_idx)
        cols = self._point_colors(ds.train_idx)
        self.train_item.setData(x=tx, y=ty, brush=[brush(c) for c in cols], pen=outline,
                                symbol="o", size=POINT_SIZE)
        self._train_xy = np.column_stack([tx, ty]) if len(tx) else np.zeros((0, 2))
        if len(ds.test_idx):
            sx, sy = self._point_xy(ds.test_idx)
            cols = self._point_colors(ds.test_idx)
            if ds.task == "regression" and self._kind == "plane":
                # Values near 0 are near white: darken the rings so every one shows.
                cols = [tuple(int(0.65 * v + 0.35 * 60) for v in c) for c in cols]
            self.test_item.setData(x=sx, y=sy, pen=[ring(c) for c in cols],
                                   brush=pg.mkBrush(255, 255, 255), symbol="o",
                                   size=TEST_POINT_SIZE)
        else:
            self.test_item.setData(x=[], y=[])
        self.test_item.setVisible(self.show_test.isChecked())
        self._update_selected()

    def _update_selected(self):
        if self._kind == "images":
            return
        n = len(self._train_xy)
        i = self.session.sample_index
        if 0 <= i < n:
            self.selected_item.setData(x=[self._train_xy[i, 0]], y=[self._train_xy[i, 1]])
        else:
            self.selected_item.setData(x=[], y=[])

    def _test_toggled(self, on):
        self.test_item.setVisible(on)
        self._update_caption(force=True)

    def _set_view_range(self):
        (x0, y0), (x1, y1) = self._bounds()
        self.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _bounds(self):
        """((x0, y0), (x1, y1)) of what the view shows."""
        s = self.session
        lo, hi = s.plane_bounds()
        if self._kind == "plane":
            return lo, hi
        _, ty = self._point_xy(np.arange(s.dataset.n_samples))
        ylo, yhi = (float(ty.min()), float(ty.max())) if len(ty) else (0.0, 1.0)
        if self.session.dataset.task == "classification":
            ylo, yhi = min(ylo, 0.0), max(yhi, 1.0)
        pad = 0.12 * max(yhi - ylo, 1e-9) + 0.05
        return (lo[0], ylo - pad), (hi[0], yhi + pad)

    # -- heat map / curve ------------------------------------------------------------------
    def _redraw_output(self, res):
        if self._kind == "images":
            self._dirty = False
            return
        t0 = time.perf_counter()
        if self._kind == "plane":
            self._draw_image(res)
        else:
            self._draw_curve()
        self._dirty = False
        self._drawn_res = res
        end = time.perf_counter()
        self._last_cost = end - t0
        if self._kind == "plane":
            # Estimated full-resolution cost (the grid is res²), smoothed so one
            # slow frame does not switch the resolution for the whole run.
            full = self._last_cost * (RESOLUTION / res) ** 2
            self._full_cost = full if not self._full_cost else \
                0.7 * self._full_cost + 0.3 * full
        self._last_draw_end = end

    def _draw_image(self, res):
        s = self.session
        ds = s.dataset
        xs, ys, out = s.grid_output(res)      # float32 output layer only
        if ds.task == "regression":
            img = np.ascontiguousarray(out[..., 0], dtype=np.float32)
            np.nan_to_num(img, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
            y = np.asarray(ds.y, float)
            y = y if y.ndim == 1 else y[:, 0]
            m = float(np.max(np.abs(y))) if len(y) else 1.0
            m = m if np.isfinite(m) and m > 0 else 1.0
            self._set_scalar_image(img, DIVERGING_LIGHT_LUT, (-m, m))
        elif out.shape[-1] == 1:
            p = out[..., 0]
            if self.discretize.isChecked():
                img = (p >= 0.5).astype(np.float32)
            else:
                img = np.ascontiguousarray(p, dtype=np.float32)
                np.nan_to_num(img, copy=False, nan=0.5, posinf=1.0, neginf=0.0)
            self._set_scalar_image(img, BINARY_LUT, (0.0, 1.0))
        else:
            probs = np.nan_to_num(out, nan=0.0, posinf=1.0, neginf=0.0)
            if self.discretize.isChecked():
                probs = np.eye(probs.shape[-1], dtype=np.float32)[probs.argmax(-1)]
            rgba = theme.class_blend(probs)
            # class_blend keeps 75 % of the colour; lighten to the LUT's pale tone.
            rgba[..., :3] = _lighten(rgba[..., :3], LIGHTEN / 0.75).round().astype(np.ubyte)
            rgba = np.ascontiguousarray(rgba)
            if self._image_kind != "rgba":
                self.image.setLookupTable(None, update=False)
                self.image.setLevels(None, update=False)
                self._image_kind = "rgba"
            self.image.setImage(rgba, autoLevels=False)
        dx = (xs[-1] - xs[0]) / max(res - 1, 1)
        dy = (ys[-1] - ys[0]) / max(res - 1, 1)
        # Pixel centres on the grid points: extend the rectangle half a pixel.
        rect = QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
        if rect != getattr(self, "_rect", None):
            self.image.setRect(rect)
            self._rect = rect

    def _set_scalar_image(self, img, lut, levels):
        if self._image_kind != ("scalar", id(lut)):
            self.image.setLookupTable(lut, update=False)
            self._image_kind = ("scalar", id(lut))
        self.image.setImage(img, autoLevels=False, levels=levels)

    def _draw_curve(self):
        s = self.session
        if s.dataset.task == "classification" and s.net.layers[-1].output_dim != 1:
            self.curve.setData([], [])        # K classes on a line: points only
            return
        xs, y = s.curve(CURVE_RESOLUTION)
        ok = np.isfinite(y)
        self.curve.setData(xs[ok], y[ok])

    # -- caption -----------------------------------------------------------------------
    def _update_caption(self, force=False):
        if self._kind == "images":
            return
        s = self.session
        h = s.history
        key = (len(h), id(h), s.diverged, self.show_test.isChecked(),
               s.events.params_version, ZOOM.scale, self.plot.width())
        if key == self._caption_key and not force:
            return
        now = time.perf_counter()
        if s.playing and not force and now - self._caption_time < CAPTION_SECONDS:
            return      # numbers changing 60 times a second are unreadable anyway
        self._caption_key = key
        self._caption_time = now
        ds = s.dataset
        regression = ds.task == "regression"
        metric = tr("R²") if regression else tr("accuracy")

        def mval(v):
            if not np.isfinite(v):
                return "–"
            return theme.fmt(v, 3) if regression else f"{100 * v:.1f} %"

        lines = []
        parts = []
        if ds.task == "classification":
            cols = theme.CLASS_COLORS
            for k in range(ds.n_classes):
                name = class_label(ds.class_names[k]) if k < len(ds.class_names) else str(k)
                parts.append(f'<span style="color:{_hex(cols[k % len(cols)])}">●</span>&nbsp;'
                             f"{name}")
        else:
            parts = [f'<span style="color:{_hex(theme.FOREGROUND)}">●</span>&nbsp;'
                     + tr("train")]
        if len(ds.test_idx) and self.show_test.isChecked():
            parts.append(f'<span style="color:{_hex(theme.GREY)}">○</span>&nbsp;' + tr("test"))
        per_row = 4                      # many classes: wrap the legend, never cut it off
        for i in range(0, len(parts), per_row):
            lines.append("&nbsp;&nbsp;&nbsp;".join(parts[i:i + per_row]))
        # a short pane keeps its room for the plane (the controls' readout,
        # next to it, has the same numbers)
        roomy = self.plot.height() >= 300
        if roomy and (len(h) or s.can_undo):
            # the numbers of the weights on screen (fresh after an edit)
            m = s.current_metrics()
            lines.append(tr("train: loss {loss} · {metric} {value}").format(
                loss=theme.fmt(m["train_loss"], 3), metric=metric,
                value=mval(m["train_metric"])))
            if len(ds.test_idx):
                sl = m["test_loss"]
                lines.append(tr("test: loss {loss} · {metric} {value}").format(
                    loss=theme.fmt(sl, 3) if np.isfinite(sl) else "–", metric=metric,
                    value=mval(m["test_metric"])))
        elif roomy:
            lines.append(tr("not trained yet"))
        if ds.n_inputs > 2:
            lines.append("<i>" + tr("other inputs held at their mean") + "</i>")
        if s.diverged:
            lines.append('<b style="color:#b22">' + tr("training diverged") + "</b>")
        self._set_title("<br>".join(lines))

    def _set_title(self, html):
        """The caption above the plot: in the exported picture, never over the data."""
        pi = self.plot.getPlotItem()
        label = pi.titleLabel
        label.setText(html, color=_hex(theme.FOREGROUND), size=f"{ZOOM.px(13)}px")
        # wrap to the view's width: a narrow column must not cut the numbers off
        label.item.setTextWidth(max(80, self.plot.width() - 16))
        label.updateMin()
        h = int(label.item.boundingRect().height()) + 2
        if h != getattr(self, "_title_height", None):    # relayout only when lines change
            self._title_height = h
            label.setMaximumHeight(h)
            pi.layout.setRowFixedHeight(0, h)
            label.setVisible(True)
            pi.layout.activate()         # now, not at the next event-loop pass

    def caption_text(self) -> str:
        """The caption as plain text (legend, train/test loss and metric)."""
        return self.plot.getPlotItem().titleLabel.item.toPlainText()

    # -- events ---------------------------------------------------------------------------
    def _on_data(self, _ev=None):
        if self.isVisible() or not self._kind:
            self.rebuild()
        else:
            self._kind = None        # rebuild when shown
            self._dirty = True

    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        if self._kind is not None:
            self._update_caption(force=True)

    def _on_zoom(self):
        if self._kind is not None:
            self._update_caption(force=True)

    def _on_params(self, _ev=None):
        if not self.isVisible():
            self._dirty = True
            return
        self._update_caption()
        if self.session.playing:
            now = time.perf_counter()
            # Drop frames instead of queueing: keep the heat map's share of time small.
            if now - self._last_draw_end < self._last_cost / DRAW_SHARE - self._last_cost:
                self._dirty = True
                return
            slow = self._kind == "plane" and self._full_cost > SLOW_GRID_SECONDS
            self._redraw_output(PLAYING_RESOLUTION if slow else RESOLUTION)
        else:
            self._redraw_output(RESOLUTION)

    def _on_training(self, _ev=None):
        if not self.isVisible():
            return
        self._update_caption()
        if not self.session.playing and (self._dirty or self._drawn_res != RESOLUTION):
            self._redraw_output(RESOLUTION)

    def _on_selection(self, _ev=None):
        self._update_selected()

    def showEvent(self, ev):
        super().showEvent(ev)
        if self._kind is None:
            self.rebuild()
        elif self._dirty:
            self._redraw_output(RESOLUTION)
            self._update_caption(force=True)

    # -- mouse ---------------------------------------------------------------------------
    def _scene_clicked(self, ev):
        if ev.button() != Qt.LeftButton or ev.double():
            return
        pos = ev.scenePos()
        if not self.vb.sceneBoundingRect().contains(pos):
            return
        p = self.vb.mapSceneToView(pos)
        if self.click_at(p.x(), p.y()):
            ev.accept()

    def _scene_moved(self, pos):
        inside = self.vb.sceneBoundingRect().contains(pos)
        self._update_eraser(self.vb.mapSceneToView(pos) if inside else None)

    def _erase_radius(self):
        (x0, y0), (x1, y1) = self.session.plane_bounds() if self._kind == "plane" \
            else self._bounds()
        if self._kind == "line":
            return ERASE_FRACTION / 2 * (x1 - x0)
        return ERASE_FRACTION * max(x1 - x0, y1 - y0)

    def _update_eraser(self, p: QPointF | None):
        show = p is not None and self._mode == "erase"
        if not show:
            self.eraser.hide()
            self.eraser_band.hide()
            return
        r = self._erase_radius()
        if self._kind == "plane":
            self.eraser.setRect(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))
            self.eraser.show()
        else:
            ylo, yhi = self.vb.viewRange()[1]
            self.eraser_band.setRect(QRectF(p.x() - r, ylo, 2 * r, yhi - ylo))
            self.eraser_band.show()

    def _nearest_train(self, x, y):
        """Index into train_idx of the training point nearest (x, y) in pixels,
        or None when none is within SELECT_PIXELS."""
        P = self._train_xy
        if not len(P):
            return None
        pw, ph = self.vb.viewPixelSize()
        pw, ph = (pw or 1.0), (ph or 1.0)
        d = np.hypot((P[:, 0] - x) / pw, (P[:, 1] - y) / ph)
        i = int(np.argmin(d))
        return i if d[i] <= SELECT_PIXELS else None

    def _click(self, x, y):
        s = self.session
        ds = s.dataset
        mode = self._mode
        if mode == "select":
            i = self._nearest_train(x, y)
            if i is None:
                return False
            s.select_sample(i)
            return True
        if mode == "erase":
            return bool(s.remove_points_near(x, y, self._erase_radius()))
        if mode.startswith("add"):
            if ds.task == "classification":
                label = int(mode[3:])
                if self._kind == "plane":
                    s.add_point(x, y, label)
                else:
                    s.add_point(x, 0.0, label)
            elif self._kind == "plane":
                s.add_point(x, y, float(self.target_spin.value()))
            else:
                s.add_point(x, 0.0, float(y))
            return True
        return False

    # -- buttons ----------------------------------------------------------------------------
    def _clear(self):
        try:
            self.session.clear_points()
        except NNVizError as e:
            self.show_warning(tr("Clear"), str(e))

    def _ask_csv_path(self):
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Import CSV"), "", tr("CSV files (*.csv *.txt);;All files (*)"))
        return path or None

    def _import_clicked(self):
        path = self.ask_csv_path()
        if not path:
            return
        err = self.import_csv(path)
        if err:
            self.show_warning(tr("Import CSV"), err)


__all__ = ["DataView"]
