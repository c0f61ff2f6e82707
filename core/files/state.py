"""What a session file holds (:class:`SessionState`) and the one way to turn
it into engine objects and back."""
from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field

import numpy as np

from ..data import Dataset
from ..network import Network
from ..optim import Optimizer, make_optimizer, optimizer_from_state
from ..train import History, Trainer

FORMAT = "nnviz-session"
VERSION = 1
FILE_SUFFIX = ".nnviz"
INLINE_LIMIT = 4096                 # arrays larger than this go to base64

# The state arrays each optimiser keeps (see core/optim.py).
OPTIMIZER_SLOTS = {"sgd": (), "momentum": ("velocity",), "nesterov": ("velocity",),
                   "adagrad": ("sum_sq",), "rmsprop": ("mean_sq",), "adam": ("m", "v")}


@dataclass(kw_only=True, eq=False)       # arrays inside: == would be ambiguous
class SessionState:
    """A snapshot of everything a session file holds (see the package doc).

    ``trainer_state`` holds the trainer's random and in-epoch state, as
    :meth:`Trainer.state_dict` gives it without ``epoch``/``steps``
    (``rng``, ``net_rng``, ``perm``, ``pos``, ``epoch_loss``, ``epoch_metric``,
    ``epoch_n``, ``ref_loss``, ``diverged``, ``divergence``); None means a
    fresh trainer seeded with ``train_seed``. ``warnings`` are notes from
    loading (not saved).
    """
    spec: list
    theta: np.ndarray
    init: str = "small"
    seed: int | None = None
    dataset: Dataset
    features: list | None = None
    loss: str | None = None          # None: the network's default loss
    optimizer: dict = field(default_factory=lambda: make_optimizer().state_dict())
    batch_size: int = 0
    l1: float = 0.0
    l2: float = 0.0
    train_seed: int | None = 0
    history: History = field(default_factory=History)
    epoch: int = 0
    steps: int = 0
    trainer_state: dict | None = None
    extra: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def build_network(state: SessionState) -> Network:
    """The session's network with its saved parameters (and RReLU generator)."""
    net = Network(state.spec, seed=state.seed, init="zeros")
    net.init = state.init
    net.theta[...] = state.theta
    ts = state.trainer_state or {}
    if ts.get("net_rng") is not None:
        net.set_rrelu_rng_state(ts["net_rng"])
    return net


def build_dataset(state: SessionState) -> Dataset:
    """The session's data set (already rebuilt or read by ``load_session``)."""
    return state.dataset


def build_optimizer(state: SessionState) -> Optimizer:
    """A fresh optimiser holding a copy of the saved state (step count, slots)."""
    return optimizer_from_state(copy.deepcopy(state.optimizer))


def trainer_from_state(state: SessionState, net: Network | None = None) -> Trainer:
    """A :class:`Trainer` that continues exactly where the saved one stopped."""
    net = build_network(state) if net is None else net
    ds = state.dataset
    Xtr, Ytr, Xte, Yte = ds.split(state.features or None)
    tr = Trainer(net, Xtr, Ytr, Xte, Yte, loss=state.loss,
                 optimizer=build_optimizer(state), batch_size=state.batch_size,
                 l1=state.l1, l2=state.l2, seed=state.train_seed, task=ds.task)
    tr.history = History.from_dict(state.history.to_dict())
    ts = dict(state.trainer_state or {})
    ts.update(epoch=int(state.epoch), steps=int(state.steps))
    tr.load_state_dict(ts)
    return tr


def state_from_trainer(trainer: Trainer, dataset: Dataset, features=None,
                       extra=None) -> SessionState:
    """Snapshot a trainer (copies every array; later training does not leak in).

    ``features`` are the engineered input names the trainer's inputs were
    made with (None: the raw inputs).
    """
    net = trainer.net
    ts = trainer.state_dict()
    epoch, steps = ts.pop("epoch"), ts.pop("steps")   # saved at the top level
    return SessionState(
        spec=net.spec(), theta=net.theta.copy(), init=net.init, seed=net.seed,
        dataset=dataset, features=list(features) if features else None,
        loss=trainer.loss, optimizer=copy.deepcopy(trainer.optimizer.state_dict()),
        batch_size=int(trainer.batch_size), l1=float(trainer.l1), l2=float(trainer.l2),
        train_seed=trainer.seed, history=History.from_dict(trainer.history.to_dict()),
        epoch=int(epoch), steps=int(steps), trainer_state=ts,
        extra=copy.deepcopy(extra) if extra else {})


def dataset_fingerprint(ds: Dataset) -> str:
    """A short hash of a data set's points, labels and split."""
    h = hashlib.sha256()
    for a, dt in ((ds.X, "<f8"), (ds.y, "<i8" if ds.task == "classification" else "<f8"),
                  (ds.train_idx, "<i8"), (ds.test_idx, "<i8")):
        a = np.ascontiguousarray(a, dtype=dt)
        h.update(repr(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()[:20]
