"""Handouts: the step-through as a printable page, with the engine's numbers.

A handout lists every step of one recorded pass (``core.graph.Trace``) in
order — forward, backward, update — with its formula and numbers, and the
computation graph as an SVG drawn from :meth:`Graph.layout`. It is written as
one self-contained HTML page (inline CSS and SVG, no scripts, nothing
fetched) or as Markdown with LaTeX (``$…$``) plus the SVG as a file beside it.

Blanks: chosen results are printed as numbered gaps and listed on an answer
key that starts a new page (CSS ``break-before: page``). What is blanked
(``blanks``): "gradients" (every backward result but the seed ∂f/∂f = 1, and
every update), "values" (every forward result), "all", or "nodes" (the
forward, backward and update results of the ``nodes`` named). A step that
*uses* a blanked number shows its symbolic formula and its result but not the
numbers going in, so no gap is given away by a later line.

Copies: ``copies`` > 1 (or a ``seed``) gives every copy fresh input values
(:func:`fresh_value`: same sign, similar size, as round as the original), and
each copy's numbers come from running the graph again with them — never made
by hand. The seed is printed on the key so a teacher can print the same set
again.

Qt-free: NumPy and ``core`` only (``nnviz.handout_ui`` and ``nnviz-train
--handout`` call it).

Why it is longer than ~600 lines: the HTML, Markdown/LaTeX and SVG writers
share one numbered-line model of a copy (blanks, key, fresh inputs); split
apart they would each need it passed around.
"""
from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import NNVizError
from .graph import Graph, GraphError, examples, format_value, of_network, parse
from .graph.ops import OPS
from .graph.text import MINUS

__all__ = ["BLANKS", "FORMATS", "MAX_COPIES", "Copy", "Handout", "Line", "Source",
           "build", "fresh_value", "from_example", "from_formula", "from_stepper",
           "graph_svg", "render_html", "render_markdown", "to_latex", "write"]

FORMATS = ("html", "md")
BLANKS = ("none", "gradients", "values", "all", "nodes")
MAX_COPIES = 60
_GAP = "\x00{}\x00"                      # a blank inside a line's text, per format later
_GAP_RE = re.compile("\x00(\\d+)\x00")

TEXTS = {
    "en": dict(given="Given", forward="Forward pass", backward="Backward pass",
               update="Update (gradient descent, η = {lr})", graph="The computation graph",
               copy="Copy {k} of {n}", name="Name:", key="Answer key", blank="Blank",
               step="Step", answer="Answer", seed="seed {seed}",
               legend="black: value · red: gradient ∂{out}/∂node",
               note="Fill in each numbered gap; the steps are in the order the computer "
                    "takes them."),
    "zh_CN": dict(given="已知", forward="前向传播", backward="反向传播",
                  update="更新（梯度下降，η = {lr}）", graph="计算图",
                  copy="第 {k} 份，共 {n} 份", name="姓名：", key="答案", blank="空",
                  step="步骤", answer="答案", seed="种子 {seed}",
                  legend="黑色：值 · 红色：梯度 ∂{out}/∂节点",
                  note="按编号填空；步骤按计算机执行的顺序排列。"),
    "zh_TW": dict(given="已知", forward="前向傳播", backward="反向傳播",
                  update="更新（梯度下降，η = {lr}）", graph="計算圖",
                  copy="第 {k} 份，共 {n} 份", name="姓名：", key="答案", blank="空格",
                  step="步驟", answer="答案", seed="種子 {seed}",
                  legend="黑色：值 · 紅色：梯度 ∂{out}/∂節點",
                  note="依編號填空；步驟依電腦執行的順序排列。"),
}


class HandoutError(NNVizError):
    """A handout that cannot be made (bad option, a graph without steps)."""


