"""``nnviz-train``: train a network from the command line, no window needed.

    nnviz-train --dataset moons --layers 8,8 --epochs 300
    nnviz-train --dataset spiral --classes 3 --layers 16,16 --json
    nnviz-train --csv points.csv --save run.nnviz
    nnviz-train --load run.nnviz --epochs 200 --lr 0.001 --save run.nnviz

Also ``python -m core.cli``. See ``--help`` for flags, output and exit codes.

Why it is longer than ~600 lines: every flag of ``nnviz-train`` is checked
here against the limits, with one-line messages naming the flag, and the
report (JSON and text) is built here; training itself is the session's.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import stat
import sys
import threading
import time
from dataclasses import fields
from pathlib import Path

from .activations import ACTIVATIONS
from .data import DATASET_NAMES, FEATURES, load_csv, make_dataset
from .errors import NNVizError
from .files import (
    SessionState,
    check_spec,
    load_session,
    loads_json,
    one_line,
    read_regular_file,
    save_session,
    state_from_trainer,
    trainer_from_state,
)
from .files.checks import decode_text
from .health import GradNorms, summary_lines, trainer_health
from .limits import LIMITS, check
from .losses import LOSS_NAMES
from .network import INIT_NAMES, Network
from .numbers import quote
from .optim import OPTIMIZER_NAMES, make_optimizer
from .session import Session, Settings

PROG = "nnviz-train"
EXIT_OK, EXIT_USAGE, EXIT_DIVERGED, EXIT_NOWHERE, EXIT_INTERRUPTED = 0, 2, 3, 4, 130

HIDDEN_ACTIVATIONS = tuple(n for n, a in ACTIVATIONS.items()
                           if a.differentiable and not a.output_only)
DEFAULTS = {"dataset": "moons", "samples": 200, "noise": 0.1, "test_fraction": 0.2,
            "classes": 2, "layers": [8, 8], "activation": "tanh", "init": "xavier",
            "seed": 0, "optimizer": "adam", "lr": 0.01, "batch_size": 32, "l1": 0.0,
            "l2": 0.0, "epochs": 300}
DATA_FLAGS = ("dataset", "csv", "samples", "noise", "test_fraction", "classes",
              "data_seed", "task")
NETWORK_FLAGS = ("layers", "activation", "spec", "init", "features")

EPILOG = """\
The output layer and loss follow the data: two classes → sigmoid and
binary_cross_entropy; K classes → softmax and cross_entropy; regression →
identity and mse (--loss may choose another that fits the output layer).

--load continues a saved session (weights, optimiser state, history and the
shuffling state, so training on is exactly as if it had never stopped); flags
given explicitly override what was saved: --lr, --optimizer (a different one
starts afresh), --batch-size, --l1, --l2, --loss, --seed (reseeds shuffling),
and the data flags (the network must fit the new data). The network flags
(--layers, --activation, --spec, --init, --features) cannot be combined with
--load. --epochs counts the epochs of this run.

