"""The Inspector shows the real numbers of the selected neuron, layer or edge."""
import time

import numpy as np
import pytest

from nnviz.theme import fmt
from nnviz.views.inspector import InspectorView, a_formula, z_formula


@pytest.fixture
def view(shown, session):
    return shown(InspectorView(session), 340, 520)


def settle(qtbot, view):
    """Let a coalesced update run, so no timer is left behind."""
    qtbot.waitUntil(lambda: not view._timer.isActive(), timeout=2000)


def z_of(cache, l):
    # cache.A has L + 1 entries (A[0] = inputs); the engine's Z has L (Z[0] = layer 1)
    return cache.Z[l] if len(cache.Z) == len(cache.A) else cache.Z[l - 1]


def test_hint_when_nothing_selected(view):
    assert view.hint.isVisible()
    assert "Click a neuron" in view.hint.text()
    assert not view.table.isVisible()


def test_neuron_shows_weights_bias_and_gradients(qtbot, view, session):
    session.step(5)
    session.select(("neuron", 2, 3))
    assert not view.hint.isVisible() and view.table.isVisible()
    W = session.net.params["W2"][:, 3]
    b = session.net.params["b2"][3]
    g = session.gradients()
    fan_in = session.net.layers[1].input_dim
    assert view.table.rowCount() == fan_in + 1
    for i in range(fan_in):
        assert view.cell_text(i, 1) == fmt(W[i])
        assert view.cell_text(i, 2) == fmt(g["W2"][i, 3])
    assert view.cell_text(fan_in, 1) == fmt(b)
    assert view.cell_text(fan_in, 2) == fmt(g["b2"][3])
    assert f"b = <b>{fmt(b)}</b>" in view.details.text()
    assert "Hidden layer 2" in view.title.text() and "neuron 4" in view.title.text()
    assert "tanh" in view.subtitle.text()
    settle(qtbot, view)


def test_z_formula_result_matches_the_forward_cache(view, session):
    session.step(3)
    session.select_sample(7)
    session.select(("neuron", 2, 5))
    text = view.formula.text()
    z_line = next(line for line in text.split("<br>") if line.startswith("z ="))
    a_line = next(line for line in text.split("<br>") if line.startswith("a ="))
    cache = session.forward_sample()
    z = float(z_of(cache, 2)[0, 5])
    a = float(cache.A[2][0, 5])
    W, b = session.net.params["W2"][:, 5], session.net.params["b2"][5]
    assert z == pytest.approx(float(cache.A[1][0] @ W + b))
    assert z_line.rsplit("= ", 1)[1] == fmt(z)
    assert a_line == f"a = tanh(z) = tanh({fmt(z)}) = {fmt(a)}"
    # the written-out terms are the real weights and inputs
    first = z_line.split("= ")[2].split(" + ")[0]
    w0, a0 = first.split("·")
    assert w0.strip("()") == fmt(W[0], 3) and a0.strip("()") == fmt(cache.A[1][0, 0], 3)
    # and the sample shown is the selected one
    assert "Sample #8 of" in view.details.text()


def test_z_formula_truncates_long_sums():
    w = np.arange(20) * 0.1 - 1
    x = np.ones(20)
    line = z_formula(w, x, 0.5, float(w @ x + 0.5))
    assert "… (12 more)" in line
    assert line.count("·") == 8
    assert line.endswith(f"= {fmt(w @ x + 0.5)}")
    assert a_formula("identity", 1.5, 1.5) == "a = z = 1.5"
    assert a_formula("relu", -2.0, 0.0) == "a = ReLU(z) = ReLU(−2) = 0"


def test_output_neuron_shows_prediction_and_target(view, session):
    session.select(("neuron", 3, 0))
    assert "Output layer" in view.title.text()
    cache = session.forward_sample()
    _, y = session.sample()
    assert f"prediction ŷ = {fmt(cache.A[3][0, 0])}" in view.details.text()
    assert f"target y = {fmt(y[0])}" in view.details.text()
    assert "σ(z)" in view.formula.text()


def test_input_neuron_shows_outgoing_weights(view, session):
    session.select(("neuron", 0, 1))
    assert "x₂" in view.title.text()
    W = session.net.params["W1"][1, :]
    assert view.table.rowCount() == len(W)
    assert [view.cell_text(k, 0) for k in range(len(W))] == [fmt(v) for v in W]


