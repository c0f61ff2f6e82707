"""The step-through view: stepping E1 shows the textbook numbers, stepping back
restores them, linking, expressions, the update, playback and keys."""
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from core.graph import format_number
from core.session import Session
from nnviz.views.graph_view import StepThroughView


@pytest.fixture
def small():
    s = Session()
    s.set(dataset="moons", hidden=(4, 4), activations=("tanh", "tanh"))
    return s


def node_name(view, ref, kind=None, op=None):
    """The graph node of a network ref (names follow core.names, e.g. w1[1→2])."""
    hits = [n.name for n in view.stepper.graph.nodes if n.ref == ref
            and (kind is None or n.kind == kind) and (op is None or n.op == op)]
    assert len(hits) == 1, (ref, hits)
    return hits[0]


def make_view(qtbot, session, mode=None, size=(900, 500)):
    view = StepThroughView(session)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    if mode is not None:
        assert view.set_mode(mode) is None
    return view


def test_e1_forward_and_backward_numbers_in_the_view(qtbot, session):
    view = make_view(qtbot, session, "e1")
    labels = view.canvas.node_labels()
    assert labels["x"] == ("−2", None, "done") and labels["z"] == ("−4", None, "done")
    assert labels["q"] == (None, None, "future") and labels["f"] == (None, None, "future")
    view.actions["forward"].trigger()
    labels = view.canvas.node_labels()
    assert labels["q"] == ("3", None, "current") and labels["f"][2] == "future"
    assert "q = x + y = −2 + 5 = 3" in view.panel.toPlainText()
    view.actions["forward"].trigger()
    labels = view.canvas.node_labels()
    assert labels["q"] == ("3", None, "done") and labels["f"] == ("−12", None, "current")
    assert "step 2 / 7" in view.progress.text() and "forward" in view.progress.text()
    view.actions["to_end"].trigger()
    labels = view.canvas.node_labels()
    assert labels["x"][1] == "−4" and labels["y"][1] == "−4" and labels["z"][1] == "3"
    assert labels["q"][1] == "−4" and labels["f"] == ("−12", "1", "done")
    assert labels["y"][2] == "current"
    assert "backward" in view.progress.text()


def test_back_stepping_restores_the_view(qtbot, session):
    view = make_view(qtbot, session, "e1")
    seen = [(view.canvas.node_labels(), view.panel.toPlainText())]
    for _ in range(len(view.stepper)):
        view.actions["forward"].trigger()
        seen.append((view.canvas.node_labels(), view.panel.toPlainText()))
    assert not view.actions["forward"].isEnabled()
    for k in range(len(view.stepper) - 1, -1, -1):
        view.actions["back"].trigger()
        assert (view.canvas.node_labels(), view.panel.toPlainText()) == seen[k]
    assert not view.actions["back"].isEnabled()
    view.actions["to_backward"].trigger()
    labels = view.canvas.node_labels()
    assert labels["f"][0] == "−12" and all(g is None for _, g, _ in labels.values())


def test_network_view_links(qtbot, small):
    view = make_view(qtbot, small, size=(900, 1500))      # tall: every weight fits
    assert view.stepper.effective_granularity == "scalar"
    with qtbot.waitSignal(view.refsChanged) as blocker:
        assert view.jump_to_ref(("edge", 1, 0, 0))
    assert view.stepper.current_step.ref == ("edge", 1, 0, 0)
    assert blocker.args[0] == [("edge", 1, 0, 0), ("neuron", 0, 0), ("neuron", 1, 0)]
    assert view.canvas.node_labels()[node_name(view, ("edge", 1, 0, 0), op="mul")][2] == "current"
    view.actions["to_backward"].trigger()
    view.jump_to_ref(("edge", 1, 0, 0))
    assert view.stepper.current_step.phase == "backward"
    assert not view.jump_to_ref(("edge", 7, 7, 7))


def test_clicking_a_graph_node_jumps_to_its_step(qtbot, session):
    view = make_view(qtbot, session, "e1")
    pos = view.canvas.node_pos("q")
    with qtbot.waitSignal(view.nodeClicked):
        qtbot.mouseClick(view.canvas.viewport(), Qt.LeftButton, pos=pos)
    assert view.stepper.current_step.node == "q" and view.stepper.cursor == 1
    view.actions["to_end"].trigger()
    qtbot.mouseClick(view.canvas.viewport(), Qt.LeftButton, pos=view.canvas.node_pos("q"))
    assert view.stepper.current_step.node == "q"
    assert view.stepper.current_step.phase == "backward"     # past forward: its backward step
    assert "+ q" in view.canvas.tooltip("q") or "add(x, y)" in view.canvas.tooltip("q")


