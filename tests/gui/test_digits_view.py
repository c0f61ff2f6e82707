"""The digits views (issue #15): the gallery puts mistakes first, the
confusion matrix counts what a direct computation counts, the network view
draws each first-layer neuron's weights as its 8×8 image, and the window
swaps the data pane for the Digits pane while the data are images."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect

from core.session import Session
from core.settings import Settings
from nnviz.views.digits_view import DigitsView
from nnviz.views.network_layout import Layout, weight_images
from nnviz.views.network_view import NetworkView

DIGITS = Settings(dataset="digits", hidden=(32,), activations=("relu",), init="he",
                  optimizer="adam", lr=0.003, batch_size=32)


@pytest.fixture
def digits():
    s = Session(DIGITS)
    s.train_epochs(2)           # some right, some wrong
    return s


def _direct(s, idx):
    out = s.net.forward(s.dataset.X[idx])
    return np.asarray(s.dataset.y)[idx], out.argmax(axis=1)


def test_gallery_shows_mistakes_first_in_data_set_order(digits, shown):
    v = shown(DigitsView(digits), 320, 520)
    r = v.results()
    true, pred = _direct(digits, digits.dataset.test_idx)
    assert np.array_equal(r["true"], true) and np.array_equal(r["pred"], pred)
    wrong = true != pred
    assert 0 < wrong.sum() < len(true)
    drawn = v.gallery.order()
    test_idx = np.asarray(digits.dataset.test_idx)
    expected = np.r_[test_idx[wrong], test_idx[~wrong]]
    assert np.array_equal(drawn, expected)
    assert str(int(wrong.sum())) in v.summary.text()


def test_confusion_matrix_equals_a_direct_count(digits, shown):
    v = shown(DigitsView(digits), 320, 520)
    for subset, idx in (("test", digits.dataset.test_idx), ("train", digits.dataset.train_idx),
                        ("all", np.arange(1797))):
        v.set_subset(subset)
        true, pred = _direct(digits, np.asarray(idx))
        direct = np.zeros((10, 10), int)
        for t, p in zip(true, pred):
            direct[t, p] += 1
        assert np.array_equal(v.matrix.counts(), direct), subset
        assert v.matrix.counts().sum() == len(idx)


def test_a_matrix_cell_filters_the_gallery(digits, shown):
    v = shown(DigitsView(digits), 320, 520)
    r = v.results()
    cm = r["confusion"]
    off = cm - np.diag(np.diag(cm))
    t, p = np.unravel_index(off.argmax(), off.shape)
    v.show_cell((t, p))
    drawn = v.gallery.order()
    assert len(drawn) == cm[t, p]
    assert (np.asarray(digits.dataset.y)[drawn] == t).all()
    v.show_cell(None)
    assert len(v.gallery.order()) == len(digits.dataset.test_idx)


def test_training_updates_the_views(digits, shown):
    v = shown(DigitsView(digits), 320, 520)
    before = v.matrix.counts()
    digits.train_epochs(5)
    v.refresh()
    assert not np.array_equal(before, v.matrix.counts())
    assert np.trace(v.matrix.counts()) > np.trace(before)


def test_first_layer_weight_images_are_w1_columns(digits, shown):
    v = shown(NetworkView(digits), 760, 620)
    v.fit()
    v.grab()                                    # paint: makes the thumbnails
    assert v.thumbnail_kind() == "weights" and v.thumbnails_shown()
    W1 = digits.net.params["W1"]
    imgs = v.thumbs.weights
    assert imgs.shape == (32, 8, 8)
    for j in range(32):
        assert np.array_equal(imgs[j], W1[:, j].reshape(8, 8))
    assert np.array_equal(weight_images(W1, (8, 8)), imgs)
    # the 64 inputs are one image: no labels, a header that says so, pixels in place
    assert v._input_labels() == []
    assert "8×8" in v._header_text(0, False)
    lay = v.item.layout
    x0, y0, w, h = lay.image_box
    k = lay.node_index(0, 9)                    # px(2,2)
    px = w / 8
    assert np.isclose(lay.node_x[k], x0 + 1.5 * px) and np.isclose(lay.node_y[k], y0 + 1.5 * px)
    assert v.ref_at((lay.node_x[k], lay.node_y[k])) == ("neuron", 0, 9)
    assert len(v.drawn_edges()) < lay.n_edges   # the fan is thinned …
    assert "strongest" in v.caption.text()      # … and the caption says so


def test_layout_without_an_image_is_unchanged():
    a = Layout([64, 32, 10], 700, 500)
    b = Layout([64, 32, 10], 700, 500, image_shape=None)
    assert a.image_box is None and np.array_equal(a.node_y, b.node_y)
    c = Layout([64, 32, 10], 700, 500, image_shape=(8, 8))
    assert c.image_box is not None and c.dy_min > a.dy_min


def test_window_swaps_the_data_pane_for_the_digits_pane(qtbot):
    from nnviz.digits_ui import attach_digits
    from nnviz.main_window import MainWindow
    w = MainWindow(Session(), restore_layout=False)
    w._quitting_ok = True
    qtbot.addWidget(w)
    ctl = attach_digits(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    keys = lambda: [p.key for p in w.workspace.visible_panes()]  # noqa: E731
    assert "data" in keys() and "digits" not in keys()
    main_before = w.workspace.main_pane().size()
    w.session.set(dataset="digits", hidden=(32,), activations=("relu",))
    qtbot.wait(20)
    assert "digits" in keys() and "data" not in keys()
    assert w.workspace.specs["train"].left.index("digits") == 1
    assert w.workspace.main_pane().size() == main_before     # the main view keeps its room
    assert ctl.view.isVisible() and ctl.view.matrix.counts().sum() == \
        len(w.session.dataset.test_idx)
    pane = w.panes["digits"]
    assert w.rect().contains(QRect(pane.mapTo(w, QPoint(0, 0)), pane.size()))
    w.session.undo()
    qtbot.wait(20)
    assert "data" in keys() and "digits" not in keys()
    assert w.workspace.specs["train"].left.index("data") == 1
    w.session.pause()
