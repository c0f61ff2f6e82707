"""The loss-surface model: which plane is on screen and when to recompute it.

:class:`SurfaceModel` holds, Qt-free, everything the loss-surface view draws
besides pixels: the plane choice (:class:`Plane` — two named weights, random
filter-normalised directions with a seed, or PCA of the path), the grid and
box, the last computed surface (a ``landscape.SliceResult``), the path θ has
taken projected onto it (``core.trajectory``), the negative gradient in the
plane, and the staleness rules that say when a recompute is due.

Staleness rules (:attr:`SurfaceModel.due`, with a reason in :attr:`stale`):

* the plane, grid or box changed, or there is no surface yet → due;
* ``network`` (architecture, File ▸ Open) → the surface is dropped and due;
  the parameter names are kept if the new network has them;
* ``data`` → due (the old picture stays until the new one is ready);
* ``settings`` → due only if the loss or its penalty (l1, l2) differs from the
  surface's; a learning-rate, optimiser or batch-size change never is;
* ``params`` / ``training`` → only the path and the current point move
  (event ``path``); with :attr:`follow` on, the surface becomes due when the
  current point leaves the middle 60 % of the box, when θ has moved off the
  plane by more than a third of the half box (the other parameters changed
  the landscape), or when the PCA path has grown by half.

Automatic recomputes are also rate-limited (:meth:`auto_wait`): at most every
``AUTO_INTERVAL`` seconds, and the worker busy at most half the time.

The model does not run the grid itself (a big network's slice may take
seconds): :meth:`begin` gives a :class:`SliceRequest` (private copies of the
network and data plus ``landscape.iter_slice`` arguments) for a worker, and
:meth:`accept` takes its partial and final results. :meth:`compute` does both
synchronously for scripts and tests. :attr:`recomputes` counts requests.

An honest surface: a plane bends the truth. :meth:`SurfaceModel.honest`
(or :meth:`honest_request` + :func:`honest_losses` in a worker) gives, along
the recorded path, the true loss L(θ_k) beside the loss the plane shows at
that point's projection, L(plane(project(θ_k))) — both in float64 on a copy
of the network (:class:`HonestPath`). They are equal for a "two weights"
plane when only those two weights moved, and can differ a lot for a PCA or a
random slice of a curved network. :meth:`SurfaceModel.point_theta` /
:meth:`SurfaceModel.move_to` turn a point of the plane into θ = origin +
a·d1 + b·d2 and make it the network's parameters (``session.set_theta``: one
undoable edit the timeline replays).

Events on :attr:`SurfaceModel.events` (``core.events.Events``): ``plane``
(mode, names, seed, grid or span changed; ``changed`` says which), ``due``
(the due flag or its reason changed), ``surface`` (a new result, or None),
``path`` (the projected path or current point moved).

This module imports only NumPy and ``core``; never Qt.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from . import landscape
from .errors import NNVizError, SpecError
from .events import Events

__all__ = ["SurfaceModel", "Plane", "SliceRequest", "HonestPath", "flat_gradient",
           "honest_losses", "MODES"]

MODES = ("params", "random", "pca")
DEFAULT_GRID = 101
GRID_RANGE = (21, 201)
AUTO_INTERVAL = 2.0          # s between automatic recomputes
MIDDLE = 0.6                 # the current point should stay in this share of the box
OFF_PLANE = 1 / 3            # θ this far off the plane (share of the half box) → stale
PCA_GROWTH = 1.5             # the PCA path grew by this factor → stale
ARROW_SHARE = 0.18           # gradient arrow length as a share of the box
HONEST_POINTS = 150          # path points evaluated for the true-vs-plane loss


@dataclass(frozen=True)
class Plane:
    """The slice to show. ``span`` 0 means automatic (big enough for the path)."""
    mode: str = "params"
    names: tuple = ()
    seed: int = 0
    grid: int = DEFAULT_GRID
    span: float = 0.0


@dataclass(frozen=True, eq=False)
class SliceRequest:
    """What a worker computes: ``landscape.iter_slice(net, X, Y, **kwargs)``.
    The arrays are private copies; ``auto`` says whether it is an automatic
    refresh (a view keeps the old picture until such a result is complete)."""
    net: object
    X: np.ndarray
    Y: np.ndarray
    kwargs: dict = field(default_factory=dict)
    auto: bool = False


@dataclass(frozen=True, eq=False)
class HonestPath:
    """Along the path: ``true_loss[k]`` = L(θ_k) and ``plane_loss[k]`` = the
    loss at θ_k's projection onto the plane (what the picture shows there),
    at ``steps[k]``; ``ab`` (T, 2) the projections. NaN where not computed
    (``done`` rows are)."""
    steps: np.ndarray
    ab: np.ndarray
    true_loss: np.ndarray
    plane_loss: np.ndarray
    done: int
    mode: str

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)

    @property
    def gap(self) -> np.ndarray:
        """plane − true per point."""
        return self.plane_loss - self.true_loss

    @property
    def worst(self) -> int | None:
        """Index of the point where the plane is furthest from the truth."""
        g = np.abs(self.gap[:self.done])
        ok = np.isfinite(g)
        return int(np.argmax(np.where(ok, g, -1.0))) if ok.any() else None

    @property
    def max_gap(self) -> float:
        w = self.worst
        return float("nan") if w is None else float(abs(self.gap[w]))

    @property
    def max_rel_gap(self) -> float:
        """max |plane − true| / max(|true|, 1e-12) over the points."""
        t = np.abs(self.true_loss[:self.done])
        g = np.abs(self.gap[:self.done])
        r = g / np.maximum(t, 1e-12)
        r = r[np.isfinite(r)]
        return float(r.max()) if r.size else float("nan")


def _pick_rows(n, max_points) -> np.ndarray:
    """At most ``max_points`` row indices, evenly, first and last included."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.round(np.linspace(0, n - 1, max_points)).astype(int))


