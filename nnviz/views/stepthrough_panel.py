"""The step-through view: one forward pass, one backward pass and the update,
node by node on the computation graph, with the real numbers.

Three parts:

* the **computation graph** (:class:`~.graph_canvas.GraphCanvas`), painted by
  one :class:`~.graph_item.GraphItem`;
* the **arithmetic panel**: the current step's formula with its numbers, the
  chain-rule product so far and one plain-language line
  (:mod:`.stepthrough_text`);
* the **transport** (:class:`TransportBar`): back, step, play at 1–30 steps/s,
  jump to start, to the start of the backward pass, to the end, and "Apply
  update", which writes w ← w − η·∂L/∂w into the network (undoable).

The controller is Qt-free and owned by the session:
``session.stepthrough`` (:class:`core.stepthrough.StepThrough`). The view draws
it and forwards input; it builds no controller and computes nothing.
"""
from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import NNVizError
from core.stepthrough import StepThrough
from nnviz.i18n import QT_TR_NOOP, tr
from nnviz.i18n_messages import translate_message
from nnviz.views.common import subscribe
from nnviz.zoom import ZOOM

from . import stepthrough_text as text
from .graph_canvas import GraphCanvas

SPEEDS = (1, 30)
NARROW_WIDTH = 860       # below this, Back / Play / Step show icons only
TIMER_NAME = "nnviz-stepthrough"


class TransportBar(QWidget):
    """Back, step, play, jumps, speed, progress and "Apply update".

    ``actions`` are QActions without shortcuts (the view's owner may add
    some): forward, back, play, to_start, to_backward, to_end, apply; their
    slots are the view's. :meth:`show_state` enables what applies (Qt calls
    only for what changed: it runs at every step while playing)."""

    def __init__(self, view, parent=None):
        super().__init__(parent)
        self._shown_playing = None
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(3)
        self.actions = self._build_actions(view)
        self.buttons = {}
        for key in ("to_start", "back", "play", "forward", "to_backward", "to_end"):
            b = QToolButton()
            b.setDefaultAction(self.actions[key])
            b.setToolButtonStyle(Qt.ToolButtonIconOnly if key in ("to_start", "to_end")
                                 else Qt.ToolButtonTextBesideIcon)
            b.setAutoRaise(False)
            bar.addWidget(b)
            self.buttons[key] = b
        bar.addSpacing(8)
        self.speed_slider = QSlider(Qt.Horizontal)
        self.speed_slider.setObjectName("nnviz-stepthrough-speed")
        self.speed_slider.setRange(*SPEEDS)
        self.speed_slider.setValue(4)
        self.speed_slider.setMinimumWidth(50)
        self.speed_slider.setMaximumWidth(110)
        self.speed_slider.setToolTip(tr("Speed: steps per second while playing"))
        bar.addWidget(self.speed_slider)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(self.speed_label.fontMetrics().horizontalAdvance(
            tr("{0} steps/s").format(30)) + 4)
        bar.addWidget(self.speed_label)
        bar.addSpacing(8)
        self.progress = QLabel()
        self.progress.setObjectName("nnviz-stepthrough-progress")
        self.progress.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        f = self.progress.font()
        f.setPointSize(11)
        self.progress.setFont(f)
        self.progress.setMinimumWidth(
            round(self.progress.fontMetrics().horizontalAdvance("step 8888 / 8888 · backward"))
            + 8)
        bar.addWidget(self.progress, 1)
        self.apply_button = QToolButton()
        self.apply_button.setDefaultAction(self.actions["apply"])
        self.apply_button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        bar.addWidget(self.apply_button)

    def _build_actions(self, view):
        style = self.style()

        def act(key, label, slot, tip, icon=None):
            a = QAction(label, view)
            a.setObjectName(f"nnviz-stepthrough-{key}")
            a.setToolTip(tip)
            a.setStatusTip(tip)
            if icon is not None:
                a.setIcon(style.standardIcon(icon))
            a.triggered.connect(slot)
            return a

        actions = {
            "to_start": act("to_start", tr("Start"), view.to_start,
                            tr("Back to the start: nothing computed yet"),
                            QStyle.SP_MediaSkipBackward),
            "back": act("back", tr("Back"), view.back, tr("Undo the last step (←)"),
                        QStyle.SP_MediaSeekBackward),
            "play": act("play", tr("Play"), view.toggle_play,
                        tr("Step automatically at the chosen speed"), QStyle.SP_MediaPlay),
            "forward": act("forward", tr("Step"), view.forward,
                           tr("Take the next step (→)"), QStyle.SP_MediaSeekForward),
            "to_backward": act("to_backward", tr("To backward"), view.to_backward,
                               tr("Jump to the start of the backward pass (forward done)")),
            "to_end": act("to_end", tr("End"), view.to_end,
                          tr("Jump to the end: every value, gradient and update"),
                          QStyle.SP_MediaSkipForward),
            "apply": act("apply", tr("Apply update"), view.apply_update,
                         tr("Write w ← w − η·∂L/∂w for this one sample into the network "
                            "(undoable), then step through the new weights")),
        }
        actions["play"].setCheckable(True)
        return actions

    def show_state(self, st, playing, bwd_start, can_apply, usable=True):
        """Enable the buttons for controller ``st`` and write the progress;
        ``usable`` False (the graph shown is not current) disables stepping."""
        n, c = len(st), st.cursor
        enabled = {"back": c > 0, "to_start": c > 0, "forward": c < n, "to_end": c < n,
                   "to_backward": bwd_start is not None and c != bwd_start,
                   "play": n > 0, "apply": can_apply}
        a = self.actions
        for key, on in enabled.items():
            on = on and usable
            if a[key].isEnabled() != on:
                a[key].setEnabled(on)
        if a["play"].isChecked() != playing:
            a["play"].setChecked(playing)
        if self._shown_playing is not playing:
            self._shown_playing = playing
            a["play"].setText(tr("Pause") if playing else tr("Play"))
            a["play"].setIcon(self.style().standardIcon(
                QStyle.SP_MediaPause if playing else QStyle.SP_MediaPlay))
        self.progress.setText(text.progress_html(st))

    def set_narrow(self, narrow):
        # In a narrow dock the media buttons drop their words (icons and
        # tooltips stay) so the progress and "Apply update" keep their room.
        style = Qt.ToolButtonIconOnly if narrow else Qt.ToolButtonTextBesideIcon
        for key in ("back", "play", "forward"):
            b = self.buttons[key]
            if b.toolButtonStyle() != style:
                b.setToolButtonStyle(style)


