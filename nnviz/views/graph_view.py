"""The step-through view: one forward pass, one backward pass and the update,
node by node on the computation graph, with the real numbers.

Three parts:

* the **computation graph** (:class:`GraphCanvas`): nodes laid out left
  (inputs, parameters) to right (the loss), forward values in green above each
  node, gradients in red below it — the textbook (CS231n) figure. The node of
  the current step is highlighted, finished nodes keep their numbers, nodes
  still to be computed are grey and empty. Wheel zooms, drag pans; a click
  on a node jumps to its first step;
* the **arithmetic panel**: the current step's formula with its numbers, the
  chain-rule product so far and one plain-language line;
* the **transport**: back, step, play at 1–30 steps/s, jump to start, to the
  start of the backward pass, to the end, and "Apply update", which writes
  w ← w − η·∂L/∂w into the network (undoable).

The graph is drawn by one :class:`GraphItem` that paints every edge, box and
number itself. Moving the cursor only restyles: node states and texts are
recomputed from the trace and the item repaints; geometry is built once per
graph. The controller is Qt-free: :class:`core.stepthrough.StepThrough`.
"""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.graph import OPS, ExpressionError, format_number, format_value
from core.stepthrough import StepThrough, layered_layout
from nnviz import theme
from nnviz.i18n import tr
from nnviz.theme import hex_color as _hex
from nnviz.views.common import subscribe

# -- geometry (scene units; 1 unit = 1 pixel at zoom 1) -------------------------------
LABEL_PX = 15            # node labels: ≈ 11 pt at zoom 1
NUMBER_PX = 14           # values and gradients: ≈ 9.7 pt at the smallest fit zoom
BOX_H = 26.0
BOX_PAD = 9.0            # label padding inside a box
MIN_BOX_W = 34.0
LINE_H = 17.0            # one line of numbers above / below a box
ROW_GAP = 12.0
COL_GAP = 44.0
MARGIN = 24.0
ARROW = 7.0
# Default zoom after a rebuild: fit the graph, but never so small that
# numbers drop below ~9 pt, and never blown up more than this.
MIN_FIT_SCALE = 0.92
MAX_FIT_SCALE = 1.8
TEXT_MIN_PX = 6.5        # below this on screen, numbers are not drawn (overview)

OP_SYMBOLS = {
    "add": "+", "sub": "−", "mul": "×", "div": "÷", "neg": "−", "pow": "^",
    "exp": "exp", "log": "log", "sqrt": "√", "matmul": "@", "dot": "·", "sum": "Σ",
    "identity": "id", "sigmoid": "σ", "tanh": "tanh", "relu": "ReLU",
    "leaky_relu": "LReLU", "rrelu": "RReLU", "prelu": "PReLU", "step": "step",
    "softmax": "softmax", "mse": "ℓ", "binary_cross_entropy": "ℓ", "cross_entropy": "ℓ",
}
LOSS_NAMES = {"mse": "mean squared error", "binary_cross_entropy": "binary cross-entropy",
              "cross_entropy": "cross-entropy"}

# Node styles: index into the style table built in GraphItem.
S_FUTURE, S_INPUT, S_PARAM, S_CONST, S_OP, S_LOSS, S_CURRENT, S_SOURCE, S_UPDATED = range(9)
# Edge styles.
E_FUTURE, E_DONE, E_FORWARD, E_BACKWARD = range(4)

PHASE_COLORS = {"forward": theme.VALUE_COLOR, "backward": theme.GRAD_COLOR,
                "update": theme.BLUE, "start": theme.GREY}
SPEEDS = (1, 30)
NARROW_WIDTH = 860       # below this, Back / Play / Step show icons only
TIMER_NAME = "nnviz-stepthrough"


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


