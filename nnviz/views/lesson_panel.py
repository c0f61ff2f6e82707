"""The lesson panel: the text of the current step, its question, and the way on.

It shows what a :class:`core.lessons.LessonPlayer` holds and moves it; the
player drives the session. Text sizes follow the one zoom
(:data:`nnviz.zoom.ZOOM`), so presentation mode enlarges them (≥ 14 px).
Next/Back also answer PageDown/PageUp, which presenters' remotes send.

Predict, then reveal: a number question takes a typed number, a sign
question three buttons (+, −, 0), a choice question one option; *Reveal*
shows the value the engine computed and why, and whether the prediction was
right.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.errors import NNVizError
from core.lessons.format import lesson_language, pick

from ..i18n import tr
from ..zoom import ZOOM

TEXT_PX = 13            # step text at zoom 1 (presentation: at least 14)
TITLE_PX = 15
SMALL_PX = 12


class LessonPanel(QWidget):
    """See the module docstring. ``set_player(player)`` shows a started lesson."""
    leaveRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("nnviz-lesson-panel")
        self.player = None
        self._build()
        self._shortcuts = []
        for key, slot in ((Qt.Key_PageDown, self.next), (Qt.Key_PageUp, self.back)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.WindowShortcut)
            sc.activated.connect(slot)
            self._shortcuts.append(sc)
        ZOOM.changed.connect(self._restyle)
        self.destroyed.connect(lambda *_: None)
        self._restyle()
        self._refresh()

    # -- building -------------------------------------------------------------------
    def _build(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel()
        self.title.setObjectName("lesson-title")
        self.title.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setObjectName("lesson-progress")
        lay.addWidget(self.title)
        lay.addWidget(self.progress)

        body = QWidget()
        blay = QVBoxLayout(body)
        blay.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName("lesson-text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.PlainText)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        blay.addWidget(self.text)

        self.qbox = QFrame()
        self.qbox.setObjectName("lesson-question")
        self.qbox.setFrameShape(QFrame.StyledPanel)
        qlay = QVBoxLayout(self.qbox)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        qlay.addWidget(self.prompt)
        self.number = QLineEdit()
        self.number.setPlaceholderText(tr("your prediction, e.g. -4 or 0.2"))
        self.number.returnPressed.connect(self.reveal)
        qlay.addWidget(self.number)
        self.sign_row = QWidget()
        srow = QHBoxLayout(self.sign_row)
        srow.setContentsMargins(0, 0, 0, 0)
        self.sign_group = QButtonGroup(self)
        self.sign_buttons = {}
        for sign, label in (("+", "+"), ("-", "\u2212"), ("0", "0")):
            b = QPushButton(label)
            b.setCheckable(True)
            self.sign_group.addButton(b)
            self.sign_buttons[sign] = b
            srow.addWidget(b)
        qlay.addWidget(self.sign_row)
        self.choice_box = QWidget()
        self.choice_lay = QVBoxLayout(self.choice_box)
        self.choice_lay.setContentsMargins(0, 0, 0, 0)
        self.choice_group = QButtonGroup(self)
        self.choice_buttons: list[QRadioButton] = []
        qlay.addWidget(self.choice_box)
        self.reveal_button = QPushButton(tr("Reveal"))
        self.reveal_button.setToolTip(tr("Show the value the engine computed, and why"))
        self.reveal_button.clicked.connect(self.reveal)
        qlay.addWidget(self.reveal_button)
        self.result = QLabel()
        self.result.setObjectName("lesson-result")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.PlainText)
        self.result.setTextInteractionFlags(Qt.TextSelectableByMouse)
        qlay.addWidget(self.result)
        blay.addWidget(self.qbox)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00;")
        blay.addWidget(self.error)
        blay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        lay.addWidget(scroll, 1)

        nav = QHBoxLayout()
        self.back_button = QPushButton(tr("◀ Back"))
        self.back_button.setToolTip(tr("Previous step (Page Up)"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(tr("Next ▶"))
        self.next_button.setToolTip(tr("Next step (Page Down)"))
        self.next_button.clicked.connect(self.next)
        self.restart_button = QPushButton(tr("Restart"))
        self.restart_button.clicked.connect(self.restart)
        self.leave_button = QPushButton(tr("Leave"))
        self.leave_button.setToolTip(tr("Leave the lesson and get your own session back"))
        self.leave_button.clicked.connect(self.leaveRequested.emit)
        for b in (self.back_button, self.next_button):
            b.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        lay.addLayout(nav)
        nav2 = QHBoxLayout()
        nav2.addWidget(self.restart_button)
        nav2.addWidget(self.leave_button)
        lay.addLayout(nav2)

    def _restyle(self):
        base = ZOOM.px(TEXT_PX)
        self.setStyleSheet(
            f"#nnviz-lesson-panel QLabel, #nnviz-lesson-panel QPushButton, "
            f"#nnviz-lesson-panel QRadioButton, #nnviz-lesson-panel QLineEdit "
            f"{{ font-size: {base}px; }}"
            f"#lesson-title {{ font-size: {ZOOM.px(TITLE_PX)}px; font-weight: bold; }}"
            f"#lesson-progress {{ font-size: {ZOOM.px(SMALL_PX)}px; color: #555; }}"
            f"#lesson-question {{ background: #f3f6fb; }}")

    def text_px(self) -> int:
        """The step text's size in pixels (tests: ≥ 14 when presenting)."""
        return ZOOM.px(TEXT_PX)

    # -- the player -----------------------------------------------------------------
    def set_player(self, player):
        if self.player is not None:
            self.player.events.disconnect("step", self._on_step)
        self.player = player
        if player is not None:
            player.events.connect("step", self._on_step)
        self._refresh()

    def _on_step(self, _ev=None):
        self._refresh()

    @property
    def lang(self) -> str:
        return self.player.lang if self.player is not None else "en"

    def _refresh(self):
        p = self.player
        active = p is not None and p.active and p.index >= 0
        for sc in self._shortcuts:
            sc.setEnabled(active)
        for b in (self.back_button, self.next_button, self.restart_button, self.leave_button):
            b.setEnabled(active)
        self.error.clear()
        if not active:
            self.title.setText(tr("No lesson open"))
            self.progress.setText(tr("Help ▸ Lessons lists them all."))
            self.text.clear()
            self.qbox.hide()
            return
        k, n = p.progress()
        self.title.setText(p.title())
        self.progress.setText(tr("Step {0} of {1}").format(k, n))
        self.back_button.setEnabled(k > 1)
        self.next_button.setEnabled(k < n)
        try:
            self.text.setText(p.text())
        except NNVizError as e:
            self.text.setText(pick(p.step.text, self.lang))
            self.error.setText(str(e))
        self._show_question()

    def _show_question(self):
        p = self.player
        q = p.question
        self.result.clear()
        if q is None:
            self.qbox.hide()
            return
        self.qbox.show()
        try:
            self.prompt.setText(p.values.render(pick(q.prompt, self.lang)))
        except NNVizError:
            self.prompt.setText(pick(q.prompt, self.lang))
        self.number.setVisible(q.kind == "number")
        self.number.clear()
        self.sign_row.setVisible(q.kind == "sign")
        self.sign_group.setExclusive(False)
        for b in self.sign_buttons.values():
            b.setChecked(False)
        self.sign_group.setExclusive(True)
        for b in self.choice_buttons:
            self.choice_group.removeButton(b)
        while self.choice_lay.count():
            item = self.choice_lay.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.choice_buttons = []
        self.choice_box.setVisible(q.kind == "choice")
        for i, c in enumerate(q.choices, start=1):
            try:
                label = p.values.render(pick(c, self.lang))
            except NNVizError:
                label = pick(c, self.lang)
            # a radio button cannot wrap its text: the text is a label beside it
            row = QWidget()
            rlay = QHBoxLayout(row)
            rlay.setContentsMargins(0, 0, 0, 0)
            b = QRadioButton(f"{i}.")
            text = QLabel(label)
            text.setWordWrap(True)
            text.mousePressEvent = lambda _e, b=b: b.click()
            rlay.addWidget(b, 0, Qt.AlignTop)
            rlay.addWidget(text, 1)
            self.choice_group.addButton(b, i)
            self.choice_lay.addWidget(row)
            self.choice_buttons.append(b)
        self.reveal_button.setEnabled(True)
        old = p.answers.get(p.index)
        if old is not None:
            self._show_verdict(old)

    # -- actions --------------------------------------------------------------------
    def given(self):
        q = self.player.question if self.player else None
        if q is None:
            return None
        if q.kind == "number":
            return self.number.text().strip() or None
        if q.kind == "sign":
            for sign, b in self.sign_buttons.items():
                if b.isChecked():
                    return sign
            return None
        i = self.choice_group.checkedId()
        return i if i > 0 else None

    def reveal(self):
        p = self.player
        if p is None or p.question is None:
            return
        try:
            verdict = p.answer(self.given())
        except NNVizError as e:
            self.error.setText(str(e))
            return
        self._show_verdict(verdict)

    def _show_verdict(self, v):
        if v.given:
            mark = tr("✓ Right.") if v.correct else tr("✗ Not quite.")
        else:
            mark = tr("Revealed.")
        self.result.setText(tr("{0} The engine computes: {1}\n{2}").format(mark, v.value, v.why))
        self.result.setStyleSheet("color: #0a5c1a;" if v.correct else "color: #222;")

    def _go(self, fn):
        if self.player is None or not self.player.active:
            return False
        try:
            return fn()
        except NNVizError as e:
            self.error.setText(str(e))
            return False

    def next(self):
        return self._go(self.player.next if self.player else None)

    def back(self):
        return self._go(self.player.back if self.player else None)

    def restart(self):
        if self._go(lambda: self.player.restart() or True):
            self._refresh()


__all__ = ["LessonPanel", "lesson_language"]
