"""The session's timeline contract (issue #11): look back, rewind, replay —
exact, bit for bit, and undoable."""
import numpy as np
import pytest

from core.errors import SpecError
from core.session import Session, Settings


def fresh(settings, epochs):
    s = Session(settings)
    s.train_epochs(epochs)
    return s


def state(s):
    t = s.trainer
    return (s.net.theta.copy(), {k: v.copy() for k, v in t.optimizer.state.items()},
            t.optimizer.t, t.epoch, t.steps)


def same(a, b):
    assert np.array_equal(a[0], b[0])
    assert a[1].keys() == b[1].keys()
    for k in a[1]:
        assert np.array_equal(a[1][k], b[1][k]), k
    assert a[2:] == b[2:]


SETTINGS = [Settings(), Settings(optimizer="momentum", lr=0.05, batch_size=32),
            Settings(dataset="moons", optimizer="sgd", lr=0.3, batch_size=50)]


@pytest.mark.parametrize("settings", SETTINGS)
def test_rewind_equals_a_straight_run_and_training_on_too(settings):
    s = fresh(settings, 300)
    assert s.rewind(137)
    ref = fresh(settings, 137)
    same(state(s), state(ref))
    assert len(s.history) == 137
    np.testing.assert_array_equal(s.history["train_loss"], ref.history["train_loss"])
    s.train_epochs(40)
    ref.train_epochs(40)
    same(state(s), state(ref))
    s.undo()                                   # back to what was there before
    assert s.trainer.epoch == 300 and len(s.history) == 300


def test_look_back_changes_nothing_and_shows_exact_parameters():
    s = fresh(Settings(batch_size=30), 200)
    present = state(s)
    hist = s.history["train_loss"].copy()
    seen = []
    s.events.connect("params", lambda e: seen.append(e.name))
    for k in (0, 1, 77, 128, 199):
        assert s.look_at(k)
        np.testing.assert_array_equal(s.net.theta, fresh(Settings(batch_size=30), k).net.theta)
        assert s.viewing == k
    assert s.back_to_present()
    same(state(s), present)
    np.testing.assert_array_equal(s.history["train_loss"], hist)
    assert seen and not s.can_undo             # looking is not an edit


def test_edits_in_between_are_replayed_at_the_same_point():
    settings = Settings(batch_size=32)
    s = Session(settings)
    s.train_epochs(30)
    s.step(3)                                  # mid-epoch
    s.set(lr=0.01)
    s.train_epochs(20)
    s.set_param("W1", (0, 1), 0.5)
    s.train_epochs(20)
    s.set(optimizer="momentum")
    s.train_epochs(10)
    # the same run again, stopping at each epoch to record θ; train_epochs
    # first finishes the epoch under way, so the edits fell at epochs 50 and 70
    ref = Session(settings)
    ref.train_epochs(30)
    ref.step(3)
    ref.set(lr=0.01)
    thetas = {}
    for target in (31, 45, 50):
        ref.train_epochs(target - ref.trainer.epoch)
        thetas[target] = ref.net.theta.copy()
    ref.set_param("W1", (0, 1), 0.5)
    thetas[50] = ref.net.theta.copy()          # epoch 50 shows the edit made there
    ref.train_epochs(10)
    thetas[60] = ref.net.theta.copy()
    ref.train_epochs(10)
    ref.set(optimizer="momentum")
    ref.train_epochs(10)
    thetas[80] = ref.net.theta.copy()
    assert ref.trainer.epoch == s.trainer.epoch == 80
    for k, theta in thetas.items():
        s.look_at(k)
        np.testing.assert_array_equal(s.net.theta, theta, err_msg=f"epoch {k}")
    s.back_to_present()
    s.rewind(45)
    assert s.settings.lr == 0.01 and s.settings.optimizer == "adam"
    marks = [m[2] for m in s.timeline.marks()]
    assert any("lr" in m for m in marks)


def test_training_or_editing_while_looking_back_returns_to_the_present_first():
    s = fresh(Settings(), 50)
    theta = s.net.theta.copy()
    s.look_at(10)
    s.set(lr=0.01)                             # an edit: present first
    assert s.viewing is None
    np.testing.assert_array_equal(s.net.theta, theta)
    s.look_at(10)
    s.step(1)
    assert s.viewing is None and s.trainer.steps == 51


def test_replay_walks_the_recorded_run_without_training():
    s = fresh(Settings(), 60)
    s.set_speed(10.0)
    steps = s.trainer.steps
    assert s.replay(True)
    assert s.viewing == 0
    s.advance(0.5, budget=0.01)                # 10 epochs/s × 0.5 s
    assert s.viewing == 5
    while s.replaying:
        s.advance(1.0, budget=0.01)
    assert s.viewing is None and s.trainer.steps == steps


def test_rewind_out_of_range_is_a_clear_error():
    s = fresh(Settings(), 5)
    with pytest.raises(SpecError, match="epoch must be from 0 to 5"):
        s.rewind(9)


def test_timeline_survives_save_and_open(tmp_path):
    s = fresh(Settings(batch_size=40), 120)
    path = tmp_path / "t.nnviz"
    s.save(path)
    other = Session.open(path)
    for k in (3, 64, 119):
        s.look_at(k)
        other.look_at(k)
        np.testing.assert_array_equal(other.net.theta, s.net.theta)
    s.back_to_present()
    other.back_to_present()
    other.rewind(64)
    ref = fresh(Settings(batch_size=40), 64)
    same(state(other), state(ref))


def test_set_theta_is_undoable_and_replayed():
    s = fresh(Settings(), 20)
    target = s.net.theta * 0.5
    assert s.set_theta(target)
    np.testing.assert_array_equal(s.net.theta, target)
    s.train_epochs(10)
    after = s.net.theta.copy()
    s.look_at(25)
    s.back_to_present()
    s.rewind(25)
    s.train_epochs(5)
    np.testing.assert_array_equal(s.net.theta, after)      # replayed exactly
    with pytest.raises(SpecError):
        s.set_theta(np.full(3, 1.0))
