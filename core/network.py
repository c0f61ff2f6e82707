"""A small dense network, row-major at its API, fast inside.

Public layout (CURRICULUM, DESIGN.md): ``X`` is (n_samples, n_features),
``z = X @ W + b``, ``W`` is (fan_in, fan_out), ``b`` is (fan_out,).

Inside the training step the arrays are kept as (features, samples) and each
layer's ``W`` and ``b`` are stored as one (fan_in + 1, fan_out) block of a
single flat parameter vector ``theta``; the activations carry an extra row of
ones so that one matrix product applies weight and bias together, and one more
gives both of their gradients. Every array the step touches is preallocated
per batch size and reused. That layout keeps a 2-16-16-1 step close to the cost
of its matrix products alone (see tests/bench/bench_engine.py).

Why it is longer than ~600 lines: the spec validation, the flat-θ layout and
the tuned forward/backward pass belong together — the hot loop depends on the
layout (features × samples, bias folded into W, views into one vector).
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

import numpy as np

from .activations import ACTIVATIONS, LEAKY_DEFAULT, PRELU_INIT, RRELU_LOWER, RRELU_UPPER, sigmoid
from .errors import ShapeError, SpecError
from .losses import LOSSES

INIT_NAMES = ("small", "xavier", "he", "uniform", "zeros")
MAX_UNITS = 4096
MAX_LAYERS = 64


@dataclass(frozen=True)
class LayerSpec:
    """One dense layer: ``input_dim`` → ``output_dim`` then ``activation``."""
    input_dim: int
    output_dim: int
    activation: str
    slope: float | None = None   # leaky_relu's negative slope

    def to_dict(self) -> dict:
        d = {"input_dim": self.input_dim, "output_dim": self.output_dim,
             "activation": self.activation}
        if self.slope is not None:
            d["slope"] = self.slope
        return d


def _as_int(value, what, where):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise SpecError(f"{where}: {what} must be a whole number, got {value!r}")
    return int(value)


def parse_spec(spec) -> list[LayerSpec]:
    """Validate the tutorial's spec format and return layer specs.

    ``spec`` is a list of ``{"input_dim", "output_dim", "activation"}`` dicts
    (or a JSON string of one). Errors name the layer (1-based) and the problem.
    """
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except json.JSONDecodeError as e:
            raise SpecError(f"network spec is not valid JSON: {e.msg} "
                            f"(line {e.lineno}, column {e.colno})") from None
    if isinstance(spec, dict) and "layers" in spec:
        spec = spec["layers"]
    if not isinstance(spec, (list, tuple)):
        raise SpecError("network spec must be a list of layers, "
                        f"got {type(spec).__name__}")
    if not spec:
        raise SpecError("network spec has no layers")
    if len(spec) > MAX_LAYERS:
        raise SpecError(f"network spec has {len(spec)} layers; at most "
                        f"{MAX_LAYERS} are supported")
    layers = []
    for i, entry in enumerate(spec, start=1):
        where = f"layer {i}"
        if isinstance(entry, LayerSpec):
            entry = entry.to_dict()
        if not isinstance(entry, dict):
            raise SpecError(f"{where}: expected an object with input_dim, "
                            f"output_dim and activation, got {entry!r}")
        unknown = set(entry) - {"input_dim", "output_dim", "activation", "slope"}
        if unknown:
            raise SpecError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("input_dim", "output_dim", "activation"):
            if key not in entry:
                raise SpecError(f"{where}: missing '{key}'")
        fi = _as_int(entry["input_dim"], "input_dim", where)
        fo = _as_int(entry["output_dim"], "output_dim", where)
        for key, v in (("input_dim", fi), ("output_dim", fo)):
            if v <= 0:
                raise SpecError(f"{where}: {key} must be positive, got {v}")
            if v > MAX_UNITS:
                raise SpecError(f"{where}: {key} = {v} is larger than the "
                                f"supported {MAX_UNITS}")
        act = entry["activation"]
        if not isinstance(act, str) or act not in ACTIVATIONS:
            raise SpecError(f"{where}: unknown activation {act!r}; choose one of "
                            f"{', '.join(ACTIVATIONS)}")
        if ACTIVATIONS[act].output_only and i != len(spec):
            raise SpecError(f"{where}: {act} is only allowed on the output layer")
        slope = entry.get("slope")
        if slope is not None:
            if act != "leaky_relu":
                raise SpecError(f"{where}: 'slope' only applies to leaky_relu")
            try:
                slope = float(slope)
            except (TypeError, ValueError):
                raise SpecError(f"{where}: slope must be a number") from None
            if not 0.0 <= slope < 1.0:
                raise SpecError(f"{where}: slope must be in [0, 1), got {slope}")
        if layers and layers[-1].output_dim != fi:
            raise SpecError(
                f"{where}: input_dim is {fi} but layer {i - 1} outputs "
                f"{layers[-1].output_dim}; consecutive dimensions must agree")
        layers.append(LayerSpec(fi, fo, act, slope))
    return layers


def spec_from_sizes(sizes, activation="tanh", output_activation="sigmoid"):
    """``[2, 4, 1]`` → the spec list (hidden layers share one activation)."""
    sizes = list(sizes)
    if len(sizes) < 2:
        raise SpecError("a network needs at least an input and an output size")
    spec = []
    for i in range(len(sizes) - 1):
        act = output_activation if i == len(sizes) - 2 else activation
        spec.append({"input_dim": sizes[i], "output_dim": sizes[i + 1],
                     "activation": act})
    return spec


def affine(X, W, b=None):
    """z = X @ W (+ b) with a shape check that says what does not fit (E9)."""
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    if X.ndim != 2 or W.ndim != 2:
        raise ShapeError(f"inputs and weights must be 2-D; got shapes "
                         f"{X.shape} and {W.shape}")
    if X.shape[1] != W.shape[0]:
        raise ShapeError(
            f"shape mismatch: inputs {X.shape} have {X.shape[1]} features per "
            f"sample but weights {W.shape} expect {W.shape[0]}")
    z = X @ W
    if b is not None:
        b = np.asarray(b, dtype=float)
        if b.shape != (W.shape[1],):
            raise ShapeError(f"bias has shape {b.shape}; expected ({W.shape[1]},)")
        z = z + b
    return z


@dataclass
class ForwardCache:
    """Row-major views of the last forward pass: ``Z[l - 1]`` and ``A[l]`` are
    (n, units) for layer l = 1..L (``A[0]`` is the input, ``Z`` has no entry
    for it). They are views into reused buffers, valid until the next pass
    over a batch of the same size."""
    Z: list = field(default_factory=list)
    A: list = field(default_factory=list)


class _Buffers:
    """Preallocated (features, samples) arrays for one batch size."""

    def __init__(self, layers, n, dtype=np.float64):
        # A[l] has an extra row of ones (bias) except for the output layer.
        self.A = [np.ones((layers[0].input_dim + 1, n), dtype)]
        self.Z = []
        self.D = []      # gradients w.r.t. Z (same shape as Z)
        self.S = []      # scratch for activation gradients (same shape as Z)
        self.noise = []  # RReLU slopes drawn in training, per layer
        for i, ls in enumerate(layers):
            last = i == len(layers) - 1
            self.Z.append(np.empty((ls.output_dim, n), dtype))
            self.A.append(np.empty((ls.output_dim, n), dtype) if last
                          else np.ones((ls.output_dim + 1, n), dtype))
            self.D.append(np.empty((ls.output_dim, n), dtype))
            self.S.append(np.empty((ls.output_dim, n), dtype))
            self.noise.append(None)
        # Activations without the row of ones.
        self.out = [a[:ls.output_dim] for a, ls in zip(self.A[1:], layers)]
        self.Y = np.empty((layers[-1].output_dim, n), dtype)


class Network:
    """A dense feed-forward network; see the module docstring for layout."""

    def __init__(self, layers, seed=None, init="small"):
        self.layers: list[LayerSpec] = parse_spec(layers)
        if init not in INIT_NAMES:
            raise SpecError(f"unknown initialiser {init!r}; choose one of "
                            f"{', '.join(INIT_NAMES)}")
        self.init = init
        self.seed = seed
        # Where each layer's parameters live in theta.
        self._slices = []
        off = 0
        names = []
        for i, ls in enumerate(self.layers, start=1):
            size = (ls.input_dim + 1) * ls.output_dim
            block = slice(off, off + size)
            off += size
            alpha = None
            if ls.activation == "prelu":
                alpha = slice(off, off + ls.output_dim)
                off += ls.output_dim
            self._slices.append((block, alpha))
            names += [f"W{i}", f"b{i}"] + ([f"a{i}"] if alpha else [])
        self.theta = np.zeros(off)
        self._grad = np.zeros(off)
        self._make_views()
        self._rng_rrelu = np.random.default_rng(
            None if seed is None else [seed, 0x5EED])
        self.reinitialize(seed, init)

    def _make_views(self):
        """Views into ``theta`` and the gradient, buffers and the cache.

        theta and the gradient buffer are never reallocated (set_flat and the
        optimisers write in place), so the views the hot loop uses every step
        are made once here."""
        L = len(self.layers)
        self.params = self._views(self.theta)
        self._acts = [ls.activation for ls in self.layers]
        self._BT = [self._block(self.theta, i).T for i in range(L)]
        self._W = [self._block(self.theta, i)[:-1] for i in range(L)]
        self._G = [self._block(self._grad, i) for i in range(L)]
        self._bufs: dict[int, _Buffers] = {}
        self._ibufs: dict[tuple, _Buffers] = {}
        self._cache = ForwardCache()
        self._last = None

    _DERIVED = ("params", "_acts", "_BT", "_W", "_G", "_bufs", "_ibufs", "_cache",
                "_last")

    def __getstate__(self):
        # Views would come back from copy.deepcopy (and pickle) as detached
        # arrays; drop them and rebuild them around the copied theta.
        return {k: v for k, v in self.__dict__.items() if k not in self._DERIVED}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._make_views()

    # -- construction -------------------------------------------------------
    @classmethod
    def from_spec(cls, spec, seed=None, init="small"):
        return cls(spec, seed=seed, init=init)

    @classmethod
    def from_sizes(cls, sizes, activation="tanh", output_activation="sigmoid",
                   seed=None, init="small"):
        return cls(spec_from_sizes(sizes, activation, output_activation),
                   seed=seed, init=init)

    def spec(self) -> list[dict]:
        return [ls.to_dict() for ls in self.layers]

    def rrelu_rng_state(self) -> dict:
        """The RReLU slope generator's state (saved so training resumes exactly)."""
        return self._rng_rrelu.bit_generator.state

    def set_rrelu_rng_state(self, state: dict) -> None:
        self._rng_rrelu.bit_generator.state = copy.deepcopy(state)

    def copy(self) -> Network:
        other = Network(self.spec(), seed=self.seed, init="zeros")
        other.init = self.init
        other.theta[:] = self.theta
        other._rng_rrelu = np.random.default_rng()
        other._rng_rrelu.bit_generator.state = self._rng_rrelu.bit_generator.state
        return other

    def __deepcopy__(self, memo):
        # A plain deepcopy would turn the params views into separate arrays.
        other = self.copy()
        memo[id(self)] = other
        return other

    def reinitialize(self, seed=None, init=None):
        """Draw fresh parameters (in place: views stay valid)."""
        init = init or self.init
        if init not in INIT_NAMES:
            raise SpecError(f"unknown initialiser {init!r}; choose one of "
                            f"{', '.join(INIT_NAMES)}")
        self.init, self.seed = init, seed
        rng = np.random.default_rng(seed)
        for i, ls in enumerate(self.layers, start=1):
            W, b = self.params[f"W{i}"], self.params[f"b{i}"]
            fi, fo = ls.input_dim, ls.output_dim
            if init == "small":   # the tutorial's N(0,1)·0.1 for W and b
                W[...] = rng.standard_normal((fi, fo)) * 0.1
                b[...] = rng.standard_normal(fo) * 0.1
            elif init == "xavier":
                W[...] = rng.standard_normal((fi, fo)) * np.sqrt(2.0 / (fi + fo))
                b[...] = 0.0
            elif init == "he":
                W[...] = rng.standard_normal((fi, fo)) * np.sqrt(2.0 / fi)
                b[...] = 0.0
            elif init == "uniform":
                W[...] = rng.uniform(-0.5, 0.5, (fi, fo))
                b[...] = rng.uniform(-0.5, 0.5, fo)
            else:                 # zeros: every unit stays identical forever
                W[...] = 0.0
                b[...] = 0.0
            if f"a{i}" in self.params:
                self.params[f"a{i}"][...] = PRELU_INIT
        return self

    def _views(self, flat) -> dict[str, np.ndarray]:
        views = {}
        for i, (ls, (block, alpha)) in enumerate(zip(self.layers, self._slices),
                                                 start=1):
            B = flat[block].reshape(ls.input_dim + 1, ls.output_dim)
            views[f"W{i}"] = B[:ls.input_dim]
            views[f"b{i}"] = B[ls.input_dim]
            if alpha is not None:
                views[f"a{i}"] = flat[alpha]
        return views

    def _block(self, flat, i):
        ls = self.layers[i]
        return flat[self._slices[i][0]].reshape(ls.input_dim + 1, ls.output_dim)

    # -- facts ---------------------------------------------------------------
    @property
    def n_inputs(self) -> int:
        return self.layers[0].input_dim

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].output_dim

    @property
    def sizes(self) -> list[int]:
        return [self.layers[0].input_dim] + [ls.output_dim for ls in self.layers]

    @property
    def parameter_count(self) -> int:
        return int(self.theta.size)

    @property
    def default_loss(self) -> str:
        act = self.layers[-1].activation
        if act == "softmax":
            return "cross_entropy"
        if act == "sigmoid":
            return "binary_cross_entropy"
        return "mse"

    def get_flat(self) -> np.ndarray:
        return self.theta.copy()

    def set_flat(self, flat) -> None:
        flat = np.asarray(flat, dtype=float)
        if flat.shape != self.theta.shape:
            raise ShapeError(f"flat parameter vector has shape {flat.shape}; "
                             f"this network has {self.theta.size} parameters")
        self.theta[...] = flat

    def unflatten(self, flat) -> dict[str, np.ndarray]:
        """Views named like ``params`` into any flat vector of the right size."""
        flat = np.asarray(flat, dtype=float)
        if flat.shape != self.theta.shape:
            raise ShapeError(f"flat vector has shape {flat.shape}; expected "
                             f"({self.theta.size},)")
        return self._views(flat)

    def param_index(self, name: str) -> int:
        """Index into ``theta`` of an entry such as ``"W1[0,2]"`` or ``"b2[1]"``."""
        import re
        m = re.fullmatch(r"\s*([Wba])(\d+)\s*\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?\]\s*",
                         name)
        if not m:
            # the 1-based label users see, e.g. "w1[1→3]" (core.names)
            from .names import parse_param_label
            try:
                key, idx = parse_param_label(name)
            except ValueError:
                key = None
            else:
                name = f"{key}[{','.join(map(str, idx))}]"
                m = re.fullmatch(r"([Wba])(\d+)\[(\d+)(?:,(\d+))?\]", name)
        key = f"{m.group(1)}{m.group(2)}" if m else None
        if not m or key not in self.params:
            raise SpecError(f"unknown parameter {name!r}; use e.g. 'W1[0,0]' or "
                            f"'b1[0]' (this network has "
                            f"{', '.join(self.params)})")
        arr = self.params[key]
        idx = (int(m.group(3)),) + ((int(m.group(4)),) if m.group(4) else ())
        if len(idx) != arr.ndim or any(k >= s for k, s in zip(idx, arr.shape)):
            raise SpecError(f"{name!r} is out of range: {key} has shape "
                            f"{arr.shape}")
        layer = int(m.group(2)) - 1
        block, alpha = self._slices[layer]
        fi, fo = self.layers[layer].input_dim, self.layers[layer].output_dim
        if m.group(1) == "W":
            return block.start + idx[0] * fo + idx[1]
        if m.group(1) == "b":
            return block.start + fi * fo + idx[0]
        return alpha.start + idx[0]

    def param_name(self, index: int) -> str:
        """Inverse of :meth:`param_index`: ``"W1[0,2]"`` for a theta index."""
        for i, (ls, (block, alpha)) in enumerate(zip(self.layers, self._slices),
                                                 start=1):
            fi, fo = ls.input_dim, ls.output_dim
            if block.start <= index < block.stop:
                r, c = divmod(index - block.start, fo)
                return f"b{i}[{c}]" if r == fi else f"W{i}[{r},{c}]"
            if alpha is not None and alpha.start <= index < alpha.stop:
                return f"a{i}[{index - alpha.start}]"
        raise IndexError(f"parameter index {index} out of range")

    # -- forward -------------------------------------------------------------
    @property
    def cache(self) -> ForwardCache:
        """The last forward pass, row-major (see :class:`ForwardCache`).

        Built on first access: the training loop never pays for it."""
        c = self._cache
        if c is None:
            buf, X = self._last
            c = self._cache = ForwardCache(Z=[z.T for z in buf.Z],
                                           A=[X] + [a.T for a in buf.out])
        return c

    @cache.setter
    def cache(self, value: ForwardCache):
        self._cache = value

    def check_X(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim == 1 and self.n_inputs == X.shape[0]:
            X = X[None, :]
        if X.ndim != 2:
            raise ShapeError(f"input must be 2-D (n_samples, n_features); got "
                             f"shape {X.shape}")
        if X.shape[1] != self.n_inputs:
            raise ShapeError(
                f"input has {X.shape[1]} feature(s) per sample but layer 1 "
                f"expects input_dim = {self.n_inputs}")
        if X.shape[0] == 0:
            raise ShapeError("input has no samples")
        return X

    def _buffers(self, n) -> _Buffers:
        buf = self._bufs.get(n)
        if buf is None:
            if len(self._bufs) > 8:    # batch sizes come and go; keep a few
                self._bufs.pop(next(iter(self._bufs)))
            buf = self._bufs[n] = _Buffers(self.layers, n)
        return buf

    def _slope(self, i, n_cols, train, buf, theta=None):
        ls = self.layers[i]
        if ls.activation == "leaky_relu":
            return LEAKY_DEFAULT if ls.slope is None else ls.slope
        if ls.activation == "prelu":
            flat = self.theta if theta is None else theta
            return flat[self._slices[i][1]][:, None]
        if ls.activation == "rrelu":
            if train:
                r = self._rng_rrelu.uniform(RRELU_LOWER, RRELU_UPPER,
                                            (ls.output_dim, n_cols))
                buf.noise[i] = r
                return r
            buf.noise[i] = None
            return 0.5 * (RRELU_LOWER + RRELU_UPPER)
        return None

    def _forward_T(self, X, train=False, theta=None) -> _Buffers:
        """Forward pass in the (features, samples) layout; fills the buffers."""
        if theta is None or theta is self.theta:
            BT = self._BT
        else:
            BT = [self._block(theta, i).T for i in range(len(self.layers))]
        n = X.shape[0]
        buf = self._bufs.get(n) or self._buffers(n)
        A, Z, out = buf.A, buf.Z, buf.out
        A[0][:-1] = X.T
        matmul = np.matmul
        for i, act in enumerate(self._acts):
            z, a = Z[i], out[i]
            matmul(BT[i], A[i], out=z)      # weights and bias in one product
            if act == "tanh":
                np.tanh(z, out=a)
            elif act == "sigmoid":
                sigmoid(z, a)
            elif act == "relu":
                np.maximum(z, 0.0, out=a)
            elif act == "softmax":
                np.subtract(z, z.max(axis=0), out=a)
                np.exp(a, out=a)
                a /= a.sum(axis=0)
            else:
                ACTIVATIONS[act].forward(z, a, self._slope(i, n, train, buf, theta))
        self._last = (buf, X)
        self._cache = None
        return buf

    def forward_inference(self, X, dtype=np.float32) -> np.ndarray:
        """Output for many points at once, for pictures (decision heat maps).

        Inference mode (RReLU at its mean slope) in ``dtype`` — float32 by
        default, about twice as fast as :meth:`forward` and accurate to ~1e-6.
        It neither touches ``cache`` nor the training buffers. Returns
        (n, n_outputs) in ``dtype``.
        """
        X = self.check_X(X)
        dtype = np.dtype(dtype)
        n = X.shape[0]
        key = (n, dtype.str)
        buf = self._ibufs.get(key)
        if buf is None:
            if len(self._ibufs) > 4:
                self._ibufs.pop(next(iter(self._ibufs)))
            buf = self._ibufs[key] = _Buffers(self.layers, n, dtype)
        A, out = buf.A, buf.out
        A[0][:-1] = X.T
        for i, act in enumerate(self._acts):
            a = out[i]
            # Evaluate in place (z and a share memory) unless the activation
            # needs z after writing a (the leaky family).
            z = buf.Z[i] if ACTIVATIONS[act].has_slope else a
            np.matmul(self._BT[i].astype(dtype), A[i], out=z)
            if act == "tanh":
                np.tanh(z, out=a)
            elif act == "softmax":
                a -= a.max(axis=0)
                np.exp(a, out=a)
                a /= a.sum(axis=0)
            else:
                ACTIVATIONS[act].forward(z, a, self._slope(i, n, False, buf))
        return out[-1].T.copy()

    def forward(self, X, train=False) -> np.ndarray:
        """Output ŷ for X (n, n_inputs) → (n, n_outputs), a new array."""
        X = self.check_X(X)
        buf = self._forward_T(X, train)
        return buf.A[-1].T.copy()

    __call__ = forward

    def predict(self, X) -> np.ndarray:
        """Class labels (n,) for classifiers, ŷ for regressors."""
        out = self.forward(X)
        act = self.layers[-1].activation
        if act == "softmax":
            return out.argmax(axis=1)
        if act in ("sigmoid", "step") and out.shape[1] == 1:
            return (out[:, 0] >= 0.5).astype(int)
        return out

    # -- loss and backward ---------------------------------------------------
    def check_loss(self, loss):
        loss = loss or self.default_loss
        if loss not in LOSSES:
            raise SpecError(f"unknown loss {loss!r}; choose one of "
                            f"{', '.join(LOSSES)}")
        need = LOSSES[loss].output_activation
        act = self.layers[-1].activation
        if need is not None and act != need:
            raise SpecError(f"loss {loss} needs a {need} output layer, but layer "
                            f"{len(self.layers)} uses {act}")
        if act == "softmax" and loss != "cross_entropy":
            raise SpecError("a softmax output layer goes with the cross_entropy "
                            "loss")
        return loss

    def check_Y(self, Y, n):
        Y = np.asarray(Y, dtype=float)
        if Y.ndim == 1:
            Y = Y[:, None] if self.n_outputs == 1 else Y[None, :]
        if Y.shape != (n, self.n_outputs):
            raise ShapeError(f"targets have shape {Y.shape}; expected "
                             f"({n}, {self.n_outputs}) for {n} samples and "
                             f"{self.n_outputs} output(s)")
        return Y

    def _loss_T(self, buf, loss, n):
        """Data loss from the output buffers (logits where fused)."""
        Z, A, Y, S = buf.Z[-1], buf.A[-1], buf.Y, buf.S[-1]
        if loss == "binary_cross_entropy":
            # softplus(z) − y·z per sample, without temporaries:
            # softplus(z) = max(z, 0) + ln(1 + e^−|z|) never overflows.
            T = buf.D[-1]                 # free until the backward pass
            np.copysign(Z, -1.0, out=S)   # −|z|
            np.exp(S, out=S)
            np.log1p(S, out=S)
            np.maximum(Z, 0.0, out=T)
            T += S
            np.multiply(Y, Z, out=S)
            T -= S
            return float(T.sum()) / n
        if loss == "cross_entropy":
            m = Z.max(axis=0)
            lse = m + np.log(np.exp(Z - m).sum(axis=0))
            return float(lse.sum() - np.vdot(Y, Z)) / n
        np.subtract(A, Y, out=S)
        return 0.5 * float(np.vdot(S, S)) / n

    def _penalty(self, theta, l1, l2):
        p = 0.0
        if l1 or l2:
            for i in range(len(self.layers)):
                W = self._block(theta, i)[:-1]
                if l2:
                    p += 0.5 * l2 * float(np.vdot(W, W))
                if l1:
                    p += l1 * float(np.abs(W).sum())
        return p

    def _backward_T(self, buf, loss, n, l1, l2, theta):
        """Fills and returns the flat gradient buffer (shared, reused)."""
        g = self._grad
        L = len(self.layers)
        if theta is None or theta is self.theta:
            Ws = self._W
        else:
            Ws = [self._block(theta, i)[:-1] for i in range(L)]
        acts, G, out = self._acts, self._G, buf.out
        D = buf.D[-1]
        np.subtract(buf.A[-1], buf.Y, out=D)
        D *= 1.0 / n
        if loss == "mse":
            self._alpha_grad(L - 1, D, buf, g)
            ACTIVATIONS[acts[-1]].grad_mul(D, buf.Z[-1], buf.A[-1],
                                           self._slope_cached(L - 1, buf, theta))
        for i in range(L - 1, 0, -1):
            np.matmul(buf.A[i], D.T, out=G[i])    # dW and db in one product
            Dp = buf.D[i - 1]
            if D.shape[0] == 1:
                # An outer product: broadcasting beats a k = 1 BLAS call ~2.5×.
                np.multiply(D, Ws[i], out=Dp)
            else:
                np.matmul(Ws[i], D, out=Dp)
            act, a = acts[i - 1], out[i - 1]
            if act == "tanh":                     # Dp·(1 − a²)
                S = buf.S[i - 1]
                np.square(a, out=S)
                np.subtract(1.0, S, out=S)
                Dp *= S
            elif act == "sigmoid":                # Dp·a·(1 − a)
                S = buf.S[i - 1]
                Dp *= a
                np.multiply(Dp, a, out=S)
                Dp -= S
            else:
                self._alpha_grad(i - 1, Dp, buf, g)
                ACTIVATIONS[act].grad_mul(Dp, buf.Z[i - 1], a,
                                          self._slope_cached(i - 1, buf, theta))
            D = Dp
        np.matmul(buf.A[0], D.T, out=G[0])
        if l1 or l2:
            for i in range(L):
                W = Ws[i]
                Gw = G[i][:-1]
                if l2:
                    Gw += l2 * W
                if l1:
                    Gw += l1 * np.sign(W)
        return g

    def _alpha_grad(self, i, dA, buf, g):
        """PReLU: ∂L/∂α = Σ over samples of ∂L/∂a · min(z, 0)."""
        alpha = self._slices[i][1]
        if alpha is not None:
            np.sum(dA * np.minimum(buf.Z[i], 0.0), axis=1, out=g[alpha])

    def _slope_cached(self, i, buf, theta=None):
        ls = self.layers[i]
        if ls.activation == "rrelu":
            r = buf.noise[i]
            return 0.5 * (RRELU_LOWER + RRELU_UPPER) if r is None else r
        if ls.activation in ("leaky_relu", "prelu"):
            return self._slope(i, 0, False, buf, theta)
        return None

    def _loss_grad_flat(self, X, Y, loss, l1=0.0, l2=0.0, train=True):
        """Hot path: (loss, flat gradient buffer). Inputs already checked."""
        n = X.shape[0]
        buf = self._forward_T(X, train)
        buf.Y[...] = Y.T
        value = self._loss_T(buf, loss, n) + self._penalty(self.theta, l1, l2)
        return value, self._backward_T(buf, loss, n, l1, l2, self.theta)

    def loss(self, X, Y, loss=None, l1=0.0, l2=0.0) -> float:
        """Loss of the current parameters (inference mode), penalty included."""
        X = self.check_X(X)
        Y = self.check_Y(Y, X.shape[0])
        loss = self.check_loss(loss)
        buf = self._forward_T(X, False)
        buf.Y[...] = Y.T
        return self._loss_T(buf, loss, X.shape[0]) + self._penalty(self.theta,
                                                                   l1, l2)

    def loss_and_gradients(self, X, Y, loss=None, l1=0.0, l2=0.0, train=True):
        """(loss, grads): grads is keyed like ``params`` (fresh arrays).

        ``l2`` adds ½·l2·Σw², ``l1`` adds l1·Σ|w| over the weight matrices
        (not biases). ``train`` draws RReLU slopes; inference uses their mean.
        """
        X = self.check_X(X)
        Y = self.check_Y(Y, X.shape[0])
        loss = self.check_loss(loss)
        value, g = self._loss_grad_flat(X, Y, loss, l1, l2, train)
        return value, self._views(g.copy())

    def flat_loss_and_gradient(self, X, Y, loss=None, l1=0.0, l2=0.0,
                               train=False):
        """(loss, flat gradient copy), for gradient checks and surfaces."""
        X = self.check_X(X)
        Y = self.check_Y(Y, X.shape[0])
        loss = self.check_loss(loss)
        value, g = self._loss_grad_flat(X, Y, loss, l1, l2, train)
        return value, g.copy()

    def __repr__(self):
        acts = ",".join(ls.activation for ls in self.layers)
        return (f"Network({'-'.join(map(str, self.sizes))}, {acts}, "
                f"{self.parameter_count} parameters)")
