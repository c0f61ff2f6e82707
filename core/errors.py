"""Errors the engine raises; each carries a message meant for the user."""


class NNVizError(Exception):
    """Base class: every error a user can cause derives from it."""


class SpecError(NNVizError, ValueError):
    """A malformed network specification (names the layer and the problem)."""


class ShapeError(NNVizError, ValueError):
    """Arrays whose shapes do not fit together."""


class DataError(NNVizError, ValueError):
    """Bad data: an unreadable CSV, a non-numeric value, an unknown data set."""


class SessionFileError(NNVizError, ValueError):
    """A session file that cannot be read (names the field and the problem)."""


class BackpropError(NNVizError, ValueError):
    """Backpropagation through something that has no useful gradient (step)."""
