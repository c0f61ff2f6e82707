"""Every engine-related reference of /work/shared/CURRICULUM.md, checked.

Test names carry the curriculum's numbers (C1…C11, E4…E10) so a failing test
points at the concept or worked example it breaks.
"""
import warnings

import numpy as np
import pytest

import core
from core import Network, ShapeError, Trainer, affine, gradcheck, sigmoid, sigmoid_grad, softmax
from core.data import CIRCLE_AREA_POINTS, circle_area_dataset, make_dataset
from core.losses import (
    binary_cross_entropy,
    binary_cross_entropy_logits,
    cross_entropy,
    cross_entropy_logits,
    mse,
)
from core.perceptron import perceptron, train_perceptron


def dense(*layers):
    """Spec from (input_dim, output_dim, activation) triples."""
    return [{"input_dim": i, "output_dim": o, "activation": a} for i, o, a in layers]


# -- C1 sigmoid -----------------------------------------------------------------
C1_X = np.array([[1.0, 2.0], [-1.0, -2.0]])
C1_SIGMOID = np.array([[0.73105858, 0.88079708], [0.26894142, 0.11920292]])
C1_GRAD = np.array([[0.19661193, 0.10499359], [0.19661193, 0.10499359]])


def test_c1_sigmoid_reference_values():
    np.testing.assert_allclose(sigmoid(C1_X), C1_SIGMOID, rtol=0, atol=1e-8)


def test_c1_sigmoid_gradient_reference_values():
    np.testing.assert_allclose(sigmoid_grad(C1_X), C1_GRAD, rtol=0, atol=1e-8)
    s = sigmoid(C1_X)
    np.testing.assert_allclose(sigmoid_grad(C1_X), s * (1 - s), rtol=1e-15)


def test_c1_sigmoid_of_zero_is_one_half():
    assert sigmoid(np.array(0.0)) == 0.5
    assert sigmoid_grad(0.0) == 0.25


def test_c1_sigmoid_no_overflow_for_huge_inputs():
    x = np.array([-1000.0, -745.0, 0.0, 745.0, 1000.0])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        s = sigmoid(x)
        g = sigmoid_grad(x)
        net_out = core.ACTIVATIONS["sigmoid"].forward(x, None, None)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert np.all(np.isfinite(g)) and np.all(g >= 0)
    np.testing.assert_array_equal(net_out, s)


def test_c1_sigmoid_writes_into_out():
    out = np.empty((2, 2))
    r = sigmoid(C1_X, out=out)
    assert r is out
    np.testing.assert_allclose(out, C1_SIGMOID, atol=1e-8)


# -- C3 softmax -----------------------------------------------------------------
def test_c3_softmax_rows_sum_to_one():
    rng = np.random.default_rng(0)
    z = rng.normal(0, 5, (50, 7))
    z[0] = [1000, -1000, 999, 0, 0, 0, 3]          # would overflow without a shift
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p[0, :3], [1 / (1 + np.e ** -1), 0, 1 / (1 + np.e)],
                               atol=1e-15)


def test_c3_softmax_axis_argument():
    z = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(softmax(z, axis=0).sum(axis=0), [1.0, 1.0])
    np.testing.assert_allclose(softmax(z, axis=0)[:, 0], [np.exp(-2) / (1 + np.exp(-2)),
                                                           1 / (1 + np.exp(-2))])


@pytest.mark.parametrize("z", [-1000.0, -30.0, -2.0, -0.5, 0.0, 1e-9, 0.7, 3.0, 40.0, 1000.0])
def test_c3_sigmoid_is_two_class_softmax(z):
    p = softmax(np.array([z, 0.0]))
    # σ is computed through tanh (speed): accurate to ~1e-17 absolute, so far in
    # the left tail (σ(−30) ≈ 9.4e-14) only the absolute error is tiny.
    assert p[0] == pytest.approx(float(sigmoid(np.array(z))), rel=1e-12, abs=1e-16)
    assert p[1] == pytest.approx(float(sigmoid(np.array(-z))), rel=1e-12, abs=1e-16)
    assert p.sum() == pytest.approx(1.0, rel=1e-15)


# -- C4 losses --------------------------------------------------------------------
def test_c4_square_loss_of_one_sample_has_the_half():
    # ½(y − ŷ)² for one sample and one output.
    assert mse(np.array([[2.5]]), np.array([[1.0]])) == pytest.approx(0.5 * 1.5 ** 2)


