"""A recorded pass over a graph: an ordered tuple of immutable steps.

Computing is separated from showing (DESIGN.md): :meth:`Graph.run` records
every forward value, every gradient contribution and every parameter update
once, and a view only moves a cursor through :attr:`Trace.steps`.
:meth:`Trace.state_at` rebuilds what is known after any number of steps from
the steps alone, so stepping back and scrubbing are exact.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

PHASES = ("forward", "backward", "update")
STEP_KINDS = ("compute", "seed", "chain", "sum", "update")


def frozen_value(v):
    """A read-only copy of an array (floats and None pass through)."""
    if v is None or isinstance(v, float):
        return v
    a = np.asarray(v, dtype=float)
    if a.ndim == 0:
        return float(a)
    a = a.copy()
    a.flags.writeable = False
    return a


@dataclass(frozen=True, eq=False)
class Step:
    """One step of a trace.

    ``phase`` is "forward", "backward" or "update"; ``kind`` refines it:

    * "compute" (forward): ``node`` = ``op``(``inputs``) = ``value``.
    * "seed" (backward): the output's gradient with respect to itself, 1.
    * "chain" (backward): the gradient reaching ``node`` through its child
      ``via``: ``grad`` = ``upstream`` (∂out/∂via) times ``local``
      (∂via/∂node; None where it is a Jacobian, as for a matrix product — the
      text then says how it is applied). ``op`` is the child's op, whose rule
      gives ``local``.
    * "sum" (backward): a node feeding several others adds the contributions
      (``input_values``, from the children in ``inputs``) into ``grad``.
    * "update" (update): ``value`` = old value − ``lr`` · ``grad``.

    ``complete`` marks the backward step after which ``node``'s gradient is
    final. ``ref`` names the network element the step concerns (see
    :func:`core.graph.of_network`) or is None.
    """
    index: int
    phase: str
    kind: str
    node: str
    op: str
    text: str
    inputs: tuple = ()
    input_values: tuple = ()
    value: object = None
    via: str | None = None
    upstream: object = None
    local: object = None
    grad: object = None
    complete: bool = False
    lr: float | None = None
    ref: tuple | None = None


@dataclass(frozen=True, eq=False)
class Trace:
    """The steps of one run; see the module docstring."""
    steps: tuple[Step, ...]
    output: str
    names: tuple[str, ...]          # every node, parents before children
    initial: Mapping = field(default_factory=dict)   # leaf values, known from the start

    def __post_init__(self):
        object.__setattr__(self, "initial", MappingProxyType(dict(self.initial)))

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, k):
        return self.steps[k]

    def __iter__(self):
        return iter(self.steps)

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.steps)

    def phase_range(self, phase: str) -> range:
        """Indices of the steps of one phase (they are contiguous)."""
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}; choose one of {', '.join(PHASES)}")
        idx = [s.index for s in self.steps if s.phase == phase]
        return range(idx[0], idx[-1] + 1) if idx else range(0)

    def state_at(self, k: int) -> dict[str, tuple[object, object]]:
        """{name: (value or None, grad or None)} as known after the first k steps.

        Leaves' values are known from the start (k = 0); an op's value once its
        forward step is done; a gradient once its last backward step is done;
        an update step replaces a parameter's value by the new one.
        ``k = len(trace)`` gives the state at the end.
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) \
                or not 0 <= k <= len(self.steps):
            raise IndexError(f"step count must be in 0..{len(self.steps)}, got {k!r}")
        values = {name: self.initial.get(name) for name in self.names}
        grads: dict[str, object] = dict.fromkeys(self.names)
        for step in self.steps[:k]:
            if step.phase == "backward":
                if step.complete:
                    grads[step.node] = step.grad
            else:        # forward and update both set a value
                values[step.node] = step.value
        return {name: (values[name], grads[name]) for name in self.names}

    def steps_for(self, ref) -> tuple[int, ...]:
        """Indices of the steps about ``ref``: a ref tuple such as
        ``("edge", 1, 0, 2)``, or a node name such as ``"W1[0,2]"``."""
        if isinstance(ref, str):
            return tuple(s.index for s in self.steps if s.node == ref)
        ref = tuple(ref)
        return tuple(s.index for s in self.steps if s.ref == ref)

    def final_values(self) -> dict[str, object]:
        """Each node's value at the end (parameters after their update step)."""
        return {name: v for name, (v, _) in self.state_at(len(self.steps)).items()}
