"""GL tests: real OpenGL rendering (CI runs them under Xvfb + Mesa with
QT_QPA_PLATFORM=xcb; elsewhere they skip, saying why)."""
import os

import pytest

pytest.importorskip("PySide6")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path):
    from PySide6.QtCore import QCoreApplication, QSettings
    QCoreApplication.setOrganizationName("nnviz-tests")
    QCoreApplication.setApplicationName("nnviz-tests")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path))
    yield


@pytest.fixture
def gl_ready(qapp):
    """Skip unless an OpenGL context can be made here."""
    from nnviz.views.surface3d_view import gl_problem
    problem = gl_problem(refresh=True)
    if problem and os.environ.get("NNVIZ_REQUIRE_GL"):
        pytest.fail(f"NNVIZ_REQUIRE_GL is set but {problem}")
    if problem:
        pytest.skip(f"no OpenGL context can be made here ({problem}); CI runs this "
                    f"under xvfb-run with Mesa")
    return True


@pytest.fixture
def session():
    from core.session import Session
    return Session()
