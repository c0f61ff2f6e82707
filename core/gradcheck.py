"""Centred-difference gradient checking (CURRICULUM E4, E5).

:func:`gradcheck` checks any function of an array. The rest checks a
network's training loss parameter by parameter, as the gradient-check panel
shows it: :class:`LossFn` (a private copy of the network and data — the
session's weights never move), :func:`check_param` for one weight,
:func:`iter_check_all` / :func:`check_all` over every parameter (E4, reports
the worst and the first failure), and :func:`nudge` (predicted ΔL ≈ g·ε
beside the real ΔL). The verdict is E5's: relative error
|a − n| / max(1, |a|, |n|) under 1e-5 with h = 1e-4.

Imports only NumPy and ``core``; never Qt.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import SpecError


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
    entry is |a − n| / max(1, |a|, |n|); the check passes when all are < tol.
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
    rel = rel_error(analytic, numeric)
    bad = np.argwhere(~(rel < tol))
    first = tuple(int(i) for i in bad[0]) if len(bad) else None
    return GradcheckResult(first is None, float(rel.max()) if rel.size else 0.0,
                           first, analytic, numeric)


# ---------------------------------------------------------------------------
# The gradient check of a network's parameters, as the app shows it
# ---------------------------------------------------------------------------
H_DEFAULT = 1e-4             # E5's step
TOL = 1e-5                   # E5's threshold on the relative error
H_RANGE = (1e-8, 1e-1)       # the step a user may choose
EPS_RANGE = (1e-8, 10.0)     # the nudge a user may choose


def rel_error(a, n):
    """E5's relative error |a − n| / max(1, |a|, |n|) (elementwise)."""
    a = np.asarray(a, dtype=float)
    n = np.asarray(n, dtype=float)
    return np.abs(a - n) / np.maximum(1.0, np.maximum(np.abs(a), np.abs(n)))


def passes(rel, tol=TOL) -> bool:
    """E5's verdict: the relative error stays under ``tol`` (NaN fails)."""
    return bool(rel < tol)


@dataclass(frozen=True)
class LossFn:
    """What the check differentiates: the training loss of a network over
    ``X``, ``Y`` (inference mode: RReLU at its mean slope), penalty included.
    Built from a session with :meth:`of_session`; it holds private copies, so
    a worker may use it while the session trains on."""
    net: object                  # a private copy of the network
    X: np.ndarray
    Y: np.ndarray
    loss: str
    l1: float = 0.0
    l2: float = 0.0

    @classmethod
    def of_session(cls, session, theta=None) -> LossFn:
        t = session.trainer
        net = session.net.copy()
        if theta is not None:
            net.set_flat(theta)
        return cls(net, np.array(t.X), np.array(t.Y), t.loss, float(t.l1), float(t.l2))

    @property
    def theta(self) -> np.ndarray:
        return self.net.theta

    def value(self, theta=None) -> float:
        """L(θ) (θ default: the copy's own); the copy's θ is left as it was."""
        net = self.net
        if theta is None:
            return float(net.loss(self.X, self.Y, self.loss, self.l1, self.l2))
        keep = net.theta.copy()
        try:
            net.theta[...] = theta
            with np.errstate(all="ignore"):
                return float(net.loss(self.X, self.Y, self.loss, self.l1, self.l2))
        finally:
            net.theta[...] = keep

    def at(self, index: int, value: float) -> float:
        """L with one parameter set to ``value`` (restored afterwards)."""
        th = self.net.theta
        old = float(th[index])
        th[index] = value
        try:
            with np.errstate(all="ignore"):
                return float(self.net.loss(self.X, self.Y, self.loss, self.l1, self.l2))
        finally:
            th[index] = old

    def gradient(self) -> tuple[float, np.ndarray]:
        """(L, ∂L/∂θ) by backpropagation, a fresh flat array."""
        with np.errstate(all="ignore"):
            return self.net.flat_loss_and_gradient(self.X, self.Y, self.loss, self.l1,
                                                   self.l2, train=False)


