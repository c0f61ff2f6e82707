"""Helpers every view shares: weak session subscriptions and plot styling."""
from __future__ import annotations

import weakref

import pyqtgraph as pg
import shiboken6
from PySide6.QtGui import QFont

from .. import theme
from ..zoom import ZOOM


def style_plot(plot: pg.PlotWidget, point_size=10):
    """White background, dark readable axes (≥ 9 pt at zoom 1, following the
    one zoom: larger when presenting), no auto-range button."""
    for side in ("left", "bottom"):
        ax = plot.getAxis(side)
        ax.setTextPen(theme.qcolor(theme.FOREGROUND))
        ax.setPen(theme.qcolor((110, 110, 110)))
    plot.getPlotItem().hideButtons()
    base_px = point_size * 4 / 3                     # pt → px at 96 dpi
    plot_ref = weakref.ref(plot)

    def apply():
        p = plot_ref()
        if p is None or not shiboken6.isValid(p):
            ZOOM.changed.disconnect(apply)
            return
        font = QFont()
        font.setPixelSize(ZOOM.px(base_px))
        for side in ("left", "bottom"):
            ax = p.getAxis(side)
            ax.setTickFont(font)
            if ax.label is not None and ax.labelText:
                ax.labelStyle = {**ax.labelStyle, "font-size": f"{ZOOM.px(base_px)}px"}
                ax._updateLabel()
            # room for bigger tick labels
            if side == "bottom":
                ax.setHeight(None)
        p.getPlotItem().updateGeometry()

    ZOOM.changed.connect(apply)
    apply()


def subscribe(widget, source, handlers: dict):
    """Connect ``handlers`` (event name → bound method of ``widget``) to the
    events of ``source`` (a session, a step-through, or an ``Events`` itself),
    weakly: once the widget is gone the handler disconnects itself, so a model
    that outlives its views never calls a dead widget."""
    events = getattr(source, "events", source)
    for name, method in handlers.items():
        ref = weakref.WeakMethod(method)

        def handler(ev, ref=ref, name=name):
            m = ref()
            if m is None or not shiboken6.isValid(m.__self__):
                events.disconnect(name, handler)
                return
            m(ev)

        events.connect(name, handler)
