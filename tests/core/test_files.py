"""Session files: exact round trips, exact continuation, atomic saves and
validation messages that name the field."""
import copy
import json
import os
import stat
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core.files.reader as reader
import core.files.writer as writer
from core.data import from_points, load_csv, make_dataset
from core.errors import SessionFileError
from core.files import (
    SessionState,
    build_dataset,
    build_network,
    build_optimizer,
    load_session,
    save_session,
    session_from_dict,
    session_to_dict,
    state_from_trainer,
    trainer_from_state,
)
from core.network import Network
from core.optim import make_optimizer
from core.train import History, Trainer


# -- helpers -------------------------------------------------------------------
def _trainer(ds, hidden, act="tanh", features=None, opt="adam", lr=0.01, batch=16,
             seed=1, test=True, **kw):
    n_in = len(features) if features else ds.n_inputs
    out = "identity" if ds.task == "regression" else (
        "sigmoid" if ds.n_classes == 2 else "softmax")
    net = Network.from_sizes([n_in, *hidden, ds.output_dim], act, out, seed=seed)
    Xtr, Ytr, Xte, Yte = ds.split(features)
    if not test:
        Xte = Yte = None
    return Trainer(net, Xtr, Ytr, Xte, Yte, optimizer=make_optimizer(opt, lr),
                   batch_size=batch, seed=seed + 1, task=ds.task, **kw)


def _bits(a):
    a = np.asarray(a)
    return (a.dtype.kind, a.shape, a.tobytes())


def assert_same_state(a: SessionState, b: SessionState):
    assert a.spec == b.spec
    assert _bits(a.theta) == _bits(b.theta)
    assert (a.init, a.seed, a.features, a.loss) == (b.init, b.seed, b.features, b.loss)
    da, db = a.dataset, b.dataset
    assert (da.name, da.task, da.n_classes, tuple(da.input_names), tuple(da.class_names),
            da.source) == (db.name, db.task, db.n_classes, tuple(db.input_names),
                           tuple(db.class_names), db.source)
    for f in ("X", "y", "train_idx", "test_idx"):
        assert _bits(getattr(da, f)) == _bits(getattr(db, f)), f
    oa, ob = a.optimizer, b.optimizer
    assert (oa["name"], oa["lr"], oa["hyper"], oa["t"]) == (ob["name"], ob["lr"],
                                                            ob["hyper"], ob["t"])
    assert oa["state"].keys() == ob["state"].keys()
    for k in oa["state"]:
        assert _bits(oa["state"][k]) == _bits(ob["state"][k])
    assert (a.batch_size, a.l1, a.l2, a.train_seed, a.epoch, a.steps) == \
        (b.batch_size, b.l1, b.l2, b.train_seed, b.epoch, b.steps)
    ha, hb = a.history.to_dict(), b.history.to_dict()
    for f in History.FIELDS:
        assert _bits(ha[f]) == _bits(hb[f]), f
    ta, tb = a.trainer_state, b.trainer_state
    assert (ta is None) == (tb is None)
    if ta:
        assert ta.keys() == tb.keys()
        for k in ta:
            if k == "perm" and ta[k] is not None:
                assert _bits(ta[k]) == _bits(tb[k])
            else:
                assert ta[k] == tb[k], k
    assert a.extra == b.extra


@pytest.fixture
def good(tmp_path):
    """A small valid session file; returns (path, parsed document)."""
    ds = make_dataset("moons", 40, 0.1, seed=0, test_fraction=0.25)
    tr = _trainer(ds, [3])
    tr.train(2)
    path = tmp_path / "good.nnviz"
    save_session(path, state_from_trainer(tr, ds))
    return path, json.loads(path.read_text())


# -- round trips ---------------------------------------------------------------
def test_round_trip_generator_dataset_softmax_adam_mid_epoch(tmp_path):
    ds = make_dataset("gaussians", 90, 0.2, seed=4, test_fraction=0.3, classes=3)
    tr = _trainer(ds, [5, 4], act="relu", l2=1e-3, l1=1e-4)
    tr.train(3)
    tr.step()                                   # stop in the middle of an epoch
    state = state_from_trainer(tr, ds, extra={"view": {"zoom": 1.5, "tab": "graph"},
                                              "lesson": "E8", "sample": 7})
    path = save_session(tmp_path / "a.nnviz", state)
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["format"] == "nnviz-session" and doc["version"] == 1
    assert doc["dataset"]["kind"] == "generator"        # stored by recipe
    assert "X" not in doc["dataset"]
    loaded = load_session(path)
    assert loaded.warnings == []
    assert_same_state(state, loaded)
    assert loaded.spec[-1]["activation"] == "softmax"
    assert loaded.optimizer["state"].keys() == {"m", "v"}
    assert loaded.trainer_state["perm"] is not None and loaded.trainer_state["pos"] > 0
    # A second save of the loaded state writes the very same bytes.
    save_session(tmp_path / "b.nnviz", loaded)
    assert (tmp_path / "b.nnviz").read_text(encoding="utf-8") == text


