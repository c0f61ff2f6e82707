"""Live values in lesson texts: ``{grad:z1.1}``, ``{loss|.3f}``, ``{probe:xor_perceptron}``.

A lesson quotes the engine instead of copying numbers, so its numbers cannot
drift from what the app computes. A placeholder is ``{key}`` or
``{key|format}``; ``{{`` and ``}}`` are literal braces. Keys:

=====================  ================================================================
``value:NODE``         forward value of a step-through node (``z1.1``, ``h1.2``, ``L``,
                       ``q``, ``total``…) in the pass on screen; ``value:z2@1`` is
                       element 1 (1-based) of a vector node
``grad:NODE``          its gradient ∂(output)/∂NODE in that pass (``grad:z2@1`` too)
``param:LABEL``        a parameter, by the label users see (``w1[2→1]``, ``b2[1]``)
``pgrad:LABEL``        ∂(training loss)/∂parameter over the whole training set
``ngrad:LABEL``        the same by centred differences, h = 1e-4 (a gradient check)
``size:W2``            number of entries of a parameter array; ``shape:W2`` its shape
``diverged``           1 if training diverged (stopped), else 0
``dead_units``         hidden ReLU units that output 0 for every training sample
``loss``               training loss at the last epoch (``test_loss`` likewise)
``accuracy``           training accuracy (or R²) at the last epoch; ``test_accuracy``
``epoch``              epochs trained; ``lr`` the learning rate; ``parameters`` the count
``setting:NAME``       any setting, e.g. ``setting:hidden``
``probe:NAME``         a named engine computation (:mod:`core.lessons.probes`)
=====================  ================================================================

The format is a Python format spec for one number (``.3f``, ``.2%``, ``+.4g``);
without one, numbers show 4 significant digits. Arrays show element by element.
"""
from __future__ import annotations

import math
import re

import numpy as np

from ..errors import NNVizError

SIMPLE = ("loss", "test_loss", "accuracy", "test_accuracy", "epoch", "lr", "parameters",
          "dead_units", "diverged")
WITH_ARG = ("value", "grad", "param", "pgrad", "ngrad", "size", "shape", "setting", "probe")
NUMERIC_H = 1e-4             # the centred-difference step of ngrad (CURRICULUM E5)
MINUS = "\u2212"
_FORMAT = re.compile(r"[+ ]?(?:\.\d{1,2})?[efg%]?")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class TemplateError(NNVizError):
    """A placeholder that is malformed or names nothing."""


def _split(body: str):
    key, _, fmt = body.partition("|")
    key, fmt = key.strip(), fmt.strip()
    kind, colon, arg = key.partition(":")
    kind = kind.strip()
    if colon:
        if kind not in WITH_ARG:
            raise TemplateError(f"unknown live value {{{body[:40]}}}; use "
                                f"{', '.join(WITH_ARG)}:… or {', '.join(SIMPLE)}")
        if not arg.strip():
            raise TemplateError(f"{{{body[:40]}}} names no node or parameter")
    elif kind not in SIMPLE:
        raise TemplateError(f"unknown live value {{{body[:40]}}}; use "
                            f"{', '.join(SIMPLE)} or {', '.join(k + ':…' for k in WITH_ARG)}")
    if fmt and not _FORMAT.fullmatch(fmt):
        raise TemplateError(f"{{{body[:40]}}}: format {fmt[:20]!r} is not like .3f, .2% or .4g")
    if kind == "probe":
        from .probes import PROBES
        if arg.strip() not in PROBES:
            raise TemplateError(f"unknown probe {arg.strip()[:40]!r}; known: "
                                f"{', '.join(sorted(PROBES))[:200]}")
    return kind, arg.strip(), fmt


def template_keys(text: str) -> list[str]:
    """The placeholders' keys in ``text`` (checked); TemplateError if malformed."""
    keys = []
    for m in _PLACEHOLDER.finditer(text):
        tok = m.group(0)
        if tok in ("{{", "}}"):
            continue
        if m.group(1) is None:
            raise TemplateError(f"a lone {tok!r}; write {tok * 2} for a literal brace")
        kind, arg, _ = _split(m.group(1))
        keys.append(f"{kind}:{arg}" if arg else kind)
    return keys


def format_number(v, fmt: str = "") -> str:
    """One number as lessons show it: 4 significant digits, a real minus sign."""
    if isinstance(v, str):
        return v
    if isinstance(v, (tuple, list)):
        return "(" + ", ".join(format_number(x, fmt) for x in v) + ")"
    a = np.asarray(v, dtype=float)
    if a.ndim:
        flat = [format_number(float(x), fmt) for x in a.ravel()[:12]]
        more = ", …" if a.size > 12 else ""
        return "[" + ", ".join(flat) + more + "]"
    x = float(a)
    if not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("∞" if x > 0 else MINUS + "∞")
    if x == int(x) and abs(x) < 1e15 and not fmt:
        s = str(int(x))
    else:
        s = format(x, fmt or ".4g")
    return s.replace("-", MINUS)


