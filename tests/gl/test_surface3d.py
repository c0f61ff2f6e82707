"""The 3-D loss surface really renders: pixels of the surface and of the path."""
import numpy as np
import pytest

pytest.importorskip("pyqtgraph.opengl")


def _settle(qtbot, view):
    qtbot.waitExposed(view)
    qtbot.wait(50)
    return view.render_image()


def _colour_pixels(img, rgb, tol=40):
    d = np.abs(img[..., :3].astype(int) - np.array(rgb)).max(axis=-1)
    return int((d <= tol).sum())


def test_lab_bowl_renders_with_runs(qtbot, gl_ready, session):
    from nnviz.views.lr_lab import PATH_COLORS
    from nnviz.views.surface3d_view import BACKGROUND, Surface3DView
    view = Surface3DView(session, "lab")
    qtbot.addWidget(view)
    view.resize(640, 520)
    view.show()
    img = _settle(qtbot, view)
    assert view.note == ""
    h, w = img.shape[:2]
    assert h > 300 and w > 400
    drawn = (np.abs(img[..., :3].astype(int) - np.array(BACKGROUND)).max(-1) > 30).sum()
    assert drawn > 0.08 * h * w, "the surface covers a good part of the picture"
    # the start A and every run's colour: the "good" rate (blue) reaches the floor
    assert _colour_pixels(img, PATH_COLORS[1]) > 30
    assert len(view.drawn_paths) == len(session.lr_lab.runs)
    # heights: each run's first point is the start's loss, above the floor
    assert all(p[0, 2] > p[-1, 2] for p in view.drawn_paths[:2])


def test_landscape_surface_and_path_render(qtbot, gl_ready, session):
    from nnviz.views.surface3d_view import PATH_COLOR, Surface3DView
    session.surface.compute()
    for _ in range(40):                 # one snapshot of the path per call
        session.step(10)
    session.surface.compute()
    view = Surface3DView(session, "landscape")
    qtbot.addWidget(view)
    view.resize(640, 520)
    view.show()
    view.gl.setCameraPosition(elevation=88)     # from above: no ridge hides the valley
    img = _settle(qtbot, view)
    assert view.drawn_paths and len(view.drawn_paths[0]) >= 2
    assert _colour_pixels(img, PATH_COLOR, tol=30) > 40, "the path's colour is drawn"
    before = img.copy()
    view.log_check.setChecked(True)             # log heights: a different picture
    after = _settle(qtbot, view)
    assert (np.abs(after.astype(int) - before.astype(int)).max(-1) > 30).sum() > 500


def test_attach_3d_in_the_window(qtbot, gl_ready, session):
    from nnviz.main_window import MainWindow
    from nnviz.surface3d_ui import PANE, attach_3d
    win = MainWindow(session, restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    c = attach_3d(win)
    win.show_workspace("lab")
    c.action.trigger()
    assert c.shown and PANE in win.workspace.panes
    assert win.workspace.panes[PANE] in win.workspace.visible_panes()
    main = win.workspace.main_pane()
    assert main.width() >= 0.55 * win.width()
    img = _settle(qtbot, c.view)
    assert img is not None and img.shape[0] > 100
    win.show_workspace("landscape")
    assert c.view.source == "landscape"
    assert win.workspace.panes[PANE] in win.workspace.visible_panes()
    qtbot.wait(20)
    assert win.workspace.main_pane().width() >= 0.6 * win.width()   # 2-D stays the main view
    c.action.trigger()                             # off again: the pane leaves
    assert win.workspace.panes[PANE] not in win.workspace.visible_panes()
