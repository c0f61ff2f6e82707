"""Errors of the computation-graph package; messages are meant for the user."""
from __future__ import annotations

from ..errors import NNVizError


class GraphError(NNVizError, ValueError):
    """A graph that cannot be built as asked (duplicate name, unknown op, too big)."""


class ExpressionError(GraphError):
    """A formula that cannot be parsed: names the problem in one line."""
