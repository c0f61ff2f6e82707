"""The training timeline (core.timeline): exact look-back, edits, continue-from-here."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import SessionFileError
from core.session import Session, Settings
from core.timeline import Keyframe, Timeline, TimelineError, apply_edit, capture


# -- helpers -----------------------------------------------------------------------------------
def same(a, b):
    """Exact equality of nested dicts/lists/arrays/numbers (NaN == NaN)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return type(a) is type(b) and a == b


def assert_state(got: Keyframe, want: Keyframe):
    """Bit for bit: θ, every optimiser slot and setting, the trainer's state."""
    assert (got.epoch, got.steps, got.hist_len) == (want.epoch, want.steps, want.hist_len)
    assert np.array_equal(got.theta, want.theta)
    assert same(got.optimizer, want.optimizer), (got.optimizer, want.optimizer)
    assert same(got.trainer, want.trainer), (got.trainer, want.trainer)
    assert (got.batch_size, got.l1, got.l2) == (want.batch_size, want.l1, want.l2)


class Live:
    """A live run recording a timeline, and the truth: the state it really had
    right after each epoch (the latest state at that step count)."""

    def __init__(self, settings_=None, max_keyframes=8):
        self.s = Session(settings_ or Settings())
        self.t = self.s.trainer
        self.tl = Timeline(self.t, max_keyframes=max_keyframes)
        self.truth = {self.t.epoch: capture(self.t)}

    def _touch(self):
        t = self.t
        if t.steps == self.truth[t.epoch].steps:
            self.truth[t.epoch] = capture(t)

    def step(self):
        t, e = self.t, self.t.epoch
        t.step()
        if t.epoch != e:
            self.tl.record_epoch(t)
            self.truth[t.epoch] = capture(t)
        if t.diverged and self.tl.note_divergence(t):
            self._touch()

    def steps(self, n):
        for _ in range(n):
            self.step()

    def epochs(self, n):
        for _ in range(n):
            e = self.t.epoch
            while self.t.epoch == e and not self.t.diverged:
                self.step()
            if self.t.diverged:
                self.step()          # records the divergence
                return

    def edit(self, kind, payload, label=""):
        self.tl.edit(self.t, kind, payload, label)
        self._touch()


def straight(settings_, k) -> Keyframe:
    """A fresh session with the same settings trained straight to epoch k."""
    s = Session(settings_)
    for _ in range(k):
        s.trainer.run_epoch()
    return capture(s.trainer)


CONFIGS = [Settings(optimizer=o, lr=lr, batch_size=b)
           for o, lr in (("sgd", 0.3), ("momentum", 0.05), ("adam", 0.03))
           for b in (0, 32)]


# -- exact look-back ----------------------------------------------------------------------------
@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: f"{c.optimizer}-b{c.batch_size}")
def test_state_at_equals_a_straight_run(cfg):
    live = Live(cfg, max_keyframes=8)
    live.epochs(60)
    tl = live.tl
    assert tl.end == 60 and len(tl.keyframes) <= 8 and tl.stride == 8
    key_epochs = {k.epoch for k in tl.keyframes}
    picks = [0, 1, 17, 31, 47, 59, 60]
    assert set(picks) - key_epochs          # thinned, recomputed epochs among them
    live_before = capture(live.t)
    for k in picks:                          # scattered, then scrubbing forward
        assert_state(tl.state_at(k), straight(cfg, k))
    for k in range(20, 60):
        assert_state(tl.state_at(k), live.truth[k])
    # looking back changed nothing live
    assert_state(capture(live.t), live_before)


def test_keyframes_are_immutable_and_thinned_evenly():
    live = Live(max_keyframes=6)
    live.epochs(50)
    tl = live.tl
    epochs = [k.epoch for k in tl.keyframes]
    assert epochs[0] == 0 and all(e % tl.stride == 0 for e in epochs)
    assert len(epochs) <= 6 and tl.stride == 16
    k = tl.keyframes[1]
    with pytest.raises(ValueError):
        k.theta[0] = 1.0
    with pytest.raises(ValueError):
        k.optimizer["state"]["m"][0] = 1.0
    with pytest.raises(AttributeError):
        k.epoch = 3
    assert tl.state_at(10).theta.flags.writeable is False


def test_scrubbing_forward_reuses_the_scratch_trainer(monkeypatch):
    live = Live(max_keyframes=4)
    live.epochs(80)
    tl = live.tl                       # stride 32: keyframes 0, 32, 64
    tl.state_at(33)
    calls = []
    scratch = tl._scratch
    real = scratch.run_epoch
    monkeypatch.setattr(scratch, "run_epoch", lambda: calls.append(1) or real())
    for k in range(34, 40):
        assert_state(tl.state_at(k), live.truth[k])
    assert len(calls) == 6             # one epoch per frame
    tl.state_at(20)                    # backwards: from keyframe 0
    assert tl._scratch.epoch == 20


