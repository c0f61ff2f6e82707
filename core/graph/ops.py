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

Three optional helpers make the step-through explain itself:

* ``dshow(i, operands, out, attrs)`` — the local derivative ∂out/∂parent i as
  a formula from the same operand texts, so the backward step reads
  ``∂f/∂x = ∂f/∂q · cos(x) = 1 · cos(0) = 1 · 1 = 1``;
* ``note(i, names, vals, attrs)`` — a remark for a kink or a tie, where the
  derivative is a chosen subgradient (PyTorch's conventions: |a|' = 0 at 0,
  relu'(0) = 0, max/min share the gradient equally between tied inputs);
* ``why(names, vals, attrs)`` — why a value is undefined (log of a negative
  number, division by zero), so evaluation stops with an explanation that
  names the node instead of carrying a nan along.

Values are Python floats (scalar granularity) or float arrays (layer
granularity); every rule works on both.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from ..activations import ACTIVATIONS, LEAKY_DEFAULT, RRELU_LOWER, RRELU_UPPER
from ..activations import softmax as _softmax
from .errors import GraphError
from .text import MINUS, format_value, operand

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
    dshow: Callable | None = None
    note: Callable | None = None
    why: Callable | None = None
    dwhy: Callable | None = None   # why a local derivative is undefined (i, names, vals)


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
    # a^0 is the constant 1 (also at a = 0, where b·a^(b−1) would read 0·∞).
    da = np.where(np.asarray(b) == 0, 0.0, b * np.power(a, np.subtract(b, 1.0)))
    # d(a^b)/db = a^b·ln a is real for a > 0 and 0 at a = 0 (0^b = 0 near b > 0);
    # for a < 0 it does not exist. It is nan there, which the graph reports
    # only when the exponent is not a constant.
    a_ = np.asarray(a, dtype=float)
    db = np.where(a_ > 0, out * np.log(np.where(a_ > 0, a_, 1.0)),
                  np.where(a_ == 0, 0.0, np.nan))
    return [(da, g * da), (db, g * db)]


def _pow_why(ops, vals, attrs):
    a, b = (np.asarray(v, dtype=float) for v in vals)
    a, b = np.broadcast_arrays(a, b)
    bad = (a < 0) & (b != np.round(b))
    if bad.any():
        return (f"a negative base ({_eq(ops[0], a, bad)}) to a non-integer power "
                f"({_eq(ops[1], b, bad)}) is not a real number")
    bad = (a == 0) & (b < 0)
    if bad.any():
        return f"0 to a negative power ({_eq(ops[1], b, bad)}) divides by zero"
    return None


def _pow_dwhy(i, ops, vals):
    if i == 0:
        return (f"∂({ops[0]}^{ops[1]})/∂{ops[0]} = {ops[1]}·{ops[0]}^({ops[1]} {MINUS} 1) "
                f"is infinite at {ops[0]} = 0")
    if i == 1:
        a = np.asarray(vals[0], dtype=float)
        return (f"∂({ops[0]}^{ops[1]})/∂{ops[1]} = {ops[0]}^{ops[1]}·ln {ops[0]} needs "
                f"{ops[0]} ≥ 0, but {ops[0]} = {_first(a, a < 0)}; write the exponent as "
                f"a number if it is fixed")
    return None


def _first(a, mask=None):
    """The first entry of ``a`` where ``mask`` holds, formatted (for messages)."""
    a = np.asarray(a, dtype=float)
    if mask is not None:
        a = a[np.broadcast_to(mask, a.shape)]
    return format_value(a.ravel()[0]) if a.size else "?"


def _eq(name, a, mask=None) -> str:
    """``q = −3`` for a node, just ``−3`` for a number (no "−3 = −3")."""
    v = _first(a, mask)
    return v if name == v else f"{name} = {v}"


def _div_why(ops, vals, attrs):
    a, b = (np.asarray(v, dtype=float) for v in vals)
    a, b = np.broadcast_arrays(a, b)
    zero = b == 0
    if (zero & (a == 0)).any():
        if ops[0] == "0" and ops[1] == "0":
            return "0/0 has no value"
        return f"0/0 has no value ({_eq(ops[0], a, zero)} and {_eq(ops[1], b, zero)})"
    if zero.any():
        return "division by zero" + ("" if ops[1] == "0" else f" ({_eq(ops[1], b, zero)})")
    return None


def _log_why(ops, vals, attrs):
    a = np.asarray(vals[0], dtype=float)
    bad = a <= 0
    return f"{_eq(ops[0], a, bad)} is not positive" if bad.any() else None


def _sqrt_why(ops, vals, attrs):
    a = np.asarray(vals[0], dtype=float)
    bad = a < 0
    return f"{_eq(ops[0], a, bad)} is negative" if bad.any() else None


def _sqrt_dwhy(i, ops, vals):
    return f"∂√{operand(ops[0])}/∂{ops[0]} = 1/(2√{operand(ops[0])}) is infinite at " \
           f"{ops[0]} = 0"


def _exp_why(ops, vals, attrs):
    a = np.asarray(vals[0], dtype=float)
    big = a > 709.78
    return (f"exp({_first(a, big)}) is larger than the largest float (about 1.8e308)"
            if big.any() else None)


# -- max and min ---------------------------------------------------------------
def _extreme(pick):
    """max or min of two or more values (elementwise for arrays)."""
    def forward(vals, attrs):
        out = vals[0]
        for v in vals[1:]:
            out = pick(out, v)
        return out

    def backward(g, vals, out, attrs):
        # PyTorch's convention (torch.maximum, amax): inputs tied for the
        # extreme share the gradient equally; the others get 0.
        hits = [np.asarray(v, dtype=float) == out for v in vals]
        count = sum(h.astype(float) for h in hits)
        res = []
        for h in hits:
            d = np.where(h, 1.0 / np.maximum(count, 1.0), 0.0)
            d = float(d) if np.ndim(d) == 0 else d
            res.append((d, g * d))
        return res
    return forward, backward


def _extreme_note(word):
    def note(i, ops, vals, attrs):
        if any(np.ndim(v) for v in vals):
            return (f"where inputs tie for the {word}, they share the gradient equally, "
                    f"as PyTorch does")
        out = (max if word == "largest" else min)(float(v) for v in vals)
        tied = [n for n, v in zip(ops, vals) if float(v) == out]
        if float(vals[i]) != out:
            return f"{ops[i]} is not the {word} input, so none of the gradient reaches it"
        if len(tied) == 1:
            return f"{ops[i]} is the {word} input, so all of the gradient passes to it"
        both = " and ".join([", ".join(tied[:-1]), tied[-1]])
        return (f"{both} tie for the {word}; they share the gradient equally, "
                f"1/{len(tied)} each, as PyTorch does")
    return note


_max_f, _max_b = _extreme(np.maximum)
_min_f, _min_b = _extreme(np.minimum)


def _abs_note(i, ops, vals, attrs):
    if np.any(np.asarray(vals[0]) == 0):
        return "|a| has no slope at 0; sign(0) = 0 is used there, as PyTorch does"
    return None


def _relu_note(i, ops, vals, attrs):
    if np.any(np.asarray(vals[0]) == 0):
        return "relu has no slope at 0; 0 is used there, as PyTorch does"
    return None


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
    a, b = np.shape(vals[0]), np.shape(vals[1])
    if not a or not b:
        raise GraphError("'@' is the matrix product of arrays; between numbers use '*'")
    if len(a) > 2 or len(b) > 2:
        raise GraphError("'@' works on vectors and matrices, not on arrays of 3 or more axes")
    if a[-1] != b[0]:
        raise GraphError(f"shapes {_shape(a)} and {_shape(b)} do not fit: the inner sizes "
                         f"{a[-1]} and {b[0]} differ")
    return np.matmul(vals[0], vals[1])


def _shape(s):
    return "×".join(map(str, s))


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
         "∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²", why=_div_why),
    Rule("neg", 1, _unary(np.negative), _local(lambda a, o, t: -1.0),
         lambda ops, a, v: f"{MINUS}{operand(ops[0])}", "∂(−a)/∂a = −1"),
    Rule("pow", 2, _pow_f, _pow_b,
         lambda ops, a, v: f"{operand(ops[0])}^{operand(ops[1])}",
         "∂(a^b)/∂a = b·a^(b−1), ∂(a^b)/∂b = a^b·ln a (a > 0)", why=_pow_why,
         dwhy=_pow_dwhy),
    Rule("exp", 1, _unary(np.exp), _local(lambda a, o, t: o), _call("exp"),
         "∂exp(a)/∂a = exp(a)", dshow=lambda i, ops, o, t: f"exp({ops[0]})", why=_exp_why),
    Rule("log", 1, _unary(np.log), _local(lambda a, o, t: 1.0 / np.asarray(a)),
         _call("log"), "∂log(a)/∂a = 1/a (a > 0)",
         dshow=lambda i, ops, o, t: f"1/{operand(ops[0])}", why=_log_why),
    Rule("sqrt", 1, _unary(np.sqrt), _local(lambda a, o, t: 0.5 / np.asarray(o)),
         _call("sqrt"), "∂√a/∂a = 1/(2√a) (a > 0)",
         dshow=lambda i, ops, o, t: f"1/(2√{operand(ops[0])})", why=_sqrt_why,
         dwhy=lambda i, ops, vals: _sqrt_dwhy(i, ops, vals)),
    Rule("sin", 1, _unary(np.sin), _local(lambda a, o, t: np.cos(a)), _call("sin"),
         "∂sin(a)/∂a = cos(a)", dshow=lambda i, ops, o, t: f"cos({ops[0]})"),
    Rule("cos", 1, _unary(np.cos), _local(lambda a, o, t: -np.sin(a)), _call("cos"),
         "∂cos(a)/∂a = −sin(a)", dshow=lambda i, ops, o, t: f"{MINUS}sin({ops[0]})"),
    Rule("abs", 1, _unary(np.abs), _local(lambda a, o, t: np.sign(a)),
         lambda ops, a, v: f"|{ops[0]}|",
         "∂|a|/∂a = sign(a): 1 for a > 0, −1 for a < 0, and 0 at a = 0 (PyTorch's "
         "convention)", dshow=lambda i, ops, o, t: f"sign({ops[0]})", note=_abs_note),
    Rule("max", None, _max_f, _max_b, _call("max"),
         "∂max/∂a_i = 1 for the largest input, 0 for the others; tied inputs share it "
         "equally (PyTorch's convention)", note=_extreme_note("largest")),
    Rule("min", None, _min_f, _min_b, _call("min"),
         "∂min/∂a_i = 1 for the smallest input, 0 for the others; tied inputs share it "
         "equally (PyTorch's convention)", note=_extreme_note("smallest")),
    _MATMUL,
    replace(_MATMUL, name="dot"),
    Rule("sum", None, _sum_f, _sum_b, _sum_show, "∂(Σ a)/∂a_i = 1 (÷ n when averaged)"),
    Rule("identity", 1, _unary(lambda a: a), _local(lambda a, o, t: 1.0),
         lambda ops, a, v: ops[0], "∂a/∂a = 1"),
    Rule("sigmoid", 1, _unary(_sigmoid),
         _local(lambda a, o, t: o * (1.0 - o)), _call("σ"), "σ'(a) = σ(a)(1 − σ(a))",
         dshow=lambda i, ops, o, t: f"{o}·(1 {MINUS} {operand(o)})"),
    Rule("tanh", 1, _unary(np.tanh), _local(lambda a, o, t: 1.0 - o * o), _call("tanh"),
         "tanh'(a) = 1 − tanh²(a)", dshow=lambda i, ops, o, t: f"1 {MINUS} {operand(o)}²"),
    Rule("relu", 1, _unary(lambda a: np.maximum(a, 0.0)),
         _local(lambda a, o, t: np.where(np.asarray(a) > 0, 1.0, 0.0)), _call("relu"),
         "relu'(a) = 1 if a > 0 else 0 (0 at a = 0, PyTorch's convention)",
         note=_relu_note),
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
