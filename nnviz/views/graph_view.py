"""The step-through view, under its historical module name.

The view lives in :mod:`.stepthrough_panel` (toolbar, arithmetic panel,
transport), the computation-graph canvas in :mod:`.graph_canvas` and its
painter in :mod:`.graph_item`; this module re-exports them so imports keep
working.
"""
from .graph_canvas import GraphCanvas, node_label, node_symbol, short_value
from .graph_item import GraphItem
from .stepthrough_panel import StepThroughView, TransportBar

__all__ = ["GraphCanvas", "GraphItem", "StepThroughView", "TransportBar", "node_label",
           "node_symbol", "short_value"]
