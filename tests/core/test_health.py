"""Training health on constructed cases: dead and saturated units, gradient
norms as the engine computes them, vanishing gradients, learning-rate trouble,
overfitting and its absence; the recorder follows a rewound timeline."""
import numpy as np
import pytest

from core import Network, Trainer, make_dataset
from core.health import (
    GradNorms,
    assess,
    best_test_epoch,
    dead_units,
    gradient_trouble,
    layer_grad_norms,
    overfitting,
    saturated_units,
)
from core.session import Session, Settings
from core.train import History, TrainingWarning


def moons(n=200, noise=0.1, seed=0, test=0.2):
    return make_dataset("moons", n_samples=n, noise=noise, seed=seed, test_fraction=test)


def relu_net(sizes=(2, 8, 6, 1), seed=0):
    return Network.from_sizes(list(sizes), activation="relu", seed=seed, init="he")


# -- dead units --------------------------------------------------------------------------
def test_units_with_very_negative_biases_are_dead():
    X = moons().X
    net = relu_net()
    net.params["b1"][[1, 4, 6]] = -1e3          # z ≤ 0 for every sample
    net.params["b2"][2] = -1e3
    dead = dead_units(net, X)
    assert sorted(dead) == [1, 2]
    assert np.flatnonzero(dead[1]).tolist() == [1, 4, 6]
    assert np.flatnonzero(dead[2]).tolist() == [2]
    r = assess(net, X, History())
    assert r.units("dead") == [[1, 2], [1, 5], [1, 7], [2, 3]]      # 1-based
    assert r.fractions("dead") == {1: (3, 8), 2: (1, 6)}
    sig = r.signals[0]
    assert sig.code == "dead_units" and "3 of 8 in layer 1" in sig.text
    assert "leaky ReLU" in sig.suggestion


def test_a_healthy_relu_net_has_no_dead_units_and_leaky_slope_zero_counts():
    X = moons().X
    net = relu_net()
    assert not any(m.any() for m in dead_units(net, X).values())
    spec = net.spec()
    spec[0].update(activation="leaky_relu", slope=0.0)
    spec[1].update(activation="leaky_relu")          # default slope 0.01: never dead
    leaky = Network(spec, seed=0, init="he")
    leaky.params["b1"][0] = leaky.params["b2"][0] = -1e3
    dead = dead_units(leaky, X)
    assert list(dead) == [1] and dead[1][0] and dead[1].sum() == 1
    tanh = Network.from_sizes([2, 4, 1], activation="tanh", seed=0)
    assert dead_units(tanh, X) == {}                  # only ReLU-like units are judged


# -- saturated units --------------------------------------------------------------------
@pytest.mark.parametrize("act", ["tanh", "sigmoid"])
def test_huge_weights_saturate_and_small_ones_do_not(act):
    X = moons().X
    net = Network.from_sizes([2, 6, 1], activation=act, seed=1, init="small")
    assert not saturated_units(net, X)[1].any()
    net.params["W1"][...] *= 1000.0
    net.params["b1"][...] = 0.0
    sat = saturated_units(net, X)[1]
    assert sat.all()
    r = assess(net, X, History())
    assert r.units("saturated") == [[1, j] for j in range(1, 7)]
    assert r.codes()[0] == "saturated_units" and "6 of 6 in layer 1" in r.signals[0].text


def test_the_saturation_threshold_is_ninety_percent_of_samples():
    X = np.linspace(-1, 1, 100)[:, None]
    net = Network.from_sizes([1, 1, 1], activation="tanh", init="zeros")
    # z = 10 x: |z| > 2.5 where |x| > 0.25: 76 of 100 samples, not saturated
    net.params["W1"][0, 0] = 10.0
    assert not saturated_units(net, X)[1][0]
    net.params["W1"][0, 0] = 100.0       # |x| > 0.025: 98 of 100
    assert saturated_units(net, X)[1][0]


