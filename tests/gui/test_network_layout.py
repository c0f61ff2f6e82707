"""The network view's pure functions, headless, with real values: positions
for known sizes, edge buckets, thinning to the strongest edges, hit tests."""
import numpy as np
import pytest

from nnviz.views.network_layout import (
    LEVELS,
    Layout,
    bias_colors,
    bucket_edges,
    edge_buckets,
    flat_params,
    hit_test,
    nearest_segment,
    neuron_curves,
    thin_edges,
)


def test_layout_positions_for_known_sizes():
    lay = Layout([2, 3, 1], 500, 400, left=20, right=20, top=40, bottom=10)
    assert lay.n_nodes == 6 and lay.n_edges == 2 * 3 + 3 * 1
    # columns left to right, evenly spaced, centred in the box
    assert np.all(np.diff(lay.col_x) > 0)
    assert lay.col_x[1] - lay.col_x[0] == pytest.approx(lay.col_x[2] - lay.col_x[1])
    # units of a column are centred vertically around the middle of the free height
    mid = 40 + (400 - 40 - 10) / 2
    for ys in lay.col_y:
        assert ys.mean() == pytest.approx(mid)
    assert lay.node_index(1, 2) == 4 and lay.node_ref(4) == ("neuron", 1, 2)
    # edges in W.ravel() order: W1[1, 2] is edge 1·3 + 2
    e = lay.edge_index(1, 1, 2)
    assert e == 5 and lay.edge_ref(e) == ("edge", 1, 1, 2)
    x0, y0, x1, y1 = lay.segs[e]
    assert y0 == lay.col_y[0][1] and y1 == lay.col_y[1][2]
    assert x0 == lay.col_x[0] + lay.col_R[0] and x1 == lay.col_x[1] - lay.col_R[1]
    assert [(s.start, s.stop) for s in lay.edge_slices()] == [(0, 6), (6, 9)]
    assert lay.valid(("edge", 2, 2, 0)) and not lay.valid(("edge", 2, 3, 0))
    assert not lay.valid(("bias", 0, 0)) and lay.valid(("layer", 2))


def test_edge_buckets_by_sign_and_strength():
    values = np.array([-4.0, -0.1, 0.0, 0.1, 2.0, 4.0])
    bucket, scale = edge_buckets(values)
    assert scale == 4.0
    level, positive = bucket // 2, bucket % 2
    assert list(positive) == [0, 0, 1, 1, 1, 1]          # 0 counts as positive
    assert level[0] == level[-1] == LEVELS - 1           # the strongest, both signs
    assert level[1] == level[2] == level[3] == 0 and level[4] == LEVELS // 2
    fr = bucket_edges(values, [slice(0, 6)])
    # drawn weak first: the order is sorted by bucket, the runs count every edge
    assert list(fr["bucket_sorted"]) == sorted(bucket)
    assert sum(count for _, _, count in fr["buckets"]) == 6
    counts = {b: c for b, _, c in fr["buckets"]}
    assert counts[2 * (LEVELS - 1)] == 1 and counts[2 * (LEVELS - 1) + 1] == 1
    assert counts[1] == 2                                 # 0 and 0.1: weak positive


def test_thinning_keeps_the_strongest_of_every_layer_pair():
    rng = np.random.default_rng(0)
    absv = rng.random(5000)
    slices = [slice(0, 4000), slice(4000, 5000)]
    absv[123] = 10.0                    # the strongest of pair 1
    absv[4999] = 9.0                    # … and of pair 2
    keep = thin_edges(absv, slices, max_edges=3000, shown=1500, min_per_pair=64)
    assert len(keep) == int(1500 * 4000 / 5000) + int(1500 * 1000 / 5000) == 1500
    assert 123 in keep and 4999 in keep
    first = keep[keep < 4000]
    assert absv[first].min() >= np.sort(absv[:4000])[-len(first)]     # exactly the top N
    # small pairs keep at least min_per_pair edges
    keep = thin_edges(absv, [slice(0, 4950), slice(4950, 5000)], 3000, 1500, 64)
    assert (keep >= 4950).sum() == 50
    assert len(thin_edges(absv[:100], [slice(0, 100)], max_edges=3000)) == 100


def test_flat_params_and_bias_colours():
    params = {"W1": np.array([[1.0, np.nan]]), "b1": np.array([0.5, -0.5]),
              "W2": np.array([[2.0], [np.inf]]), "b2": np.array([0.0])}
    w, b = flat_params(params, 2)
    assert list(w) == [1.0, 0.0, 2.0, 0.0] and list(b) == [0.5, -0.5, 0.0]
    rgb = bias_colors(b, 2.0)
    assert rgb.shape == (3, 3)
    assert rgb[0][2] > rgb[0][0] and rgb[1][0] > rgb[1][2]     # blue +, orange −


def test_hit_test_finds_bias_neuron_header_and_edge():
    lay = Layout([2, 3, 1], 500, 400, left=20, right=20, top=40, bottom=10)
    square = np.zeros(lay.n_nodes, bool)
    edges = np.arange(lay.n_edges)
    slack = np.zeros(lay.n_edges)

    def at(x, y):
        return hit_test(lay, x, y, 1.0, 5.0, square, edges, slack, header_px=30)

    assert at(*lay.position(("neuron", 1, 1), square)) == ("neuron", 1, 1)
    assert at(*lay.position(("bias", 2, 0), square)) == ("bias", 2, 0)
    assert at(*lay.position(("edge", 2, 2, 0), square)) == ("edge", 2, 2, 0)
    assert at(lay.col_x[1], lay.nodes_top - 10) == ("layer", 1)
    assert at(-400, -400) is None
    m, d = nearest_segment(np.array([[0, 0, 10, 0], [0, 5, 10, 5.0]]), 5, 4)
    assert m == 1 and d == pytest.approx(1.0)


def test_neuron_curves_scale_to_unit_range():
    x = np.linspace(-2, 2, 5)[:, None]
    A = [x, np.tanh(x), 3 * x]
    c = neuron_curves(A, ["tanh", "relu"])
    assert c.shape == (3, 5)
    assert np.allclose(c[1], np.tanh(x[:, 0])) and np.allclose(c[2], x[:, 0] / 2)
    assert c.min() >= -1 and c.max() <= 1
