"""Stepping through one forward pass, one backward pass and one update.

:class:`StepThrough` is the Qt-free controller behind the step-through view.
It holds a computation graph (of the session's network on the selected
training sample, of a formula the user typed, or of a worked example), the
recorded :class:`~core.graph.Trace` of one run and a cursor ``0..len(trace)``
— the number of steps taken. Moving the cursor never recomputes anything: the
state after ``k`` steps is replayed from the trace (DESIGN.md, "trace").

Events (``stepper.events.connect(name, fn)``, like :class:`core.session.Events`):

=========  ================================================================
``trace``  a new graph and trace (mode change, new weights, other sample)
``cursor`` the cursor moved (``info``: ``cursor``, ``previous``)
=========  ================================================================

In "network" mode the stepper follows the session: new parameters, a new
architecture, new data or another selected sample rebuild the trace (cursor
back at 0). :meth:`StepThrough.apply_update` writes the update the trace
shows (plain SGD on the one sample) into the session's network as one
undoable edit.

Why it is longer than ~600 lines: the controller keeps the cursor, the
network link (rebuild rules, room for a legible scalar graph), the chain-rule
explanations and the update in one object, which every view and lesson
drives; the layout helper and value parser are small and used with it.
"""
from __future__ import annotations

import re
import time
import weakref
from dataclasses import dataclass

import numpy as np

from .errors import NNVizError
from .events import Events
from .graph import (
    MAX_SCALAR_PARAMS,
    ExpressionError,
    Graph,
    GraphError,
    Trace,
    examples,
    format_value,
    of_network,
    param_entry,
    parse,
)
from .graph.text import MINUS, operand
from .limits import LIMITS
from .numbers import NumberError, parse_number, quote

MODES = ("network", "expression", "e1", "e2")
GRANULARITIES = ("auto", "scalar", "layer")
DEFAULT_EXPRESSION = "(x + y) * z"
DEFAULT_VALUES = "x = -2, y = 5, z = -4"
# While the session trains, rebuild the network trace at most this often.
PLAYING_REBUILD_SECONDS = 0.25

_PARAM_NAME = re.compile(r"([A-Za-z]+\d+)(?:\[(\d+(?:,\d+)*)\])?")


def parse_values(text) -> dict[str, float]:
    """``"x = -2, y = 5; z=−4"`` → ``{"x": -2.0, "y": 5.0, "z": -4.0}``.

    Items are separated by commas, semicolons or new lines; a dict passes
    through. Raises :class:`ExpressionError` naming the item that is wrong.
    """
    if isinstance(text, dict):
        return dict(text)
    if text is None:
        return {}
    if not isinstance(text, str):
        raise ExpressionError(f"values must be text such as 'x = -2, y = 5', "
                              f"got {type(text).__name__}")
    if len(text) > LIMITS["text_chars"].hi:
        raise ExpressionError(f"values: at most {LIMITS['text_chars'].hi:,.0f} characters")
    values: dict[str, float] = {}
    for item in re.split(r"[,;\n]", text.replace(MINUS, "-")):
        if not item.strip():
            continue
        name, eq, number = item.partition("=")
        name = name.strip()
        if not eq or not name.isidentifier() or not number.strip():
            raise ExpressionError(f"values: {quote(item.strip())} is not of the form "
                                  f"name = number (e.g. x = -2)")
        try:
            # commas separate the items here, so no decimal commas
            v = parse_number(number.strip(), f"values: {name[:30]}", decimal_comma=False)
        except NumberError as e:
            raise ExpressionError(str(e)) from None
        if name in values:
            raise ExpressionError(f"values: {name[:30]} is given twice")
        values[name] = v
    return values


@dataclass(frozen=True)
class Factor:
    """One factor of a chain-rule product: ∂``top``/∂``bottom`` = ``value``."""
    top: str
    bottom: str
    value: object            # float, array, or None for a Jacobian (matrix product)

    @property
    def symbol(self) -> str:
        return f"∂{self.top}/∂{self.bottom}"

    @property
    def number(self) -> str:
        return "J" if self.value is None else format_value(self.value)


