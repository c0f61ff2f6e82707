"""The learning-rate lab's model: one start, several learning rates and optimisers.

On the line fit y = w·x + b (one identity unit, mean squared error: its two
parameters *are* the whole landscape, an elongated bowl) — or on any two
parameters of the session's network — the lab runs gradient descent from one
start point with several learning rates and optimisers (:func:`descend_2d`)
and keeps the runs for the view to draw (``nnviz.views.lr_lab``).

Every optimiser of ``core.optim`` is available (sgd, momentum, nesterov,
adagrad, rmsprop, adam): :func:`descend_2d` steps the plane's two coordinates
with ``core.optim.make_optimizer``, the very optimisers training uses, so the
lab cannot teach a different momentum than the one the network trains with.

The default learning rates come from the curvature: λmax, the largest
eigenvalue of the 2 × 2 Hessian at the start (``core.trajectory.plane_hessian``;
exact for the line fit's quadratic loss). Plain gradient descent converges only
for lr < 2/λmax; the defaults are "too small" 0.01/λmax, "good" 0.3/λmax,
"oscillating" at 0.97 × 2/λmax and "divergent" 1.25 × 2/λmax (for the line
fit λmax ≈ 1: 0.01, 0.3, 1.9, 2.5).

:class:`LabModel` emits on its own ``events`` (``core.events.Events``):

* ``problem`` — task, plane, box, start point, λmax or default rates changed
  (``changed`` names which);
* ``surface`` — the loss surface behind the runs changed (``None`` while the
  network task's surface is being computed; see :meth:`LabModel.surface_request`);
* ``runs`` — the runs were recomputed (``changed``: what caused it).

This module imports only NumPy and ``core``; never Qt.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from . import landscape
from .data import make_dataset
from .errors import NNVizError, ShapeError, SpecError
from .events import Events
from .network import Network
from .optim import OPTIMIZER_NAMES, make_optimizer
from .trajectory import plane_hessian

__all__ = ["LabModel", "Problem", "Run", "DescentPath", "descend_2d", "default_rates",
           "parse_rates", "diverged_step", "OPTIMIZERS"]

OPTIMIZERS = OPTIMIZER_NAMES
LINE_SPEC = [{"input_dim": 1, "output_dim": 1, "activation": "identity"}]
LINE_NAMES = ("W1[0,0]", "b1[0]")
LINE_BOX = (3.0, 2.0)            # half-widths (w, b) around the best line
LINE_START = (-2.0, 1.5)         # offset from the best line: top left of the bowl
LINE_SAMPLES = 100
GRID = 101
NETWORK_GRID = 81
DEFAULT_STEPS = 50
MIN_STEPS, MAX_STEPS = 5, 300
MAX_RATES = 8
BLOWUP = 1e3                     # loss × start loss that counts as divergence
TASKS = ("line", "network")


# ---------------------------------------------------------------------------
# descent restricted to a plane
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class DescentPath:
    """Gradient descent restricted to a plane (:func:`descend_2d`).

    ``points`` (k, 2) are the visited (a, b) coordinates, start included, and
    ``losses`` (k,) their losses; both contain only finite numbers — a run that
    overflows stops before the first non-finite value (``diverged`` True,
    ``reason`` says why and at which step)."""
    points: np.ndarray
    losses: np.ndarray
    diverged: bool
    reason: str
    optimizer: str
    lr: float
    mode: str
    names: tuple | None
    center: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    origin: tuple

    @property
    def steps(self) -> int:
        return max(len(self.points) - 1, 0)

    def thetas(self) -> np.ndarray:
        """(k, P) full parameter vectors along the path."""
        p = self.points - np.asarray(self.origin)
        out = self.center + p[:, :1] * self.d1 + p[:, 1:2] * self.d2
        if self.mode == "params":       # the exact values, not centre + offset
            out[:, [int(np.flatnonzero(self.d1)[0]), int(np.flatnonzero(self.d2)[0])]] = \
                self.points
        return out


def descend_2d(net, X, Y, names_or_directions=LINE_NAMES, start=None, lr=0.1,
               optimizer="sgd", steps=100, loss=None, l1=0.0, l2=0.0, center=None,
               blowup=1e6, **hyper) -> DescentPath:
    """Gradient descent on only the two coordinates of a plane.

    ``names_or_directions``: two parameter names (coordinates are their absolute
    values), two (P,) vectors (coordinates are offsets from ``center``), or a
    ``landscape.SliceResult`` (its plane, centre, loss and penalty). ``start``
    is the (a, b) start point (default: the centre). The gradient is the
    engine's (inference mode), projected on the plane: ∂L/∂a = ∇L·d1,
    ∂L/∂b = ∇L·d2. ``optimizer`` is any of ``core.optim.OPTIMIZER_NAMES``,
    stepped by ``core.optim.make_optimizer(optimizer, lr, **hyper)``.

    The run stops early — ``diverged`` True with a ``reason`` — at the first
    non-finite parameter, loss or gradient (that point is not included), or when
    the loss exceeds ``blowup``·max(1, start loss) (pass None to disable). The
    network is not modified."""
    if not isinstance(net, Network):
        raise SpecError(f"expected a core.Network, got {type(net).__name__}")
    opt = make_optimizer(optimizer, lr, **hyper)      # checks the name, lr and hyper
    if isinstance(steps, bool) or int(steps) != steps or steps < 0:
        raise SpecError(f"steps must be a whole number ≥ 0, got {steps!r}")
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[0])
    if isinstance(names_or_directions, landscape.SliceResult):
        r = names_or_directions
        mode, d1, d2, origin, names = r.mode, r.d1, r.d2, r.origin, r.names
        if center is None:
            center = r.center
        else:
            center = landscape.plane_of(net, (r.d1, r.d2), center)["center"]
            if mode == "params":
                origin = (float(center[r.indices[0]]), float(center[r.indices[1]]))
        loss = loss or r.loss_name
        l1 = l1 or r.l1
        l2 = l2 or r.l2
    else:
        pl = landscape.plane_of(net, names_or_directions, center)
        mode, d1, d2, origin, names, center = (pl[k] for k in
                                               ("mode", "d1", "d2", "origin", "names", "center"))
    loss = net.check_loss(loss)
    p = np.array(origin if start is None else start, dtype=np.float64).reshape(-1)
    if p.shape != (2,):
        raise ShapeError(f"start must be a pair (a, b), got {start!r}")
    work = net.copy()
    D = np.stack([d1, d2])                                  # (2, P)
    idx = (int(np.flatnonzero(d1)[0]), int(np.flatnonzero(d2)[0])) if mode == "params" \
        else None

    def at(point):
        theta = center + (point[0] - origin[0]) * d1 + (point[1] - origin[1]) * d2
        if idx is not None:         # exact values, no rounding through offsets
            theta[list(idx)] = point
        work.set_flat(theta)
        value, g = work.flat_loss_and_gradient(X, Y, loss, l1, l2, train=False)
        return float(value), D @ g

    pts, losses = [], []
    diverged, reason = False, f"ran {int(steps)} steps"
    with np.errstate(all="ignore"):
        if not np.all(np.isfinite(p)):
            value, g = np.nan, np.full(2, np.nan)
        else:
            value, g = at(p)
        if not (np.isfinite(value) and np.all(np.isfinite(g))):
            diverged, reason = True, "the loss or its gradient is not finite at the start"
        else:
            pts.append(p.copy())
            losses.append(value)
            limit = None if blowup is None else float(blowup) * max(1.0, value)
            for k in range(1, int(steps) + 1):
                q = p.copy()
                opt.step(q, g)
                if not np.all(np.isfinite(q)):
                    diverged, reason = True, f"parameters overflowed at step {k}"
                    break
                value, g = at(q)
                if not (np.isfinite(value) and np.all(np.isfinite(g))):
                    diverged, reason = True, f"the loss overflowed at step {k}"
                    break
                pts.append(q)
                losses.append(value)
                p = q
                if limit is not None and value > limit:
                    diverged = True
                    reason = (f"the loss grew past {blowup:g}× its start value at step "
                              f"{k}: the learning rate is too large")
                    break
    points = np.array(pts, dtype=np.float64).reshape(-1, 2)
    lvals = np.array(losses, dtype=np.float64)
    for arr in (points, lvals):
        arr.setflags(write=False)
    return DescentPath(points=points, losses=lvals, diverged=diverged, reason=reason,
                       optimizer=optimizer, lr=float(opt.lr), mode=mode, names=names,
                       center=center, d1=d1, d2=d2, origin=tuple(origin))


# ---------------------------------------------------------------------------
# learning rates
# ---------------------------------------------------------------------------
def _nice(x, digits=1, mode="round"):
    """``x`` to ``digits`` significant digits (mode "round", "down" or "up")."""
    if not (np.isfinite(x) and x > 0):
        return x
    e = math.floor(math.log10(x)) - digits + 1
    f = {"round": round, "down": math.floor, "up": math.ceil}[mode]
    return float(f"{int(f(x / 10 ** e))}e{e}")         # no 0.30000000000000004


def default_rates(lam_max: float) -> list[float]:
    """Too small, good, oscillating (just below 2/λmax), divergent (above)."""
    if not (np.isfinite(lam_max) and lam_max > 0):
        return [0.01, 0.1, 0.3, 1.0]
    limit = 2.0 / lam_max
    return [_nice(0.01 / lam_max), _nice(0.3 / lam_max),
            _nice(0.97 * limit, 2, "down"), _nice(1.25 * limit, 2, "up")]


def parse_rates(text: str) -> list[float]:
    """"0.01, 0.3 1.9" → [0.01, 0.3, 1.9]; raises ValueError with a message."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    if not parts:
        raise ValueError("Give at least one learning rate")
    out = []
    for p in parts:
        try:
            v = float(p.replace("−", "-"))
        except ValueError:
            raise ValueError(f"{p!r} is not a number") from None
        if not (np.isfinite(v) and 0 < v <= 1e4):
            raise ValueError("Learning rates must be positive numbers")
        out.append(v)
    if len(out) > MAX_RATES:
        raise ValueError(f"At most {MAX_RATES} learning rates")
    return out


