"""The step-through panel's words: the progress line, the plain-language
description of the current step, the arithmetic panel (HTML).

Functions of the :class:`core.stepthrough.StepThrough` controller and the
session; they compute nothing. Samples are named as everywhere on screen
(:mod:`core.names`: ``#5``, 1-based).
"""
from __future__ import annotations

import numpy as np

from core import names
from core.graph import OPS, format_number
from nnviz import theme
from nnviz.i18n import tr
from nnviz.i18n_messages import class_label, translate_message
from nnviz.theme import hex_color as _hex
from nnviz.zoom import ZOOM

from .graph_canvas import LOSS_NAMES, _html

PHASE_COLORS = {"forward": theme.VALUE_COLOR, "backward": theme.GRAD_COLOR,
                "update": theme.BLUE, "start": theme.GREY}


def _fs(pt) -> str:
    """A CSS font size that follows the one zoom (≥ 14 px when presenting)."""
    return f"font-size:{ZOOM.px(pt * 4 / 3)}px"


def progress_html(st) -> str:
    """"step 3 / 17 · forward" with the phase in its colour."""
    phase = st.phase
    color = _hex(PHASE_COLORS.get(phase, theme.GREY))
    return (tr("step {0} / {1}").format(st.cursor, len(st))
            + f" · <b style='color:{color}'>{_html(tr(phase))}</b>")


def error_html(message: str) -> str:
    """The panel while the graph shown is not current (a formula that failed)."""
    return (f"<p style='{_fs(13)}; font-weight:600; color:#c0281e'>"
            f"{_html(tr('Not built:'))}</p>"
            f"<p style='{_fs(12)}'>{_html(message)}</p>"
            f"<p style='{_fs(10)}; color:#555'>"
            f"{_html(tr('Fix the formula or the values and press Build.'))}</p>")


def panel_html(st, session) -> str:
    """The arithmetic panel for the controller's current step."""
    step = st.current_step
    parts = []
    phase = st.phase
    color = _hex(PHASE_COLORS.get(phase, theme.GREY))
    parts.append(f"<p style='{_fs(13)}; font-weight:600; color:{color}; "
                 f"margin-bottom:6px'>{_html(describe(st))}</p>")
    if step is not None:
        parts.append(f"<p style='{_fs(14)}; margin-top:0'>{_html(step.text)}</p>")
        chain = st.chain_so_far()
        # The step's own text already shows upstream · local: show the chain
        # when it is longer than that.
        if chain is not None and len(chain.factors) > 2:
            parts.append(f"<p style='{_fs(10)}; color:#555; margin-bottom:0'>"
                         f"{_html(tr('Chain rule, from the output down:'))}</p>"
                         f"<p style='{_fs(12)}; color:{_hex(theme.GRAD_COLOR)}; "
                         f"margin-top:2px'>{_html(chain.text())}</p>")
            if chain.branched:
                parts.append(f"<p style='{_fs(10)}; color:#555'>"
                             f"{_html(tr('(the first factor already sums several paths)'))}"
                             f"</p>")
        rule = OPS.get(step.op) if step.phase != "update" else None
        if rule is not None and step.kind != "seed":
            parts.append(f"<p style='{_fs(10)}; color:#555'>"
                         f"{_html(tr('local rule: {0}').format(rule.derivative))}</p>")
        if step.phase == "update":
            why = tr("Gradient descent moves each parameter a step of size η = {0} "
                     "against its gradient. “Apply update” writes these new values "
                     "into the network.").format(format_number(step.lr))
            parts.append(f"<p style='{_fs(10)}; color:#555'>{_html(why)}</p>")
    else:
        nxt = st.next_step
        if nxt is not None:
            # Only the formula, not its numbers: those are what stepping shows.
            formula = " = ".join(nxt.text.split(" = ")[:2])
            parts.append(f"<p style='{_fs(12)}; color:#555'>"
                         f"{_html(tr('Next: {0}').format(formula))}</p>")
    if st.notice:
        notice = translate_message(st.notice)
        parts.append(f"<p style='{_fs(10)}; color:#8a5a00'>{_html(notice)}</p>")
    info = st.sample_info()
    if info is not None:
        parts.append("<hr>" + sample_html(session, st, *info))
    parts.append(legend_html(st.trace.output or "L"))
    return "".join(parts)


def describe(st) -> str:
    """One plain-language line about the current step (translatable)."""
    step = st.current_step
    if step is None:
        if st.next_step is None:
            return tr("Nothing to step through.")
        return tr("Ready: press → (Step) to compute the first value of the forward pass.")
    out = st.trace.output
    if step.phase == "forward":
        return tr("Forward: computing {0}").format(step.node)
    if step.phase == "update":
        return tr("Update: {0} ← {0} − η·∂{1}/∂{0}").format(step.node, out)
    if step.kind == "seed":
        return tr("Backward starts at the output: ∂{0}/∂{0} = 1").format(step.node)
    if step.kind == "sum":
        return tr("Backward: {0} feeds {1} nodes, so its gradient is the sum of what "
                  "flows back from each").format(step.node, len(step.inputs))
    if not step.complete:
        return tr("Backward: part of the gradient flows from {0} into {1}").format(
            step.via, step.node)
    return tr("Backward: gradient flows from {0} into {1}").format(step.via, step.node)


def sample_html(s, st, i, x, y):
    """The sample driving the network graph, its loss and η of the trace."""
    ds = s.dataset
    xs = ", ".join(format_number(v) for v in x)
    if ds.task == "classification":
        label = int(ds.y[ds.train_idx[i]])
        classes = ds.class_names or ()
        cname = class_label(classes[label]) if label < len(classes) else str(label)
        ytext = f"{label}" if cname == str(label) else f"{label} ({cname})"
    else:
        ytext = ", ".join(format_number(v) for v in np.ravel(y))
    loss = tr(LOSS_NAMES.get(s.trainer.loss, s.trainer.loss))
    head = tr("sample {0}: x = ({1}), y = {2}").format(names.sample_name(i), xs, ytext)
    lr = st.lr if st.lr is not None else s.settings.lr     # the η the trace used
    sub = tr("loss: {0} · η = {1}").format(loss, format_number(lr))
    return (f"<p style='{_fs(11)}'>{_html(head)}<br>"
            f"<span style='{_fs(10)}; color:#555'>{_html(sub)}</span></p>")

def legend_html(output) -> str:
    return (f"<p style='{_fs(10)}; color:#555'>"
            f"<span style='color:{_hex(theme.VALUE_COLOR)}'>■</span> "
            f"{_html(tr('value (above a node)'))} &nbsp; "
            f"<span style='color:{_hex(theme.GRAD_COLOR)}'>■</span> "
            f"{_html(tr('gradient ∂{0}/∂node (below)').format(output))}</p>")



__all__ = ["describe", "error_html", "legend_html", "panel_html", "progress_html",
           "sample_html"]
