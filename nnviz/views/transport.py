"""The transport part of the controls panel: play, step, epoch, reset, the
speed in real units and the epoch/loss readout.

:class:`TransportMixin` is part of :class:`nnviz.views.controls.ControlPanel`;
the training loop itself is the session's (``session.advance``) driven by the
main window's timer.
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
)

from core.errors import NNVizError
from core.session import FULL_SPEED

from ..i18n import tr
from ..theme import FOREGROUND, css, fmt
from .control_widgets import ERROR_RGB, SPEED_POSITIONS, plain_number, speed_at, speed_position


class TransportMixin:
    def _build_actions(self):
        st = self.style()
        play = QAction(st.standardIcon(QStyle.SP_MediaPlay), tr("&Play"), self)
        play.setCheckable(True)
        play.setIconText(tr("Play"))
        play.setToolTip(tr("Train continuously (toggle)"))
        play.toggled.connect(self._on_play_toggled)
        step = QAction(st.standardIcon(QStyle.SP_MediaSeekForward), tr("&Step one batch"), self)
        step.setIconText(tr("Step"))
        step.setToolTip(tr("Train on one batch (one update of the weights)"))
        step.triggered.connect(self._on_step)
        epoch = QAction(st.standardIcon(QStyle.SP_MediaSkipForward), tr("Step one &epoch"),
                        self)
        epoch.setIconText(tr("Epoch"))
        epoch.setToolTip(tr("Train until every training sample has been seen once"))
        epoch.triggered.connect(self._on_step_epoch)
        reset = QAction(st.standardIcon(QStyle.SP_BrowserReload), tr("&Reset weights"), self)
        reset.setIconText(tr("Reset"))
        reset.setToolTip(tr("New random weights and an empty history (undoable)"))
        reset.triggered.connect(self._on_reset)
        self.actions = {"play": play, "step": step, "step_epoch": epoch, "reset": reset}

    def _build_transport(self):
        lay = QVBoxLayout()
        lay.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.transport_buttons = {}
        for key in ("play", "step", "step_epoch", "reset"):
            b = QToolButton()
            b.setDefaultAction(self.actions[key])
            b.setToolButtonStyle(Qt.ToolButtonTextUnderIcon)
            b.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
            b.setMinimumHeight(34)
            self.transport_buttons[key] = b
            row.addWidget(b)
        lay.addLayout(row)

        speed = QHBoxLayout()
        speed.setSpacing(6)
        speed.addWidget(QLabel(tr("Speed")))
        self.speed_slider = QSlider(Qt.Horizontal)
        self.speed_slider.setRange(0, SPEED_POSITIONS)
        self.speed_slider.setPageStep(4)             # one page doubles or halves
        self.speed_slider.setToolTip(tr("Training speed, from 0.5 epochs a second "
                                        "(to narrate) to full speed"))
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(self.speed_label.fontMetrics()
                                         .horizontalAdvance("450 epochs/s") + 4)
        self.speed_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.speed_slider.valueChanged.connect(self._on_speed)
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(tr("epochs"), "epoch")
        self.unit_combo.addItem(tr("batches"), "batch")
        self.unit_combo.setToolTip(tr("At slow speeds, advance by whole epochs or by "
                                      "single batches"))
        self.unit_combo.activated.connect(self._on_speed_unit)
        speed.addWidget(self.speed_slider, 1)
        speed.addWidget(self.speed_label)
        lay.addLayout(speed)
        unit_row = QHBoxLayout()
        unit_row.addWidget(QLabel(tr("Slow speeds step by")))
        unit_row.addWidget(self.unit_combo, 1)
        lay.addLayout(unit_row)
        self._sync_speed()
        return lay

    def _build_stats(self):
        box = QFrame()
        box.setObjectName("nnviz-stats")
        box.setFrameShape(QFrame.StyledPanel)
        box.setStyleSheet("QFrame#nnviz-stats { background: rgb(248,248,248); "
                          "border: 1px solid rgb(215,215,215); border-radius: 4px; }")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.setSpacing(0)
        self.epoch_label = QLabel()
        f = QFont(self.font())
        f.setPointSizeF(max(15.0, f.pointSizeF() * 1.7))
        f.setBold(True)
        self.epoch_label.setFont(f)
        self.loss_label = QLabel()
        self.metric_label = QLabel()
        f2 = QFont(self.font())
        f2.setPointSizeF(max(10.5, f2.pointSizeF() * 1.2))
        for lab in (self.loss_label, self.metric_label):
            lab.setFont(f2)
        lay.addWidget(self.epoch_label)
        for lab in (self.loss_label, self.metric_label):
            # long numbers wrap: they must not widen the column they sit in
            lab.setWordWrap(True)
            lay.addWidget(lab)
        return box

    def speed(self) -> float:
        """The session's speed in epochs (or batches) per second; inf = full."""
        return self.session.speed

    def set_speed(self, speed: float):
        """Epochs (or batches) per second, or ``FULL_SPEED``."""
        self.session.set_speed(speed)

    def _refresh_stats(self):
        # A label's new text re-lays out the panel: ~10 times a second is
        # plenty for a number people read, and pausing shows the final one.
        now = time.perf_counter()
        if self.session.playing and now - self._stats_time < 0.1:
            return
        self._stats_time = now
        t = self.session.trainer
        h = t.history
        viewing = getattr(self.session, "viewing", None)
        # short, in the big font: "looking back" is the timeline's to say
        epoch = (tr("↶ Epoch {0:,}").format(viewing) if viewing is not None
                 else tr("Epoch {0:,}").format(int(t.epoch)))
        self.epoch_label.setToolTip(tr("Looking back at an earlier epoch: drag the "
                                       "timeline or press Back to now")
                                    if viewing is not None else "")
        # the loss at the weights shown now (after an edit too, not the last epoch's)
        m = self.session.current_metrics()
        loss = tr("loss {0} · test {1}").format(_num(m["train_loss"]), _num(m["test_loss"]))
        if not len(h):
            metric = tr("press Play or Step to start")
        elif t.metric_name == "accuracy":
            metric = tr("accuracy {0} · test {1}").format(
                _pct(m["train_metric"]), _pct(m["test_metric"]))
        else:
            metric = tr("R² {0} · test {1}").format(_num(m["train_metric"]),
                                                   _num(m["test_metric"]))
        if t.diverged:
            metric = tr("diverged — lower the learning rate, then Reset")
        text = (epoch, loss, metric)
        if text != self._stats_text:
            self._stats_text = text
            self.epoch_label.setText(epoch)
            self.loss_label.setText(loss)
            self.metric_label.setText(metric)
            rgb = ERROR_RGB if t.diverged else FOREGROUND
            if rgb != self._stats_rgb:
                self._stats_rgb = rgb
                self.metric_label.setStyleSheet(f"color: {css(rgb)};")

    def _sync_play(self):
        playing = bool(self.session.playing)
        play = self.actions["play"]
        with QSignalBlocker(play):
            play.setChecked(playing)
        # Called on every training event, i.e. each frame while playing: touch
        # the icon only when the state changes. A new QIcon each frame kept
        # ~2 KB of native memory a frame (issue #9, tests/gui/test_memory.py).
        if getattr(self, "_play_shown", None) == playing:
            return
        self._play_shown = playing
        st = self.style()
        play.setIcon(st.standardIcon(QStyle.SP_MediaPause if playing else QStyle.SP_MediaPlay))
        play.setText(tr("&Pause") if playing else tr("&Play"))
        play.setIconText(tr("Pause") if playing else tr("Play"))

    def _on_params(self, event=None):
        # readouts follow every change of the weights (an edit, undo, training)
        self._refresh_stats()

    def _on_speed(self, position):
        self.session.set_speed(speed_at(position))

    def _on_speed_unit(self, _index=None):
        self.session.set_speed(self.session.speed, unit=self.unit_combo.currentData())

    def _sync_speed(self):
        s = self.session
        with QSignalBlocker(self.speed_slider):
            self.speed_slider.setValue(speed_position(s.speed))
        unit = tr("epochs/s") if s.step_unit == "epoch" else tr("batches/s")
        self.speed_label.setText(tr("full speed") if s.speed == FULL_SPEED
                                 else f"{plain_number(round(s.speed, 1 if s.speed < 10 else 0))}"
                                      f" {unit}")
        i = self.unit_combo.findData(s.step_unit)
        if i != self.unit_combo.currentIndex():
            with QSignalBlocker(self.unit_combo):
                self.unit_combo.setCurrentIndex(i)
        self.speedChanged.emit(s.speed)

    def _on_play_toggled(self, checked):
        if checked:
            if not self.session.play():
                self._show_error(self.session.divergence_message
                                 or tr("Training cannot continue"))
        else:
            self.session.pause()
        self._sync_play()

    def _on_step(self):
        self._run(lambda: self.session.step(1))

    def _on_step_epoch(self):
        self._run(self.session.step_epoch)

    def _on_reset(self):
        self._run(self.session.reset)
        self._clear_status()

    def _run(self, fn):
        try:
            fn()
        except NNVizError as e:
            self._show_error(str(e))
        if self.session.diverged:
            self._show_error(self.session.divergence_message or tr("Training diverged"))


def _num(v) -> str:
    return "—" if v is None or not np.isfinite(v) else fmt(v, 3)


def _pct(v) -> str:
    return "—" if v is None or not np.isfinite(v) else f"{100 * v:.1f} %"


__all__ = ["TransportMixin"]
