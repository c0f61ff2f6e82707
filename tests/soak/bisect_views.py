"""Bisect the window's memory growth view by view, frame by frame.

Not a pytest test. Where ``soak_window.py`` plays at full speed (so the history
grows by thousands of epochs a minute and hides small leaks), this drives the
window by hand: each frame trains a fixed number of steps, then lets Qt paint,
and RSS is sampled every ``--every`` frames after ``malloc_trim(0)``. A view
named in ``--off`` is unsubscribed from every model it listens to, so it stops
drawing; what stops growing then was that view's. Example::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/soak/bisect_views.py \
        --frames 3000 --off NetworkView,DataView
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


def owner_of(handler):
    """The object a subscribed handler calls (``views.common.subscribe`` keeps a
    weak method in its defaults), or None."""
    for d in handler.__defaults__ or ():
        try:
            m = d()
        except TypeError:
            continue
        if m is not None and hasattr(m, "__self__"):
            return m.__self__
    return getattr(handler, "__self__", None)


def _sources(window):
    """Every ``Events`` of the session and of the models views listen to."""
    found = [window.session.events]
    for obj in list(vars(window.session).values()) + list(vars(window).values()):
        for cand in (obj, getattr(obj, "model", None)):
            ev = getattr(cand, "events", None)
            if ev is not None and hasattr(ev, "_subs") and all(ev is not f for f in found):
                found.append(ev)
    return found


def listeners(window) -> dict:
    """Class name → number of handlers, for every GUI-side subscriber
    (views, controllers, the window; core models are left alone)."""
    names = {}
    for events in _sources(window):
        for subs in events._subs.values():
            for fn in subs:
                o = owner_of(fn)
                if o is not None and not type(o).__module__.startswith("core."):
                    names[type(o).__name__] = names.get(type(o).__name__, 0) + 1
    return names


def unsubscribe(window, class_names) -> int:
    """Disconnect every handler whose owner's class is in ``class_names``."""
    gone = 0
    for events in _sources(window):
        for subs in list(events._subs.values()):
            for fn in list(subs):
                o = owner_of(fn)
                if o is not None and type(o).__name__ in class_names:
                    subs.remove(fn)
                    gone += 1
    return gone


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--frames", type=int, default=2000)
    p.add_argument("--every", type=int, default=250)
    p.add_argument("--steps", type=int, default=1, help="batches trained per frame")
    p.add_argument("--epochs", type=int, default=0, help="epochs per frame instead")
    p.add_argument("--off", default="",
                   help="listener classes to unsubscribe, comma-separated (see --list)")
    p.add_argument("--only", default="", help="unsubscribe every listener class but these "
                   "(MainWindow always stays; 'none' keeps no view)")
    p.add_argument("--list", action="store_true", help="list the listener classes and exit")
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
    names = listeners(w)
    if args.list:
        for k, n in sorted(names.items()):
            print(f"{k:30s} {n} handlers")
        w.close()
        return
    off = {v for v in args.off.split(",") if v}
    if args.only:
        keep = set(args.only.split(",")) | {"MainWindow"}
        off = {k for k in names if k not in keep}
    if off:
        print(f"off: {', '.join(sorted(off))} ({unsubscribe(w, off)} handlers)", flush=True)
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
