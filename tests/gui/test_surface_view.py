"""The loss-surface view: surface, live path, planes, cancel, gradient arrow."""
from __future__ import annotations

import numpy as np
import pytest

from core.trajectory import Trajectory
from nnviz.views.surface_view import (
    SurfaceView,
    contour_segments,
    flat_gradient,
    log_ticks,
    ref_to_name,
)

TIMEOUT = 20000


def make_view(qtbot, session, grid=41, trajectory=None):
    view = SurfaceView(session, trajectory)
    qtbot.addWidget(view)
    view.grid_spin.setValue(grid)
    view.resize(520, 560)
    view.show()
    qtbot.waitExposed(view)
    wait_done(qtbot, view)
    return view


def wait_done(qtbot, view):
    qtbot.waitUntil(lambda: not view.busy and view.result is not None
                    and view.result.complete, timeout=TIMEOUT)


def test_shows_a_finite_surface_and_a_growing_path(qtbot, session):
    view = make_view(qtbot, session, grid=41)
    r = view.result
    assert r.mode == "params" and r.loss.shape == (41, 41)
    img = view.image_data()
    assert img.shape == (41, 41) and img.dtype == np.float32 and np.isfinite(img).all()
    assert len(view.path_points()) == 1                     # point A only
    session.step(5)
    n1 = len(view.path_points())
    session.step(5)
    pts = view.path_points()
    assert n1 == 2 and len(pts) == 3 and np.isfinite(pts).all()
    # the path is the two parameters' values, exactly
    ia, ib = r.indices
    np.testing.assert_allclose(pts[-1], session.net.theta[[ia, ib]])
    np.testing.assert_allclose(pts[0], view.trajectory.start[[ia, ib]])
    assert "loss" in view.current_label.toPlainText()
    x, y = view.contours.getData()
    assert x is not None and len(x) > 0 and np.isfinite(x).all()
    assert view.progress.isHidden() and view.cancel_button.isHidden()


def test_pick_two_edges_slices_along_them(qtbot, session):
    view = make_view(qtbot, session, grid=31)
    assert view.pick_param(("edge", 1, 0, 1)) == "W1[0,1]"
    assert view.pick_param(("bias", 2, 0)) == "b2[0]"
    assert view.pick_param(("neuron", 1, 0)) is None       # not a parameter
    qtbot.waitUntil(lambda: view.result is not None and view.result.complete
                    and view.result.names == ("W1[0,1]", "b2[0]"), timeout=TIMEOUT)
    r = view.result
    w = session.net.params["W1"][0, 1]
    b = session.net.params["b2"][0]
    assert r.a[0] < w < r.a[-1] and r.b[0] < b < r.b[-1]
    # the axes are the parameters' own values: the centre cell is the current point
    assert r.origin == pytest.approx((w, b))
    assert view.plot_item.getAxis("bottom").labelText == "w1[1→2]"      # 1-based, as shown
    assert [c.currentText() for c in view.name_combos] == ["w1[1→2]", "b2[1]"]
    # a third click fills slot 1 again
    view.pick_param(("edge", 2, 3, 0))
    assert view.names() == ("W2[3,0]", "b2[0]")


def test_random_and_pca_planes(qtbot, session):
    view = make_view(qtbot, session, grid=31)
    for _ in range(10):
        session.step(5)
    view.seed_spin.setValue(3)
    view.set_mode("random")
    qtbot.waitUntil(lambda: view.result is not None and view.result.mode == "random"
                    and view.result.complete, timeout=TIMEOUT)
    assert view.result.seed == 3
    assert np.isfinite(view.image_data()).all()
    view.set_mode("pca")
    qtbot.waitUntil(lambda: view.result is not None and view.result.mode == "pca"
                    and view.result.complete, timeout=TIMEOUT)
    text = view.pca_label.text()
    assert text.startswith("PC1 ") and "PC2" in text and "%" in text
    e1 = view.result.explained_variance[0]
    assert f"PC1 {100 * e1:.0f} %" in text
    pts = view.path_points()
    assert len(pts) == len(view.trajectory) and np.isfinite(pts).all()
    np.testing.assert_allclose(pts[-1], 0.0, atol=1e-9)      # centred on the current θ


def test_pca_without_a_path_says_so(qtbot, session):
    view = make_view(qtbot, session, grid=21)
    view.set_mode("pca")
    assert "Train a few steps" in view.status.text()
    assert not view.busy


def test_cancel_stops_the_computation(qtbot):
    from core.session import Session
    s = Session()
    s.set(hidden=(16, 16), samples=500)
    view = SurfaceView(s)
    qtbot.addWidget(view)
    view.resize(480, 480)
    view.grid_spin.setValue(201)
    with qtbot.waitSignal(view.surfaceReady, timeout=TIMEOUT) as blocker:
        view.show()
        qtbot.waitUntil(lambda: view.busy, timeout=TIMEOUT)
        view.cancel()
    res = blocker.args[0]
    assert not res.complete and res.done < res.loss.size
    assert not view.busy
    assert "Cancelled" in view.status.text()
    img = view.image_data()
    if img is not None:                                     # rows done so far
        assert np.isfinite(img).all() and img.shape[0] < 201
    assert view.progress.isHidden()


