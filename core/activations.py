"""Activation functions and their derivatives, in one table.

Every activation works on arrays of any shape and writes into ``out`` when it
is given, so the training loop can reuse its buffers. ``grad_mul(dA, z, a)``
multiplies the upstream gradient ``dA`` in place by f'(z) (given z and a = f(z),
whichever is cheaper).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .errors import BackpropError

# RReLU's slope range in training, as in Xu et al. 2015; the mean at inference.
RRELU_LOWER = 1.0 / 8.0
RRELU_UPPER = 1.0 / 3.0
LEAKY_DEFAULT = 0.01
PRELU_INIT = 0.25


def sigmoid(z, out=None):
    """σ(z) = 1/(1+e^−z), computed as ½·tanh(z/2)+½: no overflow for any z."""
    if out is None:      # an array even for a scalar or 0-d input
        z = np.asarray(z)
        out = np.empty(z.shape, z.dtype if z.dtype.kind == "f" else float)
    np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def sigmoid_grad(z):
    """σ'(z) = σ(z)(1 − σ(z))."""
    s = sigmoid(np.asarray(z, dtype=float))
    return s * (1.0 - s)


def softmax(z, axis=-1):
    """Softmax along ``axis``, shifted by the maximum so e^z never overflows."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@dataclass(frozen=True)
class Activation:
    name: str
    formula: str            # for tooltips and lessons
    forward: Callable       # forward(z, out, slope) -> a
    grad_mul: Callable      # grad_mul(dA, z, a, slope) -> dA * f'(z), in place
    differentiable: bool = True
    output_only: bool = False
    has_slope: bool = False  # leaky/prelu/rrelu use a negative-side slope


def _identity_f(z, out, slope):
    if out is None:
        return np.array(z, dtype=float)
    out[...] = z
    return out


def _identity_g(dA, z, a, slope):
    return dA


def _sigmoid_g(dA, z, a, slope):
    dA *= a
    dA -= dA * a          # dA·a·(1 − a) with two temporaries fewer
    return dA


def _tanh_f(z, out, slope):
    return np.tanh(z, out=out)


def _tanh_g(dA, z, a, slope):
    dA -= dA * a * a      # dA·(1 − a²)
    return dA


def _relu_f(z, out, slope):
    return np.maximum(z, 0.0, out=out)


def _relu_g(dA, z, a, slope):
    dA *= z > 0
    return dA


def _leaky_f(z, out, slope):
    if out is None:
        out = np.empty_like(z, dtype=float)
    np.multiply(z, slope, out=out)
    if np.all((np.asarray(slope) >= 0) & (np.asarray(slope) <= 1)):
        np.maximum(z, out, out=out)   # max(z, s·z) is the leaky ReLU for 0 ≤ s ≤ 1
    else:                             # a learned PReLU slope may leave [0, 1]
        np.copyto(out, z, where=z > 0)
    return out


def _leaky_g(dA, z, a, slope):
    dA *= np.where(z > 0, 1.0, slope)
    return dA


def _step_f(z, out, slope):
    if out is None:
        out = np.empty_like(z, dtype=float)
    np.greater_equal(z, 0.0, out=out, casting="unsafe")
    return out


def _step_g(dA, z, a, slope):
    raise BackpropError(
        "the step activation has zero gradient almost everywhere, so "
        "backpropagation cannot train it; use the perceptron rule "
        "(core.perceptron) or a differentiable activation such as sigmoid")


def _softmax_f(z, out, slope):
    # Only used on row-major (n, k) arrays outside the hot loop.
    r = softmax(z, axis=-1)
    if out is None:
        return r
    out[...] = r
    return out


def _softmax_g(dA, z, a, slope):
    # Full Jacobian-vector product: a ∘ (dA − Σ dA·a), row-wise.
    dA -= (dA * a).sum(axis=-1, keepdims=True)
    dA *= a
    return dA


ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in [
        Activation("identity", "a = z", _identity_f, _identity_g),
        Activation("sigmoid", "a = 1/(1+e^−z)",
                   lambda z, out, s: sigmoid(z, out), _sigmoid_g),
        Activation("tanh", "a = tanh z", _tanh_f, _tanh_g),
        Activation("relu", "a = max(0, z)", _relu_f, _relu_g),
        Activation("leaky_relu", "a = z if z>0 else s·z", _leaky_f, _leaky_g,
                   has_slope=True),
        Activation("prelu", "a = z if z>0 else α·z (α learned)", _leaky_f,
                   _leaky_g, has_slope=True),
        Activation("rrelu", "a = z if z>0 else r·z (r random in training)",
                   _leaky_f, _leaky_g, has_slope=True),
        Activation("softmax", "a_k = e^z_k / Σ e^z_i", _softmax_f, _softmax_g,
                   output_only=True),
        Activation("step", "a = 1 if z ≥ 0 else 0", _step_f, _step_g,
                   differentiable=False),
    ]
}

ACTIVATION_NAMES = tuple(ACTIVATIONS)
