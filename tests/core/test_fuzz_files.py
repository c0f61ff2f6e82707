"""Fuzzing the session reader: whatever a file holds, loading gives either a
state that trains, or one SessionFileError line naming the problem — never
a traceback, a hang or a giant allocation. The slower corpus run is
tests/fuzz/run_corpus.py; files it found stay in tests/fuzz/regressions/."""
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import SessionFileError
from core.files import load_session, session_from_dict, session_from_json

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
import corpus  # noqa: E402

DOCS = corpus.base_documents()
FAST = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
REGRESSIONS = sorted((Path(__file__).resolve().parents[1] / "fuzz" / "regressions").glob("*"))


def test_base_documents_load_and_train():
    for name, doc in DOCS.items():
        assert corpus.outcome(lambda d=doc: session_from_dict(d)) == ("ok", ""), name


# -- every path × every nasty value (exhaustive, deterministic) -------------------
# Here each field meets three of the values in turn (across the fields every
# value meets every kind of field); tests/fuzz/run_corpus.py tries them all.
CASES = [(name, j, path) for name, doc in DOCS.items()
         for j, path in enumerate(corpus.paths(doc))]
THROUGH_TEXT = (10 ** 400, "z" * 70, corpus.nested(40), float("nan"))


@pytest.mark.parametrize("name,j,path", CASES, ids=[f"{n}:{'.'.join(map(str, p))}"[:60]
                                                   for n, _, p in CASES])
def test_each_field_with_nasty_values(name, j, path):
    doc = DOCS[name]
    n = len(corpus.NASTY)
    for v in (corpus.NASTY[(3 * j + m) % n] for m in range(3)):
        corpus.outcome(lambda v=v: session_from_dict(corpus.replaced(doc, path, v)))
    corpus.outcome(lambda: session_from_dict(corpus.replaced(doc, path, delete=True)))
    # The text path has its own number rules (no NaN, no 400-digit numbers).
    text = json.dumps(corpus.replaced(doc, path, THROUGH_TEXT[j % len(THROUGH_TEXT)]))
    corpus.outcome(lambda: session_from_json(text))


OPTIONAL_CASES = [(name, path) for name, doc in DOCS.items()
                  for path in corpus.optional_paths(doc)]


@pytest.mark.parametrize("name,path", OPTIONAL_CASES,
                         ids=[f"{n}:{'.'.join(map(str, p))}" for n, p in OPTIONAL_CASES])
def test_optional_fields_with_every_nasty_value(name, path):
    for v in corpus.NASTY:
        corpus.outcome(lambda v=v: session_from_dict(corpus.replaced(DOCS[name], path, v)))


# -- random subtrees ------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(-2 ** 70, 2 ** 70)
    | st.sampled_from([10 ** 400, 2 ** 31, 2 ** 63, 0, 1, -1])
    | st.floats() | st.text(max_size=8) | st.text(min_size=200, max_size=400),
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(st.text(max_size=6) | st.sampled_from(
        ["input_dim", "output_dim", "activation", "slope", "dtype", "shape", "base64",
         "kind", "name", "bit_generator", "state", "inc"]), inner, max_size=4),
    max_leaves=12)


@FAST
@given(data=st.data())
def test_random_subtrees(data):
    doc = DOCS[data.draw(st.sampled_from(sorted(DOCS)))]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(corpus.paths(doc)))
        doc = corpus.replaced(doc, path, data.draw(json_values),
                              delete=data.draw(st.booleans()) and data.draw(st.booleans()))
    corpus.outcome(lambda: session_from_dict(doc))


numbers = (st.integers() | st.integers(-2 ** 80, 2 ** 80) | st.floats()
           | st.sampled_from([10 ** 400, -10 ** 400, 2 ** 31 - 1, 2 ** 31, 1e-320]))


@FAST
@given(data=st.data())
def test_numbers_anywhere(data):
    doc = DOCS[data.draw(st.sampled_from(sorted(DOCS)))]
    leaves = [p for p in corpus.paths(doc) if isinstance(_get(doc, p), (int, float))]
    for _ in range(data.draw(st.integers(1, 4))):
        doc = corpus.replaced(doc, data.draw(st.sampled_from(leaves)), data.draw(numbers))
    corpus.outcome(lambda: session_from_dict(doc))


def _get(doc, path):
    for k in path:
        doc = doc[k]
    return doc


# -- text and bytes ---------------------------------------------------------------------
TEXTS = {n: json.dumps(d) for n, d in DOCS.items()}


@FAST
@given(data=st.data())
def test_truncated_and_flipped_text(data):
    text = TEXTS[data.draw(st.sampled_from(sorted(TEXTS)))].encode()
    cut = data.draw(st.integers(0, len(text)))
    if data.draw(st.booleans()):
        text = text[:cut]
    else:
        flips = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1),
                                             st.integers(0, 255)), max_size=6))
        b = bytearray(text)
        for i, v in flips:
            b[i] = v
        text = bytes(b)
    corpus.outcome(lambda: session_from_json(text))


@FAST
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_random_bytes_and_text(blob):
    kind, _ = corpus.outcome(lambda: session_from_json(blob))
    assert kind == "error"


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000,
    "[" * 33 + "]" * 33, '{"format": "nnviz-session", "version": ' + "9" * 5000 + "}",
    '{"format": "nnviz-session", "version": 1e999}', '{"format": NaN}', "Infinity",
    '{"format": "nnviz-session", "version": -Infinity}', "\ufeff", "null", '"' + "x" * 10**6,
    "[" + "0," * 2_000_001 + "0]",
])
def test_hostile_text(text):
    kind, msg = corpus.outcome(lambda: session_from_json(text))
    assert kind == "error" and msg.startswith("not a nnviz session file"), msg


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_regression_corpus(path):
    corpus.outcome(lambda: load_session(path))


def test_safety_net_turns_escapes_into_session_file_errors(monkeypatch):
    import core.files.reader as reader

    def broken(doc):
        raise AttributeError("'int' object has no attribute 'items'")
    monkeypatch.setattr(reader, "_session_from_dict", broken)
    with pytest.raises(SessionFileError, match="could not be read .AttributeError"):
        session_from_dict({})
