"""The digits views: a gallery of the images with their true and predicted
labels (the mistakes first) and a confusion matrix.

For data sets whose samples are grey images (:attr:`core.data.Dataset.image_shape`,
the bundled 8×8 digits). The plane of the data view cannot show 64-D data;
these two take its place (:mod:`nnviz.digits_ui`).

Speed: every image of the data set sits in one ``QImage`` atlas (8 pixels
wide, one 8×8 tile per sample, built once per data set); the gallery draws
only the cells in sight, each one ``drawImage`` from the atlas. The
predictions come from one float32 inference pass of the session's network
(~0.3 ms for 539 test images) and are refreshed at most ~10 times a second
while training plays (DESIGN.md: secondary views at ~10 Hz).

:func:`digit_results` (Qt-free) gathers what both views draw; the views only draw.
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from core.data import confusion_matrix, misclassified_first
from nnviz import theme
from nnviz.i18n import QT_TR_NOOP, tr
from nnviz.views.common import subscribe
from nnviz.zoom import ZOOM

SUBSETS = {"test": QT_TR_NOOP("Test images"), "train": QT_TR_NOOP("Training images"),
           "all": QT_TR_NOOP("All images")}
REFRESH_SECONDS = 0.1        # while training plays: at most ~10 refreshes a second
IMAGE_PX = 30                # a gallery image's side at zoom 1
LABEL_PX = 12                # the gallery's label text at zoom 1
WRONG = theme.VERMILLION


def digit_results(session, subset="test") -> dict:
    """What the digits views draw, from the session's data and network:

    ``index`` (positions in the data set), ``true``, ``pred`` (class labels),
    ``order`` (positions into those arrays, mistakes first), ``confusion``
    (K×K counts, row = true class), ``n_classes``, ``class_names``, ``subset``
    (the one used: "test" falls back to "train" when there is no test set)."""
    ds = session.dataset
    if subset == "test" and not len(ds.test_idx):
        subset = "train"
    idx = {"test": ds.test_idx, "train": ds.train_idx}.get(subset)
    if idx is None:
        subset, idx = "all", np.arange(ds.n_samples)
    idx = np.asarray(idx, int)
    true = np.asarray(ds.y, int)[idx]
    k = max(int(ds.n_classes), 2)
    if len(idx):
        with np.errstate(all="ignore"):
            out = session.net.forward_inference(session.features(ds.X[idx]))
        out = np.nan_to_num(out, nan=0.0)
        pred = (out[:, 0] >= 0.5).astype(int) if out.shape[1] == 1 else out.argmax(axis=1)
    else:
        pred = np.zeros(0, int)
    names = tuple(ds.class_names) or tuple(str(c) for c in range(k))
    return {"index": idx, "true": true, "pred": pred, "order": misclassified_first(true, pred),
            "confusion": confusion_matrix(true, pred, k), "n_classes": k,
            "class_names": names, "subset": subset}


def image_atlas(images) -> tuple[QImage, np.ndarray]:
    """(QImage, its buffer): images (n, rows, cols) in [0, 1] stacked
    vertically as grey ink on white (1 = black)."""
    n, r, c = images.shape
    buf = np.ascontiguousarray(255 - np.clip(np.round(images * 255), 0, 255).astype(np.uint8))
    buf = buf.reshape(n * r, c)
    img = QImage(buf.data, c, n * r, c, QImage.Format_Grayscale8)
    return img.copy(), buf      # a copy owns its memory


class GalleryWidget(QWidget):
    """The images in a grid, each with "true" or "true→predicted" under it.

    :meth:`set_images` once per data set, :meth:`set_results` on every
    refresh. ``order()`` is the drawn order (positions into the data set);
    ``sampleClicked(int)`` gives the data-set position of a clicked image.
    """
    sampleClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-digits-gallery")
        self._atlas = None
        self._shape = (8, 8)
        self._index = np.zeros(0, int)     # data-set positions, in drawn order
        self._true = np.zeros(0, int)
        self._pred = np.zeros(0, int)
        self._names = ()
        self._cols = 1
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.setMouseTracking(False)

    # -- data ----------------------------------------------------------------
    def set_images(self, images):
        """All images of the data set, (n, rows, cols) in [0, 1]."""
        self._atlas, _ = image_atlas(np.asarray(images, float))
        self._shape = images.shape[1:]

    def set_results(self, index, true, pred, class_names):
        """Draw the images at data-set positions ``index`` in that order."""
        self._index = np.asarray(index, int)
        self._true = np.asarray(true, int)
        self._pred = np.asarray(pred, int)
        self._names = tuple(class_names)
        self._relayout()
        self.update()

    def order(self) -> np.ndarray:
        return self._index.copy()

    # -- geometry --------------------------------------------------------------
    def cell_size(self) -> tuple[int, int, int]:
        """(width, height, image side) of a cell at the current zoom."""
        side = ZOOM.px(IMAGE_PX)
        fm = QFontMetricsF(self._font())
        w = max(side, int(fm.horizontalAdvance("8→8")) + 2) + 8
        return w, side + int(fm.height()) + 8, side

    def _font(self):
        f = QFont(self.font())
        f.setPixelSize(ZOOM.px(LABEL_PX))
        return f

    def _relayout(self):
        w, h, _ = self.cell_size()
        width = self.parentWidget().width() if self.parentWidget() else self.width()
        self._cols = max(1, (max(width, w) - 4) // w)
        rows = -(-len(self._index) // self._cols)
        self.setMinimumHeight(max(h, rows * h + 4))

    def sizeHint(self):
        w, h, _ = self.cell_size()
        return QSize(6 * w, 3 * h)

    def minimumSizeHint(self):
        w, h, _ = self.cell_size()
        return QSize(w + 4, h)

    def cell_at(self, pos) -> int:
        """Position in the drawn order of the cell at ``pos``, or −1."""
        w, h, _ = self.cell_size()
        c, r = int(pos.x() // w), int(pos.y() // h)
        i = r * self._cols + c
        return i if 0 <= c < self._cols and 0 <= i < len(self._index) else -1

    # -- qt --------------------------------------------------------------------
    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        cols = self._cols
        self._relayout()
        if cols != self._cols:
            self.update()

    def mousePressEvent(self, ev):
        i = self.cell_at(ev.position())
        if i >= 0 and ev.button() == Qt.LeftButton:
            self.sampleClicked.emit(int(self._index[i]))

    def paintEvent(self, ev):
        p = QPainter(self)
        p.fillRect(ev.rect(), QColor(255, 255, 255))
        if self._atlas is None or not len(self._index):
            p.end()
            return
        w, h, side = self.cell_size()
        rows_n, cols_n = self._shape
        font = self._font()
        p.setFont(font)
        fm = QFontMetricsF(font)
        r0 = max(0, ev.rect().top() // h)
        r1 = ev.rect().bottom() // h + 1
        frame = QPen(theme.qcolor(theme.GREY))
        wrong_pen = QPen(theme.qcolor(WRONG))
        wrong_pen.setWidthF(2.0)
        p.setRenderHint(QPainter.SmoothPixmapTransform, False)
        for i in range(r0 * self._cols, min(len(self._index), r1 * self._cols)):
            r, c = divmod(i, self._cols)
            x, y = c * w + 4, r * h + 4
            k = int(self._index[i])
            target = QRectF(x + (w - 8 - side) / 2, y, side, side)
            p.drawImage(target, self._atlas, QRectF(0, k * rows_n, cols_n, rows_n))
            t, q = int(self._true[i]), int(self._pred[i])
            wrong = t != q
            p.setPen(wrong_pen if wrong else frame)
            p.setBrush(Qt.NoBrush)
            p.drawRect(target)
            name_t = self._names[t] if t < len(self._names) else str(t)
            name_q = self._names[q] if q < len(self._names) else str(q)
            text = f"{name_t}→{name_q}" if wrong else name_t
            p.setPen(theme.qcolor(WRONG if wrong else theme.FOREGROUND))
            p.drawText(QRectF(x - 2, y + side + 1, w - 4, fm.height()),
                       int(Qt.AlignHCenter | Qt.AlignTop), text)
        p.end()


class ConfusionMatrix(QWidget):
    """K×K counts: rows the true class, columns the predicted one. The
    diagonal (right answers) is blue and outlined, the mistakes orange; the
    colour's strength is the count. ``cellClicked(true, predicted)``."""
    cellClicked = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-digits-confusion")
        self._cm = np.zeros((10, 10), int)
        self._names = tuple(str(k) for k in range(10))
        self._selected = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_counts(self, counts, class_names):
        self._cm = np.asarray(counts, int)
        self._names = tuple(class_names)
        self.update()

    def counts(self) -> np.ndarray:
        return self._cm.copy()

    def set_selected(self, cell):
        self._selected = cell
        self.update()

    def _font(self, base=11):
        f = QFont(self.font())
        f.setPixelSize(ZOOM.px(base))
        return f

    def _geometry(self):
        """(x0, y0, cell side) of the grid."""
        k = max(len(self._cm), 1)
        fm = QFontMetricsF(self._font())
        lab = fm.height() + 2
        x0 = 2 * lab + 2
        y0 = 2 * lab
        side = max(6.0, min((self.width() - x0 - 4) / k, (self.height() - y0 - 4) / k))
        return x0, y0, side

    def cell_at(self, pos):
        x0, y0, side = self._geometry()
        k = len(self._cm)
        c, r = int((pos.x() - x0) // side), int((pos.y() - y0) // side)
        return (r, c) if 0 <= r < k and 0 <= c < k and pos.x() >= x0 and pos.y() >= y0 \
            else None

    def sizeHint(self):
        return QSize(260, 260)

    def minimumSizeHint(self):
        return QSize(120, 100)

    def mouseMoveEvent(self, ev):
        cell = self.cell_at(ev.position())
        if cell is None:
            self.setToolTip("")
            return
        t, q = cell
        self.setToolTip(tr("true {t}, predicted {p}: {n} images (click to show them)").format(
            t=self._name(t), p=self._name(q), n=int(self._cm[t, q])))

    def mousePressEvent(self, ev):
        cell = self.cell_at(ev.position())
        if cell is not None and ev.button() == Qt.LeftButton:
            self.cellClicked.emit(*cell)

    def _name(self, k):
        return self._names[k] if k < len(self._names) else str(k)

    def paintEvent(self, ev):
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(255, 255, 255))
        cm = self._cm
        k = len(cm)
        if not k:
            p.end()
            return
        x0, y0, side = self._geometry()
        font = self._font()
        fm = QFontMetricsF(font)
        lab = fm.height() + 2
        diag = np.diag(cm)
        off = cm - np.diag(diag)
        dmax = max(int(diag.max()), 1)
        omax = max(int(off.max()), 1)
        f = QFont(self.font())
        f.setPixelSize(max(7, min(ZOOM.px(11), int(side * 0.55))))
        p.setFont(f)
        cfm = QFontMetricsF(p.font())
        for r in range(k):
            for c in range(k):
                n = int(cm[r, c])
                rect = QRectF(x0 + c * side, y0 + r * side, side, side)
                base = theme.BLUE if r == c else theme.ORANGE
                t = n / (dmax if r == c else omax) if n else 0.0
                t = 0.12 + 0.88 * t if n else 0.0
                rgb = [255 - (255 - v) * t for v in base]
                p.fillRect(rect, QColor(*[int(v) for v in rgb]))
                if n and cfm.horizontalAdvance(str(n)) < side - 1:
                    dark = t > 0.6
                    p.setPen(QColor(255, 255, 255) if dark else theme.qcolor(theme.FOREGROUND))
                    p.drawText(rect, int(Qt.AlignCenter), str(n))
        p.setPen(QPen(QColor(220, 220, 220)))
        for i in range(k + 1):
            p.drawLine(QPointF(x0, y0 + i * side), QPointF(x0 + k * side, y0 + i * side))
            p.drawLine(QPointF(x0 + i * side, y0), QPointF(x0 + i * side, y0 + k * side))
        pen = QPen(theme.qcolor(theme.FOREGROUND))
        pen.setWidthF(1.5 if side >= 20 else 1.0)
        p.setPen(pen)
        p.setBrush(Qt.NoBrush)
        for i in range(k):                           # the diagonal: right answers
            p.drawRect(QRectF(x0 + i * side, y0 + i * side, side, side))
        if self._selected is not None:
            r, c = self._selected
            sel = QPen(theme.qcolor(theme.HIGHLIGHT))
            sel.setWidthF(3.0)
            p.setPen(sel)
            p.drawRect(QRectF(x0 + c * side, y0 + r * side, side, side))
        p.setFont(font)
        p.setPen(theme.qcolor(theme.FOREGROUND))
        for i in range(k):
            name = self._name(i)
            p.drawText(QRectF(x0 + i * side, y0 - lab, side, lab),
                       int(Qt.AlignCenter), name)
            p.drawText(QRectF(x0 - lab, y0 + i * side, lab - 2, side),
                       int(Qt.AlignRight | Qt.AlignVCenter), name)
        p.setPen(theme.qcolor(theme.GREY))
        p.drawText(QRectF(x0, 0, k * side, lab), int(Qt.AlignCenter), tr("predicted →"))
        p.save()
        p.translate(0, y0 + k * side / 2)
        p.rotate(-90)
        p.drawText(QRectF(-k * side / 2, 0, k * side, lab), int(Qt.AlignCenter), tr("true →"))
        p.restore()
        p.end()


