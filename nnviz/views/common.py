"""Helpers every view shares: weak session subscriptions and plot styling."""
from __future__ import annotations

import weakref

import pyqtgraph as pg
import shiboken6
from PySide6.QtGui import QFont

from .. import theme


def style_plot(plot: pg.PlotWidget, point_size=10):
    """White background, dark readable axes (≥ 9 pt), no auto-range button."""
    font = QFont()
    font.setPointSize(point_size)
    for side in ("left", "bottom"):
        ax = plot.getAxis(side)
        ax.setTextPen(theme.qcolor(theme.FOREGROUND))
        ax.setPen(theme.qcolor((110, 110, 110)))
        ax.setTickFont(font)
    plot.getPlotItem().hideButtons()


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
