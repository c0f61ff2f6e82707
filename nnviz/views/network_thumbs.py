"""The neurons' thumbnails in the network view: maps over the 2-D input plane
(one QImage atlas, one row of tiles per node), curves along a 1-D input, or —
for image inputs (the digits) — each first-layer neuron's incoming weights as
an image (``weights``: the same atlas, one rows×cols tile per node).

The arrays come from :mod:`.network_layout` (pure functions); the forward
passes from the session (``grid_outputs``; for 1-D inputs
``Session.curve_outputs``).
"""
from __future__ import annotations

import time

import numpy as np
from PySide6 import QtGui

from core.errors import NNVizError

from .network_layout import image_atlas, neuron_curves, weight_atlas

PLAYING_INTERVAL = 0.08   # seconds between neuron-map refreshes while playing
RES_SMALL = 32            # thumbnail grid for nets with ≤ 64 neurons
RES_LARGE = 24
CURVE_RES = 64


class Thumbnails:
    """``image`` ((QImage atlas, res) or None) or ``curves`` ((n_nodes, n) in
    [−1, 1] or None) for the layout's columns in ``columns``."""

    def __init__(self):
        self.image = None
        self.curves = None
        self.weights = None        # (units, rows, cols) first-layer weights drawn
        self._array = None         # the QImage shares its memory
        self.columns = set()
        self.time = 0.0
        self.wait = 0.0            # seconds until a throttled refresh is due
        self.count = 0

    def clear(self):
        self.image = self.curves = self._array = self.weights = None

    @property
    def fresh(self):
        return self.image is not None or self.curves is not None

    def ensure(self, session, lay, kind, columns, stale):
        """Make the thumbnails of ``columns`` if ``stale`` or missing. While
        training plays they refresh ~12 times a second (they change smoothly;
        the edges carry the motion): returns False when it came too soon."""
        if not stale and columns <= self.columns and self.fresh:
            return True
        now = time.perf_counter()
        if self.fresh and columns <= self.columns and session.playing \
                and now - self.time < PLAYING_INTERVAL:
            self.wait = PLAYING_INTERVAL - (now - self.time)
            return False
        self.time = now
        self.clear()
        self.count += 1
        try:
            self._make(session, lay, kind, columns)
            self.columns = set(columns)
        except NNVizError:          # e.g. the plane needs 2-D inputs: draw circles
            self.clear()
            self.columns = set()
        return True

    def _make(self, s, lay, kind, columns):
        acts = [ls.activation for ls in s.net.layers]
        if kind == "image":
            res = RES_SMALL if lay.n_nodes <= 64 else RES_LARGE
            _, _, outs = s.grid_outputs(res)
            _, _, P = s.grid(res)
            F = np.nan_to_num(np.asarray(s.features(P), np.float32).reshape(res, res, -1))
            arr = image_atlas(lay, [F] + list(outs), acts, columns)
            # converted once to the raster engine's native format: drawing an
            # RGBA8888 image converts it again on every paint (~3 ms a frame)
            img = QtGui.QImage(arr.data, res, arr.shape[0], res * 4,
                               QtGui.QImage.Format_RGBA8888)
            self._array = None
            self.image = (img.convertToFormat(QtGui.QImage.Format_ARGB32_Premultiplied), res)
        elif kind == "weights":
            rows, cols = lay.image_shape
            arr, self.weights = weight_atlas(lay, s.net.params["W1"], (rows, cols))
            img = QtGui.QImage(arr.data, cols, arr.shape[0], cols * 4,
                               QtGui.QImage.Format_RGBA8888)
            self.image = (img.convertToFormat(QtGui.QImage.Format_ARGB32_Premultiplied),
                          (rows, cols))
        elif kind == "curve":
            self.curves = neuron_curves(_curve_activations(s, CURVE_RES), acts)


def _curve_activations(s, res):
    """[features, A1, …, AL] along the 1-D input range."""
    _, F, outs = s.curve_outputs(res)
    return [F] + list(outs)

__all__ = ["Thumbnails"]
