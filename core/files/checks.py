"""Careful reading of untrusted input: regular files only, capped sizes,
strict JSON with a depth cap, and field readers whose messages name the field,
fit on one line and quote at most ~60 characters of a bad value.

Shared by the session reader and the command line (``--spec``, ``--csv``).
"""
from __future__ import annotations

import base64
import binascii
import json
import math
import os
import stat

import numpy as np

from ..errors import SessionFileError, SpecError
from ..limits import LIMITS, check, json_depth
from ..network import parse_spec
from ..numbers import quote

MAX_MESSAGE = 280                   # characters; messages stay one short line
MAX_INT_DIGITS = 40                 # any integer longer than this is out of every range
# Values in one JSON text: a parsed value costs ~30 bytes, so a 256 MB file of
# "0,0,0,…" would take GBs. Files nnviz writes keep big arrays in base64 (a
# few thousand values in all); 2 million leaves room for hand-written ones.
MAX_JSON_VALUES = 2_000_000
_MISSING = object()


# -- messages -------------------------------------------------------------------
def one_line(message, limit=MAX_MESSAGE) -> str:
    """``message`` on one printable line of at most ``limit`` characters."""
    s = " ".join(str(message).split())
    if not s.isprintable():
        s = "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)
    if len(s) > limit:
        s = s[:limit - 1] + "…"
    return s


def fail(where, message, error=SessionFileError):
    return error(one_line(f"{where}: {message}" if where else message))


def key_name(k) -> str:
    """A field name from the file, safe to show in a one-line message."""
    k = str(k)
    if k.isprintable() and 0 < len(k) <= 40:
        return k
    r = json.dumps(k)
    return r if len(r) <= 40 else r[:37] + "…\""


