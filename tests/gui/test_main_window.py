"""The main window end to end: training, stepping, undo, divergence, files."""
import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.session import Session, Settings
from nnviz.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session())
    # pytest-qt closes the window before fixtures tear down: never prompt then.
    w._quitting_ok = True
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.session.pause()


@pytest.fixture
def errors(monkeypatch):
    shown = []
    monkeypatch.setattr(MainWindow, "show_error",
                        lambda self, title, text: shown.append((title, text)))
    return shown


def test_opens_on_default_session(window):
    s = window.session
    assert s.dataset.name == "spiral"
    assert s.net.sizes == [2, 8, 8, 1]
    assert set(window.panes) >= {"network", "controls", "data", "curves", "inspector",
                                 "stepthrough", "surface", "lr_lab"}
    assert window.workspace.current == "train"
    assert all(window.panes[k].isVisible() for k in ("network", "controls", "data", "curves"))
    assert not window.panes["stepthrough"].isVisible()
    assert len(s.history) == 0
    assert not window.banner.isVisible()


def test_play_trains_and_curves_move(window, qtbot):
    s = window.session
    window.actions["play"].trigger()
    assert s.playing
    qtbot.waitUntil(lambda: len(s.history) > 50, timeout=5000)
    window.actions["play"].trigger()
    assert not s.playing
    assert not window._timer.isActive()
    h = s.history["train_loss"]
    assert h[-1] < h[0]


def test_space_toggles_play(window, qtbot):
    window.network_view.setFocus()
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.session.playing
    qtbot.keyClick(window, Qt.Key_Space)
    assert not window.session.playing


def test_step_advances_exactly_one_batch(window, qtbot):
    s = window.session
    s.set(batch_size=10)
    theta = s.net.theta.copy()
    qtbot.keyClick(window, Qt.Key_Right)
    assert s.trainer.steps == 1
    assert len(s.history) == 0          # an epoch has 21 batches of 10 here
    assert not np.array_equal(theta, s.net.theta)
    window.actions["step_epoch"].trigger()
    assert len(s.history) == 1
    assert s.trainer.steps == s.trainer.batches_per_epoch


def test_weight_edit_changes_output_and_ctrl_z_undoes(window, qtbot):
    s = window.session
    x = s.features()[:5]
    before = s.net.forward(x)
    old = float(s.net.params["W1"][0, 0])
    s.set_param("W1", (0, 0), old + 2.0)
    assert s.net.params["W1"][0, 0] == old + 2.0
    assert not np.allclose(s.net.forward(x), before)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert s.net.params["W1"][0, 0] == old
    np.testing.assert_array_equal(s.net.forward(x), before)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert s.net.params["W1"][0, 0] == old + 2.0


def test_divergence_pauses_shows_message_and_no_nan(window, qtbot):
    s = window.session
    s.set(hidden=(8, 8), activations=("relu", "relu"), optimizer="sgd", lr=1000.0)
    window.actions["play"].trigger()
    qtbot.waitUntil(lambda: s.diverged, timeout=5000)
    qtbot.waitUntil(lambda: not window._timer.isActive(), timeout=1000)
    assert not s.playing
    assert window.banner.isVisible()
    text = window.banner.label.text()
    assert "diverged" in text and "learning rate" in text
    assert np.isfinite(s.net.theta).all()
    assert np.isfinite(s.history["train_loss"]).all()
    _, _, outs = s.grid_outputs(50)
    assert all(np.isfinite(o).all() for o in outs)
    # The banner's button lowers the learning rate tenfold and training may go on.
    window.banner.action.click()
    assert s.settings.lr == pytest.approx(100.0)
    assert not window.banner.isVisible()
    assert not s.diverged


