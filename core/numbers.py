"""One parser for the numbers people type, shared by every text box, the CLI
and CSV import.

Accepted: an ordinary float literal (``-0.5``, ``1e-3``, ``.5``), a real minus
sign (``−``), spaces or thin spaces as thousands separators, and a decimal
comma when it cannot be a thousands separator (``0,5`` or ``1,25``; one comma,
not followed by exactly three digits). ``1,000`` is refused as ambiguous
rather than guessed. Python's ``1_000`` digit grouping, ``nan`` and ``inf``
are refused: a person never means them.
"""
from __future__ import annotations

import math
import re

from .errors import NNVizError

MINUS = "\u2212"
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_SPACES = dict.fromkeys(map(ord, " \u00a0\u2009\u202f\t"), None)
MAX_TEXT = 64                   # longer than any number a person types


class NumberError(NNVizError, ValueError):
    """The text is not a number this parser accepts (message names it)."""


def quote(text, limit=60) -> str:
    """``repr`` of at most ``limit`` characters, for one-line messages."""
    s = str(text)
    return repr(s if len(s) <= limit else s[:limit - 1] + "…")


def parse_number(text, what="value", decimal_comma=True) -> float:
    """The finite float a person meant by ``text``; :class:`NumberError`
    (naming ``what``) otherwise. Numbers pass through if finite."""
    if isinstance(text, bool):
        raise NumberError(f"{what}: expected a number, got {text!r}")
    if isinstance(text, (int, float)):
        try:
            v = float(text)
        except OverflowError:
            raise NumberError(f"{what}: {quote(text)} is too large") from None
        if not math.isfinite(v):
            raise NumberError(f"{what}: must be a finite number, got {v}")
        return v
    if not isinstance(text, str):
        raise NumberError(f"{what}: expected a number, got {type(text).__name__}")
    t = text.strip()
    if len(t) > MAX_TEXT:
        raise NumberError(f"{what}: {quote(t)} is too long to be a number")
    t = t.replace(MINUS, "-").translate(_SPACES)
    if decimal_comma and t.count(",") == 1 and "." not in t:
        head, tail = t.split(",")
        if re.fullmatch(r"\d{3}([eE].*)?", tail) and head.lstrip("+-").isdigit():
            raise NumberError(f"{what}: {quote(text)} is ambiguous — write "
                              f"{head}.{tail} or {head}{tail}")
        t = f"{head}.{tail}"
    if t.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        raise NumberError(f"{what}: must be a finite number, got {quote(text)}")
    if not t or not _FLOAT.fullmatch(t):
        raise NumberError(f"{what}: {quote(text)} is not a number")
    v = float(t)
    if not math.isfinite(v):
        raise NumberError(f"{what}: {quote(text)} is too large")
    return v


def parse_int(text, what="value") -> int:
    """A whole number (``12``, ``1e3`` and ``12.0`` are fine; ``1.5`` is not)."""
    v = parse_number(text, what)
    if v != int(v):
        raise NumberError(f"{what}: {quote(text)} is not a whole number")
    return int(v)


__all__ = ["MINUS", "NumberError", "parse_int", "parse_number", "quote"]
