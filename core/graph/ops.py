"""Every operation a graph node can apply, with its local derivative, in one table.

A :class:`Rule` knows three things about its op:

* ``forward(vals, attrs)`` — the value from the parents' values;
* ``backward(g, vals, out, attrs)`` — for each parent, the pair
  ``(local, contribution)``: the local derivative ∂out/∂parent (a number, an
  array for elementwise ops, or ``None`` where it is a whole Jacobian, as for a
  matrix product) and the gradient ``g`` carries to that parent. The graph sums
  a contribution over broadcast axes itself, so rules may return it in the
  shape of ``out``;
* ``show(operands, attrs, values)`` — the right-hand side of the formula,
  built from operand texts that are either node names or formatted numbers,
  so one template gives both ``x + y`` and ``−2 + 5`` (``values`` tells it
  shapes, e.g. the n a loss averages over).

Where the contribution is not simply ``upstream · local`` (matrix products,
the vector softmax), ``chain(i, up, operands, out)`` writes it out.

Values are Python floats (scalar granularity) or float arrays (layer
granularity); every rule works on both.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from ..activations import ACTIVATIONS, LEAKY_DEFAULT, RRELU_LOWER, RRELU_UPPER
from ..activations import softmax as _softmax
from .text import MINUS, operand

# Probabilities are clipped like core.losses so ŷ ∈ {0, 1} gives finite numbers.
_EPS = 1e-12
RRELU_MEAN = 0.5 * (RRELU_LOWER + RRELU_UPPER)


@dataclass(frozen=True)
class Rule:
    name: str
    arity: int | None            # None: one parent or more
    forward: Callable
    backward: Callable
    show: Callable
    derivative: str              # the local rule in words, for tooltips and lessons
    chain: Callable | None = None


def _sigmoid(a):
    """σ through tanh like core.activations (no overflow), for floats and arrays."""
    return 0.5 * np.tanh(0.5 * np.asarray(a, dtype=float)) + 0.5


def _n_samples(v, ndim_for_batch=1):
    """The n a loss averages over: rows of a batch, 1 for a single value."""
    a = np.asarray(v)
    return a.shape[0] if a.ndim >= ndim_for_batch else 1


# -- arithmetic --------------------------------------------------------------
def _add_b(g, vals, out, attrs):
    return [(1.0, g) for _ in vals]


def _sub_b(g, vals, out, attrs):
    return [(1.0, g), (-1.0, -g)]


def _mul_b(g, vals, out, attrs):
    a, b = vals
    return [(b, g * b), (a, g * a)]


def _div_b(g, vals, out, attrs):
    a, b = vals
    return [(1.0 / b, g / b), (-a / (b * b), -g * a / (b * b))]


def _pow_f(vals, attrs):
    return np.power(vals[0], vals[1])


def _pow_b(g, vals, out, attrs):
    a, b = vals
    da = b * np.power(a, b - 1.0)
    # d(a^b)/db = a^b·ln a is only real for a > 0; elsewhere the exponent is
    # in practice a constant, and 0 keeps the trace free of nan.
    positive = np.asarray(a) > 0
    db = np.where(positive, out * np.log(np.where(positive, a, 1.0)), 0.0)
    return [(da, g * da), (db, g * db)]


def _unary(fn):
    return lambda vals, attrs: fn(vals[0])


def _local(fn):
    """Backward of an elementwise unary op from its local derivative fn(a, out)."""
    def backward(g, vals, out, attrs):
        d = fn(vals[0], out, attrs)
        return [(d, g * d)]
    return backward


# -- matrix product ----------------------------------------------------------
def _matmul_f(vals, attrs):
    return np.matmul(vals[0], vals[1])


def _matmul_b(g, vals, out, attrs):
    a, b = np.asarray(vals[0], dtype=float), np.asarray(vals[1], dtype=float)
    g = np.asarray(g, dtype=float)
    if a.ndim == 1 and b.ndim == 1:          # dot product of two vectors
        return [(None, g * b), (None, g * a)]
    if a.ndim == 1:                          # vector · matrix
        return [(None, b @ g), (None, np.outer(a, g))]
    if b.ndim == 1:                          # matrix · vector
        return [(None, np.outer(g, b)), (None, a.T @ g)]
    return [(None, g @ b.T), (None, a.T @ g)]


def _matmul_chain(i, up, ops, out):
    return f"{up} · {ops[1]}ᵀ" if i == 0 else f"{ops[0]}ᵀ · {up}"


# -- sums ----------------------------------------------------------------------
def _sum_f(vals, attrs):
    d = attrs.get("divisor", 1)
    if len(vals) == 1:
        return np.sum(vals[0], axis=attrs.get("axis")) / d
    return sum(np.sum(v) for v in vals) / d


def _sum_b(g, vals, out, attrs):
    d = attrs.get("divisor", 1)
    axis = attrs.get("axis")
    res = []
    for v in vals:
        gv = np.asarray(g, dtype=float) / d
        if axis is not None:
            gv = np.expand_dims(gv, axis)
        res.append((1.0 / d, np.broadcast_to(gv, np.shape(v)).copy()))
    return res


def _sum_show(ops, attrs, vals):
    d = attrs.get("divisor", 1)
    body = f"Σ {ops[0]}" if len(ops) == 1 else " + ".join(
        [ops[0]] + [operand(o) for o in ops[1:]])
    if d == 1:
        return body
    return f"({body}) / {d:g}" if len(ops) > 1 else f"{body} / {d:g}"


# -- activations -----------------------------------------------------------------
def _leaky_f(vals, attrs):
    a = vals[0]
    s = attrs.get("slope", LEAKY_DEFAULT)
    return np.where(np.asarray(a) > 0, a, s * np.asarray(a))


def _leaky_d(a, out, attrs):
    return np.where(np.asarray(a) > 0, 1.0, attrs.get("slope", LEAKY_DEFAULT))


def _rrelu_f(vals, attrs):
    return _leaky_f(vals, {"slope": RRELU_MEAN})


def _rrelu_d(a, out, attrs):
    return _leaky_d(a, out, {"slope": RRELU_MEAN})


def _prelu_f(vals, attrs):
    z, alpha = vals
    return np.where(np.asarray(z) > 0, z, np.multiply(alpha, z))


def _prelu_b(g, vals, out, attrs):
    z, alpha = vals
    pos = np.asarray(z) > 0
    dz = np.where(pos, 1.0, alpha)
    dalpha = np.where(pos, 0.0, z)
    return [(dz, g * dz), (dalpha, g * dalpha)]


def _step_b(g, vals, out, attrs):
    # Reuse the engine's rule so the user reads the same explanation.
    ACTIVATIONS["step"].grad_mul(np.zeros(1), np.zeros(1), np.zeros(1), None)
    raise AssertionError("unreachable: the step activation has no gradient")


def _softmax_f(vals, attrs):
    if "index" in attrs:       # scalar granularity: output k of the row vals
        return _softmax(np.asarray(vals, dtype=float))[attrs["index"]]
    return _softmax(vals[0], axis=-1)


def _softmax_b(g, vals, out, attrs):
    if "index" in attrs:
        k = attrs["index"]
        s = _softmax(np.asarray(vals, dtype=float))
        # ∂s_k/∂z_j = s_k (δ_kj − s_j)
        locs = [s[k] * ((1.0 if j == k else 0.0) - s[j]) for j in range(len(vals))]
        return [(d, g * d) for d in locs]
    g = np.asarray(g, dtype=float)
    # The Jacobian–vector product, row by row: ŷ ∘ (g − Σ g∘ŷ).
    return [(None, out * (g - np.sum(g * out, axis=-1, keepdims=True)))]


def _softmax_show(ops, attrs, vals):
    if "index" in attrs:
        k = attrs["index"]
        return f"exp({ops[k]}) / (" + " + ".join(f"exp({o})" for o in ops) + ")"
    return f"softmax({ops[0]})"


def _softmax_chain(i, up, ops, out):
    return f"{out} ∘ ({up} {MINUS} Σ {up}∘{out})"


# -- losses --------------------------------------------------------------------
def _mse_f(vals, attrs):
    p, y = vals
    d = np.subtract(p, y)
    return 0.5 * float(np.sum(d * d)) / _n_samples(p)


def _mse_b(g, vals, out, attrs):
    p, y = vals
    d = np.subtract(p, y) / _n_samples(p)
    return [(d, g * d), (-d, -g * d)]


def _mse_show(ops, attrs, vals):
    if np.ndim(vals[0]) == 0:      # one loss term of a scalar graph
        return f"½({ops[0]} {MINUS} {operand(ops[1])})²"
    return f"½·ΣΣ({ops[0]} {MINUS} {operand(ops[1])})² / {_n_samples(vals[0])}"


def _bce_f(vals, attrs):
    p = np.clip(vals[0], _EPS, 1.0 - _EPS)
    y = vals[1]
    return -float(np.sum(y * np.log(p) + (1.0 - np.asarray(y)) * np.log1p(-p))) / _n_samples(p)


def _bce_b(g, vals, out, attrs):
    p = np.clip(vals[0], _EPS, 1.0 - _EPS)
    y = vals[1]
    n = _n_samples(p)
    dp = (p - y) / (p * (1.0 - p)) / n
    dy = -(np.log(p) - np.log1p(-p)) / n
    return [(dp, g * dp), (dy, g * dy)]


def _bce_show(ops, attrs, vals):
    p, y = ops[0], operand(ops[1])
    core = f"{y}·log({p}) + (1 {MINUS} {y})·log(1 {MINUS} {operand(p)})"
    if np.ndim(vals[0]) == 0:
        return f"{MINUS}[{core}]"
    return f"{MINUS}Σ[{core}] / {_n_samples(vals[0])}"


def _ce_f(vals, attrs):
    p = np.clip(vals[0], _EPS, 1.0)
    return -float(np.sum(np.multiply(vals[1], np.log(p)))) / _n_samples(p, 2)


def _ce_b(g, vals, out, attrs):
    p = np.clip(vals[0], _EPS, 1.0)
    n = _n_samples(p, 2)
    dp = -np.asarray(vals[1]) / p / n
    dy = -np.log(p) / n
    return [(dp, g * dp), (dy, g * dy)]


def _ce_show(ops, attrs, vals):
    if np.ndim(vals[0]) == 0:
        return f"{MINUS}{operand(ops[1])}·log({ops[0]})"
    return f"{MINUS}ΣΣ {operand(ops[1])}∘log({ops[0]}) / {_n_samples(vals[0], 2)}"


def _call(fn_name):
    return lambda ops, attrs, vals: f"{fn_name}({', '.join(ops)})"


def _infix(symbol):
    return lambda ops, attrs, vals: f" {symbol} ".join(
        [ops[0]] + [operand(o) for o in ops[1:]])


_MATMUL = Rule("matmul", 2, _matmul_f, _matmul_b, _infix("·"),
               "∂(a·B)/∂a = ∂L/∂out · Bᵀ, ∂(a·B)/∂B = aᵀ · ∂L/∂out", _matmul_chain)

OPS: dict[str, Rule] = {r.name: r for r in [
    Rule("add", None, lambda v, a: sum(v[1:], v[0]), _add_b, _infix("+"),
         "∂(a + b)/∂a = 1"),
    Rule("sub", 2, lambda v, a: np.subtract(v[0], v[1]), _sub_b, _infix(MINUS),
         "∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1"),
    Rule("mul", 2, lambda v, a: np.multiply(v[0], v[1]), _mul_b, _infix("·"),
         "∂(a·b)/∂a = b, ∂(a·b)/∂b = a"),
    Rule("div", 2, lambda v, a: np.divide(v[0], v[1]), _div_b, _infix("/"),
         "∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²"),
    Rule("neg", 1, _unary(np.negative), _local(lambda a, o, t: -1.0),
         lambda ops, a, v: f"{MINUS}{operand(ops[0])}", "∂(−a)/∂a = −1"),
    Rule("pow", 2, _pow_f, _pow_b,
         lambda ops, a, v: f"{operand(ops[0])}^{operand(ops[1])}",
         "∂(a^b)/∂a = b·a^(b−1), ∂(a^b)/∂b = a^b·ln a"),
    Rule("exp", 1, _unary(np.exp), _local(lambda a, o, t: o), _call("exp"),
         "∂exp(a)/∂a = exp(a)"),
    Rule("log", 1, _unary(np.log), _local(lambda a, o, t: 1.0 / np.asarray(a)),
         _call("log"), "∂log(a)/∂a = 1/a"),
    Rule("sqrt", 1, _unary(np.sqrt), _local(lambda a, o, t: 0.5 / np.asarray(o)),
         _call("sqrt"), "∂√a/∂a = 1/(2√a)"),
    _MATMUL,
    replace(_MATMUL, name="dot"),
    Rule("sum", None, _sum_f, _sum_b, _sum_show, "∂(Σ a)/∂a_i = 1 (÷ n when averaged)"),
    Rule("identity", 1, _unary(lambda a: a), _local(lambda a, o, t: 1.0),
         lambda ops, a, v: ops[0], "∂a/∂a = 1"),
    Rule("sigmoid", 1, _unary(_sigmoid),
         _local(lambda a, o, t: o * (1.0 - o)), _call("σ"), "σ'(a) = σ(a)(1 − σ(a))"),
    Rule("tanh", 1, _unary(np.tanh), _local(lambda a, o, t: 1.0 - o * o), _call("tanh"),
         "tanh'(a) = 1 − tanh²(a)"),
    Rule("relu", 1, _unary(lambda a: np.maximum(a, 0.0)),
         _local(lambda a, o, t: np.where(np.asarray(a) > 0, 1.0, 0.0)), _call("relu"),
         "relu'(a) = 1 if a > 0 else 0"),
    Rule("leaky_relu", 1, _leaky_f, _local(_leaky_d), _call("leaky_relu"),
         "leaky'(a) = 1 if a > 0 else the slope s"),
    Rule("rrelu", 1, _rrelu_f, _local(_rrelu_d), _call("rrelu"),
         "rrelu'(a) = 1 if a > 0 else the mean slope (inference)"),
    Rule("prelu", 2, _prelu_f, _prelu_b, _call("prelu"),
         "∂prelu/∂a = 1 if a > 0 else α; ∂prelu/∂α = 0 if a > 0 else a"),
    Rule("step", 1, _unary(lambda a: np.where(np.asarray(a) >= 0, 1.0, 0.0)), _step_b,
         _call("step"), "no useful gradient (0 almost everywhere)"),
    Rule("softmax", None, _softmax_f, _softmax_b, _softmax_show,
         "∂ŷ_k/∂z_j = ŷ_k(δ_kj − ŷ_j)", _softmax_chain),
    Rule("mse", 2, _mse_f, _mse_b, _mse_show, "∂L/∂ŷ = (ŷ − y)/n"),
    Rule("binary_cross_entropy", 2, _bce_f, _bce_b, _bce_show,
         "∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ))/n"),
    Rule("cross_entropy", 2, _ce_f, _ce_b, _ce_show, "∂L/∂ŷ = −y/ŷ/n"),
]}

OP_NAMES = tuple(OPS)
LOSS_OPS = ("mse", "binary_cross_entropy", "cross_entropy")