def test_round_trip_points_dataset_prelu_regression_large_arrays(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2500, 2))
    X[0] = [-0.0, 5e-324]                      # signed zero and a subnormal
    X[1] = [0.1 + 0.2, 9.99e11]                # the largest values allowed are ±1e12
    y = X[:, 0] * 0.5 - X[:, 1] * 1e-308
    ds = from_points(X, y, task="regression", name="mine", test_fraction=0.2, seed=3)
    tr = _trainer(ds, [6], act="prelu", features=["x1", "x2", "x1*x2"], opt="momentum",
                  lr=1e-4, batch=0)
    tr.train(2)
    state = state_from_trainer(tr, ds, features=["x1", "x2", "x1*x2"])
    path = save_session(tmp_path / "p.nnviz", state)
    doc = json.loads(path.read_text())
    assert doc["dataset"]["kind"] == "points"
    assert "base64" in doc["dataset"]["X"]              # 5000 numbers: binary
    assert isinstance(doc["network"]["theta"], list)     # small: readable list
    loaded = load_session(path)
    assert_same_state(state, loaded)
    assert np.signbit(loaded.dataset.X[0, 0]) and loaded.dataset.X[0, 1] == 5e-324
    net = build_network(loaded)
    assert "a1" in net.params and _bits(net.theta) == _bits(tr.net.theta)


def test_round_trip_csv_points_classification_and_history_nan(tmp_path):
    ds = load_csv("x,y,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n2,2,2\n", test_fraction=0.0)
    tr = _trainer(ds, [4], batch=0, test=False)
    tr.train(3)
    state = state_from_trainer(tr, ds)
    path = save_session(tmp_path / "c.nnviz", state)
    doc = json.loads(path.read_text())
    assert doc["history"]["test_loss"] == [None, None, None]     # NaN as null
    loaded = load_session(path)
    assert_same_state(state, loaded)
    assert np.isnan(loaded.history["test_loss"]).all()
    assert loaded.dataset.y.dtype.kind == "i"


def test_nonfinite_history_and_odd_nan_use_base64():
    ds = make_dataset("xor", 20, 0.0, seed=0)
    h = History()
    odd_nan = np.array([0x7FF8000000000001], dtype=np.uint64).view(np.float64)[0]
    h.append(epoch=1, step=1, train_loss=np.inf, test_loss=odd_nan, train_metric=0.5,
             test_metric=np.nan)
    net = Network.from_sizes([2, 1], "tanh", "sigmoid", seed=0)
    state = SessionState(spec=net.spec(), theta=net.theta, dataset=ds, history=h)
    doc = session_to_dict(state)
    assert "base64" in doc["history"]["train_loss"] and "base64" in doc["history"]["test_loss"]
    assert doc["history"]["test_metric"] == [None]
    back = session_from_dict(json.loads(json.dumps(doc)))
    assert _bits(back.history["test_loss"]) == _bits(h["test_loss"])
    assert back.history["train_loss"][0] == np.inf


def test_minimal_hand_written_file_uses_defaults(tmp_path):
    doc = {"format": "nnviz-session", "version": 1,
           "network": {"spec": [{"input_dim": 1, "output_dim": 1, "activation": "identity"}],
                       "theta": [3.0, 0.0]},
           "dataset": {"kind": "points", "task": "regression", "X": [[1], [2]],
                       "y": [3.14, 12.56], "train_idx": [0, 1], "test_idx": []}}
    path = tmp_path / "hand.nnviz"
    path.write_text(json.dumps(doc))
    s = load_session(path)
    assert s.loss == "mse" and s.optimizer["name"] == "sgd" and s.epoch == 0
    assert s.dataset.input_names == ("x1",) and len(s.history) == 0
    tr = trainer_from_state(s)
    tr.train(1)
    assert tr.epoch == 1


