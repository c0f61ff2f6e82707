"""Handouts: the engine's numbers, gaps and keys, fresh copies, well-formed files."""
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pytest

from core import handout as H
from core.graph import format_value, parse

M = "\u2212"
VOID = {"meta", "br", "img", "hr", "input", "link"}


class _Checker(HTMLParser):
    """Every element closed in order (SVG's self-closing tags included)."""
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def well_formed(text):
    c = _Checker()
    c.feed(text)
    c.close()
    assert not c.errors and not c.stack, (c.errors, c.stack)
    return c


def balanced(tex):
    depth = 0
    for ch in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, tex
    return depth == 0


def test_e1_numbers_in_html_and_markdown():
    h = H.build(H.from_example("e1"))
    page = H.render_html(h)
    well_formed(page)
    for text in ("q = x + y = −2 + 5 = 3", "f = q · z = 3 · (−4) = −12",
                 "∂f/∂z = 1 · 3 = 3", "∂f/∂x = ∂f/∂q · ∂q/∂x = −4 · 1 = −4",
                 "∂f/∂y = ∂f/∂q · ∂q/∂y = −4 · 1 = −4"):
        assert text in page
    md = H.render_markdown(h)
    for tex in ("q = x + y = -2 + 5 = 3", r"f = q \cdot  z = 3 \cdot  (-4) = -12",
                r"\partial f/\partial z = 1 \cdot  3 = 3"):
        assert tex in md
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_steps_in_order_every_one():
    h = H.build(H.from_example("e2"))
    c = h.copies[0]
    assert [ln.index for ln in c.lines] == list(range(len(c.trace)))
    page = H.render_html(h)
    positions = [page.index(ln.text.replace("·", "·")) for ln in c.lines]
    assert positions == sorted(positions)
    assert "= 715" in page and "= 650" in page and "= 2.2" in page and "= 165" in page


def test_gradient_blanks_hide_exactly_those_and_key_lists_them():
    h = H.build(H.from_example("e1"), blanks="gradients")
    c = h.copies[0]
    chosen = {s.index for s in c.trace if s.phase == "backward" and s.kind != "seed"}
    assert c.blanked == chosen
    assert [ln.index for ln in c.key] == sorted(chosen)
    assert [ln.blank for ln in c.key] == list(range(1, len(chosen) + 1))
    # the key holds the engine's gradients: dq = -4, dz = 3, dx = dy = -4
    assert [ln.answer for ln in c.key] == [M + "4", "3", M + "4", M + "4"]
    for ln in c.lines:
        if ln.index in chosen:                 # no number after the formula
            assert re.fullmatch(r"[^=]+=[^0-9−]+= \x00\d+\x00", ln.text), ln.text
        else:
            assert "\x00" not in ln.text
    page = H.render_html(h)
    well_formed(page)
    assert page.count('class="gap"') == len(chosen)
    key = page[page.index('class="key page"'):]
    assert all(f"<td>({k})</td>" in key for k in range(1, 5))
    md = H.render_markdown(h)
    assert md.count(r"\underline{\qquad}") == len(chosen)


def test_value_and_node_blanks():
    h = H.build(H.from_example("e1"), blanks="values")
    c = h.copies[0]
    assert c.blanked == {0, 1}
    assert [ln.answer for ln in c.key] == ["3", M + "12"]
    # later steps that use q or f show no numbers going in, only their result
    assert c.lines[3].text == "∂f/∂q = ∂(q · z)/∂q = " + M + "4"
    h = H.build(H.from_example("e1"), blanks="nodes", nodes=("z", "x"))
    assert [(ln.node, ln.answer) for ln in h.copies[0].key] == [("z", "3"), ("x", M + "4")]
    with pytest.raises(H.HandoutError):
        H.build(H.from_example("e1"), blanks="nodes", nodes=("nope",))
    with pytest.raises(H.HandoutError):
        H.build(H.from_example("e1"), blanks="some")


def test_copies_differ_and_keys_are_the_engines():
    src = H.from_formula("(x + y) * z", "x = -2, y = 5, z = -4")
    h = H.build(src, copies=5, seed=7, blanks="gradients")
    inputs = [tuple(c.inputs.values()) for c in h.copies]
    assert len(set(inputs)) == 5
    for c in h.copies:
        g = parse("(x + y) * z", **c.inputs)
        g.run()
        grads = {n.name: format_value(n.grad) for n in g.nodes if n.grad is not None}
        assert {ln.node: ln.answer for ln in c.key} == {k: v for k, v in grads.items()
                                                        if k in {ln.node for ln in c.key}}
        assert {ln.node for ln in c.key} >= {"x", "y", "z"}
        assert all(float(v) == round(float(v)) for v in c.inputs.values())   # whole, like E1
    again = H.build(src, copies=5, seed=7, blanks="gradients")
    assert [c.inputs for c in again.copies] == [c.inputs for c in h.copies]
    page = H.render_html(h)
    well_formed(page)
    assert page.count('class="copy') == 5 and page.count('class="key page"') == 5
    assert "seed 7" in page


