"""Small widgets of the network view's toolbar and canvas."""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt


class ElidedLabel(QtWidgets.QLabel):
    """A caption that never forces the dock wider: elided, full text as tooltip."""

    def minimumSizeHint(self):
        return QtCore.QSize(20, super().minimumSizeHint().height())

    def sizeHint(self):
        return QtCore.QSize(min(super().sizeHint().width(), 420), super().sizeHint().height())

    def setText(self, text):
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, ev):
        p = QtGui.QPainter(self)
        p.setPen(self.palette().color(QtGui.QPalette.WindowText))
        text = self.fontMetrics().elidedText(self.text(), Qt.ElideRight, self.width())
        p.drawText(self.rect(), int(Qt.AlignRight | Qt.AlignVCenter), text)


class ValueEditor(QtWidgets.QLineEdit):
    """The little inline editor for one weight or bias: Enter commits,
    Escape or clicking elsewhere cancels."""

    def __init__(self, view, parent):
        super().__init__(parent)
        self._view = view
        self.setObjectName("nnviz-network-value-editor")
        self.setFixedWidth(110)
        self.returnPressed.connect(view.commit_edit)
        self.hide()

    def open_at(self, vp, value):
        """Show at viewport point ``vp`` (kept inside the viewport) with ``value``."""
        area = self.parentWidget()
        h = self.sizeHint().height()
        x = int(min(max(vp.x() + 8, 0), max(0, area.width() - self.width())))
        y = int(min(max(vp.y() - h - 4, 0), max(0, area.height() - h)))
        self.setText(f"{value:.6g}".replace("-", "−"))
        self.setToolTip(QtCore.QCoreApplication.translate(
            "nnviz", "Type a number, Enter to set it, Esc to cancel"))
        self.move(x, y)
        self.show()
        self.raise_()
        self.setFocus(Qt.OtherFocusReason)
        self.selectAll()

    def show_error(self, message):
        if self.isVisible():
            QtWidgets.QToolTip.showText(self.mapToGlobal(QtCore.QPoint(0, self.height())),
                                        message, self)

    def keyPressEvent(self, ev):
        if ev.key() == Qt.Key_Escape:
            self._view.cancel_edit()
            return
        super().keyPressEvent(ev)

    def focusOutEvent(self, ev):
        super().focusOutEvent(ev)
        if self.isVisible() and ev.reason() != Qt.PopupFocusReason:
            self._view.cancel_edit()


__all__ = ["ElidedLabel", "ValueEditor"]
