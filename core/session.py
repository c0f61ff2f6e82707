"""The session: everything the app shows, Qt-free and scriptable.

A :class:`Session` owns the data set, the network, the trainer (optimiser and
history), the selection and an undo stack. Views subscribe to its events and
draw what it holds; lessons and tests drive it directly (``session.set(...)``,
``session.step(5)``). Events fire only when something really changed:

=============  ===============================================================
``data``       the data set or its features changed (points, bounds)
``network``    the architecture changed (views rebuild their items)
``params``     parameter values changed (training, an edit, undo)
``training``   history grew, play state changed, or training diverged
``settings``   any setting in :attr:`Session.settings` changed
``selection``  selected neuron/layer/edge or sample changed
``undo``       the undo stack changed (texts, can_undo / can_redo)
``file``       path or dirty flag changed
=============  ===============================================================
"""
from __future__ import annotations

import copy
import time
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace

import numpy as np

from .activations import ACTIVATIONS
from .data import (
    DATASET_NAMES,
    FEATURES,
    REGRESSION,
    Dataset,
    feature_matrix,
    from_points,
    load_csv,
    make_dataset,
)
from .errors import DataError, NNVizError, SpecError
from .network import INIT_NAMES, Network
from .optim import OPTIMIZER_NAMES, check_lr, make_optimizer
from .train import Trainer

HIDDEN_ACTIVATIONS = tuple(a for a, spec in ACTIVATIONS.items()
                           if spec.differentiable and not spec.output_only)
MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 64


@dataclass(frozen=True)
class Event:
    name: str
    info: dict = field(default_factory=dict)


class Events:
    """Minimal publish/subscribe: ``connect(name, fn)``; ``fn(event)``."""

    def __init__(self):
        self._subs = defaultdict(list)
        self.muted = 0
        self.params_version = 0

    def connect(self, name, fn):
        self._subs[name].append(fn)
        return fn

    def disconnect(self, name, fn):
        if fn in self._subs[name]:
            self._subs[name].remove(fn)

    def emit(self, name, **info):
        if name == "params":
            self.params_version += 1     # even when muted: caches must notice
        if self.muted:
            return
        ev = Event(name, info)
        for fn in list(self._subs[name]):
            fn(ev)


@dataclass(frozen=True)
class Settings:
    """Every user choice; an immutable value so undo can keep old ones."""
    dataset: str = "spiral"
    samples: int = 300
    noise: float = 0.1
    test_fraction: float = 0.3
    data_seed: int = 0
    classes: int = 2
    features: tuple = ("x1", "x2")
    hidden: tuple = (8, 8)
    activations: tuple = ("tanh", "tanh")
    init: str = "xavier"
    seed: int = 1
    optimizer: str = "adam"
    lr: float = 0.03
    batch_size: int = 0
    l1: float = 0.0
    l2: float = 0.0
    train_seed: int = 0

    def to_dict(self):
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple)
                         else v) for f in fields(self)}

    @classmethod
    def from_dict(cls, d):
        known = {f.name: f for f in fields(cls)}
        kw = {}
        for k, v in d.items():
            if k in known:
                kw[k] = tuple(v) if isinstance(v, list) else v
        return cls(**kw)


# Settings that only retune training; changing them keeps the weights.
TRAINING_ONLY = {"optimizer", "lr", "batch_size", "l1", "l2"}
DATA_FIELDS = {"dataset", "samples", "noise", "test_fraction", "data_seed", "classes"}


