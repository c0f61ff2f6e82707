"""What the network view draws, as pure functions of arrays (no Qt widgets).

Everything here takes NumPy arrays and plain numbers and returns arrays, so it
is tested headlessly with real values (``tests/gui/test_network_layout.py``):

* :class:`Layout` — node and edge positions for layer sizes in a box;
* :func:`thin_edges` — the strongest edges of every layer pair of a big net;
* :func:`bucket_edges` — edges sorted into 16 colour/width buckets, the order
  :meth:`nnviz.views.network_item.NetworkItem.paint` draws them in with one
  ``drawLines`` call per bucket (DESIGN.md, "Drawing fast with pyqtgraph");
* :func:`bias_colors`, :func:`node_colors`, :func:`colorize` — colours;
* :func:`hit_test` — which element is under a point;
* :func:`neuron_curves`, :func:`image_atlas` — the neurons' thumbnails.

Refs name network elements like the session does: ``("neuron", l, j)``,
``("edge", l, i, j)`` (``W{l}[i, j]``), ``("bias", l, j)``, ``("layer", l)``.
"""
from __future__ import annotations

import numpy as np

from nnviz.theme import CLASS_COLORS, DIVERGING_LUT, NEUTRAL

MAX_EDGES = 3000        # above this many connections, draw only the strongest …
SHOWN_EDGES = 1500      # … about this many of them …
MIN_PER_PAIR = 64       # … but at least this many per layer pair
LEVELS = 8              # width/colour levels per sign → 16 edge buckets