def test_c4_mse_is_one_over_2n_sum_of_squares():
    y_hat = np.array([[0.5, 1.0], [2.0, -1.0], [0.0, 0.0]])
    y = np.array([[1.0, 1.0], [0.0, 1.0], [0.0, 3.0]])
    # squares: 0.25, 0, 4, 4, 0, 9 → 17.25; n = 3 → 17.25 / 6
    assert mse(y_hat, y) == pytest.approx(17.25 / 6, rel=1e-15)


def test_c4_binary_cross_entropy_hand_computed():
    y_hat = np.array([[0.9], [0.2], [0.6]])
    y = np.array([[1.0], [0.0], [0.0]])
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.4)) / 3
    assert binary_cross_entropy(y_hat, y) == pytest.approx(expected, rel=1e-14)
    z = np.log(y_hat / (1 - y_hat))                      # the logits of those ŷ
    assert binary_cross_entropy_logits(z, y) == pytest.approx(expected, rel=1e-12)


def test_c4_categorical_cross_entropy_hand_computed():
    y_hat = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    y = np.array([[1.0, 0, 0], [0, 1.0, 0]])
    expected = -(np.log(0.7) + np.log(0.3)) / 2
    assert cross_entropy(y_hat, y) == pytest.approx(expected, rel=1e-14)
    z = np.log(y_hat) + np.array([[3.0], [-2.0]])         # softmax is shift-invariant
    assert cross_entropy_logits(z, y) == pytest.approx(expected, rel=1e-12)


def test_c4_losses_finite_at_probabilities_zero_and_one():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        bce = binary_cross_entropy(np.array([[0.0], [1.0], [1.0]]),
                                   np.array([[1.0], [0.0], [1.0]]))
        ce = cross_entropy(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0, 1.0], [0, 1.0]]))
    assert np.isfinite(bce) and bce > 10        # confidently wrong: large but finite
    assert np.isfinite(ce) and ce > 10


def test_c4_losses_from_huge_logits_are_exact():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        # z = +1000 with y = 0 costs softplus(1000) = 1000; z = −1000 with y = 1 too.
        assert binary_cross_entropy_logits(np.array([[1000.0], [-1000.0]]),
                                           np.array([[0.0], [1.0]])) == 1000.0
        assert binary_cross_entropy_logits(np.array([[1000.0], [-1000.0]]),
                                           np.array([[1.0], [0.0]])) == 0.0
        assert cross_entropy_logits(np.array([[1000.0, -1000.0]]),
                                    np.array([[0.0, 1.0]])) == 2000.0


@pytest.mark.parametrize("loss,out_act,targets", [
    ("mse", "identity", "real"), ("binary_cross_entropy", "sigmoid", "binary"),
    ("cross_entropy", "softmax", "onehot")])
def test_c4_network_loss_matches_the_formulas(loss, out_act, targets):
    rng = np.random.default_rng(1)
    k = 3 if out_act == "softmax" else 1
    net = Network(dense((2, 4, "tanh"), (4, k, out_act)), seed=2, init="xavier")
    X = rng.normal(size=(9, 2))
    Y = {"real": rng.normal(size=(9, 1)),
         "binary": rng.integers(0, 2, (9, 1)).astype(float),
         "onehot": np.eye(3)[rng.integers(0, 3, 9)]}[targets]
    y_hat = net.forward(X)
    by_hand = {"mse": mse, "binary_cross_entropy": binary_cross_entropy,
               "cross_entropy": cross_entropy}[loss](y_hat, Y)
    assert net.loss(X, Y, loss) == pytest.approx(by_hand, rel=1e-12)


def test_c4_network_loss_finite_for_saturated_logits():
    net = Network(dense((1, 1, "sigmoid")), seed=0)
    net.params["W1"][...] = 1000.0
    net.params["b1"][...] = 0.0
    X = np.array([[1.0], [-1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, grads = net.loss_and_gradients(X, np.array([[0.0], [1.0]]))
    assert value == 1000.0
    assert all(np.all(np.isfinite(g)) for g in grads.values())


# -- C5 softmax + cross-entropy gradient ----------------------------------------
def test_c5_fused_softmax_ce_output_gradient_is_yhat_minus_y_over_n():
    rng = np.random.default_rng(3)
    net = Network(dense((3, 4, "softmax")), seed=1, init="xavier")
    X = rng.normal(size=(6, 3))
    Y = np.eye(4)[rng.integers(0, 4, 6)]
    _, grads = net.loss_and_gradients(X, Y, "cross_entropy")
    y_hat = net.forward(X)
    np.testing.assert_allclose(grads["b1"], (y_hat - Y).mean(axis=0), rtol=0, atol=1e-15)
    np.testing.assert_allclose(grads["W1"], X.T @ (y_hat - Y) / 6, rtol=0, atol=1e-15)


def test_c5_fused_sigmoid_bce_output_gradient_is_yhat_minus_y_over_n():
    rng = np.random.default_rng(4)
    net = Network(dense((3, 1, "sigmoid")), seed=1, init="xavier")
    X = rng.normal(size=(5, 3))
    Y = rng.integers(0, 2, (5, 1)).astype(float)
    _, grads = net.loss_and_gradients(X, Y, "binary_cross_entropy")
    np.testing.assert_allclose(grads["b1"], (net.forward(X) - Y).mean(axis=0), atol=1e-15)


# -- C8, C9 parameter counts --------------------------------------------------------
@pytest.mark.parametrize("dx,h,dy", [(2, 4, 1), (10, 5, 10), (784, 100, 10), (1, 1, 1)])
def test_c8_parameter_count_one_hidden_layer(dx, h, dy):
    net = Network.from_sizes([dx, h, dy], seed=0)
    assert net.parameter_count == (dx + 1) * h + (h + 1) * dy


@pytest.mark.parametrize("sizes", [[2, 4, 6, 6, 4, 1], [1210, 64, 26], [3, 1], [5, 8, 8, 8, 2]])
def test_c8_parameter_count_generalises_to_n_layers(sizes):
    net = Network.from_sizes(sizes, seed=0)
    expected = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    assert net.parameter_count == expected
    assert sum(p.size for p in net.params.values()) == expected


def test_c8_prelu_adds_one_learned_slope_per_unit():
    net = Network(dense((2, 4, "prelu"), (4, 1, "sigmoid")), seed=0)
    assert net.parameter_count == (2 + 1) * 4 + (4 + 1) * 1 + 4


def test_c9_ten_to_twenty_neurons_is_a_10_by_20_matrix():
    net = Network(dense((10, 20, "identity")), seed=0)
    assert net.params["W1"].shape == (10, 20)
    assert net.params["W1"].size == 200
    assert net.params["b1"].shape == (20,)


# -- C10 perceptron ---------------------------------------------------------------
GATE_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


@pytest.mark.parametrize("gate,y", [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1])])
def test_c10_perceptron_learns_linearly_separable_gates(gate, y):
    net = perceptron(2)
    Y = np.array(y, dtype=float)[:, None]
    result = train_perceptron(net, GATE_X, Y, lr=1.0, epochs=100)
    assert result.converged, gate
    assert result.errors[-1] == 0
    np.testing.assert_array_equal(net.forward(GATE_X), Y)


def test_c10_perceptron_never_converges_on_xor():
    net = perceptron(2)
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    result = train_perceptron(net, GATE_X, Y, lr=1.0, epochs=200)
    assert not result.converged
    assert result.epochs == 200
    assert min(result.errors) > 0              # every epoch makes a mistake
    assert np.any(net.forward(GATE_X) != Y)


def test_c10_perceptron_rule_delta_w_is_eta_error_x():
    # From zero weights, x = (1, 2) with target 0: ŷ = step(0) = 1, so the error
    # is −1 and Δw = η·(−1)·x, Δb = −η.
    net = perceptron(2)
    train_perceptron(net, np.array([[1.0, 2.0]]), np.array([[0.0]]), lr=0.5, epochs=1)
    np.testing.assert_array_equal(net.params["W1"], [[-0.5], [-1.0]])
    np.testing.assert_array_equal(net.params["b1"], [-0.5])


# -- C11 initialisation -------------------------------------------------------------
def test_c11_zero_init_never_breaks_symmetry():
    # Unbalanced classes, so that the first gradient is not zero.
    ds = make_dataset("moons", 200, 0.1, seed=0)
    keep = (ds.y == 0) | (np.arange(200) % 3 == 0)
    X, Y = ds.features()[keep], ds.targets()[keep]
    net = Network(dense((2, 5, "sigmoid"), (5, 3, "sigmoid"), (3, 1, "sigmoid")), init="zeros")
    Trainer(net, X, Y, optimizer="sgd", lr=1.0).train(200)
    W1, W2, W3 = net.params["W1"], net.params["W2"], net.params["W3"]
    assert min(np.abs(W1).max(), np.abs(W2).max(), np.abs(W3).max()) > 0.01   # all learned
    # ... but every hidden unit is still a copy of the others of its layer (up
    # to rounding: BLAS may sum the columns of one product in different orders).
    same = {"rtol": 1e-10, "atol": 1e-15}
    np.testing.assert_allclose(W1, W1[:, :1].repeat(5, axis=1), **same)
    np.testing.assert_allclose(net.params["b1"], net.params["b1"][0], **same)
    np.testing.assert_allclose(W2, W2[:1, :1].repeat(5, 0).repeat(3, 1), **same)
    np.testing.assert_allclose(W3, W3[:1].repeat(3, axis=0), **same)
    # A random start gives units that differ by far more than rounding.
    other = Network(dense((2, 5, "sigmoid"), (5, 3, "sigmoid"), (3, 1, "sigmoid")), seed=0)
    Trainer(other, X, Y, optimizer="sgd", lr=1.0).train(200)
    assert np.ptp(other.params["W1"], axis=1).min() > 0.01


def test_c11_same_seed_same_weights_other_seed_other_weights():
    spec = dense((2, 4, "relu"), (4, 6, "relu"), (6, 1, "sigmoid"))
    a, b, c = Network(spec, seed=7), Network(spec, seed=7), Network(spec, seed=8)
    np.testing.assert_array_equal(a.theta, b.theta)
    assert not np.array_equal(a.theta, c.theta)
    a.reinitialize(seed=8)
    np.testing.assert_array_equal(a.theta, c.theta)


def test_c11_small_init_is_normal_times_0_1():
    net = Network(dense((200, 300, "sigmoid"), (300, 1, "sigmoid")), seed=0, init="small")
    W, b = net.params["W1"], net.params["b1"]
    assert abs(W.std() - 0.1) < 0.002 and abs(W.mean()) < 0.002
    assert abs(b.std() - 0.1) < 0.015
    # Small weights keep sigmoid out of its flat tails on unit-scale inputs ...
    X = np.random.default_rng(1).normal(size=(50, 200)) / np.sqrt(200)
    net.forward(X)
    assert sigmoid_grad(net.cache.Z[0]).min() > 0.2          # Z[0]: layer 1
    # ... whereas large weights push many units into them.
    net.params["W1"][...] *= 100
    net.forward(X)
    assert np.mean(sigmoid_grad(net.cache.Z[0]) < 0.05) > 0.3


# -- E4 two-layer network, gradient-checked -----------------------------------------
def test_e4_two_layer_sigmoid_softmax_net_passes_gradcheck():
    rng = np.random.default_rng(0)
    net = Network(dense((10, 5, "sigmoid"), (5, 10, "softmax")), seed=0, init="xavier")
    X = rng.normal(size=(20, 10))
    Y = np.eye(10)[rng.integers(0, 10, 20)]
    theta = net.theta                       # all parameters in one flat vector
    assert theta.shape == ((10 + 1) * 5 + (5 + 1) * 10,)

    def f(flat):
        assert flat is theta                # perturbed in place by gradcheck
        return net.flat_loss_and_gradient(X, Y, "cross_entropy")

    before = theta.copy()
    result = gradcheck(f, theta, h=1e-5, tol=1e-5)
    assert result.passed and result.first_failure is None
    assert result.max_rel_error < 1e-7
    np.testing.assert_array_equal(theta, before)          # restored


# -- E5 the gradient checker --------------------------------------------------------
def sum_of_squares(x):
    return np.sum(x ** 2), 2 * x


@pytest.mark.parametrize("x", [np.array(1.5), np.array([0.3, -2.0, 7.0]),
                               np.arange(12.0).reshape(3, 4) - 5.5])
def test_e5_gradcheck_sum_of_squares(x, capsys):
    result = gradcheck(sum_of_squares, x)            # defaults: h = 1e-4, tol = 1e-5
    assert result.passed and result.first_failure is None
    assert result.numeric.shape == x.shape
    np.testing.assert_allclose(result.numeric, 2 * x, rtol=0, atol=1e-8)
    assert capsys.readouterr() == ("", "")


def test_e5_scalar_0d_array_supported():
    x = np.array(-3.0)
    result = gradcheck(lambda v: float(v ** 2), x, grad=lambda v: 2 * v)
    assert result.passed
    assert result.numeric.shape == () and result.numeric == pytest.approx(-6.0, abs=1e-8)


@pytest.mark.parametrize("shape,bad", [((5,), [(3,)]), ((3, 4), [(1, 2), (2, 0)]),
                                       ((2, 3), [(0, 1)])])
def test_e5_wrong_gradient_reports_first_failing_index(shape, bad, capsys):
    x = np.linspace(-1, 1, int(np.prod(shape))).reshape(shape)
    wrong = 2 * x
    for ix in bad:
        wrong[ix] += 0.01
    result = gradcheck(lambda v: np.sum(v ** 2), x, grad=lambda v: wrong)
    assert not result.passed and not result
    assert result.first_failure == min(bad)          # C order: the first one
    expected = max(0.01 / max(1.0, abs(wrong[ix]), abs(2 * x[ix])) for ix in bad)
    assert result.max_rel_error == pytest.approx(expected, rel=1e-4)
    assert capsys.readouterr() == ("", "")


def test_e5_wrong_gradient_via_tuple_return():
    x = np.array([1.0, 2.0, 3.0])
    result = gradcheck(lambda v: (np.sum(v ** 2), 2 * v + np.array([0, 0, 1e-3])), x)
    assert result.first_failure == (2,)


def test_e5_relative_error_is_scaled_by_max_of_1_and_magnitudes():
    # |a − n| / max(1, |a|, |n|): an error of 0.005 passes on a gradient of 1000
    # (5e-6 relative) but 0.02 fails (2e-5); on a gradient of 0.2 the scale is 1,
    # so 5e-6 passes and 2e-5 fails.
    for x0, off, ok in [(500.0, 0.005, True), (500.0, 0.02, False),
                        (0.1, 5e-6, True), (0.1, 2e-5, False)]:
        x = np.array([x0])
        result = gradcheck(lambda v: np.sum(v ** 2), x, grad=2 * x + off)
        assert result.passed is ok, (x0, off)


def test_e5_gradcheck_restores_x():
    x = np.array([[0.5, -0.25], [2.0, 1.0]])
    before = x.copy()
    gradcheck(sum_of_squares, x)
    np.testing.assert_array_equal(x, before)


def test_e5_gradcheck_rejects_non_scalar_function():
    with pytest.raises(ValueError, match="scalar"):
        gradcheck(lambda v: (v * 2, np.ones_like(v)), np.ones(3))


# -- E6 learning the area of a circle -----------------------------------------------
def test_e6_circle_area_points():
    np.testing.assert_array_equal(CIRCLE_AREA_POINTS, [[1, 3.14], [1.4, 6.15], [2, 12.56],
                                                       [10, 314], [20, 1256]])
    ds = circle_area_dataset()
    assert ds.n_samples == 5 and ds.task == "regression"


def test_e6_pi_is_learned_from_the_data_alone():
    ds = circle_area_dataset()
    R2 = ds.X ** 2                                  # the feature r², 1 … 400
    Y = ds.targets()
    net = Network(dense((1, 1, "identity")), seed=0)    # y = w·r² + b
    w0 = float(net.params["W1"][0, 0])
    assert abs(w0 - 3.14) > 3                       # nothing of π in the start
    # Adam's steps do not depend on the feature's scale (1 … 400); plain
    # gradient descent needs a learning rate of ~1e-6 here.
    trainer = Trainer(net, R2, Y, loss="mse", optimizer="adam", lr=0.1)
    trainer.train(3000)
    assert net.params["W1"][0, 0] == pytest.approx(3.14, abs=0.01)   # a parameter ...
    assert trainer.optimizer.lr == 0.1                                # ... and a hyper-parameter
    assert net.parameter_count == 2
    w, b = np.linalg.lstsq(np.c_[R2, np.ones(5)], Y[:, 0], rcond=None)[0]
    assert net.params["W1"][0, 0] == pytest.approx(w, abs=1e-3)


def test_e6_learning_rate_choice_matters():
    ds = circle_area_dataset()
    R2, Y = ds.X ** 2, ds.targets()
    slow = Network(dense((1, 1, "identity")), seed=0)
    Trainer(slow, R2, Y, loss="mse", optimizer="sgd", lr=1e-6).train(20000)
    assert slow.params["W1"][0, 0] == pytest.approx(3.14, abs=0.01)
    fast = Network(dense((1, 1, "identity")), seed=0)
    t = Trainer(fast, R2, Y, loss="mse", optimizer="sgd", lr=1e-3)
    assert t.train(100).diverged                   # far too large for r² up to 400


# -- E7 simple linear regression ----------------------------------------------------
def test_e7_square_loss_gradients_for_one_sample():
    net = Network(dense((1, 1, "identity")), seed=0)
    w, b, x, y = 0.5, 0.25, 2.0, 3.0
    net.params["W1"][...] = w
    net.params["b1"][...] = b
    value, grads = net.loss_and_gradients(np.array([[x]]), np.array([[y]]), "mse")
    r = w * x + b - y
    assert value == 0.5 * r ** 2
    assert grads["W1"][0, 0] == x * r               # ∂L/∂w = x(wx + b − y)
    assert grads["b1"][0] == r                      # ∂L/∂b = wx + b − y


def test_e7_loss_over_w_b_is_a_bowl():
    ds = make_dataset("line", 40, 0.1, seed=0)
    X, Y = ds.features(), ds.targets()
    net = Network(dense((1, 1, "identity")), seed=0)
    ws, bs = np.linspace(-3, 3, 13), np.linspace(-3, 3, 13)
    L = np.empty((13, 13))
    for i, w in enumerate(ws):
        for j, b in enumerate(bs):
            net.set_flat([w, b])
            L[i, j] = net.loss(X, Y, "mse")
    # A quadratic with a positive definite Hessian: convex along both axes
    # (constant positive second differences) and the minimum inside.
    d2w, d2b = np.diff(L, 2, axis=0), np.diff(L, 2, axis=1)
    assert d2w.min() > 0 and np.ptp(d2w) < 1e-9
    assert d2b.min() > 0 and np.ptp(d2b) < 1e-9
    i, j = np.unravel_index(L.argmin(), L.shape)
    assert 0 < i < 12 and 0 < j < 12


def test_e7_descent_from_a_reaches_least_squares_minimum_b():
    ds = make_dataset("line", 60, 0.2, seed=1)
    X, Y = ds.features(), ds.targets()
    B = np.linalg.lstsq(np.c_[X, np.ones(len(X))], Y[:, 0], rcond=None)[0]
    net = Network(dense((1, 1, "identity")), seed=0)
    A = np.array([-2.0, 2.5])
    net.set_flat(A)
    trainer = Trainer(net, X, Y, loss="mse", optimizer="sgd", lr=0.5)
    trainer.train(400)
    np.testing.assert_allclose(net.get_flat(), B, atol=1e-3)
    assert np.linalg.norm(A - B) > 1
    losses = trainer.history["train_loss"]
    assert np.all(np.diff(losses) <= 1e-15)          # gradient descent only goes down


# -- E9 single-layer forward with a shape check ----------------------------------------
def test_e9_affine_1x3_times_3x1():
    x = np.array([[1.0, 2.0, 3.0]])
    W = np.array([[0.5], [-1.0], [2.0]])
    z = affine(x, W)
    assert z.shape == (1, 1) and z[0, 0] == 4.5
    assert affine(x, W, np.array([0.5]))[0, 0] == 5.0


def test_e9_mismatched_shapes_name_both():
    with pytest.raises(ShapeError) as e:
        affine(np.ones((1, 3)), np.ones((4, 1)))
    assert "(1, 3)" in str(e.value) and "(4, 1)" in str(e.value)
    with pytest.raises(ShapeError, match=r"\(2,\)"):
        affine(np.ones((1, 3)), np.ones((3, 1)), np.ones(2))


def test_e9_network_forward_with_wrong_feature_count_names_layer_1():
    net = Network(dense((3, 1, "identity")), seed=0)
    with pytest.raises(ShapeError) as e:
        net.forward(np.ones((2, 4)))
    msg = str(e.value)
    assert "layer 1" in msg and "4" in msg and "3" in msg


# -- E10 single layer with MSE ------------------------------------------------------
def test_e10_single_layer_mse_gradient_is_xt_times_error():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(1, 5))
    target = np.array([[0.7]])
    net = Network(dense((5, 1, "identity")), seed=3)
    y_hat = net.forward(X)
    assert y_hat.shape == (1, 1)
    np.testing.assert_allclose(y_hat, X @ net.params["W1"] + net.params["b1"], rtol=1e-15)
    value, grads = net.loss_and_gradients(X, target, "mse")
    # With n = 1, our ½ and 1/n cancel the 2 of the derivative exactly.
    assert value == pytest.approx(0.5 * float((y_hat - target)[0, 0]) ** 2, rel=1e-15)
    np.testing.assert_allclose(grads["W1"], X.T @ (y_hat - target), rtol=1e-15, atol=0)
    assert grads["W1"].shape == (5, 1)
