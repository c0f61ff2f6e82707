"""Pinned runs: pin, change a setting, train again from the same seeds, compare."""
from __future__ import annotations

import json

import numpy as np
import pytest

from core.errors import SpecError
from core.runs import MAX_PINNED, MAX_SAVED_HISTORY, MAX_SNAPSHOTS, settings_diff
from core.session import Session
from core.settings import Settings


def small():
    return Session(Settings(dataset="moons", samples=100, hidden=(6,),
                            activations=("tanh",), batch_size=16, seed=2, train_seed=5))


def test_pin_then_reset_replays_the_same_first_epochs():
    s = small()
    s.train_epochs(6)
    run = s.runs.pin()
    assert run.name == "Run 1" and run.n_epochs == 6 and run.last_epoch == 6
    s.reset()                                     # same seeds: the same run again
    s.train_epochs(6)
    np.testing.assert_array_equal(s.history["train_loss"], run.history["train_loss"])
    np.testing.assert_array_equal(s.net.theta, run.theta_at(6)[1])
    assert s.runs.label(run) == "Run 1: same settings"


def test_a_changed_setting_is_named_and_its_run_differs():
    s = small()
    s.train_epochs(4)
    run = s.runs.pin()
    s.set(activations=("relu",))                  # rebuilds from the same seed
    s.train_epochs(4)
    assert s.runs.label(run) == "Run 1: tanh"
    assert not np.array_equal(s.history["train_loss"], run.history["train_loss"])
    s.set(lr=0.1, batch_size=0, noise=0.2)
    assert settings_diff(run.settings, s.settings) == ["tanh", "lr 0.03", "batch 16",
                                                       "noise 0.1"]


def test_overlay_data_are_the_pinned_histories():
    s = small()
    s.train_epochs(3)
    a = s.runs.pin()
    s.set(lr=0.2)
    s.reset()
    s.train_epochs(5)
    b = s.runs.pin()
    ov = s.runs.overlay("epoch")
    assert [(i, name) for i, name, _x, _y in ov] == [(0, "Run 1"), (1, "Run 2")]
    np.testing.assert_array_equal(ov[0][2], [1, 2, 3])
    np.testing.assert_array_equal(ov[1][3]["train_loss"], b.history["train_loss"])
    steps = s.runs.overlay("step")[0][2]
    np.testing.assert_array_equal(steps, a.history["step"])
    assert steps[-1] == 3 * s.trainer.batches_per_epoch


def test_theta_at_is_exact_and_decision_maps_differ_by_epoch():
    s = small()
    thetas = []
    for _ in range(5):
        s.train_epochs(1)
        thetas.append(s.net.theta.copy())
    run = s.runs.pin()
    for k in (1, 3, 5):
        epoch, th = run.theta_at(k)
        assert epoch == k
        np.testing.assert_array_equal(th, thetas[k - 1])
    assert run.theta_at(99)[0] == 5                    # clamped to the run
    s.set(hidden=(3,), activations=("relu",))         # the live net changes shape
    d1, d5 = s.runs.decision_map(run, 1, 30), s.runs.decision_map(run, 5, 30)
    assert d1["kind"] == "plane" and d1["out"].shape == (30, 30, 1)
    assert d1["epoch"] == 1 and d5["epoch"] == 5
    assert not np.array_equal(d1["out"], d5["out"])
    assert d5["train_loss"] == pytest.approx(run.history["train_loss"][4])


def test_at_most_four_and_nothing_before_training():
    s = small()
    with pytest.raises(SpecError):
        s.runs.pin()
    s.train_epochs(1)
    for _ in range(MAX_PINNED):
        s.runs.pin()
    with pytest.raises(SpecError, match="at most 4"):
        s.runs.pin()
    s.runs.unpin(0)
    assert [r.name for r in s.runs] == ["Run 2", "Run 3", "Run 4"]
    s.runs.clear()
    assert len(s.runs) == 0


def test_save_and_open_round_trip(tmp_path):
    s = small()
    for _ in range(7):
        s.train_epochs(1)
    run = s.runs.pin()
    maps = {k: s.runs.decision_map(run, k, 25)["out"] for k in (2, 7)}
    s.set(noise=0.25)
    s.train_epochs(2)
    path = tmp_path / "runs.nnviz"
    s.save(path)
    doc = json.loads(path.read_text())
    assert len(doc["extra"]["pinned_runs"]["runs"]) == 1
    t = Session.open(path)
    assert len(t.runs) == 1 and t.runs.warnings == []
    r = t.runs[0]
    assert r.name == "Run 1" and r.settings == run.settings and r.timeline is None
    for f in ("epoch", "step", "train_loss", "test_loss", "train_metric"):
        np.testing.assert_array_equal(r.history[f], run.history[f])
    for k in (2, 7):                                  # a short run keeps every epoch
        assert r.theta_at(k)[0] == k
        np.testing.assert_array_equal(r.theta_at(k)[1], run.theta_at(k)[1])
        np.testing.assert_allclose(t.runs.decision_map(r, k, 25)["out"], maps[k])
    # the data set of the pinned run (noise 0.1) is rebuilt, not the session's 0.25
    assert t.runs.decision_map(r, 7, 25)["X"].shape == run.dataset.X[run.dataset.train_idx].shape
    np.testing.assert_array_equal(t.runs.decision_map(r, 7, 25)["X"],
                                  run.dataset.X[run.dataset.train_idx])
    t.save(tmp_path / "again.nnviz")                  # and saved again unchanged
    assert len(Session.open(tmp_path / "again.nnviz").runs) == 1


def test_replace_with_adopts_and_new_session_clears(tmp_path):
    s = small()
    s.train_epochs(2)
    s.runs.pin()
    s.save(tmp_path / "a.nnviz")
    live = small()
    runs = live.runs                                  # the window's model exists first
    live.replace_with(Session.open(tmp_path / "a.nnviz"))
    assert len(runs) == 1
    live.replace_with(Session())
    assert len(runs) == 0


def test_a_file_without_runs_opens_and_a_damaged_one_still_opens(tmp_path):
    s = small()
    s.train_epochs(2)
    s.save(tmp_path / "plain.nnviz")
    assert "pinned_runs" not in json.loads((tmp_path / "plain.nnviz").read_text())["extra"]
    t = Session.open(tmp_path / "plain.nnviz")
    assert len(t.runs) == 0
    s.runs.pin()
    s.save(tmp_path / "bad.nnviz")
    doc = json.loads((tmp_path / "bad.nnviz").read_text())
    doc["extra"]["pinned_runs"]["runs"][0]["snap_thetas"] = "not base64!"
    (tmp_path / "bad.nnviz").write_text(json.dumps(doc))
    u = Session.open(tmp_path / "bad.nnviz")
    assert len(u.runs) == 0 and "snap_thetas" in u.runs.warnings[0]


def test_saved_size_is_bounded():
    s = Session(Settings(dataset="moons", samples=60, hidden=(4,), activations=("tanh",)))
    for _ in range(3):
        s.train_epochs(200)
    run = s.runs.pin()
    run.history = {f: np.resize(v, 10_000) for f, v in run.history.items()}
    doc = run.to_doc()
    from core.runs import PinnedRun
    back = PinnedRun.from_doc(doc)
    assert len(back.history["epoch"]) == MAX_SAVED_HISTORY
    assert len(back.snap_epochs) <= MAX_SNAPSHOTS
    assert back.snap_epochs[0] == 0 and back.snap_epochs[-1] == 600
