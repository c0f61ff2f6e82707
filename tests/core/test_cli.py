"""nnviz-train: JSON output, one-line errors, save/load, divergence, exit codes."""
import json
import math
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core import cli
from core.files import load_session
from core.train import Trainer

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["--samples", "80", "--epochs", "15", "--layers", "6"]
KEYS = {"train_loss", "test_loss", "train_accuracy", "test_accuracy", "train_r2",
        "test_r2", "epochs", "epochs_run", "steps", "seconds", "diverged", "divergence",
        "stop_reason", "task", "dataset", "n_train", "n_test", "network", "parameters",
        "saved"}


def run_json(capsys, *argv, code=0):
    rc = cli.main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert rc == code, err
    assert out.endswith("\n") and out.count("\n") == 1     # exactly one line …
    report = json.loads(out)                               # … holding one object
    assert isinstance(report, dict) and KEYS <= report.keys()
    return report, err


@pytest.mark.parametrize("dataset", ["moons", "xor"])
def test_json_report_for_a_small_run(capsys, dataset):
    r, err = run_json(capsys, "--dataset", dataset, *SMALL)
    assert err == ""                                    # not a TTY: no progress bar
    assert r["task"] == "classification" and r["dataset"] == dataset
    assert r["epochs"] == r["epochs_run"] == 15 and r["steps"] >= 15
    assert r["diverged"] is False and r["divergence"] is None
    assert 0 < r["train_loss"] < 1 and 0 < r["test_loss"] < 1.5
    assert 0.5 <= r["train_accuracy"] <= 1 and 0 <= r["test_accuracy"] <= 1
    assert r["train_r2"] is None and r["test_r2"] is None
    assert r["n_train"] + r["n_test"] == 80 and r["network"] == "2-6-1"
    assert r["seconds"] >= 0 and r["saved"] is None


def test_json_report_for_regression_and_multiclass(capsys):
    r, _ = run_json(capsys, "--dataset", "sine", *SMALL)
    assert r["task"] == "regression" and r["loss"] == "mse"
    assert r["train_accuracy"] is None and r["test_accuracy"] is None
    assert r["train_r2"] <= 1 and r["test_r2"] <= 1
    assert r["activations"] == ["tanh", "identity"]
    r, _ = run_json(capsys, "--dataset", "spiral", "--classes", "4", *SMALL)
    assert r["network"] == "2-6-4" and r["activations"][-1] == "softmax"
    assert r["loss"] == "cross_entropy"
    r, _ = run_json(capsys, "--dataset", "circles", "--test-fraction", "0", *SMALL)
    assert r["n_test"] == 0 and r["test_loss"] is None and r["test_accuracy"] is None


