"""What the data and network views draw over the input plane, computed by the
session: the plane's box, the grid, every neuron's output over it (the
decision map and the neuron maps), the 1-D regression curve and the gradient
over the training set (cached per parameter version: several views ask).

:class:`DecisionMapMixin` is part of :class:`core.session.Session`; it only
reads the session's network and data.
"""
from __future__ import annotations

import numpy as np

from .errors import DataError


class DecisionMapMixin:
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
        self.map_computations += 1
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
        self.map_computations += 1
        xs, ys, P = self.grid(resolution)
        with np.errstate(all="ignore"):
            out = self.net.forward_inference(self.features(P))
        out = np.nan_to_num(out, nan=0.5, posinf=1e6, neginf=-1e6)
        return xs, ys, out.reshape(resolution, resolution, -1)

    def curve(self, resolution=200):
        """1-D regression: (xs, ŷ) across the input range."""
        (x0,), (x1,) = [(b[0],) for b in self.plane_bounds()]
        xs = np.linspace(x0, x1, resolution)
        self.map_computations += 1
        with np.errstate(all="ignore"):
            y = self.net.forward(self.features(xs[:, None]))[:, 0]
        return xs, np.nan_to_num(y, nan=0.0, posinf=1e6, neginf=-1e6)

    def curve_outputs(self, resolution=200):
        """1-D inputs: (xs, features, [A_1 … A_L]) — every neuron's output
        along the input range, each (resolution, units), for the thumbnails."""
        (x0,), (x1,) = [(b[0],) for b in self.plane_bounds()]
        xs = np.linspace(x0, x1, resolution)
        self.map_computations += 1
        F = np.asarray(self.features(xs[:, None]), float)
        with np.errstate(all="ignore"):
            self.net.forward(F)
        outs = [np.nan_to_num(np.asarray(A, float), nan=0.0, posinf=1e6, neginf=-1e6)
                for A in self.net.cache.A[1:]]
        return xs, F, outs

    def forward_sample(self):
        """Run the selected sample forward: fills ``net.cache`` for views."""
        x, _ = self.sample()
        self.net.forward(x[None, :])
        return self.net.cache

    def current_metrics(self) -> dict:
        """Loss and accuracy (or R²) at the parameters the views show now:
        the last history row right after training, a fresh evaluation after
        an edit (a weight typed in, points painted, undo). Cached per
        parameter version. Keys: ``train_loss``, ``test_loss``,
        ``train_metric``, ``test_metric`` (NaN where there is no test set),
        ``fresh`` (True when evaluated rather than read from the history)."""
        t = self.trainer
        key = (self.events.params_version, id(t), len(t.history), id(self.dataset))
        cached = getattr(self, "_metrics_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        h = t.history
        if len(h) and key[0] == getattr(self, "_trained_version", None):
            m = {f: h.last(f) for f in ("train_loss", "test_loss", "train_metric",
                                        "test_metric")}
            m["fresh"] = False
        else:
            m = {"fresh": True}
            m["train_loss"], m["train_metric"] = t.evaluate(t.X, t.Y)
            if t.X_test is not None:
                m["test_loss"], m["test_metric"] = t.evaluate(t.X_test, t.Y_test)
            else:
                m["test_loss"] = m["test_metric"] = float("nan")
        self._metrics_cache = (key, m)
        return m

    def gradients(self):
        """∂L/∂θ over the training set at the current parameters (keyed like
        params). Cached until the parameters change: several views ask."""
        t = self.trainer
        key = (self.events.params_version, id(self.net), id(t), id(t.X), t.l1, t.l2)
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


__all__ = ["DecisionMapMixin"]
