"""Benchmark: a batched loss surface against a plain per-point loop.

    python tests/bench/bench_landscape.py [--repeats 5] [--loop-points 1000] [--full-loop]
                                          [--contours-only]

A 2-16-16-1 tanh/tanh/sigmoid network with binary cross-entropy, trained a
little on 500 half-moon points; a 101×101 slice along two filter-normalised
random directions. The loop sets each grid point's parameters and calls
``net.loss`` (the tuned float64 engine). By default the loop is timed on the
first ``--loop-points`` cells and extrapolated to the whole grid (said so in the
output); ``--full-loop`` times all 10,201 cells. Slice and loop are timed
alternately in the same run and the best of ``--repeats`` is kept, because
the machine is shared and noisy. Not collected by pytest (bench_*.py).

Iso-lines: the hand-written marching squares nnviz used before (kept here as
the baseline) against contourpy (``nnviz.views.plotting.contour_segments``) on
the app's grids, 101×101 (loss surface) and 81×81 (lab, network task), nine
levels of the log loss as the view draws them, timed alternately in one run.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core import Network  # noqa: E402
from core import landscape as ls  # noqa: E402

GRID = 101
N_SAMPLES = 500
CHUNKS = (8, 16, 24, 32, 48, 64, 96, 128, 256)


def moons(n, seed=0, noise=0.15):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    upper = rng.random(n) < 0.5
    x = np.where(upper, np.cos(t), 1.0 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    X = np.stack([x, y], axis=1) + noise * rng.standard_normal((n, 2))
    return X, upper.astype(float)[:, None]


def make_problem():
    X, Y = moons(N_SAMPLES)
    net = Network.from_sizes([2, 16, 16, 1], "tanh", "sigmoid", seed=0, init="xavier")
    for _ in range(300):
        _, g = net.flat_loss_and_gradient(X, Y)
        net.theta -= 0.5 * g
    return net, X, Y


def time_slice(net, X, Y, chunk=ls.DEFAULT_CHUNK):
    t0 = time.perf_counter()
    res = ls.slice(net, X, Y, directions="random", grid=GRID, seed=0, chunk=chunk)
    return time.perf_counter() - t0, res


def time_loop(net, X, Y, res, count):
    """Per-point loop over the first ``count`` cells (row-major)."""
    work = net.copy()
    cells = [(j, i) for j in range(GRID) for i in range(GRID)][:count]
    thetas = [res.theta_at(res.a[i], res.b[j]) for j, i in cells]
    out = np.empty(len(cells))
    t0 = time.perf_counter()
    for k, theta in enumerate(thetas):
        work.set_flat(theta)
        out[k] = work.loss(X, Y)
    return time.perf_counter() - t0, out


def marching_squares(Z, xs, ys, levels) -> np.ndarray:
    """The hand-written vectorised marching squares nnviz used before contourpy:
    an (2k, 2) array of segment end points. Non-finite cells are skipped."""
    Z = np.asarray(Z, dtype=np.float64)
    out = []
    if Z.shape[0] < 2 or Z.shape[1] < 2:
        return np.zeros((0, 2))
    v00, v10 = Z[:-1, :-1], Z[:-1, 1:]          # bottom-left, bottom-right
    v01, v11 = Z[1:, :-1], Z[1:, 1:]            # top-left, top-right
    X0, X1 = xs[:-1][None, :], xs[1:][None, :]
    Y0, Y1 = ys[:-1][:, None], ys[1:][:, None]
    ok = np.isfinite(v00) & np.isfinite(v10) & np.isfinite(v01) & np.isfinite(v11)
    shape = v00.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        for lv in levels:
            # crossing points on the four edges: bottom, right, top, left
            edges = []
            for (p, q, xa, ya, xb, yb) in (
                    (v00, v10, X0, Y0, X1, Y0), (v10, v11, X1, Y0, X1, Y1),
                    (v01, v11, X0, Y1, X1, Y1), (v00, v01, X0, Y0, X0, Y1)):
                hit = ok & ((p < lv) != (q < lv))
                t = np.where(hit, (lv - p) / np.where(q != p, q - p, 1.0), 0.0)
                x = np.broadcast_to(xa + t * (xb - xa), shape)
                y = np.broadcast_to(ya + t * (yb - ya), shape)
                edges.append((hit, x, y))
            hits = np.stack([e[0] for e in edges])           # (4, r, c)
            xsx = np.stack([e[1] for e in edges])
            ysy = np.stack([e[2] for e in edges])
            count = hits.sum(axis=0)
            two = count == 2
            if two.any():
                h = hits[:, two]                              # (4, m)
                first = np.argmax(h, axis=0)
                second = 3 - np.argmax(h[::-1], axis=0)
                cols = np.arange(h.shape[1])
                xx, yy = xsx[:, two], ysy[:, two]
                seg = np.empty((h.shape[1], 2, 2))
                seg[:, 0, 0], seg[:, 0, 1] = xx[first, cols], yy[first, cols]
                seg[:, 1, 0], seg[:, 1, 1] = xx[second, cols], yy[second, cols]
                out.append(seg.reshape(-1, 2))
            four = count == 4                                 # saddle: two segments
            if four.any():
                xx, yy = xsx[:, four], ysy[:, four]
                for a, b in ((0, 3), (1, 2)):
                    seg = np.stack([np.stack([xx[a], yy[a]], 1),
                                    np.stack([xx[b], yy[b]], 1)], 1)
                    out.append(seg.reshape(-1, 2))
    return np.concatenate(out) if out else np.zeros((0, 2))


def bench_contours(net, X, Y, repeats=7):
    """Hand-written marching squares vs contourpy on the real grids, side by side."""
    from nnviz.views.plotting import contour_segments
    print("iso-lines, 9 levels of log10(loss), best of", repeats, "(alternated):")
    for grid in (101, 81):
        res = ls.slice(net, X, Y, directions="random", grid=grid, seed=0)
        Z = res.display_loss(log=True)
        lo, hi = float(Z.min()), float(Z.max())
        levels = np.linspace(lo, hi, 11)[1:-1]
        a, b = np.asarray(res.a), np.asarray(res.b)
        th, tc = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            sh = marching_squares(Z, a, b, levels)
            th.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            sc = contour_segments(Z, a, b, levels)
            tc.append(time.perf_counter() - t0)
        print(f"  {grid}x{grid}: hand-written {min(th) * 1e3:6.2f} ms ({len(sh) // 2} segments)"
              f"   contourpy {min(tc) * 1e3:6.2f} ms ({len(sc) // 2} segments)"
              f"   ratio {min(th) / min(tc):.2f}x")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--loop-points", type=int, default=1000)
    ap.add_argument("--full-loop", action="store_true")
    ap.add_argument("--contours-only", action="store_true")
    args = ap.parse_args(argv)
    net, X, Y = make_problem()
    bench_contours(net, X, Y)
    if args.contours_only:
        return 0
    cells = GRID * GRID
    count = cells if args.full_loop else min(args.loop_points, cells)
    print(f"{net!r}, {N_SAMPLES} samples, BCE, {GRID}x{GRID} = {cells} grid points, "
          f"random filter-normalised directions, float32 batches of "
          f"{ls.DEFAULT_CHUNK}")

    time_slice(net, X, Y)                                  # warm up buffers and BLAS
    t_slice, t_loop = [], []
    res = None
    for _ in range(args.repeats):                          # alternate: same noise
        t, res = time_slice(net, X, Y)
        t_slice.append(t)
        t, ref = time_loop(net, X, Y, res, count)
        t_loop.append(t * cells / count)
    got = res.loss.reshape(-1)[:count]
    rel = float(np.max(np.abs(got - ref) / np.abs(ref)))
    best_slice, best_loop = min(t_slice), min(t_loop)
    how = "measured on all cells" if count == cells else \
        f"measured on {count} cells and extrapolated x{cells / count:.2f}"
    print(f"loss range on the slice: {res.finite_min:.4f} .. {res.finite_max:.4f}; "
          f"max relative difference batched vs loop: {rel:.2e}")
    print(f"slice (batched): best {best_slice * 1e3:7.1f} ms   "
          f"(all: {', '.join(f'{t * 1e3:.0f}' for t in t_slice)} ms)")
    print(f"plain loop     : best {best_loop * 1e3:7.1f} ms   ({how}; "
          f"{best_loop / cells * 1e6:.1f} us per point)")
    ratio = best_loop / best_slice
    print(f"ratio loop/slice: {ratio:.2f}x   "
          f"[targets: slice <= 250 ms: {'ok' if best_slice <= 0.25 else 'MISSED'}; "
          f">= 4x: {'ok' if ratio >= 4 else 'MISSED'}]")

    print("\nchunk size (grid points per batch) -> best time of the whole slice "
          "(sizes interleaved in each repeat, so drift in the load hits all alike):")
    times = {chunk: [] for chunk in CHUNKS}
    for _ in range(max(3, args.repeats)):
        for chunk in CHUNKS:
            times[chunk].append(time_slice(net, X, Y, chunk)[0])
    for chunk in CHUNKS:
        best = min(times[chunk])
        print(f"  {chunk:4d}: {best * 1e3:7.1f} ms  ({best / cells * 1e6:.2f} us per point)")
    fastest = min(CHUNKS, key=lambda k: min(times[k]))
    print(f"fastest chunk in this run: {fastest} (default {ls.DEFAULT_CHUNK})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