def test_bad_expression_shows_its_message_and_changes_nothing(qtbot, session):
    view = make_view(qtbot, session, "e1")
    view.actions["forward"].trigger()
    before = view.canvas.node_labels()
    view.mode_combo.setCurrentIndex(1)
    view.mode_combo.activated.emit(1)                 # "Expression…" builds (x + y) * z
    assert view.stepper.mode == "expression" and view.expr_row.isVisible()
    assert not view.error_label.isVisible()
    good = view.canvas.node_labels()
    view.expr_edit.setText("(x + y) *")
    qtbot.mouseClick(view.build_button, Qt.LeftButton)
    assert view.error_label.isVisible() and "syntax error" in view.error_label.text()
    assert view.stepper.expression == "(x + y) * z"
    # The old graph is greyed out, not shown as if it were the formula typed.
    assert view.error() == view.error_label.text() and "\n" not in view.error()
    assert view.canvas.stale_message() == view.error()
    assert "Not built" in view.panel.toPlainText() and view.error() in view.panel.toPlainText()
    assert not view.actions["forward"].isEnabled() and not view.actions["play"].isEnabled()
    view.play()
    assert not view.playing
    assert view.canvas.node_labels() == good           # kept for context, greyed
    view.expr_edit.setText("a * b")
    view.values_edit.setText("a = 2, b = two")
    assert "not a number" in view.build_expression()
    assert view.error_label.isVisible() and view.mode_combo.currentData() == "expression"
    assert view.canvas.stale_message()
    view.values_edit.setText("a = 2, b = -3")
    assert view.build_expression() is None
    assert not view.error_label.isVisible() and view.error() == ""
    assert view.canvas.stale_message() == "" and view.actions["forward"].isEnabled()
    view.actions["to_end"].trigger()
    labels = view.canvas.node_labels()
    assert labels["f"][0] == "−6" and labels["a"][1] == "−3" and labels["b"][1] == "2"
    assert before != labels


def test_apply_update_in_network_mode_changes_weights(qtbot, small):
    view = make_view(qtbot, small)
    view.stepper.set_granularity("scalar")          # chosen: pans instead of shrinking
    assert view.apply_button.isVisible() and view.actions["apply"].isEnabled()
    st = view.stepper
    lr = small.settings.lr
    before = small.net.params["W1"].copy()
    st.to_end()
    w01 = node_name(view, ("edge", 1, 0, 1), kind="param")
    z1 = node_name(view, ("neuron", 1, 0), op="add")
    grad = st.state()[w01][1]
    st.seek(10)
    view.actions["apply"].trigger()
    assert not view.error_label.isVisible(), view.error_label.text()
    assert small.net.params["W1"][0, 1] == before[0, 1] - lr * grad
    assert not np.array_equal(small.net.params["W1"], before)
    assert st.cursor == 0 and view.canvas.node_labels()[z1][2] == "future"
    # The new trace starts from the new weight.
    assert view.canvas.node_labels()[w01][0] == format_number(small.net.params["W1"][0, 1])
    small.undo()
    assert np.array_equal(small.net.params["W1"], before) and st.cursor == 0
    view.set_mode("e1")
    assert not view.apply_button.isVisible()


def test_play_advances_and_stops_at_the_end(qtbot, session):
    view = make_view(qtbot, session, "e1")
    assert view.timer.objectName() == "nnviz-stepthrough"
    view.set_speed(30)
    assert view.timer.interval() == 33
    view.actions["play"].trigger()
    assert view.playing and view.actions["play"].text() == "Pause"
    qtbot.waitUntil(lambda: view.stepper.at_end, timeout=3000)
    qtbot.waitUntil(lambda: not view.timer.isActive(), timeout=1000)
    assert view.actions["play"].text() == "Play"
    view.actions["play"].trigger()            # at the end: plays again from the start
    assert view.playing and view.stepper.cursor == 0
    view.actions["forward"].trigger()         # any manual move pauses
    assert not view.playing


