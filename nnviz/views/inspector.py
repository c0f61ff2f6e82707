"""The Inspector: the numbers behind whatever is selected in the Network view.

For a neuron it shows the incoming weights, the bias, the activation, the
pre-activation z and the output a for the selected training sample — with the
arithmetic written out using the real numbers — and the gradients of the loss
over the training set. For a layer it shows W and b as a coloured table; for a
connection or a bias, its value, gradient and the optimiser's state for it.

Everything is read from the session (``forward_sample``, ``gradients``,
``net.params``, ``trainer.optimizer``); nothing is computed here. Updates are
coalesced to at most ~10 a second while training.

Why it is longer than ~600 lines: three pages (neuron, layer, connection)
share the table model and the arithmetic formatting; the table model is the
last ~150 lines.
"""
from __future__ import annotations

import functools
import time

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.activations import ACTIVATIONS
from core.names import param_label, sample_name, unit_name

from ..i18n import QT_TR_NOOP, tr
from ..theme import FOREGROUND, GRAD_COLOR, VALUE_COLOR, css, fmt, qcolor, signed_color
from .controls import optimizer_formula

UPDATE_INTERVAL_MS = 100      # at most ~10 updates a second while training
_NO_PARENT = QModelIndex()
MAX_TERMS = 8                 # terms of Σ wᵢaᵢ written out before "…"

# How each activation reads in the "a = …" line.
ACT_SYMBOLS = {
    "identity": "", "sigmoid": "σ", "tanh": "tanh", "relu": "ReLU",
    "leaky_relu": "leaky ReLU", "prelu": "PReLU", "rrelu": "RReLU",
    "softmax": "softmax", "step": "step",
}
ACT_NAMES = {
    "identity": QT_TR_NOOP("linear (identity)"), "sigmoid": "sigmoid", "tanh": "tanh",
    "relu": "ReLU", "leaky_relu": "leaky ReLU", "prelu": "PReLU", "rrelu": "RReLU",
    "softmax": "softmax", "step": QT_TR_NOOP("step"),
}
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov",
                    "adagrad": "AdaGrad", "rmsprop": "RMSProp", "adam": "Adam"}


def term(v, digits=3) -> str:
    """A number inside a sum: negative ones in parentheses."""
    s = fmt(v, digits)
    return f"({s})" if s.startswith("−") else s


def z_formula(weights, inputs, bias, z, input_symbol="a", max_terms=MAX_TERMS) -> str:
    """ "z = Σ wᵢaᵢ + b = 0.12·0.5 + (−0.3)·1.2 + 0.05 = −0.25" with real numbers."""
    n = len(weights)
    parts = [f"{term(w)}·{term(a)}" for w, a in zip(weights[:max_terms], inputs[:max_terms])]
    if n > max_terms:
        parts.append(tr("… ({0} more)").format(n - max_terms))
    parts.append(term(bias))
    return f"z = Σ wᵢ{input_symbol}ᵢ + b = {' + '.join(parts)} = {fmt(z)}"


def a_formula(activation, z, a, slope=None) -> str:
    """ "a = tanh(z) = tanh(−0.25) = −0.2449" """
    if activation == "identity":
        return f"a = z = {fmt(a)}"
    if activation == "softmax":
        return f"a = e^zⱼ / Σₖ e^zₖ = {fmt(a)}"
    sym = ACT_SYMBOLS.get(activation, activation)
    return f"a = {sym}(z) = {sym}({fmt(z)}) = {fmt(a)}"