# -- edits ---------------------------------------------------------------------------------------
def run_with_edits(live_or_session, record):
    """lr change at epoch 30 after 3 batches; a weight set right at the end of
    epoch 50; then on to 80. ``record`` True: through the timeline."""
    obj = live_or_session

    def edit(kind, payload):
        if record:
            obj.edit(kind, payload)
        else:
            apply_edit(obj.trainer, _E(kind, payload))

    def epochs(n):
        if record:
            obj.epochs(n)
        else:
            for _ in range(n):
                obj.trainer.run_epoch()

    def steps(n):
        if record:
            obj.steps(n)
        else:
            for _ in range(n):
                obj.trainer.step()

    epochs(30)
    steps(3)
    edit("settings", {"lr": 0.01})
    epochs(20)                         # finishes epoch 30, then 31 … 50
    edit("param", ("W2", (3, 5), 0.75))
    epochs(30)


class _E:
    def __init__(self, kind, payload):
        self.kind, self.payload = kind, payload


@pytest.mark.parametrize("batch", [0, 32])
def test_edits_are_replayed_exactly(batch):
    cfg = Settings(optimizer="adam", lr=0.03, batch_size=batch)
    live = Live(cfg, max_keyframes=8)
    run_with_edits(live, record=True)
    tl = live.tl
    # full batch: "3 batches" are 3 epochs, so the lr change lands on a boundary
    e_lr, e_w = (30, 50) if batch else (33, 53)
    assert tl.end == e_w + 30
    assert [(e.epoch, e.kind) for e in tl.edits] == [(e_lr, "settings"), (e_w, "param")]
    assert tl.marks()[1] == (e_w, "param", "")
    for k in [0, 29, 30, 31, 32, 33, 34, 45, e_w - 1, e_w, e_w + 1, 63, e_w + 29, e_w + 30]:
        assert_state(tl.state_at(k), live.truth[k])
    # boundary convention: the epoch where an edit was made shows it
    w = live.s.net.param_index("W2[3,5]")
    assert tl.state_at(e_w).theta[w] == 0.75
    assert tl.state_at(e_w - 1).theta[w] != 0.75
    assert tl.state_at(e_lr).optimizer["lr"] == (0.03 if batch else 0.01)
    assert tl.state_at(e_lr + 1).optimizer["lr"] == 0.01
    # and a live run that made the same edits without any timeline agrees
    ref = Session(cfg)
    run_with_edits(ref, record=False)
    assert_state(tl.state_at(tl.end), capture(ref.trainer))
    assert_state(capture(live.t), capture(ref.trainer))


def test_an_edit_at_a_keyframe_updates_it():
    live = Live(max_keyframes=64)
    live.epochs(4)
    assert live.tl.keyframes[-1].epoch == 4
    live.edit("theta", (0, 0.5))
    live.edit("settings", {"optimizer": "momentum", "lr": 0.02})
    assert live.tl.keyframes[-1].theta[0] == 0.5
    assert live.tl.keyframes[-1].optimizer["name"] == "momentum"
    live.epochs(3)
    for k in range(8):
        assert_state(live.tl.state_at(k), live.truth[k])


def test_edits_before_any_training_belong_to_the_start():
    live = Live()
    live.edit("param", ("b1", (2,), -0.25))
    live.edit("settings", {"batch_size": 50, "l2": 0.001})
    live.epochs(12)
    assert live.tl.state_at(0).theta[live.s.net.param_index("b1[2]")] == -0.25
    for k in range(13):
        assert_state(live.tl.state_at(k), live.truth[k])


@pytest.mark.parametrize("batch", [0, 32])
def test_divergence_is_not_an_epoch_and_is_replayed(batch):
    live = Live(Settings(optimizer="sgd", lr=0.3, batch_size=batch), max_keyframes=4)
    live.epochs(10)
    live.steps(2)
    live.edit("settings", {"lr": 1000.0})
    live.epochs(5)
    assert live.t.diverged
    e_div = live.t.epoch
    assert [e.kind for e in live.tl.edits][-1] == "diverged"
    live.edit("settings", {"lr": 0.1})
    live.epochs(15)
    tl = live.tl
    assert tl.end == live.t.epoch and not live.t.diverged
    for k in range(tl.start, tl.end + 1):
        assert_state(tl.state_at(k), live.truth[k])
        assert np.isfinite(tl.state_at(k).theta).all()
    assert all(np.isfinite(k.theta).all() for k in tl.keyframes)
    assert tl.state_at(e_div).trainer["diverged"] is False   # lr reset came after