class Layout:
    """Node and edge positions for layer sizes in a ``width × height`` box.

    Nodes are numbered layer by layer (inputs first); edges layer pair by
    layer pair in the order of ``W.ravel()`` (source-major), so the values of
    ``W{l}`` line up with ``edge_slice(l)`` directly. A column with few units
    (the inputs and output of a wide net) gets more room and bigger nodes, so
    its labels and maps stay readable.

    ``image_shape`` (rows, cols): the inputs are the pixels of an image (the
    digits). They are grouped as one image node, each input node a pixel of
    it (``image_box``), and the input→hidden edges fan out from the pixels."""

    def __init__(self, sizes, width, height, left=16.0, right=16.0, top=40.0, bottom=14.0,
                 image_shape=None):
        self.sizes = [int(n) for n in sizes]
        sizes = self.sizes
        self.width, self.height = float(width), float(height)
        self.top = top
        cols = len(sizes)
        avail_w = max(width - left - right, 40.0)
        avail_h = max(height - top - bottom, 40.0)
        image = (image_shape is not None and cols > 1
                 and int(image_shape[0]) * int(image_shape[1]) == sizes[0])
        self.image_shape = tuple(int(v) for v in image_shape) if image else None
        dy = min(avail_h / max(sizes[1:] if image else sizes), 110.0)
        gap = avail_w / max(cols - 1, 1)
        self.dy_min = dy
        col_dy = np.array([max(dy, min(avail_h / n, 40.0)) for n in sizes])
        self.col_R = np.maximum(1.5, np.minimum(np.minimum(0.4 * col_dy, 0.2 * gap), 30.0))
        if image:        # the image node: as big as fits, a quarter of the gap wide
            self.col_R[0] = float(np.clip(min(0.3 * avail_h, 0.25 * gap), 12.0, 110.0))
            # the first layer's weight images: as big as the spacing allows
            self.col_R[1] = max(self.col_R[1], min(0.47 * col_dy[1], 0.2 * gap, 30.0))
        r_first, r_last = self.col_R[0], self.col_R[-1]
        span = min(avail_w - r_first - r_last, 340.0 * (cols - 1))
        x_first = left + r_first + (avail_w - r_first - r_last - span) / 2
        self.col_x = np.array([x_first + (span * c / (cols - 1) if cols > 1 else span / 2)
                               for c in range(cols)])
        mid = top + avail_h / 2
        self.col_y = [mid + (np.arange(n) - (n - 1) / 2) * col_dy[c]
                      for c, n in enumerate(sizes)]
        self.node_x = np.concatenate([np.full(n, self.col_x[c]) for c, n in enumerate(sizes)])
        self.node_y = np.concatenate(self.col_y)
        self.node_R = np.concatenate([np.full(n, self.col_R[c]) for c, n in enumerate(sizes)])
        self.node_layer = np.concatenate([np.full(n, c) for c, n in enumerate(sizes)])
        self.node_unit = np.concatenate([np.arange(n) for n in sizes])
        self.node_start = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self.col_top = np.array([ys[0] - r for ys, r in zip(self.col_y, self.col_R)])
        self.nodes_top = float(self.col_top.min())
        self.col_bottom = np.array([ys[-1] + r for ys, r in zip(self.col_y, self.col_R)])
        self.image_box = None
        if image:
            self._place_pixels(mid)
        segs, el, ei, ej = [], [], [], []
        for layer in range(1, cols):
            n_in, n_out = sizes[layer - 1], sizes[layer]
            ii, jj = np.meshgrid(np.arange(n_in), np.arange(n_out), indexing="ij")
            ii, jj = ii.ravel(), jj.ravel()
            s = np.empty((ii.size, 4))
            s[:, 0] = self.col_x[layer - 1] + self.col_R[layer - 1]
            if layer == 1 and image:          # from each pixel (under the image)
                s[:, 0] = self.node_x[ii]
            s[:, 1] = self.col_y[layer - 1][ii]
            s[:, 2] = self.col_x[layer] - self.col_R[layer]
            s[:, 3] = self.col_y[layer][jj]
            segs.append(s)
            el.append(np.full(ii.size, layer))
            ei.append(ii)
            ej.append(jj)
        self.segs = np.ascontiguousarray(np.concatenate(segs)) if segs else np.zeros((0, 4))
        self.edge_layer = np.concatenate(el) if el else np.zeros(0, int)
        self.edge_i = np.concatenate(ei) if ei else np.zeros(0, int)
        self.edge_j = np.concatenate(ej) if ej else np.zeros(0, int)
        counts = [sizes[k - 1] * sizes[k] for k in range(1, cols)]
        self.edge_start = np.concatenate([[0], np.cumsum(counts)]).astype(int)

    def _place_pixels(self, mid):
        """Input nodes as the pixels of one image centred where the column is."""
        rows, cols = self.image_shape
        half = float(self.col_R[0])
        px = 2 * half / max(rows, cols)
        w, h = px * cols, px * rows
        x0, y0 = self.col_x[0] - w / 2, mid - h / 2
        r, c = np.divmod(np.arange(rows * cols), cols)
        n = rows * cols
        self.node_x[:n] = x0 + (c + 0.5) * px
        self.node_y[:n] = y0 + (r + 0.5) * px
        self.node_R[:n] = px / 2
        self.col_y[0] = self.node_y[:n].copy()
        self.col_top[0], self.col_bottom[0] = y0, y0 + h
        self.nodes_top = float(self.col_top.min())
        self.image_box = (float(x0), float(y0), float(w), float(h))

    @property
    def n_nodes(self):
        return int(self.node_start[-1])

    @property
    def n_edges(self):
        return int(self.edge_start[-1])

    def node_index(self, layer, unit):
        return int(self.node_start[layer] + unit)

    def edge_index(self, layer, i, j):
        return int(self.edge_start[layer - 1] + i * self.sizes[layer] + j)

    def edge_slices(self):
        """One slice of the edge arrays per layer pair (layers 1..)."""
        return [slice(int(self.edge_start[k]), int(self.edge_start[k + 1]))
                for k in range(len(self.sizes) - 1)]

    def edge_ref(self, e):
        return ("edge", int(self.edge_layer[e]), int(self.edge_i[e]), int(self.edge_j[e]))

    def node_ref(self, k):
        return ("neuron", int(self.node_layer[k]), int(self.node_unit[k]))

    def node_box(self, k, pad=0.0):
        """(x, y, w, h) of node k's square."""
        r = self.node_R[k] + pad
        return (float(self.node_x[k] - r), float(self.node_y[k] - r), float(2 * r), float(2 * r))

    def bias_half(self, scale):
        """Half-size of the bias markers (nodes 1..) at ``scale`` px per unit:
        about a third of the node, 2.5–7 px on screen."""
        k0 = self.node_start[1]
        return np.clip(0.3 * self.node_R[k0:] * scale, 2.5, 7.0) / scale

    def bias_centers(self, square):
        """(x, y) arrays of the bias markers of nodes 1.. (all but the inputs);
        ``square[k]``: node k is drawn as a square (else a circle: sit on its rim)."""
        k0 = self.node_start[1]
        R = self.node_R[k0:]
        off = np.where(square[k0:], 0.0, R * (1 - 0.7071))
        return self.node_x[k0:] - R + off, self.node_y[k0:] + R - off

    def position(self, ref, square):
        """Centre of a neuron or bias marker, or the midpoint of an edge."""
        if ref[0] == "edge":
            x0, y0, x1, y1 = self.segs[self.edge_index(*ref[1:])]
            return (x0 + x1) / 2, (y0 + y1) / 2
        k = self.node_index(ref[1], ref[2])
        if ref[0] == "bias":
            bx, by = self.bias_centers(square)
            k0 = self.node_start[1]
            return float(bx[k - k0]), float(by[k - k0])
        return float(self.node_x[k]), float(self.node_y[k])

    def valid(self, ref):
        """True if ``ref`` names an element of this layout."""
        try:
            kind, layer = ref[0], int(ref[1])
            last = len(self.sizes) - 1
            if kind == "neuron":
                return len(ref) == 3 and 0 <= layer <= last and 0 <= ref[2] < self.sizes[layer]
            if kind == "bias":
                return len(ref) == 3 and 1 <= layer <= last and 0 <= ref[2] < self.sizes[layer]
            if kind == "edge":
                return (len(ref) == 4 and 1 <= layer <= last
                        and 0 <= ref[2] < self.sizes[layer - 1] and 0 <= ref[3] < self.sizes[layer])
            if kind == "layer":
                return len(ref) == 2 and 0 <= layer <= last
        except (TypeError, ValueError, IndexError):
            return False
        return False


