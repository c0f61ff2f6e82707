"""Bench: a 64-32-10 network on the bundled 8×8 digits (issue #15's target:
≥ 95 % test accuracy in under 10 s of training).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python tests/bench/bench_digits.py [--repeat 3]

Trains through the session, as the window does (ReLU hidden layer, softmax +
cross-entropy, Adam, mini-batches of 32, the default 30 % test share), one
epoch at a time until the test accuracy reaches the target, and prints the
epochs, the seconds of training (evaluation included) and the test accuracy;
then, for scale, where 10 s of training gets to.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from core.session import Session  # noqa: E402
from core.settings import Settings  # noqa: E402

TARGET = 0.95
BUDGET_S = 10.0
DIGITS_SETTINGS = Settings(dataset="digits", test_fraction=0.3, data_seed=0,
                           hidden=(32,), activations=("relu",), init="he", seed=1,
                           optimizer="adam", lr=0.003, batch_size=32, train_seed=0)


def digits_session(**changes) -> Session:
    from dataclasses import replace
    return Session(replace(DIGITS_SETTINGS, **changes))


def test_accuracy(s: Session) -> float:
    return float(s.current_metrics()["test_metric"])


def train_to_target(s: Session, target=TARGET, budget_s=BUDGET_S, max_epochs=500):
    """(epochs, seconds, test accuracy) when the target is first reached (or
    the budget runs out)."""
    t0 = time.perf_counter()
    while True:
        s.train_epochs(1)
        acc = test_accuracy(s)
        sec = time.perf_counter() - t0
        if acc >= target or sec >= budget_s or s.trainer.epoch >= max_epochs:
            return s.trainer.epoch, sec, acc


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"digits 64-32-10 relu, adam lr {DIGITS_SETTINGS.lr}, batch "
          f"{DIGITS_SETTINGS.batch_size}, test share {DIGITS_SETTINGS.test_fraction}")
    for seed in range(args.repeat):
        s = digits_session(seed=seed + 1, train_seed=seed)
        n_tr, n_te = len(s.dataset.train_idx), len(s.dataset.test_idx)
        epochs, sec, acc = train_to_target(s)
        print(f"  seed {seed + 1}: {n_tr} train / {n_te} test: test accuracy "
              f"{100 * acc:.1f} % after {epochs} epochs, {sec:.2f} s "
              f"({'target met' if acc >= TARGET else 'TARGET MISSED'})")
    s = digits_session()
    t0 = time.perf_counter()
    s.train_for(BUDGET_S)
    sec = time.perf_counter() - t0
    print(f"  {BUDGET_S:g} s of training: {s.trainer.epoch} epochs, {sec:.2f} s, test "
          f"accuracy {100 * test_accuracy(s):.1f} %")


if __name__ == "__main__":
    main()
