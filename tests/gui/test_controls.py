"""The Controls panel: every widget goes through session.set and reflects back."""
import pytest
from PySide6.QtCore import Qt

from core.data import FEATURE_NAMES
from core.errors import SpecError
from core.session import MAX_HIDDEN_LAYERS
from nnviz.views.controls import ControlPanel, parse_number, plain_number


@pytest.fixture
def panel(shown, session):
    return shown(ControlPanel(session), 300, 800)


def choose(combo, data):
    i = combo.findData(data)
    assert i >= 0, data
    combo.setCurrentIndex(i)


def type_into(qtbot, combo, text):
    edit = combo.lineEdit()
    edit.selectAll()
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key_Return)


def test_dataset_combo_sets_session_and_undo_reflects_back(panel, session, monkeypatch):
    assert panel.dataset_combo.currentData() == "spiral"
    choose(panel.dataset_combo, "moons")
    assert session.settings.dataset == "moons"
    assert session.dataset.name == "moons"
    assert session.can_undo

    calls = []
    real_set = session.set
    monkeypatch.setattr(session, "set", lambda **kw: calls.append(kw) or real_set(**kw))
    session.undo()
    assert panel.dataset_combo.currentData() == "spiral"
    assert session.settings.dataset == "spiral"
    assert calls == []                 # refreshing did not call set() again
    assert session.can_redo            # … which would have cleared the redo stack
    session.redo()
    assert panel.dataset_combo.currentData() == "moons"
    assert calls == []


def test_custom_and_csv_entries_only_when_in_use(panel, session):
    names = [panel.dataset_combo.itemData(i) for i in range(panel.dataset_combo.count())]
    assert "custom" not in names and "csv" not in names
    session.add_point(0.0, 0.0, 1)
    assert session.settings.dataset == "custom"
    assert panel.dataset_combo.currentData() == "custom"
    assert panel.dataset_combo.currentText() == "Custom points"
    assert not panel.samples_spin.isEnabled()        # no generator behind painted points
    session.undo()
    names = [panel.dataset_combo.itemData(i) for i in range(panel.dataset_combo.count())]
    assert "custom" not in names
    assert panel.dataset_combo.currentData() == "spiral"


def test_classes_only_for_blobs_and_spiral(panel, session):
    assert panel.classes_spin.isEnabled()
    panel.classes_spin.setValue(3)
    assert session.settings.classes == 3
    assert session.dataset.n_classes == 3
    assert "3 softmax units" in panel.output_label.text()
    assert "cross-entropy" in panel.output_label.text()
    choose(panel.dataset_combo, "xor")
    assert not panel.classes_spin.isEnabled()
    assert "1 sigmoid unit" in panel.output_label.text()
    assert "binary cross-entropy" in panel.output_label.text()


def test_data_spinboxes_and_regenerate(panel, session):
    panel.noise_spin.setValue(0.3)
    assert session.settings.noise == pytest.approx(0.3)
    panel.samples_spin.setValue(200)
    assert session.settings.samples == 200 and session.dataset.n_samples == 200
    panel.test_spin.setValue(20)
    assert session.settings.test_fraction == pytest.approx(0.2)
    seed = session.settings.data_seed
    panel.regenerate_button.click()
    assert session.settings.data_seed == seed + 1
    assert panel.data_seed_spin.value() == seed + 1


def test_bad_learning_rate_shows_message_and_changes_nothing(qtbot, panel, session):
    lr = session.settings.lr
    n_undo = len(session._undo)
    for text in ("abc", "-1", "0", ""):
        type_into(qtbot, panel.lr_combo, text)
        assert session.settings.lr == lr
        assert panel.lr_combo.invalid
        assert panel.status_text(), text
        assert "red" not in panel.status_text()
    assert len(session._undo) == n_undo
    type_into(qtbot, panel.lr_combo, "0,5")          # a decimal comma is fine
    assert session.settings.lr == pytest.approx(0.5)
    assert not panel.lr_combo.invalid
    assert panel.status_text() == ""
    type_into(qtbot, panel.lr_combo, "1e-3")
    assert session.settings.lr == pytest.approx(0.001)


