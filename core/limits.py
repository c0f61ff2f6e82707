"""The one table of limits shared by the window, the command line, session
files, CSV import and lessons.

Every number a user can set has a range here, every list a length, every file
a size cap, nested data a depth cap. Checks name the field and quote at most
~60 characters of a bad value (:func:`core.numbers.quote`), in one line.

Why these numbers: a teaching app on an ordinary laptop. 8 hidden layers of
64 units draw legibly and train interactively; 100 000 samples and 10⁶
parameters keep a training step and a session file small; seeds fit the
window's 32-bit spin boxes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import SpecError
from .numbers import NumberError, parse_number, quote


@dataclass(frozen=True)
class Limit:
    lo: float
    hi: float
    what: str                   # how a message names it
    integer: bool = False
    lo_open: bool = False       # lo itself is not allowed

    def check(self, value, where=None, error=SpecError):
        """``value`` as a float (or int) within the range, else ``error``."""
        name = where or self.what
        try:
            v = parse_number(value, name)
        except NumberError as e:
            raise error(str(e)) from None
        if self.integer:
            if v != math.floor(v):
                raise error(f"{name}: {quote(value)} is not a whole number")
            v = int(v)
        if v < self.lo or v > self.hi or (self.lo_open and v == self.lo):
            rng = (f"above {self.lo:g} and at most {self.hi:g}" if self.lo_open
                   else f"from {self.lo:g} to {self.hi:g}")
            raise error(f"{name} must be {rng}, got {quote(value)}")
        return v


_I = dict(integer=True)
LIMITS: dict[str, Limit] = {
    # network
    "hidden_layers": Limit(0, 8, "hidden layers", **_I),
    "units": Limit(1, 64, "units in a hidden layer", **_I),
    "inputs": Limit(1, 4096, "inputs", **_I),
    "outputs": Limit(1, 26, "outputs", **_I),
    "parameters": Limit(1, 1_000_000, "parameters", **_I),
    "slope": Limit(0.0, 0.999, "leaky-ReLU slope"),
    "seed": Limit(0, 2**31 - 1, "seed", **_I),
    # training
    "lr": Limit(0.0, 1e6, "learning rate", lo_open=True),
    "batch_size": Limit(0, 100_000, "batch size", **_I),
    "l1": Limit(0.0, 10.0, "L1 rate"),
    "l2": Limit(0.0, 10.0, "L2 rate"),
    "epochs": Limit(0, 10_000_000, "epochs", **_I),
    "steps": Limit(0, 1_000_000_000, "steps", **_I),
    "optimizer_t": Limit(0, 1_000_000_000, "optimizer step count", **_I),
    "history_rows": Limit(0, 2_000_000, "history rows", **_I),
    # data
    "samples": Limit(1, 100_000, "samples", **_I),
    "generated_samples": Limit(4, 100_000, "samples", **_I),
    "classes": Limit(2, 10, "classes", **_I),
    "noise": Limit(0.0, 10.0, "noise"),
    "test_fraction": Limit(0.0, 0.9, "test fraction"),
    "abs_value": Limit(-1e12, 1e12, "value"),
    # files and text
    "session_bytes": Limit(0, 256 * 2**20, "session file size", **_I),
    "csv_bytes": Limit(0, 32 * 2**20, "CSV file size", **_I),
    "csv_columns": Limit(2, 4097, "CSV columns", **_I),
    "spec_bytes": Limit(0, 1 * 2**20, "spec file size", **_I),
    "lesson_bytes": Limit(0, 1 * 2**20, "lesson file size", **_I),
    "json_depth": Limit(0, 32, "nesting depth", **_I),
    "formula_chars": Limit(0, 2000, "formula length", **_I),
    "formula_nodes": Limit(1, 400, "formula size (operations)", **_I),
    "text_chars": Limit(0, 10_000, "text length", **_I),
}


def limit(name) -> Limit:
    return LIMITS[name]


def check(name, value, where=None, error=SpecError):
    """Shorthand: ``check("lr", 0.1)`` → 0.1, or ``error`` naming the field."""
    return LIMITS[name].check(value, where, error)


def json_depth(v, cap=None) -> int:
    """Depth of nested lists/dicts, iteratively (never a RecursionError);
    stops counting past ``cap``."""
    cap = LIMITS["json_depth"].hi if cap is None else cap
    deepest, stack = 0, [(v, 0)]
    while stack:
        node, d = stack.pop()
        if d > deepest:
            deepest = d
            if deepest > cap:
                return deepest
        if isinstance(node, dict):
            stack.extend((x, d + 1) for x in node.values())
        elif isinstance(node, list):
            stack.extend((x, d + 1) for x in node)
    return deepest


__all__ = ["LIMITS", "Limit", "check", "json_depth", "limit"]
