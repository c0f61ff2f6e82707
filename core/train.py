"""Training loop: batches, history, stop rules and divergence handling."""
from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass

import numpy as np

from .errors import ShapeError, SpecError
from .losses import LOSSES
from .network import Network
from .optim import Optimizer, make_optimizer

STOP_EPOCHS = "max epochs reached"
STOP_TARGET = "loss target reached"
STOP_DIVERGED = "diverged"
STOP_CALLBACK = "stopped"
STOP_TIME = "time budget used"
STOP_UNHEALTHY = "training is going nowhere"

# Divergence also means a loss far above where training started, or weights
# far beyond anything a small net needs: NaN may never come when tanh or a
# sigmoid saturates, yet training has clearly blown up.
BLOWUP = 100.0
MAX_PARAM = 1e6

# Training that goes nowhere without a NaN (health check, every CHECK_EVERY
# epochs over the last WINDOW epoch losses; thresholds are relative to the
# loss of always predicting the training targets' mean, so they fit every
# data set and loss). Chosen from a grid: healthy runs of every bundled data
# set stay below them; lr 10/100 runs that learn nothing cross them.
WINDOW = 20
CHECK_EVERY = 20
STUCK_FACTOR = 2.0         # "far above the trivial baseline"
SWING_FACTOR = 0.2         # mean |Δloss| per epoch, in baselines: "large"
NET_SHARE = 0.3            # net progress below this share of the motion: "going nowhere"
ALTERNATING = 0.3          # share of sign changes among successive Δloss


class History:
    """Per-epoch records in growable arrays (cheap to append, to plot, to save)."""
    FIELDS = ("epoch", "step", "train_loss", "test_loss", "train_metric",
              "test_metric")

    def __init__(self):
        self._n = 0
        self._data = {f: np.empty(256) for f in self.FIELDS}

    def __len__(self):
        return self._n

    def append(self, **values):
        if self._n == len(self._data["epoch"]):
            for f in self.FIELDS:
                self._data[f] = np.resize(self._data[f], 2 * self._n)
        for f in self.FIELDS:
            self._data[f][self._n] = values.get(f, np.nan)
        self._n += 1

    def __getitem__(self, field) -> np.ndarray:
        """A read-only view of one column, e.g. ``history["train_loss"]``."""
        v = self._data[field][:self._n]
        v.flags.writeable = False
        return v

    def last(self, field, default=np.nan):
        return float(self._data[field][self._n - 1]) if self._n else default

    def truncate(self, n):
        n = max(0, min(n, self._n))
        if n < self._n:
            # Snapshots may share these arrays up to their own length: copy
            # before later appends overwrite rows they still show.
            self._data = {f: a.copy() for f, a in self._data.items()}
        self._n = n

    def snapshot(self) -> History:
        """A frozen copy that shares the storage: rows below the length are
        never rewritten (appends go past it; truncate copies first), so undo
        can keep many of these without copying a long history each time."""
        h = History.__new__(History)
        h._n = self._n
        h._data = dict(self._data)
        return h

    def to_dict(self) -> dict:
        return {f: self[f].copy() for f in self.FIELDS}

    @classmethod
    def from_dict(cls, d) -> History:
        h = cls()
        cols = [np.asarray(d[f], dtype=float) for f in cls.FIELDS]
        n = len(cols[0])
        if any(len(c) != n for c in cols):
            raise ValueError("history columns have different lengths")
        for f, c in zip(cls.FIELDS, cols):
            h._data[f] = np.resize(c, max(256, n))
        h._n = n
        return h


@dataclass(frozen=True)
class TrainResult:
    reason: str
    epochs: int
    steps: int
    seconds: float
    diverged: bool
    message: str = ""
    warnings: tuple = ()


@dataclass(frozen=True)
class TrainingWarning:
    """A run that is not learning: ``code`` ("oscillating" | "no_progress"),
    the epoch it was noticed at and a one-line message with a suggestion."""
    code: str
    epoch: int
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "epoch": int(self.epoch), "message": self.message}

    @classmethod
    def from_dict(cls, d) -> TrainingWarning:
        return cls(str(d["code"]), int(d["epoch"]), str(d["message"])[:300])


