"""Session files: everything needed to pick up exactly where a user left off.

A session is one UTF-8 JSON file (suggested suffix ``.nnviz``)::

    {"format": "nnviz-session", "version": 1,
     "network":  {"spec": [layer, ...], "init": "small", "seed": 0,
                  "theta": ARRAY},
     "dataset":  {"kind": "generator", "name": "moons", "n_samples": 200,
                  "noise": 0.1, "seed": 0, "test_fraction": 0.2,
                  "fingerprint": "…"}
               | {"kind": "points", "name", "task", "n_classes",
                  "input_names", "class_names", "X": ARRAY, "y": ARRAY,
                  "train_idx": ARRAY, "test_idx": ARRAY, "source": {...}},
     "features": null | ["x1", "x2", "x1^2", ...],
     "training": {"loss", "optimizer": {"name", "lr", "hyper", "t",
                  "state": {slot: ARRAY}}, "batch_size", "l1", "l2",
                  "seed", "epoch", "steps", "state": null | {...}},
     "history":  {"epoch": ARRAY, "step": ARRAY, "train_loss": ARRAY, ...},
     "extra":    {... free-form, for the app ...}}

Required: ``format``, ``version``, ``network.spec``, ``network.theta`` and
``dataset``; everything else has a default, so lesson files can be written by
hand. Unknown fields are an error (typos must not pass silently; the app keeps
its own things under ``extra``).

An ARRAY is either a plain (nested) JSON list of numbers, or — when it holds
more than :data:`INLINE_LIMIT` numbers, or a non-finite value other than a
plain NaN — ``{"dtype": "float64"|"int64", "shape": [...], "base64": "…"}``
with the array's little-endian bytes. Lists are written with Python's
shortest round-tripping ``repr``, NaN as ``null``, so every float64 comes back
bit for bit either way and the file stays strict JSON.

Why one file rather than JSON plus a sibling ``.npz`` (DESIGN.md allows both):

* users copy, e-mail and attach *a* file; a pair gets separated, or a stale
  ``.npz`` ends up next to a newer ``.json``;
* a save is atomic only for one file — ``os.replace`` cannot swap two files at
  once, so a crash between them would pair new JSON with old arrays;
* there is no second container format (zip) to validate;
* small sessions (lesson files, E-series examples) stay readable and diffable.
  The price, base64's 4/3 size, is a few MB at most for the nets and data
  nnviz trains (≤ 100 000 points).

Generator data sets are stored by recipe (name, size, noise, seed, split) with
a fingerprint of the points; if a future generator makes different points the
session still loads and :attr:`SessionState.warnings` says so. A data set
whose points differ from its recipe (edited, or unseeded) is stored as points.

The trainer's random state (shuffle generator, current epoch permutation and
position, RReLU generator, divergence reference) is saved too, so training
continued after a load is bitwise the same as training that never stopped.

Saving is atomic: the text goes to a temporary file in the same folder, is
flushed and fsynced, then ``os.replace``-d over the target; on any failure the
temporary file is removed and the previous file is untouched. Loading validates
every field; problems raise :class:`~core.errors.SessionFileError` whose
message names the file, the field and the problem.
"""
from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import json
import math
import os
import secrets
import stat
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .data import DATASET_NAMES, FEATURES, MAX_SAMPLES, Dataset, dataset_from_source
from .errors import NNVizError, SessionFileError, SpecError
from .losses import LOSSES
from .network import INIT_NAMES, Network, parse_spec
from .optim import OPTIMIZER_NAMES, Optimizer, make_optimizer, optimizer_from_state
from .train import History, Trainer

FORMAT = "nnviz-session"
VERSION = 1
FILE_SUFFIX = ".nnviz"
INLINE_LIMIT = 4096                 # arrays larger than this go to base64
MAX_FILE_BYTES = 256 * 2 ** 20      # refuse to read anything larger

# The state arrays each optimiser keeps (see core/optim.py).
OPTIMIZER_SLOTS = {"sgd": (), "momentum": ("velocity",), "nesterov": ("velocity",),
                   "adagrad": ("sum_sq",), "rmsprop": ("mean_sq",), "adam": ("m", "v")}

_NAN_BITS = int(np.array(np.nan).view(np.uint64))
_MISSING = object()


@dataclass(kw_only=True, eq=False)       # arrays inside: == would be ambiguous
class SessionState:
    """A snapshot of everything a session file holds (see the module doc).

    ``trainer_state`` holds the trainer's random and in-epoch state
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


# =============================================================================
# Building engine objects from a state, and a state from a trainer
# =============================================================================
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
    """The session's data set (already rebuilt or read by :func:`load_session`)."""
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
    tr.epoch, tr.steps = int(state.epoch), int(state.steps)
    if state.trainer_state:
        tr.load_state_dict(state.trainer_state)
    return tr


def state_from_trainer(trainer: Trainer, dataset: Dataset, features=None,
                       extra=None) -> SessionState:
    """Snapshot a trainer (copies every array; later training does not leak in).

    ``features`` are the engineered input names the trainer's inputs were
    made with (None: the raw inputs).
    """
    net = trainer.net
    ts = trainer.state_dict()
    del ts["epoch"], ts["steps"]     # saved at the top level of the file
    return SessionState(
        spec=net.spec(), theta=net.theta.copy(), init=net.init, seed=net.seed,
        dataset=dataset, features=list(features) if features else None,
        loss=trainer.loss, optimizer=copy.deepcopy(trainer.optimizer.state_dict()),
        batch_size=int(trainer.batch_size), l1=float(trainer.l1), l2=float(trainer.l2),
        train_seed=trainer.seed, history=History.from_dict(trainer.history.to_dict()),
        epoch=int(trainer.epoch), steps=int(trainer.steps), trainer_state=ts,
        extra=copy.deepcopy(extra) if extra else {})


# =============================================================================
# Saving
# =============================================================================
def save_session(path, state: SessionState) -> Path:
    """Write ``state`` to ``path`` atomically; returns the path.

    The document is validated as :func:`load_session` would before anything
    is written, so a file that was saved can always be loaded. Raises
    :class:`SessionFileError` (naming the file and the problem) when the state
    cannot be saved or the file cannot be written.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        text = session_to_json(state)
    except SessionFileError as e:
        raise SessionFileError(f"cannot save {name}: {e}") from None
    if path.is_dir():
        raise SessionFileError(f"cannot save {name}: it is a folder")
    try:
        _atomic_write(path, text.encode("utf-8"))
    except ValueError:
        raise SessionFileError(f"cannot save {name}: not a valid file name") from None
    except OSError as e:
        raise SessionFileError(f"cannot save {name}: {e.strerror or e}") from None
    return path


def session_to_json(state: SessionState) -> str:
    """The file's text (validated: it loads back to an equal state)."""
    doc = session_to_dict(state)
    text = _dumps(doc) + "\n"
    session_from_json(text)      # what we write, we can read
    return text


def session_to_dict(state: SessionState) -> dict:
    """The JSON document for ``state`` (arrays encoded, see the module doc)."""
    if not isinstance(state, SessionState):
        raise SessionFileError(f"expected a SessionState, got {type(state).__name__}")
    theta = np.asarray(state.theta, dtype=np.float64)
    try:
        spec = [ls.to_dict() for ls in parse_spec(state.spec)]
    except SpecError as e:
        raise SessionFileError(f"network.spec: {e}") from None
    net = {"spec": _jsonable(spec, "network.spec"),
           "init": state.init,
           "seed": None if state.seed is None else _int_value(state.seed, "network.seed"),
           "theta": _encode(theta, "f")}
    loss = state.loss
    if loss is None:
        try:
            loss = Network(state.spec, init="zeros").default_loss
        except SpecError as e:
            raise SessionFileError(f"network.spec: {e}") from None
    opt = state.optimizer
    if isinstance(opt, Optimizer):
        opt = opt.state_dict()
    if not isinstance(opt, dict):
        raise SessionFileError("training.optimizer: expected an optimizer state_dict")
    opt_doc = {"name": opt.get("name"), "lr": _float_value(opt.get("lr"), "training.optimizer.lr"),
               "hyper": _jsonable(dict(opt.get("hyper", {})), "training.optimizer.hyper"),
               "t": _int_value(opt.get("t", 0), "training.optimizer.t"),
               "state": {str(k): _encode(v, "f") for k, v in opt.get("state", {}).items()}}
    training = {"loss": loss, "optimizer": opt_doc,
                "batch_size": _int_value(state.batch_size, "training.batch_size"),
                "l1": _float_value(state.l1, "training.l1"),
                "l2": _float_value(state.l2, "training.l2"),
                "seed": None if state.train_seed is None
                else _int_value(state.train_seed, "training.seed"),
                "epoch": _int_value(state.epoch, "training.epoch"),
                "steps": _int_value(state.steps, "training.steps"),
                "state": _trainer_state_doc(state.trainer_state)}
    hist = state.history.to_dict() if isinstance(state.history, History) else state.history
    if not isinstance(hist, dict):
        raise SessionFileError("history: expected a History")
    return {"format": FORMAT, "version": VERSION,
            "network": net,
            "dataset": _dataset_doc(state.dataset),
            "features": None if not state.features else [str(f) for f in state.features],
            "training": training,
            "history": {f: _encode(hist[f], "f") for f in History.FIELDS},
            "extra": _jsonable(state.extra or {}, "extra")}


def _trainer_state_doc(ts):
    if not ts:
        return None
    doc = {"rng": _jsonable(ts["rng"], "training.state.rng"),
           "net_rng": _jsonable(ts.get("net_rng"), "training.state.net_rng"),
           "perm": None if ts.get("perm") is None else _encode(ts["perm"], "i"),
           "pos": _int_value(ts.get("pos", 0), "training.state.pos"),
           "epoch_loss": _float_value(ts.get("epoch_loss", 0.0), "training.state.epoch_loss"),
           "epoch_metric": _float_value(ts.get("epoch_metric", 0.0),
                                        "training.state.epoch_metric"),
           "epoch_n": _int_value(ts.get("epoch_n", 0), "training.state.epoch_n"),
           "ref_loss": None if ts.get("ref_loss") is None
           else _float_value(ts["ref_loss"], "training.state.ref_loss"),
           "diverged": bool(ts.get("diverged", False)),
           "divergence": str(ts.get("divergence") or "")}
    return doc


def dataset_fingerprint(ds: Dataset) -> str:
    """A short hash of a data set's points, labels and split."""
    h = hashlib.sha256()
    for a, dt in ((ds.X, "<f8"), (ds.y, "<i8" if ds.task == "classification" else "<f8"),
                  (ds.train_idx, "<i8"), (ds.test_idx, "<i8")):
        a = np.ascontiguousarray(a, dtype=dt)
        h.update(repr(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()[:20]


def _same_dataset(a: Dataset, b: Dataset) -> bool:
    try:
        return (a.name == b.name and a.task == b.task
                and int(a.n_classes) == int(b.n_classes)
                and tuple(a.input_names) == tuple(b.input_names)
                and tuple(a.class_names) == tuple(b.class_names)
                and np.asarray(a.y).dtype.kind == np.asarray(b.y).dtype.kind
                and all(np.asarray(x).shape == np.asarray(y).shape
                        and np.array_equal(x, y)
                        for x, y in ((a.X, b.X), (a.y, b.y), (a.train_idx, b.train_idx),
                                     (a.test_idx, b.test_idx))))
    except (TypeError, ValueError):
        return False


def _dataset_doc(ds) -> dict:
    if not isinstance(ds, Dataset):
        raise SessionFileError(f"dataset: expected a Dataset, got {type(ds).__name__}")
    src = dict(ds.source or {})
    if src.get("kind") == "generator":
        try:
            rebuilt = dataset_from_source(src)
        except (NNVizError, KeyError, TypeError, ValueError):
            rebuilt = None
        if rebuilt is not None and _same_dataset(rebuilt, ds):
            doc = {"kind": "generator"}
            doc.update({k: _jsonable(v, f"dataset.{k}") for k, v in src.items()
                        if k != "kind"})
            doc["fingerprint"] = dataset_fingerprint(ds)
            return doc
        src = {"kind": "points"}     # its points no longer follow the recipe
    classification = ds.task == "classification"
    return {"kind": "points", "name": str(ds.name), "task": ds.task,
            "n_classes": _int_value(ds.n_classes, "dataset.n_classes"),
            "input_names": [str(n) for n in ds.input_names],
            "class_names": [str(n) for n in ds.class_names],
            "X": _encode(ds.X, "f"),
            "y": _encode(ds.y, "i" if classification else "f"),
            "train_idx": _encode(ds.train_idx, "i"),
            "test_idx": _encode(ds.test_idx, "i"),
            "source": _jsonable(src or {"kind": "points"}, "dataset.source")}


def _int_value(v, where) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise SessionFileError(f"{where}: expected a whole number, got {_describe(v)}")
    return int(v)


def _float_value(v, where) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise SessionFileError(f"{where}: expected a number, got {_describe(v)}")
    v = float(v)
    if not math.isfinite(v):
        raise SessionFileError(f"{where}: must be a finite number, got {v}")
    return v


def _jsonable(v, where):
    """A plain-JSON copy of ``v`` (NumPy scalars and arrays converted), or an
    error naming the offending field."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if not math.isfinite(v):
            raise SessionFileError(f"{where}: {v} cannot be saved (only finite numbers)")
        return v
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.ndarray):
        return _jsonable(v.tolist(), where)
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if not isinstance(k, str):
                raise SessionFileError(f"{where}: key {k!r} is not text")
            out[k] = _jsonable(x, f"{where}.{k}")
        return out
    if isinstance(v, (list, tuple)):
        return [_jsonable(x, f"{where}[{i}]") for i, x in enumerate(v)]
    raise SessionFileError(f"{where}: a {type(v).__name__} cannot be saved in a session file")


def _encode(a, kind):
    """An array as a JSON list, or as base64 when large or not list-exact."""
    a = np.asarray(a)
    if kind == "f":
        if a.dtype.kind not in "fiub":
            raise SessionFileError(f"cannot save an array of {a.dtype}")
        a = np.ascontiguousarray(a, dtype=np.float64)
    else:
        if a.dtype.kind not in "iub" and not (a.dtype.kind == "f" and np.all(a == np.round(a))):
            raise SessionFileError(f"cannot save an array of {a.dtype} as whole numbers")
        a = np.ascontiguousarray(a, dtype=np.int64)
    inline = a.size <= INLINE_LIMIT and (a.ndim == 1 or a.size > 0) and a.ndim >= 1
    finite = True
    if kind == "f" and inline:
        ok = np.isfinite(a)
        finite = bool(ok.all())
        if not finite:
            bad = a[~ok]
            # Only the canonical NaN can go into a list (as null) and come back
            # bit for bit; infinities and other NaN payloads use base64.
            inline = bool(np.all(bad.view(np.uint64) == _NAN_BITS))
    if inline:
        if finite:
            return a.tolist()
        obj = a.astype(object)
        obj[~np.isfinite(a)] = None
        return obj.tolist()
    dt = "<f8" if kind == "f" else "<i8"
    return {"dtype": "float64" if kind == "f" else "int64", "shape": list(a.shape),
            "base64": base64.b64encode(a.astype(dt).tobytes()).decode("ascii")}


def _is_compact(v) -> bool:
    if isinstance(v, dict):
        return "base64" in v or not any(isinstance(x, (dict, list)) and x for x in v.values())
    if isinstance(v, list):
        return not any(isinstance(x, dict) for x in v)
    return True


def _dumps(v, level=0) -> str:
    """Indented JSON whose arrays and small objects stay on one line each."""
    if not _is_compact(v):
        pad = "  " * (level + 1)
        if isinstance(v, dict):
            items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dumps(x, level + 1)}"
                     for k, x in v.items()]
            return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
        items = [pad + _dumps(x, level + 1) for x in v]
        return "[\n" + ",\n".join(items) + "\n" + "  " * level + "]"
    return json.dumps(v, allow_nan=False, ensure_ascii=False, separators=(", ", ": "))


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary sibling + fsync + os.replace; never leave it behind."""
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None                      # new file: the umask decides (0o666 & ~umask)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)
            break
        except FileExistsError:
            continue
    else:
        raise OSError("could not create a temporary file")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            with suppress(OSError):
                os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    # Make the rename itself durable (POSIX; not possible on Windows).
    if hasattr(os, "O_DIRECTORY"):
        with suppress(OSError):
            dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


# =============================================================================
# Loading
# =============================================================================
def load_session(path) -> SessionState:
    """Read and validate a session file. Raises :class:`SessionFileError`
    whose message starts with the file name and names the field at fault."""
    path = Path(path)
    name = path.name or str(path)
    try:
        return session_from_json(_read_text(path))
    except SessionFileError as e:
        raise SessionFileError(f"{name}: {e}") from None


def _read_text(path: Path) -> str:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SessionFileError("no such file") from None
    except OSError as e:
        raise SessionFileError(f"cannot read it: {e.strerror or e}") from None
    except ValueError:
        raise SessionFileError("not a valid file name") from None
    if stat.S_ISDIR(st.st_mode):
        raise SessionFileError("it is a folder, not a session file")
    if not stat.S_ISREG(st.st_mode):
        raise SessionFileError("not a regular file")
    if st.st_size == 0:
        raise SessionFileError("the file is empty (not a nnviz session file)")
    if st.st_size > MAX_FILE_BYTES:
        raise SessionFileError(
            f"the file is too large ({st.st_size / 2 ** 20:.0f} MB); a nnviz session "
            f"file is at most {MAX_FILE_BYTES // 2 ** 20} MB")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SessionFileError(f"cannot read it: {e.strerror or e}") from None
    if data[:4] == b"PK\x03\x04":
        raise SessionFileError("not a nnviz session file: it is a zip archive "
                               "(an .npz?), not JSON")
    if b"\x00" in data[:65536]:
        raise SessionFileError("not a nnviz session file: it is a binary file, not JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SessionFileError(f"not a nnviz session file: not UTF-8 text "
                               f"(byte {e.start})") from None
    if not text.strip():
        raise SessionFileError("the file is empty (not a nnviz session file)")
    return text


def session_from_json(text: str) -> SessionState:
    """Parse and validate a session document given as text."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise SessionFileError(f"not a nnviz session file: not valid JSON ({e.msg} at "
                               f"line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise SessionFileError("not a nnviz session file: JSON nested too deeply") from None
    except ValueError as e:     # e.g. an integer with thousands of digits
        raise SessionFileError(f"not a nnviz session file: {e}") from None
    return session_from_dict(doc)


def session_from_dict(doc) -> SessionState:
    """Validate a parsed JSON document and build the :class:`SessionState`."""
    if not isinstance(doc, dict):
        raise SessionFileError("not a nnviz session file: expected a JSON object at the "
                               f"top level, got {_describe(doc)}")
    if "format" not in doc:
        raise SessionFileError("not a nnviz session file: missing field 'format'")
    if doc["format"] != FORMAT:
        raise SessionFileError(f"not a nnviz session file: format is "
                               f"{_describe(doc['format'])}, expected '{FORMAT}'")
    root = _Obj(doc, "")
    root.raw("format")
    version = root.integer("version")
    if version > VERSION:
        raise SessionFileError(f"made by a newer nnviz (version {version}); this one "
                               f"reads up to {VERSION}")
    if version < 1:
        raise SessionFileError(f"version: {version} is not a valid version (the first is 1)")
    warnings: list[str] = []

    # -- network ---------------------------------------------------------------
    nobj = root.obj("network")
    spec_raw = nobj.raw("spec")
    if not isinstance(spec_raw, list):
        raise _fail("network.spec", f"expected a list of layers, got {_describe(spec_raw)}")
    try:
        layers = parse_spec(spec_raw)
    except SpecError as e:
        raise _fail("network.spec", str(e)) from None
    spec = [ls.to_dict() for ls in layers]
    init = nobj.text("init", "small", choices=INIT_NAMES)
    seed = nobj.integer("seed", None, lo=0, nullable=True)
    theta = nobj.array("theta", "f", ndim=1)
    n_params = sum((ls.input_dim + 1) * ls.output_dim
                   + (ls.output_dim if ls.activation == "prelu" else 0) for ls in layers)
    if theta.size != n_params:
        raise _fail("network.theta", f"has {theta.size} numbers but the spec needs "
                                     f"{n_params} parameters")
    nobj.done()
    net = Network(spec, init="zeros")
    bad = np.flatnonzero(~np.isfinite(theta))
    if bad.size:
        i = int(bad[0])
        raise _fail("network.theta", f"{net.param_name(i)} (index {i}) is {theta[i]}; "
                                     "parameters must be finite numbers")

    # -- data --------------------------------------------------------------------
    dataset = _read_dataset(root.obj("dataset"), warnings)
    features = root.raw("features", None)
    if features is not None:
        features = _read_features(features, dataset)
    n_in = len(features) if features else dataset.n_inputs
    if spec[0]["input_dim"] != n_in:
        what = f"features {', '.join(features)}" if features else "its raw inputs"
        raise _fail("network.spec", f"layer 1 takes {spec[0]['input_dim']} input(s) but "
                                    f"the data set gives {n_in} ({what})")
    if spec[-1]["output_dim"] != dataset.output_dim:
        raise _fail("network.spec", f"the output layer gives {spec[-1]['output_dim']} "
                                    f"output(s) but the data set needs {dataset.output_dim}")

    # -- training ------------------------------------------------------------------
    tobj = root.obj("training", {})
    loss = tobj.text("loss", None, choices=tuple(LOSSES), nullable=True)
    try:
        loss = net.check_loss(loss)
    except SpecError as e:
        raise _fail("training.loss", str(e)) from None
    optimizer = _read_optimizer(tobj.obj("optimizer", {"name": "sgd"}), theta.size)
    batch_size = tobj.integer("batch_size", 0, lo=0)
    l1 = tobj.number("l1", 0.0, lo=0.0)
    l2 = tobj.number("l2", 0.0, lo=0.0)
    train_seed = tobj.integer("seed", 0, lo=0, nullable=True)
    epoch = tobj.integer("epoch", 0, lo=0)
    steps = tobj.integer("steps", 0, lo=0)
    ts_raw = tobj.raw("state", None)
    trainer_state = None
    if ts_raw is not None:
        trainer_state = _read_trainer_state(_Obj(ts_raw, "training.state"),
                                            len(dataset.train_idx))
    tobj.done()

    history = _read_history(root.obj("history", None))
    extra = root.raw("extra", {})
    if not isinstance(extra, dict):
        raise _fail("extra", f"expected an object, got {_describe(extra)}")
    root.done()
    return SessionState(spec=spec, theta=theta, init=init, seed=seed, dataset=dataset,
                        features=features, loss=loss, optimizer=optimizer,
                        batch_size=batch_size, l1=l1, l2=l2, train_seed=train_seed,
                        history=history, epoch=epoch, steps=steps,
                        trainer_state=trainer_state, extra=extra, warnings=warnings)


def _read_features(features, dataset):
    if not isinstance(features, list) or not features:
        raise _fail("features", "expected null or a non-empty list of feature names, got "
                                f"{_describe(features)}")
    for i, f in enumerate(features):
        if not isinstance(f, str) or f not in FEATURES:
            raise _fail(f"features[{i}]", f"unknown input feature {_describe(f)}; choose "
                                          f"from {', '.join(FEATURES)}")
    if len(set(features)) != len(features):
        raise _fail("features", "a feature is listed twice")
    if dataset.n_inputs != 2:
        raise _fail("features", f"engineered features need 2-D data; this data set has "
                                f"{dataset.n_inputs} input(s)")
    return list(features)


def _read_dataset(obj: _Obj, warnings) -> Dataset:
    kind = obj.text("kind", choices=("generator", "points"))
    if kind == "generator":
        name = obj.text("name", choices=DATASET_NAMES)
        src = {"kind": "generator", "name": name,
               "n_samples": obj.integer("n_samples", 200, lo=4, hi=MAX_SAMPLES),
               "noise": obj.number("noise", 0.1, lo=0.0, hi=10.0),
               "seed": obj.integer("seed", 0, lo=0, nullable=True),
               "test_fraction": obj.number("test_fraction", 0.2, lo=0.0, hi=1.0, hi_open=True)}
        if obj.has("classes"):
            src["classes"] = obj.integer("classes", lo=2, hi=10)
        fingerprint = obj.text("fingerprint", None, nullable=True)
        obj.done()
        if src["seed"] is None:
            raise _fail("dataset.seed", "a generated data set needs a seed to be rebuilt")
        try:
            ds = dataset_from_source(src)
        except NNVizError as e:
            raise _fail("dataset", str(e)) from None
        if fingerprint is not None and fingerprint != dataset_fingerprint(ds):
            warnings.append(f"dataset: the {name} generator of this nnviz makes different "
                            "points than the one that saved this session")
        return ds

    name = obj.text("name", "custom")
    task = obj.text("task", choices=("classification", "regression"))
    X = obj.array("X", "f", ndim=2)
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise _fail("dataset.X", f"needs at least one row and one column, got shape {X.shape}")
    bad = np.flatnonzero(~np.isfinite(X).all(axis=1))
    if bad.size:
        raise _fail("dataset.X", f"row {int(bad[0])} contains NaN or infinite values")
    n = X.shape[0]
    if task == "classification":
        n_classes = obj.integer("n_classes", lo=2, hi=4096)
        y = obj.array("y", "i", ndim=1)
        if y.size and (y.min() < 0 or y.max() >= n_classes):
            bad = int(y[(y < 0) | (y >= n_classes)][0])
            raise _fail("dataset.y", f"label {bad} is out of range for {n_classes} classes")
    else:
        n_classes = obj.integer("n_classes", 0, lo=0, hi=0)
        y = obj.array("y", "f", ndim=(1, 2))
        bad = np.flatnonzero(~np.isfinite(y.reshape(len(y), -1)).all(axis=1))
        if bad.size:
            raise _fail("dataset.y", f"value {int(bad[0])} is NaN or infinite")
    if len(y) != n:
        raise _fail("dataset.y", f"has {len(y)} values but dataset.X has {n} rows")
    idx = {}
    for key in ("train_idx", "test_idx"):
        a = obj.array(key, "i", ndim=1)
        if a.size and (a.min() < 0 or a.max() >= n):
            bad = int(a[(a < 0) | (a >= n)][0])
            raise _fail(f"dataset.{key}", f"index {bad} is out of range for {n} samples")
        if np.unique(a).size != a.size:
            raise _fail(f"dataset.{key}", "lists a sample twice")
        idx[key] = a
    if idx["train_idx"].size == 0:
        raise _fail("dataset.train_idx", "is empty; a data set needs at least one "
                                         "training sample")
    input_names = _read_names(obj, "input_names", X.shape[1],
                              tuple(f"x{i + 1}" for i in range(X.shape[1])))
    class_names = _read_names(obj, "class_names", n_classes,
                              tuple(f"class {i}" for i in range(n_classes)))
    source = obj.raw("source", {"kind": "points"})
    if not isinstance(source, dict) or source.get("kind") != "points":
        raise _fail("dataset.source", "expected an object with \"kind\": \"points\"")
    obj.done()
    return Dataset(name, task, X, y, idx["train_idx"], idx["test_idx"], n_classes,
                   input_names, class_names, source)


def _read_names(obj: _Obj, key, count, default) -> tuple:
    names = obj.raw(key, None)
    if names is None:
        return default
    where = obj.path(key)
    if not isinstance(names, list) or not all(isinstance(s, str) for s in names):
        raise _fail(where, f"expected a list of names, got {_describe(names)}")
    if len(names) != count:
        raise _fail(where, f"has {len(names)} names; expected {count}")
    return tuple(names)


def _read_optimizer(obj: _Obj, n_params) -> dict:
    name = obj.text("name")
    if name not in OPTIMIZER_NAMES:
        raise _fail("training.optimizer.name", f"unknown optimizer '{name}'; choose one of "
                                               f"{', '.join(OPTIMIZER_NAMES)}")
    lr = obj.number("lr", 0.1)
    if lr <= 0:
        raise _fail("training.optimizer.lr", f"must be a positive number, got {lr}")
    hobj = obj.obj("hyper", {})
    hyper = {k: hobj.number(k) for k in list(hobj.d)}
    hobj.done()
    try:
        opt = make_optimizer(name, lr, **hyper)
    except SpecError as e:
        raise _fail("training.optimizer.hyper", str(e)) from None
    t = obj.integer("t", 0, lo=0)
    sobj = obj.obj("state", {})
    slots = OPTIMIZER_SLOTS.get(name, ())
    state = {}
    for key in list(sobj.d):
        if key not in slots:
            raise _fail(sobj.path(key),
                        f"{name} keeps no such state (it keeps "
                        f"{', '.join(slots) or 'none'})")
        a = sobj.array(key, "f", ndim=1)
        if a.size != n_params:
            raise _fail(sobj.path(key), f"has {a.size} numbers; the network has {n_params} "
                                        "parameters")
        if not np.all(np.isfinite(a)):
            raise _fail(sobj.path(key), "contains NaN or infinite values")
        state[key] = a
    sobj.done()
    obj.done()
    d = opt.state_dict()
    d.update(t=t, state=state)
    return d


def _read_rng_state(v, where):
    if not isinstance(v, dict) or v.get("bit_generator") != "PCG64":
        raise _fail(where, "expected the state of a PCG64 random generator")
    try:
        g = np.random.default_rng()
        g.bit_generator.state = copy.deepcopy(v)
        return g.bit_generator.state
    except (ValueError, TypeError, KeyError, OverflowError):
        raise _fail(where, "not a valid random generator state") from None


def _read_trainer_state(obj: _Obj, n_train) -> dict:
    ts = {"rng": _read_rng_state(obj.raw("rng"), obj.path("rng"))}
    net_rng = obj.raw("net_rng", None)
    ts["net_rng"] = None if net_rng is None else _read_rng_state(net_rng,
                                                                 obj.path("net_rng"))
    perm = obj.raw("perm", None)
    if perm is not None:
        perm = obj.array("perm", "i", ndim=1)
        if perm.size != n_train or not np.array_equal(np.sort(perm), np.arange(n_train)):
            raise _fail(obj.path("perm"), f"is not a shuffle of the {n_train} training "
                                          "samples")
    ts["perm"] = perm
    # Past the end only once an epoch is over (then perm is null).
    ts["pos"] = obj.integer("pos", 0, lo=0, hi=None if perm is None else n_train - 1)
    ts["epoch_loss"] = obj.number("epoch_loss", 0.0)
    ts["epoch_metric"] = obj.number("epoch_metric", 0.0)
    ts["epoch_n"] = obj.integer("epoch_n", 0, lo=0)
    ts["ref_loss"] = obj.number("ref_loss", None, nullable=True)
    ts["diverged"] = obj.flag("diverged", False)
    ts["divergence"] = obj.text("divergence", "")
    obj.done()
    return ts


def _read_history(obj: _Obj | None) -> History:
    if obj is None:
        return History()
    cols = {f: obj.array(f, "f", ndim=1) for f in History.FIELDS}
    obj.done()
    lengths = {f: c.size for f, c in cols.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{f} has {k}" for f, k in lengths.items())
        raise _fail("history", f"columns have different lengths ({shown})")
    return History.from_dict(cols)


# -- validation helpers -------------------------------------------------------
def _fail(where, message) -> SessionFileError:
    message = f"{where}: {message}" if where else message
    # One line, whatever text the file smuggled into a name or value.
    if not message.isprintable():
        message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    return SessionFileError(message)


def _key(k) -> str:
    """A field name from the file, safe to show in a one-line message."""
    k = str(k)
    if k.isprintable() and 0 < len(k) <= 40:
        return k
    r = json.dumps(k)
    return r if len(r) <= 40 else r[:37] + "…\""


def _describe(v) -> str:
    """A short description of a JSON value for error messages."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        r = repr(v)
        return r if len(r) <= 30 else r[:27] + "…"
    if isinstance(v, str):
        r = repr(v)
        return "text " + (r if len(r) <= 40 else r[:37] + "…'")
    if isinstance(v, list):
        return f"a list of {len(v)}"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


class _Obj:
    """A JSON object being read: every failure names the field; ``done``
    rejects fields nobody asked for."""

    def __init__(self, d, where):
        if not isinstance(d, dict):
            raise _fail(where, f"expected an object, got {_describe(d)}")
        self.d, self.where, self.used = d, where, set()

    def path(self, key) -> str:
        key = _key(key)
        return f"{self.where}.{key}" if self.where else key

    def has(self, key) -> bool:
        return key in self.d

    def raw(self, key, default=_MISSING):
        self.used.add(key)
        if key not in self.d:
            if default is _MISSING:
                raise SessionFileError(f"missing field '{self.path(key)}'")
            return default
        return self.d[key]

    def obj(self, key, default=_MISSING) -> _Obj | None:
        v = self.raw(key, default)
        return None if v is None and default is None else _Obj(v, self.path(key))

    def text(self, key, default=_MISSING, choices=None, nullable=False):
        v = self.raw(key, default)
        if v is None and (nullable or default is None):
            return None
        if not isinstance(v, str):
            raise _fail(self.path(key), f"expected text, got {_describe(v)}")
        if choices is not None and v not in choices:
            raise _fail(self.path(key), f"unknown value {v!r}; choose one of "
                                        f"{', '.join(choices)}")
        return v

    def flag(self, key, default=_MISSING):
        v = self.raw(key, default)
        if not isinstance(v, bool):
            raise _fail(self.path(key), f"expected true or false, got {_describe(v)}")
        return v

    def integer(self, key, default=_MISSING, lo=None, hi=None, nullable=False):
        v = self.raw(key, default)
        if v is None and (nullable or default is None):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise _fail(self.path(key), f"expected a whole number, got {_describe(v)}")
        if lo is not None and v < lo:
            raise _fail(self.path(key), f"must be at least {lo}, got {v}")
        if hi is not None and v > hi:
            raise _fail(self.path(key), f"must be at most {hi}, got {v}")
        return v

    def number(self, key, default=_MISSING, lo=None, hi=None, hi_open=False,
              nullable=False):
        v = self.raw(key, default)
        if v is None and (nullable or default is None):
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _fail(self.path(key), f"expected a number, got {_describe(v)}")
        try:
            v = float(v)
        except OverflowError:
            raise _fail(self.path(key), "number out of range") from None
        if not math.isfinite(v):
            raise _fail(self.path(key), f"must be a finite number, got {v}")
        if lo is not None and v < lo:
            raise _fail(self.path(key), f"must be at least {lo}, got {v}")
        if hi is not None and (v >= hi if hi_open else v > hi):
            raise _fail(self.path(key), f"must be {'below' if hi_open else 'at most'} "
                                        f"{hi}, got {v}")
        return v

    def done(self):
        unknown = [k for k in self.d if k not in self.used]
        if unknown:
            raise SessionFileError(f"unknown field '{self.path(unknown[0])}'"
                                   + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1
                                      else ""))

    def array(self, key, kind, ndim=None, default=_MISSING) -> np.ndarray:
        v = self.raw(key, default)
        return _decode(v, self.path(key), kind, ndim)


def _decode(v, where, kind, ndim=None) -> np.ndarray:
    """An ARRAY (list or base64 object) → float64 (kind "f") or int64 ("i")."""
    if isinstance(v, dict):
        a = _decode_binary(v, where)
    elif isinstance(v, list):
        try:
            a = np.array(v)
        except (ValueError, OverflowError):
            raise _fail(where, "not a rectangular array of numbers (rows of different "
                               "lengths?)") from None
        if a.dtype.kind == "O":
            a = _decode_objects(a, where, kind)
    else:
        raise _fail(where, f"expected an array (a list of numbers), got {_describe(v)}")
    if a.dtype.kind == "b":
        raise _fail(where, "true/false where numbers are expected")
    if a.dtype.kind not in "iuf":
        raise _fail(where, "text where numbers are expected")
    if ndim is not None:
        dims = (ndim,) if isinstance(ndim, int) else ndim
        if a.ndim not in dims:
            want = " or ".join(f"{d}-D" for d in dims)
            raise _fail(where, f"expected a {want} array, got {a.ndim}-D (shape {a.shape})")
    if kind == "f":
        return np.array(a, dtype=np.float64)
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)) or not np.all(a == np.round(a)):
            raise _fail(where, "expected whole numbers")
        if a.size and np.abs(a).max() > 2 ** 62:
            raise _fail(where, "number out of range")
    elif a.dtype.kind == "u" and a.size and a.max() > 2 ** 62:
        raise _fail(where, "number out of range")
    return np.array(a, dtype=np.int64)


def _decode_objects(a, where, kind) -> np.ndarray:
    """A list with nulls (NaN), huge integers or non-numbers in it."""
    flat = a.ravel()
    out = np.empty(flat.size, dtype=np.float64)
    for i, v in enumerate(flat):
        if v is None and kind == "f":
            out[i] = np.nan
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            if kind == "i" and isinstance(v, int) and abs(v) > 2 ** 62:
                raise _fail(where, "number out of range")
            try:
                out[i] = float(v)
            except OverflowError:
                raise _fail(where, "number out of range") from None
        else:
            raise _fail(where, f"item {i}: expected a number, got {_describe(v)}")
    return out.reshape(a.shape)


def _decode_binary(v, where) -> np.ndarray:
    unknown = set(v) - {"dtype", "shape", "base64"}
    if unknown:
        raise _fail(where, f"unknown field '{_key(sorted(unknown)[0])}' in a binary array")
    for key in ("dtype", "shape", "base64"):
        if key not in v:
            raise SessionFileError(f"missing field '{where}.{key}'")
    dtype = v["dtype"]
    if dtype not in ("float64", "int64"):
        raise _fail(f"{where}.dtype", f"expected 'float64' or 'int64', got {_describe(dtype)}")
    shape = v["shape"]
    if (not isinstance(shape, list) or len(shape) > 8
            or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0
                       for s in shape)):
        raise _fail(f"{where}.shape", "expected a list of whole numbers ≥ 0")
    if not isinstance(v["base64"], str):
        raise _fail(f"{where}.base64", f"expected text, got {_describe(v['base64'])}")
    try:
        raw = base64.b64decode(v["base64"], validate=True)
    except (binascii.Error, ValueError):
        raise _fail(f"{where}.base64", "not valid base64") from None
    need = math.prod(shape) * 8
    if len(raw) != need:
        raise _fail(f"{where}.base64", f"holds {len(raw)} bytes but shape {shape} of "
                                       f"{dtype} needs {need}")
    a = np.frombuffer(raw, dtype="<f8" if dtype == "float64" else "<i8").reshape(shape)
    return a.astype(np.float64 if dtype == "float64" else np.int64)


__all__ = ["FILE_SUFFIX", "FORMAT", "INLINE_LIMIT", "MAX_FILE_BYTES", "VERSION",
           "SessionState", "build_dataset", "build_network", "build_optimizer",
           "dataset_fingerprint", "load_session", "save_session", "session_from_dict",
           "session_from_json", "session_to_dict", "session_to_json",
           "state_from_trainer", "trainer_from_state"]