def diverged_step(path: DescentPath) -> int | None:
    """The step at which a run blew up, or None if it did not."""
    if path.diverged:
        m = re.search(r"step (\d+)", path.reason)
        return int(m.group(1)) if m else path.steps + 1
    L = path.losses
    if len(L) > 2 and L[-1] > 10 * max(L[0], 1e-12) and L[-1] > L[-2]:
        return path.steps            # still climbing when the steps ran out
    return None


# ---------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Problem:
    """What the lab descends: a copy of a network and its data, two parameters."""
    task: str                     # "line" | "network"
    net: Network
    X: np.ndarray
    Y: np.ndarray
    loss: str
    l1: float
    l2: float
    names: tuple
    box: tuple                    # ((a0, a1), (b0, b1)) in parameter values
    home: tuple                   # the default start point
    grid: int


@dataclass(frozen=True, eq=False)
class Run:
    """One descent: ``rate_index`` is the learning rate's place in the list
    (the view colours by it)."""
    lr: float
    optimizer: str
    rate_index: int
    path: DescentPath
    diverged_at: int | None


def line_problem() -> Problem:
    """The line fit on ``LINE_SAMPLES`` noisy points; the box is centred on the
    least-squares line, the start is up and to the left of it."""
    ds = make_dataset("line", LINE_SAMPLES, 0.1, 0, 0.0)
    X, Y = ds.X, ds.targets()
    A = np.hstack([X[:, :1], np.ones((X.shape[0], 1))])
    (w0, b0), *_ = np.linalg.lstsq(A, Y[:, 0], rcond=None)
    w0, b0 = float(w0), float(b0)
    box = ((w0 - LINE_BOX[0], w0 + LINE_BOX[0]), (b0 - LINE_BOX[1], b0 + LINE_BOX[1]))
    return Problem("line", Network(LINE_SPEC, seed=0), X, Y, "mse", 0.0, 0.0, LINE_NAMES,
                   box, (w0 + LINE_START[0], b0 + LINE_START[1]), GRID)


