"""Workspaces at classroom sizes: everything inside the window, the main view
gets most of it, presentation mode, zoom, keys."""
import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from core.session import Session
from nnviz.main_window import MainWindow
from nnviz.workspaces import WORKSPACE_KEYS
from nnviz.zoom import PRESENT_MIN_PX, ZOOM


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session(), restore_layout=False)
    w._quitting_ok = True
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.session.pause()
    w.set_presenting(False)
    ZOOM.set_factor(1.0, remember=False)


def rect_in_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("key", WORKSPACE_KEYS)
def test_each_workspace_fits_1024x768_and_main_view_dominates(window, qtbot, key):
    window.show_workspace(key)
    qtbot.wait(20)
    assert window.size().width() == 1024 and window.size().height() == 768
    inside = window.rect()
    panes = window.workspace.visible_panes()
    assert panes
    for pane in panes:
        r = rect_in_window(window, pane)
        assert inside.contains(r), (pane.key, r)
        assert r.width() > 50 and r.height() > 50, (pane.key, r)
    for bar in (window.menuBar(), window.statusBar(), window.workspace.tabs):
        assert inside.contains(rect_in_window(window, bar))
    main = window.workspace.main_pane()
    share = main.width() * main.height() / (1024 * 768)
    assert share >= 0.60, f"{key}: main view has {share:.0%} of the window"


def test_ctrl_numbers_switch_and_each_workspace_remembers_its_sizes(qtbot):
    w = MainWindow(Session(), restore_layout=True)
    w._quitting_ok = True
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    assert [w.actions[f"ws_{k}"].shortcut().toString() for k in WORKSPACE_KEYS] == \
        ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4"]
    w.actions["ws_backprop"].trigger()
    assert w.workspace.current == "backprop" and w.panes["stepthrough"].isVisible()
    outer = w.workspace.outer
    sizes = outer.sizes()
    outer.moveSplitter(sizes[0] + 90, 1)
    moved = outer.sizes()
    assert moved != sizes
    w.actions["ws_train"].trigger()
    assert w.workspace.current == "train" and w.panes["network"].isVisible()
    assert w.workspace.tabs.currentIndex() == 0
    w.workspace.tabs.setCurrentIndex(1)              # the tab bar switches too
    assert outer.sizes() == moved                     # remembered
    w.reset_layout()
    assert outer.sizes() != moved
    w.close()


def test_presentation_mode_shows_the_main_view_alone_with_large_text(window, qtbot):
    window.show_workspace("backprop")
    window.set_presenting(True, fullscreen=False)
    assert [p.key for p in window.workspace.visible_panes()] == ["stepthrough"]
    assert not window.menuBar().isVisible() and not window.workspace.tabs.isVisible()
    # nothing under 14 px at zoom 1, whatever a view asks for
    assert ZOOM.px(7) >= PRESENT_MIN_PX and ZOOM.px(20) >= 20
    ZOOM.set_factor(2.0, remember=False)
    assert ZOOM.px(7) >= 2 * PRESENT_MIN_PX
    qtbot.keyClick(window, Qt.Key_Escape)
    assert not window.workspace.presenting and window.menuBar().isVisible()
    assert "inspector" in [p.key for p in window.workspace.visible_panes()]


def test_zoom_keys_change_one_factor(window, qtbot):
    assert ZOOM.factor == 1.0
    window.actions["zoom_in"].trigger()
    assert ZOOM.factor > 1.0
    window.actions["zoom_reset"].trigger()
    assert ZOOM.factor == 1.0
    window.actions["zoom_out"].trigger()
    assert ZOOM.factor < 1.0


def test_right_arrow_steps_the_graph_in_backprop_and_trains_elsewhere(window, qtbot):
    s = window.session
    window.show_workspace("backprop")
    window.stepthrough.setFocus()
    st = s.stepthrough
    k = st.cursor
    qtbot.keyClick(window, Qt.Key_Right)
    qtbot.keyClick(window, Qt.Key_Right)
    assert st.cursor == k + 2 and s.trainer.steps == 0     # the weights did not move
    qtbot.keyClick(window, Qt.Key_Left)
    assert st.cursor == k + 1
    qtbot.keyClick(window, Qt.Key_Right, Qt.ControlModifier)   # training has its own key
    assert s.trainer.steps == 1
    window.show_workspace("train")
    window.network_view.setFocus()
    qtbot.keyClick(window, Qt.Key_Right)
    assert s.trainer.steps == 2
    keys = dict((text, k) for k, text in window.key_rows())
    assert any("Backprop" in t for t in keys)                  # F1 lists these keys


def test_layout_survives_the_banner_and_a_new_session(window, qtbot):
    s = window.session
    qtbot.wait(20)
    before = {k: p.size().toTuple() for k, p in window.panes.items() if p.isVisible()}
    s.set(lr=5000.0, optimizer="sgd")
    s.play()
    qtbot.waitUntil(lambda: not s.playing, timeout=5000)
    assert s.diverged or s.warnings
    assert window.banner.isVisible()
    qtbot.wait(20)
    window.session.replace_with(Session())          # File ▸ New without the prompt
    window.banner.dismiss()
    qtbot.wait(20)
    after = {k: p.size().toTuple() for k, p in window.panes.items() if p.isVisible()}
    assert after == before


def test_a_feature_can_add_and_remove_a_pane(window, qtbot):
    from PySide6.QtWidgets import QLabel
    label = QLabel("extra")
    window.add_pane("extra", "Extra", label, ("train", "backprop"), column="right")
    window.show_workspace("train")
    assert "extra" in [p.key for p in window.workspace.visible_panes()]
    window.show_workspace("backprop")
    assert "extra" in [p.key for p in window.workspace.visible_panes()]
    window.show_workspace("landscape")
    assert "extra" not in [p.key for p in window.workspace.visible_panes()]
    window.workspace.hide_pane_in("extra", ("train", "backprop"))
    window.show_workspace("train")
    assert "extra" not in [p.key for p in window.workspace.visible_panes()]


@pytest.mark.parametrize("size", [(1366, 768), (1280, 800), (1920, 1080)])
def test_every_workspace_fits_other_classroom_screens(window, qtbot, size):
    window.resize(*size)
    for key in WORKSPACE_KEYS:
        window.show_workspace(key)
        qtbot.wait(10)
        inside = window.rect()
        assert window.size().toTuple() == size
        for pane in window.workspace.visible_panes():
            r = rect_in_window(window, pane)
            assert inside.contains(r), (key, pane.key, r)
        main = window.workspace.main_pane()
        assert main.width() * main.height() >= 0.6 * size[0] * size[1], key


@pytest.mark.parametrize("key", WORKSPACE_KEYS)
def test_presented_text_is_at_least_14_px(window, qtbot, key):
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel
    window.show_workspace(key)
    window.set_presenting(True, fullscreen=False)
    qtbot.wait(10)
    main = window.workspace.main_pane()
    shown = [w for t in (QLabel, QAbstractButton, QComboBox) for w in main.findChildren(t)
             if w.isVisible()]
    assert shown
    small = [(type(w).__name__, QFontInfo(w.font()).pixelSize()) for w in shown
             if QFontInfo(w.font()).pixelSize() < 14]
    assert not small, small
