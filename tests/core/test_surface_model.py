"""core.surface.SurfaceModel: plane choice, staleness rules, path, gradient arrow."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import SpecError
from core.errors import NNVizError
from core.session import Session
from core.surface import SurfaceModel, flat_gradient

ROOT = Path(__file__).resolve().parents[2]


class Recorder:
    def __init__(self, model):
        self.names = []
        for n in ("plane", "due", "surface", "path"):
            model.events.connect(n, lambda ev, n=n: self.names.append(n))

    def take(self):
        out, self.names = self.names, []
        return out


@pytest.fixture
def model():
    s = Session()
    m = s.surface
    m.plane = m.plane.__class__(names=m.plane.names, grid=21)
    return m


def test_the_session_owns_one_model_over_its_trajectory(model):
    s = model.session
    assert s.surface is model and model.trajectory is s.trajectory
    assert model.due and model.result is None and model.recomputes == 0


def test_compute_gives_a_surface_around_the_current_point(model):
    s = model.session
    rec = Recorder(model)
    r = model.compute()
    assert r.complete and r.loss.shape == (21, 21) and r.names == model.plane.names
    i, j = r.indices
    np.testing.assert_allclose(r.origin, s.net.theta[[i, j]])
    assert not model.due and model.recomputes == 1
    assert rec.take() == ["due", "surface", "path"]
    np.testing.assert_allclose(model.path(), [s.net.theta[[i, j]]])


def test_lr_change_is_not_due(model):
    s = model.session
    model.compute()
    rec = Recorder(model)
    s.set(lr=s.settings.lr * 3)
    assert not model.due and model.recomputes == 1
    assert "due" not in rec.take()
    s.set(optimizer="sgd" if s.settings.optimizer != "sgd" else "momentum")
    assert not model.due


def test_params_change_moves_the_path_not_the_grid(model):
    s = model.session
    model.set_follow(False)
    model.compute()
    first = model.result
    rec = Recorder(model)
    s.step(3)
    assert not model.due and model.result is first and model.recomputes == 1
    assert rec.take() == ["path"]                   # once, though params + training fired
    i, j = first.indices
    pts = model.path()
    assert len(pts) == len(model.trajectory) >= 2
    np.testing.assert_allclose(pts[-1], s.net.theta[[i, j]])
    # with follow on, a small edit inside the box still leaves the grid alone
    model.set_follow(True)
    model.compute()
    w = float(s.net.params["W1"][0, 0])
    s.set_param("W1", (0, 0), w + 1e-3)
    assert not model.due and model.recomputes == 2


def test_follow_makes_it_due_when_the_point_leaves_the_box(model):
    s = model.session
    r = model.compute()
    s.set_param("W1", (0, 0), float(r.a[-1]) + 5.0)
    assert model.due and "box" in model.stale
    model.compute()
    assert r.a[-1] < model.result.a[-1]
    assert model.recomputes == 2


def test_network_change_invalidates(model):
    s = model.session
    model.compute()
    rec = Recorder(model)
    s.set(hidden=(3,), activations=("relu",))
    assert model.due and model.result is None and "network" in model.stale
    got = rec.take()
    assert "plane" in got and "surface" in got and "due" in got
    r = model.compute()
    assert r.center.size == s.net.theta.size and model.recomputes == 2


def test_data_and_loss_changes_are_due(model):
    s = model.session
    model.compute()
    s.set(l2=0.01)
    assert model.due and "loss" in model.stale
    model.compute()
    s.regenerate()
    assert model.due


def test_plane_choice_and_its_checks(model):
    rec = Recorder(model)
    model.compute()
    rec.take()
    assert model.set_plane(names=("W1[0,1]", "b2[0]"))
    assert model.plane.names == ("W1[0,1]", "b2[0]") and model.due
    assert rec.take() == ["plane", "due"]
    assert not model.set_plane(names=("W1[0,1]", "b2[0]"))       # no change, no event
    assert rec.take() == []
    with pytest.raises(SpecError, match="different"):
        model.set_plane(names=("W1[0,1]", "W1[0,1]"))
    with pytest.raises(SpecError, match="W9"):
        model.set_plane(names=("W9[0,0]", "b1[0]"))
    with pytest.raises(SpecError):
        model.set_plane(mode="sideways")
    with pytest.raises(SpecError):
        model.set_plane(grid=5)
    model.set_plane(mode="random", seed=3)
    r = model.compute()
    assert r.mode == "random" and r.seed == 3


def test_pca_needs_a_path_then_keeps_it(model):
    s = model.session
    model.set_plane(mode="pca")
    with pytest.raises(NNVizError, match="Train a few steps"):
        model.begin()
    assert model.due and model.recomputes == 0
    s.step(20)
    r = model.compute()
    assert r.mode == "pca" and sum(r.explained_variance) <= 1 + 1e-9
    np.testing.assert_allclose(model.path()[-1], 0.0, atol=1e-9)


def test_begin_gives_private_copies(model):
    s = model.session
    req = model.begin()
    assert req.net is not s.net and not np.shares_memory(req.X, s.trainer.X)
    req.net.theta[:] = 0
    assert np.any(s.net.theta != 0)


def test_gradient_arrow_points_downhill(model):
    s = model.session
    r = model.compute()
    tail, v, g = model.arrow()
    full = flat_gradient(s.net, s.gradients())
    np.testing.assert_allclose(g, full[list(r.indices)])
    assert v @ -g > 0
    np.testing.assert_allclose(tail, model.path()[-1])
    wa, wb = r.a[-1] - r.a[0], r.b[-1] - r.b[0]
    assert np.hypot(v[0] / wa, v[1] / wb) == pytest.approx(0.18)


def test_partial_result_then_rate_limit(model):
    s = model.session
    req = model.begin()
    from core import landscape
    results = list(landscape.iter_slice(req.net, req.X, req.Y, chunk=50, **req.kwargs))
    model.accept(results[0][1], final=False)
    assert not model.result.complete
    model.accept(results[-1][1])
    assert model.result.complete
    assert model.auto_wait() > 0                   # just computed: wait a little
    assert model.auto_wait(now=1e12) <= 0
    # a result for a network that is gone is dropped
    s.set(hidden=(2,), activations=("tanh",))
    model.accept(results[-1][1])
    assert model.result is None


def test_separate_model_over_another_session():
    s = Session()
    m = SurfaceModel(s)
    m.close()
    s.step(2)                                       # no error after close


def test_core_surface_and_lr_lab_import_no_qt():
    code = ("import sys, core.surface, core.lr_lab; bad = [m for m in sys.modules if "
            "m.split('.')[0] in ('PySide6', 'pyqtgraph', 'nnviz', 'contourpy')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
