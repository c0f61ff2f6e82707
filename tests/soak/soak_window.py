"""Soak the main window while it plays, and report how its memory grows.

Not a pytest test (no ``test_`` prefix; ``conftest.py`` here ignores it too).
Run it from the repository root::

    OPENBLAS_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen \
        .venv/bin/python tests/soak/soak_window.py --minutes 60 --every 30 \
        --warmup 5 --cycle 60

It builds ``MainWindow(Session(), restore_layout=False)`` at 1280×800, plays at
full speed (the window's own QTimer trains and draws), and every ``--every``
seconds samples RSS (VmRSS), the Python heap as tracemalloc sees it, and the
parts that legitimately grow: the training history (6 float64 columns, 48 bytes
an epoch, kept in arrays that double) and the bounded buffers. At the end it
prints the growth after the warm-up in MB/min and in total, and how much of it
the history accounts for.

Options for bisecting a leak: ``--hide`` panes (their views stop drawing),
``--no-tracemalloc`` (it costs Python speed and a little native memory),
``--trim`` (``malloc_trim(0)`` before each sample: what it gives back was
fragmentation, not a leak), ``--cycle`` seconds between workspace switches.
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

WORKSPACES = ("train", "backprop", "landscape", "lab")
MB = 1024.0 * 1024.0


def rss_bytes() -> int:
    """Resident set size of this process (VmRSS of /proc/self/status)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def malloc_trim() -> bool:
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):
        return False


def history_bytes(session) -> tuple[int, int]:
    """(bytes the rows use, bytes the arrays hold) of the training history."""
    h = session.history
    fields = getattr(h, "FIELDS", ())
    used = len(h) * 8 * len(fields)
    held = sum(getattr(h, "_data", {}).get(f, ()).nbytes for f in fields
               if hasattr(getattr(h, "_data", {}).get(f), "nbytes"))
    return used, held


def health_bytes(session) -> int:
    """Bytes of the health check's per-epoch gradient norms (one row an epoch,
    arrays that double, like the history), once the window has made it."""
    grads = getattr(getattr(session, "_health", None), "grads", None)
    return sum(getattr(getattr(grads, a, None), "nbytes", 0) for a in ("_rows", "_loss"))


def timeline_bytes(session) -> int:
    """Bytes of the session's keyframes (bounded: core.timeline.MEMORY)."""
    tl = getattr(session, "timeline", None)
    try:
        return int(tl.nbytes()) if tl is not None else 0
    except (AttributeError, TypeError):
        return 0


def scene_items(window) -> int:
    """QGraphicsItems in every scene of the window (a leak of items shows here)."""
    from PySide6.QtWidgets import QGraphicsView
    scenes = {id(v.scene()): v.scene() for v in window.findChildren(QGraphicsView)
              if v.scene() is not None}
    return sum(len(s.items()) for s in scenes.values())


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=3.0, help="how long to play")
    p.add_argument("--every", type=float, default=10.0, help="seconds between samples")
    p.add_argument("--warmup", type=float, default=1.0,
                   help="minutes of warm-up left out of the growth figure")
    p.add_argument("--cycle", type=float, default=0.0,
                   help="switch workspace every this many seconds (0: stay on Train)")
    p.add_argument("--workspace", default="train", choices=WORKSPACES)
    p.add_argument("--hide", default="", help="comma-separated panes to hide")
    p.add_argument("--no-tracemalloc", action="store_true")
    p.add_argument("--trim", action="store_true", help="malloc_trim(0) before each sample")
    p.add_argument("--top", type=int, default=0,
                   help="print the top N tracemalloc growth lines after warm-up")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.no_tracemalloc:
        tracemalloc.start(1 if not args.top else 8)

    from PySide6.QtCore import QCoreApplication, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # keep the user's own settings out of it
    QCoreApplication.setOrganizationName("nnviz-soak")
    QCoreApplication.setApplicationName("nnviz-soak")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    import tempfile
    tmp = tempfile.mkdtemp(prefix="nnviz-soak-")
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tmp)

    from core.session import Session
    from nnviz.main_window import MainWindow

    window = MainWindow(Session(), restore_layout=False)
    window._quitting_ok = True
    window.resize(1280, 800)
    window.show()
    window.show_workspace(args.workspace)
    for key in filter(None, (k.strip() for k in args.hide.split(","))):
        pane = window.panes[key]
        pane.hide()
        pane.widget.hide()
    app.processEvents()
    s = window.session
    s.set_speed(float("inf"))
    s.play()

    t0 = time.monotonic()
    duration = args.minutes * 60.0
    # (t, rss, trimmed_rss, py, epochs, hist_used, hist_held, items, frames, timeline,
    #  health)
    rows = []
    frames = [0]
    base_tick = window._tick

    def counted_tick():
        frames[0] += 1
        base_tick()
    window._timer.timeout.disconnect()
    window._timer.timeout.connect(counted_tick)

    print(f"{'t/s':>7} {'RSS/MB':>8} {'trim/MB':>8} {'py/MB':>7} {'epochs':>8} "
          f"{'hist/MB':>8} {'tl/MB':>6} {'items':>6} {'fps':>5} ws", flush=True)

    def sample():
        t = time.monotonic() - t0
        rss = rss_bytes()
        trimmed = rss
        if args.trim:
            gc.collect()
            malloc_trim()
            trimmed = rss_bytes()
        py = tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0
        used, held = history_bytes(s)
        items = scene_items(window)
        prev = rows[-1] if rows else None
        fps = (frames[0] - prev[8]) / max(1e-9, t - prev[0]) if prev else 0.0
        tl = timeline_bytes(s)
        rows.append((t, rss, trimmed, py, len(s.history), used, held, items, frames[0], tl,
                     health_bytes(s)))
        print(f"{t:7.0f} {rss / MB:8.1f} {trimmed / MB:8.1f} {py / MB:7.2f} "
              f"{len(s.history):8d} {held / MB:8.2f} {tl / MB:6.2f} {items:6d} {fps:5.1f} "
              f"{window.workspace.current if hasattr(window.workspace, 'current') else ''}",
              flush=True)
        if args.top and snap_base[0] is None and t >= args.warmup * 60.0:
            snap_base[0] = tracemalloc.take_snapshot()
        if not s.playing and not s.trainer.diverged:
            s.play()
        if t >= duration:
            app.quit()

    snap_base = [None]
    ws_index = [WORKSPACES.index(args.workspace)]

    def cycle():
        ws_index[0] = (ws_index[0] + 1) % len(WORKSPACES)
        window.show_workspace(WORKSPACES[ws_index[0]])

    sampler = QTimer()
    sampler.setInterval(int(args.every * 1000))
    sampler.timeout.connect(sample)
    sampler.start()
    cycler = QTimer()
    if args.cycle > 0:
        cycler.setInterval(int(args.cycle * 1000))
        cycler.timeout.connect(cycle)
        cycler.start()
    sample()
    app.exec()
    sampler.stop()
    cycler.stop()
    s.pause()

    report(rows, args)
    if args.top and snap_base[0] is not None:
        diff = tracemalloc.take_snapshot().compare_to(snap_base[0], "traceback")
        print(f"\nPython allocations that grew most after warm-up (top {args.top}):")
        for stat in diff[:args.top]:
            print(f"{stat.size_diff / 1024:+10.1f} KiB {stat.count_diff:+8d} blocks")
            for line in stat.traceback.format()[-6:]:
                print("    " + line)
    window.close()
    return 0


def report(rows, args):
    warm = args.warmup * 60.0
    after = [r for r in rows if r[0] >= warm]
    if len(after) < 2:
        print("\nnot enough samples after the warm-up for a growth figure")
        return
    a, b = after[0], after[-1]
    minutes = (b[0] - a[0]) / 60.0
    grow = (b[1] - a[1]) / MB
    trim_grow = (b[2] - a[2]) / MB
    py_grow = (b[3] - a[3]) / MB
    hist_used = (b[5] - a[5]) / MB
    hist_held = (b[6] - a[6]) / MB
    # least-squares slope: one noisy sample doesn't make the figure
    import numpy as np
    t = np.array([r[0] for r in after]) / 60.0
    slope = np.polyfit(t, np.array([r[1] for r in after]) / MB, 1)[0]
    print(f"\nafter {warm / 60:.1f} min warm-up, over {minutes:.1f} min "
          f"({b[4] - a[4]} epochs, {b[8] - a[8]} frames):")
    print(f"  RSS          {a[1] / MB:8.1f} → {b[1] / MB:8.1f} MB   {grow:+7.2f} MB "
          f"({grow / minutes:+.3f} MB/min; fitted slope {slope:+.3f} MB/min)")
    if args.trim:
        print(f"  RSS trimmed  {a[2] / MB:8.1f} → {b[2] / MB:8.1f} MB   {trim_grow:+7.2f} MB")
    if a[3] or b[3]:
        print(f"  Python heap  {a[3] / MB:8.2f} → {b[3] / MB:8.2f} MB   {py_grow:+7.2f} MB")
    print(f"  history      rows {hist_used:+.3f} MB (48 B/epoch), arrays held "
          f"{hist_held:+.3f} MB (capacity doubles)")
    tl_grow = (b[9] - a[9]) / MB
    health_grow = (b[10] - a[10]) / MB
    rest = grow - hist_held - tl_grow - health_grow
    print(f"  timeline     keyframes {tl_grow:+.3f} MB (bounded)")
    print(f"  health       gradient norms held {health_grow:+.3f} MB (a row an epoch, doubles)")
    print(f"  RSS less history, health arrays and keyframes  {rest:+7.2f} MB "
          f"({rest / minutes:+.3f} MB/min)")
    print(f"  scene items  {a[7]} → {b[7]}")
    print(f"  peak RSS     {max(r[1] for r in rows) / MB:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
