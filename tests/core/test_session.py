"""The Qt-free session the app's views observe: settings, undo, points, files."""
import numpy as np
import pytest

from core.errors import DataError, NNVizError, SpecError
from core.session import Session, Settings


@pytest.fixture
def session():
    return Session()


def record(session, *names):
    seen = []
    for n in names:
        session.events.connect(n, lambda e: seen.append(e.name))
    return seen


def test_default_session_is_ready_to_train(session):
    assert session.dataset.name == "spiral" and session.task == "classification"
    assert session.net.sizes == [2, 8, 8, 1]
    assert session.output_layer() == ("sigmoid", "binary_cross_entropy")
    loss0 = session.trainer.evaluate(session.trainer.X, session.trainer.Y)[0]
    assert session.step(200) == 200
    assert session.history.last("train_loss") < loss0


def test_output_layer_follows_the_task():
    s = Session(Settings(dataset="gaussians", classes=3))
    assert s.net.layers[-1].activation == "softmax" and s.net.n_outputs == 3
    s.set(dataset="sine")
    assert s.output_layer() == ("identity", "mse") and s.net.sizes[0] == 1
    s.set(dataset="iris")
    assert s.net.sizes[0] == 4 and s.net.n_outputs == 3


def test_training_only_settings_keep_weights_and_history(session):
    session.step(10)
    theta = session.net.theta.copy()
    assert session.set(lr=0.1, batch_size=16, l2=0.001)
    np.testing.assert_array_equal(session.net.theta, theta)
    assert len(session.history) == 10
    assert session.trainer.optimizer.lr == 0.1 and session.trainer.l2 == 0.001
    session.set(hidden=(3,), activations=("relu",))       # architecture: reset
    assert len(session.history) == 0 and session.net.sizes == [2, 3, 1]


def test_set_without_change_does_nothing(session):
    seen = record(session, "settings", "network", "undo")
    assert session.set(lr=session.settings.lr) is False
    assert seen == [] and not session.can_undo


def test_bad_settings_are_refused_and_change_nothing(session):
    before = session.settings
    for bad in (dict(lr=-1), dict(lr=float("nan")), dict(hidden=(0,), activations=("tanh",)),
                dict(hidden=(4,), activations=("softmax",)), dict(optimizer="lbfgs"),
                dict(features=("x3",)), dict(batch_size=-2), dict(l2=-0.1),
                dict(hidden=(4,) * 9, activations=("tanh",) * 9)):
        with pytest.raises(NNVizError):
            session.set(**bad)
        assert session.settings == before
    assert not session.can_undo


def test_undo_redo_restore_everything(session):
    session.step(5)
    theta, hist = session.net.theta.copy(), session.history["train_loss"].copy()
    session.set(dataset="moons", hidden=(4,), activations=("relu",))
    session.step(3)
    assert session.undo()
    assert session.dataset.name == "spiral" and session.net.sizes == [2, 8, 8, 1]
    np.testing.assert_array_equal(session.net.theta, theta)
    np.testing.assert_array_equal(session.history["train_loss"], hist)
    assert session.trainer.net is session.net
    assert session.redo() and session.dataset.name == "moons"
    assert session.undo_text.startswith("Change")


def test_weight_edit_is_exact_and_undoable(session):
    x = session.features()[:4]
    out = session.net.forward(x)
    session.set_param("W2", (1, 3), -0.75)
    assert session.net.params["W2"][1, 3] == -0.75
    assert not np.allclose(session.net.forward(x), out)
    session.undo()
    np.testing.assert_array_equal(session.net.forward(x), out)
    with pytest.raises(SpecError):
        session.set_param("W2", (9, 9), 1.0)
    with pytest.raises(SpecError):
        session.set_param("W2", (0, 0), "abc")
    with pytest.raises(SpecError):
        session.set_param("W2", (0, 0), float("inf"))


def test_painted_points_keep_the_split(session):
    n_test = len(session.dataset.test_idx)
    session.add_point(0.1, 0.2, 1)
    ds = session.dataset
    assert ds.n_samples == 301 and ds.y[-1] == 1
    assert len(ds.test_idx) == n_test and 300 in ds.train_idx
    removed_test = np.sum(np.hypot(*ds.X[ds.test_idx].T) <= 0.3)
    session.remove_points_near(0.0, 0.0, 0.3)
    assert len(session.dataset.test_idx) == n_test - removed_test
    with pytest.raises(DataError):
        session.add_point(0, 0, 7)
    session.undo()
    session.undo()
    assert session.dataset.n_samples == 300


