"""The computation-graph canvas of the step-through view.

Nodes are laid out left (inputs, parameters) to right (the loss), forward
values in green above each node, gradients in red below it — the textbook
(CS231n) figure. The node of the current step is highlighted, finished nodes
keep their numbers, nodes still to be computed are grey and empty. Wheel
zooms, drag pans; a click on a node emits ``nodeClicked(name)``.

:class:`GraphCanvas` decides what to show (:meth:`GraphCanvas.set_graph` once
per graph, :meth:`GraphCanvas.restyle` at every step, both reading a
:class:`core.stepthrough.StepThrough`); :class:`~.graph_item.GraphItem` paints.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor

from core.graph import OPS, format_number, format_value
from core.stepthrough import layered_layout
from nnviz import theme
from nnviz.i18n import QT_TR_NOOP, tr
from nnviz.theme import hex_color as _hex
from nnviz.zoom import ZOOM

from .graph_item import (
    BOX_H,
    E_BACKWARD,
    E_DONE,
    E_FORWARD,
    E_FUTURE,
    LINE_H,
    MARGIN,
    NUMBER_PX,
    ROW_GAP,
    S_CONST,
    S_CURRENT,
    S_FUTURE,
    S_INPUT,
    S_LOSS,
    S_OP,
    S_PARAM,
    S_UPDATED,
    GraphItem,
)

# Default zoom after a rebuild: fit the graph, but never so small that
# numbers drop below ~9 pt, and never blown up more than this.
MIN_FIT_SCALE = 0.92
MAX_FIT_SCALE = 1.8

OP_SYMBOLS = {
    "add": "+", "sub": "−", "mul": "×", "div": "÷", "neg": "−", "pow": "^",
    "exp": "exp", "log": "log", "sqrt": "√", "matmul": "@", "dot": "·", "sum": "Σ",
    "identity": "id", "sigmoid": "σ", "tanh": "tanh", "relu": "ReLU",
    "leaky_relu": "LReLU", "rrelu": "RReLU", "prelu": "PReLU", "step": "step",
    "softmax": "softmax", "mse": "ℓ", "binary_cross_entropy": "ℓ", "cross_entropy": "ℓ",
}
LOSS_NAMES = {"mse": QT_TR_NOOP("mean squared error"),
              "binary_cross_entropy": QT_TR_NOOP("binary cross-entropy"),
              "cross_entropy": QT_TR_NOOP("cross-entropy")}


def _html(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br>"))


def short_value(v):
    """A number for the canvas: scalars as the trace writes them, arrays as
    their shape and first two entries (the panel and tooltips show more)."""
    if v is None:
        return None
    a = np.asarray(v)
    if a.ndim == 0:
        return format_number(a)
    if a.size <= 2:
        return "[" + ", ".join(format_number(x) for x in a.ravel()) + "]"
    shape = "×".join(str(s) for s in a.shape)
    head = ", ".join(_short_number(x) for x in a.ravel()[:2])
    return f"{shape} [{head}, …]"


def _short_number(x) -> str:
    """Three significant digits, for the entries of an array on the canvas."""
    x = float(x)
    if x == 0.0 or not np.isfinite(x):
        return format_number(x)
    return format_number(float(f"{x:.3g}"))


def node_symbol(node) -> str:
    if node.kind == "loss":
        return "L"
    if node.op == "add" and len(node.parents) > 2:
        return "Σ"
    return OP_SYMBOLS.get(node.op, node.op)


def node_label(node) -> str:
    if node.is_leaf:
        return node.name
    sym = node_symbol(node)
    return sym if node.name == sym else f"{sym}  {node.name}"



class GraphCanvas(pg.GraphicsView):
    """The computation graph in a pan/zoom view with locked aspect."""
    nodeClicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        self.setObjectName("nnviz-graph-canvas")
        self.setMinimumSize(240, 180)
        self.setFocusPolicy(Qt.StrongFocus)
        self.vb = pg.ViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.vb.setMouseEnabled(True, True)
        self.vb.disableAutoRange()
        self.setCentralItem(self.vb)
        self.item = GraphItem()
        self.vb.addItem(self.item, ignoreBounds=True)
        self.follow = True
        self.compact = False
        self._graph = None
        self._hidden: set[str] = set()
        self._proxy: dict[str, str] = {}
        self._labels: dict[str, tuple] = {}
        self._structure = None
        self._need_fit = True
        self._focus_name = None
        self._stepper = None
        self._stale = ""
        self._highlight: list[str] = []      # node names a lesson rings (highlight)
        self.item.on_click = self.nodeClicked.emit
        self.item.tooltip_for = self.tooltip
        self.vb.sigResized.connect(self._on_resized)
        ZOOM.changed.connect(self._on_zoom)

    # -- building -----------------------------------------------------------------
    def set_graph(self, graph, trace, compact=False):
        """Lay out ``graph`` (``compact``: products w·x folded into their sum)."""
        self._graph = graph
        self.compact = compact
        nodes = graph.nodes
        hidden = set()
        proxy = {}
        if compact:
            kids: dict[str, list[str]] = {}
            for p, c in graph.edges:
                kids.setdefault(p, []).append(c)
            for n in nodes:
                if n.op == "mul" and n.ref is not None and n.ref[0] == "edge" \
                        and len(kids.get(n.name, ())) == 1:
                    hidden.add(n.name)
                    proxy[n.name] = kids[n.name][0]
        self._hidden, self._proxy = hidden, proxy
        shown = [n for n in nodes if n.name not in hidden]
        edges = []
        for p, c in graph.edges:
            a, b = proxy.get(p, p), proxy.get(c, c)
            if a != b:
                edges.append((a, b))
        if hidden:
            parents = {n.name: [] for n in shown}
            for a, b in edges:
                parents[b].append(a)
            layout = layered_layout([n.name for n in shown], parents,
                                    {n.name for n in shown if n.is_leaf},
                                    leaf_columns=True)
        else:
            layout = graph.layout()
        widths = self._number_widths(shown, trace)
        spec = []
        for n in shown:
            if n.is_leaf:
                base = {"input": S_INPUT, "param": S_PARAM}.get(n.kind, S_CONST)
                spec.append((n.name, n.name, "", base))
            else:
                sym = node_symbol(n)
                spec.append((n.name, node_label(n), sym, S_LOSS if n.kind == "loss" else S_OP))
        self.item.set_geometry(spec, edges, layout, widths)
        self._apply_highlight()
        structure = (tuple(n.name for n in shown), compact)
        if structure != self._structure:
            self._structure = structure
            self._need_fit = True

    def _number_widths(self, shown, trace):
        """Widest number each node will show (start and end of the trace)."""
        fm = self.item._fm_number
        widths: dict[str, float] = {}
        if not len(trace.names):
            return widths
        for state in (trace.state_at(0), trace.state_at(len(trace))):
            for n in shown:
                v, g = state.get(n.name, (None, None))
                for t in (short_value(v), short_value(g)):
                    if t:
                        widths[n.name] = max(widths.get(n.name, 0.0),
                                             fm.horizontalAdvance(t) + 4)
        # Partial sums show "… +"; a little slack for them and for updated values.
        return {k: w + 14 for k, w in widths.items()}

    # -- restyling ----------------------------------------------------------------------
    def restyle(self, stepper):
        """Node states and numbers after ``stepper.cursor`` steps (no re-layout)."""
        if self._stepper is not stepper:
            self._stepper = stepper
            self._tell_room()
        item = self.item
        names = item.names
        if not names:
            self._labels = {}
            item.set_style([], [], [], [], [], -1)
            return
        trace = stepper.trace
        cursor = stepper.cursor
        state = trace.state_at(cursor)
        index = item.index
        proxy = self._proxy
        graph = self._graph
        partial: dict[str, float] = {}
        updated = set()
        for s in trace.steps[:cursor]:
            if s.phase == "backward" and s.kind == "chain" and not s.complete:
                partial[s.node] = partial.get(s.node, 0.0) + s.grad
            elif s.phase == "update":
                updated.add(s.node)
        node_style = list(item.base_style)
        values: list[str | None] = [None] * len(names)
        grads: list[str | None] = [None] * len(names)
        sources: list[QColor | None] = [None] * len(names)
        future = [False] * len(names)
        labels = {}
        for i, name in enumerate(names):
            v, g = state[name]
            node = graph[name]
            if v is None and not node.is_leaf:
                future[i] = True
                node_style[i] = S_FUTURE
                labels[name] = (None, None, "future")
                continue
            values[i] = short_value(v)
            if g is not None:
                grads[i] = short_value(g)
            elif name in partial:
                grads[i] = f"{short_value(partial[name])} + …"
            if name in updated:
                node_style[i] = S_UPDATED
            labels[name] = (values[i], grads[i], "done")
        edge_style = [E_FUTURE if future[j] or future[i] else E_DONE for i, j in item.edges]
        current = -1
        step = stepper.current_step
        if step is not None:
            here = proxy.get(step.node, step.node)
            current = index.get(here, -1)
            if current >= 0:
                node_style[current] = S_CURRENT
                v, g, _ = labels[here]
                labels[here] = (v, g, "current")
            pairs: list[tuple[str, str]] = []
            color = None
            if step.phase == "forward":
                pairs = [(p, step.node) for p in step.inputs]
                color = item.value_color
            elif step.phase == "backward" and step.kind == "chain":
                pairs = [(step.node, step.via)]
                color = item.grad_color
            elif step.phase == "backward" and step.kind == "sum":
                pairs = [(step.node, c) for c in step.inputs]
                color = item.grad_color
            style = E_FORWARD if step.phase == "forward" else E_BACKWARD
            wanted = set()
            for a, b in pairs:
                a, b = proxy.get(a, a), proxy.get(b, b)
                if a == b:
                    continue
                wanted.add((index.get(a, -1), index.get(b, -1)))
                other = b if step.phase != "forward" else a
                k = index.get(other, -1)
                if k >= 0 and k != current:
                    sources[k] = color
            if wanted:
                for e, pair in enumerate(item.edges):
                    if pair in wanted:
                        edge_style[e] = style
        self._labels = labels
        self._focus_name = names[current] if current >= 0 else None
        item.set_style(node_style, values, grads, sources, edge_style, current)

    def highlight(self, names):
        """Ring the nodes ``names`` (an empty list clears). Names the graph
        lacks are kept and ringed once a graph with them is shown; a product
        folded away in compact mode rings the sum it was folded into."""
        self._highlight = [str(n) for n in (names or ())]
        self._apply_highlight()

    def clear_highlight(self):
        self.highlight([])

    def highlighted(self) -> list[str]:
        """The ringed node names that are in the graph shown, in the order given."""
        graph = self._graph
        return [n for n in self._highlight if graph is not None and n in graph]

    def _apply_highlight(self):
        index = self.item.index
        self.item.set_marked([index[self._proxy.get(n, n)] for n in self._highlight
                              if self._proxy.get(n, n) in index])

    def node_labels(self) -> dict[str, tuple]:
        """{name: (value text or None, gradient text or None, "done" | "current" |
        "future")} exactly as drawn (numbers of future nodes are hidden)."""
        return dict(self._labels)

    def tooltip(self, name) -> str:
        graph = self._graph
        if graph is None or name not in graph:
            return ""
        node = graph[name]
        lines = [f"<b>{_html(name)}</b>"]
        if node.is_leaf:
            lines.append(_html({"input": tr("input"), "param": tr("parameter (learned)"),
                                "const": tr("constant")}.get(node.kind, node.kind)))
        else:
            rule = OPS.get(node.op)
            what = tr(LOSS_NAMES.get(node.op, node.op))
            lines.append(_html(f"{what}({', '.join(p.name for p in node.parents)})"))
            if rule is not None:
                lines.append(_html(tr("local rule: {0}").format(rule.derivative)))
        v, g, st = self._labels.get(name, (None, None, "future"))
        st_ = self._stepper
        if st != "future" and st_ is not None:
            value, grad = st_.state().get(name, (None, None))
            if value is not None:
                lines.append(f"<span style='color:{_hex(theme.VALUE_COLOR)}'>"
                             f"{_html(tr('value'))} = {_html(format_value(value))}</span>")
            if grad is not None:
                lines.append(f"<span style='color:{_hex(theme.GRAD_COLOR)}'>"
                             f"∂{_html(st_.trace.output)}/∂{_html(name)} = "
                             f"{_html(format_value(grad))}</span>")
        lines.append("<i>" + _html(tr("Click to jump to its step")) + "</i>")
        return "<br>".join(lines)

    # -- a graph that is not current ---------------------------------------------------
    def set_stale(self, message: str):
        """Grey the graph out (``message``: why it is not current, e.g. a typed
        formula that failed to build), or show it normally again (``""``).
        A greyed graph takes no clicks and shows the message on top."""
        message = str(message or "")
        if message == self._stale:
            return
        self._stale = message
        self.item.setOpacity(0.25 if message else 1.0)
        self.item.setEnabled(not message)
        self.viewport().update()

    def stale_message(self) -> str:
        """Why the graph shown is greyed out, or "" when it is current."""
        return self._stale

    def drawForeground(self, painter, rect):
        super().drawForeground(painter, rect)
        if not self._stale:
            return
        painter.save()
        painter.resetTransform()
        r = QRectF(self.viewport().rect()).adjusted(16, 16, -16, -16)
        painter.setPen(QColor(192, 40, 30))
        font = painter.font()
        font.setPointSizeF(12)
        painter.setFont(font)
        painter.drawText(r, int(Qt.AlignCenter | Qt.TextWordWrap), self._stale)
        painter.restore()

    def node_rect(self, name) -> QRectF | None:
        i = self.item.index.get(name)
        return QRectF(self.item.rects[i]) if i is not None else None

    def node_pos(self, name):
        """Viewport pixel position of a node's centre (for tests and demos)."""
        r = self.node_rect(name)
        if r is None:
            return None
        scene = self.vb.mapViewToScene(r.center())
        return self.mapFromScene(scene)

    # -- view range ---------------------------------------------------------------------
    def _on_resized(self, *_):
        self._tell_room()
        if self._need_fit:
            self.fit()

    def min_scale(self) -> float:
        """The smallest zoom at which numbers stay readable: ~9 pt at zoom 1,
        ≥ 14 px when presenting, and larger with the app's zoom."""
        return ZOOM.px(NUMBER_PX * MIN_FIT_SCALE) / NUMBER_PX

    def _tell_room(self):
        """Tell the controller how many node rows fit legibly, so "auto"
        draws every weight only when that stays readable (else by layers);
        columns may pan, so they are generous."""
        st = self._stepper
        vw, vh = self.vb.width(), self.vb.height()
        if st is None or vw < 20 or vh < 20 or not hasattr(st, "set_room"):
            return
        m = self.min_scale()
        rows = int((vh / m - 2 * MARGIN) // (BOX_H + 2 * LINE_H + ROW_GAP))
        st.set_room(max(rows, 1), max(int(3 * vw / (m * 120)), 1))

    def _on_zoom(self):
        self._tell_room()
        self.fit()

    def fit(self, whole=False):
        """Show the whole graph if it fits at a readable size (≥ ~9 pt); else the
        part around the current (or first) node. ``whole``: everything, however
        small."""
        vw, vh = self.vb.width(), self.vb.height()
        if vw < 20 or vh < 20 or not self.item.names:
            self._need_fit = True
            return
        self._need_fit = False
        b = self.item._bounds
        s = min(vw / b.width(), vh / b.height())
        lo = self.min_scale()
        if not whole:
            s = min(s, MAX_FIT_SCALE * lo / MIN_FIT_SCALE)
        w, h = vw / s, vh / s
        if whole or s >= lo:
            rect = QRectF(b.center().x() - w / 2, b.center().y() - h / 2, w, h)
        else:
            # Too big to read whole: the smallest readable zoom, around the
            # current (or first) node; the view follows the steps from there.
            s = lo
            w, h = vw / s, vh / s
            focus = self._focus_rect()
            c = focus.center() if focus is not None else QPointF(b.left(), b.center().y())
            cx, cy = self._clamp_centre(c.x(), c.y(), w, h)
            rect = QRectF(cx - w / 2, cy - h / 2, w, h)
        self.vb.setRange(rect, padding=0)

    def _clamp_centre(self, cx, cy, w, h):
        """A view centre that keeps a (w × h) view over the graph where it can."""
        b = self.item._bounds
        if w >= b.width():
            cx = b.center().x()
        else:
            cx = min(max(cx, b.left() + w / 2), b.right() - w / 2)
        if h >= b.height():
            cy = b.center().y()
        else:
            cy = min(max(cy, b.top() + h / 2), b.bottom() - h / 2)
        return cx, cy

    def _focus_rect(self):
        if self._focus_name is not None:
            return self.node_rect(self._focus_name)
        if self._stepper is not None:
            nxt = self._stepper.next_step
            if nxt is not None:
                return self.node_rect(self._proxy.get(nxt.node, nxt.node))
        return self.node_rect(self.item.names[0]) if self.item.names else None

    def ensure_visible(self):
        """Follow the current node: re-centre when it leaves the inner view."""
        if not self.follow or self._need_fit or self._focus_name is None:
            return
        r = self.node_rect(self._focus_name)
        if r is None:
            return
        r = r.adjusted(-20, -LINE_H - 6, 20, LINE_H + 6)
        vr = self.vb.viewRect()
        inner = vr.adjusted(vr.width() * 0.06, vr.height() * 0.06,
                            -vr.width() * 0.06, -vr.height() * 0.06)
        if inner.contains(r):
            return
        cx, cy = vr.center().x(), vr.center().y()
        if not (inner.left() <= r.left() and r.right() <= inner.right()):
            cx = r.center().x()
        if not (inner.top() <= r.top() and r.bottom() <= inner.bottom()):
            cy = r.center().y()
        cx, cy = self._clamp_centre(cx, cy, vr.width(), vr.height())
        dx, dy = cx - vr.center().x(), cy - vr.center().y()
        if abs(dx) > 0.5 or abs(dy) > 0.5:
            self.vb.translateBy(x=dx, y=dy)

