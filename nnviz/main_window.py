"""The main window: docks, menus, file handling and the training loop.

Training runs in the GUI thread from a QTimer: each tick trains for a slice of
the frame (the speed setting) and then the views draw once. A worker thread
would fight the GIL and drop the window below 30 frames/s (DESIGN.md).
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolBar,
    QWidget,
)

from core.errors import NNVizError
from core.session import Session

from . import export
from .i18n import tr
from .views.controls import ControlPanel
from .views.curves_view import CurvesView
from .views.data_view import DataView
from .views.graph_view import StepThroughView
from .views.inspector import InspectorView
from .views.lr_lab import LearningRateLab
from .views.network_view import NetworkView
from .views.surface_view import SurfaceView

LAYOUT_VERSION = 5
FRAME_MS = 16            # ~60 frames/s
TRAIN_SHARE_MS = 11.0    # training slice of a frame at 100 % speed
MAX_RECENT = 8
# Preferences kept in QSettings, with their defaults in one place.
PREFERENCES = {"smooth_lines": True}
SESSION_FILTER = "nnviz sessions (*.nnviz *.json);;All files (*)"


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
        self.setDockNestingEnabled(True)
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
        self._connect_session()
        if self.session.selection is None:
            # Start with the output neuron in the inspector: its arithmetic is
            # the first thing worth reading, and the panel is never blank.
            self.session.select(("neuron", len(self.session.net.layers), 0))
        self.statusBar().showMessage(tr("Press Space to train, → to step one batch"))
        self.resize(1280, 800)
        self._restore_layout(restore_layout)
        self.actions["smooth"].setChecked(self.preference("smooth_lines"))
        self._set_smooth_lines(self.preference("smooth_lines"))
        self._update_title()
        self._update_undo()

    # -- building ------------------------------------------------------------
    def _dock(self, title, widget, name, area, scroll=False):
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        if scroll:
            # Rich views keep their own minimum size; in a small window they
            # scroll instead of forcing the whole window larger.
            area_widget = QScrollArea()
            area_widget.setWidgetResizable(True)
            area_widget.setFrameShape(QScrollArea.NoFrame)
            area_widget.setWidget(widget)
            dock.setWidget(area_widget)
        else:
            dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

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
        self.setCentralWidget(self.network_view)

        self.controls = ControlPanel(s)
        self.data_view = DataView(s)
        self.curves_view = CurvesView(s)
        self.inspector = InspectorView(s)
        self.stepthrough = StepThroughView(s)
        self.trajectory = s.trajectory        # the session records the path
        self.surface_view = SurfaceView(s, self.trajectory)
        self.lr_lab = None                    # its own window, made on first use
        self.docks = {
            "controls": self._dock(tr("Controls"), self.controls, "dock-controls",
                                   Qt.LeftDockWidgetArea),
            "data": self._dock(tr("Data and decision boundary"), self.data_view,
                               "dock-data", Qt.RightDockWidgetArea),
            "curves": self._dock(tr("Loss and accuracy"), self.curves_view,
                                 "dock-curves", Qt.RightDockWidgetArea),
            "inspector": self._dock(tr("Inspector"), self.inspector, "dock-inspector",
                                    Qt.BottomDockWidgetArea, scroll=True),
            "stepthrough": self._dock(tr("Step-through: forward and backward pass"),
                                      self.stepthrough, "dock-stepthrough",
                                      Qt.BottomDockWidgetArea, scroll=True),
        }
        self.docks["surface"] = self._dock(tr("Loss surface"), self.surface_view,
                                           "dock-surface", Qt.RightDockWidgetArea,
                                           scroll=True)
        self.splitDockWidget(self.docks["data"], self.docks["curves"], Qt.Vertical)
        self.tabifyDockWidget(self.docks["inspector"], self.docks["stepthrough"])
        self.tabifyDockWidget(self.docks["curves"], self.docks["surface"])
        self.docks["inspector"].raise_()
        self.docks["curves"].raise_()
        self.network_view.elementClicked.connect(self.surface_view.pick_param)
        # The step-through needs room: give the bottom area more height when it shows.
        self.docks["stepthrough"].visibilityChanged.connect(self._grow_stepthrough)
        self.docks["stepthrough"].visibilityChanged.connect(self.stepthrough.set_active)
        self.stepthrough.set_active(False)          # starts behind the inspector tab
        # The step-through and the network view point at each other's elements.
        self.stepthrough.refsChanged.connect(self._highlight_network)
        self.network_view.elementClicked.connect(self.stepthrough.jump_to_ref)
        # The bottom tabs (inspector, step-through) span the full width: the
        # computation graph and its arithmetic need it more than the side docks.
        self.setCorner(Qt.BottomLeftCorner, Qt.BottomDockWidgetArea)
        self.setCorner(Qt.BottomRightCorner, Qt.BottomDockWidgetArea)
        self._sized = False

    def _grow_stepthrough(self, visible):
        if visible and self._sized and self.docks["stepthrough"].height() < self.height() * 0.45:
            self.resizeDocks([self.docks["stepthrough"]], [int(self.height() * 0.55)],
                             Qt.Vertical)

    def show_lr_lab(self):
        """The learning-rate lab opens in a window of its own: it needs room."""
        if self.lr_lab is None:
            self.lr_lab = LearningRateLab(self.session)
            self.lr_lab.setWindowTitle(tr("Learning-rate lab — nnviz"))
            self.lr_lab.resize(1000, 650)
        self.lr_lab.show()
        self.lr_lab.raise_()
        self.lr_lab.activateWindow()

    def _apply_default_sizes(self):
        """Dock sizes only take once the window has its real size."""
        w, h = self.width(), self.height()
        self.resizeDocks([self.docks["controls"], self.docks["data"]],
                         [min(310, w // 4), max(360, int(w * 0.36))], Qt.Horizontal)
        self.resizeDocks([self.docks["data"], self.docks["curves"]],
                         [int(h * 0.62), int(h * 0.38)], Qt.Vertical)
        self.resizeDocks([self.docks["inspector"]], [max(210, int(h * 0.26))], Qt.Vertical)

    def showEvent(self, event):
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if not self._restored:
                self._apply_default_sizes()

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
        }
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
        m.addAction(self.actions["surface"])
        m.addAction(self.actions["lr_lab"])
        self.view_menu = m = mb.addMenu(tr("&View"))
        for dock in self.docks.values():
            m.addAction(dock.toggleViewAction())
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
        if not s.diverged and self.banner.isVisible():
            self.banner.dismiss()       # a setting change or undo let training resume
            self.statusBar().clearMessage()
        if s.playing and not self._timer.isActive():
            self._timer.start()
        elif not s.playing and self._timer.isActive():
            self._timer.stop()
        if event.info.get("diverged") and s.diverged:
            self._timer.stop()
            self.banner.show_message(
                "⚠ " + s.divergence_message + " " +
                tr("No NaN was drawn; the views show the last finite weights."),
                tr("Divide learning rate by 10"))
            self.statusBar().showMessage(tr("Training diverged and was paused"))

    def _tick(self):
        s = self.session
        if not s.playing:
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
        self._last_tick, self._last_budget = t0, time.perf_counter() - t0
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
        self.docks["surface"].show()
        self.docks["surface"].raise_()
        self.surface_view.recompute()

    def _lower_lr(self):
        s = self.session
        try:
            s.set(lr=s.settings.lr / 10.0)
        except NNVizError as e:
            self.show_error(tr("Cannot change the learning rate"), str(e))
            return
        self.banner.dismiss()
        self.statusBar().showMessage(tr("Learning rate is now {0:g}; press Space to "
                                        "continue").format(s.settings.lr))

    # -- files ---------------------------------------------------------------
    def show_error(self, title, text):
        QMessageBox.warning(self, title, text)

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
        if self._confirm_discard():
            self.session.replace_with(Session())
            self.banner.dismiss()

    def open_dialog(self):
        if not self._confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("Open session"), self._last_dir(),
                                              SESSION_FILTER)
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
        if not self.session.path:
            return self.save_as()
        return self.save_to(self.session.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save session"),
                                              self.session.path or str(
                                                  Path(self._last_dir()) / "session.nnviz"),
                                              SESSION_FILTER)
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
        views = {tr("Whole window"): self, tr("Network"): self.network_view}
        for key, dock in self.docks.items():
            if key != "controls":
                w = dock.widget()
                views[dock.windowTitle()] = w.widget() if isinstance(w, QScrollArea) else w
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
        self.actions["undo"].setText(tr("&Undo {0}").format(s.undo_text) if s.can_undo
                                     else tr("&Undo"))
        self.actions["redo"].setText(tr("&Redo {0}").format(s.redo_text) if s.can_redo
                                     else tr("&Redo"))

    def toggle_fullscreen(self, on):
        self.showFullScreen() if on else self.showNormal()

    def _restore_layout(self, enabled=True):
        self._default_state = self.saveState(LAYOUT_VERSION)
        self._restored = False
        self._save_layout = enabled
        if not enabled:
            return
        st = QSettings()
        geo, state = st.value("window/geometry"), st.value("window/state")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        if isinstance(state, QByteArray):
            self._restored = self.restoreState(state, LAYOUT_VERSION)

    def reset_layout(self):
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state, LAYOUT_VERSION)
        self._restored = False
        self._apply_default_sizes()

    def about(self):
        QMessageBox.about(self, tr("About nnviz"), tr(
            "<b>nnviz</b> — watch a small neural network learn: live weights and "
            "gradients, the decision boundary, and the loss curves."))

    def show_keys(self):
        rows = [(a.text().replace("&", ""), a.shortcut().toString(QKeySequence.NativeText))
                for a in self.actions.values() if not a.shortcut().isEmpty()]
        html = "<table>" + "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{t}</td></tr>"
                                   for t, k in rows) + "</table>"
        QMessageBox.information(self, tr("Keyboard shortcuts"), html)

    def closeEvent(self, event):
        self.session.pause()
        self._timer.stop()
        if not self._quitting_ok and not self._confirm_discard():
            event.ignore()
            return
        self.surface_view.shutdown()
        if self.lr_lab is not None:
            self.lr_lab.shutdown()
            self.lr_lab.close()
        if self._save_layout:
            st = QSettings()
            st.setValue("window/geometry", self.saveGeometry())
            st.setValue("window/state", self.saveState(LAYOUT_VERSION))
        super().closeEvent(event)
