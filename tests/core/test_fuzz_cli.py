"""Fuzzing nnviz-train in-process: any flag value, spec file or session file
ends in exit code 0/3 (it trained) or 2 with one stderr line naming the flag —
never a traceback."""
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
import corpus  # noqa: E402

QUICK = ["--samples", "20", "--epochs", "1", "--layers", "2"]
FAST = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
VALUE_FLAGS = ["--lr", "--epochs", "--batch-size", "--samples", "--noise", "--classes",
               "--test-fraction", "--seed", "--data-seed", "--layers", "--features", "--l1",
               "--l2", "--target-loss", "--dataset", "--activation", "--optimizer", "--loss",
               "--init", "--task", "--csv", "--spec", "--load", "--save"]

hostile = (st.text(max_size=30) | st.text(min_size=200, max_size=3000)
           | st.sampled_from(["", " ", "nan", "inf", "-inf", "1e999", "-0", "1_000", "0x10",
                              "9" * 400, "2147483648", "-1", "1e-400", "０", "1,5", ",",
                              "8," * 70, ",".join(["4096"] * 63), "none", "\x00", "\n"])
           | st.integers(-2 ** 80, 2 ** 80).map(str) | st.floats().map(repr))


def run(capsys, argv, flag=None):
    """Run in a scratch folder; returns (code, stderr) after checking the rules."""
    with tempfile.TemporaryDirectory() as tmp:
        old = os.getcwd()
        os.chdir(tmp)
        try:
            code = cli.main(argv)
        finally:
            os.chdir(old)
    out, err = capsys.readouterr()
    assert code in (0, 2, 3), (code, err[:300])
    if code == 2:
        assert out == "" or argv[-1] == "--json", out[:200]
        assert err.count("\n") == 1 and err.startswith("nnviz-train: error: "), err[:300]
        assert len(err) < 300 and "Traceback" not in err, err[:300]
        if flag is not None:
            assert err.startswith(f"nnviz-train: error: {flag}"), (flag, err)
    else:
        assert "Traceback" not in err
    return code, err


@FAST
@given(flag=st.sampled_from(VALUE_FLAGS), value=hostile)
def test_any_value_of_any_flag(capsys, flag, value):
    if flag == "--epochs":
        if value.strip().isdigit() and int(value) > 5:
            return                          # valid, and slow to train
        argv = ["--samples", "20", flag, value]
    elif flag in ("--csv", "--load", "--spec"):
        argv = ["--epochs", "1", flag, value]       # they exclude --samples, --layers
    elif flag in ("--samples", "--layers"):
        argv = ["--epochs", "1", flag, value]
    else:
        argv = [*QUICK, flag, value]
    run(capsys, argv, flag=flag)


CASES = [
    (["--layers", ""], "--layers: expected hidden layer sizes"),
    (["--layers", ",".join(["4096"] * 63)], "--layers: hidden layers must be from 0 to 8"),
    (["--layers", "65"], "--layers: layer sizes must be from 1 to 64"),
    (["--seed", str(2 ** 31)], "--seed: must be at most 2147483647"),
    (["--data-seed", str(2 ** 64)], "--data-seed:"),
    (["--epochs", "1" + "0" * 30], "--epochs:"),
    (["--lr", "1e999"], "--lr:"),
    (["--batch-size", "1_000"], "--batch-size:"),
    (["--dataset", "x" * 5000], "--dataset: invalid choice: 'xxxx"),
    (["--save", "/dev/null"], "--save: '/dev/null' is not an ordinary file"),
]


def test_minus_zero_is_zero(capsys):
    """Found by tests/fuzz/run_corpus.py: NumPy refused a noise scale of -0.0."""
    code, _ = run(capsys, [*QUICK, "--noise", "-0", "--l2", "-0.0"])
    assert code == 0


