"""Training health: why a run learns or fails, in plain words (issue #14).

Five signals, each computed from what the session already holds — the
network, the training features, the history, the trainer's warnings — plus
per-layer gradient norms recorded once per epoch:

===================  ==========================================================
dead units           ReLU units (and leaky ReLU with slope 0) whose input z is
                     ≤ 0 for every training sample: their output and gradient
                     are 0, so they never learn again.
saturated units      tanh units with |z| > 2.5, sigmoid units with |z| > 5, on
                     ≥ 90 % of the training samples. Both thresholds are where
                     the derivative falls below ~2.7 % of its peak (tanh'(2.5)
                     = 0.027 of 1, σ'(5) = 0.0066 of 0.25): the unit passes
                     almost no gradient back.
vanishing/exploding  the gradient norm of layer 1 (the weights and biases of
gradients            the first layer) against the last layer's, median of the
                     last few recorded epochs: below 1/1000 → vanishing, above
                     1000 → exploding; any layer above 1000 → exploding too.
learning-rate        the trainer's own warnings (oscillating, no progress),
trouble              reused as they are (:mod:`core.train`).
overfitting          test loss rising while the training loss falls: see
                     :func:`overfitting`.
===================  ==========================================================

Dead and saturated units are judged on hidden layers only: an output layer's
sigmoid or softmax is meant to saturate once it is confident (and with its
fused cross-entropy it still passes a gradient).

Gradient norms cost nothing extra: at the end of an epoch the engine's
gradient buffer still holds the gradient of the epoch's last step (its last
batch; the whole training set in full-batch training), and
:class:`GradNorms` reads its per-layer blocks (two NumPy calls). Rows are
keyed by history row and checked against the history's loss on reading, so
a rewound or undone timeline shows only the norms that belong to it.

Layers and units are numbered as the UI names them (:mod:`core.names`):
hidden layer ``l`` is ``h{l}``, 1-based, and so is the unit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

# Thresholds (see the module docstring).
SATURATION_Z = {"tanh": 2.5, "sigmoid": 5.0}
SATURATED_SHARE = 0.9
VANISHING_RATIO = 1e-3
EXPLODING_RATIO = 1e3
EXPLODING_NORM = 1e3
PLOT_ROWS = 2000          # gradient-norm rows the window draws and judges
GRAD_WINDOW = 5            # recorded epochs the gradient judgement takes the median of
# Overfitting (see overfitting()).
OVERFIT_MIN_EPOCHS = 20
OVERFIT_RISE = 0.05        # recent test loss ≥ 5 % above its best
OVERFIT_TRAIN_FALL = 0.02  # while the training loss fell ≥ 2 % since then

SIGNAL_CODES = ("dead_units", "saturated_units", "vanishing_gradients",
                "exploding_gradients", "oscillating", "no_progress", "overfitting")


@dataclass(frozen=True)
class Signal:
    """One health finding: ``code`` (one of :data:`SIGNAL_CODES`), a plain-words
    ``text``, one ``suggestion``, and the numbers both were built from
    (``values``) so that a window can say them in another language."""
    code: str
    text: str
    suggestion: str
    values: dict = field(default_factory=dict)

    @property
    def sentence(self) -> str:
        return f"{self.text} {self.suggestion}"

    def to_dict(self) -> dict:
        return {"code": self.code, "text": self.text, "suggestion": self.suggestion}


@dataclass(frozen=True)
class HealthReport:
    """Everything :func:`assess` found. ``dead`` and ``saturated`` map a hidden
    layer l (1-based) to a boolean mask over its units; ``grad_norms`` is
    (epochs, layers) with ``grad_epochs`` (NaN where nothing was recorded)."""
    dead: dict
    saturated: dict
    grad_norms: np.ndarray
    grad_epochs: np.ndarray
    best_test_epoch: int | None
    overfitting: bool
    signals: tuple

    def units(self, which="dead") -> list[list[int]]:
        """``[[layer, unit], …]``, both 1-based, of the dead (or saturated) units."""
        masks = self.dead if which == "dead" else self.saturated
        return [[int(l), int(j) + 1] for l, m in sorted(masks.items())
                for j in np.flatnonzero(m)]

    def fractions(self, which="dead") -> dict:
        """Hidden layer l → (units flagged, units in the layer), judged layers only."""
        masks = self.dead if which == "dead" else self.saturated
        return {int(l): (int(m.sum()), int(m.size)) for l, m in masks.items()}

    def last_grad_norms(self) -> list:
        """Per-layer gradient norms of the last recorded epoch (None if none)."""
        rows = self.grad_norms[np.isfinite(self.grad_norms).all(axis=1)] \
            if self.grad_norms.size else self.grad_norms
        if not len(rows):
            return [None] * self.grad_norms.shape[1]
        return [float(v) for v in rows[-1]]

    def codes(self) -> list[str]:
        return [s.code for s in self.signals]

    def to_dict(self) -> dict:
        """The JSON ``health`` object of ``nnviz-train --json``."""
        return {"dead_units": self.units("dead"),
                "saturated_units": self.units("saturated"),
                "grad_norms": [None if v is None or not math.isfinite(v) else v
                               for v in self.last_grad_norms()],
                "best_test_epoch": self.best_test_epoch,
                "overfitting": bool(self.overfitting),
                "signals": [s.to_dict() for s in self.signals]}


# -- gradient norms, recorded once per epoch -------------------------------------------
class GradNorms:
    """Per-layer gradient norms, one row per history row.

    :meth:`record_epoch` is called once per epoch end (never per step); it reads
    the engine's gradient buffer — the gradient of the step just taken — in
    two NumPy calls. :meth:`rows` returns the rows that still belong to a
    history (after a rewind or undo the later ones are dropped)."""

    def __init__(self):
        self._key = None
        self._net = None
        self._rows = np.empty((0, 0))
        self._loss = np.empty(0)           # the history's train_loss at each row
        self._n = 0
        self._edges = None
        self._sq = None

    def _layout(self, net):
        # Per layer, the block of W and b in theta ((fan_in + 1) · fan_out
        # numbers; a PReLU slope vector follows it and is left out).
        if net is self._net:
            return
        self._net = net
        edges = []
        for block, _alpha in net._slices:
            edges += [block.start, block.stop]
        key = (tuple(edges), net.theta.size)
        if key != self._key:
            self._key = key
            self._rows = np.full((256, len(net.layers)), np.nan)
            self._loss = np.full(256, np.nan)
            self._n = 0
            self._edges = np.array(edges, dtype=np.intp)
            self._sq = np.zeros(net.theta.size + 1)     # + a 0 so every edge is < len

    def record_epoch(self, trainer) -> None:
        """Store the norms of the last step's gradient at the last history row."""
        row = len(trainer.history) - 1
        if row < 0:
            return
        net = trainer.net
        self._layout(net)
        if row >= len(self._rows):
            grow = max(2 * len(self._rows), row + 1)
            self._rows = np.resize(self._rows, (grow, self._rows.shape[1]))
            self._rows[self._n:] = np.nan
            self._loss = np.resize(self._loss, grow)
            self._loss[self._n:] = np.nan
        sq = self._sq
        np.square(net._grad, out=sq[:-1])            # the engine's gradient buffer
        sums = np.add.reduceat(sq, self._edges)[::2]
        np.sqrt(sums, out=self._rows[row])
        if row > self._n:
            self._rows[self._n:row] = np.nan
            self._loss[self._n:row] = np.nan
        self._loss[row] = trainer.history._data["train_loss"][row]
        self._n = row + 1

    def rows(self, history, n_layers=None, max_rows=None) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, norms (epochs, layers)) for ``history``: rows recorded for
        another history (before a rewind, undo or new run) are NaN.
        ``max_rows``: an even subsample of about that many rows plus the last
        :data:`GRAD_WINDOW` exactly — what the window draws and judges, at a
        cost that does not grow with a long history."""
        n = len(history)
        width = self._rows.shape[1] if n_layers is None else n_layers
        idx = np.arange(n)
        if max_rows and n > max_rows:
            idx = np.unique(np.concatenate([np.arange(0, n, -(-n // max_rows)),
                                            np.arange(max(0, n - GRAD_WINDOW), n)]))
        out = np.full((len(idx), width), np.nan)
        known = idx < self._n
        if known.any() and self._rows.shape[1] == width:
            k = idx[known]
            same = self._loss[k] == np.asarray(history["train_loss"])[k]
            sub = out[known]
            sub[same] = self._rows[k][same]
            out[known] = sub
        return np.asarray(history["epoch"], dtype=float)[idx], out


def layer_grad_norms(net) -> list[float]:
    """Per-layer norms of the engine's current gradient buffer (W and b of
    each layer), e.g. after ``net.flat_loss_and_gradient(...)``."""
    return [float(np.linalg.norm(G)) for G in net._G]


# -- units -----------------------------------------------------------------------------
def _hidden_z(net, X):
    """z (n, units) of each hidden layer on X, copied (inference mode)."""
    with np.errstate(all="ignore"):
        net.forward(X)
        cache = net.cache
        return [np.array(z) for z in cache.Z[:-1]]


def dead_units(net, X, Z=None) -> dict:
    """Hidden layer l → mask of ReLU (or slope-0 leaky ReLU) units whose z is
    ≤ 0 on every row of ``X``. Other activations are not judged."""
    Z = _hidden_z(net, X) if Z is None else Z
    out = {}
    for l, (ls, z) in enumerate(zip(net.layers[:-1], Z), start=1):
        if ls.activation == "relu" or (ls.activation == "leaky_relu" and ls.slope == 0):
            out[l] = ~(z > 0).any(axis=0)
    return out


def saturated_units(net, X, Z=None) -> dict:
    """Hidden layer l → mask of tanh/sigmoid units with |z| beyond
    :data:`SATURATION_Z` on at least :data:`SATURATED_SHARE` of the rows."""
    Z = _hidden_z(net, X) if Z is None else Z
    out = {}
    for l, (ls, z) in enumerate(zip(net.layers[:-1], Z), start=1):
        limit = SATURATION_Z.get(ls.activation)
        if limit is not None:
            out[l] = (np.abs(z) > limit).mean(axis=0) >= SATURATED_SHARE
    return out


# -- overfitting -----------------------------------------------------------------------
def best_test_epoch(history) -> int | None:
    """The epoch with the lowest test loss (the first of equals), or None."""
    test = np.asarray(history["test_loss"], dtype=float)
    ok = np.isfinite(test)
    if not ok.any():
        return None
    i = int(np.argmin(np.where(ok, test, np.inf)))
    return int(history["epoch"][i])


def overfitting(history) -> tuple[bool, int | None]:
    """(overfitting?, best test epoch).

    With n epochs and a window w = max(10, n // 10): overfitting when n ≥ 20,
    the best test loss is more than w epochs back, and over the last w epochs
    the median test loss is ≥ 5 % above its median over the w epochs around
    the best while the median training loss is ≥ 2 % below its median there.
    Medians make it robust to mini-batch noise and small test sets."""
    best = best_test_epoch(history)
    n = len(history)
    if best is None or n < OVERFIT_MIN_EPOCHS:
        return False, best
    test = np.asarray(history["test_loss"], dtype=float)
    train = np.asarray(history["train_loss"], dtype=float)
    i = int(np.searchsorted(np.asarray(history["epoch"]), best))
    w = max(10, n // 10)
    if n - 1 - i <= w:
        return False, best
    recent_test = np.nanmedian(test[-w:])
    recent_train = np.nanmedian(train[-w:])
    around = slice(max(0, i - w // 2), i + w // 2 + 1)
    train_then = np.nanmedian(train[around])
    test_then = np.nanmedian(test[around])      # not the minimum: noise pulls it down
    rising = recent_test >= test_then * (1 + OVERFIT_RISE) + 1e-12
    falling = recent_train <= train_then * (1 - OVERFIT_TRAIN_FALL)
    return bool(rising and falling), best


# -- gradients -------------------------------------------------------------------------
def gradient_trouble(norms) -> tuple[str | None, dict]:
    """("vanishing" | "exploding" | None, values) from recorded norms
    (epochs, layers): medians over the last :data:`GRAD_WINDOW` recorded rows."""
    norms = np.asarray(norms, dtype=float)
    if norms.ndim != 2 or norms.shape[1] < 2:
        return None, {}
    rows = norms[np.isfinite(norms).all(axis=1)][-GRAD_WINDOW:]
    if not len(rows):
        return None, {}
    med = np.median(rows, axis=0)
    first, last = float(med[0]), float(med[-1])
    top = int(np.argmax(med))
    values = {"first": first, "last": last, "layers": len(med),
              "largest": float(med[top]), "largest_layer": top + 1}
    if float(med[top]) > EXPLODING_NORM or (last > 0 and first > EXPLODING_RATIO * last):
        return "exploding", values
    if last > 0 and first < VANISHING_RATIO * last:
        values["ratio"] = first / last
        return "vanishing", values
    return None, values


# -- sentences -------------------------------------------------------------------------
def _layer_list(fracs) -> str:
    return ", ".join(f"{k} of {n} in layer {l}" for l, (k, n) in sorted(fracs.items()) if k)


def _signals(dead, sat, grad, grad_values, warnings, over, best) -> list[Signal]:
    out = []
    fr = {l: (int(m.sum()), int(m.size)) for l, m in dead.items()}
    if any(k for k, _ in fr.values()):
        out.append(Signal(
            "dead_units",
            f"Dead ReLU units: {_layer_list(fr)} never activate on the training set, "
            "so they stopped learning.",
            "Try a smaller learning rate, He initialisation or leaky ReLU.",
            {"layers": fr}))
    fr = {l: (int(m.sum()), int(m.size)) for l, m in sat.items()}
    if any(k for k, _ in fr.values()):
        out.append(Signal(
            "saturated_units",
            f"Saturated units: {_layer_list(fr)} sit in the flat tails of their "
            "activation for most samples, so almost no gradient passes through them.",
            "Try smaller initial weights (Xavier or ×0.1), a smaller learning rate, "
            "or ReLU.",
            {"layers": fr}))
    if grad == "vanishing":
        first, last = grad_values["first"], grad_values["last"]
        what = (f"layer 1's gradient is {last / first:.3g}× smaller than the last layer's"
                if first > 0 else "layer 1 gets no gradient at all")
        out.append(Signal(
            "vanishing_gradients",
            f"Vanishing gradients: {what}, so the first layers barely learn.",
            "Try ReLU instead of sigmoid/tanh, Xavier or He initialisation, or fewer "
            "layers.", grad_values))
    elif grad == "exploding":
        out.append(Signal(
            "exploding_gradients",
            f"Exploding gradients: layer {grad_values['largest_layer']}'s gradient "
            f"norm is {grad_values['largest']:.3g}, so steps are far too big.",
            "Try a smaller learning rate or smaller initial weights.", grad_values))
    for w in warnings:
        if w.code in ("oscillating", "no_progress"):
            what = ("The loss jumps up and down without getting lower"
                    if w.code == "oscillating" else
                    "The loss is stuck far above what guessing the average gives")
            out.append(Signal(w.code, f"Learning-rate trouble: {what} "
                                      f"(since epoch {w.epoch}).",
                              "Lower the learning rate by 10×.",
                              {"epoch": int(w.epoch), "message": w.message}))
    if over:
        out.append(Signal(
            "overfitting",
            f"Overfitting: the test loss has risen since epoch {best} while the "
            "training loss kept falling.",
            f"Stop near epoch {best}, add L2 regularisation, use more data or a "
            "smaller network.", {"best_epoch": best}))
    return out


def assess(net, X_train, history, warnings=(), grad_norms=None,
           grad_epochs=None) -> HealthReport:
    """All signals for ``net`` on the training inputs ``X_train`` (features, as
    the network takes them), a training ``history`` and the trainer's
    ``warnings``; ``grad_norms`` (epochs, layers) as :meth:`GradNorms.rows` gives."""
    Z = _hidden_z(net, X_train)
    dead = dead_units(net, X_train, Z)
    sat = saturated_units(net, X_train, Z)
    if grad_norms is None:
        grad_norms = np.empty((0, len(net.layers)))
        grad_epochs = np.empty(0)
    grad, gv = gradient_trouble(grad_norms)
    over, best = overfitting(history)
    signals = tuple(_signals(dead, sat, grad, gv, warnings, over, best))
    return HealthReport(dead, sat, np.asarray(grad_norms, float),
                        np.asarray(grad_epochs, float), best, over, signals)


class Health:
    """The session's health model (``session.health``): records gradient norms
    at each epoch end and assesses the session on demand, cached until the
    parameters, data or history change."""

    def __init__(self, session):
        self.session = session
        self.grads = GradNorms()
        self._key = None
        self._theta = None
        self._report = None
        self.computations = 0          # assessments made (tests)

    def record_epoch(self, trainer) -> None:
        self.grads.record_epoch(trainer)

    def report(self) -> HealthReport:
        s = self.session
        t, net = s.trainer, s.net
        h = t.history
        key = (id(net), id(t), id(h), len(h), id(s.dataset), s.settings.features,
               tuple(w.code for w in t.warnings), net.theta.size)
        if (self._report is not None and key == self._key
                and np.array_equal(self._theta, net.theta)):
            return self._report
        epochs, norms = self.grads.rows(h, len(net.layers), max_rows=PLOT_ROWS)
        X = s.features()[s.dataset.train_idx]
        self._report = assess(net, X, h, t.warnings, norms, epochs)
        self._key, self._theta = key, net.theta.copy()
        self.computations += 1
        return self._report


def trainer_health(trainer, grads: GradNorms, ran=True) -> dict:
    """The ``health`` object of ``nnviz-train --json`` for a trained
    ``trainer`` whose epoch ends ``grads`` recorded. ``ran`` False (no epoch
    trained): grad_norms are the whole training set's gradient."""
    epochs, norms = grads.rows(trainer.history, len(trainer.net.layers))
    health = assess(trainer.net, trainer.X, trainer.history, trainer.warnings, norms,
                    epochs).to_dict()
    if not ran or any(v is None for v in health["grad_norms"]):
        with np.errstate(all="ignore"):
            trainer.net.flat_loss_and_gradient(trainer.X, trainer.Y, trainer.loss,
                                               trainer.l1, trainer.l2)
        health["grad_norms"] = [v if math.isfinite(v) else None
                              for v in layer_grad_norms(trainer.net)]
    return health


def summary_lines(h) -> list[str]:
    """The health object as lines for ``nnviz-train``'s summary."""
    def units(pairs):
        return ", ".join(f"h{l}.{j}" for l, j in pairs[:12]) + \
            (f" … ({len(pairs)} in all)" if len(pairs) > 12 else "")

    norms = ", ".join("—" if v is None else f"{v:.3g}" for v in h["grad_norms"])
    lines = [f"health   gradient norms by layer {norms}"]
    if h["best_test_epoch"] is not None:
        lines[0] += f"; best test epoch {h['best_test_epoch']}" + \
            (" (overfitting)" if h["overfitting"] else "")
    if h["dead_units"]:
        lines.append(f"  dead units       {units(h['dead_units'])}")
    if h["saturated_units"]:
        lines.append(f"  saturated units  {units(h['saturated_units'])}")
    lines += [f"  {s['text']} {s['suggestion']}" for s in h["signals"]]
    if not h["signals"]:
        lines.append("  no health problems found")
    return lines


__all__ = ["EXPLODING_NORM", "EXPLODING_RATIO", "GradNorms", "Health", "HealthReport",
           "SATURATED_SHARE", "SATURATION_Z", "SIGNAL_CODES", "Signal", "VANISHING_RATIO",
           "assess", "best_test_epoch", "dead_units", "gradient_trouble",
           "layer_grad_norms", "overfitting", "saturated_units", "summary_lines", "trainer_health"]