def validate_settings(s: Settings) -> Settings:
    """Raise SpecError/DataError naming the setting; returns normalised copy."""
    if s.dataset not in DATASET_NAMES and s.dataset not in ("custom", "csv"):
        raise DataError(f"unknown data set {s.dataset!r}")
    feats = tuple(s.features)
    bad = [f for f in feats if f not in FEATURES]
    if bad:
        raise DataError(f"unknown input feature(s): {', '.join(bad)}")
    hidden = tuple(int(h) for h in s.hidden)
    if len(hidden) > MAX_HIDDEN_LAYERS:
        raise SpecError(f"at most {MAX_HIDDEN_LAYERS} hidden layers")
    if any(not 1 <= h <= MAX_UNITS for h in hidden):
        raise SpecError(f"each hidden layer needs 1 to {MAX_UNITS} units")
    acts = tuple(s.activations)
    if len(acts) != len(hidden):
        raise SpecError(f"{len(hidden)} hidden layers but {len(acts)} activations")
    bad = [a for a in acts if a not in HIDDEN_ACTIVATIONS]
    if bad:
        raise SpecError(f"activation {bad[0]!r} cannot be used in a hidden layer")
    if s.init not in INIT_NAMES:
        raise SpecError(f"unknown initialiser {s.init!r}")
    if s.optimizer not in OPTIMIZER_NAMES:
        raise SpecError(f"unknown optimizer {s.optimizer!r}")
    check_lr(s.lr)
    if int(s.batch_size) < 0:
        raise SpecError("batch size must be 0 (full batch) or positive")
    for name in ("l1", "l2"):
        v = float(getattr(s, name))
        if not np.isfinite(v) or v < 0:
            raise SpecError(f"{name} regularisation rate must be ≥ 0")
    return replace(s, features=feats, hidden=hidden, activations=acts,
                   lr=float(s.lr), batch_size=int(s.batch_size))


