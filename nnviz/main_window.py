"""The main window: workspaces, menus, presentation, files and the training loop.

Training runs in the GUI thread from a QTimer: each tick trains for a slice of
the frame (the speed setting) and then the views draw once. A worker thread
would fight the GIL and drop the window below 30 frames/s (DESIGN.md).

Why it is longer than ~600 lines: it is the one place that creates every
action, menu and shortcut (DESIGN.md: one place for actions), besides files
and presentation; features with their own panes attach themselves
(``attach_*`` modules) rather than growing it.
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.errors import NNVizError
from core.session import Session

from . import export
from .diagnostics_ui import attach_diagnostics
from .digits_ui import attach_digits
from .handout_ui import attach_handouts
from .health_ui import attach_health
from .i18n import QT_TR_NOOP, language_menu, tr
from .i18n_messages import translate_message
from .lesson_ui import attach_lessons
from .surface3d_ui import attach_3d
from .views.controls import ControlPanel
from .views.curves_view import CurvesView
from .views.data_view import DataView
from .views.graph_view import StepThroughView
from .views.inspector import InspectorView
from .views.lr_lab import LearningRateLab
from .views.network_view import NetworkView
from .views.surface_view import SurfaceView
from .views.timeline_view import TimelineView
from .workspaces import WORKSPACE_KEYS, Pane, WorkspaceArea
from .zoom import ZOOM

FRAME_MS = 16            # ~60 frames/s
TRAIN_SHARE_MS = 11.0    # training slice of a frame at 100 % speed
MAX_RECENT = 8
# Preferences kept in QSettings, with their defaults in one place.
PREFERENCES = {"smooth_lines": True}
SESSION_FILTER = QT_TR_NOOP("nnviz sessions (*.nnviz *.json);;All files (*)")


class Banner(QWidget):
    """A dismissible message strip at the top of the window (divergence…)."""
    actionTriggered = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#banner { background: #fde9c8; border-bottom: 1px solid #d59a3a; }"
                           "QLabel { font-size: 11pt; color: #4a2a00; }")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 8, 6)
        self.setMaximumHeight(80)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.action = QPushButton()
        self.action.clicked.connect(self.actionTriggered)
        close = QPushButton(tr("Dismiss"))
        close.clicked.connect(self.dismiss)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.action)
        lay.addWidget(close)

    # The banner sits in its own toolbar: showing and hiding act on that bar.
    def show_message(self, text, action_text=None):
        self.label.setText(text)
        self.action.setVisible(bool(action_text))
        if action_text:
            self.action.setText(action_text)
        if self.parentWidget() is not None:
            self.parentWidget().show()

    def dismiss(self):
        if self.parentWidget() is not None:
            self.parentWidget().hide()


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, restore_layout: bool = True):
        super().__init__()
        self.session = session or Session()
        self.setWindowTitle("nnviz")
        self._remember = restore_layout         # QSettings for layout and zoom
        self.frame_times: list[float] = []      # seconds per frame (bench)
        self._draw_seconds = 0.0                # running mean of drawing per frame
        self._last_tick = None
        self._last_budget = 0.0
        self._quitting_ok = False

        self._timer = QTimer(self)
        self._timer.setObjectName("nnviz-train")
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)

        self._build_views()
        self._build_actions()
        self._build_menus()
        language_menu(self)                     # View ▸ Language
        # features that attach their own panes, menus and actions
        attach_digits(self)
        attach_health(self)
        attach_3d(self)
        attach_handouts(self)
        attach_diagnostics(self)
        attach_lessons(self)
        self._connect_session()
        if self.session.selection is None:
            # Start with the output neuron in the inspector: its arithmetic is
            # the first thing worth reading, and the panel is never blank.
            self.session.select(("neuron", len(self.session.net.layers), 0))
        self.statusBar().showMessage(tr("Press Space to train, → to step one batch"))
        self._fit_to_screen()
        self._restore_layout(restore_layout)
        start = QSettings().value("view/workspace", "train") if restore_layout else "train"
        self.show_workspace(start if start in WORKSPACE_KEYS else "train")
        self.actions["smooth"].setChecked(self.preference("smooth_lines"))
        self._set_smooth_lines(self.preference("smooth_lines"))
        self._update_title()
        self._update_undo()

    # -- building ------------------------------------------------------------
    def _build_views(self):
        s = self.session
        # The banner lives in a fixed toolbar so it spans the whole window.
        self.banner = Banner()
        self.banner.actionTriggered.connect(self._lower_lr)
        self.banner_bar = QToolBar(tr("Messages"))
        self.banner_bar.setObjectName("banner-bar")
        self.banner_bar.setMovable(False)
        self.banner_bar.setFloatable(False)
        self.banner_bar.toggleViewAction().setVisible(False)
        self.banner_bar.addWidget(self.banner)
        self.addToolBar(Qt.TopToolBarArea, self.banner_bar)
        self.banner_bar.hide()
        self.network_view = NetworkView(s)
        self.controls = ControlPanel(s)
        self.data_view = DataView(s)
        self.curves_view = CurvesView(s)
        self.inspector = InspectorView(s)
        self.stepthrough = StepThroughView(s)
        self.trajectory = s.trajectory        # the session records the path
        self.surface_view = SurfaceView(s)    # the session owns its model and path
        self.lr_lab = LearningRateLab(s)
        inspector_scroll = QScrollArea()
        inspector_scroll.setWidgetResizable(True)
        inspector_scroll.setFrameShape(QScrollArea.NoFrame)
        inspector_scroll.setWidget(self.inspector)
        titles = {"network": tr("Network"), "controls": tr("Controls"),
                  "data": tr("Data and decision boundary"),
                  "curves": tr("Loss and accuracy"), "inspector": tr("Inspector"),
                  "stepthrough": tr("Step-through: forward and backward pass"),
                  "surface": tr("Loss surface"), "lr_lab": tr("Learning-rate lab")}
        widgets = {"network": self.network_view, "controls": self.controls,
                   "data": self.data_view, "curves": self.curves_view,
                   "inspector": inspector_scroll, "stepthrough": self.stepthrough,
                   "surface": self.surface_view, "lr_lab": self.lr_lab}
        self.panes = {k: Pane(k, titles[k], w) for k, w in widgets.items()}
        self.workspace = WorkspaceArea(self.panes, remember=self._remember)
        self.workspace.workspaceChanged.connect(self._on_workspace)
        # the workspace tabs sit in the menu bar's row: the views get that room
        self.menuBar().setCornerWidget(self.workspace.top, Qt.TopLeftCorner)
        self.timeline_view = TimelineView(s)
        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.workspace, 1)
        col.addWidget(self.timeline_view)      # under every workspace's views
        self.setCentralWidget(central)
        self.network_view.elementClicked.connect(self.surface_view.pick_param)
        # The step-through and the network view point at each other's elements.
        self.stepthrough.refsChanged.connect(self._highlight_network)
        self.network_view.elementClicked.connect(self.stepthrough.jump_to_ref)

    def _on_workspace(self, key):
        # nobody looks at the step-through outside Backprop: its rebuilds wait
        self.stepthrough.set_active(key == "backprop")
        backprop = key == "backprop"
        for name in ("graph_next", "graph_prev"):
            self.actions[name].setEnabled(backprop)
        # → trains one batch except where it steps the graph
        self.actions["step"].setShortcuts(
            [QKeySequence("Ctrl+Right")] if backprop
            else [QKeySequence("Right"), QKeySequence("Ctrl+Right")])
        self.actions["step_epoch"].setShortcut(
            QKeySequence("Ctrl+Shift+Right" if backprop else "Shift+Right"))
        for k in WORKSPACE_KEYS:
            self.actions[f"ws_{k}"].setChecked(k == key)
        if self._remember:
            QSettings().setValue("view/workspace", key)

    def _look(self, delta):
        """, and . : one epoch back or forward on the timeline."""
        s = self.session
        now = s.timeline.end if s.viewing is None else s.viewing
        s.look_at(now + delta)

    def _continue_here(self):
        s = self.session
        if s.viewing is None:
            self.statusBar().showMessage(tr("Drag the timeline to an earlier epoch first"))
            return
        try:
            s.rewind(s.viewing)
        except NNVizError as e:
            self.show_error(tr("Cannot continue from there"), str(e))

    def add_pane(self, key, title, widget, workspaces, column="right", index=None,
                 share=0.3):
        """Add a view to the window as a pane of ``workspaces`` (see
        :meth:`nnviz.workspaces.WorkspaceArea.add_pane`); for features that
        attach themselves (lessons, diagnostics)."""
        return self.workspace.add_pane(key, title, widget, workspaces, column, index, share)

    def show_workspace(self, key):
        self.workspace.show_workspace(key)

    def show_lr_lab(self):
        """The learning-rate lab is a workspace of its own: it needs room."""
        self.show_workspace("lab")

    def _highlight_network(self, refs):
        if refs:
            self.network_view.highlight(refs)
        else:
            self.network_view.clear_highlight()

    def _action(self, text, slot=None, shortcut=None, tip=None, checkable=False):
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        a.setCheckable(checkable)
        if slot is not None:
            (a.toggled if checkable else a.triggered).connect(slot)
        self.addAction(a)      # shortcuts work even with the menu bar hidden
        return a

    def _build_actions(self):
        """All actions in one place, with standard shortcuts."""
        A = self._action
        self.actions = {
            "new": A(tr("&New session"), self.new_session, QKeySequence.New),
            "open": A(tr("&Open…"), self.open_dialog, QKeySequence.Open),
            "save": A(tr("&Save"), self.save, QKeySequence.Save),
            "save_as": A(tr("Save &as…"), self.save_as, QKeySequence.SaveAs),
            "export": A(tr("&Export view…"), self.export_dialog, "Ctrl+E",
                        tr("Save a view as PNG or SVG")),
            "quit": A(tr("&Quit"), self.close, QKeySequence.Quit),
            "undo": A(tr("&Undo"), self.session.undo, QKeySequence.Undo),
            "redo": A(tr("&Redo"), self.session.redo, "Ctrl+Shift+Z"),
            "fullscreen": A(tr("&Full screen"), self.toggle_fullscreen, "F11",
                            checkable=True),
            "smooth": A(tr("&Smooth lines when paused"), self._set_smooth_lines,
                        tip=tr("Antialiased lines look better on a projector but cost "
                               "5–20× to draw; while training plays they are always off"),
                        checkable=True),
            "reset_layout": A(tr("Reset &layout"), self.reset_layout),
            "about": A(tr("&About nnviz"), self.about),
            "keys": A(tr("&Keyboard shortcuts"), self.show_keys, "F1"),
            "lr_lab": A(tr("&Learning-rate lab…"), self.show_lr_lab, "Ctrl+L",
                        tr("Several learning rates and optimisers side by side on one "
                           "loss surface")),
            "surface": A(tr("Recompute loss &surface"), self._recompute_surface, "Ctrl+U"),
            "present": A(tr("&Present"), self.toggle_present, "F5",
                         tr("Presentation mode: the main view fills the screen, "
                            "large text"), checkable=True),
            "end_present": A(tr("End presentation"), lambda: self.set_presenting(False),
                             "Esc"),
            "zoom_in": A(tr("Zoom &in"), lambda: ZOOM.step(1), QKeySequence.ZoomIn),
            "zoom_out": A(tr("Zoom &out"), lambda: ZOOM.step(-1), QKeySequence.ZoomOut),
            "zoom_reset": A(tr("&Actual size"), lambda: ZOOM.set_factor(1.0), "Ctrl+0"),
            "graph_next": A(tr("Step-through: next step"), self.stepthrough.forward, "Right"),
            "graph_prev": A(tr("Step-through: previous step"), self.stepthrough.back, "Left"),
            "epoch_back": A(tr("Timeline: one epoch back"), lambda: self._look(-1), ","),
            "epoch_forward": A(tr("Timeline: one epoch forward"), lambda: self._look(1), "."),
            "continue_here": A(tr("Continue from &here"), self._continue_here,
                               tip=tr("Make the epoch shown on the timeline the present")),
            "replay": A(tr("&Replay training"), lambda: self.session.replay(
                not self.session.replaying), "Ctrl+P",
                tip=tr("Play the recorded training back without training again")),
        }
        self.actions["end_present"].setEnabled(False)
        self.actions["zoom_in"].setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        titles = {k: self.workspace.specs[k].title for k in WORKSPACE_KEYS}
        group = QActionGroup(self)
        for i, k in enumerate(WORKSPACE_KEYS):
            a = A(tr("&{0} workspace").format(titles[k]),
                  lambda _=False, k=k: self.show_workspace(k), f"Ctrl+{i + 1}")
            a.setCheckable(True)               # checked by _on_workspace; triggered only
            group.addAction(a)
            self.actions[f"ws_{k}"] = a
        # Transport actions live in the control panel; shortcuts are given here.
        panel = self.controls.actions
        keys = {"play": "Space", "step": "Right", "step_epoch": "Shift+Right",
                "reset": "Ctrl+R"}
        for name, key in keys.items():
            a = panel[name]
            a.setShortcut(QKeySequence(key))
            a.setShortcutContext(Qt.WindowShortcut)
            self.addAction(a)
            self.actions[name] = a

    def _build_menus(self):
        mb = self.menuBar()
        m = mb.addMenu(tr("&File"))
        for k in ("new", "open"):
            m.addAction(self.actions[k])
        self.recent_menu = m.addMenu(tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for k in ("save", "save_as"):
            m.addAction(self.actions[k])
        m.addSeparator()
        m.addAction(self.actions["export"])
        m.addSeparator()
        m.addAction(self.actions["quit"])
        m = mb.addMenu(tr("&Edit"))
        m.addAction(self.actions["undo"])
        m.addAction(self.actions["redo"])
        m = mb.addMenu(tr("&Train"))
        for k in ("play", "step", "step_epoch", "reset"):
            m.addAction(self.actions[k])
        m.addSeparator()
        for k in ("epoch_back", "epoch_forward", "continue_here", "replay"):
            m.addAction(self.actions[k])
        m.addSeparator()
        m.addAction(self.actions["surface"])
        m.addAction(self.actions["lr_lab"])
        self.view_menu = m = mb.addMenu(tr("&View"))
        for k in WORKSPACE_KEYS:
            m.addAction(self.actions[f"ws_{k}"])
        m.addSeparator()
        for k in ("present", "zoom_in", "zoom_out", "zoom_reset"):
            m.addAction(self.actions[k])
        m.addSeparator()
        m.addAction(self.actions["smooth"])
        m.addAction(self.actions["fullscreen"])
        m.addAction(self.actions["reset_layout"])
        m = mb.addMenu(tr("&Help"))
        m.addAction(self.actions["keys"])
        m.addAction(self.actions["about"])

    def _connect_session(self):
        ev = self.session.events
        ev.connect("training", self._on_training)
        ev.connect("undo", lambda e: self._update_undo())
        ev.connect("file", lambda e: self._update_title())

    # -- training loop -------------------------------------------------------
    def _on_training(self, event):
        s = self.session
        if not s.diverged and not s.warnings and self.banner.isVisible():
            self.banner.dismiss()       # a setting change or undo let training resume
            self.statusBar().clearMessage()
        running = s.playing or s.replaying
        if running and not self._timer.isActive():
            self._timer.start()
        elif not running and self._timer.isActive():
            self._timer.stop()
        if event.info.get("diverged") and s.diverged:
            self._timer.stop()
            self.banner.show_message(
                "⚠ " + translate_message(s.divergence_message) + " " +
                tr("No NaN was drawn; the views show the last finite weights."),
                tr("Go back and divide learning rate by 10"))
            self.statusBar().showMessage(tr("Training diverged and was paused"))
        elif "limit" in event.changed:
            self._timer.stop()
            self.banner.show_message("⚠ " + translate_message(event.info.get("message", "")))
        elif "warnings" in event.changed and s.warnings:
            self._timer.stop()
            self.banner.show_message("⚠ " + translate_message(s.warnings[-1].message),
                                     tr("Go back and divide learning rate by 10"))
            self.statusBar().showMessage(tr("Training is going nowhere and was paused"))

    def _tick(self):
        s = self.session
        if not (s.playing or s.replaying):
            self._timer.stop()
            return
        t0 = time.perf_counter()
        # Everything between two ticks that was not training is drawing (the
        # views paint after this slot returns). At full speed training gets at
        # least as long, so it keeps half the machine however heavy the views.
        if self._last_tick is not None and t0 - self._last_tick < 0.5:
            drawn = max(0.0, t0 - self._last_tick - self._last_budget)
            self._draw_seconds = 0.8 * self._draw_seconds + 0.2 * drawn
        budget = max(TRAIN_SHARE_MS / 1000.0, 1.25 * self._draw_seconds)
        dt = FRAME_MS / 1000.0 if self._last_tick is None else t0 - self._last_tick
        # the session decides what this frame trains (full speed: the budget;
        # slow: whole epochs at an even pace); one params/training event
        s.advance(dt, budget)
        # what trained (at full speed the budget) is not drawing
        self._last_tick = t0
        self._last_budget = budget if s.speed == float("inf") else 0.0
        self.frame_times.append(time.perf_counter() - t0)
        if len(self.frame_times) > 600:
            del self.frame_times[:300]

    def preference(self, key):
        default = PREFERENCES[key]
        value = QSettings().value(f"preferences/{key}", default)
        if isinstance(default, bool):      # INI files give strings back
            return value if isinstance(value, bool) else str(value).lower() == "true"
        return type(default)(value)

    def _set_smooth_lines(self, on):
        self.network_view.set_antialias(None if on else False)
        if self.preference("smooth_lines") != bool(on):
            QSettings().setValue("preferences/smooth_lines", bool(on))

    def _recompute_surface(self):
        self.show_workspace("landscape")
        self.surface_view.recompute()

    def _lower_lr(self):
        s = self.session
        try:
            s.lower_learning_rate(10.0)     # back to the last healthy state, lr ÷ 10
        except NNVizError as e:
            self.show_error(tr("Cannot change the learning rate"), str(e))
            return
        self.banner.dismiss()
        self.statusBar().showMessage(tr("Learning rate is now {0:g}; press Space to "
                                        "continue").format(s.settings.lr))

    # -- files ---------------------------------------------------------------
    def show_error(self, title, text):
        QMessageBox.warning(self, title, translate_message(text))

    def _confirm_discard(self) -> bool:
        """True when it is fine to drop the current session."""
        if not self.session.dirty:
            return True
        box = QMessageBox(QMessageBox.Question, tr("Unsaved changes"),
                          tr("This session has unsaved changes. Save them first?"),
                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
                          self)
        box.setDefaultButton(QMessageBox.Save)
        answer = box.exec()
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def new_session(self):
        self._leave_lesson()
        if self._confirm_discard():
            self.session.replace_with(Session())
            self.banner.dismiss()

    def open_dialog(self):
        if not self._confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("Open session"), self._last_dir(),
                                              tr(SESSION_FILTER))
        if path:
            self.open_file(path)

    def open_file(self, path) -> bool:
        """Load a session file; on any problem say so and change nothing."""
        try:
            new = Session.open(path)
        except (NNVizError, OSError, ValueError) as e:
            self.show_error(tr("Cannot open {0}").format(Path(path).name), str(e))
            return False
        self.session.replace_with(new)
        self.banner.dismiss()
        self._add_recent(path)
        self.statusBar().showMessage(tr("Opened {0}").format(path))
        return True

    def save(self) -> bool:
        self._leave_lesson()
        if not self.session.path:
            return self.save_as()
        return self.save_to(self.session.path)

    def save_as(self) -> bool:
        self._leave_lesson()
        path, _ = QFileDialog.getSaveFileName(self, tr("Save session"),
                                              self.session.path or str(
                                                  Path(self._last_dir()) / "session.nnviz"),
                                              tr(SESSION_FILTER))
        return self.save_to(path) if path else False

    def save_to(self, path) -> bool:
        try:
            self.session.save(path)
        except (NNVizError, OSError, ValueError) as e:
            self.show_error(tr("Cannot save"), str(e))
            return False
        self._add_recent(path)
        self.statusBar().showMessage(tr("Saved {0}").format(path))
        return True

    def _last_dir(self):
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def recent_files(self) -> list[str]:
        v = QSettings().value("recent", [])
        if isinstance(v, str):
            v = [v]
        return [p for p in (v or []) if isinstance(p, str)]

    def _add_recent(self, path):
        path = str(Path(path).resolve())
        files = [path] + [p for p in self.recent_files() if p != path]
        QSettings().setValue("recent", files[:MAX_RECENT])

    def _fill_recent(self):
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            a = self.recent_menu.addAction(tr("(none)"))
            a.setEnabled(False)
        for p in files:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _=False, p=p: self._confirm_discard()
                                and self.open_file(p))

    # -- export --------------------------------------------------------------
    def exportable_views(self) -> dict:
        views = {tr("Whole window"): self}
        for key, pane in self.panes.items():
            if key != "controls":
                w = pane.widget
                views[pane.title.text()] = w.widget() if isinstance(w, QScrollArea) else w
        return views

    def export_dialog(self):
        from PySide6.QtWidgets import QInputDialog
        views = self.exportable_views()
        name, ok = QInputDialog.getItem(self, tr("Export view"), tr("View:"),
                                        list(views), 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Export view"), self._last_dir(),
                                              tr("PNG image (*.png);;SVG drawing (*.svg)"))
        if path:
            self.export_view(views[name], path)

    def export_view(self, widget, path) -> bool:
        try:
            if str(path).lower().endswith(".svg"):
                export.export_svg(widget, path)
            else:
                if not str(path).lower().endswith(".png"):
                    path = f"{path}.png"
                export.export_png(widget, path)
        except OSError as e:
            self.show_error(tr("Cannot export"), str(e))
            return False
        self.statusBar().showMessage(tr("Exported {0}").format(path))
        return True

    # -- window state --------------------------------------------------------
    def _update_title(self):
        s = self.session
        name = Path(s.path).name if s.path else tr("untitled")
        self.setWindowTitle(f"{name}[*] — nnviz")
        self.setWindowModified(s.dirty)

    def _update_undo(self):
        s = self.session
        self.actions["undo"].setEnabled(s.can_undo)
        self.actions["redo"].setEnabled(s.can_redo)
        undo, redo = translate_message(s.undo_text), translate_message(s.redo_text)
        self.actions["undo"].setText(tr("&Undo {0}").format(undo) if s.can_undo
                                     else tr("&Undo"))
        self.actions["redo"].setText(tr("&Redo {0}").format(redo) if s.can_redo
                                     else tr("&Redo"))

    # -- presentation --------------------------------------------------------
    def toggle_present(self, on):
        self.set_presenting(on)

    def set_presenting(self, on, fullscreen=True):
        """F5: the main view of this workspace fills the screen; text ≥ 14 px.
        Esc ends it."""
        on = bool(on)
        if on == self.workspace.presenting:
            return
        self.workspace.set_presenting(on)
        self.timeline_view.setVisible(not on)
        ZOOM.set_presenting(on)
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        self.actions["end_present"].setEnabled(on)
        if self.actions["present"].isChecked() != on:
            self.actions["present"].blockSignals(True)
            self.actions["present"].setChecked(on)
            self.actions["present"].blockSignals(False)
        if on and fullscreen:
            self._was_fullscreen = self.isFullScreen()
            self.showFullScreen()
        elif not on and not getattr(self, "_was_fullscreen", True):
            self.showNormal()

    def toggle_fullscreen(self, on):
        self.showFullScreen() if on else self.showNormal()

    def _fit_to_screen(self):
        """Open within the screen's available area (a 1024×768 projector too)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        w, h = 1280, 800
        if avail is not None and avail.width() > 0:
            w, h = min(w, avail.width()), min(h, avail.height())
            # the frame (title bar, borders) is outside the client area
            frame = max(0, self.frameGeometry().height() - self.geometry().height())
            h = max(400, h - frame)
            self.resize(w, h)
            self.move(avail.x() + (avail.width() - w) // 2, avail.y())
        else:
            self.resize(w, h)

    def _restore_layout(self, enabled=True):
        self._save_layout = enabled
        if not enabled:
            return
        ZOOM.restore()
        geo = QSettings().value("window/geometry")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
            screen = self.screen()
            if screen is not None and not screen.availableGeometry().contains(
                    self.frameGeometry()):
                self._fit_to_screen()         # saved on a bigger screen

    def reset_layout(self):
        self.workspace.reset_layout()

    def about(self):
        QMessageBox.about(self, tr("About nnviz"), tr(
            "<b>nnviz</b> — watch a small neural network learn: live weights and "
            "gradients, the decision boundary, and the loss curves."))

    def key_rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every shortcut, as F1 lists them."""
        where = {"graph_next": tr("in the Backprop workspace"),
                 "graph_prev": tr("in the Backprop workspace"),
                 "step": tr("→ outside Backprop; Ctrl+→ everywhere"),
                 "step_epoch": tr("Shift+→ outside Backprop; Ctrl+Shift+→ in it")}
        rows = []
        for name, a in self.actions.items():
            keys = [k.toString(QKeySequence.NativeText) for k in a.shortcuts()]
            if name in ("step", "step_epoch"):
                keys = [where[name]]
            if not keys:
                continue
            text = a.text().replace("&", "")
            if name in ("graph_next", "graph_prev"):
                text = f"{text} ({where[name]})"
            rows.append((", ".join(keys), text))
        return rows

    def show_keys(self):
        html = "<table>" + "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{t}</td></tr>"
                                   for k, t in self.key_rows()) + "</table>"
        QMessageBox.information(self, tr("Keyboard shortcuts"), html)

    def _leave_lesson(self):
        """Save, New, Open and Quit speak of the user's own session: a lesson
        gives it back first."""
        lessons = getattr(self, "lessons", None)
        if lessons is not None and lessons.player is not None:
            lessons.leave()

    def closeEvent(self, event):
        self.session.pause()
        self._timer.stop()
        self._leave_lesson()
        if not self._quitting_ok and not self._confirm_discard():
            event.ignore()
            return
        self.surface_view.shutdown()
        self.lr_lab.shutdown()
        if self._save_layout:
            QSettings().setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)
