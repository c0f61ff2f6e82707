"""Data sets: 2-D classification, 1-D/2-D regression, Iris, handwritten digits,
the user's CSV.

Every generator is deterministic given its seed. A :class:`Dataset` keeps the
raw inputs ``X`` (n, d), labels ``y`` (ints for classification, floats for
regression) and a fixed train/test split; :meth:`Dataset.features` applies the
engineered input features of 2-D sets (x1, x2, x1², x2², x1·x2, sin x1,
sin x2) and :meth:`Dataset.targets` encodes ``y`` for a network's output layer.
"""
from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field

import numpy as np

from .errors import DataError
from .limits import LIMITS
from .paths import resource_path

CLASSIFICATION = ("moons", "circles", "xor", "gaussians", "spiral", "iris", "digits")
REGRESSION = ("line", "circle_area", "plane", "sine")
DATASET_NAMES = CLASSIFICATION + REGRESSION
# Real data sets: their samples are what they are (no sample count to choose).
FIXED_SIZE = ("iris", "digits")
# Data sets whose samples are grey images: name → (rows, columns) of a sample.
IMAGE_SHAPES = {"digits": (8, 8)}
DIGITS_LEVELS = 16          # the digits' pixels count 0..16 "on" dots of a 4×4 block

# Engineered input features for 2-D data (TensorFlow Playground's set).
FEATURES = {
    "x1": ("x₁", lambda X: X[:, 0]),
    "x2": ("x₂", lambda X: X[:, 1]),
    "x1^2": ("x₁²", lambda X: X[:, 0] ** 2),
    "x2^2": ("x₂²", lambda X: X[:, 1] ** 2),
    "x1*x2": ("x₁x₂", lambda X: X[:, 0] * X[:, 1]),
    "sin(x1)": ("sin x₁", lambda X: np.sin(X[:, 0])),
    "sin(x2)": ("sin x₂", lambda X: np.sin(X[:, 1])),
}
FEATURE_NAMES = tuple(FEATURES)

# The five points of CURRICULUM E6: radius → area of a circle.
CIRCLE_AREA_POINTS = np.array([[1.0, 3.14], [1.4, 6.15], [2.0, 12.56],
                               [10.0, 314.0], [20.0, 1256.0]])

MAX_SAMPLES = int(LIMITS["samples"].hi)
# Keys of ``Dataset.source`` that describe how imported inputs were scaled;
# they survive point edits (the points stay in the same units).
SCALING_KEYS = ("file", "separator", "standardized", "mean", "std", "notes")


@dataclass
class Dataset:
    """Inputs, labels and a fixed split. ``source`` records how it was made
    (generator name and arguments) so a session file can rebuild it."""
    name: str
    task: str                      # "classification" | "regression"
    X: np.ndarray                  # (n, d) raw inputs
    y: np.ndarray                  # (n,) int labels, or (n,) / (n, k) floats
    train_idx: np.ndarray
    test_idx: np.ndarray
    n_classes: int = 0
    input_names: tuple = ()
    class_names: tuple = ()
    source: dict = field(default_factory=dict)

    @property
    def standardized(self) -> bool:
        """True when ``X`` holds z-scores of the file's inputs (CSV import)."""
        return self.input_scaling() is not None

    @property
    def notes(self) -> tuple:
        """One-line notes the UI shows about how the data was read (e.g. that
        inputs were standardised); from ``source`` so session files keep them."""
        notes = (self.source or {}).get("notes") or ()
        if not isinstance(notes, (list, tuple)):
            return ()
        return tuple(str(n)[:300] for n in notes[:10] if isinstance(n, str))

    def input_scaling(self):
        """(mean, std) arrays with ``X = (raw − mean) / std``, or None."""
        src = self.source or {}
        if not src.get("standardized"):
            return None
        try:
            mean = np.asarray(src.get("mean"), dtype=float).reshape(-1)
            std = np.asarray(src.get("std"), dtype=float).reshape(-1)
        except (TypeError, ValueError):
            return None
        d = self.n_inputs
        if mean.shape != (d,) or std.shape != (d,) or not (
                np.isfinite(mean).all() and np.isfinite(std).all() and (std > 0).all()):
            return None
        return mean, std

    def raw_inputs(self, X=None) -> np.ndarray:
        """Inputs in the file's own units (undoes standardisation)."""
        X = self.X if X is None else np.asarray(X, dtype=float)
        scaling = self.input_scaling()
        return X if scaling is None else X * scaling[1] + scaling[0]

    @property
    def image_shape(self):
        """(rows, columns) when every sample is a grey image whose pixels are
        the inputs row by row (the digits), else None."""
        shape = IMAGE_SHAPES.get(self.name)
        if shape is None or shape[0] * shape[1] != self.n_inputs:
            return None
        return shape

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[0])

    @property
    def n_inputs(self) -> int:
        return int(self.X.shape[1])

    @property
    def is_2d(self) -> bool:
        return self.n_inputs == 2

    @property
    def output_dim(self) -> int:
        if self.task == "classification":
            return 1 if self.n_classes == 2 else self.n_classes
        return 1 if self.y.ndim == 1 else int(self.y.shape[1])

    def features(self, names=None, X=None) -> np.ndarray:
        """Network inputs for ``X`` (default: all raw inputs).

        ``names`` selects engineered features of 2-D data; None means the raw
        inputs as they are.
        """
        X = self.X if X is None else np.asarray(X, dtype=float)
        if not names:
            return X
        return feature_matrix(X, names)

    def targets(self, y=None) -> np.ndarray:
        """Targets shaped for the output layer: (n, 1) 0/1 for two classes,
        one-hot (n, K) for K classes, (n, k) floats for regression."""
        y = self.y if y is None else y
        if self.task == "classification":
            return encode_labels(y, self.n_classes)
        y = np.asarray(y, dtype=float)
        return y[:, None] if y.ndim == 1 else y

    def split(self, names=None):
        """(X_train, Y_train, X_test, Y_test) with features and encoding."""
        F, Y = self.features(names), self.targets()
        return (F[self.train_idx], Y[self.train_idx],
                F[self.test_idx], Y[self.test_idx])

    def with_points(self, X, y) -> Dataset:
        """A copy holding other points (e.g. painted by the user); all of them
        go to the training set unless the split is redone."""
        X = np.asarray(X, dtype=float).reshape(-1, self.n_inputs)
        y = np.asarray(y)
        n = X.shape[0]
        src = {"kind": "points"}
        src.update({k: v for k, v in (self.source or {}).items() if k in SCALING_KEYS})
        return Dataset(self.name, self.task, X, y, np.arange(n),
                       np.arange(0), self.n_classes, self.input_names,
                       self.class_names, src)