def test_fresh_values_keep_their_character():
    rng = np.random.default_rng(0)
    for _ in range(50):
        assert H.fresh_value(100.0, rng) % 10 == 0
        assert H.fresh_value(-2.0, rng) < 0
        t = H.fresh_value(1.1, rng)
        assert 0.5 <= t <= 1.7 and t != round(t)


def test_formula_copies_avoid_undefined_values():
    h = H.build(H.from_formula("log(x) * y", "x = 2, y = 3"), copies=4, seed=1)
    assert all(c.inputs["x"] > 0 for c in h.copies)


def test_svg_parses_with_one_node_per_graph_node():
    h = H.build(H.from_example("e2"), blanks="gradients")
    c = h.copies[0]
    root = ET.fromstring(H.graph_svg(c))
    ns = "{http://www.w3.org/2000/svg}"
    nodes = [g for g in root.iter(ns + "g") if g.get("class") == "node"]
    assert sorted(g.get("data-name") for g in nodes) == sorted(n.name for n in c.graph.nodes)
    assert len(list(root.iter(ns + "line"))) == len(set(c.graph.edges))
    text = "".join(root.itertext())
    assert "∂ 650" not in text and "∂ (2)" in text    # ∂total/∂tax is gap (2)
    assert "subtotal650" in text                      # values stay


def test_latex_fragments_balanced():
    for name in ("e1", "e2"):
        md = H.render_markdown(H.build(H.from_example(name), blanks="all", copies=2, seed=3))
        frags = re.findall(r"\$([^$]+)\$", md)
        assert frags and md.count("$") % 2 == 0
        assert all(balanced(f) for f in frags)
    assert H.to_latex("∂f/∂apple_price = ½(yhat − y)²") == \
        r"\partial f/\partial \mathrm{apple\_price} = \tfrac{1}{2}(\mathrm{yhat} - y)^{2}"


def test_write_files(tmp_path):
    src = H.from_example("e1")
    out = H.write(tmp_path / "e1.md", src, blanks="gradients")
    assert [p.name for p in out] == ["e1.md", "e1-graph.svg"]
    assert "![" in out[0].read_text() and "(e1-graph.svg)" in out[0].read_text()
    ET.parse(out[1])
    (page,) = H.write(tmp_path / "e1.html", src, lang="zh_CN")
    assert "前向传播" in page.read_text(encoding="utf-8")
    with pytest.raises(H.HandoutError):
        H.write(tmp_path / "e1.pdf", src)
    with pytest.raises(H.HandoutError):
        H.build(src, copies=0)


def test_network_stepthrough_handout():
    from core.session import Session
    from core.stepthrough import StepThrough
    st = StepThrough(Session())
    h = H.build(H.from_stepper(st), blanks="gradients", copies=2, seed=0)
    c = h.copies[0]
    assert len(c.lines) == len(st.trace)
    assert any(ln.phase == "update" for ln in c.key)
    well_formed(H.render_html(h))
    st.set_mode("e1")
    assert H.from_stepper(st).title.startswith("E1")


def test_cli_handout(tmp_path, capsys):
    from core.cli import main
    out = tmp_path / "e1.html"
    assert main(["--handout", str(out), "--formula", "(x+y)*z", "--values",
                 "x=-2,y=5,z=-4"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "f = q · z" not in page and "= 3 · (−4) = −12" in page
    md = tmp_path / "e2.md"
    assert main(["--handout", str(md), "--example", "e2", "--blanks", "gradients",
                 "--copies", "2", "--seed", "5", "--quiet"]) == 0
    assert (tmp_path / "e2-graph-2.svg").exists() and "seed 5" in md.read_text()
    assert main(["--handout", str(out), "--example", "e1", "--blanks", "nodes:q,x"]) == 0
    assert main(["--handout", str(tmp_path / "x.pdf"), "--example", "e1"]) == 2
    assert main(["--handout", str(out)]) == 2
    assert "--formula" in capsys.readouterr().err