def test_play_stops_on_close(qtbot, session):
    view = make_view(qtbot, session, "e2")
    view.set_speed(1)
    view.play()
    assert view.timer.isActive()
    view.close()
    assert not view.timer.isActive()


def test_arrow_keys_step_when_the_view_has_focus(qtbot, session):
    win = QMainWindow()
    qtbot.addWidget(win)
    fired = []
    other = QAction("train step", win)
    other.setShortcut(QKeySequence("Right"))
    other.setShortcutContext(Qt.WindowShortcut)
    other.triggered.connect(lambda: fired.append(1))
    win.addAction(other)
    view = StepThroughView(session)
    win.setCentralWidget(view)
    view.set_mode("e1")
    win.show()
    qtbot.waitExposed(win)
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key_Right)
    qtbot.keyClick(view.canvas, Qt.Key_Right)
    assert view.stepper.cursor == 2 and not fired
    qtbot.keyClick(view.canvas, Qt.Key_Left)
    assert view.stepper.cursor == 1


def test_auto_granularity_draws_every_weight_only_when_it_fits(qtbot, small):
    view = make_view(qtbot, small, size=(900, 500))       # 16 weights a column: no
    assert view.gran_combo.currentText() == "Auto (layer)"
    view.resize(900, 1500)
    qtbot.waitUntil(lambda: view.stepper.effective_granularity == "scalar")
    assert view.gran_combo.currentText() == "Auto (scalar)"


def test_granularity_compact_and_sample(qtbot, small):
    view = make_view(qtbot, small, size=(900, 1500))
    assert view.gran_combo.currentText() == "Auto (scalar)"
    product = node_name(view, ("edge", 1, 0, 0), op="mul")
    weight = node_name(view, ("edge", 1, 0, 0), kind="param")
    z = node_name(view, ("neuron", 1, 0), op="add")
    assert product in view.canvas.node_labels()
    view.compact_box.setChecked(True)
    labels = view.canvas.node_labels()
    assert product not in labels and weight in labels and z in labels
    view.jump_to_ref(("edge", 1, 0, 0))           # the product is folded into z
    assert view.canvas.node_labels()[z][2] == "current"
    # Samples are 1-based on screen, like everywhere (core.names): index 3 is #4.
    small.select_sample(3)
    assert view.sample_spin.value() == 4 and "sample #4" in view.panel.toPlainText()
    view.sample_spin.setValue(5)
    assert small.sample_index == 4 and view.stepper.sample_index == 4
    view.gran_combo.setCurrentIndex(2)
    view.gran_combo.activated.emit(2)
    assert view.stepper.effective_granularity == "layer"
    assert set(view.canvas.node_labels()) >= {"x", "W1", "xW1", "z1", "h1", "L"}
    assert not view.compact_box.isEnabled()


def test_big_network_uses_layers_and_restyles_fast(qtbot):
    s = Session()
    s.set(hidden=(64,) * 8, activations=("relu",) * 8)
    view = make_view(qtbot, s)
    assert view.stepper.effective_granularity == "layer"
    assert view.gran_combo.currentText() == "Auto (layer)"
    costs = []
    for _ in range(len(view.stepper)):
        t0 = time.perf_counter()
        view.actions["forward"].trigger()
        view.canvas.viewport().repaint()
        costs.append(time.perf_counter() - t0)
    assert view.stepper.at_end
    assert np.median(costs) < 0.03          # generous: measured ~3 ms
    labels = view.canvas.node_labels()
    assert labels["W1"][0].startswith("2×64 [") and labels["W1"][1].startswith("2×64 [")


def test_the_view_draws_the_sessions_controller(qtbot, small):
    view = make_view(qtbot, small)
    assert view.stepper is small.stepthrough
    other = StepThroughView(small)
    qtbot.addWidget(other)
    assert other.stepper is view.stepper                 # one controller per session
    other.deleteLater()
    qtbot.wait(10)
    assert view.stepper.forward()                       # still alive and followed


def test_a_new_learning_rate_reaches_the_update_step(qtbot, small):
    view = make_view(qtbot, small)
    small.set(lr=0.5)
    st = view.stepper
    assert st.lr == 0.5 and "η = 0.5" in view.panel.toPlainText()
    st.to_end()
    assert st.current_step.phase == "update" and st.current_step.lr == 0.5
