"""The network view: structure, colours, tooltips, clicks, weight editing,
rebuilds, the step-through highlight API and large nets."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from core.activations import ACTIVATIONS
from nnviz.theme import HIGHLIGHT, fmt
from nnviz.views.network_view import MAX_EDGES, NetworkView


@pytest.fixture
def view(qtbot, session):
    v = NetworkView(session)
    qtbot.addWidget(v)
    v.resize(640, 480)
    v.show()
    qtbot.waitExposed(v)
    v.grab()                      # one real paint: scale, thumbnails, caption
    return v


def sign_of(rgb):
    """+1 for the blue side of the diverging map, −1 for the orange side."""
    r, g, b = rgb
    return 1 if b > r else -1


def viewport_point(view, pos):
    """A network-coordinate point → viewport pixel (for real mouse events)."""
    p = view.graphics.mapFromScene(view.item.mapToScene(pos))
    return QPoint(int(round(p.x())), int(round(p.y())))


def point_on_edge(view, ref):
    """A point along the edge's segment where the hit-test finds that edge
    (its midpoint may be where another edge crosses it)."""
    lay = view.item.layout
    x0, y0, x1, y1 = lay.segs[lay.edge_index(*ref[1:])]
    for t in np.linspace(0.5, 0.15, 15):
        p = QPointF(x0 + t * (x1 - x0), y0 + t * (y1 - y0))
        if view.ref_at(p) == ref:
            return p
    raise AssertionError(f"no point on {ref} hits it")


def test_default_network_structure(view, session):
    sizes = session.net.sizes                          # [2, 8, 8, 1]
    assert view.node_count() == sum(sizes) == 19
    n_edges = sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert view.edge_count() == n_edges == 88
    pos = view.node_positions()
    assert len(pos) == 19
    # layers run left to right, units top to bottom
    xs = [pos[("neuron", l, 0)][0] for l in range(len(sizes))]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    ys = [pos[("neuron", 1, j)][1] for j in range(8)]
    assert ys == sorted(ys)
    # every weight is an edge, each drawn once, in W's layout
    assert sorted(view.edges()) == sorted(
        ("edge", l, i, j) for l in range(1, 4)
        for i in range(sizes[l - 1]) for j in range(sizes[l]))
    drawn = view.drawn_edges()
    assert len(drawn) == 88
    for ref, value, rgb, width in drawn:
        _, l, i, j = ref
        w = session.net.params[f"W{l}"][i, j]
        assert value == pytest.approx(w)
        if abs(w) > 1e-9:
            assert sign_of(rgb) == np.sign(w)
        assert 0.5 <= width <= 6.0
    # width grows with |w|: the strongest weight is drawn widest
    strongest = max(drawn, key=lambda d: abs(d[1]))
    assert strongest[3] == max(d[3] for d in drawn) == pytest.approx(6.0)
    assert "88 connections" in view.caption.text()


def test_gradient_toggle_colours_edges_by_gradient_sign(view, session, qtbot):
    session.step(20)
    before = {d[0]: d[2] for d in view.drawn_edges()}
    assert not view.grad_button.isChecked()
    qtbot.mouseClick(view.grad_button, Qt.LeftButton)
    assert view.show_gradients()
    g = session.gradients()
    drawn = view.drawn_edges()
    changed = 0
    for ref, value, rgb, _ in drawn:
        _, l, i, j = ref
        assert value == pytest.approx(g[f"W{l}"][i, j])
        if abs(value) > 1e-12:
            assert sign_of(rgb) == np.sign(value)
        changed += rgb != before[ref]
    assert changed > 0
    assert "∂L/∂w" in view.legend.text()
    # recomputed when the parameters change while the toggle is on
    session.step(5)
    g2 = session.gradients()
    for ref, value, _, _ in view.drawn_edges():
        assert value == pytest.approx(g2[f"W{ref[1]}"][ref[2], ref[3]])
    view.set_show_gradients(False)
    assert not view.grad_button.isChecked()
    assert {d[0]: d[2] for d in view.drawn_edges()} != {d[0]: d[2] for d in drawn}


def test_neuron_tooltip(view, session):
    session.select_sample(4)
    ref = ("neuron", 1, 2)
    assert view.ref_at(view.node_position(ref)) == ref
    text = view.tooltip_at(view.node_position(ref))
    b = session.net.params["b1"][2]
    assert text.startswith("h1.3 — hidden layer 1, neuron 3")     # core.names, 1-based
    assert "tanh" in text and ACTIVATIONS["tanh"].formula in text
    assert "·x1 " in text and "·x2 " in text          # z = w·x1 + w·x2 + b written out
    assert f"b1[3] = {fmt(b)}" in text
    assert f"∂L/∂b = {fmt(session.gradients()['b1'][2])}" in text
    cache = session.forward_sample()
    assert f"a = {fmt(cache.A[1][0, 2])}" in text and "#5" in text
    out = view.tooltip_for(("neuron", 3, 0))
    assert out.startswith("ŷ1 — output neuron 1")
    assert "P(class 1)" in out and "sigmoid" in out and "Σ" in out
    inp = view.tooltip_for(("neuron", 0, 0))
    assert inp.startswith("x1 — input 1: x₁") and fmt(session.sample()[0][0]) in inp
    assert "(#5)" in inp


def test_edge_and_bias_tooltips(view, session):
    ref = ("edge", 1, 0, 2)
    p = point_on_edge(view, ref)
    text = view.tooltip_at(p)
    w = session.net.params["W1"][0, 2]
    assert f"w = {fmt(w)}" in text
    assert "from x1 to h1.3" in text and "w1[1→3] — double-click" in text
    assert f"∂L/∂w = {fmt(session.gradients()['W1'][0, 2])}" in text
    bias = ("bias", 3, 0)                       # the output's bias is shown too
    assert view.ref_at(view.node_position(bias)) == bias
    text = view.tooltip_at(view.node_position(bias))
    assert f"b = {fmt(session.net.params['b3'][0])}" in text
    assert "(bias of ŷ1)" in text and "b3[1] — double-click" in text
    assert view.tooltip_at(QPointF(-500, -500)) == ""            # far away: nothing


def test_hover_outlines_what_is_under_the_mouse(view, qtbot):
    ref = ("neuron", 2, 3)
    assert view.hover_at(view.node_position(ref)) == ref
    assert view.hovered() == ref
    view.hover_at(None)
    # a real mouse move over a neuron goes through pyqtgraph's hover events
    edge = ("edge", 1, 1, 5)
    qtbot.mouseMove(view.graphics.viewport(), viewport_point(view, point_on_edge(view, edge)))
    qtbot.wait(20)
    assert view.hovered() == edge
    view.grab()                                  # the hover outline paints
    view.hover_at(None)
    assert view.hovered() is None


def test_click_edge_selects_and_emits(view, session, qtbot, monkeypatch):
    calls = []
    real_select = session.select
    monkeypatch.setattr(session, "select", lambda what: (calls.append(what), real_select(what)))
    ref = ("edge", 2, 1, 4)
    p = viewport_point(view, point_on_edge(view, ref))
    with qtbot.waitSignal(view.elementClicked, timeout=2000) as sig:
        qtbot.mouseClick(view.graphics.viewport(), Qt.LeftButton, pos=p)
    assert sig.args == [ref]
    assert calls == [ref]
    assert session.selection == ref
    view.grab()                                  # selected edge drawn emphasised
    # clicking a neuron
    nref = ("neuron", 1, 0)
    with qtbot.waitSignal(view.elementClicked, timeout=2000) as sig:
        assert view.click_at(view.node_position(nref)) == nref
    assert sig.args == [nref] and session.selection == nref
    # a column header selects the layer
    lay = view.item.layout
    head = QPointF(lay.col_x[2], lay.nodes_top - 8)
    assert view.click_at(head) == ("layer", 2) == session.selection
    assert "Hidden layer 2" in view.tooltip_at(head) and "tanh" in view.tooltip_at(head)
    view.grab()
    # empty space clears the selection
    assert view.click_at(QPointF(lay.col_x[0], lay.height - 2)) is None
    assert session.selection is None


def test_edit_weight_through_editor_and_undo(view, session, qtbot):
    ref = ("edge", 1, 0, 2)
    old = float(session.net.params["W1"][0, 2])
    assert view.begin_edit(ref)
    assert view.editor.isVisible()
    assert float(view.editor.text().replace("−", "-")) == pytest.approx(old, rel=1e-5)
    view.editor.setText("0.75")
    assert view.commit_edit()
    assert not view.editor.isVisible()
    assert session.net.params["W1"][0, 2] == 0.75
    assert [d for d in view.drawn_edges() if d[0] == ref][0][1] == 0.75
    assert session.undo()
    assert session.net.params["W1"][0, 2] == old
    # bad text: nothing changes, the user is told why
    view.begin_edit(ref)
    undo_text = session.undo_text
    assert not view.commit_edit("abc")
    assert session.net.params["W1"][0, 2] == old
    assert "'abc' is not a number" in view.status.text() and view.editor.isVisible()
    assert session.undo_text == undo_text
    assert not view.set_value(ref, "inf")
    view.cancel_edit()
    assert not view.editor.isVisible()
    # a real minus sign and a decimal comma are fine; biases edit the same way
    assert view.set_value(ref, "−1,5")
    assert session.net.params["W1"][0, 2] == -1.5
    assert view.set_value(("bias", 3, 0), "0.25")
    assert session.net.params["b3"][0] == 0.25
    session.undo()
    session.undo()
    assert session.net.params["W1"][0, 2] == old


def test_double_click_edge_opens_editor(view, session, qtbot):
    ref = ("edge", 3, 5, 0)
    p = viewport_point(view, point_on_edge(view, ref))
    # QTest's double click ends with the double-click event; a real one with a release
    qtbot.mouseDClick(view.graphics.viewport(), Qt.LeftButton, pos=p)
    qtbot.mouseRelease(view.graphics.viewport(), Qt.LeftButton, pos=p)
    assert view.editor.isVisible()
    assert view.editing() == ref
    qtbot.keyClicks(view.editor, "")
    view.editor.setText("2")
    qtbot.keyClick(view.editor, Qt.Key_Return)
    assert session.net.params["W3"][5, 0] == 2.0
    assert not view.editor.isVisible()


def test_escape_cancels_edit(view, session, qtbot):
    view.begin_edit(("bias", 1, 0))
    view.editor.setText("9")
    qtbot.keyClick(view.editor, Qt.Key_Escape)
    assert not view.editor.isVisible()
    assert session.net.params["b1"][0] != 9


def test_architecture_change_rebuilds(view, session):
    session.set(hidden=(3,), activations=("relu",))
    view.grab()
    assert view.node_count() == 2 + 3 + 1
    assert view.edge_count() == 2 * 3 + 3
    assert len(view.drawn_edges()) == 9
    assert "relu" in view.tooltip_for(("neuron", 1, 0))
    session.undo()
    view.grab()
    assert view.node_count() == 19 and view.edge_count() == 88


def test_params_event_recomputes(view, session):
    session.set_param("W2", (3, 4), 50.0)      # far the largest weight now
    drawn = {d[0]: d for d in view.drawn_edges()}
    assert drawn[("edge", 2, 3, 4)][3] == pytest.approx(6.0)
    assert max(d[3] for r, d in drawn.items() if r != ("edge", 2, 3, 4)) < 2.0


def test_highlight_api(view, session):
    def yellow_pixels():
        img = view.graphics.grab().toImage()
        arr = np.array([[img.pixelColor(x, y).getRgb()[:3] for x in range(0, img.width(), 2)]
                        for y in range(0, img.height(), 2)])
        return int((np.abs(arr - np.array(HIGHLIGHT)).sum(-1) < 30).sum())

    assert yellow_pixels() == 0
    refs = [("neuron", 1, 2), ("edge", 2, 0, 1), ("bias", 3, 0)]
    view.highlight(refs)
    assert view.highlighted() == refs
    assert yellow_pixels() > 50
    view.clear_highlight()
    assert view.highlighted() == []
    assert yellow_pixels() == 0
    # stale refs (e.g. after an architecture change) are ignored, not errors
    view.highlight([("neuron", 9, 9), ("edge", 1, 0, 99)])
    view.grab()


def test_selection_drawn(view, session):
    for what in [("neuron", 1, 0), ("layer", 2), ("bias", 2, 1), ("edge", 1, 1, 1), None]:
        session.select(what)
        view.grab()


def test_large_net_thins_edges_and_paints(qtbot, session):
    session.set(hidden=(64,) * 8, activations=("relu",) * 8)
    v = NetworkView(session)
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    qtbot.waitExposed(v)
    v.grab()
    assert v.node_count() == 2 + 8 * 64 + 1
    n = 2 * 64 + 7 * 64 * 64 + 64
    assert v.edge_count() == n > MAX_EDGES
    drawn = v.drawn_edges()
    assert 1000 < len(drawn) < 2000
    assert "strongest" in v.caption.text() and "28,864" in v.caption.text()
    # the strongest weight of each layer pair is among those drawn
    refs = {d[0] for d in drawn}
    for l in range(1, 10):
        W = session.net.params[f"W{l}"]
        i, j = np.unravel_index(np.argmax(np.abs(W)), W.shape)
        assert ("edge", l, int(i), int(j)) in refs
    assert v.render_time_ms() > 0
    session.step(2)
    v.grab()
    v.set_show_gradients(True)
    v.grab()
    # hit-testing stays exact on a dense net
    ref = ("neuron", 5, 40)
    assert v.ref_at(v.node_position(ref)) == ref


def test_thumbnails_for_2d_curves_for_1d_none_for_iris(qtbot, session):
    def fresh():
        v = NetworkView(session)
        qtbot.addWidget(v)
        v.resize(640, 480)
        v.show()
        qtbot.waitExposed(v)
        v.grab()
        return v

    v = fresh()
    assert v.thumbnails_shown() and v.thumbnail_kind() == "image"
    # iris has 4 inputs: a slice through the plane would mislead, so circles
    # coloured by the selected sample's activation instead
    session.set(dataset="iris")
    v.grab()
    assert not v.thumbnails_shown()
    assert "activation" in v.caption.text()
    assert v.node_count() == 4 + 8 + 8 + 3
    assert "setosa" in v.tooltip_for(("neuron", 3, 0))
    # 1-D regression: each neuron's output as a small curve
    session.set(dataset="sine")
    v.grab()
    assert v.thumbnails_shown() and v.thumbnail_kind() == "curve"
    assert "ŷ" in v.tooltip_for(("neuron", 3, 0))


def test_engineered_features_label_inputs(view, session):
    session.set(features=("x1", "x2", "x1^2", "sin(x1)"))
    view.grab()
    assert view.node_count() == 4 + 8 + 8 + 1
    assert "sin x₁" in view.tooltip_for(("neuron", 0, 3))
    assert view.thumbnails_shown()


def test_deleted_view_unsubscribes(qtbot, session):
    def n_subscribers():
        return sum(len(fns) for fns in session.events._subs.values())

    n0 = n_subscribers()
    v = NetworkView(session)
    assert n_subscribers() > n0
    v.deleteLater()
    qtbot.wait(10)
    assert n_subscribers() == n0
    session.step(1)                 # nothing left to call into a deleted view
    session.set(hidden=(4,), activations=("tanh",))


def test_each_event_recomputes_only_what_it_changes(view, session):
    def cost(action):
        before = view.recomputed()
        action()
        view.grab()
        after = view.recomputed()
        return {k for k in after if after[k] != before[k]}

    assert cost(lambda: session.select_sample(7)) == {"sample"}       # edges stay
    assert cost(lambda: session.select(("neuron", 1, 0))) == set()
    assert cost(lambda: session.set_param("W1", (0, 0), 0.5)) == {"edges", "sample", "thumbs"}
    # The learning rate draws nothing here (the session's event contract:
    # settings with changed={"lr"}, no params).
    assert cost(lambda: session.events.emit("settings", changed=frozenset({"lr"}))) == set()
    view.set_show_gradients(True)
    view.grab()
    assert cost(lambda: session.events.emit("settings", changed=frozenset({"l2"}))) == {"edges"}
    assert cost(lambda: session.set(hidden=(3,), activations=("relu",))) >= {"layout", "edges"}


def test_an_old_edit_error_goes_with_a_new_session(view, session):
    from core.session import Session
    view.status.setText("'abc' is not a number")      # as a refused edit leaves it
    session.replace_with(Session())
    assert view.status.text() == ""
