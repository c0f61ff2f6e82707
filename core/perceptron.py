"""The perceptron learning rule (CURRICULUM C10) for single-layer step nets."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import SpecError
from .network import Network


@dataclass(frozen=True)
class PerceptronResult:
    converged: bool
    epochs: int
    errors: tuple          # misclassified samples per epoch


def perceptron(n_inputs, n_outputs=1, seed=None) -> Network:
    """A single dense layer with the step activation."""
    return Network([{"input_dim": n_inputs, "output_dim": n_outputs,
                     "activation": "step"}], seed=seed, init="zeros")


def train_perceptron(net: Network, X, Y, lr=1.0, epochs=100) -> PerceptronResult:
    """Δw = η(y − ŷ)x, Δb = η(y − ŷ), one sample at a time, in order.

    Stops when an epoch makes no mistake (converged). A single perceptron
    separates only linearly: on XOR it never converges.
    """
    if len(net.layers) != 1 or net.layers[0].activation != "step":
        raise SpecError("the perceptron rule trains a single layer with the step "
                        "activation")
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[0])
    W, b = net.params["W1"], net.params["b1"]
    history = []
    for epoch in range(1, int(epochs) + 1):
        mistakes = 0
        for x, y in zip(X, Y):
            y_hat = (x @ W + b >= 0).astype(float)
            err = y - y_hat
            if err.any():
                mistakes += 1
                W += lr * np.outer(x, err)
                b += lr * err
        history.append(mistakes)
        if mistakes == 0:
            return PerceptronResult(True, epoch, tuple(history))
    return PerceptronResult(False, int(epochs), tuple(history))
