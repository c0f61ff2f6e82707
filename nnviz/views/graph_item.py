"""The one ``GraphicsObject`` that paints a computation graph: every edge,
box, label and number, in one ``paint`` (see :mod:`nnviz.views.graph_canvas`).

Geometry is built once per graph (:meth:`GraphItem.set_geometry`); moving the
step-through cursor only restyles (:meth:`GraphItem.set_style`): edges are
drawn in four style buckets, texts are cached ``QStaticText``.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText
from PySide6.QtWidgets import QGraphicsItem

from nnviz import theme

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

# Node styles: index into the style table built in GraphItem.
S_FUTURE, S_INPUT, S_PARAM, S_CONST, S_OP, S_LOSS, S_CURRENT, S_SOURCE, S_UPDATED = range(9)
# Edge styles.
E_FUTURE, E_DONE, E_FORWARD, E_BACKWARD = range(4)


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
        # Nodes a lesson points at: a thick ring in the highlight colour with a
        # thin dark edge, so it reads on white and around the current node too.
        self.ring = QPen(theme.qcolor(theme.HIGHLIGHT), 4.0)
        self.ring_edge = QPen(QColor(150, 95, 0), 1.2)

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
        self.marked: list[int] = []          # indices ringed (set_marked)
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

    def set_marked(self, indices):
        """Ring the nodes at ``indices`` (an empty list: none)."""
        marked = sorted({i for i in indices if 0 <= i < len(self.rects)})
        if marked != self.marked:
            self.marked = marked
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
        if self.marked:                 # rings under the wires: arrows stay visible
            p.setBrush(Qt.NoBrush)
            for i in self.marked:
                r = self.rects[i]
                rad = BOX_H / 2 + 6 if self.symbols[i] is not None else 9.0
                p.setPen(self.ring)
                p.drawRoundedRect(r.adjusted(-6, -6, 6, 6), rad, rad)
                p.setPen(self.ring_edge)
                p.drawRoundedRect(r.adjusted(-8.5, -8.5, 8.5, 8.5), rad + 2.5, rad + 2.5)
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
    # -- mouse: the canvas sets these two callbacks ----------------------------------------
    on_click = None          # fn(node name)
    tooltip_for = None       # fn(node name) -> str

    def mouseClickEvent(self, ev):
        if ev.button() != Qt.LeftButton:
            return
        name = self.node_at(ev.pos())
        if name is None or self.on_click is None:
            ev.ignore()
            return
        ev.accept()
        self.on_click(name)

    def hoverEvent(self, ev):
        name = None if ev.isExit() else self.node_at(ev.pos())
        self.setToolTip(self.tooltip_for(name) if name and self.tooltip_for else "")


__all__ = ["GraphItem"]
