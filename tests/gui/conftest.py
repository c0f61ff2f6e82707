"""GUI fixtures: a fresh default session and settings isolated per test."""
import pytest

pytest.importorskip("PySide6")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    from PySide6.QtCore import QCoreApplication, QSettings
    QCoreApplication.setOrganizationName("nnviz-tests")
    QCoreApplication.setApplicationName("nnviz-tests")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path))
    yield


@pytest.fixture
def session():
    from core.session import Session
    return Session()


@pytest.fixture(autouse=True)
def _no_running_timers(qapp):
    """Fail a test that leaves a QTimer running (napari does the same)."""
    yield
    from PySide6.QtCore import QTimer
    running = [t for w in qapp.topLevelWidgets() for t in w.findChildren(QTimer)
               if t.isActive() and t.objectName().startswith("nnviz")]
    for w in qapp.topLevelWidgets():
        if hasattr(w, "_quitting_ok"):
            w._quitting_ok = True      # no "unsaved changes" prompt in tests
        # Close only: deleting C++ objects that Python (and pyqtgraph's global
        # view registry) still reference crashes later tests.
        w.close()
    qapp.processEvents()
    assert not running, f"timers left running: {[t.objectName() for t in running]}"


@pytest.fixture
def shown(qtbot):
    """``shown(widget, w, h)``: the widget at that size, on screen, cleaned up
    after the test. (The offscreen platform's warnings about showing windows
    are ignored in pyproject.toml.)"""
    def show(widget, width, height):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget
    return show
