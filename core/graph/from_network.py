"""The computation graph of a :class:`core.network.Network` on a sample or a small batch.

Two granularities of the same computation:

``"layer"`` — one tensor node per matrix product, bias add, activation and
the loss; works for any network. Names: ``x``; per layer l: ``W{l}``,
``b{l}`` (and ``a{l}`` for a PReLU slope), ``xW1`` / ``h{l-1}W{l}`` (the
product), ``z{l}`` (plus bias), ``h{l}`` (activation; the last one is
``ŷ``); the target ``y`` and the loss ``L``.

``"scalar"`` — every product w·x, every sum, activation and loss term is its
own node, for networks of up to :data:`MAX_SCALAR_PARAMS` parameters. Names
are the ones users see everywhere (:mod:`core.names`, 1-based): inputs
``x1``, ``x2``; weights ``w1[2→3]`` (layer 1, from input 2 to unit 3), biases
``b1[3]``, PReLU slopes ``a1[3]``; the product input 2 · ``w1[2→3]`` is
``p1[2→3]``; unit 3 of layer 1 sums to ``z1.3`` and activates to ``h1.3``;
outputs are ``ŷ1``, targets ``y1``, loss terms ``loss1`` (one per output) and
the loss ``L``. With a batch of m > 1 samples every per-sample node ends in
``#i``, the 1-based row of the batch: ``x2#3``, ``z1.3#3``, ``p1[2→3]#3``.
:func:`param_entry` turns a parameter's label back into the engine's name and
0-based index.

``ref`` on every node (and on every trace step about it) links it to the
network view. It stays 0-based like the engine. Layers are numbered like the
parameters: 0 is the input layer, l = 1..L the layer that ``W{l}`` feeds.

* scalar: ``("neuron", l, k)`` for x_j (l = 0), z, h, a PReLU slope and the
  loss term of output k; ``("edge", l, j, k)`` for the weight from unit j to
  unit k and its products; ``("bias", l, k)`` for the bias of unit k.
* layer: ``("layer", l)`` for x, the products, z and h; ``("param", "W1")``
  etc. for parameters.
* the target and the loss: None.
"""
from __future__ import annotations

import re

from ..activations import LEAKY_DEFAULT
from ..names import OUTPUT, param_label, parse_param_label, unit_name
from .errors import GraphError
from .nodes import Graph
from .ops import RRELU_MEAN

MAX_SCALAR_PARAMS = 200
MAX_SCALAR_SAMPLES = 16
GRANULARITIES = ("scalar", "layer")


def of_network(net, x, y, loss: str | None = None, granularity: str = "scalar") -> Graph:
    """The graph of ``net`` on samples ``x`` ((n_inputs,) or (m, n_inputs)) with
    targets ``y``; ``loss=None`` uses ``net.default_loss``.

    Parameters are copied: the graph is a snapshot, later edits of the network
    need a new graph. RReLU uses its mean slope (inference), as the engine does
    with ``train=False``.
    """
    if granularity not in GRANULARITIES:
        raise GraphError(f"unknown granularity {granularity!r}; choose 'scalar' or 'layer'")
    # The engine's own checks, so shape and loss errors read the same everywhere.
    X = net.check_X(x)
    Y = net.check_Y(y, X.shape[0])
    loss = net.check_loss(loss)
    if granularity == "layer":
        return _layer_graph(net, X, Y, loss)
    if net.parameter_count > MAX_SCALAR_PARAMS:
        raise GraphError(
            f"this network has {net.parameter_count} parameters; the scalar graph draws "
            f"each one as a node and allows at most {MAX_SCALAR_PARAMS} — use "
            f"granularity='layer'")
    if X.shape[0] > MAX_SCALAR_SAMPLES:
        raise GraphError(
            f"the scalar graph repeats the network for every sample; {X.shape[0]} samples "
            f"is too many (at most {MAX_SCALAR_SAMPLES}) — pick fewer or use "
            f"granularity='layer'")
    return _scalar_graph(net, X, Y, loss)


def _activation_attrs(ls):
    if ls.activation == "leaky_relu":
        return {"slope": LEAKY_DEFAULT if ls.slope is None else ls.slope}
    if ls.activation == "rrelu":
        return {"slope": RRELU_MEAN}
    return {}


