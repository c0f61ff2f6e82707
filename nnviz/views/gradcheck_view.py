"""The gradient check, visible (CURRICULUM E4, E5): trust the numbers.

For the selected weight (an edge, a bias, or a neuron's bias and PReLU slope)
the panel shows ∂L/∂w from backpropagation beside the centred difference
(L(w + h) − L(w − h)) / 2h with its numbers, h adjustable, and the relative
error |a − n| / max(1, |a|, |n|) with E5's verdict (under 1e-5 passes). A
nudge experiment moves w by ε on a copy: the predicted ΔL ≈ g·ε beside the
real ΔL. "Check all" runs E4 over every parameter in a worker
(``nnviz.tasks.TaskRunner``) with progress and reports the worst and the
first failure; "Show" selects it.

The maths is ``core.gradcheck`` on a private copy of the network and data
(the session's weights never move); this view only asks and draws. It
refreshes at most ~4 times a second while training, and only when visible.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.errors import NNVizError
from core.gradcheck import (
    H_DEFAULT,
    TOL,
    LossFn,
    check_param,
    gradcheck_task,
    label_of,
    nudge,
    param_indices,
)
from nnviz import theme
from nnviz.i18n import tr
from nnviz.tasks import TaskRunner
from nnviz.views.common import subscribe
from nnviz.zoom import ZOOM

__all__ = ["GradcheckView", "ref_of_index"]

H_CHOICES = (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8)
EPS_CHOICES = (1.0, 0.5, 0.1, 0.01, 0.001)
REFRESH_MS = 250
PASS_COLOR = theme.GREEN
FAIL_COLOR = theme.VERMILLION


def ref_of_index(net, index: int):
    """The selection that names θ[index]: an edge, a bias, or (a PReLU slope)
    its neuron."""
    name = net.param_name(int(index))
    key, rest = name.split("[", 1)
    idx = [int(v) for v in rest.rstrip("]").split(",")]
    layer = int(key[1:])
    if key[0] == "W":
        return ("edge", layer, idx[0], idx[1])
    if key[0] == "b":
        return ("bias", layer, idx[0])
    return ("neuron", layer, idx[0])


def _num(v, digits=6) -> str:
    return theme.fmt(v, digits)


class GradcheckView(QWidget):
    """See the module docstring. ``GradcheckView(session)``.

    Public: :meth:`refresh`, :meth:`check_all`, :meth:`set_h`, :meth:`set_eps`,
    :meth:`current_index`, :attr:`last` (the shown ``ParamCheck``),
    :attr:`last_nudge`, :attr:`all_result` (the last ``CheckAll``), widgets
    ``param_combo``, ``h_combo``, ``eps_combo``, ``check_all_button``,
    ``show_worst_button``, labels ``title``, ``analytic_label``,
    ``numeric_label``, ``formula_label``, ``rel_label``, ``verdict_label``,
    ``nudge_label``, ``all_label``.
    """

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-gradcheck-view")
        self.session = session
        self.last = None
        self.last_nudge = None
        self.all_result = None
        self._indices: list[int] = []
        self._dirty = True
        self.job = TaskRunner(self, name="nnviz-gradcheck")
        self.job.progress.connect(lambda f: self.progress.setValue(int(round(100 * f))))
        self.job.partial.connect(self._show_all)
        self.job.finished.connect(self._all_finished)
        self.job.failed.connect(self._all_failed)
        self._timer = QTimer(self)
        self._timer.setObjectName("nnviz-gradcheck-refresh")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self._build_ui()
        self._apply_zoom()
        ZOOM.changed.connect(self._apply_zoom)
        subscribe(self, session, {"selection": self._on_selection, "params": self._on_params,
                                  "network": self._on_network, "data": self._on_params,
                                  "settings": self._on_params})
        self._on_selection()

    # -- building --------------------------------------------------------------------
    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(4)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setTextFormat(Qt.RichText)
        top.addWidget(self.title, 1)
        self.param_combo = QComboBox()
        self.param_combo.setToolTip(tr("A neuron has a bias (and, with PReLU, a slope): "
                                       "pick which one to check"))
        self.param_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.param_combo)
        lay.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.analytic_label, self.numeric_label = QLabel(), QLabel()
        self.rel_label, self.verdict_label = QLabel(), QLabel()
        rows = ((tr("backprop ∂L/∂w"), self.analytic_label),
                (tr("centred difference"), self.numeric_label),
                (tr("relative error"), self.rel_label))
        for r, (text, value) in enumerate(rows):
            name = QLabel(text)
            name.setObjectName("gc-name")
            grid.addWidget(name, r, 0)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            grid.addWidget(value, r, 1)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        self.formula_label = QLabel()
        self.formula_label.setWordWrap(True)
        self.formula_label.setObjectName("gc-formula")
        lay.addWidget(self.formula_label)
        self.verdict_label.setWordWrap(True)
        lay.addWidget(self.verdict_label)

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("h")))
        self.h_combo = QComboBox()
        for h in H_CHOICES:
            self.h_combo.addItem(f"{h:g}", h)
        self.h_combo.setCurrentIndex(H_CHOICES.index(H_DEFAULT))
        self.h_combo.setToolTip(tr("The step of the centred difference (E5 uses 1e-4): too "
                                   "big and the curve's bend shows, too small and rounding "
                                   "does"))
        self.h_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(self.h_combo)
        row.addSpacing(8)
        row.addWidget(QLabel(tr("nudge ε")))
        self.eps_combo = QComboBox()
        for e in EPS_CHOICES:
            self.eps_combo.addItem(f"{e:g}", e)
        self.eps_combo.setCurrentIndex(EPS_CHOICES.index(0.1))
        self.eps_combo.setToolTip(tr("Move the weight by ε (on a copy) and compare the "
                                     "change of the loss with the gradient's prediction"))
        self.eps_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(self.eps_combo)
        row.addStretch(1)
        lay.addLayout(row)
        self.nudge_label = QLabel()
        self.nudge_label.setWordWrap(True)
        lay.addWidget(self.nudge_label)

        row = QHBoxLayout()
        self.check_all_button = QPushButton(tr("Check all"))
        self.check_all_button.setToolTip(tr("Check every parameter (E4) and report the "
                                            "worst relative error"))
        self.check_all_button.clicked.connect(self.check_all)
        row.addWidget(self.check_all_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(90)
        self.progress.hide()
        row.addWidget(self.progress)
        self.show_worst_button = QPushButton(tr("Show worst"))
        self.show_worst_button.setToolTip(tr("Select the parameter with the largest "
                                             "relative error"))
        self.show_worst_button.clicked.connect(self._select_worst)
        self.show_worst_button.hide()
        row.addWidget(self.show_worst_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.all_label = QLabel()
        self.all_label.setWordWrap(True)
        lay.addWidget(self.all_label)
        lay.addStretch(1)
        for w in (self.formula_label, self.verdict_label, self.nudge_label, self.all_label):
            w.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

    def _apply_zoom(self):
        base, small = ZOOM.px(12), ZOOM.px(11)
        self.setStyleSheet(f"QLabel {{ font-size: {base}px; }}"
                           f"QLabel#gc-name {{ color: #555; }}"
                           f"QLabel#gc-formula {{ font-size: {small}px; color: #444; }}")
        self._update_title()
        # never squeezed below its lines (the column scrolls instead)
        self.setMinimumHeight(self.layout().minimumSize().height() + 2 * ZOOM.px(12))

    # -- public ------------------------------------------------------------------------
    def current_index(self) -> int | None:
        i = self.param_combo.currentIndex()
        return self._indices[i] if 0 <= i < len(self._indices) else None

    def h(self) -> float:
        return float(self.h_combo.currentData())

    def eps(self) -> float:
        return float(self.eps_combo.currentData())

    def set_h(self, h: float):
        i = self.h_combo.findData(float(h))
        if i < 0:
            self.h_combo.addItem(f"{h:g}", float(h))
            i = self.h_combo.count() - 1
        self.h_combo.setCurrentIndex(i)

    def set_eps(self, eps: float):
        i = self.eps_combo.findData(float(eps))
        if i < 0:
            self.eps_combo.addItem(f"{eps:g}", float(eps))
            i = self.eps_combo.count() - 1
        self.eps_combo.setCurrentIndex(i)

    def refresh(self):
        """Check the selected parameter now (on a copy of the network)."""
        self._timer.stop()
        self._dirty = False
        index = self.current_index()
        self._update_title()
        if index is None:
            self.last = self.last_nudge = None
            for w in (self.analytic_label, self.numeric_label, self.rel_label,
                      self.formula_label, self.nudge_label):
                w.setText("")
            self.verdict_label.setText(tr("Select an edge, a bias or a neuron in the "
                                          "network to check its gradient"))
            self.verdict_label.setStyleSheet("")
            return
        try:
            fn = LossFn.of_session(self.session)
            loss, grad = fn.gradient()
            r = check_param(fn, index, self.h(), grad=grad)
            n = nudge(fn, index, self.eps(), grad=grad)
        except (NNVizError, ValueError) as e:
            self.verdict_label.setText(str(e))
            return
        self.last, self.last_nudge = r, n
        self.analytic_label.setText(_num(r.analytic))
        self.numeric_label.setText(_num(r.numeric))
        self.rel_label.setText(f"{r.rel_error:.2e}" if np.isfinite(r.rel_error) else "NaN")
        self.formula_label.setText(tr("(L(w+h) − L(w−h)) / 2h = ({fp} − {fm}) / {h2}").format(
            fp=_num(r.f_plus, 8), fm=_num(r.f_minus, 8), h2=f"{2 * r.h:g}"))
        ok = r.passed
        color = theme.hex_color(PASS_COLOR if ok else FAIL_COLOR)
        text = (tr("✓ passes: under {tol:g} (E5)") if ok
                else tr("✗ fails: not under {tol:g} (E5)")).format(tol=TOL)
        self.verdict_label.setText(f'<b style="color:{color}">{text}</b>')
        self.nudge_label.setText(tr("w → w + {eps}: predicted ΔL ≈ g·ε = {pred}; "
                                    "real ΔL = {real}").format(
            eps=f"{n.eps:g}", pred=_num(n.predicted, 4), real=_num(n.actual, 4)))

    def check_all(self):
        """Check every parameter in the worker; results arrive as they come."""
        try:
            fn = LossFn.of_session(self.session)
        except NNVizError as e:
            self.all_label.setText(str(e))
            return
        self.all_result = None
        self.progress.setValue(0)
        self.progress.show()
        self.show_worst_button.hide()
        self.all_label.setText(tr("Checking {n} parameters…").format(n=fn.theta.size))
        self.job.start(gradcheck_task, fn, self.h())

    def shutdown(self):
        self._timer.stop()
        self.job.shutdown()

    # -- results of check all ----------------------------------------------------------------
    def _show_all(self, res):
        self.all_result = res
        net = self.session.net
        if res is None or res.rel.size != net.theta.size:
            return
        worst = res.worst
        if worst is None:
            self.all_label.setText(tr("No parameters to check"))
            return
        wl, we = res.labels[worst], f"{res.max_rel_error:.2e}"
        failed = len(res.failures)
        if not res.complete:
            text = tr("{done} of {n} checked; worst so far {label}: {err}").format(
                done=res.done, n=res.rel.size, label=wl, err=we)
        elif failed == 0:
            text = tr("All {n} pass; worst {label}: {err}").format(n=res.rel.size, label=wl,
                                                                   err=we)
        else:
            text = tr("{bad} of {n} fail; worst {label}: {err}; first failing "
                      "{first}").format(bad=failed, n=res.rel.size, label=wl, err=we,
                                        first=res.labels[res.first_failure])
        color = theme.hex_color(FAIL_COLOR if failed else PASS_COLOR)
        self.all_label.setText(f'<span style="color:{color}">{text}</span>'
                               if res.complete else text)
        self.show_worst_button.setVisible(res.complete)

    def _all_finished(self, res):
        self.progress.hide()
        self._show_all(res)

    def _all_failed(self, text):
        self.progress.hide()
        self.all_label.setText(text)

    def _select_worst(self):
        res = self.all_result
        if res is None or res.worst is None or res.rel.size != self.session.net.theta.size:
            return
        index = res.worst
        self.session.select(ref_of_index(self.session.net, index))
        if index in self._indices:
            self.param_combo.setCurrentIndex(self._indices.index(index))

    # -- session events ---------------------------------------------------------------------
    def _update_title(self):
        index = self.current_index()
        label = label_of(self.session.net, index) if index is not None else "–"
        self.title.setText(tr("Parameter <b>{label}</b>").format(label=label))

    def _on_selection(self, _ev=None):
        net = self.session.net
        indices = param_indices(net, self.session.selection)
        if indices != self._indices:
            self._indices = indices
            self.param_combo.blockSignals(True)
            self.param_combo.clear()
            for i in indices:
                self.param_combo.addItem(label_of(net, i))
            self.param_combo.blockSignals(False)
            self.param_combo.setVisible(len(indices) > 1)
        self.refresh()

    def _on_params(self, _ev=None):
        self._dirty = True
        if self.isVisible() and not self._timer.isActive():
            self._timer.start(REFRESH_MS)

    def _on_network(self, _ev=None):
        self.job.shutdown(timeout=0)
        self.progress.hide()
        self.all_result = None
        self.all_label.setText("")
        self.show_worst_button.hide()
        self._indices = []
        self._on_selection()

    def showEvent(self, ev):
        super().showEvent(ev)
        if self._dirty:
            self._timer.start(0)

    def hideEvent(self, ev):
        self._timer.stop()
        super().hideEvent(ev)
