"""Editing the data set's points: paint, erase, clear, import a CSV.

:class:`PointsMixin` is part of :class:`core.session.Session`. Every edit is
one undoable change through the session's edit path. Painting or erasing keeps
the weights, the optimiser state and the training history (the curves go on;
the timeline marks the change); importing a CSV starts a new network.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from .data import SCALING_KEYS, from_points, load_csv
from .errors import DataError
from .limits import LIMITS


class PointsMixin:
    def _set_points(self, text, X, y, is_test=None):
        """Replace the points (undoable); ``is_test`` keeps each point's side of
        the train/test split (new points train)."""
        ds = self.dataset
        if len(X) > LIMITS["samples"].hi:
            raise DataError(f"at most {LIMITS['samples'].hi:g} points")
        new = from_points(X, y, ds.task, ds.n_classes or None, name="custom")
        if is_test is not None and is_test.any() and not is_test.all():
            new = replace(new, train_idx=np.flatnonzero(~is_test),
                          test_idx=np.flatnonzero(is_test))
        # the painted points keep the columns' meaning (names, CSV scaling)
        src = {"kind": "points"}
        src.update({k: v for k, v in (ds.source or {}).items() if k in SCALING_KEYS})
        new = replace(new, input_names=ds.input_names, class_names=ds.class_names,
                      n_classes=ds.n_classes, source=src)

        def apply():
            self.dataset = new
            self.settings = replace(self.settings, dataset="custom")
            self._new_trainer(keep_training=True)

        self._apply(text, apply)

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
        if not np.all(np.isfinite(point)):
            raise DataError("a point needs finite coordinates")
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
        """Load points from a CSV file (see :func:`core.data.load_csv`) as a
        new data set with a new network (undoable)."""
        new = load_csv(path, test_fraction=self.settings.test_fraction,
                       seed=self.settings.data_seed)

        def apply():
            self.dataset = new
            self.settings = replace(self.settings, dataset="csv")
            if not new.is_2d:
                self.settings = replace(self.settings, features=("x1", "x2"))
            self._rebuild()

        self._apply(f"Import {getattr(path, 'name', str(path))}", apply)


__all__ = ["PointsMixin"]
