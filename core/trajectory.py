"""The parameter path of a training session: where θ has been.

A :class:`Trajectory` subscribes to a :class:`core.session.Session` and keeps
copies of ``session.net.theta`` as training proceeds — the "ball rolling down
the landscape" that the surface view draws on a slice of parameter space
(``core.landscape``), and the source of the "PCA of the path" plane.

Recording rules
---------------
* On every ``params`` / ``training`` event the trajectory looks at the session
  (:meth:`Trajectory.sync`; it is idempotent, so a view may call it first
  without caring about the order in which subscribers run).
* It starts again — point A is the current θ — when the ``network`` event fires
  (new architecture, new data set, File ▸ Open), when the training history
  shrinks or the step count goes back (Reset, Undo of training, Open), when
  the parameter count changes, and when a fresh trainer with no steps replaces
  the old one (Reset before any training).
* Subsampling: at most ``max_snapshots`` snapshots are kept (2 000, fewer for
  very large networks so that they use at most ``memory`` bytes, 64 MB). A new
  θ is kept when at least ``stride`` training steps have passed since the last
  kept one (an edit of a weight, which changes θ without a step, is always
  kept). When the buffer is full, every other snapshot is dropped (the first,
  point A, always stays) and ``stride`` doubles; so the kept path always
  spans the whole run, evenly in steps, with 1 000–2 000 points. The newest θ
  is always available — it is the last row of :attr:`thetas` even when the
  stride would not keep it — so the path always ends at the current point.
* Each change of the kept rows bumps :attr:`generation` (a compaction or a
  restart) or :attr:`count` (an append); a view that caches projections of the
  path re-projects all rows when ``generation`` changed and only the new ones
  otherwise.

Losses: :attr:`losses` gives for each row the training loss from the trainer's
history: for the snapshot taken after step *k* it is the loss recorded with the
first later epoch (with full-batch training exactly L(θ_k), since an epoch's
loss is measured before its update); for the newest rows, which have no later
record, the most recent recorded loss; NaN when the history is empty.

:func:`plane_hessian` gives the 2 × 2 Hessian of the loss on a plane of two
parameters (by central differences of the engine's gradient, exact for a
quadratic such as the line fit's mean squared error): its largest eigenvalue
λmax sets the largest stable learning rate 2/λmax of gradient descent.

This module imports only NumPy and ``core``; never Qt.
"""
from __future__ import annotations

import numpy as np

from .errors import ShapeError, SpecError

MAX_SNAPSHOTS = 2000
MEMORY = 64 << 20            # bytes of float64 snapshots at most
MIN_SNAPSHOTS = 64           # even for the largest network

__all__ = ["Trajectory", "plane_hessian", "MAX_SNAPSHOTS"]


