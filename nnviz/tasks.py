"""One long computation at a time, off the GUI thread (Orange's ConcurrentMixin).

``runner = TaskRunner(parent)``; ``runner.start(fn, *args)`` runs
``fn(state, *args)`` in one worker thread, where ``state`` is a
:class:`TaskState`: the function polls ``state.is_interruption_requested()``
and reports with ``state.set_progress_value(fraction)`` and
``state.set_partial_result(value)`` (at most every ``partial_interval`` s);
its return value is the result. The runner then signals, always in the GUI
thread through queued connections:

* ``progress(float)`` and ``partial(object)`` while it runs,
* ``finished(object)`` with the return value (also after :meth:`cancel` —
  the function decides what a cancelled run returns),
* ``failed(str)`` with a one-line message if it raised.

Starting again supersedes the running task: it is asked to stop and its
reports are dropped. The worker must touch no widget and no live session
object: give it copies. Why a thread and not a timer doing a chunk per tick:
one NumPy product of a big network was measured taking 0.5–3 s on a busy
machine; NumPy releases the GIL in those, so in a worker they cannot freeze
the window, while in a timer tick they would.
"""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Qt, Signal, Slot

from core.errors import NNVizError

PARTIAL_INTERVAL = 0.05      # s between partial results


class TaskState:
    """The worker's side: progress, partial results, interruption."""

    def __init__(self, runner: TaskRunner, token: int, cancel: threading.Event,
                 partial_interval: float):
        self._runner = runner
        self._token = token
        self._cancel = cancel
        self._interval = partial_interval
        self._last = 0.0

    def is_interruption_requested(self) -> bool:
        return self._cancel.is_set()

    def set_progress_value(self, fraction: float):
        self._runner._post(self._token, "progress", float(fraction))

    def set_partial_result(self, value, force=False):
        """Report a partial result (dropped if the last one was less than
        ``partial_interval`` s ago, unless ``force``); returns whether sent."""
        now = time.perf_counter()
        if not force and now - self._last < self._interval:
            return False
        self._last = now
        self._runner._post(self._token, "partial", value)
        return True


class TaskRunner(QObject):
    """Runs one task at a time in a worker thread; see the module docstring."""

    progress = Signal(float)
    partial = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    _report = Signal(int, str, object)          # (token, kind, payload), queued

    def __init__(self, parent=None, partial_interval=PARTIAL_INTERVAL, name="nnviz-task"):
        super().__init__(parent)
        self._token = 0
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._interval = partial_interval
        self._name = name
        self.busy = False
        self.started_at = 0.0
        self._report.connect(self._on_report, Qt.QueuedConnection)

    def start(self, fn, *args, **kwargs):
        """Run ``fn(state, *args, **kwargs)`` in the worker (superseding any task)."""
        self._cancel.set()                       # the old task stops at its next poll
        self._token += 1
        self._cancel = threading.Event()
        state = TaskState(self, self._token, self._cancel, self._interval)
        self.busy = True
        self.started_at = time.perf_counter()
        self._thread = threading.Thread(target=self._run, args=(state, fn, args, kwargs),
                                        daemon=True, name=self._name)
        self._thread.start()

    def cancel(self):
        """Ask the task to stop; ``finished`` then brings what it returns."""
        self._cancel.set()

    def shutdown(self, timeout=2.0):
        """Cancel, drop all further reports and wait (a little) for the thread."""
        self._cancel.set()
        self._token += 1
        self.busy = False
        th = self._thread
        if th is not None and th.is_alive() and th is not threading.current_thread():
            th.join(timeout)

    # worker thread
    def _run(self, state, fn, args, kwargs):
        try:
            result = fn(state, *args, **kwargs)
        except NNVizError as e:
            self._post(state._token, "failed", str(e))
        except Exception as e:                         # shown to the user, never raised
            self._post(state._token, "failed", f"{type(e).__name__}: {e}")
        else:
            self._post(state._token, "finished", result)

    def _post(self, token, kind, payload):
        try:
            self._report.emit(token, kind, payload)
        except RuntimeError:                           # the owner is gone
            pass

    # GUI thread
    @Slot(int, str, object)
    def _on_report(self, token, kind, payload):
        if token != self._token:
            return                                     # a superseded task
        if kind == "progress":
            self.progress.emit(payload)
        elif kind == "partial":
            self.partial.emit(payload)
        else:
            self.busy = False
            if kind == "finished":
                self.finished.emit(payload)
            else:
                self.failed.emit(payload)


def slice_task(state: TaskState, net, X, Y, **kwargs):
    """A ``TaskRunner`` function: ``core.landscape.iter_slice`` chunk by chunk,
    reporting progress and partial ``SliceResult``s; returns the last result
    (``complete=False`` if interrupted)."""
    from core import landscape
    res = None
    for frac, res in landscape.iter_slice(net, X, Y, cancel=state.is_interruption_requested,
                                          **kwargs):
        state.set_progress_value(frac)
        if frac < 1.0:
            state.set_partial_result(res)
    return res
