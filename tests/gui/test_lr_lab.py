"""The learning-rate lab: four behaviours on the line fit's bowl, clicks, edits."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt

from nnviz.views.lr_lab import LearningRateLab, default_rates, parse_rates

TIMEOUT = 20000


def make_lab(qtbot, session=None):
    lab = LearningRateLab(session)
    qtbot.addWidget(lab)
    lab.resize(900, 600)
    lab.show()
    qtbot.waitExposed(lab)
    return lab


def all_drawn_finite(lab):
    for x, y in lab.drawn_paths() + lab.drawn_losses():
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            return False
    img = lab.drawn_image()
    return img is not None and np.isfinite(img).all()


def test_four_rates_on_the_bowl_one_divergent(qtbot):
    lab = make_lab(qtbot)
    # λmax of ½·mean((w x + b − y)²) with x ~ U(−1, 1) is ≈ 1: limit 2/λmax ≈ 2
    assert 0.9 < lab.lam_max < 1.1
    assert lab.model.rates == [0.01, 0.3, 1.9, 2.5]
    assert lab.rates_edit.text() == "0.01, 0.3, 1.9, 2.5"
    assert "λ<sub>max</sub>" in lab.caption.text()
    assert len(lab.runs) == 4 and len(lab.drawn_paths()) == 4
    flagged = [r for r in lab.runs if r.diverged_at is not None]
    assert len(flagged) == 1 and flagged[0].lr == 2.5
    legend = lab.legend_texts()
    assert legend[1] == "lr 0.3 · SGD"
    assert legend[3].startswith("lr 2.5 · SGD — diverged at step ")
    assert "diverged at step" in lab.legend.text()
    # the divergent run is dashed and has its ✕; the others are solid
    assert lab.drawn_styles() == [(False, False)] * 3 + [(True, True)]
    assert all_drawn_finite(lab)
    # the behaviours: too small barely moves; good and oscillating converge
    small, good, osc, _ = (r.path for r in lab.runs)
    assert small.losses[-1] > 0.3 * small.losses[0]
    assert good.losses[-1] < 0.01 and osc.losses[-1] < 0.05
    d = np.diff(osc.points[:, 1])
    assert np.mean(np.sign(d[1:]) != np.sign(d[:-1])) > 0.8    # zig-zags in b
    # drawn divergent path stays near the box
    (a0, a1), (b0, b1) = lab.model.box
    x, y = lab.drawn_paths()[3]
    assert x.min() >= a0 - 1e-9 and x.max() <= a1 + 1e-9
    assert y.min() >= b0 - 1e-9 and y.max() <= b1 + 1e-9


def test_click_on_the_surface_sets_the_start(qtbot):
    lab = make_lab(qtbot)
    target = (0.5, -0.8)
    view_pt = lab.plot.mapFromScene(lab.vb.mapViewToScene(pg.Point(*target)))
    with qtbot.waitSignal(lab.runsChanged, timeout=TIMEOUT):
        qtbot.mouseClick(lab.plot.viewport(), Qt.LeftButton,
                         pos=QPoint(int(round(view_pt.x())), int(round(view_pt.y()))))
    (a0, a1), (b0, b1) = lab.model.box
    px = max((a1 - a0), (b1 - b0)) / 100                   # about a pixel
    assert lab.start == pytest.approx(target, abs=2 * px)
    for run, (x, y) in zip(lab.runs, lab.drawn_paths()):
        np.testing.assert_array_equal(run.path.points[0], lab.start)
        assert (x[0], y[0]) == pytest.approx(lab.start)
    # exact, through the public method; outside the box nothing happens
    assert lab.click_at(1.0, 1.0)
    assert all(tuple(r.path.points[0]) == (1.0, 1.0) for r in lab.runs)
    assert not lab.click_at(a1 + 10, 0.0) and lab.start == (1.0, 1.0)


def test_rates_optimisers_and_steps(qtbot):
    lab = make_lab(qtbot)
    lab.rates_edit.setText("0.1, 5")
    lab.rates_edit.editingFinished.emit()
    assert [r.lr for r in lab.runs] == [0.1, 5.0]
    lab.rates_edit.setText("0.1, fast")
    lab.rates_edit.editingFinished.emit()
    assert "not a number" in lab.status.text() and len(lab.runs) == 2
    lab.opt_checks["adam"].setChecked(True)
    assert len(lab.runs) == 4
    assert {r.optimizer for r in lab.runs} == {"sgd", "adam"}
    assert "dot shape = optimiser" in lab.legend.text()
    lab.set_steps(10)
    assert all(len(r.path.points) <= 11 for r in lab.runs)
    assert all_drawn_finite(lab)
    lab.set_optimizers([])
    assert lab.runs == [] and "Tick an optimiser" in lab.legend.text()


def test_current_network_two_weights(qtbot, session):
    session.step(20)
    session.select(("edge", 2, 1, 3))
    lab = make_lab(qtbot, session)
    lab.set_task("network")
    assert lab.model.problem.names == ("W2[1,3]", "b2[3]")
    assert [c.currentText() for c in lab.name_combos] == ["W2[1,3]", "b2[3]"]
    assert lab.start == pytest.approx((session.net.params["W2"][1, 3],
                                       session.net.params["b2"][3]))
    qtbot.waitUntil(lambda: lab.result is not None and lab.result.complete,
                    timeout=TIMEOUT)
    assert lab.result.names == ("W2[1,3]", "b2[3]")
    assert len(lab.runs) == 4 and all_drawn_finite(lab)
    theta = session.net.theta.copy()
    lab.set_start(0.0, 0.0)
    np.testing.assert_array_equal(session.net.theta, theta)   # the session is untouched
    lab.set_task("line")
    assert lab.result.names == ("W1[0,0]", "b1[0]") and len(lab.runs) == 4
    assert lab.model is session.lr_lab                       # the session's model


def test_every_optimiser_of_core_optim_is_offered(qtbot):
    from core.optim import OPTIMIZER_NAMES
    lab = make_lab(qtbot)
    assert set(lab.opt_checks) == set(OPTIMIZER_NAMES)
    for cb in lab.opt_checks.values():
        cb.setChecked(True)
    assert len(lab.runs) == 4 * len(OPTIMIZER_NAMES)
    assert {r.optimizer for r in lab.runs} == set(OPTIMIZER_NAMES)
    assert all_drawn_finite(lab)
    assert any("RMSProp" in t for t in lab.legend_texts())


def test_names_edited_and_bad_names_reported(qtbot, session):
    lab = make_lab(qtbot, session)
    lab.set_task("network")
    c = lab.name_combos[1]
    c.setEditText("W1[0,1]")
    c.lineEdit().editingFinished.emit()
    assert lab.model.problem.names[1] == "W1[0,1]"
    c.setEditText("W9[0,0]")
    c.lineEdit().editingFinished.emit()
    assert "unknown parameter" in lab.status.text()
    assert lab.model.problem.names[1] == "W1[0,1]"


def test_helpers():
    assert default_rates(1.0148) == [0.01, 0.3, 1.9, 2.5]
    r = default_rates(4.0)
    assert r[2] < 2 / 4.0 < r[3]
    assert parse_rates("0.1; 2  3e-2") == [0.1, 2.0, 0.03]
    for bad in ("", "0", "-1", "x", "1,2,3,4,5,6,7,8,9"):
        with pytest.raises(ValueError):
            parse_rates(bad)