class StepThroughView(QWidget):
    """See the module docstring. ``StepThroughView(session, stepper=None)``:
    draws ``session.stepthrough`` unless a controller is given.

    Public API: ``stepper`` (:class:`core.stepthrough.StepThrough`), ``canvas``
    (:class:`GraphCanvas`: ``node_labels()``, ``stale_message()``), ``panel``
    (the arithmetic panel), ``actions`` (QActions without shortcuts: forward,
    back, play, to_start, to_backward, to_end, apply), :meth:`set_mode`,
    :meth:`build_expression`, :meth:`error`, :meth:`jump_to_ref`,
    :meth:`highlight_nodes` / :meth:`highlighted_nodes`,
    :meth:`play` / :meth:`pause`, :meth:`set_speed`. Signals:
    ``refsChanged(list)`` — the network elements of the current step;
    ``nodeClicked(object)`` — the network ref of a clicked graph node (None
    for formula graphs).
    """
    refsChanged = Signal(list)
    nodeClicked = Signal(object)

    MODE_ITEMS = (("network", QT_TR_NOOP("Current network")),
                  ("expression", QT_TR_NOOP("Expression…")),
                  ("e1", QT_TR_NOOP("Example E1: (x+y)·z")),
                  ("e2", QT_TR_NOOP("Example E2: apples and oranges")))
    GRAN_ITEMS = (("auto", QT_TR_NOOP("Auto")), ("scalar", QT_TR_NOOP("Scalar")),
                  ("layer", QT_TR_NOOP("Layer")))

    def __init__(self, session, stepper: StepThrough | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("nnviz-stepthrough-view")
        # An explicit minimum keeps the size hints still when mode widgets show/hide.
        self.setMinimumSize(420, 300)
        self.stepper = stepper if stepper is not None else session.stepthrough
        self._last_refs: list = []
        self._bwd_start = None
        self._can_apply = False
        self._error = ""             # a typed formula that failed: the graph is not current
        self.last_restyle_ms = 0.0
        self._build_ui()
        ZOOM.changed.connect(self._on_zoom)
        subscribe(self, self.stepper.events, {"trace": self._on_trace,
                                              "cursor": self._on_cursor})
        subscribe(self, session.events, {"data": self._on_session_data,
                                          "network": self._on_session_data,
                                          "selection": self._on_session_data,
                                          "settings": self._on_settings})
        # ← / → step while the focus is in this view (not in a text field, a
        # spin box, the speed slider or a drop-down, which use the arrows).
        for w in [self, *self.findChildren(QWidget)]:
            if w.focusPolicy() != Qt.NoFocus and not isinstance(
                    w, (QLineEdit, QAbstractSpinBox, QAbstractSlider, QComboBox)):
                w.installEventFilter(self)
        self._sync_mode_widgets()
        self._on_session_data(None)
        self._on_trace(None)
        self._on_cursor(None)

    # -- building ---------------------------------------------------------------------
    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addLayout(self._build_top())
        lay.addWidget(self._build_expression_row())
        self.error_label = QLabel()
        self.error_label.setObjectName("nnviz-stepthrough-error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0281e;")
        self.error_label.hide()
        lay.addWidget(self.error_label)

        self.splitter = QSplitter(Qt.Horizontal)
        self.canvas = GraphCanvas()
        self.canvas.nodeClicked.connect(self._node_clicked)
        self.splitter.addWidget(self.canvas)
        self.panel = QTextBrowser()
        self.panel.setObjectName("nnviz-stepthrough-panel")
        self.panel.setOpenLinks(False)
        self.panel.setMinimumWidth(220)
        font = self.panel.font()
        font.setPointSize(12)
        self.panel.setFont(font)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 300])
        lay.addWidget(self.splitter, 1)

        self.transport = TransportBar(self)
        self.actions = self.transport.actions
        self.progress = self.transport.progress
        self.apply_button = self.transport.apply_button
        self.speed_slider = self.transport.speed_slider
        self.speed_slider.valueChanged.connect(self._speed_changed)
        lay.addWidget(self.transport)

        self.timer = QTimer(self)
        self.timer.setObjectName(TIMER_NAME)
        self.timer.timeout.connect(self._tick)
        self._speed_changed(self.speed_slider.value())

    def _build_top(self):
        top = QHBoxLayout()
        top.setSpacing(6)
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("nnviz-stepthrough-mode")
        for key, label in self.MODE_ITEMS:
            self.mode_combo.addItem(tr(label), key)
        self.mode_combo.setToolTip(tr("Which computation to step through"))
        self.mode_combo.activated.connect(self._mode_chosen)
        self.gran_label = QLabel(tr("Nodes:"))
        self.gran_combo = QComboBox()
        for key, label in self.GRAN_ITEMS:
            self.gran_combo.addItem(tr(label), key)
        self.gran_combo.setToolTip(tr("Scalar: every weight is a node (small networks). "
                                      "Layer: one node per matrix product, bias and "
                                      "activation. Auto picks scalar up to 200 parameters."))
        self.gran_combo.activated.connect(self._granularity_chosen)
        self.compact_box = QCheckBox(tr("Compact"))
        self.compact_box.setToolTip(tr("Fold each product w·x into the sum node it feeds"))
        self.compact_box.toggled.connect(self._compact_toggled)
        self.sample_label = QLabel(tr("Sample"))
        self.sample_spin = QSpinBox()          # 1-based, like "#5" everywhere (core.names)
        self.sample_spin.setToolTip(tr("The training sample that drives the pass "
                                       "(or click a point in the data view)"))
        self.sample_spin.setPrefix("#")
        self.sample_spin.valueChanged.connect(self._sample_chosen)
        self.follow_box = QCheckBox(tr("Follow"))
        self.follow_box.setChecked(True)
        self.follow_box.setToolTip(tr("Keep the current node in view while stepping"))
        self.follow_box.toggled.connect(self._follow_toggled)
        self.fit_button = QPushButton(tr("Fit"))
        self.fit_button.setToolTip(tr("Show the whole graph"))
        self.fit_button.clicked.connect(lambda: self.canvas.fit(whole=True))
        for w in (self.mode_combo, self.gran_label, self.gran_combo, self.compact_box,
                  self.sample_label, self.sample_spin):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.follow_box)
        top.addWidget(self.fit_button)
        return top

    def _build_expression_row(self):
        self.expr_row = QWidget()
        er = QHBoxLayout(self.expr_row)
        er.setContentsMargins(0, 0, 0, 0)
        er.addWidget(QLabel(tr("f =")))
        self.expr_edit = QLineEdit(self.stepper.expression)
        self.expr_edit.setObjectName("nnviz-stepthrough-formula")
        self.expr_edit.setPlaceholderText("(x + y) * z")
        self.expr_edit.setToolTip(tr("A formula: + − * / ** @, exp, log, sqrt, sigmoid, "
                                     "tanh, relu, …; several lines as q = x + y; f = q * z"))
        self.expr_edit.returnPressed.connect(self.build_expression)
        er.addWidget(self.expr_edit, 3)
        er.addWidget(QLabel(tr("with")))
        self.values_edit = QLineEdit(self.stepper.values_text)
        self.values_edit.setObjectName("nnviz-stepthrough-values")
        self.values_edit.setPlaceholderText("x = -2, y = 5, z = -4")
        self.values_edit.returnPressed.connect(self.build_expression)
        er.addWidget(self.values_edit, 2)
        self.build_button = QPushButton(tr("Build"))
        self.build_button.clicked.connect(self.build_expression)
        er.addWidget(self.build_button)
        return self.expr_row

    # -- events from the stepper / session ------------------------------------------------
    def _on_trace(self, _ev):
        st = self.stepper
        bwd = st.trace.phase_range("backward")
        self._bwd_start = bwd.start if len(bwd) else None
        self._can_apply = st.can_apply
        self._error = ""             # a new graph: current again
        self.canvas.set_stale("")
        self.canvas.set_graph(st.graph, st.trace, compact=self._compact_on())
        self._show_error(st.error or "")
        if st.error:
            self.pause()
        # the mode follows the controller (a lesson may switch it); "Auto
        # (layer)" says what is drawn; a formula that failed keeps the combo
        self._sync_mode_widgets(keep_combo=bool(st.error))

    def _on_zoom(self):
        if shiboken6.isValid(self):
            self._update_panel()

    def _on_cursor(self, _ev):
        t0 = time.perf_counter()
        st = self.stepper
        self.canvas.restyle(st)
        if self.canvas._need_fit:
            self.canvas.fit()
        else:
            self.canvas.ensure_visible()
        self._update_panel()
        self._update_transport()
        refs = st.network_refs()
        if refs != self._last_refs:
            self._last_refs = refs
            self.refsChanged.emit(list(refs))
        self.last_restyle_ms = (time.perf_counter() - t0) * 1e3

    def _on_session_data(self, _ev):
        n = len(self.session.dataset.train_idx)
        self.sample_spin.blockSignals(True)
        self.sample_spin.setRange(1, max(1, n))
        self.sample_spin.setValue(self.session.sample_index + 1)
        self.sample_spin.blockSignals(False)

    def _on_settings(self, ev):
        """The panel shows η: a new learning rate redraws it. The network trace
        holds the update η·∂L/∂w, so it must be rebuilt; until the controller
        does that itself on ``settings`` (see the report for issue #8), ask it."""
        st = self.stepper
        if st.mode == "network" and st.lr is not None and st.lr != self.session.settings.lr \
                and st.active:
            st.rebuild()
        else:
            self._update_panel()

    # -- mode --------------------------------------------------------------------------------
    def set_mode(self, mode: str, **kw):
        """"network", "expression", "e1" or "e2" (keywords as StepThrough.set_mode).
        Returns an error message (also shown in red) or None."""
        self.pause()
        try:
            self.stepper.set_mode(mode, **kw)
        except NNVizError as e:
            self._fail(str(e))
            return str(e)
        self._show_error(self.stepper.error or "")
        self._sync_mode_widgets()
        return None

    def build_expression(self):
        """Build the graph of the typed formula and values. A bad one shows its
        one-line message in red and greys out the graph still shown (it is no
        longer what the fields say). Returns the message or None."""
        self.pause()
        try:
            self.stepper.set_expression(self.expr_edit.text(), self.values_edit.text())
        except NNVizError as e:
            self._fail(str(e))
            return str(e)
        self._show_error("")
        self._sync_mode_widgets()
        return None

    def error(self) -> str:
        """The message of the last formula that failed to build, or "" (the
        graph shown is current)."""
        return self._error

    def _fail(self, message):
        message = message.strip().splitlines()[0] if message.strip() else tr("not a formula")
        self._error = message
        self._show_error(message)
        self.canvas.set_stale(message)
        self._sync_mode_widgets(keep_combo=True)
        self._update_panel()
        self._update_transport()

    def _mode_chosen(self, i):
        mode = self.mode_combo.itemData(i)
        if mode == "expression":
            self.expr_row.show()
            if self.stepper.mode != "expression":
                self.build_expression()
            self.expr_edit.setFocus()
            return
        self.expr_row.hide()
        self.set_mode(mode)

    def _granularity_chosen(self, i):
        self.pause()
        self.stepper.set_granularity(self.gran_combo.itemData(i))
        self._sync_mode_widgets()

    def _compact_on(self) -> bool:
        st = self.stepper
        return (self.compact_box.isChecked() and st.mode == "network"
                and st.effective_granularity == "scalar")

    def _compact_toggled(self, _on):
        st = self.stepper
        self.canvas.set_graph(st.graph, st.trace, compact=self._compact_on())
        self.canvas.restyle(st)
        self.canvas.fit()

    def _follow_toggled(self, on):
        self.canvas.follow = on
        self.canvas.ensure_visible()

    def _sample_chosen(self, value):
        self.session.select_sample(value - 1)

    def _sync_mode_widgets(self, keep_combo=False):
        """Show the widgets of the current mode; ``keep_combo`` leaves the mode
        selector where the user put it (a formula that failed to build)."""
        st = self.stepper
        if not keep_combo:
            i = [k for k, _ in self.MODE_ITEMS].index(st.mode)
            self.mode_combo.setCurrentIndex(i)
        net_mode = st.mode == "network"
        self.expr_row.setVisible(self.mode_combo.currentData() == "expression")
        for w in (self.gran_label, self.gran_combo, self.sample_label, self.sample_spin):
            w.setVisible(net_mode)
        self.compact_box.setVisible(net_mode)
        self.compact_box.setEnabled(net_mode and st.effective_granularity == "scalar")
        gi = [k for k, _ in self.GRAN_ITEMS].index(st.granularity)
        self.gran_combo.setCurrentIndex(gi)
        self.gran_combo.setItemText(0, tr("Auto ({0})").format(tr(st.effective_granularity))
                                    if net_mode else tr("Auto"))
        self.apply_button.setVisible(net_mode)

    def _show_error(self, message):
        self.error_label.setText(translate_message(message))
        self.error_label.setVisible(bool(message))

    # -- transport ------------------------------------------------------------------------------
    def forward(self):
        self.pause()
        self.stepper.forward()

    def back(self):
        self.pause()
        self.stepper.back()

    def to_start(self):
        self.pause()
        self.stepper.to_start()

    def to_backward(self):
        self.pause()
        self.stepper.to_backward_start()

    def to_end(self):
        self.pause()
        self.stepper.to_end()

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def play(self):
        if self._error:
            return
        if self.stepper.at_end:
            self.stepper.to_start()
        if not len(self.stepper):
            return
        self.timer.start()
        self.canvas.item.antialias = False
        self._update_transport()

    def pause(self):
        if self.timer.isActive():
            self.timer.stop()
        self.canvas.item.antialias = True
        self.canvas.item.update()
        self._update_transport()

    def toggle_play(self):
        if self.playing:
            self.pause()
        else:
            self.play()

    def _tick(self):
        if not self.stepper.forward() or self.stepper.at_end:
            self.pause()

    def set_speed(self, steps_per_second: int):
        self.speed_slider.setValue(int(steps_per_second))

    def speed(self) -> int:
        return self.speed_slider.value()

    def _speed_changed(self, v):
        self.timer.setInterval(max(1, round(1000 / max(1, v))))
        self.transport.speed_label.setText(tr("{0} steps/s").format(v) if v > 1
                                           else tr("1 step/s"))

    def apply_update(self):
        """Apply the update the trace shows (network mode); True if applied.
        If the controller refuses, its one-line message shows in red."""
        self.pause()
        try:
            return self.stepper.apply_update()
        except NNVizError as e:
            self._show_error(str(e).strip().splitlines()[0])
            return False

    # -- linking -------------------------------------------------------------------------------
    def jump_to_ref(self, ref):
        """Make the first step about ``ref`` (a network ref from the network view,
        or a node name) current; once the forward pass is done, its first
        backward step. Returns True if the trace has a step for it."""
        self.pause()
        return self.stepper.jump_to(ref)

    def highlight_nodes(self, names):
        """Ring the graph nodes ``names`` (e.g. ``["q", "f"]``) in the highlight
        colour, as a lesson points at them; an empty list clears the rings.
        They stay ringed while the view steps, until the next call."""
        self.canvas.highlight([n for n in (names or ()) if isinstance(n, str)])

    def highlighted_nodes(self) -> list[str]:
        """The ringed node names that are in the graph shown."""
        return self.canvas.highlighted()

    def _node_clicked(self, name):
        self.jump_to_ref(name)
        node = self.stepper.graph[name] if name in self.stepper.graph else None
        ref = node.ref if node is not None else None
        if ref is not None and ref[0] == "param":
            ref = ("layer", int(ref[1][1:]))
        self.nodeClicked.emit(ref)

    # -- panel ---------------------------------------------------------------------------------
    def _update_transport(self):
        if not hasattr(self, "transport"):
            return
        self.transport.show_state(self.stepper, self.playing, self._bwd_start,
                                  self._can_apply, usable=not self._error)

    def _update_panel(self):
        self.panel.setHtml(text.error_html(self._error) if self._error
                           else text.panel_html(self.stepper, self.session))

    # -- keys and lifetime ------------------------------------------------------------------------
    def eventFilter(self, obj, ev):
        t = ev.type()
        if t in (QEvent.ShortcutOverride, QEvent.KeyPress) \
                and ev.key() in (Qt.Key_Left, Qt.Key_Right) \
                and ev.modifiers() == Qt.NoModifier:
            # ← and → step through the trace while this view has the focus.
            ev.accept()
            if t == QEvent.KeyPress:
                self.actions["forward" if ev.key() == Qt.Key_Right else "back"].trigger()
            return True
        return super().eventFilter(obj, ev)

    def resizeEvent(self, ev):
        self.transport.set_narrow(ev.size().width() < NARROW_WIDTH)
        super().resizeEvent(ev)

    def hideEvent(self, ev):
        self.pause()
        super().hideEvent(ev)

    def set_active(self, active: bool):
        """Called when the view's dock is shown or hidden (tabbed away): a
        hidden step-through does not rebuild its trace on every training step."""
        self.stepper.set_active(active)

    def closeEvent(self, ev):
        self.pause()
        super().closeEvent(ev)


__all__ = ["StepThroughView", "TransportBar"]