# -- what to print ----------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """A graph to print: ``build()`` makes it afresh with its own values; ``lr``
    adds update steps (the network step-through's)."""
    title: str
    build: Callable[[], Graph]
    lr: float | None = None
    formula: str = ""


def from_formula(text: str, values=None) -> Source:
    """A typed formula with values (text like "x = -2, y = 5" or a dict)."""
    from .stepthrough import parse_values
    vals = parse_values(values)
    parse(text, **vals).run()              # a bad formula fails here, not per copy
    return Source(f"f = {text}", lambda: parse(text, **vals), formula=text)


def from_example(name: str) -> Source:
    """"e1" (f = (x + y)·z) or "e2" (the shopping graph) of CURRICULUM.md."""
    if name == "e1":
        return Source("E1: f(x, y, z) = (x + y) · z", examples.e1, formula="(x + y) * z")
    if name == "e2":
        return Source("E2: apples, oranges and tax (the shopping graph)", examples.shopping)
    raise HandoutError(f"unknown example {name!r}; choose e1 or e2")


def from_stepper(stepper) -> Source:
    """What a :class:`core.stepthrough.StepThrough` shows now (any mode)."""
    mode = stepper.mode
    if mode == "expression":
        return from_formula(stepper.expression, stepper.values_text)
    if mode in ("e1", "e2"):
        return from_example(mode)
    if not len(stepper.graph):
        raise HandoutError(stepper.error or "the step-through has no graph")
    s = stepper.session
    net, (x, y) = s.net.copy(), s.sample()
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    loss, gran = s.trainer.loss, stepper.effective_granularity
    title = f"{'-'.join(str(n) for n in net.sizes)} network, sample {s.sample_index}"
    return Source(title, lambda: of_network(net, x, y, loss=loss, granularity=gran),
                  lr=stepper.lr)


# -- fresh numbers for each copy --------------------------------------------------
def fresh_value(v, rng):
    """A new value like ``v``: whole numbers stay whole, with as many trailing
    zeros but one (100 → 50…200 in tens), 1-9 for small ones, the same sign;
    others keep their decimals (≤ 2) and vary by ±50 %. Arrays elementwise."""
    a = np.asarray(v, dtype=float)
    if a.ndim:
        return np.array([fresh_value(e, rng) for e in a.ravel()]).reshape(a.shape)
    v = float(v)
    sign = (1.0 if rng.random() < 0.5 else -1.0) if v == 0 else math.copysign(1.0, v)
    m = abs(v)
    if m == round(m) and m < 1e9:
        zeros = len(str(int(m))) - len(str(int(m)).rstrip("0")) if m else 0
        # 150 → tens, 100 → tens, 2 → ones: round numbers stay round
        step = 10.0 ** (zeros if m / 10 ** zeros >= 10 else max(zeros - 1, 0))
        lo = max(1, math.ceil(m / 2 / step))
        hi = max(lo + 1, math.floor(2 * m / step), 9 if step == 1 else lo + 1)
        return sign * step * float(rng.integers(lo, hi + 1))
    digits = min(2, max(1, -math.floor(math.log10(m)) + 1))
    for _ in range(20):                  # 1.1 → 0.8 or 1.3, not a whole 1
        out = round(m * rng.uniform(0.5, 1.5), digits)
        if out != round(out):
            break
    return sign * (out or 10.0 ** -digits)


def _fresh_inputs(graph, rng) -> dict:
    return {n.name: fresh_value(n.value, rng) for n in graph.inputs}


# -- one copy: numbered lines -----------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One step as printed. ``text`` carries gaps as ``_GAP`` markers;
    ``blank`` is this step's gap number (1-based) or None; ``answer`` its result."""
    index: int
    phase: str
    node: str
    text: str
    blank: int | None
    lhs: str
    answer: str


@dataclass(frozen=True, eq=False)
class Copy:
    number: int
    inputs: dict                       # input leaf → value used
    graph: Graph
    trace: object
    lines: tuple[Line, ...]
    blanked: frozenset = field(default_factory=frozenset)   # step indices

    @property
    def key(self) -> list[Line]:
        return [ln for ln in self.lines if ln.blank is not None]

    @property
    def output(self) -> str:
        return self.trace.output


@dataclass(frozen=True, eq=False)
class Handout:
    source: Source
    copies: tuple[Copy, ...]
    blanks: str
    nodes: tuple
    seed: int | None
    lang: str = "en"


def _result(step):
    return step.grad if step.phase == "backward" else step.value


def _lhs(step, out) -> str:
    if step.phase == "forward":
        return step.node
    if step.phase == "update":
        return f"{step.node} ←"
    through = "" if step.complete or step.kind == "sum" else f" (through {step.via})"
    return f"∂{out}/∂{step.node}{through}"


def _symbolic(step, graph, out) -> str:
    """The step's formula without numbers (for a gap and for lines that use one)."""
    lhs = _lhs(step, out)
    if step.phase == "forward":
        node = graph[step.node]
        names = [p.name for p in node.parents]
        return f"{lhs} = {OPS[node.op].show(names, node.attrs, list(step.input_values))}"
    if step.phase == "update":
        return f"{lhs} {step.node} {MINUS} η·∂{out}/∂{step.node}"
    if step.kind == "seed":
        return step.text
    if step.kind == "sum":
        return f"{lhs} = " + " + ".join(f"∂{out}/∂{c}·∂{c}/∂{step.node}" for c in step.inputs)
    if step.via == out:                 # the output's own op: its local derivative
        node = graph[out]
        names = [p.name for p in node.parents]
        shown = OPS[node.op].show(names, node.attrs, [p.value for p in node.parents])
        return f"{lhs} = ∂({shown})/∂{step.node}"
    return f"{lhs} = ∂{out}/∂{step.via} · ∂{step.via}/∂{step.node}"


def choose_blanks(trace, blanks="none", nodes=()) -> frozenset:
    """Indices of the steps whose results become gaps (see the module docstring)."""
    if blanks not in BLANKS:
        raise HandoutError(f"blanks must be one of {', '.join(BLANKS)}, got {blanks!r}")
    nodes = set(nodes)
    if blanks == "nodes":
        missing = nodes - set(trace.names)
        if missing:
            raise HandoutError(f"no node named {sorted(missing)[0]!r} in the graph")
    pick = {
        "none": lambda s: False,
        "gradients": lambda s: s.phase != "forward" and s.kind != "seed",
        "values": lambda s: s.phase == "forward",
        "all": lambda s: s.kind != "seed",
        "nodes": lambda s: s.node in nodes and s.kind != "seed",
    }[blanks]
    return frozenset(s.index for s in trace if pick(s))


def _depends(trace, graph) -> dict:
    """Step index → indices of the earlier steps whose numbers its text uses."""
    value_at, grad_at, parts = {}, {}, {}
    deps = {}
    for s in trace:
        if s.phase == "forward":
            deps[s.index] = [value_at[n] for n in s.inputs if n in value_at]
            value_at[s.node] = s.index
        elif s.phase == "backward":
            use = [grad_at[s.via]] if s.via in grad_at else []
            if s.kind == "chain":       # the local derivative uses the child's inputs
                near = [s.via] + [p.name for p in graph[s.via].parents]
                use += [value_at[n] for n in near if n in value_at]
                if not s.complete:
                    parts.setdefault(s.node, []).append(s.index)
            elif s.kind == "sum":
                use = parts.get(s.node, [])
            deps[s.index] = use
            if s.complete:
                grad_at[s.node] = s.index
        else:
            deps[s.index] = [grad_at[s.node]] if s.node in grad_at else []
    return deps


def lines_of(graph, trace, blanked=frozenset()) -> tuple[Line, ...]:
    out, deps = trace.output, _depends(trace, graph)
    gap_of: dict[int, int] = {}
    lines = []
    for s in trace:
        answer = format_value(_result(s))
        sym = _symbolic(s, graph, out)
        if s.index in blanked:
            gap_of[s.index] = len(gap_of) + 1
            text, blank = f"{sym} = {_GAP.format(gap_of[s.index])}", gap_of[s.index]
        elif any(d in blanked for d in deps[s.index]):
            text, blank = f"{sym} = {answer}", None
        else:
            text, blank = s.text, None
        lines.append(Line(s.index, s.phase, s.node, text, blank, _lhs(s, out), answer))
    return tuple(lines)


def build(source: Source, copies=1, seed=None, blanks="none", nodes=(),
          lang="en") -> Handout:
    """Run the graph once per copy and number its gaps; see the module docstring."""
    if isinstance(copies, bool) or not isinstance(copies, int) or \
            not 1 <= copies <= MAX_COPIES:
        raise HandoutError(f"copies must be a whole number from 1 to {MAX_COPIES}, "
                           f"got {copies!r}")
    if lang not in TEXTS:
        raise HandoutError(f"lang must be one of {', '.join(TEXTS)}, got {lang!r}")
    fresh = copies > 1 or seed is not None
    if fresh and seed is None:
        seed = int(np.random.SeedSequence().entropy % 2**31)
    rng = np.random.default_rng(seed)
    made, seen = [], set()
    for k in range(1, copies + 1):
        for _attempt in range(200):
            g = source.build()
            if fresh:
                vals = _fresh_inputs(g, rng)
                for name, v in vals.items():
                    g.set_value(name, v)
            else:
                vals = {n.name: n.value for n in g.inputs}
            sig = tuple(np.asarray(v, float).tobytes() for v in vals.values())
            if fresh and sig in seen:
                continue
            try:
                trace = g.run(lr=source.lr)
            except GraphError:            # e.g. log of a negative: draw again
                if not fresh:
                    raise
                continue
            seen.add(sig)
            break
        else:
            raise HandoutError("could not find fresh input values for which the formula "
                               "is defined; try fewer copies or another seed")
        if not len(trace):
            raise HandoutError("the graph has no steps to print")
        picked = choose_blanks(trace, blanks, nodes)
        made.append(Copy(k, vals, g, trace, lines_of(g, trace, picked), picked))
    return Handout(source, tuple(made), blanks, tuple(nodes), seed, lang)


# -- the graph as SVG -------------------------------------------------------------
BOX_H, COL_GAP, ROW_GAP, PAD, CHAR_W = 66, 64, 24, 12, 8.6
VALUE_COLOUR, GRAD_COLOUR, EDGE_COLOUR = "#1a1a1a", "#b03020", "#8a8a8a"


def _gap_label(k) -> str:
    return f"({k})"


def graph_svg(copy: Copy) -> str:
    """The copy's graph, leaves left and the output right: each node a box with
    its name, its value (black) and its gradient (red) — a gap's number where
    that result is blanked. Plain SVG 1.1 elements, one ``<g class="node">``
    per graph node."""
    g, trace = copy.graph, copy.trace
    pos = g.layout()
    known = trace.state_at(len(trace))
    gaps = {}
    for ln in copy.lines:
        if ln.blank is not None and ln.phase != "update":
            gaps[(ln.node, "value" if ln.phase == "forward" else "grad")] = ln.blank
    width = {}
    texts = {}
    for n in g.nodes:
        v, d = known[n.name]
        if n.kind == "param":            # the value before the update
            v = trace.initial.get(n.name, v)
        vt = _gap_label(gaps[(n.name, "value")]) if (n.name, "value") in gaps \
            else format_value(v)
        dt = "" if d is None else (_gap_label(gaps[(n.name, "grad")])
                                   if (n.name, "grad") in gaps else format_value(d))
        texts[n.name] = (n.name, vt, dt)
        c = pos[n.name][0]
        width[c] = max(width.get(c, 0), 72, CHAR_W * max(len(n.name), len(vt), len(dt) + 2) + 18)
    xs, x = {}, PAD
    for c in sorted(width):
        xs[c] = x
        x += width[c] + COL_GAP
    rows = max((r for _, r in pos.values()), default=0) + 1
    W, H = x - COL_GAP + PAD, PAD * 2 + rows * BOX_H + (rows - 1) * ROW_GAP

    def box(name):
        c, r = pos[name]
        return xs[c], PAD + r * (BOX_H + ROW_GAP), width[c]

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {W:.0f} '
           f'{H:.0f}" width="{W:.0f}" height="{H:.0f}" font-family="DejaVu Sans, Arial, '
           f'sans-serif" font-size="15" role="img" aria-label="computation graph">',
           '<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
           f'markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="{EDGE_COLOUR}"/>'
           '</marker></defs>', '<g class="edges">']
    for p, c in sorted(set(g.edges)):
        x0, y0, w0 = box(p)
        x1, y1, _ = box(c)
        out.append(f'<line x1="{x0 + w0:.1f}" y1="{y0 + BOX_H / 2:.1f}" x2="{x1:.1f}" '
                   f'y2="{y1 + BOX_H / 2:.1f}" stroke="{EDGE_COLOUR}" stroke-width="1.3" '
                   f'marker-end="url(#arrow)"/>')
    out.append("</g>")
    for n in g.nodes:
        x0, y0, w = box(n.name)
        name, vt, dt = (html.escape(t) for t in texts[n.name])
        fill = "#eef3fb" if n.is_leaf else "#ffffff"
        out.append(f'<g class="node" data-name="{html.escape(n.name, quote=True)}">'
                   f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{BOX_H}" rx="6" '
                   f'fill="{fill}" stroke="#555" stroke-width="1.2"/>'
                   f'<text x="{x0 + w / 2:.1f}" y="{y0 + 19:.1f}" text-anchor="middle" '
                   f'font-weight="bold">{name}</text>'
                   f'<text x="{x0 + w / 2:.1f}" y="{y0 + 39:.1f}" text-anchor="middle" '
                   f'fill="{VALUE_COLOUR}">{vt}</text>'
                   f'<text x="{x0 + w / 2:.1f}" y="{y0 + 58:.1f}" text-anchor="middle" '
                   f'fill="{GRAD_COLOUR}">{"∂ " + dt if dt else ""}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


# -- HTML ----------------------------------------------------------------------------
CSS = """
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", Arial, sans-serif; color: #1a1a1a;
       max-width: 52em; margin: 1.5em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.15em; margin: 1.2em 0 .4em;
     border-bottom: 1px solid #ccc; }
.meta { color: #555; display: flex; justify-content: space-between; }
.meta .name { display: inline-block; min-width: 14em; border-bottom: 1px solid #333; }
table.given { border-collapse: collapse; } table.given td { padding: 1px .8em 1px 0; }
figure { margin: .6em 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: .9em; }
ol.steps li { margin: .25em 0; font-family: "DejaVu Sans Mono", Consolas, monospace;
              font-size: .95em; }
ol.steps li.backward { color: #5a1a10; } ol.steps li.update { color: #123e6a; }
.gap { display: inline-block; min-width: 6em; border-bottom: 1.5px solid #1a1a1a;
       text-align: right; font-size: .8em; color: #444; vertical-align: baseline; }
.key table { border-collapse: collapse; } .key td, .key th { border: 1px solid #bbb;
       padding: 2px .6em; text-align: left; }
.page { break-before: page; page-break-before: always; }
@media print { body { margin: 0; max-width: none; font-size: 10.5pt; }
               ol.steps li { font-size: .92em; margin: .15em 0; } h2 { margin: .7em 0 .3em; } }
"""


def _h(text) -> str:
    return html.escape(str(text), quote=False)


def _html_line(text: str) -> str:
    parts = _GAP_RE.split(text)
    return "".join(_h(p) if i % 2 == 0 else f'<span class="gap">({p})</span>'
                   for i, p in enumerate(parts))


def _phases(copy, t):
    heads = {"forward": t["forward"], "backward": t["backward"]}
    for phase in ("forward", "backward", "update"):
        lines = [ln for ln in copy.lines if ln.phase == phase]
        if lines:
            lr = next((s.lr for s in copy.trace if s.phase == "update"), None)
            yield heads.get(phase) or t["update"].format(lr=format_value(lr)), lines


def _given(copy) -> list[tuple[str, str]]:
    return [(name, format_value(v)) for name, v in copy.trace.initial.items()
            if copy.graph[name].kind != "const"]


def render_html(h: Handout) -> str:
    t = TEXTS[h.lang]
    n = len(h.copies)
    lang = {"en": "en", "zh_CN": "zh-CN", "zh_TW": "zh-TW"}[h.lang]
    body = []
    for i, c in enumerate(h.copies):
        body.append(f'<section class="copy{" page" if i else ""}">')
        body.append(f"<h1>{_h(h.source.title)}</h1>")
        meta = _h(t["copy"].format(k=c.number, n=n)) if n > 1 else ""
        body.append(f'<p class="meta"><span>{meta}</span><span>{_h(t["name"])} '
                    f'<span class="name">&#160;</span></span></p>')
        if c.key:
            body.append(f"<p>{_h(t['note'])}</p>")
        body.append(f"<h2>{_h(t['given'])}</h2><table class=\"given\">")
        given = _given(c)
        for j in range(0, len(given), 4):
            body.append("<tr>" + "".join(f"<td>{_h(k)} = {_h(v)}</td>"
                                         for k, v in given[j:j + 4]) + "</tr>")
        body.append(f"</table><h2>{_h(t['graph'])}</h2><figure>{graph_svg(c)}"
                    f"<figcaption>{_h(t['legend'].format(out=c.output))}</figcaption>"
                    "</figure>")
        for head, lines in _phases(c, t):
            body.append(f"<h2>{_h(head)}</h2><ol class=\"steps\" start=\"{lines[0].index + 1}\">")
            body += [f'<li class="{ln.phase}">{_html_line(ln.text)}</li>' for ln in lines]
            body.append("</ol>")
        body.append("</section>")
    for c in h.copies:
        if not c.key:
            continue
        title = t["key"] + (f" — {t['copy'].format(k=c.number, n=n)}" if n > 1 else "")
        body.append(f'<section class="key page"><h1>{_h(title)}</h1>'
                    f"<p class=\"meta\">{_h(h.source.title)}"
                    f"{' · ' + _h(t['seed'].format(seed=h.seed)) if h.seed is not None else ''}"
                    f"</p><table><tr><th>{_h(t['blank'])}</th><th>{_h(t['step'])}</th>"
                    f"<th>{_h(t['answer'])}</th></tr>")
        body += [f"<tr><td>({ln.blank})</td><td>{ln.index + 1}. {_h(ln.lhs)}</td>"
                 f"<td>{_h(ln.answer)}</td></tr>" for ln in c.key]
        body.append("</table></section>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_h(h.source.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


# -- Markdown with LaTeX ----------------------------------------------------------------
_TEX = {"∂": r"\partial ", "·": r"\cdot ", "⋅": r"\cdot ", "∘": r"\circ ", MINUS: "-",
        "←": r"\leftarrow ", "→": r"\to ", "η": r"\eta ", "σ": r"\sigma ", "Σ": r"\Sigma ",
        "½": r"\tfrac{1}{2}", "²": "^{2}", "³": "^{3}", "ᵀ": r"^{\top}", "×": r"\times ",
        "…": r"\ldots ", "√": r"\sqrt ", "∞": r"\infty ", "′": "'", "{": r"\{", "}": r"\}",
        "_": r"\_", "#": r"\#", "%": r"\%", "&": r"\&", "$": r"\$", "~": r"\sim ",
        "\\": r"\backslash ", "^": r"\hat{}", "|": r"\vert ", "≤": r"\le ", "≥": r"\ge "}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def to_latex(text: str) -> str:
    """A formula line as LaTeX math (no ``$``): names longer than one letter
    upright, ∂ · − ← ½ ² as their commands, gaps as underlined numbered slots."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        m = _GAP_RE.match(text, i)
        if m:
            out.append(rf"\underline{{\qquad}}_{{({m.group(1)})}}")
            i = m.end()
            continue
        m = _WORD.match(text, i)
        if m:
            w = m.group(0)
            out.append(w if len(w) == 1 else r"\mathrm{" + w.replace("_", r"\_") + "}")
            i = m.end()
            continue
        if ch == " ":
            near = text[i - 1:i + 2]
            out.append(r"\ " if len(near) == 3 and near[0].isalpha() and near[2].isalpha()
                       else " ")
        elif ch in _TEX:
            out.append(_TEX[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(r"\text{" + ch + "}")
        i += 1
    return "".join(out).strip()


def render_markdown(h: Handout, svg_names=None) -> str:
    """Markdown with ``$…$`` LaTeX; ``svg_names[k]`` is the SVG file of copy k
    (written beside it by :func:`write`); without names the SVG is inline."""
    t = TEXTS[h.lang]
    n = len(h.copies)
    out = []
    brk = '\n<div style="page-break-before: always"></div>\n'
    for i, c in enumerate(h.copies):
        if i:
            out.append(brk)
        out.append(f"# {h.source.title}\n")
        if n > 1:
            out.append(f"*{t['copy'].format(k=c.number, n=n)}*  ")
        out.append(f"{t['name']} ____________________\n")
        if c.key:
            out.append(t["note"] + "\n")
        out.append(f"## {t['given']}\n")
        out.append(", ".join(f"${to_latex(f'{k} = {v}')}$" for k, v in _given(c)) + "\n")
        out.append(f"## {t['graph']}\n")
        if svg_names:
            out.append(f"![{t['graph']}]({svg_names[i]})\n")
        else:
            out.append(graph_svg(c) + "\n")
        out.append(f"*{t['legend'].format(out=c.output)}*\n")
        for head, lines in _phases(c, t):
            out.append(f"## {head}\n")
            out += [f"{ln.index + 1}. ${to_latex(ln.text)}$" for ln in lines]
            out.append("")
    for c in h.copies:
        if not c.key:
            continue
        out.append(brk)
        title = t["key"] + (f" — {t['copy'].format(k=c.number, n=n)}" if n > 1 else "")
        seed = f" · {t['seed'].format(seed=h.seed)}" if h.seed is not None else ""
        out.append(f"# {title}\n\n{h.source.title}{seed}\n")
        out.append(f"| {t['blank']} | {t['step']} | {t['answer']} |\n|---|---|---|")
        out += [f"| ({ln.blank}) | {ln.index + 1}. ${to_latex(ln.lhs)}$ | "
                f"${to_latex(ln.answer)}$ |" for ln in c.key]
        out.append("")
    return "\n".join(out) + "\n"


# -- files -------------------------------------------------------------------------------
def write(path, source: Source, **options) -> list[Path]:
    """Write a handout to ``path`` (.html/.htm or .md by extension; Markdown
    puts each copy's graph in ``<stem>-graph[-k].svg`` beside it). Returns
    the files written. ``options`` go to :func:`build`."""
    path = Path(path)
    ext = path.suffix.lower().lstrip(".")
    fmt = {"htm": "html", "html": "html", "md": "md", "markdown": "md"}.get(ext)
    if fmt is None:
        raise HandoutError(f"{path.name[:60]}: the handout must end in .html or .md")
    h = build(source, **options)
    if fmt == "html":
        _atomic(path, render_html(h))
        return [path]
    names = [f"{path.stem}-graph{'' if len(h.copies) == 1 else f'-{c.number}'}.svg"
             for c in h.copies]
    written = []
    for c, name in zip(h.copies, names):
        _atomic(path.with_name(name), graph_svg(c) + "\n")
        written.append(path.with_name(name))
    _atomic(path, render_markdown(h, names))
    return [path, *written]


def _atomic(path: Path, text: str):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# -- nnviz-train --handout -----------------------------------------------------------------
def add_arguments(parser):
    """The handout flags of ``nnviz-train`` (``--seed`` is the trainer's own
    flag and seeds the copies' values too)."""
    g = parser.add_argument_group("handouts (print a step-through instead of training)")
    g.add_argument("--handout", metavar="OUT", help="write a handout: OUT.html (one "
                   "self-contained page) or OUT.md (Markdown with LaTeX, the graph as SVG)")
    src = g.add_mutually_exclusive_group()
    src.add_argument("--formula", metavar="TEXT", help='a formula, e.g. "(x+y)*z"')
    src.add_argument("--example", choices=("e1", "e2"), help="a worked example")
    g.add_argument("--values", metavar="LIST", help="the formula's values, e.g. x=-2,y=5,z=-4")
    g.add_argument("--blanks", default="none", metavar="WHAT",
                   help="gaps with an answer key: gradients, values, all, none, "
                        "or nodes:NAME,NAME (default: none)")
    g.add_argument("--copies", type=int, default=1, metavar="N",
                   help=f"copies with fresh input values (1-{MAX_COPIES}; default 1)")
    g.add_argument("--lang", choices=tuple(TEXTS), default="en",
                   help="language of the handout's fixed texts")


def run_cli(args) -> int:
    """Write the handout ``args`` ask for; raises HandoutError (or another
    NNVizError) with a one-line message for the CLI to print."""
    if args.formula is None and args.example is None:
        raise HandoutError("--handout needs --formula TEXT (with --values) or --example e1|e2")
    if args.values is not None and args.formula is None:
        raise HandoutError("--values goes with --formula")
    blanks, nodes = args.blanks, ()
    if blanks.startswith("nodes:"):
        blanks, nodes = "nodes", tuple(n.strip() for n in args.blanks[6:].split(",") if n.strip())
    source = from_formula(args.formula, args.values or "") if args.formula is not None \
        else from_example(args.example)
    try:
        written = write(args.handout, source, blanks=blanks, nodes=nodes, copies=args.copies,
                        seed=getattr(args, "seed", None), lang=args.lang)
    except OSError as e:
        raise HandoutError(f"--handout: cannot write {str(args.handout)[:60]}: "
                           f"{e.strerror or e}") from None
    if not getattr(args, "quiet", False):
        print("wrote " + ", ".join(str(p) for p in written))
    return 0
