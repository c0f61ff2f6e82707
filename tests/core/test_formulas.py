"""Typed formulas (issue #9): the new ops sin, cos, abs, max, min against
centred differences and exact values, their backward texts, undefined values
that stop with the node named, and every kind of bad text ending in the
project's own one-line error."""
from __future__ import annotations

import math

import numpy as np
import pytest

from core import Network
from core.errors import NNVizError
from core.graph import OPS, ExpressionError, Graph, GraphError, examples, of_network, parse

POINTS = [-2.3, -0.7, 0.4, 1.1, 2.9]


def rel_err(a, n):
    return abs(a - n) / max(1.0, abs(a), abs(n))


def centred(formula, name, values, h):
    g = parse(formula, **values)
    v = values[name]
    g.set_value(name, v + h)
    up = g.forward()
    g.set_value(name, v - h)
    down = g.forward()
    return (up - down) / (2 * h)


def grads(formula, **values):
    g = parse(formula, **values)
    trace = g.run()
    return g, trace


# -- gradients of the new ops -------------------------------------------------------
@pytest.mark.parametrize("formula", ["sin(x)", "cos(x)", "abs(x)", "sin(x) * cos(x * y)",
                                     "abs(x - y) + abs(y)", "max(x, y)", "min(x, y)",
                                     "max(x, y, 0.5) * min(x, -y, 1)", "abs(sin(x)) ** 2",
                                     "cos(max(x, y) - min(x, y))"])
@pytest.mark.parametrize("x", POINTS)
@pytest.mark.parametrize("h", [1e-4, 1e-6])
def test_new_ops_against_centred_differences(formula, x, h):
    values = {"x": x, "y": 0.8 * x + 0.3}     # never a tie or a kink at these points
    g, _ = grads(formula, **values)
    for name in values:
        if name in g:
            numeric = centred(formula, name, values, h)
            assert rel_err(g[name].grad, numeric) < 1e-6, (formula, name, x)


def test_exact_local_derivatives():
    g, trace = grads("sin(x)", x=0.0)
    assert g["x"].grad == 1.0                 # d/dx sin at 0 = cos 0 = 1
    assert trace.texts[-1] == "∂f/∂x = cos(x) = cos(0) = 1"
    g, _ = grads("cos(x)", x=0.0)
    assert g["x"].grad == 0.0
    g, _ = grads("cos(x)", x=math.pi / 2)
    assert g["x"].grad == -1.0
    g, _ = grads("sin(x)", x=math.pi)
    assert g["x"].grad == -1.0
    assert grads("abs(x)", x=-3.0)[0]["x"].grad == -1.0
    assert grads("abs(x)", x=2.5)[0]["x"].grad == 1.0


def test_abs_at_zero_uses_pytorchs_zero_and_says_so():
    g, trace = grads("abs(x)", x=0.0)
    assert g.output.value == 0.0 and g["x"].grad == 0.0
    text = trace.texts[-1]
    assert text.startswith("∂f/∂x = sign(x) = sign(0) = 0")
    assert "sign(0) = 0 is used there, as PyTorch does" in text
    assert "PyTorch" in OPS["abs"].derivative
    # Away from 0 the text has no note.
    assert "PyTorch" not in grads("abs(x)", x=2.0)[1].texts[-1]


def test_max_min_ties_share_the_gradient_like_pytorch():
    g, trace = grads("max(x, y)", x=2.0, y=2.0)
    assert g["x"].grad == 0.5 and g["y"].grad == 0.5
    assert any("x and y tie for the largest" in t and "1/2 each" in t for t in trace.texts)
    g, _ = grads("min(x, y, z)", x=1.0, y=1.0, z=1.0)
    assert g["x"].grad == g["y"].grad == g["z"].grad == pytest.approx(1 / 3)
    g, trace = grads("max(x, y)", x=3.0, y=-1.0)
    assert g["x"].grad == 1.0 and g["y"].grad == 0.0
    assert any("x is the largest input" in t for t in trace.texts)
    assert any("y is not the largest input" in t for t in trace.texts)
    g, _ = grads("min(x, 2)", x=5.0)
    assert g["x"].grad == 0.0 and g.output.value == 2.0
    # Arrays: elementwise, ties shared.
    g = parse("sum(max(a, b))", a=np.array([1.0, 2.0, 3.0]), b=np.array([3.0, 2.0, 1.0]))
    g.run()
    assert np.array_equal(g["a"].grad, [0.0, 0.5, 1.0])
    assert np.array_equal(g["b"].grad, [1.0, 0.5, 0.0])