def test_an_edit_after_an_unnoted_divergence_notes_it_first():
    s = Session(Settings(optimizer="sgd", lr=0.3, batch_size=32))
    t = s.trainer
    tl = Timeline(t)
    for _ in range(3):
        t.run_epoch()
        tl.record_epoch(t)
    tl.edit(t, "settings", {"lr": 1000.0})
    while not t.diverged:              # the session forgot note_divergence
        e = t.epoch
        t.step()
        if t.epoch != e:
            tl.record_epoch(t)
    tl.edit(t, "settings", {"lr": 0.1})
    assert [e.kind for e in tl.edits] == ["settings", "diverged", "settings"]
    for _ in range(4):
        t.run_epoch()
        tl.record_epoch(t)
    assert_state(tl.state_at(tl.end), capture(t))


# -- continue from here --------------------------------------------------------------------------
@pytest.mark.parametrize("cfg", [Settings(), Settings(optimizer="momentum", lr=0.05,
                                                      batch_size=32)],
                         ids=["adam-full", "momentum-b32"])
def test_truncate_then_train_equals_a_straight_run(cfg):
    live = Live(cfg, max_keyframes=8)
    live.epochs(40)
    live.steps(2)                       # mid-epoch present: dropped too
    live.edit("theta", (3, 0.1))        # an edit after the chosen epoch: dropped
    live.epochs(10)
    k = 23                              # not a keyframe
    assert k not in {kf.epoch for kf in live.tl.keyframes}
    key = live.tl.truncate(k)
    assert live.tl.end == k and live.tl.edits == ()
    assert all(kf.epoch <= k for kf in live.tl.keyframes)
    key.load_into(live.t)
    live.t.history.truncate(key.hist_len)
    for _ in range(17):
        live.t.run_epoch()
        live.tl.record_epoch(live.t)
    ref = Session(cfg)
    for _ in range(k + 17):
        ref.trainer.run_epoch()
    assert_state(capture(live.t), capture(ref.trainer))
    for f in ("train_loss", "test_loss", "train_metric", "step"):
        assert np.array_equal(live.t.history[f], ref.trainer.history[f])
    assert_state(live.tl.state_at(31), straight(cfg, 31))


def test_copy_is_an_independent_snapshot():
    live = Live(max_keyframes=8)
    live.epochs(30)
    snap = live.tl.copy()
    assert snap.keyframes[3] is live.tl.keyframes[3]       # shared, not copied
    live.tl.truncate(10)
    assert snap.end == 30 and live.tl.end == 10
    assert_state(snap.state_at(25), live.truth[25])
    with pytest.raises(TimelineError):
        live.tl.state_at(25)


def test_out_of_sync_and_unknown_edits_are_refused():
    live = Live()
    live.epochs(3)
    with pytest.raises(TimelineError):
        live.tl.state_at(4)
    with pytest.raises(TimelineError):
        live.tl.edit(live.t, "bogus", 1)
    other = Session().trainer
    with pytest.raises(TimelineError):
        live.tl.record_epoch(other)      # epoch 0 < the timeline's end


# -- files and bounds ------------------------------------------------------------------------------
def test_doc_round_trip_is_exact_and_json():
    live = Live(Settings(batch_size=32), max_keyframes=8)
    live.epochs(20)
    live.steps(3)
    live.edit("settings", {"lr": 0.01, "l1": 0.0001})
    live.epochs(5)
    live.edit("param", ("W1", (1, 0), -0.5))
    live.epochs(5)
    text = json.dumps(live.tl.to_doc())
    tl = Timeline.from_doc(json.loads(text), live.t, max_keyframes=8)
    assert tl.edits == live.tl.edits and tl.stride == live.tl.stride
    for k in (0, 7, 21, 26, 30):
        assert_state(tl.state_at(k), live.truth[k])
    small = Timeline.from_doc(json.loads(json.dumps(live.tl.to_doc(max_keyframes=2))), live.t,
                              max_keyframes=2)
    assert len(small.keyframes) == 2
    assert_state(small.state_at(29), live.truth[29])
    # training on after loading keeps recording
    live.epochs(1)
    tl.record_epoch(live.t)
    assert_state(tl.state_at(31), live.truth[31])


def test_a_thinly_saved_timeline_refills_keyframes_as_it_is_viewed():
    live = Live(max_keyframes=64)
    live.epochs(100)
    assert live.tl.stride == 2
    doc = json.loads(json.dumps(live.tl.to_doc(max_keyframes=4)))
    assert doc["stride"] == 32 and len(doc["keyframes"]) == 4
    tl = Timeline.from_doc(doc, live.t, max_keyframes=64)
    assert tl.stride == 2 and len(tl.keyframes) == 4
    assert_state(tl.state_at(63), live.truth[63])
    assert [k.epoch for k in tl.keyframes] == [0, 32] + list(range(34, 63, 2)) + [64, 96]
    for k in (40, 41, 62, 100):
        assert_state(tl.state_at(k), live.truth[k])
    live.epochs(1)
    assert not tl.record_epoch(live.t)  # epoch 101: off the stride
    live.epochs(1)
    assert tl.record_epoch(live.t)     # 102: kept
    assert_state(tl.state_at(101), live.truth[101])


def test_big_networks_keep_fewer_keyframes():
    big = Session(Settings(hidden=(64, 64, 64), activations=("tanh",) * 3))
    assert Timeline(big.trainer, memory=1 << 20).max_keyframes == 16
    assert Timeline(big.trainer).max_keyframes < 100
    assert Timeline(Session().trainer).max_keyframes == 1024


def test_a_file_without_a_timeline_starts_at_the_loaded_state():
    s = Session()
    for _ in range(7):
        s.trainer.run_epoch()
    s.trainer.step()
    tl = Timeline.from_doc(None, s.trainer)
    assert (tl.start, tl.end, len(tl)) == (8, 8, 1)
    assert_state(tl.state_at(8), capture(s.trainer))


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d.update(version=99), "version"),
    (lambda d: d["keyframes"][0].update(theta={"__f64__": "AAAAAAAAAAA="}), "theta"),
    (lambda d: d.update(end=3), "end"),
    (lambda d: d.update(end_steps=10 ** 6), "end_steps"),
    (lambda d: d["edits"].append({"steps": 99, "kind": "theta", "payload": [0, 1.0]}), "edits"),
    (lambda d: d.update(keyframes="x"), "keyframes"),
    (lambda d: d["keyframes"][1].update(epoch=0), "keyframes[1]"),
    (lambda d: d["keyframes"][0]["optimizer"].update(name="nope"), "timeline"),
])
def test_bad_docs_name_the_field(mutate, field):
    live = Live()
    live.epochs(5)
    doc = json.loads(json.dumps(live.tl.to_doc()))
    mutate(doc)
    with pytest.raises(SessionFileError, match=field.replace("[", r"\[").replace("]", r"\]")):
        Timeline.from_doc(doc, live.t)


def test_memory_and_file_size_stay_bounded():
    live = Live(max_keyframes=16)
    live.epochs(200)
    size_200 = len(json.dumps(live.tl.to_doc()))
    bytes_200 = live.tl.nbytes()
    live.epochs(600)
    tl = live.tl
    assert len(tl.keyframes) <= 16 and tl.stride == 64
    assert tl.nbytes() <= 16 * 6000
    assert len(json.dumps(tl.to_doc())) <= 1.1 * size_200
    assert tl.nbytes() <= 1.1 * bytes_200
    assert_state(tl.state_at(777), live.truth[777])


# -- random edit schedules ---------------------------------------------------------------
ACTIONS = st.one_of(
    st.tuples(st.just("epochs"), st.integers(1, 6)),
    st.tuples(st.just("steps"), st.integers(1, 9)),
    st.tuples(st.just("lr"), st.sampled_from([0.003, 0.01, 0.05, 0.2])),
    st.tuples(st.just("batch"), st.sampled_from([0, 16, 32, 100])),
    st.tuples(st.just("opt"), st.sampled_from(["sgd", "momentum", "adam", "rmsprop"])),
    st.tuples(st.just("theta"), st.tuples(st.integers(0, 104), st.floats(-2, 2))),
    st.tuples(st.just("l2"), st.sampled_from([0.0, 1e-3])),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTIONS, min_size=1, max_size=10), st.integers(2, 5))
def test_random_edit_schedules_replay_exactly(actions, max_keyframes):
    live = Live(Settings(batch_size=32), max_keyframes=max_keyframes)
    for what, v in actions:
        if what == "epochs":
            live.epochs(v)
        elif what == "steps":
            live.steps(v)
        elif what == "lr":
            live.edit("settings", {"lr": v})
        elif what == "batch":
            live.edit("settings", {"batch_size": v})
        elif what == "opt":
            live.edit("settings", {"optimizer": v, "lr": 0.02})
        elif what == "l2":
            live.edit("settings", {"l2": v})
        else:
            live.edit("theta", v)
    live.epochs(2)
    tl = live.tl
    for k in range(tl.start, tl.end + 1):
        assert_state(tl.state_at(k), live.truth[k])
    k = (tl.start + tl.end) // 2
    key = tl.truncate(k)
    assert_state(key, live.truth[k])