@pytest.mark.parametrize("argv,expected", CASES, ids=[a[0] + str(len(a[1])) for a, _ in CASES])
def test_known_bad_values(capsys, argv, expected):
    code, err = run(capsys, [*argv, "--epochs", "0"] if "--epochs" not in argv else argv)
    assert code == 2 and expected in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_pipes_and_links_are_never_opened_or_replaced(capsys, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for flag in ("--load", "--spec", "--csv", "--save"):
        code, err = run(capsys, [flag, str(fifo), "--epochs", "0"])
        assert code == 2 and "ordinary file" in err and err.startswith(
            f"nnviz-train: error: {flag}:"), err
    target = tmp_path / "real.nnviz"
    target.write_text("keep")
    (tmp_path / "link.nnviz").symlink_to(target)
    code, err = run(capsys, [*QUICK, "--save", str(tmp_path / "link.nnviz")])
    assert code == 2 and "symbolic link" in err
    assert target.read_text() == "keep"


def test_seed_too_large_for_the_window_is_refused_before_saving(capsys, tmp_path):
    code, err = run(capsys, [*QUICK, "--seed", str(2 ** 31), "--save", str(tmp_path / "s")])
    assert code == 2 and "--seed" in err and not (tmp_path / "s").exists()


spec_layers = st.fixed_dictionaries({
    "input_dim": st.integers(-2, 5) | st.sampled_from([2, 10 ** 400, 4096, 1e300, 2.0, "2"]),
    "output_dim": st.integers(0, 5) | st.sampled_from([1, 65, 10 ** 30, None, 3.5]),
    "activation": st.sampled_from(["tanh", "relu", "leaky_relu", "sigmoid", "softmax",
                                   "nope", "y" * 500, 5]),
}, optional={"slope": st.floats() | st.integers() | st.sampled_from([10 ** 400, "0.1", []]),
             "extra": st.none()})
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                           lambda v: st.lists(v, max_size=4)
                           | st.dictionaries(st.text(max_size=4), v, max_size=3),
                           max_leaves=10)


@FAST
@given(spec=st.lists(spec_layers, max_size=10) | json_values
       | st.integers(1, 200).map(corpus.nested))
def test_any_spec_file(capsys, tmp_path, spec):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    run(capsys, ["--spec", str(path), "--samples", "20", "--epochs", "1"], flag="--spec")


@pytest.mark.parametrize("text", ["[" * 100_000, "[" * 40 + "]" * 40, "1e999", "NaN",
                                  '[{"input_dim": 2, "output_dim": 1, "activation": "sigmoid",'
                                  ' "slope": ' + "9" * 500 + "}]", "\ufeff[]", "\x00\x01"])
def test_hostile_spec_text(capsys, tmp_path, text):
    path = tmp_path / "spec.json"
    path.write_text(text, encoding="utf-8")
    code, _ = run(capsys, ["--spec", str(path), "--epochs", "1"], flag="--spec")
    assert code == 2


DOCS = corpus.base_documents()


@FAST
@given(data=st.data())
def test_any_loaded_session(capsys, tmp_path, data):
    doc = DOCS[data.draw(st.sampled_from(["generator", "softmax", "minimal"]))]
    for _ in range(data.draw(st.integers(0, 2))):
        doc = corpus.replaced(doc, data.draw(st.sampled_from(corpus.paths(doc))),
                              data.draw(st.sampled_from(corpus.NASTY)))
    path = tmp_path / "s.nnviz"
    path.write_text(json.dumps(doc))
    run(capsys, ["--load", str(path), "--epochs", "1"], flag="--load")


def test_json_report_has_warnings(capsys, tmp_path):
    doc = corpus.replaced(DOCS["generator"], ("dataset", "fingerprint"), "0" * 20)
    path = tmp_path / "w.nnviz"
    path.write_text(json.dumps(doc))
    assert cli.main(["--load", str(path), "--epochs", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["warnings"] and "moons" in report["warnings"][0]
    assert cli.main(["--dataset", "xor", *QUICK, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []
