"""Saving session files: encoding (arrays as lists or base64) and an atomic
write that replaces only an ordinary file."""
from __future__ import annotations

import base64
import json
import math
import os
import re
import secrets
import stat
import time
from contextlib import suppress
from pathlib import Path

import numpy as np

from ..data import Dataset, dataset_from_source
from ..errors import NNVizError, SessionFileError, SpecError
from ..network import Network, parse_spec
from ..numbers import NumberError, parse_number
from ..optim import Optimizer
from ..train import History
from .checks import describe, one_line
from .reader import session_from_json
from .state import FORMAT, INLINE_LIMIT, VERSION, SessionState, dataset_fingerprint

_NAN_BITS = int(np.array(np.nan).view(np.uint64))
TMP_MARK = ".nnviz-tmp-"            # temporaries are ".NAME.nnviz-tmp-XXXXXXXX"
STALE_SECONDS = 10 * 60             # an older temporary of ours is a killed save's


def save_session(path, state: SessionState) -> Path:
    """Write ``state`` to ``path`` atomically; returns the path.

    The document is validated as ``load_session`` would before anything is
    written, so a file that was saved can always be loaded. Only an ordinary
    file (or nothing) is replaced: a symbolic link, folder, device or pipe at
    ``path`` is refused. Raises :class:`SessionFileError` naming the file.
    """
    try:
        path = Path(path)
    except TypeError:
        raise SessionFileError(f"cannot save: not a file name: {describe(path)}") from None
    name = path.name or str(path)

    def error(why):
        return SessionFileError(one_line(f"cannot save {name}: {why}"))

    try:
        text = session_to_json(state)
    except SessionFileError as e:
        raise error(e) from None
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except ValueError:
        raise error("not a valid file name") from None
    except OSError as e:
        raise error(e.strerror or e) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise error("it is a folder")
        if stat.S_ISLNK(st.st_mode):
            raise error("it is a symbolic link; save to the file it points to, or "
                        "choose another name")
        if not stat.S_ISREG(st.st_mode):
            raise error("it is not an ordinary file (a device, pipe or socket)")
    try:
        _atomic_write(path, text.encode("utf-8"), st)
    except ValueError:
        raise error("not a valid file name") from None
    except OSError as e:
        raise error(e.strerror or e) from None
    return path


def session_to_json(state: SessionState) -> str:
    """The file's text (validated: it loads back to an equal state)."""
    doc = session_to_dict(state)
    try:
        text = _dumps(doc) + "\n"
    except (TypeError, ValueError, RecursionError):
        raise SessionFileError("extra: cannot be saved as JSON") from None
    session_from_json(text)      # what we write, we can read
    return text


def session_to_dict(state: SessionState) -> dict:
    """The JSON document for ``state`` (arrays encoded, see the package doc)."""
    if not isinstance(state, SessionState):
        raise SessionFileError(f"expected a SessionState, got {type(state).__name__}")
    try:
        return _session_to_dict(state)
    except SessionFileError:
        raise
    except (NNVizError, TypeError, ValueError, AttributeError, KeyError,
            OverflowError) as e:
        raise SessionFileError(one_line(f"cannot encode the session: {e}")) from None


def _session_to_dict(state: SessionState) -> dict:
    theta = np.asarray(state.theta, dtype=np.float64)
    try:
        spec = [ls.to_dict() for ls in parse_spec(state.spec)]
    except SpecError as e:
        raise SessionFileError(one_line(f"network.spec: {e}")) from None
    net = {"spec": _jsonable(spec, "network.spec"),
           "init": state.init,
           "seed": None if state.seed is None else _int_value(state.seed, "network.seed"),
           "theta": _encode(theta, "f")}
    loss = state.loss
    if loss is None:
        try:
            loss = Network(state.spec, init="zeros").default_loss
        except SpecError as e:
            raise SessionFileError(one_line(f"network.spec: {e}")) from None
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
    return {"rng": _jsonable(ts["rng"], "training.state.rng"),
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
        raise SessionFileError(f"{where}: expected a whole number, got {describe(v)}")
    return int(v)


def _float_value(v, where) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise SessionFileError(f"{where}: expected a number, got {describe(v)}")
    try:            # the one rule for numbers: finite, no overflow
        return parse_number(float(v) if isinstance(v, (np.integer, np.floating)) else v, where)
    except NumberError as e:
        raise SessionFileError(str(e)) from None


def _jsonable(v, where, depth=0):
    """A plain-JSON copy of ``v`` (NumPy scalars and arrays converted), or an
    error naming the offending field."""
    if depth > 40:
        raise SessionFileError(one_line(f"{where}: nested too deeply to save"))
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if not math.isfinite(v):
            raise SessionFileError(one_line(f"{where}: {v} cannot be saved (only finite "
                                            "numbers)"))
        return v
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.ndarray):
        return _jsonable(v.tolist(), where, depth)
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if not isinstance(k, str):
                raise SessionFileError(one_line(f"{where}: key {describe(k)} is not text"))
            out[k] = _jsonable(x, f"{where}.{k}", depth + 1)
        return out
    if isinstance(v, (list, tuple)):
        return [_jsonable(x, f"{where}[{i}]", depth + 1) for i, x in enumerate(v)]
    raise SessionFileError(one_line(f"{where}: a {type(v).__name__} cannot be saved in a "
                                    "session file"))


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


# -- the atomic write ------------------------------------------------------------------
def _tmp_prefix(path: Path) -> str:
    # Leave room for the mark and the random part within a 255-byte name.
    return f".{path.name[:200]}{TMP_MARK}"


def _remove_stale_temporaries(path: Path) -> None:
    """Temporaries of ours for this target that a killed save left behind."""
    prefix = _tmp_prefix(path)
    old = re.compile(re.escape(f".{path.name}.") + r"[0-9a-f]{8}\.tmp")   # earlier naming
    now = time.time()
    with suppress(OSError):
        with os.scandir(path.parent) as entries:
            for e in entries:
                mine = (e.name.startswith(prefix)
                        and re.fullmatch(r"[0-9a-f]{8}", e.name[len(prefix):])
                        ) or old.fullmatch(e.name)
                if not mine:
                    continue
                with suppress(OSError):
                    st = e.stat(follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_SECONDS:
                        os.unlink(e.path)


def _atomic_write(path: Path, data: bytes, st=None) -> None:
    """Write via a temporary sibling + fsync + os.replace; never leave it behind."""
    folder = path.parent
    _remove_stale_temporaries(path)
    mode = stat.S_IMODE(st.st_mode) if st is not None else None   # new: the umask decides
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) \
        | getattr(os, "O_NOFOLLOW", 0)
    prefix = _tmp_prefix(path)
    for _ in range(100):
        tmp = folder / f"{prefix}{secrets.token_hex(4)}"
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
