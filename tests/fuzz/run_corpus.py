"""The slow fuzz run (not collected by pytest): every field of every base
document × every nasty value, plus many random mutations of text and
subtrees. A case that fails is written to tests/fuzz/regressions/ (kept as a
regression file that tests/core/test_fuzz_files.py loads every run).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python tests/fuzz/run_corpus.py [--random N]
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import corpus  # noqa: E402

from core.files import session_from_dict, session_from_json  # noqa: E402

REGRESSIONS = HERE / "regressions"


def _keep(text: str, why: str):
    REGRESSIONS.mkdir(exist_ok=True)
    name = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    (REGRESSIONS / f"{name}.nnviz").write_text(text, encoding="utf-8",
                                               errors="surrogatepass")
    print(f"  FAIL kept as regressions/{name}.nnviz: {why[:200]}")


def _try(family, text, counts):
    try:
        kind, _ = corpus.outcome(lambda: session_from_json(text))
    except Exception as e:     # an assertion or an escaped exception: keep it
        counts[family, "FAIL"] += 1
        _keep(text, f"{type(e).__name__}: {e}")
        return
    counts[family, kind] += 1


def mutate_text(rng: random.Random, text: str) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return text[:rng.randrange(len(text) + 1)]
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(chars))
        if choice == 1:
            chars[i] = rng.choice('0123456789-+.eE[]{}",:ntfl ')
        elif choice == 2:
            chars.insert(i, rng.choice(["9" * 30, "[" * 40, "-", "e999", '"', "1e-400"]))
        else:
            del chars[i]
    return "".join(chars)


CLI_FLAGS = ["--lr", "--epochs", "--batch-size", "--samples", "--noise", "--classes",
             "--test-fraction", "--seed", "--data-seed", "--layers", "--features", "--l1",
             "--l2", "--target-loss", "--dataset", "--activation", "--optimizer", "--loss",
             "--init", "--task", "--csv", "--spec", "--load", "--save"]
CLI_VALUES = ["", " ", "nan", "inf", "1e999", "-0", "1_000", "0x10", "9" * 400, "2147483648",
              "-1", "1e-400", "1,5", ",", "8," * 70, ",".join(["4096"] * 63), "none",
              "\x00", "\n", "x" * 5000, "/dev/null", "/dev/zero", ".", "..", "0", "1", "64",
              "65", "0.9", "0.95", "3", "moons", "tanh", "adam", "mse", "x1,x2"]


def _cli_case(rng, counts):
    import contextlib
    import io
    import os
    import tempfile

    from core import cli
    args = []
    for _ in range(rng.randint(1, 3)):
        args += [rng.choice(CLI_FLAGS), rng.choice(CLI_VALUES + [
            "".join(rng.choice("0123456789.,-e x") for _ in range(rng.randint(0, 12)))])]
    if "--epochs" not in args:
        args += ["--epochs", "1"]
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        old = os.getcwd()
        os.chdir(tmp)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli.main(args)
        except BaseException as e:      # noqa: BLE001 — anything escaping is the bug
            code, err = None, io.StringIO(f"{type(e).__name__}: {e}")
        finally:
            os.chdir(old)
    text = err.getvalue()
    ok = code in (0, 3) or (code == 2 and text.count("\n") == 1 and len(text) < 300)
    if not ok or "Traceback" in text:
        counts["cli flags", "FAIL"] += 1
        print(f"  FAIL nnviz-train {' '.join(map(repr, args))[:200]}: {code} {text[:200]!r}")
    else:
        counts["cli flags", "ok" if code != 2 else "error"] += 1


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--random", type=int, default=5000, help="random cases per family")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    docs = corpus.base_documents()
    counts = collections.Counter()
    t0 = time.perf_counter()
    for doc in docs.values():
        for path in corpus.paths(doc) + corpus.optional_paths(doc):
            for v in [*corpus.NASTY, "<delete>"]:
                d = corpus.replaced(doc, path, delete=True) if v == "<delete>" \
                    else corpus.replaced(doc, path, v)
                try:
                    kind, _ = corpus.outcome(lambda d=d: session_from_dict(d))
                    counts["field x value", kind] += 1
                except Exception as e:
                    counts["field x value", "FAIL"] += 1
                    _keep(json.dumps(d), f"{type(e).__name__}: {e}")
    texts = [json.dumps(d) for d in docs.values()]
    for _ in range(args.random):
        _try("text mutation", mutate_text(rng, rng.choice(texts)), counts)
    for _ in range(args.random):
        doc = rng.choice(list(docs.values()))
        for _ in range(rng.randint(1, 3)):
            doc = corpus.replaced(doc, rng.choice(corpus.paths(doc)), rng.choice(corpus.NASTY))
        _try("several fields", json.dumps(doc), counts)
    for _ in range(args.random // 5):
        _cli_case(rng, counts)
    families = sorted({f for f, _ in counts})
    for f in families:
        print(f"{f:16} ok {counts[f, 'ok']:6}  error {counts[f, 'error']:6}  "
              f"FAIL {counts[f, 'FAIL']:4}")
    print(f"{sum(counts.values())} cases in {time.perf_counter() - t0:.0f} s")
    return 1 if any(k == "FAIL" for _, k in counts) else 0


if __name__ == "__main__":
    sys.exit(main())
