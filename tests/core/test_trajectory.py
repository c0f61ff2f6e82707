"""The parameter path recorder (core.trajectory)."""
from __future__ import annotations

import numpy as np
import pytest

from core import Network, SpecError
from core import landscape as ls
from core.data import make_dataset
from core.lr_lab import descend_2d
from core.session import Session
from core.trajectory import Trajectory, plane_hessian

LINE = [{"input_dim": 1, "output_dim": 1, "activation": "identity"}]


@pytest.fixture
def session():
    return Session()


def test_records_every_step_and_starts_at_point_a(session):
    theta0 = session.net.theta.copy()
    tr = Trajectory(session)
    assert len(tr) == 1 and tr.thetas.shape == (1, theta0.size)
    np.testing.assert_array_equal(tr.start, theta0)
    session.step(5)                      # one event for five steps
    session.step(1)
    session.step(1)
    assert len(tr) == 4
    np.testing.assert_array_equal(tr.steps, [0, 5, 6, 7])
    np.testing.assert_array_equal(tr.thetas[-1], session.net.theta)
    np.testing.assert_array_equal(tr.start, theta0)
    # copies, not views: training on does not change what was recorded
    before = tr.thetas.copy()
    session.step(3)
    np.testing.assert_array_equal(tr.thetas[:4], before)


def test_sync_is_idempotent_and_skips_unchanged_parameters(session):
    tr = Trajectory(session)
    session.step(2)
    n = len(tr)
    assert tr.sync() is False and len(tr) == n
    session.events.emit("params")        # nothing moved
    assert len(tr) == n


def test_losses_come_from_the_history(session):
    tr = Trajectory(session)
    assert np.isnan(tr.losses).all()     # no history yet
    for _ in range(4):
        session.step(1)
    h = session.history
    losses = tr.losses
    assert losses.shape == (5,)
    # full batch: the record of step k+1 holds the loss at θ_k (before its update)
    np.testing.assert_allclose(losses[:4], h["train_loss"][:4])
    assert losses[4] == h["train_loss"][-1]           # newest: the latest record
    t = session.trainer
    exact = session.net.copy()
    exact.set_flat(tr.thetas[2])
    assert losses[2] == pytest.approx(exact.loss(t.X, t.Y, t.loss), rel=1e-9)


def test_stride_doubles_when_full_and_keeps_the_whole_run(session):
    tr = Trajectory(session, max_snapshots=16)
    for _ in range(100):
        session.step(1)
    assert tr.count <= 16
    assert tr.stride >= 8
    steps = tr.steps
    assert steps[0] == 0 and steps[-1] == 100         # A and the current point
    assert np.all(np.diff(steps) > 0)
    np.testing.assert_array_equal(tr.thetas[-1], session.net.theta)
    gaps = np.diff(tr.steps[:tr.count])
    assert gaps.max() <= tr.stride                    # evenly spread, no holes
    g = tr.generation
    session.step(1)
    assert tr.generation in (g, g + 1)


def test_memory_cap_for_big_networks():
    s = Session()
    s.set(hidden=(64,) * 8, activations=("relu",) * 8)
    tr = Trajectory(s, memory=4 << 20)
    P = s.net.theta.size
    assert tr.max_snapshots * 8 * P <= max(4 << 20, 64 * 8 * P)
    assert tr.max_snapshots < 2000


def test_resets_on_network_reset_undo_and_open(session, tmp_path):
    tr = Trajectory(session)
    session.step(5)
    assert len(tr) == 2
    session.set(hidden=(4,), activations=("relu",))          # "network" event
    assert len(tr) == 1 and tr.thetas.shape[1] == session.net.theta.size
    np.testing.assert_array_equal(tr.start, session.net.theta)
    session.step(3)
    session.reset()                                           # history shrinks
    assert len(tr) == 1
    np.testing.assert_array_equal(tr.start, session.net.theta)
    session.reset()                                           # reset before training
    np.testing.assert_array_equal(tr.start, session.net.theta)
    session.step(4)
    session.set(lr=0.01)                                      # training only: keeps path
    assert len(tr) == 2
    session.undo()                                            # lr back: same steps
    assert len(tr) == 2
    session.redo()
    session.step(2)
    session.undo()                          # its snapshot is from before the 2 steps
    assert len(tr) == 2                     # the path is cut back to where it was
    np.testing.assert_array_equal(tr.thetas[-1], session.net.theta)
    session.reset()
    assert len(tr) == 1
    np.testing.assert_array_equal(tr.start, session.net.theta)
    path = tmp_path / "s.nnviz"
    session.step(3)
    session.save(path)
    other = Session.open(path)
    session.replace_with(other)
    assert len(tr) == 1
    np.testing.assert_array_equal(tr.start, session.net.theta)


def test_weight_edit_is_kept_and_clear_restarts(session):
    tr = Trajectory(session, max_snapshots=8)
    session.step(1)
    session.set_param("W1", (0, 0), 0.75)
    assert len(tr) == 3 and tr.thetas[-1][session.net.param_index("W1[0,0]")] == 0.75
    tr.clear()
    assert len(tr) == 1
    np.testing.assert_array_equal(tr.start, session.net.theta)
    tr.close()
    session.step(2)
    assert len(tr) == 1                                       # no longer listening


def test_pca_plane_of_the_path_keeps_most_of_it(session):
    tr = Trajectory(session)
    for _ in range(30):
        session.step(5)
    t = session.trainer
    res = ls.slice(session.net, t.X, t.Y, directions="pca", path=tr.thetas, grid=5)
    assert res.mode == "pca" and sum(res.explained_variance) > 0.5
    ab = res.project(tr.thetas)
    assert ab.shape == (len(tr), 2) and np.isfinite(ab).all()
    np.testing.assert_allclose(ab[-1], 0.0, atol=1e-9)        # centred on the current θ


def test_plane_hessian_of_the_line_fit_is_exact():
    ds = make_dataset("line", 80, 0.1, 0)
    X, Y = ds.X, ds.targets()
    net = Network(LINE, seed=0)
    H = plane_hessian(net, X, Y, ("W1[0,0]", "b1[0]"), loss="mse")
    x = X[:, 0]
    # loss ½·mean((w x + b − y)²): H = [[mean x², mean x], [mean x, 1]]
    np.testing.assert_allclose(H, [[np.mean(x * x), x.mean()], [x.mean(), 1.0]], atol=1e-6)
    lam = np.linalg.eigvalsh(H).max()
    # gradient descent with lr < 2/λmax converges on the bowl, above it diverges
    ok = descend_2d(net, X, Y, ("W1[0,0]", "b1[0]"), start=(-2, 2), lr=1.9 / lam,
                       steps=400, loss="mse")
    bad = descend_2d(net, X, Y, ("W1[0,0]", "b1[0]"), start=(-2, 2), lr=2.2 / lam,
                        steps=400, loss="mse")
    assert not ok.diverged and ok.losses[-1] < 0.01
    assert bad.diverged
    with pytest.raises(SpecError):
        plane_hessian(net, X, Y, ("W1[0,0]", "W1[0,0]"))