def test_learning_rate_presets_and_reflection(panel, session):
    combo = panel.lr_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[0] == "0.00001" and "0.03" in texts and texts[-1] == "100"
    i = combo.findData(0.3)
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    assert session.settings.lr == pytest.approx(0.3)
    session.undo()
    assert combo.currentText() == plain_number(session.settings.lr) == "0.03"


def test_add_and_remove_layers(qtbot, panel, session):
    assert session.settings.hidden == (8, 8)
    assert len(panel._rows) == 2
    qtbot.mouseClick(panel.add_layer_button, Qt.LeftButton)
    assert session.settings.hidden == (8, 8, 8)
    assert len(session.settings.activations) == 3
    assert len(panel._rows) == 3
    panel._rows[1].units.setValue(5)
    assert session.settings.hidden == (8, 5, 8)
    row = panel._rows[2]
    row.activation.setCurrentIndex(row.activation.findData("relu"))
    assert session.settings.activations == ("tanh", "tanh", "relu")
    qtbot.mouseClick(panel._rows[0].remove, Qt.LeftButton)
    assert session.settings.hidden == (5, 8)
    assert session.settings.activations == ("tanh", "relu")
    assert [r.units.value() for r in panel._rows] == [5, 8]
    # zero hidden layers is allowed (logistic regression)
    qtbot.mouseClick(panel._rows[0].remove, Qt.LeftButton)
    qtbot.mouseClick(panel._rows[0].remove, Qt.LeftButton)
    assert session.settings.hidden == ()
    assert panel._rows == [] and panel.no_hidden_label.isVisible()
    assert panel.params_label.text().endswith(str(session.net.parameter_count))
    # undo brings the rows back
    session.undo()
    assert len(panel._rows) == 1 and panel._rows[0].units.value() == 8


def test_add_layer_stops_at_the_maximum(qtbot, panel, session):
    session.set(hidden=(2,) * MAX_HIDDEN_LAYERS, activations=("tanh",) * MAX_HIDDEN_LAYERS)
    assert len(panel._rows) == MAX_HIDDEN_LAYERS
    assert not panel.add_layer_button.isEnabled()


def test_parameter_count_and_formula_tooltip(panel, session):
    session.set(hidden=(4,), activations=("tanh",))
    assert panel.params_label.text() == f"Parameters: {session.net.parameter_count}"
    tip = panel.params_label.toolTip()
    assert "(Dx+1)·H + (H+1)·Dy" in tip
    assert "(2+1)·4 + (4+1)·1 = 17" in tip
    assert session.net.parameter_count == 17


def test_features_disabled_for_non_2d_data(panel, session):
    assert all(cb.isEnabled() for cb in panel.feature_checks.values())
    for name in ("sine", "iris"):
        session.set(dataset=name)
        assert not any(cb.isEnabled() for cb in panel.feature_checks.values()), name
        assert panel.features_note.isVisible()
    session.set(dataset="plane")
    assert all(cb.isEnabled() for cb in panel.feature_checks.values())
    assert not panel.features_note.isVisible()


def test_feature_checkboxes_set_features(panel, session):
    panel.feature_checks["x1^2"].setChecked(True)
    assert session.settings.features == ("x1", "x2", "x1^2")
    assert session.net.layers[0].input_dim == 3
    panel.feature_checks["x1"].setChecked(False)
    assert session.settings.features == ("x2", "x1^2")
    session.undo()
    assert panel.feature_checks["x1"].isChecked()


def test_cannot_uncheck_the_last_feature(panel, session):
    session.set(features=("x2",))
    cb = panel.feature_checks["x2"]
    assert cb.isChecked()
    n_undo = len(session._undo)
    cb.setChecked(False)
    assert cb.isChecked()
    assert session.settings.features == ("x2",)
    assert len(session._undo) == n_undo
    assert "at least one" in panel.status_text()
    assert [n for n in FEATURE_NAMES if panel.feature_checks[n].isChecked()] == ["x2"]


def test_step_button_adds_one_epoch_in_full_batch(qtbot, panel, session):
    assert session.settings.batch_size == 0
    n = len(session.history)
    qtbot.mouseClick(panel.transport_buttons["step"], Qt.LeftButton)
    assert len(session.history) == n + 1
    assert panel.epoch_label.text() == "Epoch 1"
    assert "loss" in panel.loss_label.text() and "—" not in panel.loss_label.text()
    assert "%" in panel.metric_label.text()


