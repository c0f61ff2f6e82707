"""Pinned runs: keep a finished run to compare the next one against it.

A learner pins the current run (:meth:`Runs.pin`), changes a setting —
activation, initialisation, loss, optimiser, learning rate, batch size, data
noise — and trains again from the same seeds (Reset). The curves overlay the
pinned runs (:meth:`Runs.overlay`) and the decision boundaries show side by
side at the same epoch (:meth:`Runs.decision_map`).

A :class:`PinnedRun` keeps its settings, its spec, its history (the six
columns of :class:`core.train.History`) and its parameters over time:

* while the app runs, a copy of the run's :class:`core.timeline.Timeline`
  (cheap: keyframes are shared and immutable), so θ at any epoch is exact
  (``Timeline.state_at(k)`` recomputes from the nearest keyframe);
* in a session file, thinned θ snapshots — the timeline's keyframes, at most
  :data:`MAX_SNAPSHOTS` and :data:`SNAPSHOT_FLOATS` numbers per run (every
  epoch of a short run, evenly spaced ones of a long run) — and at most
  :data:`MAX_SAVED_HISTORY` history rows. After opening, epoch k shows the
  nearest kept snapshot at or before k (:meth:`PinnedRun.theta_at` says which).

Files: :meth:`Runs.to_doc` is stored as ``extra["pinned_runs"]`` by
``core/session_files.py``; the model adopts it from ``session.extra`` when a
session is opened or replaced (File ▸ Open keeps the session object and swaps
its ``extra``). A damaged entry is dropped with a warning; a file without
pinned runs opens as before.

Events on :attr:`Runs.events`: ``runs`` (a run was pinned, removed, or runs
were loaded; ``changed`` names the action).

This module imports only NumPy and ``core``; never Qt.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field

import numpy as np

from .data import DATASET_NAMES, make_dataset
from .errors import NNVizError, SpecError
from .events import Events
from .network import Network
from .settings import Settings, validate_settings
from .train import History

__all__ = ["MAX_PINNED", "PinnedRun", "Runs", "settings_diff"]

MAX_PINNED = 4
MAX_SNAPSHOTS = 256           # θ snapshots saved per run
SNAPSHOT_FLOATS = 1 << 17     # numbers of θ snapshots saved per run (1 MB)
MAX_SAVED_HISTORY = 4000      # history rows saved per run (evenly thinned)
MAX_NAME = 40
DOC_VERSION = 1
HISTORY_FIELDS = History.FIELDS
# Settings worth naming when two runs differ, in the order they are listed.
DIFF_ORDER = ("activations", "init", "optimizer", "lr", "batch_size", "noise", "hidden",
              "seed", "train_seed", "l1", "l2", "slopes", "features", "dataset", "samples",
              "classes", "data_seed", "test_fraction")


def _short(key, value) -> str:
    if isinstance(value, (tuple, list)):
        value = "-".join("·" if v is None else str(v) for v in value) or "–"
    if isinstance(value, float):
        value = f"{value:g}"
    names = {"activations": "", "init": "init ", "optimizer": "", "lr": "lr ",
             "batch_size": "batch ", "noise": "noise ", "hidden": "layers ",
             "seed": "seed ", "train_seed": "shuffle seed ", "l1": "L1 ", "l2": "L2 "}
    return f"{names.get(key, key.replace('_', ' ') + ' ')}{value}"


def settings_diff(a: Settings, b: Settings) -> list[str]:
    """Short descriptions of ``a``'s settings that differ from ``b``'s
    (``["relu-relu", "lr 0.1"]``); a batch size of 0 reads "batch all"."""
    out = []
    for key in DIFF_ORDER:
        va, vb = getattr(a, key), getattr(b, key)
        if va != vb:
            out.append(_short(key, "all" if key == "batch_size" and va == 0 else va))
    return out


@dataclass(eq=False)
class PinnedRun:
    """One pinned run; see the module docstring."""
    name: str
    settings: Settings
    spec: list
    task: str
    history: dict                  # field → (n,) float array
    snap_epochs: np.ndarray        # (K,) epochs of the kept θ snapshots, ascending
    snap_thetas: np.ndarray        # (K, P)
    dataset: object = None         # core.data.Dataset, when known
    timeline: object = None        # core.timeline.Timeline copy (in memory only)
    _scratch: object = field(default=None, repr=False)

    @property
    def n_epochs(self) -> int:
        return len(self.history["epoch"])

    @property
    def last_epoch(self) -> int:
        if self.timeline is not None:
            return int(self.timeline.end)
        e = self.history["epoch"]
        return int(e[-1]) if len(e) else int(self.snap_epochs[-1])

    @property
    def first_epoch(self) -> int:
        if self.timeline is not None:
            return int(self.timeline.start)
        return int(self.snap_epochs[0])

    def theta_at(self, epoch: int) -> tuple[int, np.ndarray]:
        """(epoch shown, θ) for ``epoch``, clamped to the run: exact through
        the run's timeline while it is in memory, else the nearest kept
        snapshot at or before it."""
        k = int(min(max(int(epoch), self.first_epoch), self.last_epoch))
        if self.timeline is not None:
            try:
                return k, np.array(self.timeline.state_at(k).theta)
            except NNVizError:
                self.timeline = None               # replay failed: use snapshots
        i = max(0, int(np.searchsorted(self.snap_epochs, k, side="right")) - 1)
        return int(self.snap_epochs[i]), self.snap_thetas[i]

    def value_at(self, field_name: str, epoch: int) -> float:
        """A history column at ``epoch`` (NaN if not recorded)."""
        e = self.history["epoch"]
        i = np.searchsorted(e, epoch)
        if i < len(e) and e[i] == epoch:
            return float(self.history[field_name][i])
        return float("nan")

    # -- files -------------------------------------------------------------------------
    def to_doc(self) -> dict:
        epochs, thetas = _thin_snapshots(self.snap_epochs, self.snap_thetas)
        hist = _thin_history(self.history, MAX_SAVED_HISTORY)
        return {"name": self.name, "settings": self.settings.to_dict(), "spec": self.spec,
                "task": self.task,
                "history": {f: _enc(hist[f]) for f in HISTORY_FIELDS},
                "snap_epochs": _enc(np.asarray(epochs, float)),
                "snap_thetas": _enc(thetas.ravel()),
                "parameters": int(thetas.shape[1])}

    @classmethod
    def from_doc(cls, doc) -> PinnedRun:
        """Validate one saved run; SpecError names the field."""
        if not isinstance(doc, dict):
            raise SpecError("a pinned run must be an object")
        name = doc.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SpecError("pinned run: 'name' must be a non-empty string")
        try:
            settings = validate_settings(Settings.from_dict(doc.get("settings")))
        except (TypeError, NNVizError) as e:
            raise SpecError(f"pinned run {name[:MAX_NAME]!r}: settings: {str(e)[:100]}") \
                from None
        try:
            net = Network(doc.get("spec"), init="zeros")
        except (TypeError, NNVizError) as e:
            raise SpecError(f"pinned run {name[:MAX_NAME]!r}: spec: {str(e)[:100]}") from None
        task = doc.get("task")
        if task not in ("classification", "regression"):
            raise SpecError(f"pinned run {name[:MAX_NAME]!r}: unknown task {str(task)[:40]!r}")
        P = net.theta.size
        if doc.get("parameters") != P:
            raise SpecError(f"pinned run {name[:MAX_NAME]!r}: 'parameters' does not fit "
                            "its spec")
        hist_doc = doc.get("history")
        if not isinstance(hist_doc, dict):
            raise SpecError(f"pinned run {name[:MAX_NAME]!r}: 'history' must be an object")
        hist = {f: _dec(hist_doc.get(f), f"history.{f}", MAX_SAVED_HISTORY)
                for f in HISTORY_FIELDS}
        if len({len(v) for v in hist.values()}) != 1:
            raise SpecError(f"pinned run {name[:MAX_NAME]!r}: history columns differ in "
                            "length")
        epochs = _dec(doc.get("snap_epochs"), "snap_epochs", MAX_SNAPSHOTS)
        flat = _dec(doc.get("snap_thetas"), "snap_thetas", SNAPSHOT_FLOATS)
        if not len(epochs) or flat.size != len(epochs) * P:
            raise SpecError(f"pinned run {name[:MAX_NAME]!r}: snapshots do not fit the "
                            "network")
        if not np.all(np.isfinite(flat)) or np.any(np.diff(epochs) <= 0) or \
                not np.all(np.isfinite(epochs)):
            raise SpecError(f"pinned run {name[:MAX_NAME]!r}: snapshots are not finite "
                            "and in order")
        return cls(name.strip()[:MAX_NAME], settings, net.spec(), task, hist,
                   epochs.astype(np.int64), flat.reshape(len(epochs), P))


class Runs:
    """The pinned runs of a session (``session.runs``); see the module docstring."""

    def __init__(self, session):
        self.session = session
        self.events = Events()
        self.pinned: list[PinnedRun] = []
        self.warnings: list[str] = []
        self._extra_seen = None
        self._counter = 0
        self._handlers = []
        for name in ("file", "network", "data"):
            session.events.connect(name, self._on_session)
            self._handlers.append((name, self._on_session))
        self.adopt()

    def close(self):
        for name, fn in self._handlers:
            self.session.events.disconnect(name, fn)
        self._handlers.clear()

    def __len__(self):
        return len(self.pinned)

    def __iter__(self):
        return iter(self.pinned)

    def __getitem__(self, i) -> PinnedRun:
        return self.pinned[i]

    # -- pinning -----------------------------------------------------------------------
    def pin(self, name: str | None = None) -> PinnedRun:
        """Keep the current run (at the present). SpecError when
        :data:`MAX_PINNED` are pinned already or nothing was trained."""
        s = self.session
        self.adopt()
        if len(self.pinned) >= MAX_PINNED:
            raise SpecError(f"at most {MAX_PINNED} runs can be pinned; unpin one first")
        s.back_to_present()
        s.pause()
        h = s.trainer.history
        if not len(h):
            raise SpecError("train the network first: there is nothing to pin yet")
        self._counter = max(self._counter, len(self.pinned)) + 1
        tl = s.timeline.copy()
        keys = tl.keyframes
        epochs = np.array([k.epoch for k in keys], dtype=np.int64)
        thetas = np.array([k.theta for k in keys], dtype=float)
        run = PinnedRun(str(name or f"Run {self._counter}")[:MAX_NAME], s.settings,
                        s.net.spec(), s.task, h.to_dict(), epochs, thetas,
                        dataset=s.dataset, timeline=tl)
        self.pinned.append(run)
        s._mark_dirty()
        self.events.emit("runs", changed=frozenset({"pinned"}))
        return run

    def unpin(self, index: int):
        self.adopt()
        del self.pinned[int(index)]
        self.session._mark_dirty()
        self.events.emit("runs", changed=frozenset({"unpinned"}))

    def clear(self):
        self.adopt()
        if self.pinned:
            self.pinned.clear()
            self.session._mark_dirty()
            self.events.emit("runs", changed=frozenset({"cleared"}))

    def label(self, run: PinnedRun) -> str:
        """``Run 1: relu-relu, lr 0.1`` — its name and what differs from now."""
        diff = settings_diff(run.settings, self.session.settings)
        return f"{run.name}: {', '.join(diff)}" if diff else f"{run.name}: same settings"

    # -- what the views draw -------------------------------------------------------------
    def overlay(self, x_field="epoch") -> list[tuple]:
        """``[(index, name, x, {series: y})]`` for the curves: each pinned
        run's history against ``x_field`` ("epoch" or "step")."""
        out = []
        for i, run in enumerate(self.pinned):
            h = run.history
            out.append((i, run.name, np.asarray(h[x_field], float),
                        {f: np.asarray(h[f], float) for f in HISTORY_FIELDS
                         if f not in ("epoch", "step")}))
        return out

    def decision_map(self, run: PinnedRun, epoch: int, resolution=60) -> dict | None:
        """What the run's network draws over its own input plane at ``epoch``:
        ``{"epoch", "xs", "ys", "out" (res, res, k), "X", "y", "task",
        "train_loss", "kind"}`` with ``kind`` "plane" (2-D inputs) or "curve"
        (1-D: ``xs`` and ``out`` (res,)); None when the run's data is unknown or
        not drawable on a plane."""
        sc = self._scratch(run)
        if sc is None:
            return None
        k, theta = run.theta_at(epoch)
        sc.net.theta[...] = theta
        ds = sc.dataset
        base = {"epoch": k, "X": ds.X[ds.train_idx], "y": ds.y[ds.train_idx],
                "task": ds.task, "train_loss": run.value_at("train_loss", k)}
        if ds.n_inputs >= 2:
            xs, ys, out = sc.grid_output(resolution)
            return {**base, "kind": "plane", "xs": xs, "ys": ys, "out": out}
        xs, y = sc.curve(2 * resolution)
        return {**base, "kind": "curve", "xs": xs, "ys": None, "out": y}

    def _scratch(self, run: PinnedRun):
        """A private Session on the run's data and network (cached)."""
        if run._scratch is not None:
            return run._scratch
        from .session import Session
        ds = run.dataset
        if ds is None:
            st = run.settings
            if st.dataset in DATASET_NAMES:
                try:
                    ds = make_dataset(st.dataset, st.samples, st.noise, st.data_seed,
                                      st.test_fraction, st.classes)
                except NNVizError:
                    ds = None
            else:
                ds = self.session.dataset          # points or a CSV: the session's
        if ds is None:
            return None
        try:
            sc = Session(run.settings, dataset=ds)
        except NNVizError:
            return None
        if sc.net.theta.size != run.snap_thetas.shape[1] or sc.net.spec() != run.spec:
            return None
        run.dataset = ds
        run._scratch = sc
        return sc

    # -- files ---------------------------------------------------------------------------
    def to_doc(self) -> dict:
        return {"version": DOC_VERSION, "runs": [r.to_doc() for r in self.pinned]}

    def load_doc(self, doc):
        """Take runs from a saved document; damaged runs are dropped and named
        in :attr:`warnings`. Returns the number of runs taken."""
        self.warnings = []
        runs = []
        if not isinstance(doc, dict) or doc.get("version") != DOC_VERSION or \
                not isinstance(doc.get("runs"), list):
            self.warnings.append("the file's pinned runs were not usable")
        else:
            for entry in doc["runs"][:MAX_PINNED]:
                try:
                    runs.append(PinnedRun.from_doc(entry))
                except (NNVizError, ValueError, TypeError) as e:
                    self.warnings.append(str(e)[:160])
            if len(doc["runs"]) > MAX_PINNED:
                self.warnings.append(f"only the first {MAX_PINNED} pinned runs were kept")
        self.pinned = runs
        self._counter = len(runs)
        self.events.emit("runs", changed=frozenset({"loaded"}))
        return len(runs)

    def adopt(self) -> bool:
        """Take the pinned runs of a session that was opened or replaced (its
        ``extra`` is a new dict); returns whether anything was taken."""
        extra = self.session.extra
        if extra is self._extra_seen:
            return False
        self._extra_seen = extra
        doc = extra.pop("pinned_runs", None)
        if doc is None:
            if self.pinned:
                self.pinned = []
                self._counter = 0
                self.events.emit("runs", changed=frozenset({"loaded"}))
            return False
        self.load_doc(doc)
        return True

    def _on_session(self, _ev=None):
        self.adopt()


# -- thinning and encoding -------------------------------------------------------------
def _thin_snapshots(epochs, thetas):
    """At most MAX_SNAPSHOTS rows and SNAPSHOT_FLOATS numbers; the first and
    the last rows always stay, the rest evenly."""
    n, P = thetas.shape
    keep = max(2, min(MAX_SNAPSHOTS, SNAPSHOT_FLOATS // max(P, 1)))
    if n <= keep:
        return epochs, thetas
    idx = np.unique(np.round(np.linspace(0, n - 1, keep)).astype(int))
    return epochs[idx], thetas[idx]


def _thin_history(hist: dict, limit: int) -> dict:
    n = len(hist["epoch"])
    if n <= limit:
        return hist
    idx = np.unique(np.round(np.linspace(0, n - 1, limit)).astype(int))
    return {f: np.asarray(v)[idx] for f, v in hist.items()}


def _enc(a) -> str:
    return base64.b64encode(np.ascontiguousarray(a, "<f8").tobytes()).decode("ascii")


def _dec(v, where, limit) -> np.ndarray:
    if not isinstance(v, str) or len(v) > 4 * (8 * limit + 2) // 3 + 4:
        raise SpecError(f"pinned run: {where} must be base64 text of at most "
                        f"{limit} numbers")
    try:
        raw = base64.b64decode(v, validate=True)
    except ValueError:
        raise SpecError(f"pinned run: {where} is not base64") from None
    if len(raw) % 8:
        raise SpecError(f"pinned run: {where} has a partial number")
    return np.frombuffer(raw, "<f8").astype(float)