def honest_losses(net, X, Y, result, thetas, steps, loss=None, l1=0.0, l2=0.0,
                  cancel=None, progress=None) -> HonestPath:
    """True loss at each θ of ``thetas`` (T, P) and the loss at its projection
    onto ``result``'s plane (a ``landscape.SliceResult``), in float64. ``net``
    is a private copy (its θ is overwritten). ``cancel()`` → stop early;
    ``progress(fraction, partial)`` after each point."""
    thetas = np.asarray(thetas, dtype=np.float64)
    ab = result.project(thetas) if len(thetas) else np.zeros((0, 2))
    T = len(thetas)
    true = np.full(T, np.nan)
    plane = np.full(T, np.nan)
    loss = loss or result.loss_name
    done = 0
    for k in range(T):
        if cancel is not None and cancel():
            break
        with np.errstate(all="ignore"):
            net.theta[...] = thetas[k]
            true[k] = net.loss(X, Y, loss, l1, l2)
            net.theta[...] = result.theta_at(*ab[k])
            plane[k] = net.loss(X, Y, loss, l1, l2)
        done = k + 1
        if progress is not None:
            progress(done / T, HonestPath(np.asarray(steps), ab, true.copy(), plane.copy(),
                                          done, result.mode))
    return HonestPath(np.asarray(steps), ab, true, plane, done, result.mode)


def flat_gradient(net, grads: dict) -> np.ndarray:
    """``session.gradients()`` (a dict like ``net.params``) as one vector in
    ``theta`` order."""
    flat = np.zeros(net.theta.size)
    for k, v in net.unflatten(flat).items():
        if k in grads:
            v[...] = grads[k]
    return flat


