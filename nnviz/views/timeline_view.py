"""The training timeline under the views: every epoch trained so far, the loss
drawn faintly, marks where settings or weights changed, and a cursor.

Dragging the cursor (or , and .) looks back at an epoch: the session puts
that epoch's weights on show in every view, exactly, and changes nothing.
"Continue from here" makes it the present (one undoable edit); "Replay" plays
the recorded run back at the training speed without retraining. The maths is
the session's (:mod:`core.timeline`); this view only draws and forwards input.
"""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from nnviz import theme
from nnviz.i18n import tr
from nnviz.views.common import subscribe
from nnviz.zoom import ZOOM

MAX_POINTS = 600             # the faint loss line: a strip needs no more
REDRAW_SECONDS = 0.1         # ~10 Hz while training: a secondary view
MARK_COLORS = {"settings": theme.VERMILLION, "param": theme.PURPLE,
               "theta": theme.PURPLE, "diverged": (180, 0, 0)}


class TimelineView(QWidget):
    """Public: ``plot``, ``cursor`` (pyqtgraph InfiniteLine), ``label``,
    ``continue_button``, ``present_button``, ``replay_button``, ``mark_count()``,
    ``cursor_epoch()``."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("nnviz-timeline")
        self._last_draw = 0.0
        self._drawn_key = None
        self._dragging = False
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.setSpacing(6)
        self.replay_button = QPushButton(tr("▶ Replay"))
        self.replay_button.setCheckable(True)
        self.replay_button.setToolTip(tr("Play the recorded training back at the chosen "
                                         "speed, without training again"))
        self.replay_button.toggled.connect(self._replay_toggled)
        lay.addWidget(self.replay_button)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("nnviz-timeline-plot")
        self.plot.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        pi = self.plot.getPlotItem()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.hideAxis("left")
        pi.getAxis("bottom").enableAutoSIPrefix(False)
        vb = pi.getViewBox()
        vb.setMouseEnabled(False, False)
        vb.disableAutoRange()
        self.curve = pg.PlotDataItem(pen=pg.mkPen(theme.qcolor(theme.BLUE, 110), width=1))
        pi.addItem(self.curve)
        self.marks = pg.ScatterPlotItem(size=9, symbol="t", pxMode=True)
        pi.addItem(self.marks)
        self.cursor = pg.InfiniteLine(angle=90, movable=True,
                                      pen=pg.mkPen(theme.qcolor(theme.FOREGROUND), width=2),
                                      hoverPen=pg.mkPen(theme.qcolor(theme.ORANGE), width=3))
        self.cursor.sigDragged.connect(self._cursor_dragged)
        self.cursor.sigPositionChangeFinished.connect(self._cursor_dropped)
        pi.addItem(self.cursor, ignoreBounds=True)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        lay.addWidget(self.plot, 1)
        self.label = QLabel()
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance(
            "Epoch 100,000 of 100,000") + 8)
        lay.addWidget(self.label)
        self.continue_button = QPushButton(tr("Continue from here"))
        self.continue_button.setToolTip(tr("Make the epoch you are looking at the present: "
                                           "later epochs are dropped (Ctrl+Z undoes)"))
        self.continue_button.clicked.connect(self._continue)
        lay.addWidget(self.continue_button)
        self.present_button = QPushButton(tr("Back to now"))
        self.present_button.setToolTip(tr("Show the latest epoch again"))
        self.present_button.clicked.connect(self.session.back_to_present)
        lay.addWidget(self.present_button)
        subscribe(self, session, {"training": self._on_training, "network": self._on_any,
                                  "data": self._on_any, "settings": self._on_any})
        ZOOM.changed.connect(self._apply_zoom)
        self._apply_zoom()
        self.redraw(force=True)

    # -- reading -----------------------------------------------------------------
    def cursor_epoch(self) -> int:
        return int(round(self.cursor.value()))

    def mark_count(self) -> int:
        return len(self.marks.data)

    # -- drawing -----------------------------------------------------------------
    def _apply_zoom(self):
        self.setFixedHeight(int(round(30 * ZOOM.scale)) + 4)

    def _on_any(self, _ev=None):
        self.redraw(force=True)

    def _on_training(self, ev):
        force = bool(ev.changed & {"viewing", "replaying", "playing"}) or \
            not self.session.playing
        self.redraw(force=force)

    def redraw(self, force=False):
        s = self.session
        now = time.perf_counter()
        if not force and now - self._last_draw < REDRAW_SECONDS:
            return
        self._last_draw = now
        tl = s.timeline
        start, end = tl.start, tl.end
        key = (len(s.history), id(s.history), start, end, len(tl.edits))
        if key != self._drawn_key:
            self._drawn_key = key
            self._draw_curve(start, end)
            self._draw_marks()
            span = max(end - start, 1)
            self.plot.getPlotItem().getViewBox().setRange(
                xRange=(start, start + span), yRange=(0, 1), padding=0.01)
            self.cursor.setBounds((start, max(end, start)))
        viewing = s.viewing
        if not self._dragging:
            self.cursor.setValue(end if viewing is None else viewing)
        looking = viewing is not None
        self.label.setText(
            tr("Epoch {0:,} of {1:,}").format(viewing, end) if looking
            else tr("Epoch {0:,} (now)").format(end))
        self.continue_button.setEnabled(looking)
        self.present_button.setEnabled(looking)
        self.replay_button.setEnabled(end > start)
        if self.replay_button.isChecked() != s.replaying:
            self.replay_button.blockSignals(True)
            self.replay_button.setChecked(s.replaying)
            self.replay_button.blockSignals(False)

    def _draw_curve(self, start, end):
        h = self.session.history
        n = len(h)
        if n == 0 or end <= start:
            self.curve.setData([], [])
            return
        # subsample first: a strip needs a few hundred points, and a long run
        # must not cost a copy of its whole history ten times a second
        step = max(1, n // MAX_POINTS)
        epochs = np.asarray(h["epoch"])[::step]
        loss = np.asarray(h["train_loss"])[::step]
        keep = (epochs >= start) & np.isfinite(loss) & (loss > 0)
        epochs, loss = epochs[keep], loss[keep]
        if len(loss) == 0:
            self.curve.setData([], [])
            return
        loss = np.log10(loss)
        lo, hi = float(loss.min()), float(loss.max())
        y = 0.1 + 0.8 * (loss - lo) / (hi - lo) if hi > lo else np.full_like(loss, 0.5)
        self.curve.setData(epochs, y)

    def _draw_marks(self):
        marks = self.session.timeline.marks()
        if not marks:
            self.marks.setData([], [])
            return
        spots = [{"pos": (e, 0.95), "brush": pg.mkBrush(*MARK_COLORS.get(k, theme.GREY)),
                  "pen": pg.mkPen(None), "data": label} for e, k, label in marks]
        self.marks.setData(spots)
        self.marks.setToolTip("\n".join(f"{tr('epoch')} {e}: {label}"
                                        for e, _k, label in marks[-12:]))

    def set_best_epoch(self, epoch, overfitting=False):
        """Mark the epoch of the lowest test loss (training health, issue #14)
        with a green triangle at the bottom of the strip; ``None`` hides it."""
        mark = getattr(self, "best_mark", None)
        if mark is None:
            mark = self.best_mark = pg.ScatterPlotItem(size=11, symbol="t1", pxMode=True)
            self.plot.getPlotItem().addItem(mark)
        if epoch is None:
            mark.setData([], [])
            return
        mark.setData([{"pos": (epoch, 0.1), "brush": pg.mkBrush(*theme.GREEN),
                       "pen": pg.mkPen(None)}])
        mark.setToolTip(tr("Best test epoch: {e}").format(e=epoch) if not overfitting else
                        tr("Best test epoch: {e}; the test loss has risen since")
                        .format(e=epoch))

    # -- input -------------------------------------------------------------------
    def _cursor_dragged(self, line):
        self._dragging = True
        self.session.look_at(int(round(line.value())))

    def _cursor_dropped(self, line):
        self._dragging = False
        self.session.look_at(int(round(line.value())))

    def _clicked(self, event):
        if event.button() != Qt.LeftButton:
            return
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        x = vb.mapSceneToView(event.scenePos()).x()
        self.session.look_at(int(round(x)))

    def _continue(self):
        s = self.session
        if s.viewing is not None:
            s.rewind(s.viewing)

    def _replay_toggled(self, on):
        self.session.replay(on)


__all__ = ["TimelineView"]