def test_edited_generator_data_are_stored_as_points(tmp_path):
    ds = make_dataset("circles", 30, 0.1, seed=2)
    ds.X = ds.X.copy()
    ds.X[0, 0] += 1.0                   # no longer what the recipe makes
    net = Network.from_sizes([2, 2, 1], seed=0)
    s = SessionState(spec=net.spec(), theta=net.theta, dataset=ds)
    loaded = load_session(save_session(tmp_path / "e.nnviz", s))
    assert loaded.dataset.source == {"kind": "points"}
    assert _bits(loaded.dataset.X) == _bits(ds.X)


def test_changed_generator_gives_a_warning_not_an_error(good, tmp_path):
    _, doc = good
    doc["dataset"]["fingerprint"] = "0" * 20
    p = tmp_path / "w.nnviz"
    p.write_text(json.dumps(doc))
    s = load_session(p)
    assert s.warnings and "moons" in s.warnings[0]


def test_build_helpers(good):
    s = load_session(good[0])
    net = build_network(s)
    assert _bits(net.theta) == _bits(s.theta) and net.init == s.init
    opt = build_optimizer(s)
    assert opt.name == "adam" and opt.t == s.optimizer["t"]
    opt.state["m"][0] += 1.0                      # a copy, not the state's arrays
    assert opt.state["m"][0] != s.optimizer["state"]["m"][0]
    assert build_dataset(s) is s.dataset


# -- exact continuation --------------------------------------------------------
@pytest.mark.parametrize("extra_steps", [0, 3])
def test_training_on_after_load_is_bitwise_the_same(tmp_path, extra_steps):
    ds = make_dataset("moons", 120, 0.15, seed=5, test_fraction=0.2)
    a = _trainer(ds, [6, 5], act="rrelu", batch=20, seed=7)   # rrelu: random slopes
    a.train(3)
    for _ in range(extra_steps):
        a.step()
    path = save_session(tmp_path / "run.nnviz", state_from_trainer(a, ds))
    b = trainer_from_state(load_session(path))
    a.train(4)
    b.train(4)
    assert _bits(a.net.theta) == _bits(b.net.theta)
    for f in History.FIELDS:
        assert _bits(a.history[f]) == _bits(b.history[f])
    assert a.summary() == b.summary()
    assert a.optimizer.t == b.optimizer.t


def test_snapshot_does_not_change_when_training_goes_on():
    ds = make_dataset("xor", 40, 0.1, seed=0)
    tr = _trainer(ds, [4])
    tr.train(1)
    s = state_from_trainer(tr, ds)
    theta, m = s.theta.copy(), s.optimizer["state"]["m"].copy()
    tr.train(2)
    assert _bits(s.theta) == _bits(theta) and _bits(s.optimizer["state"]["m"]) == _bits(m)
    assert len(s.history) == 1


# -- atomic saving -------------------------------------------------------------
def _boom(*a, **k):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("target", ["fsync", "replace"])
def test_failed_save_keeps_the_old_file_and_leaves_no_temp(good, monkeypatch, target):
    path, _ = good
    before = path.read_bytes()
    s = load_session(path)
    s.extra = {"changed": True}
    monkeypatch.setattr(writer.os, target, _boom)
    with pytest.raises(SessionFileError, match="No space left"):
        save_session(path, s)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["good.nnviz"]