# -- edges -------------------------------------------------------------------------
def finite(a):
    return np.nan_to_num(np.asarray(a, float), nan=0.0, posinf=0.0, neginf=0.0)


def flat_params(params, n_layers):
    """(weights, biases): every ``W{l}`` then every ``b{l}`` raveled, in the
    layout's edge and node order (non-finite entries drawn as 0)."""
    w = [np.asarray(params[f"W{l}"], float).ravel() for l in range(1, n_layers + 1)]
    b = [np.asarray(params[f"b{l}"], float).ravel() for l in range(1, n_layers + 1)]
    return (finite(np.concatenate(w)) if w else np.zeros(0),
            finite(np.concatenate(b)) if b else np.zeros(0))


def thin_edges(absv, slices, max_edges=MAX_EDGES, shown=SHOWN_EDGES, min_per_pair=MIN_PER_PAIR):
    """Indices of the edges to draw: all of them up to ``max_edges``; beyond,
    the strongest ``|w|`` of every layer pair, ~``shown`` in all, each pair
    getting its share but at least ``min_per_pair``."""
    n = absv.size
    if n <= max_edges:
        return np.arange(n)
    keep = []
    for sl in slices:
        cnt = sl.stop - sl.start
        k = min(cnt, max(int(shown * cnt / n), min_per_pair))
        if k >= cnt:
            keep.append(np.arange(sl.start, sl.stop))
        else:
            keep.append(sl.start + np.argpartition(absv[sl], cnt - k)[cnt - k:])
    return np.concatenate(keep) if keep else np.zeros(0, int)


def edge_buckets(values):
    """(bucket of every edge, largest |value|): bucket ``level * 2 + (v ≥ 0)``
    with level 0..LEVELS−1 by |v| relative to the largest."""
    absv = np.abs(values)
    scale = float(absv.max()) if absv.size else 0.0
    mag = absv / scale if scale > 0 else np.zeros_like(absv)
    level = np.minimum((mag * LEVELS).astype(np.intp), LEVELS - 1)
    return level * 2 + (values >= 0), scale


def bucket_edges(values, slices, max_edges=MAX_EDGES, fan=None):
    """Everything the painter needs for the edges, as a dict:

    ``bucket_all`` (bucket of every edge), ``scale`` (largest |v|), ``order``
    (drawn edges sorted by bucket, weak first), ``bucket_sorted`` (their
    buckets), ``buckets`` ([(bucket, start, count)] runs of ``order``).
    ``fan``: draw only this many of the first layer pair's edges, the
    strongest (the fan out of an image input)."""
    bucket_all, scale = edge_buckets(values)
    chosen = thin_edges(np.abs(values), slices, max_edges)
    if fan is not None and slices:
        sl = slices[0]
        first = (chosen >= sl.start) & (chosen < sl.stop)
        keep = chosen[first]
        if keep.size > fan:
            keep = keep[np.argpartition(np.abs(values[keep]), keep.size - fan)[keep.size - fan:]]
        chosen = np.concatenate([keep, chosen[~first]])
    order = chosen[np.argsort(bucket_all[chosen], kind="stable")]
    bsorted = bucket_all[order]
    starts = np.searchsorted(bsorted, np.arange(2 * LEVELS + 1))
    buckets = [(b, int(starts[b]), int(starts[b + 1] - starts[b]))
               for b in range(2 * LEVELS) if starts[b + 1] > starts[b]]
    return {"bucket_all": bucket_all, "scale": scale, "order": order,
            "bucket_sorted": bsorted, "buckets": buckets}


