"""Tests of core.graph: worked examples E1–E3, gradients against the engine and
centred differences, expression parsing, traces and their replay."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Network
from core.errors import BackpropError, NNVizError, ShapeError, SpecError
from core.gradcheck import numeric_gradient
from core.graph import (
    ExpressionError,
    Graph,
    GraphError,
    examples,
    format_number,
    format_value,
    of_network,
    param_entry,
    parse,
)
from core.names import param_label

ROOT = Path(__file__).resolve().parents[2]

HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu"]
HEADS = [("identity", "mse"), ("sigmoid", "binary_cross_entropy"),
         ("softmax", "cross_entropy"), ("tanh", "mse"), ("sigmoid", "mse")]


def make_net(hidden, out, n_in=3, n_hid=4, n_out=2, seed=1, slope=None):
    first = {"input_dim": n_in, "output_dim": n_hid, "activation": hidden}
    if slope is not None:
        first["slope"] = slope
    net = Network([first, {"input_dim": n_hid, "output_dim": n_out, "activation": out}],
                  seed=seed, init="uniform")
    if hidden == "prelu":     # a learned slope away from its initial value
        net.params["a1"][:] = np.random.default_rng(seed).uniform(-0.6, 0.6, n_hid)
    return net


def make_data(out, m, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n_in))
    if out in ("softmax",):
        Y = np.eye(n_out)[rng.integers(0, n_out, m)]
    elif out == "sigmoid":
        Y = rng.integers(0, 2, (m, n_out)).astype(float)
    else:
        Y = rng.uniform(-1, 1, (m, n_out))
    return X, Y


def entry(name, idx):
    """The scalar graph's node of the engine's parameter ``name`` at 0-based ``idx``."""
    return param_label(name, idx)


def unit(base, k, i=None):
    """``unit("z1", 2)`` → ``z1.3``; the output layer's units read ``ŷ3``; with a
    batch row ``i`` the name ends in ``#i+1``."""
    name = f"{base}{k + 1}" if base in ("x", "ŷ", "y") else f"{base}.{k + 1}"
    return name if i is None else f"{name}#{i + 1}"


def step_with(trace, text):
    hits = [s for s in trace if text in s.text]
    assert hits, f"no step contains {text!r}; steps:\n" + "\n".join(trace.texts)
    return hits[0]


# -- E1 -------------------------------------------------------------------------
def test_e1_parsed_values_grads_and_texts():
    g = parse("(x + y) * z", x=-2, y=5, z=-4)
    trace = g.run()
    q = g.output.parents[0]
    assert (g["x"].value, g["y"].value, g["z"].value) == (-2.0, 5.0, -4.0)
    assert q.name == "q1" and q.value == 3.0
    assert g.output.name == "f" and g.output.value == -12.0
    assert g.output.grad == 1.0
    assert g["z"].grad == 3.0
    assert q.grad == -4.0
    assert g["x"].grad == -4.0 and g["y"].grad == -4.0
    assert trace[0].text == "q1 = x + y = −2 + 5 = 3"
    assert trace[1].text == "f = q1 · z = 3 · (−4) = −12"
    dx = step_with(trace, "∂f/∂x")
    assert dx.text == "∂f/∂x = ∂f/∂q1 · ∂q1/∂x = −4 · 1 = −4"
    assert (dx.upstream, dx.local, dx.grad, dx.via) == (-4.0, 1.0, -4.0, "q1")
    assert [s.phase for s in trace] == ["forward"] * 2 + ["backward"] * 5


def test_e1_example_names_q_and_f():
    g = examples.e1()
    trace = g.run()
    assert g["q"].value == 3.0 and g["f"].value == -12.0 and g.output is g["f"]
    assert (g["f"].grad, g["z"].grad, g["q"].grad, g["x"].grad, g["y"].grad) == (
        1.0, 3.0, -4.0, -4.0, -4.0)
    assert "q = x + y = −2 + 5 = 3" in trace.texts
    assert "∂f/∂z = 1 · 3 = 3" in trace.texts
    assert "∂f/∂y = ∂f/∂q · ∂q/∂y = −4 · 1 = −4" in trace.texts