@dataclass(frozen=True)
class Chain:
    """The chain rule behind a backward step, from the output down to ``node``.

    ``factors`` are ordered output-first. ``branched`` says the walk stopped at
    a node whose gradient is a sum over several paths (its total is then the
    first factor). ``partial`` marks a contribution through one path only.
    """
    output: str
    node: str
    factors: tuple[Factor, ...]
    result: object
    branched: bool = False
    partial: bool = False

    @property
    def scalar(self) -> bool:
        return all(f.value is not None and np.ndim(f.value) == 0 for f in self.factors)

    def text(self) -> str:
        lhs = f"∂{self.output}/∂{self.node}"
        if self.partial and self.factors:
            lhs += f" (through {self.factors[-1].top})"
        if len(self.factors) <= 1:
            return f"{lhs} = {format_value(self.result)}"
        times = " · " if self.scalar else " ⋅ "
        sym = times.join(f.symbol for f in self.factors)
        if not self.scalar:        # Jacobians and elementwise products: the symbols only
            return f"{lhs} = {sym}"
        first, *rest = (f.number for f in self.factors)
        num = times.join([first] + [operand(n) for n in rest])
        return f"{lhs} = {sym} = {num} = {format_value(self.result)}"


def layered_layout(names, parents: dict, leaves: set, sweeps: int = 4,
                   leaf_columns: bool = False) -> dict:
    """{name: (column, row)} like :meth:`Graph.layout` for any DAG given
    parents-first ``names``, ``parents[name]`` and the set of leaf names (the
    step-through view lays out a graph with some nodes folded away).

    ``leaf_columns`` gives leaves columns of their own, between the op
    columns, so that weights do not share a column with activations."""
    col: dict[str, int] = {}
    for n in names:
        if n not in leaves:
            col[n] = 1 + max((col.get(p, 0) for p in parents[n]), default=0)
    kids: dict[str, list[str]] = {n: [] for n in names}
    for n in names:
        for p in parents[n]:
            kids[p].append(n)
    if leaf_columns:
        col = {n: 2 * c for n, c in col.items()}
    for n in names:
        if n in leaves:
            col[n] = max(0, min((col[c] for c in kids[n]), default=1) - 1)
    columns: dict[int, list[str]] = {}
    for n in names:
        columns.setdefault(col[n], []).append(n)
    pos = {n: float(i) for ns in columns.values() for i, n in enumerate(ns)}
    keys = sorted(columns)
    for _ in range(sweeps):
        for direction, near in ((keys, parents), (keys[::-1], kids)):
            for c in direction:
                ns = columns[c]

                def centre(n, near=near):
                    rows = [pos[m] for m in near[n]]
                    return sum(rows) / len(rows) if rows else pos[n]
                ns.sort(key=centre)
                for i, n in enumerate(ns):
                    pos[n] = float(i)
    return {n: (c, i) for c, ns in columns.items() for i, n in enumerate(ns)}


def _empty_trace() -> Trace:
    return Trace(steps=(), output="", names=())