def test_gradient_arrow_points_downhill(qtbot, session):
    view = make_view(qtbot, session, grid=31)
    view.grad_check.setChecked(True)
    assert view.grad_line.isVisible()
    x, y = view.grad_line.getData()
    assert np.isfinite(x).all() and np.isfinite(y).all()
    r = view.result
    g = flat_gradient(session.net, session.gradients())
    v = np.array([x[1] - x[0], y[1] - y[0]])
    assert v @ -g[list(r.indices)] > 0                      # along −∇L
    view.grad_check.setChecked(False)
    assert not view.grad_line.isVisible()


def test_follow_recomputes_when_the_point_leaves_the_box(qtbot, session):
    view = make_view(qtbot, session, grid=21)
    assert not view.model.due
    first = view.result
    session.set_param("W1", (0, 0), float(first.a[-1]) + 5.0)   # far outside
    assert view.model.due
    qtbot.waitUntil(lambda: view.result is not first and view.result.complete,
                    timeout=TIMEOUT)
    w = session.net.params["W1"][0, 0]
    assert view.result.a[0] < w < view.result.a[-1]


def test_new_network_rebuilds_names_and_surface(qtbot, session):
    tj = Trajectory(session)
    view = make_view(qtbot, session, grid=21, trajectory=tj)
    session.step(3)
    session.set(hidden=(3,), activations=("relu",))
    assert view.name_combos[0].count() == session.net.theta.size
    assert len(tj) == 1
    qtbot.waitUntil(lambda: view.result is not None and view.result.complete
                    and view.result.center.size == session.net.theta.size, timeout=TIMEOUT)
    assert np.isfinite(view.image_data()).all()


def test_bad_name_is_reported_not_raised(qtbot, session):
    view = make_view(qtbot, session, grid=21)
    c = view.name_combos[0]
    c.setEditText("W9[0,0]")
    c.lineEdit().editingFinished.emit()
    assert "unknown parameter" in view.status.text()
    view.set_params("W1[0,0]", "W1[0,0]")
    assert "different" in view.status.text()


def test_helpers():
    assert ref_to_name(("edge", 2, 3, 1)) == "W2[3,1]"
    assert ref_to_name(("bias", 1, 4)) == "b1[4]"
    assert ref_to_name(("neuron", 1, 0)) is None and ref_to_name(None) is None
    # iso-line of a cone z = r at level 1: points on the unit circle
    xs = ys = np.linspace(-2, 2, 81)
    Z = np.hypot(*np.meshgrid(xs, ys))
    seg = contour_segments(Z, xs, ys, [1.0])
    assert len(seg) > 20 and len(seg) % 2 == 0
    np.testing.assert_allclose(np.hypot(seg[:, 0], seg[:, 1]), 1.0, atol=0.01)
    Z[40, 40] = np.nan
    assert np.isfinite(contour_segments(Z, xs, ys, [0.5, 1.0])).all()
    major, minor = log_ticks(-2.7, 0.2)
    values = [round(10 ** v, 6) for v, _ in major]
    assert 0.01 in values and 0.1 in values and 1.0 in values
    assert all(-2.7 <= v <= 0.2 for v, _ in major + minor)


def test_contour_saddles_and_masks_are_exact():
    # one saddle cell: high corners (0,0)=1 and (1,1)=0.9, low (1,0) and (0,1); the
    # centre (0.475) is above the level 0.45, so the lines cut off the LOW corners
    xs = ys = np.array([0.0, 1.0])
    Z = np.array([[1.0, 0.0], [0.0, 0.9]])
    seg = contour_segments(Z, xs, ys, [0.45]).reshape(-1, 2, 2)
    assert len(seg) == 2
    for s in seg:
        ends = {("bottom" if y == 0 else "top" if y == 1 else "left" if x == 0 else "right")
                for x, y in s}
        assert ends in ({"bottom", "right"}, {"left", "top"})
    # a masked (NaN) cell is not crossed: a level through it stops at its edges
    xs = ys = np.linspace(0.0, 4.0, 5)
    Z = np.add.outer(ys, xs)                         # a plane z = x + y
    Z[2, 2] = np.nan
    seg = contour_segments(Z, xs, ys, [4.0])
    assert np.isfinite(seg).all() and len(seg)
    mid = 0.5 * (seg[0::2] + seg[1::2])
    assert not np.any(np.all(np.abs(mid - 2.0) < 0.49, axis=1))   # nothing near (2, 2)