def baseline_loss(Y, loss) -> float:
    """The loss of always predicting the mean target (class frequencies for a
    classifier): what a network that learned nothing reaches."""
    Y = np.asarray(Y, dtype=float)
    pred = np.broadcast_to(Y.mean(axis=0), Y.shape)
    with np.errstate(all="ignore"):
        value = float(LOSSES[loss].from_probs(pred, Y))
    return value if math.isfinite(value) else 1.0


def health_check(window, best_before, baseline) -> list[tuple[str, str]]:
    """(code, what) pairs for the last epoch losses ``window`` (oldest first),
    the best loss before them (``inf`` if none) and the trivial ``baseline``:
    "oscillating" — large swings, up and down, with no net progress;
    "no_progress" — all far above the baseline and none better than before.
    Pure Python on a few numbers: cheap enough to run every few epochs."""
    w = [float(v) for v in window]
    if len(w) < 3 or not all(math.isfinite(v) for v in w):
        return []
    base = max(float(baseline), 1e-3)
    d = [b - a for a, b in zip(w, w[1:])]
    motion = sum(abs(x) for x in d)
    alternations = sum(1 for x, y in zip(d, d[1:]) if x * y < 0)
    found = []
    if (motion > SWING_FACTOR * base * len(d) and w[0] - w[-1] < NET_SHARE * motion
            and alternations >= ALTERNATING * (len(d) - 1)):
        found.append(("oscillating", f"the loss jumps up and down between {min(w):.3g} "
                                     f"and {max(w):.3g} over the last {len(w)} epochs "
                                     "without getting lower"))
    low = min(w)
    if not math.isfinite(best_before):
        best_before = w[0]
    if low > STUCK_FACTOR * base and low >= 0.95 * best_before:
        found.append(("no_progress", f"the loss has stayed at {low:.3g} or above for "
                                     f"{len(w)} epochs, more than {STUCK_FACTOR:g}× the "
                                     f"{base:.3g} of predicting the average, and is not "
                                     "improving"))
    return found


def judge_history(losses, baseline, window=WINDOW) -> list[tuple[str, str]]:
    """:func:`health_check` on the end of a whole loss history."""
    h = np.asarray(losses, dtype=float)
    if h.size < window:
        return []
    before = h[:-window]
    before = before[np.isfinite(before)]
    return health_check(h[-window:], float(before.min()) if before.size else math.inf,
                        baseline)


def accuracy(output, Y) -> float:
    """Fraction right: threshold 0.5 for one output, argmax for several."""
    output, Y = np.asarray(output), np.asarray(Y)
    if output.shape[1] == 1:
        return float(np.mean((output[:, 0] >= 0.5) == (Y[:, 0] >= 0.5)))
    return float(np.mean(output.argmax(1) == Y.argmax(1)))


def r2_score(output, Y) -> float:
    """Coefficient of determination 1 − SS_res / SS_tot."""
    output, Y = np.asarray(output, float), np.asarray(Y, float)
    ss_tot = float(np.sum((Y - Y.mean(axis=0)) ** 2))
    ss_res = float(np.sum((Y - output) ** 2))
    return 1.0 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)