class StepThrough:
    """See the module docstring. ``StepThrough(session)`` starts in network mode."""

    def __init__(self, session, mode: str = "network", granularity: str = "auto"):
        if granularity not in GRANULARITIES:
            raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
        self.session = session
        self.events = Events()
        self.mode = "network"
        self.granularity = granularity
        self.effective_granularity = "scalar"
        self.expression = DEFAULT_EXPRESSION
        self.values_text = DEFAULT_VALUES
        self.graph: Graph = Graph()
        self.trace: Trace = _empty_trace()
        self.cursor = 0
        self.error = ""          # why the network graph could not be built
        self.room = None         # (rows, columns) of nodes the view fits legibly
        self.notice = ""         # e.g. scalar asked for but the net is too big
        self.lr: float | None = None
        self.sample_index: int | None = None
        self._own_change = False
        self._stale = False
        self.active = True       # False while nobody looks: rebuilds wait
        self._last_build = 0.0
        self._subscriptions: list = []
        self._subscribe()
        if mode != "network":
            self.set_mode(mode)
        else:
            self.rebuild()

    # -- session link ----------------------------------------------------------
    def _subscribe(self):
        ref = weakref.ref(self)
        events = self.session.events
        for name in ("params", "network", "data", "selection", "training", "settings"):
            def handler(ev, name=name):
                me = ref()
                if me is None:
                    events.disconnect(name, handler)
                    return
                me._on_session(ev)
            events.connect(name, handler)
            self._subscriptions.append((name, handler))

    def close(self):
        """Stop following the session (the view calls this when it goes away)."""
        for name, handler in self._subscriptions:
            self.session.events.disconnect(name, handler)
        self._subscriptions.clear()

    def set_active(self, active: bool):
        """Nobody sees the trace (its dock is hidden): skip rebuilds until shown."""
        self.active = bool(active)
        if self.active and self._stale:
            self.rebuild()

    def _on_session(self, ev):
        if self.mode != "network" or self._own_change:
            return
        if not self.active:
            if ev.name == "settings" and not ev.changed & {"lr", "l1", "l2"}:
                return
            if ev.name != "training":
                self._stale = True
            return
        if ev.name == "training":
            # Paused after training: catch up with the weights skipped while playing.
            if self._stale and not self.session.playing:
                self.rebuild()
            return
        if ev.name == "selection" and "sample" not in ev.info:
            return           # a neuron or edge was selected: same pass
        if ev.name == "settings" and not ev.changed & {"lr", "l1", "l2"}:
            return           # the update steps bake in η (and the loss its penalty)
        if ev.name == "params" and self.session.playing \
                and time.perf_counter() - self._last_build < PLAYING_REBUILD_SECONDS:
            self._stale = True
            return
        self.rebuild()

    # -- building --------------------------------------------------------------
    def set_mode(self, mode: str, **kw):
        """Switch to "network", "expression", "e1" or "e2".

        ``expression`` mode takes ``text=`` and ``values=`` (text or dict);
        a bad formula raises :class:`ExpressionError` and changes nothing.
        ``network`` mode takes ``granularity=``.
        """
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        if mode == "expression":
            text = kw.get("text", self.expression)
            values = kw.get("values", self.values_text)
            graph = self._parse(text, values)        # raises before changing anything
            self.expression = text
            self.values_text = values if isinstance(values, str) else \
                ", ".join(f"{k} = {v:g}" for k, v in values.items())
            self.mode = mode
            self._install(graph)
            return
        if "granularity" in kw:
            g = kw["granularity"]
            if g not in GRANULARITIES:
                raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
            self.granularity = g
        self.mode = mode
        self.rebuild()

    def set_expression(self, text: str, values=None):
        """Build the graph of a formula (``values`` text like "x = -2, y = 5")."""
        self.set_mode("expression", text=text,
                      values=self.values_text if values is None else values)

    def set_granularity(self, granularity: str):
        if granularity not in GRANULARITIES:
            raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
        if granularity != self.granularity:
            self.granularity = granularity
            if self.mode == "network":
                self.rebuild()

    @staticmethod
    def _parse(text, values) -> Graph:
        vals = parse_values(values)
        graph = parse(text, **vals)
        try:
            graph.run()          # a formula without a gradient (step) fails here
        except NNVizError as e:
            raise ExpressionError(str(e)) from None
        return graph

    def auto_granularity(self) -> str:
        """"scalar" for networks with at most MAX_SCALAR_PARAMS parameters."""
        return "scalar" if self.session.net.parameter_count <= MAX_SCALAR_PARAMS else "layer"

    def rebuild(self):
        """Build the graph and trace for the current mode; the cursor goes to 0."""
        self._stale = False
        self.error = self.notice = ""
        if self.mode == "network":
            graph = self._network_graph()
        elif self.mode == "expression":
            graph = self._parse(self.expression, self.values_text)
        elif self.mode == "e1":
            graph = examples.e1()
        else:
            graph = examples.shopping()
        self._install(graph)

    def _network_graph(self) -> Graph:
        s = self.session
        gran = self.granularity
        if gran == "auto":
            gran = self.auto_granularity()
        elif gran == "scalar" and s.net.parameter_count > MAX_SCALAR_PARAMS:
            self.notice = (f"The scalar graph draws every weight as a node and allows at most "
                           f"{MAX_SCALAR_PARAMS} parameters; this network has "
                           f"{s.net.parameter_count}, so it is shown by layers.")
            gran = "layer"
        self.sample_index = s.sample_index
        try:
            x, y = s.sample()
            graph = of_network(s.net, x, y, loss=s.trainer.loss, granularity=gran)
            if self.granularity == "auto" and gran == "scalar" and not self._fits(graph):
                # every weight as a node would not fit at a readable size: by layers
                gran = "layer"
                graph = of_network(s.net, x, y, loss=s.trainer.loss, granularity=gran)
            self.effective_granularity = gran
            return graph
        except NNVizError as e:
            self.effective_granularity = gran
            self.error = str(e)
            return Graph()

    def _fits(self, graph) -> bool:
        """Whether ``graph`` fits the view's room (rows × columns of nodes at a
        readable size, told by :meth:`set_room`; no room told: it fits)."""
        if self.room is None:
            return True
        rows, cols = self.room
        counts: dict[int, int] = {}
        for c, _r in graph.layout(sweeps=0).values():
            counts[c] = counts.get(c, 0) + 1
        return max(counts.values(), default=0) <= rows and len(counts) <= cols

    def set_room(self, rows: int, cols: int):
        """The view tells how many node rows and columns fit legibly; in
        "auto" the network graph is scalar only when it fits."""
        room = (max(1, int(rows)), max(1, int(cols)))
        if room == self.room:
            return
        before = self.room
        self.room = room
        if self.mode != "network" or self.granularity != "auto":
            return
        if before is None or self._fits_changed(before, room):
            if self.active:
                self.rebuild()
            else:
                self._stale = True

    def _fits_changed(self, before, after) -> bool:
        """Would the scalar choice differ between two rooms? (cheap: layout once)"""
        s = self.session
        if s.net.parameter_count > MAX_SCALAR_PARAMS:
            return False
        try:
            x, y = s.sample()
            g = of_network(s.net, x, y, loss=s.trainer.loss, granularity="scalar")
        except NNVizError:
            return False
        old, self.room = self.room, before
        a = self._fits(g)
        self.room = after
        b = self._fits(g)
        self.room = old
        return a != b

    def _install(self, graph: Graph):
        self.lr = None
        trace = _empty_trace()
        if len(graph):
            try:
                if self.mode == "network":
                    self.lr = float(self.session.settings.lr)
                    trace = graph.run(lr=self.lr)
                else:
                    trace = graph.run()
            except NNVizError as e:
                self.error = str(e)
                graph, trace = Graph(), _empty_trace()
        self.graph, self.trace = graph, trace
        previous, self.cursor = self.cursor, 0
        self._last_build = time.perf_counter()
        self.events.emit("trace")
        self.events.emit("cursor", cursor=0, previous=previous)

    # -- the cursor ------------------------------------------------------------
    def __len__(self):
        return len(self.trace)

    def seek(self, k) -> bool:
        """Move to ``k`` steps taken (clamped to 0..len); True if it moved."""
        k = int(max(0, min(len(self.trace), int(k))))
        if k == self.cursor:
            return False
        previous, self.cursor = self.cursor, k
        self.events.emit("cursor", cursor=k, previous=previous)
        return True

    def forward(self) -> bool:
        return self.seek(self.cursor + 1)

    def back(self) -> bool:
        return self.seek(self.cursor - 1)

    def to_start(self) -> bool:
        return self.seek(0)

    def to_backward_start(self) -> bool:
        """Every forward value known, no gradient yet (the next step is the seed)."""
        bwd = self.trace.phase_range("backward")
        return self.seek(bwd.start if len(bwd) else len(self.trace))

    def to_end(self) -> bool:
        return self.seek(len(self.trace))

    @property
    def at_start(self) -> bool:
        return self.cursor == 0

    @property
    def at_end(self) -> bool:
        return self.cursor >= len(self.trace)

    def state(self) -> dict:
        """{node: (value or None, grad or None)} after ``cursor`` steps."""
        return self.trace.state_at(self.cursor)

    @property
    def current_step(self):
        """The step just taken (None at the start)."""
        return self.trace[self.cursor - 1] if self.cursor > 0 else None

    @property
    def next_step(self):
        return self.trace[self.cursor] if self.cursor < len(self.trace) else None

    @property
    def phase(self) -> str:
        """The current step's phase, or "start"."""
        step = self.current_step
        return step.phase if step is not None else "start"

    def ref_at(self, k: int):
        return self.trace[k].ref

    def steps_for(self, ref) -> tuple[int, ...]:
        return self.trace.steps_for(ref)

    # -- linking -----------------------------------------------------------------
    def _candidates(self, ref) -> tuple[int, ...]:
        if isinstance(ref, str):
            return self.trace.steps_for(ref)
        ref = tuple(ref)
        hits = self.trace.steps_for(ref)
        if hits:
            return hits
        kind = ref[0] if ref else None
        if self.effective_granularity == "layer" and self.mode == "network":
            # Layer graphs link whole layers and parameter arrays.
            if kind == "neuron":
                return self.trace.steps_for(("layer", ref[1]))
            if kind == "edge":
                return self.trace.steps_for(("param", f"W{ref[1]}"))
            if kind == "bias":
                return self.trace.steps_for(("param", f"b{ref[1]}"))
        if kind == "layer":
            return tuple(s.index for s in self.trace
                         if s.ref is not None and s.ref[0] == "neuron" and s.ref[1] == ref[1])
        return ()

    def target_step(self, ref):
        """The step :meth:`jump_to` would make current, or None."""
        hits = self._candidates(ref)
        if not hits:
            return None
        fwd = self.trace.phase_range("forward")
        if self.cursor >= fwd.stop:       # past the forward pass: prefer backward or later
            later = [k for k in hits if k >= fwd.stop]
            if later:
                return later[0]
        return hits[0]

    def jump_to(self, ref) -> bool:
        """Make the first step about ``ref`` (a network ref such as
        ``("edge", 1, 0, 0)`` or a node name) the current step; once the forward
        pass is done, the first backward step about it. False if it has none."""
        k = self.target_step(ref)
        if k is None:
            return False
        self.seek(k + 1)
        return True

    def network_refs(self) -> list[tuple]:
        """Network elements of the current step, for highlighting in the
        network view: the step's ref and, for an edge, the neurons it joins.

        Layer graphs name whole layers: ("layer", l) is followed by the
        neurons of layer l; a weight matrix W{l} by the neurons of layers
        l − 1 and l (not its fan_in × fan_out edges); a bias b{l} by its
        bias markers and the neurons of layer l."""
        step = self.current_step
        if step is None or step.ref is None:
            return []
        ref = tuple(step.ref)
        kind = ref[0]
        if kind == "edge":
            _, l, i, j = ref
            return [ref, ("neuron", l - 1, i), ("neuron", l, j)]
        if kind == "bias":
            return [ref, ("neuron", ref[1], ref[2])]
        sizes = self.session.net.sizes if self.mode == "network" else []

        def neurons(l):
            return [("neuron", l, j) for j in range(sizes[l])] if 0 <= l < len(sizes) else []
        if kind == "layer":
            return [ref] + neurons(ref[1])
        if kind == "param":
            m = _PARAM_NAME.fullmatch(ref[1])
            if not m:
                return []
            l = int(m.group(1)[1:])
            if m.group(1)[0] == "W":
                return [("layer", l)] + neurons(l - 1) + neurons(l)
            if m.group(1)[0] == "b" and 0 < l < len(sizes):
                return [("layer", l)] + [("bias", l, j) for j in range(sizes[l])] + neurons(l)
            return [("layer", l)] + neurons(l)
        return [ref]

    # -- explaining ----------------------------------------------------------------
    def chain_so_far(self) -> Chain | None:
        """The chain rule leading to the current backward step, or None.

        Walks from the current node through ``via`` up to the output, using the
        steps already taken: each hop is the local derivative of a "chain"
        step. It stops early at a node whose gradient was summed from several
        paths (that total is then the first factor) — for a chain it is exact.
        """
        step = self.current_step
        if step is None or step.phase != "backward" or step.kind == "sum":
            return None
        out = self.trace.output
        if step.kind == "seed":
            return Chain(out, step.node, (Factor(out, out, step.grad),), step.grad)
        done: dict[str, object] = {}
        for s in self.trace.steps[:self.cursor - 1]:
            if s.phase == "backward" and s.complete:
                done[s.node] = s
        factors = [Factor(step.via, step.node, step.local)]
        node, branched = step.via, False
        seen = {step.node}
        while node != out and node not in seen:
            seen.add(node)
            s = done.get(node)
            if s is None or s.kind != "chain":
                branched = s is not None and s.kind == "sum"
                if s is not None:
                    factors.append(Factor(out, node, s.grad))
                break
            factors.append(Factor(s.via, node, s.local))
            node = s.via
        return Chain(out, step.node, tuple(reversed(factors)), step.grad,
                     branched=branched, partial=not step.complete)

    def describe(self) -> str:
        """One plain-language line about the current step."""
        step = self.current_step
        if step is None:
            nxt = self.next_step
            if nxt is None:
                return "Nothing to step through."
            return "Ready: press → to compute the first value of the forward pass."
        if step.phase == "forward":
            return f"Forward: computing {step.node}"
        if step.phase == "update":
            return f"Update: {step.node} ← {step.node} {MINUS} η·∂{self.trace.output}/∂{step.node}"
        if step.kind == "seed":
            return f"Backward starts at the output: ∂{step.node}/∂{step.node} = 1"
        if step.kind == "sum":
            return (f"Backward: {step.node} feeds {len(step.inputs)} nodes, so its "
                    f"gradient is the sum of what flows back from each")
        if not step.complete:
            return f"Backward: part of the gradient flows from {step.via} into {step.node}"
        return f"Backward: gradient flows from {step.via} into {step.node}"

    def sample_info(self):
        """(index, x, y) of the training sample driving the network graph, or None."""
        if self.mode != "network" or self.sample_index is None:
            return None
        try:
            x, y = self.session.sample()
        except (IndexError, NNVizError):
            return None
        return self.session.sample_index, np.asarray(x, float), np.asarray(y, float)

    # -- the update ------------------------------------------------------------------
    @property
    def can_apply(self) -> bool:
        return self.mode == "network" and any(s.phase == "update" for s in self.trace)

    def apply_update(self) -> bool:
        """Write w ← w − η·∂L/∂w (this one sample, plain SGD, as the trace shows)
        into the session's network as one undoable edit; then a fresh trace for
        the new weights starts at step 0. False when there is nothing to apply."""
        if self.mode != "network":
            return False
        s = self.session
        s.pause()
        if self._stale:
            self.rebuild()
        updates = [(param_entry(st.node), st.value) for st in self.trace
                   if st.phase == "update"]
        if not updates:
            return False
        for entry, _ in updates:
            if entry is None or entry[0] not in s.net.params:
                raise GraphError(f"the trace does not match the network ({entry})")

        entries = []
        for (name, idx), value in updates:
            arr = s.net.params[name]
            if idx:
                entries.append((name, idx, value))
            else:
                entries += [(name, i, v) for i, v in np.ndenumerate(np.broadcast_to(value,
                                                                                    arr.shape))]
        self._own_change = True
        try:
            s.set_params(entries, "Apply update (step-through)")
        finally:
            self._own_change = False
        self.rebuild()
        return True


__all__ = ["Chain", "DEFAULT_EXPRESSION", "DEFAULT_VALUES", "Factor", "GRANULARITIES", "MODES",
           "StepThrough", "layered_layout", "param_entry", "parse_values"]
