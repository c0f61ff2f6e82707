"""Nodes and graphs: build, evaluate, differentiate and record a trace.

A :class:`Graph` holds named :class:`Node` objects. Leaves (inputs,
parameters, constants) carry given values; every other node applies one op
from :data:`core.graph.ops.OPS` to its parents. Nodes are created parents
first, so a graph can never contain a cycle.

:meth:`Graph.run` evaluates the graph forward, backpropagates from the
output and returns a :class:`~core.graph.trace.Trace` of every step. The
leaves' values are never changed by a run — not even by the update steps,
which only record what gradient descent *would* set: the graph is a snapshot
for showing, and whoever owns the real parameters applies the update.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import NNVizError
from ..numbers import quote
from .errors import GraphError
from .ops import OPS
from .text import MINUS, format_value, operand
from .trace import Step, Trace, frozen_value

KINDS = ("input", "param", "const", "op", "loss")
LEAF_KINDS = ("input", "param", "const")


def _clean(v):
    """Floats for 0-d results, float arrays otherwise."""
    if np.ndim(v) == 0:
        return float(v)
    return np.asarray(v, dtype=float)


def _finite(v) -> bool:
    return bool(np.all(np.isfinite(v)))


def short(name, limit=24) -> str:
    """A node name for a message: long names are cut (messages stay one line)."""
    name = str(name)
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _names(nodes):
    return [short(p.name) for p in nodes]


def _formula(rule, names, attrs, vals, limit=60) -> str:
    """``log(x)`` for messages, at most ``limit`` characters."""
    try:
        text = rule.show(names, attrs, vals)
    except Exception:                   # a message must never fail
        text = f"{rule.name}({', '.join(names)})"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def evaluate(rule, name, parents, attrs):
    """The value of an op node, or a :class:`GraphError` that names the node
    and says why the value does not exist (log of a negative number, 0/0,
    division by zero, overflow, shapes that do not fit) — never a silent nan."""
    vals = [p.value for p in parents]
    try:
        with np.errstate(all="ignore"):
            value = _clean(rule.forward(vals, attrs))
    except GraphError as e:
        raise GraphError(f"{_formula(rule, _names(parents), attrs, vals)} at node "
                         f"{short(name)!r}: {e}") from None
    except (ArithmeticError, ValueError, TypeError) as e:
        raise GraphError(f"{_formula(rule, _names(parents), attrs, vals)} at node "
                         f"{short(name)!r} cannot be computed: {e}") from None
    if not _finite(value):
        raise GraphError(_undefined(rule, name, parents, attrs, vals, value))
    return value


def _undefined(rule, name, parents, attrs, vals, value) -> str:
    names = _names(parents)
    reason = None
    if rule.why is not None:
        try:
            with np.errstate(all="ignore"):
                reason = rule.why(names, vals, attrs)
        except Exception:
            reason = None
    if reason is None:
        v = np.asarray(value, dtype=float)
        if np.isinf(v).any():
            reason = "the result is too large for a float (overflow)"
        else:
            reason = "the result is not a number"
    return (f"{_formula(rule, names, attrs, vals)} at node {short(name)!r} is undefined: "
            f"{reason}")


def _leaf_value(name, value):
    """A leaf's value: a finite float or float array, else GraphError."""
    try:
        value = _clean(value)
    except (TypeError, ValueError, OverflowError):
        raise GraphError(f"{short(name)!r} needs a number or an array of numbers, "
                         f"got {quote(value)}") from None
    if not _finite(value):
        raise GraphError(f"{short(name)!r} must be a finite number, got "
                         f"{format_value(value)}")
    return value


def _unbroadcast(grad, shape):
    """Sum a gradient over the axes broadcasting added, back to ``shape``."""
    grad = np.asarray(grad, dtype=float)
    if grad.shape == tuple(shape):
        return grad
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad.reshape(shape)


class Node:
    """One value in the graph, the op that made it, and its gradient after a run.

    ``kind`` is "input", "param", "const" (leaves), "op" or "loss" (the loss
    node of a network graph). ``ref`` says which network element the node
    belongs to (see :func:`core.graph.of_network`); ``layer`` is the network
    layer for network graphs, else None.
    """

    __slots__ = ("name", "op", "parents", "kind", "value", "grad", "attrs", "ref",
                 "layer")

    def __init__(self, name, op, parents, kind, value, attrs=None, ref=None, layer=None):
        self.name: str = name
        self.op: str = op
        self.parents: tuple[Node, ...] = tuple(parents)
        self.kind: str = kind
        self.value = value
        self.grad = None
        self.attrs: dict = dict(attrs or {})
        self.ref = ref
        self.layer = layer

    @property
    def is_leaf(self) -> bool:
        return self.kind in LEAF_KINDS

    def __repr__(self):
        return (f"Node({self.name!r}, op={self.op!r}, value={format_value(self.value)}, "
                f"grad={format_value(self.grad) if self.grad is not None else None})")