def test_step_epoch_with_mini_batches(panel, session):
    panel.batch_spin.setValue(50)
    assert session.settings.batch_size == 50
    panel.actions["step_epoch"].trigger()
    assert len(session.history) == 1
    assert session.trainer.steps == -(-len(session.dataset.train_idx) // 50)
    panel.actions["step"].trigger()
    assert session.trainer.steps == -(-len(session.dataset.train_idx) // 50) + 1


def test_batch_size_special_value(panel, session):
    assert panel.batch_spin.text() == "full batch"
    panel.batch_spin.setValue(10)
    assert session.settings.batch_size == 10
    session.undo()
    assert panel.batch_spin.value() == 0 and panel.batch_spin.text() == "full batch"


def test_play_action_toggles_playing(panel, session):
    play = panel.actions["play"]
    assert not session.playing and not play.isChecked()
    play.trigger()
    assert session.playing and play.isChecked()
    assert play.iconText() == "Pause"
    play.trigger()
    assert not session.playing and not play.isChecked()
    assert play.iconText() == "Play"
    # the session pausing by itself (a settings change) unchecks the action
    play.trigger()
    assert session.playing
    session.set(lr=0.1)
    assert not session.playing and not play.isChecked()


def test_reset_action_clears_history(panel, session):
    session.step(3)
    assert len(session.history) == 3
    panel.actions["reset"].trigger()
    assert len(session.history) == 0
    assert panel.epoch_label.text() == "Epoch 0"


def test_actions_dict_and_no_shortcuts(panel):
    assert set(panel.actions) == {"play", "step", "step_epoch", "reset"}
    assert all(a.shortcut().isEmpty() for a in panel.actions.values())
    assert panel.actions["play"].isCheckable()


def test_speed_slider_in_real_units(qtbot, panel, session):
    from core.session import FULL_SPEED
    from nnviz.views.controls import SPEED_POSITIONS, speed_at, speed_position
    assert speed_at(0) == 0.5 and speed_at(SPEED_POSITIONS) == FULL_SPEED
    assert speed_at(8) == 2.0 and speed_position(2.0) == 8
    for p in range(SPEED_POSITIONS + 1):
        assert speed_position(speed_at(p)) == p
    panel.speed_slider.setValue(8)
    assert session.speed == 2.0
    assert panel.speed_label.text() == "2 epochs/s"
    panel.unit_combo.setCurrentIndex(panel.unit_combo.findData("batch"))
    panel.unit_combo.activated.emit(panel.unit_combo.currentIndex())
    assert session.step_unit == "batch" and panel.speed_label.text() == "2 batches/s"
    session.set_speed(FULL_SPEED)                  # the session drives the slider back
    assert panel.speed_slider.value() == SPEED_POSITIONS
    assert panel.speed_label.text() == "full speed"
    session.set_speed(0.1)                         # clamped to the slowest
    assert session.speed == 0.5 and panel.speed_slider.value() == 0


def test_locked_settings_are_disabled(panel, session):
    session.locked = {"lr", "hidden", "dataset"}
    panel.refresh()
    assert not panel.lr_combo.isEnabled()
    assert not panel.dataset_combo.isEnabled()
    assert not panel.add_layer_button.isEnabled()
    assert not any(r.units.isEnabled() or r.remove.isEnabled() for r in panel._rows)
    assert all(r.activation.isEnabled() for r in panel._rows)
    assert panel.optimizer_combo.isEnabled() and panel.noise_spin.isEnabled()
    assert panel.lock_note.isVisible()
    session.locked = set()
    panel.refresh()
    assert panel.lr_combo.isEnabled() and panel.add_layer_button.isEnabled()
    assert not panel.lock_note.isVisible()


def test_session_error_is_shown_and_widget_reverted(panel, session, monkeypatch):
    def refuse(**changes):
        raise SpecError("this lesson keeps optimizer fixed")
    monkeypatch.setattr(session, "set", refuse)
    choose(panel.optimizer_combo, "sgd")
    assert session.settings.optimizer == "adam"
    assert panel.optimizer_combo.currentData() == "adam"     # reverted
    assert "keeps optimizer fixed" in panel.status_text()


def test_optimizer_init_and_tooltips(panel, session):
    choose(panel.optimizer_combo, "momentum")
    assert session.settings.optimizer == "momentum"
    assert "β" in panel.optimizer_combo.toolTip()
    choose(panel.init_combo, "zeros")
    assert session.settings.init == "zeros"
    assert "symmetry" in panel.init_combo.toolTip()
    i = panel.init_combo.findData("small")
    assert "0.1" in panel.init_combo.itemData(i, Qt.ToolTipRole)


def test_regularisation(qtbot, panel, session):
    assert not panel.reg_rate.isEnabled()
    choose(panel.reg_combo, "l2")
    assert session.settings.l2 > 0 and session.settings.l1 == 0
    assert panel.reg_rate.isEnabled()
    type_into(qtbot, panel.reg_rate, "0.03")
    assert session.settings.l2 == pytest.approx(0.03)
    choose(panel.reg_combo, "l1")
    assert session.settings.l1 == pytest.approx(0.03) and session.settings.l2 == 0
    choose(panel.reg_combo, "none")
    assert session.settings.l1 == 0 and session.settings.l2 == 0
    session.undo()
    assert panel.reg_combo.currentData() == "l1"


def test_seeds(panel, session):
    panel.seed_spin.setValue(7)
    assert session.settings.seed == 7
    panel.train_seed_spin.setValue(3)
    assert session.settings.train_seed == 3


def test_divergence_is_reported(panel, session):
    session.set(optimizer="sgd", lr=100.0)
    session.step(50)
    assert session.diverged
    assert "diverged" in panel.metric_label.text()
    assert panel.status_text()
    panel.actions["play"].trigger()
    assert not session.playing and not panel.actions["play"].isChecked()


def test_parse_number():
    assert parse_number(" 0,03 ") == pytest.approx(0.03)
    assert parse_number("−2") == -2
    assert parse_number("abc") is None
    assert parse_number("nan") is None
    assert plain_number(0.00001) == "0.00001"


def test_wheel_over_an_unfocused_combo_scrolls_instead_of_changing_it(qtbot, panel, session):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    panel.resize(300, 400)
    qtbot.wait(10)
    combo = panel.dataset_combo
    assert not combo.hasFocus()
    pos = QPointF(combo.width() / 2, combo.height() / 2)
    ev = QWheelEvent(pos, combo.mapToGlobal(pos), QPoint(0, 0), QPoint(0, -120),
                     Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(combo, ev)
    assert session.settings.dataset == "spiral"
    assert combo.currentData() == "spiral"
    assert panel.scroll.verticalScrollBar().value() > 0


def test_deleted_panel_stops_listening(qtbot, session):
    p = ControlPanel(session)
    n = len(session.events._subs["training"])
    p.deleteLater()
    qtbot.waitUntil(lambda: len(session.events._subs["training"]) == n - 1)
    session.step(1)
    session.set(lr=0.1)


def test_readouts_follow_an_edited_weight_and_painted_points(panel, session):
    session.step(30)
    before = panel.loss_label.text()
    session.set_param("W3", (0, 0), 40.0)       # a wild output weight: the loss jumps
    m = session.current_metrics()
    assert m["fresh"]
    t = session.trainer
    assert m["train_loss"] == t.evaluate(t.X, t.Y)[0]
    assert panel.loss_label.text() != before
    assert f"{m['train_loss']:.3g}"[:3] in panel.loss_label.text().replace(",", "")
    session.undo()
    assert panel.loss_label.text() == before or session.current_metrics()["fresh"]
    n = len(session.history)
    session.add_point(0.1, 0.2, 1)
    assert len(session.history) == n             # painting keeps the history
    m = session.current_metrics()
    assert m["fresh"] and m["train_loss"] == session.trainer.evaluate(
        session.trainer.X, session.trainer.Y)[0]


def test_greyed_boxes_show_what_the_data_set_really_has(panel, session, tmp_path):
    session.set(dataset="iris")
    assert not panel.classes_spin.isEnabled() and not panel.samples_spin.isEnabled()
    assert panel.classes_spin.value() == 3 and panel.samples_spin.value() == 150
    path = tmp_path / "pts.csv"
    path.write_text("x,y,label\n" + "\n".join(f"{i % 7},{i % 5},{i % 2}" for i in range(120)))
    session.import_csv(path)
    assert panel.samples_spin.value() == 120 and panel.classes_spin.value() == 2