class Trajectory:
    """Records θ while ``session`` trains; see the module docstring.

    ``Trajectory(session)`` subscribes at once (``attach=False`` to drive it by
    hand with :meth:`sync`); :meth:`close` unsubscribes.

    Public: ``thetas`` (T, P) float64, ``steps`` (T,) int, ``losses`` (T,),
    ``start`` (P,) point A, ``current`` (P,), ``stride``, ``count``,
    ``generation``, ``max_snapshots``, ``clear()``, ``sync()``, ``close()``.
    """

    def __init__(self, session, max_snapshots=MAX_SNAPSHOTS, memory=MEMORY, attach=True):
        if int(max_snapshots) < 4:
            raise SpecError("a trajectory needs room for at least 4 snapshots")
        self.session = session
        self._limit = int(max_snapshots)
        self._memory = int(memory)
        self._handlers = []
        self.generation = 0
        self._restart()
        if attach:
            for name, fn in (("params", self._on_change), ("training", self._on_change),
                             ("network", self._on_network)):
                session.events.connect(name, fn)
                self._handlers.append((name, fn))

    # -- state -----------------------------------------------------------------
    def _restart(self):
        """Forget the path; point A is the session's current θ."""
        s = self.session
        theta = np.asarray(s.net.theta, dtype=np.float64)
        P = theta.size
        by_memory = max(MIN_SNAPSHOTS, self._memory // max(8 * P, 1))
        self.max_snapshots = int(min(self._limit, by_memory))
        self._buf = np.empty((self.max_snapshots, P))
        self._steps = np.empty(self.max_snapshots, dtype=np.int64)
        self._buf[0] = theta
        self._steps[0] = int(s.trainer.steps)
        self._n = 1
        self.stride = 1
        self._tail = None                   # newest θ when not kept: (theta, step)
        self._trainer = s.trainer
        self._net = s.net
        self._hist_len = len(s.trainer.history)
        self._last_steps = int(s.trainer.steps)
        self.generation += 1

    def clear(self):
        """Start again from the current parameters (point A = now)."""
        self._restart()

    def close(self):
        """Stop listening to the session."""
        for name, fn in self._handlers:
            self.session.events.disconnect(name, fn)
        self._handlers.clear()

    # -- events ------------------------------------------------------------------
    def _on_network(self, _event=None):
        self._restart()

    def _on_change(self, _event=None):
        self.sync()

    def sync(self) -> bool:
        """Catch up with the session; True if the path changed. Idempotent."""
        s = self.session
        if getattr(s, "viewing", None) is not None:
            return False        # looking back at an earlier epoch is not a move
        t = s.trainer
        theta = s.net.theta
        steps, hist = int(t.steps), len(t.history)
        if steps < self._last_steps and theta.size == self._buf.shape[1] \
                and self._steps[0] <= steps and self._cut_back(steps, theta):
            self._trainer, self._net = t, s.net
            self._hist_len, self._last_steps = hist, steps
            return True
        if (theta.size != self._buf.shape[1] or steps < self._last_steps
                or hist < self._hist_len
                or (t is not self._trainer and steps == 0 and self._last_steps == 0
                    and not np.array_equal(theta, self._buf[0]))):
            self._restart()
            return True
        self._trainer, self._net = t, s.net
        self._hist_len = hist
        self._last_steps = steps
        last = self._tail[0] if self._tail is not None else self._buf[self._n - 1]
        if np.array_equal(theta, last):
            return False
        if steps == self.current_step:      # an edit, not a step: always kept
            if self._tail is not None:
                self._append(*self._tail)
            self._append(theta, steps)
            self._tail = None
        elif steps - int(self._steps[self._n - 1]) >= self.stride:
            self._append(theta, steps)
            self._tail = None
        else:
            self._tail = (np.array(theta, dtype=np.float64), steps)
        return True

    def _cut_back(self, steps, theta) -> bool:
        """Training went back in time (continue from an earlier epoch, undo):
        keep the path up to there when it ends where the session now is."""
        n = int(np.searchsorted(self._steps[:self._n], steps, side="right"))
        if n == 0:
            return False
        self._n = n
        self._tail = None
        if not np.array_equal(self._buf[n - 1], theta):
            self._append(theta, steps)
        self.generation += 1
        return True

    def _append(self, theta, steps):
        if self._n == self.max_snapshots:
            self._compact()
        self._buf[self._n] = theta
        self._steps[self._n] = steps
        self._n += 1

    def _compact(self):
        """Full: keep every other snapshot (A stays) and double the stride."""
        keep = np.arange(0, self._n, 2)
        k = keep.size
        self._buf[:k] = self._buf[keep]
        self._steps[:k] = self._steps[keep]
        self._n = k
        self.stride *= 2
        self.generation += 1

    # -- what views read ------------------------------------------------------------
    @property
    def count(self) -> int:
        """Number of kept snapshots (the newest θ may be an extra, unkept row)."""
        return self._n

    def __len__(self) -> int:
        return self._n + (self._tail is not None)

    @property
    def thetas(self) -> np.ndarray:
        """(T, P) float64 copy: kept snapshots, then the newest θ if not kept."""
        rows = self._buf[:self._n]
        if self._tail is not None:
            return np.vstack([rows, self._tail[0][None, :]])
        return rows.copy()

    def kept(self, start=0) -> np.ndarray:
        """Read-only view of kept rows ``start:`` (no copy; valid until the next
        event) — for views that project only what is new."""
        v = self._buf[start:self._n]
        v.flags.writeable = False
        return v

    @property
    def steps(self) -> np.ndarray:
        """(T,) trainer step count at each row of :attr:`thetas`."""
        s = self._steps[:self._n]
        if self._tail is not None:
            return np.append(s, self._tail[1])
        return s.copy()

    @property
    def start(self) -> np.ndarray:
        """θ at the start of the path (point A), a copy."""
        return self._buf[0].copy()

    @property
    def current(self) -> np.ndarray:
        """The newest θ, a copy (the last row of :attr:`thetas`)."""
        return (self._tail[0] if self._tail is not None else self._buf[self._n - 1]).copy()

    @property
    def current_step(self) -> int:
        return int(self._tail[1] if self._tail is not None else self._steps[self._n - 1])

    @property
    def losses(self) -> np.ndarray:
        """(T,) training loss at each row (see the module docstring), NaN if unknown."""
        return self.losses_at(self.steps)

    @property
    def current_loss(self) -> float:
        return float(self.losses_at(np.array([self.current_step]))[0])

    def losses_at(self, steps) -> np.ndarray:
        h = self.session.trainer.history
        steps = np.asarray(steps)
        out = np.full(steps.shape, np.nan)
        n = len(h)
        if n == 0:
            return out
        rec_steps = h["step"]
        rec_loss = h["train_loss"]
        k = np.searchsorted(rec_steps, steps, side="right")
        k = np.minimum(k, n - 1)
        out[:] = rec_loss[k]
        return out


def plane_hessian(net, X, Y, names, point=None, loss=None, l1=0.0, l2=0.0,
                  eps=1e-4) -> np.ndarray:
    """2 × 2 Hessian of the loss over the two parameters ``names`` (e.g.
    ``("W1[0,0]", "b1[0]")``) at ``point`` = their values (default: the
    network's), every other parameter as in ``net``. Central differences of
    the engine's gradient, symmetrised. ``net`` is not modified."""
    if len(names) != 2:
        raise SpecError("plane_hessian needs two parameter names")
    idx = [net.param_index(n) for n in names]
    if idx[0] == idx[1]:
        raise SpecError("the two parameters must differ")
    work = net.copy()
    theta0 = np.array(net.theta, dtype=np.float64)
    if point is not None:
        p = np.asarray(point, dtype=np.float64).reshape(-1)
        if p.shape != (2,):
            raise ShapeError(f"point must be a pair, got {point!r}")
        theta0[idx] = p
    H = np.empty((2, 2))
    for c, i in enumerate(idx):
        h = eps * max(1.0, abs(theta0[i]))
        grads = []
        for sgn in (1.0, -1.0):
            th = theta0.copy()
            th[i] += sgn * h
            work.set_flat(th)
            _, g = work.flat_loss_and_gradient(X, Y, loss, l1, l2, train=False)
            grads.append(g[idx])
        H[:, c] = (grads[0] - grads[1]) / (2 * h)
    return 0.5 * (H + H.T)