class DigitsView(QWidget):
    """Gallery and confusion matrix (two tabs) for image data:
    ``DigitsView(session)``. A subset box chooses test, training or all
    images; clicking a matrix cell shows only those images in the gallery
    (click it again, or "All", to show every one)."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-digits-view")
        self.session = session
        self._subset = "test"
        self._cell = None
        self._results = None
        self._dirty = True
        self._images_for = None
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setObjectName("digits-refresh")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self._build_ui()
        ZOOM.changed.connect(self._on_zoom)
        subscribe(self, session, {"data": self._on_data, "network": self._on_params,
                                  "params": self._on_params, "training": self._on_training})
        self._on_data()

    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.setSpacing(6)
        self.subset_combo = QComboBox()
        for key, label in SUBSETS.items():
            self.subset_combo.addItem(tr(label), key)
        self.subset_combo.setToolTip(tr("Which images the gallery and the matrix count"))
        self.subset_combo.currentIndexChanged.connect(self._subset_changed)
        self.all_button = QToolButton()
        self.all_button.setText(tr("All"))
        self.all_button.setAutoRaise(True)
        self.all_button.setToolTip(tr("Show every image again (not only one cell of the "
                                      "matrix)"))
        self.all_button.clicked.connect(lambda: self.show_cell(None))
        self.all_button.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        bar.addWidget(self.subset_combo)
        bar.addWidget(self.all_button)
        bar.addWidget(self.summary, 1)       # one row: the pane's height is for the images
        lay.addLayout(bar)
        self.gallery = GalleryWidget()
        self.gallery.sampleClicked.connect(self._sample_clicked)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.gallery)
        self.scroll.setMinimumHeight(40)
        self.matrix = ConfusionMatrix()
        self.matrix.cellClicked.connect(self._cell_clicked)
        # two tabs: in a side column at 1024×768 each needs the pane's height
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.scroll, tr("Gallery"))
        self.tabs.addTab(self.matrix, tr("Confusion matrix"))
        self.tabs.setTabToolTip(0, tr("The images with their label and the network's "
                                      "prediction, mistakes first"))
        self.tabs.setTabToolTip(1, tr("How often each true digit (row) was predicted as "
                                      "each digit (column); the diagonal is right"))
        lay.addWidget(self.tabs, 1)

    # -- public ------------------------------------------------------------------
    def results(self) -> dict:
        """What the views draw now (see :func:`digit_results`)."""
        if self._results is None or self._dirty:
            self.refresh()
        return self._results

    def set_subset(self, subset):
        i = self.subset_combo.findData(subset)
        if i < 0:
            raise ValueError(f"no subset {subset!r}; choose one of {', '.join(SUBSETS)}")
        self.subset_combo.setCurrentIndex(i)

    def show_cell(self, cell):
        """Only the images of confusion cell (true, predicted); None: all."""
        self._cell = None if cell is None else (int(cell[0]), int(cell[1]))
        self.matrix.set_selected(self._cell)
        self.all_button.setVisible(self._cell is not None)
        self.refresh()

    def refresh(self):
        """Predict and redraw now."""
        self._timer.stop()
        self._last = time.perf_counter()
        s = self.session
        if s.dataset.image_shape is None:
            self._results = None
            self.summary.setText(tr("Not an image data set"))
            self.gallery.set_results([], [], [], ())
            return
        self._ensure_images()
        r = digit_results(s, self._subset)
        self._results = r
        self._dirty = False
        order = r["order"]
        if self._cell is not None:
            t, q = self._cell
            order = order[(r["true"][order] == t) & (r["pred"][order] == q)]
        self.gallery.set_results(r["index"][order], r["true"][order], r["pred"][order],
                                 r["class_names"])
        self.matrix.set_counts(r["confusion"], r["class_names"])
        n = len(r["true"])
        wrong = int((r["true"] != r["pred"]).sum())
        what = {"test": tr("test images"), "train": tr("training images"),
                "all": tr("images")}[r["subset"]]
        text = tr("{w} of {n} {what} wrong ({acc:.1f} % right)").format(
            w=wrong, n=n, what=what, acc=100.0 * (n - wrong) / max(n, 1))
        if self._cell is not None:
            text = tr("true {t}, predicted {p}: {k} images").format(
                t=r["class_names"][self._cell[0]], p=r["class_names"][self._cell[1]],
                k=len(order)) + " · " + text
        self.summary.setText(text)

    # -- internals -------------------------------------------------------------------
    def _ensure_images(self):
        ds = self.session.dataset
        if self._images_for is not ds:
            shape = ds.image_shape
            self.gallery.set_images(np.asarray(ds.X, float).reshape((-1,) + tuple(shape)))
            self._images_for = ds

    def _subset_changed(self, _i):
        self._subset = self.subset_combo.currentData() or "test"
        self.show_cell(None)

    def _cell_clicked(self, t, q):
        self.show_cell(None if self._cell == (t, q) else (t, q))
        if self._cell is not None:
            self.tabs.setCurrentWidget(self.scroll)     # show those images

    def _sample_clicked(self, k):
        """A training image: make it the selected sample (the network view and
        the step-through follow it)."""
        pos = np.flatnonzero(np.asarray(self.session.dataset.train_idx) == k)
        if pos.size:
            self.session.select_sample(int(pos[0]))

    def _on_data(self, _ev=None):
        if not isValid(self):
            return
        self._cell = None
        self.matrix.set_selected(None)
        self.all_button.hide()
        self._images_for = None
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _on_params(self, _ev=None):
        if not isValid(self):
            return
        self._dirty = True
        if not self.isVisible():
            return
        wait = REFRESH_SECONDS - (time.perf_counter() - self._last)
        if not self.session.playing or wait <= 0:
            self.refresh()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(1000 * wait)))

    def _on_training(self, _ev=None):
        if isValid(self) and self._dirty and self.isVisible() and not self.session.playing:
            self.refresh()

    def _on_zoom(self):
        if isValid(self):
            self.gallery._relayout()
            self.gallery.update()
            self.matrix.update()

    def showEvent(self, ev):
        super().showEvent(ev)
        if self._dirty or self._results is None:
            self.refresh()

    def hideEvent(self, ev):
        self._timer.stop()
        super().hideEvent(ev)


__all__ = ["ConfusionMatrix", "DigitsView", "GalleryWidget", "SUBSETS", "digit_results",
           "image_atlas"]
