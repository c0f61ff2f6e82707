"""File ▸ Export handout…: the menu entry, the dialog's options, the files."""
from html.parser import HTMLParser

import pytest


@pytest.fixture
def window(qtbot, session):
    from nnviz.handout_ui import attach_handouts
    from nnviz.main_window import MainWindow
    win = MainWindow(session, restore_layout=False)
    qtbot.addWidget(win)
    attach_handouts(win)
    return win


def test_menu_entry_after_export(window):
    file_menu = next(a.menu() for a in window.menuBar().actions()
                     if a.menu() is not None and window.actions["export"] in a.menu().actions())
    acts = file_menu.actions()
    i = acts.index(window.actions["export"])
    assert acts[i + 1] is window.actions["export_handout"]
    assert window.handouts.action.text().replace("&", "").startswith("Export handout")


def test_export_the_current_stepthrough(window, tmp_path):
    st = window.stepthrough.stepper
    st.set_mode("e1")
    files = window.handouts.export(tmp_path / "e1.html", blanks="gradients")
    page = files[0].read_text(encoding="utf-8")
    HTMLParser().feed(page)
    assert "q = x + y = −2 + 5 = 3" in page and page.count('class="gap"') == 4
    st.set_expression("(a - b) * c", "a = 4, b = 1, c = 2")
    md, svg = window.handouts.export(tmp_path / "f.md", copies=1)
    assert "4 - 1" in md.read_text() or "4 - 1" in md.read_text().replace("−", "-")
    assert svg.suffix == ".svg"
    st.set_mode("network")
    (page,) = window.handouts.export(tmp_path / "net.html", copies=2, seed=3)
    assert "Copy 2 of 2" in page.read_text(encoding="utf-8")


def test_dialog_options(qtbot):
    from nnviz.handout_ui import HandoutDialog
    d = HandoutDialog()
    qtbot.addWidget(d)
    assert not d.nodes_edit.isEnabled()
    d.format_box.setCurrentIndex(d.format_box.findData("md"))
    d.blanks_box.setCurrentIndex(d.blanks_box.findData("nodes"))
    assert d.nodes_edit.isEnabled()
    d.nodes_edit.setText("q, z")
    d.copies_spin.setValue(3)
    d.seed_spin.setValue(9)
    assert d.options() == dict(format="md", blanks="nodes", nodes=("q", "z"), copies=3,
                               seed=9, lang="en")
    d.seed_spin.setValue(0)
    assert d.options()["seed"] is None


def test_dialog_flow(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from nnviz import handout_ui
    window.stepthrough.stepper.set_mode("e2")
    monkeypatch.setattr(handout_ui.HandoutDialog, "exec", lambda self: QDialog.Accepted)
    target = tmp_path / "shop"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window.handouts.action.trigger()
    assert (tmp_path / "shop.html").exists()
    assert "shop.html" in window.statusBar().currentMessage()
