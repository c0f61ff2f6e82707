"""The training-health pane: per-layer gradient norms over epochs (log scale)
and the health sentences, each with one suggestion (issue #14).

The view only draws a :class:`core.health.HealthReport` handed to
:meth:`HealthView.show_report` (``nnviz.health_ui`` decides when); the
sentences are built here from the report's numbers so they can be translated.
"""
from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from nnviz import theme
from nnviz.i18n import tr
from nnviz.theme import hex_color
from nnviz.views.common import style_plot
from nnviz.zoom import ZOOM

MAX_POINTS = 800               # per layer curve: a small pane needs no more
LAYER_COLORS = [theme.BLUE, theme.VERMILLION, theme.GREEN, theme.PURPLE, theme.ORANGE,
                theme.SKY, theme.GREY, theme.FOREGROUND]
PROBLEM_COLOR = (180, 40, 20)
OK_COLOR = (0, 110, 60)


def _layers(fracs) -> str:
    return tr(", ").join(tr("{k} of {n} in layer {l}").format(k=k, n=n, l=layer)
                         for layer, (k, n) in sorted(fracs.items()) if k)


def sentence(signal) -> tuple[str, str]:
    """(what happens, what to try) for a :class:`core.health.Signal`, translated."""
    v, code = signal.values, signal.code
    if code == "dead_units":
        return (tr("Dead ReLU units: {units} never activate on the training set, so they "
                   "stopped learning.").format(units=_layers(v["layers"])),
                tr("Try a smaller learning rate, He initialisation or leaky ReLU."))
    if code == "saturated_units":
        return (tr("Saturated units: {units} sit in the flat tails of tanh or sigmoid for "
                   "most samples, so almost no gradient passes through them.")
                .format(units=_layers(v["layers"])),
                tr("Try smaller initial weights (Xavier or ×0.1), a smaller learning rate, "
                   "or ReLU."))
    if code == "vanishing_gradients":
        what = (tr("Vanishing gradients: layer 1's gradient is {ratio}× smaller than the "
                   "last layer's, so the first layers barely learn.")
                .format(ratio=f"{v['last'] / v['first']:.3g}") if v.get("first", 0) > 0
                else tr("Vanishing gradients: layer 1 gets no gradient at all, so it "
                        "cannot learn."))
        return what, tr("Try ReLU instead of sigmoid or tanh, Xavier or He "
                        "initialisation, or fewer layers.")
    if code == "exploding_gradients":
        return (tr("Exploding gradients: the gradient norm of layer {l} is {value}, so the "
                   "steps are far too big.").format(l=v["largest_layer"],
                                                     value=f"{v['largest']:.3g}"),
                tr("Try a smaller learning rate or smaller initial weights."))
    if code == "oscillating":
        return (tr("Learning-rate trouble: since epoch {e} the loss jumps up and down "
                   "without getting lower.").format(e=v["epoch"]),
                tr("Lower the learning rate by 10×."))
    if code == "no_progress":
        return (tr("Learning-rate trouble: since epoch {e} the loss is stuck far above "
                   "what guessing the average gives.").format(e=v["epoch"]),
                tr("Lower the learning rate by 10×."))
    if code == "overfitting":
        return (tr("Overfitting: the test loss has risen since epoch {e} while the "
                   "training loss kept falling.").format(e=v["best_epoch"]),
                tr("Stop near epoch {e}, add L2 regularisation, use more data or a "
                   "smaller network.").format(e=v["best_epoch"]))
    return signal.text, signal.suggestion


