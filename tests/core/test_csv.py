"""CSV import (core.csv_import via core.data.load_csv): real files as people
save them — text labels, semicolons and decimal commas, BOMs, columns of very
different scale — and files that must be refused quickly with one line."""
import os
import threading
import time
import tracemalloc

import numpy as np
import pytest

from core import Network, Trainer
from core.data import load_csv
from core.errors import DataError


def _one_line(e):
    msg = str(e.value if hasattr(e, "value") else e)
    assert "\n" not in msg and len(msg) < 300, msg
    return msg


# -- labels ------------------------------------------------------------------------
def test_text_labels_become_sorted_named_classes(tmp_path):
    p = tmp_path / "pets.csv"
    p.write_text("weight,height,animal\n4,25,cat\n30,60,dog\n5,23,cat\n0.1,5,mouse\n"
                 "28,55,dog\n", encoding="utf-8")
    ds = load_csv(p, test_fraction=0.0, standardize=False)
    assert ds.task == "classification" and ds.n_classes == 3
    assert ds.class_names == ("cat", "dog", "mouse")
    np.testing.assert_array_equal(ds.y, [0, 1, 0, 2, 1])
    assert ds.input_names == ("weight", "height")
    np.testing.assert_array_equal(ds.X[3], [0.1, 5.0])
    assert ds.output_dim == 3 and ds.targets().shape == (5, 3)
    # The same without a header: the first row is data.
    ds2 = load_csv("4,25,cat\n30,60,dog\n5,23,cat\n", test_fraction=0.0, standardize=False)
    assert ds2.n_samples == 3 and ds2.class_names == ("cat", "dog")
    np.testing.assert_array_equal(ds2.y, [0, 1, 0])


def test_numeric_labels_keep_their_meaning():
    ds = load_csv("1,2,0\n3,4,1\n5,6,2\n", test_fraction=0.0)
    assert ds.class_names == ("class 0", "class 1", "class 2")
    np.testing.assert_array_equal(ds.y, [0, 1, 2])
    # 1..3 (no class 0) and −1/+1 keep their numbers as names, no empty class.
    ds = load_csv("1,2,3\n3,4,1\n5,6,2\n", test_fraction=0.0)
    assert ds.class_names == ("1", "2", "3") and ds.n_classes == 3
    np.testing.assert_array_equal(ds.y, [2, 0, 1])
    ds = load_csv("1,2,-1\n3,4,1\n", task="classification", test_fraction=0.0)
    assert ds.class_names == ("-1", "1")
    np.testing.assert_array_equal(ds.y, [0, 1])


def test_a_huge_label_builds_two_classes_not_a_billion():
    t0 = time.perf_counter()
    ds = load_csv("1,2,1e9\n3,4,3\n5,6,3\n", test_fraction=0.0)
    assert time.perf_counter() - t0 < 0.5
    assert ds.n_classes == 2 and ds.class_names == ("3", "1e+09")
    np.testing.assert_array_equal(ds.y, [1, 0, 0])


def test_too_many_classes_refused_before_building_them():
    text = "x,y,label\n" + "".join(f"{i},{i},c{i}\n" for i in range(5000))
    with pytest.raises(DataError) as e:
        load_csv(text)
    msg = _one_line(e)
    assert "line 12" in msg and "more than 10 different labels" in msg
    many = "".join(f"{i},{i % 20}\n" for i in range(40))
    assert load_csv(many).task == "regression"          # numbers: a target
    with pytest.raises(DataError, match="20 different labels; .* at most 10"):
        load_csv(many, task="classification")
    with pytest.raises(DataError, match="not a whole number"):
        load_csv("1,0.5\n2,1\n", task="classification")
    with pytest.raises(DataError, match=r"line 3, column 2: target 'cat' is not a number"):
        load_csv("1,0.5\n2,1\n3,cat\n", task="regression")
    with pytest.raises(DataError, match="at least two classes"):
        load_csv("1,2,cat\n3,4,cat\n")


# -- separators, decimal commas, encodings ------------------------------------------
@pytest.mark.parametrize("text", [
    "a;b;label\n1,5;2,25;0\n-3,5;4;1\n0,125;1e3;1\n",        # Excel in much of Europe
    "a\tb\tlabel\n1,5\t2,25\t0\n-3,5\t4\t1\n0,125\t1e3\t1\n",
    "a,b,label\n1.5,2.25,0\n-3.5,4,1\n0.125,1e3,1\n",
    "\ufeffa,b,label\r\n1.5,2.25,0\r\n-3.5,4,1\r\n0.125,1e3,1\r\n",   # BOM, CRLF
    'a,b,label\n"1,5",2.25,0\n-3.5,4,1\n0.125,1e3,1\n',   # quoted decimal comma
])
def test_separators_and_decimal_commas(text):
    ds = load_csv(text, test_fraction=0.0, standardize=False)
    np.testing.assert_array_equal(ds.X, [[1.5, 2.25], [-3.5, 4.0], [0.125, 1000.0]])
    np.testing.assert_array_equal(ds.y, [0, 1, 1])
    assert ds.input_names == ("a", "b")


def test_encodings_from_files(tmp_path):
    rows = "größe;gewicht;art\n1,5;2;Äpfel\n2,5;3;Birnen\n"
    for name, data in [("utf8bom.csv", b"\xef\xbb\xbf" + rows.encode("utf-8")),
                       ("utf16.csv", rows.encode("utf-16")),
                       ("cp1252.csv", rows.encode("cp1252"))]:
        p = tmp_path / name
        p.write_bytes(data)
        ds = load_csv(p, test_fraction=0.0, standardize=False)
        assert ds.input_names == ("größe", "gewicht"), name
        assert ds.class_names == ("Birnen", "Äpfel"), name
        np.testing.assert_array_equal(ds.X, [[1.5, 2.0], [2.5, 3.0]])


@pytest.mark.parametrize("text,words", [
    ("1;1,000;0\n2;3;1\n", ["line 1, column 2", "ambiguous"]),
    ("a;b;c\n1.5;1,000;0\n2;3;1\n", ["line 2, column 2", "ambiguous"]),
    ('a,b,c\n1.5,"0,125",0\n2,3,1\n', ["line 2, column 2", "ambiguous"]),
    ("a,b,c\n1,2,0\n1,,1\n", ["line 3, column 2", "empty"]),
    ("a,b,c\n1,2,0\n1,inf,1\n", ["line 3, column 2", "NaN, infinite or missing"]),
    ("a,b,c\n1,2,0\n1,2e12,1\n", ["line 3, column 2", "beyond ±1e+12"]),
    ("a,b,c\n1,2,0\n1,1e400,1\n", ["line 3, column 2"]),
    ("a,b,c\n1,2,0\n1,1_000,1\n", ["line 3, column 2", "'1_000' is not a number"]),
    ("a,b,c\n1,2,0\n1,2,3,4\n", ["line 3", "4 columns, expected 3"]),
    ("a,b,c\n1,2,0\n1," + "9" * 70 + ",1\n", ["line 3, column 2", "too long"]),
])
def test_bad_values_name_line_and_column(text, words):
    with pytest.raises(DataError) as e:
        load_csv(text)
    msg = _one_line(e)
    for w in words:
        assert w in msg, (w, msg)


def test_long_file_names_and_odd_characters_stay_one_short_line(tmp_path):
    p = tmp_path / ("x" * 200 + "\n.csv")
    p.write_text("a,b,c\n1,zz,0\n2,3,1\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_csv(p)
    msg = _one_line(e)
    assert "line 2, column 2" in msg and "xxxx" in msg


# -- standardisation -----------------------------------------------------------------
def _scaled_text(n=200, seed=0):
    rng = np.random.default_rng(seed)
    income = rng.normal(50_000, 8_000, n)
    age = rng.uniform(20, 70, n)
    y = (income / 8_000 + age / 10 > 50_000 / 8_000 + 4.5).astype(int)
    lines = ["income,age,const,bought"] + [f"{a:.2f},{b:.3f},7,{c}"
                                            for a, b, c in zip(income, age, y)]
    return "\n".join(lines) + "\n", np.stack([income, age], 1), y


def test_inputs_standardised_by_default_with_the_training_rows():
    text, raw, y = _scaled_text()
    ds = load_csv(text, test_fraction=0.25, seed=3)
    assert ds.standardized
    tr = ds.X[ds.train_idx]
    np.testing.assert_allclose(tr[:, :2].mean(0), 0.0, atol=1e-12)
    np.testing.assert_allclose(tr[:, :2].std(0), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(ds.X[:, 2], 7.0)          # constant column left alone
    back = ds.raw_inputs()
    np.testing.assert_allclose(back[:, 0], np.round(raw[:, 0], 2), rtol=1e-12)
    np.testing.assert_allclose(back[:, 1], np.round(raw[:, 1], 3), rtol=1e-12)
    mean, std = ds.input_scaling()
    assert mean[2] == 0.0 and std[2] == 1.0 and 40_000 < mean[0] < 60_000
    assert ds.notes and "standardised" in ds.notes[0] and "const" in ds.notes[0]
    # The scaling survives point edits (the points stay in the same units).
    edited = ds.with_points(ds.X[:10], ds.y[:10])
    assert edited.standardized and edited.notes == ds.notes
    off = load_csv(text, standardize=False)
    assert not off.standardized and off.X.max() > 10_000 and off.raw_inputs() is off.X


def test_standardised_columns_of_very_different_scale_train():
    text, _, _ = _scaled_text(300)
    for standardize in (True, False):
        ds = load_csv(text, test_fraction=0.0, standardize=standardize)
        net = Network.from_sizes([3, 8, 1], activation="tanh", output_activation="sigmoid",
                                 seed=0, init="xavier")
        t = Trainer(net, *ds.split(), optimizer="adam", lr=0.03)
        t.train(200)
        loss = t.history.last("train_loss")
        if standardize:
            assert loss < 0.3 and t.history.last("train_metric") > 0.9
            assert not t.warnings and not t.diverged
        else:          # the raw scale does not learn: it is flagged or stays poor
            assert t.diverged or t.warnings or loss > 0.3


def test_regression_targets_stay_in_their_units_with_a_note():
    text = "".join(f"{x},{30_000 + 1000 * x}\n" for x in range(20))
    ds = load_csv(text, test_fraction=0.0)
    assert ds.task == "regression" and ds.y.max() == 49_000
    assert any("squared target units" in n for n in ds.notes)


# -- files that must not hang or eat memory ------------------------------------------
def _guarded(fn, seconds=5.0):
    """Run ``fn`` in a thread; fail (rather than hang the suite) if it blocks."""
    out = {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as e:          # noqa: BLE001 - reported below
            out["error"] = e
    th = threading.Thread(target=run, daemon=True)
    th.start()
    th.join(seconds)
    assert not th.is_alive(), "load_csv blocked"
    return out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    out = _guarded(lambda: load_csv(fifo))
    assert isinstance(out.get("error"), DataError)
    assert _one_line(out["error"]) == "pipe.csv is a named pipe, not a regular file"


@pytest.mark.parametrize("path,what", [("/dev/zero", "a device"), ("/dev/urandom", "a device")])
def test_devices_and_folders_refused(tmp_path, path, what):
    if not os.path.exists(path):
        pytest.skip(f"no {path}")
    out = _guarded(lambda: load_csv(path))
    assert what in str(out["error"])
    with pytest.raises(DataError, match="is a folder, not a regular file"):
        load_csv(tmp_path)


def test_file_size_capped_before_reading(tmp_path):
    p = tmp_path / "huge.csv"
    with open(p, "wb") as f:
        f.truncate(33 * 2**20)                       # sparse: costs no disk
    t0 = time.perf_counter()
    with pytest.raises(DataError) as e:
        load_csv(p)
    assert time.perf_counter() - t0 < 0.5
    assert _one_line(e) == "huge.csv: 33.0 MB is more than the 32.0 MB a CSV file may have"
    with pytest.raises(DataError, match="more than the 32.0 MB"):
        load_csv(b"1,2\n" * (8 * 2**20 + 1))


def test_a_million_rows_refused_fast_and_small(tmp_path):
    p = tmp_path / "million.csv"
    p.write_bytes(b"x,y,label\n" + b"0.5,0.25,1\n" * 1_000_000)     # 11 MB
    t0 = time.perf_counter()
    with pytest.raises(DataError) as e:
        load_csv(p)
    seconds = time.perf_counter() - t0
    assert _one_line(e) == ("million.csv: more than 100000 rows of data (line 100002); "
                            "at most 100000 samples")
    assert seconds < 1.0, seconds
    tracemalloc.start()
    try:
        with pytest.raises(DataError):
            load_csv(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20, peak / 2**20       # the file (11 MB) ~twice, not 665 MB


def test_too_many_columns_refused_before_splitting():
    with pytest.raises(DataError) as e:
        load_csv(",".join(["1"] * 5000) + "\n1,2\n")
    assert _one_line(e) == "CSV text, line 1: more than 4097 columns"


def test_window_and_cli_share_the_class_limit():
    # One function, one limit: 10 classes (limits "classes") everywhere.
    from core.limits import LIMITS
    assert LIMITS["classes"].hi == 10
    ok = "".join(f"{i},{i % 10}\n" for i in range(30))
    assert load_csv(ok).n_classes == 10