def test_human_summary(capsys):
    assert cli.main(["--dataset", "moons", *SMALL]) == 0
    out, err = capsys.readouterr()
    assert "network  2-6-1" in out and "accuracy" in out and "max epochs" in out
    assert err == ""
    assert cli.main(["--dataset", "moons", *SMALL, "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


class FakeTTY:
    def __init__(self):
        self.parts = []

    def isatty(self):
        return True

    def write(self, s):
        self.parts.append(s)

    def flush(self):
        pass


def test_progress_bar_only_on_a_terminal(capsys, monkeypatch):
    tty = FakeTTY()
    monkeypatch.setattr(sys, "stderr", tty)
    assert cli.main(["--dataset", "xor", *SMALL, "--json"]) == 0
    text = "".join(tty.parts)
    assert "epoch 15/15 [" in text and "#]" in text and " loss " in text and "acc" in text
    assert text.endswith("\n")
    json.loads(capsys.readouterr().out)                 # stdout stays pure JSON
    tty.parts.clear()
    assert cli.main(["--dataset", "xor", *SMALL, "--quiet"]) == 0
    assert tty.parts == []


BAD_FLAGS = [
    (["--lr", "-1"], "--lr: must be a positive number, got -1"),
    (["--lr", "abc"], "--lr: must be a positive number, got abc"),
    (["--lr", "nan"], "--lr:"),
    (["--epochs", "-3"], "--epochs:"),
    (["--epochs", "1.5"], "--epochs:"),
    (["--batch-size", "x"], "--batch-size:"),
    (["--samples", "2"], "--samples: must be a whole number from 4"),
    (["--noise", "-0.1"], "--noise:"),
    (["--test-fraction", "1.5"], "--test-fraction:"),
    (["--classes", "1"], "--classes:"),
    (["--classes", "3"], "--classes: only gaussians and spiral"),
    (["--layers", "a,b"], "--layers:"),
    (["--layers", "4,0"], "--layers: layer sizes must be from 1"),
    (["--activation", "softmax"], "--activation: invalid choice"),
    (["--dataset", "galaxies"], "--dataset: invalid choice"),
    (["--optimizer", "lion"], "--optimizer: invalid choice"),
    (["--features", "x1,x9"], "--features: unknown feature x9"),
    (["--dataset", "iris", "--features", "x1,x2"], "--features: engineered features need"),
    (["--loss", "cross_entropy"], "--loss: loss cross_entropy needs a softmax"),
    (["--csv", "nowhere.csv"], "--csv: no such file"),
    (["--dataset", "moons", "--csv", "p.csv"], "--csv: not allowed with argument --dataset"),
    (["--task", "regression"], "--task: only applies to --csv"),
    (["--spec", "nowhere.json"], "--spec: no such file"),
    (["--load", "nowhere.nnviz"], "--load: nowhere.nnviz: no such file"),
    (["--save", "no/such/folder/x.nnviz"], "--save: the folder"),
    (["--lr"], "--lr: expected one argument"),
    (["--bogus"], "unrecognized arguments: --bogus"),
]


@pytest.mark.parametrize("argv,expected", BAD_FLAGS, ids=[" ".join(a) for a, _ in BAD_FLAGS])
def test_bad_flags_give_one_line_and_exit_2(capsys, tmp_path, monkeypatch, argv, expected):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("nnviz-train: error: ")
    assert expected in err
    assert "Traceback" not in err


def test_spec_file_errors_and_use(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"input_dim": 2, "output_dim": 3, "activation": "relu"},'
                   ' {"input_dim": 4, "output_dim": 1, "activation": "sigmoid"}]')
    assert cli.main(["--spec", str(bad)]) == 2
    assert "--spec: layer 2: input_dim is 4" in capsys.readouterr().err
    bad.write_text("{oops")
    assert cli.main(["--spec", str(bad)]) == 2
    assert "--spec: not a network spec: not valid JSON" in capsys.readouterr().err
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"layers": [
        {"input_dim": 2, "output_dim": 4, "activation": "relu"},
        {"input_dim": 4, "output_dim": 6, "activation": "leaky_relu"},
        {"input_dim": 6, "output_dim": 1, "activation": "sigmoid"}]}))
    r, _ = run_json(capsys, "--spec", str(good), "--samples", "60", "--epochs", "5")
    assert r["network"] == "2-4-6-1" and r["activations"] == ["relu", "leaky_relu", "sigmoid"]
    assert cli.main(["--spec", str(good), "--layers", "3"]) == 2
    assert "--layers: not allowed with --spec" in capsys.readouterr().err


def test_csv_points_and_features(capsys, tmp_path):
    csv = tmp_path / "pts.csv"
    rows = [f"{i % 7 / 7},{i % 5 / 5},{(i % 7 > 3) ^ (i % 5 > 2):d}\n" for i in range(40)]
    csv.write_text("a,b,label\n" + "".join(rows))
    r, _ = run_json(capsys, "--csv", str(csv), "--features", "x1,x2,x1*x2", "--epochs", "5")
    assert r["dataset"] == "csv" and r["network"].startswith("3-") and r["n_train"] == 32
    assert r["features"] == ["x1", "x2", "x1*x2"]
    r, _ = run_json(capsys, "--csv", str(csv), "--task", "regression", "--epochs", "3")
    assert r["task"] == "regression"


def test_save_then_load_continues_exactly(capsys, tmp_path):
    base = ["--dataset", "moons", "--samples", "100", "--layers", "5,4", "--batch-size", "16",
            "--optimizer", "adam", "--seed", "3"]
    first = tmp_path / "first.nnviz"
    r1, _ = run_json(capsys, *base, "--epochs", "10", "--save", str(first))
    assert r1["saved"] == str(first) and first.exists()
    r2, _ = run_json(capsys, "--load", str(first), "--epochs", "10",
                     "--save", str(tmp_path / "second.nnviz"))
    assert (r2["epochs"], r2["epochs_run"]) == (20, 10)
    straight, _ = run_json(capsys, *base, "--epochs", "20")
    # Bitwise the same as never stopping (floats in JSON are exact reprs).
    for k in ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "steps"):
        assert r2[k] == straight[k], k
    s = load_session(tmp_path / "second.nnviz")
    assert s.epoch == 20 and len(s.history) == 20 and s.optimizer["name"] == "adam"
    assert s.optimizer["t"] == r2["steps"]


