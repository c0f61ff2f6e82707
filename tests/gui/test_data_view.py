"""The data view: points, heat map / curve, painting, CSV import."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from nnviz.views.data_view import RESOLUTION, DataView


@pytest.fixture
def make_view(shown):
    return lambda session: shown(DataView(session), 460, 460)


def scatter_xy(item):
    x, y = item.getData()
    return np.column_stack([x, y]) if x is not None else np.zeros((0, 2))


def click_data(qtbot, view, x, y):
    """A real left click on the plot at data coordinates (x, y)."""
    scene_pt = view.vb.mapViewToScene(QPointF(x, y))
    pos = view.plot.mapFromScene(scene_pt)
    qtbot.mouseClick(view.plot.viewport(), Qt.LeftButton, pos=pos)


def test_points_and_heat_map(session, make_view):
    session.step(30)
    view = make_view(session)
    ds = session.dataset
    assert len(scatter_xy(view.train_item)) == len(ds.train_idx)
    assert len(scatter_xy(view.test_item)) == len(ds.test_idx) > 0
    np.testing.assert_allclose(scatter_xy(view.train_item), ds.X[ds.train_idx])
    img = view.image.image
    assert img.shape == (RESOLUTION, RESOLUTION)
    assert img.dtype == np.float32 and img.flags.c_contiguous
    assert np.isfinite(img).all() and 0 <= img.min() and img.max() <= 1
    assert tuple(view.image.getLevels()) == (0.0, 1.0)
    assert view.image.lut is not None and len(view.image.lut) == 256
    # The image covers the plane bounds and agrees with the session's output.
    (x0, y0), (x1, y1) = session.plane_bounds()
    r = view.image.mapRectToParent(view.image.boundingRect())
    assert r.left() < x0 < r.left() + 0.05 and r.right() > x1 > r.right() - 0.05
    assert r.top() < y0 < r.top() + 0.05 and r.bottom() > y1 > r.bottom() - 0.05
    _, _, outs = session.grid_outputs(RESOLUTION)
    np.testing.assert_allclose(img, outs[-1][..., 0], atol=1e-6)
    assert "accuracy" in view.caption_text() and "test" in view.caption_text()
    assert view.plot_widget() is view.plot


def test_params_event_redraws(session, make_view):
    view = make_view(session)
    before = view.image.image.copy()
    session.step(40)
    assert not np.allclose(view.image.image, before)
    _, _, outs = session.grid_outputs(RESOLUTION)
    np.testing.assert_allclose(view.image.image, outs[-1][..., 0], atol=1e-6)


def test_toggle_test_points(session, make_view):
    view = make_view(session)
    assert view.test_item.isVisible()
    view.show_test.setChecked(False)
    assert not view.test_item.isVisible()
    assert "test" not in view.caption_text().split("\n")[0]
    view.show_test.setChecked(True)
    assert view.test_item.isVisible()


def test_discretize_binary(session, make_view):
    session.step(50)
    view = make_view(session)
    assert len(np.unique(view.image.image)) > 2
    view.discretize.setChecked(True)
    assert set(np.unique(view.image.image)) <= {0.0, 1.0}
    assert tuple(view.image.getLevels()) == (0.0, 1.0)


def test_three_classes_blend_and_discretize(session, make_view):
    session.set(classes=3)
    session.step(50)
    view = make_view(session)
    img = view.image.image
    assert img.shape == (RESOLUTION, RESOLUTION, 4) and img.dtype == np.uint8
    assert len(np.unique(img.reshape(-1, 4), axis=0)) > 3
    view.discretize.setChecked(True)
    colours = np.unique(view.image.image.reshape(-1, 4), axis=0)
    assert 1 <= len(colours) <= 3
    # The modes offer one "Add" per class.
    modes = [view.mode_combo.itemData(i) for i in range(view.mode_combo.count())]
    assert modes == ["select", "add0", "add1", "add2", "erase"]


def test_click_adds_point_of_class_and_undo(session, make_view, qtbot):
    view = make_view(session)
    n = session.dataset.n_samples
    view.set_mode("add1")
    click_data(qtbot, view, 0.3, -0.2)
    ds = session.dataset
    assert ds.n_samples == n + 1
    assert ds.y[-1] == 1
    px, py = view.vb.viewPixelSize()
    assert abs(ds.X[-1, 0] - 0.3) < 3 * px and abs(ds.X[-1, 1] + 0.2) < 3 * py
    assert len(scatter_xy(view.train_item)) == len(ds.train_idx)
    assert session.undo()
    assert session.dataset.n_samples == n
    assert len(scatter_xy(view.train_item)) == len(session.dataset.train_idx)


def test_erase_removes_points(session, make_view, qtbot):
    view = make_view(session)
    ds = session.dataset
    target = ds.X[ds.train_idx[10]]
    view.set_mode("erase")
    n = ds.n_samples
    click_data(qtbot, view, *target)
    assert session.dataset.n_samples < n
    r = view._erase_radius()
    d = np.hypot(*(session.dataset.X - target).T)
    assert (d > r * 0.9).all()


def test_select_mode_selects_nearest_sample(session, make_view, qtbot):
    view = make_view(session)
    ds = session.dataset
    P = ds.X[ds.train_idx]
    d = np.hypot(*(P[:, None, :] - P[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    k = int(d.min(axis=1).argmax())               # the most isolated training point
    x, y = P[k]
    px, py = view.vb.viewPixelSize()
    click_data(qtbot, view, x + px, y - px)      # a pixel off
    assert session.sample_index == k
    np.testing.assert_allclose(scatter_xy(view.selected_item)[0], [x, y])
    # Selecting from elsewhere moves the ring.
    session.select_sample(3)
    np.testing.assert_allclose(scatter_xy(view.selected_item)[0], ds.X[ds.train_idx[3]])


def test_sine_regression_shows_curve(session, make_view, qtbot):
    session.set(dataset="sine")
    session.step(20)
    view = make_view(session)
    assert view.curve.isVisible() and not view.image.isVisible()
    xs, ys = view.curve.getData()
    assert len(xs) == 200 and np.isfinite(ys).all()
    np.testing.assert_allclose(ys, session.curve(200)[1])
    assert "R²" in view.caption_text()
    assert not view.discretize.isEnabled()
    # Train points are (x, y); "Add point" adds the clicked target.
    ds = session.dataset
    np.testing.assert_allclose(scatter_xy(view.train_item),
                               np.column_stack([ds.X[ds.train_idx, 0], ds.y[ds.train_idx]]))
    view.set_mode("add")
    click_data(qtbot, view, 0.5, 0.75)
    _, py = view.vb.viewPixelSize()
    assert abs(session.dataset.y[-1] - 0.75) < 3 * py
    assert view.plot.getPlotItem().getAxis("bottom").labelText == "x"


def test_plane_regression_levels(session, make_view):
    session.set(dataset="plane")
    session.step(10)
    view = make_view(session)
    m = np.abs(session.dataset.y).max()
    lo, hi = view.image.getLevels()
    assert lo == pytest.approx(-m) and hi == pytest.approx(m)
    assert view.target_spin.isVisibleTo(view)


def test_iris_other_inputs_at_mean(session, make_view, qtbot):
    session.set(dataset="iris")
    session.step(20)
    view = make_view(session)
    assert view.image.image.shape[:2] == (RESOLUTION, RESOLUTION)
    assert np.isfinite(view.image.image).all()
    assert "mean" in view.caption_text()
    assert view.plot.getPlotItem().getAxis("bottom").labelText == "sepal_length"
    assert view.plot.getPlotItem().getAxis("left").labelText == "sepal_width"
    # Painting on 4-D data: the two shown inputs come from the click, the other
    # two are held at their training mean (as in the picture).
    assert view.mode_combo.count() == 1 + 3 + 1          # select, 3 classes, erase
    n = session.dataset.n_samples
    mean = session.dataset.X[session.dataset.train_idx].mean(axis=0)
    view.set_mode("add2")
    click_data(qtbot, view, 6.0, 3.0)
    ds = session.dataset
    assert ds.n_samples == n + 1 and ds.y[-1] == 2
    np.testing.assert_allclose(ds.X[-1, :2], [6.0, 3.0], atol=0.05)
    np.testing.assert_allclose(ds.X[-1, 2:], mean[2:])


def test_import_bad_csv_keeps_session(session, make_view, tmp_path, monkeypatch):
    view = make_view(session)
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n0.1,0.2,0\n0.3,oops,1\n", encoding="utf-8")
    ds, settings = session.dataset, session.settings
    err = view.import_csv(bad)
    assert err and "oops" in err and "line 3" in err
    assert session.dataset is ds and session.settings == settings
    # Through the button: the dialog and the warning are injectable.
    warnings = []
    view.ask_csv_path = lambda: str(bad)
    view.show_warning = lambda title, text: warnings.append(text)
    view.import_action.trigger()
    assert warnings == [err] and session.dataset is ds
    assert view.import_csv(tmp_path / "missing.csv")
    assert session.dataset is ds


def test_import_good_csv_replaces_data(session, make_view, tmp_path):
    view = make_view(session)
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (40, 2))
    y = (X[:, 0] > 0).astype(int)
    path = tmp_path / "points.csv"
    path.write_text("a,b,label\n" + "\n".join(f"{a},{b},{c}" for (a, b), c in zip(X, y)),
                    encoding="utf-8")
    assert view.import_csv(path) is None
    ds = session.dataset
    assert ds.n_samples == 40
    n_shown = len(scatter_xy(view.train_item)) + len(scatter_xy(view.test_item))
    assert n_shown == 40
    assert view.image.image.shape == (RESOLUTION, RESOLUTION)


def test_clear_button(session, make_view):
    view = make_view(session)
    view.clear_action.trigger()
    assert session.dataset.n_samples == 4
    assert len(scatter_xy(view.train_item)) == 4


def test_drops_frames_while_playing_then_catches_up(session, make_view):
    view = make_view(session)
    drawn = []
    original = view._redraw_output
    view._redraw_output = lambda res: (drawn.append(res), original(res))
    view._last_cost = 0.5                 # pretend the last heat map took 0.5 s
    session.play()
    session.step(1)
    assert drawn == [] and view._dirty    # dropped, not queued
    session.pause()
    assert drawn == [RESOLUTION] and not view._dirty


def test_view_gone_session_lives_on(session, qtbot):
    view = DataView(session)
    view.deleteLater()
    qtbot.wait(10)
    del view
    session.step(3)                       # must not touch the deleted widget
    session.set(dataset="moons")