# -- gradient norms ---------------------------------------------------------------------
def test_recorded_norms_are_the_norms_of_the_engines_per_layer_gradients():
    ds = moons()
    net = Network.from_sizes([2, 5, 4, 1], activation="tanh", seed=0, init="xavier")
    t = Trainer(net, *ds.split(), optimizer="sgd", lr=0.1, batch_size=0)
    rec = GradNorms()
    X, Y = t.X, t.Y
    for _ in range(3):
        theta = net.theta.copy()
        t.run_epoch()
        rec.record_epoch(t)
        # the full-batch step's gradient, at the parameters before the update
        probe = Network(net.spec(), init="zeros")
        probe.theta[...] = theta
        _, grads = probe.loss_and_gradients(X, Y, t.loss)
        want = [np.linalg.norm(np.concatenate([grads[f"W{i}"].ravel(), grads[f"b{i}"]]))
                for i in (1, 2, 3)]
        epochs, norms = rec.rows(t.history)
        np.testing.assert_allclose(norms[-1], want, rtol=1e-12)
    assert epochs.tolist() == [1, 2, 3]
    # layer_grad_norms reads the same buffer
    net.flat_loss_and_gradient(X, Y, t.loss)
    _, grads = net.loss_and_gradients(X, Y, t.loss)
    assert layer_grad_norms(net)[0] == pytest.approx(
        np.linalg.norm(np.concatenate([grads["W1"].ravel(), grads["b1"]])))


def test_prelu_slopes_are_left_out_of_the_layer_norm():
    ds = moons()
    net = Network.from_sizes([2, 4, 1], activation="prelu", seed=0, init="he")
    t = Trainer(net, *ds.split(), batch_size=0)
    t.run_epoch()
    rec = GradNorms()
    rec.record_epoch(t)
    g = net._grad
    block1 = g[net._slices[0][0]]
    assert rec.rows(t.history)[1][0, 0] == pytest.approx(np.linalg.norm(block1))


def test_a_deep_sigmoid_net_has_vanishing_gradients_and_relu_he_does_not():
    ds = moons()
    deep = Network.from_sizes([2] + [8] * 6 + [1], activation="sigmoid", seed=0,
                              init="small")
    t = Trainer(deep, *ds.split(), optimizer="sgd", lr=0.1, batch_size=0)
    rec = GradNorms()
    for _ in range(10):
        t.run_epoch()
        rec.record_epoch(t)
    epochs, norms = rec.rows(t.history)
    assert norms[-1, 0] < 1e-3 * norms[-1, -1]
    r = assess(deep, t.X, t.history, grad_norms=norms, grad_epochs=epochs)
    assert "vanishing_gradients" in r.codes()
    healthy = Network.from_sizes([2, 8, 8, 1], activation="relu", seed=0, init="he")
    t = Trainer(healthy, *ds.split(), batch_size=0)
    rec = GradNorms()
    for _ in range(10):
        t.run_epoch()
        rec.record_epoch(t)
    assert gradient_trouble(rec.rows(t.history)[1])[0] is None


def test_exploding_gradients():
    norms = np.array([[5e3, 10.0, 1.0]] * 5)
    assert gradient_trouble(norms)[0] == "exploding"
    assert gradient_trouble(np.array([[1e-6, 1e-2, 1.0]] * 5))[0] == "vanishing"
    assert gradient_trouble(np.full((5, 3), np.nan))[0] is None


def test_the_recorder_follows_a_rewound_timeline_and_undo():
    s = Session(Settings(dataset="moons", samples=120, batch_size=0))
    assert s.health is not None                # from now on every epoch end records
    s.train_epochs(12)
    epochs, norms = s.health.grads.rows(s.history, 3)
    assert len(norms) == 12 and np.isfinite(norms).all()
    before = norms.copy()
    s.rewind(5)
    assert len(s.health.report().grad_norms) == 5
    np.testing.assert_array_equal(s.health.report().grad_norms, before[:5])
    s.train_epochs(3)                          # the same run again: the same numbers
    np.testing.assert_allclose(s.health.report().grad_norms, before[:8], rtol=1e-10)
    s.set(lr=0.5)                              # a different continuation …
    s.train_epochs(2)
    s.undo()
    s.undo()
    s.undo()                                   # … back to 12 epochs of the first run
    r = s.health.report()
    assert len(r.grad_norms) == len(s.history)
    ok = np.isfinite(r.grad_norms).all(axis=1)
    # rows recorded for another history never show as this one's
    np.testing.assert_allclose(r.grad_norms[ok], before[:len(s.history)][ok], rtol=1e-10)


