"""The user's choices as one immutable value, and their validation.

:class:`Settings` is what the controls panel edits, what undo keeps, what a
lesson sets and what a session file stores. :func:`validate_settings` checks
it against the one table of limits (``core/limits.py``) and names the field.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .activations import ACTIVATIONS
from .data import DATASET_NAMES, FEATURES
from .errors import DataError, SpecError
from .limits import LIMITS, check
from .network import INIT_NAMES
from .optim import OPTIMIZER_NAMES

HIDDEN_ACTIVATIONS = tuple(a for a, spec in ACTIVATIONS.items()
                           if spec.differentiable and not spec.output_only)
MAX_HIDDEN_LAYERS = int(LIMITS["hidden_layers"].hi)
MAX_UNITS = int(LIMITS["units"].hi)


@dataclass(frozen=True)
class Settings:
    """Every user choice; an immutable value so undo can keep old ones."""
    dataset: str = "spiral"
    samples: int = 300
    noise: float = 0.1
    test_fraction: float = 0.3
    data_seed: int = 0
    classes: int = 2
    features: tuple = ("x1", "x2")
    hidden: tuple = (8, 8)
    activations: tuple = ("tanh", "tanh")
    slopes: tuple = ()          # leaky-ReLU slope per hidden layer (None: default)
    init: str = "xavier"
    seed: int = 1
    optimizer: str = "adam"
    lr: float = 0.03
    batch_size: int = 0
    l1: float = 0.0
    l2: float = 0.0
    train_seed: int = 0

    def to_dict(self):
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple)
                         else v) for f in fields(self)}

    @classmethod
    def from_dict(cls, d):
        if not isinstance(d, dict):
            raise SpecError("settings must be an object")
        known = {f.name for f in fields(cls)}
        kw = {k: tuple(v) if isinstance(v, list) else v
              for k, v in d.items() if k in known}
        return cls(**kw)

    def slope(self, layer: int):
        """The leaky-ReLU slope of hidden layer ``layer`` (0-based), or None."""
        return self.slopes[layer] if layer < len(self.slopes) else None


# Settings that only retune training; changing them keeps the weights.
TRAINING_ONLY = frozenset({"optimizer", "lr", "batch_size", "l1", "l2"})
DATA_FIELDS = frozenset({"dataset", "samples", "noise", "test_fraction", "data_seed",
                         "classes"})
SETTING_NAMES = frozenset(f.name for f in fields(Settings))


def _choice(value, choices, what, error=SpecError):
    if not isinstance(value, str) or value not in choices:
        raise error(f"unknown {what} {str(value)[:60]!r}; choose one of {', '.join(choices)}")
    return value


def validate_settings(s: Settings) -> Settings:
    """Raise SpecError/DataError naming the setting; returns a normalised copy."""
    if s.dataset not in DATASET_NAMES and s.dataset not in ("custom", "csv"):
        raise DataError(f"unknown data set {str(s.dataset)[:60]!r}")
    feats = tuple(s.features)
    bad = [f for f in feats if f not in FEATURES]
    if bad:
        raise DataError(f"unknown input feature(s): {', '.join(map(str, bad))[:80]}")
    if not isinstance(s.hidden, (tuple, list)):
        raise SpecError("hidden must be a list of layer sizes")
    check("hidden_layers", len(s.hidden), "hidden layers")
    hidden = tuple(check("units", h, f"hidden layer {i + 1}") for i, h in enumerate(s.hidden))
    acts = tuple(s.activations)
    if len(acts) != len(hidden):
        raise SpecError(f"{len(hidden)} hidden layers but {len(acts)} activations")
    for a in acts:
        _choice(a, HIDDEN_ACTIVATIONS, "hidden-layer activation")
    slopes = tuple(None if v is None else check("slope", v, f"slope of hidden layer {i + 1}")
                   for i, v in enumerate(s.slopes))
    if len(slopes) > len(hidden):
        slopes = slopes[:len(hidden)]
    while slopes and slopes[-1] is None:
        slopes = slopes[:-1]
    for i, v in enumerate(slopes):
        if v is not None and acts[i] != "leaky_relu":
            slopes = slopes[:i] + (None,) + slopes[i + 1:]
    _choice(s.init, INIT_NAMES, "initialiser")
    _choice(s.optimizer, OPTIMIZER_NAMES, "optimizer")
    return replace(
        s, features=feats, hidden=hidden, activations=acts, slopes=slopes,
        samples=check("samples", s.samples, error=DataError),
        noise=float(check("noise", s.noise, error=DataError)),
        test_fraction=float(check("test_fraction", s.test_fraction, error=DataError)),
        data_seed=check("seed", s.data_seed, "data seed"),
        classes=check("classes", s.classes, error=DataError),
        seed=check("seed", s.seed, "network seed"),
        lr=float(check("lr", s.lr)),
        batch_size=check("batch_size", s.batch_size),
        l1=float(check("l1", s.l1)), l2=float(check("l2", s.l2)),
        train_seed=check("seed", s.train_seed, "training seed"))


def describe(key, value) -> str:
    """``lr to 0.01`` — a change as the undo menu names it."""
    if isinstance(value, (tuple, list)):
        value = "-".join(map(str, value))
    return f"{key.replace('_', ' ')} to {value}"


__all__ = ["DATA_FIELDS", "HIDDEN_ACTIVATIONS", "MAX_HIDDEN_LAYERS", "MAX_UNITS",
           "SETTING_NAMES", "Settings", "TRAINING_ONLY", "describe", "validate_settings"]