# -- E2 -------------------------------------------------------------------------
def test_e2_shopping_forward_and_backward():
    g = examples.shopping()
    trace = g.run()
    assert g.output.name == "total"
    assert g["apple_total"].value == 200.0 and g["orange_total"].value == 450.0
    assert g["subtotal"].value == 650.0
    assert g.output.value == pytest.approx(715.0, abs=1e-9)
    expected = {"apple_price": 2.2, "apple_count": 110.0, "orange_price": 3.3,
                "orange_count": 165.0, "tax": 650.0}
    for name, grad in expected.items():
        assert g[name].grad == pytest.approx(grad, abs=1e-9), name
    assert "total = subtotal · tax = 650 · 1.1 = 715" in trace.texts
    assert "∂total/∂tax = 1 · 650 = 650" in trace.texts
    assert step_with(trace, "∂total/∂apple_price =").text.endswith("= 1.1 · 2 = 2.2")
    assert step_with(trace, "∂total/∂orange_count =").text.endswith("= 1.1 · 150 = 165")
    assert {n.kind for n in g.nodes} == {"input", "op"}


# -- E3 -------------------------------------------------------------------------
def test_e3_gradient_to_the_input_factor_by_factor():
    net = make_net("sigmoid", "softmax", n_in=3, n_hid=4, n_out=3, seed=7)
    rng = np.random.default_rng(11)
    x = rng.normal(size=3)
    y = np.array([0.0, 1.0, 0.0])
    g = of_network(net, x, y, granularity="layer")
    g.run()
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    z1 = x @ W1 + b1
    h = 1.0 / (1.0 + np.exp(-z1))
    z2 = h @ W2 + b2
    yhat = np.exp(z2) / np.exp(z2).sum()
    # Each factor of ∂CE/∂x = (ŷ − y)·W2ᵀ ∘ σ'(z1) · W1ᵀ, by hand.
    d_z2 = yhat - y
    d_h = d_z2 @ W2.T
    d_z1 = d_h * h * (1.0 - h)
    d_x = d_z1 @ W1.T
    assert np.allclose(g["ŷ"].value[0], yhat, atol=1e-12)
    assert np.allclose(g["z2"].grad[0], d_z2, atol=1e-12)
    assert np.allclose(g["h1"].grad[0], d_h, atol=1e-12)
    assert np.allclose(g["z1"].grad[0], d_z1, atol=1e-12)
    assert np.allclose(g["x"].grad[0], d_x, atol=1e-12)
    # And the input gradient agrees with centred differences of the engine's loss.
    num = numeric_gradient(lambda v: net.loss(v[None, :], y[None, :]), x.copy())
    assert np.allclose(g["x"].grad[0], num, atol=1e-8)


def test_e3_example_graph_and_its_matrix_step_texts():
    g = examples.e3()
    trace = g.run()
    assert [n.name for n in g.nodes if n.kind != "const"][-1] == "L"
    assert np.allclose(g["z2"].grad, g["ŷ"].value - g["y"].value, atol=1e-12)
    dx = step_with(trace, "∂L/∂x =")
    assert "∂L/∂xW1 · W1ᵀ" in dx.text and dx.local is None and dx.via == "xW1"
    assert np.allclose(dx.grad, g["x"].grad)


# -- networks against the engine and centred differences ------------------------
@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("out,loss", HEADS)
@pytest.mark.parametrize("m", [1, 3])
def test_network_graphs_match_engine(hidden, out, loss, m):
    n_out = 3 if out == "softmax" else 2
    net = make_net(hidden, out, n_out=n_out, seed=len(hidden) + m)
    X, Y = make_data(out, m, 3, n_out, seed=m)
    value, grads = net.loss_and_gradients(X, Y, loss=loss, train=False)
    x, y = (X[0], Y[0]) if m == 1 else (X, Y)
    scalar = of_network(net, x, y, loss=loss, granularity="scalar")
    layer = of_network(net, x, y, loss=loss, granularity="layer")
    scalar.run()
    layer.run()
    assert scalar.output.value == pytest.approx(value, abs=1e-12)
    assert layer.output.value == pytest.approx(value, abs=1e-12)
    for name, G in grads.items():
        assert np.allclose(layer[name].grad, G, atol=1e-12), name
        for idx in np.ndindex(G.shape):
            assert scalar[entry(name, idx)].grad == pytest.approx(G[idx], abs=1e-12)
    # The two granularities agree node for node, inputs included.
    L = len(net.layers)
    for i in range(m):
        row = None if m == 1 else i
        for j in range(3):
            assert scalar[unit("x", j, row)].grad == pytest.approx(
                layer["x"].grad[i, j], abs=1e-12)
        for l in range(1, L + 1):
            hname = "ŷ" if l == L else f"h{l}"
            for k in range(net.layers[l - 1].output_dim):
                for name in (f"z{l}", hname):
                    s = scalar[unit(name, k, row)]
                    assert s.value == pytest.approx(layer[name].value[i, k], abs=1e-12)
                    assert s.grad == pytest.approx(layer[name].grad[i, k], abs=1e-12)


