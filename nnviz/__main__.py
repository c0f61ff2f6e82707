import os
import sys

# Before NumPy loads: single-threaded BLAS is faster for nnviz's small matrices.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from .app import main  # noqa: E402

sys.exit(main())
