"""Property-based gradient checks: analytic backprop against centred differences.

Random architectures (1–4 layers, 1–8 units), every differentiable hidden
activation, every loss with each output it pairs with, with and without L1/L2
penalties. Hypothesis runs derandomised, so CI sees the same examples each time.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core import Network, gradcheck

HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu"]
KINKED = {"relu", "leaky_relu", "prelu", "rrelu"}       # not differentiable at z = 0
OUTPUTS = [("identity", "mse"), ("sigmoid", "mse"), ("tanh", "mse"),
           ("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy")]
REGS = {"plain": (0.0, 0.0), "l2": (0.0, 0.1), "l1l2": (0.03, 0.05)}   # (l1, l2)

H = 1e-5          # centred-difference step: truncation ~H², rounding ~1e-16/H
TOL = 1e-6        # relative error |a − n| / max(1, |a|, |n|)
MARGIN = 1e-3     # stay this far from kinks (ReLU at z = 0, L1 at w = 0)

SETTINGS = settings(max_examples=5, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.filter_too_much,
                                           HealthCheck.too_slow])


@st.composite
def problems(draw, hidden, out_act, loss):
    n_layers = draw(st.integers(1, 4))
    n_in = draw(st.integers(1, 8))
    widths = [draw(st.integers(1, 8)) for _ in range(n_layers - 1)]
    n_out = draw(st.integers(2, 4)) if out_act == "softmax" else draw(st.integers(1, 3))
    sizes = [n_in] + widths + [n_out]
    spec = []
    for i in range(n_layers):
        layer = {"input_dim": sizes[i], "output_dim": sizes[i + 1],
                 "activation": out_act if i == n_layers - 1 else hidden}
        if layer["activation"] == "leaky_relu" and draw(st.booleans()):
            layer["slope"] = draw(st.sampled_from([0.0, 0.2, 0.5]))
        spec.append(layer)
    init = draw(st.sampled_from(["xavier", "he", "uniform"]))
    seed = draw(st.integers(0, 2 ** 16))
    n = draw(st.integers(1, 6))
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_in))
    if loss == "cross_entropy":
        Y = np.eye(n_out)[rng.integers(0, n_out, n)]
    elif loss == "binary_cross_entropy":
        Y = rng.integers(0, 2, (n, n_out)).astype(float)
    else:
        Y = rng.normal(size=(n, n_out))
    net = Network(spec, seed=seed, init=init)
    if any(ls.activation == "prelu" for ls in net.layers):
        for name, a in net.params.items():        # learned slopes, not all 0.25
            if name.startswith("a"):
                a[...] = rng.uniform(0.05, 0.6, a.shape)
    return net, X, Y


def away_from_kinks(net, X, l1):
    """True when no pre-activation of a kinked layer and (with L1) no weight
    is within MARGIN of its kink, so centred differences see a smooth function."""
    net.forward(X)
    for ls, Z in zip(net.layers, net.cache.Z):
        if ls.activation in KINKED and np.abs(Z).min() < MARGIN:
            return False
    if l1:
        for i in range(1, len(net.layers) + 1):
            if np.abs(net.params[f"W{i}"]).min() < MARGIN:
                return False
    return True


def check(net, X, Y, loss, l1, l2, train=False):
    theta = net.theta

    def f(flat):
        return net.flat_loss_and_gradient(X, Y, loss, l1, l2, train=train)

    result = gradcheck(f, theta, h=H, tol=TOL)
    assert result.passed, (
        f"{net!r} loss={loss} l1={l1} l2={l2}: max rel error "
        f"{result.max_rel_error:.3g} at {net.param_name(result.first_failure[0])}")
    assert result.max_rel_error < TOL


@pytest.mark.parametrize("out_act,loss", OUTPUTS, ids=[f"{a}-{b}" for a, b in OUTPUTS])
@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("reg", list(REGS))
def test_backprop_matches_centred_differences(hidden, out_act, loss, reg):
    l1, l2 = REGS[reg]

    @SETTINGS
    @given(data=st.data())
    def run(data):
        net, X, Y = data.draw(problems(hidden, out_act, loss))
        assume(away_from_kinks(net, X, l1))
        check(net, X, Y, loss, l1, l2)

    run()


@SETTINGS
@given(data=st.data())
def test_rrelu_training_mode_with_frozen_noise(data):
    """In training RReLU draws a random slope per unit and sample. Replaying the
    same random state for every evaluation freezes that noise, and the
    gradient must then match differences of the same (piecewise-linear) net."""
    out_act, loss = data.draw(st.sampled_from(OUTPUTS))
    net, X, Y = data.draw(problems("rrelu", out_act, loss))
    assume(away_from_kinks(net, X, 0.0))
    state = net._rng_rrelu.bit_generator.state

    def f(flat):
        net._rng_rrelu.bit_generator.state = state
        return net.flat_loss_and_gradient(X, Y, loss, train=True)

    result = gradcheck(f, net.theta, h=H, tol=TOL)
    assert result.passed, result.max_rel_error
    assert result.max_rel_error < TOL


def test_rrelu_noise_changes_output_in_training_only():
    net = Network([{"input_dim": 3, "output_dim": 8, "activation": "rrelu"},
                   {"input_dim": 8, "output_dim": 1, "activation": "identity"}], seed=1)
    X = np.random.default_rng(0).normal(size=(20, 3))
    z = X @ net.params["W1"] + net.params["b1"]
    np.testing.assert_array_equal(net.forward(X), net.forward(X))
    assert not np.array_equal(net.forward(X, train=True), net.forward(X, train=True))
    # Training: a slope r ∈ [1/8, 1/3] per unit and sample on the negative side.
    r = net.cache.A[1][z < 0] / z[z < 0]
    assert r.min() >= 1 / 8 and r.max() <= 1 / 3 and np.ptp(r) > 0.05
    np.testing.assert_allclose(net.cache.A[1][z > 0], z[z > 0], rtol=1e-14)
    # Inference: their mean (1/8 + 1/3) / 2.
    net.forward(X)
    np.testing.assert_allclose(net.cache.A[1], np.where(z > 0, z, z * (1 / 8 + 1 / 3) / 2),
                               rtol=1e-14)


def test_gradcheck_catches_a_broken_backprop():
    """The property test has teeth: a gradient off in one entry fails."""
    rng = np.random.default_rng(0)
    net = Network.from_sizes([3, 4, 2], activation="tanh", output_activation="identity",
                             seed=0, init="xavier")
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    index = net.param_index("W2[1,0]")

    def broken(flat):
        value, g = net.flat_loss_and_gradient(X, Y, "mse")
        g[index] *= 1.01
        return value, g

    result = gradcheck(broken, net.theta, h=H, tol=TOL)
    assert not result.passed and result.first_failure == (index,)