@pytest.mark.parametrize("hidden,out,loss", [
    ("tanh", "softmax", "cross_entropy"), ("prelu", "sigmoid", "binary_cross_entropy"),
    ("leaky_relu", "identity", "mse"), ("rrelu", "sigmoid", "mse")])
def test_layer_graph_against_centred_differences(hidden, out, loss):
    net = make_net(hidden, out, n_out=3 if out == "softmax" else 2, seed=5)
    X, Y = make_data(out, 4, 3, net.n_outputs, seed=9)
    g = of_network(net, X, Y, loss=loss, granularity="layer")
    g.run()
    for leaf in [n for n in g.nodes if n.kind in ("param", "input")]:
        analytic = leaf.grad.copy()

        def f(v, name=leaf.name):
            g.set_value(name, v)
            return g.forward()
        numeric = numeric_gradient(f, leaf.value.copy())
        g.set_value(leaf.name, leaf.value)       # restore exactly
        rel = np.abs(analytic - numeric) / np.maximum(1.0, np.abs(analytic) + np.abs(numeric))
        assert rel.max() < 1e-6, leaf.name


def test_scalar_graph_against_centred_differences():
    net = make_net("tanh", "sigmoid", n_out=1, seed=2)
    X, Y = make_data("sigmoid", 2, 3, 1, seed=4)
    g = of_network(net, X, Y, granularity="scalar")
    g.run()
    h = 1e-5
    for name in ("w1[1→3]", "b1[4]", "w2[2→1]", "b2[1]", "x3#2"):
        v = g[name].value
        g.set_value(name, v + h)
        up = g.forward()
        g.set_value(name, v - h)
        down = g.forward()
        g.set_value(name, v)
        assert g[name].grad == pytest.approx((up - down) / (2 * h), abs=1e-8), name


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
       hidden=st.sampled_from(HIDDEN), head=st.sampled_from(HEADS),
       seed=st.integers(0, 10_000), m=st.integers(1, 3))
def test_random_nets_scalar_equals_layer_equals_engine(sizes, hidden, head, seed, m):
    out, loss = head
    if out == "softmax":
        sizes = sizes[:-1] + [max(2, sizes[-1])]
    spec = [{"input_dim": a, "output_dim": b, "activation": hidden}
            for a, b in zip(sizes[:-1], sizes[1:])]
    spec[-1]["activation"] = out
    net = Network(spec, seed=seed, init="uniform")
    X, Y = make_data(out, m, sizes[0], sizes[-1], seed)
    _, grads = net.loss_and_gradients(X, Y, loss=loss, train=False)
    scalar = of_network(net, X, Y, loss=loss, granularity="scalar")
    layer = of_network(net, X, Y, loss=loss, granularity="layer")
    scalar.run()
    layer.run()
    assert scalar.output.value == pytest.approx(layer.output.value, abs=1e-12)
    for name, G in grads.items():
        assert np.allclose(layer[name].grad, G, atol=1e-11)
        got = np.array([scalar[entry(name, idx)].grad for idx in np.ndindex(G.shape)])
        assert np.allclose(got.reshape(G.shape), G, atol=1e-11)


def test_default_loss_and_engine_checks():
    net = make_net("tanh", "softmax", n_out=3)
    g = of_network(net, [0.1, 0.2, 0.3], [0, 0, 1], granularity="layer")
    assert g["L"].op == "cross_entropy" and g["L"].kind == "loss"
    with pytest.raises(SpecError):
        of_network(net, [0.1, 0.2, 0.3], [0, 0, 1], loss="mse")
    with pytest.raises(ShapeError):
        of_network(net, [0.1, 0.2], [0, 0, 1])
    with pytest.raises(GraphError, match="granularity"):
        of_network(net, [0.1, 0.2, 0.3], [0, 0, 1], granularity="neuron")


