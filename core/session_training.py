"""The session's training loop: play and pause, the speed in real units
(whole epochs at an even pace when slow, a time budget per frame at full
speed), stepping, divergence and "going nowhere" warnings, and the way back
("lower the learning rate" restores the last healthy state).

:class:`TrainingMixin` is part of :class:`core.session.Session`; the window's
timer calls :meth:`TrainingMixin.advance` once a frame. Every epoch trained is
recorded on the timeline.
"""
from __future__ import annotations

import math
import time
from dataclasses import replace

from .errors import SpecError
from .limits import LIMITS
from .settings import validate_settings

FULL_SPEED = math.inf
MIN_SPEED = 0.5
DEFAULT_SPEED = FULL_SPEED
STEP_UNITS = ("epoch", "batch")


class TrainingMixin:
    def play(self):
        self.back_to_present()
        if self.trainer.diverged:
            return False
        if not self.playing:
            self.playing = True
            self._credit = 0.0
            self.events.emit("training", changed=frozenset({"playing"}), playing=True)
        return True

    def pause(self):
        if self.playing:
            self.playing = False
            self.events.emit("training", changed=frozenset({"playing"}), playing=False)

    def toggle_play(self):
        return self.pause() if self.playing else self.play()

    def set_speed(self, speed, unit=None):
        """Epochs (or batches, ``unit``) per second while playing; ``FULL_SPEED``
        (inf) trains as fast as drawing allows. Slow speeds advance by whole
        units at an even pace (:meth:`advance`)."""
        speed = float(speed)
        if math.isnan(speed):
            raise SpecError("speed must be a number")
        speed = FULL_SPEED if speed == FULL_SPEED else min(max(speed, MIN_SPEED), 1000.0)
        unit = self.step_unit if unit is None else unit
        if unit not in STEP_UNITS:
            raise SpecError(f"unit must be one of {', '.join(STEP_UNITS)}")
        if (speed, unit) != (self.speed, self.step_unit):
            self.speed, self.step_unit = speed, unit
            self._credit = 0.0
            self.events.emit("training", changed=frozenset({"speed"}), speed=speed)

    def advance(self, dt: float, budget: float) -> int:
        """One frame of playing, ``dt`` seconds after the last: at full speed
        train for ``budget`` seconds; at a finite speed train the whole
        epochs (or batches) owed by now — never a burst after a stall."""
        if self.replaying:
            return self._advance_replay(dt)
        if not self.playing:
            return 0
        if self.history_full:
            # a session keeps at most LIMITS["history_rows"] epochs (memory,
            # and files that open again): stop and say so
            self.pause()
            self.events.emit("training", changed=frozenset({"limit"}),
                             message=self.history_full_message)
            return 0
        if self.speed == FULL_SPEED:
            return self.train_for(budget)
        self._credit = min(self._credit + max(0.0, dt) * self.speed, 2.0)
        n = int(self._credit)
        if n == 0:
            return 0
        self._credit -= n
        return self.train_epochs(n) if self.step_unit == "epoch" else self.step(n)

    @property
    def history_full(self) -> bool:
        return len(self.trainer.history) >= LIMITS["history_rows"].hi

    @property
    def history_full_message(self) -> str:
        return (f"This run has reached {LIMITS['history_rows'].hi:,.0f} epochs, the most a "
                "session keeps. Continue from an earlier epoch, or Reset.")

    def _warning_codes(self) -> tuple:
        return tuple(w.code for w in getattr(self.trainer, "warnings", ()))

    def _after_training(self, steps, warned_before=()):
        t = self.trainer
        self.timeline.note_divergence(t)
        warned = self._warning_codes()
        new_warning = warned != warned_before
        if steps or t.diverged or new_warning:
            self._mark_dirty()
            changed = {"history"} | ({"warnings"} if new_warning else set())
            if self.playing and (t.diverged or (new_warning and warned)):
                self.playing = False       # stop and explain, as for divergence
                changed.add("playing")
            if steps:
                self.events.emit("params", changed=frozenset({"theta"}))
                self._trained_version = self.events.params_version
            self.events.emit("training", changed=frozenset(changed), diverged=t.diverged,
                             warnings=warned)

    def step(self, n=1) -> int:
        """Train ``n`` batches. Returns how many were done (fewer on divergence)."""
        n = int(n)
        return self.train_for(float("inf"), max_steps=n) if n > 0 else 0

    def train_epochs(self, n=1) -> int:
        """Train ``n`` whole epochs (finishing the current one first); one
        event at the end. Returns the steps done."""
        self.back_to_present()
        t = self.trainer
        steps0, warned = t.steps, self._warning_codes()
        for _ in range(int(n)):
            if t.diverged:
                break
            t.run_epoch()
            if not t.diverged:
                self.timeline.record_epoch(t)
                if self._health is not None:
                    self._health.record_epoch(t)
        done = t.steps - steps0
        self._after_training(done, warned)
        return done

    def step_epoch(self) -> int:
        return self.train_epochs(1)

    def train_for(self, seconds: float, max_steps=None) -> int:
        """Train until ``seconds`` have passed (the GUI's per-frame budget)."""
        self.back_to_present()
        t = self.trainer
        deadline = time.perf_counter() + seconds
        done, warned = 0, self._warning_codes()
        # The clock is read every step: it costs ~0.1 µs, a step tens of µs.
        timeline, health = self.timeline, self._health
        while not t.diverged and time.perf_counter() < deadline:
            epoch = t.epoch
            t.step()
            if t.epoch != epoch:
                timeline.record_epoch(t)
                if health is not None:
                    health.record_epoch(t)
            done += not t.diverged
            if max_steps is not None and done >= max_steps:
                break
        self._after_training(done, warned)
        return done

    def lower_learning_rate(self, factor=10.0):
        """After divergence or a warning: go back to the last healthy state
        (weights, optimiser moments, history) and divide the learning rate by
        ``factor`` — one undoable edit. Training goes on from there."""
        lr = self.settings.lr / float(factor)
        if "lr" in self.locked:
            raise SpecError("this lesson keeps lr fixed")
        new = validate_settings(replace(self.settings, lr=lr))

        t = self.trainer
        good = t.last_good_epoch
        if good is None or not self.timeline.start <= good <= self.timeline.end:
            good = self.timeline.end

        def apply():
            self._continue_from(good)
            self.timeline.edit(self.trainer, "settings", {"lr": lr},
                               f"lr to {lr:g}")
            self.settings = new

        return self._apply(f"Lower learning rate to {lr:g}", apply)

    @property
    def warnings(self) -> list:
        """Health warnings of the run (oscillating or stuck loss): each has
        ``code``, ``epoch`` and a one-line ``message`` with a suggestion."""
        return list(getattr(self.trainer, "warnings", []))

    @property
    def diverged(self) -> bool:
        return self.trainer.diverged

    @property
    def divergence_message(self) -> str:
        return self.trainer.divergence



__all__ = ["DEFAULT_SPEED", "FULL_SPEED", "MIN_SPEED", "STEP_UNITS", "TrainingMixin"]
