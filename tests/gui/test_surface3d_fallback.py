"""Without OpenGL (the offscreen test platform has no context, or PyOpenGL is
missing) the 3-D toggle leaves the 2-D view and says why in one line."""
import builtins

import pytest


@pytest.fixture
def no_gl(monkeypatch):
    """Make 3-D unavailable for sure: offscreen has no GL context, and
    importing PyOpenGL fails as if it were not installed."""
    from nnviz.views import surface3d_view
    real_import = builtins.__import__

    def fake_import(name, *args, **kw):
        if name == "OpenGL.GL" or name.startswith("pyqtgraph.opengl"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    surface3d_view.gl_problem(refresh=True)
    yield
    monkeypatch.undo()
    surface3d_view.gl_problem(refresh=True)


def test_view_without_gl_is_a_one_line_note(qtbot, session, no_gl):
    from nnviz.views.surface3d_view import Surface3DView
    view = Surface3DView(session, "lab")
    qtbot.addWidget(view)
    assert view.gl is None
    assert "PyOpenGL" in view.note and "\n" not in view.note
    assert view.caption.text() == view.note
    view.redraw()                       # nothing to draw, nothing raised
    view.set_source("landscape")
    assert view.render_image() is None


def test_offscreen_has_no_gl_context_and_says_so(qapp):
    from PySide6.QtGui import QGuiApplication

    from nnviz.views.surface3d_view import gl_problem
    problem = gl_problem(refresh=True)
    if QGuiApplication.platformName() == "offscreen" and problem:
        assert "\n" not in problem and len(problem) < 160
    else:
        pytest.skip("this display has OpenGL: the fallback is tested with PyOpenGL hidden")


def test_toggle_without_gl_keeps_the_2d_view(qtbot, session, no_gl):
    from nnviz.main_window import MainWindow
    from nnviz.surface3d_ui import PANE, attach_3d
    win = MainWindow(session, restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    c = attach_3d(win)
    win.show_workspace("landscape")
    before = [p.key for p in win.workspace.visible_panes()]
    c.action.trigger()
    assert not c.action.isChecked() and not c.shown
    assert PANE not in win.workspace.panes
    assert [p.key for p in win.workspace.visible_panes()] == before
    assert win.statusBar().currentMessage() == c.note and "PyOpenGL" in c.note
    assert win.workspace.main_pane().key == "surface"
    # the button shows only where a surface is
    win.show_workspace("train")
    assert c.button.isHidden()
