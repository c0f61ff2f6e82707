"""One name for each thing a user sees: units, parameters, samples, layers.

Everything shown is **1-based**, with one spelling, in the network tooltip,
the inspector, the step-through graph and the lessons:

* layers: ``x`` (inputs), ``h1`` … ``hL-1`` (hidden), ``ŷ`` (output);
* a unit: ``h1.3`` — layer, dot, 1-based unit; inputs ``x2``, outputs ``ŷ1``;
* a weight: ``w2[3→1]`` — layer 2, from unit 3 of the layer below to unit 1;
  a bias ``b2[1]``; a PReLU slope ``a1[4]``;
* a sample: ``#5`` of the training set (``sample 5 of 210`` in sentences).

Engine code stays 0-based: ``W2[2, 0]`` in the code is ``w2[3→1]`` on screen.
:func:`param_label` converts, :func:`parse_param_label` goes back (lessons).
"""
from __future__ import annotations

import re

OUTPUT = "ŷ"


def layer_name(layer: int, n_layers: int) -> str:
    """``layer`` 0 = inputs, 1..n_layers (the output is ``n_layers``)."""
    if layer == 0:
        return "x"
    if layer == n_layers:
        return OUTPUT
    return f"h{layer}"


def unit_name(layer: int, unit: int, n_layers: int) -> str:
    """0-based ``unit`` of a layer → ``x2``, ``h1.3``, ``ŷ1``."""
    base = layer_name(layer, n_layers)
    if layer == 0 or layer == n_layers:
        return f"{base}{unit + 1}"
    return f"{base}.{unit + 1}"


def param_label(name: str, index) -> str:
    """Engine name and 0-based index → the label users see.

    ``("W2", (2, 0))`` → ``w2[3→1]``; ``("b1", (4,))`` → ``b1[5]``;
    ``("a1", (0,))`` → ``a1[1]``.
    """
    index = tuple(int(i) for i in (index if hasattr(index, "__len__") else (index,)))
    kind, layer = name[0], name[1:]
    if kind == "W" and len(index) == 2:
        return f"w{layer}[{index[0] + 1}→{index[1] + 1}]"
    return f"{kind.lower()}{layer}[{','.join(str(i + 1) for i in index)}]"


_LABEL = re.compile(r"\s*([wWbBaA])(\d+)\s*\[\s*(\d+)\s*(?:(?:→|->|,)\s*(\d+)\s*)?\]\s*")


def parse_param_label(label: str) -> tuple[str, tuple]:
    """``w2[3→1]`` (also ``w2[3->1]``, ``w2[3,1]``) → ``("W2", (2, 0))``;
    ``b1[5]`` → ``("b1", (4,))``. ValueError when it is not such a label."""
    m = _LABEL.fullmatch(label)
    if not m:
        raise ValueError(f"{label!r} is not a parameter label such as w2[3→1] or b1[5]")
    kind, layer, i, j = m.groups()
    if int(i) < 1 or (j is not None and int(j) < 1):
        raise ValueError(f"{label!r}: labels count from 1, e.g. w{layer}[1→1]")
    kind = kind.lower()
    if kind == "w":
        if j is None:
            raise ValueError(f"{label!r}: a weight needs two indices, e.g. w{layer}[1→2]")
        return f"W{layer}", (int(i) - 1, int(j) - 1)
    if j is not None:
        raise ValueError(f"{label!r}: a {kind} has one index, e.g. {kind}{layer}[1]")
    return f"{kind}{layer}", (int(i) - 1,)


_ENGINE = re.compile(r"\s*([Wba])(\d+)\s*\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?\]\s*")


def label_of(engine: str) -> str:
    """``"W1[0,2]"`` (engine, 0-based) → ``"w1[1→3]"``; other text unchanged."""
    m = _ENGINE.fullmatch(str(engine))
    if not m:
        return str(engine)
    kind, layer, i, j = m.groups()
    idx = (int(i),) if j is None else (int(i), int(j))
    return param_label(f"{kind}{layer}", idx)


def engine_of(text: str) -> str:
    """A label as people see and type it (1-based: ``"w1[1→3]"``, ``"b2[1]"``)
    → the engine's name (``"W1[0,2]"``, ``"b2[0]"``); text that is not a label
    comes back stripped. (A bias label and an engine name look alike — b2[1]
    — so text is always read as the label it is on screen.)"""
    text = str(text).strip()
    try:
        name, idx = parse_param_label(text)
    except ValueError:
        return text
    return f"{name}[{','.join(map(str, idx))}]"


def sample_name(index: int) -> str:
    """0-based training-set index → ``#5``."""
    return f"#{int(index) + 1}"


def sample_sentence(index: int, count: int) -> str:
    return f"sample {int(index) + 1} of {int(count)}"


__all__ = ["OUTPUT", "engine_of", "label_of", "layer_name", "param_label",
           "parse_param_label", "sample_name", "sample_sentence", "unit_name"]