class Graph:
    """A computation graph with named nodes; see the module docstring."""

    def __init__(self):
        self._nodes: dict[str, Node] = {}
        self._output: Node | None = None
        self._order: tuple[Node, ...] | None = None

    # -- building ------------------------------------------------------------
    def _add(self, node: Node) -> Node:
        if not isinstance(node.name, str) or not node.name:
            raise GraphError(f"a node needs a non-empty name, got {node.name!r}")
        if node.name in self._nodes:
            raise GraphError(f"a node named {node.name!r} already exists")
        self._nodes[node.name] = node
        self._order = None
        return node

    def _leaf(self, kind, name, value, ref, layer):
        return self._add(Node(name, kind, (), kind, _leaf_value(name, value), ref=ref,
                              layer=layer))

    def input(self, name: str, value, *, ref=None, layer=None) -> Node:
        """A leaf holding data (its gradient is computed, never applied)."""
        return self._leaf("input", name, value, ref, layer)

    def param(self, name: str, value, *, ref=None, layer=None) -> Node:
        """A leaf that gradient descent would update (``run(lr=...)``)."""
        return self._leaf("param", name, value, ref, layer)

    def const(self, value, name: str | None = None, *, ref=None, layer=None) -> Node:
        """A leaf without a gradient (numbers in a formula, targets)."""
        if name is None and np.ndim(value) == 0:
            name = format_value(value)
            if name in self._nodes and self._nodes[name].kind == "const" \
                    and self._nodes[name].value == float(value):
                return self._nodes[name]      # one node per distinct number
            while name in self._nodes:        # 0.12341 and 0.12342 both read 0.1234
                name += "′"                   # never an identifier a formula can use
        elif name is None:                    # an array: its summary is no name
            name = self._fresh_name("c")
        return self._leaf("const", name, value, ref, layer)

    def apply(self, op: str, *parents, name: str | None = None, kind: str = "op",
              ref=None, layer=None, **attrs) -> Node:
        """A node applying ``op`` (a key of OPS) to ``parents`` (nodes or names).

        Its value is computed at once, so a graph can be inspected while built.
        """
        rule = OPS.get(op)
        if rule is None:
            raise GraphError(f"unknown op {op!r}; known ops: {', '.join(OPS)}")
        if kind not in ("op", "loss"):
            raise GraphError(f"an op node has kind 'op' or 'loss', not {kind!r}")
        ps = tuple(self[p] if isinstance(p, str) else p for p in parents)
        for p in ps:
            if self._nodes.get(p.name) is not p:
                raise GraphError(f"node {p.name!r} belongs to another graph")
        if not ps or (rule.arity is not None and len(ps) != rule.arity):
            want = "at least 1" if rule.arity is None else rule.arity
            raise GraphError(f"{op} takes {want} input(s), got {len(ps)}")
        if name is None:
            name = self._fresh_name()
        if name in self._nodes:
            raise GraphError(f"a node named {short(name)!r} already exists")
        node = Node(name, op, ps, kind, None, attrs, ref, layer)
        node.value = evaluate(rule, name, ps, node.attrs)
        return self._add(node)

    def _fresh_name(self, prefix="n") -> str:
        k = len(self._nodes) + 1
        while f"{prefix}{k}" in self._nodes:
            k += 1
        return f"{prefix}{k}"

    def set_value(self, name: str, value) -> None:
        """Give a leaf a new value; op values follow at the next run/forward."""
        node = self[name]
        if not node.is_leaf:
            raise GraphError(f"{short(name)!r} is computed by {node.op}; only leaves take "
                             f"values")
        node.value = _leaf_value(name, value)

    def make_params(self, *names: str) -> Graph:
        """Mark input leaves as parameters (they get update steps); returns self."""
        for name in names:
            node = self[name]
            if node.kind not in ("input", "param"):
                raise GraphError(f"{name!r} is a {node.kind} node; only inputs can "
                                 f"become parameters")
            node.kind = node.op = "param"
        return self

    @property
    def output(self) -> Node:
        """The node differentiated by :meth:`run` (default: the last op node)."""
        if self._output is not None:
            return self._output
        for node in reversed(self._nodes.values()):
            if not node.is_leaf:
                return node
        if self._nodes:
            return next(reversed(self._nodes.values()))
        raise GraphError("the graph is empty")

    @output.setter
    def output(self, node) -> None:
        self._output = self[node] if isinstance(node, str) else self[node.name]

    # -- looking -------------------------------------------------------------
    def __getitem__(self, name: str) -> Node:
        try:
            return self._nodes[name]
        except KeyError:
            raise KeyError(f"no node named {name!r}") from None

    def __contains__(self, name) -> bool:
        return name in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self):
        return iter(self.nodes)

    def __repr__(self):
        return f"Graph({len(self)} nodes, output={self.output.name!r})"

    @property
    def nodes(self) -> tuple[Node, ...]:
        """All nodes, parents before children (explicit-stack depth-first sort)."""
        if self._order is None:
            self._order = topological_order(self._nodes.values())
        return self._order

    @property
    def edges(self) -> tuple[tuple[str, str], ...]:
        """(parent, child) name pairs; a parent used twice appears twice."""
        return tuple((p.name, n.name) for n in self.nodes for p in n.parents)

    @property
    def params(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.kind == "param")

    @property
    def inputs(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.kind == "input")

    def children(self, name: str) -> tuple[Node, ...]:
        node = self[name]
        return tuple(n for n in self.nodes if any(p is node for p in n.parents))

    # -- computing -----------------------------------------------------------
    def forward(self):
        """Recompute every op value from the leaves; returns the output's value."""
        for node in self.nodes:
            if not node.is_leaf:
                node.value = evaluate(OPS[node.op], node.name, node.parents, node.attrs)
        return self.output.value

    def run(self, lr: float | None = None) -> Trace:
        """Forward, backward and (with ``lr``) update steps, recorded as a Trace.

        Afterwards every node's ``value`` is current and ``grad`` holds
        ∂output/∂node (None for constants and nodes the output does not use).
        """
        if lr is not None:
            if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) \
                    or not math.isfinite(lr) or lr <= 0:
                raise GraphError(f"the learning rate must be a positive number, got {lr!r}")
            lr = float(lr)
        rec = _Recorder(self)
        with np.errstate(all="ignore"):
            rec.forward()
            rec.backward()
            if lr is not None:
                rec.update(lr)
        return rec.trace()

    def layout(self, sweeps: int = 4) -> dict[str, tuple[int, int]]:
        """{name: (column, row)} for drawing left (leaves) to right (output).

        An op's column is the longest path to it from a leaf; a leaf sits one
        column left of its first consumer, so a weight is drawn next to where
        it is used. Rows follow a barycentre heuristic: a few sweeps ordering
        each column by the mean row of its neighbours in the column before
        (then after), which removes most crossings on these layered graphs.
        """
        order = self.nodes
        col: dict[str, int] = {}
        for n in order:
            if not n.is_leaf:
                col[n.name] = 1 + max((col.get(p.name, 0) for p in n.parents), default=0)
        kids: dict[str, list[str]] = {n.name: [] for n in order}
        for p, c in self.edges:
            kids[p].append(c)
        for n in order:
            if n.is_leaf:
                col[n.name] = max(0, min((col[c] for c in kids[n.name]), default=1) - 1)
        columns: dict[int, list[str]] = {}
        for n in order:
            columns.setdefault(col[n.name], []).append(n.name)
        parents = {n.name: [p.name for p in n.parents] for n in order}
        pos = {name: float(i) for names in columns.values() for i, name in enumerate(names)}
        keys = sorted(columns)
        # Parents always sit in earlier columns and children in later ones, so
        # a sweep only looks at rows that are already placed.
        for _ in range(sweeps):
            for direction, neighbours in ((keys, parents), (keys[::-1], kids)):
                for c in direction:
                    _order_by_barycentre(columns[c], neighbours, pos)
        return {name: (c, i) for c, names in columns.items() for i, name in enumerate(names)}


