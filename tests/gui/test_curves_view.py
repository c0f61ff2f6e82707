"""The curves view: loss and metric against epoch/step, decimation, hover."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF

from core.train import History
from nnviz.theme import fmt
from nnviz.views.curves_view import CurvesView, decimate


@pytest.fixture
def make_view(shown):
    return lambda session: shown(CurvesView(session), 460, 400)


def fake_history(n, spike_at=None, **override):
    ep = np.arange(1, n + 1, dtype=float)
    loss = 1.0 / np.sqrt(ep) + 0.01 * np.sin(ep)
    if spike_at is not None:
        loss[spike_at] = 5.0
    d = {"epoch": ep, "step": 4 * ep, "train_loss": loss, "test_loss": 1.1 * loss,
         "train_metric": 1 - loss / 2, "test_metric": 1 - loss / 1.5}
    d.update(override)
    return History.from_dict(d)


def data(view, name):
    x, y = view.items[name].getData()
    return (np.zeros(0), np.zeros(0)) if x is None else (np.asarray(x), np.asarray(y))


def test_empty_then_twenty_steps(session, make_view):
    view = make_view(session)
    assert len(data(view, "train_loss")[0]) == 0
    assert view.placeholder.isVisible()
    session.step(20)
    h = session.history
    x, y = data(view, "train_loss")
    assert len(x) == 20
    np.testing.assert_array_equal(x, np.arange(1, 21))
    assert y[-1] == h.last("train_loss")
    assert len(data(view, "test_loss")[0]) == 20
    _, m = data(view, "train_metric")
    assert m[-1] == pytest.approx(100 * h.last("train_metric"))       # accuracy in %
    assert not view.placeholder.isVisible()
    # The view follows the data: the last epoch is inside the x range.
    lo, hi = view.loss_plot.getPlotItem().getViewBox().viewRange()[0]
    assert lo <= 1 and hi >= 20
    assert view.plot_widget() is view.loss_plot


def test_x_axis_step(session, make_view):
    session.set(batch_size=30)
    session.step_epoch()
    session.step_epoch()
    view = make_view(session)
    view.x_combo.setCurrentIndex(view.x_combo.findData("step"))
    x, _ = data(view, "train_loss")
    np.testing.assert_array_equal(x, session.history["step"])
    assert x[-1] > 2
    assert view.metric_plot.getPlotItem().getAxis("bottom").labelText == "step"


def test_log_scale_guards_zero(session, make_view):
    session.trainer.history = fake_history(50, train_loss=np.r_[np.linspace(1, 0.01, 49), 0.0])
    view = make_view(session)
    view.log_action.setChecked(True)
    item = view.items["train_loss"]
    assert item.opts["logMode"][1]
    _, y = data(view, "train_loss")
    assert np.isfinite(y).all()
    assert y[0] == pytest.approx(0.0)                 # log10(1)
    assert y[-1] == pytest.approx(np.log10(0.01))     # the zero clamped to the least positive
    lo, hi = view.loss_plot.getPlotItem().getViewBox().viewRange()[1]
    assert lo < np.log10(0.01) and hi > 0                  # y range in decades
    view.log_action.setChecked(False)
    _, y = data(view, "train_loss")
    assert y[-1] == 0.0
    lo, hi = view.loss_plot.getPlotItem().getViewBox().viewRange()[1]
    assert -0.05 < lo < 0 and 1 < hi < 1.5


def test_hover_label_shows_epoch_values(session, make_view, qtbot):
    session.step(30)
    view = make_view(session)
    text = view.hover_at(12.3)
    h = session.history
    assert "epoch 12" in text
    assert fmt(h["train_loss"][11], 4) in text and fmt(h["test_loss"][11], 4) in text
    assert "accuracy" in text and "test" in text
    assert view.hover_label.isVisible() and all(v.isVisible() for v in view._vlines)
    assert view._vlines[0].value() == 12
    # A real mouse move over the metric plot moves the crosshair too.
    vb = view.metric_plot.getPlotItem().getViewBox()
    pos = view.metric_plot.mapFromScene(vb.mapViewToScene(QPointF(25, 50)))
    qtbot.mouseMove(view.metric_plot.viewport(), pos)
    qtbot.waitUntil(lambda: view._vlines[0].value() == 25)
    assert "epoch 25" in view.hover_label.textItem.toPlainText()


def test_million_records_are_decimated(session, make_view):
    n = 10 ** 6
    session.trainer.history = fake_history(n, spike_at=654_321)
    view = make_view(session)
    view.refresh()
    for name in ("train_loss", "test_loss", "train_metric", "test_metric"):
        x, y = data(view, name)
        assert 0 < len(x) <= 4000
        assert np.isfinite(y).all()
    x, y = data(view, "train_loss")
    assert x[0] == 1 and x[-1] == n
    assert y.max() == 5.0                     # the spike survives (min/max decimation)
    assert y.min() == pytest.approx(session.history["train_loss"].min())
    # Growing by a few records keeps it bounded and up to date.
    h = session.history
    for i in range(5):
        h.append(epoch=n + i + 1, step=4 * (n + i + 1), train_loss=0.001, test_loss=0.002,
                 train_metric=0.99, test_metric=0.98)
    session.events.emit("training")
    x, y = data(view, "train_loss")
    assert len(x) <= 4000 and x[-1] == n + 5 and y[-1] == 0.001


def test_zoom_decimates_visible_range_and_fit_follows(session, make_view):
    n = 200_000
    session.trainer.history = fake_history(n)
    view = make_view(session)
    vb = view.loss_plot.getPlotItem().getViewBox()
    vb.setXRange(1000, 1500, padding=0)
    vb.sigRangeChangedManually.emit(vb.state["mouseEnabled"])   # as a mouse zoom does
    view.refresh()
    x, _ = data(view, "train_loss")
    assert x[0] <= 1000 and x[-1] >= 1500 and len(x) < 600      # raw records near the view
    assert not view._follow
    view.fit()
    assert view._follow
    lo, hi = vb.viewRange()[0]
    assert lo <= 1 and hi >= n


def test_reset_and_undo_shrink(session, make_view):
    view = make_view(session)
    session.step(25)
    session.set(lr=0.01)           # undoable, keeps the history
    session.step(10)
    assert len(data(view, "train_loss")[0]) == 35
    session.undo()                 # back to 25 records (a different History object)
    assert len(data(view, "train_loss")[0]) == 25
    session.reset()
    assert len(data(view, "train_loss")[0]) == 0
    assert view.placeholder.isVisible()
    session.step(3)
    assert len(data(view, "train_loss")[0]) == 3


def test_no_test_set_hides_test_curves(session, make_view):
    session.set(test_fraction=0.0)
    session.step(10)
    view = make_view(session)
    assert not view.items["test_loss"].isVisible()
    assert not view.items["test_metric"].isVisible()
    assert len(data(view, "test_loss")[0]) == 0
    assert view.legend_texts() == ["train"] and "test" not in view.legend.text()
    assert "test" not in view.hover_at(5)
    session.set(test_fraction=0.3)
    session.step(5)
    assert view.items["test_loss"].isVisible()
    assert view.legend_texts() == ["train", "test"] and "test" in view.legend.text()


def test_non_finite_values_never_plotted(session, make_view):
    loss = np.linspace(1, 0.1, 100)
    loss[[10, 50]] = np.nan
    loss[70] = np.inf
    session.trainer.history = fake_history(100, train_loss=loss)
    view = make_view(session)
    x, y = data(view, "train_loss")
    assert len(x) == 97 and np.isfinite(y).all()


def test_regression_metric_is_r2(session, make_view):
    session.set(dataset="sine")
    session.step(15)
    view = make_view(session)
    assert view.metric_plot.getPlotItem().getAxis("left").labelText == "R²"
    _, m = data(view, "train_metric")
    assert m[-1] == pytest.approx(session.history.last("train_metric"))
    assert "R²" in view.hover_at(3)


def test_decimate_matches_brute_force():
    rng = np.random.default_rng(1)
    n = 300_000
    x = np.arange(n, dtype=float)
    col = rng.normal(size=n)
    from nnviz.views.curves_view import _BlockPeaks
    cache = _BlockPeaks()
    cache.update(col)
    i0, i1 = 12_345, 287_654
    xs, ys = decimate(x, {"c": col}, i0, i1, caches={"c": cache})
    assert len(xs) <= 2200
    assert ys["c"].max() == col[i0:i1].max() and ys["c"].min() == col[i0:i1].min()
    assert xs[0] == i0 and xs[-1] == i1 - 1 and np.all(np.diff(xs) >= 0)
    xs2, ys2 = decimate(x, {"c": col}, i0, i1)            # raw path, no cache
    assert ys2["c"].max() == ys["c"].max() and len(xs2) <= 2200
