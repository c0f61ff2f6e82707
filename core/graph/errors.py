"""Errors of the computation-graph package; messages are meant for the user."""
from __future__ import annotations

from ..errors import NNVizError

MAX_MESSAGE = 290        # one line a status bar can show


def one_line(message) -> str:
    """The message on one line, at most :data:`MAX_MESSAGE` characters."""
    text = " ".join(str(message).split())
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE - 1] + "…"
    return text


class GraphError(NNVizError, ValueError):
    """A graph that cannot be built or evaluated as asked (duplicate name,
    unknown op, an undefined value such as log of a negative number).

    Whatever a message is built from (long names, a long formula), it is kept
    to one line of at most :data:`MAX_MESSAGE` characters."""

    def __init__(self, message=""):
        super().__init__(one_line(message))


class ExpressionError(GraphError):
    """A formula that cannot be parsed: names the problem in one line."""
