"""Loss functions, with the output-layer gradient fused where it simplifies.

Conventions (CURRICULUM C4), averaged over the n samples of a batch:

* ``mse``: ½·mean over samples of Σ_k (y − ŷ)²  — i.e. 1/(2n)·ΣΣ(y − ŷ)²;
  for one sample and one output it is the square loss ½(y − ŷ)².
* ``binary_cross_entropy``: −1/n·Σ[y ln ŷ + (1 − y) ln(1 − ŷ)], ŷ = σ(z).
* ``cross_entropy``: −1/n·ΣΣ y_ik ln ŷ_ik with ŷ = softmax(z) (one-hot y).

The two cross-entropies are computed from the logits z, so probabilities of
exactly 0 or 1 and logits of ±1000 give finite losses, and their gradient with
respect to z is exactly (ŷ − y)/n (CURRICULUM C5).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid, softmax

_EPS = 1e-12


def softplus(z):
    """ln(1 + e^z) without overflow."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def mse(y_hat, y):
    """1/(2n)·ΣΣ(y − ŷ)² for arrays (n, k) (or (n,))."""
    y_hat = np.asarray(y_hat, dtype=float)
    d = y_hat - np.asarray(y, dtype=float)
    n = d.shape[0] if d.ndim else 1
    return 0.5 * float(np.vdot(d, d)) / n


def binary_cross_entropy(y_hat, y):
    """BCE from probabilities; clipped so ŷ ∈ {0, 1} stays finite."""
    p = np.clip(np.asarray(y_hat, dtype=float), _EPS, 1.0 - _EPS)
    y = np.asarray(y, dtype=float)
    n = p.shape[0] if p.ndim else 1
    return -float(np.sum(y * np.log(p) + (1.0 - y) * np.log1p(-p))) / n


def binary_cross_entropy_logits(z, y):
    """BCE of σ(z): mean of softplus(z) − y·z, exact for any finite z."""
    z = np.asarray(z, dtype=float)
    n = z.shape[0] if z.ndim else 1
    return float(np.sum(softplus(z) - np.asarray(y, dtype=float) * z)) / n


def cross_entropy(y_hat, y):
    """Categorical CE from probabilities (rows of ŷ sum to 1)."""
    p = np.clip(np.asarray(y_hat, dtype=float), _EPS, 1.0)
    n = p.shape[0] if p.ndim > 1 else 1
    return -float(np.sum(np.asarray(y, dtype=float) * np.log(p))) / n


def cross_entropy_logits(z, y):
    """Softmax cross-entropy from logits via log-sum-exp."""
    z = np.asarray(z, dtype=float)
    m = z.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    n = z.shape[0] if z.ndim > 1 else 1
    return float(np.sum(np.asarray(y, dtype=float) * (lse - z))) / n


@dataclass(frozen=True)
class Loss:
    name: str
    formula: str
    output_activation: str | None   # the activation it is fused with, if any
    from_probs: object               # loss(ŷ, y)


LOSSES = {
    "mse": Loss("mse", "L = 1/(2n)·ΣΣ(y − ŷ)²", None, mse),
    "binary_cross_entropy": Loss(
        "binary_cross_entropy", "L = −1/n·Σ[y ln ŷ + (1−y) ln(1−ŷ)]",
        "sigmoid", binary_cross_entropy),
    "cross_entropy": Loss(
        "cross_entropy", "L = −1/n·ΣΣ y ln ŷ  (ŷ = softmax z)",
        "softmax", cross_entropy),
}
LOSS_NAMES = tuple(LOSSES)

__all__ = ["LOSSES", "LOSS_NAMES", "mse", "binary_cross_entropy",
           "binary_cross_entropy_logits", "cross_entropy",
           "cross_entropy_logits", "softplus", "sigmoid", "softmax"]
