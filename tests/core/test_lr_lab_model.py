"""core.lr_lab.LabModel: the problem, λmax, default rates and runs — headless."""
from __future__ import annotations

import numpy as np
import pytest

from core import SpecError
from core.lr_lab import (
    LINE_NAMES,
    LabModel,
    default_rates,
    descend_2d,
    diverged_step,
    parse_rates,
)
from core.optim import OPTIMIZER_NAMES
from core.session import Session


def line_gradient(model, p):
    """∇ of ½·mean((w x + b − y)²) at p = (w, b), by hand."""
    x, y = model.problem.X[:, 0], model.problem.Y[:, 0]
    r = p[0] * x + p[1] - y
    return np.array([np.mean(r * x), np.mean(r)])


def by_formula(name, lr, p0, grad, steps):
    """Each optimiser written out from core.optim.FORMULAS (default settings)."""
    p = np.array(p0, dtype=float)
    v = np.zeros(2)
    m = np.zeros(2)
    G = np.zeros(2)
    out = [p.copy()]
    for t in range(1, steps + 1):
        g = grad(p)
        if name == "sgd":
            p = p - lr * g
        elif name == "momentum":            # v ← β·v − η·g;  θ ← θ + v
            v = 0.9 * v - lr * g
            p = p + v
        elif name == "nesterov":            # v ← β·v − η·g;  θ ← θ + β·v − η·g
            v = 0.9 * v - lr * g
            p = p + 0.9 * v - lr * g
        elif name == "adagrad":             # G ← G + g²;  θ ← θ − η·g/(√G + ε)
            G = G + g * g
            p = p - lr * g / (np.sqrt(G) + 1e-8)
        elif name == "rmsprop":             # s ← ρ·s + (1−ρ)·g²;  θ ← θ − η·g/(√s + ε)
            G = 0.9 * G + 0.1 * g * g
            p = p - lr * g / (np.sqrt(G) + 1e-8)
        elif name == "adam":                # θ ← θ − η·m̂/(√v̂ + ε), m̂, v̂ bias-corrected
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            mh, vh = m / (1 - 0.9 ** t), v / (1 - 0.999 ** t)
            p = p - lr * mh / (np.sqrt(vh) + 1e-8)
        out.append(p.copy())
    return np.array(out)


@pytest.fixture(scope="module")
def line():
    return LabModel()


def test_line_fit_lambda_max_and_default_rates(line):
    assert line.task == "line" and line.problem.names == LINE_NAMES
    # λmax of ½·mean((w x + b − y)²) with x ~ U(−1, 1): eig of [[⅓, 0], [0, 1]] → ≈ 1
    assert line.lam_max == pytest.approx(1.0, abs=0.1)
    x = line.problem.X[:, 0]
    H = np.array([[np.mean(x * x), x.mean()], [x.mean(), 1.0]])
    assert line.lam_max == pytest.approx(np.linalg.eigvalsh(H).max(), rel=1e-6)
    assert line.rates == [0.01, 0.3, 1.9, 2.5] == default_rates(line.lam_max)
    assert line.rates[2] < 2 / line.lam_max < line.rates[3]


def test_line_box_is_centred_on_least_squares(line):
    p = line.problem
    A = np.hstack([p.X, np.ones_like(p.X)])
    (w, b), *_ = np.linalg.lstsq(A, p.Y[:, 0], rcond=None)
    (a0, a1), (b0, b1) = line.box
    assert (a0 + a1) / 2 == pytest.approx(w) and (b0 + b1) / 2 == pytest.approx(b)
    assert line.contains(*line.start) and not line.contains(a1 + 1, b)
    assert line.surface.complete and line.surface.names == LINE_NAMES
    i, j = np.unravel_index(np.argmin(line.surface.loss), line.surface.loss.shape)
    assert abs(line.surface.a[j] - w) < 0.1 and abs(line.surface.b[i] - b) < 0.1


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_runs_equal_each_optimisers_formula(name):
    m = LabModel()
    m.set_steps(12)
    m.set_optimizers([name])
    m.set_rates([0.05, 0.4])
    assert [(r.optimizer, r.lr) for r in m.runs] == [(name, 0.05), (name, 0.4)]
    for run in m.runs:
        want = by_formula(name, run.lr, m.start, lambda p: line_gradient(m, p), 12)
        np.testing.assert_allclose(run.path.points, want, rtol=1e-9, atol=1e-12)


