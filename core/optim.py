"""Optimisers that update a flat parameter vector in place.

Each optimiser's state is a dict of named NumPy arrays and numbers (shown by
the app's inspector, saved in session files): :meth:`Optimizer.state_dict`
and :meth:`Optimizer.load_state_dict` round-trip it exactly.
"""
from __future__ import annotations

import numpy as np

from .errors import SpecError

OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")

# Hyper-parameters each optimiser takes besides the learning rate, with defaults.
DEFAULTS = {
    "sgd": {},
    "momentum": {"beta": 0.9},
    "nesterov": {"beta": 0.9},
    "adagrad": {"eps": 1e-8},
    "rmsprop": {"rho": 0.9, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}

FORMULAS = {
    "sgd": "θ ← θ − η·g",
    "momentum": "v ← β·v − η·g;  θ ← θ + v",
    "nesterov": "v ← β·v − η·g;  θ ← θ + β·v − η·g",
    "adagrad": "G ← G + g²;  θ ← θ − η·g/(√G + ε)",
    "rmsprop": "s ← ρ·s + (1−ρ)·g²;  θ ← θ − η·g/(√s + ε)",
    "adam": "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η·m̂/(√v̂ + ε)",
}


class Optimizer:
    """Base: ``step(theta, grad)`` updates theta in place."""
    name = "sgd"
    slots: tuple = ()

    def __init__(self, lr=0.1, **hyper):
        self.lr = check_lr(lr)
        defaults = DEFAULTS[self.name]
        unknown = set(hyper) - set(defaults)
        if unknown:
            raise SpecError(f"{self.name} takes no setting(s) "
                            f"{', '.join(sorted(unknown))}; it takes "
                            f"{', '.join(defaults) or 'only the learning rate'}")
        self.hyper = {**defaults, **{k: float(v) for k, v in hyper.items()}}
        for k, v in self.hyper.items():
            if not np.isfinite(v) or v < 0 or (k != "eps" and v >= 1):
                raise SpecError(f"{self.name}: {k} = {v} is out of range")
        self.t = 0
        self.state: dict[str, np.ndarray] = {}

    def _slot(self, key, like):
        s = self.state.get(key)
        if s is None or s.shape != like.shape:
            s = self.state[key] = np.zeros_like(like)
        return s

    def step(self, theta, grad):
        self.t += 1
        self._update(theta, grad)

    def _update(self, theta, grad):
        theta -= self.lr * grad

    def reset(self):
        self.t = 0
        self.state = {}

    def state_dict(self) -> dict:
        return {"name": self.name, "lr": self.lr, "hyper": dict(self.hyper),
                "t": self.t, "state": {k: v.copy() for k, v in self.state.items()}}

    def load_state_dict(self, d: dict):
        self.lr = check_lr(d.get("lr", self.lr))
        self.hyper.update({k: float(v) for k, v in d.get("hyper", {}).items()
                           if k in self.hyper})
        self.t = int(d.get("t", 0))
        self.state = {k: np.array(v, dtype=float)
                      for k, v in d.get("state", {}).items()}
        return self

    @property
    def formula(self) -> str:
        return FORMULAS[self.name]

    def __repr__(self):
        extra = "".join(f", {k}={v:g}" for k, v in self.hyper.items())
        return f"{type(self).__name__}(lr={self.lr:g}{extra})"


class SGD(Optimizer):
    name = "sgd"


class Momentum(Optimizer):
    name = "momentum"

    def _update(self, theta, grad):
        v = self._slot("velocity", theta)
        v *= self.hyper["beta"]
        v -= self.lr * grad
        theta += v


class Nesterov(Optimizer):
    name = "nesterov"

    def _update(self, theta, grad):
        # The common reformulation that needs the gradient at θ only.
        v = self._slot("velocity", theta)
        beta = self.hyper["beta"]
        v *= beta
        v -= self.lr * grad
        theta += beta * v - self.lr * grad


class AdaGrad(Optimizer):
    name = "adagrad"

    def _update(self, theta, grad):
        G = self._slot("sum_sq", theta)
        G += grad * grad
        theta -= self.lr * grad / (np.sqrt(G) + self.hyper["eps"])


class RMSProp(Optimizer):
    name = "rmsprop"

    def _update(self, theta, grad):
        s = self._slot("mean_sq", theta)
        rho = self.hyper["rho"]
        s *= rho
        s += (1.0 - rho) * grad * grad
        theta -= self.lr * grad / (np.sqrt(s) + self.hyper["eps"])


class Adam(Optimizer):
    name = "adam"

    def _update(self, theta, grad):
        # Exactly the shown θ ← θ − η·m̂/(√v̂ + ε), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ):
        # ε is added after bias-correcting v (PyTorch's placement), so early
        # steps with tiny gradients are not damped by an ε scaled up by 1/√(1−β₂ᵗ).
        m = self._slot("m", theta)
        v = self._slot("v", theta)
        b1, b2, eps = self.hyper["beta1"], self.hyper["beta2"], self.hyper["eps"]
        m *= b1
        m += (1.0 - b1) * grad
        v *= b2
        v += (1.0 - b2) * grad * grad
        denom = np.sqrt(v)
        denom /= np.sqrt(1.0 - b2 ** self.t)        # √v̂
        denom += eps
        theta -= (self.lr / (1.0 - b1 ** self.t)) * m / denom      # η·m̂ / (√v̂ + ε)


_CLASSES = {c.name: c for c in (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam)}


def check_lr(lr) -> float:
    try:
        lr = float(lr)
    except (TypeError, ValueError):
        raise SpecError(f"learning rate must be a number, got {lr!r}") from None
    if not np.isfinite(lr) or lr <= 0:
        raise SpecError(f"learning rate must be a positive number, got {lr}")
    return lr


def make_optimizer(name="sgd", lr=0.1, **hyper) -> Optimizer:
    if name not in _CLASSES:
        raise SpecError(f"unknown optimizer {name!r}; choose one of "
                        f"{', '.join(OPTIMIZER_NAMES)}")
    return _CLASSES[name](lr, **hyper)


def optimizer_from_state(d: dict) -> Optimizer:
    opt = make_optimizer(d["name"], d.get("lr", 0.1), **d.get("hyper", {}))
    return opt.load_state_dict(d)