def test_session_train_for_records_once_per_epoch():
    s = Session(Settings(dataset="moons", samples=200, batch_size=32))
    assert s.health is not None
    s.step(45)                                 # 160 training points: 5 batches an epoch
    epochs, norms = s.health.grads.rows(s.history, 3)
    assert len(s.history) == 9 and np.isfinite(norms).all()


# -- learning-rate trouble -------------------------------------------------------------
def test_trainer_warnings_become_learning_rate_signals():
    X = moons().X
    net = Network.from_sizes([2, 4, 1], seed=0)
    w = [TrainingWarning("oscillating", 40, "Training is going nowhere: …")]
    r = assess(net, X, History(), warnings=w)
    assert r.codes() == ["oscillating"]
    assert "epoch 40" in r.signals[0].text and "learning rate" in r.signals[0].suggestion


def test_a_too_large_learning_rate_is_flagged_in_a_session():
    s = Session(Settings(dataset="moons", samples=200, lr=10.0, optimizer="sgd",
                         hidden=(16, 16), batch_size=0, init="uniform"))
    s.train_epochs(100)
    codes = s.health.report().codes()
    assert {"oscillating", "no_progress"} & set(codes) or s.diverged


# -- overfitting -------------------------------------------------------------------------
def overfit_trainer():
    ds = make_dataset("moons", n_samples=30, noise=0.3, seed=0, test_fraction=0.2)
    net = Network.from_sizes([2, 64, 64, 1], activation="tanh", seed=0, init="xavier")
    return Trainer(net, *ds.split(), optimizer="adam", lr=0.01, batch_size=0)


def test_a_big_net_on_few_points_overfits():
    t = overfit_trainer()
    t.train(1000)
    over, best = overfitting(t.history)
    assert over
    test = t.history["test_loss"]
    assert best == int(t.history["epoch"][int(np.argmin(test))])
    assert 1 <= best < 500 and test[-1] > 1.5 * test.min()
    assert t.history["train_loss"][-1] < t.history["train_loss"][best - 1]
    r = assess(t.net, t.X, t.history)
    assert r.overfitting and r.best_test_epoch == best and "overfitting" in r.codes()
    assert f"epoch {best}" in r.signals[-1].suggestion


def test_a_well_sized_run_does_not_overfit():
    ds = moons(n=300, noise=0.1)
    net = Network.from_sizes([2, 8, 1], activation="tanh", seed=0, init="xavier")
    t = Trainer(net, *ds.split(), optimizer="adam", lr=0.01, batch_size=32)
    t.train(200)
    over, best = overfitting(t.history)
    assert not over and best is not None and best > 150


def test_overfitting_needs_a_test_set_and_enough_epochs_and_ignores_noise():
    h = History()
    for e in range(1, 15):
        h.append(epoch=e, step=e, train_loss=1 / e, test_loss=e)
    assert overfitting(h) == (False, 1)           # too few epochs to say
    h = History()
    for e in range(1, 200):
        h.append(epoch=e, step=e, train_loss=1 / e)
    assert overfitting(h) == (False, None) and best_test_epoch(h) is None
    rng = np.random.default_rng(0)                # flat test loss with noise
    h = History()
    for e in range(1, 300):
        h.append(epoch=e, step=e, train_loss=1 / e, test_loss=0.3 + 0.02 * rng.random())
    assert overfitting(h)[0] is False


def test_report_to_dict_is_json_friendly():
    import json
    t = overfit_trainer()
    t.train(300)
    d = assess(t.net, t.X, t.history).to_dict()
    assert set(d) >= {"dead_units", "saturated_units", "grad_norms", "best_test_epoch",
                      "overfitting"}
    json.dumps(d, allow_nan=False)


def test_gradient_rows_are_subsampled_but_the_judged_tail_is_exact():
    from core.health import GRAD_WINDOW
    from core.session import Session
    s = Session()
    assert s.health is not None                    # record from the first epoch
    s.train_epochs(300)
    full_e, full = s.health.grads.rows(s.history, len(s.net.layers))
    e, norms = s.health.grads.rows(s.history, len(s.net.layers), max_rows=50)
    assert len(e) <= 50 + GRAD_WINDOW and e[-1] == full_e[-1]
    np.testing.assert_array_equal(norms[-GRAD_WINDOW:], full[-GRAD_WINDOW:])
    picked = np.searchsorted(full_e, e)
    np.testing.assert_array_equal(norms, full[picked])