class LabModel:
    """The lab's state; see the module docstring. ``LabModel(session=None)``:
    without a session only the line fit is available.

    Read: ``task``, ``problem`` (:class:`Problem`), ``start``, ``lam_max``,
    ``rates``, ``optimizers``, ``steps``, ``runs`` (list of :class:`Run`),
    ``surface`` (a ``landscape.SliceResult`` or None), ``box``.
    Change: :meth:`set_task`, :meth:`set_names`, :meth:`set_rates`,
    :meth:`set_optimizers`, :meth:`set_steps`, :meth:`set_start`.
    """

    def __init__(self, session=None):
        self.events = Events()
        self.session = session
        self.task = "line"
        self.rates: list[float] = [0.01, 0.3, 1.9, 2.5]
        self.optimizers: tuple = ("sgd",)
        self.steps = DEFAULT_STEPS
        self.runs: list[Run] = []
        self.surface = None
        self.lam_max = float("nan")
        self._line = line_problem()
        self.problem = self._line
        self.start = self.problem.home
        self._handlers = []
        if session is not None:
            for name in ("network", "data", "settings"):
                fn = getattr(self, f"_on_{name}")
                session.events.connect(name, fn)
                self._handlers.append((name, fn))
        self._setup(("task",))

    def close(self):
        """Stop listening to the session."""
        for name, fn in self._handlers:
            self.session.events.disconnect(name, fn)
        self._handlers.clear()

    @property
    def box(self) -> tuple:
        return self.problem.box

    # -- the problem ------------------------------------------------------------
    def set_task(self, task: str, names=None):
        """"line" (the line fit) or "network" (two parameters of the session's net)."""
        if task not in TASKS:
            raise SpecError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
        if task == "network" and self.session is None:
            raise SpecError("the network task needs a session")
        self.task = task
        self.problem = self._line if task == "line" else self._network_problem(names)
        self._setup(("task",))

    def set_names(self, first: str, second: str) -> bool:
        """Two parameters of the session's network (the network task). Raises
        SpecError for an unknown name or twice the same."""
        if self.task != "network":
            raise SpecError("parameter names apply to the network task only")
        net = self.problem.net
        i, j = net.param_index(first), net.param_index(second)
        if i == j:
            raise SpecError("Choose two different parameters")
        names = (net.param_name(i), net.param_name(j))
        if names == self.problem.names:
            return False
        self.problem = self._network_problem(names)
        self._setup(("names",))
        return True

    def all_names(self) -> list[str]:
        net = self.problem.net
        return [net.param_name(i) for i in range(net.theta.size)]

    def _network_problem(self, names=None) -> Problem:
        s = self.session
        t = s.trainer
        net = s.net.copy()
        all_names = [net.param_name(i) for i in range(net.theta.size)]
        if names is None:
            old = self.problem.names if self.problem.task == "network" else ()
            sel = s.selection
            picked = (f"W{sel[1]}[{sel[2]},{sel[3]}]", f"b{sel[1]}[{sel[3]}]") \
                if sel and sel[0] == "edge" and len(sel) == 4 else ()
            first_bias = next((n for n in all_names if n.startswith("b")), all_names[1])
            names = next((c for c in (picked, old) if len(c) == 2
                          and all(n in all_names for n in c)), (all_names[0], first_bias))
        i, j = (net.param_index(n) for n in names)
        home = (float(net.theta[i]), float(net.theta[j]))
        half = [max(1.0, 2.0 * abs(v)) for v in home]
        box = ((home[0] - half[0], home[0] + half[0]), (home[1] - half[1], home[1] + half[1]))
        return Problem("network", net, np.array(t.X), np.array(t.Y), t.loss, float(t.l1),
                       float(t.l2), tuple(names), box, home, NETWORK_GRID)

    def _setup(self, why):
        """New problem: surface, start point, λmax, default rates, runs."""
        p = self.problem
        self.start = p.home
        self.surface = None
        if p.task == "line":
            self.compute_surface(emit=False)
        self.lam_max = self.curvature()
        self.rates = default_rates(self.lam_max)
        self.events.emit("problem", changed=frozenset(why) | {"start", "lam_max", "rates"})
        self.events.emit("surface")
        self.run(changed=("problem",))

    def curvature(self, point=None) -> float:
        """λmax of the 2 × 2 Hessian at ``point`` (default: the start); NaN when
        it cannot be had."""
        p = self.problem
        try:
            with np.errstate(all="ignore"):
                H = plane_hessian(p.net, p.X, p.Y, p.names,
                                  point=self.start if point is None else point,
                                  loss=p.loss, l1=p.l1, l2=p.l2)
            lam = float(np.linalg.eigvalsh(H).max())
        except (NNVizError, np.linalg.LinAlgError):
            return float("nan")
        return lam if np.isfinite(lam) else float("nan")

    # -- the surface ----------------------------------------------------------------
    def surface_request(self) -> tuple:
        """``(net, X, Y, kwargs)`` for ``landscape.iter_slice`` — what a worker
        computes for the current problem (the arrays are the model's private
        copies; the worker must not modify them)."""
        p = self.problem
        return p.net, p.X, p.Y, dict(loss=p.loss, directions=p.names, grid=p.grid,
                                     span=p.box, l1=p.l1, l2=p.l2)

    def accept_surface(self, result) -> bool:
        """Take a (partial or complete) surface computed for the current problem;
        a result for another plane is dropped (returns False)."""
        p = self.problem
        if result is None or result.names != p.names or \
                result.center.size != p.net.theta.size:
            return False
        self.surface = result
        self.events.emit("surface", complete=bool(result.complete))
        return True

    def compute_surface(self, emit=True):
        """Compute the surface here and now (the line fit's takes milliseconds)."""
        net, X, Y, kw = self.surface_request()
        self.surface = landscape.slice(net, X, Y, **kw)
        if emit:
            self.events.emit("surface", complete=True)
        return self.surface

    # -- the runs --------------------------------------------------------------------
    def set_rates(self, rates):
        rates = [float(r) for r in rates]
        if not 1 <= len(rates) <= MAX_RATES or \
                not all(np.isfinite(r) and r > 0 for r in rates):
            raise SpecError(f"give 1 to {MAX_RATES} positive learning rates")
        if rates != self.rates:
            self.rates = rates
            self.run(changed=("rates",))

    def set_optimizers(self, names):
        names = tuple(n for n in OPTIMIZERS if n in set(names))
        unknown = set(names) - set(OPTIMIZERS)
        if unknown:
            raise SpecError(f"unknown optimizer(s) {', '.join(sorted(unknown))}")
        if names != self.optimizers:
            self.optimizers = names
            self.run(changed=("optimizers",))

    def set_steps(self, n):
        n = int(np.clip(int(n), MIN_STEPS, MAX_STEPS))
        if n != self.steps:
            self.steps = n
            self.run(changed=("steps",))

    def contains(self, a, b) -> bool:
        (a0, a1), (b0, b1) = self.box
        return a0 <= a <= a1 and b0 <= b <= b1

    def set_start(self, a, b) -> bool:
        """Start every run at (a, b) (parameter values) and re-run them; a
        point outside the box is refused (returns False)."""
        a, b = float(a), float(b)
        if not self.contains(a, b):
            return False
        if (a, b) != self.start:
            self.start = (a, b)
            self.lam_max = self.curvature()
            self.events.emit("problem", changed=frozenset({"start", "lam_max"}))
            self.run(changed=("start",))
        return True

    def run(self, changed=()):
        """Recompute every (optimiser, learning rate) run from the start point."""
        p = self.problem
        runs = []
        for opt in self.optimizers:
            for k, lr in enumerate(self.rates):
                path = descend_2d(p.net, p.X, p.Y, p.names, start=self.start, lr=lr,
                                  optimizer=opt, steps=self.steps, loss=p.loss, l1=p.l1,
                                  l2=p.l2, blowup=BLOWUP)
                runs.append(Run(lr, opt, k, path, diverged_step(path)))
        self.runs = runs
        self.events.emit("runs", changed=frozenset(changed))
        return runs

    # -- the session -------------------------------------------------------------------
    def _on_network(self, _ev=None):
        if self.task == "network":
            self.problem = self._network_problem()
            self._setup(("network",))

    _on_data = _on_network

    def _on_settings(self, _ev=None):
        if self.task != "network":
            return
        t, p = self.session.trainer, self.problem
        if (t.loss, float(t.l1), float(t.l2)) != (p.loss, p.l1, p.l2):
            self._on_network()