def feature_matrix(X, names) -> np.ndarray:
    """Columns of engineered features for 2-D inputs X."""
    X = np.asarray(X, dtype=float)
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise DataError(f"unknown input feature(s) {', '.join(unknown)}; choose "
                        f"from {', '.join(FEATURES)}")
    if X.ndim != 2 or X.shape[1] != 2:
        raise DataError("engineered features need 2-D inputs (x1, x2)")
    return np.stack([FEATURES[n][1](X) for n in names], axis=1)


def encode_labels(y, n_classes) -> np.ndarray:
    y = np.asarray(y).astype(int)
    if n_classes == 2:
        return y.reshape(-1, 1).astype(float)
    return np.eye(n_classes)[y]


def split_indices(n, test_fraction, rng):
    if not 0.0 <= test_fraction < 1.0:
        raise DataError(f"test fraction must be in [0, 1), got {test_fraction}")
    perm = rng.permutation(n)
    n_test = int(round(n * test_fraction))
    if n - n_test < 1:
        n_test = n - 1
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


# -- generators ---------------------------------------------------------------
def _moons(n, noise, rng):
    n0 = n // 2
    n1 = n - n0
    t0 = rng.uniform(0, np.pi, n0)
    t1 = rng.uniform(0, np.pi, n1)
    a = np.stack([np.cos(t0), np.sin(t0)], 1)
    b = np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], 1)
    X = np.concatenate([a, b]) - [0.5, 0.25]
    X += rng.normal(0, noise, X.shape)
    return X, np.r_[np.zeros(n0, int), np.ones(n1, int)]


def _circles(n, noise, rng):
    n0 = n // 2
    r = np.r_[rng.uniform(0, 0.5, n0), rng.uniform(0.7, 1.0, n - n0)]
    t = rng.uniform(0, 2 * np.pi, n)
    X = np.stack([r * np.cos(t), r * np.sin(t)], 1)
    X += rng.normal(0, noise, X.shape)
    return X, np.r_[np.zeros(n0, int), np.ones(n - n0, int)]


def _xor(n, noise, rng):
    X = rng.uniform(-1, 1, (n, 2))
    # Keep points off the axes so the four quadrants are clearly apart.
    X += np.sign(X) * 0.05
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(int)
    X += rng.normal(0, noise, X.shape)
    return X, y


def _gaussians(n, noise, rng, classes=2):
    angles = np.linspace(0, 2 * np.pi, classes, endpoint=False) + np.pi / 4
    centres = 0.6 * np.stack([np.cos(angles), np.sin(angles)], 1)
    y = np.arange(n) % classes
    X = centres[y] + rng.normal(0, 0.15 + noise, (n, 2))
    return X, y


