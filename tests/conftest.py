"""Shared test set-up: Qt runs offscreen; no test may leave a timer running."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Small matrices on a shared 2-core machine: BLAS threads only slow things down.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# Keep each test run's QSettings away from the user's own.
os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(os.path.dirname(__file__), ".qtconfig"))
