"""Training that goes nowhere is noticed and explained; healthy runs are left
alone; "lower the learning rate" can go back to the last good state."""
import itertools
import math

import numpy as np
import pytest

from core import Network, Trainer, make_dataset
from core.train import (
    STOP_UNHEALTHY,
    TrainingWarning,
    baseline_loss,
    health_check,
    judge_history,
)

CLASSIFICATION = [("moons", 2), ("circles", 2), ("xor", 2), ("spiral", 2), ("gaussians", 2),
                  ("iris", 3), ("gaussians", 4), ("spiral", 3)]
REGRESSION = ["line", "circle_area", "plane", "sine"]


def build(name, classes=2, opt="adam", lr=0.03, batch=0, seed=0, hidden=(8, 8), n=200):
    ds = make_dataset(name, n_samples=n, noise=0.1, seed=seed, test_fraction=0.2,
                      classes=classes)
    if ds.task == "regression":
        out, loss = "identity", "mse"
    elif ds.output_dim == 1:
        out, loss = "sigmoid", "binary_cross_entropy"
    else:
        out, loss = "softmax", "cross_entropy"
    net = Network.from_sizes([ds.n_inputs, *hidden, ds.output_dim], activation="tanh",
                             output_activation=out, seed=seed, init="xavier")
    return Trainer(net, *ds.split(), loss=loss, optimizer=opt, lr=lr, batch_size=batch,
                   seed=seed, task=ds.task)


# -- the pure check ----------------------------------------------------------------------
def test_baseline_is_the_loss_of_guessing_the_average():
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    assert baseline_loss(Y, "binary_cross_entropy") == pytest.approx(math.log(2))
    assert baseline_loss(np.eye(3)[[0, 1, 2, 0, 1, 2]], "cross_entropy") == \
        pytest.approx(math.log(3))
    assert baseline_loss(np.array([[1.0], [3.0]]), "mse") == pytest.approx(0.5)


def test_health_check_on_shapes_of_loss_curves():
    base = math.log(2)
    zigzag = [15 + (4 if i % 2 else -4) for i in range(20)]
    assert {c for c, _ in health_check(zigzag, math.inf, base)} == {"oscillating",
                                                                   "no_progress"}
    # Big swings at a low level with no progress: oscillating only.
    assert [c for c, _ in health_check([0.3 + 0.4 * (i % 2) for i in range(20)],
                                       0.25, base)] == ["oscillating"]
    flat_high = [18.0 + 0.01 * i for i in range(20)]
    assert [c for c, _ in health_check(flat_high, 17.0, base)] == ["no_progress"]
    # Healthy shapes: falling, noisy but small, high but still improving.
    falling = [0.7 * 0.9 ** i for i in range(20)]
    noisy = [0.1 + 0.02 * (-1) ** i for i in range(20)]
    improving_from_high = [5.0 - 0.2 * i for i in range(20)]
    for w, best in ((falling, 0.8), (noisy, 0.1), (improving_from_high, 5.5)):
        assert health_check(w, best, base) == []
    assert health_check([1.0, float("nan")] * 10, math.inf, base) == []
    assert judge_history(zigzag[:10], base) == []             # too short to judge


# -- healthy runs are not flagged -----------------------------------------------------------
HEALTHY = [dict(opt="adam", lr=0.03, batch=0), dict(opt="adam", lr=0.01, batch=32),
           dict(opt="sgd", lr=0.1, batch=0), dict(opt="momentum", lr=0.03, batch=32)]


@pytest.mark.parametrize("name,classes", CLASSIFICATION + [(r, 2) for r in REGRESSION])
def test_healthy_runs_of_every_data_set_are_not_flagged(name, classes):
    for cfg in HEALTHY:
        t = build(name, classes, **cfg)
        result = t.train(200)
        assert not t.diverged and t.warnings == [] and result.warnings == (), (cfg, t.warnings)
        assert t.summary()["warnings"] == []
        # It learned something: below the loss of guessing the average.
        assert t.history.last("train_loss") < t.baseline, cfg


# -- runs at lr 10 and 100 are flagged or diverge -----------------------------------------------
def test_large_learning_rates_are_flagged_or_diverge():
    outcomes = []
    for (name, k), opt, lr, batch in itertools.product(
            CLASSIFICATION, ["sgd", "momentum", "adam"], [10, 100], [0, 32]):
        t = build(name, k, opt=opt, lr=lr, batch=batch)
        t.train(300)
        learned = (not t.diverged and t.history.last("train_metric") >= 0.95
                   and t.history.last("train_loss") < 0.5 * t.baseline)
        outcomes.append((name, k, opt, lr, batch, t.diverged, bool(t.warnings), learned))
    flagged = [o for o in outcomes if o[5] or o[6]]
    missed = [o for o in outcomes if not (o[5] or o[6])]
    # Every unflagged run really learned (e.g. linearly separable gaussians at
    # lr 100): saying "going nowhere" about them would be a wrong message.
    assert all(o[7] for o in missed), missed
    assert len(flagged) / len(outcomes) >= 0.93, (len(flagged), len(outcomes), missed)
    not_learned = [o for o in outcomes if not o[7]]
    assert all(o[5] or o[6] for o in not_learned)


