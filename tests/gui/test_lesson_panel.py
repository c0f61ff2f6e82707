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
