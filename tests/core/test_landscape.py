"""Loss surfaces (core.landscape): exactness, batching, directions, PCA; descent on a
plane (core.lr_lab.descend_2d)."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import DataError, Network, ShapeError, SpecError
from core import landscape as ls
from core.lr_lab import descend_2d

ROOT = Path(__file__).resolve().parents[2]
LINE = [{"input_dim": 1, "output_dim": 1, "activation": "identity"}]


# -- fixtures ---------------------------------------------------------------
def line_data(n=40, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 3.0, n)
    y = 2.5 * x - 1.0 + 0.3 * rng.standard_normal(n)
    return x[:, None], y[:, None]


def line_loss(w, b, X, Y):
    """The closed form 1/(2n)·Σ(w·x + b − y)², on grids of w and b."""
    x, y = X[:, 0], Y[:, 0]
    r = w[..., None] * x + b[..., None] - y
    return 0.5 * np.mean(r * r, axis=-1)


def train(net, X, Y, steps=150, lr=0.5, loss=None, keep_every=0):
    """Plain full-batch gradient descent with the engine; optional snapshots."""
    path = [net.get_flat()] if keep_every else None
    for k in range(1, steps + 1):
        _, g = net.flat_loss_and_gradient(X, Y, loss)
        net.theta -= lr * g
        if keep_every and k % keep_every == 0:
            path.append(net.get_flat())
    return np.array(path) if keep_every else None


def xor_data(n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    Y = (X[:, 0] * X[:, 1] > 0).astype(float)[:, None]
    return X, Y


def loop_losses(net, res, X, Y, loss=None, l1=0.0, l2=0.0):
    """The reference: a plain loop of set_flat + net.loss over every cell."""
    work = net.copy()
    out = np.empty(res.loss.shape)
    for j, bv in enumerate(res.b):
        for i, av in enumerate(res.a):
            work.set_flat(res.theta_at(av, bv))
            out[j, i] = work.loss(X, Y, loss, l1=l1, l2=l2)
    return out


# -- the line fit: the whole landscape, exact --------------------------------
def test_line_fit_grid_equals_closed_form_float64_and_float32():
    X, Y = line_data()
    net = Network(LINE, seed=0)
    box = ((0.0, 5.0), (-3.0, 1.0))
    for dtype, rtol in ((np.float64, 1e-12), (np.float32, 2e-5)):
        res = ls.slice(net, X, Y, directions=("W1[0,0]", "b1[0]"), grid=(41, 31),
                       span=box, dtype=dtype)
        assert res.mode == "params" and res.names == ("W1[0,0]", "b1[0]")
        assert res.loss.shape == (31, 41)            # rows follow b, columns a
        assert res.a[0] == 0.0 and res.a[-1] == 5.0 and res.b[0] == -3.0
        assert res.complete and res.done == 31 * 41
        W, B = np.meshgrid(res.a, res.b)             # W[j, i] = a[i], B[j, i] = b[j]
        np.testing.assert_allclose(res.loss, line_loss(W, B, X, Y), rtol=rtol)


def test_line_fit_minimum_sits_at_least_squares():
    X, Y = line_data()
    net = Network(LINE, seed=0)
    A = np.hstack([X, np.ones_like(X)])
    (w_star, b_star), *_ = np.linalg.lstsq(A, Y[:, 0], rcond=None)
    res = ls.slice(net, X, Y, directions=("W1[0,0]", "b1[0]"), grid=101,
                   span=((0.0, 5.0), (-3.0, 1.0)))
    a_min, b_min = res.argmin()
    da = res.a[1] - res.a[0]
    db = res.b[1] - res.b[0]
    assert abs(a_min - w_star) <= da / 2 + 1e-12
    assert abs(b_min - b_star) <= db / 2 + 1e-12
    assert res.finite_min == pytest.approx(line_loss(np.array(a_min), np.array(b_min), X, Y))


def test_params_axes_are_absolute_values_and_default_span():
    X, Y = line_data()
    net = Network(LINE, seed=0)
    net.params["W1"][0, 0] = 0.25
    net.params["b1"][0] = -3.0
    res = ls.slice(net, X, Y, grid=11)                 # default names W1[0,0], b1[0]
    assert res.origin == (0.25, -3.0)
    assert res.a[0] == pytest.approx(0.25 - 1.0) and res.a[-1] == pytest.approx(1.25)
    assert res.b[0] == pytest.approx(-3.0 - 6.0) and res.b[-1] == pytest.approx(3.0)
    assert res.a[5] == pytest.approx(0.25) and res.b[5] == pytest.approx(-3.0)
    # project gives the two parameters' values; theta_at puts them back
    theta = res.theta_at(0.7, 0.1)
    assert theta[res.indices[0]] == 0.7 and theta[res.indices[1]] == 0.1
    np.testing.assert_array_equal(res.project(theta), [0.7, 0.1])
    np.testing.assert_array_equal(res.project(np.stack([theta, net.theta])),
                                  [[0.7, 0.1], [0.25, -3.0]])
    # a symmetric span around the centre, per axis
    res = ls.slice(net, X, Y, grid=5, span=(0.5, 2.0))
    np.testing.assert_allclose([res.a[0], res.a[-1], res.b[0], res.b[-1]],
                               [-0.25, 0.75, -5.0, -1.0])


def test_grid_may_be_a_pair_and_rect_covers_cells():
    X, Y = line_data()
    res = ls.slice(Network(LINE, seed=0), X, Y, grid=(3, 5), span=((0, 2), (0, 4)))
    assert res.loss.shape == (5, 3) and res.a.shape == (3,) and res.b.shape == (5,)
    assert res.rect() == pytest.approx((-0.5, -0.5, 3.0, 5.0))


# -- batched evaluation equals a plain loop ----------------------------------
def test_batched_equals_loop_tanh_sigmoid_bce_random_directions():
    X, Y = xor_data()
    net = Network.from_sizes([2, 16, 16, 1], "tanh", "sigmoid", seed=3, init="xavier")
    train(net, X, Y, steps=200, lr=1.0)
    res = ls.slice(net, X, Y, directions="random", grid=9, span=1.5, chunk=7)
    ref = loop_losses(net, res, X, Y)
    assert ref.max() / ref.min() > 1.5                 # not a flat, trivial slice
    np.testing.assert_allclose(res.loss, ref, rtol=2e-5)
    res64 = ls.slice(net, X, Y, directions="random", grid=9, span=1.5, dtype=np.float64)
    np.testing.assert_allclose(res64.loss, ref, rtol=1e-11)


def test_batched_equals_loop_with_penalties():
    X, Y = xor_data()
    net = Network.from_sizes([2, 16, 16, 1], "sigmoid", "sigmoid", seed=4, init="xavier")
    for directions in ("random", ("W2[3,1]", "b1[0]")):
        res = ls.slice(net, X, Y, directions=directions, grid=7, l1=0.01, l2=0.05,
                       dtype=np.float64)
        ref = loop_losses(net, res, X, Y, l1=0.01, l2=0.05)
        np.testing.assert_allclose(res.loss, ref, rtol=1e-11)


def test_batched_equals_loop_softmax_cross_entropy():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((90, 4))
    labels = np.argmax(X[:, :3] + 0.3 * rng.standard_normal((90, 3)), axis=1)
    Y = np.eye(3)[labels]
    spec = [{"input_dim": 4, "output_dim": 8, "activation": "tanh"},
            {"input_dim": 8, "output_dim": 6, "activation": "relu"},
            {"input_dim": 6, "output_dim": 3, "activation": "softmax"}]
    net = Network(spec, seed=1, init="he")
    train(net, X, Y, steps=100, lr=0.5)
    for directions in ("random", ("W3[2,1]", "W1[0,5]"), ("b3[0]", "b3[2]")):
        res = ls.slice(net, X, Y, directions=directions, grid=8, span=2.0)
        ref = loop_losses(net, res, X, Y)
        np.testing.assert_allclose(res.loss, ref, rtol=2e-5)


def test_batched_equals_loop_relu_family():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((70, 3))
    Y = np.stack([np.sin(X[:, 0]) + X[:, 1], X[:, 2] ** 2], axis=1)
    spec = [{"input_dim": 3, "output_dim": 8, "activation": "prelu"},
            {"input_dim": 8, "output_dim": 8, "activation": "relu"},
            {"input_dim": 8, "output_dim": 6, "activation": "leaky_relu", "slope": 0.2},
            {"input_dim": 6, "output_dim": 5, "activation": "rrelu"},
            {"input_dim": 5, "output_dim": 2, "activation": "identity"}]
    net = Network(spec, seed=2, init="he")
    net.params["a1"][...] = np.linspace(-0.5, 1.5, 8)    # slopes outside [0, 1] too
    for directions in ("random", ("a1[2]", "W1[1,2]"), ("W4[0,0]", "a1[7]"),
                       ("W3[1,1]", "b5[1]")):
        res = ls.slice(net, X, Y, directions=directions, grid=8, span=1.0, chunk=5)
        ref = loop_losses(net, res, X, Y)
        np.testing.assert_allclose(res.loss, ref, rtol=2e-5)


def test_batched_equals_loop_sigmoid_and_tanh_outputs_with_mse():
    X, Y = xor_data(60)
    for out in ("sigmoid", "tanh"):
        net = Network.from_sizes([2, 5, 1], "tanh", out, seed=7, init="xavier")
        res = ls.slice(net, X, Y, loss="mse", directions="random", grid=6, span=3.0)
        np.testing.assert_allclose(res.loss, loop_losses(net, res, X, Y, "mse"), rtol=2e-5)


def test_step_hidden_layer_float64():
    X, Y = xor_data(40)
    spec = [{"input_dim": 2, "output_dim": 4, "activation": "step"},
            {"input_dim": 4, "output_dim": 1, "activation": "identity"}]
    net = Network(spec, seed=3, init="uniform")
    res = ls.slice(net, X, Y, directions="random", grid=6, dtype=np.float64)
    np.testing.assert_allclose(res.loss, loop_losses(net, res, X, Y), rtol=1e-12)


def test_chunk_is_capped_by_memory(monkeypatch):
    X, Y = xor_data(50)
    net = Network.from_sizes([2, 6, 1], seed=0, init="xavier")
    ref = ls.slice(net, X, Y, directions="random", grid=6, dtype=np.float64)
    monkeypatch.setattr(ls, "CHUNK_MEMORY", 3 * (7 + 2) * 50 * 8)    # three points
    calls = []
    res = ls.slice(net, X, Y, directions="random", grid=6, dtype=np.float64,
                   progress=lambda f, r: calls.append(r.done))
    assert calls[:3] == [3, 6, 9] and len(calls) == 12
    np.testing.assert_allclose(res.loss, ref.loss, rtol=1e-13)


ACTS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu")


@settings(max_examples=25, deadline=None)
@given(hidden=st.lists(st.tuples(st.integers(1, 6), st.sampled_from(ACTS)), min_size=1,
                       max_size=3),
       head=st.sampled_from(["bce", "ce", "mse"]), seed=st.integers(0, 10_000),
       chunk=st.integers(1, 40))
def test_batched_equals_engine_for_any_architecture(hidden, head, seed, chunk):
    rng = np.random.default_rng(seed)
    n_in, n_out = 3, (1 if head == "bce" else 2)
    X = rng.standard_normal((25, n_in))
    if head == "ce":
        Y = np.eye(n_out)[rng.integers(0, n_out, 25)]
    elif head == "bce":
        Y = rng.integers(0, 2, (25, 1)).astype(float)
    else:
        Y = rng.standard_normal((25, n_out))
    dims = [n_in] + [h for h, _ in hidden] + [n_out]
    acts = [a for _, a in hidden] + [{"bce": "sigmoid", "ce": "softmax", "mse": "tanh"}[head]]
    spec = [{"input_dim": dims[i], "output_dim": dims[i + 1], "activation": a}
            for i, a in enumerate(acts)]
    net = Network(spec, seed=seed, init="he")
    names = [net.param_name(i) for i in rng.choice(net.parameter_count, 2, replace=False)]
    for directions in ("random", tuple(names)):
        res = ls.slice(net, X, Y, directions=directions, grid=(5, 4), span=2.0, chunk=chunk,
                       dtype=np.float64, l2=0.1)
        np.testing.assert_allclose(res.loss, loop_losses(net, res, X, Y, l2=0.1),
                                   rtol=1e-10)


def test_explicit_direction_vectors():
    X, Y = xor_data(50)
    net = Network.from_sizes([2, 4, 1], seed=8)
    rng = np.random.default_rng(0)
    v1, v2 = rng.standard_normal((2, net.parameter_count))
    res = ls.slice(net, X, Y, directions=(v1, v2), grid=5, span=0.5)
    assert res.mode == "vectors" and res.names is None
    np.testing.assert_allclose(res.loss, loop_losses(net, res, X, Y), rtol=2e-5)
    np.testing.assert_allclose(res.project(res.theta_at(0.3, -0.2)), [0.3, -0.2])


# -- random directions ---------------------------------------------------------
def test_random_directions_are_filter_normalised():
    net = Network.from_sizes([3, 7, 5, 2], "prelu", "sigmoid", seed=9, init="xavier")
    X = np.zeros((4, 3))
    Y = np.zeros((4, 2))
    res = ls.slice(net, X, Y, directions="random", grid=3, seed=11)
    assert res.mode == "random" and res.seed == 11
    assert not np.allclose(res.d1, res.d2)
    for d in (res.d1, res.d2):
        dv = net.unflatten(d)
        for key, W in net.params.items():
            if key.startswith("W"):
                np.testing.assert_allclose(np.linalg.norm(dv[key], axis=0),
                                           np.linalg.norm(W, axis=0), rtol=1e-12)
            else:                                        # biases and PReLU slopes
                assert not dv[key].any()
    # the default span is ±1 in these units
    assert (res.a[0], res.a[-1], res.b[0], res.b[-1]) == (-1.0, 1.0, -1.0, 1.0)


def test_zero_weights_still_give_a_plane():
    net = Network.from_sizes([2, 3, 1], seed=0, init="zeros")
    d1, d2 = ls.filter_normalized_directions(net, seed=0)
    for d in (d1, d2):
        W = net.unflatten(d)["W1"]
        np.testing.assert_allclose(np.linalg.norm(W, axis=0), 1.0)


def test_random_directions_are_seeded():
    X, Y = xor_data(50)
    net = Network.from_sizes([2, 6, 1], seed=1, init="xavier")
    r1 = ls.slice(net, X, Y, directions="random", grid=5, seed=3)
    r2 = ls.slice(net, X, Y, directions="random", grid=5, seed=3)
    r3 = ls.slice(net, X, Y, directions="random", grid=5, seed=4)
    np.testing.assert_array_equal(r1.d1, r2.d1)
    np.testing.assert_array_equal(r1.loss, r2.loss)
    assert not np.allclose(r1.d1, r3.d1)
    # the centre cell is the network itself
    assert r1.loss[2, 2] == pytest.approx(net.loss(X, Y), rel=1e-6)
    np.testing.assert_allclose(r1.project(r1.theta_at(0.4, -0.9)), [0.4, -0.9])


# -- PCA of a trajectory --------------------------------------------------------
def trained_path():
    X, Y = xor_data(80)
    net = Network.from_sizes([2, 6, 1], "tanh", "sigmoid", seed=2, init="xavier")
    path = train(net, X, Y, steps=300, lr=2.0, keep_every=5)
    return net, X, Y, path


def test_pca_path_reproduced_within_reported_variance():
    net, X, Y, path = trained_path()
    res = ls.slice(net, X, Y, directions="pca", path=path, grid=11)
    ev = res.explained_variance
    assert res.mode == "pca" and len(ev) == 2
    assert 1.0 >= ev[0] >= ev[1] >= 0.0 and ev[0] + ev[1] <= 1.0 + 1e-12
    np.testing.assert_array_equal(res.center, path[-1])          # the final point
    assert res.d1 @ res.d2 == pytest.approx(0.0, abs=1e-12)
    assert np.linalg.norm(res.d1) == pytest.approx(1.0)
    coords = res.project(path)
    np.testing.assert_allclose(coords, res.path_coords)
    recon = res.center + coords[:, :1] * res.d1 + coords[:, 1:] * res.d2
    err2 = np.sum((path - recon) ** 2)
    total = np.sum((path - res.center) ** 2)
    assert err2 / total == pytest.approx(1.0 - sum(ev), abs=1e-10)
    # the path starts on the negative side and ends at the centre
    assert coords[0, 0] <= 0 and coords[0, 1] <= 0
    np.testing.assert_allclose(coords[-1], 0.0, atol=1e-12)
    # the default box holds the whole path with a margin
    assert res.a[0] < coords[:, 0].min() and res.a[-1] > coords[:, 0].max()
    assert res.b[0] < coords[:, 1].min() and res.b[-1] > coords[:, 1].max()
    # and the surface is the real loss
    np.testing.assert_allclose(res.loss, loop_losses(net, res, X, Y), rtol=2e-5)


def test_pca_of_a_planar_and_a_straight_path():
    net = Network.from_sizes([2, 3, 1], seed=0)
    P = net.parameter_count
    rng = np.random.default_rng(1)
    u, v = np.linalg.qr(rng.standard_normal((P, 2)))[0].T
    c = rng.standard_normal(P)
    t = np.linspace(-1, 0, 30)[:, None]
    planar = c + 3 * t * u + np.sin(5 * t) * v
    d1, d2, ev = ls.pca_directions(planar, c)
    assert sum(ev) == pytest.approx(1.0)
    straight = c + t * u
    d1, d2, ev = ls.pca_directions(straight, c)
    assert ev == pytest.approx((1.0, 0.0))
    assert abs(d1 @ u) == pytest.approx(1.0) and d1 @ d2 == pytest.approx(0.0, abs=1e-12)
    X, Y = xor_data(10)
    with pytest.raises(DataError, match="never leaves"):
        ls.slice(net, X, Y, directions="pca", path=np.tile(c, (5, 1)), center=c)
    with pytest.raises(DataError, match="path"):
        ls.slice(net, X, Y, directions="pca")


# -- progress, cancel, generator -----------------------------------------------
def test_progress_is_called_with_partial_results():
    X, Y = line_data()
    calls = []

    def progress(frac, partial):
        calls.append((frac, partial.done, int(np.isnan(partial.loss).sum())))

    res = ls.slice(Network(LINE, seed=0), X, Y, grid=10, chunk=16, progress=progress)
    assert len(calls) == 7                               # ceil(100 / 16)
    fracs = [c[0] for c in calls]
    assert fracs == sorted(fracs) and fracs[-1] == 1.0
    assert [c[1] for c in calls] == [16, 32, 48, 64, 80, 96, 100]
    assert [c[2] for c in calls] == [84, 68, 52, 36, 20, 4, 0]
    assert res.complete and not np.isnan(res.loss).any()


def test_cancel_stops_early_with_nan_cells():
    X, Y = line_data()
    seen = []
    res = ls.slice(Network(LINE, seed=0), X, Y, grid=10, chunk=8,
                   progress=lambda f, r: seen.append(f), cancel=lambda: len(seen) >= 3)
    assert not res.complete and res.done == 24 and len(seen) == 3
    flat = res.loss.reshape(-1)
    assert np.isfinite(flat[:24]).all() and np.isnan(flat[24:]).all()
    shown = res.display_loss()
    assert shown.dtype == np.float32 and np.isfinite(shown).all()
    res = ls.slice(Network(LINE, seed=0), X, Y, grid=4, cancel=lambda: True)
    assert res.done == 0 and np.isnan(res.loss).all()
    assert np.isfinite(res.display_loss()).all()


def test_iter_slice_yields_per_chunk_and_honours_cancel():
    X, Y = line_data()
    net = Network(LINE, seed=0)
    items = list(ls.iter_slice(net, X, Y, grid=6, chunk=10))
    assert [round(f, 6) for f, _ in items] == [round(k / 36, 6) for k in (10, 20, 30, 36)]
    assert items[-1][1].complete and not items[0][1].complete
    full = ls.slice(net, X, Y, grid=6)
    np.testing.assert_array_equal(items[-1][1].loss, full.loss)
    state = {"n": 0}

    def cancel():
        state["n"] += 1
        return state["n"] > 2

    items = list(ls.iter_slice(net, X, Y, grid=6, chunk=10, cancel=cancel))
    assert not items[-1][1].complete and items[-1][1].done == 20
    with pytest.raises(SpecError):                       # checked on the call
        ls.iter_slice(net, X, Y, directions=("W1[0,0]", "nope"))


# -- results are safe to draw and to share ---------------------------------------
def test_overflow_kept_but_display_is_finite():
    X, Y = line_data()
    res = ls.slice(Network(LINE, seed=0), X, Y, grid=9, span=((-1e200, 1e200), (-1, 1)),
                   dtype=np.float64)                     # (w·x)² overflows float64
    assert not np.isfinite(res.loss).all() and np.isfinite(res.loss).any()
    assert not np.isnan(res.loss[np.isfinite(res.loss) == 0]).any()   # +inf, not NaN
    shown = res.display_loss()
    assert shown.dtype == np.float32 and shown.flags.c_contiguous
    assert np.isfinite(shown).all() and shown.max() == np.float32(res.finite_max)
    logged = res.display_loss(log=True)
    assert np.isfinite(logged).all()
    assert logged.max() == pytest.approx(np.log10(res.finite_max), rel=1e-6)


def test_display_log_of_an_exact_zero_loss():
    x = np.linspace(-1, 1, 9)[:, None]
    res = ls.slice(Network(LINE, seed=0), x, 2 * x + 1, grid=5, span=((0, 4), (-1, 3)),
                   dtype=np.float64)
    assert res.loss[2, 2] < 1e-30 and res.argmin() == (2.0, 1.0)
    zeroed = np.array(res.loss)
    zeroed[2, 2] = 0.0
    res = dataclasses.replace(res, loss=zeroed)
    logged = res.display_loss(log=True)
    assert np.isfinite(logged).all() and logged[2, 2] == logged.min()


def test_results_are_read_only_and_net_untouched():
    X, Y = xor_data(30)
    net = Network.from_sizes([2, 4, 1], seed=0)
    before = net.get_flat()
    res = ls.slice(net, X, Y, directions="random", grid=4)
    np.testing.assert_array_equal(net.theta, before)
    for arr in (res.loss, res.a, res.b, res.d1, res.d2, res.center):
        with pytest.raises(ValueError):
            arr[...] = 0
    with pytest.raises(AttributeError):
        res.mode = "pca"


# -- descent restricted to the plane ---------------------------------------------
@pytest.mark.parametrize("optimizer,lr,steps", [("sgd", 0.1, 800), ("momentum", 0.02, 600),
                                                ("nesterov", 0.02, 600), ("adam", 0.05, 2000),
                                                ("adagrad", 0.5, 3000),
                                                ("rmsprop", 0.003, 4000)])
def test_descend_2d_small_lr_converges_to_least_squares(optimizer, lr, steps):
    X, Y = line_data()
    net = Network(LINE, seed=0)
    before = net.get_flat()
    A = np.hstack([X, np.ones_like(X)])
    w_b, *_ = np.linalg.lstsq(A, Y[:, 0], rcond=None)
    path = descend_2d(net, X, Y, ("W1[0,0]", "b1[0]"), start=(-1.0, 3.0), lr=lr,
                         optimizer=optimizer, steps=steps)
    assert not path.diverged and path.steps == steps
    np.testing.assert_array_equal(path.points[0], [-1.0, 3.0])
    np.testing.assert_allclose(path.points[-1], w_b, atol=2e-3)
    assert path.losses[-1] < path.losses[0]
    assert path.losses[0] == pytest.approx(line_loss(np.array(-1.0), np.array(3.0), X, Y))
    np.testing.assert_array_equal(net.theta, before)
    if optimizer == "sgd":
        assert np.all(np.diff(path.losses) <= 1e-15)     # a small step only descends


def test_descend_2d_huge_lr_diverges_with_finite_points():
    X, Y = line_data()
    net = Network(LINE, seed=0)
    for blowup in (1e6, None):
        path = descend_2d(net, X, Y, ("W1[0,0]", "b1[0]"), start=(0.0, 0.0), lr=50.0,
                             steps=10_000, blowup=blowup)
        assert path.diverged and path.reason
        assert np.isfinite(path.points).all() and np.isfinite(path.losses).all()
        assert len(path.points) == len(path.losses) < 10_001
        if blowup is None:
            assert "overflow" in path.reason
        else:
            assert path.losses[-1] > 1e6 * max(1.0, path.losses[0])


def test_descend_2d_on_a_slice_plane_matches_its_coordinates():
    X, Y = xor_data(40)
    net = Network.from_sizes([2, 4, 1], seed=0, init="xavier")
    res = ls.slice(net, X, Y, directions="random", grid=5)
    path = descend_2d(net, X, Y, res, start=(0.5, 0.5), lr=0.5, steps=20)
    assert path.mode == "random" and not path.diverged
    thetas = path.thetas()
    np.testing.assert_allclose(res.project(thetas), path.points, atol=1e-12)
    work = net.copy()
    work.set_flat(thetas[-1])
    assert path.losses[-1] == pytest.approx(work.loss(X, Y))
    assert path.losses[-1] < path.losses[0]


# -- errors -------------------------------------------------------------------------
def test_bad_arguments_raise_clear_errors():
    X, Y = line_data()
    net = Network(LINE, seed=0)
    with pytest.raises(SpecError, match="W9"):
        ls.slice(net, X, Y, directions=("W9[0,0]", "b1[0]"))
    with pytest.raises(SpecError, match="out of range"):
        ls.slice(net, X, Y, directions=("W1[0,3]", "b1[0]"))
    with pytest.raises(SpecError, match="differ"):
        ls.slice(net, X, Y, directions=("W1[0,0]", "W1[0, 0]"))
    with pytest.raises(SpecError, match="unknown directions"):
        ls.slice(net, X, Y, directions="sideways")
    with pytest.raises(SpecError, match="grid"):
        ls.slice(net, X, Y, grid=1)
    with pytest.raises(SpecError, match="span"):
        ls.slice(net, X, Y, span=((1, 0), (0, 1)))
    with pytest.raises(SpecError, match="span"):
        ls.slice(net, X, Y, span=-1.0)
    with pytest.raises(ShapeError, match="path"):
        ls.slice(net, X, Y, path=np.zeros((3, 5)))
    with pytest.raises(ShapeError, match="direction 1"):
        ls.slice(net, X, Y, directions=(np.ones(3), np.ones(2)))
    with pytest.raises(SpecError, match="loss"):
        ls.slice(net, X, Y, loss="hinge")
    with pytest.raises(SpecError, match="optimizer"):
        descend_2d(net, X, Y, ("W1[0,0]", "b1[0]"), optimizer="lbfgs")
    with pytest.raises(SpecError, match="b7"):
        descend_2d(net, X, Y, ("W1[0,0]", "b7[0]"))


def test_core_landscape_imports_no_qt():
    code = ("import sys, core.landscape; bad = [m for m in sys.modules if "
            "m.split('.')[0] in ('PySide6', 'pyqtgraph', 'nnviz')]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
