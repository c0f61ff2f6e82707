"""How close the engine runs to the cost of its own matrix products.

Run as a script (pytest does not collect it)::

    python tests/bench/bench_engine.py            # the project venv
    PYTHONPATH=. /tmp/torchvenv/bin/python tests/bench/bench_engine.py

Two workloads, each measured side by side with its *matmul floor* — the same
matrix products on the same shapes into preallocated outputs, nothing else:

1. one full-batch training step of a 2-16-16-1 tanh/tanh/sigmoid net with
   binary cross-entropy on 500 points (forward, loss, backward, SGD update):
   ``Network._loss_grad_flat`` + ``theta -= lr·g``, and ``Trainer.step`` with
   its bookkeeping; 8 products (3 forward, 3 weight-gradient, 2 input-gradient).
   Target: within 2.5× of the floor. If ``import torch`` works, the same step
   in PyTorch eager (float64, like ours) — target: PyTorch ≥ 3× slower.
2. the decision heat map: ``net.forward`` on a 100×100 grid of 2-D points
   (3 products). Target: within 2× of the floor. In float64 two tanh layers
   alone cost ~1.7× the floor, so the target needs the float32 inference
   path ``net.forward_inference`` (shown against both floors).

Variants are interleaved repeat by repeat and the best repeat is kept, so
clock drift hits them alike. Exit status 0 always: this is a measurement.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from core import Network, Trainer, make_dataset  # noqa: E402

N_POINTS = 500
GRID = 100
LR = 0.1


def best_of(fns: dict, repeats: int, min_time: float) -> dict:
    """Per-call seconds of each callable: best over ``repeats`` interleaved
    rounds, each round long enough (≥ ``min_time``) to dwarf timer overhead."""
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return _best_of(fns, repeats, min_time)
    finally:
        if gc_was_on:
            gc.enable()


def _best_of(fns, repeats, min_time):
    loops = {}
    for name, fn in fns.items():      # calibrate and warm up
        n = 1
        while True:
            t = time.perf_counter()
            for _ in range(n):
                fn()
            if time.perf_counter() - t >= min_time:
                break
            n *= 2
        loops[name] = n
    best = {name: float("inf") for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            n = loops[name]
            t = time.perf_counter()
            for _ in range(n):
                fn()
            best[name] = min(best[name], (time.perf_counter() - t) / n)
    return best


def training_net(seed=0):
    net = Network.from_sizes([2, 16, 16, 1], activation="tanh",
                             output_activation="sigmoid", seed=seed, init="xavier")
    ds = make_dataset("moons", N_POINTS, 0.2, seed=seed, test_fraction=0.0)
    return net, ds.features(), ds.targets()


def step_floor(net, n, dtype=np.float64):
    """The 8 matrix products of one step in the engine's own layout
    (features, samples), bias folded in as an extra row of ones."""
    rng = np.random.default_rng(1)
    sizes = net.sizes
    L = len(sizes) - 1
    blocks = [rng.standard_normal((sizes[i] + 1, sizes[i + 1])).astype(dtype)
              for i in range(L)]
    A = [rng.standard_normal((sizes[i] + (1 if i < L else 0), n)).astype(dtype)
         for i in range(L + 1)]
    Z = [np.empty((sizes[i + 1], n), dtype) for i in range(L)]
    D = [rng.standard_normal((sizes[i + 1], n)).astype(dtype) for i in range(L)]
    G = [np.empty_like(b) for b in blocks]
    P = [np.empty((sizes[i], n), dtype) for i in range(1, L)]
    Wt = [b[:-1] for b in blocks]
    BT = [b.T for b in blocks]
    DT = [d.T for d in D]
    mm = np.matmul

    def run():
        for i in range(L):                       # forward: z = Bᵀ·[a; 1]
            mm(BT[i], A[i], out=Z[i])
        for i in range(L - 1, -1, -1):           # weights: G = [a; 1]·δᵀ
            mm(A[i], DT[i], out=G[i])
            if i:                                # inputs: δ_prev = W·δ
                mm(Wt[i], D[i], out=P[i - 1])
    return run


def forward_floor(net, n, dtype=np.float64):
    rng = np.random.default_rng(2)
    sizes = net.sizes
    L = len(sizes) - 1
    BT = [rng.standard_normal((sizes[i] + 1, sizes[i + 1])).astype(dtype).T
          for i in range(L)]
    A = [rng.standard_normal((sizes[i] + 1, n)).astype(dtype) for i in range(L)]
    Z = [np.empty((sizes[i + 1], n), dtype) for i in range(L)]
    mm = np.matmul

    def run():
        for i in range(L):
            mm(BT[i], A[i], out=Z[i])
    return run


def torch_step(X, Y):
    """The same step in PyTorch eager, float64, idiomatic code."""
    try:
        import torch
    except ImportError:
        return None, None
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16),
        torch.nn.Tanh(), torch.nn.Linear(16, 1)).double()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    Xt, Yt = torch.from_numpy(X.copy()), torch.from_numpy(Y.copy())
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    def run():
        opt.zero_grad(set_to_none=True)
        loss = bce(model(Xt), Yt)
        loss.backward()
        opt.step()
    return run, f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--min-time", type=float, default=0.03,
                    help="seconds per timed round")
    args = ap.parse_args(argv)

    net, X, Y = training_net()
    theta = net.theta
    loss = "binary_cross_entropy"

    def engine_step():
        _, g = net._loss_grad_flat(X, Y, loss)
        np.subtract(theta, LR * g, out=theta)

    trainer = Trainer(net.copy(), X, Y, loss=loss, optimizer="sgd", lr=LR)
    step = {"matmul floor (8 products)": step_floor(net, len(X)),
            "engine: _loss_grad_flat + SGD": engine_step,
            "engine: Trainer.step": trainer.step}
    t_run, t_info = torch_step(X, Y)
    if t_run is not None:
        step["PyTorch eager (float64)"] = t_run

    grid_net = net.copy()
    g = np.linspace(-2.0, 2.0, GRID)
    G = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    heat = {"matmul floor (3 products)": forward_floor(grid_net, len(G)),
            "engine: net.forward": lambda: grid_net.forward(G)}
    if hasattr(grid_net, "forward_inference"):
        heat["engine: net.forward_inference (f32)"] = lambda: grid_net.forward_inference(G)
        heat["matmul floor, float32"] = forward_floor(grid_net, len(G), np.float32)

    with np.errstate(all="ignore"):
        t_step = best_of(step, args.repeats, args.min_time)
        t_heat = best_of(heat, args.repeats, args.min_time)

    print(f"Python {sys.version.split()[0]}, NumPy {np.__version__}"
          + (f", {t_info}" if t_info else ", no torch in this interpreter"))
    print(f"best of {args.repeats} interleaved rounds\n")
    report(f"1) training step, 2-16-16-1 tanh/tanh/sigmoid, BCE, {len(X)} points",
           t_step, "matmul floor (8 products)")
    print(verdict("_loss_grad_flat + SGD vs floor", t_step["engine: _loss_grad_flat + SGD"]
                  / t_step["matmul floor (8 products)"], 2.5, "≤"))
    print(verdict("Trainer.step vs floor", t_step["engine: Trainer.step"]
                  / t_step["matmul floor (8 products)"], 2.5, "≤"))
    if t_run is not None:
        # Like for like: PyTorch's step is forward, loss, backward, update —
        # what _loss_grad_flat + SGD does. Trainer.step also checks for
        # divergence, keeps a backup, counts right answers and records history.
        print(verdict("PyTorch eager vs _loss_grad_flat + SGD (like for like)",
                      t_step["PyTorch eager (float64)"]
                      / t_step["engine: _loss_grad_flat + SGD"], 3.0, "≥"))
        print(verdict("PyTorch eager vs Trainer.step (with bookkeeping)",
                      t_step["PyTorch eager (float64)"] / t_step["engine: Trainer.step"],
                      3.0, "≥"))
    else:
        print("  (PyTorch not importable here: comparison skipped)")
    print()
    report(f"2) heat map forward, {GRID}×{GRID} grid", t_heat,
           "matmul floor (3 products)")
    print(verdict("net.forward vs floor", t_heat["engine: net.forward"]
                  / t_heat["matmul floor (3 products)"], 2.0, "≤"))
    if "engine: net.forward_inference (f32)" in t_heat:
        f32 = t_heat["engine: net.forward_inference (f32)"]
        print(verdict("net.forward_inference (float32) vs float64 floor",
                      f32 / t_heat["matmul floor (3 products)"], 2.0, "≤"))
        print(verdict("net.forward_inference (float32) vs float32 floor",
                      f32 / t_heat["matmul floor, float32"], 2.0, "≤"))
    # Why float64 cannot get there: two float64 tanh over 16×10000 values
    # alone cost more than the three products.
    z = np.random.default_rng(0).normal(size=(16, GRID * GRID))
    a = np.empty_like(z)
    t_tanh = best_of({"tanh": lambda: np.tanh(z, out=a)}, args.repeats, args.min_time)
    print(f"  (one float64 tanh over 16×{GRID * GRID}: {t_tanh['tanh'] * 1e6:.1f} µs; "
          f"the net has two: {2 * t_tanh['tanh'] / t_heat['matmul floor (3 products)']:.2f}× "
          "the floor before anything else)")
    return 0


def report(title, times, floor):
    print(title)
    base = times[floor]
    for name, t in times.items():
        print(f"  {name:<40s} {t * 1e6:10.1f} µs   {t / base:6.2f}×")


def verdict(what, ratio, target, sense):
    ok = ratio <= target if sense == "≤" else ratio >= target
    return f"  {what}: {ratio:.2f}× (target {sense} {target}×) {'OK' if ok else 'MISSED'}"


if __name__ == "__main__":
    sys.exit(main())
