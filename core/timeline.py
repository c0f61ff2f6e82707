"""The training timeline: every epoch trained so far, shown exactly, in bounded memory.

Video keyframes for training. A :class:`Timeline` keeps *keyframes* — the full
training state right after some epochs (θ, the optimiser's state, the
trainer's :meth:`~core.train.Trainer.state_dict`, which holds the shuffling
and RReLU generators, plus batch size, L1, L2 and the history length) — and
the *edits* made between steps. Any earlier epoch *k* is shown by loading the
nearest keyframe at or before *k* into a scratch copy of the trainer (never the
live one) and training on to *k*, replaying the edits at the step counts where
they were made. The engine is deterministic, so the result is bit for bit the
state the session had right after epoch *k*.

Keyframes and thinning
    A keyframe is taken when an epoch ends at ``start + j·stride``. At most
    ``max_keyframes`` are kept (1024, fewer if θ is large: ``MEMORY`` 16 MB):
    when full, every other one is dropped (the first stays) and ``stride``
    doubles, so they span the run evenly (as :mod:`core.trajectory` thins its
    path). After 10⁵ epochs of the default network: stride 128, ~4 MB; showing
    an epoch recomputes at most 127. Look-back keeps a keyframe it passes on
    the stride where one is missing (a gap, a thinly saved file) if there is
    room. Keyframes are immutable (frozen, read-only arrays) and shared:
    :meth:`Timeline.copy` copies two lists, not arrays (cheap undo snapshots).
    A keyframe never holds a non-finite θ. Edits are kept all (~300 B each).

Edits
    An :class:`Edit` is ``(steps, kind, payload, epoch, label)``: made when the
    trainer had taken ``steps`` steps and finished ``epoch`` epochs; ``payload``
    is plain data (tuples, dicts, numbers, strings). Kinds the default
    :func:`apply_edit` knows: ``"param"`` ``(name, index, value)`` — one entry
    of ``net.params[name]``; ``"theta"`` ``(index, value)`` — one entry of θ;
    ``"settings"`` ``{"optimizer"|"lr"|"batch_size"|"l1"|"l2": value}`` —
    training-only settings through :meth:`Trainer.retune`. The session may pass
    its own ``apply_edit(trainer, edit)``; replay calls it on the scratch
    trainer exactly where the live run called it, so it must be deterministic
    and depend only on (trainer, edit). The kind ``"diverged"`` is recorded by
    :meth:`Timeline.note_divergence`: a step the trainer rejected (no epoch, no
    step counted, but it may have drawn a shuffle); replay repeats it.

Boundary convention
    Events made at the step count where epoch *k* ended belong to epoch *k*:
    :meth:`state_at` (k) is the *latest* state at that step count, after those
    edits (and after a rejected step). Edits made mid-epoch show from epoch
    k + 1 on. An edit mark sits at ``edit.epoch``, the epochs finished when it
    was made.

The present
    The timeline spans epochs ``start`` … ``end``: ``start`` is where it began
    (0 after a reset; the loaded epoch for a file without a timeline — then the
    state at ``start`` is the loaded one even if that was mid-epoch) and ``end``
    is the last epoch the live trainer finished. The live trainer itself may be
    a few steps past ``end`` (mini-batches): that is the session's present.

How the session drives it
    * ``Timeline(trainer, apply_edit)`` — after building a trainer (new
      network, new data, Reset): a keyframe of the current state.
    * ``record_epoch(trainer)`` — right after every step that ends an epoch,
      before any edit (cheap; a keyframe every ``stride`` epochs).
    * ``edit(trainer, kind, payload, label)`` applies an edit to the live
      trainer through ``apply_edit`` and records it; ``record_edit`` records one
      the session already applied. ``note_divergence(trainer)`` after training
      that may have diverged (idempotent).
    * ``state_at(k)`` → :class:`Keyframe` of epoch k (recomputed if needed; the
      last scratch trainer is cached, so k, k+1, k+2 … costs one epoch each).
    * ``truncate(k)`` ("continue from here"): later epochs and edits are
      dropped; returns the :class:`Keyframe` the live trainer must load
      (:meth:`Keyframe.load_into`), then ``trainer.history.truncate(key.hist_len)``.
    * ``copy()`` for undo snapshots; ``to_doc()`` / ``Timeline.from_doc(doc,
      trainer, apply_edit)`` for files (``doc`` None → a fresh timeline).

This module imports only NumPy and ``core``; never Qt.
"""
from __future__ import annotations

import base64
import copy
import math
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from .errors import NNVizError, SessionFileError
from .optim import check_lr, make_optimizer, optimizer_from_state
from .train import History, Trainer

MAX_KEYFRAMES = 1024          # in memory (fewer for big networks: MEMORY)
MEMORY = 16 << 20             # bytes of keyframes at most
MIN_KEYFRAMES = 16            # even for the largest network
SAVE_KEYFRAMES = 256          # in a file (look-back refills the rest)
DOC_VERSION = 1
# Caps for files (a session file is input: every list has a length).
MAX_DOC_KEYFRAMES = 65536
MAX_DOC_EDITS = 1_000_000

__all__ = ["Edit", "Keyframe", "Timeline", "TimelineError", "apply_edit", "capture",
           "MAX_KEYFRAMES", "SAVE_KEYFRAMES"]


class TimelineError(NNVizError, ValueError):
    """The timeline does not fit the trainer, or a replay went astray."""


@dataclass(frozen=True)
class Edit:
    """A change made between steps; see the module docstring. Never mutate
    ``payload``."""
    steps: int
    kind: str
    payload: object = None
    epoch: int = 0
    label: str = ""


@dataclass(frozen=True, eq=False)
class Keyframe:
    """The training state right after epoch ``epoch`` (``steps`` steps taken),
    edits at that step count included. Arrays are read-only; the dicts are
    shared by copies of the timeline and must never be mutated."""
    epoch: int
    steps: int
    hist_len: int
    theta: np.ndarray
    optimizer: dict
    trainer: dict
    batch_size: int
    l1: float
    l2: float

    def load_into(self, trainer: Trainer) -> None:
        """Make ``trainer`` continue exactly from this state (θ, optimiser,
        training settings, shuffling and counters). The history is the
        caller's: truncate it to :attr:`hist_len` if it goes further."""
        trainer.net.theta[...] = self.theta
        trainer.retune(optimizer=optimizer_from_state(self.optimizer),
                       batch_size=self.batch_size, l1=self.l1, l2=self.l2)
        trainer.load_state_dict(self.trainer)

    def nbytes(self) -> int:
        """Approximate memory: arrays plus ~2.5 KB of dicts and objects."""
        arrays = self.theta.nbytes + sum(v.nbytes for v in self.optimizer["state"].values())
        perm = self.trainer.get("perm")
        return arrays + (0 if perm is None else perm.nbytes) + 2560


def capture(trainer: Trainer, hist_len: int | None = None) -> Keyframe:
    """A :class:`Keyframe` of ``trainer`` as it is now (copies)."""
    theta = trainer.net.theta.copy()
    theta.flags.writeable = False
    opt = trainer.optimizer.state_dict()
    for v in opt["state"].values():
        v.flags.writeable = False
    ts = trainer.state_dict()
    if ts.get("perm") is not None:
        ts["perm"].flags.writeable = False
    return Keyframe(int(trainer.epoch), int(trainer.steps),
                    len(trainer.history) if hist_len is None else int(hist_len),
                    theta, opt, ts, int(trainer.batch_size), float(trainer.l1),
                    float(trainer.l2))