class GraphItem(pg.GraphicsObject):
    """Every edge, box, label and number of one graph, painted in one go."""

    def __init__(self):
        super().__init__()
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption, True)
        self.label_font = QFont()
        self.label_font.setPixelSize(LABEL_PX)
        self.symbol_font = QFont(self.label_font)
        self.symbol_font.setBold(True)
        self.number_font = QFont()
        self.number_font.setPixelSize(NUMBER_PX)
        self._fm_label = QFontMetricsF(self.label_font)
        self._fm_symbol = QFontMetricsF(self.symbol_font)
        self._fm_number = QFontMetricsF(self.number_font)
        self._static: dict[str, QStaticText] = {}
        self.antialias = True
        self._build_styles()
        self.clear()

    def _build_styles(self):
        fg = theme.qcolor(theme.FOREGROUND)

        def style(fill, border, width=1.3, text=fg):
            pen = QPen(border, width)
            pen.setCosmetic(False)
            return QBrush(fill), pen, text

        light = QColor(250, 250, 250)
        self.node_styles = {
            S_FUTURE: style(QColor(246, 246, 246), QColor(205, 205, 205), 1.0,
                            QColor(170, 170, 170)),
            S_INPUT: style(QColor(226, 240, 250), theme.qcolor(theme.BLUE)),
            S_PARAM: style(QColor(246, 231, 240), theme.qcolor((160, 80, 130))),
            S_CONST: style(QColor(238, 238, 238), QColor(140, 140, 140)),
            S_OP: style(light, QColor(70, 70, 70)),
            S_LOSS: style(QColor(253, 232, 220), theme.qcolor(theme.VERMILLION), 1.6),
            S_CURRENT: style(theme.qcolor(theme.HIGHLIGHT), QColor(150, 95, 0), 2.4),
            S_SOURCE: style(light, QColor(70, 70, 70), 2.2),
            S_UPDATED: style(QColor(226, 244, 233), theme.qcolor(theme.VALUE_COLOR), 2.2),
        }

        def pen(c, w):
            # Cosmetic (screen-pixel) widths: a 1-px cosmetic pen takes the fast
            # path; a scaled 1.2-unit pen is ~10× slower to stroke.
            p = QPen(c, w)
            p.setCosmetic(True)
            return p

        self.edge_pens = {
            E_FUTURE: pen(QColor(215, 215, 215), 1),
            E_DONE: pen(QColor(135, 135, 135), 1),
            E_FORWARD: pen(theme.qcolor(theme.VALUE_COLOR), 3),
            E_BACKWARD: pen(theme.qcolor(theme.GRAD_COLOR), 3),
        }
        self.value_color = theme.qcolor(theme.VALUE_COLOR)
        self.grad_color = theme.qcolor(theme.GRAD_COLOR)
        self.halo = QColor(255, 255, 255, 215)
        self.glow = QPen(theme.qcolor(theme.HIGHLIGHT, 150), 9.0)

    # -- geometry --------------------------------------------------------------
    def clear(self):
        self.prepareGeometryChange()
        self.names: list[str] = []
        self.index: dict[str, int] = {}
        self.rects: list[QRectF] = []
        self.base_style: list[int] = []
        self.symbols: list[QStaticText | None] = []
        self.labels: list[QStaticText] = []
        self.edges: list[tuple[int, int]] = []
        self.edge_lines: list[list[QLineF]] = []
        self.node_style: list[int] = []
        self.value_text: list[str | None] = []
        self.grad_text: list[str | None] = []
        self.source_color: list[QColor | None] = []
        self.edge_style: list[int] = []
        self.current = -1
        self._buckets: dict[int, list[QLineF]] = {}
        self._bounds = QRectF(0, 0, 1, 1)

    def static(self, text: str, font: QFont) -> QStaticText:
        key = (text, font.bold(), font.pixelSize())
        st = self._static.get(key)
        if st is None:
            if len(self._static) > 20000:
                self._static.clear()
            st = QStaticText(text)
            st.setTextFormat(Qt.PlainText)
            st.setPerformanceHint(QStaticText.AggressiveCaching)
            st.prepare(font=font)
            self._static[key] = st
        return st

    def set_geometry(self, nodes, edges, layout, widths):
        """``nodes``: [(name, label, symbol or "", base style)], ``edges``: [(parent,
        child)] names, ``layout``: {name: (column, row)}, ``widths``: {name:
        widest number text in px}."""
        self.clear()
        self.names = [n[0] for n in nodes]
        self.index = {name: i for i, name in enumerate(self.names)}
        box_w = []
        for _name, label, symbol, base in nodes:
            rest = label[len(symbol):].strip() if symbol else label
            w = (self._fm_symbol.horizontalAdvance(symbol) + 6 if symbol else 0) \
                + (self._fm_label.horizontalAdvance(rest) if rest else 0)
            box_w.append(max(MIN_BOX_W, w + 2 * BOX_PAD))
            self.symbols.append(self.static(symbol, self.symbol_font) if symbol else None)
            self.labels.append(self.static(rest, self.label_font) if rest else None)
            self.base_style.append(base)
        # Column widths: the widest box or number in the column.
        col_w: dict[int, float] = {}
        col_n: dict[int, int] = {}
        for i, name in enumerate(self.names):
            c, _ = layout[name]
            col_w[c] = max(col_w.get(c, 0.0), box_w[i], widths.get(name, 0.0) + 8)
            col_n[c] = col_n.get(c, 0) + 1
        x_of, x = {}, MARGIN
        for c in sorted(col_w):
            x_of[c] = x + col_w[c] / 2
            x += col_w[c] + COL_GAP
        pitch = BOX_H + 2 * LINE_H + ROW_GAP
        tallest = max(col_n.values(), default=1)
        for i, name in enumerate(self.names):
            c, r = layout[name]
            cy = MARGIN + LINE_H + pitch * (r + (tallest - col_n[c]) / 2) + BOX_H / 2
            self.rects.append(QRectF(x_of[c] - box_w[i] / 2, cy - BOX_H / 2, box_w[i], BOX_H))
        seen = set()
        for p, c in edges:
            if (p, c) in seen or p not in self.index or c not in self.index:
                continue
            seen.add((p, c))
            i, j = self.index[p], self.index[c]
            self.edges.append((i, j))
            self.edge_lines.append(self._edge_lines(self.rects[i], self.rects[j]))
        width = x - COL_GAP + MARGIN
        height = 2 * MARGIN + pitch * tallest
        self._bounds = QRectF(0, 0, max(width, 1.0), max(height, 1.0))
        n = len(self.names)
        self.node_style = list(self.base_style)
        self.value_text = [None] * n
        self.grad_text = [None] * n
        self.source_color = [None] * n
        self.edge_style = [E_DONE] * len(self.edges)
        # A small graph (a worked example) gets bolder wires; a big one keeps the
        # 1-pixel cosmetic pens that draw fastest.
        width = 2 if len(self.edges) <= 40 else 1
        for key in (E_FUTURE, E_DONE):
            self.edge_pens[key].setWidth(width)
        self._rebucket()
        self.update()

    @staticmethod
    def _edge_lines(a: QRectF, b: QRectF) -> list[QLineF]:
        p1 = QPointF(a.right(), a.center().y())
        p2 = QPointF(b.left() - 1.0, b.center().y())
        line = QLineF(p1, p2)
        out = [line]
        length = line.length()
        if length > 2 * ARROW:
            ux, uy = (p1.x() - p2.x()) / length, (p1.y() - p2.y()) / length
            for s in (0.45, -0.45):           # ± ~26°
                cx, cy = ux - s * uy, uy + s * ux
                out.append(QLineF(p2, QPointF(p2.x() + ARROW * cx, p2.y() + ARROW * cy)))
        return out

    def boundingRect(self):
        return self._bounds.adjusted(-12, -12, 12, 12)

    # -- style ---------------------------------------------------------------------
    def set_style(self, node_style, value_text, grad_text, source_color, edge_style, current):
        self.node_style = node_style
        self.value_text = value_text
        self.grad_text = grad_text
        self.source_color = source_color
        self.current = current
        if edge_style != self.edge_style:
            self.edge_style = edge_style
            self._rebucket()
        self.update()

    def _rebucket(self):
        buckets: dict[int, list[QLineF]] = {s: [] for s in self.edge_pens}
        for lines, s in zip(self.edge_lines, self.edge_style):
            buckets[s].extend(lines)
        self._buckets = buckets

    def node_at(self, pos: QPointF) -> str | None:
        for i, r in enumerate(self.rects):
            if r.adjusted(-3, -3, 3, 3).contains(pos):
                return self.names[i]
        return None

    # -- painting --------------------------------------------------------------------
    def paint(self, p: QPainter, option, widget=None):
        if not self.names:
            return
        scale = abs(p.worldTransform().m11()) or 1.0
        exposed = option.exposedRect.adjusted(-80, -40, 80, 40)
        p.setRenderHint(QPainter.Antialiasing, self.antialias)
        p.setRenderHint(QPainter.TextAntialiasing, True)
        for s in (E_FUTURE, E_DONE, E_FORWARD, E_BACKWARD):   # highlighted edges on top
            lines = self._buckets.get(s)
            if lines:
                p.setPen(self.edge_pens[s])
                p.drawLines(lines)
        visible = [i for i, r in enumerate(self.rects) if exposed.intersects(r)]
        # The current node glows.
        if 0 <= self.current < len(self.rects):
            p.setPen(self.glow)
            p.setBrush(Qt.NoBrush)
            r = self.rects[self.current]
            p.drawRoundedRect(r.adjusted(-2, -2, 2, 2), 8, 8)
        for i in visible:
            brush, pen, _ = self.node_styles[self.node_style[i]]
            if self.source_color[i] is not None:
                pen = QPen(self.source_color[i], 2.6)
            p.setBrush(brush)
            p.setPen(pen)
            r = self.rects[i]
            rad = BOX_H / 2 if self.symbols[i] is not None else 5.0
            p.drawRoundedRect(r, rad, rad)
        if scale * LABEL_PX < TEXT_MIN_PX:
            return
        for i in visible:
            text_color = self.node_styles[self.node_style[i]][2]
            p.setPen(text_color)
            r = self.rects[i]
            sym, lab = self.symbols[i], self.labels[i]
            w = (sym.size().width() + 6 if sym is not None else 0) + \
                (lab.size().width() if lab is not None else 0)
            if sym is not None and lab is None:
                w -= 6
            x = r.center().x() - w / 2
            if sym is not None:
                p.drawStaticText(QPointF(x, r.center().y() - sym.size().height() / 2), sym)
                x += sym.size().width() + 6
            if lab is not None:
                p.drawStaticText(QPointF(x, r.center().y() - lab.size().height() / 2), lab)
        if scale * NUMBER_PX < TEXT_MIN_PX:
            return
        for texts, color, above in ((self.value_text, self.value_color, True),
                                    (self.grad_text, self.grad_color, False)):
            for i in visible:
                t = texts[i]
                if not t:
                    continue
                st = self.static(t, self.number_font)
                size = st.size()
                r = self.rects[i]
                x = r.center().x() - size.width() / 2
                y = r.top() - size.height() - 1 if above else r.bottom() + 1
                p.fillRect(QRectF(x - 2, y, size.width() + 4, size.height()), self.halo)
                p.setPen(color)
                p.drawStaticText(QPointF(x, y), st)

    # -- mouse ---------------------------------------------------------------------------
    def mouseClickEvent(self, ev):
        if ev.button() != Qt.LeftButton:
            return
        name = self.node_at(ev.pos())
        if name is None:
            ev.ignore()
            return
        ev.accept()
        view = self.getViewWidget()
        canvas = view if isinstance(view, GraphCanvas) else None
        if canvas is not None:
            canvas.nodeClicked.emit(name)

    def hoverEvent(self, ev):
        if ev.isExit():
            self.setToolTip("")
            return
        name = self.node_at(ev.pos())
        view = self.getViewWidget()
        if name is None or not isinstance(view, GraphCanvas):
            self.setToolTip("")
            return
        self.setToolTip(view.tooltip(name))


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
        self.vb.sigResized.connect(self._on_resized)

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
            what = LOSS_NAMES.get(node.op, node.op)
            lines.append(_html(f"{what}({', '.join(p.name for p in node.parents)})"))
            if rule is not None:
                lines.append(_html(tr("local rule: {0}").format(rule.derivative)))
        v, g, st = self._labels.get(name, (None, None, "future"))
        if st != "future":
            view = self.parent_view()
            if view is not None:
                value, grad = view.stepper.state().get(name, (None, None))
                if value is not None:
                    lines.append(f"<span style='color:{_hex(theme.VALUE_COLOR)}'>"
                                 f"{_html(tr('value'))} = {_html(format_value(value))}</span>")
                if grad is not None:
                    lines.append(f"<span style='color:{_hex(theme.GRAD_COLOR)}'>"
                                 f"∂{_html(view.stepper.trace.output)}/∂{_html(name)} = "
                                 f"{_html(format_value(grad))}</span>")
        lines.append("<i>" + _html(tr("Click to jump to its step")) + "</i>")
        return "<br>".join(lines)

    def parent_view(self):
        w = self.parentWidget()
        while w is not None and not isinstance(w, StepThroughView):
            w = w.parentWidget()
        return w

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
        if self._need_fit:
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
        if not whole:
            s = min(s, MAX_FIT_SCALE)
        w, h = vw / s, vh / s
        if whole or s >= MIN_FIT_SCALE:
            rect = QRectF(b.center().x() - w / 2, b.center().y() - h / 2, w, h)
        else:
            # Too big to read whole: the smallest readable zoom, around the
            # current (or first) node; the view follows the steps from there.
            s = MIN_FIT_SCALE
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
        view = self.parent_view()
        if view is not None:
            nxt = view.stepper.next_step
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


