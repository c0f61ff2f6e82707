"""Entry point: ``nnviz [FILE]``, ``python -m nnviz``, and ``--screenshot``."""
from __future__ import annotations

import argparse
import os
import sys
import time

# the workspace keys, without importing Qt before the display is checked
WORKSPACE_KEYS = ("train", "backprop", "landscape", "lab")
SETTLE_SECONDS = 15.0       # longest a --screenshot waits for background work


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="nnviz", description="Watch a small neural network learn.")
    p.add_argument("file", nargs="?", help="a session file to open")
    p.add_argument("--screenshot", metavar="OUT.png",
                   help="render the window offscreen after --steps training steps, "
                        "save it as OUT.png and exit")
    p.add_argument("--steps", type=int, default=300, metavar="N",
                   help="training steps before --screenshot (default 300)")
    p.add_argument("--size", default="1280x800", metavar="WxH",
                   help="window size for --screenshot (default 1280x800)")
    p.add_argument("--workspace", choices=WORKSPACE_KEYS, default=None,
                   help="open this workspace (default: the last one used)")
    p.add_argument("--present", action="store_true",
                   help="start in presentation mode (F5)")
    p.add_argument("--lang", metavar="LANG", default=None,
                   help="language for this run: en, zh_CN (简体中文) or zh_TW (繁體中文); "
                        "default: the one chosen in View > Language, else the system's")
    p.add_argument("--zoom", type=float, default=None, metavar="F",
                   help="zoom factor for every view, 0.5 to 3 (Ctrl+= / Ctrl+-)")
    p.add_argument("--lessons", action="store_true",
                   help="list the shipped lessons (id, a tab, title) and exit")
    p.add_argument("--lesson", metavar="ID",
                   help="open this lesson (a shipped id or a .toml file)")
    p.add_argument("--lesson-step", type=int, default=1, metavar="K",
                   help="with --lesson: go to step K (1-based) after its actions ran")
    args = p.parse_args(argv)
    if args.lesson_step < 1:
        p.error("--lesson-step: must be 1 or more")
    if args.lang is not None:
        from .i18n import normalize_language
        lang = normalize_language(args.lang)
        if lang is None:
            p.error(f"--lang: expected en, zh_CN or zh_TW, got {args.lang!r}")
        args.lang = lang
    if args.zoom is not None and not 0.5 <= args.zoom <= 3.0:
        p.error(f"--zoom: must be from 0.5 to 3, got {args.zoom:g}")
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
        if not (200 <= w <= 8000 and 200 <= h <= 8000):
            raise ValueError
        args.size = (w, h)
    except ValueError:
        p.error(f"--size: expected WIDTHxHEIGHT such as 1280x800, got {args.size!r}")
    if args.steps < 0:
        p.error("--steps: must be 0 or more")
    return args


# Libraries Qt's X11 plugin loads at start; without them Qt aborts the process
# with a message few users can act on, so nnviz checks first.
XCB_LIBS = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4",
            "xcb-keysyms": "libxcb-keysyms1", "xkbcommon-x11": "libxkbcommon-x11-0"}


def display_problem() -> str | None:
    """Why a window cannot open here (Linux), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return ("no display to open a window on. Run nnviz on a desktop, under "
                "xvfb-run, or render a picture with: nnviz --screenshot out.png")
    if os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        import ctypes.util
        missing = [pkg for lib, pkg in XCB_LIBS.items() if not ctypes.util.find_library(lib)]
        if missing:
            return ("Qt needs these system libraries to open a window: "
                    f"{' '.join(missing)} (Debian/Ubuntu: sudo apt-get install "
                    f"{' '.join(missing)})")
    return None


def list_lessons(lang=None) -> int:
    """``nnviz --lessons``: one line per shipped lesson, id TAB title."""
    from core.lessons import LessonError, shipped_lessons
    from core.lessons.format import lesson_language, pick
    lang = lesson_language(lang or "")
    try:
        lessons = shipped_lessons()
    except LessonError as e:
        print(f"nnviz: error: {e}", file=sys.stderr)
        return 2
    for lesson in lessons:
        print(f"{lesson.id}\t{pick(lesson.title, lang)}")
    return 0


def open_lesson(win, source, step=1) -> str | None:
    """Open a lesson in the window and go to ``step`` (1-based); the problem, or None."""
    from .lesson_ui import attach_lessons
    ctl = getattr(win, "lessons", None) or attach_lessons(win)
    from core.errors import NNVizError
    from core.lessons import load_lesson
    try:
        load_lesson(source)         # the message names the file, step and field
    except (NNVizError, OSError) as e:
        return str(e)
    if not ctl.open(source, show_errors=False):
        return f"cannot open lesson {source}"
    n = ctl.player.count
    if step > n:
        return f"--lesson-step: {source} has {n} steps, not {step}"
    try:
        ctl.player.goto(step - 1)
    except NNVizError as e:
        return str(e)
    return None


def main(argv=None) -> int:
    # Small matrices: BLAS threads only fight each other (and the GUI) for cores.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.lessons:
        return list_lessons(args.lang)
    if args.screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    problem = display_problem()
    if problem:
        print(f"nnviz: error: {problem}", file=sys.stderr)
        return 2

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QMessageBox

    previous_handler = None
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        # The offscreen platform warns about window features it lacks; they do
        # not matter for a picture, and users should not have to read them.
        def quiet(mode, context, message):
            if "This plugin does not support" not in message:
                print(message, file=sys.stderr)
        previous_handler = qInstallMessageHandler(quiet)

    from core.errors import NNVizError
    from core.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("nnviz")
    app.setOrganizationName("nnviz")
    from .i18n import install as install_language
    install_language(app, args.lang)          # before any window reads its texts
    import pyqtgraph as pg
    pg.setConfigOptions(antialias=False, background="w", foreground="k")

    from .main_window import MainWindow

    session = None
    error = None
    if args.file:
        try:
            session = Session.open(args.file)
        except (NNVizError, OSError, ValueError) as e:
            error = str(e)
            if args.screenshot:
                print(f"nnviz: error: {e}", file=sys.stderr)   # names the file
                return 2
    # A screenshot shows the default layout, not whatever the user last arranged.
    win = MainWindow(session, restore_layout=not args.screenshot)
    if args.zoom is not None:
        from .zoom import ZOOM
        ZOOM.set_factor(args.zoom, remember=False)
    if args.workspace:
        win.show_workspace(args.workspace)
    if args.lesson:
        problem = open_lesson(win, args.lesson, args.lesson_step)
        if problem:
            print(f"nnviz: error: {problem}", file=sys.stderr)
            if args.screenshot:
                return 2
    if args.screenshot:
        win._quitting_ok = True
        win.resize(*args.size)
        win.show()
        if args.present:
            # offscreen there is no full screen: present inside the given size
            win.set_presenting(True, fullscreen=False)
            win.resize(*args.size)
        app.processEvents()
        if not args.lesson:            # a lesson's own actions decide what is trained
            win.session.step(args.steps)
        if args.workspace == "backprop" and not args.lesson:
            # show the backward pass under way, not step 0
            win.stepthrough.to_backward()
            for _ in range(4):
                win.stepthrough.forward()
        app.processEvents()
        # a picture shows finished work: wait (bounded) for the loss surface
        # and its true-vs-plane losses when they are on screen
        deadline = time.monotonic() + SETTLE_SECONDS
        while (win.surface_view.isVisible() and win.surface_view.settling
               and time.monotonic() < deadline):
            app.processEvents()
            time.sleep(0.02)
        app.processEvents()
        ok = win.grab().save(args.screenshot)
        win.close()
        qInstallMessageHandler(previous_handler)
        if not ok:
            print(f"nnviz: error: cannot write {args.screenshot}", file=sys.stderr)
            return 2
        return 0
    win.show()
    if args.present:
        win.set_presenting(True)
    if error:
        from .i18n import tr
        from .i18n_messages import translate_message
        QMessageBox.warning(win, tr("Cannot open file"), tr(
            "{file}: {error}\n\nThe default session was opened instead.").format(
                file=args.file, error=translate_message(error)))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