def check_h(h) -> float:
    try:
        h = float(h)
    except (TypeError, ValueError):
        raise ValueError(f"h must be a number, got {str(h)[:60]!r}") from None
    if not (np.isfinite(h) and H_RANGE[0] <= h <= H_RANGE[1]):
        raise ValueError(f"h must be from {H_RANGE[0]:g} to {H_RANGE[1]:g}, got {h!r}")
    return h


def param_indices(net, ref) -> list[int]:
    """The θ indices a selection names: an edge ``("edge", l, i, j)`` → its
    weight; a bias ``("bias", l, j)`` → b_l[j]; a neuron ``("neuron", l, j)``
    of a layer l ≥ 1 → its bias, and its PReLU slope if it has one. Empty for
    anything else (inputs, layers, nothing)."""
    if not isinstance(ref, (tuple, list)) or not ref:
        return []
    try:
        kind, layer = ref[0], int(ref[1])
        if kind == "edge" and len(ref) == 4:
            return [net.param_index(f"W{layer}[{int(ref[2])},{int(ref[3])}]")]
        if kind == "bias" and len(ref) == 3:
            return [net.param_index(f"b{layer}[{int(ref[2])}]")]
        if kind == "neuron" and len(ref) == 3 and layer >= 1:
            out = [net.param_index(f"b{layer}[{int(ref[2])}]")]
            if f"a{layer}" in net.params:
                out.append(net.param_index(f"a{layer}[{int(ref[2])}]"))
            return out
    except (ValueError, TypeError, IndexError, KeyError, SpecError):
        return []                              # out of range, not a parameter
    return []


def label_of(net, index: int) -> str:
    """The 1-based label users see (``w1[2→3]``, ``b2[1]``, ``a1[4]``)."""
    from .names import param_label
    name = net.param_name(int(index))
    key, rest = name.split("[", 1)
    idx = tuple(int(v) for v in rest.rstrip("]").split(","))
    return param_label(key, idx)


@dataclass(frozen=True)
class ParamCheck:
    """One parameter's check: backprop's ``analytic`` ∂L/∂w beside the centred
    difference ``numeric`` = (``f_plus`` − ``f_minus``) / 2h."""
    index: int
    label: str
    value: float                 # w
    h: float
    loss: float                  # L(w)
    f_plus: float                # L(w + h)
    f_minus: float               # L(w − h)
    analytic: float
    numeric: float
    rel_error: float
    tol: float = TOL

    @property
    def passed(self) -> bool:
        return passes(self.rel_error, self.tol)


def check_param(fn: LossFn, index: int, h=H_DEFAULT, tol=TOL, grad=None) -> ParamCheck:
    """E5 for one parameter of ``fn`` (``grad``: backprop's flat gradient if
    already computed). The network copy is restored afterwards."""
    h = check_h(h)
    index = int(index)
    if not 0 <= index < fn.theta.size:
        raise IndexError(f"parameter index {index} out of range")
    loss = None
    if grad is None:
        loss, grad = fn.gradient()
    w = float(fn.theta[index])
    fp, fm = fn.at(index, w + h), fn.at(index, w - h)
    numeric = (fp - fm) / (2.0 * h)
    a = float(grad[index])
    return ParamCheck(index, label_of(fn.net, index), w, h,
                      fn.value() if loss is None else float(loss), fp, fm, a, numeric,
                      float(rel_error(a, numeric)), tol)


