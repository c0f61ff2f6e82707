"""The worked examples of CURRICULUM.md as ready-made graphs."""
from __future__ import annotations

import numpy as np

from ..network import Network
from .expressions import parse
from .from_network import of_network
from .nodes import Graph


def e1() -> Graph:
    """E1: f = (x + y)·z at x = −2, y = 5, z = −4 → q = 3, f = −12."""
    return parse("q = x + y\nf = q * z", x=-2, y=5, z=-4)


def shopping(apple_price=100.0, apple_count=2.0, orange_price=150.0, orange_count=3.0,
             tax=1.1) -> Graph:
    """E2: 2 apples at 100, 3 oranges at 150, tax 1.1 → 715.

    Backward: ∂total/∂apple_price = 2.2, ∂/∂apple_count = 110,
    ∂/∂orange_price = 3.3, ∂/∂orange_count = 165, ∂/∂tax = 650.
    """
    g = Graph()
    ap = g.input("apple_price", apple_price)
    ac = g.input("apple_count", apple_count)
    op = g.input("orange_price", orange_price)
    oc = g.input("orange_count", orange_count)
    t = g.input("tax", tax)
    apples = g.apply("mul", ap, ac, name="apple_total")
    oranges = g.apply("mul", op, oc, name="orange_total")
    subtotal = g.apply("add", apples, oranges, name="subtotal")
    g.output = g.apply("mul", subtotal, t, name="total")
    return g


def e3(seed: int = 3, n_inputs: int = 2, n_hidden: int = 3, n_classes: int = 2,
       label: int = 0) -> Graph:
    """E3: one sigmoid hidden layer, softmax output, cross-entropy; layer graph.

    The gradient reaching the input node ``x`` is (ŷ − y)·W2ᵀ ∘ σ'(z1) · W1ᵀ;
    the nodes z2, h1, z1 and x hold each factor after ``run()``.
    """
    net = Network([{"input_dim": n_inputs, "output_dim": n_hidden, "activation": "sigmoid"},
                   {"input_dim": n_hidden, "output_dim": n_classes, "activation": "softmax"}],
                  seed=seed, init="uniform")
    x = np.random.default_rng(seed).uniform(-1.0, 1.0, n_inputs)
    y = np.eye(n_classes)[label]
    return of_network(net, x, y, granularity="layer")


def linear_regression(w=0.5, b=0.0, x=2.0, y=3.0) -> Graph:
    """E7: ŷ = w·x + b with the square loss ½(ŷ − y)²; w and b are parameters."""
    return parse("yhat = w * x + b\nL = mse(yhat, y)", w=w, b=b, x=x, y=y) \
        .make_params("w", "b")
