"""Loading session files: every field is checked for type, range (the table in
core/limits.py), length and consistency before anything is built, so a file
that loads can be trained on. Any problem — in the bytes, the JSON or a field —
is a :class:`SessionFileError` whose one-line message names the field."""
from __future__ import annotations

import copy
from pathlib import Path

import numpy as np

from ..data import DATASET_NAMES, FEATURES, Dataset, dataset_from_source
from ..errors import NNVizError, SessionFileError, SpecError
from ..limits import LIMITS, json_depth
from ..losses import LOSSES
from ..network import INIT_NAMES, Network
from ..optim import OPTIMIZER_NAMES, make_optimizer
from ..train import MAX_PARAM, History
from .checks import (
    Obj,
    decode_text,
    describe,
    fail,
    loads_json,
    one_line,
    read_regular_file,
)
from .checks import check_spec as _check_spec
from .state import FORMAT, OPTIMIZER_SLOTS, VERSION, SessionState, dataset_fingerprint

MAX_FILE_BYTES = int(LIMITS["session_bytes"].hi)    # refuse to read anything larger
WHAT = "nnviz session file"
# Raised by the engine when a check here has missed something: turned into a
# SessionFileError (never a traceback), marked so tests can tell it apart.
_ESCAPES = (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError,
            ZeroDivisionError, RecursionError, MemoryError)
UNEXPECTED = "could not be read"


def load_session(path) -> SessionState:
    """Read and validate a session file. Raises :class:`SessionFileError`
    whose message starts with the file name and names the field at fault."""
    try:
        path = Path(path)
        name = path.name or str(path)
    except TypeError:
        raise SessionFileError(f"not a file name: {describe(path)}") from None
    try:
        data = read_regular_file(path, MAX_FILE_BYTES, WHAT)
        if not data.strip():
            raise SessionFileError(f"the file is empty (not a {WHAT})")
        text = decode_text(data, WHAT)
        if not text.strip():
            raise SessionFileError(f"the file is empty (not a {WHAT})")
        return session_from_json(text)
    except SessionFileError as e:
        raise SessionFileError(one_line(f"{name}: {e}")) from None


def session_from_json(text) -> SessionState:
    """Parse and validate a session document given as text (or bytes)."""
    if isinstance(text, (bytes, bytearray)):
        text = decode_text(bytes(text), WHAT)
    if not isinstance(text, str):
        raise SessionFileError(f"not a {WHAT}: expected text, got {describe(text)}")
    return session_from_dict(loads_json(text, WHAT))


def session_from_dict(doc) -> SessionState:
    """Validate a parsed JSON document and build the :class:`SessionState`."""
    try:
        return _session_from_dict(doc)
    except NNVizError as e:
        if isinstance(e, SessionFileError):
            raise
        raise SessionFileError(one_line(str(e))) from None
    except _ESCAPES as e:
        raise SessionFileError(f"the file {UNEXPECTED} ({type(e).__name__} while "
                               "checking it); please report this file") from None


def _session_from_dict(doc) -> SessionState:
    if not isinstance(doc, dict):
        raise SessionFileError(f"not a {WHAT}: expected a JSON object at the "
                               f"top level, got {describe(doc)}")
    cap = int(LIMITS["json_depth"].hi)
    if json_depth(doc, cap) > cap:
        raise SessionFileError(f"not a {WHAT}: nested more than {cap} levels deep")
    if "format" not in doc:
        raise SessionFileError(f"not a {WHAT}: missing field 'format'")
    if doc["format"] != FORMAT:
        raise SessionFileError(f"not a {WHAT}: format is {describe(doc['format'])}, "
                               f"expected '{FORMAT}'")
    root = Obj(doc, "")
    root.raw("format")
    version = root.integer("version")
    if version > VERSION:
        raise SessionFileError(f"made by a newer nnviz (version {describe(version)}); this "
                               f"one reads up to {VERSION}")
    if version < 1:
        raise SessionFileError(f"version: {describe(version)} is not a valid version "
                               "(the first is 1)")
    warnings: list[str] = []

    # -- network ---------------------------------------------------------------
    nobj = root.obj("network")
    spec = _check_spec(nobj.raw("spec"), "network.spec")
    init = nobj.text("init", "small", choices=INIT_NAMES)
    seed = nobj.integer("seed", None, nullable=True, limit="seed")
    net = Network(spec, init="zeros")
    theta = nobj.array("theta", "f", ndim=1, max_size=net.parameter_count)
    if theta.size != net.parameter_count:
        raise fail("network.theta", f"has {theta.size} numbers but the spec needs "
                                    f"{net.parameter_count} parameters")
    nobj.done()
    bad = np.flatnonzero(~np.isfinite(theta))
    if bad.size:
        i = int(bad[0])
        raise fail("network.theta", f"{net.param_name(i)} (index {i}) is {theta[i]}; "
                                    "parameters must be finite numbers")
    bad = np.flatnonzero(np.abs(theta) > MAX_PARAM)
    if bad.size:    # training would call it divergence at once
        i = int(bad[0])
        raise fail("network.theta", f"{net.param_name(i)} (index {i}) is {theta[i]:g}; "
                                    f"parameters are at most ±{MAX_PARAM:g}")

    # -- data --------------------------------------------------------------------
    dataset = _read_dataset(root.obj("dataset"), warnings)
    features = root.raw("features", None)
    if features is not None:
        features = _read_features(features, dataset)
    n_in = len(features) if features else dataset.n_inputs
    if spec[0]["input_dim"] != n_in:
        what = f"features {', '.join(features)}" if features else "its raw inputs"
        raise fail("network.spec", f"layer 1 takes {spec[0]['input_dim']} input(s) but "
                                   f"the data set gives {n_in} ({what})")
    if spec[-1]["output_dim"] != dataset.output_dim:
        raise fail("network.spec", f"the output layer gives {spec[-1]['output_dim']} "
                                   f"output(s) but the data set needs {dataset.output_dim}")

    # -- training ------------------------------------------------------------------
    tobj = root.obj("training", {})
    loss = tobj.text("loss", None, choices=tuple(LOSSES), nullable=True)
    try:
        loss = net.check_loss(loss)
    except SpecError as e:
        raise fail("training.loss", str(e)) from None
    optimizer = _read_optimizer(tobj.obj("optimizer", {"name": "sgd"}), theta.size)
    batch_size = tobj.integer("batch_size", 0, limit="batch_size")
    l1 = tobj.number("l1", 0.0, limit="l1")
    l2 = tobj.number("l2", 0.0, limit="l2")
    train_seed = tobj.integer("seed", 0, nullable=True, limit="seed")
    epoch = tobj.integer("epoch", 0, limit="epochs")
    steps = tobj.integer("steps", 0, limit="steps")
    ts_raw = tobj.raw("state", None)
    trainer_state = None
    if ts_raw is not None:
        trainer_state = _read_trainer_state(Obj(ts_raw, "training.state"),
                                            len(dataset.train_idx), batch_size)
    tobj.done()

    history = _read_history(root.obj("history", None))
    extra = root.raw("extra", {})
    if not isinstance(extra, dict):
        raise fail("extra", f"expected an object, got {describe(extra)}")
    _check_extra_settings(extra)
    root.done()
    return SessionState(spec=spec, theta=theta, init=init, seed=seed, dataset=dataset,
                        features=features, loss=loss, optimizer=optimizer,
                        batch_size=batch_size, l1=l1, l2=l2, train_seed=train_seed,
                        history=history, epoch=epoch, steps=steps,
                        trainer_state=trainer_state, extra=extra, warnings=warnings)


def _check_extra_settings(extra):
    """``extra.settings`` is the window's Settings (core/session.py): an object
    of plain values, or the window could not read it back."""
    s = extra.get("settings")
    if s is None:
        return
    if not isinstance(s, dict):
        raise fail("extra.settings", f"expected an object, got {describe(s)}")
    for k, v in s.items():
        items = v if isinstance(v, list) else [v]
        if not all(x is None or isinstance(x, (bool, int, float, str)) for x in items):
            raise fail(f"extra.settings.{k}", "expected a number, text or a list of them")


def _read_features(features, dataset):
    if not isinstance(features, list) or not features:
        raise fail("features", "expected null or a non-empty list of feature names, got "
                               f"{describe(features)}")
    if len(features) > len(FEATURES):
        raise fail("features", f"lists {len(features)} features; there are "
                               f"{len(FEATURES)}")
    for i, f in enumerate(features):
        if not isinstance(f, str) or f not in FEATURES:
            raise fail(f"features[{i}]", f"unknown input feature {describe(f)}; choose "
                                         f"from {', '.join(FEATURES)}")
    if len(set(features)) != len(features):
        raise fail("features", "a feature is listed twice")
    if dataset.n_inputs != 2:
        raise fail("features", f"engineered features need 2-D data; this data set has "
                               f"{dataset.n_inputs} input(s)")
    return list(features)


def _read_dataset(obj: Obj, warnings) -> Dataset:
    kind = obj.text("kind", choices=("generator", "points"))
    if kind == "generator":
        name = obj.text("name", choices=DATASET_NAMES)
        src = {"kind": "generator", "name": name,
               "n_samples": obj.integer("n_samples", 200, limit="generated_samples"),
               "noise": obj.number("noise", 0.1, limit="noise"),
               "seed": obj.integer("seed", 0, nullable=True, limit="seed"),
               "test_fraction": obj.number("test_fraction", 0.2, limit="test_fraction")}
        if obj.has("classes"):
            src["classes"] = obj.integer("classes", limit="classes")
        fingerprint = obj.text("fingerprint", None, nullable=True, max_len=64)
        obj.done()
        if src["seed"] is None:
            raise fail("dataset.seed", "a generated data set needs a seed to be rebuilt")
        try:
            ds = dataset_from_source(src)
        except NNVizError as e:
            raise fail("dataset", str(e)) from None
        if fingerprint is not None and fingerprint != dataset_fingerprint(ds):
            warnings.append(f"dataset: the {name} generator of this nnviz makes different "
                            "points than the one that saved this session")
        return ds

    max_n = int(LIMITS["samples"].hi)
    name = obj.text("name", "custom", max_len=200)
    task = obj.text("task", choices=("classification", "regression"))
    X = obj.array("X", "f", ndim=2, max_size=max_n * int(LIMITS["inputs"].hi))
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise fail("dataset.X", f"needs at least one row and one column, got shape {X.shape}")
    if X.shape[0] > max_n:
        raise fail("dataset.X", f"has {X.shape[0]} rows; at most {max_n} samples")
    if X.shape[1] > LIMITS["inputs"].hi:
        raise fail("dataset.X", f"has {X.shape[1]} columns; at most "
                                f"{int(LIMITS['inputs'].hi)} inputs")
    _check_values(X, "dataset.X", "row")
    n = X.shape[0]
    if task == "classification":
        # One output per class (one for two): the one-hot targets are n × K.
        n_classes = obj.integer("n_classes", lo=2, limit="outputs")
        y = obj.array("y", "i", ndim=1, max_size=max_n)
        if y.size and (y.min() < 0 or y.max() >= n_classes):
            bad = int(y[(y < 0) | (y >= n_classes)][0])
            raise fail("dataset.y", f"label {bad} is out of range for {n_classes} classes")
    else:
        n_classes = obj.integer("n_classes", 0, lo=0, hi=0)
        y = obj.array("y", "f", ndim=(1, 2), max_size=max_n * int(LIMITS["outputs"].hi))
        if y.ndim == 2 and not 1 <= y.shape[1] <= LIMITS["outputs"].hi:
            raise fail("dataset.y", f"has {y.shape[1]} columns; 1 to "
                                    f"{int(LIMITS['outputs'].hi)} targets")
    if len(y) != n:
        raise fail("dataset.y", f"has {len(y)} values but dataset.X has {n} rows")
    if task == "regression":
        _check_values(y.reshape(n, -1), "dataset.y", "value")
    idx = {}
    for key in ("train_idx", "test_idx"):
        a = obj.array(key, "i", ndim=1, max_size=max_n)
        if a.size and (a.min() < 0 or a.max() >= n):
            bad = int(a[(a < 0) | (a >= n)][0])
            raise fail(f"dataset.{key}", f"index {bad} is out of range for {n} samples")
        if np.unique(a).size != a.size:
            raise fail(f"dataset.{key}", "lists a sample twice")
        idx[key] = a
    if idx["train_idx"].size == 0:
        raise fail("dataset.train_idx", "is empty; a data set needs at least one "
                                        "training sample")
    input_names = _read_names(obj, "input_names", X.shape[1],
                              tuple(f"x{i + 1}" for i in range(X.shape[1])))
    class_names = _read_names(obj, "class_names", n_classes,
                              tuple(f"class {i}" for i in range(n_classes)))
    source = obj.raw("source", {"kind": "points"})
    if not isinstance(source, dict) or source.get("kind") != "points":
        raise fail("dataset.source", "expected an object with \"kind\": \"points\"")
    obj.done()
    return Dataset(name, task, X, y, idx["train_idx"], idx["test_idx"], n_classes,
                   input_names, class_names, source)


def _check_values(A, where, what):
    """Finite and within ``LIMITS["abs_value"]``: training on 1e300 overflows."""
    lim = LIMITS["abs_value"]
    ok = np.isfinite(A) & (A >= lim.lo) & (A <= lim.hi)
    bad = np.flatnonzero(~ok.all(axis=1))
    if bad.size:
        i = int(bad[0])
        raise fail(where, f"{what} {i} holds NaN, an infinity or a value beyond "
                          f"±{lim.hi:g}")