class HealthView(QWidget):
    """Public: ``plot`` (gradient norms, log y), ``curves`` (one per layer),
    ``text`` (the sentences, a QLabel), :meth:`show_report`, :meth:`sentences`."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("nnviz-health-view")
        self._sentences: list[tuple[str, str, str]] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.legend = QLabel()
        self.legend.setObjectName("nnviz-health-legend")
        self.legend.setContentsMargins(6, 0, 6, 0)
        self.legend.setWordWrap(True)           # never widens the column
        lay.addWidget(self.legend)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("nnviz-health-plot")
        style_plot(self.plot)
        pi = self.plot.getPlotItem()
        pi.setMenuEnabled(False)
        pi.setLogMode(y=True)
        pi.getAxis("left").setWidth(58)          # lines up with the curves above
        for side in ("left", "bottom"):
            pi.getAxis(side).enableAutoSIPrefix(False)
        self._label_style = {"color": hex_color(theme.FOREGROUND)}
        pi.setLabel("bottom", tr("epoch"), **self._label_style)
        self.plot.setMinimumHeight(60)
        lay.addWidget(self.plot, 3)
        self.text = QLabel()
        self.text.setObjectName("nnviz-health-text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.text.setContentsMargins(6, 2, 6, 2)
        self.text.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.NoFrame)
        self.scroll.setWidget(self.text)
        lay.addWidget(self.scroll, 2)
        self.curves: list[pg.PlotDataItem] = []
        self._report = None
        ZOOM.changed.connect(self._apply_zoom)
        self._apply_zoom()

    # -- drawing -------------------------------------------------------------------
    def _apply_zoom(self):
        try:
            font = self.text.font()
        except RuntimeError:          # the widget is gone
            return
        font.setPixelSize(ZOOM.px(12))
        self.text.setFont(font)
        self.legend.setFont(font)

    def show_report(self, report):
        """Draw ``report`` (a :class:`core.health.HealthReport`)."""
        self._report = report
        self._draw_norms(report)
        self._write(report)

    def _draw_norms(self, report):
        norms, epochs = report.grad_norms, report.grad_epochs
        n_layers = norms.shape[1] if norms.ndim == 2 else 0
        pi = self.plot.getPlotItem()
        while len(self.curves) < n_layers:
            color = LAYER_COLORS[len(self.curves) % len(LAYER_COLORS)]
            item = pg.PlotDataItem(pen=pg.mkPen(color, width=2), antialias=False)
            pi.addItem(item)
            self.curves.append(item)
        step = max(1, len(epochs) // MAX_POINTS)
        for i, item in enumerate(self.curves):
            if i >= n_layers:
                item.setData([], [])
                item.hide()
                continue
            y = norms[::step, i]
            ok = np.isfinite(y) & (y > 0)
            item.setData(epochs[::step][ok], y[ok])
            item.show()
        self.legend.setText(html.escape(tr("Gradient norm (log scale):")) + "&nbsp;"
                            + "&nbsp;&nbsp;".join(
            f'<span style="color:{hex_color(LAYER_COLORS[i % len(LAYER_COLORS)])}">'
            f"<b>━</b></span>&nbsp;{html.escape(tr('layer {l}').format(l=i + 1))}"
            for i in range(n_layers)))
        pi.enableAutoRange()

    def _write(self, report):
        self._sentences = [(s.code, *sentence(s)) for s in report.signals]
        parts = []
        if not self._sentences:
            parts.append(f'<span style="color:{hex_color(OK_COLOR)}">'
                         + html.escape(tr("No health problems found.")) + "</span>")
        for _code, what, tip in self._sentences:
            parts.append(f'<span style="color:{hex_color(PROBLEM_COLOR)}">⚠</span> '
                         f"{html.escape(what)} <i>{html.escape(tip)}</i>")
        if report.best_test_epoch is not None:
            parts.append(html.escape(tr("Best test epoch: {e}").format(
                e=report.best_test_epoch)))
        self.text.setText("<br>".join(parts))

    # -- reading -------------------------------------------------------------------
    def sentences(self) -> list[tuple[str, str, str]]:
        """(code, what happens, what to try) per signal shown."""
        return list(self._sentences)

    def report(self):
        return self._report


__all__ = ["HealthView", "sentence"]