class StepThroughView(QWidget):
    """See the module docstring.

    Public API: ``stepper`` (:class:`core.stepthrough.StepThrough`), ``canvas``
    (:class:`GraphCanvas`, ``canvas.node_labels()``), ``panel`` (the arithmetic
    panel), ``actions`` (QActions without shortcuts: forward, back, play,
    to_start, to_backward, to_end, apply), :meth:`set_mode`,
    :meth:`build_expression`, :meth:`jump_to_ref`, :meth:`play` / :meth:`pause`,
    :meth:`set_speed`. Signals: ``refsChanged(list)`` — the network elements of
    the current step; ``nodeClicked(object)`` — the network ref of a clicked
    graph node (None for formula graphs).
    """
    refsChanged = Signal(list)
    nodeClicked = Signal(object)

    MODE_ITEMS = (("network", "Current network"), ("expression", "Expression…"),
                  ("e1", "Example E1: (x+y)·z"), ("e2", "Example E2: apples and oranges"))
    GRAN_ITEMS = (("auto", "Auto"), ("scalar", "Scalar"), ("layer", "Layer"))

    def __init__(self, session, stepper: StepThrough | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("nnviz-stepthrough-view")
        # An explicit minimum keeps the size hints still when mode widgets show/hide.
        self.setMinimumSize(420, 300)
        self._owns_stepper = stepper is None
        self.stepper = stepper if stepper is not None else StepThrough(session)
        self._last_refs: list = []
        self._bwd_start = None
        self._can_apply = False
        self._shown_playing = None
        self.last_restyle_ms = 0.0
        self._build_ui()
        subscribe(self, self.stepper.events, {"trace": self._on_trace,
                                              "cursor": self._on_cursor})
        subscribe(self, session.events, {"data": self._on_session_data,
                                          "network": self._on_session_data,
                                          "selection": self._on_session_data})
        if self._owns_stepper:
            st = self.stepper
            self.destroyed.connect(lambda *_: st.close())
        # ← / → step while the focus is in this view (not in a text field, a
        # spin box, the speed slider or a drop-down, which use the arrows).
        for w in [self, *self.findChildren(QWidget)]:
            if w.focusPolicy() != Qt.NoFocus and not isinstance(
                    w, (QLineEdit, QAbstractSpinBox, QAbstractSlider, QComboBox)):
                w.installEventFilter(self)
        self._sync_mode_widgets()
        self._on_session_data(None)
        self._on_trace(None)
        self._on_cursor(None)

    # -- building ---------------------------------------------------------------------
    def _build_ui(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)

        top = QHBoxLayout()
        top.setSpacing(6)
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("nnviz-stepthrough-mode")
        for key, text in self.MODE_ITEMS:
            self.mode_combo.addItem(tr(text), key)
        self.mode_combo.setToolTip(tr("Which computation to step through"))
        self.mode_combo.activated.connect(self._mode_chosen)
        top.addWidget(self.mode_combo)
        self.gran_label = QLabel(tr("Nodes:"))
        top.addWidget(self.gran_label)
        self.gran_combo = QComboBox()
        for key, text in self.GRAN_ITEMS:
            self.gran_combo.addItem(tr(text), key)
        self.gran_combo.setToolTip(tr("Scalar: every weight is a node (small networks). "
                                      "Layer: one node per matrix product, bias and "
                                      "activation. Auto picks scalar up to 200 parameters."))
        self.gran_combo.activated.connect(self._granularity_chosen)
        top.addWidget(self.gran_combo)
        self.compact_box = QCheckBox(tr("Compact"))
        self.compact_box.setToolTip(tr("Fold each product w·x into the sum node it feeds"))
        self.compact_box.toggled.connect(self._compact_toggled)
        top.addWidget(self.compact_box)
        self.sample_label = QLabel(tr("Sample"))
        top.addWidget(self.sample_label)
        self.sample_spin = QSpinBox()
        self.sample_spin.setToolTip(tr("The training sample that drives the pass "
                                       "(or click a point in the data view)"))
        self.sample_spin.setPrefix("#")
        self.sample_spin.valueChanged.connect(self._sample_chosen)
        top.addWidget(self.sample_spin)
        top.addStretch(1)
        self.follow_box = QCheckBox(tr("Follow"))
        self.follow_box.setChecked(True)
        self.follow_box.setToolTip(tr("Keep the current node in view while stepping"))
        self.follow_box.toggled.connect(self._follow_toggled)
        top.addWidget(self.follow_box)
        self.fit_button = QPushButton(tr("Fit"))
        self.fit_button.setToolTip(tr("Show the whole graph"))
        self.fit_button.clicked.connect(lambda: self.canvas.fit(whole=True))
        top.addWidget(self.fit_button)
        lay.addLayout(top)

        self.expr_row = QWidget()
        er = QHBoxLayout(self.expr_row)
        er.setContentsMargins(0, 0, 0, 0)
        er.addWidget(QLabel(tr("f =")))
        self.expr_edit = QLineEdit(self.stepper.expression)
        self.expr_edit.setObjectName("nnviz-stepthrough-formula")
        self.expr_edit.setPlaceholderText("(x + y) * z")
        self.expr_edit.setToolTip(tr("A formula: + − * / ** @, exp, log, sqrt, sigmoid, "
                                     "tanh, relu, …; several lines as q = x + y; f = q * z"))
        self.expr_edit.returnPressed.connect(self.build_expression)
        er.addWidget(self.expr_edit, 3)
        er.addWidget(QLabel(tr("with")))
        self.values_edit = QLineEdit(self.stepper.values_text)
        self.values_edit.setObjectName("nnviz-stepthrough-values")
        self.values_edit.setPlaceholderText("x = -2, y = 5, z = -4")
        self.values_edit.returnPressed.connect(self.build_expression)
        er.addWidget(self.values_edit, 2)
        self.build_button = QPushButton(tr("Build"))
        self.build_button.clicked.connect(self.build_expression)
        er.addWidget(self.build_button)
        lay.addWidget(self.expr_row)
        self.error_label = QLabel()
        self.error_label.setObjectName("nnviz-stepthrough-error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0281e; font-size: 11pt;")
        self.error_label.hide()
        lay.addWidget(self.error_label)

        self.splitter = QSplitter(Qt.Horizontal)
        self.canvas = GraphCanvas()
        self.canvas.nodeClicked.connect(self._node_clicked)
        self.splitter.addWidget(self.canvas)
        self.panel = QTextBrowser()
        self.panel.setObjectName("nnviz-stepthrough-panel")
        self.panel.setOpenLinks(False)
        self.panel.setMinimumWidth(220)
        font = self.panel.font()
        font.setPointSize(12)
        self.panel.setFont(font)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 300])
        lay.addWidget(self.splitter, 1)

        self._build_actions()
        bar = QHBoxLayout()
        bar.setSpacing(3)
        self.transport_buttons = {}
        for key in ("to_start", "back", "play", "forward", "to_backward", "to_end"):
            b = QToolButton()
            b.setDefaultAction(self.actions[key])
            b.setToolButtonStyle(Qt.ToolButtonIconOnly if key in ("to_start", "to_end")
                                 else Qt.ToolButtonTextBesideIcon)
            b.setAutoRaise(False)
            bar.addWidget(b)
            self.transport_buttons[key] = b
        bar.addSpacing(8)
        self.speed_slider = QSlider(Qt.Horizontal)
        self.speed_slider.setObjectName("nnviz-stepthrough-speed")
        self.speed_slider.setRange(*SPEEDS)
        self.speed_slider.setValue(4)
        self.speed_slider.setMinimumWidth(50)
        self.speed_slider.setMaximumWidth(110)
        self.speed_slider.setToolTip(tr("Speed: steps per second while playing"))
        self.speed_slider.valueChanged.connect(self._speed_changed)
        bar.addWidget(self.speed_slider)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(self.speed_label.fontMetrics().horizontalAdvance(
            tr("{0} steps/s").format(30)) + 4)
        bar.addWidget(self.speed_label)
        bar.addSpacing(8)
        self.progress = QLabel()
        self.progress.setObjectName("nnviz-stepthrough-progress")
        self.progress.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        f = self.progress.font()
        f.setPointSize(11)
        self.progress.setFont(f)
        self.progress.setMinimumWidth(
            round(self.progress.fontMetrics().horizontalAdvance("step 8888 / 8888 · backward"))
            + 8)
        bar.addWidget(self.progress, 1)
        self.apply_button = QToolButton()
        self.apply_button.setDefaultAction(self.actions["apply"])
        self.apply_button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        bar.addWidget(self.apply_button)
        lay.addLayout(bar)

        self.timer = QTimer(self)
        self.timer.setObjectName(TIMER_NAME)
        self.timer.timeout.connect(self._tick)
        self._speed_changed(self.speed_slider.value())

    def _build_actions(self):
        style = self.style()

        def act(key, text, slot, tip, icon=None):
            a = QAction(text, self)
            a.setObjectName(f"nnviz-stepthrough-{key}")
            a.setToolTip(tip)
            a.setStatusTip(tip)
            if icon is not None:
                a.setIcon(style.standardIcon(icon))
            a.triggered.connect(slot)
            return a

        self.actions = {
            "to_start": act("to_start", tr("Start"), self._to_start,
                            tr("Back to the start: nothing computed yet"),
                            QStyle.SP_MediaSkipBackward),
            "back": act("back", tr("Back"), self._back, tr("Undo the last step (←)"),
                        QStyle.SP_MediaSeekBackward),
            "play": act("play", tr("Play"), self.toggle_play,
                        tr("Step automatically at the chosen speed"), QStyle.SP_MediaPlay),
            "forward": act("forward", tr("Step"), self._forward,
                           tr("Take the next step (→)"), QStyle.SP_MediaSeekForward),
            "to_backward": act("to_backward", tr("To backward"), self._to_backward,
                               tr("Jump to the start of the backward pass (forward done)")),
            "to_end": act("to_end", tr("End"), self._to_end,
                          tr("Jump to the end: every value, gradient and update"),
                          QStyle.SP_MediaSkipForward),
            "apply": act("apply", tr("Apply update"), self.apply_update,
                         tr("Write w ← w − η·∂L/∂w for this one sample into the network "
                            "(undoable), then step through the new weights")),
        }
        self.actions["play"].setCheckable(True)

    # -- events from the stepper / session ------------------------------------------------
    def _on_trace(self, _ev):
        st = self.stepper
        bwd = st.trace.phase_range("backward")
        self._bwd_start = bwd.start if len(bwd) else None
        self._can_apply = st.can_apply
        self.canvas.set_graph(st.graph, st.trace, compact=self._compact_on())
        self._show_error(st.error or "")
        if st.error:
            self.pause()

    def _on_cursor(self, _ev):
        t0 = time.perf_counter()
        st = self.stepper
        self.canvas.restyle(st)
        if self.canvas._need_fit:
            self.canvas.fit()
        else:
            self.canvas.ensure_visible()
        self._update_panel()
        self._update_transport()
        refs = st.network_refs()
        if refs != self._last_refs:
            self._last_refs = refs
            self.refsChanged.emit(list(refs))
        self.last_restyle_ms = (time.perf_counter() - t0) * 1e3

    def _on_session_data(self, _ev):
        n = len(self.session.dataset.train_idx)
        self.sample_spin.blockSignals(True)
        self.sample_spin.setRange(0, max(0, n - 1))
        self.sample_spin.setValue(self.session.sample_index)
        self.sample_spin.blockSignals(False)

    # -- mode --------------------------------------------------------------------------------
    def set_mode(self, mode: str, **kw):
        """"network", "expression", "e1" or "e2" (keywords as StepThrough.set_mode).
        Returns an error message (also shown in red) or None."""
        self.pause()
        try:
            self.stepper.set_mode(mode, **kw)
        except ExpressionError as e:
            self._show_error(str(e))
            self._sync_mode_widgets(keep_combo=mode == "expression")
            return str(e)
        self._show_error(self.stepper.error or "")
        self._sync_mode_widgets()
        return None

    def build_expression(self):
        """Build the graph of the typed formula and values; a bad one shows its
        message in red and changes nothing. Returns the message or None."""
        self.pause()
        try:
            self.stepper.set_expression(self.expr_edit.text(), self.values_edit.text())
        except ExpressionError as e:
            self._show_error(str(e))
            self._sync_mode_widgets(keep_combo=True)
            return str(e)
        self._show_error("")
        self._sync_mode_widgets()
        return None

    def _mode_chosen(self, i):
        mode = self.mode_combo.itemData(i)
        if mode == "expression":
            self.expr_row.show()
            if self.stepper.mode != "expression":
                self.build_expression()
            self.expr_edit.setFocus()
            return
        self.expr_row.hide()
        self.set_mode(mode)

    def _granularity_chosen(self, i):
        self.pause()
        self.stepper.set_granularity(self.gran_combo.itemData(i))
        self._sync_mode_widgets()

    def _compact_on(self) -> bool:
        st = self.stepper
        return (self.compact_box.isChecked() and st.mode == "network"
                and st.effective_granularity == "scalar")

    def _compact_toggled(self, _on):
        st = self.stepper
        self.canvas.set_graph(st.graph, st.trace, compact=self._compact_on())
        self.canvas.restyle(st)
        self.canvas.fit()

    def _follow_toggled(self, on):
        self.canvas.follow = on
        self.canvas.ensure_visible()

    def _sample_chosen(self, i):
        self.session.select_sample(i)

    def _sync_mode_widgets(self, keep_combo=False):
        """Show the widgets of the current mode; ``keep_combo`` leaves the mode
        selector where the user put it (a formula that failed to build)."""
        st = self.stepper
        if not keep_combo:
            i = [k for k, _ in self.MODE_ITEMS].index(st.mode)
            self.mode_combo.setCurrentIndex(i)
        net_mode = st.mode == "network"
        self.expr_row.setVisible(self.mode_combo.currentData() == "expression")
        for w in (self.gran_label, self.gran_combo, self.sample_label, self.sample_spin):
            w.setVisible(net_mode)
        self.compact_box.setVisible(net_mode)
        self.compact_box.setEnabled(net_mode and st.effective_granularity == "scalar")
        gi = [k for k, _ in self.GRAN_ITEMS].index(st.granularity)
        self.gran_combo.setCurrentIndex(gi)
        self.gran_combo.setItemText(0, tr("Auto ({0})").format(tr(st.effective_granularity))
                                    if net_mode else tr("Auto"))
        self.apply_button.setVisible(net_mode)

    def _show_error(self, text):
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- transport ------------------------------------------------------------------------------
    def _forward(self):
        self.pause()
        self.stepper.forward()

    def _back(self):
        self.pause()
        self.stepper.back()

    def _to_start(self):
        self.pause()
        self.stepper.to_start()

    def _to_backward(self):
        self.pause()
        self.stepper.to_backward_start()

    def _to_end(self):
        self.pause()
        self.stepper.to_end()

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def play(self):
        if self.stepper.at_end:
            self.stepper.to_start()
        if not len(self.stepper):
            return
        self.timer.start()
        self.canvas.item.antialias = False
        self._update_transport()

    def pause(self):
        if self.timer.isActive():
            self.timer.stop()
        self.canvas.item.antialias = True
        self.canvas.item.update()
        self._update_transport()

    def toggle_play(self):
        if self.playing:
            self.pause()
        else:
            self.play()

    def _tick(self):
        if not self.stepper.forward() or self.stepper.at_end:
            self.pause()

    def set_speed(self, steps_per_second: int):
        self.speed_slider.setValue(int(steps_per_second))

    def speed(self) -> int:
        return self.speed_slider.value()

    def _speed_changed(self, v):
        self.timer.setInterval(max(1, round(1000 / max(1, v))))
        self.speed_label.setText(tr("{0} steps/s").format(v) if v > 1 else tr("1 step/s"))

    def apply_update(self):
        """Apply the update the trace shows (network mode); True if applied."""
        self.pause()
        return self.stepper.apply_update()

    # -- linking -------------------------------------------------------------------------------
    def jump_to_ref(self, ref):
        """Make the first step about ``ref`` (a network ref from the network view,
        or a node name) current; once the forward pass is done, its first
        backward step. Returns True if the trace has a step for it."""
        self.pause()
        return self.stepper.jump_to(ref)

    def _node_clicked(self, name):
        self.jump_to_ref(name)
        node = self.stepper.graph[name] if name in self.stepper.graph else None
        ref = node.ref if node is not None else None
        if ref is not None and ref[0] == "param":
            ref = ("layer", int(ref[1][1:]))
        self.nodeClicked.emit(ref)

    # -- panel ---------------------------------------------------------------------------------
    def _update_transport(self):
        """Enable the transport buttons and write the progress; Qt calls only
        for what changed (this runs at every step while playing)."""
        st = self.stepper
        n = len(st)
        playing = self.playing
        bwd_start = self._bwd_start
        enabled = {"back": st.cursor > 0, "to_start": st.cursor > 0,
                   "forward": st.cursor < n, "to_end": st.cursor < n,
                   "to_backward": bwd_start is not None and st.cursor != bwd_start,
                   "play": n > 0, "apply": self._can_apply}
        a = self.actions
        for key, on in enabled.items():
            if a[key].isEnabled() != on:
                a[key].setEnabled(on)
        if a["play"].isChecked() != playing:
            a["play"].setChecked(playing)
        if self._shown_playing is not playing:
            self._shown_playing = playing
            a["play"].setText(tr("Pause") if playing else tr("Play"))
            a["play"].setIcon(self.style().standardIcon(
                QStyle.SP_MediaPause if playing else QStyle.SP_MediaPlay))
        phase = st.phase
        color = _hex(PHASE_COLORS.get(phase, theme.GREY))
        phase_text = tr(phase) if phase != "start" else tr("start")
        self.progress.setText(
            tr("step {0} / {1}").format(st.cursor, n)
            + f" · <b style='color:{color}'>{_html(phase_text)}</b>")

    def _update_panel(self):
        st = self.stepper
        step = st.current_step
        parts = []
        phase = st.phase
        color = _hex(PHASE_COLORS.get(phase, theme.GREY))
        parts.append(f"<p style='font-size:13pt; font-weight:600; color:{color}; "
                     f"margin-bottom:6px'>{_html(self._describe())}</p>")
        if step is not None:
            parts.append(f"<p style='font-size:14pt; margin-top:0'>{_html(step.text)}</p>")
            chain = st.chain_so_far()
            # The step's own text already shows upstream · local: show the chain
            # when it is longer than that.
            if chain is not None and len(chain.factors) > 2:
                parts.append(f"<p style='font-size:10pt; color:#555; margin-bottom:0'>"
                             f"{_html(tr('Chain rule, from the output down:'))}</p>"
                             f"<p style='font-size:12pt; color:{_hex(theme.GRAD_COLOR)}; "
                             f"margin-top:2px'>{_html(chain.text())}</p>")
                if chain.branched:
                    parts.append(f"<p style='font-size:10pt; color:#555'>"
                                 f"{_html(tr('(the first factor already sums several paths)'))}"
                                 f"</p>")
            rule = OPS.get(step.op) if step.phase != "update" else None
            if rule is not None and step.kind != "seed":
                parts.append(f"<p style='font-size:10pt; color:#555'>"
                             f"{_html(tr('local rule: {0}').format(rule.derivative))}</p>")
            if step.phase == "update":
                why = tr("Gradient descent moves each parameter a step of size η = {0} "
                         "against its gradient. “Apply update” writes these new values "
                         "into the network.").format(format_number(step.lr))
                parts.append(f"<p style='font-size:10pt; color:#555'>{_html(why)}</p>")
        else:
            nxt = st.next_step
            if nxt is not None:
                # Only the formula, not its numbers: those are what stepping shows.
                formula = " = ".join(nxt.text.split(" = ")[:2])
                parts.append(f"<p style='font-size:12pt; color:#555'>"
                             f"{_html(tr('Next: {0}').format(formula))}</p>")
        if st.notice:
            parts.append(f"<p style='font-size:10pt; color:#8a5a00'>{_html(tr(st.notice))}</p>")
        info = st.sample_info()
        if info is not None:
            parts.append("<hr>" + self._sample_html(*info))
        parts.append(self._legend_html(st.trace.output or "L"))
        self.panel.setHtml("".join(parts))

    def _describe(self) -> str:
        """One plain-language line about the current step (translatable)."""
        st = self.stepper
        step = st.current_step
        if step is None:
            if st.next_step is None:
                return tr("Nothing to step through.")
            return tr("Ready: press → (Step) to compute the first value of the forward pass.")
        out = st.trace.output
        if step.phase == "forward":
            return tr("Forward: computing {0}").format(step.node)
        if step.phase == "update":
            return tr("Update: {0} ← {0} − η·∂{1}/∂{0}").format(step.node, out)
        if step.kind == "seed":
            return tr("Backward starts at the output: ∂{0}/∂{0} = 1").format(step.node)
        if step.kind == "sum":
            return tr("Backward: {0} feeds {1} nodes, so its gradient is the sum of what "
                      "flows back from each").format(step.node, len(step.inputs))
        if not step.complete:
            return tr("Backward: part of the gradient flows from {0} into {1}").format(
                step.via, step.node)
        return tr("Backward: gradient flows from {0} into {1}").format(step.via, step.node)

    def _sample_html(self, i, x, y):
        s = self.session
        ds = s.dataset
        xs = ", ".join(format_number(v) for v in x)
        if ds.task == "classification":
            label = int(ds.y[ds.train_idx[i]])
            names = ds.class_names or ()
            cname = names[label] if label < len(names) else str(label)
            ytext = f"{label}" if cname == str(label) else f"{label} ({cname})"
        else:
            ytext = ", ".join(format_number(v) for v in np.ravel(y))
        loss = LOSS_NAMES.get(s.trainer.loss, s.trainer.loss)
        head = tr("sample #{0}: x = ({1}), y = {2}").format(i, xs, ytext)
        sub = tr("loss: {0} · η = {1}").format(loss, format_number(s.settings.lr))
        return (f"<p style='font-size:11pt'>{_html(head)}<br>"
                f"<span style='font-size:10pt; color:#555'>{_html(sub)}</span></p>")

    @staticmethod
    def _legend_html(output):
        return (f"<p style='font-size:10pt; color:#555'>"
                f"<span style='color:{_hex(theme.VALUE_COLOR)}'>■</span> "
                f"{_html(tr('value (above a node)'))} &nbsp; "
                f"<span style='color:{_hex(theme.GRAD_COLOR)}'>■</span> "
                f"{_html(tr('gradient ∂{0}/∂node (below)').format(output))}</p>")

    # -- keys and lifetime ------------------------------------------------------------------------
    def eventFilter(self, obj, ev):
        t = ev.type()
        if t in (QEvent.ShortcutOverride, QEvent.KeyPress) \
                and ev.key() in (Qt.Key_Left, Qt.Key_Right) \
                and ev.modifiers() == Qt.NoModifier:
            # ← and → step through the trace while this view has the focus.
            ev.accept()
            if t == QEvent.KeyPress:
                self.actions["forward" if ev.key() == Qt.Key_Right else "back"].trigger()
            return True
        return super().eventFilter(obj, ev)

    def resizeEvent(self, ev):
        # In a narrow dock the media buttons drop their words (icons and
        # tooltips stay) so the progress and "Apply update" keep their room.
        narrow = ev.size().width() < NARROW_WIDTH
        style = Qt.ToolButtonIconOnly if narrow else Qt.ToolButtonTextBesideIcon
        for key in ("back", "play", "forward"):
            b = self.transport_buttons[key]
            if b.toolButtonStyle() != style:
                b.setToolButtonStyle(style)
        super().resizeEvent(ev)

    def hideEvent(self, ev):
        self.pause()
        super().hideEvent(ev)

    def set_active(self, active: bool):
        """Called when the view's dock is shown or hidden (tabbed away): a
        hidden step-through does not rebuild its trace on every training step."""
        self.stepper.set_active(active)

    def closeEvent(self, ev):
        self.pause()
        super().closeEvent(ev)