class Values:
    """Looks live values up on a session (and its step-through)."""

    def __init__(self, session):
        self.session = session
        self._pass_key = None
        self._pass = ({}, {})

    def _graph_pass(self):
        """{node: forward value}, {node: gradient} of the trace on screen."""
        st = self.session.stepthrough
        key = id(st.trace)
        if key != self._pass_key:
            values = dict(st.trace.initial)
            grads = {}
            for s in st.trace:
                if s.phase == "forward":
                    values[s.node] = s.value
                elif s.phase == "backward" and s.complete:
                    grads[s.node] = s.grad
            self._pass_key, self._pass = key, (values, grads)
        return self._pass

    def node_names(self) -> tuple:
        return tuple(self.session.stepthrough.trace.names)

    def _node(self, which, name):
        name, at, elem = name.partition("@")
        if at:
            v = np.asarray(self._node(which, name), dtype=float).ravel()
            try:
                i = int(elem)
            except ValueError:
                raise TemplateError(f"{name[:40]}@{elem[:10]}: the element is a number") from None
            if not 1 <= i <= v.size:
                raise TemplateError(f"{name[:40]} has {v.size} element(s), not {i}")
            return float(v[i - 1])
        values, grads = self._graph_pass()
        table = values if which == "value" else grads
        if name not in table:
            names = self.node_names()
            if name not in names:
                shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
                raise TemplateError(f"no node {name[:40]!r} in the step-through graph "
                                    f"({shown or 'the graph is empty'})")
            raise TemplateError(f"node {name[:40]!r} has no {which} in this pass")
        return table[name]

    def _param(self, label, grad=False):
        from ..names import parse_param_label
        try:
            name, idx = parse_param_label(label)
        except ValueError as e:
            raise TemplateError(str(e)) from None
        s = self.session
        arr = (s.gradients() if grad else s.net.params).get(name)
        if arr is None or len(idx) != arr.ndim or any(not 0 <= i < n
                                                      for i, n in zip(idx, arr.shape)):
            raise TemplateError(f"this network has no parameter {label[:40]!r}")
        return float(arr[idx])

    def _numeric(self, label):
        from ..names import parse_param_label
        s = self.session
        self._param(label)                       # checks the label
        name, idx = parse_param_label(label)
        net, t = s.net.copy(), s.trainer
        arr = net.params[name]
        old = float(arr[idx])
        out = []
        for d in (NUMERIC_H, -NUMERIC_H):
            arr[idx] = old + d
            out.append(net.loss(t.X, t.Y, t.loss, t.l1, t.l2))
        return (out[0] - out[1]) / (2 * NUMERIC_H)

    def _dead_units(self):
        s = self.session
        from ..activations import ACTIVATIONS
        h = s.trainer.X
        dead = 0
        for i, layer in enumerate(s.net.layers[:-1], start=1):
            z = h @ s.net.params[f"W{i}"] + s.net.params[f"b{i}"]
            if layer.activation in ("prelu", "rrelu"):
                break                         # slopes live elsewhere; no dead units
            h = np.empty_like(z)
            ACTIVATIONS[layer.activation].forward(z, h, layer.slope)
            if layer.activation == "relu":
                dead += int((h.max(axis=0) <= 0).sum())
        return dead

    def get(self, key: str):
        kind, _, arg = key.partition(":")
        s = self.session
        if kind in ("value", "grad"):
            return self._node(kind, arg)
        if kind in ("param", "pgrad"):
            return self._param(arg, grad=kind == "pgrad")
        if kind == "ngrad":
            return self._numeric(arg)
        if kind in ("size", "shape"):
            arr = s.net.params.get(arg)
            if arr is None:
                raise TemplateError(f"this network has no parameter array {arg[:40]!r} "
                                    f"(it has {', '.join(s.net.params)})")
            return arr.size if kind == "size" else str(arr.shape)
        if kind == "diverged":
            return int(s.trainer.diverged)
        if kind == "dead_units":
            return self._dead_units()
        if kind == "setting":
            if not hasattr(s.settings, arg) or arg.startswith("_"):
                raise TemplateError(f"unknown setting {arg[:40]!r}")
            return getattr(s.settings, arg)
        if kind == "probe":
            from .probes import probe
            return probe(arg)
        field = {"loss": "train_loss", "test_loss": "test_loss",
                 "accuracy": "train_metric", "test_accuracy": "test_metric"}.get(kind)
        if field:
            return float(s.current_metrics()[field])
        if kind == "epoch":
            return s.trainer.epoch
        if kind == "lr":
            return s.settings.lr
        if kind == "parameters":
            return s.net.parameter_count
        raise TemplateError(f"unknown live value {key[:40]!r}")

    def number(self, key: str) -> float:
        v = self.get(key)
        try:
            a = np.asarray(v, dtype=float)
        except (TypeError, ValueError):
            raise TemplateError(f"{key[:40]} is not a number") from None
        if a.size != 1:
            raise TemplateError(f"{key[:40]} is not one number (shape {a.shape})")
        return float(a.reshape(()))

    def render(self, text: str) -> str:
        def sub(m):
            tok = m.group(0)
            if tok == "{{":
                return "{"
            if tok == "}}":
                return "}"
            if m.group(1) is None:
                raise TemplateError(f"a lone {tok!r}")
            kind, arg, fmt = _split(m.group(1))
            return format_number(self.get(f"{kind}:{arg}" if arg else kind), fmt)
        return _PLACEHOLDER.sub(sub, text)


__all__ = ["SIMPLE", "TemplateError", "Values", "WITH_ARG", "format_number", "template_keys"]
