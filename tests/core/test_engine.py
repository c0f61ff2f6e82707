"""The engine's contracts: spec validation, parameters, data sets, CSV import,
optimisers and the trainer (stop rules, divergence, history)."""
import copy
import json
import math

import numpy as np
import pytest

import core
from core import (
    BackpropError,
    DataError,
    Network,
    ShapeError,
    SpecError,
    Trainer,
    make_dataset,
    parse_spec,
)
from core.data import (
    CLASSIFICATION,
    DATASET_NAMES,
    FEATURE_NAMES,
    dataset_from_source,
    from_points,
    load_csv,
    load_iris,
)
from core.optim import OPTIMIZER_NAMES, make_optimizer, optimizer_from_state
from core.train import (
    STOP_CALLBACK,
    STOP_DIVERGED,
    STOP_EPOCHS,
    STOP_TARGET,
    STOP_TIME,
    History,
    accuracy,
    r2_score,
)


def layer(i, o, act="tanh", **extra):
    return {"input_dim": i, "output_dim": o, "activation": act, **extra}


# == spec validation =============================================================
BAD_SPECS = [
    (5, ["list of layers", "int"]),
    ({"layer": 1}, ["list of layers", "dict"]),
    ([], ["no layers"]),
    ([3], ["layer 1", "expected an object"]),
    ([{"input_dim": 2}], ["layer 1", "missing 'output_dim'"]),
    ([layer(2, 3), {"output_dim": 1}], ["layer 2", "missing 'input_dim'"]),
    ([layer(0, 3)], ["layer 1", "input_dim", "positive", "0"]),
    ([layer(2, 3), layer(3, -1)], ["layer 2", "output_dim", "positive", "-1"]),
    ([layer(2.5, 3)], ["layer 1", "input_dim", "whole number", "2.5"]),
    ([layer(True, 3)], ["layer 1", "input_dim", "whole number"]),
    ([layer("2", 3)], ["layer 1", "input_dim", "whole number"]),
    ([layer(2, 10**6)], ["layer 1", "output_dim", "larger"]),
    ([layer(2, 4, "relu"), layer(4, 1, "swish")], ["layer 2", "unknown activation", "swish",
                                                   "sigmoid"]),
    ([layer(2, 4, "relu"), layer(3, 1, "sigmoid")], ["layer 2", "input_dim is 3",
                                                     "layer 1 outputs 4"]),
    ([layer(2, 4, "softmax"), layer(4, 2, "softmax")], ["layer 1", "softmax",
                                                        "output layer"]),
    ([layer(2, 1, "sigmoid", units=3)], ["layer 1", "unknown key", "units"]),
    ([layer(2, 1, "relu", slope=0.1)], ["layer 1", "slope", "leaky_relu"]),
    ([layer(2, 1, "leaky_relu", slope=1.5)], ["layer 1", "slope", "1.5"]),
    ([layer(2, 1, "leaky_relu", slope="steep")], ["layer 1", "slope", "number"]),
    ('[{"input_dim": 2,', ["not valid JSON", "line 1"]),
    ([layer(1, 1)] * 65, ["65 layers"]),
]


@pytest.mark.parametrize("spec,words", BAD_SPECS, ids=[str(i) for i in range(len(BAD_SPECS))])
def test_malformed_spec_raises_spec_error_naming_layer_and_problem(spec, words):
    with pytest.raises(SpecError) as e:
        parse_spec(spec)
    for w in words:
        assert w in str(e.value), (w, str(e.value))
    with pytest.raises(SpecError):
        Network(spec)


def test_spec_error_is_a_value_error_and_nnviz_error():
    with pytest.raises(ValueError):
        parse_spec([])
    assert issubclass(SpecError, core.NNVizError)


def test_valid_spec_forms():
    spec = [layer(2, 4, "relu"), layer(4, 1, "sigmoid")]
    as_json = json.dumps(spec)
    assert parse_spec(as_json) == parse_spec(spec) == parse_spec({"layers": spec})
    assert parse_spec([layer(2.0, 1)])[0].input_dim == 2        # a whole float is fine
    # Every layer names its activation: a forgotten one is an error, not a guess.
    with pytest.raises(SpecError, match="layer 1: missing 'activation'"):
        parse_spec([{"input_dim": 3, "output_dim": 2}])
    net = Network(spec, seed=0)
    assert Network(net.spec(), seed=0).spec() == spec
    assert parse_spec(net.layers) == net.layers


def test_spec_from_sizes_and_from_sizes():
    net = Network.from_sizes([2, 4, 6, 6, 4, 1], activation="relu", seed=3)
    assert net.sizes == [2, 4, 6, 6, 4, 1]
    assert [ls.activation for ls in net.layers] == ["relu"] * 4 + ["sigmoid"]
    with pytest.raises(SpecError):
        Network.from_sizes([3])


def test_unknown_initialiser():
    with pytest.raises(SpecError, match="initialiser"):
        Network([layer(2, 1)], init="glorot")
    with pytest.raises(SpecError, match="initialiser"):
        Network([layer(2, 1)]).reinitialize(init="glorot")


@pytest.mark.parametrize("init", core.INIT_NAMES)
def test_every_initialiser_gives_finite_parameters(init):
    net = Network([layer(3, 5, "prelu"), layer(5, 2, "identity")], seed=1, init=init)
    assert np.all(np.isfinite(net.theta))
    np.testing.assert_array_equal(net.params["a1"], 0.25)
    if init == "zeros":
        assert not net.params["W1"].any()


# == backprop through things it cannot handle ====================================
def test_step_activation_in_backprop_raises_backprop_error():
    net = Network([layer(2, 3, "step"), layer(3, 1, "sigmoid")], seed=0)
    X, Y = np.ones((4, 2)), np.ones((4, 1))
    net.forward(X)                                    # forward is fine
    with pytest.raises(BackpropError, match="perceptron"):
        net.loss_and_gradients(X, Y)
    out_step = Network([layer(2, 1, "step")], seed=0)
    with pytest.raises(BackpropError):
        out_step.loss_and_gradients(X, Y, "mse")
    with pytest.raises(BackpropError):
        Trainer(net, X, Y).step()


@pytest.mark.parametrize("out_act,loss,words", [
    ("identity", "binary_cross_entropy", ["binary_cross_entropy", "sigmoid", "layer 2",
                                          "identity"]),
    ("tanh", "cross_entropy", ["cross_entropy", "softmax", "layer 2"]),
    ("softmax", "mse", ["softmax", "cross_entropy"]),
    ("softmax", "binary_cross_entropy", ["sigmoid", "softmax"]),
    ("sigmoid", "hinge", ["unknown loss", "hinge"]),
])
def test_loss_output_mismatch_raises_spec_error(out_act, loss, words):
    net = Network([layer(2, 3, "tanh"), layer(3, 2, out_act)], seed=0)
    X, Y = np.zeros((3, 2)), np.zeros((3, 2))
    with pytest.raises(SpecError) as e:
        net.loss_and_gradients(X, Y, loss)
    for w in words:
        assert w in str(e.value)
    with pytest.raises(SpecError):
        Trainer(net, X, Y, loss=loss)


def test_default_loss_follows_output_layer():
    assert Network([layer(2, 3, "softmax")]).default_loss == "cross_entropy"
    assert Network([layer(2, 1, "sigmoid")]).default_loss == "binary_cross_entropy"
    assert Network([layer(2, 1, "tanh")]).default_loss == "mse"


def test_bad_targets_and_inputs_raise_shape_error():
    net = Network([layer(3, 2, "identity")], seed=0)
    with pytest.raises(ShapeError, match=r"\(4, 3\)"):
        net.loss(np.ones((4, 3)), np.ones((4, 3)))
    with pytest.raises(ShapeError, match="no samples"):
        net.forward(np.ones((0, 3)))
    with pytest.raises(ShapeError, match="2-D"):
        net.forward(np.ones((2, 3, 1)))
    assert net.forward(np.ones(3)).shape == (1, 2)          # one sample as a vector


# == parameters ===================================================================
def test_params_are_live_views_into_theta():
    net = Network([layer(2, 3, "tanh"), layer(3, 1, "identity")], seed=0)
    X = np.array([[0.3, -0.7]])
    before = net.forward(X)
    net.params["W1"][0, 0] += 1.0
    assert net.forward(X)[0, 0] != before[0, 0]
    assert net.theta[net.param_index("W1[0,0]")] == net.params["W1"][0, 0]
    net.params["b2"][0] = 5.0
    assert net.theta[net.param_index("b2[0]")] == 5.0
    net.theta[...] = 0.0
    assert not net.params["W1"].any() and net.forward(X)[0, 0] == 0.0


def test_flat_round_trip_and_copies():
    net = Network([layer(2, 3, "prelu"), layer(3, 2, "softmax")], seed=4)
    flat = net.get_flat()
    flat[0] = 123.0
    assert net.theta[0] != 123.0                 # get_flat returns a copy
    target = np.arange(net.parameter_count, dtype=float)
    net.set_flat(target)
    np.testing.assert_array_equal(net.get_flat(), target)
    start = net.param_index("a1[0]")
    np.testing.assert_array_equal(net.params["a1"], target[start:start + 3])
    assert net.params["W1"][0, 0] == target[net.param_index("W1[0,0]")]
    with pytest.raises(ShapeError, match=str(net.parameter_count)):
        net.set_flat(np.zeros(net.parameter_count + 1))
    views = net.unflatten(target * 2)
    np.testing.assert_array_equal(views["W2"], 2 * net.params["W2"])


def test_param_index_and_name_round_trip_for_every_index():
    net = Network([layer(3, 4, "prelu"), layer(4, 2, "leaky_relu"), layer(2, 3, "softmax")],
                  seed=0)
    names = [net.param_name(i) for i in range(net.parameter_count)]
    assert len(set(names)) == net.parameter_count
    for i, name in enumerate(names):
        assert net.param_index(name) == i
    # Each name addresses the same number as the params view of that name.
    rng = np.random.default_rng(0)
    net.set_flat(rng.normal(size=net.parameter_count))
    for i, name in enumerate(names):
        key, idx = name.split("[")
        ix = tuple(int(k) for k in idx.rstrip("]").split(","))
        assert net.params[key][ix] == net.theta[i]
    assert net.param_index(" W1 [ 2 , 3 ] ") == net.param_index("W1[2,3]")
    with pytest.raises(IndexError):
        net.param_name(net.parameter_count)
    for bad in ("W9[0,0]", "W1[3,0]", "b1[0,0]", "x", "W1[0]"):
        with pytest.raises(SpecError):
            net.param_index(bad)


def test_copy_is_independent():
    net = Network([layer(2, 5, "rrelu"), layer(5, 1, "sigmoid")], seed=2)
    twin = net.copy()
    np.testing.assert_array_equal(twin.theta, net.theta)
    assert twin.spec() == net.spec() and twin.init == net.init
    X = np.random.default_rng(0).normal(size=(8, 2))
    # Same RReLU random state: the same training-mode noise.
    np.testing.assert_array_equal(twin.forward(X, train=True), net.forward(X, train=True))
    twin.params["W1"][...] += 1.0
    assert not np.array_equal(twin.theta, net.theta)
    assert not np.array_equal(twin.forward(X), net.forward(X))


def test_deepcopy_keeps_views_attached():
    net = Network([layer(2, 3, "prelu"), layer(3, 1, "sigmoid")], seed=2)
    X = np.random.default_rng(0).normal(size=(6, 2))
    Y = (X[:, :1] > 0).astype(float)
    net.forward(X)
    twin = copy.deepcopy(net)
    assert np.shares_memory(twin.params["W1"], twin.theta)
    assert not np.shares_memory(twin.theta, net.theta)
    v1, g1 = net.flat_loss_and_gradient(X, Y)
    v2, g2 = twin.flat_loss_and_gradient(X, Y)
    assert v1 == v2 and np.array_equal(g1, g2)
    Trainer(twin, X, Y, lr=1.0).train(5)
    assert not np.array_equal(twin.theta, net.theta)
    np.testing.assert_array_equal(twin.params["W1"], twin.theta[:6].reshape(2, 3))


def test_predict():
    X = np.random.default_rng(0).normal(size=(7, 2))
    clf = Network([layer(2, 3, "softmax")], seed=0)
    np.testing.assert_array_equal(clf.predict(X), clf.forward(X).argmax(axis=1))
    binary = Network([layer(2, 1, "sigmoid")], seed=0)
    p = binary.predict(X)
    assert p.dtype.kind == "i"
    np.testing.assert_array_equal(p, (binary.forward(X)[:, 0] >= 0.5).astype(int))
    reg = Network([layer(2, 2, "identity")], seed=0)
    np.testing.assert_array_equal(reg.predict(X), reg.forward(X))


def test_forward_matches_row_major_formula_and_fills_cache():
    rng = np.random.default_rng(1)
    net = Network([layer(3, 4, "tanh"), layer(4, 5, "relu"), layer(5, 2, "softmax")], seed=1)
    X = rng.normal(size=(6, 3))
    out = net.forward(X)
    c = net.cache
    assert len(c.Z) == 3 and len(c.A) == 4
    assert c.A[0] is X or np.array_equal(c.A[0], X)
    for i, units in enumerate([4, 5, 2], start=1):
        assert c.Z[i - 1].shape == (6, units) and c.A[i].shape == (6, units)
        np.testing.assert_allclose(c.Z[i - 1], c.A[i - 1] @ net.params[f"W{i}"]
                                   + net.params[f"b{i}"], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(c.A[1], np.tanh(c.Z[0]), rtol=1e-14)
    np.testing.assert_array_equal(c.A[2], np.maximum(c.Z[1], 0))
    np.testing.assert_allclose(c.A[3], core.softmax(c.Z[2]), rtol=1e-14)
    np.testing.assert_array_equal(out, c.A[3])
    out[0, 0] = 99.0                                   # forward returns a new array
    assert c.A[3][0, 0] != 99.0


def test_forward_inference_matches_forward():
    rng = np.random.default_rng(2)
    net = Network([layer(2, 8, "tanh"), layer(8, 8, "leaky_relu"), layer(8, 6, "prelu"),
                   layer(6, 3, "rrelu"), layer(3, 2, "softmax")], seed=3, init="xavier")
    X = rng.normal(size=(500, 2))
    ref = net.forward(X)
    cached = net.cache
    f32 = net.forward_inference(X)
    assert f32.dtype == np.float32 and f32.shape == (500, 2)
    np.testing.assert_allclose(f32, ref, rtol=2e-5, atol=2e-6)
    np.testing.assert_allclose(net.forward_inference(X, np.float64), ref, rtol=1e-12)
    assert net.cache is cached                          # left alone
    sig = Network.from_sizes([2, 16, 16, 1], seed=0)
    np.testing.assert_allclose(sig.forward_inference(X), sig.forward(X), atol=1e-6)


# == data sets ====================================================================
@pytest.mark.parametrize("name", [n for n in DATASET_NAMES if n not in ("iris", "digits")])
def test_generators_shapes_labels_and_determinism(name):
    ds = make_dataset(name, 120, 0.1, seed=5, test_fraction=0.25)
    d = 1 if name in ("line", "circle_area", "sine") else 2
    assert ds.X.shape == (120, d) and ds.y.shape == (120,)
    assert np.all(np.isfinite(ds.X)) and np.all(np.isfinite(ds.y))
    if name in CLASSIFICATION:
        assert ds.task == "classification" and ds.n_classes == 2
        assert set(np.unique(ds.y)) == {0, 1}
        assert ds.targets().shape == (120, 1)
    else:
        assert ds.task == "regression" and ds.output_dim == 1
    again = make_dataset(name, 120, 0.1, seed=5, test_fraction=0.25)
    np.testing.assert_array_equal(again.X, ds.X)
    np.testing.assert_array_equal(again.test_idx, ds.test_idx)
    other = make_dataset(name, 120, 0.1, seed=6, test_fraction=0.25)
    assert not np.array_equal(other.X, ds.X)
    # The split: 30 test points, disjoint, covering everything.
    assert len(ds.test_idx) == 30 and len(ds.train_idx) == 90
    assert np.array_equal(np.sort(np.r_[ds.train_idx, ds.test_idx]), np.arange(120))
    Xtr, Ytr, Xte, Yte = ds.split()
    assert Xtr.shape == (90, d) and Yte.shape == (30, 1)
    rebuilt = dataset_from_source(ds.source)
    np.testing.assert_array_equal(rebuilt.X, ds.X)


@pytest.mark.parametrize("name", ["gaussians", "spiral"])
def test_multiclass_generators(name):
    ds = make_dataset(name, 90, 0.05, seed=0, classes=3)
    assert ds.n_classes == 3 and ds.output_dim == 3
    assert np.array_equal(np.bincount(ds.y), [30, 30, 30])
    T = ds.targets()
    assert T.shape == (90, 3) and np.array_equal(T.argmax(1), ds.y) and np.all(T.sum(1) == 1)


@pytest.mark.parametrize("fraction,n_test", [(0.0, 0), (0.1, 10), (0.5, 50), (0.999, 99)])
def test_test_fraction_respected(fraction, n_test):
    ds = make_dataset("moons", 100, 0.1, seed=0, test_fraction=fraction)
    assert len(ds.test_idx) == n_test and len(ds.train_idx) == 100 - n_test


def test_noise_changes_points_and_zero_noise_is_clean():
    clean = make_dataset("circles", 200, 0.0, seed=0)
    r = np.hypot(*clean.X.T)
    assert r[clean.y == 0].max() <= 0.5 and r[clean.y == 1].min() >= 0.7
    noisy = make_dataset("circles", 200, 0.3, seed=0)
    assert not np.array_equal(noisy.X, clean.X)


@pytest.mark.parametrize("kwargs,word", [
    ({"noise": -0.1}, "noise"), ({"noise": 11}, "noise"), ({"noise": float("nan")}, "noise"),
    ({"noise": "lots"}, "noise"), ({"n_samples": 3}, "samples"),
    ({"n_samples": 10**6}, "samples"), ({"classes": 1}, "classes"), ({"classes": 11}, "classes"),
    ({"test_fraction": 1.0}, "test fraction"), ({"test_fraction": -0.1}, "test fraction"),
    ({"name": "mnist"}, "unknown data set"),
])
def test_generator_arguments_validated(kwargs, word):
    args = {"name": "moons", "n_samples": 50, "noise": 0.1, "seed": 0, **kwargs}
    with pytest.raises(DataError, match=word):
        make_dataset(**args)


def test_iris():
    X, y, inputs, classes = load_iris()
    assert X.shape == (150, 4) and len(inputs) == 4 and len(classes) == 3
    assert np.array_equal(np.bincount(y), [50, 50, 50])
    ds = make_dataset("iris", noise=0.0, seed=0, test_fraction=0.2)
    np.testing.assert_array_equal(ds.X, X)
    assert ds.n_classes == 3 and ds.output_dim == 3 and ds.targets().shape == (150, 3)
    assert len(ds.test_idx) == 30
    assert 4.0 < X[:, 0].min() and X[:, 0].max() < 8.0     # sepal lengths in cm


def test_engineered_features():
    ds = make_dataset("xor", 50, 0.0, seed=1)
    F = ds.features(list(FEATURE_NAMES))
    x1, x2 = ds.X.T
    expected = np.stack([x1, x2, x1 ** 2, x2 ** 2, x1 * x2, np.sin(x1), np.sin(x2)], 1)
    np.testing.assert_array_equal(F, expected)
    np.testing.assert_array_equal(ds.features(), ds.X)
    np.testing.assert_array_equal(ds.features(["x1*x2"], X=[[2.0, 3.0]]), [[6.0]])
    with pytest.raises(DataError, match="x3"):
        ds.features(["x1", "x3"])
    line = make_dataset("line", 20, 0.1, seed=0)
    with pytest.raises(DataError, match="2-D"):
        line.features(["x1^2"])


def test_from_points_validation():
    ds = from_points([[0, 0], [1, 1], [2, 0]], [0, 1, 2])
    assert ds.n_classes == 3 and ds.output_dim == 3
    with pytest.raises(DataError, match="labels"):
        from_points([[0, 0], [1, 1]], [0])
    with pytest.raises(DataError, match="whole numbers"):
        from_points([[0, 0], [1, 1]], [0.5, 1])
    with pytest.raises(DataError, match="NaN"):
        from_points([[0, np.nan]], [0])


# == CSV import ===================================================================
def test_csv_with_header_classification(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n-1,2.5,1\n\n0,0,0\n", encoding="utf-8")
    ds = load_csv(path, test_fraction=0.0, standardize=False)
    assert ds.task == "classification" and ds.n_classes == 2
    np.testing.assert_array_equal(ds.X, [[0.1, 0.2], [0.3, 0.4], [-1, 2.5], [0, 0]])
    np.testing.assert_array_equal(ds.y, [0, 1, 1, 0])
    assert load_csv(str(path)).n_samples == 4


def test_csv_without_header_regression_text():
    ds = load_csv("1.0, 2.5\n2.0, 4.75\n3.0, 7.0\n", test_fraction=0.0, standardize=False)
    assert ds.task == "regression"
    np.testing.assert_array_equal(ds.X, [[1.0], [2.0], [3.0]])
    np.testing.assert_array_equal(ds.y, [2.5, 4.75, 7.0])
    # Whole-number targets with many distinct values are regression too.
    many = "\n".join(f"{i},{i * 3}" for i in range(20))
    assert load_csv(many + "\n").task == "regression"
    assert load_csv("1,2\n3,4\n", task="regression").task == "regression"


@pytest.mark.parametrize("text,words", [
    ("a,b,c\n1,2,0\n1,x,1\n", ["line 3", "'x'", "not a number"]),
    ("1,2,0\n3,4,1\n5,6\n", ["line 3", "2 columns", "expected 3"]),
    ("a,b\n1,2\n3,4,5\n", ["line 3", "3 columns", "expected 2"]),
    ("1,2,0\n1,nan,1\n", ["line 2", "NaN"]),
    ("x,y\n", ["only a header"]),
    ("1\n2\n", ["two columns"]),
    (" \n\n", ["no rows"]),
])
def test_bad_csv_raises_data_error_naming_the_line(tmp_path, text, words):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_csv(path)
    for w in words:
        assert w in str(e.value), (w, str(e.value))
    assert "bad.csv" in str(e.value)


def test_csv_empty_missing_and_binary_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="no rows"):
        load_csv(empty)
    with pytest.raises(DataError, match="no such file"):
        load_csv(tmp_path / "nowhere.csv")
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(DataError, match="not a text"):
        load_csv(binary)


# == optimisers ===================================================================
QUAD_A = np.array([[3.0, 0.5], [0.5, 1.0]])
QUAD_B = np.array([1.0, -2.0])
QUAD_MIN = np.linalg.solve(QUAD_A, QUAD_B)


def quad(theta):
    return 0.5 * theta @ QUAD_A @ theta - QUAD_B @ theta, QUAD_A @ theta - QUAD_B


@pytest.mark.parametrize("name,lr", [("sgd", 0.2), ("momentum", 0.05), ("nesterov", 0.05),
                                     ("adagrad", 0.5), ("rmsprop", 0.03), ("adam", 0.05)])
def test_each_optimizer_reduces_a_quadratic(name, lr):
    opt = make_optimizer(name, lr)
    theta = np.array([4.0, 4.0])
    f0 = quad(theta)[0]
    for _ in range(500):
        opt.step(theta, quad(theta)[1])
    f_min = quad(QUAD_MIN)[0]
    assert quad(theta)[0] - f_min < 1e-3 * (f0 - f_min)
    np.testing.assert_allclose(theta, QUAD_MIN, atol=0.05)
    assert opt.t == 500


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_optimizer_state_round_trip_continues_identically(name):
    a = make_optimizer(name, 0.03)
    theta_a = np.array([4.0, -3.0])
    for _ in range(7):
        a.step(theta_a, quad(theta_a)[1])
    state = a.state_dict()
    b = optimizer_from_state(copy.deepcopy(state))
    c = make_optimizer(name, 1.0).load_state_dict(state)
    theta_b, theta_c = theta_a.copy(), theta_a.copy()
    for _ in range(9):
        a.step(theta_a, quad(theta_a)[1])
        b.step(theta_b, quad(theta_b)[1])
        c.step(theta_c, quad(theta_c)[1])
    np.testing.assert_array_equal(theta_b, theta_a)
    np.testing.assert_array_equal(theta_c, theta_a)
    assert b.t == a.t == 16 and b.lr == 0.03 and b.hyper == a.hyper
    # state_dict is a snapshot, not a view of the live state.
    for v in state["state"].values():
        assert not any(np.shares_memory(v, s) for s in a.state.values())


def test_sgd_and_momentum_exact_arithmetic():
    theta = np.array([1.0, 2.0])
    make_optimizer("sgd", 0.1).step(theta, np.array([0.5, -1.0]))
    np.testing.assert_allclose(theta, [0.95, 2.1], rtol=1e-15)
    m = make_optimizer("momentum", 0.1, beta=0.5)
    theta = np.array([1.0])
    m.step(theta, np.array([2.0]))         # v = −0.2, θ = 0.8
    m.step(theta, np.array([1.0]))         # v = −0.1 − 0.1 = −0.2, θ = 0.6
    np.testing.assert_allclose(theta, [0.6], rtol=1e-15)


def test_adam_first_step_has_magnitude_lr():
    # m̂ = g and v̂ = g² after one step, so the step is lr·g/|g| whatever the
    # gradient's scale (ε aside: it is added after the bias correction).
    for g in ([0.5, -5.0, 200.0], [1.0, 1.0, -1.0], [-1e-3, 3e-3, 1e3]):
        theta = np.zeros(3)
        make_optimizer("adam", 0.01).step(theta, np.array(g))
        np.testing.assert_allclose(theta, -0.01 * np.sign(g), rtol=1e-3)
        assert np.all(np.abs(theta) <= 0.01)


def _adam_as_shown(theta, grads, lr, b1=0.9, b2=0.999, eps=1e-8):
    """θ ← θ − η·m̂/(√v̂ + ε) written out literally, as FORMULAS shows it."""
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    for t, g in enumerate(grads, 1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g ** 2
        m_hat = m / (1 - b1 ** t)
        v_hat = v / (1 - b2 ** t)
        theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    return theta


def test_adam_computes_the_formula_it_shows():
    from core.optim import FORMULAS
    assert FORMULAS["adam"].endswith("θ ← θ − η·m̂/(√v̂ + ε)")
    rng = np.random.default_rng(3)
    # Tiny gradients are where ε's placement matters: 1e-9 is close to ε.
    scales = np.array([1e-9, 3e-8, 1e-4, 1.0, 50.0])
    grads = [rng.normal(size=5) * scales for _ in range(40)]
    theta0 = rng.normal(size=5)
    opt = make_optimizer("adam", 0.01, beta1=0.8, beta2=0.99, eps=1e-8)
    theta = theta0.copy()
    for g in grads:
        opt.step(theta, g)
    expected = _adam_as_shown(theta0, grads, 0.01, 0.8, 0.99, 1e-8)
    np.testing.assert_allclose(theta, expected, rtol=1e-12, atol=1e-15)
    # The other placement (ε inside the bias correction) would differ in the
    # tiny-gradient coordinates by far more than rounding.
    m = v = 0
    for g in grads:
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g * g
    step_t = 0.01 * np.sqrt(1 - 0.99 ** 40) / (1 - 0.8 ** 40)
    last_other = step_t * m / (np.sqrt(v) + 1e-8)
    last_shown = 0.01 * (m / (1 - 0.8 ** 40)) / (np.sqrt(v / (1 - 0.99 ** 40)) + 1e-8)
    assert abs(last_other[0] - last_shown[0]) > 1e-3 * abs(last_shown[0])


@pytest.mark.parametrize("call,word", [
    (lambda: make_optimizer("sgd", 0), "positive"),
    (lambda: make_optimizer("sgd", -1), "positive"),
    (lambda: make_optimizer("sgd", float("nan")), "positive"),
    (lambda: make_optimizer("sgd", "fast"), "number"),
    (lambda: make_optimizer("lbfgs"), "unknown optimizer"),
    (lambda: make_optimizer("sgd", 0.1, beta=0.9), "takes no"),
    (lambda: make_optimizer("adam", 0.1, beta1=1.5), "beta1"),
])
def test_optimizer_arguments_validated(call, word):
    with pytest.raises(SpecError, match=word):
        call()


# == trainer ======================================================================
def moons_problem(n=100, seed=0):
    ds = make_dataset("moons", n, 0.15, seed=seed, test_fraction=0.2)
    return ds.split()


def small_net(seed=0):
    return Network.from_sizes([2, 6, 1], seed=seed, init="xavier")


def test_minibatch_shuffle_is_seeded_and_partitions_each_epoch():
    Xtr, Ytr, Xte, Yte = moons_problem()
    runs = []
    for seed in (7, 7, 8):
        t = Trainer(small_net(), Xtr, Ytr, batch_size=32, seed=seed, lr=0.5)
        order = []
        for _ in range(2 * t.batches_per_epoch):
            order.append(t.next_batch_indices().copy())
            t.step()
        runs.append((order, t.net.get_flat()))
    (a, theta_a), (b, theta_b), (c, _) = runs
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    np.testing.assert_array_equal(theta_a, theta_b)
    assert not all(np.array_equal(x, y) for x, y in zip(a, c))
    epoch1, epoch2 = np.concatenate(a[:3]), np.concatenate(a[3:])
    assert np.array_equal(np.sort(epoch1), np.arange(80))        # each point once
    assert np.array_equal(np.sort(epoch2), np.arange(80))
    assert not np.array_equal(epoch1, epoch2)                    # reshuffled
    assert [len(x) for x in a[:3]] == [32, 32, 16]


@pytest.mark.parametrize("batch,per_epoch", [(0, 1), (1, 80), (32, 3), (40, 2), (80, 1),
                                             (500, 1)])
def test_batches_per_epoch_and_step_count(batch, per_epoch):
    Xtr, Ytr, _, _ = moons_problem()
    t = Trainer(small_net(), Xtr, Ytr, batch_size=batch)
    assert t.batches_per_epoch == per_epoch
    assert t.full_batch == (per_epoch == 1)
    r = t.train(2)
    assert r.steps == t.steps == 2 * per_epoch and r.epochs == t.epoch == 2
    assert list(t.history["step"]) == [per_epoch, 2 * per_epoch]


def test_history_lengths_and_columns():
    Xtr, Ytr, Xte, Yte = moons_problem()
    t = Trainer(small_net(), Xtr, Ytr, Xte, Yte, batch_size=20, lr=0.3)
    t.train(5)
    assert len(t.history) == 5
    for f in History.FIELDS:
        assert t.history[f].shape == (5,)
        assert np.all(np.isfinite(t.history[f]))
    assert list(t.history["epoch"]) == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError):
        t.history["train_loss"][0] = 1.0                  # read-only view
    t.train(3)
    assert len(t.history) == 8 and t.history.last("epoch") == 8
    no_test = Trainer(small_net(), Xtr, Ytr)
    no_test.train(2)
    assert np.all(np.isnan(no_test.history["test_loss"]))
    h = History.from_dict(t.history.to_dict())
    assert len(h) == 8 and np.array_equal(h["train_loss"], t.history["train_loss"])
    for _ in range(300):                                   # grows past its first block
        h.append(epoch=1.0)
    assert len(h) == 308 and np.isnan(h["test_metric"][-1])
    h.truncate(3)
    assert len(h) == 3


def test_train_metric_is_accuracy_before_each_update():
    Xtr, Ytr, _, _ = moons_problem()
    for batch in (0, 25):
        net = small_net(seed=3)
        t = Trainer(net, Xtr, Ytr, batch_size=batch, lr=0.5, seed=1)
        t.train(3)
        correct = loss = 0.0
        for _ in range(t.batches_per_epoch):
            idx = t.next_batch_indices()
            idx = np.arange(len(Xtr)) if idx is None else idx
            correct += accuracy(net.forward(Xtr[idx]), Ytr[idx]) * len(idx)
            loss += net.loss(Xtr[idx], Ytr[idx]) * len(idx)
            t.step()
        assert t.history.last("train_metric") == pytest.approx(correct / len(Xtr), rel=1e-12)
        assert t.history.last("train_loss") == pytest.approx(loss / len(Xtr), rel=1e-12)


def test_multiclass_and_regression_metrics():
    ds = make_dataset("gaussians", 120, 0.0, seed=0, classes=3)
    net = Network.from_sizes([2, 8, 3], output_activation="softmax", seed=0)
    t = Trainer(net, *ds.split(), optimizer="adam", lr=0.05)
    t.train(30)
    out = net.forward(ds.split()[2])
    assert t.history.last("test_metric") == accuracy(out, ds.split()[3])
    assert t.history.last("test_metric") > 0.9 and t.metric_name == "accuracy"
    reg = make_dataset("sine", 100, 0.05, seed=0)
    rnet = Network.from_sizes([1, 8, 1], output_activation="identity", seed=0)
    rt = Trainer(rnet, *reg.split(), optimizer="adam", lr=0.05)
    rt.train(50)
    assert rt.task == "regression" and rt.metric_name == "R²"
    Xtr, Ytr = reg.split()[:2]
    assert rt.history.last("train_metric") == pytest.approx(r2_score(rnet.forward(Xtr), Ytr))
    s = rt.summary()
    assert set(s) >= {"train_loss", "test_loss", "train_r2", "test_r2", "epochs", "diverged"}


def test_stop_rules():
    Xtr, Ytr, Xte, Yte = moons_problem()
    t = Trainer(small_net(), Xtr, Ytr, optimizer="adam", lr=0.05)
    r = t.train(2000, target_loss=0.3)
    assert r.reason == STOP_TARGET and r.epochs < 2000
    assert t.history.last("train_loss") <= 0.3 < t.history["train_loss"][-2]
    t2 = Trainer(small_net(), Xtr, Ytr)
    seen = []
    r = t2.train(50, on_epoch=lambda tr: seen.append(tr.epoch) or tr.epoch < 4)
    assert r.reason == STOP_CALLBACK and seen == [1, 2, 3, 4] and t2.epoch == 4
    r = t2.train(3)
    assert r.reason == STOP_EPOCHS and t2.epoch == 7 and r.epochs == 7 and r.steps == 3
    t3 = Trainer(small_net(), Xtr, Ytr, batch_size=1)
    r = t3.train(10**6, time_budget=0.05)
    assert r.reason == STOP_TIME and 0.05 <= r.seconds < 2.0 and 0 < t3.epoch < 10**6
    assert t3.train(0).steps == 0
    with pytest.raises(SpecError):
        t3.train(-1)


@pytest.mark.parametrize("scale,lr,what", [(10, 1e7, "parameters blew up"),
                                           (10, 1e300, "parameters blew up"),
                                           (10, 3.0, "loss grew"),
                                           (1e200, 0.1, "loss became inf")])
def test_divergence_keeps_last_finite_parameters(scale, lr, what):
    ds = make_dataset("line", 50, 0.1, seed=0)
    X = ds.features() * scale                   # large inputs: easy to overshoot
    Y = ds.targets()
    net = Network.from_sizes([1, 4, 1], activation="identity", output_activation="identity",
                             seed=0)
    t = Trainer(net, X, Y, loss="mse", optimizer="sgd", lr=lr)
    snapshots = [net.get_flat()]
    r = t.train(500, on_epoch=lambda tr: snapshots.append(tr.net.get_flat()))
    assert r.diverged and t.diverged and r.reason == STOP_DIVERGED
    assert "learning rate" in r.message and f"{lr:g}" in r.message and what in r.message
    assert r.message == t.divergence
    assert np.all(np.isfinite(net.theta))
    np.testing.assert_array_equal(net.theta, snapshots[-1])
    assert np.all(np.isfinite(t.history["train_loss"]))
    assert len(t.history) == len(snapshots) - 1
    steps = t.steps
    assert math.isnan(t.step()) and t.steps == steps          # stays stopped
    np.testing.assert_array_equal(net.theta, snapshots[-1])


def test_no_divergence_for_a_sane_learning_rate():
    Xtr, Ytr, _, _ = moons_problem()
    t = Trainer(small_net(), Xtr, Ytr, lr=0.5)
    r = t.train(100)
    assert not r.diverged and r.message == "" and t.divergence == ""


def test_trainer_argument_validation():
    Xtr, Ytr, _, _ = moons_problem()
    net = small_net()
    for kwargs, word in [({"batch_size": -1}, "batch size"), ({"batch_size": "x"}, "batch"),
                         ({"l2": -0.1}, "l2"), ({"l1": float("inf")}, "l1"),
                         ({"optimizer": "newton"}, "optimizer"), ({"lr": 0}, "learning rate")]:
        with pytest.raises(SpecError, match=word):
            Trainer(net, Xtr, Ytr, **kwargs)
    with pytest.raises(ShapeError):
        Trainer(net, Xtr, Ytr[:-1])


def test_regularisation_shrinks_weights():
    Xtr, Ytr, _, _ = moons_problem()
    norms = {}
    for l2 in (0.0, 0.1):
        net = small_net(seed=1)
        Trainer(net, Xtr, Ytr, lr=0.5, l2=l2).train(200)
        norms[l2] = np.linalg.norm(net.params["W1"])
    assert norms[0.1] < 0.7 * norms[0.0]


def test_accuracy_and_r2_helpers():
    assert accuracy(np.array([[0.7], [0.2], [0.5]]), np.array([[1.0], [0.0], [0.0]])) == 2 / 3
    out = np.array([[0.1, 0.8, 0.1], [0.5, 0.2, 0.3], [0.2, 0.3, 0.5]])
    Y = np.eye(3)[[1, 0, 0]]
    assert accuracy(out, Y) == 2 / 3
    y = np.array([[1.0], [2.0], [4.0]])
    assert r2_score(y, y) == 1.0
    assert r2_score(np.full_like(y, y.mean()), y) == 0.0
    assert r2_score(np.array([[2.0], [2.0], [3.0]]), y) == pytest.approx(
        1 - (1 + 0 + 1) / np.sum((y - y.mean()) ** 2))
    const = np.ones((3, 1))
    assert r2_score(const, const) == 1.0 and r2_score(const * 2, const) == 0.0


def test_evaluate_and_trainer_deepcopy():
    Xtr, Ytr, Xte, Yte = moons_problem()
    t = Trainer(small_net(), Xtr, Ytr, Xte, Yte, batch_size=16, lr=0.3, seed=2)
    t.train(2)
    loss, acc = t.evaluate(Xte, Yte)
    assert loss == pytest.approx(t.net.loss(Xte, Yte)) and 0 <= acc <= 1
    twin = copy.deepcopy(t)                   # the session's undo snapshots
    t.train(3)
    twin.train(3)
    np.testing.assert_array_equal(twin.net.theta, t.net.theta)
    np.testing.assert_array_equal(twin.history["train_loss"], t.history["train_loss"])


def test_bundled_files_are_found():
    from core.paths import resource_path
    p = resource_path("datasets", "iris.csv")
    assert p.read_text(encoding="utf-8").startswith("sepal_length,")
    with pytest.raises(FileNotFoundError, match="no-such.csv"):
        resource_path("datasets", "no-such.csv")
