"""Named engine computations a lesson can quote: ``{probe:perceptron_xor_converged}``.

Some curriculum facts live outside the session on screen — the perceptron
rule, the gradient checker, the five circle points, two buggy backward
passes. Each probe runs the engine (never a copy of its maths) and returns a
number or a short text; results are cached (the engine is deterministic).
"""
from __future__ import annotations

from functools import cache

import numpy as np

from ..data import circle_area_dataset
from ..errors import NNVizError
from ..gradcheck import gradcheck
from ..network import Network
from ..perceptron import perceptron, train_perceptron
from ..train import Trainer

_AND_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _dense(*layers):
    return [{"input_dim": i, "output_dim": o, "activation": a} for i, o, a in layers]


# -- C10 the perceptron ------------------------------------------------------------
@cache
def _perceptron(kind):
    y = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}[kind]
    net = perceptron(2)
    return train_perceptron(net, _AND_X, np.array(y, float)[:, None], lr=1.0, epochs=100)


def _perceptron_rule_example():
    """From zero weights, x = (1, 2), target 0, η = 0.5: one update."""
    net = perceptron(2)
    train_perceptron(net, np.array([[1.0, 2.0]]), np.array([[0.0]]), lr=0.5, epochs=1)
    return net


# -- C2 two linear layers are one matrix ----------------------------------------------
@cache
def _collapse():
    net = Network(_dense((2, 3, "identity"), (3, 3, "identity"), (3, 1, "identity")), seed=4)
    X = np.random.default_rng(4).normal(size=(50, 2))
    p = net.params
    W = p["W1"] @ p["W2"] @ p["W3"]
    b = (p["b1"] @ p["W2"] + p["b2"]) @ p["W3"] + p["b3"]
    return float(np.abs(net.forward(X) - (X @ W + b)).max())


# -- C3 softmax --------------------------------------------------------------------------
def _softmax_sum():
    from ..activations import softmax
    return float(softmax(np.array([2.0, 1.0, 0.1])).sum())


def _softmax_vs_sigmoid():
    from ..activations import sigmoid, softmax
    a = np.linspace(-5, 5, 41)
    two = softmax(np.stack([a, np.zeros_like(a)], 1), axis=1)[:, 0]
    return float(np.abs(two - sigmoid(a)).max())


# -- E4 / E5 gradient checking -------------------------------------------------------
@cache
def _e4():
    rng = np.random.default_rng(0)
    net = Network(_dense((10, 5, "sigmoid"), (5, 10, "softmax")), seed=0, init="uniform")
    X = rng.normal(size=(20, 10))
    Y = np.eye(10)[rng.integers(0, 10, 20)]
    theta = net.get_flat().copy()

    def f(t):
        net.set_flat(t)
        return net.flat_loss_and_gradient(X, Y, "cross_entropy", train=False)

    res = gradcheck(f, theta)
    net.set_flat(theta)
    return res, net.parameter_count


def _sum_squares(shape):
    x = np.random.default_rng(1).normal(size=shape)
    return gradcheck(lambda z: (float(np.sum(z ** 2)), 2 * z), x)


@cache
def _broken():
    """The E5 checker on a gradient with one wrong entry (index 3 of 6)."""
    x = np.linspace(-1, 1, 6)
    wrong = 2 * x
    wrong[3] += 0.1
    return gradcheck(lambda z: float(np.sum(z ** 2)), x.copy(), grad=wrong)


# -- E6 the circle's area -------------------------------------------------------------------
@cache
def _circle(optimizer, lr, epochs):
    ds = circle_area_dataset()
    net = Network(_dense((1, 1, "identity")), seed=0)
    t = Trainer(net, ds.X ** 2, ds.targets(), loss="mse", optimizer=optimizer, lr=lr)
    res = t.train(epochs)
    return float(net.params["W1"][0, 0]), bool(res.diverged), float(net.params["b1"][0])


