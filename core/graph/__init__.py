"""Computation graphs: nodes, local derivative rules, recorded traces.

Build a graph from a formula (:func:`parse`), from a network
(:func:`of_network`) or node by node (:class:`Graph`); :meth:`Graph.run`
returns a :class:`Trace` of immutable steps that a view replays. Depends on
NumPy and the rest of ``core`` only.
"""
from . import examples
from .errors import ExpressionError, GraphError
from .expressions import CONSTANTS, FUNCTIONS, parse
from .from_network import (
    GRANULARITIES,
    MAX_SCALAR_PARAMS,
    MAX_SCALAR_SAMPLES,
    of_network,
    param_entry,
)
from .nodes import KINDS, Graph, Node, topological_order
from .ops import LOSS_OPS, OP_NAMES, OPS, Rule
from .text import format_number, format_value
from .trace import PHASES, STEP_KINDS, Step, Trace

__all__ = [
    "CONSTANTS", "ExpressionError", "FUNCTIONS", "GRANULARITIES", "Graph", "GraphError",
    "KINDS", "LOSS_OPS", "MAX_SCALAR_PARAMS", "MAX_SCALAR_SAMPLES", "Node", "OPS",
    "OP_NAMES", "PHASES", "Rule", "STEP_KINDS", "Step", "Trace", "examples",
    "format_number", "format_value", "of_network", "param_entry", "parse",
    "topological_order",
]