def test_backward_texts_show_the_local_formula_with_numbers():
    _, trace = grads("q = x * y\nf = sin(q)", x=0.5, y=2.0)
    assert "∂f/∂q = cos(q) = cos(1) = 0.5403" in trace.texts
    _, trace = grads("f = cos(x) * 2", x=0.0)
    assert "∂f/∂x = ∂f/∂q1 · −sin(x) = 2 · −sin(0) = 2 · 0 = 0" in trace.texts
    _, trace = grads("log(x) * 3", x=2.0)
    assert "∂f/∂x = ∂f/∂q1 · 1/x = 3 · 1/2 = 3 · 0.5 = 1.5" in trace.texts
    for op in ("sin", "cos", "abs", "max", "min"):
        assert OPS[op].derivative.startswith("∂")


# -- the worked examples stay exact -------------------------------------------------------
def test_e1_and_e2_exact():
    g = examples.e1()
    g.run()
    assert (g["q"].value, g["f"].value) == (3.0, -12.0)
    assert (g["f"].grad, g["z"].grad, g["q"].grad, g["x"].grad, g["y"].grad) == \
        (1.0, 3.0, -4.0, -4.0, -4.0)
    g = parse("(x + y) * z", x=-2, y=5, z=-4)
    g.run()
    assert g.output.value == -12.0 and g["x"].grad == g["y"].grad == -4.0
    assert g["z"].grad == 3.0
    s = examples.shopping()
    s.run()
    assert s["total"].value == pytest.approx(715.0)
    assert s["apple_price"].grad == pytest.approx(2.2)
    assert s["apple_count"].grad == pytest.approx(110.0)
    assert s["orange_price"].grad == pytest.approx(3.3)
    assert s["orange_count"].grad == pytest.approx(165.0)
    assert s["tax"].grad == pytest.approx(650.0)


# -- undefined values stop with the node named --------------------------------------------
@pytest.mark.parametrize("formula,values,message", [
    ("q = x - 5\nf = log(q)", {"x": 2}, "log(q) at node 'f' is undefined: q = −3 is not positive"),
    ("log(x)", {"x": 0}, "x = 0 is not positive"),
    ("log(-3)", {}, "log(−3) at node 'f' is undefined: −3 is not positive"),
    ("x / 0", {"x": 1}, "at node 'f' is undefined: division by zero"),
    ("1/0", {}, "division by zero"),
    ("x / (y - y)", {"x": 1, "y": 2}, "division by zero (q1 = 0)"),
    ("0/0", {}, "0/0 has no value"),
    ("(x - x) / (x - x)", {"x": 1}, "0/0 has no value"),
    ("sqrt(x)", {"x": -4}, "sqrt(x) at node 'f' is undefined: x = −4 is negative"),
    ("exp(x)", {"x": 1000}, "exp(1000) is larger than the largest float"),
    ("x ** 1e9", {"x": 2}, "too large for a float (overflow)"),
    ("2 ** 10000", {}, "overflow"),
    ("x * 1e300 * 1e300", {"x": 1}, "overflow"),
    ("x ** 0.5", {"x": -8}, "a negative base (x = −8) to a non-integer power"),
    ("0 ** x", {"x": -1}, "0 to a negative power"),
])
def test_undefined_values_name_the_node(formula, values, message):
    with pytest.raises(GraphError) as err:
        parse(formula, **values).run()
    assert message in str(err.value)
    assert isinstance(err.value, NNVizError)


@pytest.mark.parametrize("formula,values,message", [
    ("sqrt(x)", {"x": 0}, "1/(2√x) is infinite at x = 0"),
    ("x ** 0.5", {"x": 0}, "is infinite at x = 0"),
    ("x ** y", {"x": -2, "y": 2}, "needs x ≥ 0, but x = −2"),
])
def test_undefined_gradients_name_the_node(formula, values, message):
    g = parse(formula, **values)              # the value exists …
    with pytest.raises(GraphError) as err:    # … its slope does not
        g.run()
    assert message in str(err.value) and "at node 'f'" in str(err.value)


def test_fixed_exponents_of_negative_bases_are_fine():
    g, _ = grads("x ** 2 + x ** 3", x=-2.0)
    assert g.output.value == -4.0 and g["x"].grad == pytest.approx(2 * -2 + 3 * 4)
    g, _ = grads("x ** 0", x=0.0)
    assert g["x"].grad == 0.0


