"""Training health in the window: the pane under the curves (gradient norms
per layer, sentences with a suggestion), dead/saturated units marked in the
network view, the best test epoch on the curves and the timeline."""
import os

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from core.session import Session, Settings
from nnviz.health_ui import attach_health
from nnviz.main_window import MainWindow
from nnviz.views.health_view import HealthView
from nnviz.zoom import ZOOM

SHOTS = os.environ.get("NNVIZ_HEALTH_SHOTS")     # a folder: save screenshots there


def make_window(qtbot, session, size=(1024, 768), workspace="landscape"):
    w = MainWindow(session, restore_layout=False)
    w._quitting_ok = True
    qtbot.addWidget(w)
    if not hasattr(w, "health"):          # until MainWindow calls it itself
        attach_health(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.show_workspace(workspace)
    qtbot.wait(20)
    return w


def shot(w, name):
    """Screenshots of the health pane (Landscape) and of the marks (Train)."""
    if SHOTS:
        now = w.workspace.current
        for key in ("landscape", "train"):
            w.show_workspace(key)
            QApplication.processEvents()
            w.grab().save(os.path.join(SHOTS, f"{name}_{key}.png"))
        w.show_workspace(now)


def rect_in(window, widget):
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_the_pane_fits_at_1024x768_and_the_main_view_keeps_60_percent(qtbot):
    w = make_window(qtbot, Session())
    keys = [p.key for p in w.workspace.visible_panes()]
    assert "health" in keys
    pane = w.workspace.panes["health"]
    r = rect_in(w, pane)
    assert w.rect().contains(r) and r.height() > 50 and r.width() > 50
    main = w.workspace.main_pane()
    share = main.width() * main.height() / (1024 * 768)
    # the pane takes no room from the main view (≥ 60 % unless the other
    # panes' minimum sizes already take it: then exactly as without the pane)
    bare = MainWindow(Session(), restore_layout=False)
    bare._quitting_ok = True
    qtbot.addWidget(bare)
    bare.resize(1024, 768)
    bare.show()
    qtbot.waitExposed(bare)
    bare.show_workspace("landscape")
    qtbot.wait(20)
    m = bare.workspace.main_pane()
    assert share >= min(0.60, m.width() * m.height() / (1024 * 768))
    for key in ("train", "backprop", "lab"):
        w.show_workspace(key)
        assert "health" not in [p.key for p in w.workspace.visible_panes()]


def test_gradient_norms_plot_per_layer_and_a_healthy_run_says_so(qtbot):
    s = Session(Settings(dataset="moons", samples=200, hidden=(8, 8), batch_size=32,
                         lr=0.03, optimizer="adam", init="xavier"))
    w = make_window(qtbot, s)
    s.train_epochs(30)
    view = w.workspace.panes["health"].widget
    assert isinstance(view, HealthView)
    report = w.health.report
    assert report.grad_norms.shape == (30, 3)
    xs, ys = view.curves[0].getData()
    np.testing.assert_allclose(10 ** ys, report.grad_norms[:, 0])      # log mode
    assert list(xs) == list(range(1, 31))
    assert view.plot.getPlotItem().ctrl.logYCheck.isChecked()      # log scale
    assert view.sentences() == []
    assert "No health problems found." in view.text.text()
    shot(w, "health_ok")


def test_dead_units_are_crossed_out_with_a_sentence_and_the_fraction(qtbot):
    s = Session(Settings(dataset="moons", samples=200, hidden=(8, 6),
                         activations=("relu", "relu"), init="he"))
    w = make_window(qtbot, s)
    b = s.net.params["b1"].copy()
    b[[0, 3, 5]] = -500.0
    s.set_param("b1", (0,), -500.0)
    s.set_param("b1", (3,), -500.0)
    s.set_param("b1", (5,), -500.0)
    dead, sat = w.network_view.health_marks()
    assert dead == {("neuron", 1, 0), ("neuron", 1, 3), ("neuron", 1, 5)} and not sat
    assert w.network_view.caption.text().startswith("h1: 3/8 dead")
    codes = [c for c, _, _ in w.health.view.sentences()]
    assert codes == ["dead_units"]
    what, tip = w.health.view.sentences()[0][1:]
    assert "3 of 8 in layer 1" in what and "leaky ReLU" in tip
    shot(w, "health_dead")


def test_saturated_units_are_ringed(qtbot):
    s = Session(Settings(dataset="moons", samples=200, hidden=(6,), activations=("tanh",)))
    w = make_window(qtbot, s)
    theta = s.net.theta.copy()
    W1 = s.net.params["W1"]
    start = s.net.param_index("W1[0,0]")
    theta[start:start + W1.size] *= 500.0
    s.set_theta(theta)
    dead, sat = w.network_view.health_marks()
    assert len(sat) >= 4 and not dead
    assert "saturated" in w.network_view.caption.text()
    assert w.health.view.sentences()[0][0] == "saturated_units"
    shot(w, "health_saturated")


def test_overfitting_marks_the_best_test_epoch_on_curves_and_timeline(qtbot):
    s = Session(Settings(dataset="moons", samples=30, noise=0.3, hidden=(64, 64),
                         batch_size=0, lr=0.01, optimizer="adam", init="xavier"))
    w = make_window(qtbot, s)
    s.train_epochs(600)
    report = w.health.report
    assert report.overfitting and report.best_test_epoch is not None
    best = report.best_test_epoch
    line = w.curves_view.best_line
    assert line.isVisible() and line.value() == best
    assert str(best) in line.label.format
    spots = w.timeline_view.best_mark.data
    assert len(spots) == 1 and spots[0]["x"] == best
    assert w.health.view.sentences()[-1][0] == "overfitting"
    shot(w, "health_overfitting")
    w.curves_view.x_combo.setCurrentIndex(1)                       # against steps
    assert line.value() == s.history["step"][best - 1]


def test_vanishing_gradients_and_learning_rate_trouble_are_said(qtbot):
    s = Session(Settings(dataset="moons", samples=200, hidden=(8, 8, 8, 8, 8),
                         activations=("sigmoid",) * 5, init="small", optimizer="sgd",
                         lr=0.1, batch_size=0))
    w = make_window(qtbot, s)
    s.train_epochs(20)
    assert "vanishing_gradients" in [c for c, _, _ in w.health.view.sentences()]
    shot(w, "health_vanishing")
    s2 = Session(Settings(dataset="moons", samples=200, hidden=(16, 16), lr=10.0,
                          optimizer="sgd", batch_size=0, init="uniform"))
    w.session.replace_with(s2)
    w.session.train_epochs(100)
    codes = [c for c, _, _ in w.health.view.sentences()]
    assert {"oscillating", "no_progress"} & set(codes) or w.session.diverged
    shot(w, "health_lr")


def test_updates_are_throttled_while_playing(qtbot):
    s = Session(Settings(dataset="moons", samples=200, batch_size=32))
    w = make_window(qtbot, s)
    ctl = w.health
    before = ctl.updates
    s.play()
    for _ in range(40):
        s.train_epochs(1)
    assert ctl.updates - before < 10
    s.pause()
    assert ctl.report.grad_norms.shape[0] == len(s.history)


@pytest.mark.parametrize("lang", ["zh_CN"])
def test_sentences_follow_the_zoom_and_the_language(qtbot, lang):
    ZOOM.set_factor(1.5, remember=False)
    try:
        view = HealthView(Session())
        qtbot.addWidget(view)
        assert view.text.font().pixelSize() == ZOOM.px(12)
    finally:
        ZOOM.set_factor(1.0, remember=False)