--json prints exactly one JSON object on stdout: train_loss, test_loss,
train_accuracy, test_accuracy, train_r2, test_r2 (accuracies are null for
regression, R² null for classification, test_* null without a test set),
epochs (total, including loaded ones), epochs_run, steps, seconds, diverged,
divergence, stop_reason, interrupted, task, dataset, n_train, n_test, network
("2-8-8-1"), activations, parameters, loss, optimizer, lr, batch_size, saved,
warnings (notes from loading a session; empty otherwise), and health: dead_units
and saturated_units ([layer, unit] pairs, 1-based as the window names them:
hidden layer 1 is h1), grad_norms (per layer, of the last epoch's last step;
the whole training set's gradient when no epoch ran), best_test_epoch (null
without a test set), overfitting (true/false) and signals (code, text,
suggestion: the window's health sentences). Thresholds: core/health.py.

Every number has a range (core/limits.py): e.g. --seed 0 to 2147483647, at
most 8 hidden layers of 64 units. Files must be ordinary files (never a pipe
or device); --save replaces only an ordinary file, never a symbolic link.

exit codes: 0 trained; 2 bad flags, unreadable or unwritable files;
3 training diverged (the summary, JSON and --save still happen; the last
finite parameters are kept); 4 training went nowhere (the loss oscillates or
stays far above its start: see "warnings"); 130 interrupted with Ctrl-C
(likewise).
"""


class UsageError(Exception):
    """A problem with the flags: printed as one line, exit code 2."""


_LONG_QUOTED = re.compile(r"'([^']{61,})'|\"([^\"]{61,})\"")
MESSAGE_CHARS = 250                 # + "nnviz-train: error: ": one line under 300


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # "argument --lr: ..." → "--lr: ...", on one line, without the usage.
        if message.startswith("argument "):
            head, sep, rest = message[len("argument "):].partition(": ")
            message = f"{head.split('/')[0]}{sep}{rest}"
        # argparse quotes a bad choice whole: keep at most ~60 characters of it.
        message = _LONG_QUOTED.sub(lambda m: quote(m.group(1) or m.group(2)), message)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message, MESSAGE_CHARS)}\n")


# -- flag value types (messages become "--flag: <message>") --------------------
_INT = re.compile(r"[+-]?\d{1,15}")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _shown(s) -> str:
    """The value as typed when short and printable, else quoted and cut."""
    return s if len(s) <= 60 and s.isprintable() else quote(s)


def _limited(name, below):
    """A flag type for ``LIMITS[name]``: ``below`` says what the value must be
    when it is not a number or too small; too large says the maximum."""
    lim = LIMITS[name]

    def parse(s):
        text = s.strip()
        ok = (_INT if lim.integer else _FLOAT).fullmatch(text)
        # + 0 turns -0.0 into 0.0 (NumPy refuses a noise scale of -0.0).
        v = (int(text) if lim.integer else float(text) + 0.0) if ok else None
        if v is None or not math.isfinite(v) or v < lim.lo or (lim.lo_open and v == lim.lo):
            raise argparse.ArgumentTypeError(f"must be {below}, got {_shown(s)}")
        if v > lim.hi:
            raise argparse.ArgumentTypeError(f"must be at most {_fmt(lim, lim.hi)}, got "
                                             f"{_shown(s)}")
        return v
    parse.__name__ = name
    return parse


def _fmt(lim, v) -> str:
    return str(int(v)) if lim.integer else f"{v:g}"


def _range(name):
    lim = LIMITS[name]
    kind = "a whole number" if lim.integer else "a number"
    return f"{kind} from {_fmt(lim, lim.lo)} to {_fmt(lim, lim.hi)}"


positive_float = _limited("lr", "a positive number")
l1_rate = _limited("l1", "a number ≥ 0")
l2_rate = _limited("l2", "a number ≥ 0")
fraction = _limited("test_fraction", _range("test_fraction"))
noise_level = _limited("noise", _range("noise"))
target_loss = _limited("abs_value", "a number ≥ 0")
epochs_int = _limited("epochs", "a whole number ≥ 0")
batch_int = _limited("batch_size", "a whole number ≥ 0")
samples_int = _limited("generated_samples", _range("generated_samples"))
classes_int = _limited("classes", _range("classes"))
seed_int = _limited("seed", _range("seed"))


def _nonnegative(parse):
    def inner(s):
        v = parse(s)
        if v < 0:
            raise argparse.ArgumentTypeError(f"must be a number ≥ 0, got {_shown(s)}")
        return v
    return inner


target_loss = _nonnegative(target_loss)


def hidden_sizes(s):
    text = s.strip()
    if text.lower() in ("none", "0"):
        return []
    usage = "expected hidden layer sizes separated by commas, e.g. 8,8 (or 'none' for " \
            "no hidden layer)"
    if not text:
        raise argparse.ArgumentTypeError(f"{usage}; got nothing")
    parts = [p.strip() for p in text.split(",")]
    # Count first: 63 layers of 4096 must be refused by the limit, not by memory.
    check("hidden_layers", len(parts), "hidden layers", argparse.ArgumentTypeError)
    if not all(re.fullmatch(r"\d{1,9}", p) for p in parts):
        raise argparse.ArgumentTypeError(f"{usage}; got {_shown(s)}")
    sizes = [int(p) for p in parts]
    for v in sizes:
        check("units", v, "layer sizes", argparse.ArgumentTypeError)
    return sizes


def feature_list(s):
    names = [p.strip() for p in s.split(",") if p.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected feature names separated by commas, "
                                         f"e.g. x1,x2,x1^2 (choose from {', '.join(FEATURES)})")
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown feature {_shown(unknown[0])}; choose from "
                                         f"{', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError("a feature is listed twice")
    return names


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Train a small neural network without the window, "
                "print how well it did,\nand optionally save the session for nnviz.",
                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
                allow_abbrev=False)
    d = DEFAULTS
    g = p.add_argument_group("data")
    src = g.add_mutually_exclusive_group()
    src.add_argument("--dataset", choices=DATASET_NAMES,
                     help=f"a generated data set (default {d['dataset']})")
    src.add_argument("--csv", metavar="PATH",
                     help="your own points: input columns, then the label or target")
    g.add_argument("--task", choices=("classification", "regression"),
                   help="with --csv: what the last column is (default: guessed)")
    g.add_argument("--samples", type=samples_int, metavar="N",
                   help=f"number of points (default {d['samples']})")
    g.add_argument("--noise", type=noise_level, metavar="X",
                   help=f"noise added to the points (default {d['noise']})")
    g.add_argument("--classes", type=classes_int, metavar="K",
                   help="classes for gaussians and spiral (default 2)")
    g.add_argument("--test-fraction", type=fraction, metavar="F",
                   help=f"share of points held out for testing (default {d['test_fraction']})")
    g.add_argument("--data-seed", type=seed_int, metavar="N",
                   help="seed for the data set (default: --seed)")
    g.add_argument("--features", type=feature_list, metavar="LIST",
                   help=f"engineered inputs for 2-D data, from {','.join(FEATURES)}")

    g = p.add_argument_group("network")
    g.add_argument("--layers", type=hidden_sizes, metavar="SIZES",
                   help="hidden layer sizes, e.g. 4,6,6,4; 'none' for no hidden layer "
                        "(default 8,8); input and output sizes come from the data")
    g.add_argument("--activation", choices=HIDDEN_ACTIVATIONS,
                   help=f"activation of the hidden layers (default {d['activation']})")
    g.add_argument("--spec", metavar="FILE",
                   help="a JSON network spec: a list of {input_dim, output_dim, "
                        "activation} layers (replaces --layers and --activation)")
    g.add_argument("--init", choices=INIT_NAMES,
                   help=f"weight initialisation (default {d['init']})")
    g.add_argument("--seed", type=seed_int, metavar="N",
                   help=f"seed for weights, shuffling and data (default {d['seed']})")

    g = p.add_argument_group("training")
    g.add_argument("--epochs", type=epochs_int, metavar="N",
                   help=f"epochs to train in this run (default {d['epochs']})")
    g.add_argument("--lr", type=positive_float, metavar="RATE",
                   help=f"learning rate (default {d['lr']})")
    g.add_argument("--optimizer", choices=OPTIMIZER_NAMES,
                   help=f"default {d['optimizer']}")
    g.add_argument("--batch-size", type=batch_int, metavar="N",
                   help=f"samples per step; 0 = all (default {d['batch_size']})")
    g.add_argument("--loss", choices=LOSS_NAMES, help="default: chosen from the data")
    g.add_argument("--l1", type=l1_rate, metavar="RATE",
                   help="L1 weight penalty (default 0)")
    g.add_argument("--l2", type=l2_rate, metavar="RATE",
                   help="L2 weight penalty (default 0)")
    g.add_argument("--target-loss", type=target_loss, metavar="X",
                   help="stop once the training loss is at or below X")

    g = p.add_argument_group("files and output")
    g.add_argument("--load", metavar="PATH", help="continue a saved session")
    g.add_argument("--save", metavar="PATH", help="save the session at the end")
    g.add_argument("--json", action="store_true",
                   help="print one JSON object on stdout instead of the summary")
    g.add_argument("--quiet", action="store_true",
                   help="no progress bar and no summary (errors still go to stderr)")
    from . import handout
    handout.add_arguments(p)          # --handout OUT.html|.md: print a step-through instead
    return p


# =============================================================================
def main(argv=None) -> int:
    """Entry point of ``nnviz-train``; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        # Messages use a few symbols (≥, —, R²); never fail on a narrow console.
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:          # --help, or a flag argparse rejected
        return e.code if isinstance(e.code, int) else EXIT_USAGE
    try:
        if args.handout is not None:
            from . import handout
            return handout.run_cli(args)
        return _run(args)
    except (UsageError, NNVizError) as e:
        print(f"{PROG}: error: {one_line(e, MESSAGE_CHARS)}", file=sys.stderr)
        return EXIT_USAGE


def _given(args, name) -> bool:
    return getattr(args, name) is not None


def _opt(args, name):
    v = getattr(args, name)
    return DEFAULTS[name] if v is None else v


def _check_save_path(path):
    """Refuse early (before training) what ``save_session`` would refuse."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except (ValueError, TypeError):
        raise UsageError(f"--save: not a valid file name: {quote(path)}") from None
    except OSError as e:
        raise UsageError(f"--save: cannot use {quote(path)}: {e.strerror or e}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(f"--save: {quote(path)} is a folder")
        if stat.S_ISLNK(st.st_mode):
            raise UsageError(f"--save: {quote(path)} is a symbolic link; nnviz-train "
                             "replaces only ordinary files")
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(f"--save: {quote(path)} is not an ordinary file (a device, "
                             "pipe or socket)")
    folder = Path(path).parent
    if not folder.is_dir():
        raise UsageError(f"--save: the folder {quote(folder)} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"--save: cannot write in the folder {quote(folder)}")


def _read_flag_file(flag, path, cap_name, what) -> str:
    """The text of a file named by a flag: an ordinary file, capped, UTF-8."""
    def error(message):
        return UsageError(f"--{flag}: {message}: {quote(path)}")
    data = read_regular_file(path, int(LIMITS[cap_name].hi), what, error=error)
    return decode_text(data, what, error=error)


def _load_csv(args, seed):
    text = _read_flag_file("csv", args.csv, "csv_bytes", "CSV file")
    if "\n" not in text:
        text += "\n"        # load_csv takes one-line text for a file name
    try:
        ds = load_csv(text, task=args.task, test_fraction=_opt(args, "test_fraction"),
                      seed=seed)
    except NNVizError as e:
        raise UsageError(f"--csv: {str(e).replace('CSV text', Path(args.csv).name, 1)}"
                         ) from None
    check("inputs", ds.n_inputs, "--csv: input columns", UsageError)
    if ds.task == "classification":
        check("outputs", ds.output_dim, "--csv: classes", UsageError)
    return ds


def _make_dataset(args, base=None):
    """The data set the flags describe (``base``: a loaded generator source)."""
    seed = args.data_seed if _given(args, "data_seed") else _opt(args, "seed")
    if _given(args, "csv"):
        if _given(args, "samples") or _given(args, "noise") or _given(args, "classes"):
            flag = next(f for f in ("samples", "noise", "classes") if _given(args, f))
            raise UsageError(f"--{flag}: does not apply to --csv data")
        return _load_csv(args, seed)
    if _given(args, "task"):
        raise UsageError("--task: only applies to --csv data")
    src = dict(base or {})
    name = args.dataset or src.get("name") or DEFAULTS["dataset"]
    if _given(args, "classes") and name not in ("gaussians", "spiral"):
        raise UsageError(f"--classes: only gaussians and spiral take a number of classes, "
                         f"not {name}")
    keep = base is not None and not _given(args, "dataset")

    def pick(flag, key):
        if _given(args, flag):
            return getattr(args, flag)
        return src[key] if keep and key in src else DEFAULTS[flag]

    data_seed = args.data_seed if _given(args, "data_seed") else (
        src.get("seed", seed) if keep else seed)
    try:
        return make_dataset(name, pick("samples", "n_samples"), pick("noise", "noise"),
                            data_seed, pick("test_fraction", "test_fraction"),
                            pick("classes", "classes"))
    except NNVizError as e:
        raise UsageError(f"--dataset: {e}") from None


def output_layer(dataset) -> tuple[str, str]:
    """(output activation, loss) that fit the data set's task."""
    if dataset.task == "regression":
        return "identity", "mse"
    if dataset.n_classes == 2:
        return "sigmoid", "binary_cross_entropy"
    return "softmax", "cross_entropy"


def _features(args, dataset):
    if not args.features:
        return None
    if dataset.n_inputs != 2:
        raise UsageError(f"--features: engineered features need 2-D data; {dataset.name} "
                         f"has {dataset.n_inputs} input(s)")
    return list(args.features)


def _read_spec(path, n_in, n_out):
    text = _read_flag_file("spec", path, "spec_bytes", "network spec")
    spec = check_spec(loads_json(text, "network spec", error=_spec_error), "--spec",
                      error=UsageError)
    if spec[0]["input_dim"] != n_in:
        raise UsageError(f"--spec: layer 1 takes {spec[0]['input_dim']} input(s) but the "
                         f"data give {n_in}")
    if spec[-1]["output_dim"] != n_out:
        raise UsageError(f"--spec: the output layer gives {spec[-1]['output_dim']} "
                         f"output(s) but the data need {n_out}")
    return spec


def _spec_error(message):
    return UsageError(f"--spec: {message}")


def _settings(args, dataset, features, spec) -> Settings | None:
    """The window's Settings for these flags, or None when the network cannot
    be described by them (a spec file with another output activation, or
    slopes this nnviz's Settings cannot hold)."""
    hidden, out = spec[:-1], spec[-1]
    if out["activation"] != output_layer(dataset)[0]:
        return None
    if any(ls["activation"] not in HIDDEN_ACTIVATIONS for ls in hidden):
        return None
    extra = {}
    slopes = tuple(ls.get("slope") for ls in hidden)
    if any(v is not None for v in slopes):
        if "slopes" not in {f.name for f in fields(Settings)}:
            return None
        extra["slopes"] = slopes
    seed = _opt(args, "seed")
    src = dataset.source if dataset.source.get("kind") == "generator" else {}
    # Points (CSV) keep the Settings' own data defaults: they are not used.
    return Settings(
        dataset=src.get("name", "csv"), samples=src.get("n_samples", Settings.samples),
        noise=src.get("noise", Settings.noise), data_seed=src.get("seed", seed),
        test_fraction=src.get("test_fraction", Settings.test_fraction),
        classes=src.get("classes", Settings.classes), features=tuple(features or ("x1", "x2")),
        hidden=tuple(ls["output_dim"] for ls in hidden),
        activations=tuple(ls["activation"] for ls in hidden), init=_opt(args, "init"),
        seed=seed, optimizer=_opt(args, "optimizer"), lr=_opt(args, "lr"),
        batch_size=_opt(args, "batch_size"), l1=_opt(args, "l1"), l2=_opt(args, "l2"),
        train_seed=seed, **extra)


class Run:
    """What a run trains: the trainer, its data, and notes for the report."""

    def __init__(self, trainer, dataset, features, extra=None, warnings=()):
        self.trainer, self.dataset, self.features = trainer, dataset, features
        self.extra = extra or {}
        self.warnings = list(warnings)


def _new_run(args) -> Run:
    dataset = _make_dataset(args)
    features = _features(args, dataset)
    n_in = len(features) if features else dataset.n_inputs
    out_act, _ = output_layer(dataset)
    if _given(args, "spec"):
        for flag in ("layers", "activation"):
            if _given(args, flag):
                raise UsageError(f"--{flag}: not allowed with --spec (the spec file says it)")
        spec = _read_spec(args.spec, n_in, dataset.output_dim)
    else:
        sizes = [n_in, *_opt(args, "layers"), dataset.output_dim]
        spec = [{"input_dim": a, "output_dim": b,
                 "activation": out_act if i == len(sizes) - 2 else _opt(args, "activation")}
                for i, (a, b) in enumerate(zip(sizes, sizes[1:]))]
        check("parameters", sum((a + 1) * b for a, b in zip(sizes, sizes[1:])),
              "--layers: parameters", UsageError)
    settings = _settings(args, dataset, features, spec)
    if settings is not None:
        # The one "settings → network + trainer" path the window uses too.
        session = Session(settings, dataset=dataset)
        trainer = session.trainer
        if session.net.spec() != spec:
            raise UsageError("--spec: this network cannot be built from settings")
        if _given(args, "loss"):
            trainer.loss = check_loss(session.net, args.loss)
        return Run(trainer, dataset, features)
    # A spec file Settings cannot describe: build it as the file says.
    seed = _opt(args, "seed")
    net = Network(spec, seed=seed, init=_opt(args, "init"))
    state = SessionState(spec=net.spec(), theta=net.theta.copy(), init=net.init, seed=seed,
                         dataset=dataset, features=features, loss=check_loss(net, args.loss),
                         optimizer=make_optimizer(_opt(args, "optimizer"),
                                                  _opt(args, "lr")).state_dict(),
                         batch_size=_opt(args, "batch_size"), l1=_opt(args, "l1"),
                         l2=_opt(args, "l2"), train_seed=seed)
    return Run(trainer_from_state(state), dataset, features)


def check_loss(net, loss):
    try:
        return net.check_loss(loss)
    except NNVizError as e:
        raise UsageError(f"--loss: {e}") from None


def _loaded_run(args) -> Run:
    for flag in NETWORK_FLAGS:
        if _given(args, flag):
            raise UsageError(f"--{flag.replace('_', '-')}: cannot change the network of a "
                             "loaded session (leave out --load to start a new one)")
    try:
        state = load_session(args.load)
    except NNVizError as e:
        raise UsageError(f"--load: {e}") from None
    net = Network(state.spec, init="zeros")
    if any(_given(args, f) for f in DATA_FLAGS):
        flag = next(f for f in DATA_FLAGS if _given(args, f))
        src = state.dataset.source or {}
        base = src if src.get("kind") == "generator" else None
        if base is None and not (_given(args, "dataset") or _given(args, "csv")):
            raise UsageError(f"--{flag.replace('_', '-')}: the loaded session's data are "
                             "fixed points; use --dataset or --csv to replace them")
        dataset = _make_dataset(args, base)
        n_in = len(state.features) if state.features else dataset.n_inputs
        if state.features and dataset.n_inputs != 2:
            raise UsageError(f"--{flag.replace('_', '-')}: the loaded network uses "
                             "engineered features of 2-D data; these data are not 2-D")
        if (n_in, dataset.output_dim) != (net.n_inputs, net.n_outputs):
            raise UsageError(
                f"--{flag.replace('_', '-')}: the loaded network takes {net.n_inputs} "
                f"input(s) and gives {net.n_outputs} output(s), but these data need "
                f"{n_in} and {dataset.output_dim}")
        state.dataset = dataset
        state.trainer_state = None          # the old shuffle belongs to the old data
    if _given(args, "loss"):
        state.loss = check_loss(net, args.loss)
    opt = state.optimizer
    if _given(args, "optimizer") and args.optimizer != opt["name"]:
        state.optimizer = make_optimizer(args.optimizer,
                                         _opt(args, "lr") if _given(args, "lr")
                                         else opt["lr"]).state_dict()
    elif _given(args, "lr"):
        opt["lr"] = args.lr
    for flag in ("batch_size", "l1", "l2"):
        if _given(args, flag):
            setattr(state, flag, getattr(args, flag))
    if _given(args, "seed"):
        state.train_seed = args.seed
        state.trainer_state = None
    ts = state.trainer_state
    if ts and ts.get("diverged"):
        # A new run is a new attempt (typically with a smaller --lr).
        ts.update(diverged=False, divergence="", ref_loss=None)
    warnings = list(state.warnings)
    try:
        trainer = Session.from_state(state).trainer
    except NNVizError as e:
        # Not a session the window can show (e.g. a spec file's network): train
        # it as the file says, and say so.
        warnings.append(one_line(f"the nnviz window cannot open this session: {e}"))
        trainer = trainer_from_state(state)
    return Run(trainer, state.dataset, state.features, state.extra, warnings)


class Progress:
    """``epoch 120/500 [#####.....] loss 0.231 acc 0.91`` on one rewritten line."""

    def __init__(self, total, stream, start_epoch, regression, width=24):
        self.total, self.stream, self.start = total, stream, start_epoch
        self.label = "r2" if regression else "acc"
        self.width = width
        self.last = 0.0
        self.drawn = False

    def __call__(self, trainer, force=False):
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        done = trainer.epoch - self.start
        frac = done / self.total if self.total else 1.0
        filled = int(round(self.width * min(frac, 1.0)))
        bar = "#" * filled + "." * (self.width - filled)
        loss = trainer.history.last("train_loss")
        metric = trainer.history.last("train_metric")
        line = (f"epoch {done}/{self.total} [{bar}] loss {loss:.4g} "
                f"{self.label} {metric:.3f}")
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def close(self, trainer):
        if self.drawn:
            self(trainer, force=True)
            self.stream.write("\n")
            self.stream.flush()


def _finite(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _run(args) -> int:
    if _given(args, "save"):
        _check_save_path(args.save)
    run = _loaded_run(args) if _given(args, "load") else _new_run(args)
    trainer, dataset = run.trainer, run.dataset
    epochs = _opt(args, "epochs")
    start_epoch = trainer.epoch

    show_progress = not args.quiet and _isatty(sys.stderr) and epochs > 0
    progress = Progress(epochs, sys.stderr, start_epoch,
                        dataset.task == "regression") if show_progress else None
    interrupted = threading.Event()
    grads = GradNorms()           # per-layer gradient norms, once per epoch end

    def on_epoch(tr):
        grads.record_epoch(tr)
        if progress is not None:
            progress(tr)
        return not interrupted.is_set()

    def on_sigint(signum, frame):
        if interrupted.is_set():         # a second Ctrl-C stops at once
            raise KeyboardInterrupt
        interrupted.set()

    old_handler = None
    if threading.current_thread() is threading.main_thread():
        old_handler = signal.signal(signal.SIGINT, on_sigint)
    try:
        result = trainer.train(epochs, target_loss=args.target_loss, on_epoch=on_epoch)
    finally:
        if old_handler is not None:
            signal.signal(signal.SIGINT, old_handler)
        if progress is not None:
            progress.close(trainer)
    if not trainer.diverged and trainer.epoch > start_epoch:
        grads.record_epoch(trainer)   # the last epoch, when a stop rule came first

    saved = save_error = None
    if _given(args, "save"):
        try:
            saved = str(save_session(args.save, state_from_trainer(
                trainer, dataset, run.features, run.extra)))
        except NNVizError as e:
            save_error = f"--save: {e}"     # still report what training did

    report = _report(trainer, result, run, start_epoch, saved, interrupted.is_set())
    report["health"] = trainer_health(trainer, grads, ran=trainer.epoch > start_epoch)
    if args.json:
        print(json.dumps(report, allow_nan=False, ensure_ascii=False))
    elif not args.quiet:
        print(_human(report, trainer))
    if save_error is not None:
        raise UsageError(save_error)
    if interrupted.is_set():
        return EXIT_INTERRUPTED
    if trainer.diverged:
        return EXIT_DIVERGED
    return EXIT_NOWHERE if getattr(trainer, "warnings", None) else EXIT_OK


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _report(trainer, result, run, start_epoch, saved, interrupted) -> dict:
    s = trainer.summary()
    dataset = run.dataset
    regression = dataset.task == "regression"
    net = trainer.net
    opt = trainer.optimizer
    return {
        "train_loss": _finite(s["train_loss"]), "test_loss": _finite(s["test_loss"]),
        "train_accuracy": None if regression else _finite(s.get("train_accuracy")),
        "test_accuracy": None if regression else _finite(s.get("test_accuracy")),
        "train_r2": _finite(s.get("train_r2")) if regression else None,
        "test_r2": _finite(s.get("test_r2")) if regression else None,
        "epochs": trainer.epoch, "epochs_run": trainer.epoch - start_epoch,
        "steps": trainer.steps, "seconds": round(result.seconds, 6),
        "diverged": bool(trainer.diverged), "divergence": trainer.divergence or None,
        "stop_reason": "interrupted" if interrupted else result.reason,
        "interrupted": interrupted,
        "task": dataset.task, "dataset": dataset.name,
        "n_train": int(len(dataset.train_idx)), "n_test": int(len(dataset.test_idx)),
        "network": "-".join(map(str, net.sizes)),
        "activations": [ls.activation for ls in net.layers],
        "parameters": net.parameter_count, "features": run.features,
        "loss": trainer.loss, "optimizer": opt.name, "lr": opt.lr,
        "batch_size": trainer.batch_size, "saved": saved,
        # notes from loading, then what training itself found (going nowhere)
        "warnings": run.warnings + [w.message for w in getattr(trainer, "warnings", ())],
    }


def _human(r, trainer) -> str:
    if r["task"] == "regression":
        def metric(which):
            v = r[f"{which}_r2"]
            return "" if v is None else f"  R² {v:.4f}"
    else:
        def metric(which):
            v = r[f"{which}_accuracy"]
            return "" if v is None else f"  accuracy {100 * v:.1f} %"

    def loss(v):
        return "—" if v is None else f"{v:.4g}"

    acts = ", ".join(dict.fromkeys(r["activations"]))
    lines = [
        f"data     {r['dataset']} ({r['task']}; {r['n_train']} training, "
        f"{r['n_test']} test points)",
        f"network  {r['network']} ({acts}; {r['parameters']} parameters), loss {r['loss']}",
        f"training {r['optimizer']}, lr {r['lr']:g}, batch "
        f"{r['batch_size'] or 'all'}: {r['epochs_run']} epoch(s) in {r['seconds']:.2f} s "
        f"— {r['stop_reason']} (epoch {r['epochs']}, step {r['steps']} in total)",
        f"  train  loss {loss(r['train_loss'])}{metric('train')}",
    ]
    if r["n_test"]:
        lines.append(f"  test   loss {loss(r['test_loss'])}{metric('test')}")
    if r["diverged"]:
        lines.append(r["divergence"])
    lines += [f"warning: {w}" for w in r["warnings"]]
    if r.get("health"):
        lines += summary_lines(r["health"])
    if r["saved"]:
        lines.append(f"saved to {r['saved']}")
    return "\n".join(lines)


__all__ = ["main", "build_parser", "output_layer", "EXIT_OK", "EXIT_USAGE", "EXIT_DIVERGED",
           "EXIT_NOWHERE", "EXIT_INTERRUPTED"]

if __name__ == "__main__":
    sys.exit(main())