def test_import_csv(session, tmp_path):
    good = tmp_path / "pts.csv"
    good.write_text("a,b,label\n" + "\n".join(f"{i / 10},{-i / 10},{i % 2}" for i in range(20)))
    session.import_csv(good)
    assert session.dataset.n_samples == 20 and session.settings.dataset == "csv"
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,0\n3,x,1\n")
    before = session.dataset
    with pytest.raises(DataError, match="line 2"):
        session.import_csv(bad)
    assert session.dataset is before


def test_divergence_stops_and_keeps_finite_weights(session):
    session.set(optimizer="sgd", lr=1000.0, hidden=(8, 8), activations=("relu", "relu"))
    session.play()
    session.train_for(1.0)
    assert session.diverged and not session.playing
    assert "learning rate" in session.divergence_message
    assert np.isfinite(session.net.theta).all()
    assert session.play() is False          # cannot play on until something changes
    session.set(lr=0.01)
    assert not session.diverged and session.play()


def test_grid_outputs_are_finite_and_shaped(session):
    session.step(3)
    xs, ys, outs = session.grid_outputs(40)
    assert len(xs) == len(ys) == 40
    assert [o.shape for o in outs] == [(40, 40, 8), (40, 40, 8), (40, 40, 1)]
    _, _, out = session.grid_output(40)
    np.testing.assert_allclose(out, outs[-1], atol=1e-5)
    session.set(dataset="sine")
    xs, y = session.curve(50)
    assert xs.shape == y.shape == (50,)
    with pytest.raises(DataError):
        session.grid_outputs(10)


def test_events_fire_only_on_real_change(session):
    seen = record(session, "selection")
    session.select(("neuron", 1, 2))
    session.select(("neuron", 1, 2))
    session.select_sample(0)                # already 0
    session.select_sample(4)
    assert seen == ["selection", "selection"]
    assert session.sample()[0].shape == (2,)


def test_locked_settings(session):
    session.locked = {"lr"}
    with pytest.raises(SpecError, match="lr"):
        session.set(lr=0.5)
    session.set(noise=0.2)


def test_save_open_round_trip_and_continue(session, tmp_path):
    session.set(dataset="moons", batch_size=16)
    session.step(37)
    path = tmp_path / "s.nnviz"
    session.save(path)
    assert not session.dirty
    other = Session.open(path)
    assert other.settings == session.settings
    np.testing.assert_array_equal(other.net.theta, session.net.theta)
    session.step(11)
    other.step(11)
    np.testing.assert_array_equal(other.net.theta, session.net.theta)   # same batches


def test_replace_with_keeps_subscribers(session, tmp_path):
    seen = record(session, "network", "file")
    other = Session(Settings(dataset="xor", hidden=(3,), activations=("tanh",)))
    session.replace_with(other)
    assert session.dataset.name == "xor" and "network" in seen and "file" in seen
    assert not session.can_undo


def test_gradients_are_cached_until_params_change(session):
    g1 = session.gradients()
    assert session.gradients() is g1
    session.step(1)
    g2 = session.gradients()
    assert g2 is not g1 and not np.array_equal(g2["W1"], g1["W1"])
    _, fresh = session.net.loss_and_gradients(session.trainer.X, session.trainer.Y,
                                              train=False)
    np.testing.assert_allclose(g2["W1"], fresh["W1"], rtol=1e-12)
    session.set_param("W1", (0, 0), 0.3)
    assert session.gradients() is not g2


def test_set_locked_emits_settings(session):
    seen = record(session, "settings")
    session.set_locked({"lr", "dataset"})
    assert seen == ["settings"] and session.locked == {"lr", "dataset"}
    with pytest.raises(SpecError):
        session.set_locked({"nonsense"})


def test_undo_snapshots_share_a_long_history(session):
    session.trainer.train(3000)                 # headless: 3000 history rows
    h = session.history
    session.set_param("W1", (0, 0), 0.1)
    snap_hist = session._undo[-1][1]["trainer"].history
    assert len(snap_hist) == 3000
    assert snap_hist._data["train_loss"] is h._data["train_loss"]     # shared, not copied
    before = h["train_loss"].copy()
    session.step(5)                             # appends past the snapshot's rows
    session.undo()
    np.testing.assert_array_equal(session.history["train_loss"], before)
    session.step(7)                             # the restored history is its own copy
    assert len(session.history) == 3007
    session.redo()                              # back to where undo was pressed
    assert len(session.history) == 3005


def test_history_truncate_copies_shared_rows():
    from core.train import History
    h = History()
    for i in range(10):
        h.append(epoch=i, train_loss=float(i))
    snap = h.snapshot()
    h.truncate(4)
    h.append(epoch=99, train_loss=99.0)
    np.testing.assert_array_equal(snap["train_loss"], np.arange(10.0))
    assert list(h["train_loss"]) == [0, 1, 2, 3, 99]