def test_the_stuck_iris_run_is_explained_in_one_line():
    t = build("iris", 3, opt="adam", lr=10)
    result = t.train(300)
    assert not t.diverged and t.warnings
    assert result.warnings == tuple(t.warnings)
    w = t.warnings[0]
    assert isinstance(w, TrainingWarning) and w.code in ("oscillating", "no_progress")
    assert "\n" not in w.message and len(w.message) < 300
    assert "Lower the learning rate by 10× (to 1)" in w.message
    assert "going back to epoch 0" in w.message
    summary = t.summary()["warnings"]
    assert summary == [w.to_dict()] + [x.to_dict() for x in t.warnings[1:]]
    assert TrainingWarning.from_dict(summary[0]) == w


def test_stop_on_warning():
    t = build("spiral", 3, opt="sgd", lr=10, batch=32)
    result = t.train(1000, stop_on_warning=True)
    assert result.reason == STOP_UNHEALTHY and t.epoch < 100 and t.warnings


# -- back to the last good state ------------------------------------------------------------------
def test_restore_last_good_then_lower_the_learning_rate():
    t = build("iris", 3, opt="adam", lr=10)
    theta0 = t.net.theta.copy()
    t.train(300)
    assert t.warnings and t.last_good_epoch == 0
    assert t.restore_last_good()
    np.testing.assert_array_equal(t.net.theta, theta0)
    assert (t.epoch, t.steps, len(t.history), t.warnings) == (0, 0, 0, [])
    assert t.optimizer.lr == 10 and t.optimizer.t == 0
    # What the window's "lower the learning rate" does, until training is healthy:
    # Adam at lr 1 still zigzags on iris; 0.1 learns.
    lrs = []
    for _ in range(3):
        t.optimizer.lr /= 10
        lrs.append(t.optimizer.lr)
        t.retune()
        t.train(200)
        if not (t.warnings or t.diverged):
            break
        assert t.restore_last_good() and t.epoch == 0
    assert lrs == [1.0, 0.1]
    assert not t.warnings and not t.diverged and t.epoch == 200
    assert t.history.last("train_loss") < 0.5 * t.baseline


def test_restore_after_a_divergence_keeps_later_good_epochs():
    # Healthy for a while, then a learning rate far too large blows it up.
    t = build("moons", 2, opt="adam", lr=0.03)
    t.train(100)
    good_loss = t.history.last("train_loss")
    assert t.last_good_epoch == 100
    theta_good = t.net.theta.copy()
    moments = t.optimizer.state_dict()
    t.optimizer.lr = 100.0
    t.retune()
    t.train(200)
    assert t.diverged or t.warnings
    assert t.restore_last_good()
    assert not t.diverged and t.epoch == 100 and len(t.history) == 100
    np.testing.assert_array_equal(t.net.theta, theta_good)
    np.testing.assert_array_equal(t.optimizer.state["m"], moments["state"]["m"])
    assert t.evaluate(t.X, t.Y)[0] == pytest.approx(good_loss, rel=0.2)
    assert t.optimizer.lr == 100.0         # settings are the caller's to change
    t.optimizer.lr = 0.01
    t.retune()
    t.train(50)
    assert not t.diverged and not t.warnings
    assert t.history.last("train_loss") < good_loss * 1.05


def test_checkpoint_memory_is_bounded_and_state_dict_unchanged():
    t = build("spiral", 2, opt="adam", lr=0.03)
    keys = set(t.state_dict())
    t.train(200)
    assert set(t.state_dict()) == keys                # session files keep their shape
    g = t._good
    assert g["theta"].shape == t.net.theta.shape and g["theta"] is not t.net.theta
    assert t.last_good_epoch == 200
    # Loading a state judges its history again (no warnings for a healthy run).
    t2 = build("spiral", 2, opt="adam", lr=0.03)
    t2.history = t.history.snapshot()
    t2.load_state_dict(t.state_dict())
    assert t2.warnings == []
    assert t2.health_state() == {"warnings": [], "health_from": 0}


def test_loading_a_stuck_history_brings_its_warning_back():
    t = build("iris", 3, opt="adam", lr=10)
    t.train(300)
    codes = {w.code for w in t.warnings}
    t2 = build("iris", 3, opt="adam", lr=10)
    t2.history = t.history.snapshot()
    t2.load_state_dict(t.state_dict())
    assert {w.code for w in t2.warnings} <= codes and t2.warnings
    # An explicit health state is taken as saved.
    t3 = build("iris", 3, opt="adam", lr=10)
    t3.history = t.history.snapshot()
    t3.load_state_dict({**t.state_dict(), **t.health_state()})
    assert t3.warnings == t.warnings
