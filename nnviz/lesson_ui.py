"""Lessons in the main window: Help ▸ Lessons, File ▸ Open lesson…, the lesson dock.

:func:`attach_lessons` is the one entry point; it uses only the window's
public API (``session``, ``show_workspace``, ``workspace``, ``menuBar``,
``actions``, ``network_view``, ``stepthrough``, ``surface_view``,
``set_presenting``) and keeps
its state in ``window.lessons`` (a :class:`LessonController`).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox

from core.errors import NNVizError
from core.lessons import LessonError, LessonPlayer, load_lesson, shipped_lessons
from core.lessons.format import pick

from .i18n import current_language, tr
from .views.lesson_panel import LessonPanel, lesson_language

LESSON_FILTER = "nnviz lessons (*.toml);;All files (*)"


class LessonController(QObject):
    """Opens, shows and leaves lessons for one main window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.player: LessonPlayer | None = None
        self.panel = LessonPanel()
        self.panel.leaveRequested.connect(self.leave)
        self.dock = QDockWidget(tr("Lesson"), window)
        self.dock.setObjectName("lesson-dock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        self.dock.setMinimumWidth(300)
        window.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self._hidden: tuple = ()
        window.workspace.workspaceChanged.connect(lambda _key: self._hide_panes())

    @property
    def lang(self) -> str:
        return lesson_language(current_language())

    # -- opening ----------------------------------------------------------------------
    def open(self, source, show_errors=True) -> bool:
        """Open a shipped lesson (by id) or a lesson file; it is checked
        completely first (played once on a scratch session)."""
        try:
            lesson = load_lesson(source)
        except (LessonError, NNVizError, OSError) as e:
            if show_errors:
                QMessageBox.warning(self.window, tr("Cannot open lesson"), str(e))
            return False
        if self.player is not None:
            self.leave()
        w = self.window
        w.session.pause()
        player = LessonPlayer(w.session, lesson, lang=self.lang)
        player.events.connect("view", self._on_view)
        player.events.connect("finished", self._on_finished)
        self.player = player
        self._hidden = tuple(lesson.hidden)
        self.panel.set_player(player)
        self.dock.setWindowTitle(tr("Lesson: {0}").format(pick(lesson.title, self.lang)))
        self.dock.show()
        try:
            player.start()
        except NNVizError as e:
            player.leave()
            if show_errors:
                QMessageBox.warning(w, tr("Cannot open lesson"), str(e))
            return False
        self.panel.setFocus()
        return True

    def open_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open lesson"), "", LESSON_FILTER)
        if path:
            self.open(path)

    def leave(self) -> bool:
        p = self.player
        if p is None:
            return False
        restored = p.leave()
        return restored

    def _on_finished(self, _ev):
        self.player = None
        self.panel.set_player(None)
        self.dock.hide()
        self._hidden = ()
        self._hide_panes()
        self.window.network_view.clear_highlight()
        self._highlight_graph([])
        self.window.set_presenting(False)

    # -- what the lesson shows ----------------------------------------------------------------
    def _on_view(self, ev):
        w = self.window
        info = ev.info
        if info.get("workspace"):
            w.show_workspace(info["workspace"])
        marks = info.get("highlight", [])
        refs = [r for r in marks if isinstance(r, tuple)]
        if refs:
            w.network_view.highlight(refs)
        else:
            w.network_view.clear_highlight()
        # graph nodes with no network element (q, total, L): ringed in the step-through
        self._highlight_graph([r for r in marks if isinstance(r, str)])
        if info.get("present"):
            w.set_presenting(True)
        self._hide_panes()

    def _highlight_graph(self, names):
        view = getattr(self.window, "stepthrough", None)
        if view is not None and hasattr(view, "highlight_nodes"):
            view.highlight_nodes(names)

    def _hide_panes(self):
        ws = self.window.workspace
        placed = ws.visible_panes()
        for key, pane in ws.panes.items():
            if pane in placed:
                pane.setVisible(key not in self._hidden)


def _menus(window) -> dict:
    out = {}
    for a in window.menuBar().actions():
        m = a.menu()
        if m is not None:
            out[a.text().replace("&", "")] = m
    return out


def attach_lessons(window) -> LessonController:
    """Add Help ▸ Lessons, File ▸ Open lesson… and the lesson dock to ``window``."""
    if isinstance(getattr(window, "lessons", None), LessonController):
        return window.lessons          # attached once
    ctl = LessonController(window)
    window.lessons = ctl
    menus = list(_menus(window).values())
    file_menu, help_menu = menus[0], menus[-1]
    open_lesson = QAction(tr("Open &lesson…"), window)
    open_lesson.setStatusTip(tr("Open a lesson file (TOML), e.g. one a teacher wrote"))
    open_lesson.triggered.connect(ctl.open_dialog)
    acts = file_menu.actions()
    after = window.actions.get("open")
    if after in acts and acts.index(after) + 1 < len(acts):
        file_menu.insertAction(acts[acts.index(after) + 1], open_lesson)
    else:
        file_menu.addAction(open_lesson)
    window.actions["open_lesson"] = open_lesson
    lessons_menu = help_menu.addMenu(tr("&Lessons"))
    lessons_menu.setToolTipsVisible(True)
    lang = ctl.lang
    try:
        lessons = shipped_lessons()
    except NNVizError as e:      # a broken shipped file: say so in the menu
        lessons = []
        bad = lessons_menu.addAction(str(e)[:100])
        bad.setEnabled(False)
    for lesson in lessons:
        text = f"{pick(lesson.title, lang)}  ({', '.join(lesson.covers)})"
        a = lessons_menu.addAction(text)
        a.setToolTip(pick(lesson.summary, lang))
        a.setStatusTip(pick(lesson.summary, lang))
        a.triggered.connect(lambda _=False, i=lesson.id: ctl.open(i))
    lessons_menu.addSeparator()
    lessons_menu.addAction(open_lesson)
    leave = QAction(tr("Leave lesson"), window)
    leave.triggered.connect(ctl.leave)
    lessons_menu.addAction(leave)
    window.actions["leave_lesson"] = leave
    return ctl


__all__ = ["LessonController", "attach_lessons"]