class InspectorView(QWidget):
    """Numbers for ``session.selection``; see the module docstring."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("nnviz-inspector-view")
        self._stale = True      # a structural change (data, network …) not shown yet
        self._pending = True    # values changed since the last update
        self._last_update = 0.0

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(6)
        self.title = QLabel()
        f = QFont(self.font())
        f.setPointSizeF(max(11.0, f.pointSizeF() * 1.3))
        f.setBold(True)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet("color: rgb(90,90,90);")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.RichText)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.formula.setTextFormat(Qt.RichText)
        # The box is a frame around the label: a styled border on the label
        # itself upsets its height-for-width and leaves a gap.
        self.formula_box = QFrame()
        self.formula_box.setObjectName("nnviz-formula-box")
        self.formula_box.setStyleSheet("QFrame#nnviz-formula-box { background: "
                                       "rgb(248,248,248); border: 1px solid "
                                       "rgb(220,220,220); border-radius: 4px; }")
        box_lay = QVBoxLayout(self.formula_box)
        box_lay.setContentsMargins(6, 4, 6, 4)
        box_lay.addWidget(self.formula)
        ff = QFont(self.font())
        ff.setPointSizeF(max(10.0, ff.pointSizeF() * 1.1))
        self.formula.setFont(ff)
        self.show_gradients = QCheckBox(tr("Show gradients ∂L/∂W instead of values"))
        self.show_gradients.toggled.connect(lambda _=None: self.refresh())
        self.model = NumberTableModel(self)
        self.table = NumberTable()
        self.table.setModel(self.model)
        self.table.resized.connect(self._fit_height)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setFocusPolicy(Qt.NoFocus)
        self.table.setAlternatingRowColors(False)
        fm = self.table.fontMetrics()
        # Fixed sizes: measuring thousands of cells on every update is slow.
        self._cell_width = fm.horizontalAdvance("−1.234e−05") + 12
        self.table.horizontalHeader().setDefaultSectionSize(self._cell_width)
        self.table.horizontalHeader().setMinimumSectionSize(fm.horizontalAdvance("∂L/∂w") + 12)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(fm.height() + 6)
        self.table.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.hint = QLabel(tr("Click a neuron or a connection in the Network view "
                              "to see its numbers here."))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignCenter)
        self.hint.setStyleSheet("color: rgb(110,110,110);")
        hf = QFont(self.font())
        hf.setPointSizeF(max(10.0, hf.pointSizeF() * 1.15))
        self.hint.setFont(hf)
        for w in (self.title, self.subtitle, self.details, self.show_gradients):
            w.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)

        # Text beside the table in a wide, short dock; above it in a tall one.
        self.content = QWidget()
        self._box = QBoxLayout(QBoxLayout.TopToBottom, self.content)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(10)
        self.text_col = QWidget()
        tl = QVBoxLayout(self.text_col)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(6)
        for w in (self.title, self.subtitle, self.details, self.formula_box,
                  self.show_gradients):
            tl.addWidget(w)
        self.text_filler = QWidget()
        self.text_filler.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        tl.addWidget(self.text_filler, 1)
        self.table_col = QWidget()
        vl = QVBoxLayout(self.table_col)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.addWidget(self.table, 1)
        self.table_filler = QWidget()     # takes the slack under a short table
        self.table_filler.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        vl.addWidget(self.table_filler)
        self._box.addWidget(self.text_col)
        self._box.addWidget(self.table_col, 1)
        self._wide = None
        lay.addWidget(self.content, 1)
        lay.addWidget(self.hint, 1)

        self._timer = QTimer(self)
        self._timer.setObjectName("nnviz-inspector")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_refresh)

        self._subs = [("params", self._on_params), ("selection", self._on_selection),
                      ("network", self._on_structure), ("data", self._on_structure),
                      ("settings", self._on_structure), ("training", self._on_training)]
        for name, fn in self._subs:
            session.events.connect(name, fn)
        self.destroyed.connect(functools.partial(_unsubscribe, session.events, self._subs))
        self.refresh()

    # -- scheduling ------------------------------------------------------------
    def _on_selection(self, event=None):
        self._request(now=True)

    def _on_structure(self, event=None):
        # One edit emits at most one event per group: mark stale and let the
        # coalescing timer refresh once (an lr change alone must show too).
        self._stale = True
        self._request()

    def _on_params(self, event=None):
        self._request(now=self._stale)

    def _on_training(self, event=None):
        if self._stale:
            self._request(now=True)

    def _request(self, now=False):
        self._pending = True
        if not self.isVisible():
            return                        # refreshed on show
        if now:
            self._timer.stop()
            self.refresh()
            return
        if self._timer.isActive():
            return                        # an update is already on its way
        wait = UPDATE_INTERVAL_MS / 1000.0 - (time.perf_counter() - self._last_update)
        if wait <= 0:
            self.refresh()
        else:
            self._timer.start(max(1, int(wait * 1000)))

    def _timed_refresh(self):
        if self._pending and self.isVisible():
            self.refresh()

    def flush(self):
        """Run a pending update now (and stop the coalescing timer)."""
        if self._timer.isActive():
            self._timer.stop()
            self.refresh()

    def showEvent(self, event):
        super().showEvent(event)
        if self._pending or self._stale:
            self.refresh()

    def hideEvent(self, event):
        if self._timer.isActive():
            self._timer.stop()
            self._pending = True
        super().hideEvent(event)

    def closeEvent(self, event):
        self._timer.stop()
        super().closeEvent(event)

    # -- drawing ---------------------------------------------------------------
    def refresh(self):
        """Redraw for the current selection (always, visible or not)."""
        self._stale = self._pending = False
        self._last_update = time.perf_counter()
        sel = self.session.selection
        if not sel:
            self._show_hint()
            return
        try:
            kind = sel[0]
            if kind == "neuron":
                ok = self._show_neuron(int(sel[1]), int(sel[2]))
            elif kind == "layer":
                ok = self._show_layer(int(sel[1]))
            elif kind == "edge":
                ok = self._show_param(int(sel[1]), int(sel[2]), int(sel[3]))
            elif kind == "bias":
                ok = self._show_param(int(sel[1]), None, int(sel[2]))
            else:
                ok = False
        except (IndexError, KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            self._show_hint(tr("The selected item is not part of this network any more."))

    def _mode(self, table=False, formula=False, gradients=False):
        self.hint.hide()
        self.content.show()
        self.formula_box.setVisible(formula)
        self.table_col.setVisible(table)
        self.show_gradients.setVisible(gradients)
        self._arrange(force=True)

    def _arrange(self, force=False):
        """Side by side when the view is wide and short (a bottom dock)."""
        wide = self.width() >= 640 and self.width() >= 1.8 * self.height()
        if wide == self._wide and not force:
            return
        self._wide = wide
        self._box.setDirection(QBoxLayout.LeftToRight if wide else QBoxLayout.TopToBottom)
        self._box.setStretch(0, 2 if wide else 0)
        self._box.setStretch(1, 3 if wide else 1)
        table = not self.table_col.isHidden()
        self.text_filler.setVisible(wide or not table)
        self.text_col.setSizePolicy(QSizePolicy.Preferred,
                                    QSizePolicy.Preferred if wide or not table
                                    else QSizePolicy.Maximum)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._arrange()

    def _show_hint(self, extra=""):
        self.content.hide()
        text = tr("Click a neuron or a connection in the Network view to see its "
                  "numbers here.")
        self.hint.setText(f"{extra}\n\n{text}" if extra else text)
        self.hint.show()

    # names -----------------------------------------------------------------
    def _n_layers(self):
        return len(self.session.net.layers)

    def unit_name(self, l, j) -> str:
        """Short name of unit j in layer l (0 = inputs)."""
        s = self.session
        L = self._n_layers()
        if l == 0:
            return s.input_labels[j]
        # one spelling everywhere (core.names): h1.3, ŷ1 — as tooltips and graphs
        return unit_name(l, j, L)

    def layer_name(self, l) -> str:
        L = self._n_layers()
        if l == 0:
            return tr("Input layer")
        if l == L:
            return tr("Output layer")
        return tr("Hidden layer {0}").format(l)

    def _sample_line(self):
        s = self.session
        ds = s.dataset
        k = int(s.sample_index)
        i = int(ds.train_idx[k])
        x = ", ".join(f"{name} = {fmt(v, 3)}" for name, v in zip(ds.input_names, ds.X[i]))
        if ds.task == "classification":
            c = int(ds.y[i])
            names = ds.class_names
            target = names[c] if names and c < len(names) else tr("class {0}").format(c)
        else:
            yv = np.atleast_1d(ds.y[i])
            target = ", ".join(fmt(v) for v in yv)
        return tr("Sample {0} of {1} (training): {2} · target {3}").format(
            sample_name(k), len(ds.train_idx), x, target)

    # neuron --------------------------------------------------------------------
    def _show_neuron(self, l, j):
        s = self.session
        net = s.net
        L = len(net.layers)
        if not 0 <= l <= L:
            return False
        if l == 0:
            return self._show_input(j)
        spec = net.layers[l - 1]
        if not 0 <= j < spec.output_dim:
            return False
        W = net.params[f"W{l}"][:, j].copy()
        b = float(net.params[f"b{l}"][j])
        grads = s.gradients()                 # overwrites net.cache: do it first
        gW = grads[f"W{l}"][:, j].copy()
        gb = float(grads[f"b{l}"][j])
        cache = s.forward_sample()
        a_in = np.asarray(cache.A[l - 1][0], float).copy()
        z = float(_layer_z(cache, l)[0, j])
        a = float(cache.A[l][0, j])

        act = spec.activation
        self._mode(table=True, formula=True)
        title = tr("{0} · neuron {1}").format(self.layer_name(l), j + 1)
        names = s.dataset.class_names
        if l == L and spec.output_dim > 1 and j < len(names):
            title += f" ({names[j]})"
        self.title.setText(title)
        self.subtitle.setText(tr("{0}: {1} — incoming weights {2} … {3}, bias {4}")
                              .format(tr(ACT_NAMES.get(act, act)), ACTIVATIONS[act].formula,
                                      param_label(f"W{l}", (0, j)),
                                      param_label(f"W{l}", (spec.input_dim - 1, j)),
                                      param_label(f"b{l}", (j,))))
        grad_css = css(GRAD_COLOR)
        val_css = css(VALUE_COLOR)
        rows = [
            self._sample_line(),
            tr("bias b = <b>{0}</b> · <span style='color:{2}'>∂L/∂b = {1}</span>")
            .format(fmt(b), fmt(gb), grad_css),
            tr("<span style='color:{2}'>z = {0}</span> · "
               "<span style='color:{2}'>a = {1}</span>").format(fmt(z), fmt(a), val_css),
        ]
        if l == L:
            y = s.sample()[1]
            if j < len(y):
                rows.append(tr("prediction ŷ = {0} · target y = {1}").format(fmt(a),
                                                                           fmt(y[j])))
        self.details.setText("<br>".join(rows))
        sym = "x" if l == 1 else "a"
        slope = spec.slope
        self.formula.setText(_html(z_formula(W, a_in, b, z, sym)) + "<br>"
                             + _html(a_formula(act, z, a, slope)))

        rows = [self.unit_name(l - 1, i) for i in range(spec.input_dim)] + [tr("bias")]
        headers = [f"{sym}ᵢ", tr("weight wᵢ"), "∂L/∂wᵢ"]
        M = np.column_stack([np.append(a_in, 1.0), np.append(W, b), np.append(gW, gb)])
        self._fill(rows, headers, M, ("value", "signed", "grad"))
        return True

    def _show_input(self, j):
        s = self.session
        net = s.net
        n_in = net.layers[0].input_dim
        if not 0 <= j < n_in:
            return False
        W = net.params["W1"][j, :].copy()
        grads = s.gradients()
        gW = grads["W1"][j, :].copy()
        x = float(s.sample()[0][j])
        self._mode(table=True, formula=False)
        name = self.unit_name(0, j)
        self.title.setText(tr("Input {0}").format(name))
        self.subtitle.setText(tr("Feeds every neuron of the next layer through W1[{0},:]")
                              .format(j))
        self.details.setText(self._sample_line() + "<br>"
                             + tr("<span style='color:{2}'>{0} = {1}</span> for this sample")
                             .format(name, fmt(x), css(VALUE_COLOR)))
        out = net.layers[0].output_dim
        rows = [self.unit_name(1, k) for k in range(out)]
        M = np.column_stack([W, gW])
        self._fill(rows, [tr("weight w"), "∂L/∂w"], M, ("signed", "grad"))
        return True

    # layer -----------------------------------------------------------------------
    def _show_layer(self, l):
        s = self.session
        net = s.net
        L = len(net.layers)
        if not 0 <= l <= L:
            return False
        if l == 0:
            x = s.sample()[0]
            self._mode(table=True)
            self.title.setText(tr("Input layer · {0} inputs").format(len(x)))
            self.subtitle.setText(tr("What the network is fed for the selected sample"))
            self.details.setText(self._sample_line())
            rows = [self.unit_name(0, i) for i in range(len(x))]
            self._fill(rows, [tr("value")], np.asarray(x, float)[:, None], ("value",))
            return True
        spec = net.layers[l - 1]
        fi, fo = spec.input_dim, spec.output_dim
        grads_mode = self.show_gradients.isChecked()
        if grads_mode:
            g = s.gradients()
            W, b = g[f"W{l}"], g[f"b{l}"]
        else:
            W, b = net.params[f"W{l}"], net.params[f"b{l}"]
        M = np.vstack([W, b[None, :]])
        self._mode(table=True, gradients=True)
        act = spec.activation
        self.title.setText(tr("{0} · {1} → {2} · {3}").format(
            self.layer_name(l), fi, fo, tr(ACT_NAMES.get(act, act))))
        what = tr("gradients ∂L/∂W{0}, ∂L/∂b{0} over the training set").format(l) \
            if grads_mode else tr("weights W{0} and biases b{0}").format(l)
        self.subtitle.setText(tr("Rows: the {0} inputs and the bias; columns: the {1} "
                                 "neurons. Showing {2}.").format(fi, fo, what))
        finite = M[np.isfinite(M)]
        scale = float(np.max(np.abs(finite))) if finite.size else 0.0
        self.details.setText(tr("{0} parameters · largest |value| {1} · "
                                "orange = negative, blue = positive")
                             .format(M.size, fmt(scale)))
        rows = [self.unit_name(l - 1, i) for i in range(fi)] + [tr("bias")]
        cols = [self.unit_name(l, k) for k in range(fo)]
        self._fill(rows, cols, M, ("signed",) * fo)
        return True

    # edge / bias --------------------------------------------------------------
    def _show_param(self, l, i, j):
        s = self.session
        net = s.net
        if not 1 <= l <= len(net.layers):
            return False
        spec = net.layers[l - 1]
        if not 0 <= j < spec.output_dim or (i is not None and not 0 <= i < spec.input_dim):
            return False
        if i is None:
            key, idx = f"b{l}", (j,)
            pname = param_label(key, idx)
        else:
            key, idx = f"W{l}", (i, j)
            pname = param_label(key, idx)
        value = float(net.params[key][idx])
        grad = float(s.gradients()[key][idx])
        cache = s.forward_sample()
        src = 1.0 if i is None else float(cache.A[l - 1][0, i])
        self._mode(formula=True)
        grad_css, val_css = css(GRAD_COLOR), css(VALUE_COLOR)
        if i is None:
            self.title.setText(tr("Bias of {0}").format(self.unit_name(l, j)))
            self.subtitle.setText(tr("{0} · neuron {1} · parameter {2}")
                                  .format(self.layer_name(l), j + 1, pname))
        else:
            self.title.setText(tr("Connection {0} → {1}").format(self.unit_name(l - 1, i),
                                                               self.unit_name(l, j)))
            self.subtitle.setText(tr("weight from {0} into {1} · parameter {2}")
                                  .format(self.layer_name(l - 1).lower(),
                                          self.layer_name(l).lower(), pname))
        sym = "b" if i is None else "w"
        rows = [
            tr("{0} = <b>{1}</b>").format(tr("bias b") if i is None else tr("weight w"),
                                         fmt(value)),
            tr("<span style='color:{2}'>gradient ∂L/∂{0} = {1}</span> "
               "(over the training set)").format(sym, fmt(grad), grad_css),
        ]
        if i is not None:
            rows.append(tr("<span style='color:{3}'>for sample {0}: w·{1} = {2}</span>")
                        .format(s.sample_index + 1, self.unit_name(l - 1, i),
                                f"{term(value)}·{term(src)} = {fmt(value * src)}", val_css))
        self.details.setText("<br>".join(rows))
        self.formula.setText(self._optimizer_html(pname, value, grad))
        return True

    def _optimizer_html(self, pname, value, grad):
        s = self.session
        opt = s.trainer.optimizer
        name = getattr(opt, "name", "")
        lines = [tr("<b>{0}</b> (η = {1}, step t = {2:,})").format(
            OPTIMIZER_LABELS.get(name, name), fmt(opt.lr), int(getattr(opt, "t", 0))),
            _html(optimizer_formula(name))]
        state = getattr(opt, "state", {}) or {}
        try:
            k = s.net.param_index(pname)
        except Exception:          # a name the network does not know: show no state
            k = None
        shown = []
        for key, arr in state.items():
            arr = np.asarray(arr)
            if k is not None and arr.ndim == 1 and k < arr.size:
                shown.append(f"{key} = {fmt(arr[k])}")
        if shown:
            lines.append(tr("state for this parameter:"))
            lines.extend("&nbsp;&nbsp;" + _html(v) for v in shown)
        elif name != "sgd":
            lines.append(tr("no optimiser state yet — it starts at the first step"))
        if name == "sgd":
            step = -opt.lr * grad
            lines.append(_html(tr("next full-batch step: Δθ = −η·g = −{0}·{1} = {2}")
                               .format(fmt(opt.lr), term(grad), fmt(step))))
        return "<br>".join(lines)

    # tables --------------------------------------------------------------------
    def _fill(self, row_names, col_names, M, kinds):
        if self.model.set_data(row_names, col_names, M, kinds):
            self._fit_height()

    def cell_text(self, row, col) -> str:
        """What the table shows in a cell (for tests and accessibility)."""
        return self.model.data(self.model.index(row, col), Qt.DisplayRole) or ""

    def _fit_height(self):
        """Short tables take only the height they need; long ones scroll."""
        t = self.table
        fm = t.fontMetrics()
        rows = [str(self.model.headerData(r, Qt.Vertical)) for r in range(self.model.rowCount())]
        head_w = max((fm.horizontalAdvance(r) for r in rows), default=0) + 12
        h = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth()
        h += t.verticalHeader().defaultSectionSize() * self.model.rowCount()
        width = head_w + t.horizontalHeader().defaultSectionSize() * \
            self.model.columnCount() + 2 * t.frameWidth()
        # As wide as the columns need (no stretched-out numbers in a wide dock)
        t.setMaximumWidth(width + t.verticalScrollBar().sizeHint().width() + 2)
        if width > t.width():
            h += t.horizontalScrollBar().sizeHint().height()
        t.setMaximumHeight(h + 2)


class NumberTable(QTableView):
    """A table view with QTableWidget-style ``rowCount()`` / ``columnCount()``."""
    resized = Signal()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()

    def rowCount(self) -> int:
        return self.model().rowCount()

    def columnCount(self) -> int:
        return self.model().columnCount()


class NumberTableModel(QAbstractTableModel):
    """A float matrix with row/column names. Cells are formatted and coloured
    only when painted, so a 65 × 64 layer updates in well under a millisecond.
    Column kinds: "signed" (diverging background), "value" (forward value
    colour), "grad" (gradient colour) or "plain"."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._M = np.zeros((0, 0))
        self._rows: list[str] = []
        self._cols: list[str] = []
        self._kinds: tuple = ()
        self._scale = 0.0
        self._fg = qcolor(FOREGROUND)
        self._value = qcolor(VALUE_COLOR)
        self._grad = qcolor(GRAD_COLOR)
        self._white = QColor(255, 255, 255)

    def set_data(self, row_names, col_names, M, kinds) -> bool:
        """Show M; True when the table's shape or names changed (a reset)."""
        M = np.asarray(M, dtype=float)
        same = M.shape == self._M.shape and list(row_names) == self._rows and \
            list(col_names) == self._cols and tuple(kinds) == self._kinds
        signed = [k for k, kind in enumerate(kinds) if kind == "signed"]
        S = M[:, signed] if signed else M[:, :0]
        S = S[np.isfinite(S)]
        scale = float(np.max(np.abs(S))) if S.size else 0.0
        if same:
            self._M[...] = M
            self._scale = scale
            if M.size:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(M.shape[0] - 1, M.shape[1] - 1))
            return False
        self.beginResetModel()
        self._M = M.copy()
        self._rows, self._cols = list(row_names), list(col_names)
        self._kinds = tuple(kinds)
        self._scale = scale
        self.endResetModel()
        return True

    def value(self, row, col) -> float:
        return float(self._M[row, col])

    def rowCount(self, parent=_NO_PARENT):
        return 0 if parent.isValid() else self._M.shape[0]

    def columnCount(self, parent=_NO_PARENT):
        return 0 if parent.isValid() else self._M.shape[1]

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.DisplayRole or role == Qt.ToolTipRole:
            v = self._M[r, c]
            return fmt(v) if role == Qt.DisplayRole else fmt(v, 10)
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        kind = self._kinds[c] if c < len(self._kinds) else "plain"
        if role == Qt.BackgroundRole and kind == "signed":
            v = float(self._M[r, c])
            return qcolor(signed_color(v, self._scale)) if np.isfinite(v) else None
        if role == Qt.ForegroundRole:
            if kind == "signed":
                v = float(self._M[r, c])
                strong = self._scale > 0 and np.isfinite(v) and abs(v) / self._scale > 0.6
                return self._white if strong else self._fg
            if kind == "value":
                return self._value
            if kind == "grad":
                return self._grad
            return self._fg
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        names = self._cols if orientation == Qt.Horizontal else self._rows
        return names[section] if 0 <= section < len(names) else None


def _layer_z(cache, l):
    """Pre-activation of network layer l (1-based) from a forward cache.

    ``cache.A`` has L + 1 entries (A[0] is the input); ``cache.Z`` has L
    (Z[0] is layer 1) in the engine — accept an A-aligned Z list too."""
    if len(cache.Z) == len(cache.A):
        return cache.Z[l]
    return cache.Z[l - 1]


def _html(text) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(n) -> str:
    return str(n).translate(_SUBSCRIPTS)


def _unsubscribe(events, subs, *_):
    for name, fn in subs:
        events.disconnect(name, fn)


__all__ = ["InspectorView", "z_formula", "a_formula"]
