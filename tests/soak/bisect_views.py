"""Bisect the window's memory growth view by view, frame by frame.

Not a pytest test. Where ``soak_window.py`` plays at full speed (so the history
grows by thousands of epochs a minute and hides small leaks), this drives the
window by hand: each frame trains a fixed number of steps, then lets Qt paint,
and RSS is sampled every ``--every`` frames after ``malloc_trim(0)``. A view
named in ``--off`` is unsubscribed from every model it listens to, so it stops
drawing; what stops growing then was that view's. Example::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/soak/bisect_views.py \
        --frames 3000 --off network_view,data_view
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from soak_window import MB, malloc_trim, rss_bytes, scene_items  # noqa: E402

VIEWS = ("network_view", "controls", "data_view", "curves_view", "inspector",
         "stepthrough", "surface_view", "lr_lab")


def owner_of(handler):
    """The widget a ``views.common.subscribe`` handler calls, or None."""
    for d in handler.__defaults__ or ():
        try:
            m = d()
        except TypeError:
            continue
        if m is not None and hasattr(m, "__self__"):
            return m.__self__
    return getattr(handler, "__self__", None)


def unsubscribe(window, widget):
    """Disconnect ``widget`` and its children from every Events they listen to."""
    from PySide6.QtCore import QObject
    family = {id(widget)} | {id(c) for c in widget.findChildren(QObject)}
    sources = [window.session.events]
    for name in ("stepthrough", "surface_model", "lab", "lr_lab_model", "trajectory"):
        obj = getattr(window.session, name, None)
        ev = getattr(obj, "events", None)
        if ev is not None:
            sources.append(ev)
    for w in VIEWS:
        ev = getattr(getattr(getattr(window, w), "model", None), "events", None)
        if ev is not None:
            sources.append(ev)
    gone = 0
    for events in sources:
        for subs in list(events._subs.values()):
            for fn in list(subs):
                o = owner_of(fn)
                if o is not None and id(o) in family:
                    subs.remove(fn)
                    gone += 1
    return gone


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--frames", type=int, default=2000)
    p.add_argument("--every", type=int, default=250)
    p.add_argument("--steps", type=int, default=1, help="batches trained per frame")
    p.add_argument("--epochs", type=int, default=0, help="epochs per frame instead")
    p.add_argument("--off", default="", help="views to unsubscribe, comma-separated")
    p.add_argument("--only", default="", help="unsubscribe every view but these")
    p.add_argument("--workspace", default="train")
    p.add_argument("--no-train", action="store_true",
                   help="emit params/training events without training")
    args = p.parse_args(argv)

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("nnviz-soak")
    QCoreApplication.setApplicationName("nnviz-soak")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    import tempfile
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope,
                      tempfile.mkdtemp(prefix="nnviz-bisect-"))
    from core.session import Session
    from nnviz.main_window import MainWindow

    w = MainWindow(Session(), restore_layout=False)
    w._quitting_ok = True
    w.resize(1280, 800)
    w.show()
    w.show_workspace(args.workspace)
    app.processEvents()
    off = [v for v in args.off.split(",") if v]
    if args.only:
        keep = set(args.only.split(","))
        off = [v for v in VIEWS if v not in keep]
    for v in off:
        print(f"off: {v} ({unsubscribe(w, getattr(w, v))} handlers)", flush=True)
    s = w.session
    w._timer.timeout.disconnect()   # the window's own loop never trains,
    s.play()                        # but the views draw in their "playing" style
    t0 = time.monotonic()
    base = None
    print(f"{'frame':>6} {'RSS/MB':>8} {'d/KB per frame':>15} {'epochs':>7} {'items':>6} "
          f"{'s':>5}", flush=True)
    for i in range(args.frames + 1):
        if i % args.every == 0:
            malloc_trim()
            r = rss_bytes()
            if i == args.every:
                base = (i, r)
            per = (r - base[1]) / 1024 / (i - base[0]) if base and i > base[0] else 0.0
            print(f"{i:6d} {r / MB:8.1f} {per:15.2f} {len(s.history):7d} "
                  f"{scene_items(w):6d} {time.monotonic() - t0:5.0f}", flush=True)
        if args.no_train:
            s.events.emit("params", changed=frozenset({"theta"}))
            s.events.emit("training", changed=frozenset({"history"}), diverged=False)
        elif args.epochs:
            s.train_epochs(args.epochs)
        else:
            s.step(args.steps)
        app.processEvents()
    s.pause()
    w.close()


if __name__ == "__main__":
    main()