def test_scalar_mode_refuses_big_nets_and_names_the_fix():
    big = Network.from_sizes([10, 20, 2])      # 262 parameters
    with pytest.raises(GraphError, match="granularity='layer'") as err:
        of_network(big, np.zeros(10), [0.0, 1.0])
    assert "262" in str(err.value)
    g = of_network(big, np.zeros(10), [0.0, 1.0], granularity="layer")
    assert g.run()[-1].phase == "backward"


def test_scalar_graph_structure_names_refs_and_kinds():
    net = make_net("relu", "sigmoid", n_in=2, n_hid=3, n_out=1)
    g = of_network(net, [0.5, -1.0], [1.0])
    kinds = {n.name: n.kind for n in g.nodes}
    # The names users see everywhere (core.names), 1-based.
    assert kinds["x1"] == "input" and kinds["w1[2→3]"] == "param"
    assert kinds["b2[1]"] == "param" and kinds["y1"] == "const" and kinds["L"] == "loss"
    assert g.output is g["L"] and g["L"].op == "binary_cross_entropy"
    p = g["p1[2→3]"]
    assert p.op == "mul" and [q.name for q in p.parents] == ["x2", "w1[2→3]"]
    assert p.value == pytest.approx(-1.0 * net.params["W1"][1, 2])
    z = g["z1.3"]
    assert z.op == "add" and [q.name for q in z.parents] == ["p1[1→3]", "p1[2→3]", "b1[3]"]
    assert g["h1.3"].op == "relu" and g["ŷ1"].op == "sigmoid"
    assert g["w1[2→3]"].ref == ("edge", 1, 1, 2) and g["p1[2→3]"].ref == ("edge", 1, 1, 2)
    assert g["b1[3]"].ref == ("bias", 1, 2) and g["z1.3"].ref == ("neuron", 1, 2)
    assert g["x2"].ref == ("neuron", 0, 1) and g["L"].ref is None
    assert g["z1.3"].layer == 1 and g["x1"].layer == 0
    # Parameter labels go back to the engine's names and 0-based indices.
    for n in g.params:
        name, idx = param_entry(n.name)
        assert np.asarray(net.params[name])[idx] == n.value
    assert param_entry("w2[3→1]") == ("W2", (2, 0)) and param_entry("b1[3]") == ("b1", (2,))
    assert param_entry("a1[1]") == ("a1", (0,)) and param_entry("W1") == ("W1", ())
    assert param_entry("z1.3") is None and param_entry("L") is None
    # Topological order and edges.
    pos = {n.name: i for i, n in enumerate(g.nodes)}
    assert len(pos) == len(g)
    for parent, child in g.edges:
        assert pos[parent] < pos[child]
    assert ("w1[2→3]", "p1[2→3]") in g.edges and ("p1[2→3]", "z1.3") in g.edges
    assert {c.name for c in g.children("h1.3")} == {"p2[3→1]"}


def test_layer_graph_names_and_shapes():
    net = Network([{"input_dim": 2, "output_dim": 3, "activation": "prelu"},
                   {"input_dim": 3, "output_dim": 3, "activation": "tanh"},
                   {"input_dim": 3, "output_dim": 2, "activation": "softmax"}], seed=0)
    g = of_network(net, np.ones((5, 2)), np.eye(2)[[0, 1, 0, 1, 1]], granularity="layer")
    names = [n.name for n in g.nodes]
    for name in ("x", "W1", "b1", "a1", "xW1", "z1", "h1", "h1W2", "z2", "h2", "h2W3",
                 "z3", "ŷ", "y", "L"):
        assert name in names
    assert g["h1"].op == "prelu" and [p.name for p in g["h1"].parents] == ["z1", "a1"]
    assert g["xW1"].value.shape == (5, 3) and g["L"].value == pytest.approx(
        net.loss(np.ones((5, 2)), np.eye(2)[[0, 1, 0, 1, 1]]))
    assert g["W2"].ref == ("param", "W2") and g["z2"].ref == ("layer", 2)
    trace = g.run()
    assert g["a1"].grad.shape == (3,) and g["b1"].grad.shape == (3,)
    loss_step = trace[trace.steps_for("L")[0]]
    assert loss_step.phase == "forward" and " / 5 = " in loss_step.text   # n = 5 samples