def _spiral(n, noise, rng, classes=2):
    y = np.arange(n) % classes
    r = rng.uniform(0.05, 1.0, n)
    t = 1.75 * 2 * np.pi * r + 2 * np.pi * y / classes
    X = np.stack([r * np.sin(t), r * np.cos(t)], 1)
    X += rng.normal(0, noise, X.shape) * r[:, None]
    return X, y


def _line(n, noise, rng, w=0.8, b=0.3):
    x = rng.uniform(-1, 1, n)
    return x[:, None], w * x + b + rng.normal(0, noise, n)


def _circle_area(n, noise, rng):
    r = rng.uniform(0.1, 2.0, n)
    return r[:, None], np.pi * r ** 2 + rng.normal(0, noise, n)


def _plane(n, noise, rng):
    X = rng.uniform(-1, 1, (n, 2))
    return X, 0.5 * X[:, 0] - 0.8 * X[:, 1] + 0.2 + rng.normal(0, noise, n)


def _sine(n, noise, rng):
    x = rng.uniform(-np.pi, np.pi, n)
    return x[:, None], np.sin(x) + rng.normal(0, noise, n)


_GENERATORS = {"moons": _moons, "circles": _circles, "xor": _xor,
               "gaussians": _gaussians, "spiral": _spiral, "line": _line,
               "circle_area": _circle_area, "plane": _plane, "sine": _sine}


