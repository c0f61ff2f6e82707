"""Diagnostics in the main window: the gradient check and side-by-side runs.

:func:`attach_diagnostics` is the one entry point (the window calls it once);
it uses only the window's public API — ``session``, ``add_pane``,
``workspace`` (``show_pane_in`` / ``hide_pane_in``), ``menuBar``, ``actions``,
``curves_view``, ``statusBar`` — and keeps its state in
``window.diagnostics`` (a :class:`Diagnostics`).

* Backprop workspace, left column under the inspector: the gradient-check
  panel (``nnviz.views.gradcheck_view``).
* Train workspace, left column between the decision boundary and the curves,
  shown while runs are pinned: the compare view (small multiples at one
  epoch, ``nnviz.views.compare_view``); the curves overlay the pinned runs.
  The main view keeps its width, so it keeps ≥ 60 % of a 1024×768 window.
* Train ▸ Pin this run (Ctrl+Shift+P), Clear pinned runs, Check all gradients.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from core.errors import NNVizError

from .i18n import tr
from .views.compare_view import CompareView, run_color
from .views.gradcheck_view import GradcheckView

__all__ = ["Diagnostics", "attach_diagnostics"]


class Diagnostics(QObject):
    """The panes, actions and the curve overlay for one main window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        s = self.session = window.session
        self.gradcheck = GradcheckView(s)
        self.compare = CompareView(s)
        self.gradcheck_pane = window.add_pane("gradcheck", tr("Gradient check"),
                                              self.gradcheck, ["backprop"], column="left",
                                              share=0.34)
        self.compare_pane = None
        self._data_hidden = False
        self._build_actions()
        s.runs.events.connect("runs", self._on_runs)
        self._on_runs()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.gradcheck.shutdown)

    def _build_actions(self):
        w = self.window
        acts = {
            "pin_run": (tr("&Pin this run"), self.pin, "Ctrl+Shift+P",
                        tr("Keep this run to compare: change a setting, Reset and train "
                           "again (up to 4 pinned)")),
            "clear_runs": (tr("Clear pinned runs"), self.session.runs.clear, None,
                           tr("Forget every pinned run")),
            "check_gradients": (tr("Check all &gradients"), self.check_all, None,
                                tr("Compare backprop with centred differences for every "
                                   "parameter (E4) and report the worst")),
        }
        for key, (text, slot, shortcut, tip) in acts.items():
            a = QAction(text, w)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setStatusTip(tip)
            a.setToolTip(tip)
            a.triggered.connect(lambda _=False, slot=slot: slot())
            w.addAction(a)
            w.actions[key] = a
        menu = self._train_menu()
        if menu is not None:
            menu.addSeparator()
            for key in acts:
                menu.addAction(w.actions[key])

    def _train_menu(self):
        train = tr("&Train")
        for a in self.window.menuBar().actions():
            if a.menu() is not None and a.text() == train:
                return a.menu()
        return None

    # -- actions --------------------------------------------------------------------
    def pin(self):
        try:
            run = self.session.runs.pin()
        except NNVizError as e:
            QMessageBox.information(self.window, tr("Cannot pin this run"), str(e))
            return None
        self.window.show_workspace("train")
        self.window.statusBar().showMessage(
            tr("Pinned {name}: change a setting, press Reset (Ctrl+R) and train again")
            .format(name=run.name))
        return run

    def check_all(self):
        self.window.show_workspace("backprop")
        self.gradcheck.check_all()

    # -- pinned runs: the compare pane and the curves' overlay ---------------------------
    def _on_runs(self, _ev=None):
        runs = self.session.runs
        w = self.window
        have = len(runs) > 0
        w.actions["clear_runs"].setEnabled(have)
        ws = w.workspace
        # While runs are pinned the compare view takes the decision boundary's
        # place (its "Now" tile is that picture): a 1024×768 column has room
        # for one plane view, and the main view keeps its width.
        left = ws.specs["train"].left
        if have and "compare" not in left:
            at = left.index("data") if "data" in left else min(2, len(left))
            if "data" in left:
                ws.hide_pane_in("data", ["train"])
            if self.compare_pane is None:
                self.compare_pane = w.add_pane("compare", tr("Runs side by side"),
                                               self.compare, ["train"], column="left",
                                               index=at, share=0.42)
            else:
                ws.show_pane_in("compare", ["train"], column="left", index=at, share=0.42)
            self._data_hidden = "data" in left
        elif not have and "compare" in left:
            at = left.index("compare")
            ws.hide_pane_in("compare", ["train"])
            if self._data_hidden:
                ws.show_pane_in("data", ["train"], column="left", index=at, share=0.40)
        curves = getattr(w, "curves_view", None)
        if curves is not None and hasattr(curves, "set_overlays"):
            curves.set_overlays([(name, run_color(i), x_hist)
                                 for i, name, x_hist in _overlay_source(runs)])


def _overlay_source(runs):
    """``(index, name, history)`` per pinned run, for ``CurvesView.set_overlays``."""
    return [(i, run.name, run.history) for i, run in enumerate(runs)]


def attach_diagnostics(window) -> Diagnostics:
    """Add the gradient-check panel, the compare view and their actions to
    ``window`` (once); returns the :class:`Diagnostics`."""
    d = getattr(window, "diagnostics", None)
    if d is None:
        d = window.diagnostics = Diagnostics(window)
    return d
