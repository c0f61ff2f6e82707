"""Field-level change events, the one way the session talks to its views.

Modelled on napari's evented models: an event fires only when a value really
changed, and says which names changed (``event.changed``), so a view that
cares about the learning rate is not woken by a new data set and the decision
map is not recomputed when only the learning rate moved.

``Events.connect(name, fn)`` subscribes; ``fn(event)`` is called with an
:class:`Event`. Only the object that owns an ``Events`` emits on it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    name: str
    info: dict = field(default_factory=dict)

    @property
    def changed(self) -> frozenset:
        """The names that changed within this group (may be empty)."""
        return frozenset(self.info.get("changed", ()))


class Events:
    """Minimal publish/subscribe. ``params_version`` counts parameter changes
    even while muted, so caches keyed on it never serve stale values."""

    def __init__(self):
        self._subs = defaultdict(list)
        self.muted = 0
        self.params_version = 0
        self.counts: dict[str, int] = defaultdict(int)   # emitted, per name (tests)

    def connect(self, name, fn):
        self._subs[name].append(fn)
        return fn

    def disconnect(self, name, fn):
        if fn in self._subs[name]:
            self._subs[name].remove(fn)

    def emit(self, name, **info):
        if name == "params":
            self.params_version += 1
        if self.muted:
            return
        self.counts[name] += 1
        ev = Event(name, info)
        for fn in list(self._subs[name]):
            fn(ev)


__all__ = ["Event", "Events"]
