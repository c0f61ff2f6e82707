"""Loss landscapes: the loss on a 2-D slice of parameter space, and descent on it.

``slice(net, X, Y, ...)`` evaluates L(θ₀ + α·d₁ + β·d₂) on a grid of (α, β)
around a centre θ₀ (default: the network's current ``theta``). Four kinds of
plane (``directions``):

* **two parameters by name**, e.g. ``("W1[0,0]", "b1[0]")``: the exact loss
  over those two weights with every other parameter held at the centre. The
  axes ``.a`` and ``.b`` are then the *absolute values* of the two parameters
  (so the axes read as the weights themselves), not offsets. For the line fit
  y = w·x + b (one identity unit, two parameters) this is the whole landscape.
* ``"random"``: two seeded Gaussian directions, filter-normalised as in Li et
  al. 2018 ("Visualizing the Loss Landscape of Neural Nets"): for a dense layer
  each output unit's incoming weight column of the direction is rescaled to the
  norm of that unit's weights at the centre. Like Li et al. (their default
  ``ignore='biasbn'``) biases — and PReLU slopes — are set to zero in the
  direction. A unit whose weights are all zero keeps a unit-norm column, so a
  network initialised to zeros still gets a plane. Axes are offsets (α, β).
* ``"pca"``: the first two principal directions of a training trajectory
  ``path`` (T, P), centred at its final point (or ``center``). The principal
  directions are those of the deviations θ_t − θ₀ *about the centre* (an
  uncentred SVD), because the plane is anchored at the centre: then
  ``.explained_variance`` is exactly the share of Σ‖θ_t − θ₀‖² the plane keeps,
  and projecting the path onto the plane leaves a squared error of exactly
  (1 − Σ explained) of that total. Signs are chosen so the path starts on the
  negative side of each axis and travels towards the centre. Axes are offsets
  along unit vectors, i.e. Euclidean distances in parameter space.
* two explicit vectors ``(v1, v2)`` (each (P,)): axes are offsets (α, β).

Layout of the result: ``.loss`` has shape (len(b), len(a)) — the row index is
``b``, the column index is ``a`` — C-contiguous, ready for a row-major image
(pyqtgraph: ``ImageItem(axisOrder="row-major")``; ``.rect()`` gives the image
rectangle in axis units). Cells not computed (cancelled run) are NaN; overflowed
cells are +inf or NaN; ``display_loss()`` gives a float32 copy that is always
finite.

Speed (DESIGN.md "Loss surfaces"): grid points are evaluated in chunks, many
networks at once, in float32 and in a (chunk, units, samples) layout. Layers
before the first one the directions touch are computed once for the whole
grid; the first touched layer uses the linear trick
Z(θ₀ + α d₁ + β d₂) = H·B₀ + α·H·D₁ + β·H·D₂ with the three products made once;
deeper layers use one batched matrix product per chunk, with the bias folded in
as a row of ones. The cross-entropies are computed from the logits as sums of
non-negative terms (stable for any logit, and no cancellation in float32 for
confident predictions); the mean squared error is reduced in float64.
``dtype=np.float64`` gives the exact (about 2× slower) version.

Long grids are interruptible: ``progress(fraction, partial_result)`` is called
after each chunk and ``cancel()`` is polled before each; ``iter_slice`` is the
same computation as a generator for a GUI worker.

Descent restricted to such a plane (the learning-rate lab) is
``core.lr_lab.descend_2d``; the loss-surface state shown on screen (which
plane, when to recompute) is ``core.surface.SurfaceModel``.

Why this module is longer than ~600 lines: the batched evaluator
(``_Evaluator``) is only correct together with the plane resolution and the
result layout it fills (origins, offsets, the linear trick's first layer);
they are one unit, tested as one against the plain engine loop.

This module imports only NumPy and ``core``; never Qt.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, LEAKY_DEFAULT, RRELU_LOWER, RRELU_UPPER
from .errors import DataError, ShapeError, SpecError
from .network import Network

# ``slice`` is public but left out of __all__ on purpose: a star import would
# otherwise shadow the builtin slice in the importing module. Call it as
# ``landscape.slice(...)``.
__all__ = ["SliceResult", "iter_slice", "filter_normalized_directions", "pca_directions",
           "plane_of", "MODES"]

MODES = ("params", "random", "pca", "vectors")
MAX_GRID = 2001          # per axis; 2001² cells is ~32 MB of float64
DEFAULT_CHUNK = 64       # grid points per batch: bench_landscape.py measured 48–128
#                          equally fast on 2-16-16-1 × 500 samples, 8 and 256 ~20 % slower
# OpenBLAS runs a product on several threads once m·n·k > 65536·4; on a busy
# 2-core machine that was measured up to 400× slower than one thread, so the
# big product of the linear trick is cut into column blocks below that size.
_BLAS_SINGLE_MNK = 1 << 18
CHUNK_MEMORY = 64 << 20  # bytes of activations per batch; caps chunk for big data


# ---------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SliceResult:
    """A loss surface on a plane through parameter space (read-only arrays).

    ``loss[j, i]`` is the loss at ``a[i]``, ``b[j]``: rows follow ``b``.
    The parameter vector of a point is ``theta_at(a, b)``:
    ``center + (a − origin[0])·d1 + (b − origin[1])·d2``, where ``origin`` is
    the two parameters' centre values in "params" mode and (0, 0) otherwise.
    """
    a: np.ndarray                 # (grid_a,) axis values
    b: np.ndarray                 # (grid_b,) axis values
    loss: np.ndarray              # (grid_b, grid_a) float64; NaN = not computed
    d1: np.ndarray                # (P,) direction of the a axis
    d2: np.ndarray                # (P,) direction of the b axis
    center: np.ndarray            # (P,) θ₀
    origin: tuple                 # (a, b) coordinates of the centre
    mode: str                     # "params" | "random" | "pca" | "vectors"
    names: tuple | None           # the two parameter names in "params" mode
    explained_variance: tuple | None   # pca: share of each direction
    loss_name: str
    l1: float
    l2: float
    complete: bool                # False while partial or after a cancel
    done: int                     # cells computed, in row-major order
    path_coords: np.ndarray | None = None   # the given path, projected
    seed: int | None = None
    dtype: str = "float32"

    @property
    def shape(self) -> tuple:
        return self.loss.shape

    @property
    def fraction(self) -> float:
        return self.done / self.loss.size

    @property
    def finite_min(self) -> float:
        v = self.loss[np.isfinite(self.loss)]
        return float(v.min()) if v.size else float("nan")

    @property
    def finite_max(self) -> float:
        v = self.loss[np.isfinite(self.loss)]
        return float(v.max()) if v.size else float("nan")

    def argmin(self) -> tuple:
        """(a, b) of the lowest finite cell (NaN, NaN if there is none)."""
        L = np.where(np.isfinite(self.loss), self.loss, np.inf)
        if not np.isfinite(L).any():
            return (float("nan"), float("nan"))
        j, i = np.unravel_index(int(np.argmin(L)), L.shape)
        return (float(self.a[i]), float(self.b[j]))

    def display_loss(self, log: bool = False, fill: float | None = None) -> np.ndarray:
        """A float32 C-contiguous copy of ``loss`` safe to draw: every non-finite
        cell (overflow, or not computed yet) becomes ``fill`` (default: the
        largest finite loss; 0 if no cell is finite). ``log=True`` returns
        log10 of it, with the loss floored at its smallest positive finite value
        so a zero loss does not become −inf."""
        L = np.array(self.loss, dtype=np.float64)
        ok = np.isfinite(L)
        if fill is None:
            fill = float(L[ok].max()) if ok.any() else 0.0
        L[~ok] = fill
        if log:
            pos = L[L > 0]
            floor = float(pos.min()) if pos.size else 1e-30
            L = np.log10(np.maximum(L, floor))
        return np.ascontiguousarray(L, dtype=np.float32)

    def rect(self) -> tuple:
        """(x, y, width, height) of the image in axis units, cell edges
        included (each cell centred on its grid value)."""
        da = (self.a[-1] - self.a[0]) / max(len(self.a) - 1, 1)
        db = (self.b[-1] - self.b[0]) / max(len(self.b) - 1, 1)
        return (float(self.a[0] - da / 2), float(self.b[0] - db / 2),
                float(self.a[-1] - self.a[0] + da), float(self.b[-1] - self.b[0] + db))

    def theta_at(self, a: float, b: float) -> np.ndarray:
        """The full parameter vector at the point (a, b) of the plane."""
        if self.mode == "params":
            theta = self.center.copy()
            theta[list(self.indices)] = (a, b)
            return theta
        return self.center + (a - self.origin[0]) * self.d1 + (b - self.origin[1]) * self.d2

    @property
    def indices(self) -> tuple | None:
        """Indices into theta of the two parameters ("params" mode), else None."""
        if self.mode != "params":
            return None
        return (int(np.flatnonzero(self.d1)[0]), int(np.flatnonzero(self.d2)[0]))

    def project(self, thetas) -> np.ndarray:
        """(a, b) coordinates of parameter vectors: (T, P) → (T, 2), (P,) → (2,).

        "params" mode: the two parameters' values. Otherwise the least-squares
        coordinates of θ − center in the basis (d1, d2) (the minimum-norm
        solution if d1 and d2 are parallel)."""
        return _project(thetas, self.center, self.d1, self.d2, self.mode, self.origin)


def _project(thetas, center, d1, d2, mode, origin):
    T = np.asarray(thetas, dtype=np.float64)
    single = T.ndim == 1
    T = np.atleast_2d(T)
    if T.ndim != 2 or T.shape[1] != center.size:
        raise ShapeError(f"parameter vectors have shape {np.shape(thetas)}; expected "
                         f"(T, {center.size}) or ({center.size},)")
    if mode == "params":
        out = T[:, [int(np.flatnonzero(d1)[0]), int(np.flatnonzero(d2)[0])]]
    else:
        D = np.stack([d1, d2], axis=1)                 # (P, 2)
        out = (T - center) @ np.linalg.pinv(D).T + np.asarray(origin)
    return out[0] if single else out



# ---------------------------------------------------------------------------
# directions
# ---------------------------------------------------------------------------
def _weight_mask(net: Network) -> np.ndarray:
    """True for entries of theta that are weights (not biases, not PReLU α)."""
    mask = np.zeros(net.theta.size, dtype=bool)
    for i, ls in enumerate(net.layers):
        mask[net._slices[i][0]].reshape(ls.input_dim + 1, ls.output_dim)[:-1] = True
    return mask


def filter_normalized_directions(net: Network, center=None, seed=0, count=2):
    """``count`` seeded random directions, filter-normalised (Li et al. 2018).

    Each unit's incoming weight column gets the norm of that unit's weights at
    ``center``; bias and PReLU entries are zero. Returns a list of (P,) arrays."""
    center = _check_center(net, center)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        d = np.zeros_like(center)
        for i, ls in enumerate(net.layers):
            block = net._slices[i][0]
            W0 = center[block].reshape(ls.input_dim + 1, ls.output_dim)[:-1]
            R = rng.standard_normal(W0.shape)
            w_norm = np.linalg.norm(W0, axis=0)
            r_norm = np.linalg.norm(R, axis=0)
            target = np.where(w_norm > 0, w_norm, 1.0)
            R *= target / np.where(r_norm > 0, r_norm, 1.0)
            d[block].reshape(ls.input_dim + 1, ls.output_dim)[:-1] = R
        out.append(d)
    return out


def pca_directions(path, center, seed=0):
    """(d1, d2, (share1, share2)) of a trajectory about ``center``; see the module
    docstring. Raises DataError for a path that never leaves the centre."""
    M = np.asarray(path, dtype=np.float64) - center
    _, S, Vt = np.linalg.svd(M, full_matrices=False)
    total = float(np.sum(S * S))
    if not np.isfinite(total):
        raise DataError("the path contains non-finite parameters")
    if total == 0.0 or S[0] <= 1e-300:
        raise DataError("the path never leaves the centre (all snapshots are the "
                        "same point); train for a few steps first")
    d1 = Vt[0].copy()
    if S.size > 1 and S[1] > 1e-12 * S[0]:
        d2 = Vt[1].copy()
        s2 = float(S[1] ** 2)
    else:                       # a straight path: any perpendicular will do
        rng = np.random.default_rng(seed)
        d2 = rng.standard_normal(d1.size)
        d2 -= (d2 @ d1) * d1
        nrm = np.linalg.norm(d2)
        if nrm == 0:            # a one-parameter model has no second direction
            raise DataError("the model has a single parameter; a plane needs two")
        d2 /= nrm
        s2 = 0.0
    for d in (d1, d2):          # the path starts on the negative side
        if (M[0] @ d) > 0:
            d *= -1.0
    return d1, d2, (float(S[0] ** 2) / total, s2 / total)


def _check_center(net, center):
    if center is None:
        return np.array(net.theta, dtype=np.float64)
    c = np.array(center, dtype=np.float64).reshape(-1)
    if c.shape != net.theta.shape:
        raise ShapeError(f"center has {c.size} entries; this network has "
                         f"{net.theta.size} parameters")
    if not np.all(np.isfinite(c)):
        raise DataError("center contains non-finite parameters")
    return c


def _check_path(net, path):
    if path is None:
        return None
    P = np.asarray(path, dtype=np.float64)
    if P.ndim == 1:
        P = P[None, :]
    if P.ndim != 2 or P.shape[1] != net.theta.size:
        raise ShapeError(f"path has shape {np.shape(path)}; expected (T, "
                         f"{net.theta.size}): one parameter vector per snapshot")
    if P.shape[0] == 0:
        raise ShapeError("path has no snapshots")
    if not np.all(np.isfinite(P)):
        raise DataError("path contains non-finite parameters")
    return P


def _resolve_plane(net, directions, center, path, seed):
    """(mode, d1, d2, origin, names, explained, center)."""
    if isinstance(directions, str):
        mode = directions.strip().lower()
        if mode == "random":
            d1, d2 = filter_normalized_directions(net, center, seed)
            return "random", d1, d2, (0.0, 0.0), None, None, center
        if mode == "pca":
            if path is None or path.shape[0] < 2:
                raise DataError("the pca plane needs a training path of at least two "
                                "parameter snapshots (path=(T, P) array)")
            d1, d2, ev = pca_directions(path, center, seed)
            return "pca", d1, d2, (0.0, 0.0), None, ev, center
        raise SpecError(f"unknown directions {directions!r}; use two parameter names "
                        "such as ('W1[0,0]', 'b1[0]'), 'random', 'pca' or two vectors")
    try:
        first, second = directions
    except (TypeError, ValueError):
        raise SpecError("directions must be two parameter names, 'random', 'pca' or "
                        f"two direction vectors; got {directions!r}") from None
    if isinstance(first, str) and isinstance(second, str):
        i, j = net.param_index(first), net.param_index(second)
        if i == j:
            raise SpecError(f"the two parameters must differ; {first!r} and "
                            f"{second!r} are the same entry")
        d1 = np.zeros_like(center)
        d2 = np.zeros_like(center)
        d1[i] = 1.0
        d2[j] = 1.0
        names = (net.param_name(i), net.param_name(j))
        return "params", d1, d2, (float(center[i]), float(center[j])), names, None, center
    if isinstance(first, str) or isinstance(second, str):
        raise SpecError("give two parameter names or two vectors, not one of each")
    vs = []
    for k, v in enumerate((first, second), start=1):
        v = np.asarray(v, dtype=np.float64).reshape(-1)
        if v.shape != center.shape:
            raise ShapeError(f"direction {k} has {v.size} entries; this network has "
                             f"{center.size} parameters")
        if not np.all(np.isfinite(v)) or not np.any(v):
            raise SpecError(f"direction {k} must be finite and not all zero")
        vs.append(v.copy())
    return "vectors", vs[0], vs[1], (0.0, 0.0), None, None, center


def plane_of(net: Network, directions, center=None) -> dict:
    """The plane of two parameter names or two (P,) vectors through ``center``
    (default: the network's θ), as ``descend_2d`` walks it: a dict with
    ``mode`` ("params" | "vectors"), ``d1``, ``d2``, ``origin`` (the centre's
    (a, b) coordinates), ``names`` and ``center``."""
    center = _check_center(net, center)
    if isinstance(directions, str):
        raise SpecError("a plane to walk needs two parameter names or two direction "
                        "vectors")
    mode, d1, d2, origin, names, _, center = _resolve_plane(net, directions, center, None, 0)
    return dict(mode=mode, d1=d1, d2=d2, origin=tuple(origin), names=names, center=center)


def _axis_box(span, mode, origin, path_ab):
    """((a0, a1), (b0, b1)) in axis units."""
    if span is None:
        if mode == "params":
            s = [max(1.0, 2.0 * abs(v)) for v in origin]
            box = [[origin[0] - s[0], origin[0] + s[0]], [origin[1] - s[1], origin[1] + s[1]]]
        elif mode == "pca":
            box = [[0.0, 0.0], [0.0, 0.0]]
        else:
            box = [[-1.0, 1.0], [-1.0, 1.0]]
        if path_ab is not None:         # cover the path, with a 20 % margin
            lo = np.minimum(path_ab.min(axis=0), [box[0][0], box[1][0]])
            hi = np.maximum(path_ab.max(axis=0), [box[0][1], box[1][1]])
            ext = hi - lo
            if mode == "pca":           # neither axis narrower than half the other
                ext = np.maximum(ext, 0.5 * ext.max())
                mid = 0.5 * (lo + hi)
                lo, hi = mid - ext / 2, mid + ext / 2
            m = np.maximum(0.2 * ext, 1e-12)
            box = [[lo[0] - m[0], hi[0] + m[0]], [lo[1] - m[1], hi[1] + m[1]]]
        return tuple(tuple(map(float, r)) for r in box)
    arr = np.asarray(span, dtype=np.float64)
    if arr.shape == ():
        arr = np.array([arr, arr])
    if arr.shape == (2,):
        if np.any(arr <= 0):
            raise SpecError(f"span must be positive, got {span!r}")
        box = [[origin[0] - arr[0], origin[0] + arr[0]],
               [origin[1] - arr[1], origin[1] + arr[1]]]
    elif arr.shape == (2, 2):
        box = arr.tolist()
    else:
        raise SpecError("span must be a number, a pair (span_a, span_b) or a box "
                        f"((a0, a1), (b0, b1)); got {span!r}")
    for lo, hi in box:
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise SpecError(f"span box {span!r} needs finite limits with low < high")
    return tuple(tuple(map(float, r)) for r in box)


def _grid_sizes(grid):
    g = (grid, grid) if np.ndim(grid) == 0 else tuple(grid)
    if len(g) != 2:
        raise SpecError(f"grid must be an int or a pair (n_a, n_b); got {grid!r}")
    out = []
    for v in g:
        if isinstance(v, bool) or not float(v).is_integer() or not 2 <= v <= MAX_GRID:
            raise SpecError(f"grid sizes must be whole numbers from 2 to {MAX_GRID}; "
                            f"got {grid!r}")
        out.append(int(v))
    return tuple(out)


# ---------------------------------------------------------------------------
# batched evaluation
# ---------------------------------------------------------------------------
def _slope_value(ls):
    if ls.activation == "leaky_relu":
        return LEAKY_DEFAULT if ls.slope is None else ls.slope
    if ls.activation == "rrelu":            # inference: the mean slope
        return 0.5 * (RRELU_LOWER + RRELU_UPPER)
    return None


def _activate(act, Z, slope):
    """Apply an activation in place to Z (chunk, units, samples); ``slope`` is a
    number or (chunk, units, 1) for the leaky family. Softmax is over units."""
    if act == "identity":
        return Z
    if act == "tanh":
        return np.tanh(Z, out=Z)
    if act == "sigmoid":                    # σ(z) = ½·tanh(z/2) + ½: no overflow
        Z *= 0.5
        np.tanh(Z, out=Z)
        Z *= 0.5
        Z += 0.5
        return Z
    if act == "relu":
        return np.maximum(Z, 0.0, out=Z)
    if act in ("leaky_relu", "prelu", "rrelu"):
        s = np.asarray(slope, dtype=Z.dtype)
        t = Z * s
        if np.all((s >= 0) & (s <= 1)):
            return np.maximum(Z, t, out=Z)  # max(z, s·z) for 0 ≤ s ≤ 1
        np.copyto(Z, t, where=Z <= 0)       # a learned PReLU slope may leave [0, 1]
        return Z
    if act == "step":
        return np.greater_equal(Z, 0.0, out=Z, casting="unsafe")
    if act == "softmax":
        Z -= Z.max(axis=1, keepdims=True)
        np.exp(Z, out=Z)
        Z /= Z.sum(axis=1, keepdims=True)
        return Z
    raise SpecError(f"activation {act!r} is not supported on a loss surface")


def _matmul_cols(A, B, out):
    """out = A @ B for 2-D arrays, in column blocks small enough that BLAS stays
    on one thread (see _BLAS_SINGLE_MNK)."""
    m, k = A.shape
    n = B.shape[1]
    step = max(64, _BLAS_SINGLE_MNK // max(1, m * k))
    if step >= n:
        return np.matmul(A, B, out=out)
    for s in range(0, n, step):
        np.matmul(A, B[:, s:s + step], out=out[:, s:s + step])
    return out


class _Evaluator:
    """Loss of θ₀ + α·d₁ + β·d₂ for a chunk of (α, β) pairs at once."""

    def __init__(self, net, X, Y, loss, center, d1, d2, l1, l2, dtype):
        self.dtype = np.dtype(dtype)
        self.layers = net.layers
        self.loss = loss
        self.n = X.shape[0]
        L = len(net.layers)
        blocks = []                     # per layer: (B0, D1, D2, α0, dα1, dα2)
        for i, ls in enumerate(net.layers):
            blk, alpha = net._slices[i]
            shp = (ls.input_dim + 1, ls.output_dim)
            B = [v[blk].reshape(shp) for v in (center, d1, d2)]
            A = [v[alpha] for v in (center, d1, d2)] if alpha is not None else [None] * 3
            blocks.append(B + A)
        self.blocks = blocks

        def varies(i):
            B0, D1, D2, a0, da1, da2 = blocks[i]
            return bool(D1.any() or D2.any() or (a0 is not None and (da1.any() or da2.any())))

        self.first = next((i for i in range(L) if varies(i)), L)
        if self.first == L:     # _resolve_plane never lets this through
            raise SpecError("both directions are zero: there is no plane to slice")
        # Shared prefix: layers the plane does not touch, once, in float64.
        H = np.hstack([X, np.ones((self.n, 1))])
        for i in range(self.first):
            B0, _, _, a0, _, _ = blocks[i]
            ls = net.layers[i]
            Z = H @ B0
            slope = a0 if a0 is not None else _slope_value(ls)
            A = ACTIVATIONS[ls.activation].forward(Z, None, slope)   # not in place:
            #                    the leaky family reads z after writing out
            H = np.hstack([A, np.ones((self.n, 1))])
        dt = self.dtype
        # First touched layer: Z = H·B₀ + α·H·D₁ + β·H·D₂ (the linear trick),
        # the three products made once here, in float64.
        B0, D1, D2, *_ = blocks[self.first]
        terms = [B0] + [D for D in (D1, D2) if D.any()]
        self.use_ab = [D1.any(), D2.any()]
        fo = B0.shape[1]
        self.P = np.stack([(H @ T).T.reshape(fo * self.n) for T in terms]).astype(dt)
        # Deeper layers: (units, fan_in + 1) blocks, transposed, in dtype.
        self.BT = [[None if M is None else np.ascontiguousarray(M.T, dtype=dt)
                    for M in blocks[i][:3]] for i in range(L)]
        self.BT_var = [[blocks[i][1].any(), blocks[i][2].any()] for i in range(L)]
        # Targets, transposed (k, n), kept in float64 (cast per dtype on use).
        self.YT = np.ascontiguousarray(Y.T, dtype=np.float64)
        self.y_flat = self.YT.reshape(-1)
        self.y_rowsum = self.YT.sum(axis=0)            # CE: Σ_k y_nk per sample
        self._y = {}
        # Penalty ½·l2·Σw² + l1·Σ|w| over weight matrices only, as the engine.
        self.l1, self.l2 = float(l1), float(l2)
        mask = _weight_mask(net)
        w = [v[mask] for v in (center, d1, d2)]
        self.w_gram = np.array([[u @ v for v in w] for u in w])
        moving = (w[1] != 0) | (w[2] != 0)
        self.l1_fixed = float(np.abs(w[0][~moving]).sum())
        self.w_moving = [x[moving] for x in w]
        self._bufs = {}

    def _buffers(self, c):
        bufs = self._bufs.get(c)
        if bufs is None:
            dt, n = self.dtype, self.n
            H = []
            for i, ls in enumerate(self.layers):
                last = i == len(self.layers) - 1
                rows = ls.output_dim + (0 if last else 1)
                h = np.empty((c, rows, n), dtype=dt) if i >= self.first else None
                if h is not None and not last:
                    h[:, -1, :] = 1.0           # the bias row
                H.append(h)
            bufs = self._bufs[c] = H
        return bufs

    def penalty(self, al, be):
        p = np.zeros(al.shape)
        if self.l2:
            G = self.w_gram
            p += 0.5 * self.l2 * (G[0, 0] + 2 * al * G[0, 1] + 2 * be * G[0, 2]
                                  + al * al * G[1, 1] + 2 * al * be * G[1, 2]
                                  + be * be * G[2, 2])
        if self.l1:
            w0, w1, w2 = self.w_moving
            p += self.l1 * (self.l1_fixed + np.abs(
                w0[None, :] + al[:, None] * w1[None, :] + be[:, None] * w2[None, :]
            ).sum(axis=1))
        return p

    def __call__(self, al, be) -> np.ndarray:
        """Losses (c,) float64 for offsets al, be (c,) float64."""
        al = np.asarray(al, dtype=np.float64)
        be = np.asarray(be, dtype=np.float64)
        with np.errstate(all="ignore"):   # overflow is reported as inf/NaN cells
            return self._eval(al, be, al.size)

    def _eval(self, al, be, c):
        L = len(self.layers)
        H = self._buffers(c)
        dt = self.dtype
        al_t, be_t = al.astype(dt), be.astype(dt)
        for i in range(self.first, L):
            ls = self.layers[i]
            fo = ls.output_dim
            Z = H[i][:, :fo, :]
            if i == self.first:            # [1, α, β] @ [H·B₀; H·D₁; H·D₂]
                C = np.ones((c, self.P.shape[0]), dt)
                k = 1
                for x, used in zip((al_t, be_t), self.use_ab):
                    if used:
                        C[:, k] = x
                        k += 1
                _matmul_cols(C, self.P, Z.reshape(c, fo * self.n))
            else:                          # one small product per grid point
                B0, D1, D2 = self.BT[i]
                v1, v2 = self.BT_var[i]
                if v1 or v2:
                    W = np.multiply(al_t[:, None, None], D1) if v1 else None
                    if v2:
                        W2 = np.multiply(be_t[:, None, None], D2)
                        W = W2 if W is None else np.add(W, W2, out=W)
                    W += B0
                else:
                    W = B0[None]           # broadcast: the same block for all
                np.matmul(W, H[i - 1], out=Z)
            if i == L - 1:
                return self._finish(Z, al, be)
            _, _, _, a0, da1, da2 = self.blocks[i]
            if a0 is not None:             # PReLU: a slope per point and unit
                slope = (a0[None, :] + al[:, None] * da1[None, :]
                         + be[:, None] * da2[None, :])[:, :, None]
            else:
                slope = _slope_value(ls)
            _activate(ls.activation, Z, slope)
        raise AssertionError("unreachable")

    def _finish(self, Z, al, be):
        _, _, _, a0, da1, da2 = self.blocks[-1]
        if a0 is not None:
            slope = (a0[None, :] + al[:, None] * da1[None, :]
                     + be[:, None] * da2[None, :])[:, :, None]
        else:
            slope = _slope_value(self.layers[-1])
        data = self._data_loss(Z, slope)
        return data + self.penalty(al, be) if (self.l1 or self.l2) else data

    def _targets(self, dt):
        """(y, 1 − y, Σ_k y per sample) flattened like (k, n), in dtype dt."""
        t = self._y.get(dt)
        if t is None:
            t = self._y[dt] = tuple(np.ascontiguousarray(v, dtype=dt) for v in
                                    (self.y_flat, 1.0 - self.y_flat, self.y_rowsum))
        return t

    def _data_loss(self, Z, slope=None):
        """Z (c, k, n) output-layer pre-activations → (c,) float64 data loss.

        The cross-entropies are written as sums of non-negative terms, so that
        they keep their relative precision in float32 even for confident,
        correct predictions (where softplus(z) − y·z would cancel)."""
        c = Z.shape[0]
        n = self.n
        if slope is None:
            slope = _slope_value(self.layers[-1])
        if self.loss == "binary_cross_entropy":
            # softplus(z) − y·z = ln(1 + e^−|z|) + (1 − y)·max(z, 0) − y·min(z, 0)
            y, y0, _ = self._targets(Z.dtype)
            Zf = Z.reshape(c, -1)
            t = np.abs(Zf)
            np.negative(t, out=t)
            np.exp(t, out=t)
            np.log1p(t, out=t)
            total = t.sum(axis=1)                 # pairwise: fine for positive terms
            total += np.maximum(Zf, 0.0, out=t) @ y0
            total -= np.minimum(Zf, 0.0, out=t) @ y
            return total.astype(np.float64) / n
        if self.loss == "cross_entropy":
            # Σ_k y_k·(lse − z_k) = Σ_k y_k·ln Σ_j e^(z_j − m) + Σ_k y_k·(m − z_k), m = max
            y, _, y_rows = self._targets(Z.dtype)
            D = Z - Z.max(axis=1, keepdims=True)
            e = np.exp(D)
            log_s = np.log(e.sum(axis=1))
            return (log_s @ y_rows - D.reshape(c, -1) @ y).astype(np.float64) / n
        A = _activate(self.layers[-1].activation, Z.astype(np.float64), slope)
        d = A.reshape(c, -1) - self.y_flat
        return 0.5 * np.einsum("ij,ij->i", d, d) / n


# ---------------------------------------------------------------------------
# the public entry points
# ---------------------------------------------------------------------------
def _prepare(net, X, Y, loss, directions, grid, span, seed, path, center, l1, l2, chunk,
             dtype):
    if not isinstance(net, Network):
        raise SpecError(f"expected a core.Network, got {type(net).__name__}")
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[0])
    loss = net.check_loss(loss)
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(Y))):
        raise DataError("inputs and targets must be finite numbers")
    for nm, v in (("l1", l1), ("l2", l2)):
        if not (np.isfinite(v) and v >= 0):
            raise SpecError(f"{nm} must be a finite number ≥ 0, got {v!r}")
    if isinstance(chunk, bool) or int(chunk) != chunk or chunk < 1:
        raise SpecError(f"chunk must be a positive whole number, got {chunk!r}")
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise SpecError(f"dtype must be float32 or float64, got {dtype}")
    ga, gb = _grid_sizes(grid)
    path = _check_path(net, path)
    if center is None and path is not None and isinstance(directions, str) \
            and directions.strip().lower() == "pca":
        center = path[-1]                    # pca: centred at the final point
    center = _check_center(net, center)
    mode, d1, d2, origin, names, ev, center = _resolve_plane(
        net, directions, center, path, seed)
    path_ab = None if path is None else _project(path, center, d1, d2, mode, origin)
    (a0, a1), (b0, b1) = _axis_box(span, mode, origin, path_ab)
    a = np.linspace(a0, a1, ga)
    b = np.linspace(b0, b1, gb)
    ev_ = _Evaluator(net, X, Y, loss, center, d1, d2, l1, l2, dtype)
    per_point = sum(ls.output_dim + 1 for ls in net.layers) * X.shape[0] * dtype.itemsize
    chunk = max(1, min(int(chunk), CHUNK_MEMORY // per_point))
    for arr in (a, b, d1, d2, center) + (() if path_ab is None else (path_ab,)):
        arr.setflags(write=False)
    meta = dict(a=a, b=b, d1=d1, d2=d2, center=center, origin=origin, mode=mode, names=names,
                explained_variance=ev, loss_name=loss, l1=float(l1), l2=float(l2),
                path_coords=path_ab, seed=seed if mode == "random" else None,
                dtype=dtype.name)
    return ev_, meta, int(chunk)


def _run(ev, meta, chunk, cancel):
    """Yields (fraction, grid, done) after each chunk; grid is filled in place."""
    a, b = meta["a"], meta["b"]
    ga, gb = a.size, b.size
    total = ga * gb
    grid = np.full(total, np.nan)
    al_all = np.tile(a - meta["origin"][0], gb)           # row-major: b rows, a columns
    be_all = np.repeat(b - meta["origin"][1], ga)
    done = 0
    while done < total:
        if cancel is not None and cancel():
            break
        stop = min(done + chunk, total)
        grid[done:stop] = ev(al_all[done:stop], be_all[done:stop])
        done = stop
        yield done / total, grid, done


def _result(meta, grid, done):
    L = grid.reshape(meta["b"].size, meta["a"].size).copy()
    L.setflags(write=False)
    return SliceResult(loss=L, complete=done == L.size, done=int(done), **meta)


def iter_slice(net, X, Y, loss=None, directions=("W1[0,0]", "b1[0]"), grid=101, span=None,
               seed=0, path=None, center=None, l1=0.0, l2=0.0, cancel=None,
               chunk=DEFAULT_CHUNK, dtype=np.float32) -> Iterator[tuple[float, SliceResult]]:
    """Generator form of :func:`slice` for a GUI worker: yields
    ``(done_fraction, partial_result)`` after each chunk; the last item has
    fraction 1.0 and ``complete=True`` unless ``cancel()`` returned True (then
    the last item is the partial result with ``complete=False``). Arguments are
    checked, and errors raised, by this call itself, before any iteration."""
    ev, meta, chunk = _prepare(net, X, Y, loss, directions, grid, span, seed, path, center,
                               l1, l2, chunk, dtype)
    return _iter(ev, meta, chunk, cancel)


def _iter(ev, meta, chunk, cancel):
    grid, done, total = None, 0, meta["a"].size * meta["b"].size
    for frac, grid, done in _run(ev, meta, chunk, cancel):
        yield frac, _result(meta, grid, done)
    if done < total:                        # cancelled: report what is there
        if grid is None:
            grid = np.full(total, np.nan)
        yield done / total, _result(meta, grid, done)


def slice(net, X, Y, loss=None, directions=("W1[0,0]", "b1[0]"), grid=101, span=None,
          seed=0, path=None, center=None, l1=0.0, l2=0.0,
          progress: Callable | None = None, cancel: Callable | None = None,
          chunk=DEFAULT_CHUNK, dtype=np.float32) -> SliceResult:
    """The loss on a 2-D slice of parameter space; see the module docstring.

    net, X, Y, loss, l1, l2: as ``Network.loss`` (loss defaults to the network's
        default; the penalty is ½·l2·Σw² + l1·Σ|w| over weight matrices).
    directions: two parameter names (axes = their absolute values), "random"
        (seeded by ``seed``, filter-normalised), "pca" (needs ``path``) or two
        (P,) vectors.
    grid: points per axis, an int or (n_a, n_b).
    span: half-width around the centre (a number or (span_a, span_b)) or a box
        ((a0, a1), (b0, b1)) in axis units. Default: params mode ±max(1, 2·|value|)
        around each parameter; random/vectors ±1; pca the path with a 20 % margin;
        if a path is given the default box is widened to contain it.
    path: (T, P) parameter snapshots; projected into ``.path_coords`` (and the
        source of the pca plane).
    center: θ₀ (P,), default the network's current parameters (pca: the path's
        last snapshot). The network itself is never modified.
    progress(fraction, partial_result): called after each chunk.
    cancel(): return True to stop; the result then has ``complete=False`` and
        NaN in the cells not computed.
    chunk: grid points per batched evaluation (capped so a batch's activations
        stay under CHUNK_MEMORY bytes). dtype: float32 (fast) or float64.
    """
    ev, meta, chunk = _prepare(net, X, Y, loss, directions, grid, span, seed, path, center,
                               l1, l2, chunk, dtype)
    total = meta["a"].size * meta["b"].size
    grid_arr, done = np.full(total, np.nan), 0
    for frac, grid_arr, done in _run(ev, meta, chunk, cancel):
        if progress is not None:
            progress(frac, _result(meta, grid_arr, done))
    return _result(meta, grid_arr, done)