# -- colours -------------------------------------------------------------------------
def lut_index(t):
    """[−1, 1] → 0..255 (NaN → the middle)."""
    idx = (np.nan_to_num(t, nan=0.0) + 1.0) * 127.5 + 0.5
    return np.clip(idx, 0, 255).astype(np.intp)


def signed_unit(act, A, axis):
    """Map activations to [−1, 1] for the diverging map: tanh as is, sigmoid
    and softmax 0..1 → −1..1, anything unbounded by its largest |a| over
    ``axis`` (per neuron for a map, per layer for one sample)."""
    if act == "tanh":
        return A
    if act in ("sigmoid", "softmax", "step"):
        return 2.0 * A - 1.0
    m = np.abs(A).max(axis=axis, keepdims=True)
    return A / np.where(m > 0, m, 1.0)


def softmax_luts(k):
    """(k, 256, 4): white → class colour, for softmax outputs."""
    t = np.linspace(0.0, 1.0, 256)[None, :, None]
    cols = np.array([CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(k)], float)[:, None, :]
    mid = np.array(NEUTRAL, float)
    rgb = mid + (cols - mid) * t
    a = np.full(rgb.shape[:2] + (1,), 255.0)
    return np.concatenate([rgb, a], -1).astype(np.ubyte)


def colorize(act, A, axis):
    """RGBA uint8 for activations A (…, units)."""
    if act == "softmax":
        luts = softmax_luts(A.shape[-1])
        idx = np.clip(np.nan_to_num(A) * 255 + 0.5, 0, 255).astype(np.intp)
        return luts[np.arange(A.shape[-1]), idx]
    return DIVERGING_LUT[lut_index(signed_unit(act, A, axis))]


def bias_colors(biases, weight_scale):
    """RGB (n, 3) of the bias markers: on their own scale (biases are often
    much smaller than weights), but not blown up beyond 20× the weights'."""
    bscale = max(float(np.abs(biases).max()) if biases.size else 0.0, 0.05 * weight_scale)
    t = biases / bscale if bscale > 0 else biases * 0
    return DIVERGING_LUT[lut_index(t)][:, :3]


def node_colors(A, activations, feature_scale):
    """RGB (n_nodes, 3) for one sample: ``A`` = [inputs, layer 1, …] activations,
    ``activations`` the layers' names, inputs scaled by ``feature_scale``."""
    fs = np.asarray(feature_scale, float)
    rgb = [DIVERGING_LUT[lut_index(A[0] / np.where(fs > 0, fs, 1.0))]]
    for a, act in zip(A[1:], activations):
        rgb.append(colorize(act, np.asarray(a)[None, :], axis=-1)[0])
    return np.concatenate(rgb)[:, :3]


# -- thumbnails ----------------------------------------------------------------------------
def image_atlas(layout, maps, activations, columns):
    """(n_nodes·res, res, 4) uint8: every node's map stacked vertically, rows
    flipped so +y is up. ``maps[c]`` is (res, res, units) for column c (inputs
    first); only ``columns`` are coloured, the rest stay transparent."""
    res = maps[0].shape[0]
    arr = np.zeros((layout.n_nodes, res, res, 4), np.ubyte)
    for c, A in enumerate(maps):
        if c not in columns:
            continue
        act = "identity" if c == 0 else activations[c - 1]
        rgba = colorize(act, A, axis=(0, 1))
        arr[layout.node_start[c]:layout.node_start[c + 1]] = \
            np.transpose(rgba, (2, 0, 1, 3))[:, ::-1]
    return np.ascontiguousarray(arr.reshape(-1, res, 4))


def weight_images(W, shape) -> np.ndarray:
    """(units, rows, cols): column j of ``W`` (fan_in = rows·cols, units), the
    weights into unit j, as the image of the pixels they multiply."""
    W = finite(W)
    return np.ascontiguousarray(W.T.reshape(W.shape[1], *shape))