def test_bad_file_shows_message_and_keeps_session(window, tmp_path, errors):
    s = window.session
    s.step(5)
    theta = s.net.theta.copy()
    bad = tmp_path / "broken.nnviz"
    bad.write_text('{"format": "nnviz-session", "version": 1, "network": 3}')
    assert window.open_file(bad) is False
    assert len(errors) == 1 and "broken.nnviz" in errors[0][0]
    assert errors[0][1]                     # the reason, naming the problem
    assert window.session is s
    np.testing.assert_array_equal(s.net.theta, theta)
    assert len(s.history) == 5
    assert window.open_file(tmp_path / "missing.nnviz") is False
    assert len(errors) == 2


def test_save_then_open_round_trips(window, tmp_path, errors):
    s = window.session
    s.set(dataset="moons", hidden=(5, 3), activations=("relu", "tanh"))
    s.step(30)
    path = tmp_path / "mine.nnviz"
    assert window.save_to(path)
    assert not s.dirty
    json.loads(path.read_text())           # a readable JSON file
    theta, hist = s.net.theta.copy(), s.history["train_loss"].copy()
    s.reset()
    s.step(3)
    assert window.open_file(path)
    assert not errors
    assert window.session is s             # views keep their session object
    np.testing.assert_array_equal(s.net.theta, theta)
    np.testing.assert_array_equal(s.history["train_loss"], hist)
    assert s.settings.hidden == (5, 3) and s.dataset.name == "moons"
    assert str(path.resolve()) in window.recent_files()


def test_export_png_and_svg(window, tmp_path):
    png, svg = tmp_path / "net.png", tmp_path / "data.svg"
    assert window.export_view(window.network_view, png)
    assert window.export_view(window.data_view, svg)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:2000]


def test_unsaved_changes_prompt_on_close(window, monkeypatch):
    window.session.step(2)
    assert window.session.dirty
    window._quitting_ok = False
    asked = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda self: asked.append(self.text()) or QMessageBox.Cancel)
    window.close()
    assert asked and window.isVisible()
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.Discard)
    window.close()
    assert not window.isVisible()


def test_new_session_replaces_content(window, monkeypatch):
    s = window.session
    s.set(dataset="xor")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.Discard)
    window.actions["new"].trigger()
    assert window.session is s and s.dataset.name == Settings().dataset
    assert not s.can_undo


def test_screenshot_command(tmp_path, qapp):
    from nnviz.app import main
    out = tmp_path / "shot.png"
    assert main(["--screenshot", str(out), "--steps", "20", "--size", "1000x700"]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    from PySide6.QtGui import QImage
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1000, 700)


def test_screenshot_with_bad_file_fails_cleanly(tmp_path, qapp, capsys):
    from nnviz.app import main
    bad = tmp_path / "x.nnviz"
    bad.write_bytes(b"\x00\x01garbage")
    assert main(["--screenshot", str(tmp_path / "o.png"), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "x.nnviz" in err and "Traceback" not in err


def test_no_display_gives_a_clear_message(monkeypatch, capsys):
    from nnviz import app
    monkeypatch.setattr(app.sys, "platform", "linux")
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    assert app.main([]) == 2
    err = capsys.readouterr().err
    assert "no display" in err and "--screenshot" in err and "Traceback" not in err


def test_missing_x11_libraries_are_named(monkeypatch):
    import ctypes.util

    from nnviz import app
    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(ctypes.util, "find_library",
                        lambda name: None if name == "xcb-cursor" else f"lib{name}.so")
    msg = app.display_problem()
    assert "libxcb-cursor0" in msg and "apt-get install" in msg
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: f"lib{name}.so")
    assert app.display_problem() is None


def test_smooth_lines_preference_is_remembered(qtbot):
    w = MainWindow(Session())
    w._quitting_ok = True
    qtbot.addWidget(w)
    assert w.actions["smooth"].isChecked() and w.network_view.antialias() is None
    w.actions["smooth"].trigger()
    assert w.network_view.antialias() is False
    again = MainWindow(Session())
    again._quitting_ok = True
    qtbot.addWidget(again)
    assert not again.actions["smooth"].isChecked()
    assert again.network_view.antialias() is False