def _read_names(obj: Obj, key, count, default) -> tuple:
    names = obj.raw(key, None)
    if names is None:
        return default
    where = obj.path(key)
    if not isinstance(names, list) or not all(isinstance(s, str) for s in names):
        raise fail(where, f"expected a list of names, got {describe(names)}")
    if len(names) != count:
        raise fail(where, f"has {len(names)} names; expected {count}")
    if any(len(s) > 200 for s in names):
        raise fail(where, "a name is longer than 200 characters")
    return tuple(names)


def _read_optimizer(obj: Obj, n_params) -> dict:
    name = obj.text("name", choices=OPTIMIZER_NAMES)
    lr = obj.number("lr", 0.1, limit="lr")
    hobj = obj.obj("hyper", {})
    hyper = {k: hobj.number(k) for k in list(hobj.d)}
    hobj.done()
    try:
        opt = make_optimizer(name, lr, **hyper)
    except SpecError as e:
        raise fail("training.optimizer.hyper", str(e)) from None
    t = obj.integer("t", 0, limit="optimizer_t")
    sobj = obj.obj("state", {})
    slots = OPTIMIZER_SLOTS.get(name, ())
    state = {}
    for key in list(sobj.d):
        if key not in slots:
            raise fail(sobj.path(key), f"{name} keeps no such state (it keeps "
                                       f"{', '.join(slots) or 'none'})")
        a = sobj.array(key, "f", ndim=1, max_size=n_params)
        if a.size != n_params:
            raise fail(sobj.path(key), f"has {a.size} numbers; the network has {n_params} "
                                       "parameters")
        if not np.all(np.isfinite(a)):
            raise fail(sobj.path(key), "contains NaN or infinite values")
        state[key] = a
    sobj.done()
    obj.done()
    d = opt.state_dict()
    d.update(t=t, state=state)
    return d


def _read_rng_state(v, where):
    if not isinstance(v, dict) or v.get("bit_generator") != "PCG64":
        raise fail(where, "expected the state of a PCG64 random generator")
    try:
        g = np.random.default_rng()
        g.bit_generator.state = copy.deepcopy(v)
        return g.bit_generator.state
    except (ValueError, TypeError, KeyError, OverflowError, AttributeError):
        raise fail(where, "not a valid random generator state") from None


def _read_trainer_state(obj: Obj, n_train, batch_size) -> dict:
    ts = {"rng": _read_rng_state(obj.raw("rng"), obj.path("rng"))}
    net_rng = obj.raw("net_rng", None)
    ts["net_rng"] = None if net_rng is None else _read_rng_state(net_rng,
                                                                 obj.path("net_rng"))
    perm = obj.raw("perm", None)
    if perm is not None:
        perm = obj.array("perm", "i", ndim=1, max_size=n_train)
        if perm.size != n_train or not np.array_equal(np.sort(perm), np.arange(n_train)):
            raise fail(obj.path("perm"), f"is not a shuffle of the {n_train} training "
                                         "samples")
    ts["perm"] = perm
    # Past the end (by less than a batch) only once an epoch is over; then
    # perm is null and the next step starts afresh.
    ts["pos"] = obj.integer("pos", 0, lo=0, hi=n_train - 1 if perm is not None
                            else n_train + max(batch_size, 1))
    # Sums over the samples seen so far in this epoch (at most all of them).
    ts["epoch_n"] = obj.integer("epoch_n", 0, lo=0, hi=n_train)
    ts["epoch_loss"] = obj.number("epoch_loss", 0.0, lo=0.0, hi=1e300)
    ts["epoch_metric"] = obj.number("epoch_metric", 0.0, lo=0.0, hi=float(ts["epoch_n"]))
    ts["ref_loss"] = obj.number("ref_loss", None, nullable=True, lo=0.0, lo_open=True,
                                hi=1e300)
    ts["diverged"] = obj.flag("diverged", False)
    ts["divergence"] = obj.text("divergence", "", max_len=1000)
    obj.done()
    return ts


def _read_history(obj: Obj | None) -> History:
    if obj is None:
        return History()
    rows = int(LIMITS["history_rows"].hi)
    cols = {f: obj.array(f, "f", ndim=1, max_size=rows) for f in History.FIELDS}
    obj.done()
    lengths = {f: c.size for f, c in cols.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{f} has {k}" for f, k in lengths.items())
        raise fail("history", f"columns have different lengths ({shown})")
    return History.from_dict(cols)