def weight_atlas(layout, W1, shape) -> tuple:
    """((n_nodes·rows, cols, 4) uint8, (units, rows, cols) weights): the first
    layer's units as images of their incoming weights, each on its own scale
    (±max |w| of that unit: orange < 0 < blue); every other tile transparent."""
    imgs = weight_images(W1, shape)
    rows, cols = shape
    arr = np.zeros((layout.n_nodes, rows, cols, 4), np.ubyte)
    m = np.abs(imgs).max(axis=(1, 2), keepdims=True)
    t = imgs / np.where(m > 0, m, 1.0)
    arr[layout.node_start[1]:layout.node_start[2]] = DIVERGING_LUT[lut_index(t)]
    return np.ascontiguousarray(arr.reshape(-1, cols, 4)), imgs


def neuron_curves(A, activations):
    """(n_nodes, n_points) in [−1, 1]: each neuron's output along a 1-D input.
    ``A`` = [features (n_points, n_in), layer 1 (n_points, units), …]."""
    rows = [signed_unit("identity", np.asarray(A[0], float), axis=0).T]
    for a, act in zip(A[1:], activations):
        rows.append(signed_unit(act, np.nan_to_num(np.asarray(a, float)), axis=0).T)
    return np.clip(np.concatenate(rows), -1, 1)


# -- hit testing ---------------------------------------------------------------------------
def nearest_segment(segs, x, y, slack=None):
    """(row, distance) of the segment of ``segs`` (n, 4) nearest (x, y);
    ``slack`` (n,) is subtracted from the distances (wider edges win)."""
    ax, ay = segs[:, 0], segs[:, 1]
    dx, dy = segs[:, 2] - ax, segs[:, 3] - ay
    L2 = dx * dx + dy * dy
    t = np.clip(((x - ax) * dx + (y - ay) * dy) / np.where(L2 > 0, L2, 1), 0, 1)
    dist = np.hypot(ax + t * dx - x, ay + t * dy - y)
    if slack is not None:
        dist = dist - slack
    m = int(np.argmin(dist))
    return m, float(dist[m])


def hit_test(lay, x, y, scale, tol, square, edges, edge_slack, header_px):
    """The element at (x, y) in layout coordinates, or None. Bias markers win
    over neurons, neurons over column headers, headers over edges.

    ``scale`` px per unit, ``tol`` tolerance (units), ``square`` which nodes
    are thumbnails, ``edges`` the indices of drawn edges with ``edge_slack``
    (half their width in units), ``header_px`` the height of the headers."""
    k0 = lay.node_start[1]
    if lay.n_nodes > k0:
        bx, by = lay.bias_centers(square)
        h = lay.bias_half(scale) + 0.5 * tol
        hit = np.flatnonzero((np.abs(bx - x) <= h) & (np.abs(by - y) <= h)
                             & (lay.node_R[k0:] * scale >= 4))
        if hit.size:
            k = k0 + hit[np.argmin(np.hypot(bx[hit] - x, by[hit] - y))]
            return ("bias", int(lay.node_layer[k]), int(lay.node_unit[k]))
    d = np.maximum(np.abs(lay.node_x - x), np.abs(lay.node_y - y)) - lay.node_R
    k = int(np.argmin(d))
    if d[k] <= 0.5 * tol:
        return lay.node_ref(k)
    head = header_px / scale
    if lay.nodes_top - head <= y < lay.nodes_top:
        c = int(np.argmin(np.abs(lay.col_x - x)))
        gap = (lay.col_x[1] - lay.col_x[0]) if len(lay.col_x) > 1 else 100.0
        if abs(lay.col_x[c] - x) <= max(gap / 2, 30 / scale):
            return ("layer", c)
    if len(edges):
        m, dist = nearest_segment(lay.segs[edges], x, y, edge_slack)
        if dist <= tol:
            return lay.edge_ref(int(edges[m]))
    return None


__all__ = ["LEVELS", "Layout", "MAX_EDGES", "MIN_PER_PAIR", "SHOWN_EDGES", "bias_colors",
           "bucket_edges", "colorize", "edge_buckets", "flat_params", "hit_test",
           "image_atlas", "lut_index", "nearest_segment", "neuron_curves", "node_colors",
           "signed_unit", "thin_edges", "weight_atlas", "weight_images"]
