"""File ▸ Export handout…: the step-through as a printable page with the real numbers.

:func:`attach_handouts` is the one entry point. It uses only the window's
public API (``menuBar``, ``actions``, ``stepthrough.stepper``, ``session``)
and keeps its state in ``window.handouts`` (a :class:`HandoutController`).
The page itself is made by the Qt-free ``core.handout`` from what the
step-through shows now: a typed formula, E1/E2, or one sample through the
network.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
)

from core import handout
from core.errors import NNVizError

from .i18n import QT_TR_NOOP, current_language, tr

FORMATS = (("html", QT_TR_NOOP("Web page (.html)")),
           ("md", QT_TR_NOOP("Markdown with LaTeX (.md + .svg)")))
BLANKS = (("none", QT_TR_NOOP("None: every number filled in")),
          ("gradients", QT_TR_NOOP("Gradients (backward pass and update)")),
          ("values", QT_TR_NOOP("Values (forward pass)")),
          ("all", QT_TR_NOOP("Every computed number")),
          ("nodes", QT_TR_NOOP("The nodes named below")))


class HandoutDialog(QDialog):
    """Format, blanks, copies, seed and language of a handout."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Export handout"))
        form = QFormLayout(self)
        self.format_box = QComboBox()
        for key, text in FORMATS:
            self.format_box.addItem(tr(text), key)
        form.addRow(tr("Format:"), self.format_box)
        self.blanks_box = QComboBox()
        for key, text in BLANKS:
            self.blanks_box.addItem(tr(text), key)
        form.addRow(tr("Blanks:"), self.blanks_box)
        self.nodes_edit = QLineEdit()
        self.nodes_edit.setPlaceholderText(tr("e.g. q, z"))
        self.nodes_edit.setToolTip(tr("Node names, separated by commas"))
        form.addRow(tr("Nodes:"), self.nodes_edit)
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(1, handout.MAX_COPIES)
        self.copies_spin.setToolTip(tr("More than one copy: each gets fresh input values, "
                                       "computed again by the engine"))
        form.addRow(tr("Copies:"), self.copies_spin)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setSpecialValueText(tr("random"))
        self.seed_spin.setToolTip(tr("The same seed prints the same copies again"))
        form.addRow(tr("Seed:"), self.seed_spin)
        self.lang_box = QComboBox()
        for code, name in (("en", "English"), ("zh_CN", "简体中文"), ("zh_TW", "繁體中文")):
            self.lang_box.addItem(name, code)
        lang = current_language()
        self.lang_box.setCurrentIndex(max(0, self.lang_box.findData(lang)))
        form.addRow(tr("Language:"), self.lang_box)
        self.note = QLabel(tr("Gaps are listed on an answer key that starts a new page."))
        self.note.setWordWrap(True)
        form.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.blanks_box.currentIndexChanged.connect(self._sync)
        self._sync()

    def _sync(self, *_):
        self.nodes_edit.setEnabled(self.blanks_box.currentData() == "nodes")

    def options(self) -> dict:
        """``core.handout.build`` keyword arguments, plus ``format``."""
        nodes = tuple(n.strip() for n in self.nodes_edit.text().split(",") if n.strip())
        seed = self.seed_spin.value() or None
        return dict(format=self.format_box.currentData(), blanks=self.blanks_box.currentData(),
                    nodes=nodes, copies=self.copies_spin.value(), seed=seed,
                    lang=self.lang_box.currentData())


class HandoutController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.last_files: list = []
        self.action = QAction(tr("Export &handout…"), window)
        self.action.setToolTip(tr("Print the step-through: every step with its numbers, "
                                  "optionally with blanks and an answer key"))
        self.action.triggered.connect(self.export_dialog)
        window.actions["export_handout"] = self.action
        file_menu = None
        for a in window.menuBar().actions():
            m = a.menu()
            if m is not None and window.actions.get("export") in m.actions():
                file_menu = m
                break
        if file_menu is None:
            file_menu = window.menuBar().addMenu(tr("&File"))
            file_menu.addAction(self.action)
        else:
            acts = file_menu.actions()
            i = acts.index(window.actions["export"])
            nxt = acts[i + 1] if i + 1 < len(acts) else None
            file_menu.insertAction(nxt, self.action) if nxt else file_menu.addAction(self.action)

    def source(self):
        return handout.from_stepper(self.window.stepthrough.stepper)

    def export(self, path, **options) -> list:
        """Write the handout of the current step-through to ``path``; returns
        the files written (raises ``core.handout.HandoutError``/``OSError``)."""
        options.pop("format", None)
        self.last_files = handout.write(path, self.source(), **options)
        return self.last_files

    def export_dialog(self):
        w = self.window
        dialog = HandoutDialog(w)
        if dialog.exec() != QDialog.Accepted:
            return
        opts = dialog.options()
        ext = opts["format"]
        filt = tr("Web page (*.html)") if ext == "html" else tr("Markdown (*.md)")
        path, _ = QFileDialog.getSaveFileName(w, tr("Export handout"), f"handout.{ext}", filt)
        if not path:
            return
        if not path.lower().endswith(f".{ext}"):
            path += f".{ext}"
        try:
            files = self.export(path, **opts)
        except (NNVizError, OSError) as e:
            QMessageBox.warning(w, tr("Cannot export handout"), str(e))
            return
        w.statusBar().showMessage(tr("Handout written: {0}").format(
            ", ".join(str(f) for f in files)), 10000)


def attach_handouts(window) -> HandoutController:
    """Add File ▸ Export handout… to ``window`` (see the module docstring)."""
    if isinstance(getattr(window, "handouts", None), HandoutController):
        return window.handouts          # attached once
    controller = HandoutController(window)
    window.handouts = controller
    return controller


__all__ = ["HandoutController", "HandoutDialog", "attach_handouts"]