class Trainer:
    """Trains ``net`` on (X_train, Y_train), evaluating on (X_test, Y_test).

    ``batch_size`` 0 (or ≥ n) means full batch. Shuffling is seeded. A step
    whose loss or parameters become non-finite is undone — the last finite
    parameters are kept — and training stops with a clear ``divergence``.
    """

    def __init__(self, net: Network, X_train, Y_train, X_test=None, Y_test=None,
                 loss=None, optimizer: Optimizer | str | None = None, lr=0.1,
                 batch_size=0, l1=0.0, l2=0.0, seed=0, task=None):
        self.net = net
        self.X = net.check_X(X_train)
        self.Y = net.check_Y(Y_train, self.X.shape[0])
        if X_test is not None and len(X_test):
            self.X_test = net.check_X(X_test)
            self.Y_test = net.check_Y(Y_test, self.X_test.shape[0])
        else:
            self.X_test = self.Y_test = None
        self.loss = net.check_loss(loss)
        if optimizer is None or isinstance(optimizer, str):
            optimizer = make_optimizer(optimizer or "sgd", lr)
        self.optimizer = optimizer
        self.batch_size = self._check_batch(batch_size)
        self.l1, self.l2 = self._check_reg(l1, "l1"), self._check_reg(l2, "l2")
        if task is None:
            task = "regression" if net.default_loss == "mse" else "classification"
        self.task = task
        self.metric_name = "R²" if task == "regression" else "accuracy"
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.history = History()
        self.epoch = 0
        self.steps = 0
        self.diverged = False
        self.divergence = ""
        self._perm = None
        self._pos = 0
        self._epoch_loss = 0.0
        self._epoch_metric = 0.0
        self._epoch_n = 0
        self._backup = net.theta.copy()
        self._scratch = np.empty_like(net.theta)
        self._ref_loss = None
        # Training labels as accuracy() reads them, for the per-step metric.
        self._labels = (self.Y[:, 0] >= 0.5) if self.Y.shape[1] == 1 \
            else self.Y.argmax(axis=1)
        self.baseline = baseline_loss(self.Y, self.loss)
        self.warnings: list[TrainingWarning] = []
        self._health_from = 0           # history row the health check starts at
        self._best = (0, math.inf)      # (row, best loss in [health_from, row))
        self._good = None               # last good checkpoint (see restore_last_good)

    # -- state -----------------------------------------------------------------
    def state_dict(self) -> dict:
        """Everything beyond the network and optimiser that exact continuation
        needs: shuffling generator, in-epoch position and sums, counters,
        divergence. Arrays are copied; :meth:`load_state_dict` round-trips it.
        Health warnings are not in it: they follow from the history, and
        :meth:`load_state_dict` judges the history again (it also accepts
        "warnings" and "health_from" keys, see :meth:`health_state`)."""
        net = self.net
        return {"rng": copy.deepcopy(self.rng.bit_generator.state),
                "net_rng": copy.deepcopy(net.rrelu_rng_state()),
                "perm": None if self._perm is None else np.array(self._perm, dtype=np.int64),
                "pos": int(self._pos),
                "epoch_loss": float(self._epoch_loss),
                "epoch_metric": float(self._epoch_metric),
                "epoch_n": int(self._epoch_n),
                "ref_loss": None if self._ref_loss is None else float(self._ref_loss),
                "diverged": bool(self.diverged),
                "divergence": self.divergence or "",
                "epoch": int(self.epoch), "steps": int(self.steps)}

    def load_state_dict(self, ts: dict) -> None:
        """Continue exactly from a :meth:`state_dict` (missing keys: defaults)."""
        if ts.get("rng") is not None:
            self.rng.bit_generator.state = copy.deepcopy(ts["rng"])
        if ts.get("net_rng") is not None:
            self.net.set_rrelu_rng_state(ts["net_rng"])
        perm = ts.get("perm")
        self._perm = None if perm is None else np.array(perm, dtype=np.int64)
        self._pos = int(ts.get("pos", 0))
        self._epoch_loss = float(ts.get("epoch_loss", 0.0))
        self._epoch_metric = float(ts.get("epoch_metric", 0.0))
        self._epoch_n = int(ts.get("epoch_n", 0))
        ref = ts.get("ref_loss")
        self._ref_loss = None if ref is None else float(ref)
        self.diverged = bool(ts.get("diverged", False))
        self.divergence = ts.get("divergence") or ""
        if "epoch" in ts:
            self.epoch = int(ts["epoch"])
        if "steps" in ts:
            self.steps = int(ts["steps"])
        self._health_from = min(max(0, int(ts.get("health_from", 0))), len(self.history))
        self._best = (self._health_from, math.inf)
        self._good = None               # taken again at the next step
        if ts.get("warnings") is not None:
            self.warnings = [TrainingWarning.from_dict(w) for w in ts["warnings"]]
        else:                           # an older file: judge the history it has
            self.warnings = []
            self._check_health(force=True)

    def retune(self, optimizer: Optimizer | None = None, batch_size=None, l1=None, l2=None):
        """Change training-only settings, keeping the weights and history.
        A new batch size starts a fresh shuffle; divergence is forgotten."""
        if optimizer is not None:
            self.optimizer = optimizer
        if batch_size is not None:
            self.batch_size = self._check_batch(batch_size)
            self._perm = None
            self._pos = 0
        if l1 is not None:
            self.l1 = self._check_reg(l1, "l1")
        if l2 is not None:
            self.l2 = self._check_reg(l2, "l2")
        self.diverged, self.divergence, self._ref_loss = False, "", None
        self.clear_warnings()

    def health_state(self) -> dict:
        """Warnings (JSON-friendly) and the history row the health check starts
        at, for a session file that wants them exactly."""
        return {"warnings": [w.to_dict() for w in self.warnings],
                "health_from": int(self._health_from)}

    def clear_warnings(self):
        """Forget health warnings; the next check looks at new epochs only."""
        self.warnings = []
        self._health_from = len(self.history)

    # -- last good state ---------------------------------------------------------
    def _save_good(self):
        """Remember the current state as the one to go back to (one copy of the
        parameters and optimiser moments: bounded memory)."""
        self._good = {"theta": self.net.theta.copy(),
                      "optimizer": self.optimizer.state_dict(),
                      "trainer": self.state_dict(),
                      "history": len(self.history)}

    @property
    def last_good_epoch(self):
        """The epoch :meth:`restore_last_good` would go back to, or None."""
        return None if self._good is None else int(self._good["trainer"]["epoch"])

    def restore_last_good(self) -> bool:
        """Go back to the last state saved while training was healthy (before
        a divergence or a health warning): parameters, optimiser moments,
        shuffling, counters and history length. The learning rate and other
        settings stay as they are now, so "lower the learning rate" can call
        this and then retune. False when there is nothing to go back to."""
        g = self._good
        if g is None:
            return False
        self.net.theta[...] = g["theta"]
        lr = self.optimizer.lr
        if g["optimizer"].get("name") == self.optimizer.name:
            hyper = dict(self.optimizer.hyper)
            self.optimizer.load_state_dict(g["optimizer"])
            self.optimizer.hyper, self.optimizer.lr = hyper, lr
        else:
            self.optimizer.reset()
        self.history.truncate(g["history"])
        ts = dict(g["trainer"])
        ts.update(diverged=False, divergence="", ref_loss=None, warnings=[],
                  health_from=len(self.history))
        good = g
        self.load_state_dict(ts)
        self._good = good
        return True

    @staticmethod
    def _check_batch(b):
        try:
            b = int(b)
        except (TypeError, ValueError):
            raise SpecError(f"batch size must be a whole number, got {b!r}") from None
        if b < 0:
            raise SpecError(f"batch size must be 0 (full batch) or positive, got {b}")
        return b

    @staticmethod
    def _check_reg(v, name):
        v = float(v)
        if not np.isfinite(v) or v < 0:
            raise SpecError(f"{name} regularisation rate must be ≥ 0, got {v}")
        return v

    @property
    def n_train(self) -> int:
        return self.X.shape[0]

    @property
    def full_batch(self) -> bool:
        return self.batch_size == 0 or self.batch_size >= self.n_train

    @property
    def batches_per_epoch(self) -> int:
        return 1 if self.full_batch else -(-self.n_train // self.batch_size)

    def metric(self, output, Y) -> float:
        return r2_score(output, Y) if self.task == "regression" else accuracy(output, Y)

    def evaluate(self, X, Y) -> tuple[float, float]:
        """(loss, accuracy or R²) on any data, in inference mode."""
        with np.errstate(all="ignore"):
            out = self.net.forward(X)
            value = self.net.loss(X, Y, self.loss, self.l1, self.l2)
        return value, self.metric(out, Y)

    def next_batch_indices(self):
        """Indices of the batch the next step will use (None = all)."""
        if self.full_batch:
            return None
        if self._perm is None:
            self._perm = self.rng.permutation(self.n_train)
            self._pos = 0
        return self._perm[self._pos:self._pos + self.batch_size]

    def step(self) -> float:
        """One update on one batch. Returns the batch loss (before the update),
        or NaN when the step diverged (parameters then left as they were)."""
        if self.diverged:
            return float("nan")
        with np.errstate(all="ignore"):
            return self._step()

    def _step(self) -> float:
        """:meth:`step` without the errstate guard (callers hold one)."""
        if self._good is None:
            self._save_good()
        idx = self.next_batch_indices()
        X, Y = (self.X, self.Y) if idx is None else (self.X[idx], self.Y[idx])
        net, theta = self.net, self.net.theta
        value, grad = net._loss_grad_flat(X, Y, self.loss, self.l1, self.l2)
        if not (math.isfinite(value) and math.isfinite(grad.sum())):
            return self._diverge(f"the loss became {value:g} at step "
                                 f"{self.steps + 1}")
        if self._ref_loss is None:
            self._ref_loss = max(value, 1.0)
        elif value > BLOWUP * self._ref_loss:
            return self._diverge(f"the loss grew from {self._ref_loss:.4g} "
                                 f"to {value:.4g} by step {self.steps + 1}")
        np.copyto(self._backup, theta)
        self.optimizer.step(theta, grad)
        # One pass finds both NaN (max propagates it; the test then fails)
        # and blow-up.
        if not np.abs(theta, out=self._scratch).max() <= MAX_PARAM:
            theta[...] = self._backup
            return self._diverge("the parameters blew up (beyond "
                                 f"±{MAX_PARAM:g}) at step {self.steps + 1}")
        n = X.shape[0]
        if self.task != "regression":
            self._epoch_metric += self._batch_correct(idx)
        self.steps += 1
        self._epoch_loss += value * n
        self._epoch_n += n
        if idx is None:
            self._end_epoch()
        else:
            self._pos += self.batch_size
            if self._pos >= self.n_train:
                self._perm = None
                self._end_epoch()
        return value

    def _batch_correct(self, idx) -> int:
        """How many samples of the batch just stepped the network classified
        right (the rule of :func:`accuracy`), from its output buffer."""
        out = self.net._last[0].A[-1]       # (outputs, batch), before the update
        labels = self._labels if idx is None else self._labels[idx]
        if out.shape[0] == 1:
            return int(np.count_nonzero((out[0] >= 0.5) == labels))
        return int(np.count_nonzero(out.argmax(axis=0) == labels))

    def _diverge(self, what) -> float:
        self.diverged = True
        self.divergence = (
            f"Training diverged: {what}. The learning rate "
            f"{self.optimizer.lr:g} is probably too large — try "
            f"{self.optimizer.lr / 10:g}. The last finite parameters were kept.")
        return float("nan")

    def _end_epoch(self):
        self.epoch += 1
        train_loss = self._epoch_loss / self._epoch_n
        if self.task == "regression":
            # R² needs all outputs; evaluate once per epoch after the update.
            _, train_metric = self.evaluate(self.X, self.Y)
        else:
            train_metric = self._epoch_metric / self._epoch_n   # counts / samples
        self._epoch_loss = self._epoch_metric = 0.0
        self._epoch_n = 0
        if self.X_test is not None:
            test_loss, test_metric = self.evaluate(self.X_test, self.Y_test)
        else:
            test_loss = test_metric = np.nan
        self.history.append(epoch=self.epoch, step=self.steps,
                            train_loss=train_loss, test_loss=test_loss,
                            train_metric=train_metric, test_metric=test_metric)
        if self.epoch % CHECK_EVERY == 0:
            self._check_health()

    def _check_health(self, force=False):
        """Per CHECK_EVERY epochs (a few operations on WINDOW numbers, plus the
        rows since the last check for the running best): add new warnings,
        drop them once the run recovered, or take a last-good checkpoint."""
        n = len(self.history)
        col = self.history._data["train_loss"]
        start = self._health_from
        if self._best[0] < start or self._best[0] > n:       # restarted or truncated
            self._best = (start, math.inf)
        upto, best = self._best
        cut = max(start, n - WINDOW)
        if cut > upto:                    # rows leaving the window join "before"
            seg = col[upto:cut]
            seg = seg[np.isfinite(seg)]
            if seg.size:
                best = min(best, float(seg.min()))
            self._best = upto, best = cut, best
        if n - start < WINDOW:
            if not force and not self.warnings and n > start:
                self._maybe_save_good(col[start:n])
            return
        window = col[n - WINDOW:n].tolist()
        found = health_check(window, best, self.baseline)
        codes = {c for c, _ in found}
        if self.warnings and not codes and min(window) < self.baseline:
            # Recovered (below the trivial baseline and calm): the warnings
            # describe the run as it is now, not as it once was.
            self.warnings = []
        known = {w.code for w in self.warnings}
        lr = self.optimizer.lr
        for code, what in found:
            if code not in known:
                back = "" if self._good is None else \
                    f", going back to epoch {self._good['trainer']['epoch']}"
                self.warnings.append(TrainingWarning(
                    code, self.epoch, f"Training is going nowhere: {what}. Lower the "
                    f"learning rate by 10× (to {lr / 10:g}){back}."))
        if not found and not self.warnings and not force:
            self._maybe_save_good(window, best)

    def _maybe_save_good(self, recent, best=math.inf):
        # Good: near the best loss so far and not far above the trivial
        # baseline (a run that went wrong from its first epoch keeps the start).
        last = float(recent[-1])
        best = min(best, float(np.min(recent)))
        if (math.isfinite(last) and last <= STUCK_FACTOR * max(self.baseline, 1e-3)
                and last <= 1.1 * best + 0.05 * self.baseline):
            self._save_good()

    def run_epoch(self) -> float:
        """Steps to the end of the current epoch; returns its last batch loss."""
        start = self.epoch
        value = float("nan")
        with np.errstate(all="ignore"):
            while self.epoch == start and not self.diverged:
                value = self._step()
        return value

    def train(self, epochs=100, target_loss=None, on_epoch=None,
              time_budget=None, stop_on_warning=False) -> TrainResult:
        """Train for ``epochs`` more epochs (or until a stop rule fires).

        ``on_epoch(trainer)`` may return False to stop. ``time_budget`` in
        seconds stops early (used by the GUI between frames).
        ``stop_on_warning`` stops when a new health warning appears.
        """
        epochs = int(epochs)
        if epochs < 0:
            raise SpecError(f"epochs must be ≥ 0, got {epochs}")
        t0 = time.perf_counter()
        end = self.epoch + epochs
        reason = STOP_EPOCHS
        steps0 = self.steps
        warned = len(self.warnings)
        while self.epoch < end:
            self.run_epoch()
            if self.diverged:
                reason = STOP_DIVERGED
                break
            if stop_on_warning and len(self.warnings) > warned:
                reason = STOP_UNHEALTHY
                break
            if target_loss is not None and self.history.last("train_loss") <= target_loss:
                reason = STOP_TARGET
                break
            if on_epoch is not None and on_epoch(self) is False:
                reason = STOP_CALLBACK
                break
            if time_budget is not None and time.perf_counter() - t0 >= time_budget:
                reason = STOP_TIME
                break
        return TrainResult(reason, self.epoch, self.steps - steps0,
                           time.perf_counter() - t0, self.diverged,
                           self.divergence, tuple(self.warnings))

    def summary(self) -> dict:
        """Final figures (JSON-friendly) for the CLI and tests."""
        train_loss, train_metric = self.evaluate(self.X, self.Y)
        if self.X_test is not None:
            test_loss, test_metric = self.evaluate(self.X_test, self.Y_test)
        else:
            test_loss = test_metric = None
        key = "r2" if self.task == "regression" else "accuracy"
        return {"train_loss": train_loss, "test_loss": test_loss,
                f"train_{key}": train_metric, f"test_{key}": test_metric,
                "epochs": self.epoch, "steps": self.steps,
                "diverged": self.diverged, "divergence": self.divergence or None,
                "warnings": [w.to_dict() for w in self.warnings]}


def check_shapes(net: Network, X, Y):
    """Raise ShapeError if (X, Y) does not fit ``net``."""
    X = net.check_X(X)
    net.check_Y(Y, X.shape[0])


__all__ = ["History", "TrainResult", "Trainer", "TrainingWarning", "accuracy",
           "baseline_loss", "health_check", "judge_history", "r2_score", "check_shapes",
           "ShapeError"]
