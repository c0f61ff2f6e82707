"""Numbers as the trace shows them.

One style everywhere so that a formula reads the same in a tooltip, a lesson
and a test: at most four significant digits, the typographic minus sign "−"
(never "-"), and arrays summarised by their shape and a few entries.
"""
from __future__ import annotations

import math

import numpy as np

MINUS = "\u2212"          # "−": the one minus sign used in every formula
MAX_LISTED = 6            # arrays with more entries are summarised
SHOWN_WHEN_SUMMARISED = 3


def format_number(x) -> str:
    """``-2.0`` → ``"−2"``, ``3.3000000000000003`` → ``"3.3"``, ``1.5e-05`` → ``"1.5e−5"``."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else MINUS + "∞"
    if x == 0.0:
        return "0"            # also for −0.0, which only confuses a reader
    if 1e4 <= abs(x) < 1e7:
        # Still four significant digits, but 12350 reads better than 1.235e+04.
        s = f"{float(f'{x:.4g}'):.0f}"
    else:
        s = f"{x:.4g}"
        if "e" in s:
            mantissa, exponent = s.split("e")
            s = f"{mantissa}e{int(exponent)}"
    return s.replace("-", MINUS)


def format_value(v) -> str:
    """A scalar as a number; an array as its entries, or its shape and the first few."""
    if v is None:
        return "?"
    a = np.asarray(v)
    if a.ndim == 0 or a.size == 1:
        # a 1×1 array (one sample, one output) reads as the number it is
        return format_number(a.reshape(()))
    if a.size <= MAX_LISTED:
        return _nested(a)
    shape = "×".join(str(s) for s in a.shape)
    head = ", ".join(format_number(x) for x in a.ravel()[:SHOWN_WHEN_SUMMARISED])
    return f"({shape})[{head}, …]"


def _nested(a) -> str:
    if a.ndim == 1:
        return "[" + ", ".join(format_number(x) for x in a) + "]"
    return "[" + ", ".join(_nested(row) for row in a) + "]"


def operand(text: str) -> str:
    """Parenthesise a negative number where it follows an operator: ``3 · (−4)``."""
    return f"({text})" if text.startswith(MINUS) else text
