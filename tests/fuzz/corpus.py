"""Shared by the fuzz tests and the slower corpus run: valid session documents
to mutate, the mutations, and the one check every outcome must pass."""
from __future__ import annotations

import copy
import json
import time
import tracemalloc

import numpy as np

from core.data import from_points, make_dataset
from core.errors import NNVizError
from core.files import SessionState, session_to_dict, state_from_trainer, trainer_from_state
from core.files.reader import UNEXPECTED
from core.network import Network
from core.optim import make_optimizer
from core.train import Trainer

MAX_SECONDS = 2.0
MAX_PEAK = 50 * 2 ** 20


def _trainer(ds, hidden, act, out, opt, batch, features=None):
    n_in = len(features) if features else ds.n_inputs
    net = Network.from_sizes([n_in, *hidden, ds.output_dim], act, out, seed=1)
    Xtr, Ytr, Xte, Yte = ds.split(features)
    return Trainer(net, Xtr, Ytr, Xte, Yte, optimizer=make_optimizer(opt, 0.01),
                   batch_size=batch, seed=2, task=ds.task)


def base_documents() -> dict[str, dict]:
    """Small valid documents covering the file's shapes (JSON-ready)."""
    docs = {}
    ds = make_dataset("moons", 40, 0.1, seed=0, test_fraction=0.25)
    tr = _trainer(ds, [3], "tanh", "sigmoid", "adam", 16)
    tr.train(2)
    tr.step()                                   # mid-epoch: perm and pos saved
    docs["generator"] = session_to_dict(state_from_trainer(tr, ds, extra={
        "settings": {"hidden": [3], "lr": 0.01}, "view": {"zoom": 1.5}}))
    ds = make_dataset("spiral", 30, 0.1, seed=1, test_fraction=0.2, classes=3)
    tr = _trainer(ds, [4], "rrelu", "softmax", "momentum", 8)
    tr.train(1)
    docs["softmax"] = session_to_dict(state_from_trainer(tr, ds))
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 2))
    ds = from_points(X, X[:, 0] - X[:, 1], task="regression", test_fraction=0.25, seed=3)
    tr = _trainer(ds, [3], "prelu", "identity", "rmsprop", 0, features=["x1", "x2", "x1*x2"])
    tr.train(2)
    docs["points"] = session_to_dict(state_from_trainer(tr, ds, features=["x1", "x2",
                                                                          "x1*x2"]))
    ds = from_points(X, (X[:, 0] > 0).astype(int), test_fraction=0.0)
    net = Network.from_sizes([2, 1], "tanh", "sigmoid", seed=0)
    docs["minimal"] = session_to_dict(SessionState(spec=net.spec(), theta=net.theta,
                                                   dataset=ds))
    return json.loads(json.dumps(docs))


def paths(v, prefix=()):
    """Every path into a document (lists: the first three items)."""
    out = [prefix] if prefix else []
    if isinstance(v, dict):
        for k, x in v.items():
            out += paths(x, prefix + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v[:3]):
            out += paths(x, prefix + (i,))
    return out


def replaced(doc, path, value=None, delete=False):
    doc = copy.deepcopy(doc)
    parent = doc
    for k in path[:-1]:
        parent = parent[k]
    if delete and isinstance(parent, dict):
        parent.pop(path[-1], None)
    else:
        parent[path[-1]] = value
    return doc


# Fields a document may lack: the sweep over existing paths never meets them.
OPTIONAL = [("dataset", "classes"), ("dataset", "fingerprint"), ("dataset", "source"),
            ("dataset", "input_names"), ("dataset", "class_names"),
            ("network", "spec", 0, "slope"), ("network", "spec", 1, "slope"),
            ("network", "seed"), ("extra", "settings"), ("extra", "settings", "hidden"),
            ("training", "state"), ("training", "state", "net_rng"),
            ("training", "optimizer", "hyper", "beta1"), ("training", "optimizer", "state", "m"),
            ("features",), ("history",)]


def optional_paths(doc):
    """The OPTIONAL paths whose parent exists in ``doc`` (as an object)."""
    out = []
    for path in OPTIONAL:
        parent = doc
        for k in path[:-1]:
            if isinstance(parent, dict) and k in parent:
                parent = parent[k]
            elif isinstance(parent, list) and isinstance(k, int) and k < len(parent):
                parent = parent[k]
            else:
                parent = None
                break
        if isinstance(parent, dict):
            out.append(path)
    return out


def nested(depth, leaf=0):
    v = leaf
    for i in range(depth):
        v = [v] if i % 2 else {"a": v}
    return v


# Values that broke earlier readers: wrong types, huge or odd numbers, deep
# nesting, long text.
NASTY = [None, True, False, 0, -1, -0.0, 1.5, 2 ** 31, 2 ** 63, -2 ** 63 - 1, 10 ** 30, 10 ** 400,
         1e308, -1e308, 5e-324, float("nan"), float("inf"), "", "x", "9" * 500,
         "\x1b[31m\n" * 20, "y" * 100_000, [], [None], [[1, 2], [3]], {}, {"a": 1},
         nested(40), nested(200), [0.5] * 5000]


def outcome(make_state) -> tuple[str, str]:
    """Run ``make_state()`` and, if it gives a state, train on it: returns
    ("ok", "") or ("error", message). Fails (AssertionError) on anything else:
    another exception, a message that is not one short line, a slow or
    memory-hungry case, or the reader's safety net catching an escape."""
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        try:
            state = make_state()
        except NNVizError as e:
            msg = str(e)
            assert msg and "\n" not in msg and msg.isprintable(), repr(msg[:200])
            assert len(msg) < 300, msg[:300]
            assert UNEXPECTED not in msg, msg        # an escape the checks missed
            return "error", msg
        tr = trainer_from_state(state)
        for _ in range(3):
            tr.step()
        tr.summary()
        return "ok", ""
    finally:
        seconds = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert seconds < MAX_SECONDS, f"{seconds:.1f} s"
        assert peak < MAX_PEAK, f"{peak / 2 ** 20:.0f} MB"
