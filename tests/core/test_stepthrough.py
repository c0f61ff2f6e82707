"""Tests of core.stepthrough: stepping E1/E2 and network traces, exact replay
backwards, the chain rule so far, linking refs, and applying the update."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.graph import MAX_SCALAR_PARAMS, ExpressionError
from core.names import param_label
from core.session import Session
from core.stepthrough import StepThrough, layered_layout, param_entry, parse_values

ROOT = Path(__file__).resolve().parents[2]


def small_session(**changes):
    s = Session()
    s.set(dataset="moons", hidden=(4, 4), activations=("tanh", "tanh"), **changes)
    return s


def same_state(a: dict, b: dict) -> bool:
    """Exact equality of two state dicts whose entries may be arrays."""
    if a.keys() != b.keys():
        return False
    for k in a:
        for u, v in zip(a[k], b[k]):
            if (u is None) != (v is None):
                return False
            if u is not None and not np.array_equal(np.asarray(u), np.asarray(v)):
                return False
    return True


# -- E1 / E2 -----------------------------------------------------------------------------------
def test_e1_forward_then_backward_values():
    st = StepThrough(Session(), mode="e1")
    assert st.cursor == 0 and len(st) == 7 and st.current_step is None
    start = st.state()
    assert start["x"] == (-2.0, None) and start["q"] == (None, None)
    assert st.forward()
    assert st.state()["q"] == (3.0, None) and st.state()["f"] == (None, None)
    assert st.current_step.phase == "forward" and st.current_step.node == "q"
    assert st.forward()
    assert st.state()["f"] == (-12.0, None)
    st.to_end()
    state = st.state()
    assert state["x"] == (-2.0, -4.0) and state["y"] == (5.0, -4.0)
    assert state["z"] == (-4.0, 3.0) and state["q"] == (3.0, -4.0)
    assert state["f"] == (-12.0, 1.0)
    assert not st.forward() and st.at_end and st.phase == "backward"


def test_e2_shopping_gradients():
    st = StepThrough(Session(), mode="e2")
    st.to_end()
    grads = {k: g for k, (_, g) in st.state().items()}
    assert grads["tax"] == pytest.approx(650.0) and grads["apple_price"] == pytest.approx(2.2)
    assert not st.can_apply and not st.apply_update()


def test_back_restores_the_previous_state_exactly():
    for st in (StepThrough(Session(), mode="e1"), StepThrough(small_session()),
               StepThrough(small_session(), granularity="layer")):
        seen = [st.state()]
        while st.forward():
            seen.append(st.state())
        assert len(seen) == len(st) + 1
        for k in range(len(st), 0, -1):
            assert st.cursor == k and same_state(st.state(), seen[k])
            assert st.back()
        assert st.cursor == 0 and same_state(st.state(), seen[0]) and not st.back()


def test_cursor_events_and_seek_clamps():
    st = StepThrough(Session(), mode="e1")
    moves = []
    st.events.connect("cursor", lambda ev: moves.append((ev.info["previous"], ev.info["cursor"])))
    st.seek(99)
    st.seek(-5)
    assert not st.seek(0)          # no move, no event
    assert moves == [(0, 7), (7, 0)]


def test_to_backward_start():
    st = StepThrough(small_session())
    assert st.to_backward_start()
    bwd = st.trace.phase_range("backward")
    assert st.cursor == bwd.start
    assert st.current_step.phase == "forward" and st.next_step.kind == "seed"
    state = st.state()
    assert all(v is not None for v, _ in state.values())       # every value known
    assert all(g is None for _, g in state.values())            # no gradient yet
    st.to_start()
    assert st.at_start and st.phase == "start"


# -- the chain rule ----------------------------------------------------------------------------
def test_chain_so_far_e1():
    st = StepThrough(Session(), mode="e1")
    st.seek(6)                     # ∂f/∂x just computed
    chain = st.chain_so_far()
    assert [(f.top, f.bottom, f.value) for f in chain.factors] == [("f", "q", -4.0),
                                                                   ("q", "x", 1.0)]
    assert chain.result == -4.0 and not chain.branched
    assert chain.text() == "∂f/∂x = ∂f/∂q · ∂q/∂x = −4 · 1 = −4"
    st.seek(3)
    assert st.chain_so_far().text() == "∂f/∂f = 1"
    st.seek(1)
    assert st.chain_so_far() is None          # forward steps have no chain


def test_chain_product_equals_each_backward_gradient():
    st = StepThrough(small_session())
    longest = 0
    for k in st.trace.phase_range("backward"):
        st.seek(k + 1)
        step, chain = st.current_step, st.chain_so_far()
        if step.kind == "sum":
            assert chain is None
            continue
        product = np.prod([f.value for f in chain.factors])
        assert product == pytest.approx(step.grad, rel=1e-9, abs=1e-15), step.text
        assert chain.partial == (not step.complete)
        longest = max(longest, len(chain.factors))
    assert longest >= 4      # W1 ← p1 ← z1 ← h1 (a sum of four paths)


def test_chain_in_layer_mode_is_symbolic():
    st = StepThrough(small_session(), granularity="layer")
    st.seek(len(st.trace.phase_range("forward")) + len(st.trace.phase_range("backward")))
    chain = st.chain_so_far()
    assert chain is not None and not chain.scalar
    assert chain.text().startswith(f"∂L/∂{st.current_step.node} = ∂L/∂")


# -- granularity -------------------------------------------------------------------------------
def test_auto_granularity_follows_parameter_count():
    s = Session()                                  # 2-8-8-1: 105 parameters
    st = StepThrough(s)
    assert s.net.parameter_count <= MAX_SCALAR_PARAMS
    assert st.effective_granularity == "scalar" and "w1[1→1]" in st.graph
    s.set(hidden=(16, 16), activations=("tanh", "tanh"))   # 337 parameters
    assert s.net.parameter_count > MAX_SCALAR_PARAMS
    assert st.effective_granularity == "layer" and "W1" in st.graph and st.cursor == 0
    st.set_granularity("scalar")                   # too big: layers, with a notice
    assert st.effective_granularity == "layer" and str(MAX_SCALAR_PARAMS) in st.notice
    s.set(hidden=(3,), activations=("relu",))
    st.set_granularity("layer")
    assert "xW1" in st.graph and st.effective_granularity == "layer"
    st.set_granularity("auto")
    assert "p1[1→1]" in st.graph


def test_layer_mode_on_an_8x64_net():
    s = Session()
    s.set(hidden=(64,) * 8, activations=("relu",) * 8)
    st = StepThrough(s)
    assert st.effective_granularity == "layer"
    assert {"x", "W1", "b1", "xW1", "z1", "h1", "W9", "ŷ", "L"} <= set(st.trace.names)
    st.to_end()
    assert st.state()["W1"][1].shape == (2, 64)


# -- expressions -------------------------------------------------------------------------------
def test_expression_mode_and_values():
    st = StepThrough(Session())
    st.set_expression("(x + y) * z", "x = −2; y=5\nz = -4")
    st.to_end()
    assert st.mode == "expression" and st.state()["x"] == (-2.0, -4.0)
    st.set_mode("expression", text="x * x", values={"x": 3})
    st.to_end()
    assert st.state()["x"] == (3.0, 6.0)
    assert st.values_text == "x = 3"


@pytest.mark.parametrize("text, values, message", [
    ("(x + y) *", "x=1, y=2", "syntax error"),
    ("x + w", "x=1", "unknown name 'w'"),
    ("x + 1", "x = abc", "x: 'abc' is not a number"),
    ("x + 1", "x -2", "not of the form name = number"),
    ("x + 1", "x = 1, x = 2", "x is given twice"),
    ("x + 1", "x = inf", "finite"),
    ("import os", "", "import is not allowed"),
    ("step(x)", "x = 1", "unknown function 'step'"),
])
def test_expression_errors_have_messages_and_change_nothing(text, values, message):
    st = StepThrough(Session(), mode="e1")
    st.seek(3)
    graph, trace = st.graph, st.trace
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        st.set_expression(text, values)
    assert st.mode == "e1" and st.graph is graph and st.trace is trace and st.cursor == 3


def test_parse_values_and_param_entry():
    assert parse_values("x=1, y = −2.5e1 ;") == {"x": 1.0, "y": -25.0}
    assert parse_values("") == {} and parse_values({"a": 2}) == {"a": 2}
    assert param_entry("w1[1→3]") == ("W1", (0, 2)) and param_entry("b2[2]") == ("b2", (1,))
    assert param_entry("W3") == ("W3", ()) and param_entry("x + y") is None
    with pytest.raises(ExpressionError):
        parse_values(3)


def test_bad_mode_and_granularity():
    st = StepThrough(Session(), mode="e1")
    with pytest.raises(ValueError):
        st.set_mode("movie")
    with pytest.raises(ValueError):
        st.set_granularity("atoms")


# -- linking -----------------------------------------------------------------------------------
def test_jump_to_ref_forward_then_backward():
    st = StepThrough(small_session())
    assert st.jump_to(("edge", 1, 0, 0))
    step = st.current_step
    assert step.ref == ("edge", 1, 0, 0) and step.phase == "forward" and step.node == "p1[1→1]"
    assert st.cursor == step.index + 1
    assert st.network_refs() == [("edge", 1, 0, 0), ("neuron", 0, 0), ("neuron", 1, 0)]
    st.to_backward_start()
    assert st.jump_to(("edge", 1, 0, 0))
    assert st.current_step.phase == "backward" and st.current_step.ref == ("edge", 1, 0, 0)
    assert st.jump_to("w2[2→1]") and st.current_step.node == "w2[2→1]"
    assert st.jump_to(("bias", 2, 1)) and st.network_refs() == [("bias", 2, 1), ("neuron", 2, 1)]
    assert st.jump_to(("layer", 2)) and st.current_step.ref[:2] == ("neuron", 2)
    assert not st.jump_to(("edge", 9, 9, 9)) and not st.jump_to("nothing")
    assert st.steps_for(("edge", 1, 0, 0)) == st.trace.steps_for(("edge", 1, 0, 0))
    assert st.ref_at(0) == st.trace[0].ref


def test_jump_to_ref_in_layer_mode_maps_to_layers():
    st = StepThrough(small_session(), granularity="layer")
    assert st.jump_to(("edge", 2, 1, 0))
    assert st.current_step.ref == ("param", "W2")
    assert st.network_refs() == [("layer", 2)] + [("neuron", 1, j) for j in range(4)] \
        + [("neuron", 2, j) for j in range(4)]
    assert st.jump_to(("neuron", 1, 3)) and st.current_step.ref == ("layer", 1)
    assert st.network_refs() == [("layer", 1)] + [("neuron", 1, j) for j in range(4)]
    assert st.jump_to(("bias", 1, 0)) and st.current_step.ref == ("param", "b1")
    assert ("bias", 1, 3) in st.network_refs() and ("neuron", 1, 3) in st.network_refs()


def test_describe_lines():
    st = StepThrough(Session(), mode="e1")
    assert st.describe().startswith("Ready")
    st.forward()
    assert st.describe() == "Forward: computing q"
    st.seek(6)
    assert st.describe() == "Backward: gradient flows from q into x"
    st2 = StepThrough(small_session())
    st2.to_end()
    assert st2.describe().startswith("Update: b3[1] ← b3[1] − η·∂L/∂b3[1]")


# -- following the session ---------------------------------------------------------------------
def test_rebuilds_on_session_changes_and_keeps_cursor_at_zero():
    s = small_session()
    st = StepThrough(s)
    traces = []
    st.events.connect("trace", lambda ev: traces.append(st.trace))
    st.seek(20)
    s.select(("neuron", 1, 0))                 # selecting an element: same pass
    assert st.cursor == 20 and not traces
    s.select_sample(5)                          # another sample: new pass
    x, _ = s.sample()
    assert st.cursor == 0 and len(traces) == 1 and st.sample_index == 5
    assert st.trace.initial["x1"] == x[0]
    st.seek(20)
    s.set_param("W1", (0, 0), 0.75)
    assert st.cursor == 0 and st.trace.initial["w1[1→1]"] == 0.75 and len(traces) == 2
    st.set_mode("e1")
    s.set_param("W1", (0, 0), 0.5)              # not followed outside network mode
    assert len(traces) == 3 and "q" in st.graph


def test_while_training_rebuilds_are_throttled_then_caught_up():
    s = small_session()
    st = StepThrough(s)
    builds = []
    st.events.connect("trace", lambda ev: builds.append(1))
    s.play()
    for _ in range(5):
        s.step(1)
    assert len(builds) <= 1 and st._stale
    s.pause()
    assert not st._stale
    assert st.trace.initial["w1[1→1]"] == s.net.params["W1"][0, 0]


def test_close_stops_following():
    s = small_session()
    st = StepThrough(s)
    st.close()
    trace = st.trace
    s.set_param("W1", (0, 0), 0.3)
    assert st.trace is trace


# -- the update --------------------------------------------------------------------------------
@pytest.mark.parametrize("granularity", ["scalar", "layer"])
def test_apply_update_is_one_sgd_step_and_undoable(granularity):
    s = small_session()
    st = StepThrough(s, granularity=granularity)
    lr = s.settings.lr
    before = {k: v.copy() for k, v in s.net.params.items()}
    st.to_end()
    grads = st.trace.state_at(len(st))
    st.seek(17)                               # mid-trace: applies all the same
    events = []
    s.events.connect("params", lambda ev: events.append("params"))
    s.events.connect("training", lambda ev: events.append("training"))
    assert st.apply_update()
    # one edit: the weights changed, the history did not
    assert events == ["params"]
    for name, old in before.items():
        new = s.net.params[name]
        if granularity == "layer":
            expected = old - lr * grads[name][1]
        else:
            expected = old.copy()
            for idx in np.ndindex(old.shape):
                key = param_label(name, idx)
                expected[idx] = old[idx] - lr * grads[key][1]
        assert np.array_equal(new, expected), name
        assert not np.array_equal(new, old)
    assert st.cursor == 0 and st.mode == "network"
    assert s.undo_text == "Apply update (step-through)"
    first = "w1[1→1]" if granularity == "scalar" else "W1"
    assert np.array_equal(np.asarray(st.trace.initial[first]),
                          s.net.params["W1"][0, 0] if granularity == "scalar"
                          else s.net.params["W1"])
    assert s.undo()
    for name, old in before.items():
        assert np.array_equal(s.net.params[name], old), name
    assert st.cursor == 0
    assert np.array_equal(np.asarray(st.trace.initial[first]),
                          before["W1"][0, 0] if granularity == "scalar" else before["W1"])


def test_trace_gradients_are_the_engines_for_the_sample():
    s = small_session()
    st = StepThrough(s, granularity="layer")
    st.to_end()
    state = st.state()
    x, y = s.sample()
    _, grads = s.net.loss_and_gradients(x[None], y[None], s.trainer.loss, train=False)
    for name, G in grads.items():
        assert np.allclose(state[name][1], G, atol=1e-12), name


def test_apply_update_outside_network_mode_does_nothing():
    s = Session()
    st = StepThrough(s, mode="e2")
    assert not st.apply_update() and not s.can_undo


# -- layout and purity -------------------------------------------------------------------------
def test_layered_layout_matches_graph_layout():
    st = StepThrough(small_session())
    g = st.graph
    names = [n.name for n in g.nodes]
    parents = {n.name: [p.name for p in n.parents] for n in g.nodes}
    leaves = {n.name for n in g.nodes if n.is_leaf}
    assert layered_layout(names, parents, leaves) == g.layout()
    split = layered_layout(names, parents, leaves, leaf_columns=True)
    ops = {split[n][0] for n in names if n not in leaves}
    assert all(split[n][0] not in ops for n in leaves)      # leaves in columns of their own


def test_stepthrough_does_not_import_qt():
    code = ("import sys; import core.stepthrough; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'pyqtgraph', 'nnviz', 'shiboken6')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
