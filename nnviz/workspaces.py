"""Workspaces: one full-window page per task, its main view given most of the room.

Qt Creator's modes, napari's dock layouts: **Train** (the network learning,
with the controls, the decision boundary and the curves beside it),
**Backprop** (the step-through's computation graph, with the network and the
inspector beside it), **Landscape** (the loss surface, with the controls and
curves) and **Lab** (the learning-rate lab). A workspace is data
(:data:`WORKSPACES`): which pane is the main one and which sit in the left and
right columns. :class:`WorkspaceArea` holds every pane once and, on a switch,
moves them into one set of splitters (a widget has one parent) and hides the
rest. Each workspace remembers its splitter sizes (QSettings, versioned);
presentation mode shows the main pane alone.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from .i18n import tr

LAYOUT_VERSION = 1


@dataclass(frozen=True)
class Workspace:
    key: str
    title: str
    main: str
    left: tuple = ()
    right: tuple = ()
    # default widths of (left, main, right) as fractions of the window; the
    # main view keeps ≥ 60 % of the area at 1024×768
    widths: tuple = (0.0, 1.0, 0.0)
    left_heights: tuple = ()
    right_heights: tuple = ()


def _workspaces():
    return (
        Workspace("train", tr("Train"), "network", left=("controls", "data", "curves"),
                  widths=(0.26, 0.74, 0.0), left_heights=(0.36, 0.40, 0.24)),
        Workspace("backprop", tr("Backprop"), "stepthrough", left=("network", "inspector"),
                  widths=(0.30, 0.70, 0.0), left_heights=(0.45, 0.55)),
        Workspace("landscape", tr("Landscape"), "surface", left=("controls", "curves"),
                  widths=(0.27, 0.73, 0.0), left_heights=(0.6, 0.4)),
        Workspace("lab", tr("Lab"), "lr_lab"),
    )


WORKSPACE_KEYS = ("train", "backprop", "landscape", "lab")


def workspaces() -> dict:
    """Key → :class:`Workspace` (titles translated at call time)."""
    return {w.key: w for w in _workspaces()}


class Pane(QFrame):
    """A view with a small title bar, so a learner can name what they see."""

    def __init__(self, key, title, widget, parent=None):
        super().__init__(parent)
        self.key = key
        self.widget = widget
        self.setObjectName(f"pane-{key}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.title = QLabel(title)
        self.title.setObjectName("pane-title")
        self.title.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(self.title)
        lay.addWidget(widget, 1)

    def set_title_visible(self, on):
        self.title.setVisible(on)


class WorkspaceArea(QWidget):
    """The tab bar (Ctrl+1…4) and the splitters the panes move between.

    ``panes``: key → :class:`Pane`. ``current`` is the workspace key;
    ``workspaceChanged(str)`` fires after a switch.
    """
    workspaceChanged = Signal(str)

    def __init__(self, panes: dict, parent=None, remember=True):
        super().__init__(parent)
        self.panes = panes
        self.specs = workspaces()
        self.current = None
        self.presenting = False
        self.remember = remember
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.tabs = QTabBar()
        self.tabs.setObjectName("workspace-tabs")
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(True)
        for i, key in enumerate(WORKSPACE_KEYS):
            self.tabs.addTab(self.specs[key].title)
            self.tabs.setTabToolTip(i, tr("{0} workspace (Ctrl+{1})").format(
                self.specs[key].title, i + 1))
        self.tabs.currentChanged.connect(lambda i: self.show_workspace(WORKSPACE_KEYS[i]))
        self.top = QWidget()                       # tab bar + what the window adds
        top = QVBoxLayout(self.top)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(0)
        top.addWidget(self.tabs)
        lay.addWidget(self.top)
        self.outer = QSplitter(Qt.Horizontal)
        self.outer.setChildrenCollapsible(False)
        self.columns = {}
        self._scrolls = {}
        for name in ("left", "main", "right"):
            col = QSplitter(Qt.Vertical)
            col.setChildrenCollapsible(False)
            self.columns[name] = col
            # a column scrolls rather than clips when the screen is smaller
            # than its panes' minimum sizes (a 1024×768 projector at 150 %)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.NoFrame)
            scroll.setWidget(col)
            scroll.setMinimumSize(120, 120)
            self._scrolls[name] = scroll
            self.outer.addWidget(scroll)
        self.outer.splitterMoved.connect(lambda *_: self._store())
        for col in self.columns.values():
            col.splitterMoved.connect(lambda *_: self._store())
        lay.addWidget(self.outer, 1)
        self._parking = QWidget()                  # hidden parent of unused panes
        self._parking.hide()
        for pane in panes.values():
            pane.setParent(self._parking)

    # -- switching -------------------------------------------------------------
    def show_workspace(self, key):
        if key not in self.specs:
            raise KeyError(f"unknown workspace {key!r}; choose one of "
                           f"{', '.join(WORKSPACE_KEYS)}")
        if key == self.current and self._placed_presenting == self.presenting:
            return
        self._store()
        self.current = key
        i = WORKSPACE_KEYS.index(key)
        if self.tabs.currentIndex() != i:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(i)
            self.tabs.blockSignals(False)
        self._place()
        self.workspaceChanged.emit(key)

    _placed_presenting = None

    def _place(self):
        spec = self.specs[self.current]
        wanted = {"main": (spec.main,), "left": spec.left, "right": spec.right}
        if self.presenting:
            wanted = {"main": (spec.main,), "left": (), "right": ()}
        used = {k for keys in wanted.values() for k in keys}
        self.setUpdatesEnabled(False)
        for key, pane in self.panes.items():
            if key not in used and pane.parent() is not self._parking:
                pane.setParent(self._parking)
        for name, keys in wanted.items():
            col = self.columns[name]
            for i, key in enumerate(keys):
                pane = self.panes[key]
                col.insertWidget(i, pane)
                pane.show()
                # the workspace tab names the main view; side panes keep a title
                pane.set_title_visible(not self.presenting and name != "main")
            self._scrolls[name].setVisible(bool(keys))
        self._placed_presenting = self.presenting
        self._apply_sizes()
        self.setUpdatesEnabled(True)

    # -- extending ---------------------------------------------------------------
    def add_pane(self, key, title, widget, workspaces, column="right", index=None,
                 share=0.3) -> Pane:
        """Add a view as a pane in the ``column`` ("left" or "right") of each
        of ``workspaces`` (keys); it moves between them on a switch like the
        others. ``share``: its part of the column's height (or, for a column
        that was empty, of the window's width)."""
        if key in self.panes:
            raise KeyError(f"a pane {key!r} exists already")
        pane = Pane(key, title, widget)
        pane.setParent(self._parking)
        self.panes[key] = pane
        self.show_pane_in(key, workspaces, column, index, share)
        return pane

    def show_pane_in(self, key, workspaces, column="right", index=None, share=0.3):
        """Also show an existing pane in ``workspaces`` (see :meth:`add_pane`)."""
        if column not in ("left", "right"):
            raise ValueError("column must be 'left' or 'right'")
        for ws in ([workspaces] if isinstance(workspaces, str) else workspaces):
            spec = self.specs[ws]
            keys = list(getattr(spec, column))
            if key in keys:
                continue
            heights = list(getattr(spec, f"{column}_heights")) or [1.0] * len(keys)
            heights = [h * (1 - share) / (sum(heights) or 1) for h in heights]
            i = len(keys) if index is None else index
            keys.insert(i, key)
            heights.insert(i, share if keys[:-1] or index is not None else 1.0)
            widths = list(spec.widths)
            side = 0 if column == "left" else 2
            if not widths[side]:
                widths[side] = share
                widths[1] = max(0.4, 1 - widths[0] - widths[2])
            self.specs[ws] = replace(spec, **{column: tuple(keys),
                                              f"{column}_heights": tuple(heights),
                                              "widths": tuple(widths)})
        if self.current and self.current in (
                [workspaces] if isinstance(workspaces, str) else workspaces):
            self._place()

    def hide_pane_in(self, key, workspaces):
        """Take a pane out of ``workspaces`` again (e.g. when a lesson ends)."""
        for ws in ([workspaces] if isinstance(workspaces, str) else workspaces):
            spec = self.specs[ws]
            for column in ("left", "right"):
                keys = list(getattr(spec, column))
                if key in keys:
                    i = keys.index(key)
                    heights = list(getattr(spec, f"{column}_heights"))
                    del keys[i]
                    if i < len(heights):
                        del heights[i]
                    widths = list(spec.widths)
                    if not keys:
                        widths[0 if column == "left" else 2] = 0.0
                        widths[1] = 1 - widths[0] - widths[2]
                    spec = replace(spec, **{column: tuple(keys),
                                            f"{column}_heights": tuple(heights),
                                            "widths": tuple(widths)})
            self.specs[ws] = spec
        if self.current:
            self._place()

    def main_pane(self) -> Pane:
        return self.panes[self.specs[self.current].main]

    def visible_panes(self) -> list:
        return [p for p in self.panes.values() if p.parent() is not self._parking]

    def set_presenting(self, on):
        self.presenting = bool(on)
        self.tabs.setVisible(not on)
        if self.current:
            self._place()
            if not on:
                # the side panes' minimum sizes are known once their layouts ran
                QTimer.singleShot(0, self._apply_sizes)

    # -- sizes -----------------------------------------------------------------
    def _default_sizes(self):
        spec = self.specs[self.current]
        w = max(self.width(), 400)
        h = max(self.outer.height(), 300)
        outer = self._widen_sides([int(f * w) for f in spec.widths])
        return {"outer": outer,
                "left": [int(f * h) for f in spec.left_heights] or [h],
                "right": [int(f * h) for f in spec.right_heights] or [h]}

    def _widen_sides(self, outer):
        """A side column is never narrower than its panes need (no sideways
        scrolling) while the main view keeps ≥ 60 % of the width; the main
        view takes what is left."""
        w = max(self.width(), 400)
        outer = list(outer)
        widened = False
        for i, name in ((0, "left"), (2, "right")):
            if outer[i] and self.columns[name].count():
                need = self.columns[name].minimumSizeHint().width() + \
                    self._scrolls[name].verticalScrollBar().sizeHint().width()
                need = min(need, int(0.4 * w))
                if outer[i] < need:
                    outer[i], widened = need, True
        if widened or sum(outer) < w // 2:
            outer[1] = max(w - outer[0] - outer[2], 200)
        return outer

    def _settings_key(self):
        return f"workspaces/v{LAYOUT_VERSION}/{self.current}"

    def _apply_sizes(self):
        if self.presenting:
            self.outer.setSizes([0, max(self.width(), 400), 0])
            return
        sizes = self._default_sizes()
        if self.remember:
            saved = QSettings().value(self._settings_key())
            try:
                saved = json.loads(saved) if isinstance(saved, str) else None
            except ValueError:
                saved = None
            if isinstance(saved, dict):
                for k in sizes:
                    v = saved.get(k)
                    if isinstance(v, list) and all(isinstance(x, int) and 0 <= x < 20000
                                                   for x in v):
                        sizes[k] = v
        # saved widths may come from before the panes' sizes were known
        self.outer.setSizes(self._widen_sides(sizes["outer"]))
        for name in ("left", "right"):
            col = self.columns[name]
            if col.count() and len(sizes[name]) == col.count():
                col.setSizes(sizes[name])

    def _store(self):
        if not self.remember or self.current is None or self.presenting:
            return
        sizes = {"outer": self.outer.sizes(), "left": self.columns["left"].sizes(),
                 "right": self.columns["right"].sizes()}
        QSettings().setValue(self._settings_key(), json.dumps(sizes))

    def reset_layout(self):
        """Forget every workspace's sizes (View ▸ Reset layout)."""
        st = QSettings()
        for key in WORKSPACE_KEYS:
            st.remove(f"workspaces/v{LAYOUT_VERSION}/{key}")
        if self.current:
            self._apply_sizes()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.current and (self.presenting or not self._has_saved()):
            self._apply_sizes()

    def _has_saved(self):
        return self.remember and QSettings().contains(self._settings_key())


__all__ = ["LAYOUT_VERSION", "Pane", "WORKSPACE_KEYS", "Workspace", "WorkspaceArea",
           "workspaces"]
