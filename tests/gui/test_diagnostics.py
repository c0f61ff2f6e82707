"""Diagnostics in the window: gradient-check panel, pinned runs side by side,
the honest surface and clicking it (issue #14)."""
import time

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from core.session import Session
from core.settings import Settings
from nnviz.diagnostics_ui import attach_diagnostics
from nnviz.main_window import MainWindow
from nnviz.views.gradcheck_view import GradcheckView


def wait_job(qtbot, job, timeout=10.0):
    end = time.time() + timeout
    while job.busy and time.time() < end:
        qtbot.wait(10)
    assert not job.busy


@pytest.fixture
def window(qtbot):
    s = Session(Settings(dataset="moons", samples=120, hidden=(5, 4),
                         activations=("prelu", "tanh")))
    w = MainWindow(s, restore_layout=False)
    w._quitting_ok = True
    qtbot.addWidget(w)
    d = attach_diagnostics(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w, d
    d.gradcheck.shutdown()
    w.surface_view.shutdown()


def test_attach_adds_panes_and_actions_once(window):
    w, d = window
    assert attach_diagnostics(w) is d
    assert "gradcheck" in w.workspace.specs["backprop"].left
    for key in ("pin_run", "clear_runs", "check_gradients"):
        assert key in w.actions
    train = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Train")
    assert w.actions["pin_run"] in train.actions()
    assert not w.actions["clear_runs"].isEnabled()


def test_panel_shows_the_selected_weight(window, qtbot):
    w, d = window
    s = w.session
    s.train_epochs(3)
    w.show_workspace("backprop")
    s.select(("edge", 1, 1, 2))
    gc = d.gradcheck
    assert gc.isVisible() and gc.last is not None
    assert gc.last.label == "w1[2→3]" and gc.last.passed
    assert "w1[2→3]" in gc.title.text()
    assert float(gc.analytic_label.text().replace("−", "-")) == pytest.approx(
        gc.last.analytic, rel=1e-5)
    assert "passes" in gc.verdict_label.text()
    s.select(("neuron", 1, 0))                         # PReLU: bias and slope
    assert gc.param_combo.count() == 2 and gc.param_combo.isVisibleTo(gc)
    gc.param_combo.setCurrentIndex(1)
    assert gc.last.label == "a1[1]" and gc.last.passed
    s.select(("edge", 2, 0, 1))                        # into tanh: curved
    small = gc.last.rel_error
    gc.set_h(1e-1)                                     # a big step sees the bend
    assert gc.last.h == 0.1 and gc.last.rel_error > 100 * small
    assert ("passes" if gc.last.passed else "fails") in gc.verdict_label.text()
    gc.set_eps(0.01)
    n = gc.last_nudge
    assert n.eps == 0.01 and n.predicted == pytest.approx(n.gradient * 0.01)
    s.select(("layer", 1))
    assert gc.last is None and "Select" in gc.verdict_label.text()


def test_check_all_in_the_worker_finds_the_worst(window, qtbot):
    w, d = window
    w.session.train_epochs(2)
    w.actions["check_gradients"].trigger()
    assert w.workspace.current == "backprop"
    wait_job(qtbot, d.gradcheck.job)
    res = d.gradcheck.all_result
    assert res.complete and res.passed and res.rel.size == w.session.net.theta.size
    assert "All 49 pass" in d.gradcheck.all_label.text()
    d.gradcheck.show_worst_button.click()
    assert w.session.selection is not None
    assert d.gradcheck.current_index() == res.worst


def test_panel_never_moves_the_session(qtbot, shown):
    s = Session()
    s.train_epochs(2)
    before = s.net.theta.copy()
    v = shown(GradcheckView(s), 320, 420)
    s.select(("bias", 2, 0))
    v.check_all()
    wait_job(qtbot, v.job)
    np.testing.assert_array_equal(s.net.theta, before)
    assert not s.dirty or s.undo_text == ""
    v.shutdown()


def test_pin_shows_compare_and_overlays_the_curves(window, qtbot):
    w, d = window
    s = w.session
    s.train_epochs(5)
    w.actions["pin_run"].trigger()
    assert len(s.runs) == 1 and w.workspace.current == "train"
    assert "compare" in w.workspace.specs["train"].left
    assert d.compare.isVisible()
    s.set(activations=("relu", "tanh"))
    s.train_epochs(5)
    s.look_at(3)
    d.compare.refresh()
    titles = d.compare.tile_titles()
    assert titles[0].startswith("Now") and titles[1].startswith("Run 1")
    assert "Epoch 3" in d.compare.note.text() and "prelu-tanh" in d.compare.note.text()
    assert len(w.curves_view._overlay_items) == 2
    x, y = w.curves_view._overlay_items[0][1].getData()
    np.testing.assert_array_equal(y, s.runs[0].history["train_loss"])
    assert "Run 1" in w.curves_view.legend.text()
    main = w.workspace.main_pane()
    assert main.width() >= 0.6 * 1024          # the main view keeps its width
    s.back_to_present()
    w.actions["clear_runs"].trigger()
    assert "compare" not in w.workspace.specs["train"].left
    assert "data" in w.workspace.specs["train"].left
    assert w.curves_view._overlay_items == []


def test_surface_honest_plot_and_click_moves_the_network(window, qtbot):
    w, d = window
    s = w.session
    for _ in range(15):
        s.train_epochs(1)
    w.show_workspace("landscape")
    sv = w.surface_view
    sv.set_mode("random")
    wait_job(qtbot, sv.job)
    qtbot.wait(50)
    sv.update_honest()
    wait_job(qtbot, sv.honest_job)
    hp = sv.honest_result
    assert hp is not None and hp.complete and len(hp.steps) == 16
    x, y = sv.honest_items[0].getData()
    np.testing.assert_array_equal(y, hp.true_loss)
    assert "largest gap" in sv.honest_label.toPlainText()
    r = sv.result
    a, b = r.argmin()
    before = s.net.theta.copy()
    # a real click in the middle of the lowest cell
    scene_pt = sv.vb.mapViewToScene(QPointF(a, b))
    view_pt = sv.plot.mapFromScene(scene_pt)
    qtbot.mouseClick(sv.plot.viewport(), Qt.LeftButton, pos=view_pt)
    qtbot.wait(20)
    assert not np.array_equal(s.net.theta, before)
    np.testing.assert_allclose(r.project(s.net.theta), (a, b), atol=0.05 * (r.a[-1] - r.a[0]))
    assert "loss surface" in s.undo_text
    s.undo()
    np.testing.assert_array_equal(s.net.theta, before)


def test_screenshots(window, qtbot, tmp_path):
    w, d = window
    s = w.session
    s.train_epochs(5)
    w.show_workspace("backprop")
    s.select(("neuron", 1, 2))
    d.gradcheck.check_all()
    wait_job(qtbot, d.gradcheck.job)
    qtbot.wait(20)
    assert not w.grab().isNull()
    assert not d.gradcheck.grab().isNull()
