"""File ▸ Open in the window with hostile files: every outcome is either a
working session or one clear line in a message box — never an exception
escaping into Qt, and the session on screen is kept when a file is refused."""
import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from core.session import Session
from nnviz.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from corpus import base_documents, nested, paths, replaced  # noqa: E402

REGRESSIONS = sorted((Path(__file__).resolve().parents[1] / "fuzz" / "regressions")
                     .glob("*.nnviz"))
HOSTILE = [None, True, -1, 0, 2 ** 63, 1e308, -1e308, "x" * 500, [], {}, [[[]]],
           "NaN", 10 ** 40, 0.5, "adam", nested(40)]


@pytest.fixture(scope="module")
def documents():
    return base_documents()


@pytest.fixture
def window(qtbot, monkeypatch):
    w = MainWindow(Session(), restore_layout=False)
    w._quitting_ok = True
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    shown = []
    monkeypatch.setattr(MainWindow, "show_error",
                        lambda self, title, text: shown.append((title, text)))
    w.errors = shown
    return w


def check_open(window, qtbot, path):
    s = window.session
    before = s.net.theta.copy()
    hist = len(s.history)
    n_err = len(window.errors)
    ok = window.open_file(path)
    qtbot.wait(1)                                 # views redraw what they got
    if ok:
        assert len(window.errors) == n_err
        s.step(2)                                 # the opened session trains
        assert np.all(np.isfinite(s.net.theta))
    else:
        assert len(window.errors) == n_err + 1
        title, text = window.errors[-1]
        assert path.name[:20] in title
        assert text and "\n" not in text and len(text) < 300, text
        np.testing.assert_array_equal(s.net.theta, before)     # nothing lost
        assert len(s.history) == hist
    return ok


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.stem for p in REGRESSIONS])
def test_regression_files(window, qtbot, path):
    assert check_open(window, qtbot, path) is False


def test_mutated_documents(window, qtbot, documents, tmp_path):
    rng = random.Random(7)
    opened = refused = 0
    for i in range(60):
        name = rng.choice(sorted(documents))
        doc = documents[name]
        where = rng.choice(paths(doc))
        bad = replaced(doc, where, rng.choice(HOSTILE))
        path = tmp_path / f"case{i}.nnviz"
        path.write_text(json.dumps(bad))
        if check_open(window, qtbot, path):
            opened += 1
        else:
            refused += 1
    assert refused > 20                           # the hostile values were noticed


def test_not_a_regular_file_and_junk(window, qtbot, tmp_path):
    import os
    fifo = tmp_path / "pipe.nnviz"
    os.mkfifo(fifo)
    assert check_open(window, qtbot, fifo) is False           # never blocks
    junk = tmp_path / "junk.nnviz"
    junk.write_bytes(bytes(range(256)) * 50)
    assert check_open(window, qtbot, junk) is False
    assert check_open(window, qtbot, tmp_path) is False       # a folder
