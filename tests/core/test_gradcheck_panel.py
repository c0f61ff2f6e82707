"""The gradient check as the panel shows it (CURRICULUM E4, E5), on real networks."""
from __future__ import annotations

import numpy as np
import pytest

from core.gradcheck import (
    H_DEFAULT,
    TOL,
    LossFn,
    check_all,
    check_param,
    iter_check_all,
    label_of,
    nudge,
    param_indices,
    passes,
    rel_error,
)
from core.network import Network
from core.session import Session
from core.settings import Settings


@pytest.fixture
def session():
    s = Session(Settings(dataset="moons", samples=120, hidden=(5, 4),
                         activations=("prelu", "tanh"), seed=3))
    s.train_epochs(5)
    return s


def test_rel_error_and_verdict_follow_e5():
    assert rel_error(2.0, 2.0) == 0.0
    assert rel_error(1e-3, 2e-3) == pytest.approx(1e-3)        # max(1, …) = 1
    assert rel_error(100.0, 101.0) == pytest.approx(1 / 101)
    assert passes(9.9e-6) and not passes(1e-5) and not passes(float("nan"))


def test_selected_weight_bias_and_prelu_slope_agree(session):
    net = session.net
    before = net.theta.copy()
    fn = LossFn.of_session(session)
    w = param_indices(net, ("edge", 1, 1, 2))
    b = param_indices(net, ("bias", 2, 3))
    neuron = param_indices(net, ("neuron", 1, 4))      # its bias and PReLU slope
    assert [label_of(net, i) for i in w + b + neuron] == ["w1[2→3]", "b2[4]", "b1[5]",
                                                          "a1[5]"]
    _, grad = net.flat_loss_and_gradient(session.trainer.X, session.trainer.Y,
                                         session.trainer.loss, train=False)
    for i in w + b + neuron:
        r = check_param(fn, i)
        assert r.h == H_DEFAULT and r.analytic == pytest.approx(grad[i], abs=1e-15)
        assert r.numeric == pytest.approx((r.f_plus - r.f_minus) / (2 * H_DEFAULT))
        assert r.rel_error < TOL and r.passed, r
        assert abs(r.analytic) > 1e-6                  # a real gradient, not a zero
    np.testing.assert_array_equal(net.theta, before)   # the session's θ never moved


def test_h_changes_the_numeric_estimate_and_the_verdict(session):
    fn = LossFn.of_session(session)
    i = param_indices(session.net, ("edge", 2, 0, 1))[0]
    small, big = check_param(fn, i, h=1e-5), check_param(fn, i, h=0.05)
    assert small.passed
    assert big.rel_error > small.rel_error
    bad = check_param(fn, i, h=1e-1)
    assert bad.rel_error > 1e-5 and not bad.passed       # too big a step fails E5
    with pytest.raises(ValueError):
        check_param(fn, i, h=0)


def test_neuron_without_slope_and_non_parameters(session):
    net = session.net
    assert len(param_indices(net, ("neuron", 2, 0))) == 1          # tanh: bias only
    assert param_indices(net, ("neuron", 0, 0)) == []               # an input
    assert param_indices(net, ("layer", 1)) == []
    assert param_indices(net, ("edge", 1, 9, 9)) == []              # out of range
    assert param_indices(net, None) == []


def test_check_all_passes_on_a_correct_engine(session):
    res = check_all(LossFn.of_session(session))
    assert res.complete and res.passed and res.first_failure is None
    assert res.rel.size == session.net.theta.size
    assert res.max_rel_error < TOL


def test_check_all_finds_one_corrupted_gradient(session, monkeypatch):
    net = session.net
    target = net.param_index("W2[3,1]")
    orig = Network._backward_T

    def broken(self, *args, **kwargs):
        g = orig(self, *args, **kwargs)
        g[target] += 0.01                          # one entry of the rule is wrong
        return g

    monkeypatch.setattr(Network, "_backward_T", broken)
    res = check_all(LossFn.of_session(session))
    assert res.worst == target and res.first_failure == target
    assert list(res.failures) == [target]
    assert res.labels[target] == "w2[4→2]"


def test_check_all_finds_a_corrupted_prelu_rule(session, monkeypatch):
    """A wrong ∂L/∂α rule: only the slopes fail, and the worst is one of them."""
    orig = Network._alpha_grad

    def doubled(self, i, dA, buf, g):
        orig(self, i, dA, buf, g)
        alpha = self._slices[i][1]
        if alpha is not None:
            g[alpha] *= 2.0

    monkeypatch.setattr(Network, "_alpha_grad", doubled)
    fn = LossFn.of_session(session)
    res = check_all(fn)
    alphas = {session.net.param_index(f"a1[{j}]") for j in range(5)}
    assert res.worst in alphas and not res.passed
    big = {int(i) for i in res.failures}
    assert big and big <= alphas


def test_check_all_in_chunks_and_cancel(session):
    fn = LossFn.of_session(session)
    seen = list(iter_check_all(fn, chunk=10))
    assert [round(f, 6) for f, _ in seen][-1] == 1.0 and len(seen) > 2
    calls = iter(range(100))
    part = list(iter_check_all(fn, chunk=10, cancel=lambda: next(calls) >= 2))[-1][1]
    assert part.done == 20 and not part.complete and not part.passed
    assert np.isnan(part.rel[20:]).all()


def test_nudge_predicts_to_second_order(session):
    fn = LossFn.of_session(session)
    # a weight into the tanh layer: smooth in it (a PReLU kink would not be)
    i = param_indices(session.net, ("edge", 2, 0, 1))[0]
    before = session.net.theta.copy()
    gaps = []
    for eps in (4e-2, 2e-2, 1e-2):
        n = nudge(fn, i, eps)
        assert n.predicted == pytest.approx(n.gradient * eps)
        assert n.actual == pytest.approx(fn.at(i, fn.theta[i] + eps) - fn.value())
        assert abs(n.gap) < 0.05 * abs(n.actual)      # first order is close …
        gaps.append(abs(n.gap))
    # … and what it misses shrinks like ε²: halving ε quarters the gap
    assert gaps[0] / gaps[1] == pytest.approx(4.0, rel=0.1)
    assert gaps[1] / gaps[2] == pytest.approx(4.0, rel=0.1)
    np.testing.assert_array_equal(session.net.theta, before)
    with pytest.raises(ValueError):
        nudge(fn, i, 0.0)


def test_e4_network_passes_check_all():
    """E4's shape: dims (10, 5, 10), sigmoid hidden layer, 20 one-hot labels."""
    rng = np.random.default_rng(0)
    net = Network([{"input_dim": 10, "output_dim": 5, "activation": "sigmoid"},
                   {"input_dim": 5, "output_dim": 10, "activation": "softmax"}], seed=0)
    X = rng.standard_normal((20, 10))
    Y = np.eye(10)[rng.integers(0, 10, 20)]
    res = check_all(LossFn(net, X, Y, "cross_entropy"))
    assert res.passed and res.rel.size == (10 + 1) * 5 + (5 + 1) * 10
