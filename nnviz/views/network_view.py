"""The network view: neurons by layer, every weight an edge.

Inputs, hidden layers and the output run left to right. An edge's colour is
the sign of its weight (orange < 0 < blue, :data:`nnviz.theme.DIVERGING_LUT`)
and its width |w| relative to the largest |w| in the network; a toolbar toggle
shows ∂L/∂w instead. A small square on each neuron's lower-left corner is its
bias. With 2-D inputs every neuron shows a thumbnail of its own output over the
input plane (one forward pass over a coarse grid gives them all); with 1-D
inputs a little curve; otherwise, or when nodes are too small to read, a
filled circle coloured by its activation for the selected sample.

Three modules: :mod:`.network_layout` (positions, edge buckets, colours, hit
tests — pure functions of arrays), :mod:`.network_item` (the one
``GraphicsObject`` that paints) and this widget, which listens to the session
and keeps three caches, each marked stale only by the events that change it:

==============  ===========================================  =================
cache           what                                         stale on
==============  ===========================================  =================
edges           edge buckets and bias colours                ``params``; with
                                                             ∂L/∂w also
                                                             ``data``, l1/l2
sample          node colours, a and z for the tooltips       ``params``, a new
                                                             sample, ``data``
thumbs          neuron maps / curves                         ``params``, ``data``
layout          positions                                    ``network``
==============  ===========================================  =================

Work is lazy: events only mark what is stale and the next paint recomputes
it once, so a burst of training frames costs one redraw.

Coordinates: the layout is made in the view's own pixels when it is fitted
(``fit()``), so at the fitted zoom one scene unit is one pixel. Public methods
that take a position (``ref_at``, ``tooltip_at``) use these *network
coordinates* — the item's coordinates, e.g. ``view.node_position(ref)``.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from shiboken6 import isValid

from core import names
from core.errors import NNVizError
from core.numbers import parse_number
from nnviz.i18n import tr
from nnviz.theme import DIVERGING_LUT, qcolor
from nnviz.zoom import ZOOM

from . import network_text as text
from .network_item import NetworkItem
from .network_layout import (
    MAX_EDGES,
    Layout,
    bias_colors,
    bucket_edges,
    flat_params,
    node_colors,
)
from .network_layout import hit_test as _hit_test
from .network_thumbs import Thumbnails
from .network_widgets import ElidedLabel, ValueEditor

THUMB_MIN_PX = 16       # smaller nodes are drawn as plain circles
WEIGHTS_MIN_PX = 10     # an 8×8 weight image needs ~1 px a weight
FAN_PER_UNIT = 4        # image inputs: draw ~4 pixel connections per hidden-1 unit
HOVER_TOL_PX = 5.0
GRADIENT_SETTINGS = {"l1", "l2", "loss"}    # settings that change ∂L/∂θ


def _changed(ev):
    """The names an event says changed, or None when it does not say."""
    if ev is None:
        return None
    ch = ev.info.get("changed")
    return None if ch is None else frozenset(ch)


class NetworkView(QtWidgets.QWidget):
    """Dock widget showing the network: ``NetworkView(session, parent=None)``.

    (Over 400 lines because it is the network's whole public surface — the
    main window, the step-through and the tests use it; the work behind each
    method is in :mod:`.network_layout`, :mod:`.network_text`,
    :mod:`.network_item` and :mod:`.network_widgets`.)

    Signal ``elementClicked(object)``: the ref clicked — ("neuron", l, j),
    ("edge", l, i, j), ("bias", l, j), or ("layer", l) for a column header;
    ``session.select`` is called with it too. Layer l is the session's: 0 =
    inputs, 1.. = the layer receiving the connection (``W{l}[i, j]``).

    Step-through API: :meth:`highlight` (thick yellow outline), :meth:`clear_highlight`.
    Editing: :meth:`begin_edit`, :meth:`commit_edit`, :meth:`cancel_edit`,
    :meth:`set_value` (undoable, via ``session.set_param``), :meth:`editing`.
    Mouse: :meth:`click_at`, :meth:`hover_at`, :meth:`hovered`.
    Inspection: :meth:`ref_at`, :meth:`tooltip_at`, :meth:`tooltip_for`,
    :meth:`node_position`, :meth:`node_positions`, :meth:`edges`,
    :meth:`drawn_edges`, :meth:`thumbnails_shown`, :meth:`thumbnail_kind`,
    :meth:`render_time_ms`, :meth:`recomputed`.
    Display: :meth:`set_show_gradients`, :meth:`set_antialias`, :meth:`fit`,
    :meth:`refresh`.
    """

    elementClicked = Signal(object)
    _health_marks = (frozenset(), frozenset())   # (dead, saturated) ("neuron", l, j) refs
    _health_note = ""                             # their fraction per layer, for the caption

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-network-view")
        self._session = session
        self._highlight: list = []
        self._hover = None
        self._show_gradients = False
        self._antialias = None          # None: automatic
        self._auto_fit = True
        self._stale = {"edges", "sample", "thumbs"}
        self._counts = {"layout": 0, "edges": 0, "sample": 0, "thumbs": 0}
        self.thumbs = Thumbnails()      # the neuron maps the item draws
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setObjectName("thumbs-refresh")
        self._thumb_timer.setSingleShot(True)
        self._thumb_timer.timeout.connect(self.item_update)
        self._frame: dict = {}
        self._paint_ms = 0.0
        self._showing_thumbs = False
        self._edit_ref = None
        self._feat_scale = None
        self._hints = []

        self._build_ui()
        self._subs = [("network", self._on_network), ("data", self._on_data),
                      ("params", self._on_params), ("selection", self._on_selection),
                      ("training", self._on_training), ("settings", self._on_settings)]
        for name, fn in self._subs:
            session.events.connect(name, fn)
        subs, events = list(self._subs), session.events
        self.destroyed.connect(lambda *_: [events.disconnect(n, f) for n, f in subs])
        self._relayout()

    # -- ui ------------------------------------------------------------------
    def _build_ui(self):
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        bar = QtWidgets.QHBoxLayout()
        bar.setContentsMargins(6, 3, 6, 3)
        bar.setSpacing(8)
        self.grad_button = QtWidgets.QToolButton()
        self.grad_button.setText(tr("∂L/∂w"))
        self.grad_button.setCheckable(True)
        self.grad_button.setAutoRaise(True)
        self.grad_button.setToolTip(tr("Colour the connections by the gradient of the loss "
                                       "(∂L/∂w over the training set) instead of the weights"))
        self.grad_button.toggled.connect(self.set_show_gradients)
        self.fit_button = QtWidgets.QToolButton()
        self.fit_button.setText(tr("Fit"))
        self.fit_button.setAutoRaise(True)
        self.fit_button.setToolTip(tr("Fit the whole network into the view "
                                      "(wheel zooms, drag pans)"))
        self.fit_button.clicked.connect(self.fit)
        self.legend = QtWidgets.QLabel()
        self.caption = ElidedLabel()
        self.caption.setStyleSheet("color: #555;")
        self.caption.setSizePolicy(QtWidgets.QSizePolicy.Ignored,
                                   QtWidgets.QSizePolicy.Preferred)
        self.status = QtWidgets.QLabel()
        self.status.setStyleSheet("color: #b00;")
        for w in (self.grad_button, self.fit_button, self.legend, self.status):
            bar.addWidget(w)
        bar.addWidget(self.caption, 1)
        lay.addLayout(bar)

        self.graphics = pg.GraphicsView(background="w")
        self.graphics.setFrameShape(QtWidgets.QFrame.NoFrame)
        self.viewbox = pg.ViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.viewbox.setMouseEnabled(True, True)
        self.viewbox.disableAutoRange()
        self.graphics.setCentralItem(self.viewbox)
        self.item = NetworkItem(self)
        ZOOM.changed.connect(self._on_zoom)
        self.viewbox.addItem(self.item)
        self.viewbox.sigResized.connect(self._on_resized)
        self.viewbox.sigRangeChangedManually.connect(self._on_manual_range)
        lay.addWidget(self.graphics, 1)
        self.editor = ValueEditor(self, self.graphics.viewport())
        self._update_legend()

    def _update_legend(self):
        what = tr("∂L/∂w") if self._show_gradients else tr("weights")
        neg = qcolor(DIVERGING_LUT[12][:3]).name()
        pos = qcolor(DIVERGING_LUT[-12][:3]).name()
        self.legend.setText(
            f"{what}: <span style='color:{neg}'>■</span> {tr('negative')} "
            f"<span style='color:{pos}'>■</span> {tr('positive')}")

    # -- public API ----------------------------------------------------------
    @property
    def session(self):
        return self._session

    def highlight(self, refs):
        """Emphasise elements (thick yellow outline): a list of ("neuron", l, j),
        ("edge", l, i, j) and ("bias", l, j). Replaces the previous highlight."""
        self._highlight = [tuple(r) for r in (refs or ()) if r]
        self.item.update()

    def clear_highlight(self):
        self._highlight = []
        self.item.update()

    def set_health_marks(self, dead=(), saturated=(), note=""):
        """Mark dead units (crossed out) and saturated ones (an orange ring),
        ("neuron", l, j) refs, and lead the caption with ``note`` (the fraction
        per layer). The training-health controller calls it (nnviz.health_ui)."""
        marks = (frozenset(map(tuple, dead)), frozenset(map(tuple, saturated)))
        if marks != self._health_marks or note != self._health_note:
            self._health_marks, self._health_note = marks, note
            self._update_caption()
            self.item.update()

    def health_marks(self):
        """(dead, saturated): the refs marked by :meth:`set_health_marks`."""
        return self._health_marks

    def highlighted(self):
        return list(self._highlight)

    def hovered(self):
        """The ref under the mouse (drawn with a grey outline), or None."""
        return self._hover

    def editing(self):
        """The ref whose inline editor is open, or None."""
        return self._edit_ref

    def set_show_gradients(self, on):
        """Colour edges (and biases) by ∂L/∂θ instead of θ."""
        on = bool(on)
        if on != self._show_gradients:
            self._show_gradients = on
            self._stale.add("edges")
            self.grad_button.setChecked(on)
            self._update_legend()
            self.item.update()

    def show_gradients(self):
        return self._show_gradients

    def set_antialias(self, on):
        """True/False, or None for automatic (on unless playing or very many edges)."""
        self._antialias = on
        self.item.update()

    def antialias(self):
        """The antialiasing setting: True, False or None (automatic)."""
        return self._antialias

    def refresh(self):
        """Recompute everything now (normally lazy, at the next paint)."""
        self._stale |= {"edges", "sample", "thumbs"}
        self._ensure()
        self.item.update()

    def render_time_ms(self):
        """Time of the last paint of the network item, including recomputation."""
        return self._paint_ms

    def recomputed(self):
        """How often each cache was rebuilt so far: {"layout", "edges",
        "sample", "thumbs": count} (what an event cost, for tests and benches)."""
        return dict(self._counts)

    def fit(self):
        """Lay the network out for the current size and show all of it."""
        self._auto_fit = True
        self._relayout()

    def node_count(self):
        return self.item.layout.n_nodes

    def edge_count(self):
        return self.item.layout.n_edges

    def node_position(self, ref):
        """Centre of a neuron ("neuron", l, j) or bias marker ("bias", l, j), or the
        midpoint of an edge, in network coordinates."""
        lay = self.item.layout
        if not lay.valid(ref):
            raise KeyError(ref)
        return QPointF(*lay.position(ref, self._square_mask()))

    def node_positions(self):
        """{("neuron", l, j): (x, y)} for every node."""
        lay = self.item.layout
        return {lay.node_ref(k): (float(lay.node_x[k]), float(lay.node_y[k]))
                for k in range(lay.n_nodes)}

    def edges(self):
        """Every connection as ("edge", l, i, j), in drawing-array order."""
        lay = self.item.layout
        return [lay.edge_ref(e) for e in range(lay.n_edges)]

    def drawn_edges(self):
        """What the last update draws: a list of (ref, value, (r, g, b), width)
        for the connections shown (all of them unless the net is large)."""
        fr = self._ensure()
        lay, pens = self.item.layout, self.item.pens()
        out = []
        for pos, e in enumerate(fr["order"]):
            pen = pens[fr["bucket_sorted"][pos]]
            c = pen.color()
            out.append((lay.edge_ref(e), float(fr["values"][e]),
                        (c.red(), c.green(), c.blue()), pen.widthF()))
        return out

    def thumbnails_shown(self):
        """True if the last paint drew neuron thumbnails."""
        return self._showing_thumbs

    def thumbnail_kind(self):
        """"image" (maps over the 2-D input plane), "curve" (1-D inputs),
        "weights" (image inputs: each first-layer neuron's weights as an
        image) or None (more inputs: circles coloured by the selected sample)."""
        ds = self._session.dataset
        if self._image_shape() is not None:
            return "weights"
        if ds.n_inputs == 2:
            return "image"
        if ds.n_inputs == 1:
            return "curve"
        return None     # e.g. iris: a 2-D slice through 4-D inputs would mislead

    def _image_shape(self):
        """(rows, cols) when the inputs are an image's pixels, else None."""
        s = self._session
        shape = s.dataset.image_shape
        if shape is None or s.uses_features or s.net.sizes[0] != shape[0] * shape[1]:
            return None
        return shape

    def ref_at(self, pos):
        """The element under ``pos`` (network coordinates), or None. Bias
        markers win over neurons, neurons over edges."""
        fr = self._ensure()
        lay = self.item.layout
        if lay is None:
            return None
        x, y = (float(pos.x()), float(pos.y())) if hasattr(pos, "x") else map(float, pos)
        scale = max(self.item.last_scale, 1e-6)
        idx = fr["order"]
        extra = [lay.edge_index(*r[1:]) for r in self._highlight
                 if r[0] == "edge" and lay.valid(r)]
        if extra:
            idx = np.concatenate([idx, extra]).astype(int)
        widths = np.array([p.widthF() for p in self.item.pens()])
        head = 2 * QtGui.QFontMetricsF(self.item.header_font).lineSpacing() + 10
        return _hit_test(lay, x, y, scale, HOVER_TOL_PX / scale, self._square_mask(), idx,
                         widths[fr["bucket_all"][idx]] / 2 / scale, head)

    def tooltip_at(self, pos):
        """Tooltip text for the element at ``pos`` (network coordinates), or ""."""
        ref = self.ref_at(pos)
        return self.tooltip_for(ref) if ref else ""

    def tooltip_for(self, ref):
        """Tooltip text for ("neuron", l, j), ("edge", l, i, j), ("bias", l, j)
        or ("layer", l), in the one naming of :mod:`core.names`."""
        fr = self._ensure()
        if not self.item.layout.valid(ref):
            return ""
        return text.tooltip(self._session, ref, self._session.gradients(),
                            fr["sample_A"], fr["sample_Z"])

    def click_at(self, pos):
        """What a left click at ``pos`` (network coordinates) does: select the
        element (or nothing) and emit ``elementClicked``. Returns the ref."""
        ref = self.ref_at(pos)
        self._session.select(ref)
        if ref is not None:
            self.elementClicked.emit(ref)
        return ref

    def hover_at(self, pos, screen_pos=None):
        """The mouse is at ``pos`` (network coordinates; None: it left): outline
        what is under it, and show its tooltip at ``screen_pos`` if given."""
        ref = self.ref_at(pos) if pos is not None else None
        if ref != self._hover:
            self._hover = ref
            self.item.update()
            if ref is None:
                QtWidgets.QToolTip.hideText()
        if ref is not None and screen_pos is not None:
            QtWidgets.QToolTip.showText(QtCore.QPoint(int(screen_pos.x()), int(screen_pos.y())),
                                        self.tooltip_for(ref), self.graphics)
        return ref

    def double_click_at(self, pos):
        ref = self.ref_at(pos)
        if ref is not None and ref[0] in ("edge", "bias"):
            self.begin_edit(ref, at=pos)

    # -- editing (the editor widget does the work) ---------------------------------
    def begin_edit(self, ref, at=None):
        """Open the inline editor for an edge's weight or a bias.
        ``at``: where (network coordinates); default next to the element."""
        if ref is None or ref[0] not in ("edge", "bias") or not self.item.layout.valid(ref):
            return False
        self._edit_ref = tuple(ref)
        p = self._session.net.params
        value = float(p[f"W{ref[1]}"][ref[2], ref[3]] if ref[0] == "edge"
                      else p[f"b{ref[1]}"][ref[2]])
        pos = at if at is not None else self.node_position(ref)
        self.editor.open_at(self.graphics.mapFromScene(self.item.mapToScene(pos)), value)
        self.status.clear()
        return True

    def commit_edit(self, text=None):
        """Apply the editor's text (or ``text``) to the element being edited.
        Returns True if the value was set; on bad input shows why, changes nothing."""
        if self._edit_ref is None:
            return False
        ok = self.set_value(self._edit_ref, self.editor.text() if text is None else text)
        if ok:
            self.cancel_edit()
        return ok

    def cancel_edit(self):
        self._edit_ref = None
        if self.editor.isVisible():
            self.editor.hide()

    def set_value(self, ref, text):
        """Set the weight ("edge", l, i, j) or bias ("bias", l, j) from text, as an
        undoable edit. Bad text: a message in the toolbar and a tooltip; False."""
        if ref[0] not in ("edge", "bias"):
            return False
        try:
            value = parse_number(text, what=tr("weight") if ref[0] == "edge" else tr("bias"))
            if ref[0] == "edge":
                self._session.set_param(f"W{ref[1]}", (ref[2], ref[3]), value)
            else:
                self._session.set_param(f"b{ref[1]}", (ref[2],), value)
        except NNVizError as err:
            self.status.setText(str(err))
            self.editor.show_error(str(err))
            return False
        self.status.clear()
        return True

    # -- session events: mark stale what each one changes ---------------------------
    def _on_network(self, ev=None):
        if not isValid(self):
            return
        self.cancel_edit()
        self.status.clear()         # an old edit's error means nothing now
        self._hover = None          # (highlighted refs that no longer exist are skipped)
        self._auto_fit = True
        self._feat_scale = None
        self._relayout()

    def _on_data(self, ev=None):
        if not isValid(self):
            return
        self._feat_scale = None     # inputs' colour scale, plane bounds, labels
        self.status.clear()
        self._stale |= {"sample", "thumbs"}
        if self._show_gradients:    # ∂L/∂θ is over the training set
            self._stale.add("edges")
        if self._auto_fit:
            self._relayout()        # label widths may have changed
        else:
            self.item.update()

    def _on_zoom(self):
        if isValid(self):
            # the toolbar's labels keep the font they were made with: give
            # them the zoomed one (≥ 14 px when presenting)
            font = QtWidgets.QApplication.font()
            for w in (self.caption, self.legend, self.status):
                w.setFont(font)
            self.item.apply_zoom()
            self._relayout()               # label widths changed

    def item_update(self):
        if isValid(self):
            self.item.update()

    def _on_params(self, ev=None):
        if isValid(self):
            self._stale |= {"edges", "sample", "thumbs"}
            self.item.update()

    def _on_selection(self, ev=None):
        if not isValid(self):
            return
        if ev is not None and "sample" in ev.info:
            self._stale.add("sample")
        self.item.update()

    def _on_settings(self, ev=None):
        # Only the settings that change ∂L/∂θ matter here (the learning rate
        # does not); the architecture and data come as their own events.
        changed = _changed(ev)
        if isValid(self) and self._show_gradients and (changed is None
                                                       or changed & GRADIENT_SETTINGS):
            self._stale.add("edges")
            self.item.update()

    def _on_training(self, ev=None):
        if isValid(self) and ev is not None and "playing" in ev.info:
            self.item.update()     # antialiasing follows the play state

    def _on_resized(self):
        if self._auto_fit:
            self._relayout()

    def _on_manual_range(self, *args):
        self._auto_fit = False

    # -- layout ----------------------------------------------------------------
    def _relayout(self):
        s = self._session
        w, h = self.viewbox.width(), self.viewbox.height()
        if w < 60 or h < 60:
            w, h = 520.0, 420.0
        fm = QtGui.QFontMetricsF(self.item.label_font)
        hf = QtGui.QFontMetricsF(self.item.header_font)
        left = max([fm.horizontalAdvance(t) for t in self._input_labels()] + [10]) + 16
        right = max([fm.horizontalAdvance(t) for t in text.output_labels(s)] + [10]) + 16
        top = 2 * hf.lineSpacing() + 12
        self._counts["layout"] += 1
        self.item.set_layout(Layout(list(s.net.sizes), w, h, left, right, top, 14.0,
                                    image_shape=self._image_shape()))
        self.viewbox.setRange(QRectF(0, 0, w, h), padding=0, disableAutoRange=True)
        self._frame = {}
        self.thumbs.clear()
        self._stale |= {"edges", "sample", "thumbs"}
        self.item.update()
        self._update_caption()

    def _update_caption(self):
        n = self.item.layout.n_edges
        shown = len(self._frame["order"]) if "order" in self._frame else min(n, MAX_EDGES)
        if n > MAX_EDGES or shown < n:
            cap = tr("showing the {k:,} strongest of {n:,} connections").format(k=shown, n=n)
        else:
            cap = tr("{n:,} connections").format(n=n)
        cap = " · ".join([self._health_note] * bool(self._health_note) + [cap] + self._hints)
        if cap != self.caption.text():
            self.caption.setText(cap)

    # -- what the item asks for while painting --------------------------------------
    def _input_labels(self):
        if self._image_shape() is not None:
            return []           # the pixels are one image: its header names it
        return text.input_labels(self._session)

    def _output_labels(self):
        return text.output_labels(self._session)

    def _header_text(self, c, compact):
        shape = self._image_shape()
        if c == 0 and shape is not None:
            return (tr("In") if compact else tr("Input")) + "\n" + tr("{r}×{c} image").format(
                r=shape[0], c=shape[1])
        return text.header_text(self._session.net, c, compact)

    def _antialias_now(self):
        if self._antialias is not None:
            return bool(self._antialias)
        return not self._session.playing and len(self._frame.get("order", ())) <= 1500

    def _thumb_kind(self):
        return self.thumbnail_kind()

    def _hover_at(self, pos, screen_pos):
        self.hover_at(pos, screen_pos)

    def _double_click_at(self, pos):
        self.double_click_at(pos)

    def _square_mask(self, scale=None):
        """Which nodes are drawn as thumbnails (squares) at this zoom."""
        lay = self.item.layout
        scale = self.item.last_scale if scale is None else scale
        kind = self.thumbnail_kind()
        if kind is None:
            return np.zeros(lay.n_nodes, bool)
        if kind == "weights":       # the pixels are squares; layer 1 shows its weights
            return (lay.node_layer == 0) | ((lay.node_layer == 1)
                                            & (2 * lay.node_R * scale >= WEIGHTS_MIN_PX))
        return 2 * lay.node_R * scale >= THUMB_MIN_PX

    def _after_paint(self, square, all_biases, ms):
        self._paint_ms = ms
        self._showing_thumbs = bool(square.any())
        hints = []
        if self.thumbnail_kind() == "weights":
            lay = self.item.layout
            hints.append(tr("the {n} pixel inputs drawn as one image; each hidden-1 neuron "
                            "shows its {n} incoming weights as an image").format(n=lay.sizes[0]))
            if not square[lay.node_layer == 1].all():
                hints.append(tr("zoom in for the weight images"))
        elif self.thumbnail_kind() is None:
            hints.append(tr("colour: activation for sample {k}")
                         .format(k=names.sample_name(self._session.sample_index)))
        elif not square.all() or not all_biases:
            hints.append(tr("zoom in for neuron maps and biases"))
        self._hints = hints
        self._update_caption()

    def _ensure(self):
        """Recompute what is stale (edge buckets, sample colours) and return
        the frame the item draws."""
        s = self._session
        lay = self.item.layout
        if lay is None or list(s.net.sizes) != lay.sizes:
            self._relayout()
            lay = self.item.layout
        if not self._stale & {"edges", "sample"} and self._frame:
            return self._frame
        fr = self._frame
        if "edges" in self._stale or "order" not in fr:
            self._counts["edges"] += 1
            n_layers = len(s.net.layers)
            src = s.gradients() if self._show_gradients else s.net.params
            values, biases = flat_params(src, n_layers)
            fan = FAN_PER_UNIT * lay.sizes[1] if lay.image_box is not None else None
            fr.update(bucket_edges(values, lay.edge_slices(), fan=fan))
            fr["values"] = values
            fr["segs"] = np.ascontiguousarray(lay.segs[fr["order"]])
            fr["bias_rgb"] = bias_colors(biases, fr["scale"])
            self._stale.discard("edges")
            self._update_caption()
        if "sample" in self._stale or "node_rgb" not in fr:
            self._counts["sample"] += 1
            with np.errstate(all="ignore"):
                cache = s.forward_sample()
            A = [np.nan_to_num(np.asarray(a, float)[0].copy()) for a in cache.A]
            Z = [np.nan_to_num(np.asarray(z, float)[0].copy()) for z in cache.Z]
            if self._feat_scale is None:
                self._feat_scale = np.abs(s.features()).max(axis=0)
                if self._image_shape() is not None:     # one scale: the picture stays
                    self._feat_scale[:] = self._feat_scale.max()
            acts = [ls.activation for ls in s.net.layers]
            fr.update(sample_A=A, sample_Z=Z, node_rgb=node_colors(A, acts, self._feat_scale))
            self._stale.discard("sample")
        return fr

    def _ensure_thumbs(self, columns=None):
        """Neuron maps for the layers in ``columns`` (default all): only those
        drawn as thumbnails at this zoom are coloured."""
        lay = self.item.layout
        columns = set(range(len(lay.sizes))) if columns is None else set(columns)
        if self.thumbs.ensure(self._session, lay, self.thumbnail_kind(), columns,
                              "thumbs" in self._stale):
            self._stale.discard("thumbs")
            self._counts["thumbs"] = self.thumbs.count
        elif not self._thumb_timer.isActive():
            # come back when the maps are due — not on the next frame, which
            # would paint the whole view twice per frame
            self._thumb_timer.start(max(1, int(1000 * self.thumbs.wait)))

    def closeEvent(self, ev):
        self.cancel_edit()
        super().closeEvent(ev)


__all__ = ["NetworkView", "NetworkItem", "MAX_EDGES"]
