"""``core`` never imports Qt, pyqtgraph or ``nnviz`` (DESIGN.md).

Each check runs in a fresh interpreter whose import system refuses those
packages, so a stray import anywhere in ``core`` fails here even on a machine
that has Qt installed.
"""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCKED = ("PySide6", "shiboken6", "pyqtgraph", "nnviz", "PyQt5", "PyQt6", "PySide2")

PRELUDE = textwrap.dedent(f"""
    import importlib.abc, json, sys
    BLOCKED = {BLOCKED!r}

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{{name}} is blocked: core must stay headless")
            return None

    sys.meta_path.insert(0, BlockQt())
""")


def run(code):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_blocker_really_blocks():
    out = run("""
        failed = []
        for name in ("PySide6", "PySide6.QtCore", "pyqtgraph", "nnviz"):
            try:
                __import__(name)
            except ImportError:
                failed.append(name)
        print(json.dumps(failed))
    """)
    assert out == ["PySide6", "PySide6.QtCore", "pyqtgraph", "nnviz"]


def test_core_and_every_submodule_import_without_qt():
    out = run("""
        import importlib, pkgutil, traceback
        import core
        imported, failed = ["core"], {}
        for info in pkgutil.walk_packages(core.__path__, "core."):
            try:
                importlib.import_module(info.name)
                imported.append(info.name)
            except Exception:
                failed[info.name] = traceback.format_exc(limit=3)
        qt = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        print(json.dumps({"imported": imported, "failed": failed, "qt": qt}))
    """)
    assert out["failed"] == {}, "\n".join(f"{k}:\n{v}" for k, v in out["failed"].items())
    assert out["qt"] == []
    expected = {p.stem for p in (ROOT / "core").glob("*.py") if p.stem != "__init__"}
    found = {m.split(".")[1] for m in out["imported"] if m.count(".") >= 1}
    assert expected <= found
    for sub in (ROOT / "core").iterdir():
        if (sub / "__init__.py").is_file():          # e.g. core.graph
            assert f"core.{sub.name}" in out["imported"]


def test_engine_works_headless():
    out = run("""
        import numpy as np
        from core import Network, Trainer, make_dataset
        ds = make_dataset("moons", 100, 0.1, seed=0)
        net = Network.from_sizes([2, 4, 1], seed=0)
        result = Trainer(net, *ds.split(), lr=0.5).train(5)
        print(json.dumps({"epochs": result.epochs,
                          "qt": [m for m in sys.modules if m.startswith("PySide6")]}))
    """)
    assert out == {"epochs": 5, "qt": []}