def test_graph_is_a_snapshot_of_the_network():
    net = make_net("tanh", "identity")
    g = of_network(net, np.zeros(3), [0.0, 0.0], granularity="layer")
    before = g["W1"].value.copy()
    net.params["W1"][...] += 1.0
    assert np.array_equal(g["W1"].value, before)


def test_layer_mode_is_fast_on_an_8x64_net():
    net = Network.from_sizes([8] + [64] * 8 + [1], seed=0)
    X = np.random.default_rng(0).normal(size=(8, 8))
    Y = np.ones((8, 1))
    start = time.perf_counter()
    g = of_network(net, X, Y, granularity="layer")
    trace = g.run(lr=0.1)
    g.layout()
    trace.state_at(len(trace))
    assert time.perf_counter() - start < 0.5
    assert np.allclose(g["W1"].grad, net.loss_and_gradients(X, Y, train=False)[1]["W1"])


def test_step_activation_has_no_gradient():
    net = Network([{"input_dim": 2, "output_dim": 1, "activation": "step"}])
    g = of_network(net, [1.0, 2.0], [1.0], loss="mse")
    assert g["ŷ1"].value in (0.0, 1.0)
    with pytest.raises(BackpropError, match="step"):
        g.run()


# -- traces -----------------------------------------------------------------------
def test_accumulation_is_shown_as_a_sum():
    g = parse("x * y + x * z", x=2, y=3, z=-5)
    trace = g.run()
    assert g["x"].grad == -2.0
    parts = [s for s in trace if s.node == "x" and s.kind == "chain"]
    # Backward visits x*z (the later node) first, then x*y.
    assert [(s.via, s.grad) for s in parts] == [("q2", -5.0), ("q1", 3.0)]
    assert not any(s.complete for s in parts)
    total = [s for s in trace if s.node == "x" and s.kind == "sum"]
    assert len(total) == 1 and total[0].complete and total[0].grad == -2.0
    assert total[0].index > max(s.index for s in parts)
    assert total[0].text.endswith(" = −2")
    assert "(through q" in parts[0].text
    assert sorted(total[0].input_values) == [-5.0, 3.0]


def test_squared_variable_accumulates_twice():
    g = parse("x * x", x=3)
    trace = g.run()
    assert g["x"].grad == 6.0
    assert [s.kind for s in trace if s.node == "x"] == ["chain", "chain", "sum"]
    assert trace[-1].text.endswith("= 3 + 3 = 6")


def test_state_at_replays_forward_and_back_exactly():
    g = examples.shopping().make_params("tax", "apple_price")
    trace = g.run(lr=0.001)
    n = len(trace)
    assert [s.node for s in trace if s.phase == "update"] == ["apple_price", "tax"]
    start = trace.state_at(0)
    assert start["tax"] == (1.1, None) and start["total"] == (None, None)
    after_first = trace.state_at(1)
    assert after_first["apple_total"] == (200.0, None) and after_first["total"] == (None, None)
    end = trace.state_at(n)
    assert end["total"][0] == pytest.approx(715.0)
    assert end["tax"][1] == pytest.approx(650.0)
    assert end["tax"][0] == pytest.approx(1.1 - 0.001 * 650.0)     # after its update step
    # Walk forward, then back: each state is exactly what it was.
    seen = [trace.state_at(k) for k in range(n + 1)]
    for k in range(n, -1, -1):
        assert trace.state_at(k) == seen[k]
    # Each step changes exactly what it says it does.
    for k, step in enumerate(trace):
        before, after = seen[k], seen[k + 1]
        changed = {name for name in after if after[name] != before[name]}
        if step.phase == "backward" and not step.complete:
            assert changed == set()
        else:
            assert changed == {step.node}
    # Gradients become known in backward order, values in forward order.
    grad_known = [k for k in range(n + 1) if seen[k]["apple_price"][1] is not None]
    assert grad_known[0] == trace.steps_for("apple_price")[0] + 1
    with pytest.raises(IndexError):
        trace.state_at(n + 1)
    with pytest.raises(IndexError):
        trace.state_at(-1)


