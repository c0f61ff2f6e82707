"""Session files: everything needed to pick up exactly where a user left off.

A session is one UTF-8 JSON file (suggested suffix ``.nnviz``)::

    {"format": "nnviz-session", "version": 1,
     "network":  {"spec": [layer, ...], "init": "small", "seed": 0,
                  "theta": ARRAY},
     "dataset":  {"kind": "generator", "name": "moons", "n_samples": 200,
                  "noise": 0.1, "seed": 0, "test_fraction": 0.2,
                  "fingerprint": "…"}
               | {"kind": "points", "name", "task", "n_classes",
                  "input_names", "class_names", "X": ARRAY, "y": ARRAY,
                  "train_idx": ARRAY, "test_idx": ARRAY, "source": {...}},
     "features": null | ["x1", "x2", "x1^2", ...],
     "training": {"loss", "optimizer": {"name", "lr", "hyper", "t",
                  "state": {slot: ARRAY}}, "batch_size", "l1", "l2",
                  "seed", "epoch", "steps", "state": null | {...}},
     "history":  {"epoch": ARRAY, "step": ARRAY, "train_loss": ARRAY, ...},
     "extra":    {... free-form, for the app ...}}

Required: ``format``, ``version``, ``network.spec``, ``network.theta`` and
``dataset``; everything else has a default, so lesson files can be written by
hand. Unknown fields are an error (typos must not pass silently; the app keeps
its own things under ``extra``).

An ARRAY is either a plain (nested) JSON list of numbers, or — when it holds
more than :data:`INLINE_LIMIT` numbers, or a non-finite value other than a
plain NaN — ``{"dtype": "float64"|"int64", "shape": [...], "base64": "…"}``
with the array's little-endian bytes. Lists are written with Python's
shortest round-tripping ``repr``, NaN as ``null``, so every float64 comes back
bit for bit either way and the file stays strict JSON.

Why one file rather than JSON plus a sibling ``.npz`` (DESIGN.md allows both):

* users copy, e-mail and attach *a* file; a pair gets separated, or a stale
  ``.npz`` ends up next to a newer ``.json``;
* a save is atomic only for one file — ``os.replace`` cannot swap two files at
  once, so a crash between them would pair new JSON with old arrays;
* there is no second container format (zip) to validate;
* small sessions (lesson files, E-series examples) stay readable and diffable.
  The price, base64's 4/3 size, is a few MB at most for the nets and data
  nnviz trains (≤ 100 000 points).

Generator data sets are stored by recipe (name, size, noise, seed, split) with
a fingerprint of the points; if a future generator makes different points the
session still loads and :attr:`SessionState.warnings` says so. A data set
whose points differ from its recipe (edited, or unseeded) is stored as points.

The trainer's random state (shuffle generator, current epoch permutation and
position, RReLU generator, divergence reference) is saved too, so training
continued after a load is bitwise the same as training that never stopped.

Saving is atomic: the text goes to a temporary file ``.NAME.nnviz-tmp-XXXXXXXX``
in the same folder, is flushed and fsynced, then ``os.replace``-d over the
target; on any failure the temporary file is removed and the previous file is
untouched (temporaries a killed save left are removed by a later save). Only
an ordinary file is replaced: a symbolic link, device or pipe is refused.

Loading reads only an ordinary file (opened non-blocking, capped at
``LIMITS["session_bytes"]``), parses strict JSON nested at most
``LIMITS["json_depth"]`` deep and checks every field's type, range (the table
in :mod:`core.limits`) and length; any problem raises
:class:`~core.errors.SessionFileError` with a one-line message naming the file,
the field and the problem, quoting at most ~60 characters of a bad value.

Modules: :mod:`.state` (the state and engine objects), :mod:`.reader`,
:mod:`.writer`, :mod:`.checks` (careful reading shared with the CLI).
"""
from .checks import check_spec, loads_json, one_line, read_regular_file
from .reader import MAX_FILE_BYTES, load_session, session_from_dict, session_from_json
from .state import (
    FILE_SUFFIX,
    FORMAT,
    INLINE_LIMIT,
    VERSION,
    SessionState,
    build_dataset,
    build_network,
    build_optimizer,
    dataset_fingerprint,
    state_from_trainer,
    trainer_from_state,
)
from .writer import save_session, session_to_dict, session_to_json

__all__ = ["FILE_SUFFIX", "FORMAT", "INLINE_LIMIT", "MAX_FILE_BYTES", "VERSION",
           "SessionState", "build_dataset", "build_network", "build_optimizer",
           "check_spec", "dataset_fingerprint", "load_session", "loads_json", "one_line",
           "read_regular_file", "save_session", "session_from_dict", "session_from_json",
           "session_to_dict", "session_to_json", "state_from_trainer", "trainer_from_state"]