def load_iris():
    """(X (150, 4), y (150,), feature names, class names) from resources/."""
    text = resource_path("datasets", "iris.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, rows = rows[0], [r for r in rows[1:] if r]
    classes = sorted({r[-1] for r in rows})
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = np.array([classes.index(r[-1]) for r in rows])
    return X, y, tuple(header[:-1]), tuple(classes)


@functools.lru_cache(maxsize=1)
def _digits_arrays():
    path = resource_path("datasets", "digits.npz")
    with np.load(path, allow_pickle=False) as z:
        images, labels = z["images"], z["labels"]
    if images.shape != (1797, 8, 8) or labels.shape != (1797,) or \
            images.max() > DIGITS_LEVELS or labels.max() > 9:
        raise DataError(f"{path.name}: not the 1,797 8×8 digits nnviz ships")
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


def load_digits():
    """(X (1797, 64) in [0, 1], y (1797,), input names, class names) from
    resources/datasets/digits.npz — the UCI optdigits 8×8 images (licence:
    DIGITS_LICENSE.txt). Inputs are the pixels row by row, ``px(r,c)``
    1-based, each grey level 0..16 divided by 16."""
    images, labels = _digits_arrays()
    X = images.reshape(len(images), -1).astype(float) / DIGITS_LEVELS
    rows, cols = IMAGE_SHAPES["digits"]
    inputs = tuple(f"px({r + 1},{c + 1})" for r in range(rows) for c in range(cols))
    return X, labels.astype(int), inputs, tuple(str(k) for k in range(10))


def confusion_matrix(y_true, y_pred, n_classes) -> np.ndarray:
    """(K, K) int counts: row = true class, column = predicted class."""
    y_true = np.asarray(y_true, int).ravel()
    y_pred = np.asarray(y_pred, int).ravel()
    k = int(n_classes)
    ok = (y_true >= 0) & (y_true < k) & (y_pred >= 0) & (y_pred < k)
    return np.bincount(y_true[ok] * k + y_pred[ok], minlength=k * k).reshape(k, k)


def misclassified_first(y_true, y_pred) -> np.ndarray:
    """Positions 0..n−1 with the wrong predictions first, each group in its
    original order (a stable sort: the gallery does not shuffle as it trains)."""
    wrong = np.asarray(y_true).ravel() != np.asarray(y_pred).ravel()
    return np.argsort(~wrong, kind="stable")


def make_dataset(name="moons", n_samples=200, noise=0.1, seed=0,
                 test_fraction=0.2, classes=2) -> Dataset:
    """Generate a named data set (see ``DATASET_NAMES``)."""
    if name not in DATASET_NAMES:
        raise DataError(f"unknown data set {name!r}; choose one of "
                        f"{', '.join(DATASET_NAMES)}")
    try:
        n_samples, noise = int(n_samples), float(noise)
        classes, test_fraction = int(classes), float(test_fraction)
    except (TypeError, ValueError):
        raise DataError("samples and classes must be whole numbers, noise and "
                        "test fraction numbers") from None
    if name not in FIXED_SIZE and not 4 <= n_samples <= MAX_SAMPLES:
        raise DataError(f"samples must be between 4 and {MAX_SAMPLES}, "
                        f"got {n_samples}")
    if not 0.0 <= noise <= 10.0 or not np.isfinite(noise):
        raise DataError(f"noise must be between 0 and 10, got {noise}")
    if not 2 <= classes <= 10:
        raise DataError(f"classes must be between 2 and 10, got {classes}")
    rng = np.random.default_rng(seed)
    source = {"kind": "generator", "name": name, "n_samples": n_samples,
              "noise": noise, "seed": seed, "test_fraction": test_fraction,
              "classes": classes}
    if name == "iris":
        X, y, inputs, class_names = load_iris()
        X = X + rng.normal(0, noise, X.shape) if noise else X
        tr, te = split_indices(len(X), test_fraction, rng)
        return Dataset(name, "classification", X, y, tr, te, 3, inputs,
                       class_names, source)
    if name == "digits":
        # the images as they are: the noise setting does not apply to them
        X, y, inputs, class_names = load_digits()
        tr, te = split_indices(len(X), test_fraction, rng)
        return Dataset(name, "classification", X, y, tr, te, 10, inputs,
                       class_names, source)
    gen = _GENERATORS[name]
    if name in ("gaussians", "spiral"):
        X, y = gen(n_samples, noise, rng, classes)
        k = classes
    else:
        X, y = gen(n_samples, noise, rng)
        source.pop("classes")
        k = 2
    tr, te = split_indices(len(X), test_fraction, rng)
    if name in REGRESSION:
        names = ("x",) if X.shape[1] == 1 else ("x1", "x2")
        if name == "circle_area":
            names = ("r",)
        return Dataset(name, "regression", X, y.astype(float), tr, te, 0,
                       names, (), source)
    return Dataset(name, "classification", X, y, tr, te, k, ("x1", "x2"),
                   tuple(f"class {i}" for i in range(k)), source)


def circle_area_dataset() -> Dataset:
    """Exactly the five radius/area points of CURRICULUM E6 (all training)."""
    P = CIRCLE_AREA_POINTS
    return Dataset("circle_area", "regression", P[:, :1].copy(), P[:, 1].copy(),
                   np.arange(5), np.arange(0), 0, ("r",), (),
                   {"kind": "points"})


def from_points(X, y, task="classification", n_classes=None, name="custom",
                test_fraction=0.0, seed=0) -> Dataset:
    """A data set from arrays (validated)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or len(X) == 0:
        raise DataError(f"points must be a 2-D array with at least one row; "
                        f"got shape {X.shape}")
    if len(y) != len(X):
        raise DataError(f"{len(X)} points but {len(y)} labels")
    if not np.all(np.isfinite(X)):
        raise DataError("points contain NaN or infinite coordinates")
    if task == "classification":
        if not np.all(np.equal(np.mod(y.astype(float), 1), 0)) or (y < 0).any():
            raise DataError("class labels must be whole numbers ≥ 0")
        y = y.astype(int)
        k = int(n_classes or max(2, int(y.max()) + 1))
        class_names = tuple(f"class {i}" for i in range(k))
    else:
        y = y.astype(float)
        if not np.all(np.isfinite(y)):
            raise DataError("targets contain NaN or infinite values")
        k, class_names = 0, ()
    rng = np.random.default_rng(seed)
    if test_fraction and len(X) > 1:
        tr, te = split_indices(len(X), test_fraction, rng)
    else:
        tr, te = np.arange(len(X)), np.arange(0)
    names = ("x1", "x2") if X.shape[1] == 2 else tuple(
        f"x{i + 1}" for i in range(X.shape[1]))
    return Dataset(name, task, X, y, tr, te, k, names, class_names,
                   {"kind": "points"})


def dataset_from_source(source: dict) -> Dataset:
    """Rebuild a data set from ``Dataset.source`` (generator only)."""
    if source.get("kind") != "generator":
        raise DataError("this data set was not made by a generator")
    args = {k: source[k] for k in ("n_samples", "noise", "seed", "test_fraction",
                                   "classes") if k in source}
    return make_dataset(source["name"], **args)


# CSV reading lives in its own module; ``core.data.load_csv`` stays the name
# the window, the CLI and session code import.
from .csv_import import load_csv  # noqa: E402

__all__ = ["CLASSIFICATION", "REGRESSION", "DATASET_NAMES", "FEATURES", "FEATURE_NAMES",
           "FIXED_SIZE", "IMAGE_SHAPES", "MAX_SAMPLES", "Dataset", "circle_area_dataset",
           "confusion_matrix", "dataset_from_source", "encode_labels", "feature_matrix",
           "from_points", "load_csv", "load_digits", "load_iris", "make_dataset",
           "misclassified_first", "split_indices"]