class Session:
    """See the module docstring. ``Session()`` is the embedded default."""

    def __init__(self, settings: Settings | None = None, dataset: Dataset | None = None):
        self.events = Events()
        self.settings = validate_settings(settings or Settings())
        self.dataset: Dataset = dataset or self._make_dataset(self.settings)
        self.net: Network
        self.trainer: Trainer
        self.playing = False
        self.selection: tuple | None = None    # ("neuron", l, j) / ("layer", l) / ("edge", l, i, j)
        self.sample_index = 0                   # training sample driving step-through
        self.path: str | None = None
        self.dirty = False
        self.extra: dict = {}                   # view state saved with the file
        self._undo: list = []
        self._redo: list = []
        self.locked: set = set()                # settings a lesson has locked
        self._rebuild()

    # -- building -----------------------------------------------------------
    @staticmethod
    def _make_dataset(s: Settings) -> Dataset:
        return make_dataset(s.dataset, s.samples, s.noise, s.data_seed,
                            s.test_fraction, s.classes)

    @property
    def task(self) -> str:
        return self.dataset.task

    @property
    def uses_features(self) -> bool:
        """Engineered features apply to 2-D inputs only."""
        return self.dataset.is_2d

    @property
    def input_names(self) -> tuple:
        if self.uses_features:
            return tuple(self.settings.features)
        return tuple(self.dataset.input_names)

    @property
    def input_labels(self) -> tuple:
        if self.uses_features:
            return tuple(FEATURES[f][0] for f in self.settings.features)
        return tuple(self.dataset.input_names)

    def output_layer(self) -> tuple[str, str]:
        """(activation, loss) that fit the task."""
        if self.task == "regression":
            return "identity", "mse"
        if self.dataset.n_classes == 2:
            return "sigmoid", "binary_cross_entropy"
        return "softmax", "cross_entropy"

    def spec(self) -> list[dict]:
        s = self.settings
        sizes = [len(self.input_names)] + list(s.hidden) + [self.dataset.output_dim]
        out_act, _ = self.output_layer()
        acts = list(s.activations) + [out_act]
        return [{"input_dim": sizes[i], "output_dim": sizes[i + 1],
                 "activation": acts[i]} for i in range(len(sizes) - 1)]

    def features(self, X=None) -> np.ndarray:
        X = self.dataset.X if X is None else np.asarray(X, float)
        if self.uses_features:
            return feature_matrix(X, self.settings.features)
        return X

    def _rebuild(self, keep_params=None):
        if self.uses_features and not self.settings.features:
            raise DataError("choose at least one input feature")
        self.net = Network(self.spec(), seed=self.settings.seed, init=self.settings.init)
        if keep_params is not None and keep_params.shape == self.net.theta.shape:
            self.net.theta[...] = keep_params
        self._new_trainer()

    def _new_trainer(self):
        s = self.settings
        F, Y = self.features(), self.dataset.targets()
        ds = self.dataset
        _, loss = self.output_layer()
        self.trainer = Trainer(
            self.net, F[ds.train_idx], Y[ds.train_idx],
            F[ds.test_idx] if len(ds.test_idx) else None,
            Y[ds.test_idx] if len(ds.test_idx) else None,
            loss=loss, optimizer=make_optimizer(s.optimizer, s.lr),
            batch_size=s.batch_size, l1=s.l1, l2=s.l2, seed=s.train_seed,
            task=self.task)
        self.sample_index = min(self.sample_index, max(0, len(ds.train_idx) - 1))

    @property
    def loss_name(self) -> str:
        return self.trainer.loss

    @property
    def history(self):
        return self.trainer.history

    # -- undo ----------------------------------------------------------------
    @staticmethod
    def _copy_trainer(t, history):
        """Deep copy of a trainer that shares its (never mutated) data arrays
        and takes ``history`` as given."""
        memo = {id(t.history): history}
        for a in (t.X, t.Y, t.X_test, t.Y_test):
            if a is not None:
                memo[id(a)] = a
        return copy.deepcopy(t, memo)

    def _snapshot(self):
        # The history is shared, not copied: after 10⁶ epochs each copy would
        # cost ~50 MB, and every edit keeps one for undo.
        t = self.trainer
        return {"settings": self.settings, "dataset": self.dataset,
                "trainer": self._copy_trainer(t, t.history.snapshot()),
                "selection": self.selection, "sample_index": self.sample_index}

    def _restore(self, snap):
        arch_changed = (snap["settings"].hidden != self.settings.hidden
                        or snap["settings"].activations != self.settings.activations
                        or snap["settings"].features != self.settings.features
                        or snap["dataset"] is not self.dataset)
        data_changed = snap["dataset"] is not self.dataset or \
            snap["settings"].features != self.settings.features
        self.settings = snap["settings"]
        self.dataset = snap["dataset"]
        saved = snap["trainer"]
        self.trainer = self._copy_trainer(saved, copy.deepcopy(saved.history))
        self.net = self.trainer.net
        self.selection = snap["selection"]
        self.sample_index = snap["sample_index"]
        self._changed(data=data_changed, network=arch_changed, settings=True)

    def _push(self, text, before):
        self._undo.append((text, before, self._snapshot()))
        del self._undo[:-100]          # bounded memory
        self._redo.clear()
        self._mark_dirty()
        self.events.emit("undo")

    def edit(self, text, fn):
        """Run ``fn()`` as one undoable change named ``text``.

        If ``fn`` raises, nothing changes and the error propagates.
        """
        before = self._snapshot()
        try:
            fn()
        except Exception:
            self._restore_quiet(before)
            raise
        self._push(text, before)

    def _restore_quiet(self, snap):
        self.events.muted += 1
        try:
            self._restore(snap)
        finally:
            self.events.muted -= 1

    @property
    def can_undo(self):
        return bool(self._undo)

    @property
    def can_redo(self):
        return bool(self._redo)

    @property
    def undo_text(self):
        return self._undo[-1][0] if self._undo else ""

    @property
    def redo_text(self):
        return self._redo[-1][0] if self._redo else ""

    def undo(self):
        if not self._undo:
            return False
        self.pause()
        text, before, after = self._undo.pop()
        self._redo.append((text, before, self._snapshot()))
        self._restore(before)
        self._mark_dirty()
        self.events.emit("undo")
        return True

    def redo(self):
        if not self._redo:
            return False
        self.pause()
        text, before, after = self._redo.pop()
        self._undo.append((text, before, after))
        self._restore(after)
        self._mark_dirty()
        self.events.emit("undo")
        return True

    def clear_undo(self):
        self._undo.clear()
        self._redo.clear()
        self.events.emit("undo")

    # -- changing things -----------------------------------------------------
    def _changed(self, data=False, network=False, settings=False, params=True):
        if data:
            self.events.emit("data")
        if network:
            self.events.emit("network")
        if settings:
            self.events.emit("settings")
        if params:
            self.events.emit("params")
        self.events.emit("training")

    def _mark_dirty(self):
        if not self.dirty:
            self.dirty = True
            self.events.emit("file")

    def set(self, **changes):
        """Change settings (undoable). Training-only settings keep the weights
        and history; anything else rebuilds the network and resets training."""
        changes = {k: v for k, v in changes.items()
                   if getattr(self.settings, k) != (tuple(v) if isinstance(v, list) else v)}
        if not changes:
            return False
        locked = set(changes) & self.locked
        if locked:
            raise SpecError(f"this lesson keeps {', '.join(sorted(locked))} fixed")
        new = validate_settings(replace(self.settings, **changes))
        desc = ", ".join(_describe(k, v) for k, v in changes.items())
        self.pause()

        def apply():
            old = self.settings
            self.settings = new
            if set(changes) & DATA_FIELDS:
                self.dataset = self._make_dataset(new)
            if set(changes) <= TRAINING_ONLY:
                t = self.trainer
                if new.optimizer != old.optimizer:
                    t.optimizer = make_optimizer(new.optimizer, new.lr)
                t.optimizer.lr = new.lr
                t.batch_size = new.batch_size
                t._perm = None
                t.l1, t.l2 = new.l1, new.l2
                t.diverged, t.divergence, t._ref_loss = False, "", None
            else:
                self._rebuild()

        self.edit(f"Change {desc}", apply)
        arch = bool(set(changes) - TRAINING_ONLY)
        self._changed(data=bool(set(changes) & (DATA_FIELDS | {"features"})),
                      network=arch, settings=True)
        return True

    def regenerate(self, seed=None):
        """A fresh sample of the same data set (new data seed)."""
        seed = self.settings.data_seed + 1 if seed is None else seed
        return self.set(data_seed=seed)

    def reset(self):
        """New random weights, empty history (undoable)."""
        self.pause()
        self.edit("Reset training", self._rebuild)
        self._changed(network=False)

    def set_param(self, name: str, index: tuple, value: float):
        """Set one parameter entry, e.g. ``("W1", (0, 2), 0.5)`` (undoable)."""
        if name not in self.net.params:
            raise SpecError(f"no parameter {name!r}")
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise SpecError(f"{value!r} is not a number") from None
        if not np.isfinite(value):
            raise SpecError("a weight must be a finite number")
        arr = self.net.params[name]
        index = tuple(int(i) for i in index)
        if len(index) != arr.ndim or any(not 0 <= i < n for i, n in zip(index, arr.shape)):
            raise SpecError(f"{name}{list(index)} is out of range")
        old = float(arr[index])
        if old == value:
            return False
        self.pause()
        label = f"{name}[{','.join(map(str, index))}]"
        self.edit(f"Set {label} to {value:.4g}",
                  lambda: arr.__setitem__(index, value))
        self.events.emit("params")
        return True

    # -- points --------------------------------------------------------------
    def _set_points(self, text, X, y, is_test=None):
        """Replace the points (undoable); ``is_test`` keeps each point's side of
        the train/test split (new points train)."""
        ds = self.dataset
        new = from_points(X, y, ds.task, ds.n_classes or None, name="custom")
        if is_test is not None and is_test.any() and not is_test.all():
            new = replace(new, train_idx=np.flatnonzero(~is_test),
                          test_idx=np.flatnonzero(is_test))
        new = replace(new, input_names=ds.input_names, class_names=ds.class_names,
                      n_classes=ds.n_classes)

        def apply():
            self.dataset = new
            self.settings = replace(self.settings, dataset="custom")
            self._rebuild(keep_params=self.net.theta.copy())

        self.pause()
        self.edit(text, apply)
        self._changed(data=True, network=False, settings=True)

    def _test_mask(self):
        mask = np.zeros(self.dataset.n_samples, bool)
        mask[self.dataset.test_idx] = True
        return mask

    def add_point(self, x, y, label):
        """Add a training point (a class label, or a target for regression).
        With more than two inputs the others are held at their training mean."""
        ds = self.dataset
        if ds.n_inputs > 2:
            point = ds.X[ds.train_idx].mean(axis=0)
            point[:2] = (x, y)
        else:
            point = np.atleast_1d(np.asarray([x, y] if ds.is_2d else [x], float))
        if ds.task == "classification":
            label = int(label)
            if not 0 <= label < ds.n_classes:
                raise DataError(f"class must be 0 to {ds.n_classes - 1}")
        X = np.vstack([ds.X, point[None, :]])
        yy = np.concatenate([ds.y, [label]])
        self._set_points("Add point", X, yy, np.append(self._test_mask(), False))

    def remove_points_near(self, x, y, radius):
        """Remove points within ``radius`` of (x, y); for 1-D data y is the
        target, so the eraser is a disc in the (input, target) plane."""
        ds = self.dataset
        if not ds.is_2d and ds.n_inputs == 1 and ds.task == "regression":
            d = np.hypot(ds.X[:, 0] - x, np.asarray(ds.y, float).reshape(-1) - y)
        elif ds.n_inputs == 1:
            d = np.abs(ds.X[:, 0] - x)
        else:
            d = np.hypot(ds.X[:, 0] - x, ds.X[:, 1] - y)
        keep = d > radius
        if keep.all():
            return False
        if not keep.any():
            raise DataError("at least one point must remain")
        self._set_points(f"Remove {int((~keep).sum())} point(s)", ds.X[keep], ds.y[keep],
                         self._test_mask()[keep])
        return True

    def clear_points(self, keep=2):
        """Remove all points but ``keep`` per class (a network needs data)."""
        ds = self.dataset
        if ds.task == "classification":
            idx = np.concatenate([np.flatnonzero(ds.y == c)[:keep] for c in range(ds.n_classes)])
        else:
            idx = np.arange(min(keep, ds.n_samples))
        self._set_points("Clear points", ds.X[idx], ds.y[idx])

    def import_csv(self, path):
        new = load_csv(path, test_fraction=self.settings.test_fraction,
                       seed=self.settings.data_seed)
        if new.task == "classification" and new.n_classes > 10:
            raise DataError("at most 10 classes")

        def apply():
            self.dataset = new
            self.settings = replace(self.settings, dataset="csv")
            if not new.is_2d:
                self.settings = replace(self.settings, features=("x1", "x2"))
            self._rebuild()

        self.pause()
        self.edit(f"Import {getattr(path, 'name', str(path))}", apply)
        self._changed(data=True, network=True, settings=True)

    # -- training ------------------------------------------------------------
    def play(self):
        if self.trainer.diverged:
            return False
        if not self.playing:
            self.playing = True
            self.events.emit("training", playing=True)
        return True

    def pause(self):
        if self.playing:
            self.playing = False
            self.events.emit("training", playing=False)

    def toggle_play(self):
        return self.pause() if self.playing else self.play()

    def _after_training(self, steps):
        if steps or self.trainer.diverged:
            self._mark_dirty()
            if self.trainer.diverged:
                self.playing = False
            self.events.emit("params")
            self.events.emit("training", diverged=self.trainer.diverged)

    def step(self, n=1) -> int:
        """Train ``n`` batches. Returns how many were done (fewer on divergence)."""
        n = int(n)
        return self.train_for(float("inf"), max_steps=n) if n > 0 else 0

    def step_epoch(self) -> int:
        steps0 = self.trainer.steps
        self.trainer.run_epoch()
        done = self.trainer.steps - steps0
        self._after_training(done)
        return done

    def train_for(self, seconds: float, max_steps=None) -> int:
        """Train until ``seconds`` have passed (the GUI's per-frame budget)."""
        t = self.trainer
        deadline = time.perf_counter() + seconds
        done = 0
        # The clock is read every step: it costs ~0.1 µs, a step tens of µs.
        while not t.diverged and time.perf_counter() < deadline:
            t.step()
            done += not t.diverged
            if max_steps is not None and done >= max_steps:
                break
        self._after_training(done)
        return done

    @property
    def diverged(self) -> bool:
        return self.trainer.diverged

    @property
    def divergence_message(self) -> str:
        return self.trainer.divergence

    # -- selection -----------------------------------------------------------
    def select(self, what):
        if what != self.selection:
            self.selection = what
            self.events.emit("selection", what=what)

    def select_sample(self, index):
        index = int(np.clip(index, 0, len(self.dataset.train_idx) - 1))
        if index != self.sample_index:
            self.sample_index = index
            self.events.emit("selection", sample=index)

    def sample(self):
        """(features x (n_in,), target y (n_out,)) of the selected training sample."""
        i = self.dataset.train_idx[self.sample_index]
        return self.features()[i], self.dataset.targets()[i]

    # -- what views draw -----------------------------------------------------
    def plane_bounds(self):
        """A fixed square-ish box around the raw 2-D (or 1-D) inputs."""
        X = self.dataset.X
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * np.maximum(hi - lo, 1e-9) + 0.05
        lo, hi = lo - pad, hi + pad
        return tuple(float(v) for v in lo[:2]), tuple(float(v) for v in hi[:2])

    def grid(self, resolution=100):
        """Raw 2-D grid points (res², 2) over the plane, row-major in y then x;
        for >2 inputs the other inputs are held at their training mean."""
        (x0, y0), (x1, y1) = self.plane_bounds()
        xs = np.linspace(x0, x1, resolution)
        ys = np.linspace(y0, y1, resolution)
        gx, gy = np.meshgrid(xs, ys)
        P = np.empty((resolution * resolution, max(2, self.dataset.n_inputs)))
        if self.dataset.n_inputs > 2:
            P[:] = self.dataset.X[self.dataset.train_idx].mean(axis=0)
        P[:, 0] = gx.ravel()
        P[:, 1] = gy.ravel()
        return xs, ys, P

    def grid_outputs(self, resolution=100):
        """Forward pass over the plane: (xs, ys, [A_1 … A_L]) where each A_l is
        (res, res, units) — the output of every neuron, for the heat map and
        the per-neuron thumbnails. Never contains NaN (non-finite → 0.5)."""
        if self.dataset.n_inputs < 2:
            raise DataError("the plane view needs 2-D inputs")
        xs, ys, P = self.grid(resolution)
        with np.errstate(all="ignore"):
            self.net.forward(self.features(P))
        outs = []
        for A in self.net.cache.A[1:]:
            a = np.nan_to_num(np.asarray(A, dtype=np.float32), nan=0.5,
                              posinf=1e6, neginf=-1e6)
            outs.append(a.reshape(resolution, resolution, -1))
        return xs, ys, outs

    def grid_output(self, resolution=100):
        """Only the network's output over the plane, (xs, ys, (res, res, k)):
        the float32 inference pass, about twice as fast as :meth:`grid_outputs`."""
        if self.dataset.n_inputs < 2:
            raise DataError("the plane view needs 2-D inputs")
        xs, ys, P = self.grid(resolution)
        with np.errstate(all="ignore"):
            out = self.net.forward_inference(self.features(P))
        out = np.nan_to_num(out, nan=0.5, posinf=1e6, neginf=-1e6)
        return xs, ys, out.reshape(resolution, resolution, -1)

    def curve(self, resolution=200):
        """1-D regression: (xs, ŷ) across the input range."""
        (x0,), (x1,) = [(b[0],) for b in self.plane_bounds()]
        xs = np.linspace(x0, x1, resolution)
        with np.errstate(all="ignore"):
            y = self.net.forward(self.features(xs[:, None]))[:, 0]
        return xs, np.nan_to_num(y, nan=0.0, posinf=1e6, neginf=-1e6)

    def forward_sample(self):
        """Run the selected sample forward: fills ``net.cache`` for views."""
        x, _ = self.sample()
        self.net.forward(x[None, :])
        return self.net.cache

    def gradients(self):
        """∂L/∂θ over the training set at the current parameters (keyed like
        params). Cached until the parameters change: several views ask."""
        key = (self.events.params_version, id(self.net))
        cached = getattr(self, "_grad_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        t = self.trainer
        with np.errstate(all="ignore"):
            _, g = self.net.loss_and_gradients(t.X, t.Y, t.loss, t.l1, t.l2, train=False)
        grads = {k: np.nan_to_num(v) for k, v in g.items()}
        for v in grads.values():
            v.flags.writeable = False
        self._grad_cache = (key, grads)
        return grads

    # -- models the session owns (created on first use) -----------------------
    def _model(self, attr, make):
        m = self.__dict__.get(attr)
        if m is None:
            m = make()
            self.__dict__[attr] = m
        return m

    @property
    def stepthrough(self):
        """The step-through controller (:class:`core.stepthrough.StepThrough`)."""
        from .stepthrough import StepThrough
        return self._model("_stepthrough", lambda: StepThrough(self))

    @property
    def trajectory(self):
        """The recorded parameter path (:class:`core.trajectory.Trajectory`)."""
        from .trajectory import Trajectory
        return self._model("_trajectory", lambda: Trajectory(self))

    @property
    def surface(self):
        """The loss-surface model (:class:`core.surface.SurfaceModel`)."""
        from .surface import SurfaceModel
        return self._model("_surface", lambda: SurfaceModel(self))

    @property
    def lr_lab(self):
        """The learning-rate lab model (:class:`core.lr_lab.LabModel`)."""
        from .lr_lab import LabModel
        return self._model("_lr_lab", lambda: LabModel(self))

    def set_locked(self, names):
        """Lock settings (a lesson keeps them fixed); views grey them out."""
        names = set(names)
        unknown = names - {f.name for f in fields(Settings)}
        if unknown:
            raise SpecError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        if names != self.locked:
            self.locked = names
            self.events.emit("settings", locked=tuple(sorted(names)))

    # -- files ---------------------------------------------------------------
    def to_state(self):
        from .files import state_from_trainer
        feats = self.settings.features if self.uses_features else None
        return state_from_trainer(self.trainer, self.dataset, feats,
                                  extra={**self.extra, "settings": self.settings.to_dict()})

    def save(self, path=None):
        from .files import save_session
        path = path or self.path
        if not path:
            raise NNVizError("no file name given")
        save_session(path, self.to_state())
        self.path = str(path)
        self.dirty = False
        self.events.emit("file")

    @classmethod
    def from_state(cls, state) -> Session:
        from .files import trainer_from_state
        extra = dict(state.extra or {})
        settings = Settings.from_dict(extra.pop("settings", {}))
        trainer = trainer_from_state(state)
        net = trainer.net
        opt = trainer.optimizer
        settings = replace(
            settings, hidden=tuple(ls.output_dim for ls in net.layers[:-1]),
            activations=tuple(ls.activation for ls in net.layers[:-1]),
            features=tuple(state.features or settings.features),
            batch_size=trainer.batch_size, l1=trainer.l1, l2=trainer.l2,
            train_seed=trainer.seed if trainer.seed is not None else 0,
            init=net.init, seed=net.seed if net.seed is not None else settings.seed,
            optimizer=opt.name, lr=opt.lr)
        if state.dataset.source.get("kind") == "generator":
            src = state.dataset.source
            settings = replace(settings, dataset=src["name"], samples=src["n_samples"],
                               noise=src["noise"], data_seed=src["seed"],
                               test_fraction=src["test_fraction"],
                               classes=src.get("classes", settings.classes))
        elif settings.dataset in DATASET_NAMES:
            settings = replace(settings, dataset="custom")
        s = cls.__new__(cls)
        s.events = Events()
        s.settings = settings
        s.dataset = state.dataset
        s.playing = False
        s.selection = None
        s.sample_index = 0
        s.path = None
        s.dirty = False
        s.extra = extra
        s._undo, s._redo = [], []
        s.locked = set()
        try:
            validate_settings(settings)
        except NNVizError as e:
            raise SpecError(f"the session's settings do not fit this nnviz: {e}") from None
        if s.spec() != net.spec():
            raise SpecError("the network in the file does not fit its data set "
                            "(input or output size, or output activation, differs)")
        s.net = net
        s.trainer = trainer
        return s

    @classmethod
    def open(cls, path) -> Session:
        from .files import load_session
        s = cls.from_state(load_session(path))
        s.path = str(path)
        return s

    def replace_with(self, other: Session):
        """Take over another session's content (after File ▸ Open), keeping
        this object and its subscribers. Undo history is cleared."""
        self.pause()
        for name in ("settings", "dataset", "net", "trainer", "selection",
                     "sample_index", "path", "dirty", "extra"):
            setattr(self, name, getattr(other, name))
        self._undo.clear()
        self._redo.clear()
        self.locked = set()
        self._changed(data=True, network=True, settings=True)
        self.events.emit("undo")
        self.events.emit("file")
        self.events.emit("selection", what=None)


def _describe(key, value):
    if isinstance(value, (tuple, list)):
        value = "-".join(map(str, value))
    return f"{key.replace('_', ' ')} to {value}"


__all__ = ["Event", "Events", "HIDDEN_ACTIVATIONS", "REGRESSION", "Session", "Settings",
           "validate_settings"]