@dataclass(frozen=True)
class CheckAll:
    """E4 over every parameter: ``rel`` per parameter (NaN where not reached
    when cancelled), the worst one and the first failing one (θ order)."""
    rel: np.ndarray
    analytic: np.ndarray
    numeric: np.ndarray
    done: int
    h: float
    tol: float
    labels: tuple

    @property
    def complete(self) -> bool:
        return self.done == self.rel.size

    @property
    def worst(self) -> int | None:
        r = self.rel[:self.done]
        if not r.size:
            return None
        bad = np.flatnonzero(~np.isfinite(r))
        return int(bad[0]) if bad.size else int(np.argmax(r))

    @property
    def max_rel_error(self) -> float:
        w = self.worst
        return float("nan") if w is None else float(self.rel[w])

    @property
    def failures(self) -> np.ndarray:
        r = self.rel[:self.done]
        return np.flatnonzero(~(r < self.tol))

    @property
    def first_failure(self) -> int | None:
        f = self.failures
        return int(f[0]) if f.size else None

    @property
    def passed(self) -> bool:
        return self.complete and self.first_failure is None


def iter_check_all(fn: LossFn, h=H_DEFAULT, tol=TOL, chunk=64, cancel=None):
    """Generator for a worker: yields ``(fraction, CheckAll)`` after each
    ``chunk`` parameters (the last: complete unless ``cancel()`` said stop).
    Two loss evaluations per parameter; the copy's θ is restored."""
    h = check_h(h)
    _, grad = fn.gradient()
    P = fn.theta.size
    labels = tuple(label_of(fn.net, i) for i in range(P))
    numeric = np.full(P, np.nan)
    rel = np.full(P, np.nan)
    done = 0
    while done < P:
        if cancel is not None and cancel():
            break
        stop = min(P, done + int(chunk))
        for i in range(done, stop):
            w = float(fn.theta[i])
            numeric[i] = (fn.at(i, w + h) - fn.at(i, w - h)) / (2.0 * h)
        rel[done:stop] = rel_error(grad[done:stop], numeric[done:stop])
        done = stop
        yield done / P, CheckAll(rel.copy(), grad.copy(), numeric.copy(), done, h, tol,
                                 labels)
    if done < P or P == 0:
        yield (done / P if P else 1.0), CheckAll(rel.copy(), grad.copy(), numeric.copy(),
                                                 done, h, tol, labels)


def check_all(fn: LossFn, h=H_DEFAULT, tol=TOL, cancel=None) -> CheckAll:
    """Every parameter (see :func:`iter_check_all`); the last result."""
    res = None
    for item in iter_check_all(fn, h, tol, cancel=cancel):
        res = item[1]
    return res


@dataclass(frozen=True)
class Nudge:
    """Move one parameter by ``eps``: the first-order prediction g·ε beside
    the real change L(w + ε) − L(w); they differ by O(ε²)."""
    index: int
    label: str
    eps: float
    gradient: float
    loss: float
    loss_after: float

    @property
    def predicted(self) -> float:
        return self.gradient * self.eps

    @property
    def actual(self) -> float:
        return self.loss_after - self.loss

    @property
    def gap(self) -> float:
        return self.actual - self.predicted


def nudge(fn: LossFn, index: int, eps: float, grad=None) -> Nudge:
    """The nudge experiment on a copy (the session's weights never move)."""
    eps = float(eps)
    if not (np.isfinite(eps) and EPS_RANGE[0] <= abs(eps) <= EPS_RANGE[1]):
        raise ValueError(f"ε must be from ±{EPS_RANGE[0]:g} to ±{EPS_RANGE[1]:g}, "
                         f"got {eps!r}")
    index = int(index)
    loss, g = (None, grad) if grad is not None else fn.gradient()
    loss = fn.value() if loss is None else float(loss)
    w = float(fn.theta[index])
    return Nudge(index, label_of(fn.net, index), eps, float(g[index]), loss,
                 fn.at(index, w + eps))


def gradcheck_task(state, fn: LossFn, h=H_DEFAULT, tol=TOL):
    """A ``nnviz.tasks.TaskRunner`` function (Qt-free): check all with progress
    and partial results; returns the last :class:`CheckAll`."""
    res = None
    for frac, res in iter_check_all(fn, h, tol, cancel=state.is_interruption_requested):
        state.set_progress_value(frac)
        if frac < 1.0:
            state.set_partial_result(res)
    return res