# -- E10 and the "loss used as the target" bug -------------------------------------------------
@cache
def _e10():
    rng = np.random.default_rng(10)
    X = rng.normal(size=(1, 5))
    y = np.array([[1.5]])
    net = Network(_dense((5, 1, "identity")), seed=10)
    loss, grads = net.loss_and_gradients(X, y, "mse")
    pred = float(net.forward(X)[0, 0])
    dW = grads["W1"][:, 0]
    bug = X[0] * (pred - loss)              # the loss value where the target belongs
    theta = net.get_flat().copy()

    def f(t):
        net.set_flat(t)
        return net.flat_loss_and_gradient(X, y, "mse", train=False)[0]

    good = gradcheck(f, theta.copy(), grad=net.flat_loss_and_gradient(X, y, "mse")[1])
    bad_flat = net.flat_loss_and_gradient(X, y, "mse")[1].copy()
    bad_flat[:5] = bug
    bad = gradcheck(f, theta.copy(), grad=bad_flat)
    net.set_flat(theta)
    return {"pred": pred, "loss": loss, "dw1": float(dW[0]), "bug_dw1": float(bug[0]),
            "direct_dw1": float(X[0, 0] * (pred - 1.5)), "good": good.max_rel_error,
            "bad": bad.max_rel_error, "shape": str(net.forward(X).shape)}


# -- E9 shapes ------------------------------------------------------------------------------------
def _e9_error():
    net = Network(_dense((3, 1, "identity")), seed=0)
    try:
        net.forward(np.ones((1, 4)))
    except NNVizError as e:
        return str(e)
    return ""


def _e9_shape():
    net = Network(_dense((3, 1, "identity")), seed=0)
    return str(net.forward(np.ones((1, 3))).shape)


PROBES = {
    "perceptron_and_converged": lambda: float(_perceptron("and").converged),
    "perceptron_and_epochs": lambda: _perceptron("and").epochs,
    "perceptron_xor_converged": lambda: float(_perceptron("xor").converged),
    "perceptron_xor_epochs": lambda: _perceptron("xor").epochs,
    "perceptron_xor_last_errors": lambda: _perceptron("xor").errors[-1],
    "perceptron_rule_dw1": lambda: float(_perceptron_rule_example().params["W1"][0, 0]),
    "perceptron_rule_dw2": lambda: float(_perceptron_rule_example().params["W1"][1, 0]),
    "perceptron_rule_db": lambda: float(_perceptron_rule_example().params["b1"][0]),
    "linear_collapse_difference": _collapse,
    "softmax_sum": _softmax_sum,
    "softmax_vs_sigmoid": _softmax_vs_sigmoid,
    "e4_max_rel_error": lambda: _e4()[0].max_rel_error,
    "e4_passed": lambda: float(_e4()[0].passed),
    "e4_parameters": lambda: _e4()[1],
    "e5_scalar_error": lambda: _sum_squares(()).max_rel_error,
    "e5_vector_error": lambda: _sum_squares((4,)).max_rel_error,
    "e5_matrix_error": lambda: _sum_squares((3, 2)).max_rel_error,
    "e5_broken_first_index": lambda: _broken().first_failure[0],
    "e5_broken_error": lambda: _broken().max_rel_error,
    "circle_w_adam": lambda: _circle("adam", 0.1, 3000)[0],
    "circle_b_adam": lambda: _circle("adam", 0.1, 3000)[2],
    "circle_sgd_fast_diverges": lambda: float(_circle("sgd", 1e-3, 100)[1]),
    "circle_w_sgd_slow": lambda: _circle("sgd", 1e-6, 20000)[0],
    "e9_shape": _e9_shape,
    "e9_error": _e9_error,
    "e10_prediction": lambda: _e10()["pred"],
    "e10_loss": lambda: _e10()["loss"],
    "e10_dw1": lambda: _e10()["dw1"],
    "e10_dw1_by_hand": lambda: _e10()["direct_dw1"],
    "e10_bug_dw1": lambda: _e10()["bug_dw1"],
    "e10_check_error": lambda: _e10()["good"],
    "e10_bug_check_error": lambda: _e10()["bad"],
    "e10_output_shape": lambda: _e10()["shape"],
}


@cache
def probe(name: str):
    """The value of a named probe (cached)."""
    from .templates import TemplateError
    fn = PROBES.get(name)
    if fn is None:
        raise TemplateError(f"unknown probe {name[:40]!r}")
    v = fn()
    return v if isinstance(v, str) else float(v)


__all__ = ["PROBES", "probe"]