def test_interrupted_save_cleans_up(good, monkeypatch):
    path, _ = good
    before = path.read_bytes()

    def interrupt(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(writer.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_session(path, load_session(path))
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["good.nnviz"]


def test_save_refuses_what_it_could_not_load(tmp_path):
    ds = make_dataset("xor", 20, 0.0, seed=0)
    net = Network.from_sizes([2, 1], seed=0)
    theta = net.theta.copy()
    theta[1] = np.nan
    with pytest.raises(SessionFileError, match=r"bad\.nnviz: network\.theta: W1\[1,0\]"):
        save_session(tmp_path / "bad.nnviz", SessionState(spec=net.spec(), theta=theta,
                                                          dataset=ds))
    with pytest.raises(SessionFileError, match=r"extra\.when"):
        save_session(tmp_path / "bad.nnviz", SessionState(
            spec=net.spec(), theta=net.theta, dataset=ds, extra={"when": object()}))
    with pytest.raises(SessionFileError, match="folder"):
        save_session(tmp_path, SessionState(spec=net.spec(), theta=net.theta, dataset=ds))
    with pytest.raises(SessionFileError, match="cannot save"):
        save_session(tmp_path / "no" / "such.nnviz",
                     SessionState(spec=net.spec(), theta=net.theta, dataset=ds))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_new_file_gets_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        ds = make_dataset("xor", 20, 0.0, seed=0)
        net = Network.from_sizes([2, 1], seed=0)
        p = save_session(tmp_path / "m.nnviz",
                         SessionState(spec=net.spec(), theta=net.theta, dataset=ds))
    finally:
        os.umask(old)
    assert p.stat().st_mode & 0o777 == 0o644


# -- corrupt files -------------------------------------------------------------
def _set(doc, dotted, value):
    *head, last = dotted.split(".")
    d = doc
    for k in head:
        d = d[int(k)] if isinstance(d, list) else d[k]
    if value is _DELETE:
        del d[last]
    elif isinstance(d, list):
        d[int(last)] = value
    else:
        d[last] = value


_DELETE = object()

CORRUPTIONS = [
    ("format", "something-else", "format is text 'something-else'"),
    ("format", _DELETE, "missing field 'format'"),
    ("version", 3, "made by a newer nnviz (version 3); this one reads up to 1"),
    ("version", "one", "version: expected a whole number"),
    ("network.spec", _DELETE, "missing field 'network.spec'"),
    ("network.spec", "2-3-1", "network.spec: expected a list of layers"),
    ("network.spec.1.activation", "wobble", "network.spec: layer 2: unknown activation"),
    ("network.spec.1.input_dim", 4, "network.spec: layer 2: input_dim is 4"),
    ("network.theta", "abc", "network.theta: expected an array"),
    ("network.theta", [1.0, 2.0], "network.theta: has 2 numbers but the spec needs 13"),
    ("network.theta.4", None, "network.theta: W1[1,1] (index 4) is nan"),
    ("network.theta.0", "1", "network.theta: text where numbers"),
    ("network.theta.0", [1, 2], "network.theta: not a rectangular array"),
    ("network.init", "ones", "network.init: unknown value 'ones'"),
    ("network.seed", -1, "network.seed: must be at least 0"),
    ("network.colour", "red", "unknown field 'network.colour'"),
    ("dataset", _DELETE, "missing field 'dataset'"),
    ("dataset.kind", "pictures", "dataset.kind: unknown value 'pictures'"),
    ("dataset.name", "galaxies", "dataset.name: unknown value 'galaxies'"),
    ("dataset.n_samples", 2, "dataset.n_samples: must be at least 4"),
    ("dataset.test_fraction", 1.0, "dataset.test_fraction: must be at most 0.9"),
    ("features", ["x1", "x9"], "features[1]: unknown input feature"),
    ("features", ["x1"], "network.spec: layer 1 takes 2 input(s) but the data set gives 1"),
    ("training.loss", "cross_entropy", "training.loss: loss cross_entropy needs a softmax"),
    ("training.optimizer.name", "lion", "training.optimizer.name: unknown value 'lion'"),
    ("training.optimizer.lr", -1, "training.optimizer.lr: must be above 0"),
    ("training.optimizer.hyper.beta1", 2.0, "training.optimizer.hyper: adam: beta1"),
    ("training.optimizer.hyper.beta1", "x", "training.optimizer.hyper.beta1: expected a num"),
    ("training.optimizer.state.m", [0.0], "training.optimizer.state.m: has 1 numbers"),
    ("training.optimizer.state.velocity", [0.0], "training.optimizer.state.velocity: adam"),
    ("training.batch_size", -4, "training.batch_size: must be at least 0"),
    ("training.batch_size", True, "training.batch_size: expected a whole number, got true"),
    ("training.epoch", 1.5, "training.epoch: expected a whole number, got 1.5"),
    ("training.state.rng", {"bit_generator": "MT19937"}, "training.state.rng: expected"),
    ("training.state.rng.state", "x", "training.state.rng: not a valid random"),
    ("training.state.perm", [0, 0, 1], "training.state.perm: is not a shuffle of the 30"),
    ("training.state.diverged", "no", "training.state.diverged: expected true or false"),
    ("history.train_loss", [1.0], "history: columns have different lengths"),
    ("history.epoch", _DELETE, "missing field 'history.epoch'"),
    ("extra", [1, 2], "extra: expected an object"),
    ("surprise", 1, "unknown field 'surprise'"),
]


@pytest.mark.parametrize("field,value,expected", CORRUPTIONS,
                         ids=[f"{c[0]}={c[1]!r}"[:40] for c in CORRUPTIONS])
def test_corrupt_field_is_named(good, tmp_path, field, value, expected):
    _, doc = good
    doc = copy.deepcopy(doc)
    if field.startswith("training.state.perm"):
        doc["training"]["state"]["pos"] = 0
    _set(doc, field, value)
    p = tmp_path / "bad.nnviz"
    p.write_text(json.dumps(doc))
    with pytest.raises(SessionFileError) as e:
        load_session(p)
    msg = str(e.value)
    assert msg.startswith("bad.nnviz: ")
    assert expected in msg
    assert "\n" not in msg


POINTS_CORRUPTIONS = [
    ("dataset.y", [0, 1], "dataset.y: has 2 values but dataset.X has 6 rows"),
    ("dataset.y.0", 7, "dataset.y: label 7 is out of range for 2 classes"),
    ("dataset.y.0", 0.5, "dataset.y: expected whole numbers"),
    ("dataset.X.0", [1.0], "dataset.X: not a rectangular array"),
    ("dataset.X.0.0", None, "dataset.X: row 0 holds NaN"),
    ("dataset.X.1.1", {}, "dataset.X: item 3: expected a number, got an object"),
    ("dataset.X", [1, 2, 3], "dataset.X: expected a 2-D array, got 1-D"),
    ("dataset.test_idx", [9], "dataset.test_idx: index 9 is out of range for 6 samples"),
    ("dataset.train_idx", [], "dataset.train_idx: is empty"),
    ("dataset.train_idx", [0, 0], "dataset.train_idx: lists a sample twice"),
    ("dataset.class_names", ["a"], "dataset.class_names: has 1 names; expected 2"),
    ("dataset.task", "clustering", "dataset.task: unknown value 'clustering'"),
    ("dataset.X", {"dtype": "float64", "shape": [6, 2], "base64": "!!"},
     "dataset.X.base64: not valid base64"),
    ("dataset.X", {"dtype": "float64", "shape": [6, 2], "base64": "AAAAAAAAAAA="},
     "dataset.X.base64: holds 8 bytes but shape [6, 2] of float64 needs 96"),
    ("dataset.X", {"dtype": "complex", "shape": [1], "base64": ""},
     "dataset.X.dtype: expected 'float64' or 'int64'"),
    ("dataset.X", {"shape": [1], "base64": ""}, "missing field 'dataset.X.dtype'"),
]


@pytest.mark.parametrize("field,value,expected", POINTS_CORRUPTIONS,
                         ids=[c[0] + "-" + c[2][:24] for c in POINTS_CORRUPTIONS])
def test_corrupt_points_dataset_is_named(tmp_path, field, value, expected):
    ds = from_points([[0, 0], [1, 1], [0, 1], [1, 0], [2, 2], [3, 3]],
                     [0, 1, 1, 0, 1, 0], test_fraction=0.5)
    net = Network.from_sizes([2, 2, 1], seed=0)
    doc = session_to_dict(SessionState(spec=net.spec(), theta=net.theta, dataset=ds))
    doc = json.loads(json.dumps(doc))
    _set(doc, field, value)
    p = tmp_path / "pts.nnviz"
    p.write_text(json.dumps(doc))
    with pytest.raises(SessionFileError) as e:
        load_session(p)
    assert expected in str(e.value)


def test_whole_file_problems(tmp_path, good, monkeypatch):
    def err(path):
        with pytest.raises(SessionFileError) as e:
            load_session(path)
        return str(e.value)

    p = tmp_path / "x.nnviz"
    p.write_text('{"format": "nnviz-session", \n "version": 1,, }')
    assert "not a nnviz session file: not valid JSON" in err(p) and "line 2" in err(p)
    p.write_text("")
    assert "empty" in err(p)
    p.write_text("   \n ")
    assert "empty" in err(p)
    p.write_bytes(bytes(range(256)) * 10)
    assert "binary file" in err(p)
    p.write_bytes(b"\xff\xfe garbage \xc3\x28")
    assert "not UTF-8" in err(p)
    np.savez(tmp_path / "arrays.npz", a=np.zeros(3))
    assert "zip archive" in err(tmp_path / "arrays.npz")
    p.write_text("[1, 2, 3]")
    assert "expected a JSON object at the top level, got a list of 3" in err(p)
    p.write_text("[" * 100_000 + "]" * 100_000)
    assert "not a nnviz session file" in err(p)
    p.write_text('{"format": "nnviz-session", "version": ' + "9" * 5000 + "}")
    assert "not a nnviz session file" in err(p)
    p.write_text("lorem ipsum dolor sit amet " * 1000)
    assert "not valid JSON" in err(p)
    assert "folder" in err(tmp_path)
    assert err(tmp_path / "missing.nnviz") == "missing.nnviz: no such file"
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    assert "too large" in err(good[0])


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=8)


def _paths(v, prefix=()):
    out = [prefix] if prefix else []
    if isinstance(v, dict):
        for k, x in v.items():
            out += _paths(x, prefix + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v[:3]):
            out += _paths(x, prefix + (i,))
    return out


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_mutation_loads_or_gives_session_file_error(good, data):
    _, doc = good
    doc = copy.deepcopy(doc)
    path = data.draw(st.sampled_from(_paths(doc)))
    parent = doc
    for k in path[:-1]:
        parent = parent[k]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(_json_values)
    try:
        session_from_dict(doc)
    except SessionFileError as e:
        assert str(e) and "\n" not in str(e)


# -- what a save may replace, and its temporaries ------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX links and FIFOs")
def test_save_replaces_only_ordinary_files(good, tmp_path):
    path, _ = good
    s = load_session(path)
    target = tmp_path / "target.nnviz"
    target.write_text("precious")
    link = tmp_path / "link.nnviz"
    link.symlink_to(target)
    fifo = tmp_path / "fifo.nnviz"
    os.mkfifo(fifo)
    for where, why in ((link, "symbolic link"), (fifo, "not an ordinary file"),
                       ("/dev/null", "not an ordinary file")):
        with pytest.raises(SessionFileError, match=why) as e:
            save_session(where, s)
        assert "\n" not in str(e.value) and str(e.value).startswith("cannot save ")
    assert link.is_symlink() and target.read_text() == "precious"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert not [p for p in tmp_path.iterdir() if writer.TMP_MARK in p.name]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_load_never_blocks_on_a_pipe(tmp_path):
    fifo = tmp_path / "pipe.nnviz"
    os.mkfifo(fifo)              # nobody writes: a blocking open would hang here
    with pytest.raises(SessionFileError, match="pipe.nnviz: not a regular file"):
        load_session(fifo)
    with pytest.raises(SessionFileError, match="not a regular file"):
        load_session("/dev/zero")


def test_temporaries_are_named_and_stale_ones_cleaned(good, monkeypatch):
    path, _ = good
    folder = path.parent
    s = load_session(path)
    seen = []
    real_replace = writer.os.replace

    def spy(src, dst):
        seen.append(Path(src).name)
        return real_replace(src, dst)
    monkeypatch.setattr(writer.os, "replace", spy)
    save_session(path, s)
    assert len(seen) == 1 and seen[0].startswith(".good.nnviz.nnviz-tmp-")
    monkeypatch.undo()
    stale = folder / ".good.nnviz.nnviz-tmp-0123abcd"
    fresh = folder / ".good.nnviz.nnviz-tmp-89abcdef"
    older_style = folder / ".good.nnviz.deadbeef.tmp"
    other = folder / ".other.nnviz.nnviz-tmp-0123abcd"       # another file's: not ours
    mine_not = folder / "notes.nnviz-tmp-0123abcd"
    for p in (stale, fresh, older_style, other, mine_not):
        p.write_text("half a file")
    hour_ago = time.time() - 3600
    for p in (stale, older_style, other, mine_not):
        os.utime(p, (hour_ago, hour_ago))
    save_session(path, s)
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(["good.nnviz", fresh.name, other.name, mine_not.name])
    assert load_session(path).epoch == s.epoch


def test_killed_save_leaves_the_old_file_whole(good, monkeypatch):
    """A save killed after writing part of the temporary: the target is the
    old file, byte for byte (the temporary is what a later save cleans)."""
    path, _ = good
    before = path.read_bytes()
    real_fdopen = writer.os.fdopen

    class Killed(BaseException):
        pass

    def fdopen(fd, mode):
        f = real_fdopen(fd, mode)
        real_write = f.write

        def write(data):
            real_write(data[: len(data) // 2])
            raise Killed
        f.write = write
        return f
    monkeypatch.setattr(writer.os, "fdopen", fdopen)
    with pytest.raises(Killed):
        save_session(path, load_session(path))
    assert path.read_bytes() == before