def test_edge_shows_weight_gradient_and_optimizer_state(qtbot, view, session):
    session.step(4)                   # Adam has state now
    session.select(("edge", 1, 0, 2))
    g = session.gradients()["W1"][0, 2]
    w = session.net.params["W1"][0, 2]
    text = view.details.text()
    assert fmt(g) in text and fmt(w) in text
    assert "x₁ → h1.3" in view.title.text()
    k = session.net.param_index("W1[0,2]")
    state = session.trainer.optimizer.state
    assert set(state) == {"m", "v"}
    formula = view.formula.text()
    assert f"m = {fmt(state['m'][k])}" in formula
    assert f"v = {fmt(state['v'][k])}" in formula
    assert "Adam" in formula and "t = 4" in formula
    settle(qtbot, view)


def test_bias_with_sgd_shows_the_next_step(view, session):
    session.set(optimizer="sgd", lr=0.1)
    session.select(("bias", 2, 1))
    g = session.gradients()["b2"][1]
    assert fmt(g) in view.details.text()
    assert fmt(session.net.params["b2"][1]) in view.details.text()
    assert f"= {fmt(-0.1 * g)}" in view.formula.text()


def test_layer_table_has_fan_in_plus_one_rows(qtbot, view, session):
    session.select(("layer", 1))
    fi, fo = session.net.layers[0].input_dim, session.net.layers[0].output_dim
    assert view.table.rowCount() == fi + 1
    assert view.table.columnCount() == fo
    W, b = session.net.params["W1"], session.net.params["b1"]
    for j in range(fo):
        assert view.cell_text(0, j) == fmt(W[0, j])
        assert view.cell_text(fi, j) == fmt(b[j])
    assert view.model.headerData(fi, 2) == "bias"      # Qt.Vertical == 2
    # cells are coloured by the diverging map: negative and positive differ
    from PySide6.QtCore import Qt
    neg = np.argwhere(W < 0)[0]
    pos = np.argwhere(W > 0)[0]
    c_neg = view.model.data(view.model.index(*neg), Qt.BackgroundRole)
    c_pos = view.model.data(view.model.index(*pos), Qt.BackgroundRole)
    assert c_neg.red() > c_neg.blue() and c_pos.blue() > c_pos.red()
    # gradients instead of values
    view.show_gradients.setChecked(True)
    g = session.gradients()["W1"]
    assert view.cell_text(1, 2) == fmt(g[1, 2])
    settle(qtbot, view)


def test_updates_after_training_are_coalesced(qtbot, view, session):
    session.select(("neuron", 1, 0))
    calls = []
    real = view.refresh
    view.refresh = lambda: (calls.append(1), real())[1]
    t0 = time.perf_counter()
    for _ in range(20):
        session.step(1)
    elapsed = time.perf_counter() - t0
    # at most one update per 100 ms (plus the first), never one per step
    assert len(calls) <= 2 + elapsed / 0.1
    assert len(calls) < 20
    settle(qtbot, view)
    W = session.net.params["W1"][:, 0]
    assert view.cell_text(0, 1) == fmt(W[0])   # the last values are shown


def test_stale_selection_after_architecture_change(qtbot, view, session):
    session.select(("neuron", 2, 7))
    session.set(hidden=(3,), activations=("relu",))
    settle(qtbot, view)
    assert view.hint.isVisible()
    assert "not part of this network" in view.hint.text()
    session.select(("neuron", 1, 2))
    assert "ReLU" in view.formula.text()


def test_iris_output_neuron_named_by_class(view, session):
    session.set(dataset="iris")
    session.select(("neuron", 3, 2))
    assert "virginica" in view.title.text() or "Iris" in view.title.text()
    assert "softmax" in view.subtitle.text()
    assert view.table.rowCount() == session.net.layers[2].input_dim + 1


def test_timer_stops_on_hide(qtbot, view, session):
    session.select(("neuron", 1, 0))
    session.step(1)
    session.step(1)
    view.hide()
    assert not view._timer.isActive()
    session.step(1)                     # hidden: nothing is computed …
    view.show()                         # … until it is shown again
    W = session.net.params["W1"][:, 0]
    assert view.cell_text(0, 1) == fmt(W[0])
    settle(qtbot, view)


def test_deleted_view_stops_listening(qtbot, session):
    from PySide6.QtWidgets import QApplication
    v = InspectorView(session)
    n = len(session.events._subs["params"])
    v.deleteLater()
    qtbot.waitUntil(lambda: len(session.events._subs["params"]) == n - 1)
    session.select(("neuron", 1, 0))
    session.step(2)                      # no call into a deleted widget
    QApplication.processEvents()