def _order_by_barycentre(names, neighbours, pos):
    """Sort one column by the mean row of each node's neighbours (stable)."""
    def centre(name):
        near = [pos[m] for m in neighbours[name]]
        return sum(near) / len(near) if near else pos[name]
    names.sort(key=centre)
    for i, name in enumerate(names):
        pos[name] = float(i)


def topological_order(nodes) -> tuple[Node, ...]:
    """Parents before children, depth first with an explicit stack.

    An explicit stack keeps a graph of thousands of chained nodes (a scalar
    network graph) clear of Python's recursion limit.
    """
    done: set[int] = set()
    order: list[Node] = []
    for root in nodes:
        if id(root) in done:
            continue
        stack = [(root, 0)]
        on_stack = {id(root)}
        while stack:
            node, i = stack.pop()
            if i < len(node.parents):
                stack.append((node, i + 1))
                p = node.parents[i]
                if id(p) not in done and id(p) not in on_stack:
                    on_stack.add(id(p))
                    stack.append((p, 0))
            else:
                done.add(id(node))
                order.append(node)
    return tuple(order)


def _first_of(v) -> str:
    a = np.asarray(v, dtype=float).ravel()
    bad = a[~np.isfinite(a)]
    return format_value((bad if bad.size else a)[0]) if a.size else "?"