def test_load_with_overrides(capsys, tmp_path):
    path = tmp_path / "s.nnviz"
    run_json(capsys, "--dataset", "xor", *SMALL, "--save", str(path))
    r, _ = run_json(capsys, "--load", str(path), "--epochs", "2", "--lr", "0.5",
                    "--optimizer", "momentum", "--batch-size", "0", "--noise", "0.3")
    assert (r["optimizer"], r["lr"], r["batch_size"]) == ("momentum", 0.5, 0)
    assert r["epochs"] == 17
    assert cli.main(["--load", str(path), "--layers", "4"]) == 2
    assert "--layers: cannot change the network" in capsys.readouterr().err
    assert cli.main(["--load", str(path), "--dataset", "iris"]) == 2
    assert "--dataset: the loaded network takes 2 input(s)" in capsys.readouterr().err
    # A damaged file: one line naming the flag, the file and the field.
    doc = json.loads(path.read_text())
    doc["network"]["theta"] = doc["network"]["theta"][:-1]
    path.write_text(json.dumps(doc))
    assert cli.main(["--load", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--load: s.nnviz: network.theta: has" in err


def test_divergence_is_reported_not_raised(capsys, tmp_path):
    path = tmp_path / "div.nnviz"
    r, _ = run_json(capsys, "--dataset", "moons", "--samples", "80", "--layers", "16,16",
                    "--activation", "relu", "--init", "he", "--optimizer", "sgd",
                    "--lr", "1000", "--epochs", "50", "--save", str(path), code=3)
    assert r["diverged"] is True and r["stop_reason"] == "diverged"
    assert "learning rate" in r["divergence"]
    assert r["train_loss"] is None or math.isfinite(r["train_loss"])
    s = load_session(path)                  # the last finite parameters were saved
    assert s.trainer_state["diverged"] is True
    # Continuing with a sensible rate is a new attempt.
    r, _ = run_json(capsys, "--load", str(path), "--lr", "0.01", "--epochs", "3")
    assert r["diverged"] is False
    assert cli.main(["--dataset", "moons", "--samples", "80", "--layers", "16,16",
                     "--activation", "relu", "--init", "he", "--optimizer", "sgd",
                     "--lr", "1000", "--epochs", "50"]) == 3
    assert "diverged" in capsys.readouterr().out


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signal handlers live in the main thread")
def test_ctrl_c_stops_cleanly_and_still_saves(capsys, tmp_path, monkeypatch):
    real = Trainer.run_epoch

    def run_epoch(self):
        value = real(self)
        if self.epoch == 2:
            signal.raise_signal(signal.SIGINT)      # as if the user pressed Ctrl-C
        return value
    monkeypatch.setattr(Trainer, "run_epoch", run_epoch)
    path = tmp_path / "i.nnviz"
    r, _ = run_json(capsys, "--dataset", "xor", *SMALL, "--save", str(path), code=130)
    assert r["interrupted"] is True and r["epochs"] == 2
    assert load_session(path).epoch == 2
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_help_in_process(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--layers" in out and "exit codes" in out


def test_module_entry_point_help():
    p = subprocess.run([sys.executable, "-m", "core.cli", "--help"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "usage: nnviz-train" in p.stdout and "3 training diverged" in p.stdout
    p = subprocess.run([sys.executable, "-m", "core.cli", "--lr", "0"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr == "nnviz-train: error: --lr: must be a positive number, got 0\n"


def test_failed_save_still_reports_then_exits_2(capsys, tmp_path, monkeypatch):
    from core.errors import SessionFileError

    def fail(path, state):
        raise SessionFileError("x.nnviz: cannot save x.nnviz: No space left on device")
    monkeypatch.setattr(cli, "save_session", fail)
    assert cli.main(["--dataset", "xor", *SMALL, "--save", str(tmp_path / "x.nnviz"),
                     "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["saved"] is None
    assert err.count("\n") == 1 and err.startswith("nnviz-train: error: --save: ")


def test_saved_sessions_open_in_the_window_model(capsys, tmp_path):
    """What nnviz-train saves, core.session.Session opens (the window's path)."""
    from core.session import Session
    path = tmp_path / "w.nnviz"
    run_json(capsys, "--dataset", "spiral", "--classes", "3", *SMALL, "--seed", "2147483647",
             "--save", str(path))
    s = Session.open(path)
    assert s.settings.seed == 2147483647 and s.trainer.epoch == 15
    spec = tmp_path / "slopes.json"
    spec.write_text(json.dumps([
        {"input_dim": 2, "output_dim": 4, "activation": "leaky_relu", "slope": 0.2},
        {"input_dim": 4, "output_dim": 1, "activation": "sigmoid"}]))
    r, _ = run_json(capsys, "--spec", str(spec), "--samples", "40", "--epochs", "2",
                    "--save", str(path))
    assert r["network"] == "2-4-1"
    r, _ = run_json(capsys, "--load", str(path), "--epochs", "2")
    assert r["epochs"] == 4 and load_session(path).spec[0]["slope"] == 0.2


# -- health (issue #14) --------------------------------------------------------------------
def test_json_health_object(capsys):
    r, _ = run_json(capsys, "--dataset", "moons", *SMALL)
    h = r["health"]
    assert set(h) >= {"dead_units", "saturated_units", "grad_norms", "best_test_epoch",
                      "overfitting"}
    assert h["dead_units"] == [] and h["saturated_units"] == []
    assert len(h["grad_norms"]) == 2 and all(v > 0 for v in h["grad_norms"])
    assert 1 <= h["best_test_epoch"] <= 15 and h["overfitting"] is False


def test_json_health_names_dead_units_one_based(capsys, tmp_path):
    # a ReLU net whose hidden unit 2 has a huge negative bias: dead on every point
    from core.network import Network
    net = Network.from_sizes([2, 3, 1], activation="relu", seed=0, init="he")
    net.params["b1"][1] = -1e4
    from core import make_dataset
    from core.files import save_session, state_from_trainer
    ds = make_dataset("moons", n_samples=80, noise=0.1, seed=0, test_fraction=0.2)
    t = Trainer(net, *ds.split(), optimizer="sgd", lr=0.01)
    path = tmp_path / "dead.nnviz"
    save_session(path, state_from_trainer(t, ds, None))
    r, _ = run_json(capsys, "--load", str(path), "--epochs", "3")
    assert r["health"]["dead_units"] == [[1, 2]]
    assert r["health"]["signals"][0]["code"] == "dead_units"
    assert cli.main(["--load", str(path), "--epochs", "0"]) == 0
    out = capsys.readouterr().out
    assert "dead units       h1.2" in out and "leaky ReLU" in out


def test_json_health_overfitting_and_the_best_test_epoch(capsys):
    r, _ = run_json(capsys, "--dataset", "moons", "--samples", "30", "--noise", "0.3",
                    "--layers", "64,64", "--epochs", "1000", "--batch-size", "0")
    h = r["health"]
    assert h["overfitting"] is True and 1 <= h["best_test_epoch"] < 500
    assert [s["code"] for s in h["signals"]][-1] == "overfitting"


def test_human_output_has_health_lines(capsys):
    assert cli.main(["--dataset", "moons", *SMALL]) == 0
    out = capsys.readouterr().out
    assert "health   gradient norms by layer" in out and "best test epoch" in out


def test_training_that_goes_nowhere_is_reported_and_exits_4(capsys):
    import json

    from core.cli import EXIT_NOWHERE, main
    code = main(["--dataset", "spiral", "--layers", "8,8", "--optimizer", "sgd", "--lr", "10",
                 "--epochs", "200", "--seed", "1", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert not out["diverged"] and code == EXIT_NOWHERE
    assert any("jumps up and down" in w for w in out["warnings"])
    assert all("Lower the learning rate by 10×" in w for w in out["warnings"])


def test_healthy_training_exits_0_with_no_warnings(capsys):
    import json

    from core.cli import main
    assert main(["--dataset", "moons", "--layers", "8", "--epochs", "100", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []
