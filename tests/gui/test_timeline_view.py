"""The timeline under the views: scrubbing shows epoch k in every view,
exactly, and changes nothing; continue from here; replay."""
import numpy as np
import pytest

from core.session import Session, Settings
from nnviz.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session(Settings(batch_size=40)), restore_layout=False)
    w._quitting_ok = True
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.session.train_epochs(120)
    qtbot.wait(10)
    yield w
    w.session.replay(False)
    w.session.pause()


def straight(k):
    s = Session(Settings(batch_size=40))
    s.train_epochs(k)
    return s


def test_scrubbing_shows_epoch_k_in_every_view(window, qtbot):
    s = window.session
    tv = window.timeline_view
    present = s.net.theta.copy()
    tv.cursor.setValue(40)
    tv.cursor.sigDragged.emit(tv.cursor)            # as a mouse drag does
    tv.cursor.sigPositionChangeFinished.emit(tv.cursor)
    assert s.viewing == 40 and tv.cursor_epoch() == 40
    ref = straight(40)
    np.testing.assert_array_equal(s.net.theta, ref.net.theta)          # bit for bit
    # every view draws epoch 40: readouts, curves cursor, network, inspector
    m = s.current_metrics()
    assert m["train_loss"] == ref.trainer.evaluate(ref.trainer.X, ref.trainer.Y)[0]
    assert "40" in window.controls.epoch_label.text()
    assert window.curves_view.viewing_cursor() == 40
    assert "Epoch 40 of 120" in tv.label.text()
    from nnviz.theme import fmt
    b = ref.net.params["b3"][0]
    window.session.select(("neuron", 3, 0))
    window.inspector.refresh()
    assert f"b = <b>{fmt(b)}</b>" in window.inspector.details.text()
    # looking back changed nothing
    tv.present_button.click()
    assert s.viewing is None
    np.testing.assert_array_equal(s.net.theta, present)
    assert window.curves_view.viewing_cursor() is None


def test_keys_step_epochs_and_continue_from_here_is_undoable(window, qtbot):
    s = window.session
    window.actions["epoch_back"].trigger()
    window.actions["epoch_back"].trigger()
    assert s.viewing == 118
    window.actions["epoch_forward"].trigger()
    assert s.viewing == 119
    assert window.actions["epoch_back"].shortcut().toString() == ","
    window.timeline_view.continue_button.click()
    assert s.viewing is None and s.trainer.epoch == 119 and len(s.history) == 119
    np.testing.assert_array_equal(s.net.theta, straight(119).net.theta)
    s.undo()
    assert s.trainer.epoch == 120


def test_edits_are_marked_and_replay_runs_without_training(window, qtbot):
    s = window.session
    s.set(lr=0.01)
    s.train_epochs(5)
    window.timeline_view.redraw(force=True)
    assert window.timeline_view.mark_count() == 1
    steps = s.trainer.steps
    s.set_speed(200.0)
    window.timeline_view.replay_button.click()
    assert s.replaying
    qtbot.waitUntil(lambda: not s.replaying, timeout=5000)
    assert s.trainer.steps == steps and s.viewing is None
