"""One zoom factor that every view reads: fonts, node sizes, pens, markers.

Presentation mode raises the floor so that nothing is drawn under
:data:`PRESENT_MIN_PX` pixels at zoom 1 (readable from the back of a room);
Ctrl+= / Ctrl+- / Ctrl+0 change the factor, which is remembered. Views ask
:func:`px` for a text size or :func:`scale` for lengths and connect to
``ZOOM.changed`` to redraw — no per-view font hacks.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

MIN_ZOOM, MAX_ZOOM = 0.5, 3.0
STEPS = (0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
PRESENT_MIN_PX = 14          # smallest text when presenting, at zoom 1
NORMAL_TEXT_PX = 12          # the app's ordinary text size


class Zoom(QObject):
    """``factor`` (user zoom) × presentation → ``scale``; ``changed()`` on change."""
    changed = Signal()

    def __init__(self):
        super().__init__()
        self.factor = 1.0
        self.presenting = False
        self._base_font = None

    @property
    def scale(self) -> float:
        """Lengths multiply by this (presentation enlarges by 14/12 at zoom 1)."""
        return self.factor * (PRESENT_MIN_PX / NORMAL_TEXT_PX if self.presenting else 1.0)

    def px(self, base_px: float) -> int:
        """A text size in pixels for text that is ``base_px`` at zoom 1, normal mode.
        Presenting, nothing is smaller than PRESENT_MIN_PX × factor."""
        v = base_px * self.scale
        if self.presenting:
            v = max(v, PRESENT_MIN_PX * self.factor)
        return max(6, int(round(v)))

    def set_factor(self, factor: float, remember=True):
        factor = float(min(max(factor, MIN_ZOOM), MAX_ZOOM))
        if factor != self.factor:
            self.factor = factor
            if remember:
                QSettings().setValue("view/zoom", factor)
            self._apply_app_font()
            self.changed.emit()

    def step(self, direction: int):
        """Ctrl+= (1) / Ctrl+- (−1): the next step on the zoom ladder."""
        if direction > 0:
            nxt = [s for s in STEPS if s > self.factor + 1e-9]
            self.set_factor(nxt[0] if nxt else MAX_ZOOM)
        else:
            nxt = [s for s in STEPS if s < self.factor - 1e-9]
            self.set_factor(nxt[-1] if nxt else MIN_ZOOM)

    def set_presenting(self, on: bool):
        if bool(on) != self.presenting:
            self.presenting = bool(on)
            self._apply_app_font()
            self.changed.emit()

    def restore(self):
        v = QSettings().value("view/zoom", 1.0)
        try:
            self.set_factor(float(v), remember=False)
        except (TypeError, ValueError):
            pass

    def _apply_app_font(self):
        """Widgets' text (labels, buttons, menus) follows the same zoom."""
        app = QApplication.instance()
        if app is None:
            return
        if self._base_font is None:
            self._base_font = QFont(app.font())
        f = QFont(self._base_font)
        if self._base_font.pixelSize() > 0:
            f.setPixelSize(self.px(self._base_font.pixelSize()))
        else:
            pt = self._base_font.pointSizeF()
            scaled = pt * self.scale
            if self.presenting:
                # 14 px at 96 dpi is 10.5 pt
                scaled = max(scaled, PRESENT_MIN_PX * 0.75 * self.factor)
            f.setPointSizeF(scaled)
        app.setFont(f)


ZOOM = Zoom()


def px(base_px: float) -> int:
    return ZOOM.px(base_px)


def scale(length: float) -> float:
    return length * ZOOM.scale


__all__ = ["PRESENT_MIN_PX", "ZOOM", "Zoom", "px", "scale"]
