"""The lesson panel in the main window: menus, PageDown/PageUp, progress,
predict-then-reveal, leaving restores the session, presentation text ≥ 14 px."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.session import Session
from core.settings import Settings


@pytest.fixture
def window(qtbot):
    from nnviz.lesson_ui import attach_lessons
    from nnviz.main_window import MainWindow
    s = Session(Settings(dataset="circles", hidden=(3,), activations=("tanh",)))
    s.train_epochs(5)
    w = MainWindow(s, restore_layout=False)
    w._quitting_ok = True          # no "unsaved changes" prompt at teardown
    if not hasattr(w, "lessons"):
        attach_lessons(w)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_menus_list_every_lesson_with_what_it_covers(window):
    from core.lessons import shipped_lessons
    assert "open_lesson" in window.actions
    help_menu = [a.menu() for a in window.menuBar().actions() if a.menu()][-1]
    lessons = next(a.menu() for a in help_menu.actions() if a.menu())
    texts = [a.text() for a in lessons.actions()]
    for lesson in shipped_lessons():
        assert any(", ".join(lesson.covers) in t for t in texts), lesson.id


def test_page_keys_progress_reveal_and_leave(window, qtbot):
    s = window.session
    theta = s.net.theta.copy()
    ctl = window.lessons
    assert ctl.open("graph-e1")
    panel = ctl.panel
    assert ctl.dock.isVisible() and window.workspace.current == "backprop"
    assert "1" in panel.progress.text() and "4" in panel.progress.text()
    qtbot.keyClick(panel, Qt.Key_PageDown)
    assert ctl.player.index == 1
    assert "2" in panel.progress.text()
    assert panel.qbox.isVisible() and panel.number.isVisible()
    panel.number.setText("3")
    panel.reveal()
    assert "3" in panel.result.text() and ctl.player.answers[1].correct
    qtbot.keyClick(panel, Qt.Key_PageDown)
    panel.number.setText("4")                        # wrong: it is −4
    panel.reveal()
    assert not ctl.player.answers[2].correct and "−4" in panel.result.text()
    qtbot.keyClick(panel, Qt.Key_PageUp)
    assert ctl.player.index == 1
    panel.restart()
    assert ctl.player.index == 0
    panel.leave_button.click()
    assert ctl.player is None and not ctl.dock.isVisible()
    assert s.settings.dataset == "circles" and len(s.history) == 5
    np.testing.assert_array_equal(s.net.theta, theta)


def test_choice_and_sign_questions(window):
    ctl = window.lessons
    assert ctl.open("line-bowl")
    panel = ctl.panel
    assert window.workspace.current == "landscape"
    assert panel.sign_row.isVisible()
    panel.sign_buttons["-"].click()
    panel.reveal()
    assert ctl.player.answers[0].correct
    panel.next()
    panel.next()
    assert len(panel.choice_buttons) == 3
    panel.choice_buttons[1].click()
    panel.reveal()
    assert ctl.player.answers[2].correct
    ctl.leave()


def test_presentation_mode_text_is_at_least_14px(window):
    ctl = window.lessons
    assert ctl.open("sigmoid")
    window.set_presenting(True, fullscreen=False)
    assert ctl.dock.isVisible()
    assert ctl.panel.text_px() >= 14
    assert f"font-size: {ctl.panel.text_px()}px" in ctl.panel.styleSheet()
    window.set_presenting(False)
    ctl.leave()


def test_a_broken_lesson_fails_when_opened(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "b"\ncovers = ["E1"]\ntitle.en = "B"\n')
    shown = []
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert not window.lessons.open(str(bad))
    assert shown and "bad.toml" in shown[0] and "title.zh_CN" in shown[0]
    assert window.session.settings.dataset == "circles"


def test_cli_lists_lessons_and_renders_a_step(tmp_path, capsys):
    from nnviz.app import list_lessons
    assert list_lessons() == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) >= 12 and all(len(line.split("\t")) == 2 for line in lines)


def test_saving_during_a_lesson_saves_the_users_session(qtbot, tmp_path):
    from core.session import Session, Settings
    from nnviz.main_window import MainWindow
    w = MainWindow(Session(Settings(dataset="moons")), restore_layout=False)
    w._quitting_ok = True
    qtbot.addWidget(w)
    path = tmp_path / "mine.nnviz"
    assert w.save_to(path)                            # the user's own file
    w.session.step(3)
    w.session.set(lr=0.01)
    w.lessons.open("graph-e1", show_errors=False)
    assert w.lessons.player is not None and w.session.dataset.name != "moons"
    assert w.save()                                   # Ctrl+S during the lesson
    assert w.lessons.player is None                   # the lesson gave the session back
    saved = Session.open(path)
    assert saved.settings.lr == 0.01 and saved.trainer.steps == 3
    assert w.session.dataset.name == "moons" and w.session.can_undo


# -- graph nodes a lesson points at: rings in the step-through ---------------------------------
def _highlight_pixels(canvas) -> int:
    from nnviz.theme import HIGHLIGHT
    img = canvas.grab().toImage()
    target = 0xFF000000 | (HIGHLIGHT[0] << 16) | (HIGHLIGHT[1] << 8) | HIGHLIGHT[2]
    step = 2
    return sum(1 for y in range(0, img.height(), step) for x in range(0, img.width(), step)
               if img.pixel(x, y) == target)


def test_step_through_view_rings_named_nodes(qtbot):
    from nnviz.views.graph_view import StepThroughView
    view = StepThroughView(Session())
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    assert view.set_mode("e2") is None
    canvas = view.canvas
    before = _highlight_pixels(canvas)
    view.highlight_nodes(["total", "no-such-node"])
    assert view.highlighted_nodes() == canvas.highlighted() == ["total"]
    assert canvas.item.marked == [canvas.item.index["total"]]
    assert _highlight_pixels(canvas) > before + 20          # a ring is drawn
    view.highlight_nodes([])
    assert canvas.highlighted() == [] and canvas.item.marked == []
    assert _highlight_pixels(canvas) == before               # and cleared
    view.highlight_nodes(["total"])
    view.forward()                                           # stepping keeps the ring
    assert canvas.highlighted() == ["total"]
    view.highlight_nodes([])
    view.highlight_nodes(["q"])                              # not in E2: kept, not drawn
    assert canvas.highlighted() == []
    assert view.set_mode("e1") is None                       # a graph with q: ringed
    assert canvas.highlighted() == ["q"] and canvas.item.marked == [canvas.item.index["q"]]


def test_a_lesson_highlights_graph_nodes_in_the_step_through(window, qtbot):
    ctl = window.lessons
    st = window.stepthrough
    assert ctl.open("graph-e1")                              # step 1: highlight q and f
    assert window.workspace.current == "backprop"
    assert st.highlighted_nodes() == ["q", "f"]
    assert sorted(st.canvas.item.marked) == sorted(st.canvas.item.index[n] for n in "qf")
    qtbot.keyClick(ctl.panel, Qt.Key_PageDown)               # a highlight lasts until changed
    assert ctl.player.index == 1 and st.highlighted_nodes() == ["q", "f"]
    st.highlight_nodes([])
    qtbot.keyClick(ctl.panel, Qt.Key_PageUp)                 # back to step 1: rings again
    assert ctl.player.index == 0 and st.highlighted_nodes() == ["q", "f"]
    ctl.leave()
    assert st.highlighted_nodes() == [] and st.canvas.item.marked == []


def test_lessons_follow_the_zh_tw_ui_language(window, monkeypatch):
    import nnviz.lesson_ui as lesson_ui
    monkeypatch.setattr(lesson_ui, "current_language", lambda: "zh_TW")
    ctl = window.lessons
    assert ctl.lang == "zh_TW"
    assert ctl.open("graph-e1")
    assert ctl.panel.title.text() == "計算圖：f = (x + y)·z"
    assert "前向傳播" in ctl.panel.text.text()
    assert ctl.dock.windowTitle().endswith("計算圖：f = (x + y)·z")
    ctl.panel.next()
    assert ctl.panel.prompt.text() == "請預測 ∂f/∂z。"
    ctl.leave()
