"""The session: everything the app shows, Qt-free and scriptable.

A :class:`Session` owns the data set, the network, the trainer (optimiser and
history), the selection, the training speed, an undo stack and — created on
first use — the models behind the other views: the step-through controller,
the trajectory, the loss surface and the learning-rate lab. Views subscribe to
its events and draw what it holds; lessons, the CLI and tests drive it
directly (``session.set(...)``, ``session.step(5)``).

Every change goes through one edit path (:meth:`Session._apply`): look at what
views can see, apply, look again, and emit **once per group that really
changed**, naming what changed in ``event.changed``:

=============  ===============================================================
``data``       the data set or its features changed (points, bounds)
``network``    the architecture changed (views rebuild their items)
``params``     parameter values changed (training, an edit, undo)
``training``   history grew or shrank, play state, speed, or divergence
``settings``   settings in :attr:`Session.settings` changed (``changed``
               names them, e.g. ``{"lr"}``), or the lesson locks
``selection``  selected neuron/layer/edge or sample changed
``undo``       the undo stack changed (texts, can_undo / can_redo)
``file``       path or dirty flag changed
=============  ===============================================================

Setting a value to what it already is emits nothing; a learning-rate change
emits ``settings`` and no ``params``.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np

from .data import FEATURES, REGRESSION, Dataset, feature_matrix, make_dataset
from .decision_map import DecisionMapMixin
from .errors import DataError, SpecError
from .events import Event, Events
from .limits import LIMITS
from .names import param_label
from .network import Network
from .optim import make_optimizer
from .points import PointsMixin
from .session_files import SessionFilesMixin
from .session_timeline import TimelineMixin
from .session_training import DEFAULT_SPEED, FULL_SPEED, MIN_SPEED, TrainingMixin
from .settings import (
    DATA_FIELDS,
    HIDDEN_ACTIVATIONS,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    SETTING_NAMES,
    TRAINING_ONLY,
    Settings,
    describe,
    validate_settings,
)
from .timeline import Timeline
from .train import Trainer


@dataclass(frozen=True)
class _Look:
    """What views can see, taken before and after an edit to diff."""
    settings: Settings
    dataset: Dataset
    spec: tuple
    theta: np.ndarray
    net: object
    trainer: object
    history: tuple
    diverged: bool
    selection: object
    sample_index: int
    locked: frozenset
    warnings: tuple = ()


def _spec_key(spec) -> tuple:
    return tuple(tuple(sorted(d.items())) for d in spec)


class Session(DecisionMapMixin, PointsMixin, SessionFilesMixin, TimelineMixin,
              TrainingMixin):
    """See the module docstring. ``Session()`` is the embedded default."""

    def __init__(self, settings: Settings | None = None, dataset: Dataset | None = None):
        self.events = Events()
        self.settings = validate_settings(settings or Settings())
        self.dataset: Dataset = dataset or self._make_dataset(self.settings)
        self._init_state()
        self._rebuild()

    def _init_state(self):
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
        self.speed = DEFAULT_SPEED              # epochs (or batches) per second
        self.step_unit = "epoch"                # what slow speeds advance by
        self._credit = 0.0                      # fraction of a unit owed at slow speed
        self.map_computations = 0               # decision/neuron maps computed (tests)
        self.viewing = None                     # epoch looked back at, None: the present
        self.replaying = False                  # playing the recorded run back
        self._present_theta = None

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
        spec = [{"input_dim": sizes[i], "output_dim": sizes[i + 1],
                 "activation": acts[i]} for i in range(len(sizes) - 1)]
        for i, slope in enumerate(s.slopes):
            if slope is not None:
                spec[i]["slope"] = slope
        return spec

    def features(self, X=None) -> np.ndarray:
        X = self.dataset.X if X is None else np.asarray(X, float)
        if self.uses_features:
            return feature_matrix(X, self.settings.features)
        return X

    def _rebuild(self, keep_params=None):
        if self.uses_features and not self.settings.features:
            raise DataError("choose at least one input feature")
        self.net = Network(self.spec(), seed=self.settings.seed, init=self.settings.init)
        if self.net.theta.size > LIMITS["parameters"].hi:
            raise SpecError(f"the network would have {self.net.theta.size:,} parameters; "
                            f"at most {LIMITS['parameters'].hi:,.0f}")
        if keep_params is not None and keep_params.shape == self.net.theta.shape:
            self.net.theta[...] = keep_params
        self._new_trainer()

    def _new_trainer(self, keep_training=False):
        """A trainer on the current data. ``keep_training`` carries over the
        optimiser state, history and counters (the points changed, not the run)."""
        s = self.settings
        F, Y = self.features(), self.dataset.targets()
        ds = self.dataset
        _, loss = self.output_layer()
        old = getattr(self, "trainer", None)
        keep = keep_training and old is not None and old.net is self.net
        self.trainer = Trainer(
            self.net, F[ds.train_idx], Y[ds.train_idx],
            F[ds.test_idx] if len(ds.test_idx) else None,
            Y[ds.test_idx] if len(ds.test_idx) else None,
            loss=loss,
            optimizer=old.optimizer if keep else make_optimizer(s.optimizer, s.lr),
            batch_size=s.batch_size, l1=s.l1, l2=s.l2, seed=s.train_seed,
            task=self.task)
        if keep:
            self.trainer.history = old.history
            self.trainer.epoch, self.trainer.steps = old.epoch, old.steps
        self.sample_index = min(self.sample_index, max(0, len(ds.train_idx) - 1))
        # a new run (or new data under the same run) starts a new timeline:
        # epochs before it would need the old data to recompute
        self.timeline = Timeline(self.trainer)

    @property
    def loss_name(self) -> str:
        return self.trainer.loss

    @property
    def history(self):
        return self.trainer.history

    # -- the one edit path ---------------------------------------------------
    def _look(self) -> _Look:
        t = self.trainer
        return _Look(self.settings, self.dataset, _spec_key(self.net.spec()),
                     self.net.theta.copy(), self.net, t,
                     (len(t.history), t.steps, t.epoch), t.diverged,
                     self.selection, self.sample_index, frozenset(self.locked),
                     tuple(w.code for w in getattr(t, "warnings", ())))

    def _emit_diff(self, b: _Look, a: _Look):
        """Emit once per group that changed between two looks."""
        ev = self.events
        changed = {f for f in SETTING_NAMES
                   if getattr(b.settings, f) != getattr(a.settings, f)}
        if b.dataset is not a.dataset or "features" in changed:
            names = changed & (DATA_FIELDS | {"features"}) or {"points"}
            ev.emit("data", changed=frozenset(names))
        if b.spec != a.spec:
            ev.emit("network", changed=frozenset({"architecture"}))
        if changed or b.locked != a.locked:
            names = changed | ({"locked"} if b.locked != a.locked else set())
            info = {"locked": tuple(sorted(a.locked))} if b.locked != a.locked else {}
            ev.emit("settings", changed=frozenset(names), **info)
        if b.theta.shape != a.theta.shape or not np.array_equal(b.theta, a.theta):
            ev.emit("params", changed=frozenset({"theta"}))
        tr = set()
        if b.warnings != a.warnings:
            tr.add("warnings")
        if b.history != a.history or b.trainer is not a.trainer:
            tr.add("history")
        if b.diverged != a.diverged:
            tr.add("diverged")
        if tr:
            ev.emit("training", changed=frozenset(tr), diverged=a.diverged)
        if b.selection != a.selection or b.sample_index != a.sample_index:
            info = {}
            if b.selection != a.selection:
                info["what"] = a.selection
            if b.sample_index != a.sample_index:
                info["sample"] = a.sample_index
            ev.emit("selection", changed=frozenset(info), **info)

    def _apply(self, text, fn, undoable=True):
        """Run ``fn()`` as one change named ``text``: snapshot, apply, diff,
        emit once per changed group, and push one undo entry if anything
        changed. If ``fn`` raises, nothing changes and the error propagates."""
        self.back_to_present()
        self.pause()
        look = self._look()
        before = self._snapshot()
        try:
            fn()
        except Exception:
            self._restore(before)
            raise
        after = self._look()
        if _same_look(look, after):
            return False
        if undoable:
            self._undo.append((text, before, self._snapshot()))
            del self._undo[:-100]          # bounded memory
            self._redo.clear()
        self._emit_diff(look, after)
        self._mark_dirty()
        if undoable:
            self.events.emit("undo")
        return True

    def edit(self, text, fn):
        """Run ``fn()`` as one undoable change named ``text`` (public form of
        the edit path, for controllers the session owns)."""
        return self._apply(text, fn)

    # -- undo ----------------------------------------------------------------
    @staticmethod
    def _copy_trainer(t, history, net=None):
        """Deep copy of a trainer that shares its (never mutated) data arrays
        and takes ``history`` as given (and ``net``, if given, as its net)."""
        memo = {id(t.history): history}
        for a in (t.X, t.Y, t.X_test, t.Y_test):
            if a is not None:
                memo[id(a)] = a
        if net is not None:
            memo[id(t.net)] = net
        return copy.deepcopy(t, memo)

    def _snapshot(self):
        # The history is shared, not copied: after 10⁶ epochs each copy would
        # cost ~50 MB, and every edit keeps one for undo.
        t = self.trainer
        return {"settings": self.settings, "dataset": self.dataset,
                "trainer": self._copy_trainer(t, t.history.snapshot()),
                "selection": self.selection, "sample_index": self.sample_index,
                "timeline": self.timeline.copy()}

    def _restore(self, snap):
        """Put a snapshot back, silently (callers diff and emit). The network
        object is kept when the architecture is the same, so views and caches
        holding it stay valid."""
        self.settings = snap["settings"]
        self.dataset = snap["dataset"]
        saved = snap["trainer"]
        history = copy.deepcopy(saved.history)
        if _spec_key(saved.net.spec()) == _spec_key(self.net.spec()):
            net = self.net
            self.trainer = self._copy_trainer(saved, history, net=net)
            net.theta[...] = saved.net.theta
            net.init, net.seed = saved.net.init, saved.net.seed
            net.set_rrelu_rng_state(saved.net.rrelu_rng_state())
        else:
            self.trainer = self._copy_trainer(saved, history)
            self.net = self.trainer.net
        self.selection = snap["selection"]
        self.sample_index = snap["sample_index"]
        self.timeline = snap["timeline"].copy()

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

    def _undo_redo(self, source, target, which):
        if not source:
            return False
        self.back_to_present()
        self.pause()
        text, before, after = source.pop()
        look = self._look()
        if which == "undo":
            target.append((text, before, self._snapshot()))
            self._restore(before)
        else:
            target.append((text, before, after))
            self._restore(after)
        self._emit_diff(look, self._look())
        self._mark_dirty()
        self.events.emit("undo")
        return True

    def undo(self):
        return self._undo_redo(self._undo, self._redo, "undo")

    def redo(self):
        return self._undo_redo(self._redo, self._undo, "redo")

    def clear_undo(self):
        if self._undo or self._redo:
            self._undo.clear()
            self._redo.clear()
            self.events.emit("undo")

    def _mark_dirty(self):
        if not self.dirty:
            self.dirty = True
            self.events.emit("file", changed=frozenset({"dirty"}))

    # -- changing things -----------------------------------------------------
    def set(self, **changes):
        """Change settings (undoable). Training-only settings keep the weights
        and history; anything else rebuilds the network and resets training.
        Returns False when nothing changed."""
        unknown = set(changes) - SETTING_NAMES
        if unknown:
            raise SpecError(f"unknown setting(s): {', '.join(sorted(unknown))[:80]}")
        changes = {k: v for k, v in changes.items()
                   if getattr(self.settings, k) != (tuple(v) if isinstance(v, list) else v)}
        if not changes:
            return False
        locked = set(changes) & set(self.locked)
        if locked:
            raise SpecError(f"this lesson keeps {', '.join(sorted(locked))} fixed")
        new = validate_settings(replace(self.settings, **changes))
        desc = ", ".join(describe(k, v) for k, v in changes.items())

        def apply():
            self.settings = new
            if set(changes) & DATA_FIELDS:
                self.dataset = self._make_dataset(new)
            if set(changes) <= TRAINING_ONLY:
                # through the timeline, so looking back replays it at this step
                payload = {k: getattr(new, k) for k in changes}
                if "optimizer" in payload:
                    payload["lr"] = new.lr
                self.timeline.edit(self.trainer, "settings", payload, desc)
            else:
                self._rebuild()

        return self._apply(f"Change {desc}", apply)

    def regenerate(self, seed=None):
        """A fresh sample of the same data set (new data seed)."""
        seed = self.settings.data_seed + 1 if seed is None else seed
        return self.set(data_seed=seed)

    def reset(self):
        """New random weights, empty history (undoable)."""
        return self._apply("Reset training", self._rebuild)

    def _check_entry(self, name, index, value):
        if name not in self.net.params:
            raise SpecError(f"no parameter {str(name)[:40]!r}")
        value = LIMITS["abs_value"].check(value, "weight")
        arr = self.net.params[name]
        try:
            index = tuple(int(i) for i in (index if hasattr(index, "__len__") else (index,)))
        except (TypeError, ValueError):
            raise SpecError(f"{name}: the index must be whole numbers") from None
        if len(index) != arr.ndim or any(not 0 <= i < n for i, n in zip(index, arr.shape)):
            raise SpecError(f"{name}{list(index)} is out of range")
        return arr, index, float(value)

    def set_param(self, name: str, index: tuple, value: float):
        """Set one parameter entry, e.g. ``("W1", (0, 2), 0.5)`` (undoable)."""
        arr, index, value = self._check_entry(name, index, value)
        if float(arr[index]) == value:
            return False
        label = f"Set {param_label(name, index)} to {value:.4g}"
        return self._apply(label, lambda: self.timeline.edit(
            self.trainer, "param", (name, index, value), label))

    def set_params(self, entries, text="Set parameters"):
        """Set several entries ``[(name, index, value), …]`` as one undoable edit."""
        checked = [(n, *self._check_entry(n, i, v)) for n, i, v in entries]

        def apply():
            for name, _arr, index, value in checked:
                self.timeline.edit(self.trainer, "param", (name, index, value), text)

        return self._apply(text, apply)

    def set_theta(self, theta, text="Move the network"):
        """Put every parameter at once (a point picked on the loss surface),
        as one undoable edit the timeline replays."""
        theta = np.asarray(theta, dtype=float)
        if theta.shape != self.net.theta.shape:
            raise SpecError(f"expected {self.net.theta.size} parameters, got {theta.size}")
        if not np.all(np.isfinite(theta)) or np.abs(theta).max(initial=0) > 1e6:
            raise SpecError("parameters must be finite numbers within ±1e6")
        return self._apply(text, lambda: self.timeline.edit(
            self.trainer, "vector", tuple(float(v) for v in theta), text))

    # -- selection -----------------------------------------------------------
    def select(self, what):
        if what != self.selection:
            self.selection = what
            self.events.emit("selection", changed=frozenset({"what"}), what=what)

    def select_sample(self, index):
        index = int(np.clip(index, 0, len(self.dataset.train_idx) - 1))
        if index != self.sample_index:
            self.sample_index = index
            self.events.emit("selection", changed=frozenset({"sample"}), sample=index)

    def sample(self):
        """(features x (n_in,), target y (n_out,)) of the selected training sample."""
        i = self.dataset.train_idx[self.sample_index]
        return self.features()[i], self.dataset.targets()[i]

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
    def runs(self):
        """Pinned runs to compare against (:class:`core.runs.Runs`)."""
        from .runs import Runs
        return self._model("_runs", lambda: Runs(self))

    @property
    def lr_lab(self):
        """The learning-rate lab model (:class:`core.lr_lab.LabModel`)."""
        from .lr_lab import LabModel
        return self._model("_lr_lab", lambda: LabModel(self))

    _health = None          # created on first use; from then on every epoch end records

    @property
    def health(self):
        """Training health (:class:`core.health.Health`): dead and saturated
        units, per-layer gradient norms by epoch, learning-rate trouble and
        overfitting."""
        from .health import Health
        return self._model("_health", lambda: Health(self))

    def set_locked(self, names):
        """Lock settings (a lesson keeps them fixed); views grey them out."""
        names = set(names)
        unknown = names - SETTING_NAMES
        if unknown:
            raise SpecError(f"unknown setting(s): {', '.join(sorted(unknown))[:80]}")
        if names != set(self.locked):
            self.locked = names
            self.events.emit("settings", changed=frozenset({"locked"}),
                             locked=tuple(sorted(names)))

    _CONTENT = ("settings", "dataset", "net", "trainer", "selection", "sample_index", "path",
                "dirty", "extra", "timeline")

    def detach(self) -> Session:
        """A session holding this one's content *and* undo history, to put
        back later with ``replace_with(…, keep_undo=True)`` (a lesson keeps
        the user's session aside this way; nothing is copied)."""
        self.back_to_present()
        other = Session.__new__(Session)
        other.events = Events()
        other._init_state()
        for name in self._CONTENT:
            setattr(other, name, getattr(self, name))
        other._undo, other._redo = list(self._undo), list(self._redo)
        other.locked = set(self.locked)
        return other

    def replace_with(self, other: Session, keep_undo=False):
        """Take over another session's content (after File ▸ Open), keeping
        this object and its subscribers. Undo history is cleared, or taken
        from ``other`` with ``keep_undo`` (see :meth:`detach`)."""
        self.back_to_present()
        self.replay(False)
        self.pause()
        look = self._look()
        for name in self._CONTENT:
            setattr(self, name, getattr(other, name))
        self._undo[:] = other._undo if keep_undo else []
        self._redo[:] = other._redo if keep_undo else []
        self.locked = set()
        ev = self.events
        after = self._look()
        ev.emit("data", changed=frozenset({"points"}))
        ev.emit("network", changed=frozenset({"architecture"}))
        ev.emit("settings", changed=frozenset(SETTING_NAMES | {"locked"}),
                locked=())
        ev.emit("params", changed=frozenset({"theta"}))
        ev.emit("training", changed=frozenset({"history", "diverged"}),
                diverged=self.trainer.diverged)
        if look.selection != after.selection or look.sample_index != after.sample_index:
            ev.emit("selection", changed=frozenset({"what", "sample"}),
                    what=self.selection, sample=self.sample_index)
        ev.emit("undo")
        ev.emit("file", changed=frozenset({"path", "dirty"}))


def _same_look(a: _Look, b: _Look) -> bool:
    return (a.settings == b.settings and a.dataset is b.dataset and a.spec == b.spec
            and a.theta.shape == b.theta.shape and np.array_equal(a.theta, b.theta)
            and a.trainer is b.trainer and a.history == b.history
            and a.diverged == b.diverged and a.selection == b.selection
            and a.sample_index == b.sample_index and a.locked == b.locked
            and a.warnings == b.warnings)


__all__ = ["DEFAULT_SPEED", "Event", "Events", "FULL_SPEED", "HIDDEN_ACTIVATIONS",
           "MAX_HIDDEN_LAYERS", "MAX_UNITS", "MIN_SPEED", "REGRESSION", "Session",
           "Settings", "TRAINING_ONLY", "validate_settings"]