def test_state_at_with_arrays_and_phase_ranges():
    g = examples.e3()
    trace = g.run(lr=0.5)
    fwd, bwd, upd = (trace.phase_range(p) for p in ("forward", "backward", "update"))
    assert fwd.start == 0 and fwd.stop == bwd.start and bwd.stop == upd.start
    assert upd.stop == len(trace) and len(upd) == 4
    mid = trace.state_at(bwd.start)
    assert all(grad is None for _, grad in mid.values())
    assert np.array_equal(mid["ŷ"][0], g["ŷ"].value)
    end = trace.state_at(len(trace))
    assert np.allclose(end["W1"][0], g["W1"].value - 0.5 * g["W1"].grad)


def test_steps_are_immutable():
    g = examples.e3()
    trace = g.run()
    step = trace[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.text = "changed"
    with pytest.raises(ValueError):
        step.value[0, 0] = 1.0          # arrays are read-only copies
    g["W1"].value[0, 0] += 1.0          # changing the graph leaves the trace alone
    assert trace.initial["W1"][0, 0] == g["W1"].value[0, 0] - 1.0


def test_steps_for_refs_link_network_elements():
    net = make_net("sigmoid", "sigmoid", n_in=2, n_hid=3, n_out=1)
    g = of_network(net, [0.3, -0.7], [1.0])
    trace = g.run(lr=0.1)
    edge = trace.steps_for(("edge", 1, 0, 2))
    about = {(trace[k].phase, trace[k].kind, trace[k].node) for k in edge}
    assert ("forward", "compute", "p1[1→3]") in about
    assert ("backward", "chain", "p1[1→3]") in about
    assert ("backward", "chain", "w1[1→3]") in about
    assert ("update", "update", "w1[1→3]") in about
    assert all(trace[k].ref == ("edge", 1, 0, 2) for k in edge)
    assert list(edge) == sorted(edge)
    by_name = trace.steps_for("w1[1→3]")
    assert {trace[k].phase for k in by_name} == {"backward", "update"}
    neuron = trace.steps_for(("neuron", 1, 2))
    assert {trace[k].node for k in neuron} == {"z1.3", "h1.3"}
    assert {trace[k].node for k in trace.steps_for(("bias", 2, 0))} == {"b2[1]"}
    assert trace.steps_for(("edge", 9, 9, 9)) == ()


def test_update_steps_arithmetic():
    g = examples.linear_regression(w=0.5, b=0.0, x=2.0, y=3.0)
    trace = g.run(lr=0.1)
    # ŷ = 1, L = ½(1 − 3)² = 2, ∂L/∂w = x(ŷ − y) = −4, ∂L/∂b = ŷ − y = −2 (E7)
    assert g.output.value == 2.0
    assert g["w"].grad == -4.0 and g["b"].grad == -2.0
    updates = [s for s in trace if s.phase == "update"]
    assert [s.node for s in updates] == ["w", "b"]
    assert updates[0].text == "w ← w − η·∂L/∂w = 0.5 − 0.1·(−4) = 0.9"
    assert updates[0].value == pytest.approx(0.9) and updates[0].lr == 0.1
    assert updates[1].value == pytest.approx(0.2)
    assert g["w"].value == 0.5                  # the graph itself is not changed
    assert trace.final_values()["w"] == pytest.approx(0.9)


def test_network_update_steps_equal_gradient_descent():
    net = make_net("tanh", "identity", n_in=2, n_hid=2, n_out=1)
    X, Y = make_data("identity", 2, 2, 1, seed=3)
    g = of_network(net, X, Y)
    trace = g.run(lr=0.25)
    _, grads = net.loss_and_gradients(X, Y, train=False)
    updates = {s.node: s.value for s in trace if s.phase == "update"}
    assert len(updates) == net.parameter_count
    for name, G in grads.items():
        for idx in np.ndindex(G.shape):
            new = net.params[name][idx] - 0.25 * G[idx]
            assert updates[entry(name, idx)] == pytest.approx(new, abs=1e-12)
    with pytest.raises(GraphError, match="learning rate"):
        g.run(lr=-1)


def test_run_without_lr_has_no_update_steps_and_is_repeatable():
    g = examples.shopping()
    first = g.run()
    second = g.run()
    assert first.texts == second.texts
    assert all(s.phase != "update" for s in first)


# -- expressions ------------------------------------------------------------------
def test_parse_sigmoid_formula_matches_sigmoid_op_and_differences():
    w, x, b = 0.7, -1.3, 0.4
    g = parse("1/(1+exp(-(w*x+b)))", w=w, x=x, b=b)
    g.run()
    s = 1.0 / (1.0 + np.exp(-(w * x + b)))
    assert g.output.value == pytest.approx(s, abs=1e-15)
    assert g["w"].grad == pytest.approx(s * (1 - s) * x, abs=1e-12)
    assert g["b"].grad == pytest.approx(s * (1 - s), abs=1e-12)
    h = parse("sigmoid(w*x+b)", w=w, x=x, b=b)
    h.run()
    assert h["x"].grad == pytest.approx(g["x"].grad, abs=1e-12)


@pytest.mark.parametrize("formula", [
    "x**3 - 2*x*y + y/x", "log(x) * sqrt(y) + exp(-x)", "tanh(x*y) + relu(x - y)",
    "leaky_relu(-x*y, 0.2) + rrelu(-y) + identity(x)", "-(x ** y) / (1 + x)",
    "prelu(-x, y)", "mse(sigmoid(x), y)", "bce(sigmoid(x - y), 0.3)", "pi * x ** 2 + e"])
def test_parsed_formulas_against_centred_differences(formula):
    vals = {"x": 1.3, "y": 0.6}
    g = parse(formula, **vals)
    g.run()
    for name in vals:
        if name not in g:
            continue

        def f(v, name=name):
            g.set_value(name, float(v))
            return g.forward()
        numeric = numeric_gradient(f, np.array(vals[name]))
        g.set_value(name, vals[name])
        assert g[name].grad == pytest.approx(float(numeric), abs=1e-7), (formula, name)


def test_parse_with_arrays_and_matrix_product():
    x = np.array([[1.0, 2.0]])
    W = np.array([[0.5, -1.0], [0.25, 2.0]])
    g = parse("s = sum(tanh(x @ W))", x=x, W=W)
    g.run()
    t = np.tanh(x @ W)
    assert g["s"].value == pytest.approx(t.sum())
    assert np.allclose(g["W"].grad, x.T @ (1 - t * t))
    assert np.allclose(g["x"].grad, (1 - t * t) @ W.T)


def test_parse_names_auto_and_given():
    g = parse("a = x + 1; out = a * a", x=2)
    assert g.output.name == "out" and g["a"].value == 3.0 and g["out"].value == 9.0
    g = parse("exp(x) + log(y) * x", x=1, y=2)
    ops = [n.name for n in g.nodes if n.kind == "op"]
    assert ops == ["q1", "q2", "q3", "f"]
    g = parse("f * 2", f=3)            # 'f' is taken: the output gets another name
    assert g.output.name == "out" and g.output.value == 6.0
    g = parse("text * 2", text=3)     # the formula argument is positional-only
    assert g.output.value == 6.0
    g = parse("0.12341 * x + 0.12342", x=1.0)   # numbers that print alike stay apart
    assert g.output.value == pytest.approx(0.24683)
    g = parse("-2 * x", x=1.5)
    assert g.output.parents[0].kind == "const" and g.output.value == -3.0
    assert g.run()[0].text == "f = −2 · x = −2 · 1.5 = −3"


@pytest.mark.parametrize("text,values,message", [
    ("(x + y) * ", {"x": 1, "y": 2}, "syntax error at column 11"),
    ("x + q", {"x": 1}, "unknown name 'q'"),
    ("foo(x)", {"x": 1}, "unknown function 'foo'"),
    ("x.real", {"x": 1}, "attribute access"),
    ("(lambda: 1)()", {}, "lambda is not allowed"),
    ("import os", {}, "import is not allowed"),
    ("from os import path", {}, "import is not allowed"),
    ("__import__('os').system('true')", {}, "attribute access"),
    ("__import__('os')", {}, "unknown function '__import__'"),
    ("x[0]", {"x": [1.0]}, "indexing"),
    ("exp(x=1)", {}, "keyword"),
    ("exp(x, x)", {"x": 1}, "takes 1 argument"),
    ("x // 2", {"x": 1}, "'//' is not allowed"),
    ("x ^ 2", {"x": 1}, "write powers as **"),
    ("'text'", {}, "only numbers"),
    ("q = x\nq = 2", {"x": 1}, "assigned twice"),
    ("f = q + 1\nq = 2", {}, "used before it is assigned"),
    ("x = 2", {"x": 1}, "given a value and also assigned"),
    ("x\ny", {"x": 1, "y": 2}, "only the last line"),
    ("x", {"x": "abc"}, "must be a number"),
    ("", {}, "empty"),
    ("exp", {}, "is a function"),
    ("-" * 1500 + "x", {"x": 1}, "nested too deeply"),
    ("x + 1" * 500, {"x": 1}, "at most 2000"),
])
def test_parse_errors_are_one_clear_line(text, values, message):
    with pytest.raises(ExpressionError) as err:
        parse(text, **values)
    msg = str(err.value)
    assert message in msg
    assert "\n" not in msg
    assert isinstance(err.value, NNVizError) and isinstance(err.value, ValueError)


def test_unknown_name_message_says_what_to_do():
    with pytest.raises(ExpressionError, match=r"unknown name 'q' at column 5 — give it a value"):
        parse("x + q", x=1)


# -- graphs built by hand -----------------------------------------------------------
def test_hand_built_graph_errors():
    g = Graph()
    x = g.input("x", 1.0)
    with pytest.raises(GraphError, match="already exists"):
        g.input("x", 2.0)
    with pytest.raises(GraphError, match="unknown op"):
        g.apply("cube", x)
    with pytest.raises(GraphError, match="takes 2"):
        g.apply("mul", x)
    other = Graph().input("y", 1.0)
    with pytest.raises(GraphError, match="another graph"):
        g.apply("add", x, other)
    with pytest.raises(GraphError, match="only leaves"):
        g.set_value(g.apply("exp", x).name, 3.0)
    with pytest.raises(KeyError):
        g["nothing"]


def test_deep_chain_needs_no_recursion():
    g = Graph()
    node = g.input("x", 0.5)
    for i in range(5000):
        node = g.apply("add", node, g.const(1e-3), name=f"s{i}")
    trace = g.run()
    assert g.output.value == pytest.approx(0.5 + 5.0)
    assert g["x"].grad == 1.0
    assert len(trace) == 5000 + 1 + 5000


def test_layout_columns_and_rows():
    net = make_net("tanh", "sigmoid", n_in=2, n_hid=2, n_out=1)
    g = of_network(net, [0.1, 0.2], [1.0])
    lay = g.layout()
    assert set(lay) == {n.name for n in g.nodes}
    for n in g.nodes:
        for p in n.parents:
            assert lay[p.name][0] < lay[n.name][0], (p.name, n.name)
    assert lay["L"][0] == max(c for c, _ in lay.values())
    assert lay["x1"][0] == 0
    cells = list(lay.values())
    assert len(cells) == len(set(cells))            # no two nodes share a cell
    for c in {c for c, _ in cells}:
        rows = sorted(r for cc, r in cells if cc == c)
        assert rows == list(range(len(rows)))
    # A leaf sits right before its first consumer.
    assert lay["w2[1→1]"][0] == lay["p2[1→1]"][0] - 1
    e2 = examples.shopping().layout()
    assert e2["tax"][0] == e2["total"][0] - 1 and e2["apple_price"][0] == 0


def test_number_formatting():
    assert format_number(-2.0) == "−2"
    assert format_number(3.3000000000000003) == "3.3"
    assert format_number(0.123456) == "0.1235"
    assert format_number(-1.5e-5) == "−1.5e−5"
    assert format_number(12345.6) == "12350"
    assert format_number(-0.0) == "0"
    assert format_value(np.array([1.0, -2.5])) == "[1, −2.5]"
    assert format_value(np.zeros((8, 64))).startswith("(8×64)[0, 0, 0, …")


def test_core_graph_does_not_import_qt():
    code = ("import sys; import core.graph; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'pyqtgraph', 'nnviz', 'shiboken6')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
