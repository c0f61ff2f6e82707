"""Memory while playing (issue #9): the window must not grow frame after frame.

The leak was the Play action: every training event (each frame while playing)
set a freshly made QIcon and the same texts on it again, and Qt kept ~2 KB of
native memory per new icon (~7 MB a minute at 60 frames/s). These tests check
the object that leaked (the action is not touched while the state stays the
same), that no view adds scene items frame after frame, and the native memory
of the panel over thousands of frames. ``tests/soak/soak_window.py`` soaks the
whole window for as long as you like.
"""
import ctypes
import time

import pytest
from PySide6.QtWidgets import QApplication, QGraphicsView

from core.session import Session
from nnviz.main_window import MainWindow
from nnviz.views.controls import ControlPanel


def _rss() -> int:
    """RSS in bytes after giving freed heap back (what stays is really held)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    pytest.skip("no VmRSS on this platform")


def _scene_items(window):
    scenes = {id(v.scene()): v.scene() for v in window.findChildren(QGraphicsView)
              if v.scene() is not None}
    return {k: len(s.items()) for k, s in scenes.items()}


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session(), restore_layout=False)
    w._quitting_ok = True
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.session.pause()


@pytest.mark.parametrize("workspace", ["train", "backprop", "landscape", "lab"])
def test_playing_leaves_the_play_action_and_the_scenes_alone(window, qtbot, workspace):
    """The window's own loop, 150 frames or 6 s: the Play action is not set
    again (each new icon leaked), and no scene gains items."""
    window.show_workspace(workspace)
    s = window.session
    s.set_speed(float("inf"))
    frames = []
    window._timer.timeout.connect(lambda: frames.append(1))
    play = window.actions["play"]
    s.play()
    qtbot.waitUntil(lambda: len(frames) >= 10, timeout=10000)
    items = _scene_items(window)
    changes = []
    play.changed.connect(lambda: changes.append(1))
    icon, text = play.icon().cacheKey(), play.text()
    t0 = time.monotonic()
    qtbot.waitUntil(lambda: len(frames) >= 160 or time.monotonic() - t0 > 6, timeout=10000)
    window._timer.stop()
    playing_changes = len(changes)
    assert len(frames) > 20
    assert playing_changes == 0
    assert (play.icon().cacheKey(), play.text()) == (icon, text)
    assert _scene_items(window) == items
    # Pausing still shows Play again.
    s.pause()
    assert len(changes) > playing_changes and play.text() != text
    assert play.icon().cacheKey() != icon and not play.isChecked()


def test_panel_native_memory_flat_over_3000_training_frames(qtbot, shown):
    """The controls panel alone, 3000 frames' worth of training events while
    playing: RSS after the first 500 stays within 1 MB (the leak: ~5 MB)."""
    s = Session()
    panel = shown(ControlPanel(s), 320, 800)
    s.playing = True       # no timer: this test sends the frames' events itself
    app = QApplication.instance()
    try:
        base = None
        for i in range(3000):
            if i == 500:
                base = _rss()
            s.events.emit("params", changed=frozenset({"theta"}))
            s.events.emit("training", changed=frozenset({"history"}), diverged=False)
            panel._stats_time = 0.0     # the readout too, as if 0.1 s had passed
            app.processEvents()
        grown = _rss() - base
    finally:
        s.playing = False
    assert grown < 1 << 20, f"the panel grew {grown / 1024:.0f} KiB over 2500 frames"