def test_four_behaviours_on_the_bowl(line):
    small, good, osc, bad = line.runs
    assert [r.diverged_at is None for r in line.runs] == [True, True, True, False]
    assert small.path.losses[-1] > 0.3 * small.path.losses[0]
    assert good.path.losses[-1] < 0.01 and osc.path.losses[-1] < 0.05
    d = np.diff(osc.path.points[:, 1])
    assert np.mean(np.sign(d[1:]) != np.sign(d[:-1])) > 0.8    # zig-zags in b
    assert np.isfinite(bad.path.points).all() and bad.diverged_at >= 1


def test_events_say_what_changed():
    m = LabModel()
    seen = []
    for n in ("problem", "surface", "runs"):
        m.events.connect(n, lambda ev, n=n: seen.append((n, ev.changed)))
    m.set_rates([0.1])
    assert seen == [("runs", frozenset({"rates"}))]
    seen.clear()
    m.set_rates([0.1])                       # no change, no event
    m.set_optimizers(["sgd"])
    assert seen == []
    assert m.set_start(0.0, 0.0)
    assert [n for n, _ in seen] == ["problem", "runs"] and "start" in seen[0][1]
    assert all(tuple(r.path.points[0]) == (0.0, 0.0) for r in m.runs)
    seen.clear()
    (a0, a1), _ = m.box
    assert not m.set_start(a1 + 1, 0.0) and seen == [] and m.start == (0.0, 0.0)


def test_network_task_descends_two_of_the_sessions_parameters():
    s = Session()
    s.step(10)
    s.select(("edge", 2, 1, 0))
    m = s.lr_lab
    assert m.task == "line"
    m.set_task("network")
    p = m.problem
    assert p.names == ("W2[1,0]", "b2[0]")
    assert m.start == pytest.approx((s.net.params["W2"][1, 0], s.net.params["b2"][0]))
    assert m.surface is None                 # the view computes it in a worker
    net, X, Y, kw = m.surface_request()
    assert net is not s.net and kw["directions"] == p.names
    r = m.compute_surface()
    assert r.complete and r.names == p.names
    theta = s.net.theta.copy()
    m.set_optimizers(OPTIMIZER_NAMES)
    assert len(m.runs) == len(OPTIMIZER_NAMES) * len(m.rates)
    np.testing.assert_array_equal(s.net.theta, theta)         # the session is untouched
    assert m.set_names("W1[0,0]", "b1[0]") and m.problem.names == ("W1[0,0]", "b1[0]")
    with pytest.raises(SpecError):
        m.set_names("W1[0,0]", "W1[0,0]")
    # a new architecture re-takes the problem
    s.set(hidden=(3,), activations=("tanh",))
    assert m.problem.net.theta.size == s.net.theta.size
    # the learning rate of the session's training is not the lab's business
    before = m.problem
    s.set(lr=0.2)
    assert m.problem is before


def test_standalone_model_has_no_network_task():
    with pytest.raises(SpecError):
        LabModel().set_task("network")


def test_descend_2d_takes_optimiser_settings():
    m = LabModel()
    p = m.problem
    a = descend_2d(p.net, p.X, p.Y, LINE_NAMES, start=(0, 0), lr=0.1, optimizer="momentum",
                   steps=5, beta=0.5)
    b = descend_2d(p.net, p.X, p.Y, LINE_NAMES, start=(0, 0), lr=0.1, optimizer="momentum",
                   steps=5)
    assert not np.allclose(a.points, b.points)
    with pytest.raises(SpecError):
        descend_2d(p.net, p.X, p.Y, LINE_NAMES, optimizer="lbfgs")


def test_helpers():
    assert default_rates(1.0148) == [0.01, 0.3, 1.9, 2.5]
    assert default_rates(float("nan")) == [0.01, 0.1, 0.3, 1.0]
    assert parse_rates("0.1; 2  3e-2") == [0.1, 2.0, 0.03]
    for bad in ("", "0", "-1", "x", "1,2,3,4,5,6,7,8,9"):
        with pytest.raises(ValueError):
            parse_rates(bad)
    m = LabModel()
    assert diverged_step(m.runs[3].path) == m.runs[3].diverged_at