def _layer_graph(net, X, Y, loss) -> Graph:
    g = Graph()
    h = g.input("x", X, ref=("layer", 0), layer=0)
    n_layers = len(net.layers)
    for l, ls in enumerate(net.layers, start=1):
        W = g.param(f"W{l}", net.params[f"W{l}"].copy(), ref=("param", f"W{l}"), layer=l)
        b = g.param(f"b{l}", net.params[f"b{l}"].copy(), ref=("param", f"b{l}"), layer=l)
        here = {"ref": ("layer", l), "layer": l}
        u = g.apply("matmul", h, W, name=f"{h.name}W{l}", **here)
        z = g.apply("add", u, b, name=f"z{l}", **here)
        name = OUTPUT if l == n_layers else f"h{l}"
        if ls.activation == "prelu":
            a = g.param(f"a{l}", net.params[f"a{l}"].copy(), ref=("param", f"a{l}"), layer=l)
            h = g.apply("prelu", z, a, name=name, **here)
        else:
            h = g.apply(ls.activation, z, name=name, **here, **_activation_attrs(ls))
    target = g.const(Y, name="y", layer=n_layers)
    g.output = g.apply(loss, h, target, name="L", kind="loss", layer=n_layers + 1)
    return g


def _scalar_graph(net, X, Y, loss) -> Graph:
    g = Graph()
    m = X.shape[0]
    n_layers = len(net.layers)

    def nm(base, i):
        # A single sample needs no sample mark: x2 rather than x2#1.
        return base if m == 1 else f"{base}#{i + 1}"

    prev = [[g.input(nm(unit_name(0, j, n_layers), i), X[i, j], ref=("neuron", 0, j),
                     layer=0)
             for j in range(X.shape[1])] for i in range(m)]
    for l, ls in enumerate(net.layers, start=1):
        Wv, bv = net.params[f"W{l}"], net.params[f"b{l}"]
        W = [[g.param(param_label(f"W{l}", (j, k)), Wv[j, k], ref=("edge", l, j, k), layer=l)
              for k in range(ls.output_dim)] for j in range(ls.input_dim)]
        b = [g.param(param_label(f"b{l}", (k,)), bv[k], ref=("bias", l, k), layer=l)
             for k in range(ls.output_dim)]
        alpha = None
        if ls.activation == "prelu":
            av = net.params[f"a{l}"]
            alpha = [g.param(param_label(f"a{l}", (k,)), av[k], ref=("neuron", l, k),
                             layer=l)
                     for k in range(ls.output_dim)]
        attrs = _activation_attrs(ls)
        layer_out = []
        for i in range(m):
            zs = []
            for k in range(ls.output_dim):
                prods = [g.apply("mul", prev[i][j], W[j][k], name=nm(f"p{l}[{j + 1}→{k + 1}]", i),
                                 ref=("edge", l, j, k), layer=l)
                         for j in range(ls.input_dim)]
                zs.append(g.apply("add", *prods, b[k], name=nm(f"z{l}.{k + 1}", i),
                                  ref=("neuron", l, k), layer=l))
            hs = []
            for k, z in enumerate(zs):
                here = {"name": nm(unit_name(l, k, n_layers), i), "ref": ("neuron", l, k),
                        "layer": l}
                if ls.activation == "softmax":
                    # Each output depends on the whole row of logits.
                    hs.append(g.apply("softmax", *zs, index=k, **here))
                elif alpha is not None:
                    hs.append(g.apply("prelu", z, alpha[k], **here))
                else:
                    hs.append(g.apply(ls.activation, z, **here, **attrs))
            layer_out.append(hs)
        prev = layer_out
    # One sample and one output: the single loss term is the loss itself.
    single = m == 1 and Y.shape[1] == 1
    terms = []
    for i in range(m):
        for k in range(Y.shape[1]):
            target = g.const(float(Y[i, k]), name=nm(f"y{k + 1}", i), layer=n_layers)
            terms.append(g.apply(
                loss, prev[i][k], target, name="L" if single else nm(f"loss{k + 1}", i),
                kind="loss" if single else "op",
                ref=None if single else ("neuron", n_layers, k), layer=n_layers + 1))
    g.output = terms[0] if single else g.apply(
        "sum", *terms, divisor=m, name="L", kind="loss", layer=n_layers + 1)
    return g


_WHOLE = re.compile(r"([Wba])(\d+)")


def param_entry(label: str):
    """A parameter node's name → ``(engine name, 0-based index)``, or None.

    ``"w2[3→1]"`` → ``("W2", (2, 0))``, ``"b1[5]"`` → ``("b1", (4,))``,
    ``"a1[1]"`` → ``("a1", (0,))``; the layer graph's whole arrays ``"W2"``,
    ``"b1"``, ``"a1"`` → ``("W2", ())`` etc.
    """
    if not isinstance(label, str):
        return None
    m = _WHOLE.fullmatch(label)
    if m:
        return label, ()
    try:
        return parse_param_label(label)
    except ValueError:
        return None
