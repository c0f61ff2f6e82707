"""Training health in the window (issue #14): :func:`attach_health` is the one
entry point the main window calls.

It adds the health pane (gradient norms per layer and the health sentences,
:class:`nnviz.views.health_view.HealthView`) under the curves in the left
column of the Landscape workspace — at 1024×768 the Train workspace's left
column has no room left (the controls, data and curves panes need 637 of its
686 px) — and a :class:`HealthController` that assesses the
session (:mod:`core.health`) and hands the report to every view that shows
a signal where it happens: dead and saturated units marked in the network
view with the fraction per layer, the best test epoch on the curves and the
timeline. The views only draw.

Cadence: at most ~4 assessments a second while training plays (a secondary
view, DESIGN.md), at once on anything else (pause, an edit, undo, looking
back). No timer: the next training frame takes a postponed update.
"""
from __future__ import annotations

import time

import shiboken6

from nnviz.i18n import tr
from nnviz.views.health_view import HealthView

PLAYING_INTERVAL = 0.25        # seconds between assessments while training plays
PANE_SHARE = 0.34              # of the left column, under the controls and curves
WORKSPACES = ("landscape",)    # where the pane fits at 1024×768 (see the docstring)


class HealthController:
    """Assesses the session and passes the report to the views that show it."""

    def __init__(self, session, view, network_view=None, curves_view=None,
                 timeline_view=None):
        self.session = session
        self.view = view
        self.network_view = network_view
        self.curves_view = curves_view
        self.timeline_view = timeline_view
        self.report = None
        self.updates = 0
        self._last = 0.0
        self.health = session.health                # from now on epoch ends record
        events = session.events
        subs = [(name, self._on_event) for name in
                ("training", "params", "data", "network", "settings")]
        for name, fn in subs:
            events.connect(name, fn)
        view.destroyed.connect(lambda *_: [events.disconnect(n, f) for n, f in subs])
        self.update()

    def _on_event(self, ev=None):
        if not shiboken6.isValid(self.view):
            return
        if self.session.playing and time.perf_counter() - self._last < PLAYING_INTERVAL:
            return                                  # the next frame's event takes it
        self.update()

    def update(self):
        """Assess now and hand the report to every view."""
        self._last = time.perf_counter()
        s = self.session
        report = s.health.report()
        self.report = report
        self.updates += 1
        if shiboken6.isValid(self.view):
            self.view.show_report(report)
        nv = self.network_view
        if nv is not None and shiboken6.isValid(nv):
            dead = [("neuron", l, j) for l, j in report.units("dead")]
            sat = [("neuron", l, j) for l, j in report.units("saturated")]
            nv.set_health_marks([(k, l, j - 1) for k, l, j in dead],
                                [(k, l, j - 1) for k, l, j in sat], self.network_note(report))
        best = report.best_test_epoch
        for v in (self.curves_view, self.timeline_view):
            if v is not None and shiboken6.isValid(v):
                v.set_best_epoch(best, report.overfitting)
        return report

    @staticmethod
    def network_note(report) -> str:
        """The fraction per layer for the network view's caption."""
        parts = []
        for layer, (k, n) in sorted(report.fractions("dead").items()):
            if k:
                parts.append(tr("h{l}: {k}/{n} dead").format(l=layer, k=k, n=n))
        for layer, (k, n) in sorted(report.fractions("saturated").items()):
            if k:
                parts.append(tr("h{l}: {k}/{n} saturated").format(l=layer, k=k, n=n))
        return tr(", ").join(parts)


def attach_health(window, workspaces=WORKSPACES, share=PANE_SHARE) -> HealthController:
    """Add the training-health pane under the curves (left column) of
    ``workspaces`` and mark the signals in the network, curves and timeline
    views (those show in the Train workspace). Once: a second call returns
    the first controller."""
    if isinstance(getattr(window, "health", None), HealthController):
        return window.health
    view = HealthView(window.session)
    window.add_pane("health", tr("Training health"), view, list(workspaces), column="left",
                    share=share)
    ctl = HealthController(window.session, view, getattr(window, "network_view", None),
                           getattr(window, "curves_view", None),
                           getattr(window, "timeline_view", None))
    window.health = ctl
    return ctl


__all__ = ["HealthController", "attach_health"]
