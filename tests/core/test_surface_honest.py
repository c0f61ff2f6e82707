"""An honest loss surface: the true loss along the path beside the plane's, and
clicking a point of the plane moves the network there (undoable)."""
from __future__ import annotations

import numpy as np
import pytest

from core.errors import NNVizError
from core.session import Session
from core.settings import Settings
from core.surface import honest_losses


def trained(settings, epochs=40):
    s = Session(settings)
    assert s.surface is not None                       # records the path from here
    for _ in range(epochs):
        s.train_epochs(1)
    return s


def test_two_weights_plane_is_exact_when_they_are_the_whole_network():
    """The line fit y = wx + b has two parameters: the plane is the space."""
    s = trained(Settings(dataset="line", hidden=(), activations=()), 30)
    assert s.net.theta.size == 2
    m = s.surface
    m.set_plane(mode="params", names=("W1[0,0]", "b1[0]"))
    m.compute()
    hp = m.honest()
    assert hp.complete and len(hp.steps) == 31
    np.testing.assert_array_equal(hp.true_loss, hp.plane_loss)        # exact
    assert hp.max_gap == 0.0
    assert hp.true_loss[0] > hp.true_loss[-1]
    # full batch: an epoch's recorded loss is L at the θ it started from
    assert s.trainer.full_batch
    np.testing.assert_allclose(hp.true_loss[:-1], s.history["train_loss"], rtol=1e-12)


def test_two_weights_plane_through_theta_is_exact_where_only_they_moved():
    s = Session(Settings(dataset="moons", samples=80, hidden=(4,), activations=("tanh",)))
    m = s.surface
    for v in (0.3, -0.2, 0.8):                         # edits of the two plane weights
        s.set_param("W1", (0, 1), v)
        s.set_param("b2", (0,), -v)
    m.set_plane(mode="params", names=("W1[0,1]", "b2[0]"))
    m.compute()
    hp = m.honest()
    assert len(hp.steps) == 7
    np.testing.assert_array_equal(hp.true_loss, hp.plane_loss)
    np.testing.assert_allclose(hp.ab[-1], (0.8, -0.8))


def test_pca_of_a_curved_net_bends_the_truth():
    s = trained(Settings(dataset="spiral", samples=200, hidden=(8, 8),
                         activations=("tanh", "tanh")), 60)
    m = s.surface
    m.set_plane(mode="pca")
    m.compute()
    hp = m.honest()
    assert hp.complete and len(hp.steps) == 61
    # the plane passes through the current point: equal there …
    assert hp.plane_loss[-1] == pytest.approx(hp.true_loss[-1], rel=1e-12)
    # … but the path leaves it, and the picture shows other losses there
    assert hp.max_gap > 1e-3 and hp.max_rel_gap > 1e-3
    assert hp.worst != len(hp.steps) - 1
    # the true loss is the network's loss at each recorded θ
    th = s.trajectory.thetas
    net = s.net.copy()
    net.theta[...] = th[10]
    assert hp.true_loss[10] == net.loss(s.trainer.X, s.trainer.Y, s.trainer.loss)


def test_honest_losses_thins_and_cancels():
    s = trained(Settings(dataset="moons", samples=80, hidden=(4,), activations=("tanh",)), 30)
    m = s.surface
    m.set_plane(mode="random", seed=3)
    m.compute()
    assert len(m.honest(max_points=10).steps) == 10
    req = m.honest_request(max_points=20)
    np.testing.assert_array_equal(req["thetas"][-1], s.net.theta)
    calls = iter(range(100))
    part = honest_losses(**req, cancel=lambda: next(calls) >= 5)
    assert part.done == 5 and not part.complete and np.isnan(part.true_loss[5:]).all()


def test_click_moves_the_network_and_undo_brings_it_back():
    s = trained(Settings(dataset="moons", samples=80, hidden=(4,), activations=("tanh",)), 10)
    m = s.surface
    m.set_plane(mode="random", seed=1)
    r = m.compute()
    before = s.net.theta.copy()
    loss_before = s.current_metrics()["train_loss"]
    a, b = r.argmin()
    target = r.center + (a - r.origin[0]) * r.d1 + (b - r.origin[1]) * r.d2
    np.testing.assert_allclose(m.point_theta(a, b), target)
    assert m.move_to(a, b, "Move to the lowest point")
    np.testing.assert_allclose(s.net.theta, target)
    assert s.undo_text == "Move to the lowest point"
    after = s.current_metrics()["train_loss"]
    assert after == pytest.approx(float(r.loss[np.isfinite(r.loss)].min()), rel=1e-3)
    assert after <= loss_before + 1e-6
    assert s.timeline.edits[-1].kind == "vector"       # the timeline replays it
    s.undo()
    np.testing.assert_array_equal(s.net.theta, before)
    s.redo()
    np.testing.assert_allclose(s.net.theta, target)


def test_point_theta_needs_a_surface():
    s = Session()
    with pytest.raises(NNVizError):
        s.surface.point_theta(0.0, 0.0)
