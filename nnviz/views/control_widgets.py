"""Widgets and small helpers of the controls panel: number boxes that take
what people type, one hidden-layer row, the speed scale, and a wheel guard
so scrolling the panel never changes a value under the mouse."""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStyle,
    QToolButton,
    QWidget,
)

from core.activations import ACTIVATIONS
from core.numbers import NumberError
from core.numbers import parse_number as core_parse_number
from core.session import FULL_SPEED, HIDDEN_ACTIVATIONS, MAX_UNITS, MIN_SPEED

from ..i18n import QT_TR_NOOP, tr
from ..theme import VERMILLION, css

ERROR_RGB = VERMILLION
ACTIVATION_LABELS = {
    "identity": QT_TR_NOOP("linear"), "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
    "leaky_relu": QT_TR_NOOP("leaky ReLU"), "prelu": "PReLU", "rrelu": "RReLU",
    "softmax": "softmax",
}

# Speed slider: position p < SPEED_POSITIONS is 0.5·2^(p/4) epochs/s (0.5 … ~430,
# four steps per doubling); the last position is full speed.
SPEED_POSITIONS = 40


def speed_at(position: int) -> float:
    position = int(position)
    return FULL_SPEED if position >= SPEED_POSITIONS else MIN_SPEED * 2 ** (position / 4)


def speed_position(speed: float) -> int:
    if speed == FULL_SPEED:
        return SPEED_POSITIONS
    p = round(4 * math.log2(max(speed, MIN_SPEED) / MIN_SPEED))
    return int(min(max(p, 0), SPEED_POSITIONS - 1))


def plain_number(v) -> str:
    """0.00001 rather than 1e-05: presets and typed values read as decimals."""
    return np.format_float_positional(float(v), trim="-")


def parse_number(text: str) -> float | None:
    """A float from what a person typed ("0,01", "1e-3", "−0.5"), or None
    (the rules are core.numbers.parse_number's, shared with every text box)."""
    try:
        return core_parse_number(text)
    except NumberError:
        return None


class NumberCombo(QComboBox):
    """An editable combo box for a positive number: presets plus free typing.

    Emits ``valueEntered(float)`` for a valid entry; a non-number or a value
    ≤ 0 turns the border red and emits ``invalidEntered(str)`` instead.
    """
    valueEntered = Signal(float)
    invalidEntered = Signal(str)

    def __init__(self, presets, what, parent=None):
        super().__init__(parent)
        self._what = what
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.NoInsert)
        for p in presets:
            self.addItem(plain_number(p), float(p))
        self.lineEdit().editingFinished.connect(self._commit_text)
        self.activated.connect(self._commit_index)
        self.invalid = False

    def set_value(self, v):
        with QSignalBlocker(self), QSignalBlocker(self.lineEdit()):
            i = self.findData(float(v))
            if i >= 0:
                self.setCurrentIndex(i)
            self.setEditText(plain_number(v))
        self.set_invalid(False)

    def set_invalid(self, bad):
        self.invalid = bad
        self.setStyleSheet(f"QComboBox {{ border: 2px solid {css(ERROR_RGB)}; "
                           "border-radius: 3px; }" if bad else "")

    def _commit_index(self, index):
        v = self.itemData(index)
        if v is not None:
            self.set_invalid(False)
            self.valueEntered.emit(float(v))

    def _commit_text(self):
        text = self.currentText()
        v = parse_number(text)
        if v is None:
            self.set_invalid(True)
            self.invalidEntered.emit(tr("“{0}” is not a number: type a {1} such as 0.03")
                                     .format(text.strip(), self._what))
        elif v <= 0:
            self.set_invalid(True)
            self.invalidEntered.emit(tr("The {0} must be greater than 0 (you typed {1})")
                                     .format(self._what, text.strip()))
        else:
            self.set_invalid(False)
            self.valueEntered.emit(v)


class LayerRow(QWidget):
    """One hidden layer: its number, units, activation and a remove button."""

    def __init__(self, index, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.label = QLabel(tr("Layer {0}").format(index + 1))
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("Layer 8") + 4)
        self.units = QSpinBox()
        self.units.setRange(1, MAX_UNITS)
        self.units.setKeyboardTracking(False)
        self.units.setSuffix(tr(" units"))
        self.units.setToolTip(tr("Neurons in hidden layer {0} (1 to {1})")
                              .format(index + 1, MAX_UNITS))
        self.activation = QComboBox()
        for name in HIDDEN_ACTIVATIONS:
            self.activation.addItem(tr(ACTIVATION_LABELS.get(name, name)), name)
            self.activation.setItemData(self.activation.count() - 1,
                                        ACTIVATIONS[name].formula, Qt.ToolTipRole)
        self.activation.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.remove = QToolButton()
        self.remove.setIcon(self.style().standardIcon(QStyle.SP_TitleBarCloseButton))
        self.remove.setToolTip(tr("Remove hidden layer {0}").format(index + 1))
        self.remove.setAutoRaise(True)
        lay.addWidget(self.label)
        lay.addWidget(self.units, 1)
        lay.addWidget(self.activation, 1)
        lay.addWidget(self.remove)


class WheelGuard(QObject):
    """Send wheel events to the panel's scroll bar unless the widget has focus."""

    def __init__(self, scrollbar, parent=None):
        super().__init__(parent)
        self._scrollbar = scrollbar

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Wheel and not obj.hasFocus():
            QApplication.sendEvent(self._scrollbar, event)
            return True
        return False


def double_spin(lo, hi, step, decimals, tip):
    """A QDoubleSpinBox that commits on Enter / focus-out, not on each key."""
    sp = QDoubleSpinBox()
    sp.setRange(lo, hi)
    sp.setSingleStep(step)
    sp.setDecimals(decimals)
    sp.setKeyboardTracking(False)
    sp.setToolTip(tip)
    return sp


__all__ = ["ACTIVATION_LABELS", "ERROR_RGB", "LayerRow", "NumberCombo", "SPEED_POSITIONS",
           "WheelGuard", "double_spin", "parse_number", "plain_number", "speed_at",
           "speed_position"]
