"""The digits in the main window: a "Digits" pane (gallery + confusion matrix)
that takes the data pane's place in the Train workspace while the session's
data set is images.

:func:`attach_digits` is the one entry point. It uses only the window's
public API (``session``, ``add_pane``, ``workspace.show_pane_in`` /
``hide_pane_in``) and keeps its state in ``window.digits`` (a
:class:`DigitsController`). The main view keeps its width: the Digits pane
sits in the left column where the data pane was, with the same share.
"""
from __future__ import annotations

from PySide6.QtCore import QObject

from .i18n import tr
from .views.common import subscribe
from .views.digits_view import DigitsView

PANE_KEY = "digits"
DATA_KEY = "data"
WORKSPACE = "train"
COLUMN = "left"
INDEX = 1            # under the controls, where the data pane sits
SHARE = 0.40         # of the left column's height, as the data pane
DATA_SHARE = 0.40


class DigitsController(QObject):
    """Shows the Digits pane instead of the data pane while the data are images."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.view = DigitsView(window.session)
        self.view.setParent(None)
        self.pane = window.add_pane(PANE_KEY, tr("Digits: predictions and confusion matrix"),
                                    self.view, (), COLUMN, INDEX, SHARE)
        self.showing = False
        subscribe(self.view, window.session, {"data": self._on_data})
        self.sync()

    def _on_data(self, _ev=None):
        self.sync()

    def images(self) -> bool:
        return self.window.session.dataset.image_shape is not None

    def sync(self):
        """Put the Digits pane or the data pane in the Train workspace."""
        want = self.images()
        if want == self.showing:
            return
        ws = self.window.workspace
        spec = ws.specs[WORKSPACE]
        keys = list(getattr(spec, COLUMN))
        if want:
            at = keys.index(DATA_KEY) if DATA_KEY in keys else min(INDEX, len(keys))
            ws.hide_pane_in(DATA_KEY, WORKSPACE)
            ws.show_pane_in(PANE_KEY, WORKSPACE, COLUMN, at, SHARE)
        else:
            at = keys.index(PANE_KEY) if PANE_KEY in keys else min(INDEX, len(keys))
            ws.hide_pane_in(PANE_KEY, WORKSPACE)
            ws.show_pane_in(DATA_KEY, WORKSPACE, COLUMN, at, DATA_SHARE)
        self.showing = want


def attach_digits(window) -> DigitsController:
    """Give ``window`` the Digits pane, shown while the data set is images
    (once: a second call returns the first controller)."""
    if isinstance(getattr(window, "digits", None), DigitsController):
        return window.digits
    ctl = DigitsController(window)
    window.digits = ctl
    return ctl


__all__ = ["DigitsController", "attach_digits"]
