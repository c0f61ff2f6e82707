"""The 3-D loss surface in the main window: View ▸ 3-D loss surface and a "3-D" button.

:func:`attach_3d` is the one entry point. It uses only the window's public
API (``session``, ``menuBar``, ``actions``, ``statusBar``, ``workspace``,
``add_pane``) and keeps its state in ``window.surface3d`` (a
:class:`Surface3DController`).

The toggle (checkable action ``actions["surface3d"]``, Ctrl+Shift+3, and a
"3-D" button at the right of the menu bar in the Landscape and Lab
workspaces) shows :class:`nnviz.views.surface3d_view.Surface3DView` as a
pane (Lab: a right column; Landscape: the left column, under the
controls); it draws the Landscape's surface
in Landscape and the lab's bowl in Lab. Off by default, so the default layouts
keep their main views as they are. Where OpenGL is missing or fails, the 2-D
view stays and the status bar says why in one line; the pane is never made.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton

from .i18n import tr
from .views.surface3d_view import Surface3DView, gl_problem

PANE = "surface3d"
WORKSPACES = ("landscape", "lab")
# Where the pane goes: in the Lab a right column of 40 % of the width (the
# lab keeps 60 %); in the Landscape the left column, between the controls and
# the curves, so the 2-D surface keeps its ≥ 60 % at 1024 × 768.
SHARE = {"lab": 0.4, "landscape": 0.45}


class Surface3DController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.view: Surface3DView | None = None
        self.note = ""
        self.action = QAction(tr("&3-D loss surface"), window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+3"))
        self.action.setToolTip(tr("Show the loss surface as a bowl to rotate, with the "
                                  "descent path on it (Landscape and Lab)"))
        self.action.toggled.connect(self.set_shown)
        window.actions["surface3d"] = self.action
        window.addAction(self.action)
        self.button = QToolButton()
        self.button.setObjectName("surface3d-button")
        self.button.setDefaultAction(self.action)
        self.action.setIconText(tr("3-D"))       # what the button shows
        self.button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        window.menuBar().setCornerWidget(self.button, Qt.TopRightCorner)
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.action)
        window.workspace.workspaceChanged.connect(self._on_workspace)
        self._on_workspace(window.workspace.current)

    @property
    def shown(self) -> bool:
        return self.action.isChecked() and self.view is not None

    def _on_workspace(self, key):
        self.button.setVisible(key in WORKSPACES)
        if self.view is not None and key in WORKSPACES:
            self.view.set_source(key)

    def set_shown(self, on: bool):
        """Show or hide the 3-D pane in Landscape and Lab; without OpenGL,
        a one-line note in the status bar instead (and the toggle goes off)."""
        w = self.window
        if on:
            self.note = gl_problem()
            if self.note:
                w.statusBar().showMessage(self.note, 15000)
                self.action.blockSignals(True)
                self.action.setChecked(False)
                self.action.blockSignals(False)
                return
            current = w.workspace.current
            if self.view is None:
                self.view = Surface3DView(w.session, current if current in WORKSPACES
                                          else "landscape")
                w.add_pane(PANE, tr("Loss surface in 3-D"), self.view, ["lab"], "right",
                           share=SHARE["lab"])
            else:
                w.workspace.show_pane_in(PANE, ["lab"], "right", share=SHARE["lab"])
            w.workspace.show_pane_in(PANE, ["landscape"], "left", index=1,
                                     share=SHARE["landscape"])
            if current not in WORKSPACES:
                w.show_workspace("landscape")
        elif self.view is not None:
            w.workspace.hide_pane_in(PANE, list(WORKSPACES))


def attach_3d(window) -> Surface3DController:
    """Add the 3-D loss surface toggle to ``window`` (see the module docstring)."""
    if isinstance(getattr(window, "surface3d", None), Surface3DController):
        return window.surface3d          # attached once
    controller = Surface3DController(window)
    window.surface3d = controller
    return controller


__all__ = ["PANE", "Surface3DController", "attach_3d"]