class SurfaceModel:
    """See the module docstring. ``SurfaceModel(session, trajectory=None)``
    (default: ``session.trajectory``)."""

    def __init__(self, session, trajectory=None):
        self.session = session
        self.trajectory = trajectory if trajectory is not None else session.trajectory
        self.events = Events()
        self.plane = Plane(names=self._default_names())
        self.follow = True
        self.result = None
        self.recomputes = 0
        self.stale = "no surface yet"     # reason a recompute is due; "" if not
        self._pca_count = 0
        self._proj = np.zeros((0, 2))
        self._proj_key = None
        self._last_start = -1e9
        self._last_end = -1e9
        self._last_cost = 0.0
        self._emitted_key = None
        self._handlers = []
        for name in ("params", "training", "network", "data", "settings"):
            fn = getattr(self, f"_on_{name}")
            session.events.connect(name, fn)
            self._handlers.append((name, fn))

    def close(self):
        """Stop listening to the session."""
        for name, fn in self._handlers:
            self.session.events.disconnect(name, fn)
        self._handlers.clear()

    # -- the plane --------------------------------------------------------------
    def _default_names(self) -> tuple:
        net = self.session.net
        names = [net.param_name(i) for i in range(net.theta.size)]
        return (names[0], next((n for n in names if n.startswith("b")), names[1]))

    def all_names(self) -> list[str]:
        net = self.session.net
        return [net.param_name(i) for i in range(net.theta.size)]

    def set_plane(self, mode=None, names=None, seed=None, grid=None, span=None) -> bool:
        """Change the plane choice (any subset). Names are checked against the
        network (SpecError names the problem); returns whether anything changed.
        A change makes a recompute due."""
        p = self.plane
        new = {}
        if mode is not None:
            if mode not in MODES:
                raise SpecError(f"unknown plane {mode!r}; choose one of {', '.join(MODES)}")
            new["mode"] = mode
        if names is not None:
            net = self.session.net
            a, b = (str(n).strip() for n in names)
            i, j = net.param_index(a), net.param_index(b)
            if i == j:
                raise SpecError("Choose two different parameters")
            new["names"] = (net.param_name(i), net.param_name(j))
        if seed is not None:
            new["seed"] = int(seed)
        if grid is not None:
            g = int(grid)
            if not GRID_RANGE[0] <= g <= GRID_RANGE[1]:
                raise SpecError(f"grid must be {GRID_RANGE[0]}–{GRID_RANGE[1]} points per "
                                f"axis, got {grid!r}")
            new["grid"] = g
        if span is not None:
            s = float(span)
            if not (np.isfinite(s) and s >= 0):
                raise SpecError(f"span must be a number ≥ 0 (0 = automatic), got {span!r}")
            new["span"] = s
        changed = frozenset(k for k, v in new.items() if getattr(p, k) != v)
        if not changed:
            return False
        self.plane = replace(p, **new)
        self.events.emit("plane", changed=changed)
        self._set_stale("the plane changed")
        return True

    # -- due -----------------------------------------------------------------------
    @property
    def due(self) -> bool:
        """Whether a recompute is due (:attr:`stale` says why)."""
        return bool(self.stale)

    def _set_stale(self, reason: str):
        if reason != self.stale:
            self.stale = reason
            self.events.emit("due", reason=reason)

    def check_follow(self) -> str:
        """The follow rules alone (see the module docstring): the reason the
        current point asks for a new surface, or ""."""
        r = self.result
        if r is None:
            return "no surface yet"
        cur = self.trajectory.current
        ab = r.project(cur)
        (a0, a1), (b0, b1) = (r.a[0], r.a[-1]), (r.b[0], r.b[-1])
        ma, mb = (1 - MIDDLE) / 2 * (a1 - a0), (1 - MIDDLE) / 2 * (b1 - b0)
        if not (a0 + ma <= ab[0] <= a1 - ma and b0 + mb <= ab[1] <= b1 - mb):
            return "the current point left the middle of the box"
        off = np.linalg.norm(r.theta_at(*ab) - cur)
        half = min((a1 - a0) * np.linalg.norm(r.d1), (b1 - b0) * np.linalg.norm(r.d2)) / 2
        if off > OFF_PLANE * half:
            return "the parameters moved off the plane"
        if r.mode == "pca":
            grown = self.trajectory.current_step
            if grown > PCA_GROWTH * max(self._pca_count, 1) and grown - self._pca_count > 5:
                return "the path has grown"
        return ""

    def set_follow(self, on: bool):
        """Follow training (recompute when the point leaves the box …) or not."""
        self.follow = bool(on)
        if self.follow and not self.stale:
            self._set_stale(self.check_follow())

    def auto_wait(self, now=None) -> float:
        """Seconds to wait before an automatic recompute may start (≤ 0: now):
        at most every AUTO_INTERVAL s, and the worker busy at most half the time."""
        now = time.perf_counter() if now is None else now
        return max(self._last_start + AUTO_INTERVAL, self._last_end + self._last_cost) - now

    # -- computing --------------------------------------------------------------------
    def begin(self, auto=False) -> SliceRequest:
        """A request for the surface around the current point; counts a
        recompute and clears :attr:`due`. Raises NNVizError (with a message for
        the user) when the plane cannot be made."""
        s = self.session
        t = s.trainer
        p = self.plane
        self.trajectory.sync()
        path = self.trajectory.thetas
        kw = dict(loss=t.loss, grid=p.grid, l1=t.l1, l2=t.l2, center=np.array(s.net.theta),
                  path=path, span=p.span if p.span > 0 else None)
        if p.mode == "params":
            i, j = (s.net.param_index(n) for n in p.names)
            if i == j:
                raise SpecError("Choose two different parameters")
            kw["directions"] = p.names
        elif p.mode == "random":
            kw["directions"] = "random"
            kw["seed"] = p.seed
        else:
            if len(path) < 2 or not np.any(path != path[-1]):
                raise NNVizError("Train a few steps first: the PCA plane is made from "
                                 "the path")
            kw["directions"] = "pca"
            self._pca_count = self.trajectory.current_step
        self.recomputes += 1
        self._last_start = time.perf_counter()
        self._set_stale("")
        return SliceRequest(s.net.copy(), np.array(t.X), np.array(t.Y), kw,
                            auto=bool(auto and self.result is not None))

    def accept(self, result, final=True):
        """Take a result of :meth:`begin`'s request (partial: ``final`` False)."""
        if final:
            self._last_end = time.perf_counter()
            self._last_cost = self._last_end - self._last_start
        if result is not None and result.center.size != self.session.net.theta.size:
            return                            # computed for a network that is gone
        self.result = result
        self._proj_key = None
        self.events.emit("surface", complete=bool(result is not None and result.complete))
        self._emitted_key = self._path_key()
        self.events.emit("path")

    def compute(self):
        """Begin, compute and accept in this thread; returns the result."""
        req = self.begin()
        res = landscape.slice(req.net, req.X, req.Y, **req.kwargs)
        self.accept(res)
        return res

    # -- honesty: the true loss along the path, and moving the network -----------------
    def honest_request(self, max_points=HONEST_POINTS) -> dict | None:
        """Arguments for :func:`honest_losses` (private copies; a worker may
        run it), or None without a surface: at most ``max_points`` path points,
        evenly spaced, the current point included."""
        r = self.result
        if r is None:
            return None
        s, t = self.session, self.session.trainer
        self.trajectory.sync()
        thetas = self.trajectory.thetas
        steps = self.trajectory.steps
        rows = _pick_rows(len(thetas), int(max_points))
        return {"net": s.net.copy(), "X": np.array(t.X), "Y": np.array(t.Y), "result": r,
                "thetas": thetas[rows], "steps": steps[rows], "loss": r.loss_name,
                "l1": r.l1, "l2": r.l2}

    def honest(self, max_points=HONEST_POINTS) -> HonestPath | None:
        """:func:`honest_losses` for the current surface, in this thread."""
        req = self.honest_request(max_points)
        return None if req is None else honest_losses(**req)

    def point_theta(self, a: float, b: float) -> np.ndarray:
        """θ at the point (a, b) of the surface on screen: origin + a·d1 + b·d2
        (two weights: the surface's centre with those two set to a and b)."""
        r = self.result
        if r is None:
            raise NNVizError("Compute the surface first")
        if not (np.isfinite(a) and np.isfinite(b)):
            raise SpecError("the point must have finite coordinates")
        return r.theta_at(float(a), float(b))

    def move_to(self, a: float, b: float, text="Move the network") -> bool:
        """Make the point (a, b) of the plane the network's parameters: one
        undoable edit (``session.set_theta``); returns whether θ changed."""
        return self.session.set_theta(self.point_theta(a, b), text)

    # -- the path ---------------------------------------------------------------------
    def path(self) -> np.ndarray:
        """(T, 2) the path projected onto the surface's plane (empty without a
        surface); only snapshots new since the last call are projected."""
        r = self.result
        if r is None:
            return np.zeros((0, 2))
        tj = self.trajectory
        key = (id(r), tj.generation)
        if key != self._proj_key:
            self._proj = r.project(tj.kept())
            self._proj_key = key
        elif len(self._proj) < tj.count:
            self._proj = np.vstack([self._proj, r.project(tj.kept(len(self._proj)))])
        pts = self._proj
        if len(tj) > tj.count:                        # the newest θ, not kept
            pts = np.vstack([pts, r.project(tj.current)[None, :]])
        return pts

    def clipped_path(self) -> np.ndarray:
        """:meth:`path` with far-away points clamped to the box plus one box size
        (and non-finite ones to 0), so that everything drawn is finite."""
        r = self.result
        pts = self.path()
        if r is None:
            return pts
        wa, wb = r.a[-1] - r.a[0], r.b[-1] - r.b[0]
        lo = np.array([r.a[0] - wa, r.b[0] - wb])
        hi = np.array([r.a[-1] + wa, r.b[-1] + wb])
        return np.clip(np.where(np.isfinite(pts), pts, 0.0), lo, hi)

    def gradient_in_plane(self) -> np.ndarray | None:
        """(∂L/∂a, ∂L/∂b) at the current θ: the engine's gradient projected on
        the plane; None without a surface."""
        r = self.result
        if r is None:
            return None
        flat = flat_gradient(self.session.net, self.session.gradients())
        if r.mode == "params":
            return flat[list(r.indices)].astype(float)
        return np.array([flat @ r.d1, flat @ r.d2])

    def arrow(self) -> tuple | None:
        """(tail, vector, gradient): the −∇L arrow at the current point, scaled
        to ARROW_SHARE of the box (equal shares on both axes); None when there
        is no surface or the gradient is zero or not finite."""
        g = self.gradient_in_plane()
        pts = self.clipped_path()
        if g is None or not len(pts):
            return None
        r = self.result
        wa, wb = r.a[-1] - r.a[0], r.b[-1] - r.b[0]
        norm = np.hypot(g[0] / wa, g[1] / wb)
        if not (np.isfinite(norm) and norm > 0):
            return None
        return pts[-1], -g / norm * ARROW_SHARE, g

    # -- the session ------------------------------------------------------------------
    def _path_key(self):
        tj = self.trajectory
        return (id(self.result), tj.generation, len(tj), tj.current_step,
                tj.current.tobytes() if len(tj) else b"")

    def _on_params(self, _ev=None):
        self.trajectory.sync()              # idempotent: the order of subscribers is free
        key = self._path_key()
        if key != self._emitted_key and self.result is not None:
            self._emitted_key = key           # "training" follows "params": emit once
            self.events.emit("path")
        if self.follow and not self.stale:
            self._set_stale(self.check_follow())

    _on_training = _on_params

    def _on_network(self, _ev=None):
        names = self.plane.names
        if not all(n in self.all_names() for n in names):
            self.plane = replace(self.plane, names=self._default_names())
            self.events.emit("plane", changed=frozenset({"names", "network"}))
        else:
            self.events.emit("plane", changed=frozenset({"network"}))
        if self.result is not None:
            self.result = None
            self._proj_key = None
            self.events.emit("surface", complete=False)
        self._set_stale("the network changed")

    def _on_data(self, _ev=None):
        self._set_stale("the data changed")

    def _on_settings(self, ev=None):
        changed = getattr(ev, "changed", frozenset())
        if changed and not changed & {"loss", "l1", "l2", "dataset", "features"}:
            return                              # lr, optimiser, batch size, …
        r, t = self.result, self.session.trainer
        if r is not None and (r.loss_name != t.loss or r.l1 != t.l1 or r.l2 != t.l2):
            self._set_stale("the loss changed")