def test_undefined_values_in_hand_built_and_network_graphs():
    g = Graph()
    x = g.input("x", -1.0)
    with pytest.raises(GraphError, match="log\\(x\\) at node 'bad' is undefined"):
        g.apply("log", x, name="bad")
    with pytest.raises(GraphError, match="finite"):
        g.input("y", float("nan"))
    with pytest.raises(GraphError, match="finite"):
        g.set_value("x", float("inf"))
    net = Network.from_sizes([2, 2, 1], seed=0)
    net.params["W1"][0, 0] = np.nan           # a diverged network
    with pytest.raises(GraphError, match="finite"):
        of_network(net, [0.1, 0.2], [1.0])


# -- bad text: only the project's error, one line, short --------------------------------
LONG_NAME = "a" * 1500
BAD = [
    ("# only a comment", {}, "no expression"),
    ("\n# one\n# two\n", {}, "no expression"),
    ("1e999 * x", {"x": 1}, "too large"),
    ("x + 1" + "0" * 400, {"x": 1}, "too long"),
    ("0x10 + x", {"x": 1}, "not a number"),
    ("1_000 * x", {"x": 1}, "not a number"),
    ("x @ y", {"x": 1, "y": 2}, "between numbers use '*'"),
    ("2 @ 3", {}, "between numbers use '*'"),
    ("matmul(x, y)", {"x": [1.0, 2.0], "y": [1.0, 2.0, 3.0]}, "do not fit"),
    ("x ** 10 ** 10", {"x": 2}, "overflow"),
    ("leaky_relu(x, 1e999)", {"x": 1}, "too large"),
    ("max(x)", {"x": 1}, "two or more"),
    ("min()", {}, "two or more"),
    ("exp(*x)", {"x": 1}, "unpacking"),
    ("x ＋ y", {"x": 1, "y": 2}, "invalid character"),
    ("x\ud800", {"x": 1}, "cannot be read"),
    ("\x00", {}, "null"),
    ("x + 1j", {"x": 1}, "only numbers"),
    ("x + True", {"x": 1}, "only numbers"),
    ("-" * 1500 + "x", {"x": 1}, "nested too deeply"),
    ("(" * 250 + "x" + ")" * 250, {"x": 1}, "too many nested parentheses"),
    ("+".join(["x"] * 450), {"x": 1}, "nested too deeply"),
    (";".join(f"v{i}=-x*x" for i in range(140)), {"x": 1},
     "has 420 operations; at most 400"),
    ("sin(" * 99 + "x" + ")" * 99, {"x": 1}, "nested too deeply"),
    (LONG_NAME + " + 1", {}, "unknown name"),
    ("x", {"x": "abc"}, "must be a number"),
    ("x", {"x": float("nan")}, "must be a number"),
    ("x", {"x": 10 ** 400}, "must be a number"),
    ("x", {"x": [1.0, float("inf")]}, "finite"),
    ("x", {"x": {"a": 1}}, "must be a number"),
    ("sin = 2", {}, "function name"),
    ("x", {"cos": 1, "x": 1}, "function name"),
]


@pytest.mark.parametrize("text,values,message", BAD)
def test_bad_formulas_raise_one_short_line(text, values, message):
    with pytest.raises(GraphError) as err:
        parse(text, **values).run()
    msg = str(err.value)
    assert message in msg, msg
    assert "\n" not in msg and len(msg) < 300
    # At most ~60 characters of what was typed are quoted.
    if len(text) > 80:
        assert not any(text[i:i + 70] in msg for i in range(0, len(text) - 70, 7))


def test_names_that_look_like_automatic_constants():
    # 0.12341 and 0.12342 print alike; the second gets a name no variable can
    # have, so a value called c3 (or anything else) never collides with it.
    for name in ("c1", "c2", "c3", "c4", "n1", "q1", "f", "e", "pi"):
        g = parse(f"0.12341 + 0.12342 + {name}", **{name: 1.0})
        g.run()
        assert g.output.value == pytest.approx(1.24683)
    g = parse("e = x + 1\nf = e * pi", x=1.0)
    assert g.output.value == pytest.approx(2 * math.pi)
    g = parse("pi * 2", pi=3.0)               # a given value wins over the constant
    assert g.output.value == 6.0


def test_expression_errors_are_graph_errors_and_project_errors():
    assert issubclass(ExpressionError, GraphError) and issubclass(GraphError, NNVizError)
    err = GraphError("a\nb   " + "x" * 1000)
    assert "\n" not in str(err) and len(str(err)) < 300
