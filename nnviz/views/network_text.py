"""The network view's words: labels, column headers and tooltips.

One naming for everything on screen (:mod:`core.names`, 1-based): units
``x2``, ``h1.3``, ``ŷ1``; weights ``w2[3→1]``; biases ``b2[1]``; samples
``#5``. Functions of the session and what the view computed for the selected
sample (``A``, ``Z``: activations and pre-activations, inputs first); they
compute nothing themselves.
"""
from __future__ import annotations

from core import names
from core.activations import ACTIVATIONS
from nnviz.i18n import tr
from nnviz.i18n_messages import class_label
from nnviz.theme import fmt


def n_layers(session) -> int:
    return len(session.net.layers)


def unit_name(session, layer, j) -> str:
    """``x2``, ``h1.3`` or ``ŷ1`` (0-based ``layer`` and ``j``)."""
    return names.unit_name(int(layer), int(j), n_layers(session))


def input_labels(session) -> list[str]:
    """What is written left of the input nodes: the feature names."""
    return [str(t) for t in session.input_labels]


def output_labels(session) -> list[str]:
    """What is written right of the output nodes: classes or ŷ1, ŷ2, …"""
    n = session.net.n_outputs
    ds = session.dataset
    cls = [class_label(c) for c in ds.class_names] or [
        tr("class {k}").format(k=k) for k in range(max(ds.n_classes, n))]
    if session.task == "classification":
        if n == 1:
            return [tr("P({c})").format(c=cls[1] if len(cls) > 1 else tr("class 1"))]
        return [cls[k] if k < len(cls) else tr("class {k}").format(k=k) for k in range(n)]
    return [unit_name(session, n_layers(session), k) for k in range(n)]


def header_text(net, c, compact) -> str:
    last = len(net.layers)
    if c == 0:
        return tr("In") if compact else tr("Input")
    act = net.layers[c - 1].activation
    if c == last:
        return tr("Out") + "\n" + act if compact else tr("Output") + "\n" + act
    n = net.layers[c - 1].output_dim
    if compact:
        return f"H{c}\n{n}"
    return tr("Hidden {l}").format(l=c) + "\n" + f"{n} × {act}"


def linear_text(terms) -> str:
    """"0.5·x1 − 1.2·x2 + 0.3" from [(0.5, "x1"), (−1.2, "x2"), (0.3, "")]."""
    out = ""
    for n, (w, name) in enumerate(terms):
        mag = fmt(abs(w), 3) + (f"·{name}" if name else "")
        if n == 0:
            out = ("−" if w < 0 else "") + mag
        else:
            out += (" − " if w < 0 else " + ") + mag
    return out


def layer_tooltip(session, l) -> str:
    net = session.net
    if l == 0:
        feats = ", ".join(f"{unit_name(session, 0, j)} = {t}"
                          for j, t in enumerate(input_labels(session)))
        return tr("Inputs: {names}").format(names=feats)
    ls = net.layers[l - 1]
    what = (tr("Output layer") if l == len(net.layers)
            else tr("Hidden layer {l}").format(l=l))
    return "\n".join([
        tr("{what}: {n} neurons, {fi} inputs each").format(what=what, n=ls.output_dim,
                                                          fi=ls.input_dim),
        f"{ls.activation}: {ACTIVATIONS[ls.activation].formula}",
        tr("{p} parameters (weights W{l} and biases b{l})").format(
            p=(ls.input_dim + 1) * ls.output_dim, l=l)])


def tooltip(session, ref, grads, A, Z) -> str:
    """Tooltip for ("neuron", l, j), ("edge", l, i, j), ("bias", l, j) or
    ("layer", l); ``grads`` ∂L/∂θ keyed like the parameters."""
    net = session.net
    kind, l = ref[0], int(ref[1])
    if kind == "layer":
        return layer_tooltip(session, l)
    if kind == "edge":
        i, j = int(ref[2]), int(ref[3])
        return "\n".join([
            tr("w = {w}   (from {a} to {b})").format(
                w=fmt(net.params[f"W{l}"][i, j]), a=unit_name(session, l - 1, i),
                b=unit_name(session, l, j)),
            tr("∂L/∂w = {g}").format(g=fmt(grads[f"W{l}"][i, j])),
            tr("{w} — double-click to edit").format(w=names.param_label(f"W{l}", (i, j)))])
    j = int(ref[2])
    if kind == "bias":
        return "\n".join([
            tr("b = {b}   (bias of {n})").format(b=fmt(net.params[f"b{l}"][j]),
                                                 n=unit_name(session, l, j)),
            tr("∂L/∂b = {g}").format(g=fmt(grads[f"b{l}"][j])),
            tr("{b} — double-click to edit").format(b=names.param_label(f"b{l}", (j,)))])
    name = unit_name(session, l, j)
    sample = names.sample_name(session.sample_index)
    if l == 0:
        return "\n".join([
            tr("{n} — input {j}: {f}").format(n=name, j=j + 1, f=input_labels(session)[j]),
            tr("value for the selected sample ({k}): {v}").format(k=sample, v=fmt(A[0][j]))])
    ls = net.layers[l - 1]
    act = ACTIVATIONS[ls.activation]
    last = l == len(net.layers)
    where = (tr("output neuron {j}").format(j=j + 1) if last
             else tr("hidden layer {l}, neuron {j}").format(l=l, j=j + 1))
    head = f"{name} — {where}"
    if last:
        head += f"   ({output_labels(session)[j]})"
    W = net.params[f"W{l}"][:, j]
    b = net.params[f"b{l}"][j]
    if ls.input_dim <= 4:
        zf = "z = " + linear_text([(w, unit_name(session, l - 1, k)) for k, w in enumerate(W)]
                                  + [(b, "")])
    else:
        zf = tr("z = Σ wᵢ·xᵢ + b   (over {n} inputs)").format(n=ls.input_dim)
    return "\n".join([
        head,
        f"{ls.activation}: {act.formula}",
        zf,
        tr("{b} = {v}    ∂L/∂b = {g}").format(b=names.param_label(f"b{l}", (j,)), v=fmt(b),
                                              g=fmt(grads[f"b{l}"][j])),
        tr("selected sample ({k}): z = {z}, a = {a}").format(
            k=sample, z=fmt(Z[l - 1][j]), a=fmt(A[l][j]))])


__all__ = ["header_text", "input_labels", "layer_tooltip", "linear_text", "output_labels",
           "tooltip", "unit_name"]
