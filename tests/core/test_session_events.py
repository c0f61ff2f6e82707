"""The session's event contract: an event means a real change, and names it."""
import numpy as np
import pytest

from core.errors import SpecError
from core.session import FULL_SPEED, Session, Settings

GROUPS = ("data", "network", "params", "training", "settings", "selection", "undo", "file")


@pytest.fixture
def session():
    return Session()


def listen(session):
    seen = []
    for name in GROUPS:
        session.events.connect(name, lambda e: seen.append((e.name, e.changed)))
    return seen


def names(seen):
    return [n for n, _ in seen]


def test_lr_change_emits_settings_naming_lr_and_no_params(session):
    seen = listen(session)
    assert session.set(lr=0.01)
    assert ("settings", frozenset({"lr"})) in seen
    assert "params" not in names(seen) and "data" not in names(seen)
    assert "network" not in names(seen)


def test_set_param_emits_params(session):
    seen = listen(session)
    assert session.set_param("W1", (0, 1), 0.25)
    assert "params" in names(seen)
    assert "settings" not in names(seen) and "network" not in names(seen)
    assert session.net.params["W1"][0, 1] == 0.25


def test_setting_a_value_to_itself_emits_nothing(session):
    seen = listen(session)
    assert session.set(lr=session.settings.lr) is False
    w = float(session.net.params["W1"][0, 0])
    assert session.set_param("W1", (0, 0), w) is False
    session.set_locked(set())
    session.select(session.selection)
    assert seen == []
    assert not session.can_undo


def test_architecture_change_names_network_and_params(session):
    seen = listen(session)
    session.set(hidden=(4, 8))
    got = names(seen)
    assert "network" in got and "params" in got and "settings" in got
    assert "data" not in got
    assert ("settings", frozenset({"hidden"})) in seen


def test_data_change_names_the_field(session):
    seen = listen(session)
    session.set(noise=0.2)
    assert ("data", frozenset({"noise"})) in seen
    assert "network" not in names(seen)        # same architecture


def test_undo_of_lr_change_emits_settings_only(session):
    session.step(3)
    session.set(lr=0.5)
    seen = listen(session)
    net = session.net
    session.undo()
    got = names(seen)
    assert ("settings", frozenset({"lr"})) in seen
    assert "params" not in got and "network" not in got and "data" not in got
    assert session.net is net                  # same object: views' references stay valid
    assert session.settings.lr == Settings().lr


def test_undo_redo_restore_values_exactly(session):
    session.step(5)
    theta = session.net.theta.copy()
    session.set_param("W2", (1, 1), -3.0)
    session.undo()
    np.testing.assert_array_equal(session.net.theta, theta)
    session.redo()
    assert session.net.params["W2"][1, 1] == -3.0


def test_unknown_setting_is_a_clear_error(session):
    with pytest.raises(SpecError, match="unknown setting"):
        session.set(learning_rate=0.1)


def test_lr_change_recomputes_no_decision_map(session):
    """Views recompute the maps on data/network/params; an lr change must not
    wake them. Count what a map-drawing subscriber would compute."""
    def redraw(_ev):
        session.grid_output(20)
    for name in ("data", "network", "params"):
        session.events.connect(name, redraw)
    session.map_computations = 0
    session.set(lr=0.003)
    session.set(optimizer="sgd")
    assert session.map_computations == 0
    session.set_param("W1", (0, 0), 1.5)
    assert session.map_computations == 1


def test_lr_change_keeps_shuffling_state_mid_epoch():
    """An lr change between batches keeps the epoch's permutation: training
    on equals a run whose optimiser had the new rate at that point."""
    a = Session(Settings(batch_size=32))
    b = Session(Settings(batch_size=32))
    a.step(3)
    b.step(3)
    a.set(lr=0.01)
    b.trainer.optimizer.lr = 0.01
    a.step(10)
    b.step(10)
    np.testing.assert_array_equal(a.net.theta, b.net.theta)


def test_slow_speed_trains_whole_epochs_evenly(session):
    session.set_speed(2.0)
    session.play()
    done = [session.advance(0.25, budget=0.01) for _ in range(8)]   # 2 s at 2 epochs/s
    assert session.trainer.epoch == 4
    assert done.count(0) == 4                  # every other frame trains one epoch
    session.set_speed(FULL_SPEED)
    assert session.advance(0.016, budget=0.005) > 0


def test_speed_never_bursts_after_a_stall(session):
    session.set_speed(1.0)
    session.play()
    session.advance(30.0, budget=0.01)        # the window was frozen for 30 s
    assert session.trainer.epoch <= 2


def test_batch_unit_advances_batches(session):
    session.set(batch_size=30)
    session.set_speed(4.0, unit="batch")
    session.play()
    session.advance(1.0, budget=0.01)
    assert session.trainer.steps == 2          # capped credit: no burst
    session.advance(0.25, budget=0.01)
    assert session.trainer.steps == 3


def test_leaky_relu_slope_survives_save_and_open(tmp_path):
    s = Session(Settings(activations=("leaky_relu", "tanh"), slopes=(0.2,)))
    assert s.net.spec()[0]["slope"] == 0.2
    path = tmp_path / "s.nnviz"
    s.save(path)
    other = Session.open(path)
    assert other.settings.slopes == (0.2,)
    np.testing.assert_array_equal(other.net.theta, s.net.theta)


def test_lower_learning_rate_goes_back_to_the_last_good_state():
    s = Session(Settings(dataset="moons", optimizer="sgd", lr=50.0))
    s.play()
    for _ in range(40):
        s.advance(0.016, budget=0.02)
        if not s.playing:
            break
    assert s.diverged or s.warnings                 # stopped and explained
    assert not s.playing
    good = s.trainer.last_good_epoch
    assert good is not None
    assert s.lower_learning_rate(10)
    assert s.settings.lr == 5.0 and not s.diverged and not s.warnings
    assert s.trainer.epoch == good and len(s.history) == good
    assert np.all(np.isfinite(s.net.theta))
    s.undo()                                        # one undoable edit
    assert s.settings.lr == 50.0


def test_painted_points_keep_csv_scaling(tmp_path):
    path = tmp_path / "big.csv"
    rows = ["a,b,label"] + [f"{50000 + i * 37 % 400},{i % 17},{i % 2}" for i in range(60)]
    path.write_text("\n".join(rows))
    s = Session()
    s.import_csv(path)
    assert s.dataset.standardized
    assert abs(s.dataset.X[:, 0].mean()) < 1.0      # standardised, not ~50 000
    s.add_point(0.1, 0.2, 1)
    assert s.dataset.standardized and s.dataset.notes


def test_detach_and_put_back_keeps_content_and_undo():
    s = Session()
    s.step(5)
    s.set(lr=0.01)
    theta = s.net.theta.copy()
    aside = s.detach()
    s.replace_with(Session(Settings(dataset="xor", hidden=(3,), activations=("tanh",))))
    assert s.dataset.name == "xor" and not s.can_undo
    s.replace_with(aside, keep_undo=True)
    np.testing.assert_array_equal(s.net.theta, theta)
    assert s.can_undo and s.undo_text.startswith("Change lr")
    s.undo()
    assert s.settings.lr == Settings().lr


def test_one_naming_round_trips():
    from core.names import engine_of, label_of, param_label, parse_param_label
    assert param_label("W2", (2, 0)) == "w2[3→1]" and label_of("W2[2,0]") == "w2[3→1]"
    assert engine_of("w2[3→1]") == "W2[2,0]" and engine_of("b1[5]") == "b1[4]"
    assert engine_of("w2[3->1]") == "W2[2,0]"
    assert parse_param_label("a1[1]") == ("a1", (0,))
    with pytest.raises(ValueError, match="count from 1"):
        parse_param_label("b1[0]")
    assert engine_of("nonsense") == "nonsense"


def test_a_run_stops_at_the_most_epochs_a_session_keeps(monkeypatch):
    from core.limits import LIMITS, Limit
    monkeypatch.setitem(LIMITS, "history_rows", Limit(0, 30, "history rows", integer=True))
    s = Session()
    s.train_epochs(30)
    seen = listen(s)
    s.play()
    assert s.advance(0.016, budget=0.01) == 0
    assert not s.playing and ("training", frozenset({"limit"})) in seen
    assert "30 epochs" in s.history_full_message
