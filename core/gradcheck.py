"""Centred-difference gradient checking (CURRICULUM E5)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GradcheckResult:
    passed: bool
    max_rel_error: float
    first_failure: tuple | None      # index into x of the first failing entry
    analytic: np.ndarray
    numeric: np.ndarray

    def __bool__(self):
        return self.passed


def numeric_gradient(f, x, h=1e-4):
    """(f(x+h) − f(x−h)) / 2h for each entry of x; x is restored afterwards."""
    x = np.asarray(x)
    g = np.zeros(x.shape, dtype=float)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        fp = _scalar(f(x))
        x[ix] = old - h
        fm = _scalar(f(x))
        x[ix] = old
        g[ix] = (fp - fm) / (2.0 * h)
    return g


def _scalar(v):
    v = np.asarray(v, dtype=float)
    if v.size != 1:
        raise ValueError(f"gradcheck needs a scalar function; got shape {v.shape}")
    return float(v.reshape(()))


def gradcheck(f, x, h=1e-4, tol=1e-5, grad=None):
    """Check an analytic gradient against centred differences.

    ``f(x)`` returns either ``(value, gradient)`` or just the value, in which
    case ``grad`` must be given (an array or a callable of x). ``x`` is a float
    array that is perturbed in place and restored. The relative error per
    entry is |a − n| / max(1, |a|, |n|); the check passes when all are ≤ tol.
    Returns a :class:`GradcheckResult`; prints nothing.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError("gradcheck needs a floating-point array x")
    out = f(x)
    if isinstance(out, tuple):
        analytic = np.array(out[1], dtype=float)

        def value(z):
            return f(z)[0]
    else:
        if grad is None:
            raise ValueError("f returned a value only: pass grad=")
        analytic = np.array(grad(x) if callable(grad) else grad, dtype=float)
        value = f
    if analytic.shape != x.shape:
        raise ValueError(f"gradient shape {analytic.shape} differs from x "
                         f"shape {x.shape}")
    numeric = numeric_gradient(value, x, h)
    rel = np.abs(analytic - numeric) / np.maximum(
        1.0, np.maximum(np.abs(analytic), np.abs(numeric)))
    bad = np.argwhere(~(rel <= tol))
    first = tuple(int(i) for i in bad[0]) if len(bad) else None
    return GradcheckResult(first is None, float(rel.max()) if rel.size else 0.0,
                           first, analytic, numeric)
