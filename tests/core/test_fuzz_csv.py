"""Property tests for CSV import: whatever bytes arrive, load_csv returns a
valid Dataset or raises DataError with one short line — quickly, never
anything else. Numbers written out are read back exactly."""
import time

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.data import load_csv
from core.errors import DataError
from core.limits import LIMITS

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_outcome(source, **kw):
    """The one contract: a consistent Dataset, or a one-line DataError."""
    t0 = time.perf_counter()
    try:
        ds = load_csv(source, **kw)
    except DataError as e:
        msg = str(e)
        assert msg and "\n" not in msg and "\r" not in msg and len(msg) < 300, msg
        return None
    finally:
        assert time.perf_counter() - t0 < 2.0
    n, d = ds.X.shape
    assert n >= 1 and 1 <= d <= LIMITS["inputs"].hi and len(ds.y) == n
    assert np.isfinite(ds.X).all()
    assert len(ds.input_names) == d and all(isinstance(s, str) for s in ds.input_names)
    idx = np.sort(np.concatenate([ds.train_idx, ds.test_idx]))
    np.testing.assert_array_equal(idx, np.arange(n))
    assert len(ds.train_idx) >= 1
    if ds.task == "classification":
        assert 2 <= ds.n_classes <= LIMITS["classes"].hi
        assert len(ds.class_names) == ds.n_classes
        assert ds.y.dtype.kind == "i" and ds.y.min() >= 0 and ds.y.max() < ds.n_classes
        assert ds.targets().shape[0] == n
    else:
        assert ds.task == "regression" and np.isfinite(ds.y).all()
        assert np.abs(ds.y).max() <= LIMITS["abs_value"].hi
    if ds.standardized:
        np.testing.assert_allclose(ds.raw_inputs(), ds.raw_inputs(ds.X))
    return ds


# -- structured CSV text ---------------------------------------------------------------
plain = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    st.floats(-1e3, 1e3).map(lambda v: f"{v:.3f}"),
)
weird = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
    st.sampled_from(["1e9", "1e13", "-1e400", "1e999", "nan", "inf", "", " ", "1,5",
                     "1,000", "0,125", "1_000", "−2", "1 000", "0x10", "١٢", "9" * 80,
                     '"1,5"', '"', "a\x00b"]),
    st.text(max_size=8),
)
label_sets = st.sampled_from([["0", "1"], ["0", "1", "2"], ["cat", "dog"], ["1", "3", "1e9"],
                              ["-1", "1"], ["é", "ü", "Ω"], [str(i) for i in range(12)],
                              ["x" * 70, "y"]])


@st.composite
def csv_text(draw):
    sep = draw(st.sampled_from([",", ";", "\t"]))
    width = draw(st.integers(2, 5))
    numeric_target = draw(st.booleans())
    names = draw(label_sets)
    rows = []
    if draw(st.booleans()):
        rows.append(sep.join(draw(st.lists(st.sampled_from(["x", "y", "größe", "a b", ""]),
                                           min_size=width, max_size=width))))
    for _ in range(draw(st.integers(0, 25))):
        odd = draw(st.integers(0, 14)) == 0               # a few rows go wrong
        w = draw(st.integers(1, 7)) if odd and draw(st.booleans()) else width
        cells = draw(st.lists(weird if odd else plain, min_size=w - 1, max_size=w - 1))
        cells.append(draw(plain) if numeric_target else draw(st.sampled_from(names)))
        rows.append(sep.join(cells))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = end.join(rows) + draw(st.sampled_from(["", end, end * 3]))
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@FUZZ
@given(csv_text(), st.sampled_from([None, "classification", "regression"]),
       st.booleans())
@example("a;b;c\n1,5;2;cat\n3;4,25;dog\n", None, True)
@example("1,1e9\n2,3\n3,3\n", None, True)              # a billion classes, once
@example("x,y\n1,2\n", None, False)                    # one row: a single class
@example("1\t2\t3\r4\t5\t6\r", "regression", True)     # classic Mac line ends
def test_generated_text_gives_a_dataset_or_one_line(text, task, standardize):
    check_outcome(text, task=task, standardize=standardize)
    check_outcome(text.encode("utf-8"), task=task, standardize=standardize)


@FUZZ
@given(st.binary(max_size=3000))
@example(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
@example(b"\xff\xfe1\x00,\x002\x00")                    # UTF-16 without a line end
@example(b"\xfe\xff\x00")                               # truncated UTF-16
@example(b'"' + b"a" * 200_000 + b'"\n1,2\n')           # one field over csv's limit
def test_binary_junk_gives_a_dataset_or_one_line(data):
    check_outcome(data)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
               max_size=400))
def test_any_unicode_text(text):
    check_outcome(text.encode("utf-8"))


# -- numbers read back exactly -------------------------------------------------------------
@FUZZ
@given(st.lists(st.lists(st.floats(-1e12, 1e12, allow_nan=False), min_size=3, max_size=3),
                min_size=2, max_size=30),
       st.sampled_from([",", ";", "\t"]), st.booleans())
def test_numbers_round_trip_exactly(rows, sep, header):
    A = np.array(rows)
    y = np.arange(len(rows)) % 2
    lines = [sep.join(repr(float(v)) for v in r) + f"{sep}{k}" for r, k in zip(A, y)]
    text = ("a" + sep + "b" + sep + "c" + sep + "label\n" if header else "") + "\n".join(lines)
    ds = load_csv(text + "\n", test_fraction=0.0, standardize=False, task="classification")
    np.testing.assert_array_equal(ds.X, A)
    np.testing.assert_array_equal(ds.y, y)


@FUZZ
@given(st.lists(st.tuples(st.integers(-10**5, 10**5), st.integers(1, 99)), min_size=2,
                max_size=20))
def test_decimal_commas_in_semicolon_files(pairs):
    # 12,5 style numbers in a ;-file, as a German or French spreadsheet saves them.
    cells = [f"{a},{b:02d}" for a, b in pairs]
    text = "x;y\n" + "".join(f"{c};{i}\n" for i, c in enumerate(cells))
    ds = load_csv(text, test_fraction=0.0, standardize=False, task="regression")
    expected = [float(f"{a}.{b:02d}") for a, b in pairs]
    np.testing.assert_array_equal(ds.X[:, 0], expected)