def apply_edit(trainer: Trainer, edit: Edit) -> None:
    """The default way to apply an :class:`Edit` (live and in replay)."""
    p = edit.payload
    if edit.kind == "param":
        name, index, value = p
        trainer.net.params[name][tuple(int(i) for i in np.atleast_1d(index))] = float(value)
    elif edit.kind == "theta":
        index, value = p
        trainer.net.theta[int(index)] = float(value)
    elif edit.kind == "vector":
        # every parameter at once (a point picked on the loss surface)
        trainer.net.theta[...] = np.asarray(p, dtype=float)
    elif edit.kind == "settings":
        opt = trainer.optimizer
        new_opt = None
        if "optimizer" in p and p["optimizer"] != opt.name:
            new_opt = make_optimizer(p["optimizer"], p.get("lr", opt.lr))
        elif "lr" in p:
            opt.lr = check_lr(p["lr"])
        trainer.retune(optimizer=new_opt, batch_size=p.get("batch_size"),
                       l1=p.get("l1"), l2=p.get("l2"))
    else:
        raise TimelineError(f"unknown timeline edit kind {edit.kind!r}")


def _freeze(value):
    """Plain, immutable-ish payload: lists → tuples, NumPy scalars → Python."""
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _freeze(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return _freeze(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


def _scratch_from(trainer: Trainer) -> Trainer:
    """A copy of ``trainer`` sharing its data arrays, with a throw-away history
    and no test set (test losses only feed the history, which replay discards)."""
    memo = {id(trainer.history): History()}
    for a in (trainer.X, trainer.Y, trainer.X_test, trainer.Y_test):
        if a is not None:
            memo[id(a)] = a
    t = copy.deepcopy(trainer, memo)
    t.X_test = t.Y_test = None
    return t


class Timeline:
    """See the module docstring. ``Timeline(trainer)`` starts at the trainer's
    current state."""

    def __init__(self, trainer: Trainer, apply_edit=apply_edit,
                 max_keyframes: int = MAX_KEYFRAMES, memory: int = MEMORY):
        if not np.isfinite(trainer.net.theta).all():
            raise TimelineError("a timeline cannot start from non-finite parameters")
        self.apply_edit = apply_edit
        self.max_keyframes = _limit(trainer, max_keyframes, memory)
        self._template = _scratch_from(trainer)
        first = capture(trainer)
        self._keys: list[Keyframe] = [first]
        self._edits: list[Edit] = []
        self.stride = 1
        self.end = first.epoch
        self._end_steps = first.steps
        self._forget_scratch()

    # -- what the session reads -------------------------------------------------
    @property
    def start(self) -> int:
        return self._keys[0].epoch

    @property
    def end_steps(self) -> int:
        """The step count at which epoch :attr:`end` ended."""
        return self._end_steps

    @property
    def keyframes(self) -> tuple:
        return tuple(self._keys)

    @property
    def edits(self) -> tuple:
        return tuple(self._edits)

    def __len__(self) -> int:
        """Number of epochs that can be shown (start … end)."""
        return self.end - self.start + 1

    def marks(self) -> list[tuple[int, str, str]]:
        """(epoch, kind, label) for every edit, oldest first, for the UI."""
        return [(e.epoch, e.kind, e.label) for e in self._edits]

    def nbytes(self) -> int:
        """Approximate memory held (keyframes, edits at ~300 bytes each)."""
        return sum(k.nbytes() for k in self._keys) + 300 * len(self._edits)

    def copy(self) -> Timeline:
        """A snapshot for undo: shares keyframes and edits (immutable), has its
        own lists and its own scratch trainer (made when first needed)."""
        other = copy.copy(self)
        other._keys = list(self._keys)
        other._edits = list(self._edits)
        other._forget_scratch()
        return other

    # -- recording (the live trainer) ------------------------------------------------
    def record_epoch(self, trainer: Trainer) -> bool:
        """Call right after a step that ended an epoch (before any edit).
        Returns True when a keyframe was kept. Calling again for the same
        epoch does nothing; a gap (epochs not reported) is allowed — those
        epochs are recomputed from an earlier keyframe."""
        e, s = int(trainer.epoch), int(trainer.steps)
        if e == self.end and s == self._end_steps:
            return False
        if e <= self.end or s < self._end_steps:
            raise TimelineError(f"the trainer is at epoch {e}, step {s}; the timeline "
                                f"already reached epoch {self.end}, step {self._end_steps}")
        self.end, self._end_steps = e, s
        if (e - self.start) % self.stride or not np.isfinite(trainer.net.theta).all():
            return False
        self._keys.append(capture(trainer))
        if len(self._keys) > self.max_keyframes:
            self._thin()
        return True

    def _insert(self, t: Trainer, hist_len: int):
        """Replay passed an epoch on the stride with no keyframe (a gap, or a
        timeline loaded thinner than it may be): keep one if there is room."""
        e = t.epoch
        if ((e - self.start) % self.stride or len(self._keys) >= self.max_keyframes
                or not np.isfinite(t.net.theta).all()):
            return
        i = bisect_right([k.epoch for k in self._keys], e)
        if self._keys[i - 1].epoch != e:
            self._keys.insert(i, capture(t, hist_len))

    def _thin(self):
        """Full: keep the first keyframe and every other one; double the stride."""
        start, step = self.start, 2 * self.stride
        self._keys = [self._keys[0]] + [k for k in self._keys[1:]
                                        if (k.epoch - start) % step == 0]
        self.stride = step
        self._forget_scratch()

    def edit(self, trainer: Trainer, kind: str, payload=None, label: str = "") -> Edit:
        """Apply an edit to the live ``trainer`` through ``apply_edit`` and
        record it (the one path that guarantees replay does the same). A
        divergence not yet noted is noted first (its rejected step came before)."""
        self.note_divergence(trainer)
        e = Edit(int(trainer.steps), str(kind), _freeze(payload), int(trainer.epoch),
                 str(label))
        self.apply_edit(trainer, e)
        self._add(trainer, e)
        return e

    def record_edit(self, trainer: Trainer, kind: str, payload=None,
                    label: str = "") -> Edit:
        """Record an edit the session has just applied to ``trainer`` itself
        (it must be what ``apply_edit`` does with this kind and payload)."""
        e = Edit(int(trainer.steps), str(kind), _freeze(payload), int(trainer.epoch),
                 str(label))
        self._add(trainer, e)
        return e

    def note_divergence(self, trainer: Trainer) -> bool:
        """Call after training: if the trainer rejected a step since the last
        event, record it (replay must repeat the attempt: it may have drawn a
        shuffle). Idempotent. Returns True when recorded."""
        if not trainer.diverged:
            return False
        last = self._edits[-1] if self._edits else None
        if last is not None and last.kind == "diverged" and last.steps == trainer.steps:
            return False
        self._add(trainer, Edit(int(trainer.steps), "diverged", None, int(trainer.epoch),
                                "diverged"))
        return True

    def _add(self, trainer: Trainer, e: Edit):
        if e.steps < self._end_steps or e.epoch < self.end:
            raise TimelineError(f"an edit at step {e.steps} is before the timeline's "
                                f"present (step {self._end_steps})")
        if self._edits and e.steps < self._edits[-1].steps:
            raise TimelineError("edits must be recorded in step order")
        self._edits.append(e)
        head = self._keys[-1]
        if head.steps == e.steps and head.epoch == e.epoch:
            # The boundary convention: the keyframe shows the latest state.
            if np.isfinite(trainer.net.theta).all():
                self._keys[-1] = capture(trainer, head.hist_len)
            elif len(self._keys) > 1:
                self._keys.pop()
            else:
                raise TimelineError("the parameters at the timeline's start became "
                                    "non-finite")
        if self._scratch is not None and self._scratch.steps >= e.steps:
            self._forget_scratch()

    # -- looking back ------------------------------------------------------------------
    def _check_epoch(self, epoch) -> int:
        epoch = int(epoch)
        if not self.start <= epoch <= self.end:
            raise TimelineError(f"epoch {epoch} is not on the timeline "
                                f"({self.start} to {self.end})")
        return epoch

    def _forget_scratch(self):
        self._scratch = None
        self._scratch_ev = 0

    def state_at(self, epoch: int) -> Keyframe:
        """The exact state right after ``epoch`` (see the boundary convention).
        Changes nothing but the timeline's private scratch trainer."""
        epoch = self._check_epoch(epoch)
        i = bisect_right([k.epoch for k in self._keys], epoch) - 1
        key = self._keys[i]
        if key.epoch == epoch:
            return key
        t = self._scratch
        if t is None or not key.epoch <= t.epoch <= epoch or t.steps < key.steps:
            if t is None:
                t = self._scratch = _scratch_from(self._template)
            key.load_into(t)
            self._scratch_ev = bisect_right([e.steps for e in self._edits], key.steps)
        try:
            self._advance(t, epoch, key.hist_len - key.epoch)
        except Exception:
            self._forget_scratch()
            raise
        i = bisect_right([k.epoch for k in self._keys], epoch) - 1
        if self._keys[i].epoch == epoch:
            return self._keys[i]             # just kept by _insert
        return capture(t, key.hist_len + epoch - key.epoch)

    def theta_at(self, epoch: int) -> np.ndarray:
        """θ right after ``epoch`` (read-only)."""
        return self.state_at(epoch).theta

    def _advance(self, t: Trainer, epoch: int, hist_offset: int):
        """Train the scratch trainer on to the end of ``epoch``, replaying the
        events at their step counts, those at the final step count included."""
        edits, ev, n = self._edits, self._scratch_ev, len(self._edits)
        seen = t.epoch
        while True:
            while ev < n and edits[ev].steps == t.steps:
                self._replay(t, edits[ev])
                ev += 1
                self._scratch_ev = ev
            if t.epoch != seen:
                seen = t.epoch
                self._insert(t, t.epoch + hist_offset)
            if t.epoch >= epoch:
                break
            if t.diverged:
                raise TimelineError(f"replay diverged at step {t.steps}, where the "
                                    "recorded run did not")
            nxt = edits[ev].steps if ev < n else math.inf
            if ev < n and nxt < t.steps:
                raise TimelineError(f"replay passed an edit at step {nxt}")
            if nxt - t.steps >= t.batches_per_epoch:
                t.run_epoch()        # an epoch never has more steps than that
            else:
                t.step()
        if t.epoch != epoch:
            raise TimelineError(f"replay reached epoch {t.epoch}, not {epoch}")

    def _replay(self, t: Trainer, e: Edit):
        if e.kind == "diverged":
            t.step()
            if not t.diverged:
                raise TimelineError(f"replay did not diverge at step {e.steps} "
                                    "as the recorded run did")
        else:
            self.apply_edit(t, e)

    # -- continue from here ----------------------------------------------------------------
    def truncate(self, epoch: int) -> Keyframe:
        """Make ``epoch`` the present: later keyframes and edits (those after
        its step count) are dropped. Returns the state the live trainer must
        load (:meth:`Keyframe.load_into`; then truncate its history to
        ``hist_len``)."""
        key = self.state_at(epoch)
        self._keys = [k for k in self._keys if k.epoch <= epoch]
        self._edits = [e for e in self._edits if e.steps <= key.steps]
        self.end, self._end_steps = key.epoch, key.steps
        if self._scratch is not None and self._scratch.steps > key.steps:
            self._forget_scratch()
        self._scratch_ev = min(self._scratch_ev, len(self._edits))
        return key

    # -- files ---------------------------------------------------------------------------
    def to_doc(self, max_keyframes: int | None = SAVE_KEYFRAMES) -> dict:
        """A JSON-friendly dict: arrays as base64 float64/int64 (exact), big
        integers (generator states) as strings. At most ``max_keyframes`` are
        saved (thinned like the live list; None: all): a smaller file, and
        after loading the first look at a region recomputes more epochs (and
        keeps keyframes again), still exact."""
        keys, stride = list(self._keys), self.stride
        if max_keyframes is not None:
            m = max(2, int(max_keyframes))
            while len(keys) > m:
                stride *= 2
                keys = [keys[0]] + [k for k in keys[1:] if (k.epoch - self.start) % stride == 0]
        return {"version": DOC_VERSION, "start": self.start, "end": self.end,
                "end_steps": self._end_steps, "stride": stride,
                "keyframes": [{"epoch": k.epoch, "steps": k.steps, "hist_len": k.hist_len,
                               "batch_size": k.batch_size, "l1": k.l1, "l2": k.l2,
                               "theta": _enc(k.theta), "optimizer": _enc(k.optimizer),
                               "trainer": _enc(k.trainer)} for k in keys],
                "edits": [{"steps": e.steps, "epoch": e.epoch, "kind": e.kind,
                           "label": e.label, "payload": _enc(e.payload)}
                          for e in self._edits]}

    @classmethod
    def from_doc(cls, doc, trainer: Trainer, apply_edit=apply_edit,
                 max_keyframes: int = MAX_KEYFRAMES, memory: int = MEMORY) -> Timeline:
        """The timeline saved by :meth:`to_doc`, for the live ``trainer``
        loaded from the same file (it must be at the timeline's end). ``doc``
        None (a file without a timeline) → a fresh timeline starting at the
        trainer's state. Raises :class:`SessionFileError` naming the field."""
        if doc is None:
            return cls(trainer, apply_edit, max_keyframes, memory)
        try:
            return cls._from_doc(doc, trainer, apply_edit, _limit(trainer, max_keyframes,
                                                                  memory))
        except SessionFileError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise SessionFileError(f"timeline: {type(e).__name__}: {str(e)[:60]}") from None

    @classmethod
    def _from_doc(cls, doc, trainer, apply_edit, max_keyframes):
        def bad(field, what):
            raise SessionFileError(f"timeline.{field}: {what}")

        if not isinstance(doc, dict):
            bad("", "must be an object")
        if doc.get("version") != DOC_VERSION:
            bad("version", f"{str(doc.get('version'))[:20]} is not {DOC_VERSION}")
        kd, ed = doc.get("keyframes"), doc.get("edits", [])
        if not isinstance(kd, list) or not 1 <= len(kd) <= MAX_DOC_KEYFRAMES:
            bad("keyframes", f"must be a list of 1 to {MAX_DOC_KEYFRAMES} keyframes")
        if not isinstance(ed, list) or len(ed) > MAX_DOC_EDITS:
            bad("edits", f"must be a list of at most {MAX_DOC_EDITS} edits")
        P = trainer.net.theta.size
        keys = []
        for i, d in enumerate(kd):
            theta = _dec(d["theta"])
            if not isinstance(theta, np.ndarray) or theta.shape != (P,):
                bad(f"keyframes[{i}].theta", f"must hold {P} numbers")
            if not np.isfinite(theta).all():
                bad(f"keyframes[{i}].theta", "holds non-finite numbers")
            opt, ts = _dec(d["optimizer"]), _dec(d["trainer"])
            if not isinstance(opt, dict) or not isinstance(ts, dict):
                bad(f"keyframes[{i}]", "optimizer and trainer must be objects")
            for name, v in opt.get("state", {}).items():
                if not isinstance(v, np.ndarray) or v.shape != (P,):
                    bad(f"keyframes[{i}].optimizer.state.{name}", f"must hold {P} numbers")
            optimizer_from_state(opt)            # validates name, lr, settings
            k = Keyframe(int(d["epoch"]), int(d["steps"]), int(d["hist_len"]), theta, opt,
                         ts, int(d["batch_size"]), float(d["l1"]), float(d["l2"]))
            if keys and not (k.epoch > keys[-1].epoch and k.steps >= keys[-1].steps):
                bad(f"keyframes[{i}]", "epochs must increase")
            keys.append(k)
        edits = []
        for i, d in enumerate(ed):
            e = Edit(int(d["steps"]), str(d["kind"]), _freeze(_dec(d.get("payload"))),
                     int(d.get("epoch", 0)), str(d.get("label", "")))
            if edits and e.steps < edits[-1].steps:
                bad(f"edits[{i}].steps", "edits must be in step order")
            edits.append(e)
        end, end_steps = int(doc["end"]), int(doc.get("end_steps", trainer.steps))
        if end < keys[-1].epoch or end != trainer.epoch:
            bad("end", f"epoch {end} does not fit the trainer (epoch {trainer.epoch})")
        if not keys[-1].steps <= end_steps <= trainer.steps:
            bad("end_steps", f"step {end_steps} does not fit the trainer "
                             f"(step {trainer.steps})")
        if edits and (edits[-1].steps > trainer.steps or edits[0].steps < keys[0].steps):
            bad("edits", "an edit lies outside the trained steps")
        stride = int(doc.get("stride", 1))
        if stride < 1:
            bad("stride", "must be ≥ 1")
        tl = cls.__new__(cls)
        tl.apply_edit = apply_edit
        tl.max_keyframes = max_keyframes
        tl._template = _scratch_from(trainer)
        tl._keys, tl._edits = keys, edits
        tl.stride, tl.end, tl._end_steps = stride, end, end_steps
        for k in keys:
            k.theta.flags.writeable = False
            for v in k.optimizer.get("state", {}).values():
                v.flags.writeable = False
        while len(tl._keys) > tl.max_keyframes:
            tl._thin()
        # Room for more than the file kept: a finer stride, refilled by look-back.
        while (tl.stride > 1 and (end - tl.start) // (tl.stride // 2) + 1 <= tl.max_keyframes
               and all((k.epoch - tl.start) % (tl.stride // 2) == 0 for k in keys[1:])):
            tl.stride //= 2
        tl._forget_scratch()
        return tl


def _limit(trainer: Trainer, max_keyframes, memory) -> int:
    """Keyframes to keep: ``max_keyframes``, fewer when θ is large (room for
    θ and two optimiser slots each within ``memory``), never below 2."""
    m = int(max_keyframes)
    if m < 2:
        raise TimelineError("a timeline needs room for at least 2 keyframes")
    per = 3 * trainer.net.theta.nbytes + 2560
    return max(2, min(m, max(MIN_KEYFRAMES, int(memory) // per)))


# -- exact, JSON-friendly encoding -------------------------------------------------------
_BIG = 2 ** 53


def _enc(v):
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "iu":
            return {"__i64__": base64.b64encode(
                np.ascontiguousarray(v, "<i8").tobytes()).decode("ascii")}
        return {"__f64__": base64.b64encode(
            np.ascontiguousarray(v, "<f8").tobytes()).decode("ascii")}
    if isinstance(v, dict):
        return {str(k): _enc(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_enc(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        v = int(v)
        return {"__int__": str(v)} if abs(v) >= _BIG else v
    if isinstance(v, (float, np.floating)):
        v = float(v)
        return v if math.isfinite(v) else {"__float__": repr(v)}
    return v


def _dec(v):
    if isinstance(v, dict):
        if len(v) == 1:
            (k, x), = v.items()
            if k == "__f64__":
                return np.frombuffer(base64.b64decode(x, validate=True), "<f8").astype(float)
            if k == "__i64__":
                return np.frombuffer(base64.b64decode(x, validate=True),
                                     "<i8").astype(np.int64)
            if k == "__int__":
                return int(x)
            if k == "__float__":
                return float(x)
        return {k: _dec(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_dec(x) for x in v]
    return v
