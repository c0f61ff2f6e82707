"""How fast the training timeline shows an earlier epoch, and what it keeps.

Run as a script (pytest does not collect it)::

    OPENBLAS_NUM_THREADS=1 python tests/bench/bench_timeline.py [--epochs 100000]

The default session (2-8-8-1 tanh, spiral 300 points / 30 % test, Adam 0.03,
full batch) trains ``--epochs`` epochs while a :class:`core.timeline.Timeline`
records it (also with mini-batches of 32 for a shorter run). Printed:

* recording overhead per epoch (record_epoch, keyframes and thinning);
* time to show a random epoch (``state_at``; median, p90, max) — a cold jump
  each time, the scratch cache defeated by jumping around;
* time per frame when scrubbing forward one epoch at a time (replay);
* memory the timeline holds (its keyframes and edits, measured object by
  object) and the size of its JSON document as saved (≤ 256 keyframes) and
  with every keyframe;
* the same with room for only 512 / 256 keyframes, and just after loading
  the saved document (thinner: the first looks cost more).

Target: < 50 ms to show any epoch after 10⁵ epochs. Exit status 0 always.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

import numpy as np  # noqa: E402

from core.session import Session, Settings  # noqa: E402
from core.timeline import MAX_KEYFRAMES, SAVE_KEYFRAMES, Timeline  # noqa: E402


def deep_size(obj, seen=None) -> int:
    """Bytes held by ``obj`` and everything it refers to (once each)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)            # an ndarray that owns its data counts it
    if isinstance(obj, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple)):
        size += sum(deep_size(v, seen) for v in obj)
    elif hasattr(obj, "__dict__") and not isinstance(obj, type):
        size += deep_size(vars(obj), seen)
    return size


def timeline_size(tl) -> int:
    """Keyframes and edits (the scratch and template trainers are fixed costs)."""
    return deep_size(tl._keys) + deep_size(tl._edits)


def record(settings, epochs, max_keyframes):
    s = Session(settings)
    t = s.trainer
    tl = Timeline(t, max_keyframes=max_keyframes)
    rec = 0.0
    t0 = time.perf_counter()
    for _ in range(epochs):
        t.run_epoch()
        r0 = time.perf_counter()
        tl.record_epoch(t)
        rec += time.perf_counter() - r0
    train = time.perf_counter() - t0 - rec
    return s, tl, train / epochs, rec / epochs


def show_times(tl, n, rng):
    times = []
    for k in rng.integers(tl.start, tl.end + 1, n):
        tl._forget_scratch()                 # a cold jump every time
        t0 = time.perf_counter()
        tl.state_at(int(k))
        times.append(time.perf_counter() - t0)
    return np.array(times) * 1e3


def scrub_time(tl, first, frames):
    tl.state_at(first)
    t0 = time.perf_counter()
    for k in range(first + 1, first + 1 + frames):
        tl.state_at(k)
    return (time.perf_counter() - t0) / frames * 1e3


def report(name, tl, shows, per_epoch=None, per_record=None):
    rng = np.random.default_rng(0)
    ms = show_times(tl, shows, rng)
    frame = scrub_time(tl, tl.start + tl.stride // 3 + 1, max(1, min(200, tl.stride - 1)))
    doc = json.dumps(tl.to_doc(max_keyframes=None))
    saved = json.dumps(tl.to_doc())
    print(f"\n{name}: {tl.end:,} epochs, {len(tl.keyframes)} keyframes (stride {tl.stride}, "
          f"room for {tl.max_keyframes})")
    if per_epoch is not None:
        print(f"  training            {per_epoch * 1e6:8.1f} µs/epoch "
              f"(record_epoch adds {per_record * 1e6:.1f} µs/epoch, "
              f"{100 * per_record / per_epoch:.1f} %)")
    print(f"  show random epoch   median {np.median(ms):6.1f} ms   p90 "
          f"{np.percentile(ms, 90):6.1f} ms   max {ms.max():6.1f} ms   ({shows} cold jumps)")
    print(f"  scrub forward       {frame:6.2f} ms/frame (one epoch each)")
    print(f"  memory              {timeline_size(tl) / 1e6:6.2f} MB "
          f"(estimate {tl.nbytes() / 1e6:.2f} MB)")
    print(f"  saved size          {len(saved) / 1e6:6.2f} MB JSON as saved "
          f"(≤ {SAVE_KEYFRAMES} keyframes); {len(doc) / 1e6:.2f} MB with all")


def thinned(tl, m):
    """The same timeline with room for only ``m`` keyframes."""
    other = tl.copy()
    other.max_keyframes = m
    while len(other._keys) > m:
        other._thin()
    return other


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=100_000)
    ap.add_argument("--shows", type=int, default=60)
    ap.add_argument("--max-keyframes", type=int, default=MAX_KEYFRAMES)
    a = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    s, tl, per_epoch, per_record = record(Settings(), a.epochs, a.max_keyframes)
    report("default (Adam 0.03, full batch)", tl, a.shows, per_epoch, per_record)
    for m in (512, 256):
        if m < len(tl.keyframes):
            report(f"the same, room for {m}", thinned(tl, m), a.shows)
    loaded = Timeline.from_doc(json.loads(json.dumps(tl.to_doc())), s.trainer)
    report("the same, just loaded from its saved document", loaded, a.shows)
    s, tl, per_epoch, per_record = record(Settings(batch_size=32), a.epochs // 10,
                                          a.max_keyframes)
    report("mini-batches of 32 (7 steps an epoch)", tl, a.shows // 2, per_epoch, per_record)

if __name__ == "__main__":
    main()
