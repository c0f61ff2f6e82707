"""Saving and opening a session: to/from :class:`core.files.SessionState`.

:class:`SessionFilesMixin` is part of :class:`core.session.Session`. The file
format itself (validation, encoding, atomic writes) lives in ``core/files``;
this module maps between a file's state and the session's settings.
"""
from __future__ import annotations

from dataclasses import replace

from .data import DATASET_NAMES
from .errors import NNVizError, SpecError
from .events import Events
from .settings import Settings, validate_settings
from .timeline import Timeline


class SessionFilesMixin:
    def to_state(self):
        from .files import state_from_trainer
        feats = self.settings.features if self.uses_features else None
        self.back_to_present()
        extra = {**self.extra, "settings": self.settings.to_dict(),
                 "timeline": self.timeline.to_doc()}
        runs = self.__dict__.get("_runs")          # pinned runs (core/runs.py), if any
        if runs is not None:
            runs.adopt()
            extra.pop("pinned_runs", None)
            if len(runs):
                extra["pinned_runs"] = runs.to_doc()
        return state_from_trainer(self.trainer, self.dataset, feats, extra=extra)

    def save(self, path=None):
        from .files import save_session
        path = path or self.path
        if not path:
            raise NNVizError("no file name given")
        save_session(path, self.to_state())
        self.path = str(path)
        self.dirty = False
        self.events.emit("file", changed=frozenset({"path", "dirty"}))

    @classmethod
    def from_state(cls, state):
        from .files import trainer_from_state
        extra = dict(state.extra or {})
        timeline_doc = extra.pop("timeline", None)
        try:
            settings = Settings.from_dict(extra.pop("settings", {}) or {})
        except (TypeError, NNVizError) as e:
            raise SpecError(f"settings: {str(e)[:120]}") from None
        trainer = trainer_from_state(state)
        net = trainer.net
        opt = trainer.optimizer
        hidden = net.layers[:-1]
        settings = replace(
            settings, hidden=tuple(ls.output_dim for ls in hidden),
            activations=tuple(ls.activation for ls in hidden),
            slopes=tuple(ls.slope for ls in hidden),
            features=tuple(state.features or settings.features),
            batch_size=trainer.batch_size, l1=trainer.l1, l2=trainer.l2,
            train_seed=trainer.seed if trainer.seed is not None else 0,
            init=net.init, seed=net.seed if net.seed is not None else settings.seed,
            optimizer=opt.name, lr=opt.lr)
        if state.dataset.source.get("kind") == "generator":
            src = state.dataset.source
            settings = replace(settings, dataset=src["name"], samples=src["n_samples"],
                               noise=src["noise"], data_seed=src["seed"],
                               test_fraction=src["test_fraction"],
                               classes=src.get("classes", settings.classes))
        elif settings.dataset in DATASET_NAMES:
            settings = replace(settings, dataset="custom")
        s = cls.__new__(cls)
        s.events = Events()
        s.dataset = state.dataset
        s._init_state()
        s.extra = extra
        try:
            s.settings = validate_settings(settings)
        except NNVizError as e:
            raise SpecError(f"the session's settings do not fit this nnviz: {e}") from None
        if s.spec() != net.spec():
            raise SpecError("the network in the file does not fit its data set "
                            "(input or output size, or output activation, differs)")
        s.net = net
        s.trainer = trainer
        try:
            s.timeline = Timeline.from_doc(timeline_doc, trainer)
        except NNVizError:
            # a damaged or foreign timeline: the session still opens, its
            # look-back starts at the loaded epoch
            s.timeline = Timeline(trainer)
            s.extra["warnings"] = ["the file's training timeline was not usable"]
        return s

    @classmethod
    def open(cls, path):
        from .files import load_session
        s = cls.from_state(load_session(path))
        s.path = str(path)
        return s



__all__ = ["SessionFilesMixin"]