def describe(v) -> str:
    """A short description of a JSON value for error messages."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        if abs(v) >= 10 ** MAX_INT_DIGITS:
            return "a number with thousands of digits" if abs(v) >= 10 ** 1000 else \
                "a number far too large"
        r = repr(v)
        return r if len(r) <= 30 else r[:27] + "…"
    if isinstance(v, float):
        r = repr(v)
        return r if len(r) <= 30 else r[:27] + "…"
    if isinstance(v, str):
        return "text " + quote(v, 40)
    if isinstance(v, list):
        return f"a list of {len(v)}"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


# -- files ------------------------------------------------------------------------
def read_regular_file(path, cap: int, what: str = "file", error=SessionFileError) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes.

    Opened with O_NONBLOCK and checked with ``fstat`` on the open descriptor,
    so a FIFO, a device or a socket is refused without ever blocking (and a
    file swapped for one after a ``stat`` cannot slip through). At most
    ``cap + 1`` bytes are read, whatever the file claims its size is.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error("no such file") from None
    except IsADirectoryError:
        raise error(f"it is a folder, not a {what}") from None
    except (ValueError, TypeError):
        raise error("not a valid file name") from None
    except OSError as e:
        raise error(one_line(f"cannot read it: {e.strerror or e}")) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(f"it is a folder, not a {what}")
        if not stat.S_ISREG(st.st_mode):
            raise error(f"not a regular file (a device, pipe or socket); a {what} "
                        "must be an ordinary file")
        if st.st_size > cap:
            raise error(f"the file is too large ({_size(st.st_size)}); a {what} is at "
                        f"most {_size(cap)}")
        chunks, total = [], 0
        while total <= cap:
            try:
                chunk = os.read(fd, min(1 << 20, cap + 1 - total))
            except BlockingIOError:       # a regular file never does this; be safe
                raise error("cannot read it now (the file is busy)") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > cap:                   # it grew while we read
            raise error(f"the file is too large (over {_size(cap)}); a {what} is at "
                        f"most {_size(cap)}")
        return b"".join(chunks)
    except OSError as e:
        raise error(one_line(f"cannot read it: {e.strerror or e}")) from None
    finally:
        os.close(fd)


def _size(n) -> str:
    if n >= 2 ** 20:
        return f"{n / 2 ** 20:.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def decode_text(data: bytes, what: str, error=SessionFileError) -> str:
    if data[:4] == b"PK\x03\x04":
        raise error(f"not a {what}: it is a zip archive (an .npz?), not JSON")
    if b"\x00" in data[:65536]:
        raise error(f"not a {what}: it is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise error(f"not a {what}: not UTF-8 text (byte {e.start})") from None


class _JSONNumber(Exception):
    def __init__(self, message):
        super().__init__(message)


def _parse_int(s):
    if len(s.lstrip("-")) > MAX_INT_DIGITS:
        raise _JSONNumber(f"the whole number {quote(s, 24)} is far too large")
    return int(s)


def _parse_float(s):
    v = float(s)
    if not math.isfinite(v):
        raise _JSONNumber(f"the number {quote(s, 24)} is too large")
    return v


def _parse_constant(s):
    raise _JSONNumber(f"{s} is not allowed in JSON (write null or a number)")


def loads_json(text: str, what: str, error=SessionFileError):
    """Strict JSON: no NaN/Infinity, no number past float range or 40 digits,
    nesting at most ``LIMITS["json_depth"]`` deep (checked before anyone
    walks it), at most :data:`MAX_JSON_VALUES` values (counted before parsing)."""
    if len(text) > MAX_JSON_VALUES and text.count(",") > MAX_JSON_VALUES:
        raise error(f"not a {what}: more than {MAX_JSON_VALUES} values; large arrays "
                    "must be stored in base64 form")
    try:
        doc = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                         parse_constant=_parse_constant)
    except json.JSONDecodeError as e:
        raise error(f"not a {what}: not valid JSON ({e.msg} at line {e.lineno}, "
                    f"column {e.colno})") from None
    except _JSONNumber as e:
        raise error(f"not a {what}: {e}") from None
    except RecursionError:
        raise error(f"not a {what}: JSON nested too deeply") from None
    except (ValueError, MemoryError) as e:
        raise error(one_line(f"not a {what}: {e}")) from None
    cap = int(LIMITS["json_depth"].hi)
    if json_depth(doc, cap) > cap:
        raise error(f"not a {what}: JSON nested more than {cap} levels deep")
    return doc


# -- network specs ------------------------------------------------------------------
def check_spec(raw, where="network.spec", error=SessionFileError) -> list:
    """A spec list from untrusted data, checked against the limits table
    before :func:`core.network.parse_spec` sees it; returns its layer dicts."""
    if isinstance(raw, dict) and set(raw) == {"layers"}:
        raw = raw["layers"]
    if not isinstance(raw, list):
        raise fail(where, f"expected a list of layers, got {describe(raw)}", error)
    if not raw:
        raise fail(where, "has no layers", error)
    check("hidden_layers", len(raw) - 1, f"{where}: hidden layers", error)
    for i, entry in enumerate(raw, start=1):
        at = f"{where}: layer {i}"
        if not isinstance(entry, dict):
            raise fail(at, "expected an object with input_dim, output_dim and activation, "
                           f"got {describe(entry)}", error)
        unknown = [k for k in entry if k not in ("input_dim", "output_dim", "activation",
                                                 "slope")]
        if unknown:
            raise fail(at, f"unknown field '{key_name(unknown[0])}'", error)
        for k in ("input_dim", "output_dim", "activation"):
            if k not in entry:
                raise fail(at, f"missing '{k}'", error)
        for k in ("input_dim", "output_dim"):
            v = entry[k]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or (
                    isinstance(v, float) and not v.is_integer()):
                raise fail(at, f"{k} must be a whole number, got {describe(v)}", error)
        name = "inputs" if i == 1 else "units"
        check(name, entry["input_dim"], f"{at}: input_dim", error)
        check("outputs" if i == len(raw) else "units", entry["output_dim"],
              f"{at}: output_dim", error)
        act = entry["activation"]
        if not isinstance(act, str) or len(act) > 40:
            raise fail(at, f"activation must be a name, got {describe(act)}", error)
        slope = entry.get("slope")
        if slope is not None:
            if isinstance(slope, bool) or not isinstance(slope, (int, float)):
                raise fail(at, f"slope must be a number, got {describe(slope)}", error)
            check("slope", slope, f"{at}: slope", error)
    try:
        layers = parse_spec(raw)
    except SpecError as e:
        raise fail(where, str(e), error) from None
    n_params = sum((ls.input_dim + 1) * ls.output_dim
                   + (ls.output_dim if ls.activation == "prelu" else 0) for ls in layers)
    check("parameters", n_params, f"{where}: parameters", error)
    return [ls.to_dict() for ls in layers]


# -- reading fields ---------------------------------------------------------------
class Obj:
    """A JSON object being read: every failure names the field; ``done``
    rejects fields nobody asked for."""

    def __init__(self, d, where):
        if not isinstance(d, dict):
            raise fail(where, f"expected an object, got {describe(d)}")
        self.d, self.where, self.used = d, where, set()

    def path(self, key) -> str:
        key = key_name(key)
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

    def obj(self, key, default=_MISSING) -> Obj | None:
        v = self.raw(key, default)
        return None if v is None and default is None else Obj(v, self.path(key))

    def text(self, key, default=_MISSING, choices=None, nullable=False, max_len=None):
        v = self.raw(key, default)
        if v is None and (nullable or default is None):
            return None
        if not isinstance(v, str):
            raise fail(self.path(key), f"expected text, got {describe(v)}")
        if choices is not None and v not in choices:
            raise fail(self.path(key), f"unknown value {quote(v)}; choose one of "
                                       f"{', '.join(choices)}")
        cap = int(LIMITS["text_chars"].hi) if max_len is None else max_len
        if len(v) > cap:
            raise fail(self.path(key), f"text of {len(v)} characters; at most {cap}")
        return v

    def flag(self, key, default=_MISSING):
        v = self.raw(key, default)
        if not isinstance(v, bool):
            raise fail(self.path(key), f"expected true or false, got {describe(v)}")
        return v

    def integer(self, key, default=_MISSING, lo=None, hi=None, nullable=False, limit=None):
        """A whole number; ``limit`` names its range in core/limits.py."""
        v = self.raw(key, default)
        if v is None and (nullable or default is None):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise fail(self.path(key), f"expected a whole number, got {describe(v)}")
        if limit is not None:
            lim = LIMITS[limit]
            lo = lim.lo if lo is None else max(lo, lim.lo)
            hi = lim.hi if hi is None else min(hi, lim.hi)
        if lo is not None and v < lo:
            raise fail(self.path(key), f"must be at least {int(lo)}, got {describe(v)}")
        if hi is not None and v > hi:
            raise fail(self.path(key), f"must be at most {int(hi)}, got {describe(v)}")
        return v

    def number(self, key, default=_MISSING, lo=None, hi=None, hi_open=False,
               nullable=False, limit=None, lo_open=False):
        v = self.raw(key, default)
        if v is None and (nullable or default is None):
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise fail(self.path(key), f"expected a number, got {describe(v)}")
        try:
            v = float(v) + 0.0       # -0.0 → 0.0: NumPy refuses a noise scale of -0.0
        except OverflowError:
            raise fail(self.path(key), "number out of range") from None
        if not math.isfinite(v):
            raise fail(self.path(key), f"must be a finite number, got {v}")
        if limit is not None:
            lim = LIMITS[limit]
            lo, hi, lo_open = lim.lo, lim.hi if hi is None else min(hi, lim.hi), lim.lo_open
        if lo is not None and (v <= lo if lo_open else v < lo):
            raise fail(self.path(key), f"must be {'above' if lo_open else 'at least'} "
                                       f"{lo:g}, got {v!r}")
        if hi is not None and (v >= hi if hi_open else v > hi):
            raise fail(self.path(key), f"must be {'below' if hi_open else 'at most'} "
                                       f"{hi:g}, got {v!r}")
        return v

    def done(self):
        unknown = [k for k in self.d if k not in self.used]
        if unknown:
            raise SessionFileError(one_line(
                f"unknown field '{self.path(unknown[0])}'"
                + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else "")))

    def array(self, key, kind, ndim=None, default=_MISSING, max_size=None) -> np.ndarray:
        v = self.raw(key, default)
        return decode_array(v, self.path(key), kind, ndim, max_size)


# -- arrays ---------------------------------------------------------------------------
MAX_ARRAY = 32 * 2 ** 20            # numbers; a 256 MB file holds fewer than this


def decode_array(v, where, kind, ndim=None, max_size=None) -> np.ndarray:
    """An ARRAY (list or base64 object) → float64 (kind "f") or int64 ("i")."""
    cap = MAX_ARRAY if max_size is None else max_size
    if isinstance(v, dict):
        a = _decode_binary(v, where, cap)
    elif isinstance(v, list):
        if len(v) > cap:
            raise fail(where, f"has {len(v)} items; at most {cap}")
        try:
            a = np.array(v)
        except (ValueError, OverflowError, TypeError):
            raise fail(where, "not a rectangular array of numbers (rows of different "
                              "lengths?)") from None
        if a.dtype.kind == "O":
            a = _decode_objects(a, where, kind)
    else:
        raise fail(where, f"expected an array (a list of numbers), got {describe(v)}")
    if a.size > cap:
        raise fail(where, f"has {a.size} numbers; at most {cap}")
    if a.dtype.kind == "b":
        raise fail(where, "true/false where numbers are expected")
    if a.dtype.kind not in "iuf":
        raise fail(where, "text where numbers are expected")
    if ndim is not None:
        dims = (ndim,) if isinstance(ndim, int) else ndim
        if a.ndim not in dims:
            want = " or ".join(f"{d}-D" for d in dims)
            raise fail(where, f"expected a {want} array, got {a.ndim}-D (shape {a.shape})")
    if kind == "f":
        return np.array(a, dtype=np.float64)
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)) or not np.all(a == np.round(a)):
            raise fail(where, "expected whole numbers")
        if a.size and np.abs(a).max() > 2 ** 62:
            raise fail(where, "number out of range")
    elif a.dtype.kind == "u" and a.size and a.max() > 2 ** 62:
        raise fail(where, "number out of range")
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
                raise fail(where, "number out of range")
            try:
                out[i] = float(v)
            except OverflowError:
                raise fail(where, "number out of range") from None
        else:
            raise fail(where, f"item {i}: expected a number, got {describe(v)}")
    return out.reshape(a.shape)


def _decode_binary(v, where, cap) -> np.ndarray:
    unknown = [k for k in v if k not in ("dtype", "shape", "base64")]
    if unknown:
        raise fail(where, f"unknown field '{key_name(unknown[0])}' in a binary array")
    for key in ("dtype", "shape", "base64"):
        if key not in v:
            raise SessionFileError(f"missing field '{where}.{key}'")
    dtype = v["dtype"]
    if dtype not in ("float64", "int64"):
        raise fail(f"{where}.dtype", f"expected 'float64' or 'int64', got {describe(dtype)}")
    shape = v["shape"]
    if (not isinstance(shape, list) or len(shape) > 8
            or not all(isinstance(s, int) and not isinstance(s, bool) and 0 <= s <= cap
                       for s in shape)):
        raise fail(f"{where}.shape", "expected a list of at most 8 whole numbers ≥ 0")
    count = math.prod(shape)
    if count > cap:
        raise fail(f"{where}.shape", f"asks for {count} numbers; at most {cap}")
    text = v["base64"]
    if not isinstance(text, str):
        raise fail(f"{where}.base64", f"expected text, got {describe(text)}")
    need = count * 8
    if len(text) > 4 * (need // 3 + 2) + 8:       # refuse before decoding
        raise fail(f"{where}.base64", f"holds more than the {need} bytes shape {shape} "
                                      f"of {dtype} needs")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise fail(f"{where}.base64", "not valid base64") from None
    if len(raw) != need:
        raise fail(f"{where}.base64", f"holds {len(raw)} bytes but shape {shape} of "
                                      f"{dtype} needs {need}")
    a = np.frombuffer(raw, dtype="<f8" if dtype == "float64" else "<i8").reshape(shape)
    return a.astype(np.float64 if dtype == "float64" else np.int64)