def _d(out, name):
    return f"∂{out}/∂{name}"


class _Recorder:
    """Runs one pass over a graph and writes down each step as it happens."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.order = graph.nodes
        self.out = graph.output
        self.steps: list[Step] = []
        self.initial = {n.name: frozen_value(n.value) for n in self.order if n.is_leaf}

    def _step(self, **fields):
        self.steps.append(Step(index=len(self.steps), **fields))

    def forward(self):
        for n in self.order:
            n.grad = None
            if n.is_leaf:
                continue
            rule = OPS[n.op]
            vals = [p.value for p in n.parents]
            n.value = evaluate(rule, n.name, n.parents, n.attrs)
            names = rule.show([p.name for p in n.parents], n.attrs, vals)
            numbers = rule.show([format_value(v) for v in vals], n.attrs, vals)
            text = f"{n.name} = {names} = {numbers} = {format_value(n.value)}"
            self._step(phase="forward", kind="compute", node=n.name, op=n.op, text=text,
                       inputs=tuple(p.name for p in n.parents),
                       input_values=tuple(frozen_value(v) for v in vals),
                       value=frozen_value(n.value), ref=n.ref)

    def backward(self):
        out = self.out
        # Only the output's ancestors get a gradient; count how many gradient
        # contributions each will receive, so the step that completes a sum
        # can be recognised when it happens.
        relevant = {id(out)}
        stack = [out]
        while stack:
            for p in stack.pop().parents:
                if id(p) not in relevant:
                    relevant.add(id(p))
                    stack.append(p)
        expected: dict[str, int] = {}
        for n in self.order:
            if id(n) in relevant and not n.is_leaf:
                for p in n.parents:
                    if p.kind != "const":
                        expected[p.name] = expected.get(p.name, 0) + 1
        received: dict[str, list] = {}
        o = out.name
        out.grad = _clean(np.ones_like(np.asarray(out.value, dtype=float)))
        self._step(phase="backward", kind="seed", node=o, op=out.op,
                   text=f"{_d(o, o)} = {format_value(out.grad)}",
                   grad=frozen_value(out.grad), complete=True, ref=out.ref)
        for c in reversed(self.order):
            if id(c) not in relevant or c.is_leaf or c.grad is None:
                continue
            if all(p.kind == "const" for p in c.parents):
                continue
            rule = OPS[c.op]
            vals = [p.value for p in c.parents]
            try:
                results = rule.backward(c.grad, vals, c.value, c.attrs)
            except NNVizError:
                raise
            except (ArithmeticError, ValueError, TypeError) as e:
                raise GraphError(f"the gradient at node {short(c.name)!r} cannot be "
                                 f"computed: {e}") from None
            for i, (p, (local, contrib)) in enumerate(zip(c.parents, results)):
                if p.kind == "const":
                    continue
                raw = np.asarray(contrib, dtype=float)
                if not _finite(raw) or (local is not None and not _finite(local)):
                    raise GraphError(self._undefined_gradient(c, p, i, rule, local, vals))
                contrib = _clean(_unbroadcast(raw, np.shape(p.value)))
                got = received.setdefault(p.name, [])
                got.append((c.name, contrib))
                several = expected[p.name] > 1
                if not several:
                    p.grad = contrib
                text = self._chain_text(o, c, p, i, rule, local, contrib, vals,
                                        raw.size != np.size(contrib), several)
                self._step(phase="backward", kind="chain", node=p.name, op=c.op, text=text,
                           inputs=(c.name,), input_values=(frozen_value(c.grad),),
                           via=c.name, upstream=frozen_value(c.grad),
                           local=frozen_value(local), grad=frozen_value(contrib),
                           complete=not several, ref=p.ref)
                if several and len(got) == expected[p.name]:
                    self._accumulate(o, p, got)

    def _undefined_gradient(self, c, p, i, rule, local, vals) -> str:
        o = short(self.out.name)
        names = _names(c.parents)
        where = f"at node {short(c.name)!r}"
        if local is not None and not _finite(local):
            reason = None
            if rule.dwhy is not None:
                try:
                    with np.errstate(all="ignore"):
                        reason = rule.dwhy(i, names, vals)
                except Exception:
                    reason = None
            if reason is None:
                slope = _d(short(c.name), short(p.name))
                if rule.dshow is not None:
                    slope += " = " + rule.dshow(i, names, short(c.name), c.attrs)
                kind = "infinite" if np.isinf(np.asarray(local, dtype=float)).any() \
                    else "undefined"
                reason = f"{slope} is {kind} at {short(p.name)} = {_first_of(vals[i])}"
            return f"the gradient {where} is undefined: {reason}"
        return (f"the gradient {_d(o, short(p.name))} overflows {where}: "
                f"{format_value(c.grad)} × {_first_of(local)} is too large for a float")

    def _chain_text(self, o, c, p, i, rule, local, contrib, vals, summed, partial):
        up_sym, up_num = _d(o, c.name), format_value(c.grad)
        elementwise = np.size(c.grad) > 1 or np.size(local) > 1
        times = "∘" if elementwise else "·"
        extra = []       # the local derivative with its numbers, for rules that show it
        if local is None and rule.chain is not None:
            names = [q.name for q in c.parents]
            sym = rule.chain(i, up_sym, names, c.name)
            num = rule.chain(i, up_num, [format_value(v) for v in vals],
                             format_value(c.value))
        elif rule.dshow is not None:
            d_sym = rule.dshow(i, [q.name for q in c.parents], c.name, c.attrs)
            local_num = format_value(local)
            sym = f"{up_sym} {times} {d_sym}"
            num = f"{up_num} {times} {operand(local_num)}"
            if all(np.ndim(v) == 0 for v in vals):
                d_num = rule.dshow(i, [format_value(v) for v in vals],
                                   format_value(c.value), c.attrs)
                if d_num != local_num:
                    extra = [d_num] if c is self.out else [f"{up_num} {times} {d_num}"]
            if c is self.out:     # ∂f/∂f = 1: the local derivative is the whole story
                sym, num = d_sym, local_num
        else:
            sym = f"{up_sym} {times} {_d(c.name, p.name)}"
            num = f"{up_num} {times} {operand(format_value(local))}"
        if summed:       # a bias or a broadcast value: add up over the batch
            sym, num = f"Σ_rows({sym})", f"Σ_rows({num})"
            extra = [f"Σ_rows({e})" for e in extra]
        lhs = _d(o, p.name) + (f" (through {c.name})" if partial else "")
        note = ""
        if rule.note is not None:
            said = rule.note(i, [q.name for q in c.parents], vals, c.attrs)
            note = f"  ({said})" if said else ""
        result = format_value(contrib)
        if c is self.out and rule.dshow is None:
            # ∂f/∂f · ∂f/∂q would only restate the left-hand side
            parts = [lhs, num, result]
        else:
            parts = [lhs, sym, *extra, num, result]
        if parts[-2] == result:               # ∂f/∂x = cos(x) = 1, not "= 1 = 1"
            parts.pop()
        return " = ".join(parts) + note

    def _accumulate(self, o, p, got):
        total = got[0][1]
        for _, g in got[1:]:
            total = total + g
        p.grad = _clean(total)
        terms = " + ".join([format_value(got[0][1])]
                           + [operand(format_value(g)) for _, g in got[1:]])
        via = " + ".join(_d(o, c) + f"·{_d(c, p.name)}" for c, _ in got)
        self._step(phase="backward", kind="sum", node=p.name, op="add",
                   text=f"{_d(o, p.name)} = {via} = {terms} = {format_value(p.grad)}",
                   inputs=tuple(c for c, _ in got),
                   input_values=tuple(frozen_value(g) for _, g in got),
                   grad=frozen_value(p.grad), complete=True, ref=p.ref)

    def update(self, lr):
        o = self.out.name
        for p in self.order:
            if p.kind != "param" or p.grad is None:
                continue
            new = _clean(np.asarray(p.value) - lr * np.asarray(p.grad))
            text = (f"{p.name} ← {p.name} {MINUS} η·{_d(o, p.name)} = "
                    f"{format_value(p.value)} {MINUS} {format_value(lr)}·"
                    f"{operand(format_value(p.grad))} = {format_value(new)}")
            self._step(phase="update", kind="update", node=p.name, op="update", text=text,
                       inputs=(p.name,),
                       input_values=(frozen_value(p.value), frozen_value(p.grad)),
                       value=frozen_value(new), grad=frozen_value(p.grad), lr=lr, ref=p.ref)

    def trace(self) -> Trace:
        return Trace(steps=tuple(self.steps), output=self.out.name,
                     names=tuple(n.name for n in self.order), initial=self.initial)
