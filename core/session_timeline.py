"""The session's side of the training timeline (:mod:`core.timeline`):
look back at any epoch, replay the recorded run, continue from an epoch.

:class:`TimelineMixin` is part of :class:`core.session.Session`. Looking back
puts that epoch's exact weights on show (every view draws them) and changes
nothing else; training, an edit, undo or saving first return to the present.
"""
from __future__ import annotations

from dataclasses import replace

from .errors import SpecError

FULL_SPEED = float("inf")
REPLAY_FULL_SPEED = 30.0        # epochs a second when "full speed" is chosen


class TimelineMixin:
    @property
    def present_epoch(self) -> int:
        return self.timeline.end

    def look_at(self, epoch):
        """Show the state right after ``epoch`` in every view (``None`` or the
        last epoch: the present). Looking back changes nothing: training,
        an edit, undo or saving first return to the present."""
        tl = self.timeline
        if epoch is None:
            return self.back_to_present()
        epoch = int(min(max(int(epoch), tl.start), tl.end))
        if epoch == tl.end and self.trainer.steps == tl.end_steps:
            return self.back_to_present()
        if epoch == self.viewing:
            return False
        key = tl.state_at(epoch)
        if self.viewing is None:
            self.pause()
            self._present_theta = self.net.theta.copy()
        self.net.theta[...] = key.theta
        self.viewing = epoch
        self.events.emit("params", changed=frozenset({"theta", "viewing"}))
        self.events.emit("training", changed=frozenset({"viewing"}), viewing=epoch)
        return True

    def back_to_present(self):
        if self.viewing is None:
            return False
        self.net.theta[...] = self._present_theta
        self._present_theta = None
        self.viewing = None
        self.replaying = False
        self.events.emit("params", changed=frozenset({"theta", "viewing"}))
        self.events.emit("training", changed=frozenset({"viewing"}), viewing=None)
        return True

    def replay(self, on=True):
        """Play the recorded run back (at :attr:`speed`) without retraining;
        it starts from the beginning when at the present."""
        if on and len(self.timeline) <= 1:
            return False
        if on:
            self.pause()
            if self.viewing is None or self.viewing >= self.timeline.end:
                self.look_at(self.timeline.start)
            self._credit = 0.0
        if bool(on) != self.replaying:
            self.replaying = bool(on)
            self.events.emit("training", changed=frozenset({"replaying"}),
                             replaying=self.replaying)
        return True

    def _advance_replay(self, dt):
        speed = REPLAY_FULL_SPEED if self.speed == FULL_SPEED else self.speed
        self._credit = min(self._credit + max(0.0, dt) * speed, 30.0)
        n = int(self._credit)
        if n:
            self._credit -= n
            target = (self.viewing or self.timeline.start) + n
            if target >= self.timeline.end:
                self.back_to_present()
            else:
                self.look_at(target)
        return n

    def _continue_from(self, epoch):
        """Make ``epoch`` the live present (inside an edit)."""
        key = self.timeline.truncate(epoch)
        t = self.trainer
        key.load_into(t)
        t.history.truncate(key.hist_len)
        opt = t.optimizer
        self.settings = replace(self.settings, optimizer=opt.name, lr=opt.lr,
                                batch_size=t.batch_size, l1=t.l1, l2=t.l2)

    def rewind(self, epoch):
        """"Continue from here": ``epoch`` becomes the present and the later
        epochs are dropped — one undoable edit. Training on from there is bit
        for bit the run that never went further."""
        self.back_to_present()
        tl = self.timeline
        epoch = int(epoch)
        if not tl.start <= epoch <= tl.end:
            raise SpecError(f"epoch must be from {tl.start} to {tl.end}, got {epoch}")
        return self._apply(f"Continue from epoch {epoch}", lambda: self._continue_from(epoch))



__all__ = ["TimelineMixin"]
